"""The query plan: a parsed query's syntax tree answered as exact sets of docnums, each one
numpy flag per docnum of the snapshot (``Docs``).

AND / OR / NOT as array operations, cheap parts first so their set narrows the position
checks of the rest; phrases and proximity checked only on documents holding every word
(``spans``); wildcards and fuzzy words expanded to a bounded number of indexed words. The
plan also collects what scores the hits (``ranking``) and what is highlighted.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence

import numpy as np

from .. import query as q
from .facets import FACET_FIELDS, facet_term
from .postings import Docs, Unit
from .ranking import ScoreAnd, ScoreExpr, ScoreOr
from .results import Highlight
from .schema import stem
from .snapshot import Expansion, Snapshot
from .spans import SpanNear, SpanOr, SpanQuery, SpanSeq, matching_docs, needed_docs
from .terms import Terms

MAX_EXPANSIONS = 512  # terms a wildcard or fuzzy word may stand for
# Expanding a wildcard or fuzzy word reads the vocabulary (all of it when the word begins with
# a wildcard), so a query may expand only so many; the rest match nothing, and it says so.
MAX_PATTERNS = 8
MAX_UNANCHORED = 2  # of which begin with * or ?


def with_filters(node: q.Node, filters: Sequence[tuple[str, str]], release: str | None,
                 allowed_releases: set[str] | None, releases: Iterable[str]) -> q.Node:
    """The query and its filters as one tree: facet values, one release, and never a release
    outside ``allowed_releases`` (withdrawn releases are never shown; ``releases``: the index's)."""
    extra: list[q.Node] = [q.Keyword(FACET_FIELDS[f], facet_term(f, v)) for f, v in filters if f in FACET_FIELDS]
    if release:
        extra.append(q.Keyword("release", release))
    if allowed_releases is not None:
        extra += [q.Not(q.Keyword("release", r)) for r in sorted(set(releases) - allowed_releases)]
    if not extra:
        return node
    return q.And(((node,) if not isinstance(node, q.MatchAll) else ()) + tuple(extra))


class QueryParts:
    """What one search collects of its query, by the same rules on either engine: the positive
    text parts (they score the hits), the words highlighted, and the wildcard and fuzzy words
    expanded within the bounds (``MAX_PATTERNS``, ``MAX_UNANCHORED``, ``MAX_EXPANSIONS``), with
    the messages saying what was cut. An engine's plan supplies ``_expansion``."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self.expanded: list[str] = []
        self.scoring: list[q.Node] = []  # the positive text parts, which score the hits
        self.exact: set[str] = set()
        self.stems: set[str] = set()
        self.phrases: set[tuple[str, ...]] = set()
        self.near: list[tuple[Highlight, Highlight, int, bool]] = []
        self._patterns: dict[Expansion, bool] = {}  # expanded so far: within the bounds?

    def _expand(self, node: q.Wildcard | q.Fuzzy) -> tuple[str, ...]:
        """The indexed words a wildcard or fuzzy word stands for (none beyond the bounds)."""
        text = node.pattern if isinstance(node, q.Wildcard) else node.text
        distance = node.distance if isinstance(node, q.Fuzzy) else -1
        key = (_exact_field(node.field), text, distance)
        return self._expansion(key) if self._within_bounds(key) else ()

    def _expansion(self, key: Expansion) -> tuple[str, ...]:
        """The engine's expansion of (field, pattern or word, fuzzy distance; -1 for a wildcard):
        at most ``MAX_EXPANSIONS`` words in alphabetical order, ``_too_many`` saying when cut."""
        raise NotImplementedError

    def _within_bounds(self, key: Expansion) -> bool:
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
            left, right = self._side(node.left, negated), self._side(node.right, negated)
            if not negated:
                self.scoring.append(node)
                self.near.append((left, right, node.distance, node.ordered))
        elif isinstance(node, q.Word | q.Phrase | q.Wildcard | q.Fuzzy | q.Fielded) and not negated:
            self.scoring.append(node)
            target = node.child if isinstance(node, q.Fielded) else node
            if getattr(target, "field", "") != "body":
                return
            if isinstance(target, q.Word):
                (self.exact.add(target.text) if target.exact else self.stems.add(stem(target.text)))
            elif isinstance(target, q.Phrase) and not target.slop and len(target.words) > 1:
                self.phrases.add(tuple(target.words))  # (marked where its words stand in its order)
            elif isinstance(target, q.Phrase):
                self.exact.update(target.words)  # (its words within N of each other, in any order)
            elif isinstance(target, q.Wildcard | q.Fuzzy):
                terms = self._expand(target)
                self.exact.update(terms)
                self.expanded.extend(terms[:50])

    def _side(self, node: q.Node, negated: bool) -> Highlight:
        """What one side of a proximity marks (marked only near the other side's)."""
        outer = self.exact, self.stems, self.phrases, self.near
        self.exact, self.stems, self.phrases, self.near = set(), set(), set(), []
        try:
            self._collect(node, negated)
            return self.highlight()
        finally:
            self.exact, self.stems, self.phrases, self.near = outer

    def highlight(self) -> Highlight:
        return Highlight(frozenset(self.exact), frozenset(self.stems), frozenset(self.phrases), tuple(self.near))


class Plan(QueryParts):
    """Answers one query against one snapshot, with Whoosh's semantics (its Phrase, SpanNear,
    SpanNear2 and SpanOr rules, its BM25F formula and statistics), on whole posting lists."""

    def __init__(self, snap: Snapshot) -> None:
        super().__init__()
        self.snap = snap
        self.terms = Terms(snap)

    def word_unit(self, node: q.Word) -> Unit:
        if node.field == "body" and not node.exact:
            return Unit("exact", self.terms.stem_words(stem(node.text)))
        if node.field == "subject" and not node.exact:
            return Unit("subject", (stem(node.text),))
        return Unit(_exact_field(node.field), (node.text,))

    # -- matching sets ---------------------------------------------------------------

    def docs(self, node: q.Node) -> Docs:
        self.collect(node)
        return self._docs(node, None)

    def _docs(self, node: q.Node, within: Docs | None) -> Docs:
        """Docnums matching ``node`` (only among ``within`` when that is given: a cheap
        restriction for the position checks; other nodes may still return more). What comes
        back may be shared (a word's documents): never changed in place."""
        if isinstance(node, q.MatchAll):
            return self.snap.live
        if isinstance(node, q.DateRange):
            return self._dates(node)
        if isinstance(node, q.Not):
            return self.snap.live & ~self._docs(node.child, None)
        if isinstance(node, q.Or):
            # one lookup of many values (a reader's tagged or noted records, thousands of
            # keys): their postings set in one array, not an array a value
            values: dict[str, list[str]] = {}
            result = self._none()
            for child in node.children:
                if isinstance(child, q.Keyword) and not child.prefix:
                    values.setdefault(child.field, []).append(child.value)
                else:
                    result = result | self._docs(child, within)
            for field_name, texts in values.items():
                result = result | self._any_of(field_name, texts)
            return result
        if isinstance(node, q.And):
            return self._and(node, within)
        if isinstance(node, q.Fielded):
            return self._docs(node.child, within)
        if isinstance(node, q.Word):
            return self.terms.docs(self.word_unit(node))
        if isinstance(node, q.Wildcard | q.Fuzzy):
            return self._any_of(_exact_field(node.field), self._expand(node))
        if isinstance(node, q.Keyword):
            terms: Iterable[str] = (node.value,)
            if node.prefix:
                terms = self.terms.prefixed(node.field, node.value)
            return self._any_of(node.field, terms)
        if isinstance(node, q.Phrase | q.Near):
            return self._positional(node, within)
        raise AssertionError(f"unknown query node: {node!r}")  # pragma: no cover - parser makes no others

    def _none(self) -> Docs:
        return np.zeros(len(self.snap.live), dtype=bool)

    def _and(self, node: q.And, within: Docs | None) -> Docs:
        negative = [c.child for c in node.children if isinstance(c, q.Not)]
        positive = [c for c in node.children if not isinstance(c, q.Not)]
        docs: Docs | None = None
        for child in sorted(positive, key=_cost):
            if docs is not None and not docs.any():
                return docs
            found = self._docs(child, docs if docs is not None else within)
            docs = found if docs is None else docs & found
        if docs is None:
            docs = self.snap.live
        for excluded in negative:
            if not docs.any():
                break
            docs = docs & ~self._docs(excluded, None)
        return docs

    def _any_of(self, field_name: str, words: Iterable[str]) -> Docs:
        """The live documents holding any of ``words``: their postings gathered, set at once."""
        found = [self.terms.postings(field_name, word).ids for word in words]
        result = self._none()
        if found:
            result[np.concatenate(found)] = True
        return result & self.snap.live

    def _positional(self, node: q.Phrase | q.Near, within: Docs | None) -> Docs:
        """Documents holding every word, then only those whose positions fit."""
        query = self._span_query(node, top=True)
        if query is None:
            return self._none()
        # a span query's documents are kept like a word's (Lucene's query cache does the same)
        cached = self.snap.spans.get(query)
        if cached is not None:
            found = self._none()
            found[cached] = True
            return found if within is None else found & within
        candidates = needed_docs(query, self.terms)
        if within is not None:
            candidates = candidates & within
        found = matching_docs(query, candidates, self.terms) if candidates.any() else self._none()
        if within is None:
            numbers = np.flatnonzero(found)
            self.snap.spans.put(query, numbers, len(numbers) + 1)
        return found

    def _span_query(self, node: q.Node, top: bool = False) -> SpanQuery | None:
        """The span query Whoosh would run for a phrase or proximity node (None: matches nothing)."""
        if isinstance(node, q.Fielded):
            return self._span_query(node.child, top)
        if isinstance(node, q.Phrase):
            field_name = _exact_field(node.field) if top else "exact"
            return SpanSeq(_phrase_units(field_name, node.words), max(node.slop, 1), not node.slop)
        if isinstance(node, q.Near):
            left, right = self._span_query(node.left), self._span_query(node.right)
            if left is None or right is None:
                return None
            return SpanNear(left, right, node.distance, node.ordered)
        if isinstance(node, q.Word):
            return self.word_unit(node)
        if isinstance(node, q.Wildcard | q.Fuzzy):
            return _either(tuple(Unit("exact", (t,)) for t in self._expand(node)))
        if isinstance(node, q.Or):
            parts = (self._span_query(c) for c in node.children)
            return _either(tuple(p for p in parts if p is not None))
        raise AssertionError(f"not a proximity operand: {node!r}")  # pragma: no cover - parser checks

    def _dates(self, node: q.DateRange) -> Docs:
        snap = self.snap
        lo = bisect_left(snap.dated_sent, node.low) if node.low else 0
        hi = bisect_left(snap.dated_sent, node.high) if node.high else len(snap.dated_sent)
        found = self._none()
        found[snap.dated_asc[lo:hi]] = True
        return found

    # -- wildcards and fuzzy words ----------------------------------------------------

    def _expansion(self, key: Expansion) -> tuple[str, ...]:
        field_name, text, distance = key
        found = self.snap.expansions.get(key)
        if found is None:
            words = self.terms.matching(field_name, text, distance, MAX_EXPANSIONS + 1)
            truncated = len(words) > MAX_EXPANSIONS
            if truncated:
                self._too_many(text)
            found = tuple(words[:MAX_EXPANSIONS])
            self.snap.keep_expansion(key, found, truncated)
        elif key in self.snap.truncated:
            self._too_many(text)
        return found

    # -- what scores and what is highlighted ------------------------------------------

    def score_exprs(self) -> list[ScoreExpr]:
        """What scores the hits: one expression per positive text part of the query."""
        return [e for e in map(self._score_expr, self.scoring) if e is not None]

    def _score_expr(self, node: q.Node) -> ScoreExpr | None:
        """What scores a node (None: nothing), mirroring the Whoosh query that scored before."""
        target = node.child if isinstance(node, q.Fielded) else node
        if isinstance(target, q.Phrase):
            return ScoreAnd(_phrase_units(_exact_field(target.field), target.words))
        if isinstance(target, q.Near):
            left, right = self._score_expr(target.left), self._score_expr(target.right)
            return None if left is None or right is None else ScoreAnd((left, right))
        if isinstance(target, q.Or):
            parts = tuple(p for p in (self._score_expr(c) for c in target.children) if p is not None)
            return ScoreOr(parts) if parts else None
        if isinstance(target, q.Word):
            return self.word_unit(target)
        if isinstance(target, q.Wildcard | q.Fuzzy):
            field_name = _exact_field(target.field)
            words = self._expand(target)
            return ScoreOr(tuple(Unit(field_name, (t,)) for t in words)) if words else None
        raise AssertionError(f"not a scoring node: {node!r}")  # pragma: no cover - _collect picks these


def _phrase_units(field_name: str, words: tuple[str, ...]) -> tuple[Unit, ...]:
    """A phrase's words as units: exact words, except in the (stemmed) subject field."""
    return tuple(Unit(field_name, (stem(w) if field_name == "subject" else w,)) for w in words)


def _either(parts: tuple[SpanQuery, ...]) -> SpanQuery | None:
    """Any one of ``parts`` (Whoosh's SpanOr), the part itself when there is one, None for none."""
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else SpanOr(parts)


def _cost(node: q.Node) -> int:
    """Cheap nodes first in an AND: their set narrows the position checks of the rest."""
    if isinstance(node, q.Keyword | q.DateRange | q.Word):
        return 0
    if isinstance(node, q.Phrase | q.Near) or (isinstance(node, q.Fielded) and isinstance(node.child, q.Phrase)):
        return 2
    return 1


def _exact_field(field_name: str) -> str:
    return "exact" if field_name == "body" else field_name
