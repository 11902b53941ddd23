"""What an agency's cover letter says about the pages it processed and produced.

Response letters state their counts in a few stock sentences: "16 pages were
reviewed and 16 pages are being released", "a search ... produced a total of 13
pages", "DEA located 96 pages of responsive records", "Enclosed are 14 pages",
"6 pages are being referred to FEMA", "withheld in full". A litigator checks
them against what was actually produced. This reads each count with the verb
that governs it and the sentence it comes from (to be quoted, never trusted
alone); pure, and bounded in the text it reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from archive import Archive

MAX_TEXT = 20_000  # characters of one letter page read
MAX_SENTENCE = 300

_NUMBER_WORDS = {word: n for n, word in enumerate(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split(), start=1)}
_COUNT = re.compile(
    r"\b(\d{1,3}(?:,\d{3})+|\d{1,7}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")\s+"
    r"(?:of\s+(?:these|the|those)\s+)?(?:total\s+|additional\s+)?pages?\b",
    re.IGNORECASE)
# A sentence ends at its stop, at a blank line, or at a line break after a line that does not
# run on (one ending in a bracket, a digit or a capital: a table row, a heading, a signature).
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-Z0-9(])|\n\s*\n|(?<=[^a-z,\-\s])[ \t]*\n(?=\s*[A-Z0-9(])")
# The verb that says what happened to the pages, in the order tried: withheld and referred
# before released ("withheld in full and not released"), a search's result before enclosure.
_KINDS = (
    ("withheld", re.compile(r"\bwithh[eo]ld(?:ing)?\b", re.IGNORECASE)),
    ("referred", re.compile(r"\brefer(?:red|ring|ral)\b", re.IGNORECASE)),
    ("released in part", re.compile(r"\b(?:partially\s+releas\w*|releas\w*\s+in\s+part|portions\s+of)\b",
                                    re.IGNORECASE)),
    ("released", re.compile(r"\b(?:releas(?:ed|ing|able)|produc(?:ed|ing)\s+(?:to\s+you|herewith)|"
                            r"provid(?:ed|ing)\s+to\s+you|enclosed|enclosures?)\b", re.IGNORECASE)),
    ("reviewed", re.compile(r"\b(?:review(?:ed)?|process(?:ed)?|located|found|identified|responsive|"
                            r"(?:search\w*\b.{0,80}\bproduced))\b", re.IGNORECASE | re.DOTALL)),
)


@dataclass(frozen=True)
class PageCount:
    """One count a letter states: ``pages`` pages ``kind``, quoted from ``sentence``."""

    kind: str  # reviewed, released, released in part, withheld, referred, or "stated" (no verb read)
    pages: int
    sentence: str


def stated_page_counts(text: str) -> tuple[PageCount, ...]:
    """Every "N pages" a letter states, with what it says happened to them."""
    found: list[PageCount] = []
    for sentence in _sentences(text):
        matches = list(_COUNT.finditer(sentence))
        for index, match in enumerate(matches):
            # The verb of this count: after it up to the next count ("16 pages were reviewed and
            # 16 pages are being released"), else before it ("DEA located 96 pages").
            after = sentence[match.end():matches[index + 1].start() if index + 1 < len(matches) else None]
            before = sentence[matches[index - 1].end() if index else 0:match.start()]
            kind = _kind(after) or _kind(before) or "stated"
            word = match.group(1).lower().replace(",", "")
            pages = _NUMBER_WORDS[word] if word in _NUMBER_WORDS else int(word)
            found.append(PageCount(kind, pages, _quote(sentence)))
    return tuple(found)


def _sentences(text: str) -> Iterator[str]:
    """The letter's sentences (as far as it is read), each on one line."""
    for sentence in _SENTENCE_END.split(text[:MAX_TEXT]):
        yield " ".join(sentence.split())


def _kind(text: str) -> str | None:
    return next((kind for kind, pattern in _KINDS if pattern.search(text)), None)


def _quote(sentence: str) -> str:
    return sentence if len(sentence) <= MAX_SENTENCE else sentence[:MAX_SENTENCE - 1] + "…"


_BATES_WORD = re.compile(r"\bBates\b", re.IGNORECASE)
_NUMBER_RANGE = re.compile(r"(?<![\w-])(\d{3,10})\s?(?:-|–|—|through|to)\s?(\d{3,10})(?![\w-])", re.IGNORECASE)
MAX_RANGE = 1_000_000  # numbers one stated range may span


@dataclass(frozen=True)
class StatedRange:
    """Bates numbers a letter says the production holds: "Bates stamped pages 5556-5567"."""

    first: int
    last: int
    sentence: str


def stated_bates_ranges(text: str) -> tuple[StatedRange, ...]:
    """The Bates ranges a letter names, in sentences that speak of Bates numbers."""
    found: list[StatedRange] = []
    for sentence in _sentences(text):
        if not _BATES_WORD.search(sentence):
            continue
        for match in _NUMBER_RANGE.finditer(sentence):
            first, last = int(match.group(1)), int(match.group(2))
            if first <= last <= first + MAX_RANGE:
                found.append(StatedRange(first, last, _quote(sentence)))
    return tuple(found)


def letter_bates_ranges(archive: Archive, slug: str) -> list[dict[str, Any]]:
    """The Bates ranges the release's cover letters name, each with how many of its numbers a
    page of the release carries (any prefix: letters give the numbers alone)."""
    stated = [(page, r) for page, text in archive.letter_pages(slug) for r in stated_bates_ranges(text)]
    if not stated:
        return []
    carried = archive.stamped_numbers(slug)
    return [{"document_id": page.document_id, "filename": page.filename, "page": page.page,
             "first": r.first, "last": r.last, "numbers": r.last - r.first + 1,
             "produced": sum(1 for n in range(r.first, r.last + 1) if n in carried), "sentence": r.sentence}
            for page, r in stated]


def letter_statements(archive: Archive, slug: str) -> list[dict[str, Any]]:
    """What a release's cover letters say about pages, each count with the page and sentence
    it comes from (for the production check: site, API and `foia release check`)."""
    return [{"document_id": page.document_id, "filename": page.filename, "page": page.page,
             "kind": count.kind, "pages": count.pages, "sentence": count.sentence}
            for page, text in archive.letter_pages(slug) for count in stated_page_counts(text)]
