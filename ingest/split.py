"""Page stream -> individual emails: find header blocks, tell top-level from quoted, cut spans.

Pure and total: page texts in (page 1 first, as extracted, furniture and OCR noise
included), a :class:`SplitResult` out, never an exception. Every page ends up either
inside an email span or with a non-email kind; nothing is dropped.

Line numbers index ``page_text.splitlines()`` of the page as given. Where people corrected
where emails begin (archive/corrections.py ``Structure``), their decisions are applied to the
header blocks found, before quoted copies are told apart and spans cut.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from difflib import SequenceMatcher
from typing import Literal

from archive.corrections import Structure
from ingest.headers import (
    COMMON_TLDS,
    ENVELOPE,
    MEMO_LABEL,
    NAME_PARTICLES,
    NOT_KEPT,
    SENTINELS,
    MailerKey,
    Order,
    canonical_label,
    label_abroad,
    lost_its_year,
    mailer_key,
    mailer_orders,
    marked_label,
    meridiem_readings,
    misread_year_readings,
    normalize_subject,
    parse_date,
    weekday_disagrees,
    weekday_likeness,
)
from ingest.marks import (
    beside_codes,
    exemption_spans,
    find_exemptions,
    is_furniture_line,
    is_stamp_or_code,
    page_numbers_blanked,
    withheld_on,
    without_statute,
)

__all__ = ["HeaderBlock", "EmailSpan", "SplitResult", "split_into_emails", "header_label", "title_line", "reply_line",
           "header_under_separator", "codes_above", "codes_below", "PARTY_CODES", "PAGE_KINDS"]

PAGE_KINDS = ("email", "cover-letter", "memo", "withheld", "deleted", "other")

_MAX_LINE = 1000  # characters of a line looked at; longer lines are prose or garbage
_MAX_BLANK_GAP = 2  # blank lines tolerated between two header lines (OCR spreads them out)
_LIST_FIELDS = frozenset({"to", "cc", "bcc", "required", "optional", "attachments"})
_ONCE = frozenset({"from", "sent", "subject"})  # fields a header block prints once


@dataclass(frozen=True)
class HeaderBlock:
    """A printed header block (or an "On ... wrote:" line) and where it starts."""

    page: int
    line: int
    ordinal: int
    fields: tuple[tuple[str, str], ...]
    quoted: bool
    meeting: bool
    weak: bool = False  # quoted only because nothing (separator, banner) marked it either way

    def get(self, name: str) -> str:
        """The first non-empty value printed for a canonical field name, or ""."""
        for key, value in self.fields:
            if key == name and value:
                return value
        return ""


@dataclass(frozen=True)
class EmailSpan:
    """One email (top-level or quoted copy): its header, where it ends, its body text."""

    header: HeaderBlock
    end_page: int
    end_line: int
    body: str
    parent: int | None


@dataclass(frozen=True)
class SplitResult:
    """Every email span in page order, and what each page is."""

    spans: tuple[EmailSpan, ...]
    page_kinds: tuple[str, ...]


# --- Line classification -----------------------------------------------------------------------

_COLON_LABEL = re.compile(r"([^\W\d_](?:[^\W\d_]|[ .#()'’<=-]){0,24}?)\s{0,3}[:;]\s{0,40}(.*)")  # ("Subj<ct:")
_GLUED_LABEL = re.compile(r"([A-Za-z]{2,7})\s?([(<©®].*)")
# OCR failure, any scanned print: "Sent:" misread past recognition ("Scnt:", "Sen!:", "Sem:");
# its value, a date with a clock time, says what it is.
_DATED_LABEL = re.compile(r"([SsDdO0][A-Za-z!1|=]{2,4})\s?[:;]\s{0,40}(\S.{0,200})")  # ("Dette:", "Dat=:", "Oate:")
_SENT_LIKE = 0.55  # similarity of a misread label word to "sent" or "date"
# OCR failure, any scanned print: the colon and the space after the label lost, "Sent" glued
# to the weekday its value starts with ("SentTuesday, January 24, 2012 2:58 AM").
_GLUED_DATED_LABEL = re.compile(r"(Sent|SENT|Date|DATE)((?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]{0,6}\.?,?\s.{0,200})")
# ... and the weekday's tops cut by a box over the line above ("Sentiursuay, AuyUsl UG, ZULS 1:Z35
# PM", "Sentrriorsoay7Hagas C087"): a word ending as a weekday does, and a digit after it.
_GLUED_CUT_SENT = re.compile(r"(Sent|SENT)([a-z]{2,8}[daou](?:ay|av|aw)(?![a-z])(?=.*\d).{0,200})")


def _reads_as_sent(word: str, value: str) -> bool:
    key = word.casefold().translate(str.maketrans("!1|", "lll"))
    return max(SequenceMatcher(None, key, target).ratio() for target in ("sent", "date")) >= _SENT_LIKE \
        and bool(_CLOCK.search(value)) and parse_date(value).iso is not None


# OCR failure, any scanned print: a redaction box or a glyph it cut drawn against a label
# hides its colon, read as the box's edge ("Fron]", "From|", "Subject}") or an arrow ("Sent>Thursday").
_BOX_EDGE_LABEL = re.compile(r"([A-Za-z]{2,8})[\]|>}](?![>\]|}])\s{0,3}(.*)")
_BOX_EDGE_FIELDS = frozenset({"from", "sent", "to", "cc", "subject"})
# ... or the box drawn right after the label, its edge and fill read as specks run onto it
# ("From[\"™\" (HQ) [PS …@x.gov>", "Fromf= = jroe@x.gov"): a party label so glued before a
# value that holds an address or its domain (a box over the rest of it). Never a word going on
# after the label ("Tom's", "To-do:", "Cc'ing", "From_here": a box's edge is no apostrophe,
# hyphen or underscore glued to letters).
_SPECKS_GLUED_LABEL = re.compile(r"(From|To|Cc|FROM|TO|CC)[a-z]?[\[\]{}|=~™^—][^\w\s]{0,4}\s{1,3}(\S.*)")
_ADDRESS_OR_DOMAIN = re.compile(r"@|\w\.(?:gov|com|org|net|edu|mil|us)\b", re.IGNORECASE)
_BARE_LABEL = re.compile(r"([A-Za-z][A-Za-z ]{0,24}?)(?:(?:\s{2,}|\t)(\S.*))?")
_TABLE_LABEL = re.compile(
    r"(From|Sent|Date|To|Cc|CC|Bcc|BCC|Subject|Attachments|Importance|Location|Start|End|Organizer"
    r"|Required Attendees|Optional Attendees)\s(?=\S)"
)
_ONE_SPACE_LABEL = re.compile(r"([A-Z][a-z]{1,11})\s(?=\S)")
_ONE_SPACE_FIELDS = frozenset({
    "from", "sent", "to", "cc", "bcc", "subject", "attachments", "importance", "location", "start",
    "end", "organizer", "required", "optional",
})
_QUOTE_MARKS = re.compile(r"^[\s>|]{0,20}")
_CODE_ONLY_REST = re.compile(r"\(\s?b\s?\)\s?\(\s?\d\s?\)(?:\s?\(\s?[A-Fa-f]\s?\)(?!\s?\(\s?\d))?|\bb\d[A-Fa-f]?\b")
# OCR specks before a label: "_ Subject:", "- From:", "= To:" (a fax's or a light copy's speck)
_LEADING_SPECKS = re.compile(r"^[-=–_.'’‘“”«»*•`—~,;:©]{1,3}\s*(?=[A-Z])")
# ... and OCR's glyphs for a box's edge or a punch hole read as a letter or two and marks before a
# label its colon follows ("¢C * From: <…>"): a few such tokens, never a word.
_LEADING_JUNK = re.compile(r"^(?:[^\w\s]{1,3}\s?|[A-Za-z]\s){1,3}(?=(?:From|To|Cc|Ce|Bcc|Sent|Date|Subject)\s?:\s)")

# OCR failure, any scan: the separator's leading dashes read as a word or two ("weer Original
# Message-----", "wenene enn Forwarded message ----------") and its words misread ("Orginal",
# "0riginal", "Messaqe"); its trailing dashes then say what it is. Or its trailing dashes lost
# ("----- Original Message": a faint print's end of line); its leading dashes then say it.
_GARBLED_DASHES = r"[^\W\d_]{2,8}(?:\s[^\W\d_]{2,8})?\s"
_ORIGINAL_MESSAGE = r"[O0]r[il1]?g[il1]na[l1]\s?Mess?a[gq]e"
_SEP_ORIGINAL = re.compile(r"(?:(?:[-–—_=~ ]{2,40}|" + _GARBLED_DASHES + r")?\s?" + _ORIGINAL_MESSAGE
                           + r"\s?[-–—_=~ ]{2,40}|[-–—_=~]{3,40}\s?" + _ORIGINAL_MESSAGE + ")", re.IGNORECASE)
_SEP_FORWARDED = re.compile(r"[-–—_=~ ]{2,40}\s?Forwarded\s?(?:message|by)\b.{0,80}|" + _GARBLED_DASHES
                            + r"Forwarded\s?message\s?[-–—_=~ ]{2,40}", re.IGNORECASE)
# (OCR failure, scans: "forwarded" misread, "forssarded", "forwardcd": its first and last letters read)
_SEP_BEGIN_FWD = re.compile(r"Begin\s?f[o0]r\S{3,8}[dc]\s?message\s?:?", re.IGNORECASE)
# OCR failure: a separator's dashes too faint to read, its words alone on their line
_SEP_BARE_ORIGINAL = re.compile(r"Original\s?Message")
# OCR failure, scans: the dashes around "Original Message" read with specks among them, a stroke
# as a letter before them ("o----", "_ -==+-", "----- , -"): a line of those and one short word at
# most, with two dashes or more.
_SEP_SPECKED_ORIGINAL = re.compile(r"((?:[^\w\n]|_){0,8}(?:[^\W\d_]{1,8}(?:[^\w\n]|_){0,8})?)" + _ORIGINAL_MESSAGE
                                   + r"((?:[^\w\n]|_){0,12})", re.IGNORECASE)
_DASH = re.compile(r"[-–—_=~]")
_SEP_RULE = re.compile(r"[_—–]{10,}")
_SEP_SPECKS = " |!'’‘`.,;:"  # OCR's specks after a separator's dashes
# The thick rule under an Outlook banner, as OCR reads it: "ee ———", "a ————————".
_RULE_CHARS = re.compile(r"[_—–=~-]")


_OCR_TRAIL = " ,.;:'’‘`—–-_|~"  # specks OCR reads at the end of a short line
_RULE_NOISE_CHARS = 6  # OCR may also read a rule as a few stray letters ("et lh")


def _is_rule_noise(text: str) -> bool:
    """A line that is a drawn rule read by OCR: mostly dashes, a few stray letters, no digits."""
    compact = text.replace(" ", "")
    rules = len(_RULE_CHARS.findall(compact))
    letters = sum(c.isalpha() for c in compact)
    return rules >= 3 and letters <= 3 and not any(c.isdigit() for c in compact) and rules >= letters

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_SHORT_YEAR_DATE = re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}/\d{2}(?![\d/])")  # ("On 04/04/13, Jane Roe <…> wrote:")
_SHORT_YEAR_FIRST = re.compile(r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]{0,6}\.?,?\s)?\d{1,2}/\d{1,2}/\d{2},")
_CLOCK = re.compile(  # (OCR reads the space before a PM as a full stop: "7:45.PM")
    r"\d{1,2}:\d{2}(?::\d{2})?(?:[\s.]?[AaPp]\.?[Mm]\.?)?(?:\s?\(?[A-Z]{2,4}\)?(?![a-z]))?"
)


@dataclass(frozen=True)
class _Label:
    name: str  # canonical field, NOT_KEPT or MEMO_LABEL
    value: str
    colon: bool
    upper: bool
    one_space: bool = False  # "From Jane Roe": a table cell read with a single space



# Labels OCR misreads into a word ("Ta:" for "To:", Tesseract; "lo:" with the T read as l):
# labels only with their colon.
_COLON_ONLY = {"ta": "to", "tc": "to", "lo": "to", "io": "to"}
# ... and a scan cropped at its left margin, each label's first letters cut off ("rom:", "nt:",
# "ubject:"; a To: cut to its colon is a value between Sent: and Subject:): in lower case only, as
# the cut leaves them (a typed "ENT: consult booked …" or "ROM: 512 KB" is no label)
_CROPPED = {"rom": "from", "ent": "sent", "nt": "sent", "ubject": "subject", "bject": "subject"}
# ... and From: with its first letter misread, faint or bold print ("Grom:", "Lrom:", "brom:"),
# or its m read with a stroke more ("Fromm:", "Fromn:"): no other word is spelled so ("Prom" is
# read as From everywhere).
_FIRST_LETTER_MISREAD = re.compile(r"[A-Za-z]rom|From[mn]")


def _from_misread(word: str) -> str | None:
    return "from" if _FIRST_LETTER_MISREAD.fullmatch(word.strip()) else None


# OCR reads a letter of a label as a digit ("T0:", "Fr0m:", "Sen1:"): a short word of letters
# and a 0 or 1 before a colon reads as the word.
_DIGIT_IN_LABEL = re.compile(r"^([A-Za-z][A-Za-z01]{1,7})(\s?[:;])")
_LABEL_DIGITS = str.maketrans({"0": "o", "1": "l"})
# OCR reads a label's first letter as a digit or sign ("5ent:", "$ubject:", "0ate:").
_LEADING_DIGIT_LETTER = {"5": "S", "$": "S", "0": "O"}


def header_label(line: str) -> tuple[str, str] | None:
    """(field, value) of a header line as printed, OCR's lost colons and specks allowed;
    None for any other line, and for labels whose value no email keeps."""
    label = _label(line)
    return (label.name, label.value) if label and label.name not in SENTINELS else None


@functools.lru_cache(maxsize=65_536)
def _label(line: str) -> _Label | None:
    """A line as a header label and its value (a pure function of the line: the splitter asks
    of the same lines several times, so its answers are kept)."""
    text = _label_text(line)
    if (margin := _LEADING_CODE_RUN.match(text)) is not None:
        return _label_beside_codes(text[margin.end():], margin.group(0).strip())
    return _text_label(text) if text and text[0].isalpha() else None


def _text_label(text: str) -> _Label | None:
    """``_label`` of a line's text as a label is read (``_label_text``), its first letter a letter."""
    if (marked := marked_label(text)) is not None:  # (before "Subj:ct:" reads as "Subj:")
        return _Label(marked[0], marked[1], True, False)
    match = _COLON_LABEL.fullmatch(text)
    if match:
        name = canonical_label(match.group(1)) or _COLON_ONLY.get(match.group(1).strip().casefold()) \
            or _CROPPED.get(match.group(1).strip()) \
            or label_abroad(match.group(1)) or _from_misread(match.group(1))
        if name is not None:
            raw = match.group(1).strip()
            value = match.group(2).strip()  # (a margin's code set apart by a tab keeps it: ocr._line_text)
            if len(value) > 1 and value[0] == "|" and value[-1] == "|":  # a table's cell borders ("| FW: x |")
                value = value[1:-1].strip()
            apart = "\t" if value and "\t" in text[match.end(1):match.start(2)] else ""
            return _Label(name, apart + value, True, raw.isupper())
    match = _DATED_LABEL.fullmatch(text)
    if match and _reads_as_sent(match.group(1), match.group(2)):
        return _Label("sent", match.group(2).strip(), True, match.group(1).isupper())
    match = _GLUED_DATED_LABEL.fullmatch(text)  # its weekday says what it is, a clock need not
    if match and parse_date(match.group(2)).iso is not None or (match := _GLUED_CUT_SENT.fullmatch(text)):
        return _Label("sent", match.group(2).strip(), True, match.group(1).isupper())
    misread = _misread_colon_label(text)
    if misread is not None:
        return misread
    if (boxed := _label_against_a_box(text)) is not None:
        return boxed
    match = _GLUED_LABEL.fullmatch(text)
    if match and canonical_label(match.group(1), colon=False) in ("from", "to", "cc", "bcc"):
        return _Label(canonical_label(match.group(1), colon=False) or "", match.group(2).strip(), True, False)
    match = _BARE_LABEL.fullmatch(text)
    if match:
        name = canonical_label(match.group(1), colon=False)
        if name is not None and name not in SENTINELS and match.group(1)[0].isupper():
            return _Label(name, (match.group(2) or "").strip(), False, False)
    # A table cell read by a text layer: one space between "From" and its value; or a
    # colon OCR lost, the label itself perhaps misread ("Subjoct FW: ...").
    match = _TABLE_LABEL.match(text) or _ONE_SPACE_LABEL.match(text)
    if match:
        name = canonical_label(match.group(1), colon=False)
        if name in _ONE_SPACE_FIELDS:
            return _Label(name, text[match.end():].strip(), False, False, one_space=True)
    return None


def _label_beside_codes(text: str, codes: str) -> _Label | None:
    """Layout family, productions that print a box's code in the left margin beside the line it
    redacts: a text layer reads the code before the header's label ("(b)(6) Cc: @senate.example.gov;
    Roe, Jane", "(b)(6) From:"). The label with its colon, the codes in its value: before a list's
    parties (the box is one of them), after any other field's words."""
    label = _label(text)
    if label is None or not label.colon:
        return None
    value = f"{codes} {label.value}" if label.name in _PARTY_FIELDS else f"{label.value} {codes}"
    return replace(label, value=value.strip())


def _label_against_a_box(text: str) -> _Label | None:
    """A label a box drawn against it left without its colon: its edge read in the colon's place
    (``_BOX_EDGE_LABEL``), or its edge and fill read as specks run onto it (``_SPECKS_GLUED_LABEL``)."""
    match = _SPECKS_GLUED_LABEL.fullmatch(text)
    if match and _ADDRESS_OR_DOMAIN.search(match.group(2)):
        return _Label(match.group(1).lower(), match.group(2).strip(), True, match.group(1).isupper())
    match = _BOX_EDGE_LABEL.fullmatch(text)
    if match and canonical_label(match.group(1)) in _BOX_EDGE_FIELDS:
        return _Label(canonical_label(match.group(1)) or "", match.group(2).strip(), True, match.group(1).isupper())
    return None


def _label_text(line: str) -> str:
    """A line as its label is read: quote marks and specks before it off, a run-in header's
    separator before it off (``_runs_in``), a letter OCR read as a digit or sign restored."""
    text = _LEADING_SPECKS.sub("", _QUOTE_MARKS.sub("", line[:_MAX_LINE])).rstrip()
    text = _LEADING_JUNK.sub("", text)
    if (separator := _SEP_ORIGINAL.match(text)) is not None and text[separator.end():].lstrip()[:1].isupper():
        text = text[separator.end():].lstrip()
    if text[:1] in _LEADING_DIGIT_LETTER and text[1:2].isalpha():
        text = _LEADING_DIGIT_LETTER[text[0]] + text[1:]
    return _DIGIT_IN_LABEL.sub(lambda m: m.group(1).translate(_LABEL_DIGITS) + m.group(2), text, count=1)


# OCR failure, any scanned print: a label's colon read as a period, comma, underscore, question
# or exclamation mark, closing quote or bracket ("Sent. Thursday", "To, Doe, John", "Ce? Doe, John",
# "Ce! Roe", "From” Roe", "To’ Roe", "Subject) RE: Pier 7"), or as a letter glued to the label
# ("SentL", "Subjecti").
_MISREAD_COLON = re.compile(r"([A-Za-z]{2,7}?)(?:\s?[.,_\-”\"?!’')]|(?<=[A-Za-z]{4})[lLiI1!|])\s{1,40}(\S.*)")


def _misread_colon_label(text: str) -> _Label | None:
    """A label whose colon OCR misread, as a label whose colon was lost: it stands only where
    its value reads as its field's and other labels are printed next to it (``_lost_colon``)."""
    match = _MISREAD_COLON.fullmatch(text)
    name = canonical_label(match.group(1)) if match and match.group(1)[0].isupper() else None
    if match is None or name not in _BOX_EDGE_FIELDS:
        return None
    if text[len(match.group(1)):].lstrip()[:1] == "?" and not (  # ("Cc? Who else should be copied?" is a question)
            name in ("to", "cc") and _reads_as_parties(match.group(2).strip(" .")) and not match.group(2).rstrip().endswith("?")):
        return None
    return _Label(name, match.group(2).strip(), False, False, one_space=True)


def _is_separator(lines: list[str], index: int) -> bool:
    text = lines[index].strip()[:300].rstrip(_SEP_SPECKS)  # ("----- |": a box's edge, a speck)
    if not text:
        return False
    if (
        _SEP_ORIGINAL.fullmatch(text)
        or _SEP_FORWARDED.fullmatch(text)
        or _SEP_BEGIN_FWD.fullmatch(text)
        or _SEP_BARE_ORIGINAL.fullmatch(text)
        or ((specked := _SEP_SPECKED_ORIGINAL.fullmatch(text)) is not None
            and len(_DASH.findall(specked.group(1) + specked.group(2))) >= 2)
    ):
        return True
    if _SEP_RULE.fullmatch(text):
        # Under an Outlook banner ("Jane Roe" then a rule at the top of the page) a rule
        # is decoration, not a reply separator.
        before = [i for i in range(index) if lines[i].strip() and not is_furniture_line(lines[i])]
        after = [
            i
            for i in range(index + 1, len(lines))
            if lines[i].strip() and not is_furniture_line(lines[i])
        ]
        is_banner = len(before) == 1 and len(lines[before[0]].strip()) <= 60 and bool(after)
        return not is_banner
    return False


# OCR failure: "wrote:" read "wr0te:", "vvrote:", "wrcte:", its "w" as two or three strokes
# ("ivrote:", "ftirote:"; never a word: "by rote:", "Grote:"), or its colon set apart ("wrote :");
# page family: the code of a box over the sender's address read after it ("wrote: B6").
_WROTE_MISREAD = re.compile(r"\s(?:w|vv|[fitlvwVW1|]{2,3})r[0oc]te\s?:$")
_AFTER_WROTE = re.compile(r"(r[0oc]te\s?:)\s+(\S.{0,40})$")
PARTY_CODES = frozenset({"(b)(6)", "(b)(7)(C)"})  # the codes a box over a name or address prints


def _wrote_line(line: str) -> str:
    """A line as an "On ... wrote:" candidate: quote marks, specks before it and after it and
    OCR's capital "Wrote:" tidied, and a colon OCR read as a period, comma, semicolon or quote
    ("... (b)(6) wrote.", "wrote’") restored, or lost after a line that prints a clock."""
    raw = _LEADING_SPECKS.sub("", _QUOTE_MARKS.sub("", line[:_MAX_LINE]).strip())
    if ((after := _AFTER_WROTE.search(raw)) is not None and is_stamp_or_code(after.group(2))
            and set(find_exemptions(after.group(2))) <= PARTY_CODES):
        word = raw.rfind(" ", 0, after.start(1)) + 1  # the code is the line's box's: the name's
        raw = f"{raw[:word]}{after.group(2)} {raw[word:after.end(1)]}"
    raw = _WROTE_MISREAD.sub(" wrote:", raw)
    text = raw.rstrip(" .,;'’`|_~—–-")  # (a speck or a rule's end after it: "wrote: —")
    if text.endswith(("wrote", "Wrote")) and (raw[len(text):].lstrip()[:1] in (".", ",", ";", "’", "'", "`")
                                              or text.startswith(_WROTE_OPENERS) and _CLOCK.search(text)):
        text += ":"
    if text.endswith("Wrote:"):
        text = text[: -len("Wrote:")] + "wrote:"
    return text


# Layout family: the same line from mail clients set up in another language ("Le … a écrit :",
# "El … escribió:", "Em … escreveu:", "Il giorno … ha scritto:", "Am … schrieb Name:", "Op … heeft
# Name het volgende geschreven:"), read as the English one.
_WROTE_ABROAD = (
    (re.compile(r"(?:Le|El|Em|Il giorno)\s(.{4,280}?)\s(?:a\sécrit|escribió|escreveu|ha\sscritto)\s?:"), r"On \1 wrote:"),
    (re.compile(r"Am\s(.{4,200}?)\sschrieb\s(.{1,200}?)\s?:"), r"On \1, \2 wrote:"),
    (re.compile(r"Op\s(.{4,200}?)\sheeft\s(.{1,200}?)\shet\svolgende\sgeschreven\s?:"), r"On \1, \2 wrote:"),
)
_WROTE_OPENERS = ("On ", "Le ", "El ", "Em ", "Am ", "Op ", "Il giorno ")


def _in_english(text: str) -> str:
    """An "On … wrote:" line printed in another language, as the English one; any other as it is."""
    for pattern, english in _WROTE_ABROAD:
        match = pattern.fullmatch(text)
        if match:
            return match.expand(english)
    return text


_WROTE_LINES = 3  # lines an "On … wrote:" line may wrap over
# OCR failure, any scan: a clock with a digit read as a letter ("8:l5 PM", "1O:05"), which
# ends the date all the same (``parse_date`` reads it, damaged).
_CLOCK_MISREAD = re.compile(r"(?<![\w:])[\dOolI|]{1,2}\s?:\s?[\dOolI|]{2}(?:\s?[AaPp]\.?[Mm]\.?)?(?![\w:])")


def _on_wrote(lines: list[str], index: int) -> tuple[str, str, int] | None:
    """(sender, date, lines used) of an "On <date>, <name> wrote:" line, or None."""
    first = _wrote_line(lines[index])
    if not first.startswith(_WROTE_OPENERS) or len(first) > 300:
        return None
    used = 1
    text = _in_english(first)
    # a long name and address wrap the line once or twice ("On …, Doe, John" / "(OIG) <jd@x.gov>" / "wrote:")
    for extra in range(1, _WROTE_LINES):
        if text.endswith("wrote:") or index + extra >= len(lines) or len(nxt := _wrote_line(lines[index + extra])) > 200 \
                or (nxt.startswith("On ") and _CLOCK.search(nxt)):  # (another reply's line)
            break
        first = f"{first} {nxt}"
        if (joined := _in_english(first)).endswith("wrote:"):
            text, used = joined, extra + 1
    if not text.startswith("On ") or not text.endswith("wrote:"):
        return _wrote_cut(lines, index)
    inner = text[3 : -len("wrote:")].strip()
    cut = 0
    for pattern in (_CLOCK, _CLOCK_MISREAD, _YEAR, _SHORT_YEAR_DATE):  # the last clock ends the date; or its year
        for match in pattern.finditer(inner):
            cut = match.end() if any(c.isdigit() for c in match.group(0)) else cut
        if cut:
            break
    if not cut:
        return None
    date, name = inner[:cut].strip(" ,"), inner[cut:].strip(" ,")
    if name.casefold().startswith("at ") and (clock := _UNREAD_CLOCK.match(name)) is not None:
        date, name = f"{date} {clock.group(0)}".strip(" ,."), name[clock.end():].strip(" ,.")
    if name.casefold().startswith("at ") or pattern is _SHORT_YEAR_DATE and not (
            _SHORT_YEAR_FIRST.match(inner) and (name[:1].isupper() or "@" in name)):
        return None  # (a sentence: "On 3/4/13, the applicant wrote:", "On page 2 of the 3/4/13 letter, …")
    if used > 1 and not _no_sentence(name) and (cut_short := _wrote_cut(lines, index)) is not None:
        return cut_short  # ("wrote:" read under the reply's first line: no name's wrap)
    return name, date, used


# OCR failure of scans, any client: a box over the sender's address cut an "On <date>, <name>
# wrote:" line after the name ("…, Jane Roe <", "…, Jane Roe 4"), OCR reading "wrote:" lines
# lower, or losing it. The line alone is the reply's where it prints a whole date with its clock,
# then a name of capitalised words and at most what the box left, or a date without its clock
# and the address's opening bracket.
_CUT_NAME = r"\s((?:[A-Z][\w.'’-]{0,30}\s?){1,4}?)\s?"
_WROTE_CUT = (
    re.compile(rf"On\s(.{{6,60}}?(?:19|20)\d{{2}}.{{0,8}}?\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s?[AaPp]\.?[Mm]\.?),{_CUT_NAME}"
               r"((?:<[^<>]{0,40}|[^\w\s:;,.]{1,2}|\d[^\w\s:;,.]?)?)"),
    re.compile(rf"On\s(.{{6,40}}?(?:19|20)\d{{2}}),{_CUT_NAME}(<[^<>]{{0,40}})"),
)


def _wrote_cut(lines: list[str], index: int) -> tuple[str, str, int] | None:
    """(sender, date, 1) of a reply's line a box cut after the name (``_WROTE_CUT``), or None:
    the address's bracket opened after the name; or what the box left, or the name alone with
    "wrote:" read on a line of its own under it, and no sentence going on in the next line (prose
    and agendas begin "On <date>, <name>" too)."""
    match = next((found for pattern in _WROTE_CUT if (found := pattern.fullmatch(_wrote_line(lines[index])))), None)
    if match is None:
        return None
    after = [_wrote_line(text) for text in lines[index + 1:index + 1 + _WROTE_LINES] if text.strip()]
    tail = match.group(3)  # (an address's bracket opened says it whole: the sentence under it is the copy's)
    if not tail.startswith("<") and (after and after[0][:1].islower() or not tail and "wrote:" not in after):
        return None
    return match.group(2).strip(), match.group(1), 1


# OCR failure, any scan: the clock of an "On … at <clock>, <name> wrote:" line read past the
# clock readers ("at 12 31 PM,", "at P27 PM."): what runs to its AM/PM is the date's (its day is
# read, the clock damaged), the rest the name.
_UNREAD_CLOCK = re.compile(r"at\s\S{1,6}(?:\s\S{1,3})?\s?[AaPp]\.?[Mm]\.?(?![A-Za-z])")


def reply_line(line: str) -> bool:
    """Whether one line is an "On <date>, <name> wrote:" line, as the splitter reads them."""
    return _on_wrote([line], 0) is not None


# Layout family: mail clients and list archives that introduce the quoted message with its
# sender alone, no date ("Jane Roe <jroe@x.gov> wrote:"), and mark each quoted line with ">".
_NAME_WROTE = re.compile(r"((?:[^\W\d_][^<>@:;\d\n]{0,80}?\s?)?<[^<>\s@]{1,64}@[\w.-]{1,120}>)\s?wrote:")


def _name_wrote(lines: list[str], index: int) -> tuple[str, str, int] | None:
    """(sender, "" for no date, lines used) of a "<name> <address> wrote:" line whose next line
    written is quoted (">"), or None: prose may say who wrote what, but quotes no lines under it."""
    match = _NAME_WROTE.fullmatch(_wrote_line(lines[index]))
    if match is None:
        return None
    after = next((lines[k].lstrip() for k in range(index + 1, len(lines)) if lines[k].strip()), "")
    return (match.group(1), "", 1) if after.startswith(">") else None


# Layout family: Eudora (and clients copying its form) introduces the quoted message with its
# time, then its date: "At 06:46 PM 5/25/2001 -0700, Jane Roe wrote:"; "you wrote:" when it
# answers the reader (who sent it: the reply's recipient, not read here).
_AT_WROTE = re.compile(r"At\s(\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?)\s(\d{1,2}/\d{1,2}/\d{2,4})"
                       r"(\s[-+]\d{4})?\s?,\s?(.{1,200}?)\s?wrote:")


def _at_wrote(line: str) -> tuple[str, str, int] | None:
    """(sender, date, lines used) of an "At <time> <date>, <name> wrote:" line, or None."""
    match = _AT_WROTE.fullmatch(_wrote_line(line))
    if match is None:
        return None
    name = match.group(4).strip()
    return ("" if name.casefold() == "you" else name, f"{match.group(2)} {match.group(1)}{match.group(3) or ''}", 1)


_CLOCK_ENDS = ("M", "m", *"0123456789")  # what a line ending with a clock ends with (a blank line does not)


def _reply_line(lines: list[str], index: int) -> tuple[str, str, int] | None:
    """(sender, date, lines used) of a line that introduces a quoted copy, or None."""
    stripped = _LEADING_SPECKS.sub("", lines[index].lstrip())
    if stripped.startswith(("At ", ">At ", "> At ")) and (eudora := _at_wrote(lines[index])) is not None:
        return eudora
    if (stripped[:3] in ("On ", ">On", "> O") or stripped.startswith((*_WROTE_OPENERS, ">>", "»", ">»"))
            or stripped.rstrip(" .").endswith(">>>") or (stripped.startswith((">", "»")) and stripped.endswith(_CLOCK_ENDS))):
        found = _on_wrote(lines, index) or _groupwise_reply(lines[index])
        if found is not None and not found[0] and index and (above := _GROUPWISE_SENDER_ABOVE.fullmatch(lines[index - 1])):
            return above.group(1).strip(), found[1], found[2]  # its sender on the line above
        return found
    if " wrote on " in stripped:
        return _notes_wrote(lines[index])
    return _name_wrote(lines, index) if "@" in stripped else None


# Lotus Notes quotes the message it answers under one line too (layout family: Notes 8 and
# later): "Jane Roe/DC/PEMB@PEMB wrote on 03/14/2011 10:05:12 AM:", the sender a Notes name
# or an Internet one.
_NOTES_WROTE = re.compile(
    r"\s{0,10}([^\W\d_][^:\n]{0,80}?/[\w .&/@-]{2,80}?|" + "(?:" + r"[\"“”]?[^\W\d_][^<>@:\n]{0,60}\s?)?<[^<>\s@]{1,64}@[\w.-]{1,120}>"
    + r")\swrote\son\s(\d{1,2}/\d{1,2}/\d{2,4}\s{1,3}\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?)\s?:\s{0,10}"
)


def _notes_wrote(line: str) -> tuple[str, str, int] | None:
    """(sender, date, lines used) of a Notes reply line, or None."""
    match = _NOTES_WROTE.fullmatch(_wrote_line(line))
    return (match.group(1).strip(), match.group(2), 1) if match else None


# GroupWise quotes the message it answers under one line (layout family: GroupWise):
# '>>> "Tom Webb" <twebb@x.org> 2/19/2013 10:15 AM >>>'. OCR failure of its scans: the closing
# marks read onto a line of their own or lost, the opening ones read ">>", "»>" or "»".
_GROUPWISE_REPLY = re.compile(
    r"\s{0,10}(?:>>>?|»>?|>»)\s?(.{1,200}?)\s(\d{1,2}/\d{1,2}/\d{2,4}\s{1,3}\d{1,2}:\d{2}(?:\s?[AaPp]\.?[Mm]\.?)?)"
    r"(?:\s?(?:>>>?|»>?|>»))?\s{0,10}"
)


# ... and, its closing marks read, the opening ones read as a word of a few letters ("rao") or
# its date's digits misread ("11717/09 2 20 PM": the date reads as none, the copy is still quoted);
# or the opening marks read as one (">Roe, Jane <…>") or lost, a box's edge and fill over the
# sender's name ("{SEO 2 x.com> 8/10/2019 9:02 AM >>>"): the sender's address's bracket before the date.
_GROUPWISE_CLOSED = re.compile(
    r"\s{0,10}\S{1,3}\s(.{1,200}?)\s(\d[\d/]{5,9}\s{1,3}\d{1,2}[:\s]?\d{2}(?:\s?[AaPp]\.?[Mm]\.?)?)\s?>>>\.?\s{0,10}"
)
_GROUPWISE_ADDRESS_CLOSED = re.compile(
    r"\s{0,10}[>»]?(.{1,200}?>)\s(\d{1,2}/\d{1,2}/\d{2,4}\s{1,3}\d{1,2}:\d{2}(?:\s?[AaPp]\.?[Mm]\.?)?)\s?>>>\.?\s{0,10}"
)


# ... and a box over the sender and the opening marks (its edge and fill read as glyphs, or not
# at all: "{ES 8/26/2019 3:18 PM >>>", "poke 7 sno __Bas 8/10/2019 11:30 AM >>>", "5/3/2021 10:44
# AM >>>"): the date and the closing marks, no sender; or
# the closing marks lost where the opening one and what the box left of the sender's address,
# its domain's last letters and bracket, are read ("> (USMS) == Doe gov> 7/31/2019 3:07 PM"; not a
# quoted line's "-> 7/31/2019 3:07 PM", or a bracketed name's).
_GROUPWISE_DATE = r"(\d{1,2}/\d{1,2}/\d{2,4}\s{1,3}\d{1,2}:\d{2}(?:\s?[AaPp]\.?[Mm]\.?)?)"
_GROUPWISE_SENDER_BOXED = re.compile(r"\s{0,10}(?:.{1,80}?\s)?" + _GROUPWISE_DATE + r"\s?>>>\.?\s{0,10}")
_GROUPWISE_CLOSING_LOST = re.compile(r"\s{0,10}[>»]\s?([^<>]{0,200}?[A-Za-z]{2,}>)\s" + _GROUPWISE_DATE + r"\s{0,10}")


# ... and one wrapped after its sender's address, its date and closing marks on the next line
# ('>>> "Roe, Jane" <jroe@x.gov>' over '3/4/2019 10:00 AM >>>').
_GROUPWISE_SENDER_ABOVE = re.compile(r"\s{0,10}(?:>>>?|»>?|>»)\s?([^<>]{0,120}<[^<>\s@]{1,64}@[^<>\s]{1,120}>)\s{0,10}")


def _groupwise_reply(line: str) -> tuple[str, str, int] | None:
    """(sender, date, lines used) of a GroupWise reply line, or None."""
    line = line[:_MAX_LINE]
    match = _GROUPWISE_REPLY.fullmatch(line) or _GROUPWISE_CLOSED.fullmatch(line)
    if match is None and (match := _GROUPWISE_ADDRESS_CLOSED.fullmatch(line) or _GROUPWISE_CLOSING_LOST.fullmatch(line)):
        sender = match.group(1)  # (no sender where the box left no whole address: its fill is no name)
        return (sender if "<" in sender and "@" in sender else "", match.group(2), 1)
    if match is None and (match := _GROUPWISE_SENDER_BOXED.fullmatch(line)) is not None:
        return ("", match.group(1), 1)
    return (match.group(1), match.group(2), 1) if match else None


# Lotus Notes memo-style headers (layout family): the sender ("Name/Unit/Org", Notes'
# hierarchical name) and the date in a left column, To/cc/bcc/Subject in a right one
# with labels but no colons; read across, each line holds a left and a right cell. A sender
# from outside the Notes domain prints as its Internet name: a quoted name with its address
# ('"Jane Roe" <jroe@contractor.com>') or the bare address.
_INTERNET_SENDER = (r"[\"“”][^\"“”<>\n]{1,60}[\"“”]\s{0,3}<[^<>\s@]{1,64}@[\w.-]{1,120}>"
                    r"|<?[^<>\s@\"“”:]{1,64}@[\w-]{1,60}(?:\.[\w-]{1,60}){1,6}>?")
# OCR failure, scanned Notes prints: the To label read "Jo", or its "T" lost and the "o"
# glued to the sender's organisation ("Jane Roe/HQ/ORGo John Doe/HQ/ORG@ORG").
# ... or with specks between the columns, the label read "Ta" or "Too" (" _ Ta ", " ‘To ", " ‘, ‘To ").
_NOTES_COLUMN_SPECKS = r"(?:[-_=.,;:'‘’“”|—–~]{1,2}\s?){0,2}"
# ... or its display name unquoted before its address ("Jane Roe <jroe@contractor.com>   To …"), the
# To label perhaps run against the address's bracket where a text layer reads the columns together.
_NAME_PARTICLE_WORDS = "|".join(sorted(NAME_PARTICLES | {"dell", "della", "degli"}))  # (a surname's: "de la Roe")
_NOTES_NAMED_ADDRESS = (rf"[A-Z][\w.'’-]{{0,30}}(?:\s(?:{_NAME_PARTICLE_WORDS})){{0,2}}(?:\s[A-Z][\w.'’-]{{0,30}}"
                        rf"(?:\s(?:{_NAME_PARTICLE_WORDS})){{0,2}}){{0,3}}\s{{1,3}}<[^<>\s@]{{1,64}}@[\w.-]{{1,120}}>")
# ... or a mailbox a box withholds, its code then the domain ("(b)(6) @contractor.com   To …").
_NOTES_BOXED_MAILBOX = (r"(?:\(\s?b\s?\)\s?\(\s?\d\s?\)(?:\s?\(\s?[A-Za-z]\s?\))?[,;]?\s?){1,3}"
                        r"@[\w-]{1,60}(?:\.[\w-]{1,60}){1,6}")
_NOTES_SENDER = re.compile(
    r"\s{0,10}([A-Z][^/\n]{1,60}?/[\w .&/@-]{2,80}?|" + _INTERNET_SENDER + "|" + _NOTES_NAMED_ADDRESS + "|" + _NOTES_BOXED_MAILBOX
    + r")(?:\s{1,40}" + _NOTES_COLUMN_SPECKS + r"[TJ](?:o|oo|a)[-.,]?|(?<=[A-Z]{2})o|(?<=>)To)\s{1,10}(\S.{0,400})")
# OCR failure, scanned Notes prints: a digit of the date read as a letter ("2O11", "1O:05"), a
# space before the clock's colon or the colon read "°" or "." or lost ("10 05"), a speck before
# AM/PM ("10:05. AM"); ``parse_date`` reads them back.
_NOTES_DIGIT = r"[\dOolI|SB]"
_NOTES_WHEN = (rf"{_NOTES_DIGIT}{{1,2}}/{_NOTES_DIGIT}{{1,2}}/{_NOTES_DIGIT}{{2,4}}\s{{1,3}}{_NOTES_DIGIT}{{1,2}}"
               rf"(?:\s?[:°.]\s?|\s){_NOTES_DIGIT}{{2}}(?:[.,]?\s?[AaPpF][Mm])?")  # ("FM": the P's bowl lost)
_NOTES_DATE_PART = r"\s{0,10}(" + _NOTES_WHEN + ")"
# OCR failure, scanned Notes prints: "bcc" read "bec", "bee" or "DCC", a label's speck read as a
# stop ("cc. Doe/HQ/ORG") or a speck before it as one ("; bec"), "To" read "To-".
_NOTES_DATE = re.compile(_NOTES_DATE_PART + r"(?:\s{1,40}" + _NOTES_COLUMN_SPECKS
                         + r"(cc|ce|co|ee|bcc|bec|bee)[.,]?(?:\s{1,10}(\S.{0,400}))?)?")
_NOTES_REST = re.compile(r"\s{0,60}(?:[;:.,'‘’“”`|]\s?)?((?i:cc|ce|bcc|bec|bee|dcc|hee|hae)|Subject|Subjcct|Subiect)\b[.,]?"
                         r"\s{0,10}(.{0,400})")
_NOTES_BCC = frozenset({"bcc", "bec", "bee", "dcc", "hee", "hae"})  # (read in capitals too: "DCC", "CC")
# ... and a speck before a line of it ("- Jane Roe/DC/PEMB@PEMB To …", "' 03/14/2011 …").
_NOTES_SPECKS = re.compile(r"^\s{0,10}[-=–_.'’‘“”«»*•`—~,;©]{1,3}\s(?=\S)")
# Layout family, Notes memo prints: a long To list wraps in the right-hand column, its second
# line beside the date, and a long To or cc list runs on over the lines under it.
_NOTES_DATE_BESIDE = re.compile(_NOTES_DATE_PART + r"\s{1,40}(\S.{0,400})")
_NOTES_WRAP_WIDTH = 30  # characters of a subject in a Notes print's right-hand column long enough to have wrapped
_NOTES_HALF_WRAPPED = re.compile(r"\s{0,10}([AaPp]\.?[Mm]\.?)(?:\s{0,40}|\s{2,40}(\S.{0,400}))")
_NOTES_REACH = 24  # lines of a Notes header under its date: wrapped lists, cc, bcc, Subject
_NOTES_LABEL_MISREAD = 3  # characters beside the date that are its empty cc label misread ("ae"), no list
_NOTES_LIST_END = (";", ",", ":")  # a colon is OCR's reading of a semicolon


def _notes_list_goes_on(value: str, text: str) -> bool:
    """A Notes To or cc list that ended its line with a separator, or inside a hierarchical name
    (Notes wraps at any space: "..., Ellen" over "Park/HARBOR/AGY@AGY"), and a line of names after it."""
    cut_name = _notes_name_cut(value, text)
    # ... or after a name whose address in brackets wrapped onto the next line ("To Jane Roe" over
    # "<jroe@contractor.com>, …": Internet recipients, Notes printing each name before its address)
    # (or wrapped inside the name: "…, Ann" over "Roe <aroe@…>, …", or over "Roe" over "<aroe@…>, …")
    before_address = _NOTES_NAME_BEFORE_ADDRESS.search(value.rstrip()) is not None
    ends = value.rstrip().endswith(_NOTES_LIST_END)
    if (before_address or ends) and _NOTES_NAME_WORDS.fullmatch(text.rstrip(",;")) \
            or before_address and _NOTES_ADDRESS_RESUMES.match(text):  # (a name, a speck read as a comma after it)
        return True
    if ends and _NOTES_NAME_AND_BRACKETS.fullmatch(text) or before_address and _NOTES_BRACKETS_RESUME.match(text):
        return True  # a name and its address in brackets OCR garbled past its "@" ("Carl Moss <c Lpepnang nn: x.gov>,")
    if _boxed_domain_wrapped(value, text):
        return True
    if ends and _QUOTED_NAMES.fullmatch(text) or value.rstrip().endswith(('"', "”")) and _NOTES_BRACKETS_RESUME.match(text):
        return True  # a quoted name ('"Moss, Carl"'), its address in brackets on the next line
    if ends and codes_only(text):
        return True  # a withheld party's box printed on a line of its own ("…>," over "(b)(6), (b)(7)(C)")
    if cut_name and _NOTES_NAME_ENDED.fullmatch(text) is not None:
        return True  # (the name's rest and more hierarchical names, however long the line: "Lee/OPS/HARBOR, Carl …")
    return (ends or cut_name) and ("/" in text or "@" in text) and (
        _reads_as_parties(text) or _NOTES_NAMES_LINE.fullmatch(text) is not None)


# a line of hierarchical names alone, however long ("Ellen Park/HQ/AGY, John Doe/HQ/AGY@AGY,")
_NOTES_HIERARCHICAL_NAME = r"[A-Z][\w'.-]{0,30}(?:\s[A-Z][\w'.-]{0,30}){0,3}(?:/[A-Z0-9][A-Z0-9.&@-]{0,40}){1,6}"
_NOTES_NAMES_LINE = re.compile(rf"(?:{_NOTES_HIERARCHICAL_NAME}\s?[,;]\s?){{0,12}}{_NOTES_HIERARCHICAL_NAME}\s?[,;]?")


# a list's last name cut at a space, its words before the first "/" left ("…@AGY, Ellen", "…, Mary
# Ann"), and the line going on with the rest of that name ("Park/HARBOR/AGY@AGY, …")
# (a particle perhaps last: "…, Ann van" over "Moss/HARBOR/AGY")
_NOTES_NAME_CUT = re.compile(rf"[/@][^,;]*[,;]\s?[A-Z][\w'.-]*(?:\s[A-Z][\w'.-]*)?(?:\s(?:{_NAME_PARTICLE_WORDS})){{0,2}}$")
_NOTES_NAME_GOES_ON = re.compile(rf"(?:(?:{_NAME_PARTICLE_WORDS})\s){{0,2}}[A-Z][\w'.-]*(?:\s[A-Z][\w'.-]*)?/")
# ... the rest a whole hierarchical name, the list ending or going on after it (a labelled header's
# list, "To: Jane Roe <jroe@…>; Ellen" over "Park/HARBOR/AGY": no sentence of a body reads so)
_NOTES_NAME_ENDED = re.compile(  # (its hierarchy in capitals, as Notes prints it: "Carl/Ellen, see …" is a sentence)
    r"[A-Z][\w'.-]*(?:\s[A-Z][\w'.-]*)?(?:/[A-Z0-9][A-Z0-9.&@-]{0,40}){1,6}\s?(?:[,;](?!\s?[a-z]).*)?")


def _boxed_domain_wrapped(value: str, text: str) -> bool:
    """A boxed mailbox's domain wrapped under its code ("…, (b)(7)(C)" over "@agency.gov, …")."""
    return _NOTES_BOXED_DOMAIN.match(text) is not None and value.rstrip().endswith(")") \
        and bool(find_exemptions(re.split(r"[,;]", value)[-1]))


def _notes_name_cut(value: str, text: str) -> bool:
    return _NOTES_NAME_CUT.search(value.rstrip()) is not None and _NOTES_NAME_GOES_ON.match(text) is not None
_NOTES_NAME_BEFORE_ADDRESS = re.compile(  # (after a separator its first capital perhaps read small: ", ellen")
    r"(?:^[A-Z]|[>,;]\s?[A-Za-z])[\w'.-]*(?:\s[A-Z][\w'.-]*){0,3}$")
_NOTES_BOXED_DOMAIN = re.compile(r"@\s?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\s?[,;]?\s?(?:$|[A-Z<(\"“])")
_NOTES_BRACKETS_RESUME = re.compile(r"<[^<>]{3,80}>\s?(?:[,;]|$)")  # (… "Ann" over "<aroe. nn: x.gov>, …")
_NOTES_NAME_AND_BRACKETS = re.compile(r"[A-Z][\w'.-]*(?:\s[A-Z][\w'.-]*){0,2}\s?<[^<>]{1,80}>[,;]?")
_NOTES_NAME_WORDS = re.compile(r"[A-Z][\w'.-]*(?:\s[A-Z][\w'.-]*){0,2}(?:,\s?[A-Z][A-Za-z.]{1,7})?")  # (", MD")
_NOTES_ADDRESS_RESUMES = re.compile(  # ("jroe @x", "@x. gov": OCR's spaces)
    r"(?:[A-Z][\w'.-]*(?:\s[A-Z][\w'.-]*){0,2}\s?)?<[^<>\s@]{1,64}\s?@\s?[\w.-](?:[\w.-]|\s(?=\S)){0,119}>")


def _notes_line(line: str) -> str:
    """A line under a Notes header's date as a list may go on with it: spaces closed up, a speck
    OCR read apart at its end dropped ("Ann Roe _", "Ann Roe :"), a separator set apart closed up ("Ann Roe ,"),
    a speck glued before it dropped ("‘Roe <aroe@…>,")."""
    text = _NOTES_SEPARATOR_APART.sub(r"\1", _NOTES_END_SPECKS.sub("", " ".join(line[:_MAX_LINE].split())))
    return _NOTES_QUOTE_SPECK.sub("", text)


_NOTES_END_SPECKS = re.compile(r"\s[_~|'`’:]{1,2}$")
_NOTES_SEPARATOR_APART = re.compile(r"\s([,;])$")
_NOTES_QUOTE_SPECK = re.compile(r"^[‘’'`](?=[A-Z][a-z])(?!.*[‘’'`])")  # ("‘Moss <cmoss@…>,": a speck, no quote it opens)


def _notes_joined(value: str, text: str) -> str:
    if _NOTES_GIVEN_NAME_SPECKED.search(value.rstrip()) is not None and _NOTES_NAME_GOES_ON.match(text.strip()) is not None:
        value = value.rstrip()[:-1]  # a speck after a given name read as a separator ("…, John ," over "Doe/HQ/AGY")
    return value.rstrip().removesuffix(":") + ("; " if value.rstrip().endswith(":") else " ") + text.strip()


# OCR failure, scanned Notes prints: a speck after a list's last given name, its surname and hierarchy
# wrapped under it, read as a separator ("…@AGY, John ,", "Maria ;"): no party is a given name alone.
_NOTES_GIVEN_NAME_SPECKED = re.compile(r"(?:^|[/@][^,;]*[,;]\s?)[A-Z][\w'.-]*\s?[,;]$")


# OCR failure, scanned Notes prints: a label of the right-hand column read on a line of its own
# under its value, the label set lower than the names beside it ("Jane Roe/DC/PEMB@PEMB John
# Doe/HQ/PEMB@PEMB", then "To"; "03/14/2011 10:05 AM Mary Kent/DC/PEMB@PEMB", then "cc").
_NOTES_LONE_LABEL = re.compile(r"\s{0,10}(To|cc|ce)[.,:]?\s{0,10}")
_NOTES_SENDER_AND_LIST = re.compile(
    r"\s{0,10}([A-Z][^/\n]{1,60}?/[\w.&/@-]{2,80}|" + _INTERNET_SENDER + r")\s{1,40}([A-Z\"“][^/\n]{0,60}[/@].{0,400})")


def _lotus_notes_block(lines: list[str], start: int) -> _Block | None:
    """The memo-style header starting at ``start``, or None."""
    block = _notes_block_as_read(lines, start)
    if block is None and (beside := _notes_labels_set_beside(lines, start)) is not None:
        block = _notes_block_as_read(beside, start)
    return block


def _notes_labels_set_beside(lines: list[str], start: int) -> list[str] | None:
    """``lines`` with the To and cc labels OCR read alone under the first two lines of a Notes
    header set back beside their values (the date's line moved up into the To label's, a line
    left blank where a line moved or a label was), or None where neither is."""
    if not ("/" in lines[start] or "@" in lines[start]):
        return None
    moved = list(lines)
    printed = [k for k in range(start + 1, min(len(lines), start + 6)) if lines[k].strip()]
    if len(printed) >= 2 and _notes_label_alone(lines[printed[0]]) == "To" \
            and (first := _NOTES_SENDER_AND_LIST.fullmatch(lines[start][:_MAX_LINE])) is not None:
        # the date's line moves up into the label's: the header's lines stay one under the other
        moved[start], moved[printed[0]], moved[printed[1]] = f"{first.group(1)} To {first.group(2)}", lines[printed[1]], ""
        printed = [printed[0], *printed[2:]]
    if len(printed) >= 2 and _notes_label_alone(lines[printed[1]]) in ("cc", "ce") \
            and _NOTES_DATE.fullmatch(moved[printed[0]][:_MAX_LINE]) is None \
            and (dated := _NOTES_DATE_BESIDE.fullmatch(moved[printed[0]][:_MAX_LINE])) is not None:
        moved[printed[0]] = f"{dated.group(1)} {_notes_label_alone(lines[printed[1]])} {dated.group(2)}"
        moved[printed[1]] = ""
    return moved if moved != lines else None


def _notes_label_alone(line: str) -> str | None:
    alone = _NOTES_LONE_LABEL.fullmatch(line[:_MAX_LINE])
    return alone.group(1) if alone else None


# ... or by its Internet display name alone, in quotes ('"Roe, Jane A. (OIG)"   To …'); a long one
# wraps in its column, its rest and closing quote on the line under it, the date under that (OCR
# may read the opening quote "'"; the To list may be lost, its label left alone).
_NOTES_NAME_SENDER = re.compile(
    r"\s{0,10}[\"“'‘]([A-Z][^\"“”<>@/\n]{1,60}?)([\"”])?\s{1,40}[TJ]o[-.,]?(?:\s{1,10}(\S.{0,400}))?\s{0,10}")
_NOTES_NAME_REST = re.compile(r"\s{0,10}([^\"“”<>@/\n]{1,40})[\"”]\s{0,10}")


# OCR failure, scanned Notes prints: the To label lost between an Internet sender's name and address
# and the list's first ("Jane Roe <jroe@x.gov>  Carl Moss <cmoss@x.gov>,"), the date under them.
_NOTES_TO_LOST = re.compile(r"\s{0,10}(" + _NOTES_NAMED_ADDRESS + r")\s{1,40}(" + _NOTES_NAMED_ADDRESS + r"\s?[,;]?.{0,400})")
# ... the list's first name alone beside it, its address wrapped onto the date's line ("Jane Roe
# <jroe@x.gov>  Ellen Park" over "03/14/2023 09:30 AM <epark@x.gov>, …")
_NOTES_TO_LOST_BEFORE_A_NAME = re.compile(
    r"\s{0,10}(" + _NOTES_NAMED_ADDRESS + r")\s{1,40}([A-Z][\w.'’-]{0,30}(?:\s[A-Z][\w.'’-]{0,30}){1,3})\s{0,10}")
_NOTES_ADDRESS_BESIDE = re.compile(_NOTES_DATE_PART + r"\s{1,40}<[^<>\s@]{1,64}@.{0,400}")


# ... or the To label and the letters around it read as one run with the sender's domain ("Jane Roe
# <jroe@harbor.exarmipleRyovand Park <epark@…>,", "<jroe@agency. ekampbspiausMoss/HQ/AGY"): the
# sender is the name and the address as far as the run (read as damaged: the document's other
# printings of the name may mend it), the list the names from the first capital after the run that
# reads as a name with its hierarchy or its address.
_NOTES_TO_GARBLED = re.compile(r"\s{0,10}([A-Z][\w.'’-]{0,30}(?:\s[A-Z][\w.'’-]{0,30}){0,3}\s{1,3}<[^<>\s@]{1,64}@[^<>]{2,80}?)"
                               r"(?:>|(?<=[a-z\s]))([A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*)?(?:/|\s<[^<>\s@]{1,64}@).{0,400})")


# ... or all of the list's first name but a few letters run into the sender's address ("Jane Roe
# <jroe@harbor.ekampleagoy*oss"), its address on the date's line: the list starts there.
_NOTES_SENDER_RUN_ON = re.compile(  # (the domain perhaps spaced by OCR: "@harbor. ekampleagoy*?oss")
    r"\s{0,10}([A-Z][\w.'’-]{0,30}(?:\s[A-Z][\w.'’-]{0,30}){0,3}\s{1,3}<[^<>\s@]{1,64}@[\w.-](?:[\w.-]|\s(?=[\w.-])){1,119})"
    r"(?:[^\w\s.<>-][^<>\s]{0,40})?\s{0,10}")


# ... or the sender's domain, the To label and the first name's start read as one run of marks and
# letters ending in that name's rest and hierarchy ("<roe.jane@harborlexatiapt:::gj)oss/OPS/HARBOR,
# (b)(6)"): the list from the hierarchy's first word (its given name read past reading, as read).
_NOTES_GLUED_TO_A_UNIT = re.compile(
    r"\s{0,10}([A-Z][\w.'’-]{0,30}(?:\s[A-Z][\w.'’-]{0,30}){0,3}\s{1,3}<[^<>\s@]{1,64}@[\w.-]{2,120})"
    r"[^\w\s<>]{1,6}(?:\w{0,6}[^\w\s<>]{1,6})?([A-Za-z][\w'’.-]{1,30}(?:/[\w.&-]{1,40}){1,6}(?:[,;].{0,400})?)")


def _notes_sender_line(lines: list[str], start: int) -> tuple[str, str, int] | None:
    """(sender, To list, the date's line) of a Notes header read across from ``start``, or None."""
    text = lines[start][:_MAX_LINE]
    if (first := _NOTES_SENDER.fullmatch(text)) is not None:
        return first.group(1).strip(), first.group(2).strip(), start + 1
    dated = start + 1 < len(lines) and _NOTES_DATE_BESIDE.fullmatch(lines[start + 1][:_MAX_LINE]) is not None
    if dated and ((lost := _NOTES_TO_LOST.fullmatch(text)) is not None or (
            (lost := _NOTES_TO_LOST_BEFORE_A_NAME.fullmatch(text)) is not None
            and _NOTES_ADDRESS_BESIDE.fullmatch(lines[start + 1][:_MAX_LINE]) is not None)):
        return lost.group(1).strip(), lost.group(2).strip(), start + 1
    if dated and (garbled := _NOTES_TO_GARBLED.fullmatch(text)) is not None:
        return garbled.group(1).strip() + ">", garbled.group(2).strip(), start + 1
    if start + 1 < len(lines) and (run_on := _NOTES_SENDER_RUN_ON.fullmatch(text)) is not None \
            and _NOTES_ADDRESS_BESIDE.fullmatch(lines[start + 1][:_MAX_LINE]) is not None:
        return run_on.group(1).strip() + ">", "", start + 1
    if dated and (glued := _NOTES_GLUED_TO_A_UNIT.fullmatch(text)) is not None:
        return glued.group(1).strip() + ">", glued.group(2).strip(), start + 1
    if (named := _NOTES_NAME_SENDER.fullmatch(text)) is None:
        return None
    name, to = named.group(1).strip(), (named.group(3) or "").strip()
    if named.group(2) and start + 1 < len(lines) and _NOTES_WRAPPED_ADDRESS.match(lines[start + 1]) is not None:
        return None  # its address wrapped under it: the left column's cells are read apart (``_lotus_notes_columns``)
    if named.group(2):
        return name, to, start + 1
    rest = _NOTES_NAME_REST.fullmatch(lines[start + 1][:_MAX_LINE]) if start + 1 < len(lines) else None
    return (f"{name} {rest.group(1).strip()}", to, start + 2) if rest else None


def _notes_head(lines: list[str], start: int) -> tuple[list[tuple[str, str]], int] | None:
    """The fields of a Notes header read across from ``start`` down to its date's line (the sender
    and To list, a list wrapped onto lines of its own, who sent for the sender, the date and the cc
    beside it), and that line; None where no date's line follows."""
    first = _notes_sender_line(lines, start)
    if first is None or first[2] >= len(lines):
        return None
    sender, to, dated = first
    while dated + 1 < len(lines) and _NOTES_DATE_BESIDE.fullmatch(lines[dated][:_MAX_LINE]) is None \
            and _notes_list_goes_on(to, text := _notes_line(lines[dated])):
        to, dated = _notes_joined(to, text), dated + 1  # a To list wrapped onto lines of its own, the date under them
    fields = [("from", sender), ("to", to)]
    if (sent_by := _NOTES_SENT_BY_BESIDE.fullmatch(lines[dated][:_MAX_LINE])) is not None and dated + 1 < len(lines):
        # who sent for the sender, on the date's line ("Sent by: Ellen Park   cc   Carl Moss/…"): the
        # date under it
        label = sent_by.group(1).casefold()
        fields.append(("bcc" if label in _NOTES_BCC else "cc", (sent_by.group(2) or "").strip()))
        dated += 1
    date_line = lines[dated][:_MAX_LINE].rstrip()  # (a space after AM/PM is no cc label misread)
    second = _NOTES_DATE.fullmatch(date_line)
    beside = _NOTES_DATE_BESIDE.fullmatch(date_line) if second is None else None
    wrapped = _NOTES_SPECKS.sub("", _NOTES_SPECKS.sub("", " " + beside.group(2))).strip() if beside is not None else ""
    if beside is not None and (_notes_list_goes_on(fields[1][1], wrapped)
                               or not fields[1][1] and _NOTES_ADDRESS_RESUMES.match(wrapped) is not None):
        fields = [fields[0], ("sent", beside.group(1)), ("to", _notes_joined(fields[1][1], wrapped))]
    elif second is not None:
        fields.append(("sent", second.group(1)))
        if second.group(2):  # an empty cc prints its label alone
            fields.append(("bcc" if second.group(2) in _NOTES_BCC else "cc", (second.group(3) or "").strip()))
    elif beside is not None and len(beside.group(2).strip()) <= _NOTES_LABEL_MISREAD:
        fields.append(("sent", beside.group(1)))  # an empty cc's label OCR misread ("ae")
    else:
        return None
    return fields, dated


def _notes_block_as_read(lines: list[str], start: int) -> _Block | None:
    head = _notes_head(lines, start)
    if head is None:
        return None
    fields, dated = head
    end = dated + 1
    if end < len(lines) and (half := _NOTES_HALF_WRAPPED.fullmatch(lines[end][:_MAX_LINE])) is not None:
        # the date's AM/PM wrapped under it in the narrow left column ("03/05/2013 04:14" / "PM"),
        # the right-hand column's line beside it read on
        at = next(i for i, (name, _) in enumerate(fields) if name == "sent")
        fields[at] = ("sent", f"{fields[at][1]} {half.group(1)}")
        if half.group(2):
            lines = [*lines[:end], " " * half.start(2) + half.group(2), *lines[end + 1:]]
        else:
            end += 1
    for k in range(end, min(len(lines), dated + 1 + _NOTES_REACH)):
        rest = _NOTES_REST.fullmatch(lines[k][:_MAX_LINE])
        if not lines[k].strip():
            continue
        if rest is None:
            name, value = fields[-1]
            text = _notes_line(lines[k])
            if name in ("to", "cc", "bcc") and _notes_list_goes_on(value, text):
                fields[-1] = (name, _notes_joined(value, text))
                end = k + 1
                continue
            break
        label = rest.group(1).casefold()
        name = "subject" if label.startswith("sub") else "bcc" if label in _NOTES_BCC else "cc"
        fields.append((name, rest.group(2).strip()))
        end = k + 1
        if name == "subject":
            wrap = " ".join(lines[end].split()) if end < len(lines) else ""
            if _subject_wraps(fields[-1][1], wrap, after=lines[end + 1] if end + 1 < len(lines) else "",
                              width=_NOTES_WRAP_WIDTH):
                # a long subject wraps in its column too
                fields[-1] = ("subject", f"{fields[-1][1]} {wrap}")
                end += 1
            break
    if "subject" not in {name for name, _ in fields}:
        return None
    return _Block(page=0, line=start, end=end, fields=fields)


# The same header read column by column (a narrow print, or a text layer reading the left
# column first): the sender, the date under it, then To/cc/bcc/Subject each on its own line.
_NOTES_NAME = re.compile(r"\s{0,10}([A-Z][^/\n:]{1,60}?/[\w .&/@-]{2,80}?)\s{0,10}")
_NOTES_INTERNET_NAME = re.compile(r"\s{0,10}(" + _INTERNET_SENDER + r")\s{0,10}")
_NOTES_DATE_ALONE = re.compile(_NOTES_DATE_PART + r"\s{0,10}")
_NOTES_TO = re.compile(r"\s{0,10}To\s(\S.{0,400})")
# Lines the left column may print around the date: who sent for the sender when another
# did ("Sent by: Mary Ames/WASH/EPA/US") and where replies go ("Please respond to", its
# address on the same line or the next).
_NOTES_SENT_BY = re.compile(r"\s{0,10}Sent\s?by\s?:?\s{0,10}\S.{0,200}")
_NOTES_SENT_BY_BESIDE = re.compile(r"\s{0,10}Sent\s?by\s?:?\s{0,10}\S.{0,60}?\s{2,40}(cc|ce|bcc|bec|bee)[.,]?(?:\s{1,10}(\S.{0,400}))?")
_NOTES_RESPOND_TO = re.compile(r"\s{0,10}Please\s{1,3}respond\s{1,3}to\s?:?(\s{0,10}\S.{0,200})?", re.IGNORECASE)


def _notes_sender(line: str, *, closed: bool = True) -> str | None:
    """The sender a Notes header's left column starts with: a hierarchical or Internet name, or
    an Internet sender's display name alone in its quotes ('"Roe, Jane A. (OIG)"'; ``closed``
    False: the closing quote may be lost with the rest of a name wrapped in its column)."""
    quoted = _NOTES_QUOTED_NAME if closed else _NOTES_QUOTED_NAME_CUT
    name = _NOTES_NAME.fullmatch(line[:_MAX_LINE]) or _NOTES_INTERNET_NAME.fullmatch(line[:_MAX_LINE]) \
        or quoted.fullmatch(line[:_MAX_LINE])
    return name.group(1).strip() if name else None


_NOTES_QUOTED_NAME = re.compile(r"\s{0,10}[\"“]([A-Z][^\"“”<>@/\n]{1,60})[\"”]\s{0,10}")
_NOTES_QUOTED_NAME_CUT = re.compile(r"\s{0,10}[\"“]([A-Z][^\"“”<>@/\n]{1,60}?)[\"”]?\s{0,10}")


def _notes_following(lines: list[str], start: int, reach: int) -> list[int]:
    """The printed lines under a Notes sender, up to ``reach`` lines down, without the
    left column's "Sent by:" and "Please respond to" lines."""
    following: list[int] = []
    skip_next = False
    for k in range(start + 1, min(len(lines), start + 1 + reach)):
        text = lines[k][:_MAX_LINE]
        if not text.strip():
            continue
        if skip_next:
            skip_next = False
            continue
        if (respond := _NOTES_RESPOND_TO.fullmatch(text)) is not None:
            skip_next = respond.group(1) is None
            continue
        if not following and _NOTES_SENT_BY.fullmatch(text):
            continue
        following.append(k)
    return following


def _lotus_notes_stacked(lines: list[str], start: int) -> _Block | None:
    """The memo-style header read one column after the other, starting at ``start``, or None;
    OCR may read the date above the sender (a name wrapped in its column, its closing quote lost)."""
    name, dated = _notes_sender(lines[start]), None
    if name is None and (dated := _NOTES_DATE_ALONE.fullmatch(lines[start][:_MAX_LINE])) is None:
        return None
    following = _notes_following(lines, start, 12)
    if len(following) < 3:
        return None
    date = dated or _NOTES_DATE_ALONE.fullmatch(lines[following[0]][:_MAX_LINE])
    if name is None:
        name = _notes_sender(lines[following[0]], closed=False)
    if name is None:
        return None
    to = _NOTES_TO.fullmatch(lines[following[1]][:_MAX_LINE])
    if date is None or to is None:
        return None
    fields = [("from", name), ("sent", date.group(1)), ("to", to.group(1).strip())]
    for k in following[2:6]:
        rest = _NOTES_REST.fullmatch(lines[k][:_MAX_LINE])
        if rest is None:
            return None
        label = rest.group(1).casefold()
        field_name = "subject" if label.startswith("sub") else "bcc" if label in _NOTES_BCC else "cc"
        fields.append((field_name, rest.group(2).strip()))
        if field_name == "subject":
            return _Block(page=0, line=start, end=k + 1, fields=fields)
    return None


# The same header as a text layer gives a Notes table: each label ("To", "cc", "bcc",
# "Subject") on a line of its own, its value on the line under it (none when it is empty).
_NOTES_CELL_LABEL = re.compile(r"\s{0,10}(To|cc|bcc|Subject)\s{0,10}")
_NOTES_CELL_REACH = 10  # lines of labels and values under the date


def _lotus_notes_cells(lines: list[str], start: int) -> _Block | None:
    """The memo-style header as label and value cells one under the other, or None."""
    name = _notes_sender(lines[start])
    if name is None:
        return None
    following = _notes_following(lines, start, 1 + _NOTES_CELL_REACH)
    if len(following) < 3 or not _NOTES_DATE_ALONE.fullmatch(lines[following[0]][:_MAX_LINE]):
        return None
    fields = [("from", name), ("sent", lines[following[0]].strip())]
    labels = {k: cell.group(1).casefold() for k in following[1:] if (cell := _NOTES_CELL_LABEL.fullmatch(lines[k]))}
    if labels.get(following[1]) != "to":
        return None
    for position, k in enumerate(following[1:], start=1):
        if k not in labels:
            continue
        value = following[position + 1] if position + 1 < len(following) else None
        text = lines[value].strip() if value is not None and value not in labels else ""
        fields.append((labels[k], text))
        if labels[k] == "subject":
            return _Block(page=0, line=start, end=(value + 1) if text and value is not None else k + 1, fields=fields)
    return None


# Layout family, Lotus Notes memo prints: the left-hand column holds more than the sender and the
# date: the sender's hierarchical name wrapped in the column at a space ("John" over
# "Doe/HQ/AGY@AGY"), who sent for the sender ("Sent by: Ann Lee/HQ/AGY"), where replies go
# ("Please respond to", the address under it). Read across, each of those cells shares its line
# with one of the right-hand column's (the To list's wraps, cc, bcc, Subject): the left cells are
# read apart, the right-hand lines as the labels and the lists they wrap.
# (an Internet sender's display name in its quotes, its address wrapped under it: '"Jane Roe"' over
# "<jroe@contractor.com>")
_NOTES_CUT_SENDER = re.compile(r"\s{0,10}([A-Z][\w'’-]{0,30}(?:\s[A-Z][\w'’-]{0,30}){0,2}|[\"“][A-Z][^\"“”<>@/\n]{1,60}[\"”])"
                               r"\.?\s{1,40}" + _NOTES_COLUMN_SPECKS + r"[TJ](?:o|oo|a)[-.,]?\s{1,10}(\S.{0,400})")
_NOTES_HIERARCHY = r"[\w'’.-]{1,40}\s?(?:/\s?[\w.&-]{1,40}){1,6}(?:@\s?[\w.-]{1,60})?(?=\s|$)"
_NOTES_WRAPPED_ADDRESS = re.compile(r"\s{0,10}<[^<>\s@]{1,64}@[\w.-]{1,120}>")
_NOTES_SENDER_REST = re.compile(r"\s{0,10}[‘’'`]?(" + _NOTES_HIERARCHY + r"|<[^<>\s@]{1,64}@[\w.-]{1,120}>)")
_NOTES_LEFT_CELLS = (
    ("sent", re.compile(_NOTES_DATE_PART + r"(?=\s|$)")),
    ("by", re.compile(r"\s{0,10}Sent\s?by\s?:?\s{0,10}(?:[A-Z][\w'’.-]{0,30}\s){0,3}" + _NOTES_HIERARCHY)),
    ("respond", re.compile(r"\s{0,10}Please\s{1,3}respond\s{1,3}to\s?:?(?=\s|$)", re.IGNORECASE)),
)
_NOTES_RESPOND_ADDRESS = re.compile(r"\s{0,10}(?:<?[^<>\s@/]{1,64}@[\w-]{1,60}(?:\.[\w-]{1,60}){1,6}>?(?=\s|$)"
                                    r"|(?:[A-Z][\w'’.-]{0,30}\s){0,3}" + _NOTES_HIERARCHY + ")")
_NOTES_CELL_SPECKS = re.compile(r"^[\s\-_=.,;:'‘’“”|—–~]+")
_NOTES_LEFT_AFTER = 3  # lines of the left-hand column alone under the Subject line (a long left column)


def _notes_left_cell(text: str, respond: bool) -> tuple[str, str, str]:
    """(kind, cell, the right-hand column's text) of a line of a Notes header: kind "sent" (the
    date), "by", "respond", "address" (where replies go, under "Please respond to": ``respond``),
    or "" where the line holds the right-hand column's alone."""
    cells = (("address", _NOTES_RESPOND_ADDRESS),) if respond else _NOTES_LEFT_CELLS
    for kind, pattern in cells:
        if (cell := pattern.match(text)) is not None:
            return kind, cell.group(1) if kind == "sent" else cell.group(0).strip(), text[cell.end():]
    return "", "", text


def _lotus_notes_columns(lines: list[str], start: int) -> _Block | None:
    """The memo-style header starting at ``start`` whose left-hand column wraps the sender or
    prints "Sent by:" or "Please respond to" beside the right-hand column's lines, or None."""
    text = lines[start][:_MAX_LINE]
    cut = _NOTES_CUT_SENDER.fullmatch(text)
    whole = _NOTES_SENDER.fullmatch(text) if cut is None else None
    first = cut or whole
    if first is None:
        return None
    fields = [("from", first.group(1).strip().rstrip(".")), ("to", first.group(2).strip())]
    sent, extra, respond, end = None, cut is not None, False, None
    for k in range(start + 1, min(len(lines), start + 1 + _NOTES_REACH)):
        text = lines[k][:_MAX_LINE]
        if cut is not None and k == start + 1:
            if (rest := _NOTES_SENDER_REST.match(text)) is None:
                return None
            fields[0] = ("from", f"{fields[0][1]} {rest.group(1).replace(' /', '/')}")
            text = text[rest.end():]
        else:
            kind, cell, text = _notes_left_cell(text, respond)
            sent = cell if kind == "sent" and sent is None else sent
            extra, respond = extra or kind in ("by", "respond"), kind == "respond"
        right = _NOTES_CELL_SPECKS.sub("", text).strip()
        if right and not _notes_right_line(fields, right):
            return None
        if fields[-1][0] == "subject":
            end = k + 1
            break
    if end is None or not extra:
        return None
    end = _notes_subject_wrapped(lines, fields, end)
    for k in range(end, min(len(lines), end + _NOTES_LEFT_AFTER)):  # the left column's cells alone under it
        kind, cell, text = _notes_left_cell(lines[k][:_MAX_LINE], respond)
        if not kind or text.strip():
            break
        sent, respond, end = sent or (cell if kind == "sent" else None), kind == "respond", k + 1
    if sent is None:
        return None
    return _Block(page=0, line=start, end=end, fields=[fields[0], ("sent", sent), *fields[1:]])


def _notes_right_line(fields: list[tuple[str, str]], right: str) -> bool:
    """Reads a line of a Notes header's right-hand column into ``fields``: a label and its value,
    or the list above it going on; False where it is neither."""
    if (label := _NOTES_REST.fullmatch(right)) is not None:
        name = label.group(1).casefold()
        fields.append(("subject" if name.startswith("sub") else "bcc" if name in _NOTES_BCC else "cc",
                       label.group(2).strip()))
        return True
    name, value = fields[-1]
    if name not in ("to", "cc", "bcc") or not _reads_as_parties(right):
        return False
    fields[-1] = (name, _notes_joined(value, _notes_line(right)) if value else _notes_line(right))
    return True


def _notes_subject_wrapped(lines: list[str], fields: list[tuple[str, str]], end: int) -> int:
    """Where a Notes header ends: after its Subject line, or after the subject's wrapped rest."""
    wrap = " ".join(lines[end].split()) if end < len(lines) else ""
    if _subject_wraps(fields[-1][1], wrap, after=lines[end + 1] if end + 1 < len(lines) else "", width=_NOTES_WRAP_WIDTH):
        fields[-1] = ("subject", f"{fields[-1][1]} {wrap}")
        return end + 1
    return end


# --- Header blocks on one page -------------------------------------------------------------------


@dataclass
class _Block:
    page: int
    line: int
    end: int  # exclusive: first line after the header
    fields: list[tuple[str, str]] = field(default_factory=list)
    labels: list[_Label] = field(default_factory=list)
    label_lines: list[int] = field(default_factory=list)
    repeated: bool = False  # stopped at a field it already had: the next header starts there
    values_below: bool = False  # values printed under their labels, not beside them
    values_apart: bool = False  # ... one blank line under them (a text layer's table)
    on_wrote: bool = False
    quoted: bool = False
    lead: tuple[int, int] = (0, 0)  # where the text that introduces it starts
    forced: bool = False  # a person said a top-level email begins here
    below_no_email: bool = False  # ... on a page the machine read as no email (its lines above are neither's)
    weak: bool = False  # told quoted or not by the default alone (``quote_unmarked``)
    web: bool = False  # a web mail print's header: sender and time above its To: line
    body_from: tuple[int, int] | None = None  # where the body starts, when not at ``end`` on ``page``
    codes: list[str] = field(default_factory=list)  # margin codes printed on lines of their own inside it

    def names(self) -> set[str]:
        return {name for name, _ in self.fields}


def _next_label_within(
    labels: list[_Label | None], lines: list[str], start: int, reach: int,
    taken: frozenset[str] = frozenset(),
) -> bool:
    """Is a label the block does not have yet printed within ``reach`` lines?

    A label the block already has ("From:" again) starts the next block: the
    line before it is body text, not a wrapped value.
    """
    seen = 0
    for k in range(start, len(lines)):
        if not lines[k].strip():
            continue
        if _is_separator(lines, k):
            return False  # the next message's header, past the separator
        label = labels[k]
        if label is not None:
            return label.name not in taken
        seen += 1
        if seen >= reach:
            return False
    return False


def _label_again(labels: list[_Label | None], lines: list[str], k: int, block: _Block) -> bool:
    """Whether the block starts at a release stamp's Date: (a day, no clock) with a From: below it,
    line ``k`` is specks (no word of three letters: a box's frame) and the next line printing
    anything is the header's own Sent:/Date: label."""
    if _LETTERS_RUN.search(lines[k]) or "from" not in block.names() or not _stamp_date(block.labels[0]):
        return False
    nxt = next((n for n in range(k + 1, len(lines)) if lines[n].strip()), None)
    label = labels[nxt] if nxt is not None else None
    return label is not None and label.name in _ONCE and label.name == block.labels[0].name


_LETTERS_RUN = re.compile(r"[^\W\d_]{3}")


# Layout family, Apple Mail prints: a list of "Name address" pieces, no brackets ("Ann Doe
# adoe@x.gov, Lia Stone lstone@x.gov"), wrapped between a name and its address.
_BARE_ADDRESS_FIRST = re.compile(r"[\w.'+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+(?:[,;]|\s|$)")


def _name_then_its_address(value: str, text: str) -> bool:
    """Whether ``text`` goes on such a list whose last piece ``value`` ends with a name alone: it
    is that name's address, then names and addresses alone (a body's first line, "jroe@x.gov asked
    to be added", is not)."""
    last = value.rpartition(",")[2]
    first, *rest = text.strip().rstrip(",;").split(",")
    return "@" in value and "@" not in last and "<" not in value and bool(last.strip()) \
        and _BARE_ADDRESS_FIRST.fullmatch(first.strip() + " ") is not None \
        and all(_NAME_AND_BARE_ADDRESS.fullmatch(piece.strip()) for piece in rest)


def _name_broken_before_its_address(value: str, text: str, following: str) -> bool:
    """Layout family, Outlook's lists of long names and addresses: a name broken over two lines
    and its address on the line after ("…; Carl" / "Moss-Tarrant" / "<carl.moss-tarrant@…>;"):
    whether ``text`` is the rest of the name ``value`` ends with, ``following`` its address."""
    last = re.split(r"[;,]", value)[-1].strip()
    return bool(last) and "@" not in last and "<" not in last and _NAME_PIECE.fullmatch(text.strip()) is not None \
        and following.strip()[:1] in "<[" and _OPENS_AN_ADDRESS.match(following.strip()) is not None


_NAME_AND_BARE_ADDRESS = re.compile(r"(?:[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,3}\s)?[\w.'+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+"
                                    r"|[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,3}")


# A party's address opening a line, or the rest of its name then its address: its bracket as
# printed ("<", "[", "[mailto:") or as OCR misreads "<" ("«", "‹", "(", "{").
# (its stop perhaps read as a comma, or a space read after it: "Roe <Roe, Jane@…>", "<Roe. Jane@…>";
# the name's rest a degree after a comma: "Roe, PharmD <jroe@…>"; a letter of the mailbox read as a
# stroke: "Ill <h.|.roe@…>")
# (a producer's layer reading "mailto" "rnailto", the "@" "©")
_OPENS_AN_ADDRESS = re.compile(
    r"((?:[A-Za-z][\w.'’-]*,?\s){0,3})(?:[<«‹(\[{]?(?i:m|rn)(?i:ailto)[:;]?|[<«‹(\[{]\s?[\w.'+|!-]{1,64}(?:[,.]\s?[\w.'+|!-]{1,64})?\s?[@©])")


def _its_address_wrapped(value: str, text: str) -> bool:
    """Whether ``text`` goes on a list whose last party was cut before its address (Outlook's
    "Ellen Park" / "[mailto:epark@…]", "Samira" / "Noor <snoor@…>"): the line opens with that
    address, or with the rest of the name then it where the list's other parties print theirs."""
    # (a speck read as a comma after the name; a separator read as a colon after an address, "<…>: Carl")
    last = re.split(r"[;,]|(?<=[>\]])\s?:", value.rstrip(" ,"))[-1]
    opened = _OPENS_AN_ADDRESS.match(text)
    if opened is not None and opened.group(1) and _ADDRESS_CLOSES.search(value):
        return True  # (the next party, name and address, after one whose separator OCR read ":")
    if opened is None and (boxed := _OPENS_A_BOX.match(text)) is not None and codes_only(boxed.group(2)):
        opened = boxed  # (its address withheld, the box's code in its brackets: "Owen" / "Tarr < (b)(6) >; …")
    return bool(last.strip()) and "@" not in last and opened is not None and (
        "@" in value or not opened.group(1) or _PARTY_THEN_MORE.match(text, opened.end()) is not None)


# ... the brackets a box over the address left, its code inside ("< (b)(6) >", "[mailto: Ex. 6 ]"), and
# a line that goes on with the list's next party after the address ("Moss [mailto:cm@x.gov]; Ann Lee"):
# a list's line, whatever the parties above it print.
_OPENS_A_BOX = re.compile(r"((?:[A-Za-z][\w.'’-]*,?\s){0,3})[<\[]\s?(?i:mailto:)?\s?([^<>\[\]@]{2,40}?)\s?[>\]]")
_PARTY_THEN_MORE = re.compile(r"[^<>\[\]]{0,130}[>\]]\s?[;,]\s?\S")


def _parties_down_to_a_label(lines: list[str], labels: list[_Label | None], k: int, block: _Block) -> bool:
    """Layout family, any client's long recipient lists: every line from ``k`` down to a label the
    header has not printed yet (within ``_LIST_REACH`` lines, none blank) prints a list's marks
    (a separator, an address's "@" or brackets) and no sentence: the list's rest, however its lines
    broke ("…; Moss, Carl; (b)(6)" over "(b)(6) ; Lee, Ann [mailto:…]; …"); a line inside an address
    an earlier one opened is its wrap (an X.500 address's "ADMINISTRATIVE GROUP" alone)."""
    names, opened = block.names(), 0
    for at in range(k, min(len(lines), k + _PARTIES_REACH)):
        if (label := labels[at]) is not None:
            return at > k and label.name not in names
        text = lines[at].strip()
        if not text or not (_LIST_MARKS.search(text) or _X500_PIECE.search(text) or opened > 0 and _no_sentence(text)):
            return False  # (an X.500 address's line, its "<" OCR lost: ". SIO=HBR/OU=EXCHANGE …")
        opened = max(0, opened + text.count("<") - text.count(">"))
        text = _DOMAIN_ALONE.sub(" ", text)  # (a boxed mailbox's domain: "(b)(6)" over "@x.org; …")
        if not _no_sentence(text) or _PROSE_RUN.search(_ADDRESS.sub(" ", text)):
            return False
    return False


_PARTIES_REACH = 30  # lines a long list's rest may print (a 40-person To: list, two to a line)
_LIST_MARKS = re.compile(r"[;@©<>\[\]]")
_DOMAIN_ALONE = re.compile(r"(?<!\S)@\s?[\w-]+(?:\.[\w-]+)+")


def _value_line(name: str, line: str) -> str:
    """A line under a header field, as it may go on the field's value (a list's without a speck
    before its first address)."""
    text = " ".join(line.split())[:_MAX_LINE]
    return _SPECK_BEFORE_ADDRESS.sub("", text) if name in _LIST_FIELDS else text


# OCR failure, scanned recipient lists: a speck read before a wrapped line's first address
# (". <jroe@x.gov>; Jane Doe", "-<jroe@x.gov>"): no part of the list, and the line goes on it.
_SPECK_BEFORE_ADDRESS = re.compile(  # (the name's rest a surname's particle first: ". van Moss <…>")
    r"^[-=–_.'’‘`—~,:•*|]{1,2}\s?(?=(?:(?:[a-z]{1,4}\s){0,2}[A-Z][\w'’-]*\s)?[<«‹\[]\s?(?i:mailto|[^\s<>;,][^<>;,]{0,63}@))")


_ADDRESS_CLOSES = re.compile(r"@[^;,\s]*\s?[>\]})]\s?[:;,.]?\s*$")


def _continues_list(name: str, text: str) -> bool:
    """A line that can continue a list field: file names for Attachments, parties else."""
    return bool(name == "attachments" and _FILE_NAME.search(text)) or _reads_as_parties(text)


# OCR failure, scanned recipient lists: a separator read as "!" or "|", an initial as a digit
# and full stop ("Shapiro, Daniel B! Ross, Dennis 6."): still names, comma-separated
_BOX_EDGE = re.compile(r"^(?:[|I]\s)+")  # a box's edge OCR read before the line ("I Shapiro, ...")
_NAME_PIECE = re.compile(r"[A-Z][\w.'’-]*(?:\s(?:[A-Z0-9(][\w.'’()-]*|[a-z]{1,2}\.?)){0,3}")


def _reads_as_names(text: str) -> bool:
    """A line of two or more "Surname, Given" pieces, each at most four capitalised words (an
    initial, a particle of two letters aside): a wrapped recipient list whose separators OCR
    misread; prose has lower-case words."""
    pieces = [p.strip(" .") for p in re.split(r"[,;!|]", _BOX_EDGE.sub("", text.strip()))]
    return len(pieces) >= 2 and all(_NAME_PIECE.fullmatch(p) for p in pieces)


# Layout family, Outlook on the web prints: the count of attachments under the recipients
# ("1 attachments (45 KB)", "2 attachments"), then their names: no party.
_ATTACHMENT_COUNT = re.compile(r"\d{1,3}\s?attachments?\b.{0,40}", re.IGNORECASE)


def _reads_as_parties(text: str) -> bool:
    """A line that can continue a recipient list: addresses, separators or codes, or one
    short name. Web mail ends every list with ";", so a sentence after it is the body."""
    if _ATTACHMENT_COUNT.fullmatch(text.strip()):
        return False
    text = _SPECKED_ENDS.sub("", text)  # (OCR failure: a speck read apart after a name, '"Jane Roe" .')
    if any(mark in text for mark in ("@", "<", ";")) or find_exemptions(text) and not _PROSE_RUN.search(text) \
            or _QUOTED_NAMES.fullmatch(text.strip()):
        return True
    return len(text) <= 40 and not text.rstrip().endswith((".", "!", "?", ":"))


# Layout family, GroupWise prints (every display name quoted): a line of quoted names only, one
# surname first perhaps, a list's separators between ('"Moss, Carl B.", "Ellen T. Park"')
_QUOTED_NAMES = re.compile(r'(?:["“”‘]\s?[^"“”‘’\n]{1,80}["“”’]\s?[,;]?\s?){1,8}')  # (OCR's curly quotes too)


# Three words of small letters in a row: a sentence ("Carl, (b)(5) . I will send comments by
# 11/22."), the body's first line after a list, though a box's code stands in it; a list of names
# and codes prints none.
_PROSE_RUN = re.compile(r"\b[a-z]{2,}\s[a-z]{2,}\s[a-z]{2,}\b")


def owner_outside(tops: Sequence[tuple[int, int, int]], page: int, line: int) -> int | None:
    """Which of the top-level emails ``tops`` ((start page, start line, end page) each, in
    order) a line of codes alone (``codes_only``) outside every email belongs to: the first
    starting below it on its page (a redaction box's label, or a text layer's margin codes,
    above a header), else the last holding its page; None on a page no email holds. (A line
    of words beside its codes there is no email's: a fax cover's, a letter's.)"""
    below = [i for i, (start, first, _) in enumerate(tops) if start == page and first > line]
    if below:
        return min(below, key=lambda i: tops[i][1])
    holding = [i for i, (start, _, end) in enumerate(tops) if start <= page <= end]
    return max(holding, key=lambda i: tops[i][:2]) if holding else None


def title_line(texts: Sequence[str], header: HeaderBlock) -> str:
    """The line printed just above a top-level header when it is a redaction box alone.

    Outlook desktop print family: the mailbox owner's name is printed in bold above the
    header, over a rule; redacted, the line is only the box's codes, and they are the
    email's exemptions. "" when there is no such line, and for a release stamp's line of
    codes ("RELEASE IN PART" / "B1,B5"), which sums up the page.
    """
    if header.quoted or not codes_above(texts, header):
        return ""
    return texts[header.page - 1].splitlines()[header.line - 1]


def codes_above(texts: Sequence[str], header: HeaderBlock) -> tuple[str, ...]:
    """The exemption codes printed alone on the line just above a header, top or quoted (a
    redaction box's label; a producer's text layer puts the code printed in the margin beside
    a box on a line of its own, before the line it is level with); () when there are none, or
    when the line is a release stamp's, or the margin's echo of the codes a sentence right above it
    prints (the body before the header, a box on its last line: "… first pickup. (b)(5)")."""
    if header.line == 0 or header.page > len(texts):
        return ()
    lines = texts[header.page - 1].splitlines()
    if not codes_only(lines[header.line - 1]) or _margin_echo_line(lines, header.line - 1) \
            and _PROSE_RUN.search(lines[header.line - 2] if header.line >= 2 else ""):
        return ()
    return withheld_on(lines, header.line - 1)


_LABELS_REACH = 8  # header lines a code printed after the header's last one may sit below its first
_LABEL_AFTER = 2  # lines under such a code a label would say the header goes on in


def codes_below(texts: Sequence[str], header: HeaderBlock) -> tuple[str, ...]:
    """The party codes ((b)(6), (b)(7)(C)) printed alone on the line right under a header's
    labelled lines, each line from its first a labelled one: page family of producers' text
    layers that put the margin code level with a box over a value on a line of its own after
    the header's (the From: printed blank, "B6" under its Subject: line); () when there are none."""
    if header.page > len(texts):
        return ()
    lines = texts[header.page - 1].splitlines()
    reach = min(header.line + _LABELS_REACH, len(lines))
    below = next((k for k in range(header.line + 1, reach) if header_label(lines[k]) is None), None)
    if below is None or not codes_only(lines[below]) or any(
            header_label(lines[k]) for k in range(below + 1, min(below + 1 + _LABEL_AFTER, len(lines)))):
        return ()  # (a label right under it: a wrapped list's code, the header goes on)
    return tuple(code for code in withheld_on(lines, below) if code in PARTY_CODES)


def codes_only(line: str) -> bool:
    """A line printing exemption codes and nothing else (a classification reason beside them,
    "1.4(D)", or a statute's words after a (b)(3), "B3 ABC PERS/ORG", aside): a redaction box's
    label alone, or a text layer's margin codes."""
    line = without_statute(line)
    spans = exemption_spans(line)
    if not spans:
        return False
    return _SEPARATORS_ONLY.fullmatch(_CLASSIFICATION_REASON.sub("", beside_codes(line, spans))) is not None


_CLASSIFICATION_REASON = re.compile(r"\b1\.4\s?\(\s?[A-Ha-h]\s?\)")  # E.O. 13526's reasons: (b)(1)'s ground
_SEPARATORS_ONLY = re.compile(r"[\s,;.|]*")


def _continues_box(value: str, text: str) -> bool:
    """A redaction box split by a line wrap prints its label again at the start of the next
    line: "...; (b)(6), (b)(7)(C)" then "(b)(6), (b)(7)(C)" is one redacted party, not two.
    (OCR may read the semicolon before the box as ";)".)"""
    if value.rstrip().endswith((";", ",")) or not text.strip():
        return False
    codes = find_exemptions(text)
    if not codes or _without_codes(text).strip(" ,;.") != "":
        return False
    last = value.rsplit(";", 1)[-1]
    return find_exemptions(last) == codes and _without_codes(last).strip(" ,;.)]") == ""


def _margin_echo(value: str, text: str) -> bool:
    """A line of codes under a recipient list that ends with a whole party, each of them printed
    in the list already: the codes a redaction tool (or reviewer) writes in the margin level
    with the boxes (layout family: born-digital releases), not a party wrapped onto the line."""
    codes = find_exemptions(text)
    return not value.rstrip().endswith((";", ",")) and bool(codes) and set(codes) <= set(find_exemptions(value))


def _without_codes(text: str) -> str:
    """The text with every exemption code taken out, in any form printed ("(b) (6)", "Ex. 6", "B6")."""
    spans = exemption_spans(text)
    return _CODE_ONLY_REST.sub("", "".join(text[end:start] for (_, end, _), (start, _, _) in zip(
        [(0, 0, ""), *spans], [*spans, (len(text), 0, "")], strict=True)))


# A label this reader keeps no field for ("Reply-To:", "Sent By:", a form's "Fax:"): at most
# two words before a colon.
_OTHER_LABEL = re.compile(r"[A-Z][A-Za-z.#-]{0,15}(?:\s[A-Za-z.#-]{1,15})?\s?:(?:\s|$)")
_PARTY_FIELDS = frozenset({"from", "to", "cc", "bcc"})


def _list_goes_on(name: str, value: str, text: str) -> bool:
    """A recipient list wrapped onto a line that holds a colon ("Office of" / "Policy Planning:
    Staff; Lee, Ann"): a name of two capitalised words or more before the colon (no label of one
    word, "Classification: UNCLASSIFIED; SBU", "Note: moved; see below"), and the list's
    separator on either side of the break."""
    head = text.split(":", 1)[0].split()
    return (name in _LIST_FIELDS and len(head) >= 2 and all(word[:1].isupper() for word in head)
            and (value.rstrip().endswith((";", ",")) or ";" in text))


# OCR failure, scanned recipient lists: the semicolon after a line's last address read as a
# colon ("<jroe@example.gov>:"), or specks read after it ("<jroe@example.gov>; ee", "; 7"); or
# read as a stop (">."), where the header's labels go on below (a To: list's last line ends so).
_MISREAD_LIST_END = re.compile(r"(>\s?)[:;](?:\s[a-z0-9|]{1,2})?$|;\s[a-z0-9|]{1,2}$|(>\s?)\.$")


def _list_line_end(name: str, value: str, text: str, labels_below: bool) -> str:
    """A list field's value whose line's last separator OCR misread or followed with specks,
    with its semicolon restored where the next line ``text`` goes on with the list (and, for a
    stop, another label of the header follows: ``labels_below``)."""
    end = value.rstrip()
    match = _MISREAD_LIST_END.search(end)
    if match is None or end.endswith(";") or name not in _LIST_FIELDS or not _continues_list(name, text) \
            or match.group(2) is not None and not labels_below:
        return value
    return end[:match.start()] + (match.group(1) or match.group(2) or "").rstrip() + ";"


_LIST_REACH = 12  # lines a wrapped list's rest may take before the header's next label, past a stop misread

_LIST_SECTION = re.compile(r"(?:[-–]{2}|—[-–]?)\s?[A-Z][a-z]+(?: [A-Za-z]+){0,3}:")
_SECTIONS_REACH = 6  # lines of sections (and their lists) before the header's next label


def _list_section(labels: list[_Label | None], lines: list[str], k: int, block: _Block, text: str) -> str | None:
    """Layout family, court notices (CM/ECF's notice printed with its mail header): a Bcc: list in
    sections, each under a heading ("--Case Participants:", "--No Notice Sent:"), before the
    header's next label. The list with the names under the heading at line ``k``, or None."""
    name, value = block.fields[-1]
    section = _LIST_SECTION.match(text) if name in _LIST_FIELDS else None
    if section is None or not _next_label_within(labels, lines, k + 1, _SECTIONS_REACH,
                                                 frozenset(block.names() - {NOT_KEPT})):
        return None
    rest = text[section.end():].strip()
    return (_wrapped(name, value, rest) if value else rest) if rest else value


_SPREAD_GAP = 4  # blank lines OCR may spread a header's last lines apart by, at most


def _spread_out(lines: list[str], labels: list[_Label | None], k: int, gap: int, block: _Block) -> bool:
    """OCR failure of scans, and layers of mail printed from HTML (a BlackBerry's quoted header, a
    paragraph to each field): a header's lines spread apart by more blank lines than OCR usually
    leaves, before the Cc: or Subject: a header with no subject yet still has to print, or under
    a From: line its Sent: (Date:) or To: line."""
    if gap > _SPREAD_GAP or "subject" in block.names():
        return False
    following = next((j for j in range(k + 1, min(len(lines), k + 1 + _SPREAD_GAP)) if lines[j].strip()), None)
    label = labels[following] if following is not None else None
    if following is None or label is None or not label.colon or label.name in block.names():
        return False
    if label.name in ("sent", "to"):  # (blank lines only, a date with its clock: no stamp's "Date:")
        return block.labels[0].name == "from" and not any(lines[j].strip() for j in range(k - gap + 1, following)) \
            and (label.name == "to" or _CLOCK.search(lines[following]) is not None)
    return label.name in ("cc", "bcc", "subject")


def _collect(lines: list[str], labels: list[_Label | None], start: int) -> _Block:
    first = labels[start]
    assert first is not None
    block = _Block(page=0, line=start, end=start + 1)
    block.labels.append(first)
    block.label_lines.append(start)
    block.fields.extend(_label_fields(first))
    k, gap = _run_in_paragraph(lines, labels, block), 0
    while k < len(lines):
        line = lines[k]
        if not line.strip() or is_furniture_line(line):
            gap += 1
            if gap > _MAX_BLANK_GAP and not _spread_out(lines, labels, k, gap, block):
                break
            k += 1
            continue
        current = labels[k]
        once = current is not None and current.name in _ONCE and current.name in block.names()
        if once or current is None and _is_separator(lines, k):
            # two emails' headers with no body between them, or a stamp above one; or
            # "-----Original Message-----": the header ended above it
            block.repeated = once
            break
        if current is not None:
            block.labels.append(current)
            block.label_lines.append(k)
            block.fields.extend(_label_fields(current))
            block.end, gap = k + 1, 0
            k += 1
            continue
        name, value = block.fields[-1]
        empties = sum(1 for _, v in block.fields if not v)
        text = _value_line(name, line)
        value = _list_line_end(name, value, text, _next_label_within(labels, lines, k + 1, _LIST_REACH,
                                                                     frozenset(block.names())))
        if gap <= 1 and (listed := _list_section(labels, lines, k, block, text)) is not None:
            block.fields[-1] = (name, listed)
            block.end, gap = k + 1, 0
            k += 1
            continue
        if (lost := _field_whose_label_was_lost(block, text, labels, k)) is not None:
            # OCR failure, any print: the To: label lost (a box's edge, a stroke) and its value
            # left between a complete Sent: and the Subject: ("Sent: ... 12:50 AM" / "H" / "Subject:");
            # or the Sent: label lost, its date left between From: and To:; or To: misread
            block.labels.append(_Label(lost[0], lost[1], False, False, one_space=True))
            block.label_lines.append(k)
            block.fields.append(lost)
            block.end, gap = k + 1, 0
            k += 1
            continue
        if value and codes_only(text) and not text.startswith(",") \
                and (name not in _LIST_FIELDS or _margin_echo(value, text)) \
                and _next_label_within(labels, lines, k + 1, 2, frozenset(block.names())):
            # a redaction box's margin code beside a value (OCR reads it on a line of its own): the
            # email's codes, no part of the value ("more on the permit B6")
            block.codes.append(text)
            k += 1
            continue
        if _under_its_label(block, gap, labels, lines, k) and not value and (empties == 1 or _all_under(block)) \
                and name not in SENTINELS and not (
            name == "subject" and any(v for _, v in block.fields[:-1]) and not block.values_below
            and not _subject_under_its_label(lines, labels, k, gap, block)
        ):
            # A value printed under its label; but a blank Subject: under labels whose values
            # are printed beside them is a message sent without one: the line under it is body.
            block.fields[-1] = (name, text)
            block.values_apart = block.values_apart or not block.values_below and gap == 1
            block.values_below = True
        elif name in _PARTY_FIELDS | {"sent"} and _OTHER_LABEL.match(text) and not _list_goes_on(name, value, text):
            # Such a label is a line of its own, never a name or a date wrapped onto the next line.
            if gap > 1 or not _next_label_within(labels, lines, k + 1, 2, frozenset(n for n, _ in block.fields)):
                break
        elif (
            gap <= 1 and value and len(text) <= 200
            and not (name in _LIST_FIELDS and not (_continues_list(name, text) or _reads_as_names(text)))
            and _next_label_within(labels, lines, k + 1, 2, frozenset(n for n, _ in block.fields))
        ):
            if not (name in _LIST_FIELDS and _continues_box(value, text)):
                block.fields[-1] = (name, _wrapped(name, value, text))  # wrapped value (OCR may leave a blank line)
        elif (gap <= 1 and name in _LIST_FIELDS and (
            (value.rstrip().endswith((";", ",")) and _continues_list(name, text)) or text.startswith("<")
            or gap == 0 and _its_address_wrapped(value, text)  # Outlook's "Lee, Alan" / "[alee@…]"
            or value.count("<") > value.count(">")  # an address broken over two lines
            or gap == 0 and _OPEN_MAILTO.search(value) is not None and _MAILTO_GOES_ON.search(text) is not None
            # ... or its Outlook "[mailto:" ("[mailto:/O=…" wraps)
            or gap == 0 and _name_then_its_address(value, text)  # Apple Mail's "Name address, …" broken after a name
            or gap == 0 and _name_broken_before_its_address(value, text, lines[k + 1] if k + 1 < len(lines) else "")
            or gap == 0 and _notes_name_cut(value, text) and _NOTES_NAME_ENDED.fullmatch(text) is not None
            or gap == 0 and _boxed_domain_wrapped(value, text)
            or gap == 0 and _parties_down_to_a_label(lines, labels, k, block)
            or (_quotes(value) % 2 == 1 or _QUOTED_NAME_OPENED.search(value) is not None)
            and _quotes(text) and _no_sentence(text)  # a quoted name broken
            # ("…, "Lee, Samuel" / " (BEGA)" <…>"), or a header line folded as RFC 5322 folds it
            or line[:1] in (" ", "\t") and "@" in text and _no_sentence(text)
        )) or (gap == 0 and name == "subject"
               and _subject_wraps(value, text, line, lines[k + 1] if k + 1 < len(lines) else "")) or (
                gap == 0 and name == "attachments" and _attachment_wraps(value, text)):
            block.fields[-1] = (name, _wrapped(name, value, text))
        else:
            # OCR failure of scans: a box's frame read as a line of specks before a field the
            # block has (a stamp's Date: above the header's From:, then its Sent:): met, as above
            block.repeated = block.labels[0].name != "from" and _label_again(labels, lines, k, block)
            break
        block.end, gap = k + 1, 0
        k += 1
    _fill_column_values(lines, labels, block)
    # a header table; "To: X From: Y" alone heads an FBI EC's page, so a lone label's line is
    # split only after a list's separator or address ("To: Roe, Jane <jr@x.gov>; Cc: Doe, John")
    table = len(block.labels) >= _CELL_LINES or _runs_in(block.fields[0])
    block.fields = [cell for name, value in block.fields for cell in _cells(name, value, after_list=not table)]
    return block


_RUN_IN_LINES = 4  # lines a run-in header's paragraph wraps onto, at most


def _run_in_paragraph(lines: list[str], labels: list[_Label | None], block: _Block) -> int:
    """The line after a header's first line, or after the lines a run-in header's paragraph
    wrapped onto (``_runs_in``), their text joined to its last field."""
    k = block.line + 1
    if not _runs_in(block.fields[0]):
        return k
    while (k < min(len(lines), block.line + _RUN_IN_LINES) and lines[k].strip() and labels[k] is None
           and not is_furniture_line(lines[k]) and not _is_separator(lines, k)
           and not _opens_a_letter(lines[k], block.fields[-1][1])):
        name, value = block.fields[-1]
        block.fields[-1] = (name, f"{value} {' '.join(lines[k].split())[:_MAX_LINE]}")
        k += 1
    block.end = k
    return k


_SALUTATION = re.compile(r"(?:Dear\s.{1,60}|(?:Hi|Hello|Good\s(?:morning|afternoon|evening))(?:\s[^\s,:]{1,20}){0,3})[:,]")
_WRAPS_ON = re.compile(r"(?:\b(?:of|on|for|the|a|an|to|from|by|at|in|and|or|until|through|before|after)|[,&:-])$",
                       re.IGNORECASE)  # a subject cut where its next words must follow
_DATE_LINE = 40  # characters of a line that is a date alone ("May 29, 2017")
_CALENDAR_WORDS = frozenset(("jan feb mar apr may jun jul aug sep oct nov dec mon tue wed thu fri sat sun am pm at"
                             " a.m p.m").split())


def _opens_a_letter(line: str, before: str) -> bool:
    """A line no run-in header's paragraph wraps onto: a date alone, or a letter's salutation
    ("Dear Mr. Doe:", "Hi all,"): the body under a header printed on one line, no blank line
    between (its subject took the letter's date and opening); unless the text ``before`` it
    stops where more must follow ("… the council meeting of" / "March 21, 2017")."""
    text = " ".join(line.split())
    if _WRAPS_ON.search(before.rstrip()):
        return False
    if _SALUTATION.fullmatch(text):
        return True
    words = re.findall(r"[A-Za-z]+", text)
    return (len(text) <= _DATE_LINE and all(word.casefold()[:3] in _CALENDAR_WORDS for word in words)
            and parse_date(text).iso is not None)


def _runs_in(field: tuple[str, str]) -> bool:
    """Layout family: a quoted Outlook header whose lines the reply's mail app ran into one
    paragraph ("From: Doe, John Sent: Monday, March 13, 2017 4:12 PM To: Roe, Jane Subject: …"):
    a From: line holding a Sent: (or Date:) cell that reads as a date. (A memo's "To: X From: Y"
    holds none.)"""
    name, value = field
    return name == "from" and any(
        match.group(1) in ("Sent", "Date") and parse_date(value[match.end():]).iso is not None
        for match in _INNER_LABEL.finditer(value))


# Layout family: header tables printed two cells a line ("From: Roe, Jane   Sent: Thursday, …",
# "To: Doe, John  Cc: Lee, Ann"), and OCR reading two columns across as one line.
# (OCR failure: the space before a label run on after an address lost, "…gov>Date:"; a mailer's
# quoted-printable "=" after its colon, "Date:=Wed, …")
_INNER_LABEL = re.compile(r"(?:\s|(?<=[>»]))(From|Sent|Date|To|Cc|CC|Bcc|BCC|Subject|Importance|Attachments"
                          r"|Follow Up Flag|Flag Status)\s?:(?:\s|=(?=\S))")
_CELL_FIELDS = frozenset({"from", "sent", "to", "cc", "bcc"})  # no label is printed inside their values
_MAX_CELLS = 6  # a run-in header: From, Sent, To, Cc, Bcc, Subject
_CELL_LINES = 2  # label lines a header table of two cells a line prints at least


def _label_fields(label: _Label) -> list[tuple[str, str]]:
    """The fields a label line holds: its own; or, where its value is another label alone, both
    empty (OCR failure, labels-then-values headers: two lines of the label column read as one,
    "From: Sent:")."""
    inner = _label(label.value) if label.value.endswith(":") and len(label.value) <= _LONGEST_LABEL else None
    if inner is not None and not inner.value and inner.name != label.name and inner.name not in SENTINELS:
        return [(label.name, ""), (inner.name, "")]
    return [(label.name, label.value)]


_LONGEST_LABEL = 24  # characters of a label with its colon ("Required Attendees:")


def _cells(name: str, value: str, *, after_list: bool = False) -> list[tuple[str, str]]:
    """A field's value split where another label's cell starts inside it. Names, addresses and
    dates hold no "To:"; a subject may, so its value is split only at a wide gap, or before a
    cell no subject ends with (OCR joins the lines: "… EA Date: August 21, 2015 at 2:03 PM",
    "… review Importance: High"). ``after_list``: only after a list's separator."""
    cells: list[tuple[str, str]] = []
    for _ in range(_MAX_CELLS):
        inner = next((m for m in _INNER_LABEL.finditer(value) if _starts_cell(name, value, m)
                      and (not after_list or value[:m.start()].rstrip().endswith((";", ",", ">", "»")))), None)
        if inner is None:
            break
        cells.append((name, value[:inner.start()].strip()))
        name, value = canonical_label(inner.group(1)) or name, value[inner.end():].strip()
    return [*cells, (name, value)]


def _starts_cell(name: str, value: str, inner: re.Match[str]) -> bool:
    field = canonical_label(inner.group(1))
    if not field or field == name or not value[:inner.start()].strip():
        return False
    if name in _CELL_FIELDS:
        return field != "sent" or parse_date(value[inner.end():]).iso is not None
    if name != "subject":
        return False
    rest = value[inner.end():].strip()
    return (field in ("importance", "attachments") and value[inner.start() - 1:inner.start()] == " "
            or inner.group(1) in ("Follow Up Flag", "Flag Status") and _FLAG_VALUE.match(rest) is not None
            or field == "importance" and _IMPORTANCE.fullmatch(rest) is not None
            or field == "sent" and _is_web_date(rest))


_IMPORTANCE = re.compile(r"High|Normal|Low", re.IGNORECASE)
# Outlook's flag texts, the values of its Follow Up Flag: and Flag Status: cells ("Follow Up Flag: not
# showing" is a subject's words)
_FLAG_VALUE = re.compile(r"(?:Follow\s?up|Flagged|Completed?|Call|Do not Forward|For Your Information|Forward"
                         r"|No Response Necessary|Read|Reply(?: to All)?|Review)\b", re.IGNORECASE)


_WRAPPED_WORD = re.compile(r"[^\W\d_]{1,30}$")  # a list's line ending inside a word ("... Whi")


def _quotes(text: str) -> int:
    return sum(text.count(mark) for mark in '"“”')


# A list's last party a quoted name opened and not closed ('…, "Ellen'), whatever OCR made of the
# list's other quotes (a closing one read "’" leaves them uneven: '"John Doe’ <…>').
_QUOTED_NAME_OPENED = re.compile(r"[,;]\s?[\"“][A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,2}$")


def _no_sentence(text: str) -> bool:
    """A line of parties, not a sentence: at most one lower-case word outside its addresses and
    quoted names ("Please send the form to permits@x.gov by Friday." is a sentence)."""
    rest = re.sub(r'["“”][^"“”]*["“”]', " ", _ADDRESS.sub(" ", text))
    return sum(1 for word in re.findall(r"[^\W\d_]+", rest) if word[0].islower()) <= 1


_FILE_TYPES = ("pdf|docx?|xlsx?|xlsm|pptx?|txt|rtf|csv|jpe?g|png|gif|tiff?|bmp|msg|eml|zip|html?|wpd|mp[34]|wav|mov"
               "|avi|wmv|ics|vcf|xml|json|odt|ods|key|pages|numbers")
_FILE_NAME_END = re.compile(rf"\.(?i:{_FILE_TYPES})(?:\s?\(\s?\d[\d.,]{{0,8}}\s?[KMG]?B\s?\))?\s?[;,]?$")
_ATTACHMENT_LINE = 120  # characters of the line a file name wraps onto
_ATTACHMENT_WORDS = 6  # words of it, at most (a sentence naming a file is the body's)


def _attachment_wraps(value: str, text: str) -> bool:
    """Layout family, any client: a long Attachments: value wraps inside its last file's name
    ("…; Compliance Summary - AI" / "Services.pdf"): the line under it ends as a file name does,
    where the value's last file does not (the line was the body's first, and the file's name
    cut short)."""
    last = re.split(r"[;,]", value.rstrip(" ;,"))[-1]
    return (bool(last.strip()) and not _FILE_NAME_END.search(last.rstrip()) and not codes_only(last)
            and len(text) <= _ATTACHMENT_LINE and len(text.split()) <= _ATTACHMENT_WORDS
            and not any(mark in text for mark in ("@", "://")) and _FILE_NAME_END.search(text) is not None)


# a list line ending with a whole "Surname, Given" name (after its list's separator or alone), and one
# starting with another
_WHOLE_SURNAME_GIVEN_END = re.compile(r"(?:^|;\s?)[A-Z][\w'’-]+,\s?[A-Z][\w'’-]+(?:\s[A-Z]\.?)?$")
_SURNAME_GIVEN_START = re.compile(r"[A-Z][\w'’-]+,\s?[A-Z][\w'’-]+(?:\s[A-Z]\.?)?(?:\s?[;,]|$)")


# OCR failure, scanned recipient lists: a speck after a name cut before its address, read as a
# separator a space apart from it ("Carl Moss ;" over "<cmoss@…>"): a client prints its
# separator right after the address ("…>; ").
_SPECK_AS_SEPARATOR = re.compile(r"[A-Za-z.)]\s[;,]$")
_SEPARATOR_BEFORE_ADDRESS = re.compile(r"[;,][\s_.'‘’`]{0,4}(?=<[^<>\s@]{1,64}\s?@)")


def _wrapped(name: str, value: str, text: str) -> str:
    """A value and the line it wrapped onto. Layout family, any client: a recipient list wraps
    where the column ends, after a whole party (the next line starts the next one, its
    separator perhaps left out: "...<alee@x.gov>" then "Smith, Pat <ps@x.gov>") or inside a
    word or address ("...; Whi" then "te, Susan", "alee@agen" then "cy.gov>"): a lower-case
    line start goes on without a space."""
    if name == "subject":
        return f"{_SPECKED_ENDS.sub('', value)} {_SPECKED_ENDS.sub('', text)}"
    if name not in _LIST_FIELDS or name == "attachments":
        return f"{value} {text}"
    end = value.rstrip()
    if not end:  # (the label alone: a page break or the column put its value on the next line)
        return text
    if _SPECK_AS_SEPARATOR.search(end) and text.startswith(("<", "[")):
        value = end = end[:-1].rstrip()  # "Carl Moss ;" over "<cmoss@…>": a speck read as the separator
    elif (lead := _SEPARATOR_BEFORE_ADDRESS.match(text)) and not end.endswith((";", ",", ">", "]")) and "@" not in end.rsplit(";", 1)[-1]:
        text = text[lead.end():]  # ... or opening the line under it ("Roe, Jane" over "; <jroe@…>"): clients end a line with theirs
    after_address = end.endswith((">", "]")) or "@" in end.rsplit(None, 1)[-1] and "@" in text.split(None, 1)[0]
    if after_address and not text.startswith(("<", "[", "(", ";", ",")):
        return f"{end}; {text}"
    if _name_then_its_address(end, text):
        return f"{end} {text}"
    if _WHOLE_SURNAME_GIVEN_END.search(end) and _SURNAME_GIVEN_START.match(text):
        return f"{end}; {text}"  # "…; Moss, Carl" over "Park, Ellen; …": the separator left out at the line's end
    if text[:1].islower() and _WRAPPED_WORD.search(end) and not text.startswith(("mailto", "on behalf")) \
            and not _surname_with_particle(text):
        return end + text
    return f"{value} {text}"


# ... but a surname's particle opening the line is a word of its own ("Ellen" over "dell'Park
# <…>", "Ann" over "van Moss <…>"): the name's space kept (a particle of two letters only
# before a capital, "de Roe"; never "el", "al", a word's end as often: "Micha" over "el Roe")
_LONG_PARTICLES = "|".join(sorted(particle for particle in NAME_PARTICLES if len(particle) >= 3))
_PARTICLE_OPENS = re.compile(
    rf"((?:{_LONG_PARTICLES}|della|degli) (?=[A-Za-z])|(?:de|da|di|du|la|le) (?=[A-Z])|(?:dell|d)['’](?=[A-Z]))"
    r"([^<\[;,]{1,60}?)\s?[<\[](?:mailto:)?([^@<>\s]{1,64})@")


def _surname_with_particle(text: str) -> bool:
    """Whether a list's line opens with a surname's particle and its rest, the address after them
    spelling both ("van Moss <c.vanmoss@…>"): a word of its own; "ter Park <wpark@…>" under
    "…; Wal" is a name OCR or the column cut inside a word."""
    opened = _PARTICLE_OPENS.match(text)
    if opened is None:
        return False
    surname = re.sub(r"[\W_]", "", opened.group(1) + opened.group(2)).casefold()
    return len(surname) > 3 and surname in re.sub(r"[\W_]", "", opened.group(3)).casefold()


def _under_its_label(block: _Block, gap: int, labels: list[_Label | None], lines: list[str], k: int) -> bool:
    """Could line ``k`` be a value printed under its label? Right under it; or, where a text
    layer set a blank line between each label and its value (layout family: print tables whose
    column alignment was lost), one blank line down when the block prints its values so or the
    next line written is a label (a block printing its values right under their labels ends at
    an empty label's blank line: the body follows)."""
    return gap == 0 or gap == 1 and (block.values_apart or _next_label_within(labels, lines, k + 1, 1))


def _subject_under_its_label(lines: list[str], labels: list[_Label | None], k: int, gap: int, block: _Block) -> bool:
    """Whether line ``k``, right under a blank Subject: whose header prints its other values
    beside their labels, is the subject all the same. OCR failure, any client: a subject set
    lower than its label (a larger or bold face) is read as a line of its own. It is where the
    header goes on under it (a label the block lacks: Apple Mail prints Date: and To: after the
    subject), or where it carries a reply or forward prefix and a blank line ends it ("RE: Budget
    review"); a body's first line is neither (a message sent without a subject)."""
    if gap:
        return False
    if _next_label_within(labels, lines, k + 1, 1, frozenset(block.names())):
        return True
    return bool(_PREFIXED.match(lines[k].strip())) and (k + 1 == len(lines) or not lines[k + 1].strip())


def _all_under(block: _Block) -> bool:
    """Every value so far printed under its label: a label left empty above the next one is a
    blank (or redacted) field, not the first of a run of labels read before their values."""
    return block.values_below and not any(label.value for label in block.labels)


_FILE_NAME = re.compile(r"\.[A-Za-z0-9]{2,5}\b")
_WRAP_WIDTH = 50  # characters of a subject line long enough to have wrapped
_WRAP_REST = 120  # ... and of its second line at most
_WRAP_WIDER = 1.25  # a wrapped line's characters against its first line's (a proportional font's lines differ)


def _subject_wraps(value: str, text: str, line: str = "", after: str | None = None, width: int = 0) -> bool:
    """Layout family, any desktop client: a subject too long for its line goes on under it,
    in lower case mid-sentence, in the value's column (so no wider than its first line: in
    characters, a quarter more, as a proportional font sets them), and ends without a
    sentence's stop; a body starts after a blank line, or with a capital, or runs wider, or
    ends its sentence. A line set in the value's column (indented as the layer prints it) may
    go on with the subject's dash ("… - Topic" / "- Harbor"); a body's list item starts at its
    margin. A subject wraps onto a name, a number or a bracket too ("… records about" / "John
    Doe", "… for the Harbor" / "Authority dredging records"): such a line goes on where a blank
    line (``after``) ends the header under it, and it is no sign-off ("Thanks"). ``width``: the
    characters a first line wraps at, at least, where the column is narrower than a page's."""
    text = _SPECKED_ENDS.sub("", text)
    opens = text[:1].islower() or (text[:2] == "- " and line[:_VALUE_INDENT].isspace() and value[-1:].isalnum()) \
        or _BRACKETED_REST.fullmatch(text) is not None and not codes_only(text) and len(text.split()) <= _BRACKETED_WORDS \
        or ((after is not None and not after.strip() and not _SALUTATION.match(text) or _CUT_MID_PHRASE.search(value) is not None
             or value.count("(") > value.count(")") or value.count("[") > value.count("]"))  # (a bracket left open)
            and _CAPITAL_WRAP.match(text) is not None and not _SIGN_OFF.fullmatch(text.strip()))
    # (a question's rest, in lower case, ends with its mark: "… -- consultation" / "first?"; a title
    # is one phrase, no sentence ended inside it)
    question = text[:1].islower() and _SENTENCE_INSIDE.search(value) is None
    stops = (".", "!", ":", ",") if question else (".", "!", "?", ":", ",")
    return (len(value) >= (width or _WRAP_WIDTH) and opens and len(text) <= min(len(value) * _WRAP_WIDER, _WRAP_REST)
            and not text.rstrip().endswith(stops) and not _LINK.search(text))


_SENTENCE_INSIDE = re.compile(r"[a-z][.!?]\s")
# a subject's rest that is a short remark in brackets alone ("… decedent" / "(case MR-22-031)"), no box's
# code, no label's colon nor file's name ("(See attached file: plan.pdf)" is Notes' line under it)
_BRACKETED_REST = re.compile(r"\((?!.*(?::|\.[a-z]{3,4}\b))[^()]{2,40}\)")
_BRACKETED_WORDS = 3


# A salutation opening the body ("Ellen, (b)(5) .", "Dear Jane,", "Hi Carl, thanks"): the body's first
# line, however short, never a subject's rest.
_SALUTATION = re.compile(r"(?:(?:Dear|Hi|Hello)\s)?[A-Z][a-z'’-]+(?:\s[A-Z][a-z'’-]+)?,(?:\s|$)")


# OCR failure, scans: a speck read at a line's start or end, apart from its words ("… turbidity .",
# ". replacement contract"): no sentence's stop.
_SPECKED_ENDS = re.compile(r"^[.,'`’]\s+|(?:\s+[.,'`’;:]{1,2})+$")


# A subject's line ending where no title ends, on a joining word or mark ("… from Facilities,
# IT and" / "Security by 3/31"): it goes on under it, whatever the next line opens with.
_CUT_MID_PHRASE = re.compile(r"(?:\s(?:and|or|but|nor|the|of|for|to|from|with|on|in|at|by|about|regarding|"
                             r"into|between|via|per|a|an)|\s&|,)\s*$")
_VALUE_INDENT = 8  # spaces a layer sets a value's wrapped line in by, at least (a label's width)
_CAPITAL_WRAP = re.compile(r"[A-Z0-9(\[\"'“‘]")


# a body's first line that is a link, however OCR read it ("htte/maxroe.com12012/09/…")
_LINK = re.compile(r"^(?:ht\S{0,4}[:;/]|www)|://|\.(?:com|gov|org|net|html?)|^\S+/\S+/", re.IGNORECASE)


def _fits_field(name: str, text: str) -> bool:
    """Could this line be the value of that field? A date for Sent, a file name for
    Attachments, a short line without a sentence's end for parties, any short line else."""
    if name in ("sent", "start", "end"):
        return parse_date(text).iso is not None
    if name == "attachments":
        return bool(_FILE_NAME.search(text))
    if name in ("from", "to", "cc", "bcc"):
        return len(text) <= 200 and (not text.rstrip().endswith((".", "!", "?")) or bool(_NAME_ENDS.search(text)))
    return len(text) <= 200


# "Roe, Jr.", "Doe, Ann C.": no sentence's end (but "2:00 P.M.", "D.C.", "U.S." are)
_NAME_ENDS = re.compile(r"(?:\b(?:Jr|Sr|Esq)|(?<=[a-z],|[a-z]\s)\s?[A-Z])\.\s*$")


def _fill_column_values(lines: list[str], labels: list[_Label | None], block: _Block) -> None:
    """OCR of a two-column header prints all labels, then all values: pair them up. The
    values run on consecutive lines; a blank line ends them and starts the body. A line OCR
    read between the two columns (a note printed beside the header, "Email #2 of 3."), no
    value of the first label, is passed over when the lines after it are the values."""
    empty = [i for i, (_, value) in enumerate(block.fields) if not value]
    if block.values_below or len(empty) < 2 or empty[-1] - empty[0] + 1 != len(empty) or empty[-1] != len(block.fields) - 1:
        # Labels-then-values prints every label after the first empty one empty; empty
        # fields between filled ones are blank or redacted ("From:" over a B6 box).
        return
    names = [block.fields[slot][0] for slot in empty]
    paired = _column_values(lines, labels, block.end, names)
    if paired is None and "sent" in names and empty[0] == 0:  # (every label's value below: a column read)
        first = next((k for k in range(block.end, min(len(lines), block.end + 3))
                      if lines[k].strip() and not is_furniture_line(lines[k])), None)
        if first is not None and labels[first] is None and not _fits_field(names[0], lines[first].strip()):
            paired = _column_values(lines, labels, first + 1, names)
    wrapped = paired is None or _run_goes_on(lines, labels, paired)
    if wrapped or _list_runs_on(paired or [], names):
        # values wrapped onto more lines than labels, or a list value ending with its separator
        # that a count gave a subject after it: cut by what each line can be, else as counted
        paired = _column_cut(lines, labels, block.end, names, wrapped=wrapped) or paired
    for slot, (k, text) in paired or ():
        name, _ = block.fields[empty[slot]]
        block.fields[empty[slot]] = (name, text)
        block.end = k + 1


def _column_values(lines: list[str], labels: list[_Label | None], start: int,
                   names: list[str]) -> list[tuple[int, tuple[int, str]]] | None:
    """The values of the labels ``names`` read one under the other from line ``start``, each
    with the label's place in ``names``; None when the lines there are no such values."""
    values: list[tuple[int, str]] = []
    run = 0  # values before the first blank line after one
    k = start
    while k < len(lines) and len(values) < len(names) and k - start < 3 * len(names) + 3:
        if labels[k] is not None:
            break
        if values and not lines[k].strip() and not run:
            run = len(values)
        if lines[k].strip() and not is_furniture_line(lines[k]):
            values.append((k, " ".join(lines[k].split())[:_MAX_LINE]))
        k += 1
    if 1 < run < len(names):  # consecutive values, then a blank line and the body: fewer values
        values = values[:run]  # than labels, a redacted one left no text (values one a paragraph: all)
    slots = list(range(len(names))) if len(values) == len(names) else _slots_by_type(
        names, [text for _, text in values])
    if slots is None or not all(_fits_field(names[slot], text) for slot, (_, text) in zip(slots, values, strict=False)):
        return None  # blank or redacted fields above the body, not a header read column by column
    return list(zip(slots, values, strict=False))


def _list_runs_on(paired: list[tuple[int, tuple[int, str]]], names: list[str]) -> bool:
    """Whether values paired by their count give a list value ending with its separator, and the
    line after it to a field no list goes on into (the list's next line taken for the subject)."""
    return any(names[slot] in _PARTY_FIELDS and text.endswith((";", ",")) and names[after] not in _PARTY_FIELDS
               for (slot, (_, text)), (after, _) in zip(paired, paired[1:], strict=False))


def _run_goes_on(lines: list[str], labels: list[_Label | None], paired: list[tuple[int, tuple[int, str]]]) -> bool:
    """Whether the value lines go on, with no blank line, past the last one a count paired to the
    last label: a value wrapped (a To: list over two lines above a Cc: label, a long subject), so
    every value after it was paired one label early."""
    k = paired[-1][1][0] + 1 if paired else len(lines)
    while k < len(lines) and lines[k].strip() and is_furniture_line(lines[k]):
        k += 1
    return k < len(lines) and bool(lines[k].strip()) and labels[k] is None


_CUT_EMPTY = 3  # what leaving a label without a value costs a cut, against 1 a line a subject wraps onto
_NAME_CUT = re.compile(r";\s?['\"‘“]?[A-Z][\w.-]*$")  # "…; Jennifer", "…; 'Lee": one word after the last ";"
_CUT_RUN = 80  # value lines of a labels-then-values print looked at, at most (a long To: list)


def _column_cut(lines: list[str], labels: list[_Label | None], start: int, names: list[str], *,
                wrapped: bool) -> list[tuple[int, tuple[int, str]]] | None:
    """Layout family, labels-then-values prints whose values wrap (a Notes or Outlook memo print
    read column by column: a To: list over many lines, a long subject): the run of value lines
    under the labels, up to a blank line, cut into one value a label, in order (``_ValueRun``). A
    label may keep no value (a message with no subject), at a price (``_cut_cost``); the Sent:
    label has its date, one line of the run (the mark of a header read so); ``wrapped``: the run
    holds more lines than labels (else its lines may be a body under labels left blank). The cut
    costing least, or None where none fits or two cost the same."""
    if "sent" not in names:
        return None
    k = next((k for k in range(start, min(len(lines), start + 3)) if lines[k].strip()), len(lines))
    run: list[tuple[int, str]] = []
    while k < len(lines) and lines[k].strip() and labels[k] is None and len(run) <= _CUT_RUN:
        if not is_furniture_line(lines[k]):
            run.append((k, " ".join(lines[k].split())[:_MAX_LINE]))
        k += 1
    if not (len(names) + 1 if wrapped else 2) <= len(run) <= _CUT_RUN:
        return None
    values = _ValueRun([text for _, text in run])

    @functools.cache
    def cut(label: int, line: int) -> tuple[int, tuple[int, ...], bool] | None:
        """(cost, lines each label from ``label`` on takes, whether another cut costs the same)."""
        if label == len(names):
            return (0, (), False) if line == len(run) else None
        found = [(rest[0] + _cut_cost(names[label], values.listy[line:line + taken], taken), (taken, *rest[1]), rest[2])
                 for taken in values.lines_for(names[label], line) if (rest := cut(label + 1, line + taken)) is not None]
        if not found:
            return None
        best = min(found)
        return best[0], best[1], best[2] or sum(1 for option in found if option[0] == best[0]) > 1

    answer = cut(0, 0)
    if answer is None or answer[2]:
        return None
    paired, line = [], 0
    for slot, taken in enumerate(answer[1]):
        if taken:
            paired.append((slot, (run[line + taken - 1][0], " ".join(values.texts[line:line + taken]))))
        line += taken
    return paired


class _ValueRun:
    """The value lines of a labels-then-values print, and what each may be: the date one line that
    reads as one, the sender one line, a subject one or two, a list any number, going on after the
    list's separator or a name the line's end cut after its first word (such a line goes on; one
    that ends with a whole name, an address or a closing quote may end the list)."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.dated = [parse_date(text).iso is not None for text in texts]
        self.ends = [text.endswith((";", ",")) for text in texts]
        self.listy = [";" in text or "@" in text for text in texts]
        # open at its end: its separator, or a name cut after its first word ("…; Jennifer" over "Castillo; …")
        self.open_end = [ended or _NAME_CUT.search(text) is not None for text, ended in zip(texts, self.ends, strict=True)]

    def lines_for(self, name: str, line: int) -> Iterator[int]:
        """How many lines from ``line`` on may be ``name``'s value (0: none; the date has one)."""
        if name != "sent":
            yield 0
        for taken in range(1, len(self.texts) - line + 1):
            last = line + taken - 1
            if not self._goes_on(name, taken, last):
                return
            if not (name in _LIST_FIELDS and self.open_end[last] and last + 1 < len(self.texts)):
                yield taken

    def _goes_on(self, name: str, taken: int, last: int) -> bool:
        """Whether ``name``'s value may take ``taken`` lines, the last of them ``last``: a date alone
        on its line (not a sentence naming one), a sender with no list's or sentence's stop after it,
        a list's next line one of names or addresses."""
        text = self.texts[last]
        if name in ("sent", "start", "end"):
            return self.dated[last] and _DATE_ALONE.match(text) is not None and not text.endswith(".")
        if self.dated[last] or not _fits_field(name, text):
            return False
        if name in _PARTY_FIELDS:
            if _REPLY_PREFIX.match(text):  # "RE: Permit": a subject, never a name
                return False
            if taken == 1:
                return not (name == "from" and text.endswith((",", ";", ":")))
            return name in _LIST_FIELDS and self.open_end[last - 1] and _names_line(text)
        if name == "subject" and taken > 1 and text.rstrip().endswith((".", "!", "?")):
            return False  # (a sentence under the subject: the body's first line)
        return not self.ends[last] and taken <= (len(self.texts) if name in _LIST_FIELDS else 2 if name == "subject" else 1)


_DATE_ALONE = re.compile(r"(?:\d|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?[\s,])"
                         r".{0,60}$")


def _names_line(text: str) -> bool:
    """A line of a recipient list: addresses or separators, names, one name's words, or a
    redacted one's codes ("(b)(6)")."""
    return any(mark in text for mark in ";@<") or codes_only(text) or _reads_as_names(text) or bool(_NAME_PIECE.fullmatch(text.strip(" ;,'\"")))


def _cut_cost(name: str, listy: list[bool], taken: int) -> int:
    """What a cut giving ``taken`` lines to a label costs: no value, each line a value wraps onto,
    and a line that reads as a list's (";", an address) given to another field."""
    if not taken:
        return _CUT_EMPTY
    return taken - 1 + (0 if name in _PARTY_FIELDS else sum(listy))


def _slots_by_type(names: list[str], values: list[str]) -> list[int] | None:
    """Which of the labels ``names`` each of fewer ``values`` belongs to, in order.

    Layout family: labels-then-values headers (FBI, DHS prints read column by column) whose
    redacted value left no text, not even a box's codes: the date is the Sent: value, the
    last value after it the Subject:, those before it and between the parties, in order;
    the labels left over keep no value. None without a Sent: label and a date for it, the
    mark of a header read so (a blank Cc: and Subject: above a body line are no such thing).
    """
    dated = [i for i, text in enumerate(values) if parse_date(text).iso is not None]
    if "sent" not in names or len(dated) != 1:
        return None
    sent, date = names.index("sent"), dated[0]
    before, after = values[:date], values[date + 1:]
    subject = next((i for i in range(sent + 1, len(names)) if names[i] == "subject"), None)
    parties_before = [i for i in range(sent) if names[i] in _PARTY_FIELDS]
    parties_after = [i for i in range(sent + 1, len(names)) if names[i] in _PARTY_FIELDS]
    last = [subject] if after and subject is not None else []
    middle = after[:-1] if last else after
    if len(before) > len(parties_before) or len(middle) > len(parties_after):
        return None
    return [*parties_before[:len(before)], sent, *parties_after[:len(middle)], *last]


# Page family: fax cover sheets and phone-message slips. Their forms print To:, From: and
# Date: as a header does, among labels no email header prints: the fax and phone numbers,
# the count of pages.
_FORM_LABEL = re.compile(
    r"\s{0,10}(?:Fax|Facsimile|Phone|Telephone|Tel|Pages|(?:No\.?|Number|Total)\s?of\s?pages|Company|For)"
    r"(?:\s?(?:#|No\.?|Number))?\s?:", re.IGNORECASE)


_FAX_OR_PAGES = re.compile(r"\s{0,10}(?:Fax|Facsimile|Pages|(?:No\.?|Number|Total)\s?of\s?pages)"
                           r"(?:\s?(?:#|No\.?|Number))?\s?:", re.IGNORECASE)


def _is_form(block: _Block, lines: list[str]) -> bool:
    """Whether a block of labels belongs to a fax cover or message form: a form's own label
    printed among its lines, or on the two lines under them with no blank line between: a fax
    number or its count of pages, or a phone number under labels with no Subject: or over another
    label (a message slip's "Message:"). (Not a phone number alone under an email's Subject: line:
    its body's first lines, a signature; nor above them: a signature's "Phone:" line runs into
    the header of the message it replied to.)"""
    if any(_FORM_LABEL.match(lines[k][:_MAX_LINE]) for k in range(block.line, block.end)):
        return True
    last = block.end
    while last < len(lines) and lines[last].strip() and last - block.end < 2:
        last += 1
    for k in range(block.end, last):
        text = lines[k][:_MAX_LINE]
        if _FAX_OR_PAGES.match(text) or _FORM_LABEL.match(text) and (
                "subject" not in block.names() or k + 1 < len(lines) and _OTHER_LABEL.match(lines[k + 1].strip())):
            return True
    # a fax cover's fields set a blank line apart ("Date:", "For:", "From:", then "Facsimile
    # Number:"): a fax number's label a line or two on, under a block with no To: or Subject:
    after = [k for k in range(block.end, min(len(lines), block.end + 2 * _FORM_REACH)) if lines[k].strip()][:_FORM_REACH]
    return not block.names() & {"to", "subject"} and any(_FAX_OR_PAGES.match(lines[k][:_MAX_LINE]) for k in after)


_FORM_REACH = 2  # printed lines under a block a fax cover's number may stand on


def _is_email_block(block: _Block, memo_page: bool, lines: list[str]) -> bool:
    names = block.names()
    if MEMO_LABEL in names:
        return False
    if not block.web and _is_form(block, lines):
        return False
    if ENVELOPE in names and not names & {"to", "subject"}:
        return False  # the envelope printed after a message's body (Exchange details prints)
    colon = sum(1 for label in block.labels if label.colon)
    bare = len(block.labels) - colon
    if colon == 0 and bare < 3:
        return False
    if memo_page and (
        "sent" not in names or all(label.upper for label in block.labels if label.colon)
    ):
        return False
    kept = names - {NOT_KEPT}
    if _is_typed_memo(block):
        return False
    if "from" in names and names & {"sent", "to", "subject"}:
        return "sent" in names or not _reads_as_prose(dict(block.fields).get("from", ""))
    if _from_lost(block, lines, memo_page) or _from_and_sent_lost(block, lines) or _from_and_to_lost(block, lines):
        return True
    return "start" in names and bool(names & {"end", "location", "organizer"}) and len(kept) >= 3


_PROSE_WORDS = 4  # lower-case words a sentence has that no name has


def _reads_as_prose(value: str) -> bool:
    """A From: value that is a sentence ("From: the regional office perspective, the schedule
    slips."): it starts in lower case, runs on in lower-case words with no address, and ends as a
    sentence does (a name printed in lower case with OCR's specks after it does not: "tyler roe
    ale Ket:"). Page family, any letter or memo: a line of prose that starts with the word,
    under no date, is no header."""
    words = value.split()
    return (bool(words) and words[0][:1].islower() and not any(mark in value for mark in "@<[")
            and sum(word[:1].islower() for word in words) >= _PROSE_WORDS and value.rstrip().endswith((".", "!", "?")))


def _from_lost(block: _Block, lines: list[str], memo_page: bool) -> bool:
    """A header whose From: line a redaction box or OCR destroyed (any scanned print), no From:
    and Sent:, To: and Subject: labels: an Outlook print's, Sent: first and on consecutive
    lines (a release stamp's "Date:" above the rest of a header a page break cut is not one);
    or one printed with the date after the recipients and subject (an e-discovery export's
    "To:, Subject:, Sent:", a web mail's or AOL's "To:, Sent:, Subj:"), To: first, each label on
    the line after the last one's value or under blank lines, the date with its clock, on no
    memo's page (a memo's "To:, Subject:, Date:" with no From:), an address (or what a box left of
    it, its bracket) or a box's code in To:, or GroupWise's table date, or a date as mail carries
    it (the box took the To: address's "@" too; a routing slip's "To: Jane Roe", an instruction's
    "To: the regional office" are no header). Under a reply separator, a
    header whose From: a box took may start with Date: and print blank lines between its labels
    (a phone's "-------- Original message --------")."""
    if not {"sent", "to", "subject"} <= block.names() or "from" in block.names() or not all(
            label.colon or label.one_space for label in block.labels):
        return False
    first = block.labels[0].name
    sent, to = dict(block.fields)["sent"], dict(block.fields)["to"]
    labels_alone = not any(lines[k].strip() and k not in block.label_lines
                           for k in range(block.line, block.label_lines[-1]) if k - 1 not in block.label_lines)
    if first == "sent":
        return (block.label_lines[1] == block.line + 1 and not lines[block.line].lstrip().casefold().startswith("date")
                or _under_separator(lines, block.line)
                or (_MAIL_DATE.fullmatch(" ".join(sent.split())) is not None and labels_alone and "@" in to
                    and not lines[block.line].lstrip().casefold().startswith("date")))
    return first == "to" and not memo_page and (any(mark in to for mark in "@<>") or bool(find_exemptions(to))
                                                or _GROUPWISE_TABLE_DATE.fullmatch(sent.strip()) is not None
                                                or _MAIL_DATE.fullmatch(" ".join(sent.split())) is not None) \
        and bool(_CLOCK.search(sent)) and parse_date(sent).iso is not None and labels_alone


# Layout family, e-discovery exports (a header printed from the message's own fields, its labels
# under blank lines, in any order): the date as mail carries it, its zone an offset ("Sat, 10 Aug
# 2019 21:44:59 -0700"), as no one types a date in a memo.
_MAIL_DATE = re.compile(r"[A-Z][a-z]{2},\s\d{1,2}\s[A-Z][a-z]{2}\s\d{4}\s\d{2}:\d{2}(?::\d{2})?\s[+-]\d{4}")


# Layout family, GroupWise's printed table ("From", "To", "Date", "Subject:", "Attachments:"): its
# date as no memo prints one, "2019/08/14 17:29".
_GROUPWISE_TABLE_DATE = re.compile(r"\d{4}/\d{2}/\d{2}\s\d{1,2}:\d{2}")


def _under_separator(lines: list[str], line: int) -> bool:
    """Whether the line above ``line`` (blank lines aside) is a reply separator ("-------- Original
    message --------"): what follows it is a header, whichever of its lines a box took."""
    above = next((k for k in range(line - 1, max(line - 3, 0) - 1, -1) if lines[k].strip()), None)
    return above is not None and _is_separator(lines, above)


def _from_and_sent_lost(block: _Block, lines: list[str]) -> bool:
    """An Outlook header a redaction box over its sender cut down to its To: and Subject: lines
    (any scanned print: the box took the From: line, and the Sent: line under it, its tops cut,
    was read as nothing): To: then Subject: on the next lines, nothing else but a Cc:, under a
    blank line inside a page, after the body of the message quoting it."""
    first = block.labels[0]
    return (first.name == "to" and {"to", "subject"} <= block.names() <= {"to", "cc", "subject"}
            and all(label.colon for label in block.labels) and bool(first.value)
            and block.label_lines == list(range(block.line, block.line + len(block.labels)))
            and block.line >= _BODY_ABOVE and not lines[block.line - 1].strip()
            and any(line.strip() for line in lines[block.line - _BODY_ABOVE:block.line - 1]))


_BODY_ABOVE = 3  # lines above such a header: a blank one, and a message's text over it


def _from_and_to_lost(block: _Block, lines: list[str]) -> bool:
    """An Outlook header whose From: and To: lines boxes covered whole (any scanned print, a
    quoted copy's sender and recipients withheld; OCR read the lines as nothing, or a speck of
    the box's edge): Sent:, its date whole, then Subject: on the next line or the one after a
    speck, under the body of the message quoting it; or with its Cc: (and Bcc:) lines between, a
    list wrapped over a line or two."""
    names = [label.name for label in block.labels]
    if names[:1] != ["sent"] or names[-1:] != ["subject"] or not set(names[1:-1]) <= {"cc", "bcc"} \
            or not all(label.colon for label in block.labels):
        return False
    sent, subject = block.label_lines[0], block.label_lines[-1]
    between = [lines[k].strip() for k in range(sent + 1, subject) if k not in block.label_lines]
    lists = len(names) - 2
    return (subject - sent <= 2 + 2 * lists and (lists > 0 or all(len(text) <= _BOX_SPECK for text in between))
            and _whole_date(block.labels[0].value)
            and block.line >= _BODY_ABOVE and any(line.strip() for line in lines[block.line - _BODY_ABOVE:block.line]))


_BOX_SPECK = 3  # characters OCR reads a box's edge as, on a line of its own


def _take_from_above(lines: list[str], block: _Block) -> None:
    """Such a header's From: line, when OCR read it but not as a label ("From. Roe, Jane",
    "Front: Roe, Jane", a box's edge run onto the word): the line right above whose first word
    reads as From."""
    if block.labels[0].name != "sent" or "from" in block.names() or block.line == 0:
        return
    text = " ".join(lines[block.line - 1].split())[:_MAX_LINE]
    above = _LABEL_WORD.fullmatch(text)
    if above and _reads_as_from(above.group(1), _FROM_LIKE if above.group(2) else _FROM_COLON_LOST):
        sender = above.group(3)
    elif (boxed := _FROM_BOXED.fullmatch(text)) and not _SENTENCE_END.search(boxed.group(1)):
        sender = boxed.group(1)
    elif (party := _SENDER_LABEL_LOST.fullmatch(text)) and _opens_quoted_header(lines, block.line - 1):
        sender = party.group(1)
    else:
        return
    block.fields.insert(0, ("from", _BOX_SPECKS_BEFORE.sub("", sender)))
    block.line -= 1


def _opens_quoted_header(lines: list[str], line: int) -> bool:
    """Whether ``line`` is the first of what a separator, a blank line or the page's top opens."""
    above = next((k for k in range(line - 1, -1, -1) if lines[k].strip() and not is_furniture_line(lines[k])), None)
    return above is None or above < line - 1 or _is_separator(lines, above)


# OCR failure, scanned prints with their senders withheld: the box drawn right after "From" read
# as strokes run onto the word ("Fromm", "Fromi=", "Fromf= ="), the colon lost; what is legible
# after it (an office's tag, a domain's remains) is the sender as printed.
_FROM_BOXED = re.compile(r"(?:From|FROM)[mnrifle]{0,3}(?:[^\w\s(<\[]{1,4}\s{0,3}|\s{1,3})(\S.{0,200})")
_SENTENCE_END = re.compile(r"\w{2,}\s\w{2,}.*[.!?]$")
# OCR failure, scanned prints: the From: label misread past reading, or lost with its colon
# ("cram: Ellen Park [mailto:…]", "Carl Moss <cmoss@…>") over a Sent: line, right
# under a separator or a blank line: the line is the sender, its address printed (a misread
# label word with its colon is no part of it).
_SENDER_LABEL_LOST = re.compile(r"(?:[A-Za-z]{1,6}\s?[:;]\s)?([A-Z][\w.'’,-]*(?:\s[\w.'’,()-]+){0,5}\s?"
                                r"(?:<[^<>]{1,80}@[^<>]{1,80}>?|\[\s?(?i:mailto)\s?[:;]?[^\]]{1,120}\]?))")
_BOX_SPECKS_BEFORE = re.compile(r"^[=|_~™^—\]}{]+\s?")  # (a quoted name's mark stays)


# OCR failure of producers' layers: the end of a Sent: line ("12, 2012 8:38 AM") read as a line of
# its own after the header's last line, the value left without its day ("Wednesday, September").
_DATE_END = re.compile(r"\d{1,2},?\s\d{4},?\s\d{1,2}\s?:\s?\d{2}(?:\s?[AaPp]\.?[Mm]\.?)?")


def _take_date_end(lines: list[str], block: _Block) -> None:
    """Such a date's end, where it is the first line after the header and makes its date whole."""
    sent = next((i for i, (name, _) in enumerate(block.fields) if name == "sent"), None)
    after = next((k for k in range(block.end, min(len(lines), block.end + 2)) if lines[k].strip()), None)
    if sent is None or after is None or parse_date(block.fields[sent][1]).iso is not None:
        return
    end = " ".join(lines[after].split())
    whole = f"{block.fields[sent][1].strip()} {end}"
    if _DATE_END.fullmatch(end) and "T" in (parse_date(whole).iso or ""):
        block.fields[sent] = ("sent", whole)
        block.end = after + 1


def _take_from_and_sent_above(lines: list[str], block: _Block) -> None:
    """OCR failure of faxed and bold prints: a header's From: and Sent: labels both misread past
    reading ("Frown: Roe, Jane", "Sort Thursday, September 27, 2012 12:28 PM"), or both lost (a
    name with its address, then a whole date), its To: line read: the two lines right above it, a
    word like From then the sender, a word starting as Sent does then a whole date (weekday, year
    and clock), are the header's sender and date."""
    if block.labels[0].name != "to" or block.names() & {"from", "sent"} or block.line < 2:
        return
    above, date_line = " ".join(lines[block.line - 2].split())[:_MAX_LINE], _line_text(lines[block.line - 1])
    sender = _LABEL_WORD.fullmatch(above)
    sent = _MISREAD_SENT.fullmatch(date_line)
    if sender is not None and sent is not None and _reads_as_from(sender.group(1), _FROM_LIKE) \
            and sent.group(0)[:1] in "Ss5$" and _whole_date(value := sent.group(1)):
        block.fields[:0] = [("from", sender.group(3)), ("sent", value)]
        block.line -= 2
    elif _NAME_AND_ADDRESS.fullmatch(above) and _whole_date(date_line):
        # ... or lost whole, a light print's column of labels: a name with its address, then a date
        block.fields[:0] = [("from", above), ("sent", date_line)]
        block.line -= 2


_NAME_AND_ADDRESS = re.compile(r"[A-Z][^<>@:;]{1,60}<[^<>\s@]{1,64}@[^<>\s]{1,120}>")


def _whole_date(value: str) -> bool:
    """A date printed whole, as a Sent: line prints it: a weekday (however misread), a year, a clock."""
    return bool(_CLOCK.search(value) and weekday_likeness(value) and _YEAR.search(value)) \
        and parse_date(value).iso is not None


_FROM_LIKE = 0.5  # similarity of a misread label word to "from"
_FROM_COLON_LOST = 0.75  # ... with its colon lost too ("Frum Roe, Jane"; "Fred Smith" is a name)


def _reads_as_from(word: str, floor: float) -> bool:
    """OCR failure: "From" misread past recognition ("Fmm", "Frum", "Froin", "rom", "FROM" with its
    colon lost). Right above a header's Sent: line, a short word like it is that label."""
    key = word.casefold().translate(_LABEL_DIGITS)
    if canonical_label(word) == "from" or key in _FROM_MISREAD:
        return True
    return (key[:1] in "fpe" or key.startswith("rom")) and SequenceMatcher(None, key, "from").ratio() >= floor


_LABEL_WORD = re.compile(r"([A-Za-z01]{3,6})(?:([.,:;])\s?|\s)(\S.*)")
_FROM_MISREAD = frozenset({"front", "frorn", "frarn"})


def _is_typed_memo(block: _Block) -> bool:
    """A typed memo's TO:/FROM:/SUBJECT:/DATE: lines (page family: memos and briefing
    papers), even where OCR lost its MEMORANDUM heading: every label in capitals, a date
    without a clock time, no address. Mail clients print labels in title case, with a time."""
    colon = [label for label in block.labels if label.colon]
    if not colon or not all(label.upper for label in colon):
        return False
    date = _field(block, "sent")
    return not _CLOCK.search(date) and not any("@" in value for _, value in block.fields)


def _is_meeting(block: _Block) -> bool:
    names = block.names()
    return "start" in names and bool(names & {"end", "location", "organizer", "required"})


# --- Page kinds -----------------------------------------------------------------------------------

_MEMO_HEAD = re.compile(
    r"\s{0,40}(?:MEMORANDUM|Memorandum)(?:\s(?:FOR|for|TO|to)\b.{0,80})?\s{0,40}"
)
_DEAR = re.compile(r"\s{0,40}Dear\s[^\n]{1,80}[:,]\s{0,10}")
_LETTERHEAD = re.compile(
    r"Department|U\.\s?S\.|Office of|Bureau|Agency|Police|City of|County|Administration|Washington|"
    r"Commission|Ministry|Division",
)
_FOIA_WORDS = re.compile(
    r"Freedom of Information|FOIA|FOIPA|public records|Sincerely|request", re.IGNORECASE
)
_WITHHELD = re.compile(
    r"withheld\s+(?:[il1|]n\s+(?:full|its\s+entirety)|pursuant)|pages?\s+(?:withheld|denied\s+in\s+full)|"
    r"denied\s+in\s+full|duplicate\s+(?:page|document)\s+withheld|"
    # ... and the other slips a production puts in a record's place: "WITHHELD - (b)(5)", "2 pages
    # withheld", "Pages 3 through 5 have been withheld", "Pages 3-7 Withheld", "NON-RESPONSIVE",
    # "Document referred to …", "DUPLICATE", "Document produced in native format"
    r"^\s*withheld\b|\bpages?\s[\d\s,–-]{1,15}(?:through\s\d{1,4}\s)?(?:have\s+been\s+|were\s+)?withheld|"
    r"^\s*non-?\s?responsive\b|^\s*(?:document|record|page)s?\s(?:was\s|has\sbeen\s)?referred\sto\b|"
    r"^\s*duplicate\s*(?:page|document|record)?\s*(?:$|[-–—:(]\s*(?:produced|see|of)\b)|produced\sin\snative\sformat",
    re.IGNORECASE | re.MULTILINE,
)
# a page a production leaves blank on purpose: no record's, no email's
_LEFT_BLANK = re.compile(r"^\s*(?:this\s+page\s+)?(?:is\s+)?intentionally\s+(?:left\s+)?blank\.?\s*$",
                         re.IGNORECASE | re.MULTILINE)
_BLANK_PAGE_LINES = 4  # lines a page left blank on purpose prints (its notice, stamps)
_SLIP_LEAD = 4  # words a slip sheet's line prints before its "withheld in full" ("Document No. 12 withheld in full")


def _slip_words(text: str, match: re.Match[str]) -> bool:
    """Whether a "withheld in full" is a slip sheet's: its line's own words, not a sentence's of an
    email's page ("… I agree with Legal that it should be withheld in full": a page of the email
    before it, not a page withheld)."""
    lead = text[text.rfind("\n", 0, match.start()) + 1:match.start()]
    return len(lead.split()) <= _SLIP_LEAD


_DELETED = re.compile(r"deleted\s?page", re.IGNORECASE)
_DELETED_CONFIRM = re.compile(r"information\s?sheet|duplication\s?fee|FOI\s?/\s?PA", re.IGNORECASE)
# ... or a state production's short sheet saying why ("Duplicate of AGY-000005", "Removed as a
# duplicate record", "withheld in full"): a page of a few lines, never a body's page saying so
_DELETED_WHY = re.compile(r"duplicate\s?of|removed\s?as|duplicate\s?record|withheld\s?in\s?full", re.IGNORECASE)
_DELETED_SHEET_LINES = 12
_DELETED_HEADING = re.compile(r"(?:deleted\s?pages?\s?(?:\(s\))?|pages?\s?(?:\(s\)\s?)?(?:removed|deleted)|removed\s?pages?)[.:]?",
                              re.IGNORECASE)  # (the sheet's title on a line of its own: "DELETED PAGE", "PAGE REMOVED")
_EC_MARKS = re.compile(
    r"Electronic\s?Communication|FEDERAL\s?BUREAU\s?OF\s?INVESTIGATION|Precedence", re.IGNORECASE
)


def _content(lines: list[str]) -> list[str]:
    return [line for line in lines if line.strip() and not is_furniture_line(line)]


def _is_memo_page(lines: list[str], labels: list[_Label | None]) -> bool:
    content = _content(lines)
    if any(_MEMO_HEAD.fullmatch(line[:200]) for line in content[:12]):
        return True
    memo_labels = {
        lines[i].split(":")[0].strip().casefold()
        for i, lab in enumerate(labels)
        if lab and lab.name == MEMO_LABEL
    }
    if len(memo_labels) >= 2:
        return True
    joined = "\n".join(content[:15])
    return bool(memo_labels) and bool(_EC_MARKS.search(joined))


def _non_email_kind(lines: list[str], labels: list[_Label | None], memo_page: bool) -> str | None:
    content = _content(lines)
    text = "\n".join(line[:_MAX_LINE] for line in content)
    if _DELETED.search(text) and _DELETED_CONFIRM.search(text) or len(content) <= _DELETED_SHEET_LINES \
            and any(_DELETED_HEADING.fullmatch(line.strip()) for line in content) and _DELETED_WHY.search(text):
        return "deleted"
    if len(content) <= 25 and any(_slip_words(text, match) for match in _WITHHELD.finditer(text)):
        return "withheld"
    if len(content) <= _BLANK_PAGE_LINES and _LEFT_BLANK.search(text):
        return "other"
    if memo_page:
        return "memo"
    dear = next((i for i, line in enumerate(content[:40]) if _DEAR.fullmatch(line[:200])), None)
    if dear is not None:
        top = "\n".join(content[: max(dear, 1)][:15])
        if _LETTERHEAD.search(top) or _FOIA_WORDS.search(text):
            return "cover-letter"
    return None


# --- The splitter -------------------------------------------------------------------------------


def _lost_colon(label: _Label) -> bool:
    """A one-space label whose value reads as its field's: OCR dropped the colon.

    "Sent Thursday, September 13, 2012 6:09 AM", "Subject Fw: hey", "To Roe, Jane A";
    prose ("To be clear", "Sent them over", "From the start") starts its value in lower case
    or gives no date.
    """
    value = label.value
    if not value or value[0].islower():
        return False
    if label.name in ("sent", "start", "end"):
        return parse_date(value).iso is not None
    return label.name in ("from", "to", "cc", "bcc", "subject")


def _field_whose_label_was_lost(block: _Block, text: str, labels: list[_Label | None],
                                k: int) -> tuple[str, str] | None:
    """("to" or "sent", its value) for a bare line whose label OCR lost or misread
    (``_recipients_whose_label_was_lost``, ``_date_whose_label_was_lost``, ``_misread_to_line``),
    None for any other line."""
    if (recipients := _misread_to_line(block, text)) is not None:
        return "to", recipients
    if _recipients_whose_label_was_lost(block, text, labels, k):
        glued = _TO_GLUED_TO_FILL.fullmatch(text)
        return "to", glued.group(1) if glued and _ADDRESS_OR_DOMAIN.search(glued.group(1)) else text
    return ("sent", text) if _date_whose_label_was_lost(block, text, labels, k) else None


# OCR failure, faint or bold print: To:'s T misread ("fo:", "Jo:", "Yo:", "‘lo:"), a word no
# line is read as a label by alone ("Jo: see you then" in a chat's print); right under the
# Sent: line of a header with no To: yet, it is the To: label (its value was read into the date).
# Or its T and o read as digits ("10: jdoe@x.gov"), never before a digit (a clock's "10:53").
_TO_MISREAD = re.compile(r"[‘’'\"`]?(?:[A-Za-z]o\s?[:;]\s?|10[:;]\s(?![\d\s]))(\S.*|)")  # (alone: labels, then values)


def _misread_to_line(block: _Block, text: str) -> str | None:
    """The recipients of a line under the Sent: value that ``_TO_MISREAD`` reads, or None."""
    match = _TO_MISREAD.fullmatch(text)
    if match is None or block.fields[-1][0] != "sent" or "to" in block.names():
        return None
    return match.group(1)


def _date_whose_label_was_lost(block: _Block, text: str, labels: list[_Label | None], k: int) -> bool:
    """A bare line right under the From: value, right above the To:, in a header with no Sent:
    yet nor one printed in the lines under it, that is a whole date with its clock and nothing
    else, or what a fax or a box left of one with the label: all but its year ("July 19,
    11:07 AM"), its clock alone ("11:07 AM", dated from the message's other printings): the
    Sent: value whose label OCR lost."""
    after = labels[k + 1] if k + 1 < len(labels) else None
    return (block.fields[-1][0] == "from" and "sent" not in block.names() and after is not None
            and after.name in ("to", "cc") and not _sent_printed_below(labels, k)
            and (_is_web_date(text) or lost_its_year(text) or _CLOCK.fullmatch(text) is not None))


def _sent_printed_below(labels: list[_Label | None], k: int) -> bool:
    """Whether a Sent: label is printed in the lines under line ``k`` before the next From:."""
    for label in labels[k + 1:k + 8]:
        if label is not None and label.name == "from":
            return False
        if label is not None and label.name == "sent" and label.colon:
            return True
    return False


def _recipients_whose_label_was_lost(block: _Block, text: str, labels: list[_Label | None], k: int) -> bool:
    """A bare line right under a Sent: value complete with its clock, right above the Cc: or
    Subject:, in a header with no To: yet: the To: value whose label OCR lost."""
    name, value = block.fields[-1]
    after = labels[k + 1] if k + 1 < len(labels) else None
    return (name == "sent" and "to" not in block.names() and after is not None and after.name in ("cc", "subject")
            and bool(text) and not text[0].islower() and len(text) <= _MAX_BARE_RECIPIENTS
            and not _CLOCK.search(text) and _CLOCK.search(value) is not None and parse_date(value).iso is not None)


_MAX_BARE_RECIPIENTS = 200  # characters of a To: value left without its label
# OCR failure, any scanned print: a redaction box drawn right after "To:" read as letters run
# onto the label, its colon lost ("Tol jdoe@x.gov>", "Toff news.example.com", "Topeere ____x.gov"):
# in the To: line's place, before a value in lower case that holds an address or its domain and
# no opening bracket (the box took it; "Tom Jones", "Tobias <tobias@…>" are names), the label
# and the fill are no recipient.
_TO_GLUED_TO_FILL = re.compile(r"To[a-z]{1,5}\s{1,3}([a-z0-9_@][^<]*)")
_BEFORE_SUBJECT = frozenset({"to", "cc", "bcc", "sent"})


def _subject_in_its_place(labels: list[_Label | None], index: int) -> bool:
    """OCR failure, any print: a Subject label whose colon was lost before a value in lower case
    ("Subject update on the harbour permit"), on the line under a header's To:, Cc: or Sent:
    and with no other Subject: near: the header's subject (prose, "Subject to approval", has the
    header's own Subject: line near it, or no header line right above)."""
    label, above = labels[index], labels[index - 1] if index else None
    return (label is not None and label.name == "subject" and above is not None and above.colon
            and above.name in _BEFORE_SUBJECT
            and not any((other := labels[k]) is not None and other.name == "subject" and other.colon
                        for k in range(max(0, index - 3), min(len(labels), index + 4))))


def _reads_as_field(label: _Label) -> bool:
    """A one-space label whose value could be its field's. A meeting's or a date's field needs
    a value that is no prose in lower case ("When is Chris Stevens going?", "Where are we",
    "Date them all") and a date for a date's field: such a line after a header was read as a
    field of it and lost from the body. Other fields' values may start in lower case ("Subject
    fyi", "Attachments image001.png", "Organizer jane@…"): left to the labels around them."""
    if label.name not in ("sent", "start", "end", "location"):
        return True  # an address, a subject, a file name may start in lower case ("Attachments image001.png")
    value = label.value
    if not value or value[0].islower():
        return False
    return parse_date(value).iso is not None if label.name in ("sent", "start", "end") else True


# Gmail prints the thread's size under its title (a speck after it OCR reads: "3 messages,")
# ("1 message : , .": specks; "Limessage", "I message": its 1 read as letters)
_MESSAGE_COUNT = re.compile(r"(?:\d{1,4}|[Il|]|Li)\s?messages?(?:\s?[.,;:'`’_—-]){0,4}")  # (a speck after it: "1message _")
_SPECK_MARKS = 3
# (the month glued to the address's end too: "<jroe@x.gawAov 22, 2022 at 7:05 AM", its bracket and
# weekday lost, its N read as an A)
_GLUED_WEB_DATE = re.compile(r"(?<=[\sA-Za-z.,])[A-Z][a-z]{2}\s\d{1,2},\s\d{4}\s(?:at\s)?\d{1,2}:\d{2}\s?[AaPp][Mm]$")
_LEADING_CODE_RUN = re.compile(
    r"(?:\(\s?b\s?\)\s?\(\s?\d\s?\)(?:\s?\(\s?[A-F]\s?\))?|Ex\.\s?\d(?:\s?\([A-F]\))?)"
    r"(?:,?\s?(?:\(\s?b\s?\)\s?\(\s?\d\s?\)(?:\s?\(\s?[A-F]\s?\))?|Ex\.\s?\d(?:\s?\([A-F]\))?)){0,4}\s"
)
_DATE_START = re.compile(r"(?:[A-Z][a-z]{2,8}\.?,?\s|\d)")  # a weekday, a month or the day
_WEB_SENDER_MAX = 120  # characters of a sender line ("Roe, Jane <jane.roe@agency.gov>")


def _sender_and_date(text: str) -> tuple[str, str] | None:
    """(sender, date) of a line printing both, the date with a clock time at its end."""
    boxed = _LEADING_CODE_RUN.match(text)  # a box over the sender's name and address, its code on it
    # (Gmail's "John Doe  Mon, Mar 4, 2013 at 4:02 PM": a name alone, its address redacted or cut, the
    # gap before the weekday one space as OCR reads it)
    weekdays = {m.start() for m in _WEB_WEEKDAY.finditer(text) if m.start() and parse_date(text[:m.start()]).iso is None}
    for cut in sorted({m.end() for m in re.finditer(r">\s?|\s{2,}", text)} | ({boxed.end()} if boxed else set()) | weekdays):
        sender, date = text[:cut].strip(), text[cut:].strip()
        if sender and _is_web_date(date) and (not boxed or cut != boxed.end() or _DATE_START.match(date)):
            return sender, date
    # OCR failure, scanned web mail prints: the address's closing bracket and the weekday after
    # it read as a letter or two ("<jroe@x.orge, Jan 9, 2015 at 7:16 AM"): the name alone is
    # sure, the address under the specks is not.
    glued = _GLUED_WEB_DATE.search(text)
    name = text[:glued.start()].split("<", 1)[0].strip() if glued and "<" in text else ""
    if glued and text.count("<") > text.count(">") and name and _is_web_date(glued.group(0)):
        # (the bracket alone lost, the address whole to its top-level domain, the weekday glued to it:
        # "<jroe@x.comSun, Mar 12, …", the address kept)
        whole = _ADDRESS_BEFORE_WEEKDAY.search(text[:glued.start()])
        return (f"{name} <{whole.group(1)}>" if whole else name), glued.group(0)
    return None


_ADDRESS_BEFORE_WEEKDAY = re.compile(
    rf"<([\w.'+-]{{1,64}}@[\w-]+(?:\.[\w-]+)*\.(?:{'|'.join(COMMON_TLDS)}))(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),?\s?$")


_WEB_DATE_MAX = 40  # characters of a line that is a date alone
# Gmail's date: "Mon, Mar 4, 2013 at 4:02 PM"; Outlook on the web's "Thu 5/13/2021 5:32 AM"
_WEB_WEEKDAY = re.compile(r"(?<=\s)(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),?\s")


# OCR failure, web mail prints: the clock's colon read as a stop or lost ("3.11 PM", "4 47 PM",
# "447 PM"), a digit as a letter ("3.l1 PM"): with its AM/PM after it, still the print's time.
_WEB_CLOCK_MISREAD = re.compile(r"(?<![\d:])(?:(?=[OolI|]?\d)[\dOolI|]{1,2}[.;,°\s]\s?[\dOolI|]{2}|\d{3,4})\s?[AaPp]\.?[Mm]\.?(?![A-Za-z])")


def _is_web_date(text: str) -> bool:
    """A web print's date with its clock, the clock perhaps read past reading ("at LO-41 PM": the
    day is read, the date damaged)."""
    return len(text) <= _WEB_DATE_MAX and bool(_CLOCK.search(text) or _WEB_CLOCK_MISREAD.search(text)
                                                or _UNREAD_CLOCK.search(text)) \
        and parse_date(text).iso is not None


def _margin_echo_line(lines: list[str], k: int) -> bool:
    """Whether a line of codes alone repeats codes the line above it prints (a redaction tool's
    code in the margin, level with its box, read as a line under it); a title a box covers whole
    ("(b)(6)" under a Gmail logo line) is not one."""
    if not codes_only(lines[k]):
        return False
    above = next((line for line in reversed(lines[:k]) if line.strip()), "")
    return set(find_exemptions(lines[k])) <= set(find_exemptions(above))


def _web_recipients_colon_lost(lines: list[str], label: _Label, index: int) -> bool:
    """OCR failure, web mail prints (Gmail, Outlook Web App): the To: or Cc: label's colon lost
    ("To John Doe <jdoe@x.gov>", "To Roe, Jane;"). Such a print has no other label to stand beside,
    so the line counts as the label where it reads as parties right under the print's sender and
    time (on one line, or the time on a line of its own under the sender's)."""
    if label.name not in ("to", "cc") or not _reads_as_parties(label.value):
        return False
    above = [k for k in range(index - 1, max(-1, index - 4), -1) if lines[k].strip()][:2]
    if not above:
        return False
    last = " ".join(lines[above[0]].split())[:_MAX_LINE]
    return _sender_and_date(last) is not None or (
        _is_web_date(last) and len(above) == 2 and _labelled_nothing(lines[above[1]].strip()))


def _take_web_print_lead(lines: list[str], block: _Block) -> None:
    """Web mail prints (layout families: Outlook Web App, Gmail): no From:/Sent: labels;
    the subject as a title line (Gmail adds "2 messages" under it), then the sender,
    then the time (or sender and time on one line), then the To:/Cc: lines. A block of
    To:/Cc: labels alone takes those lines above it."""
    if block.names() & {"from", "sent", "subject"} or block.labels[0].name not in ("to", "cc"):
        return
    above: list[int] = []
    k = block.line - 1
    while k >= 0 and len(above) < 4 and block.line - k <= 7:  # (a title over two lines, the sender and the time)
        if lines[k].strip() and not is_furniture_line(lines[k]) and not _MESSAGE_COUNT.fullmatch(lines[k].strip()) \
                and not _is_browser_margin(lines[k]) and not _margin_echo_line(lines, k) and not _rule_read(lines[k]) \
                and not (above and _RULE_SCRAP.fullmatch(lines[k].strip())):  # (the rule under a title: "we")
            above.insert(0, k)
        k -= 1
    texts = [" ".join(lines[k].split())[:_MAX_LINE] for k in above]
    sender = date = ""
    boxed = (both := _sender_and_date(texts[-1])) is not None and _LEADING_CODE_RUN.match(texts[-1]) is not None \
        if texts else False
    if boxed and both is not None and len(texts) >= 2 and _labelled_nothing(texts[-2]) \
            and any(mark in texts[-2] for mark in "<@"):
        sender, date, used = texts[-2], both[1], 2  # the sender on a line of its own, a margin's code by the time
    elif boxed and both is not None:  # "(b)(6) Sun, Feb 23, 2020 at 1:36 PM": a box over the sender, not a date alone
        (sender, date), used = both, 1
    elif len(texts) >= 2 and _is_web_date(texts[-1]) and _labelled_nothing(texts[-2]) \
            and _sender_and_date(texts[-1]) is None:
        sender, date, used = texts[-2], texts[-1], 2
    elif texts and (both := _sender_and_date(texts[-1])) is not None:
        (sender, date), used = both, 1
    else:
        return
    if len(sender) > _WEB_SENDER_MAX or not any(c.isalpha() for c in sender):
        return
    fields = [("from", sender), ("sent", date)]
    start = above[-used]
    block.web = True
    # the title above the sender, where a print starts (a line above a later message of a
    # Gmail conversation is the body of the one before it); Gmail's is the line over its count
    # of messages, whatever OCR read between the count and the sender (a stroke, a smudge)
    if (titled := _title_over_count(lines, above[-used])) is not None:
        fields.append(("subject", titled[0]))
        start = titled[1]
    elif len(above) > used and _labelled_nothing(texts[-used - 1]):
        subject, first = texts[-used - 1], above[-used - 1]
        if len(above) > used + 1 and (_title_wraps(texts[-used - 2], subject, lines, above[-used - 2])
                                      or _wrapped_title_answers(texts[-used - 2], subject, lines, above[-used - 2])):
            # a long title wrapped onto the next line (its first line may print a colon: "Festival logistics: …")
            subject, first = f"{texts[-used - 2]} {subject}", above[-used - 2]
        if first != above[-used - 1] or _nothing_before(lines, first, 2, margins=True) \
                or _under_web_banner(lines, first) or _answers_a_subject_above(lines, first, subject) \
                or _replies(subject) and _after_carried_sentences(lines, first) or _opens_as_a_subject(subject):
            fields.append(("subject", subject))
            start = first
    block.fields[:0] = fields
    block.line = start


# A subject's opening no body's last line has: a reply's or forward's prefix, or a mail system's tag in
# brackets ("[EXTERNAL]", "[EXT]"), then a capital, a digit or a quotation mark or bracket
_SUBJECT_OPENING = re.compile(r"(?:(?:RE|Re|FW|Fw|FWD|Fwd)\s?:\s?|\[[A-Z][A-Za-z]{1,12}\]\s?)+[A-Z0-9\"“'\[(]")


def _opens_as_a_subject(title: str) -> bool:
    """Whether a line over a web print's sender opens as a subject (``_SUBJECT_OPENING``) and ends as
    no sentence does: the title of a print that starts right under the message before it (layout
    family: web mail prints compiled one after another on a page, no blank line between in a text
    layer), never that message's last line (a signature's, a closing sentence)."""
    return _SUBJECT_OPENING.match(title) is not None and not title.rstrip().endswith((".", "!", "?", ","))


def _wrapped_title_answers(first: str, rest: str, lines: list[str], at: int) -> bool:
    """A web print's title wrapped over two lines mid-page, under the message before it, the
    whole answering a subject a header above prints (``_answers_a_subject_above``): "RE: Pier 7
    schedule (docks 2; 4" over "and 6)" under "Subject: Pier 7 schedule"."""
    return _wraps_onto(first, rest) and _answers_a_subject_above(lines, at, f"{first} {rest}")


def _wraps_onto(first: str, rest: str) -> bool:
    """Whether a line can be a web print's title whose rest wrapped onto the next line: no label,
    no account's address, wide enough to have wrapped, the rest no wider."""
    return _labelled_nothing(first) and not any(mark in first for mark in "<@") and len(first) >= _WRAP_WIDTH \
        and len(rest) <= len(first) * _WRAP_WIDER


def _after_carried_sentences(lines: list[str], line: int) -> bool:
    """Whether a line follows the last sentences of a message a page break carried over to the
    page's top (no header above them on the page), nothing but a banner between (a reply's title
    there starts a print of its own)."""
    lead = _lead_at_top(lines, line)
    return lead > 0 and all(_label(text) is None for text in lines[:lead]) \
        and _nothing_before(lines[lead:], line - lead, 1, margins=True)


def _answers_a_subject_above(lines: list[str], line: int, title: str) -> bool:
    """Whether a line over a web print's sender answers or forwards a subject a header above it on
    the page prints ("RE: Pier 7 close-out" under "Subject: Pier 7 close-out"): the title of a print
    that starts under the message before it (layout family: prints compiled one after another on
    the page, no page break between), never the last line of that message's body."""
    if not _replies(title):
        return False
    for k in range(line):
        label = _label(lines[k])
        printed = label.value if label is not None and label.name == "subject" else \
            " ".join(lines[k].split()) if k + 1 < line and _MESSAGE_COUNT.fullmatch(lines[k + 1].strip()) else None
        if printed is not None and _replies(title) > _replies(printed) \
                and (_one_subject(printed, title) or _subject_extended(printed, title)):
            return True  # (a Gmail print's title, over its count of messages, is its subject printed)
    return False


# ... or as a scrap of small letters right over the sender ("we", "ee ae"): no body's last line.
_RULE_SCRAP = re.compile(r"[a-z]{1,3}(?: [a-z]{1,3})?")


# OCR failure, web mail prints: the rule under the title read as a few letters around a dash
# ("Sinn —y", "ee ———"): no title, no sender.
_RULE_DASH = re.compile(r"[—–]|-{2,}|_{3,}|={2,}")
_RULE_LETTERS = 6


def _rule_read(line: str) -> bool:
    text = line.strip()
    return len(text) <= 30 and _RULE_DASH.search(text) is not None and not any(c.isdigit() or c in ":@<>" for c in text) \
        and sum(c.isalpha() for c in text) <= _RULE_LETTERS


def _title_over_count(lines: list[str], sender: int) -> tuple[str, int] | None:
    """A Gmail print's title and its first line: the line right over its "N messages" line (a
    margin's echo of the title's code aside), that within three lines above the sender's, and the
    line above it where the title wrapped (``_title_wraps``), or the two above it where it wrapped
    twice; None where there is none. (A title
    ending in two numbers, "… berths 5/6", is the title still, no browser's page count: ``_site_margin``.)"""
    count = next((k for k in range(sender - 1, max(-1, sender - 4), -1) if _MESSAGE_COUNT.fullmatch(lines[k].strip())),
                 None)
    if count is None:
        return None
    above = [t for t in range(count - 1, max(-1, count - 6), -1)
             if lines[t].strip() and not is_furniture_line(lines[t]) and not _margin_echo_line(lines, t)
             and not _site_margin(lines[t])][:3]
    texts = [" ".join(lines[t].split())[:_MAX_LINE] for t in above]
    if not above or not _labelled_nothing(texts[0]):
        return None
    if len(above) == 3 and _wraps_onto(texts[1], texts[0]) and not _PROSE.fullmatch(texts[1]) \
            and _title_wraps(texts[2], texts[1], lines, above[2]):
        return f"{texts[2]} {texts[1]} {texts[0]}", above[2]  # (a long title wrapped twice: three lines)
    if len(above) >= 2 and _title_wraps(texts[1], texts[0], lines, above[1]):
        return f"{texts[1]} {texts[0]}", above[1]
    return texts[0], above[0]


def _title_wraps(first: str, rest: str, lines: list[str], at: int) -> bool:
    """Layout family, Gmail prints: a conversation's title too long for its line goes on under it,
    right over the message count ("Permit - comments of the Army Corps on the" / "March 12 draft"):
    the line above is the title's first (no account's address, long, under the browser's line and
    the account only), and the last line, no wider, its rest. A sentence is no title's first line, nor
    does a title's rest open with a reply's prefix: that line is the title, under the last sentence
    of the message a page break carried over ("… before the vote." over "RE: Agenda item 7")."""
    return (_wraps_onto(first, rest)
            and (_nothing_before(lines, at, 1, margins=True) or _under_web_banner(lines, at))
            and not _PROSE.fullmatch(first) and _PREFIXED.match(rest) is None)


_LOST_COLUMN_REACH = 12  # recipient lines a To list whose label was lost may print
_GARBLED_BOX_LABEL = 10  # characters of a box's "(b)(6)" OCR garbled ("_|(bX6)", "Po HIB)")


def _garbled_box_label(text: str) -> bool:
    return 0 < len(text) <= _GARBLED_BOX_LABEL and any(c in text for c in "()") and not find_exemptions(text)


def _take_values_whose_labels_were_lost(lines: list[str], block: _Block) -> None:
    """OCR failure, scanned desktop prints with bold labels (fax, low resolution): the From:,
    Sent: and To: labels read as nothing, their values left one under the other right above
    the Cc: (or Subject:) line that was read: the sender, the date, then the recipients. The
    block takes them only in that order and with no gap, so a body's lines above a header
    are never taken."""
    if block.names() & {"from", "sent", "to"} or block.labels[0].name not in ("cc", "subject"):
        return
    recipients: list[str] = []
    k = block.line - 1
    if _garbled_box_label(" ".join(lines[k].split())):
        k -= 1
    while k >= 1 and len(recipients) < _LOST_COLUMN_REACH:
        text = " ".join(lines[k].split())[:_MAX_LINE]
        if not text or _is_web_date(text) or not _labelled_nothing(text) \
                or not (_reads_as_listed_parties(text) or _ADDRESS.search(text)
                        or (not recipients and _NAME_PIECE.fullmatch(text))):
            break
        recipients.insert(0, text)
        k -= 1
    sender, date = (" ".join(lines[k - 1].split())[:_MAX_LINE], " ".join(lines[k].split())) if k >= 1 else ("", "")
    if not recipients or not _is_web_date(date) or not sender or not _labelled_nothing(sender) \
            or len(sender) > _WEB_SENDER_MAX or _is_web_date(sender) or not any(c.isalpha() for c in sender):
        return
    to = recipients[0]
    for text in recipients[1:]:
        to = _wrapped("to", to, text)
    block.fields[:0] = [("from", sender), ("sent", date), ("to", to)]
    block.line = k - 1
    # the Subject: label under the Cc: a fax misread too ("Subloct: Schedule"): the line under it
    below = _MISREAD_SUBJECT.fullmatch(_line_text(lines[block.end])) if block.end < len(lines) else None
    if "subject" not in block.names() and below and below.group(2) and _like_subject(below.group(1)) >= _SUBJECT_LIKE:
        block.fields.append(("subject", below.group(3)))
        block.end += 1


def _header_whose_labels_were_all_lost(lines: list[str], labels: list[_Label | None], i: int) -> _Block | None:
    """OCR failure, scanned desktop prints whose labels stand in a column of their own (a fax, a
    light copy): the whole column read as nothing, the values left one under the other, no
    label near them: the sender with the address printed with it, the whole date with its
    clock, the recipients, the subject, then a blank line. Looked for only above a page's
    first header (the top of a print, under its stamps), so a body's lines are never taken."""
    if i + 4 > len(lines) or any(labels[k] is not None and not (k < i and _stamp_date(labels[k]))
                                 for k in range(max(0, i - 2), min(len(lines), i + 6))):
        return None
    sender, date, to, subject = (" ".join(lines[k].split())[:_MAX_LINE] for k in range(i, i + 4))
    sender_read = (bool(_ADDRESS.search(_DOMAIN_COMMA.sub(r"\1.\2", sender))) and len(sender) <= _WEB_SENDER_MAX
                   and not _is_web_date(sender))
    dated = len(date) <= _WEB_DATE_MAX and "T" in (parse_date(date).iso or "")  # (a clock read: "10.47 PM" too)
    to_read = _reads_as_listed_parties(to) or bool(_ADDRESS.search(to) or _NAME_PIECE.fullmatch(to))
    subject_read = (bool(subject) and _labelled_nothing(subject) and not _is_web_date(subject)
                    and not _ADDRESS.search(subject))
    if not (sender_read and dated and to_read and subject_read) or (i + 4 < len(lines) and lines[i + 4].strip()):
        return None
    return _Block(page=0, line=i, end=i + 4, fields=[("from", sender), ("sent", date), ("to", to), ("subject", subject)])


_DOMAIN_COMMA = re.compile(r"(@[\w.\-]{1,100}),(\w)")  # OCR failure: a domain's dot read as a comma


def _stamp_date(label: _Label | None) -> bool:
    """Whether a label is a release stamp's review date ("Date: 05/13/2015": a day, no clock)."""
    if label is None or label.name != "sent":
        return False
    iso = parse_date(label.value).iso
    return iso is not None and "T" not in iso


# Layout family, Gmail prints: the logo read as a word (its envelope before it as a glyph or
# two: "M Gmail"), the account beside it or above it.
_WEB_BANNER = re.compile(r"(?:\S{1,2}\s)?Gmail(?:\s.{0,120})?")
_BANNER_RULE_NOISE = re.compile(r"(?!>)[^\d:@<]{1,60}")  # OCR's reading of the rule under the banner ("haa nn ae", "oo ——a>swo")


def _under_web_banner(lines: list[str], line: int) -> bool:
    """Whether ``line`` is a web print's title under its banner: the logo line right above it,
    or with one line between that holds no digit, address or label (OCR's reading of the rule
    under the banner as letters), however many stamp and account lines stand above the logo."""
    above = [k for k in range(max(0, line - 6), line) if lines[k].strip() and not is_furniture_line(lines[k])][-2:]
    banners = [k for k in above if _WEB_BANNER.fullmatch(" ".join(lines[k].split()))]
    if not banners:
        return False
    between = [" ".join(lines[k].split()) for k in above if k > banners[-1]]
    return all(_BANNER_RULE_NOISE.fullmatch(text) for text in between)


# A name (no digits, no colon), and the address in brackets OWA prints after it as it does
# after each recipient's.
_OWA_SENDER = re.compile(r"[^\W\d_](?:[^\W\d_]|[.,'’()\- ]){1,80}"
                         r"(?:\s?(?:\[[\w.'+-]{1,64}@[\w.-]{1,120}\]|<[\w.'+-]{1,64}@[\w.-]{1,120}>))?")


def _take_owa_sent_lead(lines: list[str], block: _Block) -> None:
    """Layout family: Outlook Web App 2010 prints: the subject as a title, the sender's
    name under it, then Sent:, To:, Cc: lines, no From: label. A block of Sent: and To:
    labels takes the two lines above it where a print starts."""
    if block.names() & {"from", "subject"} or block.labels[0].name != "sent" or "to" not in block.names():
        return
    above = [k for k in range(max(block.line - 4, 0), block.line) if lines[k].strip() and not is_furniture_line(lines[k])]
    if len(above) < 2 or above[-1] != block.line - 1:
        return
    title, sender = (" ".join(lines[k].split())[:_MAX_LINE] for k in above[-2:])
    if not (_OWA_SENDER.fullmatch(sender) and _labelled_nothing(title)
            and _nothing_before(lines, above[-2], 2, margins=True)):
        return
    block.fields[:0] = [("from", sender), ("subject", title)]
    block.line, block.web = above[-2], True


def _conversation_subjects(blocks: list[_Block]) -> None:
    """Layout family: Gmail conversation prints. The thread's subject is printed once, as
    the title above its first message; every later message of the print (its sender and
    time above its To: line) has that subject."""
    title = ""
    for block in blocks:
        if not block.web or block.labels and block.labels[0].name == "sent":  # (an Outlook Web App print: one message)
            title = ""
            continue
        subject = next((value for name, value in block.fields if name == "subject" and value), "")
        if subject:
            title = subject
        elif title:
            block.fields.insert(2, ("subject", title))


def _labelled_nothing(text: str) -> bool:
    return _label(text) is None and len(text) <= _MAX_SUBJECT_LINE


_MAX_SUBJECT_LINE = 200


def _owner_start(block: _Block) -> int | None:
    """Where the header really starts when a block ran into a field it already had.

    Agency release stamps print a ``Date:`` line above the header (page family:
    release stamps); the block read from the stamp then meets the header's own
    ``Sent:``. The header owns everything from its ``From:`` line, so reading starts
    again there. None when the block starts at its From: line or has none.
    """
    if not block.repeated or block.labels[0].name == "from":
        return None
    owner = next((line for label, line in zip(block.labels, block.label_lines, strict=True)
                  if label.name == "from"), None)
    return owner


# OCR failure, any scanned print: "To:" misread past recognition ("Tut:", "Tes:", "Tu;", "Ye:"). Outlook
# prints From, Sent, To, Cc, Subject: a short word starting with T, with its colon, between a
# header's Sent: line and its Cc: or Subject: line, is its To: label.
_MISREAD_TO = re.compile(r"[TtYy][A-Za-z]{0,3}\s?[:;]\s{0,40}(\S.*)")  # a fax's T read Y too ("Ye:")


def _misread_to(lines: list[str], labels: list[_Label | None], index: int) -> _Label | None:
    match = _MISREAD_TO.fullmatch(_line_text(lines[index]))
    if match is None:
        return None
    before, after = (_label_next_to(lines, labels, index, step) for step in (-1, 1))
    if before is None or after is None or before.name != "sent" or after.name not in ("cc", "subject"):
        return None
    if not all(label.colon or _lost_colon(label) for label in (before, after)):
        return None  # prose ("Sent them over", "Subject to approval") is no header around it
    return _Label("to", match.group(1), True, False)


# OCR failure, any scanned print (a fax most): the Sent: label misread past recognition ("tnt:",
# "font: ”", "cnt; ;", "Scout:", "Soak"), its value perhaps misread too ("Octotrar 18"). Outlook
# prints From, Sent, To: a line of one short word and a value of words (a weekday however misread,
# "Wedrisday") with a clock time and a year or that weekday, right under a From: line and above
# the To:, Cc: or Subject: line (no Sent: printed beside them), is the Sent: line.
_MISREAD_SENT = re.compile(r"[A-Za-z$!|]{1,6}[\s:;.,'\"“”‘’|]{1,8}([A-Za-z].{0,80})")
# ... the Cc: label ("Ca ;"): a short word starting with C, with its colon, between a header's
# To: line and its Bcc: or Subject: line;
_MISREAD_CC = re.compile(r"[Cc][A-Za-z]{0,3}\s?[:;]\s{0,40}(\S.*)")
# ... its colon lost too ("Ca Roe, Jane"): a word of two letters, only right above the Subject:.
_MISREAD_CC_COLON_LOST = re.compile(r"[Cc][a-z]\s(\S.*)")  # ("cc Roe, Jane": its capital read small too)
# ... or read as a mark ("• Harbor-Staff-DL", a producer's layer), right under a To: line whose list
# ends there (matched on the line as read: ``_line_text`` strips such marks)
_CC_AS_MARK = re.compile(r"[•·*°»]\s?(\S.*)")
# ... and the Subject: label ("Subjcut:", "Suljret:", "Seto:"; "Subfoct" with its colon lost too):
# a word starting with S, with its colon, right under the header's To:, Cc: or Bcc: line (or one
# line more, a list's wrap or a misread Cc:) of a header whose From: and Sent: are read.
# A letter of it read as a mark ("Subj-zt:", "Sub/nect:", "Sub(ret:") is none of its letters.
_MISREAD_SUBJECT = re.compile(r"(S[A-Za-z](?:[A-Za-z]|[-/=|()](?=[A-Za-z])){1,8})(\s?[:;])?\s{0,40}(?<=[:;\s])(\S.*)")
_SUBJECT_LIKE = 0.5  # similarity of the misread word to "subject"
_SUBJECT_LIKE_COLON_LOST = 0.7  # ... with its colon lost too ("Sunday we met" is no label)
_SUBJECT_LIKE_PREFIXED = 0.3  # ... before a reply or forward prefix ("Suldro Fw: Harbor staffing", "Swine: Fw: …")
_PREFIXED = re.compile(r"(?:RE|Re|FW|Fw|FWD|Fwd)\s?[:;]\s")
_MISREAD_REACH = 2  # printed lines looked at above or below a misread label for its neighbours


def _line_text(line: str) -> str:
    """A line as a misread label is looked for in: spaces collapsed, OCR specks before it gone."""
    return _LEADING_SPECKS.sub("", " ".join(line.split())[:_MAX_LINE])


def _misread_sent(lines: list[str], labels: list[_Label | None], index: int) -> _Label | None:
    text = _line_text(lines[index])
    match = _MISREAD_SENT.fullmatch(text)
    if match is None or not _CLOCK.search(value := match.group(1)) or not (
            weekday_likeness(value) or _YEAR.search(value)):
        return None
    before = _label_next_to(lines, labels, index, -1)
    after = _labels_near(lines, labels, index, 1)
    if before is None or before.name != "from" or not before.colon or any(label.name == "sent" for label in after):
        return None
    return _Label("sent", value, True, False) if any(
        label.name in ("to", "cc", "subject") and label.colon for label in after) else None


def _misread_cc(lines: list[str], labels: list[_Label | None], index: int) -> _Label | None:
    text = _line_text(lines[index])
    match = _MISREAD_CC.fullmatch(text)
    mark = _CC_AS_MARK.fullmatch(" ".join(lines[index].split()))
    if match is None and (bare := _MISREAD_CC_COLON_LOST.fullmatch(text) or mark) is not None \
            and _reads_as_parties(bare.group(1)) and (after := _label_next_to(lines, labels, index, 1)) is not None \
            and after.name == "subject":
        match = bare
    if match is None:
        return None
    before = _label_next_to(lines, labels, index, -1)
    if before is None or before.name != "to" or not before.colon:
        return None
    if match is mark and (index == 0 or labels[index - 1] is not before or before.value.rstrip().endswith((";", ","))):
        return None  # (a mark before a To: list's wrapped line: the list goes on)
    return _Label("cc", match.group(1), True, False) if any(
        label.name in ("bcc", "subject") and label.colon for label in _labels_near(lines, labels, index, 1)) else None


def _misread_subject(lines: list[str], labels: list[_Label | None], index: int) -> _Label | None:
    match = _MISREAD_SUBJECT.fullmatch(_line_text(lines[index]))
    if match is None or canonical_label(match.group(1)) is not None or _like_subject(match.group(1)) < (
            _SUBJECT_LIKE_PREFIXED if _PREFIXED.match(match.group(3)) else _SUBJECT_LIKE if match.group(2)
            else _SUBJECT_LIKE_COLON_LOST):
        return None
    above = _labels_near(lines, labels, index, -1)
    if not above or above[0].name not in ("to", "cc", "bcc") or not above[0].colon:
        return None
    names = {label.name for label in _labels_near(lines, labels, index, -1, reach=6)}
    if not {"from", "sent"} <= names:
        return None
    value, glued = match.group(3), _GLUED_LABEL_END.match(match.group(3))
    if glued and not _PREFIXED.match(value) and _like_subject(match.group(1) + glued.group(1)) > _like_subject(
            match.group(1)):
        value = glued.group(2)  # the label's colon misread inside it: "Subjc:t: FW: …"
    return _Label("subject", value, True, False)


_GLUED_LABEL_END = re.compile(r"([A-Za-z]{1,3})[:;]\s?(\S.*)")


def _like_subject(word: str) -> float:
    return SequenceMatcher(None, re.sub(r"[^A-Za-z]", "", word).casefold(), "subject").ratio()


def _labels_near(lines: list[str], labels: list[_Label | None], index: int, step: int,
                 reach: int = _MISREAD_REACH) -> list[_Label]:
    """The labels of the next ``reach`` printed lines up or down (page furniture passed over)."""
    found: list[_Label] = []
    k, seen = index + step, 0
    while 0 <= k < len(lines) and seen < reach:
        if lines[k].strip() and not is_furniture_line(lines[k]):
            seen += 1
            if (label := labels[k]) is not None:
                found.append(label)
        k += step
    return found


def _label_next_to(lines: list[str], labels: list[_Label | None], index: int, step: int) -> _Label | None:
    """The label of the next line up or down that prints something other than page furniture."""
    found = _labels_near(lines, labels, index, step, reach=1)
    return found[0] if found else None


def _take_leads(lines: list[str], block: _Block, floor: int) -> None:
    """The lines above a block of labels that are its header's too (a web print's sender and
    date, an OWA print's title and sender, values whose labels OCR lost); none above ``floor``,
    the end of the header before it on the page (they are that header's lines)."""
    as_read = (list(block.fields), block.line, block.web)
    _take_web_print_lead(lines, block)
    _take_owa_sent_lead(lines, block)
    _take_values_whose_labels_were_lost(lines, block)
    _take_from_and_sent_above(lines, block)
    if block.line < floor:
        block.fields, block.line, block.web = as_read


_START_PRINTED = re.compile(r"start\s?[:;]", re.IGNORECASE)


def _sent_read_as_start(lines: list[str], labels: list[_Label | None]) -> None:
    """OCR failure of a fax: "Scart: Saturday, April 23, …" under From: and above To: is the Sent:
    line misread a letter from a meeting's Start: (which a meeting prints under its Subject:)."""
    for i, lab in enumerate(labels):
        if lab is not None and lab.name == "start" and not _START_PRINTED.match(_line_text(lines[i])):
            labels[i] = None
            labels[i] = _misread_sent(lines, labels, i) or lab


def _printed_again(previous: _Block, block: _Block, lines: list[str]) -> bool:
    """Layout family, prints of a message attached to another (and mail archivers): the header's
    lines printed twice, the second time without its From: line, right under the first. No
    header of its own (it was a quoted copy of the same message, with no sender)."""
    mine, theirs = dict(block.fields), dict(previous.fields)
    return (not previous.on_wrote and "from" not in mine and "sent" in mine
            and all(theirs.get(name) == value for name, value in mine.items())
            and not any(line.strip() for line in lines[previous.end:block.line]))


def _labelled_block(page_no: int, lines: list[str], labels: list[_Label | None], i: int, blocks: list[_Block],
                    memo_page: bool) -> int:
    """Read the header block whose labels start at line ``i`` into ``blocks`` (when it is an
    email's); where reading goes on."""
    block = _collect(lines, labels, i)
    owner = _owner_start(block)
    if owner is not None:
        return owner  # the labels above its From: line are a stamp, not this header's
    _take_leads(lines, block, blocks[-1].end if blocks else 0)
    if blocks and _printed_again(blocks[-1], block, lines):
        blocks[-1].end = block.end  # (its body starts under the second printing)
    elif _is_email_block(block, memo_page, lines):
        _take_from_above(lines, block)
        _take_date_end(lines, block)
        block.page = page_no
        blocks.append(block)
    # A block starting inside this run of labels has a subset of its fields: no
    # better. Skipping the run keeps the scan linear.
    return max(block.end, i + 1)


def _under_a_wrapped_cell(lines: list[str], labels: list[_Label | None], i: int) -> bool:
    """Whether a colon-less label stands right under a table's recipient cell whose list wrapped
    over lines of its own ("To Jane Roe <…>; John Doe" / "<jdoe@…>; Ellen Park"
    / … / "Cc Carl Moss <…>"). Layout family, Exchange and Outlook prints as a table: a
    cell's long list wraps within its column, so the next label is more than two lines below the
    one above it (the Cc: was read into the To: list, and the subject taken from the banner)."""
    k = i - 1
    while k >= 0 and i - k <= _CELL_WRAP_LINES and labels[k] is None and lines[k].strip() \
            and (_reads_as_parties(" ".join(lines[k].split())) or _X500_PIECE.search(lines[k])) \
            and ("@" in lines[k] or ";" in lines[k] or lines[k + 1].lstrip().startswith("<")  # (a name over its address)
                 or _X500_PIECE.search(lines[k])):  # (an X.500 address's lines: "…ADMINISTRATIVE GROUP", "(FYDI…)/CN=…>")
        k -= 1
    above = labels[k] if 0 <= k < i - 1 else None
    return above is not None and not above.colon and above.name in _LIST_FIELDS and above.name != "attachments"


_CELL_WRAP_LINES = 12  # lines a table's recipient cell may wrap onto (an 11-person To: list wraps over 11)
_X500_PIECE = re.compile(r"/\s?(?:O|OU|CN)\s?=|EXCHANGE\s{1,3}ADMINISTRATIVE\s{1,3}GROUP|\(FYDIBOHF23SPDLT\)", re.IGNORECASE)


def _find_blocks(page_no: int, lines: list[str]) -> tuple[list[_Block], bool]:
    labels = [_label(line) for line in lines]
    memo_page = _is_memo_page(lines, labels)
    _sent_read_as_start(lines, labels)
    for misread in (_misread_sent, _misread_to, _misread_subject, _misread_cc):  # each needs the one before
        for i, lab in enumerate(labels):
            if lab is None:
                labels[i] = misread(lines, labels, i)
    # A bare label ("From   Jane Roe") only counts next to another label: a table layout.
    # "To set up the ..." in prose reads like a one-space table cell: those count only
    # among other colon-less labels, as a printed table has them, or where OCR lost the
    # colon of one line of a colon header ("Sent Thursday, ...") and the value reads as
    # that field's.
    for i, lab in enumerate(labels):
        if lab is not None and lab.one_space and not _reads_as_field(lab):
            labels[i] = None  # prose after a header ("When is he going?"): not a label at all
        elif lab is not None and not lab.colon:
            near = [
                j
                for j in range(max(0, i - 2), min(len(lines), i + 3))
                if j != i and labels[j] is not None
                and not (lab.one_space and labels[j].colon and not _lost_colon(lab)  # type: ignore[union-attr]
                         and not _subject_in_its_place(labels, i))
            ]
            if not near and not _under_a_wrapped_cell(lines, labels, i):
                labels[i] = _Label(lab.name, lab.value, True, False) \
                    if _web_recipients_colon_lost(lines, lab, i) else None
    blocks: list[_Block] = []
    despecked = [_NOTES_SPECKS.sub("", line) for line in lines]  # (Notes headers have no labels to find)
    i = 0
    while i < len(lines):
        if labels[i] is not None:
            i = _labelled_block(page_no, lines, labels, i, blocks, memo_page)
            continue
        elif (notes := _lotus_notes_block(despecked, i) or _lotus_notes_stacked(despecked, i)
              or _lotus_notes_cells(despecked, i) or _lotus_notes_columns(despecked, i)) is not None:
            notes.page = page_no
            blocks.append(notes)
            i = notes.end
            continue
        elif not blocks and (lost := _header_whose_labels_were_all_lost(lines, labels, i)) is not None:
            lost.page = page_no
            blocks.append(lost)
            i = lost.end
            continue
        elif (found := _reply_line(lines, i)) is not None:
            name, date, used = found
            blocks.append(
                _Block(
                    page=page_no,
                    line=i,
                    end=i + used,
                    fields=[("from", name), ("sent", date)],
                    on_wrote=True,
                )
            )
            i += used
            continue
        i += 1
    return blocks, memo_page


def _previous_content(pages: list[list[str]], page: int, line: int) -> tuple[int, int] | None:
    """Position of the last non-blank, non-furniture line before (page, line), one page back at most."""
    p, k = page, line - 1
    while p >= max(1, page - 1):
        lines = pages[p - 1]
        while k >= 0:
            if lines[k].strip() and not is_furniture_line(lines[k]):
                return p, k
            k -= 1
        p -= 1
        if p >= 1:
            k = len(pages[p - 1]) - 1
    return None


def _content_before(page_lines: list[list[str]], block: _Block, running: _Running) -> tuple[int, int] | None:
    """The last content line before a header: above a header at the top of a page under its
    running heads (lines printed on other pages too), the last of the page before."""
    lines = page_lines[block.page - 1]
    under_heads = block.page > 1 and all(
        not line.strip() or is_furniture_line(line)
        or (" ".join(line.split()).casefold() in running and not _is_separator(lines, k))
        for k, line in enumerate(lines[:block.line]))
    return _previous_content(page_lines, block.page, 0 if under_heads else block.line)


# Layout family: web mail printed from a browser (Gmail, Outlook on the web, 2016 on): the
# browser's own header and footer frame every page, the print date and time before the page
# title ("3/4/15, 10:12 AM Gmail - Meeting notes") and the page's address, alone or after that
# title, with the page count ("https://mail.google.com/mail/u/0/?ui=2&view=pt 1/2"). A web mail
# page's title names the app after a dash ("Gmail - …", "Mail - Roe, Jane - Outlook"), which
# tells the header from a message's own date line ("3/3/2015 4:05 PM") or a link in its text.
# Older browsers print the date without its time ("6/7/2017 Gmail - …"), or the title alone,
# which then names the app ("Gmail - Meeting notes", "Mail - Roe, Jane - Outlook").
_PAGE_TITLE = r".{1,120}\s[-–]\s.{1,120}"
_SITE_MARGIN = re.compile(  # (a date, the site's name or an address: no title of a print opens or ends so)
    r"\d{1,2}/\d{1,2}/\d{2,4}(?:,?\s{1,3}\d{1,2}:\d{2}\s?(?:[AaPp][Mm])?)?\s" + _PAGE_TITLE
    + r"|(?:Gmail|Yahoo\sMail)\s[-–]\s.{1,120}|.{1,120}\s[-–]\sOutlook"
    + r"|(?:" + _PAGE_TITLE + r"\s)?https?://\S{1,2000}(?:\s(?:\d{1,3}\s?/\s?\d{1,3}|\d{1,2}/\d{1,2}/\d{2,4}))?"
)
_TITLE_AND_COUNT = re.compile(_PAGE_TITLE + r"\s\d{1,3}\s?/\s?\d{1,3}")  # (a print's title may end so: "… 5/6")
_TITLE_AND_PAGE = re.compile(_PAGE_TITLE + r"\s(?:Page\s?)?\d{1,3}\s?(?:of|/)\s?\d{1,3}")


def _is_browser_margin(text: str) -> bool:
    """A browser's print header or footer line, no content of the print under it. A line opening
    with a reply's prefix is a title whose page count is a date ("RE: Pier 7 test - berths
    3/11"): a browser's title opens with its site ("Gmail - RE: …"), or a date or its address."""
    joined = " ".join(text.split())
    return bool(_SITE_MARGIN.fullmatch(joined)) or (
        _TITLE_AND_PAGE.fullmatch(joined) is not None and not (_PREFIXED.match(joined) and _TITLE_AND_COUNT.fullmatch(joined)))


def _site_margin(text: str) -> bool:
    """A browser's margin by its date, site or address (``_is_browser_margin`` but a title and a
    count: "Pier 7 - berths 5/6" over Gmail's count of messages is its title)."""
    return bool(_SITE_MARGIN.fullmatch(" ".join(text.split())))


def _specks(text: str) -> bool:
    """A line of at most three marks and no digit: a rule or a speck as OCR reads it."""
    compact = "".join(text.split())
    return len(compact) <= _SPECK_MARKS and not any(c.isdigit() for c in compact)


def _nothing_before(lines: list[str], line: int, allowance: int, *, margins: bool = False,
                    prose: bool = False) -> bool:
    """Whether the page has at most ``allowance`` short content lines (a banner) before ``line``;
    with ``margins``, a browser's print header or footer is none (web mail prints), nor OCR's
    reading of the rule under a web print's banner as a speck or two ("Oe", "—"); a sentence
    (``_PROSE``) is one only with ``prose``: a header under one is at its page's top all the same,
    though the sentence is the email's before it."""
    seen = 0
    for text in lines[:line]:
        if not text.strip() or is_furniture_line(text) or (margins and (_is_browser_margin(text) or _specks(text))):
            continue
        seen += 1
        if (seen > allowance or len(text.strip()) > 80 or ":" in text or _SIGN_OFF.fullmatch(text.strip())
                or not prose and _PROSE.fullmatch(text.strip())):
            return False
    return True


def _lead_at_top(lines: list[str], line: int) -> int:
    """Where an email whose header is at its page's top begins: the page's first line, or the
    line after the last sentence above its header (``_PROSE``: the email before it, carried over
    by the page break)."""
    return max((k + 1 for k in range(line) if _PROSE.fullmatch(lines[k].strip())), default=0)


# Layout family, any print of a thread: a message's last line a page break left above the next
# message's header, a sentence of five words or more ("Jane, 9 of 14 samples are positive by
# PCR."), never a banner, a title or a browser's print line (the header is no page's first).
_PROSE = re.compile(r"(?:\S+\s+){4,}\S*[A-Za-z0-9)\]][.!?][.'\"’”]?")  # (a quote closing it, or a speck: "vote..")


# A message's last lines a page break may leave above the header it quotes, never a banner: a
# sign-off ending in a comma ("Thanks,", "Best regards,") or a closing word alone ("Thanks"), a
# name after a dash ("-Jane"), or a phone's signature.
_SIGN_OFF = re.compile(r".{1,40},|(?:many\s)?(?:thanks|thank you|thx|regards|best|cheers|sincerely)[.!]?"
                       r"|[-–—~]{1,2}\s?[A-Z][a-z]+|Sent from my \w.{0,40}", re.IGNORECASE)


def _norm(line: str) -> str:
    """Banner comparison key: its first letters, so OCR noise at the end does not matter."""
    return "".join(ch for ch in line.casefold() if ch.isalpha())[:10]


def _known_banner(key: str, banners: set[str]) -> bool:
    """The banner is one of the document's, allowing OCR residue after it ("(b)(6) ZZ")."""
    return key in banners or any(len(b) >= 3 and key.startswith(b) for b in banners)


def _banner_before(lines: list[str], line: int) -> int | None:
    """Index of a user-name banner line right above a header block, or None."""
    k = line - 1
    while k >= 0 and (
        not lines[k].strip() or is_furniture_line(lines[k]) or _SEP_RULE.fullmatch(lines[k].strip())
        or _is_rule_noise(lines[k]) or len(lines[k].strip()) <= _RULE_NOISE_CHARS
    ):
        k -= 1
    if k < 0 or line - k > 4:
        return None
    text = lines[k].strip().rstrip(_OCR_TRAIL)
    if (
        len(text) > 60
        or ":" in text
        or text.endswith(("!", "?", ","))
        or not any(c.isalpha() for c in text)
    ):
        return None
    return k


def _known_banner_above(lines: list[str], line: int, banners: set[str]) -> int | None:
    """Index of a banner the document prints on other pages a few lines above a header, over
    OCR's reading of the thick rule under it as a line or two of letters ("SS SSS SSS Ss: pc
    sees", "EA ee"), or None. OCR failure, Outlook desktop prints on a light or faxed copy."""
    seen = 0
    for k in range(line - 1, max(line - _BANNER_REACH, 0) - 1, -1):
        text = lines[k].strip()
        if not text or is_furniture_line(text):
            continue
        if _known_banner(_norm(text), banners):
            return k
        seen += 1  # (a rule read as letters has no digit: "Prove: | B6" is a header's misread From line)
        if seen > _RULE_LINES or len(text) > 60 or header_label(text) is not None or any(c.isdigit() for c in text):
            return None
    return None


_BANNER_REACH = 5  # lines above a header its banner may stand, rule and specks between
_RULE_LINES = 2  # lines OCR may read the rule under a banner as


def _learn_banners(pages: list[list[str]], blocks: list[_Block]) -> set[str]:
    """Banner lines: the short line above the first header block, or above blocks at a page top."""
    banners: set[str] = set()
    for index, block in enumerate(blocks):
        if block.on_wrote or block.web:  # a web print's logo line ("Gmail Jane Roe <…>") is no mailbox's banner
            continue
        lines = pages[block.page - 1]
        banner = _banner_before(lines, block.line)
        if banner is not None and (index == 0 or _nothing_before(lines, block.line, 1)
                                   and not _WORDS_OF_A_TITLE.search(lines[banner])):
            banners.add(_norm(lines[banner]))
    return banners


# A line over a header at a page's top with a title's small words ("Director, Division of Harbor
# Safety and Pier Operations"): the last line of a signature the page break carried there, no
# mailbox owner's banner (a name: "Roe, Jane", "Jane Roe (OIG)")
_WORDS_OF_A_TITLE = re.compile(r"\s(?:of|and|for|the|to|on|&)\s")


def _cut(pages: list[list[str]], start: tuple[int, int], end: tuple[int, int]) -> str:
    out: list[str] = []
    page, line = start
    while (page, line) < end and page <= len(pages):
        lines = pages[page - 1]
        stop = end[1] if page == end[0] else len(lines)
        out.extend(ln for ln in lines[line:stop] if not is_furniture_line(ln))
        page, line = page + 1, 0
    return "\n".join(out).strip("\n")


def _end_before(
    pages: list[list[str]], lead: tuple[int, int], floor: tuple[int, int]
) -> tuple[int, int]:
    """Exclusive end for a span stopped by something starting at ``lead``, never before ``floor``."""
    page, line = lead
    if page > floor[0] and _nothing_before(pages[page - 1], line, 0):
        page, line = page - 1, len(pages[page - 2])
    if (page, line) < floor:
        return floor
    return page, line


_SAME_SUBJECT = 0.9  # similarity of a subject to another printing of it
_SAME_LINE = 0.8  # ... of a line to another OCR reading of it
_MIN_THREAD_SUBJECT = 12  # characters of a subject long enough to recognise another printing by


def _wrapped_subject(lines: list[str], block: _Block) -> str | None:
    """The line right under a block that ends with its Subject:, if it could be the subject's
    second line: not blank, not a label, not furniture, not a separator."""
    if block.on_wrote or not block.labels or block.labels[-1].name != "subject" or block.end >= len(lines):
        return None
    text = " ".join(lines[block.end].split())[:_MAX_LINE]
    if not text or _label(text) is not None or is_furniture_line(text) or _is_separator(lines, block.end):
        return None
    return text


def _join_wrapped_subjects(pages: list[list[str]], blocks: list[_Block]) -> None:
    """A long subject wraps onto the line under it, which reads as the first body line.

    Every reply in a thread prints the subject again (layout family: reply chains of
    any client), so the next line belongs to the subject when the subject with it reads
    as another printing in the document does, and closer than without it. That other
    printing may be wrapped too, but not with (an OCR reading of) the same next line: a
    quoted copy of the same message starts its body with the same line.
    """
    readings: list[tuple[str, str, str]] = []  # (subject, subject + next line, next line)
    for block in blocks:
        subject = next((value for name, value in reversed(block.fields) if name == "subject"), "")
        following = (_wrapped_subject(pages[block.page - 1], block) if subject else None) or ""
        joined = normalize_subject(f"{subject} {following}") if following else ""
        readings.append((normalize_subject(subject), joined, following.casefold()))

    @functools.cache  # a thread prints one subject many times: each pair is compared once
    def similar(a: str, b: str) -> float:
        return SequenceMatcher(None, a[:_COMPARED], b[:_COMPARED]).ratio()

    printings = _Printings(readings)
    for index, block in enumerate(blocks):
        alone, joined, following = readings[index]
        if not joined:
            continue
        def by_another(text: str, index: int = index, following: str = following) -> bool:
            """Whether another block prints ``text``: its subject, or its subject joined with a next
            line that is not (a reading of) this block's (a quoted copy's same first body line)."""
            return any(other != index and (not is_joined or similar(readings[other][2], following) < _SAME_LINE)
                       for other, is_joined in printings.blocks[text])

        best_joined = max((similar(joined, text) for text in printings.near(joined, _SAME_SUBJECT) if by_another(text)),
                          default=0.0)
        if best_joined >= _SAME_SUBJECT and not any(
                similar(alone, text) >= best_joined for text in printings.near(alone, best_joined) if by_another(text)):
            name, value = block.fields[-1]
            block.fields[-1] = (name, value + " " + " ".join(pages[block.page - 1][block.end].split()))
            block.end += 1


_COMPARED = 300  # characters of two subjects compared


def _subjects_under_blank_labels(pages: list[list[str]], blocks: list[_Block]) -> None:
    """A subject OCR read on the line under its blank label (``_subject_under_its_label``) that no
    sign there tells from a body's first line: it is the subject where another header of the
    document prints it (the thread's other messages, without their reply prefixes), closely."""
    subjects = {normalize_subject(value) for block in blocks for name, value in block.fields if name == "subject" and value}
    for block in blocks:
        lines = pages[block.page - 1]
        if not block.fields or block.fields[-1] != ("subject", "") or block.end >= len(lines):
            continue
        text = " ".join(lines[block.end].split())[:_MAX_LINE]
        key = normalize_subject(text)
        if key and _label(lines[block.end]) is None and any(
                SequenceMatcher(None, key[:_COMPARED], other[:_COMPARED]).ratio() >= _SAME_SUBJECT for other in subjects):
            block.fields[-1] = ("subject", text)
            block.end += 1


def _titles_above(pages: list[list[str]], blocks: list[_Block]) -> None:
    """Layout family, Yahoo Mail prints: the message's subject printed as the page's title above
    a header of From:, To: and Date: with no Subject: label. A header with no Subject: whose
    page prints nothing above it but that one line (and the page's furniture and browser
    margins) takes the line as its subject, unless the line names the header's own parties (a
    mailbox owner's name printed above an Outlook header whose Subject: line OCR lost)."""
    firsts: dict[int, _Block] = {}
    for block in blocks:
        firsts.setdefault(block.page, block)
    printed = {word for block in blocks for name, value in block.fields if name in ("from", "to", "cc")
               for word in _words_of(value)}  # (the names the document's headers print)
    for block in firsts.values():
        names = block.names()
        if "subject" in names or not {"from", "to", "sent"} <= names or block.web or block.on_wrote:
            continue
        lines = pages[block.page - 1]
        above = [k for k in range(block.line) if lines[k].strip() and not is_furniture_line(lines[k])
                 and not _is_browser_margin(lines[k]) and not _specks(lines[k])]
        if len(above) != 1 or block.line - above[0] > 2:
            continue
        text = " ".join(lines[above[0]].split())[:_MAX_LINE]
        parties = {word for name, value in block.fields if name in ("from", "to") for word in _words_of(value)}
        if (_label(text) is None and not _WEB_BANNER.fullmatch(text) and not _is_separator(lines, above[0])
                and any(c.isalpha() for c in text) and not set(_words_of(_OFFICE_AFTER.sub("", text))) <= parties
                and not (_OWNER_BANNER.fullmatch(text) and set(_words_of(_OFFICE_AFTER.sub("", text))) <= printed)):
            block.fields.append(("subject", text))


# A mailbox owner's banner as Outlook prints it, surname first, perhaps its office after it ("Roe,
# Jane (HARBOR)", "Park-Lee, Ellen M."), a name the document's headers print: no print's title,
# whoever's mailbox (a forward's reader's); "Budget Hearing, Tuesday" names no one and is a title
_OWNER_BANNER = re.compile(r"[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*)?,\s[A-Z][\w'’-]*(?:\s[A-Z]\.?)?(?:\s\([\w &./-]{1,30}\))?")
_OFFICE_AFTER = re.compile(r"\s\([\w &./-]{1,30}\)$")  # ("… (HARBOR)": the office's, no name's word)


def _words_of(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.casefold())


class _Printings:
    """The subjects a document's blocks print, alone and joined with their next line, each text
    with the blocks that print it; :meth:`near` finds the texts that may read like another.

    SequenceMatcher's ratio of two texts is at most twice the letters they share (as multisets)
    over their two lengths: texts that cannot reach the ratio asked are passed over uncompared,
    the letters of all counted at once. A 1,000-page production of 778 replies, each with its
    own subject, compared every subject with every other (600,000 comparisons, 3 minutes); the
    answers are the same."""

    LETTERS = 255  # letters counted apart; the rarer share one count (the bound still holds)

    def __init__(self, readings: Sequence[tuple[str, str, str]]) -> None:
        import numpy as np

        self.blocks: dict[str, list[tuple[int, bool]]] = {}
        for index, (alone, joined, _) in enumerate(readings):
            for text, is_joined in ((alone, False), (joined, True)):
                if text:
                    self.blocks.setdefault(text, []).append((index, is_joined))
        self.texts = sorted(self.blocks, key=lambda text: len(text[:_COMPARED]))
        self.lengths = np.array([len(text[:_COMPARED]) for text in self.texts], dtype=np.int64)
        common = Counter(letter for text in self.texts for letter in text[:_COMPARED]).most_common(self.LETTERS)
        self.letter_of = {letter: index for index, (letter, _) in enumerate(common)}
        self.counts = np.array([self._counted(text) for text in self.texts], dtype=np.uint16).reshape(
            len(self.texts), self.LETTERS + 1)

    def _counted(self, text: str) -> list[int]:
        counts = [0] * (self.LETTERS + 1)
        for letter in text[:_COMPARED]:
            counts[self.letter_of.get(letter, self.LETTERS)] += 1
        return counts

    def near(self, text: str, ratio: float) -> Iterator[str]:
        """The texts (``text`` itself among them) whose ratio with ``text`` may reach ``ratio``."""
        import numpy as np

        length = len(text[:_COMPARED])
        if length == 0 or ratio <= 0:
            yield from self.texts
            return
        low = int(np.searchsorted(self.lengths, length * ratio / (2 - ratio) - 1e-9, side="left"))
        high = int(np.searchsorted(self.lengths, length * (2 - ratio) / ratio + 1e-9, side="right"))
        shared = np.minimum(self.counts[low:high], np.array(self._counted(text), dtype=np.uint16)).sum(axis=1, dtype=np.int64)
        for offset in np.flatnonzero(2 * shared >= ratio * (length + self.lengths[low:high]) - 1e-9):
            yield self.texts[low + int(offset)]


# Outlook's "[mailto:" left open at a line's end: an address wrapped (an Exchange legacy one,
# "[mailto:/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP" / "(FYDIBOHF23SPDLT)/CN=…]", most)
_OPEN_MAILTO = re.compile(r"\[\s?mailto:[^\]\[]{0,300}$", re.IGNORECASE)
_MAILTO_GOES_ON = re.compile(r"[/@\]]|CN\s?=|FYDIBOHF", re.IGNORECASE)  # (an address's rest, not a body's line)
# An Exchange legacy address ("</O=EXCHANGELABS/OU=...", O read as 0 by OCR).
_EXCHANGE_DN = re.compile(r"<\s?/\s?[O0]\s?=", re.IGNORECASE)


def _take_values_above(pages: list[list[str]], blocks: list[_Block]) -> None:
    """A sender printed on the line above its ``From:`` label.

    Layout family: Exchange "details" prints (eDiscovery exports) centre a two-line value
    on its label, so a sender's display name and Exchange address sit on the line above
    ``From:`` and its (redacted) SMTP address beside it.
    """
    for block in blocks:
        lines = pages[block.page - 1]
        if not block.fields or block.fields[0][0] != "from" or block.line == 0 or block.on_wrote:
            continue
        above = " ".join(lines[block.line - 1].split())[:_MAX_LINE]
        if _EXCHANGE_DN.search(above) and _label(above) is None:
            block.fields[0] = ("from", f"{above} {block.fields[0][1]}".strip())
            block.line -= 1


def _take_from_before_page_break(pages: list[list[str]], blocks: list[_Block]) -> None:
    """A header a page break cut after its From: line (any client, long threads): the next
    page prints its running heads and stamps, then Sent:, To:, Subject: (or To:, Subject:,
    Sent:, the date printed last). The From: line last on the page before is its sender."""
    running: _Running | None = None
    taken: set[int] = set()  # pages whose last From: line a block took: one header's sender only
    for block in blocks:
        first = block.labels[0].name if block.labels else None
        if block.page < 2 or block.on_wrote or "from" in block.names() or not (
                first == "sent" or first == "to" and {"sent", "subject"} <= block.names()):
            continue
        running = _running_lines(pages) if running is None else running
        if any(_own_text(line, running) for line in pages[block.page - 1][:block.line]):
            continue
        before = pages[block.page - 2]
        last = next((k for k in range(len(before) - 1, -1, -1) if _own_text(before[k], running)
                     and not _stamped_running_line(before[k], running)), None)
        label = _label(before[last]) if last is not None else None
        held = last is not None and any(other.page == block.page - 1 and other.line <= last < max(other.end, other.line + 1)
                                        for other in blocks)  # (a header's own From: line, lines repeated as heads)
        if (last is not None and label is not None and label.name == "from" and label.colon and label.value
                and block.page - 1 not in taken and not held):
            # the header starts at its From: line; its body under the rest on this page
            taken.add(block.page - 1)
            block.fields.insert(0, ("from", label.value))
            block.body_from = (block.page, block.end)
            block.page, block.line, block.end = block.page - 1, last, len(before)


_CONTINUED = frozenset({"to", "cc", "bcc", "subject", "attachments", "importance", NOT_KEPT})


def _ends_its_page(lines: list[str], block: _Block, running: _Running) -> bool:
    return not any(_own_text(line, running) for line in lines[block.end:])


_LIST_RUN = 6  # lines a recipient list cut by a page break may go on for on the next page
_ADDRESS = re.compile(r"<[^<>]{0,130}>|\[mailto:[^\]]{0,130}\]|\S{1,64}@\S{1,120}")


def _reads_as_listed_parties(text: str) -> bool:
    """A line of parties alone: names ("Surname, Given" pieces, ``_reads_as_names``' way),
    addresses and redaction boxes, with their separators. Stricter than ``_continues_list``,
    for a line with no label above it on its page: a sentence has lower-case words."""
    rest = _ADDRESS.sub(";", text)
    for start, end, _ in reversed(exemption_spans(rest)):
        rest = f"{rest[:start]};{rest[end:]}"
    pieces = [p.strip(" .") for p in re.split(r"[,;!|]", _BOX_EDGE.sub("", rest.strip()))]
    named = [p for p in pieces if p]
    if not all(_NAME_PIECE.fullmatch(p) for p in named):
        return False
    return rest != text or len(named) >= 2  # an address or a box among them, or a whole "Surname, Given"


def _list_run(lines: list[str], labels: list[_Label | None], first: int, field: tuple[str, str],
              running: _Running) -> tuple[list[str], int]:
    """Layout family, any client, long distribution lists: a To:, Cc: or Bcc: list the page
    break cut goes on at the top of the next page, its lines reading as parties, before the
    labels still to come (the first a given name alone where the cut fell at the comma of a
    "Surname, Given": "...; Grant," over "Robert"). Those lines, and where the next label is
    (``first`` when none)."""
    name, value = field
    if name not in _LIST_FIELDS - {"attachments"}:
        return [], first
    run: list[str] = []
    for k in range(first, min(len(lines), first + 2 * _LIST_RUN)):
        text = " ".join(lines[k].split())[:_MAX_LINE]
        if labels[k] is not None:
            return (run, k) if run else ([], first)
        if not _own_text(lines[k], running):
            continue
        given = not run and _SURNAME_CUT.search(value) is not None and _NAME_PIECE.fullmatch(text.strip(" ;,")) is not None
        if len(run) >= _LIST_RUN or not (given or _reads_as_listed_parties(text)):
            break
        run.append(text)
    return [], first


_SURNAME_CUT = re.compile(r"(?:^|;)\s?['\"]?[A-Z][\w'’.-]*,\s?$")  # a list's last piece a surname and its comma


def _continuation(lines: list[str], block: _Block, running: _Running) -> tuple[list[str], _Block] | None:
    """The rest of a header a page break cut, read at the top of the next page: the rest of
    its last recipient list (``_list_run``), then labels the block has not printed (To:, Cc:,
    Subject:), under running heads and stamps only. A stamp's "Date:" without a clock time
    among them is skipped; a dated Sent: is another header."""
    labels = [_label(line) for line in lines]
    # a header line may be printed on other pages too (the same To: in every reply): no running head
    first = next((k for k, line in enumerate(lines) if _own_text(line, running)
                  or ((label := labels[k]) and label.colon and label.name in _CONTINUED - {NOT_KEPT})), None)
    # a From: line above it (taken for a running head, being printed on the page before too:
    # the cut header's own, or the one of the email quoting it) starts a header of its own: the
    # rest is that header's ("From the Office of …", no label, is a running head; "From" alone is
    # a label whose value is printed under it)
    if first is None or any(((label := labels[k]) and label.name == "from" and label.colon)
                            or " ".join(lines[k].split()).casefold() in ("from", "from:") for k in range(first)):
        return None
    listed, first = _list_run(lines, labels, first, block.fields[-1], running)
    if labels[first] is None or not labels[first].colon:  # type: ignore[union-attr]
        return None
    # the next header's From: line right under the rest (a quoted copy with no text between)
    # starts that header: the rest ends there
    stop = next((k for k in range(first + 1, len(lines)) if (label := labels[k]) and label.name == "from"), len(lines))
    rest = _collect(lines[:stop], labels[:stop], first)
    names = [name for name, _ in rest.fields]
    stamp = [value for name, value in rest.fields if name == "sent"]
    if "from" in names or any(_CLOCK.search(value) for value in stamp):
        return None
    rest.fields = [(name, value) for name, value in rest.fields if name != "sent"]
    new = {name for name, _ in rest.fields}
    if not new & {"to", "cc", "subject"} or not new <= _CONTINUED or new & block.names() - {NOT_KEPT}:
        return None
    return listed, rest


def _cut_rest(blocks: list[_Block], block: _Block) -> tuple[list[str], _Block] | None:
    """The rest of a header a page break cut after its From: and Sent: lines, where stamps the
    running heads do not name stand after it or above the rest (the producer's stamp, OCR'd
    otherwise on each page): the next page's first header, when it prints To:, Cc: and Subject:
    alone and the cut header is its page's last (``_from_and_sent_lost``: it is the rest, not a
    header whose From: and Sent: a box took)."""
    if any(other.page == block.page and other.line > block.line for other in blocks):
        return None
    first = min((other for other in blocks if other.page == block.page + 1), key=lambda other: other.line, default=None)
    return ([], first) if first is not None and first.names() <= {"to", "cc", "subject"} else None


def _join_headers_cut_by_page_break(pages: list[list[str]], blocks: list[_Block],
                                    non_email: list[str | None]) -> list[_Block]:
    """A header a page break cut after its From: and Sent: lines (any client, long threads):
    the next page prints its running heads, stamps and Bates number, then To:, Cc:, Subject:.
    Those are the header's, and its body starts under them: that page is an email's, whatever
    its body reads like (a forwarded memo's heading), so every span reaching it (the email
    it quotes in) goes on over it."""
    running = _running_lines(pages)
    joined: set[tuple[int, int]] = set()
    for block in blocks:
        if block.on_wrote or block.page >= len(pages) or "subject" in block.names() \
                or not {"from", "sent"} <= block.names():
            continue
        # (the page's last header only: a header line under it may read as a running head, being
        # printed on other pages too, and no page's rest is two headers')
        ends = _ends_its_page(pages[block.page - 1], block, running) and not any(
            other.page == block.page and other.line > block.line for other in blocks)
        continued = (_continuation(pages[block.page], block, running) if ends else None) or _cut_rest(blocks, block)
        if continued is None:
            continue
        listed, rest = continued
        for text in listed:
            name, value = block.fields[-1]
            block.fields[-1] = (name, _wrapped(name, value, text))
        block.fields.extend(rest.fields)
        block.labels.extend(rest.labels)
        block.body_from = (block.page + 1, rest.end)
        non_email[block.page] = None
        joined.add((block.page + 1, rest.line))
    return [block for block in blocks if (block.page, block.line) not in joined]


_STAMP_HEAD = 12  # characters of a running line a page's own stamp may follow ("... NO WAIVER. AGY-0012345")


def _stamped_running_line(line: str, running: _Running) -> bool:
    key = " ".join(line.split()).casefold()
    return any(key.startswith(head) for head in running if len(head) >= _STAMP_HEAD)


_BOXED_REST_REACH = 3  # lines under the label the rest and its wrap may sit in


def _rest_before_code(text: str) -> str | None:
    """The words of a line that ends with a margin exemption code, without the code."""
    words = " ".join(text.split())[:_MAX_LINE].split()
    if len(words) < 3 or not find_exemptions(words[-1]) or find_exemptions(" ".join(words[:-1])):
        return None
    return " ".join(words[:-1])


def _rejoin_boxed_subjects(pages: list[list[str]], blocks: list[_Block]) -> None:
    """A redaction box inside a subject leaves the label with a bare reply prefix.

    OCR failure of scanned prints with a producer's OCR layer (any client): the layer reads
    the zone right of a box apart from its line, so ``Subject: FW:`` keeps only the prefix
    while the rest becomes a line of its own, ending in the box's margin code, under the
    label or above the page's first header (read first). The rest is the line that starts with the
    subject another header of the document prints; the value's wrap line, read between
    the label and the rest, goes after it.
    """
    subjects = [normalize_subject(value) for block in blocks for name, value in block.fields
                if name == "subject"]
    subjects = [s for s in subjects if len(s) >= _MIN_THREAD_SUBJECT]
    taken = {(block.page, n) for block in blocks for n in range(block.line, block.end)}
    for block in blocks:
        if not block.fields or block.fields[-1][0] != "subject" or not block.fields[-1][1].strip():
            continue
        if normalize_subject(block.fields[-1][1]) or block.on_wrote:
            continue
        lines = pages[block.page - 1]
        nearby = range(block.end, min(len(lines), block.end + _BOXED_REST_REACH))
        first = min(b.line for b in blocks if b.page == block.page)
        order = [*nearby, *range(first)]  # under the label, or a zone read before the page's headers
        for number in order:
            rest = None if (block.page, number) in taken else _rest_before_code(lines[number])
            if rest is None or _label(rest) is not None:
                continue
            start = normalize_subject(rest)
            if not any(SequenceMatcher(None, start[:len(s)], s).ratio() >= _SAME_SUBJECT for s in subjects):
                continue
            under = number in nearby
            wrapped = _subject_wrap(lines, range(block.end, number) if under else nearby, start, under)
            wrap, end = wrapped or ([], block.end)
            name, value = block.fields[-1]
            block.fields[-1] = (name, " ".join([value.strip(), rest, *wrap])[:_MAX_LINE])
            taken.add((block.page, number))
            if wrapped is not None:
                block.end = number + 1 if under else end
            break


def _subject_wrap(lines: list[str], under: range, rest: str, between: bool) -> tuple[list[str], int] | None:
    """The wrap lines of a boxed subject under its label, and where its value ends.

    Lines ``between`` the label and a rest read under it are its wrap when they read as a
    continuation (a dash or a lower-case word first); a rest read elsewhere takes only the
    lines under the label that it already ends with. None: the lines under the label are
    the body's, so the value ends at the label.
    """
    wrap: list[str] = []
    end = under.start
    for number in under:
        text = " ".join(lines[number].split())[:_MAX_LINE]
        echoed = bool(text) and rest.endswith(normalize_subject(text) or text.casefold())
        if echoed:
            end = number + 1
        elif between and text and (text[0] in "-–—" or text[0].islower()):
            wrap.append(text)
            end = number + 1
        elif between:
            return None
        else:
            break
    return wrap, end


def split_into_emails(pages: Sequence[str], *, quote_unmarked: bool = True,
                      structure: Structure | None = None) -> SplitResult:
    """Split a document's page texts into email spans and classify every page.

    The recipe: find the header blocks on each page (and what a page without any is),
    join subjects wrapped onto a second line, tell quoted copies from top-level emails,
    cut each email's span and body, then name every page's kind.

    ``quote_unmarked``: a header block with no separator line and no user-name banner
    above it, inside an open email, is a quoted copy (Outlook draws the separator as a
    graphic rule). Set False to treat such blocks as new top-level emails.

    ``structure``: people's decisions, by (page, line) of a header block: an email begins
    there, a header there continues the email before, a span there is not an email.
    """
    page_lines = [page_numbers_blanked(str(text).splitlines()) for text in pages]
    blocks, non_email = _blocks_and_page_kinds(page_lines)
    _take_values_above(page_lines, blocks)
    _take_from_before_page_break(page_lines, blocks)
    blocks = _join_headers_cut_by_page_break(page_lines, blocks, non_email)
    _subjects_under_blank_labels(page_lines, blocks)
    _titles_above(page_lines, blocks)
    _join_wrapped_subjects(page_lines, blocks)
    _rejoin_boxed_subjects(page_lines, blocks)
    _conversation_subjects(blocks)
    ordinals = _ordinals(blocks)
    if structure is not None:
        blocks = _as_people_decided(page_lines, blocks, non_email, structure, ordinals)
    spanned = _slips_inside_emails(page_lines, blocks, non_email)
    _mark_quoted(page_lines, blocks, spanned, quote_unmarked, _misplaced_zones(page_lines, blocks))
    spans = _cut_spans(page_lines, blocks, spanned, ordinals, _envelope_starts(page_lines))
    if structure is not None and structure.not_email:
        spans = _without_spans_not_email(spans, non_email, structure)
    return SplitResult(spans=tuple(spans), page_kinds=_page_kinds(spans, non_email))


def _ordinals(blocks: list[_Block]) -> dict[tuple[int, int], int]:
    """Each header block's ordinal on its page, as the machine found them: an email's id does
    not change when a person's correction adds or removes another block on its page."""
    found: dict[tuple[int, int], int] = {}
    counts: dict[int, int] = {}
    for block in blocks:
        found[(block.page, block.line)] = counts.get(block.page, 0)
        counts[block.page] = counts.get(block.page, 0) + 1
    return found


# A block a person's split begins is numbered by its line (past any ordinal the machine gives a
# page's blocks): numbered by how many blocks its page held, a split made after another was
# restored, or above another, took that one's id, and its permalink showed another message.
PERSON_ORDINAL = 100_000


def _as_people_decided(page_lines: list[list[str]], blocks: list[_Block], non_email: list[str | None],
                       structure: Structure, ordinals: dict[tuple[int, int], int]) -> list[_Block]:
    """The header blocks with people's structure corrections applied: a joined block removed
    (its lines are the body of the email before), a block begun where a person split (read
    from the labels printed there, if any; its ordinal ``PERSON_ORDINAL`` and its line)."""
    kept = [b for b in blocks if (b.page, b.line) not in structure.joins or (b.page, b.line) in structure.starts]
    at = {(b.page, b.line): b for b in kept}
    for page, line in sorted(structure.starts):
        if not 1 <= page <= len(page_lines) or not 0 <= line < len(page_lines[page - 1]):
            continue  # a position this reading of the file does not have
        block = at.get((page, line)) or _block_under_separator(page_lines[page - 1], at, page, line)
        if block is None:
            lines = page_lines[page - 1]
            labels = [_label(text) for text in lines]
            block = _collect(lines, labels, line) if labels[line] is not None else _Block(page, line, line)
            block.page, block.on_wrote = page, False
            ordinals[(page, line)] = PERSON_ORDINAL + line  # its place: no other split on the page moves it
            kept.append(block)
        block.forced, block.on_wrote = True, False
        block.below_no_email = non_email[page - 1] is not None
        non_email[page - 1] = None
    return sorted(kept, key=lambda b: (b.page, b.line))


_SPLIT_REACH = 3  # lines a split made on a separator may look down for the header it opens


def _block_under_separator(lines: list[str], at: dict[tuple[int, int], _Block], page: int, line: int) -> _Block | None:
    below = header_under_separator(lines, line, {k for p, k in at if p == page})
    return None if below is None else at[(page, below)]


def header_under_separator(lines: Sequence[str], line: int, headers: Collection[int]) -> int | None:
    """The line of the header a person's split on a separator line opens ("-----Original
    Message-----", a rule): of ``headers`` (lines where the page's headers begin), the one right
    under it, with nothing printed between but more separators; None when the line is no
    separator or opens no header. A split offered on every line of a page is made on the line a
    reader sees the message begin at, which is as often the separator above its header as the
    From: (was an email of its own with no header: no sender, no date)."""
    lines = list(lines)
    if not 0 <= line < len(lines) or not _is_separator(lines, line):
        return None
    for below in range(line + 1, min(line + 1 + _SPLIT_REACH, len(lines))):
        if below in headers:
            return below
        if lines[below].strip() and not _is_separator(lines, below):
            return None
    return None


def _without_spans_not_email(spans: list[EmailSpan], non_email: list[str | None],
                             structure: Structure) -> list[EmailSpan]:
    """The spans people said are not emails left out, with the copies quoted inside them; the
    pages they alone covered take the kind the person gave."""
    dropped = {i for i, s in enumerate(spans) if not s.header.quoted
               and structure.kind_at((s.header.page, s.header.line)) is not None}
    dropped |= {i for i, s in enumerate(spans) if s.parent in dropped}
    renumber = {old: new for new, old in enumerate(i for i in range(len(spans)) if i not in dropped)}
    kept = [EmailSpan(s.header, s.end_page, s.end_line, s.body,
                      renumber[s.parent] if s.parent is not None else None)
            for i, s in enumerate(spans) if i not in dropped]
    covered = {p for s in kept for p in range(s.header.page, s.end_page + 1)}
    for i in sorted(dropped):
        span = spans[i]
        kind = structure.kind_at((span.header.page, span.header.line))
        for page in range(span.header.page, span.end_page + 1):
            if kind and page not in covered:
                non_email[page - 1] = kind
    return kept


def _blocks_and_page_kinds(page_lines: list[list[str]]) -> tuple[list[_Block], list[str | None]]:
    """Every header block in page order, and each page's non-email kind (None: email or unknown)."""
    blocks: list[_Block] = []
    non_email: list[str | None] = []
    for number, lines in enumerate(page_lines, start=1):
        found, memo_page = _find_blocks(number, lines)
        top_blocks = [b for b in found if not b.on_wrote]
        non_email.append(
            None if top_blocks else _non_email_kind(lines, [_label(ln) for ln in lines], memo_page)
        )
        if not top_blocks and non_email[-1] is not None:
            found = []  # a letter's "On ... wrote:" or a memo is not an email
        blocks.extend(found)
    return blocks, non_email


SHORT_PAGE = 0.5  # a page with under half the content lines of a full one ended early
FULL_PAGE_LINES = 40  # content lines of a full letter-size page of printed email, at least


def _after_short_page(page_lines: list[list[str]], page: int, fullest: int) -> bool:
    """Whether the page before ``page`` ended early: a printed email flows onto the next
    page only when one is full, so a header at the top of a page after a short one starts
    a new print (compilations of prints, one per page, from any client)."""
    return page > 1 and len(_content(page_lines[page - 2])) < SHORT_PAGE * max(fullest, FULL_PAGE_LINES)


class _Running(frozenset[str]):
    """Lines printed on more than one page of a document (casefolded): running heads and stamps."""

    @functools.cached_property
    def first_words(self) -> frozenset[str]:
        """The first words of those long enough to have a page's own stamp after them."""
        return frozenset(line.split()[0] for line in self if len(line) >= _STAMP_HEAD)


def _running_lines(page_lines: list[list[str]]) -> _Running:
    """Lines printed on more than one page of a document: running heads and stamps."""
    seen: dict[str, set[int]] = {}
    for number, lines in enumerate(page_lines):
        for line in lines:
            key = " ".join(line.split()).casefold()
            if key:
                seen.setdefault(key, set()).add(number)
    return _Running(key for key, pages in seen.items() if len(pages) > 1)


def _own_text(line: str, running: _Running) -> bool:
    """Whether a line is text someone wrote: not furniture, codes, specks ("_", a rule's stub OCR
    kept) or a running head, nor running heads OCR read side by side on one line."""
    key = " ".join(line.split()).casefold()
    words = key.replace(",", " ").split()
    return any(c.isalnum() for c in key) and not is_furniture_line(line) and key not in running \
        and not all(find_exemptions(word) for word in words) and not _running_side_by_side(line, running)


_SIDE_BY_SIDE_WORDS = 40  # words of the longest line of running heads side by side looked at


def _running_side_by_side(line: str, running: _Running) -> bool:
    """Page family, release stamps: OCR reads stamps printed side by side as one line, and a
    page's own stamp after them ("Date: 01/02/2019 SUBJECT TO PROTECTIVE ORDER
    AGY-0012345", "Doc No. C01234567 PRODUCED TO THE COMMITTEE"): running heads, each
    printed whole on other pages, then perhaps furniture (a Bates number). Such a line is no
    text of the page's own."""
    words = line.split()
    if not words or len(words) > _SIDE_BY_SIDE_WORDS or words[0].casefold() not in running.first_words:
        return False
    folded = [word.casefold() for word in words]
    start = 0
    while start < len(words):
        end = next((end for end in range(len(words), start, -1)
                    if len(head := " ".join(folded[start:end])) >= _STAMP_HEAD and head in running), None)
        if end is None:
            return start > 0 and is_furniture_line(" ".join(words[start:]))
        start = end
    return True


def _sent_minutes(block: _Block) -> tuple[str, str] | None:
    """The earliest and latest minute a header may have been sent, as its date reads: one
    minute; the two readings of a clock whose AM/PM OCR could not read ("1:51 &M") or of a
    day and month printed either way ("03/04/18"); or, a year OCR misread past the calendar
    ("20135"), the one reading on its printed weekday (``headers.misread_year_readings``). None
    where it says nothing: no date, or one off its printed weekday (OCR misread a digit: "Monday,
    October 6, 2012", printed "08", put a top message below the header under it)."""
    raw = _field(block, "sent")
    if not raw:
        return None
    read = parse_date(raw)
    if weekday_disagrees(read):
        return None
    if read.iso is None:
        readings = misread_year_readings(raw, date.today().year)
        isos = [readings[0].iso] if len(readings) == 1 else []
    elif read.certainty == "ambiguous":
        isos = [r.iso for r in meridiem_readings(raw)] or [parse_date(raw, order).iso for order in ("mdy", "dmy")]
    else:
        isos = [read.iso]
    minutes = [iso[:16] for iso in isos if iso and len(iso) >= 16]
    return (min(minutes), max(minutes)) if minutes else None


# A name printed "Surname, Given", alone on its line: a To: or Cc: list the layer read as a column
# beside the redaction boxes between its names ("Roe, Jane S.", "- Doe, John'", a J read "l"),
# not text of the header's own; its given names capitalised ("Jane, the permit is ready." is a body).
_LISTED_NAME = re.compile(r"[^\w\s]{0,3}\s?[A-Za-z][A-Za-z'’.-]+,\s?[A-Zl][A-Za-z.'’-]*(?:\s[A-Z][A-Za-z.'’-]*){0,3}\s?")


def _misplaced_zones(page_lines: list[list[str]], blocks: list[_Block]) -> set[int]:
    """Header blocks a producer's OCR layer read out of their place (OCR failure, any client).

    The layer may read a header zone beside a redaction box before the page's main column,
    so the page starts with a header that has no text of its own before the next header
    (only codes, furniture, running heads and the names of its To: list laid out one to a
    line) and is older than that next header. A printed
    chain runs newest first: such a block is a quoted copy out of place, not the top message.
    """
    running = _running_lines(page_lines)
    found: set[int] = set()
    for index, (block, after) in enumerate(zip(blocks, blocks[1:], strict=False)):
        if after.page != block.page or block.on_wrote or after.on_wrote \
                or (index and blocks[index - 1].page == block.page):
            continue
        if any(_own_text(line, running) and not _LISTED_NAME.fullmatch(line.strip())
               for line in page_lines[block.page - 1][block.end:after.line]):
            continue
        when, then = _sent_minutes(block), _sent_minutes(after)
        if when and then and when[1] < then[0] and int(then[0][:4]) - int(when[1][:4]) <= _MISPLACED_YEARS \
                and not _answers(block, after):
            found.add(index)
    return found


# years a header read out of its place is older than the one under it, at most: a reply years after
# what it quotes is more likely a year OCR misread under it ("Apr 26, 2021" printed 2011)
_MISPLACED_YEARS = 1


def _newer_than_above(blocks: list[_Block], index: int) -> bool:
    """Whether a header was sent after the one printed above it (on this page or the last).

    Every client prints a chain newest first, so a quoted copy is never newer than the
    header above it: a header at a page's top that is starts a print of its own (prints
    compiled one after another, the next one's banner lost to OCR or cropped). Where the header
    above answers or forwards this one, its clock may be read in another zone (a quoted header
    from another client): newer by more than any two zones' difference."""
    when = _sent_minutes(blocks[index])
    above = _dated_above(blocks, index)
    then = _sent_minutes(blocks[above]) if above is not None else None
    if above is None or not (when and then and when[0] > then[1]):
        return False
    return not _answers(blocks[above], blocks[index]) or _minutes_between(then[1], when[0]) > _NEWER_AT_LEAST


_UNDATED_ABOVE = 3  # headers above with no date read, looked past for the nearest dated one


def _dated_above(blocks: list[_Block], index: int) -> int | None:
    """The nearest header above ``index`` whose date was read (on its page or the page before): a
    quoted copy a box over its date left undated is looked past, as a chain is newest first all the
    way down, and a meeting's print on another subject (its Start: no date it was sent); not a print
    of its own, nor a header answering this one (it quotes this one)."""
    for k in range(index - 1, max(-1, index - 1 - _UNDATED_ABOVE), -1):
        if _sent_minutes(blocks[k]):
            return k if k == index - 1 or blocks[k].page >= blocks[index].page - 1 else None
        # (a meeting's print quotes no message but one it was sent in reply to, of its subject)
        if not (blocks[k].quoted or _is_meeting(blocks[k]) and not _one_subject(
                _field(blocks[k], "subject"), _field(blocks[index], "subject"))) or _answers(blocks[k], blocks[index]):
            return None
    return None


def _quoted_by_the_header_above(blocks: list[_Block], index: int, *, same_page: bool = True) -> bool:
    """Whether the header above (on this page, or the last with ``same_page`` False) prints this
    one's subject (answering or forwarding it, or alike) and was sent after it: a chain quoting
    this message. So the name over it is the reply's signature (layout family, Outlook prints whose
    banner is the mailbox owner's "Jane Roe", the reply signed "Jane Roe" over the rule a text layer
    drops), not the banner of a print of its own; and at a page's top under a page of few lines (a
    reply a redaction box or an image fills), it goes on the chain, no print of its own."""
    above, below = (_field(block, "subject") for block in (blocks[index - 1], blocks[index])) if index else ("", "")
    if not index or (same_page and blocks[index - 1].page != blocks[index].page) or not normalize_subject(below) \
            or not _one_subject(above, below):
        return False
    when, then = _sent_minutes(blocks[index]), _sent_minutes(blocks[index - 1])
    return bool(when and then and when[1] < then[0])


def _answers(above: _Block, below: _Block) -> bool:
    """Whether a header's subject answers or forwards the one under it: the same subject with
    more reply and forward prefixes ("FW: dock permits" over "dock permits"). A chain quotes the
    message it answers under it, so the header above is the newer, whatever the two clocks read
    (the quoted one may be its sender's, in another zone)."""
    mine, theirs = _field(above, "subject"), _field(below, "subject")
    return bool(normalize_subject(theirs)) and _one_subject(mine, theirs) and _replies(mine) > _replies(theirs)


def _subject_extended(subject: str, answer: str) -> bool:
    """Whether an answer's subject is the one it answers with words added after it ("RE: Pier 7
    schedule (docks 2, 4 and 6)" answering "Pier 7 schedule")."""
    mine, theirs = (_SUBJECT_KEY.sub("", normalize_subject(text)) for text in (subject, answer))
    return len(mine) >= _MIN_SUBJECT_KEY and theirs.startswith(mine)


def _one_subject(first: str, second: str) -> bool:
    """Whether two headers print one subject, prefixes aside, as OCR reads it: a speck or a mark
    added ("Subject: ' Pier St dredging"), a letter misread ("Pier $t"), a word's end lost at
    a line's end ("Harbor —" for "Harbor re-inspection") leave it one. OCR failure, scanned
    threads: a quoted header's subject damaged made the reply printed under it a quoted copy."""
    mine, theirs = (_SUBJECT_KEY.sub("", normalize_subject(text)) for text in (first, second))
    if mine == theirs:
        return bool(mine) or normalize_subject(first) == normalize_subject(second)
    shorter, longer = sorted((mine, theirs), key=len)
    return len(shorter) >= _MIN_SUBJECT_KEY and (
        SequenceMatcher(None, mine, theirs).ratio() >= _SAME_SUBJECT
        or (longer.startswith(shorter) and len(shorter) >= _SUBJECT_CUT_KEPT * len(longer)))


_SUBJECT_KEY = re.compile(r"[\W_]+")  # marks and spaces: what OCR adds, drops and moves
_MIN_SUBJECT_KEY = 8  # letters a subject keeps to be told one with a damaged printing of it
_SUBJECT_CUT_KEPT = 0.6  # share of a subject a printing cut short at its line's end still prints


def _minutes_between(earlier: str, later: str) -> float:
    return (datetime.fromisoformat(later) - datetime.fromisoformat(earlier)).total_seconds() / 60


_REPLY_PREFIX = re.compile(r"\s*(?:re|fw|fwd)\s?:", re.IGNORECASE)
_SPECKS_BEFORE_PREFIX = " -–—_.,'‘’`~|•*"


def _replies(subject: str) -> int:
    """How many reply and forward prefixes a subject starts with ("RE: FW: x": 2; OCR failure, a speck
    read before them: "- RE: FW: x", 2)."""
    subject = subject.lstrip(_SPECKS_BEFORE_PREFIX)
    count, at = 0, 0
    while (match := _REPLY_PREFIX.match(subject, at)) is not None:
        count, at = count + 1, match.end()
    return count


def _field(block: _Block, name: str) -> str:
    return next((value for field, value in block.fields if field == name), "")


_NEWER_AT_LEAST = 26 * 60  # minutes newer, past any two zones' difference (a quoted header printed by
# another client in its sender's zone may read hours newer than the reply above it)
_NEWER_ON_ANOTHER_SUBJECT = 12 * 60  # ... and one on another subject than the reply above it
_NEWER_AT_MOST = 366 * 24 * 60  # minutes a message printed under another may be newer (no year misread)


def _plainly_newer_than_above(page_lines: list[list[str]], blocks: list[_Block], index: int,
                              orders: dict[MailerKey, set[Order]]) -> bool:
    """Whether a header marked neither way (no separator, no banner) was sent after the header
    above it, both dates printed whole, exact and on their weekdays, by more than a day (two
    zones' clocks differ by hours; half a day where the two print other subjects and the one above
    words of its own) and within a year: never a quoted copy of it (a chain is quoted newest
    first), but the next message of a thread printed oldest first (layout
    family: a city's or agency's posting of a request and its reply, one under the other, with
    no rule or "Original Message" between; the reply was read as quoted in the request). Of one
    thread, only where this one replies to the header above (its subject with more "RE:"s): a
    chain's copies print as many or fewer, a quoted copy's date misread ("3/18" for "3/13"); such
    a reply is newer by any time at all. ``orders``: the document's mailers' orders of day and month
    (``mailer_orders``), where a numeric date's plain dates say it."""
    if not index:
        return False
    above, here = _field(blocks[index - 1], "subject"), _field(blocks[index], "subject")
    if _one_subject(above, here) and _replies(here) <= _replies(above):
        return False  # the header above replies to this one (or as often): a chain quoted, a date misread
    dated = _dated_above(blocks, index)  # (its date, or the nearest one above it a box spared)
    if dated is None or any(_one_subject(_field(blocks[k], "subject"), here) and _replies(here) <= _replies(_field(blocks[k], "subject"))
                            for k in range(dated, index - 1)):
        return False
    newer = _minutes_newer_each_way([_field(b, "sent") for b in (blocks[dated], blocks[index])], orders)
    # a header answering the one above it (its subject with one "RE:" more) and later by its clock is
    # never a copy that one quotes, whatever the two zones: its reply, the next message of the thread;
    # one on another subject is no copy it quotes either (a reply quotes what it answers) where the
    # clocks are half a day apart, more than most two correspondents' zones, and the one above wrote
    # words of its own (a message that forwards a chain prints it right under its header, the chain's
    # clocks perhaps in another zone: "Fri, 6 Mar 2020 03:00:23 +0000")
    another = not _one_subject(above, here) and bool(normalize_subject(above) and normalize_subject(here)) \
        and _wrote_between(page_lines, blocks[index - 1], blocks[index])
    # (a reply's subject may be the one it answers with words added: "RE: Pier 7 schedule - notice to staff")
    replied = _answers(blocks[index], blocks[index - 1]) or _replies(here) > _replies(above) and (
        _subject_extended(above, here)
        # ... or a reply ("RE:") to a message sent with its Subject: printed blank
        or not normalize_subject(above) and not normalize_subject(here) and "subject" in blocks[index - 1].names())
    least = 0 if replied else _NEWER_ON_ANOTHER_SUBJECT if another else _NEWER_AT_LEAST
    # (a reply to the header above is read the way of its numeric dates nearest the message it answers,
    # as a thread's messages are close in time; any other is newer both ways)
    if least == 0:
        newer = [_nearest(newer)]
    return all(minutes is not None and least < minutes <= _NEWER_AT_MOST for minutes in newer)


def _answers_the_message_above(blocks: list[_Block], index: int, orders: dict[MailerKey, set[Order]]) -> bool:
    """Whether a header marked neither way answers the message whose print it stands in (the last
    header read as no quoted copy; its subject with more "RE:"s) and was sent after it, numeric
    dates read the way of their day and month nearest it (a thread's messages are close in time):
    its reply, printed under the copies that message quotes (layout family: a thread's messages
    printed oldest first, each with the chain it quotes), never one of them. (The header right
    above is one of those copies: ``_plainly_newer_than_above`` compares with it alone.)"""
    top = next((k for k in range(index - 1, -1, -1) if not blocks[k].quoted), None)
    if top is None or top == index - 1 or not _answers(blocks[index], blocks[top]):
        return False
    minutes = _nearest(_minutes_newer_each_way([_field(blocks[top], "sent"), _field(blocks[index], "sent")], orders))
    return minutes is not None and 0 < minutes <= _NEWER_AT_MOST


def _minutes_newer_each_way(raws: list[str], orders: dict[MailerKey, set[Order]]) -> list[float | None]:
    """``_minutes_newer`` as printed, or each way of numeric dates whose day and month may be either
    ("02/06/2024", "02/09/2024"; such dates read the same way), a date whose mailer prints its plain
    dates one way (``orders``) read that way alone (a mailer's dates are all one way)."""
    ways = [_way(raw, orders) for raw in raws]
    frees: tuple[Order | None, ...] = ("mdy", "dmy") if "either" in ways else (None,)
    return [_minutes_newer(raws, tuple(free if way == "either" else way for way in ways)) for free in frees]


def _way(raw: str, orders: dict[MailerKey, set[Order]]) -> Order | Literal["either"] | None:
    """The order a date's day and month are read in: as printed (None), its mailer's, or either."""
    if parse_date(raw).certainty != "ambiguous":
        return None
    shown = orders.get(mailer_key(raw) or ("", False), set())
    return next(iter(shown)) if len(shown) == 1 else "either"


def _nearest(newer: list[float | None]) -> float | None:
    """Of the ways two dates read, the one nearest in time (a thread's messages are close)."""
    return min((minutes for minutes in newer if minutes is not None), key=abs, default=None)


def _minutes_newer(raws: list[str], orders: tuple[Order | None, ...]) -> float | None:
    """Minutes the second of two printed dates is after the first, both read whole (to the minute),
    exact and on their weekdays (each in its order, where its day and month may be either way); None
    where either is not."""
    dates = [parse_date(raw, order) for raw, order in zip(raws, orders, strict=True)]
    isos = [d.iso for d in dates if d.certainty == "exact" and not weekday_disagrees(d)]
    if len(isos) != 2 or any(not iso or len(iso) < 16 for iso in isos):
        return None
    then, when = (datetime.fromisoformat((iso or "")[:16]) for iso in isos)
    return (when - then).total_seconds() / 60


def _wrote_between(page_lines: list[list[str]], above: _Block, below: _Block) -> bool:
    """Whether the message whose header is ``above`` prints words before the header ``below``
    (page furniture aside): a body of its own, not a chain it forwards right under its header."""
    page, line = above.body_from or (above.page, above.end)
    while (page, line) < (below.page, below.line) and page <= len(page_lines):
        lines = page_lines[page - 1]
        stop = below.line if page == below.page else len(lines)
        if any(lines[k].strip() and not is_furniture_line(lines[k]) for k in range(line, min(stop, len(lines)))):
            return True
        page, line = page + 1, 0
    return False


_HEAD_ALIKE = 0.7  # likeness of two pages' first lines that are one running head OCR read two ways
_HEAD_MIN = 25  # characters of such a line at least (a stamp's classification, agency, case and date)


def _running_heads_misread(page_lines: list[list[str]], starts: set[tuple[int, int]]) -> dict[int, int]:
    """By page, the line of its first content line where that is the running head the page before or
    after prints first too, as OCR read it otherwise ("UNIDLASSIFIED Harbor to-ter Dictriet …" under
    "UNCLASSIFIED Harbor Water District …"): page furniture, whatever its letters. OCR failure,
    heavy scans of stamped productions: the stamp misread past the furniture patterns, so the banner
    under it was no print's first line and the print ran on from the page before. A line a header
    starts on (``starts``: a quoted copy's "On … wrote:") is none, however alike."""
    firsts = [next(((k, " ".join(line.split()).casefold()) for k, line in enumerate(lines) if line.strip()), None)
              for lines in page_lines]
    heads: dict[int, int] = {}
    for index, first in enumerate(firsts):
        if first is None or len(first[1]) < _HEAD_MIN or _label(page_lines[index][first[0]]) is not None \
                or is_furniture_line(page_lines[index][first[0]]) or (index + 1, first[0]) in starts:
            continue
        neighbours = [firsts[j] for j in (index - 1, index + 1) if 0 <= j < len(firsts) and firsts[j] is not None]
        if any(_alike(first[1][:200], other[1][:200], _HEAD_ALIKE) for other in neighbours):  # type: ignore[index]
            heads[index + 1] = first[0]
    return heads


def _alike(one: str, other: str, floor: float) -> bool:
    """Whether two lines are ``floor`` alike at least (the matcher's cheap bounds first: most pages'
    first lines are nothing alike)."""
    matcher = SequenceMatcher(None, one, other)
    return matcher.real_quick_ratio() >= floor and matcher.quick_ratio() >= floor and matcher.ratio() >= floor


def _blanked(lines: list[str], line: int) -> list[str]:
    return [*lines[:line], "", *lines[line + 1:]]


def _mark_quoted(page_lines: list[list[str]], blocks: list[_Block], non_email: list[str | None],
                 quote_unmarked: bool, misplaced: set[int]) -> None:
    """Quoted or top-level, and where the introducing text starts. Outlook prints the
    reply separator as a graphic rule, so a header block with no text separator is
    told apart by the user-name banner printed above every top-level print. A block
    read out of its place is a quoted copy that opens no email."""
    banners = _learn_banners(page_lines, blocks)
    running = _running_lines(page_lines)
    heads = _running_heads_misread(page_lines, {(block.page, block.line) for block in blocks})
    fullest = max((len(_content(lines)) for lines in page_lines), default=0)
    orders = mailer_orders(_field(block, "sent") for block in blocks)
    open_email = False
    for index, block in enumerate(blocks):
        block.lead = (block.page, block.line)
        if index in misplaced and not block.forced:
            block.quoted = True
            continue
        lines = page_lines[block.page - 1]
        prev = _content_before(page_lines, block, running)
        between_pages_ok = prev is None or all(
            non_email[p - 1] is None for p in range(prev[0], block.page + 1)
        )
        banner = _banner_before(lines, block.line)
        known = banner is not None and _known_banner(_norm(lines[banner]), banners)
        if not known and (above := _known_banner_above(lines, block.line, banners)) is not None:
            banner, known = above, True
        # (a browser's print line over a web print; a sentence a page break carried over: ``_lead_at_top``)
        at_top = _nothing_before(lines if block.page not in heads else _blanked(lines, heads[block.page]), block.line, 2,
                                 margins=block.web, prose=True)
        if known and not at_top and _quoted_by_the_header_above(blocks, index):
            known = False  # the mailbox owner's name signing the reply above, not a print's banner
        if block.forced:  # begun where a person said: its lead as the machine's own email's would be
            block.quoted = False
        elif block.on_wrote:
            block.quoted = True
        elif (
            prev is not None
            and between_pages_ok
            and _is_separator(page_lines[prev[0] - 1], prev[1])
        ):
            block.quoted = True
            block.lead = prev
        elif known or (
            at_top and (not banners or (_after_short_page(page_lines, block.page, fullest)
                                        and not _quoted_by_the_header_above(blocks, index, same_page=False))
                        or _newer_than_above(blocks, index)
                        # (a meeting's print quotes no message under it: the next print's, its banner lost)
                        or index > 0 and _is_meeting(blocks[index - 1]) and not _is_meeting(block)
                        and not _one_subject(_field(blocks[index - 1], "subject"), _field(block, "subject")))
        ) or (block.web and (_newer_than_above(blocks, index)  # a web print's next message (Gmail)
                             or (at_top and _under_web_banner(lines, block.line)))  # a web print's first
              ) or _plainly_newer_than_above(page_lines, blocks, index, orders) \
                or _answers_the_message_above(blocks, index, orders):  # a thread printed oldest first: its next message
            block.quoted = False
        else:
            block.quoted, block.weak = quote_unmarked, True
        if block.quoted:
            previous = blocks[index - 1] if index else None
            gap_pages = range(previous.page, block.page + 1) if previous else range(0)
            still_open = open_email and all(non_email[p - 1] is None for p in gap_pages)
            if not still_open:
                block.quoted = False
        if not block.quoted:
            if at_top:
                block.lead = (block.page, _lead_at_top(lines, block.line))
            elif known and banner is not None and not block.web:
                # The banner belongs to the email it heads. Any other short line above a header
                # is the last line of the body before it (layout family: Gmail conversation
                # prints, whose messages follow one another with no banner or rule between:
                # a signature's name, a one-line reply).
                block.lead = (block.page, banner)
        if block.below_no_email:  # (the email before ends where its page did: a memo's lines are no body of it)
            block.lead = (block.page, 0)
        open_email = True


_ENVELOPE_REACH = 4  # lines above an envelope's first own label its "Sender:" may stand, and its labels below
_ENVELOPE_LABELS = 2  # an envelope's own labels ("Recipient:", "Sent Date:", "Delivered Date:") it prints, at least


def _envelope_starts(page_lines: list[list[str]]) -> list[tuple[int, int]]:
    """Where each envelope block starts (page, line): layout family, Exchange and eDiscovery
    "details" prints, a message's envelope after its body ("Sender:", its address, "Recipient:",
    "Sent Date:", "Delivered Date:"): no body of any email."""
    starts: list[tuple[int, int]] = []
    for page, lines in enumerate(page_lines, start=1):
        names = [label.name if ":" in line and (label := _label(line)) is not None else None for line in lines]
        for k, name in enumerate(names):
            if name is not ENVELOPE or (starts and starts[-1][0] == page and k - starts[-1][1] <= _ENVELOPE_REACH * 2):
                continue
            own = [j for j in range(k, min(k + _ENVELOPE_REACH, len(lines))) if names[j] is ENVELOPE
                   or names[j] == "sent" and lines[j].strip().lower().startswith("sent date")]
            if len(own) < _ENVELOPE_LABELS:  # (one such line is a body's: "Delivered Date: 3/4", "Recipient: …")
                continue
            sender = next((j for j in range(k - 1, max(k - _ENVELOPE_REACH, 0) - 1, -1)
                           if names[j] == "from" and lines[j].strip().lower().startswith("sender")), None)
            starts.append((page, k if sender is None else sender))
    return starts


def _cut_spans(page_lines: list[list[str]], blocks: list[_Block], non_email: list[str | None],
               ordinals: dict[tuple[int, int], int], envelopes: Sequence[tuple[int, int]] = ()) -> list[EmailSpan]:
    """Each block's span: to the next top-level email (a quoted copy: to the next block,
    within its parent), never past a non-email page or an envelope (``_envelope_starts``); its
    body without page furniture."""
    count = len(page_lines)

    # Per-block hard limit: the email's last page before a non-email page or document end.
    def run_end(page: int) -> int:
        p = page
        while p < count and non_email[p] is None:
            p += 1
        return p

    spans: list[EmailSpan] = []
    parent: int | None = None
    for index, block in enumerate(blocks):
        last_page = run_end(block.page)
        limit = (last_page, len(page_lines[last_page - 1]))
        following = blocks[index + 1 :]
        if block.quoted:
            stop = following[0].lead if following else limit
            parent_end = (
                (spans[parent].end_page, spans[parent].end_line) if parent is not None else limit
            )
            limit = min(limit, parent_end)
        else:
            stop = next((b.lead for b in following if not b.quoted), limit)
        floor = block.body_from or (block.page, block.end)
        stop = min([stop, *(at for at in envelopes if at >= floor)])
        end = (
            _end_before(page_lines, min(stop, limit), floor) if min(stop, limit) < limit else limit
        )
        end = max(end, floor)
        if block.quoted:  # (its header's lines read into the next email's lead: within its email still)
            end = min(end, limit)
        if block.on_wrote and block.quoted:
            end = _quote_marks_end(page_lines, floor, end)
        header = HeaderBlock(
            page=block.page,
            line=block.line,
            ordinal=ordinals[(block.page, block.line)],
            fields=tuple((name, value) for name, value in block.fields if name not in SENTINELS)
            + ((("codes", " ".join(block.codes)),) if block.codes else ()),
            quoted=block.quoted,
            meeting=_is_meeting(block),
            weak=block.weak and block.quoted,
        )
        body = _cut(page_lines, floor, end)
        if not block.quoted:
            parent = len(spans)
        spans.append(EmailSpan(header, end[0], end[1], body, parent if block.quoted else None))
    return _copies_read_first(spans)


def _quote_marks_end(page_lines: list[list[str]], floor: tuple[int, int], end: tuple[int, int]) -> tuple[int, int]:
    """Layout family, replies written under what they quote (Thunderbird, Apple Mail, mailing
    lists: "On …, Jane Roe wrote:", the quoted lines marked ">", the answer under them): a copy
    whose lines are marked ends at the first paragraph after them that is not, the reply's own
    (its answer and signature were the copy's); an unmarked line right under a marked one is its
    rest the print wrapped. Unmarked copies end where they did."""
    marked, last, after_blank = False, floor, False
    page, line = floor
    while (page, line) < end:
        if line >= len(page_lines[page - 1]):
            page, line = page + 1, 0
            continue
        text = page_lines[page - 1][line].strip()
        if text.startswith(">"):
            marked, last = True, (page, line + 1)
        elif text and not is_furniture_line(text):
            if marked and after_blank:
                return last
            if marked:  # (a long marked line the print wrapped: its rest unmarked, no blank line before it)
                last = (page, line + 1)
        after_blank = not text
        line += 1
    return end


def _copies_read_first(spans: list[EmailSpan]) -> list[EmailSpan]:
    """Quoted copies read before any email of the document (a producer's OCR layer read a header
    zone out of its place at the page's top: ``_misplaced_zones``) are printed in the first
    email after them; where none is, they are the document's emails."""
    first = next((index for index, span in enumerate(spans) if not span.header.quoted), None)
    return [span if not span.header.quoted or span.parent is not None else
            replace(span, parent=first) if first is not None else
            replace(span, header=replace(span.header, quoted=False, weak=False)) for span in spans]


_SLIPS = ("withheld", "deleted")


# OCR failure, scanned Outlook prints: the rule under the banner read as a few small letters ("ieee ee");
# at a page's top under a banner, so looser than a web print's rule mid-page (``_RULE_SCRAP``).
_RULE_AS_LETTERS = re.compile(r"[a-z][a-z ,.—–_=~-]{1,11}|[A-Z]{2,4}")  # ("hth, alte ae", "EE")


def _under_banner_and_its_rule(lines: list[str], line: int) -> bool:
    """Whether a header at a page's top stands under its banner and the banner's rule OCR read as
    a few small letters, nothing else before them."""
    above = [k for k in range(line) if lines[k].strip() and not is_furniture_line(lines[k])]
    return len(above) == 2 and _RULE_AS_LETTERS.fullmatch(lines[above[1]].strip()) is not None \
        and _nothing_before(lines, above[1], 1)


def _slips_inside_emails(page_lines: list[list[str]], blocks: list[_Block],
                         non_email: list[str | None]) -> list[str | None]:
    """Page family, productions withholding pages inside a record: a slip sheet (withheld in full,
    an FBI deleted page) between an email's page and the page that goes on with its text (no
    header at its top, under a banner at most: the reply resumes, then the messages it quotes). Such a slip is a page of
    the email (its span runs over it, what follows is the email's), not the record's end: the page
    kinds with those slips as the email's."""
    spanned = list(non_email)
    for index, kind in enumerate(non_email):
        if kind not in _SLIPS or not 0 < index < len(non_email) - 1 or non_email[index + 1] is not None:
            continue
        number = index + 1  # (pages are numbered from 1)
        content = [k for k, line in enumerate(page_lines[number]) if line.strip() and not is_furniture_line(line)]
        opened = any(block.page <= number - 1 for block in blocks) and spanned[index - 1] is None
        starts = any(block.page == number + 1 and (_nothing_before(page_lines[number], block.line, 1)
                                                   or _under_banner_and_its_rule(page_lines[number], block.line))
                     for block in blocks)
        if opened and content and not starts:
            spanned[index] = None
    return spanned


def _page_kinds(spans: list[EmailSpan], non_email: list[str | None]) -> tuple[str, ...]:
    """A page inside a span is email (a slip sheet withheld inside one keeps its kind); the others
    keep their kind, a page continuing a letter or memo takes its kind, anything else is other."""
    count = len(non_email)
    kinds: list[str] = []
    covered: set[int] = set()
    for span in spans:
        covered.update(range(span.header.page, span.end_page + 1))
    previous_kind = "other"
    for number in range(1, count + 1):
        kind = non_email[number - 1]
        if number in covered and kind not in _SLIPS:
            kind = "email"
        elif kind is None:
            kind = previous_kind if previous_kind in ("cover-letter", "memo") else "other"
        kinds.append(kind)
        previous_kind = kind
    return tuple(kinds)
