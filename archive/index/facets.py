"""Facet counts over a whole result set: each facet's values as small integer codes, counted
with one numpy ``bincount``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .folding import Folded

FACET_SIZE = 20
# facet -> the field a filter on it searches
FACET_FIELDS = {"sender": "sender_key", "recipient": "recipient_key", "month": "month",
                "release": "release", "exemption": "exemption"}
SINGLE_VALUED = ("release", "month")

FacetCounts = dict[str, tuple[tuple[str, str, int], ...]]  # facet -> (value, label, count)


def facet_term(facet: str, value: str) -> str:
    """The indexed term a facet filter searches for."""
    return value.lower() if facet == "exemption" else value


def values_of(bounds: npt.NDArray[np.int64], codes: npt.NDArray[np.int32],
              rows: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]]:
    """How many values each row of a flat facet column has (row r has ``codes[bounds[r]:bounds[r +
    1]]``), and all their codes in row order, gathered in one step: run i is starts[i] ..
    starts[i] + lengths[i]."""
    starts = bounds[rows]
    lengths = bounds[rows + 1] - starts
    ends = np.cumsum(lengths)
    picked = np.arange(ends[-1] if len(ends) else 0) + np.repeat(starts - (ends - lengths), lengths)
    return lengths, codes[picked]


def narrowed_counts(bounds: npt.NDArray[np.int64], codes: npt.NDArray[np.int32], size: int,
                    away: Folded) -> npt.NDArray[np.int64]:
    """By code, how many more (or fewer) entries than it shows with that value the same search
    narrowed to the value shows, its copies folded away (``away``) folding otherwise there:
    added to the counts of what the search shows, a facet's count is the total its click finds.
    Each copy folded away counts for each of its values that none of the entries folding it
    has (``folded_counts``); copies of one message whose chains meet are worked out apart
    (``tangled_counts``)."""
    return (folded_counts(bounds, codes, size, away.hidden, away.placed)
            + tangled_counts(bounds, codes, size, away))


def _keyed(owners: npt.NDArray[np.int64], entries: npt.NDArray[np.int64], bounds: npt.NDArray[np.int64],
           codes: npt.NDArray[np.int32], size: int) -> npt.NDArray[np.int64]:
    """For each value of each of ``entries``, its owner times ``size`` plus its code: a (pair,
    value) as one number, sorted."""
    lengths, code = values_of(bounds, codes, entries)
    return np.sort(np.repeat(owners, lengths) * size + code)


def _held(keys: npt.NDArray[np.int64], asked: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """Which of ``asked`` are among ``keys`` (sorted)."""
    if not len(keys):
        return np.zeros(len(asked), dtype=bool)
    found: npt.NDArray[np.bool_] = keys[np.minimum(np.searchsorted(keys, asked), len(keys) - 1)] == asked
    return found


def _quoting(copy: npt.NDArray[np.int64], entry: npt.NDArray[np.int64],
             asked: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """(i, e) for each hit e quoting ``asked[i]`` (``copy``/``entry``: each quoted copy folded
    away and a hit quoting it)."""
    order = np.argsort(copy, kind="stable")
    copy, entry = copy[order], entry[order]
    starts, ends = np.searchsorted(copy, asked, "left"), np.searchsorted(copy, asked, "right")
    lengths = ends - starts
    i = np.repeat(np.arange(len(asked), dtype=np.int64), lengths)
    return i, entry[np.arange(int(lengths.sum())) + np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)]


def tangled_counts(bounds: npt.NDArray[np.int64], codes: npt.NDArray[np.int32], size: int,
                   away: Folded) -> npt.NDArray[np.int64]:
    """What ``folded_counts`` miscounts, by code, for copies of one message both matching where a
    quoting hit folded one of them away (``Folded.tangled``). Narrowed to a value, the later copy
    folds into its standing copy only when that has the value and no hit quoting it does (else
    the standing copy is folded away itself). So a later copy shown (its standing copy folded
    away) is not shown narrowed to a value its standing copy has and none of that one's quoting
    hits has; one folded away is shown narrowed to a value none of its quoting hits has, its
    standing copy has, and one of that one's quoting hits has too. Each (pair, value) is one
    number looked up among the sorted numbers of the standing copy's values and of the quoting
    hits' values (a re-released thread ties most of its copies so)."""
    later, standing, shown = away.tangled
    if not len(later) or not len(codes):
        return np.zeros(size, dtype=np.int64)
    pairs = np.arange(len(later), dtype=np.int64)
    copy, entry = away.quoters
    lengths, code = values_of(bounds, codes, later)
    pair = np.repeat(pairs, lengths)
    asked = pair * size + code
    theirs = _held(_keyed(pairs, standing, bounds, codes, size), asked)
    above = _held(_keyed(*_quoting(copy, entry, standing), bounds, codes, size), asked)
    mine = _held(_keyed(*_quoting(copy, entry, later), bounds, codes, size), asked)
    unshown = shown[pair] & theirs & ~above
    now_shown = ~shown[pair] & theirs & above & ~mine
    return np.bincount(code[now_shown], minlength=size) - np.bincount(code[unshown], minlength=size)


def folded_counts(bounds: npt.NDArray[np.int64], codes: npt.NDArray[np.int32], size: int,
                  hidden: npt.NDArray[np.int64],
                  placed: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]) -> npt.NDArray[np.int64]:
    """By code, how many of the copies folded away from a search (``hidden``, sorted) the same
    search narrowed to that value shows, one level deep: a copy for each of its values that none
    of the entries folding it (``placed``: (the copy's place among ``hidden``, entry) pairs,
    ``Folded.placed``) has, since narrowed to it nothing hides the copy.

    When every entry concerned has at most one value (a date's month, a release, a sender)
    each pair compares two codes. Otherwise each (copy, value) is a number, the copy's place
    times ``size`` plus the value's code, looked up among the sorted numbers of its folders'
    values: sorting and binary search, not a hash of the archive-wide pairs (half a second a
    search at a million emails for a word in nearly every one, whose copies folded away are a
    hundred thousand)."""
    if not len(hidden) or not len(codes):
        return np.zeros(size, dtype=np.int64)
    place, entry = placed
    starts, their_starts = bounds[hidden], bounds[entry]
    lengths, their_lengths = bounds[hidden + 1] - starts, bounds[entry + 1] - their_starts
    if lengths.max() <= 1 and (not len(entry) or their_lengths.max() <= 1):
        last = len(codes) - 1
        mine = np.where(lengths > 0, codes[np.minimum(starts, last)], -1)
        theirs = np.where(their_lengths > 0, codes[np.minimum(their_starts, last)], -1)
        held = np.zeros(len(hidden), dtype=bool)
        held[place[theirs == mine[place]]] = True
        return np.bincount(mine[~held & (mine >= 0)], minlength=size)
    lengths, code = values_of(bounds, codes, hidden)
    their_lengths, theirs = values_of(bounds, codes, entry)
    held_by_folders = np.sort(np.repeat(place, their_lengths) * size + theirs)
    ours = np.repeat(np.arange(len(hidden), dtype=np.int64), lengths) * size + code
    if len(held_by_folders):
        at = np.minimum(np.searchsorted(held_by_folders, ours), len(held_by_folders) - 1)
        shown = held_by_folders[at] != ours
    else:
        shown = np.ones(len(ours), dtype=bool)
    return np.bincount(code[shown], minlength=size)


@dataclass(frozen=True)
class FacetColumn:
    """A facet's values for every docnum, flat: docnum d has ``names[c]`` for each code c in
    ``codes[bounds[d]:bounds[d + 1]]``."""

    names: list[str]  # sorted
    index: dict[str, int]
    bounds: npt.NDArray[np.int64]
    codes: npt.NDArray[np.int32]
    single: bool = False  # one value per docnum: ``codes[docnum]``

    @classmethod
    def of(cls, rows: Sequence[tuple[str, ...]]) -> FacetColumn:
        """The column of each docnum's values (``rows[docnum]``)."""
        names = sorted({v for row in rows for v in row})
        index = {v: i for i, v in enumerate(names)}
        bounds = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, rows), np.int64, len(rows)), out=bounds[1:])
        codes = np.fromiter((index[v] for row in rows for v in row), np.int32, int(bounds[-1]))
        return cls(names, index, bounds, codes, single=int(bounds[-1]) == len(rows) and bool(
            np.all(np.diff(bounds) == 1)))

    def counts(self, docnums: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """How many of ``docnums`` have each value (by code)."""
        if self.single:
            return np.bincount(self.codes[docnums], minlength=len(self.names))
        return np.bincount(values_of(self.bounds, self.codes, docnums)[1], minlength=len(self.names))


def count_facets(column: Callable[[str], FacetColumn], labels: dict[str, dict[str, str]],
                 docnums: npt.NDArray[np.int64], filters: Sequence[tuple[str, str]],
                 away: Folded | None = None) -> FacetCounts:
    """Each facet's most frequent values over ``docnums`` (ties by value), and the chosen ones;
    a value's count is what the search narrowed to it finds (with the copies ``away`` folded
    out of this one that nothing folds narrowed to it: ``narrowed_counts``)."""
    out: FacetCounts = {}
    chosen = defaultdict(set)
    for f, v in filters:
        chosen[f].add(v)
    for name in FACET_FIELDS:
        values = column(name)
        counts = values.counts(docnums)
        if away is not None:
            counts += narrowed_counts(values.bounds, values.codes, len(values.names), away)
        blank = values.index.get("")
        if blank is not None:
            counts[blank] = 0
        # names are sorted and the sort is stable: most documents first, then by value
        best = np.argsort(-counts, kind="stable")[:FACET_SIZE].tolist()
        top = [(values.names[i], int(counts[i])) for i in best if counts[i]]
        if name == "month":
            top.sort(reverse=True)
        shown = {v for v, _ in top}
        top += [(v, int(counts[values.index[v]]) if v in values.index else 0)
                for v in sorted(chosen.get(name, ())) if v not in shown]
        named = labels.get(name, {})
        out[name] = tuple((v, named.get(v, v), c) for v, c in top)
    return out
