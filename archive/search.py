"""Search as the web and the CLI use it: a request in, a page of hits with snippets out.

One `Archive.search` serves both. The query language is parsed in
``archive/query.py``; the index (``archive/index/``) answers it with keys, an exact total and facet
counts; the emails and pages on screen are then read from SQLite, and their
snippets computed from that text (the index stores no text).

    SearchRequest, SearchResult, SearchHit, Snippet, FacetValue   what goes in and out
    run_search      one page of results        export_rows      every hit, as rows
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol

from .budget import search_budget
from .cite import cited_bates, date_doubt, listed_date
from .errors import NotFound, QueryError
from .exemptions import canonical_exemption
from .index import (
    FACET_FIELDS,
    CopyPairs,
    Highlight,
    IndexHit,
    bates_key,
    facet_term,
    party_facet,
    words,
)
from .invisible import remove_invisible
from .model import Email, Page, Party, page_range
from .pins import body_by_page
from .query import (
    NO_TAG,
    WORK_FIELDS,
    And,
    DateRange,
    Keyword,
    MatchAll,
    Node,
    Not,
    Or,
    Phrase,
    Word,
    after_period,
    parse_query,
)

if TYPE_CHECKING:
    from .engines import Index
    from .store import Store
    from .work import Reader, SearchWork, Tag, WorkProduct


__all__ = ["EXPORT_COLUMNS", "FACETS", "SORTS", "FacetValue", "SearchHit", "SearchRequest", "SearchResult",
           "HitRow", "Snippet", "export_rows", "hit_keys", "hit_rows", "run_search"]

SORTS = ("relevance", "date", "-date")
FACETS = ("sender", "recipient", "month", "release", "exemption", "tag")
# said to whoever searched, on the site too: what a reader can look at, never a server command
RELEASES_LISTED = ("the releases you can read are listed on the home page (and at /api/releases); "
                   "an admin finds a withdrawn one, and restores it, on /admin/access")


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
    quoted_in_count: int = 0  # matching quoted copies printed inside this email, folded into it
    copies: int = 0  # copies of its message in other documents or releases folded into it


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
    include_quoted: bool = False  # show every copy (quoted, or printed in another document) as a hit of its own
    documents: tuple[str, ...] = ()  # only hits in these documents (a batch's, for saved-search alerts)


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


class Archive(Protocol):
    """What running a search needs of an archive (archive.Archive is one): its store and index,
    and who reads, whose notes and tags ``note:`` and ``tag:`` search."""

    store: Store
    index: Index
    work: WorkProduct
    reader: Reader


MAX_PAGE_SIZE = 200
MAX_PAGE = 500
SNIPPET_CHARS = 220
SHORT_TEXT = 600  # a text longer than this gets several fragments
MAX_FRAGMENTS = 3
# new columns go last: programs read by place
EXPORT_COLUMNS = ("id", "permalink", "date", "sender", "recipients", "subject", "bates", "pages",
                  "release", "quoted", "copies", "date_note", "to", "cc", "bcc", "document", "quoted_in", "people_gave")
_SPACE = re.compile(r"\s+")


def _clean_request(request: SearchRequest) -> tuple[SearchRequest, list[str]]:
    """Out-of-range settings become sensible ones, with a message, never an error."""
    messages: list[str] = []
    changes: dict[str, Any] = {}
    if request.sort not in SORTS:
        messages.append(f'unknown sort "{request.sort}"; sorted by relevance (choose {", ".join(SORTS)})')
        changes["sort"] = "relevance"
    if not 1 <= request.page_size <= MAX_PAGE_SIZE:
        changes["page_size"] = min(max(request.page_size, 1), MAX_PAGE_SIZE)
    if not 1 <= request.page <= MAX_PAGE:
        changes["page"] = min(max(request.page, 1), MAX_PAGE)
        if request.page > MAX_PAGE:
            messages.append(f"showing page {MAX_PAGE}, the last one a search can page to; "
                            "narrow the search or export it")
    filters = []
    for facet, value in request.filters:
        seen = remove_invisible(value).strip()  # a value copied from a PDF, or made to reorder the page
        if seen != value.strip():
            messages.append(f'removed invisible characters from the filter "{facet}={seen}"')
        if facet in FACETS and seen:
            value = facet_value(facet, seen)
            if facet == "month" and not _LISTED_MONTH.fullmatch(value):  # it found nothing, saying nothing
                messages.append(f'ignored the filter "month={seen}", which names no month; a month is '
                                "written as the facet lists it, 2018-11")
                continue
            if value != seen:
                messages.append(f'read the filter "{facet}={seen}" as "{value}", as the facet lists it')
            filters.append((facet, value))
        else:
            messages.append(f'ignored the filter "{facet}={seen}"')
    if filters != list(request.filters):
        changes["filters"] = tuple(filters)
    return (replace(request, **changes) if changes else request), messages


_MONTH = re.compile(r"(\d{4})\s?[-/.]\s?(\d{1,2})(?:\s?[-/.]\s?\d{1,2})?")  # a day: its month
_LISTED_MONTH = re.compile(r"\d{4}-(?:0[1-9]|1[0-2])")


def facet_value(facet: str, value: str) -> str:
    """A filter's value as its facet lists it, whatever spelling a person typed or an old link
    carries: "2012-1" the month 2012-01 (and "2012-01-15" too), "b6" the exemption (b)(6), "Blumenthal, Sidney" or a
    capitalised address the sender as the index keeps it ("month=2012-1" found nothing, and
    said nothing). A value with no such reading is kept as given (it finds what it finds);
    a value as listed is kept as it is (a name's comma is two spaces there: "cretz  gene a")."""
    if facet == "month":
        match = _MONTH.fullmatch(value)
        return f"{match.group(1)}-{int(match.group(2)):02d}" if match and 1 <= int(match.group(2)) <= 12 else value
    if facet == "exemption":
        return canonical_exemption(value) or value
    if facet in ("sender", "recipient") and not value.startswith("["):  # "[redacted (b)(7)(C)]" as listed
        return value.lower().replace(",", " ")  # in lower case, a comma a space, as ``party_facet`` lists them
    return value


def _search(archive: Archive, request: SearchRequest, *, offset: int, limit: int | None,
            facets: bool, work: SearchWork | None = None,
            within: Node | None = None) -> tuple[SearchRequest, Any, list[str], tuple[str, ...]]:
    """One search of the index; ``within``: only what this query matches as well."""
    request, messages = _clean_request(request)
    parsed = parse_query(request.query)
    messages.extend(parsed.messages)
    active = {r.slug for r in archive.store.releases()}
    slugs = {slug.lower(): slug for slug in active}  # a release is named in any case
    release = slugs.get(request.release.lower(), request.release) if request.release else None
    filters = tuple((f, slugs.get(v.lower(), v) if f == "release" else v) for f, v in request.filters)
    for slug in [release] + [v for f, v in filters if f == "release"]:
        if slug and slug not in active:
            messages.append(f'there is no release "{slug}" (or it was withdrawn); {RELEASES_LISTED}')
    request = replace(request, release=release, filters=filters)
    node, single = _any_of(_named_records(parsed.node, slugs, archive, messages), filters)
    node = _work_fields(_tagged(node, single), work or archive.work.searching(archive.reader), messages)
    node, single = _dates_either_way(node, single, archive.store.dates_read_either_way(), messages)
    documents = Or(tuple(Keyword("document", d) for d in request.documents)) if request.documents else None
    also = tuple(n for n in (within, documents) if n is not None)
    if also:
        node = And(((node,) if not isinstance(node, MatchAll) else ()) + also)
    single = tuple((f, v) for f, v in single if f != "tag")
    parsed = replace(parsed, node=node)
    with search_budget():
        result = archive.index.search(
            parsed, filters=single, release=release, sort=request.sort,
            offset=offset, limit=limit, include_quoted=request.include_quoted, facets=facets,
            allowed_releases=active, copies=() if request.include_quoted else _copy_keys(archive),
        )
    messages.extend(result.messages)
    return request, result, messages, parsed.terms


_COPY_KEYS = threading.local()  # each thread's store, and so its copy pairs, are its own


def _copy_keys(archive: Archive) -> CopyPairs:
    """The store's copy pairs as index keys, made once for each set of pairs it reads (it hands
    back the same tuple until the database changes): a search's kept answers are keyed by them,
    and building and hashing every pair again cost each search time in proportion to the
    copies in the archive."""
    if archive.store.hidden:  # (a reader some releases are hidden from: their heads are not its)
        return CopyPairs((f"e:{a}", f"e:{b}") for a, b in archive.store.copy_pairs_seen())
    pairs = archive.store.copy_pairs()
    made = getattr(_COPY_KEYS, "made", None)
    if made is None or made[0] is not pairs:
        made = _COPY_KEYS.made = (pairs, CopyPairs((f"e:{a}", f"e:{b}") for a, b in pairs))
    keys: CopyPairs = made[1]
    return keys


def _any_of(node: Node, filters: tuple[tuple[str, str], ...]) -> tuple[Node, tuple[tuple[str, str], ...]]:
    """Several values of one facet (two months, two senders) mean any of them, as in every
    faceted search: they join the query as one OR each; the facets with one value stay filters."""
    values: dict[str, list[str]] = {}
    for facet, value in filters:
        values.setdefault(facet, []).append(value)
    several = {f: v for f, v in values.items() if len(v) > 1 and f in FACET_FIELDS}
    if not several:
        return node, filters
    alternatives = tuple(Or(tuple(Keyword(FACET_FIELDS[f], facet_term(f, v)) for v in vs)) for f, vs in several.items())
    node = And(((node,) if not isinstance(node, MatchAll) else ()) + alternatives)
    return node, tuple((f, v) for f, v in filters if f not in several)


def _dates_either_way(node: Node, filters: tuple[tuple[str, str], ...],
                      either: tuple[tuple[str, str, str, str], ...],
                      messages: list[str]) -> tuple[Node, tuple[tuple[str, str], ...]]:
    """Dates searched under both readings of a date printed with its day and month either way
    ("03/04/2018", ``Store.dates_read_either_way``): the index holds the reading the machine
    chose, so each date range and month the search names also matches, by key, the emails
    whose other reading falls in it and whose stored one does not, and the search says how
    many there are."""
    if not either:
        return node, filters
    months = [value for facet, value in filters if facet == "month"]
    if months:  # the month filter, where an email's other reading is in it, searched as a month
        month = months[0]
        if any(other[:7] == month for _, _, _, other in either):
            node = And(((node,) if not isinstance(node, MatchAll) else ()) + (Keyword(FACET_FIELDS["month"], month),))
            filters = tuple(f for f in filters if f[0] != "month")
    found: set[str] = set()

    def widened(part: Node) -> Node:
        if isinstance(part, And | Or):
            return replace(part, children=tuple(map(widened, part.children)))
        if isinstance(part, Not):
            return replace(part, child=widened(part.child))
        if isinstance(part, DateRange):
            low, high = part.low, part.high
        elif isinstance(part, Keyword) and part.field == FACET_FIELDS["month"] and _LISTED_MONTH.fullmatch(part.value):
            low, high = part.value, after_period(part.value)  # (the month, as date:YYYY-MM reads it)
        else:
            return part
        keys = tuple(f"e:{email}" for email, _, sent, other in either
                     if _within(other, low, high) and not _within(sent, low, high))
        found.update(keys)
        return Or((part, *(Keyword("key", key) for key in keys))) if keys else part
    node = widened(node)
    if found:
        many = len(found) != 1
        messages.append(f"{len(found)} email{'s' if many else ''} whose printed date reads either way (day and "
                        f'month, as "03/04/2018" does) {"are" if many else "is"} found by {"their" if many else "its"} '
                        "other reading too")
    return node, filters


def _within(sent: str, low: str, high: str) -> bool:
    return (not low or sent >= low) and (not high or sent < high)  # as the engines compare (``DateRange``)


def _tagged(node: Node, filters: tuple[tuple[str, str], ...]) -> Node:
    """The tag filters (the facet) as ``tag:`` in the query: several values mean any of them."""
    tags = tuple(Keyword("tag", v.lower()) for f, v in filters if f == "tag")
    if not tags:
        return node
    return And(((node,) if not isinstance(node, MatchAll) else ()) + ((Or(tags) if len(tags) > 1 else tags[0]),))


def _work_fields(node: Node, work: SearchWork, messages: list[str]) -> Node:
    """``note:`` and ``tag:`` as the records carrying the reader's notes and tags (the index holds
    neither: they are the reader's own, and change without a reindex)."""
    if isinstance(node, Keyword) and node.field in WORK_FIELDS:
        keys = work.matching(node.field, node.value, node.prefix) if node.value != NO_TAG else set()
        if not keys and node.value != NO_TAG:  # (the parser said why it searches nothing)
            what = "note you can see says" if node.field == "note" else "tag you can see is"
            messages.append(f'no {what} "{node.value}{"*" if node.prefix else ""}", so '
                            f'"{node.field}:{node.value}" matches nothing')
        return Or(tuple(Keyword("key", k) for k in sorted(keys))) if len(keys) != 1 else Keyword("key", keys.pop())
    if isinstance(node, And | Or):
        return replace(node, children=tuple(_work_fields(c, work, messages) for c in node.children))
    if isinstance(node, Not):
        return replace(node, child=_work_fields(node.child, work, messages))
    return node


def _named_records(node: Node, slugs: dict[str, str], archive: Archive, messages: list[str]) -> Node:
    """``release:`` values as the releases' own slugs (typed in any case; an unknown one is
    said); ``bates:`` values as the stamps print them when typed otherwise ("DEA-MSFT-43",
    "STATE SCB 0045847"), as ``/bates/`` reads them, and as the index keeps them."""
    if isinstance(node, Keyword) and node.field == "release" and not node.prefix:
        slug = slugs.get(node.value.lower())
        if slug is None:
            messages.append(f'there is no release "{node.value}" (or it was withdrawn), so '
                            f'"release:{node.value}" matches nothing; {RELEASES_LISTED}')
            return node
        return replace(node, value=slug)
    if isinstance(node, Keyword) and node.field == "bates":
        return _printed_stamps((node,), archive, messages)[0]
    if isinstance(node, Or) and all(isinstance(c, Keyword) and c.field == "bates" for c in node.children):
        stamps = tuple(c for c in node.children if isinstance(c, Keyword))  # a range's stamps
        return replace(node, children=_printed_stamps(stamps, archive, messages))
    if isinstance(node, And | Or):
        return replace(node, children=tuple(_named_records(c, slugs, archive, messages) for c in node.children))
    if isinstance(node, Not):
        return replace(node, child=_named_records(node.child, slugs, archive, messages))
    return node


def _printed_stamps(typed: tuple[Keyword, ...], archive: Archive, messages: list[str]) -> tuple[Keyword, ...]:
    """``bates:`` values as the index keeps the stamps they name: each looked up as ``/bates/``
    reads a number (spaces, hyphens or none for the stamp's separators, its leading zeros left
    out), else as typed; those read as another spelling said, in one message."""
    read: list[tuple[str, str]] = []
    found: list[Keyword] = []
    for node in typed:
        stamp = archive.store.bates_lookup(node.value) if not node.prefix else None
        if stamp is not None and bates_key(stamp[2]).lower() != bates_key(node.value):
            read.append((node.value, stamp[2]))
        found.append(replace(node, value=bates_key(stamp[2] if stamp else node.value).lower()))
    if len(read) == 1:
        messages.append(f'read "bates:{read[0][0]}" as the stamp {read[0][1]}')
    elif read:
        messages.append(f"read {len(read):,} Bates numbers as their stamps print them: "
                        f'"{read[0][0]}" as {read[0][1]} … "{read[-1][0]}" as {read[-1][1]}')
    return tuple(found)


def _labels_seen(facets: dict[str, tuple[FacetValue, ...]], hits: Iterable[SearchHit]) -> dict[str, tuple[FacetValue, ...]]:
    """Sender and recipient facets labelled only as the hits shown print their parties, else by
    their values (a name's written as a name: "Roe, Jane A" for "roe  jane a"), for a
    reader some restricted release is hidden from: an index labels a value as any document
    printed it ("Informant, Confidential (CPD Source #4471) <zq@cpd.example>" beside a visible
    copy printing the address alone; "KENT MARY" where the open release prints "kent mary"), and
    a filter's value with nothing found was labelled from a hidden release too (whether a guessed
    name is one a restricted release prints)."""
    seen: dict[str, dict[str, str]] = {"sender": {}, "recipient": {}}
    for hit in hits:
        if hit.email is not None:
            seen["sender"].update(party_facet(p) for p in ((hit.email.sender,) if hit.email.sender else ()))
            seen["recipient"].update(party_facet(p) for p in hit.email.to + hit.email.cc + hit.email.bcc)

    def label(name: str, value: FacetValue) -> str:
        return seen[name].get(value.value) or _written_as_name(value.value)
    return {name: tuple(replace(v, label=label(name, v)) for v in values) if name in seen else values
            for name, values in facets.items()}


def _written_as_name(value: str) -> str:
    """A sender or recipient facet's value written as a name from the value alone: its words
    capitalised, the comma its double space stands for put back ("Roe, Jane A"); an
    address or a box's code as it is."""
    if "@" in value or "(" in value or "[" in value:
        return value
    return ", ".join(" ".join(word[:1].upper() + word[1:] for word in part.split()) for part in value.split("  "))


def run_search(archive: Archive, request: SearchRequest) -> SearchResult:
    """One page of results for a request: exact total, facets, hits with snippets.

    IndexUnavailable when the index is missing or unreadable: "no results" would be a lie.
    """
    with search_budget():  # one budget for every search the page runs
        return _run_search(archive, request)


def _run_search(archive: Archive, request: SearchRequest) -> SearchResult:
    cleaned, _ = _clean_request(request)
    offset = (cleaned.page - 1) * cleaned.page_size
    work = archive.work.searching(archive.reader)  # the reader's notes and tags, read once
    request, result, messages, terms = _search(archive, request, offset=offset,
                                               limit=cleaned.page_size, facets=True, work=work)
    last = max(1, -(-result.total // cleaned.page_size))
    if cleaned.page > last:  # a page past the end (an old link, a typed URL): show the last one
        request, result, messages, terms = _search(archive, replace(request, page=last),
                                                   offset=(last - 1) * cleaned.page_size,
                                                   limit=cleaned.page_size, facets=True, work=work)
        messages.insert(0, f"there {'is' if last == 1 else 'are'} only {last} page{'s' if last != 1 else ''} "
                           f"of results; showing page {last}, not {cleaned.page}")
    if result.total == 0 and cleaned.page == 1:
        messages.extend(_found_nowhere(archive, request, work))
    hits = _hits(archive, result.hits, result.highlight)
    selected = set(request.filters)
    facets = {
        name: tuple(FacetValue(value, label, count, (name, value) in selected)
                    for value, label, count in values)
        for name, values in result.facets.items()
    }
    if archive.store.hidden:
        facets = _labels_seen(facets, hits)
    if result.facets.get("release"):
        titles = {r.slug: r.title for r in archive.store.releases()}
        facets["release"] = tuple(replace(v, label=titles.get(v.value, v.label)) for v in facets["release"])
    tags = _tag_facet(archive, request, selected, work, result.total)
    if tags:
        facets["tag"] = tags
    return SearchResult(request=request, total=result.total, hits=hits, facets=facets,
                        messages=tuple(dict.fromkeys(messages)),
                        terms=tuple(dict.fromkeys(terms + _expansions(result.terms, hits))),
                        highlight=result.highlight)


_MOST_EXPLAINED = 8  # words of an empty search each looked up alone to say which matches nothing


def _found_nowhere(archive: Archive, request: SearchRequest, work: SearchWork) -> list[str]:
    """Why a search of several plain words (or phrases) all required found nothing: the ones no
    record holds with the search's releases and filters, each looked up alone; or, when each
    is found alone, that they are never found together. Other searches: nothing to add."""
    node = parse_query(request.query).node
    children = node.children if isinstance(node, And) else ()
    parts = [c for c in children if isinstance(c, Word | Phrase) and c.field == "body"]
    if not 2 <= len(parts) == len(children) <= _MOST_EXPLAINED or any(isinstance(c, Phrase) and c.slop for c in parts):
        return []
    typed = [(f'"{c.text}"' if c.exact else c.text) if isinstance(c, Word) else '"' + " ".join(c.words) + '"'
             for c in parts]
    try:  # within the page's budget: past it, no explanation rather than no page
        absent = [text for text in typed
                  if _search(archive, replace(request, query=text, page=1), offset=0, limit=1, facets=False,
                             work=work)[1].total == 0]
    except QueryError:
        return []
    shown = [text if text.startswith('"') else f'"{text}"' for text in absent or typed]
    if not absent:
        return [f"each of {', '.join(shown)} is found, but never all in one record; try fewer of them, "
                "or OR between them"]
    listed = ", ".join(shown)
    return [f"nothing here holds {listed}{'' if len(absent) == len(typed) else '; leave it out to find the rest'}"
            if len(absent) == 1 else f"nothing here holds any of {listed}"]


def _tag_facet(archive: Archive, request: SearchRequest, selected: set[tuple[str, str]],
               work: SearchWork, total: int) -> tuple[FacetValue, ...]:
    """The reader's tags over the result (without its own tag filters, so the other tags stay
    offered as alternatives), most used first: for readers with tags, one more search, over
    the records carrying any of them (their rows read once, not once a tag)."""
    reader = archive.reader
    tags = [tag for tag, _count in work.tag_names()] if reader.email else []
    if not tags:
        return ()
    untagged = replace(request, filters=tuple(f for f in request.filters if f[0] != "tag"), sort="date")
    tagged: dict[Tag, set[str]] = {}
    keys: set[str] = set()
    if total or untagged.filters != request.filters:  # (a search no tag narrowed that found nothing: none)
        tagged = {tag: work.tag_keys(tag) for tag in tags}
        every_key = set().union(*tagged.values())
        if every_key:  # the hits among the reader's tagged records: an answer no larger than they are
            within = Or(tuple(Keyword("key", k) for k in sorted(every_key)))
            _, every, _, _ = _search(archive, untagged, offset=0, limit=None, facets=False, work=work,
                                     within=within)
            keys = {hit.key for hit in every.hits}
    values = []
    for tag in tags:
        value = tag.value(reader)
        count = len(keys & tagged.get(tag, set()))
        if count or ("tag", value) in selected:
            values.append(FacetValue(value, f"{tag.name} ({reader.scope_label(tag.scope)})", count,
                                     ("tag", value) in selected))
    return tuple(sorted(values, key=lambda v: (-v.count, v.value)))


def _expansions(expanded: tuple[str, ...], hits: tuple[SearchHit, ...]) -> tuple[str, ...]:
    """What wildcards and fuzzy words stood for, as far as the hits returned show it. The index's
    vocabulary holds the words of withdrawn releases and of restricted ones a reader may not
    know exist, so the whole expansion spelled them out ("rene*" listed "renee" with no hit, a
    prefix at a time, for anyone): only the expansions found among a returned hit's words,
    names, stamps and codes are listed, the same rule for every reader."""
    if not expanded:
        return ()
    shown: set[str] = set()
    for hit in hits:
        if hit.email is not None:
            email = hit.email
            parties = [p for p in (email.sender, *email.to, *email.cc, *email.bcc) if p]
            texts = [email.subject, email.body, *(f"{p.name} {p.address} {' '.join(p.redactions)}" for p in parties)]
            stamps = (email.bates_start, email.bates_end, *email.exemptions)
        elif hit.page is not None:
            texts, stamps = [hit.page.text], (hit.page.bates, *hit.page.exemptions)
        else:
            continue
        shown.update(w for text in texts for w in words(text))
        shown.update(bates_key(s).lower() for s in stamps if s)
    return tuple(term for term in expanded if term.lower() in shown)


def _hits(archive: Archive, found: tuple[IndexHit, ...], highlight: Highlight) -> tuple[SearchHit, ...]:
    emails = archive.store.emails([h.key[2:] for h in found if h.key.startswith("e:")])
    hits: list[SearchHit] = []
    for hit in found:
        if hit.key.startswith("e:"):
            email = emails.get(hit.key[2:])
            if email is None:
                continue  # deleted since it was indexed; verify will report the index out of step
            snippets = _email_snippets(archive, email, highlight)
            hits.append(SearchHit(hit.key, email, None, snippets, hit.score, hit.quoted_in_count, hit.copies))
        else:
            page = _page_for_key(archive, hit.key)
            if page is None:
                continue
            parts = _fragments(page.text, highlight, several=len(page.text) > SHORT_TEXT)
            snippets = tuple(Snippet(p, page.number) for p in parts)
            hits.append(SearchHit(hit.key, None, page, snippets, hit.score, hit.quoted_in_count))
    return tuple(hits)


def _page_for_key(archive: Archive, key: str) -> Page | None:
    _, document_id, number = key.split(":", 2)
    try:
        return archive.store.page(document_id, int(number))
    except (NotFound, ValueError):
        return None


# -- snippets --------------------------------------------------------------------------------

Parts = tuple[tuple[str, bool], ...]


def _fragments(text: str, highlight: Highlight, *, several: bool) -> list[Parts]:
    """Fragments of ``text`` around matched words (plain text; matches flagged)."""
    return [parts for parts, _ in _placed_fragments(text, highlight, several=several)]


def _placed_fragments(text: str, highlight: Highlight, *, several: bool) -> list[tuple[Parts, int]]:
    """``_fragments``, each with where in ``text`` its first matched word is (0: the text's head)."""
    matches = highlight.spans(text)
    if not matches:
        head = text[:SNIPPET_CHARS]
        return [(((_squash(head) + ("…" if len(text) > SNIPPET_CHARS else ""), False),), 0)] if text.strip() else []
    windows: list[tuple[int, int, list[tuple[int, int]]]] = []
    for s, e in matches:
        if windows and s < windows[-1][1] - 20:
            windows[-1][2].append((s, e))
            continue
        start = max(0, s - SNIPPET_CHARS // 3)
        windows.append((start, min(len(text), start + SNIPPET_CHARS), [(s, e)]))
    count = MAX_FRAGMENTS if several else 1
    best = sorted(windows, key=lambda w: (-len({text[s:e].lower() for s, e in w[2]}), w[0]))[:count]
    return [(_window_parts(text, start, end, spans, matches), spans[0][0]) for start, end, spans in sorted(best)]


def _window_parts(text: str, start: int, end: int, spans: list[tuple[int, int]],
                  matches: list[tuple[int, int]]) -> Parts:
    """A window's text, every match within it marked (those a next window began with too: a
    phrase's last words were shown unmarked where the window ran on past them)."""
    # widen to word boundaries so no word is cut in half
    while start > 0 and not text[start - 1].isspace() and start > spans[0][0] - SNIPPET_CHARS // 2:
        start -= 1
    while end < len(text) and not text[end].isspace() and end < spans[-1][1] + SNIPPET_CHARS // 2:
        end += 1
    parts: list[tuple[str, bool]] = []
    position = start
    first, last = bisect_left(matches, (start, start)), bisect_right(matches, (end, end))
    for s, e in matches[first:last]:
        if s < position or e > end:
            continue
        if s > position:
            parts.append((_squash(text[position:s]), False))
        parts.append((text[s:e], True))
        position = e
    if position < end:
        parts.append((_squash(text[position:end]), False))
    if start > 0:
        parts.insert(0, ("…", False))
    if end < len(text):
        parts.append(("…", False))
    return tuple(p for p in parts if p[0])


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text)


def _email_snippets(archive: Archive, email: Email, highlight: Highlight) -> tuple[Snippet, ...]:
    fragments = _placed_fragments(email.body, highlight, several=len(email.body) > SHORT_TEXT)
    if email.native:  # a message has no pages
        return tuple(Snippet(parts, None) for parts, _ in fragments)
    if email.end_page <= email.start_page or not fragments:
        return tuple(Snippet(parts, email.start_page) for parts, _ in fragments)
    held = archive.store.pages(email.document_id, email.start_page, email.end_page)
    # the page its first matched word is printed on, where the body aligns with its pages (as
    # the email page pins them); found by its words otherwise. Words alone named the first
    # page holding any run of them: a header's or a signature's words are on every page.
    aligned = body_by_page(email, held)
    starts = [part.offset for part in aligned]
    pages = [(page.number, _squash(page.text).lower()) for page in held]
    return tuple(Snippet(parts, aligned[bisect_right(starts, at) - 1].page if aligned
                         else _page_of(parts, pages, email)) for parts, at in fragments)


def _page_of(parts: Parts, pages: list[tuple[int, str]], email: Email) -> int:
    """The page a fragment is printed on: find its text among the email's pages."""
    plain = "".join(text for text, _ in parts).strip("… ").lower()
    words = plain.split()
    # longest pieces first: a run of words is unlikely to occur on two pages
    for size in (12, 6, 3, 1):
        for begin in range(0, max(1, len(words) - size + 1), max(1, size)):
            needle = " ".join(words[begin:begin + size])
            if len(needle) < 4:
                continue
            found = [number for number, text in pages if needle in text]
            if len(found) == 1 or (found and size >= 6):
                return found[0]
    return email.start_page


# -- rows ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class HitRow:
    """A hit as a line of text (what `foia search` prints): its permalink's path, then the
    fields a reader scans, then its first snippet and the page that snippet is on."""

    path: str  # "/e/<id>" or "/d/<doc>/p/<n>"
    date: str  # the day sent, "" for a page
    bates: str
    sender: str
    subject: str  # for a page "(page N)"; a quoted copy says so
    page: int | None  # None for native mail, which has no pages
    snippet: str


def hit_rows(result: SearchResult) -> list[HitRow]:
    """The hits of a result as rows, in order."""
    rows = []
    for hit in result.hits:
        first = hit.snippets[0] if hit.snippets else None
        snippet = "".join(text for text, _ in first.parts) if first else ""
        if hit.email is not None:
            email = hit.email
            subject = email.subject + (" (a quoted copy)" if email.quoted else "")
            if hit.quoted_in_count:
                many = hit.quoted_in_count != 1
                subject += f" (quotes {hit.quoted_in_count} earlier matching email{'s' if many else ''})"
            if hit.copies:
                subject += f" (and {hit.copies} other cop{'ies' if hit.copies != 1 else 'y'} elsewhere)"
            rows.append(HitRow(f"/e/{email.id}", listed_date(email, day=True),
                               cited_bates(email),
                               email.sender.attributed if email.sender else "", subject,
                               None if email.native else (first.page if first else None) or email.start_page,
                               snippet))
        elif hit.page is not None:
            page = hit.page
            rows.append(HitRow(f"/d/{page.document_id}/p/{page.number}", "", page.bates or "", "",
                               f"(page {page.number})", (first.page if first else None) or page.number, snippet))
    return rows


# -- export ----------------------------------------------------------------------------------

def export_rows(archive: Archive, request: SearchRequest, *, batch: int = 500) -> Iterator[dict[str, str]]:
    """Every hit of a search, in the request's order, one dict per row (for CSV or JSON)."""
    request, result, _messages, _terms = _search(archive, replace(request, page=1), offset=0,
                                                 limit=None, facets=False)
    keys = [hit.key for hit in result.hits]
    for start in range(0, len(keys), batch):
        chunk = keys[start:start + batch]
        emails = archive.store.emails([k[2:] for k in chunk if k.startswith("e:")])
        copies = archive.store.copy_counts(list(emails))
        # the file each row is in: "pages" alone ("message 3", "p. 1") names no file
        files = archive.store.file_names([e.document_id for e in emails.values()]
                                         + [k.split(":")[1] for k in chunk if k.startswith("p:")])
        for key in chunk:
            if key.startswith("e:"):
                email = emails.get(key[2:])
                if email is not None:
                    yield _email_row(email) | {"copies": str(copies.get(email.id, 0)),
                                               "document": files.get(email.document_id, "")}
            else:
                page = _page_for_key(archive, key)
                if page is not None:
                    yield _page_row(page) | {"document": files.get(page.document_id, "")}


def hit_keys(archive: Archive, request: SearchRequest, limit: int) -> tuple[int, list[str]]:
    """The total of a search and the keys of its first ``limit`` hits, in order (bulk tagging)."""
    _, result, _, _ = _search(archive, replace(request, page=1), offset=0, limit=limit, facets=False)
    return result.total, [hit.key for hit in result.hits]


def _email_row(email: Email) -> dict[str, str]:
    return {
        "id": email.id, "permalink": f"/e/{email.id}", "date": email.sent or "", "date_note": date_doubt(email),
        "sender": email.sender.attributed if email.sender else "",
        "recipients": _listed(email.to + email.cc + email.bcc),
        "to": _listed(email.to), "cc": _listed(email.cc), "bcc": _listed(email.bcc),
        "subject": email.subject, "bates": cited_bates(email),
        "pages": email.place, "release": email.release,
        "quoted": "yes" if email.quoted else "",
        "quoted_in": f"/e/{email.parent_id}" if email.quoted and email.parent_id else "",  # the email quoting it
        "people_gave": "; ".join(email.people_gave),  # the fields a person gave, not the page's reading
    }


def _listed(parties: Iterable[Party]) -> str:
    return "; ".join(p.attributed for p in parties)


def _page_row(page: Page) -> dict[str, str]:
    return {
        "id": f"{page.document_id}/p/{page.number}", "permalink": f"/d/{page.document_id}/p/{page.number}",
        "date": "", "date_note": "", "sender": "", "recipients": "", "to": "", "cc": "", "bcc": "", "subject": "", "bates": page.bates or "",
        "pages": page_range(page.number, page.number), "release": page.release, "quoted": "", "copies": "0",
        "quoted_in": "", "people_gave": "",
    }
