"""A child process's bounds (ingest/isolated.py): its time and, for the web's children, its memory."""

from __future__ import annotations

import pytest

from ingest.isolated import alone, within_memory

MEGABYTE = 1024 * 1024


def _holding(megabytes: int) -> int:
    """Hold ``megabytes`` at once (a large block: its own mapping, counted whatever the heap holds free)."""
    return len(bytearray(megabytes * MEGABYTE))


def test_a_child_within_memory_cannot_grow_past_its_bound() -> None:
    """GIVEN a child allowed 16 MB more than its parent's data WHEN it holds 64 MB at once THEN it
    raises MemoryError, which reaches the parent (the web answers it with a 400); 8 MB it holds."""
    with pytest.raises(MemoryError):
        alone(30, _holding, 64, initializer=within_memory(16))
    assert alone(30, _holding, 8, initializer=within_memory(16)) == 8 * MEGABYTE
    assert alone(30, _holding, 64) == 64 * MEGABYTE  # unbounded, as any other child
