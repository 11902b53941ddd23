"""Postings access: a term's postings across a snapshot's segments, read a block at a time
(``whoosh_private``), and a unit (the indexed words that count as one term)."""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from .whoosh_private import block_postings

Docs = set[int] | frozenset[int]  # docnums; frozen when shared through a snapshot


class Unit(NamedTuple):
    """A term as the index is asked for it: a field and the indexed words that count as one
    term. A stemmed body word is every word of the exact field with that stem, read together
    (their positions merged, their frequencies added), so it scores exactly as one term would."""

    field: str
    texts: tuple[str, ...]


@dataclass(frozen=True)
class Postings:
    """Every posting of a term, deleted documents included (Whoosh's statistics count them);
    arrays and a tuple of bytes, which the cycle collector does not walk once it is cached.
    A value is the positions as Whoosh's bytes of unsigned 32-bit ints (``schema``)."""

    ids: Sequence[int]
    weights: Sequence[float]
    values: Sequence[bytes]

    def within(self, docs: Docs) -> tuple[list[int], list[float], list[bytes]]:
        """The postings whose document is in ``docs`` (filtered at C speed, no Python loop)."""
        keep = list(map(docs.__contains__, self.ids))
        return (list(itertools.compress(self.ids, keep)), list(itertools.compress(self.weights, keep)),
                list(itertools.compress(self.values, keep)))


Leaf = tuple[Any, int]  # a segment's Whoosh reader and the docnum of its first document


def read_postings(leaves: Sequence[Leaf], field_name: str, text: str) -> Postings:
    """A term's postings in every segment, numbered across the index."""
    ids: list[int] = []
    weights: list[float] = []
    values: list[bytes] = []
    for leaf, offset in leaves:
        for block_ids, block_weights, block_values in block_postings(leaf, field_name, text):
            ids += [i + offset for i in block_ids] if offset else block_ids
            weights += block_weights
            values += block_values
    return Postings(array("i", ids), array("d", weights), tuple(values))
