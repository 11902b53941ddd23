"""Snippets and highlights as safe HTML: every piece of text is escaped, matches wrap in <mark>.

Extracted text is untrusted. Nothing here ever marks text as safe without
escaping it first; the only markup added is ``<mark>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import Markup, escape

from archive.search import Snippet

MAX_TERMS = 30
# Fields whose values name people, dates or codes, not words of the text.
_METADATA_FIELDS = {"from", "to", "cc", "bcc", "date", "release", "exemption", "bates", "sort"}
_OPERATORS = {"AND", "OR", "NOT", "TO", "ANDNOT", "ANDMAYBE"}
_TOKEN = re.compile(r'(?:(\w+):)?("[^"]*"(?:~\d+)?|\[[^\]]*\]|[^\s()"]+)')
_WORD = re.compile(r"[\w*?]+")
_SUFFIXES = ("ations", "ation", "ings", "ing", "ions", "ion", "ies", "ed", "es", "s")


def _stem(word: str) -> str:
    """A light stem so "meeting" also marks "meetings" and "meet" (the index stems too)."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _word_pattern(word: str) -> str | None:
    word = word.strip("*?") if set(word) <= {"*", "?"} else word
    if not word:
        return None
    if "*" in word or "?" in word:
        body = "".join(r"\w*" if c == "*" else r"\w" if c == "?" else re.escape(c) for c in word)
        return rf"\b{body}"
    if len(word) < 2:
        return None
    return rf"\b{re.escape(_stem(word.lower()))}\w*"


def term_patterns(query: str) -> list[str]:
    """Regular expressions for the words of a query worth marking in an email's text."""
    patterns: list[str] = []
    for field, token in _TOKEN.findall(query):
        if field.lower() in _METADATA_FIELDS or token.startswith("["):
            continue
        token = token.lstrip("+-")
        if token.startswith('"'):
            words = _WORD.findall(token.split("~")[0])
            if words:
                patterns.append(r"\b" + r"\W+".join(re.escape(w) for w in words) + r"\b")
            continue
        word = token.split("~")[0]
        if word in _OPERATORS:
            continue
        pattern = _word_pattern(word)
        if pattern:
            patterns.append(pattern)
        if len(patterns) >= MAX_TERMS:
            break
    return patterns


def terms_regex(query: str | None, extra_terms: Iterable[str] = ()) -> re.Pattern[str] | None:
    patterns = term_patterns(query or "")
    patterns += [rf"\b{re.escape(t)}\b" for t in extra_terms if t][:MAX_TERMS]
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def highlight(text: str, regex: re.Pattern[str] | None) -> Markup:
    """Escape ``text`` and wrap every match of ``regex`` in <mark>."""
    if regex is None:
        return escape(text)
    out: list[str] = []
    last = 0
    for match in regex.finditer(text):
        if match.end() == match.start():
            continue
        out.append(escape(text[last:match.start()]))
        out.append(Markup("<mark>{}</mark>").format(match.group()))
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def snippet_html(snippet: Snippet) -> Markup:
    """A search snippet as HTML: its parts escaped, the matched ones in <mark>."""
    return Markup("").join(
        Markup("<mark>{}</mark>").format(text) if matched else escape(text)
        for text, matched in snippet.parts
    )


def count_marks(text: str, regex: re.Pattern[str] | None) -> int:
    return 0 if regex is None else sum(1 for m in regex.finditer(text) if m.end() > m.start())
