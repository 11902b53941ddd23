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
          "\U000e0041", "\U000e007f"]  # tag characters: an invisible "A", the cancel tag


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
