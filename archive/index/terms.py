"""What one search reads of a snapshot: postings (through the snapshot's cache), the
documents and word occurrences of a unit, and the vocabulary (stems, prefixes, wildcard
and fuzzy words)."""

from __future__ import annotations

import itertools

import numpy as np
import numpy.typing as npt

from .postings import Docs, Postings, Unit, read_postings
from .schema import stem
from .snapshot import Expansion, Snapshot

KEY = 1 << 32  # docnum * KEY + position: one int per word occurrence, for whole-set arithmetic
Occurrences = npt.NDArray[np.int64]  # docnum * KEY + position, one per occurrence


def _text(term: bytes | str) -> str:
    return term.decode() if isinstance(term, bytes) else str(term)


class Terms:
    """A snapshot's terms as one search reads them."""

    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap
        self.reader = snap.searcher.reader()
        self._unit_docs: dict[Unit, Docs] = {}

    def postings(self, field_name: str, text: str) -> Postings:
        cache = self.snap.postings
        found = cache.get((field_name, text))
        if found is None:
            found = read_postings(self.snap.leaves, field_name, text)
            cache.put((field_name, text), found, len(found) + 1)
        return found

    def docs(self, unit: Unit) -> Docs:
        """The live documents holding the unit (kept for the rest of the search; not to be
        changed in place)."""
        docs = self._unit_docs.get(unit)
        if docs is None:
            docs = np.zeros(len(self.snap.live), dtype=bool)
            for text in unit.texts:
                docs[self.postings(unit.field, text).ids] = True
            docs &= self.snap.live
            self._unit_docs[unit] = docs
        return docs

    def occurrences(self, unit: Unit, docs: Docs, shift: int = 0) -> Occurrences:
        """``docnum * KEY + position + shift`` for every occurrence of the unit in ``docs``,
        unordered (no duplicates: one word per position), built as whole arrays: each kept
        posting's run of positions gathered in one step."""
        parts = []
        for text in unit.texts:
            p = self.postings(unit.field, text)
            kept = np.flatnonzero(docs[p.ids])
            if not len(kept):
                continue
            first = p.starts[kept]
            counts = p.starts[kept + 1] - first
            ends = np.cumsum(counts)
            picked = np.arange(ends[-1]) + np.repeat(first - (ends - counts), counts)
            parts.append(np.repeat(p.ids[kept] * KEY + shift, counts) + p.positions[picked])
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)

    # -- the vocabulary ----------------------------------------------------------------

    def prefixed(self, field_name: str, prefix: str) -> list[str]:
        """The indexed words of a field that begin with ``prefix``."""
        return [_text(t) for t in self.reader.expand_prefix(field_name, prefix)]

    def stem_words(self, root: str) -> tuple[str, ...]:
        """Every word of the exact field whose stem is ``root``.

        A Porter stem differs from its word in at most its last two letters (``ibility`` ->
        ``ibl``, ``y`` -> ``i``, an added ``e``), so only words sharing the rest are stemmed.
        """
        key: Expansion = ("exact", root, -2)
        found = self.snap.expansions.get(key)
        if found is None:
            found = tuple(w for w in self.prefixed("exact", root[:max(1, len(root) - 2)]) if stem(w) == root)
            self.snap.keep_expansion(key, found)
        return found

    def matching(self, field_name: str, pattern: str, distance: int, limit: int) -> list[str]:
        """The first ``limit`` indexed words (alphabetical) a wildcard pattern (``distance``
        -1) or a fuzzy word (within ``distance`` edits, first letter fixed) stands for."""
        from whoosh import query as wq

        source = (wq.Wildcard(field_name, pattern) if distance < 0
                  else wq.FuzzyTerm(field_name, pattern, maxdist=distance, prefixlength=1))
        return [_text(t) for _, t in itertools.islice(source.expanded_terms(self.reader), limit)]
