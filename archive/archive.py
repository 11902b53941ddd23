"""The archive: one data folder holding the database, the file store and the index.

    <home>/archive.db     SQLite, the system of record
    <home>/files/         original PDFs by SHA-256
    <home>/index/         Whoosh index, derived from archive.db
    <home>/index-tantivy/ tantivy index, when the archive uses that engine (archive/engines.py)
    <home>/cache/         rendered page images and OCR results (disposable)

Writes go in a fixed order so a kill at any point loses nothing: the PDF is
copied into the file store first (an orphan file is harmless), then the
document and everything derived from it is committed to SQLite in one
transaction with ``indexed = 0``, then (per document, or for a batch of them in
one index commit) the index is updated and the documents marked indexed. Any
document left unindexed is indexed on the next write or by ``foia reindex``.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from . import accounts as rules
from . import ids
from .accounts import Account, AuditEntry, Restriction
from .audit import check_trail
from .batches import PART_PREFIX, Batch, BatchFile, Received, Staging, new_batch_id
from .cite import email_named, split_bates
from .context import Article, QuoteLink, Source
from .corrections import (
    COPIED_FIELDS,
    FIELDS,
    NOT_EMAIL_KINDS,
    STRUCTURE_ACTIONS,
    CheckedDocument,
    CitedAs,
    Correction,
    Doubt,
    EmailReview,
    QueueItem,
    Retirement,
    Structure,
    corrected_on_copy,
    doubts,
    person_values,
)
from .dates import in_printed_zones, printed_orders
from .engines import DEFAULT_ENGINE, ENGINES, SETTING, Index, index_folder, open_index
from .errors import AccountError, ArchiveError, NotFound, StoreError
from .files import FileStore, copy_file, copy_tree, sha256_file
from .index import Highlight, IndexEntry, entry_for_email, entry_for_page, entry_outside_emails
from .invisible import remove_invisible
from .mail import MailError, MailSettings, send_alert
from .model import (
    RELEASE_SLUG,
    Attachment,
    Document,
    DocumentRecord,
    Email,
    Page,
    Party,
    Release,
    ReleaseListing,
    ReleaseReading,
    ReleaseStats,
    is_release_date,
    is_web_address,
    stored_suffix,
)
from .production import Completeness, PageRow, completeness
from .search import SearchRequest, SearchResult, export_rows, hit_keys, run_search
from .store import Store, field_values, machine_values
from .work import MAX_ALERTS, Reader, SavedSearch, WorkProduct

HOME_ENV = "FOIA_ARCHIVE_HOME"
REINDEX_PROCS = min(2, os.cpu_count() or 1)  # processes for a full reindex (each <= 256 MB pool)


def default_home() -> Path:
    """The data folder: $FOIA_ARCHIVE_HOME, else ~/.local/share/foia-archive."""
    if os.environ.get(HOME_ENV):
        return Path(os.environ[HOME_ENV]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share")
    return Path(base) / "foia-archive"


@dataclass
class VerifyReport:
    counts: dict[str, int]
    index_entries: int = 0  # every email and quoted copy of a non-duplicate document, and
    index_pages: int = 0    # ... of those, the pages that belong to no email and the text outside emails on a page
    problems: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    # Documents whose rows are missing or partial but whose original is in the file store: the
    # caller (`foia verify --repair`, which may import ingest) re-derives them from the original.
    rederivable: list[Document] = field(default_factory=list)
    audit_entries: int = 0
    audit_head: str = ""  # the newest audit entry's seal: kept elsewhere, it shows a rewritten trail

    @property
    def ok(self) -> bool:
        return not self.problems


class Archive:
    def __init__(self, home: Path, *, readonly: bool = False, index: Index | None = None,
                 create: bool = True) -> None:
        """``index``: a search index shared across many short-lived Archive handles (the web
        opens one handle per request, and keeps one warm searcher per process this way).
        ``create=False``: an archive that is not there is an error, not a new empty one (a
        mistyped ``--home`` must not leave an empty archive behind)."""
        self.home = home
        self.readonly = readonly
        if (readonly or not create) and not (home / "archive.db").is_file():
            raise ArchiveError(
                f"no archive at {home}; ingest something first (`foia ingest`), "
                f"or point {HOME_ENV} / --home at an existing archive"
            )
        self.store = Store(home / "archive.db", readonly=readonly)
        self.files = FileStore(home / "files")
        self.staging = Staging(home / "uploads")
        self._owns_index = index is None
        self.engine = self.store.setting(SETTING, DEFAULT_ENGINE)  # `foia reindex --engine` sets it
        self.index: Index = index if index is not None else open_index(home, self.engine)
        self.work = WorkProduct(self.store, self.restrictions, self.account, self._page_hit)  # notes, tags, exhibits
        self.reader = Reader()  # who reads (read_as): whose notes and tags `note:` and `tag:` search

    @classmethod
    def open(cls, home: Path | None = None, *, readonly: bool = False,
             index: Index | None = None, create: bool = True) -> Archive:
        return cls(home or default_home(), readonly=readonly, index=index, create=create)

    def reread_engine(self) -> str:
        """The search engine the archive's settings name now (`foia reindex --engine` may switch
        it while a long-lived handle, like the site's, is open)."""
        self.engine = self.store.setting(SETTING, DEFAULT_ENGINE)
        return self.engine

    def use_index(self, index: Index) -> None:
        """Search with ``index``, owned by the caller (one shared by many handles); the one in
        use already is kept."""
        if self._owns_index and index is not self.index:
            self.index.close()
        self.index, self._owns_index = index, False

    def close(self) -> None:
        if self._owns_index:
            self.index.close()
        self.store.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------

    @contextlib.contextmanager
    def writing(self, *, wait: bool = True, timeout: float | None = None,
                catch_up: bool = True) -> Iterator[Archive]:
        """Hold the archive's single-writer lock; tidy what a killed writer left behind.

        Readers never take it. A second writer waits (or, with ``wait=False``, or after
        ``timeout`` seconds, gets an error saying another ingest is running). ``catch_up``:
        index the documents a killed writer stored but did not index; a rebuild of the whole
        index says no (it indexes them anyway, and in the engine it builds: caught up first,
        a million stored documents were indexed one batch at a time into the engine being
        replaced).
        """
        try:
            self.home.mkdir(parents=True, exist_ok=True)
            lock = open(self.home / "write.lock", "a+")  # noqa: SIM115 (closed below)
        except OSError as exc:  # a read-only data folder: say so, not a traceback
            raise StoreError(
                f"{self.home}: cannot write to the archive folder ({exc.strerror}); check its "
                "permissions (the user running `foia` must be able to write there) and free space"
            ) from exc
        with lock:
            deadline = time.monotonic() + (timeout or 0)
            try:
                while True:
                    try:
                        fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait and timeout is None else fcntl.LOCK_NB))
                        break
                    except BlockingIOError:
                        if time.monotonic() >= deadline:
                            raise
                        time.sleep(0.05)  # the ingest runner takes the lock a moment every poll
            except BlockingIOError as exc:
                raise ArchiveError(
                    f"{self.home}: another ingest or reindex is writing to this archive; "
                    "wait for it to finish"
                ) from exc
            try:
                self.files.clean_incoming()
                if catch_up:
                    self.catch_up_index()
                yield self
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def has_document(self, sha256: str) -> bool:
        """Is this exact file (by SHA-256) stored, with its original in the file store?"""
        document = self.store.document_by_sha256(sha256)
        return document is not None and self.files.has(sha256, document.suffix)

    def converted_document(self, sha256: str) -> Document | None:
        """The document an office file (by SHA-256) became, converted to a PDF, if it is stored."""
        return self.store.converted_document(sha256)

    def duplicate_of(self, fingerprint: str, release: str) -> str | None:
        """The id of a stored document with the very same pages that stands for a copy in
        ``release`` (``_stands_for``), if any: a copy of a withdrawn or differently restricted
        document is no duplicate, or readers of its release would never find it."""
        return next((d.id for d in self.store.documents_by_fingerprint(fingerprint)
                     if self._stands_for(d.release, release)), None)

    def date_orders(self, emails: Iterable[Email]) -> dict[str, str]:
        """The key each email sorts by date with (``archive.dates.printed_orders``), its zone
        placed by all of its document's emails, as the index places it."""
        return printed_orders(self.store.sent_in_documents(e.document_id for e in emails))

    def _stands_for(self, original: str, copy: str) -> bool:
        """Does a document in release ``original`` stand for its copy in ``copy`` in search (the
        copy is then not indexed twice)? Only while every reader of the copy's release reads the
        original's as well: same restriction, not withdrawn."""
        status = self.store.release_status(original)
        if status is not None and status[0] == "withdrawn":
            return False
        access = self.store.access_rows()
        return ({(r["kind"], r["name"]) for r in access if r["release"] == original}
                == {(r["kind"], r["name"]) for r in access if r["release"] == copy})

    def _settle_duplicates(self, slug: str) -> None:
        """Settle again which documents with the very same pages as a release's stand for the
        others, after its withdrawal, restoring or restriction: a copy whose original no longer
        stands for it becomes a document of its own (searched, counted, listed), and one whose
        original stands for it again a duplicate; those that changed are indexed again."""
        changed: dict[str, str | None] = {}
        groups: dict[str, list[Document]] = {}
        for document in self.store.documents_sharing_pages(slug):
            groups.setdefault(document.fingerprint, []).append(document)
        known: dict[tuple[str, str], bool] = {}

        def stands(original: str, copy: str) -> bool:  # the releases' statuses and access, read once
            if (original, copy) not in known:
                known[(original, copy)] = self._stands_for(original, copy)
            return known[(original, copy)]

        for group in groups.values():
            standing: list[Document] = []
            for document in group:  # oldest first: the first printing stands
                original = next((o for o in standing if stands(o.release, document.release)), None)
                if original is None:
                    standing.append(document)
                if (original.id if original else None) != document.duplicate_of:
                    changed[document.id] = original.id if original else None
        self.store.set_duplicates(changed)
        documents = [d for d in map(self.store.document_by_id, changed) if d is not None]
        if documents:
            self.index_document(*documents)

    def add_document(self, release: str, record: DocumentRecord, source: Path,
                     *, duplicate_of: str | None = None, index: bool = True,
                     correction: Correction | None = None) -> Document:
        """Store one ingested PDF: file, rows, index, in the order that survives a kill.

        With ``index=False`` the document is stored unindexed (invisible to search)
        and :meth:`catch_up_index` indexes it with others in one commit. ``correction``: the
        structure correction (:meth:`structure_correction`) ``record`` was split with, stored
        and audited with it in one transaction. People's corrections are applied as it is stored.
        """
        existing = self.store.document_by_sha256(record.sha256)
        if existing is not None and duplicate_of == existing.id:
            # Re-ingesting a stored document whose original went missing (the remedy `foia
            # verify` gives): its pages match its own fingerprint, and it was being made a
            # duplicate of itself and dropped from the index (tests/reliability/test_faults.py).
            duplicate_of = existing.duplicate_of
        self.files.put(source, record.sha256, stored_suffix(record.media_type))
        for attachment in record.attachments:  # before the rows that name them, like the original
            self.files.put(Path(attachment.path), attachment.sha256, attachment.suffix)
        row, audit = _correction_rows(correction, self._named_before(correction)) if correction else (None, None)
        with self.store.transaction():  # people's passage notes follow their words, in the same transaction
            noted = existing is not None and self.work.tables.has_passage_notes(existing.id)
            before = _bodies(self.store.emails_in_document(existing.id)) if existing and noted else []
            document = self.store.add_document(release, record, duplicate_of=duplicate_of, correction=row,
                                               audit=audit)
            if before:
                self.work.follow_split(before, _bodies(self.store.emails_in_document(document.id)),
                                       correction.actor if correction else "ingest")
        if index:
            self.index_document(document)
        return document

    def index_document(self, *documents: Document) -> int:
        """Index (or re-index) documents: one index commit for all of them, so a batch of
        documents costs one commit's fixed work (the ingest of many small PDFs should batch)."""

        def entries(document: Document) -> Iterator[IndexEntry]:
            return iter(()) if document.duplicate_of else self._entries_for(document.id)

        try:
            count = self.index.replace_documents([(d.id, entries(d)) for d in documents])
        except OSError as exc:
            raise StoreError(
                f"{self.index.root}: the search index could not be updated "
                f"({exc.strerror or exc}); free space or fix permissions of the archive folder, "
                "then run `foia reindex`") from exc
        for document in documents:
            self.store.mark_indexed(document.id)
        return count

    def catch_up_index(self, *, batch: int = 20) -> int:
        """Index documents a killed ingest committed but did not index (``batch`` per commit)."""
        pending = self.store.unindexed_documents()
        for start in range(0, len(pending), batch):
            self.index_document(*pending[start:start + batch])
        return len(pending)

    def _page_hit(self, document_id: str, number: int) -> bool:
        """Whether the index holds a page as a hit of its own (as ``_entries_for`` makes them): a
        page no email holds, or the text of one that its emails (quoted copies too) do not hold."""
        spans = self.store.spans_on_page(document_id, number)
        if not any(top for *_, top in spans):
            return True
        try:
            page = self.store.page(document_id, number)
        except NotFound:
            return False
        return entry_outside_emails(page, [(first, end) for first, end, _ in spans]) is not None

    def _entries_for(self, document_id: str) -> Iterator[IndexEntry]:
        pages = self.store.pages(document_id)
        bates = {p.number: p.bates for p in pages if p.bates}
        sources = {p.number: p.source for p in pages}
        emails = list(self.store.emails_in_document(document_id))
        for email, sent in zip(emails, in_printed_zones([e.sent or "" for e in emails]), strict=True):
            if not pages:  # native mail: a message has no pages
                yield entry_for_email(email, "native", {})
                continue
            page_sources = {sources.get(n, "") for n in range(email.start_page, email.end_page + 1)}
            yield entry_for_email(email, "ocr" if "ocr" in page_sources else "text-layer", bates, sent)
        loose = {page.number: page for page in self.store.iter_loose_pages(document_id)}
        yield from map(entry_for_page, loose.values())
        spans: dict[int, list[tuple[int, int | None]]] = {}  # by page: the lines its emails hold (None: to its end)
        for email in emails:
            for number in range(email.start_page, email.end_page + 1):
                spans.setdefault(number, []).append((email.start_line if number == email.start_page else 0,
                                                     email.end_line if number == email.end_page else None))
        for page in pages:
            if page.number in spans and page.number not in loose and (
                    outside := entry_outside_emails(page, spans[page.number])):
                yield outside

    def reindex(self, *, procs: int | None = None, engine: str | None = None) -> int:
        """Rebuild the whole index from SQLite, one document at a time (bounded memory).

        A large archive is indexed by ``REINDEX_PROCS`` processes (Whoosh's own
        multiprocessing writer, one segment each; tantivy's threads); a small one in this process.
        ``engine``: build that engine's index instead and use it from now on (remembered in the
        archive's settings); the other engine's index is then removed (it would go stale).
        """
        if engine is not None and engine != self.engine:
            if engine not in ENGINES:
                raise ArchiveError(f"no search engine {engine!r}; choose one of {', '.join(ENGINES)}")
            index = open_index(self.home, engine)
            count = self.rebuild_index(index, procs=procs)
            self.store.set_setting(SETTING, engine)
            if self._owns_index:
                self.index.close()
            shutil.rmtree(index_folder(self.home, self.engine), ignore_errors=True)
            self.index, self.engine, self._owns_index = index, engine, True
            return count
        return self.rebuild_index(self.index, procs=procs)

    def rebuild_index(self, index: Index, *, procs: int | None = None) -> int:
        """Rebuild ``index`` (either engine's) from SQLite: every entry of every document that is
        no duplicate, one document at a time."""
        documents = self.store.documents()
        if procs is None:
            procs = REINDEX_PROCS if len(documents) >= 40 else 1

        def entries() -> Iterator[IndexEntry]:
            for document in documents:
                if not document.duplicate_of:
                    yield from self._entries_for(document.id)

        count = index.rebuild(entries(), procs=procs)
        for document in documents:
            if not document.indexed:
                self.store.mark_indexed(document.id)
        return count

    # -- releases ---------------------------------------------------------------

    def save_release(self, release: Release, *, actor: str | None = None) -> None:
        """Create a release, or update its descriptive fields (audited when ``actor`` is given,
        with the fields before and after). Its fields are kept without invisible characters, as PDF
        text is: the title and agency are in every citation of the release. The slug is its key,
        so one holding an invisible character is refused, not read as another release's."""
        if remove_invisible(release.slug) != release.slug:
            raise ArchiveError(f"the release slug {release.slug!r} holds an invisible character (pasted?); "
                               "type it again with letters, digits and hyphens only")
        release = Release(**{name: value if name == "slug" else remove_invisible(value)
                             for name, value in asdict(release).items()})
        try:
            before: dict[str, str] | None = asdict(self.store.release(release.slug))
        except NotFound:
            before = None
        if not release.title.strip():
            raise ArchiveError(f"the release {release.slug!r} needs a title (every citation of it names it); "
                               "give --title, or \"title\" in its release.json")
        if release.released.strip() and not is_release_date(release.released.strip()):
            raise ArchiveError(f"the release date {release.released!r} is not a date on the calendar written "
                               "YYYY-MM-DD (or YYYY-MM, or YYYY); citations print it: give the date the agency "
                               "produced the records, e.g. 2020-05-29")
        if release.source_url.strip() and not is_web_address(release.source_url):
            raise ArchiveError(f"the release's source URL {release.source_url[:200]!r} is not an http(s) address; give "
                               "the page the agency published the release on, e.g. https://agency.example.gov/foia/2020-05, "
                               "or none")
        if before is None and not RELEASE_SLUG.fullmatch(release.slug):  # it would be a broken /r/<slug>
            raise ArchiveError(f"the release slug {release.slug!r} cannot be part of a link; use letters, "
                               "digits, hyphens, dots and underscores only (at most 80, a letter or digit first), "
                               "e.g. dea-microsoft-2020")
        self.store.save_release(release)
        if actor:
            after = asdict(release)
            changed = {k: v for k, v in after.items() if before is None or before.get(k) != v}
            self.record(actor, "release.save", release.slug, {
                "title": release.title, "before": {k: before[k] for k in changed} if before else None,
                "after": changed})

    def create_release(self, release: Release, *, actor: str,
                       readers: tuple[Sequence[str], Sequence[str]] | None = None) -> None:
        """Create a new release (audited); ArchiveError when its slug is taken. The refusal is the
        same whatever holds the slug (a release the creator reads, one restricted from them, a
        withdrawn one), so it never tells that a release they may not read exists. ``readers``
        (people, groups): restricted to them in the same transaction, never readable by all a
        moment between (its title on the home page), nor left so when restricting fails."""
        with self.store.transaction():
            self.check_new_slug(release.slug)
            self.save_release(release, actor=actor)
            if readers is not None:
                self.restrict_release(release.slug, people=readers[0], groups=readers[1], actor=actor)

    def check_new_slug(self, slug: str) -> None:
        """ArchiveError, in the same words whatever holds it, when a new release may not take ``slug``."""
        if self.has_release(slug):
            raise ArchiveError(f"the slug {slug!r} is taken; choose another slug for a new release, "
                               "or pick an existing release from the list to add files to it")

    def has_release(self, slug: str) -> bool:
        """Is there a release with this slug, withdrawn or not (a new one may not take it)?"""
        return self.store.release_status(slug) is not None

    def release(self, slug: str) -> Release:
        """A release by slug (NotFound; Gone once withdrawn)."""
        return self.store.release(slug)

    def releases(self) -> list[Release]:
        """The active releases, newest first."""
        return self.store.releases()

    def withdraw_release(self, slug: str, reason: str, *, actor: str | None = None) -> None:
        """Withdraw a release: its permalinks answer Gone with ``reason`` (what prints nothing, or
        turns the text around it, taken out: the 410 page and the API quote it)."""
        reason = remove_invisible(reason)
        self.store.release(slug)
        self.store.withdraw_release(slug, reason)
        self._settle_duplicates(slug)
        if actor:
            self.record(actor, "release.withdraw", slug, {"reason": reason})

    def move_document(self, sha256: str, release: str, *, actor: str) -> Document:
        """Move a stored file into ``release`` from the release it was first ingested into (a file
        is kept once): an agency's corrected release that prints again, byte for byte, a file of
        one withdrawn (or restricted) since. Its ids come from its SHA-256, so every permalink to it
        answers again, from ``release``; the notes and tags on it go with it; audited."""
        document = self.store.document_by_sha256(sha256)
        if document is None:
            raise NotFound(f"no stored file with SHA-256 {sha256}: ingest it into {release!r} instead")
        self.store.release(release)  # (NoSuchRelease, Gone: a file is moved into a release that answers)
        if document.release == release:
            raise ArchiveError(f"{document.filename} is in {release!r} already; there is nothing to move")
        # a mail file's attachments, stored as documents of their own, go with it
        family = [document, *self.store.documents_attached_to(document.sha256, document.release)]
        for member in family:
            self.store.move_document(member.id, release, _audit(actor, "document.move", member.id, {
                "file": member.filename, "from": member.release, "to": release}))
        for slug in (document.release, release):
            self._settle_duplicates(slug)
        unindexed = [moved for moved in map(self.store.document, (m.id for m in family)) if not moved.indexed]
        if unindexed:  # (settling the copies may have indexed them)
            self.index_document(*unindexed)
        return self.store.document(document.id)

    def restore_release(self, slug: str, *, actor: str | None = None) -> None:
        """Undo a withdrawal (ArchiveError when the release is not withdrawn)."""
        status = self.store.release_status(slug)
        if status is not None and status[0] != "withdrawn":
            raise ArchiveError(f"release {slug!r} is not withdrawn; there is nothing to restore")
        self.store.restore_release(slug)
        self._settle_duplicates(slug)
        if actor:
            self.record(actor, "release.restore", slug)

    def release_stats(self, slug: str) -> ReleaseStats:
        return self.store.release_stats(slug)

    def release_exemptions(self, slug: str) -> list[tuple[str, int, int]]:
        """(code, emails, pages) for each exemption code used in a release, most used first."""
        return self.store.release_exemptions(slug)

    def release_correspondents(self, slug: str) -> dict[str, tuple[Party, int, int]]:
        """Each named party of a release's emails: (party, emails sent, emails received), by key."""
        return self.store.release_correspondents(slug)

    def counts(self) -> dict[str, int]:
        """The whole archive's figures, named as `foia verify` prints them."""
        return self.store.counts()

    def withdrawn_releases(self) -> list[tuple[Release, str]]:
        """The withdrawn releases (those its reader may see), by slug, with the reason given."""
        return self.store.withdrawn_releases()

    def release_listing(self, *, withdrawn: bool = False) -> list[ReleaseListing]:
        """The releases with their counts; with ``withdrawn``, the withdrawn ones too (last)."""
        listed = [ReleaseListing(r, self.store.release_stats(r.slug)) for r in self.store.releases()]
        if withdrawn:
            listed += [ReleaseListing(r, self.store.release_stats(r.slug), True, reason)
                       for r, reason in self.withdrawn_releases()]
        return listed

    # -- documents, pages, emails ------------------------------------------------

    def documents(self, release: str | None = None) -> list[Document]:
        return self.store.documents(release)

    def document(self, document_id: str) -> Document:
        return self.store.document(document_id)

    def original(self, document: Document) -> Path:
        """Where the original PDF of ``document`` is kept (it may be missing: check)."""
        return self.files.path_for(document.sha256, document.suffix)

    def attachments(self, email_id: str) -> list[Attachment]:
        """A native message's attachments, in its order (none for printed email)."""
        return self.store.attachments(email_id)

    def attached_to(self, document: Document) -> list[Email]:
        """The native messages ``document`` (a PDF, or the office file it was converted from) was attached to."""
        return self.store.attached_to(document.converted_from or document.sha256) if document.parent_sha256 else []

    def attachment_file(self, attachment: Attachment) -> Path:
        """Where an attachment's bytes are kept (the file store)."""
        return self.files.path_for(attachment.sha256, attachment.suffix)

    def release_readings(self, release: str) -> Iterator[ReleaseReading]:
        """What the machine read in each email of the release (``Store.release_readings``)."""
        return self.store.release_readings(release)

    def stamps_like(self, release: str, pattern: str, *, limit: int = -1) -> list[str]:
        """Distinct page stamps of a release matching an SQL LIKE pattern (``Store.stamps_like``)."""
        return self.store.stamps_like(release, pattern, limit=limit)

    def unstamped_documents(self, release: str) -> list[str]:
        """The PDFs of a release no page of which a stamp was read on (``Store.unstamped_documents``)."""
        return self.store.unstamped_documents(release)

    def stamp_prefixes(self, release: str, least: int) -> list[tuple[str, int, int]]:
        """A release's stamp prefixes printed on ``least`` pages, with their digits' fewest and most
        (``Store.stamp_prefixes``)."""
        return self.store.stamp_prefixes(release, least)

    def stamps_by_document(self, release: str, pattern: str) -> dict[str, list[str | None]]:
        """Each document's page stamps where one matches the pattern (``Store.stamps_by_document``)."""
        return self.store.stamps_by_document(release, pattern)

    def pages(self, document_id: str, first: int = 1, last: int | None = None) -> list[Page]:
        return self.store.pages(document_id, first, last)

    def page(self, document_id: str, number: int) -> Page:
        return self.store.page(document_id, number)

    def email(self, email_id: str) -> Email:
        return self.store.email(email_id)

    def emails(self, email_ids: list[str]) -> dict[str, Email]:
        """Several emails at once, by id (missing ids are left out)."""
        return self.store.emails(email_ids)

    def iter_emails(self) -> Iterator[Email]:
        """All emails in a stable order (bounded memory)."""
        return self.store.iter_emails()

    def emails_in_document(self, document_id: str) -> list[Email]:
        return self.store.emails_in_document(document_id)

    def resolve_email(self, email_id: str) -> tuple[Email, bool]:
        """The email an id names, and whether the id has moved (a retired id)."""
        return self.store.resolve_email(email_id)

    def email_covering(self, document_id: str, page: int) -> Email | None:
        """The top-level email printed on a document page, if any (the first of several)."""
        return self.store.email_covering(document_id, page)

    def emails_covering(self, document_id: str, page: int) -> list[Email]:
        """Every top-level email printed on a document page: the end of one and the start of the
        next share a page, and its Bates number names none of them alone."""
        return self.store.emails_covering(document_id, page)

    def neighbours(self, email: Email) -> tuple[Email | None, Email | None, int | None, int]:
        """The top-level emails before and after ``email`` in its document, its position, their number."""
        return self.store.neighbours(email)

    def quoted_in(self, email_id: str) -> list[Email]:
        """The quoted copies printed inside an email."""
        return self.store.quoted_in(email_id)

    def citation_history(self, email_id: str) -> list[CitedAs]:
        """What an email's citation said, oldest first, each from when and why it changed: a
        permalink cited years ago shows what it named on the day it was cited."""
        return self.store.citation_history(email_id)

    # -- copies of one message (ingest/same_message.py groups them) ---------------------------

    def copy_candidates(self, minutes: Sequence[str], subjects: Sequence[str], limit: int) -> list[Email]:
        """Emails printed at one of these minutes, or undated with one of these subjects (at
        most ``limit`` each): where a new email's copies may be."""
        return self.store.copy_candidates(minutes, subjects, limit)

    def copy_groups(self, email_ids: Sequence[str]) -> dict[str, str]:
        """The copy group of each of these emails, and of every other member of those groups."""
        return self.store.copy_groups(email_ids)

    def save_copy_groups(self, rows: Sequence[tuple[str, str, str]], forget: Sequence[str]) -> None:
        """Record (email, group, step) rows, forgetting first what was known of ``forget``."""
        self.store.save_copy_groups(rows, forget)

    def landing_order(self, document_ids: Sequence[str]) -> dict[str, int]:
        """The order these documents were first stored in."""
        return self.store.landing_order(document_ids)

    def copies_of(self, email_id: str) -> list[tuple[Email, str]]:
        """The other copies of an email's message (with the matcher's step that joined each)."""
        return self.store.copies_of(email_id)

    def corrected_elsewhere(self, email_id: str, copies: Sequence[Email]) -> dict[str, tuple[tuple[str, bool], ...]]:
        """Of these copies of an email's message, those a person corrected where this email reads
        otherwise, each with those fields (``corrections.corrected_on_copy``), and whether a person
        gave this email's value too (the two people's readings disagree)."""
        given = [copy for copy in copies if set(copy.people_gave) & set(COPIED_FIELDS)]
        if not given:
            return {}
        here = self.store.email_row(email_id)
        if here is None:
            raise NotFound(f"no email {email_id!r}")
        mine = self.store.email(email_id).people_gave
        found = {}
        for copy in given:
            theirs = self.store.email_row(copy.id)
            if theirs is None:
                continue
            fields = tuple((name, disputed) for disputed in (False, True) for name in corrected_on_copy(
                field_values(here), field_values(theirs), here_gave=mine, theirs_gave=copy.people_gave,
                disputed=disputed))
            if fields:
                found[copy.id] = fields
        return found

    def copy_counts(self, email_ids: Sequence[str]) -> dict[str, int]:
        """How many other copies of each email's message this reader may see."""
        return self.store.copy_counts(email_ids)

    def same_subject_anywhere(self, normalized_subject: str, limit: int,
                              keep: Callable[[str, tuple[Party, ...]], bool] | None = None,
                              near: str | None = None) -> list[Email]:
        """Emails and quoted copies of every release with this thread key, oldest first: of those
        whose id and parties ``keep`` accepts, the ``limit`` printed nearest ``near`` (a sent time)."""
        return self.store.same_subject_anywhere(normalized_subject, limit, keep, near)

    def emails_with_ocr_pages(self, email_ids: list[str]) -> set[str]:
        """Which of these emails have at least one page whose text came from OCR."""
        return self.store.emails_with_ocr_pages(email_ids)

    def bates_lookup(self, number: str) -> tuple[str, int, str] | None:
        """(document id, page, the stamp as printed) of the page stamped with this Bates number
        (any case; leading zeros or hyphens left out as people write them)."""
        return self.store.bates_lookup(number)

    def bates_pages(self, number: str) -> list[tuple[str, int, str, str]]:
        """Every page stamped with this Bates number, as (document id, page, stamp, release)."""
        return self.store.bates_pages(number)

    # -- people's corrections (archive/corrections.py) ------------------------------------

    def structure(self, sha256: str, pending: Correction | None = None) -> Structure:
        """Where people decided a document's emails begin and end (with ``pending`` not yet stored)."""
        from .corrections import structure

        corrections = self.store.corrections(ids.document_id(sha256))
        return structure([*corrections, pending] if pending else corrections)

    def correct_fields(self, email_id: str, values: dict[str, Any], *, actor: str) -> Email:
        """A person's values for some of an email's fields (archive/corrections.py shapes), applied
        over the machine's at once (database and search index) and audited with before and after."""
        unknown = set(values) - set(FIELDS)
        if unknown or not values:
            raise ArchiveError(f"cannot correct {', '.join(sorted(unknown)) or 'nothing'}; "
                               f"the fields people correct are {', '.join(FIELDS)}")
        return self._append_values(email_id, "fields", values, actor)

    def shown_values(self, email_id: str) -> dict[str, Any]:
        """An email's correctable fields as shown (people's values over the machine's), as stored."""
        row = self.store.email_row(email_id)
        if row is None:
            raise NotFound(f"no email {email_id!r}")
        return field_values(row)

    def mark_checked(self, email_id: str, *, actor: str) -> Email:
        """A person checked the email against the page images: every field stands as shown."""
        return self._append_values(email_id, "checked", None, actor)

    def _append_values(self, email_id: str, action: str, values: dict[str, Any] | None, actor: str) -> Email:
        email = self.store.email(email_id)
        row = self.store.email_row(email.id)
        assert row is not None
        self.store.release(email.release)  # Gone when withdrawn
        shown, machine = field_values(row), machine_values(row)
        values = shown if values is None else values
        correction = self._new_correction(email, action, (email.start_page, email.start_line), values,
                                          {name: machine[name] for name in values}, actor)
        before = {name: shown[name] for name in values}
        self.store.add_correction(*_correction_rows(correction, before))
        self.index_document(self.store.document(email.document_id))
        return self.store.email(email.id)

    def _new_correction(self, email: Email, action: str, position: tuple[int, int], value: dict[str, Any],
                        machine: dict[str, Any], actor: str) -> Correction:
        document = self.store.document(email.document_id)
        return Correction(id=0, at=_now(), actor=actor, document_id=document.id,
                          document_sha256=document.sha256, page=position[0], line=position[1],
                          action=action, email_id=email.id, value=value, machine=machine)

    def structure_correction(self, email_id: str, action: str, *, actor: str, page: int | None = None,
                             line: int | None = None, kind: str = "") -> tuple[Correction, Document]:
        """A structure correction of the email ``email_id`` (checked, not yet stored), and its
        document: ``split`` at ``page``/``line`` inside it, ``merge`` it with the email before,
        ``not-email`` (``kind``: a memo, a letter, a slip sheet), ``restore`` the machine's
        reading where a person's split began it (a quoted copy made an email of its own is one
        again; a merge of such an email is that restore). Ingest re-splits the document with it (ingest/corrections.py) and stores both in
        one transaction (:meth:`add_document`)."""
        email = self.store.email(email_id)
        self.store.release(email.release)
        if email.native:
            raise ArchiveError(f"email {email.id} is a native message: the file says where each message "
                               "begins and ends, so there is nothing to split, merge or mark")
        if action not in STRUCTURE_ACTIONS or action == "email":
            raise ArchiveError(f"no structure correction {action!r}; choose split, merge, not-email or restore")
        if action == "merge" and self.review(email).begun is not None:
            # merging an email a person's split began withdraws the split: where the machine read a
            # quoted header it is a quoted copy again (as merged, its header was body text: lost)
            action = "restore"
        if action == "restore":
            if self.review(email).begun is None:
                raise ArchiveError(f"email {email.id} begins where the machine read it: no person's split "
                                   "begins it, so there is nothing to restore")
            return (self._new_correction(email, action, (email.start_page, email.start_line), {}, {}, actor),
                    self.store.document(email.document_id))
        if email.quoted and action != "split":
            raise ArchiveError(f"email {email.id} is a copy quoted inside another email: only a split "
                               "(this quoted header begins an email of its own) applies to it")
        position = (email.start_page, email.start_line)
        value: dict[str, Any] = {}
        if action == "split":
            if page is None or line is None:
                raise ArchiveError("a split needs the page and the line where the second email begins")
            position = self._line_in(email.document_id, page, line)
            inside = (email.start_page, email.start_line) < position <= (email.end_page, email.end_line) \
                or (email.quoted and position == (email.start_page, email.start_line))
            if not inside:
                raise ArchiveError(f"page {page}, line {line + 1} is not inside email {email.id} (pages "
                                   f"{email.start_page}-{email.end_page}); split an email at one of its own lines")
        elif action == "merge":
            previous = self.store.neighbours(email)[0]
            if previous is None:
                raise ArchiveError(f"email {email.id} is the first in its document: there is no email before it "
                                   "to merge it with")
        elif kind not in NOT_EMAIL_KINDS:
            raise ArchiveError(f"what is it, if not an email? choose one of {', '.join(NOT_EMAIL_KINDS)}")
        else:
            value = {"kind": kind}
        return (self._new_correction(email, action, position, value, {}, actor),
                self.store.document(email.document_id))

    def email_correction(self, document_id: str, page: int, line: int, *, actor: str) -> tuple[Correction, Document]:
        """A person says an email begins at this line of pages that are no email (not yet stored);
        at the line of a person's mark "no email", that the machine's reading stands there again."""
        document = self.store.document(document_id)
        self.store.release(document.release)
        position = self._line_in(document_id, page, line)
        standing = [c for c in self.store.corrections(document_id, position) if c.action in STRUCTURE_ACTIONS]
        undoing = bool(standing) and standing[-1].action == "not-email"  # (a person's mark: undone by a restore)
        if not undoing and self.store.email_covering(document_id, page) is not None:
            raise ArchiveError(f"page {page} is part of an email already; split that email at the line instead")
        return Correction(id=0, at=_now(), actor=actor, document_id=document.id, document_sha256=document.sha256,
                          page=position[0], line=position[1], action="restore" if undoing else "email",
                          email_id="", value={}, machine={}), document

    def marked_not_email(self, document_id: str, page: int) -> list[Correction]:
        """The marks "no email" (a memo, a letter, a slip sheet) that stand on a page, in the order
        of their lines: what a person decided there, to be said on the page and undone from it
        (``email_correction`` at a mark's line restores the machine's reading), also where another
        email shares the page."""
        latest: dict[tuple[int, int], Correction] = {}
        for correction in self.store.corrections(document_id):
            if correction.action in STRUCTURE_ACTIONS and correction.page == page:
                latest[correction.position] = correction
        return sorted((c for c in latest.values() if c.action == "not-email"), key=lambda c: c.line)

    def _line_in(self, document_id: str, page: int, line: int) -> tuple[int, int]:
        text = self.store.page(document_id, page).text
        if not 0 <= line < len(text.splitlines()):
            raise ArchiveError(f"page {page} of document {document_id} has no line {line + 1}")
        return page, line

    def _named_before(self, correction: Correction) -> dict[str, Any] | None:
        """What the email a structure correction acts on names before it (its audit entry's
        ``before``): what a permalink the correction retires named, for its notice."""
        try:
            email = self.store.email(correction.email_id) if correction.email_id else None
        except NotFound:
            return None
        try:
            quoting = self.store.email(email.parent_id) if email and email.quoted and email.parent_id else None
        except NotFound:
            quoting = None  # (the copy named without the email quoting it)
        return {"named": email_named(email, self.store.document(email.document_id), quoting)} if email else None

    def retirement(self, old_id: str, email: Email) -> Retirement | None:
        """Why the retired id ``old_id`` leads to ``email`` (the link a reader followed, for the
        notice on its page); None when it does not (not an id, not retired, or leading elsewhere:
        a ``from`` made up is not believed)."""
        if not ids.is_email_id(old_id):
            return None
        try:
            found, moved = self.store.resolve_email(old_id)
        except ArchiveError:  # unknown, withdrawn, or its place is no email now
            return None
        position = self.store.issued_position(old_id)
        if not moved or found.id != email.id or position is None:
            return None
        document_id, page, line = position
        document = self.store.document(document_id)
        try:
            bates = self.store.page(document_id, page).bates or ""
        except NotFound:  # a page row missing (`foia verify` reports it)
            bates = ""
        recorded = self.store.last_cited_as(old_id)
        retired = Retirement(old_id, document_id, document.filename, page, bates, named=recorded.cited if recorded else "")
        structural = [c for c in self.store.corrections(document_id, (page, line)) if c.action in STRUCTURE_ACTIONS]
        if not structural:
            return retired
        last = structural[-1]
        named = self.store.latest_audit_details(old_id, f"correction.{last.action}").get("before", {})
        return replace(retired, named=str(named.get("named", "")) or retired.named, action=last.action, at=last.at)

    def email_at(self, document_id: str, page: int, line: int) -> Email | None:
        """The email whose header block begins at this line, if any."""
        return next((e for e in self.store.emails_in_document(document_id)
                     if (e.start_page, e.start_line) == (page, line)), None)

    def review(self, email: Email) -> EmailReview:
        """What people did to ``email`` and how sure the machine is of it."""
        row = self.store.email_row(email.id)
        history = tuple(c for c in self.store.placed_corrections(email.document_id)
                        if c.position == (email.start_page, email.start_line))
        people = person_values(history)
        machine = machine_values(row) if row else {}
        try:
            page: Page | None = self.store.page(email.document_id, email.start_page)
        except NotFound:  # native mail has no pages
            page = None
        found = doubts(certainty=machine.get("date", {}).get("certainty", email.date_certainty),
                       has_sender=bool(machine.get("sender")), has_recipients=bool(machine.get("to")),
                       scanned=bool(page and page.scanned), ocr_confidence=page.ocr_confidence if page else None,
                       recorded=email.doubts,
                       set_by_people=people)
        return EmailReview(people=people, machine={name: machine.get(name) for name in people},
                           disagreements=tuple(json.loads(row["disagreements"])) if row and row["disagreements"] else (),
                           history=history, doubts=tuple(found), bounds=self._bounds_corrected(email))

    def _bounds_corrected(self, email: Email) -> tuple[tuple[Correction, str], ...]:
        """The people's structure corrections that set where ``email`` ends or what it holds: inside
        it (a merge gave it the lines of the email there) or at the line after it (a split cut it
        short there), each with the email beginning there now; its own first line's is
        ``EmailReview.begun``. A reader quoting words the email no longer holds is told where they went."""
        if email.native:
            return ()
        start, end = (email.start_page, email.start_line), (email.end_page, email.end_line)
        latest = {c.position: c for c in self.store.corrections(email.document_id) if c.action in STRUCTURE_ACTIONS}
        inside = [c for position, c in sorted(latest.items()) if start < position <= end]
        if not inside:
            return ()
        begins = {(e.start_page, e.start_line): e.id for e in self.store.emails_in_document(email.document_id)}
        return tuple((c, begins.get(c.position, "")) for c in inside)

    def review_queue(self, release: str, *, field: str = "", document: str = "", source: str = "",
                     show: str = "unchecked") -> list[QueueItem]:
        """A release's emails, likeliest mistakes first (``show``: unchecked, disagreements, all)."""
        self.store.release(release)
        items = []
        elsewhere = self.store.copies_corrected(release)
        for row in self.store.review_rows(release):
            scanned = bool(row["scanned"]) if row["scanned"] is not None else row["source"] == "ocr"
            found = doubts(certainty=row["date_certainty"], has_sender=bool(row["sender"]),
                           has_recipients=row["recipients_to"] not in (None, "", "[]"), scanned=scanned,
                           ocr_confidence=row["ocr_confidence"], recorded=json.loads(row["doubts"] or "[]"))
            found += [Doubt(name, "people read it otherwise on another copy of the message" if disputed else
                            "a person corrected it on another copy of the message, which reads otherwise here", 3)
                      for name, disputed in elsewhere.get(row["id"], ())]
            item = QueueItem(email_id=row["id"], document_id=row["document_id"], filename=row["filename"],
                             page=row["start_page"], subject=row["subject"] or "", sent=row["sent"],
                             scanned=scanned, reviewed=row["reviewed"] or "", doubts=tuple(found),
                             disagreements=tuple(json.loads(row["disagreements"] or "[]")))
            if show == "unchecked" and item.reviewed and not item.disagreements:
                continue
            if show == "disagreements" and not item.disagreements:
                continue
            if field and not any(d.field in (field, "header") for d in item.doubts) and field not in item.disagreements:
                continue
            if document and item.document_id != document:
                continue
            if source and (source == "scanned") != scanned:
                continue
            items.append(item)
        return sorted(items, key=lambda i: (-i.weight, i.document_id, i.page))

    def review_progress(self, release: str) -> tuple[int, int]:
        """(emails a person checked or corrected, emails) of a release."""
        return self.store.review_counts(release)

    def checked_truth(self, release: str) -> list[CheckedDocument]:
        """The emails people checked or corrected in a release, and where they said emails begin,
        per document: ground truth to score the machine's reading against."""
        self.store.release(release)
        found = []
        for document in self.store.documents(release):
            if document.duplicate_of:
                continue
            corrections = self.store.placed_corrections(document.id)
            emails = [e for e in self.store.emails_in_document(document.id) if not e.quoted]
            reviewed = [e for e in emails if e.reviewed]
            structure_pages = {c.page for c in corrections if c.action in STRUCTURE_ACTIONS}
            if not reviewed and not structure_pages:
                continue
            pages = structure_pages | {p for e in reviewed for p in range(e.start_page, e.end_page + 1)}
            values = {}
            for email in reviewed:
                at = (email.start_page, email.start_line)
                values[at] = {name: p.value for name, p in person_values(c for c in corrections if c.position == at).items()}
            found.append(CheckedDocument(
                document_id=document.id, pages=frozenset(pages),
                starts=frozenset((e.start_page, e.start_line) for e in emails if e.start_page in pages),
                values=values, scanned=frozenset(p.number for p in self.store.pages(document.id) if p.scanned)))
        return found

    def unplaced_corrections(self, release: str) -> list[tuple[Correction, str]]:
        """Corrections whose position no email begins at any more, with the file name."""
        return self.store.unplaced_corrections(release)

    def completeness(self, slug: str) -> Completeness:
        """Is the release's production complete: its Bates sequences, gaps, duplicates,
        unstamped pages and pages withheld in full (archive/production.py)."""
        return completeness(self.store.production_pages(slug))

    def agency_exemption_use(self, agency: str) -> list[tuple[Release, int, dict[str, int]]]:
        """Each visible release of an agency, oldest first: its emails and those under each code."""
        return self.store.agency_exemption_use(agency)

    def stamped_numbers(self, slug: str) -> set[int]:
        """The numbers of every Bates stamp on the release's pages (whatever their prefix)."""
        return {int(parts[1]) for row in self.store.production_pages(slug)
                if (parts := split_bates(row.bates or "")) is not None}

    def letter_pages(self, slug: str) -> list[tuple[PageRow, str]]:
        """The release's cover-letter pages (where the agency states what it processed) and their text."""
        return self.store.letter_pages(slug)

    def bates_nearest(self, number: str) -> tuple[str | None, str | None]:
        """The stamps printed just before and after a Bates number that is on no page."""
        return self.store.bates_nearest(number)

    # -- the ingest queue (archive/batches.py) ------------------------------------------

    def new_upload(self) -> tuple[str, Path]:
        """A new batch id and the empty folder its files are received into."""
        batch_id = new_batch_id()
        folder = self.staging.folder(batch_id)
        try:
            folder.mkdir(parents=True)
        except OSError as exc:
            raise StoreError(f"{folder}: cannot receive uploads ({exc.strerror or exc}); check free space "
                             "and the permissions of the archive folder") from exc
        return batch_id, folder

    def create_batch(self, batch_id: str, release: str, received: Sequence[Received], *, actor: str,
                     article_title: str = "", article_url: str = "", article_text: str = "") -> Batch:
        """Queue the files received into a batch's folder for the runner, in one transaction
        (audited: who, which files, which were refused and why)."""
        self.store.release(release)
        accepted = [r for r in received if not r.refused]
        if not accepted:
            self.refuse_upload(batch_id, release, received, actor=actor)
            raise ArchiveError("no file of this upload can be ingested: " + "; ".join(
                f"{r.name}: {r.refused}" for r in received) if received else "no file was uploaded")
        files = [{"batch_id": batch_id, "ordinal": i, "name": r.name, "stored_name": r.stored_name, "size": r.size,
                  "status": "refused" if r.refused else "queued", "message": r.refused, "document_id": None,
                  "original_name": r.original_name}
                 for i, r in enumerate(received)]
        row = {"id": batch_id, "release": release, "created_by": actor, "created_at": _now(), "status": "queued",
               "article_title": article_title, "article_url": article_url, "article_text": article_text}
        self.store.insert_batch(row, files, _audit(actor, "batch.create", release, {
            "batch": batch_id, "files": [r.name for r in accepted],
            "refused": {r.name: r.refused for r in received if r.refused},
            "article": article_title or article_url or ("text" if article_text else None)}))
        return self.batch(batch_id)

    def refuse_upload(self, batch_id: str, release: str, received: Sequence[Received], *, actor: str) -> None:
        """An upload of which nothing could be kept: its folder removed, the attempt audited."""
        self.staging.remove(batch_id)
        self.record(actor, "upload.refused", release, {"refused": {r.name: r.refused for r in received}})

    def batch(self, batch_id: str) -> Batch:
        """A batch with its files (NotFound when there is none)."""
        row = self.store.batch_row(batch_id)
        if row is None:
            raise NotFound(f"no batch {batch_id[:40]!r}")
        files = tuple(BatchFile(ordinal=f["ordinal"], name=f["name"], size=f["size"], status=f["status"],
                                message=f["message"] or "", pages=f["pages"] or 0, ocr_pages=f["ocr_pages"] or 0,
                                emails=f["emails"] or 0, document_id=f["document_id"],
                                original_name=f.get("original_name") or "")
                      for f in self.store.batch_file_rows(batch_id))
        values: dict[str, Any] = {k: v if v is not None else "" for k, v in row.items()}
        return Batch(files=files, **values)

    def batches(self, statuses: Sequence[str] = ("queued", "running"), limit: int = 50) -> list[Batch]:
        """Batches in these states, newest first."""
        return [self.batch(row["id"]) for row in self.store.batch_rows(statuses, limit)]

    def batch_path(self, batch_id: str, ordinal: int) -> Path:
        """Where a queued file of a batch waits."""
        row = next(f for f in self.store.batch_file_rows(batch_id) if f["ordinal"] == ordinal)
        return self.staging.folder(batch_id) / str(row["stored_name"])

    def claim_batch(self) -> Batch | None:
        """The next batch to ingest (a killed runner's first), marked running; hold :meth:`writing`."""
        batch_id = self.store.claim_batch(_now(), _audit("runner", "batch.start", ""))
        return self.batch(batch_id) if batch_id else None

    def batch_progress(self, batch_id: str, **changes: Any) -> None:
        """Pages done and the like, as the runner reads the files."""
        self.store.update_batch(batch_id, changes)

    def batch_file_outcome(self, batch_id: str, ordinal: int, **changes: Any) -> None:
        self.store.update_batch_file(batch_id, ordinal, changes)

    def finish_batch(self, batch_id: str, *, actor: str = "runner") -> Batch:
        """Mark a batch done (audited with each file's outcome) and drop its uploaded files, but for
        those that failed (kept for :meth:`retry_batch_file`)."""
        batch = self.batch(batch_id)
        outcomes = {f.name: f.status + (f": {f.message}" if f.message else "") for f in batch.files}
        self.store.update_batch(batch_id, {"status": "done", "finished_at": _now(), "current": ""},
                                _audit(actor, "batch.done", batch.release, {"batch": batch_id, "files": outcomes}))
        failed = {f["stored_name"] for f in self.store.batch_file_rows(batch_id) if f["status"] == "failed"}
        self.staging.remove(batch_id, keep=failed - {""})
        done = self.batch(batch_id)
        self.alert_saved_searches(batch_id, [f.document_id for f in done.files
                                             if f.document_id and f.status == "ingested"])
        return done

    def alert_saved_searches(self, batch_id: str, documents: Sequence[str]) -> None:
        """Tell the owners of saved searches what a batch (an upload's, or a `foia ingest`) added in
        ``documents`` that matches them: alerts (their home page and feeds) and, where SMTP is
        configured, a message (archive/mail.py). Never raises: a failure is audited."""
        try:
            notices = self.work.alert_saved_searches(batch_id, documents, self._matches_as)
        except ArchiveError as exc:  # the batch is done whatever happens to its alerts
            self.record("runner", "search.alert-failed", batch_id, {"why": str(exc)})
            return
        for notice in notices:
            try:
                send_alert(MailSettings.from_environment(), notice,
                           list(self.emails([t[2:] for t in notice.targets if t.startswith("e:")]).values()))
            except MailError as exc:  # the alert stands on the home page and in the feed
                self.record("runner", "search.alert-mail-failed", f"search:{notice.search.id}", {"why": str(exc)})

    def _matches_as(self, account: Account, saved: SavedSearch, documents: Sequence[str]) -> list[str]:
        """A saved search's hits among ``documents``, as its owner reads (this handle's reader is kept)."""
        kept = self.store.hidden, self.reader
        try:
            self.read_as(account)
            request = SearchRequest(query=saved.query, filters=saved.filters, include_quoted=saved.include_quoted,
                                    documents=tuple(documents))
            return self.hit_keys(request, MAX_ALERTS)[1]
        finally:
            self.store.hidden, self.reader = kept

    def retry_folder(self, batch_id: str) -> Path:
        """A new folder, inside the batch's and never one of its files (``.part-``), that a
        replacement for one of its files is received into, under its own clean name."""
        self.batch(batch_id)
        folder = self.staging.folder(batch_id) / f"{PART_PREFIX}retry-{new_batch_id()}"
        try:
            folder.mkdir(parents=True)
        except OSError as exc:
            raise StoreError(f"{folder}: cannot receive uploads ({exc.strerror or exc}); check free space "
                             "and the permissions of the archive folder") from exc
        return folder

    def retry_batch_file(self, batch_id: str, ordinal: int, replacement: Received | None = None, *,
                         actor: str, received_in: Path | None = None) -> Batch:
        """Queue a failed or refused file of a finished batch again: as it was uploaded (after a
        transient failure), or ``replacement``, received into ``received_in`` (a
        :meth:`retry_folder`, removed here). Only that file is read when the runner takes the
        batch again (ingest is idempotent by SHA-256: a file already in the archive is skipped).
        Audited (``batch.retry``) with both files' SHA-256. A second retry of a file already
        queued changes nothing.

        The replacement is moved into place under its own name (over the failed copy when the
        names are alike) before the batch is queued, so a queued file is always there."""
        batch = self.batch(batch_id)
        row = next((f for f in self.store.batch_file_rows(batch_id) if f["ordinal"] == ordinal), None)
        if row is None:
            raise NotFound(f"no file {ordinal} in batch {batch_id}")
        if row["status"] == "queued":
            return batch  # retried already (a form sent twice)
        if row["status"] not in ("failed", "refused"):
            raise ArchiveError(f"{row['name']} was {row['status']}; only a file that failed or was refused is "
                               "retried")
        if batch.status == "running":
            raise ArchiveError(f"batch {batch_id} is being ingested; retry {row['name']} once it is done")
        folder = self.staging.folder(batch_id)
        old = folder / str(row["stored_name"]) if row["stored_name"] else None
        source = received_in / replacement.stored_name if replacement and received_in else None
        if replacement is None and (old is None or not old.is_file()):
            raise ArchiveError(f"{row['name']}: its uploaded copy is not kept (it was refused, or its batch's "
                               "folder was removed); choose a replacement file to upload")
        if replacement is not None and (replacement.refused or source is None or not source.is_file()):
            raise ArchiveError(f"{replacement.name}: {replacement.refused or 'not received'}")
        details = {"batch": batch_id, "file": row["name"], "was": f"{row['status']}: {row['message']}",
                   "sha256": sha256_file(old) if old and old.is_file() else None,
                   "replacement": {"name": replacement.name, "sha256": sha256_file(source)}
                   if replacement and source else None}
        target = old
        if replacement is not None and source is not None:
            target = self._free_name(folder, source.name, old)
            os.replace(source, target)
        stored = target.name if target else ""
        new = replacement or Received(row["name"], stored, row["size"], original_name=row["original_name"] or "")
        changes = {"name": new.name, "stored_name": stored, "original_name": new.original_name, "size": new.size,
                   "status": "queued", "message": "", "pages": 0, "ocr_pages": 0, "emails": 0, "document_id": None}
        if not self.store.requeue_batch_file(batch_id, ordinal, changes,
                                             _audit(actor, "batch.retry", batch.release, details)):
            raise ArchiveError(f"batch {batch_id} was taken by the ingest runner meanwhile; retry "
                               f"{row['name']} once it is done")
        if old is not None and target is not None and old != target:
            old.unlink(missing_ok=True)  # the failed copy, replaced
        if received_in is not None:
            shutil.rmtree(received_in, ignore_errors=True)
        return self.batch(batch_id)

    @staticmethod
    def _free_name(folder: Path, name: str, replacing: Path | None) -> Path:
        """``name`` in ``folder``, or ``name-2`` and so on when another file has it (the copy being
        replaced may keep its name)."""
        target, n = folder / name, 1
        while target.exists() and target != replacing:
            n += 1
            target = folder / f"{Path(name).stem}-{n}{Path(name).suffix}"
        return target

    def sweep_uploads(self, *, older_than: float | None = None) -> list[str]:
        """Remove uploads that never became a batch (see archive/batches.py)."""
        known = self.store.batch_ids()
        return self.staging.sweep(known, **({"older_than": older_than} if older_than is not None else {}))

    # -- context ----------------------------------------------------------------

    def articles(self, release: str) -> list[Article]:
        """A release's context articles, oldest publication first."""
        return self.store.articles(release)

    def article_quotes(self, article_id: str) -> list[QuoteLink]:
        return self.store.article_quotes(article_id)

    def articles_quoting(self, email_id: str) -> list[tuple[Article, QuoteLink]]:
        """The articles that quote an email, with each quotation linked to it."""
        return self.store.articles_quoting(email_id)

    def quote_sources(self, release: str) -> list[Source]:
        """Every email of a release as text a quotation can be found in (with page texts)."""
        return self.store.quote_sources(release)

    def save_article(self, article: Article, links: Sequence[QuoteLink], *, replaces: str | None = None,
                     actor: str | None = None) -> Article:
        """Store an article and its quotations' links (ingest/articles.py reads and matches them);
        the same article id again replaces both, as does the article ``replaces`` names (one of the
        same release). Audited when ``actor`` is given: the article, and what it replaced. Its
        title, outlet and author are shown and cited as typed, with nothing invisible kept."""
        article = replace(article, title=remove_invisible(article.title), outlet=remove_invisible(article.outlet),
                          author=remove_invisible(article.author))
        self.store.release(article.release)
        previous = {a.id: a for a in self.store.articles(article.release)}
        if replaces and replaces not in previous:
            raise NotFound(f"no context article {replaces[:40]!r} in release {article.release!r} to replace")
        before = previous.get(replaces or article.id)
        audit = _audit(actor, "context.save", article.release, {
            "article": article.id, "title": article.title, "url": article.url, "quotations": len(links),
            "linked": sum(1 for q in links if q.email_id),
            "replaced": {"article": before.id, "title": before.title, "url": before.url} if before else None,
        }) if actor else None
        return self.store.save_article(article, links, replaces=replaces, audit=audit)

    # -- accounts and the audit trail (archive/accounts.py) ---------------------------

    def account(self, email: str) -> Account | None:
        """The account with this address, disabled ones too (None when there is none)."""
        try:
            row = self.store.user_row(rules.normalised_email(email))
        except AccountError:
            return None
        return _account(row) if row else None

    def accounts(self) -> list[Account]:
        """Every account, by address."""
        return [_account(row) for row in self.store.user_rows()]

    def add_account(self, email: str, role: str, *, actor: str) -> Account:
        """A new account without a password (issue it a link with :meth:`password_link`)."""
        email, role = rules.normalised_email(email), rules.checked_role(role)
        if self.store.user_row(email):
            raise AccountError(f"{email} already has an account; `foia user role` changes its role")
        self.store.insert_user({"email": email, "role": role, "active": 1, "password_hash": None,
                                "session_version": 0, "created_at": _now()},
                               _audit(actor, "user.add", email, {"role": role}))
        return self._existing(email)

    def set_role(self, email: str, role: str, *, actor: str) -> Account:
        account = self._existing(email)
        role = rules.checked_role(role)
        self.store.update_user(account.email, {"role": role},
                               _audit(actor, "user.role", account.email, {"before": account.role, "after": role}))
        return self._existing(email)

    def set_active(self, email: str, active: bool, *, actor: str) -> Account:
        """Disable an account (its sessions end at once) or enable it again."""
        account = self._existing(email)
        self.store.update_user(account.email,
                               {"active": int(active), "session_version": account.session_version + 1},
                               _audit(actor, "user.enable" if active else "user.disable", account.email))
        return self._existing(email)

    def sign_out(self, email: str) -> None:
        """End the account's sessions (a session cookie is the browser's: a copy of it would
        otherwise sign in until it expires); audited."""
        account = self._existing(email)
        self.store.update_user(account.email, {"session_version": account.session_version + 1},
                               _audit(account.email, "signout", account.email))

    def password_link(self, email: str, *, actor: str, hours: int = rules.LINK_HOURS) -> str:
        """A token that sets the account's password once, within ``hours`` (for a first
        sign-in and for a reset; an earlier password keeps working until it is used)."""
        account = self._existing(email)
        if not account.active:
            raise AccountError(f"{account.email} is disabled; `foia user enable` it first")
        token, digest = rules.new_token()
        expires = (datetime.now(UTC) + timedelta(hours=hours)).isoformat(timespec="seconds")
        self.store.insert_token({"digest": digest, "email": account.email, "purpose": "password",
                                 "expires_at": expires, "used_at": None},
                                _audit(actor, "user.password-link", account.email, {"expires": expires}))
        return token

    def link_account(self, token: str) -> Account | None:
        """The active account a set-password link is for, while the link is unused and unexpired."""
        row = self.store.token_row(rules.token_digest(token))
        if row is None or row["used_at"] or row["expires_at"] <= _now():
            return None
        account = self.account(row["email"])
        return account if account and account.active else None

    def set_password(self, token: str, password: str) -> Account:
        """Spend a set-password link (AccountError when it is used, expired or unknown)."""
        account = self.link_account(token)
        hashed = rules.hash_password(password)
        email = account and self.store.spend_token(
            rules.token_digest(token), _now(),
            {"password_hash": hashed, "session_version": account.session_version + 1},
            _audit(account.email, "user.password-set", ""))
        if not email:
            raise AccountError("this link has been used or has expired; ask an admin for a new one")
        return self._existing(email)

    def sign_in(self, email: str, password: str, *, origin: str = "") -> Account | None:
        """The account if the password is right and the account active; every attempt is audited."""
        account = self.account(email)
        row = self.store.user_row(account.email) if account else None
        good = rules.password_matches(row["password_hash"] if row else None, password)
        ok = bool(good and account and account.active)
        # what someone typed is kept printable, so it cannot forge a line of `foia audit`
        target = account.email if account else "".join(c for c in email.strip().lower()[:254] if c.isprintable())
        self.record(target if ok else "anonymous", "signin.success" if ok else "signin.failure", target,
                    {"from": origin} if origin else {})
        return account if ok else None

    def sign_in_verified(self, email: str, *, via: str, origin: str = "", details: dict[str, Any] | None = None,
                         create_role: str | None = None) -> Account | None:
        """The active account with the address an identity provider vouched for (``via``, e.g.
        "oidc"), audited as a password sign-in is; an address with no account gets one with
        ``create_role`` when given (audited as ``user.add`` by ``via``), else None."""
        address = rules.normalised_email(email)
        account = self.account(address)
        if account is None and create_role:
            account = self.add_account(address, create_role, actor=via)
        ok = bool(account and account.active)
        self.record(address if ok else "anonymous", "signin.success" if ok else "signin.failure", address,
                    {"via": via, **(details or {}), **({"from": origin} if origin else {})})
        return account if ok else None

    def record(self, actor: str, action: str, target: str, details: dict[str, Any] | None = None) -> None:
        """Append an entry to the audit trail."""
        self.store.append_audit(_audit(actor, action, target, details or {}))

    def audit_trail(self, *, limit: int = 100, target: str | None = None) -> list[AuditEntry]:
        """The newest entries first (only those about ``target`` when given)."""
        return [AuditEntry(id=r["id"], at=r["at"], actor=r["actor"], action=r["action"], target=r["target"],
                           details=json.loads(r["details"])) for r in self.store.audit_rows(limit, target)]

    # -- restricted releases ------------------------------------------------------------

    def read_as(self, account: Account | None) -> Archive:
        """Read from now on as ``account`` (None: someone not signed in): the restricted releases
        it may not read, and everything in them, answer NotFound as if they never existed, and
        searches, facets, counts and exports leave them out. A handle not read as anyone (the
        command line, ingest, verify) sees every release."""
        self.store.hidden = frozenset()
        groups = frozenset(r["group_name"] for r in self.store.group_rows(account.email)) if account else frozenset()
        self.store.hidden = rules.hidden_releases(self.restrictions(), account, groups)
        self.reader = self.work.reader(account)
        return self

    def restrictions(self) -> dict[str, Restriction]:
        """Each restricted release's people and groups, by slug."""
        found: dict[str, tuple[list[str], list[str]]] = {}
        for row in self.store.access_rows():
            people, groups = found.setdefault(row["release"], ([], []))
            (people if row["kind"] == "person" else groups).append(row["name"])
        return {slug: Restriction(slug, tuple(p), tuple(g)) for slug, (p, g) in found.items()}

    def restrict_release(self, slug: str, *, people: Sequence[str] = (), groups: Sequence[str] = (),
                         actor: str) -> Restriction | None:
        """Restrict a release to these people (accounts) and groups, replacing what was set; none
        of either opens it to every reader again. Audited with before and after."""
        if self.store.release_status(slug) is None:
            raise ArchiveError(f"no release {slug!r}; `foia release list --all` shows the releases")
        emails = sorted({self._existing(p).email for p in people})
        names = sorted({rules.group_name(g) for g in groups})
        known = self.groups()
        if unknown := [name for name in names if name not in known]:  # (a typo would lock the team out)
            raise AccountError(f"no group {unknown[0]!r}; `foia group list` shows the groups, and "
                               f"`foia group add {unknown[0]} EMAIL...` makes one")
        before = self.restrictions().get(slug)
        rows = ([{"release": slug, "kind": "person", "name": e} for e in emails]
                + [{"release": slug, "kind": "group", "name": g} for g in names])
        self.store.set_access_rows(slug, rows, _audit(actor, "release.restrict" if rows else "release.open", slug, {
            "before": _restriction_json(before), "after": {"people": emails, "groups": names} if rows else None}))
        self._settle_duplicates(slug)
        return self.restrictions().get(slug)

    def groups(self) -> dict[str, list[str]]:
        """Every group with its members' addresses."""
        found: dict[str, list[str]] = {}
        for row in self.store.group_rows():
            found.setdefault(row["group_name"], []).append(row["email"])
        return found

    def set_membership(self, group: str, email: str, member: bool, *, actor: str, reuse: bool = False) -> None:
        """Add an account to a group (``member``) or take it out; audited. A group is made when
        first used; a name a group had before whose team work or restricted releases still name
        it is made again only with ``reuse`` (its new members would read that work: AccountError)."""
        known = group.strip().lower() in self.groups()  # (a group made before its name was reserved may still change)
        name = rules.group_name(group) if known or not member else rules.new_group_name(group)
        account = self._existing(email)
        if member and not known and not reuse and (left := self._left_by_a_team(name)):
            raise AccountError(
                f"a group named {name!r} had members before, and {', '.join(left)} still name it: its new "
                f"members would read them. Choose another name, or `foia group add --reuse {name} EMAIL...` "
                "to hand them to the new members")
        self.store.change_group(name, account.email, member, _audit(
            actor, "group.add" if member else "group.remove", account.email, {"group": name}))

    def _left_by_a_team(self, name: str) -> list[str]:
        """What still names a group no one is a member of: its team's notes, tags and exhibit
        lists, and releases restricted to it ("2 notes", "release 'x''s restriction")."""
        counts = self.store.work.scope_counts(f"group:{name}")
        left = [f"{count} {what}{'' if count == 1 else 's'}" for what, count in counts.items() if count]
        return left + [f"release {slug!r}'s restriction" for slug, restriction in sorted(self.restrictions().items())
                       if name in restriction.groups]

    def session_secret(self) -> str | None:
        """The key that signs this archive's session cookies (None before its first write)."""
        return self.store.setting("session_secret") or None

    def _existing(self, email: str) -> Account:
        account = self.account(email)
        if account is None:
            raise AccountError(f"no account {email!r}; `foia user list` shows the accounts")
        return account

    # -- checking -----------------------------------------------------------------

    def snapshot(self, target: Path, *, link: bool = True) -> dict[str, float]:
        """A copy of the archive at ``target`` that another machine can serve as it is: the
        database (SQLite's online backup), the original PDFs and the live index of the engine in
        use (hard links where ``link`` and one file system allow: none of them is changed in
        place). Written beside ``target`` and renamed into place, so ``target`` is whole or absent;
        call it holding the writer lock (``writing()``), so no ingest commits in between.
        Returns the bytes of each part."""
        if target.exists():
            raise ArchiveError(f"{target}: already exists; snapshot into a new folder")
        partial = target.with_name(f".{target.name}.partial")
        shutil.rmtree(partial, ignore_errors=True)
        try:
            partial.mkdir(parents=True)
            self.store.backup(partial / "archive.db")
            files = copy_tree(self.files.root, partial / "files", link=link) if self.files.root.is_dir() else 0
            index_root = index_folder(self.home, self.engine)
            index = 0
            for path in self.index.live_files():
                copy_file(path, partial / index_root.name / path.relative_to(index_root), link=link)
                index += path.stat().st_size
            os.rename(partial, target)
        except OSError as exc:
            shutil.rmtree(partial, ignore_errors=True)
            raise StoreError(f"{target}: cannot write the snapshot there ({exc.strerror or exc}); "
                             "check the path, its permissions and free disk space") from exc
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        return {"database": (target / "archive.db").stat().st_size, "files": files, "index": index}

    def _row_damage(self, document: Document, past: list[tuple[str, int]]) -> list[str]:
        """What is wrong with a document's page rows, and its emails (``past``: those ending past
        its pages, as ``Store.emails_past_pages``), for `foia verify`."""
        damage = []
        pages = len(self.store.pages(document.id))
        if pages < document.page_count:
            damage.append(f"{document.page_count - pages} of {document.page_count} page rows missing")
        elif pages > document.page_count:
            damage.append(f"{pages} page rows for its {document.page_count} pages")
        if past and not document.native:
            damage.append(f"{len(past)} email(s) end past its {document.page_count} pages (email "
                          f"{past[-1][0]} on page {past[-1][1]})")
        return damage

    def verify(self, *, repair: bool = False) -> VerifyReport:
        """Do the database, the index and the file store agree, and does the audit trail (whole, its
        seals unbroken) account for the accounts, releases, access and batches the database holds?"""
        report = VerifyReport(counts=self.store.counts())
        documents = self.store.documents()
        stored = self.files.all_digests()
        past_pages = self.store.emails_past_pages()
        for document in documents:
            original = document.sha256 in stored
            if not original:
                report.problems.append(
                    f"document {document.id} ({document.filename}): original PDF missing from the "
                    f"file store; ingest {document.filename} again to restore it"
                )
            if document.duplicate_of == document.id:
                report.problems.append(
                    f"document {document.id} ({document.filename}) is marked a duplicate of itself, so "
                    "it is not searchable; `foia verify --repair` re-derives it from the original")
                if original:
                    report.rederivable.append(document)
                    continue
            # One transaction writes a document's rows, so rows missing, or emails ending past its
            # pages, mean damage from outside (a hand edit, a recovered database): re-derivable
            # only from the original.
            damage = self._row_damage(document, past_pages.get(document.id, []))
            if damage:
                remedy = ("`foia verify --repair` re-derives them from the original" if original else
                          f"it cannot be repaired without the original: ingest {document.filename} again")
                report.problems.append(f"document {document.id} ({document.filename}): {'; '.join(damage)}; {remedy}")
                if original:
                    report.rederivable.append(document)
        expected: set[str] = set()
        for document in documents:
            if not document.duplicate_of:
                expected.update(e.key for e in self._entries_for(document.id))
        index_problem = False
        if not expected and not self.index.exists():
            pass  # nothing ingested yet (a release without documents): no index to agree with
        elif not self.index.is_current():
            report.problems.append("search index missing or built by another version; "
                                   "`foia verify --repair` (or `foia reindex`) rebuilds it")
            index_problem = True
        else:
            keys = self.index.keys()
            report.index_entries = len(keys)
            report.index_pages = sum(1 for key in keys if key.startswith("p:"))
            missing, extra = expected - keys, keys - expected
            if missing or extra:
                index_problem = True
                report.problems.append(
                    f"search index out of step with the database: {len(missing)} missing "
                    f"(e.g. {sorted(missing)[:3]}), {len(extra)} extra (e.g. {sorted(extra)[:3]}); "
                    "`foia verify --repair` (or `foia reindex`) rebuilds it (an ingest that was stopped "
                    "also indexes its stored documents when run again)"
                )
        if repair and index_problem:
            report.index_entries = self.reindex()
            report.repaired.append(f"rebuilt the search index ({report.index_entries} entries)")
            report.problems = [p for p in report.problems if "index" not in p]
        trail = check_trail(self.store.sealed_audit(), self.store.audited_records())
        report.audit_entries, report.audit_head = trail.entries, trail.head
        report.problems += trail.problems  # never repaired: the trail is append-only
        return report

    # -- searching ----------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResult:
        """One page of results: exact total, facets, hits with snippets (never raises on a query)."""
        return run_search(self, request)

    def forget_answers(self) -> None:
        """Search again what this process answered (a benchmark's first-time searches)."""
        self.index.forget_answers()

    def highlight(self, query: str) -> Highlight:
        """The words of a text that ``query`` marks, its wildcards and fuzzy words as the index
        expanded them (IndexUnavailable when the index cannot be read)."""
        from .query import parse_query

        return self.index.highlight(parse_query(query))

    def check_search(self) -> None:
        """IndexUnavailable unless the search index can answer (before streaming an export)."""
        self.index.check()

    def index_is_current(self) -> bool:
        """Is every stored document in a search index this version built?"""
        return self.index.is_current() and not self.store.unindexed_documents()

    def hit_keys(self, request: SearchRequest, limit: int) -> tuple[int, list[str]]:
        """A search's total and its first ``limit`` hits' keys ("e:<id>", "p:<doc>:<n>"), in order."""
        return hit_keys(self, request, limit)

    def export(self, request: SearchRequest) -> Iterator[dict[str, str]]:
        """Every hit of a search as rows (id, permalink, date, sender, recipients, subject, bates, pages)."""
        return export_rows(self, request)


def _bodies(emails: Iterable[Email]) -> list[tuple[str, str]]:
    """A document's top-level emails as (id, body), in order: what passage notes follow."""
    return [(e.id, e.body) for e in emails if not e.quoted]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _audit(actor: str, action: str, target: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"at": _now(), "actor": actor, "action": action, "target": target,
            "details": json.dumps(details or {}, ensure_ascii=False, sort_keys=True)}


def _correction_rows(correction: Correction, before: dict[str, Any] | None = None
                     ) -> tuple[dict[str, Any], dict[str, Any]]:
    """A correction's row and its audit entry (who, what, where, before and after)."""
    row = {"at": correction.at, "actor": correction.actor, "document_id": correction.document_id,
           "document_sha256": correction.document_sha256, "page": correction.page, "line": correction.line,
           "action": correction.action, "email_id": correction.email_id,
           "value": json.dumps(correction.value, ensure_ascii=False, sort_keys=True),
           "machine": json.dumps(correction.machine, ensure_ascii=False, sort_keys=True)}
    details: dict[str, Any] = {"document": correction.document_id, "page": correction.page,
                               "line": correction.line, "after": dict(correction.value)}
    if before is not None:
        details["before"] = before
    if correction.machine:
        details["machine"] = dict(correction.machine)
    return row, _audit(correction.actor, f"correction.{correction.action}", correction.email_id
                       or correction.document_id, details)


def _restriction_json(restriction: Restriction | None) -> dict[str, list[str]] | None:
    return {"people": list(restriction.people), "groups": list(restriction.groups)} if restriction else None


def _account(row: dict[str, Any]) -> Account:
    return Account(email=row["email"], role=row["role"], active=bool(row["active"]),
                   created_at=row["created_at"], has_password=bool(row["password_hash"]),
                   session_version=int(row["session_version"] or 0))
