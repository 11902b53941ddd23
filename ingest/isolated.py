"""PDFium's work on an untrusted file, in a child process and bounded in time.

A file that crashes PDFium (a segfault or a double free in C: no ``except`` catches it) or
sends it into an endless loop (C code no Python timeout reaches) must end a child process,
not the ingest or the web process that asked: the child's kernel alarm (SIGALRM's default
action) ends it past its time, and the parent sees a dead worker (``BrokenProcessPool``).
Used by the ingest pipeline (page counts, text layers, attached files, in its pools) and by
the site's page images (each rendered once in a child of its own, then cached).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import signal
import stat
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

__all__ = ["BrokenProcessPool", "alone", "bounded", "without_sockets", "within_memory"]

_T = TypeVar("_T")


def bounded(seconds: int, work: Callable[..., _T], *args: object) -> _T:
    """``work(*args)`` in this (child) process, which the kernel ends past ``seconds``."""
    signal.signal(signal.SIGALRM, signal.SIG_DFL)  # the kernel's default, whatever the worker inherited
    signal.alarm(seconds)
    try:
        return work(*args)
    finally:
        signal.alarm(0)


def alone(seconds: int, work: Callable[..., _T], *args: object,
          initializer: Callable[[], None] | None = None) -> _T:
    """``work(*args)`` in a child process of its own: its death is this work's (a shared
    worker's death says nothing about which file killed it). Raises ``BrokenProcessPool``
    when the child dies or runs out of time."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"),
                             initializer=initializer) as pool:
        return pool.submit(bounded, seconds, work, *args).result()


def without_sockets() -> None:
    """A web process's child's start: the parent's sockets closed in it (a fork holds each
    client's connection open, so a response that ends when its connection closes would end
    only when the child does)."""
    with contextlib.suppress(OSError):
        for name in os.listdir("/proc/self/fd"):
            with contextlib.suppress(OSError, ValueError):
                if stat.S_ISSOCK(os.fstat(int(name)).st_mode):
                    os.close(int(name))


def within_memory(megabytes: int) -> Callable[[], None]:
    """A child's start that closes the web process's sockets and lets the child's heap grow by
    ``megabytes`` at most past the parent's (its data segment as forked): past it, MemoryError
    in the child. (The address space is no measure: a web process maps its index's files.)"""
    def start() -> None:
        without_sockets()
        grown = _data_bytes() + megabytes * 1024 * 1024
        _, hard = resource.getrlimit(resource.RLIMIT_DATA)
        resource.setrlimit(resource.RLIMIT_DATA, (grown if hard == resource.RLIM_INFINITY else min(grown, hard), hard))
    return start


def _data_bytes() -> int:
    """This process's data segment (``VmData``: its heap and private mappings), in bytes."""
    with open("/proc/self/status", encoding="ascii", errors="replace") as status:
        for line in status:
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    return 0
