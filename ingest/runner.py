"""The ingest runner: batches from the archive's queue, ingested one at a time, outside any web request.

    run_next(archive)   under the writer lock: claim the next batch (one a killed runner left
                        first), ingest its files, record progress and each file's outcome as
                        they happen, attach its article, mark it done
    run_queue(home)     `foia ingest-runner`: run_next until the queue is empty, then wait for
                        more (``once``: stop when empty); abandoned uploads are swept away

The writer lock is the one `foia ingest` takes, so there is one writer at a time
whichever starts it. Killing the runner at any point loses nothing: ingest is
idempotent by SHA-256, so the resumed batch runs its files again, skipping the ones
already stored, to the archive an uninterrupted run makes.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from archive import Archive, ArchiveError
from archive.batches import Batch

from .articles import attach_context
from .errors import IngestError
from .mime import MailLimits
from .ocr_cache import OcrCache
from .office import OfficeConverter
from .pipeline import FileOutcome, Ingest, pdf_read_seconds
from .pst import StoreReader

FINAL = ("ingested", "skipped", "duplicate", "failed", "refused")
MAX_ATTEMPTS = 3  # a batch that stopped its runner this often is not run again (a file that kills it)
PROGRESS_SECONDS = 0.5  # how often pages done are written while a file is read
ARTICLE_FILE = "context.md"
_log = logging.getLogger(__name__)


class QueueProgress:
    """The pipeline's progress, written to the batch's row for the batch page to show."""

    def __init__(self, archive: Archive, batch: Batch, names: dict[str, int]) -> None:
        self.archive, self.batch, self.names = archive, batch, names
        self.base = sum(f.pages for f in batch.files if f.status in FINAL)  # done by an earlier run
        self.base_ocr = sum(f.ocr_pages for f in batch.files if f.status in FINAL)
        self.done = self.ocr = 0
        self.written = 0.0

    def start(self, total_pages: int, files: int) -> None:
        self.archive.batch_progress(self.batch.id, total_pages=self.base + total_pages,
                                    done_pages=self.base, ocr_pages=self.base_ocr)

    def file(self, name: str) -> None:
        ordinal = self.names.get(name)
        shown = self.batch.files[ordinal].name if ordinal is not None else Path(name).name
        self.archive.batch_progress(self.batch.id, current=shown)

    def advance(self, pages: int, ocr: bool) -> None:
        self.done += pages
        self.ocr += pages if ocr else 0
        if time.monotonic() - self.written >= PROGRESS_SECONDS:
            self._write()

    def outcome(self, outcome: FileOutcome) -> None:
        ordinal = self.names.get(outcome.path)
        if ordinal is None:
            return  # a PDF embedded in an uploaded one: counted in the pages, stored as its own document
        self.archive.batch_file_outcome(
            self.batch.id, ordinal, status=outcome.status, message=outcome.message, pages=outcome.pages,
            ocr_pages=outcome.ocr_pages, emails=outcome.emails, document_id=outcome.document_id)
        self._write()

    def finish(self) -> None:
        self._write()

    def _write(self) -> None:
        self.written = time.monotonic()
        self.archive.batch_progress(self.batch.id, done_pages=self.base + self.done,
                                    ocr_pages=self.base_ocr + self.ocr)


def run_next(archive: Archive, *, jobs: int | None = None, workers: str | None = None) -> Batch | None:
    """Ingest the next batch of the queue, if any; the batch as it finished."""
    with archive.writing():
        batch = archive.claim_batch()
        if batch is None:
            return None
        waiting = [f for f in batch.files if f.status not in FINAL]
        paths = [archive.batch_path(batch.id, f.ordinal) for f in waiting]
        names = {str(path): f.ordinal for path, f in zip(paths, waiting, strict=True)}
        for path, f in zip(paths, waiting, strict=True):
            if not path.is_file():  # its folder was removed by hand: say so, do not guess
                archive.batch_file_outcome(batch.id, f.ordinal, status="failed",
                                           message="its uploaded copy is gone from the archive's uploads "
                                                   "folder; upload the file again")
        present = [p for p in paths if p.is_file()]
        # each document records the name its file was sent under, not the safe name it waits under
        sent_as = {path: f.original_name for path, f in zip(paths, waiting, strict=True) if f.original_name}
        if batch.attempts > MAX_ATTEMPTS:
            _give_up(archive, batch, f"the ingest runner stopped {MAX_ATTEMPTS} times while reading this batch")
        elif present:
            try:
                Ingest(archive, batch.release, jobs=jobs or os.cpu_count() or 1, workers=workers,
                       progress=QueueProgress(archive, batch, names),
                       ocr_cache=OcrCache(archive.home / "cache" / "ocr"),
                       mail_limits=MailLimits.from_environment(os.environ),
                       office=OfficeConverter.from_environment(os.environ),
                       stores=StoreReader.from_environment(os.environ),
                       read_seconds=pdf_read_seconds(os.environ), names=sent_as).run(present)
            except Exception as exc:  # noqa: BLE001 - OCR workers gone, disk full: said on the batch, not a crash loop
                _log.exception("batch %s (%s): the ingest stopped", batch.id, batch.release)  # (the runner's log)
                _give_up(archive, batch, f"the ingest stopped: {exc}")
        note = _attach_article(archive, batch)
        if note:
            archive.batch_progress(batch.id, message=note)
        return archive.finish_batch(batch.id)


def _give_up(archive: Archive, batch: Batch, why: str) -> None:
    """Mark the files not yet ingested failed with ``why``; what was stored stays stored."""
    done = {f.ordinal for f in archive.batch(batch.id).files if f.status in FINAL}
    for f in batch.files:
        if f.ordinal not in done:
            archive.batch_file_outcome(batch.id, f.ordinal, status="failed",
                                       message=f"{why}; fix the cause (the runner's log says more) and "
                                               "upload this file again")


def _attach_article(archive: Archive, batch: Batch) -> str:
    """The batch's article, attached to its release once its emails are in (quotes link to them)."""
    if not (batch.article_text.strip() or batch.article_url):
        return ""
    source = archive.staging.folder(batch.id) / ARTICLE_FILE
    try:
        source.write_text(batch.article_text or "", encoding="utf-8")
        article, links = attach_context(archive, batch.release, source, title=batch.article_title,
                                        url=batch.article_url, actor="runner")
    except IngestError as exc:  # (its path is the staging folder's: no name the editor gave)
        return f"the article was not attached: {exc.reason}; attach it with `foia context add`"
    except (ArchiveError, OSError) as exc:
        return f"the article was not attached: {exc}; attach it with `foia context add`"
    return (f"article {article.title!r} attached: {sum(1 for q in links if q.email_id)} of {len(links)} "
            "quotation(s) linked to emails")


def run_queue(home: Path, *, once: bool = False, poll: float = 2.0, stop: threading.Event | None = None,
              jobs: int | None = None, workers: str | None = None) -> Iterator[Batch]:
    """Run batches until the queue is empty (``once``) or ``stop`` is set; each batch as it is
    finished (a runner that never stops reports each all the same)."""
    stop = stop or threading.Event()
    while not stop.is_set():
        try:
            with Archive.open(home, create=False) as archive:
                archive.sweep_uploads()
                batch = run_next(archive, jobs=jobs, workers=workers)
        except ArchiveError:
            if once:
                raise
            batch = None  # no archive yet, or it cannot be written: try again later
        if batch is not None:
            yield batch
            continue
        if once:
            break
        stop.wait(poll)

