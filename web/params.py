"""Reading the query string: every parameter bounded, bad input is a 400 that says which.

The search URL is the whole state of a search, so the same functions turn a
request into a ``SearchRequest`` and a ``SearchRequest`` (with changes) back
into URL arguments.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, TypeVar
from urllib.parse import urlencode

from flask import current_app, g, request, url_for
from werkzeug.datastructures import iter_multi_items
from werkzeug.exceptions import BadRequest

from archive.search import FACETS, SORTS, SearchRequest

from . import limits

MAX_QUERY_STRING = 16 * 1024
V = TypeVar("V")


def _check_size() -> None:
    if len(request.query_string) > MAX_QUERY_STRING:
        raise BadRequest(f"the query string is longer than {MAX_QUERY_STRING} bytes")


def _clean(name: str, value: str, limit: int) -> str:
    if len(value) > limit:
        raise BadRequest(f"parameter {name!r} is longer than {limit} characters")
    if "\x00" in value:
        raise BadRequest(f"parameter {name!r} contains a NUL character")
    return value.strip()


def text(name: str, limit: int | None = None) -> str:
    """A bounded text parameter ("" when absent)."""
    _check_size()
    return _clean(name, request.args.get(name, ""), limit or current_app.config["MAX_PARAM_LENGTH"])


def query() -> str:
    return text("q", current_app.config["MAX_QUERY_LENGTH"])


def highlight_query() -> tuple[str, str]:
    """The ``q`` an email or page link carries from a search, for highlighting: (query, "") or, when
    it is unusable (too long, a NUL), ("", why). Never a 400: the record is what the link is for.
    Marking a wildcard or fuzzy word expands it over the index as a search does, so it counts as
    one against RATE_LIMIT_EXPANDING_SEARCHES; past that limit nothing is marked, and it says so."""
    try:
        asked = query()
    except BadRequest as exc:
        return "", f"The search terms in this link could not be used ({exc.description}), so nothing is highlighted."
    refused = limits.take("RATE_LIMIT_EXPANDING_SEARCHES") if asked and limits.expanding(asked) else ""
    if refused:
        return "", f"{refused}, so the search terms are not highlighted here."
    return asked, ""


def integer(name: str, default: int, minimum: int, maximum: int) -> int:
    raw = text(name, 12)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"parameter {name!r} must be a whole number, not {raw[:12]!r}") from None
    if not minimum <= value <= maximum:
        raise BadRequest(f"parameter {name!r} must be between {minimum} and {maximum}")
    return value


SEARCH_PARAMETERS = ("q", *FACETS, "sort", "page", "size", "quoted")  # in the order search_args writes them


def search_origin() -> dict[str, list[str]]:
    """The search an email or page was opened from, as the URL arguments it came with.

    Its links carry them on, so "Back to results" returns to that very search
    (filters, sort, page and size included); the search page checks them.
    """
    if len(request.query_string) > MAX_QUERY_STRING:
        return {}  # never a 400 for the record a link is for: it just loses its way back
    return {name: values for name in SEARCH_PARAMETERS
            if (values := [v for v in request.args.getlist(name) if v and "\x00" not in v])}


def search_request() -> SearchRequest:
    """The search the URL describes (400 for anything out of bounds)."""
    config = current_app.config
    sort = text("sort", 20) or "relevance"
    if sort not in SORTS:
        raise BadRequest(f"parameter 'sort' must be one of {', '.join(SORTS)}")
    filters: list[tuple[str, str]] = []
    for facet in FACETS:
        for value in request.args.getlist(facet):
            value = _clean(facet, value, config["MAX_PARAM_LENGTH"])
            if value and (facet, value) not in filters:
                filters.append((facet, value))
    if len(filters) > config["MAX_FILTERS"]:
        raise BadRequest(f"at most {config['MAX_FILTERS']} filters at once")
    return SearchRequest(
        query=query(),
        filters=tuple(filters),
        sort=sort,
        page=integer("page", 1, 1, config["MAX_RESULT_PAGE"]),
        page_size=integer("size", config["PAGE_SIZE"], 1, config["MAX_PAGE_SIZE"]),
        include_quoted=text("quoted", 5) in ("1", "true", "yes", "on"),
    )


def search_args(search: SearchRequest, **changes: Any) -> dict[str, Any]:
    """URL arguments for ``search`` with ``changes`` applied; defaults are left out."""
    unknown = changes.keys() - _SEARCH_FIELDS
    if unknown:
        raise TypeError(f"SearchRequest has no field {sorted(unknown)[0]!r}")
    state = {name: changes.get(name, getattr(search, name)) for name in _SEARCH_FIELDS}
    args: dict[str, Any] = {}
    if state["query"]:
        args["q"] = state["query"]
    for facet in FACETS:
        values = [v for f, v in state["filters"] if f == facet]
        if values:
            args[facet] = values
    if state["sort"] != "relevance":
        args["sort"] = state["sort"]
    if state["page"] != 1:
        args["page"] = state["page"]
    if state["page_size"] != current_app.config["PAGE_SIZE"]:
        args["size"] = state["page_size"]
    if state["include_quoted"]:
        args["quoted"] = "1"
    return args


_SEARCH_FIELDS = frozenset(f.name for f in dataclasses.fields(SearchRequest))


def search_href(search: SearchRequest, **changes: Any) -> str:
    """``url_for("site.search", **search_args(search, **changes))``, the route looked up once a
    request: a results page links every facet value, page and filter (a hundred links)."""
    return _search_base() + _query(iter_multi_items(search_args(search, **changes)))


def toggle_href(search: SearchRequest, facet: str, value: str) -> str:
    """``search_href`` with one facet value added, or removed if it was selected (back to page 1),
    as ``toggle_filter`` says; the search's own arguments are encoded once a request."""
    return toggle_hrefs(search, facet, [value])[0]


def toggle_hrefs(search: SearchRequest, facet: str, values: Iterable[str]) -> list[str]:
    """``toggle_href`` for each of a facet's values: the search's arguments before and after
    where a new value goes are encoded once for them all (a results page links sixty values)."""
    pairs = _first_page_pairs(search)
    base = _search_base()
    # a new value goes after the query and the values of this facet and those before it
    before = {"q", *FACETS[:FACETS.index(facet) + 1]} if facet in FACETS else None
    at = len(pairs) if before is None else sum(1 for name, _ in pairs if name in before)
    head, tail = [_pair(n, v) for n, v in pairs[:at]], [_pair(n, v) for n, v in pairs[at:]]
    hrefs = []
    for value in values:
        if (facet, value) in search.filters:
            hrefs.append(base + _query(pair for pair in pairs if pair != (facet, value)))
        else:
            hrefs.append(base + "?" + "&".join([*head, _pair(facet, value), *tail]))
    return hrefs


def record_href(endpoint: str, search: SearchRequest, **values: Any) -> str:
    """``url_for(endpoint, **values, **search_args(search))``: a hit's link carrying its search
    (encoded once a request, since every hit of a page carries the same one)."""
    query = _cached(("record", search), lambda: _query(iter_multi_items(search_args(search))))
    return url_for(endpoint, **values) + query


def _first_page_pairs(search: SearchRequest) -> list[tuple[str, str]]:
    return _cached(("first page", search), lambda: [
        (name, str(value)) for name, value in iter_multi_items(search_args(search, page=1))])


def _cached(key: tuple[str, SearchRequest], make: Callable[[], V]) -> V:
    """What ``make`` gives for this request's ``key`` (a page asks the same of one search often)."""
    memo: dict[tuple[str, SearchRequest], Any] = g.setdefault("search_links", {})
    if key not in memo:
        memo[key] = make()
    return memo[key]  # type: ignore[no-any-return]


def _search_base() -> str:
    base = g.get("search_base")
    if base is None:
        base = g.search_base = url_for("site.search")
    return str(base)


def _query(pairs: Iterable[tuple[str, Any]]) -> str:
    query = "&".join(_pair(name, str(value)) for name, value in pairs)
    return f"?{query}" if query else ""


@lru_cache(maxsize=4096)
def _pair(name: str, value: str) -> str:
    """One ``name=value`` of a query string, encoded as ``url_for`` encodes it (a page of
    results repeats the same query and filters in a hundred links)."""
    return urlencode([(name, value)], safe="!$'()*,/:;?@")


def toggle_filter(search: SearchRequest, facet: str, value: str) -> dict[str, Any]:
    """URL arguments with one facet value added, or removed if it was selected (back to page 1)."""
    pair = (facet, value)
    filters = tuple(f for f in search.filters if f != pair) if pair in search.filters \
        else search.filters + (pair,)
    return search_args(search, filters=filters, page=1)
