"""A snapshot: one Whoosh searcher plus everything derived from its columns, and the caches
searches share while the index does not change.

Per-document sort keys and facet values are read once per segment from Whoosh columns into
tuples (segments are immutable, so a segment's columns are kept until it is merged away), so
date ranges, date order, facet counts and the collapse of quoted copies are array operations
(the live documents, quoting parents and date order as numpy arrays), and a total is exact
(the size of the matching set).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from ..dates import time_order
from .caches import Lru
from .entries import decode_facet
from .facets import FACET_FIELDS, SINGLE_VALUED, FacetColumn
from .postings import Docs, Leaf, Postings

# Decoded postings kept between searches of one snapshot, counted in postings (about 60
# bytes each): reading Whoosh's pickled blocks is most of a search's cost, and the terms
# people search share most of their words.
POSTINGS_CACHE = 3_000_000
MAX_KEPT_EXPANSIONS = 5000  # wildcard, fuzzy and stem expansions a snapshot keeps

Ints = npt.NDArray[np.int64]
Scores = tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]  # docnums (sorted), their scores
Expansion = tuple[str, str, int]  # (field, pattern or stem, fuzzy distance; -1 wildcard, -2 stem)


@dataclass
class Segment:
    """One segment's column values, by segment-relative docnum.

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
    lengths: dict[str, tuple[int | None, ...]] = field(default_factory=dict)  # field -> length per doc, on demand

    @classmethod
    def read(cls, reader: Any) -> Segment:
        def col(name: str) -> list[bytes]:
            return [v if isinstance(v, bytes) else str(v).encode() for v in reader.column_reader(name)]

        labels: dict[str, dict[str, str]] = {"sender": {}, "recipient": {}, "exemption": {}}
        return cls(
            keys=tuple(b.decode() for b in col("key")),
            sent=tuple(b.decode() for b in col("sent")),
            parent=tuple(b.decode() for b in col("parent")),
            release=tuple(b.decode() for b in col("release")),
            month=tuple(b.decode() for b in col("month")),
            sender=tuple(decode_facet(b, labels["sender"]) for b in col("f_sender")),
            recipient=tuple(decode_facet(b, labels["recipient"]) for b in col("f_recipient")),
            exemption=tuple(decode_facet(b, labels["exemption"]) for b in col("f_exemption")),
            labels=labels,
        )


@dataclass
class Snapshot:
    """A searcher plus everything derived from its columns (rebuilt when the index changes).

    What it keeps for the life of the snapshot is held in tuples, arrays and dicts of numbers,
    which Python's cycle collector does not walk (see Segment): a full collection over lists
    of a 100k-email index and its caches stalled every request of the process.

    Searches run one at a time (``SearchIndex`` holds its lock around each); the three
    bounded caches are thread-safe on their own as well."""

    searcher: Any
    build: str
    keys: tuple[str, ...]
    sent: tuple[str, ...]
    live: Docs  # the live docnums (deleted ones are still numbered in their segment)
    parent: Ints  # docnum -> the docnum quoting it, -1
    dated_asc: Ints  # live dated docnums by (sent, key)
    dated_sent: tuple[str, ...]  # their sent values, for bisect
    chrono_asc: Ints  # live dated docnums by (the instant each was sent, key): sorting by date
    undated: Ints  # live undated docnums by key
    single_values: dict[str, tuple[str, ...]]  # facet -> each docnum's value (release, month)
    multi_values: dict[str, tuple[tuple[str, ...], ...]]  # facet -> each docnum's values
    labels: dict[str, dict[str, str]]
    releases: set[str]
    leaves: list[Leaf]  # (reader, first docnum) per segment
    segments: list[Segment]  # the same segments' columns
    doc_count_all: int
    cache_postings: int = POSTINGS_CACHE
    expansions: dict[Expansion, tuple[str, ...]] = field(default_factory=dict)
    key_doc: dict[str, int] = field(default_factory=dict)  # live key -> its docnum
    truncated: set[Expansion] = field(default_factory=set)  # expansions cut at the limit
    norms: dict[str, npt.NDArray[np.float64]] = field(default_factory=dict)  # field -> BM25 length norm per docnum
    codes: dict[str, FacetColumn] = field(default_factory=dict)  # facet -> its column, on demand
    postings: Lru[Postings] = field(init=False)  # (field, text) -> every posting
    spans: Lru[Ints] = field(init=False)  # span query -> docnums, sorted
    scores: Lru[Scores] = field(init=False)  # Unit -> BM25F scores over the whole index

    def __post_init__(self) -> None:
        self.postings = Lru(self.cache_postings)
        self.spans = Lru(self.cache_postings)
        self.scores = Lru(self.cache_postings)

    def facet_column(self, name: str) -> FacetColumn:
        column = self.codes.get(name)
        if column is None:
            single = self.single_values.get(name)
            rows = [(v,) for v in single] if single is not None else self.multi_values[name]
            column = self.codes[name] = FacetColumn.of(rows)
        return column

    def keep_expansion(self, key: Expansion, words: tuple[str, ...], truncated: bool = False) -> None:
        if len(self.expansions) < MAX_KEPT_EXPANSIONS:
            self.expansions[key] = words
            if truncated:
                self.truncated.add(key)


def load_snapshot(searcher: Any, build: str, known: dict[str, Segment],
                  cache_postings: int = POSTINGS_CACHE) -> tuple[Snapshot, dict[str, Segment]]:
    """The snapshot of ``searcher``, reusing the columns of segments read before (``known``,
    by segment id); also returns the columns of this snapshot's segments, by id."""
    reader = searcher.reader()
    segments: dict[str, Segment] = {}
    keys: list[str] = []
    sent: list[str] = []
    parents: list[str] = []
    single: dict[str, list[str]] = {f: [] for f in SINGLE_VALUED}
    multi: dict[str, list[tuple[str, ...]]] = {f: [] for f in FACET_FIELDS if f not in SINGLE_VALUED}
    labels: dict[str, dict[str, str]] = {"sender": {}, "recipient": {}, "exemption": {}}
    leaves: list[Leaf] = []
    columns: list[Segment] = []
    for leaf, offset in reader.leaf_readers():
        segment_id = f"{build}/{leaf.segment().segment_id()}" if leaf.segment() else ""
        seg = known.get(segment_id) or Segment.read(leaf)
        segments[segment_id] = seg
        leaves.append((leaf, offset))
        columns.append(seg)
        keys += seg.keys
        sent += seg.sent
        parents += seg.parent
        single["release"] += seg.release
        single["month"] += seg.month
        multi["sender"] += seg.sender
        multi["recipient"] += seg.recipient
        multi["exemption"] += seg.exemption
        for name, table in seg.labels.items():
            for value, label in table.items():
                labels[name].setdefault(value, label)
    live = np.zeros(len(keys), dtype=bool)
    live[np.fromiter(reader.all_doc_ids(), np.int64)] = True
    live_docs = np.flatnonzero(live).tolist()
    key_doc = {keys[d]: d for d in live_docs}
    parent = np.fromiter((key_doc.get(p, -1) if p else -1 for p in parents), np.int64, len(parents))
    dated_asc = sorted((d for d in live_docs if sent[d]), key=lambda d: (sent[d], keys[d]))
    chrono_asc = sorted(dated_asc, key=lambda d: (time_order(sent[d]), keys[d]))
    undated = sorted((d for d in live_docs if not sent[d]), key=keys.__getitem__)
    snapshot = Snapshot(
        searcher=searcher, build=build, keys=tuple(keys), sent=tuple(sent), live=live, parent=parent,
        dated_asc=np.asarray(dated_asc, dtype=np.int64), dated_sent=tuple(sent[d] for d in dated_asc),
        chrono_asc=np.asarray(chrono_asc, dtype=np.int64),
        undated=np.asarray(undated, dtype=np.int64),
        single_values={name: tuple(values) for name, values in single.items()},
        multi_values={name: tuple(values) for name, values in multi.items()}, labels=labels,
        releases={single["release"][d] for d in live_docs},
        leaves=leaves, segments=columns,
        doc_count_all=reader.doc_count_all(), cache_postings=cache_postings, key_doc=key_doc,
    )
    return snapshot, segments

