"""Snippets and highlights as safe HTML: every piece of text is escaped, matches wrap in <mark>.

Which words match is decided in one place, :class:`archive.Highlight`, from
the words the index expanded the query to; nothing here builds a pattern from a
query's text. Extracted text is untrusted: nothing is marked safe without
escaping it first, and the only markup added is ``<mark>``.
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup, escape

from archive import Highlight, IndexUnavailable
from archive.search import Snippet

from . import get_archive


def for_query(query: str) -> Highlight | None:
    """The words ``query`` marks, or None without a query or when the index cannot be read
    (the page is then shown without highlights)."""
    if not query:
        return None
    try:
        return get_archive().highlight(query)
    except IndexUnavailable:
        return None


# Matches marked in one text at most: a body printing a searched word two hundred thousand times
# (a table of zeros) made a page of 3 MB in over a second, anyone's to ask for; the page says how
# many there are and that the first are marked (``count_marks``).
MAX_MARKS = 500


def highlight(text: str, words: Highlight | None, most: int = MAX_MARKS) -> Markup:
    """Escape ``text`` and wrap each of the first ``most`` words ``words`` matches in <mark>."""
    if words is None:
        return escape(text)
    return _marked_spans(text, words.spans(text)[:max(0, most)])


def _marked_spans(text: str, spans: Iterable[tuple[int, int]]) -> Markup:
    parts: list[tuple[str, bool]] = []
    last = 0
    for start, end in spans:
        parts += ((text[last:start], False), (text[start:end], True))
        last = end
    parts.append((text[last:], False))
    return _marked(parts)


def highlight_parts(texts: Iterable[str], words: Highlight | None) -> list[Markup]:
    """``highlight`` for the parts of one text (a body page by page): ``MAX_MARKS`` in all."""
    marked, left = [], MAX_MARKS
    for text in texts:
        spans = words.spans(text)[:left] if words is not None and left > 0 else []  # (the text's matches sought once)
        marked.append(_marked_spans(text, spans) if words is not None else escape(text))
        left -= len(spans)
    return marked


def snippet_html(snippet: Snippet) -> Markup:
    """A search snippet as HTML: its parts escaped, the matched ones in <mark>."""
    return _marked(snippet.parts)


def _marked(parts: Iterable[tuple[str, bool]]) -> Markup:
    """Every part escaped, the matched ones wrapped in <mark>: the only markup added. (Plain
    string joins: ``Markup.format`` runs Python's formatter per part, and a results page has
    hundreds of parts.)"""
    return Markup("".join(f"<mark>{escape(text)}</mark>" if matched else escape(text) for text, matched in parts))


def count_marks(text: str, words: Highlight | None) -> int:
    return 0 if words is None else len(words.spans(text))
