"""The Whoosh full-text index, derived from SQLite (the only module that imports Whoosh).

One index document per email (quoted copies included, flagged) and one per page
that belongs to no email, so nothing in a release is unsearchable. The index
stores ids and sort keys only; text for display and highlights comes from
SQLite. An index built with another schema version is rebuilt, never misread.

Layout: ``<root>/current`` names the live generation folder ``<root>/gen-<id>``;
a rebuild writes a new generation beside it and switches ``current`` with one
atomic rename, so readers never see a half-built index.

Where the time goes, and what this module does about it (Whoosh is pure Python):

- analysis: one C-level ``findall`` per text, shared by the stemmed ``body`` and
  the exact ``exact`` fields (same positions, so proximity may mix them);
- a long-lived searcher per process, refreshed only when the index changes;
- per-document sort keys and facet values are read once per segment from
  Whoosh columns into Python lists, so date ranges, date order, facet counts and
  the collapse of quoted copies are list and set operations, never range queries
  over terms, and the total is exact (it is ``len`` of the matching set);
- scoring runs only to fill the page on screen (``limit``), restricted to the
  final matching set.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import threading
import uuid
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import query as q
from .errors import IndexUnavailable
from .model import Email, Page, Party

SCHEMA_VERSION = "2"
VERSION_FILE = "schema-version"
CURRENT_FILE = "current"
MAX_EXPANSIONS = 512  # terms a wildcard or fuzzy word may stand for
FACET_SIZE = 20

_WORD = re.compile(r"\w+")
_SEP_VALUES = "\x1f"
_SEP_LABEL = "\x1e"


# -- analysis (shared by indexing, queries and snippets) -----------------------------------

def words(text: str) -> list[str]:
    """The indexed words of a text, lower case, in order (positions are list indexes)."""
    return _WORD.findall(text.lower())


def word_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, lower-case word) for every indexed word of ``text``."""
    for match in _WORD.finditer(text):
        yield match.start(), match.end(), match.group().lower()


@lru_cache(maxsize=262144)
def stem(word: str) -> str:
    from whoosh.lang.porter import stem as porter

    return str(porter(word))


_last_text: list[Any] = [None, []]


def _cached_words(text: str) -> list[str]:
    # body and exact index the very same string object: tokenize it once.
    if text is not _last_text[0]:
        _last_text[0], _last_text[1] = text, words(text)
    result: list[str] = _last_text[1]
    return result


_FORMATS: dict[str, type] = {}


def __getattr__(name: str) -> Any:
    # The schema (pickled by Whoosh into the index) names these classes; they are built on
    # first use so that importing the archive does not import Whoosh.
    if name in ("ExactPositions", "StemPositions"):
        return dict(zip(("ExactPositions", "StemPositions"), _formats(), strict=True))[name]
    raise AttributeError(name)


def _formats() -> tuple[type, type]:
    if _FORMATS:
        return _FORMATS["ExactPositions"], _FORMATS["StemPositions"]
    from whoosh import formats

    class ExactPositions(formats.Positions):  # type: ignore[misc]
        def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Iterator[tuple[str, int, float, bytes]]:
            poses: defaultdict[str, list[int]] = defaultdict(list)
            for i, w in enumerate(_cached_words(value) if isinstance(value, str) else value):
                poses[w].append(i)
            boost = self.field_boost
            for w, plist in poses.items():
                yield w, len(plist), len(plist) * boost, self.encode(plist)

    class StemPositions(formats.Positions):  # type: ignore[misc]
        def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Iterator[tuple[str, int, float, bytes]]:
            poses: defaultdict[str, list[int]] = defaultdict(list)
            for i, w in enumerate(_cached_words(value) if isinstance(value, str) else value):
                poses[stem(w)].append(i)
            boost = self.field_boost
            for w, plist in poses.items():
                yield w, len(plist), len(plist) * boost, self.encode(plist)

    for cls in (ExactPositions, StemPositions):
        cls.__qualname__ = cls.__name__
        cls.__module__ = __name__
        _FORMATS[cls.__name__] = cls
    return ExactPositions, StemPositions


def _schema() -> Any:
    from whoosh import columns, fields
    from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter

    exact_format, stem_format = _formats()
    exact_analyzer = RegexTokenizer(r"\w+") | LowercaseFilter()
    stem_analyzer = exact_analyzer | StemFilter(cachesize=-1)

    def text(stemmed: bool) -> Any:
        f = fields.TEXT(analyzer=stem_analyzer if stemmed else exact_analyzer)
        f.format = (stem_format if stemmed else exact_format)()
        return f

    def column() -> Any:
        return fields.COLUMN(columns.VarBytesColumn())

    return fields.Schema(
        key=fields.ID(stored=True, unique=True, sortable=True),
        kind=fields.ID(),
        release=fields.ID(sortable=True),
        document=fields.ID(),
        body=text(True),        # subject + body, stemmed
        exact=text(False),      # subject + body, as written (phrases, "quoted words", wildcards, fuzzy)
        subject=text(True),
        sender=text(False),     # names, addresses and redaction codes
        to=text(False),
        cc=text(False),         # cc and bcc
        sender_key=fields.ID(),
        recipient_key=fields.KEYWORD(commas=True),
        month=fields.ID(sortable=True),
        exemption=fields.KEYWORD(lowercase=True, commas=True),
        bates=fields.KEYWORD(lowercase=True, commas=True),
        pages=fields.KEYWORD(commas=True),
        source=fields.ID(),
        quoted=fields.ID(),
        sent=column(),
        parent=column(),
        f_sender=column(),
        f_recipient=column(),
        f_exemption=column(),
    )


# -- what goes in --------------------------------------------------------------------------

@dataclass(frozen=True)
class IndexEntry:
    """What the index holds for one searchable unit (an email or a loose page)."""

    key: str  # "e:<email id>" or "p:<document id>:<page>"
    kind: str  # "email" or "page"
    release: str
    document: str
    body: str
    subject: str
    sender: str
    to: str
    cc: str
    sent: str  # ISO date or ""
    exemptions: tuple[str, ...]
    bates: tuple[str, ...]
    pages: tuple[int, ...]
    source: str
    quoted: bool
    parent: str = ""  # key of the email quoting this copy
    sender_facet: tuple[tuple[str, str], ...] = ()  # (value, label)
    recipient_facet: tuple[tuple[str, str], ...] = ()


def _party_terms(parties: Iterable[Party | None]) -> str:
    return " ".join(f"{p.name} {p.address} {' '.join(p.redactions)}" for p in parties if p)


def party_facet(party: Party) -> tuple[str, str]:
    """(filter value, label) of a sender or recipient: the address when there is one."""
    if party.address:
        value = party.address.strip().lower()
        label = f"{party.name} <{party.address}>" if party.name else party.address
    elif party.name:
        value, label = " ".join(party.name.lower().split()), party.name
    else:
        value = label = party.display
    clean = value.replace(",", " ").replace(_SEP_LABEL, " ").replace(_SEP_VALUES, " ").strip()
    return clean or "[unknown]", label.replace(_SEP_LABEL, " ").replace(_SEP_VALUES, " ")


def entry_for_email(email: Email, source: str, page_bates: dict[int, str]) -> IndexEntry:
    pages = tuple(range(email.start_page, email.end_page + 1))
    recipients = dict(party_facet(p) for p in email.to + email.cc + email.bcc)
    return IndexEntry(
        key=f"e:{email.id}", kind="email", release=email.release, document=email.document_id,
        body=email.body, subject=email.subject, sender=_party_terms([email.sender]),
        to=_party_terms(email.to), cc=_party_terms(email.cc + email.bcc), sent=email.sent or "",
        exemptions=email.exemptions, bates=tuple(page_bates[p] for p in pages if p in page_bates),
        pages=pages, source=source, quoted=email.quoted,
        parent=f"e:{email.parent_id}" if email.parent_id else "",
        sender_facet=(party_facet(email.sender),) if email.sender else (),
        recipient_facet=tuple(recipients.items()),
    )


def entry_for_page(page: Page) -> IndexEntry:
    return IndexEntry(
        key=f"p:{page.document_id}:{page.number}", kind="page", release=page.release,
        document=page.document_id, body=page.text, subject="", sender="", to="", cc="", sent="",
        exemptions=page.exemptions, bates=(page.bates,) if page.bates else (),
        pages=(page.number,), source=page.source, quoted=False,
    )


def _joined(pairs: Iterable[tuple[str, str]]) -> bytes:
    return _SEP_VALUES.join(f"{v}{_SEP_LABEL}{label}" for v, label in pairs).encode()


def _fields(entry: IndexEntry) -> dict[str, Any]:
    text = f"{entry.subject}\n{entry.body}" if entry.subject else entry.body
    exemptions = tuple(e.replace(",", " ") for e in entry.exemptions)
    return {
        "key": entry.key, "kind": entry.kind, "release": entry.release, "document": entry.document,
        "body": text, "exact": text, "subject": entry.subject, "sender": entry.sender,
        "to": entry.to, "cc": entry.cc,
        "sender_key": entry.sender_facet[0][0] if entry.sender_facet else "",
        "recipient_key": ",".join(v for v, _ in entry.recipient_facet),
        "month": entry.sent[:7] if len(entry.sent) >= 7 else "",
        "exemption": ",".join(exemptions), "bates": ",".join(b.replace(",", "") for b in entry.bates),
        "pages": ",".join(str(p) for p in entry.pages), "source": entry.source,
        "quoted": "yes" if entry.quoted else "no",
        "sent": entry.sent.encode(), "parent": entry.parent.encode(),
        "f_sender": _joined(entry.sender_facet), "f_recipient": _joined(entry.recipient_facet),
        "f_exemption": _joined((e, e) for e in entry.exemptions),
    }


# -- what comes out ------------------------------------------------------------------------

@dataclass(frozen=True)
class IndexHit:
    key: str
    score: float
    quoted_in_count: int = 0


@dataclass(frozen=True)
class Highlight:
    """Which words of a text match the query: exact words, or words with a matching stem."""

    exact: frozenset[str]
    stems: frozenset[str]

    def matches(self, word: str) -> bool:
        return word in self.exact or (bool(self.stems) and stem(word) in self.stems)


@dataclass(frozen=True)
class IndexResult:
    total: int
    hits: tuple[IndexHit, ...]
    facets: dict[str, tuple[tuple[str, str, int], ...]]  # facet -> (value, label, count)
    highlight: Highlight
    messages: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()  # words wildcards and fuzzy words stood for


FACET_FIELDS = {"sender": "sender_key", "recipient": "recipient_key", "month": "month",
                "release": "release", "exemption": "exemption"}


@dataclass
class _Segment:
    """Per-segment column values (segments are immutable, so this is cached by segment id)."""

    keys: list[str]
    sent: list[str]
    parent: list[str]
    release: list[str]
    month: list[str]
    sender: list[tuple[str, ...]]
    recipient: list[tuple[str, ...]]
    exemption: list[tuple[str, ...]]
    labels: dict[str, dict[str, str]]


@dataclass
class _Snapshot:
    """A searcher plus everything derived from its columns (rebuilt when the index changes)."""

    searcher: Any
    build: str
    keys: list[str]
    sent: list[str]
    live: frozenset[int]
    parent: list[int]
    dated_asc: list[int]  # live dated docnums by (sent, key)
    dated_sent: list[str]  # their sent values, for bisect
    undated: list[int]  # live undated docnums by key
    rank: dict[int, int]  # docnum -> position in date order (dated_asc then undated)
    facet_values: dict[str, list[Any]]  # single-valued: str; multi-valued: tuple
    labels: dict[str, dict[str, str]]
    releases: set[str] = field(default_factory=set)
    expansions: dict[tuple[str, str, int], tuple[str, ...]] = field(default_factory=dict)


def _decode_multi(raw: bytes, labels: dict[str, str]) -> tuple[str, ...]:
    if not raw:
        return ()
    values = []
    for item in raw.decode().split(_SEP_VALUES):
        value, _, label = item.partition(_SEP_LABEL)
        labels.setdefault(value, label or value)
        values.append(value)
    return tuple(values)


def _read_segment(reader: Any) -> _Segment:
    def col(name: str) -> list[bytes]:
        return [v if isinstance(v, bytes) else str(v).encode() for v in reader.column_reader(name)]

    labels: dict[str, dict[str, str]] = {"sender": {}, "recipient": {}, "exemption": {}}
    return _Segment(
        keys=[b.decode() for b in col("key")],
        sent=[b.decode() for b in col("sent")],
        parent=[b.decode() for b in col("parent")],
        release=[b.decode() for b in col("release")],
        month=[b.decode() for b in col("month")],
        sender=[_decode_multi(b, labels["sender"]) for b in col("f_sender")],
        recipient=[_decode_multi(b, labels["recipient"]) for b in col("f_recipient")],
        exemption=[_decode_multi(b, labels["exemption"]) for b in col("f_exemption")],
        labels=labels,
    )


class SearchIndex:
    """Owns the Whoosh index folder; one long-lived searcher per process."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.RLock()
        self._snapshot: _Snapshot | None = None
        self._segments: dict[str, _Segment] = {}

    # -- layout ------------------------------------------------------------------------

    def _generation(self) -> Path | None:
        try:
            name = (self.root / CURRENT_FILE).read_text().strip()
        except OSError:
            return None
        return self.root / name if name else None

    def exists(self) -> bool:
        generation = self._generation()
        return generation is not None and (generation / VERSION_FILE).is_file()

    def is_current(self) -> bool:
        generation = self._generation()
        if generation is None:
            return False
        try:
            return (generation / VERSION_FILE).read_text().strip() == SCHEMA_VERSION
        except OSError:
            return False

    def _new_generation(self) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.root / f"gen-{uuid.uuid4().hex[:12]}"
        path.mkdir()
        return path

    def _switch_to(self, generation: Path) -> None:
        (generation / VERSION_FILE).write_text(SCHEMA_VERSION + "\n")
        tmp = self.root / (CURRENT_FILE + ".tmp")
        tmp.write_text(generation.name + "\n")
        os.replace(tmp, self.root / CURRENT_FILE)
        for other in self.root.iterdir():
            if other.is_dir() and other != generation:
                shutil.rmtree(other, ignore_errors=True)  # older generations, crashed rebuilds
            elif other.is_file() and other.name not in (CURRENT_FILE,):
                other.unlink(missing_ok=True)  # files of the pre-generation layout

    def create(self) -> None:
        """Make an empty index (discarding any older one)."""
        from whoosh import index

        generation = self._new_generation()
        index.create_in(str(generation), _schema())
        self._switch_to(generation)

    def _open(self) -> Any:
        from whoosh import index

        generation = self._generation()
        if generation is None or not self.is_current():
            raise IndexUnavailable(
                f"the search index at {self.root} is missing or was built by another version; "
                "run `foia reindex` to rebuild it from the database"
            )
        try:
            return index.open_dir(str(generation))
        except Exception as exc:  # a damaged index must say what to do, not crash
            raise IndexUnavailable(
                f"the search index at {generation} cannot be read ({exc}); "
                "run `foia reindex` to rebuild it from the database"
            ) from exc

    # -- writing -----------------------------------------------------------------------

    def replace_document(self, document_id: str, entries: Iterable[IndexEntry]) -> int:
        """Replace everything indexed for one document, in one commit."""
        if not self.is_current():
            self.create()
        ix = self._open()
        writer = ix.writer(timeout=60.0)
        count = 0
        try:
            writer.delete_by_term("document", document_id)
            for entry in entries:
                writer.add_document(**_fields(entry))
                count += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        return count

    def rebuild(self, entries: Iterator[IndexEntry], *, limitmb: int = 256) -> int:
        """Build a fresh generation beside the live one, then switch to it atomically.

        Memory is bounded by ``limitmb`` (Whoosh's posting pool) plus one document's
        entries: ``entries`` is consumed as a stream.
        """
        from whoosh import index

        generation = self._new_generation()
        ix = index.create_in(str(generation), _schema())
        writer = ix.writer(limitmb=limitmb)
        count = 0
        try:
            for entry in entries:
                writer.add_document(**_fields(entry))
                count += 1
        except BaseException:
            writer.cancel()
            shutil.rmtree(generation, ignore_errors=True)
            raise
        writer.commit()
        self._switch_to(generation)
        return count

    # -- reading -----------------------------------------------------------------------

    def _current(self) -> _Snapshot:
        """The cached searcher, refreshed if the index changed since it was opened."""
        generation = self._generation()
        build = generation.name if generation else ""
        snap = self._snapshot
        if snap is not None and snap.build == build:
            try:
                if snap.searcher.up_to_date():
                    return snap
            except Exception:  # noqa: S110 - the generation folder vanished; reopen below
                pass
        if snap is not None:
            snap.searcher.close()
            self._snapshot = None
        ix = self._open()
        searcher = ix.searcher()
        self._snapshot = self._load(searcher, build)
        return self._snapshot

    def _load(self, searcher: Any, build: str) -> _Snapshot:
        reader = searcher.reader()
        segments: dict[str, _Segment] = {}
        keys: list[str] = []
        sent: list[str] = []
        parents: list[str] = []
        facet_values: dict[str, list[Any]] = {f: [] for f in FACET_FIELDS}
        labels: dict[str, dict[str, str]] = {"sender": {}, "recipient": {}, "exemption": {}}
        for leaf, _offset in reader.leaf_readers():
            segment_id = f"{build}/{leaf.segment().segment_id()}" if leaf.segment() else ""
            seg = self._segments.get(segment_id) or _read_segment(leaf)
            segments[segment_id] = seg
            keys += seg.keys
            sent += seg.sent
            parents += seg.parent
            facet_values["release"] += seg.release
            facet_values["month"] += seg.month
            facet_values["sender"] += seg.sender
            facet_values["recipient"] += seg.recipient
            facet_values["exemption"] += seg.exemption
            for name, table in seg.labels.items():
                for value, label in table.items():
                    labels[name].setdefault(value, label)
        self._segments = segments
        live = frozenset(reader.all_doc_ids())
        key_doc = {keys[d]: d for d in live}
        parent = [key_doc.get(p, -1) if p else -1 for p in parents]
        dated_asc = sorted((d for d in live if sent[d]), key=lambda d: (sent[d], keys[d]))
        undated = sorted((d for d in live if not sent[d]), key=keys.__getitem__)
        rank = {d: i for i, d in enumerate(itertools.chain(dated_asc, undated))}
        return _Snapshot(
            searcher=searcher, build=build, keys=keys, sent=sent, live=live, parent=parent,
            dated_asc=dated_asc, dated_sent=[sent[d] for d in dated_asc], undated=undated,
            rank=rank, facet_values=facet_values, labels=labels,
            releases={facet_values["release"][d] for d in live},
        )

    def keys(self) -> set[str]:
        with self._lock:
            snap = self._current()
            return {snap.keys[d] for d in snap.live}

    def doc_count(self) -> int:
        with self._lock:
            return len(self._current().live)

    def close(self) -> None:
        with self._lock:
            if self._snapshot is not None:
                self._snapshot.searcher.close()
                self._snapshot = None

    def search(self, parsed: q.ParsedQuery, *, filters: Sequence[tuple[str, str]] = (),
               release: str | None = None, sort: str = "relevance", offset: int = 0,
               limit: int | None = 20, include_quoted: bool = False,
               facets: bool = True, allowed_releases: set[str] | None = None) -> IndexResult:
        """Answer a parsed query: exact total, one page of hits, facet counts over the whole set.

        ``limit=None`` returns every hit in order (for exports).
        """
        with self._lock:
            snap = self._current()
            plan = _Plan(snap)
            node = parsed.node
            extra: list[q.Node] = [q.Keyword(FACET_FIELDS[f], _facet_term(f, v))
                                   for f, v in filters if f in FACET_FIELDS]
            if release:
                extra.append(q.Keyword("release", release))
            if allowed_releases is not None:  # withdrawn releases are never shown
                extra += [q.Not(q.Keyword("release", r)) for r in snap.releases - allowed_releases]
            if extra:
                node = q.And(((node,) if not isinstance(node, q.MatchAll) else ()) + tuple(extra))
            docs = plan.docs(node)
            folded: Counter[int] = Counter()
            if not include_quoted:
                docs, folded = _collapse(docs, snap.parent)
            total = len(docs)
            order = plan.order(docs, sort, offset, limit)
            hits = tuple(IndexHit(snap.keys[d], score, folded.get(d, 0)) for d, score in order)
            facet_counts = _facets(snap, docs, filters) if facets else {}
            return IndexResult(total, hits, facet_counts, plan.highlight(), tuple(plan.messages),
                               tuple(dict.fromkeys(plan.expanded)))


def _facet_term(facet: str, value: str) -> str:
    return value.lower() if facet == "exemption" else value


def _collapse(docs: set[int], parent: list[int]) -> tuple[set[int], Counter[int]]:
    """Fold each quoted copy into the outermost quoting email that is also a hit."""
    folded: Counter[int] = Counter()
    hidden: set[int] = set()
    for d in docs:
        p = parent[d]
        top = -1
        steps = 0
        while p >= 0 and steps < 50:
            if p in docs:
                top = p
            p = parent[p]
            steps += 1
        if top >= 0:
            hidden.add(d)
            folded[top] += 1
    return (docs - hidden if hidden else docs), folded


def _facets(snap: _Snapshot, docs: set[int],
            filters: Sequence[tuple[str, str]]) -> dict[str, tuple[tuple[str, str, int], ...]]:
    out: dict[str, tuple[tuple[str, str, int], ...]] = {}
    chosen = defaultdict(set)
    for f, v in filters:
        chosen[f].add(v)
    for name in FACET_FIELDS:
        values = snap.facet_values[name]
        if name in ("release", "month"):
            counts = Counter(map(values.__getitem__, docs))
            counts.pop("", None)
        else:
            counts = Counter(itertools.chain.from_iterable(map(values.__getitem__, docs)))
        top = counts.most_common(FACET_SIZE)
        if name == "month":
            top.sort(reverse=True)
        shown = {v for v, _ in top}
        top += [(v, counts.get(v, 0)) for v in sorted(chosen.get(name, ())) if v not in shown]
        labels = snap.labels.get(name, {})
        out[name] = tuple((v, labels.get(v, v), c) for v, c in top)
    return out


class _Plan:
    """Turns the syntax tree into docnum sets (exact) and a Whoosh query (for scoring only)."""

    def __init__(self, snap: _Snapshot) -> None:
        self.snap = snap
        self.searcher = snap.searcher
        self.reader = snap.searcher.reader()
        self.messages: list[str] = []
        self.expanded: list[str] = []
        self.scoring: list[Any] = []
        self.exact: set[str] = set()
        self.stems: set[str] = set()

    # -- matching sets ---------------------------------------------------------------

    def docs(self, node: q.Node) -> set[int]:
        self._collect(node, negated=False)
        return self._docs(node)

    def _docs(self, node: q.Node) -> set[int]:
        if isinstance(node, q.MatchAll):
            return set(self.snap.live)
        if isinstance(node, q.DateRange):
            return self._dates(node)
        if isinstance(node, q.Not):
            return set(self.snap.live) - self._docs(node.child)
        if isinstance(node, q.Or):
            if all(_whooshable(c) for c in node.children):
                return self._run(self._query(node))
            result: set[int] = set()
            for child in node.children:
                result |= self._docs(child)
            return result
        if isinstance(node, q.And):
            textual = [c for c in node.children if _whooshable(c)]
            negative = [c.child for c in node.children if isinstance(c, q.Not)]
            others = [c for c in node.children if not _whooshable(c) and not isinstance(c, q.Not)]
            docs: set[int] | None = None
            if textual:
                docs = self._run(self._and_query(textual))
            for child in sorted(others, key=lambda c: 0 if isinstance(c, q.Keyword | q.DateRange) else 1):
                if docs is not None and not docs:
                    return docs
                found = self._docs(child)
                docs = found if docs is None else docs & found
            if docs is None:
                docs = set(self.snap.live)
            for child in negative:
                if not docs:
                    break
                docs -= self._docs(child)
            return docs
        return self._run(self._query(node))

    def _run(self, query: Any) -> set[int]:
        from whoosh.query import NullQuery

        if query is NullQuery or query is None:
            return set()
        return set(self.searcher.docs_for_query(query))

    def _and_query(self, nodes: list[q.Node]) -> Any:
        from whoosh import query as wq

        parts = [self._query(n) for n in nodes]
        if any(p is wq.NullQuery for p in parts):
            return wq.NullQuery
        return parts[0] if len(parts) == 1 else wq.And(parts)

    def _dates(self, node: q.DateRange) -> set[int]:
        snap = self.snap
        lo = bisect_left(snap.dated_sent, node.low) if node.low else 0
        hi = bisect_left(snap.dated_sent, node.high) if node.high else len(snap.dated_sent)
        return set(snap.dated_asc[lo:hi])

    # -- whoosh queries --------------------------------------------------------------

    def _query(self, node: q.Node) -> Any:
        from whoosh import query as wq

        if isinstance(node, q.Word):
            return self._word(node)
        if isinstance(node, q.Phrase):
            return self._phrase(node)
        if isinstance(node, q.Wildcard | q.Fuzzy):
            terms = self._expand(node)
            if not terms:
                return wq.NullQuery
            field_name = _exact_field(node.field)
            return wq.Or([wq.Term(field_name, t) for t in terms])
        if isinstance(node, q.Fielded):
            return self._query(node.child)
        if isinstance(node, q.Keyword):
            return wq.Prefix(node.field, node.value) if node.prefix else wq.Term(node.field, node.value)
        if isinstance(node, q.Near):
            return self._span(node)
        if isinstance(node, q.Or):
            parts = [p for p in (self._query(c) for c in node.children) if p is not wq.NullQuery]
            if not parts:
                return wq.NullQuery
            return parts[0] if len(parts) == 1 else wq.Or(parts)
        if isinstance(node, q.And):
            return self._and_query(list(node.children))
        raise AssertionError(f"not a text query: {node!r}")  # pragma: no cover - guarded by _whooshable

    def _word(self, node: q.Word) -> Any:
        from whoosh import query as wq

        if node.field in ("body", "subject") and not node.exact:
            return wq.Term(node.field, stem(node.text))
        return wq.Term(_exact_field(node.field), node.text)

    def _phrase(self, node: q.Phrase) -> Any:
        from whoosh import query as wq
        from whoosh.query.spans import SpanNear2

        field_name = _exact_field(node.field)
        texts = [stem(w) for w in node.words] if field_name == "subject" else list(node.words)
        if node.slop:
            return SpanNear2([wq.Term(field_name, t) for t in texts], slop=node.slop, ordered=False)
        return wq.Phrase(field_name, texts)

    def _span(self, node: q.Node) -> Any:
        from whoosh import query as wq
        from whoosh.query.spans import SpanNear, SpanNear2, SpanOr

        _teach_span_estimates()

        if isinstance(node, q.Near):
            left, right = self._span(node.left), self._span(node.right)
            if left is wq.NullQuery or right is wq.NullQuery:
                return wq.NullQuery
            return SpanNear(left, right, slop=node.distance, ordered=node.ordered)
        if isinstance(node, q.Word):
            return self._word(node)
        if isinstance(node, q.Phrase):
            terms = [wq.Term("exact", w) for w in node.words]
            return SpanNear2(terms, slop=max(node.slop, 1), ordered=not node.slop)
        if isinstance(node, q.Wildcard | q.Fuzzy):
            expanded = self._expand(node)
            if not expanded:
                return wq.NullQuery
            return SpanOr([wq.Term("exact", t) for t in expanded])
        if isinstance(node, q.Or):
            parts = [p for p in (self._span(c) for c in node.children) if p is not wq.NullQuery]
            return SpanOr(parts) if parts else wq.NullQuery
        raise AssertionError(f"not a proximity operand: {node!r}")  # pragma: no cover - parser checks

    def _expand(self, node: q.Wildcard | q.Fuzzy) -> tuple[str, ...]:
        from whoosh import query as wq

        field_name = _exact_field(node.field)
        text = node.pattern if isinstance(node, q.Wildcard) else node.text
        distance = node.distance if isinstance(node, q.Fuzzy) else -1
        cache_key = (field_name, text, distance)
        cached = self.snap.expansions.get(cache_key)
        if cached is None:
            if isinstance(node, q.Wildcard):
                source: Any = wq.Wildcard(field_name, text)
            else:
                source = wq.FuzzyTerm(field_name, text, maxdist=distance, prefixlength=1)
            found = []
            for btext in itertools.islice(source._btexts(self.reader), MAX_EXPANSIONS + 1):
                found.append(btext.decode() if isinstance(btext, bytes) else str(btext))
            if len(found) > MAX_EXPANSIONS:
                self.messages.append(
                    f'"{text}" stands for more than {MAX_EXPANSIONS} different words; searched the '
                    f"first {MAX_EXPANSIONS} in alphabetical order (make it longer to be sure)")
                found = found[:MAX_EXPANSIONS]
            cached = tuple(found)
            if len(self.snap.expansions) < 1000:
                self.snap.expansions[cache_key] = cached
        return cached

    # -- scoring and highlights -------------------------------------------------------

    def _collect(self, node: q.Node, negated: bool) -> None:
        """Remember the positive text parts: they score hits and get highlighted."""
        if isinstance(node, q.Not):
            self._collect(node.child, not negated)
        elif isinstance(node, q.And | q.Or):
            for child in node.children:
                self._collect(child, negated)
        elif isinstance(node, q.Near):
            self._collect(node.left, negated)
            self._collect(node.right, negated)
            if not negated:
                self.scoring.append(node)
        elif isinstance(node, q.Word | q.Phrase | q.Wildcard | q.Fuzzy | q.Fielded) and not negated:
            self.scoring.append(node)
            target = node.child if isinstance(node, q.Fielded) else node
            if getattr(target, "field", "") != "body":
                return
            if isinstance(target, q.Word):
                (self.exact.add(target.text) if target.exact else self.stems.add(stem(target.text)))
            elif isinstance(target, q.Phrase):
                self.exact.update(target.words)
            elif isinstance(target, q.Wildcard | q.Fuzzy):
                terms = self._expand(target)
                self.exact.update(terms)
                self.expanded.extend(terms[:50])

    def highlight(self) -> Highlight:
        return Highlight(frozenset(self.exact), frozenset(self.stems))

    def order(self, docs: set[int], sort: str, offset: int, limit: int | None) -> list[tuple[int, float]]:
        need = None if limit is None else offset + limit
        if sort == "relevance" and self.scoring and docs:
            ranked = self._ranked(docs, need)
            if need is None or len(ranked) < need:
                rest = docs.difference(d for d, _ in ranked)
                ranked += [(d, 0.0) for d in self._by_date(rest, "-date", None if need is None else need - len(ranked))]
        else:
            ranked = [(d, 0.0) for d in self._by_date(docs, "date" if sort == "date" else "-date", need)]
        return ranked[offset:need]

    def _ranked(self, docs: set[int], need: int | None) -> list[tuple[int, float]]:
        from whoosh import query as wq

        parts = [p for p in (self._score_query(n) for n in self.scoring) if p is not wq.NullQuery]
        if not parts:
            return []
        scorer = parts[0] if len(parts) == 1 else wq.Or(parts)
        # A little more than a page, so ties at the edge are broken by key, not by docnum.
        limit = None if need is None else need + 10
        results = self.searcher.search(scorer, filter=docs, limit=limit)
        keys = self.snap.keys
        scored = sorted(((d, round(s, 6)) for d, s in results.items()), key=lambda x: (-x[1], keys[x[0]]))
        return scored if need is None else scored[:need]

    def _score_query(self, node: q.Node) -> Any:
        """The query that scores a node: positions are already checked (hits are filtered to
        ``docs``), so phrases and proximity score as their plain words, which is much cheaper."""
        from whoosh import query as wq

        target = node.child if isinstance(node, q.Fielded) else node
        if isinstance(target, q.Phrase):
            field_name = _exact_field(target.field)
            texts = [stem(w) for w in target.words] if field_name == "subject" else list(target.words)
            return wq.And([wq.Term(field_name, t) for t in texts])
        if isinstance(target, q.Near):
            parts = [self._score_query(c) for c in (target.left, target.right)]
            return wq.NullQuery if wq.NullQuery in parts else wq.And(parts)
        if isinstance(target, q.Or):
            parts = [p for p in (self._score_query(c) for c in target.children) if p is not wq.NullQuery]
            return wq.Or(parts) if parts else wq.NullQuery
        return self._query(target)

    def _by_date(self, docs: set[int], sort: str, need: int | None) -> list[int]:
        snap = self.snap
        if need is not None and len(docs) * 8 > len(snap.rank):
            # a big set: walk the precomputed date order until the page is full
            order: Iterable[int] = (reversed(snap.dated_asc) if sort == "-date" else snap.dated_asc)
            picked = [d for d in itertools.islice((d for d in order if d in docs), need)]
            if len(picked) < need:
                picked += list(itertools.islice((d for d in snap.undated if d in docs), need - len(picked)))
            return picked
        rank = snap.rank
        dated = sorted((d for d in docs if snap.sent[d]), key=rank.__getitem__, reverse=sort == "-date")
        undated = sorted((d for d in docs if not snap.sent[d]), key=rank.__getitem__)
        result = dated + undated
        return result if need is None else result[:need]


def _teach_span_estimates() -> None:
    """Whoosh's SpanNear and SpanOr cannot estimate their size, which And/Or need to plan."""
    from whoosh.query.spans import SpanNear, SpanOr

    for cls in (SpanNear, SpanOr):
        if "estimate_size" not in cls.__dict__:
            cls.estimate_size = lambda self, reader: self.q.estimate_size(reader)
            cls.estimate_min_size = lambda self, reader: self.q.estimate_min_size(reader)


def _exact_field(field_name: str) -> str:
    return "exact" if field_name == "body" else field_name


def _whooshable(node: q.Node) -> bool:
    """Can Whoosh answer this subtree by itself (no dates, negations or match-all)?"""
    if isinstance(node, q.DateRange | q.Not | q.MatchAll):
        return False
    if isinstance(node, q.And | q.Or):
        return all(_whooshable(c) for c in node.children)
    return True
