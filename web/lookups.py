"""Read-only questions the pages ask that ``archive.store.Store`` does not answer yet.

Each is one small query through the store's own connection. They belong in
``Store`` (one module owns SQLite); they live here until the store grows them,
and nothing else in ``web`` touches SQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from archive import Archive, Email, Party
from archive.search import SearchHit

MAX_THREAD = 200


@dataclass(frozen=True)
class ReleaseStats:
    documents: int
    pages: int
    ocr_pages: int
    emails: int
    first_sent: str | None
    last_sent: str | None
    months: tuple[tuple[str, int], ...]  # ("2018-11", count), oldest first; "" for undated


def release_stats(archive: Archive, slug: str) -> ReleaseStats:
    db = archive.store.db
    documents, pages = db.execute(
        "select count(*), coalesce(sum(page_count), 0) from documents "
        "where release = ? and duplicate_of is null", [slug]).fetchone()
    ocr_pages = db.execute(
        "select count(*) from pages p join documents d on d.id = p.document_id "
        "where d.release = ? and d.duplicate_of is null and p.source = 'ocr'", [slug]).fetchone()[0]
    emails, first, last = db.execute(
        "select count(*), min(sent), max(sent) from emails where release = ? and quoted = 0",
        [slug]).fetchone()
    months = tuple(
        (month or "", count) for month, count in db.execute(
            "select substr(sent, 1, 7) as month, count(*) from emails "
            "where release = ? and quoted = 0 group by month order by month", [slug])
    )
    return ReleaseStats(documents, pages, ocr_pages, emails, first, last, months)


def _keys(parties: tuple[Party | None, ...]) -> set[str]:
    keys: set[str] = set()
    for party in parties:
        if party is None:
            continue
        if party.address:
            keys.add(party.address.lower())
        if party.name:
            keys.add(" ".join(party.name.lower().split()))
    return keys


def participants(email: Email) -> set[str]:
    return _keys((email.sender, *email.to, *email.cc, *email.bcc))


def thread(archive: Archive, email: Email) -> list[Email]:
    """Emails with the same normalized subject that share a participant, oldest first."""
    if not email.normalized_subject.strip():
        return [email]
    rows = archive.store.db.execute(
        "select id from emails where release = ? and normalized_subject = ? and quoted = 0 "
        "order by sent, id limit ?", [email.release, email.normalized_subject, MAX_THREAD]).fetchall()
    found = archive.store.emails([r[0] for r in rows])
    mine = participants(email)
    members = [e for e in found.values() if e.id == email.id or participants(e) & mine]
    if all(e.id != email.id for e in members):
        members.append(email)
    return sorted(members, key=lambda e: (e.sent or "9999", e.document_id, e.start_page, e.start_line))


def scanned(archive: Archive, hits: Iterable[SearchHit]) -> set[str]:
    """Keys of the email hits whose text came, at least in part, from OCR."""
    by_id = {hit.email.id: hit.key for hit in hits if hit.email is not None}
    if not by_id:
        return set()
    marks = ",".join("?" * len(by_id))
    rows = archive.store.db.execute(
        f"""select distinct e.id from emails e join pages p on p.document_id = e.document_id
            and p.number between e.start_page and e.end_page
            where p.source = 'ocr' and e.id in ({marks})""", list(by_id)).fetchall()  # noqa: S608
    return {by_id[row[0]] for row in rows}
