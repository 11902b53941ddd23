"""Is a production complete: the Bates sequence read off the pages (fictional stamps)."""

from __future__ import annotations

from archive.production import Gap, PageRef, PageRow, completeness


def rows(doc: str, stamps: list[str | None], kinds: dict[int, str] | None = None) -> list[PageRow]:
    return [PageRow(doc, f"{doc}.pdf", n, stamp, (kinds or {}).get(n, "email"))
            for n, stamp in enumerate(stamps, start=1)]


def test_an_unbroken_production_has_no_gaps():
    report = completeness(rows("a", [f"HBR-{n:06d}" for n in range(1, 6)]))
    (sequence,) = report.sequences
    assert (sequence.prefix, sequence.first, sequence.last, sequence.stamped) == ("HBR-", "HBR-000001", "HBR-000005", 5)
    assert (report.gaps, report.missing, report.duplicates, report.unstamped) == (0, 0, 0, 0)


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
