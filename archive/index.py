"""The Whoosh full-text index, derived from SQLite (the only module that imports Whoosh).

One index document per email (quoted copies included, flagged) and one per page
that belongs to no email, so nothing in a release is unsearchable. The index
stores ids and sort keys only; text for display and highlights comes from
SQLite. An index built with another schema version is rebuilt, never misread.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import IndexUnavailable
from .model import Email, Page, Party

SCHEMA_VERSION = "1"
VERSION_FILE = "schema-version"


@dataclass(frozen=True)
class IndexEntry:
    """What the index holds for one searchable unit (an email or a loose page)."""

    key: str  # "e:<email id>" or "p:<document id>:<page>"
    kind: str  # "email" or "page"
    release: str
    document: str
    body: str
    subject: str
    sender: str
    to: str
    cc: str
    sent: str  # ISO date or ""
    exemptions: tuple[str, ...]
    bates: tuple[str, ...]
    pages: tuple[int, ...]
    source: str
    quoted: bool


def _party_terms(parties: Iterable[Party | None]) -> str:
    return " ".join(f"{p.name} {p.address} {' '.join(p.redactions)}" for p in parties if p)


def entry_for_email(email: Email, source: str, page_bates: dict[int, str]) -> IndexEntry:
    pages = tuple(range(email.start_page, email.end_page + 1))
    return IndexEntry(
        key=f"e:{email.id}", kind="email", release=email.release, document=email.document_id,
        body=email.body, subject=email.subject, sender=_party_terms([email.sender]),
        to=_party_terms(email.to), cc=_party_terms(email.cc + email.bcc), sent=email.sent or "",
        exemptions=email.exemptions, bates=tuple(page_bates[p] for p in pages if p in page_bates),
        pages=pages, source=source, quoted=email.quoted,
    )


def entry_for_page(page: Page) -> IndexEntry:
    return IndexEntry(
        key=f"p:{page.document_id}:{page.number}", kind="page", release=page.release,
        document=page.document_id, body=page.text, subject="", sender="", to="", cc="", sent="",
        exemptions=page.exemptions, bates=(page.bates,) if page.bates else (),
        pages=(page.number,), source=page.source, quoted=False,
    )


def _schema() -> Any:
    from whoosh import fields
    from whoosh.analysis import StandardAnalyzer, StemmingAnalyzer

    exact = StandardAnalyzer(stoplist=None)
    stemmed = StemmingAnalyzer(stoplist=None)
    return fields.Schema(
        key=fields.ID(stored=True, unique=True),
        kind=fields.ID(),
        release=fields.ID(),
        document=fields.ID(),
        body=fields.TEXT(analyzer=stemmed),
        exact=fields.TEXT(analyzer=exact),
        subject=fields.TEXT(analyzer=stemmed),
        sender=fields.TEXT(analyzer=exact),
        to=fields.TEXT(analyzer=exact),
        cc=fields.TEXT(analyzer=exact),
        sent=fields.ID(sortable=True),
        exemption=fields.KEYWORD(lowercase=True, commas=True),
        bates=fields.KEYWORD(lowercase=True, commas=True),
        pages=fields.KEYWORD(commas=True),
        source=fields.ID(),
        quoted=fields.BOOLEAN(),
    )


class SearchIndex:
    """Owns the Whoosh index folder."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def exists(self) -> bool:
        return (self.root / VERSION_FILE).is_file()

    def is_current(self) -> bool:
        return self.exists() and (self.root / VERSION_FILE).read_text().strip() == SCHEMA_VERSION

    def create(self) -> None:
        """Make an empty index (discarding any older one)."""
        from whoosh import index

        if self.root.exists():
            shutil.rmtree(self.root)
        self.root.mkdir(parents=True)
        index.create_in(str(self.root), _schema())
        (self.root / VERSION_FILE).write_text(SCHEMA_VERSION + "\n")

    def _open(self) -> Any:
        from whoosh import index

        if not self.is_current():
            raise IndexUnavailable(
                f"the search index at {self.root} is missing or was built by another version; "
                "run `foia reindex` to rebuild it from the database"
            )
        return index.open_dir(str(self.root))

    def replace_document(self, document_id: str, entries: Iterable[IndexEntry]) -> int:
        """Replace everything indexed for one document, in one commit."""
        if not self.is_current():
            self.create()
        ix = self._open()
        writer = ix.writer(timeout=60.0)
        count = 0
        try:
            writer.delete_by_term("document", document_id)
            for entry in entries:
                writer.add_document(**_fields(entry))
                count += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        return count

    def rebuild(self, entries: Iterator[IndexEntry]) -> int:
        """Build a fresh index beside the live one, then swap it in."""
        from whoosh import index

        staging = self.root.with_name(self.root.name + ".rebuild")
        if staging.exists():
            shutil.rmtree(staging)
        staging.mkdir(parents=True)
        ix = index.create_in(str(staging), _schema())
        writer = ix.writer(limitmb=128)
        count = 0
        try:
            for entry in entries:
                writer.add_document(**_fields(entry))
                count += 1
        except BaseException:
            writer.cancel()
            shutil.rmtree(staging, ignore_errors=True)
            raise
        writer.commit()
        (staging / VERSION_FILE).write_text(SCHEMA_VERSION + "\n")
        old = self.root.with_name(self.root.name + ".old")
        if old.exists():
            shutil.rmtree(old)
        if self.root.exists():
            self.root.rename(old)
        staging.rename(self.root)
        shutil.rmtree(old, ignore_errors=True)
        return count

    def keys(self) -> set[str]:
        ix = self._open()
        with ix.searcher() as searcher:
            return {fields["key"] for fields in searcher.all_stored_fields()}

    def doc_count(self) -> int:
        ix = self._open()
        with ix.searcher() as searcher:
            return int(searcher.doc_count())

    def search_keys(self, text: str, *, release: str | None = None, limit: int | None = 20) -> tuple[list[str], int]:
        """Minimal search (keys, total) until the query language lands."""
        from whoosh import query
        from whoosh.qparser import MultifieldParser

        ix = self._open()
        parser = MultifieldParser(["body", "subject", "sender", "to"], ix.schema)
        q = parser.parse(text)
        filt = query.Term("release", release) if release else None
        with ix.searcher() as searcher:
            results = searcher.search(q, filter=filt, limit=None)
            keys = [hit["key"] for hit in results]
        return (keys[:limit] if limit else keys), len(keys)


def _fields(entry: IndexEntry) -> dict[str, Any]:
    return {
        "key": entry.key, "kind": entry.kind, "release": entry.release, "document": entry.document,
        "body": entry.body, "exact": entry.body, "subject": entry.subject, "sender": entry.sender,
        "to": entry.to, "cc": entry.cc, "sent": entry.sent, "exemption": ",".join(entry.exemptions),
        "bates": ",".join(entry.bates), "pages": ",".join(str(p) for p in entry.pages),
        "source": entry.source, "quoted": entry.quoted,
    }
