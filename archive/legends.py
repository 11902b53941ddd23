"""Production legends: the lines an agency stamps on most pages of a release (page family:
release-wide legends, such as "PRODUCED TO THE JOINT COMMITTEE - NO WAIVER", "Case No. F-2020-
00123", the agency's name and the review date), which no rule for one line can know.

They are learned from the release's own pages: a line printed among the first or last lines of at
least half of them, each word holding a digit read as one mark (a stamp's numbers change from page
to page). The index leaves them out of what it searches, so a word of the legend finds the emails
that say it, not every email of the release; the stored text, the page images and the snippets
keep them. Pure functions; the archive keeps each release's legends (``Archive.catch_up_index``).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

SAMPLE_PAGES = 2000  # pages a release's legends are learned from (the first stored)
MIN_PAGES = 5  # a legend is on at least this many of them,
SHARE = 0.5  # and on at least this share: a signature or a sender's name is on fewer
ZONE = 6  # lines at the top and the bottom of a page where legends are printed
_MAX_LINE = 300
_NUMBERED = re.compile(r"\S*\d\S*")
_LETTER = re.compile(r"[^\W\d_]")
_PUNCTUATION = re.compile(r"[^\w#\s]|_")


def line_key(line: str) -> str:
    """A line as legends are compared: each word holding a digit as "#", case, punctuation (which
    OCR reads or loses at random) and spacing dropped; "" for a line too long to be a legend or
    with under three letters."""
    if len(line) > _MAX_LINE:
        return ""
    key = " ".join(_PUNCTUATION.sub(" ", _NUMBERED.sub("#", line)).casefold().split())
    return key if len(_LETTER.findall(key)) >= 3 else ""


def _core(key: str) -> str:
    """A key without the numbers at its ends: a stamp's number printed on the legend's line on
    some pages and on the next line on others, one legend."""
    words = key.split()
    while words and words[0] == "#":
        words.pop(0)
    while words and words[-1] == "#":
        words.pop()
    return " ".join(words)


def learn(pages: Iterable[str]) -> tuple[str, ...]:
    """The legends of a release's pages, longest first: each line (``line_key``) in the top or
    bottom ``ZONE`` lines of at least ``SHARE`` of the pages, and of ``MIN_PAGES``."""
    counts: Counter[str] = Counter()
    total = 0
    for text in pages:
        total += 1
        lines = [line for line in text.splitlines() if line.strip()]
        zone = lines if len(lines) <= 2 * ZONE else lines[:ZONE] + lines[-ZONE:]
        counts.update({_core(line_key(line)) for line in zone} - {""})
    need = max(MIN_PAGES, math.ceil(SHARE * total))
    return tuple(sorted((key for key, n in counts.items() if n >= need), key=lambda k: (-len(k), k)))


def is_legend(line: str, legends: tuple[str, ...]) -> bool:
    """Whether a line is legends only: one, or several printed side by side and read as one line,
    with at most a stamp's numbers beside them (``legends`` longest first, as ``learn`` gives)."""
    key = line_key(line)
    if not key:
        return False
    rest = key
    for legend in legends:
        if legend in rest:
            rest = rest.replace(legend, " ")
    return rest != key and all(word == "#" for word in rest.split())


def without_legends(text: str, legends: tuple[str, ...]) -> str:
    """``text`` without its lines that are legends only."""
    if not legends:
        return text
    return "\n".join(line for line in text.splitlines() if not is_legend(line, legends))
