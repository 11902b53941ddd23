"""OCR results cached by page content, so re-ingesting an unchanged page never re-OCRs it.

The key is the page's content (its text layer and embedded image streams, as in
``page_fingerprint``, plus its size), the rendering resolution and the engine's
identity (Tesseract version and language, the post-processing code in
``ingest/ocr.py`` and the header and mark readers it uses, the renderer's version): change any of them and the key
changes. Only pages with an embedded image (scans) are cached; a page drawn
only with vector graphics has no image digest to key it by. The cache is a
folder of small JSON files under the archive's disposable ``cache/`` folder;
deleting it costs only time. Lookups happen in the pipeline before a page is
submitted, so the local pool and the Celery workers both benefit.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from concurrent.futures import Future
from importlib import metadata
from pathlib import Path

from .ocr import OcrEngine, OcrResult, Tesseract, tesseract_version
from .pages import OCR_DPI, page_fingerprint
from .pdf import TextPage


@functools.cache
def _ocr_code_digest() -> str:
    """The OCR post-processing code: ocr.py and the readers it asks which lines to read again."""
    from . import headers, marks, ocr

    digest = hashlib.sha256()
    for module in (ocr, headers, marks):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()[:16]


@functools.cache
def tesseract_identity(lang: str) -> str:
    """What determines a Tesseract page result besides the page: versions and OCR code."""
    major, minor = tesseract_version()
    renderer = metadata.version("pypdfium2")
    return f"tesseract-{major}.{minor}-{lang}-ocr.py:{_ocr_code_digest()}-pypdfium2-{renderer}"


def engine_identity(engine: OcrEngine | None) -> str | None:
    """A stable name for an engine's results, or None if they must not be cached.

    Tesseract is identified by its versions; another engine (a test's fake)
    only if it declares an ``identity`` attribute.
    """
    if isinstance(engine, Tesseract):
        return tesseract_identity(engine.lang)
    identity = getattr(engine, "identity", None)
    return identity if isinstance(identity, str) else None


def page_key(page: TextPage, dpi: int, engine_id: str) -> str | None:
    """The cache key for OCR of this page, or None for a page without an embedded image."""
    if not page.image_digest:
        return None
    material = f"{engine_id}\x00{dpi}\x00{page.width:.3f}x{page.height:.3f}\x00{page_fingerprint(page)}"
    return hashlib.sha256(material.encode()).hexdigest()


class OcrCache:
    """A folder of OCR results by ``page_key``; only successful results are kept."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def key(self, page: TextPage, engine: OcrEngine, dpi: int = OCR_DPI) -> str | None:
        """The page's key, or None when it cannot be cached (no image, or an engine without identity)."""
        engine_id = engine_identity(engine)
        return page_key(page, dpi, engine_id) if engine_id else None

    def put_when_done(self, key: str, future: Future[OcrResult]) -> None:
        """Keep the result once the future has one (not if OCR raised)."""
        def keep(done: Future[OcrResult]) -> None:
            if done.exception() is None:
                self.put(key, done.result())

        future.add_done_callback(keep)

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> OcrResult | None:
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            return OcrResult(str(data["text"]), data["confidence"], data["words"])
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing or damaged: OCR again

    def put(self, key: str, result: OcrResult) -> None:
        if result.error is not None:
            return  # a timeout or a Tesseract error deserves another try next time
        path = self._path(key)
        data = json.dumps({"text": result.text, "confidence": result.confidence, "words": result.words})
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".incoming-", dir=path.parent)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(data)
            os.replace(temporary, path)
        except OSError:
            pass  # a cache that cannot be written only costs time
