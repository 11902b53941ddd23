"""What comes out: hits, a result, and the words a query highlights."""

from __future__ import annotations

import itertools
import re
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
    """Which words of a text match the query: exact words, or words with a matching stem.

    The one home of highlighting: snippets, the email page and the page view all mark the
    words this decides, and never build a pattern out of the query's raw text (a run of
    wildcards made such a pattern backtrack exponentially). Wildcards and fuzzy words are
    the words the index expanded them to (at most ``plan.MAX_EXPANSIONS`` each).
    """

    exact: frozenset[str]
    stems: frozenset[str]

    def matches(self, word: str) -> bool:
        """Whether a word of a text (lower case) is one to mark, its accents folded as the index's are."""
        word = fold_accents(word)
        return word in self.exact or (bool(self.stems) and stem(word) in self.stems)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every indexed word of ``text`` that matches, each distinct word
        decided once (most words of a text do not match)."""
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
class IndexResult:
    total: int
    hits: tuple[IndexHit, ...]
    facets: dict[str, tuple[tuple[str, str, int], ...]]  # facet -> (value, label, count)
    highlight: Highlight
    messages: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()  # words wildcards and fuzzy words stood for
