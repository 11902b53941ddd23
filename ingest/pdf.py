"""Reading PDFs: page text, page images, fingerprints, embedded files.

The only module that imports pdfplumber or pypdfium2. Text comes from
pypdfium2's text layer (its speed: README, Measured: ingest speed); pdfplumber's
slower layout analysis is used only for a page whose text layer prints header
labels apart from their values (an OCR layer laid down column by column), where
ordering the words by position is what makes the header readable.

PDFium has no memory cap: a small page whose content inflates enormously is
read with all of it in memory (README, Guarantees: hostile files). So before
PDFium opens a file, ``check_stream_sizes`` reads its
compressed streams incrementally (never holding more than a chunk inflated) and
refuses the whole file, naming the page, when a stream inflates past
MAX_STREAM_BYTES, a page's content streams together do, an image would decode to
more than MAX_IMAGE_BYTES, or an attached file past MAX_EMBEDDED_BYTES. Not
measured: streams of an encrypted file, and LZW or RunLength filters.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import itertools
import math
import mmap
import re
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archive.invisible import remove_invisible

from .errors import EncryptedPDF, PageError, UnreadablePDF
from .marks import exemption_spans, is_stamp_or_code

if TYPE_CHECKING:
    from PIL import Image

# PDFium is not thread-safe, whatever the document: every call into it holds this lock
# (a process that reads PDFs from several threads; the site draws pages in children of its own).
PDFIUM_LOCK = threading.RLock()

MAX_TEXT_PER_PAGE = 200_000  # characters; a text layer larger than this is cut (a hostile PDF)
MAX_RENDER_PIXELS = 40_000_000  # ≈ a US Letter page at 700 dpi; larger pages render at lower dpi
MAX_EMBEDDED_BYTES = 512 * 1024 * 1024
MAX_STREAM_BYTES = 64 * 1024 * 1024  # one page's content (or a font, ...) inflated; real pages need < 1 MB
MAX_IMAGE_BYTES = 128 * 1024 * 1024  # one image decoded; a 600-dpi US Letter colour scan is 100 MB

_LONE_LABEL = re.compile(r"^\s*(from|sent|to|cc|subject|date)\s*:\s*$", re.IGNORECASE | re.MULTILINE)
# (or a Lotus Notes memo's label, printed without a colon, alone on its line: a table drawn values first)
_LABEL_STARTS_LINE = re.compile(r"^\s*(?:(?:From|Sent|To|Cc|CC|Subject|Date)\s?:|(?:To|cc|bcc|Subject)\s*$)", re.MULTILINE)


@dataclass(frozen=True)
class TextPage:
    """The text layer of one page, and what it says about the page."""

    number: int  # 1-based
    text: str
    image_digest: str  # hash of the page's embedded image streams ("" if none)
    width: float  # points
    height: float
    scanned: bool = False  # an image covers the page: any text layer is an OCR layer
    hidden: int = 0  # characters the layer holds under a dark box drawn over them (left out of text)
    hidden_boxes: int = 0  # dark boxes drawn over an image of the page that still prints under them


def clean_text(text: str) -> str:
    """Normalise line ends and drop control and bidi characters (a line separator is a space:
    ``archive.invisible``); bound the length."""
    return remove_invisible(text.replace("\r\n", "\n").replace("\r", "\n"))[:MAX_TEXT_PER_PAGE]


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
        if data is None and _has_no_pages(path):
            raise UnreadablePDF(path, "the PDF is whole but has no pages (nothing was released in it); "
                                      "ask the agency for the file that was meant, or leave it out") from exc
        raise UnreadablePDF(
            path, f"the PDF is corrupt or truncated ({exc}); download it again, or repair it "
            "(e.g. `qpdf in.pdf out.pdf`) and ingest the repaired copy"
        ) from exc


_SMALL = 64 * 1024  # a PDF with no pages is a few hundred bytes; larger ones are not parsed twice


def _has_no_pages(path: Path) -> bool:
    """Is this a well-formed PDF whose page tree is empty (PDFium refuses one as a format error)?"""
    import pdfplumber

    try:
        if path.stat().st_size > _SMALL:
            return False
        with pdfplumber.open(path) as pdf:
            return len(pdf.pages) == 0
    except Exception:  # pdfplumber raises many kinds: then it is damaged, as PDFium said
        return False


# -- pre-flight: what the streams inflate to, found before PDFium holds any of them in memory ----

_CHUNK = 1 << 20
_MAX_INFLATE_RATIO = 1032  # Deflate's largest: a 258-byte match in 2 bits
_LOOKBACK = 16_384  # bytes before a stream searched for its object number and dictionary
_WINDOW = 16 << 20  # the file is searched this much at a time, the pages behind given back
_ARRAY_OVERLAP = 1 << 20  # an array of references longer than this could go unseen across windows
_END_OF_LINE = re.compile(rb"\r\n|\r|\n")
_OBJECT_NUMBER = re.compile(rb"(\d+)\s+\d+\s+$")
_FILTERS = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+)")
_NAME = re.compile(rb"/([^\s/\[\]<>()]+)")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_ATTACHMENT = re.compile(rb"/Type\s*/EmbeddedFile\b")
_OBJECTS = re.compile(rb"/Type\s*/(ObjStm|XRef)\b")
_REF_ARRAY = re.compile(rb"\[((?:\s*\d+\s+\d+\s+R){2,})\s*\]")
_REF = re.compile(rb"(\d+)\s+\d+\s+R")
_COMPONENTS = {b"DeviceGray": 1, b"CalGray": 1, b"G": 1, b"Indexed": 1, b"I": 1, b"DeviceCMYK": 4, b"CMYK": 4}
_REMEDY = ("; a file built to exhaust memory (an inflate bomb) is refused whole and nothing of it is stored. "
           "If it is a genuine record, ask the agency for another copy, or rasterise it "
           "(e.g. `pdftoppm -r 300 -gray`, then `img2pdf`) and ingest that")


def _inflate(chunks: Iterable[bytes]) -> Iterator[bytes]:
    inflater = zlib.decompressobj()
    try:
        for chunk in chunks:
            while chunk and not inflater.eof:
                yield inflater.decompress(chunk, _CHUNK)
                chunk = inflater.unconsumed_tail
            if inflater.eof:
                return
        yield inflater.flush()
    except zlib.error:  # PDFium keeps what inflated before the damage
        return


def _from_hex(chunks: Iterable[bytes]) -> Iterator[bytes]:
    pending = b""
    for chunk in chunks:
        end = chunk.find(b">")
        digits = pending + re.sub(rb"[^0-9A-Fa-f]", b"", chunk if end < 0 else chunk[:end])
        whole = len(digits) if end >= 0 else len(digits) - len(digits) % 2
        yield binascii.unhexlify(digits[:whole] + b"0" * (whole % 2))
        pending = digits[whole:]
        if end >= 0:
            return


def _from_ascii85(chunks: Iterable[bytes]) -> Iterator[bytes]:
    pending = b""
    for chunk in chunks:
        end = chunk.find(b"~>")
        text = pending + re.sub(rb"\s", b"", chunk if end < 0 else chunk[:end]).replace(b"z", b"!!!!!")
        whole = len(text) if end >= 0 else len(text) - len(text) % 5
        try:
            yield base64.a85decode(text[:whole])
        except ValueError:
            return
        pending = text[whole:]
        if end >= 0:
            return


_DECODERS = {b"FlateDecode": _inflate, b"Fl": _inflate, b"ASCIIHexDecode": _from_hex, b"AHx": _from_hex,
             b"ASCII85Decode": _from_ascii85, b"A85": _from_ascii85}


def _filters(dictionary: bytes, head: bytes) -> list[bytes]:
    """The stream's filters; without a readable dictionary, FlateDecode if its data looks like zlib."""
    if dictionary:
        found = _FILTERS.search(dictionary)
        return _NAME.findall(found.group(1)) if found else []
    zlib_header = len(head) == 2 and head[0] & 0x0F == 8 and int.from_bytes(head, "big") % 31 == 0
    return [b"FlateDecode"] if zlib_header else []


def _forget(data: mmap.mmap, start: int, end: int) -> None:
    """Give back the whole pages of data[start:end]: they are read again from the page cache
    if needed, and a scan of a 1 GB file does not hold 1 GB resident."""
    start, end = -(-start // mmap.PAGESIZE) * mmap.PAGESIZE, end // mmap.PAGESIZE * mmap.PAGESIZE
    if end > start and hasattr(mmap, "MADV_DONTNEED"):
        data.madvise(mmap.MADV_DONTNEED, start, end - start)


def _raw(data: mmap.mmap, start: int) -> Iterator[bytes]:
    """The file from ``start`` on, in chunks growing from 8 KB (most streams are small)."""
    size = 8192
    while start < len(data):
        yield data[start:start + size]
        if size == _CHUNK:
            _forget(data, start, start + size)
        start += size
        size = min(2 * size, _CHUNK)


def _decoded(data: mmap.mmap, start: int, filters: list[bytes]) -> Iterator[bytes]:
    """The stream at ``start`` decoded, chunk by chunk, up to its last Flate filter: only Flate
    expands (the ASCII filters around it shrink; LZW, RunLength and image codecs end the chain)."""
    runnable = list(itertools.takewhile(_DECODERS.__contains__, filters))
    flates = [i for i, name in enumerate(runnable) if _DECODERS[name] is _inflate]
    chunks = _raw(data, start) if flates else iter(())
    for name in runnable[:flates[-1] + 1] if flates else ():
        chunks = _DECODERS[name](chunks)
    return chunks


def _inflate_bound(data: mmap.mmap, start: int, dictionary: bytes, filters: list[bytes], limit: int) -> int:
    """The most the stream could inflate to, found without inflating it: its length times
    Deflate's largest ratio for each Flate filter (0 if it has none), or just past ``limit`` if
    it is long enough to get there. PDFium reads /Length bytes, or up to `endstream` when
    /Length is wrong; the larger of the two is the length."""
    flates = sum(1 for name in itertools.takewhile(_DECODERS.__contains__, filters) if _DECODERS[name] is _inflate)
    if not flates:
        return 0
    ratio = _MAX_INFLATE_RATIO ** flates
    reach = limit // ratio + 1  # a stream this long could inflate past the limit
    end = data.find(b"endstream", start, start + reach + len(b"endstream"))
    length = max(_number(b"Length", dictionary) or 0, end - start if end >= 0 else reach)
    return int(min(length, reach) * ratio)


def _size_up_to(chunks: Iterator[bytes], limit: int) -> int:
    total = 0
    for piece in chunks:
        total += len(piece)
        if total > limit:
            break
    return total


def _number(key: bytes, dictionary: bytes) -> int | None:
    found = re.search(rb"/" + key + rb"\s+(\d+)\b(?!\s+\d+\s+R)", dictionary)
    return int(found.group(1)) if found else None


def _image_bytes(dictionary: bytes) -> int:
    """What an image decodes to by its declared size (a blank CCITT page can declare any size in 5 KB)."""
    width, height = _number(b"Width", dictionary) or 0, _number(b"Height", dictionary) or 0
    if re.search(rb"/ImageMask\s+true", dictionary):
        bits = 1
    else:
        space = re.search(rb"/ColorSpace\s*\[?\s*/(\w+)", dictionary)
        bits = (_number(b"BitsPerComponent", dictionary) or 8) * _COMPONENTS.get(space.group(1) if space else b"", 3)
    return (width * bits + 7) // 8 * height


def _windows(data: mmap.mmap, overlap: int) -> Iterator[tuple[int, int]]:
    """(start, end) of successive windows over the file, each overlapping the last by ``overlap``;
    the pages before a window (less the look-back) are given back once it is reached."""
    start = 0
    while True:
        end = min(len(data), start + _WINDOW)
        yield start, end
        if end == len(data):
            return
        _forget(data, max(0, start - overlap - _LOOKBACK), end - overlap - _LOOKBACK)
        start = end - overlap


def _streams(data: mmap.mmap) -> Iterator[tuple[int | None, bytes, int]]:
    """Each stream: its object number and dictionary (None and b"" if not found), where its data
    starts: after the end of the line of the `stream` keyword, as PDFium reads it."""
    for start, end in _windows(data, len(b"stream") - 1):
        at = data.find(b"stream", start, end)
        while at >= 0:
            if not data[at - 1:at].isalnum():  # not `endstream`
                line_end = _END_OF_LINE.search(data, at + 6)
                begins = line_end.end() if line_end else len(data)
                head = data[max(0, at - _LOOKBACK):at]
                found = head.rfind(b"obj")
                number = _OBJECT_NUMBER.search(head, max(0, found - 40), found) if found > 0 else None
                yield (int(number.group(1)), head[found + 3:], begins) if number else (None, b"", begins)
            at = data.find(b"stream", at + 6, end)


def _reference_arrays(data: mmap.mmap | bytes) -> Iterator[list[int]]:
    """The object numbers of each array of two or more references (a page's /Contents among them)."""
    if isinstance(data, bytes):
        windows: Iterator[tuple[int, int]] = iter([(0, len(data))])
    else:
        windows = _windows(data, _ARRAY_OVERLAP)
    seen = 0
    for start, end in windows:
        for array in _REF_ARRAY.finditer(data, start, end):
            if array.start() >= seen:
                seen = array.end()
                yield [int(n) for n in _REF.findall(array.group(1))]


def _megabytes(size: int) -> str:
    return f"{size / (1 << 20):,.0f} MB"


def _too_big(data: mmap.mmap) -> tuple[str, set[int]] | None:
    """What in the file would take PDFium past the limits, and the objects to blame; None if nothing."""
    sizes: dict[int, int] = {}  # object number -> inflated size (or a bound), of streams a page can name
    bounded: dict[int, tuple[int, list[bytes]]] = {}  # the streams only bounded: where they start, filters
    object_streams: list[bytes] = []  # page dictionaries may be inside
    for number, dictionary, start in _streams(data):
        label = f"object {number}" if number is not None else f"at byte {start}"
        blame = {number} if number is not None else set()
        filters = _filters(dictionary, data[start:start + 2])
        if _IMAGE.search(dictionary):
            limit, kind = MAX_IMAGE_BYTES, "image"
            declared = _image_bytes(dictionary)
            if declared > limit:
                return (f"image {label} is {_megabytes(declared)} decoded, over the {_megabytes(limit)} "
                        "limit for one image"), blame
        elif _ATTACHMENT.search(dictionary):
            limit, kind = MAX_EMBEDDED_BYTES, "attached file"
        elif _OBJECTS.search(dictionary):
            limit, kind, blame = MAX_STREAM_BYTES, "object stream", set()  # no page draws it
        else:
            limit, kind = MAX_STREAM_BYTES, "stream"
        bound = _inflate_bound(data, start, dictionary, filters, limit)
        inflated = _size_up_to(_decoded(data, start, filters), limit) if bound > limit else bound
        if inflated > limit:
            return f"{kind} {label} inflates to more than {_megabytes(limit)}, the limit for one {kind}", blame
        if number is not None and kind == "stream":
            sizes[number] = inflated
            if bound <= limit:
                bounded[number] = (start, filters)
        if kind == "object stream" and b"ObjStm" in dictionary:
            object_streams.append(b"".join(_decoded(data, start, filters)))
    texts: list[mmap.mmap | bytes] = [data, *object_streams]
    for text in texts:
        for numbers in _reference_arrays(text):
            if sum(sizes.get(n, 0) for n in numbers) <= MAX_STREAM_BYTES:
                continue
            for n in set(numbers) & set(bounded):  # the bounds add up to too much: measure
                sizes[n] = _size_up_to(_decoded(data, *bounded.pop(n)), MAX_STREAM_BYTES)
            if sum(sizes.get(n, 0) for n in numbers) > MAX_STREAM_BYTES:
                shown = ", ".join(map(str, numbers[:5])) + (" …" if len(numbers) > 5 else "")
                return (f"its content streams (objects {shown}) together inflate to more than "
                        f"{_megabytes(MAX_STREAM_BYTES)}, the limit for one page"), set(numbers)
    return None


def _pages_drawing(path: str, objects: set[int]) -> list[int]:
    """The pages whose content or resources name one of ``objects`` (pdfminer: it decodes no
    content stream to find them); [] if the page tree cannot be read."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFObjRef, PDFStream

    def reach(value: object, seen: set[int], depth: int) -> None:
        if depth > 12:
            return
        if isinstance(value, PDFObjRef):
            if value.objid in seen:
                return
            seen.add(value.objid)
            value = value.resolve()
        if isinstance(value, PDFStream):
            value = value.attrs
        if isinstance(value, dict):
            for key, item in value.items():
                if key != "Parent":
                    reach(item, seen, depth + 1)
        elif isinstance(value, list):
            for item in value:
                reach(item, seen, depth + 1)

    pages = []
    try:
        with open(path, "rb") as handle:
            for number, page in enumerate(PDFPage.create_pages(PDFDocument(PDFParser(handle))), start=1):
                seen: set[int] = set()
                reach([page.attrs.get("Contents"), page.attrs.get("Resources")], seen, 0)
                if seen & objects:
                    pages.append(number)
    except Exception:  # pdfminer raises many kinds (and RecursionError) on a damaged tree
        return pages
    return pages


@functools.lru_cache(maxsize=64)
def _memory_problem(path: str, size: int, modified: int) -> tuple[str, tuple[int, ...]] | None:
    """Why reading this file would take too much memory, and the pages concerned (cached per
    file version: the pipeline counts pages, then reads them)."""
    with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        problem = _too_big(data)
    if problem is None:
        return None
    reason, objects = problem
    return reason, tuple(_pages_drawing(path, objects)) if objects else ()


def check_stream_sizes(path: Path) -> None:
    """Refuse (UnreadablePDF, naming the page) a file whose streams would take PDFium past the
    memory limits; PDFium itself has none. Reads the file once, never holding a stream inflated."""
    try:
        stat = path.stat()
        problem = _memory_problem(str(path), stat.st_size, stat.st_mtime_ns) if stat.st_size else None
    except (OSError, ValueError):  # unreadable: _open says why
        return
    if problem is None:
        return
    reason, pages = problem
    more = f" (also on page{'s' if len(pages) > 2 else ''} {', '.join(map(str, pages[1:6]))}" \
           f"{' …' if len(pages) > 6 else ''})" if len(pages) > 1 else ""
    raise UnreadablePDF(path, reason + more + _REMEDY, page=pages[0] if pages else None)


def page_count(path: Path) -> int:
    check_stream_sizes(path)
    with PDFIUM_LOCK:
        pdf = _open(path)
        try:
            return len(pdf)
        finally:
            pdf.close()


SCAN_COVERAGE = 0.7  # an image over this share of the page makes it a scan (its text layer is OCR)


def _images(page: Any, width: float, height: float) -> tuple[str, bool]:
    """Hash of the page's embedded image streams ("" if none), and whether one covers the page."""
    import pypdfium2 as pdfium

    digest = hashlib.sha256()
    found = covered = False
    for obj in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        try:
            digest.update(bytes(obj.get_data(decode_simple=False)))
            found = True
            left, bottom, right, top = _placed(obj)[0]
        except pdfium.PdfiumError:
            continue
        covered = covered or (right - left) * (top - bottom) >= SCAN_COVERAGE * width * height
    return (digest.hexdigest() if found else ""), covered


# pdfminer prints a glyph it cannot map to Unicode as "(cid:N)"; an OCR layer's tab is
# cid 9. Whitespace codes become a space, any other an honest replacement character.
_CID = re.compile(r"\(cid:(\d{1,5})\)")
_CID_SPACES = frozenset({9, 10, 13, 32})


def _unmapped_glyphs(text: str) -> str:
    return _CID.sub(lambda m: " " if int(m.group(1)) in _CID_SPACES else "\ufffd", text)


class _Plumbed:
    """pdfplumber's reading of one file, opened once for every page that asks for it: each
    opening parses the whole document, so opened for each page a long file's reading grew with
    the square of its pages (a 500-page production of redacted prints took 77 s, not 0.1 s)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.pdf: Any = None
        self.failed = False

    def read(self, number: int, reading: Callable[[Any], str], hidden: Sequence[tuple[Box, str]] = ()) -> str | None:
        """``reading`` of the page (without the characters drawn where ``hidden`` are), or None if
        pdfplumber fails (the fast text stays usable)."""
        if self.failed:
            return None
        try:
            if self.pdf is None:
                import pdfplumber

                self.pdf = pdfplumber.open(self.path)
            page = self.pdf.pages[number - 1]
        except Exception:  # pdfplumber raises many kinds
            self.failed = True
            return None
        try:
            return reading(_without_hidden(page, hidden))
        except Exception:  # noqa: BLE001 - one page pdfplumber cannot read keeps its fast text
            return None
        finally:
            page.close()

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()


def _layout_text(page: Any) -> str:
    """A pdfplumber page's words ordered by position."""
    return _unmapped_glyphs(str(page.extract_text() or ""))


@dataclass(frozen=True)
class Glyph:
    """One character of a text layer where it is drawn: points from the page's top left."""

    x0: float
    x1: float
    top: float
    bottom: float
    text: str


MARGIN_GAP = 1.0  # line heights of blank between a line's text and a code printed in the margin
Box = tuple[float, float, float, float]  # x0, top, x1, bottom in points from the page's top left


def _spelled(glyphs: Sequence[Glyph]) -> str:
    text, last = "", None
    for glyph in glyphs:
        if last is not None:
            if glyph.text == last.text and abs(glyph.x0 - last.x0) < 1.0:
                continue  # a glyph drawn twice (a producer's fake bold)
            height = min(glyph.bottom - glyph.top, last.bottom - last.top)
            if glyph.x0 - last.x1 > 0.2 * height:
                text += " "
        text += glyph.text
        last = glyph
    return text


def _in_a_box(run: Sequence[Glyph], rows: _BoxRows) -> bool:
    left, right = run[0].x0, max(g.x1 for g in run)
    middle = sum(g.top + g.bottom for g in run) / (2 * len(run))
    return any(x0 - 1 <= left and right <= x1 + 1 and top <= middle <= bottom
               for x0, top, x1, bottom in rows.near(middle, middle))


def _margin_codes(members: Sequence[Glyph], height: float, boxes: _BoxRows) -> int:
    """Where a code printed in the margin, level with the line and apart from it, starts among the
    line's glyphs (len(members) if none): not a box's label (a box is drawn round that)."""
    for index in range(len(members) - 1, 0, -1):
        if members[index].x0 - max(g.x1 for g in members[:index]) > MARGIN_GAP * height:
            run = members[index:]
            if is_stamp_or_code(_spelled(run)) and not _in_a_box(run, boxes):
                return index
            break
    return len(members)


BOX_LINES = 3.0  # a rectangle up to this many of a glyph's heights tall round it is a box over a line


def _box_round(glyph: Glyph, rows: _BoxRows) -> Box | None:
    """The box drawn round a glyph over one line (a redaction box and its code), or None; with
    a point's slack, as a code's ascent may cross the frame."""
    height = glyph.bottom - glyph.top
    return next((box for box in rows.near(glyph.top, glyph.bottom)
                 if box[0] - 1 <= glyph.x0 and glyph.x1 <= box[2] + 1 and box[1] - 1 <= glyph.top
                 and glyph.bottom <= box[3] + 1 and box[3] - box[1] <= BOX_LINES * height), None)


def _middle(glyph: Glyph, box: Box | None) -> float:
    """Where a glyph lies down the page: the middle of the box drawn round it (a redaction box's
    code, however the tool placed it in the box, is on the line the box covers), else its own."""
    return (box[1] + box[3]) / 2 if box else (glyph.top + glyph.bottom) / 2


def lines_by_position(glyphs: Sequence[Glyph], boxes: Sequence[Box] = ()) -> str:
    """A page's characters as lines in reading order, each character on the line whose band
    (the top and bottom of its tallest characters) holds the character's middle.

    Layout family: a PDF redaction tool's overlay (a box's exemption code) is drawn in a
    smaller font, centred in the box or at its top left, its baseline a few points off the
    line it sits in; ordering by top edge within a tolerance reads it as a line of its own
    above or below its line, the label bare. Its middle still lies within the line. Smaller
    text beside a taller line joins it only so, one line of it: several small lines stacked
    beside a tall one (an address beside a letterhead's name, body lines beside a drop
    capital) are lines of their own. A code in the margin level with a line (no box round it,
    far right of the line's text) is a line of its own after it, as a scan's layer prints it:
    the email's code, not part of a value. ``boxes``: the rectangles drawn on the page (x0,
    top, x1, bottom).
    """
    rows = _BoxRows(boxes)
    lines: list[_PlacedLine] = []
    for glyph in sorted((g for g in glyphs if g.text.strip()), key=lambda g: (-(g.bottom - g.top), g.top, g.x0)):
        box = _box_round(glyph, rows)
        middle = _middle(glyph, box)
        holding = [line for line in lines if line.top <= middle <= line.bottom
                   and glyph.bottom - glyph.top >= SMALLER * (line.bottom - line.top)]
        if holding:
            min(holding, key=lambda line: abs(line.middle - middle)).glyphs.append(glyph)
        else:
            lines.append(_PlacedLine(glyph.top, glyph.bottom, middle, [glyph], boxed=box is not None))
    for small in sorted(lines, key=lambda line: line.bottom - line.top):
        tall = [line for line in lines if line is not small and line.glyphs
                and line.top <= small.middle <= line.bottom and small.height < SMALLER * line.height]
        if not tall or not small.glyphs:
            continue
        into = min(tall, key=lambda line: abs(line.middle - small.middle))
        stacked = [line for line in lines if line is not into and line.glyphs and line.height < SMALLER * into.height
                   and into.top <= line.middle <= into.bottom]
        inside = min(g.x0 for g in into.glyphs) <= small.glyphs[0].x0 and max(g.x1 for g in small.glyphs) <= max(
            g.x1 for g in into.glyphs)
        if inside or small.boxed or len(stacked) == 1:  # an overlay on the line: among its words, in a box over
            into.glyphs.extend(small.glyphs)  # it, or the one small line in its band
            small.glyphs = []
    texts = []
    for line in sorted((line for line in lines if line.glyphs),  # lines level at the top: left first
                       key=lambda line: (round(line.top), min(g.x0 for g in line.glyphs), line.bottom)):
        members = sorted(line.glyphs, key=lambda g: (g.x0, g.top))
        margin = _margin_codes(members, line.bottom - line.top, rows)
        texts.append(_spelled(members[:margin]))
        if margin < len(members):
            texts.append(_spelled(members[margin:]))
    return "\n".join(texts)


SMALLER = 0.7  # of a line's height, the least a character's is to join it as its own size


@dataclass
class _PlacedLine:
    top: float
    bottom: float
    middle: float
    glyphs: list[Glyph]
    boxed: bool = False  # its first glyph lies in a box drawn over a line (placed at the box's middle)

    @property
    def height(self) -> float:
        return self.bottom - self.top


class _BoxRows:
    """The rectangles drawn on a page, found by the rows they cross (a table of hundreds of cells
    is not searched whole for each character)."""

    ROW = 10.0  # points

    def __init__(self, boxes: Sequence[Box]) -> None:
        self.rows: dict[int, list[Box]] = {}
        for box in boxes:
            for row in range(int(box[1] // self.ROW), int(box[3] // self.ROW) + 1):
                self.rows.setdefault(row, []).append(box)

    def near(self, top: float, bottom: float) -> list[Box]:
        found = [box for row in range(int(top // self.ROW), int(bottom // self.ROW) + 1) for box in self.rows.get(row, ())]
        return list(dict.fromkeys(found))


def _drawn_out_of_order(textpage: Any) -> bool:
    """Whether the layer's text runs, in the order drawn, come back to a line already left:
    a redaction tool that draws its boxes' codes after the page, or a table drawn column by
    column. PDFium keeps the drawing order, so such a page's codes read after its last line."""
    left_behind: list[tuple[float, float]] = []  # the bands of lines the runs have left
    current: tuple[float, float] | None = None
    for index in range(min(textpage.count_rects(), 2000)):
        _, bottom, _, top = textpage.get_rect(index)
        middle = (bottom + top) / 2
        if current is not None and current[0] <= middle <= current[1]:
            continue  # the same line goes on
        if any(low <= middle <= high for low, high in left_behind):
            return True
        if current is not None:
            left_behind.append(current)
        current = (bottom, top)
    return False


DARK_FILL = 0.5  # a filled rectangle's lightness (0 black, 1 white) at most, to be a redaction box


def _dark_fill(rect: dict[str, Any]) -> bool:
    """Whether a rectangle is filled dark, as a redaction box is: a table's shaded cell (light grey
    behind a label two lines tall) or a cell's stroked border is none (layout family: eDiscovery
    renders of messages, whose label cells are shaded; read as a box, a label's letters stood a
    line each)."""
    if not rect.get("fill"):
        return False
    colour = rect.get("non_stroking_color")
    values = [float(v) for v in colour] if isinstance(colour, list | tuple) else [float(colour)] if isinstance(
        colour, int | float) else []
    if len(values) == 4:  # CMYK
        lightness = (1 - values[3]) * (1 - sum(values[:3]) / 3)
    else:
        lightness = sum(values) / len(values) if values else 0.0  # none given: the default, black
    return lightness <= DARK_FILL


def _positional_text(page: Any) -> str:
    """A born-digital pdfplumber page's text by where its characters are drawn
    (:func:`lines_by_position`); text turned off the horizontal after it, a line for each run."""
    upright = [Glyph(float(c["x0"]), float(c["x1"]), float(c["top"]), float(c["bottom"]), str(c["text"]))
               for c in page.chars if c.get("upright", True)]
    turned = " ".join(str(c["text"]) for c in page.chars if not c.get("upright", True))
    boxes = [(float(r["x0"]), float(r["top"]), float(r["x1"]), float(r["bottom"])) for r in page.rects if _dark_fill(r)]
    text = lines_by_position(upright, boxes)
    return _unmapped_glyphs(text + ("\n" + turned if turned.strip() else ""))


# -- words under a box -------------------------------------------------------------------------
# Page family: a box drawn over words that are still in the file. A PDF "redacted" by drawing a
# black rectangle (or a filled Square annotation) over its text shows a box on the page, but
# its text layer still holds the words: every text extractor reads them. Such a character
# cannot be seen; it is not the page's text. What the page shows (the box, a white code
# printed on it) is read as before.
#
# The shapes and colours only name the characters that may be hidden (inside a dark filled
# shape's bounds, drawn dark); the page as PDFium draws it decides: a character is hidden where
# the page shows one flat dark colour over it. Drawing order, clipping, shapes that are not
# rectangles, transparency, colour spaces and text drawn as outlines are all in the drawing,
# and a frame drawn black then filled white, a red banner with black words, a dark background
# under a scan are not boxes over words.

DARK = 0.35  # luminance (0 black, 1 white) at or under which a filled shape may hide dark text
INK = 0.6  # a character PDFium fills lighter than this (a white code on the box) is seen on it
COVERED = 0.7  # of a character's height a box covers to hide it (a strike-through rule does not)
MIN_COVER = 3.0  # points each way: thinner filled shapes are rules and strokes, not boxes
MAX_COVER_OBJECTS = 5000  # paths a page is searched through for boxes (a chart draws thousands)
SHOWN_DPI = 100  # the page drawn to see what it shows over a character
FLAT = 40  # grey levels (of 255) between the 2nd and 98th percentile of a flat area: no glyph shows
_SQUARE_ANNOTATION = 5  # PDF annotation subtype /Square
PdfRect = tuple[float, float, float, float]  # left, bottom, right, top in PDF page coordinates


def _luminance(red: float, green: float, blue: float) -> float:
    return 0.299 * red + 0.587 * green + 0.114 * blue


def _pdfium_colour(getter: Callable[..., Any], *args: Any) -> tuple[float, float] | None:
    """(luminance, alpha), each 0 to 1, of a colour PDFium reports through ``getter``; None if none."""
    import ctypes

    parts = [ctypes.c_uint() for _ in range(4)]
    if not getter(*args, *(ctypes.byref(part) for part in parts)):
        return None
    red, green, blue, alpha = (part.value / 255 for part in parts)
    return _luminance(red, green, blue), alpha


def _placed(obj: Any) -> tuple[PdfRect, bool]:
    """A PDFium page object's bounds on the page and whether it is drawn turned or skewed:
    PDFium gives an object inside a form XObject its bounds in the form's space, so each form it
    is in places it (a form drawn scaled at the page's middle put a box at the page's foot, over
    its Bates stamp)."""
    bounds = obj.get_bounds()
    matrix = obj.get_matrix()
    turned = bool(matrix.b or matrix.c)
    container = obj.container
    while container is not None:
        matrix = container.get_matrix()
        bounds = matrix.on_rect(*bounds)
        turned = turned or bool(matrix.b or matrix.c)
        container = container.container
    return bounds, turned


def dark_covers(page: Any) -> list[PdfRect]:
    """The dark filled shapes drawn on a PDFium page that may hide what is under them (their
    bounds): filled paths, Square annotations filled dark (PDFium draws annotations), and
    pictures of one flat dark colour smaller than a scan (a box stamped as an image)."""
    import ctypes

    import pypdfium2 as pdfium

    raw = pdfium.raw
    covers: list[PdfRect] = []

    def add(left: float, bottom: float, right: float, top: float) -> None:
        if right - left >= MIN_COVER and top - bottom >= MIN_COVER:
            covers.append((left, bottom, right, top))

    for obj in itertools.islice(page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=2), MAX_COVER_OBJECTS):
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        if not raw.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill), ctypes.byref(stroke)) or not fill.value:
            continue
        colour = _pdfium_colour(raw.FPDFPageObj_GetFillColor, obj.raw)
        if colour is None or colour[0] > DARK or colour[1] < 0.9:
            continue
        try:
            add(*_placed(obj)[0])
        except pdfium.PdfiumError:
            continue
    for index in range(min(raw.FPDFPage_GetAnnotCount(page.raw), MAX_COVER_OBJECTS)):
        annotation = raw.FPDFPage_GetAnnot(page.raw, index)
        try:
            if raw.FPDFAnnot_GetSubtype(annotation) != _SQUARE_ANNOTATION:
                continue
            colour = _pdfium_colour(raw.FPDFAnnot_GetColor, annotation, raw.FPDFANNOT_COLORTYPE_InteriorColor)
            rect = raw.FS_RECTF()
            if colour is not None and colour[0] <= DARK and raw.FPDFAnnot_GetRect(annotation, ctypes.byref(rect)):
                add(rect.left, min(rect.bottom, rect.top), rect.right, max(rect.bottom, rect.top))
        finally:
            raw.FPDFPage_CloseAnnot(annotation)
    width, height = page.get_size()
    images = page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2)
    for obj in itertools.islice(images, MAX_BOX_IMAGES):  # a box stamped as a picture of one
        try:
            (left, bottom, right, top), turned = _placed(obj)
            pixels = obj.get_px_size()
            if (turned or (right - left) * (top - bottom) >= SCAN_COVERAGE * width * height
                    or pixels[0] * pixels[1] > MAX_BOX_IMAGE_PIXELS or not _flat_dark(obj)):
                continue
        except (pdfium.PdfiumError, OSError, ValueError):
            continue
        add(left, bottom, right, top)
    return covers


MAX_BOX_IMAGES = 16  # images of a page looked at as boxes
MAX_BOX_IMAGE_PIXELS = 1_000_000  # larger pictures are not decoded to see whether they are boxes


def _flat_dark(image_object: Any) -> bool:
    """Whether an image is one flat dark colour: a box stamped as a picture."""
    import numpy as np

    pixels = np.asarray(image_object.get_bitmap(render=False).to_pil().convert("L"))
    if pixels.size == 0:
        return False
    low, high = np.percentile(pixels, (2, 98))
    return bool(high - low <= FLAT and pixels.mean() <= DARK * 255)


class _Covers(_BoxRows):
    """A page's dark shapes (PdfRect: bottom before top, so found by rows as boxes are), found by
    the rows of the page they cross (a page of shaded table cells or outlined glyphs draws
    thousands; each character is not compared with all of them)."""

    def meets(self, left: float, low: float, right: float, high: float) -> bool:
        """Whether a rectangle meets one of the shapes."""
        return any(x0 < right and left < x1 and y0 < high and low < y1 for x0, y0, x1, y1 in self.near(low, high))

    def holding(self, left: float, bottom: float, right: float, top: float) -> PdfRect | None:
        """The shape a character's middle lies in, most of its height covered, or None."""
        middle_x, middle_y, tall = (left + right) / 2, (bottom + top) / 2, max(top - bottom, 1e-6)
        return next(((x0, y0, x1, y1) for x0, y0, x1, y1 in self.near(middle_y, middle_y)
                     if x0 <= middle_x <= x1 and y0 <= middle_y <= y1 and min(top, y1) - max(bottom, y0) >= COVERED * tall),
                    None)


class _Shown:
    """The page as PDFium draws it (grey, at SHOWN_DPI), to see what it shows over an area."""

    def __init__(self, page: Any, printed_over: Sequence[PdfRect] = ()) -> None:
        """``printed_over``: where characters are printed light over the boxes (a white code over
        the words it hides), not counted by :meth:`flat_dark`, with a pixel round each, where
        its edge is smoothed."""
        import numpy as np

        self.page = page
        self.pixels = np.asarray(page.render(scale=SHOWN_DPI / 72, grayscale=True).to_pil().convert("L"))
        self.seen = np.ones(self.pixels.shape, dtype=bool)
        for glyph in printed_over:
            x0, y0, x1, y1 = self._pixels(glyph)
            self.seen[max(y0 - 1, 0):y1 + 1, max(x0 - 1, 0):x1 + 1] = False

    def _device(self, x: float, y: float) -> tuple[int, int]:
        """The pixel of a point of the page as PDFium draws it (its crop box, turned by /Rotate)."""
        import ctypes

        import pypdfium2 as pdfium

        across, down = ctypes.c_int(), ctypes.c_int()
        high, wide = self.pixels.shape
        pdfium.raw.FPDF_PageToDevice(self.page.raw, 0, 0, wide, high, 0, x, y, ctypes.byref(across), ctypes.byref(down))
        return across.value, down.value

    def _pixels(self, rect: PdfRect, inset: float = 0.0) -> tuple[int, int, int, int]:
        """The rows and columns (x0, y0, x1, y1) ``rect`` covers, ``inset`` of each side in."""
        corners = [self._device(x, y) for x in (rect[0], rect[2]) for y in (rect[1], rect[3])]
        x0, x1 = min(c[0] for c in corners), max(c[0] for c in corners)
        y0, y1 = min(c[1] for c in corners), max(c[1] for c in corners)
        cut_x, cut_y = int((x1 - x0) * inset), int((y1 - y0) * inset)
        return max(x0 + cut_x, 0), max(y0 + cut_y, 0), max(x1 - cut_x, x0 + cut_x + 1), max(y1 - cut_y, y0 + cut_y + 1)

    def flat_dark(self, rect: PdfRect, inset: float) -> bool:
        """Whether the page shows one flat dark colour over ``rect`` (``inset`` of each side in),
        where no character is printed over it."""
        import numpy as np

        x0, y0, x1, y1 = self._pixels(rect, inset)
        area = self.pixels[y0:y1, x0:x1]
        shown = area[self.seen[y0:y1, x0:x1]]
        if area.size == 0:
            return False
        if shown.size == 0:
            return True  # all of it under the characters printed over it
        low, high = np.percentile(shown, (2, 98))
        return bool(high - low <= FLAT and shown.mean() <= DARK * 255)


@dataclass(frozen=True)
class Covered:
    """What the dark boxes drawn on a page hide (:func:`covered`)."""

    text: str  # PDFium's text of the page without the characters hidden
    glyphs: tuple[tuple[PdfRect, str], ...]  # each hidden character and where it is drawn
    boxes_over_print: int  # boxes drawn over an image of the page that prints under them

    @property
    def hidden(self) -> int:
        """Characters hidden, spaces not counted."""
        return sum(not char.isspace() for _, char in self.glyphs)


def covered(page: Any, textpage: Any) -> Covered | None:
    """What the boxes drawn on a PDFium page hide, or None if it has none (its text is
    PDFium's). Only the lines whose runs meet a box are read a character at a time."""
    import pypdfium2 as pdfium

    covers = dark_covers(page)
    if not covers:
        return None
    raw = pdfium.raw
    rows = _Covers(covers)
    count = min(textpage.count_chars(), MAX_TEXT_PER_PAGE)
    text = textpage.get_text_range(0, count)
    if len(text) != count:  # characters past U+FFFF: the text's places are not PDFium's indices
        text = "".join(chr(raw.FPDFText_GetUnicode(textpage.raw, index)) for index in range(count))
    candidates: dict[int, tuple[PdfRect, PdfRect]] = {}  # a character: its glyph, the box it is in
    printed_over: list[PdfRect] = []  # light characters on the boxes (their codes)
    start = 0
    for end in [*(m.start() for m in re.finditer("\n", text)), len(text)]:
        if end > start and _run_meets(textpage, start, end - start, rows):
            for index in range(start, end):
                if text[index] in "\r\n" or raw.FPDFText_IsGenerated(textpage.raw, index):
                    continue
                colour = _pdfium_colour(raw.FPDFText_GetFillColor, textpage.raw, index)
                left, bottom, right, top = textpage.get_charbox(index)
                if (cover := rows.holding(left, bottom, right, top)) is not None:
                    if colour is None or colour[0] < INK:
                        candidates[index] = ((left, bottom, right, top), cover)
                    else:
                        printed_over.append((left, bottom, right, top))
        start = end + 1
    over_print = _boxes_over_images(page, covers)
    if not candidates and not over_print:
        return Covered(text, (), 0)
    shown = _Shown(page, printed_over)
    unseen = {index: glyph for index, (glyph, cover) in candidates.items()
              if text[index].isspace() or shown.flat_dark(_with_ground(textpage, index, glyph, cover), 0.0)}
    kept: list[str] = []
    for index, char in enumerate(text):
        if index in unseen:
            continue
        if index - 1 in unseen and kept and not kept[-1].isspace() and not char.isspace():
            kept.append(" ")  # a run left out is a space where words would meet
        kept.append(char)
    boxes = sum(shown.flat_dark(box, 1 / 6) for box in over_print)
    if all(text[index].isspace() for index in unseen):  # spaces alone between words the page shows
        return Covered(text, (), boxes)
    return Covered("".join(kept), tuple((rect, text[index]) for index, rect in unseen.items()), boxes)


GROUND = 0.25  # of a character's line height, the ground looked at round its glyph


def _with_ground(textpage: Any, index: int, glyph: PdfRect, cover: PdfRect) -> PdfRect:
    """A character's glyph with the ground round it that lies in the box it is in: a glyph's own
    box can be all ink (an "l", a dash, a scan's word under its OCR layer), which is not a flat
    dark area over it; outside the box is not what the box shows."""
    loose = textpage.get_charbox(index, loose=True)
    pad = GROUND * max(loose[3] - loose[1], glyph[3] - glyph[1])
    return (max(glyph[0] - pad, cover[0]), max(glyph[1] - pad, cover[1]),
            min(glyph[2] + pad, cover[2]), min(glyph[3] + pad, cover[3]))


def _run_meets(textpage: Any, start: int, count: int, covers: _Covers) -> bool:
    """Whether the rectangles PDFium gives a run of characters meet one of ``covers``."""
    for index in range(textpage.count_rects(start, count)):
        left, top, right, bottom = textpage.get_rect(index)
        if covers.meets(left, min(top, bottom), right, max(top, bottom)):
            return True
    return False


INK_UNDER = (0.02, 0.6)  # the share of dark pixels under a box, inside its edges, that is print
MAX_IMAGES_UNDER = 4  # images of a page decoded to look under its boxes


def _boxes_over_images(page: Any, covers: Sequence[PdfRect]) -> list[PdfRect]:
    """The ``covers`` drawn over an image of the page that prints under them (page family: black
    boxes drawn over a scan, the scan left whole: anyone can take the image out of the file and
    read what the boxes hide). Looked at inside each box, a sixth of each side in; an image drawn
    turned or skewed is not looked under. Whether the page shows the box there is for the
    caller (:class:`_Shown`)."""
    import pypdfium2 as pdfium

    left_to_see = list(covers)
    found: list[PdfRect] = []
    images = itertools.islice(page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE], max_depth=2), MAX_IMAGES_UNDER)
    for obj in images:
        try:
            (left, bottom, right, top), turned = _placed(obj)
            if turned or right - left < MIN_COVER or top - bottom < MIN_COVER:
                continue
            under = [box for box in left_to_see if left <= box[0] and box[2] <= right and bottom <= box[1] and box[3] <= top]
            if not under:
                continue
            image = obj.get_bitmap(render=False).to_pil().convert("L")
        except (pdfium.PdfiumError, OSError, ValueError):
            continue
        across, down = image.width / (right - left), image.height / (top - bottom)
        for box in under:
            left_to_see.remove(box)
            x0, y0, x1, y1 = box
            inset_x, inset_y = (x1 - x0) / 6, (y1 - y0) / 6
            crop = image.crop((int((x0 + inset_x - left) * across), int((top - y1 + inset_y) * down),
                               int((x1 - inset_x - left) * across), int((top - y0 - inset_y) * down)))
            counts = crop.histogram()
            if INK_UNDER[0] <= sum(counts[:128]) / max(sum(counts), 1) <= INK_UNDER[1]:
                found.append(box)
    return found


def _aligned(page: Any) -> bool:
    """Whether pdfplumber's places on the page are PDFium's turned upside down: not rotated, its
    crop box its media box, at the origin."""
    media = page.get_mediabox()
    return bool(page.get_rotation() == 0 and media[:2] == (0, 0) and page.get_cropbox() == media)


def _without_hidden(page: Any, glyphs: Sequence[tuple[Box, str]]) -> Any:
    """A pdfplumber page without the hidden characters ``glyphs`` (PDFium's: where each is drawn,
    top left points, and what it is), the page itself if none. A character is one of them if it
    is the same character drawn where it is: not a code printed over it."""
    if not glyphs:
        return page

    def hidden(obj: dict[str, Any]) -> bool:
        # across, its middle in the glyph; down, its line's box meeting the glyph's (pdfplumber's box is
        # the font's whole height, PDFium's the glyph's own: a comma's lies below the line's middle)
        middle_x, top, bottom = (float(obj["x0"]) + float(obj["x1"])) / 2, float(obj["top"]), float(obj["bottom"])
        return any(text == obj.get("text") and x0 - 0.5 <= middle_x <= x1 + 0.5 and top <= y1 + 0.5 and y0 - 0.5 <= bottom
                   for (x0, y0, x1, y1), text in glyphs)

    return page.filter(lambda obj: obj.get("object_type") != "char" or not hidden(obj))


def read_text_pages(path: Path) -> Iterator[TextPage]:
    """Each page's text layer, in order; a page that cannot be read has empty text."""
    check_stream_sizes(path)
    with PDFIUM_LOCK:
        pdf = _open(path)
        count = len(pdf)
    plumbed = _Plumbed(path)
    try:
        for index in range(count):
            with PDFIUM_LOCK:
                page = pdf[index]
                try:
                    width, height = page.get_size()
                    textpage = page.get_textpage()
                    try:
                        boxed = covered(page, textpage)
                    except Exception:  # noqa: BLE001 - a page whose boxes cannot be looked at keeps PDFium's text
                        boxed = None
                    text = clean_text(boxed.text if boxed else textpage.get_text_range())
                    hidden, hidden_boxes = (boxed.hidden, boxed.boxes_over_print) if boxed else (0, 0)
                    # pdfplumber reads the page only where its places are PDFium's, or nothing is hidden
                    plumbable = not hidden or _aligned(page)
                    glyphs = [((left, height - top, right, height - bottom), char)
                              for (left, bottom, right, top), char in (boxed.glyphs if boxed else ())]
                    digest, scanned = _images(page, width, height)
                    # a print of email (a header label starts a line) whose drawing order is not its reading order
                    disordered = not scanned and bool(_LABEL_STARTS_LINE.search(text)) and _drawn_out_of_order(textpage)
                    textpage.close()
                except Exception:  # a broken page: OCR gets a chance at it
                    text, digest, width, height, scanned, disordered = "", "", 612.0, 792.0, False, False
                    hidden, hidden_boxes, glyphs, plumbable = 0, 0, [], True
                finally:
                    page.close()
            lone_labels = len(_LONE_LABEL.findall(text)) >= 2
            if plumbable and not scanned and (disordered or lone_labels or hidden):
                # a born-digital page: every character where it is drawn (a box's code in its line)
                text = clean_text(plumbed.read(index + 1, _positional_text, glyphs) or text)
            elif plumbable and lone_labels:
                text = clean_text(plumbed.read(index + 1, _layout_text, glyphs) or text)
            yield TextPage(index + 1, text, digest, width, height, scanned, hidden, hidden_boxes)
    finally:
        plumbed.close()
        with PDFIUM_LOCK:
            pdf.close()


def text_layer(path: str) -> list[TextPage]:
    """Every page's text layer at once (``read_text_pages``): what a worker process reads for
    the pipeline, so the pages of several files are read side by side."""
    return list(read_text_pages(Path(path)))


BLANK_LABELS = ("From", "To", "Cc")
BAND_LINES = 12.0  # character heights above and below a blank label: its header's Sent: line too


def nothing_beside(text: str) -> bool:
    """Whether the text a layer prints on a label's row, right of it, leaves the label blank:
    specks that name no party ("Ho" for "H"), or only a release stamp or a redaction box's code
    in the margin (page family: stamps printed level with a header's rows, "RELEASE IN PART B5" /
    "B6")."""
    from .headers import REDACTION_WORD, parse_parties

    value = " ".join(text.split()).strip(" .,;:'`_|-")
    spans = exemption_spans(value)
    if len(spans) == 1 and spans[0][:2] == (0, len(value)):
        return False  # one code alone: the value's redaction (read again, the band gives the code)
    if value and not REDACTION_WORD.sub("", value).strip():
        return False  # a redaction tool's word ("[REDACTED]"): the value is withheld, not lost
    return not value or is_stamp_or_code(text) or not parse_parties(text)


def blank_label_bands(path: Path, number: int) -> list[tuple[float, float]]:
    """Bands of the page (top, bottom in points from its top) around each From:, To: or
    Cc: label its text layer prints with nothing beside it, overlapping bands merged."""
    with PDFIUM_LOCK:
        pdf = _open(path)
        try:
            page = pdf[number - 1]
            text = page.get_textpage()
            width, height = page.get_size()
            bands: list[tuple[float, float]] = []
            for label in BLANK_LABELS:
                search = text.search(label, match_case=True, match_whole_word=True)
                while (found := search.get_next()) is not None:
                    first, count = found
                    _, bottom, _, top = text.get_charbox(first)
                    right = text.get_charbox(first + count - 1)[2]
                    beside = text.get_text_bounded(left=right + 0.5, bottom=bottom, right=width, top=top)
                    if nothing_beside(beside):
                        reach = BAND_LINES * max(top - bottom, 1.0)
                        bands.append((max(height - top - reach, 0.0), min(height - bottom + reach, height)))
        finally:
            pdf.close()
    return _merged(bands)


BOXED_LABELS = ("From", "To", "Cc", "Subject")
BOXED_BAND_LINES = 1.0  # character heights above and below: a box drawn over a line reaches past it
BOX_CODE = "(b)("  # a code as an outlined box prints it


def header_label_bands(path: Path, number: int) -> list[tuple[float, float]]:
    """Bands of the page (top, bottom in points from its top) around each From:, To:, Cc: or
    Subject: label its text layer prints, a line high and a little more: where an outlined box
    crossing a header line is looked for (:func:`ingest.ocr.find_outlined_boxes`). None unless
    the layer prints a code as such boxes print it inside, ``(b)(``."""
    bands: list[tuple[float, float]] = []
    with PDFIUM_LOCK:
        pdf = _open(path)
        try:
            page = pdf[number - 1]
            text = page.get_textpage()
            height = page.get_size()[1]
            labels = BOXED_LABELS if text.search(BOX_CODE, match_case=False).get_next() else ()
            for label in labels:
                search = text.search(label, match_case=True, match_whole_word=True)
                while (found := search.get_next()) is not None:
                    _, bottom, _, top = text.get_charbox(found[0])
                    reach = BOXED_BAND_LINES * max(top - bottom, 1.0)
                    bands.append((max(height - top - reach, 0.0), min(height - bottom + reach, height)))
        finally:
            pdf.close()
    return _merged(bands)


def _merged(bands: list[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for top, bottom in sorted(bands):
        if merged and top <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], bottom))
        else:
            merged.append((top, bottom))
    return merged


def render_page(path: Path, number: int, dpi: int = 300) -> Image.Image:
    """Render one page as a grayscale image for OCR, with bounded pixel count."""
    return _render(path, number, dpi, None)[0]


def ink_in_boxes(path: Path, number: int, boxes: Sequence[tuple[float, float, float, float]],
                 dpi: int = 36) -> list[float]:
    """Each box's share of dark pixels on the page as shown (rendered small: ``dpi``), a box given
    as (left, top, right, bottom) fractions of the page from its top left: what a page prints
    where a stamp would go."""
    image = render_page(path, number, dpi=dpi)
    shares = []
    for left, top, right, bottom in boxes:
        area = (int(left * image.width), int(top * image.height), max(int(left * image.width) + 1, int(right * image.width)),
                max(int(top * image.height) + 1, int(bottom * image.height)))
        region = image.crop(area).convert("L")
        dark = region.point(lambda value: 255 if value < _DARK else 0).histogram()[255]
        shares.append(dark / max(1, region.width * region.height))
    return shares


_DARK = 128  # a pixel darker than this is printed


def page_png(path: Path, number: int, dpi: int) -> bytes:
    """One page rendered (:func:`render_page`) as PNG bytes: the site's page image."""
    import io

    buffer = io.BytesIO()
    render_page(path, number, dpi=dpi).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def render_bands(path: Path, number: int, bands: Sequence[tuple[float, float]], dpi: int = 300) -> list[Image.Image]:
    """Bands of a page (top, bottom in points from its top) rendered alone: each the very pixel
    rows the whole page's rendering has there (from ``int(top * s)`` to ``ceil(bottom * s)``,
    ``s`` its pixels per point down), at the cost of drawing only those rows."""
    return _render(path, number, dpi, bands)


def _render(path: Path, number: int, dpi: int, bands: Sequence[tuple[float, float]] | None) -> list[Image.Image]:
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
            high = math.ceil(height * scale)
            # PDFium stretches the page over ceil(width * scale) by ceil(height * scale) pixels, each
            # side rounded up apart: rows are placed by the pixels per point down (on a tall page
            # scaled down, those across put a band a line and more above the lines it names)
            rows = _band_rows(bands, high / max(height, 1e-9), high)
            try:
                # pypdfium2 cuts ceil(points * scale) pixels off each edge: half a pixel short of a row
                # boundary lands on it
                return [page.render(scale=scale, grayscale=True,
                                    crop=(0, max(high - end - 0.5, 0) / scale, 0, max(first - 0.5, 0) / scale)).to_pil()
                        for first, end in rows]
            except pdfium.PdfiumError as exc:
                raise PageError(path, f"the page could not be rendered ({exc})", page=number) from exc
            finally:
                page.close()
        finally:
            pdf.close()


def _band_rows(bands: Sequence[tuple[float, float]] | None, per_point: float, high: int) -> list[tuple[int, int]]:
    """(first row, end row) of each band in a rendering ``high`` rows high; the whole page for None."""
    if bands is None:
        return [(0, high)]
    rows = []
    for top, bottom in bands:
        first = min(max(int(top * per_point), 0), high - 1)
        rows.append((first, min(max(math.ceil(bottom * per_point), first + 1), high)))
    return rows


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


@functools.lru_cache(maxsize=64)  # the archive's originals never change (stored by SHA-256)
def page_words(path: Path, number: int) -> tuple[tuple[float, float, float, float, str], ...]:
    """The words of a page's text layer and where each lies, (x0, top, x1, bottom, text) in points
    from the page's top left (pdfplumber); () when the page has none or cannot be read."""
    import pdfplumber

    try:
        with pdfplumber.open(path, pages=[number]) as pdf:
            page = pdf.pages[0]
            try:
                return tuple((float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"]), str(w["text"]))
                             for w in page.extract_words())
            finally:
                page.close()
    except Exception:  # pdfplumber raises many kinds; a page without positions is shown whole
        return ()


def page_height(path: Path, number: int) -> float:
    """Page ``number``'s height in points."""
    with PDFIUM_LOCK:
        pdf = _open(path)
        try:
            return float(pdf[number - 1].get_size()[1])
        finally:
            pdf.close()


def crop_band(png: Path | bytes, height: float, top: float, bottom: float) -> bytes:
    """A band of a page's image (the page ``height`` points high), ``top`` to ``bottom`` points
    down the page (clamped to the image), as PNG bytes: rows by the image's own pixels per point
    down, since a giant page's image is scaled down below the resolution asked for."""
    import io

    from PIL import Image

    with Image.open(png if isinstance(png, Path) else io.BytesIO(png)) as image:
        per_point = image.height / max(height, 1e-9)
        first = min(max(0, round(top * per_point)), image.height - 1)
        band = image.crop((0, first, image.width, min(image.height, max(first + 1, round(bottom * per_point)))))
        out = io.BytesIO()
        band.save(out, format="PNG", optimize=True)
    return out.getvalue()
