"""Repairs that need ingest: re-deriving a stored document's rows from its original."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from archive import Archive, ArchiveError, Document
from archive.corrections import Structure
from archive.model import DocumentRecord

from .pipeline import Ingest, mend_from_release


class _Rederive:
    """An ingest sink that re-derives one stored document from its original, in place.

    The archive says the document is present (so a plain ingest would skip it); this sink
    lets it through, keeps its filename, parent and duplicate status, and replaces its rows
    (same ids: they derive from the SHA-256 and positions). Other files pass to the archive.
    """

    def __init__(self, archive: Archive, document: Document) -> None:
        self.archive = archive
        self.document = document

    def has_document(self, sha256: str) -> bool:
        return sha256 != self.document.sha256 and self.archive.has_document(sha256)

    def converted_document(self, sha256: str) -> Document | None:
        return self.archive.converted_document(sha256)

    def duplicate_of(self, fingerprint: str, release: str) -> str | None:
        found = self.archive.duplicate_of(fingerprint, release)
        if found == self.document.id:  # its own pages: keep what it was (never its own duplicate)
            return self.document.duplicate_of if self.document.duplicate_of != self.document.id else None
        return found

    def add_document(self, release: str, record: DocumentRecord, source: Path, *,
                     duplicate_of: str | None = None, index: bool = True) -> Document:
        if record.sha256 != self.document.sha256:
            return self.archive.add_document(release, record, source, duplicate_of=duplicate_of, index=index)
        record = dataclasses.replace(record, filename=self.document.filename,
                                     parent_sha256=self.document.parent_sha256)
        return self.archive.add_document(self.document.release, record, source, duplicate_of=duplicate_of,
                                         index=index)

    def catch_up_index(self) -> int:
        return self.archive.catch_up_index()

    def structure(self, sha256: str) -> Structure:
        return self.archive.structure(sha256)


def rederive(archive: Archive, documents: list[Document]) -> list[str]:
    """Re-ingest damaged documents from their stored originals; what was done, per document."""
    done = []
    for document in documents:
        original = archive.original(document)
        summary = Ingest(_Rederive(archive, document), document.release,
                         jobs=os.cpu_count() or 1).run([original])
        outcome = summary.outcomes[0] if summary.outcomes else None
        if outcome is not None and outcome.status in ("ingested", "duplicate"):
            done.append(f"re-derived document {document.id} ({document.filename}) from its original: "
                        f"{outcome.pages} pages, {outcome.emails} emails")
    for release in sorted({document.release for document in documents}):
        try:  # names the rest of the release prints, as an ingest reads them
            mend_from_release(archive, release)
        except ArchiveError as exc:
            done.append(f"release {release}: names OCR misread were not mended from the rest of the release ({exc})")
    return done
