"""Ingest as a recipe of named steps: released PDFs in, stored documents out.

    discover      files and folders -> PDF and native mail paths, in a stable order
    native        .eml, .msg, .mbox, .pst, .ost (known by content): each message an email, stored at once
                  (ingest/native.py), then the PDFs attached to them, as documents of the release
    plan          hash, skip what the archive has, read each page's text layer (by a reader
                  process, a few PDFs ahead, while the parent assembles and stores; PDFium
                  reads files in child processes, so a file that crashes it fails alone; with
                  Celery workers the parent still cuts the pages it sends them)
    ocr           pages whose text is unusable -> render + Tesseract, in a process pool; the
                  bands of header values a text layer left blank, several pages' in one task
    assemble      marks, split into emails, parse headers -> a DocumentRecord
    store         the sink (the archive) commits the document in one transaction
    copies        the batch's emails matched with the copies of their messages already
                  in the archive (same_message.py), once the batch is stored
    quotes        the release's context articles' quotations looked up again, now that it has
                  more emails (articles.relink_quotes)

A document records its file's own name (cleaned as an upload's is: uploads.document_name),
or the name it was sent under when the file waits under a safe one (an upload: ``names``);
a file inside another is named after it ("mail.eml ▸ memo.pdf").

OCR for the next documents runs while earlier ones are assembled and stored,
within a bounded window of pages, so both cores stay busy without holding a
whole batch in memory. One bad file never stops the batch: it is reported with
its reason and the others go on. Ingest does not touch storage itself; it hands
finished records to a sink (the Archive).
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol, TypeVar

from archive import Archive, ArchiveError, ids
from archive.cite import split_bates
from archive.corrections import Structure
from archive.files import sha256_file
from archive.model import PDF, Document, DocumentRecord, EmailRecord, PageRecord, ReleaseReading

from .articles import relink_quotes
from .emails import DAMAGED_ADDRESS, emails_from_pages
from .errors import IngestError, OcrUnavailable, OcrWorkersFailed, PageError, ReaderGaveUp
from .isolated import alone, bounded
from .marks import (
    bare_stamps,
    bates_pattern,
    find_bates,
    learn_bates_pattern,
    mend_bates_run,
    page_exemptions,
    read_with_release_stamps,
    stamps_as_printed,
    underscores_restored,
)
from .mime import MailLimits
from .native import MAIL_SUFFIXES, MEDIA_TYPES, read_native, refusal, sniff
from .ocr import OcrEngine, OcrResult, Tesseract, limit_threads, tesseract_version
from .ocr_cache import OcrCache
from .office import NAMES as OFFICE_NAMES
from .office import ConversionFailed, OfficeConverter
from .pages import (
    PageText,
    from_ocr,
    from_text_layer,
    needs_ocr,
    ocr_blank_bands,
    ocr_blank_bands_of,
    ocr_page,
)
from .pdf import TextPage, clean_text, embedded_pdfs, page_count, text_layer
from .pst import StoreReader
from .release_names import MENDED, ReleaseNames
from .same_message import link_copies
from .second_reading import (
    fill_blank_fields,
    has_blank_fields,
    may_cross_outlined_box,
    mend_boxed_lines,
)
from .uploads import document_name

MAX_EMBEDDING_DEPTH = 2
INDEX_BATCH = 20  # documents per index commit: one commit's fixed cost shared (README, Measured: search)
WORKERS_WINDOW_PAGES = 256  # pages in flight to Celery workers (one-page PDFs): a couple hundred cores
ORPHAN_CHECK_SECONDS = 0.5  # how often a pool worker checks that the ingest that started it lives
BAND_BATCH = 16  # pages whose blank header bands one task reads (one Tesseract model load for all)
TEXT_AHEAD = 2  # PDFs per local OCR process whose text layers are read ahead, by the reader process
PDF_READ_SECONDS = 600  # one file's pages counted, text layer or attached files read (FOIA_PDF_READ_TIMEOUT)
PDF_READ_MAX_SECONDS = 86_400  # the setting's bound (a day; the kernel's alarm takes no more than 2**31 - 1)
_T = TypeVar("_T")
_P = TypeVar("_P", str, Path)


def pdf_read_seconds(environ: Mapping[str, str]) -> int:
    """How long PDFium may take to read one file (``FOIA_PDF_READ_TIMEOUT``, seconds)."""
    raw = environ.get("FOIA_PDF_READ_TIMEOUT", "").strip()
    if not raw:
        return PDF_READ_SECONDS
    if not raw.isdigit() or not 1 <= int(raw) <= PDF_READ_MAX_SECONDS:
        raise ValueError(f"FOIA_PDF_READ_TIMEOUT={raw[:40]!r} is not a whole number of seconds from 1 to "
                         f"{PDF_READ_MAX_SECONDS}; fix or unset it")
    return int(raw)


class Sink(Protocol):
    """Where finished documents go (the Archive implements this)."""

    def has_document(self, sha256: str) -> bool: ...
    def converted_document(self, sha256: str) -> Document | None: ...
    def duplicate_of(self, fingerprint: str, release: str) -> str | None: ...
    def add_document(self, release: str, record: DocumentRecord, source: Path,
                     *, duplicate_of: str | None = None, index: bool = True) -> Document: ...
    def catch_up_index(self) -> int: ...
    def structure(self, sha256: str) -> Structure: ...


class Progress(Protocol):
    def start(self, total_pages: int, files: int) -> None: ...
    def file(self, name: str) -> None: ...
    def advance(self, pages: int, ocr: bool) -> None: ...
    def outcome(self, outcome: FileOutcome) -> None: ...
    def finish(self) -> None: ...


class QuietProgress:
    def start(self, total_pages: int, files: int) -> None: pass
    def file(self, name: str) -> None: pass
    def advance(self, pages: int, ocr: bool) -> None: pass
    def outcome(self, outcome: FileOutcome) -> None: pass
    def finish(self) -> None: pass


@dataclass(frozen=True)
class FileOutcome:
    path: str
    status: str  # "ingested", "skipped", "duplicate", "failed"
    message: str = ""
    pages: int = 0
    ocr_pages: int = 0
    emails: int = 0
    document_id: str | None = None
    warnings: tuple[str, ...] = ()


def _counted(emails: Sequence[EmailRecord]) -> int:
    """A file's emails as the site counts them: the quoted copies printed inside them are not
    (the summary and the batch page said 90 where the release page says 55)."""
    return sum(1 for email in emails if not email.quoted)


@dataclass
class IngestSummary:
    outcomes: list[FileOutcome] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # batch-wide, e.g. the index could not be updated
    mended: int = 0  # documents of the release read again with names the rest of the release prints

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def pages(self) -> int:
        return sum(o.pages for o in self.outcomes if o.status in ("ingested", "duplicate"))

    @property
    def ocr_pages(self) -> int:
        return sum(o.ocr_pages for o in self.outcomes)

    @property
    def emails(self) -> int:
        return sum(o.emails for o in self.outcomes if o.status == "ingested")

    @property
    def failed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]


@dataclass
class _Plan:
    """A file read as far as its text layer, waiting for OCR."""

    path: Path
    display: str
    name: str  # its document's file name (the last part of it)
    sha256: str
    size: int
    text_pages: list[TextPage]
    ocr_futures: dict[int, Future[OcrResult]]
    parent_sha256: str | None = None
    second_readings: dict[int, _BandReading] = field(default_factory=dict)  # blank header fields
    converted_from: str | None = None  # the office file's SHA-256 when this PDF was converted from one

    @property
    def queued(self) -> int:
        """Its pages waiting for the OCR pool, whole or in bands (the window counts both: a
        release of text layers with blank fields would otherwise plan every file before
        finishing any, and store them all while the pool idles)."""
        return len(self.ocr_futures) + len(self.second_readings)


def _wanted(path: Path) -> bool:
    """A file of a folder to ingest: named as a PDF or as mail, or holding one of them (by content:
    an mbox is often named "Inbox"); hidden files and the rest (release.json, notes) are left."""
    if path.name.startswith("."):
        return False
    if path.suffix.lower() in MAIL_SUFFIXES | {".pdf"}:
        return True
    try:
        return sniff(path) != ""
    except OSError:
        return False


def _kind(path: Path) -> str:
    """What a file to ingest is, by content (an .eml saved as .pdf is mail); "pdf" when it
    cannot be read (_plan reports it)."""
    try:
        return sniff(path)
    except OSError:
        return "pdf"


def _text_pages(path: Path, ahead: Future[list[TextPage]] | None, reader: Executor, seconds: int) -> list[TextPage]:
    """A PDF's text layer: as read ahead in the pool, else read now by ``reader``."""
    if ahead is None:
        return _reading(reader, text_layer, str(path), seconds)
    try:
        return ahead.result()
    except BrokenProcessPool:  # a worker died, on this file or another: once more, alone
        return _read_alone(text_layer, str(path), seconds)


def discover(paths: Iterable[Path]) -> list[Path]:
    """Files named directly, and the PDFs and mail under named folders, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            # a link to nowhere named as a PDF (a git-annex file whose content is not here) is
            # reported as a file that cannot be read, not passed over in silence
            found.extend(sorted(p for p in path.rglob("*")
                                if (p.is_file() or (p.is_symlink() and not p.exists())) and _wanted(p)))
        else:
            found.append(path)
    seen: set[Path] = set()
    unique = []
    for path in found:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def _worker_start() -> None:
    """A pool worker's start: Tesseract on one thread, and the worker gone with the ingest. A
    killed ingest leaves its workers waiting for work that never comes, holding the ingest's
    output open (whoever waits for it waits for ever); they watch their parent and exit."""
    limit_threads()
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(ORPHAN_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="orphan-watch", daemon=True).start()


class _RestartingPool(Executor):
    """A process pool that replaces itself when a worker process dies.

    A crash inside Tesseract or PDFium on one hostile page kills its worker, and
    Python then refuses all further work ("BrokenProcessPool"); the batch must go on.
    """

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_start)

    def submit(self, fn: Callable[..., _T], /, *args: object, **kwargs: object) -> Future[_T]:
        try:
            return self._pool.submit(fn, *args, **kwargs)
        except BrokenProcessPool:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=_worker_start)
            return self._pool.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=cancel_futures)


def _ocr_alone(path: Path, number: int, width: float, engine: OcrEngine, seconds: int) -> OcrResult:
    """OCR one page in a process of its own, after a worker died: the death of the pool says
    nothing about which page killed it, a death here does."""
    try:
        return alone(seconds, ocr_page, str(path), number, width, engine, initializer=_worker_start)
    except BrokenProcessPool:
        raise PageError(path, "an OCR worker died on this page twice (a crash in the renderer or Tesseract, or "
                        f"longer than {seconds} s: FOIA_PDF_READ_TIMEOUT), so it was not tried again",
                        page=number) from None


def _reading(reader: Executor, read: Callable[[_P], _T], path: _P, seconds: int, *, alone_in: bool = False) -> _T:
    """``read(path)`` (PDFium reading a file) in ``reader``'s processes, never in this one, in at
    most ``seconds``: a file that crashes PDFium (no ``except`` catches a segfault) or hangs it
    ends a worker, not the ingest; after a crash, once more in a process of its own, as the death
    may have been another file's. Not after running out of time when ``alone_in`` the reader
    (nothing queued before it): that was this file; behind other reads, the time may have been
    theirs."""
    started = time.monotonic()
    try:
        return reader.submit(bounded, seconds, read, path).result()
    except BrokenProcessPool:
        if alone_in and time.monotonic() - started >= seconds:
            raise ReaderGaveUp(Path(path), _gave_up(seconds)) from None
        return _read_alone(read, path, seconds)


def _gave_up(seconds: int) -> str:
    return (f"PDFium, which reads PDFs, crashed on this file twice, or took longer than {seconds} s "
            "(FOIA_PDF_READ_TIMEOUT; raise it for a genuine, very large file): a damaged or hostile file, "
            "so it was not tried again and nothing of it was stored; ask for the file again, or print it "
            "to a new PDF and ingest that")


def _read_alone(read: Callable[[_P], _T], path: _P, seconds: int) -> _T:
    """``read(path)`` in a process of its own, after a worker died while reading it."""
    try:
        return alone(seconds, read, path, initializer=_worker_start)
    except BrokenProcessPool:
        raise ReaderGaveUp(Path(path), _gave_up(seconds)) from None


class _InlineExecutor(Executor):
    """Runs OCR in this process (tests that inject a fake engine: its calls are seen here)."""

    def submit(self, fn: Callable[..., _T], /, *args: object, **kwargs: object) -> Future[_T]:
        future: Future[_T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


@dataclass
class _BandReading:
    """One page's second reading of its blank header bands (:func:`pages.ocr_blank_bands`),
    read in one task with other pages' (``batch``, at ``index``; None until sent)."""

    path: str
    number: int
    width: float
    batch: Future[list[OcrResult]] | None = None
    index: int = 0
    shared: bool = False  # the task read other pages too


def _with_second_reading(page: PageText, result: OcrResult | None) -> PageText:
    """The producer's OCR layer with the header values it dropped filled from our reading, and
    the header lines an outlined box crosses read again (ingest/second_reading.py); the layer
    as it is when there was none."""
    if result is None or result.error:
        return page
    second = clean_text(result.text)
    return replace(page, text=mend_boxed_lines(fill_blank_fields(page.text, second), second))


def _named(exc: BaseException) -> str:
    return (f"{exc.__class__.__name__}: {exc}" if str(exc) else exc.__class__.__name__)[:300]


def under_boxes_warning(display: str, pages: Sequence[PageText]) -> str | None:
    """What an archivist must know of a file whose text layer holds words under the boxes drawn
    over them (``ingest.pdf.dark_covers``), or None: a redaction that anyone can undo."""
    covered = [page for page in pages if page.hidden or page.hidden_boxes]
    if not covered:
        return None
    numbers = ", ".join(str(page.number) for page in covered[:20]) + (", …" if len(covered) > 20 else "")
    characters, boxes = sum(p.hidden for p in covered), sum(p.hidden_boxes for p in covered)
    what = " and ".join(part for part in (
        f"{characters} characters of the file's text layer lie under black boxes drawn over them" if characters else "",
        f"{boxes} black boxes are drawn over page images that still print what they hide" if boxes else "") if part)
    return (f"{display}, page{'s' if len(covered) > 1 else ''} {numbers}: {what}. The boxes hide it on the page, "
            "but the file still holds it and anyone can copy it out. The archive reads the pages as they show, "
            "boxes and all; the file as released still has it, so tell the agency that released it, and think "
            "before serving the file itself")


def _reader_fault(exc: Exception) -> str:
    """What to say of a file the reader itself failed on (a fault of foia-archive's, not the file's)."""
    return (f"foia-archive failed reading its pages into emails ({type(exc).__name__}: {exc}); nothing of the "
            "file was stored and the archive is as it was: please report this with the file, and ingest it again "
            "once a release fixes it")


def assemble(name: str, sha256: str, size: int, pages: Sequence[PageText],
             parent_sha256: str | None = None, bates_prefixes: Sequence[str] = (),
             structure: Structure | None = None, bates: Sequence[str | None] | None = None,
             release: ReleaseNames | None = None) -> DocumentRecord:
    """Marks, emails and page kinds for one document's page texts.

    Bates stamps are read with the prefixes the archivist named, then the one
    learned from this document's footers, then any prefix-and-number stamp (or given as
    ``bates``, as stored, when a stored document is split again). ``structure``: where people
    said the document's emails begin and end (archive/corrections.py). ``name``'s last part
    is the document's file name. ``release``: what the rest of its release prints, to mend the
    names and addresses OCR misread (release_names.py).
    """
    texts = [p.text for p in pages]
    if bates is None:
        learned = learn_bates_pattern(texts)
        patterns = [bates_pattern(prefix) for prefix in bates_prefixes] + ([learned] if learned else [])
        bates = mend_bates_run([find_bates(t, patterns) for t in texts], texts)
        if sum(map(bool, bare := bare_stamps(texts))) > sum(map(bool, bates)):
            bates = bare  # (specks beside a number alone may read as a spaced stamp: "LO 000157")
        bates = stamps_as_printed(bates, texts, [p.scanned for p in pages])
    # Headers read by OCR, ours or the producer's, may be repaired from the rest of the document.
    ocr_pages = {i for i, p in enumerate(pages, start=1) if p.scanned}  # split numbers by position
    emails, kinds = emails_from_pages(texts, bates, ocr_pages=ocr_pages, structure=structure, release=release)
    page_records = tuple(
        PageRecord(
            number=p.number, text=p.text, source=p.source, ocr_confidence=p.confidence,
            bates=bates[i], exemptions=page_exemptions(p.text, kinds[i]), kind=kinds[i],
            fingerprint=p.fingerprint, words=p.words, scanned=p.scanned, hidden=p.hidden,
            hidden_boxes=p.hidden_boxes,
        )
        for i, p in enumerate(pages)
    )
    fingerprint = hashlib.sha256("\n".join(p.fingerprint for p in pages).encode()).hexdigest()
    return DocumentRecord(sha256=sha256, filename=Path(name).name, size=size, pages=page_records,
                          emails=tuple(emails), fingerprint=fingerprint, parent_sha256=parent_sha256)


def reread(archive: Archive, document: Document, *, structure: Structure | None = None,
           release: ReleaseNames | None = None, bates: Sequence[str | None] | None = None) -> DocumentRecord:
    """A stored document split and parsed again from its stored page texts and Bates stamps (no
    OCR again; ``bates``: its stamps read otherwise), with people's ``structure`` decisions and
    what its ``release`` prints."""
    pages = archive.pages(document.id)
    if len(pages) != document.page_count:
        raise ArchiveError(f"document {document.id} ({document.filename}) is missing page rows; "
                           "`foia verify --repair` re-derives it from the original first")
    texts = [PageText(p.number, p.text, p.source, p.ocr_confidence, p.words, p.fingerprint, scanned=p.scanned)
             for p in pages]
    return assemble(document.filename, document.sha256, document.size, texts, document.parent_sha256,
                    structure=structure, bates=list(bates) if bates is not None else [p.bates for p in pages],
                    release=release)


_PREFIXES_SAMPLED = 2000  # underscored stamps of a release read to learn its prefixes (a release has few)


def _stamps_underscored(archive: Archive, release: str) -> dict[str, list[str | None]]:
    """The page stamps of each document of ``release`` whose prefix another document of it
    prints with an underscore where these read a space or nothing (``marks.underscores_restored``:
    a scan loses the underscore, never makes one up; a document none of whose footers kept it
    is read with it too), restored; only the documents where that changes a stamp."""
    printed = {parts[0] for stamp in archive.stamps_like(release, "%\\_%", limit=_PREFIXES_SAMPLED)
               if (parts := split_bates(stamp)) and "_" in parts[0]}
    found: dict[str, list[str | None]] = {}
    for prefix in sorted(p for p in printed if "%" not in p):
        pattern = "".join("%" if ch in " _" else ch for ch in prefix) + "%"  # (its forms: "HBR%" for "HBR_")
        for document_id, stamps in archive.stamps_by_document(release, pattern).items():
            restored = underscores_restored(found.get(document_id, stamps), {prefix})
            if restored != stamps:  # (a born-digital page's stamp is as its text prints it: it lost none)
                scanned = [page.scanned for page in archive.pages(document_id)]
                restored = [new if read_by_ocr else old for new, old, read_by_ocr in zip(restored, stamps, scanned, strict=True)]
            if restored != stamps:
                found[document_id] = restored
    return found


_RELEASE_STAMP_PAGES = 3  # pages a release prints a stamp's prefix on, for its one-page documents to be read by


def _stamps_the_release_prints(archive: Archive, release: str) -> dict[str, list[str | None]]:
    """The page stamps of each document of ``release`` no stamp was read on, read with the
    prefixes the rest of the release prints (``marks.read_with_release_stamps``); only the
    documents where a stamp is read so."""
    unstamped = archive.unstamped_documents(release)
    prefixes = archive.stamp_prefixes(release, _RELEASE_STAMP_PAGES) if unstamped else []
    found: dict[str, list[str | None]] = {}
    for document_id in unstamped if prefixes else ():
        texts = [page.text for page in archive.pages(document_id)]
        if any(stamps := read_with_release_stamps(texts, prefixes)):
            found[document_id] = stamps
    return found


def _mended_fields(email: EmailRecord) -> tuple[object, ...]:
    """The fields of an email the release's printings may mend."""
    return email.sender, email.to, email.cc, email.subject


def mend_from_release(archive: Archive, release: str) -> list[str]:
    """Read again each PDF of ``release`` that prints a name, address or subject OCR misread which the
    rest of the release prints otherwise (release_names.py), and each one mended before (what
    the release prints may have changed), storing those whose reading changes; returns their
    ids. A document stored before others of its release is mended from them too. Page stamps
    are read again where the release prints them otherwise: an underscore a scan lost, a
    document no stamp was read on that prints the release's prefix."""
    readings = list(archive.release_readings(release))
    names = ReleaseNames.from_readings(readings)
    mend = functools.cache(names.mend)  # (a party recurs in thousands of emails)

    def mendable(reading: ReleaseReading) -> bool:  # read from a scan, and the release reads it otherwise
        return reading.scanned and (names.subject(reading.subject) != reading.subject or any(
            mend(party) != party for parties in reading.parties.values() for party in parties))

    again = sorted({reading.document_id for reading in readings
                    if any(doubt.startswith(MENDED) or doubt == DAMAGED_ADDRESS for doubt in reading.doubts)
                    or mendable(reading)})
    # document -> its pages' stamps, an underscore restored, or read with the release's prefixes
    stamps = _stamps_underscored(archive, release) | _stamps_the_release_prints(archive, release)
    changed = []
    for document_id in sorted(set(again) | set(stamps)):
        document = archive.document(document_id)
        if document.media_type != PDF or document.duplicate_of:
            continue
        record = reread(archive, document, structure=archive.structure(document.sha256), release=names,
                        bates=stamps.get(document_id))
        if document_id in stamps:  # (its stamps read again: stored whatever its emails read)
            changed.append(archive.add_document(release, record, archive.original(document), index=False))
            continue
        stored = {(e.start_page, e.start_line): _mended_fields(e)
                  for e in archive.emails_in_document(document.id) if not e.reviewed}
        if all(stored.get((e.start_page, e.start_line), _mended_fields(e)) == _mended_fields(e) for e in record.emails):
            continue  # reads as stored (or differs only where people set the values)
        changed.append(archive.add_document(release, record, archive.original(document), index=False))
    if changed:
        archive.index_document(*changed)
    return [document.id for document in changed]


class Ingest:
    """One batch: files into one release."""

    def __init__(self, sink: Sink, release: str, *, jobs: int = 1, engine: OcrEngine | None = None,
                 progress: Progress | None = None, window_pages: int | None = None,
                 bates_prefixes: Sequence[str] = (), workers: str | None = None,
                 ocr_cache: OcrCache | None = None, mail_limits: MailLimits | None = None,
                 office: OfficeConverter | None = None, stores: StoreReader | None = None,
                 read_seconds: int = PDF_READ_SECONDS, names: Mapping[Path, str] | None = None) -> None:
        self.sink = sink
        self.names = dict(names or {})  # the name a file's document records, when not the file's own
        self.mail_limits = mail_limits or MailLimits()
        self.office = office or OfficeConverter()
        self.stores = stores or StoreReader()  # .pst/.ost read in a child process (ingest/pst.py)
        self.read_seconds = read_seconds  # PDFium's reading of one file (its text layer, ...) at most
        self.bates_prefixes = tuple(bates_prefixes)
        self.release = release
        self.jobs = max(1, jobs)
        self.engine = engine
        self.progress = progress or QuietProgress()
        self.workers = workers  # a Celery broker URL: OCR on `foia worker` processes instead of locally
        self.ocr_cache = ocr_cache
        self.window = window_pages or (WORKERS_WINDOW_PAGES if workers else max(32, 8 * self.jobs))
        self.summary = IngestSummary()
        self.index_batch = INDEX_BATCH
        self._unindexed = 0
        self._present: list[str] = []  # documents of this run already in the archive (their copies linked again)
        self._mended: list[str] = []  # documents of the release read again with names the rest of it prints
        self._converted: set[str] = set()  # office files (by SHA-256) converted in this run
        self._ocr_checked = engine is not None
        self._ocr_problem: str | None = None
        self._reader: Executor  # where PDFium reads files during run(): a child process, never this one
        self._page_counts: dict[Path, int] = {}  # the files named to run(), for the progress display
        self._gave_up: dict[Path, ReaderGaveUp] = {}  # files PDFium crashed on or hung on while counting
        self._bands_pool: Executor  # where second readings of header bands run during run()
        self._bands: list[_BandReading] = []  # pages' bands not yet sent

    def run(self, paths: Sequence[Path]) -> IngestSummary:
        files = discover(paths)
        limit_threads()
        executor: Executor
        if self.workers:
            from .workers import CeleryExecutor

            executor = CeleryExecutor(self.workers)
        elif self.jobs > 1 or self.engine is None:
            executor = _RestartingPool(self.jobs)
        else:
            executor = _InlineExecutor()  # an engine a test injected: its calls seen in this process
        # PDFium reads each file in a child process of its own: not the OCR pool's, where a file's
        # attached files or text layer would wait behind the pages queued for OCR, and the
        # parent with them (the pool idle while it then assembles)
        self._reader = _RestartingPool(1)
        # second readings of header bands: this machine's pool (Celery workers take whole pages)
        self._bands_pool = executor if not self.workers else _RestartingPool(self.jobs)
        self._page_counts = {path: self._safe_count(path) for path in files}  # bad files are reported in turn
        self.progress.start(sum(self._page_counts.values()), len(files))
        with (executor, self._reader, self._bands_pool,
              tempfile.TemporaryDirectory(prefix="foia-embedded-") as scratch):
            self._scratch = Path(scratch)
            queue: deque[_Plan] = deque()
            inflight = 0
            for plan in self._plans(files, executor):
                queue.append(plan)
                inflight += plan.queued
                while queue and inflight > self.window:
                    done = queue.popleft()
                    inflight -= done.queued
                    self._finish(done, executor)
            while queue:
                self._finish(queue.popleft(), executor)
        self._flush_index()
        self._mend_from_release()
        self._link_copies()
        self._relink_quotes()
        self.progress.finish()
        return self.summary

    def _mend_from_release(self) -> None:
        """The release's names and addresses OCR misread, mended from the rest of the release
        (derived data: a failure leaves the documents as first read and is reported)."""
        if not isinstance(self.sink, Archive) or not any(o.status == "ingested" for o in self.summary.outcomes):
            return
        try:
            self._mended = mend_from_release(self.sink, self.release)
            self.summary.mended = len(self._mended)
        except ArchiveError as exc:
            self.summary.problems.append(f"{exc} (the documents are stored and searchable as first read; names "
                                         "OCR misread were not mended from the rest of the release: ingest "
                                         "the same files again to mend them)")

    def _link_copies(self) -> None:
        """Group the stored documents' emails with the copies of their messages (derived data:
        a failure leaves the documents stored and is reported). Files already in the archive are
        linked again, so ingesting a folder again links an archive made before copies were."""
        stored = [o.document_id for o in self.summary.outcomes if o.status == "ingested" and o.document_id]
        stored += self._present + [id_ for id_ in self._mended if id_ not in stored]
        if not stored or not isinstance(self.sink, Archive):
            return
        try:
            link_copies(self.sink, stored)
        except ArchiveError as exc:
            self.summary.problems.append(f"{exc} (the documents are stored and searchable; the copies of their "
                                         "messages in other documents were not linked: the email pages do not "
                                         "list them and search shows each copy; ingest the same files again "
                                         "to link them)")

    def _stored_already(self, display: str, sha256: str) -> None:
        """A stored file's outcome: skipped, as it is in the archive, and whether in another release
        (a file is kept once, in the release it was first ingested into); failed where that release
        was withdrawn since, its emails answering 410 (an agency's corrected release printing a
        file of the one withdrawn, byte for byte), saying how an administrator moves it here. That
        release is not named: an uploader may not be one who may read it."""
        message = "already in the archive"
        if isinstance(self.sink, Archive):
            try:
                other = self.sink.document(ids.document_id(sha256)).release
            except ArchiveError:
                other = self.release
            if other != self.release:
                status = self.sink.store.release_status(other)
                if status is not None and status[0] == "withdrawn":
                    self._record(FileOutcome(display, "failed", (
                        f"already in the archive, in a release withdrawn since: not added to {self.release!r}, and "
                        "its emails' permalinks answer 410 (a file is kept once). If this release publishes the file "
                        f"again, an administrator moves it here with `foia release move {self.release} FILE`")))
                    return
                message = ("already in the archive, in another release (a file is kept once, in the release it "
                           f"was first ingested into): not added to {self.release!r}")
        self._record(FileOutcome(display, "skipped", message))

    def _relink_quotes(self) -> None:
        """The release's context articles' quotations looked up again among its new emails (derived
        data: a failure leaves the documents stored and is reported)."""
        if not isinstance(self.sink, Archive) or not any(o.status == "ingested" for o in self.summary.outcomes):
            return
        try:
            relink_quotes(self.sink, self.release)
        except ArchiveError as exc:
            self.summary.problems.append(f"{exc} (the documents are stored and searchable; the release's "
                                         "article may still show quotations from them as not found: "
                                         "attach it again with `foia context add`)")

    def _flush_index(self) -> None:
        """Index the documents stored since the last flush, in one commit.

        Until then they are stored but not searchable: readers never see part of
        a batch, and a killed ingest leaves them for the next writer to index.
        """
        if not self._unindexed:
            return
        try:
            self.sink.catch_up_index()
        except Exception as exc:  # the index is derived: the stored documents are safe
            self.summary.problems.append(
                f"{exc} (the {self._unindexed} document(s) just stored are safe, not yet searchable; "
                "the next ingest indexes them too)")
        self._unindexed = 0

    def _record(self, outcome: FileOutcome) -> None:
        self.summary.outcomes.append(outcome)
        self.progress.outcome(outcome)

    def _plans(self, files: Sequence[Path], executor: Executor) -> Iterator[_Plan]:
        kinds: list[str] = []
        ahead: dict[int, tuple[str, Future[list[TextPage]]]] = {}
        for index, path in enumerate(files):
            while len(kinds) < min(len(files), index + 1 + TEXT_AHEAD * self.jobs):
                kinds.append(_kind(files[len(kinds)]))
                self._read_ahead(files[len(kinds) - 1], kinds[-1], ahead, len(kinds) - 1)
            kind = kinds[index]
            name = self.names.get(path) or document_name(path.name) or path.name  # cited: one clean line
            if kind in MEDIA_TYPES:
                yield from self._native(path, str(path), kind, executor, name)
                continue
            if not kind and path.suffix.lower() in MAIL_SUFFIXES:
                self._record(FileOutcome(str(path), "failed", refusal(path)))
                continue
            plan = self._plan(path, str(path), executor, name=name, ahead=ahead.pop(index, None))
            if plan:
                yield plan

    def _read_ahead(self, path: Path, kind: str, ahead: dict[int, tuple[str, Future[list[TextPage]]]],
                    index: int) -> None:
        """A PDF's text layer read by the local reader process while the files before it are
        planned and stored: never behind the pages queued for OCR, so the parent plans the next
        file, and queues its pages, as soon as the OCR pool has room (never on Celery workers:
        they may not see this path)."""
        if kind != "pdf" or path in self._gave_up:
            return
        try:
            sha256 = sha256_file(path)
        except OSError:
            return  # _plan reports it
        if not self.sink.has_document(sha256):
            ahead[index] = (sha256, self._reader.submit(bounded, self.read_seconds, text_layer, str(path)))

    def _native(self, path: Path, display: str, kind: str, executor: Executor, name: str) -> Iterator[_Plan]:
        """Store a native mail file at once (it needs no OCR), then plan the PDFs attached to it."""
        self.progress.file(display)
        try:
            sha256 = sha256_file(path)
            if self.sink.has_document(sha256):
                self._stored_already(display, sha256)
                return
            native = read_native(path, kind, sha256, self.mail_limits, self._scratch, self.stores)
            native = replace(native, record=replace(native.record, filename=name))
        except IngestError as exc:
            self._record(FileOutcome(display, "failed", exc.reason))
            return
        except OSError as exc:
            self._record(FileOutcome(display, "failed", f"cannot read the file ({exc.strerror}); check the path"))
            return
        for where, reason in native.refused:
            self._record(FileOutcome(f"{display}, {where}" if where else display, "failed",
                                     f"{reason} (the file's other messages are ingested)"))
        if not native.record.emails:
            if not native.refused:
                self._record(FileOutcome(display, "failed", "the file holds no messages"))
            return
        try:
            document = self.sink.add_document(self.release, native.record, path, index=False)
        except Exception as exc:
            self._record(FileOutcome(display, "failed", str(exc)))
            return
        self._unindexed += 1
        refused = "; ".join(f"{where} refused: {reason}" for where, reason in native.refused)
        self._record(FileOutcome(display, "ingested", refused, emails=_counted(native.record.emails),
                                 document_id=document.id, warnings=native.warnings))
        if self._unindexed >= self.index_batch:
            self._flush_index()
        for attached, kept in native.pdfs:
            plan = self._plan(kept, f"{display} ▸ {attached}", executor, name=f"{name} ▸ {attached}",
                              parent_sha256=sha256)
            if plan:
                yield plan
        for attached, kept, kind in native.office:
            plan = self._plan_converted(kept, kind, f"{display} ▸ {attached}", executor, sha256,
                                        name=f"{name} ▸ {attached}")
            if plan:
                yield plan

    def _plan_converted(self, kept: Path, kind: str, display: str, executor: Executor, parent: str, *,
                        name: str) -> _Plan | None:
        """An office document attached to a message, converted to a PDF and planned as one
        (once: the same file attached again, or ingested again, is the document it became)."""
        self.progress.file(display)
        original = sha256_file(kept)
        done = self.sink.converted_document(original)
        if done is not None or original in self._converted:
            if done is not None:
                self._present.append(done.id)
            self._record(FileOutcome(display, "skipped", "already in the archive" if done else
                                     "the same file is attached to another message of this batch"))
            return None
        self._converted.add(original)
        try:
            pdf = self.office.to_pdf(kept, kind, self._scratch)
        except ConversionFailed as exc:
            self._record(FileOutcome(display, "failed", f"{OFFICE_NAMES[kind]}: {exc}"))
            return None
        plan = self._plan(pdf, display, executor, name=name, parent_sha256=parent)
        return replace(plan, converted_from=original) if plan else None

    def _plan(self, path: Path, display: str, executor: Executor, *, name: str, parent_sha256: str | None = None,
              ahead: tuple[str, Future[list[TextPage]]] | None = None) -> _Plan | None:
        self.progress.file(display)
        try:
            sha256 = ahead[0] if ahead else sha256_file(path)
            if self.sink.has_document(sha256):
                self._present.append(ids.document_id(sha256))
                self._stored_already(display, sha256)
                # counted once, before the batch (not again in the pool, behind the OCR queued there)
                self.progress.advance(self._page_counts.get(path, 0), ocr=False)
                return None
            if path in self._gave_up:
                raise self._gave_up[path]
            text_pages = _text_pages(path, ahead[1] if ahead else None, self._reader, self.read_seconds)
            size = path.stat().st_size
        except IngestError as exc:
            where = f"page {exc.page}: " if exc.page is not None else ""
            self._record(FileOutcome(display, "failed", where + exc.reason))
            return None
        except OSError as exc:
            self._record(FileOutcome(display, "failed", f"cannot read the file ({exc.strerror}); check the path"))
            return None
        futures: dict[int, Future[OcrResult]] = {}
        to_ocr = [p for p in text_pages if needs_ocr(p.text)]
        if to_ocr and self._ocr_engine_problem():
            self._record(FileOutcome(display, "failed", f"{len(to_ocr)} page(s) need OCR: {self._ocr_problem}"))
            return None
        for page in to_ocr:
            futures[page.number] = self._submit_ocr(executor, path, page)
        blanks = [p for p in text_pages if p.scanned and p.number not in futures
                  and (has_blank_fields(p.text) or may_cross_outlined_box(p.text))]
        engine = self.engine if blanks and not self._ocr_engine_problem() else None
        second = {page.number: self._second_reading(path, page) for page in blanks} if engine else {}
        return _Plan(path, display, name, sha256, size, text_pages, futures, parent_sha256, second)

    def _second_reading(self, path: Path, page: TextPage) -> _BandReading:
        """A page's blank header bands, to be read with the next pages' (of this file or the
        next ones) in one task: most such files have one such page, and each Tesseract process
        costs a model load, more than reading a band (``BAND_BATCH``)."""
        reading = _BandReading(str(path), page.number, page.width)
        self._bands.append(reading)
        if len(self._bands) >= BAND_BATCH:
            self._submit_bands()
        return reading

    def _submit_bands(self, parts: int = 1) -> None:
        """The pages' bands gathered so far sent to be read: when full, and before a plan whose
        bands are among them is finished (it waits for them), then in ``parts`` tasks, one per
        process (a batch short of full is the end of the batch: one task would leave the other
        processes idle)."""
        pending, self._bands = self._bands, []
        if not pending:
            return
        assert self.engine is not None  # (pages are gathered only when there is one)
        size = -(-len(pending) // max(1, min(parts, len(pending))))
        for start in range(0, len(pending), size):
            batch = pending[start:start + size]
            pages = [(r.path, r.number, r.width) for r in batch]
            task = self._bounded(self._bands_pool, ocr_blank_bands_of, pages, self.engine)
            for index, reading in enumerate(batch):
                reading.batch, reading.index, reading.shared = task, index, len(batch) > 1

    def _band_result(self, reading: _BandReading, warnings: list[str], display: str) -> OcrResult | None:
        """A page's second reading; when its task failed as a whole (a worker died, or an error no
        page caught) and it read other pages too, this page read again alone: the failure may
        have been another file's. None, with a warning, when the page's own reading failed."""
        if reading.batch is None:
            self._submit_bands(parts=self.jobs)
        assert reading.batch is not None and self.engine is not None
        try:
            result = reading.batch.result()[reading.index]
        except Exception as exc:  # noqa: BLE001 - an optional repair: the layer stands without it
            result = self._band_alone(reading, exc) if reading.shared else OcrResult("", None, None, error=_named(exc))
        if result.error:
            warnings.append(f"{display}, page {reading.number}: the header values its text layer left blank could "
                            f"not be read again ({result.error}); the layer is kept as it is")
            return None
        return result

    def _band_alone(self, reading: _BandReading, failure: Exception) -> OcrResult:
        """A page's second reading in a process of its own, after the task it shared failed."""
        assert self.engine is not None
        try:
            return alone(self.read_seconds, ocr_blank_bands, reading.path, reading.number, reading.width,
                         self.engine, initializer=_worker_start)
        except Exception as again:  # noqa: BLE001 - an optional repair: the layer stands without it
            return OcrResult("", None, None, error=_named(again if str(again) else failure))

    def _bounded(self, pool: Executor, work: Callable[..., _T], *args: object) -> Future[_T]:
        """``work(*args)`` sent to ``pool``: in the local pool within ``read_seconds`` (a hang in
        PDFium's drawing ends the worker); Celery's workers and the inline executor take it as it is."""
        if isinstance(pool, _RestartingPool):
            return pool.submit(bounded, self.read_seconds, work, *args)
        return pool.submit(work, *args)

    def _submit_ocr(self, executor: Executor, path: Path, page: TextPage) -> Future[OcrResult]:
        """A page's OCR from the cache when this page was OCR'd before, else from the executor."""
        assert self.engine is not None
        key = self.ocr_cache.key(page, self.engine) if self.ocr_cache else None
        if self.ocr_cache and key:
            cached = self.ocr_cache.get(key)
            if cached:
                done: Future[OcrResult] = Future()
                done.set_result(cached)
                return done
        future = self._bounded(executor, ocr_page, str(path), page.number, page.width, self.engine)
        if self.ocr_cache and key:
            self.ocr_cache.put_when_done(key, future)
        return future

    def _safe_count(self, path: Path) -> int:
        try:
            return _reading(self._reader, page_count, path, self.read_seconds, alone_in=True)  # (before any other)
        except ReaderGaveUp as exc:  # not read again when planned: refused with this
            self._gave_up[path] = exc
            return 0
        except IngestError:
            return 0

    def _ocr_engine_problem(self) -> str | None:
        if not self._ocr_checked:
            self._ocr_checked = True
            try:
                tesseract_version()
                self.engine = Tesseract()
            except OcrUnavailable as exc:
                self._ocr_problem = str(exc)
        return self._ocr_problem

    def _finish(self, plan: _Plan, executor: Executor) -> None:
        self.progress.file(plan.display)
        warnings: list[str] = []
        pages: list[PageText] = []
        given_up: IngestError | None = None  # a page the OCR workers gave up on: the document fails
        for text_page in plan.text_pages:
            future = plan.ocr_futures.get(text_page.number)
            if future is None:
                reading = plan.second_readings.get(text_page.number)
                second = self._band_result(reading, warnings, plan.display) if reading else None
                pages.append(_with_second_reading(from_text_layer(text_page), second))
                self.progress.advance(1, ocr=False)
                continue
            try:
                try:
                    result = future.result()
                except BrokenProcessPool:  # a worker died (this page or another): once more, alone
                    assert self.engine is not None
                    result = _ocr_alone(plan.path, text_page.number, text_page.width, self.engine, self.read_seconds)
            except OcrWorkersFailed:
                raise  # the batch stops, naming the pages; this document is not written
            except IngestError as exc:  # its other pages are still collected, so none is left queued
                given_up = given_up or exc
                result = OcrResult("", None, None, error=exc.reason)
            except Exception as exc:  # a worker crashed on this page
                result = OcrResult("", None, None, error=f"OCR failed ({exc.__class__.__name__}: {exc})")
            page = from_ocr(text_page, result)
            if page.warning:
                warnings.append(f"{plan.display}, page {page.number}: {page.warning}; "
                                "the page is kept with no text")
            pages.append(page)
            self.progress.advance(1, ocr=True)
        if (under_boxes := under_boxes_warning(plan.display, pages)) is not None:
            warnings.append(under_boxes)
        if given_up is not None:
            self._record(FileOutcome(plan.display, "failed", f"page {given_up.page}: {given_up.reason}",
                                     pages=len(pages), ocr_pages=len(plan.ocr_futures)))
            return
        if self.sink.has_document(plan.sha256):
            self._present.append(ids.document_id(plan.sha256))
            self._stored_already(plan.display, plan.sha256)
            return
        structure = self.sink.structure(plan.sha256)
        try:
            record = assemble(plan.name, plan.sha256, plan.size, pages, plan.parent_sha256,
                              self.bates_prefixes, structure)
        except Exception as exc:  # a fault of the reader's own: said as one, the archive as it was
            self._record(FileOutcome(plan.display, "failed", _reader_fault(exc), pages=len(pages)))
            return
        try:
            record = replace(record, converted_from=plan.converted_from)
            duplicate = self.sink.duplicate_of(record.fingerprint, self.release)
            document = self.sink.add_document(self.release, record, plan.path, duplicate_of=duplicate,
                                              index=False)
            self._unindexed += 1
            if self._unindexed >= self.index_batch:
                self._flush_index()
        except Exception as exc:
            self._record(FileOutcome(plan.display, "failed", str(exc), pages=len(pages)))
            return
        ocr_count = len(plan.ocr_futures)
        if duplicate:
            self._record(FileOutcome(
                plan.display, "duplicate",
                f"same pages as document {duplicate} already in the archive; kept, not indexed twice",
                pages=len(pages), ocr_pages=ocr_count, document_id=document.id, warnings=tuple(warnings)))
        else:
            self._record(FileOutcome(plan.display, "ingested", "", pages=len(pages), ocr_pages=ocr_count,
                                     emails=_counted(record.emails), document_id=document.id,
                                     warnings=tuple(warnings)))
        self._ingest_embedded(plan, executor)

    def _ingest_embedded(self, plan: _Plan, executor: Executor) -> None:
        depth = plan.display.count(" ▸ ")
        if depth >= MAX_EMBEDDING_DEPTH:
            return
        try:
            attachments = _reading(self._reader, embedded_pdfs, plan.path, self.read_seconds)
        except ReaderGaveUp as exc:  # the document is stored; what it carries is not, and is said so
            self._record(FileOutcome(f"{plan.display} ▸ (its attached files)", "failed",
                                     f"not read (the document itself is stored): {exc.reason}"))
            return
        except IngestError:
            return
        for index, (raw_name, data) in enumerate(attachments):
            # an embedded file's name is untrusted text: no control characters, bounded
            name = " ".join(clean_text(raw_name).split())[:200] or f"attachment {index + 1}"
            safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in Path(name).name)[:100] or "file"
            target = self._scratch / f"{plan.sha256[:12]}-{index}-{safe}"
            if target.suffix.lower() != ".pdf":
                target = target.with_suffix(".pdf")
            target.write_bytes(data)
            child = self._plan(target, f"{plan.display} ▸ {name}", executor, name=f"{plan.name} ▸ {name}",
                               parent_sha256=plan.sha256)
            if child:
                self._finish(child, executor)
