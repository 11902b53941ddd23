"""Stable, content-derived identifiers.

An email's id depends only on where its header block is printed: the SHA-256 of
the PDF it is in, the page it starts on and the ordinal of its header block on
that page. Re-ingesting, reindexing or rebuilding the database from the same
files gives the same ids, so a permalink stays valid for as long as the file is
in the archive.
"""

from __future__ import annotations

import base64
import hashlib
import re

ID_LENGTH = 10
DOC_ID_LENGTH = 12
_ID_RE = re.compile(rf"^[a-z2-7]{{{ID_LENGTH}}}$")
_DOC_ID_RE = re.compile(rf"^[a-z2-7]{{{DOC_ID_LENGTH}}}$")
_SHA_RE = re.compile(r"^[0-9a-f]{64}$")
# hyphen, non-breaking hyphen (Word), figure dash, en dash, em dash, bar, minus, small and wide hyphen-minus
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
_TO_HYPHEN = str.maketrans(dict.fromkeys(DASHES, "-"))
# what a sentence, a list or a pair of quotes leaves stuck to the end of a pasted link
_TRAILING_DAMAGE = ".,;:!?/)]}>'\"\u2019\u201d\u00bb"


def _base32(digest: bytes, length: int) -> str:
    return base64.b32encode(digest).decode("ascii").lower()[:length]


def email_id(document_sha256: str, start_page: int, ordinal: int) -> str:
    """The permanent id of the email whose header block is ``ordinal`` on ``start_page``."""
    key = f"email\x00{document_sha256}\x00{start_page}\x00{ordinal}".encode()
    return _base32(hashlib.sha256(key).digest(), ID_LENGTH)


def document_id(document_sha256: str) -> str:
    """The short public id of a PDF, derived from its SHA-256."""
    return _base32(bytes.fromhex(document_sha256), DOC_ID_LENGTH)


def is_email_id(value: str) -> bool:
    return bool(_ID_RE.match(value))


def is_document_id(value: str) -> bool:
    return bool(_DOC_ID_RE.match(value))


def is_sha256(value: str) -> bool:
    return bool(_SHA_RE.match(value))


def repaired(value: str) -> str:
    """An id, slug or Bates number as copy-paste leaves it, repaired: every dash a hyphen, and the
    punctuation and spaces stuck to its end dropped ("DEA\u2011MSFT\u2011000043." → "DEA-MSFT-000043").
    Case is the caller's business: ids are lower case, Bates numbers are looked up in any case."""
    return value.translate(_TO_HYPHEN).rstrip(_TRAILING_DAMAGE + " \t\u00a0")
