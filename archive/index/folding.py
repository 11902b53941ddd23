"""Folding quoted copies: a quoted copy in a result is hidden when an email quoting it is a hit
too, and counted on the outermost such email (it "quotes N earlier emails that match too"). One rule for both engines,
as array operations over each entry's quoting parent."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

MAX_CHAIN = 50  # quoting entries followed up from a quoted copy

Ints = npt.NDArray[np.int64]
_NONE: Ints = np.zeros(0, dtype=np.int64)


def fold(parent: Ints, docs: Ints, is_hit: Callable[[Ints], npt.NDArray[np.bool_]]) -> tuple[Ints, Ints]:
    """The quoted copies among ``docs`` that fold, and into which entry: for each, the outermost
    entry quoting it that ``is_hit``, up its chain of at most ``MAX_CHAIN`` quoting entries
    (``parent``: each entry's quoting entry, -1 for none); every copy's chain walked at once,
    one step of all of them at a time."""
    copies = docs[parent[docs] >= 0]
    top = np.full(len(copies), -1, dtype=np.int64)
    above = np.asarray(parent[copies], dtype=np.int64)
    for _ in range(MAX_CHAIN):
        up = above >= 0
        if not up.any():
            break
        top = np.where(up & is_hit(np.where(up, above, 0)), above, top)
        above = np.where(up, parent[np.where(up, above, 0)], -1)
    folds = top >= 0
    return copies[folds], top[folds]


def folders(parent: Ints, hidden: Ints, is_hit: Callable[[Ints], npt.NDArray[np.bool_]]) -> tuple[Ints, Ints]:
    """(copy, entry) for every entry up each ``hidden`` quoted copy's chain that ``is_hit``: any of
    them, not only the outermost, hides the copy from the same search narrowed to one of its
    facet values (``narrowed_counts``)."""
    copies: list[Ints] = []
    found: list[Ints] = []
    above = np.asarray(parent[hidden], dtype=np.int64)
    for _ in range(MAX_CHAIN):
        up = above >= 0
        if not up.any():
            break
        hit = up & is_hit(np.where(up, above, 0))
        copies.append(hidden[hit])
        found.append(above[hit])
        above = np.where(up, parent[np.where(up, above, 0)], -1)
    if not copies:
        return _NONE, _NONE
    return np.concatenate(copies), np.concatenate(found)


def sorted_union(a: Ints, b: Ints) -> Ints:
    """The values of both, sorted, once each: by sorting (``np.union1d`` hashes, and took 50 ms
    for the hundred thousand copies a common word folds away at a million emails)."""
    both = np.sort(np.concatenate([a, b]))
    return both[np.concatenate(([True], both[1:] != both[:-1]))] if len(both) else both


@dataclass
class Folded:
    """What a search folded away (``hidden``, the entries left out of it) and what folds each
    (``by``: (copy, entry) pairs), for the facet counts of the search narrowed to a value; the
    pairs worked out only when asked for (a search counting no facets never walks the chains).
    ``tangled``: the copies of one message both matching where a quoting hit folded the later
    copy or its standing copy away (whether the later one is shown), whose fold narrowed to a
    value depends on both chains (``facets.tangled_counts``)."""

    hidden: Ints = field(default_factory=lambda: _NONE)
    _pending: list[tuple[Callable[[], tuple[Ints, Ints]], bool]] = field(default_factory=list)
    _pairs: list[tuple[Ints, Ints]] | None = None
    _placed: tuple[Ints, Ints] | None = None
    tangled: tuple[Ints, Ints, npt.NDArray[np.bool_]] = field(
        default_factory=lambda: (_NONE, _NONE, np.zeros(0, dtype=bool)))

    def add(self, hidden: Ints, by: Callable[[], tuple[Ints, Ints]], quoting: bool = False) -> None:
        """Copies folded away and, when asked, what folds each; ``quoting``: entries quoting them."""
        self.hidden = sorted_union(self.hidden, hidden)
        self._pending.append((by, quoting))
        self._pairs = self._placed = None

    def tangle(self, later: Ints, standing: Ints, shown: npt.NDArray[np.bool_]) -> None:
        self.tangled = (later, standing, shown)

    def _worked_out(self) -> list[tuple[Ints, Ints]]:
        if self._pairs is None:
            self._pairs = [pending() for pending, _ in self._pending]
        return self._pairs

    @staticmethod
    def _joined(pairs: Iterable[tuple[Ints, Ints]]) -> tuple[Ints, Ints]:
        listed = list(pairs)
        return np.concatenate([_NONE, *(p[0] for p in listed)]), np.concatenate([_NONE, *(p[1] for p in listed)])

    @property
    def by(self) -> tuple[Ints, Ints]:
        return self._joined(self._worked_out())

    @property
    def quoters(self) -> tuple[Ints, Ints]:
        """(copy, a hit quoting it) for the quoted copies folded away."""
        return self._joined(p for p, (_, quoting) in zip(self._worked_out(), self._pending, strict=True) if quoting)

    @property
    def placed(self) -> tuple[Ints, Ints]:
        """``by`` as (the copy's place among ``hidden``, entry), the pairs naming a copy not
        folded away left out: worked out once for every facet's ``narrowed_counts``."""
        if self._placed is None:
            copy, entry = self.by
            place = np.searchsorted(self.hidden, copy)
            known = place < len(self.hidden)
            known[known] = self.hidden[place[known]] == copy[known]
            self._placed = (place, entry) if known.all() else (place[known], entry[known])
        return self._placed


def tally(tops: Ints) -> dict[int, int]:
    """How many copies fold into each entry."""
    values, counts = np.unique(tops, return_counts=True)
    return dict(zip(values.tolist(), counts.tolist(), strict=True))


class CopyPairs(tuple[tuple[str, str], ...]):
    """(copy, the copy it folds into) pairs of index keys, hashed once: the answers a searcher
    keeps are keyed by the pairs a search folds, which grow with the archive's copies."""

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()) -> None:
        super().__init__()
        self._hash = tuple.__hash__(self)

    def __hash__(self) -> int:
        return self._hash


def fold_copies(later: Ints, standing: Ints, is_hit: Callable[[Ints], npt.NDArray[np.bool_]]) -> tuple[Ints, Ints]:
    """Copies of one message printed in other documents or releases (ingest/same_message.py):
    each of ``later`` is hidden when the copy its group stands for (``standing``, the same
    position) is a hit too, and counted on it. Positions are entries of the index; the pairs
    whose entries the index lacks are left out by the caller."""
    both = is_hit(later) & is_hit(standing)
    return later[both], standing[both]
