"""The SQLite database, system of record (the only module that talks to SQLite, with
``work_store.py``, which owns the work-product tables).

Schema changes are sqlite-utils migrations: applied in order, recorded, safe to
rerun. A document and everything derived from it (pages, emails, issued ids) is
written in one transaction, so a failure or a kill leaves the database as it was
before that document. WAL mode lets readers go on while an ingest writes.
"""

from __future__ import annotations

import contextlib
import functools
import json
import secrets
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlite_utils.db import Table

from . import ids, work_store
from .audit import Records, SealedEntry, chain_digest
from .cite import (
    bates_parts,
    email_named,
    respell_bates,
    separated_prefixes,
    stamp_prefix_length,
    typed_prefixes,
)
from .context import Article, QuoteLink, Source
from .corrections import (
    DOUBT_CODES,
    VALUE_ACTIONS,
    CitedAs,
    Correction,
    Structure,
    corrected_on_copy,
    disagreements,
    person_values,
    placed,
    record_values,
    same,
    same_moment,
    structure,
)
from .dates import other_reading
from .errors import Gone, NoSuchRelease, NotEmail, NotFound, StoreError
from .model import (
    PDF,
    Attachment,
    Document,
    DocumentRecord,
    Email,
    EmailRecord,
    Page,
    Party,
    Release,
    ReleaseReading,
    ReleaseStats,
)
from .production import PageRow, sheet_pages

migrations = sqlite_utils.Migrations("foia-archive")


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    db["releases"].create(  # type: ignore[union-attr]
        {
            "slug": str, "title": str, "agency": str, "requester": str,
            "request_number": str, "released": str, "source_url": str,
            "description": str, "status": str, "status_note": str, "created_at": str,
        },
        pk="slug",
        defaults={"status": "active", "status_note": ""},
    )
    db["documents"].create(  # type: ignore[union-attr]
        {
            "id": str, "sha256": str, "release": str, "filename": str, "size": int,
            "page_count": int, "fingerprint": str, "parent_sha256": str,
            "duplicate_of": str, "indexed": int, "ingested_at": str,
        },
        pk="id",
        foreign_keys=[("release", "releases", "slug")],
    )
    db["documents"].create_index(["sha256"], unique=True)  # type: ignore[union-attr]
    db["documents"].create_index(["fingerprint"])  # type: ignore[union-attr]
    db["pages"].create(  # type: ignore[union-attr]
        {
            "document_id": str, "number": int, "text": str, "source": str,
            "ocr_confidence": float, "bates": str, "exemptions": str, "kind": str,
            "fingerprint": str, "words": str,
        },
        pk=("document_id", "number"),
        foreign_keys=[("document_id", "documents", "id")],
    )
    db["pages"].create_index(["bates"])  # type: ignore[union-attr]
    db["emails"].create(  # type: ignore[union-attr]
        {
            "id": str, "document_id": str, "release": str,
            "start_page": int, "start_line": int, "end_page": int, "end_line": int,
            "ordinal": int, "kind": str, "quoted": int, "parent_id": str,
            "sender_name": str, "sender_address": str, "sender": str,
            "recipients_to": str, "recipients_cc": str, "recipients_bcc": str,
            "sent": str, "sent_raw": str, "date_certainty": str,
            "subject": str, "normalized_subject": str, "body": str,
            "exemptions": str, "attachments": str, "bates_start": str, "bates_end": str,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
    )
    db["emails"].create_index(["document_id", "start_page", "start_line"])  # type: ignore[union-attr]
    db["emails"].create_index(["release", "sent"])  # type: ignore[union-attr]
    db["emails"].create_index(["normalized_subject"])  # type: ignore[union-attr]
    db["emails"].create_index(["bates_start"])  # type: ignore[union-attr]
    # Every email id ever published, with the position it named, so that a
    # permalink outlives a change of splitter (see resolve_email).
    db["issued_ids"].create(  # type: ignore[union-attr]
        {"id": str, "document_id": str, "start_page": int, "start_line": int,
         "ordinal": int, "first_issued": str},
        pk="id",
    )


@migrations()
def m001b_reader_indexes(db: sqlite_utils.Database) -> None:
    """Indexes for the email page: who quotes this email, and its thread."""
    db["emails"].create_index(["parent_id"], if_not_exists=True)  # type: ignore[union-attr]
    db["emails"].create_index(["release", "normalized_subject", "quoted"],  # type: ignore[union-attr]
                              if_not_exists=True)


@migrations()
def m001c_thread_in_date_order(db: sqlite_utils.Database) -> None:
    """The thread query sorts by date: with ``sent`` in the index SQLite no longer walks a
    whole release in date order for every email page (README, Measured: the site under load)."""
    db.execute("drop index if exists idx_emails_release_normalized_subject_quoted")
    db["emails"].create_index(["release", "normalized_subject", "quoted", "sent"],  # type: ignore[union-attr]
                              if_not_exists=True)


@migrations()
def m001d_settings(db: sqlite_utils.Database) -> None:
    """Archive-wide settings, by key (the search engine in use; the session key, m004)."""
    db["settings"].create({"key": str, "value": str}, pk="key", if_not_exists=True)  # type: ignore[union-attr]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _parties_json(parties: tuple[Party, ...]) -> str:
    return json.dumps([asdict(p) for p in parties], ensure_ascii=False)


@functools.lru_cache(maxsize=4096)
def _parties(text: str | None) -> tuple[Party, ...]:
    """The parties of a column as stored (kept per process: the same people recur in thousands
    of records, and a Party is immutable)."""
    if not text:
        return ()
    return tuple(
        Party(p.get("name", ""), p.get("address", ""), tuple(p.get("redactions", ())))
        for p in json.loads(text)
    )


def _strings(text: str | None) -> tuple[str, ...]:
    return tuple(json.loads(text)) if text else ()


_RELEASE_FIELDS = [f.name for f in fields(Release)]

# What the site, the API, `foia verify` and `foia release list` count as an email: a message
# printed as itself (not a quoted copy inside a reply) in a document that is no duplicate of
# another (a duplicate's emails are kept but never searched). One clause, so no count drifts.
LIVE_DOCUMENT = "document_id not in (select id from documents where duplicate_of is not null)"
COUNTED_EMAILS = f"quoted = 0 and {LIVE_DOCUMENT}"
QUOTED_COPIES = f"quoted = 1 and {LIVE_DOCUMENT}"
# A page read from a scan: by OCR here, or by the producer's OCR layer (``PageRecord.scanned``,
# null in an archive from before that column); as the partial index of m037 reads it.
SCANNED_PAGE = "(p.source = 'ocr' or p.scanned = 1)"
SUBJECT_SCAN = 400  # records of one thread key judged on either side of an email's time (~10 µs each)
_MAX_ORIGINALS = 50  # documents with the very same pages looked at for one that stands for a copy


class _Unchanged(Exception):
    """A conditional change found nothing to change: its transaction is rolled back."""


class AccountStore:
    """The users, tokens, audit and settings tables (mixed into Store)."""

    db: sqlite_utils.Database
    _rows: Any
    _table: Any
    _has_table: Any
    setting: Any
    transaction: Callable[[], contextlib.AbstractContextManager[None]]

    def _has_accounts(self) -> bool:
        # A read-only handle on an archive last written before m004 has no such tables yet.
        return bool(self._has_table("users"))

    def user_row(self, email: str) -> dict[str, Any] | None:
        if not self._has_accounts():
            return None
        rows = list(self._rows("users", "email = ?", [email]))
        return rows[0] if rows else None

    def user_rows(self) -> list[dict[str, Any]]:
        return list(self._rows("users", "1", order_by="email")) if self._has_accounts() else []

    def insert_user(self, row: dict[str, Any], audit: dict[str, Any]) -> None:
        with self.transaction():
            self._table("users").insert(row)
            self._table("audit").insert(audit)

    def update_user(self, email: str, changes: dict[str, Any], audit: dict[str, Any]) -> None:
        with self.transaction():
            self._table("users").update(email, changes)
            self._table("audit").insert(audit)

    def insert_token(self, row: dict[str, Any], audit: dict[str, Any]) -> None:
        with self.transaction():
            self._table("tokens").insert(row)
            self._table("audit").insert(audit)

    def token_row(self, digest: str) -> dict[str, Any] | None:
        if not self._has_accounts():
            return None
        rows = list(self._rows("tokens", "digest = ?", [digest]))
        return rows[0] if rows else None

    def spend_token(self, digest: str, now: str, changes: dict[str, Any], audit: dict[str, Any]) -> str | None:
        """Mark an unused, unexpired token used and apply ``changes`` to its user, in one
        transaction; the user's email, or None when the token may not be used."""
        with self.transaction():
            cursor = self.db.execute(
                "update tokens set used_at = ? where digest = ? and used_at is null and expires_at > ?",
                [now, digest, now])
            if cursor.rowcount != 1:
                return None
            email = str(self._rows("tokens", "digest = ?", [digest]).__next__()["email"])
            # the account's other links end with it: one left in a mailbox would set a password again
            self.db.execute("update tokens set used_at = ? where email = ? and used_at is null", [now, email])
            self._table("users").update(email, changes)
            self._table("audit").insert({**audit, "target": email})
        return email

    # -- who may read a restricted release (m005) --------------------------------

    def _has_access_tables(self) -> bool:
        return bool(self._has_table("release_access"))

    def access_rows(self) -> list[dict[str, Any]]:
        """(release, kind, name) rows: each person or group a restricted release is open to."""
        if not self._has_access_tables():
            return []
        return list(self._rows("release_access", "1", order_by="release, kind, name"))

    def set_access_rows(self, release: str, rows: list[dict[str, Any]], audit: dict[str, Any]) -> None:
        with self.transaction():
            self.db.execute("delete from release_access where release = ?", [release])
            if rows:
                self._table("release_access").insert_all(rows)
            self._table("audit").insert(audit)

    def group_rows(self, email: str | None = None) -> list[dict[str, Any]]:
        if not self._has_access_tables():
            return []
        where, args = ("email = ?", [email]) if email else ("1", [])
        return list(self._rows("group_members", where, args, order_by="group_name, email"))

    def change_group(self, group: str, email: str, member: bool, audit: dict[str, Any]) -> None:
        with self.transaction():
            if member:
                self._table("group_members").insert({"group_name": group, "email": email}, ignore=True)
            else:
                self.db.execute("delete from group_members where group_name = ? and email = ?", [group, email])
            self._table("audit").insert(audit)

    # -- the ingest queue (m006, archive/batches.py) ---------------------------------

    def insert_batch(self, row: dict[str, Any], files: list[dict[str, Any]], audit: dict[str, Any]) -> None:
        """A batch and its files, in one transaction: until it commits, no one sees the batch."""
        with self.transaction():
            self._table("batches").insert(row)
            self._table("batch_files").insert_all(files)
            self._table("audit").insert(audit)

    def batch_row(self, batch_id: str) -> dict[str, Any] | None:
        if not self._has_table("batches"):
            return None
        return next(self._rows("batches", "id = ?", [batch_id]), None)

    def batch_rows(self, statuses: Sequence[str], limit: int) -> list[dict[str, Any]]:
        if not self._has_table("batches"):
            return []
        marks = ",".join("?" * len(statuses))
        return list(self._rows("batches", f"status in ({marks})", list(statuses),
                               order_by="created_at desc, id", limit=limit))

    def batch_ids(self) -> set[str]:
        if not self._has_table("batches"):
            return set()
        return {row[0] for row in self.db.execute("select id from batches")}

    def batch_file_rows(self, batch_id: str) -> list[dict[str, Any]]:
        return list(self._rows("batch_files", "batch_id = ?", [batch_id], order_by="ordinal"))

    def claim_batch(self, now: str, audit: dict[str, Any]) -> str | None:
        """The batch a runner takes next: one a killed runner left running, else the oldest
        queued; marked running, its attempt counted and audited. The caller holds the writer lock."""
        with self.transaction():
            row = self.db.execute(
                "select id, release, attempts from batches where status in ('running', 'queued') "
                "order by status = 'running' desc, rowid limit 1").fetchone()  # first come, first served
            if row is None:
                return None
            self.db.execute("update batches set status = 'running', started_at = ?, finished_at = '', "
                            "done_pages = 0, ocr_pages = 0, attempts = attempts + 1 where id = ?", [now, row[0]])
            details = json.loads(audit["details"]) | {"batch": row[0], "attempt": row[2] + 1}
            self._table("audit").insert({**audit, "target": row[1], "details": json.dumps(details, sort_keys=True)})
        return str(row[0])

    def update_batch(self, batch_id: str, changes: dict[str, Any], audit: dict[str, Any] | None = None) -> None:
        with self.transaction():
            self._table("batches").update(batch_id, changes)
            if audit:
                self._table("audit").insert(audit)

    def update_batch_file(self, batch_id: str, ordinal: int, changes: dict[str, Any]) -> None:
        with self.transaction():
            self._table("batch_files").update((batch_id, ordinal), changes)

    def requeue_batch_file(self, batch_id: str, ordinal: int, changes: dict[str, Any], audit: dict[str, Any]) -> bool:
        """Queue a failed or refused file of a batch that is not running again (``changes``: its
        replacement, if any), and the batch with it, audited, in one transaction; False (nothing
        changed) when the file is not failed or refused or the batch is running."""
        assignments = ", ".join(f"[{column}] = ?" for column in changes)  # the archive's own column names
        try:
            with self.transaction():
                queued = self.db.execute(
                    "update batches set status = 'queued', finished_at = '', current = '', attempts = 0 "
                    "where id = ? and status in ('done', 'queued')", [batch_id]).rowcount
                if not queued or not self.db.execute(
                        f"update batch_files set {assignments} where batch_id = ? and ordinal = ? "  # noqa: S608
                        "and status in ('failed', 'refused')", [*changes.values(), batch_id, ordinal]).rowcount:
                    raise _Unchanged
                self._table("audit").insert(audit)
        except _Unchanged:
            return False
        return True

    def append_audit(self, row: dict[str, Any]) -> None:
        with self.transaction():
            self._table("audit").insert(row)

    def audit_rows(self, limit: int, target: str | None = None) -> list[dict[str, Any]]:
        if not self._has_accounts():
            return []
        where, args = ("target = ?", [target]) if target else ("1", [])
        return list(self._rows("audit", where, args, order_by="id desc", limit=limit))

    def latest_audit_details(self, target: str, action: str) -> dict[str, Any]:
        """The details of the newest audit entry of ``action`` on ``target`` ({} for none)."""
        rows = list(self._rows("audit", "target = ? and action = ?", [target, action], order_by="id desc",
                               limit=1)) if self._has_accounts() else []
        return json.loads(rows[0]["details"]) if rows else {}

    def sealed_audit(self) -> Iterator[SealedEntry]:
        """Every audit entry with its seal (m007), oldest first."""
        if not self._has_accounts():
            return
        sealed = ("select a.id, a.at, a.actor, a.action, a.target, a.details, c.digest "
                  "from audit a left join audit_chain c on c.id = a.id order by a.id")
        unsealed = "select id, at, actor, action, target, details, null from audit order by id"
        for row in self.db.execute(sealed if self._has_table("audit_chain") else unsealed):
            yield SealedEntry(*row)

    def audited_records(self) -> Records:
        """What the audit trail describes, as the database holds it now (archive/audit.py)."""
        highest = self.db.execute("select seq from sqlite_sequence where name = 'audit'").fetchone()
        records = Records(since=self.setting("audit_checked_since"), highest_id=int(highest[0]) if highest else 0)
        records.users = {r["email"]: r for r in self.user_rows()}
        records.releases = {r["slug"]: r for r in self._rows("releases", "1")}
        for row in self.access_rows():
            found = records.access.setdefault(row["release"], {"people": [], "groups": []})
            found["people" if row["kind"] == "person" else "groups"].append(row["name"])
        records.members = {(r["group_name"], r["email"]) for r in self.group_rows()}
        if self._has_table("batches"):
            records.batches = {r[0]: r[1] for r in self.db.execute("select id, created_at from batches")}
        return records


def _correction(row: dict[str, Any]) -> Correction:
    return Correction(id=row["id"], at=row["at"], actor=row["actor"], document_id=row["document_id"],
                      document_sha256=row["document_sha256"], page=row["page"], line=row["line"],
                      action=row["action"], email_id=row["email_id"], value=json.loads(row["value"]),
                      machine=json.loads(row["machine"]))


def field_values(row: dict[str, Any]) -> dict[str, Any]:
    """An email row's correctable fields as JSON values (archive/corrections.py FIELDS)."""
    sender = json.loads(row["sender"]) if row["sender"] else []
    return {
        "sender": sender[0] if sender else None,
        "to": json.loads(row["recipients_to"] or "[]"), "cc": json.loads(row["recipients_cc"] or "[]"),
        "date": _date_value(row),
        "subject": {"subject": row["subject"] or "", "normalized": row["normalized_subject"] or ""},
        "exemptions": json.loads(row["exemptions"] or "[]"),
    }


def _date_value(row: dict[str, Any]) -> dict[str, Any]:
    """An email row's date as a field value: with the words a person says are printed, when a
    person gave the date (the machine's reading has none: its printed words are ``sent_raw``)."""
    value = {"sent": row["sent"], "certainty": row["date_certainty"]}
    printed = _sent_printed(row)
    return value if printed is None else value | {"printed": printed}


def _printed_words(row: dict[str, Any]) -> str:
    """The words a row's date is printed in: a person's once a person gave it, else the machine's."""
    printed = _sent_printed(row)
    return str(row["sent_raw"] or "") if printed is None else printed


def _sent_printed(row: dict[str, Any]) -> str | None:
    """A row's ``sent_printed``; on a read-only handle of an archive no writer has opened since
    the column was added (m035), "" where the row's date is a person's other than the machine's
    (a person's date then had no printed words kept), None where it is the machine's."""
    if "sent_printed" in row:
        return None if row["sent_printed"] is None else str(row["sent_printed"])
    machine = json.loads(row["machine"]).get("date") if row.get("machine") else None
    if machine is None or same(machine, {"sent": row["sent"], "certainty": row["date_certainty"]}):
        return None
    return ""


def machine_values(row: dict[str, Any]) -> dict[str, Any]:
    """What the machine read for an email row: its values, those people set replaced by the
    machine's kept in ``machine``."""
    return field_values(row) | (json.loads(row["machine"]) if row.get("machine") else {})


def _with_fields(row: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    row = dict(row)
    for name, value in values.items():
        if name == "sender":
            row["sender"] = json.dumps([value], ensure_ascii=False) if value else None
            row["sender_name"] = value.get("name", "") if value else ""
            row["sender_address"] = value.get("address", "") if value else ""
        elif name in ("to", "cc"):
            row["recipients_" + name] = json.dumps(value, ensure_ascii=False)
        elif name == "date":
            row["sent"], row["date_certainty"] = value.get("sent"), value.get("certainty", "exact")
            row["sent_printed"] = value.get("printed")  # None: the machine's, or confirmed as it read it
        elif name == "subject":
            row["subject"], row["normalized_subject"] = value.get("subject", ""), value.get("normalized", "")
        elif name == "exemptions":
            row["exemptions"] = json.dumps(list(value))
    return row


_MAX_ATTACHED = 10_000  # documents a mail file's attachments became, counted through their own


def superseded_left_out(found: list[tuple[Correction, str]]) -> list[tuple[Correction, str]]:
    """Corrections (in the order made) without those a later one of the same email's fields
    superseded: what a person set that is lost, not each step on the way to it."""
    covered: dict[tuple[str, int, int, str], set[str]] = {}
    kept = []
    for correction, filename in reversed(found):
        fields = covered.setdefault((correction.document_id, *correction.position, correction.email_id), set())
        if set(correction.value) - fields:
            kept.append((correction, filename))
        fields |= set(correction.value)
    return kept[::-1]


def _holds_first_line(email: EmailRecord, shown: Sequence[tuple[int, int, int, Any]]) -> bool:
    """Whether ``email`` holds the first line of one of the emails ``shown`` now (those with its
    number on its page that no email of the new reading is): the same message read again, its
    header otherwise."""
    return any((email.start_page, email.start_line) <= (page, line) < (email.end_page, email.end_line)
               for page, line, _, _ in shown)


def _header_key(values: dict[str, Any]) -> tuple[str, str, str] | None:
    """An email's header as the machine read it (date, subject, sender's name), to know it again
    in another reading of its document; None for one with neither date nor subject."""
    sent, subject = (values.get("date") or {}).get("sent") or "", (values.get("subject") or {}).get("normalized") or ""
    if not sent and not subject:
        return None
    return sent, subject, (values.get("sender") or {}).get("name", "")


def _overlaid(row: dict[str, Any], corrections: Sequence[Correction]) -> dict[str, Any]:
    """An email row with people's values over the machine's (``row`` may already carry some:
    the machine's are taken from its ``machine`` column)."""
    at = (row["start_page"], row["start_line"])
    people = person_values(c for c in corrections if c.position == at)
    if not people and not row.get("machine"):
        return row  # as the machine read it (every email of an ingest no one has corrected)
    machine = machine_values(row)
    row = _with_fields(row, machine) | {"machine": None, "reviewed": "", "disagreements": None}
    if not people:
        return row
    row = _with_fields(row, {name: p.value for name, p in people.items()})
    differing = disagreements(people, machine)
    changed = any(not same(p.value, machine[name]) for name, p in people.items())
    return row | {"machine": json.dumps({name: machine[name] for name in people}, ensure_ascii=False),
                  "reviewed": "corrected" if changed else "checked",
                  "disagreements": json.dumps(differing) if differing else None}


class CorrectionStore:
    """The corrections table and the review questions (mixed into Store)."""

    db: sqlite_utils.Database
    hidden: frozenset[str]
    _rows: Any
    _table: Any
    _has_table: Any
    transaction: Callable[[], contextlib.AbstractContextManager[None]]

    def _has_corrections(self) -> bool:
        return bool(self._has_table("corrections"))

    def corrections(self, document_id: str, position: tuple[int, int] | None = None) -> list[Correction]:
        """A document's corrections in the order they were made (only those at ``position``)."""
        if not self._has_corrections():
            return []
        args: list[Any] = [document_id]
        where = "document_id = ?"
        if position is not None:
            where, args = where + " and page = ? and line = ?", [document_id, *position]
        return [_correction(r) for r in self._rows("corrections", where, args, order_by="id")]

    def structure(self, document_id: str) -> Structure:
        return structure(self.corrections(document_id))

    def placed_corrections(self, document_id: str) -> list[Correction]:
        """A document's corrections, each at the position it applies at now (``corrections.placed``)."""
        corrections = self.corrections(document_id)
        if not any(c.action in VALUE_ACTIONS for c in corrections):
            return corrections
        return placed(corrections, {str(found[0]): (int(found[1]), int(found[2])) for found in self.db.execute(
            "select id, start_page, start_line from emails where document_id = ?", [document_id])})

    def add_correction(self, correction: dict[str, Any], audit: dict[str, Any]) -> None:
        """Append a correction of field values and apply the document's corrections to its
        email rows again, with its audit entry, in one transaction."""
        with self.transaction():
            self._table("corrections").insert(correction)
            self._table("audit").insert(audit)
            self._note_citations(correction["document_id"], "")
            rows = list(self._rows("emails", "document_id = ?", [correction["document_id"]]))
            corrections = placed(self.corrections(correction["document_id"]),
                                 {row["id"]: (row["start_page"], row["start_line"]) for row in rows})
            for row in rows:
                new = _overlaid(row, corrections)
                if new != row:
                    self._table("emails").update(row["id"], {k: v for k, v in new.items() if new[k] != row[k]})
            self._note_citations(correction["document_id"], "corrected")

    def _note_citations(self, doc_id: str, cause: str) -> None:
        """Record what each email of a document is cited as where that changed (``cause``: why),
        or where nothing is recorded for it (``cause`` "": before the archive kept a record, the
        reading it has now, sinceless). Called in the transaction that writes the emails."""
        document = next(self._rows("documents", "id = ?", [doc_id]), None)
        if document is None:
            return
        doc = _document(document)
        heads = {row[0]: (row[1], row[2], row[3]) for row in self.db.execute(
            "select h.email_id, h.seq, h.cited, h.subject from citation_history h join emails e on e.id = h.email_id "
            "where e.document_id = ? and h.seq = (select max(seq) from citation_history where email_id = h.email_id)",
            [doc_id])}
        now = _now()
        rows = []
        emails = {row["id"]: _email(row) for row in self._rows("emails", "document_id = ?", [doc_id])}
        for email in emails.values():
            head = heads.get(email.id)
            if head is not None and not cause:  # (recorded already: nothing to seed, nothing to read)
                continue
            cited, subject = email_named(email, doc, self._quoting(email, emails)), email.subject or ""
            if head is None or (head[1], head[2]) != (cited, subject):
                rows.append({"email_id": email.id, "seq": head[0] + 1 if head else 0, "since": now if cause else "",
                             "cause": cause or "recorded", "cited": cited, "subject": subject})
        self._table("citation_history").insert_all(rows)

    def _quoting(self, email: Email, emails: dict[str, Email]) -> Email | None:
        """The email a quoted copy is printed in (of ``emails``, its document's, or stored)."""
        if not (email.quoted and email.parent_id):
            return None
        if email.parent_id in emails:
            return emails[email.parent_id]
        row = next(self._rows("emails", "id = ?", [email.parent_id]), None)
        return _email(row) if row is not None else None

    def citation_history(self, email_id: str) -> list[CitedAs]:
        """What an email's citation said, oldest first, each from when (``_note_citations``)."""
        if self.email_row(email_id) is None:
            raise NotFound(f"no email {email_id!r}")
        return self._cited_as(email_id)

    def last_cited_as(self, email_id: str) -> CitedAs | None:
        """What an email id (a retired one too) was last cited as; None where nothing is recorded."""
        found = self._cited_as(email_id)
        return found[-1] if found else None

    def _cited_as(self, email_id: str) -> list[CitedAs]:
        try:
            rows = self.db.execute("select since, cause, cited, subject from citation_history where email_id = ? "
                                   "order by seq", [email_id]).fetchall()
        except sqlite3.OperationalError:  # a read-only handle on an archive older than the record
            return []
        return [CitedAs(since=str(r[0]), cause=str(r[1]), cited=str(r[2]), subject=str(r[3])) for r in rows]

    def issued_position(self, email_id: str) -> tuple[str, int, int] | None:
        """(document, page, line) an issued email id named, None for an id never issued."""
        row = self.db.execute("select document_id, start_page, start_line from issued_ids where id = ?",
                              [email_id]).fetchone()
        return (str(row[0]), int(row[1]), int(row[2])) if row else None

    def email_row(self, email_id: str) -> dict[str, Any] | None:
        row = next(self._rows("emails", "id = ?", [email_id]), None)
        return row if row and row["release"] not in self.hidden else None

    def review_counts(self, release: str) -> tuple[int, int]:
        """(emails checked or corrected by a person, emails) of a release."""
        if release in self.hidden:
            return 0, 0
        checked, total = self.db.execute(
            f"select count(*) filter (where reviewed != ''), count(*) from emails "  # noqa: S608
            f"where release = ? and {COUNTED_EMAILS}", [release]).fetchone()
        return int(checked or 0), int(total or 0)

    def review_rows(self, release: str) -> list[dict[str, Any]]:
        """A release's emails (not the copies quoted in them) with what the review queue orders them by: the
        date certainty, the lowest OCR confidence of their first page, whether any page was
        scanned, and what people did."""
        if release in self.hidden:
            return []
        cursor = self.db.execute(
            """select e.id, e.document_id, d.filename, e.start_page, e.start_line, e.end_page, e.quoted,
                      e.sender, e.recipients_to, e.sent, e.date_certainty, e.subject, e.reviewed,
                      e.disagreements, e.doubts, p.source, p.ocr_confidence, p.scanned
               from emails e join documents d on d.id = e.document_id
               left join pages p on p.document_id = e.document_id and p.number = e.start_page
               where e.release = ? and d.duplicate_of is null and e.quoted = 0
               order by e.document_id, e.start_page, e.start_line""", [release])
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, values, strict=True)) for values in cursor]

    def unplaced_corrections(self, release: str) -> list[tuple[Correction, str]]:
        """Corrections of field values whose position no email begins at any more (a re-split
        moved it) and whose email is gone (``corrections.placed``), with the document's file name:
        listed for review, applied to nothing; those a later one superseded left out."""
        if not self._has_corrections() or release in self.hidden:
            return []
        cursor = self.db.execute(
            """select c.*, d.filename from corrections c join documents d on d.id = c.document_id
               where d.release = ? and c.action in ('fields', 'checked') and not exists (
                 select 1 from emails e where e.document_id = c.document_id and e.start_page = c.page
                 and e.start_line = c.line) and not exists (
                 select 1 from emails e where e.id = c.email_id and e.document_id = c.document_id)
               order by c.id""", [release])
        names = [c[0] for c in cursor.description]
        found = []
        for values in cursor:
            row = dict(zip(names, values, strict=True))
            found.append((_correction(row), str(row.pop("filename"))))
        return superseded_left_out(found)


class Store(AccountStore, CorrectionStore):
    """The archive's SQLite database."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        # Releases this handle's reader may not see (Archive.read_as): every read below answers
        # as if they did not exist, with the very message a made-up id gets.
        self.hidden: frozenset[str] = frozenset()
        self._copy_pairs: tuple[tuple[int, int], tuple[tuple[str, str], ...]] | None = None  # (version read, pairs)
        self._either_way: tuple[tuple[int, int], tuple[tuple[str, str, str, str], ...]] | None = None  # (version, dates)
        self._tables_seen: set[str] = set()
        try:
            if readonly:
                conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
                self.db = sqlite_utils.Database(conn)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                self.db = sqlite_utils.Database(path)
                # the audit trail's seal, computed by a trigger on every entry appended (m007)
                self.db.conn.create_function("foia_audit_seal", 7, chain_digest, deterministic=True)
                self.db.execute("PRAGMA busy_timeout = 10000")
                self.db.enable_wal()
                migrations.apply(self.db)
                work_store.migrations.apply(self.db)
            self.db.execute("PRAGMA foreign_keys = ON")
            self.work = work_store.WorkStore(self.db)
        except sqlite3.Error as exc:
            raise StoreError(
                f"{path}: cannot open the archive database ({exc}); "
                "check the path, its permissions and free disk space"
            ) from exc

    def close(self) -> None:
        self.db.close()

    def transaction(self) -> contextlib.AbstractContextManager[None]:
        """A write transaction holding the write lock from its start (``work_store.immediate``)."""
        return work_store.immediate(self.db)

    def backup(self, target: Path) -> None:
        """A consistent copy of the database at ``target`` (SQLite's online backup: writers of
        other processes may go on while it copies)."""
        try:
            with sqlite3.connect(target) as copy:
                self.db.conn.backup(copy)
            copy.close()
        except sqlite3.Error as exc:
            raise StoreError(f"{target}: cannot copy the archive database there ({exc}); "
                             "check the path, its permissions and free disk space") from exc

    def _rows(self, table: str, where: str, params: Sequence[Any] = (), *, order_by: str | None = None,
              limit: int | None = None) -> Iterator[dict[str, Any]]:
        """``Table.rows_where`` without the query it makes first for whether the table exists
        (every table is there once the migrations have run); clauses are this module's own."""
        sql = f"select * from [{table}] where {where}"  # noqa: S608 - no extracted text reaches it
        if order_by:
            sql += f" order by {order_by}"
        if limit is not None:
            sql += f" limit {int(limit)}"
        cursor = self.db.execute(sql, list(params))
        names = [column[0] for column in cursor.description]
        for row in cursor:
            yield dict(zip(names, row, strict=True))

    def _has_table(self, name: str) -> bool:
        """Whether a migration made this table: a read-only handle on an archive last written
        before it has none yet. No migration drops a table, so a yes is kept (the email page
        asked eight times a view)."""
        if name not in self._tables_seen and self._table(name).exists():
            self._tables_seen.add(name)
        return name in self._tables_seen

    def _table(self, name: str) -> Table:
        # Table() directly: db[name] asks SQLite for its views on every call (the archive has none)
        return Table(self.db, name)

    # -- releases ---------------------------------------------------------

    def save_release(self, release: Release) -> None:
        """Create a release, or update its descriptive fields."""
        row = asdict(release)
        with self.transaction():
            if self._has_table("releases") and self._release_row(release.slug):
                self._table("releases").update(release.slug, row)
            else:
                self._table("releases").insert({**row, "created_at": _now()})

    def _release_row(self, slug: str) -> dict[str, Any] | None:
        if slug in self.hidden:
            return None
        rows = list(self._rows("releases", "slug = ?", [slug]))
        return rows[0] if rows else None

    def release(self, slug: str) -> Release:
        row = self._release_row(slug)
        if row is None:
            raise NoSuchRelease(f"no release {slug!r}")  # the site's page links to the list
        if row["status"] == "withdrawn":
            raise Gone(f"release {slug!r} was withdrawn: {row['status_note'] or 'no reason given'}")
        return Release(**{k: row[k] or "" for k in _RELEASE_FIELDS})

    def release_status(self, slug: str) -> tuple[str, str] | None:
        row = self._release_row(slug)
        return (row["status"], row["status_note"]) if row else None

    def releases(self) -> list[Release]:
        return [
            Release(**{k: row[k] or "" for k in _RELEASE_FIELDS})
            for row in self._rows("releases", "status = 'active'", order_by="released desc, slug")
            if row["slug"] not in self.hidden
        ]

    def withdrawn_releases(self) -> list[tuple[Release, str]]:
        """Withdrawn releases with the reason given, by slug."""
        return [(Release(**{k: row[k] or "" for k in _RELEASE_FIELDS}), row["status_note"] or "")
                for row in self._rows("releases", "status = 'withdrawn'", order_by="slug")
                if row["slug"] not in self.hidden]

    def withdraw_release(self, slug: str, note: str) -> None:
        with self.transaction():
            self._table("releases").update(slug, {"status": "withdrawn", "status_note": note})

    def restore_release(self, slug: str) -> None:
        """Undo a withdrawal: the release's permalinks answer again."""
        if self.release_status(slug) is None:
            raise NotFound(f"no release {slug!r}; `foia release list --all` shows the releases")
        with self.transaction():
            self._table("releases").update(slug, {"status": "active", "status_note": ""})

    # -- documents ----------------------------------------------------------

    def document_by_sha256(self, sha256: str) -> Document | None:
        rows = list(self._rows("documents", "sha256 = ?", [sha256]))
        return _document(rows[0]) if rows else None

    def converted_document(self, sha256: str) -> Document | None:
        """The document an office file (by SHA-256) became when converted to a PDF, if any."""
        rows = list(self._rows("documents", "converted_from = ?", [sha256], limit=1))
        return _document(rows[0]) if rows else None

    def documents_by_fingerprint(self, fingerprint: str) -> list[Document]:
        """Stored documents with these very pages that are no duplicates themselves, oldest first."""
        return [_document(row) for row in self._rows("documents", "fingerprint = ? and duplicate_of is null",
                                                     [fingerprint], order_by="ingested_at, id", limit=_MAX_ORIGINALS)]

    def document_by_id(self, document_id: str) -> Document | None:
        """A document, whatever its release's status (None when there is none)."""
        rows = list(self._rows("documents", "id = ?", [document_id]))
        return _document(rows[0]) if rows else None

    def documents_sharing_pages(self, release: str) -> list[Document]:
        """Every document with the very same pages as one of ``release``'s and another's (its own
        included), oldest first: the groups of copies a release's change of status may resettle."""
        return [_document(row) for row in self._rows(
            "documents", "fingerprint in (select d.fingerprint from documents d where d.release = ? and exists "
            "(select 1 from documents o where o.fingerprint = d.fingerprint and o.id != d.id))", [release],
            order_by="ingested_at, id")]

    def sent_in_documents(self, document_ids: Iterable[str]) -> list[tuple[str, str, str | None]]:
        """(email id, document id, sent) of every email of these documents: what
        ``archive.dates.printed_orders`` places an email's time by."""
        ids = sorted(set(document_ids))
        found: list[tuple[str, str, str | None]] = []
        for start in range(0, len(ids), 500):
            part = ids[start:start + 500]
            found += self.db.execute(f"select id, document_id, sent from emails where document_id in "  # noqa: S608
                                     f"({', '.join('?' for _ in part)})", part).fetchall()
        return found

    def set_duplicates(self, originals: dict[str, str | None]) -> None:
        """Mark each document a duplicate of its original (None: a document of its own), in one
        transaction."""
        with self.transaction():
            for document_id, original in originals.items():
                self._table("documents").update(document_id, {"duplicate_of": original})

    def documents_attached_to(self, sha256: str, release: str) -> list[Document]:
        """The documents of ``release`` a mail file's attachments became (their attachments' too)."""
        found: list[Document] = []
        parents = [sha256]
        while parents and len(found) < _MAX_ATTACHED:
            rows = list(self._rows("documents", f"release = ? and parent_sha256 in ({','.join('?' * len(parents))})",
                                   [release, *parents]))
            found += [_document(row) for row in rows]
            parents = [row["sha256"] for row in rows if row["sha256"] not in parents]
        return found

    def move_document(self, document_id: str, release: str, audit: dict[str, Any]) -> None:
        """A document, its emails, and the notes, tags, exhibit rows and alerts on them (by any id
        it was ever given), into ``release``, left to be indexed again, with its audit entry: one
        transaction."""
        pages = f"p:{document_id}:"
        with self.transaction():
            self._table("documents").update(document_id, {"release": release, "duplicate_of": None, "indexed": 0})
            self.db.execute("update emails set release = ? where document_id = ?", [release, document_id])
            for table in ("notes", "tags", "exhibits", "alerts"):
                self.db.execute(
                    f"update {table} set release = ? where target in "  # noqa: S608 (two table names)
                    "(select 'e:' || id from issued_ids where document_id = ?) or substr(target, 1, ?) = ?",
                    [release, document_id, len(pages), pages])
            self._table("audit").insert(audit)

    def document(self, document_id: str) -> Document:
        rows = list(self._rows("documents", "id = ?", [document_id]))
        if not rows or rows[0]["release"] in self.hidden:
            raise NotFound(f"no document {document_id!r}")
        return _document(rows[0])

    def documents(self, release: str | None = None) -> list[Document]:
        where, args = ("release = ?", [release]) if release else ("1", [])
        return [_document(r) for r in self._rows("documents", where, args, order_by="filename")
                if r["release"] not in self.hidden]

    def add_document(self, release: str, record: DocumentRecord, *, duplicate_of: str | None = None,
                     correction: dict[str, Any] | None = None, audit: dict[str, Any] | None = None) -> Document:
        """Store a document with its pages and emails in one transaction.

        Re-adding a document already present replaces its pages and emails (a
        re-split); every email id issued before stays in ``issued_ids``. People's
        corrections of this file are applied over the emails as they are written (the one
        place they are applied, so no re-split, repair or rebuild loses one); ``correction``
        (a structure correction the record was split with) and its ``audit`` entry are
        written in the same transaction.
        """
        doc_id = ids.document_id(record.sha256)
        now = _now()
        if len({(e.start_page, e.ordinal) for e in record.emails}) != len(record.emails):
            raise StoreError(
                f"{record.filename}: two emails were given the same position; this is a bug in "
                "the splitter, please report it with the file"
            )
        try:
            with self.transaction():
                if correction is not None:
                    self._table("corrections").insert(correction)
                    self._table("audit").insert(audit or {})
                corrections = self.corrections(doc_id)
                ordinals = self._ordinals_kept(doc_id, record.emails)
                emails = [replace(e, ordinal=ordinal) for e, ordinal in zip(record.emails, ordinals, strict=True)]
                email_ids = [ids.email_id(record.sha256, e.start_page, e.ordinal) for e in emails]
                corrections = placed(corrections, {email_id: (e.start_page, e.start_line)
                                                   for email_id, e in zip(email_ids, emails, strict=True)})
                # a re-split or a re-reading keeps when the document came in (which of two copies is
                # the original is decided by it: _settle_duplicates, documents_by_fingerprint)
                first = self.db.execute("select ingested_at from documents where id = ?", [doc_id]).fetchone()
                self._note_citations(doc_id, "")  # what they said before this archive kept a record
                self._table("emails").delete_where("document_id = ?", [doc_id])
                self._table("pages").delete_where("document_id = ?", [doc_id])
                self._table("attachments").delete_where("document_id = ?", [doc_id])
                row = {
                    "id": doc_id, "sha256": record.sha256, "release": release,
                    "filename": record.filename, "size": record.size,
                    "page_count": len(record.pages), "fingerprint": record.fingerprint,
                    "parent_sha256": record.parent_sha256, "duplicate_of": duplicate_of,
                    "indexed": 0, "ingested_at": first[0] if first and first[0] else now,
                    "media_type": None if record.media_type == PDF else record.media_type,
                }
                if record.converted_from:  # where a PDF came from never changes: a re-split keeps it
                    row["converted_from"] = record.converted_from
                self._table("documents").upsert(row, pk="id")
                self._table("pages").insert_all(
                    (
                        {
                            "document_id": doc_id, "number": p.number, "text": p.text,
                            "source": p.source, "ocr_confidence": p.ocr_confidence,
                            "bates": p.bates, "exemptions": json.dumps(list(p.exemptions)),
                            "kind": p.kind, "fingerprint": p.fingerprint, "words": p.words,
                            "scanned": int(p.scanned), "hidden": p.hidden, "hidden_boxes": p.hidden_boxes,
                        }
                        for p in record.pages
                    ),
                    batch_size=200,
                )
                self._table("emails").insert_all(
                    (_overlaid(_email_row(e, email_ids[i], doc_id, release,
                                          email_ids[e.parent] if e.parent is not None else None), corrections)
                     for i, e in enumerate(emails)),
                    batch_size=200,
                )
                self._table("attachments").insert_all(
                    ({"document_id": doc_id, "email_id": email_ids[a.message], "ordinal": a.ordinal,
                      "filename": a.filename, "content_type": a.content_type, "size": a.size,
                      "sha256": a.sha256, "inline": int(a.inline), "content_id": a.content_id,
                      "suffix": a.suffix} for a in record.attachments),
                )
                self._table("issued_ids").insert_all(
                    (
                        {"id": email_ids[i], "document_id": doc_id, "start_page": e.start_page,
                         "start_line": e.start_line, "ordinal": e.ordinal, "first_issued": now}
                        for i, e in enumerate(emails)
                    ),
                    ignore=True,
                )
                self._note_citations(doc_id, "corrected" if correction else "read again" if first else "ingested")
        except sqlite3.Error as exc:
            raise StoreError(
                f"{record.filename}: could not write to the archive database {self.path} ({exc}); "
                "nothing was stored for this file. Check free space and permissions, then ingest again"
            ) from exc
        return self.document(doc_id)

    def _ordinals_kept(self, doc_id: str, emails: Sequence[EmailRecord]) -> list[int]:
        """Each email's ordinal on its page, so that an id keeps naming the message it named: that of
        the email shown now with the same header (the machine's date, subject and sender) on its
        page, the nearest first, wherever its lines moved (a re-split, a page read again); else the
        one its position was first issued with; else the splitter's, where no id issued has it or
        the new email holds the first line of the email shown with it (read again, its header
        otherwise); else the first ordinal never issued on the page. (A better splitter finding a
        header above a published one numbered the new block 0, and the published permalink showed
        another message, the notes and tags on it too.)"""
        shown = [(row["start_page"], row["start_line"], row["ordinal"], _header_key(machine_values(row)))
                 for row in self._rows("emails", "document_id = ?", [doc_id])]
        issued: dict[tuple[int, int], int] = {}
        taken: set[tuple[int, int]] = set()
        for page, line, ordinal in self.db.execute(
                "select start_page, start_line, ordinal from issued_ids where document_id = ? "
                "order by first_issued, ordinal", [doc_id]):
            issued.setdefault((page, line), ordinal)
            taken.add((page, ordinal))
        kept: list[int | None] = [None] * len(emails)
        matched: set[int] = set()
        alike: dict[tuple[int, Any], list[int]] = {}
        for which, row in enumerate(shown):
            alike.setdefault((row[0], row[3]), []).append(which)
        pairs = sorted((abs(shown[which][1] - email.start_line), index, which)  # 1. the same header, nearest first
                       for index, email in enumerate(emails) if (key := _header_key(record_values(email))) is not None
                       for which in alike.get((email.start_page, key), ()))
        for _, index, which in pairs:
            if kept[index] is None and which not in matched:
                kept[index] = shown[which][2]
                matched.add(which)
        used = {(email.start_page, ordinal) for email, ordinal in zip(emails, kept, strict=True) if ordinal is not None}
        for index, email in enumerate(emails):  # 2. the same position
            ordinal = issued.get((email.start_page, email.start_line))
            if kept[index] is None and ordinal is not None and (email.start_page, ordinal) not in used:
                kept[index] = ordinal
                used.add((email.start_page, ordinal))
        numbered: dict[tuple[int, int], list[int]] = {}
        for which, row in enumerate(shown):
            numbered.setdefault((row[0], row[2]), []).append(which)
        for index, email in enumerate(emails):  # 3. the splitter's number, or a new one
            if kept[index] is not None:
                continue
            ordinal = email.ordinal
            while (email.start_page, ordinal) in used or ((email.start_page, ordinal) in taken and not _holds_first_line(
                    email, [shown[which] for which in numbered.get((email.start_page, ordinal), ()) if which not in matched])):
                ordinal += 1
            kept[index] = ordinal
            used.add((email.start_page, ordinal))
        return [ordinal for ordinal in kept if ordinal is not None]

    def attachments(self, email_id: str) -> list[Attachment]:
        """A native message's attachments in its order, each with the document it became (a PDF, or
        an office document converted to one), when this reader may read that document (the same
        file may stand in another release)."""
        rows = self.db.execute(
            "select a.*, coalesce(d.id, c.id) as ingested_as, coalesce(d.release, c.release) as ingested_in "
            "from attachments a left join documents d on d.sha256 = a.sha256 and d.release in "
            "(select slug from releases where status = 'active') left join documents c on "
            "c.converted_from = a.sha256 and c.release in (select slug from releases where status = 'active') "
            "where a.email_id = ? order by a.ordinal", [email_id])
        names = [column[0] for column in rows.description]
        found = []
        for values in rows:
            row = dict(zip(names, values, strict=True))
            found.append(Attachment(
                email_id=row["email_id"], ordinal=row["ordinal"], filename=row["filename"],
                content_type=row["content_type"], size=row["size"], sha256=row["sha256"],
                inline=bool(row["inline"]), content_id=row["content_id"] or "", suffix=row["suffix"],
                document_id=row["ingested_as"] if row["ingested_in"] not in self.hidden else None))
        return found

    def attached_to(self, sha256: str) -> list[Email]:
        """The native messages a file (by SHA-256) is attached to, in releases that stand and this
        reader may see."""
        rows = self._rows("emails", "id in (select email_id from attachments where sha256 = ?) and release in "
                          "(select slug from releases where status = 'active')", [sha256],
                          order_by="document_id, start_page")
        return [_email(row) for row in rows if row["release"] not in self.hidden]

    def setting(self, key: str, default: str = "") -> str:
        """An archive-wide setting (``default`` when unset, or in a database made before settings)."""
        try:
            row = self.db.execute("select value from settings where key = ?", [key]).fetchone()
        except sqlite3.OperationalError:  # no settings table: opened read-only before any write
            return default
        return str(row[0]) if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.db.conn:
            self.db.execute("insert or replace into settings (key, value) values (?, ?)", [key, value])

    def mark_indexed(self, document_id: str, indexed: bool = True) -> None:
        with self.transaction():
            self._table("documents").update(document_id, {"indexed": int(indexed)})

    def unindexed_documents(self) -> list[Document]:
        return [_document(r) for r in self._rows("documents", "indexed = 0")]

    # -- pages and emails ---------------------------------------------------------

    def page(self, document_id: str, number: int) -> Page:
        rows = list(self._rows("pages", "document_id = ? and number = ?", [document_id, number]))
        if not rows or self._release_of(document_id) in self.hidden:
            raise NotFound(f"no page {number} in document {document_id!r}")
        return _page(rows[0], self._release_of(document_id))

    def pages(self, document_id: str, first: int = 1, last: int | None = None) -> list[Page]:
        """The document's pages held, from ``first`` to ``last`` (the end when None)."""
        release = self._release_of(document_id)  # once, not per page
        return [_page(r, release) for r in self._rows(
            "pages", "document_id = ? and number between ? and ?",
            [document_id, first, last if last is not None else 2**62], order_by="number")]

    def _release_of(self, document_id: str) -> str:
        row = self.db.execute("select release from documents where id = ?", [document_id]).fetchone()
        return str(row[0]) if row else ""

    def email(self, email_id: str) -> Email:
        rows = list(self._rows("emails", "id = ?", [email_id]))
        if not rows or rows[0]["release"] in self.hidden:
            raise NotFound(f"no email {email_id!r}")
        return _email(rows[0])

    def emails(self, email_ids: list[str]) -> dict[str, Email]:
        """Several emails at once, by id (missing ids are left out)."""
        found: dict[str, Email] = {}
        for start in range(0, len(email_ids), 500):
            chunk = email_ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._rows("emails", f"id in ({marks})", chunk):
                if row["release"] not in self.hidden:
                    found[row["id"]] = _email(row)
        return found

    def file_names(self, document_ids: Iterable[str]) -> dict[str, str]:
        """Each document's file name, by id (missing ids left out)."""
        ids_ = sorted(set(document_ids))
        found: dict[str, str] = {}
        for start in range(0, len(ids_), 500):
            chunk = ids_[start:start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"select id, filename from documents where id in ({marks})"  # noqa: S608 - placeholders only
            found.update(self.db.execute(sql, chunk).fetchall())
        return found

    def release_readings(self, release: str) -> Iterator[ReleaseReading]:
        """What the machine read in each email of the release's documents that are not duplicates
        (where people corrected a field, the machine's value kept beside theirs): its sender, To
        and Cc parties, its subject, whether its first page was read from a scan, and its
        doubts. What ``ingest.release_names`` learns the release's correspondents from."""
        sql = ("select e.document_id, e.sender, e.recipients_to, e.recipients_cc, e.subject, e.machine, e.doubts, "
               "coalesce(p.scanned, 0) from emails e "
               "join documents d on d.id = e.document_id and d.duplicate_of is null "
               "left join pages p on p.document_id = e.document_id and p.number = e.start_page "
               "where e.release = ?")
        for document_id, sender, to, cc, subject, machine, doubts, scanned in self.db.execute(sql, [release]):
            read = {"sender": _parties(sender), "to": _parties(to), "cc": _parties(cc)}
            kept = json.loads(machine) if machine else {}
            for name, value in kept.items():
                if name in read:
                    read[name] = _parties(json.dumps([value] if name == "sender" else value) if value else None)
            subject = (kept["subject"] or {}).get("subject", "") if "subject" in kept else subject or ""
            yield ReleaseReading(document_id, read, subject, bool(scanned), _strings(doubts))

    def stamps_like(self, release: str, pattern: str, *, limit: int = -1) -> list[str]:
        """Distinct page stamps of ``release`` matching the SQL LIKE ``pattern`` (``\\`` escapes),
        at most ``limit`` of them (-1: all)."""
        return [row[0] for row in self.db.execute(
            "select distinct p.bates from pages p join documents d on d.id = p.document_id "
            "where d.release = ? and d.duplicate_of is null and p.bates like ? escape '\\' limit ?",
            [release, pattern, limit])]

    def unstamped_documents(self, release: str) -> list[str]:
        """The PDFs of ``release`` (copies aside) no page of which a stamp was read on."""
        return [row[0] for row in self.db.execute(
            "select d.id from documents d where d.release = ? and d.duplicate_of is null and d.media_type is null "
            "and not exists (select 1 from pages p where p.document_id = d.id and p.bates is not null) order by d.id",
            [release])]

    def stamp_prefixes(self, release: str, least: int) -> list[tuple[str, int, int]]:
        """The stamp prefixes of ``release``'s pages (a stamp without its last digits) printed on
        ``least`` pages at least, each with the fewest and most digits it prints."""
        return [(row[0], int(row[1]), int(row[2])) for row in self.db.execute(
            "select prefix, min(digits), max(digits) from (select rtrim(p.bates, '0123456789') as prefix, "
            "length(p.bates) - length(rtrim(p.bates, '0123456789')) as digits from pages p "
            "join documents d on d.id = p.document_id where d.release = ? and d.duplicate_of is null "
            "and p.bates is not null) where prefix != '' group by prefix having count(*) >= ? order by prefix",
            [release, least])]

    def stamps_by_document(self, release: str, pattern: str) -> dict[str, list[str | None]]:
        """The page stamps, in page order, of each document of ``release`` that has a stamp
        matching the SQL LIKE ``pattern``."""
        rows = self.db.execute(
            "select p.document_id, p.bates from pages p where p.document_id in (select distinct q.document_id "
            "from pages q join documents d on d.id = q.document_id where d.release = ? and d.duplicate_of is null "
            "and q.bates like ?) order by p.document_id, p.number", [release, pattern])
        found: dict[str, list[str | None]] = {}
        for document_id, bates in rows:
            found.setdefault(document_id, []).append(bates)
        return found

    def emails_in_document(self, document_id: str) -> list[Email]:
        return [_email(r) for r in self._rows("emails",
            "document_id = ?", [document_id], order_by="start_page, start_line")]

    def neighbours(self, email: Email) -> tuple[Email | None, Email | None, int | None, int]:
        """The top-level emails before and after ``email`` in its document, its position among
        them (None for a quoted copy) and their number, read from the index on position."""
        count = int(self.db.execute("select count(*) from emails where document_id = ? and quoted = 0",
                                    [email.document_id]).fetchone()[0])
        if email.quoted:
            return None, None, None, count
        top = "document_id = ? and quoted = 0"
        at = [email.document_id, email.start_page, email.start_line]
        position = int(self.db.execute("select count(*) from emails where document_id = ? and quoted = 0 "
                                       "and (start_page, start_line) < (?, ?)", at).fetchone()[0])
        previous = next(self._rows("emails", top + " and (start_page, start_line) < (?, ?)", at,
                                   order_by="start_page desc, start_line desc", limit=1), None)
        following = next(self._rows("emails", top + " and (start_page, start_line) > (?, ?)", at,
                                    order_by="start_page, start_line", limit=1), None)
        return (_email(previous) if previous else None, _email(following) if following else None,
                position, count)

    def quoted_in(self, email_id: str) -> list[Email]:
        return [_email(r) for r in self._rows("emails", "parent_id = ?", [email_id],
                                                                    order_by="start_page, start_line")]

    def resolve_email(self, email_id: str) -> tuple[Email, bool]:
        """The email an id names, and whether the id has moved (a retired id).

        A retired id names the position its header block had; it now resolves
        to the email covering that position in the same document.
        """
        rows = list(self._rows("emails", "id = ?", [email_id]))
        if rows and rows[0]["release"] in self.hidden:
            raise NotFound(f"no email {email_id!r}")
        if rows:
            email = _email(rows[0])
            self._check_release_active(email.release)
            return email, False
        issued = list(self._rows("issued_ids", "id = ?", [email_id]))
        if not issued:
            raise NotFound(f"no email {email_id!r}")
        pos = issued[0]
        doc = list(self._rows("documents", "id = ?", [pos["document_id"]]))
        if doc and doc[0]["release"] in self.hidden:
            raise NotFound(f"no email {email_id!r}")
        if not doc:
            raise Gone(f"email {email_id!r} was in a document that has been removed from the archive")
        self._check_release_active(doc[0]["release"])
        covering = self.db.execute(
            """select id from emails where document_id = :doc and quoted = 0
               and (start_page < :page or (start_page = :page and start_line <= :line))
               and (end_page > :page or (end_page = :page and end_line > :line))
               order by start_page desc, start_line desc limit 1""",
            {"doc": pos["document_id"], "page": pos["start_page"], "line": pos["start_line"]},
        ).fetchone()
        if covering is None:
            raise NotEmail(f"email {email_id!r} no longer names an email: its pages are not email "
                           f"(document {pos['document_id']}, page {pos['start_page']})",
                           pos["document_id"], int(pos["start_page"]))
        return self.email(covering[0]), True

    def _check_release_active(self, slug: str) -> None:
        status = self.release_status(slug)
        if status and status[0] == "withdrawn":
            raise Gone(f"release {slug!r} was withdrawn: {status[1] or 'no reason given'}")

    def bates_lookup(self, number: str) -> tuple[str, int, str] | None:
        """(document id, page, the stamp as printed) of the page stamped with this Bates number,
        in any case, or written without its leading zeros or with spaces for hyphens
        ("DEA-MSFT-125", "dea msft 000125"), as citations' ranges and people write them; the
        first stored where several pages carry it (``bates_pages`` lists them)."""
        found = self.bates_pages(number)
        return found[0][:3] if found else None

    def bates_pages(self, number: str) -> list[tuple[str, int, str, str]]:
        """Every page stamped with this Bates number (spelled as ``bates_lookup`` reads it), as
        (document id, page, stamp as printed, release), in the releases that stand."""
        found = self._stamped(number)  # as printed, the usual case: no other spelling is looked for
        if not found:
            for _, spelling in self._stamp_spellings(number):
                if found := self._stamped(spelling):
                    break
        return found

    def _stamped(self, stamp: str) -> list[tuple[str, int, str, str]]:
        # a release withdrawn and produced again carries the same stamps: the production that
        # stands is the page the number names (a withdrawn one only when no other has it: 410)
        rows = [row for row in self.db.execute(
                "select p.document_id, p.number, p.bates, d.release, coalesce(r.status, 'active') = 'withdrawn' "
                "from pages p join documents d on d.id = p.document_id left join releases r on r.slug = d.release "
                "where p.bates = ? collate nocase and d.duplicate_of is null "
                "order by coalesce(r.status, 'active') = 'withdrawn', d.id, p.number", [stamp])
                if row[3] not in self.hidden]  # (by document: a correction stores its pages again, new rowids)
        standing = [row for row in rows if not row[4]]
        return [(doc, number, printed, release) for doc, number, printed, release, _ in (standing or rows[:1])]

    def bates_nearest(self, number: str) -> tuple[str | None, str | None]:
        """The stamps just before and just after ``number`` in its prefix's sequence, on pages
        this reader may see: where a Bates number that is on no page falls."""
        spellings = self._stamp_spellings(number)
        if not spellings:
            return None, None
        prefix, spelling = spellings[0]
        sides: list[str | None] = []
        for query in _STAMP_BEFORE, _STAMP_AFTER:
            rows = self.db.execute(query, [spelling, prefix, prefix + "\uffff"])
            sides.append(next((stamp for stamp, release in rows
                               if release not in self.hidden and (rest := bates_parts(stamp[len(prefix):]))
                               and not rest[0]), None))  # (a number after the prefix, and any suffix)
        return sides[0], sides[1]

    def _stamp_spellings(self, number: str) -> list[tuple[str, str]]:
        """(prefix, stamp): ``number`` written as the stamps with its prefix are printed (digits
        padded to their width, its separators as the stamps': spaces, hyphens or none for
        hyphens, "STATE SCB 45847" or "STATESCB0045847" for "STATE-SCB-0045847"); none when no
        stamp has it. The spellings people type most are tried first; every way of separating
        the prefix's letters only when none of them reads as a stamp."""
        typed = bates_parts(number.strip()) or bates_parts(number.strip().upper())  # (a suffix typed small)
        if typed is None:
            return []
        return (self._spelled(typed[1], typed_prefixes(typed[0]), typed[2])
                or self._spelled(typed[1], separated_prefixes(typed[0], self._begins_a_stamp), typed[2]))

    def _spelled(self, digits: str, prefixes: list[str], suffix: str) -> list[tuple[str, str]]:
        spellings = []
        for prefix in prefixes:
            for (stamp,) in self.db.execute(
                    "select bates from pages where bates >= ? collate nocase and bates < ? collate nocase "
                    "order by bates collate nocase limit 20", [prefix, prefix + "\uffff"]):
                spelled = respell_bates(digits, stamp, len(prefix))
                if spelled is not None and suffix and not spelled.upper().endswith(suffix.upper()):
                    continue  # (a suffix typed is the stamp's: "HBR-24-R" names no "-S" stamp)
                if spelled is not None:
                    spellings.append((stamp[:stamp_prefix_length(stamp, len(prefix))], spelled))
                    break
        return spellings

    def _begins_a_stamp(self, prefix: str) -> bool:
        return self.db.execute("select 1 from pages where bates >= ? collate nocase and bates < ? collate nocase "
                               "limit 1", [prefix, prefix + "\uffff"]).fetchone() is not None

    def email_covering(self, document_id: str, page: int) -> Email | None:
        row = self.db.execute(
            """select id from emails where document_id = ? and quoted = 0
               and start_page <= ? and end_page >= ? order by start_page, start_line limit 1""",
            [document_id, page, page],
        ).fetchone()
        return self.email(row[0]) if row else None

    def emails_covering(self, document_id: str, page: int) -> list[Email]:
        """Every top-level email printed on a document page, in the order printed."""
        rows = self.db.execute(
            """select id from emails where document_id = ? and quoted = 0
               and start_page <= ? and end_page >= ? order by start_page, start_line""",
            [document_id, page, page],
        ).fetchall()
        return [self.email(row[0]) for row in rows]

    def iter_emails(self, batch: int = 500) -> Iterator[Email]:
        """All emails in a stable order, fetched in batches (bounded memory)."""
        last = ""
        while True:
            rows = list(self._rows("emails", "id > ?", [last], order_by="id", limit=batch))
            if not rows:
                return
            for row in rows:
                yield _email(row)
            last = rows[-1]["id"]

    def spans_on_page(self, document_id: str, number: int) -> list[tuple[int, int | None, bool]]:
        """The lines of a page its emails hold, as (first, end, top: not a quoted copy), end None
        for to the page's end (as the index reads them: ``Archive._entries_for``)."""
        return [(start_line if start_page == number else 0, end_line if end_page == number else None, not quoted)
                for start_page, start_line, end_page, end_line, quoted in self.db.execute(
                    "select start_page, start_line, end_page, end_line, quoted from emails "
                    "where document_id = ? and start_page <= ? and end_page >= ?", [document_id, number, number])]

    def iter_loose_pages(self, document_id: str | None = None) -> Iterator[Page]:
        """Pages that belong to no email (cover letters, memos, withheld pages)."""
        sql = """select p.*, d.release from pages p join documents d on d.id = p.document_id
                 where d.duplicate_of is null and not exists (
                   select 1 from emails e where e.document_id = p.document_id and e.quoted = 0
                   and e.start_page <= p.number and e.end_page >= p.number)"""
        args: list[Any] = []
        if document_id:
            sql += " and p.document_id = ?"
            args.append(document_id)
        cursor = self.db.execute(sql + " order by p.document_id, p.number", args)
        columns = [d[0] for d in cursor.description]
        for values in cursor:
            row = dict(zip(columns, values, strict=True))
            yield _page(row, row.pop("release"))

    # -- questions the pages ask -------------------------------------------------

    def release_stats(self, slug: str) -> ReleaseStats:
        """Counts, date span and emails per month of one release (duplicates left out)."""
        documents, pages = self.db.execute(
            "select count(*), coalesce(sum(page_count), 0) from documents "
            "where release = ? and duplicate_of is null", [slug]).fetchone()
        ocr_pages, scanned_pages = (self.db.execute(
            "select count(*) from pages p join documents d on d.id = p.document_id "  # noqa: S608
            f"where d.release = ? and d.duplicate_of is null and {which}", [slug]).fetchone()[0]
            for which in ("p.source = 'ocr'", SCANNED_PAGE))  # (each from its partial index, m026 and m037)
        emails, first, last = self.db.execute(
            f"select count(*), min(sent), max(sent) from emails where release = ? and {COUNTED_EMAILS}",  # noqa: S608
            [slug]).fetchone()
        quoted = self.db.execute(f"select count(*) from emails where release = ? and {QUOTED_COPIES}",  # noqa: S608
                                 [slug]).fetchone()[0]
        months = tuple(
            (month or "", count) for month, count in self.db.execute(
                f"select substr(sent, 1, 7) as month, count(*) from emails where release = ? and "  # noqa: S608
                f"{COUNTED_EMAILS} group by month order by month", [slug])
        )
        return ReleaseStats(documents, pages, ocr_pages, emails, first, last, months, quoted, scanned_pages)

    def production_pages(self, slug: str) -> Iterator[PageRow]:
        """Every page of a release (duplicate files left out) with its stamp and kind, in reading
        order, for :func:`archive.production.completeness`."""
        self.release(slug)  # NotFound for a release this reader may not see
        for doc_id, filename, number, bates, kind, hidden, hidden_boxes, sheet in self.db.execute(
                "select d.id, d.filename, p.number, p.bates, p.kind, p.hidden, p.hidden_boxes, "
                "case when p.kind = 'deleted' then p.text end from pages p "
                "join documents d on d.id = p.document_id where d.release = ? and d.duplicate_of is null "
                "order by d.rowid, p.number", [slug]):
            yield PageRow(doc_id, filename, number, bates, kind or "", hidden or 0, hidden_boxes or 0,
                          sheet_pages(sheet) if sheet else 0)

    def letter_pages(self, slug: str, limit: int = 50) -> list[tuple[PageRow, str]]:
        """The release's cover-letter pages with their text (the first ``limit``)."""
        self.release(slug)
        return [(PageRow(doc_id, filename, number, bates, "cover-letter"), text or "")
                for doc_id, filename, number, bates, text in self.db.execute(
                    "select d.id, d.filename, p.number, p.bates, p.text from pages p "
                    "join documents d on d.id = p.document_id where d.release = ? and d.duplicate_of is null "
                    "and p.kind = 'cover-letter' order by d.rowid, p.number limit ?", [slug, limit])]

    def same_subject_anywhere(self, normalized_subject: str, limit: int,
                              keep: Callable[[str, tuple[Party, ...]], bool] | None = None,
                              near: str | None = None) -> list[Email]:
        """Emails and quoted copies of every release this reader may see with this thread key
        (duplicate documents left out), oldest first: of those whose id and parties (sender, To,
        Cc, Bcc) ``keep`` accepts, ``limit // 2`` printed before ``near`` (a sent time; undated
        records count as before) and the rest from it on, more on one side where the other has
        fewer; without ``near``, the oldest. Before and after are by the time as printed (a
        record printed in another zone within a day of ``near`` may fall on the other side).
        Each record is judged before the rest of it is read (a common thread key's records, each
        read whole, were most of an email page's work), at most ``SUBJECT_SCAN`` on each side:
        a thread key printed on tens of thousands of records (a daily report's subject) costs a
        bounded read, and the records kept are the ones printed around the email, not the
        archive's oldest."""
        def kept(clauses: tuple[str, str], *args: str, scan: int = SUBJECT_SCAN) -> tuple[list[str], int]:
            rows = self._thread_rows(normalized_subject, clauses, args, scan)
            return [row[0] for row in rows if keep is None or keep(
                row[0], _parties(row[2])[:1] + _parties(row[3]) + _parties(row[4]) + _parties(row[5]))], len(rows)

        if near is None:
            chosen = kept(_THREAD_OLDEST)[0][:limit]
        else:
            before, read = kept(_THREAD_BEFORE, near)
            if read < SUBJECT_SCAN:  # undated records come before every dated one
                before += kept(_THREAD_UNDATED, scan=SUBJECT_SCAN - read)[0]
            after = kept(_THREAD_AFTER, near)[0]
            earlier = min(len(before), max(limit - len(after), limit // 2))
            chosen = before[:earlier][::-1] + after[:limit - earlier]
        found = self.emails(chosen)
        return [found[i] for i in chosen if i in found]

    def _thread_rows(self, normalized_subject: str, clauses: tuple[str, str], args: Sequence[str],
                     scan: int) -> list[tuple[Any, ...]]:
        """Up to ``scan`` records of a thread key this reader may see (id, release and parties),
        ``clauses`` one of the ``_THREAD_*`` pairs (a bound on ``sent``, an order the index
        of m028 hands over: never built from a value)."""
        bound, order = clauses
        hidden = sorted(self.hidden)
        sql = ("select id, release, sender, recipients_to, recipients_cc, recipients_bcc from emails "  # noqa: S608
               f"where normalized_subject = ? {bound} and {LIVE_DOCUMENT} "
               "and release in (select slug from releases where status = 'active') "
               f"and release not in ({','.join('?' * len(hidden))}) order by {order} limit ?")
        return list(self.db.execute(sql, [normalized_subject, *args, *hidden, scan]))

    def emails_with_ocr_pages(self, email_ids: list[str]) -> set[str]:
        """Which of these emails have at least one page read from a scan (OCR's here, or the
        producer's OCR layer: ``SCANNED_PAGE``)."""
        found: set[str] = set()
        for start in range(0, len(email_ids), 500):
            chunk = email_ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(row[0] for row in self.db.execute(
                f"""select distinct e.id from emails e join pages p on p.document_id = e.document_id
                    and p.number between e.start_page and e.end_page
                    where {SCANNED_PAGE} and e.id in ({marks})""", chunk))  # noqa: S608
        return found

    # -- copies of one message (m021_message_copies) ---------------------------------------------

    def _has_copies(self) -> bool:
        return bool(self._has_table("message_copies"))

    def copy_candidates(self, minutes: Sequence[str], subjects: Sequence[str], limit: int) -> list[Email]:
        """Emails (not of duplicate documents) printed at one of these minutes ("YYYY-MM-DDTHH:MM"),
        or undated with one of these normalised subjects: where a new email's copies may be; at
        most ``limit`` for each."""
        found: dict[str, Email] = {}
        for minute in dict.fromkeys(minutes):
            for row in self._rows("emails", f"substr(sent, 1, 16) = ? and {LIVE_DOCUMENT}", [minute], limit=limit):
                found[row["id"]] = _email(row)
        for subject in dict.fromkeys(subjects):
            for row in self._rows("emails", f"normalized_subject = ? and (sent is null or length(sent) < 16) and {LIVE_DOCUMENT}",
                                  [subject], limit=limit):
                found[row["id"]] = _email(row)
        return list(found.values())

    def copy_groups(self, email_ids: Sequence[str]) -> dict[str, str]:
        """The group of each of these emails that is a copy of a message printed elsewhere."""
        if not self._has_copies():
            return {}
        found: dict[str, str] = {}
        for start in range(0, len(email_ids), 500):
            chunk = list(email_ids[start:start + 500])
            marks = ",".join("?" * len(chunk))
            found.update(self.db.execute(
                f"select email_id, group_id from message_copies where email_id in ({marks}) "  # noqa: S608
                f"or group_id in (select group_id from message_copies where email_id in ({marks}))",
                chunk + chunk).fetchall())
        return found

    def save_copy_groups(self, rows: Sequence[tuple[str, str, str]], forget: Sequence[str]) -> None:
        """Write (email, group, step) rows, after forgetting what was known of ``forget`` (the
        emails just compared again), in one transaction."""
        with self.transaction():
            for start in range(0, len(forget), 500):
                chunk = list(forget[start:start + 500])
                self.db.execute(f"delete from message_copies where email_id in ({','.join('?' * len(chunk))})",  # noqa: S608
                                chunk)
            self._table("message_copies").upsert_all(
                ({"email_id": e, "group_id": g, "step": step} for e, g, step in rows), pk="email_id")

    def landing_order(self, document_ids: Sequence[str]) -> dict[str, int]:
        """The order these documents were first stored in (a re-split keeps a document's place)."""
        marks = ",".join("?" * len(document_ids))
        return dict(self.db.execute(f"select id, rowid from documents where id in ({marks})",  # noqa: S608
                                    list(document_ids)).fetchall())

    def copies_of(self, email_id: str) -> list[tuple[Email, str]]:
        """The other copies of this email's message (each with the step that joined it) in
        releases this reader may see and that stand, in reading order."""
        if not self._has_copies():
            return []
        rows = self.db.execute(
            """select e.*, c.step as copy_step from message_copies c join emails e on e.id = c.email_id
               join releases r on r.slug = e.release
               where c.group_id = (select group_id from message_copies where email_id = ?) and e.id != ?
               and r.status = 'active'
               and e.document_id not in (select id from documents where duplicate_of is not null)
               order by e.release, e.document_id, e.start_page, e.start_line""", [email_id, email_id])
        names = [c[0] for c in rows.description]
        found = []
        for values in rows:
            row = dict(zip(names, values, strict=True))
            if row["release"] not in self.hidden:
                found.append((_email(row), str(row.pop("copy_step"))))
        return found

    def copies_corrected(self, release: str) -> dict[str, tuple[tuple[str, bool], ...]]:
        """A release's emails whose message a person corrected on another copy (one this reader
        may see), with the fields that copy reads otherwise (``corrections.corrected_on_copy``),
        each with whether a person gave this email's too (two people's readings disagree)."""
        if not self._has_copies() or release in self.hidden:
            return {}
        cursor = self.db.execute(
            """select e.id, e.sender, e.recipients_to, e.recipients_cc, e.sent, e.sent_raw, e.date_certainty,
                      e.subject, e.normalized_subject, e.exemptions, e.machine, o.sender as o_sender, o.recipients_to as o_recipients_to, o.recipients_cc as o_recipients_cc,
                      o.sent as o_sent, o.sent_raw as o_sent_raw, o.date_certainty as o_date_certainty,
                      o.subject as o_subject, o.normalized_subject as o_normalized_subject,
                      o.exemptions as o_exemptions, o.machine as o_machine, o.release as o_release
               from emails e join message_copies c on c.email_id = e.id
               join message_copies oc on oc.group_id = c.group_id and oc.email_id != e.id
               join emails o on o.id = oc.email_id join releases r on r.slug = o.release
               where e.release = ? and o.machine is not null and r.status = 'active'""", [release])
        names = [c[0] for c in cursor.description]
        found: dict[str, set[tuple[str, bool]]] = {}
        for values in cursor:
            row = dict(zip(names, values, strict=True))
            if row["o_release"] in self.hidden:
                continue
            other = {name[2:]: value for name, value in row.items() if name.startswith("o_")}
            for disputed in (False, True):
                fields = corrected_on_copy(field_values(row), field_values(other), here_gave=_people_gave(row),
                                           theirs_gave=_people_gave(other), disputed=disputed)
                found.setdefault(row["id"], set()).update((name, disputed) for name in fields)
        return {email_id: tuple(sorted(fields)) for email_id, fields in found.items() if fields}

    def copy_counts(self, email_ids: Sequence[str]) -> dict[str, int]:
        """How many other copies each of these emails' messages has that this reader may see."""
        counts: dict[str, int] = {}
        if not self._has_copies():
            return counts
        hidden = list(self.hidden)
        for start in range(0, len(email_ids), 500):
            chunk = list(email_ids[start:start + 500])
            marks = ",".join("?" * len(chunk))
            counts.update(self.db.execute(
                f"""select c.email_id, count(o.email_id) from message_copies c
                    join message_copies o on o.group_id = c.group_id and o.email_id != c.email_id
                    join emails e on e.id = o.email_id join releases r on r.slug = e.release
                    where c.email_id in ({marks}) and r.status = 'active'
                    and r.slug not in ({','.join('?' * len(hidden))})
                    group by c.email_id""", chunk + hidden).fetchall())  # noqa: S608
        return counts

    def copy_pairs(self) -> tuple[tuple[str, str], ...]:
        """(copy, the copy its group folds into in search) for every copy that is not its group's;
        read again only when the database changed (every search asks), and the same tuple
        until then, so what a search derives from it is derived once."""
        version = (self.db.execute("pragma data_version").fetchone()[0], self.db.conn.total_changes)
        if self._copy_pairs is not None and self._copy_pairs[0] == version:
            return self._copy_pairs[1]
        pairs = tuple((a, b) for a, b in self.db.execute(
            "select email_id, group_id from message_copies where email_id != group_id")) if self._has_copies() else ()
        if self._copy_pairs is not None and self._copy_pairs[1] == pairs:
            pairs = self._copy_pairs[1]  # another change: the same pairs, the same tuple
        self._copy_pairs = (version, pairs)
        return pairs

    def copy_pairs_seen(self) -> tuple[tuple[str, str], ...]:
        """``copy_pairs`` for a reader some releases are hidden from: a group whose first printing
        is hidden folds into its first printing this reader may see (the copies of a message whose
        first printing a restricted release holds stayed apart, which said it was there)."""
        if not self.hidden:
            return self.copy_pairs()
        groups: dict[str, list[str]] = {}
        seen = ("select c.group_id, c.email_id from message_copies c join emails e on e.id = c.email_id "  # noqa: S608
                f"where e.release not in ({','.join('?' * len(self.hidden))}) order by c.group_id, "
                "c.email_id != c.group_id, e.rowid")  # the group's own first printing, else the first stored
        if self._has_copies():
            for group, email_id in self.db.execute(seen, sorted(self.hidden)):
                groups.setdefault(group, []).append(email_id)
        return tuple((email_id, members[0]) for members in groups.values() for email_id in members[1:])

    def dates_read_either_way(self) -> tuple[tuple[str, str, str, str], ...]:
        """(email id, release, date, its other reading) of every email whose printed date names its
        day and month either way ("03/04/2018", ``archive.dates.other_reading``): what a date
        search finds under the reading the index does not hold. Read again only when the
        database changed (every dated search asks)."""
        version = (self.db.execute("pragma data_version").fetchone()[0], self.db.conn.total_changes)
        if self._either_way is None or self._either_way[0] != version:
            # the words printed: a person's once a person gave the date (``_sent_printed``)
            printed = ", sent_printed" if "sent_printed" in self.db["emails"].columns_dict else ""
            rows = self.db.query(f"select id, release, sent, sent_raw, date_certainty, machine{printed} "  # noqa: S608
                                 "from emails where date_certainty = 'ambiguous'")
            found = tuple((row["id"], row["release"], row["sent"], other) for row in rows
                          if (other := other_reading(row["sent"] or "", _printed_words(row))))
            self._either_way = (version, found)
        return tuple(row for row in self._either_way[1] if row[1] not in self.hidden)

    def emails_past_pages(self) -> dict[str, list[tuple[str, int]]]:
        """By document id, its emails (id, last page) that end past its page count (a PDF's:
        native mail has no pages)."""
        past: dict[str, list[tuple[str, int]]] = {}
        for doc_id, email_id, end in self.db.execute(
                """select e.document_id, e.id, e.end_page from emails e join documents d
                   on d.id = e.document_id where e.end_page > d.page_count and coalesce(e.native, '') = ''
                   order by e.document_id, e.end_page"""):
            past.setdefault(doc_id, []).append((email_id, end))
        return past

    def counts(self) -> dict[str, int]:
        """The whole archive's figures, named as `foia verify` prints them. "emails" is what the
        site counts (COUNTED_EMAILS); quoted copies and duplicates are counted apart."""
        def one(sql: str) -> int:
            return int(self.db.execute(sql).fetchone()[0])

        return {
            "releases": one("select count(*) from releases"),
            "withdrawn releases": one("select count(*) from releases where status = 'withdrawn'"),
            "documents": one("select count(*) from documents"),
            "duplicate documents": one("select count(*) from documents where duplicate_of is not null"),
            "pages": one("select count(*) from pages"),
            "emails": one(f"select count(*) from emails where {COUNTED_EMAILS}"),  # noqa: S608
            "quoted copies": one(f"select count(*) from emails where {QUOTED_COPIES}"),  # noqa: S608
        }

    # -- context articles and quote links (migration m002_contexts) ------------------------------

    def _has_contexts(self) -> bool:
        # A read-only handle on an archive last written before m002 has no such tables yet.
        return self._has_table("contexts")

    def save_article(self, article: Article, quotes: Sequence[QuoteLink], *, replaces: str | None = None,
                     audit: dict[str, Any] | None = None) -> Article:
        """Store an article and its quote links; the same id again replaces both, and so does
        another id named by ``replaces`` (removed in the same transaction as ``audit`` is appended)."""
        now = _now()
        row = {f.name: getattr(article, f.name) for f in fields(Article)}
        with self.transaction():
            if replaces and replaces != article.id:
                self._table("context_quotes").delete_where("context_id = ?", [replaces])
                self._table("contexts").delete_where("id = ? and release = ?", [replaces, article.release])
            if audit:
                self._table("audit").insert(audit)
            existing = list(self._rows("contexts", "id = ?", [article.id]))
            row["added_at"] = existing[0]["added_at"] if existing else now
            row["updated_at"] = now
            self._table("contexts").upsert(row, pk="id")
            self._table("context_quotes").delete_where("context_id = ?", [article.id])
            self._table("context_quotes").insert_all(
                {"context_id": article.id, "ordinal": q.ordinal, "block": q.block,
                 "parts": json.dumps([list(p) for p in q.parts]), "text": q.text, "email_id": q.email_id,
                 "document_id": q.document_id, "page": q.page, "score": q.score, "method": q.method}
                for q in quotes
            )
        return self.article(article.id)

    def article(self, article_id: str) -> Article:
        rows = list(self._rows("contexts", "id = ?", [article_id])) if self._has_contexts() else []
        if not rows:
            raise NotFound(f"no context article {article_id!r}")
        return _article(rows[0])

    def articles(self, release: str) -> list[Article]:
        """A release's context articles, oldest publication first."""
        if not self._has_contexts():
            return []
        return [_article(r) for r in self._rows("contexts",
            "release = ?", [release], order_by="published, added_at, id")]

    def article_quotes(self, article_id: str) -> list[QuoteLink]:
        if not self._has_contexts():
            return []
        return [_quote_link(r) for r in self._rows("context_quotes",
            "context_id = ?", [article_id], order_by="ordinal")]

    def articles_quoting(self, email_id: str) -> list[tuple[Article, QuoteLink]]:
        """The articles that quote an email, with each quotation linked to it."""
        if not self._has_contexts():
            return []
        found = []
        for row in self._rows("context_quotes", "email_id = ?", [email_id],
                                                            order_by="context_id, ordinal"):
            found.append((self.article(row["context_id"]), _quote_link(row)))
        return found

    def quote_sources(self, release: str) -> list[Source]:
        """Every email of a release as text a quotation can be found in (with page texts)."""
        rows = self.db.execute(
            """select e.id, e.document_id, e.start_page, e.end_page, e.quoted, e.sent, e.subject, e.body,
                      e.parent_id
               from emails e join documents d on d.id = e.document_id
               where e.release = ? and d.duplicate_of is null and e.quoted = 0
               order by e.document_id, e.start_page, e.start_line""", [release]).fetchall()
        sources = []
        for email_id, doc_id, start, end, quoted, sent, subject, body, parent_id in rows:
            pages: tuple[tuple[int, str], ...] = ()
            if end > start:
                pages = tuple((p.number, p.text) for p in self.pages(doc_id, start, end))
            sources.append(Source(email_id, doc_id, start, f"{subject or ''}\n{body or ''}", bool(quoted),
                                  sent, pages, parent_id))
        return sources

    def release_exemptions(self, release: str) -> list[tuple[str, int, int]]:
        """(code, emails, pages) for each exemption code used in a release, most used first."""
        emails: dict[str, set[str]] = {}
        pages: dict[str, set[tuple[str, int]]] = {}
        for email_id, codes in self.db.execute(
                f"select id, exemptions from emails where release = ? and {COUNTED_EMAILS}",  # noqa: S608
                [release]):
            for code in _strings(codes):
                emails.setdefault(code, set()).add(email_id)
        for doc_id, number, codes in self.db.execute(
                """select p.document_id, p.number, p.exemptions from pages p
                   join documents d on d.id = p.document_id
                   where d.release = ? and d.duplicate_of is null and p.kind != 'cover-letter'""", [release]):
            # (a cover letter's codes are those it explains: it withholds nothing under them)
            for code in _strings(codes):
                pages.setdefault(code, set()).add((doc_id, number))
        codes = set(emails) | set(pages)
        counted = [(c, len(emails.get(c, ())), len(pages.get(c, ()))) for c in codes]
        return sorted(counted, key=lambda item: (-item[1], -item[2], item[0]))

    def agency_exemption_use(self, agency: str) -> list[tuple[Release, int, dict[str, int]]]:
        """For each active release of ``agency`` this reader may see, oldest first: (release,
        emails, emails withholding under each code) — how the agency's use of each exemption
        moved from one production to the next."""
        used = []
        for release in sorted((r for r in self.releases() if r.agency == agency), key=lambda r: (r.released, r.slug)):
            (emails,) = self.db.execute(
                f"select count(*) from emails where release = ? and {COUNTED_EMAILS}", [release.slug]).fetchone()  # noqa: S608
            codes = dict(self.db.execute(
                f"select j.value, count(*) from emails e, json_each(e.exemptions) j "  # noqa: S608
                f"where e.release = ? and {COUNTED_EMAILS} group by j.value", [release.slug]).fetchall())
            used.append((release, emails, codes))
        return used

    def release_correspondents(self, release: str) -> dict[str, tuple[Party, int, int]]:
        """Each named party of a release's emails: (party, emails sent, emails received), by key."""
        people: dict[str, tuple[Party, int, int]] = {}

        def count(party: Party, sent: int, received: int) -> None:
            key = (party.address or " ".join(party.name.split())).lower()
            if not key:
                return  # wholly redacted: not a correspondent one can name
            known, s, r = people.get(key, (party, 0, 0))
            if not known.name and party.name:
                known = party
            people[key] = (known, s + sent, r + received)

        for sender, to, cc, bcc in self.db.execute(
                "select sender, recipients_to, recipients_cc, recipients_bcc from emails "  # noqa: S608
                f"where release = ? and {COUNTED_EMAILS}", [release]):
            for party in _parties(sender):
                count(party, 1, 0)
            received = {(p.address or p.name).lower(): p for p in (*_parties(to), *_parties(cc), *_parties(bcc))}
            for party in received.values():
                count(party, 0, 1)
        _fold_names_into_addresses(people)
        return people


# a withdrawn release's stamps are not named beside a number on no page (its pages answer 410)
_STAMPS_AROUND = ("select p.bates, d.release from pages p join documents d on d.id = p.document_id "
                  "join releases r on r.slug = d.release and r.status = 'active' "
                  "where p.bates {} ? collate nocase and p.bates >= ? collate nocase and p.bates < ? "
                  "collate nocase order by p.bates collate nocase {} limit 50")
# (a bound on sent, an order) of a thread key's records: each a range of m028's index
_THREAD_OLDEST = ("", "sent, id")
_THREAD_BEFORE = ("and sent < ?", "sent desc, id desc")
_THREAD_UNDATED = ("and sent is null", "id desc")
_THREAD_AFTER = ("and sent >= ?", "sent, id")
_STAMP_BEFORE = _STAMPS_AROUND.format("<", "desc")
_STAMP_AFTER = _STAMPS_AROUND.format(">", "asc")


_FOLD_DOMINANCE = 2  # an address printed with a name this many times as often as another is the name's


def _fold_names_into_addresses(people: dict[str, tuple[Party, int, int]]) -> None:
    """One person printed by address and by name alone ("Roe, Jane") is one correspondent:
    the name alone is the address it is printed with, or the one it is printed with
    ``_FOLD_DOMINANCE`` times as often as with any other (two accounts of a name printed about
    as often stay apart, and the name alone too). Addresses are never folded into one another:
    two people of one name at two agencies (``jsmith@`` at each) are two, and so is an address
    OCR misread (the release's mending reads those)."""
    def total(key: str) -> int:
        return people[key][1] + people[key][2]

    with_address: dict[str, list[str]] = {}
    name_alone: dict[str, list[str]] = {}
    for key, (party, _, _) in people.items():
        if party.name:
            (with_address if party.address else name_alone).setdefault(_name_key(party.name), []).append(key)
    for name, alone in name_alone.items():
        keys = sorted(with_address.get(name, ()), key=lambda k: (-total(k), k))
        if keys and (len(keys) == 1 or total(keys[0]) >= _FOLD_DOMINANCE * total(keys[1])):
            for key in alone:
                known, sent, received = people[keys[0]]
                people[keys[0]] = (known, sent + people[key][1], received + people[key][2])
                del people[key]


def _name_key(name: str) -> str:
    """A person's name compared across emails: "Roe, Jane" and "Jane  Roe" are one."""
    name = " ".join(name.lower().split())
    last, comma, first = name.partition(",")
    return f"{first.strip()} {last.strip()}" if comma and first.strip() and "," not in first else name


def _document(row: dict[str, Any]) -> Document:
    return Document(
        id=row["id"], sha256=row["sha256"], release=row["release"], filename=row["filename"],
        size=row["size"], page_count=row["page_count"], fingerprint=row["fingerprint"],
        parent_sha256=row["parent_sha256"], duplicate_of=row["duplicate_of"],
        indexed=bool(row["indexed"]), ingested_at=row["ingested_at"],
        media_type=row.get("media_type") or PDF, converted_from=row.get("converted_from"),
    )


def _page(row: dict[str, Any], release: str) -> Page:
    return Page(
        number=row["number"], text=row["text"] or "", source=row["source"],
        ocr_confidence=row["ocr_confidence"], bates=row["bates"],
        exemptions=_strings(row["exemptions"]), kind=row["kind"],
        fingerprint=row["fingerprint"], words=row["words"],
        scanned=bool(row["scanned"]) if row.get("scanned") is not None else row["source"] == "ocr",
        hidden=row.get("hidden") or 0, hidden_boxes=row.get("hidden_boxes") or 0,
        document_id=row["document_id"], release=release,
    )


def _email_row(e: EmailRecord, email_id: str, doc_id: str, release: str, parent_id: str | None) -> dict[str, Any]:
    return {
        "id": email_id, "document_id": doc_id, "release": release,
        "start_page": e.start_page, "start_line": e.start_line,
        "end_page": e.end_page, "end_line": e.end_line, "ordinal": e.ordinal,
        "kind": e.kind, "quoted": int(e.quoted), "parent_id": parent_id,
        "sender_name": e.sender.name if e.sender else "",
        "sender_address": e.sender.address if e.sender else "",
        "sender": _parties_json((e.sender,)) if e.sender else None,
        "recipients_to": _parties_json(e.to), "recipients_cc": _parties_json(e.cc),
        "recipients_bcc": _parties_json(e.bcc),
        "sent": e.sent, "sent_raw": e.sent_raw, "date_certainty": e.date_certainty,
        "subject": e.subject, "normalized_subject": e.normalized_subject, "body": e.body,
        "exemptions": json.dumps(list(e.exemptions)), "attachments": json.dumps(list(e.attachments)),
        "bates_start": e.bates_start, "bates_end": e.bates_end,
        "machine": None, "reviewed": "", "disagreements": None, "sent_printed": None,
        "doubts": json.dumps(list(e.doubts)) if e.doubts else None,
        "message_id": e.message_id or None, "in_reply_to": e.in_reply_to or None,
        "references": " ".join(e.references) or None, "native": e.native or None,
        "folder": e.folder or None,
    }


def _machine_doubts(row: dict[str, Any]) -> tuple[str, ...]:
    """What ingest was unsure of in an email row, less the fields people set since (their values,
    kept apart from the machine's in ``machine``, are no longer the machine's reading)."""
    recorded = _strings(row.get("doubts"))
    if not recorded or not row.get("machine"):
        return recorded
    people = json.loads(row["machine"])
    return tuple(code for code in recorded if DOUBT_CODES.get(code, ("",))[0] not in people)


def _people_gave(row: dict[str, Any]) -> tuple[str, ...]:
    """The fields of an email row whose values people gave other than the machine's (a field a
    person checked as read is the machine's reading still, and so is a date whose day and time
    they left as read, saying only how sure it is)."""
    if not row.get("machine"):
        return ()
    shown = field_values(row)

    def gave(name: str, value: Any) -> bool:
        if name == "date":
            return not same_moment((value or {}).get("sent") or "", (shown[name] or {}).get("sent") or "")
        return not same(value, shown[name])
    return tuple(sorted(name for name, value in json.loads(row["machine"]).items() if name in shown and gave(name, value)))


def _date_supplied(row: dict[str, Any]) -> bool:
    """Whether a person gave an email's date as no reading of its page: the machine read none, or
    the person's day is neither the machine's nor the other reading of the printed numbers
    ("07/08/2013" read as 7 August: a person reading 8 July reads the page), and they gave no
    printed words. A clock set otherwise on the day the page prints is the page's date read again."""
    person, printed = row.get("sent") or "", _sent_printed(row)
    if not person or printed or not row.get("machine"):
        return False
    kept = json.loads(row["machine"])
    if "date" not in kept:
        return False  # (the date stands as the machine read it)
    read = (kept["date"] or {}).get("sent") or ""
    return not read or _day_where_read(person, read) not in (
        read[:10], other_reading(read, row.get("sent_raw") or "")[:10])


def _day_where_read(person: str, read: str) -> str:
    """The day of a person's date in the zone the machine's reading carries, when both carry one
    (the same moment typed in another zone can fall on the next day there), else as typed."""
    try:
        typed, machine = datetime.fromisoformat(person), datetime.fromisoformat(read)
    except ValueError:
        return person[:10]
    if typed.tzinfo is None or machine.tzinfo is None:
        return person[:10]
    return typed.astimezone(machine.tzinfo).date().isoformat()


def _email(row: dict[str, Any]) -> Email:
    sender = _parties(row["sender"])
    return Email(
        start_page=row["start_page"], start_line=row["start_line"],
        end_page=row["end_page"], end_line=row["end_line"], ordinal=row["ordinal"],
        kind=row["kind"], quoted=bool(row["quoted"]), parent=None,
        sender=sender[0] if sender else None,
        to=_parties(row["recipients_to"]), cc=_parties(row["recipients_cc"]),
        bcc=_parties(row["recipients_bcc"]),
        sent=row["sent"], sent_raw=row["sent_raw"] or "", date_certainty=row["date_certainty"],
        subject=row["subject"] or "", normalized_subject=row["normalized_subject"] or "",
        body=row["body"] or "", exemptions=_strings(row["exemptions"]),
        attachments=_strings(row["attachments"]),
        bates_start=row["bates_start"], bates_end=row["bates_end"],
        id=row["id"], document_id=row["document_id"], release=row["release"],
        parent_id=row["parent_id"], reviewed=row.get("reviewed") or "", sent_printed=_sent_printed(row),
        doubts=_machine_doubts(row), people_gave=_people_gave(row), date_supplied=_date_supplied(row),
        message_id=row.get("message_id") or "", in_reply_to=row.get("in_reply_to") or "",
        references=tuple((row.get("references") or "").split()), native=row.get("native") or "",
        folder=row.get("folder") or "",
    )


# -- context articles (issue 6) ---------------------------------------------------------------


@migrations()
def m002_contexts(db: sqlite_utils.Database) -> None:
    # An article's id derives from its release and URL (or title): re-adding it updates it.
    db["contexts"].create(  # type: ignore[union-attr]
        {"id": str, "release": str, "title": str, "outlet": str, "author": str, "published": str,
         "url": str, "body": str, "source_format": str, "added_at": str, "updated_at": str},
        pk="id",
        foreign_keys=[("release", "releases", "slug")],
    )
    db["contexts"].create_index(["release"])  # type: ignore[union-attr]
    # Emails are not foreign keys here: a re-split may retire an id; `foia context add` relinks.
    db["context_quotes"].create(  # type: ignore[union-attr]
        {"context_id": str, "ordinal": int, "block": int, "parts": str, "text": str, "email_id": str,
         "document_id": str, "page": int, "score": float, "method": str},
        pk=("context_id", "ordinal"),
        foreign_keys=[("context_id", "contexts", "id")],
    )
    db["context_quotes"].create_index(["email_id"])  # type: ignore[union-attr]


@migrations()
def m003_bates_any_case(db: sqlite_utils.Database) -> None:
    """Bates lookups ignore case: an index in that collation (the lookup scanned every page)."""
    db.execute("create index if not exists idx_pages_bates_nocase on pages (bates collate nocase)")


def _article(row: dict[str, Any]) -> Article:
    return Article(**{f.name: row[f.name] or "" for f in fields(Article)})


def _quote_link(row: dict[str, Any]) -> QuoteLink:
    return QuoteLink(
        ordinal=row["ordinal"], block=row["block"], parts=tuple((int(a), int(b)) for a, b in json.loads(row["parts"])),
        text=row["text"] or "", email_id=row["email_id"], document_id=row["document_id"], page=row["page"],
        score=row["score"] or 0.0, method=row["method"] or "none",
    )


# -- accounts and the audit trail (issue 15) ---------------------------------------------------


@migrations()
def m004_accounts(db: sqlite_utils.Database) -> None:
    db["users"].create(  # type: ignore[union-attr]
        {"email": str, "role": str, "active": int, "password_hash": str, "session_version": int,
         "created_at": str},
        pk="email", defaults={"active": 1, "session_version": 0},
    )
    # One-time links: only the SHA-256 of a link's token is kept.
    db["tokens"].create(  # type: ignore[union-attr]
        {"digest": str, "email": str, "purpose": str, "expires_at": str, "used_at": str},
        pk="digest", foreign_keys=[("email", "users", "email")],
    )
    db.execute("""create table audit (id integer primary key autoincrement, at text not null,
                  actor text not null, action text not null, target text not null, details text not null)""")
    db.execute("create index idx_audit_target on audit (target)")
    for verb in ("update", "delete"):  # append-only, whoever holds the database handle
        db.execute(f"create trigger audit_no_{verb} before {verb} on audit "
                   "begin select raise(abort, 'the audit trail is append-only'); end")
    # The key that signs session cookies, shared by every server process of this archive.
    db["settings"].create({"key": str, "value": str}, pk="key", if_not_exists=True)  # type: ignore[union-attr]
    db["settings"].insert({"key": "session_secret", "value": secrets.token_hex(32)}, ignore=True)  # type: ignore[union-attr]


@migrations()
def m005_release_access(db: sqlite_utils.Database) -> None:
    """A release with rows here is restricted: only those people, members of those groups, and
    admins read it (archive/accounts.py). People are accounts' addresses; groups are names."""
    db["release_access"].create(  # type: ignore[union-attr]
        {"release": str, "kind": str, "name": str}, pk=("release", "kind", "name"),
        foreign_keys=[("release", "releases", "slug")],
    )
    db["group_members"].create({"group_name": str, "email": str}, pk=("group_name", "email"))  # type: ignore[union-attr]
    db["group_members"].create_index(["email"])  # type: ignore[union-attr]


@migrations()
def m006_batches(db: sqlite_utils.Database) -> None:
    """The ingest queue: uploaded batches and their files (archive/batches.py)."""
    db["batches"].create(  # type: ignore[union-attr]
        {"id": str, "release": str, "created_by": str, "created_at": str, "status": str, "started_at": str,
         "finished_at": str, "total_pages": int, "done_pages": int, "ocr_pages": int, "current": str,
         "attempts": int, "article_title": str, "article_url": str, "article_text": str, "message": str},
        pk="id", defaults={"started_at": "", "finished_at": "", "total_pages": 0, "done_pages": 0,
                           "ocr_pages": 0, "current": "", "attempts": 0, "message": ""},
    )
    db["batches"].create_index(["status", "created_at"])  # type: ignore[union-attr]
    db["batch_files"].create(  # type: ignore[union-attr]
        {"batch_id": str, "ordinal": int, "name": str, "stored_name": str, "size": int, "status": str,
         "message": str, "pages": int, "ocr_pages": int, "emails": int, "document_id": str},
        pk=("batch_id", "ordinal"), foreign_keys=[("batch_id", "batches", "id")],
        defaults={"message": "", "pages": 0, "ocr_pages": 0, "emails": 0},
    )


@migrations()
def m007_audit_chain(db: sqlite_utils.Database) -> None:
    """Every audit entry sealed (archive/audit.py): a trigger writes the SHA-256 of the previous
    entry's seal and the entry's fields, whatever code appends it; the entries already there are
    sealed now. Records older than this are not asked for an entry (``audit_checked_since``)."""
    db.execute("create table audit_chain (id integer primary key references audit (id), digest text not null)")
    previous: str | None = None
    for row in db.execute("select id, at, actor, action, target, details from audit order by id").fetchall():
        previous = chain_digest(previous, *row)
        db.execute("insert into audit_chain (id, digest) values (?, ?)", [row[0], previous])
    for verb in ("update", "delete"):
        db.execute(f"create trigger audit_chain_no_{verb} before {verb} on audit_chain "
                   "begin select raise(abort, 'the audit trail is append-only'); end")
    db.execute("""create trigger audit_seal after insert on audit begin
                  insert into audit_chain (id, digest) values (new.id, foia_audit_seal(
                      (select digest from audit_chain order by id desc limit 1),
                      new.id, new.at, new.actor, new.action, new.target, new.details));
                  end""")
    db["settings"].insert({"key": "audit_checked_since", "value": _now()}, replace=True)  # type: ignore[union-attr]


# -- people's corrections (issue 16, archive/corrections.py) ----------------------------------


@migrations()
def m016_corrections(db: sqlite_utils.Database) -> None:
    """Corrections by people, append-only like the audit trail, keyed to positions in the original
    file; each email row keeps the machine's values of the fields people set (``machine``), whether
    a person checked or corrected it, and the fields whose new machine reading disagrees."""
    db.execute("""create table corrections (id integer primary key autoincrement, at text not null,
                  actor text not null, document_id text not null, document_sha256 text not null,
                  page integer not null, line integer not null, action text not null,
                  email_id text not null, value text not null, machine text not null)""")
    db.execute("create index idx_corrections_position on corrections (document_id, page, line)")
    for verb in ("update", "delete"):
        db.execute(f"create trigger corrections_no_{verb} before {verb} on corrections "
                   "begin select raise(abort, 'corrections are append-only: add a later one'); end")
    db["emails"].add_column("machine", str)  # type: ignore[union-attr]
    db["emails"].add_column("reviewed", str, not_null_default="")  # type: ignore[union-attr]
    db["emails"].add_column("disagreements", str)  # type: ignore[union-attr]
    db["emails"].add_column("doubts", str)  # type: ignore[union-attr]
    db["emails"].create_index(["release", "reviewed"])  # type: ignore[union-attr]
    db["pages"].add_column("scanned", int)  # type: ignore[union-attr]


@migrations()
def m018_issued_ids_by_document(db: sqlite_utils.Database) -> None:
    """The ids a document's emails ever had, found by document (the email page asks on every view
    which retired ids now resolve to its email: a scan of every id issued, ~9 ms at 100k emails)."""
    db.execute("create index if not exists idx_issued_ids_document on issued_ids (document_id)")


# -- native mail (issue 18) -------------------------------------------------------------------


@migrations()
def m019_native_mail(db: sqlite_utils.Database) -> None:
    """Native mail: a document's media type (NULL for a PDF), a message's own Message-ID,
    In-Reply-To and References and its media type (``native``; all NULL for printed email), and the files attached to a message,
    kept in the file store by SHA-256."""
    db["documents"].add_column("media_type", str)  # type: ignore[union-attr]
    db["emails"].add_column("message_id", str)  # type: ignore[union-attr]
    db["emails"].add_column("in_reply_to", str)  # type: ignore[union-attr]
    db["emails"].add_column("references", str)  # type: ignore[union-attr]
    db["emails"].add_column("native", str)  # type: ignore[union-attr]
    db["emails"].create_index(["message_id"])  # type: ignore[union-attr]
    db["attachments"].create(  # type: ignore[union-attr]
        {"document_id": str, "email_id": str, "ordinal": int, "filename": str, "content_type": str,
         "size": int, "sha256": str, "inline": int, "content_id": str, "suffix": str},
        pk=("email_id", "ordinal"),
        foreign_keys=[("document_id", "documents", "id")],
    )
    db["attachments"].create_index(["document_id"])  # type: ignore[union-attr]
    db["attachments"].create_index(["sha256"])  # type: ignore[union-attr]


# -- the site at a million emails (issue 20) ---------------------------------------------------


@migrations()
def m026_lookups_at_scale(db: sqlite_utils.Database) -> None:
    """Two lookups every page view makes, answered from small indexes rather than the tables:
    the duplicate documents (COUNTED_EMAILS and every clause leaving out a duplicate's emails
    ask for them in each statement: a scan of every document), and the pages read by OCR (the
    search page's marks on scanned hits read each hit's page rows, text and all)."""
    db.execute("create index if not exists idx_documents_duplicates on documents (id) where duplicate_of is not null")
    db.execute("create index if not exists idx_pages_ocr on pages (document_id, number) where source = 'ocr'")


# -- copies of one message (issue 18, ingest/same_message.py) ----------------------------------


@migrations()
def m021_message_copies(db: sqlite_utils.Database) -> None:
    """Copies of one message: each email of a group of two or more printings (or native copies)
    of one message, with its group's id (the id of the copy that stands for it in search) and
    the step of the matcher that joined it. Emails are not foreign keys: a re-split replaces
    a document's emails, and a row whose email is gone is never read (joined on emails)."""
    db["message_copies"].create(  # type: ignore[union-attr]
        {"email_id": str, "group_id": str, "step": str}, pk="email_id", if_not_exists=True)
    db["message_copies"].create_index(["group_id"], if_not_exists=True)  # type: ignore[union-attr]
    # candidates for a new email's copies are found by the minute printed (a blocking key)
    db.execute("create index if not exists idx_emails_minute on emails (substr(sent, 1, 16))")


# -- Outlook data files (issue 18, ingest/pst.py) ----------------------------------------------


@migrations()
def m023_mail_folders(db: sqlite_utils.Database) -> None:
    """The folder of an Outlook data file (.pst, .ost) a native message sits in ("Inbox/Projects";
    NULL for every other email): part of where it is cited."""
    db["emails"].add_column("folder", str)  # type: ignore[union-attr]


# -- office documents attached to mail, converted to PDF (issue 18, ingest/office.py) -----------


@migrations()
def m027_converted_documents(db: sqlite_utils.Database) -> None:
    """A document converted to a PDF from an office file (Word, Excel, …) attached to a message:
    the office file's SHA-256 (NULL for every other document), by which its attachment row
    finds it and a second ingest of the same file finds it done."""
    db["documents"].add_column("converted_from", str)  # type: ignore[union-attr]
    db["documents"].create_index(["converted_from"], if_not_exists=True)  # type: ignore[union-attr]


@migrations()
def m028_thread_key_in_date_order(db: sqlite_utils.Database) -> None:
    """An email page reads the records of its thread key printed around it, in date order
    (``same_subject_anywhere``): an index that hands them over in that order, so a key printed
    on tens of thousands of records is read to the bound, not sorted whole first."""
    db.execute("create index if not exists idx_emails_thread_key_sent on emails (normalized_subject, sent, id)")


@migrations()
def m029_thread_key_indexes_folded(db: sqlite_utils.Database) -> None:
    """m028's index reads a thread key in date order; the key's own index (m001) is a prefix of
    it, and m001c's (release, key, quoted, sent) served a lookup no page makes any more: each
    was only written at every insert."""
    db.execute("drop index if exists idx_emails_normalized_subject")
    db.execute("drop index if exists idx_emails_release_normalized_subject_quoted_sent")


@migrations()
def m030_upload_original_names(db: sqlite_utils.Database) -> None:
    """An uploaded file's name as it was sent (archive/batches.py ``Received.original_name``): what
    its document records and citations print, while the file waits under its safe name. Files
    queued before it have none: their documents take the safe name, as they did."""
    db["batch_files"].add_column("original_name", str, not_null_default="")  # type: ignore[union-attr]


@migrations()
def m031_words_under_boxes(db: sqlite_utils.Database) -> None:
    """How many characters each page's text layer holds under dark boxes drawn over them (words
    the page does not show, left out of its text: ``ingest.pdf.dark_covers``), and how many such
    boxes are drawn over an image of the page that still prints under them: counted so the
    production check can name the files whose redactions anyone can undo. Pages stored before
    were not looked at: NULL."""
    db["pages"].add_column("hidden", int)  # type: ignore[union-attr]
    db["pages"].add_column("hidden_boxes", int)  # type: ignore[union-attr]


@migrations()
def m035_dates_as_people_print_them(db: sqlite_utils.Database) -> None:
    """The words a person says the page prints for an email's date (``Email.sent_printed``), kept
    beside the machine's reading of them (``sent_raw``), so a citation of a date a person gave
    never quotes what OCR read. Dates people gave before: "" (their words were not kept; the
    machine's, which may be noise or say another date, are not theirs); dates people only
    confirmed as the machine read them: NULL, the machine's words stand."""
    db["emails"].add_column("sent_printed", str)  # type: ignore[union-attr]
    if not db["corrections"].exists():
        return
    rows = db.execute("""select id, document_id, start_page, start_line from emails
                         where machine is not null and json_extract(machine, '$.date') is not null""").fetchall()
    for email_id, document_id, page, line in rows:
        cursor = db.execute("select * from corrections where document_id = ? and page = ? and line = ? "
                            "order by id", [document_id, page, line])
        names = [column[0] for column in cursor.description]
        people = person_values(_correction(dict(zip(names, found, strict=True))) for found in cursor)
        if "date" in people:
            db.execute("update emails set sent_printed = ? where id = ?",
                       [people["date"].value.get("printed"), email_id])


@migrations()
def m036_dates_read_either_way(db: sqlite_utils.Database) -> None:
    """An index of the emails whose printed date reads either way (day and month), which every
    dated search reads (``Store.dates_read_either_way``): a few rows, never the whole table."""
    db.execute("create index if not exists emails_dates_either_way on emails(date_certainty) "
               "where date_certainty = 'ambiguous'")


@migrations()
def m037_pages_read_from_scans(db: sqlite_utils.Database) -> None:
    """The pages read from a scan, OCR'd here or by the producer's layer (``SCANNED_PAGE``): the
    search page marks its hits on them from this index, never each hit's page rows, text and all."""
    db.execute("create index if not exists idx_pages_scanned on pages (document_id, number) "
               "where source = 'ocr' or scanned = 1")


@migrations()
def m038_citation_history(db: sqlite_utils.Database) -> None:
    """What each email's citation said since when (``Store._note_citations``): a permalink cited
    years ago shows what it named then. Emails ingested before keep their reading of now, sinceless,
    recorded when their document is next written."""
    db["citation_history"].create(  # type: ignore[union-attr]
        {"email_id": str, "seq": int, "since": str, "cause": str, "cited": str, "subject": str},
        pk=("email_id", "seq"), if_not_exists=True)
