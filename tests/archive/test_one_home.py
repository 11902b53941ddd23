"""One concept, one implementation: the filters of invisible characters and the month tables
that had drifted apart are one each, and every reader uses it."""

from __future__ import annotations

import pytest

from archive.dates import month_number
from archive.invisible import INVISIBLE
from archive.query import parse_query
from ingest.articles import clean_text, mentioned_dates
from ingest.pdf import clean_text as clean_page_text

# each of these got through at least one of the three filters that were
HIDDEN = ["\x9b", "\u061c", "\u2066", "\u2069", "\u2060", "\ufffe", "\u200b", "\u202e", "\x0c",
          "\U000e0041", "\U000e007f",  # tag characters: an invisible "A", the cancel tag
          # a soft hyphen, a combining grapheme joiner, Hangul fillers, a blank braille pattern, a
          # variation selector, format characters that print nothing
          "\u00ad", "\u034f", "\u115f", "\u3164", "\uffa0", "\u2800", "\ufe0f", "\U000e0100", "\u0600", "\u06dd",
          "\U0001d173"]


@pytest.mark.parametrize("char", HIDDEN)
def test_pages_articles_and_queries_drop_the_same_invisible_characters(char):
    assert INVISIBLE.fullmatch(char)
    assert clean_page_text(f"face{char}book") == "facebook"
    assert clean_text(f"face{char}book", "text") == "facebook"
    parsed = parse_query(f"face{char}book")
    assert parsed.node == parse_query("face book").node
    assert any("invisible characters" in m for m in parsed.messages)


@pytest.mark.parametrize(("name", "number"), [("Sept.", 9), ("sep", 9), ("June", 6), ("jun", 6), ("MAY", 5)])
def test_one_month_table_reads_every_spelling(name, number):
    assert month_number(name) == number
    assert mentioned_dates(f"on {name} 3, 2018")[0].value == f"2018-{number:02d}-03"


def test_a_line_separator_in_a_text_layer_is_a_space_not_a_line_of_its_own():
    """GIVEN a text layer that hides a header line inside another with a line separator (U+2028,
    U+2029: the page image prints one line) THEN the page's text is one line there, so no header
    is read from it (a date the page never printed as a Sent: line was cited for sure)."""
    for separator in ("\u2028", "\u2029"):
        text = clean_page_text(f"From: Jane Roe{separator}Sent: Friday, January 5, 2001 1:00 AM\nSent: Monday, April 2, 2018")
        assert text.splitlines() == ["From: Jane Roe Sent: Friday, January 5, 2001 1:00 AM", "Sent: Monday, April 2, 2018"]
