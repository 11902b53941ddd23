"""Exemption codes, Bates numbers and page furniture."""

from __future__ import annotations

import time

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ingest.marks import (
    bare_stamps,
    bates_pattern,
    canonical_exemption,
    find_bates,
    find_exemptions,
    is_furniture_line,
    is_stamp_or_code,
    learn_bates_pattern,
    mend_bates_run,
    read_redaction_label,
    strip_page_furniture,
)
from ingest.split import codes_only


@pytest.mark.parametrize(
    ("code", "canonical"),
    [
        ("(b)(6)", "(b)(6)"),
        ("(b) (6)", "(b)(6)"),
        ("b6", "(b)(6)"),
        ("B6", "(b)(6)"),
        ("(b)(7)(C)", "(b)(7)(C)"),
        ("(b)(7)(c)", "(b)(7)(C)"),
        ("b7C", "(b)(7)(C)"),
        ("b7c", "(b)(7)(C)"),
        ("(b)(7)C", "(b)(7)(C)"),
        ("Ex. 6", "(b)(6)"),
        ("Exemption 6", "(b)(6)"),
        ("(b)(7)(E)", "(b)(7)(E)"),
        ("(b)(5)", "(b)(5)"),
        ("7(1)(c)", "7(1)(c)"),
        ("7(1)(f)", "7(1)(f)"),
        ("hello", None),
        ("b10", None),
        ("(b)(6)(C)", None),  # only exemption 7 has sub-paragraphs
        ("", None),
    ],
)
def test_canonical_exemption(code: str, canonical: str | None) -> None:
    assert canonical_exemption(code) == canonical


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("To: (b)(6) <(b)(6)@dea.gov>", ("(b)(6)",)),
        ("(b)(6), (b)(7)(C)", ("(b)(6)", "(b)(7)(C)")),
        ("b6, b7C", ("(b)(6)", "(b)(7)(C)")),
        ("b6/b7c 3/3/2025 6:55 PM", ("(b)(6)", "(b)(7)(C)")),  # a box's two codes joined by a stroke
        ("B6/7C", ("(b)(6)", "(b)(7)(C)")),
        ("see docs/b6/b7c", ()),  # a path's parts
        ("He entered on a B1/B2 visa.", ("(b)(1)",)),  # no law enforcement box's pair: its first only, as before
        ("Gate B3/4", ("(b)(3)",)),
        ("(b) (6)", ("(b)(6)",)),
        ("(b)(6)(b)(7)(c)", ("(b)(6)", "(b)(7)(C)")),
        ("Exemption 5 (b)(6)", ("(b)(5)", "(b)(6)")),
        ("pursuant to 5 ILCS 140/7(1)(c) and 7(1)(f)", ("7(1)(c)", "7(1)(f)")),
        # FBI per-line codes as Tesseract reads them.
        ("From: Chicago b6 -1 Per FBI\nSquad WC-1 b7C -1 Per FBI", ("(b)(6)", "(b)(7)(C)")),
        ("Page 6 ~ b5 - Per EOUSA; b7E - 3 Per FBI;", ("(b)(5)", "(b)(7)(E)")),
        # ... and glued by OCR to the last word of the line they are printed beside.
        ("if there is corroborateb5 Per EOUSA", ("(b)(5)",)),
        ("as requested by AUSAb5 Per EOUSA", ("(b)(5)",)),
        ("for inventory purposeb6 -3,-5 Per FBI", ("(b)(6)",)),
        # ... with the typewriter's 6 read as "é", or the "b7" of "b7C" lost: "Per AGENCY" vouches.
        ("for inventory purposebé -3,-5 Per FBI\nbé Per EOUSA", ("(b)(6)",)),
        ("SERIALIZE b6 -1 Per FBI\n¥ om a C -1 Per FBI", ("(b)(6)", "(b)(7)(C)")),
        # ... or typed on a dashed rule, whose dashes OCR glues to it.
        ("--b5 Per EOUSA——!", ("(b)(5)",)),
        ("a well-b6 kept, the x-b7C file per diem", ()),
        ("a café per diem, Exhibit C -2 per page, Form E Per FBI, the bé", ()),
        ("a web6 permit, the bob7C file, per diem", ()),
        # Ordinary words, numbers and identifiers are not codes.
        ("ab6x B12 B6a call (312) 555-1234 at 7:15", ()),
        # State's box labels are codes: "B6", "RELEASE IN PART B5,B6", "B7(E)".
        ("Call my cell B6\nRELEASE IN PART B5,B6 B7(E)", ("(b)(5)", "(b)(6)", "(b)(7)(E)")),
        ("see Section 7(1) of the act", ()),
        # ... but a file's or a part's name is not ("B7-schedule-rev3.pdf", "B6.xlsx", "form B5-a")
        ("Attachments: B7-schedule-rev3.pdf; B6.xlsx; form B5-a", ()),
        ("b6-1 Per FBI; B6. The list", ("(b)(6)",)),  # (an FBI category glued to its code stays one)
        # A bare (b)(7) beside one with its sub-paragraph is that one read short ("(b)(7)(C" before a
        # date, "(b)(7) A" for "(b)(7)(C) agreed"); alone, it is what the page prints.
        ('Dear (b)(6), (b)(7)(C) |,\n>>> "Roe" < (b)(6), (b)(7)(C 4/16/2024 >>>', ("(b)(6)", "(b)(7)(C)")),
        ("the manager, (b)(6), (b)(7) AQreed to; (b)(7)(C)", ("(b)(6)", "(b)(7)(C)")),
        ("the manager, (b)(6), (b)(7) agreed to", ("(b)(6)", "(b)(7)")),
        # ... nor a law's subsection a message cites: FOIA's section, a rule's, a contract's paragraph
        ("under 5 U.S.C. § 552 (b)(6) we withhold names", ()),
        ("as 5 U.S.C. 552(b)(5) allows", ()),
        ("paragraph (b)(2) of the contract; subsection (b)(3) too", ()),
        ("logged under Fed. R. Civ. P. 26 (b)(5)", ()),
        ("Call me at (b)(6) or 202 (b)(6).", ("(b)(6)",)),  # (a number printed beside a box stays a box)
        ("cid:image002.png@01D36DB0.F066D8A0 0x1b6f", ()),
        ("", ()),
    ],
)
def test_find_exemptions(text: str, codes: tuple[str, ...]) -> None:
    assert find_exemptions(text) == codes


@pytest.mark.parametrize(
    ("page", "bates"),
    [
        ("body text\n\nDEA-MSFT-000123\n", "DEA-MSFT-000123"),
        ("body\nPage 3 of 7        CPD-FRP-0001", "CPD-FRP-0001"),
        ("body\nABC000123", "ABC000123"),
        # Court-case stamps as Tesseract reads them: noise around.
        ("b6 -1 Per FBI\ni,\nCPL: 19-cv-4048(FBI)-1824", "19-cv-4048(FBI)-1824"),
        ("SA\n19-cv-4048(FBI)-1957.\nPer FBI", "19-cv-4048(FBI)-1957"),
        ("Sent: Tuesday, NOVEMBER 2018\nFY2018 budget", None),
        ("FOIA 15-3569\nPage 2 of 4", None),
        # OCR failure: the first letter of a prefix word read as a digit (S as 5, O as 0, B as 8)
        ("Release stamp. NO WAIVER.  HARBOR-5EC0012345", "HARBOR-SEC0012345"),
        ("body\nDCC-0PS-00017", "DCC-OPS-00017"),
        ("body\nRoute 66-5th Street 12345", None),
        ("body\nCase No. AGENCY-5EC0012345", None),
        ("body\nFOIA-5EC0012345", None),
        # Stamps set apart from their zero-padded number by a space, as printed
        ("body\nPage 1 of 3        DOC 0001234", "DOC 0001234"),
        ("body\nABC-DEF 000123", "ABC-DEF 000123"),
        ("body\nRoom 1000 North\nZIP 60602", None),  # no zero-padding: ordinary text
        ("body\nFOIA 0001234", None),
        ("body\nCase No. DOC 0001234", None),
        ("body\nDOC 0001234-0001240", None),  # a range, as a cover letter names it
        # ... a stamp of words set apart from its number, alone on its line, read whole
        ("body\nHARBOR BOARD 029891\n", "HARBOR BOARD 029891"),
        ("body\nCONFIDENTIAL DOC 0001234", "DOC 0001234"),  # (a legend's word is no stamp's)
        ("body\nFOUO HARBOR 0001234", "HARBOR 0001234"),
        ("body\nBOSTON MA 02134", None),  # a state's code and a ZIP code: an address
        ("body\nAPO AE 09012", None),
        # ... and beside the page's count, either side ("HARBOR BOARD 029891 Page 3 of 5")
        ("body\nHARBOR BOARD 029891 Page 3 of 5", "HARBOR BOARD 029891"),
        ("body\nPage 3 of 5 | HARBOR BOARD 029891", "HARBOR BOARD 029891"),
        ("body\nBOSTON MA 02134 Page 1 of 2", None),
        # ... specks a scan read around it ("“HARBOR BOARD 029891 = Page 3 of 5")
        ("body\n“HARBOR BOARD 029891 = Page 3 of 5", "HARBOR BOARD 029891"),
        ("body\n— HARBOR BOARD 029891) Page 3 of 5", "HARBOR BOARD 029891"),
        ("body\nPage 3 of 5 | HARBOR BOARD 029891.", "HARBOR BOARD 029891"),
        ("body\nsee BOSTON MA 02134 Page 1 of 2", None),
        # Stamps whose last word a stop or a wider dash ends, the number zero-padded; a dash is
        # read as the hyphen a citation prints
        ("body\nPage 2 of 9        HBR.000123", "HBR.000123"),
        ("body\nHBR.FOIA.0000123", "HBR.FOIA.0000123"),
        ("body\nHBR–000123", "HBR-000123"),
        ("body\nHARBOR-OPS — 000123", "HARBOR-OPS-000123"),
        ("body\nsee U.S. 012345", None),  # a one-letter word before the stop
        ("body\nPAGE.000123", None),
        ("body\nHBR.12345", None),  # no zero-padding
        ("body\nPermit NO.0012345", None),  # a label's abbreviation before a number
        ("body\nACCT.0012345", None),
        ("body\nBOSTON MA – 02134", None),  # a state's code and a ZIP code, a dash between
        ("", None),
    ],
)
def test_find_bates(page: str, bates: str | None) -> None:
    assert find_bates(page) == bates


def test_learned_pattern_reads_bates_through_ocr_noise() -> None:
    """GIVEN footers of a release with a recurring prefix and rising numbers
    WHEN the pattern is learned
    THEN a later page whose stamp OCR mangled (O for 0, spaces) still yields a clean number."""
    pages = [f"From: x\nbody\nDEA-MSFT-{n:06d}" for n in range(1, 6)]
    pattern = learn_bates_pattern(pages)
    assert pattern is not None
    assert find_bates("text\nDEA - MSFT - OOO123", [pattern]) == "DEA-MSFT-000123"
    assert find_bates("text\nDEA-MSFT-000124", [pattern]) == "DEA-MSFT-000124"


def test_a_stamp_with_a_page_suffix_is_read_with_it() -> None:
    """Layout family, productions numbered by document with a page suffix ("HBR0004512.0002": the
    document's control number, then its page) GIVEN a document so stamped WHEN read THEN each
    page's stamp is its own, suffix and all (was: "HBR0004512" on every page of the document, its
    pages told apart by no stamp); a decimal or a sentence's number is no suffix."""
    assert _stamped(["HBR0004512.0001", "HBR0004512.0002", "HBR0004512.0003"]) == [
        "HBR0004512.0001", "HBR0004512.0002", "HBR0004512.0003"]
    assert find_bates("body\nPage 1 of 2 HBR-0004512.25.3") == "HBR-0004512"
    assert find_bates("body\nHBR-0004512.0002.") == "HBR-0004512.0002"


def test_a_stamp_with_a_page_suffix_after_a_hyphen_is_read_with_it() -> None:
    """Layout family, productions numbered by document and page after a hyphen ("HBR-PRR-00003-0002":
    the document's zero-padded number, then its page's) GIVEN a document so stamped, in its footer
    beside "Page N of M" WHEN read THEN each page's stamp is its own, whole (was: no stamp read, the
    page number read as a case number's); a case number ("F-2015-04841", its year no document's
    number) is still no stamp."""
    assert _stamped([f"HBR-PRR-00003-000{n} Page {n} of 3" for n in (1, 2, 3)]) == [
        "HBR-PRR-00003-0001", "HBR-PRR-00003-0002", "HBR-PRR-00003-0003"]
    assert find_bates("body\nHBR-PRR-00003-0001 _ Page 1 of 18") == "HBR-PRR-00003-0001"
    assert find_bates("body\nCase No. F-2015-04841") is None
    assert find_bates("body\nHBR-PRR-00003-0001-22") is None
    # ... only where the page prints no other stamp: a permit's or a docket's number is shaped so too
    assert find_bates("body\nHBR-000145\nINC-00012-0034") == find_bates("body\nPermit SPK-00123-0045 HBR-000145") == "HBR-000145"
    # the footer beside "Page N of M" is the page's furniture, a header broken over the page goes on under it
    assert is_furniture_line("HBR-PRR-00003-0001 Page 1 of 18") and not is_furniture_line("Permit SPK-00123-0045 Page 1 of 2")


@pytest.mark.parametrize(("feet", "stamps"), [
    (["Page 1 of 3 000145", "Page 2 of 3 000146", "Page 3 of 3 000147"], ["000145", "000146", "000147"]),
    # scans: specks, a count misread, a digit misread at the run's end, a stop after the number
    (["Page 1 of 3 SO . 000145", "Pagelof3 : 000146.", "Page 3 of 3 ; 900147"], ["000145", "000146", "000147"]),
    (["Page i of 3 000145", "Page 2 of 3 G00146", "Page 3 of 3 000147"], ["000145", "000146", "000147"]),
    (["000145", "000146"], ["000145", "000146"]),  # a number alone at the foot
    # no run, no zero-padding, prose, a number inside words: no stamps
    (["Page 1 of 3 000145", "Page 2 of 3 000199", "Page 3 of 3 000150"], [None, None, None]),
    (["Page 1 of 2 12345", "Page 2 of 2 12346"], [None, None]),
    (["Call 000145", "Call 000146"], [None, None]),
    (["Permit 000145-A", "Permit 000146-A"], [None, None]),
    (["Page 1 of 1 000145"], [None]),
])
def test_a_production_stamped_with_numbers_alone(feet: list[str], stamps: list[str | None]) -> None:
    """Layout family, productions stamped with a number alone ("000159" beside the page's count or
    alone at the foot): GIVEN a document's pages WHEN no prefixed stamp is read THEN the numbers are
    its stamps where two pages rise one a page through them, each page's the run's number (a digit
    a scan misread mended) (was: no stamp on any page, every citation by file and page)."""
    texts = [f"From: Roe, Jane\nSubject: Spill\nbody {n}\n{foot}" for n, foot in enumerate(feet)]
    assert [find_bates(text) for text in texts] == [None] * len(texts)
    assert bare_stamps(texts) == stamps


def test_a_spaced_stamp_whose_first_word_most_pages_lost_is_read_whole() -> None:
    """OCR failure, scans: GIVEN a document's stamps of words set apart from the number
    ("HARBOR BOARD 0000001" beside "Page 1 of 5"), the first word lost to specks or blur on most
    pages WHEN learned THEN every page reads the whole prefix two pages printed clean (was: "BOARD
    0000002" on every page, the clean ones too)."""
    feet = ["HARBOR BOARD 0000001 Page 1 of 5", "\\M BOARD 0000002 Page 2 of 5", "1AM BOARD 0000003 Page 3 of 5",
            "BOARD 0000004 Page 4 of 5", "HARBOR BOARD 0000005 Page 5 of 5"]
    texts = [f"From: Roe, Jane\nbody\n{foot}" for foot in feet]
    pattern = learn_bates_pattern(texts)
    assert [find_bates(text, [pattern] if pattern else []) for text in texts] == [
        f"HARBOR BOARD {n:07d}" for n in range(1, 6)]
    # a speck read as a word before one page's stamp is no prefix of the document's
    specked = [f"From: Roe, Jane\nbody\n{'EE ' if n == 3 else ''}HARBOR BOARD {n:07d}" for n in range(1, 9)]
    pattern = learn_bates_pattern(specked)
    assert [find_bates(text, [pattern] if pattern else []) for text in specked][:4] == [
        f"HARBOR BOARD {n:07d}" for n in range(1, 5)]


def test_learned_spaced_stamp_reads_through_ocr_noise() -> None:
    """A stamp whose prefix a space sets apart is learned with the space and read through
    OCR's misreadings and a lost space, printed as the release prints it."""
    pattern = learn_bates_pattern(["a\nDOC 0001234", "b\nDOC 0001235", "c\nDOC 0001236"])
    assert pattern is not None
    assert find_bates("x\nD0C OOO1237", [pattern]) == "DOC 0001237"
    assert find_bates("x\nDOC0001238", [pattern]) == "DOC 0001238"


def test_a_stamp_alone_on_its_line_is_the_pages_not_one_a_sentence_names() -> None:
    """Page family, productions stamped at the page's top: a sentence near the foot naming
    another stamp or a ticket ("the one stamped HARBOR-000050", "ticket INC0045123") is no stamp
    of the page. GIVEN the stamp alone on the first line and such a sentence in the last lines
    WHEN read, with the release's learned pattern or without THEN the stamp on the first line
    (was: the number the sentence names, cited as the page's). Where only a sentence names one,
    it is still read."""
    body = "John,\n" + "The production letter went out on Friday.\n" * 12
    pages = [f"HARBOR-{n:06d}\nFrom: Roe, Jane\n{body}The letter you asked about is the one stamped "
             "HARBOR-000050 in the first production.\nJane" for n in (123, 124, 125)]
    pattern = learn_bates_pattern(pages)
    assert [find_bates(page, [pattern] if pattern else []) for page in pages] == [
        "HARBOR-000123", "HARBOR-000124", "HARBOR-000125"]
    assert find_bates(pages[0]) == "HARBOR-000123"
    ticket = f"HARBOR-000123\n{body}Please see ticket INC0045123 for the outage.\nJane"
    assert find_bates(ticket) == "HARBOR-000123"
    assert find_bates(f"{body}See the one stamped HARBOR-000050 for it.\n") == "HARBOR-000050"


def test_learn_bates_pattern_needs_a_recurring_prefix() -> None:
    assert learn_bates_pattern(["no stamp here", "nor here"]) is None
    assert learn_bates_pattern(["x\nDEA-MSFT-000001"]) is None
    assert learn_bates_pattern([]) is None


def test_invalid_patterns_are_ignored() -> None:
    assert find_bates("x\nDEA-MSFT-000001", ["(unclosed", "(?P<num>"]) == "DEA-MSFT-000001"


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("DEA-MSFT-000123", True),
        ("   Page 3 of 7", True),
        ("Page 3 of 7    DEA-MSFT-000123", True),
        ("19-cv-4048(FBI)-1957.", True),
        ("Meeting about DEA-MSFT-000123 today", False),
        # OCR failure: "of" read "0f"; a stamp with the legend printed after it
        ("Page 2 0f 2", True),
        ("Page 2 0f 2    DEA-MSFT-000124", True),
        ("DEA-MSFT-000123 CONFIDENTIAL", True),
        ("DEA-MSFT-000123 FOR OFFICIAL USE ONLY", True),
        ("DEA-MSFT-000123 confidential, as we said", False),
        ("See page 2 0f the memo", False),
        # a production's legend, with the page's stamps beside it (page family: productions to a
        # legislature or under a protective order)
        ("STATE DEPT. - PRODUCED TO HOUSE SELECT OVERSIGHT COMM.", True),
        ("SUBJECT TO AGREEMENT ON SENSITIVE INFORMATION & REDACTIONS. NO FOIA WAIVER.", True),
        ("Doc No. C01234567 AGENCY - PRODUCED TO THE COMMITTEE", True),
        ("Date: 05/13/2015 SUBJECT TO AGREEMENT ON REDACTIONS. NO FOIA WAIVER. AGY-SCB0045249", True),
        ("Date 05/13/2015 SUBJECT TO AGREEMENT ON REDACTIONS NO FOIA WAIVER", True),
        ("U.S. Department of State SUBJECT TO AGREEMENT ON REDACTIONS. NO FOIA WAIVER.", True),
        ("U.S. Department of State", False),
        ("JOINT COMMITTEE PRODUCTION - SUBJECT TO PROTECTIVE ORDER. NO WAIVER OF ANY PRIVILEGE", True),
        ("CONFIDENTIAL - SUBJECT TO PROTECTIVE ORDER", True),
        ("FOIA CONFIDENTIAL TREATMENT REQUESTED BY ACME CORP.", True),
        ("The documents were produced to the committee.", False),  # prose, not capitals
        ("This is SUBJECT TO the protective order", False),
        ("RE: NO WAIVER", False),
        ("Date: 05/13/2015", False),  # a header's Date: line, or the stamp: the splitter tells
        ("From: Jane Roe", False),
        # OCR failure, scanned release stamps: a speck read before one, "No." read "No,"
        ("_ RELEASE IN PART B6", True),
        ("UNCLASSIFIED Harbor Water District Case No. HWD-2024-0031 Doc No, HWD-0002 Date: 01/22/2024", True),
        ("_ Roe, Jane", False),  # (a banner with a speck before it is no stamp)
        # ... or its decision misread on a heavy scan, in its capitals still
        ("RELEASE I) PART B6", True),
        ("RELEASE (b)(1) PRT Ba", True),
        ("oe RELEASE IN PART E'5", True),
        ("RELEASE THE PART NUMBERS", False),
        ("We will RELEASE IN PART the records next week", False),
        # a stamp in the past tense, its codes printed (b)(n)
        ("RELEASED IN PART (b)(6), (b)(7)(C)", True),
        ("RELEASED IN FULL", True),
        ("The records were RELEASED IN PART (b)(6) last week", False),
        ("", False),
    ],
)
def test_is_furniture_line(line: str, furniture: bool) -> None:
    assert is_furniture_line(line) is furniture


def test_a_page_number_alone_at_a_pages_foot_or_top_is_blanked_elsewhere_kept() -> None:
    """A page's number printed alone, its count left out ("Page 3", "- 3 -": a print's or a word
    processor's footer), among a page's last or first printed lines is no text of the page's emails
    (a header a page break cut was read past it: the rest under it lost, its Subject too); in the
    middle of a page it is the page's text (a reviewer's "Page 3" on a line of its own stays)."""
    from ingest.marks import page_numbers_blanked

    lines = ["- 1 -", "From: Jane Roe", "Page 3", "Please see it.", "", "Page 2", "HBR 000024"]
    assert page_numbers_blanked(lines) == ["", "From: Jane Roe", "Page 3", "Please see it.", "", "", "HBR 000024"]
    for text in ("Page three", "Pages 3", "Page 3 of the report"):
        assert page_numbers_blanked(["From: Jane Roe", "Body.", text]) == ["From: Jane Roe", "Body.", text]


def test_strip_page_furniture_keeps_body_lines() -> None:
    page = "From: Jane Roe\nSee page 3 of the memo.\n\nPage 3 of 7\nDEA-MSFT-000003"
    assert strip_page_furniture(page) == "From: Jane Roe\nSee page 3 of the memo.\n"


@given(st.text())
@example("[[")  # (a pattern Python warns about: a warning made an error must not escape either)
def test_marks_never_raise(text: str) -> None:
    canonical_exemption(text)
    find_exemptions(text)
    find_bates(text)
    find_bates(text, [text])
    strip_page_furniture(text)
    learn_bates_pattern([text, text])


@pytest.mark.parametrize(
    "garbage",
    [
        "(b)" * 5000,
        "(b)(" * 5000,
        "b" * 20000,
        "A-" * 10000 + "1",
        "19-cv-" * 3000,
        "Page " * 4000,
        "Exemption " * 2000,
        "7(1)(" * 3000,
        ("DEA-MSFT-" * 500 + "\n") * 20,
    ],
)
def test_bounded_time_on_garbage(garbage: str) -> None:
    started = time.perf_counter()
    find_exemptions(garbage)
    find_bates(garbage)
    strip_page_furniture(garbage)
    pattern = learn_bates_pattern([garbage, "x\nDEA-MSFT-000001", "x\nDEA-MSFT-000002"])
    find_bates(garbage, [pattern] if pattern else None)
    canonical_exemption(garbage)
    assert time.perf_counter() - started < 2.0


def test_a_named_prefix_reads_damaged_stamps() -> None:
    """GIVEN the archivist names the prefix WHEN OCR damaged the stamp THEN it is still read, clean."""
    from ingest.marks import bates_pattern

    page = "Thanks,\nKevin\n\nPage 3 of 7      DEA - MSFT - OOO123"
    assert find_bates(page, [bates_pattern("DEA-MSFT-")]) == "DEA-MSFT-000123"
    assert find_bates("nothing stamped here", [bates_pattern("DEA-MSFT-")]) is None


def test_a_prefix_with_brackets_survives_in_the_pattern() -> None:
    from ingest.marks import bates_pattern

    pattern = bates_pattern("19-cv-4048(FBI)-")
    assert find_bates("b6 -1\n19-cv-4048 (FBI) - 1824", [pattern]) == "19-cv-4048(FBI)-1824"


def test_a_code_at_the_end_of_a_line_is_read_whole() -> None:
    """A date on the next line must not cut "(b)(7)(C)" down to "(b)(7)"."""
    assert find_exemptions("From: (b)(6), (b)(7)(C)\n11/20/2018 13:30") == ("(b)(6)", "(b)(7)(C)")


def test_a_misread_agency_in_a_court_case_stamp_is_read_through_the_documents_pattern() -> None:
    """OCR failure: "I)" read as "D)" ("(FBD)"). Alone the page's stamp is what it prints; in a
    document whose other pages print the stamp cleanly, it is read as theirs."""
    misread = "Enc\n19-cv-4048(FBD)-1973  rerrox"
    assert find_bates(misread) == "19-cv-4048(FBD)-1973"
    pages = [f"text\n19-cv-4048(FBI)-{n}" for n in (1970, 1971, 1972)] + [misread]
    pattern = learn_bates_pattern(pages)
    assert pattern is not None
    assert find_bates(misread, [pattern]) == "19-cv-4048(FBI)-1973"


@pytest.mark.parametrize(("text", "expected"), [
    ("INA,B6", True), ("B6", True), ("RELEASE IN PART B5,B3", True), ("(b)(6)", True), ("B1,1.4(B)", True),
    ("H", False), ("+4", False), ("Roe, Jane B6", False), ("B6 Roe, Jane", False), ("", False),
])
def test_a_stamp_or_code_read_into_a_header_row(text: str, expected: bool) -> None:
    """Page family: a release stamp or a box's code printed in the margin, level with a header's
    row, read into it: only codes, a stamp, or statute initials beside a code are furniture; a
    name beside a code is a value."""
    assert is_stamp_or_code(text) is expected



@pytest.mark.parametrize(("printed", "code"), [("(b)(G)", "(b)(6)"), ("(b)(b)", "(b)(6)"), ("(b)(S)", "(b)(5)")])
def test_an_exemption_digit_ocr_read_as_a_letter(printed: str, code: str) -> None:
    """OCR failure, any scan: the exemption's digit inside its brackets read as a letter of like
    shape (6 as G or b, 5 as S); the code is still the code, beside a name or alone."""
    assert find_exemptions(printed) == (code,)
    assert find_exemptions(f"From: {printed}, (b)(7)(C)") == (code, "(b)(7)(C)")


@pytest.mark.parametrize(("printed", "read"), [
    ("DOJ-OiP-000126", "DOJ-OIP-000126"),  # an I read as a lower-case i
    ("DOJ-O!IP-000126", "DOJ-OIP-000126"),  # its first glyphs misread past reading: "IP-000126" alone read
    ("DOJ-OIP-000126", "DOJ-OIP-000126"),
])
def test_a_release_stamp_ocr_misread_is_read_through_the_learned_prefix(printed: str, read: str) -> None:
    """OCR failure, any scan: a page's Bates stamp misread ("DOJ-OiP-…" read as none; "DOJ-O!IP-…"
    as "IP-000126", a wrong stamp a citation would print) is read through the prefix the release's
    other pages print; another release's stamp is left as printed."""
    learned = [bates_pattern("DOJ-OIP-", 5, 7)]
    assert find_bates(f"Body.\n\n{printed}\n", learned) == read
    assert find_bates("Body.\n\nHARBOR-000126\n", learned) == "HARBOR-000126"


def test_a_stamp_holding_the_request_number_is_a_bates_stamp() -> None:
    """Layout family: a production stamp carrying the request's numbers between its words
    ("PEMB-18-0456-A-000001") is read; a case number ending in digits ("F-2015-04841") is none."""
    assert find_bates("Body.\n\nPEMB-18-0456-A-000001\n") == "PEMB-18-0456-A-000001"
    assert find_bates("Case No. F-2015-04841\nBody.\n") is None


@pytest.mark.parametrize("line", [
    "Control No. PEMB_EM_0006702", "Control No. PEMB_EM_0006702 PEMB-FOIA-0000672", "CONFIDENTIAL PEMB-FOIA-0000672",
    "Produced by the Harbor Board - FOIA Request 2019-PEMB-00412 PEMB-FOIA-0000672",
    "FOIA 2019-PEMB-00412 PEMB-FOIA-0000672",
    "Case 1:19-cv-01234 Document 12-3 Filed 06/01/20 Page 14 of 80",
    "Case 1:19-cv-01234-ABC Document 12 Filed 06/01/2020 Page 3 of 9 PageID #: 512",
    "Case 1:19-cv-01234-ABC Document 204-6 Filed 04/16/21 Page2of2",  # (OCR lost its spaces)
    "Case 1:19-cr-01234-JAL Document 36-1 Filed 06/01/20 Page 2of 9",
    "Case 9:19-cv-81234-ABC Document 361-1 Entered on FLSD Docket 02/10/2016 Page 3 of 12",
    "HARBOR BOARD 029891",
])
def test_an_ediscovery_or_court_footer_is_page_furniture(line: str) -> None:
    """Page family, born-digital productions: a tool's control number, a footer of its labels
    ending with the page's Bates stamp, a court filing's header on each page of an exhibit are
    furniture (a header a page break cut under one lost its To: and Subject:), its "Page 2 of 2"
    read without spaces too, and a district's own wording of the filing date ("Entered on FLSD
    Docket"); a request's title and a sentence are not."""
    assert is_furniture_line(line)
    for text in ("FOIA 15-3569 FINAL PART 4", "Control the schedule, please.", "Produced by the board last year.",
                 "BOSTON MA 02134"):
        assert not is_furniture_line(text)


@pytest.mark.parametrize(("text", "codes"), [
    ("Travis; Sec. 552.108 ; Park, Ellen", ("552.108",)),  # a Texas body's box label in a list
    ("Ann Lee <552.117@harbor.example.gov>", ("552.117",)),  # ... over a mailbox's local part
    ("552.117(a)(1)", ("552.117(a)(1)",)), ("§ 552.1175", ("552.1175",)),
    ("withheld under Sections 552.101, 552.108 and 552.130 of the Government Code", ("552.101", "552.108", "552.130")),
    ("(b)(6) 552.137 7(1)(c)", ("(b)(6)", "552.137", "7(1)(c)")),
    ("the invoice came to $552.117 in all", ()), ("release 552.1175.2 of the software", ()), ("TX 552.0001", ()),
    ("1,552.125 units", ()), ("build 552.1234", ()),  # (bare, no section's shape: a number's)
    ("Sec. 552.1081", ("552.1081",)), ("552.117(A)(1)", ("552.117(a)(1)",)),
])
def test_a_texas_section_is_an_exemption_code(text: str, codes: tuple[str, ...]) -> None:
    """Page family, Texas Public Information Act releases: GIVEN a box's label or a letter printing a
    section of Gov't Code chapter 552's exceptions ("Sec. 552.108", "552.117(a)(1)") WHEN codes are
    read THEN the section is the code (was: no code: the box's label read as a sender, "Sec. 552.108",
    or an address, "552.117@…", and the email's exemptions empty); money and version numbers are none."""
    assert find_exemptions(text) == codes


@pytest.mark.parametrize(("read", "codes"), [
    ("(6)(7)(C)", "(b)(7)(C)"),  # a real probe's strip reading of a (b)(7)(C) box: was (b)(6)
    ("(0)(7)(E)", "(b)(7)(E)"),
    ("(bY(6), (oN7I(C)", "(b)(6), (b)(7)(C)"),
    ("(6)(6)", "(b)(6)"),
    ("(b)(6)", "(b)(6)"),
])
def test_a_box_label_whose_b_ocr_read_as_a_digit(read: str, codes: str) -> None:
    """OCR failure of white codes on black boxes: GIVEN a box's label whose b OCR read as a digit
    of like shape before a 7 and its sub-paragraph WHEN read THEN the code is (b)(7)(x): no code
    is (b)(6)(C), and reading the first digit made a (b)(7)(C) withholding a (b)(6) one."""
    assert read_redaction_label(read) == codes


@pytest.mark.parametrize(("read", "codes"), [
    ("87(2)(6)", "87(2)(b)"), ("87(2}(b)", "87(2)(b)"), ("87 (2)(b)", "87(2)(b)"), ("87(2)(9)", "87(2)(g)"),
    ("87(2)(6), 87(2)(9)", "87(2)(b), 87(2)(g)"), ("7(1)(0)", "7(1)(o)"),
    ("87(2Kb)", None), ("87(2)(1)", None),  # past reading: no code (was (b)(8))
    ("8(7)(C)", "(b)(7)(C)"), ("(b)(71(C)", "(b)(7)(C)"),  # a federal code's damage as before
    ("(b)(6 (7)(C)", "(b)(6), (b)(7)(C)"), ("b6 (7)(C)", "(b)(6), (b)(7)(C)"), ("(b)(5 (6)", "(b)(5), (b)(6)"),
    # the subsection's 1 read as a letter of its shape, the code spaced out, beside one read exactly
    ("7(l)(c)", "7(1)(c)"), ("7(I)(c)", "7(1)(c)"), ("7(|)(c)", "7(1)(c)"), ("7 (1) (c)", "7(1)(c)"),
    ("7(1)(b), 7(l)(f)", "7(1)(b), 7(1)(f)"),
    # ... the brackets between subsection and paragraph read as an "X" (as a federal code's "(bX6)"), a "c" as "¢"
    ("7(1X(c)", "7(1)(c)"), ("7(1X(¢)", "7(1)(c)"), ("7(1)(¢)", "7(1)(c)"), ("7(ix{c)", "7(1)(c)"), ("7(1)/(c)", "7(1)(c)"),
    # a Texas section's first 5 read as a mark or a digit of its shape (was: "(b)(5)", the digit it keeps)
    ("§52.130", "552.130"), ("952.117", "552.117"), ("§$52.117(a)(1)", "552.117(a)(1)"), ("Sec. 552.108", "552.108"),
])
def test_a_state_code_on_a_box_ocr_damaged_is_no_federal_code(read: str, codes: str | None) -> None:
    """OCR failure, scans of a state production: GIVEN a box's state code ("87(2)(b)": section,
    subsection, paragraph) misread WHEN read THEN it is the state's code where only the paragraph's
    letter was read as a digit of its shape, or the subsection's 1 as a letter of its shape ("7(l)(c)"),
    else none (was: "(b)(8)", "(b)(7)(C)", the federal code its digits make, stated as the email's
    exemption and its redacted sender's; a damaged code beside one read exactly dropped)."""
    assert read_redaction_label(read) == codes


@pytest.mark.parametrize(("read", "mended"), [
    # a digit or the prefix's letter misread on one page, between pages that number it
    (["HA-600001", "HA-000002", "HA-000003"], ["HA-000001", "HA-000002", "HA-000003"]),
    (["HA-000003", "H4-000004", "HA-000005"], ["HA-000003", "HA-000004", "HA-000005"]),
    (["HB-000007", "H13-000008", "HB-000009"], ["HB-000007", "HB-000008", "HB-000009"]),
    # three pages misread in a row (letters for digits, a page read as its neighbour's number)
    (["HC-000003", "HC-OC1304", "HC-OC7005", "HC-000007", "HC-000007"],
     ["HC-000003", "HC-000004", "HC-000005", "HC-000006", "HC-000007"]),
    # the last page read before the run's last number (a page after it cannot be)
    (["HA-000001", "HA-000002", "HA-000001"], ["HA-000001", "HA-000002", "HA-000003"]),
])
def test_a_stamp_misread_inside_a_run_of_stamps_is_read_as_the_run_numbers_it(read, mended) -> None:
    """OCR failure, scans: a Bates stamp read a character or two off ("HA-600001", "H4-000005",
    "H13-000008"), or as the next page's, where the pages around it number it in a run: the
    run's number (was: each page read alone, the wrong stamp stated and cited)."""
    assert mend_bates_run(read) == mended


@pytest.mark.parametrize(("read", "mended"), [
    (["BRXO00009", "HBRX000010"], ["HBRX000009", "HBRX000010"]),  # the prefix's first letter lost, a 0 read O
    (["HBRX000009", "HBRXO000010"], ["HBRX000009", "HBRX000010"]),  # a 0 read O after the prefix
    (["HA-000001", "HB-000002"], ["HA-000001", "HB-000002"]),  # no damage shown: which is misread?
    (["HBRXO00011", "BRX000012"], ["HBRXO00011", "BRX000012"]),  # never into a shorter prefix
    (["BRXO00009", "HBRX000011"], ["BRXO00009", "HBRX000011"]),  # not the number the neighbour gives it
])
def test_a_damaged_stamp_beside_one_read_clean_in_a_short_document(read, mended) -> None:
    """OCR failure, scans of documents of a page or two (no run of stamps to number by): GIVEN a
    stamp whose reading shows OCR's damage (a digit read as a letter of its shape, a letter of the
    prefix lost) beside a page stamped clean WHEN mended THEN it is the neighbour's prefix and the
    number the neighbour gives it (was: "BRXO00009" stated and cited); two clean readings, a
    shorter prefix or another number stay as read."""
    assert mend_bates_run(read) == mended


@pytest.mark.parametrize("read", [
    ["HA-000001", "HA-000005", "HA-000006"],  # a jump: pages withheld between (5 is no misread of 2)
    ["HA-000001", None, "HA-000003"],  # an unstamped page stays unstamped
    ["HA-000001", "HB-000001", "HA-000003"],  # a second production's stamp among the first's: far from 2
    ["HA-000010", "HA-000002", "HA-000030"],  # no run around it
    ["HA-000001", "HA-000002", "HA-000008"],  # the last page after a jump: withheld pages, or a misread
    ["HA-000001", "HA-000007", "HA-000008"],  # ... and the first page before one
    ["HA-000001"], [], ["HA-000001", "H4", "HA-000003"],
])
def test_stamps_no_run_numbers_are_left_as_read(read) -> None:
    assert mend_bates_run(read) == read


def _stamped(feet: list[str]) -> list[str | None]:
    texts = [f"From: Roe, Jane\nbody {n}\nPage {n} of {len(feet)} {foot}" for n, foot in enumerate(feet)]
    learned = learn_bates_pattern(texts)
    return mend_bates_run([find_bates(text, [learned] if learned else []) for text in texts], texts)


def test_a_production_numbered_with_a_suffix_is_read_with_it() -> None:
    """Layout family: a production whose Bates numbering prints a suffix after the number
    ("HBR-00000024-S", Acrobat's and review platforms' prefix/number/suffix setting) GIVEN its
    pages, one scanned with the suffix's S read as 5 and one with its number misread WHEN read
    THEN every stamp is the stamp as printed, suffix and all (was: read without it, every page's
    stamp and every citation wrong)."""
    assert _stamped(["Page 1 of 3 HBR-00000024-S", "Page 2 of 3 HBR-00000025-S", "Page 3 of 3 HBR-00000026-S"]) == [
        "HBR-00000024-S", "HBR-00000025-S", "HBR-00000026-S"]
    assert _stamped(["HBR-00000024-S", "HBR-00000025-5", "HBR-00000026-S", "HBR-0000O027-S"]) == [
        "HBR-00000024-S", "HBR-00000025-S", "HBR-00000026-S", "HBR-00000027-S"]
    assert _stamped(["HBR_0000031_CF"]) == ["HBR_0000031_CF"]


@pytest.mark.parametrize("feet", [
    ["HBR-00000024-01", "HBR-00000025-01"],  # digits after: no letters read, no suffix
    ["HBR-00000024 -5", "HBR-00000025-5"],  # only digits of a letter's shape
    ["HBR-00000024-A", "HBR-00000025", "HBR-00000026"],  # one page of three: an attachment's mark, not the production's
    ["HBR-00000024-Sent to Roe", "HBR-00000025-Sent"],  # a word after it
])
def test_letters_after_a_few_stamps_are_no_suffix(feet) -> None:
    assert all(stamp is None or not stamp.endswith(("-01", "-S", "-A")) for stamp in _stamped(feet))


def test_a_page_whose_stamp_reads_as_no_stamp_is_numbered_where_its_foot_prints_the_run_s_number() -> None:
    """OCR failure, scans: a stamp's prefix misread past reading ("K/3-000003" among HB- stamps), no
    stamp read at all: the run's number where the page's foot prints its digits; a page whose foot
    prints other digits, or none, stays unstamped."""
    texts = ["a\nPage 2 of 8 HB-000002", "b\nPie 3 of 8 K/3-000003", "c\nPage 4 of 8 HB-000004"]
    assert mend_bates_run(["HB-000002", None, "HB-000004"], texts) == ["HB-000002", "HB-000003", "HB-000004"]
    for foot in ("Pie 3 of 8", "call 000007 now", ""):
        assert mend_bates_run(["HB-000002", None, "HB-000004"], [texts[0], f"b\n{foot}", texts[2]])[1] is None


@pytest.mark.parametrize("line", [
    "UNCLASSIFIED Ridgeline Water District Case No. RWD-2024-0031 Doc No. RWD-0002 Date: 01/22/2024",
    "UNCLASSIFIED U.S. Department of State Case No. F-2016-07731 Doc No. C05110001 Date: 05/13/2016",
    "SEP-30-2022 14:02 FROM:STONEBRIDGE PARKS 5550142200 T0:5550187300 P.5/5 _",
    # ... a legend's words for the classification, and a stamp saying which codes it applied
    "PUBLIC VERSION HARBOR Case No. FOIL-2024-388 Doc No. PS-0917 Date: 01/28/2025",
    "RELEASED - (b)(6), (b)(7)(C) APPLIED",
    "RELEASED - 87(2)(b), 87(2)(g) APPLIED",
    "RELEASED: B5, B6",
    "Page 3 of 4 HBR-00000024-S",  # a stamp with a letter after its number
    "11/15/2024 19:22 HARBOR OPS 5550125877 #0412 P.002",  # a fax machine's line, its page zero-padded
])
def test_a_release_stamp_on_one_line_and_a_fax_line_with_a_speck_are_furniture(line: str) -> None:
    """Page family, release stamps printed on one line (classification, agency, case and document
    numbers, release date) and a fax machine's line with a speck after it: page furniture (was: the
    page's first line of text, so the email on the page before ran onto it)."""
    assert is_furniture_line(line)


@pytest.mark.parametrize("line", [
    "RELEASED - see the attached (b)(5) memo",  # words beside the codes: a sentence
    "Case No. 2024-388 was closed on 01/28/2025",
    "Public version of the report, Doc No. 7",
    "Case No. CV-19-0042 and Case No. CV-19-0043",  # two case numbers, no stamp's date
    "RELEASED - B5",  # one code: a sentence's as likely
    "CASE 01234-CR", "DOCKET 01234-CV", "INVOICE 004512-A",  # a letter after a number: no stamp's suffix
])
def test_lines_naming_a_release_or_its_numbers_in_words_are_no_furniture(line: str) -> None:
    assert not is_furniture_line(line)


def test_a_sentence_naming_a_case_number_is_no_stamp() -> None:
    assert not is_furniture_line("The UNCLASSIFIED memo, Case No. 12, was sent to the board yesterday.")


def test_an_underscore_a_scan_lost_from_most_stamps_is_read_where_one_page_prints_it() -> None:
    """OCR failure, blurred or bilevel scans of an underscore prefix ("LTA_0000001"): the thin
    rule is read as a space or as nothing on most pages, and the run's number then mended the
    one page read right into the damaged form. OCR loses an underscore, never makes one up:
    where any stamp of the document prints it, every stamp of that prefix does."""
    read = ["LTA 0000001", "LTA0000002", None, "LTA_0000004", "LTA 0000005"]
    assert mend_bates_run(read) == ["LTA_0000001", "LTA_0000002", None, "LTA_0000004", "LTA_0000005"]
    assert mend_bates_run(["LTA 0000001", "LTA 0000002"]) == ["LTA 0000001", "LTA 0000002"]  # none printed: as read
    # the prefix learned from the footers is the one printed with its underscore, so every page's
    # stamp is read with it (the learned "LTA " read page 4's "LTA_0000004" as "LTA 0000004")
    from ingest.marks import find_bates, learn_bates_pattern

    feet = ["Page 1 of 5 LTA 0000001", "Page 2 of 5 LTA 0000002", "Page 3 of 5 LTA0000003",
            "Page 4 of 5 LTA_0000004"]
    learned = learn_bates_pattern([f"Body text.\n{foot}\n" for foot in feet])
    assert [find_bates(f"Body.\n{foot}\n", [learned]) for foot in feet] == [
        "LTA_0000001", "LTA_0000002", "LTA_0000003", "LTA_0000004"]
    assert mend_bates_run(["DEA-000001", "DEA 000002", "DEA_X 000003"]) == ["DEA-000001", "DEA 000002", "DEA_X 000003"]


def test_a_born_digital_pages_stamp_is_read_as_its_text_prints_it() -> None:
    """GIVEN a document whose text layer prints one prefix with an underscore on some pages and a space
    on others ("LTA_0000001", "LTA 0000002": a rolling production's two stamping runs) WHEN its stamps
    are read THEN each born-digital page's is as printed (a text layer loses no underscore; was read
    "LTA_0000002", the scan's failure mended where there was none); a scanned page's is restored."""
    from ingest.marks import find_bates, learn_bates_pattern, stamps_as_printed

    texts = [f"Body text.\nPage {i} of 4 {stamp}\n" for i, stamp in
             enumerate(["LTA_0000001", "LTA 0000002", "LTA_0000003", "LTA 0000004"], start=1)]
    read = mend_bates_run([find_bates(text, [learned]) for text in texts]
                          if (learned := learn_bates_pattern(texts)) else [find_bates(text) for text in texts])
    assert stamps_as_printed(read, texts, [False] * 4) == ["LTA_0000001", "LTA 0000002", "LTA_0000003", "LTA 0000004"]
    assert stamps_as_printed(read, texts, [True] * 4) == ["LTA_0000001", "LTA_0000002", "LTA_0000003", "LTA_0000004"]


def test_a_stamp_whose_prefix_ends_in_a_year_is_read_where_a_run_rises_through_it() -> None:
    """Layout family, stamps holding the year or the request's number last in their prefix
    ("HBR-OPS-22-00001", "HBR-2019-000123"), shaped as a case number is ("F-2015-04841"). GIVEN a
    document's footers rising through such stamps WHEN the pattern is learned THEN every page reads
    its stamp; a case number printed alike on every page, or after its label, reads as no stamp, nor
    does one on a page alone (a docket's shape: "EPA-HQ-2019-001234"), nor a docket number beside each
    page's count where the pages print a stamp of another family."""
    body = "The committee will meet on the fifteenth at ten.\n" * 8
    pages = [body + f"Page {i} of 5 HBR-OPS-22-{i:05d}" for i in range(1, 6)]
    learned = learn_bates_pattern(pages)
    assert learned is not None
    assert [find_bates(page, [learned]) for page in pages] == [f"HBR-OPS-22-{i:05d}" for i in range(1, 6)]
    assert find_bates(body + "Page 1 of 1 HBR-2019-000123") is None
    assert learn_bates_pattern([body + "HBR-2019-000123"] * 5) is None
    assert learn_bates_pattern([body + f"Case No. HBR-2019-00012{i}" for i in range(5)]) is None
    assert find_bates(body + "HBR-OPS-22-00001") is None  # (alone, no run and no page's count: a case number's shape)
    # a docket number printed beside each page's count, the pages stamped in another family: that stamp
    docketed = [body + f"HARBOR-{i:06d}\nEPA-HQ-2019-001234 Page {i - 122} of 3" for i in (123, 124, 125)]
    learned = learn_bates_pattern(docketed)
    assert [find_bates(page, [learned] if learned else []) for page in docketed] == [
        "HARBOR-000123", "HARBOR-000124", "HARBOR-000125"]
    # a fax machine's line dating each page is no run of stamps ("SEP-30-2022" read as "SEP-30-" and 2022)
    faxed = [f"SEP-30-2022 14:02 FROM:HARBOR OPS 5550142200 TO:5550187300 P.{i}/5\n" + body
             + (f"Page {i} of 5 HBR{i:07d}" if i in (3, 5) else f"Page {i} of 5 _HBRoo0000{i}") for i in range(1, 6)]
    assert [find_bates(page, [learn_bates_pattern(faxed) or ""]) for page in faxed] == [f"HBR{i:07d}" for i in range(1, 6)]


@pytest.mark.parametrize(("text", "codes"), [
    ("Her cell is Ex. 7(1)(c) .", ("7(1)(c)",)), ("Exemption 7(1)(b) and b6", ("(b)(6)", "7(1)(b)")),
    ("Ex.7(1)(c)", ("7(1)(c)",)),  # (its space lost, as OCR reads it)
    ("Ex. 7(C)", ("(b)(7)(C)",)), ("Ex. 6", ("(b)(6)",)),
    # a federal code with a count in brackets after it is that code still
    ("Exemption 5 (4 pages)", ("(b)(5)",)), ("Ex. 6 (2) Ex. 5", ("(b)(5)", "(b)(6)")),
])
def test_a_state_code_labelled_as_a_federal_one_is_the_state_code_alone(text: str, codes: tuple[str, ...]) -> None:
    """Layout family, a state's production labelling its boxes as federal ones are ("Ex. 7(1)(c)")
    GIVEN such a label WHEN read THEN the state's code alone (was: a federal (b)(7) too, from "Ex. 7");
    the label is the code's (a box's code alone: no word of a party's name)."""
    assert find_exemptions(text) == codes
    assert codes_only("Ex. 7(1)(c)")
