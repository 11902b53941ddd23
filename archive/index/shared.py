"""One snapshot of an index per process, shared by its threads and renewed when the index
changes: the lock and reopening both engines (``SearchIndex``, ``TantivyIndex``) share.

An engine says what identifies its index on disk now (``_stamp``), how to open a snapshot of
it (``_open_snapshot``), whether a snapshot still answers for a stamp (``_is_fresh``) and how to
let one go (``_close_snapshot``); reading goes through ``reading()``, one reader at a time.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

from ..errors import IndexUnavailable
from .generations import Generations

S = TypeVar("S")

REMEDY = "run `foia reindex` to rebuild it from the database"


class SharedSnapshot(Generations, Generic[S]):
    """An index folder's generations plus this process's snapshot of the live one."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._snapshot: S | None = None

    # -- what each engine says ------------------------------------------------------------

    def _stamp(self) -> Any:
        """What identifies the index on disk now (raise IndexUnavailable if there is none)."""
        raise NotImplementedError

    def _open_snapshot(self, stamp: Any) -> S:
        raise NotImplementedError

    def _is_fresh(self, snap: S, stamp: Any) -> bool:
        raise NotImplementedError

    def _close_snapshot(self, snap: S) -> None:
        """Let go of a snapshot no longer current (files it holds open)."""

    # -- shared -----------------------------------------------------------------------------

    def _current(self) -> S:
        """The snapshot, renewed if the index changed since it was opened (the lock held)."""
        stamp = self._stamp()
        snap = self._snapshot
        if snap is not None:
            if self._is_fresh(snap, stamp):
                return snap
            self._close_snapshot(snap)
            self._snapshot = None
        try:
            self._snapshot = self._open_snapshot(stamp)
        except IndexUnavailable:
            raise
        except Exception as exc:  # files missing or damaged: say what to do, not crash
            raise IndexUnavailable(f"the search index at {self.root} cannot be read ({exc}); {REMEDY}") from exc
        return self._snapshot

    @contextmanager
    def reading(self) -> Iterator[S]:
        """The current snapshot, for one reader at a time."""
        with self._lock:
            yield self._current()

    def check(self) -> None:
        """Raise IndexUnavailable unless the index can be searched now."""
        with self.reading():
            pass

    def close(self) -> None:
        with self._lock:
            if self._snapshot is not None:
                self._close_snapshot(self._snapshot)
                self._snapshot = None

    def unavailable(self) -> IndexUnavailable:
        """The error for an index that is missing or of another version."""
        return IndexUnavailable(f"the search index at {self.root} is missing or was built by another version; "
                                f"{REMEDY}")
