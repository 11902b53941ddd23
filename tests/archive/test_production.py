"""Is a production complete: the Bates sequence read off the pages (fictional stamps)."""

from __future__ import annotations

from archive.production import Gap, PageRef, PageRow, completeness, sheet_pages


def rows(doc: str, stamps: list[str | None], kinds: dict[int, str] | None = None) -> list[PageRow]:
    return [PageRow(doc, f"{doc}.pdf", n, stamp, (kinds or {}).get(n, "email"))
            for n, stamp in enumerate(stamps, start=1)]


def test_an_unbroken_production_has_no_gaps():
    report = completeness(rows("a", [f"HBR-{n:06d}" for n in range(1, 6)]))
    (sequence,) = report.sequences
    assert (sequence.prefix, sequence.first, sequence.last, sequence.stamped) == ("HBR-", "HBR-000001", "HBR-000005", 5)
    assert (report.gaps, report.missing, report.duplicates, report.unstamped) == (0, 0, 0, 0)


def test_a_suffixed_production_names_its_gaps_with_the_suffix():
    """A production numbered with a suffix ("HBR-000003-S") is one sequence, its gaps named as
    it stamps them (was: every page unstamped); another suffix is another production."""
    report = completeness(rows("a", ["HBR-000001-S", "HBR-000002-S", "HBR-000005-S"]) + rows("b", ["HBR-000001-R"]))
    first, second = report.sequences
    assert (first.first, first.last, first.stamped, first.gaps) == (
        "HBR-000001-S", "HBR-000005-S", 3, (Gap("HBR-000003-S", "HBR-000004-S", 2),))
    assert (second.first, second.stamped, report.unstamped, report.duplicates) == ("HBR-000001-R", 1, 0, 0)


def test_a_gap_an_unread_stamp_fills_is_told_apart_from_one_no_page_fills():
    """GIVEN HBR-1..3 on pages 1-3, page 4 unstamped, HBR-5, then HBR-9 in another file
    THEN HBR-4 is probably page 4's unread stamp, HBR-6..8 are on no page."""
    pages = rows("a", ["HBR-000001", "HBR-000002", "HBR-000003", None, "HBR-000005"]) + rows("b", ["HBR-000009"])
    report = completeness(pages)
    (sequence,) = report.sequences
    assert sequence.gaps == (Gap("HBR-000004", "HBR-000004", 1, (PageRef("a", "a.pdf", 4),)),
                             Gap("HBR-000006", "HBR-000008", 3))
    assert (report.gaps, report.missing, report.unstamped) == (2, 4, 1)
    assert report.unstamped_pages == (PageRef("a", "a.pdf", 4),)


def test_unread_pages_that_do_not_fill_the_gap_exactly_explain_nothing():
    report = completeness(rows("a", ["HBR-000001", None, "HBR-000005"]))
    assert report.sequences[0].gaps == (Gap("HBR-000002", "HBR-000004", 3),)


def test_a_number_on_two_pages_is_a_duplicate():
    report = completeness(rows("a", ["HBR-000001", "HBR-000002"]) + rows("b", ["HBR-000002", "HBR-000003"]))
    (duplicate,) = report.sequences[0].duplicates
    assert duplicate.stamp == "HBR-000002"
    assert duplicate.pages == (PageRef("a", "a.pdf", 2), PageRef("b", "b.pdf", 1))


def test_unpadded_court_stamps_name_their_gaps_unpadded_and_prefixes_stay_apart():
    report = completeness(rows("a", ["21-cv-77(ABC)-98", "21-cv-77(ABC)-102", "OTHER-0001"]))
    court, other = report.sequences
    assert (court.first, court.last) == ("21-cv-77(ABC)-98", "21-cv-77(ABC)-102")
    assert court.gaps == (Gap("21-cv-77(ABC)-99", "21-cv-77(ABC)-101", 3),)
    assert (other.first, other.gap_count) == ("OTHER-0001", 0)


def test_withheld_pages_and_deleted_page_sheets_are_counted_per_document():
    pages = rows("a", [None, "HBR-000001", None], {1: "deleted", 3: "withheld"}) + rows("b", ["HBR-000002"])
    (held,) = completeness(pages).withheld
    assert (held.document_id, held.withheld, held.deleted) == ("a", 1, 1)


def test_an_unstamped_production_has_no_sequence():
    report = completeness(rows("a", [None, None]))
    assert report.sequences == () and report.unstamped == 2


SHEET = """FEDERAL BUREAU OF INVESTIGATION
DELETED PAGE INFORMATION SHEET
Total Delet d Page(s) = 4
Page 1 ~ b3 - 1 Per FBI; b6 1,-3 b7C 1,-3 Per FBI;
Page 2 ~ b3 - 1 Per FBI;
"""


def test_a_deleted_page_sheet_counts_the_pages_it_says_were_deleted():
    """GIVEN deleted-page information sheets (the FBI's), their totals OCR read with a letter
    lost, or lost, their pages listed WHEN the production is checked THEN each file says how many
    pages its sheets stand for (it said "5 deleted-page sheets" where they list 29 pages)."""
    assert sheet_pages(SHEET) == 4
    assert sheet_pages(SHEET.replace("Total Delet d Page(s) = 4", "Total Deleted Pag")) == 2  # the lines listed
    assert sheet_pages("Total Deleted Page(s) = 16\nPage 5 ~ b5 - Per EOUSA;") == 16
    assert sheet_pages("A memo about page 5 of the report.") == 0
    pages = [PageRow("a", "a.pdf", 1, None, "deleted", sheet_pages=4), PageRow("a", "a.pdf", 2, "X-1", "email"),
             PageRow("b", "b.pdf", 1, None, "deleted")]
    assert [(w.deleted, w.deleted_pages) for w in completeness(pages).withheld] == [(1, 4), (1, 1)]


def test_a_gap_inside_a_file_with_a_deleted_page_sheet_names_the_sheet():
    """GIVEN a file whose sheet lists deleted pages and whose stamps skip two numbers, and a gap
    between two files THEN the first gap names the sheet, the second nothing."""
    pages = (rows("a", [None, "HBR-1957", "HBR-1958", "HBR-1961"], {1: "deleted"}) + rows("b", ["HBR-1970"]))
    inside, between = completeness(pages).sequences[0].gaps
    assert (inside.first, inside.last, inside.sheet) == ("HBR-1959", "HBR-1960", PageRef("a", "a.pdf", 1))
    assert (between.first, between.sheet) == ("HBR-1962", None)


def test_a_stamp_ocr_lost_a_digit_of_is_left_out_of_the_gaps():
    """GIVEN "19-cv-4048(FBI)-192" among stamps 1824 to 2050 (OCR lost a digit of 1926) WHEN
    checked THEN it is reported apart and makes no gap (it made one of 1,631 numbers); a
    sequence running from 95 to 105 keeps its two-digit stamps."""
    stamps = [f"19-cv-4048(FBI)-{n}" for n in (1824, 1825, 1826, 1827, 1957, 2050)]
    report = completeness(rows("a", ["19-cv-4048(FBI)-192"]) + rows("b", stamps))
    (sequence,) = report.sequences
    assert sequence.short == (("19-cv-4048(FBI)-192", PageRef("a", "a.pdf", 1)),)
    assert (sequence.first, report.missing) == ("19-cv-4048(FBI)-1824", 2050 - 1824 + 1 - 6)
    running = completeness(rows("c", [f"HBR-{n}" for n in range(95, 106)]))
    assert (running.sequences[0].short, running.sequences[0].first, running.missing) == ((), "HBR-95", 0)
