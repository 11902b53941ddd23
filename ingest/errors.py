"""Errors raised while ingesting.

    IngestError               base: every message names the file (and page) and the remedy
    ├── UnreadablePDF         not a PDF, zero bytes, truncated or corrupt beyond repair
    ├── EncryptedPDF          needs a password to open
    └── PageError             one page could not be read or rendered (carries the page)
    OcrUnavailable            Tesseract is missing or too old (names the package to install);
                              the pipeline reports it against each file that needed OCR
    OcrWorkersFailed          pages the Celery workers could not OCR, or no broker

The command line turns IngestError and OcrWorkersFailed into exit status 1
(README, Command line: exit statuses).
"""

from __future__ import annotations

from pathlib import Path


class IngestError(Exception):

    def __init__(self, path: Path | str, message: str, *, page: int | None = None) -> None:
        self.path = str(path)
        self.page = page
        self.reason = message
        where = f"{self.path}, page {page}" if page is not None else self.path
        super().__init__(f"{where}: {message}")

    def __reduce__(self) -> tuple[object, ...]:
        # raised in a worker process, it crosses back whole (the default pickles only the text)
        return (_rebuilt, (type(self), self.path, self.reason, self.page))


def _rebuilt(kind: type[IngestError], path: str, reason: str, page: int | None) -> IngestError:
    return kind(path, reason, page=page)


class UnreadablePDF(IngestError):
    pass


class ReaderGaveUp(UnreadablePDF):
    """PDFium crashed twice reading the file, or ran out of time: not tried again."""


class EncryptedPDF(IngestError):
    pass


class PageError(IngestError):
    pass


class OcrUnavailable(Exception):
    """Tesseract cannot be run; the message says what to install."""


class OcrWorkersFailed(Exception):
    """Pages the Celery workers could not OCR (or the broker could not be reached)."""

    def __init__(self, message: str, pages: tuple[str, ...] = ()) -> None:
        self.pages = pages
        named = f" ({len(pages)} page(s): {', '.join(pages[:20])}{' …' if len(pages) > 20 else ''})"
        super().__init__(f"{message}{named if pages else ''}. Documents already stored are complete; "
                         "the others were not written: fix the cause and run the same ingest again")
