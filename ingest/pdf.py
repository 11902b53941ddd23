"""Reading PDFs: page text, page images, fingerprints, embedded files.

The only module that imports pdfplumber or pypdfium2. Text comes from
pypdfium2's text layer (≈1,600 pages/s); pdfplumber's slower layout analysis is
used only for a page whose text layer prints header labels apart from their
values (an OCR layer laid down column by column), where ordering the words by
position is what makes the header readable.
"""

from __future__ import annotations

import hashlib
import math
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import EncryptedPDF, PageError, UnreadablePDF

if TYPE_CHECKING:
    from PIL import Image

# PDFium is not thread-safe, whatever the document: every call into it holds this lock
# (the web server renders page images from several threads).
PDFIUM_LOCK = threading.RLock()

MAX_TEXT_PER_PAGE = 200_000  # characters; a text layer larger than this is cut (a hostile PDF)
MAX_RENDER_PIXELS = 40_000_000  # ≈ a US Letter page at 700 dpi; larger pages render at lower dpi
MAX_EMBEDDED_BYTES = 512 * 1024 * 1024

# Invisible characters a hostile text layer uses to disguise or reorder text, or to reach a
# terminal: C0 and C1 controls (C1 \x9b is an 8-bit escape sequence introducer), zero-width
# and bidi marks and overrides (including the Arabic letter mark U+061C), invisible operators
# and noncharacters. tests/reliability/test_hostile_files.py found U+061C, C1 and U+FFFE
# passing through.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u202a-\u202e"
    r"\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ufffe\uffff]"
)
_LINE_SEPARATORS = re.compile(r"[\u2028\u2029]")
_LONE_LABEL = re.compile(r"^\s*(from|sent|to|cc|subject|date)\s*:\s*$", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class TextPage:
    """The text layer of one page, and what it says about the page."""

    number: int  # 1-based
    text: str
    image_digest: str  # hash of the page's embedded image streams ("" if none)
    width: float  # points
    height: float


def clean_text(text: str) -> str:
    """Normalise line ends and drop control and bidi characters; bound the length."""
    text = _LINE_SEPARATORS.sub("\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROL.sub("", text)[:MAX_TEXT_PER_PAGE]


def _open(path: Path, data: bytes | None = None) -> Any:
    import pypdfium2 as pdfium

    if data is None:
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise UnreadablePDF(path, f"cannot read the file ({exc.strerror}); check the path") from exc
        if size == 0:
            raise UnreadablePDF(path, "the file is empty (0 bytes); get a complete copy of the release")
        with open(path, "rb") as handle:
            head = handle.read(1024)
        if b"%PDF-" not in head:
            kind = "a JPEG image" if head.startswith(b"\xff\xd8") else "not a PDF"
            raise UnreadablePDF(path, f"this is {kind} (no PDF header); only PDF files can be ingested")
    try:
        return pdfium.PdfDocument(data if data is not None else str(path))
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise EncryptedPDF(
                path, "the PDF is encrypted with a password; ask the agency for an unencrypted copy "
                "or remove the password (e.g. `qpdf --decrypt`) and ingest the result"
            ) from exc
        raise UnreadablePDF(
            path, f"the PDF is corrupt or truncated ({exc}); download it again, or repair it "
            "(e.g. `qpdf in.pdf out.pdf`) and ingest the repaired copy"
        ) from exc


def page_count(path: Path) -> int:
    with PDFIUM_LOCK:
        pdf = _open(path)
        try:
            return len(pdf)
        finally:
            pdf.close()


def _image_digest(page: Any) -> str:
    import pypdfium2 as pdfium

    digest = hashlib.sha256()
    found = False
    for obj in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        try:
            digest.update(bytes(obj.get_data(decode_simple=False)))
            found = True
        except pdfium.PdfiumError:
            continue
    return digest.hexdigest() if found else ""


def _layout_text(path: Path, number: int) -> str | None:
    """The page's words ordered by position (pdfplumber), or None if it fails."""
    import pdfplumber

    try:
        with pdfplumber.open(path, pages=[number]) as pdf:
            page = pdf.pages[0]
            try:
                return str(page.extract_text() or "")
            finally:
                page.close()
    except Exception:  # pdfplumber raises many kinds; the fast text stays usable
        return None


def read_text_pages(path: Path) -> Iterator[TextPage]:
    """Each page's text layer, in order; a page that cannot be read has empty text."""
    with PDFIUM_LOCK:
        pdf = _open(path)
        count = len(pdf)
    try:
        for index in range(count):
            with PDFIUM_LOCK:
                page = pdf[index]
                try:
                    width, height = page.get_size()
                    textpage = page.get_textpage()
                    text = clean_text(textpage.get_text_range())
                    textpage.close()
                    digest = _image_digest(page)
                except Exception:  # a broken page: OCR gets a chance at it
                    text, digest, width, height = "", "", 612.0, 792.0
                finally:
                    page.close()
            if len(_LONE_LABEL.findall(text)) >= 2:
                text = clean_text(_layout_text(path, index + 1) or text)
            yield TextPage(index + 1, text, digest, width, height)
    finally:
        with PDFIUM_LOCK:
            pdf.close()


def render_page(path: Path, number: int, dpi: int = 300) -> Image.Image:
    """Render one page as a grayscale image for OCR, with bounded pixel count."""
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        pdf = _open(path)
        try:
            if not 1 <= number <= len(pdf):
                raise PageError(path, f"there is no page {number} (the PDF has {len(pdf)})", page=number)
            page = pdf[number - 1]
            width, height = page.get_size()
            scale = dpi / 72
            pixels = width * scale * height * scale
            if pixels > MAX_RENDER_PIXELS:
                scale *= (MAX_RENDER_PIXELS / pixels) ** 0.5
                # PDFium rounds each side up: a 14,400 pt page came out at 6325² = 40,005,625 pixels.
                while math.ceil(width * scale) * math.ceil(height * scale) > MAX_RENDER_PIXELS:
                    scale *= 0.999
            try:
                bitmap = page.render(scale=scale, grayscale=True)
                image: Image.Image = bitmap.to_pil()
                return image
            except pdfium.PdfiumError as exc:
                raise PageError(path, f"the page could not be rendered ({exc})", page=number) from exc
            finally:
                page.close()
        finally:
            pdf.close()


def embedded_pdfs(path: Path) -> list[tuple[str, bytes]]:
    """PDF files carried inside this PDF (attachments or a portfolio), as (name, bytes)."""
    found: list[tuple[str, bytes]] = []
    with PDFIUM_LOCK:
        pdf = _open(path)
        try:
            for index in range(pdf.count_attachments()):
                attachment = pdf.get_attachment(index)
                name = str(attachment.get_name())
                try:
                    data = bytes(attachment.get_data())
                except Exception:
                    continue
                if data.startswith(b"%PDF-") and len(data) <= MAX_EMBEDDED_BYTES:
                    found.append((name, data))
        finally:
            pdf.close()
    return found


class PageCutter:
    """Cuts single pages out of one PDF as one-page PDFs (payloads for OCR workers).

    The PDF is opened once for all its pages; a page PDFium cannot copy gives None.
    """

    def __init__(self, data: bytes) -> None:
        import pypdfium2 as pdfium

        with PDFIUM_LOCK:
            self._document = pdfium.PdfDocument(data)

    def cut(self, number: int) -> bytes | None:
        import io

        import pypdfium2 as pdfium

        with PDFIUM_LOCK:
            single = pdfium.PdfDocument.new()
            try:
                single.import_pages(self._document, [number - 1])
                buffer = io.BytesIO()
                single.save(buffer)
                return buffer.getvalue()
            except Exception:  # PDFium raises several kinds on a page it cannot copy
                return None
            finally:
                single.close()

    def close(self) -> None:
        with PDFIUM_LOCK:
            self._document.close()
