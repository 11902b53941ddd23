"""Errors raised while reading PDFs.

    IngestError               base: every message names the file (and page) and the remedy
    ├── UnreadablePDF         not a PDF, zero bytes, truncated or corrupt beyond repair
    ├── EncryptedPDF          needs a password to open
    ├── PageError             one page could not be read or rendered (carries the page)
    └── OcrUnavailable        Tesseract is missing or too old (names the package to install)
"""

from __future__ import annotations

from pathlib import Path


class IngestError(Exception):
    exit_code = 1

    def __init__(self, path: Path | str, message: str, *, page: int | None = None) -> None:
        self.path = str(path)
        self.page = page
        self.reason = message
        where = f"{self.path}, page {page}" if page is not None else self.path
        super().__init__(f"{where}: {message}")


class UnreadablePDF(IngestError):
    pass


class EncryptedPDF(IngestError):
    pass


class PageError(IngestError):
    pass


class OcrUnavailable(Exception):
    """Tesseract cannot be run; the message says what to install."""

    exit_code = 6
