"""SearchIndex: the Whoosh index folder of an archive, written and searched.

Layout: ``<root>/current`` names the live generation folder ``<root>/gen-<id>``; a rebuild
writes a new generation beside it and switches ``current`` with one atomic rename, so
readers never see a half-built index. Commits add a segment and merge segments in size
tiers, not on every commit; a full rebuild runs in several processes, one segment each.

A long-lived searcher per process (a ``Snapshot``), refreshed only when the index changes;
one search at a time holds its lock (``shared``).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .. import query as q
from ..errors import IndexUnavailable
from .entries import IndexEntry, document_fields
from .facets import count_facets
from .folding import Folded, fold, fold_copies, folders, tally
from .plan import Plan, with_filters
from .postings import Docs
from .ranking import Ranking
from .results import Highlight, IndexHit, IndexResult
from .schema import SCHEMA_VERSION, codec, index_schema, merge_tiers, storage
from .shared import SharedSnapshot
from .snapshot import POSTINGS_CACHE, Segment, Snapshot, load_snapshot


class SearchIndex(SharedSnapshot[Snapshot]):
    """Owns the Whoosh index folder; one long-lived searcher per process."""

    schema_version = SCHEMA_VERSION

    def __init__(self, root: Path, *, cache_postings: int = POSTINGS_CACHE) -> None:
        super().__init__()
        self.root = root
        self.cache_postings = cache_postings  # postings kept decoded between searches; 0 keeps none
        self._segments: dict[str, Segment] = {}

    # -- layout ------------------------------------------------------------------------

    def create(self) -> None:
        """Make an empty index (discarding any older one)."""
        generation = self._new_generation()
        storage(generation).create_index(index_schema())
        self._switch_to(generation)

    def _open(self) -> Any:
        generation = self._generation()
        if generation is None or not self.is_current():
            raise self.unavailable()
        try:
            return storage(generation).open_index()
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
        segments are merged in tiers (see :func:`schema.merge_tiers`), so a commit costs about the
        size of what it adds, not of what is already indexed.
        """
        if not self.is_current():
            self.create()
        ix = self._open()
        writer = ix.writer(timeout=60.0, codec=codec())
        count = 0
        try:
            for document_id, entries in documents:
                writer.delete_by_term("document", document_id)
                for entry in entries:
                    writer.add_document(**document_fields(entry))
                    count += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=merge_tiers)
        return count

    def rebuild(self, entries: Iterator[IndexEntry], *, limitmb: int = 256, procs: int = 1) -> int:
        """Build a fresh generation beside the live one, then switch to it atomically.

        Memory is bounded by ``limitmb`` (Whoosh's posting pool, per process) plus one
        document's entries: ``entries`` is consumed as a stream. With ``procs`` > 1, Whoosh
        indexes in that many processes and keeps one segment per process (no final merge).
        """
        generation = self._new_generation()
        ix = storage(generation).create_index(index_schema())
        if procs > 1:
            writer = ix.writer(procs=procs, limitmb=limitmb, multisegment=True, codec=codec())
        else:
            writer = ix.writer(limitmb=limitmb, codec=codec())
        count = 0
        try:
            for entry in entries:
                writer.add_document(**document_fields(entry))
                count += 1
        except BaseException:
            writer.cancel()
            shutil.rmtree(generation, ignore_errors=True)
            raise
        writer.commit()
        self._switch_to(generation)
        return count

    # -- reading -----------------------------------------------------------------------

    def _stamp(self) -> str:
        generation = self._generation()
        return generation.name if generation else ""

    def _is_fresh(self, snap: Snapshot, stamp: str) -> bool:
        try:
            return snap.build == stamp and bool(snap.searcher.up_to_date())
        except Exception:  # the generation folder vanished; reopen
            return False

    def _close_snapshot(self, snap: Snapshot) -> None:
        snap.searcher.close()

    def _open_snapshot(self, stamp: str) -> Snapshot:
        ix = self._open()
        searcher = ix.searcher()
        try:
            snap, self._segments = load_snapshot(searcher, stamp, self._segments, self.cache_postings)
        except BaseException:  # segment files missing or damaged: as unreadable as a bad TOC
            searcher.close()
            raise
        return snap

    def keys(self) -> set[str]:
        with self.reading() as snap:
            return {snap.keys[d] for d in np.flatnonzero(snap.live).tolist()}

    def doc_count(self) -> int:
        with self.reading() as snap:
            return int(np.count_nonzero(snap.live))

    def highlight(self, parsed: q.ParsedQuery) -> Highlight:
        """The words a query marks in a text, without searching (for a page opened from a search)."""
        with self.reading() as snap:
            plan = Plan(snap)
            plan.collect(parsed.node)
            return plan.highlight()

    def _answer(self, snap: Snapshot, node: q.Node, *, filters: Sequence[tuple[str, str]],
                release: str | None, sort: str, offset: int, limit: int | None, include_quoted: bool,
                facets: bool, allowed_releases: set[str] | None,
                copies: Sequence[tuple[str, str]]) -> IndexResult:
        """The matching set as flags per document, quoted copies and copies printed elsewhere
        folded, ranked or dated, counted."""
        plan = Plan(snap)
        node = with_filters(node, filters, release, allowed_releases, snap.releases)
        docs = plan.docs(node)
        folded: dict[int, int] = {}
        copied: dict[int, int] = {}
        away = Folded()
        if not include_quoted:
            matched = docs
            docs, folded = collapse(docs, snap.parent, away)
            docs, copied = collapse_copies(docs, snap.key_doc, copies, away, matched)
        docnums = np.flatnonzero(docs)  # once, for ranking and facets
        total = len(docnums)
        scoring = plan.score_exprs() if sort == "relevance" and total else []
        order = Ranking(snap, plan.terms).order(scoring, docs, docnums, sort, offset, limit)
        hits = tuple(IndexHit(snap.keys[d], score, folded.get(d, 0), copied.get(d, 0))
                     for d, score in order)
        facet_counts = count_facets(snap.facet_column, snap.labels, docnums, filters, away) if facets else {}
        return IndexResult(total, hits, facet_counts, plan.highlight(), tuple(plan.messages),
                           tuple(dict.fromkeys(plan.expanded)))


def collapse_copies(docs: Docs, key_doc: dict[str, int], copies: Sequence[tuple[str, str]],
                    away: Folded, matched: Docs | None = None) -> tuple[Docs, dict[int, int]]:
    """Fold each copy printed elsewhere into the copy its message stands for, when both are hits
    (``away`` records what folded, and into what). A copy a quoting hit folded away already
    (a hit of ``matched`` no longer in ``docs``) is recorded as folded by its standing copy too,
    when that is a hit: the search narrowed to a value its quoting hits lack folds it there."""
    pairs = [(key_doc[a], key_doc[b]) for a, b in copies if a in key_doc and b in key_doc]
    if not pairs:
        return docs, {}
    later, standing = np.asarray(pairs, dtype=np.int64).T
    if matched is not None:
        both = matched[later] & ~docs[later] & matched[standing]
        if both.any():
            by = (later[both], standing[both])
            away.add(by[0], lambda: by)
        tangled = matched[later] & matched[standing] & ~(docs[later] & docs[standing])
        away.tangle(later[tangled], standing[tangled], docs[later[tangled]])
    hidden, tops = fold_copies(later, standing, docs.__getitem__)
    if not len(hidden):
        return docs, {}
    away.add(hidden, lambda: (hidden, tops))
    shown = docs.copy()
    shown[hidden] = False
    return shown, tally(tops)


def collapse(docs: Docs, parent: npt.NDArray[np.int64], away: Folded) -> tuple[Docs, dict[int, int]]:
    """Fold each quoted copy into the outermost quoting email that is also a hit (``away``
    records each copy and every hit quoting it)."""
    hidden, tops = fold(parent, np.flatnonzero(docs), docs.__getitem__)
    if not len(hidden):
        return docs, {}
    away.add(hidden, lambda: folders(parent, hidden, docs.__getitem__), quoting=True)
    shown = docs.copy()
    shown[hidden] = False
    return shown, tally(tops)
