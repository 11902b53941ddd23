"""Readers of Outlook data files that fail as a hostile or damaged file can make libpff fail, each
run by ``StoreReader(entry="tests.ingest.fake_store_readers:NAME")`` in its child process: they
read the real file with ``ingest.pst.store_messages`` and fail after its third item."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from ingest import pst
from ingest.mime import MailLimits


def _then(fail: Callable[[Path], object]) -> Callable[[Path, MailLimits], Iterator[pst.StoreItem]]:
    def read(path: Path, limits: MailLimits) -> Iterator[pst.StoreItem]:
        for number, item in enumerate(pst.store_messages(path, limits)):
            if number == 3:
                fail(path)
            yield item
    return read


def crash() -> None:
    """libpff crashing: the process aborts (SIGABRT), as on a double free."""
    pst.serve(_then(lambda _path: os.abort()))


def hang() -> None:
    """libpff looping on folders that point at each other."""
    pst.serve(_then(lambda _path: time.sleep(3600)))


def hoard() -> None:
    """libpff asked by damaged length fields for more memory than the child may have: 4 GB, in
    64 MB pieces (each one possible alone)."""
    pst.serve(_then(lambda _path: [bytearray(64 << 20) for _ in range(64)]))


class _Runs:
    """An item that, unpickled, would run a command: what a child taken over by a hostile file
    could send back."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch '{self.marker}'",))


def smuggle() -> None:
    def read(path: Path, limits: MailLimits) -> Iterator[object]:
        yield _Runs(path.with_suffix(".smuggled"))
    pst.serve(read)  # type: ignore[arg-type]
