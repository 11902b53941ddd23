"""Accents folded: the letters search compares, for the index, queries and highlights alike.

A release prints names and words with their accents or without them, as its writers typed
and its OCR read them ("José", "Jose"; "résumé" read "resume"); a reader types them either
way. Folding both sides to their base letters makes each find the other. Compatibility forms
go too: OCR's ligatures ("ﬁscal" is "fiscal"), full-width and superscript digits.
"""

from __future__ import annotations

import unicodedata

__all__ = ["fold_accents"]

# letters Unicode gives no decomposition that still read as Latin letters with a mark; and signs
# whose compatibility form is letters ("™" is "TM"), which would glue capitals onto the word they
# follow ("Windows™" read "WindowsTM", a word no query holds): a break between words
_UNDECOMPOSED = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H",
                               "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i",
                               "™": " ", "℠": " ", "№": " ", "℡": " "})


def fold_accents(text: str) -> str:
    """``text`` with accents and other marks taken off its letters (ASCII text as it is)."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
