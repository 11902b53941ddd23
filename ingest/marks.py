"""Marks stamped on released pages: FOIA exemption codes and Bates numbers.

Everything here is pure and total: any string in, a value out, never an exception,
and every regular expression is linear on its input (bounded quantifiers, no
nested repetition), because page text is untrusted and often OCR garbage.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from archive.cite import STAMP_SUFFIX, bates_parts, split_bates
from archive.edits import edits
from archive.exemptions import canonical_exemption, federal_code

__all__ = [
    "margin_code_word",
    "without_statute",
    "canonical_exemption",
    "find_exemptions",
    "without_bare_seven",
    "read_redaction_label",
    "bare_stamps",
    "find_bates",
    "beside_codes",
    "learn_bates_pattern",
    "stamps_as_printed",
    "page_numbers_blanked",
    "read_with_release_stamps",
    "bates_pattern",
    "is_furniture_line",
    "strip_page_furniture",
]


# "(b)(6)", "(b) (7)(C)", "(b)(7)c"; the optional sub-paragraph is only read for 7. OCR failure,
# any scan: the exemption's digit read as a letter of like shape ("(b)(G)", "(b)(b)", "(b)(S)").
_FIND_PARENS = re.compile(
    r"(?<![A-Za-z0-9])\(\s?b\s?\)\s?\(\s?(?:(7)\s?\)(?:\s?\(\s?([A-Fa-f])\s?\)(?![ \t]?\(?[ \t]?\d)|([A-F])(?![A-Za-z0-9]))?"
    r"|([1-9GbS])\s?\))"
)
_DIGIT_GLYPHS = str.maketrans("GbS", "665")
# ... but not a subsection of a law a message cites ("5 U.S.C. § 552 (b)(6)", "Fed. R. Civ. P. 26
# (b)(5)", "paragraph (b)(2) of the contract"): a citation's words right before it. (A number alone
# before it may be one a box left whole: "202 (b)(6)".)
_CITED_BEFORE = re.compile(
    r"(?:§+\s?552a?|\b(?:U\.?\s?S\.?\s?C|C\.?\s?F\.?\s?R|R\.\s?Civ\.\s?P|R\.\s?Crim\.\s?P|R\.\s?Evid|Rule|"
    r"(?:sub)?paragraph|(?:sub)?section|sec|para|clause)\.?(?:\s?§+)?\s?[\d.]*)\s?$", re.IGNORECASE)
_CITED_REACH = 40  # characters before a code a citation's words may stand in
# Bare codes: the FBI's "b6", "b7C", "b7E -3"; the State Department's box labels "B6",
# "B5,B6", "B7(E)". A spreadsheet cell named in a message ("see B6") reads the same; on
# released pages the label is far the likelier.
# A file's or a part's name is no label ("B7-schedule-rev3.pdf", "B6.xlsx", "form B5-a"): a dash
# or a dot joins it to a word.
_FIND_BARE = re.compile(r"(?<![A-Za-z0-9@./_#-])[bB]([1-9])(?:([A-Fa-f])|\(([A-Fa-f])\))?"
                        r"(?![A-Za-z0-9@_]|[-.][A-Za-z])")
# ... and one box's codes joined by a stroke ("b6/b7c", "B6/7C"): each after the first (the form
# above reads the first; a stroke before a label is a path's, "docs/b6")
_FIND_BARE_JOINED = re.compile(r"(?<![A-Za-z0-9@./_#-])[bB][1-9](?:[A-Fa-f]|\([A-Fa-f]\))?"
                               r"((?:/[bB]?[1-9](?:[A-Fa-f]|\([A-Fa-f]\))?){1,4})(?![A-Za-z0-9@_/]|[-.][A-Za-z])")
_JOINED_PART = re.compile(r"/[bB]?([1-9])(?:([A-Fa-f])|\(([A-Fa-f])\))?")
_SEVEN_LETTERED = re.compile(r"7\(?[A-Fa-f]")
_FIND_WORD = re.compile(
    r"(?<![A-Za-z])(?:Ex\.|Exemption)\s?(?:\(b\)\s?)?\(?([1-9])\)?(?:\s?\(([A-Fa-f])\)(?![ \t]?\(?[ \t]?\d))?(?![0-9])"
    r"(?![ \t]?\(\d{1,2}\)\s?\([a-z]{1,2}\))",  # ("Ex. 7(1)(c)": a state law's code, labelled as a federal one is)
    re.IGNORECASE,
)
# Page family, margin codes printing what they withhold under: a (b)(3) code with the statute's
# agency and subject ("B3 ABC PERS/ORG"), a (b)(1) code with the order's section ("B1 1.4(D)"),
# alone on a line or read into a header line beside it: the statute's words are the code's.
_CODE_STATUTE = re.compile(r"(?<![A-Za-z0-9])(?:([bB]3)(?:\s+[A-Z]{2,}(?:/[A-Z]{2,})*)+"
                           r"|([bB]1)(?:\s+1\.4\s?\(\s?[A-Ha-h]\s?\))+)\s*$")


def without_statute(text: str) -> str:
    """``text`` with the statute's words after a (b)(3) code or the order's section after a
    (b)(1) code that end it left out ("B3 ABC PERS/ORG" → "B3"); another code's capitals
    ("B4 COB", "B6 OK") are words, and stay."""
    return _CODE_STATUTE.sub(lambda found: found.group(1) or found.group(2), text)
# DOJ components' margin form: a code, the numbers of the categories it covers, and the
# component that claims it ("b6 -1,-3 Per FBI", "b5 Per EOUSA"). OCR glues one printed just
# after a line's last word to it ("corroborateb5 Per EOUSA"): the "Per AGENCY" vouches for it,
# and for Tesseract's reading of the typewriter's 6 as "é" ("purposebé -3,-5 Per FBI"); so for
# one typed on a dashed rule, read as dashes glued to it ("--b5 Per EOUSA--").
_CATEGORIES = r"(?:-[ \t]?\d{1,2}(?:[ \t]?,[ \t]?-?[ \t]?\d{1,2})*[ \t]?)"
_PER_AGENCY = r"Per[ \t]?[A-Z]{2,}"
MARGIN_CODE = re.compile(r"[bB]([1-9é])([A-Fa-f])?[ \t]?" + _CATEGORIES + "?" + _PER_AGENCY)
_FIND_GLUED = re.compile(r"(?<=[A-Za-z\-—–])" + MARGIN_CODE.pattern)
_FIND_MARGIN_E = re.compile(r"(?<![A-Za-z0-9])[bB]é[ \t]?" + _CATEGORIES + "?" + _PER_AGENCY)
# ... and, its "b7" lost, leaves the sub-paragraph letter, which only exemption 7 has, before the
# categories and "Per AGENCY" ("C -1 Per FBI" for "b7C -1 Per FBI").
_FIND_SUB_ONLY = re.compile(r"(?<![A-Za-z0-9(])([A-F])[ \t]?" + _CATEGORIES + _PER_AGENCY)
# State-law codes such as Illinois "7(1)(c)"; three parts so prose like "Section 7(1)" stays out.
STATE_CODE = r"(?<![A-Za-z0-9(.-])(\d{1,2})\((\d{1,2})\)\(([a-z]{1,2})\)(?![A-Za-z0-9])"
_FIND_STATE = re.compile(STATE_CODE)
# Texas Public Information Act exceptions, Gov't Code chapter 552 ("552.117(a)(1)", "Sec. 552.108",
# "§ 552.1175"): a Texas body's box prints the section it withholds under; the section is the code.
# Printed bare, only a section's shape: 552.100 to 552.169, or one of four digits ending in 5 (the
# Act's inserted sections: 552.1175, 552.1085), and no number before it ("1,552.125", "$552.117").
TEXAS_CODE = (r"(?<![\w.,$/-])(?:(?:Sec\.|Section|§)\s?(?=552\.1\d{2,3})|(?=552\.1[0-6]\d5?(?!\d)))"
              r"(552\.1\d{2,3}(?:\([a-zA-Z0-9]{1,2}\)){0,3})(?!\w|\.\d)")
_FIND_TEXAS = re.compile(TEXAS_CODE)


def find_exemptions(text: str) -> tuple[str, ...]:
    """Canonical exemption codes printed anywhere in the text, sorted and unique."""
    return without_bare_seven(sorted({code for _, _, code in exemption_spans(text)}))


def without_bare_seven(codes: Iterable[str]) -> tuple[str, ...]:
    """``codes`` unique in their order, less a bare "(b)(7)" where one with its sub-paragraph is among
    them: exemption 7 is claimed by its sub-paragraph, and a bare one beside one that prints it is
    that one read short (OCR failure, any scan: "(b)(7)(C" or "(b)(7) A" for "(b)(7)(C)" ahead of a
    date or a word; a box's label wrapped at its "(C)")."""
    unique = tuple(dict.fromkeys(codes))
    if "(b)(7)" in unique and any(code.startswith("(b)(7)(") for code in unique):
        return tuple(code for code in unique if code != "(b)(7)")
    return unique


def exemption_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, canonical code) of every exemption code printed in the text, in order."""
    found: list[tuple[int, int, str]] = []
    for match in _FIND_PARENS.finditer(text):
        code = federal_code(match.group(1) or match.group(4).translate(_DIGIT_GLYPHS), match.group(2) or match.group(3))
        if code and not _CITED_BEFORE.search(text[max(0, match.start() - _CITED_REACH):match.start()]):
            found.append((match.start(), match.end(), code))
    for match in _FIND_BARE.finditer(text):
        sub = match.group(2) or match.group(3)
        if sub and match.group(1) != "7":
            continue
        code = federal_code(match.group(1), sub)
        if code:
            found.append((match.start(), match.end(), code))
    for match in _FIND_BARE_JOINED.finditer(text):
        if not _SEVEN_LETTERED.search(match.group(0)):
            continue  # (only a law enforcement box's pair, "b6/b7c": "B1/B2 visa", "Gate B3/4" are no codes)
        for part in _JOINED_PART.finditer(match.group(1)):
            sub = part.group(2) or part.group(3)
            if (not sub or part.group(1) == "7") and (code := federal_code(part.group(1), sub)):
                at = match.start(1) + part.start()
                found.append((at, at + len(part.group(0)), code))
    if "Per" in text:  # a margin code prints its "Per AGENCY"
        found += _margin_spans(text)
    for match in _FIND_WORD.finditer(text):
        code = federal_code(match.group(1), match.group(2))
        if code:
            found.append((match.start(), match.end(), code))
    for match in [*_FIND_STATE_LABELLED.finditer(text), *_FIND_STATE.finditer(text)]:
        if not any(start <= match.start(1) < end for start, end, _ in found):  # (one code, read by both)
            found.append((match.start(), match.end(), f"{match.group(1)}({match.group(2)})({match.group(3)})"))
    found += [(match.start(), match.end(), match.group(1).lower()) for match in _FIND_TEXAS.finditer(text)]
    return sorted(found)


# ... a state law's code labelled as a federal one is ("Ex. 7(1)(c)", "Exemption 7(1)(c)", "Ex.7(1)(c)"):
# the label is the code's.
_FIND_STATE_LABELLED = re.compile(r"(?<![A-Za-z])(?i:Ex\.|Exemption)\s?" + STATE_CODE.removeprefix(r"(?<![A-Za-z0-9(.-])"))


def beside_codes(text: str, spans: Sequence[tuple[int, int, str]]) -> str:
    """What ``text`` prints outside its codes' ``spans`` (``exemption_spans``), joined."""
    rest, last = [], 0
    for start, end, _ in spans:
        rest.append(text[last:start])
        last = max(last, end)
    return "".join(rest) + text[last:]


def _margin_spans(text: str) -> list[tuple[int, int, str]]:
    """The margin codes (each followed by "Per AGENCY") OCR glued to a word or damaged."""
    found: list[tuple[int, int, str]] = []
    for match in _FIND_GLUED.finditer(text):
        digit = match.group(1).replace("é", "6")
        code = federal_code(digit, match.group(2) if digit == "7" else None)
        if code:
            found.append((match.start(), match.start() + 2 + bool(match.group(2)), code))
    found += [(match.start(), match.start() + 2, "(b)(6)") for match in _FIND_MARGIN_E.finditer(text)]
    found += [(match.start(), match.start() + 1, f"(b)(7)({match.group(1)})") for match in _FIND_SUB_ONLY.finditer(text)]
    return found


_LABEL_SPLIT = re.compile(r"[,;]|\s+")
_LABEL_DIGIT = re.compile(r"[1-9]")
_LABEL_SUB = re.compile(r"[A-Fa-f]")
_LABEL_CODE_LIKE = re.compile(r"[()bB]")  # a damaged code keeps a bracket or its b
# ... and its b read as a digit of like shape before a 7 with its sub-paragraph ("(6)(7)(C)",
# "(0)(7)(E)": no code is (b)(6)(C), so the 7 is the code's, was read "(b)(6)")
_B_READ_AS_DIGIT = re.compile(r"[(\[|]?[608][)\]|]?(?=[(\[|]?7[)\]|]?[(\[|]?[A-Fa-f])")
# OCR failure, scans: a state statute's code in a box ("87(2)(b)", "7(1)(c)": a section, a
# subsection, a paragraph) misread past its exact form ("87(2)(6)", "87(2}(b)", "87 (2)(b)") was
# read as the federal code its first digit makes ("(b)(8)"): it is read as the state's code where
# only its paragraph letter was read as the digit of its shape, else as no code.
# (its subsection's 1 perhaps read as a letter of its shape: "7(l)(c)", "7(I)(c)", "7(|)(c)")
_SUBSECTION = r"(?:\d{1,2}|[Il|i!])"
_STATE_SHAPED = re.compile(r"[(\[|]?(?:\d{2}|\d\s?[(\[{]\s?" + _SUBSECTION + r"\s?(?:[)\]}|]\s?/?\s?[(\[{|]|[XxY]\s?[(\[{|]?))")  # (no federal code begins so)
# (the brackets between subsection and paragraph read as one "X", as a federal code's "(bX6)", or its ")"
# alone as "X" or "Y", "7(1X(c)", "7(ix{c)"; a stroke between them, "7(1)/(c)"; a "c" read "¢")
_STATE_DAMAGED = re.compile(r"(\d{1,2})\s?[(\[{]\s?(" + _SUBSECTION + r")\s?(?:[)\]}|]\s?/?\s?[(\[{|]|[XxY]\s?[(\[{|]?)\s?([a-zA-Z069¢])\s?[)\]}|]")
_PARAGRAPH_SHAPES = str.maketrans("069¢", "obgc")
_SUBSECTION_SHAPES = str.maketrans("Il|i!", "11111")
# ... and a Texas section's first 5 read as a mark or a digit of its shape ("§52.130", "952.117", "§$52.130")
_TEXAS_DAMAGED = re.compile(r"(?<![\d.])(?:[§$S9]{1,2}\s?)52\s?[.,]\s?(1\d{2,3}(?:\([a-z0-9]{1,2}\)){0,3})(?![\d.]?\d)")
# ("87 (2)(b)", "7 (1) (c)": one code, a state code's whole shape spaced out; "(b)(6 (7)(C)" is two)
_SECTION_SPACED = re.compile(r"(?<![\w)\](])(\d{1,2})\s{0,2}([(\[{])\s?(" + _SUBSECTION + r")\s?([)\]}|])\s{0,2}"
                             r"([(\[{|])\s?([a-zA-Z069])\s?([)\]}|])")


def _state_label(piece: str) -> str | None:
    """The state code a damaged box label shaped as one reads as, or "" for none (see above)."""
    damaged = _STATE_DAMAGED.fullmatch(piece.strip(",;."))
    return (f"{damaged.group(1)}({damaged.group(2).translate(_SUBSECTION_SHAPES)})"
            f"({damaged.group(3).translate(_PARAGRAPH_SHAPES)})" if damaged else "")


def read_redaction_label(text: str) -> str | None:
    """Read the codes printed on one redaction box, tolerating OCR damage.

    Only for text known to be a box's label, where the vocabulary is codes:
    "(bY(6), (oN7I(C)" reads as "(b)(6), (b)(7)(C)". Each piece contributes the
    first digit it holds (and, after a 7, the sub-paragraph letter that
    follows). State-law codes are kept when read exactly, or damaged in their
    shape ("7(l)(c)", "87(2}(b)"). None when no code can be read.
    """
    text = _SECTION_SPACED.sub(lambda m: "".join(m.groups()), text[:200])
    exact = find_exemptions(text)
    codes = [f"552.{found.group(1)}" for found in _TEXAS_DAMAGED.finditer(text)]
    state = bool(codes) or any(not code.startswith("(b)") for code in exact)  # (a state's codes: its damaged ones alone)
    for piece in _LABEL_SPLIT.split(text):
        b_read = _B_READ_AS_DIGIT.match(piece)
        if not b_read and _STATE_SHAPED.match(piece):
            if (code := _state_label(piece)) and code not in codes:
                codes.append(code)
            continue
        if state:
            continue
        digit = _LABEL_DIGIT.search(piece, b_read.end() if b_read else 0)
        if digit is None or len(piece) > 14 or not _LABEL_CODE_LIKE.search(piece):
            continue
        sub = None
        if digit.group() == "7":
            letter = _LABEL_SUB.search(piece, digit.end())
            sub = letter.group() if letter else None
        code = federal_code(digit.group(), sub)
        if code and code not in codes:
            codes.append(code)
    if not codes and not exact:
        return None
    if state:
        return ", ".join(dict.fromkeys([*exact, *codes]))
    return ", ".join(codes if len(codes) >= len(exact) else exact)


# --- Bates numbers -------------------------------------------------------------------------

# Prefix made of upper-case tokens joined by "-" or "_", then at least four digits:
# DEA-MSFT-000123, CPD-FRP-0001, ABC000123. No spaces inside, so "FOIA 15-3569" is not one.
# A prefix may hold the request's numbers between its words ("FWB-18-0456-A-000001"), so long as it
# ends in a word: "F-2015-04841" (a case number) does not.
_BATES_PREFIXED = re.compile(
    r"(?<![A-Za-z0-9-])((?:[A-Z][A-Z0-9]{0,11}[-_]){0,3}[A-Z]{1,12}[-_]?|(?:[A-Z][A-Z0-9]{0,11}[-_]){1,4}"
    r"|[A-Z][A-Z0-9]{0,11}[-_](?:[A-Z0-9]{1,12}[-_]){1,3}[A-Z]{1,12}[-_])"
    r"(\d{4,10})(?![0-9])"
)
# Court-case style, the agency in parentheses: "21-cv-1234(ABC)-0042". An OCR misreading of
# the agency ("(ABD)" for "(ABI)") is read through the document's learned pattern (_tolerant_prefix).
_BATES_CASE = re.compile(
    r"(?<![A-Za-z0-9])(\d{1,2}-cv-\d{2,6}\s?\([A-Za-z]{2,6}\)\s?-\s?)(\d{1,7})(?![0-9])",
    re.IGNORECASE,
)
_NOT_BATES_PREFIX = frozenset(
    {
        "PAGE",
        "FOIA",
        "FOIPA",
        "ROUTE",
        "SUITE",
        "ROOM",
        "PO",
        "BOX",
        "USC",
        "CFR",
        "TEL",
        "FAX",
        "PHONE",
    }
)
# OCR failure: a serif letter at the start of a prefix word read as the digit it resembles
# ("-5CB0012345" for "-SCB0012345"); read only where the stamp has no other reading.
_BATES_LEADING_DIGIT = re.compile(
    r"(?<![A-Za-z0-9-])((?:[A-Z][A-Z0-9]{0,11}[-_]){1,3})([5018])([A-Z]{1,11}[-_]?)(\d{4,10})(?![0-9])"
)
# Layout family, stamps set apart from their number by one space ("ACLU-DEA 000123", "DOC
# 0001234"): read only with the number zero-padded, as a page stamp is and ordinary text is not
# ("Route 66", "ZIP 60602", "FY 2018" are no stamps).
_BATES_SPACED = re.compile(r"(?<![A-Za-z0-9-])((?:[A-Z][A-Z0-9]{0,11}[-_]){0,3}[A-Z]{2,12} )(0\d{4,9})(?![0-9])")
# ... and a stamp of two or three such words alone on its line ("HARBOR BOARD 012345"): read
# whole (the form above reads its last word alone), but not a legend's word before a stamp; and
# neither form reads a state's code and a ZIP code ("BOSTON MA 02134").
_BATES_SPACED_WORDS = re.compile(r"\s{0,20}((?:[A-Z][A-Z0-9]{1,11} ){1,2}[A-Z]{2,12} )(0\d{4,9})\s{0,20}")
# ... and stamps whose last word a stop or a dash of another width ends ("HBR.000123",
# "HBR.FOIA.000123", "HBR–000123", "HBR — 000123"): read with the number zero-padded, five digits or
# more, as a page stamp is and "U.S. 12345" is not; a dash is kept as the hyphen a citation prints.
_BATES_MARKED = re.compile(
    r"(?<![A-Za-z0-9.\-–—])((?:[A-Z][A-Z0-9]{0,11}[-_.–—]){0,3}[A-Z]{2,12}(?:[.–—]|\s[–—]\s))(0\d{4,9})(?![0-9])")
_WIDE_DASH = re.compile(r"\s?[–—]\s?")
# (a label's abbreviation before a number is no stamp's prefix: "Permit NO.0012345", "ACCT.0012345")
_NUMBER_WORDS = frozenset({"NO", "NR", "NUM", "ID", "ACCT", "ACCOUNT", "DOC", "REF", "INV", "INVOICE", "PO", "ORDER",
                           "FILE", "ITEM", "CASE", "PERMIT", "LIC", "TEL", "FAX", "PH", "EXT"})
# (a fax machine's date, "SEP-30-2022 14:02", is no stamp whose prefix ends in a number)
_MONTH_HEADS = frozenset({"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "SEPT", "OCT", "NOV", "DEC"})
# ... and stamps whose prefix holds a year or a request's number last ("AGY-OPS-22-00001",
# "AGY-2019-000123"): shaped as a case number or a docket's is ("F-2015-04841", "EPA-HQ-2019-
# 001234"), so read only where a run of a document's pages rises through them and the pages print
# no stamp of another family (``learn_bates_pattern``), never a word of one letter first; beside a
# page's "Page 2 of 9" such a line is a running footer all the same (``is_furniture_line``).
_BATES_NUMBERED = re.compile(r"(?<![A-Za-z0-9-])([A-Z][A-Z0-9]{1,11}[-_](?:[A-Z][A-Z0-9]{0,11}[-_]){0,2}\d{2,4}[-_])(\d{4,10})(?![0-9])")
_LEGEND_STAMP_WORDS = frozenset({
    "CONFIDENTIAL", "UNCLASSIFIED", "CLASSIFIED", "SECRET", "TOP", "NOFORN", "FOUO", "SBU", "LES", "PII",
    "SENSITIVE", "PROTECTED", "RESTRICTED", "REDACTED", "SEALED", "PRIVILEGED", "PRIVACY", "FOR", "OFFICIAL", "USE",
    "ONLY", "WORK", "PRODUCT", "RELEASED", "PRODUCED", "DRAFT", "COPY", "DUPLICATE", "ATTACHMENT", "EXHIBIT",
    "EX", "EXH", "CASE", "DOCUMENT", "DOC", "NO", "RELEASE", "FULL", "PART", "DENIED", "WITHHELD"})

_LETTER_FOR_DIGIT = str.maketrans({"5": "S", "0": "O", "1": "I", "8": "B"})
_NUMBER_LABEL = re.compile(r"(?:\bNo|\bNumber|#)\.?:?\s{0,3}$", re.IGNORECASE)
_MORE_DIGITS = re.compile(r"[-_]\d")
_FOOTER_LINES = 6
_HEADER_LINES = 3
_MAX_LINE = 400
_CANON_TAG = re.compile(r"\(\?#bates:([^)]{0,60})\)")
_DIGIT_FIX = str.maketrans(
    {"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1", "S": "5", "B": "8"}
)


def _candidate_lines(text: str) -> list[str]:
    """The lines a page's stamp may stand on: its last lines, then its first; lines of prose
    after the rest (a sentence near the foot naming another stamp or a ticket, "the one stamped
    HARBOR-000050", is no stamp of the page where a line without prose holds one)."""
    lines = [line[:_MAX_LINE] for line in text.splitlines() if line.strip()]
    if len(lines) <= _FOOTER_LINES + _HEADER_LINES:
        lines = lines[::-1]
    else:
        lines = lines[-_FOOTER_LINES:][::-1] + lines[:_HEADER_LINES]
    return [line for line in lines if not _prose(line)] + [line for line in lines if _prose(line)]


_PROSE_WORD = re.compile(r"\b[a-z]{3,}\b")
_PROSE_WORDS = 3  # lower-case words a line of prose holds at least ("Obtained via FOIA by ..." has one)


def _prose(line: str) -> bool:
    return len(_PROSE_WORD.findall(line)) >= _PROSE_WORDS


def _zip_code(prefix: str, number: str) -> bool:
    """A state's code and a ZIP code ("MA 02134", "APO AE 09012"): an address, no stamp."""
    return len(number) == 5 and len(prefix.split()[-1]) == 2 and prefix.split()[-1].isalpha()


_SPECKS = " |•·-=_~()—–“”‘’'\"\\.,:;"  # (OCR failure, scans: specks read beside a stamp, "“HARBOR BOARD 029891 =")


def _spaced_words_stamp(line: str) -> tuple[re.Match[str] | None, int]:
    """A stamp of words set apart from its number alone on its line, or beside the page's count
    ("HARBOR BOARD 029891 Page 3 of 5", "Page 3 of 5 | HARBOR BOARD 029891"), specks a scan
    read around it aside, and where the part matched starts in the line."""
    count = _PAGE_X_OF_Y.search(line)
    before, after = (line[:count.start()], line[count.end():]) if count else (line, "")
    if not after.strip(_SPECKS):
        part, at = before, 0
    elif count and not before.strip(_SPECKS):
        part, at = after, count.end()
    else:
        return None, 0
    stamp = part.strip(_SPECKS)
    return _BATES_SPACED_WORDS.fullmatch(stamp), at + part.find(stamp)


def _bates_in_line(line: str, *, numbered: bool = False, paged: bool = False) -> tuple[str, str, int, int] | None:
    """(prefix, number, start, end) of the Bates number in one line, prefix normalised; with
    ``numbered``, a stamp whose prefix ends in a number too (``_BATES_NUMBERED``); with ``paged``, one
    numbered by document then page after a hyphen ("HBR-PRR-00003-0001": read where a page prints no
    other, a permit's or a docket's number being shaped so too)."""
    match = _BATES_CASE.search(line)
    if match:
        prefix = re.sub(r"\s+", "", match.group(1))
        prefix = re.sub(r"\(([A-Za-z]+)\)", lambda m: "(" + m.group(1).upper() + ")", prefix)
        return prefix, match.group(2), match.start(), match.end()
    for match in _BATES_PREFIXED.finditer(line):
        prefix = match.group(1)
        head = re.split(r"[-_]", prefix, maxsplit=1)[0]
        if head in _NOT_BATES_PREFIX or len(prefix) < 2:
            continue
        if _NUMBER_LABEL.search(line[max(0, match.start() - 16):match.start()]) or _MORE_DIGITS.match(
            line, match.end()
        ) and not (paged and _document_then_page(match.group(2), line, match.end())):
            continue  # "Case No. F-2015-04841": a case or request number, not a page stamp
        if prefix[-1] not in "-_" and len(match.group(2)) < 5:
            continue  # "FY2018", "A1234": too easily ordinary text
        return prefix, match.group(2), match.start(), match.end()
    for match in _BATES_LEADING_DIGIT.finditer(line):
        head = re.split(r"[-_]", match.group(1), maxsplit=1)[0]
        if head in _NOT_BATES_PREFIX or _MORE_DIGITS.match(line, match.end()) or (
                _NUMBER_LABEL.search(line[max(0, match.start() - 16):match.start()])):
            continue
        prefix = match.group(1) + match.group(2).translate(_LETTER_FOR_DIGIT) + match.group(3)
        return prefix, match.group(4), match.start(), match.end()
    whole, at = _spaced_words_stamp(line)
    if whole and not set(whole.group(1).split()) & (_NOT_BATES_PREFIX | _LEGEND_STAMP_WORDS) \
            and not _zip_code(*whole.group(1, 2)):
        return whole.group(1), whole.group(2), at + whole.start(1), at + whole.end(2)
    for match in [*_BATES_SPACED.finditer(line), *_BATES_MARKED.finditer(line),
                  *(_BATES_NUMBERED.finditer(line) if numbered else ())]:
        words = [word for word in re.split(r"[-_ .–—]", match.group(1)) if word]
        labelled = match.re is _BATES_MARKED and words[-1] in _NUMBER_WORDS
        if words[0] in _NOT_BATES_PREFIX or words[0] in _MONTH_HEADS or labelled \
                or _MORE_DIGITS.match(line, match.end()) or _zip_code(" ".join(words), match.group(2)) or (
                _NUMBER_LABEL.search(line[max(0, match.start() - 16):match.start()])):
            continue
        return _WIDE_DASH.sub("-", match.group(1)), match.group(2), match.start(), match.end()
    return None


def _compiled(pattern: str) -> re.Pattern[str] | None:
    """A learned pattern compiled, or None where it is none (or, where warnings are errors, one
    Python warns may change its meaning: "[[", a nested set). The warnings filter is left as it is:
    pages are read on several threads at once."""
    try:
        return re.compile(pattern)
    except (re.error, RecursionError, OverflowError, ValueError, FutureWarning):
        return None


def find_bates(text: str, patterns: Sequence[str] | None = None) -> str | None:
    """The Bates number stamped on a page (footer first, then header), or None.

    ``patterns`` are regular expressions from :func:`learn_bates_pattern`; they are tried
    first, so a release's own stamp is read through OCR noise ("DEA-MSFT-OOO123").
    """
    lines = _candidate_lines(text)
    for pattern in patterns or ():
        if (compiled := _compiled(pattern)) is None:
            continue
        tag = _CANON_TAG.search(pattern)
        for line in lines:
            match = compiled.search(line)
            if match is None:
                continue
            groups = match.groupdict()
            number = (groups.get("num") or "").translate(_DIGIT_FIX)
            if not number.isdigit():
                continue
            prefix = (tag.group(1).replace("⁽", "(").replace("⁾", ")") if tag
                      else re.sub(r"\s+", "", groups.get("prefix") or ""))
            return prefix + number + _page_part(line, match.end(), number)
    learned = [tag.group(1).replace("⁽", "(").replace("⁾", ")") for pattern in patterns or ()
               if (tag := _CANON_TAG.search(pattern))]
    for paged in (False, True):
        for line in lines:
            found = _bates_in_line(line, paged=paged)
            if found and (whole := _learned_whole(found[0], learned)):
                return whole + found[1] + _page_part(line, found[3], found[1])  # the release's stamp whose first glyphs OCR lost ("DOJ-O!IP-" read "IP-")
            if found:
                return found[0] + found[1] + _page_part(line, found[3], found[1])
    return None


# Layout family, productions numbered by document with a page suffix ("HBR0004512.0002": the
# document's control number, then its page): the suffix is the page's part of the stamp; after a
# hyphen ("HBR-PRR-00003-0001") both numbers zero-padded, as a case number's year is not
# ("F-2015-04841").
_PAGE_PART = re.compile(r"\.(\d{3,5})(?!\d)(?![.,]\d)|-(0\d{2,4})(?![\d-])")
_DOCUMENT_NUMBER = re.compile(r"0\d{4,9}")


def _document_then_page(number: str, line: str, end: int) -> bool:
    """Whether the stamp's number ending at ``end`` is a document's, a page's after it ("00003-0001")."""
    return _page_part(line, end, number).startswith("-")


def _page_part(line: str, end: int, number: str) -> str:
    """The page suffix printed right after a stamp's ``number`` ending at ``end`` (".0002", "-0002"), or ""."""
    part = _PAGE_PART.match(line, end)
    if part is None or part.group(0)[0] == "-" and _DOCUMENT_NUMBER.fullmatch(number) is None:
        return ""
    return part.group(0)


def _learned_whole(prefix: str, learned: Sequence[str]) -> str | None:
    """The release's learned stamp prefix that ``prefix`` (a stamp read on a page) is the end of,
    OCR having misread its first glyphs past reading ("IP-" for "DOJ-OIP-"); None for another."""
    key = re.sub(r"[-_\s]", "", prefix).upper()
    return next((whole for whole in learned if len(key) >= 2 and whole.upper() != prefix.upper()
                 and re.sub(r"[-_\s]", "", whole).upper().endswith(key)), None)


def _tolerant_prefix(prefix: str) -> str:
    confusable = {"O": "[O0Qo]", "0": "[O0]", "I": "[I1l|i!]", "1": "[I1l|]", "S": "[S5s]", "B": "[B8]"}
    parts: list[str] = []
    for index, char in enumerate(prefix):
        if char == "I" and prefix[index + 1:index + 2] == ")":
            parts.append("[I1l|D]")  # OCR reads "I)" as "D)": "(ABD)" for "(ABI)"
        elif char in "-_":
            parts.append(r"\s?[-_~–—]?\s?")
        elif char == ".":
            parts.append(r"\s?[.,]\s?")  # (OCR reads a stop a comma)
        elif char.isspace():
            parts.append(r"\s?")
        elif char == "(":
            parts.append(r"\(\s?")
        elif char == ")":
            parts.append(r"\s?\)")
        elif char.upper() in confusable:
            parts.append(confusable[char.upper()])
        elif char.isalpha():
            parts.append(f"[{char.upper()}{char.lower()}]")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def learn_bates_pattern(page_texts: Sequence[str]) -> str | None:
    """A regular expression for the Bates stamp that recurs with increasing numbers, or None.

    The pattern has groups ``prefix`` and ``num`` and carries the canonical prefix in a
    ``(?#bates:...)`` comment so :func:`find_bates` can return a clean number.
    """
    read: list[tuple[str, int, int]] = []
    for text in page_texts:
        lines = _candidate_lines(text)
        # (a stamp of any other family first; one whose prefix ends in a number only where the page has none)
        found = next((hit for line in lines if (hit := _bates_in_line(line))), None) \
            or next((hit for line in lines if (hit := _bates_in_line(line, numbered=True))), None)
        if found:
            read.append((found[0], int(found[1]), len(found[1])))
    if len(read) < 2:
        return None
    # (an underscore a scan lost read as a space or nothing: one prefix, printed with it; see
    # ``_underscores_restored``)
    read = _first_words_kept(read)
    seen = [(_UNDERSCORE_LOST.sub("", prefix), number, width) for prefix, number, width in read]
    counts = Counter(prefix for prefix, _, _ in seen)
    prefix, count = counts.most_common(1)[0]
    if count < 2:
        return None
    numbers = [number for p, number, _ in seen if p == prefix]
    rising = sum(1 for a, b in zip(numbers, numbers[1:], strict=False) if b > a)
    if rising < (len(numbers) - 1) / 2:
        return None
    widths = [width for p, _, width in seen if p == prefix]
    forms = Counter(p for p, _, _ in read if _UNDERSCORE_LOST.sub("", p) == prefix)
    printed = next((p for p in forms if "_" in p), forms.most_common(1)[0][0])
    return bates_pattern(printed, max(1, min(widths) - 1), max(widths) + 1)


_WHOLE_READ_ON = 2  # pages a stamp's prefix is read whole on, at least, for pages reading its end to read it


def _first_words_kept(read: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The stamps read, each whose prefix is the last words of a prefix another page reads
    ("BOARD " of "HARBOR BOARD ") read with that one, where two pages read it at least. OCR
    failure, scans: a stamp of words set apart from its number (``_BATES_SPACED_WORDS``) loses its
    first word to a speck or a blur on page after page (a speck read as a word before it, "EE HARBOR
    BOARD", on one page: no prefix of the document's)."""
    printed = Counter(prefix for prefix, _, _ in read)
    wider = {prefix: max(wholes, key=lambda whole: (printed[whole], len(whole))) for prefix in printed
             if (wholes := [whole for whole in printed if whole.endswith(" " + prefix.lstrip())
                            and printed[whole] >= _WHOLE_READ_ON])}
    return [(wider.get(prefix, prefix), number, width) for prefix, number, width in read]


_SMALL_WORD = re.compile(r"\b[a-z]{2,}\b")


def read_with_release_stamps(page_texts: Sequence[str], prefixes: Sequence[tuple[str, int, int]]) -> list[str | None]:
    """A document's page stamps read with the prefixes its release prints on other documents'
    pages (prefix, fewest and most digits), where it read none alone.

    Layout family, productions of short documents: a one-page document (an email printed alone)
    bears the production's stamp once, with no run of its own pages to learn it from; a stamp
    whose prefix ends in a year or a request's number ("HBR-OPS-22-00041") is read only where a
    run rises through it (``learn_bates_pattern``), so alone it is read as the release's own."""
    patterns = [bates_pattern(prefix, max(1, fewest - 1), most + 1) for prefix, fewest, most in prefixes]
    if not patterns:
        return [None] * len(page_texts)
    # (a stamp's line: furniture, or no word of a sentence: "please log request HBR-OPS-22-00017" is none)
    stamped = ["\n".join(line for line in text.split("\n") if is_furniture_line(line) or not _SMALL_WORD.search(line))
               for text in page_texts]
    return mend_bates_run([find_bates(text, patterns) for text in stamped], stamped)


# Layout family, productions stamped with a number alone ("000159", at the foot, beside the
# page's count or alone): a zero-padded number ending the page's last line, the rest of the line a
# page count and specks only, read as the page's stamp where the document's pages rise through
# such numbers one a page. OCR failure, scans: a count misread ("Page lof4"), a digit of the
# number read as a letter or another digit (mended by the run, ``mend_bates_run``).
_BARE_NUMBER = re.compile(r"(?<![\w.,/:])(?<!\w-)([0-9OoDQG]{5,10})(?![\w,/:-])(?!\.\d)")
_LOOSE_PAGE_COUNT = re.compile(r"\b(?:Page|Pg\.?)\s?\w{1,3}(?:\s?of\s?\w{1,3}|of\w{1,3})?", re.IGNORECASE)
_WORD_LEFT = re.compile(r"[A-Za-z]{3,}")
_BARE_LINE = 80  # characters of such a line at most


def _bare_number(text: str) -> str | None:
    """The zero-padded number a page's last line ends with, its rest a page count and specks."""
    last = next((line.strip() for line in reversed(text.splitlines()) if line.strip()), "")
    found = list(_BARE_NUMBER.finditer(last)) if len(last) <= _BARE_LINE else []
    if not found or last[found[-1].end():].strip(_SPECKS):
        return None
    rest = _LOOSE_PAGE_COUNT.sub(" ", last[:found[-1].start()])
    return None if _WORD_LEFT.search(rest) else found[-1].group(1).translate(_DIGIT_LOOKALIKES)


def bare_stamps(texts: Sequence[str]) -> list[str | None]:
    """A document's page stamps where its production stamps numbers alone (``_BARE_NUMBER``): the
    numbers, where two pages' at least rise one a page between them (zero-padded) and the rest are
    their run's numbers a digit off at most (read so: a scan's "900147" for "000147"); else no
    stamp on any page."""
    read = [_bare_number(text) for text in texts]
    anchor = next(((i, number) for i, number in enumerate(read) for j, following in enumerate(read[i + 1:], i + 1)
                   if number and following and number.startswith("0") and len(number) == len(following)
                   and int(following) - int(number) == j - i), None)
    if anchor is None:
        return [None] * len(texts)
    start, first = anchor
    run = [str(int(first) + i - start).zfill(len(first)) for i in range(len(texts))]
    return [expected if number and len(number) == len(expected)
            and sum(a != b for a, b in zip(number, expected, strict=True)) <= 1 else None
            for number, expected in zip(read, run, strict=True)]


_RUN_REACH = 4  # pages a run's stamps may stand from a page they number
# the stamp reader's digits for letters, and shapes only a run's number tells apart from letters
_DIGIT_LOOKALIKES = _DIGIT_FIX | str.maketrans({"Q": "0", "C": "0", "Z": "2", "G": "6"})


def mend_bates_run(bates: Sequence[str | None], texts: Sequence[str] = ()) -> list[str | None]:
    """The document's page stamps, each read a character or two off where the pages around it
    number it ("HA-600001", "H4-000005", "H13-000008" and "HC-OC1304" among a run of HA-, HB- and
    HC- stamps; a page read as its neighbour's number): the run's number for it.

    OCR failure, any scanned production: each page's stamp is read alone. A run is pages whose
    numbers go up one a page (two stamps at most ``_RUN_REACH`` pages apart, same prefix and
    width); a page between two stamps of one run is numbered by it where its reading has the
    run's prefix and a number two digits off at most, or the run's number under a prefix two
    characters off. Past a run's end only a reading that cannot be there is mended (before the
    first stamp of a run, a number not below it; after its last, not above it): a number beyond
    is a jump (pages withheld) as likely as a misread. A page no stamp was read on stays
    unstamped, unless its foot (``texts``: the pages' text) prints the run's number for it, its
    prefix misread past reading ("K/3-000003" among HB- stamps)."""
    bates = _underscores_restored(bates)
    parsed = [_stamp_parts(b) for b in bates]
    anchored = [i for i, part in enumerate(parsed) if part and any(
        _in_one_run(parsed, i, j) for j in range(i - _RUN_REACH, i + _RUN_REACH + 1) if j != i)]
    mended = list(bates)
    for i, read in enumerate(bates):
        if i in anchored or read is None and i >= len(texts):
            continue
        before = next((a for a in reversed(anchored) if i - _RUN_REACH <= a < i), None)
        after = next((a for a in anchored if i < a <= i + _RUN_REACH), None)
        if before is not None and after is not None and not _in_one_run(parsed, before, after):
            continue
        anchor = before if before is not None else after
        if anchor is None:
            if read is not None:
                mended[i] = _numbered_by_a_neighbour(bates, parsed, i, read) or read
            continue
        prefix, number, width = parsed[anchor]  # type: ignore[misc]
        expected = number + i - anchor
        if expected < 0 or len(str(expected)) > width:
            continue
        digits = str(expected).zfill(width)
        if read is None:
            if before is not None and after is not None and _foot_prints(texts[i], digits):
                mended[i] = prefix + digits
        elif _misread_of(read, prefix, digits, parsed[i], order=(before is not None) - (after is not None),
                         expected=expected):
            mended[i] = prefix + digits
    return _suffixed(mended, texts)


_SUFFIX_READ = r"\s?([-_][A-Za-z0-9]{1,2})(?![A-Za-z0-9])"  # (a suffix's letters, or digits OCR read for them)


def _suffixed(bates: list[str | None], texts: Sequence[str]) -> list[str | None]:
    """The stamps of a production numbered with a suffix ("HBR-00000024-S", ``cite.STAMP_SUFFIX``)
    read with it: each page's stamp is read up to its number; the suffix that more than half a
    prefix's stamped pages print right after their number is every such stamp's (a production
    numbers its pages alike). OCR failure, scans: a letter read as the digit it resembles
    ("-5" for "-S") counts for a suffix other pages print in letters, and a number misread
    counts where the stamp's prefix is printed before it. A page's text (``texts``) is looked at
    where its stamp stands, the last lines and the first."""
    letters: dict[str, Counter[str]] = defaultdict(Counter)
    shapes: dict[str, Counter[str]] = defaultdict(Counter)
    stamped: Counter[str] = Counter()
    for stamp, text in zip(bates, texts, strict=False):
        parts = bates_parts(stamp) if stamp else None
        if parts is None or parts[2]:
            continue
        stamped[parts[0]] += 1
        width = len(parts[1])
        after = re.compile(rf"(?:(?<![0-9]){parts[1]}|{re.escape(parts[0])}\s?[0-9OoIlSB]{{{width},{width}}}){_SUFFIX_READ}")
        found = next((match.group(1) for line in _candidate_lines(text) if (match := after.search(line))), None)
        if found and re.fullmatch(STAMP_SUFFIX, found.upper()):
            letters[parts[0]][found.upper()] += 1
        elif found:
            shapes[parts[0]][found.upper().translate(_LETTER_FOR_DIGIT)] += 1
    chosen = {prefix: suffix for prefix, counted in letters.items() for suffix, count in counted.most_common(1)
              if 2 * (count + shapes[prefix][suffix]) > stamped[prefix]}
    if not chosen:
        return bates
    return [stamp + chosen[parts[0]] if stamp and (parts := bates_parts(stamp)) and not parts[2]
            and parts[0] in chosen else stamp for stamp in bates]


_UNDERSCORE_LOST = re.compile(r"[\s_]+")


def stamps_as_printed(bates: Sequence[str | None], texts: Sequence[str], scanned: Sequence[bool]) -> list[str | None]:
    """``bates`` with each born-digital page's stamp as its text prints it, where the two differ in
    their separators alone ("OIWI 000055" read "OIWI_000055"): an underscore restored, a learned
    prefix's separators, mend what a scan lost (``_underscores_restored``); a text layer loses none."""
    kept: list[str | None] = []
    for stamp, text, read_by_ocr in zip(bates, texts, scanned, strict=True):
        printed = None if read_by_ocr or not stamp else find_bates(text)
        same = printed is not None and _UNDERSCORE_LOST.sub("", printed) == _UNDERSCORE_LOST.sub("", stamp or "")
        kept.append(printed if same else stamp)
    return kept


def _underscores_restored(bates: Sequence[str | None]) -> list[str | None]:
    """The stamps, each whose prefix another stamp of the document prints with an underscore
    where it has a space or nothing ("HBR 0000001", "HBR0000002" beside "HBR_0000004") read
    with it. OCR failure, blurred or bilevel scans: the underscore's thin rule at the baseline
    is lost (read as a space, or as nothing), never made up; so a run's stamps read mostly
    without it while the production prints it on every page."""
    return underscores_restored(bates, {parts[0] for stamp in bates if stamp and (parts := split_bates(stamp))
                                        and "_" in parts[0]})


def underscores_restored(bates: Sequence[str | None], printed: Iterable[str]) -> list[str | None]:
    """``bates`` each read with the underscored prefix of ``printed`` ("HBR_") that it reads with
    a space or nothing in its place (``_underscores_restored``; the release's prefixes too)."""
    lined = {prefix.replace("_", " "): prefix for prefix in printed if "_" in prefix}
    lined |= {bare.replace(" ", ""): prefix for bare, prefix in lined.items()}
    restored: list[str | None] = []
    for stamp in bates:
        parts = split_bates(stamp) if stamp else None
        restored.append(lined[parts[0]] + stamp[len(parts[0]):] if stamp and parts and parts[0] in lined else stamp)
    return restored


def _foot_prints(text: str, digits: str) -> bool:
    """Whether the last lines of a page print ``digits`` (four or more) ending a word."""
    foot = [line for line in text.splitlines() if line.strip()][-3:]
    return len(digits) >= 4 and any(re.search(rf"(?<!\d){digits}(?!\d)", line) for line in foot)


def _stamp_parts(stamp: str | None) -> tuple[str, int, int] | None:
    parts = split_bates(stamp) if stamp else None
    return (parts[0], int(parts[1]), len(parts[1])) if parts else None


def _numbered_by_a_neighbour(bates: Sequence[str | None], parsed: list[tuple[str, int, int] | None], i: int,
                             read: str) -> str | None:
    """The stamp a page next to one stamped alone carries, where its reading shows OCR's damage (a
    letter of a digit's shape among its digits or after its prefix) and is that stamp's prefix,
    a character or two lost or misread, before the very number the neighbour, read clean, gives it
    ("BRO00009" beside "HBR000010", "HBRO000010" beside "HBR000009"): a short document's pages
    make no run (``mend_bates_run``). OCR loses a stamp's letters more than it adds them, so a
    prefix shorter than the reading's is none it is mended into. None where there is no such reading."""
    for j in (i - 1, i + 1):
        if not (0 <= j < len(parsed)) or parsed[j] is None or _shows_damage(bates[j] or "", parsed[j][2]):  # type: ignore[index]
            continue
        prefix, number, width = parsed[j]  # type: ignore[misc]
        expected = number + i - j
        digits = str(expected).zfill(width)
        if expected < 0 or len(digits) > width or len(read) <= width or not _shows_damage(read, width):
            continue
        head, tail = read[:-width], read[-width:].translate(_DIGIT_LOOKALIKES)
        core = head.rstrip(_LOOKALIKE_LETTERS)
        if tail == digits and head != prefix and len(core) <= len(prefix) and edits(core, prefix, 2) <= 2:
            return prefix + digits
    return None


_LOOKALIKE_LETTERS = "".join(map(chr, _DIGIT_FIX))  # the letters OCR reads for digits ("OoDIl|SB")


def _shows_damage(read: str, width: int) -> bool:
    """Whether a stamp's reading has a letter of a digit's shape among its last ``width`` characters
    or right before them."""
    return any(ch in _LOOKALIKE_LETTERS for ch in read[-width - 1:])


def _in_one_run(parsed: list[tuple[str, int, int] | None], i: int, j: int) -> bool:
    if not (0 <= j < len(parsed)) or parsed[i] is None or parsed[j] is None:
        return False
    (prefix, number, width), (other, then, wide) = parsed[i], parsed[j]  # type: ignore[misc]
    return prefix == other and width == wide and then - number == j - i


def _misread_of(read: str, prefix: str, digits: str, parts: tuple[str, int, int] | None, *,
                order: int, expected: int) -> bool:
    """Whether ``read`` is the stamp ``prefix + digits`` OCR misread (``order``: 0 between two
    stamps of its run; 1 after its last, -1 before its first, where only a reading no page there
    can carry is one)."""
    if len(read) <= len(digits):
        return False
    head, tail = read[:-len(digits)], read[-len(digits):].translate(_DIGIT_LOOKALIKES)
    if tail == digits:
        return edits(head, prefix, 2) <= 2
    if head != prefix or sum(a != b for a, b in zip(tail, digits, strict=True)) > 2:
        return False
    return order == 0 or (parts is not None and parts[0] == prefix
                          and (parts[1] <= expected - 1 if order > 0 else parts[1] >= expected + 1))


def bates_pattern(prefix: str, min_digits: int = 3, max_digits: int = 10) -> str:
    """A pattern for Bates stamps with this prefix ("DEA-MSFT-"), tolerant of OCR noise.

    For :func:`find_bates`; the clean prefix rides along in a regex comment so a
    damaged stamp ("DEA - MSFT - OOO123") is reported as "DEA-MSFT-000123".
    """
    prefix = prefix[:60]
    # A regex comment ends at the first ")": carry brackets as look-alikes, decoded on reading.
    tag = prefix.replace("(", "⁽").replace(")", "⁾")
    return (
        f"(?#bates:{tag})(?<![A-Za-z0-9])(?P<prefix>{_tolerant_prefix(prefix)})"
        f"(?P<num>[0-9OoDIl|SB]{{{min_digits},{max_digits}}})(?![0-9])"
    )


# --- Page furniture --------------------------------------------------------------------------

_PAGE_X_OF_Y = re.compile(r"(?:Page|Pg\.?|P age)\s?\d{1,5}\s?(?:[o0]f|/)\s?\d{1,5}", re.IGNORECASE)  # ("0f": OCR)
# ... or a page's number alone on its line, its count left out ("Page 3", "- 3 -": a print's or a word
# processor's footer)
_PAGE_NUMBER_ALONE = re.compile(r"(?:Page|Pg\.?|P age)\s?\d{1,4}|[-–—]\s?\d{1,4}\s?[-–—]", re.IGNORECASE)


# OCR failure, heavy scans: the release decision's "IN" or code misread ("RELEASE I) PART B6",
# "RELEASE (b)(1) PRT Ba", "oe RELEASE IN PART E'5"): still the stamp, in its capitals.
_RELEASE_STAMP_MISREAD = re.compile(
    r"(?:\S{1,3}\s)?RELEASE\s(?=\S{1,6}\s)(?:\S*[^\sA-Za-z]\S*|[A-Za-z]{1,2})\s(?:PART|PRT|PAR|FULL)\b.{0,12}")


# The review stamps an agency prints on every released page (page family: release
# stamps): the release decision ("RELEASE IN PART B5,B6", wrapped as "RELEASE IN" /
# "PART B6"), the classification banner, and the case and document numbers.
_RELEASE_STAMP = re.compile(  # ("RELEASED IN PART (b)(6), (b)(7)(C)": a stamp in the past tense, the codes as (b)(n))
    r"RELEASED?\s?IN(?:\s?(?:FULL|PART(?:\s?[A-Z0-9b,/()\s]{0,40})?))?|PART\s?B\d[A-Z0-9,/()\s]{0,40}|"
    r"UNCLASSIFIED|(?:Case|Doc)\s?No[.,]?\s?[A-Z0-9][A-Z0-9-]{2,30}"  # ("No,": OCR)
)


# A FOIA processing or eDiscovery tool's running heads on each page it exports (page family:
# born-digital productions): the document's control number ("Document ID: 0.7.123.4567")
# and the request's ("FOIA Case No. 2019-HQ-01234", "FOIA Request #EPA-2019-001234").
_PRODUCTION_HEAD = re.compile(
    r"Document\s?ID\s?[:#]?\s?\d{1,4}(?:\.\d{1,8}){2,6}|"
    r"FOIA\s?(?:Request|Case|REQUEST|CASE)\s?(?:No\.?|NO\.?|Number|NUMBER|#)\s?:?\s?(?=[A-Z-]{0,12}\d)[A-Z0-9][A-Z0-9-]{3,30}",
)  # (a body line "FOIA No. 2019-0012" or "FOIA number pending" is no running head)


# ... the eDiscovery control number alone ("Control No. FWB_EM_0006702"), and a court filing's
# own header on each page of an exhibit ("Case 1:19-cv-01234 Document 12-3 Filed 06/01/20 Page 14
# of 80 PageID #: 512"; "Entered on FLSD Docket 02/10/2016" in one district; OCR may join "Page2of2").
_CONTROL_NUMBER = re.compile(r"Control\s?(?:No\.?|Number|#)\s?:?\s?[A-Z0-9][\w.-]{3,30}", re.IGNORECASE)
_COURT_FILING_HEAD = re.compile(
    r"Case\s\d{1,2}:\d{2}-[a-z]{2,4}-\d{2,6}(?:-[A-Z]{2,4}){0,3}\s{1,3}Document\s\d{1,4}(?:-\d{1,3})?\s{1,3}"
    r"(?:Filed|Entered\son\s[A-Z]{2,5}\sDocket)\s\d{1,2}/\d{1,2}/\d{2,4}\s{1,3}Page\s?\d{1,4}\s?of\s?\d{1,4}"
    r"(?:\s{1,3}Page\s?ID\s?#?:?\s?\d{1,7})?")
# ... and a line of such labels that ends with the page's Bates stamp (a tool's footer: "Control
# No. FWB_EM_0006702 FWB-FOIA-0000672", "Produced by the Harbor Board - FOIA Request 2019-00412
# HARBOR-0000672", "CONFIDENTIAL HARBOR-0000672"): it starts with one of a footer's words.
_FOOTER_START = re.compile(r"(?:Control\s?(?:No|Number|#)|Produced\sby|CONFIDENTIAL|FOIA\s|Prod(?:uction)?\s?(?:No|#))",
                           re.IGNORECASE)
_FOOTER_WORDS = 16  # words of such a footer at most


# The legend a production to a court or a legislature prints on every page, in capitals (page
# family: productions under an agreement or a protective order): "STATE DEPT. - PRODUCED TO HOUSE
# SELECT COMM.", "SUBJECT TO AGREEMENT ON SENSITIVE INFORMATION & REDACTIONS. NO FOIA WAIVER.",
# "CONFIDENTIAL - SUBJECT TO PROTECTIVE ORDER", "FOIA CONFIDENTIAL TREATMENT REQUESTED BY AGENCY".
# A line of them (with stamps and a Bates number beside) is furniture; prose that says so is not.
_LEGEND_WORDS = r"[A-Z0-9][A-Z0-9.,&'()/ -]{1,80}"
_LEGEND = re.compile(
    rf"(?:{_LEGEND_WORDS}\s[-–—]\s)?(?:PRODUCED\s(?:TO|BY|PURSUANT\sTO)\s{_LEGEND_WORDS}"
    rf"|(?:CONFIDENTIAL\s?[-–—:]?\s?)?SUBJECT\sTO\s(?:A\s|THE\s)?(?:PROTECTIVE\sORDER|AGREEMENT\s{_LEGEND_WORDS})"
    rf"|NO\s(?:FOIA\s)?WAIVER(?:\sOF\s{_LEGEND_WORDS})?"
    rf"|(?:FOIA\s)?CONFIDENTIAL\sTREATMENT\sREQUESTED(?:\sBY\s{_LEGEND_WORDS})?)\.?(?=\s|$)"
)


# ... and what OCR reads beside it on the same row: the review stamp's date ("Date: 05/13/2015
# SUBJECT TO AGREEMENT …"), the seal's caption ("U.S. Department of State SUBJECT TO …")
_BESIDE_LEGEND = re.compile(r"Date\s?:?\s?\d{1,2}/\d{1,2}/\d{2,4}|(?:U\.\s?S\.\s)?Department\sof(?:\sthe)?(?:\s[A-Z][a-z]+){1,3}")


# The line a fax machine prints atop every page it sends (page family: faxed records):
# "MAY-15-2013 08:12 FROM:KELL CO BOARD 5550184400 TO:12025550163 P.2/3", or a machine printing the
# date in numbers, perhaps its weekday, and the page in capitals or after an "@" ("03/20/2025 09:41
# 5550134400 HARBOR OPS PAGE 01/03", "03/13/2023 MON 08:17 FAX 555 017 2200 HARBOR OPS @002/002"):
# that form only with what a fax machine prints beside it (FAX, FROM, TO: or a telephone number),
# as a body's dated note is not ("3/14/2023 10:00 Call with the contractor, see p. 2/3").
_FAX_LINE = re.compile(
    r"\W{0,3}[A-Z]{3}\W{0,2}\d{1,2}\W{0,2}\d{2,4}\s{1,3}\d{1,2}:\d{2}\b.{0,140}?\bP\s?\.?\s?\d{1,3}\s?/\s?\d{1,3}[\W_]{0,4}",
    re.IGNORECASE,
)
_FAX_LINE_NUMERIC = re.compile(
    r"\W{0,3}\d{1,2}/\d{1,2}/\d{2,4}(?:\s[A-Z]{3})?\s{1,3}\d{1,2}:\d{2}\b"
    r"(?=.{0,140}?(?:\bFAX\b|\bFROM\b|\bTO:|\d{7,}|\d{3}\s\d{3}\s\d{4})).{0,140}?"
    r"(?:(?:\b(?:P\s?\.?|PAGE)\s?|@)\d{1,3}\s?/\s?\d{1,3}|\bP\.\s?0\d{2})[\W_]{0,4}"  # (or its page alone, "P.002")
)


# Page family, release stamps printed on one line: the classification, the agency's name, the
# case and document numbers and the release date ("UNCLASSIFIED U.S. Department of State Case No.
# F-2016-07731 Doc No. C05110001 Date: 05/13/2016"), where the State Department prints them apart.
_STAMP_DATE = re.compile(r"Date\s?:\s?\d{1,2}/\d{1,2}/\d{2,4}")
_STAMP_NUMBERS = re.compile(r"(?:Case|Doc)\s?No[.,]?\s?[A-Z0-9]")
_AGENCY_WORD = re.compile(r"[A-Z][\w.&'’-]*|of|the|and|for|on")
_CASE_NUMBER = re.compile(r"Case\s?No[.,]?\s?[A-Z0-9]")
_DOC_NUMBER = re.compile(r"Doc\s?No[.,]?\s?[A-Z0-9]")


def _stamp_on_one_line(text: str) -> bool:
    """(its classification a legend's words where the stamp prints both numbers: "PUBLIC VERSION
    Harbor Board Case No. … Doc No. … Date: …")"""
    if not ("UNCLASSIFIED" in text and _STAMP_NUMBERS.search(text)
            or _CASE_NUMBER.search(text) and _DOC_NUMBER.search(text) and _STAMP_DATE.search(text)):
        return False
    rest = _STAMP_DATE.sub(" ", _RELEASE_STAMP.sub(" ", text)).split()
    return len(rest) <= 10 and all(_AGENCY_WORD.fullmatch(word) for word in rest)


# ... and a stamp saying which codes the release applied to the page ("RELEASED - (b)(6), (b)(7)(C)
# APPLIED", "RELEASED: B5, B6", a state law's "87(2)(b)"): its codes and their separators only
_RELEASED_CODES = re.compile(r"RELEASED\s?[-–—:]\s?(.{2,80}?)(?:\s?APPLIED)?\s?")


def _codes_stamp(text: str) -> bool:
    if (stamp := _RELEASED_CODES.fullmatch(text)) is None:
        return False
    codes = stamp.group(1)
    spans = exemption_spans(codes)
    # (its codes and separators only; "APPLIED" or two codes at least: "RELEASED - B5" may be a sentence's)
    return bool(spans) and not re.sub(r"[\s,;&/]", "", beside_codes(codes, spans)) \
        and (len(spans) >= 2 or text.rstrip().endswith("APPLIED"))


def is_furniture_line(line: str) -> bool:
    """Whether a line is only page furniture: a Bates stamp and/or "Page x of y", a
    release stamp, or a fax machine's transmission line."""
    text = _SPECKS_BEFORE.sub("", line.strip())  # (OCR failure: a speck read before a stamp, "_ RELEASE IN PART B6")
    if not text or len(text) > 200:
        return False
    return _is_furniture(text)


_SPECKS_BEFORE = re.compile(r"^[_.,'‘’`~|•*—–-]{1,2}\s+(?=[A-Z0-9])")


# (a stamp with a suffix after its number, "HBR-00000024-S", ``cite.STAMP_SUFFIX``: furniture as without it)
_STAMP_SUFFIX = re.compile(rf"((?<![\d])[-_]\d{{5,10}}){STAMP_SUFFIX}$")  # (its number joined to a prefix, five digits or more)


@functools.lru_cache(maxsize=1 << 16)  # the splitter asks of each line several times
def _is_furniture(text: str) -> bool:
    text = _STAMP_SUFFIX.sub(r"\1", text)
    if _RELEASE_STAMP.fullmatch(text) or _RELEASE_STAMP_MISREAD.fullmatch(text) or _FAX_LINE.fullmatch(text) \
            or _FAX_LINE_NUMERIC.fullmatch(text) or _PRODUCTION_HEAD.fullmatch(text) \
            or _CONTROL_NUMBER.fullmatch(text) or _COURT_FILING_HEAD.fullmatch(text) or _stamp_on_one_line(text) \
            or _codes_stamp(text):
        return True
    if _FOOTER_START.match(text) and len(text.split()) <= _FOOTER_WORDS and not text.rstrip().endswith((".", "?", "!")):
        found = _bates_in_line(text)
        if found and not text[found[3]:].strip():  # the page's stamp ends the line
            return True
    if "PRODUCED" in text or "SUBJECT TO" in text or "WAIVER" in text or "CONFIDENTIAL" in text:
        # a legend, perhaps with the page's stamps beside it ("Doc No. C0123 STATE DEPT. - PRODUCED TO …")
        pieces = _LEGEND.sub(" ", _RELEASE_STAMP.sub(" ", text))
        found = _bates_in_line(pieces)
        leftover = (pieces[: found[2]] + pieces[found[3]:] if found else pieces).strip(" \t.,:;|-_~")
        if pieces != text and (not leftover or _BESIDE_LEGEND.fullmatch(leftover)):
            return True
    if len(text) > 120:
        return False
    rest = _PAGE_X_OF_Y.sub(" ", text)
    found = _bates_in_line(rest, numbered=rest != text, paged=rest != text)  # ("HBR-PRR-00003-0001 Page 1 of 18")
    if found:
        rest = rest[: found[2]] + " " + rest[found[3] + len(_page_part(rest, found[3], found[1])):]
    if rest == text:
        return False
    leftover = rest.strip(" \t.,:;|-_~")
    return not leftover or (len(leftover) <= 4 and not any(c.isalpha() for c in leftover)) \
        or (found is not None and leftover.isupper() and set(leftover.split()) <= _LEGEND_STAMP_WORDS)  # (a legend
    # after the stamp: "AGY-000123 CONFIDENTIAL", "AGY-000123 FOR OFFICIAL USE ONLY")


def stamp_continues(lines: Sequence[str], index: int) -> bool:
    """A line of codes that a release stamp wrapped onto ("RELEASE IN PART" / "B5")."""
    before = next((lines[i].strip() for i in range(index - 1, -1, -1) if lines[i].strip()), "")
    return before.upper().endswith("PART") and is_furniture_line(before)


def withheld_on(lines: Sequence[str], index: int) -> tuple[str, ...]:
    """The exemption codes line ``index`` of a page withholds on (each once, in order): none on
    page furniture, nor on a release stamp's line of codes, which sums the page up. What the
    redaction log lists and an email's exemptions hold, read by one rule."""
    line = lines[index]
    if is_furniture_line(line) or stamp_continues(lines, index):
        return ()
    return tuple(dict.fromkeys(code for _, _, code in exemption_spans(line)))


def withheld_on_page(lines: Sequence[str], index: int, kind: str | None) -> tuple[str, ...]:
    """``withheld_on`` for a line of a page of ``kind``: a cover letter lists codes to explain
    them, so only a code in the margin form ("b6 Per EOUSA") withholds on it (a released letter
    the page reader took for a cover letter)."""
    if kind == "cover-letter" and not MARGIN_CODE.search(lines[index]):
        return ()
    return withheld_on(lines, index)


def page_exemptions(text: str, kind: str | None) -> tuple[str, ...]:
    """The codes of a page, sorted and unique: those it withholds under, as the redaction log
    lists them (a release stamp's codes sum the page up and are none); a page withheld whole, a
    deleted-page sheet and a cover letter, every code it prints (a letter's are the codes it
    explains: shown explained on its page, never counted nor found as withholdings)."""
    if kind in WITHHELD_PAGE_KINDS or kind == "cover-letter":
        return find_exemptions(text)
    lines = text.split("\n")
    return without_bare_seven(sorted({code for index in range(len(lines)) for code in withheld_on_page(lines, index, kind)}))


WITHHELD_PAGE_KINDS = frozenset({"withheld", "deleted"})  # a page withheld in full, a deleted-page sheet


_CODE_WORD = re.compile(r"[A-Za-z]+")


# A box's code as OCR reads one printed in the margin: "B5", "b7C", "B7(C)", "(b)(6)", with the
# digit read as a letter of its shape ("BS", "BE", "BG"; never "86", which a number is too).
_MARGIN_WORD = re.compile(r"[Bb](?:[1-9SEG])(?:[A-Fa-f]|\([A-Fa-f]\))?[,.;]?|(?:\(b\))?(?:\(\d\))+(?:\([A-Fa-f]\))?[,.;]?")


def margin_code_word(word: str) -> bool:
    """Whether a word is a box's code as the margin prints it, or as OCR misreads one there
    (only where it stands apart from its line's words: "BS" is a code in the margin alone)."""
    return _MARGIN_WORD.fullmatch(word) is not None


def is_stamp_or_code(text: str) -> bool:
    """Whether a piece of a line is only a release stamp or exemption codes (page family: the
    stamp or a box's code printed in the margin level with a header's rows, read into the row:
    "RELEASE IN PART B5,B3", "B6", "INA,B6"); a name beside a code is not ("Roe, Jane B6")."""
    text = " ".join(text.split()).strip(" .,;:'`_|-")
    if not text:
        return False
    if is_furniture_line(text):
        return True
    spans = exemption_spans(text)
    rest = "".join(text[end:start] for (_, end, _), (start, _, _) in
                   zip([(0, 0, ""), *spans], [*spans, (len(text), 0, "")], strict=True))
    return bool(spans) and all(len(word) <= 3 and word.isupper() for word in _CODE_WORD.findall(rest))


_PAGE_END_LINES = 3  # printed lines at a page's foot a footer's page number may stand among (the stamp, a legend)
_PAGE_TOP_LINES = 2  # ... and at its top (a running head)


def page_numbers_blanked(lines: list[str]) -> list[str]:
    """A page's lines with a page's number printed alone ("Page 3", "- 3 -": a print's or a word
    processor's footer, its count left out) made blank, where it stands among the page's last or
    first printed lines; elsewhere such a line is the page's text ("Page 3" a reviewer's note)."""
    printed = [k for k, line in enumerate(lines) if line.strip()]
    ends = set(printed[:_PAGE_TOP_LINES] + printed[-_PAGE_END_LINES:])
    return ["" if k in ends and _PAGE_NUMBER_ALONE.fullmatch(line.strip()) else line for k, line in enumerate(lines)]


def strip_page_furniture(text: str) -> str:
    """The page text without lines that carry only a Bates number or "Page x of y"."""
    return "\n".join(line for line in text.splitlines() if not is_furniture_line(line))
