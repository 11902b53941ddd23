"""Storage, index, ids and citations: the archive's system of record.

Callers (the site, ingest, the command line, benchmarks) go through
:class:`Archive`'s methods; its store, file store and index are its own.
``SearchIndex`` is here, and ``archive.engines.open_index`` opens the index of
whichever engine an archive uses, so that one warm index can be shared by many
short-lived ``Archive`` handles (the web opens one per request).
"""

from .accounts import ROLES, Account, AuditEntry
from .archive import Archive, VerifyReport, default_home
from .errors import (
    AccountError,
    ArchiveError,
    Deleted,
    Gone,
    IndexUnavailable,
    NotEmail,
    NotFound,
    QueryError,
    StoreError,
)
from .index import Highlight, SearchIndex
from .model import Document, Email, Page, Party, Release, ReleaseStats

__all__ = [
    "ROLES", "Account", "AccountError", "Archive", "ArchiveError", "AuditEntry", "Deleted", "Document", "Email", "Gone",
    "Highlight", "IndexUnavailable", "NotEmail", "NotFound",
    "Page", "Party", "QueryError", "Release", "ReleaseStats", "SearchIndex", "StoreError", "VerifyReport",
    "default_home",
]
