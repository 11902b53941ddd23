"""One snapshot of an index per process, shared by its threads and renewed when the index
changes: the lock and reopening both engines (``SearchIndex``, ``TantivyIndex``) share.

An engine says what identifies its index on disk now (``_stamp``), how to open a snapshot of
it (``_open_snapshot``), whether a snapshot still answers for a stamp (``_is_fresh``) and how to
let one go (``_close_snapshot``); reading goes through ``reading()``, one reader at a time.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

from .. import query as q
from ..errors import IndexUnavailable
from .caches import Lru
from .generations import Generations
from .results import IndexResult

S = TypeVar("S")

REMEDY = "run `foia reindex` to rebuild it from the database"
ANSWERS_KEPT = 2000  # pages of results a process remembers for the snapshot they were read from


class SharedSnapshot(Generations, Generic[S]):
    """An index folder's generations plus this process's snapshot of the live one."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._snapshot: S | None = None
        self._answers: Lru[IndexResult] = Lru(ANSWERS_KEPT)
        self._answered_from: S | None = None

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

    def _answer(self, snap: S, node: q.Node, *, filters: Sequence[tuple[str, str]], release: str | None,
                sort: str, offset: int, limit: int | None, include_quoted: bool, facets: bool,
                allowed_releases: set[str] | None, copies: Sequence[tuple[str, str]]) -> IndexResult:
        """Answer a query (its filters joined) from ``snap``: see ``search``."""
        raise NotImplementedError

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

    def search(self, parsed: q.ParsedQuery, *, filters: Sequence[tuple[str, str]] = (),
               release: str | None = None, sort: str = "relevance", offset: int = 0,
               limit: int | None = 20, include_quoted: bool = False,
               facets: bool = True, allowed_releases: set[str] | None = None,
               copies: Sequence[tuple[str, str]] = ()) -> IndexResult:
        """Answer a parsed query: exact total, one page of hits, facet counts over the whole set
        (``limit=None``: every hit in order, for exports). ``copies``: (key, key) pairs, a copy
        of a message printed elsewhere and the copy it folds into when both are hits.

        A page of results asked again before the index changes (the same query, filters, page,
        order and releases the reader may see: a reader's notes and tags are records named in
        the query) is the answer given the first time, not searched again; every change to the
        index opens a new snapshot, and its answers start afresh. Exports are never kept."""
        key = (parsed.node, tuple(filters), release, sort, offset, limit, include_quoted, facets,
               None if allowed_releases is None else frozenset(allowed_releases),
               copies if isinstance(copies, tuple) else tuple(copies))  # CopyPairs: hashed once
        with self.reading() as snap:
            if snap is not self._answered_from:
                self._answers, self._answered_from = Lru(ANSWERS_KEPT), snap
            found = self._answers.get(key)
            if found is None:
                found = self._answer(snap, parsed.node, filters=filters, release=release, sort=sort,
                                     offset=offset, limit=limit, include_quoted=include_quoted,
                                     facets=facets, allowed_releases=allowed_releases, copies=copies)
                if limit is not None:
                    self._answers.put(key, found, 1)
            return found

    def forget_answers(self) -> None:
        """Search again from now on what was answered (a benchmark's first-time searches)."""
        with self._lock:
            self._answers, self._answered_from = Lru(ANSWERS_KEPT), None

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
