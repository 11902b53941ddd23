"""Work product: what people add to the records — notes, tags and exhibit lists.

Every item has a *scope*, who sees it::

    person:<email>   its author only ("private")
    group:<name>     a team: the members of a group (`foia group add`)
    public           a note an editor published (the site offers it in a public archive only)

An item is on a *target*, named as the search index names a hit: ``e:<email id>`` or
``p:<document id>:<page>``. A note may be on a *passage* of an email's body: the quoted text
and the offset it was at. The passage is found again in the body as it is now (at its offset,
else the occurrence nearest it, else the same words across changed spacing), so a correction
of the body elsewhere, or around it, keeps the note on its words; a passage whose own words
are gone is shown with its quote, marked as no longer found.

Items stay behind their records' access: an item on a record of a release the reader may not
read (restricted, or withdrawn) is not listed, counted, matched by ``note:`` or ``tag:``, nor
exported; a write on such a record is refused as if it did not exist. The text of a note is
its author's work product: the audit trail records who did what to which note, not the text.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from . import accounts as rules
from .accents import fold_accents
from .accounts import Account, Restriction
from .cite import cited_bates, email_citation, listed_date, page_citation, page_range
from .dates import printed_orders
from .errors import AccountError, Deleted, NotEmail, NotFound
from .work_store import note_words

if TYPE_CHECKING:
    from .model import Email
    from .store import Store

__all__ = ["MAX_EXHIBITS", "MAX_NOTE", "MAX_QUOTE", "MAX_TAGGED", "Alert", "AlertNotice", "Exhibit",
           "ExhibitList", "Listing", "Note", "Numbering", "Reader", "SavedSearch", "SearchWork", "Tag", "WorkProduct", "follow", "locate",
           "note_matches", "tag_name"]

MAX_NOTE = 20_000  # characters of a note
MAX_QUOTE = 2_000  # characters of a noted passage
MAX_TAGGED = 10_000  # records one bulk tagging may tag
MAX_EXHIBITS = 500  # rows of one exhibit list
MAX_TITLE = 200
MAX_SAVED = 100  # saved searches of one account
MAX_ALERTS = 1_000  # records one batch may add to one saved search's alerts
VISIBILITIES = ("private", "team", "public")
_TAG = re.compile(r"[^\W_][\w .&'()-]{0,39}")
_WORD = re.compile(r"\w+")
_TARGET = re.compile(r"e:[a-z0-9]{1,40}|p:[A-Za-z0-9_-]{1,80}:[0-9]{1,6}")


@dataclass(frozen=True)
class Reader:
    """Who reads: an account's address, role and groups (no address: someone not signed in)."""

    email: str | None = None
    role: str = ""
    groups: frozenset[str] = frozenset()

    @property
    def scopes(self) -> frozenset[str]:
        """The scopes whose items this reader sees."""
        own = {f"person:{self.email}"} if self.email else set()
        return frozenset({"public"} | own | {f"group:{g}" for g in self.groups})

    @property
    def may_publish(self) -> bool:
        """May this reader speak for the archive: publish a public annotation, change or delete one
        (the editor role; an editor demoted to reader no longer may)."""
        return self.role in ("editor", "admin")

    def scope_label(self, scope: str) -> str:
        """How a scope is named to this reader in ``tag:`` and its facet: "private", a team's
        name, or "public"."""
        if scope.startswith("person:"):
            return "private" if scope == f"person:{self.email}" else scope[len("person:"):]
        return scope[len("group:"):] if scope.startswith("group:") else scope

    def scope_title(self, scope: str) -> str:
        """How a scope is shown beside work: "Private" (the reader's own), "Public", "Team <name>",
        or another person's address; told by the scope's kind, never by its name."""
        if scope == "public":
            return "Public"
        if scope.startswith("group:"):
            return f"Team {scope[len('group:'):]}"
        return "Private" if scope == f"person:{self.email}" else scope.removeprefix("person:")


@dataclass(frozen=True)
class Note:
    id: str
    author: str
    scope: str
    target: str  # "e:<id>" or "p:<doc>:<n>"
    release: str
    text: str
    quote: str = ""  # the passage noted ("" for a note on a whole email or page)
    start: int = 0  # where the passage was when noted
    created_at: str = ""
    updated_at: str = ""
    found: tuple[int, int] | None = None  # where the passage is in the body now (None: not found)

    @property
    def visibility(self) -> str:
        return _visibility(self.scope)

    @property
    def version(self) -> str:
        """Its text as an edit form showed it (a digest): a change saved from an older version is refused."""
        return _digest(self.text)

    def may_change(self, reader: Reader) -> bool:
        """May ``reader`` edit or delete this note: its author, and for a public annotation (which
        speaks for the archive) only while they hold the editor role that published it."""
        return self.author == reader.email and (self.scope != "public" or reader.may_publish)


@dataclass(frozen=True)
class Tag:
    scope: str
    name: str
    target: str
    applied_by: str = ""

    def value(self, reader: Reader) -> str:
        """The tag as ``tag:`` and the tag filter name it: "team/name", or "@me/name" for one's own."""
        mine = self.scope == f"person:{reader.email}"
        return f"@me/{self.name}" if mine else f"{reader.scope_label(self.scope)}/{self.name}"


@dataclass(frozen=True)
class ExhibitList:
    id: str
    owner: str
    scope: str
    title: str
    created_at: str = ""


@dataclass(frozen=True)
class Removal:
    """A row's removal from a list that can be undone: when, by whom, its number then."""

    at: str
    by: str
    number: int


CITED_EXPORTS = ("csv", "docx", "pdf")  # an exhibit list's exports a brief or an exhibit binder cites


@dataclass(frozen=True)
class Renumbered:
    """A list's numbers since its last export (``Work.since_export``): when and in what form it
    was exported, each row's number in it where that is another now (``was``, by target), and
    the numbers in it of the rows removed since (only numbers: the reader may not read them)."""

    at: str
    format: str
    was: dict[str, int]
    removed: tuple[int, ...]
    by: str = ""  # the teammate who exported it; "" for the reader's own export


@dataclass(frozen=True)
class Numbering:
    """A list's latest numbering by date: when, by whom, and whether it can still be undone (the
    list unchanged since; ``why`` says what changed it, when it cannot)."""

    at: str
    by: str
    why: str = ""

    @property
    def undoable(self) -> bool:
        return not self.why


@dataclass(frozen=True)
class Exhibit:
    """One row of an exhibit list as a reader sees it: numbered 1, 2, … over all its rows, so every
    reader of the list gives a record the same number; a row they may not read is a placeholder
    (``hidden``) keeping its number, which names nothing of its record."""

    number: int
    target: str
    release: str
    citation: str  # the full citation, ending with the permalink
    permalink: str
    bates: str  # the Bates range ("" when unstamped)
    date: str  # ISO date sent ("" for a page, or undated)
    document_id: str
    pages: tuple[int, ...]  # the cited pages of the original PDF (none for native mail)
    native: str = ""  # the media type of native mail (an .eml, .msg, .mbox, .pst): no pages to copy
    withdrawn: str = ""  # why its release was withdrawn: the row keeps its number, not its record
    listed_as: str = ""  # the permalink listed, when a correction since has the row cite another record
    listed: Listing | None = None  # what the row cited when added, when a correction since changed it
    added_at: str = ""
    hidden: bool = False  # a row of a release the reader may not read: its number only
    # an email's lines, "3:0-3:12" (first page and line, last page and the line after it), and a
    # digest of its text: "3:0-3:12 a41f…"
    lines: str = ""

    @property
    def changed(self) -> str:
        """"listed as TEST-000002–3, pp. 2–3, 2018-11-13; now TEST-000001–3, pp. 1–3, 2018-11-13",
        and "listed with the citation “…”" when its citation changed too, for a row a correction
        changed since it was listed ("" otherwise)."""
        return self.listed.changes(Listing.of(self)) if self.listed is not None else ""

    @property
    def moved(self) -> str:
        """"Listed as <permalink>: a correction since …" for a row whose permalink listed a merge or
        split retired, so that it cites the email now covering its place ("" otherwise)."""
        if not self.listed_as:
            return ""
        if self.target.startswith("e:") and self.permalink and "/e/" not in self.permalink:
            return (f"Listed as {self.listed_as}: a correction since (its lines marked no email: a memo, a letter, "
                    "a slip sheet) has this row cite the page its email began on")
        return (f"Listed as {self.listed_as}: a correction since (emails merged or split) has this row cite the "
                "email now covering its place")

    @property
    def pages_as_listed(self) -> tuple[int, ...]:
        """The file pages the row cited when it was listed (what a brief filed then shows)."""
        return self.listed.pages if self.listed is not None else self.pages


@dataclass(frozen=True)
class Listing:
    """What an exhibit row cited when it was added: its Bates range, the document and file pages,
    the date, and the citation without its permalink (``listed_as`` says a changed permalink), as
    the list then printed them; the citation "" for a row added before rows kept it."""

    bates: str
    document_id: str
    pages: tuple[int, ...]
    date: str
    citation: str = ""
    lines: str = ""  # an email's lines (``Exhibit.lines``); "" for a page, or a row added before rows kept them

    @classmethod
    def of(cls, exhibit: Exhibit) -> Listing:
        # every citation ends ", <permalink>" (archive/cite.py)
        citation = exhibit.citation.removesuffix(exhibit.permalink).removesuffix(", ")
        return cls(exhibit.bates, exhibit.document_id, exhibit.pages, exhibit.date, citation, exhibit.lines)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Listing | None:
        """The listing an ``exhibits`` row kept (None for a row added before rows kept one)."""
        if row.get("listed_document") is None:
            return None
        first, _, last = (row.get("listed_pages") or "").partition("-")
        pages = tuple(range(int(first), int(last) + 1)) if first and last else ()
        return cls(row.get("listed_bates") or "", row["listed_document"], pages, row.get("listed_date") or "",
                   row.get("listed_citation") or "", row.get("listed_lines") or "")

    def columns(self) -> dict[str, str]:
        """The row's ``listed_*`` columns."""
        pages = f"{self.pages[0]}-{self.pages[-1]}" if self.pages else ""
        return {"listed_bates": self.bates, "listed_document": self.document_id, "listed_pages": pages,
                "listed_date": self.date, "listed_citation": self.citation, "listed_lines": self.lines}

    def changes(self, now: Listing) -> str:
        """What differs between this listing and ``now`` (what the row cites today), as the notice
        of a changed row says it; "" when nothing does. A citation is compared only where one was
        kept: a correction of the parties, or of the date of the email quoting a quoted copy,
        changes the citation alone; the email's text too (its lines and a digest of its words): a
        split or merge inside one page changes nothing else, but what the email says (lines
        moved, the same words, say nothing)."""
        said = []
        if (self.bates, self.document_id, self.pages, self.date) != (now.bates, now.document_id, now.pages, now.date):
            said.append(f"listed as {self.described()}; now {now.described()}")
        elif self.lines and now.lines and self.lines.split()[1:] != now.lines.split()[1:]:  # (its words, not its lines)
            said.append(f"its text changed: listed as {_lines(self.lines)}; now {_lines(now.lines)} (emails merged "
                        "or split since)")
        if self.citation and self.citation != now.citation:
            said.append(f"listed with the citation \u201c{self.citation}\u201d")
        return "; ".join(said)

    def described(self) -> str:
        """"TEST-000002–3, pp. 2–3, 2018-11-13": as the notice of a changed row prints it."""
        where = page_range(self.pages[0], self.pages[-1]) if self.pages else "native message"
        return ", ".join(part for part in (self.bates, where, self.date or "undated") if part)


def _lines(span: str) -> str:
    """"3:0-3:12 …" (its last line the one after it) as a notice says it: "p. 3, lines 1 to 12" (a
    person counts lines from 1)."""
    (first_page, first), (last_page, after) = (tuple(int(n) for n in end.split(":"))
                                               for end in span.split()[0].split("-"))
    if first_page == last_page:
        return f"p. {first_page}, lines {first + 1} to {max(after, first + 1)}"
    return f"p. {first_page}, line {first + 1} to p. {last_page}, line {max(after, 1)}"


HIDDEN_CITATION = "Not shown: a record you may not read (the row keeps its number)"


def _hidden_exhibit(number: int) -> Exhibit:
    """A row of a release the reader may not read (restricted to others, also when withdrawn): it
    keeps its number, so teammates' exhibit numbers agree, and says nothing else; no target,
    release, citation or reason, as such a release answers a made-up id's 404 everywhere."""
    return Exhibit(number, "", "", HIDDEN_CITATION, "", "", "", "", (), hidden=True)


def _withdrawn_exhibit(number: int, target: str, release: str, why: str, permalink: str) -> Exhibit:
    """A row whose release was withdrawn after it was listed: it keeps its number (a brief filed
    cites it by that number), says why it is gone, and shows nothing of the record."""
    return Exhibit(number, target, release, f"Withdrawn from the archive ({why}); was cited at {permalink}",
                   permalink, "", "", "", (), withdrawn=why)


@dataclass(frozen=True)
class SavedSearch:
    """A search its owner is told about when a new batch adds records that match it."""

    id: str
    owner: str
    name: str
    query: str
    filters: tuple[tuple[str, str], ...]
    include_quoted: bool
    token: str  # the private feed's address: whoever has it reads the alerts' titles and links
    created_at: str = ""
    unseen: int = 0


@dataclass(frozen=True)
class Alert:
    target: str
    release: str
    batch_id: str
    found_at: str
    seen: bool


@dataclass(frozen=True)
class AlertNotice:
    """What one batch added to one saved search (for a message to its owner)."""

    search: SavedSearch
    batch_id: str
    targets: tuple[str, ...]


def occurrences(body: str, quote: str) -> list[tuple[int, int]]:
    """Where ``quote`` is in ``body``: its exact occurrences, else the same words with any spacing
    between them (a line break printed where a space was pasted, or the other way round). Found
    by plain searches, in time linear in the body (a pattern of the words, tried at each place,
    took the body's length times the quote's words: seconds for a hostile quote)."""
    spans = _found(body, quote)
    if not spans and (words := quote.split()):
        collapsed = _SPACE.sub(" ", body)
        runs, removed = [], 0  # (where each longer run of spaces stands in ``collapsed``, characters dropped so far)
        for run in _SPACES.finditer(body):
            runs.append(run.start() - removed)
            removed += run.end() - run.start() - 1
            runs.append(removed)
        at, dropped = runs[0::2], runs[1::2]

        def in_body(index: int) -> int:  # an index of ``collapsed`` in ``body``
            before = bisect.bisect_left(at, index)  # (the runs standing before it)
            return index + (dropped[before - 1] if before else 0)
        spans = [(in_body(start), in_body(end - 1) + 1) for start, end in _found(collapsed, " ".join(words))]
    return spans


_SPACE = re.compile(r"\s+")
_SPACES = re.compile(r"\s{2,}")


def _found(text: str, needle: str) -> list[tuple[int, int]]:
    """Each occurrence of ``needle`` in ``text``, none overlapping, first to last."""
    spans: list[tuple[int, int]] = []
    at = text.find(needle) if needle else -1
    while at != -1:
        spans.append((at, at + len(needle)))
        at = text.find(needle, at + len(needle))
    return spans


def locate(body: str, quote: str, start: int) -> tuple[int, int] | None:
    """Where ``quote`` (noted at ``start``) is in ``body`` now: at ``start``, else its occurrence
    nearest ``start``, else the same words with any spacing between them; None when gone."""
    if not quote:
        return None
    if body[start:start + len(quote)] == quote:
        return start, start + len(quote)
    spans = occurrences(body, quote)
    return min(spans, key=lambda s: abs(s[0] - start)) if spans else None


def follow(quote: str, start: int, email_id: str, before: Sequence[tuple[str, str]],
           after: Sequence[tuple[str, str]]) -> tuple[str, int] | None:
    """Where a passage noted in ``email_id`` is once its document's emails were split again:
    ``before`` and ``after`` are the document's (email id, body) in order, which print the same
    text, cut otherwise. The passage's occurrence among every occurrence of its words in the
    bodies before is the same occurrence after: (the email holding it, where); None when its
    words are gone from where it was, or no longer occur as often (a header line took some)."""
    bodies = dict(before)
    if email_id not in bodies or (found := locate(bodies[email_id], quote, start)) is None:
        return None

    def places(emails: Sequence[tuple[str, str]]) -> list[tuple[str, int]]:
        return [(name, start) for name, body in emails for start, _ in _found(body, quote)]

    old, new = places(before), places(after)
    if (email_id, found[0]) not in old or len(old) != len(new):
        return None
    return new[old.index((email_id, found[0]))]


def note_matches(text: str, value: str, prefix: bool) -> bool:
    """Does a note's text hold every word of ``value`` (the last one as a prefix with ``prefix``)?"""
    wanted = _WORD.findall(fold_accents(value.lower()))
    if not wanted:
        return True  # note:* - any note
    words = note_words(text)
    *whole, last = wanted
    return all(w in words for w in whole) and (
        any(w.startswith(last) for w in words) if prefix else last in words)


def tag_name(name: str) -> str:
    """A tag's name as kept: trimmed, lower case, single spaces (AccountError if not a name)."""
    name = " ".join(name.split()).lower()
    if not _TAG.fullmatch(name):
        raise AccountError(f"{name[:60]!r} is not a tag name (letters, digits, spaces and . & ' ( ) - "
                           "; at most 40 characters; no /)")
    return name


class WorkProduct:
    """Notes, tags and exhibit lists of one archive (``Archive.work``)."""

    def __init__(self, store: Store, restrictions: Callable[[], dict[str, Restriction]],
                 account: Callable[[str], Account | None], page_hit: Callable[[str, int], bool]) -> None:
        """``page_hit``: whether the index holds a document's page as a hit of its own."""
        self.store = store
        self.tables = store.work
        self._restrictions = restrictions
        self._account = account
        self._page_hit = page_hit

    # -- who -------------------------------------------------------------------------------

    def reader(self, account: Account | None) -> Reader:
        """``account`` as a reader (None or a disabled account: someone not signed in)."""
        if account is None or not account.active:
            return Reader()
        groups = frozenset(r["group_name"] for r in self.store.group_rows(account.email))
        return Reader(account.email, account.role, groups)

    def _visible_releases(self, reader: Reader) -> set[str]:
        """The active releases ``reader`` may read (whatever this handle was opened as)."""
        return {slug for slug, withdrawn in self._readable_releases(reader).items() if withdrawn is None}

    def _readable_releases(self, reader: Reader) -> dict[str, str | None]:
        """Every release ``reader`` may read, active or withdrawn: why each was withdrawn (None
        for an active one)."""
        account = self._account(reader.email) if reader.email else None
        hidden = rules.hidden_releases(self._restrictions(), account, reader.groups)
        rows = self.store.db.execute("select slug, status, status_note from releases").fetchall()
        return {slug: None if status == "active" else (note or "no reason given")
                for slug, status, note in rows if slug not in hidden}

    def _scope(self, reader: Reader, visibility: str, team: str) -> str:
        if visibility == "private":
            return f"person:{reader.email}"
        if visibility == "team":
            name = rules.group_name(team)
            if name not in reader.groups:
                raise AccountError(f"you are not in the team {name!r}; an admin adds you (`foia group add`)")
            return f"group:{name}"
        if visibility == "public":
            if not reader.may_publish:
                raise AccountError("only an editor may publish a note to every reader")
            return "public"
        raise AccountError(f"no visibility {visibility[:20]!r}; choose {', '.join(VISIBILITIES)}")

    def release_of(self, target: str, reader: Reader, visible: set[str] | None = None) -> str:
        """The release of a record ``reader`` may read (NotFound, as for a made-up id, otherwise);
        ``visible``: the releases ``reader`` may read, when the caller has them already."""
        if not _TARGET.fullmatch(target):
            raise NotFound(f"no record {target[:100]!r}")
        if target.startswith("e:"):
            row = self.store.db.execute("select release from emails where id = ?", [target[2:]]).fetchone()
        else:
            _, doc, number = target.split(":")
            row = self.store.db.execute(
                "select d.release from pages p join documents d on d.id = p.document_id "
                "where p.document_id = ? and p.number = ?", [doc, int(number)]).fetchone()
        if row is None or row[0] not in (self._visible_releases(reader) if visible is None else visible):
            raise NotFound(f"no record {target!r}")
        return str(row[0])

    def aliases(self, target: str) -> list[str]:
        """A record's target, and the retired ids that now resolve to it: what was noted or tagged
        on an email before a better split (re-ingest) or a person's merge moved its id stays on the
        email now covering its place, and on an email people marked not email, on its first page."""
        return self.aliases_of([target])[target]

    def aliases_of(self, targets: Sequence[str]) -> dict[str, list[str]]:
        """``aliases`` of several records (a page of search results): each document's retired ids
        looked up once."""
        found: dict[str, list[str]] = {t: [t] for t in targets}
        documents: dict[str, str] = {}
        for target in targets:
            if target.startswith("p:"):
                documents[target] = target.split(":")[1]
            elif target.startswith("e:") and (row := self.store.db.execute(
                    "select document_id from emails where id = ?", [target[2:]]).fetchone()):
                documents[target] = row[0]
        for document in set(documents.values()):
            for (old,) in self.store.db.execute(
                    "select id from issued_ids where document_id = ? and id not in "
                    "(select id from emails where document_id = ?)", [document, document]).fetchall():
                now = self.current(f"e:{old}")
                if documents.get(now) == document:
                    found[now].append(f"e:{old}")
        return found

    def _new_id(self, author: str, once: str, size: int, deleted: tuple[str, str], *content: Any) -> str:
        """The id (``size`` bytes, in hex) of what ``author`` makes holding ``content``: random,
        or, made by a form shown with key ``once``, the same for that form sent twice
        (:func:`_once_id`), unless what that id named was deleted since (``deleted``: the audit
        target, the id appended to it when it ends with ":", and the action): sent again then, it
        is made anew under another id, never the deleted one's."""
        if not _ONCE.fullmatch(once):
            return secrets.token_hex(size)
        made = _once_id(author, once, size, content)
        target, action = deleted
        gone = self.tables.deleted_before(f"{target}{made}" if target.endswith(":") else target, action, made)
        return secrets.token_hex(size) if gone else made

    # -- notes -------------------------------------------------------------------------------

    def notes_on(self, targets: Sequence[str], reader: Reader, body: str = "") -> list[Note]:
        """The notes ``reader`` sees on these records (an email's passages located in ``body``)."""
        visible = self._visible_releases(reader)
        return [_note(r, body) for r in self.tables.note_rows(reader.scopes, targets=targets)
                if r["release"] in visible]

    def notes(self, reader: Reader) -> list[Note]:
        """Every note ``reader`` sees, newest first."""
        visible = self._visible_releases(reader)
        return [_note(r, "") for r in reversed(self.tables.note_rows(reader.scopes)) if r["release"] in visible]

    def add_note(self, account: Account, target: str, text: str, *, visibility: str = "private",
                 team: str = "", quote: str = "", occurrence: int = 0, once: str = "") -> Note:
        """A note on an email or page, or on a passage of an email's body (``quote``, its
        ``occurrence``-th appearance there, counting from 0). Audited without its text.

        ``once``: the key the form was shown with (:func:`form_once`): the same form sent twice
        (a double click, a browser resending after a timeout) makes one note, the second sending
        answered with the first's."""
        reader = self.reader(account)
        release = self.release_of(target, reader)
        text = text.strip()
        if not text:
            raise AccountError("a note needs some text")
        if len(text) > MAX_NOTE:
            raise AccountError(f"a note may have at most {MAX_NOTE:,} characters")
        scope = self._scope(reader, visibility, team)
        start = 0
        if quote:
            if not target.startswith("e:"):
                raise AccountError("a passage can be noted in an email's text only")
            if len(quote) > MAX_QUOTE:
                raise AccountError(f"a noted passage may have at most {MAX_QUOTE:,} characters; "
                                   "note a shorter one, or the whole email")
            body = self.store.email(target[2:]).body
            spans = occurrences(body, quote)
            if not spans:
                raise AccountError("the selected text is not in the email's text as the archive keeps it "
                                   "(select within one page, without the page markers)")
            start, end = spans[min(max(occurrence, 0), len(spans) - 1)]
            quote = body[start:end]  # as the email prints it, so it is found again where it is
        now = _now()
        made_id = self._new_id(account.email, once, 8, (target, "note.delete"), scope, target, text, quote, start)
        row = {"id": made_id, "author": account.email, "scope": scope, "target": target, "release": release, "text": text,
               "quote": quote, "start": start, "end": start + len(quote), "created_at": now, "updated_at": now}
        made = self.tables.insert_note(row, _audit(account.email, "note.add", target, {
            "note": row["id"], "visibility": _visibility(scope), "scope": scope, "passage": bool(quote),
            "text": _digest(text)}))
        return _note(made, "")

    def follow_split(self, before: Sequence[tuple[str, str]], after: Sequence[tuple[str, str]], actor: str) -> int:
        """Move the passage notes on a document's emails to the email now holding their words, at
        their place there, once the document was split again (a person's split or merge, a better
        splitter): ``before`` and ``after`` as :func:`follow` takes them. How many moved; each is
        audited (``note.follow``). A note on a whole email stays on it: the email its permalink names."""
        moves = []
        for row in self.tables.passage_note_rows([f"e:{email_id}" for email_id, _ in before]):
            place = follow(row["quote"], int(row["start"]), row["target"][2:], before, after)
            if place is not None and (f"e:{place[0]}", place[1]) != (row["target"], row["start"]):
                moves.append(({"target": f"e:{place[0]}", "start": place[1], "end": place[1] + len(row["quote"])},
                              row["id"], _audit(actor, "note.follow", f"e:{place[0]}", {
                                  "note": row["id"], "before": row["target"], "after": f"e:{place[0]}"})))
        self.tables.move_notes(moves)
        return len(moves)

    def edit_note(self, account: Account, note_id: str, text: str, *, was: str = "") -> Note:
        """A new text for one's own note (audited with the text's digest before and after); ``was``:
        the ``version`` the form showed, refused when the note changed since."""
        row = self._own_note(account, note_id, was)
        text = text.strip()
        if not text or len(text) > MAX_NOTE:
            raise AccountError(f"a note needs some text, at most {MAX_NOTE:,} characters")
        self.tables.update_note(note_id, {"text": text, "updated_at": _now()}, _audit(
            account.email, "note.edit", row["target"],
            {"note": note_id, "before": _digest(row["text"]), "after": _digest(text)}))
        return _note({**row, "text": text}, "")

    def delete_note(self, account: Account, note_id: str, *, was: str = "") -> str:
        """Delete one's own note (``was`` as for ``edit_note``); the record it was on."""
        row = self._own_note(account, note_id, was)
        self.tables.delete_note(note_id, _audit(account.email, "note.delete", row["target"], {
            "note": note_id, "scope": row["scope"], "text": _digest(row["text"])}))
        return str(row["target"])

    def set_note_visibility(self, account: Account, note_id: str, visibility: str, *, team: str = "",
                            was: str = "") -> Note:
        """Who sees one's note, changed within the rules of making one (``visibility`` and ``team``
        as ``add_note`` takes them: a team one is in; public, and a public note's change, an
        editor's); ``was`` as for ``edit_note``. Audited with the scope before and after."""
        row = self._own_note(account, note_id, was)
        scope = self._scope(self.reader(account), visibility, team)
        if scope != row["scope"]:
            self.tables.update_note(note_id, {"scope": scope}, _audit(account.email, "note.visibility", row["target"], {
                "note": note_id, "before": row["scope"], "after": scope}))
        return _note({**row, "scope": scope}, "")

    def _own_note(self, account: Account, note_id: str, was: str = "") -> dict[str, Any]:
        """The row of a note ``account`` may change or delete (``Note.may_change``), unchanged since
        its ``version`` ``was`` (when given: the form's)."""
        reader = self.reader(account)
        rows = self.tables.note_rows(reader.scopes, note_id=note_id[:40])
        if not rows or rows[0]["release"] not in self._visible_releases(reader):
            raise NotFound(f"no note {note_id[:40]!r}")
        if rows[0]["author"] != account.email:
            raise AccountError("only its author may change or delete a note")
        if not _note(rows[0], "").may_change(reader):
            raise AccountError("only an editor may change or delete a public annotation: it speaks for the "
                               "archive; ask an editor")
        if was and was != _digest(rows[0]["text"]):
            raise AccountError("this note was changed after you opened it (in another tab or window), so nothing "
                               "was saved: open its page again to read it as it is now, then change it (your "
                               "browser's Back button still holds what you typed)")
        return rows[0]

    # -- tags --------------------------------------------------------------------------------

    def tags_on(self, targets: Sequence[str], reader: Reader) -> dict[str, list[Tag]]:
        """The tags ``reader`` sees on each of ``targets``."""
        found: dict[str, list[Tag]] = {}
        visible = self._visible_releases(reader)
        for row in self.tables.tag_rows(reader.scopes, targets=targets):
            if row["release"] in visible:
                found.setdefault(row["target"], []).append(_tag(row))
        return found

    def tag_names(self, reader: Reader) -> list[tuple[Tag, int]]:
        """Each tag ``reader`` sees, with how many records (they may read) carry it."""
        return self.searching(reader).tag_names()

    def tag_scope(self, account: Account, name: str, *, team: str = "") -> tuple[str, str]:
        """The scope and name a tag would be applied with (AccountError, saying why, for a name
        or a team this account may not use): asked before a request's records are counted."""
        return self._scope(self.reader(account), "team" if team else "private", team), tag_name(name)

    def untagged(self, account: Account, name: str, targets: Sequence[str], *, team: str = "") -> list[str]:
        """The ``targets`` the tag (as :meth:`tag_scope` names it) is not yet on: what tagging
        them would add (a search tagged again, its new hits only)."""
        scope, name = self.tag_scope(account, name, team=team)
        return self.tables.untagged(scope, name, list(dict.fromkeys(targets)))

    def apply_tag(self, account: Account, name: str, targets: Sequence[str], *, team: str = "",
                  query: str = "") -> int:
        """Tag records (one, or a search's hits: ``query`` says which search, for the audit trail)
        for a team, or for oneself without ``team``; how many were not tagged so before."""
        reader = self.reader(account)
        scope, name = self.tag_scope(account, name, team=team)
        targets = list(dict.fromkeys(targets))
        if len(targets) > MAX_TAGGED:
            raise AccountError(f"at most {MAX_TAGGED:,} records can be tagged at once; narrow the search")
        now, visible = _now(), self._visible_releases(reader)
        rows = [{"scope": scope, "name": name, "target": t, "release": self.release_of(t, reader, visible),
                 "applied_by": account.email, "applied_at": now} for t in targets]
        details: dict[str, Any] = {"tag": name, "scope": scope, "records": len(rows)}
        if query:
            details["search"] = query[:2000]
        target = targets[0] if len(targets) == 1 else f"tag:{reader.scope_label(scope)}/{name}"
        return self.tables.insert_tags(rows, _audit(account.email, "tag.apply", target, details))

    def remove_tag(self, account: Account, value: str, target: str) -> None:
        """Take a tag ("team/name", "@me/name") off one record, where it is shown: also off the
        retired ids it was applied to that the record now covers (:meth:`aliases`)."""
        reader = self.reader(account)
        self.release_of(target, reader)
        scope, name = self._tag_scope(reader, value)
        self.tables.delete_tags(scope, name, self.aliases(target), _audit(account.email, "tag.remove", target,
                                                                          {"tag": name, "scope": scope}))

    def set_tag_visibility(self, account: Account, value: str, *, team: str = "", target: str = "") -> int:
        """Who sees one's tag ("@me/name", "team/name"), changed within the rules of applying one:
        to oneself, or a team one is in (``team``). On one record (and the retired ids it covers)
        with ``target``, else on every record one may read that one tagged so; only the rows the
        account applied move (a teammate's stay the team's), and a record already tagged so for
        the new scope keeps that one. Audited with the scope before and after; how many moved."""
        reader = self.reader(account)
        scope, name = self._tag_scope(reader, value)
        to = self._scope(reader, "team" if team else "private", team)
        on = None
        if target:
            self.release_of(target, reader)
            on = self.aliases(target)
        visible = self._visible_releases(reader)
        rows = [r for r in self.tables.tag_rows({scope}, targets=on, name=name) if r["release"] in visible]
        if not rows:
            raise NotFound(f"no tag {value[:80]!r}" + (f" on {target[:100]!r}" if target else ""))
        mine = [r["target"] for r in rows if r["applied_by"] == account.email]
        if not mine:
            raise AccountError("only who applied a tag may change who sees it; a teammate applied this one")
        if to == scope:
            return 0
        self.tables.move_tags(scope, to, name, mine, _audit(
            account.email, "tag.visibility", target or f"tag:{reader.scope_label(scope)}/{name}",
            {"tag": name, "before": scope, "after": to, "records": len(mine)}))
        return len(mine)

    def _tag_scope(self, reader: Reader, value: str) -> tuple[str, str]:
        label, _, name = value.rpartition("/")
        if label == "@me" and reader.email:
            return f"person:{reader.email}", tag_name(name)
        if label and label in reader.groups:
            return f"group:{label}", tag_name(name)
        raise NotFound(f"no tag {value[:80]!r}")

    # -- exhibit lists ---------------------------------------------------------------------

    def exhibit_lists(self, reader: Reader) -> list[ExhibitList]:
        """The exhibit lists ``reader`` sees (their own and their teams'), newest first."""
        return [_exhibit_list(r) for r in self.tables.exhibit_list_rows(reader.scopes - {"public"})
                if not r.get("deleted_at")]

    def exhibit_list(self, list_id: str, reader: Reader) -> ExhibitList:
        """A list ``reader`` sees (NotFound otherwise); Deleted, saying by whom and when, for one
        deleted that they saw (anyone else: NotFound, as for a made-up id)."""
        rows = self.tables.exhibit_list_rows(reader.scopes - {"public"}, list_id[:40])
        if not rows:
            raise NotFound(f"no exhibit list {list_id[:40]!r}")
        if rows[0].get("deleted_at"):
            row = rows[0]
            raise Deleted(f"The exhibit list \u201c{row['title']}\u201d was deleted by {row['deleted_by']} on "
                          f"{row['deleted_at'][:16].replace('T', ' ')} UTC. Exports downloaded before are as they "
                          "were; an admin can read its rows in the audit trail.")
        return _exhibit_list(rows[0])

    def exhibits(self, list_id: str, reader: Reader, link: Callable[[str], str]) -> list[Exhibit]:
        """The rows of a list, numbered in order, each cited with its permalink (``link``: a
        record's absolute URL from its target); a row of a withdrawn release, or of one ``reader``
        may not read, keeps its number as a placeholder (a brief filed, or a teammate's export,
        cites the rows after it by their numbers)."""
        self.exhibit_list(list_id, reader)
        releases = self._readable_releases(reader)
        return [_hidden_exhibit(number) if row["release"] not in releases
                else self._exhibit(number, row, link) if (why := releases[row["release"]]) is None
                else _withdrawn_exhibit(number, row["target"], row["release"], why, link(row["target"]))
                for number, row in enumerate(self.tables.exhibit_rows(list_id), start=1)]

    def _exhibit(self, number: int, row: dict[str, Any], link: Callable[[str], str]) -> Exhibit:
        """A row citing the record its target names today; ``listed_as`` says when that is not
        the one listed (a merge), ``listed`` what it cited when listed where a correction since
        changed its Bates range, pages, date or citation (a split, a corrected sender): the row
        never changes under its reader unsaid."""
        target = row["target"]
        cited = self.current(target)
        exhibit = replace(self._cited(number, target, cited, link(cited)), added_at=row["added_at"] or "")
        if cited != target:
            exhibit = replace(exhibit, listed_as=link(target))
        listed = Listing.from_row(row)
        return replace(exhibit, listed=listed) if listed is not None and listed.changes(Listing.of(exhibit)) else exhibit

    def _listing(self, target: str) -> dict[str, str]:
        """The ``listed_*`` columns of a row added now: what it cites today."""
        return Listing.of(self._cited(0, target, self.current(target), "")).columns()

    def _cited(self, number: int, target: str, cited: str, permalink: str) -> Exhibit:
        if cited.startswith("e:"):
            email = self.store.email(cited[2:])
            quoting = self.store.email(email.parent_id) if email.quoted and email.parent_id else None
            document = self.store.document(email.document_id)
            release = self.store.release(email.release)
            return Exhibit(number, target, email.release,
                           email_citation(email, release, permalink, document, quoting), permalink,
                           cited_bates(email), listed_date(email, day=True),
                           email.document_id, () if email.native else tuple(range(email.start_page, email.end_page + 1)),
                           email.native or "",
                           lines=f"{email.start_page}:{email.start_line}-{email.end_page}:{email.end_line} "
                                 f"{hashlib.sha256(email.body.encode()).hexdigest()[:16]}")
        _, doc, page_number = cited.split(":")
        page = self.store.page(doc, int(page_number))
        document, release = self.store.document(doc), self.store.release(page.release)
        return Exhibit(number, target, page.release, page_citation(page, release, permalink, document),
                       permalink, page.bates or "", "", doc, (page.number,))

    def current(self, target: str) -> str:
        """The record a kept target names today: an email id a correction (a merge, a split) or a
        better splitter retired names the email now covering its place, and a place that is no
        longer email (marked a memo) its first page; what was cited before stays cited."""
        if not target.startswith("e:"):
            return target
        try:
            return f"e:{self.store.resolve_email(target[2:])[0].id}"
        except NotEmail as exc:
            return f"p:{exc.document_id}:{exc.page}"
        except NotFound:
            return target  # its document is gone: said where it is shown

    def create_exhibit_list(self, account: Account, title: str, *, team: str = "", once: str = "") -> ExhibitList:
        """A new list (``once``: as :meth:`add_note` takes it)."""
        reader = self.reader(account)
        title = _list_title(title)
        scope = self._scope(reader, "team" if team else "private", team)
        # a deleted list's row stays, so an id once made (even deleted) is never made again
        list_id = self._new_id(account.email, once, 6, ("exhibits:", "exhibit.delete"), scope, title)
        row = {"id": list_id, "owner": account.email, "title": title, "created_at": _now(), "scope": scope}
        return _exhibit_list(self.tables.insert_exhibit_list(row, _audit(
            account.email, "exhibit.create", f"exhibits:{row['id']}", {"title": title, "scope": row["scope"]})))

    def share_exhibit_list(self, account: Account, list_id: str, team: str, *, moving: bool = False) -> None:
        """Share a list with a team its maker is in (from their own, or another team's): its rows and
        their numbers stay as they are. Only its maker may; audited with the scope before and after.
        A team's list moved to another team leaves the first team's members without it: only when
        the move is confirmed (``moving``; it was done unasked, the teammates who built it
        answered 404)."""
        reader = self.reader(account)
        found = self.exhibit_list(list_id, reader)
        if found.owner != account.email:
            raise AccountError(f"only its maker, {found.owner}, may share this list")
        scope = self._scope(reader, "team", team)
        if scope != found.scope and found.scope.startswith("group:") and not moving:
            raise AccountError(f"this list is team {found.scope[6:]}'s: moving it to team {scope[6:]} takes it from "
                               f"{found.scope[6:]}'s members not in {scope[6:]}; confirm the move to do so")
        if scope != found.scope:
            self.tables.set_exhibit_list(found.id, {"scope": scope}, _audit(
                account.email, "exhibit.share", f"exhibits:{found.id}", {"before": found.scope, "after": scope}))

    def rename_exhibit_list(self, account: Account, list_id: str, title: str) -> None:
        """A new title for a list, by anyone who may change it (its maker; its team's members);
        audited with the title before and after. Its rows, numbers and address stay."""
        found = self.exhibit_list(list_id, self.reader(account))
        title = _list_title(title)
        if title != found.title:
            self.tables.set_exhibit_list(found.id, {"title": title}, _audit(
                account.email, "exhibit.rename", f"exhibits:{found.id}", {"before": found.title, "after": title}))

    def delete_exhibit_list(self, account: Account, list_id: str) -> None:
        """Delete a list, by anyone who may change it: its rows go, and the audit entry keeps them as
        they were (number, record, release, who added it and when, what it cited when listed), so an
        admin can see what was lost. Its address then answers Deleted (who, when), never another
        list: the id stays taken."""
        found = self.exhibit_list(list_id, self.reader(account))

        def audited(rows: list[dict[str, Any]]) -> dict[str, Any]:
            kept = [{"number": number, **{k: v for k, v in row.items() if k not in ("list_id", "position")}}
                    for number, row in enumerate(rows, start=1)]
            return _audit(account.email, "exhibit.delete", f"exhibits:{found.id}", {
                "title": found.title, "owner": found.owner, "scope": found.scope, "rows": kept})

        self.tables.delete_exhibit_list(found.id, {"deleted_at": _now(), "deleted_by": account.email}, audited)

    def add_exhibits(self, account: Account, list_id: str, targets: Sequence[str]) -> None:
        """Append records to a list (one already on it keeps its place)."""
        reader = self.reader(account)
        self.exhibit_list(list_id, reader)
        visible, now = self._visible_releases(reader), _now()
        rows = [{"list_id": list_id, "target": t, "release": self.release_of(t, reader, visible),
                 "added_by": account.email, "added_at": now, **self._listing(t)} for t in dict.fromkeys(targets)]
        held = self.tables.exhibit_rows(list_id)
        on_list = {r["target"] for r in held}
        if len(held) + sum(r["target"] not in on_list for r in rows) > MAX_EXHIBITS:
            readable = self._readable_releases(reader)
            unseen = sum(r["release"] not in readable for r in held)  # kept from releases out of reach
            raise AccountError(f"an exhibit list holds at most {MAX_EXHIBITS} rows and this one holds {len(held)}"
                               + (f" ({unseen} in releases you cannot read now)" if unseen else "")
                               + "; start another list")
        self.tables.add_exhibits(list_id, rows, _audit(account.email, "exhibit.add", f"exhibits:{list_id}",
                                                       {"records": [r["target"] for r in rows]}))

    def move_exhibit(self, account: Account, list_id: str, target: str, number: int = 0, *, by: int = 0) -> None:
        """Give one row the exhibit number ``number``, or move it ``by`` of the account's rows from
        where it is now (an arrow: never from a number an older page showed), the rows between
        shifting; a row the account may not read keeps its number, so a row given that number
        goes to the nearest one beyond it, in the direction it moves."""
        def moved(mine: list[str], slots: list[int]) -> tuple[list[str], dict[str, Any]]:
            if target not in mine:
                raise NotFound(f"no exhibit {target[:100]!r} on this list")
            if not by and number < 1:  # an emptied number box: never a silent move to Ex. 1
                raise AccountError(f"give the row its new exhibit number, a number from 1 to {slots[-1]}")
            at = mine.index(target)
            if by:
                to = min(max(at + by, 0), len(mine) - 1)
            elif number > slots[at]:
                to = min(bisect.bisect_left(slots, number), len(mine) - 1)
            else:
                to = max(bisect.bisect_right(slots, number) - 1, 0)
            mine.remove(target)
            mine.insert(to, target)
            return mine, {"record": target, "before": slots[at], "after": slots[to]}

        self._reorder(account, list_id, "exhibit.move", moved)

    def number_by_date(self, account: Account, list_id: str) -> None:
        """Number the rows by the date each email was sent (undated ones and pages last, in the order
        they had)."""
        def by_date(mine: list[str], _: list[int]) -> tuple[list[str], dict[str, Any]]:
            cited = {t: self._cited_email(t) for t in mine}  # the moment, not the day: one day's emails by time
            order = printed_orders(self.store.sent_in_documents(e.document_id for e in cited.values() if e))
            sent = {t: order.get(e.id, "") if e is not None else "" for t, e in cited.items()}
            return sorted(mine, key=lambda t: (not sent[t], sent[t])), {"by": "date"}

        self._reorder(account, list_id, "exhibit.renumber", by_date)

    def numbering(self, list_id: str, reader: Reader) -> Numbering | None:
        """The list's latest numbering by date (None if it never was, or it was undone since), and
        whether it can be undone now."""
        self.exhibit_list(list_id, reader)
        numbered = self.tables.last_audit(f"exhibits:{list_id}", ("exhibit.renumber", "exhibit.renumber-undo"))
        if numbered is None or numbered["action"] != "exhibit.renumber":
            return None
        order = [r["target"] for r in self.tables.exhibit_rows(list_id)]
        return Numbering(numbered["at"], numbered["actor"], _not_undoable(
            self.tables.last_audit(f"exhibits:{list_id}", _REORDERING), order))

    def undo_number_by_date(self, account: Account, list_id: str) -> None:
        """Give every row back the number it had just before the list was last numbered by date
        (the order the audit entry kept), only while nothing changed the list since (a row
        added, moved or removed: refused, saying what); audited with the order before and after."""
        self.exhibit_list(list_id, self.reader(account))

        def undone(rows: list[dict[str, Any]]) -> tuple[list[str], dict[str, Any]]:
            # read in the transaction that writes: a change made a moment before is seen, not undone
            last = self.tables.last_audit(f"exhibits:{list_id}", _REORDERING)
            order = [r["target"] for r in rows]
            why = _not_undoable(last, order)
            if why or last is None:
                raise AccountError(f"nothing was changed: {why}")
            return last["details"]["before"], _audit(account.email, "exhibit.renumber-undo", f"exhibits:{list_id}", {
                "undoes": last["id"], "before": order, "after": last["details"]["before"]})

        self.tables.reorder_exhibits(list_id, undone)

    def removal(self, list_id: str, reader: Reader) -> Removal | None:
        """The list's latest change when it is a row's removal that can be undone (nothing changed
        the list since), with the row's number then; None otherwise."""
        self.exhibit_list(list_id, reader)
        last = self.tables.last_audit(f"exhibits:{list_id}", _REORDERING)
        order = [r["target"] for r in self.tables.exhibit_rows(list_id)]
        if last is None or _not_put_back(last, order):
            return None
        return Removal(last["at"], last["actor"], int(last["details"]["number"]))

    def undo_remove_exhibit(self, account: Account, list_id: str) -> None:
        """Put the row last removed back at its number, with what it cited when it was listed, only
        while nothing changed the list since (refused, saying what); audited as exhibit.remove-undo."""
        self.exhibit_list(list_id, self.reader(account))

        def put_back(rows: list[dict[str, Any]]) -> tuple[dict[str, Any], list[str], dict[str, Any]]:
            last = self.tables.last_audit(f"exhibits:{list_id}", _REORDERING)  # (read in the writing transaction)
            order = [r["target"] for r in rows]
            why = "no row was removed from this list" if last is None else _not_put_back(last, order)
            if why or last is None:
                raise AccountError(f"nothing was changed: {why}")
            row = {**last["details"]["row"], "list_id": list_id}
            return row, last["details"]["before"], _audit(account.email, "exhibit.remove-undo", f"exhibits:{list_id}", {
                "undoes": last["id"], "record": row["target"], "number": last["details"]["number"],
                "before": order, "after": last["details"]["before"]})

        self.tables.put_back_exhibit(list_id, put_back)

    def _cited_email(self, target: str) -> Email | None:
        """The email a target names today (None for a page, or when its document is gone)."""
        cited = self.current(target)
        try:
            return self.store.email(cited[2:]) if cited.startswith("e:") else None
        except NotFound:
            return None

    def remove_exhibit(self, account: Account, list_id: str, target: str) -> None:
        def without(mine: list[str], slots: list[int]) -> tuple[list[str], dict[str, Any]]:
            if target not in mine:
                raise NotFound(f"no exhibit {target[:100]!r} on this list")
            return [t for t in mine if t != target], {"record": target, "number": slots[mine.index(target)]}

        self._reorder(account, list_id, "exhibit.remove", without, removing=target)

    def _reorder(self, account: Account, list_id: str, action: str,
                 change: Callable[[list[str], list[int]], tuple[list[str], dict[str, Any]]],
                 removing: str = "") -> None:
        """Number a list's rows in the order ``change`` makes of those the account may read (given
        with their exhibit numbers; it gives the audit details too), rows it may not read keeping
        their places: the rows read and written in one write transaction, so two changes at once
        (two tabs, two teammates) each start from where the other left the list."""
        reader = self.reader(account)
        self.exhibit_list(list_id, reader)
        visible = self._readable_releases(reader)  # as exhibits() shows them

        def renumbered(rows: list[dict[str, Any]]) -> tuple[list[str], dict[str, Any]]:
            order = [r["target"] for r in rows]
            readable = [(number, r["target"]) for number, r in enumerate(rows, start=1) if r["release"] in visible]
            mine, details = change([t for _, t in readable], [number for number, _ in readable])
            slots = iter(mine)
            kept = set(mine)
            new = [next(slots) if t in kept else t for t in order if t != removing]
            if action != "exhibit.move":  # a move says its row's two numbers; these, every row's
                details = {**details, "before": order, "after": new}
            if removing:  # the row as it was, what it cited when listed too: put back whole by an undo
                details["row"] = next({k: v for k, v in r.items() if k != "position"} for r in rows if r["target"] == removing)
            return new, _audit(account.email, action, f"exhibits:{list_id}", details)

        self.tables.reorder_exhibits(list_id, renumbered, removing)

    def record_export(self, account: Account, list_id: str, fmt: str, rows: Sequence[Exhibit], *,
                      site: bool = True) -> None:
        """An exhibit list was exported (audited: who took which list, in which form, and the
        number each record had in it, for ``since_export``; ``site``: asked from the site's own
        pages, not a link on another site)."""
        self.tables.record(_audit(account.email, "exhibit.export", f"exhibits:{list_id}", {
            "format": fmt, "rows": len(rows), "numbers": {r.target: r.number for r in rows if r.target},
            "site": site}))

    def since_export(self, list_id: str, reader: Reader, rows: Sequence[Exhibit]) -> Renumbered | None:
        """What changed in the list's numbers since the export a brief cites (``rows``: the list now,
        as ``reader`` sees it): the rows whose number is another now, and those removed, with the
        export's numbers; None where it never was exported (or before exports kept numbers) or
        nothing was renumbered. The export is ``reader``'s own last one in a form a brief cites
        (``CITED_EXPORTS``), else the list's last such (a teammate's copy cites it); a JSON pull
        (a script's), and an export asked by a link on another site, clear nothing."""
        self.exhibit_list(list_id, reader)
        target = f"exhibits:{list_id}"
        exported = self.tables.last_audit(target, ("exhibit.export",), actor=reader.email, formats=CITED_EXPORTS) \
            if reader.email else None
        exported = exported or self.tables.last_audit(target, ("exhibit.export",), formats=CITED_EXPORTS)
        numbers: dict[str, int] = (exported or {}).get("details", {}).get("numbers") or {}
        now = {r.target: r.number for r in rows if r.target}
        listed = {row["target"] for row in self.tables.exhibit_rows(list_id)}  # rows hidden from reader too
        was = {target: number for target, number in numbers.items() if target in now and now[target] != number}
        removed = sorted(number for target, number in numbers.items() if target not in listed)
        if exported is None or not (was or removed):
            return None
        return Renumbered(exported["at"], exported["details"].get("format", ""), was, tuple(removed),
                          "" if exported["actor"] == reader.email else exported["actor"])

    # -- saved searches and alerts -----------------------------------------------------------

    def save_search(self, account: Account, name: str, query: str, filters: Sequence[tuple[str, str]],
                    include_quoted: bool = False, *, once: str = "") -> SavedSearch:
        """Save a search (as the site's URL has it) to be told of new matches; audited (``once``:
        as :meth:`add_note` takes it)."""
        name = " ".join(name.split())[:MAX_TITLE] or " ".join(query.split())[:MAX_TITLE] or "Saved search"
        saved_id = self._new_id(account.email, once, 6, ("search:", "search.delete"), name, query[:2000],
                                [list(f) for f in filters], include_quoted)
        row = {"id": saved_id, "owner": account.email, "name": name, "query": query[:2000],
               "filters": json.dumps([list(f) for f in filters]), "quoted": int(include_quoted),
               "token": secrets.token_urlsafe(24), "created_at": _now()}
        return _saved(self.tables.insert_saved_search(row, _audit(
            account.email, "search.save", f"search:{row['id']}",
            {"name": name, "query": row["query"], "filters": [list(f) for f in filters]}), MAX_SAVED))

    def saved_searches(self, reader: Reader) -> list[SavedSearch]:
        """``reader``'s saved searches, newest first, each with its unseen alerts counted."""
        if not reader.email:
            return []
        return [_saved(r) for r in self.tables.saved_search_rows(reader.email,
                                                                 releases=self._visible_releases(reader))]

    def saved_search(self, search_id: str, reader: Reader) -> SavedSearch:
        rows = self.tables.saved_search_rows(reader.email, search_id=search_id[:40],
                                             releases=self._visible_releases(reader)) if reader.email else []
        if not rows:
            raise NotFound(f"no saved search {search_id[:40]!r}")
        return _saved(rows[0])

    def feed(self, token: str) -> tuple[SavedSearch, Reader]:
        """The saved search a feed token is for, and its owner as a reader (NotFound for an unknown
        token or a disabled owner)."""
        rows = self.tables.saved_search_rows(token=token[:100]) if token else []
        owner = self._account(rows[0]["owner"]) if rows else None
        if not rows or owner is None or not owner.active:
            raise NotFound("no such feed")
        return _saved(rows[0]), self.reader(owner)

    def alerts(self, search: SavedSearch, reader: Reader, limit: int = 200) -> list[Alert]:
        """The records new batches added to a saved search, newest first (those ``reader`` may read)."""
        visible, shown = self._visible_releases(reader), set()
        found = []
        for r in self.tables.alert_rows(search.id, limit):
            target = self.current(r["target"]) if r["release"] in visible else ""
            if target and target not in shown:  # an email merged since: the one covering it, once
                shown.add(target)
                found.append(Alert(target, r["release"], r["batch_id"], r["found_at"], bool(r["seen"])))
        return found

    def mark_seen(self, account: Account, search_id: str, *, up_to: str | None = None) -> None:
        """A saved search's alerts seen: those found up to ``up_to`` (the newest a page showed; an
        alert a batch added since, the page never showed, stays new), else all."""
        found = self.saved_search(search_id, self.reader(account))
        self.tables.mark_seen(found.id, _audit(account.email, "search.seen", f"search:{found.id}",
                                               {"up_to": up_to} if up_to else {}), up_to)

    def delete_saved_search(self, account: Account, search_id: str) -> None:
        found = self.saved_search(search_id, self.reader(account))
        self.tables.delete_saved_search(found.id, _audit(account.email, "search.delete", f"search:{found.id}",
                                                         {"name": found.name}))

    def alert_saved_searches(self, batch_id: str, documents: Sequence[str],
                             matches: Callable[[Account, SavedSearch, Sequence[str]], list[str]]) -> list[AlertNotice]:
        """Record, for every saved search of an active account, the records of ``documents`` (what a
        batch added) that match it as its owner reads (``matches`` runs the search); the notices."""
        notices: list[AlertNotice] = []
        if not documents:
            return notices
        for row in self.tables.saved_search_rows():
            owner = self._account(row["owner"])
            if owner is None or not owner.active:
                continue
            search = _saved(row)
            targets = matches(owner, search, documents)[:MAX_ALERTS]
            if not targets:
                continue
            visible, now = self._visible_releases(self.reader(owner)), _now()
            rows = [{"search_id": search.id, "target": t, "release": self.release_of(t, Reader(), visible),
                     "batch_id": batch_id, "found_at": now, "seen": 0} for t in targets]
            new = self.tables.insert_alerts(rows, _audit("runner", "search.alert", f"search:{search.id}", {
                "batch": batch_id, "owner": owner.email, "records": len(rows)}))
            if new:
                notices.append(AlertNotice(search, batch_id, tuple(targets)))
        return notices

    # -- search ------------------------------------------------------------------------------

    def matching(self, field: str, value: str, prefix: bool, reader: Reader) -> set[str]:
        """The index keys ``note:value`` or ``tag:value`` stand for, for ``reader``."""
        return self.searching(reader).matching(field, value, prefix)

    def searching(self, reader: Reader) -> SearchWork:
        """What one search asks of ``reader``'s notes and tags, read once for all its clauses."""
        return SearchWork(self, reader)

    def _index_keys_of(self, targets: set[str]) -> dict[str, str]:
        """``_index_key`` of many: the emails that are current (most) found in one query a chunk."""
        emails = sorted(t[2:] for t in targets if t.startswith("e:"))
        current: set[str] = set()
        for start in range(0, len(emails), 500):
            chunk = emails[start:start + 500]
            current.update(f"e:{i}" for (i,) in self.store.db.execute(
                f"select id from emails where id in ({','.join('?' * len(chunk))})", chunk))  # noqa: S608
        return {t: t if t in current else self._index_key(t) for t in targets}

    def _index_key(self, target: str) -> str:
        """The search hit a record is: a page that is a hit of its own (a page outside any email,
        the text of one its emails do not hold) that page, another page inside an email that
        email, a retired email id the email now covering its place, an email id people marked
        not email its first page."""
        if target.startswith("e:"):
            now = self.current(target)
            return now if now.startswith("e:") else self._index_key(now)
        if target.startswith("p:"):
            _, doc, number = target.split(":")
            if self._page_hit(doc, int(number)):
                return target
            row = self.store.db.execute(
                "select id from emails where document_id = ? and quoted = 0 and start_page <= ? "
                "and end_page >= ? order by start_page, start_line limit 1", [doc, int(number), int(number)]
            ).fetchone()
            if row:
                return f"e:{row[0]}"
        return target


class SearchWork:
    """``reader``'s notes and tags as one search sees them: the releases they may read worked out
    once, their tags read once and grouped by name, each record's index key looked up once, so
    neither a query's ``tag:`` and ``note:`` clauses nor the tag facet (a count for each of
    their tag names) read the rows again for each (that cost tag names x tag rows a search).
    ``note:`` asks each note's kept words (``WorkStore.noted``), never its text."""

    def __init__(self, work: WorkProduct, reader: Reader) -> None:
        self.work, self.reader = work, reader
        self._visible: set[str] | None = None
        self._tags: dict[tuple[str, str], set[str]] | None = None
        self._keys: dict[str, str] = {}
        self._noted: dict[tuple[str, bool], set[str]] = {}  # (value, prefix): the records so noted

    @property
    def visible(self) -> set[str]:
        if self._visible is None:
            self._visible = self.work._visible_releases(self.reader)
        return self._visible

    @property
    def tags(self) -> dict[tuple[str, str], set[str]]:
        """The records carrying each tag (scope, name) the reader sees, on releases they may read."""
        if self._tags is None:
            self._tags = {}
            for row in self.work.tables.tag_rows(self.reader.scopes - {"public"}):
                if row["release"] in self.visible:
                    self._tags.setdefault((row["scope"], row["name"]), set()).add(row["target"])
        return self._tags

    def tag_names(self) -> list[tuple[Tag, int]]:
        """Each tag the reader sees, by name, with how many records (they may read) carry it."""
        return [(Tag(scope, name, ""), len(on)) for (scope, name), on in
                sorted(self.tags.items(), key=lambda item: item[0][1])]

    def matching(self, field: str, value: str, prefix: bool) -> set[str]:
        """The index keys ``note:value`` or ``tag:value`` stand for."""
        if field == "note":
            if (value, prefix) not in self._noted:  # (the tag facet's search asks again)
                *whole, last = _WORD.findall(fold_accents(value.lower())) or [""]
                rows = self.work.tables.noted(self.reader.scopes, whole, last, prefix)
                self._noted[(value, prefix)] = {r["target"] for r in rows if r["release"] in self.visible}
            return self.index_keys(self._noted[(value, prefix)])
        label, _, name = fold_accents(value).rpartition("/")  # (a query's words come folded: both sides are)
        name = name.lower()
        reader = self.reader
        targets: set[str] = set()
        for (scope, tag), on in self.tags.items():
            if label and not (fold_accents(reader.scope_label(scope)) == label
                              or (label == "@me" and scope == f"person:{reader.email}")):
                continue
            if fold_accents(tag).startswith(name) if prefix else fold_accents(tag) == name:
                targets |= on
        return self.index_keys(targets)

    def tag_keys(self, tag: Tag) -> set[str]:
        """The index keys of the records carrying one tag (as ``tag_names`` lists it)."""
        return self.index_keys(self.tags.get((tag.scope, tag.name), set()))

    def index_keys(self, targets: set[str]) -> set[str]:
        """The search hit each of ``targets`` is (``WorkProduct._index_key``), each looked up once a search."""
        new = {t for t in targets if t not in self._keys}  # (a set less a dict's keys copies them all)
        if new:
            for target, key in self.work._index_keys_of(new).items():
                self._keys[target] = key
        return {self._keys[t] for t in targets}


def _note(row: dict[str, Any], body: str) -> Note:
    note = Note(id=row["id"], author=row["author"], scope=row["scope"], target=row["target"],
                release=row["release"], text=row["text"], quote=row["quote"] or "", start=int(row["start"] or 0),
                created_at=row["created_at"], updated_at=row["updated_at"])
    return replace(note, found=locate(body, note.quote, note.start)) if body and note.quote else note


def _saved(row: dict[str, Any]) -> SavedSearch:
    return SavedSearch(row["id"], row["owner"], row["name"], row["query"],
                       tuple((str(f), str(v)) for f, v in json.loads(row["filters"] or "[]")),
                       bool(row["quoted"]), row["token"], row["created_at"], int(row.get("unseen") or 0))


def _exhibit_list(row: dict[str, Any]) -> ExhibitList:
    return ExhibitList(row["id"], row["owner"], row["scope"], row["title"], row["created_at"])


_REORDERING = ("exhibit.add", "exhibit.move", "exhibit.renumber", "exhibit.remove", "exhibit.renumber-undo",
               "exhibit.remove-undo")


def _not_put_back(last: dict[str, Any], order: list[str]) -> str:
    """Why the row a list's latest change (``last``) removed cannot be put back, its rows now in
    ``order`` ("" when it can): the latest change is no removal, or the list changed since."""
    if last["action"] != "exhibit.remove" or "row" not in last["details"]:
        return "the list's latest change is no row's removal (or it was removed before removals were kept whole)"
    if last["details"].get("after") != order or last["details"]["row"]["target"] in order:
        return "the list has changed since the row was removed; add it again"
    return ""


def _not_undoable(last: dict[str, Any] | None, order: list[str]) -> str:
    """Why a list whose latest change of rows was ``last`` (an audit entry), its rows now in
    ``order``, cannot have its numbering by date undone ("" when it can)."""
    if last is None or last["action"] == "exhibit.renumber-undo":
        return "this list's numbering by date was undone already, or it was never numbered by date"
    if last["action"] != "exhibit.renumber":
        what = {"exhibit.add": "a row was added", "exhibit.move": "a row was moved",
                "exhibit.remove": "a row was removed", "exhibit.remove-undo": "a row was put back"}[last["action"]]
        return (f"the list changed after it was numbered by date ({what} by {last['actor']} at "
                f"{last['at'][:16].replace('T', ' ')} UTC), so the numbering before cannot simply be restored; "
                "renumber it by hand (the audit trail keeps the numbering before)")
    if "before" not in last["details"] or last["details"].get("after") != order:
        return "the numbering before it was not kept, or the list has changed since; renumber it by hand"
    return ""


def _list_title(title: str) -> str:
    """An exhibit list's title as kept: single spaces (AccountError if empty or too long)."""
    title = " ".join(title.split())
    if not title or len(title) > MAX_TITLE:
        raise AccountError(f"an exhibit list needs a title of at most {MAX_TITLE} characters")
    return title


def _tag(row: dict[str, Any]) -> Tag:
    return Tag(row["scope"], row["name"], row["target"], row["applied_by"])


def _visibility(scope: str) -> str:
    return "private" if scope.startswith("person:") else "team" if scope.startswith("group:") else "public"


_ONCE = re.compile(r"[0-9a-f]{16,64}")


def form_once() -> str:
    """A key for one showing of a form that makes something (``add_note``'s ``once``)."""
    return secrets.token_hex(16)


def _once_id(author: str, once: str, size: int, content: Sequence[Any]) -> str:
    """The id (``size`` bytes, in hex) of what ``author`` makes with a form shown with key
    ``once`` (:func:`form_once`), holding ``content``: the same for that form sent twice as it
    was; unguessable, and another person's, or other content sent with the key (the form
    changed and sent again), another id."""
    made = json.dumps([author, once, *content], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(made.encode()).hexdigest()[:2 * size]


def _digest(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16] + f" ({len(text)} characters)"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _audit(actor: str, action: str, target: str, details: dict[str, Any]) -> dict[str, Any]:
    return {"at": _now(), "actor": actor, "action": action, "target": target,
            "details": json.dumps(details, ensure_ascii=False, sort_keys=True)}
