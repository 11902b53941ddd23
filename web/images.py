"""Page images for reading: rendered from the original PDF, cached on disk.

Cache files are named by the PDF's SHA-256, the page and the resolution, so a
cached image can never show another file's page, and the cache can be deleted
at any time. A cache that cannot be written (a read-only data folder) only costs
a render per request.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

from archive import Archive, Document, NotFound


def cache_path(archive: Archive, document: Document, number: int, dpi: int) -> Path:
    sha = document.sha256
    return archive.home / "cache" / "pages" / sha[:2] / f"{sha}-p{number}-{dpi}.png"


def page_png(archive: Archive, document: Document, number: int, dpi: int) -> Path | bytes:
    """The PNG of one page: a cached file, or freshly rendered bytes if it cannot be cached."""
    if not 1 <= number <= document.page_count:
        raise NotFound(f"document {document.id} has no page {number}")
    cached = cache_path(archive, document, number, dpi)
    if cached.is_file():
        return cached
    source = archive.original(document)
    if not source.is_file():
        raise NotFound(f"the original PDF of document {document.id} ({document.filename}) is missing "
                       "from the file store; `foia verify` reports it")
    from ingest.errors import IngestError
    from ingest.pdf import render_page

    try:
        image = render_page(source, number, dpi=dpi)
    except IngestError as exc:
        raise NotFound(f"page {number} of {document.filename} cannot be shown as an image: {exc.reason}") from exc
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    data = buffer.getvalue()
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cached.parent, prefix=".render-", suffix=".png")
    except OSError:
        return data
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, cached)  # atomic: a reader never sees half an image
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        return data
    return cached


def page_band_png(archive: Archive, document: Document, number: int, dpi: int, top: int, bottom: int) -> bytes:
    """The band of a page image from ``top`` to ``bottom`` points down the page (a passage and
    the lines around it), cut from the page's image at ``dpi``."""
    from ingest.errors import IngestError
    from ingest.pdf import crop_band

    image = page_png(archive, document, number, dpi)  # NotFound first: no page, no original
    try:
        return crop_band(image, archive.original(document), number, top, bottom)
    except IngestError as exc:
        raise NotFound(f"page {number} of {document.filename} cannot be shown as an image: {exc.reason}") from exc
