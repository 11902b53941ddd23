"""Is a production complete? Its Bates sequence as read off the pages.

Before accepting a production a litigator checks that its stamps run without a
break: a number no page carries may be a page withheld without a slip sheet,
the same number on two pages a page produced twice, and pages withheld in full
are counted per document. This module reads that from (document, page, stamp,
kind) rows; it is pure, so the store decides which pages a reader may see.

A gap that pages without a readable stamp fill exactly (same document, between
the two stamps around the gap) is marked as explained by them: most likely the
stamp is there and was not read, and the page image settles it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from .cite import bates_parts, split_bates

WITHHELD_KINDS = ("withheld", "deleted")
MAX_LISTED = 500  # gaps, duplicates and unstamped pages listed per production; the counts stay exact


@dataclass(frozen=True)
class PageRef:
    document_id: str
    filename: str
    page: int


@dataclass(frozen=True)
class Gap:
    """Stamps ``first``..``last`` (``count`` numbers) that no page carries."""

    first: str
    last: str
    count: int
    unread: tuple[PageRef, ...] = ()  # unstamped pages that sit exactly where the gap is
    sheet: PageRef | None = None  # inside one file: its deleted-page sheet, where it has one


@dataclass(frozen=True)
class Duplicate:
    stamp: str
    pages: tuple[PageRef, ...]


@dataclass(frozen=True)
class StampSequence:
    """One prefix's stamps: "DEA-MSFT-000001" to "DEA-MSFT-000412"."""

    prefix: str
    first: str
    last: str
    stamped: int  # pages carrying a stamp of this prefix
    missing: int  # numbers between first and last that no page carries
    gap_count: int
    gaps: tuple[Gap, ...]  # the first MAX_LISTED
    duplicates: tuple[Duplicate, ...]
    # stamps printing fewer digits than every other of an unpadded sequence ("…(FBI)-192" among
    # "…(FBI)-1824" to "…(FBI)-2050"): a digit OCR lost, left out of the gaps (it made one of 1,631)
    short: tuple[tuple[str, PageRef], ...] = ()
    suffix: str = ""  # printed after every stamp's number ("-S": a production numbered with a suffix)


@dataclass(frozen=True)
class Withheld:
    document_id: str
    filename: str
    withheld: int  # pages withheld in full (a blank or "withheld" page)
    deleted: int  # deleted-page information sheets
    deleted_pages: int = 0  # the pages those sheets say were deleted (``sheet_pages``; a sheet saying none: one)


@dataclass(frozen=True)
class UnderBoxes:
    """A file whose text layer holds words under the dark boxes drawn over them: a redaction
    anyone can undo by copying the text out (``ingest.pdf.dark_covers``)."""

    document_id: str
    filename: str
    pages: tuple[int, ...]  # the first MAX_LISTED
    characters: int  # of its text layer under the boxes, on all its pages
    boxes: int  # drawn over an image of a page that still prints under them


@dataclass(frozen=True)
class Completeness:
    pages: int
    sequences: tuple[StampSequence, ...]
    unstamped: int
    unstamped_pages: tuple[PageRef, ...]  # the first MAX_LISTED
    withheld: tuple[Withheld, ...]
    under_boxes: tuple[UnderBoxes, ...] = ()

    @property
    def gaps(self) -> int:
        return sum(s.gap_count for s in self.sequences)

    @property
    def missing(self) -> int:
        return sum(s.missing for s in self.sequences)

    @property
    def duplicates(self) -> int:
        return sum(len(s.duplicates) for s in self.sequences)


@dataclass(frozen=True)
class PageRow:
    document_id: str
    filename: str
    page: int
    bates: str | None
    kind: str
    hidden: int = 0  # characters its text layer holds under boxes drawn over them
    hidden_boxes: int = 0  # boxes drawn over an image of it that still prints under them
    sheet_pages: int = 0  # of a deleted-page information sheet: the pages it says it stands for (``sheet_pages``)


def completeness(rows: Iterable[PageRow]) -> Completeness:
    """The Bates sequences, gaps, duplicates, unstamped and withheld pages of these pages
    (given in reading order: by document, then page)."""
    pages = list(rows)
    stamped: dict[tuple[str, str], list[tuple[int, int, PageRow]]] = defaultdict(list)  # (prefix, suffix) -> (number, width, row)
    unstamped: list[int] = []
    for index, row in enumerate(pages):
        parts = bates_parts(row.bates or "")
        if parts is None:
            unstamped.append(index)
        else:
            stamped[(parts[0], parts[2])].append((int(parts[1]), len(parts[1]), row))
    position = {(row.document_id, row.page): index for index, row in enumerate(pages)}
    sheets = {row.document_id: _ref(row) for row in reversed(pages) if row.kind == "deleted"}  # (its first)
    sequences = tuple(_sequence(prefix, entries, pages, position, sheets, suffix)
                      for (prefix, suffix), entries in sorted(stamped.items(), key=lambda item: -len(item[1])))
    return Completeness(
        pages=len(pages), sequences=sequences, unstamped=len(unstamped),
        unstamped_pages=tuple(_ref(pages[i]) for i in unstamped[:MAX_LISTED]),
        withheld=_withheld(pages), under_boxes=_under_boxes(pages),
    )


def _sequence(prefix: str, entries: list[tuple[int, int, PageRow]], pages: list[PageRow],
              position: dict[tuple[str, int], int], sheets: dict[str, PageRef], suffix: str = "") -> StampSequence:
    # Zero-padded stamps ("DEA-MSFT-000043") give their width to the numbers a gap names;
    # unpadded ones ("19-cv-4048(FBI)-192") none.
    padded = Counter(w for _, w, row in entries if (row.bates or "")[len(prefix):].startswith("0"))
    width = padded.most_common(1)[0][0] if padded else 0
    printed: dict[int, str] = {}
    entries, short = _short_stamps(entries) if not width else (entries, [])

    def stamp(number: int) -> str:
        return printed.get(number) or prefix + str(number).rjust(width, "0") + suffix

    by_number: dict[int, list[PageRow]] = defaultdict(list)
    for number, _, row in entries:
        by_number[number].append(row)
        printed.setdefault(number, row.bates or "")
    numbers = sorted(by_number)
    gaps: list[Gap] = []
    missing = gap_count = 0
    for below, above in zip(numbers, numbers[1:], strict=False):
        if above - below <= 1:
            continue
        missing += above - below - 1
        gap_count += 1
        if len(gaps) < MAX_LISTED:
            low, high = by_number[below][-1], by_number[above][0]
            unread = _between(low, high, pages, position)
            gaps.append(Gap(stamp(below + 1), stamp(above - 1), above - below - 1,
                            unread if len(unread) == above - below - 1 else (),
                            sheets.get(low.document_id) if low.document_id == high.document_id else None))
    duplicates = tuple(Duplicate(stamp(n), tuple(_ref(r) for r in rows))
                       for n, rows in by_number.items() if len(rows) > 1)[:MAX_LISTED]
    return StampSequence(prefix, stamp(numbers[0]), stamp(numbers[-1]), len(entries), missing, gap_count,
                         tuple(gaps), duplicates, tuple((row.bates or "", _ref(row)) for _, _, row in short), suffix)


_SHORT_AMONG = 5  # stamps of a sequence, at least, for a few far below them printing fewer digits to be misread


def _short_stamps(entries: list[tuple[int, int, PageRow]]) -> tuple[list[tuple[int, int, PageRow]],
                                                                    list[tuple[int, int, PageRow]]]:
    """An unpadded sequence's stamps apart from the few printing fewer digits than all the rest,
    five at least, that fall further below them than they span ("…-192" among "…-1824" to
    "…-2050": OCR lost a digit; a sequence running from 95 to 105 is no such)."""
    fewest = min(width for _, width, _ in entries)
    short = [entry for entry in entries if entry[1] == fewest]
    rest = [entry for entry in entries if entry[1] > fewest]
    if len(rest) < _SHORT_AMONG or len(short) * _SHORT_AMONG > len(rest):
        return entries, []
    low, high = min(number for number, _, _ in rest), max(number for number, _, _ in rest)
    if max(number for number, _, _ in short) >= low - (high - low):
        return entries, []
    return rest, short


def _between(low: PageRow, high: PageRow, pages: list[PageRow],
             position: dict[tuple[str, int], int]) -> tuple[PageRef, ...]:
    """The pages between two stamped pages of one document, when none of them has a stamp."""
    if low.document_id != high.document_id:
        return ()
    start, end = position[(low.document_id, low.page)], position[(high.document_id, high.page)]
    inside = pages[start + 1:end]
    if not inside or any(split_bates(p.bates or "") for p in inside):
        return ()
    return tuple(_ref(p) for p in inside)


def as_json(report: Completeness) -> dict[str, Any]:
    """The report as the API and `foia release check --json` give it."""
    return {"pages": report.pages, "unstamped": report.unstamped, "gaps": report.gaps,
            "missing": report.missing, "duplicates": report.duplicates, **asdict(report)}


def _withheld(pages: list[PageRow]) -> tuple[Withheld, ...]:
    counts: dict[tuple[str, str], Counter[str]] = {}
    for row in pages:
        if row.kind in WITHHELD_KINDS:
            count = counts.setdefault((row.document_id, row.filename), Counter())
            count[row.kind] += 1
            count["deleted pages"] += max(1, row.sheet_pages) if row.kind == "deleted" else 0
    return tuple(Withheld(doc, name, c["withheld"], c["deleted"], c["deleted pages"])
                 for (doc, name), c in counts.items())


# What a deleted-page information sheet (the FBI's FOI/PA sheets) says it stands for: its total
# ("Total Deleted Page(s) = 16", OCR's "Total Delet d Page(s) = 4"), and a line for each page
# ("Page 5 ~ b5 - Per EOUSA; b6 - 1,-3 Per FBI;"), which count where OCR lost the total.
_SHEET_TOTAL = re.compile(r"Total\s?De\s?l\s?[ec]\s?t?\s?e?\s?d\s+Pa\s?g\s?e\s?\(?s?\)?\s?[=:]\s?(\d{1,4})\b",
                          re.IGNORECASE)
_SHEET_LINE = re.compile(r"^\s*Page\s?(\d{1,4})\s?[~\-–—=]", re.MULTILINE)


def sheet_pages(text: str) -> int:
    """The pages a deleted-page information sheet says were deleted: its total, or the pages it
    lists where that is more (OCR lost or misread the total); 0 where it says neither."""
    total = max((int(found) for found in _SHEET_TOTAL.findall(text[:20_000])), default=0)
    return max(total, len(set(_SHEET_LINE.findall(text[:20_000]))))


def _under_boxes(pages: list[PageRow]) -> tuple[UnderBoxes, ...]:
    found: dict[tuple[str, str], list[PageRow]] = {}
    for row in pages:
        if row.hidden or row.hidden_boxes:
            found.setdefault((row.document_id, row.filename), []).append(row)
    return tuple(UnderBoxes(doc, name, tuple(r.page for r in rows[:MAX_LISTED]), sum(r.hidden for r in rows),
                            sum(r.hidden_boxes for r in rows))
                 for (doc, name), rows in found.items())


def _ref(row: PageRow) -> PageRef:
    return PageRef(row.document_id, row.filename, row.page)
