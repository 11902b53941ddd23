"""Storage, index, ids and citations: the archive's system of record."""

from .archive import Archive, VerifyReport, default_home
from .errors import ArchiveError, Gone, IndexUnavailable, NotFound, QueryError, StoreError
from .model import Document, Email, Page, Party, Release

__all__ = [
    "Archive", "ArchiveError", "Document", "Email", "Gone", "IndexUnavailable", "NotFound",
    "Page", "Party", "QueryError", "Release", "StoreError", "VerifyReport", "default_home",
]
