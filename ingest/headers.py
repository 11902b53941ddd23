"""Header values of printed email -> parties, ISO dates, normalized subjects, attachments.

All functions are pure and total: untrusted (often OCR-damaged) text in, frozen
dataclasses out, never an exception. Conventions follow docs/truth-format.md.
"""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from difflib import SequenceMatcher
from enum import StrEnum
from typing import TYPE_CHECKING, Final, Literal

from archive.accents import fold_accents
from archive.dates import MONTH_NUMBERS, ZONE_OFFSETS
from archive.edits import edits
from archive.model import UNCODED, Party
from ingest.marks import STATE_CODE, TEXAS_CODE, find_exemptions, margin_code_word, without_statute

if TYPE_CHECKING:
    from publicsuffixlist import PublicSuffixList

__all__ = [
    "NAME_PARTICLES",
    "MEMO_LABEL",
    "NOT_KEPT",
    "SENTINELS",
    "Sentinel",
    "ENVELOPE",
    "date_not_after",
    "date_not_before",
    "lost_its_year",
    "weekday_disagrees",
    "weekday_readings",
    "misread_year_readings",
    "month_readings",
    "misread_hour_readings",
    "prints_24_hour_clock_with_half",
    "weekday_likeness",
    "meridiem_readings",
    "clock_halves",
    "mailer_shape",
    "SentDate",
    "canonical_label",
    "label_abroad",
    "marked_label",
    "parse_parties",
    "name_as_its_address_spells",
    "damaged_address",
    "printed_addresses",
    "whole_addresses",
    "parse_date",
    "numeric_order",
    "numeric_shape",
    "Order",
    "normalize_subject",
    "parse_attachments",
    "read_subject",
    "REDACTION_WORD",
    "Correspondents",
    "settle_subjects",
    "subject_words",
    "split_subject",
]

Certainty = Literal["exact", "ambiguous", "damaged", "missing"]
Order = Literal["mdy", "dmy"]  # how a mailer prints a date in numbers: month first or day first

_MAX_VALUE = 4000  # longer header values are cut: no printed header is that long

# --- Field labels ---------------------------------------------------------------------------

class Sentinel(StrEnum):
    """What a printed label means when it names no field an email keeps."""

    NOT_KEPT = "-"  # printed in a header block, its value not kept ("Sensitivity:")
    MEMO = "!"  # printed only by memos and FBI electronic communications ("Title:")
    # The message's envelope, printed after its body by Exchange "details" prints
    # (eDiscovery exports): "Recipient:", "Delivered Date:". A block of them is no email.
    ENVELOPE = "="


NOT_KEPT: Final = Sentinel.NOT_KEPT
MEMO_LABEL: Final = Sentinel.MEMO
ENVELOPE: Final = Sentinel.ENVELOPE
SENTINELS: Final = frozenset(Sentinel)

_LABELS: dict[str, str] = {
    "from": "from",
    "sender": "from",
    "sent": "sent",
    "date": "sent",
    "sentdate": "sent",
    "to": "to",
    "cc": "cc",
    "bcc": "bcc",
    "subject": "subject",
    "subj": "subject",
    "attachments": "attachments",
    "attachment": "attachments",
    "attach": "attachments",
    "importance": "importance",
    "priority": "importance",
    "location": "location",
    "where": "location",
    "start": "start",
    "starttime": "start",
    "when": "start",
    "end": "end",
    "endtime": "end",
    "organizer": "organizer",
    "requiredattendees": "required",
    "required": "required",
    "optionalattendees": "optional",
    "optional": "optional",
    # Printed by Outlook but not kept as fields; they still belong to the header block.
    "showtimeas": NOT_KEPT,
    "recurrence": NOT_KEPT,
    "recurrencepattern": NOT_KEPT,
    "sensitivity": NOT_KEPT,
    "categories": NOT_KEPT,
    "followupflag": NOT_KEPT,
    "flagstatus": NOT_KEPT,
    "replyto": NOT_KEPT,  # "Reply-To:" (BlackBerry and Apple prints), and raw headers printed whole:
    "returnpath": NOT_KEPT, "messageid": NOT_KEPT, "inreplyto": NOT_KEPT, "xmailer": NOT_KEPT,
    "mimeversion": NOT_KEPT, "contenttype": NOT_KEPT, "threadtopic": NOT_KEPT, "threadindex": NOT_KEPT,
    "type": NOT_KEPT,
    "sentvia": NOT_KEPT,
    "onbehalfof": NOT_KEPT,
    "conversation": NOT_KEPT,
    "meetingstatus": NOT_KEPT,
    "mailbox": NOT_KEPT,
    "recipient": ENVELOPE,
    "delivereddate": ENVELOPE,
    "deliverydate": ENVELOPE,
    "receiveddate": ENVELOPE,
    # Memos and FBI electronic communications: their presence makes a block not-email.
    "title": MEMO_LABEL,
    "approvedby": MEMO_LABEL,
    "draftedby": MEMO_LABEL,
    "caseid": MEMO_LABEL,
    "caseid#": MEMO_LABEL,
    "precedence": MEMO_LABEL,
    "synopsis": MEMO_LABEL,
    "thru": MEMO_LABEL,
    "through": MEMO_LABEL,
    "reference": MEMO_LABEL,
    "enclosures": MEMO_LABEL,
    "enclosure(s)": MEMO_LABEL,
    "details": MEMO_LABEL,
    "administrative": MEMO_LABEL,
    "attn": MEMO_LABEL,
    "memofor": MEMO_LABEL,
    "memorandumfor": MEMO_LABEL,
}
# Short labels that OCR commonly mangles beyond one edit; exact lookups only.
_OCR_ALIASES: dict[str, str] = {
    "ce": "cc",
    "co": "cc",
    "ge": "cc",
    "gc": "cc",
    "cec": "cc",
    "coe": "cc",
    "c": "cc",
    "bec": "bcc",  # ("bcc:" with its c's read as e's, as in Notes prints)
    "t0": "to",
    "te": "to",
    "fram": "from",
    "fron": "from",
    "fom": "from",
    "frorn": "from",
    "frorrl": "from",
    "frown": "from",  # (the m's strokes read "wn": a fax)
    "subjcct": "subject",
    "subiect": "subject",
    "subjeet": "subject",
    "sant": "sent",
    "prom": "from",
}
# Layout family: mail clients set up in another language (messages agencies receive from
# abroad and forward) print their labels in it: French, German, Spanish, Portuguese, Italian,
# Dutch Outlook. Words of prose too ("An", "De", "Para"), they are labels only with their colon.
_LABELS_ABROAD: dict[str, str] = {
    "de": "from", "von": "from", "da": "from", "expediteur": "from", "remitente": "from",
    "envoye": "sent", "envoyele": "sent", "gesendet": "sent", "datum": "sent", "enviado": "sent",
    "enviadoel": "sent", "enviada": "sent", "enviadaem": "sent", "enviadoem": "sent", "fecha": "sent",
    "inviato": "sent", "inviatoil": "sent",
    "à": "to", "an": "to", "para": "to", "destinataire": "to",
    "cci": "bcc", "cco": "bcc", "ccn": "bcc",
    "objet": "subject", "betreff": "subject", "asunto": "subject", "assunto": "subject", "oggetto": "subject",
    "piecesjointes": "attachments", "anlagen": "attachments", "datosadjuntos": "attachments",
    "anexos": "attachments", "allegati": "attachments",
    "importancia": "importance", "wichtigkeit": "importance",
    "van": "from", "verzonden": "sent", "aan": "to", "onderwerp": "subject", "bijlagen": "attachments",
}
_FUZZY_TARGETS = tuple(key for key in _LABELS if len(key) >= 4)
_OCR_LETTERS = str.maketrans({"0": "o", "1": "l", "|": "l", "5": "s", "$": "s"})


def _within_one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


@functools.lru_cache(maxsize=16_384)
def canonical_label(label: str, colon: bool = True) -> str | None:
    """The canonical field name for a printed header label, tolerant of OCR noise.

    Returns a field name ("from", "sent", "to", ...), NOT_KEPT for a label that belongs to
    a header block but is not kept, MEMO_LABEL for a memo/FBI-EC label, or None if it is
    no label. ``colon``: whether a colon follows it as printed (``_label_misread``).
    """
    key = re.sub(r"[\s.'`’-]", "", label.casefold())[:30]
    if not key or len(key) > 24:
        return None
    key = key.translate(_OCR_LETTERS).replace("rn", "m").replace("vv", "w")
    if key in _LABELS:
        return _LABELS[key]
    if key in _OCR_ALIASES:
        return _OCR_ALIASES[key]
    words = label.split()
    if len(key) >= 5 and not (len(words) > 1 and len(words[-1]) <= 2 and canonical_label(" ".join(words[:-1]))):
        # One OCR edit is tolerated on long labels only: short words ("Data", "Tent") are prose;
        # a label then a word of a letter or two is the label and the start of its value
        # ("Subject H: latest intel"), not a label misread ("Subj ecl", "Requircd Attendees").
        for target in _FUZZY_TARGETS:
            if len(target) >= 5 and _label_misread(key, target, colon):
                return _LABELS[target]
    return None


def _label_misread(key: str, target: str, colon: bool) -> bool:
    """Whether OCR may have read the label ``target`` as ``key``: one letter misread, lost or
    added, or two side by side swapped; with no colon after it, not its first letter read as
    another but a thin stroke's ("Iocation": one added before it, or lost with a cropped margin,
    may be). A word another letter begins, no colon after it, is another word ("Gender Not Given"
    on a lab report is no "Sender"); a faxed "Tubject:" is the label its colon says it is."""
    first = key[0] == target[0] or frozenset((key[0], target[0])) in _STROKES_ALIKE
    return (colon or first or key[1:] == target or key == target[1:]) and (
        _within_one_edit(key, target) or _one_swap(key, target))


_STROKES_ALIKE = frozenset(frozenset(pair) for pair in ("il", "ij", "lj"))


def _one_swap(a: str, b: str) -> bool:
    """Whether ``a`` is ``b`` with two letters side by side read in each other's place (OCR of a
    long label: "Subjcet")."""
    if len(a) != len(b) or a == b:
        return False
    at = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return len(at) == 2 and at[1] == at[0] + 1 and a[at[0]] == b[at[1]] and a[at[1]] == b[at[0]]


# OCR failure, any scanned print: a letter or two of a long label read as marks ("Subj=ct:",
# "Subj=:t:", "Subj:ct:", "Subj:-ct:", "Attach*ents:"). A word of letters and at most two such
# marks is the label whose letters, one or two fewer, it spells in order, where exactly one is.
_MARKED_LABEL = re.compile(r"([A-Z][a-z]{2,}[=*~^:!%-]{1,2}[a-z]{1,4})\s?[:;]\s{0,40}(.*)")


# ... and a short label one letter of which OCR read as a mark ("D:te:", "Fr:m:", "S.nt:"): the one
# label of its length with its other letters in their places.
_ONE_MARK_LABEL = re.compile(r"([A-Z][a-z]{0,5}[:;.,!'*][a-z]{1,5})\s?[:;]\s{0,40}(.*)")


def marked_label(text: str) -> tuple[str, str] | None:
    """(field, value) of a line whose label ``_MARKED_LABEL`` or ``_ONE_MARK_LABEL`` reads, or None."""
    match = _MARKED_LABEL.fullmatch(text)
    if match is None and (one := _ONE_MARK_LABEL.fullmatch(text)) is not None:
        word = one.group(1).casefold()
        fields = {_LABELS[target] for target in _FUZZY_TARGETS if len(target) == len(word) and sum(
            a != b for a, b in zip(word, target, strict=True)) == 1 and not any(
            a != b and a.isalpha() for a, b in zip(word, target, strict=True))}
        return (fields.pop(), one.group(2).strip()) if len(fields) == 1 else None
    if match is None:
        return None
    letters = "".join(c for c in match.group(1).casefold() if c.isalpha())
    fields = {_LABELS[target] for target in _FUZZY_TARGETS if len(target) >= 5 and target[:3] == letters[:3]
              and 0 < len(target) - len(letters) <= 2 and _in_order(letters, target)}
    return (fields.pop(), match.group(2).strip()) if len(fields) == 1 else None


def _in_order(letters: str, word: str) -> bool:
    """Whether ``letters`` are letters of ``word`` in its order (the marks stood for the rest)."""
    rest = iter(word)
    return all(letter in rest for letter in letters)


def _without_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@functools.lru_cache(maxsize=4_096)
def label_abroad(label: str) -> str | None:
    """The canonical field name for a label printed in another language ("Envoyé", "Betreff",
    "Enviado el"), or None. Only a label printed with its colon is one."""
    key = re.sub(r"[\s.'`’]", "", label.casefold())[:30]
    return _LABELS_ABROAD.get(key) or _LABELS_ABROAD.get(_without_accents(key)) if len(key) > 1 \
        else _LABELS_ABROAD.get(key)


# --- Parties ----------------------------------------------------------------------------------

# (a mailbox may hold a slash, GroupWise's and Exchange's "BOX-IPP/PublicAffairs@x.gov", printed
# bare; one right before the "@" is OCR's speck: "roej/@x.gov")
_ADDRESS = re.compile(r"(?:[A-Za-z0-9._%+'()\-]{1,64}/)?[A-Za-z0-9._%+'()\-]{1,64}@[A-Za-z0-9.\-()]{1,255}\.[A-Za-z]{2,24}")
_ADDRESS_NO_SLASH = re.compile(r"[A-Za-z0-9._%+'()\-]{1,64}@[A-Za-z0-9.\-()]{1,255}\.[A-Za-z]{2,24}")
# a word around an "@" whose domain OCR damaged ("russorv@stategov", "roe@state_gov")
_AT_TOKEN = re.compile(r"""(?<![^\s<\[('"`‘’])[A-Za-z0-9._%+'\-]{1,64}@[A-Za-z0-9._\-]{2,255}(?![^\s>\]),;'"`‘’])""")
_FULL_ADDRESS = re.compile(r"[a-z0-9._%+'/\-]{1,64}@[a-z0-9\-]{1,63}(?:\.[a-z0-9\-]{1,63}){0,8}\.[a-z]{2,24}")
_ANGLE = re.compile(r"<([^<>]{0,300})>?")
# "[mailto:a@b.gov]" as OCR reads it: "[rnailto:", "[mallto:", "fmailto", "jrnailto:", "imailto:", "[malt°",
# "{maillo.", "[majito-", "[maiite:", "[mailio:", its letters read apart ("[m ai Ito :");
# and its bracket read as a letter starting a word of its own, the word spelled whole after it:
# "H tmailto:", "Emailto", "trnailta" (never "Emerito", "Maria E Mata").
_MAILTO = re.compile(
    r"(?:[\[({]\s?m\s?a\s?i\s?[l1|I]\s?t\s?[o0](?=\s?[:;])|[\[({fji]\s?(?:m|rn|nr)[a-z1|]{1,4}?(?:t[o0°]|te(?=\s?[:;])|l[o0°](?=[^\])}@]{0,80}@)|t(?=[\s):;])|(?<=l)i[o0](?=\s?[:;]))|(?<![A-Za-z])(?-i:[tE])(?:m|rn)ai[l1I|]t[oa0](?![A-Za-z]))"
    r"\s?[:;.\-]?\s?([^\])}]{0,300})[\])}]?",
    re.IGNORECASE,
)
# OCR of an address: "©" or "®" read for "@"; "‹›" for "<>"; the closing bracket read as a
# letter after the top-level domain ("agency.govi", "example.comj").
# ... or "(a)", "(@)" (a producer's OCR layer under a bilevel scan: "jroe(a)agency.gov"), before a
# domain only ("(b)(6)(a)" is a code's paragraph)
_AT_MISREAD = re.compile(r"(?<=[A-Za-z0-9])(?:[©®](?=[A-Za-z0-9])|\((?:a|@)\)(?=[A-Za-z0-9][A-Za-z0-9-]{0,62}\.[A-Za-z]))")
_ANGLE_MISREAD = str.maketrans({"‹": "<", "›": ">", "«": "<", "»": ">"})
COMMON_TLDS = ("com", "gov", "org", "net", "edu", "mil", "us")
_BRACKET_AFTER_TLD = re.compile(rf"(\.(?:{'|'.join(COMMON_TLDS)}))[ijl1|]$")
_DOT_LOST = re.compile(rf"([a-z0-9\-]{{2,}})[_,]?({'|'.join(t for t in COMMON_TLDS if len(t) == 3)})")
# (its "<" OCR read as an "S", "S/O=HBR/…", or its "</" as letters, "SIO=HBR/OU=…", where its "/OU=" follows)
_EXCHANGE = re.compile(r"(?:(?:(?<![A-Za-z])S)?/\s?O\s?=|(?<![A-Za-z])[S<]?[I|l]\s?[O0]\s?=(?=[^<>;/]{1,80}/\s?OU\s?=))[^<>;]{0,400}",
                       re.IGNORECASE)
# ... and a redaction tool's "Ex. 6", "Ex. 7(C)" written on its box, and a state law's code ("7(1)(c)", "552.117")
_CODE_TEXT = re.compile(
    r"\(\s?b\s?\)\s?\(\s?\d\s?\)(?:\s?\(\s?[A-Za-z]\s?\)(?!\s?\(\s?\d))?|(?<![A-Za-z0-9])[bB][1-9][A-Fa-f]?(?![A-Za-z0-9])"
    r"|(?<![A-Za-z])Ex\.\s?[1-9](?:\s?\(\s?[A-Fa-f]\s?\))?(?![0-9])(?!\s?\(\d{1,2}\)\s?\([a-z]{1,2}\))"
    r"|(?<![A-Za-z])Ex\.\s?\d{1,2}\(\d{1,2}\)\([a-z]{1,2}\)(?![A-Za-z0-9])|" + STATE_CODE  # ("Ex. 7(1)(c)": a state law's)
    + "|" + TEXAS_CODE  # (a Texas body's section, "Sec. 552.108")
)
BLANK_BOX = "█"  # what the OCR writes for a box printing no code over a header's value (ocr.blank_boxes_marked)
# Layout family, redaction tools that write a word where they remove a value ("[REDACTED]",
# "<Redacted>", "WITHHELD", "XXXXXXXX", a run of "█"): a redaction with no code, as a black box
# with nothing printed on it. No name is "Redacted"; it is a party withheld (``UNCODED``).
REDACTION_WORD = re.compile(
    r"[\[(<]?\s?\b(?:REDACTED|Redacted|redacted|WITHHELD|Withheld)\b\s?[\])>]?|(?<![A-Za-z])X{4,}(?![A-Za-z])|█+"
)


# ... in an address, as a tool writes it: in capitals, bracketed, X's or blocks ("REDACTED@agency.gov",
# "<[Redacted]>"); a mailbox may be named "redacted" or "withheld" ("redacted@agency.gov")
_TOOL_WORD = re.compile(r"\b(?:REDACTED|WITHHELD)\b|[\[(<]\s?(?:REDACTED|Redacted|redacted|WITHHELD|Withheld)\s?[\])>]"
                        r"|(?<![A-Za-z])X{4,}(?![A-Za-z])|█+")


@functools.cache
def _suffixes() -> PublicSuffixList:
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList(accept_unknown=False)


def _well_formed(address: str) -> bool:
    """An address a mail system could have printed: its form, and a top-level domain that
    exists (OCR failure of an address's last letters: "gov" read "goy", "com" read "corn")."""
    return bool(_FULL_ADDRESS.fullmatch(address)) and _suffixes().publicsuffix(address.rpartition("@")[2]) is not None


def _split_outside(raw: str, separators: str) -> list[str]:
    """Split on separator characters that are not inside <>, [], () or quotes.

    OCR failure, any scanned print: a bracket or quote misread into a value and never closed
    ("Roe, Jane (S[)ecial; Doe, John") would hide every separator after it; one never closed
    is an ordinary character."""
    parts, unclosed = _split_scan(raw, separators, frozenset())
    return _split_scan(raw, separators, unclosed)[0] if unclosed else parts


def _split_scan(raw: str, separators: str, plain: frozenset[int]) -> tuple[list[str], frozenset[int]]:
    """(the parts, where the brackets and quote left open were opened); the openers at
    ``plain`` are read as ordinary characters."""
    parts: list[str] = []
    current: list[str] = []
    opened: list[int] = []
    quote = -1  # where the quote still open was opened
    for at, char in enumerate(raw):
        if quote >= 0:
            if char == '"':
                quote = -1
            current.append(char)
            continue
        if at in plain:
            pass
        elif char == '"':
            quote = at
        elif char in "<[(":
            opened.append(at)
        elif char in ">])" and opened:
            opened.pop()
        elif char in separators and not opened:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts, frozenset([*opened, *([quote] if quote >= 0 else [])])


def _is_code_only(text: str) -> bool:
    stripped = _CODE_TEXT.sub("", text).strip(" ,;&/'\"")
    return not stripped and bool(_CODE_TEXT.search(text))


def _clean_name(text: str) -> str:
    name = _FILL_RUN.sub("", " ".join(text.split()))
    for _ in range(3):
        name = name.strip(" ,;:'\"‘’“”`<>[]|_—–~-°©®=•&/")  # (a box's corner read "©", its edge "="; codes' "&")
        name = _TRAILING_SPECK.sub("", name)
        name = name.lstrip(".")
    name = _TAG_MISREAD.sub(r"[\1]", name)
    name = _notes_slash_restored(name)
    return _LONE_OPENING_MARK.sub("", name) if len(_NAME_QUOTES.findall(name)) == 1 else name


# OCR failure, scanned Lotus Notes prints: the slash between a hierarchical name's person and its
# first unit read as a thin letter glued to both ("Jane RoeIENG/HARBOR", "Carl MossfOPS/HQ"): a
# small letter, the stroke, then the unit's capitals up to the next slash.
_NOTES_SLASH_MISREAD = re.compile(r"(?<=[a-z])[Ilf|1](?=[A-Z]{2,}[A-Z0-9&.-]*/)")


def _notes_slash_restored(name: str) -> str:
    found = _NOTES_SLASH_MISREAD.search(name)
    if found is None or "/" in name[:found.start()]:
        return name
    return name[:found.start()] + "/" + name[found.end():]


# OCR failure, scanned prints: a redaction box with no code read as a run of rules and specks
# after the name ("Doe, John (HQ) [E] ------~=", "[E]=====~~ ~=", "[E] ;.!::::======~="): no
# part of the name.
_FILL_RUN = re.compile(r"[\s;.,!:]*(?:[-=~_—–][\s;.,!:]*){4,}$")
# Layout family, HHS and NIH prints: a display name ends with its one-letter status in square
# brackets ("Roe, Jane (NIH/NIAID) [E]", "[C]"); OCR failure: its closing bracket misread
# ("[El", "[E)", "[E1") or lost. Read as printed, so one person is one name.
_TAG_MISREAD = re.compile(r"(?<=\s)\[([A-Z])[lI1|)}]?$")
# OCR failure, scanned prints: a box over an address's mailbox, read as nothing or as its fill
# and edge glued to a letter it cut ("Doe, John [°° @x.gov>", "(HQ) [PS ETS_—J@x.gov>"): a value
# withheld, its domain no address of the party's (the letter is the box's, not the mailbox).
_BOX_EDGES = "_—–|"
_AT_DOMAIN = re.compile(r"(?:(?<=\s)|^)(\S*)@\s?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(>?)")
_BOX_CUT_LETTERS = re.compile(r"[^\s]*[_—–|]\w?")
_SPECKS_ONLY = re.compile(r"[^\w\s]{1,4}")
_MARKS_ONLY = re.compile(r"[^A-Za-z0-9]+")
_BOX_AS_CAPITALS = re.compile(r"[\[(]?[A-Z°]{1,6}[\]{}|)]?")


def _box_edge_as_mailbox(address: str, rest: str, exchange_name: str) -> tuple[str, str, str]:
    """An address whose mailbox is marks alone ("_@x.gov"), a box's edge read as it: no address,
    its text left to the party's rest (``_boxed_local_part`` then withholds it)."""
    if "@" in address and _MARKS_ONLY.fullmatch(address.partition("@")[0]):
        return "", f"{rest} {address}", exchange_name
    return address, rest, exchange_name


def _without_boxes_cut(rest: str, address: str) -> tuple[str, bool]:
    """A party's text without a box's code cut short (``_CUT_CODE``) or what a box over its
    mailbox left (``_boxed_local_part``, where no address was read), and whether it had one."""
    code_cut = _CUT_CODE.search(rest)
    rest, cut = (rest[:code_cut.start()], True) if code_cut else (rest, False)
    if not address and (boxed := _boxed_local_part(rest)) is not None:
        rest, cut = rest[:boxed[0]] + " " + rest[boxed[1]:], True
    return rest, cut


# ... or a box over the opening bracket and the mailbox, its edge read as a bracket and its fill
# as a few capitals glued to the "@" ("[RG@x.gov>", "{IE@x.gov>"): no mailbox, its "<" never printed.
_BRACKET_CAPITALS = re.compile(r"[\[{(][A-Z0-9]{1,5}@")


def _boxed_capitals(text: str, start: int, end: int) -> bool:
    """Whether the address at ``text[start:end]`` is a box's edge and fill glued to a domain (see
    ``_BRACKET_CAPITALS``): a bracket before it, a ">" after it, no "<" before."""
    return bool(start) and _BRACKET_CAPITALS.match(text, start - 1) is not None \
        and text[end:].lstrip().startswith(">") and "<" not in text[:start]


def _boxed_local_part(text: str) -> tuple[int, int] | None:
    """Where in ``text`` the "@domain" of an address whose mailbox a box covers stands, with
    what the box left before it: its edge and the letter it cut ("ETS_—J@x.gov"), specks
    ("[°° @x.gov"), or, where the box took the opening bracket too, its fill read as capitals
    ("Roe, Jane GME @ x.gov>", "OOOO @ x.gov>"). None where the word before a spaced "@" is a
    mailbox OCR damaged ("roe] @x.gov", "roejj/@x.gov")."""
    for found in _AT_DOMAIN.finditer(text):
        glued, before = found.group(1), text[:found.start()].split()
        if _BOX_CUT_LETTERS.fullmatch(glued) or not glued and (not before or _SPECKS_ONLY.fullmatch(before[-1])) \
                or _boxed_capitals(text, found.start(1) + 1, found.end() - len(found.group(2))):
            return found.start(), found.end()
        if not glued and before and found.group(2) and "<" not in text[:found.start()] \
                and _BOX_AS_CAPITALS.fullmatch(before[-1]):
            return text.rindex(before[-1], 0, found.start()), found.end()
    return None


# OCR failure, scanned prints: a box's code cut after its first half ("Roe, Jane [E] (b)( >"):
# a value withheld, its code unread.
_CUT_CODE = re.compile(r"\s\(\s?b\s?\)\s?\((?!\s?\d)[^()\w]{0,3}$")


# OCR failure: a speck before a word of a name read as an opening quote ("Okafor, ‘Dana",
# "Roe, ‘Jane A"): a mark opening a word that nothing in the name closes is no part of it
# (a nickname quoted whole, "'Bud' Roe", has two; "O'Brien" opens no word).
_NAME_QUOTES = re.compile(r"[‘’“”'\"`]")
_LONE_OPENING_MARK = re.compile(r"(?<=\s)[‘“'\"`](?=[A-Za-z])")


# OCR specks after a name: "Raman.", "Okafor .", "Marcus ae", "OPSEC .4" (a period after a
# word of three or more letters is not an initial's; two lower-case letters are not a name
# part; nor is a digit behind a punctuation mark).
_TRAILING_SPECK = re.compile(r"(?<=[A-Za-z]{3})\s?\.$|\s\.+$|(?<=\w{3})\s[a-z]{1,2}$|\s[.,;:'`]\d$")


_ORG_AFTER_ADDRESS = re.compile(r"\s*\([A-Za-z][\w .&/-]{0,30}\)\s*")


def _kept_after_address(before: str, after: str) -> str:
    """What of the text after a bracketed address belongs to the party.

    Mail clients print a name, then its address in brackets, and nothing after it but
    an office in parentheses ("Doe, John <jd@x.gov> (DEA)"). OCR failure, any scanned
    print: the rule drawn under a header line, or a speck beside it, is read into the
    line after the address ("[mailto:jd@x.gov] — BO"); with a name before the address,
    that is no part of the name."""
    if not any(c.isalpha() for c in before) or _ORG_AFTER_ADDRESS.fullmatch(after) or ";" in after:
        return after
    return ""


# Layout family: Outlook 97-2003 reply headers and Exchange prints name the address's scheme
# ("Roe, Jane [SMTP:jroe@x.gov]", "<SMTP:jroe@x.gov>"), HTML mail quoted as text its link's
# ("<mailto:jroe@x.gov>"); OCR failure: "[mailto:" misread past
# the reader ("[mailbo:", "[meta" before a box): an unclosed bracket and a lower-case scrap
# after the name are no part of it; nor is the tail of "mailto:" whose head a dark copy's
# bracket and box swallowed ("Doe, John H. ilto:", "ito: h"): a name prints no colon.
_SCHEME = re.compile(r"(?<=[\[<(])\s?SMTP\s?:\s?|(?<=<)\s?mailto\s?:\s?", re.IGNORECASE)  # "<mailto:jroe@x.gov>" too
_MAILTO_SCRAP = re.compile(
    r"\s(?:[\[({]\s?[a-z]{1,8}(?:\s?[:;.]\s*[\])}]?)?|[mail1|]{1,4}t[o0]\s?:(?:\s\S{1,2})?)\s*$")


# Layout family: Outlook prints an address-book entry's address in square brackets after its
# name ("Roe, Jane A. (USAO) [Jane.A.Roe@x.gov]"); OCR failure: a space read inside it
# ("[Jane.A. Roe@x.gov]"), the bracket's whole content the address all the same.
_SQUARE = re.compile(r"\[\s?([^\[\]\s@():]{1,64}(?:(?<=\.)\s[^\[\]\s@():]{1,64}){0,2}@[^\[\]\s()]{1,255})\s?\]")


def _take_address(piece: str) -> tuple[str, str, str]:
    """(address as printed, the text without it, an Exchange CN name) of one party's text.

    The address is the first of: a [mailto:] target, an <angle> address, a bare address.
    """
    address = ""
    rest = _SCHEME.sub("", _AT_MISREAD.sub("@", piece.translate(_ANGLE_MISREAD)))
    mailto = _MAILTO.search(rest)
    if mailto:
        address = mailto.group(1).strip()
        if not _FULL_ADDRESS.fullmatch(re.sub(r"\s+", "", address).lower()):
            address = (address.split() or [""])[0]  # unclosed: the address is its first word
        rest = rest[: mailto.start()] + " " + _kept_after_address(rest[: mailto.start()], rest[mailto.end() :])
    exchange = _EXCHANGE.search(rest)
    exchange_name = ""
    if exchange:
        cns = re.findall(r"CN\s?=\s?([^/<>]{1,80})", exchange.group(0), re.IGNORECASE)
        exchange_name = cns[-1].strip() if cns else ""
        rest = rest[: exchange.start()] + " " + rest[exchange.end() :]
    angle = _ANGLE.search(rest)
    if angle:
        inside = angle.group(1)
        if not address:
            address = inside
        rest = rest[: angle.start()] + " " + _kept_after_address(rest[: angle.start()], rest[angle.end() :])
    if not address and (square := _SQUARE.search(rest)) is not None:
        address = square.group(1)
        rest = rest[: square.start()] + " " + _kept_after_address(rest[: square.start()], rest[square.end() :])
    if not address:
        bare = _ADDRESS.search(rest)
        if bare and "/" in bare.group(0) and bare.group(0) != rest.strip():  # (a slash only in a mailbox printed alone:
            bare = _ADDRESS_NO_SLASH.search(rest)  # "Ann Loe/HQ@x.gov" is a Notes name's)
        bare = bare or _AT_TOKEN.search(rest)
        if bare and bare.start() and (rest[bare.start() - 1] in _BOX_EDGES and bare.group(0).index("@") == 1
                                      or _boxed_capitals(rest, bare.start(), bare.end())):
            bare = None  # a letter a box cut, after its edge ("ETS_—J@x.gov"), or its fill: see _boxed_local_part
        if bare:
            address, end = bare.group(0), bare.end()
            if address.startswith("(") and ")" not in address and rest[end : end + 1] == ")":
                address, end = address[1:], end + 1  # "Name (address)", as Outlook prints a contact
            rest = rest[: bare.start()] + " " + rest[end:]
    return address, rest, exchange_name


_QUOTE_GLYPHS = "tlij1|"  # OCR's readings of a closing quote after an address


def _mend_address(address: str) -> str:
    """An address as printed, lower-cased, with OCR's damage to its end undone where only
    one reading fits: the closing bracket read as a letter after the top-level domain
    ("agency.govi"), the dot before a common one lost or read as another mark
    ("agencygov", "agency_gov"), one letter of a common one misread ("agency.gok",
    "agency.corn"), perhaps with a closing quote read after it ("agency.golt"); an opening
    bracket read twice before it ("{(jroe@x.com}": a parenthesis no address opens and never closes)."""
    address = _BRACKET_AFTER_TLD.sub(r"\1", address.strip().strip("'\"").lower())
    if address.startswith("(") and ")" not in address:
        address = address[1:]
    local, at, domain = address.rpartition("@")
    if not at or not local or _well_formed(address):
        return address
    head, dot, tld = domain.rpartition(".")
    if dot and head:
        # "m" read as "rn" ("agency.corn"); a closing quote read into the domain as a letter
        # after a misread one ("agency.golt" for "agency.gov'")
        readings = {tld, tld.replace("rn", "m"), *([tld[:-1]] if len(tld) == 4 and tld[-1] in _QUOTE_GLYPHS else [])}
        near = [common for common in COMMON_TLDS if any(_within_one_edit(r, common) for r in readings)]
        mended = f"{local}@{head}.{near[0]}" if len(near) == 1 else address
    else:
        lost = _DOT_LOST.fullmatch(domain)
        mended = f"{local}@{lost.group(1)}.{lost.group(2)}" if lost else address
    return mended if _well_formed(mended) else address


def _address_as_name(name: str, address: str) -> bool:
    """Whether the display name is the address itself, as OCR read it apart from the bracketed
    one (Outlook prints a contact without a name as 'jroe@x.gov' <jroe@x.gov>; read
    'jroe@x.corn' <jroe@x.com>)."""
    if not address or "@" not in name or " " in name:
        return False
    printed = name.casefold()
    return printed.partition("@")[0] == address.partition("@")[0] or _similarity(printed, address) >= _SAME_ADDRESS


def _party(piece: str, known: Correspondents | None = None) -> Party | None:
    piece = without_statute(piece)
    address, rest, exchange_name = _box_edge_as_mailbox(*_take_address(piece))
    tool_word = _TOOL_WORD.search(address) is not None  # ("redacted@agency.gov" is a mailbox)
    # (withheld with no code printed, "[REDACTED]": a party all the same)
    rest, cut = _without_boxes_cut(rest, address)
    # (a box's codes joined to the domain of the mailbox it withholds, no space between: "b6, b7C@x.org")
    boxed = find_exemptions(_codes_before_mailbox(piece))
    # (a box printing no code over an address's domain, or over all of it, in its brackets: "<jroe@ >", "< >")
    domain_withheld = _LOCAL_PART_ALONE.fullmatch(address.strip()) is not None and _DOMAIN_BOXED.search(piece) is not None
    emptied = not address.strip() and _EMPTY_BRACKETS.search(piece) is not None and _UNDISCLOSED.search(piece) is None
    redactions = set(find_exemptions(piece)) | set(boxed) or (
        {UNCODED} if REDACTION_WORD.search(rest) or tool_word or cut or domain_withheld or emptied else set())
    address = "" if domain_withheld else _mend_address(address)
    printed = address
    if " " in address and _FULL_ADDRESS.fullmatch(re.sub(r"\s+", "", address)):
        address = re.sub(r"\s+", "", address)  # OCR spaces after dots: "kevin. marsh@x. com"
    redacted = bool(_CODE_TEXT.search(address)) or tool_word
    if redacted or "@" not in address or " " in address:
        address = ""  # any redacted part, or OCR garbage, makes the address unknown
    unboxed = REDACTION_WORD.sub(" ", _CODE_TEXT.sub(" ", rest))
    scrap = _MAILTO_SCRAP.search(unboxed)  # what OCR left of an address it lost ("ilto:", "[ma")
    name = _clean_name(_MAILTO_SCRAP.sub("", unboxed))
    name = " ".join(re.sub(r"\(\s?\)|\{\s?\}|\[\s?\]", " ", name).split())  # (the brackets of an address taken out)
    if not name and exchange_name and not address:
        name = exchange_name
    if name.casefold() == address or _address_as_name(name, address):
        # the one that reads whole is the address ("x@state.gov [mailto:x@state.govemailto")
        address, name = (address if _well_formed(address) or not _well_formed(_mend_address(name))
                         else _mend_address(name)), ""
    if known is not None and not address and (capital := _CAPITAL_AND_SPECK.fullmatch(name)):
        name = capital.group(1) if capital.group(1) in known.initials else name
    if known is not None and not address and name:
        name = known.name_cut_short(name)
    if known is not None and not redactions and (digit := _INITIAL_AS_DIGIT.fullmatch(name)):
        name = known.initial_from_digit(digit)
    if known is not None and name:
        name = known.initial_dot_restored(name)
    if not any(ch.isalnum() for ch in name) or _is_speck(name) or (  # (a boxed mailbox's domain or local part)
            redactions and (_box_fill(name) or _WITHHELD_MAILBOX.fullmatch(name) or _LOCAL_PART_ALONE.fullmatch(name))):
        name = ""
    if known is not None and name and printed and not redacted:
        name = known.name_its_mailbox_spells(name, printed)
        address = known.address_for(name, printed) or address
        name = known.name_for(name, address) if address else name
    elif known is not None and name and scrap is not None and not redactions:
        address = known.address_lost(name)
    if known is not None:
        address = _address_mended(known, name, address, printed, redacted)
    if not name and not address and not redactions:
        return None
    return Party(name=name, address=address, redactions=tuple(sorted(redactions)))


def _address_mended(known: Correspondents, name: str, address: str, printed: str, redacted: bool) -> str:
    """A scanned party's address (``printed`` as OCR read it) mended by what the document prints:
    an "@" misread, a stop read as a space, a damaged domain, a glyph off the one its name spells,
    a misreading of an address printed better."""
    if not address and printed and not redacted:
        address = known.at_misread(printed)
    if address and name and " " in printed and address not in known.names_of:  # (a trusted address stands)
        address = _stops_for_spaces(name, printed) or address
    if address:
        address = known.domain_repaired(address)
        address = known.address_its_name_spells(name, address) if name and _well_formed(
            address.translate(_STROKES_AS_L)) else address  # (a stroke read for a letter: "roe.|ane@")
        address = known.address_misread(address) if not name and _well_formed(address) else address
    return address


# Layout family, any release that boxes an address's mailbox alone, its code in the box and the
# domain printed after it ("(b)(6) @agency.example.gov", the code and "@" a space apart): the
# party withheld; its domain is no name.
def _boxed_mailbox(piece: str) -> bool:
    """A mailbox a box withholds, its code before its domain ("(b)(6) @agency.gov")."""
    codes, at, domain = piece.strip().partition("@")
    return bool(at) and _is_code_only(_EDGE_BEFORE_AT.sub("", codes)) and _WITHHELD_MAILBOX.fullmatch(at + domain) is not None


def _codes_before_mailbox(piece: str) -> str:
    """What a box withholding a mailbox prints before its domain ("(b)(6) ", "b6, b7C "), or ""."""
    return piece.partition("@")[0] + " " if _boxed_mailbox(piece) else ""


_EDGE_BEFORE_AT = re.compile(r"\s[()[\]{}|]$")  # the box's edge OCR read apart before the "@" ("(b)(7) }@x.gov")


_WITHHELD_MAILBOX = re.compile(r"[(\[{<|)\]}]?\s?@\s?[A-Za-z0-9-]+(?:\.\s?[A-Za-z0-9-]+)+[>)\]}]?")  # (a box's edge: "}@")
# ... or a mailbox's local part, its domain a box withholds ("jroe@ (b)(6)", "<jroe@ >"): no name, no address
_LOCAL_PART_ALONE = re.compile(r"[\w.'+-]{1,64}@")
_EMPTY_BRACKETS = re.compile(r"<\s*>|\[\s*(?:mailto:\s*)?\]")
_UNDISCLOSED = re.compile(r"undisclosed|unlisted", re.IGNORECASE)  # ("Undisclosed recipients <>": none to withhold)
_DOMAIN_BOXED = re.compile(r"[\w.'+-]@\s*[>\]]")  # (its brackets closed after the "@": no address cut at a line's end)


def printed_addresses(raw: str) -> list[str]:
    """The address each party of a From/To/Cc value prints (lower-cased, as read)."""
    pieces = _split_outside(" ".join(raw[:_MAX_VALUE].split()), ";,")
    return [address for piece in pieces if (address := _take_address(piece)[0].strip().strip("'\"").lower())]


def damaged_address(raw: str) -> bool:
    """Whether a From/To/Cc value prints an address OCR damaged beyond mending: broken by a
    space, cut short, or with a character or a top-level domain no address has. A redacted
    address is not damaged."""
    return any(not _CODE_TEXT.search(address) and not _well_formed(_mend_address(address))
               for address in printed_addresses(raw))


def whole_addresses(raw: str) -> tuple[str, ...] | None:
    """The addresses a From/To/Cc value prints, if it prints at least one and each reads
    whole as printed (nothing mended, no redaction in it); else None."""
    found = printed_addresses(raw)
    return tuple(found) if found and all(_well_formed(address) for address in found) else None


# OCR failure, any scanned print: an account named by one capital ("H") read with a speck
# beside it as a lower-case letter ("Hi", "Ho"), where the document prints that account.
_CAPITAL_AND_SPECK = re.compile(r"([A-Z])[a-z]")


def _is_speck(name: str) -> bool:
    """OCR residue left where a name should be ("oo", "Lo", "©"): too short to be a name.
    One or two capitals alone are an account named by initials ("H", "DS"), or a capital and an
    office in parentheses ("D(S)"), except the letters OCR makes of a stroke or a ring ("I", "O").
    A word of one lower-case letter over and over ("eee", "mmmm") is a redaction box's texture as a
    light copy reads it: no name."""
    letters = [c for c in name if c.isalpha()]
    if len(letters) >= 3 and name.isalpha() and name.islower() and len(set(name)) == 1:
        return True
    return len(letters) < 3 and not (name.isupper() and (name.isalpha() or _OFFICE_ACCOUNT.fullmatch(name))
                                     and name not in ("I", "O"))


# OCR failure, scans of a grey or halftone redaction box: its fill read as little lower-case
# words ("ae aes ea a", "far ve ery Boge tie kee oy") beside the code printed with it.
_LETTER_RUN = re.compile(r"[^\W\d_]+")
# The little words of names ("de los Santos", "van der Post", "bin Laden"): never a box's fill.
NAME_PARTICLES = frozenset({"van", "von", "de", "da", "del", "der", "den", "des", "di", "du", "la", "le", "los",
                            "las", "dos", "das", "y", "e", "bin", "ibn", "al", "el", "ben", "ter", "ten", "op"})
_LEAST_FILL_WORDS = 3  # little words a box's fill reads as at least ("joe roe", "bo li" are names)


def _box_fill(name: str) -> bool:
    """Whether a name printed beside a redaction code is the box's fill read as letters: most of
    its words, and three at least, little and lower-case and no name's particles ("de la Cruz",
    a lower-case display name "joe roe", are names)."""
    words = _LETTER_RUN.findall(name)
    little = sum(1 for word in words if len(word) <= 3 and word.islower() and word not in NAME_PARTICLES)
    return little >= _LEAST_FILL_WORDS and 2 * little > len(words)


# Layout family, agencies' office accounts: a capital and the office in parentheses ("D(S)").
_OFFICE_ACCOUNT = re.compile(r"[A-Z]\([A-Z]\)")


# A code's paragraph letter is never the "(b)" of the next code: "(b)(6) (b)(7)(C)" is two codes.
_PARAGRAPH = r"(?:\s?\(\s?[A-Fa-f]\s?\)(?!\s?\(\s?\d))?"
# (a box's codes printed bare, as producers print them and a label read as printed keeps them: "b6, b7C")
_CODE_TOKEN = re.compile(r"\(\s?b\s?\)\s?\(\s?\d\s?\)" + _PARAGRAPH + r"|(?<![A-Za-z0-9])b[1-9][A-Fa-f]?(?![A-Za-z0-9])")
_LEADING_CODES = re.compile(r"^\s*((?:(?:" + _CODE_TOKEN.pattern + r")[\s,&/]*){1,8})(?=\S)")  # ("&", "/": one box's)
# Layout family, FBI and DOJ prints: a redacted name keeps its offices printed after the box,
# "(b)(6), (b)(7)(C) (CID) (FBI)": offices in brackets alone are the redacted party's, no party.
_OFFICES_ONLY = re.compile(r"(?:\s*\([A-Za-z][\w .&/-]{0,40}\))+\s*")


_LEADING_DOMAIN_AT_LOST = re.compile(rf"([a-z0-9-]+(?:\.\s?[a-z0-9-]+)*\.\s?(?:{'|'.join(COMMON_TLDS)}))\s?")
_LEADING_DOMAIN = re.compile(r"(?:[()[\]{}|]\s?)?(@\s?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)\s?(?:,\s?|$)")  # (a box's edge before it)


def _split_leading_codes(chunk: str) -> list[str]:
    """"(b)(6), (b)(7)(C) Roe, Jane <jr@x.gov>" -> codes and the named party.

    OCR drops the semicolons printed between redaction boxes; codes that stand
    before a full party (an address, a "Last, First" or two words) are parties
    of their own. "(b)(6) Smith" (a redacted given name) stays one party.
    """
    match = _LEADING_CODES.match(chunk)
    if not match:
        return [chunk]
    rest = chunk[match.end():]
    if rest.startswith("<") and rest.partition(">")[2].lstrip()[:1] in ("", ",", ";"):
        return [chunk]  # "(b)(6) <jroe@x.gov>, Ann Lee": the box is the address's display name
    if (domain := _LEADING_DOMAIN.match(rest)) is not None:  # "(b)(6) @x.gov, Ann Lee <…>": a boxed mailbox first
        return [chunk[:match.end()] + domain.group(1), *([tail] if (tail := rest[domain.end():].strip()) else [])]
    if (bare := _LEADING_DOMAIN_AT_LOST.fullmatch(rest)) is not None:  # ... its "@" lost: "(b)(6) harbor. example.gov"
        return [chunk[:match.end()] + "@" + bare.group(1).replace(" ", "")]
    name = _ANGLE.sub(" ", rest)
    if "," not in name and len(name.split()) < 2 or _OFFICES_ONLY.fullmatch(rest):
        return [chunk]
    return [*_merge_code_runs(_CODE_TOKEN.findall(match.group(1))), rest]


def _merge_code_runs(pieces: list[str]) -> list[str]:
    """Rejoin codes printed in one redaction box: "(b)(6), (b)(7)(C)" is one party.

    A run of code-only pieces stays one party until a code repeats, so
    "(b)(6), (b)(6)" is two redacted parties; the run ends at an address printed after the box
    ("(b)(6), (b)(7)(C) <jroe@x.gov>": a display name redacted).
    """
    merged: list[str] = []
    codes_in_run: set[str] = set()
    for piece in pieces:
        boxed_name = _LEADING_CODES.match(piece)
        boxed = _codes_before_mailbox(piece)  # (its codes perhaps bare: "b6, b7C@x.org")
        leading = boxed_name.group(1) if boxed_name else boxed
        if leading and (boxed_name is not None and piece[boxed_name.end():].startswith("<") or boxed) and merged \
                and codes_in_run and not set(find_exemptions(leading)) & codes_in_run:
            # the box's codes run on to the address whose display name it covers:
            # "(b)(6), (b)(7)(C) <jroe@x.gov>" is one party (and to the domain of the mailbox it
            # covers: "(b)(6), (b)(7)(C) @x.gov")
            merged[-1] += "," + piece
            codes_in_run = set()
            continue
        if _is_code_only(piece):
            codes = set(find_exemptions(piece))
            if merged and codes_in_run and not codes & codes_in_run:
                merged[-1] += "," + piece
                codes_in_run |= codes
                continue
            codes_in_run = codes
        else:
            codes_in_run = set()
        merged.append(piece)
    return merged


# OCR specks at the edges of a party: a closer no party starts with (";)" read for ";"),
# one or two lower-case letters after a redaction box ("(b)(6), (b)(7)(C) oe"), and a dotted
# rule or a fax's specks beside the line read as a run of little words ("Roe, Jane ee ee eee";
# no name ends in three).
_LEADING_CLOSERS = re.compile(r"^\s*[)\]]+")
_SPECK_AFTER_CODE = re.compile(r"(?<=\))\s+[a-z]{1,2}$")
_SPECKS_AS_WORDS = re.compile(r"(?:\s+[a-z]{1,3}){3,}\s*$")


def _trim_specks(chunk: str) -> str:
    """A party's text without the OCR specks at its edges that would hide its codes."""
    return _SPECKS_AS_WORDS.sub("", _SPECK_AFTER_CODE.sub("", _LEADING_CLOSERS.sub("", chunk)))


# Display names quoted with typographic marks, or OCR's reading of straight ones:
# “Tom Webb" <t@x.org>, ‘Luis Ortiz" <l@x.org>. A single mark opening a quoted name is
# a double one misread; an apostrophe inside a name (O’Neil) is left alone.
_QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"'})
# OCR failure, any scanned print: a comma read as a low double quote ("Roe„ Jane"): after a
# word and before a space it closes nothing, as a German opening quote („Jane") never does.
_LOW_QUOTE_COMMA = re.compile(r"(?<=[^\W\d_.])\s?[„‚](?=\s)")
# Layout family, Google Groups mail: the member's name quoted before the group's ("'Jane Roe' via
# Harbor Commission <group@…>"): one display name, its quotes none of it.
_QUOTED_VIA = re.compile(r"(?:(?<=^)|(?<=[\s,;]))['\"‘’“”]([^'\"‘’“”<>;]{1,80})['\"‘’“”]\s(?=via\s[^<>;@]{1,80}<)")
# The same misreading at the other end, a single mark closing a name a double one opened right
# before its address ("Luis Ortiz' <l@x.org>), or the closing mark read as "!" ('Luis Ortiz! <…>).
_CLOSING_SINGLE = re.compile(r"(?:(?<=^)|(?<=[\s,;]))[\"‘’']([^\s\"'‘’<>;][^\"'‘’<>;!]{0,80})['’!](?=\s?<)")
# (never across an address or a separator: a name whose closing mark OCR lost is not closed by
# the next party's)
_OPENING_SINGLE = re.compile(r"(?:(?<=^)|(?<=[\s,;]))[‘’'](?=[^\s\"'‘’<>;][^\"'‘’<>;]{0,80}\")")
# OCR failure, any scanned print: in a list of quoted addresses ('a@x.gov'; 'b@x.gov') the
# separator after a closing quote read as a letter or two and a comma ("'a@x.gov's, b@…"): the
# quote closes the party, the comma separates it from the next.
_QUOTED_ADDRESS_SEPARATOR = re.compile(r"(@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+['’])[A-Za-z]{0,2}\s?[,;]\s?(?=\S)")
# Layout family: a forward that quotes an HTML message's header as text prints its brackets
# and quotes as entities ("kim roe &lt;troe@x.gov&gt;", "&quot;Roe, Jane&quot;"); OCR reads
# them "&It;", "&lt", "8Liti", and the closing one "igt;", "4gt;", "Fcgt:", "&g,t;". A closing
# reading is only taken to close an opening one: "vogt; smith" is two parties.
_ENTITY_LT = re.compile(r"(?:&[lIL1|i]i?t|8[lIL1|]i?t(?=[;:i]))(?:[;:,]|i(?![A-Za-z])|(?![A-Za-z]))")
_ENTITY_GT_AFTER_LT = re.compile(
    r"(<[^<>]{0,300}?)(?:&\s?g,?\s?t[;:]?|(?<![^\s\]>)|<])[8a-z4F]{0,2}g,?t[;:])(?![A-Za-z])"
)
_ENTITIES = {"&lt;": "<", "&gt;": ">", "&quot;": '"', "&amp;": "&", "&#39;": "'", "&apos;": "'"}
# Page family: a list of quoted names whose addresses a box covers ("'Roe, Jane' <[box]>;
# 'Doe, John' [box]; Lee, Ann"), OCR losing the separators and closing brackets under the
# boxes: an opening bracket no address nor code follows before the next party ends its party, and a
# closing quote followed by another name ('Roe, Jane' 'Doe, John'; 'Roe, Jane' Lee, Ann)
# ends it too.
_OPEN_BRACKET = re.compile(r"<([^<>;]*)(?=;|<|$)")
_QUOTED_NAME_THEN_NAME = re.compile(r"(?<=[\w.]['’])\s+(?=['‘]?[A-Z][\w'’-]+,\s?[A-Z])")


def _brackets_over_boxes(text: str) -> str:
    """``text`` with each "<" that no address nor box code follows, nor ">" closes, read as
    the end of its party."""
    return _OPEN_BRACKET.sub(lambda m: m.group(0) if "@" in _AT_MISREAD.sub("@", m.group(1))
                             or _CODE_TEXT.search(m.group(1)) else ";" + m.group(1), text)
# OCR failure, any scanned print: the semicolon between two parties read as a bullet ("Roe,
# Jane • Doe, John"; no name holds one) or a bar before a "Surname, Given" ("Roe, Jane| Doe, John"), or as a colon where a "Last, First M" name (and its
# office) ends and a capitalised name begins ("Roe, Jane A: Doe, John").
# ... or lost, OCR reading the gap after an address's closing bracket as a space ("Doe, John
# <jdoe@x.gov> Moss, Carl <cmoss@x.gov>", "jdoe@x.gov cmoss@x.gov"): a bracketed address, then a
# name and its address or an address, or two bare addresses side by side, are two parties.
_ADDRESS_THEN_PARTY = re.compile(
    r"([<\[][^<>\[\]\s]{1,80}@[^<>\[\]\s]{1,80}[>\]])\s(?!(?i:on\s+behalf\s+of)\b)"
    r"(?=[A-Z'\"][^<>\[\]@;]{0,60}[<\[][^<>\[\]\s]{1,80}@|[\w.+-]{1,64}@)")
_ADDRESSES_SIDE_BY_SIDE = re.compile(r"(?<![<\[\w.+-])([\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+)\s(?=[\w.+-]{1,64}@[\w-]+\.)")
_BULLET_SEPARATOR = re.compile(  # "•", "|" after a name, or after an address before any name
    r"(?<=\S)\s[•·]\s(?=\S)|(?<=[a-z.>\]])\s?\|\s(?=[A-Z][\w'’-]+,\s?[A-Z])|(?<=[a-z][>\]])\s?\|\s?(?=[A-Z])")
_COLON_SEPARATOR = re.compile(
    r"(\b[A-Z][\w'’-]+,\s?[A-Z][^\s,;:<>]*(?:\s[A-Z][\w'’.]*)?(?:\s\([^()]{1,30}\))?):\s(?=[A-Z][\w'’-]+,?\s[A-Z])"
)
# The same colon after an address ("Roe, Jane <jroe@x.gov>: Doe, John <…>", a Notes list's
# "Jane Roe/HQ/ORG@ORG,: John Doe/HQ/ORG@ORG"), or between names printed given name first
# ("Jane Roe: John Doe").
_ADDRESS_COLON_SEPARATOR = re.compile(  # (">: " and "]: ": a separator read ":"; "<…example. gov>:" spaced by OCR)
    r"(@[\w.-]*\w\s?[>\]]?|@[^<>\[\]:;]{1,80}[>\]])\s?,?:\s(?=\S)")
_GIVEN_FIRST_COLON_SEPARATOR = re.compile(r"(\b[A-Z][a-z][\w'’-]*\s[A-Z][\w'’-]+):\s(?=[A-Z][a-z][\w'’-]*\s[A-Z])")
# OCR failure, any scanned print: a hyphenated surname read with a space after its hyphen
# ("Roe- Lee"); no name prints one.
_HYPHEN_SPACE = re.compile(r"(?<=[a-z])-\s(?=[A-Z][a-z])")
# OCR failure, any scanned print (a light copy's commas lose their tails): the comma of a
# "Last, First M" name read as a full stop ("Roe. Jane", "Doe, John; Roe. Jane A"). It is the
# comma where the list prints another "Last, First" name, or the document prints this one with
# its comma; never after a title ("Mrs. Roe").
_FULL_STOP_FOR_COMMA = re.compile(
    r"(?<![\w.'’-])(?!(?:Mrs|Mme|Rev|Hon|Gen|Col|Maj|Capt|Sgt|Cmdr|Supt|Prof|Dept|Corp)\.)([A-Z][a-z][\w'’-]+)\.\s"
    r"(?=([A-Z][a-z][\w'’-]*(?:\s[A-Z]\.?)?)\s*(?:[;:,]|$))"
)
_LAST_COMMA_FIRST = re.compile(r"\b[A-Z][\w'’-]+,\s?[A-Z][a-z]")


def _commas_restored(text: str, known: Correspondents | None) -> str:
    """A party list with each full stop ``_FULL_STOP_FOR_COMMA`` finds read as the comma where
    the list or the document (``known``) shows the "Last, First" style."""
    listed = bool(_LAST_COMMA_FIRST.search(text))
    return _FULL_STOP_FOR_COMMA.sub(
        lambda m: f"{m.group(1)}, " if listed or (known is not None and known.names[f"{m.group(1)}, {m.group(2)}"])
        else m.group(0), text)


def _entities_undone(text: str) -> str:
    """A party list with the HTML entities printed for its brackets and quotes read as them."""
    if "&" not in text and "8" not in text:
        return text
    opening = "&lt;" in text or bool(_ENTITY_LT.search(text))
    for entity, mark in _ENTITIES.items():
        text = text.replace(entity, mark)
    return _ENTITY_GT_AFTER_LT.sub(r"\1>", _ENTITY_LT.sub("<", text)) if opening else text


_QUOTED_WHOLE = re.compile(r'\s?"[^"<>@]{1,80}"\s?')


def _comma_separated(chunk: str, semicolons: bool = False, known: Correspondents | None = None) -> list[str]:
    """The parties of a list printed with commas between them (Outlook for Mac, Gmail, web
    mail, Lotus Notes), a comma inside a "Last, First" name kept: pieces that are all
    addresses or codes; a party ends at its bracketed address ("Doe, John <jd@x.gov>, Lee,
    Ann"), or at the office after a "Last, First" name ("DOE, JOHN (CIV), LEE, ANN (OIG)");
    names of two words or more each ("John Doe, Ann Lee") are parties each, and so is a unit after
    one ("Jane Roe, Public Affairs"), but a unit after an organisation is part of it, as in its
    hierarchy ("Department of State, Office of the Legal Adviser")."""
    pieces = _split_outside(chunk, ",")
    if semicolons and (cut := _initials_then_surnames(pieces)) is not None and _surname_given_pairs(cut, semicolons, known):
        pieces = cut
    if len(pieces) < 2:
        return [chunk]
    if all(_ADDRESS.search(piece) or _is_code_only(piece) or _NOTES_NAME.fullmatch(piece.strip()) or _boxed_mailbox(piece)
           for piece in pieces if piece.strip()):
        return _merge_code_runs(pieces)
    if _surname_given_pairs(pieces, semicolons, known):  # the separator's remnant after each given name dropped
        return [f"{pieces[i]},{_SEPARATOR_REMNANT.sub('', pieces[i + 1])}" for i in range(0, len(pieces), 2)]
    groups: list[str] = []
    current: list[str] = []
    for at, piece in enumerate(pieces):
        current.append(piece)
        end = piece.rstrip()
        office = _OFFICE_LAST.search(end)
        named = office is not None and (len(current) > 1 or _FIRST_LAST.fullmatch(end[: office.start()].strip()))
        if end.endswith((">", "]")) or named or _ADDRESS.fullmatch(end.strip()) or _boxed_mailbox(end) \
                or _QUOTED_WHOLE.fullmatch(piece) is not None \
                or _name_then_codes(",".join(current)) and not (at + 1 < len(pieces) and _is_code_only(pieces[at + 1])):
            # (a bare address a party of its own, and so a boxed mailbox and its domain, "(b)(6) @x.gov",
            # and a name in quotes with no address: '"Jane Roe/HQ/AGY", "Ann Lee" <alee@x.gov>')
            groups.append(",".join(current))
            current = []
    groups += [",".join(current)] if current else []
    if len(groups) == 1 and all(_FIRST_LAST.fullmatch(piece.strip()) for piece in pieces):
        return _units_kept_with_their_party(pieces)
    return groups


# OCR failure, Outlook print of a "Last, First M" list: the semicolons between parties read as
# commas, or as a bracket, quote or mark and a comma ("Roe, Jane), Doe, John A";
# "Johnson, Dan', Starke, Petra"). Four or more pieces, surname then given name in turn, pair up
# when a given name shows the style (a middle initial), a separator's remnant, the rest of the
# list is separated by semicolons, or the document prints a pair as a name elsewhere; without any
# nothing says where a name ends ("Doe, John, Lee, Ann" may be four one-word names).
_SURNAME = re.compile(r"['‘’\"]?[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?")
# (A given name OCR read with a mark for a letter, "Danie!", and an initial with its full stop
# read as a stroke or digit of its shape, "Daniel ).", "John 3.", are given names too.)
_GIVEN = re.compile(r"[A-Z][\w'’!|-]*[\w!|](?P<initial>\s(?:[A-Z]|[)\]}|!13](?=\.))\.?)?\s?(?P<remnant>[)\]'’!])?")
_SEPARATOR_REMNANT = re.compile(r"\s?[)\]'’!]$")


_BRACKETED_AFTER = re.compile(r"\s?<[^<>]{1,130}>$")
# ... and a semicolon after a middle initial read as a full stop ("Roe, Jane S. Doe, John J"),
# in a list the rest of which prints its semicolons: the initial ends a name.
_INITIAL_THEN_SURNAME = re.compile(r"(\s?[A-Z][\w'’-]+\s[A-Z])\.\s([A-Z][\w'’-]+\s?)")


def _initials_then_surnames(pieces: list[str]) -> list[str] | None:
    """The pieces with each given name and initial run into the next name's surname cut in two,
    where that name's given name prints an initial too ("Doe, John E. Director, Budget" is one party
    and its title); None where none is so cut."""
    cut: list[str] = []
    for index, piece in enumerate(pieces):
        match = _INITIAL_THEN_SURNAME.fullmatch(piece)
        given = _GIVEN.fullmatch(pieces[index + 1].strip()) if match and index + 1 < len(pieces) else None
        if match and given and given.group("initial"):
            cut += [match.group(1), " " + match.group(2)]
        elif match:
            return None
        else:
            cut.append(piece)
    return cut if len(cut) > len(pieces) else None


# Layout family, web mail and Mac prints ("Jim Moss <jm@x.com>, Ann Lee <al@x.com>"): a box over each
# address, its brackets too, leaves a name and the box's code ("Jim Moss (b)(6), Ann Lee (b)(6)"): the
# code ends the party, as its address would (and after a "Last, First" name: "Moss, Jim (b)(6), Lee, …").
_TRAILING_CODES = re.compile(r"(?:\s?+(?:" + _CODE_TEXT.pattern + "|" + BLANK_BOX + r")[\s,&/]*+)++$")  # (possessive: linear)


def _name_then_codes(text: str) -> bool:
    codes = _TRAILING_CODES.search(text.rstrip())
    if codes is None or codes.start() == 0:
        return False
    name = text[:codes.start()].strip()
    surname, _, given = name.partition(",")
    return _FIRST_LAST.fullmatch(name) is not None or (
        _SURNAME.fullmatch(surname.strip()) is not None and _GIVEN.fullmatch(given.strip()) is not None)


def _surname_given_pairs(pieces: list[str], semicolons: bool, known: Correspondents | None = None) -> bool:
    names = [piece.strip() for piece in pieces]
    if len(names) < 4 or len(names) % 2 or any(_UNIT.search(name) for name in names):
        return False
    given = [_GIVEN.fullmatch(_BRACKETED_AFTER.sub("", name)) for name in names[1::2]]  # ("… J <dj@x.gov>")
    printed = known is not None and any(known.names[f"{surname}, {name}"] for surname, name in zip(
        names[::2], names[1::2], strict=True))  # (a pair the document prints as a name elsewhere)
    return (all(_SURNAME.fullmatch(name) for name in names[::2]) and all(given)
            and (semicolons or printed or any(m.group("initial") or m.group("remnant") for m in given if m)))


def _units_kept_with_their_party(pieces: list[str]) -> list[str]:
    """"Department of State", "Office of the Legal Adviser", "Ann Lee" -> a unit joined to the
    organisation before it. A unit after a person's name is a party of its own ("Jane Roe",
    "Public Affairs": nothing tells her unit from a mailbox of that name sent to as well)."""
    parties: list[str] = []
    for piece in pieces:
        if parties and _UNIT.search(piece) and _UNIT.search(parties[-1].rsplit(",", 1)[-1]):
            parties[-1] += "," + piece
        else:
            parties.append(piece)
    return parties


# OCR failure, any scanned print: a "Last, First M" name whose middle initial is read as the digit
# it resembles ("Doe, John 3", "Roe, Jane 0"), and the letters each digit may be.
_INITIAL_AS_DIGIT = re.compile(r"([^\W\d_][\w'’.-]*(?:\s[^\W\d_][\w'’.-]*)*,\s?[^\W\d_][\w'’-]+)\s([0-9])")
# Only 3 and 8 are read as their one letter where the document prints no choice: 5 and 6 are
# as often what a redaction box's code ("(b)(6)") left behind. A 1 stays as read: the letters
# it may be (I, J, l) are the ones OCR reads for each other, so a printing elsewhere is no witness.
_DIGIT_LETTERS = {"0": "DOQ", "3": "J", "5": "S", "6": "G", "8": "B"}
_UNMISTAKABLE_DIGITS = frozenset("38")
_OFFICE_LAST = re.compile(r"\([A-Za-z][\w .&/-]{1,60}\)$")  # "(CIV)", "(USAO-DC)"; no code ("(b)(6)", "(C)")
# A unit of an organisation: a word no given name or surname is ("Division", "Office of"), or one
# that is ("Branch", "Mission") with the "of"/"for" of a unit's name after it.
_UNIT = re.compile(
    r"\b(?:Department|Dept|Division|Bureau|Section|Directorate|Administration|Ministry|Embassy|Consulate|"
    r"Secretariat|Agency|Affairs|Committee|Council|Command|Office\s(?:of|for)|(?:Branch|Mission|Unit|Service)\s(?:of|for))\b"
)
# "Jane Roe", "Mary Ann van Dyke": two to four words of letters, the last no initial ("Jane A" is
# the "First M" of a "Last, First M" name)
_FIRST_LAST = re.compile(r"[^\W\d_][\w.'’-]*(?:\s[^\W\d_][\w.'’-]*){0,2}\s[^\W\d_][\w'’-]{2,}")
# Layout family, Lotus Notes: a hierarchical name, its units after slashes and perhaps its
# Notes domain ("Jane Roe/OPS/AGENCY@AGENCY"); a list of them is printed with commas.
_NOTES_NAME = re.compile(r"[^\W\d_][\w.'’ -]{0,60}(?:/[\w.&' -]{1,40}){1,6}(?:@[\w.-]{1,40})?")


# Layout family, Outlook desktop print: a message a delegate or a mailing list sent for its
# author prints "From: <delegate> [mailto:…] On Behalf Of <author>". The author is the sender;
# the delegate's name and address are not the author's. Outlook's capitals, or after the
# delegate's address, or before a person's name as Outlook prints it ("Press Office on behalf of
# Roe, Jane"): a name that holds the words ("Friends on behalf of Refugees") is a name.
_ON_BEHALF_OF = re.compile(r"(?:(?<=[\]>])\s*(?i:on\s+behalf\s+of)|\s+(?:On\s+Behalf\s+Of|ON\s+BEHALF\s+OF)"
                           r"|\s+on\s+behalf\s+of(?=\s+[A-Z][\w'’-]{1,40},\s?[A-Z][a-z'’-]{1,30}(?:\s[A-Z]\.?)?\s?(?:[<\[(]|$)))\s+")


# ... or in small letters between a delegate's name and a mailbox's, its address the mailbox's
# ("Ann Lee on behalf of Press Office <press@…>": "press" a word of the mailbox's name, of the
# delegate's none)
_SMALL_ON_BEHALF_OF = re.compile(r"\s+on\s+behalf\s+of\s+(?=[A-Z])")
_ADDRESS_LOCAL = re.compile(r"[<\[]\s?(?:mailto:)?([\w.'+-]{1,64})@", re.IGNORECASE)


def author_printed(raw: str) -> str:
    """The sender's part of a From: value: the author a delegate sent for, if it names one."""
    parts = _ON_BEHALF_OF.split(raw, maxsplit=1)
    if len(parts) == 2 and parts[1].strip():
        return parts[1]
    parts = _SMALL_ON_BEHALF_OF.split(raw, maxsplit=1)
    local = _ADDRESS_LOCAL.search(parts[-1])
    if len(parts) == 2 and local and _spelled_by(local.group(1), parts[1][:local.start()]) \
            and not _spelled_by(local.group(1), parts[0]):
        return parts[1]
    return raw


def _spelled_by(local: str, name: str) -> bool:
    """Whether a mailbox's local part holds a word (three letters or more) of a name."""
    letters = re.sub(r"[^a-z]", "", local.lower())
    return any(len(word) >= 3 and word in letters for word in re.findall(r"[a-z]+", fold_accents(name.lower())))


# OCR failure, any scan: a space read beside an address's "@" ("JonesLC @agency.gov",
# "jroe@ harbor.example.gov"), the address then read as a name (one in <angle brackets> is
# read as one already, and checked there).
_SPACED_AT = re.compile(r"(?<=[\w.])(?:\s@\s?|@\s)(?=[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b)")
_CODE_AT_END = re.compile(r"(?:" + _CODE_TEXT.pattern + r")\s?$")


# ... or after a Lotus Notes name's last unit, before its Notes domain ("Jane Roe/HQ/AGY@ AGY").
_SPACED_NOTES_AT = re.compile(r"(/[\w.&-]{1,40})@\s(?=[A-Za-z0-9][\w-]{0,40}(?:[\s,;]|$))")


def _at_unspaced(text: str) -> str:
    return "".join(part if part.startswith("<") or _box_before_at(part)
                   else _SPACED_NOTES_AT.sub(r"\1@", _SPACED_AT.sub(_unspaced, part))
                   for part in _IN_ANGLES.split(text))


def _unspaced(at: re.Match[str]) -> str:
    """The "@" OCR spaced, closed up; but not after a box's code, its mailbox withheld ("Ex. 6 @x.org",
    "(b)(6) @x.org": "6@x.org" is no address)."""
    return at.group(0) if _CODE_AT_END.search(at.string, 0, at.start()) else "@"


# ... but not an "@" spaced both sides after a box's fill read as capitals, its domain closing a
# bracket nothing opened: a box took the bracket and the mailbox ("Roe, Jane GME @ x.gov>", "To
# ODOR @ x.com>"; see ``_boxed_local_part``); "jroe @ x.gov>", "[jroe @ x.gov>" are an address
# OCR spaced. (A mailbox printed in capitals with its bracket lost reads so too, and is withheld.)
_BOX_BEFORE_AT = re.compile(r"(\S+)\s@\s?[\w-]+(?:\.[\w-]+)+>")


def _box_before_at(text: str) -> bool:
    found = _BOX_BEFORE_AT.search(text)
    return found is not None and "<" not in text[:found.start()] and _BOX_AS_CAPITALS.fullmatch(found.group(1)) is not None


_IN_ANGLES = re.compile(r"(<[^<>]*>)")
# ... and its closing bracket read as a glyph after the top-level domain, or lost, before the
# list's separator ("<jroe@harbor.example.gov7, Ann Lee <…>"): the bracket closes there.
_CLOSER_MISREAD = re.compile(rf"(<[^<>@]{{1,64}}@[^<>,;]{{1,120}}?\.(?:{'|'.join(COMMON_TLDS)}))[^\s<>,;]?(?=\s?[,;])")
# OCR failure, any scan: a bracketed address's stop read as a comma ("<Roe, Jane@harbor.example.gov>"):
# no address holds one, so it is the stop (a comma outside the brackets separates parties).
_COMMA_IN_ADDRESS = re.compile(r"<([\w.'+-]{1,64}),\s?([\w.'+-]{1,64}\s?@[^<>,;]{1,120})>")


# OCR failure, scans of Exchange legacy addresses ("Roe, Jane </O=EXCHANGELABS/OU=… GROUP
# (FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=0d7a…-JROE>;"): the ">;" ending one read as ":" or lost with
# the mailbox's last letters, the next party run into the address. The address ends at its
# mailbox (no space in it past the spaces OCR reads beside "=" and "-") where a name and its
# bracket follow.
_DN_ENDS = re.compile(r"(/\s?CN\s?=\s?RECIPIENTS\s?/\s?CN\s?=\s?(?:[0-9a-f]{4,40}\s?-\s?-?\s?)?[A-Za-z][A-Za-z0-9]{1,40})"
                      r"\s?(?:>\s?[;,:]?|[:;,])?\s+(?=[A-Z][\w'’.-]{1,40},?\s[A-Z][\w'’.-]{0,40}\s?(?:[A-Z][\w'’.-]{0,40}\s?)?[<\[])")


def parse_parties(raw: str, known: Correspondents | None = None) -> tuple[Party, ...]:
    """Senders or recipients printed on one header line, in order.

    Semicolons separate parties; commas as ``_comma_separated`` says, so "Doe, John (DEA)"
    stays one party. With ``known``, the
    document's correspondents, a name or address OCR misread is read as the one
    printed cleanly elsewhere.
    """
    raw = _names_spaced_apart(_misread_margin_code(raw[:_MAX_VALUE]))
    text = _LOW_QUOTE_COMMA.sub(",", _entities_undone(" ".join(raw.split()))).translate(_QUOTE_MARKS)
    text = _CLOSER_MISREAD.sub(r"\1>", _COMMA_IN_ADDRESS.sub(r"<\1.\2>", text))
    text = _QUOTED_ADDRESS_SEPARATOR.sub(r"\1; ", _at_unspaced(text))
    text = _DN_ENDS.sub(r"\1>; ", text.translate(_ANGLE_MISREAD))
    text = _QUOTED_NAME_THEN_NAME.sub("; ", _commas_restored(_brackets_over_boxes(text), known))
    text = _COLON_SEPARATOR.sub(r"\1; ", _ADDRESS_COLON_SEPARATOR.sub(r"\1; ", _BULLET_SEPARATOR.sub("; ", text)))
    text = _ADDRESSES_SIDE_BY_SIDE.sub(r"\1; ", _ADDRESS_THEN_PARTY.sub(r"\1; ", text))
    text = _HYPHEN_SPACE.sub("-", _GIVEN_FIRST_COLON_SEPARATOR.sub(r"\1; ", text))
    text = _OPENING_SINGLE.sub('"', _CLOSING_SINGLE.sub(r'"\1"', _QUOTED_VIA.sub(r"\1 ", text)))
    parties: list[Party] = []
    text = _CODES_JOINED.sub(lambda box: box.group(0).replace(";", ", "), text)
    separated = _commas_read_as_semicolons(_split_outside(text, ";"), known)
    semicolons = len([chunk for chunk in separated if chunk.strip()]) > 1
    chunks = [part for chunk in separated for part in _split_leading_codes(_trim_specks(chunk))]
    for chunk in chunks:
        if _is_code_only(chunk):
            # adjacent boxes whose separators OCR lost: "(b)(6), (b)(7)(C) (b)(6), (b)(7)(C)"
            for piece in _merge_code_runs(_CODE_TOKEN.findall(chunk) or [chunk]):
                party = _party(piece, known)
                if party is not None:
                    parties.append(party)
            continue
        for piece in _comma_separated(chunk, semicolons=semicolons, known=known):
            if not piece.strip():
                continue
            party = _party(piece, known)
            if party is not None:
                parties.append(party)
    return tuple(parties)


# Layout family, web mail prints whose boxes over each address took the comma after it too, in a
# producer's text layer: the names apart by the boxes' width and nothing else ("Jim Moss   Ann Lee"),
# each a party (a name of two words at least: one name's words are never so far apart).
_WIDE_GAP = re.compile(r"\s{2,}")
_NO_SEPARATOR = re.compile(r"[^,;<>@\[\]()/:\"]+")


def _names_spaced_apart(raw: str) -> str:
    pieces = _WIDE_GAP.split(raw.strip())
    if len(pieces) < 2 or _NO_SEPARATOR.fullmatch(raw) is None or not all(_a_persons_name(piece) for piece in pieces):
        return raw
    return "; ".join(pieces)


def _a_persons_name(text: str) -> bool:
    """Words of a person's name: two to four, each a capital's, no title's ("Deputy Director") nor unit's."""
    words = text.split()
    return _FIRST_LAST.fullmatch(text) is not None and all(word[:1].isupper() for word in words) \
        and not any(word.casefold() in _ROLE_WORDS for word in words) and _UNIT.search(text) is None


_ROLE_WORDS = frozenset({"director", "deputy", "manager", "officer", "chief", "assistant", "secretary", "counsel",
                         "staff", "team", "group", "president", "chair", "coordinator", "specialist", "analyst",
                         "administrator", "supervisor", "commissioner", "attorney", "clerk", "inspector", "general"})


# Layout family, redaction tools that join a box's codes with a semicolon, no space after it
# ("(b)(6);(b)(7)(C)"): one box, as its codes joined by a comma are (a list prints "; " between
# parties), where the codes stand alone between separators (after a name they are its boxes, the
# next a party of its own: "Roe, Jane (b)(6);(b)(6); Moss, Carl").
_CODE_BOX = r"\(\s?b\s?\)\s?\(\s?\d\s?\)(?:\s?\(\s?[A-Za-z]\s?\))?"
_CODES_JOINED = re.compile(rf"(?:^|(?<=;)|(?<=;\s))\s?({_CODE_BOX}(?:;{_CODE_BOX})+)(?=\s?(?:;|$))")


# OCR failure, any scanned print of a "Last, First" list: a name's comma read as a semicolon
# ("Brandt; Lena; Moss, Carl J." for "Brandt, Lena; Moss, …"), the name two pieces of a
# word each, which the document's other headers print together as one name.
_ONE_NAME_WORD = re.compile(r"[A-Z][\w'’-]+")


def _commas_read_as_semicolons(chunks: list[str], known: Correspondents | None) -> list[str]:
    if known is None or len(chunks) < 2:
        return chunks
    joined: list[str] = []
    for chunk in chunks:
        name = f"{joined[-1].strip()}, {chunk.strip()}" if joined else ""
        if (name and _ONE_NAME_WORD.fullmatch(joined[-1].strip()) and _GIVEN.fullmatch(chunk.strip())
                and known.names[name] >= MIN_SUPPORT):
            joined[-1] = name
        else:
            joined.append(chunk)
    return joined


# OCR failure of scanned web and desktop prints: a name misread a glyph or two where its own
# address, read whole, spells it ("Cari Moss <carl.moss@fwb.example.gov>"). Only letters OCR
# reads for one another, in a word of the same length: an address spelling a name otherwise
# ("Jon Doe <john.doe@…>", "José <jose@…>") is the person's own choice, not a misreading.
_GLYPHS_ALIKE = frozenset(frozenset(pair) for pair in ("il", "i1", "l1", "ce", "co", "eo", "ae", "ao", "o0", "un", "hb",
                                                         "tf"))
_MOST_GLYPHS = 2  # glyphs a word may differ by from the address's spelling
_ADDRESS_WORDS = re.compile(r"[._-]")
_NAME_WORD = re.compile(r"[A-Za-z0-9]+")


def name_as_its_address_spells(party: Party) -> Party:
    """``party`` with each word of its name that its address spells but for glyphs OCR confuses
    (``_GLYPHS_ALIKE``) spelled as the address does, in the name's letter case; or, where the
    address is the surname and the other names' initials (``_surname_and_initials``), the
    surname so."""
    if not party.name or not party.address or not _well_formed(party.address):
        return party
    spelled = [token.rstrip("0123456789") for token in _ADDRESS_WORDS.split(party.address.partition("@")[0])]
    words = _NAME_WORD.findall(party.name)
    if len(spelled) == 1 and len(words) >= 2:
        return _surname_and_initials(party, spelled[0], words)
    if len(words) != len(spelled) or len(words) < 2 or any(len(token) < 3 for token in spelled):
        return party

    def mended(match: re.Match[str]) -> str:
        word = match.group(0)
        for token in spelled:
            pairs = [(a, b) for a, b in zip(word.casefold(), token, strict=False) if a != b]
            if len(token) == len(word) and 0 < len(pairs) <= _MOST_GLYPHS and all(
                    frozenset(pair) in _GLYPHS_ALIKE for pair in pairs):
                return token.upper() if word.isupper() else token if word[:1].islower() else token.capitalize()
        return word

    return replace(party, name=_NAME_WORD.sub(mended, party.name))


# Layout family, agencies' mailboxes named by a surname and the initials of the other names
# ("rhodesj@", "smithjr@", "hjones@"); OCR failure: a letter of the surname read as two ("d" as
# "cl", "m" as "rn", "w" as "vv": "Reclman, Jane <redmanj@…>"), which a mailbox is not. Where the
# address spells the surname so beside the initials of every other word of the name, the surname
# is the address's (a person's own spelling: "Jon Doe <doej@…>", every letter apart, stays).


def _surname_and_initials(party: Party, local: str, words: list[str]) -> Party:
    letters = "".join(c for c in local if c.isalpha())
    for index, word in enumerate(words):
        others = "".join(w[0].lower() for k, w in enumerate(words) if k != index)
        if len(word) < 4 or not word.isalpha() or not others:
            continue
        for surname in (letters[:len(letters) - len(others)] if letters.endswith(others) else "",
                        letters[len(others):] if letters.startswith(others) else ""):
            if len(surname) >= 4 and surname != word.casefold() and _misread_as(word.casefold(), surname):
                spelled = surname.upper() if word.isupper() else surname.capitalize()
                return replace(party, name=re.sub(rf"\b{re.escape(word)}\b", spelled, party.name, count=1))
    return party


def _misread_as(word: str, surname: str) -> bool:
    """Whether OCR may have read ``surname`` as ``word``, one letter read as two. (Not glyphs
    alike: a mailbox is misread so as often as a name, "Valmoro <vaimorolj@…>".)"""
    return any(word.replace(two, one, 1) == surname for two, one in _GLYPH_CONFUSIONS if len(two) == 2 and two in word)


# --- Dates ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SentDate:
    """A parsed header date: ISO 8601 (with offset only if printed), the raw text, how sure."""

    iso: str | None
    raw: str
    certainty: Certainty


# Month names of the languages whose labels are read (``_LABELS_ABROAD``), accents left out:
# "14 août 2013", "14. März 2013", "14 de agosto de 2013".
_MONTHS_ABROAD = {
    "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "mars": 3, "avril": 4, "avr": 4, "mai": 5, "juin": 6,
    "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
    "januar": 1, "februar": 2, "marz": 3, "maerz": 3, "juni": 6, "juli": 7, "oktober": 10, "dezember": 12,
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "janeiro": 1, "fevereiro": 2, "marco": 3, "maio": 5, "junho": 6, "julho": 7, "setembro": 9,
    "outubro": 10, "dezembro": 12, "gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6,
    "luglio": 7, "settembre": 9, "ottobre": 10, "dicembre": 12,
    "januari": 1, "februari": 2, "maart": 3, "mei": 5, "augustus": 8, "ene": 1, "abr": 4, "ago": 8, "dic": 12,
}  # fmt: skip
_MONTHS = {**MONTH_NUMBERS, **_MONTHS_ABROAD}
_WEEKDAYS = {name.casefold(): i for i, name in enumerate(calendar.day_name)}
_WEEKDAYS.update({name.casefold(): i for i, name in enumerate(calendar.day_abbr)})
_ZONES = ZONE_OFFSETS

_WORD = re.compile(r"[A-Za-z]{2,12}")
# AM/PM as printed or as OCR misreads it ("PM", "p.m.", "P M", "PIVI", "PN", "prn").
_MERIDIEM_AHEAD = (r"\s?[AaPpRF]\.?\s?(?:(?:[Mm]|[Il1|]V[Il1|]|[Il1|]M|rn|N)\.?(?![a-z])"
                   r"|(?:[Il1|it][VvWw][Il1|il]|[VW][Il1|]|[Rr]n|KI|H|hi?|PM)(?![A-Za-z]))")
# (Not a named month's year run into the clock by stops: "July 26, 2013.12.27 PM" is no 27 December.)
_ISO_DATE = re.compile(r"(?<!\d)(?<!\d,\s)(?<!\d,)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\dOolI|SBD])(?!"
                       + _MERIDIEM_AHEAD + ")")
# A digit OCR read as a letter beside the numbers ("|2/27/2013", "1/25/20I4") belongs to them: a
# two-digit year is no year when a letter or a clock runs on from it ("1/25/20I4" is not 2020,
# "2O14-01-25T02:23" not 14 January 2025), and numbers followed by AM/PM are a clock printed
# with dots ("11.09.40 AM"), not 9 November 2040.
_NUM_DATE = re.compile(
    r"(?<![\dOolI|SBD])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}(?![\d:])|\d{2}(?![\dOolI|SBD]|[T.:]\d))(?!" + _MERIDIEM_AHEAD + ")"
)
# OCR reads the comma after the day as "." or adds a speck to it (",:"). The month's name is
# the shortest that reads: with the space lost ("March14, 2011") a 1 after it is the day's.
_NAME_DATE_MDY = re.compile(r"([A-Za-z0][A-Za-z01]{2,9}?)\.?\s?(\d{1,2})(?:st|nd|rd|th)?\s?[,.:;]{0,2}\s?(\d{4})(?!\d)")
# A digit glued to the month's name after another number is the name's first letter misread
# ("17 5eptember 2022"), not the day.
_NAME_DATE_DMY = re.compile(
    r"(?<!\d)(?<!\d\s)(\d{1,2})(?:st|nd|rd|th|\.)?\s?-?(?:de\s)?([A-Za-z]{3,10})\.?\s?-?,?\s?(?:de\s)?(\d{4})(?!\d|\.\d)"
)
# Oracle's default date ("03-MAR-15", DD-MON-RR) and its timestamp's clock, printed with dots
# ("04.05.12 PM", "04.05.12.000000 PM").
_ORACLE_DATE = re.compile(r"(?<![\w|-])(\d{1,2})-([A-Za-z]{3})-(\d{2})(?![\w-])")
_DOTTED_CLOCK = re.compile(r"(?<![\d.])(\d{2})\.(\d{2})\.(\d{2})(?:\.\d{1,9})?(?=" + _MERIDIEM_AHEAD + ")")
# eDiscovery exports with the date's numbers run together ("20150303 16:05"); read only before
# a clock, as any eight digits (a Bates number) would read as one.
_COMPACT_DATE = re.compile(r"(?<![\w-])((?:19|20)\d{2})(0[1-9]|1[0-2])([0-3]\d)(?=\s?T?\d{1,2}:\d{2})")
_TIME = re.compile(
    r"(?<![\d:])(\d{1,2})\s?:\s?(\d{2})(?:\s?:\s?(\d{2})(?:\.\d{1,6})?)?(?:\s?([AaPp])\.?\s?[Mm]\.?(?![a-z]))?"
)
# OCR lost the clock's colon ("553 PM", "5 53 PM"): hours and minutes run together before AM/PM.
_COLON_LOST = re.compile(r"(?<![\d:])(1[0-2]|0?[1-9])\s?([0-5]\d)()\s?([AaPp])\.?\s?[Mm]\.?(?![A-Za-z])")
# OCR misread the clock's colon or its first digit ("1.23 PM", "l:23 PM", "I;23 P.M.", "7°55 AM", "9-05 am"): with
# AM/PM after it, hours and minutes are still plain.
# A 0 whose top a box edge cut reads "U" ("1U:13 AM"): with AM/PM after it, still a clock.
_CLOCK_MISREAD = re.compile(r"(?<![\d:./])([0-9lI|OU]{1,2})\s?[.;,:i°/-]\s?([0-9OlIU]{2})(?=" + _MERIDIEM_AHEAD + ")")
# The same in a 24-hour clock, read only right after the date ("March 3, 2015 16.05", "16i05").
_CLOCK_MISREAD_24 = re.compile(r"^\s?(?:at\s?)?([01]?\d|2[0-3])[.;,i]([0-5]\d)(?![\d.;,:])")
# OCR read a clock's colons as spaces ("09 05 33 -0400", "09 05 33 AM"; "13 05" closing the
# value): three numbers before AM/PM or a UTC offset are still hours, minutes and seconds, and
# two right after the date with nothing after them hours and minutes, where the hour is one only
# a 24-hour clock prints ("13 05"; "10 15" may be 10:15 PM with its PM lost too).
_SPACED_CLOCK = re.compile(
    r"(?<![\d:])([01]?\d|2[0-3]) ([0-5]\d) ([0-5]\d)(?=\s?(?:[AaPp]\.?\s?[Mm](?![A-Za-z])|[+-]\d{4}(?!\d)))"
)
# ... or as stops in a clock whose hour no mailer pads ("2.03.22 PM"; Oracle's dotted clock pads it)
_STOPPED_CLOCK = re.compile(r"(?<![\d.])(\d)\.([0-5]\d)\.([0-5]\d)(?=" + _MERIDIEM_AHEAD + ")")
_SPACED_CLOCK_24 = re.compile(r"^(\s?)(1[3-9]|2[0-3]|00) ([0-5]\d)(?=\s*$|\s?[+-]\d{4}(?!\d))")
# OCR letters inside a clock its colons still show ("B:20 AM", "12:D5:09", "0D:39"): read as digits.
_CLOCK_LETTERS = re.compile(
    r"(?<![A-Za-z\d])([\dOolI|SBDU]{1,2})\s?:\s?([\dOolI|SBDU]{2})(?:\s?:\s?([\dOolI|SBDU]{2}))?(?![A-Za-z\d])"
)
# OCR misread AM/PM ("PIVI", "PIM", "PN", "RM", "FM", "AIVI"; a light copy's M whose right
# half is lost, "Ply"): without it 1:23 would read as 01:23.
# Tesseract reads a bold or light M in mixed case too ("Pivi", "PiVI", "Plvl", "PVI", "PWI", "PRn",
# "PH", "PKI", "Aivi", "AH"): those only where no letter follows (no zone's: "PHT", "AKST").
_MERIDIEM_MISREAD = re.compile(
    r"\s?([APRFap])\.?\s?(?:(?:[Il1|]V[Il1|]|I\\/I|[Il1|]M|[Il1|][yY]|rn|N|M)\.?(?![a-z])"
    r"|(?:[Il1|it][VvWw][Il1|il]|[Il1|]\\/[Il1|]|[VW][Il1|]|[Rr]n|KI|H|hi?|PM|(?<=[Pp])(?:W|[Il1|]))(?![A-Za-z]))")
# OCR read the clock's leading 1 as a letter glued to the next digit ("l1:05 AM", "I2:30 PM",
# "|9:25").
_HOUR_LETTER = re.compile(r"(?<![A-Za-z0-9])[lI|](?=\d\s?:\s?[0-5]\d)")
# OCR read a colon inside a clock with seconds as ".", ";", "," or "i" ("02;23:24", "10:53i02"):
# the colon that did read shows the clock's shape, so the pieces are still hours, minutes, seconds.
_HOUR_COLON_MISREAD = re.compile(r"(?<![\d:])(\d{1,2})\s?[.;,i]\s?([0-5]\d\s?:\s?[0-5]\d)(?![\d])")
_SECOND_COLON_MISREAD = re.compile(r"(?<![\d:])(\d{1,2}\s?:\s?[0-5]\d)[.;,i]([0-5]\d)(?![\d:])")
# A clock with a piece that did not read, before it ("20:1 8:25", "12:D5:09", "atI1:37") or after
# it ("4:05:1 2 PM", "11:39,2 2 PM"): the clock that reads is a piece of it, and no one can read it.
_CLOCK_GOES_ON = re.compile(r"\s?[:;.,i]\s?[\w|]|(?:\s?[AaPp]\.?\s?[Mm]\.?)?\s?[+-]\s?\d{0,3}[OolI|SB]")
# (a capital glued to the hour is a digit OCR misread past reading: "at FO:00 AM" is no 0:00 AM;
# an ISO date's T is its own)
_DEBRIS_BEFORE = re.compile(r"[\d:|]|[lIO]$|[A-SU-Z]$")
# OCR specks between a clock and its AM/PM ("7:46:30,|AM").
_SPECKED_MERIDIEM = re.compile(r"[\s,.;:|'`‘’]{1,3}([AaPp])\.?\s?[Mm]\.?(?![a-z])")
# ... or its M lost ("9:15 P"): 9:15 is no reading of it (twelve hours off, said exact).
_LONE_MERIDIEM = re.compile(r"\s?([AaPp])\.?(?![A-Za-z\d])")
_DEBRIS_AFTER = re.compile(r"\s?:\s?\S|\s?[.;,i]\s?\d|[^A-Za-z]{1,6}?" + _MERIDIEM_AHEAD)
# OCR failure of scans: a space read inside a number, most often beside a narrow 1 ("201 5",
# "March 1 3", "1 1:05 AM", "4:0 5 PM"). Joined only where the two pieces cannot be read apart:
# a year's four digits after a date's separator (not a clock: "Oct 20 15:05"), a day between
# its month and the year, an hour of 10-12 right after the date (a 1 alone there is no clock),
# a minute's between its colon and AM/PM. Not a two-digit year and the clock after it ("9/30/20
# 10,48 PM", "19-JUN-19 02.26.28 PM").
_SPLIT_YEAR = re.compile(r"(?:^|(?<=[,/.\-\s]))(1 9\d\d|19 \d\d|19\d \d|2 0\d\d|20 \d\d|20\d \d)(?![\d:]|\.\S|[;,i]\d\d)")
_SPLIT_DAY = re.compile(r"(?<=[A-Za-z]{3}[.\s])([1-3]) (\d)(?=\s?[,.]?\s?(?:19|20)\d\d(?![\d:]))")
# The same in a date's first number, at the start of the value or after the weekday ("1 1/23/2015",
# "Thu 2 6/11/2015", "1 3-MAR-15"), and in an ISO date's day ("2015-03-2 9 16:05").
_SPLIT_FIRST = re.compile(r"^((?:[A-Za-z]{3,9},?\s)?)([1-3]) (\d)(?=[/.-](?:\d{1,2}|[A-Za-z]{3})[/.-]\d{2})")
# A lone digit left before a date's first number where it cannot be rejoined ("Sent; 1 1/21/2015"):
# whether it is the number's, no one can say.
_LONE_DIGIT_BEFORE = re.compile(r"(?<![\w/.:-])[1-3] $")
_SPLIT_ISO_DAY = re.compile(r"(?<=\d{4}-\d{2}-)([1-3]) (\d)(?=[\sT]\d)")
# OCR read the day's first digit as a letter, glued to the second ("Fri, l3 Mar 2015", "|6 March";
# a serif 1 read "f", "[" or "!" before or after the month: "March f4. 2017", "March [4.2017").
_DAY_LETTER = re.compile(
    r"(?<![A-Za-z0-9])[lI|f!\[](?=\d\s?[A-Za-z]{3})|(?<=[A-Za-z]{3}[.\s])[f!\[](?=\d[,.]?\s?(?:19|20)\d{2}(?!\d))"
)
# (before AM/PM only into 10-12: "2 1:30 PM" may be 1:30 PM with a speck, never 21:30 PM)
_NO_MERIDIEM = r"(?!\s?:?\s?\d{0,2}\s?[AaPp]\.?\s?[Mm])"
_SPLIT_HOUR = re.compile(r"^((?:[\s,T]|at)*)(?:(1) ([0-2]\s?:\s?[0-5]\d)|(1) ([3-9]\s?:\s?[0-5]\d)" + _NO_MERIDIEM
                         + r"|(2) ([0-3]\s?:\s?[0-5]\d)" + _NO_MERIDIEM + ")")
_SPLIT_MINUTE = re.compile(r"(?<![\d:])(\d{1,2}\s?:\s?[0-5]) (\d\s?[AaPp]\.?\s?[Mm](?![A-Za-z]))")
_DIGIT_RUN = re.compile(r"\d")  # a digit after the day that no clock reading took: a damaged time
# An offset printed right after the clock ("-0400", "(+05:30)"), or after UTC/GMT within the
# words after it ("GMT+1", "UTC-5", "UTC+5:30"); a number further on is no zone ("Ref 19-0412").
_OFFSET = re.compile(r"\(?([+-])(\d{2}):?(\d{2})(?!\d)")
_NAMED_OFFSET = re.compile(r"(?<![A-Za-z])(?:UTC|GMT)\s?([+-])(\d{1,2})(?::?(\d{2}))?(?!\d)")
_ZONE_WORD = re.compile(r"(?<![A-Za-z])(UTC|GMT|Z|[ECMPH][SD]T|AK[SD]T)(?![A-Za-z])")
# Outlook and BlackBerry print the Windows zone name: "01:30 PM Central Standard Time". It
# names the zone, not whether summer time applied ("Central Standard Time" in August is
# UTC-5), so the offset comes from the zone's rules for that date.
_ZONE_REGIONS = {"eastern": "America/New_York", "central": "America/Chicago", "mountain": "America/Denver",
                 "pacific": "America/Los_Angeles", "alaska": "America/Anchorage", "hawaii": "Pacific/Honolulu"}
_ZONE_NAME = re.compile(r"(Eastern|Central|Mountain|Pacific|Alaska|Hawaii)\s(Standard|Daylight)\sTime", re.IGNORECASE)
# Outlook prints a Windows zone by its display name, "(UTC-05:00) Eastern Time (US & Canada)"
# ("(GMT-05:00) …" before 2010): the offset in it is the zone's standard one whatever the date,
# so the zone's rules give the offset in force that day. Keyed by the name's first place
# (Windows' own table, the zones of the US, Europe and the capitals mail is most often sent from).
_WINDOWS_ZONES = {
    "hawaii": "Pacific/Honolulu", "alaska": "America/Anchorage", "pacific time": "America/Los_Angeles",
    "arizona": "America/Phoenix", "mountain time": "America/Denver", "central time": "America/Chicago",
    "saskatchewan": "America/Regina", "guadalajara": "America/Mexico_City", "central america": "America/Guatemala",
    "eastern time": "America/New_York", "indiana": "America/Indiana/Indianapolis", "bogota": "America/Bogota",
    "atlantic time": "America/Halifax", "caracas": "America/Caracas", "newfoundland": "America/St_Johns",
    "brasilia": "America/Sao_Paulo", "buenos aires": "America/Argentina/Buenos_Aires",
    "city of buenos aires": "America/Argentina/Buenos_Aires", "coordinated universal time": "UTC",
    "dublin": "Europe/London", "greenwich mean time": "Europe/London", "monrovia": "Atlantic/Reykjavik",
    "casablanca": "Africa/Casablanca", "amsterdam": "Europe/Berlin", "belgrade": "Europe/Budapest",
    "brussels": "Europe/Paris", "sarajevo": "Europe/Warsaw", "west central africa": "Africa/Lagos",
    "athens": "Europe/Bucharest", "helsinki": "Europe/Helsinki", "jerusalem": "Asia/Jerusalem",
    "cairo": "Africa/Cairo", "harare": "Africa/Johannesburg", "beirut": "Asia/Beirut", "amman": "Asia/Amman",
    "istanbul": "Europe/Istanbul", "moscow": "Europe/Moscow", "kuwait": "Asia/Riyadh", "baghdad": "Asia/Baghdad",
    "nairobi": "Africa/Nairobi", "tehran": "Asia/Tehran", "abu dhabi": "Asia/Dubai", "kabul": "Asia/Kabul",
    "islamabad": "Asia/Karachi", "chennai": "Asia/Kolkata", "kathmandu": "Asia/Kathmandu", "dhaka": "Asia/Dhaka",
    "astana": "Asia/Almaty", "bangkok": "Asia/Bangkok", "beijing": "Asia/Shanghai", "kuala lumpur": "Asia/Singapore",
    "perth": "Australia/Perth", "taipei": "Asia/Taipei", "osaka": "Asia/Tokyo", "seoul": "Asia/Seoul",
    "adelaide": "Australia/Adelaide", "darwin": "Australia/Darwin", "brisbane": "Australia/Brisbane",
    "canberra": "Australia/Sydney", "hobart": "Australia/Hobart", "guam": "Pacific/Port_Moresby",
    "auckland": "Pacific/Auckland",
}  # fmt: skip
# "(UTC-05:00) Eastern Time", "(GMT) Greenwich Mean Time : Dublin, …", "(UTC) Dublin, …": the
# printed standard offset (none for UTC itself) and the name up to its first comma or bracket.
_ZONE_DISPLAY = re.compile(r"\(\s?(?:UTC|GMT)\s?(?:([+-])(\d{1,2}):?(\d{2}))?\s?\)\s?([A-Za-z][A-Za-z .'-]*)")
# OCR letters read inside digit runs: "ll/13/2018", "2O18", "1O:15", "&38 AM" (an 8 read "&").
_DIGITISH = re.compile(r"(?<![A-Za-z])[0-9OolI|SB&]{1,4}(?=[/:.\-,\s]|$)")
_DIGIT_MAP = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1", "S": "5", "B": "8", "&": "8"})


# (words a letter from a month that are words: a weekday, "Now", "Day", "Can", "Fed")
_NOT_MONTHS = frozenset({"mon", "tue", "wed", "thu", "fri", "sat", "sun", "now", "day", "can", "fed", "jar"})


def _fix_month(word: str) -> tuple[int | None, bool]:
    """Month number for a word and whether OCR repair was needed."""
    key = word.casefold()
    if key in _MONTHS:
        return _MONTHS[key], False
    repaired = key.replace("rn", "m").replace("0", "o").replace("1", "l").replace("vv", "w")
    if repaired in _MONTHS:
        return _MONTHS[repaired], True
    if repaired.replace("ni", "m").replace("in", "m") in _MONTHS:
        return _MONTHS[repaired.replace("ni", "m").replace("in", "m")], True
    if len(key) >= 5:
        for name, number in _MONTHS.items():
            if len(name) >= 5 and _within_one_edit(repaired, name):
                return number, True
    if len(key) == 3 and key.isalpha() and key not in _NOT_MONTHS:
        # an abbreviation a letter of which OCR misread, the only month a letter from it ("Aov"
        # for "Nov"; "Jbn" is Jan or Jun, and stays unread)
        near = {number for name, number in _MONTHS.items() if len(name) == 3
                and sum(a != b for a, b in zip(key, name, strict=True)) == 1}
        if len(near) == 1:
            return near.pop(), True
    return None, False


def _repair_digits(text: str) -> tuple[str, bool]:
    changed = False

    def fix(match: re.Match[str]) -> str:
        nonlocal changed
        token = match.group(0)
        if token.isdigit() or not any(ch.isdigit() for ch in token) and len(token) < 2:
            return token
        if sum(ch.isdigit() for ch in token) == 0 and token not in (
            "ll",
            "lI",
            "Il",
            "II",
            "l1",
            "O0",
        ):
            return token
        fixed = token.translate(_DIGIT_MAP)
        if fixed != token:
            changed = True
        return fixed

    lead = _SLASHED_LEAD.sub(lambda match: match.group(0).translate(_DIGIT_MAP), text)
    return _DIGITISH.sub(fix, lead), changed or lead != text


# OCR failure, scans: a slashed date's month read as letters alone ("OS/19/2021" for 05/19/2021):
# lookalikes of digits, and a slash and a day after them.
_SLASHED_LEAD = re.compile(r"(?<![\w/])[OoSlIB|]{1,2}(?=/\d{1,2}/\d{2,4}\b)")


def _valid(year: int, month: int, day: int) -> bool:
    return (
        1 <= month <= 12
        and 1900 <= year <= 2100
        and 1 <= day <= calendar.monthrange(year, month)[1]
    )


def _weekday_in(text: str) -> int | None:
    for word in _WORD.findall(text):
        key = word.casefold()
        if key in _WEEKDAYS:
            return _WEEKDAYS[key]
    return None


# OCR failure: a redaction box printed over the top of a date line cuts the tops off its
# glyphs, and OCR reads the digits as letters ("Thursday, August U8, 2U13", "ZUL3" for
# 2013). Each letter may stand for the digits below; the printed weekday, however damaged,
# decides: the reading that falls on the weekday the word reads most like. An S is the lower
# bowl of a 3, 5 or 8 ("ZUIS" for 2013); where readings fall on the weekday alike (1 March 2003
# and 2008), none is taken and the thread's order chooses (ingest/emails.py).
_CUT_TOPS_DIGITS = {"U": "0", "u": "0", "O": "0", "o": "0", "D": "0", "Z": "2", "z": "2", "L": "1", "l": "1",
                    "I": "1", "i": "1", "|": "1", "S": "358", "s": "358", "B": "8", "g": "9"}
_CUT_TOPS_CLOCK = str.maketrans({"Z": "2", "z": "2", "U": "0", "O": "0", "l": "1", "I": "1"})
_CUT_TOPS_DATE = re.compile(r"([A-Za-z]{3,10})\.?\s?([0-9A-Za-z|]{1,2})\s?[,.]?\s?([0-9A-Za-z|]{4})(?![0-9A-Za-z])")
_MAX_READINGS = 64


def _digit_readings(token: str) -> list[str]:
    readings = [""]
    for char in token:
        options = char if char.isdigit() else _CUT_TOPS_DIGITS.get(char, "")
        readings = [r + o for r in readings for o in options][:_MAX_READINGS]
    return readings


def weekday_likeness(text: str) -> dict[int, float]:
    """How much a damaged first word ("tnursaay") reads as each weekday it may name."""
    word = next(iter(_WORD.findall(text[:20])), "").casefold()
    if len(word) < 5:  # a weekday's abbreviation printed whole ("Fri Apr s 19:53:56 2011")
        return {i: 1.0 for i, name in enumerate(calendar.day_abbr) if word in (name.casefold(), name.casefold() + ".")}
    ratios = {i: SequenceMatcher(None, word, name.casefold()).ratio() for i, name in enumerate(calendar.day_name)}
    return {i: ratio for i, ratio in ratios.items() if ratio >= 0.6}


def _cut_tops_day(work: str) -> _Day | None:
    days = _cut_tops_days(work)
    return days[0] if len(days) == 1 else None


def _cut_tops_days(work: str) -> list[_Day]:
    """The readings of a date whose glyph tops a box cut that fall on the weekday the printed
    one reads most like: one where it decides, several where they fall on it alike (an S read
    as 3 or 8, 2003 or 2008: for the thread's order to choose, :func:`cut_tops_readings`)."""
    likeness = weekday_likeness(work)
    if not likeness:
        return []
    tied: list[_Day] = []
    for match in _CUT_TOPS_DATE.finditer(work):
        month, _ = _fix_month(match.group(1))
        if month is None:
            continue
        fits = _cut_tops_fits(match, month, likeness)
        best = [fit for fit in fits if fit[0] == fits[0][0]] if fits else []
        days = [_Day(year, month, day, match.end(), damaged=True) for _, year, day in best]
        if len(days) == 1:
            return days
        tied = tied or days
    return tied


def _cut_tops_fits(match: re.Match[str], month: int, likeness: dict[int, float]) -> list[tuple[float, int, int]]:
    """(likeness of its weekday, year, day) of each reading of a cut-tops date falling on a
    weekday the printed one reads like, likeliest first."""
    fits = sorted({(likeness.get(calendar.weekday(int(y), month, int(d)), 0.0), int(y), int(d))
                   for d in _digit_readings(match.group(2)) for y in _digit_readings(match.group(3))
                   if _valid(int(y), month, int(d))}, reverse=True)
    return [fit for fit in fits if fit[0]]


def cut_tops_readings(raw: str) -> list[SentDate]:
    """Each reading (damaged) of a date whose glyph tops a box cut where several fall on its
    weekday alike and :func:`parse_date` reads none ("Saturday, March UI, ZUUS": 1 March 2003
    and 2008 were Saturdays): for the thread's order to choose. [] for any other value."""
    text = " ".join(raw[:_MAX_VALUE].split())
    if not text or parse_date(raw).iso:
        return []
    work, repaired = _repair_date_text(_date_value(text))
    if _plain_day(work, None)[0] is not None:
        return []
    days = _cut_tops_days(work)
    return [] if len(days) < 2 else [
        _dated(text, work[:day.end] + work[day.end:].translate(_CUT_TOPS_CLOCK), day, repaired) for day in days]


@dataclass(frozen=True)
class _Day:
    """A calendar date found in a header value, and where it ends."""

    year: int
    month: int
    day: int
    end: int
    ambiguous: bool = False
    damaged: bool = False


# OCR failures inside dates, repaired before reading: a year run into the time after it
# ("May 2, 201111:08 AM"), its clock's colon lost too where AM/PM still shows the clock's
# end ("July 2 2014801 AM", "July 3, 20185 45 PM": read as no date at all), a day of month
# read as letters ("April Z 2011").
_GLUED_YEAR = re.compile(
    r"(?<!\d)((?:19|20)\d{2})(?=\d{1,2}\s?:\s?\d{2}|(?:1[0-2]|0?[1-9])\s?[0-5]\d\s?[AaPp]\.?\s?[Mm](?![A-Za-z]))"
)
# ... or by a stop, a stop before its AM/PM too ("August 13. 2013.1151.AM")
_STOPPED_YEAR_CLOCK = re.compile(r"(?<!\d)((?:19|20)\d{2})\.((?:1[0-2]|0?[1-9])[0-5]\d)\.?\s?(?=[AaPp]\.?\s?[Mm](?![A-Za-z]))")
_LETTER_DAY = re.compile(
    r"(?<=[A-Za-z]{3}[.\s])\s?([OolIZS|]{1,2}|\d[OolIZS|]|[OolIZS|]\d)(?=,?\s?(?:19|20)\d{2}(?!\d))"
)
_DAY_MAP = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1", "S": "5", "Z": "2"})


# Layout family, BlackBerry and Unix mailers ("Sent: Wed Aug 07 14:02:11 EDT 2013", C's ctime):
# the year printed after the time. Read in the usual order: "Aug 07 2013 14:02:11 EDT" (a day OCR
# misread, "Fri Apr s 19:53:56 2011", as the weekday then says). The clock is moved as OCR read it,
# for the clock reader to mend ("14;02:11", "I4:02:11"), and so is a year OCR split ("2 013").
_YEAR_LAST = re.compile(
    r"([A-Za-z]{3,9})\.?\s?(\d{1,2}|[OolIZSsB|]|\d[OolIZS|]|[OolIZS|]\d)\s"
    r"([\dOolI|SBD]{1,2}\s?[:;.,i]\s?[\dOolI|SBD]{2}(?:\s?[:;.,i]\s?[\dOolI|SBD]{2})?)\s"
    r"(?:([A-Z]{2,5})\s?)?((?:1\s?9|2\s?0)\s?\d\s?\d)(?![\d:])"
)


def _year_in_place(text: str) -> str:
    return _YEAR_LAST.sub(lambda m: f"{m.group(1)} {m.group(2)} {m.group(5)} {m.group(3)} "
                                    f"{m.group(4) or ''}".rstrip(), text)


# OCR failure: a space read inside a month's name ("Augu st 08", "Sept ember").
_SPLIT_MONTH = re.compile(r"(?<![A-Za-z])([A-Za-z]{2,8}) ([a-z]{1,7})(?![A-Za-z])")


def _month_rejoined(match: re.Match[str]) -> str:
    word = match.group(1) + match.group(2)
    return word if word.casefold() in _MONTHS else match.group(0)


def _first_rejoined(match: re.Match[str]) -> str:
    word = match.group(1).rstrip(", ").casefold()
    return f"{match.group(1)}{match.group(2)}{match.group(3)}" if not word or word in _WEEKDAYS else match.group(0)


# OCR failure, any scanned print: a speck read as a colon between a month's name and its day
# ("May:10, 2015"), or as a mark inside the year after them ("March 14, 201.7 9:05 AM", "May 2,
# 20'15": the year's four digits).
_MONTH_COLON = re.compile(r"(?<=[A-Za-z]{3}):(?=\s?\d{1,2}(?:st|nd|rd|th)?[,.]?\s?(?:19|20)\d\d(?!\d))")
# ... a month's "l" read as "!" ("Apri! 05, 2012", "Ju!y 5"): no date prints one after a letter.
_MARK_FOR_L = re.compile(r"(?<=[A-Za-z]{2})!(?=[A-Za-z]|\s?\d)")
# ... a speck read as a stroke between "at" and the clock ("March 15, 2025 at|8:12 PM"): a space
_AT_STROKE = re.compile(r"(?<=\bat)[|!](?=\d)")
_SPECKED_YEAR = re.compile(r"([A-Za-z]{3,9}\.?\s?\d{1,2}(?:st|nd|rd|th)?[,.]?\s?)((?:19|20)\d?)[.,'’`](\d{1,2})(?![\d.,:])")


def _year_unspecked(match: re.Match[str]) -> str:
    year = match.group(2) + match.group(3)
    return match.group(1) + year if len(year) == 4 else match.group(0)


# OCR failure, any scanned print: the comma between a named month's day and the year read as a
# hyphen or a brace ("August 13-2013", "November 14} 2022"): no mailer prints one there.
_DASH_FOR_COMMA = re.compile(r"([A-Za-z]\.?\s\d{1,2})(?:-|[}\])]\s?)(?=(?:19|20)\d{2}(?!\d))")
# OCR failure, e-discovery exports' "Sent: 2017-09-11T16:38:45-04:00": the "T" read as a 1, l or |
# (the day's two digits and the clock's shape after it say where it stood)
_ISO_T_MISREAD = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})[1lI|](?=\d{2}:\d{2})")


def _repair_date_text(text: str, *, rejoin_day: bool = True) -> tuple[str, bool]:
    """The value with the OCR failures above undone, and whether any was (``rejoin_day``: the
    day's first digit split off or read as a letter rejoined too, which only a printed weekday
    can confirm: "1 3/3/2015" is the 13th, or the 3rd after a speck)."""
    repaired = _SPECKED_YEAR.sub(_year_unspecked, _MONTH_COLON.sub(" ", _DASH_FOR_COMMA.sub(r"\1, ", _MARK_FOR_L.sub("l", text))))
    repaired = _AT_STROKE.sub(" ", _ISO_T_MISREAD.sub(r"\1T", repaired))
    repaired = _SPLIT_YEAR.sub(lambda m: m.group(1).replace(" ", ""), repaired)
    repaired = _SPLIT_DAY.sub(r"\1\2", repaired)
    if rejoin_day:
        repaired = _DAY_LETTER.sub("1", _SPLIT_FIRST.sub(_first_rejoined, _SPLIT_ISO_DAY.sub(r"\1\2", repaired)))
    repaired = _SPLIT_MONTH.sub(_month_rejoined, _GLUED_YEAR.sub(r"\1 ", _STOPPED_YEAR_CLOCK.sub(r"\1 \2 ", repaired)))
    repaired = _LETTER_DAY.sub(lambda m: m.group(1).translate(_DAY_MAP), repaired)
    return repaired, repaired != text


def _iso_day(work: str) -> _Day | None:
    """2018-11-13, 2018/11/13."""
    match = _ISO_DATE.search(work)
    if match is None:
        return None
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
    return _Day(year, month, day, match.end()) if _valid(year, month, day) else None


def _named_month_day(work: str) -> _Day | None:
    """"November 13, 2018" (US order) first, then "13 November 2018"."""
    for pattern, month_group, day_group in ((_NAME_DATE_MDY, 1, 2), (_NAME_DATE_DMY, 2, 1), (_ORACLE_DATE, 2, 1)):
        for match in pattern.finditer(work):
            if day_group == 1 and _LONE_DIGIT_BEFORE.search(work, 0, match.start()):
                continue  # "Sent; 2 1-APR-00": the day may be 21 or 1
            month, fixed = _fix_month(match.group(month_group))
            year, day = _full_year(match.group(3)), int(match.group(day_group))
            if month is None:
                month, fixed = _short_month_on_weekday(match.group(month_group), year, day, work), True
            if month and _valid(year, month, day):
                return _Day(year, month, day, match.end(), damaged=fixed)
    return None


_CENTURY_PIVOT = 50  # two-digit years below it are 20xx, from it 19xx


def _full_year(digits: str) -> int:
    """The year a mailer means by "15" (2015) or "69" (1969); four digits as printed. A record
    released now was not written in 2050 or later, while memos of the 1950s and 1960s are released
    (a two-digit year from 70 on was always read as 19xx; 50 to 69 were read as 2050 to 2069)."""
    year = int(digits)
    return year if len(digits) > 2 else year + (2000 if year < _CENTURY_PIVOT else 1900)


def _compact_day(work: str) -> _Day | None:
    """20150303 before a clock."""
    match = _COMPACT_DATE.search(work)
    if match is None:
        return None
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
    return _Day(year, month, day, match.end()) if _valid(year, month, day) else None


def _short_month_on_weekday(word: str, year: int, day: int, work: str) -> int | None:
    """A short month name OCR misread by one letter ("Jnne", "Mav"), read as the one month
    near it whose date falls on the weekday printed before it. Too many months are one
    letter apart ("Mar", "May") to read such a word without a weekday."""
    weekday = _weekday_in(work)
    key = word.casefold()
    if weekday is None or not 3 <= len(key) <= 4:
        return None
    months = {number for name, number in _MONTHS.items() if len(name) == len(key) and _within_one_edit(key, name)
              and _valid(year, number, day) and calendar.weekday(year, number, day) == weekday}
    return months.pop() if len(months) == 1 else None


def _numeric_day(work: str, order: Order | None = None) -> _Day | None:
    """11/13/2018 or 13/11/18: US month/day order unless impossible; a printed weekday
    settles a date valid both ways, and one it cannot settle is ambiguous (unless the
    document settled the ``order`` its mailer prints)."""
    for candidate, repaired in ((work, False), _repair_digits(work)):
        match = _NUM_DATE.search(candidate)
        if not match or _LONE_DIGIT_BEFORE.search(candidate, 0, match.start()):
            continue
        first, second, year = int(match.group(1)), int(match.group(2)), _full_year(match.group(3))
        if order is not None and _valid(year, first, second) and _valid(year, second, first):
            month, day = (first, second) if order == "mdy" else (second, first)
            return _Day(year, month, day, match.end(), damaged=repaired)
        if _valid(year, first, second):
            month, day = first, second
            ambiguous = second <= 12 and first != second
            if ambiguous and _valid(year, second, first):
                weekday = _weekday_in(candidate)
                if weekday is not None:
                    us = calendar.weekday(year, first, second) == weekday
                    other = calendar.weekday(year, second, first) == weekday
                    if other and not us:
                        month, day = second, first
                    ambiguous = us == other
        elif _valid(year, second, first):
            month, day, ambiguous = second, first, False  # the first number cannot be a month
        elif (zeroed := _zero_misread(match.group(1))) is not None and _valid(year, zeroed, second) \
                and not _valid(year, second, zeroed) and _on_its_weekday(candidate, year, zeroed, second):
            # OCR failure, dark copies and faxes: a month's 0 read as 6, 8 or 9 ("69/13/2007"), the
            # one reading a month can have (no day either way round): damaged
            return _Day(year, zeroed, second, match.end(), damaged=True)
        else:
            continue
        # the end is an offset into ``candidate``, whose repairs keep lengths
        return _Day(year, month, day, match.end(), ambiguous=ambiguous, damaged=repaired)
    return None


def _zero_misread(printed: str) -> int | None:
    """A two-digit month whose 0 OCR read as 6, 8 or 9 ("69" for 09), as the month; else None (and
    for 61 and 62: 11 and 12 are months too)."""
    return int(printed[1]) if len(printed) == 2 and printed[0] in "689" and printed[1] in "3456789" else None


def _on_its_weekday(text: str, year: int, month: int, day: int) -> bool:
    """Whether the date falls on the weekday ``text`` prints (True when it prints none)."""
    weekday = _weekday_in(text)
    return weekday is None or calendar.weekday(year, month, day) == weekday


_CLOCK_MAP = {**_DIGIT_MAP, ord("U"): "0", ord("D"): "0"}


def _mended_clock(match: re.Match[str]) -> str:
    """The clock a match of ``_CLOCK_MISREAD``, ``_CLOCK_MISREAD_24`` or ``_CLOCK_LETTERS`` reads,
    "h:mm" or "h:mm:ss", its letters read as digits; the match as it was if they do not read."""
    if not any(char.isdigit() for char in match.group(0)):
        return match.group(0)
    parts = [part.translate(_CLOCK_MAP) for part in match.groups() if part]
    return ":".join(parts) if all(part.isdigit() for part in parts) else match.group(0)


def _hour_rejoined(match: re.Match[str]) -> str:
    return match.group(1) + "".join(part for part in match.groups()[1:] if part)


def _clock_found(after: str) -> tuple[str, re.Match[str] | None, bool]:
    """(the text with the clock's OCR failures undone, the clock in it or None, whether any was)."""
    after = _DOTTED_CLOCK.sub(r"\1:\2:\3", after)
    source = _SPLIT_MINUTE.sub(r"\1\2", _SPLIT_HOUR.sub(_hour_rejoined, _HOUR_LETTER.sub("1", after)))
    source = _SPACED_CLOCK_24.sub(r"\1\2:\3", _SPACED_CLOCK.sub(r"\1:\2:\3", _STOPPED_CLOCK.sub(r"\1:\2:\3", source)))
    match = _TIME.search(source)
    if match is None or _DEBRIS_BEFORE.search(source, 0, match.start()) or _CLOCK_GOES_ON.match(source, match.end()):
        # letters and misread colons mended only in a clock that needs it: a stamp after a clean
        # one ("7:17 PM B6") is no damage to it
        source = _SECOND_COLON_MISREAD.sub(r"\1:\2", _HOUR_COLON_MISREAD.sub(r"\1:\2", _repair_digits(source)[0]))
        source = _CLOCK_LETTERS.sub(_mended_clock, source)
        match = _TIME.search(source)
    damaged = source != after
    for shape in (_CLOCK_MISREAD, _CLOCK_MISREAD_24):
        mended = source if match else shape.sub(_mended_clock, source)
        if mended != source:
            source, damaged, match = mended, True, _TIME.search(mended)
    if match is None:
        match, damaged = _COLON_LOST.search(source), True
    return source, match, damaged


def _time_of_day(after: str) -> tuple[int, int, int, str, bool] | None:
    """(hour, minute, second, UTC offset or "", damaged) of the first clock time, or None."""
    source, match, damaged = _clock_found(after)
    if match is None or _DEBRIS_BEFORE.search(source, 0, match.start()):
        return None
    hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    meridiem = (match.group(4) or "").casefold()
    misread = None if meridiem else _MERIDIEM_MISREAD.match(source, match.end())
    if misread is not None:
        meridiem, damaged = "a" if misread.group(1) in "Aa" else "p", True
    elif not meridiem and (specked := _SPECKED_MERIDIEM.match(source, match.end())
                           or _LONE_MERIDIEM.match(source, match.end())):
        meridiem, damaged = specked.group(1).casefold(), True
    elif not meridiem and _DEBRIS_AFTER.match(source, match.end()):
        return None
    if meridiem and 1 <= hour <= 12:
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    elif meridiem and (hour == 0 or (hour > 12) != (meridiem == "p")):
        return None  # "13:05 AM", "00:56 AM": which one OCR misread is unknown (misread_hour_readings)
    if hour > 23 or minute > 59 or second > 59:
        return None
    tail = source[match.end() : match.end() + 40]
    offset = _OFFSET.match(tail.lstrip()) or _NAMED_OFFSET.search(tail[:20])
    word = _ZONE_WORD.search(tail[:20])
    zone = ""
    display = _ZONE_DISPLAY.search(source, match.end(), match.end() + 100)
    if display and display.start() - match.end() <= 20 and (named_zone := _windows_zone(display)):
        zone = named_zone
    elif offset and int(offset.group(2)) <= 14 and int(offset.group(3) or 0) < 60:
        zone = f"{offset.group(1)}{int(offset.group(2)):02d}:{offset.group(3) or '00'}"
    elif word:
        zone = _ZONES.get(word.group(1).casefold(), "")
    elif named := _ZONE_NAME.match(tail.lstrip()):
        zone = _ZONE_REGIONS[named.group(1).casefold()]  # resolved for the date by _offset_in
    return hour, minute, second, zone, damaged


def _windows_zone(display: re.Match[str]) -> str:
    """"America/New_York=-05:00" for a Windows zone display name the table holds (the zone, then
    the standard offset printed in it), else ""."""
    place = " ".join(display.group(4).split()).casefold()
    region = _WINDOWS_ZONES.get(place)
    if region is None:
        return ""
    sign, hours, minutes = display.group(1) or "+", display.group(2) or "0", display.group(3) or "00"
    return f"{region}={sign}{int(hours):02d}:{minutes}"


def _offset_in(zone: str, day: _Day, hour: int, minute: int) -> str:
    """"+hh:mm" for an offset as printed, or the named zone's offset at that local time. A zone
    named with its standard offset ("America/New_York=-05:00", a Windows display name) whose
    rules that day give another standard offset is read as the offset printed."""
    if not zone or zone[0] in "+-":
        return zone
    from datetime import datetime
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    zone, _, standard = zone.partition("=")
    try:
        moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(zone))
        offset, summer = moment.utcoffset(), moment.dst()
    except (ZoneInfoNotFoundError, ValueError):
        return standard
    if offset is None:
        return standard
    if standard and _hh_mm(offset - (summer or timedelta(0))) != standard:
        return standard
    return _hh_mm(offset)


def _hh_mm(offset: timedelta) -> str:
    """"-04:00" for a UTC offset."""
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def parse_date(raw: str, order: Order | None = None) -> SentDate:
    """Parse a printed header date ("Tuesday, November 13, 2018 3:45 PM") without guessing silently.

    Steps: undo known OCR failures; find the calendar date (ISO, then a named month,
    then numbers); read the clock time after it. Certainty says whether a repair was
    needed ("damaged") or the day/month order could not be settled ("ambiguous").
    ``order``: the day/month order of numeric dates, where the document settles it.
    """
    text = " ".join(raw[:_MAX_VALUE].split())
    if not text:
        return SentDate(None, text, "missing")
    value = _date_value(text)
    work, repaired = _repair_date_text(value)
    plain, plain_repaired = _repair_date_text(value, rejoin_day=False)
    read = _read_date(text, work, repaired, order)
    if work == plain:
        return read
    past = _read_date(text, plain, plain_repaired, order)
    if read.iso == past.iso:  # the rejoining changed nothing the date reads
        return read
    # a day's digit rejoined: only as the printed weekday confirms, the rejoined day or the day
    # read past the stray digit; with no weekday, or neither confirmed, no date
    weekday = _weekday_in(value)
    for sent in (read, past):
        if weekday is not None and sent.iso and sent.certainty != "ambiguous" and _falls_on(sent.iso, weekday):
            return SentDate(sent.iso, text, "damaged")
    return SentDate(None, text, "missing")


def _date_value(text: str) -> str:
    """A printed date's value as the day finders read it: accents off, a year moved into place."""
    return _year_in_place(_without_accents(text[:200]))


def _plain_day(work: str, order: Order | None) -> tuple[_Day | None, str]:
    """The day a value prints as a date (ISO, a named month, compact, numbers), and the value
    with a numeric date's misread digits repaired."""
    found = _iso_day(work) or _named_month_day(work) or _compact_day(work)
    if found is None:
        found = _numeric_day(work, order)
        if found is not None and found.damaged:
            work = _repair_digits(work)[0]
    if found is None:
        # OCR failure, any scanned print: a letter read for a digit of an ISO or day-first date
        # ("2017-03-l4", "14 Mar 2O17"), which no other reading of it takes
        digits, repaired = _repair_digits(work)
        found = (_iso_day(digits) or _named_month_day(digits)) if repaired else None
        if found is not None:
            found, work = replace(found, damaged=True), digits
    return found, work


def _read_date(text: str, work: str, repaired: bool, order: Order | None) -> SentDate:
    """The date in ``work`` (``text`` with its OCR failures undone), as ``parse_date`` reads it."""
    found, work = _plain_day(work, order)
    if found is None:
        found = _cut_tops_day(work)
        if found is not None:
            work = work[: found.end] + work[found.end :].translate(_CUT_TOPS_CLOCK)
    if found is None:
        found = _misread_month_day(text, work)
    if found is None:
        return SentDate(None, text, "missing")
    return _dated(text, work, found, repaired)


# OCR failure of faxed and faint scans: a month's name misread past one edit ("Octotrar",
# "Novembszr": a b read as "tr" or "sz"). The printed weekday decides: of the months the word
# reads like, the one whose day of that year falls on it, where exactly one does.
_MISREAD_MONTH_DATE = re.compile(r"([A-Za-z]{5,10})\.?\s?(\d{1,2})\s?[,.]?\s?(\d{4})(?!\d)")
_MONTH_LIKE = 0.6  # similarity of a misread month's name to the name printed


def _misread_month_day(text: str, work: str) -> _Day | None:
    weekday = _printed_weekday(text)
    if weekday is None:
        return None
    for match in _MISREAD_MONTH_DATE.finditer(work):
        word, day, year = match.group(1).casefold(), int(match.group(2)), int(match.group(3))
        if _fix_month(word)[0] is not None or word in _WEEKDAYS:
            continue
        months = {number for name, number in _MONTHS.items()
                  if len(name) >= 5 and SequenceMatcher(None, word, name).ratio() >= _MONTH_LIKE
                  and _valid(year, number, day) and calendar.weekday(year, number, day) == weekday}
        if len(months) == 1:
            return _Day(year, months.pop(), day, match.end(), damaged=True)
    return None


def _dated(text: str, work: str, found: _Day, repaired: bool) -> SentDate:
    """The day found with the clock time after it, and how sure the reading is."""
    day = f"{found.year:04d}-{found.month:02d}-{found.day:02d}"
    clock = _time_of_day(work[found.end:])
    if clock is None:  # no time printed (or none readable): the day alone, never midnight
        iso, clock_damaged = day, bool(_DIGIT_RUN.search(work[found.end:]))
    else:
        hour, minute, second, zone, clock_damaged = clock
        iso = f"{day}T{hour:02d}:{minute:02d}:{second:02d}{_offset_in(zone, found, hour, minute)}"
    damaged = repaired or found.damaged or clock_damaged
    half_unread = clock is not None and _HALF_UNREAD.search(work, found.end, found.end + 40) is not None
    certainty: Certainty = "ambiguous" if found.ambiguous or half_unread else "damaged" if damaged else "exact"
    return SentDate(iso, text, certainty)


# OCR failure of faint or faxed scans: a 12-hour clock's A or P read as a glyph no letter is
# ("1:51 &M"), as a digit ("1:46 2M", "11:18 4M": was read exact, 01:46) or as a capital neither
# is read for ("1:23 EM", "1:23 BM": read exact, 01:23; F and R are P's, "GMT" a zone), or lost
# with the M left ("4:05 M"): the hour
# may be either half's. The date is ambiguous, its readings the thread's order may choose between
# (ingest/emails.py), as a numeric date valid both ways.
_HALF_UNREAD = re.compile(r"(?<![\d:])(?:0?[1-9]|1[0-2])\s?:\s?[0-5]\d(?::[0-5]\d)?"
                          r"(\s?[^\sA-Za-z.,;:|][Mm](?![a-z])|\s?[BCDEHKLNOSUVWXYZ]M(?![A-Za-z])|\s[Mm](?![A-Za-z]))")


def meridiem_readings(raw: str, *, lost: bool = False) -> list[SentDate]:
    """The morning and the afternoon readings (damaged) of a date whose clock's AM/PM OCR could
    not read ("Friday, July 26, 2013 1:51 &M"); with ``lost``, also of one whose clock prints an
    hour of 1 to 12 and no AM/PM at all ("Tuesday, August 13.2013 10:57."), where the caller
    knows the mailer prints AM/PM (``clock_halves``); [] for any other value."""
    text = " ".join(raw[:_MAX_VALUE].split())
    read = parse_date(text)
    unread = _HALF_UNREAD.search(text)
    if unread is not None and read.certainty == "ambiguous":
        readings = [parse_date(text[:unread.start(1)] + half + text[unread.end(1):]) for half in (" AM", " PM")]
        return [SentDate(r.iso, text, "damaged") for r in readings if r.iso]
    if not lost or read.certainty == "ambiguous" or read.iso is None or "T" not in read.iso:
        return []
    for clock in _BARE_CLOCK.finditer(text):
        isos = [parse_date(text[:clock.end()] + half + text[clock.end():]).iso for half in (" AM", " PM")]
        if isos[0] and isos[1] and isos[0] != isos[1] and read.iso[:16] in (isos[0][:16], isos[1][:16]):
            return [SentDate(iso, text, "damaged") for iso in isos if iso]
    return []


# OCR failure of scanned prints: a 12-hour clock's hour read with a digit's lookalike 0 ("00:56 AM"
# for 08:56, "0:15 PM" for 6:15). A mailer set to a 24-hour clock with AM/PM prints it too ("00:56
# AM", "13:02 PM"): only its other clocks tell (``prints_24_hour_clock_with_half``).
_ZERO_HOUR = re.compile(r"(?<![\d:])(0{1,2})(\s?:\s?[0-5]\d(?::[0-5]\d)?\s?[AaPp]\.?\s?[Mm]\.?)(?![A-Za-z])")
_PAST_NOON_WITH_HALF = re.compile(r"(?<![\d:])(?:1[3-9]|2[0-3])\s?:\s?[0-5]\d(?::[0-5]\d)?\s?[Pp]\.?\s?[Mm]\.?(?![A-Za-z])")


def misread_hour_readings(raw: str) -> list[SentDate]:
    """The readings (damaged) of a date whose clock prints the hour 0 and AM/PM: as a 24-hour
    clock's (00:56), and changing one of its zeros into a digit OCR takes it for
    (``_DIGIT_LOOKALIKES``) to make an hour of 1 to 12, for the thread's order to choose, in time
    order; [] for any other value."""
    text = " ".join(raw[:_MAX_VALUE].split())
    clock = _ZERO_HOUR.search(text)
    if clock is None:
        return []
    zeros = clock.group(1)
    hours = {zeros[:at] + other + zeros[at + 1:] for at in range(len(zeros)) for other in _DIGIT_LOOKALIKES["0"]}
    isos = [iso for hour in sorted(hour for hour in hours if 1 <= int(hour) <= 12)
            if (iso := parse_date(text[:clock.start()] + hour + text[clock.end(1):]).iso) and "T" in iso]
    if isos and clock.group(2).lstrip(" :0123456789").startswith(("A", "a")):
        isos.insert(0, isos[0][:11] + "00" + isos[0][13:])  # a 24-hour clock's, as printed
    return [SentDate(iso, text, "damaged") for iso in isos]


def prints_24_hour_clock_with_half(raw: str) -> bool:
    """Whether a date's clock prints an afternoon hour of a 24-hour clock with PM ("13:02 PM"):
    its mailer's clock runs 0 to 23, so its "00:56 AM" is as printed."""
    return bool(_PAST_NOON_WITH_HALF.search(" ".join(raw[:_MAX_VALUE].split())))


# OCR failure of faint and faxed scans: a 12-hour clock's AM/PM lost whole or read as a speck
# ("Tuesday, August 13.2013 10:57."): the clock reads as a 24-hour clock's morning. Only the
# document tells that from a 24-hour mailer's morning (``clock_halves`` of its other dates).
_BARE_CLOCK = re.compile(r"(?<![\d:])(?:0?[1-9]|1[0-2])\s?:\s?[0-5]\d(?::[0-5]\d)?(?![\d:])"
                         r"(?![\s.,;:'`|]{0,3}[AaPpRF&][.\s]?[Mm]?(?![A-Za-z]))")
_PRINTED_HALF = re.compile(r"(?<![\d:])\d{1,2}\s?:\s?[0-5]\d(?::[0-5]\d)?\s?[AaPp]\.?\s?[Mm]\.?(?![A-Za-z])")
_ONLY_24 = re.compile(r"(?<![\d:])(?:1[3-9]|2[0-3]|00)\s?:\s?[0-5]\d(?::[0-5]\d)?(?![\d:])"
                      r"(?!\s?[AaPp]\.?\s?[Mm](?![A-Za-z]))")


_SECONDS = re.compile(r"\d\s?:\s?[0-5]\d\s?:\s?[0-5]\d")


def mailer_shape(raw: str) -> str:
    """What tells apart the mailers whose dates one printed chain quotes, their clocks' halves
    aside: the shape of a date printed in numbers (``numeric_shape``), "iso" (year first) or
    "named" (its month's name), "w" after it where a weekday leads, "s" where its clock prints
    seconds ("Sunday, March 27, 2011 12:32 PM" is "named w"; "Sun Mar 27 12:12:03 2011" "named w
    s"; "2020/10/14 06:55:28" "iso s")."""
    text = " ".join(raw[:_MAX_VALUE].split())
    return ((numeric_shape(text) or ("iso" if _iso_day(text) else "named")) + (" w" if _printed_weekday(text) is not None else "")
            + (" s" if _SECONDS.search(text) else ""))


def clock_halves(raw: str) -> str:
    """How a printed date's clock tells the half of the day: "12h" (AM/PM printed: "3:45 PM"),
    "24h" (an hour only a 24-hour clock prints: "15:45", "00:30"), "bare" (an hour of 1 to 12
    without AM/PM: a 24-hour clock's morning, or a 12-hour clock's whose AM/PM OCR lost), ""
    (no clock read)."""
    text = " ".join(raw[:_MAX_VALUE].split())
    if _PRINTED_HALF.search(text) or _HALF_UNREAD.search(text):
        return "12h"
    if _ONLY_24.search(text):
        return "24h"
    return "bare" if meridiem_readings(text, lost=True) else ""


def weekday_disagrees(sent: SentDate) -> bool:
    """Whether the weekday a date is printed with ("Saturday, October 06, 2011") is not the
    date's own: a mailer prints the right one, so OCR misread a digit into another date."""
    weekday = _printed_weekday(sent.raw)
    return weekday is not None and sent.iso is not None and not _falls_on(sent.iso, weekday)


def _printed_weekday(raw: str) -> int | None:
    """The weekday a date value starts with ("Saturday, October 06, 2011"), or None; a full name
    OCR misread by one letter, or its y read w or v, is the one weekday it is that near
    ("luesday", "Fuesdaw": the weekday that mends a date's digits only, never read as a date)."""
    word = " ".join(_WORD.findall(raw[:30])[:1])
    weekday = _weekday_in(word)
    key = word.casefold()
    if weekday is not None or len(key) < _SHORTEST_DAY_NAME:
        return weekday
    key = key[:-1] + "y" if key[-3:] in ("daw", "dav") else key
    near = {number for number, name in enumerate(_DAY_NAMES) if _within_one_edit(key, name)}
    return near.pop() if len(near) == 1 else None


_DAY_NAMES = tuple(name.casefold() for name in calendar.day_name)
_SHORTEST_DAY_NAME = 6  # "Monday"


# OCR failure of scanned prints: a digit of the day or year read as another digit of like
# shape ("2012" as "2072", "2011" as "2017", "11" as "14", a fax's "2012" as "2032"), so the date
# still reads but no longer falls on the weekday printed before it. The pairs of digits OCR takes
# for one another:
_LOOKALIKE_PAIRS = ("17", "14", "08", "38", "58", "56", "68", "89", "12", "23", "06", "13")
_DIGIT_LOOKALIKES = {digit: "".join(pair.replace(digit, "", 1) for pair in _LOOKALIKE_PAIRS if digit in pair)
                     for digit in "0123456789"}
_MOST_MISREAD = 2  # digits a weekday reading may change
_EARLIEST_MAIL = 1970  # no reading is mended into a year before email


def weekday_readings(raw: str, latest_year: int) -> list[SentDate]:
    """The readings (damaged) of a printed date whose weekday disagrees with it that change the
    fewest digits of its day and year, each into one OCR takes it for, to fall on the printed
    weekday, in years up to ``latest_year``; for a year still to come, where no one such digit does,
    one digit of the year changed into any before two into lookalikes ("2044" for 2024: no email is
    sent in the future). Several where
    several change as few (for the thread's order to choose); [] where the weekday agrees, none
    is printed, or nothing fits."""
    text = " ".join(raw[:_MAX_VALUE].split())
    weekday = _printed_weekday(text)
    work, _ = _repair_date_text(_date_value(text))
    found, work = _plain_day(work, None)
    if weekday is None or found is None or found.ambiguous:
        return []
    printed = f"{found.year:04d}{found.day}"
    if calendar.weekday(found.year, found.month, found.day) == weekday:
        return []
    readings = {printed}
    lettered = _read_from_letters(text, printed, found)
    # a month's name one letter from another's ("Jun" read for "Jan"): as near as one digit misread
    months = [r for r in month_readings(_dated(text, work, found, True))
              if found.year <= latest_year and _falls_on(r.iso or "", weekday)]
    for _ in range(_MOST_MISREAD):
        readings = {reading[:at] + other + reading[at + 1:] for reading in readings
                    for at, digit in enumerate(reading) if digit == printed[at] for other in _DIGIT_LOOKALIKES[digit]}
        fits = {reading for reading in readings if _EARLIEST_MAIL <= int(reading[:4]) <= latest_year
                and _valid(int(reading[:4]), found.month, int(reading[4:]))
                and calendar.weekday(int(reading[:4]), found.month, int(reading[4:])) == weekday}
        fits = {r for r in fits if all(at in lettered for at in range(len(r)) if r[at] != printed[at])} or fits
        days = [_dated(text, work, _Day(int(r[:4]), found.month, int(r[4:]), found.end, damaged=True), True) for r in fits]
        if days or months:
            return sorted(days + months, key=lambda reading: reading.iso or "")
        months = []
        if found.year > latest_year:  # a year still to come: one of its digits misread, whichever (before two)
            years = {int(printed[:at] + other + printed[at + 1:4]) for at in range(4) for other in "0123456789"}
            if future := [_dated(text, work, _Day(year, found.month, found.day, found.end, damaged=True), True)
                          for year in sorted(years) if _EARLIEST_MAIL <= year <= latest_year and
                          _valid(year, found.month, found.day) and calendar.weekday(year, found.month, found.day) == weekday]:
                return future
    return []


# The months whose names OCR reads for one another by one letter ("Jan" and "Jun", "Jun" and "Jul")
_MONTH_LOOKALIKES = {1: (6,), 6: (1, 7), 7: (6,)}


def month_readings(sent: SentDate) -> list[SentDate]:
    """The readings (damaged) of a date whose month's name OCR may have read as another's one
    letter off ("Jun" for "Jan"): the same day and clock in each lookalike month it is valid in; []
    for a date printing its month in digits, or none."""
    if not sent.iso or not _named_month(sent.raw, int(sent.iso[5:7])):
        return []
    year, day = int(sent.iso[:4]), int(sent.iso[8:10])
    return [SentDate(f"{sent.iso[:5]}{month:02d}{sent.iso[7:]}", sent.raw, "damaged")
            for month in _MONTH_LOOKALIKES.get(int(sent.iso[5:7]), ()) if _valid(year, month, day)]


def _named_month(text: str, month: int) -> bool:
    """Whether a date value names its month ``month`` in letters (not "06/02/2013")."""
    return any(_fix_month(word)[0] == month for word in re.findall(r"[A-Za-z]{3,9}", text))


def _read_from_letters(text: str, printed: str, found: _Day) -> set[int]:
    """The places in ``printed`` (a date's year and day run together, as weekday_readings reads
    them) of digits OCR read as letters ("1B" for the 13th, "2O15"): the glyphs it failed on,
    likelier misread than the digits it read as digits."""
    places: set[int] = set()
    for match in _DIGITISH.finditer(text):
        token = match.group(0)
        digits = token.translate(_DIGIT_MAP)
        if token.isdigit() or not digits.isdigit():
            continue
        start = 0 if digits == f"{found.year:04d}" else 4 if digits.lstrip("0") == str(found.day) else None
        if start is not None:
            skipped = len(digits) - len(digits.lstrip("0")) if start else 0
            places |= {start + at - skipped for at, char in enumerate(token) if not char.isdigit() and at >= skipped}
    return places


# OCR failure of scanned prints, light copies most: a year read past the calendar, a digit
# misread ("2913" for 2013), a speck read as one digit more ("20173", "20135"), or its last digit
# read as a mark ("201/", "201)"), so no date reads at all. The readings that change one of its
# digits, drop one, or read the mark as a digit of its shape, to fall on the weekday printed
# before it, in a year of email up to ``latest_year``.
_MARK_DIGITS = {"/": "17", ")": "13", "]": "1", "|": "1", "!": "1"}  # the digits a mark is read for
_YEAR_PAST_CALENDAR = re.compile(r"([A-Za-z]{3,10})\.?\s?(\d{1,3})\s?[,.]?\s?(\d{4,5}|\d{3}[/)\]|!])(?![\d/)\]|!])")


def misread_year_readings(raw: str, latest_year: int) -> list[SentDate]:
    """The readings (damaged) of a printed date that reads as none for a year no email was sent
    in, each changing or dropping one digit of it to fall on its printed weekday (for the
    thread's order to choose where several do), or for a day past its month's end, each changing
    one digit of the day into a lookalike to fall on it; [] for any other value."""
    text = " ".join(raw[:_MAX_VALUE].split())
    weekday = _printed_weekday(text)
    if weekday is None or parse_date(raw).iso:
        return []
    work, _ = _repair_date_text(_date_value(text))
    for match in _YEAR_PAST_CALENDAR.finditer(work):
        month, _ = _fix_month(match.group(1))
        printed, day = match.group(3), int(match.group(2))
        if month is None:
            continue
        if printed.isdigit() and _EARLIEST_MAIL <= int(printed) <= latest_year:
            if _valid(int(printed), month, day):
                continue
            # the year is one of email, the day past the month's end: a digit of it misread
            # into a lookalike ("August 68" for 08), or a speck read as a digit more ("September
            # 716" for 16)
            printed_day = match.group(2)
            days = {int(printed_day[:at] + printed_day[at + 1:]) for at in range(3)} if len(printed_day) == 3 else {
                int(printed_day[:at] + other + printed_day[at + 1:])
                for at, digit in enumerate(printed_day) for other in _DIGIT_LOOKALIKES[digit]}
            year = int(printed)
            fits = sorted(d for d in days if _valid(year, month, d) and calendar.weekday(year, month, d) == weekday)
            return [_dated(text, work, _Day(year, month, d, match.end(), damaged=True), True) for d in fits]
        years = ({printed[:3] + digit for digit in _MARK_DIGITS[printed[3]]} if not printed.isdigit() else
                 {printed[:at] + printed[at + 1:] for at in range(5)} if len(printed) == 5 else
                 {printed[:at] + digit + printed[at + 1:] for at in range(4) for digit in "0123456789"})
        fits = sorted(year for year in map(int, years) if _EARLIEST_MAIL <= year <= latest_year
                      and _valid(year, month, day) and calendar.weekday(year, month, day) == weekday)
        return [_dated(text, work, _Day(year, month, day, match.end(), damaged=True), True) for year in fits]
    return []


def _falls_on(iso: str, weekday: int) -> bool:
    """Whether the day of an ISO date is ``weekday`` (Monday 0)."""
    year, month, day = (int(part) for part in iso[:10].split("-"))
    return calendar.weekday(year, month, day) == weekday


def numeric_order(raw: str) -> tuple[str, Order] | None:
    """(shape, order) of a date printed with numbers whose order is plain ("13/08/2013" is
    "dmy", "08/13/2013" "mdy"); the shape (separator, digits of the year) tells mailers apart.
    None for any other date."""
    match = _numeric_date(raw)
    if match is None:
        return None
    first, second = int(match.group(1)), int(match.group(2))
    shape = f"{match.string[match.end(1)]}{len(match.group(3))}"
    if first > 12 >= second:
        return shape, "dmy"
    if second > 12 >= first:
        return shape, "mdy"
    return None


MailerKey = tuple[str, bool]


def mailer_key(raw: str) -> MailerKey | None:
    """Which mailer printed a numeric date: its shape (``numeric_order``) and whether its clock
    prints AM/PM, a locale's mark as much as its day and month order (a US mailer's "03/13/2015
    04:05 PM" says nothing of a UK one's "04/03/2015 16:05" quoted under it); None for another date."""
    shape = numeric_shape(raw)
    return (shape, clock_halves(raw) == "12h") if shape else None


def mailer_orders(raws: Iterable[str]) -> dict[MailerKey, set[Order]]:
    """The orders of day and month each mailer's plain numeric dates among ``raws`` print."""
    orders: dict[MailerKey, set[Order]] = {}
    for raw in raws:
        if (plain := numeric_order(raw)) is not None and (key := mailer_key(raw)) is not None:
            orders.setdefault(key, set()).add(plain[1])
    return orders


def numeric_shape(raw: str) -> str | None:
    """The shape (see ``numeric_order``) of a date printed with numbers, or None."""
    match = _numeric_date(raw)
    return f"{match.string[match.end(1)]}{len(match.group(3))}" if match else None


def _numeric_date(raw: str) -> re.Match[str] | None:
    work = " ".join(raw[:200].split())
    return None if _iso_day(work) or _named_month_day(work) else _NUM_DATE.search(work)


# OCR failure: the month's name lost or read as a speck ("Thursday, a 5, 2018 6:20 PM").
_MONTH_LOST = re.compile(r"([A-Za-z]{3,10})\.?,?\s(?:[^\s\d]{1,3}\s)?(\d{1,2}),?\s(\d{4})(?!\d)")


# ... its year lost: a month and a day, a clock right after them ("July 19, 11:07 AM", "Friday,
# July 19, 11:07 AM": a fax that lost the year's digits, a box that covered them)
_YEAR_LOST = re.compile(r"(?:([A-Za-z]{3,10}),?\s)?([A-Za-z]{3,10})\.?\s(\d{1,2})(?:st|nd|rd|th)?,?\s"
                        r"(?:[^\W\d_]{1,4}[.,]?\s)?(?=\d{1,2}\s?:\s?\d{2})")  # (the year read as letters: "par")
_YEARS_BACK = 6  # the years before its reply's a copy with a weekday is looked for in (a printed thread spans few)
_YEARS_ON = 1  # ... and after the newest message it quotes, a top message's (a reply follows soon)


def date_not_after(raw: str, later: str) -> SentDate:
    """A quoted copy's date whose month or year OCR lost, read from what is left of it.

    A printed chain runs newest first (any client), so the copy was sent no later than
    the message quoting it (``later``, ISO): its day is the latest with that weekday,
    day and year up to then (:func:`_year_not_after` when the year is what was lost).
    Recorded as damaged; "missing" when nothing fits.
    """
    text = " ".join(raw[:_MAX_VALUE].split())
    match = _MONTH_LOST.search(text[:200])
    weekday = _WEEKDAYS.get(match.group(1).casefold()) if match else None
    if match is None or weekday is None:
        return _year_not_after(text, later)
    year, day = int(match.group(3)), int(match.group(2))
    months = [month for month in range(1, 13) if _valid(year, month, day)
              and calendar.weekday(year, month, day) == weekday and f"{year:04d}-{month:02d}-{day:02d}" <= later[:10]]
    if not months:
        return SentDate(None, text, "missing")
    return _dated(text, text[:200], _Day(year, months[-1], day, match.end(), damaged=True), True)


def _without_year(text: str) -> tuple[str, re.Match[str], int, int | None] | None:
    """(the value from its first word, the match, the month, the weekday printed or None) of a
    date printed whole but for its year (``_YEAR_LOST``); None for any other value."""
    work = text[:200].lstrip(_LEAD_MARKS)
    match = _YEAR_LOST.match(work)
    month = _MONTHS.get(match.group(2).casefold()) if match else None
    weekday = _WEEKDAYS.get(match.group(1).casefold()) if match and match.group(1) else None
    if match is None or month is None or (match.group(1) and weekday is None):
        return None
    return work, match, month, weekday


def lost_its_year(text: str) -> bool:
    """Whether a value is a date printed whole but for its year: a month and day with a clock
    after them and nothing else (see :func:`date_not_after`)."""
    found = _without_year(text) if len(text) <= _MAX_PARTIAL else None
    return found is not None and found[0] == text and _CLOCK_ONLY.fullmatch(text[found[1].end():]) is not None


_MAX_PARTIAL = 40  # characters of a date line whose year was lost
_CLOCK_ONLY = re.compile(r"\d{1,2}\s?:\s?\d{2}(?::\d{2})?\s?(?:[AaPp]\.?\s?[Mm]\.?)?")


def date_not_before(raw: str, earlier: str) -> SentDate:
    """A top message's date whose year OCR lost or read as letters ("Wednesday, September 19,
    par 4:26 PM"), its weekday printed: the first year from ``earlier`` (ISO: the newest message
    it quotes) in which that day comes no sooner and falls on that weekday, the year after it
    at the latest (a reply follows what it quotes soon). Damaged, or "missing"."""
    text = " ".join(raw[:_MAX_VALUE].split())
    found = _without_year(text)
    if found is None or found[3] is None or not earlier[:4].isdigit():
        return SentDate(None, text, "missing")
    work, match, month, weekday = found
    day, first = int(match.group(3)), int(earlier[:4])
    years = [year for year in range(first, first + _YEARS_ON + 1) if _valid(year, month, day)
             and f"{year:04d}-{month:02d}-{day:02d}" >= earlier[:10] and calendar.weekday(year, month, day) == weekday]
    if not years:
        return SentDate(None, text, "missing")
    return _dated(text, work, _Day(years[0], month, day, match.end(), damaged=True), True)


_LEAD_MARKS = " :;|.,'\"‘’“”"  # what a label misread past reading leaves before its value (": | Wednesday")


def _year_not_after(text: str, later: str) -> SentDate:
    """A quoted copy's date printed with its month, day and clock but no year: the latest year
    up to ``later`` in which that day comes no later than it and falls on the weekday printed,
    no more than _YEARS_BACK years back; with no weekday, only ``later``'s own year (the day
    before it in that year). Damaged, or "missing"."""
    found = _without_year(text)
    if found is None or not later[:4].isdigit():
        return SentDate(None, text, "missing")
    work, match, month, weekday = found
    day, last = int(match.group(3)), int(later[:4])
    years = [year for year in range(last, last - (_YEARS_BACK if weekday is not None else 0) - 1, -1)
             if _valid(year, month, day) and f"{year:04d}-{month:02d}-{day:02d}" <= later[:10]
             and (weekday is None or calendar.weekday(year, month, day) == weekday)]
    if not years:
        return SentDate(None, text, "missing")
    return _dated(text, work, _Day(years[0], month, day, match.end(), damaged=True), True)


# --- Subjects and attachments -----------------------------------------------------------------

# Banners a receiving mail gateway writes into the subject of mail from outside ("[EXTERNAL]",
# "[External Email]", "*EXTERNAL*", "EXTERNAL:", "CAUTION - EXTERNAL:", "[Non-DoD Source]"):
# kept in the subject as printed (the gateway wrote them into its Subject header), no part of
# the thread's subject (read past, as reply prefixes are).
_BANNER = (r"\[\s?(?:external|ext|extern|caution|warning|non-[^\]]{1,20}source)\b[^\]]{0,30}\]"
           r"|\*{1,3}\s?external\s?\*{1,3}\s?:?|external(?:\s(?:email|sender|message))?\s?:"
           r"|caution\s?[-:]\s?external(?:\s(?:email|sender))?\s?:?")
_SUBJECT_PREFIX = re.compile(
    r"^\s{0,5}(?:(?:re|fw|fwd|aw|wg|tr|sv|vs|antw)\s?(?:\[\d{1,4}\]|\(\d{1,4}\))?\s?[:;]|" + _BANNER + ")",
    re.IGNORECASE,
)


# OCR noise before a subject: "’ RE: GAO report", "» Re: …", "- . Budget", "© Revised"; a lone
# glyph before its prefix ("7 FW: Updated")
_SUBJECT_SPECKS = " ’‘'\"`—–=_~|.,:;»•·-©®"
_GLYPH_BEFORE_PREFIX = re.compile(r"^\S\s(?=(?:RE|Re|FW|Fw|Fwd)\s?:)")
_PREFIX_SPECKS = " .,:;|»•·"  # ... and after its prefix ("FW; . Monday"), where a quote may open the rest
# ... and after one, apart from its last word ("FY18 _", "status -", "data ©"), or a comma or a
# bar on it ("Harbor update|": a box's edge)
_TRAILING_SPECKS = re.compile(r"(?:\s[:;|'’`°.,_\-—–»«©®~•]{1,2})+$|(?<=[A-Za-z])[,|]$")  # ("tenant . ;")
# ... and a reply or forward prefix whose colon OCR lost or read "." or "-" before a word ("RE
# Site visit", "RE- Revised"): the prefix as mail clients print it. A word in lower case after
# it may be the subject's own ("Re onday": a Monday's M lost), so it is left as read.
_PREFIX_COLON_LOST = re.compile(r"^(RE|Re|FW|Fw|Fwd|FWD)[.-]?\s(?=[A-Z0-9])")
# OCR reads the "W" of a forward prefix as "VV" ("FVV: Q re HBJ"), its F as a P ("Pw: Monday
# meeting") or a speck before its colon as an e ("Fwe: more on harbor"), a small w as two or three
# strokes, a v and a stroke among them ("Fitv:", "Fvic:", "Fiw:"; never a word: "Five:", "Ftw:"): OCR failures of every
# scanned print, repaired to the prefix printed.
_MISREAD_FORWARD = re.compile(r"^(?:F(?:VV|vv|VW|WV)|P(?P<p>[Ww])|F(?P<e>[Ww])e"
                              r"|F(?P<w>(?=[iltcv1|]{0,2}[vw])(?=[tcvw]{0,2}[il1|])[iltcvw1|]{2,3}))(?=\s?[:;])")


# A redaction box drawn right after a reply or forward prefix hides its colon: "FW" alone
# is that prefix, the rest of the subject withheld.
_PREFIX_ALONE = re.compile(r"(?:re|fw|fwd)", re.IGNORECASE)


# OCR failure, scans of sans-serif prints (a capital I and a small l one glyph): a run of I's in a
# word of capitals read as l's ("Cll" for "CII", "ClI"; never a word: "All" and "Ill" are, and stay;
# one l may be a symbol's, "HCl", "KCl"), and the pronoun alone read as a stroke or an l before a
# verb or after a question's ("l will", "can | explain?"; "clips | water" is a list's stroke).
_CAPITALS_WITH_L = re.compile(r"\b(?![AEIOU]l+\b)(?=[A-Z]*[lI][A-Z]*[lI])(?=[A-Z]*l)[A-Z][A-Zl]+\b")
_LONE_I_MISREAD = re.compile(r"(?<=[a-z,] )[|l](?= (?:am|was|will|would|can|could|should|shall|have|had|think|need|"
                             r"know|want|do|did|just|also|agree|see|hope|may|might|must)\b)"
                             r"|(?:" + "|".join(rf"(?<=\b{modal} )" for modal in (
                                 "can", "could", "should", "would", "will", "may", "might", "must", "do", "did", "shall"))
                             + r")[|l](?= [a-z])")  # ("can | explain?")


def read_subject(value: str, *, scanned: bool = True) -> str:
    """A Subject: value as printed, whitespace collapsed; read from a scan (``scanned``), OCR's
    specks and misread prefix mended. A text layer's subject is what the sender typed, specks
    and all: "=?utf-8?B?…?=" (an encoded subject no client decoded), "= budget line", "...and"."""
    subject = " ".join((_without_tabbed_codes(value[:_MAX_VALUE]) if scanned else value[:_MAX_VALUE]).split())
    if scanned:
        subject = _PREFIX_COLON_LOST.sub(r"\1: ", _GLYPH_BEFORE_PREFIX.sub("", subject.lstrip(_SUBJECT_SPECKS)))
        prefix, rest = split_subject(subject)
        if subject.rstrip(_SUBJECT_SPECKS).endswith(BLANK_BOX):  # a box printing no code over its end (``ocr.blank_boxes_marked``)
            return _boxed_subject(subject.rstrip(_SUBJECT_SPECKS)[:-1])
        if _box_edge(rest):  # the subject, or all of it after its prefix, under a box
            return prefix.strip() if prefix else ""
        if prefix and rest[:1] in _PREFIX_SPECKS:
            subject = f"{prefix.rstrip()} {rest.lstrip(_PREFIX_SPECKS)}".rstrip()
        subject = _MISREAD_FORWARD.sub(_forward_mended, _TRAILING_SPECKS.sub("", subject))
        subject = _LONE_I_MISREAD.sub("I", _CAPITALS_WITH_L.sub(lambda m: m.group(0).replace("l", "I"), subject))
    alone = _PREFIX_ALONE.fullmatch(subject.rstrip(".,;-") if scanned else subject)  # ("FW." on a scan: its colon misread)
    return alone.group(0) + ":" if alone else subject


def _margin_codes_apart(line: str) -> tuple[str, str] | None:
    """(what a scanned line says, its codes) where OCR set the margin's codes apart by a tab
    (``ocr._line_text``); None where it did not."""
    before, tab, after = line.partition("\t")
    return (before, after) if tab and after.split() and all(map(margin_code_word, after.split())) else None


def _misread_margin_code(value: str) -> str:
    """A scanned party value whose margin code OCR misread past reading ("From:\tBE" for B6): a
    party withheld with no code read where nothing else is printed, else the value without it;
    never a party named "BE"."""
    apart = _margin_codes_apart(value)
    if apart is None or find_exemptions(apart[1]):
        return value
    return apart[0] if any(c.isalnum() for c in apart[0]) else "[REDACTED]"  # (": " a misread colon's specks)


def _without_tabbed_codes(value: str) -> str:
    """A scanned value without the codes OCR read into its lines' ends from the margin; they are
    the email's exemptions, not its words."""
    if "\t" not in value:
        return value
    return "\n".join(apart[0] if (apart := _margin_codes_apart(line)) else line for line in value.split("\n"))


def _boxed_subject(head: str) -> str:
    """A subject a box printing no code ends, with the box's mark: what is printed before it, a
    prefix whose colon is under the box given it ("FW" → "FW: █")."""
    prefix, rest = split_subject(head.strip())
    rest = rest.strip(".,;-: ")
    if _PREFIX_ALONE.fullmatch(rest):
        prefix, rest = f"{prefix} {rest}:", ""
    return " ".join(f"{prefix} {rest} {BLANK_BOX}".split())


def _box_edge(text: str) -> bool:
    """Whether a scanned subject (or what follows its prefix) is OCR's reading of a redaction
    box's edge: no letter or digit ("[", "}"), one glyph ("7", "_ = 7 _"), or two beside a
    bracket or bar, one in lower case ("[ ; oe"; "[Q4]" is a subject)."""
    alnum = [c for c in text if c.isalnum()]
    return (not alnum and bool(text.strip())) or len(text.strip(_SUBJECT_SPECKS)) == 1 \
        or (len(alnum) <= 2 and any(c.islower() for c in alnum) and any(c in "[]{}|" for c in text))


def _forward_mended(match: re.Match[str]) -> str:
    """The forward prefix a ``_MISREAD_FORWARD`` match misreads, its W's case as printed."""
    return "F" + (match.group("p") or match.group("e") or ("w" if match.group("w") else "W"))


def normalize_subject(subject: str) -> str:
    """Subject without reply/forward/[EXTERNAL] prefixes, whitespace collapsed, casefolded; ""
    for a subject withheld whole ("█", "[REDACTED]": no thread's key)."""
    key = split_subject(" ".join(subject[:_MAX_VALUE].split()))[1]
    return "" if not REDACTION_WORD.sub("", key).strip(" .,;:-[]()<>") else key.casefold()


_SIZE = re.compile(
    r"\s?[(\[]\s?[\d.,]{1,12}\s?(?:[KMGT]i?B|bytes?|KB|kb|mb|MB|k|K)\s?[)\]]", re.IGNORECASE
)
_FILENAME = re.compile(r"[^\s;,<>][^;,<>]{0,200}?\.[A-Za-z0-9]{2,5}(?![A-Za-z0-9])")


# OCR failure, any scan: a speck after a file name's extension ("comments.docx -")
_SPECK_AFTER_EXTENSION = re.compile(r"(\.[A-Za-z][A-Za-z0-9]{1,4})\s[-–—|.~_'’`]{1,2}$")


def parse_attachments(raw: str) -> tuple[str, ...]:
    """File names listed on an Attachments line, sizes and <<>> brackets removed (and OCR's
    specks after a name's extension)."""
    text = " ".join(raw[:_MAX_VALUE].split())
    text = _SIZE.sub("", text).replace("<<", ";").replace(">>", ";")
    names: list[str] = []
    for chunk in text.split(";"):
        chunk = _SPECK_AFTER_EXTENSION.sub(r"\1", chunk.strip(" ,'\""))
        if not chunk:
            continue
        pieces = [p.strip(" '\"") for p in chunk.split(",")]
        if len(pieces) > 1 and all(_FILENAME.fullmatch(p) for p in pieces if p):
            names.extend(p for p in pieces if p)
        else:
            names.append(chunk)
    return tuple(names)


# --- What a document prints more than once ------------------------------------------------------
#
# Every reply quotes the header before it, so a document prints the same people and
# subjects again and again. OCR damages one printing, rarely the same way twice: a
# reading that agrees closely with one printed more often (or on a text-layer page) is
# taken to be a misreading of it. Readings that differ in digits, by more than a few
# characters, or by a word printed elsewhere too are different, however close.

MIN_SUPPORT = 2  # printings that make a reading trusted (one text-layer printing counts as this many)
_SAME_NAME = 0.8  # similarity of a misread name to the name printed with the same address
_SAME_ADDRESS = 0.85  # ... of a well-formed but unknown address to a person's known address
_DAMAGED_ADDRESS = 0.5  # ... of an address that does not validate ("priya. ae rerneott com")
_DOMAIN_WITNESSES = 3  # printings of a domain for a well-formed one a glyph from it to be read as it
_MIN_MENDED_DOMAIN = 12  # characters of such a domain at least ("usda.gov", "usds.gov": two agencies')
_SAME_DOMAIN = 0.8  # ... of a damaged domain to one printed whole ("state.golt", "state.gov")
_SAME_SUBJECT = 0.85
_MIN_SUBJECT = 8  # shorter subjects ("Hi", "FYI") are too short to compare
_MAX_MISREAD = 3  # most characters a misreading changes ("apn" for "April") ...
_MISREAD_SHARE = 10  # ... or, glyphs read for others, one in this many of a longer subject's
_MAX_COMPARED = 300  # longer readings are not compared (the comparison is quadratic)
_INITIALS_NAME = re.compile(r"[A-Z]{1,3}")
_MIN_CUT_NAME = 4  # letters of a name cut short that still say whose it is


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _is_misreading(reading: str, other: str, floor: float, elsewhere: Counter[str]) -> bool:
    """Could OCR have printed ``reading`` for ``other``?

    They must be close, with the same digits and a few characters changed in all,
    and the words only ``reading`` has must be printed nowhere else in the document
    (``elsewhere`` counts the distinct readings printing each word, this one included):
    a misreading makes a new word ("apn"), a different subject reuses words.
    """
    a, b = reading.casefold(), other.casefold()
    if max(len(a), len(b)) > _MAX_COMPARED or re.findall(r"\d+", a) != re.findall(r"\d+", b):
        return False
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor or matcher.ratio() < floor:
        return False
    edits = [(tag, max(i2 - i1, j2 - j1)) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]
    changed = sum(size for _, size in edits)
    added_or_lost = sum(size for tag, size in edits if tag != "replace")  # (a word added is no misreading)
    novel = set(reading.split()) - set(other.split())
    known = set(other.split())
    return (added_or_lost <= _MAX_MISREAD and changed <= max(_MAX_MISREAD, len(b) // _MISREAD_SHARE) and bool(novel)
            and all(elsewhere[word] <= 1 or _glyphs_alike(word, known) for word in novel))


# Glyphs a faint, light or faxed copy reads as others, the same way on every printing of a
# line (a thin stroke lost: E read as F, f as t; strokes run together: rn as m): a word so misread is
# printed by several readings of a subject, yet is no other subject's word.
_GLYPH_CONFUSIONS = (("E", "F"), ("rn", "m"), ("cl", "d"), ("c", "e"), ("O", "0"), ("l", "I"), ("vv", "w"), ("t", "f"))


def subject_words(text: str) -> list[str]:
    """The words of a text as subjects are compared by them: casefolded, marks left out."""
    return _SUBJECT_WORD.findall(text.casefold())


_SUBJECT_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def _in_the_documents_words(reading: str, other: str, printed: int, other_printed: int, vocabulary: Counter[str]) -> bool:
    """OCR failure, any scanned thread: a subject printed in two headers (a message and its
    forward), one misread ("Mayor's vbit", "done arid published"), neither more often. The
    misreading's own words are printed nowhere in the document but in its subject lines; the
    other's words are the document's language, printed beyond its own subject lines (or words
    it begins, "visited" for "visit")."""
    mine, theirs = set(subject_words(reading)), set(subject_words(other))
    novel, known = mine - theirs, theirs - mine
    if any(len(word) < _SHORTEST_WORD for word in novel | known):
        return False  # ("09/14/T" or "09/14/I": a letter alone says nothing of the language)

    def printed_beyond(word: str, subject_lines: int) -> bool:
        return vocabulary[word] > subject_lines or any(
            len(printed_word) > len(word) >= _SHORTEST_STEM and printed_word.startswith(word) for printed_word in vocabulary)
    return bool(novel) and bool(known) and not any(printed_beyond(word, printed) for word in novel) \
        and all(printed_beyond(word, other_printed) for word in known)


def _its_own_words(reading: str, other: str, printed: int, vocabulary: Counter[str]) -> bool:
    """Whether a subject's words the other reading lacks are printed beyond its own subject lines
    more than once (its body names them: "Call with NASA" over a body about NASA is no misreading
    of "Call with NOAA", a subject another thread prints more often). Once is not enough: a body's
    line echoing its subject may carry the same misreading ("the latest report from the Hanbor
    Board" under "RE: Latest from the Hanbor Board", both read for "Harbor")."""
    novel = set(subject_words(reading)) - set(subject_words(other))
    return any(len(word) >= _SHORTEST_STEM and vocabulary[word] > printed + 1 for word in novel)


_SHORTEST_STEM = 4  # a shorter word begins too many others to vouch for it
_SHORTEST_WORD = 2


def _glyphs_alike(word: str, known: set[str]) -> bool:
    """Whether ``word`` is a word of ``known`` (the words of the reading it is compared with,
    one the document prints more often) with one of those glyphs read as the other."""
    for one, two in _GLYPH_CONFUSIONS:
        for a, b in ((one, two), (two, one)):
            start = word.find(a)
            while start != -1:
                if word[:start] + b + word[start + len(a):] in known:
                    return True
                start = word.find(a, start + 1)
    return False


def _word_counts(readings: Iterable[str]) -> Counter[str]:
    """How many of the distinct readings print each word."""
    return Counter(word for reading in set(readings) for word in set(reading.split()))


# OCR failure of scanned prints: a typeface misreads an address the same way in many printings
# ("RoeJJ" read "Roeii", "epark@" read "eparki@"), so how often each is printed cannot tell them
# apart; an address made of its party's name can (surname and initials, first.last, ...).
_NOT_IN_LOCAL_PART = re.compile(r"[^a-z0-9]")
_GLYPH_IN_LOCAL_PART = re.compile(r"[^a-z0-9|!]")
_STROKES_AS_L = str.maketrans({"|": "l", "!": "l"})
_NOT_A_WORD = re.compile(r"[\W_]+")


def name_spells(name: str, address: str) -> bool:
    """Whether the party's ``name`` ("Roe, Jane A" or "Jane A Roe") spells the local part of
    ``address`` in one of the ways agencies make addresses of names: surname and initials
    ("roeja"), first and last name ("jane.roe", "janeroe", "jane_roe"), initial and surname
    ("jroe"), surname and initial ("roej")."""
    return _local_letters(address) in _spelled_locals(name)


def _local_letters(address: str) -> str:
    return _NOT_IN_LOCAL_PART.sub("", fold_accents(address.partition("@")[0]).casefold())


# A title before a name and a degree or generation after it spell no part of a mailbox ("Dr. Jane
# Roe", "Roe, Dr. Jane", "Jane Roe, PharmD", "John Doe Jr."): the names' printings in agencies' mail.
_TITLE_BEFORE = re.compile(  # (a title that is a given name too only with its stop: "Maj Roe" is Maj)
    r"(?:(?<=^)|(?<=,))\s*(?:(?:Dr|Mr|Mrs|Ms)\.?|(?:Prof|Hon|Rep|Sen|Gov|Lt|Sgt|Capt|Col|Maj|Det|Insp|Rev)\.)(?=\s|$)")
_DEGREE_AFTER = re.compile(  # (a generation before a surname-first name's comma too: "Roe III, Carl")
    r"(?:,\s*(?:Esq|PhD|Ph\.D|MD|M\.D|DO|RN|NP|PA-C|PharmD|RPh|JD|CPA|MPH|MBA|MSW|LCSW|DVM|DDS|EdD|PE)\.?"
    r"|,?\s+(?:Jr|Sr|II|III|IV)\.?)+\s*$|\s+(?:Jr|Sr|II|III|IV)\.?(?=\s*,)")


def _stops_for_spaces(name: str, printed: str) -> str | None:
    """``printed`` with each space in its local part a stop, where the name's words (three at least,
    first to last) joined by stops are that local part ("owen j.roe@" for "Owen J. Roe"): OCR
    failure, scanned prints, the small stop after a first name read as a space. None elsewhere (a
    space OCR set in a word, or two words whose stop or none no name tells)."""
    local, at, domain = printed.rpartition("@")
    dotted = re.sub(r"\s*\.\s*|\s+", ".", local.strip())
    return f"{dotted}@{domain.replace(' ', '')}" if at and dotted.casefold() == _dotted_name(name) else None


def _dotted_name(name: str) -> str:
    """"Owen J. Roe" or "Roe, Owen J." -> "owen.j.roe" ("" under three words)."""
    name = _TITLE_BEFORE.sub("", _DEGREE_AFTER.sub("", fold_accents(name)[:_MAX_COMPARED]))
    surname, _, given = name.partition(",")
    words = [word.casefold() for word in (_NOT_A_WORD.sub("", piece) for piece in
                                          (given.split() + surname.split() if given else name.split())) if word]
    return ".".join(words) if len(words) >= 3 else ""


_SAINT = frozenset({"st", "ste", "saint"})


def _spelled_locals(name: str) -> frozenset[str]:
    """The local parts (letters and digits) ``name`` spells (``name_spells``)."""
    name = _TITLE_BEFORE.sub("", _DEGREE_AFTER.sub("", fold_accents(name)[:_MAX_COMPARED]))
    surname, _, given = name.partition(",")

    def words(text: str) -> list[str]:
        return [word.casefold() for word in (_NOT_A_WORD.sub("", piece) for piece in text.split()) if word]
    named = words(given if given else name)
    printed = (given if given else name).split()
    # (a surname's particles, printed small, are its own too: "Carl van Moss" -> vanmoss or moss,
    # "Owen St. Tarr" -> sttarr or tarr; "Anh Le Roe" and "John E. Roe" print a middle name)
    cut = len(named) - 1
    while not given and cut > 1 and len(printed) == len(named) and (
            named[cut - 1] in _SAINT or printed[cut - 1].islower() and len(named[cut - 1]) > 1
            and named[cut - 1] in NAME_PARTICLES):
        cut -= 1
    given_words = named if given else named[:cut]
    families = {"".join(words(surname))} if given else {"".join(named[cut:]), "".join(named[-1:])}
    if not given_words or not given_words[0].isalpha() or "" in families:
        return frozenset()
    first, initials = given_words[0], "".join(word[0] for word in given_words)
    return frozenset(spelling for family in families for spelling in (
        family + initials, first + family, first[0] + family, family + first[0], family + first,
        first + initials[1:] + family))  # (first name, middle initials, surname: "carl.l.roe")


@dataclass(frozen=True)
class Correspondents:
    """The (name, address) pairs a document prints often enough to trust, to repair misreadings."""

    addresses_of: dict[str, frozenset[str]] = field(default_factory=dict)  # name key -> addresses
    names_of: dict[str, tuple[str, ...]] = field(default_factory=dict)  # address -> names as printed
    words: Counter[str] = field(default_factory=Counter)  # pairs (trusted or not) printing each word
    # name key -> the well-formed addresses printed with it even once, for readings too
    # damaged to stand (a faxed thread prints each address once per message, each time misread)
    printed_with: dict[str, frozenset[str]] = field(default_factory=dict)
    domains: frozenset[str] = frozenset()  # of the well-formed addresses printed, however often
    initials: frozenset[str] = frozenset()  # accounts named by capitals alone ("H"), printed often enough
    names: Counter[str] = field(default_factory=Counter)  # printings of each party's name
    domain_printings: Counter[str] = field(default_factory=Counter)  # of the well-formed addresses' domains

    @classmethod
    def learn(cls, parties: Iterable[Party], trusted: Iterable[Party] = ()) -> Correspondents:
        """Count the named, well-formed parties, and the accounts named by capitals alone;
        ``trusted`` ones (text layer) count as MIN_SUPPORT."""
        counts: Counter[tuple[str, str]] = Counter()
        domains: Counter[str] = Counter()
        initials: Counter[str] = Counter()
        printed_names: Counter[str] = Counter()
        for weight, group in ((1, parties), (MIN_SUPPORT, trusted)):
            for party in group:
                if _INITIALS_NAME.fullmatch(party.name):
                    initials[party.name] += weight
                printed_names[" ".join(party.name.split())] += weight
                if _well_formed(party.address):
                    domains[party.address.rpartition("@")[2]] += weight
                    if party.name:
                        counts[(party.name, party.address)] += weight
        addresses: dict[str, set[str]] = {}
        names: dict[str, list[str]] = {}
        printed: dict[str, set[str]] = {}
        for (name, address), count in sorted(counts.items()):
            printed.setdefault(_name_key(name), set()).add(address)
            if count >= MIN_SUPPORT:
                addresses.setdefault(_name_key(name), set()).add(address)
                names.setdefault(address, []).append(name)
        return cls({k: frozenset(v) for k, v in addresses.items()}, {k: tuple(v) for k, v in names.items()},
                   Counter(word for name, _ in counts for word in set(name.split())),
                   {k: frozenset(v) for k, v in printed.items()}, frozenset(domains),
                   frozenset(name for name, count in initials.items() if count >= MIN_SUPPORT),
                   printed_names, domains)

    def address_for(self, name: str, printed: str) -> str:
        """The trusted address of ``name`` if ``printed`` is it or a misreading of it, else "":
        an address the name spells (``name_spells``) is the one, a glyph from it however often
        the other is printed (a typeface misreads it the same way: "eparki@" for "epark@").

        A reading that is damaged (not an address, or one OCR put a space in) may also take
        the one other well-formed address the document prints with the same name, however
        often, if it is a close misreading of it.
        """
        compact = re.sub(r"\s+", "", printed.lower())
        well_formed = _well_formed(compact) and compact == printed.strip().lower()  # no space OCR put inside
        spelled_here = well_formed and name_spells(name, compact)
        spelled = [known for known in self.printed_with.get(_name_key(name), ()) if name_spells(name, known)]
        if not spelled_here and len(spelled) == 1 and edits(compact, spelled[0], 1) <= 1:
            return spelled[0]  # a typeface's misreading, however often printed, of the address the name spells
        if well_formed and compact in self.names_of:
            return compact
        addresses = self.addresses_of.get(_name_key(name), frozenset())
        floor = _SAME_ADDRESS if well_formed else _DAMAGED_ADDRESS
        if not addresses and not well_formed:  # (its own reading, made whole, does not count)
            addresses, floor = self.printed_with.get(_name_key(name), frozenset()) - {compact}, _SAME_ADDRESS
        if len(addresses) != 1:
            return ""
        (address,) = addresses
        if spelled_here and not name_spells(name, address) and address.rpartition("@")[2] == compact.rpartition("@")[2]:
            return compact  # (a reading its name spells is not mended into a mailbox it does not)
        return address if _similarity(compact[:200], address) >= floor else ""

    def address_lost(self, name: str) -> str:
        """The one address the document trusts for ``name``, or "": OCR failure of dark and faxed
        scans, a bracketed address read as nothing but a scrap ("Okafor, Dana J. ilto:") where
        the document prints that name with one address in its other headers."""
        addresses = self.addresses_of.get(_name_key(name), frozenset())
        return next(iter(addresses)) if len(addresses) == 1 else ""

    def address_misread(self, address: str) -> str:
        """The one address the document trusts that a well-formed but unknown ``address`` reads
        as once OCR's glyph confusions are undone ("hanleyrnr@" for "hanleymr@", "suilivanij@"
        for "sullivanjj@"); else ``address``. OCR failure, any scanned print: a recipient
        printed as a bare address, misread into another well-formed one."""
        if address in self.names_of:
            return address
        key = _glyph_key(address)
        close = [known for known in self.names_of if _glyph_key(known) == key]
        return close[0] if len(close) == 1 else address

    def at_misread(self, printed: str) -> str:
        """The address ``printed`` reads as where OCR read its "@" as a glyph of its shape
        ("jroe©harbor.exarnple.gov", "jroe0harborexample.gov"): the one place such a glyph stands
        before what reads, OCR's confusions and dots aside, as a domain the document prints
        whole; a letter so read ("kentmoharbor.gov") only where the document prints the
        address whole too; else ""."""
        compact = re.sub(r"\s+", "", printed.casefold())[:_MAX_ADDRESS]
        if "@" in compact:
            return ""
        found: set[str] = set()
        for domain in self.domains:
            key = _domain_key(domain)
            found.update(f"{compact[:at]}@{domain}" for at in range(2, len(compact))
                         if compact[at] in _AT_GLYPHS and _domain_key(compact[at + 1:]) == key)
        if len(found) != 1 or not _well_formed(address := found.pop()):
            return ""
        glyph = compact[len(address.partition("@")[0])]
        return address if glyph not in _AT_LETTERS or address in self.names_of or any(
            address in printed for printed in self.printed_with.values()) else ""

    def domain_repaired(self, address: str) -> str:
        """``address`` with a damaged domain ("stategov", "state.golt": no such top-level
        domain) read as the one domain printed whole elsewhere in the document that it is
        a close misreading of; any other address as it is."""
        local, _, domain = address.rpartition("@")
        if not local:
            return address
        if _well_formed(address):
            return self._domain_misread(local, domain)
        close = sorted((known for known in self.domains if _similarity(domain[:200], known) >= _SAME_DOMAIN),
                       key=lambda known: -self.domain_printings[known])
        # (of several, the one printed in three addresses or more and twice as often as any other:
        # the rest are its misreadings too, "example.govp" beside "example.gov" printed 20 times and
        # "examiple.gov" once; two agencies' domains printed alike often stay apart)
        most = [self.domain_printings[known] for known in close[:2]]
        plain = len(close) == 1 or len(close) > 1 and most[0] >= max(_DOMAIN_WITNESSES, 2 * most[1])
        repaired = f"{local}@{close[0]}" if plain else address
        return repaired if _well_formed(repaired) else address

    def _domain_misread(self, local: str, domain: str) -> str:
        """The address with the domain the document prints in ``_DOMAIN_WITNESSES`` addresses or more
        that a well-formed ``domain`` printed in no other is a glyph's misreading of: a mark read
        for another or doubled ("harbor--port", "port-example.gov"), a letter for one of its
        shape ("harbor-p0rt"), a speck read as a letter before it ("@dharbor-port"). OCR failure, any
        scanned print: a recipient's address read into a domain no one has. A short domain
        (``_MIN_MENDED_DOMAIN``) may be another agency's a letter apart, and stays; so does one the
        document prints twice, or that reads as two printed domains."""
        if self.domain_printings[domain] > 1 or len(domain) < _MIN_MENDED_DOMAIN:
            return f"{local}@{domain}"
        keys = {_marks_key(domain), _marks_key(domain[1:])}
        close = [known for known, count in self.domain_printings.items()
                 if count >= _DOMAIN_WITNESSES and known != domain and _marks_key(known) in keys]
        return f"{local}@{close[0]}" if len(close) == 1 else f"{local}@{domain}"

    def name_cut_short(self, name: str) -> str:
        """The name the document prints in full that ``name`` is the start of, cut inside a
        word ("Willn" for "Willner, John E."), if it names one person; else ``name``.

        OCR failure, any scanned print: a redaction box drawn against a recipient line cuts
        its glyphs and the reading stops short. A name printed that way elsewhere, or one
        that ends at a word of the longer one ("Willner"), is a name of its own."""
        key = _name_key(name)
        if len(key) < _MIN_CUT_NAME or sum(n for known, n in self.names.items() if _name_key(known) == key) > 1:
            return name  # printed so more than once
        longer = sorted((known for known in self.names if known and _name_key(known).startswith(key)
                         and len(_name_key(known)) > len(key)
                         and _name_key(known)[len(key)].isalpha() and key[-1].isalpha()), key=len)
        # one person's names, each the start of the next ("Willner", "Willner, John E."): the fullest
        if not longer or not all(_name_key(longer[-1]).startswith(_name_key(known)) for known in longer):
            return name
        return longer[-1]

    def initial_from_digit(self, name: re.Match[str]) -> str:
        """"Doe, John J" for "Doe, John 3" (``_INITIAL_AS_DIGIT``): the letter the document prints
        most in that place among those the digit resembles, else the one letter of an
        unmistakable digit; any other digit, none printed, stays as read, and so does a name the
        document prints with a letter the digit does not resemble ("Doe, John B": was the 3 a
        B misread, or a J?)."""
        stem, digit = name.group(1), name.group(2)
        letters = _DIGIT_LETTERS.get(digit, "")
        initials = Counter({known[-1]: count for known, count in self.names.items()
                            if known[-2:-1] == " " and known[-1].isalpha() and _name_key(known[:-2]) == _name_key(stem)})
        # printed with another letter: no telling (but I, which OCR reads for J as J for I)
        if any(initial not in letters and not (initial == "I" and "J" in letters) for initial in initials):
            return name.group(0)
        ranked = Counter({initial: n for initial, n in initials.items() if initial in letters}).most_common(2)
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            return f"{stem} {ranked[0][0]}"
        return f"{stem} {letters}" if digit in _UNMISTAKABLE_DIGITS and not ranked else name.group(0)

    def initial_dot_restored(self, name: str) -> str:
        """"Doe, John J." for "Doe, John J" where the document prints the name with the initial's
        full stop more often (and at least MIN_SUPPORT times); else ``name``.

        OCR failure, any scanned print: the full stop after an initial is the smallest mark
        of a header line, and a skewed or faint copy loses it (a quoted header printed on
        every page of a thread, read "J" on each). OCR drops a stop far more often than it
        makes one, so the printing with it is taken, and only where it is the commoner."""
        words = name.split()
        if not any(_BARE_INITIAL.fullmatch(word) for word in words):
            return name
        printed = self.names[" ".join(words)]
        dotted = [known for known, count in self.names.items()
                  if count >= MIN_SUPPORT and count > printed and _with_stops(words, known.split())]
        return dotted[0] if len(dotted) == 1 else name

    def address_its_name_spells(self, name: str, address: str) -> str:
        """``address`` with its local part as ``name`` spells it (``name_spells``) where it reads so
        but for a glyph OCR confuses with another of its shape ("imoss@" for "Lara
        Moss"'s "lmoss@", "jroe1@" for "jroel@"), the name printed in two headers of the
        document at least (so not itself the misreading); else ``address``. OCR failure, any
        scanned print: a recipient's mailbox misread a glyph off, printed nowhere else to mend it by."""
        if not address or self.names[" ".join(name.split())] < MIN_SUPPORT:
            return address
        local = address.rpartition("@")[0]
        if local != local.translate(_STROKES_AS_L) and name_spells(name, stroked := address.translate(_STROKES_AS_L)) \
                and _well_formed(stroked):
            return stroked  # (a stroke for an initial's l, the name spelled without it too: "carl.|.roe@")
        if name_spells(name, address):
            return address
        local, _, domain = address.rpartition("@")
        letters = _GLYPH_IN_LOCAL_PART.sub("", fold_accents(local).casefold())  # (a stroke read for an l or I too)
        close = {spelled for spelled in _spelled_locals(name)
                 if len(spelled) == len(letters) and _glyph_key(spelled) == _glyph_key(letters)}
        if len(close) != 1:
            return address
        spelled = iter(close.pop())  # (its letters in the printed local part's places, its dots kept)
        mended = "".join(next(spelled) if _GLYPH_IN_LOCAL_PART.fullmatch(char) is None else char
                         for char in fold_accents(local).casefold())
        return f"{mended}@{domain}" if _well_formed(f"{mended}@{domain}") else address

    def name_its_mailbox_spells(self, name: str, printed: str) -> str:
        """The name another header of the document prints that ``name`` reads as but for one
        word's letter read as several or several as one (OCR's pairs: "lvloss" for "Moss",
        "Hom" for "Horn"), where the mailbox ``printed`` beside it spells that word and not
        the word as read (its letters OCR's alike glyphs aside: "MosiCD"), and the document
        prints it as often at least; else ``name``.

        OCR failure, any scanned print: a faint or small header line misread, the same person
        printed right in the headers below it. Which of two printings is misread the mailbox
        tells; with no mailbox, or one spelling neither, nothing does."""
        words = name.split()
        local = printed.partition("@")[0].casefold().translate(_GLYPH_ALIKE)
        if not local or len(name) > _MAX_COMPARED:
            return name
        mended, printings = set(), self.names[" ".join(words)]
        for known, count in self.names.items():
            others = known.split()
            if len(others) != len(words) or known == name or count < printings:
                continue  # (a name printed more often is not mended into one printed less)
            differ = [(mine, theirs) for mine, theirs in zip(words, others, strict=True) if mine != theirs]
            if len(differ) != 1:
                continue
            mine, theirs = (re.sub(r"\W", "", word).casefold().translate(_GLYPH_ALIKE) for word in differ[0])
            if mine and _glyph_key(mine) == _glyph_key(theirs) and theirs in local and mine not in local:
                mended.add(known)
        return mended.pop() if len(mended) == 1 else name

    def name_for(self, name: str, address: str) -> str:
        """The trusted name printed with ``address`` if ``name`` is a misreading of it, else ``name``."""
        names = self.names_of.get(address, ())
        if any(_name_key(known) == _name_key(name) for known in names):
            return name
        close = [known for known in names if _is_misreading(name, known, _SAME_NAME, self.words)]
        return close[0] if len(close) == 1 else name


_BARE_INITIAL = re.compile(r"[A-Z]")


def _with_stops(words: Sequence[str], known: Sequence[str]) -> bool:
    """Whether ``known`` is ``words`` with a full stop after one or more of its bare initials."""
    return len(words) == len(known) and words != known and all(
        word == other or (_BARE_INITIAL.fullmatch(word) is not None and other == word + ".")
        for word, other in zip(words, known, strict=True))


_GLYPH_PAIRS = (("rn", "m"), ("vv", "w"), ("cl", "d"))
_GLYPH_ALIKE = str.maketrans({"i": "l", "1": "l", "j": "l", "|": "l", "!": "l", "0": "o", "5": "s"})


_AT_GLYPHS = "a@o0ceq©®("  # what OCR reads for an address's "@"
# ... the letters among them, which may as well end the address's name with its "@" lost
# ("janeroeharbor.gov"): taken only for an address the document prints whole
_AT_LETTERS = frozenset("aoceq")
_MAX_ADDRESS = 200


def _marks_key(domain: str) -> str:
    """A domain as OCR's confusions leave it, its marks (dots, dashes) aside."""
    return _glyph_key(re.sub(r"[-.,_]", "", domain))


def _domain_key(text: str) -> str:
    """A domain as OCR's confusions leave it, its dots and the marks read for them aside."""
    return _glyph_key(re.sub(r"[.,_]", "", text).replace("ri", "n"))  # ("mail.domairi.gov": "ri" read for "n")


def _glyph_key(address: str) -> str:
    """An address with the letters OCR confuses made one ("rn" and "m", "i", "j" and "l")."""
    key = address.casefold()
    for pair, one in _GLYPH_PAIRS:
        key = key.replace(pair, one)
    return key.translate(_GLYPH_ALIKE).replace("lvl", "m")  # (an "M" read "IVI" is one once alike)


def split_subject(subject: str) -> tuple[str, str]:
    """(reply/forward prefixes as printed, the rest)."""
    rest = subject
    for _ in range(50):
        match = _SUBJECT_PREFIX.match(rest)
        if not match or match.end() == 0:
            break
        rest = rest[match.end():].lstrip()
    return subject[: len(subject) - len(rest)], rest


_PREFIX_WRECK = re.compile(r"([FfRr][A-Za-z]{1,4})[.,;:]?\s(.+)")
_W_MISREAD = re.compile(r"vv|vi|v|m")  # OCR's readings of "w" ("FM budget notes")
_COLON_MISREAD = re.compile(r"[cilz1|eh]$")  # ... and of the colon after a prefix ("REZ" on a light copy, "FWE")
# OCR failure of scans (a fax most): a prefix's colon read as a semicolon ("FW; budget"). Mail
# clients write the colon; a text layer's "RE;" stays as printed.
_PREFIX_SEMICOLON = re.compile(r"\s?;")


def _misread_prefix(prefix: str, text: str, printed: set[str], words: Counter[str]) -> tuple[str, str]:
    """A reply or forward prefix OCR misread past the prefix reader ("Fvic From HRC
    friend": "w" read as "vi", the colon as "c"; "RE. Budget", "Re Budget"): a token that
    undoes to "FW"/"Fwd"/"RE" under those confusions, before a subject the document prints
    elsewhere without it (or a misreading of one: "RE. Project Lists Now Arcas")."""
    match = _PREFIX_WRECK.fullmatch(text)
    if prefix or match is None:
        return prefix, text
    token = _W_MISREAD.sub("w", match.group(1).casefold())
    token = next((t for t in (token, _COLON_MISREAD.sub("", token)) if t in ("fw", "fwd", "re")), "")
    rest = match.group(2)
    if not token or (rest not in printed and not any(len(other) >= _MIN_SUBJECT and other != text
                                                     and _is_misreading(rest, other, _SAME_SUBJECT, words)
                                                     for other in printed)):
        return prefix, text  # the token first: "Review of …" is compared with nothing
    return {"fw": "FW: ", "fwd": "Fwd: "}.get(token, "RE: "), rest  # as the mail client prints it ("Fwd." was "FW:")


# The short words printed against a withheld name ("Email from (b)(6) on 13 Oct", "Call with
# (b)(6)"), and the short words no cut glyph is read for (words themselves: "an (b)(6) request").
_BESIDE_A_BOX = frozenset({"about", "and", "at", "by", "for", "from", "in", "of", "on", "or", "to", "with"})
_SHORT_WORDS = _BESIDE_A_BOX | frozenset({"a", "an", "as", "be", "do", "he", "if", "is", "it", "me", "my", "no",
                                           "re", "so", "the", "up", "us", "we"})
_BOX_CODE = re.compile(r"\(\s?b\s?\)\s?\(\s?\d")  # a word that is a code, or begins with one


def _glyph_a_box_cut(word: str, at_end: bool) -> tuple[str, ...]:
    """The short words ``word`` could be, its glyph at the box's side misread: its last (a box
    right of it) or its first (a box left of it). Only words in lower case (a name begins with
    a capital: "Ann (b)(6)")."""
    if not word.isalpha() or not word.islower() or word in _SHORT_WORDS:
        return ()
    return tuple(sorted(short for short in _BESIDE_A_BOX if len(short) == len(word)
                        and (short[:-1] == word[:-1] if at_end else short[1:] == word[1:])))


def _words_boxes_cut(texts: Sequence[str], flags: Sequence[bool]) -> list[str]:
    """Each subject with a short word an outlined box's frame half covered read whole again.

    OCR failure, page family of outlined redaction boxes: a box drawn against the word before
    or after it covers that word's nearest glyph in part ("Email fron (b)(6) on": the frame over
    the last stroke of "m"; "from (b)(6) yn": over the left of "o"). A word beside a code that
    is no word, but one of the short words printed against a withheld name with that glyph
    read otherwise, is that word: the one the subject's other printings read at that place
    (a reply prints it again, the box cut elsewhere), else the only such word.
    """
    words = [text.split() for text in texts]

    def beside(tokens: list[str]) -> list[tuple[int, bool]]:  # (index, the box after it)
        codes = {i for i, token in enumerate(tokens) if _BOX_CODE.match(token)}
        return [(i, i + 1 in codes) for i in range(len(tokens)) if i not in codes and (i + 1 in codes or i - 1 in codes)]

    mended: list[str | None] = []
    for tokens, ocr in zip(words, flags, strict=True):
        places = beside(tokens) if ocr else []
        choices = {index: found for index, at_end in places if (found := _glyph_a_box_cut(tokens[index], at_end))}
        if not choices:  # (most subjects: the rest is compared only where a word may be cut)
            mended.append(None)
            continue
        cut = {i for i, _ in places}
        others = [other for other in words if other is not tokens and len(other) == len(tokens)
                  and all(a == b for k, (a, b) in enumerate(zip(tokens, other, strict=True)) if k not in cut)]
        fixed = list(tokens)
        for index, found in choices.items():
            read = [other[index] for other in others if other[index] in found]
            if read or len(found) == 1:
                fixed[index] = read[0] if read else found[0]
        mended.append(" ".join(fixed) if fixed != tokens else None)
    return [text if again is None else again for text, again in zip(texts, mended, strict=True)]


# OCR failure, scanned prints: a typeface's straight double quote read as a curly one at one end
# of a quoted phrase ('“Harbor outbreak"', '"lessons learned”'): one pair, one glyph.
_MIXED_QUOTES = re.compile(r'“([^"“”]{1,200})"|"([^"“”]{1,200})”')


def _quotes_paired(subject: str) -> str:
    """A subject whose quotes are one pair read one straight and one curly, read straight."""
    if sum(subject.count(mark) for mark in '"“”') != 2:
        return subject
    return _MIXED_QUOTES.sub(lambda found: f'"{found.group(1) or found.group(2)}"', subject)


def settle_subjects(subjects: Sequence[str], repairable: Sequence[bool] | None = None,
                    vocabulary: Callable[[], Counter[str]] | None = None) -> list[str]:
    """Each subject, with a misread text replaced by the reading the document prints more often,
    or, printed as often, by the one whose words the document's text (``vocabulary()``: its
    words, casefolded, by how often its pages print them; counted only when two readings need
    it) prints beyond its subject lines where the other's are printed nowhere else
    (``_in_the_documents_words``).

    ``repairable`` marks the subjects read by OCR (default: all); the others are
    trusted, and are never changed.
    """
    flags = list(repairable) if repairable is not None else [True] * len(subjects)
    parts = [split_subject(_quotes_paired(subject) if ocr else subject) for subject, ocr in zip(subjects, flags, strict=True)]
    printed = {text for _, text in parts}
    as_read = _word_counts(printed)
    parts = [_misread_prefix(_PREFIX_SEMICOLON.sub(":", prefix), text, printed, as_read) if ocr else (prefix, text)
             for (prefix, text), ocr in zip(parts, flags, strict=True)]
    parts = list(zip([prefix for prefix, _ in parts], _words_boxes_cut([text for _, text in parts], flags), strict=True))
    support: Counter[str] = Counter()
    for (_, text), ocr in zip(parts, flags, strict=True):
        support[text] += 1 if ocr else MIN_SUPPORT
    exact = {text for (_, text), ocr in zip(parts, flags, strict=True) if not ocr}
    trusted = [text for text, count in support.most_common() if count >= MIN_SUPPORT and len(text) >= _MIN_SUBJECT]
    trusted.sort(key=lambda text: text not in exact)  # text-layer readings first, then most printed
    words = _word_counts(support)
    better: dict[str, str] = {}
    counted: Counter[str] = Counter()  # (the document's words, once a pair of readings asks)
    for text, count in support.items():
        if len(text) < _MIN_SUBJECT or text in exact:
            continue
        better[text] = next((other for other in trusted if (other in exact or support[other] > count)
                             and _is_misreading(text, other, _SAME_SUBJECT, words)
                             and not (vocabulary is not None and _its_own_words(
                                 text, other, count, counted := counted or vocabulary()))), text)
        if better[text] == text and vocabulary is not None:
            better[text] = next((other for other in support if other != text and other not in exact
                                 and support[other] >= count and len(other) >= _MIN_SUBJECT
                                 and _is_misreading(text, other, _SAME_SUBJECT, words)
                                 and _in_the_documents_words(text, other, count, support[other],
                                                             counted := counted or vocabulary())), text)
    return [prefix + better.get(text, text) if ocr else subject
            for subject, (prefix, text), ocr in zip(subjects, parts, flags, strict=True)]
