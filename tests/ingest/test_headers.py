"""Header values -> parties, dates, subjects, attachments."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archive.model import UNCODED, Party
from ingest.emails import parse_email
from ingest.headers import (
    Correspondents,
    _name_then_codes,
    canonical_label,
    name_spells,
    normalize_subject,
    parse_attachments,
    parse_date,
    parse_parties,
    settle_subjects,
)
from ingest.split import header_label, split_into_emails


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("From", "from"),
        ("F rom", "from"),
        ("Frorn", "from"),
        ("Subiect", "subject"),
        ("Sub ject", "subject"),
        ("Sent", "sent"),
        ("Date", "sent"),
        ("Ce", "cc"),
        ("Coe", "cc"),  # (a scan's Cc: its first c read as an o, the second as an e)
        ("Te", "to"),
        ("Ta", None),
        ("Required Attendees", "required"),
        ("Show Time As", "-"),
        ("Approved By", "!"),
        ("Case ID #", "!"),
        ("Dear John", None),
        ("Data", None),
    ],
)
def test_canonical_label(label: str, name: str | None) -> None:
    assert canonical_label(label) == name


@pytest.mark.parametrize(("label", "name"), [
    ("Gender", None),  # a lab report's field, no "Sender": with no colon, a first letter is not misread
    ("There", None),
    ("ubject", "subject"),  # ... but may be cut off with a cropped margin
    ("iSender", "from"),  # ... or have a speck before it
    ("Subjoct", "subject"),
    ("Iocation", "location"),  # ... but a thin stroke's may be
])
def test_a_label_with_no_colon_is_not_read_with_another_first_letter(label: str, name: str | None) -> None:
    assert canonical_label(label, colon=False) == name
    assert canonical_label("Tubject") == "subject"  # a faxed label whose colon says what it is

def test_a_form_whose_field_is_a_word_a_letter_from_a_label_is_no_email() -> None:
    """Page family, forms and reports among released records (a toxicology report in a DOJ
    production): GIVEN "Gender Not Given" above "To: 10074" WHEN split THEN no email (was: an
    email from "Not Given")."""
    page = ("Harbor Labs CONFIDENTIAL\nToxicology Report Patient Name F1T19-03508\n"
            "Report Date 08/22/2019 17:09 Chain 19244749\nAge Not Given DOB Not Given\nGender Not Given\n"
            "To: 10074\nCounty Office of Medical Examiner Workorder 12345\nAttn: Department of Toxicology\n")
    assert not split_into_emails([page]).spans


@pytest.mark.parametrize(
    ("raw", "parties"),
    [
        (
            "Jane Roe <jane.roe@microsoft.com>; Doe, John (DEA) <john.doe@usdoj.gov>",
            (
                Party("Jane Roe", "jane.roe@microsoft.com"),
                Party("Doe, John (DEA)", "john.doe@usdoj.gov"),
            ),
        ),
        ("'Roe, Jane'", (Party("Roe, Jane"),)),
        ('"Roe, Jane" <Jane.Roe@X.com>', (Party("Roe, Jane", "jane.roe@x.com"),)),
        ("jane@x.com", (Party("", "jane@x.com"),)),
        ("jane@x.com, john@y.org", (Party("", "jane@x.com"), Party("", "john@y.org"))),
        ("(b)(6)", (Party(redactions=("(b)(6)",)),)),
        ("(b)(6) <(b)(6)@dea.gov>", (Party(redactions=("(b)(6)",)),)),
        (
            "Smith, John A. (DEA); (b)(6); (b)(7)(C)",
            (
                Party("Smith, John A. (DEA)"),
                Party(redactions=("(b)(6)",)),
                Party(redactions=("(b)(7)(C)",)),
            ),
        ),
        # one redaction box labelled with two codes is one party; a repeated code starts another
        ("(b)(6), (b)(7)(C)", (Party(redactions=("(b)(6)", "(b)(7)(C)")),)),
        ("(b)(6), (b)(6)", (Party(redactions=("(b)(6)",)), Party(redactions=("(b)(6)",)))),
        (
            "(b)(6), (b)(7)(C), (b)(6), (b)(7)(C)",
            (Party(redactions=("(b)(6)", "(b)(7)(C)")), Party(redactions=("(b)(6)", "(b)(7)(C)"))),
        ),
        # OCR drops the ";" between redaction boxes: codes before a full party are parties
        (
            "(b)(6), (b)(7)(C) (b)(6), (b)(7)(C) Ellison, Mark <mark.ellison@dea.gov>",
            (
                Party(redactions=("(b)(6)", "(b)(7)(C)")),
                Party(redactions=("(b)(6)", "(b)(7)(C)")),
                Party("Ellison, Mark", "mark.ellison@dea.gov"),
            ),
        ),
        ("(b)(6) Smith", (Party("Smith", "", ("(b)(6)",)),)),  # a redacted given name
        ("(b)(6) <jo@x.com>", (Party("", "jo@x.com", ("(b)(6)",)),)),
        ("oo (b)(6)", (Party(redactions=("(b)(6)",)),)),  # OCR specks are not a name
        # OCR puts spaces after dots inside an address; garbage stays unknown
        ("Kevin Marsh <kevin. marsh@microsoft. com>", (Party("Kevin Marsh", "kevin.marsh@microsoft.com"),)),
        ("Priya Raman <priya. ae rerneott com>", (Party("Priya Raman"),)),
        ("Jane Roe [mailto:jane.roe@x.com]", (Party("Jane Roe", "jane.roe@x.com"),)),
        ("John Doe <(b)(6)@usdoj.gov>", (Party("John Doe", "", ("(b)(6)",)),)),
        (
            "DHS OPSEC </O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=ab12-opsec>",
            (Party("DHS OPSEC"),),
        ),
        (
            "/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP/CN=RECIPIENTS/CN=jroe",
            (Party("jroe"),),
        ),
        # ... a scan's ">;" after one read ":" or lost with its mailbox's last letters: the next party
        (
            "Roe, Jane </O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN= "
            "c41f0e9a77d2- JROE: Park, Ellen </O= EXCHANGELABS/OU= EXCHANGE ADMINISTRATIVE GROUP "
            "(FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN= a7f3d9e2c1b8- EPAR Ann Lee <alee@harbor.example.gov>",
            (Party("Roe, Jane"), Party("Park, Ellen"), Party("Ann Lee", "alee@harbor.example.gov")),
        ),
        # OCR specks at a party's edges: ";)" for ";", a speck after the last box
        (
            "(b)(6), (b)(7)(C) (b)(6), (b)(7)(C) oe",
            (Party(redactions=("(b)(6)", "(b)(7)(C)")), Party(redactions=("(b)(6)", "(b)(7)(C)"))),
        ),
        (
            "Kevin Marsh <kevin.marsh@x.com>;) (b)(6), (b)(7)(C) (b)(6), (b)(7)(C)",
            (
                Party("Kevin Marsh", "kevin.marsh@x.com"),
                Party(redactions=("(b)(6)", "(b)(7)(C)")),
                Party(redactions=("(b)(6)", "(b)(7)(C)")),
            ),
        ),
        ("Doe, John (DEA)", (Party("Doe, John (DEA)"),)),  # a closing paren of its own stays
        ("(b)(6) van", (Party("van", "", ("(b)(6)",)),)),  # three letters are a name part, no speck
        # a speck before a word of a name read as an opening quote; marks a name prints kept
        ("Brennan, ‘Gary", (Party("Brennan, Gary"),)),
        ("Lerner, ‘Jonathan H.; Roe, “Jane", (Party("Lerner, Jonathan H."), Party("Roe, Jane"))),
        ("O'Brien, Pat", (Party("O'Brien, Pat"),)),
        ("Roe, ‘JJ’ Jane", (Party("Roe, ‘JJ’ Jane"),)),
        # offices' accounts named by a capital and an office in parentheses (a State Department
        # print's "D(S); D(N)", Deputy Secretaries' offices) are parties, not specks
        ("S_SpecialAssistants; D(S); D(N); P", (Party("S_SpecialAssistants"), Party("D(S)"), Party("D(N)"), Party("P"))),
        # a margin code read into a line with the statute its agency prints after it ("B3 CIA
        # PERS/ORG", "B1 1.4(D)"): the statute's words are no part of the name
        ("Moss, Carl B3 CIA PERS/ORG", (Party("Moss, Carl", "", ("(b)(3)",)),)),
        ("Moss, Carl B1 1.4(D)", (Party("Moss, Carl", "", ("(b)(1)",)),)),
        # a mailbox with a slash printed bare (GroupWise's, Exchange's), a party of its own before the next
        ("Harbor-IPP/PublicAffairs@harbor.example.gov, Jane Roe <jroe@harbor.example.gov>",
         (Party("", "harbor-ipp/publicaffairs@harbor.example.gov"), Party("Jane Roe", "jroe@harbor.example.gov"))),
        ("adoe@harbor.example.gov, Roe, Jane", (Party("", "adoe@harbor.example.gov"), Party("Roe, Jane"))),
        # ... a slash only in a mailbox printed alone: a Notes name's ("Loe/HQ") is no mailbox's
        ("Loe/HQ@harbor.example.gov", (Party("", "loe/hq@harbor.example.gov"),)),
        # a Notes name's first slash read as a thin letter glued to the person and the unit (scans)
        ("Jane RoeIENG/HARBOR", (Party("Jane Roe/ENG/HARBOR"),)),
        ("Carl MossfOPS/HQ@HQ", (Party("Carl Moss/OPS/HQ@HQ"),)),
        ("Ann Lee/IRS/HQ", (Party("Ann Lee/IRS/HQ"),)),  # (a slash printed: no letter read for one)
        # a boxed mailbox, its code before its domain, in a list printed with commas (Gmail, Apple):
        # a party of its own, not the next one's name
        ("Ann Lee <alee@kv.example.org>, (b)(6) @kv.example.org, Bo Orr <borr@kv.example.org>",
         (Party("Ann Lee", "alee@kv.example.org"), Party("", "", ("(b)(6)",)), Party("Bo Orr", "borr@kv.example.org"))),
        ("(b)(6), (b)(7)(C) @kv.example.org, Orr, Bo <borr@kv.example.org>",
         (Party("", "", ("(b)(6)", "(b)(7)(C)")), Party("Orr, Bo", "borr@kv.example.org"))),
        ("", ()),
        (" ; ; ", ()),
    ],
)
def test_parse_parties(raw: str, parties: tuple[Party, ...]) -> None:
    assert parse_parties(raw) == parties


def test_a_notes_name_before_its_domain_is_no_mailbox_with_a_slash() -> None:
    assert "/" not in parse_parties("Ann Loe/HQ@harbor.example.gov")[0].address


@pytest.mark.parametrize("separator", ["'s, ", "'i, ", "', ", "'; "])
def test_a_quoted_address_list_whose_separator_ocr_misread(separator: str) -> None:
    """OCR failure: GIVEN a list of quoted addresses ('a@x.gov'; 'b@x.gov') whose separator after
    the closing quote OCR read as a letter or two and a comma ("'roej@agency.gov's, doej@…") WHEN
    parsed THEN the quote closes the first party and the second is a party of its own, not the
    first one's name."""
    raw = f"'roej@agency.gov{separator}'doej@agency.gov'; 'poea@agency.gov'"
    assert parse_parties(raw) == (Party("", "roej@agency.gov"), Party("", "doej@agency.gov"),
                                  Party("", "poea@agency.gov"))
    assert parse_parties("Roe, Jane <roej@agency.gov>, Doe, John") == (Party("Roe, Jane", "roej@agency.gov"),
                                                                       Party("Doe, John"))


@pytest.mark.parametrize(
    ("raw", "iso", "certainty"),
    [
        ("Tuesday, November 13, 2018 3:45 PM", "2018-11-13T15:45:00", "exact"),
        ("11/13/2018 15:45", "2018-11-13T15:45:00", "exact"),
        ("Tue 11/13/2018 3:45 PM", "2018-11-13T15:45:00", "exact"),
        ("13 Nov 2018 15:45:00 -0500", "2018-11-13T15:45:00-05:00", "exact"),
        ("Mon, 5 Mar 2018 09:02:11 +0000", "2018-03-05T09:02:11+00:00", "exact"),
        ("2018-03-05 09:02", "2018-03-05T09:02:00", "exact"),
        ("2020/10/14 06:55:28", "2020-10-14T06:55:28", "exact"),
        ("November 13, 2018 at 3:45:12 PM EST", "2018-11-13T15:45:12-05:00", "exact"),
        ("Tue, Nov 13, 2018 at 3:45 PM", "2018-11-13T15:45:00", "exact"),
        ("Friday, July 26, 2013 12:27 AM", "2013-07-26T00:27:00", "exact"),
        ("04/03/2018 10:15", "2018-04-03T10:15:00", "ambiguous"),
        ("04/04/2018 10:15", "2018-04-04T10:15:00", "exact"),
        ("13/04/2018 10:15", "2018-04-13T10:15:00", "exact"),  # the first number cannot be a month
        # A printed weekday settles the day/month order (3 April 2018 was a Tuesday).
        ("Tuesday, 04/03/2018 10:15", "2018-04-03T10:15:00", "exact"),
        ("Sunday, 04/03/2018 10:15", "2018-03-04T10:15:00", "exact"),
        ("Novernber 13, 2018 3:45 PM", "2018-11-13T15:45:00", "damaged"),
        ("Tuesday, Noveniber 13, 2018 3:45 PM", "2018-11-13T15:45:00", "damaged"),
        ("ll/13/2018 3:45 PM", "2018-11-13T15:45:00", "damaged"),
        ("11/13/2O18 3:45 PM", "2018-11-13T15:45:00", "damaged"),
        (
            "Thursday, August 08, 2013 01:30 PM Central Standard Time",
            "2013-08-08T13:30:00-05:00",  # a Windows zone name; summer time that day
            "exact",
        ),
        ("Friday, July 26, 2013", "2013-07-26", "exact"),  # no time printed: the day, never midnight
        ("Friday, April 22 2011 553 PM", "2011-04-22T17:53:00", "damaged"),  # OCR lost the colon
        ("Friday, April 22, 2011 1015 AM", "2011-04-22T10:15:00", "damaged"),
        ("Friday, April 22, 2011 99:99", "2011-04-22", "damaged"),  # a clock no one can read
        # OCR lost the space after the year and the clock's colon: AM/PM still ends the clock
        ("Wednesday July 2 2014801 AM", "2014-07-02T08:01:00", "damaged"),
        ("Tuesday, July 3, 20185 45 PM", "2018-07-03T17:45:00", "damaged"),
        ("Friday, October 28. 2016250PM", "2016-10-28T14:50:00", "damaged"),
        ("Tuesday, March 14, 20171205 PM", "2017-03-14T12:05:00", "damaged"),
        # ... or read the clock's colons as spaces
        ("Mon 14 Mar 2016 09 05 12 -0400", "2016-03-14T09:05:12-04:00", "damaged"),
        ("03/14/2017 09 05 33 AM", "2017-03-14T09:05:33", "damaged"),
        ("Tue 14/03/2017 13 05", "2017-03-14T13:05:00", "damaged"),  # only a 24-hour clock prints 13
        ("Friday, April 22, 2011 10 15", "2011-04-22", "damaged"),  # 10:15 or 22:15, its PM lost too
        # a speck read inside the year after a month and day
        ("Tuesday, March 14, 201.7 9:05 AM", "2017-03-14T09:05:00", "damaged"),
        ("May 2, 20'15", "2015-05-02", "damaged"),
        # a clock's colon read "-", its colons stops where no mailer prints them, a speck read
        # as a colon after the month
        ("Tue, Mar 14, 2017 9-05 am", "2017-03-14T09:05:00", "damaged"),
        ("3/17/25, 8/20 AM .", "2025-03-17T08:20:00", "damaged"),  # ... or "/"
        ("November 13, 2024 5/30 PM", "2024-11-13T17:30:00", "damaged"),
        ("March 15, 2025 at|8:12:00 PM EDT", "2025-03-15T20:12:00-04:00", "damaged"),  # a stroke after "at"
        ("August 21 2015 at 2.03.22 PM EDT", "2015-08-21T14:03:22-04:00", "damaged"),
        ("Sunday, May:10, 2015 2:43 PM", "2015-05-10T14:43:00", "damaged"),
        # the comma between a named month's day and the year read as a hyphen
        ("Tuesday, August 13-2013 10:57 AM", "2013-08-13T10:57:00", "damaged"),
        ("Monday, November 14} 2022 12:12 PM. ~", "2022-11-14T12:12:00", "damaged"),  # (a brace for the comma)
        ("13-Aug-2013 10:57", "2013-08-13T10:57:00", "exact"),  # (Oracle's dashes: printed so)
        # the year run into the clock by stops (no 27 December), a stop before AM too
        ("Friday, July 26, 2013.12.27 14 PM", "2013-07-26", "damaged"),
        ("Tuesday, August 13. 2013.1151.AM", "2013-08-13T11:51:00", "damaged"),
        # AM/PM's first letter read as a digit: either half of the day (was 01:46, exact)
        ("Tuesday, September 3, 2013 1:46 2M", "2013-09-03T01:46:00", "ambiguous"),
        ("Thursday, August 08, 2013 1:23 EM", "2013-08-08T01:23:00", "ambiguous"),  # (was exact)
        ("Thursday, August 08, 2013 10:05 GMT", "2013-08-08T10:05:00+00:00", "exact"),  # a zone, not a half
        # a capital glued to the hour: a digit misread past reading (was 00:00)
        ("Mon, Apr 2, 2018 at FO:00 AM", "2018-04-02", "damaged"),
        # a serif 1 read "f" or "[" in the day: only as the printed weekday confirms
        ("Tuesday, March f4. 2017 9:03 AM", "2017-03-14T09:03:00", "damaged"),
        ("Tuesday, March [4.2017 9:09 AM", "2017-03-14T09:09:00", "damaged"),
        ("Wednesday, March f4. 2017 9:03 AM", None, "missing"),
        ("March f4. 2017 9:03 AM", None, "missing"),
        ("", None, "missing"),
        ("‘ 1 :", None, "missing"),
        ("(b)(6)", None, "missing"),
        ("February 30, 2018", None, "missing"),
    ],
)
def test_parse_date(raw: str, iso: str | None, certainty: str) -> None:
    parsed = parse_date(raw)
    assert (parsed.iso, parsed.certainty) == (iso, certainty)
    assert parsed.raw == " ".join(raw.split())


@pytest.mark.parametrize(
    ("subject", "normalized"),
    [
        ("RE: AI services requirements", "ai services requirements"),
        ("RE: FW: Fwd: re:  AI   services", "ai services"),
        ("[EXTERNAL] RE: Meeting", "meeting"),
        ("AW: WG: Angebot", "angebot"),
        ("RE[2]: Budget", "budget"),
        ("Regarding the plan", "regarding the plan"),
        ("", ""),
    ],
)
def test_normalize_subject(subject: str, normalized: str) -> None:
    assert normalize_subject(subject) == normalized


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("a.pdf; b.docx", ("a.pdf", "b.docx")),
        ("a.pdf (2 MB); b.docx (13 KB)", ("a.pdf", "b.docx")),
        ("<<Pilot list.xlsx>> <<Map.pdf>>", ("Pilot list.xlsx", "Map.pdf")),
        ("image001.png, image002.png", ("image001.png", "image002.png")),
        ("", ()),
    ],
)
def test_parse_attachments(raw: str, names: tuple[str, ...]) -> None:
    assert parse_attachments(raw) == names


def test_parse_email_meeting_takes_start_when_no_sent() -> None:
    """GIVEN a printed meeting invitation with no Sent line
    WHEN it is parsed
    THEN its date is the Start time, its sender the organizer, its recipients the attendees."""
    page = (
        "Jane Roe\n"
        "Subject: Weekly sync\nLocation: Room 5\n\n"
        "Start: Tue 11/13/2018 3:00 PM\nEnd: Tue 11/13/2018 4:00 PM\nShow Time As: Tentative\n\n"
        "Recurrence: (none)\n\nOrganizer: Roe, Jane\nRequired Attendees: Doe, John; (b)(6)\n\nAgenda"
    )
    (span,) = split_into_emails([page]).spans
    email = parse_email(span)
    assert email.kind == "meeting"
    assert email.sent.iso == "2018-11-13T15:00:00"
    assert email.sender == Party("Roe, Jane")
    assert email.to == (Party("Doe, John"), Party(redactions=("(b)(6)",)))
    assert email.exemptions == ("(b)(6)",)


def test_parse_email_outlook_print() -> None:
    page = (
        "Jane Roe\n"
        "From:          Jane Roe <jane.roe@microsoft.com>\n"
        "Sent:          Tuesday, November 13, 2018 3:45 PM\n"
        "To:            Doe, John (DEA) <john.doe@usdoj.gov>; (b)(6)\n"
        "Cc:            (b)(7)(C)\n"
        "Subject:       RE: AI services requirements\n"
        "Attachments:   spec.pdf (2 MB); pricing.xlsx\n"
        "Importance:    High\n\nJohn, see below.\n"
    )
    (span,) = split_into_emails([page]).spans
    email = parse_email(span)
    assert email.kind == "email"
    assert email.sender == Party("Jane Roe", "jane.roe@microsoft.com")
    assert email.to == (
        Party("Doe, John (DEA)", "john.doe@usdoj.gov"),
        Party(redactions=("(b)(6)",)),
    )
    assert email.cc == (Party(redactions=("(b)(7)(C)",)),)
    assert email.sent.iso == "2018-11-13T15:45:00"
    assert email.normalized_subject == "ai services requirements"
    assert email.attachments == ("spec.pdf", "pricing.xlsx")
    assert email.exemptions == ("(b)(6)", "(b)(7)(C)")
    assert span.body == "John, see below."


@given(st.text())
def test_header_parsers_never_raise(text: str) -> None:
    parse_parties(text)
    parse_date(text)
    normalize_subject(text)
    parse_attachments(text)
    canonical_label(text)


@given(st.lists(st.text(max_size=60), max_size=8), st.text(max_size=60))
def test_document_repairs_never_raise(subjects: list[str], text: str) -> None:
    assert len(settle_subjects(subjects)) == len(subjects)
    known = Correspondents.learn([Party(text, "a.b@x.com"), Party(text, "a.b@x.com")])
    parse_parties(text, known)
    known.address_for(text, text)
    known.name_for(text, "a.b@x.com")


@pytest.mark.parametrize(
    "garbage",
    [
        "<" * 20000,
        "(b)(" * 5000,
        "a@" * 8000,
        "1/" * 8000,
        "RE: " * 4000,
        "[mailto:" * 3000,
        "/O=" * 5000,
    ],
)
def test_header_parsers_bounded_time(garbage: str) -> None:
    started = time.perf_counter()
    parse_parties(garbage)
    parse_date(garbage)
    normalize_subject(garbage)
    parse_attachments(garbage)
    assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize("printed", [
    "\"Tom Webb' <twebb@port.example.org>; ‘Luis Ortiz' <lortiz@port.example.org>; \"Mai Nguyen’ <mn@port.example.org>",
    "‘Tom Webb! <twebb@port.example.org>; ‘Luis Ortiz’ <lortiz@port.example.org>; ‘Mai Nguyen’ <mn@port.example.org>",
])
def test_quoted_names_whose_marks_ocr_misread_at_either_end(printed: str) -> None:
    """OCR failure, scanned Outlook prints quoting display names ('Tom Webb' <…>): the opening
    mark read as a double quote and the closing one left single, or the closing one read as "!".
    GIVEN a To list so read WHEN parsed THEN each party whole (was: one party running from the
    first double quote to the next, or a name ending in "!")."""
    assert parse_parties(printed) == (Party("Tom Webb", "twebb@port.example.org"),
                                      Party("Luis Ortiz", "lortiz@port.example.org"),
                                      Party("Mai Nguyen", "mn@port.example.org"))


@pytest.mark.parametrize(("printed", "names"), [
    ("Tom Webb: Luis Ortiz: Mai Nguyen", ["Tom Webb", "Luis Ortiz", "Mai Nguyen"]),
    ("Tom Webb/HQ/PORT@PORT,: Luis Ortiz/HQ/PORT@PORT", ["Tom Webb/HQ/PORT@PORT", "Luis Ortiz/HQ/PORT@PORT"]),
    ("Ann Vasquez- Lee <avl@port.example.org>", ["Ann Vasquez-Lee"]),
])
def test_names_given_first_whose_separators_or_hyphens_ocr_misread(printed: str, names: list[str]) -> None:
    """OCR failure, scanned prints: the semicolon between names printed given name first read
    as a colon (after a Notes name, with the comma before it), and a hyphenated surname read
    with a space after its hyphen. GIVEN such a list WHEN parsed THEN each party, whole."""
    assert [p.name for p in parse_parties(printed)] == names


@pytest.mark.parametrize(("printed", "parties"), [
    ("Doe, John <jdoe@harbor.example.gov> Moss, Carl <cmoss@harbor.example.gov>",
     [("Doe, John", "jdoe@harbor.example.gov"), ("Moss, Carl", "cmoss@harbor.example.gov")]),
    ("John Doe <jdoe@harbor.example.gov> Carl Moss <cmoss@harbor.example.gov> 'Ellen Park' <epark@harbor.example.gov>",
     [("John Doe", "jdoe@harbor.example.gov"), ("Carl Moss", "cmoss@harbor.example.gov"),
      ("Ellen Park", "epark@harbor.example.gov")]),
    ("Doe, John [jdoe@harbor.example.gov] Moss, Carl [cmoss@harbor.example.gov]",
     [("Doe, John", "jdoe@harbor.example.gov"), ("Moss, Carl", "cmoss@harbor.example.gov")]),
    ("jdoe@harbor.example.gov cmoss@harbor.example.gov epark@harbor.example.gov",
     [("", "jdoe@harbor.example.gov"), ("", "cmoss@harbor.example.gov"), ("", "epark@harbor.example.gov")]),
    ("Doe, John <mailto:jdoe@harbor.example.gov>", [("Doe, John", "jdoe@harbor.example.gov")]),
    # no second party: a name's office, a delegate, a line after the list
    ("Roe, Jane <jroe@harbor.example.gov> On Behalf Of Doe, John <jdoe@harbor.example.gov>",
     [("Roe, Jane", "jroe@harbor.example.gov")]),
    ("Roe, Jane <jroe@harbor.example.gov> (DEA)", [("Roe, Jane (DEA)", "jroe@harbor.example.gov")]),
    # a Google Group's sender: the member's quoted name, then the group's (was: "Jane Roe' via …")
    ("'Jane Roe' via Harbor Commission <board@groups.harbor.example.gov>",
     [("Jane Roe via Harbor Commission", "board@groups.harbor.example.gov")]),
])
def test_parties_whose_separator_ocr_lost_after_an_address(printed: str, parties: list[tuple[str, str]]) -> None:
    """OCR failure, scanned prints of any client: the separator after an address's closing
    bracket read as a space, or between bare addresses. GIVEN such a list WHEN parsed THEN each
    party (was: every party after the first dropped without a word, or the bare addresses one
    party named by the others); an HTML link's "mailto:" is no part of the address."""
    assert [(p.name, p.address) for p in parse_parties(printed)] == parties


@pytest.mark.parametrize(
    ("raw", "iso", "certainty"),
    [
        # Oracle's default date and its timestamp's dotted clock (an export printed as mail)
        ("03-MAR-15 04.05.12 PM", "2015-03-03T16:05:12", "exact"),
        ("14-NOV-98 11.20.00.000000 AM", "1998-11-14T11:20:00", "exact"),
        # a two-digit year is never 2050 or later: memos of the 1950s and 60s are released
        ("12-JUN-69 10.15.00 AM", "1969-06-12T10:15:00", "exact"),
        ("6/13/69 10:15 AM", "1969-06-13T10:15:00", "exact"),
        ("6/13/49 10:15 AM", "2049-06-13T10:15:00", "exact"),
        # a dotted clock is no date with a two-digit year ("11.09.40" is not 9 November 2040)
        ("20-FEB-02 11.09.40 AM", "2002-02-20T11:09:40", "exact"),
        ("02-JUN-19 02.26.28 PM", "2019-06-02T14:26:28", "exact"),  # nor "19 02" a year 1902
        # eDiscovery exports: numbers run together before a clock
        ("20150303 16:05", "2015-03-03T16:05:00", "exact"),
        ("20150303T160512", None, "missing"),  # no clock to vouch for eight digits
        ("Bates DOC-20150303", None, "missing"),
        # a 24-hour clock some mailers print with AM/PM: consistent, read as printed (its "00:56 AM"
        # only where the document shows the mailer so: test_a_12_hour_clocks_hour_read_as_0_...)
        ("Tuesday, April 26, 2011 13:02 PM", "2011-04-26T13:02:00", "exact"),
        ("Friday, September 14, 2012 7:17 PM B6", "2012-09-14T19:17:00", "exact"),  # a code after it: no damage
    ],
)
def test_parse_date_mail_client_forms(raw: str, iso: str | None, certainty: str) -> None:
    parsed = parse_date(raw)
    assert (parsed.iso, parsed.certainty) == (iso, certainty)


@pytest.mark.parametrize(
    ("raw", "iso", "certainty"),
    [
        ("25-JAN-14 02.23.24 AN", "2014-01-25T02:23:24", "damaged"),  # AM misread: still a clock
        # a letter OCR read inside a year ends no two-digit year
        ("1/25/20I4 2:23:24 AM", "2014-01-25T02:23:24", "damaged"),
        ("07/13/20l1 05:24 AM", "2011-07-13T05:24:00", "damaged"),
        ("Wed 3/29/20D0 6:11 AM", None, "missing"),
        ("2D02-02-20 11:09:40", None, "missing"),
        ("2o23-05-22T20:18:25Z", "2023-05-22T20:18:25+00:00", "damaged"),  # its letter read back as a 0
        ("20 14-01-25T02:23:24Z", "2014-01-25T02:23:24+00:00", "damaged"),  # a space inside the year
        ("|2/27/2013 12:33 AM", "2013-12-27T00:33:00", "damaged"),  # a 1 read "|" before the month
        ("9/30/20 10,48 PM", "2020-09-30T22:48:00", "damaged"),  # a two-digit year and a clock whose colon OCR misread
        ("9/30/2010:48 PM", None, "missing"),  # the space after a two-digit year lost
        # the space after the month lost: the month's name is the shortest that reads
        ("Monday, March14, 2011 11:51 AM", "2011-03-14T11:51:00", "exact"),
        ("Sunday, January16, 2000 at 7:34 PM", "2000-01-16T19:34:00", "exact"),
        # a day's first digit misread as a letter or split off
        ("Saturday, 17 5eptember 2022 16:00", None, "missing"),
        ("Fri, |3 Mar 2015 16:40:00 -0500 (EST)", "2015-03-13T16:40:00-05:00", "damaged"),
        ("Wed, l3 Jul 2011 05:24:06 -0500", "2011-07-13T05:24:06-05:00", "damaged"),
        ("1 1/23/1999 10:51 PM", None, "missing"),  # a split day no weekday confirms
        ("Thu 2 6/11/2009 01:12", "2009-11-26T01:12:00", "damaged"),
        ("1 3-MAR-20 04.40.00 PM", None, "missing"),  # a split day no weekday confirms
        ("Page 1 3/4/2015 4:05 PM", None, "missing"),  # a lone digit: the month's or a stamp's?
        ("Sent; 1 1/21/2015 12:05 PM", None, "missing"),
        ("2014-01-2 5 02:23:24", None, "missing"),  # a split day no weekday confirms
        ("2003-10-1DT00:00:12Z", None, "missing"),
        # an export's ISO date and clock with the "T" between read as a 1, l or | (the day's two
        # digits and the clock's shape say where it stood)
        ("2017-09-11116:38:45-04:00", "2017-09-11T16:38:45-04:00", "damaged"),
        ("2017-09-11l16:38:45Z", "2017-09-11T16:38:45+00:00", "damaged"),
        ("2017-09-1|16:38:45Z", None, "missing"),
        ("13-DEC-1908.03.14 PM", None, "missing"),  # the space lost before a dotted clock: no year 1908
        # a clock whose colon OCR misread keeps its hours, minutes and seconds
        ("Sat, 25 Jan 2014 02;23:24 -0800 (PST)", "2014-01-25T02:23:24-08:00", "damaged"),
        ("May 22, 2023 at 8,18:25 PM CDT", "2023-05-22T20:18:25-05:00", "damaged"),
        ("2/20/2002 11:09i40 AM", "2002-02-20T11:09:40", "damaged"),
        ("January 7, 2009 at 10:53:o2 AM UTC", "2009-01-07T10:53:02+00:00", "damaged"),
        # a 1 before a 24-hour clock read as a letter or split off
        ("Wednesday, June 7, 2017 |9:25", "2017-06-07T19:25:00", "damaged"),
        ("Friday, 20 May 2011 l5:02", "2011-05-20T15:02:00", "damaged"),
        ("Tuesday, February 26, 2013 1 9:04", "2013-02-26T19:04:00", "damaged"),
        ("Monday, March 14, 2011 at 1 1:51 AM", "2011-03-14T11:51:00", "damaged"),
        ("Sun, 22 May 2023 2 0:18:25 -0500", "2023-05-22T20:18:25-05:00", "damaged"),
        # a piece of the clock that did not read: the day alone, never a piece of the clock
        ("2023-05-22T20:1 8:25Z", "2023-05-22", "damaged"),
        ("Wed, 3 Jun 2020 12:X5:09 +0000 (UTC)", "2020-06-03", "damaged"),
        ("December 4, 2011 atI1:37:46 AM GMT", "2011-12-04", "damaged"),
        ("10/13/2013 11:39,2 2 PM", "2013-10-13", "damaged"),
        ("9/9/2023 12:00:5 4 PM", "2023-09-09", "damaged"),
        ("Friday, May 20, 2011 13:05 AM", "2011-05-20", "damaged"),  # AM/PM that disagrees with the hour
        ("Friday, May 20, 2011 00:30 PM", "2011-05-20", "damaged"),
        ("Wednesday, November 14, 2012 00:56 AM", "2012-11-14", "damaged"),  # no 12-hour clock's hour is 0
        ("Wednesday, November 14, 2012 0:56 AM", "2012-11-14", "damaged"),
        # a clock's colon misread, or its digits read as letters, where the clock's shape still shows
        ("Tue 1/6/2009 10i53 AM", "2009-01-06T10:53:00", "damaged"),
        ("Tuesday, November 28, 2006 2i00 PIM", "2006-11-28T14:00:00", "damaged"),
        ("Wednesday, January 7, 2009 10.53", "2009-01-07T10:53:00", "damaged"),
        ("Wednesday, January 7, 2009 10.53.2015", "2009-01-07", "damaged"),  # no clock of this shape
        ("Monday, July 9, 2018 at B:20 AM", "2018-07-09T08:20:00", "damaged"),
        ("Wed, 3 Jun 2020 12:D5:09 +0000 (UTC)", "2020-06-03T12:05:09+00:00", "damaged"),
        # the year printed after the clock (BlackBerry, Unix mailers) with OCR damage
        ("Wed Aug 07 14;02:11 EDT 2013", "2013-08-07T14:02:11-04:00", "damaged"),
        ("Wed Aug 07 14:02:11 EDT 2 013", "2013-08-07T14:02:11-04:00", "damaged"),
        ("Wed Aug07 14:02:11 EDT2013", "2013-08-07T14:02:11-04:00", "exact"),
        # a clock's seconds after a misread colon are no fraction of a minute
        ("2009-01-07T10:53.02Z", "2009-01-07T10:53:02+00:00", "damaged"),
        ("Wed, 20 Feb 2002 11:09:40 +0l00", "2002-02-20T11:09:40+01:00", "damaged"),
        # AM/PM misread, or specks before it
        ("June 2, 2019 at 2:26:28 prn CST", "2019-06-02T14:26:28-06:00", "damaged"),
        ("May 15, 2013 at 7:46:30,|PM EDT", "2013-05-15T19:46:30-04:00", "damaged"),
        # a month's "l" read as "!" (a fax): no date prints one after a letter
        ("Thursday, Apri! 05, 2012 7:50 AM", "2012-04-05T07:50:00", "damaged"),
        ("Thursday, Ju!y 05, 2012 7:50 AM", "2012-07-05T07:50:00", "damaged"),
    ],
)
def test_parse_date_ocr_damage_reads_no_wrong_date(raw: str, iso: str | None, certainty: str) -> None:
    """OCR failure: GIVEN a printed date with OCR damage WHEN parsed THEN it reads as printed,
    or as the day alone, or not at all, never as another date or time."""
    parsed = parse_date(raw)
    assert (parsed.iso, parsed.certainty) == (iso, certainty)


@pytest.mark.parametrize(("raw", "iso", "certainty"), [
    # a lone digit before a day-first date: the 21st or the 1st, no one can say
    ("Sent; 2 1-APR-00 09.36.44 AM", None, "missing"),
    # a day's digit rejoined only as the printed weekday confirms: else the day read past the speck, or none
    ("Tue 1 2/3/2015 4:05 PM", None, "missing"),
    ("Tue, |3 Mar 2015 10:00", "2015-03-03T10:00:00", "damaged"),
    ("Fri, l3 Mar 2015 10:00", "2015-03-13T10:00:00", "damaged"),
    ("Thu 2 6/11/2015 1:00 PM", "2015-11-26T13:00:00", "damaged"),
    ("2 3/3/2015 10:30 AM", None, "missing"),
    ("2015-03-2 9 16:05", None, "missing"),
    # an hour's split digit joined into 10-12 before AM/PM, never into a 24-hour hour
    ("December 1, 2015 2 1:30 PM", "2015-12-01", "damaged"),
    ("December 1, 2015 1 1:30 PM", "2015-12-01T23:30:00", "damaged"),
    ("December 1, 2015 2 1:30", "2015-12-01T21:30:00", "damaged"),
])
def test_parse_date_repairs_no_reading_confirms_are_refused(raw: str, iso: str | None, certainty: str) -> None:
    """OCR failure (a review of the date repairs): GIVEN damage two readings fit WHEN parsed THEN the
    one a printed weekday confirms, or no date (a wrong date is worse than none)."""
    parsed = parse_date(raw)
    assert (parsed.iso, parsed.certainty) == (iso, certainty)


@pytest.mark.parametrize(("printed", "names"), [
    ("'Jane Roe <j@x.gov>, 'John Doe' <d@x.gov>", ["Jane Roe", "John Doe"]),
    ("'Roe, Jane D <RoeJD@agency.gov>; 'Doe, John J' <DoeJJ@agency.gov>", ["Roe, Jane D", "Doe, John J"]),
    ("‘Jane Roe <j@x.gov>; ‘John Doe’ <d@x.gov>; ‘Ann Lee’ <a@x.gov>", ["Jane Roe", "John Doe", "Ann Lee"]),
])
def test_a_name_whose_closing_quote_ocr_lost_is_not_closed_by_the_next_partys(printed: str, names: list[str]) -> None:
    """OCR failure, scanned Outlook prints quoting names in single marks: GIVEN a name whose
    closing mark OCR lost WHEN parsed THEN each party whole (its opening mark was read to run
    on to the next party's closing mark, merging or losing the parties after it)."""
    assert [p.name for p in parse_parties(printed)] == names


@pytest.mark.parametrize(("printed", "scanned_as"), [
    ("=?utf-8?B?QnVkZ2V0IGxpbmU=?=", "?utf-8?B?QnVkZ2V0IGxpbmU=?="),  # an encoded subject no client decoded
    ("= budget line", "budget line"),
    ("...and one more thing", "and one more thing"),
    ('"Harbor" channel update', 'Harbor" channel update'),
    ("Budget :", "Budget"),
    ("FVV: Q re talks", "FW: Q re talks"),
    ("-", ""),
])
def test_a_text_layer_subject_keeps_what_it_prints(printed: str, scanned_as: str) -> None:
    """GIVEN a header whose Subject: value begins or ends with marks OCR also reads as specks
    WHEN it is read from a PDF's text layer (born digital) THEN the subject is as printed (its
    leading "=" was stripped as a speck: "=?utf-8?…" lost it); read from a scan, the specks are
    still mended away."""
    from ingest.emails import emails_from_pages
    from ingest.headers import read_subject

    page = ("From: Roe, Jane <jroe@example.gov>\nSent: Tuesday, March 3, 2015 10:04 AM\n"
            f"To: Doe, John <jdoe@example.gov>\nSubject: {printed}\n\nPlease see the figures below.\n")
    assert read_subject(printed, scanned=False) == printed
    assert read_subject(printed, scanned=True) == scanned_as
    text_layer, _ = emails_from_pages([page], [None], ocr_pages=())
    scanned, _ = emails_from_pages([page], [None], ocr_pages={1})
    assert text_layer[0].subject == printed
    assert scanned[0].subject == scanned_as


@pytest.mark.parametrize(("scanned", "read"), [
    ("RE Site visit logistics", "RE: Site visit logistics"),  # the prefix's colon lost
    ("Re H: latest intel", "Re: H: latest intel"),
    ("RE- Revised schedule", "RE: Revised schedule"),  # ... or read as a mark
    ("RE. Question re: sampling data", "RE: Question re: sampling data"),
    ("Re onday November 26", "Re onday November 26"),  # a word in lower case may be the subject's own
    ("Review of the plan", "Review of the plan"),
    ("7 FW: Updated talking points", "FW: Updated talking points"),  # a glyph before the prefix
    ("- . Budget review for FY18", "Budget review for FY18"),
    ("© Revised schedule", "Revised schedule"),
    ("Budget review for FY18 _", "Budget review for FY18"),  # specks after the last word
    ("Revised schedule —", "Revised schedule"),
    ("Comments on draft EA »", "Comments on draft EA"),
    ("Press inquiry - water quality,", "Press inquiry - water quality"),
    ("Fw: Harbor staffing|", "Fw: Harbor staffing"),  # a box's edge read as a bar on the last word
    ("Press inquiry - water quality", "Press inquiry - water quality"),
    ("FW: budget -1", "FW: budget -1"),
    ("7", ""),  # a box over the whole subject, its edge read as one glyph
    ("_ = 7 _", ""),
    ("r", ""),
    ("Q4", "Q4"),  # two characters say something
    ("[ ; oe", ""),  # two glyphs beside a box's edge
    ("[Q4]", "[Q4]"),
    ("Fw: | .", "Fw:"),  # all after the prefix under a box
    ("FW.", "FW:"),  # the prefix alone, its colon read as a stop
])
def test_a_scanned_subjects_specks_and_lost_prefix_colon_are_mended(scanned: str, read: str) -> None:
    """OCR failure, any scanned print: GIVEN a Subject: value OCR read with a speck before or
    after it, or the colon of its reply prefix lost WHEN read from a scan THEN the subject as
    printed (the prefix as mail clients print it: "RE Site visit" threaded with nothing), and a
    box over the whole subject read as one glyph is no subject; read from a text layer, as it
    stands."""
    from ingest.headers import read_subject

    assert read_subject(scanned, scanned=True) == read
    assert read_subject(scanned, scanned=False) == scanned


@pytest.mark.parametrize(("label", "field"), [
    ("Subj=ct", "subject"), ("Subj=:t", "subject"), ("Subj:ct", "subject"), ("Subj:-ct", "subject"),
    ("Subjcet", "subject"), ("Importnace", "importance"),
    ("Grom", "from"), ("Lrom", "from"), ("brom", "from"),  # From's first letter misread (faint or bold print)
    ("Fromm", "from"), ("Fromn", "from"),  # ... or its m read with a stroke more (a grey re-scan)
    ("Fromme", None),
    ("Suspect", None), ("Snet", None), ("Sutjcet", None), ("Chrome", None), ("Drum", None),
])
def test_a_long_label_ocr_read_with_marks_or_two_letters_swapped(label: str, field: str | None) -> None:
    """OCR failure, any scanned print: GIVEN a header whose long label OCR read with a letter or
    two as marks ("Subj=:t:", seen in a real release's scan) or two letters swapped, or whose
    From: OCR read with another first letter (its sender was lost) WHEN the page
    is split THEN the line is that label's (its subject was lost, and with "Subj=:t:" the whole
    quoted header); a word two letters from a label ("Suspect:") is no label."""
    page = (f"From: Roe, Jane\nSent: Tuesday, March 14, 2017 9:05 AM\nTo: Doe, John\n{label}: Revised schedule\n\n"
            "Thanks.\n")
    if field == "subject":
        (span,) = split_into_emails([page]).spans
        assert parse_email(span).subject == "Revised schedule"
    assert (header_label(f"{label}: Revised schedule") or (None,))[0] == field


@pytest.mark.parametrize("label", ["fo:", "‘Jo:", "Yo:", "‘lo:"])
def test_to_whose_t_ocr_misread_under_the_sent_line(label: str) -> None:
    """OCR failure, faint or bold print: GIVEN a header whose To: OCR read with another first
    letter, right under the Sent: line WHEN it is split THEN its value is the recipients (it was
    read into the date, which then read as none); such a word elsewhere is no label."""
    page = (f"From: Roe, Jane\nSent: Tuesday, March 14, 2017 9:05 AM\n{label} Doe, John\nSubject: Revised schedule\n\n"
            "Thanks.\n")
    (span,) = split_into_emails([page]).spans
    email = parse_email(span)
    assert email.to == (Party("Doe, John"),)
    assert email.sent.iso == "2017-03-14T09:05:00"
    assert header_label(f"{label} Doe, John") is None


def test_a_yahoo_prints_title_is_its_subject_and_an_owners_name_is_not() -> None:
    """Layout family, Yahoo Mail prints: GIVEN a print whose subject is the page's title above a
    From:/To:/Date: header with no Subject: label WHEN it is split THEN the title is the subject
    (it had none); a mailbox owner's name above an Outlook header (its Subject: line lost) is no
    subject, nor a line with other text above it."""
    yahoo = ("Comments on draft EA\n\nFrom: Carl Moss (cmoss@mail.example)\nTo: mary.kent@fwb.example.gov\n"
             "Date: Tuesday, July 1, 2014, 8:15 PM\n\nCan we discuss at the staff meeting?\n\nFWB-FOIA-005137\n")
    owner = "Jane Roe\n\nFrom: Roe, Jane\nSent: Tuesday, July 1, 2014 8:15 PM\nTo: Doe, John\n\nCan we discuss?\n"
    below = "See the note below.\nComments on draft EA\n" + yahoo.partition("\n\n")[2]
    assert [parse_email(span).subject for span in split_into_emails([yahoo]).spans] == ["Comments on draft EA"]
    assert [parse_email(span).subject for span in split_into_emails([owner]).spans] == [""]
    assert [parse_email(span).subject for span in split_into_emails([below]).spans] == [""]
    # ... nor a banner naming its office, or another mailbox's owner surname first (a forward's)
    for banner in ("Roe, Jane (HARBOR)", "Park-Lee, Ellen"):
        other = owner.replace("Jane Roe\n", f"{banner}\n").replace("To: Doe, John", "To: Doe, John; Park-Lee, Ellen")
        assert [parse_email(span).subject for span in split_into_emails([other]).spans] == [""], banner
    titled = yahoo.replace("Comments on draft EA", "Budget Hearing, Tuesday")  # (a title of two words' shape)
    assert [parse_email(span).subject for span in split_into_emails([titled]).spans] == ["Budget Hearing, Tuesday"]


def test_labels_then_values_with_to_misread_and_a_specked_year() -> None:
    """OCR failure of a two-column header read column by column (labels, then values): GIVEN its
    To: label read "Jo:" or its date's year with a speck in it ("201.7") WHEN it is split THEN
    every value is its label's (none was: the labels' count or the date no longer fit)."""
    for to, year in (("Jo:", "2017"), ("To:", "201.7")):
        page = (f"From:\nSent:\n{to}\nCc:\nSubject:\nOkafor, Dana\nTuesday, March 14, {year} 9:05 AM\nRoe, Jane\n"
                "Kent, Mary\nBudget review for FY18\n\nPlease see the attached.\n")
        (span,) = split_into_emails([page]).spans
        email = parse_email(span)
        assert (email.sender, email.to, email.cc) == (Party("Okafor, Dana"), (Party("Roe, Jane"),), (Party("Kent, Mary"),))
        assert (email.sent.iso, email.subject) == ("2017-03-14T09:05:00", "Budget review for FY18")


def test_a_date_whose_year_and_am_pm_ocr_both_misread_keeps_its_weekdays_day() -> None:
    """OCR failure of a real release's scan: GIVEN "Wednesday, February 22, 2042 12:15 4M" (the
    year misread, AM/PM's first letter read as a digit) WHEN the email is read THEN its day is
    the one the weekday gives, 2012, its half of the day unknown (was 2042 once the clock's half
    was doubted)."""
    from ingest.emails import emails_from_pages

    page = "From: Roe, Jane\nSent: Wednesday, February 22, 2042 12:15 4M\nTo: Doe, John\nSubject: Harbor\n\nThanks.\n"
    (email,), _ = emails_from_pages([page], [None], latest_year=2026)
    assert (email.sent, email.date_certainty) == ("2012-02-22T12:15:00", "ambiguous")


def test_a_last_first_list_whose_semicolons_ocr_read_as_commas_pairs_up_where_the_document_prints_a_pair() -> None:
    """OCR failure, scanned Outlook prints: GIVEN a "Last, First" list whose semicolons OCR read
    as commas, one as a full stop ("Roe, Jane, Doe, John, Kent. Mary, Patel, Ravi") WHEN the
    document prints one of those pairs as a name elsewhere THEN the parties pair up (was one
    party); with no such evidence the list stays one party (four one-word names read alike)."""
    printed = "Roe, Jane, Doe, John, Kent. Mary, Patel, Ravi"
    known = Correspondents.learn([Party("Kent, Mary")])
    assert [p.name for p in parse_parties(printed, known)] == ["Roe, Jane", "Doe, John", "Kent, Mary", "Patel, Ravi"]
    assert len(parse_parties(printed)) == 1
    assert len(parse_parties("Doe, John, Lee, Ann", known)) == 1


def test_a_last_first_list_whose_semicolon_after_an_initial_ocr_read_as_a_full_stop() -> None:
    """OCR failure of producers' layers (a real release): "Roe, Jane S; Doe, John J" read "Roe, Jane
    S. Doe, John J" in a list the rest of which prints its semicolons: two parties (were one); with
    no semicolon in the list nothing says where a name ends."""
    printed = "Kent, Mary D; Roe, Jane S. Doe, John J; Patel, Ravi K"
    assert [p.name for p in parse_parties(printed)] == ["Kent, Mary D", "Roe, Jane S", "Doe, John J", "Patel, Ravi K"]
    titled = "Kent, Mary D; Hoover, John E. Director, FBI; Lee, Ann"  # a name and its title, no initial after
    assert [p.name for p in parse_parties(titled)] == ["Kent, Mary D", "Hoover, John E. Director, FBI", "Lee, Ann"]
    assert [p.name for p in parse_parties("Roe, Jane S. Doe, John J")] == ["Roe, Jane S. Doe, John J"]
    assert [p.name for p in parse_parties("Kent, Mary D; Roe, Jane S. Doe")] == ["Kent, Mary D", "Roe, Jane S. Doe"]


@pytest.mark.parametrize(("printed", "address"), [
    ("H <HDR22 0 harbor.exarnplegov>", "hdr22@harbor.example.gov"),  # @ read 0, m read rn, a dot lost
    ("H [rnallto:HDR220harbor.example.gov]", "hdr22@harbor.example.gov"),  # @ read 0
    ("Kent, Mary <KentM© harbor.examplegov>", "kentm@harbor.example.gov"),
    ("Roe, Jane <JRoeOharbor.example.gov>", "jroe@harbor.example.gov"),  # a letter, the address the document's
    ("Kent, Mary <KentMO harbor.example.gov>", ""),  # a letter: "kentmo" with its @ lost as well
    ("Kent, Mary <KentM harbor.example.gov>", ""),  # no glyph for the @: where it stood is unknown
    ("Kent, Mary <KentM0river.example.gov>", ""),  # a domain the document does not print
])
def test_an_address_whose_at_ocr_misread_takes_a_domain_the_document_prints(printed: str, address: str) -> None:
    """OCR failure of scanned prints (a real release's layer: "HDR22aclintonernail.com",
    "HanleyMROstate.gov"): GIVEN an address whose "@" OCR read as a letter or digit of its shape
    WHEN the document prints the domain whole elsewhere THEN the address is read with it (the name
    was kept, the address lost); without the domain, or a glyph where the @ stood, nothing."""
    known = Correspondents.learn([Party("Roe, Jane", "jroe@harbor.example.gov")])
    assert parse_parties(printed, known)[0].address == address
    assert parse_parties(printed)[0].address == ""


def test_a_name_ocr_misread_where_its_own_address_spells_it() -> None:
    """OCR failure of scanned prints: GIVEN "Cari Moss <carl.moss@…>" (an l read i), "Dana
    0kafor <dana.okafor77@…>" WHEN read from a scan THEN the name as its address spells it; an
    address spelling a name otherwise (a nickname, accents dropped) or with no words in it
    changes nothing, and a text layer's name is as printed."""
    from ingest.emails import emails_from_pages
    from ingest.headers import name_as_its_address_spells as spelled

    assert spelled(Party("Cari Moss", "carl.moss@fwb.example.gov")).name == "Carl Moss"
    assert spelled(Party("Moss, Cari", "carl.moss@fwb.example.gov")).name == "Moss, Carl"
    assert spelled(Party("Dana 0kafor", "dana.okafor77@mail.example.com")).name == "Dana Okafor"
    for kept in (Party("Jon Doe", "john.doe@example.gov"), Party("José Ruiz", "jose.ruiz@example.gov"),
                 Party("Roe, Jane J", "roejj@example.gov"), Party("Jane Roe")):
        assert spelled(kept) == kept
    page = ("From: Cari Moss <carl.moss@fwb.example.gov>\nSent: Tuesday, March 14, 2017 9:05 AM\n"
            "To: Doe, John\nSubject: Revised schedule\n\nThanks.\n")
    assert emails_from_pages([page], [None], ocr_pages={1})[0][0].sender.name == "Carl Moss"
    assert emails_from_pages([page], [None], ocr_pages=())[0][0].sender.name == "Cari Moss"


@pytest.mark.parametrize(("name", "address", "read"), [
    ("Reclman, Jane", "redmanj@harbor.example.gov", "Redman, Jane"),  # "d" read as "cl"
    ("Rnoss, Carl", "mossc@harbor.example.gov", "Moss, Carl"),  # "m" read as "rn"
    ("Valmoro, Lona J", "vaimorolj@harbor.example.gov", "Valmoro, Lona J"),  # glyphs alike: which misread?
    ("Roe, Jane", "jroe@harbor.example.gov", "Roe, Jane"),  # initials first: nothing to mend
    ("Doe, Jon", "doej@harbor.example.gov", "Doe, Jon"),
    ("Dole, Jane", "doej@harbor.example.gov", "Dole, Jane"),  # another spelling, no misreading
    ("Moss, Carl", "smithc@harbor.example.gov", "Moss, Carl"),
])
def test_a_surname_ocr_misread_where_its_mailbox_spells_it_beside_the_initials(name, address, read) -> None:
    """OCR failure of scanned prints, agencies' mailboxes named by a surname and the other names'
    initials ("rhodesj@"): GIVEN a surname with one letter read as two WHEN read THEN the surname
    as the mailbox spells it (was: the misreading, one person two names in the facets and the
    citations); a name the mailbox spells otherwise, or with glyphs alike (the mailbox may be the
    misread one), is as printed."""
    from ingest.headers import name_as_its_address_spells as spelled

    assert spelled(Party(name, address)).name == read


@pytest.mark.parametrize(("printed", "elsewhere", "read"), [
    ("lvlills, Carla D <MilisCD@harbor.example.gov>", "Mills, Carla D", "Mills, Carla D"),  # "M" read as "lvl"
    ("Bums, Carl J <BurnsCi@harbor.example.gov>", "Burns, Carl J", "Burns, Carl J"),  # "rn" read as "m"
    ("Burns, Carl J <BurnsCJ@harbor.example.gov>", "Bums, Carl J", "Burns, Carl J"),  # the mailbox spells it as read
    ("Bums, Carl J <moss@harbor.example.gov>", "Burns, Carl J", "Bums, Carl J"),  # a mailbox spelling neither
    ("Bums, Carl J", "Burns, Carl J", "Bums, Carl J"),  # no mailbox: which one is misread?
    ("Bums, Jane <BurnsJ@harbor.example.gov>", "Burns, Carl J", "Bums, Jane"),  # another person's name
])
def test_a_name_ocr_misread_where_the_document_prints_it_and_its_mailbox_spells_it(printed, elsewhere, read) -> None:
    """OCR failure of scanned prints (a State release's own OCR layer: "lvlills, Cheryl" over "Mills,
    Cheryl" in the header below, "Bums" over "Burns"): GIVEN a sender whose name reads as a name
    the document prints in another header but for a letter read as several or several as one,
    and whose mailbox spells that name (its other letters OCR's alike glyphs) WHEN read from a
    scan THEN the name the document prints; where the mailbox spells neither, or there is none,
    the name as read (was: the misreading stood, one person two names in the facets)."""
    from ingest.emails import emails_from_pages

    page = (f"From: {printed}\nSent: Tuesday, March 14, 2017 9:05 AM\nTo: Doe, John\nSubject: Schedule\n\n"
            f"Thanks.\n\nFrom: Doe, John\nSent: Monday, March 13, 2017 8:01 AM\nTo: {elsewhere}; Roe, Jane\n"
            "Subject: Schedule\n\nWhen?\n")
    emails, _ = emails_from_pages([page], [None], ocr_pages={1})
    assert emails[0].sender.name == read
    assert emails_from_pages([page], [None], ocr_pages=())[0][0].sender.name == printed.partition(" <")[0]


def test_a_bare_address_glyphs_apart_from_a_known_one_is_another_persons() -> None:
    """GIVEN a thread printing "Roe, Dara <dara.roe@…>" often and a Cc: of "ciara.roe@…" WHEN read
    from a scan THEN the Cc: stays Ciara's ("ci" is no "d": only "cl" is), while "lvl" for "M"
    reads as it."""
    from ingest.emails import emails_from_pages

    page = "".join(f"From: Roe, Dara <dara.roe@harbor.example.gov>\nSent: Monday, March {day}, 2019 9:12 AM\n"
                   f"To: Moss, Carl <mills.c@harbor.example.gov>\nSubject: pier walk\n\nWalk?\n\n" for day in (4, 5, 6))
    page += ("From: Moss, Carl <mills.c@harbor.example.gov>\nSent: Tuesday, March 7, 2019 9:12 AM\nTo: Roe, Dara\n"
             "Cc: ciara.roe@harbor.example.gov; lvlills.c@harbor.example.gov\nSubject: RE: pier walk\n\nYes.\n")
    emails, _ = emails_from_pages([page], [None], ocr_pages={1})
    assert [p.address for p in emails[-1].cc] == ["ciara.roe@harbor.example.gov", "mills.c@harbor.example.gov"]

def test_an_address_ocr_lost_but_a_scrap_is_the_one_the_document_prints_with_the_name() -> None:
    """OCR failure of dark and faxed scans (a real production re-printed dark: 4 headers): GIVEN
    "From: Okafor, Dana J. ilto:" (its "[mailto:…]" read as a scrap) in a document printing
    that name with one address elsewhere WHEN read THEN the sender has that address; with no scrap
    (none printed), or two addresses for the name, none."""
    from ingest.emails import emails_from_pages

    def page(sender: str) -> str:
        return f"From: {sender}\nSent: Friday, July 19, 2013 11:07 AM\nTo: Roe, Jane\nSubject: Lists\n\nHere.\n"

    printed = "Okafor, Dana J. [mailto:Dana.Okafor@pd.example.org]"
    emails, _ = emails_from_pages([page(printed), page(printed), page("Okafor, Dana J. ilto:")], [None] * 3,
                                  ocr_pages={3})
    assert emails[2].sender == Party("Okafor, Dana J.", "dana.okafor@pd.example.org")
    emails, _ = emails_from_pages([page(printed), page(printed), page("Okafor, Dana J.")], [None] * 3, ocr_pages={3})
    assert emails[2].sender == Party("Okafor, Dana J.")


@pytest.mark.parametrize(("printed", "party"), [
    ("'KentMJ @harbor.example.gov'", Party("", "kentmj@harbor.example.gov")),
    ("jroe@ harbor.example.gov", Party("", "jroe@harbor.example.gov")),
    ("H [mailte:HDR9 @harbor.example.com|]", Party("H", "hdr9@harbor.example.com")),
    ("Roe, Jane [maiite:RoeJ@harbor.example.gov]", Party("Roe, Jane", "roej@harbor.example.gov")),
    ("Erik Moss [m ai Ito : erik@harbor.example.corn1", Party("Erik Moss", "erik@harbor.example.com")),
    # its t read i, the address read with spaces (a blurred copy of a copy)
    ("Greta Moss [mailio:greta. moss @local.example.org]", Party("Greta Moss", "greta.moss@local.example.org")),
    ("Maria E Mailio", Party("Maria E Mailio")),
    ("Roe, Jane @ the harbor office", Party("Roe, Jane @ the harbor office")),
    ("Doe, John (Mail Tower)", Party("Doe, John (Mail Tower)")),
])
def test_an_address_ocr_read_with_a_space_beside_its_at_or_its_mailto_misread(printed: str, party: Party) -> None:
    """OCR failure of scans (a real production's fax and clean scans): a space read beside an
    address's "@" ("KentMJ @harbor…": the address was read as a name), "[mailto:" read
    "[mailte:" or "[maiite:", or its letters read apart ("[m ai Ito :"; it stayed in the name).
    GIVEN such a party WHEN parsed THEN its
    name and address; an "@" in words is no address."""
    assert parse_parties(printed) == (party,)


@pytest.mark.parametrize("printed", ["Okafor, Dana J {maillo. Dana. Okafor@pd.example.org]",
                                     "Okafor, Dana J. (malodana.Okafor@pdexample.ord)"])
def test_a_mailto_ocr_misread_into_the_name_or_the_address(printed: str) -> None:
    """OCR failure of faxed scans (a real production re-printed as a fax): GIVEN "[mailto:" read
    "{maillo." (its t read l: the name took "{maillo. Dana") or run into the address WHEN the
    document prints the name with one address THEN the party is that name and address; a
    bracketed word that is no address stays the name's ("(Mallory)")."""
    known = Correspondents.learn([Party("Okafor, Dana J.", "dana.okafor@pd.example.org")] * 3)
    assert parse_parties(printed, known) == (Party("Okafor, Dana J.", "dana.okafor@pd.example.org"),)
    assert parse_parties("Roe, Jane (Mallory)", known) == (Party("Roe, Jane (Mallory)"),)


@pytest.mark.parametrize(
    ("printed", "iso"),
    [
        ("Friday, July 13, 2018 3:45 PM UTC-5", "2018-07-13T15:45:00-05:00"),
        ("Friday, July 13, 2018 3:45 PM GMT+1", "2018-07-13T15:45:00+01:00"),
        ("Friday, July 13, 2018 3:45 PM UTC+5:30", "2018-07-13T15:45:00+05:30"),
        ("Friday, July 13, 2018 3:45 PM (UTC-05)", "2018-07-13T15:45:00-05:00"),
        ("Friday, July 13, 2018 3:45 PM UTC-0500", "2018-07-13T15:45:00-05:00"),
        ("Friday, July 13, 2018 3:45 PM UTC", "2018-07-13T15:45:00+00:00"),
        ("Tue, 24 Oct 2017 09:12:00 -0400 (EDT)", "2017-10-24T09:12:00-04:00"),
        ("Monday, July 16, 2018 10:05 AM (Ref 19-0412)", "2018-07-16T10:05:00"),
        ("Monday, July 16, 2018 10:05 AM Room 12-0530", "2018-07-16T10:05:00"),
    ],
)
def test_an_offset_is_read_as_printed_and_only_where_a_zone_is_printed(printed, iso):
    """Layout family, web mail and phones printing the zone as an offset from UTC ("UTC-5",
    "GMT+1", "UTC+5:30"): the offset printed (was: the word "UTC" alone read, +00:00, cited
    "3:45 PM UTC" and exact); a number after the clock that no zone names ("Ref 19-0412") is no
    offset (was UTC-4:12)."""
    assert parse_date(printed).iso == iso


@pytest.mark.parametrize(("raw", "expected"), [
    # Layout family, HHS and NIH prints: a name's one-letter status tag, its bracket misread or lost
    ("Roe, Jane (NIH/NIAID) [E]", Party("Roe, Jane (NIH/NIAID) [E]")),
    ("Roe, Jane (NIH/NIAID) [El", Party("Roe, Jane (NIH/NIAID) [E]")),
    ("Roe, Jane (NIH/NIAID) [E);Doe, John (NIH/OD) [C]", Party("Roe, Jane (NIH/NIAID) [E]")),
    ("Roe, Jane (HHS/OS) [C] <jroe@harbor.example.gov>", Party("Roe, Jane (HHS/OS) [C]", "jroe@harbor.example.gov")),
    # a box with no code read as rules and specks after the name
    ("Doe, John (NIH/OD) [E] ------~=", Party("Doe, John (NIH/OD) [E]")),
    ("Doe, John (NIH/OD) [E] ;.!::::======~=", Party("Doe, John (NIH/OD) [E]")),
    ("Doe, John -- Contractor", Party("Doe, John -- Contractor")),  # two dashes are printed
    # a box's code cut after its first half: withheld, its code unread
    ("Roe, Jane (NIH/NIAID) [El (b)( >", Party("Roe, Jane (NIH/NIAID) [E]", redactions=(UNCODED,))),
    # a box over the mailbox: its edge and the letter it cut, or the specks it left, are no address
    ("Roe, Jane (OAG) [PS ETS_—J@harbor.example.gov>", Party("Roe, Jane (OAG) [PS", redactions=(UNCODED,))),
    ("Doe, John [°° @harbor.example.gov> _ |", Party("Doe, John", redactions=(UNCODED,))),
    ("Jane Roe _@harbor.example.gov>", Party("Jane Roe", redactions=(UNCODED,))),  # its edge read as the mailbox
    ("<__@harbor.example.gov>", Party(redactions=(UNCODED,))),
    ("jane_roe@harbor.example.gov", Party("", "jane_roe@harbor.example.gov")),
    ("Doe, John [maito: = = |\tB6", Party("Doe, John", redactions=("(b)(6)",))),  # specks, no "@": no mailbox
    ("Lee Roe GME @ harbor.example.gov>", Party("Lee Roe", redactions=(UNCODED,))),  # its bracket boxed too
    ("OOOO @ harbor.example.gov>", Party(redactions=(UNCODED,))),
    ("Jones LC @ harbor.example.gov", Party("Jones", "lc@harbor.example.gov")),  # a spaced "@", nothing boxed
    ("Roe, Jane [jroe @ harbor.example.gov>", Party("Roe, Jane", "jroe@harbor.example.gov")),  # "<" read "["
    ("ODOR @ harbor.example.gov>", Party(redactions=(UNCODED,))),  # a box's fill, its bracket boxed too
    ("[SSE C EE] @harbor.example.gov>", Party("SSE C", redactions=(UNCODED,))),
    ("RoeJ @ harbor.example.gov>", Party("", "roej@harbor.example.gov")),  # a mailbox: not in capitals
    ("Ray Roe [RG@harbor.example.gov>", Party("Ray Roe", redactions=(UNCODED,))),  # its edge a bracket, fill capitals
    ("Roe, Jane [jroe@harbor.example.gov]", Party("Roe, Jane", "jroe@harbor.example.gov")),
    ("PPM HARBOR @harbor.example.gov>", Party("PPM", redactions=(UNCODED,))),
    # a mailbox with a slash (GroupWise's, Exchange's), OCR's space after its "@"
    ("Harbor Public Affairs <Harbor-IPP/PublicAffairs@ harbor.example.gov>",
     Party("Harbor Public Affairs", "harbor-ipp/publicaffairs@harbor.example.gov")),
    ("Roe, Jane|jroe@harbor.example.gov", Party("Roe, Jane", "jroe@harbor.example.gov")),  # a rule glued
    ("—jr@harbor.example.gov", Party("", "jr@harbor.example.gov")),
    # ... but a mailbox OCR damaged stays what it printed
    ("roej/@harbor.example.gov", Party("roej/@harbor.example.gov")),
    ("roe] @harbor.example.gov", Party("roe] @harbor.example.gov")),
])
def test_scanned_party_values_read_as_printed(raw: str, expected: Party) -> None:
    """OCR failures of scanned prints in parties (an HHS release's tags, boxes beside names and
    over mailboxes): GIVEN each WHEN parsed THEN the first party as printed, what a box left
    no part of it, a box recorded as withheld where its code or its cut shows it (was: "[El",
    "------~=" and "(b)(" in names, an invented "j@harbor.example.gov")."""
    assert parse_parties(raw)[0] == expected


@pytest.mark.parametrize(("printed", "names"), [
    ("© John Doe <jdoe@harbor.example.gov>; Carl Moss <cmoss@harbor.example.gov>", ["John Doe", "Carl Moss"]),
    ("© : Ruth Blakemore <rb@tide.example.org>; == Femi Oduya <fo@tide.example.org>", ["Ruth Blakemore", "Femi Oduya"]),
    ("Ann Vega ® <av@harbor.example.gov>", ["Ann Vega"]),
])
def test_a_box_s_corner_or_edge_read_before_a_name_is_no_part_of_it(printed, names) -> None:
    """OCR failure, scans: a redaction box's corner read "©" or "®", its edge "==", beside a name:
    no part of the name (was: "© John Doe", "== Femi Oduya" stated as the recipients)."""
    assert [p.name for p in parse_parties(printed)] == names


def test_a_boxed_mailbox_with_its_domain_printed_after_the_code_is_a_withheld_party_with_no_name() -> None:
    """Layout family, releases boxing an address's mailbox alone (the code in the box, the
    domain after it, a space between): the party is withheld; "@agency…" is no name (it was
    listed as a person named "@quarryhill-health.example.org", on text layers too)."""
    parties = parse_parties("<pvail@schools.example.org>; (b)(6) @health.example.org")
    assert [(p.name, p.address, p.redactions) for p in parties] == [
        ("", "pvail@schools.example.org", ()), ("", "", ("(b)(6)",))]
    assert [(p.name, p.redactions) for p in parse_parties("Roe, Jane <jroe@x.gov>; (b)(6), (b)(7)(C) @pd.example.gov")] == [
        ("Roe, Jane", ()), ("", ("(b)(6)", "(b)(7)(C)"))]
    assert parse_parties("(b)(6) @homemail.example")[0].name == ""
    assert parse_parties("Jane Roe @ Harbor (b)(6)")[0].name == "Jane Roe @ Harbor"  # words: a name still


def test_a_year_still_to_come_is_read_as_the_one_digit_apart_that_falls_on_the_printed_weekday() -> None:
    """OCR failure, copies of copies: a year's digit misread into one no lookalike table has
    ("Mon, Mar 25, 2044" for 2024): no email is sent in the future, so one digit of it changed
    into any, falling on the printed weekday, is the reading (damaged; the thread's order
    chooses among several); a date on its weekday, or a past year, is left alone."""
    from ingest.headers import weekday_readings

    assert [r.iso for r in weekday_readings("Mon, Mar 25, 2044 at 7:45 AM", 2026)] == ["2024-03-25T07:45:00"]
    assert weekday_readings("Mon, Mar 25, 2044 at 7:45 AM", 2026)[0].certainty == "damaged"
    assert weekday_readings("Mon, Mar 25, 2024 at 7:45 AM", 2026) == []
    assert weekday_readings("Fri, Mar 25, 2044 at 7:45 AM", 2050) == []  # on its weekday, the year not yet past
    # one digit changed into any before two changed into lookalikes ("2042" for 2022, not 2011)
    assert [r.iso for r in weekday_readings("Monday, November 7, 2042 4:48 PM", 2026)] == ["2022-11-07T16:48:00"]


def test_a_separator_read_as_a_colon_after_an_address_ocr_spaced_parts_the_box_after_it() -> None:
    """OCR failure, scanned recipient lists: the semicolon after an address read as a colon, the
    address's domain read with a space ("<plamartine@transit.example. gov>: (b)(6), (b)(7)(C)"):
    the box after it is a party of its own, not the redactions of the one before."""
    parties = parse_parties("Priya Roe <proe@transit.example. gov>: (b)(6), (b)(7)(C)")
    assert [(p.name, p.address, p.redactions) for p in parties] == [
        ("Priya Roe", "proe@transit.example.gov", ()), ("", "", ("(b)(6)", "(b)(7)(C)"))]


def test_an_address_its_name_spells_stands_over_a_misreading_printed_more_often() -> None:
    """OCR failure, faint scans: a typeface reads a thin stroke into an address the same way in
    most printings ("eparki@" for "epark@"), so the document's most printed form was trusted and
    the one right printing mended into it. The address the party's name spells ("Ellen Park":
    epark) is the one, a glyph from the other; a domain OCR damaged is mended as before."""
    known = Correspondents.learn([Party("Ellen Park", "eparki@harbor.example.gov")] * 2
                                 + [Party("Ellen Park", "epark@harbor.example.gov")])
    assert parse_parties("Ellen Park [mailto:epark@harbor.example.gov]", known)[0].address == "epark@harbor.example.gov"
    assert parse_parties("Ellen Park <eparki@harbor.example.gov>", known)[0].address == "epark@harbor.example.gov"
    other = Correspondents.learn([Party("Ellen Park", "ep.office@harbor.example.gov")] * 3)
    assert parse_parties("Ellen Park <ep.offices@harbor.example.gov>", other)[0].address == "ep.office@harbor.example.gov"
    # (a letter read as a stroke, no letter at all: "park.|sla@" for Isla Park's "park.isla@")
    stroked = Correspondents.learn([Party("Isla Park", "park.|sla@harbor.example.gov")] * 2)
    assert parse_parties("Isla Park <Park.|sla@harbor.example.gov>", stroked)[0].address == "park.isla@harbor.example.gov"


@pytest.mark.parametrize(("scanned", "read"), [
    ("URGENT - break-in / Cll loss tonight", "URGENT - break-in / CII loss tonight"),
    ("FW: ClI request 23-118", "FW: CII request 23-118"),
    ("my license - can | explain?", "my license - can I explain?"),
    ("RE: can l see the chart", "RE: can I see the chart"),
    ("All hands: Ill effects of the Bill", "All hands: Ill effects of the Bill"),  # words, as printed
    ("Cl levels at Pier 7", "Cl levels at Pier 7"),  # (two letters: a symbol as likely)
    ("HCl and KCl inventory | tank farm audit", "HCl and KCl inventory | tank farm audit"),  # symbols; a list's stroke
    ("news clips | water infrastructure", "news clips | water infrastructure"),
])
def test_a_scanned_subjects_capital_i_read_as_small_l(scanned: str, read: str) -> None:
    """OCR failure, scans of sans-serif prints, where a capital I and a small l are one glyph: a run of
    I's in a word of capitals read as l's ("Cll" for "CII"), the pronoun alone read "|" or "l" before a
    verb or after a question's. GIVEN such a scanned subject WHEN read THEN the I is restored (every
    copy in a document misreads it alike, so no other copy mends it); words that are words stay, and
    a single l that may be a symbol's ("HCl") and a stroke between a list's words; a text layer's
    subject is as typed."""
    from ingest.headers import read_subject

    assert read_subject(scanned) == read
    assert read_subject(scanned, scanned=False) == scanned


@pytest.mark.parametrize(("line", "label"), [
    ("D:te: 11/2/2022 11:30 AM ;", ("sent", "11/2/2022 11:30 AM ;")),
    ("Fr:m: Jane Roe <jroe@harbor.example.gov>", ("from", "Jane Roe <jroe@harbor.example.gov>")),
    ("S.nt: Monday, May 1, 2023 9:00 AM", ("sent", "Monday, May 1, 2023 9:00 AM")),
    ("N.B: see below", None), ("Re:d: this", None), ("E.g: a body's line", None),
])
def test_a_short_label_one_letter_of_which_ocr_read_as_a_mark(line: str, label: tuple[str, str] | None) -> None:
    """OCR failure, scanned prints: a four-letter label's letter read as a colon or stop ("D:te:" for
    "Date:"). GIVEN such a line WHEN read THEN it is the one label of its length with its other letters
    in place (was: no label, the header's date lost); words no label spells so stay body."""
    from ingest.split import header_label

    assert header_label(line) == label


@pytest.mark.parametrize(("name", "address", "spells"), [
    ("Jane Roe, PharmD", "jroe@harbor.example.gov", True),  # a degree after the name
    ("Roe, Jane, Esq.", "jane.roe@harbor.example.gov", True),
    ("Jane Roe, RPh", "roej@harbor.example.gov", True),
    ("Dr. Jane Roe", "jroe@harbor.example.gov", True),  # a title before it
    ("Sen. Owen Tarr", "owen.tarr@harbor.example.gov", True),
    ("John Doe Jr.", "jdoe@harbor.example.gov", True),
    ("Roe, Jane", "jroe@harbor.example.gov", True),  # as before
    ("Dr. Jane Roe", "droe@harbor.example.gov", False),  # the title is no initial
    ("Jane Roe, MD", "jroemd@harbor.example.gov", False),
    ("Roe, Dr", "droe@harbor.example.gov", False),  # nothing left to spell by
    ("Carl van Moss", "c.vanmoss@harbor.example.gov", True),  # a surname's particles are the surname's
    ("Ann de la Roe", "adelaroe@harbor.example.gov", True),
    ("Owen St. Tarr", "o.sttarr@harbor.example.gov", True),
    ("Carl van Moss", "cvan@harbor.example.gov", False),
    ("Carl van Moss", "cmoss@harbor.example.gov", True),  # the surname without its particle too
    ("John E. Doe", "jdoe@harbor.example.gov", True),  # a middle initial is no particle
    ("Anh Le Roe", "aroe@harbor.example.gov", True),  # nor a middle name printed with a capital
    ("Maj Roe", "mroe@harbor.example.gov", True),  # a given name a title's word, without its stop
    ("Carl L. Roe III", "carl.l.roe@harbor.example.gov", True),  # first, middle initial, surname
    ("Roe III, Carl L.", "carl.l.roe@harbor.example.gov", True),
])
def test_a_name_spells_its_address_past_a_title_or_degree(name: str, address: str, spells: bool) -> None:
    """GIVEN a party's name printed with a title before it or a degree or generation after it
    ("Dr. Jane Roe", "Jane Roe, PharmD", "John Doe Jr.") WHEN asked whether it spells its mailbox
    THEN the title and degree are no part of the spelling (was: "Dr" taken for the first name,
    "PharmD" for the given names, so no repair by the name could apply)."""
    assert name_spells(name, address) is spells


@pytest.mark.parametrize(("raw", "address"), [
    ("Ann Ter Horst <a.terhorst(a)harbor.example.gov>", "a.terhorst@harbor.example.gov"),
    ("Ann Lee <alee(@)harbor.example.gov>", "alee@harbor.example.gov"),
    ("alee(a)harbor.example.gov", "alee@harbor.example.gov"),
    ("Roe, Jane (b)(6)(a)", ""),  # a code's paragraph: no address
])
def test_an_at_sign_a_producer_s_ocr_layer_read_as_a_bracketed_a(raw: str, address: str) -> None:
    """OCR failure, producers' OCR layers under bilevel scans (and ours): GIVEN an address whose "@"
    OCR read as "(a)" or "(@)" WHEN parsed THEN it is the address (was: no address at all, every
    party of the document without one)."""
    assert parse_parties(raw)[0].address == address


@pytest.mark.parametrize(("value", "names", "codes"), [
    # web mail and Mac prints: a box over each address and its brackets, its code after the name
    ("Jim Moss (b)(6), Ann Lee (b)(6)", ["Jim Moss", "Ann Lee"], [("(b)(6)",), ("(b)(6)",)]),
    ("Jim Moss B6, Ann Lee B6", ["Jim Moss", "Ann Lee"], [("(b)(6)",), ("(b)(6)",)]),
    ("Jim Moss  (b)(6) , Ann Lee  (b)(6)", ["Jim Moss", "Ann Lee"], [("(b)(6)",), ("(b)(6)",)]),
    ("Jim Moss (b)(6), Ann Lee", ["Jim Moss", "Ann Lee"], [("(b)(6)",), ()]),
    ("Jim Moss (b)(6), (b)(7)(C), Ann Lee (b)(6)", ["Jim Moss", "Ann Lee"], [("(b)(6)", "(b)(7)(C)"), ("(b)(6)",)]),
    # ... a "Last, First" list whose semicolons were commas, each name boxed so
    ("Moss, Jim (b)(6), Lee, Ann (b)(6)", ["Moss, Jim", "Lee, Ann"], [("(b)(6)",), ("(b)(6)",)]),
    # ... and a producer's layer where the boxes took the commas too: the names apart by their width
    ("Jim Moss  Ann Lee", ["Jim Moss", "Ann Lee"], [(), ()]),
    ("Jim Moss   Ann Lee   Carl Roe", ["Jim Moss", "Ann Lee", "Carl Roe"], [(), (), ()]),
    # one name's words set apart stay one name; a name after a withheld surname is that party's
    ("Jim  Moss", ["Jim Moss"], [()]),
    ("Carl Moss   Deputy Director", ["Carl Moss Deputy Director"], [()]),  # a title after a name, no party
    ("Jane Roe  for Ann Lee", ["Jane Roe for Ann Lee"], [()]),
    ("Jim Moss Ann Lee", ["Jim Moss Ann Lee"], [()]),
    ("Roe, Jane (b)(6)", ["Roe, Jane"], [("(b)(6)",)]),
])
def test_names_each_followed_by_their_box_or_apart_by_its_width_are_parties_each(
        value: str, names: list[str], codes: list[tuple[str, ...]]) -> None:
    """Layout family, web mail prints ("Jim Moss <jm@x.com>, Ann Lee <al@x.com>") with a box over
    each address. GIVEN the names each followed by their box's code, or (a producer's text layer,
    the boxes over the commas too) set apart by the boxes' width WHEN parsed THEN a party each
    (was: one party "Jim Moss , Ann Lee", or "Jim Moss Ann Lee")."""
    parties = parse_parties(value)
    assert [p.name for p in parties] == names
    assert [p.redactions for p in parties] == codes


@pytest.mark.parametrize(("value", "parties"), [
    ("b6@union.example.org", [("", "", ("(b)(6)",))]),
    ("b6, b7C@union.example.org", [("", "", ("(b)(6)", "(b)(7)(C)"))]),
    ("Ex. 6 @union.example.org", [("", "", ("(b)(6)",))]),
    ("Ann Lee <alee@harbor.example.gov>; B6 @union.example.org", [("Ann Lee", "alee@harbor.example.gov", ()), ("", "", ("(b)(6)",))]),
    ("jroe @harbor.example.gov", [("", "jroe@harbor.example.gov", ())]),  # an address OCR spaced is one still
])
def test_a_mailbox_whose_box_prints_a_bare_code_before_its_domain_is_withheld(
        value: str, parties: list[tuple[str, str, tuple[str, ...]]]) -> None:
    """Layout family, redaction tools writing a box's code as "b6", "B6" or "Ex. 6" over a mailbox's
    local part, its domain printed ("b6@union.example.org", "Ex. 6 @union.example.org"). GIVEN such a
    value WHEN parsed THEN a party withheld under the codes, no address (was: no party at all, or the
    address "6@union.example.org", or one code of two)."""
    assert [(p.name, p.address, p.redactions) for p in parse_parties(value)] == parties


@pytest.mark.parametrize(("value", "parties"), [
    ("jroe@ (b)(7)(C)", [("", "", ("(b)(7)(C)",))]),  # the box's code after the local part
    ("jroe@ Sec. 552.108", [("", "", ("552.108",))]),
    ("Jane Roe <jroe@ >", [("Jane Roe", "", ("redacted",))]),  # a box printing no code, in the brackets
    ("Jane Roe < >, Ann Lee <alee@harbor.example.gov>", [("Jane Roe", "", ("redacted",)), ("Ann Lee", "alee@harbor.example.gov", ())]),
    ("Jane Roe [mailto: ]", [("Jane Roe", "", ("redacted",))]),
    ("Jane Roe <jroe@", [("Jane Roe", "jroe@", ())]),  # (cut at a line's end, its brackets open: no box)
    ("Undisclosed recipients <>", [("Undisclosed recipients", "", ())]),  # (a mailer's, none to withhold)
])
def test_a_mailbox_whose_domain_a_box_withholds_is_withheld(value: str, parties: list[tuple[str, str, tuple[str, ...]]]) -> None:
    """Layout family, redaction tools boxing a mailbox's domain, or all of it, inside its brackets
    ("Jane Roe <jroe@ >", "< >"), or writing the box's code after its local part ("jroe@ (b)(6)").
    GIVEN such a value WHEN parsed THEN the party is withheld (its code, or none printed), with no
    address and no local part for a name (was: the address "jroe@", the name "jroe@", or a party
    shown with nothing withheld)."""
    assert [(p.name, p.address, p.redactions) for p in parse_parties(value)] == parties


@pytest.mark.parametrize("box", ["(b)(6), (b)(7)(C)", "b6, b7C", "b6/b7c"])
def test_a_box_before_a_whole_party_its_separator_lost_is_a_party_of_its_own(box: str) -> None:
    """OCR failure, scans: the semicolon after a box lost, its codes run onto the next party ("…;
    b6, b7C Solano, Beatriz <…>"), the codes printed in parentheses or bare as the box prints them
    (a label read as printed) WHEN parsed THEN the box is a withheld party and the next its own
    (was: for bare codes, the next party taken as the withheld one)."""
    parties = parse_parties(f"Ann Lee <alee@harbor.example.gov>; {box} Park, Ellen <epark@harbor.example.gov>; Moss, Carl")
    assert [(p.name, p.address, p.redactions) for p in parties] == [
        ("Ann Lee", "alee@harbor.example.gov", ()), ("", "", ("(b)(6)", "(b)(7)(C)")),
        ("Park, Ellen", "epark@harbor.example.gov", ()), ("Moss, Carl", "", ())]


def test_codes_after_a_name_are_told_at_once_however_many() -> None:
    """A list of thirty boxes after a name (a release withholding a mailing list's members): whether
    a name and its boxes' codes end a party is told at once (the pattern backtracked exponentially:
    22 boxes before a name took 12 seconds, thirty hours), and told right either way."""
    assert _name_then_codes("Jim Moss " + "(b)(6), " * 30)
    assert not _name_then_codes("Jane Roe, " + "(b)(6), " * 30 + "Carl Moss")
