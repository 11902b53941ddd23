"""People who sign in, their roles, one-time links, and the audit trail's entries.

Roles, weakest first: ``reader`` (reads a private archive), ``editor`` (changes
records), ``admin`` (people, releases, withdrawal). Passwords are hashed with
argon2 (argon2-cffi, this module only); one-time links carry a random token of
which only the SHA-256 is stored, so a copy of the database cannot sign anyone in.

A release may be *restricted* to named people and groups (a matter, a story): then
only they and admins read it, and to everyone else it does not exist
(:func:`hidden_releases`, applied by ``Archive.read_as`` to every read).
"""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .errors import AccountError

ROLES = ("reader", "editor", "admin")
MIN_PASSWORD = 10
MAX_PASSWORD = 1024  # argon2 hashes anything; a megabyte "password" is a denial of service
LINK_HOURS = 24  # how long a set-password link works (it works once)
_GROUP = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_hasher = PasswordHasher()


@dataclass(frozen=True)
class Account:
    email: str
    role: str
    active: bool
    created_at: str
    has_password: bool
    session_version: int  # bumped when the password changes or the account is disabled

    def may(self, role: str) -> bool:
        """Does this account hold ``role`` or a stronger one?"""
        return self.active and ROLES.index(self.role) >= ROLES.index(role)


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    actor: str  # an account's email, or "cli:<os user>"
    action: str  # e.g. "user.add", "signin.failure", "release.withdraw"
    target: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Restriction:
    """Who may read a restricted release besides admins."""

    release: str
    people: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()


def may_read(restriction: Restriction, account: Account | None, groups: frozenset[str]) -> bool:
    """May ``account`` (a member of ``groups``) read a release with this restriction?"""
    if account is None or not account.active:
        return False
    return account.may("admin") or account.email in restriction.people or bool(groups & set(restriction.groups))


def hidden_releases(restrictions: dict[str, Restriction], account: Account | None,
                    groups: frozenset[str]) -> frozenset[str]:
    """The restricted releases ``account`` may not read (None: someone not signed in)."""
    return frozenset(slug for slug, r in restrictions.items() if not may_read(r, account, groups))


def group_name(name: str) -> str:
    """A group's name as kept: trimmed, lower case, letters, digits, '.', '_' and '-' (AccountError if not)."""
    name = name.strip().lower()
    if not _GROUP.fullmatch(name):
        raise AccountError(f"{name[:80]!r} is not a group name (letters, digits, '.', '_', '-'; at most 64)")
    return name


def new_group_name(name: str) -> str:
    """A name for a group being made: one ``group_name`` keeps, and not one that names the reader's
    own work or the public's where work is shown ("private", "public", "me"; AccountError)."""
    name = group_name(name)
    if name in RESERVED_GROUP_NAMES:
        raise AccountError(f"{name!r} is reserved (it names a reader's own work or the public's); "
                           "choose another name for the group")
    return name


RESERVED_GROUP_NAMES = frozenset({"private", "public", "me"})


def normalised_email(email: str) -> str:
    """An email address as accounts are keyed: trimmed, lower case (AccountError if not one)."""
    email = email.strip().lower()
    if not _EMAIL.fullmatch(email) or len(email) > 254:
        raise AccountError(f"{email!r} is not an email address")
    return email


def checked_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(f"no role {role!r}; the roles are {', '.join(ROLES)}")
    return role


def hash_password(password: str) -> str:
    """An argon2id hash of a password long enough to keep (AccountError otherwise)."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"a password may have at most {MAX_PASSWORD} characters")
    return _hasher.hash(password)


def password_matches(stored: str | None, password: str) -> bool:
    """Does ``password`` match the stored hash? With no hash, a dummy check keeps the time alike."""
    if len(password) > MAX_PASSWORD:
        return False
    try:
        return _hasher.verify(stored or _dummy_hash(), password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> tuple[str, str]:
    """A one-time link's token and the digest stored in its place."""
    token = secrets.token_urlsafe(32)
    return token, token_digest(token)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


@functools.cache
def _dummy_hash() -> str:
    """A hash to verify against when an account has no password, so a sign-in takes as long either
    way; made on first use, not on import (an argon2 hash is ~0.3 s: every command, every process
    that imports the archive would pay it)."""
    return _hasher.hash(secrets.token_hex(16))
