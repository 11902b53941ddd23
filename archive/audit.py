"""Checking the audit trail: its hash chain, and its agreement with the records it describes.

Every entry is sealed when it is written (a trigger in the database, ``store.m007_audit_chain``):
its digest is the SHA-256 of the previous entry's digest and its own fields, so an entry changed
afterwards, or one taken out of the middle, breaks the chain from there on; entries taken off the
end show as ids the database issued and no longer holds. The chain catches a hand edit or a
recovered database, not someone who rewrites every digest after it: for that, keep the head
digest `foia verify` prints somewhere else, and compare.

    chain_digest(previous, id, at, actor, action, target, details)   one entry's seal
    audit_problems(trail, records)   what `foia verify` reports: broken seals, missing entries,
                                     records no entry accounts for, entries naming no record
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

REMEDY_TAMPERED = ("the audit trail is append-only and cannot be repaired: restore archive.db from a backup "
                   "or snapshot taken before the change, and find out who changed it")
REMEDY_UNRECORDED = ("it was changed outside the archive's commands and site (a hand edit of archive.db?): "
                     "find out who changed it; the trail records only what `foia` and the site do")
USER_ACTIONS = ("user.add", "user.role", "user.disable", "user.enable", "user.password-link", "user.password-set")
RELEASE_ACTIONS = ("release.save", "release.withdraw", "release.restore", "release.restrict", "release.open",
                   "context.save")


def chain_digest(previous: str | None, entry_id: int, at: str, actor: str, action: str, target: str,
                 details: str) -> str:
    """The seal of one entry: SHA-256 over the previous seal and this entry's fields."""
    fields = [previous or "", entry_id, at, actor, action, target, details]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SealedEntry:
    id: int
    at: str
    actor: str
    action: str
    target: str
    details: str  # as stored (JSON text)
    digest: str | None  # None: no seal was written for it

    def data(self) -> dict[str, Any]:
        try:
            found = json.loads(self.details)
        except ValueError:
            return {}
        return found if isinstance(found, dict) else {}


@dataclass
class Records:
    """What the audit trail describes, as the database holds it now."""

    since: str  # records created before the trail was checked (an older archive) need no entry
    highest_id: int  # the highest entry id the database ever issued
    users: dict[str, dict[str, Any]] = field(default_factory=dict)  # email -> role, active, created_at
    releases: dict[str, dict[str, Any]] = field(default_factory=dict)  # slug -> status, created_at
    access: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # slug -> people, groups
    members: set[tuple[str, str]] = field(default_factory=set)  # (group, email)
    batches: dict[str, str] = field(default_factory=dict)  # id -> created_at


@dataclass
class TrailCheck:
    entries: int = 0
    head: str = ""  # the newest entry's seal
    problems: list[str] = field(default_factory=list)


def check_trail(trail: Iterable[SealedEntry], records: Records) -> TrailCheck:
    """Is the chain whole, and does the trail account for the records (and only for real ones)?"""
    check = TrailCheck()
    entries = list(trail)
    check.entries = len(entries)
    check.problems += _chain_problems(entries, records.highest_id)
    check.head = entries[-1].digest or "" if entries else ""
    check.problems += _record_problems(entries, records)
    return check


def _chain_problems(entries: list[SealedEntry], highest_id: int) -> list[str]:
    if entries and entries[0].id != 1:
        return [f"audit entries 1 to {entries[0].id - 1} are missing (the start of the trail); {REMEDY_TAMPERED}"]
    previous: str | None = None
    expected_id = 1
    for entry in entries:
        if entry.id != expected_id:
            return [f"audit entries {expected_id} to {entry.id - 1} are missing (removed from the middle of "
                    f"the trail); {REMEDY_TAMPERED}"]
        seal = chain_digest(previous, entry.id, entry.at, entry.actor, entry.action, entry.target, entry.details)
        if entry.digest != seal:
            what = "has no seal" if entry.digest is None else "was changed after it was written"
            return [f"audit entry {entry.id} ({entry.at} {entry.action} {entry.target or '-'}) {what}, so the "
                    f"chain is broken from there on; {REMEDY_TAMPERED}"]
        previous, expected_id = entry.digest, entry.id + 1
    last = entries[-1].id if entries else 0
    if highest_id > last:
        return [f"audit entries {last + 1} to {highest_id} are missing (the newest entries were removed); "
                f"{REMEDY_TAMPERED}"]
    return []


def _latest(entries: list[SealedEntry], actions: tuple[str, ...]) -> dict[str, SealedEntry]:
    """Each target's newest entry among ``actions``."""
    found: dict[str, SealedEntry] = {}
    for entry in entries:
        if entry.action in actions:
            found[entry.target] = entry
    return found


def _record_problems(entries: list[SealedEntry], records: Records) -> list[str]:
    """Records whose state differs from what the trail last recorded, or (created since the
    trail began) that no entry records creating, then entries naming nothing."""
    return [*_account_problems(entries, records), *_release_problems(entries, records),
            *_membership_problems(entries, records), *_batch_problems(entries, records),
            *_dangling(entries, records)]


def _recent(records: Records, created_at: str | None) -> bool:
    """Created since the trail began (older records were never audited)."""
    return bool(created_at) and str(created_at) >= records.since


def _account_problems(entries: list[SealedEntry], records: Records) -> Iterator[str]:
    added = _latest(entries, ("user.add",))
    roles = _latest(entries, ("user.add", "user.role"))
    states = _latest(entries, ("user.disable", "user.enable"))
    for email, user in sorted(records.users.items()):
        if email not in added:
            if _recent(records, user["created_at"]):
                yield (f"account {email} has no audit entry recording its creation (user.add); "
                       f"{REMEDY_UNRECORDED}")
            continue
        entry = roles[email]
        recorded_role = entry.data().get("role" if entry.action == "user.add" else "after")
        if recorded_role != user["role"]:
            yield (f"account {email} has the role {user['role']!r} but the audit trail last recorded "
                   f"{recorded_role!r} ({entry.action} at {entry.at}); {REMEDY_UNRECORDED}")
        recorded_active = email not in states or states[email].action == "user.enable"
        if recorded_active != bool(user["active"]):
            shown = "active" if user["active"] else "disabled"
            yield f"account {email} is {shown} but the audit trail says otherwise; {REMEDY_UNRECORDED}"


def _release_problems(entries: list[SealedEntry], records: Records) -> Iterator[str]:
    saved = _latest(entries, ("release.save",))
    withdrawals = _latest(entries, ("release.withdraw", "release.restore"))
    access = _latest(entries, ("release.restrict", "release.open"))
    for slug, release in sorted(records.releases.items()):
        if slug not in saved and _recent(records, release["created_at"]):
            yield (f"release {slug} has no audit entry recording its creation (release.save); "
                   f"{REMEDY_UNRECORDED}")
        last = withdrawals.get(slug)
        withdrawn = release["status"] == "withdrawn"
        if (last is None and withdrawn and _recent(records, release["created_at"])) or (
                last is not None and withdrawn != (last.action == "release.withdraw")):
            yield (f"release {slug} is {release['status']} but the audit trail "
                   f"{'last recorded ' + last.action if last else 'has no withdrawal'}; {REMEDY_UNRECORDED}")
        rows = records.access.get(slug)
        recorded = access[slug].data().get("after") if slug in access else None
        if _access(rows) != _access(recorded):  # every change of access is audited (m005 on)
            yield (f"release {slug} is readable by {_shown(rows)} but the audit trail last recorded "
                   f"{_shown(recorded)}; {REMEDY_UNRECORDED}")


def _membership_problems(entries: list[SealedEntry], records: Records) -> Iterator[str]:
    membership: dict[tuple[str, str], SealedEntry] = {}
    for entry in entries:
        if entry.action in ("group.add", "group.remove"):
            membership[(str(entry.data().get("group", "")), entry.target)] = entry
    for key in sorted(records.members | set(membership)):
        recorded_member = key in membership and membership[key].action == "group.add"
        if recorded_member != (key in records.members):
            yield (f"{key[1]} is {'in' if key in records.members else 'not in'} group {key[0]} but the "
                   f"audit trail says otherwise; {REMEDY_UNRECORDED}")


def _batch_problems(entries: list[SealedEntry], records: Records) -> Iterator[str]:
    created = {str(e.data().get("batch", "")): e for e in entries if e.action == "batch.create"}
    for batch_id, created_at in sorted(records.batches.items()):
        if batch_id not in created and _recent(records, created_at):
            yield (f"batch {batch_id} has no audit entry recording its upload (batch.create); "
                   f"{REMEDY_UNRECORDED}")


def _dangling(entries: list[SealedEntry], records: Records) -> list[str]:
    """Entries naming a record the database does not hold (records are never deleted)."""
    problems: list[str] = []
    seen: set[tuple[str, str]] = set()
    for entry in entries:
        if entry.action in USER_ACTIONS and entry.target not in records.users:
            kind, name = "account", entry.target
        elif entry.action in RELEASE_ACTIONS and entry.target not in records.releases:
            kind, name = "release", entry.target
        elif entry.action == "batch.create" and str(entry.data().get("batch", "")) not in records.batches:
            kind, name = "batch", str(entry.data().get("batch", ""))
        else:
            continue
        if (kind, name) not in seen:
            seen.add((kind, name))
            problems.append(f"audit entry {entry.id} ({entry.at} {entry.action}) names {kind} {name!r}, which the "
                            f"database does not hold (removed by hand?); {REMEDY_UNRECORDED}")
    return problems


def _access(value: dict[str, list[str]] | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if not value:
        return (), ()
    return tuple(sorted(value.get("people", []))), tuple(sorted(value.get("groups", [])))


def _shown(value: dict[str, list[str]] | None) -> str:
    people, groups = _access(value)
    if not people and not groups:
        return "everyone"
    return ", ".join([*people, *(f"group {g}" for g in groups)])
