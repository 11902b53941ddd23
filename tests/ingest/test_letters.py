"""Counts of pages a cover letter states (fictional letters in the agencies' stock phrasing)."""

from __future__ import annotations

import pytest

from ingest.letters import PageCount, stated_bates_ranges, stated_page_counts


def counts(text: str) -> list[tuple[str, int]]:
    return [(c.kind, c.pages) for c in stated_page_counts(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Exemptions checked:\n(b)(6) (b)(7)(C)\n41 pages were reviewed and 38 pages are being released.",
     [("reviewed", 41), ("released", 38)]),
    ("A search of the Harbor Office for records responsive to your request produced a total\n"
     "of 1,204 pages. Portions of 3 of these pages are partially releasable under Exemption 6.",
     [("reviewed", 1204), ("released in part", 3)]),
    ("The Authority located 96 pages of responsive records.", [("reviewed", 96)]),
    ("Enclosed are fourteen pages, including this letter.", [("released", 14)]),
    ("Specifically, 6 pages are being referred to the Coast Office, 1 page is being referred to the Port.",
     [("referred", 6), ("referred", 1)]),
    ("Twelve pages are withheld in full under Exemption 5.", [("withheld", 12)]),
    ("Sincerely,\nA. Clerk\n(Acting)\nEnclosures: 2 pages", [("released", 2)]),
    ("Your request asked about page 3 of the manual.", []),
])
def test_a_letters_counts_are_read_with_what_happened_to_the_pages(text, expected):
    assert counts(text) == expected


def test_each_count_quotes_its_own_sentence_bounded():
    (count,) = stated_page_counts("Dear requester:\n\nWe reviewed 7 pages. " + "Thank you. " * 3)
    assert count == PageCount("reviewed", 7, "We reviewed 7 pages.")
    (long,) = stated_page_counts("We located " + "many " * 200 + "records in 9 pages.")
    assert len(long.sentence) <= 300 and long.sentence.endswith("…")


def test_a_huge_letter_is_read_only_so_far():
    assert stated_page_counts("x " * 50_000 + "We reviewed 7 pages.") == ()


def test_the_bates_ranges_a_letter_names_are_read_from_its_bates_sentences():
    text = ("These pages represent Bates stamped pages 5556-5567 and 5489 - 5492. Call 555-1234.\n"
            "Your request 2019-0412 was received.")
    assert [(r.first, r.last) for r in stated_bates_ranges(text)] == [(5556, 5567), (5489, 5492)]
    assert stated_bates_ranges("Pages 100-120 are enclosed.") == ()  # no word of Bates: not a claim about stamps
    assert stated_bates_ranges("Bates numbers 900-100 and 1-9999999999.") == ()  # backwards; too wide
