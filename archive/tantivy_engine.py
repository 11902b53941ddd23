"""The tantivy full-text index, for large archives (the only module that imports tantivy).

The same interface and the same meaning as :class:`archive.index.SearchIndex` (Whoosh): the
query parser's tree is the contract. Text is analysed in Python exactly as the Whoosh index
analyses it (``words``: ``\\w+`` lower case, positions are word indexes; ``stem``: Whoosh's
Porter stemmer) and handed to tantivy as space-separated tokens, so both engines index the
same terms at the same positions. Fields:

- ``exact`` (subject + body as written) and ``stem`` (the same words stemmed): a stemmed word is
  one ``stem`` term, which is what Whoosh's stemmed unit (every word with that stem) counts;
- ``subject`` (stemmed), ``sender``, ``to``, ``cc``: the fielded searches;
- keyword fields (release, exemption, Bates, ...), ``sent`` as an integer for date ranges, and
  ``ord``: a number this module gives each entry, the link to its columns.

tantivy answers terms, exact phrases, booleans, date ranges and the ranking (its BM25 with
the Whoosh engine's idf, not Whoosh's BM25F: scores differ, the order mostly agrees; README:
Search engines). tantivy has no span queries: ``a w/N b``, ``a pre/N b`` and a two-word
sloppy phrase, for two groups of words, are unions of tantivy phrases (exact, see
:func:`_near_query`); every other proximity or sloppy phrase is narrowed by tantivy to the
documents holding its words and checked here on the stored token text with Whoosh's span
rules. Per-entry columns (key, date, quoting parent, facet values) live beside the index as
memory-mapped arrays (``archive.columns``), a new set with each commit.

A search evaluates its query once to count it and keep its best hits (``_Plan.look``): a
small matching set (all of it, when the query is dear to evaluate again: positions, dates) is
read whole (its ords) and folded, faceted and ordered as arrays over the columns; so is one
holding most of the archive, through the entries that do not match; any other is never read
whole (tantivy's binding hands hits over one Python object each): only its entries in quoting
chains (copies and the entries quoting them) are read and folded over the columns, and tantivy
counts its facets (aggregations, or by value for a cheap query's many-valued facets) less the
folded copies' and pages it. (Each copy is still indexed with its chain, ``ancestor``, which
searches no longer read.) tantivy lets the GIL go while it searches and counts, so a search's
calls run side by side: it is counted on a side thread while the search reads the quoting
chains of a set its words' frequencies allow to be big, and a big set's facets are counted
on side threads while it is folded (``SIDE_THREADS``, made by the process that searches),
when the search is its process's only one and a core is idle (under load the cores have
other work).

Layout: ``<root>/current`` names the live generation ``<root>/gen-<id>`` holding ``tantivy/``
(the index), ``columns/`` (column sets) and ``schema-version``; a rebuild writes a new
generation and switches ``current`` with one atomic rename.
"""

from __future__ import annotations

import itertools
import math
import operator
import os
import re
import shutil
import threading
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from . import columns
from . import query as q
from .budget import spend
from .columns import Chunk, Columns, Row
from .dates import time_order
from .edits import edits
from .errors import IndexUnavailable
from .index import (
    FACET_FIELDS,
    FACET_SIZE,
    MAX_CHAIN,
    MAX_EXPANSIONS,
    Folded,
    Highlight,
    IndexEntry,
    IndexHit,
    IndexResult,
    QueryParts,
    SharedSnapshot,
    bates_key,
    fold,
    fold_copies,
    folders,
    narrowed_counts,
    sorted_union,
    stem,
    tally,
    with_filters,
    words,
)

ENGINE = "tantivy"
SCHEMA_VERSION = "tantivy-8"  # 3: the columns as memory-mapped arrays (archive.columns); 4: word pairs; 5: their
# positions; 6: the instant each was sent (sorting by date); 7: accents folded; 8: "™" and its kind word breaks
REBUILD_BATCH = 500  # entries analysed per task by a rebuild's worker processes
SMALL_SET = 2000  # a matching set up to this size is read whole and answered as arrays
DEAR_SMALL_SET = 10  # times SMALL_SET: a set read whole when its query is dear to evaluate again
MOST_SET = 0.5  # a set holding more than this share of the archive is read through the rest
BY_VALUE = 150_000  # a cheap query matching this many: its many-valued facets counted by value
MULTI_VALUED = ("recipient", "exemption")  # facets with several values an entry, dear to aggregate
SIDE_THREADS = 2 + len(MULTI_VALUED)  # beside a search: its count, then its facets' aggregation and term walks
PHRASE_PAIRS = 64  # w/N of word groups: at most this many tantivy phrase pairs, else one regular expression a group
TOKENIZER = "words"  # space-separated tokens, as this module writes them
PAIRS = "pairs"  # each two neighbouring words of the text as one term: a phrase's words read as a posting list
PAIR_JOIN = "+"  # between a pair's words (never in a word: words are runs of \w)
PAIR_MAX = 200  # characters; a longer pair is indexed as PAIR_JOIN alone, keeping its place (its phrase reads words)

TEXT_FIELDS = ("exact", "stem", "subject", "sender", "to", "cc")
STORED_TEXT = ("exact", "subject", "sender", "to", "cc")  # token text for position checks
KEYWORDS = ("kind", "release", "document", "exemption", "bates", "pages", "source", "quoted",
            "sender_key", "recipient_key", "month", "role")
_NON_DIGIT = re.compile(r"\D")
_SENT_DIGITS = 14  # YYYYMMDDhhmmss


def _tantivy() -> Any:
    import tantivy

    return tantivy


# -- what goes in ----------------------------------------------------------------------------

class _Stems(dict[str, str]):
    """Each word's stem, computed once (a dict lookup per word while indexing)."""

    def __missing__(self, word: str) -> str:
        self[word] = root = stem(word)
        return root


_STEMS = _Stems()


def sent_number(sent: str, *, upper: bool = False) -> int:
    """An ISO date or date prefix as an integer that sorts as the string does (YYYYMMDDhhmmss);
    ``upper``: the largest number with that prefix."""
    digits = _NON_DIGIT.sub("", sent)[:_SENT_DIGITS]
    return int(digits.ljust(_SENT_DIGITS, "9" if upper else "0")) if digits else 0


def _keyword_values(entry: IndexEntry) -> dict[str, tuple[str, ...]]:
    """Keyword field values as the Whoosh index tokenizes them (comma lists split, stripped;
    exemption and Bates in lower case)."""
    return {
        "kind": (entry.kind,), "release": (entry.release,), "document": (entry.document,),
        "exemption": tuple(e.replace(",", " ").strip().lower() for e in entry.exemptions),
        "bates": tuple(bates_key(b).lower() for b in entry.bates),
        "pages": tuple(str(p) for p in entry.pages), "source": (entry.source,),
        "quoted": ("yes" if entry.quoted else "no",),
        "sender_key": (entry.sender_facet[0][0],) if entry.sender_facet else (),
        "recipient_key": tuple(v for v, _ in entry.recipient_facet),
        "month": (entry.sent[:7],) if len(entry.sent) >= 7 else (),
    }


def _fields(entry: IndexEntry, ord_: int, ancestors: Sequence[int], is_ancestor: bool) -> dict[str, list[Any]]:
    """An entry as tantivy field values (plain data: prepared in worker processes by a rebuild)."""
    exact = words(f"{entry.subject}\n{entry.body}" if entry.subject else entry.body)
    fields: dict[str, list[Any]] = {
        "ord": [ord_], "key": [entry.key], "exact": [" ".join(exact)],
        "stem": [" ".join(map(_STEMS.__getitem__, exact))],
        "subject": [" ".join(map(_STEMS.__getitem__, words(entry.subject)))],
        PAIRS: [" ".join(pair if len(pair) <= PAIR_MAX else PAIR_JOIN for pair in _pairs(exact))],
    }
    for name, text in (("sender", entry.sender), ("to", entry.to), ("cc", entry.cc)):
        fields[name] = [" ".join(words(text))]
    for name, values in _keyword_values(entry).items():
        if any(values):
            fields[name] = [v for v in values if v]
    for name, values in _facet_values(entry).items():
        if values:
            fields[f"f_{name}"] = list(values)
    if entry.sent:
        fields["sent"] = [sent_number(entry.sent)]  # the day and clock printed: date ranges
        fields["instant"] = [sent_number(time_order(entry.sent))]  # a time with its zone as UTC: sorting
    if ancestors:
        fields["ancestor"] = list(ancestors)
    if is_ancestor:
        fields["role"] = ["ancestor"]
    return fields


def _pairs(tokens: Sequence[str]) -> Iterator[str]:
    """Each two neighbouring words as one term."""
    return map(PAIR_JOIN.join, itertools.pairwise(tokens))


def _facet_values(entry: IndexEntry) -> dict[str, tuple[str, ...]]:
    """The facet values of an entry, as the columns hold them (counted by tantivy for big sets)."""
    return {"sender": tuple(v for v, _ in entry.sender_facet), "recipient": tuple(v for v, _ in entry.recipient_facet),
            "month": (entry.sent[:7],) if len(entry.sent) >= 7 else (), "release": (entry.release,),
            "exemption": entry.exemptions}


def _row(entry: IndexEntry, parent: int) -> Row:
    facets = {name: tuple((v, "") for v in values if v) for name, values in _facet_values(entry).items()}
    facets["sender"], facets["recipient"] = entry.sender_facet, entry.recipient_facet
    facets["exemption"] = tuple((e, e) for e in entry.exemptions if e)
    return Row(entry.key, entry.document, entry.sent, parent, facets)


def _prepare(entries: Sequence[IndexEntry], first_ord: int) -> list[tuple[dict[str, list[Any]], Row]]:
    """One document's entries as field values and rows (ords from ``first_ord``), each quoted
    copy with the ords of the entries quoting it in the same document (its chain: how a search
    folds it without reading the whole matching set)."""
    ords = {entry.key: first_ord + i for i, entry in enumerate(entries)}
    parents = {entry.key: entry.parent for entry in entries}
    chains: list[list[int]] = []
    for entry in entries:
        chain: list[int] = []
        parent = entry.parent
        while parent in ords and len(chain) < MAX_CHAIN:
            chain.append(ords[parent])
            parent = parents[parent]
        chains.append(chain)
    quoting = {o for chain in chains for o in chain}
    return [(_fields(entry, first_ord + i, chain, first_ord + i in quoting), _row(entry, chain[0] if chain else -1))
            for i, (entry, chain) in enumerate(zip(entries, chains, strict=True))]


def _prepare_runs(work: tuple[int, list[list[IndexEntry]]]) -> list[tuple[dict[str, list[Any]], Row]]:
    first_ord, runs = work
    out: list[tuple[dict[str, list[Any]], Row]] = []
    for run in runs:
        out += _prepare(run, first_ord + len(out))
    return out


def _add(writer: Any, schema: Any, prepared: Sequence[tuple[dict[str, list[Any]], Row]]) -> list[Row]:
    document = _tantivy().Document.from_dict
    rows = []
    for fields, row in prepared:
        writer.add_document(document(fields, schema))
        rows.append(row)
    return rows


def _rebuild_in_workers(writer: Any, schema: Any, entries: Iterator[IndexEntry], procs: int,
                        rows: Chunk) -> None:
    """Analyse batches of whole documents in ``procs`` processes, adding their results in order."""
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    pending: list[Future[list[tuple[dict[str, list[Any]], Row]]]] = []
    next_ord = 0
    with ProcessPoolExecutor(procs, mp_context=multiprocessing.get_context("fork")) as pool:
        batch: list[list[IndexEntry]] = []
        size = 0
        for run in itertools.chain(_by_document(entries), [[]]):
            if run:
                batch.append(run)
                size += len(run)
            if size >= REBUILD_BATCH or (not run and batch):
                pending.append(pool.submit(_prepare_runs, (next_ord, batch)))
                next_ord += size
                batch, size = [], 0
            while len(pending) > 2 * procs or (not run and pending):
                rows.add(_add(writer, schema, pending.pop(0).result()))


def _by_document(entries: Iterable[IndexEntry]) -> Iterator[list[IndexEntry]]:
    """A stream of entries as runs of one document each (the archive yields them so)."""
    for _document_id, run in itertools.groupby(entries, key=lambda e: e.document):
        yield list(run)


def _schema() -> Any:
    tantivy = _tantivy()
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("ord", indexed=True, fast=True)
    for name in TEXT_FIELDS:
        builder.add_text_field(name, stored=name in STORED_TEXT, tokenizer_name=TOKENIZER,
                               index_option="position")
    for name in KEYWORDS:
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic")
    for name in FACET_FIELDS:  # counted by tantivy's aggregations
        builder.add_text_field(f"f_{name}", tokenizer_name="raw", index_option="basic", fast=True)
    builder.add_text_field("key", tokenizer_name="raw", index_option="basic", fast=True)  # undated: by key
    builder.add_integer_field("sent", indexed=True, fast=True)
    builder.add_integer_field("instant", indexed=True, fast=True)
    builder.add_unsigned_field("ancestor", indexed=True)
    builder.add_text_field(PAIRS, tokenizer_name=TOKENIZER, index_option="position")
    return builder.build()


# -- a snapshot: the searcher and the columns ----------------------------------------------------

@dataclass
class _Snapshot:
    index: Any
    searcher: Any
    stamp: tuple[str, ...]
    columns: Columns  # memory-mapped: opening them reads a few file headers
    expansions: dict[tuple[str, str, int], tuple[tuple[str, ...], bool]] = field(default_factory=dict)
    _totals: dict[str, npt.NDArray[np.int64]] | None = None
    _months: list[str] | None = None
    _count: int | None = None

    @property
    def count(self) -> int:
        """Live entries."""
        if self._count is None:
            self._count = int(np.count_nonzero(self.columns.live))
        return self._count

    def months(self) -> list[str]:
        """The months of the entries' dates, in order, when each dated entry has one (else none:
        a date of a year alone is not in any month; ranges are then read whole)."""
        if self._months is None:
            cols, facet = self.columns, self.columns.facets["month"]
            live = np.asarray(cols.live)
            first_bytes = np.asarray(cols.sent).view(np.uint8)[::max(cols.sent.dtype.itemsize, 1)]
            dated = int(np.count_nonzero(live & (first_bytes != 0)))
            in_month = int(np.count_nonzero(live & (np.diff(facet.bounds) > 0)))
            self._months = [facet.name(c) for c in range(len(facet.names))] if dated == in_month else []
        return self._months

    def totals(self) -> dict[str, npt.NDArray[np.int64]]:
        """Each facet's counts over every live entry (once per snapshot, on the first search
        that needs them)."""
        if self._totals is None:
            live = np.flatnonzero(self.columns.live)
            self._totals = {name: facet.counts(live) for name, facet in self.columns.facets.items()}
        return self._totals


# -- the index ----------------------------------------------------------------------------------

class TantivyIndex(SharedSnapshot[_Snapshot]):
    """Owns the tantivy index folder (the Whoosh engine's layout of generations); one snapshot
    (searcher and columns) per process."""

    engine = ENGINE
    schema_version = SCHEMA_VERSION

    def __init__(self, root: Path, *, cache_postings: int = 0, small_set: int | None = None) -> None:
        super().__init__()
        self.root = root
        self.small_set = SMALL_SET if small_set is None else small_set  # read whole up to this size
        self.cache_postings = cache_postings  # the interface's; tantivy keeps its own caches
        self._side: tuple[int, ThreadPoolExecutor] | None = None  # (process id, threads)
        self._searching = 0  # searches of this process under way or waiting their turn
        self._searching_lock = threading.Lock()

    def search(self, parsed: q.ParsedQuery, **options: Any) -> IndexResult:
        with self._searching_lock:
            self._searching += 1
        try:
            return super().search(parsed, **options)
        finally:
            with self._searching_lock:
                self._searching -= 1

    def _side_threads(self) -> Executor:
        """Threads for the tantivy calls a search makes beside its own (the lock held): made by
        the process that searches, since a pool inherited through a fork has no threads."""
        if self._side is None or self._side[0] != os.getpid():
            self._side = (os.getpid(), ThreadPoolExecutor(SIDE_THREADS, thread_name_prefix="tantivy-side"))
        return self._side[1]

    def close(self) -> None:
        super().close()
        with self._lock:
            if self._side is not None and self._side[0] == os.getpid():
                self._side[1].shutdown(wait=False)
            self._side = None

    # -- layout --------------------------------------------------------------------------

    def _new_generation(self) -> Path:
        path = super()._new_generation()
        (path / "tantivy").mkdir()
        return path

    @staticmethod
    def _open_tantivy(folder: Path, *, create: bool = False) -> Any:
        tantivy = _tantivy()
        index = tantivy.Index(_schema(), path=str(folder), reuse=not create)
        index.register_tokenizer(TOKENIZER, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build())
        return index

    def create(self) -> None:
        """Make an empty index (discarding any older one)."""
        generation = self._new_generation()
        self._open_tantivy(generation / "tantivy", create=True)
        columns.write(generation / "columns", columns.merge(columns.empty(), (), Chunk()))
        self._switch_to(generation)

    def _open_generation(self) -> Path:
        generation = self._generation()
        if generation is None or not self.is_current():
            raise self.unavailable()
        return generation

    # -- writing -------------------------------------------------------------------------

    def replace_document(self, document_id: str, entries: Iterable[IndexEntry]) -> int:
        """Replace everything indexed for one document, in one commit."""
        return self.replace_documents([(document_id, entries)])

    def replace_documents(self, documents: Iterable[tuple[str, Iterable[IndexEntry]]]) -> int:
        """Replace everything indexed for several documents, in one commit (a new column set)."""
        with self._lock:
            if not self.is_current():
                self.create()
            generation = self._open_generation()
            old = columns.open_columns(generation / "columns")
            index = self._open_tantivy(generation / "tantivy")
            writer = index.writer(heap_size=64_000_000, num_threads=1)
            deleted: list[str] = []
            added = Chunk()
            try:
                for document_id, entries in documents:
                    writer.delete_documents_by_term("document", document_id)
                    deleted.append(document_id)
                    added.add(_add(writer, index.schema, _prepare(list(entries), old.rows + added.rows)))
            except BaseException:
                writer.rollback()
                raise
            # the columns first: an entry in the index without its row would be unreadable
            columns.write(generation / "columns", columns.merge(old, deleted, added))
            writer.commit()
            writer.wait_merging_threads()
            return added.rows

    def rebuild(self, entries: Iterator[IndexEntry], *, limitmb: int = 256, procs: int = 1) -> int:
        """Build a fresh generation beside the live one, then switch to it atomically.

        ``procs`` > 1: entries are analysed in that many worker processes (this one reads them
        and hands them to tantivy, whose own threads index), a bounded number of batches in
        flight; ``limitmb``: tantivy's indexing memory per thread. The columns are kept as
        compact arrays as entries come (``columns.Chunk``) and written once at the end.
        """
        generation = self._new_generation()
        try:
            index = self._open_tantivy(generation / "tantivy", create=True)
            threads = max(1, min(procs, 2))
            writer = index.writer(heap_size=limitmb * 1_000_000 * threads, num_threads=threads)
            rows = Chunk()
            if procs <= 1:
                for run in _by_document(entries):
                    rows.add(_add(writer, index.schema, _prepare(run, rows.rows)))
            else:
                _rebuild_in_workers(writer, index.schema, entries, procs, rows)
            columns.write(generation / "columns", columns.merge(columns.empty(), (), rows))
            writer.commit()
            writer.wait_merging_threads()
        except BaseException:
            shutil.rmtree(generation, ignore_errors=True)
            raise
        with self._lock:
            self._switch_to(generation)
        return rows.rows

    # -- reading -------------------------------------------------------------------------

    def _stamp(self) -> tuple[str, ...]:
        generation = self._open_generation()
        try:
            meta = (generation / "tantivy" / "meta.json").stat()
        except OSError as exc:
            raise IndexUnavailable(f"the search index at {generation} has no tantivy index ({exc}); "
                                   "run `foia reindex` to rebuild it from the database") from exc
        return (generation.name, str(meta.st_mtime_ns), str(meta.st_size),
                columns.current_name(generation / "columns"))

    def _is_fresh(self, snap: _Snapshot, stamp: tuple[str, ...]) -> bool:
        return snap.stamp == stamp

    def _open_snapshot(self, stamp: tuple[str, ...]) -> _Snapshot:
        generation = self.root / stamp[0]
        opened = columns.open_columns(generation / "columns")
        index = self._open_tantivy(generation / "tantivy")
        index.reload()
        return _Snapshot(index=index, searcher=index.searcher(), stamp=stamp, columns=opened)

    def keys(self) -> set[str]:
        with self.reading() as snap:
            return set(snap.columns.live_keys())

    def doc_count(self) -> int:
        with self.reading() as snap:
            return snap.count

    def highlight(self, parsed: q.ParsedQuery) -> Highlight:
        """The words a query marks in a text, without searching."""
        with self.reading() as snap:
            plan = _Plan(snap)
            plan.collect(parsed.node)
            return plan.highlight()

    def _answer(self, snap: _Snapshot, node: q.Node, *, filters: Sequence[tuple[str, str]],
                release: str | None, sort: str, offset: int, limit: int | None, include_quoted: bool,
                facets: bool, allowed_releases: set[str] | None,
                copies: Sequence[tuple[str, str]]) -> IndexResult:
        """``copies`` as the Whoosh engine's (folded over the matching entries of those pairs).

        A small matching set is read whole and folded, counted and ordered as arrays over the
        columns; so is one holding most of the archive, through what does not match; any other
        big one is counted, faceted and ordered by tantivy, and only its entries in quoting
        chains are read (to find the quoted copies to fold), so no search reads a million hits."""
        # side threads only for a search alone on a machine with a core to spare: under load the
        # cores have other work, and threads handing the GIL to and fro cost the site at 1M a
        # tenth to a fifth of its requests
        plan = _Plan(snap, self._side_threads() if self._searching <= 1 and _spare_core() else None)
        node = with_filters(node, filters, release, allowed_releases, set(snap.columns.releases))
        plan.collect(node)
        matching = plan.matching(node)
        first = plan.ranking(matching) if sort == "relevance" else None
        # a query dear to evaluate again (positions, a date range) is read whole up to a larger set
        small = self.small_set * DEAR_SMALL_SET if plan.dear else self.small_set
        most = MOST_SET * snap.count

        def look() -> tuple[int, Callable[[], Counts] | None]:
            """The count and best hits; a big set's facet counts started at once."""
            count = plan.look(first or plan.tantivy.Query.const_score_query(matching, 1.0), small)
            return count, plan.aggregate(matching, count) if facets and small < count <= most else None

        # counted on a side thread while this one reads the quoting chains of a set that may be
        # big (what its terms' frequencies allow: read for nothing only when small, so cheaply);
        # without side threads, counted first
        looking = plan.beside(look)
        chained = (plan.chained(matching) if plan.side is not None and not include_quoted
                   and small < plan.at_most(node) <= most else None)
        count, counting = looking()
        if count <= small:
            answer = _small_answer(plan, matching, plan.looked(), include_quoted)
        elif count > most:
            answer = _most_answer(plan, matching, count, include_quoted)
        else:
            answer = _big_answer(plan, matching, count, include_quoted, counting, chained)
        if copies and not include_quoted:
            answer.fold_copies(matching, copies)
        plan.exclude, plan.docs = answer.exclude, answer.docs
        order = plan.order(answer.shown, sort, offset, limit, answer.total)
        folded = answer.folded_into([o for o, _ in order])
        copied = answer.copies_into([o for o, _ in order])
        hits = tuple(IndexHit(snap.columns.key(o), score, folded.get(o, 0), copied.get(o, 0))
                     for o, score in order)
        counts = _facets(snap.columns, answer.narrowed_counts(), filters) if facets else {}
        return IndexResult(answer.total, hits, counts, plan.highlight(), tuple(plan.messages),
                           tuple(dict.fromkeys(plan.expanded)))


Counts = dict[str, npt.NDArray[np.int64]]  # facet -> count by code


@dataclass
class _Answer:
    """A matching set, ready to page: its size, the query of what is shown, the ords folded
    away from it (never shown) and the entry each folds into, and how to count its facets."""

    plan: _Plan
    total: int
    shown: Any  # tantivy query
    exclude: npt.NDArray[np.int64] = field(default_factory=lambda: _NONE)  # copies folded away, sorted
    tops: npt.NDArray[np.int64] = field(default_factory=lambda: _NONE)  # the entry each of those folds into
    docs: npt.NDArray[np.int64] | None = None  # small: the set shown
    complement: npt.NDArray[np.int64] | None = None  # most of the archive: the live entries not matching
    base: Any = None  # big: the matching query (what ``exclude`` is taken from)
    copy_tops: npt.NDArray[np.int64] = field(default_factory=lambda: _NONE)  # copies folded: into which
    away: Folded = field(default_factory=Folded)  # every fold, for the counts of the search narrowed to a value
    counting: Callable[[], Counts] | None = None  # big: its facet counts by tantivy, started (``_Plan.aggregate``)

    def fold_copies(self, matching: Any, copies: Sequence[tuple[str, str]]) -> None:
        """Fold copies printed elsewhere (``fold_copies``): only the matching entries named by
        ``copies`` are read, then left out of what is shown, counted and faceted."""
        plan = self.plan
        keys = sorted({key for pair in copies for key in pair})
        found = plan.ords(plan.boolean(must=[matching, plan.terms_values("key", keys)]))
        quoted_away = _among(found, self.exclude)  # quoted copies folded away already
        ord_of = {plan.snap.columns.key(o): o for o in found.tolist()}
        # one folded away by a quoting hit is folded by its standing copy too, when that is a hit:
        # the search narrowed to a value its quoting hits lack folds it there
        away = set(found[quoted_away].tolist())
        both = [(ord_of[a], ord_of[b]) for a, b in copies if a in ord_of and b in ord_of]
        by = [(a, b) for a, b in both if a in away]
        if by:
            held = tuple(np.asarray(by, dtype=np.int64).T)
            self.away.add(np.unique(held[0]), lambda: (held[0], held[1]))
        tangled = [(a, b) for a, b in both if a in away or b in away]
        if tangled:
            later, standing = np.asarray(tangled, dtype=np.int64).T
            self.away.tangle(later, standing, ~_among(later, self.exclude))
        members = found[~quoted_away]
        if not len(members):
            return
        ord_of = {plan.snap.columns.key(o): o for o in members.tolist()}
        pairs = [(ord_of[a], ord_of[b]) for a, b in copies if a in ord_of and b in ord_of]
        if not pairs:
            return
        later, standing = np.asarray(pairs, dtype=np.int64).T
        hidden, tops = fold_copies(later, standing, lambda ords: np.ones(len(ords), dtype=bool))
        folded = (hidden, tops)  # bound now: ``hidden`` is taken again below
        self.away.add(hidden, lambda: folded)
        hidden, first = np.unique(hidden, return_index=True)
        self.copy_tops = tops[first]
        self.total -= len(hidden)
        self.exclude = sorted_union(self.exclude, hidden)
        if self.docs is not None:
            self.docs = np.setdiff1d(self.docs, hidden, assume_unique=True)

    def copies_into(self, page: Sequence[int]) -> dict[int, int]:
        shown = np.asarray(page, dtype=np.int64)
        if not len(self.copy_tops) or not len(shown):
            return {}
        return tally(self.copy_tops[np.isin(self.copy_tops, shown)])

    def facet_counts(self) -> Counts:
        snap = self.plan.snap
        facets = snap.columns.facets
        if self.docs is not None:
            return {name: facets[name].counts(self.docs) for name in FACET_FIELDS}
        if self.complement is not None:
            every = snap.totals()
            return {name: every[name] - facets[name].counts(self.complement) - facets[name].counts(self.exclude)
                    for name in FACET_FIELDS}
        counts = (self.counting or self.plan.aggregate(self.base, self.total + len(self.exclude)))()
        if len(self.exclude):
            for name in FACET_FIELDS:
                counts[name] -= facets[name].counts(self.exclude)
        return counts

    def narrowed_counts(self) -> Counts:
        """``facet_counts`` plus, for each value, the copies folded away that the search narrowed
        to it shows (nothing folds them there): each count is what its click finds."""
        counts = self.facet_counts()
        facets = self.plan.snap.columns.facets
        for name in FACET_FIELDS:
            facet = facets[name]
            counts[name] = counts[name] + narrowed_counts(facet.bounds, facet.codes, len(facet.names), self.away)
        return counts

    def folded_into(self, page: Sequence[int]) -> dict[int, int]:
        shown = np.asarray(page, dtype=np.int64)
        return tally(self.tops[np.isin(self.tops, shown)]) if len(self.tops) and len(shown) else {}


_NONE: npt.NDArray[np.int64] = np.zeros(0, dtype=np.int64)
_ADDRESS = operator.itemgetter(1)  # a hit's document address


@dataclass(frozen=True)
class _Look:
    """The best hits of a query from the evaluation that counted it, and their ords."""

    query: Any
    hits: list[tuple[Any, Any]]
    ords: npt.NDArray[np.int64]
    whole: bool  # every hit


def _among(values: npt.NDArray[np.int64], members: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """Which ``values`` are in ``members`` (sorted)."""
    return _membership(members, len(values))(values)


def _membership(members: npt.NDArray[np.int64], asked: int) -> Callable[[npt.NDArray[np.int64]], npt.NDArray[np.bool_]]:
    """A test of which values are in ``members`` (sorted), for about ``asked`` values: each
    looked up in them, or, when both are many (a set holding most of the archive, folded),
    read off one flag per ord up to the last member (a pass over the flags, not a binary
    search per value)."""
    if not len(members):
        return lambda values: np.zeros(len(values), dtype=bool)
    last = int(members[-1])
    if asked + len(members) > last // 8:
        flags = np.zeros(last + 1, dtype=bool)
        flags[members] = True

        def flagged(values: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
            inside = (values >= 0) & (values <= last)
            found = np.zeros(len(values), dtype=bool)
            found[inside] = flags[values[inside]]
            return found
        return flagged

    def looked_up(values: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
        at = np.minimum(np.searchsorted(members, values), len(members) - 1)
        found: npt.NDArray[np.bool_] = members[at] == values
        return found
    return looked_up


def _fold(parent: npt.NDArray[np.int64], docs: npt.NDArray[np.int64],
          members: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The quoted copies among ``docs`` that fold, and into which of ``members`` (sorted)."""
    return fold(parent, docs, _membership(members, len(docs)))


def _folded(plan: _Plan, hidden: npt.NDArray[np.int64], members: npt.NDArray[np.int64]) -> Folded:
    """The quoted copies folded away (``hidden``), each with every entry of ``members`` (sorted:
    the hits of its chain) quoting it."""
    away = Folded()
    if len(hidden):
        is_member = _membership(members, len(hidden))
        away.add(hidden, lambda: folders(plan.snap.columns.parent, hidden, is_member), quoting=True)
    return away


def _small_answer(plan: _Plan, matching: Any, docs: npt.NDArray[np.int64], include_quoted: bool) -> _Answer:
    """A set read whole: folded as arrays (the copies folded away are left out when paging)."""
    if include_quoted or not len(docs):
        return _Answer(plan, len(docs), matching, docs=docs)
    hidden, tops = _fold(plan.snap.columns.parent, docs, docs)
    return _Answer(plan, len(docs) - len(hidden), matching, exclude=hidden, tops=tops,
                   docs=np.setdiff1d(docs, hidden, assume_unique=True) if len(hidden) else docs,
                   away=_folded(plan, hidden, docs))


def _most_answer(plan: _Plan, matching: Any, count: int, include_quoted: bool) -> _Answer:
    """A set holding most of the archive, read through what does not match (the smaller part):
    folded as a small set is, its facets the archive's less the rest's."""
    cols = plan.snap.columns
    rest = plan.ords(plan.boolean(must=[plan.tantivy.Query.all_query()], must_not=[matching]))
    live = np.flatnonzero(cols.live)
    docs = live[~_among(live, rest)]
    if len(docs) != count:  # a commit between the columns and the index: tantivy's way
        return _big_answer(plan, matching, count, include_quoted)
    hidden, tops = (_NONE, _NONE) if include_quoted else _fold(cols.parent, docs, docs)
    return _Answer(plan, count - len(hidden), matching, exclude=hidden, tops=tops, complement=rest,
                   away=_folded(plan, hidden, docs))


def _big_answer(plan: _Plan, matching: Any, count: int, include_quoted: bool,
                counting: Callable[[], Counts] | None = None,
                chained: npt.NDArray[np.int64] | None = None) -> _Answer:
    """Fold a big matching set: a quoted copy is hidden when an entry quoting it matches. Only
    the matching entries of quoting chains are read (``_Plan.chained``; ``chained``: read
    already) and folded as arrays over the columns, as a small set is; tantivy counts, facets
    and pages the set, less the copies folded away (``counting``: its facet counts, started)."""
    if include_quoted:
        return _Answer(plan, count, matching, base=matching, counting=counting)
    chained = plan.chained(matching) if chained is None else chained
    hidden, tops = _fold(plan.snap.columns.parent, chained, chained)
    return _Answer(plan, count - len(hidden), matching, exclude=hidden, tops=tops, base=matching,
                   away=_folded(plan, hidden, chained), counting=counting)


def _spare_core() -> bool:
    """Whether a core this process may use was idle on average this last minute (the load
    average below those cores); not where the load average cannot be read."""
    try:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        return os.getloadavg()[0] < cores
    except (OSError, AttributeError):
        return False


def _facets(cols: Columns, counts: Counts,
            filters: Sequence[tuple[str, str]]) -> dict[str, tuple[tuple[str, str, int], ...]]:
    """Each facet's most frequent values (ties by value: names are sorted, so by code), and the
    chosen ones."""
    out: dict[str, tuple[tuple[str, str, int], ...]] = {}
    chosen: defaultdict[str, set[str]] = defaultdict(set)
    for f, v in filters:
        chosen[f].add(v)
    for name in FACET_FIELDS:
        facet, found = cols.facets[name], counts[name]
        candidates = np.flatnonzero(found > 0)
        if len(candidates) > FACET_SIZE:  # only those at least as frequent as the FACET_SIZE-th
            floor = np.partition(found[candidates], len(candidates) - FACET_SIZE)[len(candidates) - FACET_SIZE]
            candidates = candidates[found[candidates] >= floor]
        best = candidates[np.lexsort((candidates, -found[candidates]))][:FACET_SIZE].tolist()
        top = [(facet.name(c), facet.label(c), int(found[c])) for c in best]
        if name == "month":
            top.sort(reverse=True)
        shown = {v for v, _, _ in top}
        for value in sorted(chosen.get(name, ())):
            if value not in shown:
                code = facet.code(value)
                top.append((value, value if code is None else facet.label(code),
                            0 if code is None else max(int(found[code]), 0)))
        out[name] = tuple(top)
    return out


# -- answering the tree --------------------------------------------------------------------------

# A unit: a field and one indexed term ("stem" terms are checked on the exact field's tokens).
_Unit = tuple[str, str]
_Span = tuple[int, int]


def _exact_field(field_name: str) -> str:
    return "exact" if field_name == "body" else field_name


class _Plan(QueryParts):
    """Turns the syntax tree into tantivy queries (matching, then ranking) for one search; what
    it collects of the query, and the bounds on wildcards, are the Whoosh engine's (QueryParts)."""

    def __init__(self, snap: _Snapshot, side: Executor | None = None) -> None:
        super().__init__()
        self.snap = snap
        self.side = side  # threads for tantivy calls made beside this one's (None: made in turn)
        self.exclude = _NONE  # ords never shown (quoted copies folded away), sorted
        self._look: _Look | None = None
        self.docs: npt.NDArray[np.int64] | None = None  # the set shown, when it is read whole (sorted)
        self.dear = False  # the matching query reads positions or a date range (dear to evaluate again)
        self._ranking: tuple[Any, Any] | None = None  # (shown, the query ranking it)
        self.searcher = snap.searcher
        self.schema = snap.index.schema
        self.tantivy = _tantivy()

    # -- tantivy pieces ----------------------------------------------------------------

    def term(self, unit: _Unit) -> Any:
        return self.tantivy.Query.term_query(self.schema, unit[0], unit[1])


    def boolean(self, must: Sequence[Any] = (), should: Sequence[Any] = (), must_not: Sequence[Any] = ()) -> Any:
        occur = self.tantivy.Occur
        clauses = ([(occur.Must, c) for c in must] + [(occur.Should, c) for c in should]
                   + [(occur.MustNot, c) for c in must_not])
        return self.tantivy.Query.boolean_query(clauses)

    def phrase(self, field_name: str, texts: Sequence[str]) -> Any:
        """Words next to each other in this order. In the body, as its word pairs: two words
        are their pair's posting list (documents, not positions); more, a phrase of pairs
        covering every word (``a b c d e`` as ``a+b``, ``c+d`` and ``d+e`` at their places),
        whose rare terms are read instead of the words' long lists. A pair too long to index
        is read as words."""
        pairs = list(_pairs(texts))
        if field_name != "exact" or not pairs or any(len(pair) > PAIR_MAX for pair in pairs):
            self.dear = True
            return self.tantivy.Query.phrase_query(self.schema, field_name, list(texts))
        if len(pairs) == 1:
            return self.term((PAIRS, pairs[0]))
        self.dear = True
        covering = sorted({*range(0, len(pairs), 2), len(pairs) - 1})
        return self.tantivy.Query.phrase_query(self.schema, PAIRS, [(i, pairs[i]) for i in covering])

    def terms_values(self, field_name: str, values: Sequence[Any]) -> Any:
        """Entries holding any of ``values``: one value as its posting list, which an AND skips
        through (a term set is read whole into a set of every matching entry first, and cost
        the quoting chains of a million entries, half a million postings, twice as much)."""
        if not values:
            return self.tantivy.Query.empty_query()
        if len(values) == 1:
            return self.tantivy.Query.term_query(self.schema, field_name, values[0])
        return self.tantivy.Query.term_set_query(self.schema, field_name, list(values))

    def live(self, ords: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Sorted, and only ords this snapshot's columns know (an entry committed after they
        were read is not searched until the snapshot is renewed)."""
        ords = np.sort(ords)
        live = self.snap.columns.live
        ords = ords[ords < len(live)]
        return ords[live[ords]]

    def ords(self, query: Any, count: int | None = None) -> npt.NDArray[np.int64]:
        """The ords of every document matching ``query`` (for sets known to be small; ``count``:
        how many match, when known)."""
        total = self.searcher.num_docs if count is None else count
        if not total:
            return np.zeros(0, dtype=np.int64)
        # unscored, then their ords in one call: about half the cost of ordering by ord
        hits = self.searcher.search(self.tantivy.Query.const_score_query(query, 1.0), limit=total, count=False).hits
        if not hits:
            return np.zeros(0, dtype=np.int64)
        return self.live(self.ords_of(hits))

    def look(self, query: Any, limit: int) -> int:
        """How many documents match ``query``, keeping its best ``limit`` hits (every hit of a
        set that small) from the same evaluation: ``looked`` and ``top`` answer from them, so a
        query whose evaluation is dear (phrases, proximity) is evaluated once less, or twice
        less for a small set."""
        found = self.searcher.search(query, limit=max(limit, 1), count=True)
        hits = found.hits
        ords = self.ords_of(hits)
        self._look = _Look(query, hits, ords, len(hits) >= found.count)
        return int(found.count)

    def looked(self) -> npt.NDArray[np.int64]:
        """The ords of every hit of the last ``look`` (which kept them all), sorted and live."""
        assert self._look is not None and self._look.whole
        return self.live(self._look.ords)

    def ranking(self, shown: Any) -> Any:
        """The query ranking ``shown`` (None when no word scores): its words weighted with the
        Whoosh engine's idf, ``shown`` adding nothing to a score."""
        if self._ranking is None or self._ranking[0] is not shown:
            units = [u for n in self.scoring for u in self._scoring_units(n)]
            query = self.boolean(must=[self.tantivy.Query.const_score_query(shown, 0.0)],
                                 should=[self.weighted(u) for u in units]) if units else None
            self._ranking = (shown, query)
        return self._ranking[1]

    def ords_of(self, hits: list[tuple[Any, Any]]) -> npt.NDArray[np.int64]:
        """The ords of hits, in their order (one call for all; no Python loop over them)."""
        if not hits:
            return np.zeros(0, dtype=np.int64)
        addresses = list(map(_ADDRESS, hits))
        return np.fromiter(self.searcher.fast_field_values("ord", addresses), np.int64, len(addresses))

    def top(self, query: Any, limit: int, **order: Any) -> list[tuple[Any, int]]:
        """Up to ``limit`` hits of ``query`` as (score or sort value, ord) in tantivy's order,
        but the ords this search leaves out (``exclude``): fetched with room to spare, again
        with more when too many were left out (from the first look when it holds them)."""
        want = limit if not len(self.exclude) else 2 * limit + 64
        look = self._look
        while limit > 0:
            if look is not None and look.query is query and not order and (look.whole or len(look.hits) >= want):
                hits, ords = look.hits, look.ords
            else:
                hits = self.searcher.search(query, limit=want, count=False, **order).hits
                ords = self.ords_of(hits)
            if not hits:
                break
            keep = ~_among(ords, self.exclude)
            if int(keep.sum()) >= limit or len(hits) < want:
                return [(hits[i][0], int(ords[i])) for i in np.flatnonzero(keep)[:limit].tolist()]
            want *= 4
        return []

    def addresses(self, query: Any) -> list[tuple[int, Any]]:
        total = self.searcher.num_docs
        if not total:
            return []
        result: list[tuple[int, Any]] = self.searcher.search(query, limit=total, count=False,
                                                             order_by_field="ord").hits
        return result

    def aggregate(self, query: Any, count: int) -> Callable[[], Counts]:
        """Each facet's value counts over ``query`` (``count`` documents) by code, counted by
        tantivy (its Python binding hands a matching set over only one object per hit, so a big
        set stays there): by an aggregation, which reads each matching entry's values; or, for
        a facet of several values an entry over a large set whose query is cheap to evaluate
        again (no positions, no date range), by its term dictionary filtered by the query.

        The calls are started on the side threads, when the search has them (tantivy lets the
        GIL go while it counts, so they run beside the reading and folding of the quoting
        chains); what is returned waits for them."""
        facets = self.snap.columns.facets
        by_value = () if self.dear or count < BY_VALUE else MULTI_VALUED
        spec = {name: {"terms": {"field": f"f_{name}", "size": max(len(facets[name].names), 1)}}
                for name in FACET_FIELDS if name not in by_value}
        aggregated = self.beside(self.searcher.aggregate, query, spec)
        listed = {name: self.beside(self.searcher.terms_with_prefix, f"f_{name}", "", filter_query=query)
                  for name in by_value}

        def counted() -> Counts:
            found = aggregated()
            counts = {}
            for name in FACET_FIELDS:
                if name in listed:
                    pairs = listed[name]()
                else:
                    pairs = [(b["key"], b["doc_count"]) for b in found.get(name, {}).get("buckets", ())]
                counts[name] = np.zeros(len(facets[name].names), dtype=np.int64)
                if pairs:
                    codes = np.searchsorted(facets[name].names, columns.utf8(str(v) for v, _ in pairs))
                    counts[name][codes] = [int(n) for _, n in pairs]
            return counts
        return counted

    def chained(self, matching: Any) -> npt.NDArray[np.int64]:
        """The ords of the matching entries in quoting chains: the copies and the entries quoting
        them (``quoted:yes`` or ``role:ancestor``), what folding a big set reads."""
        in_chains = self.boolean(should=[self.terms_values("role", ["ancestor"]), self.terms_values("quoted", ["yes"])])
        return self.ords(self.boolean(must=[matching, in_chains]))

    def at_most(self, node: q.Node) -> int:
        """How many documents ``node`` can match at most, from its words' and values' document
        frequencies (the archive's size where they tell nothing: a range, a wildcard, NOT)."""
        every = int(self.searcher.num_docs)
        if isinstance(node, q.And):
            return min((self.at_most(c) for c in node.children if not isinstance(c, q.Not)), default=every)
        if isinstance(node, q.Or):  # (a note's or tag's entries are many: summed up to the archive's size)
            total = 0
            for child in node.children:
                total += self.at_most(child)
                if total >= every:
                    return every
            return total
        if isinstance(node, q.Fielded):
            return self.at_most(node.child)
        if isinstance(node, q.Near):
            return min(self.at_most(node.left), self.at_most(node.right))
        if isinstance(node, q.Word):
            return int(self.searcher.doc_freq(*self.word_unit(node)))
        if isinstance(node, q.Phrase):  # every word in each matching document, as ``matching`` reads them
            field_name = _exact_field(node.field)
            texts = [stem(w) for w in node.words] if field_name == "subject" else node.words
            return min((int(self.searcher.doc_freq(field_name, t)) for t in texts), default=every)
        if isinstance(node, q.Keyword) and not node.prefix:
            return int(self.searcher.doc_freq(node.field, node.value))
        return every

    def beside(self, call: Callable[..., Any], *args: Any, **kwargs: Any) -> Callable[[], Any]:
        """``call`` started on a side thread (made now without one); what is returned waits for
        its result (or raises its error)."""
        if self.side is None:
            result = call(*args, **kwargs)
            return lambda: result
        return self.side.submit(call, *args, **kwargs).result

    # -- matching ----------------------------------------------------------------------

    def word_unit(self, node: q.Word) -> _Unit:
        if node.field == "body" and not node.exact:
            return ("stem", stem(node.text))
        if node.field == "subject" and not node.exact:
            return ("subject", stem(node.text))
        return (_exact_field(node.field), node.text)

    def matching(self, node: q.Node, context: Sequence[Any] = ()) -> Any:
        """A tantivy query for the documents matching ``node`` (``context``: queries an
        enclosing AND also requires, used to narrow position checks)."""
        Query = self.tantivy.Query
        if isinstance(node, q.MatchAll):
            return Query.all_query()
        if isinstance(node, q.DateRange):
            return self.dates(node.low, node.high)
        if isinstance(node, q.Not):
            return self.boolean(must=[Query.all_query()], must_not=[self.matching(node.child)])
        if isinstance(node, q.Or):
            return self.boolean(should=[self.matching(c, context) for c in node.children])
        if isinstance(node, q.And):
            positive = [c for c in node.children if not isinstance(c, q.Not)]
            negative = [c.child for c in node.children if isinstance(c, q.Not)]
            cheap = [self.matching(c) for c in positive if not _positional(c)]
            must = cheap + [self.matching(c, [*context, *cheap]) for c in positive if _positional(c)]
            return self.boolean(must=must or [Query.all_query()],
                                must_not=[self.matching(c) for c in negative])
        if isinstance(node, q.Fielded):
            return self.matching(node.child, context)
        if isinstance(node, q.Word):
            return self.term(self.word_unit(node))
        if isinstance(node, q.Wildcard | q.Fuzzy):
            return self.terms_values(_exact_field(node.field), self._expand(node))
        if isinstance(node, q.Keyword):
            values = [node.value]
            if node.prefix:
                values = sorted(t for t, _ in self.searcher.terms_with_prefix(node.field, node.value))
            return self.terms_values(node.field, values)
        if isinstance(node, q.Phrase) and not node.slop:
            field_name = _exact_field(node.field)
            texts = [stem(w) for w in node.words] if field_name == "subject" else list(node.words)
            if len(texts) == 1:
                return self.term((field_name, texts[0]))
            return self.phrase(field_name, texts)
        if isinstance(node, q.Phrase | q.Near):
            return self._positional(node, context)
        raise AssertionError(f"unknown query node: {node!r}")  # pragma: no cover - parser makes no others

    def dates(self, low: str, high: str) -> Any:
        """Entries sent ``low <= sent < high`` (ISO strings, "" open): the whole months inside
        as their month facet's terms (a posting list each), only the part of the range outside
        them as a range of the ``sent`` column (a range is read value by value: a year of
        dates cost about three times its months' terms at a million entries)."""
        months = self.snap.months()
        inside = [m for m in months if low <= m and (not high or m + "\uffff" <= high)]
        if not inside:
            return self._sent_range(low, high)
        parts = [self.terms_values("f_month", inside)]
        for before, after in ((low, inside[0]), (inside[-1] + "\uffff", high)):
            if not after or before < after:
                parts.append(self._sent_range(before, after))
        return parts[0] if len(parts) == 1 else self.boolean(should=parts)

    def _sent_range(self, low: str, high: str) -> Any:
        self.dear = True
        Query = self.tantivy.Query
        first = sent_number(low[:-1], upper=True) + 1 if low.endswith("\uffff") else (
            sent_number(low) if low else 0)
        last = sent_number(high[:-1], upper=True) if high.endswith("\uffff") else (
            sent_number(high) - 1 if high else None)
        if last is not None and last < first:
            return Query.empty_query()
        return Query.range_query(self.schema, "sent", self.tantivy.FieldType.Integer, first, last)

    def _positional(self, node: q.Phrase | q.Near, context: Sequence[Any]) -> Any:
        self.dear = True
        program = self._spans_program(node, top=True)
        if program is None:
            return self.tantivy.Query.empty_query()
        fast = _near_query(self, program)
        if fast is not None:
            return fast
        candidates = self.boolean(must=[self._need(program), *context])
        hits = self.addresses(candidates)
        if not hits:
            return self.tantivy.Query.empty_query()
        wanted = self._wanted(program)
        found = []
        for ord_, address in hits:
            spend()
            doc = self.searcher.doc(address)
            tokens = {name: (doc.get_first(name) or "").split() for name in wanted}
            if _run_spans(program, _positions(program, wanted, tokens)):
                found.append(ord_)
        return self.terms_ords(found)

    def _wanted(self, program: Any) -> dict[str, dict[str, list[_Unit]]]:
        """For each stored field a span program reads, the units each of its words stands for
        (a stemmed unit: the words with that stem)."""
        wanted: dict[str, dict[str, list[_Unit]]] = {}
        for unit in dict.fromkeys(_program_units(program)):
            units_of = wanted.setdefault(_source(unit), {})
            for _, word in (self.as_words([unit]) if unit[0] == "stem" else [unit]):
                units_of.setdefault(word, []).append(unit)
        return wanted

    def terms_ords(self, ords: Sequence[int]) -> Any:
        if not ords:
            return self.tantivy.Query.empty_query()
        return self.tantivy.Query.term_set_query(self.schema, "ord", list(ords))

    def _need(self, program: Any) -> Any:
        """Documents holding what a span program needs: its words (any one word of an OR
        group), narrowed by the parts tantivy answers exactly (exact phrases, proximity of two
        word groups)."""
        kind = program[0]
        if kind == "unit":
            return self.term(program[1])
        exact = _near_query(self, program) if kind in ("near", "seq") else None
        if exact is not None:
            return exact
        if kind == "seq":
            units = program[1]
            if program[2] == 1 and program[3] and len(units) > 1 and len({u[0] for u in units}) == 1:
                return self.phrase(units[0][0], [u[1] for u in units])
            return self.boolean(must=[self.term(u) for u in units])
        if kind == "near":
            return self.boolean(must=[self._need(program[1]), self._need(program[2])])
        return self.boolean(should=[self._need(child) for child in program[1]])

    def _spans_program(self, node: q.Node, top: bool = False) -> Any:
        """The span query Whoosh runs, as data (the Whoosh engine's own form): ("unit", u),
        ("seq", units, slop, ordered), ("near", a, b, slop, ordered), ("or", programs)."""
        if isinstance(node, q.Fielded):
            return self._spans_program(node.child, top)
        if isinstance(node, q.Phrase):
            field_name = _exact_field(node.field) if top else "exact"
            texts = [stem(w) for w in node.words] if field_name == "subject" else list(node.words)
            return ("seq", tuple((field_name, t) for t in texts), max(node.slop, 1), not node.slop)
        if isinstance(node, q.Near):
            left, right = self._spans_program(node.left), self._spans_program(node.right)
            if left is None or right is None:
                return None
            return ("near", left, right, node.distance, node.ordered)
        if isinstance(node, q.Word):
            return ("unit", self.word_unit(node))
        if isinstance(node, q.Wildcard | q.Fuzzy):
            parts = [("unit", ("exact", t)) for t in self._expand(node)]
            if not parts:
                return None
            return parts[0] if len(parts) == 1 else ("or", parts)
        if isinstance(node, q.Or):
            kids = [p for p in (self._spans_program(c) for c in node.children) if p is not None]
            if not kids:
                return None
            return kids[0] if len(kids) == 1 else ("or", kids)
        raise AssertionError(f"not a proximity operand: {node!r}")  # pragma: no cover - parser checks

    # -- wildcards and fuzzy words ----------------------------------------------------

    def _expansion(self, key: tuple[str, str, int]) -> tuple[str, ...]:
        field_name, text, distance = key
        cached = self.snap.expansions.get(key)
        if cached is None:
            if distance < 0:  # a wildcard
                prefix = re.split(r"[*?]", text, maxsplit=1)[0]
                pattern = re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c)
                                             for c in text), re.DOTALL)
                vocabulary = sorted(t for t, _ in self.searcher.terms_with_prefix(field_name, prefix))
                found = [t for t in vocabulary if pattern.fullmatch(t)]
            else:
                vocabulary = sorted(t for t, _ in self.searcher.terms_with_prefix(field_name, text[:1]))
                found = [t for t in vocabulary if _within_edits(text, t, distance)]
            cached = (tuple(found[:MAX_EXPANSIONS]), len(found) > MAX_EXPANSIONS)
            if len(self.snap.expansions) < 5000:
                self.snap.expansions[key] = cached
        if cached[1]:
            self._too_many(text)
        return cached[0]

    def as_words(self, units: list[_Unit]) -> list[_Unit]:
        """Stemmed units as the exact words with that stem (the ``stem`` field holds each exact
        word's stem at the word's position); a Porter stem keeps all but the last two letters
        of its word, so only the words sharing the rest are stemmed."""
        words: dict[_Unit, None] = {}
        for field_name, text in units:
            if field_name != "stem":
                words[(field_name, text)] = None
                continue
            key = ("exact", text, -2)
            cached = self.snap.expansions.get(key)
            if cached is None:
                found = self.searcher.terms_with_prefix("exact", text[:max(1, len(text) - 2)])
                cached = (tuple(sorted(t for t, _ in found if stem(t) == text)), False)
                if len(self.snap.expansions) < 5000:
                    self.snap.expansions[key] = cached
            words.update((("exact", w), None) for w in cached[0])
        return list(words)

    # -- scoring and highlights ---------------------------------------------------------

    def _scoring_units(self, node: q.Node) -> list[_Unit]:
        """The terms that score a node (the Whoosh engine's rule: phrases and proximity score
        as their words; a wildcard as the words it stands for)."""
        target = node.child if isinstance(node, q.Fielded) else node
        if isinstance(target, q.Phrase):
            field_name = _exact_field(target.field)
            return [(field_name, stem(w) if field_name == "subject" else w) for w in target.words]
        if isinstance(target, q.Near):
            return self._scoring_units(target.left) + self._scoring_units(target.right)
        if isinstance(target, q.Or):
            return [u for c in target.children for u in self._scoring_units(c)]
        if isinstance(target, q.Word):
            return [self.word_unit(target)]
        if isinstance(target, q.Wildcard | q.Fuzzy):
            return [(_exact_field(target.field), t) for t in self._expand(target)]
        return []

    def order(self, shown: Any, sort: str, offset: int, limit: int | None, total: int) -> list[tuple[int, float]]:
        """One page of what ``shown`` matches: by tantivy's BM25 (ties by key; hits no word
        scores after, newest first), or by date (undated last, by key)."""
        need = total if limit is None else min(offset + limit, total)
        ranked: list[tuple[int, float]] = []
        if sort == "relevance" and self.scoring and need:
            ranked = self._ranked(shown, need)
        if len(ranked) < need:
            by = "date" if sort == "date" else "-date"
            if self.docs is not None:  # the set is read whole: ordered over the columns
                rest = np.setdiff1d(self.docs, np.asarray([o for o, _ in ranked], dtype=np.int64))
                ranked += [(o, 0.0) for o in _by_date_columns(self.snap.columns, rest, by)[:need - len(ranked)]]
                return ranked[offset:need]
            rest = shown
            if ranked:
                rest = self.boolean(must=[shown], must_not=[self.terms_values("ord", [o for o, _ in ranked])])
            ranked += [(o, 0.0) for o in self._by_date(rest, by, need - len(ranked))]
        return ranked[offset:need]

    def weighted(self, unit: _Unit) -> Any:
        """A term scored with the Whoosh engine's idf, ``ln(N / (n + 1)) + 1``, in place of
        tantivy's ``ln(1 + (N - n + 0.5) / (n + 0.5))``: tantivy's BM25 then differs from the
        Whoosh engine's BM25F only in how each stores a field's length (one byte each, coded
        differently), and the two rank alike."""
        total = max(self.searcher.num_docs, 1)
        df = self.searcher.doc_freq(unit[0], unit[1])
        own = math.log(1 + (total - df + 0.5) / (df + 0.5))
        whoosh = math.log(total / (df + 1)) + 1
        if own <= 0 or whoosh <= 0:
            return self.term(unit)
        return self.tantivy.Query.boost_query(self.term(unit), whoosh / own)

    def _ranked(self, shown: Any, need: int) -> list[tuple[int, float]]:
        query = self.ranking(shown)
        if query is None:
            return []
        hits = self.top(query, need + 50)  # room for ties at the edge, ordered by key below
        scored = [(s, o) for s, o in hits if s > 0]
        ords = self.live(np.asarray([o for _, o in scored], dtype=np.int64))
        keys = dict(zip(ords.tolist(), self.snap.columns.keys[ords].tolist(), strict=True))  # one read
        best = sorted((-round(float(s), 6), keys[o], o) for s, o in scored if o in keys)
        return [(o, -s) for s, _, o in best[:need]]

    def _by_date(self, shown: Any, sort: str, need: int) -> list[int]:
        """``need`` hits by date: dated ones by (sent, key), then undated ones by key. tantivy
        orders by the date's number; the hits sharing the last one are all read and ordered by
        the columns (equal numbers, keys in order)."""
        if need <= 0:
            return []
        tantivy = self.tantivy
        snap = self.snap
        direction = tantivy.Order.Desc if sort == "-date" else tantivy.Order.Asc
        dated_query = self.boolean(must=[shown, tantivy.Query.exists_query("sent")])
        hits = self.top(dated_query, need, order_by_field="instant", order=direction)
        picked: list[int] = []
        if hits:
            last = hits[-1][0]
            same = tantivy.Query.range_query(self.schema, "instant", tantivy.FieldType.Integer, last, last)
            tied = self.ords(self.boolean(must=[dated_query, same]))
            tied = tied[~_among(tied, self.exclude)]
            picked = self.live(np.asarray([o for v, o in hits if v != last], dtype=np.int64)).tolist()
            picked = _date_order(snap.columns, picked, sort == "-date")
            group = _date_order(snap.columns, tied.tolist(), sort == "-date")
            picked = (picked + group)[:need]
        if len(picked) < need:
            undated = self.boolean(must=[shown], must_not=[tantivy.Query.exists_query("sent")])
            rest = self.top(undated, need - len(picked), order_by_field="key", order=tantivy.Order.Asc)
            picked += [o for _, o in rest if o < snap.columns.rows and snap.columns.live[o]]
        return picked


def _by_date_columns(cols: Columns, ords: npt.NDArray[np.int64], sort: str) -> list[int]:
    """``ords`` as ``_by_date`` orders them, from the columns: dated ones by (date, key)
    (``-date``: the other way), then undated ones by key."""
    undated = cols.sent[ords] == b""
    late = ords[undated]
    keyed: list[int] = late[np.argsort(cols.keys[late], kind="stable")].tolist()
    return _date_order(cols, ords[~undated], sort == "-date") + keyed


def _date_order(cols: Columns, ords: Sequence[int], descending: bool) -> list[int]:
    """Dated ``ords`` by (the instant each was sent, key), or the other way."""
    picked = np.asarray(ords, dtype=np.int64)
    order = np.lexsort((cols.keys[picked], _instants(cols.sent[picked])))
    ordered: list[int] = picked[order[::-1] if descending else order].tolist()
    return ordered


def _instants(sent: npt.NDArray[np.bytes_]) -> npt.NDArray[np.bytes_]:
    """Sent times as ``archive.dates.time_order`` sorts them: those printed with a zone (longer
    than a bare clock) as UTC, the others as they are."""
    if sent.dtype.itemsize <= len("2000-01-01T00:00:00"):
        return sent  # (no time in the archive is printed with its zone)
    zoned = np.flatnonzero(np.char.str_len(sent) > len("2000-01-01T00:00:00"))
    if not len(zoned):
        return sent
    instants = sent.copy()
    for at in zoned.tolist():
        instants[at] = time_order(bytes(sent[at]).decode()).encode()
    return instants


def _positional(node: q.Node) -> bool:
    target = node.child if isinstance(node, q.Fielded) else node
    return isinstance(target, q.Near) or (isinstance(target, q.Phrase) and target.slop > 0)


def _group(program: Any) -> list[_Unit] | None:
    """The units of a word or an OR of words (None: a phrase or proximity inside)."""
    if program[0] == "unit":
        return [program[1]]
    if program[0] == "or" and all(p[0] == "unit" for p in program[1]):
        return [p[1] for p in program[1]]
    return None


def _near_query(plan: _Plan, program: Any) -> Any:
    """``a w/N b`` (or ``pre/N``, or a two-word sloppy phrase) for two groups of words in one
    field with no word in common, as tantivy queries. A two-word tantivy phrase [a, b] with
    slop s matches when b is from s - 1 words before a to s + 1 words after it (a swap costs
    two), so [a, b] and [b, a] with slop N - 1 together match exactly 1..N words apart either
    way; in order (``pre/N``), b at 1..N words after a is one exact phrase per distance, a
    word at offset 0 and the other at that offset. A group of words is a term each, or for
    many word pairs one regular expression matching exactly its words. None: checked on
    positions instead (shared words, phrases inside, mixed fields)."""
    if program[0] == "seq" and len(program[1]) == 2:  # Whoosh's SpanNear2 of two words: a near
        program = ("near", ("unit", program[1][0]), ("unit", program[1][1]), program[2], program[3])
    if program[0] != "near":
        return None
    _, left, right, slop, ordered = program
    lefts, rights = _group(left), _group(right)
    if lefts is None or rights is None or not lefts or not rights:
        return None
    if {u[0] for u in lefts + rights} == {"exact", "stem"}:  # the same positions: stems as their words
        lefts, rights = plan.as_words(lefts), plan.as_words(rights)
    fields = {u[0] for u in lefts + rights}
    if len(lefts) == 1 and lefts == rights and slop <= PHRASE_PAIRS:
        return _near_itself(plan, lefts[0], slop)
    if len(fields) != 1 or {u[1] for u in lefts} & {u[1] for u in rights} or not lefts or not rights:
        return None
    (field_name,) = fields
    Query = plan.tantivy.Query
    if len(lefts) * len(rights) * (slop if ordered and slop > 2 else 2) <= 2 * PHRASE_PAIRS:
        pairs = [(a, b, Query.phrase_query) for (_, a), (_, b) in itertools.product(lefts, rights)]
    else:
        pairs = [(_any_word(lefts), _any_word(rights), Query.regex_phrase_query)]
    parts = []
    for a, b, phrase in pairs:
        if ordered and slop > 2:
            parts += [phrase(plan.schema, field_name, [(0, a), (k, b)]) for k in range(1, slop + 1)]
            continue
        parts.append(phrase(plan.schema, field_name, [a, b], slop=slop - 1))
        if not ordered:
            parts.append(phrase(plan.schema, field_name, [b, a], slop=slop - 1))
    return plan.boolean(should=parts)


def _near_itself(plan: _Plan, unit: _Unit, slop: int) -> Any:
    """``a w/N a`` (or ``pre/N``) for one word, or one stem, on both sides (``searched w/5
    searches``): two places of it 1 to N words apart, as one exact phrase per distance (the
    same term at two offsets). Checked on each email's stored text instead, it read every
    email holding the word: seconds for a common stem at a million emails. (A group of words
    is not answered so: Whoosh joins a group's touching places into one span.)"""
    field_name, word = unit
    Query = plan.tantivy.Query
    return plan.boolean(should=[Query.phrase_query(plan.schema, field_name, [(0, word), (k, word)])
                                for k in range(1, slop + 1)])


def _any_word(units: list[_Unit]) -> str:
    """A regular expression (tantivy's: it matches whole terms) matching exactly these words."""
    return "|".join(re.sub(r"(\W)", r"\\\1", u[1]) for u in units)


# -- positions, checked by Whoosh's span rules ------------------------------------------------

def _program_units(program: Any) -> list[_Unit]:
    kind = program[0]
    if kind == "unit":
        return [program[1]]
    if kind == "seq":
        return list(program[1])
    if kind == "near":
        return _program_units(program[1]) + _program_units(program[2])
    return [u for child in program[1] for u in _program_units(child)]


def _source(unit: _Unit) -> str:
    return "exact" if unit[0] == "stem" else unit[0]


def _positions(program: Any, wanted: dict[str, dict[str, list[_Unit]]],
               tokens: dict[str, list[str]]) -> dict[_Unit, list[int]]:
    """Where each unit of ``program`` occurs in one document's stored ``tokens`` (``wanted``: the
    units each word of a field stands for); the tokens of interest found at C speed."""
    out: dict[_Unit, list[int]] = {unit: [] for unit in _program_units(program)}
    for name, units_of in wanted.items():
        source = tokens[name]
        for i in itertools.compress(range(len(source)), map(units_of.__contains__, source)):
            for unit in units_of[source[i]]:
                out[unit].append(i)
    return out


def _run_spans(program: Any, positions: dict[_Unit, list[int]]) -> list[_Span]:
    """The spans of ``program`` in one document, by Whoosh's span rules (Phrase, SpanNear,
    SpanNear2, SpanOr with its merge of touching spans), mindist 1."""
    kind = program[0]
    if kind == "unit":
        return [(p, p) for p in positions[program[1]]]
    if kind == "seq":
        _, units, slop, ordered = program
        if slop == 1 and ordered:
            starts = set(positions[units[0]])
            for i, unit in enumerate(units[1:], 1):
                starts &= {p - i for p in positions[unit]}
            return [(p, p + len(units) - 1) for p in sorted(starts)]
        spans = [(p, p) for p in positions[units[0]]]
        for unit in units[1:]:
            if not spans:
                return []
            spans = _near(spans, [(p, p) for p in positions[unit]], slop, ordered)
        return spans
    if kind == "near":
        _, left, right, slop, ordered = program
        aspans = _run_spans(left, positions)
        bspans = _run_spans(right, positions) if aspans else []
        return _near(aspans, bspans, slop, ordered, seek=False) if bspans else []
    union = sorted({s for child in program[1] for s in _run_spans(child, positions)})
    merged: list[_Span] = []
    for start, end in union:
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _near(aspans: list[_Span], bspans: list[_Span], slop: int, ordered: bool, *, seek: bool = True) -> list[_Span]:
    """Spans of ``b`` within ``slop`` words of a span of ``a`` (``ordered``: not starting before
    it). ``seek``: skip the ``b`` spans that start too early by bisection, which is right only
    when they are single words (a phrase's next word, Whoosh's SpanNear2); a longer ``b`` span
    can start early and still end near (SpanNear)."""
    spans: set[_Span] = set()
    starts = [b[0] for b in bspans]
    for n, (a_start, a_end) in enumerate(aspans):
        if not n % 256:
            spend()  # (a chain of wide proximity pairs every place with every other: archive/budget.py)
        j = bisect_left(starts, a_start if ordered else max(0, a_start - slop)) if seek else 0
        for b_start, b_end in itertools.islice(bspans, j, None):
            if b_end < a_start - slop or (ordered and a_start > b_start):
                continue
            if b_start > a_end + slop:
                break
            if a_start <= b_end and b_start <= a_end:
                continue  # overlapping: distance 0
            distance = b_start - a_end if a_end < b_start else a_start - b_end
            if 1 <= distance <= slop:
                spans.add((min(a_start, b_start), max(a_end, b_end)))
    return sorted(spans)


def _within_edits(word: str, other: str, limit: int) -> bool:
    """Levenshtein distance at most ``limit`` (no transpositions, as Whoosh's fuzzy terms),
    the first letter shared."""
    return word[:1] == other[:1] and edits(word, other, limit) <= limit

