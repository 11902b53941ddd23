"""One page's text: the text layer when usable, OCR when not (the one predicate)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import IngestError
from .ocr import OcrEngine, OcrResult, find_outlined_boxes, recognise_each
from .pdf import (
    TextPage,
    blank_label_bands,
    clean_text,
    header_label_bands,
    render_bands,
    render_page,
)

if TYPE_CHECKING:
    from PIL import Image

OCR_DPI = 300
MIN_USABLE_CHARS = 40
_WORDISH = re.compile(r"[A-Za-z]{2,}")
_ORDINARY = re.compile(r"[A-Za-z0-9.,;:!?'\"()\[\]<>@&/_#%$*+=-]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def needs_ocr(text: str) -> bool:
    """True when a text layer is missing or unusable: too little text, or garbage.

    Garbage is a layer whose characters are mostly not letters, digits, spaces
    or ordinary punctuation (a broken font encoding), or one without words.
    """
    stripped = "".join(text.split())
    if len(stripped) < MIN_USABLE_CHARS:
        return True
    ordinary = len(_ORDINARY.findall(stripped)) + sum(1 for c in _NON_ASCII.findall(stripped) if c.isalpha())
    if ordinary / len(stripped) < 0.75:
        return True
    words = _WORDISH.findall(text)
    letters_in_words = sum(len(w) for w in words)
    return letters_in_words < 0.4 * len(stripped)


@dataclass(frozen=True)
class PageText:
    number: int
    text: str
    source: str  # "text-layer" or "ocr"
    confidence: float | None
    words: str | None
    fingerprint: str
    warning: str | None = None
    scanned: bool = False  # read from a scan: by OCR here, or by the producer's OCR layer
    hidden: int = 0  # characters its text layer holds under dark boxes drawn over them (TextPage.hidden)
    hidden_boxes: int = 0  # boxes drawn over an image of it that still prints under them


def page_fingerprint(page: TextPage) -> str:
    """Same text layer and same embedded images: the same page, whatever the container."""
    digest = hashlib.sha256()
    digest.update(" ".join(page.text.split()).encode())
    digest.update(b"\x00" + page.image_digest.encode())
    return digest.hexdigest()


def ocr_page(path: str, number: int, width_points: float, engine: OcrEngine,
             dpi: int = OCR_DPI) -> OcrResult:
    """Render one page and OCR it (runs in a worker process)."""
    try:
        image = render_page(Path(path), number, dpi)
    except IngestError as exc:
        return OcrResult("", None, None, error=exc.reason)
    return engine.recognise(image, width_points / max(image.width, 1))


def ocr_blank_bands(path: str, number: int, width_points: float, engine: OcrEngine,
                    dpi: int = OCR_DPI) -> OcrResult:
    """OCR only the bands around the header labels a page's text layer left blank (runs in
    a worker process): a second reading of a few lines, not of the page."""
    return ocr_blank_bands_of([(path, number, width_points)], engine, dpi)[0]


def ocr_blank_bands_of(pages: Sequence[tuple[str, int, float]], engine: OcrEngine,
                       dpi: int = OCR_DPI) -> list[OcrResult]:
    """:func:`ocr_blank_bands` of several pages (path, number, width in points), of one file or
    several, their bands read together (``recognise_each``: fewer Tesseract processes).

    The header lines an outlined redaction box crosses are read too (page family: the layer
    runs the box's frame and code into the words beside it; ``second_reading.mend_boxed_lines``):
    each label's band is drawn and looked at for such a box, and only bands with one are read."""
    bands: list[list[Image.Image]] = []
    errors: list[str | None] = []
    for path, number, _ in pages:
        try:
            found = blank_label_bands(Path(path), number)
            drawn = render_bands(Path(path), number, found, dpi) if found else []
            labelled = header_label_bands(Path(path), number)  # (after the blank bands: none is read near their Sent:)
            drawn += [image for image in (render_bands(Path(path), number, labelled, dpi) if labelled else [])
                      if find_outlined_boxes(image, coded=True)]
            bands.append(drawn)
            errors.append(None)
        except IngestError as exc:
            bands.append([])
            errors.append(exc.reason)
        except Exception as exc:  # noqa: BLE001 - PDFium's own errors on one page stay that page's
            bands.append([])
            errors.append(f"the page's bands could not be drawn ({exc.__class__.__name__}: {str(exc)[:200]})")
    images = [(image, width / image.width) for (_, _, width), each in zip(pages, bands, strict=True) for image in each]
    read = iter(recognise_each(engine, images, bands=True))
    return [OcrResult("", None, None, error=error) if error else
            OcrResult("\n".join(next(read).text for _ in each), None, None)
            for each, error in zip(bands, errors, strict=True)]


def from_text_layer(page: TextPage) -> PageText:
    return PageText(page.number, page.text, "text-layer", None, None, page_fingerprint(page),
                    scanned=page.scanned, hidden=page.hidden, hidden_boxes=page.hidden_boxes)


def from_ocr(page: TextPage, result: OcrResult) -> PageText:
    return PageText(page.number, clean_text(result.text), "ocr", result.confidence, result.words,
                    page_fingerprint(page), warning=result.error, scanned=True, hidden=page.hidden,
                    hidden_boxes=page.hidden_boxes)
