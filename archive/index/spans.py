"""Phrases and proximity: Whoosh's span rules, answered for a whole set of documents at once.

A span query is the one Whoosh would run, as data (``SpanQuery``). Its spans in every
candidate document are numpy arrays of ``docnum * KEY + position`` (start and end), so each
rule is a few array operations over all documents together:

- ``Unit``: every occurrence, a span of one position;
- ``SpanSeq``: Whoosh's Phrase / SpanNear2 over words: word i at p + i for an exact phrase,
  else each next word joined with ``near``;
- ``SpanNear``: Whoosh's SpanNear (``w/N``, ``pre/N``), mindist 1 — ``near``;
- ``SpanOr``: Whoosh's SpanOr, overlapping and touching spans merged — ``merge``.

``tests/archive/test_index.py`` checks the matches against Whoosh's own span queries.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .. import budget
from ..budget import TOO_COSTLY, spend
from ..errors import QueryError
from .postings import Docs, Unit
from .terms import KEY, Terms

Keys = npt.NDArray[np.int64]  # docnum * KEY + position


@dataclass(frozen=True)
class SpanSeq:
    """Words in order next to each other (slop 1, ordered: an exact phrase), or all within
    ``slop`` words of the span so far (a phrase with ``~N``: any order)."""

    units: tuple[Unit, ...]
    slop: int
    ordered: bool


@dataclass(frozen=True)
class SpanNear:
    """A span of ``right`` 1..``slop`` words from a span of ``left`` (after it, if ordered)."""

    left: SpanQuery
    right: SpanQuery
    slop: int
    ordered: bool


@dataclass(frozen=True)
class SpanOr:
    parts: tuple[SpanQuery, ...]


SpanQuery = Unit | SpanSeq | SpanNear | SpanOr


@dataclass(frozen=True)
class Spans:
    """Spans sorted by (start, end), without duplicates; positions as ``docnum * KEY + p``."""

    starts: Keys
    ends: Keys

    @classmethod
    def points(cls, occurrences: Keys) -> Spans:
        ordered = np.sort(occurrences)
        return cls(ordered, ordered)

    def docs(self, size: int) -> Docs:
        """The documents (of ``size`` docnums) holding a span."""
        return _holding(self.starts, size)


def _holding(keys: Keys, size: int) -> Docs:
    found = np.zeros(size, dtype=bool)
    found[keys // KEY] = True
    return found


_NONE = Spans(np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))


def needed_docs(query: SpanQuery, terms: Terms) -> Docs:
    """Documents holding the words the query needs (any one part of an OR)."""
    if isinstance(query, Unit):
        return terms.docs(query)
    if isinstance(query, SpanSeq):
        docs = terms.docs(query.units[0])
        for unit in query.units[1:]:
            docs = docs & terms.docs(unit)
        return docs
    if isinstance(query, SpanNear):
        return needed_docs(query.left, terms) & needed_docs(query.right, terms)
    either = needed_docs(query.parts[0], terms)
    for part in query.parts[1:]:
        either = either | needed_docs(part, terms)
    return either


def matching_docs(query: SpanQuery, candidates: Docs, terms: Terms) -> Docs:
    """The documents among ``candidates`` where the query has a span."""
    size = len(candidates)
    if isinstance(query, SpanSeq) and query.slop == 1 and query.ordered:
        return _holding(_phrase_starts(query.units, candidates, terms), size)
    return spans(query, candidates, terms).docs(size)


def spans(query: SpanQuery, candidates: Docs, terms: Terms) -> Spans:
    """The query's spans in every document of ``candidates``."""
    if isinstance(query, Unit):
        return Spans.points(terms.occurrences(query, candidates))
    if isinstance(query, SpanSeq):
        if query.slop == 1 and query.ordered:
            starts = _phrase_starts(query.units, candidates, terms)
            return Spans(starts, starts + (len(query.units) - 1))
        found = Spans.points(terms.occurrences(query.units[0], candidates))
        for unit in query.units[1:]:
            if not len(found.starts):
                break
            found = near(found, Spans.points(terms.occurrences(unit, candidates)), query.slop, query.ordered)
        return found
    if isinstance(query, SpanNear):
        left = spans(query.left, candidates, terms)
        if not len(left.starts):
            return left
        right = spans(query.right, candidates, terms)
        return near(left, right, query.slop, query.ordered)
    return merge([spans(part, candidates, terms) for part in query.parts])


def _phrase_starts(units: tuple[Unit, ...], candidates: Docs, terms: Terms) -> Keys:
    """Where an exact phrase starts: word i at p + i, as Whoosh's Phrase matches."""
    found = np.unique(terms.occurrences(units[0], candidates))
    for i, unit in enumerate(units[1:], 1):
        if not len(found):
            break
        found = np.intersect1d(found, terms.occurrences(unit, candidates, -i))
    return found


def near(a: Spans, b: Spans, slop: int, ordered: bool) -> Spans:
    """Whoosh's SpanNear step (mindist 1): for each span of ``a`` and each span of ``b`` 1 to
    ``slop`` positions from it (0 when they overlap; ``b`` not starting before ``a`` when
    ordered), the span covering both. Pairs are looked at ``_PAIRS_AT_ONCE`` at a time (memory
    bounded), the search's time budget checked between (archive/budget.py); a step keeping more
    close pairs than it could sort in the budget's time left is too costly (sorting them ran four
    times past the budget where the pairs were many)."""
    if not len(a.starts) or not len(b.starts):
        return _NONE
    # the b spans that can be close to each a span: a run of b, as b is sorted by start
    longest = int((b.ends - b.starts).max())
    low = np.searchsorted(b.starts, a.starts if ordered else a.starts - slop - longest, "left")
    high = np.searchsorted(b.starts, a.ends + slop, "right")
    counts = np.maximum(high - low, 0)
    total = int(counts.sum())
    if not total:
        return _NONE
    cuts = np.searchsorted(np.cumsum(counts), np.arange(_PAIRS_AT_ONCE, total, _PAIRS_AT_ONCE), "left") + 1
    pieces = []
    held = 0
    for first, last in zip(np.r_[0, cuts], np.r_[cuts, len(a.starts)], strict=True):
        if last > first:
            spend()
            pieces.append(_pairs_near(a, b, slice(first, last), low, counts, slop, ordered))
            held += len(pieces[-1][0])
            if held > _SORTED_A_SECOND * budget.remaining():  # (sorting them would run past the budget, unchecked)
                raise QueryError(TOO_COSTLY.format(seconds=budget.SEARCH_SECONDS))
    spend()
    return _unique(np.concatenate([p[0] for p in pieces]), np.concatenate([p[1] for p in pieces]))


_PAIRS_AT_ONCE = 1 << 20
_SORTED_A_SECOND = 4_000_000  # close pairs sorted in a second, at least: more than the budget has left is too costly


def _pairs_near(a: Spans, b: Spans, part: slice, low: Keys, counts: Keys, slop: int,
                ordered: bool) -> tuple[Keys, Keys]:
    """(starts, ends) of the spans covering each close pair of ``a[part]`` and ``b``."""
    counts, low = counts[part], low[part]
    total = int(counts.sum())
    ends = np.cumsum(counts)
    ai = np.repeat(np.arange(part.start, part.stop), counts)
    bi = np.arange(total) + np.repeat(low - (ends - counts), counts)
    a_start, a_end, b_start, b_end = a.starts[ai], a.ends[ai], b.starts[bi], b.ends[bi]
    distance = np.maximum(np.maximum(b_start - a_end, a_start - b_end), 0)
    close = (distance >= 1) & (distance <= slop)
    if ordered:
        close &= a_start <= b_start
    return np.minimum(a_start, b_start)[close], np.maximum(a_end, b_end)[close]


def merge(parts: list[Spans]) -> Spans:
    """Whoosh's SpanOr: every part's spans, overlapping and touching ones joined."""
    starts = np.concatenate([p.starts for p in parts])
    ends = np.concatenate([p.ends for p in parts])
    if not len(starts):
        return _NONE
    order = np.lexsort((ends, starts))
    starts, ends = starts[order], ends[order]
    reach = np.maximum.accumulate(ends)  # the furthest end so far
    first = np.ones(len(starts), dtype=bool)
    first[1:] = starts[1:] > reach[:-1] + 1  # a gap before it: a new merged span begins
    begins = np.flatnonzero(first)
    last = np.append(begins[1:] - 1, len(starts) - 1)
    return Spans(starts[begins], reach[last])


def _unique(starts: Keys, ends: Keys) -> Spans:
    order = np.lexsort((ends, starts))
    starts, ends = starts[order], ends[order]
    keep = np.ones(len(starts), dtype=bool)
    keep[1:] = (starts[1:] != starts[:-1]) | (ends[1:] != ends[:-1])
    return Spans(starts[keep], ends[keep])
