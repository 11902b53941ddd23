"""The query language lawyers type, parsed into a small syntax tree (pure; never raises).

Syntax (tightest binding first)::

    word  recogni*  recogni?e  recognition~  recognition~2     a word, wildcard, fuzzy (OCR noise)
    "exact phrase"  "facial recognition"~5                      exact words; ~N: within N words
    field:value  field:"a phrase"  date:[2017-09 to 2018-12]    fields, see FIELDS
    -word  NOT word                                             exclude
    a OR b                                                      either (binds tighter than AND)
    a w/5 b  a /5 b  a pre/3 b  a w/s b  a w/p b                proximity (after OR, before AND)
    a b  a AND b  a & b                                         all must match (the default)
    ( ... )                                                     grouping

As in Westlaw, ``DEA OR FBI w/5 Microsoft`` means ``(DEA OR FBI) w/5 Microsoft``.
Lower-case ``or``/``and`` between two terms and ``not`` after one are operators, as
Lexis reads them (the messages say so; quoted, they are words again).
``w/s`` (same sentence) and ``w/p`` (same paragraph) are approximated as
within :data:`SENTENCE_WORDS` and :data:`PARAGRAPH_WORDS` words, and the result
says so. Whatever cannot be understood is dropped or read as plain words, and
:attr:`ParsedQuery.messages` says what happened in plain language.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .accents import fold_accents
from .cite import STAMP_SUFFIX
from .dates import MONTH_NAMES, month_number
from .exemptions import canonical_exemption
from .invisible import INVISIBLE, remove_invisible

__all__ = [
    "And", "DateRange", "Fielded", "FIELDS", "Fuzzy", "Keyword", "MatchAll", "Near", "Node", "Not",
    "Or", "ParsedQuery", "Phrase", "Wildcard", "Word", "after_period", "bates_range_start", "canonical_exemption",
    "expands", "parse_query",
]

MAX_QUERY_CHARS = 2000
MAX_CLAUSES = 200
MAX_WORK_CLAUSES = 20  # note: and tag: clauses: each is a lookup in the reader's notes or tags
MAX_DEPTH = 16
MAX_FUZZY = 2
SENTENCE_WORDS = 20
PARAGRAPH_WORDS = 60

MAX_NEAR = 9999  # w/N beyond this is "anywhere in the same email"

# field name typed -> field searched; text fields take words, phrases and wildcards. The
# aliases are what Westlaw, Lexis and mail clients call them (author:, subj:, bcc:).
TEXT_FIELDS = {"from": "sender", "sender": "sender", "author": "sender", "to": "to",
               "cc": "cc", "bcc": "cc", "subject": "subject", "subj": "subject"}
KEYWORD_FIELDS = {"release": "release", "exemption": "exemption", "bates": "bates",
                  "source": "source", "document": "document", "doc": "document"}
DATE_FIELDS = ("date", "before", "after")
# people's work product (archive/work.py): the notes and tags the reader may see, which the
# index does not hold; archive/search.py turns them into the records they are on
WORK_FIELDS = ("note", "tag")
FIELDS = tuple(TEXT_FIELDS) + tuple(KEYWORD_FIELDS) + DATE_FIELDS + WORK_FIELDS
# "http://…" and "10:30" are not attempts at a field; other "word:" are told the fields there are
_NOT_FIELDS = frozenset({"http", "https", "mailto", "ftp", "www", "re", "fw", "fwd"})


# -- the syntax tree ---------------------------------------------------------------------

@dataclass(frozen=True)
class Word:
    """A word as typed; the index stems it unless ``exact`` (a one-word "phrase")."""

    text: str
    field: str = "body"
    exact: bool = False


@dataclass(frozen=True)
class Phrase:
    """Words in order, next to each other; with ``slop`` N, all within N words in any order."""

    words: tuple[str, ...]
    field: str = "body"
    slop: int = 0


@dataclass(frozen=True)
class Wildcard:
    pattern: str  # lower case, with * and ?
    field: str = "body"


@dataclass(frozen=True)
class Fuzzy:
    text: str
    distance: int
    field: str = "body"


@dataclass(frozen=True)
class Near:
    """``left`` within ``distance`` words of ``right`` (``ordered``: left first)."""

    left: Node
    right: Node
    distance: int
    ordered: bool = False


@dataclass(frozen=True)
class Fielded:
    """A text field (from, to, cc, subject) holding a word, phrase or wildcard."""

    field: str
    child: Node


@dataclass(frozen=True)
class Keyword:
    """An exact value of a keyword field (release slug, canonical exemption, Bates number).

    ``prefix`` matches every value starting with ``value`` (``bates:DEA-0001*``, ``exemption:b7``).
    A Bates number is as typed, its spaces one each ("state scb 0045847"): the search reads
    it as the stamp it names (``archive.search``), as ``/bates/`` does.
    """

    field: str
    value: str
    prefix: bool = False


@dataclass(frozen=True)
class DateRange:
    """Sent dates ``low <= sent < high`` compared as ISO strings ("" = open); undated emails never match."""

    low: str = ""
    high: str = ""


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class MatchAll:
    pass


NO_TAG = "\x00"  # a tag no one can name (tag names are printable): a query that matches nothing
NOTHING = Keyword("tag", NO_TAG)  # (what a clause that names nothing readable matches: no record)


Node = Word | Phrase | Wildcard | Fuzzy | Near | Fielded | Keyword | DateRange | And | Or | Not | MatchAll


@dataclass(frozen=True)
class ParsedQuery:
    node: Node
    messages: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()  # words a reader should highlight (as typed, lower case)


def expands(node: Node) -> bool:
    """Does the query hold a wildcard or a fuzzy word: a word looked up against the whole
    vocabulary, the costliest searches to answer; or a prefix of a field's values read against
    all of them ("bates:DEA*", "release:d*", "note:*", "tag:*"; an exemption's prefix reads the
    few codes there are)."""
    if isinstance(node, Wildcard | Fuzzy):
        return True
    if isinstance(node, Keyword):
        return node.prefix and node.field != "exemption"
    if isinstance(node, And | Or):
        return any(expands(child) for child in node.children)
    if isinstance(node, Not | Fielded):
        return expands(node.child)
    if isinstance(node, Near):
        return expands(node.left) or expands(node.right)
    return False


# -- dates ----------------------------------------------------------------------------------

_ISO = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")
_US = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_NAMED = re.compile(r"([a-z]+)\.?[\s-]*(?:(\d{1,2})(?:st|nd|rd|th)?,?[\s-]+)?(\d{4})", re.IGNORECASE)


def _date_prefix(text: str) -> tuple[str | None, str]:
    """"2018", "2018-11", "2018-11-13" (or 2018/11/13, 11/13/2018, "Nov 13, 2018", "November
    2018") as an ISO prefix; or None and why not, when it is no date or no real day."""
    text = text.strip()
    if match := _ISO.fullmatch(text):
        year, month, day = match.group(1), match.group(2), match.group(3)
    elif match := _US.fullmatch(text):
        month, day, year = match.group(1), match.group(2), match.group(3)
        if int(month) > 12 >= int(day) >= 1:  # 13/11/2018: no month 13, so day first (said: ``typed_order``)
            month, day = day, month
    elif (match := _NAMED.fullmatch(text)) and month_number(match.group(1)):
        month, day, year = str(month_number(match.group(1))), match.group(2), match.group(3)
    else:
        return None, ""
    if not 1000 <= int(year) <= 2999:
        return None, f"the year {year} is out of range"
    out = year
    if month:
        if not 1 <= int(month) <= 12:
            return None, f"there is no month {int(month)}"
        out += f"-{int(month):02d}"
        if day:
            days = calendar.monthrange(int(year), int(month))[1]
            if not 1 <= int(day) <= days:
                name = MONTH_NAMES[int(month) - 1]
                return None, f"{name} {year} has {days} days"
            out += f"-{int(day):02d}"
    return out, ""


def typed_order(text: str) -> str:
    """What a date typed with slashes was read as, when it could be read another way round:
    "11/05/2018" month first, as US releases print dates (never silently: May 11 is a reading
    too), "13/11/2018" day first, there being no month 13; "" for any other date."""
    match = _US.fullmatch(text.strip())
    if not match:
        return ""
    first, second, year = (int(part) for part in match.groups())
    if first > 12 >= second >= 1:
        return (f'read "{text.strip()}" day first, as {MONTH_NAMES[second - 1]} {first}, {year}: '
                f"there is no month {first}")
    if first != second and 1 <= first <= 12 and 1 <= second <= 12:
        return (f'read "{text.strip()}" month first, as {MONTH_NAMES[first - 1]} {second}, {year}; for '
                f"{MONTH_NAMES[second - 1]} {first}, {year} type {year}-{second:02d}-{first:02d}")
    return ""


def after_period(prefix: str) -> str:
    """The smallest ISO string later than every date in the period ``prefix``."""
    return prefix + "\uffff"


# -- lexing -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Tok:
    kind: str  # word phrase lparen rparen and or not near field
    text: str = ""
    slop: int = 0  # phrase ~N
    distance: int = 0  # near
    ordered: bool = False  # near
    approx: str = ""  # near: "sentence" or "paragraph"
    value: str = ""  # field value (raw)
    quoted: bool = False  # field value was a "phrase"


_NEAR = re.compile(r"(?:(w|pre|near)/|/)(\d+|s|p)", re.IGNORECASE)
_BRACKETED_CODE = re.compile(r"\(\s?b\s?\)\s?\(\s?[1-9]", re.IGNORECASE)  # "(b)(6)" after a field's colon
_SLOP = re.compile(r"~(\d+)")  # after a closing quotation mark: "…"~N
_NEAR_HEAD = re.compile(r"(?:w|pre|near)?/", re.IGNORECASE)  # "w/ 5": the number after a space
_NEAR_ARG = re.compile(r"\d+|s|p", re.IGNORECASE)
_FIELD_LIKE = re.compile(r"[a-z]{2,}", re.IGNORECASE)
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'})
_HAS_WORD = re.compile(r"\w")
_PARTY_FIELDS = frozenset({"sender", "to", "cc"})
_WITHHELD_WORDS = frozenset({"redacted", "withheld", "redaction"})  # from:redacted: a code is what is indexed
_BARE_EXEMPTION = re.compile(r"[1-9][a-f]?", re.IGNORECASE)
# DEA-MSFT-000074, HBR-000024-S (a suffixed stamp, ``cite.STAMP_SUFFIX``)
_BATES_LIKE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*?[-_.]?[0-9]{4,}(?:[-_][A-Za-z]{1,2})?")
_HAS_LETTER = re.compile(r"[A-Za-z]")
_TEXAS_SECTION = re.compile(r"552\.\d{3,4}")  # (a Texas section, its subsections not typed: ``archive.exemptions``)
_WILD_PIECES = re.compile(r"[\w*?]+")
_FIELD_HEAD = re.compile(r"([A-Za-z]+):")


# A range of Bates numbers as a citation prints it ("DEA-MSFT-000043–45") or as a range
# ("[DEA-MSFT-000043 to DEA-MSFT-000045]"); a hyphen is a range's dash only before digits no
# more than the start's that, filled from the start's, come after it ("ABC-2019-000123" and
# "X-001-999999" are one stamp each), or before the start's prefix printed again
# ("DEA-MSFT-000043-DEA-MSFT-000045").
# A prefix may print digits and brackets before its letters ("19-cv-4048(FBI)-1824": a litigation
# production's stamp), so long as it prints a letter.
_STAMP_HEAD = r"(?:[A-Za-z]|\d[\w.()-]*?[A-Za-z])[\w .()-]*?"
# A suffixed stamp's range prints its suffix at each end ("HBR-000024-S–HBR-000026-S", "HBR-000024-S-26-S"), or
# typed, at its start alone before a dash plainly one ("HBR-000024-S–26").
_SUFFIX = STAMP_SUFFIX.replace("[A-Z]", "[A-Za-z]")
_BATES_SPAN = re.compile(rf"(?P<prefix>{_STAMP_HEAD})(?P<first>\d+)\s*(?P<dash>[–—-]|\s[Tt][Oo]\s)\s*"
                         rf"(?P<end>{_STAMP_HEAD})?(?P<last>\d+)")
_SUFFIXED_SPAN = re.compile(rf"(?P<prefix>{_STAMP_HEAD})(?P<first>\d+)(?P<suffix>{_SUFFIX})\s*(?P<dash>[–—-]|\s[Tt][Oo]\s)\s*"
                            rf"(?P<end>{_STAMP_HEAD})?(?P<last>\d+)(?P<ends>{_SUFFIX})?")
# ... or a production stamped with numbers alone ("000159–160", "[000159 to 000161]"): a dash or "to" plainly
_NUMBERS_SPAN = re.compile(r"(?P<first>\d{4,})\s*(?P<dash>[–—]|\s[Tt][Oo]\s)\s*(?P<last>\d+)")
_WIDE_DASHES = re.compile(r"[–—]")
_MAX_SPAN_TYPED = 120  # characters of a Bates range typed, at most (the patterns backtrack over longer text)
MAX_BATES_SPAN = 1000


def _bates_span(text: str) -> tuple[str, int, int, int, str] | None:
    """(prefix, first number, last number, digits, suffix) of a Bates range typed in ``bates:``, its
    ends as typed: the last may be the first (one stamp) or come before it (a range typed backwards)
    where the text is a range and nothing else ("–", "to", or the prefix printed again: a hyphen
    between two numbers may be a stamp's own)."""
    inner = (text[1:-1] if (text[:1], text[-1:]) in (("[", "]"), ("{", "}")) else text).strip()
    if len(inner) > _MAX_SPAN_TYPED:
        return None
    # ("X-001-X-009": a range's end, no suffix; "[HBR-000024-S to 26]" read by the second where the first fails)
    return next((span for pattern in (_BATES_SPAN, _SUFFIXED_SPAN, _NUMBERS_SPAN)
                 if (match := pattern.fullmatch(inner)) is not None and (span := _span_read(match)) is not None), None)


def _span_read(match: re.Match[str]) -> tuple[str, int, int, int, str] | None:
    """(prefix, first, last, digits, suffix) of a range ``_bates_span`` matched, or None where its two
    ends print other prefixes or suffixes, or its hyphen is a stamp's own."""
    prefix, first, end, last, suffix = (match.groupdict().get(name) or "" for name in ("prefix", "first", "end", "last", "suffix"))
    ends = match.groupdict().get("ends") or ""
    if end and "".join(end.split()).lower() != "".join(prefix.split()).lower() \
            or ends and suffix.lower() != ends.lower() or not ends and suffix and match.group("dash") == "-":
        return None  # (a suffix at the start alone where the dash is plainly one: "HBR-000024-S–26")
    plainly = match.group("dash") != "-" or bool(end)  # ("X-001-999999" is one stamp; "X-001-X-009", its
    if not plainly and len(last) > len(first):  # end's prefix printed again, is a range)
        return None
    full = int(first[: len(first) - len(last)] + last if len(last) < len(first) else last)
    if len(last) < len(first) and full < int(first):
        full += 10 ** len(last)  # (a short end rolls over: "000198–02" is 000198 to 000202)
    return (re.sub(r"\s+", " ", prefix), int(first), full, len(first), suffix) if plainly or full > int(first) else None


def bates_range_start(text: str) -> str | None:
    """The first stamp of a Bates range as ``bates:`` reads one ("DEA-MSFT-000043-45",
    "[DEA-MSFT-000043 to DEA-MSFT-000045]" → "DEA-MSFT-000043"); None when ``text`` is no range.
    ``/bates/`` goes to the page a range typed there begins at, by this one reading."""
    span = _bates_span(text)
    return f"{span[0]}{min(span[1], span[2]):0{span[3]}d}{span[4]}" if span else None


def _a_name(text: str, words: Sequence[str]) -> bool:
    """Whether a quoted value of a party field is a person's name (two to four words of letters,
    no address): one that may be printed in either order."""
    return 2 <= len(words) <= 4 and all(word.isalpha() for word in words) and "@" not in text


def _lex(text: str, messages: list[str]) -> list[_Tok]:
    tokens: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char.isspace():
            i += 1
            continue
        if char in "-+" and _starts_clause(text, i + 1):
            # -"a phrase", -(a group), -from:someone: excluded (+ required, as every clause is)
            if char == "-":
                tokens.append(_Tok("not"))
            i += 1
            continue
        if char == "(" and _BRACKETED_CODE.match(text, i) and (j := _code_end(text, i)) and (
                j == n or text[j].isspace() or text[j] == ")"):
            # a bare (b)(6): the code, as exemption:(b)(6), never the words "b" and "6" anywhere
            messages.append(f'read {text[i:j]} as exemption:{text[i:j]} (what is withheld under it); '
                            f'"{text[i:j]}" in quotation marks searches for the printed code')
            token, i = _Tok("field", "exemption", value=text[i:j]), j
        elif char in "()":
            token, i = _Tok("lparen" if char == "(" else "rparen"), i + 1
        elif char == '"':
            token, i = _lex_phrase(text, i, messages)
        else:
            token, i = _lex_word(text, i, messages)
        tokens.append(token)
    return _lowercase_operators(tokens, messages)


def _starts_clause(text: str, i: int) -> bool:
    """Does a phrase, a bracketed group or a field (``from:``) begin at ``i``? A ``-`` or ``+``
    just before one applies to it whole, as before a word."""
    if text[i:i + 1] in ('"', "("):
        return True
    field = _FIELD_HEAD.match(text, i)
    return field is not None and field.group(1).lower() in FIELDS


def _lex_phrase(text: str, i: int, messages: list[str]) -> tuple[_Tok, int]:
    """A "quoted phrase" starting at ``i``, and its ``~N`` if one follows."""
    end = text.find('"', i + 1)
    if end < 0:
        messages.append(f'the quotation mark before "{_short(text[i + 1:])}" is never closed; '
                        "searched for the rest of the query as a phrase")
        end = len(text)
    body, i, slop = text[i + 1:end], end + 1, 0
    if match := _SLOP.match(text, i):
        digits = match.group(1)
        slop = int(digits) if len(digits) <= len(str(MAX_NEAR)) else MAX_NEAR + 1
        i = match.end()
    return _Tok("phrase", body, slop=slop), i


def _lex_word(text: str, i: int, messages: list[str]) -> tuple[_Tok, int]:
    """A word, a field with its value, a proximity operator or a Boolean one."""
    j = i
    while j < len(text) and not text[j].isspace() and text[j] not in '()"':
        j += 1
    word, i = text[i:j], j
    head, colon, rest = word.partition(":")
    if colon and head.lower() == "exemption" and text[i:i + 1] == "(":
        # exemption:(b)(6), exemption:7(1)(c): the code's own brackets belong to it
        j = _code_end(text, i)
        word, rest, i = word + text[i:j], rest + text[i:j], j
    if colon and head.lower() == "bates" and rest and text[i:i + 1] == "(":
        # a stamp printing a bracketed part ("bates:19-cv-4048(FBI)-1824", a litigation
        # production's): its brackets belong to it, up to a space or a bracket closing a group
        j, depth = i, 0
        while j < len(text) and not text[j].isspace() and text[j] != '"' and (text[j] != ")" or depth):
            depth += {"(": 1, ")": -1}.get(text[j], 0)
            j += 1
        word, rest, i = word + text[i:j], rest + text[i:j], j
    if colon and head.lower() in FIELDS:
        return _lex_field_value(text, i, head, rest, messages)
    if colon and rest and _FIELD_LIKE.fullmatch(head) and head.lower() not in _NOT_FIELDS:
        messages.append(f'there is no field "{head}:"; searched "{_short(word)}" as words '
                        f"(fields: {', '.join(FIELDS)})")
    if _NEAR_HEAD.fullmatch(word):  # "w/ 5": a space between the operator and its number
        k = i
        while text[k:k + 1] == " ":
            k += 1
        arg = _NEAR_ARG.match(text, k)
        if k > i and arg and (arg.end() == len(text) or text[arg.end()].isspace() or text[arg.end()] in '()"'):
            word, i = word + arg.group(), arg.end()
    if near := _NEAR.fullmatch(word):
        op, distance = (near.group(1) or "w").lower(), near.group(2).lower()
        if distance.isdigit() and int(distance[-6:]) == 0:
            messages.append(f"{op}/0 is read as {op}/1: the words next to each other")
        return _near_token(word, op, distance), i
    return _Tok(_OPERATORS.get(word, "word"), word if word not in _OPERATORS else ""), i


_OPERATORS = {"AND": "and", "&": "and", "&&": "and", "OR": "or", "|": "or", "||": "or", "NOT": "not"}


def _near_token(word: str, op: str, arg: str) -> _Tok:
    """``w/5``, ``pre/3``, ``w/s`` (same sentence), ``w/p`` (same paragraph)."""
    if arg == "s":
        return _Tok("near", word, distance=SENTENCE_WORDS, approx="sentence")
    if arg == "p":
        return _Tok("near", word, distance=PARAGRAPH_WORDS, approx="paragraph")
    return _Tok("near", word, distance=max(1, int(arg[-6:])), ordered=op == "pre")


def _lex_field_value(text: str, i: int, head: str, value: str, messages: list[str]) -> tuple[_Tok, int]:
    """``field:value``: the value as typed after the colon, a "quoted" one, a [range] or {range}
    that spaces run through, or a bracketed exemption code (``to:(b)(6)``)."""
    quoted, n = False, len(text)
    if not value and text[i:i + 1] == '"':
        end = text.find('"', i + 1)
        if end < 0:
            messages.append(f'the quotation mark after "{head}:" is never closed; '
                            "used the rest of the query as its value")
            end = n
        value, quoted, i = text[i + 1:end], True, end + 1
    elif value[:1] in ("[", "{"):
        close = "]" if value[0] == "[" else "}"
        if close not in value:
            end = text.find(close, i)
            if end < 0:
                messages.append(f'the "{value[0]}" after "{head}:" is never closed; '
                                "read the rest of the query as the range")
                end = n - 1
            value, i = value + text[i:end + 1], end + 1
    elif not value and i < n and _BRACKETED_CODE.match(text, i):
        # to:(b)(6): the parties a code stands for (a redacted name), as to:"(b)(6)"
        j = _code_end(text, i)
        value, quoted, i = text[i:j], True, j
    elif not value and text[i:i + 1] == "(":
        messages.append(f'"{head}:" takes one value, not a group in brackets; '
                        "searched the bracketed words as ordinary words")
    return _Tok("field", head.lower(), value=value, quoted=quoted), i


def _code_end(text: str, i: int) -> int:
    """Where an exemption code that continues with brackets at ``i`` ends: at a space, a
    quotation mark, or a ")" that closes a bracket opened before the code."""
    depth = 0
    j, n = i, len(text)
    while j < n and not text[j].isspace() and text[j] != '"':
        if text[j] == "(":
            depth += 1
        elif text[j] == ")":
            if depth == 0:
                break
            depth -= 1
        j += 1
    return j


_ENDS_OPERAND = ("word", "phrase", "field", "rparen")
_STARTS_OPERAND = ("word", "phrase", "field", "lparen", "not")


def _lowercase_operators(tokens: list[_Tok], messages: list[str]) -> list[_Tok]:
    """Read "or", "and" between two terms and "not" after one as operators, as Lexis does and
    Westlaw users type them; the message says so, and quotes search the word itself."""
    out: list[_Tok] = []
    read: list[str] = []
    for index, tok in enumerate(tokens):
        lower = tok.text.lower()
        if tok.kind == "word" and lower in ("or", "and", "not") and tok.text != tok.text.upper():
            before = out[-1].kind if out else ""
            after = tokens[index + 1].kind if index + 1 < len(tokens) else ""
            if lower == "not":
                operator = before in _ENDS_OPERAND + ("and",) and after in _STARTS_OPERAND[:-1]
            else:
                operator = before in _ENDS_OPERAND and after in _STARTS_OPERAND
            if operator:
                out.append(_Tok(lower))
                read.append(f'"{tok.text}"')
                continue
        out.append(tok)
    if read:
        words = ", ".join(dict.fromkeys(read))
        messages.append(f"read {words} as {'operators' if len(set(read)) > 1 else 'an operator'} "
                        "(AND, OR, NOT); to search for such a word, put it in quotes")
    return out


def _short(text: str, size: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[:size] + "…"


# -- parsing ----------------------------------------------------------------------------------

@dataclass
class _Parser:
    tokens: list[_Tok]
    messages: list[str]
    terms: list[str] = field(default_factory=list)
    pos: int = 0
    clauses: int = 0
    work_clauses: int = 0
    depth: int = 0
    stamps: int = 0  # the stamps the query's Bates ranges have named so far
    stamps_refused: bool = False  # a range past ``MAX_BATES_SPAN`` of them was ignored

    def peek(self) -> _Tok | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> _Tok:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def parse(self) -> Node | None:
        node = self.and_expr()
        while self.peek() is not None:  # only a stray ")" stops and_expr early
            self.take()
            self.messages.append('ignored a ")" that closes no "("')
            more = self.and_expr()
            if more is not None:
                node = more if node is None else _and([node, more])
        return node

    def and_expr(self) -> Node | None:
        parts: list[Node] = []
        while True:
            tok = self.peek()
            if tok is None or tok.kind == "rparen":
                break
            if tok.kind == "and":
                self.take()
                if not parts:
                    self.messages.append('ignored "AND" with nothing before it')
                continue
            node = self.near_expr()
            if node is not None:
                parts.append(node)
        return _and(parts) if parts else None

    def near_expr(self) -> Node | None:
        left = self.or_expr()
        while (tok := self.peek()) is not None and tok.kind == "near":
            self.take()
            right = self.or_expr()
            if left is None or right is None:
                self.messages.append(f'"{tok.text}" needs words on both sides; ignored it')
                left = left if left is not None else right
                continue
            if not (_near_operand(left) and _near_operand(right)):
                self.messages.append(
                    f'"{tok.text}" works between words, phrases, wildcards or OR-groups of them; '
                    "searched for both sides anywhere in the email instead")
                left = _and([left, right])
                continue
            if tok.distance > MAX_NEAR:
                self.messages.append(f'"{tok.text}" is farther than any two words of an email can be apart '
                                     f"(more than {MAX_NEAR:,}); searched for both sides anywhere in the email")
                left = _and([left, right])
                continue
            if tok.approx:
                self.messages.append(
                    f'"{tok.text}" (same {tok.approx}) is approximated as within {tok.distance} words')
            left = Near(left, right, tok.distance, tok.ordered)
        return left

    def or_expr(self) -> Node | None:
        first = self.unary()
        children = [first] if first is not None else []
        while (tok := self.peek()) is not None and tok.kind == "or":
            self.take()
            nxt = self.unary()
            if nxt is None:
                self.messages.append('ignored "OR" with nothing after it')
                break
            children.append(nxt)
        if first is None and len(children) > 0:
            self.messages.append('ignored "OR" with nothing before it')
        if not children:
            return None
        return children[0] if len(children) == 1 else Or(tuple(children))

    def unary(self) -> Node | None:
        # NOTs in a row cancel in pairs, read in a loop: 2,000 characters hold 500 of them, and a
        # tree nested that deep cannot even be hashed (RecursionError)
        nots = 0
        while (tok := self.peek()) is not None and tok.kind == "not":
            self.take()
            nots += 1
        child = self.primary() if tok is not None and tok.kind != "or" else None
        if nots and child is None:
            self.messages.append('ignored "NOT" with nothing after it')
            return None
        if nots > 1:
            self.messages.append(f"read {nots} NOTs in a row as {'one NOT' if nots % 2 else 'none'}: "
                                 "each pair cancels")
        return Not(child) if nots % 2 and child is not None else child

    def primary(self) -> Node | None:
        tok = self.take()
        if tok.kind == "lparen":
            if self.depth >= MAX_DEPTH:
                self.messages.append(f"brackets nested more than {MAX_DEPTH} deep were read as one group")
                return None
            self.depth += 1
            inner = self.and_expr()
            self.depth -= 1
            if self.peek() is not None and self.peek().kind == "rparen":  # type: ignore[union-attr]
                self.take()
            else:
                self.messages.append('a "(" is never closed; closed it at the end of the query')
            return inner
        if tok.kind == "rparen":  # only reachable through near/or operands
            self.messages.append('ignored a ")" that closes no "("')
            return None
        if tok.kind in ("and", "near"):
            self.messages.append(f'ignored "{tok.text or tok.kind.upper()}" with nothing before it')
            return None
        if not self._budget():
            return None
        if tok.kind == "phrase":
            return self.phrase(tok.text, "body", tok.slop)
        if tok.kind == "field":
            return self.fielded(tok)
        return self.word(tok.text, "body")

    def _budget(self) -> bool:
        self.clauses += 1
        if self.clauses == MAX_CLAUSES + 1:
            self.messages.append(f"the query is very long; searched for its first {MAX_CLAUSES} words only")
        return self.clauses <= MAX_CLAUSES

    def phrase(self, text: str, field_name: str, slop: int) -> Node | None:
        words = tuple(_words(text))
        if not words:
            if text.strip():
                self.messages.append(f'ignored "{_short(text)}": it has no letters or digits')
            return None
        self.terms.extend(words)
        if len(words) == 1:
            return Word(words[0], field_name, exact=True)
        if slop > MAX_NEAR:
            self.messages.append(f'"{_short(text)}"~N: N is farther than any two words of an email can be apart '
                                 f"(more than {MAX_NEAR:,}); searched for its words anywhere in the email")
            return _and([Word(w, field_name, exact=True) for w in words])
        if field_name in _PARTY_FIELDS and slop == 0 and _a_name(text, words):
            # a name as a citation prints it ("Cheryl D Mills") is found as Outlook prints it,
            # surname first ("Mills, Cheryl D"), and the other way round
            turned = (*words[1:], words[0]) if "," in text else (words[-1], *words[:-1])
            return Or((Phrase(words, field_name), Phrase(turned, field_name)))
        return Phrase(words, field_name, slop)

    def word(self, raw: str, field_name: str) -> Node | None:
        negate = raw.startswith("-") and len(raw) > 1
        raw = raw[1:] if negate or (raw.startswith("+") and len(raw) > 1) else raw
        node = self._word(raw, field_name)
        if node is None:
            return None
        return Not(node) if negate else node

    def _word(self, raw: str, field_name: str) -> Node | None:
        fuzzy = re.fullmatch(r"(.+?)~([-+]?\d*(?:[.,]\d*)?)", raw)
        if fuzzy and _HAS_WORD.search(fuzzy.group(1)):
            words = _words(fuzzy.group(1))
            if len(words) != 1:
                self.messages.append(f'"{_short(raw)}": fuzzy matching works on one word; searched the words exactly')
                return self.phrase(fuzzy.group(1), field_name, 0)
            digits = fuzzy.group(2)
            if not digits.isdigit() and digits:  # ("~-1", "~1.5": a sign or a fraction, no count of differences)
                digits = re.split(r"[.,]", digits.lstrip("+-"))[0] or "1"
                self.messages.append(f'"{_short(raw)}": fuzzy matching counts whole differences (~1 or ~2); used ~{digits}')
            typed = (int(digits) if len(digits) <= 3 else MAX_FUZZY + 1) if digits else (1 if len(words[0]) <= 5 else 2)
            distance = min(max(typed, 1), MAX_FUZZY)
            if typed > MAX_FUZZY:
                self.messages.append(f'"{_short(raw)}": fuzzy matching allows at most {MAX_FUZZY} '
                                     f"differences; used {MAX_FUZZY}")
            self.terms.append(words[0])
            return Fuzzy(words[0], distance, field_name)
        if "*" in raw or "?" in raw:
            return self.wildcard(raw, field_name)
        words = _words(raw)
        if not words:
            self.messages.append(f'ignored "{_short(raw)}": it has no letters or digits')
            return None
        self.terms.extend(words)
        node: Node = Word(words[0], field_name) if len(words) == 1 else Phrase(tuple(words), field_name)
        # (jane@example.com, DEA-MSFT: the pieces in order)
        if field_name == "body" and (bates := self.bare_bates(raw)) is not None:
            return Or((node, bates))
        return node

    def bare_bates(self, raw: str) -> Node | None:
        """A Bates number typed bare, or a citation's pinpoint pasted ("DEA-MSFT-000043–45",
        "HBR-000024-S–HBR-000025-S"): the pages stamped so, whose stamps are furniture, not text."""
        span = _bates_span(raw) if _HAS_LETTER.match(raw) else None  # (a bare "2019–2020" is years)
        if span is not None:  # (as bates: reads it: a range where it reads as one)
            self.messages.append(f'also searched "{_short(raw)}" as a range of Bates numbers (bates:{_short(raw)})')
            return self.bates_span(raw, *span)
        if _BATES_LIKE.fullmatch(raw):
            self.messages.append(f'also searched "{_short(raw)}" as a Bates number (bates:{_short(raw)})')
            return Keyword("bates", raw.lower())
        return None

    def wildcard(self, raw: str, field_name: str) -> Node | None:
        """``recogni*``; ``*@microsoft.com`` and ``face-recog*`` are several indexed words
        (the index splits at every non-word character): each piece is matched on its own."""
        pieces = [p for p in _WILD_PIECES.findall(raw.lower()) if p.strip("*?")]
        if not pieces:
            if field_name != "body":
                self.messages.append(f'"{_short(raw)}" matches anything; ignored it')
                return None
            return MatchAll()
        nodes: list[Node] = []
        for piece in pieces:
            if "*" in piece or "?" in piece:
                nodes.append(Wildcard(piece, field_name))
            else:
                self.terms.append(piece)
                nodes.append(Word(piece, field_name, exact=True))
        if len(pieces) == 1:
            if pieces[0] != raw.lower():
                self.messages.append(f'"{_short(raw)}": read as the wildcard "{pieces[0]}"')
            return nodes[0]
        if all(isinstance(node, Word) for node in nodes):
            self.messages.append(f'"{_short(raw)}": searched for "{" ".join(pieces)}" together '
                                 "(a wildcard at the start or end of an address adds nothing)")
            return Phrase(tuple(pieces), field_name)
        self.messages.append(f'"{_short(raw)}": searched for {", ".join(pieces)} anywhere in the '
                             f"{'text' if field_name == 'body' else field_name}, not necessarily together")
        return _and(nodes)

    def fielded(self, tok: _Tok) -> Node | None:
        name, value = tok.text, tok.value
        if not value.strip():
            self.messages.append(f'"{name}:" has no value after it; ignored it')
            return None
        if name in TEXT_FIELDS:
            target = TEXT_FIELDS[name]
            if name == "bcc":
                self.messages.append('"bcc:" searched Cc and Bcc recipients together (the archive keeps '
                                     "them as one list)")
            if target in _PARTY_FIELDS and value.strip().strip("[]").lower() in _WITHHELD_WORDS:
                # the site shows a withheld name as "[redacted (b)(6)]": the code is what is indexed,
                # and "redacted" where no code is printed (archive.model.UNCODED)
                self.messages.append(f'a name withheld is found by the code it was withheld under, as in '
                                     f'"[redacted (b)(6)]": {name}:(b)(6), {name}:(b)(7)(C); {name}:redacted '
                                     f'finds a name withheld with no code printed; searched '
                                     f'"{_short(value.strip())}" as a word printed in the field')
            child = (self.phrase(value, target, 0) if tok.quoted or " " in value.strip()
                     else self.word(value, target))
            return _in_field(target, child) if child is not None else None
        if name in DATE_FIELDS:
            return self.dates(name, value)
        if name in WORK_FIELDS:  # note:privileged, note:"call counsel", note:*, tag:hot, tag:matter-1/hot
            self.work_clauses += 1
            text = " ".join(value.split()).lower()
            return Keyword(name, text.rstrip("*").strip(), prefix=text.endswith("*"))
        target = KEYWORD_FIELDS[name]
        text = value.strip()
        if target == "exemption":
            return self.exemption(text)
        prefix = text.endswith("*")
        text = text.rstrip("*").strip()
        if not text:
            self.messages.append(f'"{name}:" needs a value; ignored it')
            return None
        if target == "bates" and not prefix and (span := _bates_span(text)) is not None:
            return self.bates_span(text, *span)
        if target == "bates" and (text[:1], text[-1:]) in (("[", "]"), ("{", "}")) and " to " not in text.casefold() \
                and not _WIDE_DASHES.search(text):
            text = text[1:-1].strip()  # (one stamp in a range's brackets: that stamp)
        elif target == "bates" and (text[:1] in "[{" or _WIDE_DASHES.search(text) or " to " in text.casefold()):
            # (dropped, the search would widen: to the whole archive where it was the query's one clause)
            self.messages.append(f'"bates:{_short(text)}" is no Bates range we can read: type both ends with their prefix, '
                                 "as in [DEA-MSFT-000043 to DEA-MSFT-000045] (no * for an open end); it matches nothing")
            return NOTHING
        if target == "bates":  # its spaces as typed: they may stand for the stamps' hyphens (search.py)
            text = re.sub(r"\s+", " ", text)
        return Keyword(target, text.lower() if target != "document" else text, prefix=prefix)

    def exemption(self, text: str) -> Node | None:
        """``exemption:`` with a code in any printed form; b7 and a Texas section cover their parts."""
        code = canonical_exemption(text.rstrip("*"))
        if code is None and _BARE_EXEMPTION.fullmatch(text.rstrip("*")):  # "exemption:6": Exemption 6
            code = canonical_exemption("b" + text.rstrip("*"))
        if code is None:
            self.messages.append(f'"exemption:{_short(text)}" is not an exemption code we know '
                                 '(try b6, (b)(7)(C) or "Exemption 5"); ignored it')
            return None
        # b7 covers every sub-paragraph (b)(7)(A)-(F); a Texas section its subsections ("552.117"
        # covers "552.117(a)(1)", not the section "552.1175")
        if _TEXAS_SECTION.fullmatch(code) and not text.endswith("*"):
            return Or((Keyword("exemption", code), Keyword("exemption", code + "(", prefix=True)))
        return Keyword("exemption", code.lower(), prefix=text.endswith("*") or code == "(b)(7)")

    def bates_span(self, typed: str, prefix: str, first: int, last: int, width: int, suffix: str) -> Node | None:
        """``bates:DEA-MSFT-000043–45`` (a citation's range), ``bates:[DEA-MSFT-000043 to
        DEA-MSFT-000045]``: every stamp of the range, the end's digits filled from the start's;
        ``MAX_BATES_SPAN`` stamps in all the query's ranges at most (each is looked up)."""
        if last < first:
            self.messages.append(f'"bates:{_short(typed)}" runs backwards; searched it from its lower end')
            first, last = last, first
        room = MAX_BATES_SPAN - self.stamps
        if room <= 0:
            if not self.stamps_refused:
                self.messages.append(f'the Bates ranges before "bates:{_short(typed)}" name {MAX_BATES_SPAN:,} stamps, '
                                     "as many as one search looks up; it and every range after it match nothing")
                self.stamps_refused = True
            return NOTHING
        if last - first >= room:
            self.messages.append(f'"bates:{_short(typed)}" spans more than {room:,} stamps'
                                 f"{' with the ranges before it' if self.stamps else ''}; searched its first {room:,}")
            last = first + room - 1
        self.stamps += last - first + 1
        stamps = [f"{prefix}{number:0{width}d}{suffix}" for number in range(first, last + 1)]
        self.messages.append(f'read "bates:{_short(typed)}" as the {len(stamps):,} stamps {stamps[0]} to {stamps[-1]}'
                             if len(stamps) > 1 else f'read "bates:{_short(typed)}" as the one stamp {stamps[0]}')
        return Or(tuple(Keyword("bates", stamp.lower()) for stamp in stamps))

    def dates(self, name: str, value: str) -> Node | None:
        value = value.strip()
        hint = "use 2018, 2018-11, 2018-11-13 or a range like [2017-09 to 2018-12]"
        if name == "date" and value[:1] in "[{":
            inner = value[1:].rstrip("]}").strip()
            parts = re.split(r"\s+to\s+|\s*\.\.\s*|\s+TO\s+", inner, maxsplit=1)
            if len(parts) != 2:
                self.messages.append(f'could not read the date range "{_short(value)}"; {hint}')
                return None
            ends: list[str] = []
            for part in parts:
                part = part.strip()
                if part in ("", "*"):
                    ends.append("")
                    continue
                prefix, why = _date_prefix(part)
                if prefix is None:
                    self.messages.append(_bad_date(part, why, f'searched without "{name}:{_short(value)}"; {hint}'))
                    return None
                if said := typed_order(part):
                    self.messages.append(said)
                ends.append(prefix)
            low, high = ends
            if low and high and low > high:
                self.messages.append(f"the date range {low} to {high} runs backwards; swapped the ends")
                low, high = high, low
            return DateRange(low, after_period(high) if high else "")
        if name == "date" and ".." in value:
            return self.dates(name, "[" + value + "]")
        prefix, why = _date_prefix(value)
        if prefix is None:
            self.messages.append(_bad_date(value, why, f'searched without "{name}:{_short(value)}"; {hint}'))
            return None
        if said := typed_order(value):
            self.messages.append(said)
        if name == "date":
            return DateRange(prefix, after_period(prefix))
        if name == "before":
            return DateRange("", prefix)
        return DateRange(after_period(prefix), "")


def _bad_date(text: str, why: str, remedy: str) -> str:
    if why:
        return f'there is no date "{_short(text)}" ({why}); {remedy}'
    return f'could not read the date "{_short(text)}"; {remedy}'


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _and(parts: list[Node]) -> Node:
    flat: list[Node] = []
    for part in parts:
        flat.extend(part.children if isinstance(part, And) else (part,))
    return flat[0] if len(flat) == 1 else And(tuple(flat))


def _in_field(target: str, node: Node) -> Node:
    """``Fielded`` around each word, phrase or wildcard (never around AND or NOT)."""
    if isinstance(node, And):
        return And(tuple(_in_field(target, child) for child in node.children))
    if isinstance(node, Not):
        return Not(_in_field(target, node.child))
    return Fielded(target, node)


def _near_operand(node: Node) -> bool:
    if isinstance(node, Word | Phrase | Wildcard | Fuzzy):
        return node.field == "body"
    if isinstance(node, Or):
        return all(_near_operand(c) for c in node.children)
    return isinstance(node, Near)


def parse_query(text: str) -> ParsedQuery:
    """Parse what a person typed; never raises. Unusable pieces become ``messages``."""
    messages: list[str] = []
    if not isinstance(text, str):
        text = str(text)
    if len(text) > MAX_QUERY_CHARS:
        messages.append(f"the query is {len(text):,} characters long; searched its first "
                        f"{MAX_QUERY_CHARS:,} only")
        text = text[:MAX_QUERY_CHARS]
    if INVISIBLE.search(text):
        text = remove_invisible(text, " ")
        messages.append("ignored control characters and other invisible characters in the query")
    text = fold_accents(text.translate(_QUOTES))  # the words the index holds (archive.accents)
    parser = _Parser(_lex(text, messages), messages)
    try:
        node = parser.parse()
    except RecursionError:  # pragma: no cover - depth is bounded above; belt and braces
        messages.append("the query is nested too deeply to read; searched its words instead")
        node = _and([Word(w) for w in _words(text)[:MAX_CLAUSES]]) if _words(text) else None
    if parser.work_clauses > MAX_WORK_CLAUSES:
        # dropping some would widen the search where one was negated ("-tag:privileged"): nothing
        messages.append(f'a search takes at most {MAX_WORK_CLAUSES} "note:" and "tag:" clauses and this one has '
                        f"{parser.work_clauses}: nothing was searched; split it into several searches")
        node = Keyword("tag", NO_TAG)
    if node is None:
        node = MatchAll()
    elif isinstance(node, Not) or (isinstance(node, And) and all(isinstance(c, Not) for c in node.children)):
        pass  # "everything except …" is a legitimate question
    seen: dict[str, None] = {}
    for term in parser.terms:
        seen.setdefault(term, None)
    return ParsedQuery(node, tuple(dict.fromkeys(messages)), tuple(seen))
