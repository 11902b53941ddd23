"""The Whoosh full-text index, derived from SQLite (the only module that imports Whoosh).

One index document per email (quoted copies included, flagged) and one per page
that belongs to no email, so nothing in a release is unsearchable. The index
stores ids and sort keys only; text for display and highlights comes from
SQLite. An index built with another schema version is rebuilt, never misread.

Layout: ``<root>/current`` names the live generation folder ``<root>/gen-<id>``;
a rebuild writes a new generation beside it and switches ``current`` with one
atomic rename, so readers never see a half-built index.

Where the time goes, and what this module does about it (Whoosh is pure Python):

- one text field for subject + body, as written (``exact``); a stemmed word is
  searched as every word of its vocabulary with that stem, read together as one
  term, so nothing is indexed twice and scores are what a stemmed field gave;
- analysis: one C-level ``findall`` per text; positions stored as machine arrays;
- Whoosh stores the postings and looks up terms and wildcards; this module reads
  whole posting blocks and answers the query itself: set algebra for the
  matching documents, phrase and proximity checks only on documents holding every
  word (whole-set occurrence arithmetic for exact phrases and ``a w/N b``,
  Whoosh's own span rules otherwise), BM25F as Whoosh computes it for the final set;
- a long-lived searcher per process, refreshed only when the index changes;
  segment files are read in place from the memory map (Whoosh copied them);
- per-document sort keys and facet values are read once per segment from
  Whoosh columns into Python lists (facets as small integer codes), so date
  ranges, date order, facet counts and the collapse of quoted copies are list and
  set operations, and the total is exact (it is ``len`` of the matching set);
- commits add a segment and merge segments in size tiers, not on every commit;
  a full rebuild runs in two processes, one segment each.
"""

from __future__ import annotations

import heapq
import itertools
import math
import operator
import os
import re
import shutil
import threading
import uuid
from array import array
from bisect import bisect_left
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from . import query as q
from .errors import IndexUnavailable
from .model import Email, Page, Party
from .whoosh_private import block_postings, deleted_docs

SCHEMA_VERSION = "3"
VERSION_FILE = "schema-version"
CURRENT_FILE = "current"
MAX_EXPANSIONS = 512  # terms a wildcard or fuzzy word may stand for
# Expanding a wildcard or fuzzy word reads the vocabulary (all of it when the word begins with
# a wildcard), so a query may expand only so many; the rest match nothing, and it says so.
MAX_PATTERNS = 8
MAX_UNANCHORED = 2  # of which begin with * or ?
MAX_ALTERNATIVES = 200  # matching words a highlight finds with one regular expression
FACET_SIZE = 20
# Decoded postings kept between searches of one index snapshot, counted in postings (about
# 60 bytes each): reading Whoosh's pickled blocks is most of a search's cost, and the terms
# people search share most of their words.
POSTINGS_CACHE = 3_000_000  # postings a searcher keeps decoded by default (~60 bytes each)

_WORD = re.compile(r"\w+")
_SEP_VALUES = "\x1f"
_SEP_LABEL = "\x1e"


# -- analysis (shared by indexing, queries and snippets) -----------------------------------

def words(text: str) -> list[str]:
    """The indexed words of a text, lower case, in order (positions are list indexes)."""
    return _WORD.findall(text.lower())


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
_KEY = 1 << 32  # docnum * _KEY + position: one int per word occurrence, for set algebra


def _pack_positions(positions: Sequence[int]) -> bytes:
    """Positions as a machine array: decoding is one C call, and a whole posting list's
    values join into one array (see ``_Plan.occurrences``)."""
    return array("I", positions).tobytes()


def _unpack_positions(value: bytes) -> array[int]:
    positions = array("I")
    positions.frombytes(value)
    return positions


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

    class _Positions(formats.Positions):  # type: ignore[misc]
        def encode(self, poslist: Sequence[int]) -> bytes:
            return _pack_positions(poslist)

        def decode_positions(self, valuestring: bytes) -> list[int]:
            return list(_unpack_positions(valuestring))

        def decode_frequency(self, valuestring: bytes) -> int:
            return len(valuestring) // 4

        def decode_weight(self, valuestring: bytes) -> float:
            return float(len(valuestring) // 4 * self.field_boost)

        def _terms(self, value: Any) -> Iterable[str]:
            return _cached_words(value) if isinstance(value, str) else value

        def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Iterator[tuple[str, int, float, bytes]]:
            poses: defaultdict[str, list[int]] = defaultdict(list)
            for i, w in enumerate(self._terms(value)):
                poses[w].append(i)
            boost = self.field_boost
            for w, plist in poses.items():
                yield w, len(plist), len(plist) * boost, _pack_positions(plist)

    class ExactPositions(_Positions):
        pass

    class StemPositions(_Positions):
        def _terms(self, value: Any) -> Iterable[str]:
            return map(stem, _cached_words(value) if isinstance(value, str) else value)

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
        # subject + body as written; a stemmed word is searched as every indexed word with
        # that stem (found in this field's vocabulary at query time), so there is no second,
        # stemmed copy of the text to index
        exact=text(False),
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


MERGE_FANOUT = 8  # a commit merges the segments of a size tier once it holds this many


def _storage(folder: Path) -> Any:
    """Whoosh's storage for one index generation, without memory maps: Whoosh opens a
    memory-mapped segment's parts as in-memory copies (every segment copied into memory
    on every reader refresh); unmapped, it reads them in place from the segment file.
    One thread reads at a time (the searcher's lock), as shared file positions need."""
    from whoosh.filedb.filestore import FileStorage

    return FileStorage(str(folder), supports_mmap=False)


def _codec() -> Any:
    """Whoosh's codec with uncompressed posting blocks: reading a long posting list costs a
    third less (no zlib), for an index about twice the size."""
    from whoosh.codec.whoosh3 import W3Codec

    return W3Codec(compression=0)

def _merge_tiers(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh merge policy: log-structured tiers by document count (powers of MERGE_FANOUT).

    A tier holding MERGE_FANOUT segments is merged into the segment being written, so each
    document is rewritten about log(n) times in all and a search sees a few dozen segments at
    most. Segments whose documents were all replaced are dropped without merging.
    """
    from whoosh.reading import SegmentReader

    tiers: defaultdict[int, list[Any]] = defaultdict(list)
    kept: list[Any] = []
    for segment in segments:
        if segment.doc_count() == 0:
            continue  # everything in it was deleted
        tiers[int(math.log(max(segment.doc_count_all(), 1), MERGE_FANOUT))].append(segment)
    merging: list[Any] = []
    for _tier, members in sorted(tiers.items()):
        if not merging and len(members) >= MERGE_FANOUT:
            merging = members
        else:
            kept += members
    for segment in merging:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return kept


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
        "exact": text, "subject": entry.subject, "sender": entry.sender,
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
    """Which words of a text match the query: exact words, or words with a matching stem.

    The one home of highlighting: snippets, the email page and the page view all mark the
    words this decides, and never build a pattern out of the query's raw text (a run of
    wildcards made such a pattern backtrack exponentially). Wildcards and fuzzy words are
    the words the index expanded them to (at most ``MAX_EXPANSIONS`` each).
    """

    exact: frozenset[str]
    stems: frozenset[str]

    def matches(self, word: str) -> bool:
        return word in self.exact or (bool(self.stems) and stem(word) in self.stems)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every indexed word of ``text`` that matches, each distinct word
        decided once (most words of a text do not match)."""
        words = set(map(str.lower, _WORD.findall(text)))
        matching = words & self.exact
        if self.stems:
            matching.update(w for w in words if stem(w) in self.stems)
        if not matching:
            return []
        lowered = text.lower()
        # word by word when a letter's lower case is longer ("İ"), or when so many words match
        # that one alternation of them would cost more to compile than it saves
        if len(lowered) != len(text) or len(matching) > MAX_ALTERNATIVES:
            return [m.span() for m in _WORD.finditer(text) if m.group().lower() in matching]
        # the matching words as whole words (no word character either side), found at C speed
        alternatives = "|".join(map(re.escape, sorted(matching, key=lambda w: (-len(w), w))))
        return [m.span() for m in re.finditer(rf"(?<!\w)(?:{alternatives})(?!\w)", lowered)]


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
    """Per-segment column values (segments are immutable, so this is cached by segment id).

    Columns are tuples, not lists: a tuple of strings drops out of Python's cycle collector,
    which would otherwise walk every value of a 100k-email index in each full collection."""

    keys: tuple[str, ...]
    sent: tuple[str, ...]
    parent: tuple[str, ...]
    release: tuple[str, ...]
    month: tuple[str, ...]
    sender: tuple[tuple[str, ...], ...]
    recipient: tuple[tuple[str, ...], ...]
    exemption: tuple[tuple[str, ...], ...]
    labels: dict[str, dict[str, str]]
    lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)  # field -> length per doc, on demand


class _Lru:
    """A least-recently-used map bounded by the total weight of its values (not thread-safe:
    the searcher's lock is held around every search)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.weight = 0
        self._items: OrderedDict[Any, tuple[Any, int]] = OrderedDict()

    def get(self, key: Any) -> Any:
        found = self._items.get(key)
        if found is None:
            return None
        self._items.move_to_end(key)
        return found[0]

    def put(self, key: Any, value: Any, weight: int) -> None:
        if weight > self.limit:
            return
        old = self._items.pop(key, None)
        if old is not None:
            self.weight -= old[1]
        self._items[key] = (value, weight)
        self.weight += weight
        while self.weight > self.limit:
            _key, (_value, dropped) = self._items.popitem(last=False)
            self.weight -= dropped


@dataclass
class _Snapshot:
    """A searcher plus everything derived from its columns (rebuilt when the index changes).

    What it keeps for the life of the snapshot is held in tuples, arrays and dicts of numbers,
    which Python's cycle collector does not walk (see _Segment): a full collection over lists
    of a 100k-email index and its caches stalled every request of the process for 170 ms."""

    searcher: Any
    build: str
    keys: tuple[str, ...]
    sent: tuple[str, ...]
    live: frozenset[int]
    parent: tuple[int, ...]
    dated_asc: tuple[int, ...]  # live dated docnums by (sent, key)
    dated_sent: tuple[str, ...]  # their sent values, for bisect
    undated: tuple[int, ...]  # live undated docnums by key
    rank: dict[int, int]  # docnum -> position in date order (dated_asc then undated)
    facet_values: dict[str, tuple[Any, ...]]  # single-valued: str; multi-valued: tuple
    labels: dict[str, dict[str, str]]
    releases: set[str] = field(default_factory=set)
    expansions: dict[tuple[str, str, int], tuple[str, ...]] = field(default_factory=dict)
    truncated: set[tuple[str, str, int]] = field(default_factory=set)  # expansions cut at the limit
    leaves: list[tuple[Any, int, _Segment]] = field(default_factory=list)  # (reader, docbase, columns)
    deleted: frozenset[int] = frozenset()  # docnums deleted but still in their segment
    quoted: frozenset[int] = frozenset()  # live docnums with a parent (quoted copies)
    doc_count_all: int = 0
    norms: dict[str, array[float]] = field(default_factory=dict)  # field -> BM25 length norm per docnum
    codes: dict[str, _FacetColumn] = field(default_factory=dict)  # facet -> its column, on demand
    cache_postings: int = POSTINGS_CACHE
    postings: _Lru = field(init=False)  # (field, text) -> _Postings
    spans: _Lru = field(init=False)  # span program -> docnums, sorted array
    scores: _Lru = field(init=False)  # _Unit -> (docnums, BM25F scores)

    def __post_init__(self) -> None:
        self.postings, self.spans, self.scores = (_Lru(self.cache_postings) for _ in range(3))


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
        keys=tuple(b.decode() for b in col("key")),
        sent=tuple(b.decode() for b in col("sent")),
        parent=tuple(b.decode() for b in col("parent")),
        release=tuple(b.decode() for b in col("release")),
        month=tuple(b.decode() for b in col("month")),
        sender=tuple(_decode_multi(b, labels["sender"]) for b in col("f_sender")),
        recipient=tuple(_decode_multi(b, labels["recipient"]) for b in col("f_recipient")),
        exemption=tuple(_decode_multi(b, labels["exemption"]) for b in col("f_exemption")),
        labels=labels,
    )


class SearchIndex:
    """Owns the Whoosh index folder; one long-lived searcher per process."""

    def __init__(self, root: Path, *, cache_postings: int = POSTINGS_CACHE) -> None:
        self.root = root
        self.cache_postings = cache_postings  # postings kept decoded between searches; 0 keeps none
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

        generation = self._new_generation()
        _storage(generation).create_index(_schema())
        self._switch_to(generation)

    def _open(self) -> Any:

        generation = self._generation()
        if generation is None or not self.is_current():
            raise IndexUnavailable(
                f"the search index at {self.root} is missing or was built by another version; "
                "run `foia reindex` to rebuild it from the database"
            )
        try:
            return _storage(generation).open_index()
        except Exception as exc:  # a damaged index must say what to do, not crash
            raise IndexUnavailable(
                f"the search index at {generation} cannot be read ({exc}); "
                "run `foia reindex` to rebuild it from the database"
            ) from exc

    # -- writing -----------------------------------------------------------------------

    def replace_document(self, document_id: str, entries: Iterable[IndexEntry]) -> int:
        """Replace everything indexed for one document, in one commit."""
        return self.replace_documents([(document_id, entries)])

    def replace_documents(self, documents: Iterable[tuple[str, Iterable[IndexEntry]]]) -> int:
        """Replace everything indexed for several documents, in one commit (one new segment).

        Commits do not merge the archive's segments on every call, as Whoosh does by default:
        segments are merged in tiers (see :func:`_merge_tiers`), so a commit costs about the
        size of what it adds, not of what is already indexed.
        """
        if not self.is_current():
            self.create()
        ix = self._open()
        writer = ix.writer(timeout=60.0, codec=_codec())
        count = 0
        try:
            for document_id, entries in documents:
                writer.delete_by_term("document", document_id)
                for entry in entries:
                    writer.add_document(**_fields(entry))
                    count += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=_merge_tiers)
        return count

    def rebuild(self, entries: Iterator[IndexEntry], *, limitmb: int = 256, procs: int = 1) -> int:
        """Build a fresh generation beside the live one, then switch to it atomically.

        Memory is bounded by ``limitmb`` (Whoosh's posting pool, per process) plus one
        document's entries: ``entries`` is consumed as a stream. With ``procs`` > 1, Whoosh
        indexes in that many processes and keeps one segment per process (no final merge).
        """

        generation = self._new_generation()
        ix = _storage(generation).create_index(_schema())
        if procs > 1:
            writer = ix.writer(procs=procs, limitmb=limitmb, multisegment=True, codec=_codec())
        else:
            writer = ix.writer(limitmb=limitmb, codec=_codec())
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
        searcher = None
        try:
            searcher = ix.searcher()
            self._snapshot = self._load(searcher, build)
        except Exception as exc:  # segment files missing or damaged: as unreadable as a bad TOC
            if searcher is not None:
                searcher.close()
            raise IndexUnavailable(
                f"the search index at {self.root} cannot be read ({exc}); "
                "run `foia reindex` to rebuild it from the database") from exc
        return self._snapshot

    def check(self) -> None:
        """Raise IndexUnavailable unless the index can be searched now."""
        with self._lock:
            self._current()

    def _load(self, searcher: Any, build: str) -> _Snapshot:
        reader = searcher.reader()
        segments: dict[str, _Segment] = {}
        keys: list[str] = []
        sent: list[str] = []
        parents: list[str] = []
        facet_values: dict[str, list[Any]] = {f: [] for f in FACET_FIELDS}
        labels: dict[str, dict[str, str]] = {"sender": {}, "recipient": {}, "exemption": {}}
        leaves: list[tuple[Any, int, _Segment]] = []
        deleted: set[int] = set()
        for leaf, offset in reader.leaf_readers():
            segment_id = f"{build}/{leaf.segment().segment_id()}" if leaf.segment() else ""
            seg = self._segments.get(segment_id) or _read_segment(leaf)
            segments[segment_id] = seg
            leaves.append((leaf, offset, seg))
            deleted.update(offset + d for d in deleted_docs(leaf))
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
            searcher=searcher, build=build, keys=tuple(keys), sent=tuple(sent), live=live, parent=tuple(parent),
            dated_asc=tuple(dated_asc), dated_sent=tuple(sent[d] for d in dated_asc), undated=tuple(undated),
            rank=rank, facet_values={name: tuple(values) for name, values in facet_values.items()}, labels=labels,
            releases={facet_values["release"][d] for d in live},
            leaves=leaves, deleted=frozenset(deleted), quoted=frozenset(d for d in live if parent[d] >= 0),
            doc_count_all=reader.doc_count_all(), cache_postings=self.cache_postings,
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

    def highlight(self, parsed: q.ParsedQuery) -> Highlight:
        """The words a query marks in a text, without searching (for a page opened from a search)."""
        with self._lock:
            plan = _Plan(self._current())
            plan.collect(parsed.node)
            return plan.highlight()

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
                docs, folded = _collapse(docs, snap.parent, snap.quoted)
            total = len(docs)
            docnums = np.fromiter(docs, np.int64, len(docs))  # once, for ranking and facets
            order = plan.order(docs, docnums, sort, offset, limit)
            hits = tuple(IndexHit(snap.keys[d], score, folded.get(d, 0)) for d, score in order)
            facet_counts = _facets(snap, docnums, filters) if facets else {}
            return IndexResult(total, hits, facet_counts, plan.highlight(), tuple(plan.messages),
                               tuple(dict.fromkeys(plan.expanded)))


def _facet_term(facet: str, value: str) -> str:
    return value.lower() if facet == "exemption" else value


def _collapse(docs: _Docs, parent: Sequence[int], quoted: frozenset[int]) -> tuple[_Docs, Counter[int]]:
    """Fold each quoted copy into the outermost quoting email that is also a hit."""
    folded: Counter[int] = Counter()
    hidden: set[int] = set()
    for d in (docs & quoted if len(docs) < len(quoted) else quoted & docs):
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


def _facets(snap: _Snapshot, docnums: npt.NDArray[np.int64],
            filters: Sequence[tuple[str, str]]) -> dict[str, tuple[tuple[str, str, int], ...]]:
    """Each facet's most frequent values over ``docnums`` (ties by value), and the chosen ones."""
    out: dict[str, tuple[tuple[str, str, int], ...]] = {}
    chosen = defaultdict(set)
    for f, v in filters:
        chosen[f].add(v)
    for name in FACET_FIELDS:
        column = _facet_column(snap, name)
        # the docs' runs of codes, gathered in one step: run i is starts[i] .. starts[i] + lengths[i]
        starts = column.bounds[docnums]
        lengths = column.bounds[docnums + 1] - starts
        ends = np.cumsum(lengths)
        picked = np.arange(ends[-1] if len(ends) else 0) + np.repeat(starts - (ends - lengths), lengths)
        counts = np.bincount(column.codes[picked], minlength=len(column.names))
        blank = column.index.get("")
        if blank is not None:
            counts[blank] = 0
        # names are sorted and the sort is stable: most documents first, then by value
        best = np.argsort(-counts, kind="stable")[:FACET_SIZE].tolist()
        top = [(column.names[i], int(counts[i])) for i in best if counts[i]]
        if name == "month":
            top.sort(reverse=True)
        shown = {v for v, _ in top}
        top += [(v, int(counts[column.index[v]]) if v in column.index else 0)
                for v in sorted(chosen.get(name, ())) if v not in shown]
        labels = snap.labels.get(name, {})
        out[name] = tuple((v, labels.get(v, v), c) for v, c in top)
    return out


@dataclass(frozen=True)
class _FacetColumn:
    """A facet's values for every docnum, flat: docnum d has ``names[c]`` for each code c in
    ``codes[bounds[d]:bounds[d + 1]]`` (counted over a result set with one ``bincount``)."""

    names: list[str]  # sorted
    index: dict[str, int]
    bounds: npt.NDArray[np.int64]
    codes: npt.NDArray[np.int32]


def _facet_column(snap: _Snapshot, name: str) -> _FacetColumn:
    column = snap.codes.get(name)
    if column is None:
        values = snap.facet_values[name]
        rows: Sequence[tuple[str, ...]] = [(v,) for v in values] if name in ("release", "month") else values
        names = sorted({v for row in rows for v in row})
        index = {v: i for i, v in enumerate(names)}
        bounds = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, rows), np.int64, len(rows)), out=bounds[1:])
        codes = np.fromiter((index[v] for row in rows for v in row), np.int32, int(bounds[-1]))
        column = snap.codes[name] = _FacetColumn(names, index, bounds, codes)
    return column


# A term as the index is asked for it: a field and the indexed words that count as one
# term. A stemmed body word is every word of the exact field with that stem, read together
# (their positions merged, their frequencies added), so it scores exactly as one term would.
_Unit = tuple[str, tuple[str, ...]]
_Docs = set[int] | frozenset[int]  # docnums; frozen when shared through a snapshot cache
_Span = tuple[int, int]
_K1, _B = 1.2, 0.75  # Whoosh's BM25F defaults, which the index has always scored with


@dataclass
class _Postings:
    """Every posting of a unit, deleted documents included (Whoosh's statistics count them);
    arrays and a tuple of bytes, which the cycle collector does not walk once it is cached."""

    ids: Sequence[int]
    weights: Sequence[float]
    values: Sequence[bytes]


def _within(p: _Postings, docs: _Docs) -> tuple[list[int], list[float], list[bytes]]:
    """The postings whose document is in ``docs`` (filtered at C speed, no Python loop)."""
    keep = list(map(docs.__contains__, p.ids))
    return (list(itertools.compress(p.ids, keep)), list(itertools.compress(p.weights, keep)),
            list(itertools.compress(p.values, keep)))


def _leaf_postings(leaf: Any, offset: int, field_name: str, text: str,
                   out: tuple[list[int], list[float], list[bytes]]) -> None:
    """Append one segment's postings for a term to ``out`` (ids, weights, values)."""
    out_ids, out_weights, out_values = out
    for ids, weights, values in block_postings(leaf, field_name, text):
        out_ids += [i + offset for i in ids] if offset else ids
        out_weights += weights
        out_values += values


def _merge_spans(spans: list[_Span]) -> list[_Span]:
    """Whoosh's Span.merge: join overlapping and touching spans (``spans`` sorted by start)."""
    merged: list[_Span] = []
    for start, end in spans:
        if merged and start <= merged[-1][1] + 1:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _distance(a: _Span, b: _Span) -> int:
    if a[0] <= b[1] and b[0] <= a[1]:
        return 0
    if a[1] < b[0]:
        return b[0] - a[1]
    return a[0] - b[1]


def _near(aspans: list[_Span], bspans: list[_Span], slop: int, ordered: bool) -> list[_Span]:
    """Whoosh's SpanNear/SpanNear2 step (mindist 1): spans of ``b`` within ``slop`` of ``a``."""
    spans: set[_Span] = set()
    starts = [b[0] for b in bspans]
    for a in aspans:
        a_start, a_end = a
        j = bisect_left(starts, a_start if ordered else max(0, a_start - slop))
        for b in itertools.islice(bspans, j, None):
            if b[1] < a_start - slop or (ordered and a_start > b[0]):
                continue
            if b[0] > a_end + slop:
                break
            if 1 <= _distance(a, b) <= slop:
                spans.add((min(a_start, b[0]), max(a_end, b[1])))
    return sorted(spans)


class _Plan:
    """Answers the syntax tree from the index's postings: exact docnum sets, positions checked
    only on candidate documents, and BM25F scores computed only for the final set.

    Whoosh stores and looks up the terms; the set algebra, phrase and proximity checks and
    scoring happen here on whole posting blocks, which is several times faster than Whoosh's
    per-posting matchers in pure Python. The semantics are Whoosh's own (its Phrase, SpanNear,
    SpanNear2 and SpanOr rules, its BM25F formula and statistics), so results are unchanged.
    """

    def __init__(self, snap: _Snapshot) -> None:
        self.snap = snap
        self.searcher = snap.searcher
        self.reader = snap.searcher.reader()
        self.messages: list[str] = []
        self.expanded: list[str] = []
        self.scoring: list[q.Node] = []
        self.exact: set[str] = set()
        self.stems: set[str] = set()
        self._unit_docs: dict[_Unit, set[int]] = {}
        self._patterns: dict[tuple[str, str, int], bool] = {}  # expanded so far: within the bounds?

    # -- reading the index -------------------------------------------------------------

    def postings(self, field_name: str, text: str) -> _Postings:
        cache = self.snap.postings
        found: _Postings | None = cache.get((field_name, text))
        if found is None:
            read: tuple[list[int], list[float], list[bytes]] = ([], [], [])
            for leaf, offset, _seg in self.snap.leaves:
                _leaf_postings(leaf, offset, field_name, text, read)
            found = _Postings(array("i", read[0]), array("d", read[1]), tuple(read[2]))
            cache.put((field_name, text), found, len(found.ids) + 1)
        return found

    def unit_docs(self, unit: _Unit) -> set[int]:
        docs = self._unit_docs.get(unit)
        if docs is None:
            field_name, texts = unit
            docs = set()
            for text in texts:
                docs.update(self.postings(field_name, text).ids)
            if self.snap.deleted:
                docs -= self.snap.deleted
            self._unit_docs[unit] = docs
        return docs

    def unit_positions(self, unit: _Unit, docs: _Docs) -> dict[int, Sequence[int]]:
        """Positions of a unit in each of ``docs`` that holds it (sorted)."""
        field_name, texts = unit
        out: dict[int, Sequence[int]] = {}
        for text in texts:
            ids, _weights, values = _within(self.postings(field_name, text), docs)
            found: dict[int, Sequence[int]] = dict(zip(ids, map(array, itertools.repeat("I"), values), strict=True))
            if not out:
                out = found
                continue
            both = {d: sorted([*out[d], *found[d]]) for d in out.keys() & found.keys()}
            out.update(found)
            out.update(both)
        return out

    def word_unit(self, node: q.Word) -> _Unit:
        if node.field == "body" and not node.exact:
            return ("exact", self.stem_words(stem(node.text)))
        if node.field == "subject" and not node.exact:
            return ("subject", (stem(node.text),))
        return (_exact_field(node.field), (node.text,))

    def stem_words(self, root: str) -> tuple[str, ...]:
        """Every word of the exact field whose stem is ``root``.

        A Porter stem differs from its word in at most its last two letters (``ibility`` ->
        ``ibl``, ``y`` -> ``i``, an added ``e``), so only words sharing the rest are stemmed.
        """
        cache_key = ("exact", root, -2)
        cached = self.snap.expansions.get(cache_key)
        if cached is None:
            prefix = root[:max(1, len(root) - 2)]
            found = []
            for btext in self.reader.expand_prefix("exact", prefix):
                word = btext.decode() if isinstance(btext, bytes) else str(btext)
                if stem(word) == root:
                    found.append(word)
            cached = tuple(found)
            if len(self.snap.expansions) < 5000:
                self.snap.expansions[cache_key] = cached
        return cached

    # -- matching sets ---------------------------------------------------------------

    def docs(self, node: q.Node) -> _Docs:
        self.collect(node)
        return self._docs(node, None)

    def _docs(self, node: q.Node, within: _Docs | None) -> _Docs:
        """Docnums matching ``node`` (only among ``within`` when that is given: a cheap
        restriction for the position checks; other nodes may still return more)."""
        if isinstance(node, q.MatchAll):
            return set(self.snap.live)
        if isinstance(node, q.DateRange):
            return self._dates(node)
        if isinstance(node, q.Not):
            return set(self.snap.live) - self._docs(node.child, None)
        if isinstance(node, q.Or):
            result: set[int] = set()
            for child in node.children:
                result |= self._docs(child, within)
            return result
        if isinstance(node, q.And):
            negative = [c.child for c in node.children if isinstance(c, q.Not)]
            positive = [c for c in node.children if not isinstance(c, q.Not)]
            docs: _Docs | None = None
            for child in sorted(positive, key=_cost):
                if docs is not None and not docs:
                    return docs
                found = self._docs(child, docs if docs is not None else within)
                docs = found if docs is None else docs & found
            if docs is None:
                docs = set(self.snap.live)
            for child in negative:
                if not docs:
                    break
                docs -= self._docs(child, None)
            return docs
        if isinstance(node, q.Fielded):
            return self._docs(node.child, within)
        if isinstance(node, q.Word):
            return self.unit_docs(self.word_unit(node))
        if isinstance(node, q.Wildcard | q.Fuzzy):
            field_name = _exact_field(node.field)
            result = set()
            for term in self._expand(node):
                result |= self.unit_docs((field_name, (term,)))
            return result
        if isinstance(node, q.Keyword):
            terms: Iterable[str] = (node.value,)
            if node.prefix:
                terms = [t.decode() if isinstance(t, bytes) else str(t)
                         for t in self.reader.expand_prefix(node.field, node.value)]
            result = set()
            for term in terms:
                result |= self.unit_docs((node.field, (term,)))
            return result
        if isinstance(node, q.Phrase | q.Near):
            return self._positional(node, within)
        raise AssertionError(f"unknown query node: {node!r}")  # pragma: no cover - parser makes no others

    def _positional(self, node: q.Phrase | q.Near, within: _Docs | None) -> _Docs:
        """Documents holding every word, then only those whose positions fit."""
        program = self._spans_program(node, top=True)
        if program is None:
            return set()
        # a span query's documents are kept like a word's (Lucene's query cache does the same)
        key = repr(program)
        cached: array[int] | None = self.snap.spans.get(key)
        if cached is not None:
            return set(cached) if within is None else within.intersection(cached)
        found = self._span_docs(program, within)
        if within is None:
            self.snap.spans.put(key, array("i", sorted(found)), len(found) + 1)
        return found

    def _span_docs(self, program: Any, within: _Docs | None) -> _Docs:
        candidates = self._need(program)
        if within is not None:
            candidates &= within
        if not candidates:
            return set()
        fast = self._occurrence_check(program, candidates)
        if fast is not None:
            return fast
        units = set(_program_units(program))
        positions = {unit: self.unit_positions(unit, candidates) for unit in units}
        return {d for d in candidates if _run_spans(program, d, positions)}

    def occurrences(self, unit: _Unit, docs: _Docs, shift: int = 0) -> npt.NDArray[np.int64]:
        """``docnum * _KEY + position + shift`` for every occurrence of the unit in ``docs``
        (no duplicates: one word per position), built as whole arrays: each posting's positions
        are Whoosh's bytes of unsigned 32-bit ints, read in place."""
        field_name, texts = unit
        parts = []
        for text in texts:
            ids, _weights, values = _within(self.postings(field_name, text), docs)
            if not ids:
                continue
            positions = np.frombuffer(b"".join(values), dtype=np.uint32).astype(np.int64)
            counts = np.fromiter(map(len, values), np.int64, len(values)) >> 2
            parts.append(np.repeat(np.asarray(ids, dtype=np.int64) * _KEY + shift, counts) + positions)
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)

    def _occurrence_check(self, program: Any, candidates: _Docs) -> _Docs | None:
        """Whole-set answers for the commonest positional queries (None: not one of them).

        An exact phrase: word i at p + i, as Whoosh's Phrase matches. Two single words (or
        stems) within N: occurrences 1..N apart (either way, or second after first for pre/N),
        as Whoosh's SpanNear matches spans of one position each."""
        kind = program[0]
        if kind == "seq" and program[2] == 1 and program[3]:
            units = program[1]
            found = np.unique(self.occurrences(units[0], candidates))
            for i, unit in enumerate(units[1:], 1):
                if not len(found):
                    return set()
                found = np.intersect1d(found, self.occurrences(unit, candidates, -i))
            return set((found // _KEY).tolist())
        if kind == "near" and program[1][0] == "unit" and program[2][0] == "unit":
            _, (_, left), (_, right), slop, ordered = program
            if not set(left[1]) & set(right[1]):
                return self._near_occurrences(left, right, slop, ordered, candidates)
            lefts = self.unit_positions(left, candidates)
            rights = self.unit_positions(right, candidates)
            near_docs: set[int] = set()
            for d, starts in lefts.items():
                ends = rights.get(d)
                if ends is None:
                    continue
                last = len(ends)
                for a in starts:
                    if ordered:  # pre/N: the second 1..N words after the first
                        i = bisect_left(ends, a + 1)
                        if i < last and ends[i] <= a + slop:
                            near_docs.add(d)
                            break
                        continue
                    i = bisect_left(ends, a - slop)  # w/N: 1..N words either way
                    while i < last and ends[i] <= a + slop:
                        if ends[i] != a:
                            break
                        i += 1
                    else:
                        continue
                    near_docs.add(d)
                    break
            return near_docs
        return None

    def _near_occurrences(self, left: _Unit, right: _Unit, slop: int, ordered: bool,
                          candidates: _Docs) -> set[int]:
        """Two different words within ``slop``: sort all their occurrences together; if some
        pair is close enough, then so is some pair of neighbours of different words."""
        lefts, rights = self.occurrences(left, candidates), self.occurrences(right, candidates)
        if not len(lefts) or not len(rights):
            return set()
        # low bit 0: the left word, 1: the right (docnums stay far below 2**30, so no overflow)
        tagged = np.sort(np.concatenate((lefts << 1, (rights << 1) | 1)))
        x, y = tagged[:-1], tagged[1:]
        close = (((x ^ y) & 1) == 1) & ((y >> 1) - (x >> 1) <= slop)
        if ordered:
            close &= (x & 1) == 0
        return set(((x[close] >> 1) // _KEY).tolist())

    def _need(self, program: Any) -> set[int]:
        """Documents holding the words the program needs (any one word of an OR-group)."""
        kind = program[0]
        if kind == "unit":
            return set(self.unit_docs(program[1]))
        if kind == "seq":
            units = sorted(program[1], key=lambda u: len(self.unit_docs(u)))
            docs = set(self.unit_docs(units[0]))
            for unit in units[1:]:
                if not docs:
                    break
                docs &= self.unit_docs(unit)
            return docs
        if kind == "near":
            docs = self._need(program[1])
            return docs & self._need(program[2]) if docs else docs
        either: set[int] = set()
        for child in program[1]:
            either |= self._need(child)
        return either

    def _spans_program(self, node: q.Node, top: bool = False) -> Any:
        """The span query Whoosh would run, as data: ("unit", u), ("seq", units, slop, ordered)
        for a phrase (Whoosh's Phrase/SpanNear2), ("near", a, b, slop, ordered) for w/N and
        pre/N (SpanNear), ("or", programs) for SpanOr. None: matches nothing."""
        if isinstance(node, q.Fielded):
            return self._spans_program(node.child, top)
        if isinstance(node, q.Phrase):
            field_name = _exact_field(node.field) if top else "exact"
            texts = [stem(w) for w in node.words] if field_name == "subject" else list(node.words)
            units = tuple((field_name, (t,)) for t in texts)
            return ("seq", units, max(node.slop, 1), not node.slop)
        if isinstance(node, q.Near):
            left, right = self._spans_program(node.left), self._spans_program(node.right)
            if left is None or right is None:
                return None
            return ("near", left, right, node.distance, node.ordered)
        if isinstance(node, q.Word):
            return ("unit", self.word_unit(node))
        if isinstance(node, q.Wildcard | q.Fuzzy):
            expanded = self._expand(node)
            if not expanded:
                return None
            parts = [("unit", ("exact", (t,))) for t in expanded]
            return parts[0] if len(parts) == 1 else ("or", parts)
        if isinstance(node, q.Or):
            kids = [p for p in (self._spans_program(c) for c in node.children) if p is not None]
            if not kids:
                return None
            return kids[0] if len(kids) == 1 else ("or", kids)
        raise AssertionError(f"not a proximity operand: {node!r}")  # pragma: no cover - parser checks

    def _dates(self, node: q.DateRange) -> set[int]:
        snap = self.snap
        lo = bisect_left(snap.dated_sent, node.low) if node.low else 0
        hi = bisect_left(snap.dated_sent, node.high) if node.high else len(snap.dated_sent)
        return set(snap.dated_asc[lo:hi])

    def _expand(self, node: q.Wildcard | q.Fuzzy) -> tuple[str, ...]:
        from whoosh import query as wq

        field_name = _exact_field(node.field)
        text = node.pattern if isinstance(node, q.Wildcard) else node.text
        distance = node.distance if isinstance(node, q.Fuzzy) else -1
        cache_key = (field_name, text, distance)
        if not self._within_bounds(cache_key):
            return ()
        cached = self.snap.expansions.get(cache_key)
        if cached is None:
            if isinstance(node, q.Wildcard):
                source: Any = wq.Wildcard(field_name, text)
            else:
                source = wq.FuzzyTerm(field_name, text, maxdist=distance, prefixlength=1)
            found = []
            for _, btext in itertools.islice(source.expanded_terms(self.reader), MAX_EXPANSIONS + 1):
                found.append(btext.decode() if isinstance(btext, bytes) else str(btext))
            truncated = len(found) > MAX_EXPANSIONS
            if truncated:
                self._too_many(text)
                found = found[:MAX_EXPANSIONS]
            cached = tuple(found)
            if len(self.snap.expansions) < 5000:
                self.snap.expansions[cache_key] = cached
                if truncated:
                    self.snap.truncated.add(cache_key)
        elif cache_key in self.snap.truncated:
            self._too_many(text)
        return cached

    def _within_bounds(self, key: tuple[str, str, int]) -> bool:
        """Whether this query may expand one more wildcard or fuzzy word (the same one again is free)."""
        allowed = self._patterns.get(key)
        if allowed is None:
            text = key[1]
            unanchored = text[:1] in ("*", "?")
            counted = [k for k, ok in self._patterns.items() if ok]
            allowed = len(counted) < MAX_PATTERNS and not (
                unanchored and sum(k[1][:1] in ("*", "?") for k in counted) >= MAX_UNANCHORED)
            if not allowed and all(self._patterns.values()):
                self.messages.append(
                    f"a search expands at most {MAX_PATTERNS} wildcard or fuzzy words, {MAX_UNANCHORED} "
                    f'of them beginning with * or ?; "{text}" and any beyond those match nothing')
            self._patterns[key] = allowed
        return allowed

    def _too_many(self, text: str) -> None:
        self.messages.append(
            f'"{text}" stands for more than {MAX_EXPANSIONS} different words; searched the '
            f"first {MAX_EXPANSIONS} in alphabetical order (make it longer to be sure)")

    # -- scoring and highlights -------------------------------------------------------

    def collect(self, node: q.Node) -> None:
        """Remember the positive text parts of a query: they score hits and get highlighted."""
        self._collect(node, negated=False)

    def _collect(self, node: q.Node, negated: bool) -> None:
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

    def order(self, docs: _Docs, docnums: npt.NDArray[np.int64], sort: str, offset: int,
              limit: int | None) -> list[tuple[int, float]]:
        """One page of ``docs`` (``docnums``: the same documents as an array) in ``sort`` order."""
        need = None if limit is None else offset + limit
        if sort == "relevance" and self.scoring and docs:
            ranked = self._ranked(docnums, need)
            if need is None or len(ranked) < need:
                rest = docs.difference(d for d, _ in ranked)
                ranked += [(d, 0.0) for d in self._by_date(rest, "-date", None if need is None else need - len(ranked))]
        else:
            ranked = [(d, 0.0) for d in self._by_date(docs, "date" if sort == "date" else "-date", need)]
        return ranked[offset:need]

    def _ranked(self, docnums: npt.NDArray[np.int64], need: int | None) -> list[tuple[int, float]]:
        parts = [p for p in (self._score_expr(n) for n in self.scoring) if p is not None]
        if not parts:
            return []
        vector = self._score_vector(parts[0] if len(parts) == 1 else ("or", parts), docnums)
        scored = ~np.isnan(vector)
        docnums, vector = docnums[scored], vector[scored]
        keys = self.snap.keys
        if need is not None and len(vector) > need:
            # Only scores that round to at least the need-th best can be on the page: pick
            # them over the whole vector at once, then order those exactly.
            cut = len(vector) - need
            floor = round(float(np.partition(vector, cut)[cut]), 6) - 1e-6
            near = vector >= floor
            ranked = [(-round(s, 6), keys[d], d) for d, s in zip(docnums[near].tolist(), vector[near].tolist(),
                                                                 strict=True)]
            best = heapq.nsmallest(need, ranked)
        else:
            best = sorted((-round(s, 6), keys[d], d) for d, s in zip(docnums.tolist(), vector.tolist(), strict=True))
        return [(d, -s) for s, _, d in best]

    def _score_expr(self, node: q.Node) -> Any:
        """What scores a node: positions are already checked (hits are restricted to the
        matching set), so phrases and proximity score as their plain words. Mirrors the
        Whoosh queries that scored before: ("unit", u) a BM25F term, ("and"/"or", parts) sums."""
        target = node.child if isinstance(node, q.Fielded) else node
        if isinstance(target, q.Phrase):
            field_name = _exact_field(target.field)
            texts = [stem(w) for w in target.words] if field_name == "subject" else list(target.words)
            return ("and", [("unit", (field_name, (t,))) for t in texts])
        if isinstance(target, q.Near):
            parts = [self._score_expr(c) for c in (target.left, target.right)]
            return None if None in parts else ("and", parts)
        if isinstance(target, q.Or):
            parts = [p for p in (self._score_expr(c) for c in target.children) if p is not None]
            return ("or", parts) if parts else None
        if isinstance(target, q.Word):
            return ("unit", self.word_unit(target))
        if isinstance(target, q.Wildcard | q.Fuzzy):
            terms = self._expand(target)
            if not terms:
                return None
            field_name = _exact_field(target.field)
            return ("or", [("unit", (field_name, (t,))) for t in terms])
        raise AssertionError(f"not a scoring node: {node!r}")  # pragma: no cover - _collect picks these

    def _score_vector(self, expr: Any, docnums: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """The scores of ``docnums`` under ``expr`` (NaN: no score), added as Whoosh's matchers
        add them: an AND only where every part scores, in its binary tree's order; an OR part
        by part over the documents any part scores."""
        kind = expr[0]
        if kind == "unit":
            return self._unit_vector(expr[1], docnums)
        parts = [self._score_vector(p, docnums) for p in expr[1]]
        if kind == "and":
            return _tree_sum(parts)  # NaN wherever some part has no score
        total = parts[0]
        for part in parts[1:]:
            total = np.where(np.isnan(total), part, np.where(np.isnan(part), total, total + part))
        return total

    def _unit_vector(self, unit: _Unit, docnums: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """A unit's scores of ``docnums`` (NaN where it is absent), from its scores over the
        whole index, computed once a snapshot."""
        cache = self.snap.scores
        found: tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]] | None = cache.get(unit)
        if found is None:
            scores = self._score_unit(unit, self.snap.live)
            ids = np.fromiter(scores.keys(), np.int64, len(scores))
            order = np.argsort(ids, kind="stable")
            found = (ids[order], np.fromiter(scores.values(), np.float64, len(scores))[order])
            cache.put(unit, found, len(scores) + 1)
        ids, values = found
        if not len(ids):
            return np.full(len(docnums), np.nan)
        at = np.minimum(np.searchsorted(ids, docnums), len(ids) - 1)
        return np.where(ids[at] == docnums, values[at], np.nan)

    def _score_unit(self, unit: _Unit, docs: _Docs) -> dict[int, float]:
        """BM25F as Whoosh computes it: idf and average length over the whole index
        (deleted documents included), the field length as Whoosh stores it (one byte)."""
        field_name, texts = unit
        if len(texts) == 1:
            p = self.postings(field_name, texts[0])
            frequency = len(p.ids)
            ids, weights_in, _values = _within(p, docs)
        else:
            weights: dict[int, float] = {}
            raw: set[int] = set()
            for text in texts:
                p = self.postings(field_name, text)
                raw.update(p.ids)
                found, found_weights, _values = _within(p, docs)
                for d, w in zip(found, found_weights, strict=True):
                    weights[d] = weights[d] + w if d in weights else w
            frequency = len(raw)
            ids, weights_in = list(weights), list(weights.values())
        if not ids:
            return {}
        idf = math.log(self.snap.doc_count_all / (frequency + 1)) + 1
        norms = self._norms(field_name)
        # whoosh.scoring.bm25, idf * ((w * (K1 + 1)) / (w + K1 * (...length...))), with the same
        # operations on the same floats, mapped in C instead of a Python loop per document
        top = map(operator.mul, weights_in, itertools.repeat(_K1 + 1))
        bottom = map(operator.add, weights_in, map(norms.__getitem__, ids))
        scores = map(operator.mul, itertools.repeat(idf), map(operator.truediv, top, bottom))
        return dict(zip(ids, scores, strict=False))

    def _norms(self, field_name: str) -> array[float]:
        """BM25's length part per docnum, ``K1 * ((1 - B) + B * length / average)``, from the
        field lengths Whoosh stores (one byte each), once per snapshot."""
        snap = self.snap
        norms = snap.norms.get(field_name)
        if norms is None:
            lengths: list[int] = []
            for leaf, _offset, seg in snap.leaves:
                own = seg.lengths.get(field_name)
                if own is None:
                    own = seg.lengths[field_name] = tuple(
                        leaf.doc_field_length(d, field_name, 1) for d in range(leaf.doc_count_all()))
                lengths += own
            average = self.searcher.avg_field_length(field_name) or 1
            k1, b = _K1, _B
            # a document without the field has no stored length (None); it is never scored
            norms = snap.norms[field_name] = array("d", [k1 * ((1 - b) + b * (fl or 1) / average) for fl in lengths])
        return norms

    def _by_date(self, docs: _Docs, sort: str, need: int | None) -> list[int]:
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


def _tree_sum(parts: list[npt.NDArray[np.float64]]) -> npt.NDArray[np.float64]:
    """Add score vectors in the order Whoosh's binary matcher tree adds them
    (``make_binary_tree``), so sums are the same floats."""
    if len(parts) == 1:
        return parts[0]
    half = len(parts) // 2
    return _tree_sum(parts[:half]) + _tree_sum(parts[half:])


def _program_units(program: Any) -> list[_Unit]:
    kind = program[0]
    if kind == "unit":
        return [program[1]]
    if kind == "seq":
        return list(program[1])
    if kind == "near":
        return _program_units(program[1]) + _program_units(program[2])
    return [u for child in program[1] for u in _program_units(child)]


def _run_spans(program: Any, doc: int, positions: dict[_Unit, dict[int, Sequence[int]]]) -> list[_Span]:
    """The spans of ``program`` in one document, by Whoosh's span rules."""
    kind = program[0]
    if kind == "unit":
        return [(p, p) for p in positions[program[1]].get(doc, ())]
    if kind == "seq":
        _, units, slop, ordered = program
        if slop == 1 and ordered:  # an exact phrase: word i at p + i (what SpanNear2 finds here)
            starts = set(positions[units[0]].get(doc, ()))
            for i, unit in enumerate(units[1:], 1):
                if not starts:
                    return []
                starts.intersection_update([p - i for p in positions[unit].get(doc, ())])
            last = len(units) - 1
            return [(p, p + last) for p in sorted(starts)]
        spans = [(p, p) for p in positions[units[0]].get(doc, ())]
        for unit in units[1:]:
            if not spans:
                return []
            spans = _near(spans, [(p, p) for p in positions[unit].get(doc, ())], slop, ordered)
        return spans
    if kind == "near":
        _, left, right, slop, ordered = program
        aspans = _run_spans(left, doc, positions)
        if not aspans:
            return []
        bspans = _run_spans(right, doc, positions)
        if not bspans:
            return []
        return _near_pairs(aspans, bspans, slop, ordered)
    union: set[_Span] = set()
    for child in program[1]:
        union.update(_run_spans(child, doc, positions))
    return _merge_spans(sorted(union))


def _near_pairs(aspans: list[_Span], bspans: list[_Span], slop: int, ordered: bool) -> list[_Span]:
    """Whoosh's SpanNear (the binary form used for w/N and pre/N), mindist 1."""
    spans: set[_Span] = set()
    for a in aspans:
        for b in bspans:
            if b[1] < a[0] - slop or (ordered and a[0] > b[0]):
                continue
            if b[0] > a[1] + slop:
                break
            if 1 <= _distance(a, b) <= slop:
                spans.add((min(a[0], b[0]), max(a[1], b[1])))
    return sorted(spans)


def _cost(node: q.Node) -> int:
    """Cheap nodes first in an AND: their set narrows the position checks of the rest."""
    if isinstance(node, q.Keyword | q.DateRange | q.Word):
        return 0
    if isinstance(node, q.Phrase | q.Near) or (isinstance(node, q.Fielded) and isinstance(node.child, q.Phrase)):
        return 2
    return 1


def _exact_field(field_name: str) -> str:
    return "exact" if field_name == "body" else field_name
