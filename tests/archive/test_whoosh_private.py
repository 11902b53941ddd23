"""Pins every private read of Whoosh (archive/index/whoosh_private.py) against its public API.

GIVEN random indexes (several segments, deletions, positions and plain fields) WHEN a
term's postings are read block by block THEN they are exactly what Whoosh's public
matcher yields once deleted documents (``is_deleted``) are dropped. An upgrade of whoosh-reloaded that changes its internals fails
here.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.index.whoosh_private import block_postings, public_postings

WORDS = ["pilot", "face", "recognition", "meeting", "dea", "microsoft", "b6", "agenda"]


def _index(folder: Path, documents: list[list[str]], deletions: list[int], segments: int) -> object:
    from whoosh import fields, index

    schema = fields.Schema(key=fields.ID(stored=True, unique=True), body=fields.TEXT(phrase=True),
                           tag=fields.KEYWORD)
    ix = index.create_in(str(folder), schema)
    size = max(1, len(documents) // segments)
    for start in range(0, len(documents), size):
        writer = ix.writer(compound=False)
        for n, words in enumerate(documents[start:start + size], start=start):
            writer.add_document(key=str(n), body=" ".join(words), tag=words[0] if words else "")
        writer.commit(merge=False)
    if deletions:
        writer = ix.writer(compound=False)
        for n in deletions:
            writer.delete_by_term("key", str(n % len(documents)))
        writer.commit(merge=False)
    return ix


def _live(blocks, leaf) -> list[tuple[int, float, bytes]]:
    return [(i, w, v) for ids, weights, values in blocks for i, w, v in zip(ids, weights, values, strict=True)
            if not leaf.is_deleted(i)]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40), min_size=1, max_size=120),
       st.lists(st.integers(0, 200), max_size=20), st.integers(1, 4))
def test_block_reads_equal_the_public_matcher(tmp_path_factory, documents, deletions, segments):
    folder = tmp_path_factory.mktemp("ix")
    ix = _index(folder, documents, deletions, segments)
    with ix.searcher() as searcher:  # type: ignore[attr-defined]
        for leaf, _ in searcher.reader().leaf_readers():
            for field_name in ("body", "tag"):
                for word in WORDS:
                    public = [(i, w, v) for ids, weights, values in public_postings(leaf, field_name, word)
                              for i, w, v in zip(ids, weights, values, strict=True)]
                    assert _live(block_postings(leaf, field_name, word), leaf) == public


def test_the_private_reads_are_still_there(tmp_path):
    """The fast path is taken, not its fallback: the codec still has what it reads."""
    ix = _index(tmp_path, [["pilot", "face"], ["pilot"], ["agenda"]], [1], 1)
    with ix.searcher() as searcher:  # type: ignore[attr-defined]
        (leaf, _), = searcher.reader().leaf_readers()
        matcher = leaf.postings("body", "pilot")
        while not hasattr(matcher, "_read_data") and hasattr(matcher, "child"):
            matcher = matcher.child
        assert all(hasattr(matcher, name) for name in ("_read_data", "_data", "_next_block"))
