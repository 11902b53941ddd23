"""A child process's bounds (ingest/isolated.py): its time and, for the web's children, its memory."""

from __future__ import annotations

import errno
import mmap
import resource

import pytest

from ingest.isolated import alone, within_memory

MEGABYTE = 1024 * 1024


def _mapping(megabytes: int) -> int:
    """Map ``megabytes`` of private memory, as a large allocation is (counted as the child's data
    whatever its heap holds free: asking malloc instead depends on what the parent freed)."""
    with mmap.mmap(-1, megabytes * MEGABYTE, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS) as block:
        return len(block)


def _limit_and_data() -> tuple[int, int]:
    with open("/proc/self/status", encoding="ascii") as status:
        data = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmData:"))
    return resource.getrlimit(resource.RLIMIT_DATA)[0], data


def test_a_child_within_memory_cannot_grow_past_its_bound() -> None:
    """GIVEN a child allowed 16 MB more than the data it was forked with WHEN it maps 64 MB THEN the
    kernel refuses it (ENOMEM); 8 MB it maps, and a child without the bound maps 64 MB."""
    limit, data = alone(30, _limit_and_data, initializer=within_memory(16))
    assert data + 8 * MEGABYTE < limit <= data + 16 * MEGABYTE
    with pytest.raises(OSError) as refused:
        alone(30, _mapping, 64, initializer=within_memory(16))
    assert refused.value.errno == errno.ENOMEM
    assert alone(30, _mapping, 8, initializer=within_memory(16)) == 8 * MEGABYTE
    assert alone(30, _mapping, 64) == 64 * MEGABYTE  # unbounded, as any other child
