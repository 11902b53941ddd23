"""Upload batches: the durable ingest queue kept in the archive, and the folder uploads wait in.

    <home>/uploads/<batch id>/       the files of one batch, until the runner has ingested them
    <home>/uploads/<batch id>/.part-*  a file still being received (never a batch's file)

A batch is written in this order, so a kill at any point leaves nothing half-visible:
each file is received under a ``.part-`` name and renamed when whole; then one
transaction inserts the batch and its files (status ``queued``). Until that commit
no one sees the batch; a folder without a batch row is an abandoned upload, removed
by :meth:`Staging.sweep`. The runner claims the oldest ``queued`` batch, or resumes
one left ``running`` by a runner that was killed (ingest is idempotent by SHA-256),
and deletes the folder once the batch is done, but for the copies of files that failed: an
editor may retry one as it is (after a transient failure) or replace it; either queues the
batch again with only that file to read.

    queued -> running -> done        (a file that failed is a file outcome, not a batch state)
                           done -> queued   (a failed or refused file retried)
"""

from __future__ import annotations

import re
import secrets
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

STATES = ("queued", "running", "done")
FILE_STATES = ("queued", "ingested", "skipped", "duplicate", "failed", "refused")
PART_PREFIX = ".part-"
ABANDONED_SECONDS = 3600  # a folder with no batch row this old is an upload that never finished
_BATCH_ID = re.compile(r"[a-z0-9]{16}")


@dataclass(frozen=True)
class BatchFile:
    ordinal: int
    name: str  # the sanitised name it was uploaded as (inside a zip: "archive.zip ▸ member.pdf")
    size: int
    status: str  # FILE_STATES
    message: str = ""  # why it failed or was refused, and what to do
    pages: int = 0
    ocr_pages: int = 0
    emails: int = 0
    document_id: str | None = None
    original_name: str = ""  # the name its document records (Received.original_name)


@dataclass(frozen=True)
class Received:
    """One uploaded file as the uploader left it in a batch's folder, or refused (then nothing of
    it is kept: ``stored_name`` is empty and ``refused`` says why and what to do).
    ``original_name``: the name it was sent under, its last part, cleaned (ingest/uploads.py's
    ``document_name``): what its document records and citations print, never a path; the file
    waits on disk as ``stored_name``. Empty: the document takes ``stored_name``."""

    name: str
    stored_name: str = ""
    size: int = 0
    refused: str = ""
    original_name: str = ""


@dataclass(frozen=True)
class Batch:
    id: str
    release: str
    created_by: str
    created_at: str
    status: str  # STATES
    started_at: str = ""
    finished_at: str = ""
    total_pages: int = 0
    done_pages: int = 0
    ocr_pages: int = 0
    current: str = ""  # the file being read now
    attempts: int = 0  # runs started (more than one: a runner was interrupted and it resumed)
    article_title: str = ""
    article_url: str = ""
    article_text: str = ""
    message: str = ""  # what became of the article
    files: tuple[BatchFile, ...] = field(default_factory=tuple)

    @property
    def finished(self) -> bool:
        return self.status == "done"

    def pages_per_second(self, now: float) -> float:
        """Pages read a second since this run started (0 before it did)."""
        started = _epoch(self.started_at)
        end = _epoch(self.finished_at) if self.finished_at else now
        return self.done_pages / (end - started) if started and end > started and self.done_pages else 0.0

    def eta_seconds(self, now: float) -> float | None:
        """Seconds left at the pace so far (None until there is a pace, or when done)."""
        rate = self.pages_per_second(now)
        if self.finished or not rate:
            return None
        return max(0.0, (self.total_pages - self.done_pages) / rate)

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)


def is_batch_id(value: str) -> bool:
    return bool(_BATCH_ID.fullmatch(value))


def new_batch_id() -> str:
    return secrets.token_hex(8)


def _epoch(iso: str) -> float:
    from datetime import datetime

    try:
        return datetime.fromisoformat(iso).timestamp() if iso else 0.0
    except ValueError:
        return 0.0


class Staging:
    """The folder uploads wait in until the runner ingests them (no URL ever names a path here:
    a batch's folder is its id, checked, and its files' names are sanitised by the uploader)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def folder(self, batch_id: str) -> Path:
        if not is_batch_id(batch_id):
            raise ValueError(f"not a batch id: {batch_id[:40]!r}")
        return self.root / batch_id

    def files(self, batch_id: str) -> list[Path]:
        """The whole files of a batch, by name (never ``.part-`` files)."""
        folder = self.folder(batch_id)
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(PART_PREFIX))

    def remove(self, batch_id: str, *, keep: set[str] | frozenset[str] = frozenset()) -> None:
        """Remove a batch's folder, or only its files not named in ``keep`` (failed files' copies,
        kept for a retry)."""
        folder = self.folder(batch_id)
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
            return
        for path in folder.iterdir() if folder.is_dir() else ():
            if path.name not in keep:
                shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)

    def sweep(self, known: set[str], *, older_than: float = ABANDONED_SECONDS) -> list[str]:
        """Remove the folders of uploads that never became a batch (a kill between receiving and
        queueing) once they are ``older_than`` seconds old (a younger one may still be arriving)."""
        removed: list[str] = []
        if not self.root.is_dir():
            return removed
        cutoff = time.time() - older_than
        for folder in self.root.iterdir():
            if folder.name not in known and folder.stat().st_mtime <= cutoff:
                shutil.rmtree(folder, ignore_errors=True) if folder.is_dir() else folder.unlink(missing_ok=True)
                removed.append(folder.name)
        return removed
