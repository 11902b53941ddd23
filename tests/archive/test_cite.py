"""Citations: legal style, redactions shown, uncertainty never hidden."""

from __future__ import annotations

import dataclasses

import pytest

from archive import ArchiveError, Party, Release
from archive.cite import (
    bates_parts,
    bates_range,
    cited_date,
    cited_name,
    date_doubt,
    date_flag,
    date_flag_title,
    date_standing,
    email_citation,
    format_date,
    listed_date,
    page_citation,
    pin_label,
    respell_bates,
    split_bates,
)
from archive.exemptions import canonical_code, explain
from archive.model import Document, Email, Page

RELEASE = Release(slug="dea-msft", title="DEA\u2013Microsoft FOIA Release")
DOC = Document(id="abcdefghijkl", sha256="ab" * 32, release="dea-msft", filename="part1.pdf", size=1,
               page_count=9, fingerprint="f", parent_sha256=None, duplicate_of=None, indexed=True,
               ingested_at="")


def make_email(**changes) -> Email:
    base = Email(
        start_page=3, start_line=0, end_page=5, end_line=9, ordinal=0, kind="email", quoted=False,
        parent=None, sender=Party("Jane Roe", "jane@dea.gov"), to=(Party("John Doe", "jd@microsoft.com"),),
        cc=(), bcc=(), sent="2018-11-13T15:45:00", sent_raw="Tuesday, November 13, 2018 3:45 PM",
        date_certainty="exact", subject="Facial recognition", normalized_subject="facial recognition",
        body="", exemptions=(), attachments=(), bates_start="DEA-MSFT-000123", bates_end="DEA-MSFT-000125",
        id="abcd234567", document_id=DOC.id, release="dea-msft", parent_id=None)
    return dataclasses.replace(base, **changes)


def test_email_citation_in_legal_style():
    assert email_citation(make_email(), RELEASE, "https://x.test/e/abcd234567") == (
        "Email from Jane Roe to John Doe (Nov. 13, 2018, 3:45 PM), in DEA\u2013Microsoft FOIA Release, "
        "at DEA-MSFT-000123\u2013125, https://x.test/e/abcd234567")


def test_redacted_parties_and_many_recipients():
    email = make_email(sender=Party("", "", ("(b)(6)",)),
                       to=(Party("A"), Party("", "", ("(b)(6)", "(b)(7)(C)")), Party("C")))
    text = email_citation(email, RELEASE, "P")
    assert text.startswith("Email from [redacted (b)(6)] to A et al. (")
    two = email_citation(make_email(to=(Party("A"), Party("", "", ("(b)(6)",)))), RELEASE, "P")
    assert "to A and [redacted (b)(6)] (" in two


@pytest.mark.parametrize(("sent", "certainty", "raw", "expected"), [
    ("2018-11-13", "exact", "11/13/2018", "(Nov. 13, 2018)"),
    ("2018-09-01T09:05:00", "exact", "", "(Sept. 1, 2018, 9:05 AM)"),
    ("2018-03-04", "ambiguous", "03/04/18", "(Mar. 4, 2018 [date uncertain; read as \u201c03/04/18\u201d])"),
    (None, "damaged", "Nov 1? 2O18", "(date read as \u201cNov 1? 2O18\u201d)"),
    (None, "missing", "", "(undated)"),
])
def test_dates_are_cited_honestly(sent, certainty, raw, expected):
    text = email_citation(make_email(sent=sent, date_certainty=certainty, sent_raw=raw), RELEASE, "P")
    assert expected in text


def test_a_date_in_doubt_quotes_the_machines_words_as_read_and_a_persons_as_printed():
    """GIVEN a date OCR read from a scan as "Friday, April 22 2011 553 PM" (mended to 5:53 PM,
    damaged) WHEN cited THEN the bracket says those words were read, not printed (the page prints
    "Friday, April 22, 2011 5:53 PM": a brief quoting OCR as the page misquotes the document);
    once a person gives the date as printed, their words are quoted as printed."""
    ocr = make_email(sent="2011-04-22T17:53:00", sent_raw="Friday, April 22 2011 553 PM", date_certainty="damaged")
    assert cited_date(ocr) == "Apr. 22, 2011, 5:53 PM [date uncertain; read as \u201cFriday, April 22 2011 553 PM\u201d]"
    person = dataclasses.replace(ocr, sent_printed="Friday, April 22, 2011 5:53 PM")
    assert cited_date(person) == ("Apr. 22, 2011, 5:53 PM [date uncertain; printed \u201cFriday, April 22, 2011 "
                                  "5:53 PM\u201d]")
    assert cited_date(dataclasses.replace(ocr, sent=None)) == "date read as \u201cFriday, April 22 2011 553 PM\u201d"
    # the note an export and an exhibit table give such a date says it as the citation does (it
    # said "[date uncertain; read as …]" beside the citation's "date read as …")
    assert date_doubt(dataclasses.replace(ocr, sent=None, date_certainty="missing")) == cited_date(
        dataclasses.replace(ocr, sent=None))



def test_a_date_a_person_typed_is_cited_as_supplied_not_as_printed():
    """GIVEN a date a person gave without the words the page prints (typed year first: the page
    withholds it, or prints another) WHEN cited, listed in an exhibit table or exported THEN it
    says the date was supplied, as a supplied sender is bracketed (was: cited bare, as if the page
    printed it, and opposing counsel finds another date on the page); a date a person gave with
    the page's words, and the machine's, are cited as printed."""
    typed = make_email(sent="2018-10-01T09:00:00", people_gave=("date", "sender"), sent_printed="", date_supplied=True)
    assert cited_date(typed) == "Oct. 1, 2018, 9:00 AM [date supplied]"
    assert email_citation(typed, RELEASE, "P").startswith("Email from [Jane Roe] to John Doe (Oct. 1, 2018, 9:00 AM "
                                                          "[date supplied]), ")
    assert listed_date(typed, day=True) == "2018-10-01 [date supplied]" and date_doubt(typed) == "[date supplied]"
    as_printed = dataclasses.replace(typed, sent_printed="Monday, October 1, 2018 9:00 AM", date_supplied=False)
    assert cited_date(as_printed) == ("Oct. 1, 2018, 9:00 AM [date as corrected; printed "
                                      "\u201cMonday, October 1, 2018 9:00 AM\u201d]")
    assert cited_date(make_email()) == "Nov. 13, 2018, 3:45 PM"


def test_recipients_a_person_gave_around_a_redaction_take_one_pair_of_brackets():
    """GIVEN recipients a person gave (one added to a list whose first recipient the page withholds)
    WHEN cited THEN the supplied words are bracketed once, the redaction's placeholder keeping its
    words inside them (was: "to [[redacted (b)(6), (b)(7)(C)] et al.]", a bracket inside a bracket,
    malformed in a brief); a sender a person gave where the page withholds it likewise."""
    boxed = Party("", "", ("(b)(6)", "(b)(7)(C)"))
    given = make_email(to=(boxed, Party("Ellison, Mark", "m@x.gov"), Party("New Person", "np@x.gov")),
                       people_gave=("to",))
    assert email_citation(given, RELEASE, "P").startswith("Email from Jane Roe to [redacted (b)(6), (b)(7)(C) et al.] (")
    unknown = make_email(sender=None, people_gave=("sender",))
    assert email_citation(unknown, RELEASE, "P").startswith("Email from [unknown] to John Doe (")
    machine = make_email(to=(boxed,))
    assert email_citation(machine, RELEASE, "P").startswith("Email from Jane Roe to [redacted (b)(6), (b)(7)(C)] (")


def test_a_display_name_spelling_another_address_is_cited_with_the_real_one():
    """GIVEN native mail whose sender's display name spells an address it was not sent from
    ('=?utf-8?q?Director_Roe_<roe@agency.gov>?= <x@elsewhere.example>') WHEN cited THEN the real
    address follows the name in brackets (was: cited as from "Director Roe <roe@agency.gov>", the
    real address nowhere); a name spelling its own address, or none, is cited as before."""
    spoof = make_email(sender=Party("Director Roe <roe@agency.example.gov>", "x@elsewhere.example"))
    assert email_citation(spoof, RELEASE, "P").startswith(
        "Email from Director Roe <roe@agency.example.gov> [x@elsewhere.example] to John Doe (")
    own = make_email(sender=Party("'jane@dea.gov'", "jane@dea.gov"))
    assert email_citation(own, RELEASE, "P").startswith("Email from 'jane@dea.gov' to John Doe (")
    assert cited_name(Party("Roe, Jane", "jr@x.gov")) == "Jane Roe"
    # look-alike "@"s and spaced addresses spell one all the same (was: cited bare)
    for name in ("Director Roe \u2039roe\uff20agency.gov>", "Director Roe <roe @ agency.gov>",
                 "Director Roe <roe@agency .gov>", "roe\ufe6bagency.gov"):
        assert cited_name(Party(name, "x@elsewhere.example")) == f"{name} [x@elsewhere.example]"
    assert Party("Director Roe <roe@agency.gov>", "x@elsewhere.example").attributed == \
        "Director Roe <roe@agency.gov> [x@elsewhere.example]"  # (what result lists and exports show)
    assert Party("Roe, Jane", "jr@x.gov").attributed == "Roe, Jane"


def test_a_date_a_person_corrected_is_cited_and_listed_as_corrected():
    """GIVEN a date a person gave other than the machine's reading, with the words the page prints
    or with none (the other reading of "03/04/18", typed year first) WHEN cited, listed or flagged
    THEN it says a person corrected it, with the words (the person's, else the machine's reading),
    as a sender a person gave is bracketed (was: cited bare, as if the page printed it: "03/04/18"
    read as April 3 by a person, March 4 by opposing counsel); a supplied date is flagged in lists
    too (was: only in citations)."""
    printed = make_email(sent="2018-11-14T08:00:00", people_gave=("date",),
                         sent_printed="Wednesday, November 14, 2018 8:00 AM")
    assert cited_date(printed) == ("Nov. 14, 2018, 8:00 AM [date as corrected; printed "
                                   "\u201cWednesday, November 14, 2018 8:00 AM\u201d]")
    other = make_email(sent="2018-04-03T10:00:00", sent_raw="03/04/18 10:00", people_gave=("date",), sent_printed="")
    assert cited_date(other) == "Apr. 3, 2018, 10:00 AM [date as corrected; read as \u201c03/04/18 10:00\u201d]"
    assert listed_date(other, day=True) == "2018-04-03 [date as corrected; read as \u201c03/04/18 10:00\u201d]"
    assert (date_standing(other), date_flag(date_standing(other))) == ("corrected", "date as corrected")
    assert date_flag_title(other) == "A person corrected the date the machine read"
    supplied = dataclasses.replace(other, date_supplied=True)
    assert (date_standing(supplied), date_flag(date_standing(supplied)), date_doubt(supplied)) == (
        "supplied", "date supplied", "[date supplied]")
    unsure = dataclasses.replace(other, date_certainty="ambiguous")  # a person's date they were unsure of
    assert date_doubt(unsure) == "[date uncertain]"

@pytest.mark.parametrize(("doubts", "expected"), [
    (("dated-from:document-dates",), "(Aug. 7, 2013 [date inferred; read as \u201c07/08/2013\u201d])"),
    (("dated-from:thread-order", "repaired:sender"), "(Aug. 7, 2013 [date inferred; read as \u201c07/08/2013\u201d])"),
    (("dated-from:weekday",), "(Aug. 7, 2013)"),  # a digit OCR misread: the page prints the date plainly
    ((), "(Aug. 7, 2013)"),
])
def test_a_date_whose_page_reads_either_way_is_cited_as_inferred(doubts, expected):
    """GIVEN a page printing "07/08/2013" (day and month either way) that the splitter read as 7
    August from the document's other dates or its thread's order (certainty "exact") WHEN it is
    cited THEN the citation says the date was inferred and quotes the page: a brief must not state
    as printed what only an inference says; a date OCR misread and mended is cited as the page prints it."""
    email = make_email(sent="2013-08-07", sent_raw="07/08/2013", doubts=doubts)
    assert expected in email_citation(email, RELEASE, "P")
    inferred = "dated-from:weekday" not in doubts and bool(doubts)
    assert (date_standing(email), date_flag(date_standing(email))) == (
        ("inferred", "date inferred") if inferred else ("exact", ""))
    assert listed_date(email, day=True) == "2013-08-07" + (" [date inferred; read as \u201c07/08/2013\u201d]"
                                                           if inferred else "")
    assert date_flag_title(email).endswith(": 07/08/2013")


def test_without_bates_the_file_and_pages_are_cited():
    email = make_email(bates_start=None, bates_end=None, kind="meeting", to=())
    assert email_citation(email, RELEASE, "P", DOC) == (
        "Meeting invitation from Jane Roe (Nov. 13, 2018, 3:45 PM), in DEA\u2013Microsoft FOIA Release, "
        "at part1.pdf, pp. 3\u20135, P")


@pytest.mark.parametrize(("start", "end", "expected"), [
    ("DEA-MSFT-000123", "DEA-MSFT-000125", "DEA-MSFT-000123\u2013125"),
    ("DEA-MSFT-000999", "DEA-MSFT-001002", "DEA-MSFT-000999\u20131002"),
    ("A-1", "A-1", "A-1"), ("A-1", None, "A-1"), ("A-9", "B-2", "A-9\u2013B-2"),
    # a suffixed stamp is printed whole at each end (its end is no number alone)
    ("HBR-000024-S", "HBR-000026-S", "HBR-000024-S\u2013HBR-000026-S"),
])
def test_bates_range(start, end, expected):
    assert bates_range(start, end) == expected


def test_page_citation_has_the_bates_number():
    page = Page(number=4, text="", source="ocr", ocr_confidence=80.0, bates="DEA-MSFT-000124",
                exemptions=(), kind="email", fingerprint="", document_id=DOC.id, release="dea-msft")
    assert page_citation(page, RELEASE, "P", DOC) == "DEA\u2013Microsoft FOIA Release, at DEA-MSFT-000124, P"
    assert page_citation(dataclasses.replace(page, bates=None), RELEASE, "P", DOC).endswith("part1.pdf, p. 4, P")


def test_format_date_keeps_unparseable_text():
    assert format_date("not a date") == "not a date"


@pytest.mark.parametrize(("iso", "expected"), [
    ("2018-11-13T00:30:00-05:00", "Nov. 13, 2018, 12:30 AM UTC-5"),
    ("2018-11-13T15:45:00+05:30", "Nov. 13, 2018, 3:45 PM UTC+5:30"),
    ("2018-11-13T15:45:00+00:00", "Nov. 13, 2018, 3:45 PM UTC"),
    ("2018-11-13T15:45:00", "Nov. 13, 2018, 3:45 PM"),
])
def test_the_time_zone_is_cited_when_the_header_printed_one(iso, expected):
    assert format_date(iso) == expected
    assert f"({expected})" in email_citation(make_email(sent=iso), RELEASE, "P")


PRODUCED = dataclasses.replace(RELEASE, agency="Drug Enforcement Administration", request_number="19-00412-F",
                               released="2020-05-29")


def test_the_producing_agency_request_and_production_date_are_cited():
    assert email_citation(make_email(), PRODUCED, "https://x.test/e/abcd234567") == (
        "Email from Jane Roe to John Doe (Nov. 13, 2018, 3:45 PM), in DEA\u2013Microsoft FOIA Release, "
        "at DEA-MSFT-000123\u2013125 (Drug Enforcement Administration, Request No. 19-00412-F, "
        "produced May 29, 2020), https://x.test/e/abcd234567")
    partial = dataclasses.replace(PRODUCED, request_number="", released="")
    assert "at DEA-MSFT-000123\u2013125 (Drug Enforcement Administration), P" in \
        email_citation(make_email(), partial, "P")


def test_a_quoted_copy_is_cited_as_quoted_in_the_email_that_prints_it():
    """GIVEN a reply on DEA-MSFT-000123–125 quoting an earlier email printed on its page 124
    WHEN the copy is cited THEN it says so and pins the copy's page, never posing as the original."""
    reply = make_email(sender=Party("John Doe"), to=(Party("Jane Roe"),), sent="2018-11-14T09:05:00")
    copy = make_email(quoted=True, parent_id=reply.id, id="quoted2345", sent="2018-11-12", start_page=4,
                      end_page=4, bates_start="DEA-MSFT-000124", bates_end="DEA-MSFT-000124")
    assert email_citation(copy, PRODUCED, "P", DOC, reply) == (
        "Email from Jane Roe to John Doe (Nov. 12, 2018), quoted in Email from John Doe to Jane Roe "
        "(Nov. 14, 2018, 9:05 AM), in DEA\u2013Microsoft FOIA Release, at DEA-MSFT-000124 "
        "(Drug Enforcement Administration, Request No. 19-00412-F, produced May 29, 2020), P")
    assert ", quoted in another email, in " in email_citation(copy, RELEASE, "P")


@pytest.mark.parametrize(("stamps", "pinned"), [
    ((None, None), "part1.pdf, p. 4"),  # the copy's page lost its stamp to OCR
    (("DEA-MSFT-000124", None), "part1.pdf, pp. 4\u20135"),  # its last page did
])
def test_a_quoted_copy_on_an_unstamped_page_is_pinned_to_its_own_pages_not_the_replys(stamps, pinned):
    """GIVEN a reply stamped DEA-MSFT-000123–125 quoting an earlier email printed on its pages whose
    stamp OCR did not read WHEN the copy is cited THEN it names the file and the copy's own pages,
    never the reply's Bates numbers (pages the copy is not printed on)."""
    reply = make_email(sender=Party("John Doe"), to=(Party("Jane Roe"),), sent="2018-11-14T09:05:00")
    copy = make_email(quoted=True, parent_id=reply.id, id="quoted2345", sent="2018-11-12", start_page=4,
                      end_page=5 if stamps[0] else 4, bates_start=stamps[0], bates_end=stamps[1])
    assert f", at {pinned}, P" in email_citation(copy, RELEASE, "P", DOC, reply)


@pytest.mark.parametrize(("printed", "cited"), [
    (Party("Ellison, Mark"), "Mark Ellison"),
    (Party("ELLISON, MARK A.", "mark.ellison@dea.gov"), "MARK A. ELLISON"),
    (Party("Ellison, Mark (DEA)"), "Mark Ellison (DEA)"),
    (Party("Laura Brennan", "lbrennan@microsoft.com"), "Laura Brennan"),
    (Party("John Doe, Jr."), "John Doe, Jr."),
    (Party("Microsoft, Inc."), "Microsoft, Inc."),
    (Party("", "jd@dea.gov"), "jd@dea.gov"),
    (Party("", "", ("(b)(6)",)), "[redacted (b)(6)]"),
    (None, "[unknown]"),
])
def test_names_are_cited_given_name_first(printed, cited):
    assert cited_name(printed) == cited


def test_names_in_one_citation_follow_one_rule():
    email = make_email(sender=Party("Ellison, Mark", "mark.ellison@dea.gov"),
                       to=(Party("Laura Brennan"), Party("Doe,  John")))
    assert email_citation(email, RELEASE, "P").startswith(
        "Email from Mark Ellison to Laura Brennan and John Doe (")


def test_pages_are_cited_one_way():
    assert pin_label(4, "DEA-MSFT-000043") == "DEA-MSFT-000043 (p. 4)"
    assert pin_label(4, None) == "p. 4"
    assert email_citation(make_email(bates_start=None, bates_end=None), RELEASE, "P", DOC).endswith(
        "at part1.pdf, pp. 3\u20135, P")


@pytest.mark.parametrize(("code", "canonical"), [
    ("b6", "(b)(6)"), ("(b)(6)", "(b)(6)"), ("B7C", "(b)(7)(C)"), ("(b)(7)(c)", "(b)(7)(C)"),
    ("(b) (5)", "(b)(5)"), ("b6c", "b6c"), ("Gov. Code 6254(f)", "Gov. Code 6254(f)"),
])
def test_exemption_codes_are_canonical(code, canonical):
    assert canonical_code(code) == canonical


def test_every_federal_exemption_is_explained_and_state_codes_fall_back():
    for n in range(1, 10):
        assert explain(f"b{n}").federal
    for letter in "ABCDEF":
        assert "Law enforcement" in explain(f"(b)(7)({letter})").title
    assert "privacy" in explain("(b)(6)").explanation
    other = explain("RCW 42.56.240(1)")
    assert not other.federal and "state" in other.explanation


@pytest.mark.parametrize(("start", "end"), [(None, "DEA-MSFT-000125"), ("DEA-MSFT-000123", None)])
def test_an_email_over_pages_with_a_stamp_lost_at_one_end_is_pinned_by_its_pages(start, end):
    """GIVEN an email on pp. 3-5 whose first (or last) page's stamp OCR could not read, THEN the
    pinpoint is the file's pages, not the one stamp read ("at DEA-MSFT-000125" would cite one
    page of three); a one-page email keeps the stamp its page has."""
    text = email_citation(make_email(bates_start=start, bates_end=end), RELEASE, "P", DOC)
    assert "at part1.pdf, pp. 3\u20135, P" in text
    one_page = make_email(end_page=3, bates_start="DEA-MSFT-000123", bates_end="DEA-MSFT-000123")
    assert "at DEA-MSFT-000123, P" in email_citation(one_page, RELEASE, "P", DOC)


def test_a_release_described_with_invisible_characters_is_kept_and_cited_without_them(tmp_path):
    """GIVEN a release whose title and agency were pasted with a bidi override and a zero-width
    space (the upload form's fields, a release.json) WHEN it is saved THEN it is kept, audited and
    cited without them, as PDF text is: the override reversed every citation of the release
    after the title, in the brief it was pasted into."""
    from archive import Archive

    with Archive.open(tmp_path / "archive") as archive:
        archive.save_release(Release(slug="dea-msft", title="DEA\u2013Microsoft \u202eFOIA Release",
                                     agency="Drug Enforcement\u200b Administration"), actor="cli:test")
        kept = archive.release("dea-msft")
        (entry,) = archive.audit_trail(target="dea-msft", limit=1)
    assert (kept.title, kept.agency) == ("DEA\u2013Microsoft FOIA Release", "Drug Enforcement Administration")
    assert entry.details["after"]["title"] == kept.title
    with Archive.open(tmp_path / "archive") as archive:  # the slug is the key: refused, never another's
        with pytest.raises(ArchiveError, match="invisible character"):
            archive.save_release(Release(slug="dea​-msft", title="Something else"))
        assert archive.release("dea-msft").title == kept.title and len(archive.releases()) == 1
    assert "in DEA\u2013Microsoft FOIA Release, at DEA-MSFT-000123\u2013125 (Drug Enforcement Administration)" \
        in email_citation(make_email(), kept, "P")


def test_an_alert_mail_lists_an_uncertain_date_with_its_doubt():
    """A saved search's alert mail (and its feed and page) gives each record's date as its citation
    does: one the splitter was not sure of says so, never the bare guess."""
    from archive.mail import MailSettings, alert_message
    from archive.work import AlertNotice, SavedSearch

    email = dataclasses.replace(make_email(), sent="2018-03-04T10:00:00", sent_raw="03/04/18 10:00",
                                date_certainty="ambiguous")
    search = SavedSearch("s1", "al@example.org", "pilot", "pilot", (), False, "t")
    body = alert_message(MailSettings("localhost", public_url="https://foia.example.org"),
                         AlertNotice(search, "b1", (f"e:{email.id}",)), [email]).get_content()
    assert "[date uncertain; read as \u201c03/04/18 10:00\u201d]" in body


@pytest.mark.parametrize(("released", "expected"), [
    ("2020-05", "produced May 2020"), ("2020-09", "produced Sept. 2020"), ("2020", "produced 2020"),
])
def test_a_release_dated_by_its_month_or_year_is_cited_so(released, expected):
    """A release may be dated YYYY-MM or YYYY (``is_release_date``): its citation names the month
    as table T12 abbreviates it, as a full date is cited, never the ISO form ("produced 2020-05")."""
    text = email_citation(make_email(), dataclasses.replace(PRODUCED, released=released), "P")
    assert f"(Drug Enforcement Administration, Request No. 19-00412-F, {expected}), P" in text


@pytest.mark.parametrize(("stamp", "parts"), [
    ("HBR-000024-S", ("HBR-", "000024", "-S")), ("HBR_0000031_CF", ("HBR_", "0000031", "_CF")),
    ("DEA-MSFT-000123", ("DEA-MSFT-", "000123", "")), ("ABC-2019-000123-A", ("ABC-2019-", "000123", "-A")),
    ("HBR-000024-Sent", None), ("HBR-000024-s", None), ("HBR", None),
])
def test_a_stamp_s_parts_are_its_prefix_number_and_suffix(stamp, parts) -> None:
    assert bates_parts(stamp) == parts
    assert split_bates(stamp) == (parts[:2] if parts else None)


def test_a_number_typed_is_spelled_as_a_suffixed_stamp_prints_it() -> None:
    assert respell_bates("25", "HBR-000024-S", 4) == "HBR-000025-S"
    assert respell_bates("1000000", "HBR-000024-S", 4) is None
