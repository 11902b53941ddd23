"""Errors raised by the archive layer.

    ArchiveError                 base; the message names the record and the remedy
    ├── StoreError               the SQLite database or the file store cannot be read or written
    ├── NotFound                 an id, document, page or release that does not exist
    │   ├── NoSuchRelease        a release slug that names none (the command line adds where to look)
    │   └── Gone                 it existed but was withdrawn (HTTP 410)
    │       ├── NotEmail         an email id whose pages a person marked as not email (HTTP 301 to them)
    │       └── Deleted          people's work (an exhibit list) someone deleted: says who and when (HTTP 410)
    ├── IndexUnavailable         the search index is missing or stale and must be rebuilt
    ├── AccountError             an account change that cannot be made (bad address, role, password, link)
    └── QueryError               a search query that could not be understood (carries the reason)

``exit_code`` is the `foia` command's exit status for each (README, Command line:
exit statuses); the site maps the same classes to HTTP statuses in ``web/errors.py``.
"""

from __future__ import annotations


class ArchiveError(Exception):
    exit_code = 1


class StoreError(ArchiveError):
    exit_code = 3


class NotFound(ArchiveError):
    exit_code = 4


class NoSuchRelease(NotFound):
    pass


class Gone(NotFound):
    pass


class NotEmail(Gone):
    """An email id whose pages people marked as not email (a memo, a letter): they stand, as
    pages of their document, from ``page`` on."""

    def __init__(self, message: str, document_id: str, page: int) -> None:
        super().__init__(message)
        self.document_id = document_id
        self.page = page


class Deleted(Gone):
    """Work product (an exhibit list) that someone who could change it deleted: its address says
    so, by whom and when, to those who could read it, and never names another item."""


class IndexUnavailable(ArchiveError):
    exit_code = 5


class QueryError(ArchiveError):
    pass


class AccountError(ArchiveError):
    pass
