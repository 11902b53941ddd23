"""Every read of Whoosh's private state, in one place, each beside the public way it speeds up.

Whoosh's public matcher yields one posting at a time through several Python calls;
reading a posting list of a million entries that way dominated a search. The block
reader below takes a segment's decoded blocks whole. It depends on whoosh-reloaded
2.7.5's W3 codec internals (``_read_data``, ``_data``, ``_next_block``, the deletion
filter's ``child``); where they are missing it falls back to the public matcher, and
``tests/archive/test_whoosh_private.py`` checks both give the same postings on random
indexes, so an upgrade that changes them fails there, loudly, not in a search.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

__all__ = ["block_postings", "public_postings"]

Block = tuple[list[int], list[float], list[bytes]]  # segment-relative ids, weights, values


def public_postings(leaf: Any, field_name: str, text: str) -> Iterator[Block]:
    """A term's postings in one segment through Whoosh's public matcher, one block in all."""
    ids: list[int] = []
    weights: list[float] = []
    values: list[bytes] = []
    if (field_name, text) in leaf:
        matcher = leaf.postings(field_name, text)
        positions = matcher.supports("positions")
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            values.append(matcher.value() if positions else b"")
            matcher.next()
    yield ids, weights, values


def block_postings(leaf: Any, field_name: str, text: str) -> Iterator[Block]:
    """A term's postings in one segment, a stored block at a time (deleted documents
    included: the caller removes them)."""
    if (field_name, text) not in leaf:
        return
    matcher = leaf.postings(field_name, text)
    while not hasattr(matcher, "_read_data") and hasattr(matcher, "child"):
        matcher = matcher.child  # the deletion filter's wrapped matcher
    if not hasattr(matcher, "_read_data"):  # another codec: the public way
        yield from public_postings(leaf, field_name, text)
        return
    while matcher.is_active():
        if matcher._data is None:
            matcher._read_data()
        deltas, weights, values = matcher._data
        count = len(deltas)
        if weights is None:
            weights = [1.0] * count
        elif isinstance(weights, float):
            weights = [weights] * count
        yield (list(itertools.accumulate(deltas)), list(weights),
               list(values) if isinstance(values, tuple) else [b""] * count)
        matcher._next_block()
