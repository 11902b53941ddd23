"""Page images for reading: rendered from the original PDF, cached on disk.

Cache files are named by the PDF's SHA-256, the page and the resolution, so a
cached image can never show another file's page, and the cache can be deleted
at any time. A cache that cannot be written (a read-only data folder) only costs
a render per request. Bands of a page (a passage's lines) are kept in the process's memory,
bounded, never in files a request could add without end.

PDFium renders in a child process of its own, bounded in time (``RENDER_SECONDS``):
a released file is untrusted, and a page that crashes PDFium would end the web
process with every request in it, one that hangs it would hold a request thread for
ever (gunicorn's threaded workers never time one out). A page is given up after two
children died on it (once may be the machine's: the OOM killer, a kill, a slow render
under load) and is then remembered beside the cache (``.failed``, and in the process
when the cache cannot be written), so asking again costs nothing. The child closes the
client sockets it inherited (held open, they would delay the end of other responses).
"""

from __future__ import annotations

import math
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from werkzeug.exceptions import BadRequest

from archive import Archive, Document, NotFound
from ingest.isolated import BrokenProcessPool, alone, without_sockets

RENDER_SECONDS = 30  # one page image rendered (or its height read) at most
MAX_HEIGHTS = 4096  # pages whose height in points (or failure to draw) this process remembers
MAX_BAND_BYTES = 64 * 2**20  # bands of pages this process keeps cut (the redaction log's side-by-side copies)
_T = TypeVar("_T")
_HEIGHTS: dict[tuple[str, int], float] = {}
_BANDS: OrderedDict[tuple[str, int, int, int, int], bytes] = OrderedDict()
_BAND_BYTES = 0
_BANDS_LOCK = threading.Lock()
_FAILED: dict[str, str] = {}  # pages PDFium could not draw, by their marker's path


def cache_path(archive: Archive, document: Document, number: int, dpi: int) -> Path:
    sha = document.sha256
    return archive.home / "cache" / "pages" / sha[:2] / f"{sha}-p{number}-{dpi}.png"


def page_png(archive: Archive, document: Document, number: int, dpi: int) -> Path | bytes:
    """The PNG of one page: a cached file, or freshly rendered bytes if it cannot be cached."""
    cached = cache_path(archive, document, number, dpi)
    if cached.is_file() and 1 <= number <= document.page_count:
        return cached
    source = _source(archive, document, number)
    from ingest.pdf import page_png as render

    data = _rendered(cached, document, number, render, source, number, dpi)
    return cached if _store(cached, data) else data


def _store(path: Path, data: bytes) -> bool:
    """``data`` written to ``path`` in the cache at once (a reader never sees half of it);
    False when the cache cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".render-", suffix=path.suffix)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        return False
    return True


def page_band_png(archive: Archive, document: Document, number: int, dpi: int, top: int, bottom: int,
                  cutting: Callable[[], None] = lambda: None) -> bytes:
    """The band of a page image from ``top`` to ``bottom`` points down the page (a passage and
    the lines around it; its bottom at most the page's), cut from the page's image at ``dpi``,
    kept in this process's memory (``MAX_BAND_BYTES``, the least recently asked for let go: no
    file a request could add without end). ``cutting`` is called before a band not kept is cut
    (what costs: the page's image rendered or read whole), and may refuse it by raising."""
    from ingest.pdf import crop_band

    height = _height(document, number, _source(archive, document, number))
    if top >= height:
        raise BadRequest(f"parameter 'band' starts {top} points down page {number}, which is {height:.0f} points "
                         "high: give a band on the page")
    key = (document.sha256, number, dpi, top, min(bottom, math.ceil(height)))
    with _BANDS_LOCK:
        if (kept := _BANDS.get(key)) is not None:
            _BANDS.move_to_end(key)
            return kept
    cutting()
    data = crop_band(page_png(archive, document, number, dpi), height, top, key[4])
    global _BAND_BYTES  # noqa: PLW0603 (one process's memory of bands, under its lock)
    with _BANDS_LOCK:
        if key not in _BANDS and len(data) <= MAX_BAND_BYTES:
            _BANDS[key] = data
            _BAND_BYTES += len(data)
            while _BAND_BYTES > MAX_BAND_BYTES:
                _BAND_BYTES -= len(_BANDS.popitem(last=False)[1])
    return data


def _source(archive: Archive, document: Document, number: int) -> Path:
    """The original PDF a page is drawn from (NotFound: no such page, or the file is missing)."""
    if not 1 <= number <= document.page_count:
        raise NotFound(f"document {document.id} has no page {number}")
    source = archive.original(document)
    if not source.is_file():
        raise NotFound(f"the original PDF of document {document.id} ({document.filename}) is missing "
                       "from the file store; `foia verify` reports it")
    return source


def _height(document: Document, number: int, source: Path) -> float:
    """A page's height in points, read by PDFium in a child process once a page (bands of one
    page, side by side in the redaction log, fork once; a bounded memory of them)."""
    from ingest.pdf import page_height

    key = (document.sha256, number)
    if key not in _HEIGHTS:
        if len(_HEIGHTS) >= MAX_HEIGHTS:
            _HEIGHTS.clear()
        _HEIGHTS[key] = _rendered(None, document, number, page_height, source, number)
    return _HEIGHTS[key]


def _failed(cached: Path) -> Path:
    return cached.with_suffix(".failed")


def _rendered(cached: Path | None, document: Document, number: int, work: Callable[..., _T],
              *args: object) -> _T:
    """``work(*args)``: PDFium's PNG of a page, made in a child process; NotFound, saying why,
    when PDFium cannot render it, crashed or ran out of time (remembered beside ``cached``)."""
    from ingest.errors import IngestError

    failed = _failed(cached) if cached else None
    known = _FAILED.get(str(failed)) if failed else None
    if failed and known is None and failed.is_file():
        known = failed.read_text(encoding="utf-8", errors="replace")[:500]
    if known is not None:
        raise NotFound(_cannot(document, number, known))
    for _ in range(2):  # a child's death once may be the machine's (the OOM killer, a kill); twice, the page's
        try:
            return alone(RENDER_SECONDS, work, *args, initializer=without_sockets)
        except IngestError as exc:
            raise NotFound(_cannot(document, number, exc.reason)) from exc
        except BrokenProcessPool:
            continue
    reason = (f"PDFium, which draws the pages, crashed on it twice or took longer than {RENDER_SECONDS} s "
              "(a damaged or hostile file); its text is shown, and the PDF can be downloaded")
    if failed:  # remembered: asking again costs nothing (on disk, else in this process)
        if len(_FAILED) >= MAX_HEIGHTS:
            _FAILED.clear()
        _FAILED[str(failed)] = reason
        _store(failed, reason.encode("utf-8"))
    raise NotFound(_cannot(document, number, reason))


def _cannot(document: Document, number: int, reason: str) -> str:
    return f"page {number} of {document.filename} cannot be shown as an image: {reason}"
