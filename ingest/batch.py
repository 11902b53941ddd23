"""`foia ingest` as one library call: files and folders in, one summary per release out.

    read_release_json(path)     a release.json -> the Release it describes
    releases_for(archive, …)    which release each path goes into: the one named, else the one
                                its release.json describes (created or updated from it)
    ingest_releases(archive, …) per release, under the archive's writer lock: the pipeline,
                                then the folder's context.md, if any; yields each release's
                                outcome as it finishes
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from archive import Archive, ArchiveError, Gone, NotFound, Release
from archive.context import Article, QuoteLink

from .articles import attach_context
from .errors import IngestError
from .mime import MailLimits
from .ocr_cache import OcrCache
from .office import OfficeConverter
from .pipeline import Ingest, IngestSummary, Progress, pdf_read_seconds
from .pst import StoreReader

MANIFEST = "release.json"
CONTEXT = "context.md"


def read_release_json(path: Path) -> Release:
    """The release a release.json describes (its unknown keys are ignored)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        known = set(Release.__dataclass_fields__)
        return Release(**{k: str(v) for k, v in data.items() if k in known})
    except (OSError, ValueError, TypeError) as exc:
        raise IngestError(path, f"not a readable {MANIFEST} ({exc})") from exc


def releases_for(archive: Archive, paths: Sequence[Path], release: str | None, *,
                 actor: str | None = None) -> list[tuple[str, list[Path]]]:
    """(release slug, paths) groups: all into ``release``, else each into its release.json's
    release, which is created (or updated) from it (audited as ``actor``)."""
    if release:
        try:
            archive.release(release)
        except Gone as exc:
            raise type(exc)(f"{exc}. Restore it first (foia release restore {release}), or ingest into "
                            "another release") from exc
        except NotFound as exc:
            raise type(exc)(f"{exc}. Create it first: foia release create {release} --title '...'") from exc
        return [(release, list(paths))]
    groups: list[tuple[str, list[Path]]] = []
    for path in paths:
        manifest = (path if path.is_dir() else path.parent) / MANIFEST
        if not manifest.is_file():
            raise IngestError(path, f"no --release given and no {MANIFEST} beside it; pass --release SLUG "
                                    "(create it with `foia release create`)")
        found = read_release_json(manifest)
        try:
            archive.release(found.slug)
        except Gone as exc:  # not brought back, nor retitled, by a folder that names it
            raise type(exc)(f"{manifest}: {exc}. Restore it first (foia release restore {found.slug}), "
                            "or name another release there") from exc
        except NotFound:
            pass  # created from it, below
        try:
            archive.save_release(found, actor=actor)
        except ArchiveError as exc:  # named by the file that says it
            raise IngestError(manifest, f"{exc}; correct it there and run the ingest again") from exc
        groups.append((found.slug, [path]))
    return groups


@dataclass(frozen=True)
class ReleaseOutcome:
    """What one release's part of an ingest did."""

    release: str
    summary: IngestSummary
    seconds: float  # this release's own: from its start (waiting for the writer lock too) to its end
    contexts: tuple[tuple[Article, list[QuoteLink]], ...] = ()  # context.md files attached

    @property
    def failures(self) -> int:
        return len(self.summary.failed) + len(self.summary.problems)

    def report(self) -> str:
        """The summary line `foia ingest` prints for the release."""
        s = self.summary
        return (f"release {self.release}: {s.count('ingested')} ingested, {s.count('skipped')} skipped "
                f"(already present), {s.count('duplicate')} duplicate, {len(s.failed)} failed; "
                f"{s.pages} pages ({s.ocr_pages} OCR'd), {s.emails} emails in {self.seconds:.1f}s"
                + (f"; names OCR misread mended from the rest of the release in {s.mended} document"
                   f"{'s' if s.mended != 1 else ''}" if s.mended else ""))

    def problems(self) -> list[str]:
        """Each failed file and each batch-wide problem, one line each."""
        return ([f"failed: {o.path}: {o.message}" for o in self.summary.failed]
                + [f"failed: indexing: {problem}" for problem in self.summary.problems])


def ingest_releases(archive: Archive, paths: Sequence[Path], *, release: str | None = None,
                    jobs: int | None = None, progress: Callable[[], Progress] | None = None,
                    bates_prefixes: Sequence[str] = (), workers: str | None = None,
                    actor: str | None = None,
                    clock: Callable[[], float] = time.monotonic) -> Iterator[ReleaseOutcome]:
    """Ingest ``paths`` into ``release`` (or the releases their release.json files name), one
    release at a time under the writer lock; without ``release``, a folder's context.md is
    attached to its release after its PDFs. ``progress`` makes each release's progress display;
    ``actor``: who the audit trail names for the releases and articles it creates or changes;
    ``clock`` times each release."""
    for slug, group in releases_for(archive, paths, release, actor=actor):
        started = clock()
        with archive.writing():
            summary = Ingest(archive, slug, jobs=jobs or os.cpu_count() or 1,
                             progress=progress() if progress else None,
                             bates_prefixes=bates_prefixes, workers=workers,
                             ocr_cache=OcrCache(archive.home / "cache" / "ocr"),
                             mail_limits=MailLimits.from_environment(os.environ),
                             office=OfficeConverter.from_environment(os.environ),
                             stores=StoreReader.from_environment(os.environ),
                             read_seconds=pdf_read_seconds(os.environ)).run(group)
            archive.alert_saved_searches(f"ingest-{slug}", [o.document_id for o in summary.outcomes
                                                            if o.status == "ingested" and o.document_id])
        contexts = tuple(attach_context(archive, slug, folder / CONTEXT, actor=actor)
                         for folder in (p if p.is_dir() else p.parent for p in group)
                         if not release and (folder / CONTEXT).is_file())
        yield ReleaseOutcome(slug, summary, clock() - started, contexts)
