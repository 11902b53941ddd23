"""PDFium's work on an untrusted file, in a child process and bounded in time.

A file that crashes PDFium (a segfault or a double free in C: no ``except`` catches it) or
sends it into an endless loop (C code no Python timeout reaches) must end a child process,
not the ingest or the web process that asked: the child's kernel alarm (SIGALRM's default
action) ends it past its time, and the parent sees a dead worker (``BrokenProcessPool``).
Used by the ingest pipeline (page counts, text layers, attached files, in its pools) and by
the site's page images (each rendered once in a child of its own, then cached).
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

__all__ = ["BrokenProcessPool", "alone", "bounded"]

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
