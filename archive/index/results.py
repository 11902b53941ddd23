"""What comes out: hits, a result, and the words a query highlights."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from archive.accents import fold_accents

from .schema import WORD, stem

MAX_ALTERNATIVES = 200  # matching words a highlight finds with one regular expression


@dataclass(frozen=True)
class IndexHit:
    key: str
    score: float
    quoted_in_count: int = 0
    copies: int = 0  # copies of its message in other documents or releases folded into it


@dataclass(frozen=True)
class Highlight:
    """Which words of a text match the query: exact words, or words with a matching stem, and
    the words of a phrase or a proximity only where they match it.

    The one home of highlighting: snippets, the email page and the page view all mark the
    words this decides, and never build a pattern out of the query's raw text (a run of
    wildcards made such a pattern backtrack exponentially). Wildcards and fuzzy words are
    the words the index expanded them to (at most ``plan.MAX_EXPANSIONS`` each). A phrase's
    words are marked where they stand in its order, and a proximity's two sides (each a
    Highlight) where one is within its distance of the other: "plan for harbor" marks no "for"
    elsewhere, nor "harbor w/2 plan" a harbor far from any "plan".
    """

    exact: frozenset[str]
    stems: frozenset[str]
    phrases: frozenset[tuple[str, ...]] = frozenset()
    near: tuple[tuple[Highlight, Highlight, int, bool], ...] = ()  # (left, right, distance, ordered)

    def matches(self, word: str) -> bool:
        """Whether a word of a text (lower case) is one to mark wherever it stands, its accents
        folded as the index's are."""
        word = fold_accents(word)
        return word in self.exact or (bool(self.stems) and stem(word) in self.stems)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every indexed word of ``text`` that matches, in order."""
        found = self._words(text)
        if not self.phrases and not self.near:
            return found
        words = [(m.start(), m.end(), fold_accents(m.group().lower())) for m in WORD.finditer(text)]
        marked = set(found)
        for phrase in self.phrases:
            for i in range(len(words) - len(phrase) + 1):
                if all(words[i + k][2] == word for k, word in enumerate(phrase)):
                    marked.update(span[:2] for span in words[i:i + len(phrase)])
        if self.near:
            place = {span[:2]: i for i, span in enumerate(words)}
            for left, right, distance, ordered in self.near:
                marked.update(_close(left.spans(text), right.spans(text), place, distance, ordered))
        return sorted(marked)

    def _words(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every word of ``text`` marked wherever it stands, each distinct word
        decided once (most words of a text do not match)."""
        if not self.exact and not self.stems:
            return []
        folded = not text.isascii()  # (a word is compared with its accents folded, as the index holds it)
        words = set(map(fold_accents, map(str.lower, WORD.findall(text)))) if folded else set(
            map(str.lower, WORD.findall(text)))
        matching = words & self.exact
        if self.stems:  # each word's stem looked up at C speed (``stem`` keeps the stems it made)
            listed = list(words)
            matching.update(itertools.compress(listed, map(self.stems.__contains__, map(stem, listed))))
        if not matching:
            return []
        lowered = text.lower()
        # word by word when a letter's lower case is longer ("İ"), or when so many words match
        # that one alternation of them would cost more to compile than it saves
        if folded or len(lowered) != len(text) or len(matching) > MAX_ALTERNATIVES:
            return [m.span() for m in WORD.finditer(text) if fold_accents(m.group().lower()) in matching]
        # the matching words as whole words (no word character either side), found at C speed
        alternatives = "|".join(map(re.escape, sorted(matching, key=lambda w: (-len(w), w))))
        return [m.span() for m in re.finditer(rf"(?<!\w)(?:{alternatives})(?!\w)", lowered)]


def _close(left: list[tuple[int, int]], right: list[tuple[int, int]], place: dict[tuple[int, int], int],
           distance: int, ordered: bool) -> set[tuple[int, int]]:
    """The words of each side within ``distance`` words of a word of the other (another word:
    the index's proximity counts 1 at least; ``ordered``: the left one first), each side's words
    looked for by halves (a text's words many times over stay cheap)."""
    def placed(spans: list[tuple[int, int]]) -> tuple[list[int], list[tuple[int, int]]]:
        pairs = sorted((place[span], span) for span in spans if span in place)
        return [where for where, _ in pairs], [span for _, span in pairs]

    (left_at, left_spans), (right_at, right_spans) = placed(left), placed(right)

    def any_between(places: list[int], low: int, high: int, but: int) -> bool:
        first, last = bisect_left(places, low), bisect_right(places, high)
        return last - first > 1 or (last - first == 1 and places[first] != but)

    kept = {span for where, span in zip(left_at, left_spans, strict=True)
            if any_between(right_at, where + 1 if ordered else where - distance, where + distance, where)}
    kept.update(span for where, span in zip(right_at, right_spans, strict=True)
                if any_between(left_at, where - distance, where - 1 if ordered else where + distance, where))
    return kept


@dataclass(frozen=True)
class IndexResult:
    total: int
    hits: tuple[IndexHit, ...]
    facets: dict[str, tuple[tuple[str, str, int], ...]]  # facet -> (value, label, count)
    highlight: Highlight
    messages: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()  # words wildcards and fuzzy words stood for
