"""Page stream -> email spans: header blocks, quoted copies, page kinds.

Fixtures are shaped after real extractions (pdftotext -layout of text-layer pages,
Tesseract --psm 3 of scans); all names in them are fictional.
"""

from __future__ import annotations

import random
import time
from difflib import SequenceMatcher

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from archive.corrections import Structure
from ingest.split import PAGE_KINDS, SplitResult, _Printings, split_into_emails

OUTLOOK_TOP = """\
Jane Roe
From:                 Jane Roe <jane.roe@microsoft.com>
Sent:                 Tuesday, November 13, 2018 3:45 PM
To:                   Doe, John (DEA) <john.doe@usdoj.gov>; (b)(6)
Cc:                   (b)(6), (b)(7)(C)
Subject:              RE: AI services requirements
Importance:           High

John, the requirements are below.

Thanks,
Jane
"""

ORIGINAL_AT_PAGE_BOTTOM = (
    OUTLOOK_TOP
    + """
-----Original Message-----

                                                                DEA-MSFT-000002
"""
)

QUOTED_AT_PAGE_TOP = """\
From: Doe, John (DEA) <john.doe@usdoj.gov>
Sent: Monday, November 12, 2018 9:02 AM
To: Jane Roe <jane.roe@microsoft.com>
Subject: AI services requirements

Jane, can you send the requirements?

Page 2 of 2                                                     DEA-MSFT-000003
"""

# Tesseract output of a scanned Outlook print: noisy labels, blank lines between fields.
OCR_NOISY = """\
Jane Roe

F rom: Roe, Jane

Sent; Tuesday, November 13, 2018 3:45 PM

To; (b)(6)

Subiect: Pilot list

Attached is the pilot list.

DEA-MSFT-000010
"""

# Tesseract sometimes reads a two-column header as all labels, then all values.
OCR_COLUMNS = """\
Jane Roe
From:
Sent:
To:
Subject:

Roe, Jane
Tuesday, November 13, 2018 3:45 PM
Doe, John (DEA)
Pilot list

Body text here.
"""

TABLE_HEADER = """\
Jane Roe
From           Roe, Jane
Sent           Tuesday, November 13, 2018 3:45 PM
To             Doe, John (DEA)
Subject        Pilot list

Body text here.
"""

MEETING = """\
Jane Roe
Subject:            Weekly sync
Location:           Room 5

Start:              Tue 11/13/2018 3:00 PM
End:                Tue 11/13/2018 4:00 PM
Show Time As:       Tentative

Recurrence:         (none)

Organizer:          Roe, Jane
Required Attendees: Doe, John; (b)(6)

Agenda attached.
"""

COVER_LETTER = """\
                                              U.S. Department of Justice
                                              Drug Enforcement Administration

                                              Springfield, VA 22152
                      June 1, 2020

Mr. Sam Requester
Example Civil Liberties Union

Re: FOIA Request No. 19-00123-F

Dear Mr. Requester:

This responds to your Freedom of Information Act request. Enclosed are 40 pages.

Sincerely,
Chief, FOIA Section
"""

MEMO = """\
                         MEMORANDUM

TO:       All Field Offices
FROM:     Office of the Administrator
DATE:     March 5, 2018
SUBJECT:  Use of cloud services

Offices shall not procure cloud services without review.
"""

# FBI electronic communication, as Tesseract reads it (names replaced).
FBI_EC = """\
(Rev. 05-01-2008)

UNCLASSIFIED

FEDERAL BUREAU OF INVESTIGATION

Precedence: ROUTINE Date: 06/05/2009

To: Chicago Attn: SAC

From: Chicago b6 -1 Per FBI

Squad WC-1 b7C -1 Per FBI
Approved By: b6 <1 Per FBI

Drafted By:
Case ID #:

Title: Unsub (s) ;

Synopsis: Request to open a matter.
b7C -1,-3 Per FBI

CPL: 19-cv-4048(FBI)-1824
"""

FBI_DELETED = """\
FEDRKRAL BUREAU OF INVESTIGATION
FOI/PA
DELETED PAGE INFORMATION SHEET
FOI/PA# 1234567-0

Total Deleted Page(s) = 3

Page 2 ~ b5 - Per EOUSA; b6 - 3 Per FBI; b7/7C - 3 Per FBI;

Xx Deleted Page(s) x
Xx No Duplication Fee X
"""

WITHHELD = """\


                Withheld in full pursuant to (b)(5)


                                                                DEA-MSFT-000004
"""

# DHS-style OCR text layer: Exchange banner, "From" glued to the redaction code,
# a quoted header after a confidentiality notice with no text separator.
DHS_THREAD = """\
OPSEC Team </O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP
From: (b)(6)
Sent: Wednesday, October 14, 2020 6:55 AM
To: (b)(6)
Subject: RE: Question about disclosures

Good morning, the POC for this is the program manager.

CONFIDENTIALITY NOTICE: This email message is for the sole use of the
intended recipient.

Frorrl(b)(6)
Sent: Tuesday, October 13, 2020 4:04 PM
To: OPSEC Team <(b)(6)
Subject: Question about disclosures

Sirs, I had questions about data.
"""

WROTE = """\
Jane Roe
From: Jane Roe <jane.roe@microsoft.com>
Sent: Tuesday, November 13, 2018 3:45 PM
To: Doe, John (DEA)
Subject: Re: Pilot

Sounds good.

On Mon, Nov 12, 2018 at 9:02 AM, Doe, John (DEA) <john.doe@usdoj.gov> wrote:
> Can we start the pilot?
"""


def _shape(result: SplitResult) -> list[tuple[int, int, int, bool, int | None]]:
    return [
        (s.header.page, s.header.line, s.end_page, s.header.quoted, s.parent) for s in result.spans
    ]


def test_single_outlook_print() -> None:
    result = split_into_emails([OUTLOOK_TOP])
    (span,) = result.spans
    assert span.header.page == 1 and span.header.line == 1 and span.header.ordinal == 0
    assert dict(span.header.fields)["subject"] == "RE: AI services requirements"
    assert dict(span.header.fields)["importance"] == "High"
    assert not span.header.quoted and span.parent is None
    assert span.body.startswith("John, the requirements") and span.body.endswith("Jane")
    assert result.page_kinds == ("email",)


def test_quoted_header_at_page_top_after_separator_on_previous_page_stays_quoted() -> None:
    """GIVEN "-----Original Message-----" at the bottom of page 1 (above the Bates footer)
    WHEN page 2 opens with a From/Sent/To/Subject block
    THEN that block is a quoted copy inside the page 1 email, not a new email (the classic false split)."""
    result = split_into_emails([ORIGINAL_AT_PAGE_BOTTOM, QUOTED_AT_PAGE_TOP])
    assert _shape(result) == [(1, 1, 2, False, None), (2, 0, 2, True, 0)]
    top, quoted = result.spans
    assert "DEA-MSFT-000002" not in top.body and "Page 2 of 2" not in top.body
    assert quoted.body == "Jane, can you send the requirements?"
    assert quoted.header.ordinal == 0
    assert result.page_kinds == ("email", "email")


def test_page_top_header_without_separator_is_a_new_email() -> None:
    result = split_into_emails([OUTLOOK_TOP, OUTLOOK_TOP])
    assert _shape(result) == [(1, 1, 1, False, None), (2, 1, 2, False, None)]


@pytest.mark.parametrize(
    "separator",
    [
        "-----Original Message-----",
        "________________________________",
        "Begin forwarded message:",
        "---------- Forwarded message ---------",
    ],
)
def test_separators_mark_quoted_copies(separator: str) -> None:
    page = OUTLOOK_TOP + "\n" + separator + "\n" + QUOTED_AT_PAGE_TOP
    result = split_into_emails([page])
    assert [(s.header.quoted, s.parent, s.header.ordinal) for s in result.spans] == [
        (False, None, 0),
        (True, 0, 1),
    ]
    assert separator not in result.spans[1].body
    # The top-level body includes the text it quotes.
    assert "Jane, can you send the requirements?" in result.spans[0].body


def test_on_wrote_line_starts_a_quoted_copy() -> None:
    (top, quoted) = split_into_emails([WROTE]).spans
    assert quoted.header.quoted and quoted.parent == 0
    assert dict(quoted.header.fields) == {
        "from": "Doe, John (DEA) <john.doe@usdoj.gov>",
        "sent": "Mon, Nov 12, 2018 at 9:02 AM",
    }
    assert quoted.body == "> Can we start the pilot?"
    assert top.body.startswith("Sounds good.")


def test_ocr_noise_in_labels() -> None:
    (span,) = split_into_emails([OCR_NOISY]).spans
    fields = dict(span.header.fields)
    assert fields == {
        "from": "Roe, Jane",
        "sent": "Tuesday, November 13, 2018 3:45 PM",
        "to": "(b)(6)",
        "subject": "Pilot list",
    }
    assert span.body == "Attached is the pilot list."


@pytest.mark.parametrize("page", [OCR_COLUMNS, TABLE_HEADER], ids=["ocr-columns", "table"])
def test_labels_and_values_laid_out_apart(page: str) -> None:
    (span,) = split_into_emails([page]).spans
    assert dict(span.header.fields) == {
        "from": "Roe, Jane",
        "sent": "Tuesday, November 13, 2018 3:45 PM",
        "to": "Doe, John (DEA)",
        "subject": "Pilot list",
    }
    assert span.body == "Body text here."


def test_meeting_invitation() -> None:
    (span,) = split_into_emails([MEETING]).spans
    assert span.header.meeting and not span.header.quoted
    fields = dict(span.header.fields)
    assert fields["start"] == "Tue 11/13/2018 3:00 PM" and fields["organizer"] == "Roe, Jane"
    assert "-" not in fields and "Tentative" not in fields.values()
    assert span.body == "Agenda attached."


@pytest.mark.parametrize(
    ("page", "kind"),
    [
        (COVER_LETTER, "cover-letter"),
        (MEMO, "memo"),
        (FBI_EC, "memo"),
        (FBI_DELETED, "deleted"),
        # a state production's sheet in a deleted page's place, naming why ("Duplicate of …")
        ("DELETED PAGE\nDuplicate of AGY-000005\nRemoved as a duplicate record.\n", "deleted"),
        ("Deleted Page\nPage withheld in full under (b)(5)\n", "deleted"),
        ("PAGE REMOVED\nDuplicate of AGY-000005\n", "deleted"),  # (its heading in other words)
        ("Page(s) Removed:\nDuplicate of AGY-000005\n", "deleted"),
        ("PAGE DELETED\nDuplicate of AGY-000005\n", "deleted"),
        ("I flagged the page removed from the binder as a duplicate of\nthe May copy.\nJane\n", "other"),
        ("I removed pages 14-20 from the release because they were duplicates.\nThe requester agreed to pay the "
         "duplication fee for the rest.\nThanks,\nAnn\n", "other"),  # (a FOIA office's email, not its sheet)
        ("Two pages removed from the draft still need the FOI/PA unit's review.\nAnn\n", "other"),
        # ... never a page of a body saying so
        ("continued: the deleted pages are a duplicate of\nwhat we sent in May, so I removed them.\nJane\n", "other"),
        (WITHHELD, "withheld"),
        # the other slips a production puts in a record's place (were the email's before them: its
        # text, its Bates range, the slip's code its exemption)
        ("Withheld  in  Full\n(b)(5)\n", "withheld"),
        ("Withheld ln Full\n", "withheld"),
        ("WITHHELD - (b)(5)\n", "withheld"),
        ("Pages 3 through 5 have been withheld\n", "withheld"),
        ("2 pages withheld (b)(5)\n", "withheld"),
        ("Pages 3-7 Withheld\n", "withheld"),
        ("NON-RESPONSIVE RECORD\n", "withheld"),
        ("Document referred to the Department of Justice\n", "withheld"),
        ("DUPLICATE\n", "withheld"),
        ("DUPLICATE - produced at AGY-000090\n", "withheld"),
        ("Document produced in native format\n", "withheld"),
        ("This page intentionally left blank.\n", "other"),
        ("", "other"),
        ("Some unrelated scanned page", "other"),
    ],
)
def test_non_email_pages_are_never_emails(page: str, kind: str) -> None:
    result = split_into_emails([page])
    assert result.spans == ()
    assert result.page_kinds == (kind,)
    if kind == "withheld" or "blank" in page:  # after an email: no page of it
        assert split_into_emails([OUTLOOK_TOP, page]).spans[0].end_page == 1


@pytest.mark.parametrize("sentence", [
    "On the consultant's memo, I agree with Legal that it should be withheld in full\nunder (b)(5) as predecisional.",
    "The Corps told me the earlier request was denied in full, so we should\nexpect an appeal.",
])
def test_an_emails_page_whose_sentence_names_a_withholding_is_no_slip_sheet(sentence: str) -> None:
    """Page family, FOIA offices' own mail: an email's body runs onto a page whose sentence says
    a record was "withheld in full" or "denied in full". GIVEN such a page WHEN split THEN it is the
    email's page and its text the email's (was: a page stated withheld, the email cut before it and
    its text no email's); a slip sheet's line of its own still is one."""
    result = split_into_emails([OUTLOOK_TOP, f"{sentence}\n\nJane\n\nAGY-000124\n"])
    assert result.page_kinds == ("email", "email")
    assert result.spans[0].end_page == 2 and result.spans[0].body.endswith("Jane")
    assert split_into_emails([OUTLOOK_TOP, "Document 12 withheld in full\n(b)(5)\n"]).page_kinds == ("email", "withheld")


def test_email_stops_before_a_non_email_page() -> None:
    """GIVEN an email, a withheld-in-full sheet, a cover letter's second page and another email
    WHEN split
    THEN the first email ends on its own page and every page is accounted for."""
    letter_page_2 = "We trust this is helpful.\n\nSincerely,\nChief, FOIA Section\n"
    pages = [
        COVER_LETTER,
        letter_page_2,
        OUTLOOK_TOP,
        "continued body text\n",
        WITHHELD,
        OUTLOOK_TOP,
    ]
    result = split_into_emails(pages)
    assert result.page_kinds == (
        "cover-letter",
        "cover-letter",
        "email",
        "email",
        "withheld",
        "email",
    )
    assert _shape(result) == [(3, 1, 4, False, None), (6, 1, 6, False, None)]
    assert result.spans[0].body.endswith("continued body text")


@pytest.mark.parametrize("slip", [WITHHELD, FBI_DELETED])
def test_a_page_withheld_inside_an_email_is_a_page_of_it(slip: str) -> None:
    """Page family, productions withholding a page inside a record: a slip sheet between an
    email's first page and the page that goes on with its text, then the message it quotes. GIVEN
    such pages WHEN split THEN one email over all three, the slip keeping its kind, the quoted
    message in it (was: the email cut at the slip, its resumed text no email's, the quoted message
    a top email of its own); a slip before a page starting a print of its own still ends the email, its
    banner's rule read as letters or not."""
    resumed = ("budget office before Friday.\n\nJane\n\nFrom: Doe, John\nSent: Monday, November 12, 2018 9:02 AM\n"
               "To: Roe, Jane\nSubject: AI services requirements\n\nJane, may we start?\n")
    result = split_into_emails([OUTLOOK_TOP, slip, resumed])
    assert result.page_kinds[1] == split_into_emails([slip]).page_kinds[0]
    assert [(s.header.page, s.end_page, s.header.quoted) for s in result.spans] == [(1, 3, False), (3, 3, True)]
    assert "budget office before Friday." in result.spans[0].body
    assert [(s.header.page, s.end_page) for s in split_into_emails([OUTLOOK_TOP, slip, OUTLOOK_TOP]).spans] == [(1, 1), (3, 3)]
    for letters in ("ieee ee", "hth, alte ae", "EE"):  # (OCR: the banner's rule read as letters, a comma among them)
        ruled = OUTLOOK_TOP.replace("Jane Roe\n", f"Jane Roe\n{letters}\n", 1)
        assert [(s.header.page, s.end_page) for s in split_into_emails([OUTLOOK_TOP, slip, ruled]).spans] == [(1, 1), (3, 3)]


def test_unmarked_quoted_header_mid_page() -> None:
    """GIVEN an Outlook print whose reply separator was a graphic rule (no text)
    WHEN a header block follows body text mid-page with no banner line above it
    THEN it is a quoted copy; with quote_unmarked=False it is a new email."""
    result = split_into_emails([DHS_THREAD])
    assert _shape(result) == [(1, 0, 1, False, None), (1, 11, 1, True, 0)]  # sender above From:
    assert dict(result.spans[0].header.fields)["from"].startswith("OPSEC Team </O=EXCHANGELABS")
    assert dict(result.spans[1].header.fields)["from"] == "(b)(6)"
    loose = split_into_emails([DHS_THREAD], quote_unmarked=False)
    assert [s.header.quoted for s in loose.spans] == [False, False]


def test_same_page_top_level_email_under_known_banner() -> None:
    """GIVEN two emails printed on one page, each under the custodian's banner line
    WHEN split
    THEN both are top-level: the banner line marks a new print."""
    page = OUTLOOK_TOP + "\n" + OUTLOOK_TOP
    result = split_into_emails([page])
    assert [(s.header.line, s.header.quoted, s.header.ordinal) for s in result.spans] == [
        (1, False, 0),
        (14, False, 1),
    ]
    assert "Jane Roe\nFrom:" not in result.spans[0].body  # the banner belongs to the next email


def test_memo_labels_do_not_make_an_email_inside_an_open_email() -> None:
    pages = [OUTLOOK_TOP, MEMO]
    result = split_into_emails(pages)
    assert result.page_kinds == ("email", "memo")
    assert _shape(result) == [(1, 1, 1, False, None)]


def test_body_line_with_a_label_is_not_a_header() -> None:
    page = OUTLOOK_TOP + "\nSubject: see above\nTo be continued.\n"
    assert len(split_into_emails([page]).spans) == 1


def test_empty_document() -> None:
    assert split_into_emails([]) == SplitResult(spans=(), page_kinds=())


# --- Properties ------------------------------------------------------------------------------------

_LINES = st.sampled_from(
    [
        "From: Jane Roe <jane@x.com>",
        "F rom: (b)(6)",
        "Sent: Tuesday, November 13, 2018 3:45 PM",
        "Date: 11/13/2018 15:45",
        "To: Doe, John; (b)(6)",
        "Subject: RE: plan",
        "Subiect: plan",
        "Start: Tue 11/13/2018 3:00 PM",
        "End: Tue 11/13/2018 4:00 PM",
        "Location: Room 5",
        "Organizer: Roe, Jane",
        "-----Original Message-----",
        "________________________________",
        "On Mon, Nov 12, 2018 at 9:02 AM, John Doe wrote:",
        "Jane Roe",
        "From",
        "Sent",
        "MEMORANDUM",
        "Dear Mr. Requester:",
        "Withheld in full pursuant to (b)(5)",
        "DELETED PAGE INFORMATION SHEET",
        "Approved By: x",
        "DEA-MSFT-000001",
        "Page 1 of 2",
        "",
        "body text",
    ]
)
_PAGE = st.one_of(st.lists(_LINES, max_size=25).map("\n".join), st.text(max_size=300))


def _check_invariants(pages: list[str], result: SplitResult) -> None:
    assert len(result.page_kinds) == len(pages)
    assert all(kind in PAGE_KINDS for kind in result.page_kinds)
    positions = [(s.header.page, s.header.line) for s in result.spans]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)
    covered: set[int] = set()
    for index, span in enumerate(result.spans):
        head = span.header
        assert 1 <= head.page <= span.end_page <= len(pages)
        assert 0 <= head.line < max(1, len(pages[head.page - 1].splitlines()))
        assert 0 <= span.end_line <= len(pages[span.end_page - 1].splitlines())
        if span.end_page == head.page:
            assert span.end_line > head.line
        if head.quoted:
            assert span.parent is not None
            parent = result.spans[span.parent]
            assert not parent.header.quoted
            if span.parent > index:
                # a copy read out of its place before any email opens: in the first email after it
                # (split's _copies_read_first; a real release prints its newest message under it)
                assert span.parent == min(i for i, s in enumerate(result.spans) if not s.header.quoted)
            else:
                assert (span.end_page, span.end_line) <= (parent.end_page, parent.end_line)
        else:
            assert span.parent is None
        covered.update(range(head.page, span.end_page + 1))
    ordinals: dict[int, list[int]] = {}
    for span in result.spans:
        ordinals.setdefault(span.header.page, []).append(span.header.ordinal)
    assert all(values == list(range(len(values))) for values in ordinals.values())
    for number, kind in enumerate(result.page_kinds, start=1):
        # (a slip sheet withheld inside an email keeps its kind, its page the email's)
        assert (kind == "email") == (number in covered) or (kind in ("withheld", "deleted") and number in covered)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PAGE, max_size=6))
# found by this test: a From: line atop the next page, the same as one above, was taken for a running
# head, and the To: under it joined to the header the page break cut
@example(['From: Jane Roe <jane@x.com>\nSent: Tuesday, November 13, 2018 3:45 PM\nSent: Tuesday, November 13, 2018 3:45 PM\n'
          'From: Jane Roe <jane@x.com>', 'From: Jane Roe <jane@x.com>\nTo: Doe, John; (b)(6)'])
# found by this test: a first header read as out of its place is a quoted copy of no email
@example(['From: Jane Roe <jane@x.com>\nDate: 11/13/2018 15:45\nOn Mon, Nov 12, 2018 at 9:02 AM, John Doe wrote:\n'
          'To: Doe, John; (b)(6)\nFrom: Jane Roe <jane@x.com>\nSent: Tuesday, November 13, 2018 3:45 PM'])
# found by this test: a quoted header cut by a page break went on onto a memo-like page its email ended before
@example(['From: Jane Roe <jane@x.com>\nSent: Tuesday, November 13, 2018 3:45 PM\nSent: Tuesday, November 13, 2018 3:45 PM\n'
          'From: Jane Roe <jane@x.com>', 'To: Doe, John; (b)(6)\nMEMORANDUM'])
# found by this test: two headers under a page break took the one From: line above it
@example(['From: Jane Roe <jane@x.com>',
          'Sent: Tuesday, November 13, 2018 3:45 PM\nStart: Tue 11/13/2018 3:00 PM\nEnd: Tue 11/13/2018 4:00 PM\nSent\n'
          'Start: Tue 11/13/2018 3:00 PM\nEnd: Tue 11/13/2018 4:00 PM',
          'Sent: Tuesday, November 13, 2018 3:45 PM\nStart: Tue 11/13/2018 3:00 PM\nEnd: Tue 11/13/2018 4:00 PM'])
# found by this test: the same, the From: line above being the quoting email's ("F rom:" as OCR reads it)
@example(['F rom: (b)(6)\nSent: Tuesday, November 13, 2018 3:45 PM\nSent\nFrom: Jane Roe <jane@x.com>',
          'F rom: (b)(6)\nTo: Doe, John; (b)(6)'])
# found by this test: the same, the From line above bare ("From", its value under it)
@example(['From: Jane Roe <jane@x.com>\nSent\nFrom\nFrom: Jane Roe <jane@x.com>\nSent', 'From\nTo: Doe, John; (b)(6)'])
# found by this test: a web print's lead (a title and a sender above Sent:) reached up into the
# "On … wrote:" line read as a header already: two headers on one line
@example(['On Mon, Nov 12, 2018 at 9:02 AM, John Doe wrote:\nJane Roe\nSent\nTo: Doe, John; (b)(6)'])
# found by this test: a header's From: and Sent: lines printed on the page before too (read as
# running heads), under a cut header: the next page's rest was both headers'
@example(['From: Jane Roe <jane@x.com>\nSent: Tuesday, November 13, 2018 3:45 PM',
          '-----Original Message-----\nFrom: Jane Roe <jane@x.com>\nSent\nFrom: Jane Roe <jane@x.com>\n'
          'Sent: Tuesday, November 13, 2018 3:45 PM', 'To: Doe, John; (b)(6)'])
# found by this test (session 36): a header's From: line taken by the cut header under it on the
# next page, its own lines printed on both pages (read as running heads): two headers at one place
@example(['From: Jane Roe <jane@x.com>\nStart: Tue 11/13/2018 3:00 PM\nEnd: Tue 11/13/2018 4:00 PM',
          'Sent: Tuesday, November 13, 2018 3:45 PM\nStart: Tue 11/13/2018 3:00 PM\nEnd: Tue 11/13/2018 4:00 PM'])
# found by this test (session 43): a quoted header whose Sent: value printed under it was the
# next email's lead ("MEMORANDUM" above its From:): the copy ran past the email it is in
@example(['MEMORANDUM\nFrom: Jane Roe <jane@x.com>\nSent\nFrom: Jane Roe <jane@x.com>\nSent\nMEMORANDUM\n'
          'From: Jane Roe <jane@x.com>\nSent: Tuesday, November 13, 2018 3:45 PM'])
# found by this test (session 45): a quoted copy's "On … wrote:" line, printed first on two pages,
# read as a running stamp OCR misread: the header under it a print's first, the copy cut before it
@example(['On Mon, Nov 12, 2018 at 9:02 AM, John Doe wrote:',
          'On Mon, Nov 12, 2018 at 9:02 AM, John Doe wrote:\nFrom: Jane Roe <jane@x.com>\n'
          'Sent: Tuesday, November 13, 2018 3:45 PM'])
def test_split_properties(pages: list[str]) -> None:
    """Never raises; spans ordered and in bounds; quoted spans have a top-level parent;
    every page is either inside an email span or has a non-email kind."""
    _check_invariants(pages, split_into_emails(pages))
    _check_invariants(pages, split_into_emails(pages, quote_unmarked=False))


def test_realistic_fixture_invariants() -> None:
    pages = [
        COVER_LETTER,
        ORIGINAL_AT_PAGE_BOTTOM,
        QUOTED_AT_PAGE_TOP,
        WITHHELD,
        MEETING,
        DHS_THREAD,
        WROTE,
        FBI_EC,
        FBI_DELETED,
        OCR_NOISY,
        OCR_COLUMNS,
        TABLE_HEADER,
        MEMO,
    ]
    _check_invariants(pages, split_into_emails(pages))


@pytest.mark.parametrize(
    "garbage",
    [
        "From: " * 5000,
        ("From:\n" * 3000) + ("x\n" * 3000),
        "On " * 5000 + "wrote:",
        ("On a\n" * 3000),
        "_" * 20000,
        "-" * 20000,
        ("F\n" * 5000),
        ("From  x\nTo  y\n" * 1500),
        ("\n" * 20000),
        "Dear " * 4000,
    ],
)
def test_bounded_time_on_garbage(garbage: str) -> None:
    started = time.perf_counter()
    split_into_emails([garbage, garbage[:5000]])
    assert time.perf_counter() - started < 5.0


def test_prose_starting_with_a_label_word_does_not_extend_a_header() -> None:
    """GIVEN OCR text where the greeting and a sentence starting "To set up" follow the
    Subject line WHEN split THEN the subject is only the subject line."""
    page = (
        "Jane Roe\n"
        "From: Priya Raman <priya.raman@example.com>\n"
        "Sent: Friday, June 1, 2018 10:30 AM\n"
        "To: (b)(6), (b)(7)(C)\n"
        "Subject: POC environment - subscription setup\n"
        "Hi (b)(6), (b)(7)(C)\n"
        "To set up the proof-of-concept subscription we need:\n"
        "* The name of the subscription owner.\n"
    )
    result = split_into_emails([page])
    assert len(result.spans) == 1
    assert dict(result.spans[0].header.fields)["subject"] == "POC environment - subscription setup"


def test_a_reply_line_before_the_quoted_header_is_body_not_a_wrapped_subject() -> None:
    page = (
        "Jane Roe\n"
        "From: Priya Raman\n"
        "Sent: Wednesday, December 19, 2018 9:03 AM\n"
        "To: b6, b7C\n"
        "Subject: RE: Transcription pilot\n"
        "Sounds good. Happy holidays!\n"
        "From: (b)(6), (b)(7)(C)\n"
        "Sent: Tuesday, December 18, 2018 3:00 PM\n"
        "To: Priya Raman <priya.raman@example.com>\n"
        "Subject: RE: Transcription pilot\n"
        "Thanks, Priya.\n"
    )
    spans = split_into_emails([page]).spans
    assert [(s.header.line, s.header.quoted) for s in spans] == [(1, False), (6, True)]
    assert dict(spans[0].header.fields)["subject"] == "RE: Transcription pilot"


def test_ocr_residue_after_a_redacted_banner_still_marks_a_new_email() -> None:
    """GIVEN a page whose banner is a redaction and whose second banner carries OCR residue
    ("ZZ", the rule below it) and an "On ... Wrote: . ." line WHEN split THEN two top-level
    emails and one quoted copy."""
    page = (
        "(b)(6), (b)(7)(C)\n"
        "From: (b)(6), (b)(7)(C)\n"
        "Date: Wednesday, July 11, 2018 9:15 AM\n"
        "To: Kevin Marsh <kevin.marsh@example.com>\n"
        "Subject: Status of POC\n"
        "Kevin, a quick status.\n"
        "(b)(6), (b)(7)(C) .\n"
        "(b)(6), (b)(7)(C) ZZ\n"
        "From: Kevin Marsh <kevin.marsh@example.com>\n"
        "Sent: Wednesday, July 11, 2018 10:02 AM\n"
        "To: (b)(6), (b)(7)(C)\n"
        "Subject: RE: Status of POC\n"
        "Thanks for the update.\n"
        "On Wed, Jul 11, 2018 at 9:15 AM, (b)(6), (b)(7)(C) Wrote: . .\n"
        "> Kevin, a quick status.\n"
    )
    spans = split_into_emails([page]).spans
    assert [(s.header.line, s.header.quoted) for s in spans] == [(1, False), (8, False), (13, True)]


def test_a_redaction_box_split_by_a_line_wrap_is_one_party() -> None:
    """GIVEN a Cc list whose last redaction box wraps onto the next line (its label printed
    again there) WHEN split THEN the wrapped half is not a recipient of its own."""
    page = (
        "Jane Roe\n"
        "From: Ellison, Mark <mark.ellison@example.gov>\n"
        "Sent: Tuesday, December 4, 2018 5:30 PM\n"
        "To: Laura Brennan <laura.brennan@example.com>\n"
        "Cc: Kevin Marsh <kevin.marsh@example.com>; (b)(6), (b)(7)(C) ; (b)(6), (b)(7)(C)\n"
        "(b)(6), (b)(7)(C)\n"
        "Subject: RE: Following up\n"
        "Ms. Brennan,\n"
    )
    cc = dict(split_into_emails([page]).spans[0].header.fields)["cc"]
    assert cc.count("(b)(6)") == 2


def test_a_wrapped_redaction_box_after_a_misread_semicolon_is_one_party() -> None:
    """GIVEN a Cc list where OCR read the ";" before two redaction boxes as ";)" and lost the
    one between them, and the last box wraps onto the next line
    WHEN split THEN the wrapped half is not appended as a recipient of its own."""
    page = (
        "From: Ellison, Mark <mark.ellison@example.gov>\n"
        "Sent: 12/04/2018 17:30\n"
        "To: Laura Brennan <laura.brennan@example.com>\n"
        "Cc: Kevin Marsh <kevin.marsh@example.com>;) (b)(6), (b)(7)(C) (b)(6), (b)(7)(C)\n"
        "(b)(6), (b)(7)(C)\n"
        "Subject: RE: Following up\n"
        "Ms. Brennan,\n"
    )
    cc = dict(split_into_emails([page]).spans[0].header.fields)["cc"]
    assert cc.count("(b)(6)") == 2


def test_te_is_read_as_a_to_label_inside_a_header_block() -> None:
    """GIVEN a scanned header where OCR read "To:" as "Te:" WHEN split THEN the line is the To field."""
    page = (
        "From: Daniel Okafor <daniel.okafor@example.com>\n"
        "Sent: Friday, April 20, 2018 11:11 AM\n"
        "Te: (b)(6), (b)(7)(C)\n"
        "Cc: Priya Raman <priya.raman@example.com>\n"
        "Subject: Sentiment analysis\n"
        "Body.\n"
    )
    header = split_into_emails([page]).spans[0].header
    assert header.get("to") == "(b)(6), (b)(7)(C)"
    assert header.get("sent") == "Friday, April 20, 2018 11:11 AM"


@pytest.mark.parametrize("line", ["When is Chris Lane going?", "Where are we on the draft?",
                                  "Date them all before Friday.", "Location of the files is below."])
def test_a_question_after_a_header_whose_colons_ocr_lost_is_the_body(line: str) -> None:
    """GIVEN a scanned header whose Sent and Subject lost their colons (the agency's OCR) and a
    first body line starting with a meeting's or date's label word, then prose WHEN split THEN
    the line is the email's body (it was read as the header's "When"/"Where"/"Date" field and
    lost: the whole of what the sender wrote)."""
    page = ("From: H <hmail17@example.com>\nSent Saturday, April 2, 2011 11:59 AM\nTo: 'jj@example.gov'\n"
            f"Subject Re: Brits and Peru\n{line}\n---, Original Message --\nFrom: Hollis, Robin J\n"
            "Sent: Saturday, April 02, 2011 10:34 AM\nTo: H\nSubject: Re: Brits and Peru\nWill raise.\n")
    spans = split_into_emails([page]).spans
    assert len(spans) == 2 and spans[0].body.startswith(line + "\n")
    assert dict(spans[0].header.fields) == {"from": "H <hmail17@example.com>", "sent": "Saturday, April 2, 2011 11:59 AM",
                                            "to": "'jj@example.gov'", "subject": "Re: Brits and Peru"}


def test_a_wrapped_recipient_line_whose_separators_ocr_misread_keeps_the_header_whole() -> None:
    """OCR failure, scanned recipient lists: GIVEN a Cc wrapped onto a line whose semicolons were
    read as "!" and whose last initial as "6." (so it reads as a sentence), then Sent and Subject
    WHEN split THEN the line continues the Cc and the date and subject are the header's (the
    header ended at the Cc: the quoted email lost its date and subject)."""
    page = ("Agreed.\nFrom: Hartman, Peter D\nTo: Dalton, Ivo H; Crane, Gene A\n"
            "Cc: Hollis, Robin J; Fischer, Ronald L; Sanders, Janet A;\nI Shaw, Daniel B! Moss, Dennis 6.\n"
            "Sent: Fri Apr 08 19:53:56 2011\nSubject: Harbour and NATO\nIan et al: Greetings.\n")
    (span,) = [s for s in split_into_emails([page]).spans if s.header.line == 1]
    fields = dict(span.header.fields)
    assert fields["subject"] == "Harbour and NATO" and fields["sent"] == "Fri Apr 08 19:53:56 2011"
    assert fields["cc"].endswith("Moss, Dennis 6.") and span.body == "Ian et al: Greetings."


def test_a_file_name_after_a_header_whose_colons_ocr_lost_is_its_attachments() -> None:
    """GIVEN a header whose colons OCR lost, with "Attachments image001.png" (a value in lower
    case, as file names are) WHEN split THEN it is the header's attachments, not body: only a
    meeting's or a date's field needs a value that is no lower-case prose."""
    page = ("From: H <hmail17@example.com>\nSent Saturday, April 2, 2011 11:59 AM\nTo: 'jj@example.gov'\n"
            "Subject Re: Brits and Peru\nAttachments image001.png\nSee the map.\n")
    (span,) = split_into_emails([page]).spans
    assert dict(span.header.fields)["attachments"] == "image001.png" and span.body == "See the map."


def test_a_running_head_beginning_with_from_does_not_stop_a_header_cut_by_a_page_break():
    """Layout family, any client with a running head ("From the Office of …" atop each page):
    GIVEN headers cut by page breaks, their To: and Subject: under the next page's running head
    WHEN split THEN each joined whole (the colon-less "From" of the head starts no header)."""
    from ingest.emails import emails_from_pages

    head = "From the Office of the Regional Counsel\n"
    pages = [head + "From: Jane Roe <jroe@agency.example.gov>\nSent: Tuesday, March 3, 2015 10:30 AM\n"
             "To: John Doe <jdoe@agency.example.gov>\nSubject: Plans\n\nbody\nmore body\nmore body 2\n"
             "more body 3\n\nFrom: John Doe <jdoe@agency.example.gov>\nSent: Monday, March 2, 2015 9:00 AM\n",
             head + "To: Jane Roe <jroe@agency.example.gov>\nSubject: Plans\n\nold body\nmore old body\n"
             "some more\nand more\nFrom: Ann Lee <alee@agency.example.gov>\nSent: Sunday, March 1, 2015 9:00 AM\n",
             head + "To: John Doe <jdoe@agency.example.gov>\nSubject: Plans\n\noldest body\n"]
    emails, _ = emails_from_pages(pages, [None] * len(pages))
    assert [(e.sender.display if e.sender else None, [p.display for p in e.to], e.subject) for e in emails] == [
        ("Jane Roe", ["John Doe"], "Plans"), ("John Doe", ["Jane Roe"], "Plans"), ("Ann Lee", ["John Doe"], "Plans")]


def test_a_bare_date_above_to_is_no_lost_sent_label_when_a_sent_line_follows():
    """GIVEN a header whose Sent: line is printed under its To: (a date alone under From: is
    then something else) WHEN split THEN the Sent: line is the date and the subject is kept."""
    from ingest.emails import emails_from_pages

    page = ("From: Jane Roe <jroe@agency.example.gov>\nMarch 3, 2015 10:30 AM\nTo: John Doe <jdoe@agency.example.gov>\n"
            "Sent: Tuesday, March 3, 2015 11:45 AM\nSubject: Plans\n\nThe plans are attached.\n")
    emails, _ = emails_from_pages([page], [None])
    assert [(e.sent, e.subject) for e in emails] == [("2015-03-03T11:45:00", "Plans")]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="abcde :-", max_size=40), min_size=1, max_size=12),
       st.sampled_from([0.5, 0.8, 0.9, 0.95, 1.0]))
def test_subjects_passed_over_could_not_read_alike(texts: list[str], ratio: float) -> None:
    """The wrapped-subject join compares a subject only with the printings ``_Printings.near``
    finds (a 1,000-page production compared every pair: 3 minutes). GIVEN any texts WHEN one asks
    for those that may reach a ratio THEN none it passes over reaches it."""
    printings = _Printings([(text, "", "") for text in texts])
    for text in filter(None, texts):
        near = set(printings.near(text, ratio))
        assert {other for other in printings.blocks
                if SequenceMatcher(None, text, other).ratio() >= ratio} <= near


def test_a_long_production_s_subjects_are_not_compared_pair_by_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    """GIVEN 300 printed emails, each with a subject of its own and a first body line (each could
    be a wrapped subject) WHEN split THEN the subjects are compared a few times each, not every
    pair (90,000: a 1,000-page production took 3 minutes to split), and none is joined."""
    import ingest.split

    compared = 0

    class Counted(SequenceMatcher):  # type: ignore[type-arg]
        def ratio(self) -> float:
            nonlocal compared
            compared += 1
            return super().ratio()

    monkeypatch.setattr(ingest.split, "SequenceMatcher", Counted)
    rng = random.Random(5)
    words = ("budget camera vendor pilot review agenda license contract demo plate reader data retention "
             "training schedule invoice policy audit request memo server network access report").split()
    subjects = [" ".join(rng.sample(words, 4)) for _ in range(300)]
    pages = ["\n".join(
        f"From: Person {n % 7} <p{n % 7}@agency.example>\nSent: Monday, March 2, 2015 10:{n % 60:02d} AM\n"
        f"To: Staff <staff@agency.example>\nSubject: Item {n} {subjects[n]}\n"
        f"{rng.choice(words)} notes for the {rng.choice(words)} team, number {n}.\n" for n in range(page * 3, page * 3 + 3))
        for page in range(100)]
    result = split_into_emails(pages)
    assert len(result.spans) == 300
    subjects = [dict(span.header.fields)["subject"] for span in result.spans]
    assert all(subject.startswith(f"Item {n} ") and "number" not in subject for n, subject in enumerate(subjects))
    assert compared < 300 * 10, compared


def test_a_split_made_on_the_separator_above_a_header_opens_that_header() -> None:
    """GIVEN a reply quoting an earlier message under "-----Original Message-----" WHEN a person
    splits the email on the separator line (the site offers every line; a reader sees the message
    begin there) THEN the email begun there is the header under it, with its sender and date, top
    level (it was an email of its own with no header: no sender, no date, beside the quoted copy);
    a split on a line of text that opens no header still begins an email there."""
    page = ("From: Roe, Jane\nSent: Monday, May 14, 2018 5:10 PM\nTo: Doe, John\nSubject: RE: Plan\n\nYes.\n\n"
            "-----Original Message-----\nFrom: Doe, John\nSent: Monday, May 14, 2018 5:00 PM\nTo: Roe, Jane\n"
            "Subject: Plan\n\nShall we?\n")
    separator = page.splitlines().index("-----Original Message-----")
    result = split_into_emails([page], structure=Structure(starts=frozenset({(1, separator)})))
    assert [(s.header.line, s.header.quoted, dict(s.header.fields).get("from")) for s in result.spans] == [
        (0, False, "Roe, Jane"), (separator + 1, False, "Doe, John")]
    prose = split_into_emails([page], structure=Structure(starts=frozenset({(1, 5)})))
    assert (1, 5) in {(s.header.page, s.header.line) for s in prose.spans}


def test_a_sentence_a_page_break_carried_above_the_next_header_ends_the_email_before() -> None:
    """Layout family, a thread printed whole (each message's header under the last, no banner):
    GIVEN a reply quoting a message whose header is page 1's last lines, its one-line body at
    the top of page 2, then the next message's header WHEN split THEN the sentence is the quoted
    message's (the reply and its quote end on page 2), and the next email begins at its header:
    a sentence is no print banner or title (the reply and its quote ended a page early, the
    sentence the next email's, nothing doubted)."""
    first = OUTLOOK_TOP + """
-----Original Message-----
From: Doe, John (DEA) <john.doe@usdoj.gov>
Sent: Tuesday, November 13, 2018 9:12 AM
To: Jane Roe <jane.roe@microsoft.com>
Subject: AI services requirements
"""
    second = """\
Jane, the pilot has nine sites now and the list is attached here.
From: Doe, John (DEA) <john.doe@usdoj.gov>
Sent: Wednesday, November 14, 2018 8:05 AM
To: Jane Roe <jane.roe@microsoft.com>
Subject: RE: RE: AI services requirements

Thank you, Jane.
"""
    result = split_into_emails([first, second])
    assert _shape(result) == [(1, 1, 2, False, None), (1, 14, 2, True, 0), (2, 1, 2, False, None)]
    assert result.spans[1].body.endswith("the list is attached here.")
    assert "nine sites" not in result.spans[2].body


def test_specks_at_a_wrapped_recipient_lines_ends_do_not_cut_the_list() -> None:
    """OCR failure, scanned recipient lists (Outlook wraps a long list between a name and its
    address): a speck read before the next line's address (". <cyard@…>", "-<tprusik@…>") cut
    the list there (the rest lost, the Cc: with it), and one read after a name as its separator
    ("Wendell Gruber ;" over "<wgruber@…>") split the party from its address."""
    page = """\
From: Dana Okafor <dokafor@transit.example.gov>
Sent: Monday, March 25, 2024 4:55 PM
To: Anika Quenneville <aquenneville@transit.example.gov>; Colm Yardley
. <cyardley@transit.example.gov>; Odile Fessenden
<ofessenden@transit.example.gov>; Wendell Gruber ;
<wgruber@transit.example.gov>; Tilda Prusik
-<tprusik@transit.example.gov>
Cc: Greta Solvang <gsolvang@local.example.org>
Subject: Step 1 meeting

The meeting is set for 3/28 at 10:00.
"""
    (span,) = split_into_emails([page]).spans
    fields = dict(span.header.fields)
    assert fields["to"].count("@") == 5 and "Greta" not in fields["to"]
    assert fields["cc"] == "Greta Solvang <gsolvang@local.example.org>"
    from ingest.headers import parse_parties

    assert [(p.name, p.address) for p in parse_parties(fields["to"])] == [
        ("Anika Quenneville", "aquenneville@transit.example.gov"), ("Colm Yardley", "cyardley@transit.example.gov"),
        ("Odile Fessenden", "ofessenden@transit.example.gov"), ("Wendell Gruber", "wgruber@transit.example.gov"),
        ("Tilda Prusik", "tprusik@transit.example.gov")]


def test_a_subject_ocr_damaged_is_one_with_its_other_printings_when_ordering_a_thread() -> None:
    """OCR failure, scanned threads: a quoted header's subject with a speck ("' Elm St water
    main"), a letter misread ("Elm $t") or its line's end lost is the same subject as the reply
    above or below it prints (the reply printed under it with no banner was read as a quoted
    copy); other subjects, and short ones, stay apart."""
    from ingest.split import _one_subject

    assert _one_subject("FW: Elm St water main - Phase 2 closure dates", "' Elm St water main - Phase 2 closure dates")
    assert _one_subject("RE: Elm $t water main - Phase 2 closure dates", "Elm St water main - Phase 2 closure dates")
    assert _one_subject("RE: Kitchen re-inspection at Millbrook", "Kitchen re-inspection at Mill")
    assert not _one_subject("Budget for Ohio", "Budget for Iowa")
    assert not _one_subject("RE: Permit 12", "Permit 13")
    assert not _one_subject("Kitchen", "Kitchen re-inspection at Millbrook Elementary")
    assert _one_subject("", "") and not _one_subject("Budget", "")


def test_a_table_header_whose_recipient_cells_wrap_keeps_its_cc_and_subject() -> None:
    """Layout family, Exchange and Outlook prints as a table (labels without colons, one space
    from their values): a long To: or Cc: cell wraps within its column over lines of its own, so
    the next label stands more than two lines under the one above it. It is a label still: the
    Cc: was read into the To: list and the subject taken from the banner over the table."""
    page = """\
Quenneville, Anika
From Wendell Gruber <wgruber@transit.example.gov>
Sent Tuesday, April 2, 2024 1:05 PM
To Dana Okafor <dokafor@transit.example.gov>; Sven Borowiak
<sborowiak@transit.example.gov>; Joel Hanratty
<jhanratty@transit.example.gov>; Colm Yardley
<cyardley@transit.example.gov>
Cc Odile Fessenden <ofessenden@transit.example.gov>; Nora
Ishikawa-Brandt <nishikawa@transit.example.gov>;
Hollis Kremer <hkremer@coachworks.example.com>
Subject 4417 returned to service
All, calipers replaced under the recall; road test passed.
"""
    (span,) = split_into_emails([page]).spans
    fields = dict(span.header.fields)
    assert fields["to"].count("@") == 4 and "Odile" not in fields["to"]
    assert fields["cc"].count("@") == 3 and fields["subject"] == "4417 returned to service"


@pytest.mark.parametrize(("printed", "sender"), [
    ("Lionel Moss <lmoss@health.example.org>", "Lionel Moss <lmoss@health.example.org>"),
    ("cram: Hollis Kramer [mailto:hkramer@coach.example.com]", "Hollis Kramer [mailto:hkramer@coach.example.com]"),
])
def test_a_quoted_headers_sender_whose_label_ocr_lost_is_the_line_over_its_sent(printed: str, sender: str) -> None:
    """OCR failure, scanned prints: a quoted header's From: label lost, or misread past reading
    with its colon ("cram:"), its name and address read, right under the separator: the sender
    (the copy had none). A signature's name and address over a Sent: line under the body's
    text is not taken for one."""
    top = ("From: Ines Doe <idoe@x.gov>\nSent: Thursday, April 18, 2024 1:02 PM\nTo: Tobias Roe <troe@x.gov>\n"
           "Subject: RE: Kitchen\n\nThanks.\n\n")
    rest = "\nSent: Wednesday, April 17, 2024 10:20 AM\nTo: Ines Doe <idoe@x.gov>\nSubject: Kitchen\n\nSee attached.\n"
    quoted = split_into_emails([f"{top}-----Original Message-----\n{printed}{rest}"]).spans[1]
    assert quoted.header.quoted and dict(quoted.header.fields)["from"] == sender
    signed = split_into_emails([f"{top}Thanks,\n{printed}{rest}"]).spans[1]
    assert "from" not in dict(signed.header.fields)


def test_a_table_header_whose_to_cell_wraps_over_eleven_lines_keeps_its_cc_and_subject() -> None:
    """The same, an 11-person To: cell wrapping over 11 lines (a held-out release's table: its
    Cc: was fused into the To: list, its subject empty, on its text layer too)."""
    people = [f"Person{n} Roe" for n in range(11)]
    wrapped = [f"{'To ' if n == 0 else f'<p{n - 1}@port.example.gov>; '}{name}" for n, name in enumerate(people)]
    page = "\n".join(["Roe, Jane", "From Jane Roe <jroe@port.example.gov>", "Sent Tuesday, April 2, 2024 1:05 PM",
                      *wrapped, "<p10@port.example.gov>", "Cc Carl Moss <cmoss@port.example.gov>",
                      "Subject Berth 7 soundings", "The soundings are attached."]) + "\n"
    (span,) = split_into_emails([page]).spans
    fields = dict(span.header.fields)
    assert fields["to"].count("@") == 11 and fields["cc"] == "Carl Moss <cmoss@port.example.gov>"
    assert fields["subject"] == "Berth 7 soundings"


def test_a_table_header_whose_cell_wraps_an_x500_address_over_three_lines_keeps_its_subject() -> None:
    """The same, the cell's last party an Exchange X.500 address wrapped over three lines, two of them
    holding no "@" nor ";" ("</O=HBR/OU=EXCHANGE ADMINISTRATIVE GROUP" / "(FYDIBOHF23SPDLT)/CN=…>"):
    GIVEN such a table WHEN split THEN the Subject row under it is the subject (was: read as no label,
    the banner over the table taken for the subject)."""
    page = "\n".join(["Roe, Jane", 'From "Moss, Carl" <cmoss@port.example.gov>', "Sent Friday, May 17, 2019 6:52 AM",
                      'To "Lee, Ann" <alee@port.example.gov>; Park, Ellen', "</O=HBR/OU=EXCHANGE ADMINISTRATIVE GROUP",
                      "(FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=EPARK>", "Subject RE: Berth 7 soundings",
                      "The soundings are attached."]) + "\n"
    (span,) = split_into_emails([page]).spans
    assert dict(span.header.fields)["subject"] == "RE: Berth 7 soundings"


def test_an_email_a_person_begins_on_a_page_read_as_no_email_takes_nothing_above_it() -> None:
    """GIVEN an email on page 1 and a memorandum on page 2 (the machine: no email) WHEN a person
    says an email begins at a line near page 2's foot THEN the email before still ends on page 1
    and the begun one at its line: the memo's lines above are neither's (was: glued onto the email
    before, which grew a page, its Bates range and its body the memo's)."""
    first = "From: Roe, Jane\nSent: Monday, May 14, 2018 5:10 PM\nTo: Doe, John\nSubject: Plan\n\nShall we?\n"
    memo = ("MEMORANDUM\n\nTO: All staff\nFROM: Office of the Director\nSUBJECT: Parking\n\n"
            "1. Purpose. This memorandum sets out the parking rules for the harbor lot.\n"
            "2. The lot closes at 9 PM.\n\nJane Roe - Mon May 14 2018 6:00 PM\nOK by me.\n")
    line = memo.splitlines().index("Jane Roe - Mon May 14 2018 6:00 PM")
    assert split_into_emails([first, memo]).page_kinds[1] != "email"
    result = split_into_emails([first, memo], structure=Structure(starts=frozenset({(2, line)})))
    assert [(s.header.page, s.header.line, s.end_page) for s in result.spans] == [(1, 0, 1), (2, line, 2)]
    assert "memorandum" not in result.spans[0].body and "Purpose" not in result.spans[1].body


def test_a_signature_s_title_carried_over_a_page_break_is_no_banner() -> None:
    """Layout family, Outlook desktop prints (the reply's rule a graphic, not printed): GIVEN a
    reply under its mailbox owner's banner whose signature's last line, a title, a page break
    carries above the quoted header of the message it answers WHEN split THEN that header is the
    reply's quoted copy (was: the title learned as a banner, the copy a top-level email of its own)."""
    first = ("Roe, Jane\nFrom: Jane Roe <jroe@harbor.example.gov>\nSent: March 8, 2025 9:14 AM\n"
             "To: Carl Moss <cmoss@harbor.example.gov>\nSubject: RE: FW: Pier 7 hold order\n\n"
             + "".join(f"Line {n} of the hold order status for the pier, as of this morning.\n" for n in range(40))
             + "Jane Roe\n")
    second = ("Director, Division of Harbor Safety and Pier Operations\n"
              "From: Jane Roe [mailto:jroe@harbor.example.gov]\nSent: Thursday, March 6, 2025 6:02:00 PM\n"
              "To: Carl Moss [mailto:cmoss@harbor.example.gov]\nSubject: FW: Pier 7 hold order\n\nAgreed.\n")
    result = split_into_emails([first, second])
    assert [(s.header.page, s.header.quoted) for s in result.spans] == [(1, False), (2, True)]


@pytest.mark.parametrize(("page", "subjects"), [
    # a reply's title ending in a date ("RE: Pier 7 test - berths 3/11") over its sender and time,
    # after another message on the page (was: read as a browser's footer, "page 3 of 11", the print a
    # quoted copy with no subject)
    ("From: Carl Moss <cmoss@harbor.example.com>\nSent: 3/12/25, 10:02 AM\nTo: Jane Roe <jroe@harbor.example.gov>\n"
     "Subject: Pier 7 test - berths 3/11\nYour inspector failed our berth yesterday.\n"
     "We need this resolved.\nRE: Pier 7 test - berths 3/11\n"
     "Ellen Park <epark@harbor.example.com> Thu 3/13/2025 11:18 AM\nTo: Jane Roe <jroe@harbor.example.gov>\n"
     "Cc: Carl Moss <cmoss@harbor.example.com>\nJane, we will be on site Monday.\n",
     ["Pier 7 test - berths 3/11", "RE: Pier 7 test - berths 3/11"]),
    # a reply's two-line title answering the title of the Gmail print above it, over its count of
    # messages (was: no subject, a Gmail title no labelled Subject: to answer)
    ("Gmail Roe, Jane\nFwd: Pier 7 permit request - harbor berths and moorings (10/29 draw)\n1 message\n"
     "Jane Roe <jroe@harbor.example.gov> Mon, Nov 3, 2025 at 1:40 PM\nTo: Carl Moss <cmoss@harbor.example.gov>\n"
     "Carl, see below.\nRE: Fwd: Pier 7 permit request - harbor berths and moorings (10/29\ndraw)\n"
     "Carl Moss <cmoss@harbor.example.gov>\nThu 11/13/2025 10:02 AM\nTo: Jane Roe <jroe@harbor.example.gov>\n"
     "Jane, agreed.\n",
     ["Fwd: Pier 7 permit request - harbor berths and moorings (10/29 draw)",
      "RE: Fwd: Pier 7 permit request - harbor berths and moorings (10/29 draw)"]),
])
def test_a_web_print_compiled_after_another_message_on_its_page(page: str, subjects: list[str]) -> None:
    """Layout family, Outlook Web App prints compiled after another message on the page: GIVEN a
    reply's title over its sender and time WHEN split THEN the title is the print's subject and the
    print a top-level email; a browser's footer still is one."""
    result = split_into_emails([page])
    assert [(s.header.quoted, dict(s.header.fields).get("subject")) for s in result.spans] == [
        (False, subject) for subject in subjects]
    from ingest.split import _is_browser_margin
    assert _is_browser_margin("Gmail - RE: Pier 7 test 1/2") and _is_browser_margin("Mail - Jane Roe - Outlook")


@pytest.mark.parametrize(("page", "subject"), [
    # Exchange and Outlook prints as a table (labels with no colon), a Cc cell wrapping each name apart
    # from its address, one line a name alone ("Ann Lee" over "<alee@…>"): the Subject label under it
    # is read (was: lost, the mailbox owner's banner above the table taken for the subject)
    ("Roe, Jane\nFrom Carl Moss <cmoss@harbor.example.gov>\nSent March 11, 2025 8:46 AM\n"
     "To Jane Roe\n<jroe@harbor.example.gov>\nCc Ellen Park-Lindqvist\n<epark@harbor.example.gov>;\n"
     "Assemblymember Ann Lee-Carrow\n<alee@assembly.example.gov>\nSubject FW: Pier 7 permit\nJane, see below.\n",
     "FW: Pier 7 permit"),
    # Gmail prints, a conversation's title ending in two numbers over its message count: the subject
    # (was: read as a browser's page count, the account's banner line above taken for the subject)
    ("Gmail Carl Moss <cmoss@harbor.example.com>\nPier 7 - berths 5/6\n1 message\n"
     "Carl Moss <cmoss@harbor.example.com> Wed, Mar 5, 2025 at 7:12 AM\n"
     "To: Jane Roe <jroe@harbor.example.gov>\nWe will recalibrate 5 and 6 this morning.\n",
     "Pier 7 - berths 5/6"),
])
def test_a_subject_read_past_a_wrapped_table_cell_or_a_title_s_numbers(page: str, subject: str) -> None:
    """Layout families: GIVEN a header whose subject a wrapped table cell or a title's closing numbers
    hid WHEN split THEN its subject is read."""
    (span,) = split_into_emails([page]).spans
    assert dict(span.header.fields)["subject"] == subject


