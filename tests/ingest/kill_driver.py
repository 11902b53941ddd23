"""Run `foia ingest` and SIGKILL this process at the n-th time a named point is reached.

    python -m tests.ingest.kill_driver POINT N -- foia-args...

Points wrap real functions from outside the product code (nothing in the
product knows about this): ``put`` (before the PDF is copied into the file
store), ``copying`` (the PDF written under its temporary name, before the
rename), ``commit`` (before the SQLite transaction), ``committed`` (after it,
before the index), ``indexed`` (index committed, document not yet marked),
``marked`` (after it is marked), ``ocr`` (after the n-th page is OCR'd), ``outcome`` (after
the ingest runner records the n-th file's outcome in its batch), ``claimed`` (after the runner
claims a batch, before any file is read).
"""

from __future__ import annotations

import functools
import os
import signal
import sys


def _kill(ingest: int) -> None:
    """SIGKILL the ingest (from a worker process of its too: OCR runs there, and then the worker)."""
    sys.stdout.flush()
    os.kill(ingest, signal.SIGKILL)
    os.kill(os.getpid(), signal.SIGKILL)


def install(point: str, n: int) -> None:
    from archive import archive as archive_module
    from archive import files, index, store
    from ingest import pages, pipeline

    calls = {"count": 0}
    ingest = os.getpid()

    def hit() -> None:
        calls["count"] += 1
        if calls["count"] == n:
            _kill(ingest)

    def before(owner: object, name: str) -> None:
        original = getattr(owner, name)

        @functools.wraps(original)
        def wrapper(*args, **kwargs):
            hit()
            return original(*args, **kwargs)

        setattr(owner, name, wrapper)

    def after(owner: object, name: str) -> None:
        original = getattr(owner, name)

        @functools.wraps(original)
        def wrapper(*args, **kwargs):
            result = original(*args, **kwargs)
            hit()
            return result

        setattr(owner, name, wrapper)

    if point == "put":
        before(files.FileStore, "put")
    elif point == "copying":
        original_replace = files.os.replace

        class _Os:
            def __getattr__(self, name):
                return getattr(os, name)

            @staticmethod
            def replace(src, dst):
                hit()
                return original_replace(src, dst)

        files.os = _Os()  # type: ignore[assignment]
    elif point == "commit":
        before(store.Store, "add_document")
    elif point == "committed":
        after(store.Store, "add_document")
    elif point == "indexed":
        after(index.SearchIndex, "replace_documents")
    elif point == "marked":
        after(store.Store, "mark_indexed")
    elif point == "ocr":  # OCR runs in worker processes: the wrapper is sent there by its name
        after(pages, "ocr_page")
        pipeline.ocr_page = pages.ocr_page  # type: ignore[attr-defined]
    elif point == "outcome":
        after(archive_module.Archive, "batch_file_outcome")
    elif point == "claimed":
        after(archive_module.Archive, "claim_batch")
    else:
        raise SystemExit(f"unknown kill point {point!r}")
    assert archive_module  # imported so the patched classes are the ones in use


if __name__ == "__main__":
    point, n, separator, *args = sys.argv[1:]
    assert separator == "--"
    install(point, int(n))
    from web.cli import main

    main(args)
