"""Ranking: BM25F as Whoosh computes it, for the matching set only, or date order.

A score expression mirrors the Whoosh query that scored before: a ``Unit`` is a BM25F term,
``ScoreAnd`` / ``ScoreOr`` add their parts as Whoosh's matchers add them. Positions are
already checked (hits are restricted to the matching set), so phrases and proximity score
as their plain words.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .postings import Docs, Postings, Unit
from .snapshot import Scores, Snapshot
from .terms import Terms

K1, B = 1.2, 0.75  # Whoosh's BM25F defaults, which the index has always scored with

Vector = npt.NDArray[np.float64]  # a score per docnum of a result set; NaN: no score


@dataclass(frozen=True)
class ScoreAnd:
    """Scores where every part scores: the parts' sum."""

    parts: tuple[ScoreExpr, ...]


@dataclass(frozen=True)
class ScoreOr:
    """Scores where any part scores: the sum of those that do."""

    parts: tuple[ScoreExpr, ...]


ScoreExpr = Unit | ScoreAnd | ScoreOr


class Ranking:
    """One search's ordering of its matching documents."""

    def __init__(self, snap: Snapshot, terms: Terms) -> None:
        self.snap = snap
        self.terms = terms

    def order(self, scoring: list[ScoreExpr], docs: Docs, docnums: npt.NDArray[np.int64], sort: str,
              offset: int, limit: int | None) -> list[tuple[int, float]]:
        """One page of ``docs`` (``docnums``: the same documents as an array) in ``sort``
        order: by relevance (``scoring``; unscored documents after, newest first) or date."""
        need = None if limit is None else offset + limit
        if sort == "relevance" and scoring and len(docnums):
            expr = scoring[0] if len(scoring) == 1 else ScoreOr(tuple(scoring))
            ranked = self.ranked(expr, docnums, need)
            if need is None or len(ranked) < need:
                rest = docs.copy()
                rest[[d for d, _ in ranked]] = False
                ranked += [(d, 0.0) for d in self.by_date(rest, "-date", None if need is None else need - len(ranked))]
        else:
            ranked = [(d, 0.0) for d in self.by_date(docs, "date" if sort == "date" else "-date", need)]
        return ranked[offset:need]

    def ranked(self, expr: ScoreExpr, docnums: npt.NDArray[np.int64], need: int | None) -> list[tuple[int, float]]:
        """The ``need`` best scored documents (all when None), best first, ties by key."""
        vector = self.vector(expr, docnums)
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

    def vector(self, expr: ScoreExpr, docnums: npt.NDArray[np.int64]) -> Vector:
        """The scores of ``docnums`` under ``expr``, added as Whoosh's matchers add them: an
        AND only where every part scores, in its binary tree's order; an OR part by part over
        the documents any part scores."""
        if isinstance(expr, Unit):
            return self._unit_vector(expr, docnums)
        parts = [self.vector(p, docnums) for p in expr.parts]
        if isinstance(expr, ScoreAnd):
            return _tree_sum(parts)  # NaN wherever some part has no score
        total = parts[0]
        for part in parts[1:]:
            total = np.where(np.isnan(total), part, np.where(np.isnan(part), total, total + part))
        return total

    def _unit_vector(self, unit: Unit, docnums: npt.NDArray[np.int64]) -> Vector:
        """A unit's scores of ``docnums`` (NaN where it is absent), from its scores over the
        whole index, computed once a snapshot."""
        cache = self.snap.scores
        found: Scores | None = cache.get(unit)
        if found is None:
            found = self._score_unit(unit, self.snap.live)
            cache.put(unit, found, len(found[0]) + 1)
        ids, values = found
        if not len(ids):
            return np.full(len(docnums), np.nan)
        at = np.minimum(np.searchsorted(ids, docnums), len(ids) - 1)
        return np.where(ids[at] == docnums, values[at], np.nan)

    def _score_unit(self, unit: Unit, docs: Docs) -> Scores:
        """BM25F as Whoosh computes it, for the units's documents among ``docs`` (sorted): idf
        and average length over the whole index (deleted documents included), the field length
        as Whoosh stores it (one byte)."""
        postings = [self.terms.postings(unit.field, text) for text in unit.texts]
        if not postings:  # a stem no indexed word has
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        if len(postings) == 1:
            p = postings[0]
            frequency = len(p)
            kept = docs[p.ids]
            ids, weights = p.ids[kept], p.weights[kept]
        else:
            frequency = len(np.unique(np.concatenate([p.ids for p in postings])))
            summed = np.zeros(len(docs), dtype=np.float64)
            for p in postings:  # each word's weight added in turn, as Whoosh adds them
                kept = docs[p.ids]
                np.add.at(summed, p.ids[kept], p.weights[kept])
            ids = np.flatnonzero(docs & _holding(postings, len(docs)))
            weights = summed[ids]
        if not len(ids):
            return ids, np.zeros(0, dtype=np.float64)
        idf = math.log(self.snap.doc_count_all / (frequency + 1)) + 1
        # whoosh.scoring.bm25, idf * ((w * (K1 + 1)) / (w + K1 * (...length...))): the same
        # operations on the same floats, over whole arrays
        return ids, idf * ((weights * (K1 + 1)) / (weights + self._norms(unit.field)[ids]))

    def _norms(self, field_name: str) -> npt.NDArray[np.float64]:
        """BM25's length part per docnum, ``K1 * ((1 - B) + B * length / average)``, from the
        field lengths Whoosh stores (one byte each), once per snapshot."""
        snap = self.snap
        norms = snap.norms.get(field_name)
        if norms is None:
            lengths: list[int | None] = []
            for (leaf, _offset), seg in zip(snap.leaves, snap.segments, strict=True):
                own = seg.lengths.get(field_name)
                if own is None:
                    own = seg.lengths[field_name] = tuple(
                        leaf.doc_field_length(d, field_name, 1) for d in range(leaf.doc_count_all()))
                lengths += own
            average = snap.searcher.avg_field_length(field_name) or 1
            # a document without the field has no stored length (None); it is never scored
            norms = snap.norms[field_name] = np.asarray(
                [K1 * ((1 - B) + B * (fl or 1) / average) for fl in lengths], dtype=np.float64)
        return norms

    def by_date(self, docs: Docs, sort: str, need: int | None) -> list[int]:
        """``docs`` by the instant each was sent (``date``: oldest first, ``-date``: newest; a time
        printed with its zone as UTC, ``archive.dates.time_order``), undated last by key."""
        snap = self.snap
        dated = snap.chrono_asc[docs[snap.chrono_asc]]
        if sort == "-date":
            dated = dated[::-1]
        picked = dated[:need]
        if need is None or len(picked) < need:
            undated = snap.undated[docs[snap.undated]]
            picked = np.concatenate((picked, undated[:None if need is None else need - len(picked)]))
        result: list[int] = picked.tolist()
        return result


def _holding(postings: list[Postings], size: int) -> Docs:
    found = np.zeros(size, dtype=bool)
    for p in postings:
        found[p.ids] = True
    return found


def _tree_sum(parts: list[Vector]) -> Vector:
    """Add score vectors in the order Whoosh's binary matcher tree adds them
    (``make_binary_tree``), so sums are the same floats."""
    if len(parts) == 1:
        return parts[0]
    half = len(parts) // 2
    return _tree_sum(parts[:half]) + _tree_sum(parts[half:])
