"""Questions the pages ask the archive: threads, copies of a message, OCR marks.

SQL stays in the archive; this module only composes its answers.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from archive import Archive, Email, Party, Release
from archive.search import SearchHit
from ingest.corrections import value_text

MAX_THREAD = 200
MAX_QUOTING = 50  # a thread's emails whose quoted copies are read (a query each)

__all__ = ["CopyLink", "CopyReading", "ThreadNode", "copies", "corrected_elsewhere", "participants", "queue_neighbours", "same_message", "scanned",
           "thread", "thread_tree", "walk"]


def _party_keys(parties: Iterable[Party | None]) -> Iterator[str]:
    for party in parties:
        if party is None:
            continue
        if party.address:
            yield party.address.lower()
        if party.name:
            yield " ".join(party.name.lower().split())


def _keys(parties: tuple[Party | None, ...]) -> set[str]:
    return set(_party_keys(parties))


def participants(email: Email) -> set[str]:
    return _keys((email.sender, *email.to, *email.cc, *email.bcc))


@dataclass(frozen=True)
class CopyLink:
    """Another printing of an email's message, as the email page lists it."""

    email: Email
    release: Release
    quoted_in: Email | None  # the email a quoted copy is printed inside
    elsewhere: bool  # in another release


def copies(archive: Archive, email: Email) -> list[CopyLink]:
    """Every other copy of this email's message the reader may see: released in another release,
    printed in another document, quoted in another email (ingest/same_message.py grouped them)."""
    found = [e for e, _step in archive.copies_of(email.id)]
    quoting = archive.emails(sorted({e.parent_id for e in found if e.quoted and e.parent_id}))
    releases = {slug: archive.release(slug) for slug in sorted({e.release for e in found})}
    return [CopyLink(e, releases[e.release], quoting.get(e.parent_id or ""), e.release != email.release)
            for e in found]


@dataclass(frozen=True)
class CopyReading:
    """A field a person corrected on another copy of the message, which reads otherwise here."""

    name: str  # the field: "sender", "to", "cc", "date", "subject"
    theirs: str  # as the person gave it there (the correction form's text)
    here: str  # as this email reads it
    typed: str = ""  # what the one-click correction types: ``theirs``, a date year first in this page's zone
    certainty: str = ""  # a date's: how sure the person was of it
    here_certainty: str = ""  # ... and how sure this email's reading is
    disputed: bool = False  # a person gave this email's value too: two people's readings disagree


def corrected_elsewhere(archive: Archive, email: Email, links: Iterable[CopyLink]) -> dict[str, list[CopyReading]]:
    """For each copy (by id) of this email's message a person corrected, the fields it reads
    otherwise than this email (``Archive.corrected_elsewhere``), as the correction form types them."""
    fields = archive.corrected_elsewhere(email.id, [link.email for link in links])
    if not fields:
        return {}
    here = archive.shown_values(email.id)
    found: dict[str, list[CopyReading]] = {}
    for copy_id, names in fields.items():
        theirs = archive.shown_values(copy_id)
        found[copy_id] = [replace(_reading(name, theirs.get(name), here.get(name)), disputed=disputed)
                          for name, disputed in names]
    return found


def _reading(name: str, theirs: Any, here: Any) -> CopyReading:
    text = value_text(name, theirs)
    if name != "date":
        return CopyReading(name, text, value_text(name, here), text)
    return CopyReading(name, text, value_text(name, here), _in_zone_of(str(theirs["sent"]), str(here["sent"])),
                       str(theirs.get("certainty", "")), str(here.get("certainty", "")))


def _in_zone_of(sent: str, zoned_as: str) -> str:
    """``sent`` (ISO) typed year first as the correction form shows a date, in the zone of
    ``zoned_as`` when both print one (a copy printed in another zone names the same moment;
    this page's citation keeps its zone)."""
    moment, other = datetime.fromisoformat(sent), datetime.fromisoformat(zoned_as)
    if moment.tzinfo is not None and other.tzinfo is not None:
        moment = moment.astimezone(other.tzinfo)
    return value_text("date", {"sent": moment.isoformat()})


@dataclass
class ThreadNode:
    """One message of a conversation: the copy shown for it, its other copies, the replies to it."""

    email: Email
    copies: list[Email] = field(default_factory=list)
    replies: list[ThreadNode] = field(default_factory=list)
    linked_by: str = ""  # how it is known to reply to its parent: "message-id", "quote", "subject"; "" at the top


def thread_tree(archive: Archive, email: Email) -> list[ThreadNode]:
    """The conversation of this email across documents and releases, as a tree of messages: the
    records with its thread key sharing a participant with it, and their copies, one node per
    message (the copies ingest grouped, and a quoted copy beside its original); a message replies
    to the one whose Message-ID its In-Reply-To names, else to the one quoted right below it
    (a quoted chain read top down), else, by subject and participants, to the latest earlier
    message sharing a participant with it; the rest stand at the top, oldest first."""
    members = _thread_members(archive, email)
    order = archive.date_orders(members)  # one read: the nodes' sort and their links by subject
    nodes = _one_node_per_message(archive, email, members, order)
    node_of = {e.id: node for node in nodes for e in (node.email, *node.copies)}
    by_message_id = {_message_id(e): node_of[e.id] for e in members if _message_id(e)}
    # a record's quotes in reading order: each replies to the one printed below it
    below: dict[str, Email] = {}
    quotes_of: dict[str, list[Email]] = {}
    for e in sorted(members, key=lambda m: (m.start_page, m.start_line)):
        if e.quoted and e.parent_id:
            quotes_of.setdefault(e.parent_id, []).append(e)
    for parent_id, quotes in quotes_of.items():
        for upper, lower in zip([node_of[parent_id].email if parent_id in node_of else None, *quotes], quotes,
                                strict=False):
            if upper is not None:
                below.setdefault(upper.id, lower)
    parent: dict[int, tuple[ThreadNode, str]] = {}
    for node in nodes:
        for e in (node.email, *node.copies):
            target, how = by_message_id.get(_in_reply_to(e)), "message-id"
            if target is None and e.id in below:
                target, how = node_of.get(below[e.id].id), "quote"
            if target is not None and target is not node and not _above(node, target, parent):
                parent[id(node)] = (target, how)
                break
    _link_by_subject(nodes, parent, order)
    roots = []
    for node in nodes:
        if id(node) in parent:
            above, node.linked_by = parent[id(node)]
            above.replies.append(node)
        else:
            roots.append(node)
    return roots


def _link_by_subject(nodes: list[ThreadNode], parent: dict[int, tuple[ThreadNode, str]],
                     order: dict[str, str]) -> None:
    """Each dated node not linked yet (no quote or Message-ID) under the latest earlier message
    sharing a participant with it (of two printed at one time, the first in ``nodes``). Read
    back from the latest earlier one, each node's participants and time worked out once: a
    thread of a few hundred messages was compared pair by pair (~0.1 s an email page)."""
    dated = [(order.get(n.email.id, ""), -i, n) for i, n in enumerate(nodes) if n.email.sent]
    dated.sort(key=lambda d: d[:2])
    times = [d[0] for d in dated]
    keys = {id(n): participants(n.email) for _, _, n in dated}
    for node in nodes:
        if id(node) in parent or not node.email.sent:
            continue
        mine = keys[id(node)]
        for _, _, n in reversed(dated[:bisect.bisect_left(times, order.get(node.email.id, ""))]):
            if keys[id(n)] & mine and not _above(node, n, parent):
                parent[id(node)] = (n, "subject")
                break


def thread(archive: Archive, email: Email) -> list[Email]:
    """The thread's messages in the tree's reading order (one email shown for each)."""
    return [node.email for node in walk(thread_tree(archive, email))]


def walk(roots: list[ThreadNode]) -> Iterator[ThreadNode]:
    for node in roots:
        yield node
        yield from walk(node.replies)


def _message_id(email: Email) -> str:
    return str(getattr(email, "message_id", "") or "").strip().lower()


def _in_reply_to(email: Email) -> str:
    return str(getattr(email, "in_reply_to", "") or "").strip().lower()


def _above(node: ThreadNode, target: ThreadNode, parent: dict[int, tuple[ThreadNode, str]]) -> bool:
    """Whether ``node`` is already above ``target`` (linking them would make a cycle)."""
    seen = 0
    while id(target) in parent and seen < MAX_THREAD:
        target = parent[id(target)][0]
        if target is node:
            return True
        seen += 1
    return False


def _thread_members(archive: Archive, email: Email) -> list[Email]:
    mine = participants(email)
    candidates = [email]
    if email.normalized_subject.strip():
        candidates = archive.same_subject_anywhere(
            email.normalized_subject, MAX_THREAD, keep=lambda key, parties: key == email.id or any(k in mine for k in _party_keys(parties)),
            near=email.sent or None)
    members = {e.id: e for e in candidates}
    members.setdefault(email.id, email)
    quoting = {e.parent_id for e in members.values() if e.quoted and e.parent_id} - members.keys()
    members |= archive.emails(sorted(quoting))  # the emails a member is quoted in
    printed = sorted((e for e in members.values() if not e.quoted), key=lambda e: e.id != email.id)
    for quoting_email in printed[:MAX_QUOTING]:  # and the earlier messages each quotes
        for quote in archive.quoted_in(quoting_email.id):
            members.setdefault(quote.id, quote)
    return list(members.values())


def _one_node_per_message(archive: Archive, email: Email, members: list[Email],
                          order: dict[str, str]) -> list[ThreadNode]:
    groups = archive.copy_groups([e.id for e in members])
    members.sort(key=lambda e: (e.id != email.id, e.quoted, e.release != email.release, e.id))
    nodes: list[ThreadNode] = []
    by_group: dict[str, ThreadNode] = {}
    by_sent: dict[str, list[ThreadNode]] = {}  # same_message needs one dated time: only those are compared
    for e in members:
        group = groups.get(e.id)
        node = by_group.get(group) if group else None
        if node is None:
            node = next((n for n in by_sent.get(e.sent or "", ()) if same_message(e, n.email)), None)
        if node is None:
            node = ThreadNode(e)
            nodes.append(node)
            by_sent.setdefault(e.sent or "", []).append(node)
        else:
            node.copies.append(e)
        if group:
            by_group.setdefault(group, node)
    return sorted(nodes, key=lambda n: (order.get(n.email.id) or "9999", n.email.release, n.email.document_id,
                                        n.email.start_page, n.email.start_line))


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
