"""What comes out: hits, a result, and the words a query highlights."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from archive.accents import fold_accents

from .schema import WORD, stem

MAX_ALTERNATIVES = 200  # matching words a highlight finds with one regular expression
MAX_PARTS = 12  # phrases and proximities a highlight marks where they match; more: their words anywhere
MAX_RUNS = 20_000  # matches of a proximity's sides followed in one text; more: their words anywhere


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
        if not self.phrases and not self.near:
            return self._words(text)
        if self._parts() > MAX_PARTS:  # (a query of many phrases or proximities: each word anywhere)
            return self._loose().spans(text)
        found_words = list(WORD.finditer(text))
        words = [fold_accents(m.group().lower()) for m in found_words]
        starts = [m.start() for m in found_words]
        try:
            runs = self._runs(text, _Words(words, starts, found_words))
        except _TooMany:
            return self._loose().spans(text)
        return sorted({span for _, _, spans in runs for span in spans})

    def _parts(self) -> int:
        return len(self.phrases) + sum(1 + left._parts() + right._parts() for left, right, _, _ in self.near)

    def _loose(self) -> Highlight:
        """Every word of the phrases and proximities marked wherever it stands."""
        exact, stems = set(self.exact), set(self.stems)
        for phrase in self.phrases:
            exact.update(phrase)
        for left, right, _, _ in self.near:
            for side in (left._loose(), right._loose()):
                exact.update(side.exact)
                stems.update(side.stems)
        return Highlight(frozenset(exact), frozenset(stems))

    def _runs(self, text: str, words: _Words) -> list[_Run]:
        """Each match as a run of words (first and last word's places, the words' spans): a word,
        a phrase where it stands, two sides' runs near each other (the index measures a
        proximity from a side's whole run: "a w/5 b w/5 c" from the run "a … b")."""
        runs: list[_Run] = []
        for span in self._words(text):
            at = bisect_left(words.starts, span[0])
            runs.append((at, at, (span,)))
        for phrase in self.phrases:
            found = (i for i in range(len(words.folded) - len(phrase) + 1)
                     if words.folded[i] == phrase[0] and words.folded[i:i + len(phrase)] == list(phrase))
            runs += [(i, i + len(phrase) - 1, tuple(words.found[k].span() for k in range(i, i + len(phrase))))
                     for i in itertools.islice(found, MAX_RUNS + 1)]
        for left, right, distance, ordered in self.near:
            runs += _near(left._runs(text, words), right._runs(text, words), distance, ordered)
        if len(runs) > MAX_RUNS:
            raise _TooMany
        return runs

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


@dataclass(frozen=True)
class _Words:
    """A text's words, as the index holds them (lower case, accents folded), where each starts,
    and the matches found them."""

    folded: list[str]
    starts: list[int]
    found: list[re.Match[str]]


_Run = tuple[int, int, tuple[tuple[int, int], ...]]  # first and last word's places, the words' spans


class _TooMany(Exception):
    """More runs than a highlight follows: the words are marked wherever they stand."""


def _near(left: list[_Run], right: list[_Run], distance: int, ordered: bool) -> list[_Run]:
    """The runs covering a run of each side ``distance`` words apart at most (1 at least: the
    index's proximity; ``ordered``: the left one first), found by halves (sorted by where they
    begin and end)."""
    found: list[_Run] = []
    by_first = sorted(right)
    firsts = [run[0] for run in by_first]
    by_last = sorted(right, key=lambda run: run[1])
    lasts = [run[1] for run in by_last]
    for first, last, spans in left:
        after = by_first[bisect_left(firsts, last + 1):bisect_right(firsts, last + distance)]
        before = [] if ordered else by_last[bisect_left(lasts, first - distance):bisect_right(lasts, first - 1)]
        found += [(min(first, other[0]), max(last, other[1]), spans + other[2]) for other in (*after, *before)]
        if len(found) > MAX_RUNS:
            raise _TooMany
    return found


@dataclass(frozen=True)
class IndexResult:
    total: int
    hits: tuple[IndexHit, ...]
    facets: dict[str, tuple[tuple[str, str, int], ...]]  # facet -> (value, label, count)
    highlight: Highlight
    messages: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()  # words wildcards and fuzzy words stood for
