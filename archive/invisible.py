"""Invisible characters: the one filter for text from PDFs, articles and queries.

A hostile text layer (or a pasted query or article) uses them to disguise or
reorder text, or to reach a terminal: C0 and C1 controls other than tab and line
ends (C1 \\x9b is an 8-bit escape sequence introducer), zero-width and bidi marks
and overrides (including the Arabic letter mark U+061C), invisible operators and
noncharacters, and the tag characters (U+E0000-E007F: ASCII letters no one sees,
smuggled into text a reader or a program later reads). tests/reliability/test_hostile_files.py
found U+061C, C1 and U+FFFE passing through a narrower set; a reviewer found the soft hyphen,
the combining grapheme joiner, Hangul fillers, the blank braille pattern, variation selectors
and the format characters that print nothing (U+0600-0605, U+06DD, U+070F, U+08E2, U+110BD,
U+1D173-1D17A) making "Kev\u00adin Marsh" a correspondent apart from "Kevin Marsh". The line
and paragraph separators (U+2028, U+2029) are spaces: Python splits lines at them, so a text
layer hid a header line inside another ("From: Roe\u2028Sent: January 5, 2001") that the page
image prints as one line.
"""

from __future__ import annotations

import re

__all__ = ["INVISIBLE", "remove_invisible"]

INVISIBLE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u034f\u0600-\u0605\u061c\u06dd\u070f\u08e2\u115f\u1160"
    r"\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0"
    r"\ufff9-\ufffb\ufffe\uffff\U000110bd\U0001d173-\U0001d17a\U000e0000-\U000e007f\U000e0100-\U000e01ef]"
)
_SEPARATORS = re.compile("[\u2028\u2029]")


def remove_invisible(text: str, replacement: str = "") -> str:
    """``text`` without invisible characters (each replaced by ``replacement``), its line and
    paragraph separators spaces."""
    return INVISIBLE.sub(replacement, _SEPARATORS.sub(" ", text))
