"""Search results as the web and the CLI see them (one `Archive.search` serves both).

The query language is parsed in ``archive/query.py``; the Whoosh index in
``archive/index/`` answers it with ids; text, snippets and highlights come from
SQLite for the hits on screen only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .index import Highlight
from .model import Email, Page

SORTS = ("relevance", "date", "-date")
FACETS = ("sender", "recipient", "month", "release", "exemption")


@dataclass(frozen=True)
class Snippet:
    """A fragment of text around matches: ``parts`` alternate plain and matched text.

    Plain text, never HTML: the templates escape it and wrap matched parts in <mark>.
    """

    parts: tuple[tuple[str, bool], ...]  # (text, is_match)
    page: int | None  # page number the fragment is on


@dataclass(frozen=True)
class SearchHit:
    key: str  # "e:<id>" or "p:<doc>:<n>"
    email: Email | None
    page: Page | None  # for a hit on a page that belongs to no email
    snippets: tuple[Snippet, ...]
    score: float
    quoted_in_count: int = 0  # collapsed quoted copies of this email ("also quoted in N emails")


@dataclass(frozen=True)
class FacetValue:
    value: str  # what goes into the filter
    label: str  # what a person reads
    count: int
    selected: bool = False


@dataclass(frozen=True)
class SearchRequest:
    query: str = ""
    release: str | None = None
    filters: tuple[tuple[str, str], ...] = ()  # (facet, value) from FACETS
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    include_quoted: bool = False  # show quoted copies as hits of their own


@dataclass(frozen=True)
class SearchResult:
    request: SearchRequest
    total: int
    hits: tuple[SearchHit, ...]
    facets: dict[str, tuple[FacetValue, ...]] = field(default_factory=dict)
    messages: tuple[str, ...] = ()  # what was not understood, in plain words
    terms: tuple[str, ...] = ()  # the query's words and what its wildcards and fuzzy words stood for
    highlight: Highlight | None = None  # the words of a text the query marks

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.page_size))
