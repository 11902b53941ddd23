"""The site's read-only archive handles: one per server thread, kept from request to request.

Opening the archive for each request cost a new SQLite connection, a read of its schema and a
cold page cache every time; an email page spent about a third of its CPU on that (README: The
site under load). An SQLite connection serves one thread at a time, so each thread keeps its
own. Nothing is cached above SQLite: each statement reads the latest committed state (the
database is in WAL mode and the handle never holds a transaction open), and a handle whose
database file was replaced or removed is closed and opened again. The handles close with the
app, and a thread's handle closes with its thread.
"""

from __future__ import annotations

import os
import threading
import weakref
from pathlib import Path

from archive import Archive
from archive.engines import Index

__all__ = ["Readers"]


def _identity(path: Path) -> tuple[int, int, int] | None:
    """Which file ``path`` is now (None when there is none): a restored or rebuilt database is
    another file, even where the file system reuses the inode number."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino, stat.st_ctime_ns


class Readers:
    """Read-only handles on the archive at ``home``, one per thread."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self._local = threading.local()
        self._all: weakref.WeakSet[Archive] = weakref.WeakSet()  # to close them with the app
        self._lock = threading.Lock()

    def get(self, index: Index | None) -> Archive:
        """This thread's handle, opened (``Archive.open``'s errors) when it has none or its
        database file is not the one it opened; searching with ``index`` when it opens one."""
        identity = _identity(self.home / "archive.db")
        archive: Archive | None = getattr(self._local, "archive", None)
        if archive is not None and identity is not None and identity == self._local.identity:
            return archive
        if archive is not None:
            self._forget(archive)
        archive = Archive.open(self.home, readonly=True, index=index)
        self._local.archive, self._local.identity = archive, identity
        with self._lock:
            self._all.add(archive)
        return archive

    def _forget(self, archive: Archive) -> None:
        self._local.archive = None
        with self._lock:
            self._all.discard(archive)
        archive.close()

    def close(self) -> None:
        """Close every thread's handle (the app is going away)."""
        with self._lock:
            handles, self._all = list(self._all), weakref.WeakSet()
        for archive in handles:
            archive.close()
