"""Postings access: a term's postings across a snapshot's segments, read a block at a time
(``whoosh_private``), and a unit (the indexed words that count as one term)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from .whoosh_private import block_postings

Docs = npt.NDArray[np.bool_]  # a set of docnums: one flag per docnum of the snapshot


class Unit(NamedTuple):
    """A term as the index is asked for it: a field and the indexed words that count as one
    term. A stemmed body word is every word of the exact field with that stem, read together
    (their positions merged, their frequencies added), so it scores exactly as one term would."""

    field: str
    texts: tuple[str, ...]


@dataclass(frozen=True)
class Postings:
    """Every posting of a term, deleted documents included (Whoosh's statistics count them),
    as arrays (which the cycle collector does not walk once cached): posting i is document
    ``ids[i]`` with ``weights[i]``, its word positions ``positions[starts[i]:starts[i + 1]]``."""

    ids: npt.NDArray[np.int64]
    weights: npt.NDArray[np.float64]
    starts: npt.NDArray[np.int64]
    positions: npt.NDArray[np.uint32]

    def __len__(self) -> int:
        return len(self.ids)


Leaf = tuple[Any, int]  # a segment's Whoosh reader and the docnum of its first document


def read_postings(leaves: Sequence[Leaf], field_name: str, text: str) -> Postings:
    """A term's postings in every segment, numbered across the index (a value is the positions
    as Whoosh's bytes of unsigned 32-bit ints, ``schema``: they are joined into one array)."""
    ids: list[int] = []
    weights: list[float] = []
    values: list[bytes] = []
    for leaf, offset in leaves:
        for block_ids, block_weights, block_values in block_postings(leaf, field_name, text):
            ids += [i + offset for i in block_ids] if offset else block_ids
            weights += block_weights
            values += block_values
    starts = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, values), np.int64, len(values)) >> 2, out=starts[1:])
    return Postings(np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64), starts,
                    np.frombuffer(b"".join(values), dtype=np.uint32))
