"""The work-product tables (migrations ``m017_work_product``, ``m031_exhibits_as_listed``,
``m032_note_words``, ``m033_exhibits_cited_as_listed``, ``m034_note_words_folded``,
``m036_exhibit_lists_deleted``, ``m038_exhibits_lines_as_listed``): notes, tags, exhibit lists, saved searches and their alerts.

This module owns these tables as ``archive/store.py`` owns the records': their own
sqlite-utils migrations (named "foia-archive-work", applied by ``Store`` after its own),
so the records' migrations and these never touch each other. Every write is one
transaction with its audit entry (the ``audit`` table of ``m004_accounts``). A handle on an
archive no writer has opened since this migration was added reads no rows (the tables are
created by the first writable open).
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import sqlite_utils
from sqlite_utils.db import Table

from .accents import fold_accents
from .errors import AccountError

migrations = sqlite_utils.Migrations("foia-archive-work")
_WORD = re.compile(r"\w+")


def note_words(text: str) -> set[str]:
    """The words of a note's text as ``note:`` matches them: runs of letters and digits, in lower
    case, accents folded as a search's words are (archive.accents)."""
    return set(_WORD.findall(fold_accents(text.lower())))


@migrations()
def m017_work_product(db: sqlite_utils.Database) -> None:
    """Notes, tags, exhibit lists and saved searches. ``scope`` says who sees a row: "person:<email>",
    "group:<name>" or "public" (archive/work.py); ``release`` is the release of the record it is on,
    so a restricted or withdrawn release hides it."""
    db["notes"].create(  # type: ignore[union-attr]
        {"id": str, "author": str, "scope": str, "target": str, "release": str, "text": str,
         "quote": str, "start": int, "end": int, "created_at": str, "updated_at": str},
        pk="id",
    )
    db["notes"].create_index(["target"])  # type: ignore[union-attr]
    db["notes"].create_index(["scope"])  # type: ignore[union-attr]
    db["tags"].create(  # type: ignore[union-attr]
        {"scope": str, "name": str, "target": str, "release": str, "applied_by": str, "applied_at": str},
        pk=("scope", "name", "target"),
    )
    db["tags"].create_index(["target"])  # type: ignore[union-attr]
    # saved searches: the search as the site's URL says it (query, filters), a private feed token,
    # and the records each new batch added that match (alerts)
    db["saved_searches"].create(  # type: ignore[union-attr]
        {"id": str, "owner": str, "name": str, "query": str, "filters": str, "quoted": int, "token": str,
         "created_at": str}, pk="id")
    db["saved_searches"].create_index(["token"], unique=True)  # type: ignore[union-attr]
    db["alerts"].create(  # type: ignore[union-attr]
        {"search_id": str, "target": str, "release": str, "batch_id": str, "found_at": str, "seen": int},
        pk=("search_id", "target"), foreign_keys=[("search_id", "saved_searches", "id")], defaults={"seen": 0})
    db["exhibit_lists"].create(  # type: ignore[union-attr]
        {"id": str, "owner": str, "scope": str, "title": str, "created_at": str}, pk="id")
    db["exhibits"].create(  # type: ignore[union-attr]
        {"list_id": str, "target": str, "release": str, "position": int, "added_by": str, "added_at": str},
        pk=("list_id", "target"), foreign_keys=[("list_id", "exhibit_lists", "id")],
    )


@migrations()
def m031_exhibits_as_listed(db: sqlite_utils.Database) -> None:
    """What each exhibit row cited when it was added (its Bates range, the document and its file
    pages "first-last", the date as listed), so a correction since (a split, a merge) that changes
    them is said, never passed off as the row. Rows added before have none (NULL): nothing to
    compare, they read as they did."""
    for column in ("listed_bates", "listed_document", "listed_pages", "listed_date"):
        db["exhibits"].add_column(column, str)  # type: ignore[union-attr]


@migrations()
def m032_note_words(db: sqlite_utils.Database) -> None:
    """Each note's words, kept as it is written: ``note:`` asks this table (one lookup a note it
    may show) instead of reading and splitting the text of every note a reader sees, for every
    clause of every search (seconds a search with long notes)."""
    # "if not exists", "or ignore": a development build named this migration m031 and made the table
    db.execute("create table if not exists note_words (note_id text not null, word text not null, "
               "primary key (note_id, word)) without rowid")
    for note_id, text in db.execute("select id, text from notes").fetchall():
        db.conn.executemany("insert or ignore into note_words (note_id, word) values (?, ?)",
                            [(note_id, w) for w in sorted(note_words(text))])


@migrations()
def m033_exhibits_cited_as_listed(db: sqlite_utils.Database) -> None:
    """The citation each exhibit row printed when it was added (without its permalink), so a
    correction that changes it alone (a sender or recipient corrected, the email quoting a quoted
    copy re-dated) is said too. Rows added before have none (NULL): their citation is not
    compared, the rest of their listing is."""
    db["exhibits"].add_column("listed_citation", str)  # type: ignore[union-attr]


@migrations()
def m034_note_words_folded(db: sqlite_utils.Database) -> None:
    """Each note's words kept again with their accents folded (``note_words``), as a search's
    words are since the search folds them: ``note:uberweisung`` finds a note printing
    "ÜBERWEISUNG", and ``note:überweisung`` still does."""
    for note_id, text in db.execute("select id, text from notes").fetchall():
        keep_note_words(db, note_id, text)


@migrations()
def m036_exhibit_lists_deleted(db: sqlite_utils.Database) -> None:
    """Who deleted an exhibit list, and when: its rows go (the audit entry keeps them), its own row
    stays behind, so its address says it was deleted, by whom and when, and its id is never
    made again. Lists made before have none (NULL): not deleted."""
    for column in ("deleted_at", "deleted_by"):
        db["exhibit_lists"].add_column(column, str)  # type: ignore[union-attr]


@migrations()
def m038_exhibits_lines_as_listed(db: sqlite_utils.Database) -> None:
    """The lines each exhibit row's email held when it was added, and a digest of its text ("3:0-3:12
    a41f…": first page and line, last page and the line after it), so a split or merge inside one
    page, which changes no Bates range, page or date but what the email says, is said too. Rows
    added before have none (NULL): their text is not compared."""
    db["exhibits"].add_column("listed_lines", str)  # type: ignore[union-attr]


def keep_note_words(db: sqlite_utils.Database, note_id: str, text: str) -> None:
    """A note's words as ``note:`` reads them, in place of those kept before (within the
    caller's transaction)."""
    db.execute("delete from note_words where note_id = ?", [note_id])
    db.conn.executemany("insert into note_words (note_id, word) values (?, ?)",
                        [(note_id, w) for w in sorted(note_words(text))])


class SavedSearchStore:
    """The saved searches and alerts (mixed into WorkStore)."""

    db: sqlite_utils.Database
    _select: Callable[..., list[dict[str, Any]]]
    _write: Callable[[dict[str, Any]], contextlib.AbstractContextManager[None]]
    _insert_once: Callable[..., dict[str, Any]]

    def saved_search_rows(self, owner: str | None = None, *, search_id: str | None = None,
                          token: str | None = None, releases: Iterable[str] = ()) -> list[dict[str, Any]]:
        """Saved searches, each with its unseen alerts in ``releases`` counted (those its reader
        may read: no count of what matched in a release withdrawn or restricted since)."""
        where, params = [], [json.dumps(sorted(releases))]
        for column, value in (("owner", owner), ("id", search_id), ("token", token)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        return self._select("select s.*, (select count(*) from alerts a where a.search_id = s.id and a.seen = 0 "  # noqa: S608
                            "and a.release in (select value from json_each(?))) "
                            f"as unseen from saved_searches s where {' and '.join(where) or '1'} "
                            "order by created_at desc, id", params)

    def alert_rows(self, search_id: str, limit: int) -> list[dict[str, Any]]:
        return self._select("select * from alerts where search_id = ? order by found_at desc, batch_id, target "
                            "limit ?", [search_id, limit])

    def insert_saved_search(self, row: dict[str, Any], audit: dict[str, Any], most: int) -> dict[str, Any]:
        """The saved search written (as ``_insert_once``), refused (AccountError) where its owner
        would then have more than ``most``: counted in the transaction that writes it, so two
        saved at once cannot both pass."""
        def within() -> None:
            if self.db.execute("select count(*) from saved_searches where owner = ?", [row["owner"]]).fetchone()[0] > most:
                raise AccountError(f"at most {most} saved searches an account; delete one first")
        return self._insert_once("saved_searches", row, audit, within)

    def delete_saved_search(self, search_id: str, audit: dict[str, Any]) -> None:
        with self._write(audit):
            self.db.execute("delete from alerts where search_id = ?", [search_id])
            Table(self.db, "saved_searches").delete(search_id)

    def mark_seen(self, search_id: str, audit: dict[str, Any], up_to: str | None = None) -> None:
        """Its alerts seen (those found ``up_to`` then, when given)."""
        when, args = ("", []) if up_to is None else (" and found_at <= ?", [up_to])
        with self._write(audit):
            self.db.execute(f"update alerts set seen = 1 where search_id = ?{when}", [search_id, *args])  # noqa: S608

    def insert_alerts(self, rows: list[dict[str, Any]], audit: dict[str, Any]) -> int:
        """New alerts (a record already alerted for this search is not again); how many were new."""
        with self._write(audit):
            before = self.db.execute("select count(*) from alerts").fetchone()[0]
            Table(self.db, "alerts").insert_all(rows, ignore=True, batch_size=500)
            return int(self.db.execute("select count(*) from alerts").fetchone()[0] - before)


class WorkStore(SavedSearchStore):
    """The work-product tables of one archive database."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self._ready: bool | None = None
        self._words: bool | None = None

    def _has_tables(self) -> bool:
        if not self._ready:  # a read-only handle opened before the first writer made them looks again
            self._ready = self.db.execute(
                "select 1 from sqlite_master where type = 'table' and name = 'notes'").fetchone() is not None
        return self._ready

    def _has_words(self) -> bool:
        """Are the notes' words kept (m032_note_words), or is this handle older than that?"""
        if not self._words:
            self._words = self.db.execute(
                "select 1 from sqlite_master where type = 'table' and name = 'note_words'").fetchone() is not None
        return self._words

    def _select(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        if not self._has_tables():
            return []
        cursor = self.db.execute(sql, list(params))
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    @contextlib.contextmanager
    def _write(self, audit: dict[str, Any]) -> Iterator[None]:
        """One transaction: the change and its audit entry are written together or not at all."""
        with immediate(self.db):
            yield
            Table(self.db, "audit").insert(audit)

    def _insert_once(self, table: str, row: dict[str, Any], audit: dict[str, Any],
                     also: Callable[[], None] | None = None) -> dict[str, Any]:
        """``row`` written into ``table`` with its audit entry (and what ``also`` writes), or, when
        a row with its id is there already (the form that made it sent twice: ids made from the
        form's key, ``archive.work._once_id``), that row, nothing written: the row as kept."""
        with immediate(self.db):
            kept = self._select(f"select * from {table} where id = ?", [row["id"]])  # noqa: S608 - ours
            if kept:
                return kept[0]
            Table(self.db, table).insert(row)
            if also:
                also()
            Table(self.db, "audit").insert(audit)
        return row

    def deleted_before(self, target: str, action: str, made: str) -> bool:
        """Whether the audit trail has ``action`` on ``target`` deleting ``made`` (its id: a note's
        entry names it in its details, a list's or saved search's in its target)."""
        return bool(self._select(
            "select 1 from audit where target = ? and action = ? and (target like ? or "
            "json_extract(details, '$.note') = ?) limit 1", [target, action, f"%:{made}", made]))

    def record(self, audit: dict[str, Any]) -> None:
        """An audit entry alone (a read worth recording, such as an export)."""
        with immediate(self.db):
            Table(self.db, "audit").insert(audit)

    # -- notes --------------------------------------------------------------------------

    def _scoped(self, table: str, scopes: Iterable[str], targets: Sequence[str] | None,
                equal: dict[str, Any], order_by: str) -> list[dict[str, Any]]:
        """Rows of ``table`` in ``scopes``, on ``targets`` only when given, with columns ``equal``."""
        scope_list = sorted(set(scopes))
        where = [f"scope in ({_marks(scope_list)})"]
        params: list[Any] = list(scope_list)
        if targets is not None:
            if not targets:
                return []
            where.append(f"target in ({_marks(targets)})")
            params += list(targets)
        for column, value in equal.items():
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        return self._select(f"select * from {table} where {' and '.join(where)} "  # noqa: S608 - names are ours
                            f"order by {order_by}", params)

    def note_rows(self, scopes: Iterable[str], *, targets: Sequence[str] | None = None,
                  note_id: str | None = None) -> list[dict[str, Any]]:
        """Notes in ``scopes`` (on ``targets`` only, or the one ``note_id``), oldest first."""
        return self._scoped("notes", scopes, targets, {"id": note_id}, "created_at, id")

    def noted(self, scopes: Iterable[str], words: Sequence[str], last: str, prefix: bool) -> list[dict[str, Any]]:
        """The target and release of each note in ``scopes`` holding every one of ``words`` and
        ``last`` (as the start of a word with ``prefix``; no words at all: every note), read
        from each note's kept words (``note_words``), never its text."""
        scope_list = sorted(set(scopes))
        if not self._has_words():  # a handle opened before m032_note_words: the words from the text
            return [{"target": r["target"], "release": r["release"]}
                    for r in self._scoped("notes", scope_list, None, {}, "id")
                    if (held := note_words(r["text"])) >= set(words) and (not last or (
                        any(w.startswith(last) for w in held) if prefix else last in held))]
        where, params = [f"n.scope in ({_marks(scope_list)})"], list(scope_list)
        has = "exists (select 1 from note_words w where w.note_id = n.id and "
        for word in dict.fromkeys(words):
            where.append(has + "w.word = ?)")
            params.append(word)
        if last and prefix:
            where.append(has + "w.word >= ? and w.word < ?)")
            params += [last, last + "\U0010ffff"]
        elif last:
            where.append(has + "w.word = ?)")
            params.append(last)
        return self._select(f"select n.target, n.release from notes n where {' and '.join(where)}",  # noqa: S608
                            params)

    def has_passage_notes(self, document_id: str) -> bool:
        """Is any note on a passage of one of this document's emails (whoever may see it)?"""
        return bool(self._select("select 1 from notes where quote != '' and target in "
                                 "(select 'e:' || id from emails where document_id = ?) limit 1", [document_id]))

    def passage_note_rows(self, targets: Sequence[str]) -> list[dict[str, Any]]:
        """Every note on a passage of these records, whoever may see it."""
        if not targets:
            return []
        return self._select(f"select * from notes where quote != '' and target in ({_marks(targets)}) "  # noqa: S608
                            "order by created_at, id", targets)

    def move_notes(self, moves: Sequence[tuple[dict[str, Any], str, dict[str, Any]]]) -> None:
        """Notes given a new place (the changes, the note's id, its audit entry), in one transaction."""
        if moves:
            with immediate(self.db):
                for changes, note_id, audit in moves:
                    Table(self.db, "notes").update(note_id, changes)
                    Table(self.db, "audit").insert(audit)

    def insert_note(self, row: dict[str, Any], audit: dict[str, Any]) -> dict[str, Any]:
        return self._insert_once("notes", row, audit, lambda: keep_note_words(self.db, row["id"], row["text"]))

    def update_note(self, note_id: str, changes: dict[str, Any], audit: dict[str, Any]) -> None:
        with self._write(audit):
            Table(self.db, "notes").update(note_id, changes)
            if "text" in changes:
                keep_note_words(self.db, note_id, changes["text"])

    def delete_note(self, note_id: str, audit: dict[str, Any]) -> None:
        with self._write(audit):
            Table(self.db, "notes").delete(note_id)
            self.db.execute("delete from note_words where note_id = ?", [note_id])

    # -- tags ---------------------------------------------------------------------------

    def tag_rows(self, scopes: Iterable[str], *, targets: Sequence[str] | None = None,
                 name: str | None = None) -> list[dict[str, Any]]:
        """Tags in ``scopes`` (on ``targets`` only; named ``name`` only), by name."""
        return self._scoped("tags", scopes, targets, {"name": name}, "name, scope, target")

    def insert_tags(self, rows: list[dict[str, Any]], audit: dict[str, Any]) -> int:
        """Apply tags (rows already there are kept as they were); how many were new."""
        with self._write(audit):
            before = self.db.execute("select count(*) from tags").fetchone()[0]
            Table(self.db, "tags").insert_all(rows, ignore=True, batch_size=500)
            return int(self.db.execute("select count(*) from tags").fetchone()[0] - before)

    def scope_counts(self, scope: str) -> dict[str, int]:
        """How many notes, tagged records and exhibit lists ``scope`` holds ("group:<name>")."""
        return {what: int(self.db.execute(f"select count(*) from {table} where scope = ?",  # noqa: S608 - names only
                                          [scope]).fetchone()[0])
                for what, table in (("note", "notes"), ("tag", "tags"), ("exhibit list", "exhibit_lists"))}

    def untagged(self, scope: str, name: str, targets: Sequence[str]) -> list[str]:
        """``targets`` without the tag ``scope``/``name``, in their order."""
        if not self._has_tables():
            return list(targets)
        tagged: set[str] = set()
        for start in range(0, len(targets), 500):
            chunk = list(targets[start:start + 500])
            tagged.update(row[0] for row in self.db.execute(
                f"select target from tags where scope = ? and name = ? "  # noqa: S608 - marks only
                f"and target in ({_marks(chunk)})", [scope, name, *chunk]))
        return [target for target in targets if target not in tagged]

    def move_tags(self, scope: str, to: str, name: str, targets: Sequence[str], audit: dict[str, Any]) -> None:
        """The tag ``scope``/``name`` on ``targets`` given the scope ``to`` (a record already tagged so
        in ``to`` keeps that row alone)."""
        with self._write(audit):
            for start in range(0, len(targets), 500):
                chunk = list(targets[start:start + 500])
                where = f"scope = ? and name = ? and target in ({_marks(chunk)})"
                self.db.execute(f"update or ignore tags set scope = ? where {where}", [to, scope, name, *chunk])  # noqa: S608
                self.db.execute(f"delete from tags where {where}", [scope, name, *chunk])  # noqa: S608

    def delete_tags(self, scope: str, name: str, targets: Sequence[str], audit: dict[str, Any]) -> None:
        with self._write(audit):
            for start in range(0, len(targets), 500):
                chunk = list(targets[start:start + 500])
                self.db.execute(f"delete from tags where scope = ? and name = ? "  # noqa: S608 - marks only
                                f"and target in ({_marks(chunk)})", [scope, name, *chunk])

    # -- exhibit lists ------------------------------------------------------------------

    def exhibit_list_rows(self, scopes: Iterable[str], list_id: str | None = None) -> list[dict[str, Any]]:
        scope_list = sorted(set(scopes))
        where, params = f"scope in ({_marks(scope_list)})", list(scope_list)
        if list_id is not None:
            where, params = where + " and id = ?", params + [list_id]
        return self._select(f"select * from exhibit_lists where {where} "  # noqa: S608 - marks only
                            "order by created_at desc, id", params)

    def exhibit_rows(self, list_id: str) -> list[dict[str, Any]]:
        return self._select("select * from exhibits where list_id = ? order by position, added_at", [list_id])

    def insert_exhibit_list(self, row: dict[str, Any], audit: dict[str, Any]) -> dict[str, Any]:
        return self._insert_once("exhibit_lists", row, audit)

    def set_exhibit_list(self, list_id: str, changes: dict[str, str], audit: dict[str, Any]) -> None:
        """Change a list's own columns (its scope, its title)."""
        with self._write(audit):
            Table(self.db, "exhibit_lists").update(list_id, changes)

    def delete_exhibit_list(self, list_id: str, deleted: dict[str, str],
                            audit_of: Callable[[list[dict[str, Any]]], dict[str, Any]]) -> None:
        """Delete a list's rows and mark its own row ``deleted`` (``deleted_at``, ``deleted_by``),
        with the audit entry ``audit_of`` makes of the rows as they were: read and written under
        the write lock, so a row added at that moment is in the entry, never lost unsaid."""
        with immediate(self.db):
            audit = audit_of(self.exhibit_rows(list_id))
            self.db.execute("delete from exhibits where list_id = ?", [list_id])
            Table(self.db, "exhibit_lists").update(list_id, deleted)
            Table(self.db, "audit").insert(audit)

    def add_exhibits(self, list_id: str, rows: list[dict[str, Any]], audit: dict[str, Any]) -> None:
        """Append rows after the list's last one (a target already on the list stays where it is)."""
        with self._write(audit):
            last = self.db.execute("select coalesce(max(position), 0) from exhibits where list_id = ?",
                                   [list_id]).fetchone()[0]
            have = {r[0] for r in self.db.execute("select target from exhibits where list_id = ?", [list_id])}
            fresh = [r for r in rows if r["target"] not in have]
            for offset, row in enumerate(fresh, start=1):
                row["position"] = last + offset
            Table(self.db, "exhibits").insert_all(fresh)

    def reorder_exhibits(self, list_id: str,
                         renumbered: Callable[[list[dict[str, Any]]], tuple[list[str], dict[str, Any]]],
                         removing: str = "") -> None:
        """Number the list's rows 1, 2, … in the order ``renumbered`` makes of its rows as they are
        now (``removing``: a row deleted first), with the audit entry it gives: read and written in
        one transaction that takes the write lock before it reads, so a change made at the same
        moment is never undone by this one."""
        with immediate(self.db):
            targets, audit = renumbered(self.exhibit_rows(list_id))
            if removing:
                self.db.execute("delete from exhibits where list_id = ? and target = ?", [list_id, removing])
            for position, target in enumerate(targets, start=1):
                self.db.execute("update exhibits set position = ? where list_id = ? and target = ?",
                                [position, list_id, target])
            Table(self.db, "audit").insert(audit)

    def put_back_exhibit(self, list_id: str,
                         decide: Callable[[list[dict[str, Any]]], tuple[dict[str, Any], list[str], dict[str, Any]]]
                         ) -> None:
        """Insert a row ``decide`` gives back (from the list's rows as they are now) and number the
        rows in the order it gives, with its audit entry, in one transaction holding the write lock."""
        with immediate(self.db):
            row, targets, audit = decide(self.exhibit_rows(list_id))
            Table(self.db, "exhibits").insert({**row, "position": 0})
            for position, target in enumerate(targets, start=1):
                self.db.execute("update exhibits set position = ? where list_id = ? and target = ?",
                                [position, list_id, target])
            Table(self.db, "audit").insert(audit)

    def last_audit(self, target: str, actions: Sequence[str], *, actor: str | None = None,
                   formats: Sequence[str] = ()) -> dict[str, Any] | None:
        """The newest audit entry of one of ``actions`` on ``target`` (its details read), or None;
        ``actor``: made by that account only; ``formats``: of an export in one of them, from the
        site's own pages (``details.site`` not false)."""
        where, args = [f"target = ? and action in ({_marks(actions)})"], [target, *actions]
        if actor is not None:
            where.append("actor = ?")
            args.append(actor)
        if formats:
            where.append(f"json_extract(details, '$.format') in ({_marks(formats)}) "
                         "and coalesce(json_extract(details, '$.site'), 1) != 0")
            args.extend(formats)
        rows = self._select(f"select * from audit where {' and '.join(where)} order by id desc limit 1", args)  # noqa: S608
        return {**rows[0], "details": json.loads(rows[0]["details"] or "{}")} if rows else None



@contextlib.contextmanager
def immediate(db: sqlite_utils.Database) -> Iterator[None]:
    """A write transaction holding the write lock from its start, or a savepoint inside one
    already open. A deferred one (sqlite-utils' ``atomic``) that reads before it writes fails at
    once with "database is locked" when another connection committed since its read (SQLite in
    WAL mode cannot upgrade a stale snapshot, and calls no busy handler for it): two people
    saving at the same moment lost one's work. Waiting for the lock at BEGIN, it waits as long
    as the busy timeout allows."""
    if db.conn.in_transaction:
        with db.atomic():
            yield
        return
    db.conn.execute("begin immediate")
    try:
        yield
    except BaseException:
        if db.conn.in_transaction:  # (SQLite rolled back itself on some errors: a full disk)
            db.conn.execute("rollback")
        raise
    db.conn.execute("commit")


def _marks(values: Sequence[Any]) -> str:
    return ",".join("?" * len(values)) or "null"

