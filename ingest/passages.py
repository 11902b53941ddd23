"""Where a passage of an email is printed on its page: two copies that disagree about a
withholding are shown side by side, each page image cut to the lines around the passage.

Positions come from the page's words: Tesseract's word boxes on a page read by OCR (stored with
the page), the text layer's words otherwise (read from the original PDF). The passage is the
first place on the email's pages where its first word (a code, or a word one copy prints) follows
the word just before it in both copies; when OCR misread either, it is not found and the page is
shown whole.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from archive import Archive, Email

from .copies import Disagreement, comparable_tokens
from .pdf import page_words

CONTEXT_POINTS = 30  # about two lines above and below the passage's line
BAND_GRID = 12  # points a band's edges lie on (a line of print): few bands a page, each cut once


def on_grid(top: float, bottom: float) -> tuple[int, int]:
    """A band widened to ``BAND_GRID``: its top down to a grid line, its bottom up to one."""
    return int(top // BAND_GRID * BAND_GRID), int(-(-bottom // BAND_GRID) * BAND_GRID)
Word = tuple[float, float, float, float, str]


@dataclass(frozen=True)
class Band:
    """A horizontal band of one page, in points from its top."""

    document_id: str
    page: int
    top: int
    bottom: int


def disagreement_bands(archive: Archive, found: Disagreement) -> tuple[Band | None, Band | None]:
    """Where the withholding copy's codes, and what the other copy prints there, are on their pages."""
    before = [t for t in found.before.split() if "(" not in t][-1:]
    released = found.released.split()[:1] or list(found.other_codes[:1])
    return (passage_band(archive, found.withheld_in, list(found.codes), before),
            passage_band(archive, found.other, released, before))


def passage_band(archive: Archive, email: Email, targets: list[str], before: list[str]) -> Band | None:
    """The band around the first place on the email's pages where a token of ``targets`` (a code,
    or a lower-case word) follows ``before`` (its last word; any place without one)."""
    if not targets or email.native:  # a message released as native mail has no page images
        return None
    original = archive.original(archive.document(email.document_id))
    for number in range(email.start_page, email.end_page + 1):
        page = archive.page(email.document_id, number)
        if page.words:
            words: Sequence[Word] = [tuple(w) for w in json.loads(page.words)]
        elif original.is_file():
            words = page_words(original, number)
        else:
            continue
        stream = [(token, word) for word in words for token in comparable_tokens(word[4])]
        for index, (token, word) in enumerate(stream):
            if not any(target in token.split(",") for target in targets):
                continue
            previous = next((t for t, _ in reversed(stream[:index]) if "(" not in t), None)
            if before and previous != before[-1]:
                continue
            return Band(email.document_id, number, *on_grid(max(0.0, word[1] - CONTEXT_POINTS), word[3] + CONTEXT_POINTS))
    return None
