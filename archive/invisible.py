"""Invisible characters: the one filter for text from PDFs, articles and queries.

A hostile text layer (or a pasted query or article) uses them to disguise or
reorder text, or to reach a terminal: C0 and C1 controls other than tab and line
ends (C1 \\x9b is an 8-bit escape sequence introducer), zero-width and bidi marks
and overrides (including the Arabic letter mark U+061C), invisible operators and
noncharacters, and the tag characters (U+E0000-E007F: ASCII letters no one sees,
smuggled into text a reader or a program later reads). tests/reliability/test_hostile_files.py
found U+061C, C1 and U+FFFE passing through a narrower set.
"""

from __future__ import annotations

import re

__all__ = ["INVISIBLE", "remove_invisible"]

INVISIBLE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u202a-\u202e"
    r"\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ufffe\uffff\U000e0000-\U000e007f]"
)


def remove_invisible(text: str, replacement: str = "") -> str:
    """``text`` without invisible characters (each replaced by ``replacement``)."""
    return INVISIBLE.sub(replacement, text)
