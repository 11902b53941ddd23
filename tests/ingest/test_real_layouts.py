"""Layout, page and OCR-failure families met on real scanned productions.

Each fixture is shaped after a real agency OCR layer (a noisy text layer laid over a
1-bit scan, release stamps on every page); names and addresses are fictional. Each
test names the family its rule serves.
"""

from __future__ import annotations

import re

import pytest

from archive.corrections import DOUBT_CODES
from archive.model import UNCODED, Party
from ingest.emails import emails_from_pages
from ingest.headers import (
    SentDate,
    clock_halves,
    mailer_shape,
    meridiem_readings,
    misread_hour_readings,
    misread_year_readings,
    normalize_subject,
    parse_attachments,
    parse_date,
    parse_parties,
    read_subject,
    weekday_readings,
)
from ingest.marks import is_furniture_line
from ingest.split import _name_broken_before_its_address, split_into_emails

STAMPED_PAGE = """\
UNCLASSIFIED U.S. Department of State
Case No. F-2019-01234
Doc No. C01234567
Date: 05/13/2015
RELEASE IN
PART B6
From: Roe, Jane A <RoeJA@agency.gov>
Sent: Wednesday, September 12, 2012 6:16 PM
To: Doe, John
Subject: Fw: Embassy update
Please print.
From: Smith, Pat
Sent: Wednesday, September 12, 2012 04:09 PM
To: Roe, Jane A
Subject: Embassy update
The embassy reopens on Monday.
UNCLASSIFIED
Doc No. C01234567
Date: 05/13/2015 SUBJECT TO AGREEMENT ON SENSITIVE INFORMATION
"""


def test_release_stamp_date_is_not_the_sent_date() -> None:
    """Page family: release stamps. GIVEN a review-date stamp "Date: 05/13/2015" above the
    header WHEN split and parsed THEN the email is dated by its own Sent: line and starts
    at its From: line."""
    emails, _ = emails_from_pages([STAMPED_PAGE], [None])
    top = emails[0]
    assert (top.sent, top.subject, top.sender) == (
        "2012-09-12T18:16:00", "Fw: Embassy update", Party("Roe, Jane A", "roeja@agency.gov"))
    assert STAMPED_PAGE.splitlines()[top.start_line].startswith("From:")
    assert [(e.quoted, e.sent) for e in emails[1:]] == [(True, "2012-09-12T16:09:00")]


@pytest.mark.parametrize("specks", ["= 7 ie? ae", "ae", "| — ."])
def test_release_stamp_date_above_a_header_whose_box_ocr_read_as_a_line(specks: str) -> None:
    """OCR failure of scans (a real release re-scanned grey): a redaction box's frame beside the
    From: value read as a line of specks between From: and Sent:. GIVEN the stamp's "Date:" above
    THEN the email still starts at its From: line and is dated by its Sent: line (it was dated
    05/13/2015, the stamp, its Sent: line an email of its own with no sender)."""
    page = STAMPED_PAGE.replace("\nSent: Wednesday, September 12, 2012 6:16 PM", f"\n{specks}\nSent: Wednesday, September 12, 2012 6:16 PM")
    emails, _ = emails_from_pages([page], [None], ocr_pages={1})
    assert [(e.sent, e.sender.name if e.sender else None) for e in emails] == [
        ("2012-09-12T18:16:00", "Roe, Jane A"), ("2012-09-12T16:09:00", "Smith, Pat")]
    assert page.splitlines()[emails[0].start_line].startswith("From:")


def test_headers_printed_subject_or_date_first_with_a_one_line_body_stay_apart() -> None:
    """Layout families, Thunderbird (Subject: first) and Date:-first prints, one line of body
    between two headers: the line before the next header's first label is body, never a speck
    line inside a stamp's block (the reply took the quoted message's subject or date)."""
    thunderbird = ("Subject: Fwd: Budget\nFrom: Kent, Mary <kentm@x.org>\nDate: Mon, 7 Oct 2019 13:45:00 -0400\n"
                   "To: Doe, John <jd@x.org>\n\nFYI\n\nSubject: Budget\nDate: Mon, 7 Oct 2019 13:40:00 -0400\n"
                   "From: Doe, John <jd@x.org>\nTo: Kent, Mary <kentm@x.org>\n\nSee attached.\n")
    emails, _ = emails_from_pages([thunderbird], [None], ocr_pages={1}, latest_year=2026)
    assert [(e.subject, [p.name for p in e.to]) for e in emails] == [("Fwd: Budget", ["Doe, John"]), ("Budget", ["Kent, Mary"])]
    dated = ("Date: Monday, October 7, 2019 1:45 PM\nFrom: Kent, Mary\nTo: Doe, John\nSubject: Budget\nOk.\n"
             "Date: Monday, October 7, 2019 1:40 PM\nFrom: Doe, John\nTo: Kent, Mary\nSubject: Budget\n\nSee attached.\n")
    emails, _ = emails_from_pages([dated], [None], ocr_pages={1}, latest_year=2026)
    assert [(e.sent, e.subject) for e in emails] == [("2019-10-07T13:45:00", "Budget"), ("2019-10-07T13:40:00", "Budget")]


def test_margin_codes_a_text_layer_lists_above_the_header_are_the_email_s() -> None:
    """Page family: the State Department's scans, whose text layer lists the margin codes beside
    redaction boxes (and a passage printed beside them) above the release stamp and header.
    GIVEN such a page WHEN parsed THEN the email below holds those codes (the redaction log
    placed them on it while its own exemptions were none), the stamp's summary of codes is no
    withholding of its own, and a quoted copy keeps only what its own lines print."""
    page = ("B7(A)\nB1\nB7(D)\nPost reports that police have arrested several people today.\nUNCLASSIFIED\n"
            "Doc No. C01234568\nRELEASE IN PART\nB1,B7(D),B7(A),B5\nFrom: Hollis, Robin J\n"
            "Sent: Sunday, November 18, 2012 8:44 PM\nTo: H\nSubject: FW: Report of arrests\nFyi\n"
            "From: Jones, Beth E\nSent: Sunday, November 18, 2012 07:14 PM\nTo: Hollis, Robin\n"
            "Subject: Report of arrests\nThis is preliminary. B6\n")
    top, copy = emails_from_pages([page], [None])[0]
    assert (top.quoted, copy.quoted) == (False, True)
    assert list(top.exemptions) == ["(b)(6)", "(b)(7)(A)", "(b)(1)", "(b)(7)(D)"]
    assert list(copy.exemptions) == ["(b)(6)"]


def test_codes_alone_above_the_next_email_are_that_email_s_in_its_record_and_the_log() -> None:
    """GIVEN a page of two emails, a redacted title line of codes above the second with a blank
    line before its header WHEN parsed THEN the codes are the second email's, in its record and in
    the redaction log (the line an email's span ends before was taken as inside it: the log gave
    the codes to the first, the records to neither)."""
    from types import SimpleNamespace

    from ingest.redactions import _owner

    first = ("(b)(6), (b)(7)(C)\nFrom: Smith, Jane <jane@state.gov>\nSent: Thursday, January 05, 2012 3:00 PM\n"
             "To: Doe, John\nSubject: First\n\nBody one line.\n")
    page = ("(b)(6), (b)(7)(C)\nFrom: Roe, Richard <rr@state.gov>\nSent: Friday, January 06, 2012 3:00 PM\n"
            "To: Doe, John\nSubject: Second\n\nBody two is here.\nThanks.\n\n(b)(6), (b)(7)(C) (b)(3)\n\n"
            "From: Poe, Edgar <ep@state.gov>\nSent: Friday, January 06, 2012 5:00 PM\nTo: Doe, John\n"
            "Subject: Third\n\nBody three.\n")
    emails = emails_from_pages([first, page], [None, None])[0]
    assert [(e.subject, e.quoted) for e in emails] == [("First", False), ("Second", False), ("Third", False)]
    assert "(b)(3)" in emails[2].exemptions and "(b)(3)" not in emails[1].exemptions
    line = page.split("\n").index("(b)(6), (b)(7)(C) (b)(3)")
    placed = [SimpleNamespace(start_page=e.start_page, start_line=e.start_line, end_page=e.end_page,
                              end_line=e.end_line, quoted=e.quoted, subject=e.subject) for e in emails]
    assert _owner(placed, 2, line).subject == "Third"  # type: ignore[arg-type]


@pytest.mark.parametrize("line", ["RELEASE IN PART B5,B6", "RELEASE IN", "PART B6", "UNCLASSIFIED",
                                  "Case No. F-2015-04841", "Doc No. C05739554", "RELEASE IN FULL"])
def test_release_stamp_lines_are_furniture(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize("line", ["Release in part of the records", "Date: 05/13/2015", "Unclassified summary follows"])
def test_prose_and_headers_are_not_furniture(line: str) -> None:
    assert not is_furniture_line(line)


LOST_COLONS = """\
From: Roe, Jane A <RoeJA@agency.gov>
Sent Thursday, September 13, 2012 6:09 AM
To:
Subjoct FW: Special envoy report from the field 4/26 1200 (SBU)
Remind me to discuss.
"""


def test_labels_whose_colon_ocr_lost() -> None:
    """OCR failure: "Sent Thursday, ..." and "Subjoct FW: ..." lost their colons (and a
    letter); the values stay in their fields, the subject is not taken for a recipient."""
    (span,) = split_into_emails([LOST_COLONS]).spans
    assert span.header.get("sent") == "Thursday, September 13, 2012 6:09 AM"
    assert span.header.get("subject") == "FW: Special envoy report from the field 4/26 1200 (SBU)"
    assert span.header.get("to") == ""
    assert span.body == "Remind me to discuss."


@pytest.mark.parametrize("prose", ["To be clear, we agreed on Monday.", "Sent them over this morning.",
                                   "From the start this was a pilot."])
def test_prose_next_to_a_header_is_not_a_lost_colon_label(prose: str) -> None:
    page = f"From: Roe, Jane\nSent: Monday, May 2, 2011 11:08 AM\nTo: Doe, John\nSubject: Pilot\n{prose}\n"
    (span,) = split_into_emails([page]).spans
    assert span.body == prose


def test_blank_redacted_fields_are_not_filled_from_the_body() -> None:
    """Layout family: Outlook print with the sender and recipients redacted (a box beside
    the empty "From:" and "To:"). The body's first lines are not the missing values."""
    page = ("B6\nFrom:\nSent: Monday, August 8, 2011 7:04 PM\nTo:\nSubject: H: Report. Sid\n"
            "CONFIDENTIAL\nAugust 8, 2011\nFor: The Secretary\n")
    (span,) = split_into_emails([page]).spans
    assert (span.header.get("from"), span.header.get("to")) == ("", "")
    assert span.body.startswith("CONFIDENTIAL")


def test_a_quoted_copy_whose_sender_a_box_withheld_carries_the_box_s_code() -> None:
    """Page family, the State Department's scans: a quoted header's From: printed blank, its box's
    code in the margin on the line above ("B6"). GIVEN such a copy under a reply WHEN read THEN
    the copy's sender is withheld under (b)(6) and the copy's own exemptions hold (b)(6) (was: its
    sender withheld, its exemptions none: the copy's redaction left out of its count and facet)."""
    page = ("From: Roe, Jane <RoeJ@harbor.example.gov>\nSent: Tuesday, March 5, 2013 10:14 AM\nTo: Doe, John\n"
            "Subject: RE: Harbor permit\n\nOK, send it to me.\n\nB6\nFrom:\nSent: Monday, March 4, 2013 4:02 PM\n"
            "To: Roe, Jane\nSubject: Harbor permit\n\nJane, the contractor called again.\n")
    (top, copy), _ = emails_from_pages([page], [None])
    assert copy.quoted and copy.sender.redactions == ("(b)(6)",) and copy.exemptions == ("(b)(6)",)


def test_a_blank_subject_stays_blank() -> None:
    page = ("From: Roe, Jane <jroe@agency.gov>\nSent: Wednesday, October 17, 2012 5:48 PM\n"
            "To: B6\nSubject:\nPls print.\n")
    (span,) = split_into_emails([page]).spans
    assert span.header.get("subject") == ""
    assert span.body == "Pls print."


def test_headers_printed_back_to_back_are_two_emails() -> None:
    """A forward with no text of its own prints the forwarded header right under its own:
    the second From: starts the quoted copy."""
    page = ("From: Lane\nSent: Friday, July 26, 2013 3:28 PM\nSubject: FW: Project lists\n\n"
            "From: Stone, Gary\nSent: Friday, July 26, 2013 3:27:43 PM\nTo: Perry, Hal\n"
            "Subject: RE: Project lists\nThe lists are attached.\n")
    spans = split_into_emails([page]).spans
    assert [(s.header.get("from"), s.header.quoted) for s in spans] == [("Lane", False), ("Stone, Gary", True)]


def test_wrapped_subject_joined_when_the_thread_prints_it_whole() -> None:
    """Layout family: Outlook print tables wrap a long subject; the quoted header below
    prints it on one line. The wrapped line is the subject's, not the body's."""
    page = ("From: Roe, Jane <jroe@agency.gov>\nSent: Sunday, November 11, 2012 10:16 AM\nTo:\n"
            "Subject: Fw: Diplomats say they had long questioned reliance on local\nmilitia (Wire)\n"
            "From: Kent, Pat\nSent: Sunday, November 11, 2012 09:38 AM\nTo: Roe, Jane\n"
            "Subject: RE: Diplomats say they had long questioned reliance on local militia (Wire)\nJane, see below.\n")
    spans = split_into_emails([page]).spans
    assert spans[0].header.get("subject") == "Fw: Diplomats say they had long questioned reliance on local militia (Wire)"
    assert spans[0].body.startswith("From: Kent, Pat")


def test_first_body_line_not_joined_to_a_quoted_copys_subject() -> None:
    """A quoted copy of the same message starts with the same body line: that is no reason
    to join it to the subject."""
    page = ("From: Roe, Jane\nSent: Monday, March 5, 2018 9:00 AM\nTo: Doe, John\nSubject: RE: Agenda - apn 3\n"
            "Priya,\nSee below.\n-----Original Message-----\nFrom: Roe, Jane\nSent: Friday, March 2, 2018 9:00 AM\n"
            "To: Doe, John\nSubject: Agenda - April 3\nPriya,\nThe agenda.\n")
    spans = split_into_emails([page]).spans
    assert [s.header.get("subject") for s in spans] == ["RE: Agenda - apn 3", "Agenda - April 3"]


def test_typed_memo_is_not_an_email() -> None:
    """Page family: typed memos and briefing papers whose MEMORANDUM heading OCR lost."""
    page = ("UNITED STATES GOVERNMENT\nTO: The Deputy Secretary\nFROM: Office of Policy - Jane Roe\n"
            "SUBJECT: Options for the summit\nDATE: March 3, 2011\nThis paper sets out three options.\n")
    result = split_into_emails([page])
    assert result.spans == ()
    assert result.page_kinds == ("other",) or result.page_kinds == ("memo",)


@pytest.mark.parametrize(("raw", "iso", "certainty"), [
    ("Monday, May 2, 201111:08 AM", "2011-05-02T11:08:00", "damaged"),  # year run into the time
    ("Saturday, April Z 2011 4:04 PM", "2011-04-02T16:04:00", "damaged"),  # day read as a letter
    ("Tuesday, August 13.2013 10:57.", "2013-08-13T10:57:00", "exact"),  # comma read as a period
    ("Friday. April 1,2011 11:53 AM", "2011-04-01T11:53:00", "exact"),
    # Windows zone names name the zone; the offset is the one in force that day.
    ("Thursday, August 08, 2013 01:30 PM Central Standard Time", "2013-08-08T13:30:00-05:00", "exact"),
    ("Thu, Jan 5, 2012 5:22 pm Eastern Standard Time", "2012-01-05T17:22:00-05:00", "exact"),
    ("Sat, Jan 5, 2013 5:22 pm Pacific Standard Time", "2013-01-05T17:22:00-08:00", "exact"),
    # A redaction box over the line cut the glyphs' tops: digits read as letters; the
    # damaged weekday picks the reading (August 8, 2013 was a Thursday, the 5th a Monday).
    ("tnursaay, AUGUST US, ZUL3 1:23 PM", "2013-08-08T13:23:00", "damaged"),
    ("Mondxy, August US, ZUL3 1:23 PM", "2013-08-05T13:23:00", "damaged"),
    ("Inursday, August U8, 2U13 1:Z3 PM", "2013-08-08T13:23:00", "damaged"),
    ("Friday, October Z, 2U13 4:15 PM", None, "missing"),  # no reading falls on a Friday
    # a 3 cut to its lower bowl reads S: 2015 and 2018 are read too, and only 2013 is a Thursday
    # (the weekday damaged past its first letters; "Saturday" reads nearly as like); where two
    # readings fall on the weekday (3 August 2013, 8 August 2015: Saturdays), none is taken
    ("riursday, AUgUST US, ZUIS 1:23 PM", "2013-08-08T13:23:00", "damaged"),
    ("Saturday, AUgUST US, ZUIS 1:23 PM", None, "missing"),
    ("Thursday, January US, ZUIS 1:23 PM", None, "missing"),  # 3 January 2013 and 8 January 2015: Thursdays
    ("Sent Friday, April 22 2011 553 PM", "2011-04-22T17:53:00", "damaged"),  # the clock's colon lost
])
def test_dates_through_ocr_failures(raw: str, iso: str, certainty: str) -> None:
    assert (parse_date(raw).iso, parse_date(raw).certainty) == (iso, certainty)


@pytest.mark.parametrize(("raw", "iso"), [
    ("Tuesday, July 16, 2013 3:45 PM (UTC-05:00) Eastern Time (US & Canada)", "2013-07-16T15:45:00-04:00"),
    ("Tuesday, January 15, 2013 3:45 PM (UTC-05:00) Eastern Time (US & Canada)", "2013-01-15T15:45:00-05:00"),
    ("Tue 7/16/2013 3:45 PM (GMT-05:00) Eastern Time", "2013-07-16T15:45:00-04:00"),
    ("Monday, August 5, 2013 9:00 AM-10:00 AM (UTC-06:00) Central Time (US & Canada)", "2013-08-05T09:00:00-05:00"),
    ("Monday, August 5, 2013 9:00 AM (UTC-07:00) Arizona", "2013-08-05T09:00:00-07:00"),  # no summer time
    ("Monday, August 5, 2013 9:00 AM (UTC-05:00) Indiana (East)", "2013-08-05T09:00:00-04:00"),
    ("Tuesday, July 16, 2013 15:45 (UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna",
     "2013-07-16T15:45:00+02:00"),
    ("Tuesday, July 16, 2013 15:45 (UTC) Dublin, Edinburgh, Lisbon, London", "2013-07-16T15:45:00+01:00"),
    ("Tuesday, January 15, 2013 15:45 (GMT) Greenwich Mean Time : Dublin, Edinburgh, Lisbon, London",
     "2013-01-15T15:45:00+00:00"),
    ("Tuesday, January 15, 2013 15:45 (UTC+10:00) Canberra, Melbourne, Sydney", "2013-01-15T15:45:00+11:00"),
    ("Tuesday, July 16, 2013 15:45 (UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi", "2013-07-16T15:45:00+05:30"),
    # a name the table does not hold, or an offset that is not the zone's standard one: the offset as printed
    ("Tuesday, July 16, 2013 3:45 PM (UTC-05:00) Somewhere Else", "2013-07-16T15:45:00-05:00"),
    ("Tuesday, July 16, 2013 3:45 PM (UTC-06:00) Eastern Time (US & Canada)", "2013-07-16T15:45:00-06:00"),
])
def test_a_windows_zone_display_name_gives_the_offset_in_force_that_day(raw: str, iso: str) -> None:
    """Layout family: Outlook prints a Windows zone by its display name, "(UTC-05:00) Eastern
    Time (US & Canada)" ("(GMT-05:00) …" before 2010), meeting times in particular. The offset
    in it is the zone's standard one whatever the date; the message's instant on a summer day is
    an hour nearer UTC. The clock stays as printed."""
    assert parse_date(raw) == SentDate(iso, raw, "exact")


@pytest.mark.parametrize(("raw", "party"), [
    ("H <hmail99©example.com>", Party("H", "hmail99@example.com")),  # © read for @, an initial for a name
    ("Roe, Jane ‹jroe@agency.gov›", Party("Roe, Jane", "jroe@agency.gov")),  # ‹› read for <>
    ("Kent, Pat [rnailto:KentP@agency.govi]", Party("Kent, Pat", "kentp@agency.gov")),
    ("Kent, Pat [mallto:KentP@agency.gov)", Party("Kent, Pat", "kentp@agency.gov")),
    ("Pat Kent [malt°", Party("Pat Kent", "")),
    ("Pat Kent fmailto B6", Party("Pat Kent", "")),
    # the bracket read as a letter of a word of its own, before an address or a box
    ("H tmailto:HDR99@example.com]", Party("H", "hdr99@example.com")),
    ("Hartley, Monica R Emailto", Party("Hartley, Monica R", "")), ("H trnailta", Party("H", "")),
    ("Jim Malton", Party("Jim Malton", "")), ("Emma Talton", Party("Emma Talton", "")),  # names, not scraps
    ("Emerito Lopez", Party("Emerito Lopez", "")), ("Maria E Mata", Party("Maria E Mata", "")),
    ("Tom Emailton", Party("Tom Emailton", "")), ("Lee, Ann E matta@x.gov", Party("Lee, Ann E", "matta@x.gov")),
    ("Lane, Jo H. [mailto:Jo ann.Lane@cityofexample.org]", Party("Lane, Jo H.", "joann.lane@cityofexample.org")),
    ("H [rnallto:HMB220harbarrnail.com]", Party("H", "")),  # an initial beside a destroyed address
    ("Roe„ Jane A <jroe@agency.gov>", Party("Roe, Jane A", "jroe@agency.gov")),  # „ read for a comma
    ("Müller ‚ Hans", Party("Müller, Hans", "")),
    ("„Jane Roe“ <jroe@agency.gov>", Party("Jane Roe", "jroe@agency.gov")),  # a German opening quote stays one
])
def test_addresses_through_ocr_failures(raw: str, party: Party) -> None:
    assert parse_parties(raw)[0] == Party(party.name, party.address, parse_parties(raw)[0].redactions)


@pytest.mark.parametrize(("raw", "subject"), [
    ("FVV: Q re talks", "FW: Q re talks"), ("Fvv: Remarks", "FW: Remarks"), ("Fw; Mufti statement", "Fw; Mufti statement"),
    ("Pw: Monday meeting", "Fw: Monday meeting"), ("PW: Monday meeting", "FW: Monday meeting"),
    ("Fwe: more on talks", "Fw: more on talks"), ("Pwe: spare parts", "Pwe: spare parts"),
    ("Power: outage", "Power: outage"), ("Fwee: x", "Fwee: x"),
    # its w read as two or three strokes (a real release's layer: "Fitv: H: Latest", "Fvic: Libya")
    ("Fitv: H: Latest", "Fw: H: Latest"), ("Fvic: Libya", "Fw: Libya"), ("Fiw: Libya", "Fw: Libya"),
    ("Fit: Libya", "Fit: Libya"), ("Five: points", "Five: points"), ("Flv: Libya", "Fw: Libya"),
    ("Ftw: great news", "Ftw: great news"), ("Ftv: channel lineup", "Ftv: channel lineup"),
    # "EW:" is a subject's own prefix (electronic warfare): no forward's F read as an E
    ("EW: spectrum plan", "EW: spectrum plan"),
])
def test_forward_prefix_misread(raw: str, subject: str) -> None:
    assert read_subject(raw) == subject


OWA_PRINT = """\
Mail - Roe, Jane - Outlook
RE: Camera procurement schedule
Doe, John <John.Doe@cityofexample.gov>
Tue 5/12/2020 3:08 PM
To: Roe, Jane <Jane.Roe@cityofexample.gov>;
Cc: Smith, Pat <Pat.Smith@cityofexample.gov>;
Jane, the schedule slipped a week.
"""

OWA_ONE_LINE = """\
Camera procurement schedule
Doe, John <John.Doe@cityofexample.gov>   Tue 5/12/2020 3:08 PM
To: Roe, Jane <Jane.Roe@cityofexample.gov>
The schedule slipped a week.
"""


@pytest.mark.parametrize("page", [OWA_PRINT, OWA_ONE_LINE])
def test_outlook_web_app_print(page: str) -> None:
    """Layout family: Outlook Web App prints: subject as a title, sender and time without
    labels (on two lines or one), then To:/Cc:."""
    emails, _ = emails_from_pages([page], [None])
    (email,) = emails
    assert email.sender == Party("Doe, John", "john.doe@cityofexample.gov")
    assert email.sent == "2020-05-12T15:08:00"
    assert email.subject.endswith("Camera procurement schedule")
    assert email.to[0].address == "jane.roe@cityofexample.gov"
    assert email.body.endswith("slipped a week.")


def test_a_to_line_in_prose_is_not_a_web_print() -> None:
    page = "Minutes of the meeting\nThe board met at 3:00 PM on May 12.\nTo: all staff\nSubject: none\n"
    assert split_into_emails([page]).spans == ()


def test_redacted_subject_and_attachments_are_not_filled_from_the_body() -> None:
    """Layout family: Outlook print, subject and attachments blacked out; OCR reads the
    box edges as "[" and nothing. The body under them is not their value."""
    page = ("From: Lane\nSent: Thursday, August 08, 2013 1:30 PM\nSubject: [\nAttachments:\n\n"
            "Jim, below and attached are what we'll be pilot testing with about 20 users. I'll give you\n"
            "a call in a few.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert (email.subject, email.attachments) == ("", ())
    assert email.body.startswith("Jim, below")


def test_labels_then_values_still_pair_up() -> None:
    """OCR failure: a two-column header read as all labels, then all values."""
    page = ("From:\nSent:\nTo:\nSubject:\nJane Roe <jane.roe@example.com>\nTuesday, November 13, 2018 3:45 PM\n"
            "Doe, John <john.doe@example.gov>\nRE: Pilot\nJohn, see below.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert (email.sender.address, email.sent, email.to[0].address, email.subject) == (
        "jane.roe@example.com", "2018-11-13T15:45:00", "john.doe@example.gov", "RE: Pilot")


def test_lotus_notes_memo_style_header() -> None:
    """Layout family: Lotus Notes: sender and date left, To/cc/Subject right, read across."""
    page = ("Carla Jensen/PORT/Bellmore . To Tom Webb/ENG/Bellmore\n"
            "02/20/2013 04:45 PM ce Luis Ortiz/PORT/Bellmore\n\nSubject Re: Berth 4 soundings\n"
            "Tom, please resurvey berth 4.\nCarla\n")
    (email,), _ = emails_from_pages([page], [None])
    assert (email.sender.name, email.sent, email.subject) == ("Carla Jensen/PORT/Bellmore", "2013-02-20T16:45:00",
                                                             "Re: Berth 4 soundings")
    assert [p.name for p in email.to] == ["Tom Webb/ENG/Bellmore"]
    assert [p.name for p in email.cc] == ["Luis Ortiz/PORT/Bellmore"]


def test_groupwise_reply_line_is_a_quoted_copy() -> None:
    page = ('From: "Carla Jensen" <cjensen@port.example.org>\nTo: “Tom Webb" <twebb@port.example.org>, '
            '‘Luis Ortiz" <lortiz@port.example.org>\nDate: 2/21/2013 8:30 AM\nSubject: Re: Berth 4\n'
            "Approved.\n\n"
            '>>> "Tom Webb" <twebb@port.example.org> 2/19/2013 10:15 AM >>>\nThe soundings came in shallow.\n')
    emails, _ = emails_from_pages([page], [None])
    assert [p.address for p in emails[0].to] == ["twebb@port.example.org", "lortiz@port.example.org"]
    assert [(e.quoted, e.sender.address if e.sender else "", e.sent) for e in emails[1:]] == [
        (True, "twebb@port.example.org", "2013-02-19T10:15:00")]


@pytest.mark.parametrize(("line", "sent"), [
    ('>>> "Tom Webb" <twebb@port.example.org> 2/19/2013 10:15 AM\n>>>', "2013-02-19T10:15:00"),  # closing marks below
    ('>> "Tom Webb" <twebb@port.example.org> 2/19/2013 10:15 AM', "2013-02-19T10:15:00"),  # opening ones misread
    ('rao "Tom Webb" <twebb@port.example.org> 2/19/2013 10:15 AM >>>', "2013-02-19T10:15:00"),
    (">> Tom Webb 21919/13 10 15 AM >>>.", None),  # the date's digits misread: quoted, undated
])
def test_a_groupwise_reply_line_ocr_damaged_is_still_a_quoted_copy(line: str, sent: str | None) -> None:
    """OCR failure, scanned GroupWise prints: GIVEN a reply line whose closing marks OCR read on
    a line of their own or lost, whose opening ones it read ">>" or as a short word, or whose
    date's digits it misread WHEN read THEN the copy under it is quoted, from its sender (was: the
    reply's body)."""
    page = (f"From: Carla Jensen\nTo: Tom Webb\nDate: 2/21/2013 8:30 AM\nSubject: Re: Berth 4\nApproved.\n\n"
            f"{line}\nThe soundings came in shallow.\n")
    emails, _ = emails_from_pages([page], [None])
    assert [(e.quoted, e.sender.name if e.sender else "", e.sent) for e in emails[1:]] == [(True, "Tom Webb", sent)]


def test_gmail_print_skips_its_message_count() -> None:
    page = ("Gmail Mai Nguyen <mai@mail.example>\nRe: Public comment period\n1 message\n"
            "Mai Nguyen <mai@mail.example> Tue, Mar 19, 2013 at 9:14 AM\nTo: Rita Sandoval <rs@county.example.gov>\n"
            "Thank you.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert (email.subject, email.sent, email.sender.address) == ("Re: Public comment period", "2013-03-19T09:14:00",
                                                                "mai@mail.example")


def test_fax_transmission_lines_are_furniture() -> None:
    assert is_furniture_line("MAY-15-2013 08:12 FROM:KELL CO BOARD 5550184400 TO:12025550163 P.2/3")
    assert is_furniture_line("MAY¥15-2013 08:12 FROM:KELL CO BOARD 5550184400 TO:12025550143)P.2/3°")
    assert not is_furniture_line("From: Rita Sandoval <rs@county.example.gov>")


def test_a_print_on_each_page_of_a_compilation() -> None:
    """A compilation of prints, one per page: a header at the top of a page after a page
    that ended early starts a new email, even from a client that prints no banner."""
    first = "Okafor, Daniel\nFrom: Aaron Levin <al@x.gov>\nSent: Wednesday, April 17, 2013 11:05 AM\nTo: D\nSubject: Cost\nShort.\n"
    second = "From: Gordon Feld <gf@y.example>\nDate: Thursday, April 18, 2013 at 7:55 AM\nTo: D\nSubject: Easement\nAlso short.\n"
    spans = split_into_emails([first, second]).spans
    assert [(s.header.page, s.header.quoted) for s in spans] == [(1, False), (2, False)]


def test_a_header_after_a_full_page_is_a_quoted_copy() -> None:
    body = "\n".join(f"Line {n} of a long reply that fills the page." for n in range(45))
    first = f"Okafor, Daniel\nFrom: Aaron Levin <al@x.gov>\nSent: Wednesday, April 17, 2013 11:05 AM\nTo: D\nSubject: RE: Cost\n{body}\n"
    second = "From: Gordon Feld <gf@y.example>\nSent: Tuesday, April 16, 2013 7:55 AM\nTo: A\nSubject: Cost\nEarlier.\n"
    spans = split_into_emails([first, second]).spans
    assert [(s.header.page, s.header.quoted) for s in spans] == [(1, False), (2, True)]


@pytest.mark.parametrize("footer", ["Case No. F-2015-04841 Doc No. C05739554", "FOIA Request No. 2019-00123",
                                    "Doc No. C05110001 Case No. F-2016-07731"])
def test_case_and_request_numbers_are_not_bates_numbers(footer: str) -> None:
    from ingest.marks import find_bates

    assert find_bates(f"body\n{footer}") is None


@pytest.mark.parametrize(("subjects", "settled"), [
    (["Fvic From the field", "RE: From the field", "From the field"], ["FW: From the field", "RE: From the field",
                                                                       "From the field"]),
    (["FVV budget", "budget"], ["FW: budget", "budget"]),
    (["FM budget notes", "budget notes"], ["FW: budget notes", "budget notes"]),  # "w" read as "m"
    (["REZ budget notes", "budget notes"], ["RE: budget notes", "budget notes"]),  # the colon as "Z" (a light copy)
    # the colon read as a full stop, before the rest misread too: the rest a misreading of a subject printed
    (["RE. Harbor Project Lists Now Arcas", "Harbor Project Lists Now Areas", "Harbor Project Lists Now Areas"],
     ["RE: Harbor Project Lists Now Areas", "Harbor Project Lists Now Areas", "Harbor Project Lists Now Areas"]),
    (["Re Harbor update", "RE: Harbor updates", "RE: Harbor updates"],
     ["RE: Harbor updates", "RE: Harbor updates", "RE: Harbor updates"]),
    (["Re Harbor meeting", "Harbor meetings", "Harbor meetings", "Lunch meeting"],  # "meeting" printed elsewhere:
     ["Re Harbor meeting", "Harbor meetings", "Harbor meetings", "Lunch meeting"]),  # no misreading
    (["FWE More on harbor", "More on harbor"], ["FW: More on harbor", "More on harbor"]),  # the colon as "E"
    (["FWh Visas obtained", "Visas obtained"], ["FW: Visas obtained", "Visas obtained"]),
    (["Fwd. Revised schedule", "Revised schedule"], ["Fwd: Revised schedule", "Revised schedule"]),  # Gmail's, as it prints it
    (["Re King of harbor", "King of harbor"], ["RE: King of harbor", "King of harbor"]),  # "Re" is no "R" + "e"
    (["FM radio", "FM radio"], ["FM radio", "FM radio"]),  # printed so every time: no misreading
    (["Fix budget", "budget"], ["Fix budget", "budget"]),  # a word, not a misread prefix
    (["Final budget", "RE: budget"], ["Final budget", "RE: budget"]),
])
def test_prefix_misread_past_recognition(subjects: list[str], settled: list[str]) -> None:
    """OCR failure: "FW:" read as "Fvic" (w as "vi", the colon as "c") or "FM" (w as "m"); known
    because the document prints the rest of the subject without it."""
    from ingest.headers import settle_subjects

    assert settle_subjects(subjects) == settled


def test_a_glyph_a_light_copy_misreads_on_several_printings_is_mended() -> None:
    """OCR failure of a light copy: a thin stroke lost the same way on several printings of one
    subject ("OEMC" read "OFMC" on four of them, each misread elsewhere too), so the misread word
    is printed by several readings, yet it is the document's word with E read as F. A word
    several readings print that differs by no glyph OCR confuses stays ("May"/"Mar")."""
    from ingest.headers import settle_subjects

    printed = ["FW: OEMC Harbor Lists Now Areas"] * 3 + ["RE: OEMC Harbor Lists Now Areas"] * 2
    misread = ["FW: OFMC Harbor Lists how Areas", "FW: OFMC Harbor Lists Now Areas", "FW: OFMC Harbor Lists Now Arcas"]
    assert settle_subjects(printed + misread)[5:] == ["FW: OEMC Harbor Lists Now Areas"] * 3
    months = ["Harbor budget for May"] * 3 + ["Harbor budget for Mar", "Harbor budgets for Mar"]
    assert settle_subjects(months) == months


def test_a_subject_printed_twice_one_misread_takes_the_reading_in_the_documents_words() -> None:
    """OCR failure, any scanned thread (a real production's forwards: "Mayor's vbit", "Ubyan
    elections", "Monday Novernber 26"): GIVEN a subject printed in two headers, a message and its
    forward, one misread, neither printed more often WHEN the document's text prints the other
    reading's words beyond its subject lines (or words they begin: "visited") and the misread
    words nowhere but its own subject line THEN both read the same (each with its prefix); a
    word the text prints
    elsewhere too, a letter alone, or no text to tell stay as read."""
    from collections import Counter

    from ingest.headers import settle_subjects, subject_words

    subjects = ["Fw: Harbor survey: Mayor's visit", "Harbor survey: Mayor's vbit"]
    body = "The mayor visited the harbor office and the survey crew."
    vocabulary = Counter(subject_words("\n".join([*subjects, body])))
    assert settle_subjects(subjects, vocabulary=lambda: vocabulary) == ["Fw: Harbor survey: Mayor's visit",
                                                                "Harbor survey: Mayor's visit"]
    assert settle_subjects(subjects) == subjects  # (no text to tell)
    elsewhere = Counter(subject_words("\n".join([*subjects, body, "a vbit"])))
    assert settle_subjects(subjects, vocabulary=lambda: elsewhere) == subjects  # "vbit" printed elsewhere too
    unknown = Counter(subject_words("\n".join([*subjects, "Nothing of the sort."])))
    assert settle_subjects(subjects, vocabulary=lambda: unknown) == subjects  # "visit" printed nowhere else
    letters = ["Report No. 1 09/14/T", "RE: Report No. 1 09/14/I"]
    assert settle_subjects(letters, vocabulary=lambda: Counter(subject_words("\n".join([*letters, "I went."])))) == letters


def test_a_prefix_colon_read_as_a_semicolon() -> None:
    """OCR failure of scans, a fax most: "FW; …", "RE; Fw; …" (7 of Chicago's 59 headers as a
    fax) are the prefixes mail clients print with a colon; a text layer's stays as printed."""
    from ingest.headers import settle_subjects

    subjects = ["FW; Camera list", "RE; Fw; Camera list", "Re ; Camera list", "FW; Camera list", "Camera list; May"]
    assert settle_subjects(subjects, [True, True, True, False, True]) == [
        "FW: Camera list", "RE: Fw: Camera list", "Re: Camera list", "FW; Camera list", "Camera list; May"]


@pytest.mark.parametrize(("subjects", "settled"), [
    # each printing's box cut a different word: each word read whole in the other printing
    (["RE: Visit report from (b)(6) yn 13 May", "Visit report fron (b)(6) on 13 May"],
     ["RE: Visit report from (b)(6) on 13 May", "Visit report from (b)(6) on 13 May"]),
    (["Call wits (b)(6)"], ["Call with (b)(6)"]),  # one printing: the only short word so cut
    (["Notes fron (b)(6), (b)(7)(C) on Monday"], ["Notes from (b)(6), (b)(7)(C) on Monday"]),
    (["Note yn (b)(6) budget"], ["Note yn (b)(6) budget"]),  # "on" or "in": nothing tells which
    (["Lunch with Ann (b)(6)", "Visit of Dan (b)(6)"], ["Lunch with Ann (b)(6)", "Visit of Dan (b)(6)"]),  # names
    (["Lunch an (b)(6) meeting"], ["Lunch an (b)(6) meeting"]),  # a word itself
    (["Report fron the field"], ["Report fron the field"]),  # no box beside it
])
def test_a_word_an_outlined_box_cut(subjects: list[str], settled: list[str]) -> None:
    """OCR failure, page family of outlined redaction boxes (DHS): the frame drawn against the
    word before or after the box covers part of its nearest glyph ("Email fron (b)(6) on", "from
    (b)(6) yn"). A short word printed against withheld names is read whole again, from the
    subject's other printing where it tells, else where only one such word fits."""
    from ingest.headers import settle_subjects

    assert settle_subjects(subjects) == settled
    assert settle_subjects(subjects, [False] * len(subjects)) == subjects  # a text layer's stays as printed


BOXED_SUBJECT_PAGE = """\
UNCLASSIFIED
RELEASE IN
PART B5
From: Roe, Jane A <RoeJA@agency.gov>
Sent: Friday, March 8, 2013 4:00 PM
To: Doe, John
Subject: FW:
- Harbor
Tuesday March 12 from 9:00 - 9:45 am - Briefing B5
Can you cover this one?
From: Smith, Pat
Sent: Friday, March 8, 2013 10:21 AM
To: Roe, Jane A
Subject: Fw: Tuesday March 12 from 9:00 - 9:45 am
See below.
"""


def test_subject_split_by_a_redaction_box_is_rejoined() -> None:
    """OCR failure: a redaction box inside the subject. GIVEN an OCR layer that kept only
    "FW:" beside the label and read the rest (ending in the box's code) and its wrap line
    apart WHEN split THEN the subject is whole, with the wrap line last, and the body
    starts at the first line written."""
    emails, _ = emails_from_pages([BOXED_SUBJECT_PAGE], [None])
    assert emails[0].subject == "FW: Tuesday March 12 from 9:00 - 9:45 am - Briefing - Harbor"
    assert emails[0].body.startswith("Can you cover this one?")


def test_a_bare_prefix_is_not_filled_from_an_unrelated_line() -> None:
    """The rest must start with what another header of the thread prints: a body line
    ending in a code is body, not subject."""
    page = BOXED_SUBJECT_PAGE.replace("Tuesday March 12 from 9:00 - 9:45 am - Briefing B5",
                                      "The harbor plan is attached here B5")
    emails, _ = emails_from_pages([page], [None])
    assert emails[0].subject == "FW:"


OUT_OF_PLACE_PAGE = """\
--- Original Message ---
From:
Sent: Sunday, March 10, 2013 10:15 PM
To: Roe, Jane A
Subject: Re: Hearings
B6
B5
UNCLASSIFIED
Agency Records Office
RELEASE IN
PART B5,B6
From: Roe, Jane A <RoeJA@agency.gov>
Sent: Monday, March 11, 2013 9:03 AM
To: Doe, John
Subject: Fw: Hearings
Please bring this up today.
Got it, thanks.
--- Original Message ---
From: Roe, Jane A
Sent: Sunday, March 10, 2013 08:52 PM
To: Smith, Pat
Subject: Re: Hearings
Thanks for the note.
"""
SECOND_PAGE = """\
UNCLASSIFIED
Agency Records Office
The hearings went well.
"""


def test_header_zone_read_before_the_page_is_a_quoted_copy() -> None:
    """OCR failure: a producer's layer read a header zone beside a redaction box first.
    GIVEN a page that starts with a header with no text of its own (codes, stamps and the
    running head) older than the header under it WHEN split THEN the header under it is
    the top message and the zone is a quoted copy."""
    emails, _ = emails_from_pages([OUT_OF_PLACE_PAGE, SECOND_PAGE], [None, None])
    top = [e for e in emails if not e.quoted]
    assert [(e.sent, e.subject) for e in top] == [("2013-03-11T09:03:00", "Fw: Hearings")]
    assert emails[0].quoted and emails[0].sent == "2013-03-10T22:15:00"


def test_a_copy_read_above_the_first_email_is_printed_in_it_and_a_separator_may_lose_its_end() -> None:
    """OCR failure: GIVEN that page with its second separator's trailing dashes lost ("-----
    Original Message": a faint print's line end) WHEN split THEN the copy under it is quoted in
    the top message (it was an email of its own, the top message cut short above it) and the zone
    read above the top message is a copy printed in it (it was a copy in no email, and its page
    on the site failed)."""
    page = OUT_OF_PLACE_PAGE.replace("Got it, thanks.\n--- Original Message ---", "Got it, thanks.\n----- Original Message")
    emails, _ = emails_from_pages([page, SECOND_PAGE], [None, None])
    assert [(e.quoted, e.parent, e.sent) for e in emails] == [
        (True, 1, "2013-03-10T22:15:00"), (False, None, "2013-03-11T09:03:00"), (True, 1, "2013-03-10T20:52:00")]
    assert (emails[1].end_page, emails[2].end_page) == (2, 2)


@pytest.mark.parametrize("top_date", ["Sent: Tuesday, March 3, 2015 1:05 PM", "Date: Tue, 03 Mar 2015 13:05:44 -0800"])
def test_a_forward_above_what_it_forwards_stays_on_top_whatever_its_clock(top_date: str) -> None:
    """Layout family, Outlook prints whose separator is a graphic rule (no text), a forward with
    no words of its own: the quoted header's clock read in its sender's zone, hours later than
    the forward's. GIVEN "FW: dock permits" at 1:05 PM over "dock permits" at 3:58 PM WHEN split
    THEN the forward is the top message and the header under it quoted (was: the forward taken for
    a copy read out of its place, the forwarded message the document's top message)."""
    page = (f"From: Roe, Jane\n{top_date}\nTo: Doe, John\nSubject: FW: dock permits\n\nFrom: Moss, Carl\n"
            "Sent: Tuesday, March 3, 2015 3:58 PM\nTo: Roe, Jane\nSubject: dock permits\n\nJane, permits attached.\n")
    emails, _ = emails_from_pages([page], [None])
    assert [(e.quoted, e.sender.name if e.sender else None) for e in emails] == [(False, "Roe, Jane"), (True, "Moss, Carl")]


def test_a_top_message_whose_date_ocr_misread_older_stays_on_top() -> None:
    """OCR failure: GIVEN a top message dated "Monday, October 6, 2012" (printed "08": October 6
    was a Saturday) above the header it forwards, of October 8, with no text of its own between
    WHEN split THEN it is the top message, dated on its weekday (it was taken for a copy read out
    of its place: quoted, and dated the 6th under the header below it)."""
    page = ("From: Roe, Jane A <RoeJA@agency.gov>\nSent: Monday, October 6, 2012 7:27 AM\nTo: H\n"
            "Subject: Fw: The cable\nFrom: Doe, John\nSent: Monday, October 08, 2012 07:21 AM\nTo: Roe, Jane A\n"
            "Subject: The cable\nThe story ran this morning.\n")
    emails, _ = emails_from_pages([page], [None], latest_year=2026)
    assert [(e.quoted, e.sent, "dated-from:weekday" in e.doubts) for e in emails] == [
        (False, "2012-10-08T07:27:00", True), (True, "2012-10-08T07:21:00", False)]


def test_a_header_zone_whose_to_list_the_layer_laid_out_a_name_a_line_is_a_quoted_copy() -> None:
    """OCR failure: GIVEN a page whose layer read first a header zone beside its To: list's boxes,
    its names one to a line ("Moss, Carl'", "- Levin, Joan'"), then a rule's stub ("_") above a
    newer header WHEN split THEN the zone is a quoted copy of the email the chain began on the
    page before (it opened an email of its own, older than the copies it "quoted")."""
    first = ("From: Roe, Jane A\nSent: Friday, November 23, 2012 7:40 PM\nTo: Doe, John\nSubject: Re: Session\n"
             "Sounds good.\nFrom: Doe, John\nSent: Friday, November 23, 2012 3:40 PM\nTo: Roe, Jane A\n"
             "Subject: Re: Session\nPat should go.\n")
    second = ("Brandt, Lena'\nFrom: Okafor, Dana\nSent: Friday, November 23, 2012 08:51 AM\nTo:\nMoss, Carl'\n"
              "- Levin, Joan'\nlohnson, Bryan'\n_\nFrom: Kent, Mary\nSent: Friday, November 23, 2012 03:33 PM\n"
              "To: Doe, John\nSubject: RE: Session\nWho attends?\n")
    emails, _ = emails_from_pages([first, second], [None, None])
    assert [(e.start_page, e.quoted, e.parent) for e in emails] == [
        (1, False, None), (1, True, 0), (2, True, 0), (2, True, 0)]


def test_a_header_above_one_whose_year_ocr_misread_years_later_stays_on_top() -> None:
    """OCR failure of a fax: GIVEN a top message of April 26, 2011 above the header it forwards,
    whose year and weekday OCR misread ("CTS Turasehy, Apr 26, 2021"), with no text between WHEN
    split THEN the first is the top message (ten years older than the header under it, it was
    taken for a copy read out of its place); an hour older still makes it such a copy, unless its
    subject forwards or answers the one under it ("FW: Envoy report" over "Envoy report": the
    clock under it read in another zone, as a quoted header from another client may be)."""
    page = ("From: Roe, Jane A <RoeJA@agency.gov>\nSent: Tuesday, April 26, 2011 1:25 PM\nTo: H\n"
            "Subject: FW: Envoy report\nFrom: Doe, John\nSent: CTS Turasehy, Apr 26, {year} 1:21 PM\nTo: Roe, Jane A\n"
            "Subject: Envoy report\nHere are more details.\n")
    emails, _ = emails_from_pages([page.format(year=2021)], [None], latest_year=2026)
    assert [e.quoted for e in emails][0] is False and emails[0].sent == "2011-04-26T13:25:00"
    an_hour_older = page.format(year=2011).replace("1:21 PM", "2:21 PM")
    emails, _ = emails_from_pages([an_hour_older.replace("Subject: Envoy report", "Subject: FW: Envoy report")], [None],
                                  latest_year=2026)
    assert emails[0].quoted and emails[0].sent == "2011-04-26T13:25:00"
    emails, _ = emails_from_pages([an_hour_older], [None], latest_year=2026)
    assert [(e.quoted, e.sent) for e in emails] == [(False, "2011-04-26T13:25:00"), (True, "2011-04-26T14:21:00")]


def test_a_forward_with_no_text_of_its_own_stays_on_top() -> None:
    """A printed chain runs newest first: a bare forward newer than what it forwards is
    the top message."""
    page = OUT_OF_PLACE_PAGE.replace("Sunday, March 10, 2013 10:15 PM", "Monday, March 11, 2013 11:15 AM")
    emails, _ = emails_from_pages([page, SECOND_PAGE], [None, None])
    assert not emails[0].quoted and emails[0].sent == "2013-03-11T11:15:00"


EXCHANGE_DETAILS_PAGE = """\
Records Desk </O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP
From: (b)(6)
SentVia:
To:
CC:
Subject: RE: Question about badge renewals
Date: 2020/10/14 06:55:28
Priority: Normal
Type: Note.SMIME.MultipartSigned
Good morning, the badge office can help with this.
Thank you,
(b)(6)
From: (b)(6)
Sent: Tuesday, October 13, 2020 4:04 PM
To: Records Desk (b)(6)
Subject: Question about badge renewals
Who handles renewals for contractors?
Sender:
Records Desk </O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP
(b)(6)
Recipient:
Sent Date: 2020/10/14 06:55:27
Delivered Date: 2020/10/14 06:55:28
"""


def test_exchange_details_print() -> None:
    """Layout family: Exchange "details" prints (eDiscovery exports). GIVEN a sender's name
    and Exchange address printed on the line above From: and the message's envelope
    (Sender, Recipient, Sent Date, Delivered Date) printed after the body WHEN split THEN
    the sender is read from above its label and the envelope is no email of its own."""
    emails, _ = emails_from_pages([EXCHANGE_DETAILS_PAGE], [None])
    assert [(e.quoted, e.sender, e.sent) for e in emails] == [
        (False, Party("Records Desk", "", ("(b)(6)",)), "2020-10-14T06:55:28"),
        (True, Party("", "", ("(b)(6)",)), "2020-10-13T16:04:00"),
    ]
    assert emails[0].start_line == 0


@pytest.mark.parametrize("ending", ["wrote.", "wrote,", "wrote;", "Wrote."])
def test_on_wrote_line_whose_colon_ocr_misread(ending: str) -> None:
    """OCR failure (Gmail/Apple reply family): the colon of "wrote:" read as a period,
    comma or semicolon. The quoted copy is still found, with its date."""
    page = ("From: Jane Roe <jroe@agency.gov>\nSent: Wednesday, December 12, 2018 11:25 AM\n"
            "To: John Doe\nSubject: Closeout\nTo close out the year.\n"
            f"On Thu, Jun 14, 2018 at 4:48 PM, (b)(6) {ending}\n> Regions confirmed.\n")
    emails, _ = emails_from_pages([page], [None])
    assert [(e.quoted, e.sent) for e in emails] == [(False, "2018-12-12T11:25:00"), (True, "2018-06-14T16:48:00")]


def test_prose_ending_in_wrote_is_not_a_quoted_header() -> None:
    page = ("From: Jane Roe <jroe@agency.gov>\nSent: Wednesday, December 12, 2018 11:25 AM\n"
            "To: John Doe\nSubject: Closeout\nOn the whole I agree with what she wrote.\n")
    emails, _ = emails_from_pages([page], [None])
    assert len(emails) == 1


def test_a_quoted_date_whose_month_ocr_lost() -> None:
    """OCR failure: the month's name read as a speck ("Thursday, a 5, 2018"). A printed
    chain runs newest first: the quoted copy's day is the latest Thursday the 5th of 2018
    not after the reply quoting it (April, not July), recorded as damaged."""
    page = ("From: Jane Roe <jroe@agency.gov>\nSent: Thursday, April 12, 2018 3:33 PM\nTo: John Doe\n"
            "Subject: RE: Workshop\nThanks.\n-----Original Message-----\nFrom: John Doe\n"
            "Sent: Thursday, a 5, 2018 6:20 PM\nTo: Jane Roe\nSubject: Workshop\nHello all,\n")
    emails, _ = emails_from_pages([page], [None])
    assert [(e.sent, e.date_certainty) for e in emails] == [
        ("2018-04-12T15:33:00", "exact"), ("2018-04-05T18:20:00", "damaged")]
    top_alone = page.split("-----Original")[0].replace("April 12", "a 12")
    assert emails_from_pages([top_alone], [None])[0][0].sent is None  # a top message has no later one


@pytest.mark.parametrize(("line", "sent"), [
    ("Sent: Tuesday, March 27, 08:37 AM", "2018-03-27T08:37:00"),
    ("Sent: Wednesday, March 30, 08:37 AM", "2016-03-30T08:37:00"),  # the weekday says which year back
    ("Sent: March 27, 08:37 AM", "2018-03-27T08:37:00"),  # no weekday: the reply's own year
    ("March 27, 08:37 AM", "2018-03-27T08:37:00"),  # the Sent: label lost with the year
])
def test_a_quoted_date_whose_year_ocr_lost(line: str, sent: str) -> None:
    """OCR failure: a fax or a box took a quoted date's year ("Wednesday, March 30, 08:37 AM"),
    and the Sent: label with it. A printed chain runs newest first: the copy's day is the latest
    on its printed weekday not after the reply quoting it (no more than six years back); with
    no weekday, that day of the reply's own year. Recorded as damaged, with the doubt saying so."""
    page = ("From: Jane Roe <jroe@agency.gov>\nSent: Wednesday, April 4, 2018 3:33 PM\nTo: John Doe\n"
            "Subject: RE: Workshop\nThanks.\n\nFrom: John Doe\n" + line + "\nTo: Jane Roe\nSubject: Workshop\n"
            "Hello all,\n")
    emails, _ = emails_from_pages([page], [None])
    assert [(e.quoted, e.sent, e.date_certainty) for e in emails] == [
        (False, "2018-04-04T15:33:00", "exact"), (True, sent, "damaged")]
    assert "dated-from:reply" in emails[1].doubts


@pytest.mark.parametrize(("line", "sent"), [
    ("Sent: : | Wednesday, September 19, par 4:26 PM", "2012-09-19T16:26:00"),  # the year read as letters
    ("Sent: Wednesday, September 19, 4:26 PM", "2012-09-19T16:26:00"),  # or lost
    ("Sent: Friday, September 14, par 4:26 PM", None),  # no Friday the 14th after what it quotes soon enough
    ("Sent: September 19, par 4:26 PM", None),  # no weekday: no year told
])
def test_a_top_date_whose_year_ocr_lost_is_read_from_what_it_quotes(line: str, sent: str | None) -> None:
    """OCR failure of a fax: the top message's year read as letters ("Wednesday, September 19,
    par 4:26 PM"). A reply is sent after what it quotes, and soon: the first year from the
    newest quoted date on its printed weekday (the year after at most). Damaged, with its doubt."""
    page = ("From: H <hroe17@example.com>\n" + line + "\nTo: Doe, John\nSubject: Fw: Harbor\n\nPls print.\n\n"
            "From: Doe, John <doej@state.gov>\nSent: Sunday, September 16, 2012 02:28 PM\nTo: H\n"
            "Subject: Harbor\n\nsee op ed\n")
    emails, _ = emails_from_pages([page], [None])
    assert (emails[0].sent, emails[0].date_certainty) == (sent, "damaged" if sent else "missing")
    assert ("dated-from:quoted" in emails[0].doubts) == (sent is not None)
    assert emails_from_pages([page], [None], ocr_pages=set())[0][0].sent is None  # a text layer's stays as printed


@pytest.mark.parametrize("line", ["Sent: May 2, 08:37 AM",  # after the reply in its year: no year told
                                  "Sent: Friday, March 30",  # no clock: no date line left whole
                                  "March 27, 08:37 AM, see you"])  # prose
def test_a_quoted_date_whose_year_ocr_lost_left_undated(line: str) -> None:
    page = ("From: Jane Roe <jroe@agency.gov>\nSent: Wednesday, April 4, 2018 3:33 PM\nTo: John Doe\n"
            "Subject: RE: Workshop\nThanks.\n\nFrom: John Doe\n" + line + "\nTo: Jane Roe\nSubject: Workshop\n"
            "Hello all,\n")
    emails, _ = emails_from_pages([page], [None])
    assert emails[-1].sent is None


def test_a_redacted_title_above_a_header_is_the_emails_redaction() -> None:
    """Outlook desktop print family: GIVEN the mailbox owner's name printed above the
    header, redacted (a line of codes alone) WHEN the page is split THEN the codes are the
    email's exemptions; a line with words beside its codes, or a quoted header's line
    above, gives none."""
    page = ("(b)(6), (b)(7)(C)\nFrom: Laura Penn <lpenn@example.com>\nSent: Wednesday, August 1, 2018 8:05 AM\n"
            "To: Mark Ellis <mellis@agency.gov>\nSubject: Harbor position\nMr. Ellis,\nWe would welcome a call.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert email.exemptions == ("(b)(6)", "(b)(7)(C)")
    (email,), _ = emails_from_pages([page.replace("(b)(6), (b)(7)(C)", "Call (b)(6) today")], [None])
    assert email.exemptions == ()  # a line of words above the header is not the email's
    (email,), _ = emails_from_pages([page.replace("(b)(6), (b)(7)(C)\n", "")], [None])
    assert email.exemptions == ()


# --- Families the Chicago truth (realdata_truth/chicago.json) and a sweep of print layouts exposed ---

OUTLOOK_PRINT = """\
Roe, Jane A.

From: Roe
Sent: Thursday, August 08, 2013 1:44 PM
Subject: Pilot

Fine by me.

From: Doe, John
Sent: Thursday, August 08, 2013 1:30 PM
To: Roe, Jane A.
Subject: Pilot
Jim, below and attached are what we'll be pilot testing.
"""


@pytest.mark.parametrize(("rule", "top"), [
    ("SS SEES OEP ESE FOES SD ED SET SOL Teagan", True), ("EA ee\nSS SSS SSS Ss: pc sees", True),
    ("SS SEES OEP ESE\nEA ee\nSS SSS", False),  # three lines: more than a rule reads as
    ("Call me at 312-555-0100", False),  # a line with digits is no rule
])
def test_a_banner_over_its_rule_read_as_letters_still_starts_a_print(rule: str, top: bool) -> None:
    """OCR failure, Outlook desktop prints on a light or faxed copy: the thick rule under the
    mailbox's banner read as a line or two of letters between the banner and the header. The
    banner the document prints on its other pages still says a new print starts (was: the
    header taken for a copy quoted in the email before it)."""
    second = f"Roe, Jane A.\n{rule}\nFrom: Kent\nSent: Thursday, August 08, 2013 1:10 PM\nSubject: Pilot\n\nNoted.\n"
    first = OUTLOOK_PRINT + "\n".join(["Signature line"] * 30) + "\n"  # a full page: no print ended short on it
    emails, _ = emails_from_pages([first, second], [None, None])
    assert [e.quoted for e in emails if e.start_page == 2] == [not top]


@pytest.mark.parametrize("lines", [("Fron]", "Sent>Thursday, August 08, 2013 1:23 PM"),
                                   ("From|", "Sent: Thursday, August 08, 2013 1:23 PM"),
                                   ("From: Smith, Pat", "5ent: Thursday, August 08, 2013 1:23 PM")])
def test_labels_whose_colon_a_box_edge_hid(lines: tuple[str, str]) -> None:
    """OCR failure, any scanned print: a redaction box (or a glyph it cut) against a label
    is read as its colon ("Fron]", "Sent>Thursday"); a label's first letter read as a digit
    ("5ent:"). The quoted header is found and dated."""
    page = OUTLOOK_PRINT + "\n".join(lines) + "\nTo: Roe, Jane A.; Doe, John\nSubject: Pilot\nCommander Doe,\n"
    emails, _ = emails_from_pages([page], [None])
    assert [(e.quoted, e.sent) for e in emails] == [
        (False, "2013-08-08T13:44:00"), (True, "2013-08-08T13:30:00"), (True, "2013-08-08T13:23:00")]
    assert [p.name for p in emails[2].to] == ["Roe, Jane A.", "Doe, John"]


def test_a_subject_label_whose_colon_a_box_edge_hid() -> None:
    """OCR failure, any scanned print: a box drawn right after "Subject:" over its value, the
    colon read as the box's edge ("Subject}"): the label ends the header, blank, and the body
    starts under it (was the body's first line, so the message's printings no longer matched)."""
    page = OUTLOOK_PRINT.replace("Subject: Pilot\n", "Subject}\n\n")
    emails, _ = emails_from_pages([page], [None])
    assert emails[1].subject == "" and emails[1].body.startswith("Jim, below")


def test_a_header_whose_from_line_a_box_destroyed() -> None:
    """OCR failure, any scanned print: a box over the From: value, with the rule above it,
    reads as one line of noise; the Sent:/To:/Subject: lines under it are still a quoted
    header (its sender unknown), not the body of the message above."""
    page = OUTLOOK_PRINT + ("ssp RRS TEE TIAN IN TIE ETT EES EH ES INES HA ATES PN BEST EEF\n"
                            "Sent: Thursday, August 08, 2013 1:23 PM\nTo: Roe, Jane A.\nSubject:\n\nCommander Doe,\n")
    emails, _ = emails_from_pages([page], [None])
    assert [(e.quoted, e.sent, e.sender) for e in emails][2] == (True, "2013-08-08T13:23:00", None)
    prose = "Fine by me.\nSent: to the board on Monday.\nTo: be honest I have no view.\nSubject: to review.\n"
    assert len(emails_from_pages([OUTLOOK_PRINT.replace("Fine by me.\n", prose)], [None])[0]) == 2


@pytest.mark.parametrize(("above", "to"), [
    ("From. Smith, Pat", "To: Roe, Jane A."), ("Front: Smith, Pat", "To: Roe, Jane A."),
    ("Front Smith, Pat", "To Roe, Jane A."),  # the To: line's colon lost as well
    ("From- Smith, Pat", "To: Roe, Jane A."),  # the colon read as a hyphen
])
def test_a_from_line_ocr_read_as_no_label(above: str, to: str) -> None:
    """OCR failure: the From: label misread past recognition ("From.", "Front:", "From-") above a
    Sent:/To:/Subject: header, perhaps with the To: line's colon lost too: its value is the sender
    (the header was lost, its lines in the body of the email above)."""
    page = OUTLOOK_PRINT + f"{above}\nSent: Thursday, August 08, 2013 1:23 PM\n{to}\nSubject: Pilot\nHi.\n"
    emails, _ = emails_from_pages([page], [None])
    assert [(e.quoted, e.sender.name if e.sender else None) for e in emails][2] == (True, "Smith, Pat")


def test_a_release_stamp_above_the_rest_of_a_header_is_no_email() -> None:
    """Page family: release stamps. A header cut by a page break goes on under the next
    page's stamps ("Date: 05/13/2015", then To:/Cc:/Subject:): no email dated by the stamp."""
    pages = ["From: Roe, Jane\nSent: Thursday, August 08, 2013 1:23 PM\nTo: Doe, John\nSubject: Budget\nSee below.\n"
             "-----Original Message-----\nFrom: Doe, John\nSent: Wednesday, August 07, 2013 9:00 AM\n",
             "UNCLASSIFIED\nDate: 05/13/2015\nTo: Roe, Jane\nSubject: Budget\nHere it is.\n"]
    emails, _ = emails_from_pages(pages, [None, None])
    assert not [e for e in emails if (e.sent or "").startswith("2015")]


@pytest.mark.parametrize("printed", ["Lewis, Jon H. [mailto:Jon.Lewis@agency.gov] nn eeesehmhshm—s iwi ESI RLEE",
                                     "Lewis, Jon H. [mailto:Jon.Lewis@agency.gov] — BO",
                                     "Lewis, Jon H. <Jon.Lewis@agency.gov> —"])
def test_noise_read_after_a_bracketed_address_is_no_part_of_the_name(printed: str) -> None:
    """OCR failure: the rule under a header line read into it after the address."""
    assert parse_parties(printed) == (Party("Lewis, Jon H.", "jon.lewis@agency.gov"),)
    assert parse_parties("Doe, John <jd@agency.gov> (DEA)") == (Party("Doe, John (DEA)", "jd@agency.gov"),)


def test_parties_whose_angle_brackets_ocr_misread() -> None:
    """OCR failure: "›" read for ">" (and "imailto:" for "[mailto:"): the parties after it are still parties."""
    assert [p.name for p in parse_parties("Roe, Jane <jroe@agency.gov›; Pat Smith; Doe, John <jd@agency.gov>")] == [
        "Roe, Jane", "Pat Smith", "Doe, John"]
    assert parse_parties("Roe, Jane imailto:JRoe@agency.gov]") == (Party("Roe, Jane", "jroe@agency.gov"),)


@pytest.mark.parametrize("sent_above", ["Sent: Thursday, August 08, 2013 1:30 PM", "Sent: (b)(6)"])
def test_a_header_newer_than_the_one_above_it_starts_a_print(sent_above: str) -> None:
    """Prints compiled one after another, the next one's banner lost to OCR: a header at
    the top of a page that was sent after the header printed above it cannot be a quoted
    copy (every client prints a chain newest first); an older one still is. The header above a
    quoted copy whose date a box withholds ("Sent: (b)(6)"): compared with the nearest header above
    whose date was read (was: no date to compare, a quoted copy of the print above)."""
    first = OUTLOOK_PRINT.replace("Sent: Thursday, August 08, 2013 1:30 PM", sent_above) + "\n".join(["Signature line"] * 30) + "\n"
    newer = "From: Ellis\nSent: Thursday, August 08, 2013 1:50 PM\nSubject: Pilot\n\nThank you sir\n"
    emails, _ = emails_from_pages([first, newer], [None, None])
    assert [(e.start_page, e.quoted) for e in emails] == [(1, False), (1, True), (2, False)]
    older = newer.replace("1:50 PM", "1:10 PM")
    emails, _ = emails_from_pages([first, older], [None, None])
    assert [(e.start_page, e.quoted) for e in emails] == [(1, False), (1, True), (2, True)]


def test_a_header_is_compared_past_no_undated_print_of_its_own_answering_it() -> None:
    """... but not past a print of its own whose date a box withholds, answering it: GIVEN such a
    print above a page's top header it answers WHEN split THEN the header is the copy it quotes."""
    alone = ("Roe, Jane A.\n\nFrom: Roe, Jane A.\nSent: Thursday, August 08, 2013 1:44 PM\nTo: Doe, John\nSubject: Pilot\n\n"
             "Fine by me.\n" + "\n".join(["Signature line"] * 30) + "\n")
    answering = ("Roe, Jane A.\n\nFrom: Doe, John\nSent: (b)(6)\nTo: Roe, Jane A.\nSubject: RE: Dock survey\n\n"
                 + "The dock survey is attached.\n" * 30)
    quoted = "From: Moss, Carl\nSent: Thursday, August 08, 2013 1:50 PM\nSubject: Dock survey\n\nPlease survey the dock.\n"
    emails, _ = emails_from_pages([alone, answering, quoted], [None] * 3)
    assert [(e.start_page, e.quoted) for e in emails] == [(1, False), (2, False), (3, True)]


@pytest.mark.parametrize("tail", ["Thanks,\nJane\n", "Sent from my iPhone\n", "Best regards,\n", "Thanks\nJane\n", "-Jane\n"])
def test_a_reply_whose_sign_off_a_page_break_left_above_the_header_it_quotes_goes_on(tail: str) -> None:
    """Layout family, Outlook prints whose separator is a graphic rule, no banner: a page break
    under a reply's body leaves its sign-off ("Thanks," / "Jane", "Thanks", "-Jane", "Sent from my
    iPhone") at the next page's top, above the header it quotes. GIVEN such pages WHEN split THEN
    one reply over both pages quoting the header (was: the reply cut at the page's foot, the
    sign-off in no email, the quoted header a print of its own). A name alone over a header at a
    page's top may still be a banner."""
    first = ("From: Roe, Jane\nSent: Tuesday, March 5, 2013 10:14 AM\nTo: Doe, John\nSubject: RE: Harbor permit\n\n"
             "John,\n\n" + "I talked to the contractor this morning about the permit and the schedule.\n" * 40
             + "HARBOR-000123\n")
    second = (f"{tail}\nFrom: Doe, John\nSent: Monday, March 4, 2013 4:02 PM\nTo: Roe, Jane\n"
              "Subject: Harbor permit\n\nJane, has the contractor called back?\nHARBOR-000124\n")
    emails, _ = emails_from_pages([first, second], [None, None])
    assert [(e.start_page, e.end_page, e.quoted) for e in emails] == [(1, 2, False), (2, 2, True)]
    assert tail.split("\n")[0] in emails[0].body  # (the reply's body goes on over its quoted copy)
    banner = second.replace(tail, "Doe, John\n")
    emails, _ = emails_from_pages([first, banner], [None, None])
    assert [(e.start_page, e.quoted) for e in emails] == [(1, False), (2, False)]


def test_a_header_at_a_pages_top_that_the_one_above_answers_is_quoted_whatever_its_clock() -> None:
    """Layout family, any client quoting another's header: the quoted header's clock is the
    sender's, in another zone than the reply's. GIVEN a page ending in a reply ("RE: dock permits",
    1:05 PM) and the next starting with the header it answers ("dock permits"), whose clock reads
    two hours later WHEN split THEN the header is a quoted copy in the reply (was: a print of its
    own, the reply cut in two). A header two days newer is still a print of its own."""
    first = ("Doe, John\n\nFrom: Roe, Jane\nSent: Tuesday, March 3, 2015 1:05 PM\nTo: Doe, John\n"
             "Subject: RE: dock permits\n\nJohn, see below.\n\n" + "The north dock permit is renewed.\n" * 40)
    second = ("From: Moss, Carl\nSent: Tuesday, March 3, 2015 3:01 PM\nTo: Roe, Jane\nSubject: dock permits\n\n"
              "Jane - permits attached.\n")
    emails, _ = emails_from_pages([first, second], [None, None])
    assert [(e.start_page, e.quoted, e.subject) for e in emails] == [
        (1, False, "RE: dock permits"), (2, True, "dock permits")]
    days_later = second.replace("March 3, 2015", "March 5, 2015").replace("Tuesday", "Thursday")
    emails, _ = emails_from_pages([first, days_later], [None, None])
    assert [(e.start_page, e.quoted) for e in emails] == [(1, False), (2, False)]


@pytest.mark.parametrize(("sent", "quoted_sent", "read"), [
    ("Friday, July 26, 20135 1:05 PM", "Friday, July 26, 2013 1:05:12 PM", "2013-07-26T13:05:00"),  # a speck as a digit
    ("Friday, July 26, 2013 1:51 &M", "Friday, July 26, 20173 1:50:47 PM", "2013-07-26T13:51:00"),  # AM or PM?
])
def test_a_print_at_a_pages_top_whose_date_ocr_damaged_is_still_newer_than_the_page_before(
        sent: str, quoted_sent: str, read: str) -> None:
    """Page family, prints compiled one after another, the next one's banner lost to OCR: a
    header at a page's top sent after the header printed above it starts a print of its own.
    GIVEN its year misread past the calendar ("20135": read on its weekday), or its clock's AM/PM
    unread (either reading a week later), over a copy whose year OCR misread too WHEN split THEN it
    is a top message, dated (was a quoted copy of the print before: undated, or dated by the wrong
    half of the day)."""
    before = ("From: Roe, Jane\nSent: Friday, July 19, 2013 11:19 AM\nTo: Doe, John\nSubject: RE: Budget\n\n"
              "Thank you.\n\nFrom: Doe, John\nSent: Friday, July 19, 2013 11:07 AM\nTo: Roe, Jane\nSubject: Budget\n\n"
              + "Here are the numbers for the harbor cameras.\n" * 30)
    after = (f"From: Roe\nSent: {sent}\nSubject: FW: Budget\n\nFrom: Kent, Mary\nSent: {quoted_sent}\n"
             "To: Roe, Jane\nSubject: RE: Budget\n\nPerfect, thanks.\n")
    banner = "Roe, Jane\n\n"  # the mailbox owner's name over each print (lost over the last one)
    first = banner + before.replace("July 19", "July 12").replace("RE: Budget", "RE: Cameras").replace(
        "Subject: Budget", "Subject: Cameras")
    emails, _ = emails_from_pages([first, banner + before, after], [None] * 3, latest_year=2026)
    top = [e for e in emails if e.start_page == 3 and e.start_line == 0]
    assert [(e.quoted, e.sent) for e in top] == [(False, read)]


COPY = ("From:\nSent: {sent}\nTo: {to}\nSubject:\n\nCommander Doe,\nRegards,\n"
        "This message (including any attachments) contains confidential information.\n")


def test_a_list_whose_separator_a_box_cut_is_read_from_the_one_other_printing() -> None:
    """Page family, any client: a message printed twice (under two replies), a box over one
    printing's Subject: cutting the foot of its Cc: line, OCR losing the separator between two
    names ("Kent, De _Wilis, Encae"). GIVEN the two printings WHEN split THEN the spoiled one's Cc:
    is the other's two names, recorded as repaired (was: one party of both, two printings needed to
    read it); where both list as many, each keeps its own."""
    clean = COPY.format(sent="Thursday, August 08, 2013 1:23 PM", to="Roe, Jane A.").replace(
        "Subject:", "Cc: Kent, Debra K.; Wills, Eugene E.\nSubject:")
    spoiled = clean.replace("Cc: Kent, Debra K.; Wills, Eugene E.", "Cc: Kent, De _Wilis, Encae")
    emails, _ = emails_from_pages([OUTLOOK_PRINT + clean, OUTLOOK_PRINT + spoiled], [None] * 2)
    copies = [e for e in emails if e.quoted and e.sender is None]
    assert [[p.name for p in e.cc] for e in copies] == [["Kent, Debra K.", "Wills, Eugene E."]] * 2
    assert "repaired:cc" in copies[1].doubts
    alike = clean.replace("Wills, Eugene E.", "Wills, Eugene F.")
    emails, _ = emails_from_pages([OUTLOOK_PRINT + clean, OUTLOOK_PRINT + alike], [None] * 2)
    assert [e.cc[-1].name for e in emails if e.quoted and e.sender is None] == ["Wills, Eugene E.", "Wills, Eugene F."]


def test_a_spoiled_header_is_read_from_other_printings_of_the_message() -> None:
    """Page family, any client: a production prints a message again under every reply
    quoting it; a box over one printing's From: line cut the tops off its Sent: and To:
    lines. Its date and recipients are those the other printings read alike (recorded as
    doubts); a message whose body starts otherwise takes nothing from them."""
    clean = COPY.format(sent="Thursday, August 08, 2013 1:23 PM", to="Roe, Jane A.; Doe, John")
    spoiled = COPY.format(sent="dniersuayaUgUsCos poses PM", to="Roe Doe oboe")
    other = spoiled.replace("Commander Doe,\nRegards,", "Good morning all,\nThe pilot is on.")
    pages = [OUTLOOK_PRINT + clean, OUTLOOK_PRINT + clean, OUTLOOK_PRINT + spoiled, OUTLOOK_PRINT + other]
    emails, _ = emails_from_pages(pages, [None] * 4)
    copies = [e for e in emails if e.quoted and e.sender is None]
    assert [(e.sent, e.date_certainty) for e in copies] == [("2013-08-08T13:23:00", "exact")] * 2 + [
        ("2013-08-08T13:23:00", "damaged"), (None, "missing")]
    assert [p.name for p in copies[2].to] == ["Roe, Jane A.", "Doe, John"]
    assert {"dated-from:copy", "repaired:to"} <= set(copies[2].doubts)
    assert [p.name for p in copies[3].to] == ["Roe Doe oboe"]


def test_a_spoiled_printing_whose_opening_words_ocr_misread_is_read_from_its_whole_copies() -> None:
    """The same family, a light copy: the spoiled printing's first words were misread too
    ("Cornmander", its sign-off read as "Reesards"), so its opening matched no other printing's.
    Its date is the one its sender's and subject's printings whose whole body reads as its own
    read cleanly; a message whose body goes on otherwise takes nothing, and so does a body too
    short to say which message it is."""
    more = "The pilot starts on Monday with twenty users in two districts.\n"
    clean = COPY.format(sent="Thursday, August 08, 2013 1:23 PM", to="Roe, Jane A.; Doe, John") + more
    spoiled = COPY.format(sent="dniersuayaUgUsCos poses PM", to="Roe, Jane A.; Doe, John").replace(
        "Commander Doe,\nRegards,", "Cornmander Doe,\nReesards,") + more
    other = spoiled.replace("This message (including any attachments) contains confidential information.\n" + more,
                            "We have no budget for the cameras this year, so the order waits until spring.\n")
    emails, _ = emails_from_pages([OUTLOOK_PRINT + clean, OUTLOOK_PRINT + spoiled, OUTLOOK_PRINT + other], [None] * 3)
    copies = [e for e in emails if e.quoted and e.sender is None]
    assert [(e.sent, e.date_certainty) for e in copies] == [
        ("2013-08-08T13:23:00", "exact"), ("2013-08-08T13:23:00", "damaged"), (None, "missing")]
    assert "dated-from:copy" in copies[1].doubts
    short = [OUTLOOK_PRINT + text.replace(more, "") for text in (clean, spoiled)]  # eleven words: too few
    assert [e.sent for e in emails_from_pages(short, [None] * 2)[0] if e.quoted and e.sender is None] == [
        "2013-08-08T13:23:00", None]


def test_a_header_a_box_cut_down_to_its_to_and_subject_lines_is_a_quoted_copy_dated_by_its_copies() -> None:
    """The same family, a dark or faxed copy: the box over the sender took the From: line whole
    and the Sent: line under it was read as nothing, leaving To: and Subject: under the quoting
    message's text. GIVEN two clean printings of the message and such a one WHEN split THEN it
    is a quoted copy, its recipients read, dated by its clean printings (was no email at all: its
    text the reply's body); with one clean printing only it stays undated."""
    clean = COPY.format(sent="Thursday, August 08, 2013 1:23 PM", to="Roe, Jane A.; Doe, John") + (
        "The pilot starts on Monday with twenty users in two districts.\n")
    cut = "This e-mail is intended only for the addressee.\n\n" + clean.split("\n", 2)[2]
    assert cut.startswith("This e-mail is intended only for the addressee.\n\nTo: Roe, Jane A.; Doe, John\n")
    emails, _ = emails_from_pages([OUTLOOK_PRINT + clean, OUTLOOK_PRINT + clean, OUTLOOK_PRINT + cut], [None] * 3)
    lost = [e for e in emails if e.start_page == 3 and e.sender is None]
    assert [(e.quoted, e.sender, e.sent, e.date_certainty, [p.name for p in e.to]) for e in lost] == [
        (True, None, "2013-08-08T13:23:00", "damaged", ["Roe, Jane A.", "Doe, John"])]
    assert "dated-from:copy" in lost[0].doubts
    emails, _ = emails_from_pages([OUTLOOK_PRINT + clean, OUTLOOK_PRINT + cut], [None] * 2)
    assert [(e.sent, e.date_certainty) for e in emails if e.start_page == 2 and e.sender is None] == [(None, "missing")]


def test_the_rest_of_a_header_a_page_break_cut_under_stamps_is_the_cut_headers() -> None:
    """Page family, scanned productions: a header cut after its Sent: line, the producer's
    stamps (OCR'd otherwise on each page, so no running head) after it and above its To:,
    Cc: and Subject: on the next page. Those are the cut header's (was: a header of their own,
    with no sender, once a header cut down to its To: and Subject: lines was read as one)."""
    first = ("From: Roe, Jane\nSent: Saturday, April 02, 2011 11:59 AM\nTo: Doe, John\nSubject: Re: Harbor visit\n\n"
             "Fine.\n\n-----Original Message-----\nFrom: Doe, John\nSent: Saturday, April 02, 2011 10:09 AM\n\n"
             "UNCLASSIFIED\nCase No. F-2015-04841 :\nNate: NE12/0M15 NO FOIA WAIVER. PEMB-SCB0045025\n")
    second = ("ase No. F-2015-04841\nloc No. C0573\nate: 05/13/2015\n\nTo: Roe, Jane\nCc: Kent, Mary\n"
              "Subject: Re: Harbor visit\nWe land at noon and go straight to the harbor office for the meeting.\n")
    rows = _read(first, second)
    assert [row[1:] for row in rows] == [
        ("Roe, Jane", "2011-04-02T11:59:00", "Re: Harbor visit", "Doe, John", ""),
        ("Doe, John", "2011-04-02T10:09:00", "Re: Harbor visit", "Roe, Jane", "Kent, Mary")]


@pytest.mark.parametrize("sent", ["Sentiursuay, AuyUsl UG, ZULS 1:Z35 PM", "Sentrriorsoay7Hagas C087 ZOTS ee"])
def test_a_sent_line_glued_to_a_weekday_whose_tops_a_box_cut_is_no_sender(sent: str) -> None:
    """The same family, the From: label left alone on its line ("From", "Fron] ."): the Sent: line
    under it lost its colon and space and its weekday's tops ("Sentiursuay, …"). It is the Sent:
    line, not the sender printed under its label (the sender read "Sentiursuay, AuyUsl UG, …");
    the date is its clean printings'. A line of text starting "Sentence 2" is no header line."""
    more = "The pilot starts on Monday with twenty users in two districts.\n"
    clean = COPY.format(sent="Thursday, August 08, 2013 1:23 PM", to="Roe, Jane A.; Doe, John") + more
    cut = clean.replace("From:\nSent: Thursday, August 08, 2013 1:23 PM", f"From\n{sent}")
    emails, _ = emails_from_pages([OUTLOOK_PRINT + clean, OUTLOOK_PRINT + clean, OUTLOOK_PRINT + cut], [None] * 3)
    copy = [e for e in emails if e.start_page == 3 and e.quoted and "Roe, Jane A." in [p.name for p in e.to]][-1]
    assert (copy.sender, copy.sent) == (None, "2013-08-08T13:23:00")
    prose = OUTLOOK_PRINT.replace("Fine by me.", "Sentence 2 of the memo reads otherwise.\nFine by me.")
    assert "Sentence 2 of the memo" in emails_from_pages([prose], [None])[0][0].body


def test_a_to_line_a_box_cut_is_read_from_printings_whose_whole_body_reads_as_its_own() -> None:
    """The same family, a dark copy: a box over the line above cut "Roe, Jane A." to "Roe" and
    OCR misread the printing's opening words ("Cornmander"), so no copy key joined it. Its To:
    is the line its sender's and subject's printings read alike, two of them reading as its
    whole body; a message whose body goes on otherwise keeps its own line."""
    more = "The pilot starts on Monday with twenty users in two districts.\n"
    clean = COPY.format(sent="Thursday, August 08, 2013 1:23 PM", to="Roe, Jane A.; Doe, John") + more
    cut = clean.replace("To: Roe, Jane A.; Doe, John", "To: Roe; Doe, John").replace("Commander Doe,", "Cornmander Doe,")
    other = cut.replace(more, "We have no budget for the cameras this year, so the order waits until spring.\n")
    for printed, to in ((cut, ["Roe, Jane A.", "Doe, John"]), (other, ["Roe", "Doe, John"])):
        emails, _ = emails_from_pages([OUTLOOK_PRINT + clean, OUTLOOK_PRINT + clean, OUTLOOK_PRINT + printed], [None] * 3)
        copy = [e for e in emails if e.start_page == 3 and e.sender is None][0]
        assert [p.name for p in copy.to] == to
        assert ("repaired:to" in copy.doubts) == (printed is cut)


def test_a_clock_whose_am_or_pm_ocr_misread_takes_the_half_its_copies_print() -> None:
    """The same family, a dark copy: "1:23 EM" (neither A nor P) was read 01:23, exact, and its
    printings of 13:23 then disagreed with it, so none was dated from them. It is either half,
    and the half its clean printings read (dated from them, damaged)."""
    more = "The pilot starts on Monday with twenty users in two districts.\n"
    clean = COPY.format(sent="Thursday, August 08, 2013 1:23 PM", to="Roe, Jane A.; Doe, John") + more
    dark = clean.replace("1:23 PM", "1:23 EM")
    emails, _ = emails_from_pages([OUTLOOK_PRINT + clean, OUTLOOK_PRINT + clean, OUTLOOK_PRINT + dark], [None] * 3)
    copy = [e for e in emails if e.start_page == 3 and e.sender is None][0]
    assert (copy.sent, copy.date_certainty, "dated-from:copy" in copy.doubts) == ("2013-08-08T13:23:00", "damaged", True)


def test_a_day_whose_clock_a_box_spoiled_takes_the_minute_its_copies_print() -> None:
    """The same family: the box cut the tops of the day and the clock; the day is read through
    the printed weekday, the clock not at all. The minute is the one the other printings of the
    message read cleanly, when they read that day; a printing read as another day keeps its own."""
    clean = COPY.format(sent="Thursday, August 08, 2013 1:23 PM", to="Roe, Jane A.; Doe, John")
    cut = COPY.format(sent="riursuay, AUGUST US, ZUIS I7Z35 PM", to="Roe, Jane A.; Doe, John")
    elsewhere = COPY.format(sent="Thursday, August 01, 2013 I7Z35 PM", to="Roe, Jane A.; Doe, John")
    for spoiled, sent, certainty in ((cut, "2013-08-08T13:23:00", "damaged"), (elsewhere, "2013-08-01", "damaged")):
        emails, _ = emails_from_pages([OUTLOOK_PRINT + clean, OUTLOOK_PRINT + clean, OUTLOOK_PRINT + spoiled],
                                      [None] * 3)
        copy = [e for e in emails if e.quoted and e.sender is None][2]
        assert (copy.sent, copy.date_certainty) == (sent, certainty)
        assert ("dated-from:copy" in copy.doubts) == (len(sent) > 10)


@pytest.mark.parametrize(("line", "sent"), [("1:23 PM", "2013-08-08T13:23:00"), ("13:23", "2013-08-08T13:23:00"),
                                             ("1:25 PM", None)])  # another minute: another message's
def test_a_sent_line_left_its_clock_alone_takes_its_copies_date(line: str, sent: str | None) -> None:
    """The same family on a fax: the Sent: label and the day went, the clock alone is left between
    From: and To: ("11:07 AM"). It is the Sent: value; the day is the one the message's other
    printings read cleanly, where their minute is the one it prints."""
    clean = COPY.format(sent="Thursday, August 08, 2013 1:23 PM", to="Roe, Jane A.; Doe, John")
    spoiled = clean.replace("Sent: Thursday, August 08, 2013 1:23 PM", line)
    emails, _ = emails_from_pages([OUTLOOK_PRINT + clean, OUTLOOK_PRINT + clean, OUTLOOK_PRINT + spoiled], [None] * 3)
    copy = [e for e in emails if e.quoted and e.sender is None][2]
    assert (copy.sent, copy.sent_raw, [p.name for p in copy.to]) == (sent, line, ["Roe, Jane A.", "Doe, John"])
    assert ("dated-from:copy" in copy.doubts) == (sent is not None)


def test_reports_alike_at_the_start_take_no_minute_from_each_other() -> None:
    """Negative: two reports one sender sends the same day with the same subject and opening, one
    printed clean, the other's clock cut: the other keeps its day alone (its body goes on
    otherwise, so it is another message, not a copy)."""
    morning = COPY.format(sent="Thursday, August 08, 2013 9:02 AM", to="Roe, Jane A.; Doe, John")
    evening = COPY.format(sent="riursuay, AUGUST US, ZUIS I7Z35 PM", to="Roe, Jane A.; Doe, John").replace(
        "Regards,\n", "Regards,\nEvening figures: 41 calls, 12 dispatches, two arrests on the north side.\n"
        "Overtime approved for the weekend detail; the east district reports no change.\n")
    emails, _ = emails_from_pages([OUTLOOK_PRINT + morning, OUTLOOK_PRINT + evening], [None] * 2)
    copies = [e for e in emails if e.quoted and e.sender is None]
    assert [(e.sent, e.date_certainty) for e in copies] == [("2013-08-08T09:02:00", "exact"), ("2013-08-08", "damaged")]


def test_a_cut_date_two_readings_fit_is_chosen_by_the_thread() -> None:
    """OCR failure of the same family: "ZUUS" reads 2003, 2005 or 2008, and 1 March was a Saturday
    in 2003 and 2008 alike: no date is read from the line alone; the thread's order chooses (the
    reply above it sent in 2008), recorded as a doubt. Without a thread, none is taken."""
    assert parse_date("Saturday, March UI, ZUUS 1:23 PM").certainty == "missing"
    page = (OUTLOOK_PRINT + "Please see below.\n\n"
            + COPY.format(sent="Saturday, March UI, ZUUS 1:23 PM", to="Roe, Jane A.; Doe, John")
            + "\nFrom: Lee, Ann\nSent: Saturday, March 01, 2008 9:05 AM\nTo: Doe, John\nSubject: Plan\n\nDraft.\n")
    emails, _ = emails_from_pages([page], [None])
    cut = next(e for e in emails if e.sent_raw.startswith("Saturday, March UI"))
    assert (cut.sent, cut.date_certainty, "dated-from:thread-order" in cut.doubts) == (
        "2008-03-01T13:23:00", "damaged", True)


@pytest.mark.parametrize("printed", ["1.23 PM", "l:23 PM", "I;23 P.M.", "1:23 PIVI", "1:23 RM", "1:23 PN", "123 PM"])
def test_a_clock_ocr_misread(printed: str) -> None:
    """OCR failure: the clock's colon or first digit, or its PM, misread; never 01:23."""
    assert parse_date(f"Thursday, August 08, 2013 {printed}") == SentDate(
        "2013-08-08T13:23:00", f"Thursday, August 08, 2013 {printed}", "damaged")


@pytest.mark.parametrize("misread", ["Pivi", "PiVI", "Plvl", "PVI", "PWI", "PRn", "PH", "Ph", "PKI", "PPM", "Ptvl",
                                     "P1\\/I"])
def test_a_pm_tesseract_read_in_mixed_case(misread: str) -> None:
    """OCR failure, bold or light scans: the M of PM read in mixed case or as other capitals
    ("Pivi", "PWI", "PH"). GIVEN such a clock WHEN parsed THEN the afternoon, damaged (was: 01:23,
    exact: a morning no page printed); the A of AM as well at midnight; a zone's letters are no
    AM/PM ("PHT"), and an M alone leaves the half unread (was: exact)."""
    assert parse_date(f"Thursday, August 08, 2013 1:23 {misread}") == SentDate(
        "2013-08-08T13:23:00", f"Thursday, August 08, 2013 1:23 {misread}", "damaged")
    assert parse_date(f"Thursday, August 08, 2013 12:05 A{misread[1:]}").iso == "2013-08-08T00:05:00"
    assert parse_date("Thursday, August 08, 2013 1:23 PHT").iso == "2013-08-08T01:23:00"
    assert parse_date("Thursday, August 08, 2013 1:23 M").certainty == "ambiguous"


def test_an_eight_read_as_an_ampersand() -> None:
    """OCR failure of 1-bit scans: an 8 read "&" ("&38 AM"); "Q&A" is no number."""
    assert parse_date("Wednesday, March 30, 2011 &38 AM").iso == "2011-03-30T08:38:00"
    assert parse_date("Wednesday, March 30, 2011 Q&A 9:15 AM").iso == "2011-03-30T09:15:00"


@pytest.mark.parametrize(("printed", "iso"), [("Monday, Ju1y 08, 2013 1:23 PM", "2013-07-08T13:23:00"),
                                              ("Tuesday, 0ctober 08, 2013 1:23 PM", "2013-10-08T13:23:00"),
                                              ("Saturday, Jnne 08, 2013 1:23 PM", "2013-06-08T13:23:00"),
                                              ("Thursday, Mav 08, 2014 1:23 PM", "2014-05-08T13:23:00")])
def test_a_month_ocr_misread(printed: str, iso: str) -> None:
    """OCR failure: a digit for a letter of the month ("Ju1y"); a short month one letter
    off ("Jnne") is read only where the printed weekday falls on it."""
    assert parse_date(printed) == SentDate(iso, printed, "damaged")


def test_a_short_month_one_letter_off_needs_its_weekday() -> None:
    assert parse_date("Jnne 08, 2013 1:23 PM").iso is None  # June? a weekday would say
    assert parse_date("Thursday, Jnne 08, 2013 1:23 PM").iso is None  # June 8, 2013 was a Saturday


@pytest.mark.parametrize("signed", ["Jane Roe", "Thanks,\nJane Roe", "Regards,\nJane Roe, P.E.", "Jane Roe\nDeputy Director"])
def test_a_reply_signed_with_its_mailbox_owners_name_is_no_banner_over_what_it_quotes(signed: str) -> None:
    """Layout family, Outlook prints whose banner is the mailbox owner's "Jane Roe" and whose reply
    separator is a rule a text layer drops: the owner's reply signed "Jane Roe" over the message it
    answers. GIVEN such a print WHEN split THEN one email, the answered message quoted in it, the
    signature the reply's (was: the signature read as the banner of a print of its own, the quoted
    message a second top email); a print of another subject under the banner still starts its own."""
    quoted = ("From: John Doe\nSent: Monday, March 4, 2013 4:02 PM\nTo: Jane Roe\nSubject: Dredging permit\n\n"
              "Jane, may the contractor start on Monday?\n\nJohn\n")
    page = ("Jane Roe\n\nFrom: Jane Roe\nSent: Tuesday, March 5, 2013 10:14 AM\nTo: John Doe\nSubject: RE: Dredging permit\n\n"
            f"John,\n\nI approve the survey.\n\n{signed}\n\n{quoted}\nHARBOR-000123\n")
    top, copy = emails_from_pages([page], [None])[0]
    assert (top.quoted, copy.quoted, copy.sender.name) == (False, True, "John Doe")
    assert top.body.startswith(f"John,\n\nI approve the survey.\n\n{signed}\n")
    other = page.replace("Subject: Dredging permit", "Subject: Budget").replace("Monday, March 4", "Friday, March 8")
    assert [e.quoted for e in emails_from_pages([other], [None])[0]] == [False, False]


def test_a_quoted_header_at_a_page_top_under_a_reply_a_box_fills_goes_on_the_chain() -> None:
    """Page family, banner prints redacted: a reply whose text a redaction box fills (its page few
    lines of text), the message it answers at the next page's top, no banner over it. GIVEN such
    a print WHEN split THEN the answered message is quoted in the reply, which runs over both pages
    (was: a print of its own, the reply cut at its page); a page-top header of another subject
    after a short page still starts its own."""
    first = ("Roe, Jane\n\nFrom: Roe, Jane\nSent: Tuesday, March 5, 2013 10:14 AM\nTo: Doe, John\n"
             "Subject: RE: Dredging permit\n\n(b)(5)\n\n\n\nHARBOR-000123\n")
    second = ("From: Doe, John\nSent: Monday, March 4, 2013 4:02 PM\nTo: Roe, Jane\nSubject: Dredging permit\n\n"
              "Jane, may the contractor start on Monday?\n\nHARBOR-000124\n")
    filler = "Roe, Jane\n\nFrom: Roe, Jane\nSent: Friday, March 1, 2013 9:00 AM\nTo: Moss, Carl\nSubject: Budget\n\n" + \
        "".join(f"Line {n} of the budget notes.\n" for n in range(30)) + "HARBOR-000120\n"
    emails, _ = emails_from_pages([filler, first, second], [None] * 3)
    assert [(e.start_page, e.end_page, e.quoted) for e in emails] == [(1, 1, False), (2, 3, False), (3, 3, True)]
    other = second.replace("Subject: Dredging permit", "Subject: Parking")
    assert [e.quoted for e in emails_from_pages([filler, first, other], [None] * 3)[0]] == [False, False, False]


def test_a_long_subject_wrapped_onto_the_next_line() -> None:
    """Layout family, desktop clients: a subject too long for its line goes on under it in
    lower case; a line in capitals after it is the body's."""
    page = ("From: Roe, Jane\nSent: Thursday, August 08, 2013 1:23 PM\nTc: Doe, John\n"
            "Subject: RE: Follow up on the quarterly budget review for the regional\n"
            "office and the new hires\nPlease see the report.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert email.subject == "RE: Follow up on the quarterly budget review for the regional office and the new hires"
    assert email.body.startswith("Please see")
    assert [p.name for p in email.to] == ["Doe, John"]  # "Tc:" is To: misread
    (email,), _ = emails_from_pages([page.replace("office and", "Office and")], [None])
    assert email.subject.endswith("regional")


@pytest.mark.parametrize("rest", ["John Doe", "Authority dredging records", "2013 draft", "(FOIA 2019-123)",
                                  '"Authority" and the Port'])
def test_a_long_subject_wrapped_onto_a_name_or_a_number(rest: str) -> None:
    """The same family, the subject's second line starting with a capital, a digit, a bracket or a
    quote (a name, an agency, a docket number), a blank line under it ending the header. GIVEN such
    a header, and a quoted copy printed alike WHEN split THEN each subject is whole (was: cut at its
    first line's end, "… for all records about", the rest the body's; both copies alike, so nothing
    flagged it); a sign-off under a long subject stays the body's."""
    head = "Subject: RE: FOIA request 2019-123 from the Harbor Times for all records about\n"
    page = (f"From: Roe, Jane\nSent: Thursday, August 08, 2013 1:23 PM\nTo: Doe, John\n{head}{rest}\n\nSee below.\n\n"
            f"From: Doe, John\nSent: Wednesday, August 07, 2013 9:00 AM\nTo: Roe, Jane\n{head.replace('RE: ', '')}{rest}"
            "\n\nPlease draft the letter.\n")
    top, quoted = emails_from_pages([page], [None])[0]
    assert (top.subject, quoted.subject) == (head[9:-1] + " " + rest, head[13:-1] + " " + rest)
    assert (top.body.split("\n")[0], quoted.body) == ("See below.", "Please draft the letter.")
    signed = page.replace(f"{head}{rest}\n\nSee below.", f"{head}Thanks\n\nJane")
    assert emails_from_pages([signed], [None])[0][0].subject == head[9:-1]


@pytest.mark.parametrize("under", ["PM\n                                 Subject  Dredging permit",
                                   "PM                               Subject  Dredging permit"])
def test_a_notes_date_whose_pm_wrapped_under_it(under: str) -> None:
    """Layout family, Lotus Notes memo prints: the left column too narrow for the date and its
    clock's AM/PM, "PM" wrapped onto the line under the date (alone, or beside the Subject). GIVEN
    such a header WHEN read THEN one email in the afternoon (was: no email at all)."""
    page = ("Jane Roe/HARBOR/AGY          To   Carl Moss/HARBOR/AGY@AGY\n03/05/2013 04:14                 cc\n"
            f"{under}\n\nCarl, signed.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert (email.sent, email.subject) == ("2013-03-05T16:14:00", "Dredging permit")


def test_a_notes_subject_wraps_in_its_narrow_column() -> None:
    """Layout family, Lotus Notes memo prints: the Subject's column is narrower than a page's, so a
    shorter subject wraps in it. GIVEN one wrapped over two lines WHEN read THEN the subject is whole
    (was: its first line)."""
    page = ("Jane Roe/HARBOR/AGY          To   Carl Moss/HARBOR/AGY@AGY\n03/05/2013 04:14 PM              cc\n"
            "                             Subject  Draft determination letter for the\n"
            "                                      records request\n\nCarl, signed.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert email.subject == "Draft determination letter for the records request"


@pytest.mark.parametrize("ending", ["wr0te:", "vvrote:", "wrcte:", "wrote :", "ftirote:", "ivrote:", "wrote: B6",
                                    "ftirote: (b)(6)"])
def test_on_wrote_line_whose_word_ocr_misread(ending: str) -> None:
    """OCR failure, Gmail, iPhone and Thunderbird replies: "wrote:" misread (its "w" read as two
    or three glyphs: "ftirote:" in a real release) or its colon set apart, or a margin code read
    after it."""
    page = (OUTLOOK_PRINT.split("\nFrom: Doe")[0]
            + f"\nOn Wed, Aug 7, 2013 at 9:00 AM, John Doe <jd@example.org> {ending}\n> Here.\n")
    emails, _ = emails_from_pages([page], [None])
    assert [(e.quoted, e.sent, e.sender.name if e.sender else None) for e in emails][1:] == [
        (True, "2013-08-07T09:00:00", "John Doe")]
    assert emails[1].sender is not None and emails[1].sender.redactions == (("(b)(6)",) if "(b)(6)" in ending or "B6" in ending else ())


@pytest.mark.parametrize("line", ["On Wed, Aug 7, 2013 at 9:00 AM, he said by rote:", "On Wed, Aug 7, 2013 at 9:00 AM, Karl Grote:"])
def test_words_ending_like_wrote_are_no_reply_line(line: str) -> None:
    page = OUTLOOK_PRINT.split("\nFrom: Doe")[0] + f"\n{line}\n> Here.\n"
    emails, _ = emails_from_pages([page], [None])
    assert len(emails) == 1


def test_a_code_after_wrote_that_withholds_no_party_is_not_the_senders() -> None:
    """A (b)(5) after "wrote:" is a margin code of the quoted text, no box over the sender's
    address: the sender is not marked redacted (as after "wrote: B6" it is)."""
    page = OUTLOOK_PRINT.split("\nFrom: Doe")[0] + "\nOn Wed, Aug 7, 2013 at 9:00 AM, John Doe <jd@example.org> wrote: (b)(5)\n> Here.\n"
    emails, _ = emails_from_pages([page], [None])
    assert all(not (e.sender and e.sender.redactions) for e in emails)


def test_values_printed_under_their_labels_include_the_subject() -> None:
    """Layout family, prints whose value column OCR read under each label: a Subject: value
    printed under its label as every other value is, not the body's first line."""
    page = ("From:\nRoe, Jane\nSent:\nThursday, August 08, 2013 1:23 PM\nTo:\nDoe, John\nSubject:\nBudget\n\n"
            "Please see.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert (email.subject, email.body) == ("Budget", "Please see.")
    beside = "From: Roe, Jane\nSent: Thursday, August 08, 2013 1:23 PM\nTo: Doe, John\nSubject:\nPlease see.\n"
    (email,), _ = emails_from_pages([beside], [None])
    assert (email.subject, email.body) == ("", "Please see.")  # sent without a subject


def test_a_day_first_date_with_a_period_after_the_day() -> None:
    """Day-first European print ("8. August 2013 13:23"), as German-language clients print it."""
    assert parse_date("Donnerstag, 8. August 2013 13:23").iso == "2013-08-08T13:23:00"


def test_lotus_notes_header_read_column_by_column() -> None:
    """Layout family: Lotus Notes, its memo-style header read one column after the other
    (sender, date under it, then To/cc/Subject lines without colons), under a "Forwarded by"
    line: a quoted copy with its sender, date, recipients and subject."""
    page = ("From: Roe, Jane\nSent: Thursday, August 08, 2013 1:23 PM\nTo: Doe, John\nSubject: FW: Budget\n\nFYI.\n\n"
            "----- Forwarded by Jane Roe/DEPT/ORG on 08/07/2013 09:00 AM -----\n\nJohn Doe/DEPT/ORG\n"
            "08/06/2013 04:12 PM\nTo Jane Roe/DEPT/ORG@ORG\ncc\nSubject Budget\n\nHere it is.\n")
    emails, _ = emails_from_pages([page], [None])
    assert [(e.quoted, e.sender.name if e.sender else None, e.sent, e.subject) for e in emails][1:] == [
        (True, "John Doe/DEPT/ORG", "2013-08-06T16:12:00", "Budget")]
    assert [p.name for p in emails[1].to] == ["Jane Roe/DEPT/ORG@ORG"] and emails[1].body == "Here it is."


def test_lotus_notes_header_read_with_its_date_above_the_sender() -> None:
    """OCR failure, the same header: the date read above the sender, an Internet sender's quoted
    name wrapped in its column (its closing quote on a line OCR lost). GIVEN such a header over an
    Outlook reply WHEN read THEN it is the top email, the reply under it a quoted copy (was: no
    email there, the reply taken for the top one)."""
    page = ('TAB 25\n09/23/2007 08:04 PM\n"Roe, Pat A.\nTo "John Doe"\ncc\nbcc\nSubject RE: Revised agreement\n'
            "The second one is still open.\n\nFrom: John Doe [mailto:jdoe@harbor.example.gov]\n"
            "Sent: Sunday, September 23, 2007 7:40 PM\nTo: Roe, Pat A.\nSubject: Revised agreement\n\nAttached.\n")
    assert [row[:4] for row in _read(page)] == [(False, "Roe, Pat A.", "2007-09-23T20:04:00", "RE: Revised agreement"),
                                                (True, "John Doe", "2007-09-23T19:40:00", "Revised agreement")]


@pytest.mark.parametrize(("printed", "iso"), [("Wed Aug 07 09:00:00 2013", "2013-08-07T09:00:00"),
                                              ("Wed Aug 07 14:02:11 EDT 2013", "2013-08-07T14:02:11-04:00")])
def test_a_date_with_its_year_after_the_time(printed: str, iso: str) -> None:
    """Layout family: BlackBerry and Unix mailers print the year last ("Sent: Wed Aug 07 09:00:00 2013")."""
    assert parse_date(printed) == SentDate(iso, printed, "exact")


@pytest.mark.parametrize(("printed", "iso"), [("Fri Apr s 19:53:56 2011", "2011-04-08T19:53:56"),
                                              ("Tue Apr s 19:53:56 2011", "2011-04-05T19:53:56"),
                                              ("Fri, Apr s, 2011 7:53 PM", "2011-04-08T19:53:00"),
                                              ("Mon Apr s 19:53:56 2011", None)])  # no reading falls on a Monday
def test_a_day_ocr_misread_in_a_year_last_date_is_read_on_its_weekday(printed: str, iso: str | None) -> None:
    """OCR failure in the year-last family: the day read as a letter ("Fri Apr s 19:53:56 2011"),
    "s" being 5 or 8. GIVEN the weekday's abbreviation printed whole WHEN parsed THEN the day is
    the reading on that weekday, marked damaged (the date was missing)."""
    assert parse_date(printed) == SentDate(iso, printed, "damaged" if iso else "missing")


def test_a_header_a_page_break_cut_after_its_from_line() -> None:
    """Page family, long threads under release stamps: the page ends with a quoted header's
    From: line; the next page prints its stamps, then Sent:, To:, Subject:. One quoted copy,
    its sender the From: line before the break, never dated by the stamp."""
    stamp = "UNCLASSIFIED\nCase No. F-2019-01234\nDoc No. C01234567\nDate: 05/13/2015\n"
    pages = [stamp + "From: Roe, Jane\nSent: Friday, February 24, 2012 5:24 AM\nTo: H\nSubject: FW: Update\n"
             "See below.\n-----Original Message-----\nFrom: Smith, Pat\n" + stamp.rstrip() + " AGY-0001\n",
             stamp + "Sent: Wednesday, February 22, 2012 9:11 AM\nTo: Doe, John\nSubject: Update\nHere it is.\n"
             + stamp.rstrip() + " AGY-0002\n"]
    emails, _ = emails_from_pages(pages, [None, None])
    assert [(e.quoted, e.sender.name if e.sender else None, e.sent) for e in emails] == [
        (False, "Roe, Jane", "2012-02-24T05:24:00"), (True, "Smith, Pat", "2012-02-22T09:11:00")]


def test_a_header_a_page_break_cut_after_its_sent_line_under_stamps_read_side_by_side() -> None:
    """Page family, long threads under release stamps: the page ends with a quoted header's From:
    and Sent: lines, then the stamps, two of them read as one line with the page's Bates number
    after them; the next page prints its stamps, then To: and Subject: (a To: line printed in
    other replies as well), then the next quoted header's From: straight under them. GIVEN that
    WHEN parsed THEN the header is joined: its To: and Subject: are its own (both were lost, the
    side-by-side stamps read as the page's own text, and the next From: taken into the rest)."""
    stamp = "UNCLASSIFIED\nDoc No. C01234567\nDate: 05/13/2015\nSUBJECT TO AGREEMENT ON SENSITIVE INFORMATION.\n"
    side_by_side = "UNCLASSIFIED\nDoc No. C01234567\nDate: 05/13/2015 SUBJECT TO AGREEMENT ON SENSITIVE INFORMATION. AGY-0001\n"
    pages = [stamp + "From: Roe, Jane\nSent: Friday, February 24, 2012 5:24 AM\nTo: Doe, John\nSubject: FW: Update\n"
             "See below.\nFrom: Smith, Pat\nSent: Thursday, February 23, 2012 01:10 PM\n" + side_by_side,
             stamp + "To: Doe, John\nSubject: Fw: Update\nFrom: Lee, Ann\nSent: Wednesday, February 22, 2012 9:11 AM\n"
             "To: Smith, Pat\nSubject: Update\nHere it is.\n" + stamp]
    emails, _ = emails_from_pages(pages, [None, None])
    assert [(e.sender.name if e.sender else None, [p.name for p in e.to], e.subject) for e in emails] == [
        ("Roe, Jane", ["Doe, John"], "FW: Update"), ("Smith, Pat", ["Doe, John"], "Fw: Update"),
        ("Lee, Ann", ["Smith, Pat"], "Update")]


@pytest.mark.parametrize(("printed", "parties"), [
    ("(b)(6), (b)(7)(C) (CID) (FBI)", [Party("(CID) (FBI)", "", ("(b)(6)", "(b)(7)(C)"))]),
    ("(b)(6) (b)(7)(C) (OGC) (FBI); Doe, Jane (OGC) (FBI)",
     [Party("(OGC) (FBI)", "", ("(b)(6)", "(b)(7)(C)")), Party("Doe, Jane (OGC) (FBI)")]),
    ("(b)(6) (b)(7)(C) Ellison, Mark <m@agency.gov>",
     [Party("", "", ("(b)(6)", "(b)(7)(C)")), Party("Ellison, Mark", "m@agency.gov")]),
])
def test_a_redacted_name_keeps_its_offices_and_every_code(printed: str, parties: list[Party]) -> None:
    """Layout family, FBI and DOJ prints: a redacted name keeps its offices printed after the box
    ("(b)(6), (b)(7)(C) (CID) (FBI)"). GIVEN such parties WHEN parsed THEN the offices are the
    redacted party's (they were a party of their own, "(CID) (FBI)", on every FBI header), and a
    code's paragraph letter is never the "(b)" of the next code ("(b)(6) (b)(7)(C)" lost (7)(C))."""
    assert list(parse_parties(printed)) == parties


@pytest.mark.parametrize(("printed", "sender"), [
    ("EPA-NEWS [mailto:EPA-NEWS@LISTSERV.EPA.GOV] On Behalf Of Smith, John", Party("Smith, John")),
    ("Front Office [mailto:fo@agency.gov] on behalf of Roe, Jane <jroe@agency.gov>",
     Party("Roe, Jane", "jroe@agency.gov")),
    ("Roe, Jane <jroe@agency.gov>", Party("Roe, Jane", "jroe@agency.gov")),
    # in small letters between a delegate's name and a mailbox's, the address the mailbox's
    ("Ann Lee on behalf of Press Office <press@agency.gov>", Party("Press Office", "press@agency.gov")),
    ("Friends on behalf of Refugees <info@aid.example.org>", Party("Friends on behalf of Refugees", "info@aid.example.org")),
    ("Ann Lee on behalf of Press Office <alee@agency.gov>", Party("Ann Lee on behalf of Press Office", "alee@agency.gov")),
])
def test_a_message_sent_on_behalf_of_its_author(printed: str, sender: Party) -> None:
    """Layout family, Outlook desktop print: a message a delegate or a mailing list sent prints
    "From: <delegate> [mailto:…] On Behalf Of <author>". GIVEN that WHEN parsed THEN the sender is
    the author, not the delegate's name and address (the sender was the list, the author lost)."""
    page = f"From: {printed}\nSent: Tuesday, March 3, 2015 4:05 PM\nTo: Doe, Jane\nSubject: News\nBody.\n"
    (email,), _ = emails_from_pages([page], [None])
    assert email.sender == sender


def test_a_reply_to_line_ends_the_recipients() -> None:
    """Layout family, BlackBerry and Apple prints, and raw headers printed whole: a hyphenated
    label ("Reply-To:", "Message-ID:") is a label of the header. GIVEN a Reply-To: line under To:
    WHEN parsed THEN it is no recipient (To read [John Doe, "Reply-To"])."""
    page = ("From: Roe, Jane <jroe@doi.gov>\nDate: March 3, 2015 at 4:05:00 PM EST\nTo: John Doe<jdoe@doi.gov>\n"
            "Reply-To: jroe@doi.gov\nMessage-ID: <123@doi.gov>\nSubject: Status\nBody.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert (email.to, email.subject) == ((Party("John Doe", "jdoe@doi.gov"),), "Status")


def test_a_margin_code_on_a_line_of_its_own_inside_a_header_is_no_part_of_a_value() -> None:
    """Page family, scans with a producer's text layer: a redaction box's margin code beside a
    header line is read on a line of its own ("Subject; more on the permit" / "B6" / "From: ...").
    GIVEN that WHEN parsed THEN the subject is as printed and the code is the email's (the
    subject read "more on the permit B6")."""
    page = ("From: Roe, Jane\nSent: Wednesday, September 12, 2012 6:16 PM\nTo: H\nSubject: Fwd: more on the permit\n"
            "Sending direct.\n-----Original Message-----\nSubject; more on the permit\nB6\nFrom: Doe, John\n"
            "To: Roe, Jane\nText.\n")
    top, copy = emails_from_pages([page], [None])[0]
    assert (copy.subject, copy.exemptions, copy.sender) == ("more on the permit", ("(b)(6)",), Party("Doe, John"))


def test_a_subject_label_whose_colon_ocr_lost_before_a_value_in_lower_case() -> None:
    """OCR failure, any print: "Subject update on the harbour permit" under a header's To: line,
    its colon lost and its value in lower case. GIVEN that WHEN parsed THEN it is the subject (it
    was dropped as prose: the email had none); "Subject to approval ..." under a header that
    prints its own Subject: stays the body's."""
    head = "From: Roe, Jane\nSent: Thursday, September 13, 2012 6:09 AM\nTo: H\n"
    (email,), _ = emails_from_pages([head + "Subject update on the visit: the senator\nHe arrives today.\n"], [None])
    assert (email.subject, email.body) == ("update on the visit: the senator", "He arrives today.")
    (email,), _ = emails_from_pages([head + "Subject: Visit\nSubject to approval by the board, we go.\n"], [None])
    assert (email.subject, email.body) == ("Visit", "Subject to approval by the board, we go.")


def test_a_to_value_whose_label_ocr_lost_between_sent_and_subject() -> None:
    """OCR failure, any print: the To: label lost, its value ("H") left on a line of its own between
    a complete Sent: line and the Subject:. GIVEN that WHEN parsed THEN it is the recipient (it was
    read as the end of the Sent: value, "12:50 AM H", and the email had no recipient)."""
    page = ("From: Brandt, Simon\nSent: Wednesday, September 12, 2012 12:50 AM\nH\n"
            "Subject: H: the minister on the attack. Sid\nCONFIDENTIAL\n")
    (email,), _ = emails_from_pages([page], [None])
    assert (email.to, email.sent_raw, email.subject) == (
        (Party("H"),), "Wednesday, September 12, 2012 12:50 AM", "H: the minister on the attack. Sid")


def test_header_rules_leave_ordinary_lines_alone() -> None:
    """Negative cases of the rules above (a review of them): GIVEN a body whose second line is a
    phone number, a redacted recipient wrapped onto a line of its own, a recipient list wrapped
    onto a line that holds a colon, a label OCR split with a space, a name holding "on behalf of",
    and a comma list after a code with no semicolon WHEN parsed THEN the email stands, every
    recipient is kept and the label read (the first was no email at all, the next two lost a
    recipient, the label its subject)."""
    head = "From: Roe, Jane\nSent: Monday, May 2, 2011 8:01 PM\n"
    (email,), _ = emails_from_pages([head + "To: Doe, John\nSubject: number\nHere it is\nPhone: 202-555-0100\n"], [None])
    assert email.body.startswith("Here it is")
    (email,), _ = emails_from_pages([head + "To: Ortega, Luisa; Hollis, Robin J;\nB6\nSubject: Update\nText\n"],
                                    [None])
    assert email.to[-1] == Party("", "", ("(b)(6)",)) and len(email.to) == 3
    (email,), _ = emails_from_pages([head + "To: Doe, John; Office of\nPolicy Planning: Staff; Lee, Ann\n"
                                            "Subject: notes\nText\n"], [None])
    assert [p.name for p in email.to][-1] == "Lee, Ann" and email.subject == "notes"
    (email,), _ = emails_from_pages([head + "To: Doe, John\nSubj ecl: Budget for FY12\nText\n"], [None])
    assert email.subject == "Budget for FY12"
    page = "From: Friends on Behalf of Refugees <info@fobr.org>\nSent: Monday, May 2, 2011 8:01 PM\nTo: Doe, John\n"
    (email,), _ = emails_from_pages([page + "Subject: Gala\nText\n"], [None])
    assert email.sender == Party("Friends on Behalf of Refugees", "info@fobr.org")
    assert [p.name for p in parse_parties("(b)(6) Jake, Carol, Luisa, Pablo")][1:] == ["Jake, Carol, Luisa, Pablo"]


def test_more_ordinary_lines_the_late_rules_leave_alone() -> None:
    """Negative cases from a second review: GIVEN a short capitalised first body line under a long
    Title-Case subject, a labels-then-values header whose values are a paragraph each, a fax cover
    printing a Subject: then its fax number, a label of one word holding ";" under To:, and "ON
    BEHALF OF" in capitals after a mailto WHEN parsed THEN the body keeps its line, every value
    is read, the cover is no email, the label is no recipient and the author is the sender."""
    head = "From: Roe, Jane\nSent: Monday, May 2, 2011 8:01 PM\nTo: Doe, John\n"
    (email,), _ = emails_from_pages([head + "Subject: Meeting With Ambassador Lane Regarding Security Arrangements"
                                            "\nThanks\n"], [None])
    assert email.body == "Thanks"
    page = "From:\nSent:\nTo:\nSubject:\n\nRoe, Jane\n\nTuesday, March 03, 2015 4:05 PM\n\nDoe, John\n\nStatus\n\nThanks.\n"
    (email,), _ = emails_from_pages([page], [None])
    assert (email.sender, email.to, email.subject, email.body) == (Party("Roe, Jane"), (Party("Doe, John"),),
                                                                    "Status", "Thanks.")
    cover = ("FAX COVER SHEET\nTo: John Doe\nFrom: Jane Roe\nDate: 5/2/2011 10:00 AM\nSubject: Documents\n"
             "Fax: 202-555-0100\nPhone: 202-555-0101\n")
    assert emails_from_pages([cover], [None])[0] == []
    (email,), _ = emails_from_pages([head.replace("To: Doe, John\n", "To: Doe, John\nClassification: SBU; NOFORN\n")
                                     + "Subject: notes\nText\n"], [None])
    assert [p.name for p in email.to] == ["Doe, John"]
    page = "From: Smith, John [mailto:js@x.gov] ON BEHALF OF Doe, Jane\nSent: Monday, May 2, 2011 8:01 PM\n"
    (email,), _ = emails_from_pages([page + "To: Lee, Ann\nSubject: x\nText\n"], [None])
    assert email.sender == Party("Doe, Jane")


@pytest.mark.parametrize("label", ["Scnt", "Sen!", "Seut", "Sem", "Dale"])
def test_a_sent_label_misread_past_recognition(label: str) -> None:
    """OCR failure: "Sent:" misread beyond one letter; a date with a clock time after it says it is Sent:."""
    page = OUTLOOK_PRINT.replace("Sent: Thursday, August 08, 2013 1:30 PM", f"{label}: Thursday, August 08, 2013 1:30 PM")
    emails, _ = emails_from_pages([page], [None])
    assert [(e.sender.name if e.sender else None, e.sent) for e in emails][1] == ("Doe, John", "2013-08-08T13:30:00")
    prose = OUTLOOK_PRINT.replace("Fine by me.", f"{label}: the note went out")
    assert len(emails_from_pages([prose], [None])[0]) == 2


FRENCH_THREAD = """\
De : Jean Dupont <jean.dupont@example.fr>
Envoyé : mercredi 14 août 2013 09:01
À : Roe, Pat <pat.roe@agency.gov>
Cc : Marie Curie <mcurie@example.fr>
Objet : RE: Harbor channel update

Jeudi me convient.

De : Roe, Pat [mailto:pat.roe@agency.gov]
Envoyé : mardi 13 août 2013 14:15
À : Jean Dupont
Objet : Harbor channel update

Can we meet on Thursday?
"""
GERMAN_PRINT = """\
Von: Hans Müller [mailto:hmueller@example.de]
Gesendet: Mittwoch, 14. März 2013 09:01
An: Roe, Pat
Cc: Schmidt, Eva
Betreff: AW: Harbor channel update

Donnerstag passt.
"""
SPANISH_PRINT = """\
De: Juan Pérez [mailto:jperez@example.es]
Enviado el: miércoles, 14 de agosto de 2013 9:01
Para: Roe, Pat
CC: García, Ana
Asunto: RE: Harbor channel update

El jueves me viene bien.
"""


def test_a_french_outlook_thread() -> None:
    """Layout family: Outlook set up in French (De/Envoyé/À/Objet, "mercredi 14 août 2013"),
    the messages agencies receive from abroad and forward: both headers read whole."""
    emails, _ = emails_from_pages([FRENCH_THREAD], [None])
    assert [(e.quoted, e.sender, e.sent, e.subject) for e in emails] == [
        (False, Party("Jean Dupont", "jean.dupont@example.fr"), "2013-08-14T09:01:00", "RE: Harbor channel update"),
        (True, Party("Roe, Pat", "pat.roe@agency.gov"), "2013-08-13T14:15:00", "Harbor channel update")]
    assert [p.name for p in emails[0].to + emails[0].cc] == ["Roe, Pat", "Marie Curie"]


@pytest.mark.parametrize(("page", "sender", "sent"), [
    (GERMAN_PRINT, Party("Hans Müller", "hmueller@example.de"), "2013-03-14T09:01:00"),
    (SPANISH_PRINT, Party("Juan Pérez", "jperez@example.es"), "2013-08-14T09:01:00"),
])
def test_german_and_spanish_outlook_prints(page: str, sender: Party, sent: str) -> None:
    """Layout family: Outlook in German (Von/Gesendet/An/Betreff, "14. März 2013") and Spanish
    (De/Enviado el/Para/Asunto, "14 de agosto de 2013"); a 24-hour clock."""
    (email,) = emails_from_pages([page], [None])[0]
    assert (email.sender, email.sent, email.date_certainty) == (sender, sent, "exact")
    assert [p.name for p in email.to + email.cc] == ["Roe, Pat", page.split("\n")[3].split(": ")[1]]
    assert email.subject.endswith("Harbor channel update")


@pytest.mark.parametrize("prose", ["De nuevo: la reunión es el jueves.", "An example: the harbor."])
def test_labels_abroad_need_their_colon_and_a_header(prose: str) -> None:
    """Words of prose in those languages ("De", "An") are labels only inside a header block."""
    assert emails_from_pages([f"Notes from the meeting\n{prose}\nMore notes.\n"], [None])[0] == []


def test_a_one_letter_account_read_with_a_speck_beside_it() -> None:
    """OCR failure: the account "H" read "Hi" or "Ho" (a speck beside it); where the document
    prints "H" as a party (twice at least) it is "H", elsewhere no name is made of it."""
    page = ("From: Roe, Jane\nSent: Friday, February 24, 2012 5:24 AM\nTo: Hi\nSubject: Update\nSee below.\n"
            "-----Original Message-----\nFrom: H\nSent: Thursday, February 23, 2012 9:11 AM\nTo: Roe, Jane\n"
            "Subject: Update\nWhere is it?\n-----Original Message-----\nFrom: Roe, Jane\n"
            "Sent: Wednesday, February 22, 2012 9:11 AM\nTo: H\nSubject: Update\nHere it is.\n")
    emails, _ = emails_from_pages([page], [None])
    assert emails[0].to == (Party("H"),)
    alone, _ = emails_from_pages([page.replace("From: H\n", "From: Doe, John\n").replace("To: H\n", "To: Ann\n")],
                                 [None])
    assert alone[0].to == ()


def _print(sent: str, sender: str = "Doe, John", subject: str = "Harbor update") -> str:
    return f"From: {sender}\nSent: {sent}\nTo: Roe, Pat\nSubject: {subject}\n"


def test_an_ambiguous_date_read_in_the_order_the_mailer_prints_elsewhere() -> None:
    """Dates: GIVEN "07/08/2013" (valid both ways) in a document whose same mailer prints
    "13/08/2013" elsewhere WHEN parsed THEN it is day first (7 August), recorded as decided
    from the document's dates; a mailer of another shape ("13.08.13") decides nothing."""
    pages = [_print("07/08/2013 14:15") + "See you then.\n", _print("13/08/2013 09:15", "Lee, Ann") + "Noted.\n"]
    emails, _ = emails_from_pages(pages, [None, None])
    assert [(e.sent, e.date_certainty) for e in emails] == [("2013-08-07T14:15:00", "exact"),
                                                            ("2013-08-13T09:15:00", "exact")]
    assert "dated-from:document-dates" in emails[0].doubts
    assert {"dated-from:document-dates", "dated-from:thread-order"} <= set(DOUBT_CODES)  # shown to people
    other, _ = emails_from_pages([pages[0], pages[1].replace("13/08/2013", "13.08.13")], [None, None])
    assert (other[0].sent, other[0].date_certainty) == ("2013-07-08T14:15:00", "ambiguous")


def test_an_ambiguous_date_read_in_the_order_the_thread_allows() -> None:
    """Dates: GIVEN a reply sent "07/08/2013" quoting a message of Saturday, July 13, 2013 WHEN
    parsed THEN the reply is 7 August (8 July would be older than what it quotes)."""
    page = (_print("07/08/2013 14:15", subject="RE: Harbor update") + "Agreed.\n-----Original Message-----\n"
            + _print("Saturday, July 13, 2013 9:15 AM", "Roe, Pat") + "Shall we?\n")
    emails, _ = emails_from_pages([page], [None])
    assert [e.sent for e in emails] == ["2013-08-07T14:15:00", "2013-07-13T09:15:00"]
    assert "dated-from:thread-order" in emails[0].doubts


@pytest.mark.parametrize("quoted", ["Saturday, July 6, 2013 9:15 AM", "13/08/2013 09:15 | 07/13/2013 09:15"])
def test_an_ambiguous_date_nothing_decides_stays_ambiguous(quoted: str) -> None:
    """Both readings fit the thread (the quoted message is older than either), or the
    document's dates disagree on the order: "07/08/2013" stays ambiguous, read month first."""
    first, _, second = quoted.partition(" | ")
    page = (_print("07/08/2013 14:15", subject="RE: Harbor update") + "Agreed.\n-----Original Message-----\n"
            + _print(first, "Roe, Pat") + "Shall we?\n")
    pages = [page] + ([_print(second, "Lee, Ann") + "Noted.\n"] if second else [])
    emails, _ = emails_from_pages(pages, [None] * len(pages))
    assert (emails[0].sent, emails[0].date_certainty) == ("2013-07-08T14:15:00", "ambiguous")


def test_a_recipient_cut_short_by_a_box_is_the_name_printed_in_full() -> None:
    """OCR failure: a box drawn against a To: line cuts its glyphs and the reading stops
    inside a word ("Hollm"); the document prints "Hollmer, John E." (and "Hollmer" alone, the
    same person's display name) elsewhere: the fullest is the recipient. A name that ends at
    a word ("Hollmer") stands, and so does a name no other printing begins the same way."""
    page = ("From: Hollmer\nSent: Thursday, August 08, 2013 1:38 PM\nTo: Roe, Jane\nSubject: Pilot\nok\n"
            "-----Original Message-----\nFrom: Roe, Jane\nSent: Thursday, August 08, 2013 1:31 PM\nTo: Hollm\n"
            "Subject: Pilot\nI'll check.\n-----Original Message-----\nFrom: Roe, Jane\n"
            "Sent: Thursday, August 08, 2013 1:23 PM\nTo: Hollmer, John E.; Lee, Ann\nSubject: Pilot\nSee below.\n")
    emails, _ = emails_from_pages([page], [None])
    assert [e.sender.name if e.sender else None for e in emails] == ["Hollmer", "Roe, Jane", "Roe, Jane"]
    assert emails[1].to == (Party("Hollmer, John E."),)
    other, _ = emails_from_pages([page.replace("To: Hollm\n", "To: Lewi\n")], [None])
    assert other[1].to == (Party("Lewi"),)


def test_an_initial_whose_full_stop_ocr_lost_takes_it_back_where_the_document_prints_it_more() -> None:
    """OCR failure: the full stop after an initial is a header line's smallest mark, and a
    skewed or faint copy loses it ("Ellis, Dan J" in a quoted header repeated on each page).
    Where the document prints the name with the stop more often, the stop is taken back; a
    name printed without it as often as with it, or only once with it, stands as read."""
    def thread(to: str, copies: int, dotted: int) -> str:
        reply = "From: Roe, Jane\nSent: Thursday, August 08, 2013 1:38 PM\nTo: Ellis, Dan J.\nSubject: Pilot\nok\n"
        quoted = ("-----Original Message-----\nFrom: Lee, Ann\nSent: Thursday, August 08, 2013 1:23 PM\n"
                  f"To: {to}\nSubject: Pilot\nSee below.\n")
        return "\f".join([reply * dotted] + [quoted] * copies)

    def recipients(text: str) -> list[str]:
        emails, _ = emails_from_pages(text.split("\f"), [None] * len(text.split("\f")))
        return [party.name for email in emails if email.sender and email.sender.name == "Lee, Ann" for party in email.to]

    assert recipients(thread("Ellis, Dan J", copies=2, dotted=3)) == ["Ellis, Dan J."] * 2
    assert recipients(thread("Ellis, Dan J; Poe, A", copies=1, dotted=2)) == ["Ellis, Dan J.", "Poe, A"]
    assert recipients(thread("Ellis, Dan J", copies=3, dotted=3)) == ["Ellis, Dan J"] * 3
    assert recipients(thread("Ellis, Dan J", copies=1, dotted=1)) == ["Ellis, Dan J"]
    assert recipients(thread("Ellis, Don J", copies=1, dotted=3)) == ["Ellis, Don J"]


@pytest.mark.parametrize(("printed", "subject"), [("FW", "FW:"), ("Re", "Re:"), ("Fwd", "Fwd:"), ("Free", "Free")])
def test_a_prefix_whose_colon_a_box_hides(printed: str, subject: str) -> None:
    """Redaction families: a box drawn right after a reply or forward prefix hides its colon
    and the rest of the subject: "FW" alone is that prefix."""
    assert read_subject(printed) == subject


GMAIL_CONVERSATION = """\
Gmail - Harbor channel update
Pat Roe <pat.roe@agency.gov>

Harbor channel update
2 messages

John Doe <jdoe@gmail.com>                                   Tue, Aug 13, 2013 at 2:15 PM
To: Pat Roe <pat.roe@agency.gov>
Cc: Ann Lee <alee@agency.gov>

Can we meet on Thursday?

Pat Roe <pat.roe@agency.gov>                                Wed, Aug 14, 2013 at 9:01 AM
To: John Doe <jdoe@gmail.com>

Thursday works.
"""


def test_a_gmail_conversation_print() -> None:
    """Layout family: Gmail conversation prints: the thread's title once, "2 messages", then
    each message oldest first, sender and time on one line above its To: line. Each message is
    its own email with the thread's subject; the line above a later message is the body of the
    one before it, not its subject."""
    emails, _ = emails_from_pages([GMAIL_CONVERSATION], [None])
    assert [(e.quoted, e.sender, e.sent, e.subject) for e in emails] == [
        (False, Party("John Doe", "jdoe@gmail.com"), "2013-08-13T14:15:00", "Harbor channel update"),
        (False, Party("Pat Roe", "pat.roe@agency.gov"), "2013-08-14T09:01:00", "Harbor channel update")]
    assert emails[0].body.strip() == "Can we meet on Thursday?"


def test_lotus_notes_header_as_a_table_of_cells() -> None:
    """Layout family: Lotus Notes through a text layer: the sender and date, then each label
    ("To", "cc", "Subject") on a line of its own with its value under it, an empty cc none."""
    page = ("----- Forwarded by Pat Roe/ENG/Bellmore on 08/14/2013 09:01 AM -----\n\nJohn Doe/ENG/Bellmore\n"
            "08/13/2013 02:15 PM\nTo\nPat Roe/ENG/Bellmore@Bellmore\ncc\nSubject\nHarbor channel update\n\n"
            "Can we meet on Thursday?\n")
    (email,) = emails_from_pages([page], [None])[0]
    assert (email.sender, email.sent, email.subject, email.cc) == (
        Party("John Doe/ENG/Bellmore"), "2013-08-13T14:15:00", "Harbor channel update", ())
    assert [p.name for p in email.to] == ["Pat Roe/ENG/Bellmore@Bellmore"]
    assert email.body.strip() == "Can we meet on Thursday?"


def test_lotus_notes_cells_from_an_internet_sender_named_in_quotes() -> None:
    """Layout family: the same cells for mail from outside the Notes domain, its sender's display
    name alone in quotes ('"Roe, Pat A. (OIG)"'). GIVEN such a header WHEN read THEN the subject is
    the line under its label (was: the labels read as a header of their own, its subject lost)."""
    page = ('Thanks -- John\n"Roe, Pat A. (OIG)"\n10/03/2007 04:24 PM\nTo\n"John Doe"\ncc\nSubject\n'
            "Proposed letter to the board\nHi John - to move things along, here is the letter.\n")
    (email,) = emails_from_pages([page], [None])[0]
    assert (email.sender, email.sent, email.subject) == (Party("Roe, Pat A. (OIG)"), "2007-10-03T16:24:00",
                                                         "Proposed letter to the board")
    assert [p.name for p in email.to] == ["John Doe"]


def test_an_outlook_web_app_2010_print() -> None:
    """Layout family: Outlook Web App 2010 prints: the subject as a title, the sender's name
    under it, then Sent:/To:/Cc: with no From: label. A Sent: block under body text is not one."""
    page = "Harbor channel update\nRoe, Pat\nSent: Wednesday, August 14, 2013 9:01 AM\nTo: Doe, John\nCc: Lee, Ann\n\nThursday works.\n"
    (email,) = emails_from_pages([page], [None])[0]
    assert (email.sender, email.subject, email.sent) == (Party("Roe, Pat"), "Harbor channel update", "2013-08-14T09:01:00")
    assert [p.name for p in email.to + email.cc] == ["Doe, John", "Lee, Ann"]
    body = "From: Lee, Ann\nSent: Tuesday, August 13, 2013 9:01 AM\nTo: Doe, John\nSubject: Harbor\n" \
           "I will ask.\nThe minutes are attached and\nthe agenda follows\n" + page.split("\n", 2)[2]
    emails, _ = emails_from_pages([body], [None])
    assert [e.sender.name if e.sender else "" for e in emails] == ["Lee, Ann"]


@pytest.mark.parametrize("sender_line", ["Roe, Pat [pat.roe@harbor.example.gov]", "Roe, Pat <pat.roe@harbor.example.gov>"])
def test_an_outlook_web_app_2010_print_with_the_senders_address(sender_line: str) -> None:
    """Layout family: Outlook Web App 2010 prints the sender's address in brackets after the
    name under the title, as it prints each recipient's (was: no email found)."""
    page = (f"RE: Harbor channel update\n{sender_line}\nSent: Wednesday, August 14, 2013 9:01 AM\n"
            "To: Doe, John [john.doe@harbor.example.gov]\n\nThursday works.\n")
    (email,) = emails_from_pages([page], [None])[0]
    assert (email.sender, email.subject, email.sent) == (
        Party("Roe, Pat", "pat.roe@harbor.example.gov"), "RE: Harbor channel update", "2013-08-14T09:01:00")
    assert [(p.name, p.address) for p in email.to] == [("Doe, John", "john.doe@harbor.example.gov")]


def test_a_list_whose_last_address_wrapped_under_the_header() -> None:
    """Layout family: Outlook and Outlook Web App print a recipient's address in brackets after
    the name; the last one wrapped onto a line of its own under the header's last field is that
    name's (was: the body's first line, the party without its address)."""
    page = ("From: Roe, Pat [mailto:pat.roe@harbor.example.gov]\nSent: Wednesday, August 14, 2013 9:01 AM\n"
            "To: Doe, John [john.doe@harbor.example.gov]\n"
            "Cc: Park, Ellen [ellen.park@harbor.example.gov]; Lee, Alan\n[alan.lee@harbor.example.gov]\n\n"
            "Thursday works.\n")
    (email,) = emails_from_pages([page], [None])[0]
    assert [(p.name, p.address) for p in email.cc] == [("Park, Ellen", "ellen.park@harbor.example.gov"),
                                                        ("Lee, Alan", "alan.lee@harbor.example.gov")]
    assert email.body == "Thursday works."
    prose = page.replace("[alan.lee@harbor.example.gov]", "[Ellen asked me to copy Alan.]")
    (email,) = emails_from_pages([prose], [None])[0]
    assert email.body.startswith("[Ellen asked me")


@pytest.mark.parametrize(("intro", "sender"), [
    ("Le mar. 13 août 2013 à 14:15, Jean Dupont <jean.dupont@example.fr> a écrit :", "Jean Dupont"),
    ("Le mar. 13 août 2013 à 14:15, Jean Dupont <jean.dupont@example.fr> a\nécrit :", "Jean Dupont"),
    ("El 13 ago 2013, a las 14:15, Juan Pérez <jperez@example.es> escribió:", "Juan Pérez"),
    ("Em 13/08/2013 14:15, João Silva <js@example.pt> escreveu:", "João Silva"),
    ("Am 13.08.2013 um 14:15 schrieb Hans Müller <hmueller@example.de>:", "Hans Müller"),
    ("Op 13 aug. 2013 om 14:15 heeft Jan de Vries <jan@example.nl> het volgende geschreven:", "Jan de Vries"),
    ("Il giorno 13 agosto 2013 14:15, Marco Rossi <mr@example.it> ha scritto:", "Marco Rossi"),
])
def test_a_reply_line_in_another_language(intro: str, sender: str) -> None:
    """Layout family: Gmail, Apple Mail and Thunderbird set up in another language introduce
    the quoted message in it ("Le … a écrit :", "Am … schrieb …:"): a quoted copy, its sender
    and date read as from "On … wrote:"."""
    page = (_print("Wednesday, August 14, 2013 9:01 AM", "Roe, Pat", "RE: Harbor") + "\nThursday works.\n\n"
            + intro + "\n\n> Can we meet on Thursday?\n")
    emails, _ = emails_from_pages([page], [None])
    assert [(e.quoted, e.sender.name if e.sender else None, e.sent) for e in emails][1:] == [
        (True, sender, "2013-08-13T14:15:00")]


def test_prose_opening_like_a_reply_line_is_body() -> None:
    page = _print("Wednesday, August 14, 2013 9:01 AM", "Roe, Pat", "RE: Harbor") + "Le projet avance.\nEl lunes.\n"
    assert len(emails_from_pages([page], [None])[0]) == 1


# --- Families with no test before: misread colons, clock damage, gateway banners ---


@pytest.mark.parametrize("label", ["Sent.", "Sent,", "Sent_", "SentL", "Senti", "Date.", "Sent;"])
def test_a_sent_label_whose_colon_ocr_misread(label: str) -> None:
    """OCR failure, any scanned print: the colon of "Sent:" read as a period, comma,
    underscore or a letter glued to the label. GIVEN such a line between From: and To: WHEN
    split THEN it is the date, not the end of the sender's name."""
    page = f"From: Roe, Jane\n{label} Thursday, August 08, 2013 1:23 PM\nTo: Doe, John\nSubject: Budget\nHi.\n"
    (email,), _ = emails_from_pages([page], [None])
    assert (email.sender, email.sent, email.body) == (Party("Roe, Jane"), "2013-08-08T13:23:00", "Hi.")


def test_other_labels_whose_colon_ocr_misread() -> None:
    page = ("From. Roe, Jane <jroe@agency.gov>\nSent: Thursday, August 08, 2013 1:23 PM\nTo, Doe, John\n"
            "Subject. Budget\nHi.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert (email.sender.address, [p.name for p in email.to], email.subject) == (
        "jroe@agency.gov", ["Doe, John"], "Budget")


@pytest.mark.parametrize("prose", ["Sent. the note went out", "To. be clear, no.", "From, the start"])
def test_prose_with_a_period_after_a_label_word_is_body(prose: str) -> None:
    page = f"From: Roe, Jane\nSent: Thursday, August 08, 2013 1:23 PM\nTo: Doe, John\nSubject: Budget\n{prose}\n"
    (email,), _ = emails_from_pages([page], [None])
    assert email.body == prose


@pytest.mark.parametrize(("printed", "iso"), [("1:23 PIM", "2013-08-08T13:23:00"), ("1:23 PlVI", "2013-08-08T13:23:00"),
                                              ("1:23 Ply", "2013-08-08T13:23:00"),
                                              ("l1:05 AM", "2013-08-08T11:05:00"), ("I2:30 PM", "2013-08-08T12:30:00")])
def test_a_clock_whose_meridiem_or_leading_one_ocr_misread(printed: str, iso: str) -> None:
    """OCR failure: "PM" read "PIM" (never 01:23), the hour's leading 1 read "l" (never 01:05)."""
    assert parse_date(f"Thursday, August 08, 2013 {printed}") == SentDate(
        iso, f"Thursday, August 08, 2013 {printed}", "damaged")


@pytest.mark.parametrize(("printed", "thread"), [
    ("[EXTERNAL] RE: Budget", "budget"), ("RE: [EXTERNAL] Budget", "budget"),
    ("[External Email] Budget", "budget"), ("*EXTERNAL* FW: Budget", "budget"), ("EXTERNAL: Budget", "budget"),
    ("CAUTION - EXTERNAL: RE: Budget", "budget"), ("[Non-DoD Source] Budget", "budget"),
    ("RE: RE: FW: Budget", "budget"), ("External affairs budget", "external affairs budget"),
])
def test_a_gateway_banner_is_kept_as_printed_and_no_part_of_the_thread(printed: str, thread: str) -> None:
    """Layout family: agencies' mail gateways write "[EXTERNAL]" (and kin) into the subject of
    mail from outside, before or among its reply prefixes. The gateway wrote it into the
    message's Subject header, so the subject is kept as printed (what the message said, as a
    citation quotes it); the thread the message belongs to is found without it, as without
    its reply prefixes."""
    assert read_subject(printed) == printed
    assert normalize_subject(read_subject(printed)) == thread


RUNNING_HEAD = "City of Example FOIA Response 19-123\n"
REPLY_PAGE = (RUNNING_HEAD + "From: Roe, Jane <jroe@agency.gov>\nSent: Thursday, August 08, 2013 1:23 PM\nTo: Doe, John\n"
              "Subject: RE: Budget\nSee below.\n\n" + "\n".join(f"Line {n} of the reply." for n in range(30)) + "\n\n")


@pytest.mark.parametrize("cut", ["Sent:", "To:", "Cc:"])
def test_a_header_a_page_break_cut_after_its_sent_line(cut: str) -> None:
    """Page family, long threads: a quoted header's first lines are the last of a page; the next
    page prints its running head, then the rest (To:, Cc:, Subject:) and the body. One quoted
    copy, with every field, its body the text under the rest; the Bates footer is no part of it."""
    header = ["From: Doe, John [mailto:jdoe@agency.gov]", "Sent: Wednesday, August 07, 2013 9:00 AM",
              "To: Roe, Jane", "Cc: Lee, Ann", "Subject: Budget"]
    at = next(n for n, line in enumerate(header) if line.startswith(cut)) + 1
    pages = [REPLY_PAGE + "\n".join(header[:at]) + "\nAGY-00011\n",
             RUNNING_HEAD + "\n".join(header[at:]) + "\n\nHere it is.\nAGY-00012\n"]
    emails, _ = emails_from_pages(pages, [None, None])
    assert [(e.quoted, e.sender.name if e.sender else None, e.sent, e.subject) for e in emails] == [
        (False, "Roe, Jane", "2013-08-08T13:23:00", "RE: Budget"), (True, "Doe, John", "2013-08-07T09:00:00", "Budget")]
    assert ([p.name for p in emails[1].to], [p.name for p in emails[1].cc], emails[1].body) == (
        ["Roe, Jane"], ["Lee, Ann"], "Here it is.")
    assert (emails[1].start_page, emails[1].end_page) == (1, 2)


def test_a_header_at_the_top_of_the_next_page_is_not_the_rest_of_one() -> None:
    """A page that starts with a whole header of its own (From: then Sent:) continues nothing."""
    pages = [REPLY_PAGE + "From: Doe, John\nSent: Wednesday, August 07, 2013 9:00 AM\nAGY-00011\n",
             RUNNING_HEAD + "Sent: Tuesday, August 06, 2013 9:00 AM\nTo: Roe, Jane\nSubject: Budget\n\nHere.\n"]
    emails, _ = emails_from_pages(pages, [None, None])
    assert [e.sent for e in emails][:2] == ["2013-08-08T13:23:00", "2013-08-07T09:00:00"]
    assert emails[1].subject == "" and emails[1].to == ()


@pytest.mark.parametrize("cut", ["-----Original Message-----", "-----Original Message-----\nFrom: Doe, John"])
def test_a_separator_at_a_page_foot_quotes_the_header_under_the_next_running_head(cut: str) -> None:
    """Page family: the reply separator (or it and the From: line) ends a page; the next page's
    running head, printed on every page, is not the banner of a new print."""
    rest = "From: Doe, John\nSent: Wednesday, August 07, 2013 9:00 AM\nTo: Roe, Jane\nSubject: Budget\n\nHere it is.\n"
    pages = [REPLY_PAGE + cut + "\nAGY-00011\n", RUNNING_HEAD + rest.removeprefix("From: Doe, John\n" if "From" in cut else "")]
    emails, _ = emails_from_pages(pages, [None, None])
    assert [(e.quoted, e.sender.name if e.sender else None, e.subject) for e in emails] == [
        (False, "Roe, Jane", "RE: Budget"), (True, "Doe, John", "Budget")]


@pytest.mark.parametrize(("printed", "names"), [
    ("DOE, JOHN (CIV), LEE, ANN M. (USAO-DC)", ["DOE, JOHN (CIV)", "LEE, ANN M. (USAO-DC)"]),
    ("Doe, John (CIV) <jdoe@usdoj.gov>, Lee, Ann M. (USAO-DC) <alee@usdoj.gov>", ["Doe, John (CIV)", "Lee, Ann M. (USAO-DC)"]),
    ("Doe, John <jd@x.gov>, Lee, Ann", ["Doe, John", "Lee, Ann"]),
    ("John Doe, Ann Lee, Mary Ann van Dyke", ["John Doe", "Ann Lee", "Mary Ann van Dyke"]),
    ("Smith, Pat (JMD) (CTR), Kent, Bob", ["Smith, Pat (JMD) (CTR)", "Kent, Bob"]),
    ("Roe, Jane A", ["Roe, Jane A"]), ("Doe, John <jd@x.gov> (DEA)", ["Doe, John (DEA)"]),
    ("Doe, John, Lee, Ann", ["Doe, John, Lee, Ann"]),  # nothing says where the first name ends
    ("Naranjo Carl S, Brian R", ["Naranjo Carl S, Brian R"]),
])
def test_a_list_printed_with_commas_keeps_the_comma_inside_a_name(printed: str, names: list[str]) -> None:
    """Layout family: Outlook for Mac, Gmail, web mail and Lotus Notes separate recipients with
    commas; federal names print "LAST, FIRST (OFFICE)". A party ends at its bracketed address or
    at the office after a "Last, First" name; plain "First Last" names are one party each."""
    assert [p.name for p in parse_parties(printed)] == names


@pytest.mark.parametrize(("label", "subject"), [
    ("Subject H: latest intel on militias. Sid", "H: latest intel on militias. Sid"),
    ("Subject FW: Embassy update", "FW: Embassy update"),
])
def test_a_label_whose_colon_ocr_lost_keeps_the_start_of_its_value(label: str, subject: str) -> None:
    """OCR failure, any scanned print: "Subject" with its colon lost, then a value that starts with
    a short word and a colon ("H: latest intel"). GIVEN such a line WHEN parsed THEN the short word
    is the value's (it was read as a misread "Subject" label, one OCR edit from it, and lost)."""
    page = f"From: Brandt, Simon\nSent: Monday, March 28, 2011 7:02 PM\nTo: H\n{label}\nText of the memo.\n"
    (email,), _ = emails_from_pages([page], [None])
    assert email.subject == subject


@pytest.mark.parametrize(("printed", "names"), [
    ("Hollis, Robin), Perry, Alice G", ["Hollis, Robin", "Perry, Alice G"]),
    ("Baker, Dan', Stone, Petra", ["Baker, Dan", "Stone, Petra"]),
    ("Hollis, Robin J, Reyes, Carol D, Nolan, Peter F", ["Hollis, Robin J", "Reyes, Carol D",
                                                                 "Nolan, Peter F"]),
    ("O'Neil, Ann M, Van Buren, Pat", ["O'Neil, Ann M", "Van Buren, Pat"]),
    ("Doe, John, Lee, Ann", ["Doe, John, Lee, Ann"]),  # no initial, no remnant: where does a name end?
    ("Hollis, Robin, Ortega, Luisa; Perry, Alice G", ["Hollis, Robin", "Ortega, Luisa", "Perry, Alice G"]),
    ("Avila, Joan G; 'Baker, Dan', Stone, Petra; 'Sokol, Charlie'", ["Avila, Joan G", "Baker, Dan",
                                                                       "Stone, Petra", "Sokol, Charlie"]),
    ("Kumar, Hale, David M", ["Kumar, Hale, David M"]),  # an odd count pairs up no way
    # a given name read with a mark for a letter, an initial with its stop read as a stroke or digit
    ("Okafor, Dana )., Moss, Carl", ["Okafor, Dana ).", "Moss, Carl"]),
    ("Brandt, Lena, Okafor, Danie! J.", ["Brandt, Lena", "Okafor, Danie! J."]),
    ("Okafor, Dana 3., Moss, Carl", ["Okafor, Dana 3.", "Moss, Carl"]),
    ("Okafor, Dana ), Moss, Carl", ["Okafor, Dana", "Moss, Carl"]),  # (no stop: a separator's remnant)
    ("Moss, Carl H., Okafor, Dana J <dana.okafor@example.gov>", ["Moss, Carl H.", "Okafor, Dana J"]),  # an address last
])
def test_a_semicolon_list_whose_separators_ocr_misread(printed: str, names: list[str]) -> None:
    """OCR failure, Outlook desktop print: the semicolons of a "Last, First M" recipient list read
    as commas, or a bracket, quote or mark and a comma. GIVEN such a list whose given names show
    the style (a middle initial) or a separator's remnant, or whose other parties are separated
    by semicolons, WHEN parsed THEN one party per pair, the
    remnant dropped (the whole list was one party: its recipients unsearchable and unfaceted)."""
    assert [p.name for p in parse_parties(printed)] == names


def test_a_name_whose_comma_ocr_read_as_a_semicolon_is_one_party_where_the_document_prints_it() -> None:
    """OCR failure, any scanned "Last, First" list: GIVEN "Cc: Brandt; Lena; Moss, Carl" (a comma read
    as a semicolon) in a thread whose other headers print "Brandt, Lena" WHEN read THEN Brandt,
    Lena is one party (was two, "Brandt" and "Lena"); a document that never prints the pair keeps
    the pieces as printed."""
    header = "From: Roe, Jane\nSent: Monday, March 13, 2017 4:12 PM\nTo: Doe, John\nCc: {cc}\nSubject: Budget\n\nText.\n\n"
    clean, misread = header.format(cc="Brandt, Lena; Moss, Carl"), header.format(cc="Brandt; Lena; Moss, Carl")
    assert [row[5] for row in _read(clean + clean + misread)] == ["Brandt, Lena; Moss, Carl"] * 3
    assert _read(misread)[0][5] == "Brandt; Lena; Moss, Carl"


@pytest.mark.parametrize(("printed", "names"), [
    ("U.S. Department of Justice, Civil Division", ["U.S. Department of Justice, Civil Division"]),
    ("Department of State, Office of the Legal Adviser", ["Department of State, Office of the Legal Adviser"]),
    ("Legal Division, Enforcement Section", ["Legal Division, Enforcement Section"]),
    # a unit after a person: hers, or a mailbox sent to as well? A party of its own, as printed
    ("Jane Roe, Office of Policy Planning, Ann Lee", ["Jane Roe", "Office of Policy Planning", "Ann Lee"]),
    ("John Doe, Ann Lee, Foreign Affairs Committee", ["John Doe", "Ann Lee", "Foreign Affairs Committee"]),
    ("Embassy of Peru, Consular Section, Jane Roe", ["Embassy of Peru, Consular Section", "Jane Roe"]),
    ("John Doe, Ann Branch, Pat Kent", ["John Doe", "Ann Branch", "Pat Kent"]),  # a surname, no unit
    ("Jane Roe (Office of the Legal Adviser), John Doe (Consular Affairs)",
     ["Jane Roe (Office of the Legal Adviser)", "John Doe (Consular Affairs)"]),
    ("Doe, John (Bureau of Western Hemisphere Affairs), Lee, Ann (Office of the Legal Adviser)",
     ["Doe, John (Bureau of Western Hemisphere Affairs)", "Lee, Ann (Office of the Legal Adviser)"]),
])
def test_a_list_printed_with_commas_keeps_an_organisation_whole(printed: str, names: list[str]) -> None:
    """Layout family: display names of organisations print their hierarchy with commas
    ("Department of State, Office of the Legal Adviser"); a piece that names a unit ("Office of
    …", "… Division") after an organisation belongs to it, after a person it is a party of its
    own (her unit, or a mailbox of that name?), and a party ends at its office in brackets
    however long the office's name."""
    assert [p.name for p in parse_parties(printed)] == names


@pytest.mark.parametrize(("wrapped", "parties"), [
    ("To: Doe, John <jdoe@agency.gov>; Lee, Ann <alee@agency.gov>\nSmith, Pat <psmith@agency.gov>",
     ["jdoe@agency.gov", "alee@agency.gov", "psmith@agency.gov"]),
    ("To: Doe, John <jdoe@agency.gov>; Lee, Ann <alee@agen\ncy.gov>; Kent, Bob <bkent@agency.gov>",
     ["jdoe@agency.gov", "alee@agency.gov", "bkent@agency.gov"]),
    ("To: jdoe@agency.gov; alee@agency.gov\npsmith@agency.gov", ["jdoe@agency.gov", "alee@agency.gov", "psmith@agency.gov"]),
    ("To:\tDoe, John; Lee, Ann; Smith, Pat; Kent, Bob; Ray, Al; Whi\n\tte, Susan; Black, Tom",
     ["Doe, John", "Lee, Ann", "Smith, Pat", "Kent, Bob", "Ray, Al", "White, Susan", "Black, Tom"]),
    # "Surname, Given" names, the separator left out at the line's end, or one name to a line
    # (were: one party "Lee, Ann Smith, Pat")
    ("To: Doe, John; Lee, Ann\nSmith, Pat; Kent, Bob", ["Doe, John", "Lee, Ann", "Smith, Pat", "Kent, Bob"]),
    ("To: Doe, John\n        Lee, Ann\n        Smith, Pat", ["Doe, John", "Lee, Ann", "Smith, Pat"]),
    # OCR read a separator as a bar
    ("To: Doe, John; Lee, Ann| Smith, Pat", ["Doe, John", "Lee, Ann", "Smith, Pat"]),
])
def test_a_recipient_list_wrapped_onto_the_next_line(wrapped: str, parties: list[str]) -> None:
    """Layout family, any client: a long To: line wraps where the column ends, after a whole
    party with its separator left out, inside an address, or inside a name (indented or not).
    Every recipient is read whole; none is lost or run into the next."""
    page = f"From: Roe, Jane\nSent: Thursday, August 08, 2013 1:23 PM\n{wrapped}\nSubject: Budget\nHi.\n"
    (email,), _ = emails_from_pages([page], [None])
    assert [p.address or p.name for p in email.to] == parties
    assert (email.subject, email.body) == ("Budget", "Hi.")


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_labels_and_values_on_lines_of_their_own(gap: str) -> None:
    """Layout family: print tables whose column alignment a text layer lost: each label on a
    line, its value on the next (a blank line between them or not); a redacted Cc: left blank
    is no reason to read the subject from the body."""
    fields = ["From:", "Roe, Jane <jroe@agency.gov>", "Sent:", "Thursday, August 08, 2013 1:23 PM", "To:", "Doe, John",
              "Cc:", "Subject:", "Budget"]
    page = gap.join(fields) + "\n\nPlease see.\n"
    (email,), _ = emails_from_pages([page], [None])
    assert (email.sender.address, email.sent, [p.name for p in email.to], email.cc, email.subject, email.body) == (
        "jroe@agency.gov", "2013-08-08T13:23:00", ["Doe, John"], (), "Budget", "Please see.")


def test_a_blank_subject_under_a_value_printed_beside_its_label_stays_blank() -> None:
    """A header whose values sit beside their labels but one (OCR set a To: value under it):
    a blank Cc: and Subject: stay blank; the body's first line is not the subject."""
    page = ("From: Roe, Jane\nSent: Saturday, September 15, 2012 11:08 AM\nTo\nDoe, John:\nCc:\nSubject:\n"
            "Per the discussion, here are the revised points. Let me know what you think.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert email.subject == "" and email.body.startswith("Per the discussion")


def test_outlook_flag_lines_belong_to_the_header() -> None:
    """Layout family: Outlook prints a flagged message's "Follow Up Flag:" and "Flag Status:"
    under its subject: header lines, not the body."""
    page = ("From: Roe, Jane\nSent: Thursday, August 08, 2013 1:23 PM\nTo: Doe, John\nSubject: Budget\n"
            "Follow Up Flag: Follow up\nFlag Status: Flagged\n\nHi.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert (email.subject, email.body) == ("Budget", "Hi.")


@pytest.mark.parametrize("intro", [
    "On Wed, Aug 7, 2013 at 9:00 AM, Doe, John\n(OIG) <john.doe@oig.agency.gov>\nwrote:",
    "On Aug 7, 2013, at 9:00 AM, \"Doe, John (OIG)\"\n<john.doe@oig.agency.gov> wrote:",
    "On Aug 7, 2013, at 9:00 AM, \"Doe, John (OIG)\" <john.doe@oig.agency.gov> wrote:",
])
def test_a_reply_line_wrapped_over_three_lines(intro: str) -> None:
    """Layout family, Gmail, iPhone and Apple Mail replies: a long name and address wrap the
    "On … wrote:" line once or twice: one quoted copy, its sender and date read whole."""
    page = (_print("Thursday, August 08, 2013 1:23 PM", "Roe, Jane", "RE: Budget") + "Ok.\n\nSent from my iPhone\n\n"
            + intro + "\n\n> Here it is.\n")
    emails, _ = emails_from_pages([page], [None])
    assert [(e.quoted, e.sender.address if e.sender else None, e.sent) for e in emails] == [
        (False, "", "2013-08-08T13:23:00"), (True, "john.doe@oig.agency.gov", "2013-08-07T09:00:00")]
    assert emails[1].body == "> Here it is."


def test_a_bare_address_misread_into_another_well_formed_one() -> None:
    """OCR failure, any scanned print: a recipient printed as a bare address, its "m" read "rn"
    ("hartleyrnr@agency.gov", well formed, no one's); the document prints "hartleymr@agency.gov"
    cleanly for a named party: that is the recipient. An address no glyph confusion explains stays."""
    page = ("From: Roe, Jane\nSent: Thursday, August 08, 2013 1:23 PM\nTo: 'hartleyrnr@agency.gov'; 'kentb@agency.gov'\n"
            "Subject: Budget\nSee below.\n-----Original Message-----\nFrom: Hartley, Monica R [mailto:HartleyMR@agency.gov]\n"
            "Sent: Thursday, August 08, 2013 1:00 PM\nTo: Roe, Jane\nSubject: Budget\nHere.\n")
    emails, _ = emails_from_pages([page, page.replace("Budget", "Budget again")], [None, None])
    assert [p.address for p in emails[0].to] == ["hartleymr@agency.gov", "kentb@agency.gov"]


@pytest.mark.parametrize(("printed", "address"), [("'hollisrj@agency.golt", "hollisrj@agency.gov"),
                                                  ("'roe@agency.gott'", "roe@agency.gov"),
                                                  ("roe@example.info", "roe@example.info")])
def test_a_closing_quote_read_into_the_top_level_domain(printed: str, address: str) -> None:
    """OCR failure: a bare address printed in quotes ('x@agency.gov'), the "v" and the quote
    after it read as two letters ("golt", "gott"): no such domain; the common one it misreads."""
    assert parse_parties(printed) == (Party("", address),)


def test_codes_after_a_last_first_name_stay_its_own() -> None:
    """A box beside a recipient prints its codes after the name, with a comma between them: one party."""
    assert parse_parties("(b)(6), (b)(7)(C); Ellison, Mark (b)(6), (b)(7)(C)") == (
        Party("", "", ("(b)(6)", "(b)(7)(C)")), Party("Ellison, Mark", "", ("(b)(6)", "(b)(7)(C)")))


@pytest.mark.parametrize(("printed", "iso"), [
    ("Thursday, Augu st 08, 2013 1:23 PM", "2013-08-08T13:23:00"), ("Thursday, Sept ember 12, 2013 1:23 PM", "2013-09-12T13:23:00"),
    ("Thursday, August 08, 2013 1 23 PM", "2013-08-08T13:23:00"), ("Thursday, August 08, 2013 1:23 FM", "2013-08-08T13:23:00"),
])
def test_a_date_with_a_space_or_letter_ocr_misread(printed: str, iso: str) -> None:
    """OCR failure: a space read inside the month's name or in place of the clock's colon, "PM" read "FM"."""
    assert parse_date(printed) == SentDate(iso, printed, "damaged")


def test_outlook_lines_between_the_header_fields() -> None:
    """Layout family, Outlook desktop: "Importance:" printed between Sent: and To:, "Attachments:"
    and "Categories:" after Subject:, quoted names with [mailto:] targets. Every field keeps its
    value, and none of those lines is the body."""
    page = ("From: 'Roe, Jane' [mailto:jroe@agency.gov]\nSent: Thursday, August 08, 2013 1:23 PM\nImportance: High\n"
            "To: 'Doe, John'; 'Lee, Ann (DHS)' <alee@dhs.gov>; 'psmith@agency.gov'\nCc: 'Kent, Bob' [mailto:bkent@agency.gov]\n"
            "Subject: Budget\nAttachments: budget.xlsx; memo.docx\nCategories: Red Category\n\nHi.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert email.sender == Party("Roe, Jane", "jroe@agency.gov")
    assert [(p.name, p.address) for p in email.to + email.cc] == [
        ("Doe, John", ""), ("Lee, Ann (DHS)", "alee@dhs.gov"), ("", "psmith@agency.gov"), ("Kent, Bob", "bkent@agency.gov")]
    assert (email.subject, email.attachments, email.body) == ("Budget", ("budget.xlsx", "memo.docx"), "Hi.")


@pytest.mark.parametrize("gap", ["    ", " "])
def test_two_header_cells_printed_on_one_line(gap: str) -> None:
    """Layout family: header tables printed two cells a line, or two columns OCR read across
    ("From: Roe, Jane   Sent: Thursday, …", "To: Doe, John  Cc: Lee, Ann"): each cell is its
    field. A subject keeps a label word inside it unless a wide gap sets the cell apart, or the
    cell is one no subject ends with (an importance, a date with its clock: OCR joined the lines)."""
    page = (f"From: Roe, Jane{gap}Sent: Thursday, August 08, 2013 1:23 PM\nTo: Doe, John{gap}Cc: Lee, Ann\n"
            f"Subject: Notes To: file{gap}Importance: High\nFine.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert (email.sender, email.sent, [p.name for p in email.to], [p.name for p in email.cc]) == (
        Party("Roe, Jane"), "2013-08-08T13:23:00", ["Doe, John"], ["Lee, Ann"])
    assert email.subject == "Notes To: file"
    (email,), _ = emails_from_pages([page.replace("Importance: High", "Importance: the budget")], [None])
    assert email.subject == ("Notes To: file" if gap == "    " else "Notes To: file Importance: the budget")


@pytest.mark.parametrize("printed", ["Fmm:", "Frum:", "Fiom:", "rom:", "Fr0m:", "Frotn:", "Froin:", "FROM"])
def test_a_from_label_misread_past_recognition(printed: str) -> None:
    """OCR failure: "From:" misread beyond one letter, or its colon lost too. Right above a
    header's Sent: line, it is still the sender's line; a name there ("Fred Smith") is not."""
    page = (f"Banner Name\n{printed} Roe, Jane <jroe@agency.gov>\nSent: Thursday, August 08, 2013 1:23 PM\n"
            "To: Doe, John\nSubject: Budget\nFine.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert email.sender == Party("Roe, Jane", "jroe@agency.gov")
    (email,), _ = emails_from_pages([page.replace(f"{printed} Roe, Jane <jroe@agency.gov>", "Fred Smith")], [None])
    assert email.sender is None


@pytest.mark.parametrize(("printed", "field"), [("T0: Doe, John", "to"), ("lo: Doe, John", "to"), ("Io: Doe, John", "to"),
                                                ("Subj: Doe, John", "subject")])
def test_short_labels_ocr_misread(printed: str, field: str) -> None:
    """OCR failure: the "o" of "To:" read as a zero, its "T" as "l" or "I"; "Subj:", the short
    label some clients print."""
    page = f"From: Roe, Jane\nSent: Thursday, August 08, 2013 1:23 PM\n{printed}\nSubject: Budget\nFine.\n"
    if field == "subject":
        page = page.replace("Subject: Budget\n", "To: Lee, Ann\n")
    (email,), _ = emails_from_pages([page], [None])
    assert (email.subject if field == "subject" else email.to[0].name) == "Doe, John"


@pytest.mark.parametrize("printed", ["Tut:", "Tes:", "Tu;", "Tiu:", "Ye:"])
def test_a_to_label_misread_past_recognition(printed: str) -> None:
    """OCR failure: GIVEN "To:" misread beyond one letter ("Tut: 'RoeJ@agency.gov'") between a
    header's Sent: line and its Subject: line (a release stamp between them) WHEN split THEN it
    is the header's To: line; the same word after the Subject: line, in the body, is not."""
    page = (f"From: Doe, John <DoeJ@agency.gov>\nSent Sunday, November 25, 2012 9:30 AM\nRELEASE IN PART B6\n"
            f"{printed} 'RoeJ@agency.gov'\nSubject Re: Schedule\nSee you then.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert [p.address for p in email.to] == ["roej@agency.gov"]
    assert email.subject == "Re: Schedule"
    body_only = page.replace(f"{printed} 'RoeJ@agency.gov'\n", "").replace("See you then.", f"See you then.\n{printed} noon")
    (email,), _ = emails_from_pages([body_only], [None])
    assert email.to == () and "noon" in email.body


def test_an_electronic_communications_running_head_is_no_header_table() -> None:
    """Page family: FBI electronic communications print "To: Chicago From: Chicago" and "Re:"
    atop each continuation page: two cells on one line, but no header table and no email."""
    page = "UNCLASSIFIED\n\nTo: Chicago From: Chicago\nRe: 74-CG-NEW, 06/05/2009\n\non Federal perjury charges.\n"
    assert emails_from_pages([page], [None])[0] == []


INITIAL_READ_AS_DIGIT = """\
From: Roe, Jane A <RoeJA@agency.gov>
Sent: Wednesday, September 12, 2012 6:16 PM
To: Doe, John 3; Kent, Mary 0; Lee, Ann 8; Poe, Tom 1
Cc: Kent, Mary 0
Subject: Fw: Embassy update
Please print.
From: Smith, Pat
Sent: Wednesday, September 12, 2012 04:09 PM
To: Roe, Jane A; Kent, Mary D; Poe, Tom I
Subject: Embassy update
The embassy reopens on Monday.
"""


def test_a_middle_initial_read_as_a_digit_is_read_as_its_letter() -> None:
    """OCR failure, any scanned print: the middle initial of a "Last, First M" name read as the
    digit it resembles ("John 3" for "John J", "Mary 0" for "Mary D"). GIVEN a scanned
    thread WHEN parsed THEN the initial is the letter the document prints for that name, or
    the one letter the digit resembles (3 J, 8 B); a digit that resembles several letters (0 D
    or O) with no printing to choose stays as read, and so does a 1 (I and J, the letters it
    may be, are misread for each other: "Poe, Tom I" printed elsewhere is no witness); the repair
    is a doubt."""
    emails, _ = emails_from_pages([INITIAL_READ_AS_DIGIT], [None])
    assert [p.name for p in emails[0].to] == ["Doe, John J", "Kent, Mary D", "Lee, Ann B", "Poe, Tom 1"]
    assert [p.name for p in emails[0].cc] == ["Kent, Mary D"]
    assert {"repaired:to", "repaired:cc"} <= set(emails[0].doubts)
    # a page read from a text layer is printed as it is: nothing to repair
    emails, _ = emails_from_pages([INITIAL_READ_AS_DIGIT], [None], ocr_pages=())
    assert [p.name for p in emails[0].to] == ["Doe, John 3", "Kent, Mary 0", "Lee, Ann 8", "Poe, Tom 1"]


def test_a_digit_initial_stays_as_read_where_the_document_prints_another_letter() -> None:
    """GIVEN a scanned thread that prints "Doe, John B" and reads "Doe, John 3" WHEN parsed THEN
    the 3 stays as read: it is no J when the document prints the name with a letter OCR reads
    as 3 as readily (the digit's own letter only where the name is printed with no other)."""
    page = INITIAL_READ_AS_DIGIT.replace("Kent, Mary D; Poe, Tom I", "Kent, Mary D; Poe, Tom I; Doe, John B")
    emails, _ = emails_from_pages([page], [None])
    assert [p.name for p in emails[0].to][:2] == ["Doe, John 3", "Kent, Mary D"]


@pytest.mark.parametrize(("printed", "name"), [
    ("Doe, John 6", "Doe, John 6"),  # what a "(b)(6)" box left, as often as a G
    ("Doe, John 5", "Doe, John 5"), ("Doe, John 0", "Doe, John 0"), ("Doe, John 3", "Doe, John J"),
    ("Doe, John 8", "Doe, John B"),
    ("John Doe 3", "John Doe 3"),  # no "Last, First" name: a digit of its own
])
def test_a_digit_after_a_name_is_an_initial_only_where_it_is_unmistakable(printed: str, name: str) -> None:
    from ingest.headers import Correspondents

    assert [p.name for p in parse_parties(printed, Correspondents())] == [name]


@pytest.mark.parametrize("printed", ["SentTuesday, January 24, 2012 2:58 AM", "SENTTuesday, January 24, 2012 2:58 AM",
                                     "DateTue, 24 Jan 2012 02:58:00", "SentTuesday, January 24, 2012 258 AM"])
def test_a_sent_label_glued_to_its_weekday_is_a_label(printed: str) -> None:
    """OCR failure, any scanned print: the colon and the space after "Sent" lost, the label
    glued to the weekday that starts its value ("SentTuesday, …"). GIVEN such a line under a
    From: line WHEN split and parsed THEN it is the Sent: line, not part of the sender."""
    page = f"From: Roe, Jane A\n{printed}\nTo: Doe, John\nSubject: RE: Budget\nSee below.\n"
    emails, _ = emails_from_pages([page], [None])
    assert [(e.sender.name if e.sender else None, e.sent) for e in emails] == [("Roe, Jane A", "2012-01-24T02:58:00")]


def test_a_word_glued_to_a_capital_is_no_sent_label() -> None:
    page = "From: Roe, Jane A\nSent: Tuesday, January 24, 2012 2:58 AM\nTo: Doe, John\nSubject: RE: Budget\n" \
           "SentMonday was the day we met.\n"
    emails, _ = emails_from_pages([page], [None])
    assert len(emails) == 1 and emails[0].body.rstrip().endswith("SentMonday was the day we met.")


@pytest.mark.parametrize(("printed", "parties"), [
    ("Pat Kent; John A Doe (DoeJA@agency.gov); Roe, Jane",
     [Party("Pat Kent", ""), Party("John A Doe", "doeja@agency.gov"), Party("Roe, Jane", "")]),
    ("John Doe (jdoe@agency.gov), Ann Lee (alee@agency.gov)",
     [Party("John Doe", "jdoe@agency.gov"), Party("Ann Lee", "alee@agency.gov")]),
])
def test_an_address_in_round_brackets_after_the_name(printed: str, parties: list[Party]) -> None:
    """Layout family: Outlook prints a contact as "Display Name (address)". The brackets
    belong to neither the name nor the address."""
    assert list(parse_parties(printed)) == parties


def test_a_redacted_address_keeps_its_brackets() -> None:
    assert parse_parties("(b)(6)@agency.gov")[0].redactions == ("(b)(6)",)


def test_a_scanned_date_whose_weekday_is_not_its_own_is_damaged() -> None:
    """OCR failure, any scanned print: a digit misread into another date that still reads
    ("Saturday, October 06, 2011" printed 2012): a mailer prints the weekday of the date it
    prints, so the date read is marked damaged, and read as the lookalike reading on its weekday
    the thread's order leaves (2011-10-08 falls before the message it answers; 2012-10-06). A
    text layer's date stands as printed."""
    page = ("From: Roe, Jane A\nSent: Saturday, October 06, 2011 6:18 PM\nTo: Doe, John\nSubject: Budget\nSee below.\n"
            "From: Doe, John\nSent: Friday, October 05, 2012 6:18 PM\nTo: Roe, Jane A\nSubject: Budget\nFirst.\n")
    emails, _ = emails_from_pages([page], [None])
    assert [(e.sent, e.date_certainty) for e in emails] == [
        ("2012-10-06T18:18:00", "damaged"), ("2012-10-05T18:18:00", "exact")]
    emails, _ = emails_from_pages([page], [None], ocr_pages=())
    assert [e.date_certainty for e in emails] == ["exact", "exact"]


@pytest.mark.parametrize(("printed", "isos"), [
    ("Wednesday, September 12, 2072 6:08 PM", ["2012-09-12T18:08:00"]),  # a 1 read as 7
    ("Monday, August 8, 2017 7:04 PM", ["2011-08-08T19:04:00"]),
    ("Sunday, November 25, 2042 7:49 AM", ["2012-11-25T07:49:00"]),  # a 1 read as 4
    ("Saturday, April 23, 2077 3:52 PM", ["2011-04-23T15:52:00", "2017-04-22T15:52:00"]),  # both 1s read as 7, or a 7 as 1 and 2 as 3
    ("Tuesday, September 14, 2072 10:44 PM", ["2012-09-11T22:44:00"]),  # the day's 1 and the year's
    ("Wednesday, September 12, 2012 6:08 PM", []),  # the weekday agrees
    ("September 12, 2072 6:08 PM", []),  # no weekday printed
    ("Friday, March 2, 2012 9:00 AM", []),  # no lookalike of its digits falls on a Friday
    ("luesday, April 3, 2078 8:05 AM", ["2018-04-03T08:05:00"]),  # the weekday's T read l too
    ("Fuesdaw, April 3, 2078 8:05 AM", ["2018-04-03T08:05:00"]),  # ... F, and its y read w
    ("Tnasday, April 3, 2078 8:05 AM", []),  # two letters off: no weekday read
    ("Friday, July 26, 2023 1:51 PM", ["2013-07-26T13:51:00", "2023-07-28T13:51:00"]),  # a 1 read as 2, or the 6 as 8?
    ("Friday, April 27, 2032 11:16 AM", ["2012-04-27T11:16:00"]),  # a 1 read as 3 (a fax)
    # a letter among the digits is the glyph OCR failed on: the readings changing it alone,
    # not another as near changing a digit it read as a digit (2016-03-18, the year's 5 as 6)
    ("Friday, March 1B, 2015 4:05 PM", ["2015-03-13T16:05:00"]),
    ("Friday, March 18, 2015 4:05 PM", ["2015-03-13T16:05:00", "2016-03-18T16:05:00"]),  # no letter: both
    # a month's name OCR read as another's one letter off ("June" for "January"): that reading, no
    # digit changed (was: 2011-06-01, the year and the day changed to fall on the weekday)
    ("Wednesday, June 2, 2013 4:02 PM", ["2013-01-02T16:02:00"]),
    ("Wed, Jun 2, 2013 at 4:02 PM", ["2013-01-02T16:02:00"]),
    ("Friday, March 13, 2O16 4:05 PM",  # no reading changes the letter: all as near, as before
     ["2015-03-13T16:05:00", "2016-03-11T16:05:00", "2016-03-18T16:05:00", "2026-03-13T16:05:00"]),
])
def test_a_date_misread_off_its_weekday_is_read_as_the_fewest_lookalike_digits_put_it_on(
        printed: str, isos: list[str]) -> None:
    """OCR failure of scanned prints (State Department scans read by Tesseract: 14 of 131 top
    messages): a digit read as another of like shape ("2012" as "2072"), so the date reads but
    not on its printed weekday. The readings that change fewest digits into lookalikes and fall
    on the weekday, never in a year after ``latest_year``."""
    readings = weekday_readings(printed, latest_year=2026)
    assert [r.iso for r in readings] == isos
    assert all(r.certainty == "damaged" and r.raw == printed for r in readings)


def test_a_quoted_date_read_months_after_its_reply_is_no_exact_date() -> None:
    """OCR failure of scans: a month's name read one letter off in a reply line printing no weekday
    ("On Jun 2, 2013, at 4:02 PM, …" for Jan 2), under the reply of January 3 quoting it. GIVEN such
    a thread WHEN split THEN the quoted copy is dated by the lookalike month that falls before the
    reply (was: June 2, stated exact, five months after the reply quoting it); where no lookalike
    does, the date as read, damaged."""
    page = ("From: Roe, Jane\nSent: Thursday, January 3, 2013 11:02 AM\nTo: Doe, John\nSubject: Re: Permit\n\nYes.\n\n"
            "On Jun 2, 2013, at 4:02 PM, John Doe <jdoe@harbor.example.gov> wrote:\n\n> Is the permit ready?\n")
    _, quoted = emails_from_pages([page], [None])[0]
    assert (quoted.sent, "dated-from:thread-order" in quoted.doubts) == ("2013-01-02T16:02:00", True)
    _, quoted = emails_from_pages([page.replace("Jun 2", "Aug 2")], [None])[0]
    assert (quoted.sent, quoted.date_certainty) == ("2013-08-02T16:02:00", "damaged")


def test_a_day_month_order_is_settled_only_by_a_mailer_printing_the_clock_alike() -> None:
    """Layout family, a chain across locales: a US mailer's "03/13/2015 04:05 PM" (month first, AM/PM)
    quoting a UK one's "04/03/2015 16:05" (day first, a 24-hour clock). GIVEN both under a reply
    of March 16 WHEN split THEN the UK date is March 4, the one reading the thread allows (was:
    April 3, stated exact, settled by the US date's plain month-first order: a date after both
    replies quoting it)."""
    page = ("From: Doe, John\nSent: Monday, March 16, 2015 9:12 AM\nTo: Poe, Mary\nSubject: RE: permit draft\n\n"
            "Thanks both.\n\n-----Original Message-----\nFrom: Poe, Mary\nSent: 03/13/2015 04:05 PM\nTo: Doe, John\n"
            "Subject: RE: permit draft\n\nLooks fine to me.\n\n-----Original Message-----\nFrom: Roe, Jane\n"
            "Sent: 04/03/2015 16:05\nTo: Poe, Mary\nSubject: permit draft\n\nMary, can you review the permit draft?\n")
    emails, _ = emails_from_pages([page], [None])
    assert [(e.sent, e.doubts) for e in emails][2] == ("2015-03-04T16:05:00", ("dated-from:thread-order",))
    same_clock = page.replace("03/13/2015 04:05 PM", "13/03/2015 16:05")  # (a UK mailer's own: day first)
    emails, _ = emails_from_pages([same_clock], [None])
    assert [(e.sent, e.doubts) for e in emails][2] == ("2015-03-04T16:05:00", ("dated-from:document-dates",))


def test_a_daily_report_is_no_copy_of_the_day_before() -> None:
    """Page family, a sender's daily reports: the same subject, bodies opening with the same words.
    GIVEN the second day's Sent: line OCR garbled past reading ("Thursday, Mnrcli 0s, zul5 7:02 AM")
    WHEN split THEN its date is none (was: the day before's, a Wednesday, copied as if the same
    message printed again); a printing of the same message, its body whole, still lends its date."""
    report = ("From: Roe, Jane <jane.roe@harbor.example.gov>\nSent: {sent}\nTo: Doe, John <john.doe@harbor.example.gov>\n"
              "Subject: Daily Harbor Status Report\n\nAttached is the daily harbor status report for {day}. {news}\n\n"
              "Jane Roe\nHarbor Operations\n")
    first = report.format(sent="Wednesday, March 04, 2015 7:02 AM", day="March 4",
                          news="Vessel traffic was normal and no incidents were reported overnight.")
    second = report.format(sent="Thursday, Mnrcli 0s, zul5 7:02 AM", day="March 5",
                           news="One grounding was reported at the north channel; the Coast Guard responded.")
    emails, _ = emails_from_pages([first + second], [None], ocr_pages={1})
    assert [e.sent for e in emails] == ["2015-03-04T07:02:00", None]
    again = first.replace("Wednesday, March 04, 2015 7:02 AM", "Wednesday, Mnrcli 0s, zul5 7:02 AM")
    emails, _ = emails_from_pages([first + again], [None], ocr_pages={1})
    assert [e.sent for e in emails] == ["2015-03-04T07:02:00"] * 2


def test_a_subject_its_body_names_is_no_misreading_of_another_threads() -> None:
    """OCR repair of subjects, a production of several threads: a subject printed once is read as a
    close one printed more often only where its own words are printed nowhere else. GIVEN "Call
    with NASA" over a body about NASA, beside a thread printing "Call with NOAA" twice WHEN split
    THEN the subject stays "Call with NASA" (was: "Call with NOAA")."""
    page = ("From: Doe, John\nSent: Wednesday, March 04, 2015 9:12 AM\nTo: Roe, Jane\nSubject: RE: Call with NOAA\n\n"
            "Thanks, I will dial in.\n\n-----Original Message-----\nFrom: Roe, Jane\nSent: Tuesday, March 03, 2015 4:05 PM\n"
            "To: Doe, John\nSubject: Call with NOAA\n\nNOAA fisheries staff can talk Thursday about the survey.\n")
    other = ("From: Roe, Jane\nSent: Friday, March 06, 2015 10:30 AM\nTo: Doe, John\nSubject: Call with NASA\n\n"
             "NASA Langley can talk Monday about the satellite imagery.\nThe NASA team will send a dial-in.\n")
    emails, _ = emails_from_pages([page, other], [None, None])
    assert [e.subject for e in emails] == ["RE: Call with NOAA", "Call with NOAA", "Call with NASA"]


def test_readings_a_thread_leaves_open_are_settled_by_the_dates_the_document_prints() -> None:
    """OCR failure of faxed prints: GIVEN a quoted header "Thursday, August 08, 2012" (a 3 read as
    2; August 8, 2012 was a Wednesday) under a reply of August 8, 2013 WHEN both lookalike
    readings (2013-08-08, 2012-08-09: 364 days from the reply) fall before the reply THEN the one
    within a month of a date the document prints on its weekday is taken, with a doubt (was
    2012-08-09, stated as damaged);
    with no such date near one reading alone, the date stays as read."""
    quoted = "-----Original Message-----\nFrom: Doe, John\nSent: Thursday, August 08, 2012 1:30 PM\nTo: Roe, Jane\nSubject: Cameras\n\nFirst.\n"
    page = ("From: Roe, Jane\nSent: Thursday, August 08, 2013 2:05 PM\nTo: Doe, John\nSubject: RE: Cameras\n\nYes.\n\n"
            + quoted)
    emails, _ = emails_from_pages([page], [None], latest_year=2026)
    assert [(e.sent, e.date_certainty, e.doubts) for e in emails][1] == (
        "2013-08-08T13:30:00", "damaged", ("dated-from:weekday",))
    alone = page.replace("Thursday, August 08, 2013 2:05 PM", "Monday, February 10, 2014 2:05 PM")
    emails, _ = emails_from_pages([alone], [None], latest_year=2026)
    assert [(e.sent, e.date_certainty) for e in emails][1] == ("2012-08-08T13:30:00", "damaged")


@pytest.mark.parametrize(("printed", "isos"), [
    ("Thursday, August 08, 2913 1:31 PM", ["2013-08-08T13:31:00"]),  # a 0 read as 9
    ("Friday, July 26, 20173 1:50:47 PM", ["2013-07-26T13:50:47"]),  # a speck read as one digit more
    ("Friday, July 26, 20135 1:05 PM", ["2013-07-26T13:05:00"]),
    ("Saturday, March 1, 2903 9:00 AM", ["2003-03-01T09:00:00"]),
    ("Thursday, August 08, 2013 1:31 PM", []),  # the year is one of email
    ("August 08, 2913 1:31 PM", []),  # no weekday printed
    ("Thursday, August 08, 2029 1:31 PM", []),  # past the latest year, and no digit changed fits
    ("Wednesday, January 4, 201/ 8:00 AM", ["2017-01-04T08:00:00"]),  # a 7 read as a slash (2011: a Tuesday)
    ("Wednesday, September 4. 201) 11:18 AM", ["2013-09-04T11:18:00"]),  # a 3 read as a parenthesis
    ("Wednesday, January 4, 201| 8:00 AM", []),  # a bar is a 1: 2011 falls on a Tuesday
    ("Thursday, August 68, 2013 1:23 PM", ["2013-08-08T13:23:00"]),  # a day past the month's end: a 0 read 6
    ("Thursday, August 38, 2013 1:23 PM", []),  # no lookalike day falls on a Thursday
    ("Wednesday, September 32, 2012 6:16 PM", ["2012-09-12T18:16:00"]),  # a 1 read as 3 (a fax)
    ("Sunday, September 716, 2012 8:57 AM", ["2012-09-16T08:57:00"]),  # a speck read as a digit of the day
])
def test_a_year_misread_past_the_calendar_is_read_on_its_weekday(printed: str, isos: list[str]) -> None:
    """OCR failure of scanned prints, a light copy most: a year no email was sent in ("2913", a
    speck read as a fifth digit, "20173", its last digit read as a mark, "201/"), so no date read
    at all. The readings changing or dropping one digit (a mark: into the digits of its shape)
    that fall on the printed weekday."""
    readings = misread_year_readings(printed, latest_year=2026)
    assert [r.iso for r in readings] == isos
    assert all(r.certainty == "damaged" and r.raw == printed for r in readings)


def test_a_header_whose_year_ocr_misread_past_the_calendar_is_dated_on_its_weekday() -> None:
    """GIVEN a scanned reply whose year OCR read "20173" over a copy printed cleanly WHEN split
    THEN it is dated on its weekday, after the copy, with a doubt saying so (was no date; its
    reply's date at best); a text layer's date stays as printed (none)."""
    page = ("From: Roe, Jane A\nSent: Friday, July 26, 20173 1:50:47 PM\nTo: Doe, John\nSubject: RE: Cameras\nYes.\n"
            "-----Original Message-----\nFrom: Doe, John\nSent: Friday, July 26, 2013 1:49 PM\nTo: Roe, Jane A\nSubject: Cameras\nFirst.\n")
    emails, _ = emails_from_pages([page], [None], latest_year=2026)
    assert [(e.sent, e.date_certainty, e.doubts) for e in emails] == [
        ("2013-07-26T13:50:47", "damaged", ("dated-from:weekday",)), ("2013-07-26T13:49:00", "exact", ())]
    emails, _ = emails_from_pages([page], [None], ocr_pages=(), latest_year=2026)
    assert [e.sent for e in emails] == [None, "2013-07-26T13:49:00"]


def test_a_clock_whose_am_or_pm_ocr_could_not_read_is_read_by_the_thread() -> None:
    """OCR failure of faint scans: "1:51 &M" may be either half. GIVEN such a reply above a copy
    sent at 1:50 PM THEN the thread's order says PM (was 01:51, stated as fact, and the copy's
    own date, a year misread, could not be mended under it); GIVEN it alone THEN it stays
    ambiguous; a clock printed with its half, or a 24-hour one, is no such date."""
    reply = "From: Roe, Jane A\nSent: Friday, July 26, 2013 1:51 &M\nTo: Doe, John\nSubject: RE: Cameras\nYes.\n"
    copy = ("-----Original Message-----\nFrom: Doe, John\nSent: Friday, July 26, 20173 1:50:47 PM\nTo: Roe, Jane A\n"
            "Subject: Cameras\nFirst.\n")
    emails, _ = emails_from_pages([reply + copy], [None], latest_year=2026)
    assert [(e.sent, e.date_certainty, "dated-from:thread-order" in e.doubts) for e in emails] == [
        ("2013-07-26T13:51:00", "damaged", True), ("2013-07-26T13:50:47", "damaged", False)]
    (alone,), _ = emails_from_pages([reply], [None], latest_year=2026)
    assert alone.date_certainty == "ambiguous"
    assert parse_date("Friday, July 26, 2013 1:51 PM").certainty == "exact"
    assert parse_date("Friday, July 26, 2013 13:51 &M").iso == "2013-07-26T13:51:00"


def _header(sender: str, sent: str, body: str, separator: str = "-----Original Message-----\n") -> str:
    """A header of a thread about cameras to Doe, John, and its body."""
    return f"{separator}From: {sender}\nSent: {sent}\nTo: Doe, John\nSubject: Cameras\n{body}\n"


def test_a_clock_whose_am_or_pm_ocr_lost_whole_is_either_half_where_the_mailer_prints_one() -> None:
    """OCR failure of faint scans: a 12-hour clock's AM/PM lost whole ("10:57."), so it read as a
    24-hour clock's morning, stated as fact (a lost PM put it 12 hours off). GIVEN such a copy
    between a reply and a copy the same mailer dated with AM/PM THEN the thread's order says
    which half; GIVEN it on top, with nothing to say THEN it is ambiguous; GIVEN the same clock
    where the mailer prints 24-hour clocks ("15:40"), or in a text layer, THEN it stands."""
    reply = _header("Roe, Jane A", "Tuesday, August 13, 2013 11:51 AM", "Thank you.", "")
    lost = _header("Kent, Mary", "Tuesday, August 13.2013 10:57.", "See below.")
    first = _header("Moss, Carl", "Tuesday, August 13, 2013 10:40 AM", "The cameras arrive today.")
    emails, _ = emails_from_pages([reply + lost + first], [None], latest_year=2026)
    assert [(e.sent, e.date_certainty, "dated-from:thread-order" in e.doubts) for e in emails] == [
        ("2013-08-13T11:51:00", "exact", False), ("2013-08-13T10:57:00", "damaged", True),
        ("2013-08-13T10:40:00", "exact", False)]

    on_top = _header("Kent, Mary", "Tuesday, August 13.2013 10:57.", "See below.", "")
    emails, _ = emails_from_pages([on_top + first], [None], latest_year=2026)
    assert [(e.sent, e.date_certainty) for e in emails] == [
        ("2013-08-13T10:57:00", "ambiguous"), ("2013-08-13T10:40:00", "exact")]
    assert [r.iso for r in meridiem_readings(emails[0].sent_raw, lost=True)] == [
        "2013-08-13T10:57:00", "2013-08-13T22:57:00"]

    twenty_four = _header("Moss, Carl", "Tuesday, August 13, 2013 15:40", "The cameras arrive today.")
    emails, _ = emails_from_pages([on_top + twenty_four], [None], latest_year=2026)
    assert emails[0].date_certainty == "exact"
    emails, _ = emails_from_pages([on_top + first], [None], ocr_pages=(), latest_year=2026)
    assert emails[0].date_certainty == "exact"


def test_a_12_hour_clocks_hour_read_as_0_is_read_by_the_thread() -> None:
    """OCR failure of scanned prints: a 12-hour clock's "08:56 AM" read "00:56 AM" (an 8 read as
    its lookalike 0), stated as fact 8 hours off (a real release's quoted header). GIVEN such
    a copy below a reply of 8:57 AM THEN of its lookalike readings (06:56, 08:56) the thread's order
    says 08:56 (a copy sent at 7:10 AM is quoted below it), on top of that copy too; GIVEN it alone
    THEN it is the day alone; GIVEN a mailer printing "13:02 PM" THEN its "00:56 AM" is as printed."""
    reply = _header("Roe, Jane A", "Wednesday, November 14, 2012 08:57 AM", "Thank you.", "")
    misread = _header("Kent, Mary", "Wednesday, November 14, 2012 00:56 AM", "See below.")
    first = _header("Moss, Carl", "Wednesday, November 14, 2012 07:10 AM", "The cameras arrive today.")
    emails, _ = emails_from_pages([reply + misread + first], [None], latest_year=2026)
    assert [(e.sent, e.date_certainty, "dated-from:thread-order" in e.doubts) for e in emails] == [
        ("2012-11-14T08:57:00", "exact", False), ("2012-11-14T08:56:00", "damaged", True),
        ("2012-11-14T07:10:00", "exact", False)]
    assert [r.iso for r in misread_hour_readings("Wednesday, November 14, 2012 00:56 AM")] == [
        "2012-11-14T00:56:00", "2012-11-14T06:56:00", "2012-11-14T08:56:00"]
    emails, _ = emails_from_pages([misread.partition("\n")[2] + first], [None], latest_year=2026)
    assert [(e.sent, e.date_certainty) for e in emails] == [("2012-11-14T08:56:00", "damaged"), ("2012-11-14T07:10:00", "exact")]
    (alone,), _ = emails_from_pages([misread.partition("\n")[2]], [None], latest_year=2026)
    assert (alone.sent, alone.date_certainty, alone.doubts) == ("2012-11-14", "damaged", ())
    assert misread_hour_readings("Wednesday, November 14, 2012 10:56 AM") == []
    # a mailer printing a 24-hour clock with AM/PM ("13:02 PM") prints its 00:56 so
    reply = _header("Roe, Jane A", "Wednesday, November 14, 2012 13:02 PM", "Thank you.", "")
    emails, _ = emails_from_pages([reply + misread], [None], latest_year=2026)
    assert [(e.sent, e.date_certainty) for e in emails] == [("2012-11-14T13:02:00", "exact"), ("2012-11-14T00:56:00", "exact")]
    # ... its PM clock's hour 0 is no 24-hour clock's: misread all the same
    emails, _ = emails_from_pages([reply + misread.replace("00:56 AM", "00:30 PM")], [None], latest_year=2026)
    assert [(e.sent, e.date_certainty) for e in emails][1] == ("2012-11-14", "damaged")


@pytest.mark.parametrize(("printed", "halves", "shape"), [
    ("Tuesday, August 13, 2013 10:57 AM", "12h", "named w"),
    ("Friday, July 26, 2013 1:51 &M", "12h", "named w"),
    ("Tuesday, August 13, 2013 15:40", "24h", "named w"),
    ("Tuesday, August 13.2013 10:57.", "bare", "named w"),
    ("Tuesday, August 13, 2013 10:57 Pacific Daylight Time", "bare", "named w"),
    ("Sun Mar 27 12:12:03 2011", "bare", "named w s"),  # a 24-hour mailer's noon: its own shape
    ("2020/10/14 06:55:28", "bare", "iso s"),
    ("08/13/2013 10:57 AM", "12h", "/4"),
    ("Tuesday, August 13, 2013", "", "named w"),
])
def test_how_a_clock_tells_its_half_and_which_mailer_printed_it(printed: str, halves: str, shape: str) -> None:
    assert (clock_halves(printed), mailer_shape(printed)) == (halves, shape)


def test_a_thread_of_dates_misread_alike_is_mended_on_its_weekdays() -> None:
    """GIVEN a scanned print whose every year OCR read "2072" (a 1 as a 7) WHEN split THEN each
    header is dated by the one reading its weekday allows, with a doubt saying so (the copy's
    misread year is no bound for the message quoting it); a text layer's dates stand as printed."""
    page = ("From: Roe, Jane A\nSent: Wednesday, September 12, 2072 6:16 PM\nTo: Doe, John\nSubject: Fw: Embassy\n"
            "Please print.\n-----Original Message-----\nFrom: Smith, Pat\nSent: Wednesday, September 12, 2072 4:09 PM\nTo: Roe, Jane A\n"
            "Subject: Embassy\nThe embassy reopens.\n")
    emails, _ = emails_from_pages([page], [None], latest_year=2026)
    assert [(e.sent, e.date_certainty, e.doubts) for e in emails] == [
        ("2012-09-12T18:16:00", "damaged", ("dated-from:weekday",)),
        ("2012-09-12T16:09:00", "damaged", ("dated-from:weekday",))]
    emails, _ = emails_from_pages([page], [None], ocr_pages=(), latest_year=2026)
    assert [(e.sent, e.date_certainty) for e in emails] == [
        ("2072-09-12T18:16:00", "exact"), ("2072-09-12T16:09:00", "exact")]


def test_of_two_weekday_readings_the_thread_chooses_or_the_date_stays_as_read() -> None:
    """GIVEN "Saturday, January 4, 2011" (1 January 2011 and 4 January 2014 were Saturdays) quoted
    below a message of 7 January 2011 THEN the thread's order chooses the 1st; GIVEN such a date
    on a message alone THEN it stays as read, damaged, with no doubt of a mending."""
    copy = "-----Original Message-----\nFrom: Smith, Pat\nSent: Saturday, January 4, 2011 4:09 PM\nTo: Roe, Jane A\nSubject: Budget\nFirst.\n"
    page = "From: Roe, Jane A\nSent: Friday, January 7, 2011 6:16 PM\nTo: Doe, John\nSubject: Re: Budget\nYes.\n" + copy
    emails, _ = emails_from_pages([page], [None], latest_year=2026)
    assert [(e.sent, e.doubts) for e in emails] == [
        ("2011-01-07T18:16:00", ()), ("2011-01-01T16:09:00", ("dated-from:weekday",))]
    (alone,), _ = emails_from_pages([copy], [None], latest_year=2026)
    assert (alone.sent, alone.date_certainty, alone.doubts) == ("2011-01-04T16:09:00", "damaged", ())


@pytest.mark.parametrize(("printed", "iso"), [
    ("Tuesday, March 3, 201 5 4:05 PM", "2015-03-03T16:05:00"),  # a year split
    ("Tuesday, March 3, 20 15 4:05 PM", "2015-03-03T16:05:00"),
    ("3/3/201 5 4:05 PM", "2015-03-03T16:05:00"),
    ("Friday, March 1 3, 2015 4:05 PM", "2015-03-13T16:05:00"),  # a day split
    ("Monday, October 01, 2012 1 1:05 AM", "2012-10-01T11:05:00"),  # an hour split (never 01:05)
    ("Monday, October 01, 2012 11:0 5 AM", "2012-10-01T11:05:00"),  # a minute split
    ("Monday, October 01, 2012 3:3 1 PM", "2012-10-01T15:31:00"),
])
def test_a_space_ocr_read_inside_a_dates_number(printed: str, iso: str) -> None:
    """OCR failure of scans: a space read inside a number of the date, most often beside a
    narrow 1; the pieces are one number where they cannot be read apart (was: no date, the
    day alone, or 01:05 recorded exact)."""
    assert parse_date(printed) == SentDate(iso, printed, "damaged")


@pytest.mark.parametrize(("printed", "iso"), [
    ("Oct 20 15:05", None),  # a clock after the day, not a year: no year printed
    ("Mon, Oct 1, 2012 3:3 1-4ini", "2012-10-01"),  # no AM/PM after the minute: no telling
    ("Thursday, August 08, 2013 1 23 PM", "2013-08-08T13:23:00"),  # the colon read as a space
])
def test_numbers_a_space_parts_that_may_be_two_stay_apart(printed: str, iso: str | None) -> None:
    assert parse_date(printed).iso == iso


def test_a_clock_zero_whose_top_a_box_cut() -> None:
    """OCR failure: a redaction box's edge drawn across a Sent: line cuts the top of a 0,
    read "U" ("1U:13 AM"); with AM/PM after it the clock still reads (was the day alone)."""
    assert parse_date("Monday, October 01, 2012 1U:13 AM") == SentDate(
        "2012-10-01T10:13:00", "Monday, October 01, 2012 1U:13 AM", "damaged")


def test_a_redaction_tools_word_is_a_party_withheld() -> None:
    """Layout family: redaction tools that write a word where they removed a value
    ("[REDACTED]", "REDACTED", "XXXXXXXXXX", "█████"). It is a party withheld with no code
    printed (``UNCODED``): no party named "REDACTED", never a party missing (was none: "To: Doe,
    John; [REDACTED]" read as sent to Doe alone, a withheld sender as no sender), an address
    with a redacted part unknown, the parties beside it kept."""
    withheld = Party(redactions=(UNCODED,))
    page = ("From: [REDACTED]\nSent: Tuesday, March 3, 2015 4:05 PM\nTo: Doe, John <jdoe@agency.gov>; [REDACTED]\n"
            "Cc: REDACTED\nSubject: Budget call\n\nThanks.\n\n"
            "From: Doe, John <[REDACTED]>\nSent: Tuesday, March 3, 2015 3:01 PM\nTo: XXXXXXXXXX; █████\n"
            "Subject: Budget call\n\nCan we talk?\n")
    top, quoted = emails_from_pages([page], [None])[0]
    assert (top.sender, top.to, top.cc) == (withheld, (Party("Doe, John", "jdoe@agency.gov"), withheld), (withheld,))
    assert (quoted.sender, quoted.to) == (Party("Doe, John", redactions=(UNCODED,)), (withheld, withheld))
    assert parse_parties("Roe, Jane <REDACTED@agency.gov>; (b)(6) [Redacted]") == (
        Party("Roe, Jane", redactions=(UNCODED,)), Party(redactions=("(b)(6)",)))
    assert parse_parties("Jane Redactedson") == (Party("Jane Redactedson"),)
    assert parse_parties("Records Team <redacted@agency.gov>") == (Party("Records Team", "redacted@agency.gov"),)
    assert (withheld.display, Party(redactions=("(b)(6)", UNCODED)).display) == ("[redacted]", "[redacted (b)(6)]")


@pytest.mark.parametrize(("printed", "parties"), [
    ("kim roe &lt;troe@agency.gov&gt;", (Party("kim roe", "troe@agency.gov"),)),
    ("&quot;Roe, Jane&quot; &lt;jroe@agency.gov&gt;, &quot;Doe, John&quot; &lt;jdoe@agency.gov&gt;",
     (Party("Roe, Jane", "jroe@agency.gov"), Party("Doe, John", "jdoe@agency.gov"))),
    # as OCR reads them, a box over the address (its brackets left empty: the address withheld, its
    # code in the margin or none; was a party shown with nothing withheld)
    ("kim roe &It: igt;", (Party("kim roe", redactions=(UNCODED,)),)),
    ("kim roe 8Liti 4gt;", (Party("kim roe", redactions=(UNCODED,)),)),
    ("kim roe &It &gt;", (Party("kim roe", redactions=(UNCODED,)),)),
    ("&lt cgt; B6", (Party(redactions=("(b)(6)",)),)),
    ("&it, &gt B6", (Party(redactions=("(b)(6)",)),)),  # the l read as i, the semicolons as commas or lost
    ("Roe, Jane &it;jroe@agency.gov&gt;", (Party("Roe, Jane", "jroe@agency.gov"),)),
    ("Roe, Jane &It;jroe@agency.gov&g,t;; Doe, John &lt;jdoe@agency.gov 4gt;",
     (Party("Roe, Jane", "jroe@agency.gov"), Party("Doe, John", "jdoe@agency.gov"))),
    # no entity opened: a name ending in "gt" stays, and so does an ampersand in a name
    ("Roe, Jane <jroe@agency.gov>; vogt; smith", (Party("Roe, Jane", "jroe@agency.gov"), Party("vogt"), Party("smith"))),
    ("AT&T Wireless", (Party("AT&T Wireless"),)),
])
def test_brackets_printed_as_html_entities(printed: str, parties: tuple[Party, ...]) -> None:
    """Layout family: a forward quoting an HTML message's header as text prints its brackets
    and quotes as entities ("&lt;", "&gt;", "&quot;"), which OCR misreads ("&It:", "igt;");
    they are the brackets (was a name "kim roe &It: igt")."""
    assert parse_parties(printed) == parties


@pytest.mark.parametrize(("printed", "parties"), [
    ("Poe, Dana M; Roe, Jane L: Doe, John A; Lee, Ann",
     (Party("Poe, Dana M"), Party("Roe, Jane L"), Party("Doe, John A"), Party("Lee, Ann"))),
    ("Doe, John (DEA): Lee, Ann", (Party("Doe, John (DEA)"), Party("Lee, Ann"))),
    ("Roe, Jane • Doe, John", (Party("Roe, Jane"), Party("Doe, John"))),
    ("Roe, Jane • OPS-Staff-Assistants-DL", (Party("Roe, Jane"), Party("OPS-Staff-Assistants-DL"))),
])
def test_a_separator_ocr_read_as_a_colon_or_a_bullet(printed: str, parties: tuple[Party, ...]) -> None:
    """OCR failure: the semicolon between two parties read as a colon after a "Last, First M"
    name, or as a bullet (was one party "Roe, Jane L: Doe, John A")."""
    assert parse_parties(printed) == parties


@pytest.mark.parametrize(("printed", "party"), [
    ("Roe, Jane [SMTP:jroe@agency.gov]", Party("Roe, Jane", "jroe@agency.gov")),  # Outlook 97-2003
    ("Roe, Jane <SMTP:jroe@agency.gov>", Party("Roe, Jane", "jroe@agency.gov")),
    ("Roe, Jane J [mailbo:RoeJ3@agency.gov]", Party("Roe, Jane J", "roej3@agency.gov")),  # OCR: [mailto:
    ("Dana Poe [meta", Party("Dana Poe")),  # the rest of [mailto: under a box
    ("Poe, Dana H. ilto:", Party("Poe, Dana H.")),  # a dark copy: "[ma" lost into the box
    ("Poe, Dana H. ito: h", Party("Poe, Dana H.")),
    ("Dana Milto", Party("Dana Milto")),  # a name's own word, no colon
    ("Roe, Jane (intern)", Party("Roe, Jane (intern)")),  # a closed note stays
    ("'jroe@agency.corn' <jroe@agency.com>", Party("", "jroe@agency.com")),  # the address as its name
    ("'jroe@agency.com' cjroe@agency.com>", Party("", "jroe@agency.com")),
    ("'jdoe@mail.com' <jroe@agency.gov>", Party("jdoe@mail.com", "jroe@agency.gov")),  # another address: a name
    ("jroe©agency.govEmailto:jroe@agency.gov]", Party("", "jroe@agency.gov")),  # the one read whole kept
])
def test_an_address_scheme_or_a_mailto_scrap_is_no_part_of_the_name(printed: str, party: Party) -> None:
    """Layout family (an address's scheme printed, a contact named by its address) and OCR
    failure ("[mailto:" misread): the name is the name alone (was "Roe, Jane [SMTP",
    "Dana Poe [meta", "jroe@agency.corn")."""
    assert parse_parties(printed) == (party,)


@pytest.mark.parametrize(("printed", "names"), [
    ("Roe, Jane ee ee ee eee eee ee ee", ["Roe, Jane"]),
    ("Doe, John; Roe, Jane A ee eee ee", ["Doe, John", "Roe, Jane A"]),
    ("Roe, Jane ee ee", ["Roe, Jane ee ee"]),  # two: a name's own words may be ("Maria de la")
    ("Ann van der Berg", ["Ann van der Berg"]),
])
def test_specks_read_as_a_run_of_little_words_after_a_name(printed: str, names: list[str]) -> None:
    """OCR failure of faxes: a dotted rule or specks beside a From: line read as little words
    after the name (was the sender "Brennan, Gary ee ee ee eee eee ee ee" on Chicago's fax)."""
    assert [party.name for party in parse_parties(printed)] == names


@pytest.mark.parametrize(("printed", "names"), [
    ("Poe, Dana E (S[)ecialAssistants; Roe, Jane; Doe, John A", ["Poe, Dana E (S[)ecialAssistants", "Roe, Jane", "Doe, John A"]),
    ('"Roe, Jane <jr@agency.gov>; Doe, John', ["Roe, Jane", "Doe, John"]),
    ("Roe, Jane <jr@agency.gov; Doe, John <jd@agency.gov>", ["Roe, Jane", "Doe, John"]),
    ("Doe, John (DEA); Lee, Ann", ["Doe, John (DEA)", "Lee, Ann"]),
])
def test_a_bracket_or_quote_never_closed_hides_no_separator(printed: str, names: list[str]) -> None:
    """OCR failure: a bracket or quote misread into a list and never closed hid every
    separator after it (was one party holding the rest of the list)."""
    assert [p.name for p in parse_parties(printed)] == names


def test_a_list_of_quoted_names_whose_addresses_boxes_cover() -> None:
    """Page family: a long list of quoted names, each address under a box ("'Roe, Jane' <[box]>;
    'Doe, John' [box]; Lee, Ann"), OCR losing the separators and brackets under the boxes. An
    opening bracket no address nor code follows ends its party, and so does a closing quote
    before another name (was: everything after the first "<" read as its address, lost)."""
    printed = ("'Roe, Jane A.' < 'Doe, John B.' 'Poe, Dana R.' Lee, Ann; Kim, Lou; 'Ng, Kit' < Park, Sam; "
               "Ray, Al")
    assert [p.name for p in parse_parties(printed)] == [
        "Roe, Jane A.", "Doe, John B.", "Poe, Dana R.", "Lee, Ann", "Kim, Lou", "Ng, Kit", "Park, Sam", "Ray, Al"]
    # a bracket before a box's code or an address is the party's own
    assert parse_parties("Roe, Jane < (b)(6)") == (Party("Roe, Jane", "", ("(b)(6)",)),)
    assert parse_parties("Roe, Jane <jroe@agency.gov") == (Party("Roe, Jane", "jroe@agency.gov"),)
    # ... and so is one before an address OCR read with "©" for "@" or "›" for ">"
    assert parse_parties("Roe, Jane <JRoe©agency.gov›; Doe, John") == (
        Party("Roe, Jane", "jroe@agency.gov"), Party("Doe, John"))


def test_a_lotus_notes_list_of_hierarchical_names() -> None:
    """Layout family, Lotus Notes: recipients printed as hierarchical names with commas
    between them ("Jane Roe/OPS/AGENCY@AGENCY, John Doe/OPS/AGENCY@AGENCY") are a party each
    (was one party); a "Last, First" name keeps its comma."""
    assert [p.name for p in parse_parties("Jane Roe/OPS/AGENCY@AGENCY, John Doe/OPS/AGENCY@AGENCY, Ann Lee/HQ")] == [
        "Jane Roe/OPS/AGENCY@AGENCY", "John Doe/OPS/AGENCY@AGENCY", "Ann Lee/HQ"]
    assert [p.name for p in parse_parties("Roe, Jane/OPS/AGENCY")] == ["Roe, Jane/OPS/AGENCY"]
    page = ("To: Jane Roe/OPS/AGENCY@AGENCY, John Doe/OPS/AGENCY@AGENCY\ncc: Ann Lee/HQ/AGENCY@AGENCY\n"
            "From: Pat Poe/OPS/AGENCY\nDate: 03/03/2015 04:05 PM\nSubject: Budget call\n\nHello.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert [p.name for p in email.to] == ["Jane Roe/OPS/AGENCY@AGENCY", "John Doe/OPS/AGENCY@AGENCY"]


@pytest.mark.parametrize("margin", [
    "3/4/15, 10:12 AM Gmail - Harbor channel update",
    "Gmail - Harbor channel update https://mail.google.com/mail/u/0/?ui=2&ik=1a2b3c&view=pt&search=all 1/2",
])
def test_a_web_mail_print_under_its_browser_header(margin: str) -> None:
    """Layout family: web mail printed from a browser (Gmail, Outlook on the web). GIVEN a
    Gmail conversation under the browser's own print header (the date and time, then the page
    title) or its address line WHEN split THEN the title under it is still the top of the print:
    every message has the thread's subject (was: none, the browser's line held a colon)."""
    page = margin + "\n" + GMAIL_CONVERSATION.split("\n", 3)[3]
    emails, _ = emails_from_pages([page], [None])
    assert [(e.sender.name if e.sender else "", e.subject) for e in emails] == [
        ("John Doe", "Harbor channel update"), ("Pat Roe", "Harbor channel update")]


def test_an_outlook_web_app_print_under_its_browser_header() -> None:
    """Layout family: Outlook Web App prints from a browser. GIVEN the browser's print header
    above the title WHEN split THEN the title is the subject; a message's own date line ("8/13/2013
    2:15 PM") names no web mail page and is no browser header."""
    page = ("8/14/13, 9:30 AM Mail - Roe, Pat - Outlook\nHarbor channel update\nRoe, Pat\n"
            "Sent: Wednesday, August 14, 2013 9:01 AM\nTo: Doe, John\n\nThursday works.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert (email.sender, email.subject) == (Party("Roe, Pat"), "Harbor channel update")
    dated = ("8/14/13, 9:30 AM Gmail - Harbor channel update\nHarbor channel update\nJohn Doe <jdoe@gmail.com>\n"
             "8/13/2013 2:15 PM\nTo: Pat Roe <pat.roe@agency.gov>\n\nCan we meet on Thursday?\n")
    (email,), _ = emails_from_pages([dated], [None])
    assert (email.sender, email.sent, email.subject) == (
        Party("John Doe", "jdoe@gmail.com"), "2013-08-13T14:15:00", "Harbor channel update")


def test_a_gmail_conversation_loses_no_body_line() -> None:
    """Layout family: Gmail conversation prints, whose messages follow one another with no
    banner or rule. GIVEN a message ending in its writer's name and a one-line reply WHEN split
    THEN the short line above the next message's sender is the end of the body before it, not
    a banner owned by nobody (was: lost, and a one-line reply had no body)."""
    page = ("Harbor channel update\n3 messages\n"
            "John Doe <jdoe@gmail.com>                     Tue, Aug 13, 2013 at 2:15 PM\nTo: Pat Roe <pat.roe@agency.gov>\n"
            "Can we meet on Thursday?\nJohn\n"
            "Pat Roe <pat.roe@agency.gov>                  Wed, Aug 14, 2013 at 9:01 AM\nTo: John Doe <jdoe@gmail.com>\n"
            "Works for me\n"
            "John Doe <jdoe@gmail.com>                     Wed, Aug 14, 2013 at 9:30 AM\nTo: Pat Roe <pat.roe@agency.gov>\n"
            "Thanks.\n")
    emails, _ = emails_from_pages([page], [None])
    assert [e.body for e in emails] == ["Can we meet on Thursday?\nJohn", "Works for me", "Thanks."]


@pytest.mark.parametrize(("left", "sender"), [
    ('"Jane Roe" <jroe@contractor.example.com>\n03/03/2015 04:05 PM', '"Jane Roe" <jroe@contractor.example.com>'),
    ("jroe@contractor.example.com\n03/03/2015 04:05 PM", "jroe@contractor.example.com"),
    ("John Doe/WASH/EPA/US\n03/03/2015 04:05 PM\nPlease respond to\njdoe@agency.example.gov", "John Doe/WASH/EPA/US"),
    ("John Doe/WASH/EPA/US\n03/03/2015 04:05 PM\nPlease respond to jdoe@agency.example.gov", "John Doe/WASH/EPA/US"),
    ("John Doe/WASH/EPA/US\nSent by: Mary Ames/WASH/EPA/US\n03/03/2015 04:05 PM", "John Doe/WASH/EPA/US"),
])
def test_lotus_notes_left_column_variants(left: str, sender: str) -> None:
    """Layout family: Lotus Notes memo-style headers read one column after the other. GIVEN a
    sender from outside the Notes domain (its Internet name: a quoted name and address, or the
    address alone), or the left column's "Sent by:" or "Please respond to" lines around the date
    WHEN split THEN it is an email with that sender, date, To and subject (was: no email)."""
    for header in (f"{left}\nTo Pat Smith/DC/USEPA/US@EPA\ncc\nSubject Re: Permit status",
                   f"{left}\nTo\nPat Smith/DC/USEPA/US@EPA\ncc\nSubject\nRe: Permit status"):
        (email,), _ = emails_from_pages([header + "\n\nThanks for the update on the permit.\n"], [None])
        assert (email.sent, email.subject, [p.name for p in email.to]) == (
            "2015-03-03T16:05:00", "Re: Permit status", ["Pat Smith/DC/USEPA/US@EPA"])
        assert parse_parties(sender) == (email.sender,)
        assert email.body == "Thanks for the update on the permit."


@pytest.mark.parametrize("sender", ['"Jane Roe" <jroe@contractor.example.com>', "jroe@contractor.example.com"])
def test_lotus_notes_internet_sender_read_across(sender: str) -> None:
    """Layout family: Lotus Notes memo-style headers read across (sender and To on one line, the
    date and an empty cc on the next). GIVEN a sender by its Internet name WHEN split THEN an
    email with that sender, no cc (was: no email, for either)."""
    page = (f"{sender}     To Pat Smith/DC/USEPA/US@EPA\n03/03/2015 04:05 PM      cc\n\n"
            "Subject Re: Permit status\n\nThanks for the update on the permit.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert (email.sender, email.sent, email.subject, email.cc) == (
        parse_parties(sender)[0], "2015-03-03T16:05:00", "Re: Permit status", ())
    assert [p.name for p in email.to] == ["Pat Smith/DC/USEPA/US@EPA"]


@pytest.mark.parametrize(("left", "to"), [
    ('"Roe, Jane A. (HARBOR)"     To Pat Smith/DC/USEPA/US@EPA', "Pat Smith/DC/USEPA/US@EPA"),
    ('"Roe, Jane A.     To Pat Smith/DC/USEPA/US@EPA\n(HARBOR)"', "Pat Smith/DC/USEPA/US@EPA"),
    ("'Roe, Jane A. To \n(HARBOR)\" ", ""),  # the opening quote read "'"; the To list lost
])
def test_lotus_notes_internet_sender_by_its_name_alone(left: str, to: str) -> None:
    """Layout family: Lotus Notes memo-style headers read across, the sender from outside the
    Notes domain printed by its Internet display name alone, in quotes; a long one wraps in its
    column, its rest and closing quote on the next line, the date under it. GIVEN such headers
    WHEN split THEN the sender is the whole name (was: no email), its date's PM kept where a
    space follows it (was: read as a cc label misread, the time 03:06). A quoted sentence over a
    date with no cc or Subject under it is no header."""
    for dated in ("09/27/2007 03:06 PM      cc\nbcc", "09/27/2007 03:06 PM \ncc \nbcc "):  # (a text layer's spaces after)
        page = f"{left}\n{dated}\nSubject RE: Conference call\n\nI already told him.\n"
        (email,), _ = emails_from_pages([page], [None])
        assert (email.sender, email.sent, email.subject, [p.name for p in email.to]) == (
            Party("Roe, Jane A. (HARBOR)"), "2007-09-27T15:06:00", "RE: Conference call", [to] if to else [])
        assert email.body == "I already told him."
    prose = '"We will meet on the dock. To be sure,\nthe schedule"\n09/27/2007 03:06 PM is the date.\n\nThanks.\n'
    assert emails_from_pages([prose], [None])[0] == []


@pytest.mark.parametrize("page", [
    "To: John Doe\nFax: (202) 555-0100\nFrom: Jane Roe\nPhone: (202) 555-0199\nDate: 3/3/2015\n"
    "Re: Permit application\nPages: 4\n\nPlease see the attached permit application.\n",
    "Date: 3/3/2015\nTo: John Doe\nFax: (202) 555-0100\nFrom: Jane Roe\nPhone: (202) 555-0199\n"
    "Subject: Permit application\nNumber of pages: 4\n\nPlease see the attached permit application.\n",
    "To: John Doe\nFrom: Jane Roe\nDate: 3/3/2015\nTime: 10:05 AM\nPhone: (202) 555-0199\nMessage: Please call back\n",
    # a law firm's cover, its fields set a blank line apart, a fax number's label under them or none
    "Date: March 3, 2005\n\nFor: John Doe, Carl Moss\n\nCompany: Harbor Commission\n\nFrom: Jane Roe\n\n"
    "Facsimile Number: 202-555-0100\n\nMain Number: 202-555-0199\n\nCOMMENTS:\n\nWe are sending 2 pages.\n",
    "Date: March 3, 2005\n\nFor: John Doe, Carl Moss\n\nCompany: Harbor Commission\n\nFrom: Jane Roe\n\n"
    "COMMENTS:\n\nWe are sending 2 pages.\n",
])
def test_fax_covers_and_phone_messages_are_no_emails(page: str) -> None:
    """Page family: fax cover sheets and phone-message slips. GIVEN a form printing To:, From:
    and Date: among a fax number, a phone number or a count of pages, or a cover's "For:" and
    "Company:" WHEN split THEN no email (was: one, its sender "Jane Roe Phone: (202) 555-0199",
    or dated "March 3, 2005 For: John Doe, Carl Moss Company: …" and quoting the email the next
    page prints)."""
    assert emails_from_pages([page], [None])[0] == []
    email_page = "From: Jane Roe\nSent: Thursday, March 3, 2005 9:18 PM\nTo: John Doe\nSubject: Agenda\n\nAttached.\n"
    (email,), _ = emails_from_pages([page, email_page], [None, None])
    assert (email.start_page, email.quoted, email.sender.name) == (2, False, "Jane Roe")


def test_an_unknown_label_in_a_header_is_no_name() -> None:
    """Layout families: Outlook and list mailers printing a line this reader keeps no field for
    ("Sent By:" a delegate, "Reply-To:") between a header's parties. GIVEN one under From: or To:
    WHEN split THEN it is its own line, never a name wrapped onto the party above; a signature's
    "Phone:" above a quoted header leaves that header an email."""
    page = ("From: The Honorable Jane Roe\nSent By: staffer@mail.house.example.gov\nDate: 11/14/2012\n"
            "Subject: Dear Colleague\n\nPlease cosign.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert (email.sender, email.sent, email.subject) == (Party("The Honorable Jane Roe"), "2012-11-14", "Dear Colleague")
    page = ('From: "Roe, Jane" <jroe@agency.gov>\nDate: Tue, 3 Mar 2015 16:05:12\nTo: John Doe <jdoe@agency.gov>\n'
            "Reply-To: jroe@agency.gov\nSubject: Site visit\n\nSee you Friday.\nJane Roe\nPhone: (202) 555-0199\n"
            "From: Doe, John\nSent: Tuesday, March 03, 2015 3:05 PM\nTo: Roe, Jane\nSubject: Site visit\n\nWhen?\n")
    emails, _ = emails_from_pages([page], [None])
    assert [[p.name for p in e.to] for e in emails] == [["John Doe"], ["Roe, Jane"]]
    assert [e.subject for e in emails] == ["Site visit", "Site visit"]


@pytest.mark.parametrize(("values", "sender", "to", "subject"), [
    ("Roe, Jane\nTuesday, March 03, 2015 4:05 PM\nStatus", "Roe, Jane", [], "Status"),  # To: redacted
    ("Tuesday, March 03, 2015 4:05 PM\nDoe, John\nStatus", None, ["Doe, John"], "Status"),  # From: redacted
])
def test_labels_then_values_with_a_redacted_value_that_left_no_text(
        values: str, sender: str | None, to: list[str], subject: str) -> None:
    """Layout family: labels-then-values headers (FBI, DHS prints read column by column) whose
    redaction box left no text. GIVEN four labels, three values, a blank line and the body WHEN
    split THEN the date is Sent:, the last value Subject:, the name the party's before or after
    the date, the redacted label empty, and the body whole (was: To "Status", the subject the
    body's first line, the body empty). Blank Cc: and Subject: over a body line stay blank."""
    page = f"From:\nSent:\nTo:\nSubject:\n{values}\n\nThanks for the update on the permit.\n"
    (email,), _ = emails_from_pages([page], [None])
    assert (email.sender.name if email.sender else None, [p.name for p in email.to]) == (sender, to)
    assert (email.sent, email.subject, email.body) == (
        "2015-03-03T16:05:00", subject, "Thanks for the update on the permit.")
    page = ("From: Roe, Jane\nSent: Tuesday, March 03, 2015 4:05 PM\nTo: Doe, John\nCc:\nSubject:\n"
            "Per the call, here is the plan.\nB5\n\nLet me know.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert (email.cc, email.subject) == ((), "")
    assert email.body.startswith("Per the call")


def test_labels_then_values_with_a_note_read_between_the_columns() -> None:
    """OCR failure, labels-then-values headers (a producer's layer reading the label column,
    then the values): a line printed beside the header ("Email #2 of 3.") read between the two
    columns. GIVEN it between the labels and the values WHEN split THEN each value its label's
    (was: no sender, date or subject); a sentence over blank fields' body stays the body."""
    page = ("From:\nSent:\nTo:\nSubject:\nEmail #2 of 3.\nBrown, John\nFriday, August 25, 2017 8:57 AM\n"
            "Moss, Carl\nFW: Vacation Time\n\nThe schedule is attached.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert (email.sender, [p.name for p in email.to], email.sent, email.subject) == (
        Party("Brown, John"), ["Moss, Carl"], "2017-08-25T08:57:00", "FW: Vacation Time")
    assert email.body == "The schedule is attached."
    page = "From:\nSent:\nTo:\nSubject:\nPlease see the note below.\nMoss, Carl\nThe schedule is attached.\n"
    (email,), _ = emails_from_pages([page], [None])
    assert (email.sender, email.sent, email.subject) == (None, None, "")


@pytest.mark.parametrize(("from_line", "to_line", "sender", "to"), [
    ("Fromf= = jroe@harbor.example.gov", "Tol jdoe@harbor.example.gov>", "jroe@harbor.example.gov",
     "jdoe@harbor.example.gov"),
    ("From[ Roe, Jane <jroe@harbor.example.gov>", "Toff news.example.com", "jroe@harbor.example.gov", "news.example.com"),
    ("From: Roe, Jane <jroe@harbor.example.gov>", "Topeere ____harbor.example.gov", "jroe@harbor.example.gov",
     "harbor.example.gov"),
    ("From: Roe, Jane <jroe@harbor.example.gov>", "10: jdoe@harbor.example.gov", "jroe@harbor.example.gov",
     "jdoe@harbor.example.gov"),  # "To:" read as digits
    ("From: Roe, Jane <jroe@harbor.example.gov>", "Topeeme  @harbor.example.gov>", "jroe@harbor.example.gov",
     ""),  # the mailbox under the box too: withheld
])
def test_a_box_drawn_against_a_label_leaves_the_label_a_label(from_line: str, to_line: str, sender: str,
                                                               to: str) -> None:
    """OCR failure, scanned prints (a production to a legislature): a redaction box drawn right
    after "From:" or "To:", its edge and fill read as specks or letters run onto the label, the
    colon lost. GIVEN such lines over and under the Sent: line WHEN split THEN the sender and the
    recipient as printed (was: no sender, the header starting at Sent:; "Tol", "Toff" and
    "Topeere" read as recipients' names; "10:" read into the date). A name starting "To" stays a
    name, and a clock under a date stays the date's."""
    page = (f"Regards,\nCarl Moss\n{from_line}\nSent: Wednesday, August 14, 2019 7:45 AM\n{to_line}\n"
            "Subject: Records request\n\nPlease send the records.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert (email.sender.address if email.sender else None, [p.address or p.name for p in email.to]) == (sender, [to])
    assert (email.sent, email.subject) == ("2019-08-14T07:45:00", "Records request")
    page = page.replace(to_line, "Tom Jones")
    (email,), _ = emails_from_pages([page], [None])
    assert [p.name for p in email.to] == ["Tom Jones"]
    (email,), _ = emails_from_pages([page.replace("Tom Jones", "Tobias <tobias.moss@harbor.example.gov>")], [None])
    assert [(p.name, p.address) for p in email.to] == [("Tobias", "tobias.moss@harbor.example.gov")]
    for line in ("Tom's new address is tom@harbor.example.gov.", "Cc'ing Carl Moss (cmoss@harbor.example.gov).",
                 "To-do: send the list to cmoss@harbor.example.gov", "Fromm's address is cfromm@harbor.example.gov"):
        (email,), _ = emails_from_pages([page.replace("Please send the records.", line)], [None])
        assert (email.cc, email.sender.address if email.sender else None) == ((), sender), line
    page = page.replace("2019 7:45 AM\nTom Jones", "2019\n10:45 AM\nTo: Tom Jones")
    (email,), _ = emails_from_pages([page], [None])
    assert (email.sent, [p.name for p in email.to]) == ("2019-08-14T10:45:00", ["Tom Jones"])


@pytest.mark.parametrize(("from_line", "sender"), [
    ("Fromf= = eharbor gov", "eharbor gov"),  # the mailbox boxed, "@" read "e"
    ("Fromi= (harb", "(harb"),
    ("Fromm __|(HARBOR)", "(HARBOR)"),
    ("Frommer moss)", "moss)"),
])
def test_a_box_right_after_from_leaves_a_sender_with_no_address(from_line: str, sender: str) -> None:
    """OCR failure, scanned prints (a production to a legislature, its senders withheld): the box
    drawn right after "From" read as letters or specks run onto the word, the colon lost, and
    what is left of the sender holds no whole address. GIVEN such a line right above a quoted
    header's Sent: line WHEN split THEN the header starts at it and its sender is what is legible
    (was: no sender, the line read as the last of the body above). A line of prose stays there."""
    page = ("Thanks for the update.\nCarl Moss\n" + from_line + "\nSent: Wednesday, August 14, 2019 12:41 PM\n"
            "To: Doe, John\nSubject: RE: Site visit\n\nSee you Thursday.\n")
    top = "From: Doe, John\nSent: Wednesday, August 14, 2019 1:02 PM\nTo: Roe, Jane\nSubject: RE: Site visit\n\n"
    top_email, quoted = emails_from_pages([top + page], [None])[0]
    assert (quoted.sender.name if quoted.sender else None, quoted.sent) == (sender, "2019-08-14T12:41:00")
    assert quoted.start_line == 7  # its From: line, under the body above
    for line in ("Fromage is on the menu.", "Frommer said he would call."):
        top_email, quoted = emails_from_pages([top + page.replace(from_line, line)], [None])[0]
        assert (quoted.sender, quoted.start_line) == (None, 8), line


def test_a_recipient_list_cut_by_a_page_break_goes_on_on_the_next_page() -> None:
    """Layout family, any client, long distribution lists: a To: list the page break cut after a
    whole party. GIVEN page 1 ending "To: ...; Baker, Tom;" over its Bates number and page 2
    starting with the rest of the list, then Subject: WHEN split THEN one email with every
    recipient and its subject, the body under it (was: no subject, the list's rest and Subject:
    the body's)."""
    pages = ["From: Roe, Jane\nSent: Tuesday, March 03, 2015 4:05 PM\n"
             "To: Doe, John; Smith, Pat; Wong, Lee; Adams, Mary; Baker, Tom;\nAGY-000101",
             "Davis, Ron; Evans, Kim <kevans@agency.gov>\nSubject: Status\n\nThanks for the update.\nAGY-000102"]
    (email,), _ = emails_from_pages(pages, [None, None])
    assert [p.name for p in email.to] == ["Doe, John", "Smith, Pat", "Wong, Lee", "Adams, Mary", "Baker, Tom",
                                          "Davis, Ron", "Evans, Kim"]
    assert (email.subject, email.body) == ("Status", "Thanks for the update.")
    pages[1] = "Thanks for the update, all of you; see the plan.\nSubject: Status\n\nMore.\nAGY-000102"
    (email,), _ = emails_from_pages(pages, [None, None])
    assert (len(email.to), email.subject) == (5, "")  # a sentence goes on no list


@pytest.mark.parametrize("label", ["To", "Cc"])
def test_a_recipient_list_cut_at_the_comma_of_a_surname_goes_on_with_the_given_name(label: str) -> None:
    """The same family, the page break at the comma inside the list's last "Surname, Given" name:
    the given name alone at the next page's top. GIVEN such a page pair WHEN split THEN the name is
    whole and the subject read (was: a recipient "Baker", no subject, "Tom" and "Subject:" the body's)."""
    pages = ["From: Roe, Jane\nSent: Tuesday, March 03, 2015 4:05 PM\n" + ("To: Doe, John\n" if label == "Cc" else "")
             + f"{label}: Smith, Pat; Wong, Lee; Baker,\n\nAGY-000101",
             "Tom\nSubject: Status\n\nThanks for the update.\nAGY-000102"]
    (email,), _ = emails_from_pages(pages, [None, None])
    assert [p.name for p in (email.cc if label == "Cc" else email.to)] == ["Smith, Pat", "Wong, Lee", "Baker, Tom"]
    assert (email.subject, email.body) == ("Status", "Thanks for the update.")
    pages[1] = "Thanks\nSubject: Status\n\nMore.\nAGY-000102"  # (a given name's shape, but no list cut at a comma)
    pages[0] = pages[0].replace("Baker,", "Baker, Tom")
    (email,), _ = emails_from_pages(pages, [None, None])
    assert [p.name for p in (email.cc if label == "Cc" else email.to)][-1] == "Baker, Tom"


@pytest.mark.parametrize("label", ["To:", "Cc:", "To:\n", "Cc:  "])
def test_a_list_label_a_page_break_left_without_its_value_takes_the_next_pages_list(label: str) -> None:
    """Layout family, any client (values under their labels too): a page break right after a To: or
    Cc: label, its list on the next page over the Bates number. GIVEN such a page pair WHEN split
    THEN the list is the label's and the subject read (was: IndexError, the document not ingested)."""
    cc = label.startswith("Cc")
    header = "From: Roe, Jane\nSent: Tuesday, March 5, 2013 10:14 AM\n" + ("To: Doe, John\n" if cc else "")
    pages = [header + label + "\n\nAGY-000123",
             "Moss, Carl; Park, Ellen\nSubject: RE: Dredging permit\n\nI will call the contractor today.\nAGY-000124"]
    (email,), _ = emails_from_pages(pages, [None, None])
    listed = email.cc if cc else email.to
    assert [p.name for p in listed] == ["Moss, Carl", "Park, Ellen"]
    assert (email.subject, email.body) == ("RE: Dredging permit", "I will call the contractor today.")


@pytest.mark.parametrize("intro", ["On 3/4/2013 4:02 PM, John Doe wrote:",
                                   'On Mar 4, 2013, at 4:02 PM, "Doe, John" <jdoe@harbor.example.gov> wrote:\n'])
def test_a_reply_written_under_the_lines_it_quotes_is_the_replys_own(intro: str) -> None:
    """Layout family, replies written under what they quote (Thunderbird, Apple Mail, mailing
    lists): "On …, John Doe wrote:", his lines marked ">", the answer and signature under them.
    GIVEN such a reply WHEN split THEN the quoted copy holds his marked lines alone, a long one the
    print wrapped with its unmarked rest (was: the reply's answer and signature the copy's: her
    approval stated as his text)."""
    page = (f"From: Jane Roe <jroe@harbor.example.gov>\nSent: Tuesday, March 5, 2013 10:14 AM\nTo: John Doe\n"
            f"Subject: Re: Survey\n\n{intro}\n> Jane, may the contractor start the survey\non March 11?\n>\n> John\n\n"
            "Yes. Approved for March 11.\n\n--\nJane Roe\nDeputy Director\n")
    top, quoted = emails_from_pages([page], [None])[0]
    assert quoted.quoted and quoted.body == "> Jane, may the contractor start the survey\non March 11?\n>\n> John"
    assert top.body.endswith("Yes. Approved for March 11.\n\n--\nJane Roe\nDeputy Director")


def test_a_reply_line_naming_the_sender_alone_introduces_a_quoted_copy() -> None:
    """Layout family: mail clients and list archives introducing the quoted message with
    "<name> <address> wrote:", no date, its lines marked ">". GIVEN one under a reply WHEN split
    THEN a quoted copy from that sender, undated (was: the reply's body); prose naming a writer
    over unquoted lines is no copy."""
    reply = "From: Doe, John\nSent: Tuesday, March 03, 2015 5:00 PM\nTo: Roe, Jane\nSubject: RE: Site visit\n\nOK.\n\n"
    emails, _ = emails_from_pages([reply + "Jane Roe <jroe@agency.gov> wrote:\n> The visit is on Friday.\n"], [None])
    assert [(e.quoted, e.sender, e.sent) for e in emails] == [
        (False, Party("Doe, John"), "2015-03-03T17:00:00"), (True, Party("Jane Roe", "jroe@agency.gov"), None)]
    assert emails[1].body == "> The visit is on Friday."
    emails, _ = emails_from_pages([reply + "Jane Roe <jroe@agency.gov> wrote:\nthe visit is on Friday.\n"], [None])
    assert len(emails) == 1


def test_a_notes_header_whose_lists_wrap_beside_the_date_and_under_it() -> None:
    """Layout family: Lotus Notes memo prints, scanned. A long To list wraps in the right-hand
    column, its second line level with the date ("04/02/2014 09:15 AM Tom Webb/HQ/ORG@ORG;"), a
    long cc list runs on over the lines under it, "bcc" is read "bec", a separator ":" and a
    long subject wraps. GIVEN such a page WHEN read THEN one email with every recipient and the
    whole subject (was: no email at all)."""
    page = ("RELEASED IN FULL\n\nCarla Jensen/HQ/PORT To Tom Webb/HQ/PORT@PORT;\n"
            "04/02/2014 09:15 AM Luis Ortiz/HQ/PORT@PORT;\nMai Nguyen/HQ/PORT@PORT\n"
            "cc Rita Sandoval/HQ/PORT@PORT:\nDan Roe/HQ/PORT@PORT; Ann Lee/HQ/PORT@PORT\nbec\n"
            "Subject RE: Revised soundings for berths four and five and the dredging schedule for\n"
            "the coming season\n\nTom, please resurvey berth 4 before Friday.\nPRT-000120\n")
    (email,), _ = emails_from_pages([page], [None])
    assert (email.sender.name if email.sender else None, email.sent) == ("Carla Jensen/HQ/PORT", "2014-04-02T09:15:00")
    assert [p.name.split("/")[0] for p in email.to] == ["Tom Webb", "Luis Ortiz", "Mai Nguyen"]
    assert [p.name.split("/")[0] for p in email.cc] == ["Rita Sandoval", "Dan Roe", "Ann Lee"]
    assert email.subject == ("RE: Revised soundings for berths four and five and the dredging schedule for "
                             "the coming season")


@pytest.mark.parametrize(("left", "right"), [
    # the To list wrapped inside a name (Notes wraps at any space), its rest level with the date
    (["Jane Roe/HARBOR/AGY", "03/05/2013 10:14 AM", "", ""],
     ["To   John Doe/HARBOR/AGY@AGY, Ellen", "Park/HARBOR/AGY@AGY", "cc   Carl Moss/HARBOR/AGY@AGY", "bcc"]),
    # ... its rest on a line of its own above the date
    (["Jane Roe/HARBOR/AGY", "", "03/05/2013 10:14 AM", ""],
     ["To   John Doe/HARBOR/AGY@AGY, Ellen", "Park/HARBOR/AGY@AGY", "cc   Carl Moss/HARBOR/AGY@AGY", "bcc"]),
    # who sent for the sender on the date's line, the cc beside it
    (["Jane Roe/HARBOR/AGY", "Sent by: Ellen Park", "03/05/2013 10:14 AM"],
     ["To   John Doe/HARBOR/AGY@AGY, Ellen Park/HARBOR/AGY@AGY", "cc   Carl Moss/HARBOR/AGY@AGY", "bcc"]),
])
def test_a_notes_reply_whose_list_wraps_inside_a_name_or_sent_for_its_sender(left: list[str], right: list[str]) -> None:
    """Layout family: Lotus Notes memo prints. A To list wrapped inside a hierarchical name ("…,
    Ellen" over "Park/HARBOR/AGY@AGY"), or a "Sent by:" line beside the cc. GIVEN a reply so printed
    over the message it quotes WHEN split THEN the reply is the document's email, from its sender on
    its date, to both, cc'd, the message it quotes under it (was: the reply's header not read, the
    quoted message the document's email: another sender, another day)."""
    header = "\n".join(f"{a:<33}{b}" for a, b in zip(left, right, strict=True))
    page = (header + "\n                                 Subject  Re: Dredging permit\n\nJohn,\n\nI approve the survey.\n\n"
            "Jane\n\nJohn Doe/HARBOR/AGY          To   Jane Roe/HARBOR/AGY@AGY\n03/04/2013 04:02 PM              cc\n"
            "                                 Subject  Dredging permit\n\nJane, may the contractor start?\n")
    emails, _ = emails_from_pages([page], [None])
    assert [(e.quoted, e.sender.name, e.sent) for e in emails] == [
        (False, "Jane Roe/HARBOR/AGY", "2013-03-05T10:14:00"), (True, "John Doe/HARBOR/AGY", "2013-03-04T16:02:00")]
    assert [p.name for p in emails[0].to] == ["John Doe/HARBOR/AGY@AGY", "Ellen Park/HARBOR/AGY@AGY"]
    assert ([p.name for p in emails[0].cc], emails[0].subject) == (["Carl Moss/HARBOR/AGY@AGY"], "Re: Dredging permit")


def test_a_recipient_list_whose_line_ends_in_a_misread_separator_goes_on() -> None:
    """OCR failure, scanned prints of any client: the semicolon after a wrapped line's last
    address read as a colon ("<lortiz@port.example.org>:") or with specks after it ("; ee"), and
    inside a line ("<a@x.org>: Mai Nguyen"). GIVEN a To list of three lines so read WHEN read
    THEN every recipient, and the Cc and Subject under it (was: the list cut at the colon, the
    fields under it lost)."""
    page = ("From: Carla Jensen <cjensen@port.example.org>\nSent: Wednesday, April 02, 2014 9:15 AM\n"
            "To: Tom Webb <twebb@port.example.org>; ee\n"
            "Luis Ortiz <lortiz@port.example.org>: Mai Nguyen <mnguyen@port.example.org>:\n"
            "Rita Sandoval <rsandoval@port.example.org>:\nDan Roe <droe@port.example.org>\n"
            "Cc: Ann Lee <alee@port.example.org>\nSubject: Berth 4\n\nPlease resurvey berth 4.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert [p.address for p in email.to] == ["twebb@port.example.org", "lortiz@port.example.org",
                                             "mnguyen@port.example.org", "rsandoval@port.example.org",
                                             "droe@port.example.org"]
    assert ([p.name for p in email.cc], email.subject) == (["Ann Lee"], "Berth 4")


def test_a_recipient_list_whose_line_ends_in_a_separator_read_as_a_stop_goes_on() -> None:
    """OCR failure, scans: the semicolon after a wrapped line's last address read as a stop
    ("<cmoss@port.example.org>."), the next line a name alone. GIVEN such a To list over a Cc:
    and Subject: WHEN read THEN every recipient, the Cc and the Subject (was: the list cut at the
    stop, the rest of it, the Cc and the Subject lost); a To list that is the header's last field
    stops at a stop (the body's first line is no name)."""
    page = ("From: Carla Jensen <cjensen@port.example.org>\nSent: Wednesday, April 02, 2014 9:15 AM\n"
            "To: Tom Webb <twebb@port.example.org>; Carl Moss <cmoss@port.example.org>.\nEllen Park-Whitby ,\n"
            "<epark@port.example.org>; Dan Roe <droe@port.example.org>\n"
            "Cc: Ann Lee <alee@port.example.org>\nSubject: Berth 4\n\nPlease resurvey berth 4.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert [p.address for p in email.to] == ["twebb@port.example.org", "cmoss@port.example.org",
                                             "epark@port.example.org", "droe@port.example.org"]
    assert ([p.name for p in email.cc], email.subject) == (["Ann Lee"], "Berth 4")
    last = ("Subject: Berth 4\nFrom: Carla Jensen <cjensen@port.example.org>\nDate: 4/2/14, 9:15 AM\n"
            "To: Tom Webb <twebb@port.example.org>.\nHi Tom,\nPlease resurvey berth 4 today.\n")
    (email,), _ = emails_from_pages([last], [None])
    assert [p.address for p in email.to] == ["twebb@port.example.org"] and email.body.startswith("Hi Tom,")


def test_a_box_s_code_printed_in_the_margin_before_a_label_is_the_label_s() -> None:
    """Layout family, productions that print a box's code in the left margin: a text layer reads
    it before the header's label ("(b)(6) Cc: @harbor.example.gov; Roe, Jane", "(b)(6) From:").
    GIVEN such lines WHEN read THEN the label stands, its value boxed with the code (was: no label,
    the Cc and the Subject lost, a wholly boxed sender's quoted copy missed)."""
    page = ("From: Carl Moss <cmoss@harbor.example.gov>\nSent: Friday, January 3, 2025 11:15 AM\n"
            "To: Ellen Park <epark@harbor.example.gov>\n(b)(6) Cc: @harbor.example.gov; Roe, Jane\n"
            "Subject: RE: Advisory\n\nThe advisory lifts Monday.\n\nBegin forwarded message:\n\n(b)(6) From:\n"
            "Subject: Advisory\nDate: January 3, 2025 at 9:00:00 AM EST\nTo: Carl Moss <cmoss@harbor.example.gov>\n\n"
            "When will it lift?\n")
    top, quoted = emails_from_pages([page], [None])[0]
    assert [(p.name, p.address, p.redactions) for p in top.cc] == [("", "", ("(b)(6)",)), ("Roe, Jane", "", ())]
    assert (top.subject, top.exemptions) == ("RE: Advisory", ("(b)(6)",))
    assert quoted.quoted and quoted.sender is not None and quoted.sender.redactions == ("(b)(6)",)
    assert quoted.subject == "Advisory"


def test_an_exchange_address_wrapped_inside_outlook_s_mailto_brackets_goes_on() -> None:
    """Layout family, Outlook prints of internal recipients whose address did not resolve: an
    Exchange legacy address inside "[mailto:" wrapped over lines ("[mailto:/O=EXCHANGELABS/OU=…
    GROUP" / "(FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=…]"). GIVEN a To list so printed WHEN read THEN
    the address is one party's and the Cc and Subject under it stand (was: the header ended at the
    wrapped line)."""
    page = ("From: Carl Moss [mailto:cmoss@harbor.example.gov]\nSent: Friday, January 3, 2025 11:15 AM\n"
            "To: Ellen Park [mailto:epark@harbor.example.gov]; Roe, Jane\n"
            "[mailto:/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP\n"
            "(FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=0d7a5be3f19c46e2a8c4b5f6-JROE]\n"
            "Cc: Ann Lee [mailto:alee@harbor.example.gov]\nSubject: RE: Samples\n\nResults attached.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert [(p.name, p.address) for p in email.to] == [("Ellen Park", "epark@harbor.example.gov"), ("Roe, Jane", "")]
    assert ([p.name for p in email.cc], email.subject) == (["Ann Lee"], "RE: Samples")
    # a bracket a scan lost at the header's last line is no address wrapped onto the body
    lost = ("From: Carl Moss <cmoss@harbor.example.gov>\nSent: Friday, January 3, 2025 11:15 AM\nSubject: RE: Samples\n"
            "To: Ellen Park [mailto:epark@harbor.example.gov\nResults attached and more words follow here.\nSecond line.\n")
    (email,), _ = emails_from_pages([lost], [None])
    assert email.body.startswith("Results attached")


def test_a_name_broken_over_two_lines_before_its_address_is_one_recipient() -> None:
    """Layout family, Outlook's lists of long names and addresses: a name broken over two lines,
    its address on the line after ("…; Carl" / "Moss-Tarrant" / "<carl.moss-tarrant@…>;"). GIVEN
    such a To list WHEN read THEN the name whole and every recipient after it (was: "Carl" alone,
    the rest of the list lost); a body's first line after a name is no part of it."""
    page = ("From: Ann Lee <alee@harbor.example.gov>\nSent: Tuesday, March 5, 2024 12:00 PM\n"
            "To: Ellen Park\n<ellen.park@harbor.example.gov>; Carl\nMoss-Tarrant\n"
            "<carl.moss-tarrant@harbor.example.gov>; Owen Tarr <otarr@harbor.example.gov>\n"
            "Subject: Briefing\n\nWeekly until the reviews close.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert [(p.name, p.address) for p in email.to] == [
        ("Ellen Park", "ellen.park@harbor.example.gov"), ("Carl Moss-Tarrant", "carl.moss-tarrant@harbor.example.gov"),
        ("Owen Tarr", "otarr@harbor.example.gov")]
    assert email.subject == "Briefing"
    assert not _name_broken_before_its_address("Ellen Park <ep@x.gov>; Carl", "Thanks all", "<not@x.gov>")
    assert not _name_broken_before_its_address("Ellen Park <ep@x.gov>;", "Moss", "<cm@x.gov>")


def test_a_reply_whose_subject_adds_words_printed_under_what_it_answers_is_no_quoted_copy() -> None:
    """Layout family, prints of a thread one after another with no banner or rule between: a reply
    whose subject is the one it answers with words added ("Re: FW: Cell 4 unresponsive - notice to
    staff"), sent after it, printed right under the quoted message it answers. GIVEN such a page
    WHEN read THEN the reply is a message of its own (was: read as one more quoted copy, its print
    lost); a chain's copy under its reply stays quoted."""
    page = ("From: Owen Tarr <otarr@harbor.example.gov>\nSent: Friday, March 1, 2024 12:05 AM\n"
            "To: Ann Lee <alee@harbor.example.gov>\nSubject: FW: Cell 4 unresponsive, CPR in progress\n\n"
            "See below.\n________________________________\n"
            "From: Ellen Park <epark@harbor.example.gov>\nSent: Thursday, February 29, 2024 11:41:00 PM\n"
            "To: Owen Tarr <otarr@harbor.example.gov>\nSubject: Cell 4 unresponsive, CPR in progress\n\n"
            "Medics called 23:38.\n"
            "From: Ann Lee [mailto:alee@harbor.example.gov]\nSent: Friday, March 1, 2024 12:19 AM\n"
            "To: Owen Tarr [mailto:otarr@harbor.example.gov]\n"
            "Subject: Re: FW: Cell 4 unresponsive, CPR in progress - notice to command staff and counsel\n\n"
            "Understood.\n")
    emails, _ = emails_from_pages([page], [None])
    assert [(e.quoted, e.sender.name if e.sender else None) for e in emails] == [
        (False, "Owen Tarr"), (True, "Ellen Park"), (False, "Ann Lee")]


def test_a_reply_to_a_message_sent_with_a_blank_subject_printed_under_it_is_no_quoted_copy() -> None:
    """GIVEN a message whose Subject: is printed blank, then its reply ("Subject: RE:") sent after it
    and printed right under it with no banner or rule WHEN read THEN the reply is a message of its
    own (was: a quoted copy of the message above, its print lost); the copy it quotes stays quoted."""
    page = ("From: Owen Tarr <otarr@harbor.example.gov>\nSent: Tuesday, March 5, 2024 6:02 AM\n"
            "To: Ann Lee <alee@harbor.example.gov>\nSubject:\n\nCall me before 8.\n"
            "From: Ann Lee [mailto:alee@harbor.example.gov]\nSent: Tuesday, March 5, 2024 6:40 AM\n"
            "To: Owen Tarr [mailto:otarr@harbor.example.gov]\nSubject: RE:\n\nCalled and left a message.\n"
            "-------- Original message --------\nFrom: Owen Tarr <otarr@harbor.example.gov>\n"
            "Date: 3/5/24 6:02 AM (GMT-05:00)\nTo: Ann Lee <alee@harbor.example.gov>\nSubject:\n\nCall me before 8.\n")
    emails, _ = emails_from_pages([page], [None])
    assert [(e.quoted, e.sender.name if e.sender else None) for e in emails] == [
        (False, "Owen Tarr"), (False, "Ann Lee"), (True, "Owen Tarr")]


def test_a_header_at_a_page_s_top_under_a_meeting_s_print_is_a_print_of_its_own() -> None:
    """Layout family, Outlook prints of a mailbox's items one after another: a meeting's print (its
    banner, Subject:, Start:, Attendees) and on the next page's top an email whose banner the
    print left out. A meeting quotes no message under it: GIVEN such pages WHEN read THEN the email
    is a message of its own (was: a quoted copy of the meeting, its print lost)."""
    first = ("Park, Ellen\nSubject: Weekly briefing\nLocation: Room 2\nStart: Tuesday, March 5, 2024 12:00 PM\n"
             "End: Tuesday, March 5, 2024 1:00 PM\nOrganizer: Ellen Park <epark@harbor.example.gov>\n"
             "Required Attendees: Carl Moss <cmoss@harbor.example.gov>; Ann Lee <alee@harbor.example.gov>\n\n"
             "Weekly until the reviews close.\n" + "".join(f"Agenda item {n}: review of the week's cases.\n"
                                                             for n in range(1, 16)))
    second = ("From: Carl Moss <cmoss@harbor.example.gov>\nSent: Tuesday, March 5, 2024 4:10 PM\n"
              "To: Ellen Park <epark@harbor.example.gov>\nSubject: Interviews\n\nInterviews start Thursday.\n\n"
              "Lee, Ann\nFrom: Ann Lee <alee@harbor.example.gov>\nSent: Tuesday, March 5, 2024 4:40 PM\n"
              "To: Carl Moss <cmoss@harbor.example.gov>\nSubject: RE: Interviews\n\nGo through counsel.\n")
    emails, _ = emails_from_pages([first, second], [None, None])
    assert [(e.quoted, e.kind, e.sender.name if e.sender else None) for e in emails] == [
        (False, "meeting", "Ellen Park"), (False, "email", "Carl Moss"), (False, "email", "Ann Lee")]
    # ... but a meeting sent in reply to an email ("Reply with Meeting", its subject) quotes it
    replied = first.replace("Subject: Weekly briefing", "Subject: Interviews")
    emails, _ = emails_from_pages([replied, second], [None, None])
    assert [e.quoted for e in emails] == [False, True, False]


def test_an_email_under_a_meetings_print_newer_than_the_email_above_it_is_a_print_of_its_own() -> None:
    """Layout family, Outlook prints of a mailbox's items one after another: an email printed under
    a meeting's print (no Sent: line, its Start: no date it was sent), on another subject, days newer
    than the email printed above the meeting. GIVEN such pages WHEN read THEN the email is a message
    of its own (was: compared with the meeting alone, undated, and read as a copy it quotes)."""
    first = ("From: Carl Moss <cmoss@harbor.example.gov>\nSent: Friday, March 1, 2024 9:10 AM\n"
             "To: Ellen Park <epark@harbor.example.gov>\nSubject: Budget\n\n" + "The budget is attached.\n" * 30)
    second = ("Subject: Weekly briefing\nLocation: Room 2\nStart: Tuesday, March 5, 2024 12:00 PM\n"
              "End: Tuesday, March 5, 2024 1:00 PM\nOrganizer: Ellen Park <epark@harbor.example.gov>\n"
              "Required Attendees: Carl Moss <cmoss@harbor.example.gov>\n\nWeekly until the reviews close.\n"
              "From: Ann Lee <alee@harbor.example.gov>\nSent: Friday, March 8, 2024 4:40 PM\n"
              "To: Carl Moss <cmoss@harbor.example.gov>\nSubject: Interviews\n\nGo through counsel.\n")
    emails, _ = emails_from_pages([first, second], [None, None])
    assert [(e.quoted, e.subject) for e in emails] == [(False, "Budget"), (False, "Weekly briefing"), (False, "Interviews")]


def test_header_values_under_boxes_printing_no_code_are_withheld_not_empty() -> None:
    """Layout family, productions that black out header values with boxes printing no code (the
    OCR writes "█" where such a box stands: ``ocr.blank_boxes_marked``). GIVEN a scanned header so
    read WHEN split THEN the sender is a party withheld, the subject "FW: █" (its thread's key
    none: two withheld subjects are no one thread), the attachments withheld (was: no sender,
    "(no subject)", no attachments: facts the page does not state)."""
    page = ("From: █\nSent: Thursday, August 08, 2013 1:23 PM\nTo: Moss, Carl; Park, Ellen\nSubject: FW: █\n"
            "Attachments: █\n\nSee below.\n")
    (email,), _ = emails_from_pages([page], [None], ocr_pages={1})
    assert email.sender is not None and email.sender.redactions == ("redacted",) and not email.sender.name
    assert (email.subject, email.normalized_subject, email.attachments) == ("FW: █", "", ("█",))
    assert [p.name for p in email.to] == ["Moss, Carl", "Park, Ellen"]
    for withheld in ("[WITHHELD]", "WITHHELD", "RE: XXXXXXXX"):  # (as a tool writes it: no thread's key either)
        assert normalize_subject(withheld) == "", withheld


def test_printings_of_one_message_are_one_whether_its_sender_s_box_or_line_was_read() -> None:
    """OCR failure, scans: a box over one printing's From: line read ("From: █", a party withheld),
    another printing's From: line lost whole (no sender), its Sent: line damaged: GIVEN both WHEN
    read THEN the damaged date is the one its other printing reads (was: the two told apart by
    their senders, the date left unread)."""
    body = "\n\nCommander, the pilot cameras go up on the corridor next week as planned with the vendor.\n"
    page = ("From: Lee, Ann\nSent: Thursday, August 08, 2013 1:44 PM\nTo: Moss, Carl\nSubject: FW: Pilot\n\nSee below.\n\n"
            "From: █\nSent: Thursday, August 08, 2013 1:23 PM\nTo: Lee, Ann\nSubject: Pilot" + body
            + "\nFrom: Lee, Ann\nSent: Thursday, August 08, 2013 2:10 PM\nTo: Moss, Carl\nSubject: RE: Pilot\n\nThanks.\n\n"
            "Sent: Mrrenrsaay7, AG aSC OU, LOLS LZ PTT\nTo: Lee, Ann\nSubject: Pilot" + body)
    emails, _ = emails_from_pages([page], [None], ocr_pages={1})
    damaged = [e for e in emails if "Mrrenrsaay7" in e.sent_raw]
    assert len(damaged) == 1 and damaged[0].sent == "2013-08-08T13:23:00"


def test_an_envelope_printed_after_the_bodies_is_no_email_s_body() -> None:
    """Layout family, Exchange and eDiscovery "details" prints: the message's envelope after its
    body and the chain it quotes ("Sender:", its address, "Recipient:", "Sent Date:", "Delivered
    Date:"). GIVEN such a print WHEN read THEN the quoted copy and the message end above it (was:
    the last quoted copy's body ran over the envelope, its details read as the copy's words)."""
    page = ("From: Ann Lee <alee@harbor.example.gov>\nTo: Carl Moss <cmoss@harbor.example.gov>\n"
            "Subject: RE: Question\nDate: 2020/10/14 06:55:28\n\nThe program manager can help.\n\n"
            "From: Carl Moss <cmoss@harbor.example.gov>\nSent: Tuesday, October 13, 2020 4:04 PM\n"
            "To: Ann Lee <alee@harbor.example.gov>\nSubject: Question\n\nWhom can I ask?\nThank you\n"
            "Sender:\nHARBOR OPSEC </O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP\n"
            "Recipient:\nSent Date: 2020/10/14 06:55:27\nDelivered Date: 2020/10/14 06:55:28\n")
    top, quoted = emails_from_pages([page], [None])[0]
    assert quoted.quoted and quoted.body.rstrip().endswith("Thank you")
    assert "Delivered" not in top.body and "OPSEC" not in top.body + quoted.body
    # a body's own lines that read as one such label each are the body's
    header = "From: Ann Lee <alee@harbor.example.gov>\nSent: Monday, March 4, 2024 9:15 AM\nTo: Carl Moss\nSubject: Box\n\n"
    for body in ("The tracking shows:\nShipped Date: 3/1/2024\nDelivered Date: 3/4/2024\nSigned by the desk.\n\nThanks,\nAnn",
                 "The form asks for these:\n\nSender: Harbor Port Authority\nRecipient: Harbor Food Bank\n\nBy Friday.\nAnn"):
        (email,), _ = emails_from_pages([header + body], [None])
        assert email.body.rstrip().endswith("Ann"), body


def test_a_gmail_print_whose_banner_rule_ocr_read_as_specks_keeps_its_title() -> None:
    """OCR failure, scanned Gmail prints: the rule under the account banner read as a speck or
    two ("Oe") over the title. GIVEN a stamped page so read WHEN read THEN the title is the
    subject (was: no subject, the specks counted as content above the print)."""
    page = ("RELEASED IN FULL\nGmail Mai Nguyen <mai@mail.example>\nOe\nPublic comment period\n"
            "Rita Sandoval <rs@county.example.gov> Tue, Mar 19, 2013 at 9:14 AM\n"
            "To: Mai Nguyen <mai@mail.example>\n\nThank you for the note.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert (email.subject, email.sent) == ("Public comment period", "2013-03-19T09:14:00")


@pytest.mark.parametrize("line", ["Rita Sandoval <rs@county.example.gove, Mar 19, 2013 at 9:14 AM",
                                  "Rita Sandoval <rs@county.example.gov4ue, Mar 19, 2013 at 9:14 AM"])
def test_a_gmail_sender_whose_bracket_and_weekday_ocr_glued_to_the_address(line: str) -> None:
    """OCR failure, scanned Gmail prints: the address's closing bracket and the weekday after it
    read as letters glued to the address ("...gove, Mar 19, 2013 at 9:14 AM"). GIVEN such a
    sender line WHEN read THEN the sender's name and the date, the damaged address left out
    (was: no email)."""
    page = (f"Gmail Mai Nguyen <mai@mail.example>\nPublic comment period\n{line}\n"
            "To: Mai Nguyen <mai@mail.example>\n\nThank you for the note.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert (email.sender, email.sent, email.subject) == (Party("Rita Sandoval"), "2013-03-19T09:14:00",
                                                          "Public comment period")


@pytest.mark.parametrize("to_line", ["Carla Jensen/HQ/PORTo Tom Webb/HQ/PORT@PORT",
                                     "Carla Jensen/HQ/PORT Jo Tom Webb/HQ/PORT@PORT"])
def test_a_notes_header_whose_to_label_ocr_misread(to_line: str) -> None:
    """OCR failure, scanned Notes memo prints: the To label read "Jo", or its "T" lost and its
    "o" glued to the sender's organisation. GIVEN such a header WHEN read THEN the email, its
    sender and recipient (was: no email)."""
    page = f"{to_line}\n04/02/2014 09:15 AM cc Luis Ortiz/HQ/PORT@PORT\nbcc\nSubject Berth 4\n\nPlease resurvey.\n"
    (email,), _ = emails_from_pages([page], [None])
    assert (email.sender.name if email.sender else None, [p.name for p in email.to], email.subject) == (
        "Carla Jensen/HQ/PORT", ["Tom Webb/HQ/PORT@PORT"], "Berth 4")


@pytest.mark.parametrize(("first", "second", "third"), [
    ("Carla Jensen/HQ/PORT@PORT To Tom Webb/HQ/PORT@PORT", "04/02/2014 09:15. AM cc Luis Ortiz/HQ/PORT@PORT", "bcc"),
    ("Carla Jensen/HQ/PORT@PORT To Tom Webb/HQ/PORT@PORT", "04/02/2014 09°15 AM cc Luis Ortiz/HQ/PORT@PORT", "DCC"),
    ("Carla Jensen/HQ/PORT@PORT To- Tom Webb/HQ/PORT@PORT", "04/02/2014 09:15 AM ae", "bcc"),
    ("Carla Jensen/HQ/PORT@PORT To Tom Webb/HQ/PORT@PORT", "04/02/2014 09:15 AM CC", "BCC"),
])
def test_a_notes_header_whose_clock_or_labels_ocr_misread(first: str, second: str, third: str) -> None:
    """OCR failure, scanned Notes memo prints: a speck before AM/PM ("09:15. AM"), the clock's
    colon read "°", bcc read "DCC" or in capitals, To read "To-", an empty cc's label misread
    beside the date ("ae"). GIVEN such a header WHEN read THEN the email with its sender, date
    and subject (was: no email)."""
    page = f"{first}\n{second}\n{third}\nSubject Berth 4\n\nPlease resurvey.\n"
    (email,), _ = emails_from_pages([page], [None])
    assert (email.sender.name if email.sender else None, [p.name for p in email.to], email.sent, email.subject) == (
        "Carla Jensen/HQ/PORT@PORT", ["Tom Webb/HQ/PORT@PORT"], "2014-04-02T09:15:00", "Berth 4")


@pytest.mark.parametrize(("first", "second", "third"), [
    ("Carla Jensen/HQ/PORT@PORT Tom Webb/HQ/PORT@PORT\nTo", "04/02/2014 09:15 AM cc Luis Ortiz/HQ/PORT@PORT", "bcc"),
    ("Carla Jensen/HQ/PORT@PORT To Tom Webb/HQ/PORT@PORT", "04/02/2014 09:15 AM Luis Ortiz/HQ/PORT@PORT\ncc", "bcc"),
    ("Carla Jensen/HQ/PORT@PORT Tom Webb/HQ/PORT@PORT\nTo", "04/02/2014 09:15 AM Luis Ortiz/HQ/PORT@PORT\ncc", "bcc"),
    ("Carla Jensen/HQ/PORT@PORT To Tom Webb/HQ/PORT@PORT", "04/02/2014 09.15 AM cc Luis Ortiz/HQ/PORT@PORT", "bcc"),
    ("Carla Jensen/HQ/PORT@PORT To Tom Webb/HQ/PORT@PORT", "04/02/2014 09 15 AM cc Luis Ortiz/HQ/PORT@PORT", "bcc"),
])
def test_a_notes_header_whose_labels_ocr_read_under_their_values(first: str, second: str, third: str) -> None:
    """OCR failure, scanned Notes memo prints: a label of the right-hand column set lower than
    the names beside it and read on a line of its own under them ("To" under the sender's line,
    "cc" under the date's), or the clock's colon read "." or lost. GIVEN such a header WHEN
    read THEN the email with its sender, date, To, cc and subject (was: no email)."""
    page = f"{first}\n{second}\n{third}\nSubject Berth 4\n\nPlease resurvey.\n"
    (email,), _ = emails_from_pages([page], [None])
    assert (email.sender.name if email.sender else None, [p.name for p in email.to], [p.name for p in email.cc],
            email.sent, email.subject, email.body.strip()) == (
        "Carla Jensen/HQ/PORT@PORT", ["Tom Webb/HQ/PORT@PORT"], ["Luis Ortiz/HQ/PORT@PORT"], "2014-04-02T09:15:00",
        "Berth 4", "Please resurvey.")


def test_a_notes_sender_line_without_its_to_label_is_no_header_alone() -> None:
    """A line of two Notes names with no "To" under it, and a "To" that is a body's word, are
    no header."""
    page = ("Carla Jensen/HQ/PORT@PORT Tom Webb/HQ/PORT@PORT\n04/02/2014 09:15 AM cc Luis Ortiz/HQ/PORT@PORT\n"
            "bcc\nSubject Berth 4\n\nPlease resurvey.\n")
    assert emails_from_pages([page], [None])[0] == []


def test_a_desktop_header_whose_from_sent_and_to_labels_ocr_lost() -> None:
    """OCR failure, scanned desktop prints with bold labels (fax, low resolution): the From:,
    Sent: and To: labels read as nothing, their values left one under the other above the Cc:
    line, a redaction box's label garbled under the list ("_|(bX6)"). GIVEN such a page under
    its mailbox owner's banner WHEN read THEN the sender, date and recipients are those values
    (was: no email, or the quoted copy's fields read as the reply's)."""
    page = ("RELEASED IN FULL\n\nTom Webb\n\nCarla Jensen <cjensen@port.example.org>\nTue 4/1/2014 4:57 PM\n"
            "Tom Webb <twebb@port.example.org>;\nluis Ortiz <lortiz@port.example.org>;\n_|(bX6)\n"
            "Cc: Ann Lee <alee@port.example.org>\nSubject: Berth 4\n\nPlease resurvey berth 4.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert (email.sender, email.sent, email.subject) == (Party("Carla Jensen", "cjensen@port.example.org"),
                                                          "2014-04-01T16:57:00", "Berth 4")
    assert [p.address for p in email.to] == ["twebb@port.example.org", "lortiz@port.example.org"]
    prose = "RELEASED IN FULL\n\nWe met on Tuesday.\nTue 4/1/2014 4:57 PM\nplease see the notes.\nCc: Ann Lee\nSubject: Berth 4\n"
    assert all(e.sender is None or not e.sender.name for e in emails_from_pages([prose], [None])[0])


@pytest.mark.parametrize("banner", ["Gmail Mai Nguyen <mai@mail.example>\nhaa nn ae",
                                    "Mai Nguyen <mai@mail.example>\nGmail",
                                    "Gmail Mai Nguyen <mai@mail.example>\nST AC rs eareaeccumsprne tae a eS ae"])
def test_a_gmail_title_under_its_banner_and_the_rule_ocr_read_as_letters(banner: str) -> None:
    """Layout family, Gmail prints, scanned: the account beside the logo or on its own line above
    it, and the rule under the banner read as a line of letters. GIVEN a stamped page WHEN read
    THEN the title under the banner is the subject (was: none, three lines counted above it);
    a line with a digit or an address between logo and title is no rule, and keeps it out."""
    page = (f"RELEASED IN FULL\n{banner}\nPublic comment period\n"
            "Rita Sandoval <rs@county.example.gov> Tue, Mar 19, 2013 at 9:14 AM\n"
            "To: Mai Nguyen <mai@mail.example>\n\nThank you for the note.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert email.subject == "Public comment period"
    (email,), _ = emails_from_pages([page.replace("Public comment", "Meeting at 10\nPublic comment")], [None])
    assert email.subject == ""


LABELS_LOST = ("UNCLASSIFIED\nCase No. F-2015-04841\nDate: 05/13/2015 RELEASE IN\nPART B6\n\n"
               "{header}\n\nBoth of us said the same.\n\n----- Original Message -----\n"
               "From: Doe, John <doej@state.gov>\nSent: Tuesday, March 29, 2011 10:41 PM\nTo: H\n"
               "Subject: Fw: Harbor\n\nfyi\n")


@pytest.mark.parametrize(("header", "top"), [
    ("H <hroe17@example.com>\nTuesday, March 29, 2011 10.47 PM\n'doej@state.gov' .\nRe: Harbor",
     ("H", "2011-03-29T22:47:00", "Re: Harbor", ["doej@state.gov"])),
    ("Roe, Jane <RoeJ@state.gov>\nMonday, September 17, 2012 9:19 AM\nH\nFW: Thanks",
     ("Roe, Jane", "2012-09-17T09:19:00", "FW: Thanks", ["H"])),
])
def test_a_header_whose_whole_label_column_ocr_lost(header: str, top: tuple[object, ...]) -> None:
    """OCR failure, scanned desktop prints whose labels stand in a column of their own (a fax, a
    light copy): every label read as nothing, the values one under the other at the top of the
    print: sender with address, whole date with its clock, recipients, subject, a blank line.
    GIVEN such a print WHEN split THEN its top message is that header's (was: the quoted one
    below taken for the top message, sender and date wrong)."""
    emails, _ = emails_from_pages([LABELS_LOST.format(header=header)], [None])
    first = emails[0]
    assert (first.sender.name if first.sender else None, first.sent, first.subject, [p.display for p in first.to]) == top
    assert [e.quoted for e in emails] == [False, True]


def test_a_header_whose_label_column_ocr_lost_under_the_stamps_date() -> None:
    """The same, re-scanned (a real release): the domain's dot read as a comma, and the release
    stamp's "Date:" line (a day with no clock) right above the values."""
    page = LABELS_LOST.format(header="Roe, Jane <RoeJ@state,gov>\nMonday, September 17, 2012 9:19 AM\nH\nFW: Thanks")
    emails, _ = emails_from_pages([page.replace("RELEASE IN\nPART B6\n\n", "RELEASE IN\n\n")], [None])
    assert [(e.quoted, e.sender.name if e.sender else None, e.sent) for e in emails] == [
        (False, "Roe, Jane", "2012-09-17T09:19:00"), (True, "Doe, John", "2011-03-29T22:41:00")]


@pytest.mark.parametrize("header", [
    "H <hroe17@example.com>\nTuesday, March 29, 2011 10:47 PM\nDoe, John\nRe: Harbor\nBoth said so.",  # no blank
    "Regards, H\nTuesday, March 29, 2011 10:47 PM\nDoe, John\nRe: Harbor",  # no address
    "H <hroe17@example.com>\nsee you Tuesday\nDoe, John\nRe: Harbor",  # no whole date
])
def test_lines_like_a_header_whose_labels_were_lost_are_not_one(header: str) -> None:
    emails, _ = emails_from_pages([LABELS_LOST.format(header=header)], [None])
    assert [e.quoted for e in emails] == [False] and emails[0].sender == Party("Doe, John", "doej@state.gov")


def test_a_body_under_a_header_is_never_a_header_whose_labels_were_lost() -> None:
    """The values-only reading is looked for above a page's first header only."""
    body = "H <hroe17@example.com>\nTuesday, March 29, 2011 10:47 PM\nDoe, John\nRe: Harbor\n\nThanks.\n"
    page = "From: Doe, John <doej@state.gov>\nSent: Tuesday, March 29, 2011 11:41 PM\nTo: H\nSubject: Lunch\n\n" + body
    assert len(emails_from_pages([page], [None])[0]) == 1


def test_a_subject_label_misread_under_values_whose_labels_were_lost() -> None:
    """The same fax: From:, Sent: and To: labels lost (their values above the Cc: line read), the
    Subject: label misread past recognition with its colon ("Subloct: Schedule") under the Cc:."""
    page = (LABELS_LOST.split("{header}")[0] + "Roe, Jane <RoeJ@state.gov>\nSunday, November 25, 2012 7:49 AM\nH\n"
            "Ce: Doe, John; Lee, Ann\nSubloct: Schedule\n\nPlease find below tomorrow's draft.\n")
    (email,) = emails_from_pages([page], [None])[0]
    assert (email.sender.name if email.sender else None, email.sent, email.subject) == (
        "Roe, Jane", "2012-11-25T07:49:00", "Schedule")
    assert [p.name for p in email.cc] == ["Doe, John", "Lee, Ann"]


def test_a_desktop_header_whose_sent_label_ocr_lost() -> None:
    """OCR failure, scanned desktop prints: the Sent: label read as nothing, its date left alone
    between From: and To:. GIVEN such a header WHEN read THEN that date is the Sent: date (was:
    glued to the sender's line, the email undated)."""
    page = ("From: 'Carla Jensen' <cjensen@port.example.org>\nWed 12/11/2013 1:19 PM\n"
            "To: Tom Webb <twebb@port.example.org>\nSubject: Berth 4\n\nPlease resurvey berth 4.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert (email.sender, email.sent) == (Party("Carla Jensen", "cjensen@port.example.org"), "2013-12-11T13:19:00")


# --- Born-digital prints redacted with a PDF tool (their text layer read by position) ---------


@pytest.mark.parametrize("line", ["Document ID: 0.7.123.4567", "FOIA Case No. 2019-HQ-01234",
                                  "FOIA Request #EPA-2019-001234"])
def test_a_processing_tool_s_running_heads_are_furniture(line: str) -> None:
    """Page family: a FOIA processing or eDiscovery tool's running heads on each exported page."""
    assert is_furniture_line(line)


@pytest.mark.parametrize("line", ["Document ID: see the attached list", "The FOIA case number is 2019-HQ-01234.",
                                  "Document 0.7.123.4567 was sent", "FOIA No. 2019-0012", "FOIA number pending",
                                  "FOIA number: unknown", "Foia request no. attached", "FOIA # CONFIRMED"])
def test_prose_about_a_case_or_document_is_no_furniture(line: str) -> None:
    assert not is_furniture_line(line)


def test_a_gmail_print_under_running_heads_starts_its_email() -> None:
    """GIVEN a Gmail print (another account's), older than the one before it, whose page starts
    with the tool's running heads (the page count and the document's control number, read above
    the logo by position) WHEN split THEN its message is a
    top email with the title as subject (the heads hid the page's top: it was a quoted copy)."""
    first = ("Page 1 of 2\nDocument ID: 0.7.394.93276\nGmail Ann Lee <alee@example.com>\nBudget review\n1 message\n"
             "John Doe <jdoe@example.gov> Wed, Jan 16, 2019 at 11:49 AM\nTo: Ann Lee <alee@example.com>\n"
             + "".join(f"Thanks for sending this over, item {n}.\n" for n in range(12)))
    second = ("Page 2 of 2\nDocument ID: 0.7.394.93277\nGmail Tom Poe <tpoe@example.com>\nSite visit\n1 message\n"
              "Jane Roe <jroe@example.gov> Tue, Jan 15, 2019 at 9:05 AM\nTo: Ann Lee <alee@example.com>\n"
              + "".join(f"The call is moved to {n} pm.\n" for n in range(12)))
    emails, _ = emails_from_pages([first, second], [None, None])
    assert [(e.start_page, e.quoted, e.subject) for e in emails] == [(1, False, "Budget review"), (2, False, "Site visit")]


@pytest.mark.parametrize(("raw", "parties"), [
    ("(b)(6) <jroe@example.gov>, Ann Lee <alee@example.gov>",
     [Party("", "jroe@example.gov", ("(b)(6)",)), Party("Ann Lee", "alee@example.gov")]),
    ("(b)(6), (b)(7)(C) <jroe@example.gov>, Ann Lee <alee@example.gov>",
     [Party("", "jroe@example.gov", ("(b)(6)", "(b)(7)(C)")), Party("Ann Lee", "alee@example.gov")]),
    ("(b)(6), (b)(7)(C) <jroe@example.gov>; (b)(6) <alee@example.gov>",
     [Party("", "jroe@example.gov", ("(b)(6)", "(b)(7)(C)")), Party("", "alee@example.gov", ("(b)(6)",))]),
    ("Ex. 6 , Tom Poe <tpoe@example.org>", [Party("", "", ("(b)(6)",)), Party("Tom Poe", "tpoe@example.org")]),
    # the separator OCR lost after the address: two parties all the same (was: the box a party of its
    # own, the next one named "Ann Lee <alee@example.gov" at the boxed one's address)
    ("(b)(6) <jroe@example.gov> Ann Lee <alee@example.gov>",
     [Party("", "jroe@example.gov", ("(b)(6)",)), Party("Ann Lee", "alee@example.gov")]),
])
def test_a_box_over_a_display_name_is_the_address_s_party(raw: str, parties: list[Party]) -> None:
    """Layout family: a redaction box over a display name, its address printed after it, in a
    list (Gmail, Apple Mail, Outlook): the box's codes are that party's (they were a party of
    their own and the address another), and "Ex. 6" is a box's code as "(b)(6)" is."""
    assert list(parse_parties(raw)) == parties


@pytest.mark.parametrize(("raw", "parties"), [
    ("(b)(6), (b)(7)(C) Roe, Jane <jroe@example.gov>",
     [Party("", "", ("(b)(6)", "(b)(7)(C)")), Party("Roe, Jane", "jroe@example.gov")]),
    ("(b)(6), (b)(6) <jroe@example.gov>", [Party("", "", ("(b)(6)",)), Party("", "jroe@example.gov", ("(b)(6)",))]),
])
def test_codes_before_a_named_party_or_repeated_stay_their_own(raw: str, parties: list[Party]) -> None:
    """Negative: codes before a name and its address are a redacted party of their own (FBI
    prints), and a code repeated is two boxes, two parties."""
    assert list(parse_parties(raw)) == parties


MARGIN_ECHO = """\
Roe, Jane
From: Roe, Jane
Sent: Tuesday, March 5, 2019 10:14 AM
To: (b)(6); Doe, John
(b)(6)
Subject: Site visit schedule
Please see the attached draft.
"""


def test_a_code_in_the_margin_under_a_list_is_the_email_s_not_a_party() -> None:
    """Layout family: born-digital prints whose redaction tool writes the box's code in the margin
    too, read as a line of its own under the line. GIVEN a To: list with a box and its code under
    it WHEN parsed THEN the list has its two parties and the code is the email's (it was joined to
    the list's last party, "Doe, John" redacted)."""
    top = emails_from_pages([MARGIN_ECHO], [None])[0][0]
    assert top.to == (Party("", "", ("(b)(6)",)), Party("Doe, John"))
    assert "(b)(6)" in top.exemptions


def test_a_list_wrapped_before_a_box_keeps_the_box_as_a_party() -> None:
    """Negative: a list that breaks after its separator, the next line a box's code: a party."""
    page = MARGIN_ECHO.replace("To: (b)(6); Doe, John\n", "To: Doe, John; Lee, Ann;\n")
    top = emails_from_pages([page], [None])[0][0]
    assert top.to == (Party("Doe, John"), Party("Lee, Ann"), Party("", "", ("(b)(6)",)))


GMAIL_BOXED_SENDER = """\
Gmail Ann Lee <alee@example.com>
Contract extension
2 messages
(b)(6) Sun, Feb 23, 2020 at 1:36 PM
(b)(6)
To: Ann Lee <alee@example.com>
Here is the draft, item 3.
Ex. 6 Sun, Feb 23, 2020 at 4:28 PM
To: Tom Poe <tpoe@example.org>
Thanks, see you at 5.
"""


def test_a_gmail_message_whose_sender_a_box_covers() -> None:
    """Layout family: Gmail prints redacted with a PDF tool, a box over the sender's name and
    address with its code, the time beside it (and the code again in the margin, a line of its
    own). GIVEN two such messages WHEN parsed THEN each is sent by a redacted party at its time,
    with the thread's title as subject (the title was read as the sender, the logo line as the
    subject, the second message's sender the body line above it)."""
    emails, _ = emails_from_pages([GMAIL_BOXED_SENDER], [None])
    assert [(e.sender, e.sent, e.subject, e.quoted) for e in emails] == [
        (Party("", "", ("(b)(6)",)), "2020-02-23T13:36:00", "Contract extension", False),
        (Party("", "", ("(b)(6)",)), "2020-02-23T16:28:00", "Contract extension", False)]


@pytest.mark.parametrize("gap", ["                    ", " "])
@pytest.mark.parametrize("first", [True, False])
def test_a_gmail_message_whose_sender_prints_a_name_alone(gap: str, first: bool) -> None:
    """Layout family: Gmail conversation prints whose sender prints a name alone beside the time (its
    address under a box that left no text, or cut), the gap before the weekday one space as OCR reads
    it. GIVEN such a message first or between others WHEN split THEN it is sent by that name at its
    time, a message of its own, every body its message's (was: the body line above taken for its
    sender, the name and time for its date, the message above emptied; first: the thread's title
    taken for the sender, or the message read as a copy the next one quotes)."""
    named = f"John Doe{gap}Mon, Mar 4, 2013 at 4:02 PM\nTo: Jane Roe <jroe@harbor.example.gov>\n\nJane, the contractor called.\n\n"
    before = "" if first else ("Carl Moss <cmoss@harbor.example.gov>        Mon, Mar 4, 2013 at 1:10 PM\n"
                               "To: Jane Roe <jroe@harbor.example.gov>\n\nJane, is the permit ready?\n\n")
    page = ("Gmail - Dredging permit                                     3/6/13 9:02 AM\n\n"
            "Jane Roe <jroe@harbor.example.gov>\n\nDredging permit\n3 messages\n\n" + before + named
            + "Jane Roe <jroe@harbor.example.gov>        Tue, Mar 5, 2013 at 10:14 AM\nTo: John Doe\n\nThanks, I will call.\n")
    emails, _ = emails_from_pages([page], [None])
    expected = [] if first else [("Carl Moss", "2013-03-04T13:10:00", "Jane, is the permit ready?")]
    assert [(e.sender.name, e.sent, e.body) for e in emails if not e.quoted] == expected + [
        ("John Doe", "2013-03-04T16:02:00", "Jane, the contractor called."),
        ("Jane Roe", "2013-03-05T10:14:00", "Thanks, I will call.")]
    assert {e.subject for e in emails} == {"Dredging permit"}


def test_a_gmail_title_wrapped_onto_a_second_line_is_every_messages_subject() -> None:
    """Layout family, Gmail conversation prints: a title too long for its line goes on under it,
    over the message count. GIVEN such a print WHEN split THEN each message's subject is the whole
    title (was: its last line, "March 12 draft", for every message)."""
    page = ("Gmail - Dredging permit - comments from the Army Corps of Engi...      3/6/13 9:02 AM\n\n"
            "Jane Roe <jroe@harbor.example.gov>\n\n"
            "Dredging permit - comments from the Army Corps of Engineers on the\nMarch 12 draft\n2 messages\n\n"
            "John Doe <jdoe@harbor.example.gov>                              Mon, Mar 4, 2013 at 4:02 PM\n"
            "To: Jane Roe <jroe@harbor.example.gov>\n\nJane, the contractor called again.\n\n"
            "Jane Roe <jroe@harbor.example.gov>                              Tue, Mar 5, 2013 at 10:14 AM\n"
            "To: John Doe <jdoe@harbor.example.gov>\n\nThanks.\n")
    emails, _ = emails_from_pages([page], [None])
    assert {e.subject for e in emails} == {"Dredging permit - comments from the Army Corps of Engineers on the March 12 draft"}
    assert len(emails) == 2


def test_a_gmail_title_wrapped_twice_is_every_messages_subject() -> None:
    """The same, a title long enough to wrap twice (three lines over the count) WHEN split THEN the
    whole title is the subject (was: its last line, "commissioners' briefing")."""
    title = ("Pier 7 dredging permit -- follow-up on the June review, the draft", "findings, the records retention "
             "question, and the schedule for the", "commissioners' briefing")
    page = ("Gmail Roe, Jane\n" + "\n".join(title) + "\n1 message\n"
            "Ann Lee <alee@harbor.example.gov> Thu, Jul 23, 2020 at 6:55 PM\nTo: jroe@harbor.example.gov\n\nThe call is set.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert email.subject == " ".join(title)


def test_a_second_gmail_print_under_its_browser_line_is_its_own_though_older() -> None:
    """Layout family, browser prints of Gmail conversations compiled into one PDF: each print's
    first page under the browser's line ("3/6/13, 9:02 AM   Gmail - Parking"), a print's message
    older than the last message of the print before it (prints sorted by their last message).
    GIVEN two such prints WHEN split THEN each message is its own (was: the second print a copy
    quoted in the first print's last message, its text that message's)."""
    def gmail(title: str, sender: str, when: str, text: str) -> str:
        return (f"3/6/13, 9:02 AM                        Gmail - {title}\n\nJane Roe <jroe@harbor.example.gov>\n\n"
                f"{title}\n1 message\n\n{sender}                        {when}\nTo: Jane Roe <jroe@harbor.example.gov>\n\n"
                f"{text}\n\nhttps://mail.google.com/mail/u/0/?ui=2&ik=3f2a&view=pt&th=13d3 1/1\n")
    pages = [gmail("Permit", "John Doe <jdoe@harbor.example.gov>", "Tue, Mar 5, 2013 at 10:14 AM", "Approved."),
             gmail("Parking", "Carl Moss <cmoss@harbor.example.gov>", "Mon, Mar 4, 2013 at 8:02 AM", "Lot B is ready.")]
    emails, _ = emails_from_pages(pages, [None, None])
    assert [(e.start_page, e.quoted, e.subject, e.body.split("\n")[0]) for e in emails] == [
        (1, False, "Permit", "Approved."), (2, False, "Parking", "Lot B is ready.")]
    assert "Lot B" not in emails[0].body


def test_a_gmail_title_a_box_covers_whole_is_its_subject() -> None:
    """The same family, the thread's title redacted whole: the code-only line above the sender is
    the subject (a margin code is one under the sender's line), not the logo line above it."""
    page = ("Gmail Ann Lee <alee@example.com>\n(b)(6)\n1 message\n"
            "John Doe <jdoe@example.gov> Wed, Jan 16, 2019 at 11:49 AM\nTo: Ann Lee <alee@example.com>\n"
            "Thanks for sending this over.\n")
    top = emails_from_pages([page], [None])[0][0]
    assert (top.subject, top.sender, top.exemptions) == ("(b)(6)", Party("John Doe", "jdoe@example.gov"), ("(b)(6)",))


def test_a_gmail_title_with_a_box_and_its_margin_code_under_it() -> None:
    """The same family: the title's box code printed in the margin too, read as a line under the
    title: the title (with its code) is the subject, the margin's echo no title of its own."""
    page = ("Gmail Ann Lee <alee@example.com>\nBudget (b)(5)\n(b)(5)\n1 message\n"
            "John Doe <jdoe@example.gov> Wed, Jan 16, 2019 at 11:49 AM\nTo: Ann Lee <alee@example.com>\n"
            "Thanks for sending this over.\n")
    top = emails_from_pages([page], [None])[0][0]
    assert top.subject == "Budget (b)(5)"


def test_a_gmail_sender_on_its_own_line_and_a_margin_code_by_the_time() -> None:
    """Negative for the boxed sender: the sender printed on a line of its own and a margin code
    level with the time under it: the sender is the named one, not the code."""
    page = ("Budget review\n1 message\nJohn Doe <jdoe@example.gov>\n(b)(6) Wed, Jan 16, 2019 at 11:49 AM\n"
            "To: Ann Lee <alee@example.com>\nThanks for sending this over.\n")
    top = emails_from_pages([page], [None])[0][0]
    assert (top.sender, top.sent, top.subject) == (
        Party("John Doe", "jdoe@example.gov"), "2019-01-16T11:49:00", "Budget review")


def test_a_body_line_opening_with_a_code_is_no_gmail_sender() -> None:
    """Negative: a line opening with a box's code, then prose that ends in a time, above a To: line
    is no sender and time (a boxed sender's line goes on with the date itself)."""
    page = GMAIL_BOXED_SENDER.replace("Ex. 6 Sun, Feb 23", "Ex. 6 met them on Sun, Feb 23")
    emails, _ = emails_from_pages([page], [None])
    assert all(e.sent != "2020-02-23T16:28:00" or e.sender != Party("", "", ("(b)(6)",)) for e in emails)


def test_a_gmail_logo_line_is_no_mailbox_banner() -> None:
    """Layout family: productions that print Gmail conversations and desktop prints in one file.
    GIVEN a Gmail print, then a page starting with a desktop print's header with no banner above
    it (an export that prints none), older than the Gmail message, after a full page WHEN split
    THEN that header starts an email (the logo line "Gmail Ann Lee <…>" was learned as the file's
    banner, so a header without one at a page's top was a quoted copy of the Gmail message)."""
    first = ("Gmail Ann Lee <alee@example.com>\nBudget review\n1 message\n"
             "John Doe <jdoe@example.gov> Wed, Jan 16, 2019 at 11:49 AM\nTo: Ann Lee <alee@example.com>\n"
             + "".join(f"Thanks for sending this over, item {n}.\n" for n in range(22)))
    second = ("From: Roe, Jane\nSent: Tuesday, January 15, 2019 9:05 AM\nTo: Doe, John\nSubject: Site visit\n"
              + "".join(f"The call is moved to {n} pm.\n" for n in range(12)))
    emails, _ = emails_from_pages([first, second], [None, None])
    assert [(e.start_page, e.quoted, e.subject) for e in emails] == [(1, False, "Budget review"), (2, False, "Site visit")]


def test_an_outlook_banner_still_marks_its_prints() -> None:
    """Negative: a desktop print's banner (the mailbox owner's name) is learned as before, so a
    header at a page's top without it, older than the one above on a full page, is a quoted copy
    going on."""
    first = ("Lee, Ann\nFrom: Doe, John\nSent: Wednesday, January 16, 2019 11:49 AM\nTo: Lee, Ann\n"
             "Subject: RE: Site visit\n" + "".join(f"Thanks for sending this over, item {n}.\n" for n in range(22)))
    second = ("From: Roe, Jane\nSent: Tuesday, January 15, 2019 9:05 AM\nTo: Doe, John\nSubject: Site visit\n"
              + "".join(f"The call is moved to {n} pm.\n" for n in range(12)))
    emails, _ = emails_from_pages([first, second], [None, None])
    assert [(e.start_page, e.quoted) for e in emails] == [(1, False), (2, True)]


def test_a_gmail_print_under_its_logo_at_a_page_top_starts_an_email() -> None:
    """GIVEN a desktop print with its banner on a full page, then a page whose top is a Gmail
    print's logo, title and message, older than the print above WHEN split THEN the Gmail message
    starts an email: its logo opens a print, though it is learned as no banner."""
    first = ("Lee, Ann\nFrom: Doe, John\nSent: Wednesday, January 16, 2019 11:49 AM\nTo: Lee, Ann\n"
             "Subject: RE: Site visit\n" + "".join(f"Thanks for sending this over, item {n}.\n" for n in range(22)))
    second = ("Gmail Tom Poe <tpoe@example.com>\nBudget review\n1 message\n"
              "Jane Roe <jroe@example.gov> Tue, Jan 15, 2019 at 9:05 AM\nTo: Tom Poe <tpoe@example.com>\n"
              + "".join(f"The call is moved to {n} pm.\n" for n in range(12)))
    emails, _ = emails_from_pages([first, second], [None, None])
    assert [(e.start_page, e.quoted, e.subject) for e in emails] == [
        (1, False, "RE: Site visit"), (2, False, "Budget review")]


def test_a_sender_boxed_whole_takes_the_code_printed_in_the_margin_beside_it() -> None:
    """Page family: a producer's OCR layer puts the code printed in the margin beside a box on a
    line of its own, just before the line the box is on. A quoted "From:" with nothing after its
    label, under such a line, is a redacted sender; a From: that prints a name keeps it, and one
    with no code beside it stays unknown."""
    from ingest.emails import emails_from_pages

    def sender(before: str, value: str) -> Party | None:
        page = (f"From: H\nSent: Monday, May 02, 2011 11:08 AM\nTo: Roe, Jane\nSubject: Fw: talks\n\nPls print.\n\n"
                f"{before}From:{value}\nSent: Monday, May 02, 2011 09:12 AM\nTo: H\nSubject: talks\n\nText.\n")
        emails, _ = emails_from_pages([page], [None])
        assert [e.quoted for e in emails] == [False, True]
        return emails[1].sender

    assert sender("B6\n", "") == Party(redactions=("(b)(6)",))
    assert sender("(b)(6)\n", " ") == Party(redactions=("(b)(6)",))
    assert sender("B6\n", " Roe, Jane") == Party("Roe, Jane")
    assert sender("", "") is None


def test_a_code_read_into_a_subject_from_the_margin_is_left_out_where_the_subject_is_printed_without_it() -> None:
    """Page family: a producer's OCR layer reads the code printed in the margin beside a box into
    the line level with it ("Subject: Re: talks - Benghazi B5"; a wrapped subject's first line:
    "Re: talks B5 - Benghazi"). Where the document prints the
    subject without it too, the code is no part of it (it is among the email's exemptions); a
    subject printed so alone keeps it, and so does one on a page read from its text."""
    from ingest.emails import emails_from_pages

    def subjects(last: str, ocr: bool = True) -> list[str]:
        page = ("From: H\nSent: Monday, May 02, 2011 11:08 AM\nTo: Roe, Jane\nSubject: Re: talks - Benghazi\n\nYes.\n\n"
                f"From: Roe, Jane\nSent: Monday, May 02, 2011 09:12 AM\nTo: H\nSubject: {last}\n\nText.\n")
        emails, _ = emails_from_pages([page], [None], ocr_pages={1} if ocr else set())
        return [e.subject for e in emails]

    assert subjects("talks - Benghazi B5") == ["Re: talks - Benghazi", "talks - Benghazi"]
    # a subject that wraps: the code level with its first line, read inside it
    assert subjects("talks B5 - Benghazi") == ["Re: talks - Benghazi", "talks - Benghazi"]
    assert subjects("Vitamin B6") == ["Re: talks - Benghazi", "Vitamin B6"]
    assert subjects("Vitamin B6 talks") == ["Re: talks - Benghazi", "Vitamin B6 talks"]
    # every printing coded, the code in different places (the first wraps): a margin's, no word
    page = ("From: H\nSent: Monday, May 02, 2011 11:08 AM\nTo: Roe, Jane\nSubject: Re: talks B5 - Harbor\n\nYes.\n\n"
            "From: Roe, Jane\nSent: Monday, May 02, 2011 09:12 AM\nTo: H\nSubject: RA!: talks - Harbor B5\n\nText.\n")
    emails, _ = emails_from_pages([page], [None], ocr_pages={1})
    assert [e.subject for e in emails] == ["Re: talks - Harbor", "RA!: talks - Harbor"]
    assert subjects("talks - Benghazi B5", ocr=False)[1] == "talks - Benghazi B5"


STAMPED_FAX_PAGE = """\
UNCLASSIFIED STATE DEPT. - PRODUCED TO HOUSE SELECT COMM.
U.S. Department of State
Case No. F-2015-01234
Doc No. C01234567
Date: 05/13/2015 RELEASE IN
FULL

From: Roe, Jane A <RoeJA@agency.gov>
{sent} Sunday, March 27, 2011 12:32 PM
To: H
{cc} Doe, John; Lee, Ann
{subject} Fw: harbor mission.

See note below

From: Kent, Mary
Sent: Sunday, March 27, 2011 11:05 AM
To: Roe, Jane A
Subject: harbor mission

The ferry sails at noon.
"""


@pytest.mark.parametrize(("sent", "cc", "subject"), [
    ("tnt:", "Cc:", "Subjcut:"), ("font: ”", "Ca ;", "Suljret:"), ("cnt; ;", "Cc:", "Seto:"),
    ("Soak", "Cc:", "Subject:"), ("Scout:", "Cc:", "Suldjacrt:"), ("$omt:", "Cc:", "Subject:"),
    ("Sent:", "Cc:", "Subfoct"),  # its colon lost too: a word more like "Subject"
    ("Sent:", "Cc:", "Subjc:t:"),  # its colon read inside it too
    ("Sent:", "Cc:", "Suldro"),  # its colon lost, the word past likeness: a reply or forward prefix after it
    ("Sent:", "Cc:", "Subj-zt:"), ("Sent:", "Cc:", "Sub/nect:"), ("Sent:", "Cc:", "Sub(ret:"),  # a letter read as a mark
    ("Sent:", "Cc:", "Swine:"),  # with its colon, past likeness: a forward prefix after it
    ("Scart:", "Cc:", "Subject:"),  # Sent: read a letter off a meeting's Start:, in Sent:'s place
])
def test_labels_a_fax_misread_past_recognition_are_read_by_their_place(sent: str, cc: str, subject: str) -> None:
    """OCR failure (a faxed or degraded print): Sent:, Cc: and Subject: misread past recognition
    ("tnt:", "Soak", "Ca ;", "Suljret:"). Outlook prints From, Sent, To, Cc, Subject in that order:
    a dated line with a clock right under From: and above To:, a C-word with its colon between To:
    and Subject:, an S-word with its colon under To:/Cc: are those labels. The release stamp's
    ``Date: 05/13/2015`` above the header is no longer taken for the Sent: date."""
    page = STAMPED_FAX_PAGE.format(sent=sent, cc=cc, subject=subject)
    top, quoted = emails_from_pages([page], [None])[0]
    assert top.sender is not None and top.sender.name == "Roe, Jane A"
    assert (top.sent, top.subject) == ("2011-03-27T12:32:00", "Fw: harbor mission.")
    assert [p.name for p in top.to] == ["H"] and [p.name for p in top.cc] == ["Doe, John", "Lee, Ann"]
    assert (quoted.sent, quoted.subject) == ("2011-03-27T11:05:00", "harbor mission")


@pytest.mark.parametrize("label", ["Subjsrk", "Subjsrk:"])
def test_a_misread_subject_label_keeps_the_reply_prefix_after_it(label: str) -> None:
    """A misread Subject label's last letters read after a colon inside it ("Subjc:t:") are the
    label's; a reply prefix after the label ("Subjsrk Re; Harbor: staffing") is the subject's."""
    page = STAMPED_FAX_PAGE.format(sent="Sent:", cc="Cc:", subject=label).replace("Fw: harbor", "Re; harbor")
    top = emails_from_pages([page], [None])[0][0]
    assert top.subject == "Re: harbor mission."


@pytest.mark.parametrize("line", ["Soak Sunday, March 27, 2011 12:32 PM", "Sct: Thursday, Octotrar 18, 2012 5:53 PM"])
def test_a_dated_line_elsewhere_is_no_sent_label(line: str) -> None:
    """The place decides: the same line in a body, or under a To: line, is text, not a Sent: label;
    a word with a colon under a body line is no Subject: or Cc: label."""
    page = (f"From: Roe, Jane A\nSent: Sunday, March 27, 2011 1:00 PM\nTo: H\nSubject: Plans\n\n{line}\n"
            "So: the plan holds.\nCall: me later.\n")
    (email,) = emails_from_pages([page], [None])[0]
    assert email.sent == "2011-03-27T13:00:00" and email.subject == "Plans" and email.cc == ()
    assert line in email.body and "So: the plan holds." in email.body


@pytest.mark.parametrize(("raw", "iso"), [
    ("Thursday, Octotrar 18, 2012 5:53 PM", "2012-10-18T17:53:00"),
    ("Friday, Novemtrar 23, 2012 3:40 PM", "2012-11-23T15:40:00"),
    ("Friday, Novembszr 23, 2012 3:40 PM", "2012-11-23T15:40:00"),
])
def test_a_month_misread_past_one_edit_is_read_on_its_weekday(raw: str, iso: str) -> None:
    """OCR failure (a fax): a month's b read as "tr" or "sz". Of the months the word reads like,
    the one whose day falls on the printed weekday is the date, marked damaged; where none does
    (the 19th was no Thursday), or no weekday is printed, none is taken."""
    assert parse_date(raw) == SentDate(iso, raw, "damaged")
    wrong_day = raw.replace(" 18,", " 19,").replace(" 23,", " 24,")
    assert parse_date(wrong_day).iso is None
    assert parse_date(raw.split(", ", 1)[1]).iso is None


@pytest.mark.parametrize(("speck", "misread"), [("» ", "Subject:"), ("* ", "Subject:"), ("", "‘Sebjcct:"), ("• ", "Subjcut:")])
def test_specks_before_a_label_a_fax_misread(speck: str, misread: str) -> None:
    """OCR failure (a fax): a speck read before a label ("» Fron:", "* From:", "‘Sebjcct:"), the
    label itself perhaps misread past recognition: the label is read as without it."""
    page = (f"{speck}From: Roe, Jane A <RoeJA@agency.gov>\nSent: Friday, September 14, 2012 7:47 PM\nTo: H\n"
            f"{misread} Remarks\n\nPlease print.\n")
    (email,) = emails_from_pages([page], [None])[0]
    assert email.sender is not None and email.sender.name == "Roe, Jane A"
    assert (email.sent, email.subject) == ("2012-09-14T19:47:00", "Remarks")


def test_a_to_label_whose_colon_a_copy_read_as_an_apostrophe() -> None:
    """OCR failure (a copy of a copy, a Gmail print): "To:" read "To’" under a From: and a date
    is the To: label, as "From”" is the From: (the header was not found; the email above ran on)."""
    page = ("From: Rosalind Roe <rroe@health.example.org>\nDate: Mon, Apr 15, 2024 at 12:05 PM\n"
            "Subject: Media inquiry\nTo’ Beatrix Doe <bdoe@health.example.org>\n\nDraft answer below.\n")
    (email,) = emails_from_pages([page], [None])[0]
    assert [p.address for p in email.to] == ["bdoe@health.example.org"]


def test_a_from_label_whose_colon_a_fax_read_as_a_quote() -> None:
    """OCR failure: "From:" read "From”" above a Sent: line is the From: label, as "From." is."""
    page = ("From” Roe, Jane A <RoeJA@agency.gov> —\nSent: Thursday, April 5, 2012 9:08 AM\nTo: H\n"
            "Subject: FW: Latest\n\nFYI\n")
    (email,) = emails_from_pages([page], [None])[0]
    assert email.sender is not None and email.sender.address == "roeja@agency.gov"
    assert (email.sent, email.subject) == ("2012-04-05T09:08:00", "FW: Latest")


@pytest.mark.parametrize(("printed", "read"), [
    ("» Re: Question and update", "Re: Question and update"), ("FW; . Monday budget", "FW; Monday budget"),
    ("Re:| Monday budget", "Re: Monday budget"), ("RE: 'Harbor' budget", "RE: 'Harbor' budget"),
    ("*EXTERNAL* RE: budget", "*EXTERNAL* RE: budget"),
])
def test_specks_a_fax_reads_before_a_subject_or_after_its_prefix(printed: str, read: str) -> None:
    """OCR failure (a fax): a speck before a scanned subject or after its prefix ("» Re:",
    "FW; . Monday") is no part of it; a quote opening the rest and a gateway's banner are."""
    assert read_subject(printed) == read
    assert read_subject(printed, scanned=False) == printed


def test_a_date_in_a_year_still_to_come_is_never_exact() -> None:
    """OCR failure: a 1 read as 7 in the year where the printed weekday still falls right
    ("Monday, October 3, 2072"; no one-digit lookalike reading falls on it): damaged, never exact."""
    page = "From: Roe, Jane\nSent: Monday, October 3, 2072 3:47 PM\nTo: H\nSubject: Plans\n\nSee you.\n"
    (email,) = emails_from_pages([page], [None], latest_year=2026)[0]
    assert (email.sent, email.date_certainty) == ("2072-10-03T15:47:00", "damaged")
    (email,) = emails_from_pages([page.replace("2072", "2022")], [None], latest_year=2026)[0]
    assert email.date_certainty == "exact"


# --- Families found by a probe of email prints beyond this project's releases (session 29) ---


def _read(*pages: str) -> list[tuple[bool, str, str, str, str, str]]:
    """Each email as (quoted, sender, sent, subject, to, cc), in page order."""
    emails, _ = emails_from_pages(list(pages), [None] * len(pages), latest_year=2026)
    return [(e.quoted, e.sender.display if e.sender else "", e.sent or "", e.subject,
             "; ".join(p.display for p in e.to), "; ".join(p.display for p in e.cc)) for e in emails]


def test_an_empty_cc_over_a_blank_line_in_a_header_printing_values_under_labels() -> None:
    """Layout family, Mac mail clients' prints ("Subject:, Date:, From:, To:, cc:"; a court's
    exhibit): the date and the To list printed on the lines right under their labels, cc: left
    empty, a blank line, then the body. GIVEN such a print WHEN split THEN no cc, the body whole
    with its salutation (was: cc "Harbor team", the salutation taken from the body). Where the
    values stand one blank line under every label (a text layer's table), an empty-looking cc:
    still takes the line one blank down."""
    page = ("Subject: Invalidity Grounds\nDate:\nSaturday, April 22, 2023 at 8:18:48 AM Eastern Daylight Time\n"
            "From: Roe, Jane <jroe@harbor.example.gov>\nTo:\nJohn Doe <jdoe@harbor.example.gov>\n\ncc:\n\n"
            "Harbor team,\nThe grounds are attached.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert (email.cc, [p.name for p in email.to], email.sent) == ((), ["John Doe"], "2023-04-22T08:18:48-04:00")
    assert email.body == "Harbor team,\nThe grounds are attached."
    apart = ("From:\n\nRoe, Jane\nSent:\n\nTuesday, March 03, 2015 4:05 PM\nTo:\n\nDoe, John\ncc:\n\nMoss, Carl\n"
             "Subject:\n\nBerth 4\n\nPlease resurvey.\n")
    (email,), _ = emails_from_pages([apart], [None])
    assert ([p.name for p in email.cc], email.subject) == (["Moss, Carl"], "Berth 4")


def test_a_subject_read_under_its_label_in_a_header_printed_beside_them() -> None:
    """OCR failure, any client: a subject set lower than its label is read as a line of its own
    under a blank "Subject:". It is the subject where the header goes on under it (Apple Mail
    prints Date: and To: after it), where it carries a reply prefix and a blank line ends it, or
    where another header of the document prints it (a thread); a line with none of these stays
    the body of a message sent without a subject."""
    apple = ("From: Lena Brandt <lb@harbor.example.gov>\nSubject:\nComments on draft EA\n"
             "Date: August 21, 2015 at 2:03:22 PM EDT\nTo: Doe, John <jdoe@harbor.example.gov>\n\nSee the notes.\n")
    assert _read(apple) == [(False, "Lena Brandt", "2015-08-21T14:03:22-04:00", "Comments on draft EA",
                             "Doe, John", "")]
    outlook = "From: Roe, Jane\nSent: Tuesday, March 14, 2017 9:05 AM\nTo: Doe, John\nSubject:\n{}\n\nBody text.\n"
    assert _read(outlook.format("RE: Budget review"))[0][3] == "RE: Budget review"
    assert _read(outlook.format("Budget review"))[0][3] == ""  # a body's first line as likely
    reply = ("From: Doe, John\nSent: Wednesday, March 15, 2017 9:05 AM\nTo: Roe, Jane\nSubject: RE: Budget review\n\n"
             "Agreed.\n\n")
    assert [row[3] for row in _read(reply + outlook.format("Budget review"))] == ["RE: Budget review", "Budget review"]


@pytest.mark.parametrize(("sender_line", "second_line", "bcc"), [
    ("Jane Roe/DC/PEMB@PEMB To John Doe/HQ/PEMB@PEMB", "03/14/2011 10:05 AM cc Mary Kent/DC/PEMB@PEMB", "bcc"),
    ("Jane Roe/R3/PEMB/US@PEMB To John Doe/DC/PEMB/US@PEMB", "03/14/2011 10:05 AM cc Mary Kent/DC/PEMB@PEMB", "bcc"),
    ("Jane Roe/DC/PEMB To John Doe/HQ/PEMB", "03/14/2011 10:05 AM cc Mary Kent/DC/PEMB", "; bec"),
    ("Jane Roe/DC/PEMB To John Doe/HQ/PEMB", "O3/14/2O11 10 :05 AM cc Mary Kent/DC/PEMB", "bcc"),
    ("Jane Roe/DC/PEMB@PEMB          To  John Doe/HQ/PEMB@PEMB", "03/14/2011 10:05 AM          cc  Mary Kent/DC/PEMB@PEMB",
     "                             bcc"),
])
def test_lotus_notes_header_with_domains_specks_and_layout_gaps(sender_line: str, second_line: str, bcc: str) -> None:
    """Layout family, Lotus Notes memo prints: a hierarchical name ends with its Notes domain
    ("Jane Roe/DC/PEMB@PEMB", EPA's four levels); a text layer keeps the columns' gaps; OCR reads
    a speck before "bcc" as a stop ("; bec"), a digit of the date as a letter, a space before the
    clock's colon."""
    page = f"{sender_line}\n{second_line}\n{bcc}\n{' ' * len(bcc) if bcc.startswith(' ') else ''}Subject  Re: Budget review\n\nSee attached.\n"
    ((quoted, sender, sent, subject, to, cc),) = _read(page)
    assert (quoted, sender.split("/")[0], sent, subject, to.split("/")[0], cc.split("/")[0]) == (
        False, "Jane Roe", "2011-03-14T10:05:00", "Re: Budget review", "John Doe", "Mary Kent")


def test_a_web_print_whose_to_label_lost_its_colon() -> None:
    """OCR failure, web mail prints (Gmail, Outlook on the web): "To" without its colon under the
    sender and time. The print's own message is found, not its quoted copy in its place."""
    gmail = ("Re: Revised schedule\n1 message\n\nMary Kent <mkent@harbor.example.gov>          Mon, Jun 5, 2017 at 3:11 PM\n"
             "To John Doe <jdoe@harbor.example.gov>\n\nCan we discuss?\n\n"
             "On Fri, Jun 2, 2017 at 9:40 AM, John Doe <jdoe@harbor.example.gov> wrote:\n> Looping in Mary.\n")
    assert _read(gmail) == [(False, "Mary Kent", "2017-06-05T15:11:00", "Re: Revised schedule", "John Doe", ""),
                            (True, "John Doe", "2017-06-02T09:40:00", "", "", "")]
    owa = "Meeting w/ county officials\n\nKent, Mary\nMon 12/3/2018 4:47 PM\nTo Okafor, Dana;\n\nAgree with the edits.\n"
    assert [row[1:4] for row in _read(owa)] == [("Kent, Mary", "2018-12-03T16:47:00", "Meeting w/ county officials")]
    prose = "Thanks for the call.\nTo Okafor, Dana;\n\nAgree with the edits.\n"  # no sender and time above it
    assert _read(prose) == []


def test_browser_margins_without_a_clock_and_the_gmail_logo_read_as_a_glyph() -> None:
    """Layout family, web mail printed from older browsers: the print date without its time before
    the page title ("6/7/2017 Gmail - …"), or the title alone, heads every page and is no subject;
    Gmail's envelope logo read as a glyph before "Gmail" ("M Gmail") still marks the banner."""
    first = ("6/7/2017 Gmail - Pipeline permit status\n\nM Gmail John Doe <jdoe@harbor.example.gov>\n\n"
             "Pipeline permit status\n2 messages\n\nDana Okafor <dokafor@harbor.example.gov> Mon, Jun 5, 2017 at 3:11 PM\n"
             "To: Jane Roe <jroe@harbor.example.gov>\n\nBody one.\n")
    for margin in ("6/7/2017 Gmail - Pipeline permit status", "Gmail - Pipeline permit status"):
        second = (f"{margin}\n\nJane Roe <jroe@harbor.example.gov> Mon, Jun 5, 2017 at 4:02 PM\n"
                  "To: Dana Okafor <dokafor@harbor.example.gov>\n\nBody two.\n")
        assert [row[3] for row in _read(first, second)] == ["Pipeline permit status"] * 2


def test_an_on_wrote_line_whose_clock_ocr_misread() -> None:
    """OCR failure, Gmail, Yahoo and iPhone replies: a digit of the clock read as a letter ("8:l5 PM")
    still ends the date; the sender is the name after it, the time read back (damaged)."""
    page = ("From: Roe, Jane\nSent: Tuesday, March 14, 2017 9:05 AM\nTo: Doe, John\nSubject: Budget\n\nSee below.\n\n"
            "On Tuesday, July 1, 2014 8:l5 PM, Carl Moss <cmoss@harbor.example.gov> wrote:\n\n> old text\n")
    emails, _ = emails_from_pages([page], [None])
    assert (emails[1].sender, emails[1].sent, emails[1].date_certainty) == (
        Party("Carl Moss", "cmoss@harbor.example.gov"), "2014-07-01T20:15:00", "damaged")


@pytest.mark.parametrize(("printed", "iso"), [
    ("Tue, 14 Mar 2O17 13:05:33 +0000", "2017-03-14T13:05:33+00:00"),
    ("2017-03-l4 09:05", "2017-03-14T09:05:00"),
    ("Mar 14, 2O17, at 9:05 AM", "2017-03-14T09:05:00"),
])
def test_a_day_first_or_iso_date_with_a_letter_for_a_digit(printed: str, iso: str) -> None:
    """OCR failure, any scan: a letter read for a digit of a day-first or ISO date (O for 0, l for 1)."""
    assert parse_date(printed) == SentDate(iso, printed, "damaged")


def test_header_lines_ocr_ran_together() -> None:
    """OCR failure, any print: two header lines read as one. A subject never ends with a date
    and its clock, nor with an importance; in a web print's lone To: line, a Cc: after the list's
    separator starts its own cell."""
    apple = ("From: Lena Brandt <lb@harbor.example.gov>\nSubject: Comments on draft EA Date: August 21, 2015 at 2:03:22 PM EDT\n"
             "To: Carl Moss <cm@harbor.example.gov>\n\nBody\n")
    assert _read(apple)[0][2:4] == ("2015-08-21T14:03:22-04:00", "Comments on draft EA")
    owa = ("RE: Revised schedule\n\nOkafor, Dana <dokafor@harbor.example.gov>\nTue 3/14/2017 9:05 AM\n"
           "To: Roe, Jane <jroe@harbor.example.gov>; Cc: Doe, John <jdoe@harbor.example.gov>;\n\nThanks.\n")
    assert _read(owa)[0][4:] == ("Roe, Jane", "Doe, John")


def test_an_outlook_web_attachment_count_is_no_recipient() -> None:
    """Layout family, Outlook on the web prints: the count of attachments under the recipients
    ("1 attachments (45 KB)") is no Cc party."""
    page = ("RE: Revised schedule\n\nKent, Mary <mkent@harbor.example.gov>\nMon 12/3/2018 4:47 PM\n"
            "To: Okafor, Dana <dokafor@harbor.example.gov>;\nCc: Roe, Jane <jroe@harbor.example.gov>;\n"
            "1 attachments (45 KB)\nFY18_budget.xlsx;\n\nBody text.\n")
    assert _read(page)[0][5] == "Roe, Jane"


def test_a_delegate_printed_on_behalf_of_a_person() -> None:
    """Layout family, Outlook: "From: <delegate> on behalf of <author>" in lower case names the
    author as the sender where a person's "Surname, Given" follows; an organisation's name that
    holds the words stays whole."""
    page = "From: Harbor Press Office on behalf of Roe, Jane\nSent: Tuesday, March 14, 2017 9:05 AM\nTo: Doe, John\nSubject: Budget\n\nHi.\n"
    assert _read(page)[0][1] == "Roe, Jane"
    assert _read(page.replace("Harbor Press Office on behalf of Roe, Jane", "Friends on behalf of Refugees, Inc."))[0][1] == \
        "Friends on behalf of Refugees, Inc"


@pytest.mark.parametrize(("line", "sender"), [
    ("Jane Roe/DC/PEMB@PEMB wrote on 03/14/2011 10:05:12 AM:", "Jane Roe/DC/PEMB@PEMB"),
    ('"Jane Roe" <jroe@harbor.example.gov> wrote on 03/14/2011 10:05:12 AM:', "Jane Roe"),
])
def test_a_lotus_notes_reply_line(line: str, sender: str) -> None:
    """Layout family, Lotus Notes 8 and later: the message a reply answers is quoted under one
    line, "<Notes or Internet name> wrote on <date> <time>:"; prose that says so is no such line."""
    page = ("From: Roe, Jane\nSent: Tuesday, March 14, 2017 9:05 AM\nTo: Doe, John\nSubject: Budget\n\nSee below.\n\n"
            f"{line}\n\nold text\n")
    assert [row[:3] for row in _read(page)][1:] == [(True, sender, "2011-03-14T10:05:12")]
    assert len(_read(page.replace(line, "The report she wrote on 03/14/2011 10:05 AM: was fine"))) == 1


def test_prose_that_starts_with_from_and_to_is_no_header() -> None:
    """Page family, any letter or memo: lines of prose that start "From: the regional office …",
    "To: be clear, …" under no date are no header; a lower-case address or name is still a sender."""
    first = "From: Okafor, Dana\nSent: Wednesday, January 4, 2017 8:00 AM\nTo: Roe, Jane\nSubject: Revised schedule\n\nSee attached.\n"
    prose = ("From: the regional office perspective, the schedule slips two weeks.\n"
             "To: be clear, nobody has approved the change.\nSubject to approval by the Board, we proceed.\n")
    assert [row[1] for row in _read(first, prose)] == ["Okafor, Dana"]
    assert [row[1] for row in _read(first, prose.replace("the regional office perspective, the schedule slips two weeks.",
                                                          "jane roe <jroe@harbor.example.gov>"))] == ["Okafor, Dana", "jane roe"]
    android = "-------- Original Message --------\nSubject: more on the port\nFrom: dana okafor ale Ket:\nTo: Roe, Jane\n\nSee.\n"
    assert [row[3] for row in _read(android)] == ["more on the port"]  # a name in lower case, OCR's specks after it


def test_two_labels_of_a_label_column_read_as_one_line() -> None:
    """OCR failure, labels-then-values headers: two lines of the label column read as one
    ("From: Sent:"); each label keeps its place, so the values pair with their own labels."""
    page = ("From: Sent:\nTo:\nCc:\nSubject:\nOkafor, Dana\nTuesday, March 14, 2017 9:05 AM\nRoe, Jane\nKent, Mary\n"
            "Budget review\n\nPlease see the attached.\n")
    assert _read(page) == [(False, "Okafor, Dana", "2017-03-14T09:05:00", "Budget review", "Roe, Jane", "Kent, Mary")]


# --- Families found by scanning the probe's prints and reading them with Tesseract (session 29) ---


@pytest.mark.parametrize("speck", ["- ", "-", "= ", "– "])
def test_a_speck_before_each_label_read_as_a_dash(speck: str) -> None:
    """OCR failure, a fax or a light copy: a speck before a label read as a dash or an equals sign
    ("- From:", "-Cc:", "= To:"): the label is still the label (was: no sender, a To party named
    "To: Doe, John", a Cc merged into the To list)."""
    page = "".join(f"{speck}{line}\n" for line in (
        "From: Kent, Mary", "Sent: Monday, October 7, 2019 1:45 PM", "To: Doe, John", "Cc: Roe, Jane",
        "Subject: RE: Question")) + "\nThanks.\n"
    assert _read(page) == [(False, "Kent, Mary", "2019-10-07T13:45:00", "RE: Question", "Doe, John", "Roe, Jane")]


@pytest.mark.parametrize("separator", ["weer Original Message-----", "seers Orginal Message-----", "-----0riginal Message-----",
                                       "-----Original Messaqe-----", "Original Message ---",
                                       "wenene enn Forwarded message ----------"])
def test_a_separator_ocr_misread_at_the_top_of_a_page(separator: str) -> None:
    """OCR failure, any scan: the separator above a quoted header at a page's top with its leading
    dashes read as a word or lost and its words misread: still a separator, so the header under
    it is a quoted copy, not a new print's top message."""
    first = ("From: Yu, Amy\nSent: Tuesday, May 12, 2015 5:20 PM\nTo: Doe, John\nSubject: RE: Revised schedule\n\n"
             "Paragraph 1.\n\nHARBOR-0001234\n")
    second = f"{separator}\nFrom: Moss, Carl\nSent: Sunday, May 10, 2015 2:43 PM\nTo: Okafor, Dana\nSubject: Revised schedule\n\nPlease see.\n"
    assert [row[:2] for row in _read(first, second)] == [(False, "Yu, Amy"), (True, "Moss, Carl")]


def test_a_separator_ends_the_header_above_it() -> None:
    """Layout family, Gmail prints of a forward: a short body ("FYI") between a web print's To: line
    and "---------- Forwarded message ----------" is no wrapped recipient, and the forwarded header
    is no part of the print's header (was: one header of both, the print's own message lost)."""
    page = ("Gmail - Fwd: Revised schedule\n\nFwd: Revised schedule\n1 message\n\n"
            "Mary Kent <mkent@harbor.example.gov> Mon, Jun 5, 2017 at 3.11 PM\nTo: John Doe <jdoe@harbor.example.gov>\n\n"
            "FYI\n\n---------- Forwarded message ----------\nFrom: John Doe <jdoe@harbor.example.gov>\n"
            "Date: Fri, Jun 2, 2017 at 9:40 AM\nSubject: Revised schedule\nTo: Mary Kent <mkent@harbor.example.gov>\n\nLooping in Mary.\n")
    assert [row[:5] for row in _read(page)] == [
        (False, "Mary Kent", "2017-06-05T15:11:00", "Fwd: Revised schedule", "John Doe"),
        (True, "John Doe", "2017-06-02T09:40:00", "Revised schedule", "Mary Kent")]


@pytest.mark.parametrize("clock", ["4.47 PM", "4 47 PM", "447 PM", "4.4l PM"])
def test_a_web_print_whose_clock_ocr_misread(clock: str) -> None:
    """OCR failure, Outlook on the web and Gmail prints: the time's colon read as a stop or lost, a
    digit as a letter; with AM/PM after it, the line is still the print's time (was: no email)."""
    page = f"Meeting w/ county officials\n\nKent, Mary\nMon 12/3/2018 {clock}\nTo: Okafor, Dana;\n\nAgree with the edits.\n"
    assert [row[1] for row in _read(page)] == ["Kent, Mary"]


@pytest.mark.parametrize(("printed", "iso"), [
    ("Monday, May 11, 2015 9:15 P", "2015-05-11T21:15:00"), ("Monday, May 11, 2015 9:15 A", "2015-05-11T09:15:00"),
    ("Tuesday, April 19, 2016 7°55 AM", "2016-04-19T07:55:00"),
])
def test_a_clock_whose_m_or_colon_ocr_misread(printed: str, iso: str) -> None:
    """OCR failure, any scan: AM/PM's M lost ("9:15 P" read as 09:15 and said exact: twelve hours
    off), the colon read as a degree sign."""
    assert parse_date(printed) == SentDate(iso, printed, "damaged")


@pytest.mark.parametrize("line", ["On Mon, Oct 7, 2019 at 12:31 PM, Doe, John <jdoe@harbor.example.gov> wrote’",
                                  "On Mon, Oct 7, 2019 at 12:31 PM, Doe, John <jdoe@harbor.example.gov> wrote",
                                  "- On Mon, Oct 7, 2019 at 12:31 PM, Doe, John <jdoe@harbor.example.gov> wrote:"])
def test_an_on_wrote_line_whose_colon_or_first_glyph_ocr_misread(line: str) -> None:
    """OCR failure, Gmail and Apple replies: "wrote:"'s colon read as a quote or lost (the line
    prints its clock), a speck before "On": still the line that quotes a copy."""
    page = f"From: Kent, Mary\nSent: Monday, October 7, 2019 1:45 PM\nTo: Doe, John\nSubject: RE: Q\n\nSure.\n\n{line}\n\n> Can we?\n"
    assert [row[:3] for row in _read(page)][1:] == [(True, "Doe, John", "2019-10-07T12:31:00")]
    prose = page.replace(line, "On Monday the report she wrote")
    assert len(_read(prose)) == 1


@pytest.mark.parametrize("speck", ["- ", "' ", ". "])
def test_a_lotus_notes_header_with_a_speck_before_it(speck: str) -> None:
    """OCR failure, scanned Notes prints: a speck before the sender's line."""
    page = (f"{speck}Jane Roe/DC/PEMB@PEMB To John Doe/HQ/PEMB@PEMB\n03/14/2011 10:05 AM cc Mary Kent/DC/PEMB@PEMB\nbcc\n"
            "Subject Re: Budget review\n\nPlease see.\n")
    assert [(row[1].split("/")[0], row[3]) for row in _read(page)] == [("Jane Roe", "Re: Budget review")]


def test_a_gmail_count_of_messages_with_a_speck_is_no_subject() -> None:
    """OCR failure, Gmail prints: the thread's count read with a speck after it ("3 messages,") is
    still the count, not the subject (the title above it is)."""
    page = ("Pipeline permit status\n3 messages,\n\nDana Okafor <dokafor@harbor.example.gov> Mon, Jun 5, 2017 at 3:11 PM\n"
            "To: Jane Roe <jroe@harbor.example.gov>\n\nPlease see.\n")
    assert [row[3] for row in _read(page)] == ["Pipeline permit status"]


def test_a_cc_label_misread_with_its_colon_lost_above_the_subject() -> None:
    """OCR failure, a fax or a light copy: "Cc:" read "Ca" with its colon lost, between the To:
    line and the Subject: line: still the Cc label (was: its party joined to the To list); a
    wrapped To list's second line is no Cc."""
    page = "From: Kent, Mary\nSent: Monday, October 7, 2019 1:45 PM\nTo: Doe, John\nCa Roe, Jane\nSubject: RE: Q\n\nThanks.\n"
    assert _read(page)[0][4:] == ("Doe, John", "Roe, Jane")
    assert _read(page.replace("To: Doe, John\nCa Roe, Jane", "To: Doe, John;\nCole, Ann"))[0][4:] == ("Doe, John; Cole, Ann", "")


def test_a_cc_label_read_as_a_mark_and_a_date_whose_end_a_layer_read_after_the_header() -> None:
    """OCR failure of producers' layers (a real release's quoted header): the Cc: label read as a
    bullet ("• NEA-Staff-DL", its list taken for the To: list's), and the Sent: value's end read
    after the header's last line ("Sent: Wednesday, September" ... "12, 2012 8:38 AM": no date).
    GIVEN such a header THEN the Cc: is the Cc and the date whole; a bullet line in a body is no Cc."""
    page = ("From: Kent, Mary\nSent: Wednesday, September\nTo: Doe, John\n• Harbor-Staff-DL\nSubject: RE: Budget review\n"
            "Importance: High\n12, 2012 8:38 AM\nThanks.\n")
    assert _read(page)[0][2:] == ("2012-09-12T08:38:00", "RE: Budget review", "Doe, John", "Harbor-Staff-DL")
    (email,), _ = emails_from_pages([page], [None], latest_year=2026)
    assert email.body == "Thanks."
    body = "From: Kent, Mary\nSent: Monday, October 7, 2019 1:45 PM\nTo: Doe, John\nSubject: Budget\n\nWe need:\n• cameras\n"
    assert _read(body)[0][2:] == ("2019-10-07T13:45:00", "Budget", "Doe, John", "")
    for wrapped, to in (("To: Doe, John; Roe, Jane;\n· Kent, Mary", "Doe, John; Roe, Jane; Kent, Mary"),
                        ("To: Doe, John;\n· Roe, Jane;\n· Kent, Mary", "Doe, John; Roe, Jane; Kent, Mary")):
        listed = f"From: Moss, Carl\nSent: Monday, October 7, 2019 1:45 PM\n{wrapped}\nSubject: Budget\n\nSee.\n"
        assert _read(listed)[0][4:] == (to, ""), wrapped  # a To: list's wrapped lines, a mark before each


def test_a_redaction_box_read_as_one_letter_over_and_over_is_no_sender() -> None:
    """OCR failure, a light copy: a box over the sender's name read as one lower-case letter over
    and over ("eee"): no name (the sender is unknown, as under a box), never "eee"."""
    page = "From: eee\nSent: Thursday, August 08, 2013 1:23 PM\nTo: Doe, John\nSubject: Budget\n\nHi.\n"
    assert _read(page)[0][1:3] == ("", "2013-08-08T13:23:00")
    assert _read(page.replace("eee", "Lee, Ann"))[0][1] == "Lee, Ann"


def test_a_redaction_box_s_fill_read_as_little_words_beside_its_code_is_a_withheld_party() -> None:
    """OCR failure, scans of a grey or halftone redaction box: its fill read as a run of little
    lower-case words beside the code printed with it ("From: ae aes ea a B6", "BN eee en a 2 B6",
    "far ve ery Boge tie kee oy B6"): the party is withheld under the code, never a sender named
    by the box. A name printed beside a code (its address withheld) stays the name, particles
    and lower-case names too (a fill reads as three little words at least: "s sit" stays as read)."""
    head = "From: {}\nSent: Thursday, March 03, 2011 09:45 PM\nTo: {}\nSubject: Budget\n\nHi.\n"
    for box in ("ae aes ea a B6", "BN eee en a 2 B6", "far ve ery Boge tie kee oy B6"):
        assert _read(head.format(box, "Doe, John"))[0][1] == "[redacted (b)(6)]", box
        assert _read(head.format("Doe, John", f"Roe, Jane; {box}"))[0][4] == "Roe, Jane; [redacted (b)(6)]", box
    for name in ("de la Roe, Ana", "Roe, Jane", "van der Berg, Jan", "tyler drumheller", "Ng, Al", "H", "de los Santos",
                 "van der Post", "joe roe", "bo li", "ana de la cruz", "le roy"):
        assert _read(head.format(f"{name} B6", "Doe, John"))[0][1] == name, name


def test_a_subject_s_box_code_printed_in_the_margin_is_no_part_of_it() -> None:
    """Page family, scanned prints with each box's code in the margin level with the box (State,
    DOJ components): OCR reads the code into the subject's line, set apart by a tab (ocr.py's
    ``_line_text``), misread or not ("B5", "BS"). GIVEN such a subject THEN the subject is what it
    prints, the code the email's exemption; a code printed in the subject's run ("Vitamin B6") stays in it, and so does a text layer's."""
    head = "From: Roe, Jane\nSent: Friday, November 23, 2012 3:40 PM\nTo: Doe, John\nSubject: {}\n\nHi.\n"
    for printed, subject, codes in (
            ("RE: Monday November 26 from 2:35 - 3:20 pm\tB5", "RE: Monday November 26 from 2:35 - 3:20 pm", ("(b)(5)",)),
            ("Tripoli personnel\tBS", "Tripoli personnel", ()),  # (a misread code: the subject's all the same)
            ("FW: Budget - Topic\tB5, B6", "FW: Budget - Topic", ("(b)(5)", "(b)(6)")),
            ("Vitamin B6", "Vitamin B6", ("(b)(6)",))):
        (email,), _ = emails_from_pages([head.format(printed)], [None], latest_year=2026)
        assert (email.subject, email.exemptions) == (subject, codes), printed
    (email,), _ = emails_from_pages([head.format("Tripoli personnel\tB5")], [None], ocr_pages=set(), latest_year=2026)
    assert email.subject == "Tripoli personnel B5"


def test_a_blank_party_s_margin_code_misread_is_a_withheld_party_not_a_name() -> None:
    """OCR failure, scans with codes in the margin: a blank From:'s code read as letters of its
    shape ("From:\tBE", "BS" for B5): the sender is withheld with no code read, never a person
    named "BE"; beside a name the misread code is dropped; a code read whole is the party's."""
    head = "From: {}\nSent: Thursday, January 5, 2012 5:29 PM\nTo: Doe, John\nSubject: Budget\n\nHi.\n"
    assert [_read(head.format(value))[0][1] for value in ("\tBE", ":\tBG", "Roe, Jane\tBS", "\tB6", "BE")] == [
        "[redacted]", "[redacted]", "Roe, Jane", "[redacted (b)(6)]", "BE"]


def test_a_long_subject_wrapped_over_three_lines_of_its_column() -> None:
    """Layout family, Outlook desktop prints (text layers and scans): a long subject wraps over
    two lines more in its column, a wrapped line of a proportional font holding more characters
    than the first (was: cut after its first or second line, said exact, and threads split); a
    link on the line under a subject is the body's (a message that starts with one)."""
    head = ("From: Roe, Jane\nSent: Tuesday, March 14, 2017 9:05 AM\nTo: Doe, John\n"
            "Subject: RE: Follow-up on the revised sampling schedule for the lower basin\n")
    wrapped = "monitoring sites and the county officials' request for data before the March\nhearing\n"
    for body in ("Please see the attached.\n", "\nPlease see the attached.\n"):
        assert _read(head + wrapped + body)[0][3] == ("RE: Follow-up on the revised sampling schedule for the lower basin "
                                                      "monitoring sites and the county officials' request for data before "
                                                      "the March hearing")
    link = "htte/maxroe.example.com12012/09/meet-the-team-behind-the-lower-basin-sampling-study-report/\n"
    assert _read(head + link + "\nSee.\n")[0][3] == "RE: Follow-up on the revised sampling schedule for the lower basin"


def test_a_second_box_beside_the_sender_read_on_a_line_of_its_own() -> None:
    """Layout family, born-digital redactions: two boxes over a sender ("(b)(6), (b)(7)(C)") whose
    text layer breaks the line after the first box's code (", (b)(7)(C)" on a line of its own):
    both codes are the sender's, as printed (was: the sender kept "(b)(6)" alone)."""
    page = "From: (b)(6)\n, (b)(7)(C)\nSent: Tuesday, March 14, 2017 9:05 AM\nTo: Doe, John\nSubject: Budget\n\nHi.\n"
    (email,), _ = emails_from_pages([page], [None])
    assert email.sender == Party("", "", ("(b)(6)", "(b)(7)(C)"))


@pytest.mark.parametrize("footer", ["Control No. PEMB_EM_0006702 PEMB-FOIA-0000672",
                                    "Case 1:19-cv-01234 Document 12-3 Filed 06/01/20 Page 14 of 80",
                                    "Case 1:19-cr-01234-ABC Document 204-6 Filed 04/16/21 Page1of2"])
def test_a_header_a_page_break_cut_under_a_production_footer(footer: str) -> None:
    """Page family, born-digital productions: a quoted header cut by the page break under a tool's
    footer or a court filing's header keeps its To: and Subject: from the next page."""
    first = ("From: Yu, Amy\nSent: Tuesday, May 12, 2015 5:20 PM\nTo: Doe, John\nSubject: RE: Revised schedule\n\n"
             f"Thanks.\n-----Original Message-----\nFrom: Moss, Carl\nSent: Sunday, May 10, 2015 2:43 PM\n{footer}\n")
    second = "To: Okafor, Dana\nSubject: Revised schedule\nPlease see the attached.\n"
    assert [row[1:5] for row in _read(first, second)][1:] == [("Moss, Carl", "2015-05-10T14:43:00", "Revised schedule",
                                                              "Okafor, Dana")]


@pytest.mark.parametrize(("line", "sent"), [
    ("On Mon, Oct 7, 2019 at 12 31 PM, Doe, John <john.doe@example.gov> wrote:", "2019-10-07T12:31:00"),
    ("On Mon, Oct 7, 2019 at P27 PM, Doe, John <john.doe@example.gov> wrote:", "2019-10-07"),
])
def test_an_on_wrote_line_whose_clock_ocr_misread_still_quotes_a_copy(line: str, sent: str) -> None:
    """OCR failure, any scanned reply: GIVEN an "On … at <clock>, <name> wrote:" line whose clock
    OCR read past reading ("12 31 PM", "P27 PM") WHEN read THEN the copy under it is quoted, from
    its sender, dated as far as its date reads (was: the reply's body)."""
    page = ("From: Kent, Mary\nSent: Monday, October 7, 2019 1:45 PM\nTo: Doe, John\nSubject: RE: Question\n\n"
            f"Yes - see attached.\n\n{line}\n> Can we discuss at the staff meeting?\n")
    emails, _ = emails_from_pages([page], [None])
    assert [(e.quoted, e.sender, e.sent) for e in emails[1:]] == [
        (True, Party("Doe, John", "john.doe@example.gov"), sent)]


_REPLY_ABOVE = ("From: Roe, Jane\nSent: Tuesday, March 14, 2017 9:05 AM\nTo: Doe, John\nSubject: RE: Budget\n\n"
                "Thanks, see below.\n\nSent from my phone\n\n")


@pytest.mark.parametrize(("quoted", "to", "cc", "subject"), [
    ("From: Doe, John (ODAG) Sent: Monday, March 13, 2017 4:12 PM To: Roe, Jane (OAG) Cc: Kent, Mary (OLP) "
     "Subject: Budget\n", "Roe, Jane (OAG)", "Kent, Mary (OLP)", "Budget"),
    ("-----Original Message----- From: Doe, John (ODAG) Sent: Monday, March 13, 2017 4:12 PM To: Roe, Jane (OAG) "
     "Subject: Budget\n", "Roe, Jane (OAG)", "", "Budget"),
    ("From: Doe, John (ODAG) [mailto:john.doe@agency.example] Sent: Monday, March 13, 2017 4:12 PM To: Roe,\n"
     "Jane (OAG); Patel, Ravi Cc: Kent, Mary Subject: RE: Budget for the\nfiscal year\n",
     "Roe, Jane (OAG); Patel, Ravi", "Kent, Mary", "RE: Budget for the fiscal year"),
    ("From: Doe, John (ODAG) Date: Monday, March 13, 2017 4:12 PM\nTo: Roe, Jane (OAG) Subject: Budget\n",
     "Roe, Jane (OAG)", "", "Budget"),
])
def test_a_quoted_header_whose_lines_ran_into_one_paragraph(quoted: str, to: str, cc: str, subject: str) -> None:
    """Layout family: a reply from a phone's mail app to an Outlook message runs the quoted
    header's lines into one paragraph ("From: … Sent: … To: … Subject: …", after the separator
    or not, wrapped where the line ends). GIVEN such a paragraph WHEN read THEN it heads a quoted
    copy with each field its own (was: the reply's body, or a Cc: holding the subject)."""
    emails = _read(_REPLY_ABOVE + quoted + "\nCan you look at this?\n")
    assert emails[1:] == [(True, "Doe, John (ODAG)", "2017-03-13T16:12:00", subject, to, cc)]
    assert emails[0][3] == "RE: Budget"


FAXED_THREAD = """UNCLASSIFIED
Case No. AGY-2015-0001

{from_line}
{sent_line}
To: Roe, Jane
Cc: Kent, Mary D
Subject: Fw

{separator}
From: Moss, Carl
Sent: Saturday, September 15, 2012 11:08 AM
To: Okafor, Dana
Subject: Revised talking points

Per the discussion, here are the revised talking points.
"""


@pytest.mark.parametrize(("from_line", "sent_line"), [
    ("Frown: Doe, John <DoeJ@harbor.example.gov>", "Sort Thursday, September 27, 2012 12:28 PM"),
    ("Frcm: Doe, John <DoeJ@harbor.example.gov>", "Sort Thursday, September 27, 2012 12:28 PM"),
    ("Frown: Doe, John <DoeJ@harbor.example.gov>", "Sent: Thursday, September 27, 2012 12:28 PM"),
    ("Doe, John <DoeJ@harbor.example.gov>", "Thursday, September 27, 2012 12:28 PM"),  # both labels lost whole
])
def test_a_faxed_header_whose_from_and_sent_labels_ocr_misread(from_line: str, sent_line: str) -> None:
    """OCR failure of a faxed print (a real production's fax scan: "Frown:" in a dozen headers,
    "Sort" for Sent:): GIVEN a header whose From: and Sent: labels were misread past reading
    WHEN read THEN its sender and date are the two lines above its To: line, a word like From,
    then a word starting as Sent does and a whole date (was: the header began at To:, and the
    quoted header's date under it was stored as its own)."""
    page = FAXED_THREAD.format(from_line=from_line, sent_line=sent_line, separator="-----Original Message-----")
    (top, _), _ = emails_from_pages([page], [None], latest_year=2026)
    assert top.sender is not None and top.sender.address.casefold() == "doej@harbor.example.gov"
    assert _read(page) == [
        (False, "Doe, John", "2012-09-27T12:28:00", "Fw:", "Roe, Jane", "Kent, Mary D"),
        (True, "Moss, Carl", "2012-09-15T11:08:00", "Revised talking points", "Okafor, Dana", "")]


BOXED_QUOTE = """UNCLASSIFIED
Case No. AGY-2015-0001

Xq: Doe, John <DoeJ@harbor.example.gov>
Xq Thursday, September 27, 2012 12:28 PM
To: R .
Ce: ~ Kent, Mary D
Subject: Fw

{separator}
From
Sent: Saturdav. Sentember 15, 2012 11:08 AM " B6
To: a . ‘
| | Doe, John J:

ce: |

Subject: ; . B3
BG
Per the discussion, here are the revised talking points.
"""


@pytest.mark.parametrize("separator", ["— Original Message ----- |", "-----Original Message----- !", "-----Original Message----- '"])
def test_a_separator_with_a_speck_after_it_ends_the_header_above(separator: str) -> None:
    """OCR failure, any scan (a real production's fax scan): a box's edge or a speck read after a
    separator's dashes ("----- |"). GIVEN a header whose From: and Sent: lines no reading
    recognises, then such a separator and a quoted header whose sender a box took WHEN read THEN
    the separator ends the header above: no email has the quoted header's date with the Cc: of
    the header above, nor the separator as its subject (one did: "Fw — Original Message -----",
    dated by the header under it)."""
    emails = _read(BOXED_QUOTE.format(separator=separator))
    assert all("Original" not in subject for _, _, _, subject, _, _ in emails)
    assert not [e for e in emails if e[2] == "2012-09-15T11:08:00" and "Kent" in e[5]]
    assert "2012-09-15T11:08:00" in [sent for _, _, sent, _, _, _ in emails]


@pytest.mark.parametrize("cc_line", ["cc Kent, Mary; Okafor, Dana", "ca Kent, Mary; Okafor, Dana"])
def test_a_cc_label_read_small_without_its_colon(cc_line: str) -> None:
    """OCR failure of scans (a real production's fax and clean scans, a long thread printed again
    and again): the Cc: label's capital read small and its colon lost ("cc Kent, Mary; …") right
    under the To: line and above Subject:. GIVEN such a header WHEN read THEN those are its Cc:
    (they were run into the To: list: "Roe, Jane; Doe, Johncc Kent, Mary")."""
    page = ("From: Moss, Carl\nSent: Friday, October 12, 2012 7:37 AM\nTo: Roe, Jane; Doe, John\n"
            f"{cc_line}\nSubject: RE: Ending of speech\n\nSee the draft.\n")
    assert _read(page) == [(False, "Moss, Carl", "2012-10-12T07:37:00", "RE: Ending of speech", "Roe, Jane; Doe, John",
                            "Kent, Mary; Okafor, Dana")]



def test_a_copy_whose_date_nothing_reads_says_no_date_was_read_from_its_reply() -> None:
    """GIVEN a quoted copy whose Sent: line OCR read as nothing under a dated reply WHEN split
    THEN it is undated with no doubt saying its date was read from the reply (it said so, of no
    date at all)."""
    page = ("From: Roe, Jane A\nSent: Wednesday, September 12, 2012 6:16 PM\nTo: Doe, John\nSubject: Re: Budget\n"
            "See below.\n-----Original Message-----\nFrom: Doe, John\nSent:\nTo: Roe, Jane A\nSubject: Budget\nFirst.\n")
    _, copy = emails_from_pages([page], [None], latest_year=2026)[0]
    assert (copy.sent, copy.date_certainty, copy.doubts) == (None, "missing", ())


def test_a_blank_senders_code_printed_level_with_the_sent_line_is_the_senders() -> None:
    """Page family, outlined boxes whose code is printed in the margin: the box over a withheld
    sender reaches down beside the Sent: line, and the layer reads its code after the date
    ("7:17 PM B6"); a (b)(3) code above the header prints its statute's words ("B3 ABC
    PERS/ORG"). GIVEN such headers WHEN parsed THEN the sender is withheld under both codes (it
    was "[unknown]", its code shown as part of the date read), the date printed without the
    code; a From: printed blank with no code anywhere stays unknown; a code after the date of a
    header whose sender is printed stays the date's."""
    page = ("B3 ABC PERS/ORG\nFrom:\nSent: Friday, May 4, 2012 7:17 PM B6\nTo: Roe, Jane\nSubject: Remarks\n\n"
            "Good evening.\n\nFrom:\nSent: Friday, May 4, 2012 6:02 PM\nTo: Roe, Jane\nSubject: Remarks\n\nHello.\n\n"
            "From: Doe, John\nSent: Friday, May 4, 2012 5:40 PM B6\nTo: Roe, Jane\nSubject: Remarks\n\nHi.\n")
    withheld, blank, named = emails_from_pages([page], [None])[0]
    assert (withheld.sender, withheld.sent_raw, withheld.sent) == (
        Party(redactions=("(b)(3)", "(b)(6)")), "Friday, May 4, 2012 7:17 PM", "2012-05-04T19:17:00")
    assert blank.sender is None
    assert (named.sender, named.sent_raw) == (Party("Doe, John"), "Friday, May 4, 2012 5:40 PM B6")
    # a code of no party's after the clock (B5: the body's) is no sender's; nor a code's capitals
    # other than a (b)(3)'s statute above the header ("B4 COB": by close of business)
    other = ("Need the memo\nB4 COB\nFrom:\nSent: Friday, May 4, 2012 7:17 PM B5\nTo: Roe, Jane\n"
             "Subject: Memo\n\nHere.\n")
    (email,) = emails_from_pages([other], [None])[0]
    assert (email.sender, email.sent_raw) == (None, "Friday, May 4, 2012 7:17 PM B5")


def test_a_blank_senders_code_printed_after_the_header_is_the_senders() -> None:
    """Page family, producers' text layers: the margin code level with a box over the whole
    sender is put on a line of its own after the header's lines ("B6" under the Subject:).
    GIVEN such a header, its From: printed blank WHEN parsed THEN the sender is withheld under
    it (was "[unknown]"); a code of no party's there (B5: the body's) is no sender's, and a code
    after the body's first line is not looked at."""
    page = ("From:\nSent: Sunday, May 6, 2012 10:15 PM\nTo: Roe, Jane\nSubject: Re: Hearings\nB6\nB5\nThanks.\n\n"
            "From:\nSent: Sunday, May 6, 2012 9:15 PM\nTo: Roe, Jane\nSubject: Hearings\nB5\nSee below.\n\n"
            "From:\nSent: Sunday, May 6, 2012 8:15 PM\nTo: Roe, Jane\nSubject: Hearings\n\nFirst.\nB6\n")
    first, second, third = emails_from_pages([page], [None])[0]
    assert first.sender == Party(redactions=("(b)(6)",))
    assert second.sender is None and third.sender is None
    # a To: list wrapped onto a line of its code, labels under it: the recipient's, not the sender's
    wrapped = ("From:\nSent: Friday, May 4, 2012 7:17 PM\nTo: Roe, Jane; Doe, John;\n(b)(6)\nSubject: Remarks\n\n"
               "Good evening.\n")
    (email,) = emails_from_pages([wrapped], [None])[0]
    assert email.sender is None and Party(redactions=("(b)(6)",)) in email.to


def _read_rows(*pages: str) -> list[tuple[bool, str | None, str | None, str, list[str]]]:
    emails, _ = emails_from_pages(list(pages), [None] * len(pages))
    return [(e.quoted, e.sender.name if e.sender else None, e.sent, e.subject, [p.name or p.address for p in e.to])
            for e in emails]


@pytest.mark.parametrize("between", ["", "i\n", "|\n", "Cc: Moss, Carl <cmoss@harbor.example.gov>;\n",
                                     "Cc: Moss, Carl <cmoss@harbor.example.gov>;\nPoe, Ann <apoe@harbor.example.gov>\n"])
def test_a_quoted_header_whose_from_and_to_lines_boxes_took_is_a_header(between: str) -> None:
    """OCR failure, any scanned print (a production to a legislature): a quoted copy whose sender
    and recipients boxes covered whole, OCR reading their lines as nothing or as a speck of the
    box's edge. GIVEN a reply, then Sent: with its whole date and Subject: on the next line or
    the one after a speck, or its Cc: list between WHEN split THEN a quoted copy of its own,
    dated and with its subject (was: the reply's body). A Sent: line far from a Subject:, or with
    no clock, is none."""
    page = ("From: Roe, Jane <jroe@harbor.example.gov>\nSent: Saturday, August 10, 2019 3:17:52 PM\n"
            "To: jdoe@harbor.example.gov\nSubject: Re: Statement\n\nThanks.\nJane Roe\n"
            f"Sent: Saturday, August 10, 2019 3:10:00 PM\n{between}Subject: Re: Statement\n\nQuestions?\n")
    emails, _ = emails_from_pages([page], [None])
    assert [(e.quoted, e.sent, e.subject) for e in emails] == [
        (False, "2019-08-10T15:17:52", "Re: Statement"), (True, "2019-08-10T15:10:00", "Re: Statement")]
    assert emails[1].body == "Questions?"
    for other in (page.replace(f"PM\n{between}Subject", "PM\n\nThe draft is attached.\n\nSubject"),
                  page.replace("August 10, 2019 3:10:00 PM", "August 10, 2019")):
        emails, _ = emails_from_pages([other], [None])
        assert len(emails) == 1


def test_a_header_whose_from_line_a_box_took_in_groupwise_s_table_and_under_a_phone_s_separator() -> None:
    """OCR failure or a box over a whole line, two layout families: GroupWise's printed table
    ("To", "Date 2019/08/14 17:29", "Subject:", "Attachments:") with no From line, and a phone's
    "-------- Original message --------" over "Date:", then To: and Subject: with blank lines
    between. GIVEN each WHEN split THEN the table is the top email, dated and with its subject,
    and the phone's copy a quoted copy (was: the copy under it the top email, the table's date and
    subject lost; the phone's header the body of the message above). A memo's "To: Jane Roe" over
    a date printed otherwise stays no header."""
    page = ("Fwd: Budget question\nTo Doe, John; Roe, Jane\nDate 2019/08/14 17:29\nSubject: Fwd: Budget question\n"
            "Attachments: TEXT.htm\n\nSent from my phone\n\n-------- Original message --------\n\n"
            "Date: 8/12/19 2:33 PM (GMT-05:00)\n\nTo: apoe@harbor.example.gov\nSubject: Budget question\n\nHi.\n")
    emails, _ = emails_from_pages([page], [None])
    assert [(e.quoted, e.sender, e.sent, e.subject) for e in emails] == [
        (False, None, "2019-08-14T17:29:00", "Fwd: Budget question"),
        (True, None, "2019-08-12T14:33:00-05:00", "Budget question")]
    memo = "To: Roe, Jane\nSubject: Budget question\nDate: 8/12/2019\n\nThe figures are attached.\n"
    emails, kinds = emails_from_pages([memo], [None])
    assert emails == [] and kinds != ["email"]


def test_a_subject_wrapped_at_its_dash_goes_on_in_the_value_column() -> None:
    """Layout family, a producer's text layer setting values in a column: a long subject wrapped
    before its last dash ("… - Topic" / "- Harbor"), the second line set in the value's column.
    GIVEN it with no other printing of the subject WHEN split THEN the subject whole (was: cut at
    "Topic"); a body's list item at its margin, under no blank line, is no part of it."""
    header = ("From:                 Roe, Jane <roej@harbor.example.gov>\nSent:                 Friday, March 1, 2013 4:16 PM\n"
              "To:                   Doe, John\nSubject:              Re: Budget meeting Tuesday from 2:35 - 3:20 pm - Topic\n")
    (email,), _ = emails_from_pages([header + "                      - Harbor\n\nFine by me.\n"], [None])
    assert email.subject == "Re: Budget meeting Tuesday from 2:35 - 3:20 pm - Topic - Harbor"
    (email,), _ = emails_from_pages([header + "- Harbor office\n- Pier\n"], [None])
    assert email.subject == "Re: Budget meeting Tuesday from 2:35 - 3:20 pm - Topic"


def test_a_header_printed_date_last_whose_from_line_a_box_took_is_a_header() -> None:
    """Layout family, e-discovery exports and AOL prints (the date printed after the recipients
    and subject: "To:, Subject:, Sent:"; "To:, Sent:, Subj:" spread over blank lines), scanned:
    a box over the sender left its From: line as OCR's garble. GIVEN such headers WHEN split
    THEN each is an email with no sender, its recipients, date and subject read (the page was
    "other" and the message lost, or the quoted copy the top email); so where the box took the To:
    address's "@" too, its date as mail carries it (with its offset), as no memo prints one."""
    export = ("PPiGm? °° RT ]OaG)\" HBT jroe@harbor.example.gov>\nTo: Doe, John <jdoe@harbor.example.gov>\n"
              "Subject: draft statement\nSent: Mon, 12 Aug 2019 22:54:58 +0000\nPlease review the draft below.\n")
    assert _read_rows(export) == [
        (False, None, "2019-08-12T22:54:58+00:00", "draft statement", ["Doe, John"])]
    aol = ("From: Roe, Jane\nTo: Doe, John\nSubject: FW: Contact info\nDate: Thursday, December 6, 2018 1:40:33 PM\n\n"
           "FYI\n\nTo: cmoss@mail.example.com\n\nSent: 5/3/2016 11:13:15 A.M. Eastern Daylight Time\n\n"
           "Subj: (no subject)\n\nSent from my phone.\n")
    assert _read_rows(aol) == [
        (False, "Roe, Jane", "2018-12-06T13:40:33", "FW: Contact info", ["Doe, John"]),
        (True, None, "2016-05-03T11:13:15-04:00", "(no subject)", ["cmoss@mail.example.com"])]
    # an export printing Sent: first, over blank lines, its date as mail carries it (with its offset)
    sent_first = ("Page 110 1 frrer ES\nm peer news.example.com\n\nSent: Sat, 10 Aug 2019 21:44:59 -0700\n\n"
                  "Subject: Re: Last contact\n\nTo: Jane Roe <jroe@harbor.example.gov>\n\nThanks. Feel free to call.\n")
    assert _read_rows(sent_first) == [(False, None, "2019-08-10T21:44:59-07:00", "Re: Last contact", ["Jane Roe"])]
    memo = sent_first.replace("Sat, 10 Aug 2019 21:44:59 -0700", "Saturday, August 10, 2019 9:44 PM")
    assert _read_rows(memo) == []  # (a date as people type it, labels apart: no header a box cut)
    assert _read_rows(sent_first.replace("\nSent: Sat", "\nDate: Sat")) == []  # (a bounce's or a log's Date:)
    # the box over the To: line took its address's "@" too: the date as mail carries it says what it is
    boxed_to = export.replace("Doe, John <jdoe@harbor.example.gov>", "= [Sum harbor govs")
    # (the box's edge, "= [", no part of what is left of the name: session 43)
    assert _read_rows(boxed_to) == [(False, None, "2019-08-12T22:54:58+00:00", "draft statement", ["Sum harbor govs"])]
    assert _read_rows(boxed_to.replace("Mon, 12 Aug 2019 22:54:58 +0000", "Monday, August 12, 2019 10:54 PM")) == []


def test_a_header_printed_date_last_a_page_break_cut_after_its_from_line() -> None:
    """The same family, long threads: the page ends with a quoted header's From: line, the next
    starts with its To:, Subject: and Sent:. One quoted copy, its sender the From: line before
    the break (the rest was an email of its own with no sender)."""
    first = ("From: Roe, Jane <jroe@harbor.example.gov>\nTo: Doe, John <jdoe@harbor.example.gov>\nSubject: Re: plan\n"
             "Sent: Tue, 13 Aug 2019 09:10:00 +0000\nFine by me.\n\nFrom: Doe, John <jdoe@harbor.example.gov>\n")
    second = "To: Roe, Jane <jroe@harbor.example.gov>\nSubject: plan\nSent: Mon, 12 Aug 2019 22:54:58 +0000\nHere it is.\n"
    assert _read_rows(first, second) == [
        (False, "Roe, Jane", "2019-08-13T09:10:00+00:00", "Re: plan", ["Doe, John"]),
        (True, "Doe, John", "2019-08-12T22:54:58+00:00", "plan", ["Roe, Jane"])]


@pytest.mark.parametrize("page", [
    "MEMORANDUM\n\nTo: All staff\nSubject: Parking\nDate: May 5, 2015 10:00 AM\n\nThe garage closes on Friday.\n",
    "To: All staff\nSubject: Parking\nDate: May 5, 2015\n\nThe garage closes on Friday.\n",
])
def test_a_memo_printing_to_subject_and_date_is_no_header_with_its_from_line_lost(page: str) -> None:
    """A memo's "To:, Subject:, Date:" (no From:) on a memo's page, or dated without a clock,
    is no email whose From: line was lost."""
    assert _read_rows(page) == []


@pytest.mark.parametrize(("line", "sender"), [
    (">Doe, John <jdoe@harbor.example.gov> 7/31/2019 3:07 PM >>>", "Doe, John"),
    ("{SEO 2 harbor.example.gov> 8/10/2019 9:02 AM >>>", None),
    ("aa9PORre @ mail.example.com> 7/26/2019 12:02 PM >>>", None),
    ("{ES 8/26/2019 3:18 PM >>>", None),  # a box over the sender and the opening marks
    ("5/3/2021 10:44 AM >>>", None),  # ... the box's edge not read at all
    ("poke 7 sno __Basis 8/10/2019 11:30 AM >>>", None),  # ... its fill read as glyphs
    ("> (USMS) == Doe gou> 7/31/2019 3:07 PM", None),  # the closing marks lost, the address's bracket read
])
def test_a_groupwise_reply_line_whose_opening_marks_ocr_cut_or_lost_quotes_a_copy(line: str, sender: str | None) -> None:
    """Layout family GroupWise, OCR failure: the reply line's opening ">>>" read as one mark or lost
    under a box over the sender's name, its closing marks read after the date. GIVEN such a line
    after a reply WHEN split THEN it starts a quoted copy dated as printed (it was the reply's
    text); its sender the name and address printed whole, none where the box left a scrap."""
    page = ("From: Roe, Jane\nTo: Doe, John\nDate: 8/10/2019 2:45 PM\nSubject: Re: statement\n\n"
            f"Thanks, we will hold it.\n\n{line}\nCan you confirm the statement before noon?\n")
    emails, _ = emails_from_pages([page], [None])
    assert [(e.quoted, e.sender.name if e.sender else None) for e in emails] == [(False, "Roe, Jane"), (True, sender)]
    printed = re.search(r"\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2} [AP]M", line)
    assert printed is not None and emails[1].sent == parse_date(printed.group(0)).iso


@pytest.mark.parametrize("line", ["> Ferry leaves at 7/31/2019 3:07 PM", "> see 8/26/2019 3:18 PM",
                                  "The hearing moved to 8/26/2019 3:18 PM", "> Old time -> 3/4/2019 10:00 AM",
                                  "> <Jane Roe> 3/4/2019 10:00 AM", "> > 3/4/2019 10:00 AM",
                                  "> Jane Roe <jroe@harbor.example.gov> 3/4/2019 10:00 AM"])
def test_a_quoted_line_ending_in_a_date_is_no_groupwise_reply_line(line: str) -> None:
    """... but a line of a quoted text ending in a date, with no closing marks and nothing a box
    left of an address before it, is text."""
    page = ("From: Roe, Jane\nTo: Doe, John\nDate: 8/10/2019 2:45 PM\nSubject: Re: statement\n\n"
            f"Thanks, we will hold it.\n\n{line}\nCan you confirm the statement before noon?\n")
    assert len(emails_from_pages([page], [None])[0]) == 1


def test_a_eudora_at_time_date_wrote_line_quotes_a_copy() -> None:
    """Layout family Eudora: "At 06:46 PM 5/25/2001 -0700, you wrote:" (the clock before the date;
    "you", the reader, no sender read) introduces a quoted copy, dated with its offset (it and
    its date were folded into the reply's body)."""
    page = ("From: Roe, Jane <jroe@harbor.example.gov>\nTo: Doe, John <jdoe@harbor.example.gov>\n"
            "Date: Fri, 25 May 2001 19:02:11 -0700\nSubject: Re: docket\n\nFine, file it Monday.\n\n"
            "At 06:46 PM 5/25/2001 -0700, you wrote:\n>Should we file the motion today?\n\n"
            "At 10:15 AM 5/24/2001, Carl Moss wrote:\n>Draft attached.\n")
    emails, _ = emails_from_pages([page], [None])
    assert [(e.quoted, e.sender.name if e.sender else None, e.sent) for e in emails] == [
        (False, "Roe, Jane", "2001-05-25T19:02:11-07:00"), (True, None, "2001-05-25T18:46:00-07:00"),
        (True, "Carl Moss", "2001-05-24T10:15:00")]


def test_a_cc_label_whose_colon_reads_as_a_question_mark_and_a_bcc_read_bec() -> None:
    """OCR failure, any scanned print: "Ce?" (the colon read as a question mark, a speck before
    it) is the Cc: line, not part of the To: list; "bec:" (bcc's c's read as e's) is Bcc:, its
    list wrapped over the next line (it was dropped)."""
    outlook = ("From: Roe, Jane [mailto:jroe@harbor.example.gov]\nSent: Tuesday, September 15, 2009 10:54 AM\n"
               "To: Lee, Sam; Park, Kim\n. Ce? Doe, John; Smith, Pat .\nSubject: FW: Budget\nBody text here.\n")
    (email,), _ = emails_from_pages([outlook], [None])
    assert ([p.name for p in email.to], [p.name for p in email.cc]) == (["Lee, Sam", "Park, Kim"], ["Doe, John", "Smith, Pat"])
    (email,), _ = emails_from_pages([outlook.replace(". Ce?", "Ce!")], [None])  # (its colon read "!")
    assert [p.name for p in email.cc] == ["Doe, John", "Smith, Pat"]
    (email,), _ = emails_from_pages([outlook.replace("Subject:", "Subject)")], [None])  # (a colon read ")")
    assert email.subject == "FW: Budget"
    gmail = ("From: <roe@harbor.example.gov>\nDate: 2 January 2015 at 20:38\nSubject: Statement\n"
             "To: Jane Roe <roe@harbor.example.gov>\nbec: doe@press.example.com,\nsmith@paper.example.co.uk\n"
             "To Whom It May Concern,\nPlease find attached a statement.\n")
    (email,), _ = emails_from_pages([gmail], [None])
    assert [p.address for p in email.bcc] == ["doe@press.example.com", "smith@paper.example.co.uk"]


@pytest.mark.parametrize(("printed", "name", "address"), [
    ("Roe, Jane A. (USAO) [Jane.A. Roe@harbor.example.gov]", "Roe, Jane A. (USAO)", "jane.a.roe@harbor.example.gov"),
    ("Roe, Jane [jroe@harbor.example.gov]", "Roe, Jane", "jroe@harbor.example.gov"),
    ("Roe, Jane [EXT jroe@mail.example.com]", "Roe, Jane [EXT", "jroe@mail.example.com"),  # (no word glued on)
])
def test_an_address_printed_in_square_brackets_with_a_space_ocr_read_in_it(printed: str, name: str, address: str) -> None:
    """Layout family: Outlook prints an address-book entry's address in square brackets after its
    name; OCR failure: a space read inside it. The brackets' content is the address (the name
    took "[Jane.A." and the address lost its first part)."""
    assert [(p.name, p.address) for p in parse_parties(printed)] == [(name, address)]


def test_an_attachments_line_wrapped_inside_its_last_file_name_is_joined() -> None:
    """Layout family, any client: a long Attachments: value wraps inside its last file's name
    ("…; Compliance Summary - AI" / "Services.pdf"). The line is the file name's end, not the
    body's first line (the name was cut short and "Services.pdf" opened the body, its snippet and
    its page part); a line of its own under a value whose last name is whole stays body."""
    head = "From: Roe, Jane\nSent: Wednesday, November 14, 2018 9:12 AM\nTo: Doe, John\nSubject: AI services\n"
    body = "(b)(6), (b)(7)(C) ,\nAs you asked, here is draft language.\n"
    (email,), _ = emails_from_pages([head + "Attachments: Services List.pdf; Compliance Summary - AI\n"
                                     "Services.pdf\n" + body], [None])
    assert email.attachments == ("Services List.pdf", "Compliance Summary - AI Services.pdf")
    assert email.body.startswith("(b)(6)")
    (email,), _ = emails_from_pages([head + "Attachments: Compliance Summary.pdf\nNotes.pdf is below.\n" + body],
                                    [None])
    assert email.attachments == ("Compliance Summary.pdf",) and email.body.startswith("Notes.pdf is below.")


def test_a_speck_ocr_read_after_a_file_names_extension_is_no_part_of_it() -> None:
    """OCR failure, any scan: a speck after the last file's extension ("comments.docx -") is left
    out of its name; a hyphen inside a name stays."""
    assert parse_attachments("FRT Pilot Policy v0.3 - CC comments.docx -") == ("FRT Pilot Policy v0.3 - CC comments.docx",)
    assert parse_attachments("Notes - draft; b - c.xlsx") == ("Notes - draft", "b - c.xlsx")


_HEAD = "From: Roe, Jane\nSent: Wednesday, November 14, 2018 9:12 AM\nTo: Doe, John\nSubject: AI services\n"


@pytest.mark.parametrize(("page", "first_body_line"), [
    (_HEAD + "Attachments: (b)(5)\nPlease send comments to jroe@harbor.example.gov\n", "Please send comments"),
    (_HEAD + "Attachments: RE: Budget meeting\nSee https://harbor.example.gov/budget.pdf\n", "See https://"),
    (_HEAD + "\nTo? Should this go to the director?\nThanks.\n", "To? Should this go"),
    (_HEAD + "\nCc? Who else should be copied?\n", "Cc? Who else"),
    (_HEAD + "\nbee: a note on the hive\n", "bee: a note"),
    (_HEAD + "\nHere are the steps:\nTo: the regional office\nSubject: the permit renewal\n"
             "Sent: 5/5/2015 10:32 AM, by fax\nLet me know.\n", "Here are the steps:"),
])
def test_lines_this_sessions_rules_might_take_for_a_header_stay_the_body(page: str, first_body_line: str) -> None:
    """The rules for wrapped Attachments: lines, "Ce?" labels, "bec:" and headers printed date last
    whose From: a box took leave these be (an adversarial review found each taken): a line ending
    in an address or link under an attachment a box withheld or a subject-like name, a question
    starting "To?" or "Cc?", "bee:", and a body's instructions "To:/Subject:/Sent:" with no address."""
    (email,), _ = emails_from_pages([page], [None])
    assert email.body.lstrip().startswith(first_body_line)
    assert not email.cc and not email.bcc and [p.name for p in email.to] == ["Doe, John"]


def test_a_routing_slip_printing_to_subject_and_a_dated_clock_is_no_email() -> None:
    """A routing slip's "To: Jane Roe / Subject: … / Date: 5/5/2015 10:32 AM / Action: …" has no
    address nor box in To: no header whose From: line was lost."""
    page = "ROUTING SLIP\nTo: Jane Roe\nSubject: FOIA 2015-123\nDate: 5/5/2015 10:32 AM\nAction: For your review\n"
    assert emails_from_pages([page], [None])[0] == []


def test_an_at_line_no_eudora_attribution_is_read_by_the_other_reply_lines_rules() -> None:
    """'At Home Care <info@…> wrote:' (a sender whose name begins "At") introduces a quoted copy,
    as before the Eudora rule: a line starting "At " that is not "At <time> <date>, … wrote:"."""
    page = _HEAD + "\nThanks.\n\nAt Home Care <info@athome.example.com> wrote:\n> We can come Monday.\n"
    emails, _ = emails_from_pages([page], [None])
    assert [(e.quoted, e.sender.address if e.sender else None) for e in emails] == [
        (False, ""), (True, "info@athome.example.com")]


@pytest.mark.parametrize("glued", [
    "<jroe@harbor.example.gov <mailto:jroe@harbor.example.gov» Date:=Wed, Apr 29, 2015 at 4:48 PM",
    "<jroe@harbor.example.gov>Date: Wed, Apr 29, 2015 at 4:48 PM",
])
def test_a_date_run_onto_the_from_line_after_the_address_is_the_date(glued: str) -> None:
    """OCR failure (and a mailer's quoted-printable "=" after a colon): a forwarded header's Date:
    run onto its From: line after the address, the space before it or after its colon lost
    ("…gov>Date:", "» Date:=Wed"): the header's date (it was missing)."""
    page = (f"---------- Forwarded message ---------\nFrom: Roe, Jane {glued}\nSubject: notes\n"
            "To: Doe, John <jdoe@harbor.example.gov>\n\nHere.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert (email.sender.name, email.sender.address, email.sent) == (
        "Roe, Jane", "jroe@harbor.example.gov", "2015-04-29T16:48:00")


def test_a_printed_cc_list_folded_over_four_lines_inside_quoted_names_is_read_whole() -> None:
    """Layout family, a message's own headers printed (a mailbox export, a native message printed
    with its RFC 5322 headers): a long Cc: list folded at about 76 columns, each folded line
    starting with a space or tab, a quoted name broken over two lines. Every party is read, and
    the Subject: and Date: under it (the header ended at the first fold: two of four parties, no
    subject, no date)."""
    page = ('From: "Roe, Jane (Council)" <jroe@harbor.example.gov>\nTo: "Doe, John" <jdoe@harbor.example.gov>\n'
            'CC: "Members Only" <members@harbor.example.gov>, "Lee, Samuel\n (BEGA)" <slee@harbor.example.gov>, '
            '"Park, Kimberly"\n\t<kpark@harbor.example.gov>, "Vale,\n Thomas (EOM)" <tvale@harbor.example.gov>\n'
            "Subject: Letter re hearing\nDate: Thu, 22 Feb 2018 17:15:02 +0000\n\nPlease see the attached letter.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert [p.address for p in email.cc] == ["members@harbor.example.gov", "slee@harbor.example.gov",
                                             "kpark@harbor.example.gov", "tvale@harbor.example.gov"]
    assert (email.subject, email.sent) == ("Letter re hearing", "2018-02-22T17:15:02+00:00")


def test_a_header_a_scan_cropped_at_its_left_margin_is_read() -> None:
    """OCR failure of scans cropped at the left margin: each label's first letters cut off ("rom:",
    "nt:", ": " where To: was, "ubject:"), the address's bracket read twice ("{(jdoe@…}"). The top
    header is read, its To: the value between Sent: and Subject: (it was no header: the quoted
    copy under it became the top email, with no sender and no date)."""
    page = ("Roe, Jane (USAO)\nrom: Doe, John {(JDoe@firm.example.com}\nnt: Thursday, September 13, 2007 7:35 PM\n"
            ": Roe, Jane (USAO)\nubject: Re:\nSounds good. Let's talk at 9 am.\n----- Original Message -----\n"
            "From: Roe, Jane (USAO)\nSent: Thursday, September 13, 2007 7:26 PM\nTo: Doe, John\nSubject: RE:\n"
            "Do you want to take a look at the statutes?\n")
    emails, _ = emails_from_pages([page], [None])
    assert [(e.quoted, e.sender.name if e.sender else None, e.sender.address if e.sender else None,
             [p.name for p in e.to], e.sent) for e in emails] == [
        (False, "Doe, John", "jdoe@firm.example.com", ["Roe, Jane (USAO)"], "2007-09-13T19:35:00"),
        (True, "Roe, Jane (USAO)", "", ["Doe, John"], "2007-09-13T19:26:00")]


@pytest.mark.parametrize(("printed", "iso"), [
    ("69/13/2007 07:26 PM", "2007-09-13T19:26:00"),
    ("Thursday, 89/13/2007 07:26 PM", "2007-09-13T19:26:00"),
    ("Monday, 69/13/2007 07:26 PM", None),  # the weekday says otherwise
    ("69/05/2007 07:26 PM", None),  # 09/05 or 05/09: no one reading
])
def test_a_months_zero_ocr_read_as_six_eight_or_nine_is_read_damaged(printed: str, iso: str | None) -> None:
    """OCR failure, dark copies and faxes: a numeric date's month printed "09" read "69" or "89"
    (the 0's loop filled or broken). Where that is the one reading the date can have (the month
    with its 0, no day either way round, the printed weekday agreeing), it is the date, damaged
    (it was missing); otherwise still none."""
    assert parse_date(printed) == SentDate(iso, printed, "damaged" if iso else "missing")


def test_a_reply_printed_under_the_request_it_answers_days_later_is_an_email_of_its_own() -> None:
    """Layout family: a city's or agency's posting of a thread oldest first, the request, then its
    reply under it, no rule or "Original Message" between. The reply, sent more than a day after
    the header above it (a chain quotes newest first: never a quoted copy of it), is an email of
    its own (it was read as quoted in the request); so is one within the day whose subject adds a
    "RE:" to the request's (a copy the request quoted would be older and answered by it: was read
    as quoted). Within a day, with a subject alike, two clocks' zones may differ: left as it was,
    quoted."""
    request = ("From: Jane Roe [mailto:jroe@mail.example.com]\nSent: Monday, March 1, 2021 9:15 PM\n"
               "To: Doe, John <John.Doe@harbor.example.gov>\nSubject: Public records request\n\n"
               "Please send the records.\n\nJane Roe\n\n")
    reply = ("From: Doe, John\nSent: {when}\nTo: 'jroe@mail.example.com' <jroe@mail.example.com>\n"
             "Subject: RE: Public records request\n\nThe records are attached.\n")
    emails, _ = emails_from_pages([request + reply.format(when="Wednesday, March 10, 2021 4:22 PM")], [None])
    assert [(e.quoted, e.parent, e.sender.name) for e in emails] == [(False, None, "Jane Roe"), (False, None, "Doe, John")]
    emails, _ = emails_from_pages([request + reply.format(when="Tuesday, March 2, 2021 8:15 AM")], [None])
    assert [e.quoted for e in emails] == [False, False]
    alike = reply.replace("RE: Public", "Public").format(when="Tuesday, March 2, 2021 8:15 AM")
    assert [e.quoted for e in emails_from_pages([request + alike], [None])[0]] == [False, True]


def test_a_header_table_s_cell_borders_and_its_lines_printed_twice() -> None:
    """Layout family, prints of a message attached to another (police and agency mail archivers):
    the header as a table whose cell borders read as pipes ("Subject: | FW: Deleted items |"), and
    a header whose lines are printed twice, the second time without From:. The subject without
    its borders (it kept them), and one email (the second printing was a quoted copy with no
    sender)."""
    table = ("Attached Message\nFrom: | Doe, John <jdoe@harbor.example.gov> |\nTo: | Roe, Jane <jroe@harbor.example.gov> |\n"
             "Subject: | FW: Deleted items |\nDate: | Fri, 30 Sep 2011 14:55:06 -0400 |\n\nSee below.\n")
    (email,), _ = emails_from_pages([table], [None])
    assert (email.subject, email.sent) == ("FW: Deleted items", "2011-09-30T14:55:06-04:00")
    header = ("Sent: Thursday, June 16, 2011 11:02 AM\nTo: _Harbor everyone\nCc: Roe, Jane; Lee, Sam\n"
              "Subject: Deleted items\n")
    (email,), _ = emails_from_pages(["From: Doe, John\n" + header + header + "Please empty your deleted items.\n"], [None])
    assert (email.sender.name, email.subject, email.body) == ("Doe, John", "Deleted items", "Please empty your deleted items.")


@pytest.mark.parametrize("after", [
    "\n    Please send the form to permits@harbor.example.gov by Friday.\n",
    '\nThe "final" form is attached.\n',
])
def test_a_body_line_under_a_cc_list_is_no_fold_of_it(after: str) -> None:
    """The folded-list rules (a line starting with a space and holding an address; a quoted name
    broken over two lines) join only a line of parties: an indented sentence naming an address,
    or one with quotes under a Cc: whose quotes OCR read in two styles, is the body's."""
    page = ("From: Roe, Jane <jroe@harbor.example.gov>\nSent: Monday, June 1, 2015 9:00 AM\n"
            "To: Doe, John <jd@harbor.example.gov>\nSubject: Forms\nCc: \u201cSmith, Pat\" <psmith@harbor.example.gov>\n"
            + after)
    (email,), _ = emails_from_pages([page], [None])
    assert [(p.name, p.address) for p in email.cc] == [("Smith, Pat", "psmith@harbor.example.gov")]
    assert email.body.strip() == after.strip()


@pytest.mark.parametrize("line", ["ENT: consult booked with Dr. Patel, 3/12/2019 10:30 AM", "ROM: 512 KB flash, BIOS v2.1"])
def test_a_cropped_label_is_read_only_as_the_crop_leaves_it_in_lower_case(line: str) -> None:
    """A scan cropped at its left margin leaves "rom:", "nt:", "ubject:" in lower case; typed
    capitals ("ENT: consult …", "ROM: 512 KB") are the body's, never a date or a sender."""
    page = f"From: Roe, Jane <jroe@harbor.example.gov>\nTo: Doe, John <jd@harbor.example.gov>\nSubject: Notes\n\n{line}\n"
    (email,), _ = emails_from_pages([page], [None])
    assert (email.sender.name, email.sent, email.body) == ("Roe, Jane", None, line)


@pytest.mark.parametrize(("rest", "subject"), [
    ("Subject: FOAA Request\nMay 29, 2017\nDear Mr. Doe:\nThis is a request under the Act.\n", "FOAA Request"),
    ("Subject: FW: Office Coverage Follow Up Flag: Follow up Flag Status: Completed\n\nPlease see below.\n",
     "FW: Office Coverage"),
    ("Subject: FW: budget for the\nharbor office\n\nSee below.\n", "FW: budget for the harbor office"),
])
def test_a_header_printed_on_one_line_ends_its_subject_where_the_letter_or_a_flag_begins(rest: str, subject: str) -> None:
    """Layout family: a header printed on one line (a reply's mail app ran it into a paragraph; a
    city's posting). Its paragraph wraps onto the lines under it, but not onto a letter's date
    alone or salutation ("May 29, 2017", "Dear Mr. Doe:"), and Outlook's Follow Up Flag: and Flag
    Status: cells end the subject (the subject ran on to the next blank line, through the letter's
    opening and the flags); a subject wrapped onto its next line is still joined."""
    page = ("From: Jane Roe [mailto:jroe@mail.example.com] Sent: Monday, May 29, 2017 1:30 PM "
            "To: Doe, John <John.Doe@harbor.example.gov> " + rest)
    (email,), _ = emails_from_pages([page], [None])
    assert (email.sender.name, email.sent, email.subject) == ("Jane Roe", "2017-05-29T13:30:00", subject)


def test_a_chains_quoted_copy_whose_date_ocr_misread_newer_stays_quoted() -> None:
    """A reply chain with no separator whose quoted copy's date OCR misread days later ("3/18" for
    "3/13"): the header above replies to it (its subject with as many "RE:"s or more), so it stays
    a quoted copy; only a reply under the message it answers is an email of its own."""
    page = ("From: Roe, Jane\nSent: 3/14/2017 8:02 AM\nTo: Doe, John\nSubject: RE: Permit schedule\n\nFine by me.\n\n"
            "From: Doe, John\nSent: 3/18/2017 4:40 PM\nTo: Roe, Jane\nSubject: {subject}\n\nCan we move it?\n")
    for subject in ("Permit schedule", "RE: Permit schedule"):
        emails, _ = emails_from_pages([page.format(subject=subject)], [None])
        assert [(e.quoted, e.parent) for e in emails] == [(False, None), (True, 0)], subject


@pytest.mark.parametrize(("wrapped", "subject"), [
    ("Agenda for the council meeting of\nMarch 21, 2017", "Agenda for the council meeting of March 21, 2017"),
    ("FW: Safety audit - Tier 2 items:\nHi-Vis vests, hard hats", "FW: Safety audit - Tier 2 items: Hi-Vis vests, hard hats"),
    ("RE: Outlook question - Follow Up Flag: not showing", "RE: Outlook question - Follow Up Flag: not showing"),
])
def test_a_one_line_headers_subject_still_wraps_onto_its_own_words(wrapped: str, subject: str) -> None:
    """The one-line header's subject stops at a letter's date or salutation and at Outlook's flag
    cells, but not at a date its subject's words run on to ("… meeting of" / "March 21, 2017"), a
    word starting "Hi-", or "Follow Up Flag:" followed by no flag's text."""
    page = ("From: Jane Roe [mailto:jroe@mail.example.com] Sent: Monday, March 13, 2017 4:12 PM "
            f"To: Doe, John <jdoe@harbor.example.gov> Subject: {wrapped}\n\nPlease read.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert email.subject == subject


def test_a_month_6x_that_may_be_1x_is_not_read() -> None:
    """"61/13/2007" reads 01/13 or 11/13 (a 1 read as 6 too): no one reading, no date."""
    assert parse_date("61/13/2007 07:26 PM").iso is None


def test_an_apple_mail_list_of_names_and_bare_addresses_wrapped_after_a_name() -> None:
    """Layout family, Apple Mail prints (a court exhibit): "Cc: Ann Doe adoe@x.gov, Ben Park
    BPark@x.gov, Lia Stone" wrapped before that name's address, the list going on on the next
    line with no separator at the break. GIVEN such a header WHEN split THEN four parties, each
    with its address (was: the wrapped line dropped and the first three one party, its name
    the list)."""
    page = ("From: Jane Roe jroe@harbor.example.gov\nSubject: Visit 04.24.21\nDate: April 24, 2021 at 5:37 PM\n"
            "To: Carl Moss cmoss@harbor.example.gov\nCc: Ann Doe adoe@harbor.example.gov, Ben Park BPark@harbor.example.gov, "
            "Lia Stone\nlstone@harbor.example.gov, John Doe jdoe@harbor.example.gov\nCarl-\nThe visit is moved to Monday.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert [(p.name, p.address) for p in email.cc] == [
        ("Ann Doe", "adoe@harbor.example.gov"), ("Ben Park", "bpark@harbor.example.gov"),
        ("Lia Stone", "lstone@harbor.example.gov"), ("John Doe", "jdoe@harbor.example.gov")]
    assert email.body.startswith("Carl-")
    # a body whose first line starts with an address, under the list (a blank line between, or not)
    for between in ("\n", ""):
        body_first = (page.split("Cc: ")[0] + f"Cc: adoe@harbor.example.gov, Mary Poe\n{between}"
                      "jmoe@harbor.example.gov asked to be added; see below.\n")
        (email,), _ = emails_from_pages([body_first], [None])
        assert [(p.name, p.address) for p in email.cc] == [("", "adoe@harbor.example.gov"), ("Mary Poe", "")]
        assert email.body.startswith("jmoe@harbor.example.gov asked")


def test_a_groupwise_reply_line_wrapped_after_its_sender_s_address_keeps_its_sender() -> None:
    """Layout family GroupWise: a reply line too long for the page wrapped after the sender's
    address, its date and closing marks on the next line. GIVEN such a line WHEN split THEN a
    quoted copy, dated, its sender the line above's."""
    page = ("From: Doe, John\nTo: Roe, Jane\nDate: 3/5/2019 9:00 AM\nSubject: Re: draft\n\nCarl, see below.\n\n"
            '>>> "Roe, Jane" <jroe@harbor.example.gov>\n3/4/2019 10:00 AM >>>\nPlease send the draft by Friday.\n')
    emails, _ = emails_from_pages([page], [None])
    assert [(e.quoted, e.sender.address if e.sender else None) for e in emails] == [
        (False, ""), (True, "jroe@harbor.example.gov")]


@pytest.mark.parametrize(("line", "header"), [
    ("¢C * From: <desk@harbor.example.gov>", True),  # a punch hole's glyphs and a mark before the label
    ("I From: <desk@harbor.example.gov>", True),
    ("We From: the harbor office", False),  # a word is no junk
])
def test_a_label_behind_a_few_glyphs_of_junk_is_read(line: str, header: bool) -> None:
    """OCR failure of scanned prints (a DOJ production's Notes-style header): a box's edge or a
    punch hole read as a letter and marks before "From:" ("¢C * From:"). GIVEN such a line above
    To:, Date: and Subject: WHEN split THEN the header starts at it, its sender read (it started
    at To:, no sender)."""
    page = (f"Page 3\n{line}\nTo: <jroe@harbor.example.gov>\nDate: 8/12/2019 2:30 PM\nSubject: Notice\n\n"
            "Notification received.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert (email.sender is not None and email.sender.address == "desk@harbor.example.gov") == header


def test_a_misread_cc_label_behind_a_speck_is_read() -> None:
    """OCR failure of scans: a speck before a Cc: label OCR misread "Ce:" ("(Ce: Moss, Carl <…>").
    GIVEN such a line in a header WHEN read THEN its parties are Cc's (was: the To: list's)."""
    page = ("From: Roe, Jane\nSent: Saturday, September 26, 2009 5:02 PM\nTo: Doe, John <jdoe@harbor.example.gov>\n"
            "(Ce: Moss, Carl <cmoss@harbor.example.gov>\nSubject: Origins\n\nSee below.\n")
    assert _read(page)[0][4:] == ("Doe, John", "Moss, Carl")


def test_a_court_notices_header_with_its_bcc_list_in_sections() -> None:
    """Layout family, court notices (CM/ECF's "Notice of Electronic Filing" printed with its mail
    header): the Bcc: list printed in sections, each under a heading ("--Case Participants:",
    "--Non Case Participants:", "--No Notice Sent:", OCR reading a dash pair as "—"), then the
    Subject: under a Message-Id: line. GIVEN such a header WHEN read THEN its subject is read and
    the participants are Bcc's (was: the first empty section heading ended the header, its
    subject lost)."""
    page = ("MIME-Version:1.0\nFrom:ecf_bounce@harbor.uscourts.example.gov\nTo:nef@harbor.uscourts.example.gov\nBcc:\n"
            "—-Case Participants: John Doe (jdoe@harbor.example.gov, docket@harbor.example.gov,\n"
            "filings@harbor.example.gov)\n--Non Case Participants:\n—-No Notice Sent:\n"
            "Message-Id: 2213529@harbor.uscourts.example.gov\n"
            "Subject:Activity in Case 1:20-mj-00132-AB USA v. Roe Removal Hearing\nContent-Type: text/html\n\n"
            "Notice of Electronic Filing\nThe following transaction was entered on 7/6/2020 at 9:45 AM EDT\n")
    ((email,), _) = emails_from_pages([page], [None])
    assert email.subject == "Activity in Case 1:20-mj-00132-AB USA v. Roe Removal Hearing"
    assert "jdoe@harbor.example.gov" in {p.address for p in email.bcc}
    # a body's list of such headings under a header printed To: last is the body's
    gmail = ("From: Roe, Jane <jroe@harbor.example.gov>\nDate: Tue, Dec 15, 2015 at 9:02 PM\nSubject: Budget items\n"
             "To: Doe, John <jdoe@harbor.example.gov>\n\n-- Dredging: $4M moved to FY17\n-- Pier Repairs: on hold\n"
             "Let me know.\n")
    ((email,), _) = emails_from_pages([gmail], [None])
    assert [p.address for p in email.to] == ["jdoe@harbor.example.gov"] and "Pier Repairs" in email.body


@pytest.mark.parametrize("gap", ["\n\n \n\n", "\n\n\n\n"])
def test_a_headers_last_lines_ocr_spread_apart(gap: str) -> None:
    """OCR failure of scans: a header's Cc: and Subject: set three blank lines below its To: (OCR
    spread the lines apart). GIVEN such a header WHEN read THEN they are its own (was: the header
    ended at the gap, its subject lost); a header with its subject read does not reach over such a
    gap to a Cc: line of the body."""
    head = "From: Roe, Jane\nSent: Thursday, September 20, 2007 6:17 PM\nTo: Doe, John"
    page = f"{head}{gap}Cc: Moss, Carl\nSubject: RE: Meeting with the board\n\nI just left a voicemail.\n"
    assert _read(page) == [(False, "Roe, Jane", "2007-09-20T18:17:00", "RE: Meeting with the board", "Doe, John",
                            "Moss, Carl")]
    subject = f"{head}\nSubject: Budget{gap}Cc: Moss, Carl\n"
    assert _read(subject)[0][5] == ""


def test_a_quoted_header_a_paragraph_to_each_field() -> None:
    """Layout family, mail printed from HTML (a BlackBerry reply's quoted original): each field of
    the quoted header a paragraph, the From: line set three blank lines above its Date:. GIVEN
    such a reply WHEN split THEN the quoted copy is read, from its sender on its date (was: the
    header ended at the gap, no copy)."""
    page = ("From: Roe, Jane\nSent: Tuesday, March 25, 2008 10:20 PM\nTo: Doe, John\nSubject: Re: Corridor\n\n"
            "Thanks for the info.\n\nSent from my BlackBerry device\n\n\n      Original Message\n\n"
            'From: "Doe, John" <jdoe@harbor.example.gov>\n\n\n\nDate: Tue, 25 Mar 2008 10:47:42\n\n'
            'To:"Roe, Jane" <jroe@harbor.example.gov>\n\nSubject: Corridor\n\n\n\nThe order was published today.\n')
    top, quoted = emails_from_pages([page], [None])[0]
    assert (quoted.quoted, quoted.sender.name, quoted.sent, quoted.subject) == (
        True, "Doe, John", "2008-03-25T10:47:42", "Corridor")
    assert quoted.body == "The order was published today."


@pytest.mark.parametrize("recipient", ["John Q. Doe Jr.", "Doe, John Q."])
def test_a_header_read_column_by_column_with_a_name_ending_in_a_stop(recipient: str) -> None:
    """Layout family, e-discovery prints read column by column (all labels, then all values): a
    recipient's name ending in a stop ("Jr.", an initial, "Esq.") is a name, not a sentence.
    GIVEN such a header WHEN read THEN every value is its label's (was: no value at all: the To:
    line read as a sentence, so the lines were taken for no header's)."""
    page = ("From:\nSent:\nTo:\nSubject:\nAttachments:\nRoe, Jane [jroe@harbor.example.gov]\n2/26/2010 6:41:25 PM\n"
            f"{recipient}\nFwd: Fw: Dredging articles\ndredging articles.pdf\nPlease see the attached.\n")
    assert _read(page) == [(False, "Roe, Jane", "2010-02-26T18:41:25", "Fwd: Fw: Dredging articles", recipient, "")]
    # a sentence ending in "P.M." is none, under labels left empty
    blank = "From: Roe, Jane\nSent: 2/26/2010 6:41:25 PM\nTo:\nSubject:\n\nThe hearing moved to 2:00 P.M.\nPlease tell the board.\n"
    assert _read(blank) == [(False, "Roe, Jane", "2010-02-26T18:41:25", "", "", "")]


def test_a_reply_line_a_box_cut_after_the_name() -> None:
    """OCR failure of scans, any client: a box over the sender's address cut an "On <date>, <name>
    wrote:" line after the name ("…, Jane Roe <", "…, Carl Moss 4"), OCR reading "wrote:" lines lower
    (under the next reply's line, or under the quoted sentence) or losing it. GIVEN such lines WHEN
    read THEN each is a quoted copy from its name at its date (was: joined with the lines under it,
    the next reply's sender and a sentence taken for the name, or not found at all); a sentence that
    begins with a date is none."""
    head = "From: Roe, Jane\nSent: 9/21/2014 1:02:01 PM\nTo: Doe, John\nSubject: Re: Budget\n\nok\n"
    cut = ("On Sat, Sep 20, 2014 at 7:45 PM, Jane Roe <\nI won't be back in the city until 11:30, unfortunately.\n"
           "On Sep 20, 2014 7:43 PM, \"John Doe\" <jdoe@harbor.example.gov> wrote:\nsee you at 10:30 tomorrow?\nwrote:\n"
           "On Saturday, September 20, 2014, Jane Roe <\nHe got 60 votes then.\n"
           "On Sep 20, 2014 9:44 AM, \"John Doe\" <jdoe@harbor.example.gov> wrote:\nWhat was the vote?\n")
    assert [row[1:3] for row in _read(head + cut)][1:] == [
        ("Jane Roe", "2014-09-20T19:45:00"), ("John Doe", "2014-09-20T19:43:00"), ("Jane Roe", "2014-09-20"),
        ("John Doe", "2014-09-20T09:44:00")]
    sentence = "On Fri, Mar 4, 2011 at 8:40 AM, The Harbor Master\nWhat? I don't know any of this. How are you answering?\nwrote:\n"
    lost = "On Tue, Dec 15, 2015 at 8:00 PM, Carl Moss 4\nI hear the board will ask about it tonight.\n"
    assert [row[:3] for row in _read(head + sentence)][1:] == [(True, "The Harbor Master", "2011-03-04T08:40:00")]
    assert [row[:3] for row in _read(head + lost)][1:] == [(True, "Carl Moss", "2015-12-15T20:00:00")]
    assert len(_read(head + "On Tue, Dec 15, 2015 at 8:00 PM, the board met and voted.\n")) == 1
    prose = "On Tuesday, December 15, 2015 at 8:00 PM, Mayor Carl Moss\nwill hold a press conference.\n"
    agenda = ("On Mon, Jan 4, 2016 at 10:00 AM, Carl Moss\nOn Tue, Jan 5, 2016 at 2:00 PM, Jane Roe\n"
              "On Wed, Jan 6, 2016 at 9:30 AM, Harbor Board\nLet me know of conflicts.\n")
    assert len(_read(head + prose)) == len(_read(head + agenda)) == 1
    via = "On Tue, Dec 15, 2015 at 8:00 PM, Jane Roe\nvia harbor-list <harbor-list@groups.example.gov> wrote:\nSee it.\n"
    quoted = emails_from_pages([head + via], [None])[0][1]
    assert (quoted.sender.name, quoted.sender.address) == ("Jane Roe via harbor-list", "harbor-list@groups.example.gov")


def test_a_separator_whose_dashes_ocr_lost_at_a_pages_foot() -> None:
    """OCR failure of scans: a reply separator's dashes too faint to read ("Original Message" alone
    on its line), at the foot of a page above its stamp, the quoted header at the next page's top.
    GIVEN such pages WHEN read THEN the header is a quoted copy (was: a top-level email of its own)."""
    first = ("From: Roe, Jane\nSent: Tuesday, March 8, 2011 1:10 AM\nTo: Doe, John\nSubject: RE: Permit\n\n"
             "What is he focusing on now?\nOriginal Message\nHARBOR BOARD 021403\n")
    second = "From: Moss, Carl\nSent: Mon 3/7/2011 12:18 PM\nTo: Roe, Jane\nSubject: Permit\n\nDear Ms. Roe,\n"
    assert [row[:2] for row in _read(first, second)] == [(False, "Roe, Jane"), (True, "Moss, Carl")]


@pytest.mark.parametrize(("values", "expected"), [
    # a To: list over three lines, names cut after their first word at two lines' ends; a Cc: list after it
    ("Roe, Jane\nMoss, Carl; Poe, Ann; Kent, Mary; John\nDoe; Lee, Sam; Mark\nStone; Ames, Lia <lames@harbor.example.gov>\n"
     "Cho, Ed; Orr, Bo\nRE: Cause No. PUD 201300188\n12/11/2013 03:29 PM\n",
     ("Roe, Jane", "2013-12-11T15:29:00", "RE: Cause No. PUD 201300188", 7, 2)),
    # a subject over two lines
    ("Harbor Power\nkent@harbor.example.gov\nHarbor News: demand for power hits a new winter peak, conservation\n"
     "alert discontinued\n01/07/2014 01:46 PM\n",
     ("Harbor Power", "2014-01-07T13:46:00",
      "Harbor News: demand for power hits a new winter peak, conservation alert discontinued", 1, 0)),
    # no subject: the list's line that ends with ";" goes on, it is no subject
    ("Roe, Jane\nkent@harbor.example.gov; Moss, Carl;\npoe@harbor.example.gov; Ann Lee\n12/04/2013 04:28 PM\n",
     ("Roe, Jane", "2013-12-04T16:28:00", "", 4, 0)),
])
def test_a_column_print_whose_values_wrap(values: str, expected: tuple[str, str, str, int, int]) -> None:
    """Layout family, labels-then-values prints (a Notes or Outlook memo print read column by
    column) whose values wrap: a To: list over lines, names cut at a line's end, a Cc: list after
    it, a subject over two lines, or no subject. GIVEN such a header WHEN read THEN each value is its
    label's (was: no value at all, or the list's second line taken for the subject)."""
    labels = "From:\nTo:\n\nCc:\nSubject:\nDate:\n\n" if expected[4] else "From:\nTo:\nSubject:\nDate:\n\n"
    (email,), _ = emails_from_pages([f"{labels}{values}\nThanks.\n"], [None])
    assert (email.sender.name if email.sender else "", email.sent, email.subject, len(email.to), len(email.cc)) == expected


@pytest.mark.parametrize(("values", "to", "cc", "subject"), [
    # the To: list wrapped after a whole name
    ("Doe, John; Moss, Carl; Park, Ellen; Lee, Alan; Kim, Susan; Grant, Robert;\nHale, Thomas\nStone, Mary\n"
     "RE: Dredging permit", 7, ["Stone, Mary"], "RE: Dredging permit"),
    # ... inside a name ("Hale," over "Thomas; Stone, Mary")
    ("Doe, John; Moss, Carl; Park, Ellen; Lee, Alan; Kim, Susan; Grant, Robert; Hale,\nThomas; Stone, Mary\nAmes, Lia\n"
     "RE: Dredging permit", 8, ["Ames, Lia"], "RE: Dredging permit"),
    # ... before a redacted recipient, its box's code alone on the line
    ("Doe, John (b)(6); Moss, Carl (b)(6);\n(b)(6)\nPark, Ellen\nRE: Dredging permit", 3, ["Park, Ellen"],
     "RE: Dredging permit"),
    # the To: list on one line, the subject wrapped over two
    ("Doe, John\nMoss, Carl\nRE: Dredging permit - revised schedule for the north pier survey and\nthe turbidity plan",
     1, ["Moss, Carl"], "RE: Dredging permit - revised schedule for the north pier survey and the turbidity plan"),
])
def test_a_column_print_whose_value_wraps_above_a_cc_label(values: str, to: int, cc: list[str], subject: str) -> None:
    """Layout family, labels-then-values prints (FBI, DHS Outlook prints read column by column) with a
    Cc: label, a value wrapped onto a line more than the labels: the run of values goes on past the
    count. GIVEN such a header WHEN read THEN each value is its label's (was: the To: list's last line
    the Cc:, the Cc: the subject, the subject the body's first line)."""
    page = f"From:\nSent:\nTo:\nCc:\nSubject:\n\nRoe, Jane\nTuesday, March 5, 2013 10:14 AM\n{values}\n\nI will call today.\n"
    (email,), _ = emails_from_pages([page], [None])
    assert (len(email.to), [p.name for p in email.cc], email.subject, email.body) == (to, cc, subject, "I will call today.")


@pytest.mark.parametrize(("page", "expected"), [
    # a list ending with ";" over the next list: as counted
    ("From:\nTo:\nCc:\nSubject:\nDate:\n\nRoe, Jane\nDoe, John; Moss, Carl;\nAmes, Lia\nPermit hearing\n"
     "03/04/2013 10:00 AM\n\nPlease see the attached.\n", ("Roe, Jane", "2013-03-04T10:00:00", "Permit hearing")),
    # ... the body's first line under the subject with no blank line: no subject's or name's
    ("From:\nSent:\nTo:\nCc:\nSubject:\n\nRoe, Jane\nMonday, March 4, 2013 10:00 AM\nDoe, John;\nAmes, Lia\nRE: Permit\n"
     "thanks\n", ("Roe, Jane", "2013-03-04T10:00:00", "RE: Permit")),
    # a list ending with ";" (or a speck read as ",") over the subject, no line for the list to go on with
    ("From:\nSent:\nTo:\nSubject:\n\nRoe, Jane\nMonday, March 4, 2013 10:00 AM\nDoe, John; Moss, Carl;\nRE: Permit\n\n"
     "Please see the attached.\n", ("Roe, Jane", "2013-03-04T10:00:00", "RE: Permit")),
    ("From:\nSent:\nTo:\nSubject:\n\nRoe, Jane\nMonday, March 4, 2013 10:00 AM\nDoe, John ,\nPermit hearing\n\n"
     "Please see the attached.\n", ("Roe, Jane", "2013-03-04T10:00:00", "Permit hearing")),
    # labels left blank over a body whose sentence names a date: no values
    ("From:\nTo:\nSubject:\nDate:\n\nJane,\nPer our call, the board will vote on the permit\nat its next meeting. The "
     "agenda goes out\nFriday and the meeting itself is set for\nMonday, March 4, 2013 at 10 AM in Room 2.\n\nCarl\n",
     ("", None, "")),
    ("From:\nSent:\nTo:\nSubject:\n\nJane,\nThe hearing is set for March 4, 2013 in Room 2.\nPlease bring the permit "
     "file.\nThanks\n\nCarl\n", ("", None, "")),
])
def test_a_column_print_read_as_counted_where_no_cut_reads_better(page: str, expected: tuple[str, str | None, str]) -> None:
    """A column print's values one a label stay as counted where a list's value ending with its
    separator has another list after it, or no line to go on with (was: every value lost, or the
    subject taken into the list); lines under labels left blank, as many as the labels or a
    paragraph whose last line names a date, are a body, no values (was: a sentence read as the date)."""
    (email,), _ = emails_from_pages([page], [None])
    assert (email.sender.name if email.sender else "", email.sent, email.subject) == expected


def test_a_reply_line_dated_with_a_two_digit_year() -> None:
    """Layout family, web mail (Yahoo) replies: "On 04/04/13, Jane Roe<jroe@…> wrote:". GIVEN such a
    line WHEN read THEN a quoted copy from that sender, that day (was: no copy)."""
    page = "From: Doe, John\nSent: Friday, April 5, 2013 9:00 AM\nTo: Roe, Jane\nSubject: RE: Letter\n\nAdd me.\n\n" \
           "On 04/04/13, Jane Roe<jroe@harbor.example.gov> wrote:\n\n> Dear all,\n"
    assert [row[:3] for row in _read(page)][1:] == [(True, "Jane Roe", "2013-04-04")]
    for sentence in ("On 3/4/13, the applicant wrote:", "On page 2 of the 3/4/13 letter, the applicant wrote:"):
        assert len(_read(page.replace("On 04/04/13, Jane Roe<jroe@harbor.example.gov> wrote:", sentence))) == 1


# --- Scanned prints of long headers (session 43's hunt on degraded scans) ---

_LONG_LIST = (
    "From: Jane Roe [mailto:jroe@harbor.example.gov]\nSent: Thursday, March 24, 2022 5:05 PM\n"
    "To: Carl Moss {0}cmoss@harbor.example.gov{1}; Ellen Park\n{0}epark@harbor.example.gov{1}; Oscar Lee "
    "{0}olee@harbor.example.gov{1};\nAnn Vega {0}avega@harbor.example.gov{1}; Samira\nNoor {0}snoor@harbor.example.gov{1}; "
    "Ivan Hale\n{0}ihale@harbor.example.gov{1}\nCc: John Doe {0}jdoe@harbor.example.gov{1}\n"
    "Subject: Camera outage\n\nPlease send me your actions by Friday.\n")


@pytest.mark.parametrize(("opening", "closing"), [("[mailto:", "]"), ("<", ">"), ("«", ">"), ("(", ">"), ("[", "]")])
def test_a_long_recipient_list_whose_parties_wrap_before_their_addresses(opening: str, closing: str) -> None:
    """Layout family: Outlook prints each recipient's address after the name, and a long list
    wraps between a name and its address ("Ellen Park" / "[mailto:epark@…]"), or inside a name
    ("Samira" / "Noor <…>"); OCR reads the "<" as "«" or "(". GIVEN such a To: list of six
    THEN all six are read, and the Cc: and Subject: under it (was: the list cut at the first
    such wrap, the Cc: and the subject lost, nothing doubted)."""
    (email,) = emails_from_pages([_LONG_LIST.format(opening, closing)], [None])[0]
    assert [(p.name, p.address) for p in email.to] == [
        ("Carl Moss", "cmoss@harbor.example.gov"), ("Ellen Park", "epark@harbor.example.gov"),
        ("Oscar Lee", "olee@harbor.example.gov"), ("Ann Vega", "avega@harbor.example.gov"),
        ("Samira Noor", "snoor@harbor.example.gov"), ("Ivan Hale", "ihale@harbor.example.gov")]
    assert [p.name for p in email.cc] == ["John Doe"] and email.subject == "Camera outage"
    assert email.body == "Please send me your actions by Friday."


def test_a_name_alone_on_a_list_of_names_is_not_joined_to_a_line_of_prose() -> None:
    """A list of names without addresses ending with a name, and a body line that opens with
    words and an address: the body's (a name wrapped before its address needs the list's other
    parties to print theirs)."""
    page = ("From: Roe, Jane\nSent: Thursday, March 24, 2022 5:05 PM\nTo: Doe, John\n"
            "Please ask Carl <cmoss@harbor.example.gov> to call.\n")
    (email,) = emails_from_pages([page], [None])[0]
    assert [p.name for p in email.to] == ["Doe, John"] and email.body.startswith("Please ask Carl")


@pytest.mark.parametrize("rest", ["Security by 3/31", "IT Security by 3/31"])
def test_a_subject_line_cut_on_a_joining_word_goes_on_under_it(rest: str) -> None:
    """Layout family, any desktop client: a long subject wraps where the line is full, mid-phrase
    ("… from Facilities, IT and" / "Security by 3/31"); a title never ends on "and", "of", "the"
    or a comma, so the line under it is the subject's, capital or not, blank line after or not
    (was: the subject cut at "and", its rest the body's first line)."""
    head = "Subject: FW: Camera outage - gate 2 - follow-up actions requested from Facilities, " + (
        "and" if rest.startswith("Security") else "the")
    page = ("From: Roe, Jane\nSent: Thursday, March 24, 2022 5:05 PM\nTo: Doe, John\n"
            f"{head}\n{rest}\nAll, please see below.\n")
    (email,) = emails_from_pages([page], [None])[0]
    assert email.subject == f"{head[9:]} {rest}" and email.body == "All, please see below."
    short = page.replace(head, "Subject: Camera outage and")
    (email,) = emails_from_pages([short], [None])[0]
    assert email.subject == "Camera outage and" and email.body.startswith(rest)


@pytest.mark.parametrize("separator", ["----- Original Message----- , -", "o---- Original Message -----",
                                       "_ -==+-Original Message-----", "a Original Message -----"])
def test_an_original_message_separator_read_with_specks_among_its_dashes(separator: str) -> None:
    """OCR failure, scans: the dashes around "Original Message" read with specks among them or a
    stroke as a letter before them. GIVEN such a line over a header at a page's top THEN the header
    is a quoted copy in the email on the page before (was: a top email of its own, the reply's
    span cut at the page break)."""
    pages = [_print("Tuesday, April 20, 2021 11:58 AM", "Roe, Jane", "RE: Survey") + "Noted, thanks.\n",
             f"{separator}\nFrom: Moss, Carl\nSent: Monday, April 19, 2021 9:14 PM\nTo: Roe, Jane\n"
             "Subject: Survey\n\nThe survey is done.\n"]
    emails, _ = emails_from_pages(pages, [None, None])
    assert [(e.quoted, e.start_page, e.end_page) for e in emails] == [(False, 1, 2), (True, 2, 2)]
    assert emails_from_pages(["From: Moss, Carl\nTo: Roe, Jane\nSubject: x\n\nRe: Original Message\n"], [None])[0][0].body \
        == "Re: Original Message"


@pytest.mark.parametrize(("printed", "sent"), [
    ("Monday, August 16, 2021 11:59 PW", "2021-08-16T23:59:00"), ("Wednesday, March 23, 2022 1:30 Pl", "2022-03-23T13:30:00")])
def test_a_pm_read_as_p_and_a_stroke_is_the_afternoon(printed: str, sent: str) -> None:
    """OCR failure, scans: the M of "PM" read as "W" or as a stroke ("l"): still the afternoon, the
    date damaged (was: the morning, the hour read as a 24-hour clock)."""
    (email,) = emails_from_pages([_print(printed) + "Noted.\n"], [None], ocr_pages={1})[0]
    assert (email.sent, email.date_certainty) == (sent, "damaged")


def test_a_reply_line_whose_pm_follows_a_full_stop() -> None:
    """OCR failure, scans: the space before "PM" in "On … at 7:45 PM, Name <addr> wrote:" read as a
    full stop: the clock's PM, the sender the name after it (was: 07:45, sender "PM, Nia Amari")."""
    page = (_print("Tuesday, February 22, 2022 9:01 AM") + "Thanks.\n\n"
            "On Mon, Feb 21, 2022 at 7:45.PM, Ann Vega <avega@harbor.example.gov> wrote:\n\n> Can we meet?\n")
    emails, _ = emails_from_pages([page], [None], ocr_pages={1})
    assert [(e.sender.name if e.sender else "", e.sent) for e in emails][1:] == [("Ann Vega", "2022-02-21T19:45:00")]


@pytest.mark.parametrize("label", ["Dette", "Dat=", "Oate"])
def test_an_apple_mail_date_label_misread_under_the_subject(label: str) -> None:
    """OCR failure, Apple Mail prints (From, Subject, Date, To): the "Date:" label misread past
    the labels' list ("Dette:", "Dat=:", "Oate:"), its value a whole date with a clock: the date
    (was: the line glued onto the subject, the email undated)."""
    page = (f"From: Ann Vega <avega@harbor.example.gov>\nSubject: Re: Lease renewal\n{label}: July 15, 2021 at 12:14:09 PM EDT\n"
            "To: Jane Roe <jroe@harbor.example.gov>\n\nSigned today.\n")
    (email,) = emails_from_pages([page], [None], ocr_pages={1})[0]
    assert (email.subject, email.sent) == ("Re: Lease renewal", "2021-07-15T12:14:09-04:00")


def test_a_subject_label_whose_e_ocr_read_as_a_bracket() -> None:
    """OCR failure, scans: "Subject:" read "Subj<ct:": the subject's label (was: no label, and the
    mailbox banner above the header taken for the subject)."""
    page = "Roe, Jane\nFrom: Quinn, Tessa\nSent: 06/07/2022 09:05\nTo: Roe, Jane\nSubj<ct: Schedule for Friday\n\nSee below.\n"
    (email,) = emails_from_pages([page], [None], ocr_pages={1})[0]
    assert email.subject == "Schedule for Friday"


def test_a_wrapped_subject_with_specks_at_its_lines_ends() -> None:
    """OCR failure, scans: a speck read at the end of a subject's wrapped line ("… turbidity .") or
    at its start (". monitoring"), and two at the subject's end ("tenant . ;"): no sentence's stop
    (was: the subject cut at its first line)."""
    page = ("From: Roe, Jane\nSent: Wednesday, March 17, 2021 9:47 AM\nTo: Doe, John\n"
            "Subject: Follow-up on the revised dredge disposal schedule, the berth 7 fender\n"
            "replacement contract and the county's request for updated turbidity .\n. monitoring data . ;\n\nJohn, see below.\n")
    (email,) = emails_from_pages([page], [None], ocr_pages={1})[0]
    assert email.subject == ("Follow-up on the revised dredge disposal schedule, the berth 7 fender replacement "
                             "contract and the county's request for updated turbidity monitoring data")


@pytest.mark.parametrize(("first", "second", "third"), [
    ("Tessa Quinn/OPS/Harbor _ Ta Ivan Hale/ENG/Harbor", "05/19/2021 04:45 PM - cc Samira Noor/OPS/Harbor", "bcc ."),
    ("Tessa Quinn/OPS/Harbor ‘, ‘To Ivan Hale/ENG/Harbor", "05/19/2021 04:45 PM cc Samira Noor/OPS/Harbor", "‘bec :"),
    ("Tessa Quinn/OPS/Harbor Too Ivan Hale/ENG/Harbor", "05/19/2021 04:45 PM . ee Samira Noor/OPS/Harbor", ". hae"),
    ("Tessa Quinn/OPS/Harbor To Ivan Hale/ENG/Harbor", "OS/19/2021 04:45 PM cc Samira Noor/OPS/Harbor", "bcc"),
])
def test_a_notes_header_with_specks_between_its_columns(first: str, second: str, third: str) -> None:
    """OCR failure, scanned Lotus Notes prints: specks read between the sender's and the To
    column ("_ Ta", "‘, ‘To", "Too") or between the date and cc ("- cc", ". ee"), the bcc label
    "hae" or "‘bec", the date's month read as letters ("OS/19/2021"): still the header (was: no header, the email's lines the body of the one
    above it, under that one's sender and date)."""
    page = (_print("Friday, May 14, 2021 9:02 AM", "Roe, Jane", "Crane") + "See below.\n\n"
            f"{first}\n{second}\n{third}\nSubject Re: Crane inspection\n\nIvan, please look at berth 3.\n")
    emails, _ = emails_from_pages([page, "Roe, Jane\n" + page.split("\n\n", 1)[1]], [None, None], ocr_pages={1, 2})
    notes = [e for e in emails if e.sender and e.sender.name == "Tessa Quinn/OPS/Harbor"]
    assert len(notes) == 2 and all(e.sent == "2021-05-19T16:45:00" and e.subject == "Re: Crane inspection"
                                   and [p.name for p in e.to] == ["Ivan Hale/ENG/Harbor"]
                                   and [p.name for p in e.cc] == ["Samira Noor/OPS/Harbor"] for e in notes)


@pytest.mark.parametrize("count", ["Limessage", "I message"])
def test_a_gmail_message_count_whose_1_ocr_read_as_letters(count: str) -> None:
    """OCR failure, Gmail prints: the count's "1" read as letters ("Limessage"): still the count, the
    title over it the subject (was: no title found, no subject)."""
    page = (f"Gmail Marta Vega <mvega@harbor.example.gov>\nRe: Public comment window\n{count}\n"
            "Marta Vega <mvega@harbor.example.gov> Fri, Jun 18, 2021 at 9:14 AM\nTo: Dale Frost <dfrost@county.example.us>\n"
            "Thank you, we will file comments.\n")
    (email,) = emails_from_pages([page], [None], ocr_pages={1})[0]
    assert email.subject == "Re: Public comment window"


def test_a_gmail_title_over_its_count_with_a_smudge_under_it_and_no_subject_from_the_page_before() -> None:
    """Layout family, Gmail prints: the title is the line over "1 message" (OCR read specks after
    the count, and a smudge between it and the sender's line). GIVEN such a print on the page after
    an Outlook Web App print THEN its subject is its title (was: none found, so the Outlook on the
    web print's subject, the page before's, was given to it)."""
    owa = ("Year-end inventory\nMoss, Carl\nSent: Monday, December 21, 2020 4:00 PM\nTo: Roe, Jane\n\n"
           "Inventory counts are due December 30.\n")
    gmail = ("Gmail - Tenant holiday hours\nTenant holiday hours .\n1 message : , .\n0m oaoo3.02\n"
             "Ruth Blakemore <rblakemore@tidewater.example.org> Tue, Dec 22, 2020 at 11:15 PM\n"
             "To: Jane Roe <jroe@harbor.example.gov>\nJane, our holiday hours are attached.\n")
    emails, _ = emails_from_pages([owa, gmail], [None, None], ocr_pages={1, 2})
    assert [(e.sender.name if e.sender else "", e.subject) for e in emails] == [
        ("Moss, Carl", "Year-end inventory"), ("Ruth Blakemore", "Tenant holiday hours")]


@pytest.mark.parametrize("rule", ["Sinn —y", "ee ———", "—— - ——"])
def test_an_outlook_web_print_whose_rule_under_the_title_ocr_read_as_letters(rule: str) -> None:
    """OCR failure, Outlook on the web prints: the rule under the title read as a few letters
    around a dash: no title (was: the subject, the title above it lost)."""
    page = (f"Environmental assessment comments\n{rule}\nEllen Park <epark@harbor.example.gov> Thu 5/13/2021 3:08 PM\n"
            "To: Jane Roe <jroe@harbor.example.gov>\nComments are due May 28.\n")
    (email,) = emails_from_pages([page], [None], ocr_pages={1})[0]
    assert (email.sender.name if email.sender else "", email.subject) == ("Ellen Park", "Environmental assessment comments")


def test_a_long_list_of_mailto_addresses_ocr_damaged_between_its_parties() -> None:
    """OCR failure, scans of the same family: "[Mailto:" capitalised, an address's "@" read as a
    letter or a space before it, a separator read ":" after a closing bracket, a speck read as a
    comma after a name: the list still goes on to its Cc: and Subject: (was: cut at the first
    such line, the Cc: and the subject lost)."""
    page = ("From: John Doe [mailto:jdoe@harbor.example.gov]\nSent: Thursday, March 24, 2022 5:05 PM\n"
            "To: Carl Moss [mailto:cmoss@harbor.example.gov]:; Ellen Park\n"
            "[mailto:epark @harbor.example.gov]:; Oscar Lee [mailto:olee@harbor.example.gov]:\n"
            "Ann Vega [Mailto:avega@harbor.example.gov]; Tessa Quinn ,\n"
            "[Mailto:tquinn@harbor.example.gov]; Ivan Hale [Mailto:ihale@harbor.example.gov]\n"
            "Cc: Jane Roe [Mailto:jroe@harbor.example.gov]\nSubject: FW: Camera outage\n"
            "All, please see below.\n")
    (email,) = emails_from_pages([page], [None], ocr_pages={1})[0]
    assert [p.name for p in email.to] == ["Carl Moss", "Ellen Park", "Oscar Lee", "Ann Vega", "Tessa Quinn", "Ivan Hale"]
    assert [p.name for p in email.cc] == ["Jane Roe"] and email.subject == "FW: Camera outage"


@pytest.mark.parametrize("line", ["Begin forssarded message:", "Begin forwardcd message:"])
def test_apple_mails_forward_line_misread_still_opens_the_forwarded_copy(line: str) -> None:
    """OCR failure, scans of Apple Mail prints: "Begin forwarded message:" with "forwarded" misread:
    still the line the forwarded copy is printed under (was: its header read as no quoted copy)."""
    page = ("From: Tessa Quinn <tquinn@harbor.example.gov>\nSubject: Re: Ferry timetable\n"
            "Date: October 16, 2020 at 2:30:00 PM EDT\nTo: Dale Frost <dfrost@county.example.us>\n\nReceived.\n\n"
            f"Sent from my iPhone\n{line}\nFrom: Dale Frost <dfrost@county.example.us>\nSubject: Ferry timetable\n"
            "Date: October 14, 2020 at 9:40:00 AM EDT\nTo: Tessa Quinn <tquinn@harbor.example.gov>\n\nThe winter timetable.\n")
    emails, _ = emails_from_pages([page], [None], ocr_pages={1})
    assert [(e.quoted, e.subject) for e in emails] == [(False, "Re: Ferry timetable"), (True, "Ferry timetable")]
    assert "boundary:unmarked-header" not in emails[1].doubts


def test_an_outlook_web_title_wrapped_over_two_lines_whose_first_prints_a_colon() -> None:
    """Layout family, Outlook on the web prints: a long title wraps onto a second line, its first
    printing a colon ("Festival logistics: stage, …"): the subject is both lines, the print begins
    at the title (was: no subject, and the title's lines the body of the email on the page before)."""
    page = ("Festival logistics: stage, power, portable restrooms, parking,\nshuttle and the noise variance\n"
            "Jane Roe <jroe@parks.example.gov> Wed 8/17/2022 3:40 PM\nTo: Carl Moss <cmoss@parks.example.gov>\n"
            "All, status table attached.\n")
    before = _print("Wednesday, August 17, 2022 10:12 AM", "Moss, Carl", "RE: Stage rental") + "Quote attached.\n"
    emails, _ = emails_from_pages([before, page], [None, None])
    assert [(e.start_page, e.end_page, e.subject) for e in emails] == [
        (1, 1, "RE: Stage rental"),
        (2, 2, "Festival logistics: stage, power, portable restrooms, parking, shuttle and the noise variance")]


def test_a_reply_line_with_a_speck_after_wrote() -> None:
    """OCR failure, scans: a speck or a rule's end read after "wrote:" ("wrote: —"): still the line
    the quoted copy is printed under (was: no quoted copy, its text the reply's)."""
    page = (_print("Tuesday, September 27, 2022 9:01 AM") + "Thanks.\n\n"
            "On Mon, Sep 26, 2022 at 3:12 PM, Iris Vance <ivance@parks.example.gov> wrote: —\n\n> The permit is ready.\n")
    emails, _ = emails_from_pages([page], [None], ocr_pages={1})
    assert [(e.quoted, e.sender.name if e.sender else "") for e in emails] == [(False, "Doe, John"), (True, "Iris Vance")]


def test_a_gmail_sender_line_whose_clock_ocr_read_past_reading() -> None:
    """OCR failure, Gmail prints: the clock on the sender's line read past reading ("at LO-41 PM"):
    still the message's header, its day read and its date damaged (was: no header, the first quoted
    copy under it taken for the message, its sender, date and subject stated)."""
    page = ("Gmail Iris Vance <ivance@parks.example.gov>\n\nRe: Festival permit\n1 message\n\n"
            "Milo Trent <mtrent@mail.example.com> Mon, Aug 15, 2022 at LO-41 PM\nTo: Iris Vance <ivance@parks.example.gov>\n\n"
            "The certificate is attached.\n\nOn Mon, Aug 15, 2022 at 9:30 AM, Iris Vance <ivance@parks.example.gov> wrote:\n"
            "> Please send the certificate.\n")
    emails, _ = emails_from_pages([page], [None], ocr_pages={1})
    assert [(e.quoted, e.sender.name if e.sender else "", e.sent, e.date_certainty) for e in emails] == [
        (False, "Milo Trent", "2022-08-15", "damaged"), (True, "Iris Vance", "2022-08-15T09:30:00", "exact")]
    assert emails[0].subject == "Re: Festival permit"


@pytest.mark.parametrize("title", ["RE: Pier 7 close-out: \"as-built\" survey (final)",
                                   "Re: FW: Pier 7 close-out: \"as-built\" survey (final)"])
def test_an_outlook_web_print_run_on_under_another_print_keeps_its_title(title: str) -> None:
    """Layout family, prints compiled one after another on the page: an Outlook on the web print of
    a reply starts under the message before it ends, no page break, its title the line over its
    sender. GIVEN a title answering a subject a header above on the page prints WHEN split THEN it is
    the reply's subject (was: none, the title the body's last line of the message above). A line
    over a later message's sender that answers no subject printed above stays the body before it."""
    page = ("From: \"Zuleika Roe\" <Z.ROE@PORT.EXAMPLE.GOV>\nTo: \"Carl Moss\" <C.MOSS@PORT.EXAMPLE.GOV>\n"
            "Date: 6/18/2024 3:55 PM\nSubject: Pier 7 close-out: \"as-built\" survey (final)\n"
            "The as-built survey confirms 38.5 feet across the approach.\n"
            f"{title}\nCarl Moss <c.moss@port.example.gov> Tue 6/18/2024 4:40 PM\n"
            "To: Zuleika Roe <z.roe@port.example.gov>\nZuleika, approved.\n")
    emails, _ = emails_from_pages([page], [None])
    assert [(e.quoted, e.sender.name if e.sender else "", e.subject) for e in emails] == [
        (False, "Zuleika Roe", "Pier 7 close-out: \"as-built\" survey (final)"), (False, "Carl Moss", title)]
    assert emails[0].body.strip() == "The as-built survey confirms 38.5 feet across the approach."
    other = page.replace(title, "RE: the dredge permits for Pier 9")
    emails, _ = emails_from_pages([other], [None])
    assert "RE: the dredge permits for Pier 9" in emails[0].body


# a reply on a page, and the foot of another subject's message under it (the tests below)
_CANVASS_REPLY = ("From: Rupert Roe <rupert.roe@mail.example.com>\nSubject: Re: FW: Canvass certified (final)\n"
                  "Date: March 15, 2024 at 9:12:00 PM EDT\nTo: Ellen Park <epark@clerk.example.gov>\n"
                  "Ellen, thanks for the update.\n")
_CANVASS_THANKS = ("To: \"Moss, Carl\" <cmoss@clerk.example.gov>\nSubject: Thanks - canvass\n"
                   "Carl - thank you. Lunch is on me Friday.\n")


@pytest.mark.parametrize(("sent", "quoted"), [
    ("Saturday, March 16, 2024 at 9:30 AM", False),  # 12 hours 18 minutes after the message above
    ("Friday, March 15, 2024 at 11:50 PM", True),  # 2 hours 38 minutes after: two zones' clocks may differ so
])
def test_a_message_on_another_subject_half_a_day_newer_than_the_one_above_starts_a_print(sent: str, quoted: bool) -> None:
    """Layout family, prints compiled one after another with no separator between (a mailbox's
    messages printed oldest first): GIVEN a header on another subject than the one above it (neither
    answers the other) sent more than half a day after it WHEN split THEN it is a message of its own,
    not a copy the one above quotes (was: read as quoted unless newer by more than a day). Only a
    difference of zones makes a quoted copy read newer than the reply above it, and a reply quotes
    the message it answers, its subject: two subjects and half a day apart is no quote. Hours
    newer, it stays quoted, doubted."""
    page = _CANVASS_REPLY + f"From: Ellen Park <epark@clerk.example.gov>\nDate: {sent}\n" + _CANVASS_THANKS
    emails, _ = emails_from_pages([page], [None])
    assert [(e.quoted, e.subject) for e in emails] == [
        (False, "Re: FW: Canvass certified (final)"), (quoted, "Thanks - canvass")]
    assert ("boundary:unmarked-header" in emails[1].doubts) is quoted


def test_a_message_newer_than_the_nearest_dated_header_above_it_starts_a_print() -> None:
    """... GIVEN the header right above it a quoted copy whose date a box withholds ("Date: (b)(6)")
    WHEN split THEN the header on another subject, a day newer than the nearest header above whose
    date was read, is a message of its own (was: no date to compare, a quoted copy)."""
    page = (_CANVASS_REPLY + "From: Ellen Park <epark@clerk.example.gov>\nSubject: FW: Canvass certified (final)\n"
            "Date: (b)(6)\nTo: Rupert Roe <rupert.roe@mail.example.com>\nThe canvass is certified.\n"
            "From: Ellen Park <epark@clerk.example.gov>\nDate: Monday, March 18, 2024 at 9:30 AM\n" + _CANVASS_THANKS)
    emails, _ = emails_from_pages([page], [None])
    assert [(e.quoted, e.subject) for e in emails] == [
        (False, "Re: FW: Canvass certified (final)"), (True, "FW: Canvass certified (final)"), (False, "Thanks - canvass")]


def test_a_chain_forwarded_right_under_its_header_stays_quoted_whatever_its_clock() -> None:
    """... but a message that writes nothing of its own above the header under it forwards that chain,
    whose clocks may be printed in another zone ("Fri, 6 Mar 2020 03:00:23 +0000", hours "newer"):
    GIVEN such a header on another subject half a day newer WHEN split THEN it stays quoted."""
    page = ("From: Doe, John\nSent: Thursday, March 5, 2020 10:30 AM\nTo: Roe, Jane\n"
            "Subject: RE: Please review: House letter on testing\n\nWhy am I asked to review this?\n\n"
            "From: Roe, Jane\nSent: Thursday, March 5, 2020 9:53 AM\nTo: Doe, John\n"
            "Subject: Please review: House letter on testing\n\n"
            "From: Doe, John\nSent: Fri, 6 Mar 2020 03:00:23 +0000\nTo: Moss, Carl\nSubject: RE: Blood supply\n\n"
            "Thanks for the note.\n")
    emails, _ = emails_from_pages([page], [None])
    assert [(e.quoted, e.subject) for e in emails] == [
        (False, "RE: Please review: House letter on testing"), (True, "Please review: House letter on testing"),
        (True, "RE: Blood supply")]


NOTES_INTERNET_PAGE = (
    "Ann Roe <ann.roe@board.example.gov> To Carl Moss\n"
    "02/08/2024 02:44 PM <cmoss@moss-law.example.com>\n"
    "cc Jane Doe\n<jane.doe@board.example.gov>, Ellen\nPark\n<ellen.park@board.example.gov>, Tom\n"
    "Mabb <tom.mabb@board.example.gov>,\nPat Nix\n<pat.nix@board.example.gov>, (b)(7)(C)\n"
    "@sheriff.example.gov\n"
    "bcc\nSubject RE: Motion to continue - P-24-0193 (client: [redacted])\n"
    "Mr. Moss, the panel will rule on the motion by February 20.\n"
    "From: Carl Moss [mailto:cmoss@moss-law.example.com]\nSent: 02/06/2024 16:20\n"
    "To: Ann Roe [mailto:ann.roe@board.example.gov]\nSubject: Motion to continue - P-24-0193 (client: [redacted])\n"
    "Counsel requests a 60-day continuance.\n"
    "Jane Doe <jane.doe@board.example.gov> To Ann Roe/HEAR/HBR\n02/09/2024 10:15 AM cc\nbcc\n"
    "Subject Re: RE: Motion to continue - P-24-0193 (client:\n[redacted])\n"
    "Ann -- the statute allows up to 90 days; 30 is fine.\n")


def test_a_notes_print_from_an_internet_sender_named_before_its_address() -> None:
    """Layout family, Lotus Notes memo headers read across (a text layer): a sender from outside the
    Notes domain printed as its name and address unquoted ("Ann Roe <ann.roe@…>   To …"), each
    recipient's address wrapped in its column under its name ("To Carl Moss" over "<cmoss@…>", "…,
    Ellen" over "Park" over "<ellen.park@…>"), a subject wrapped after a bracket it opened ("(client:"
    over "[redacted])"), a boxed mailbox's domain under its code ("(b)(7)(C)" over "@sheriff…"). GIVEN such a print WHEN split THEN its header is read whole (was: no header,
    the message it quotes taken for it); the reply printed under the chain in another Notes header,
    answering it and days newer read either way of its day and month ("02/06/2024", "02/09/2024"),
    is a message of its own (was: quoted, its numeric dates ambiguous)."""
    emails, _ = emails_from_pages([NOTES_INTERNET_PAGE], [None])
    assert [(e.quoted, e.sender.address if e.sender else "", e.subject) for e in emails] == [
        (False, "ann.roe@board.example.gov", "RE: Motion to continue - P-24-0193 (client: [redacted])"),
        (True, "cmoss@moss-law.example.com", "Motion to continue - P-24-0193 (client: [redacted])"),
        (False, "jane.doe@board.example.gov", "Re: RE: Motion to continue - P-24-0193 (client: [redacted])")]
    assert [p.address for p in emails[0].to] == ["cmoss@moss-law.example.com"]
    assert [(p.name, p.redactions) for p in emails[0].cc] == [
        ("Jane Doe", ()), ("Ellen Park", ()), ("Tom Mabb", ()), ("Pat Nix", ()), ("", ("(b)(7)(C)",))]
    assert emails[0].body.startswith("Mr. Moss, the panel will rule on the motion by February 20.")


def test_an_outlook_web_title_over_two_lines_above_a_sender_and_time_on_lines_of_their_own() -> None:
    """Layout family, Outlook on the web prints at a page's top: a title wrapped over two lines (its
    first opening "Re:"), the sender, the time on a line of its own, the To: line. GIVEN such a print
    WHEN split THEN the title is both lines, the print's subject (was: none, the title the body's end
    of the message on the page before)."""
    page = ("Re: Board meeting 4/18: agenda, minutes (3/21) & exec session\nnotice\n"
            "Carl Moss <cmoss@board.example.gov>\nMon 4/15/2024 11:26 AM\nTo: Jane Roe <jroe@board.example.gov>\n"
            "Jane, one correction to the minutes.\n")
    before = _print("Monday, April 15, 2024 9:00 AM", "Roe, Jane", "Board meeting 4/18") + "Members, the agenda.\n"
    emails, _ = emails_from_pages([before, page], [None, None])
    assert [(e.start_page, e.end_page, e.subject) for e in emails] == [
        (1, 1, "Board meeting 4/18"), (2, 2, "Re: Board meeting 4/18: agenda, minutes (3/21) & exec session notice")]


def test_a_reply_under_the_copies_the_message_above_quotes_is_its_own() -> None:
    """Layout family, a thread's messages printed oldest first, each with the chain it quotes, no
    rule or banner between: GIVEN a reply ("RE: Re: Media inquiry", 4:02 PM) printed under the copy a
    message ("Re: Media inquiry", 3:40 PM) quotes WHEN split THEN it answers that message and is newer:
    a message of its own (was: compared with the quoted copy right above it alone, whose subject is
    not printed, and read as quoted); one older than the message stays a quoted copy."""
    page = ("From: Roe, Jane\nSent: Friday, March 22, 2024 3:40 PM\nTo: Doe, John\nSubject: Re: Media inquiry\n\n"
            "John, no comment for now.\n\n"
            "On Fri, Mar 22, 2024 at 11:00 AM, Ann Poe <apoe@courier.example.com> wrote:\n> Any comment on the alert?\n\n"
            "From: Doe, John\nSent: Friday, March 22, 2024 4:02 PM\nTo: Roe, Jane\nSubject: RE: Re: Media inquiry\n\n"
            "Agreed.\n")
    emails, _ = emails_from_pages([page], [None])
    assert [(e.quoted, e.subject) for e in emails] == [
        (False, "Re: Media inquiry"), (True, ""), (False, "RE: Re: Media inquiry")]
    older = page.replace("4:02 PM", "3:02 PM")
    emails, _ = emails_from_pages([older], [None])
    assert [e.quoted for e in emails] == [False, True, True]


def test_a_reply_whose_numeric_date_read_nearest_the_message_it_answers_is_newer_is_its_own() -> None:
    """... and a reply right under the message it answers (its subject with a prefix more), printed
    with a numeric date its day and month may be read either way ("11/06/2024": November 6 or June
    11): read the way nearest that message (a thread's messages are close in time), newer, it is a
    message of its own (was: quoted, and dated June 11 from the thread's order); older that way it
    stays quoted, however much newer the other way ("4/9/2024 8:22 AM" under "Apr 9, 2024 9:14 AM"
    whose subject OCR read with a speck before its prefixes, "- RE: FW:"); a header printing no
    more prefixes than the one above is newer both ways or quoted."""
    page = ("From: Doe, John\nSent: November 5, 2024 at 10:20:00 AM EST\nTo: Roe, Jane\nSubject: RE: Pickup time\n\n"
            "Jane, 6:52 is fine.\n\n"
            "From: Roe, Jane\nDate: 11/06/2024 08:11 AM\nTo: Moss, Carl\nSubject: FW: RE: Pickup time\n\nFYI.\n")
    emails, _ = emails_from_pages([page], [None])
    assert [(e.quoted, e.sent) for e in emails] == [(False, "2024-11-05T10:20:00-05:00"), (False, "2024-11-06T08:11:00")]
    same = page.replace("FW: RE: Pickup time", "Pickup time update").replace("November 5", "November 2")
    emails, _ = emails_from_pages([same], [None])
    assert [e.quoted for e in emails] == [False, True]  # (June 11 one way: no telling)
    chain = ("From: Roe, Jane\nSent: Tue, Apr 9, 2024 at 9:14 AM\nTo: Doe, John\nSubject: - RE: FW: Absences\n\n"
             "All, opening an investigation.\n\n"
             "From: Roe, Jane\nSent: 4/9/2024 8:22 AM\nTo: Moss, Carl\nSubject: FW: Absences\n\nPlease see below.\n")
    emails, _ = emails_from_pages([chain], [None])
    assert [e.quoted for e in emails] == [False, True]


def test_a_body_line_with_a_box_under_a_web_prints_cc_list_is_no_recipient() -> None:
    """Layout family, Outlook on the web prints quoting a desktop header: GIVEN a Cc: list followed
    by the reply's one line, a box's code in its sentence ("Gideon, (b)(5) . I will send comments by
    11/22."), then the quoted header's From: WHEN split THEN the sentence is the body, the print its
    own email over the quoted copy (was: the sentence a recipient, the quoted header's From: and
    Sent: read into the print's header and the print lost); a line of names and codes still goes on."""
    page = ("RE: Contract amendment #3\nJane Roe <jroe@district.example.org>\nTue 11/19/2024 9:14 AM\n"
            "To: Carl Moss <cmoss@coach.example.com>\n"
            "Cc: John Doe <jdoe@district.example.org>; Ellen Park\n<epark@district.example.org>\n"
            "Carl, (b)(5) . I will send comments by 11/22.\n"
            "From: Carl Moss <cmoss@coach.example.com>\nSent: Mon 11/18/2024 4:05 PM\n"
            "To: Jane Roe <jroe@district.example.org>\nSubject: Contract amendment #3\n\nJane, the amendment.\n")
    emails, _ = emails_from_pages([page], [None])
    assert [(e.quoted, e.sender.name if e.sender else "", e.subject) for e in emails] == [
        (False, "Jane Roe", "RE: Contract amendment #3"), (True, "Carl Moss", "Contract amendment #3")]
    assert [p.name for p in emails[0].cc] == ["John Doe", "Ellen Park"]
    assert emails[0].body.startswith("Carl, (b)(5) . I will send comments by 11/22.")


def test_a_speck_after_a_quoted_name_in_a_wrapped_list_does_not_end_it() -> None:
    """OCR failure, scanned GroupWise prints of long lists: a speck read apart after a quoted name
    whose address wrapped onto the next line ('"Amadeus Roe" .' over '<AROE@…>, …'): the list goes
    on (was: it ended there, the rest of To:, the Cc:, the Date: and the Subject: lost)."""
    page = ('From: "Jane Roe" <JROE@DISTRICT.EXAMPLE.ORG>\n'
            'To: "Carl Moss" <CMOSS@DISTRICT.EXAMPLE.ORG>,\n"Amadeus Doe" .\n<ADOE@DISTRICT.EXAMPLE.ORG>, "Ellen\n'
            'Park" <EPARK@DISTRICT.EXAMPLE.ORG>\ncc: "John Lee" <JLEE@DISTRICT.EXAMPLE.ORG> .\n'
            "Date: 11/12/2024 7:55 PM\nSubject: Board question: ride times\n\nMarjorie, the board asks.\n")
    (email,), _ = emails_from_pages([page], [None], ocr_pages={1})
    assert [p.name for p in email.to] == ["Carl Moss", "Amadeus Doe", "Ellen Park"]
    assert [p.name for p in email.cc] == ["John Lee"]
    assert (email.sent, email.subject) == ("2024-11-12T19:55:00", "Board question: ride times")


def test_a_salutation_under_a_subject_is_the_body_not_the_subjects_rest() -> None:
    """Layout family, a message whose body is one line, a salutation and a box ("Ellen, (b)(5) .")
    over a blank line: GIVEN such a header WHEN split THEN the subject is its own line (was: the
    salutation and the box's code read as the subject's wrapped rest)."""
    page = ("From: Jane Roe <jroe@board.example.gov>\nDate: Wednesday, April 3, 2024 1:57 PM\n"
            "To: Carl Moss <cmoss@board.example.gov>\n"
            "Subject: FW: RE: Constituent question re: harbor hearing notice\nEllen, (b)(5) .\n\n")
    (email,), _ = emails_from_pages([page], [None], ocr_pages={1})
    assert email.subject == "FW: RE: Constituent question re: harbor hearing notice"
    assert email.body.strip().startswith("Ellen, (b)(5)")


def test_a_gmail_message_count_with_a_speck_after_it_is_no_part_of_the_title() -> None:
    """OCR failure, Gmail prints: the title's count of messages read with its space lost and a speck
    after it ("1message _"): still the count (was: the title's subject ended "… 1message")."""
    page = ("Gmail . _ Roe, Jane\n\nRE: Bus door incident - my daughter (Larkspur Rd.)\n1message _\n\n"
            "Jane Roe <jroe@district.example.org> Thu, Oct 10, 2024 at 9:25 AM\nTo: Carl Moss <cmoss@district.example.org>\n\n"
            "Carl, the driver has been retrained.\n")
    (email,), _ = emails_from_pages([page], [None], ocr_pages={1})
    assert email.subject == "RE: Bus door incident - my daughter (Larkspur Rd.)"


def test_a_quoted_name_broken_over_lines_in_a_list_whose_other_quotes_ocr_misread() -> None:
    """OCR failure, scanned GroupWise prints of long lists: a quoted name broken at a line's end
    ('…, "Lee' over 'Oakenfold" <…>') in a list where OCR read another name's closing quote as
    an apostrophe ('"Pat Nixdorf’ <…>'): the list goes on (was: it ended at the broken name, the
    Cc:, Date: and Subject: lost)."""
    page = ('From: "Jane Roe" <JROE@BOARD.EXAMPLE.GOV>\n'
            'To: "Carl Moss" <CMOSS@BOARD.EXAMPLE.GOV>,\n"Pat Nixdorf’ <PNIX@BOARD.EXAMPLE.GOV>, "Lee\n'
            'Oakenfold" <LOAK@BOARD.EXAMPLE.GOV>, "Wenonah\nPrudhomme" <WPRU@BOARD.EXAMPLE.GOV>, "Ferdinand\n'
            'Quiller" <FQUI@BOARD.EXAMPLE.GOV>, "Albertine\nRamsbottom" <ARAM@BOARD.EXAMPLE.GOV>\n'
            'CC: "John Doe" <JDOE@BOARD.EXAMPLE.GOV>\n'
            "Date: 4/15/2024 9:00 AM\nSubject: Board meeting 4/18\n\nMembers,\n")
    (email,), _ = emails_from_pages([page], [None], ocr_pages={1})
    assert [p.address for p in email.to] == ["cmoss@board.example.gov", "pnix@board.example.gov",
                                             "loak@board.example.gov", "wpru@board.example.gov",
                                             "fqui@board.example.gov", "aram@board.example.gov"]
    assert (email.subject, [p.name for p in email.cc]) == ("Board meeting 4/18", ["John Doe"])


def test_an_outlook_web_title_over_its_rule_read_as_a_scrap_of_letters() -> None:
    """OCR failure, Outlook on the web prints run on under the message before: the rule under the
    title read as a scrap of small letters ("we") between the title and the sender: the title is
    still the print's subject (was: none)."""
    page = ("From: Carl Moss <cmoss@coach.example.com>\nSent: Tue, Oct 15, 2024 5:52 am\nTo: Jane Roe <jroe@district.example.org>\n"
            "Subject: Driver call-outs Tue 10/15\nJane, three call-outs this morning.\n"
            "RE: FW: Driver call-outs Tue 10/15\nwe\n"
            "Jane Roe <jroe@district.example.org> Wed 10/16/2024 12:03 PM\nTo: Carl Moss <cmoss@coach.example.com>\n\nThanks.\n")
    emails, _ = emails_from_pages([page], [None], ocr_pages={1})
    assert [(e.quoted, e.subject) for e in emails][-1] == (False, "RE: FW: Driver call-outs Tue 10/15")


def test_a_faxed_notes_header_whose_pm_and_subject_label_ocr_damaged() -> None:
    """OCR failure, faxed Lotus Notes prints: the clock's "PM" read "FM" (its bowl lost) and a speck
    read as a quote before "Subject" ('“Subject Re: …'): still the header (was: none, the message
    run into the email before it)."""
    page = ("Jane Roe/ENV/HARBOR To Carl Moss/EPI/HARBOR, Ann Lee/EPI/HARBOR\n"
            "04/10/2024 03:45 FM : cc John Doe/ENV/HARBOR\nbec\n“Subject Re: kitchen walk-through 4/10\n"
            "Carl, walk-through done.\n")
    (email,), _ = emails_from_pages([page], [None], ocr_pages={1})
    assert (email.sender.name if email.sender else "", email.sent, email.subject) == (
        "Jane Roe/ENV/HARBOR", "2024-04-10T15:45:00", "Re: kitchen walk-through 4/10")


def test_a_print_under_a_running_stamp_ocr_misread_starts_at_its_banner() -> None:
    """OCR failure, heavy scans of stamped productions: the stamp printed first on every page read
    otherwise on one ("UNIDLASSIFIED Harbor to-ter Dictriet …" under the page before's "UNCLASSIFIED
    Harbor Water District …"), so the banner under it was no print's first line and the print ran
    on from the page before (the email before it ending a page late). GIVEN such a page's first line,
    like the first line of the page before WHEN split THEN it is the running stamp: the print starts
    at its banner."""
    stamp = "UNCLASSIFIED Harbor Water District Case No. HWD-2024-0031 Doc No. HWD-0002 Date: 01/22/2024\n"
    first = (stamp + "From: John Doe [mailto:jdoe@harbor.example.gov]\nSent: 05/16/2023 09:58\n"
             "To: Ellen Park <epark@harbor.example.gov>\nSubject: RE: Records request 23-118\n\nThanks.\n")
    second = ("UNIDLASSIFIED Harbor to-ter Dictriet C-<> No. HWD-2024-0031 Doc \">. Fi\"\".)-0002 Date: 01/22/2024 ;\n"
              "Park, Ellen\nFrom: Carl Moss <cmoss@harbor.example.gov>\nSent: Mon 6/19/2023 3:15 PM\n"
              "To: Owen Tarr <otarr@harbor.example.gov>\nSubject: Summer demand\n\nAll, the rotation schedule.\n")
    emails, _ = emails_from_pages([first, second], [None, None], ocr_pages={1, 2})
    assert [(e.start_page, e.end_page, e.quoted) for e in emails] == [(1, 1, False), (2, 2, False)]


NOTES_BOXES_UNDER = """\
Ellen Park <epark@harbor.example.gov> To Carl Moss/OPS/HARBOR, (b)(7)(C)
03/14/2025 05:40 PM @harbor-pd.example.gov, Lt. Jane Roe
<jroe@harbor-pd.example.gov>
cc John Doe
<jdoe@harbor.example.gov>,
Owen Tarr
<otarr@harbor.example.gov>,
(b)(6), (b)(7)(C)
bcc
Subject Pier 7 - scene notes (Obs. 1-8)
Observation 1. Burn patterns indicate an origin at the northeast corner of the shed.
"""


def test_a_notes_list_whose_withheld_party_prints_on_a_line_of_its_own() -> None:
    """Layout family, Lotus Notes memo prints of Internet recipients: each name over its address, a
    withheld party's box on a line of its own ("…>," over "(b)(6), (b)(7)(C)"), and a boxed
    mailbox's domain under its code on the date's line. GIVEN such a header WHEN split THEN the
    list runs on over the box to bcc and Subject (it ended there: no header at all), the box is one
    withheld party, and the boxed mailbox is a party of its own, not the end of the Notes name before it."""
    (email,), _ = emails_from_pages([NOTES_BOXES_UNDER], [None])
    assert email.subject == "Pier 7 - scene notes (Obs. 1-8)"
    assert [(p.name, p.address, p.redactions) for p in email.to] == [
        ("Carl Moss/OPS/HARBOR", "", ()), ("", "", ("(b)(7)(C)",)),
        ("Lt. Jane Roe", "jroe@harbor-pd.example.gov", ())]
    assert [(p.name, p.address, p.redactions) for p in email.cc] == [
        ("John Doe", "jdoe@harbor.example.gov", ()), ("Owen Tarr", "otarr@harbor.example.gov", ()),
        ("", "", ("(b)(6)", "(b)(7)(C)"))]


def test_a_fax_machines_line_with_a_numeric_date_is_furniture() -> None:
    """Page family, faxed records: a machine that prints the date in numbers and the page in words
    ("03/20/2025 09:41 5550134400 HARBOR OPS PAGE 03/03") atop every page. GIVEN an email, a page
    withheld in full, then a page whose print starts under that line WHEN split THEN the line is no
    body's: the withheld page ends the first email and the third page starts a print of its own."""
    fax = "03/20/2025 09:41 5550134400 HARBOR OPS PAGE {}/03\n"
    assert is_furniture_line(fax.format("01").strip())
    first = fax.format("01") + ("From: John Doe <jdoe@harbor.example.gov>\nSent: Tuesday, March 4, 2025 10:25 AM\n"
                                "To: Ellen Park <epark@harbor.example.gov>\nSubject: Pier 7 fire - prelim\n\n"
                                "Ellen, forwarding the preliminary finding.\n")
    withheld = fax.format("02") + "PAGE WITHHELD IN FULL\nOrigin and cause worksheet (2 pp.)\nExempt: (b)(7)(C)\n"
    third = fax.format("03") + ("From: Carl Moss <cmoss@harbor.example.gov>\nSent: Friday, March 14, 2025 5:40 PM\n"
                                "To: Ellen Park <epark@harbor.example.gov>\nSubject: Pier 7 - scene notes\n\n"
                                "Observation 1. Burn patterns indicate an origin at the shed.\n")
    emails, kinds = emails_from_pages([first, withheld, third], [None] * 3)
    assert [(e.start_page, e.end_page) for e in emails] == [(1, 1), (3, 3)]
    assert kinds[1] == "withheld"


@pytest.mark.parametrize(("raw", "parties"), [
    # a state law's code on the box over a mailbox, its domain printed after it
    ("John Doe <jdoe@harbor.example.gov>; 7(1)(c) @harbor.example.gov; Ellen Park <epark@harbor.example.gov>",
     [("John Doe", "jdoe@harbor.example.gov", ()), ("", "", ("7(1)(c)",)),
      ("Ellen Park", "epark@harbor.example.gov", ())]),
    # a boxed mailbox after a Notes name in a comma list, and two codes in its box
    ("Carl Moss/OPS/HARBOR, (b)(6), (b)(7)(C) @harbor-pd.example.gov, Jane Roe <jroe@harbor.example.gov>",
     [("Carl Moss/OPS/HARBOR", "", ()), ("", "", ("(b)(6)", "(b)(7)(C)")),
      ("Jane Roe", "jroe@harbor.example.gov", ())]),
    # a boxed mailbox whose box's edge OCR read apart before the "@" ("(b)(7)(C) | @harbor.example.gov")
    ("Ann Lee <alee@harbor.example.gov>; (b)(7)(C) | @harbor.example.gov",
     [("Ann Lee", "alee@harbor.example.gov", ()), ("", "", ("(b)(7)(C)",))]),
    # ... its edge read as an opening bracket, the list a comma's ("(b)(7)(C) (@harbor.example.gov,")
    ("(b)(7)(C) (@harbor.example.gov, Ann Lee <alee@harbor.example.gov>",
     [("", "", ("(b)(7)(C)",)), ("Ann Lee", "alee@harbor.example.gov", ())]),
    # a boxed mailbox whose "@" OCR lost, its domain spaced ("(b)(7)(C) harbor. example.gov")
    ("Ann Lee <alee@harbor.example.gov>; (b)(7)(C) harbor. example.gov",
     [("Ann Lee", "alee@harbor.example.gov", ()), ("", "", ("(b)(7)(C)",))]),
    # a GroupWise list of quoted names, the first a Notes name with no address
    ('"Carl Moss/OPS/HARBOR", "Ellen Park" <EPARK@HARBOR.EXAMPLE.GOV>',
     [("Carl Moss/OPS/HARBOR", "", ()), ("Ellen Park", "epark@harbor.example.gov", ())]),
])
def test_lists_of_boxed_mailboxes_and_quoted_names(raw: str, parties: list[tuple[str, str, tuple[str, ...]]]) -> None:
    """Layout families: a box over a mailbox's local part, its code (federal or a state law's)
    then the domain; quoted display names one after another, the first with no address. GIVEN
    such a list WHEN parsed THEN each party is one, the box a withheld party, no name glued to the next."""
    assert [(p.name, p.address, p.redactions) for p in parse_parties(raw)] == parties


def test_a_recipient_list_wrapped_inside_a_hierarchical_name() -> None:
    """Layout family, Apple Mail and Outlook prints of mail routed through Lotus Notes: a To list
    wrapped at the space inside a Notes name, its rest ("Park/HARBOR/AGY") the header's last line,
    the body under it. GIVEN such a header WHEN split THEN the name is whole."""
    page = ("From: Carl Moss <cmoss@harbor.example.gov>\nSubject: RE: Backlog counts\n"
            "Date: April 24, 2025 at 8:03:00 AM EDT\nTo: John Doe <jdoe@harbor.example.gov>; Ellen\n"
            "Park/HARBOR/AGY\nDistrict 5: 188 overdue. The high-rise inspections are current.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert [p.name for p in email.to] == ["John Doe", "Ellen Park/HARBOR/AGY"]
    # (a body's sentence naming two people with a stroke is no hierarchy: "Carl/Ellen, see …")
    body = page.replace("Park/HARBOR/AGY\n", "").replace("District 5:", "Carl/Ellen, see the revised schedule below.\nDistrict 5:")
    (email,), _ = emails_from_pages([body], [None])
    assert [p.name for p in email.to] == ["John Doe", "Ellen"]
    assert email.body.startswith("Carl/Ellen, see the revised schedule below.")


def test_a_boxed_mailbox_wrapped_at_its_domain_in_a_headers_last_list() -> None:
    """Layout family, Apple Mail prints (Cc: last): a boxed mailbox's domain wrapped under its code
    ("…; (b)(6)" over "@harbor.example.gov; Ellen Park" over "<epark@…>"), the body under it. GIVEN
    such a list WHEN split THEN the party after the box is the list's too."""
    page = ("From: Carl Moss <cmoss@harbor.example.gov>\nSubject: RE: Bus door\n"
            "Date: October 10, 2024 at 9:25:00 AM EDT\nTo: (b)(6)\n"
            "Cc: John Doe <jdoe@harbor.example.gov>; (b)(6)\n@harbor.example.gov; Ellen Park\n"
            "<epark@harbor.example.gov>\nDear (b)(6) ,\nI am very sorry.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert [(p.name, p.redactions) for p in email.cc] == [("John Doe", ()), ("", ("(b)(6)",)), ("Ellen Park", ())]


def test_a_web_prints_reply_title_under_a_sentence_carried_over() -> None:
    """Layout family, Outlook on the web prints compiled after another print: the message before
    ends at the page's top with a sentence a page break carried over, the next print's title ("RE:
    …") under it. GIVEN such a page WHEN split THEN the title is the print's subject alone, not the
    second line of a title wrapped from the sentence."""
    first = ("From: Ellen Park <epark@harbor.example.gov>\nSent: 6/19/2023 10:44 AM\n"
             "To: John Doe <jdoe@harbor.example.gov>\nSubject: Agenda item 7: berth quota\n\nJohn,\n")
    second = ("Commissioner Doe, the district asks for formal consultation before the quota vote.\n"
              "RE: Agenda item 7: berth quota\n"
              "Carl Moss <cmoss@harbor.example.gov> Wed 6/21/2023 3:50 PM\n"
              "To: Ellen Park <epark@harbor.example.gov>\n"
              "Ellen, agreed on deferral. Please add a public comment period too.\n")
    emails, _ = emails_from_pages([first, second], [None, None])
    assert [(e.start_page, e.end_page, e.subject) for e in emails] == [
        (1, 2, "Agenda item 7: berth quota"), (2, 2, "RE: Agenda item 7: berth quota")]


def test_a_notes_subject_wrapped_onto_the_rest_of_its_question() -> None:
    """Layout family, Lotus Notes memo prints: a long subject wraps in its narrow column, its rest a
    question's last word in lower case ("… -- consultation" over "first?"). GIVEN such a header WHEN
    split THEN the subject is whole (a question's mark ends a title too); a body's sentence ended
    inside a long value keeps it from taking the line."""
    page = ("Ellen Park/OPS/HARBOR To John Doe/OPS/HARBOR\n06/21/2023 02:37 PM\n"
            "Subject Agenda item 7: berth quota, Units 41/42 -- consultation\nfirst?\n"
            "Commissioners,\nStaff recommends deferring the vote.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert email.subject == "Agenda item 7: berth quota, Units 41/42 -- consultation first?"


def test_a_margin_code_echoing_the_body_above_a_header_is_not_the_headers() -> None:
    """Layout family, producers' text layers that print a box's margin code on a line of its own: the
    body's last line ends with its box ("… to 6:41 AM. (b)(5)"), the margin's code under it, then the
    next print's header. GIVEN such a page WHEN split THEN that code is the body's, not a box over the
    header's title (the next email has no exemption); a box's code alone above a header under a
    release stamp's line still is the header's."""
    page = ("From: John Doe <jdoe@harbor.example.gov>\nSent: Mon, Oct 14, 2024 at 9:00 AM\n"
            "To: Ellen Park <epark@harbor.example.gov>\nSubject: Route options\n\n"
            "Route 18. Ridership on the morning run averages 48 students; the consolidation would add nine\n"
            "minutes to the ride and move the first pickup to 6:41 AM. (b)(5)\n(b)(5)\n"
            "From: Carl Moss [mailto:cmoss@harbor.example.gov]\nSent: Tue, Oct 15, 2024 at 7:33 AM\n"
            "To: Park, Ellen; Doe, John\nSubject: RE: Route options\n"
            "Ellen, option B works for Fleet if we keep the two spares at the north yard.\n")
    emails, _ = emails_from_pages([page], [None])
    assert [e.exemptions for e in emails] == [("(b)(5)",), ()]


@pytest.mark.parametrize(("raw", "parties"), [
    # a bracketed address's stop read as a comma, and a space read after one
    ("Ellen Park <Park, Ellen@harbor.example.gov>; Carl Moss <Moss. Carl@harbor. example.gov>",
     [("Ellen Park", "park.ellen@harbor.example.gov"), ("Carl Moss", "moss.carl@harbor.example.gov")]),
    # the separator after an address read as a stroke, before a name given name first
    ("Ellen Park <epark@harbor.example.gov>| Carl Moss <cmoss@harbor.example.gov>",
     [("Ellen Park", "epark@harbor.example.gov"), ("Carl Moss", "cmoss@harbor.example.gov")]),
    # an address's closing bracket read as a glyph after the top-level domain, or lost
    ("Carl Moss <cmoss@harbor.example.gov7, Owen Tarr <otarr@harbor.example.gov>; Jane Roe <jroe@x.govp; "
     "John Doe <jdoe@x.gov.uk>",
     [("Carl Moss", "cmoss@harbor.example.gov"), ("Owen Tarr", "otarr@harbor.example.gov"),
      ("Jane Roe", "jroe@x.gov"), ("John Doe", "jdoe@x.gov.uk")]),
])
def test_scanned_lists_whose_address_marks_ocr_misread(raw: str, parties: list[tuple[str, str]]) -> None:
    """OCR failure, scanned Outlook prints of long lists: an address's stop read as a comma or with a
    space after it, a separator after an address read "|", a closing bracket read as a glyph. GIVEN
    such a list WHEN parsed THEN every party keeps its address (was: the address lost, or the parties
    after the stroke or the open bracket dropped from the list)."""
    assert [(p.name, p.address) for p in parse_parties(raw)] == parties


def test_a_scanned_lists_wrapped_lines_with_specks_and_comma_read_stops() -> None:
    """OCR failure, scanned Outlook prints of long lists: a wrapped line opening with the rest of a
    name then its address whose stop OCR read as a comma ("Sunniva" over "Belcourt <Belcourt,
    Sunniva@…>"), or with a speck before that name ("_Lumley <…>"). GIVEN such a header WHEN split
    THEN the lists run on to the Subject: (was: the list ended at the line, the Cc and the subject lost)."""
    page = ("From: Carl Moss <cmoss@harbor.example.gov>\nSent: Thursday, January 9, 2025 8:05 AM\n"
            "To: John Doe <jdoe@harbor.example.gov>; Sunniva\nBelcourt <Belcourt, Sunniva@harbor.example.gov>; Owen Tarr\n"
            "<otarr@harbor.example.gov>\nCc: Ellen Park <epark@harbor.example.gov>, Benedetta\n"
            "_Lumley <Lumley.Benedetta@harbor.example.gov>; Jane Roe\n<jroe@harbor.example.gov>\n"
            "Subject: RE: Pier 7 reinspection date?\n\nAll, the reinspection is set for February 13.\n")
    (email,), _ = emails_from_pages([page], [None], ocr_pages={1})
    assert [p.address for p in email.to] == ["jdoe@harbor.example.gov", "belcourt.sunniva@harbor.example.gov",
                                             "otarr@harbor.example.gov"]
    assert [p.name for p in email.cc] == ["Ellen Park", "Benedetta Lumley", "Jane Roe"]
    assert email.subject == "RE: Pier 7 reinspection date?"


def test_a_notes_header_sent_from_a_boxed_mailbox_with_a_degree_in_its_list() -> None:
    """Layout family, Lotus Notes memo prints: the sender a mailbox a box withholds ("(b)(7)(C)
    @agency.example.gov   To …"), a recipient's name with a degree after a comma on a line of its own
    ("Carl Moss, MD" over "<cmoss@…>"), and a subject whose rest is a remark in brackets on a line of
    its own. GIVEN such a header WHEN split THEN it is one (was: no header; the list ended at the
    degree and the page read as no email), the sender withheld, the list and the subject whole."""
    page = ("(b)(7)(C) @harbor-pd.example.gov To Ellen Park <epark@harbor.example.gov>, John\n"
            "03/14/2023 09:30 AM Doe <jdoe@harbor.example.gov>,\nCarl Moss, MD\n<cmoss@clinic.example.com>, Owen\n"
            "Tarr <otarr@harbor.example.gov>\ncc Jane Roe <jroe@harbor.example.gov>\nbcc\n"
            "Subject Mortality review scheduled 11/15 - Pier 7 decedent\n(case MR-22-031)\n"
            "The committee will meet 11/15 at 10:00.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert (email.sender.redactions if email.sender else ()) == ("(b)(7)(C)",)
    assert [p.name for p in email.to] == ["Ellen Park", "John Doe", "Carl Moss, MD", "Owen Tarr"]
    assert email.subject == "Mortality review scheduled 11/15 - Pier 7 decedent (case MR-22-031)"
    # (Notes' own line under a subject naming an attachment, a label's colon in it, is no subject's rest)
    attached = page.replace("(case MR-22-031)", "(See attached file: schedule.pdf)")
    (email,), _ = emails_from_pages([attached], [None])
    assert email.subject == "Mortality review scheduled 11/15 - Pier 7 decedent"


def test_a_meeting_list_wrapped_before_a_name_with_a_degree() -> None:
    """Layout family, Outlook meeting prints: "Required Attendees:" wrapped inside a name whose rest
    has a degree after a comma ("…; Carl" over "Moss, PharmD <cmoss@…>; Owen"). GIVEN such a list
    WHEN split THEN it runs on whole (was: cut at "Carl")."""
    page = ("From: Ellen Park <epark@harbor.example.gov>\nSent: Thursday, March 16, 2023 1:00 PM\n"
            "Subject: Closed session\nWhen: Thursday, March 23, 2023 10:00 AM-11:00 AM\nWhere: Room 4\n"
            "Required Attendees: John Doe <jdoe@harbor.example.gov>; Carl\n"
            "Moss, PharmD <cmoss@harbor.example.gov>; Owen\nTarr <otarr@harbor.example.gov>\n"
            "Closed session under the licensing statute.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert [p.name for p in email.to] == ["John Doe", "Carl Moss, PharmD", "Owen Tarr"]


def test_a_faxed_pages_line_dated_with_its_weekday_is_furniture() -> None:
    """Page family, faxed records: a machine's line printing the weekday after the date and the page
    after an "@" ("03/13/2023 MON 08:17 FAX 555 017 2200 HARBOR OPS @002/002"). GIVEN it WHEN read THEN
    it is page furniture (was: the line above a header, so the header started no print of its own)."""
    assert is_furniture_line("03/13/2023 MON 08:17 FAX 555 017 2200 HARBOR OPS @002/002")
    assert not is_furniture_line("Sent: 03/13/2023 08:17 to Ellen Park 1/2")
    # (a body's dated note with a page's count in it is no machine's line: it prints no fax number)
    assert not is_furniture_line("3/14/2023 10:00 Call with the contractor re: Pier 7, see p. 2/3")
    assert not is_furniture_line("10/12/2022 9:00 Site visit, photos @1/2")


def test_a_web_reply_extending_its_subject_mid_page_under_the_message_it_answers() -> None:
    """Layout family, prints compiled one after another on the page: an Outlook on the web reply under
    the message it answers, its title wrapped over two lines and the subject extended ("RE: Pier 7
    re-inspection schedule wk of 3/13 (Berths 2; 4" over "and 6)" answering "Pier 7 re-inspection
    schedule wk of 3/13"), the message above dated by a mailer whose other dates print their month
    first plainly ("03/10/2023 15:30" beside "03/13/2023 07:58"). GIVEN such a page WHEN split THEN
    the reply is a print of its own with its whole title (was: a quoted copy with no subject: the
    dates read either way, "03/10" as October, made it older than the message above it)."""
    title = "RE: Pier 7 re-inspection schedule wk of 3/13 (Berths 2; 4 and 6)"
    page = ("From: Jane Roe <jroe@harbor.example.gov>\nSent: 03/13/2023 07:58\nTo: Carl Moss <cmoss@harbor.example.gov>\n"
            f"Subject: {title}\n\nCarl, attached.\n\n"
            "From: Owen Tarr <otarr@harbor.example.gov>\nSent: 03/10/2023 15:30\nTo: Jane Roe <jroe@harbor.example.gov>\n"
            "Subject: Pier 7 re-inspection schedule wk of 3/13\nJane, please draft the schedule for next week.\n"
            "RE: Pier 7 re-inspection schedule wk of 3/13 (Berths 2; 4\nand 6)\n"
            "Ellen Park <epark@harbor.example.gov> Mon 3/13/2023 9:02 AM\nTo: Jane Roe <jroe@harbor.example.gov>\n"
            "Works for me.\n")
    emails, _ = emails_from_pages([page], [None])
    assert [(e.quoted, e.subject) for e in emails] == [
        (False, title), (True, "Pier 7 re-inspection schedule wk of 3/13"), (False, title)]


def test_a_box_whose_codes_a_semicolon_joins_is_one_withheld_party() -> None:
    """Layout family, redaction tools joining a box's codes with a semicolon and no space ("(b)(6);(b)(7)(C)").
    GIVEN a list holding such a box WHEN parsed THEN it is one withheld party with both codes; "; "
    between two boxes still separates two."""
    assert [p.redactions for p in parse_parties("Jane Roe <jr@x.gov>; (b)(6);(b)(7)(C); John Doe <jd@x.gov>")] == [
        (), ("(b)(6)", "(b)(7)(C)"), ()]
    assert [p.redactions for p in parse_parties("(b)(6); (b)(6); John Doe <jd@x.gov>")] == [("(b)(6)",), ("(b)(6)",), ()]
    # (after a name the codes are its box, the next a party of its own)
    assert [(p.name, p.redactions) for p in parse_parties("Roe, Jane (b)(6);(b)(6); Moss, Carl (b)(6)")] == [
        ("Roe, Jane", ("(b)(6)",)), ("", ("(b)(6)",)), ("Moss, Carl", ("(b)(6)",))]
    assert [(p.name, p.redactions) for p in parse_parties("Jane Roe (b)(6);(b)(7)(C); Carl Moss")] == [
        ("Jane Roe", ("(b)(6)",)), ("", ("(b)(7)(C)",)), ("Carl Moss", ())]


def test_a_numeric_date_read_the_way_its_mailer_prints_its_plain_dates() -> None:
    """Layout family, prints compiled one after another: a message on another subject under a quoted
    copy whose date's day and month may go either way ("03/10/2023 15:30"), its mailer's other date
    plain ("03/13/2023 07:58": month first). GIVEN such a page WHEN split THEN that date is read month
    first, the message under it three days newer: a print of its own (was: read both ways, as October
    3 older, so a quoted copy of the chain above)."""
    page = ("From: Jane Roe <jroe@harbor.example.gov>\nSent: 03/13/2023 07:58\nTo: Carl Moss <cmoss@harbor.example.gov>\n"
            "Subject: RE: Pier 7 schedule\n\nCarl, attached.\n\n"
            "From: Owen Tarr <otarr@harbor.example.gov>\nSent: 03/10/2023 15:30\nTo: Jane Roe <jroe@harbor.example.gov>\n"
            "Subject: Pier 7 schedule\n\nJane, please draft the schedule for next week.\n\n"
            "From: Ellen Park <epark@harbor.example.gov>\nSent: Mon 3/13/2023 9:02 AM\nTo: Jane Roe <jroe@harbor.example.gov>\n"
            "Subject: Dredge permit\n\nWorks for me.\n")
    emails, _ = emails_from_pages([page], [None])
    assert [(e.quoted, e.subject) for e in emails] == [
        (False, "RE: Pier 7 schedule"), (True, "Pier 7 schedule"), (False, "Dredge permit")]


def test_a_scanned_notes_header_whose_to_label_ocr_lost() -> None:
    """OCR failure, scanned Lotus Notes prints of Internet mail: the To label lost between the sender's
    name and address and the list's first ("Jane Roe <jroe@…>  Ellen Park <epark@…>,"), specks read
    beside the date and at lines' ends ("02:37 PM ~ ; Carl …", "John Doe _", "Owen Tarr :"), an address
    garbled past its "@". GIVEN such a header WHEN split THEN it is one, the list whole (was: no
    header: the page's quoted copy below taken for the message)."""
    page = ("Jane Roe <jroe@harbor.example.gov> Ellen Park <epark@harbor.example.gov>,\n"
            "06/21/2023 02:37 PM ~ ; Carl Moss <c Lpepnang nn: example.gov>,\nJohn Doe _\n"
            "<jdoe@harbor.example.gov>, Owen\nTarr :\n<otarr@harbor.example.gov>\n"
            "cc Ann Lee <alee@harbor.example.gov>\nbec ;\nSubject Agenda item 7: berth quota\n\nCommissioners,\n")
    (email,), _ = emails_from_pages([page], [None], ocr_pages={1})
    assert email.sender is not None and email.sender.name == "Jane Roe"
    assert [p.name for p in email.to] == ["Ellen Park", "Carl Moss", "John Doe", "Owen Tarr"]
    assert email.subject == "Agenda item 7: berth quota"


def test_a_carried_sentence_ending_in_a_speck_above_a_reply_title() -> None:
    """OCR failure, scans: the last sentence a page break carried over read with a speck after its
    stop ("… before the vote.."). GIVEN it over a web reply's title WHEN split THEN it is still the
    sentence, and the title the reply's (was: no subject)."""
    first = ("From: Ellen Park <epark@harbor.example.gov>\nSent: 6/19/2023 10:44 AM\n"
             "To: John Doe <jdoe@harbor.example.gov>\nSubject: Agenda item 7: berth quota\n\nJohn,\n")
    second = ("Commissioner Doe, the district asks for formal consultation before the quota vote..\n"
              "RE: Agenda item 7: berth quota\n\n"
              "Carl Moss <cmoss@harbor.example.gov> Wed 6/21/2023 3:50 PM\n"
              "To: Ellen Park <epark@harbor.example.gov>\n\nEllen, agreed.\n")
    emails, _ = emails_from_pages([first, second], [None, None], ocr_pages={1, 2})
    assert [(e.start_page, e.subject) for e in emails] == [(1, "Agenda item 7: berth quota"),
                                                           (2, "RE: Agenda item 7: berth quota")]


def test_a_gmail_senders_address_whole_to_its_domain_before_a_glued_weekday() -> None:
    """OCR failure, scanned Gmail prints: the address's closing bracket lost and the weekday glued to
    its top-level domain ("<cmoss@harbor-rx.example.comSun, Mar 12, 2023 at 1:52 AM"). GIVEN such a
    line WHEN split THEN the sender keeps the address, whole to its domain (was: the name alone); one
    whose domain's end OCR misread ("…orge, Jan 9") stays the name alone."""
    page = ("Gmail Carl Moss <cmoss@harbor-rx.example.com>\n\nURGENT - break-in tonight (store #14)\n1 message\n\n"
            "Carl Moss <cmoss@harbor-rx.example.comSun, Mar 12, 2023 at 1:52 AM\n"
            "To: Ellen Park <epark@harbor.example.gov>\n\nReporting a break-in at the pharmacy.\n")
    (email,), _ = emails_from_pages([page], [None], ocr_pages={1})
    assert email.sender == Party("Carl Moss", "cmoss@harbor-rx.example.com")
    assert email.sent == "2023-03-12T01:52:00"


def test_a_gmail_date_glued_to_the_senders_address_its_month_misread() -> None:
    """OCR failure, scanned Gmail prints: the address's bracket and the weekday lost and the month glued
    to the domain, its first letter misread ("<jroe@harbor.example.gawAov 22, 2022 at 7:05 AM"). GIVEN
    such a print WHEN split THEN it is one email (was: none, the page "other"), from the name, on the
    day the only month a letter from "Aov" names, the date marked damaged; a month two could be ("Jbn")
    stays unread."""
    page = ("Gmail Carl Moss <cmoss@harbor.example.gov>\n\nSick call dashboard - weeks 44-46\n1 message\n"
            "Carl Moss <cmoss@harbor.example.gawAov 22, 2022 at 7:05 AM\n"
            "To: Ellen Park <epark@harbor.example.gov>, John Doe\n<jdoe@harbor.example.gov>\n"
            "Week 44: 212 requests, 61% seen in 72h.\n")
    (email,), _ = emails_from_pages([page], [None], ocr_pages={1})
    assert (email.sender.name if email.sender else "", email.sent, email.date_certainty) == (
        "Carl Moss", "2022-11-22T07:05:00", "damaged")
    assert email.subject == "Sick call dashboard - weeks 44-46"
    assert parse_date("Jbn 22, 2022 at 7:05 AM").iso is None
    assert parse_date("Sun 12, 2023 4:02 PM").iso is None  # (a weekday is no month a letter off)


def test_a_scanned_notes_header_whose_to_label_ocr_ran_into_the_senders_domain() -> None:
    """OCR failure, scanned Lotus Notes prints of Internet mail: the To label and the letters round it
    read as one run with the sender's domain ("<jroe@harbor.exarmipleRyovand Park <epark@…>,",
    "<cmoss@harbor. ekampbspiausDoe/OPS/HARBOR"), the date and cc under it read clean. GIVEN such
    headers WHEN split THEN each is one (was: none, the page's quoted copy taken for the message),
    from the name before the address (the address read past reading left out), the list from the
    first name after the run; the sender's address, read as far as the run, is the one the document
    prints with the name elsewhere."""
    page = ("Jane Roe <jroe@harbor.exarmipleRyovand Park <epark@harbor.example.gov>,\n"
            "03/10/2023 12:15 PM a, John Doe <jdoe@harbor.example.gov>\ncc Carl Moss ,\n<cmoss@harbor.example.gov>\n"
            "bcc ;\nSubject Pier 7 soundings, Jan-Feb 2023\n\nThe soundings are attached.\n")
    (email,), _ = emails_from_pages([page], [None], ocr_pages={1})
    assert (email.sender.name if email.sender else "", email.subject) == ("Jane Roe", "Pier 7 soundings, Jan-Feb 2023")
    assert [p.address for p in email.to] == ["epark@harbor.example.gov", "jdoe@harbor.example.gov"]
    quoted = ("From: Jane Roe <jroe@harbor.example.gov>\nSent: 03/09/2023 09:00 AM\nTo: Ellen Park <epark@harbor.example.gov>\n"
              "Subject: Pier 7 soundings\n\nDraft.\n")
    emails, _ = emails_from_pages([page, quoted], [None, None], ocr_pages={1, 2})
    assert emails[0].sender == Party("Jane Roe", "jroe@harbor.example.gov")
    other = ("Carl Moss <cmoss@harbor. ekampbspiausDoe/OPS/HARBOR\n11/10/2022 09:40 AM cc Ellen Park/OPS/HARBOR\n"
             "bec\nSubject Re: FW: Pier 7 soundings\nLogged as G-22-4471.\n")
    (email,), _ = emails_from_pages([other], [None], ocr_pages={1})
    assert (email.sender.name if email.sender else "", [p.name for p in email.to]) == ("Carl Moss", ["Doe/OPS/HARBOR"])
    # (the run ending in marks and the first name's rest: "<cmoss@harborlexatiapt:::gj)oe/OPS/HARBOR, (b)(7)(C)",
    # a boxed mailbox's domain beside the date)
    marks = ("Carl Moss <cmoss@harborlexatiapt:::gj)oe/OPS/HARBOR, (b)(7)(C)\n"
             "03/14/2025 05:40 PM @harbor-pd.example.gov, Ellen Park\n<epark@harbor-pd.example.gov>\n"
             "cc Ann Lee\n<alee@harbor.example.gov>\nbcc\nSubject Pier 7 - scene notes\nObservation 1.\n")
    (email,), _ = emails_from_pages([marks], [None], ocr_pages={1})
    assert (email.sender.name if email.sender else "", email.subject) == ("Carl Moss", "Pier 7 - scene notes")
    assert [(p.name, p.redactions) for p in email.to] == [("oe/OPS/HARBOR", ()), ("", ("(b)(7)(C)",)), ("Ellen Park", ())]


def test_an_ambiguous_numeric_date_read_as_a_quoted_copy_prints_it() -> None:
    """Page family, any thread: a message dated with numbers that go either way ("03/10/2023 02:02 PM"),
    quoted in a later message whose client prints the month's name ("March 10, 2023 at 2:02:00 PM EST").
    GIVEN both printings (sender, subject and minute alike) WHEN read THEN the numeric date is the day
    the copy prints, marked as read from a copy (was: left ambiguous, or read as October 3 by the
    thread's order)."""
    first = ("From: Ellen Park <epark@harbor.example.gov>\nSent: 03/10/2023 02:02 PM\nTo: Carl Moss <cmoss@harbor.example.gov>\n"
             "Subject: Re: Pier 7 soundings\n\nCarl, can you add the out-of-state fills?\n")
    second = ("From: Carl Moss <cmoss@harbor.example.gov>\nSent: Saturday, March 11, 2023 8:45 PM\n"
              "To: John Doe <jdoe@harbor.example.gov>\nSubject: Fwd: Re: Pier 7 soundings\n\nFor Monday.\n\n"
              "Begin forwarded message:\nFrom: Ellen Park <epark@harbor.example.gov>\nSubject: Re: Pier 7 soundings\n"
              "Date: March 10, 2023 at 2:02:00 PM EST\nTo: Carl Moss <cmoss@harbor.example.gov>\n"
              "Carl, can you add the out-of-state fills?\n")
    emails, _ = emails_from_pages([first, second], [None, None])
    assert (emails[0].sent, emails[0].date_certainty) == ("2023-03-10T14:02:00", "exact")
    assert "dated-from:copy" in emails[0].doubts


def test_a_gmail_title_wrapped_under_its_banner_and_a_rule_read_with_a_bracket() -> None:
    """OCR failure, scanned Gmail prints: the rule under the banner read as letters with a bracket
    among them ("oo ——a>swoasas"), the title wrapped over two lines under it ("… Jan-Feb" / "2023").
    GIVEN such a print at a page's top WHEN split THEN the title is whole (was: "2023")."""
    page = ("Gmail Carl Moss <cmoss@home.example.com>\noo ——a>swoasas\n"
            "Fwd: Re: PMP pull: Pier 7 & Pier 9 berth dredging soundings, Jan-Feb\n2023\n1 message\n\n"
            "Carl Moss <cmoss@home.example.com> Sat, Mar 11, 2023 at 8:45 PM\nTo: Carl Moss <cmoss@harbor.example.gov>\n"
            "sending to work account for Monday\n")
    (email,), _ = emails_from_pages([page], [None], ocr_pages={1})
    assert email.subject == "Fwd: Re: PMP pull: Pier 7 & Pier 9 berth dredging soundings, Jan-Feb 2023"


def test_a_scanned_notes_header_whose_to_label_was_lost_before_a_name_alone() -> None:
    """OCR failure, scanned Lotus Notes prints of Internet mail: the To label lost and the list's first
    name alone beside the sender, its address wrapped onto the date's line ("Jane Roe <jroe@…>  Ellen
    Park" over "11/08/2022 01:00 PM <epark@…>, John"), an address read with a space before its "@", and
    a boxed mailbox whose box's edge OCR read before the "@" ("(b)(7) }@oig…"), a speck glued before a
    name's rest ("‘Doe <jdoe@…>"). GIVEN such a header WHEN
    split THEN it is one (was: none, the page "other"), its lists whole."""
    page = ("Jane Roe <jroe@harbor.examplkogd> Ellen Park\n11/08/2022 01:00 PM <epark@harbor.example.gov>, John\n"
            "‘Doe <jdoe@harbor.example.gov>\ncc (b)(7) }@oig.harbor.example.gov, Carl\nMoss\n"
            "<cmoss @harbor.example.gov>\nbec\nSubject Mortality review scheduled 11/15\n\nThe committee will meet.\n")
    (email,), _ = emails_from_pages([page], [None], ocr_pages={1})
    assert [p.address for p in email.to] == ["epark@harbor.example.gov", "jdoe@harbor.example.gov"]
    assert [(p.name, p.redactions) for p in email.cc] == [("", ("(b)(7)",)), ("Carl Moss", ())]
    assert email.subject == "Mortality review scheduled 11/15"


def test_a_scanned_notes_header_whose_first_recipient_ran_into_the_senders_address() -> None:
    """OCR failure, scanned Lotus Notes prints of Internet mail: the To label and all but a few letters
    of the list's first name run into the sender's address ("Jane Roe <jroe@harbor.ekampleagoy*oss"),
    that recipient's address on the date's line; addresses further down garbled past their "@"
    ("<ellen. parrk nn: example.gov>") or spaced in their domain ("@harbor. laa gov"), a name read with a
    comma set apart after it ("Ann Lee ,"), the sender's domain spaced too. GIVEN such a
    header WHEN split THEN it is one (was: none, the reply under it taken for the message), the sender's
    address mended from the document's domain, the lists run on to the Subject."""
    page = ("Jane Roe <jroe@harbor. ekampleagoy*?oss\n02/08/2024 02:44 PM <cmoss@law.example.com>\n"
            "cc John Doe\n<jdoe@harbor.example.gov>, Ellen\nPark\n<ellen. parrk nn: example.gov>, Owen\n"
            "Tarr <otarr@harbor. laa gov>,\nAnn Lee ,\n<alee@harbor.example.gov>\nbcc\n"
            "Subject RE: Motion to continue\n\nMr. Moss, the panel will rule by February 20.\n\n"
            "From: Carl Moss [mailto:cmoss@law.example.com]\nSent: 02/06/2024 16:20\n"
            "To: Jane Roe <jroe@harbor.example.gov>\nSubject: Motion to continue\n\nWe ask for a continuance.\n")
    emails, _ = emails_from_pages([page], [None], ocr_pages={1})
    assert [(e.quoted, e.subject) for e in emails] == [(False, "RE: Motion to continue"), (True, "Motion to continue")]
    assert emails[0].sender == Party("Jane Roe", "jroe@harbor.example.gov")
    assert [p.address for p in emails[0].to] == ["cmoss@law.example.com"]
    assert [p.name for p in emails[0].cc] == ["John Doe", "Ellen Park", "Owen Tarr", "Ann Lee"]


def test_scanned_notes_prints_whose_to_label_was_lost_after_the_closing_bracket() -> None:
    """OCR failure, scanned Lotus Notes prints: the To label and the list's first given name lost right
    after the sender's closing bracket ("<jroe@harbor.exXmf\\lSaneg>Moss/OPS/HARBOR, Ann"), and a
    recipient's given name read with a small first letter after a separator (", ellen" over "Park" over
    "<epark@…>"). GIVEN such prints one under another WHEN split THEN each is a message of its own, the
    list running on over the name."""
    page = ("John Doe <jdoe@harbor.exampl€angpPark\n10/16/2024 03:12 PM <epark@harbor.example.gov>,\n"
            "cc Ann Lee <alee@harbor.example.gov>, ellen\nHewlett-Moss\n<ehm@harbor.example.gov>, Owen\n"
            "Tarr <otarr@harbor.example.gov>\nbcc\nSubject Door sensor logs - bus 212 (10/9)\n"
            "Ellen, the door sensor logged a fault.\n"
            "Jane Roe <jroe@harbor.exXmf\\lSaneg>Moss/OPS/HARBOR, Ann\n10/16/2024 04:40 PM Lee/OPS/HARBOR\ncc\nbcc\n"
            "Subject Re: Door sensor logs - bus 212 (10/9)\nThank you.\n")
    emails, _ = emails_from_pages([page], [None], ocr_pages={1})
    assert [(e.sender.name if e.sender else "", e.subject) for e in emails] == [
        ("John Doe", "Door sensor logs - bus 212 (10/9)"), ("Jane Roe", "Re: Door sensor logs - bus 212 (10/9)")]
    assert [p.name for p in emails[0].cc] == ["Ann Lee", "ellen Hewlett-Moss", "Owen Tarr"]
    assert [p.name for p in emails[1].to] == ["Moss/OPS/HARBOR", "Ann Lee/OPS/HARBOR"]


def test_a_list_wrapped_before_a_surname_s_particle_keeps_the_name_s_space() -> None:
    """Layout family, any client: GIVEN a To list wrapped between a given name and a surname that
    opens with a particle ("Ellen" / "dell'Park <…>", "Carl" / "van Moss <…>") WHEN read
    THEN the name keeps its space (was: "Ellendell'Park", as a word split at the line's end is
    joined); a word split mid-way is joined as before."""
    page = ("From: Jane Roe <jroe@harbor.example.gov>\nSent: Monday, May 14, 2018 5:10 PM\n"
            "To: Carl Moss <cmoss@harbor.example.gov>; Ellen\ndell'Park <edellpark@harbor.example.gov>; Ann\n"
            "van Moss <avanmoss@harbor.example.gov>; Wal\nter Park <wpark@harbor.example.gov>; Owen Tar\nr <otarr@harbor.example.gov>\n"
            "Subject: Pier 7\n\nSee below.\n")
    records, _ = emails_from_pages([page], [None])
    assert [party.name for party in records[0].to] == ["Carl Moss", "Ellen dell'Park", "Ann van Moss", "Walter Park",
                                                        "Owen Tarr"]  # (a name cut before "ter" whose address spells none)


def test_a_box_of_two_codes_joined_by_an_ampersand_over_a_mailbox_wrapped_at_its_domain() -> None:
    """Layout family, Outlook prints: GIVEN a Cc list whose boxed mailbox prints its two codes
    joined by "&" ("(b)(6) & (b)(7)(C)") at a line's end, its domain opening the next line before a
    quoted name ("@oig.example.gov; "Tarr, Owen"") WHEN read THEN the box is one withheld party with
    both codes, the list goes on to its end and the Subject is read (was: two parties, one named
    "& @oig…", or the header ended at the domain, the rest of the list and the Subject lost)."""
    page = ("From: Jane Roe <jroe@harbor.example.gov>\nSent: Monday, May 14, 2018 5:10 PM\n"
            "To: Carl Moss <cmoss@harbor.example.gov>\n"
            "Cc: Ellen Park <epark@harbor.example.gov>; (b)(6) & (b)(7)(C)\n@oig.example.gov; \"Tarr, Owen\"\n"
            "<otarr@harbor.example.gov>; Ann Lee\n<alee@harbor.example.gov>\nSubject: Pier 7\n\nSee below.\n")
    records, _ = emails_from_pages([page], [None])
    assert [(p.name, p.address, p.redactions) for p in records[0].cc] == [
        ("Ellen Park", "epark@harbor.example.gov", ()), ("", "", ("(b)(6)", "(b)(7)(C)")),
        ("Tarr, Owen", "otarr@harbor.example.gov", ()), ("Ann Lee", "alee@harbor.example.gov", ())]
    assert records[0].subject == "Pier 7"
    assert [p.redactions for p in parse_parties("(b)(6)/(b)(7)(C) @oig.example.gov")] == [("(b)(6)", "(b)(7)(C)")]


def test_a_groupwise_list_wrapped_onto_a_line_of_quoted_names() -> None:
    """Layout family, GroupWise prints (every display name quoted, addresses in capitals): GIVEN a
    To list wrapped onto a line of quoted names, a surname-first one with no address among them
    ('"Moss-Tarrant, Carl B.", "Ellen T. Parkinson-Lee"') WHEN read THEN the list goes on and the Cc, Date and
    Subject under it are read (was: the header ended at the line, the rest lost)."""
    page = ('From: "Jane Roe"\n<JANE.ROE@HARBOR.EXAMPLE.GOV>\nTo: "Owen Tarr"\n<OWEN.TARR@HARBOR.EXAMPLE.GOV>,\n'
            '"Moss-Tarrant, Carl B.", "Ellen T. Parkinson-Lee"\n<ELLEN.T.PARKINSON-LEE@HARBOR.EXAMPLE.GOV>\n'
            'CC: "Ann Lee" <ANN.LEE@HARBOR.EXAMPLE.GOV>\nDate: 3/4/2025 3:48 PM\nSubject: Pier 7\n\nSee below.\n')
    records, _ = emails_from_pages([page], [None])
    assert [party.name for party in records[0].to] == ["Owen Tarr", "Moss-Tarrant, Carl B.", "Ellen T. Parkinson-Lee"]
    scanned = page.replace('"Moss-Tarrant, Carl B.", "Ellen', '“Moss-Tarrant, Carl B.", “Ellen')  # (OCR's quotes)
    records, _ = emails_from_pages([scanned], [None], ocr_pages={1})
    assert len(records[0].to) == 3 and records[0].subject == "Pier 7"
    assert ([party.name for party in records[0].cc], records[0].subject) == (["Ann Lee"], "Pier 7")


def test_a_notes_to_list_wrapped_after_a_surname_s_particle() -> None:
    """Layout family, Notes memo prints: GIVEN a To list that wraps between a surname's particle
    and the rest of the name, the rest beside the date ("…, Ann van" over "11/15/2024 07:05 PM
    Moss/OPS/HARBOR, …") WHEN read THEN the header is found, the name whole (was: no header, the
    page read as no email)."""
    page = ("Jane Roe <jroe@harbor.example.gov> To Owen Tarr/OPS/HARBOR, Ann van\n"
            "11/15/2024 07:05 PM Moss/OPS/HARBOR, Ellen\nPark-Lee/OPS/HARBOR\ncc Carl Moss/OPS/HARBOR\nbcc\n"
            "Subject Storm restoration\nAs of 18:00 the lot is clear.\n")
    records, _ = emails_from_pages([page], [None])
    assert [party.name for party in records[0].to] == ["Owen Tarr/OPS/HARBOR", "Ann van Moss/OPS/HARBOR",
                                                        "Ellen Park-Lee/OPS/HARBOR"]
    assert records[0].subject == "Storm restoration"


def test_notes_names_with_a_surname_s_particle() -> None:
    """Layout family, Notes memo prints: GIVEN a memo from an Internet sender whose name holds a
    particle ("Ann de la Roe <adelaroe@…>  To …"), and one whose To list wraps before a particle
    beside the date ("…, Carl" over "11/21/2024 09:40 AM van Moss/OPS/HARBOR") WHEN read THEN
    both headers are found and the name is whole in the To list (was: the first no header, its
    subject glued to the memo above; the second's "van Moss/…" read as its cc)."""
    page = ("Jane Roe <jroe@harbor.example.gov> To Owen Tarr/OPS/HARBOR, Carl\n"
            "11/21/2024 09:40 AM van Moss/OPS/HARBOR\ncc\nbcc\nSubject Odor calls\nMedian response: 31 min.\n"
            "Jane\n"
            "Ann de la Roe <adelaroe@harbor.example.gov> To Jane Roe <jroe@harbor.example.gov>\n"
            "11/21/2024 10:30 AM cc\nbcc\nSubject Re: Odor calls\nPlease break out nights.\n")
    records, _ = emails_from_pages([page], [None])
    assert [(r.sender.name, [p.name for p in r.to], [p.name for p in r.cc], r.subject) for r in records] == [
        ("Jane Roe", ["Owen Tarr/OPS/HARBOR", "Carl van Moss/OPS/HARBOR"], [], "Odor calls"),
        ("Ann de la Roe", ["Jane Roe"], [], "Re: Odor calls")]


def test_a_list_whose_separators_ocr_read_as_colons_wraps_before_a_name_s_rest() -> None:
    """OCR failure, scanned Outlook prints: GIVEN a Cc list whose semicolons read as colons after
    each address ("<epark@…>: Carl") and which wraps inside a name, its rest and address on the next
    line ("Moss-Tarrant <cmoss@…>:") WHEN read THEN the list goes on to its end and the Subject
    under it is read (was: the header ended at the wrap, the rest of the list and the Subject lost)."""
    page = ("From: Jane Roe <jroe@harbor.example.gov>\nSent: Monday, May 14, 2018 5:10 PM\n"
            "To: Owen Tarr <otarr@harbor.example.gov>\n"
            "Cc: Ellen Park <epark@harbor.example.gov>: Carl\nMoss-Tarrant <cmoss@harbor.example.gov>: Ann\n"
            "Lee-Whitby <alee@harbor.example.gov>: Owen\nTarr-Quayle <oquayle@harbor.example.gov>: Ellen\n"
            "Moss <emoss@harbor.example.gov>\nSubject: Pier 7\n\nSee below.\n")
    records, _ = emails_from_pages([page], [None], ocr_pages={1})
    assert [p.address for p in records[0].cc] == ["epark@harbor.example.gov", "cmoss@harbor.example.gov",
                                                   "alee@harbor.example.gov", "oquayle@harbor.example.gov",
                                                   "emoss@harbor.example.gov"]
    assert records[0].subject == "Pier 7"


@pytest.mark.parametrize("wrapped", [
    "Cc: Ellen Park <epark@harbor.example.gov>; Carl\n. van Moss <c.vanmoss@harbor.example.gov>; Ann\n",
    "Cc: Ellen Park <epark@harbor.example.gov>; Carl Tarrant\nIll <h.|.tarrant@harbor.example.gov>; Ann\n",
])
def test_a_scanned_list_wrapped_before_a_particle_or_a_generation_goes_on(wrapped: str) -> None:
    """OCR failure, scanned Outlook prints: GIVEN a Cc list wrapped inside a name whose rest opens
    the next line with a speck before a surname's particle (". van Moss <…>") or with a generation
    read "Ill" before an address whose initial OCR read as a stroke ("<h.|.tarrant@…>") WHEN read THEN
    the list goes on and the Subject is read (was: the header ended at the wrap)."""
    page = ("From: Jane Roe <jroe@harbor.example.gov>\nSent: Monday, May 14, 2018 5:10 PM\n"
            "To: Owen Tarr <otarr@harbor.example.gov>\n" + wrapped
            + "Lee <alee@harbor.example.gov>; Carl\nMoss <cmoss@harbor.example.gov>; Owen\nPark <opark@harbor.example.gov>\n"
            "Subject: Pier 7\n\nSee below.\n")
    records, _ = emails_from_pages([page], [None], ocr_pages={1})
    assert (len(records[0].cc), records[0].subject) == (5, "Pier 7")


def test_a_notes_list_cut_inside_a_name_goes_on_beside_the_date_with_a_long_rest() -> None:
    """Layout family, Notes memo prints: GIVEN a To list cut inside a name ("…, Ann M") whose rest and
    the next hierarchical name go on beside the date, a long line ("Lee/OPS/HARBOR, Carl B
    Moss-Tarrant/OPS/HARBOR") WHEN read THEN they are the To list's (was: read as the cc list, the
    first name cut in two)."""
    page = ("Jane Roe <jroe@harbor.example.gov> To Owen Tarr-Whitby/LAB/HARBOR, Ann M\n"
            "03/14/2025 09:10 AM Lee/OPS/HARBOR, Carl B Moss-Tarrant/OPS/HARBOR\ncc\nbcc\n"
            "Subject Inspection counts\nQ1 to date: 41 inspections.\n")
    records, _ = emails_from_pages([page], [None])
    assert ([p.name for p in records[0].to], records[0].cc) == (
        ["Owen Tarr-Whitby/LAB/HARBOR", "Ann M Lee/OPS/HARBOR", "Carl B Moss-Tarrant/OPS/HARBOR"], ())


def test_a_notes_list_ended_at_a_comma_goes_on_beside_the_date_with_a_long_line_of_names() -> None:
    """Layout family, Notes memo prints: GIVEN a To list ended at its line's end by a comma, its next
    hierarchical names beside the date in a line too long to be one short name ("Ellen Park-Whitby/OPS/
    HARBOR, Owen Tarr/OPS/HARBOR"), its cc empty WHEN read THEN they are the To list's (was: read as
    the cc list, the cc label under them taken for theirs)."""
    page = ("Carl Moss/OPS/HARBOR To Jane Roe/OPS/HARBOR, John Doe/OPS/HARBOR,\n"
            "05/07/2022 03:19 AM Ellen Park-Whitby/OPS/HARBOR, Owen Tarr/OPS/HARBOR\ncc\nbcc\n"
            "Subject Pier 7 draft report\nThe survey is approved.\n")
    records, _ = emails_from_pages([page], [None])
    assert ([p.name for p in records[0].to], records[0].cc) == (
        ["Jane Roe/OPS/HARBOR", "John Doe/OPS/HARBOR", "Ellen Park-Whitby/OPS/HARBOR", "Owen Tarr/OPS/HARBOR"], ())


def test_a_notes_list_of_internet_names_one_quoted_surname_first() -> None:
    """Layout family, Notes memo prints of Internet mail: GIVEN a To list whose first address wraps
    beside the date and whose next party is a quoted name surname first over its address
    ('"Moss, Carl"' / "<cmoss@…>") WHEN read THEN the memo is a header with both recipients (was:
    no header, the memo's lines the body of the email above)."""
    page = ("Jane Roe <jroe@harbor.example.gov> To Owen Tarr\n03/14/2025 04:22 PM <otarr@harbor.example.gov>,\n"
            '"Moss, Carl"\n<cmoss@harbor.example.gov>\ncc\nbcc\nSubject Pier 7 reply - FYI\nSent the attached.\n')
    records, _ = emails_from_pages([page], [None])
    assert [(p.name, p.address) for p in records[0].to] == [("Owen Tarr", "otarr@harbor.example.gov"),
                                                            ("Moss, Carl", "cmoss@harbor.example.gov")]
    assert records[0].subject == "Pier 7 reply - FYI"


_NOTES_LONG_LEFT = [
    # the sender's hierarchical name wrapped in its column at a space
    (["John", "Doe/HARBOR/AGY@AGY", "03/05/2013 10:14 AM", "", "", ""],
     ["To   Carl Moss/HARBOR/AGY@AGY, Ellen", "Park/HARBOR/AGY@AGY", "cc   Owen Tarr <otarr@harbor.example.gov>",
      "bcc", "Subject  Re: Dredging permit", ""]),
    # where replies go, beside the bcc and the Subject
    (["John Doe/HARBOR/AGY@AGY", "03/05/2013 10:14 AM", "Please respond to", "jdoe@harbor.example.gov", "", ""],
     ["To   Carl Moss/HARBOR/AGY@AGY, Ellen Park/HARBOR/AGY@AGY", "cc   Owen Tarr <otarr@harbor.example.gov>", "bcc",
      "Subject  Re: Dredging permit", "", ""]),
    # who sent for the sender beside the To list's wrap, the sender wrapped above it
    (["John", "Doe/HARBOR/AGY@AGY", "Sent by: Ann Lee/HARBOR/AGY", "03/05/2013 10:14 AM", "Please respond to",
      "jdoe@harbor.example.gov"],
     ["To   Carl Moss/HARBOR/AGY@AGY,", "Ellen", "Park/HARBOR/AGY@AGY", "cc   Owen Tarr <otarr@harbor.example.gov>",
      "bcc", "Subject  Re: Dredging permit"]),
    # OCR failure, scans: specks between the columns and after a given name, a space beside the "@"
    (["John.", "‘Doe /HARBOR/AGY@AGY", "Sent by: Ann Lee/HARBOR/AGY —", "03/05/2013 10:14 AM", "", ""],
     ["; To   Carl Moss/HARBOR/AGY@AGY, Ellen ,", "Park/HARBOR/AGY@ AGY", ". cc   Owen Tarr <otarr@harbor.example.gov>",
      "bec", "Subject  Re: Dredging permit", ""]),
]


@pytest.mark.parametrize(("left", "right"), _NOTES_LONG_LEFT)
def test_a_notes_header_whose_left_column_runs_beside_the_right_ones_lines(left: list[str], right: list[str]) -> None:
    """Layout family: Lotus Notes memo prints whose left-hand column holds more than the sender and
    the date: the sender's name wrapped at a space ("John" over "Doe/HARBOR/AGY@AGY"), "Sent by:",
    "Please respond to" and the address under it, each read across with a line of the right-hand
    column. GIVEN such a header, as a text layer or a scan reads it WHEN split THEN one email from
    its sender on its date, to and cc'd its recipients, its subject, its body (was: no email)."""
    header = "\n".join(f"{a:<33}{b}".rstrip() for a, b in zip(left, right, strict=True)).rstrip()
    page = header + "\n\nCarl, the survey is approved.\n"
    (email,), _ = emails_from_pages([page], [None])
    assert (email.sender.name if email.sender else None, email.sent) == ("John Doe/HARBOR/AGY@AGY", "2013-03-05T10:14:00")
    assert [p.name for p in email.to] == ["Carl Moss/HARBOR/AGY@AGY", "Ellen Park/HARBOR/AGY@AGY"]
    assert [(p.name, p.address) for p in email.cc] == [("Owen Tarr", "otarr@harbor.example.gov")]
    assert (email.subject, email.body) == ("Re: Dredging permit", "Carl, the survey is approved.")


def test_a_notes_header_whose_internet_senders_address_wrapped_under_its_name() -> None:
    """Layout family: Lotus Notes memo prints, a sender from outside the Notes domain printed by its
    name in quotes, its address wrapped under it beside the To list's wrap. GIVEN such a header WHEN
    split THEN the sender is the name with its address, and the address is no recipient (was: the
    sender without its address, the address a recipient's with the wrapped name's)."""
    left = ['"Jane Roe"', "<jroe@contractor.example.com>", "03/05/2013 10:14 AM", "", ""]
    right = ["To   Carl Moss/HARBOR/AGY@AGY, Ellen", "Park/HARBOR/AGY@AGY", "cc", "bcc", "Subject  Re: Dredging permit"]
    page = "\n".join(f"{a:<33}{b}".rstrip() for a, b in zip(left, right, strict=True)) + "\n\nCarl, see the survey.\n"
    (email,), _ = emails_from_pages([page], [None])
    assert (email.sender, email.sent) == (parse_parties('"Jane Roe" <jroe@contractor.example.com>')[0], "2013-03-05T10:14:00")
    assert [p.name for p in email.to] == ["Carl Moss/HARBOR/AGY@AGY", "Ellen Park/HARBOR/AGY@AGY"]
    assert (email.cc, email.subject, email.body) == ((), "Re: Dredging permit", "Carl, see the survey.")


@pytest.mark.parametrize(("cc_lines", "cc"), [
    # a name cut before its surname, the rest and its "[mailto:" on the next line, in a list of names alone
    (["Cc: Moss, Carl; Ellen Park; Owen Tarr; Jane", "Doe-Moss [mailto:jdoemoss@board.example.gov]; Rita Sandoval",
      "[mailto:rsandoval@harbor.example.gov]; Doe, John [mailto:", "(b)(6) ]; Lee, Ann"],
     [("Moss, Carl", ""), ("Ellen Park", ""), ("Owen Tarr", ""), ("Jane Doe-Moss", "jdoemoss@board.example.gov"),
      ("Rita Sandoval", "rsandoval@harbor.example.gov"), ("Doe, John", ""), ("Lee, Ann", "")]),
    # ... its address withheld, the box's code left in its brackets
    (["Cc: \"Moss, Carl\" <cmoss@harbor.example.gov>; Owen", "Tarr < (b)(6) >; Park, Ellen", "<epark@harbor.example.gov>; Doe, John",
      "<jdoe@harbor.example.gov>; Ann Lee <", ">"],
     [("Moss, Carl", "cmoss@harbor.example.gov"), ("Owen Tarr", ""), ("Park, Ellen", "epark@harbor.example.gov"),
      ("Doe, John", "jdoe@harbor.example.gov"), ("Ann Lee", "")]),
    # a line opening with a box's code, then more parties
    (["Cc: Moss, Carl [mailto:cmoss@harbor.example.gov]; Park, Ellen", "[mailto:epark@harbor.example.gov]; Lee, Ann; Tarr, Owen; (b)(6)",
      "(b)(6) ; Doe, John [mailto:jdoe@harbor.example.gov]; Ann Lee;"],
     [("Moss, Carl", "cmoss@harbor.example.gov"), ("Park, Ellen", "epark@harbor.example.gov"), ("Lee, Ann", ""), ("Tarr, Owen", ""),
      ("", ""), ("", ""), ("Doe, John", "jdoe@harbor.example.gov"), ("Ann Lee", "")]),
    # ... a boxed mailbox's domain under its codes
    (["Cc: Ann Lee <alee@harbor.example.gov>; Owen Tarr", "<otarr@harbor.example.gov>; b6, b7C", "@union.example.org; Rita Sandoval",
      "<rsandoval@state.example.gov>; Doe, John", "<jdoe@consult.example.com>"],
     [("Ann Lee", "alee@harbor.example.gov"), ("Owen Tarr", "otarr@harbor.example.gov"), ("", ""),
      ("Rita Sandoval", "rsandoval@state.example.gov"), ("Doe, John", "jdoe@consult.example.com")]),
    # ... a producer's layer reading "mailto" "rnailto" and the "@" "©"
    (["Cc: Ellen Park [rnailto:ellen.park©harbor.example.gov]; Owen Tarr", "[rnailto:owen.tarr-moss©harbor.example.gov]"],
     [("Ellen Park", "ellen.park@harbor.example.gov"), ("Owen Tarr", "owen.tarr-moss@harbor.example.gov")]),
    # ... a long list (past a dozen lines) whose X.500 addresses wrap over three, a line inside one no mark
    (["Cc: Ann Lee <alee@harbor.example.gov>; B6", "@union.example.org; Owen Tarr <otarr@harbor.example.gov>;"]
     + ["Moss, Carl </O=HBR/OU=EXCHANGE", "ADMINISTRATIVE GROUP", "(FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=CMOSS>; Park, Ellen",
        "<epark@harbor.example.gov>;"] * 4,
     [("Ann Lee", "alee@harbor.example.gov"), ("", ""), ("Owen Tarr", "otarr@harbor.example.gov")]
     + [("Moss, Carl", ""), ("Park, Ellen", "epark@harbor.example.gov")] * 4),
    # ... an X.500 address's first line whose "<" OCR lost, a speck before it (". SIO=HBR/OU=…")
    (["Cc: Ann Lee <alee@harbor.example.gov>; Moss, Carl", ". SIO=HBR/OU=EXCHANGE ADMINISTRATIVE GROUP",
      ". (FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN= CMOSS>; Park, Ellen", "<epark@harbor.example.gov>"],
     [("Ann Lee", "alee@harbor.example.gov"), ("Moss, Carl", ""), ("Park, Ellen", "epark@harbor.example.gov")]),
    # ... or its "<" alone read as an "S" ("_ S/O=HBR/…"), the list's last
    (["Cc: Ann Lee <alee@harbor.example.gov>; Moss, Carl.", "_ S/O=HBR/OU=EXCHANGE ADMINISTRATIVE GROUP",
      "_(FYDIBOHF23SPDLT)/CN=RECIPIENT S/CN=CMOSS>"],
     [("Ann Lee", "alee@harbor.example.gov"), ("Moss, Carl", "")]),
    # OCR failure, scans: a speck opening the address's line read as a separator ("; <…>", "; _ <…>")
    (["Cc: Lee, Ann <alee@harbor.example.com>; Park, Ellen", "; _ <epark@harbor.example.gov>"],
     [("Lee, Ann", "alee@harbor.example.com"), ("Park, Ellen", "epark@harbor.example.gov")]),
])
def test_a_list_whose_name_is_cut_before_its_address_goes_on(cc_lines: list[str], cc: list[tuple[str, str]]) -> None:
    """Layout family, Outlook prints of long Cc lists: a display name cut at a space at a line's end,
    the rest of it and its address on the next line ("…; Jane" / "Doe-Moss [mailto:…]; Rita
    Sandoval"), in a list whose parties above print no address, or its address a box's brackets and
    code; or a line opening with a box's code or a boxed mailbox's domain, every line down to the
    Subject a list's (however many, an X.500 address's middle line among them). GIVEN such a list WHEN split THEN every party, and the Subject under the list
    (was: the list cut at the name, the fields under it lost)."""
    page = ("From: Roe, Jane [mailto:jroe@harbor.example.gov]\nSent: Monday, March 8, 2021 8:47 AM\n"
            "To: Lee, Ann [mailto:alee@harbor.example.gov]\n" + "\n".join(cc_lines)
            + "\nSubject: RE: Residence hall incident\n\nPlease see below.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert [(p.name, p.address) for p in email.cc] == cc
    assert email.subject == "RE: Residence hall incident"


@pytest.mark.parametrize("sender", ["jroe@harbor.example.gov", "Jane Roe <jroe@harbor.example.gov>", "Roe, Jane"])
def test_an_owa_print_whose_time_has_a_weekday_without_a_comma_is_an_email(sender: str) -> None:
    """Layout family, Outlook on the web prints: the subject as a title, the sender and the time on
    one line, the weekday without a comma ("Thu 5/13/2021 5:32 AM"), the sender perhaps its bare
    address. GIVEN such a print WHEN split THEN an email from the sender at that time, under that
    subject (was: no email, the print read as the body of the email before it)."""
    page = (f"Dredging permit schedule\n{sender} Thu 5/13/2021 5:32 AM\nTo: alee@harbor.example.gov; Carl Moss\n"
            "<cmoss@harbor.example.gov>\n\nThe survey is approved.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert (email.sender, email.sent, email.subject) == (
        parse_parties(sender)[0], "2021-05-13T05:32:00", "Dredging permit schedule")
    assert [p.address for p in email.to] == ["alee@harbor.example.gov", "cmoss@harbor.example.gov"]


def test_a_texas_bodys_boxes_in_a_header_are_withheld_parties() -> None:
    """Page family, Texas Public Information Act releases: GIVEN a header whose boxes print the Act's
    sections, one over a mailbox's local part ("<552.117@…>"), one over a whole party in the Cc list
    ("Sec. 552.108") WHEN read THEN those parties are withheld under those sections (was: an address
    "552.117@…" and a party named "Sec. 552.108"), and the email's exemptions are theirs and the body's."""
    page = ("From: Roe, Jane\nSent: Wed, 6 Feb 2019 06:39:00 -0600 (CST)\nTo: Ann Lee <552.117@harbor.example.gov>\n"
            "Cc: Moss, Carl [mailto:cmoss@harbor.example.gov]; Sec. 552.108 ; Park, Ellen\n"
            "[mailto:epark@harbor.example.gov]\nSubject: RE: Evidence room audit\n"
            "The driver, 552.130 , was released to a family member.\n")
    (email,), _ = emails_from_pages([page], [None])
    assert [(p.name, p.address, p.redactions) for p in email.to] == [("Ann Lee", "", ("552.117",))]
    assert [(p.name, p.redactions) for p in email.cc] == [("Moss, Carl", ()), ("", ("552.108",)), ("Park, Ellen", ())]
    assert set(email.exemptions) == {"552.108", "552.117", "552.130"}


@pytest.mark.parametrize("foot", ["Page 1", "- 1 -"])
def test_a_header_a_page_break_cuts_above_a_bare_page_number_goes_on_on_the_next_page(foot: str) -> None:
    """Layout family, prints whose footer numbers the page without its count ("Page 1", "- 1 -"),
    each page under a running line of who printed it and when: GIVEN a header the page break cut
    after its Date: line WHEN split THEN its To: and Subject: on the next page are its own (was: the
    bare number read as the header's last line, its To: and Subject: lost)."""
    first = ("Owen Tarr Printed: 5/14/2019 9:02 AM\nFrom: Jane Roe <jroe@harbor.example.gov>\n"
             "Date: Monday, February 25, 2019 7:49 AM\nTo: Carl Moss <cmoss@harbor.example.gov>\nSubject: Pier 7\n\n"
             "The survey is approved.\nJane Roe\n\nFrom: Ann Lee <alee@harbor.example.gov>\n"
             f"Date: Tuesday, February 26, 2019 9:11 AM\n{foot}\nHBR 000024\n")
    second = ("Owen Tarr Printed: 5/14/2019 9:02 AM\nTo: Ellen Park <epark@harbor.example.gov>\n"
              "Subject: FW: Dredging permit schedule\n\nPlease see the schedule below.\nAnn Lee\n- 2 -\nHBR 000025\n")
    emails, _ = emails_from_pages([first, second], [None, None])
    assert [(e.subject, [p.address for p in e.to]) for e in emails if not e.quoted] == [
        ("Pier 7", ["cmoss@harbor.example.gov"]), ("FW: Dredging permit schedule", ["epark@harbor.example.gov"])]


@pytest.mark.parametrize("title", ["RE: Patrol schedule 4/10s proposal", "[EXTERNAL] IA 19-007: interview schedule",
                                   "FW: [EXT] \"Second Chance\" budget"])
def test_a_web_print_right_under_the_message_before_it_keeps_a_title_that_opens_as_a_subject(title: str) -> None:
    """Layout family, Outlook on the web prints compiled one after another on a page, no blank line
    between in a text layer: GIVEN a print whose title opens as only a subject does (a reply's prefix,
    a mail system's "[EXTERNAL]") right under the last line of the message before it WHEN split THEN
    the title is the print's subject (was: the message above's last line, the print's subject empty)."""
    page = ("From: Jane Roe <jroe@harbor.example.gov>\nSent: Tue 2/19/2019 9:13 AM\nTo: Ann Lee <alee@harbor.example.gov>\n"
            "Subject: Pier 7\nThe survey is approved.\nJane Roe\nHarbor Records | 410 Dock St.\nPh. 830.555.0177\n"
            f"{title}\nCarl Moss <cmoss@harbor.example.gov> Thu 2/21/2019 1:47 PM\nTo: Ann Lee <alee@harbor.example.gov>\n"
            "The schedule is set.\n")
    emails, _ = emails_from_pages([page], [None])
    assert [(e.sender.address, e.subject) for e in emails] == [
        ("jroe@harbor.example.gov", "Pier 7"), ("cmoss@harbor.example.gov", title)]
    assert "Ph. 830.555.0177" in emails[0].body and title not in emails[0].body


def test_a_body_line_over_a_web_sender_that_ends_as_a_sentence_is_no_title() -> None:
    """GIVEN a message whose last line opens with "Re:" and ends as a sentence, right over a web print's
    sender WHEN split THEN it stays that message's line (no subject opens so and ends so)."""
    page = ("From: Jane Roe <jroe@harbor.example.gov>\nSent: Tue 2/19/2019 9:13 AM\nTo: Ann Lee <alee@harbor.example.gov>\n"
            "Subject: Pier 7\nThe survey is approved.\nRe: Your letter of March 3, we agree.\n"
            "Carl Moss <cmoss@harbor.example.gov> Thu 2/21/2019 1:47 PM\nTo: Ann Lee <alee@harbor.example.gov>\n"
            "The schedule is set.\n")
    emails, _ = emails_from_pages([page], [None])
    assert [e.subject for e in emails][-1] != "Re: Your letter of March 3, we agree."
