"""Questions the pages ask the archive: threads, OCR marks.

SQL stays in the archive; this module only composes its answers.
"""

from __future__ import annotations

from collections.abc import Iterable

from archive import Archive, Email, Party
from archive.search import SearchHit

MAX_THREAD = 200

__all__ = ["participants", "queue_neighbours", "same_message", "scanned", "thread"]


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
    found = {e.id: e for e in archive.same_subject(email.release, email.normalized_subject, MAX_THREAD)}
    mine = participants(email)
    members = [e for e in found.values() if e.id == email.id or participants(e) & mine]
    if all(e.id != email.id for e in members):
        members.append(email)
    members.sort(key=lambda e: (e.quoted, e.id != email.id))  # who stands for a message printed twice
    kept: list[Email] = []
    for e in members:
        if not any(same_message(e, k) for k in kept):
            kept.append(e)
    return sorted(kept, key=lambda e: (e.sent or "9999", e.document_id, e.start_page, e.start_line))


def same_message(a: Email, b: Email) -> bool:
    """Whether two emails are one message printed twice: itself and a copy quoted in a reply
    (same sender, same dated time; undated copies are never merged)."""
    if a.id == b.id or not (a.quoted or b.quoted) or not a.sent or a.sent != b.sent:
        return False
    return bool(_keys((a.sender,)) & _keys((b.sender,)))


def scanned(archive: Archive, hits: Iterable[SearchHit]) -> set[str]:
    """Keys of the email hits whose text came, at least in part, from OCR."""
    by_id = {hit.email.id: hit.key for hit in hits if hit.email is not None}
    if not by_id:
        return set()
    return {by_id[email_id] for email_id in archive.emails_with_ocr_pages(list(by_id))}


def queue_neighbours(archive: Archive, release: str, email_id: str) -> tuple[Email | None, Email | None]:
    """The emails before and after this one in a release's review queue (as it is ordered now)."""
    queue = [item.email_id for item in archive.review_queue(release, show="all")]
    if email_id not in queue:
        return None, None
    at = queue.index(email_id)
    found = archive.emails([i for i in (queue[at - 1] if at else None, queue[at + 1] if at + 1 < len(queue) else None)
                            if i])
    return (found.get(queue[at - 1]) if at else None,
            found.get(queue[at + 1]) if at + 1 < len(queue) else None)
