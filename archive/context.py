"""Context articles as the archive keeps them: the article, its quotations' links, and
the emails a quotation may be found in.

Reading an article (Markdown, text or HTML), finding its quotations and matching
them to emails is ingest work (``ingest/articles.py``); the archive stores what
that produced (``Store.save_article``) and serves it.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

ARTICLE_ID_LENGTH = 10


@dataclass(frozen=True)
class Source:
    """Text a quotation may come from: one email of the release."""

    email_id: str
    document_id: str
    start_page: int
    text: str
    quoted: bool = False  # a quoted copy inside another email (the original is preferred)
    sent: str | None = None
    pages: tuple[tuple[int, str], ...] = ()  # (number, text) of its pages, to find the page
    parent_id: str | None = None  # the email a quoted copy is quoted in


@dataclass(frozen=True)
class Article:
    """A context article as stored."""

    id: str
    release: str
    title: str
    outlet: str
    author: str
    published: str
    url: str
    body: str  # clean text: a safe subset of Markdown (ingest/articles.py says which)
    source_format: str
    added_at: str = ""
    updated_at: str = ""


@dataclass(frozen=True)
class QuoteLink:
    """A quotation of an article and the email it was found in (email_id None: unmatched)."""

    ordinal: int
    block: int
    parts: tuple[tuple[int, int], ...]
    text: str
    email_id: str | None
    document_id: str | None
    page: int | None
    score: float
    method: str


def article_id(release: str, url: str, title: str) -> str:
    """Same release and URL (or, without a URL, same title): the same article, the same id."""
    key = url.strip() if url.strip() else "title:" + " ".join(title.casefold().split())
    digest = hashlib.sha256(f"context\x00{release}\x00{key}".encode()).digest()
    return base64.b32encode(digest).decode("ascii").lower()[:ARTICLE_ID_LENGTH]
