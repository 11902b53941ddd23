#!/usr/bin/env python3
"""Generate the sample FOIA releases under samples/, deterministically.

    python samples/generate.py [--out samples]

Each release is declared as data (samples/dea_microsoft.py,
samples/city_pd_pilot.py, vocabulary in samples/release_spec.py). This module

1. turns every email into a stream of layout items (banner, header fields,
   wrapped body lines, quoted header blocks, redaction boxes),
2. flows the items onto Letter pages (page breaks, keep-together groups),
   recording the ground truth from what it actually placed (truth.json, see
   docs/truth-format.md),
3. paints each page either as a text-layer PDF page (reportlab, Helvetica /
   Times) or as a scanned image-only page (Pillow: Liberation fonts at
   200 dpi, grayscale, skew, speckle, JPEG), and stamps footers and Bates
   numbers.

Same inputs give the same bytes: fixed seeds, reportlab invariant mode, no
clock, no environment.
"""

from __future__ import annotations

import sys

sys.dont_write_bytecode = True  # keep samples/ free of __pycache__

import argparse
import io
import json
import math
import random
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import native_mail
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from release_spec import (
    ALIASES,
    Deleted,
    Document,
    Email,
    FaxCover,
    Letter,
    Meeting,
    Memo,
    Party,
    Release,
    Stamp,
    Withheld,
)
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent

# ---------------------------------------------------------------- page geometry
PAGE_W, PAGE_H = 612.0, 792.0  # US Letter, points
LEFT, RIGHT = 66.0, 612.0 - 66.0
TOP, BOTTOM = 62.0, 792.0 - 74.0  # body area; the footer sits below BOTTOM
FOOTER_Y = 792.0 - 40.0
SIZE = 11.0  # body text size
LH = 14.0  # body line height
SCAN_DPI = 200
JPEG_QUALITY = 55

# ---------------------------------------------------------------- fonts
PDF_FONTS = {"sans": "Helvetica", "sans-bold": "Helvetica-Bold",
             "serif": "Times-Roman", "serif-bold": "Times-Bold"}
TTF_FILES = {"sans": "LiberationSans-Regular.ttf", "sans-bold": "LiberationSans-Bold.ttf",
             "serif": "LiberationSerif-Regular.ttf", "serif-bold": "LiberationSerif-Bold.ttf"}
FONT_DIRS = ["/usr/share/fonts/truetype/liberation", "/usr/share/fonts/truetype/liberation2",
             "/usr/share/fonts/liberation", "/usr/share/fonts/TTF", "/Library/Fonts"]


def find_ttf(name: str) -> str:
    for d in FONT_DIRS:
        p = Path(d) / name
        if p.exists():
            return str(p)
    sys.exit(f"generate.py: font {name} not found in {FONT_DIRS}; scanned pages need it. "
             "Install it (Debian/Ubuntu: apt-get install fonts-liberation) and run again.")


_TTF_PATHS: dict[str, str] = {}


def ttf_path(fam: str) -> str:
    if fam not in _TTF_PATHS:
        _TTF_PATHS[fam] = find_ttf(TTF_FILES[fam])
        pdfmetrics.registerFont(TTFont("scan-" + fam, _TTF_PATHS[fam]))  # for measuring only
    return _TTF_PATHS[fam]


def measure(fam: str, size: float, s: str) -> float:
    """Width used for wrapping: the wider of the text-layer and the scan font."""
    ttf_path(fam)
    return max(pdfmetrics.stringWidth(s, PDF_FONTS[fam], size),
               pdfmetrics.stringWidth(s, "scan-" + fam, size))


# ---------------------------------------------------------------- exemption codes
FED_RE = re.compile(r"\(b\)\s*\((\d)\)(?:\s*\(([A-Za-z])\))?")
FED_SHORT_RE = re.compile(r"(?<![\w(])b(\d)([A-Fa-f])?(?!\w)")
STATE_RE = re.compile(r"(?<![\w(])(\d+\(\d+\)(?:\([a-z]+\))+)")


def canonical_codes(text: str) -> set[str]:
    """Canonical exemption codes printed in text: (b)(6), (b)(7)(C), 7(1)(c)..."""
    codes = set()
    for m in FED_RE.finditer(text):
        codes.add(f"(b)({m.group(1)})" + (f"({m.group(2).upper()})" if m.group(2) else ""))
    for m in FED_SHORT_RE.finditer(text):
        codes.add(f"(b)({m.group(1)})" + (f"({m.group(2).upper()})" if m.group(2) else ""))
    for m in STATE_RE.finditer(text):
        codes.add(m.group(1))
    return codes


AGENCY_LABEL_RE = re.compile(r"^B(\d)$")  # "B6": State-style box labels


def label_codes(label: str) -> set[str]:
    """Canonical codes of a redaction box label, agency style "B6" included."""
    m = AGENCY_LABEL_RE.match(label)
    return {f"(b)({m.group(1)})"} if m else canonical_codes(label)


def box_label(label: str) -> str:
    return ALIASES.get(label, label)


# ---------------------------------------------------------------- dates
NY = ZoneInfo("America/New_York")
OCR_DAMAGE = [("l", "1"), ("o", "0"), ("S", "5"), ("i", "1"), ("e", "c")]


def meridiem(dt: datetime) -> str:
    return "AM" if dt.hour < 12 else "PM"


def h12(dt: datetime) -> str:
    return f"{dt.hour % 12 or 12}:{dt.minute:02d} {meridiem(dt)}"


def format_date(dt: datetime | None, fmt: str) -> tuple[str, str | None, str]:
    """(printed string, ISO value, date_certainty) for a datetime printed as fmt."""
    if dt is None:
        return "", None, "missing"
    iso = dt.strftime("%Y-%m-%dT%H:%M:%S")
    certainty = "exact"
    if fmt == "long":  # Tuesday, November 13, 2018 3:45 PM
        raw = f"{dt:%A}, {dt:%B} {dt.day}, {dt.year} {h12(dt)}"
    elif fmt == "short24":  # 11/13/2018 15:45
        raw = f"{dt:%m/%d/%Y %H:%M}"
        if dt.day <= 12 and dt.day != dt.month:
            certainty = "ambiguous"
    elif fmt == "outlook":  # Tue 11/13/2018 3:45 PM
        raw = f"{dt:%a} {dt.month}/{dt.day}/{dt.year} {h12(dt)}"
        assert dt.day > 12, "outlook short dates are kept unambiguous"
    elif fmt == "rfc":  # 13 Nov 2018 15:45:00 -0500
        off = dt.replace(tzinfo=NY).strftime("%z")
        raw = f"{dt.day} {dt:%b %Y %H:%M:%S} {off}"
        iso += off[:3] + ":" + off[3:]
    elif fmt == "wrote":  # Tue, Nov 13, 2018 at 3:45 PM
        raw = f"{dt:%a, %b} {dt.day}, {dt.year} at {h12(dt)}"
    elif fmt == "mac":  # Tuesday, May 12, 2020 at 3:08 PM
        raw = f"{dt:%A}, {dt:%B} {dt.day}, {dt.year} at {h12(dt)}"
    elif fmt == "apple":  # May 12, 2020 at 3:08:41 PM EDT
        zoned = dt.replace(tzinfo=NY)
        off = zoned.strftime("%z")
        raw = f"{dt:%B} {dt.day}, {dt.year} at {dt.hour % 12 or 12}:{dt:%M:%S} {meridiem(dt)} {zoned:%Z}"
        iso += off[:3] + ":" + off[3:]
    elif fmt == "bb":  # Thu, Jan 5, 2012 5:22 pm
        raw = f"{dt:%a, %b} {dt.day}, {dt.year} {h12(dt).lower()}"
    elif fmt in ("notes", "groupwise"):  # 03/14/2019 11:30 AM | 3/14/2019 11:30 AM
        day = f"{dt:%m/%d/%Y}" if fmt == "notes" else f"{dt.month}/{dt.day}/{dt.year}"
        hour = f"{dt.hour % 12 or 12:02d}" if fmt == "notes" else f"{dt.hour % 12 or 12}"
        raw = f"{day} {hour}:{dt:%M} {meridiem(dt)}"
        if dt.day <= 12 and dt.day != dt.month:
            certainty = "ambiguous"
    elif fmt == "damaged":  # a date already mangled by someone's OCR
        raw = f"{dt:%A}, {dt:%B} {dt.day}, {dt.year} {h12(dt)}"
        month = f"{dt:%B}"
        for a, b in OCR_DAMAGE:
            if a in month:
                raw = raw.replace(month, month.replace(a, b, 1), 1)
                break
        certainty = "damaged"
    else:
        raise ValueError(f"unknown date format {fmt!r}")
    return raw, iso, certainty


# ---------------------------------------------------------------- inline markup
@dataclass(frozen=True)
class Box:
    """An inline redaction: a black box the width of the hidden words."""

    label: str  # as printed
    hidden: str  # never printed; only sizes the box

    def width(self, fam: str, size: float) -> float:
        return max(measure(fam, size, self.hidden), measure("sans-bold", 7, self.label) + 8)


INLINE_RE = re.compile(r"\[\[([^:\]#]+):([^\]]*)\]\]")
BLOCK_RE = re.compile(r"^\[\[([^:\]#]+)#(\d+)\]\]$")


def parse_inline(text: str) -> list:
    """Text with [[code:hidden]] markup -> list of str and Box segments."""
    segs, pos = [], 0
    for m in INLINE_RE.finditer(text):
        if m.start() > pos:
            segs.append(text[pos:m.start()])
        segs.append(Box(box_label(m.group(1)), m.group(2) or "XXXXXXXX"))
        pos = m.end()
    if pos < len(text):
        segs.append(text[pos:])
    return segs


def plain_text(text: str) -> str:
    """What a reader sees of marked-up text, boxes dropped (for verbatim checks)."""
    return INLINE_RE.sub("", text)


def seg_codes(segs) -> set[str]:
    codes = set()
    for s in segs:
        if isinstance(s, Box):
            codes |= label_codes(s.label)
    return codes


def wrap(segs: list, width: float, fam: str, size: float) -> list[list]:
    """Greedy word wrap of segments. A redaction box is one word unless it is
    too long for the line; then it is split and continues on the next line."""
    tokens = []
    for s in segs:
        tokens += re.findall(r"\S+|\s+", s) if isinstance(s, str) else [s]
    tokens.reverse()  # used as a stack
    lines, cur, w = [], [], 0.0

    def end_line():
        nonlocal cur, w
        while cur and cur[-1] == " ":
            cur.pop()
        lines.append(cur)
        cur, w = [], 0.0

    while tokens:
        t = tokens.pop()
        if isinstance(t, str) and t.isspace():
            if cur:
                cur.append(" ")
                w += measure(fam, size, " ")
            continue
        tw = t.width(fam, size) if isinstance(t, Box) else measure(fam, size, t)
        if w + tw <= width or (not cur and not isinstance(t, Box)):
            cur.append(t)
            w += tw
            continue
        head, tail = split_box(t, width - w, fam, size) if isinstance(t, Box) else (None, None)
        if head:
            cur.append(head)
            tokens.append(tail)
        elif not cur:  # an unsplittable box wider than the line
            cur.append(t)
        else:
            tokens.append(t)
        end_line()
    if cur or not lines:
        end_line()
    return [merge(line) for line in lines]


def split_box(box: Box, room: float, fam: str, size: float) -> tuple:
    """Split a redaction so its first part fits in room: (head or None, tail or None)."""
    words = box.hidden.split()
    for k in range(len(words) - 1, 0, -1):
        head = Box(box.label, " ".join(words[:k]))
        if head.width(fam, size) <= room:
            return head, Box(box.label, " ".join(words[k:]))
    return None, None


def merge(segs: list) -> list:
    out = []
    for s in segs:
        if isinstance(s, str) and out and isinstance(out[-1], str):
            out[-1] += s
        else:
            out.append(s)
    return out


# ---------------------------------------------------------------- layout items
# Drawing ops, in points, y measured down from the top of the page:
#   ("text", x, y_baseline, align, fam, size, segments)
#   ("rule", x1, y, x2, width)
#   ("rect", x, y_top, w, h, line_width)          stroked
#   ("box", x, y_top, w, h, label)                 filled black, label in white


def shift(op: tuple, dy: float) -> tuple:
    return op[:2] + (op[2] + dy,) + op[3:]


@dataclass
class Item:
    height: float
    ops: list = field(default_factory=list)  # y relative to the item's top
    codes: set = field(default_factory=set)
    events: list = field(default_factory=list)  # ("start"|"end", EmailTruth)
    break_after: bool = False


@dataclass
class Group:
    """Items that must land on one page (a header block)."""

    items: list
    break_before: bool = False


def text_item(segs, x=LEFT, fam="sans", size=SIZE, lh=LH, align="left") -> Item:
    return Item(lh, [("text", x, lh - 3.0, align, fam, size, segs)], seg_codes(segs))


def para_items(text: str, x=LEFT, right=RIGHT, fam="sans", size=SIZE, lh=LH, prefix="") -> list:
    """Body text: paragraphs split by blank lines, hard breaks kept, bullets hung."""
    items = []
    for n, para in enumerate(text.strip("\n").split("\n\n")):
        if n:
            items.append(Item(lh * 0.7) if not prefix else text_item([prefix.rstrip()], x, fam, size, lh))
        block = BLOCK_RE.match(para.strip())
        if block:
            label, nlines = box_label(block.group(1)), int(block.group(2))
            h = nlines * lh
            items.append(Item(h + 4, [("box", x + measure(fam, size, prefix), 2.0,
                                       right - x - measure(fam, size, prefix), h, label)],
                              label_codes(label)))
            continue
        for raw in logical_lines(para):
            bullet = re.match(r"^(\s*)([-*]|\d+\.)\s+", raw)
            indent = 0.0
            if bullet:
                mark = "\u2022" if bullet.group(2) in "-*" else bullet.group(2)
                raw = raw[bullet.end():]
                indent = 14.0 + 14.0 * (len(bullet.group(1)) // 2)
            segs = parse_inline(raw)
            px = x + measure(fam, size, prefix)
            lines = wrap(segs, right - px - indent, fam, size)
            for i, line in enumerate(lines):
                lead = [prefix] if prefix else []
                it = text_item(lead, x, fam, size, lh) if prefix else Item(lh)
                it.ops.append(("text", px + indent, lh - 3.0, "left", fam, size, line))
                it.codes |= seg_codes(line)
                if bullet and i == 0:
                    it.ops.append(("text", px + indent - 4.0, lh - 3.0, "right", fam, size, [mark]))
                items.append(it)
    return items


def logical_lines(para: str) -> list[str]:
    """Undo the source file's hard wrapping: a line continues the previous one
    when that one was long (wrapped prose), when it is indented under a bullet,
    or when a [[redaction]] is still open. Short lines (signatures, agendas)
    stay as they are."""
    out: list[str] = []
    prev = ""
    for line in para.split("\n"):
        bullet = re.match(r"^\s*([-*]|\d+\.)\s+", line)
        if out and not bullet and (len(prev) >= 75 or line.startswith("  ")
                                   or out[-1].count("[[") > out[-1].count("]]")):
            out[-1] += " " + line.strip()
        else:
            out.append(line)
        prev = line
    return out


def field_items(label: str, value_segs: list, vx: float, x=LEFT, fam="sans", size=SIZE) -> list:
    """One header line: bold label, value wrapped with a hanging indent."""
    lines = wrap(value_segs, RIGHT - vx, fam, size)
    items = []
    for i, line in enumerate(lines):
        it = Item(LH, [("text", vx, LH - 3.0, "left", fam, size, line)], seg_codes(line))
        if i == 0:
            it.ops.append(("text", x, LH - 3.0, "left", fam + "-bold", size, [label]))
        items.append(it)
    return items


def table_row(label: str, value_segs: list, col=92.0) -> Item:
    """A header laid out as a two-column grid row (label cell, value cell)."""
    lines = wrap(value_segs, RIGHT - LEFT - col - 10, "sans", SIZE)
    h = len(lines) * LH + 6
    it = Item(h, [("rect", LEFT, 0.0, col, h, 0.6), ("rect", LEFT + col, 0.0, RIGHT - LEFT - col, h, 0.6),
                  ("text", LEFT + 5, 3 + LH - 3.0, "left", "sans-bold", SIZE, [label])])
    for i, line in enumerate(lines):
        it.ops.append(("text", LEFT + col + 5, 3 + (i + 1) * LH - 3.0, "left", "sans", SIZE, line))
        it.codes |= seg_codes(line)
    return it


def banner_item(name: str) -> Item:
    segs = parse_inline(name)
    return Item(26.0, [("text", LEFT, 14.0, "left", "sans-bold", 12.5, segs),
                       ("rule", LEFT, 20.0, RIGHT, 2.4)], seg_codes(segs))


# ---------------------------------------------------------------- parties
def party_segs(p: Party, style: str = "") -> list:
    """A party as printed: "Name <addr>"; style "mailto" prints Outlook's reply
    header form "Name [mailto:addr]", "groupwise" GroupWise's '"Name" <ADDR>'."""
    quote = p.quote_name or style == "groupwise"
    name = f'"{p.name}"' if quote and p.name else p.name
    label = box_label(p.label)
    opening, closing = (" [mailto:", "]") if style == "mailto" else (" <", ">")
    if style == "groupwise" and p.address and not p.hide:
        return [f"{name} <{p.address.upper()}>" if name else f"<{p.address.upper()}>"]
    if p.hide == "all":
        return [Box(label, p.name or p.address or "Redacted Name")]
    if style == "mailto" and name and p.address and not p.hide:
        return [f"{name}{opening}{p.address}{closing}"]
    if p.hide == "address":
        return [f"{name}{opening}", Box(label, p.address or "first.last@dea.gov"), closing]
    if p.hide == "local":
        local, _, domain = p.address.partition("@")
        return [Box(label, local or "first.last"), "@" + domain]
    if name and p.address:
        return [f"{name} <{p.address}>"]
    return [name or p.address]


def party_truth(p: Party) -> dict:
    """A party as the archive should read it: a part a box printing no code hides is withheld all the
    same, with no code ("redacted", ``archive.model.UNCODED``)."""
    return {"name": "" if p.hide in ("all", "local") else " ".join(p.name.split()),
            "address": "" if p.hide else p.address.lower(),
            "redactions": sorted(label_codes(box_label(p.label)) or {"redacted"}) if p.hide else []}


def parties_segs(ps: list, style: str = "", sep: str = "; ") -> list:
    segs = []
    for i, p in enumerate(ps):
        if i:
            segs.append(sep)
        segs += party_segs(p, style)
    return merge(segs)


# ---------------------------------------------------------------- truth records
@dataclass
class EmailTruth:
    kind: str
    quoted: bool
    sender: dict
    to: list
    cc: list
    sent: str | None
    sent_raw: str
    date_certainty: str
    subject: str
    attachments: list
    file: str = ""
    start_page: int | None = None
    end_page: int | None = None
    ordinal: int | None = None
    codes: set = field(default_factory=set)
    parent: EmailTruth | None = None
    family: str = ""  # layout family; written only for releases that tag families

    def as_json(self, index_of, bates_of, families=False) -> dict:
        return {"file": self.file, "start_page": self.start_page, "end_page": self.end_page,
                "ordinal": self.ordinal, "kind": self.kind, "quoted": self.quoted,
                "quoted_in": index_of[id(self.parent)] if self.parent else None,
                "sender": self.sender, "to": self.to, "cc": self.cc,
                "sent": self.sent, "sent_raw": self.sent_raw, "date_certainty": self.date_certainty,
                "subject": self.subject, "exemptions": sorted(self.codes),
                "bates": [bates_of(self.file, self.start_page), bates_of(self.file, self.end_page)],
                "attachments": self.attachments} | ({"family": self.family} if families else {})


def email_truth(e: Email, fmt: str, quoted: bool, with_header=True) -> EmailTruth:
    raw, iso, certainty = format_date(e.sent, fmt)
    return EmailTruth("email", quoted, party_truth(e.sender),
                      [party_truth(p) for p in e.to] if with_header else [],
                      [party_truth(p) for p in e.cc] if with_header else [],
                      iso, raw, certainty, e.subject if with_header else "",
                      list(e.attachments) if with_header else [])


# ---------------------------------------------------------------- email -> items
def header_fields(e: Email, fmt: str, date_label: str, top: bool) -> list[tuple[str, list]]:
    raw, _, _ = format_date(e.sent, fmt)
    rows = [("From", party_segs(e.sender))]
    if raw:
        rows.append((date_label, [raw]))
    rows.append(("To", parties_segs(e.to)))
    if e.cc:
        rows.append(("Cc", parties_segs(e.cc)))
    rows.append(("Subject", parse_inline(e.subject)))
    if top and e.attachments:
        rows.append(("Attachments", ["; ".join(e.attachments)]))
    if top and e.importance:
        rows.append(("Importance", [e.importance]))
    return rows


def header_block(rows, noise=None, style="outlook", vx=LEFT + 84) -> list:
    noise = noise or {}
    items = []
    for label, segs in rows:
        if style == "table":
            items.append(table_row(noise.get(label, label), segs))
        else:
            items += field_items(noise.get(label, label + ":"), segs, vx)
    return items


# ---------------------------------------------------------------- layout families
# How mail clients print a message header. Each family names what real
# productions show; the truth of every email printed in one is tagged with it.
FAMILY_OF_HEADER = {
    "outlook": "outlook-desktop",  # user-name banner, bold From/Sent/To/Cc/Subject
    "date": "outlook-desktop",  # the same with a Date: line
    "table": "exchange-table",  # header fields as a ruled two-column grid
    "reply": "outlook-reply",  # no banner: From: Name [mailto:addr] / Sent / To / Cc / Subject
    "owa": "owa",  # Outlook Web App: subject title, sender, time on the next line
    "owa-inline": "owa",  # ... sender and time on one line
    "mac": "mac-outlook",  # From / Date / To / Subject
    "apple": "apple-mail",  # right-aligned labels From / Subject / Date / To
    "gmail": "gmail",  # account line, subject title, sender line with the date on the right
    "notes": "lotus-notes",  # memo style: sender and date left, To/cc/bcc/Subject right
    "groupwise": "groupwise",  # From / To / CC / Date / Subject, addresses upper case
}
FAMILY_OF_QUOTE = {
    "original": "outlook-reply",  # -----Original Message----- then From/Sent/To/Subject
    "rule": "outlook-reply",  # a rule then From/Sent/To/Subject
    "reply": "outlook-reply",  # a rule then From: Name [mailto:addr] ...
    "wrote": "gmail",  # On <date>, Name <addr> wrote: and "> " lines
    "forwarded": "apple-mail",  # Begin forwarded message: From/Subject/Date/To
    "blackberry": "blackberry",  # ----- Original Message ----- From/To/Sent/Subject, short date
    "groupwise": "groupwise",  # >>> "Name" <ADDR> 3/14/2019 11:30 AM >>>
}
HEADER_DATE_FMT = {"owa": "outlook", "owa-inline": "outlook", "mac": "mac", "apple": "apple",
                   "gmail": "wrote", "notes": "notes", "groupwise": "groupwise"}
QUOTE_DATE_FMT = {"wrote": "wrote", "forwarded": "apple", "blackberry": "bb", "groupwise": "groupwise"}


def inline_field_items(label: str, segs: list, fam="sans", bold=True, x=LEFT, size=SIZE) -> list:
    """A header line whose value follows its label ("From: Jane Doe")."""
    lab_fam = fam + "-bold" if bold else fam
    vx = x + measure(lab_fam, size, label + " ")
    lines = wrap(segs, RIGHT - vx, fam, size)
    items = []
    for i, line in enumerate(lines):
        it = Item(LH, [("text", vx, LH - 3.0, "left", fam, size, line)], seg_codes(line))
        if i == 0:
            it.ops.append(("text", x, LH - 3.0, "left", lab_fam, size, [label]))
        items.append(it)
    return items


def title_items(segs: list, size: float, fam="sans-bold") -> list:
    lh = size * 1.35
    return [Item(lh, [("text", LEFT, lh - 4.0, "left", fam, size, line)], seg_codes(line))
            for line in wrap(segs, RIGHT - LEFT, fam, size)]


def reply_head(e: Email, banner: str, fmt: str = "") -> list:
    raw = format_date(e.sent, fmt or e.date_fmt)[0]
    items = inline_field_items("From:", party_segs(e.sender, "mailto"))
    items += inline_field_items("Sent:", [raw]) if raw else []
    items += inline_field_items("To:", parties_segs(e.to, "mailto"))
    items += inline_field_items("Cc:", parties_segs(e.cc, "mailto")) if e.cc else []
    items += inline_field_items("Subject:", parse_inline(e.subject))
    return items


def owa_head(e: Email, banner: str) -> list:
    raw = format_date(e.sent, HEADER_DATE_FMT[e.header])[0]
    items = title_items(parse_inline(e.subject), 15.0)
    items.append(Item(8.0, [("rule", LEFT, 4.0, RIGHT, 0.6)]))
    sender = party_segs(e.sender)
    line = Item(LH + 2, [("text", LEFT, LH - 1.0, "left", "sans-bold", SIZE, sender)], seg_codes(sender))
    items.append(line)
    if e.header == "owa-inline":
        line.ops.append(("text", RIGHT, LH - 1.0, "right", "sans", SIZE, [raw]))
    else:
        items.append(text_item([raw]))
    items += inline_field_items("To:", parties_segs(e.to), bold=False)
    items += inline_field_items("Cc:", parties_segs(e.cc), bold=False) if e.cc else []
    return items


def mac_head(e: Email, banner: str) -> list:
    raw = format_date(e.sent, HEADER_DATE_FMT["mac"])[0]
    rows = [("From", party_segs(e.sender)), ("Date", [raw]), ("To", parties_segs(e.to))]
    rows += [("Cc", parties_segs(e.cc))] if e.cc else []
    rows.append(("Subject", parse_inline(e.subject)))
    return header_block(rows, vx=LEFT + 60)


def right_label_items(rows: list, col: float = LEFT + 62) -> list:
    """Apple Mail: labels right-aligned against the values' column."""
    items = []
    for label, segs in rows:
        for i, line in enumerate(wrap(segs, RIGHT - col - 6, "sans", SIZE)):
            it = Item(LH, [("text", col + 6, LH - 3.0, "left", "sans", SIZE, line)], seg_codes(line))
            if i == 0:
                it.ops.append(("text", col, LH - 3.0, "right", "sans-bold", SIZE, [label + ":"]))
            items.append(it)
    return items


def apple_rows(e: Email, with_cc=True) -> list:
    rows = [("From", party_segs(e.sender)), ("Subject", parse_inline(e.subject)),
            ("Date", [format_date(e.sent, HEADER_DATE_FMT["apple"])[0]]), ("To", parties_segs(e.to))]
    return rows + ([("Cc", parties_segs(e.cc))] if e.cc and with_cc else [])


def apple_head(e: Email, banner: str) -> list:
    return right_label_items(apple_rows(e)) + [Item(10.0, [("rule", LEFT, 5.0, RIGHT, 0.5)])]


def gmail_head(e: Email, banner: str) -> list:
    raw = format_date(e.sent, HEADER_DATE_FMT["gmail"])[0]
    items = [Item(24.0, [("text", LEFT, 16.0, "left", "sans-bold", 16, ["Gmail"]),
                         ("text", RIGHT, 16.0, "right", "sans", 9.5, [banner])]),
             Item(8.0, [("rule", LEFT, 4.0, RIGHT, 0.8)])]
    items += title_items(parse_inline(e.subject), 14.0)
    items.append(text_item(["1 message"], size=9, lh=12))
    items.append(Item(8.0, [("rule", LEFT, 4.0, RIGHT, 0.8)]))
    sender = party_segs(e.sender)
    items.append(Item(LH + 2, [("text", LEFT, LH - 1.0, "left", "sans-bold", SIZE, sender),
                               ("text", RIGHT, LH - 1.0, "right", "sans", 9.5, [raw])], seg_codes(sender)))
    items += inline_field_items("To:", parties_segs(e.to, sep=", "), bold=False, size=9.5)
    items += inline_field_items("Cc:", parties_segs(e.cc, sep=", "), bold=False, size=9.5) if e.cc else []
    return items


def notes_head(e: Email, banner: str) -> list:
    """Lotus Notes memo: sender and date at the left, To/cc/bcc/Subject in a
    right-hand column with right-aligned labels."""
    col = LEFT + 236
    left = [party_segs(e.sender), [format_date(e.sent, HEADER_DATE_FMT["notes"])[0]]]
    rows = [("To", parties_segs(e.to, sep=", ")), ("cc", parties_segs(e.cc, sep=", ")),
            ("bcc", []), ("Subject", parse_inline(e.subject))]
    lines = []
    for label, segs in rows:
        wrapped = wrap(segs, RIGHT - col - 8, "sans", 9.5) if segs else [[]]
        lines += [(label if i == 0 else "", line) for i, line in enumerate(wrapped)]
    items = []
    for i, (label, line) in enumerate(lines):
        it = Item(13.0, [("text", col + 8, 10.0, "left", "sans", 9.5, line)], seg_codes(line))
        if label:
            it.ops.append(("text", col, 10.0, "right", "sans", 9.5, [label]))
        if i < len(left):
            it.ops.append(("text", LEFT, 10.0, "left", "sans-bold" if i == 0 else "sans", 9.5, left[i]))
            it.codes |= seg_codes(left[i])
        items.append(it)
    return items


def groupwise_head(e: Email, banner: str) -> list:
    raw = format_date(e.sent, HEADER_DATE_FMT["groupwise"])[0]
    rows = [("From:", party_segs(e.sender, "groupwise")), ("To:", parties_segs(e.to, "groupwise", ", "))]
    rows += [("CC:", parties_segs(e.cc, "groupwise", ", "))] if e.cc else []
    rows += [("Date:", [raw]), ("Subject:", parse_inline(e.subject))]
    items = []
    for label, segs in rows:
        items += field_items(label, segs, LEFT + 64, fam="sans")
    return items


FAMILY_HEADS = {"reply": reply_head, "owa": owa_head, "owa-inline": owa_head, "mac": mac_head,
                "apple": apple_head, "gmail": gmail_head, "notes": notes_head,
                "groupwise": groupwise_head}


def quote_block(qe: Email, style: str, fmt: str) -> list:
    """The header of a quoted message in one of the families' quote styles."""
    raw = format_date(qe.sent, fmt)[0]
    if style == "reply":
        rule = Item(10.0, [("rule", LEFT, 5.0, RIGHT, 0.8)])
        return [rule] + reply_head(qe, "", fmt)
    if style == "forwarded":
        return [text_item(["Begin forwarded message:"]), Item(4.0)] + right_label_items(apple_rows(qe))
    if style == "blackberry":
        items = [text_item(["----- Original Message -----"])]
        rows = [("From:", party_segs(qe.sender)), ("To:", parties_segs(qe.to))]
        rows += [("Cc:", parties_segs(qe.cc))] if qe.cc else []
        rows += [("Sent:", [raw]), ("Subject:", parse_inline(qe.subject))]
        for label, segs in rows:
            items += inline_field_items(label, segs, bold=False)
        return items
    if style == "groupwise":
        segs = [">>> "] + party_segs(qe.sender, "groupwise") + [f" {raw} >>>"]
        return [text_item(merge(segs))]
    raise ValueError(f"unknown quote style {style!r}")


def email_stream(e: Email, lookup: dict, custodian: str) -> tuple[list, list]:
    """Items for one printed email and its truth records (top-level first)."""
    top = email_truth(e, HEADER_DATE_FMT.get(e.header, e.date_fmt), quoted=False)
    top.family = FAMILY_OF_HEADER[e.header]
    truths = [top]
    date_label = "Date" if e.header == "date" else "Sent"
    banner = e.banner if e.banner is not None else custodian
    if e.header in FAMILY_HEADS:
        head = FAMILY_HEADS[e.header](e, banner)
    else:
        head = [banner_item(banner)]
        head += header_block(header_fields(e, e.date_fmt, date_label, True), e.noise,
                             "table" if e.header == "table" else "outlook")
    head[0].events.append(("start", top))
    if e.header == "table":
        head.append(Item(6.0))
    stream = [Group(head, break_before=not e.same_page), Item(LH * 0.6)]
    stream += para_items(e.body)

    q, style, fmt, split = e.quotes, e.quote_style, e.quote_date_fmt, e.false_split
    while q:
        qe = lookup[q]
        fmt = QUOTE_DATE_FMT.get(style, fmt)
        qt = email_truth(qe, fmt, quoted=True, with_header=style not in ("wrote", "groupwise"))
        qt.parent = top
        qt.family = FAMILY_OF_QUOTE[style]
        truths.append(qt)
        stream += [Item(LH * 0.6)]
        if style == "wrote":
            raw, _, _ = format_date(qe.sent, "wrote")
            segs = [f"On {raw}, "] + party_segs(qe.sender) + [" wrote:"]
            lines = [Item(LH, [("text", LEFT, LH - 3.0, "left", "sans", SIZE, line)], seg_codes(line))
                     for line in wrap(merge(segs), RIGHT - LEFT, "sans", SIZE)]
            lines[0].events.append(("start", qt))
            stream.append(Group(lines))
            body = para_items(qe.body, prefix="> ")
        elif style in ("reply", "forwarded", "blackberry", "groupwise"):
            block = quote_block(qe, style, fmt)
            block[0].events.append(("start", qt))
            stream.append(Group(block))
            body = [Item(LH * 0.4)] + para_items(qe.body)
        else:
            block = header_block(header_fields(qe, fmt, "Sent", False))
            block[0].events.append(("start", qt))
            if style == "rule":
                stream.append(Group([Item(10.0, [("rule", LEFT, 5.0, RIGHT, 0.8)])] + block))
            elif split:
                sep = text_item(["-----Original Message-----"])
                sep.break_after = True
                stream += [sep, Group(block)]
            else:
                stream.append(Group([text_item(["-----Original Message-----"])] + block))
            body = [Item(LH * 0.4)] + para_items(qe.body)
        stream += body
        qt.codes = set().union(*(it.codes for it in flatten(stream[stream_start(stream, qt):])))
        stream.append(Item(0.0, events=[("end", qt)]))
        q, style, fmt, split = qe.quotes, qe.quote_style, qe.quote_date_fmt, False
    stream.append(Item(0.0, events=[("end", top)]))
    top.codes = set().union(*(it.codes for it in flatten(stream)))
    return stream, truths


def stream_start(stream: list, truth: EmailTruth) -> int:
    for i, s in enumerate(stream):
        if any(ev == ("start", truth) for it in flatten([s]) for ev in it.events):
            return i
    raise AssertionError("start event not found")


def flatten(stream: list) -> list:
    out = []
    for s in stream:
        out += s.items if isinstance(s, Group) else [s]
    return out


def meeting_stream(m: Meeting, custodian: str) -> tuple[list, list]:
    start_raw, start_iso, _ = format_date(m.start, "long")
    end_raw, _, _ = format_date(m.end, "long")
    t = EmailTruth("meeting", False, party_truth(m.organizer), [party_truth(p) for p in m.attendees],
                   [], start_iso, start_raw, "exact", m.subject, [])
    rows = [("Subject", parse_inline(m.subject)), ("Location", parse_inline(m.location)),
            ("Start", [start_raw]), ("End", [end_raw]), ("Show Time As", [m.show_as]),
            ("Recurrence", [m.recurrence]), ("Organizer", party_segs(m.organizer)),
            ("Required Attendees", parties_segs(m.attendees))]
    head = [banner_item(m.banner if m.banner is not None else custodian)]
    head += header_block(rows, vx=LEFT + 118)
    head[0].events.append(("start", t))
    stream = [Group(head, break_before=True), Item(LH)] + para_items(m.body)
    stream.append(Item(0.0, events=[("end", t)]))
    t.codes = set().union(*(it.codes for it in flatten(stream)))
    return stream, [t]


# ---------------------------------------------------------------- special pages
def letter_items(letter: Letter) -> list:
    items = [Item(24.0, [("text", LEFT, 18.0, "left", "serif-bold", 17, [letter.letterhead[0]])])]
    for line in letter.letterhead[1:]:
        items.append(text_item([line], fam="serif", size=11.5, lh=14))
    items.append(Item(12.0, [("rule", LEFT, 6.0, RIGHT, 1.2)]))
    ra = Item(len(letter.return_address) * 12.0 + 6)
    for i, line in enumerate(letter.return_address):
        ra.ops.append(("text", RIGHT, 10.0 + i * 12.0, "right", "serif", 9.5, [line]))
    items.append(ra)
    items.append(text_item([letter.date], RIGHT, "serif", 11, 16, align="right"))
    items.append(Item(8.0))
    items += [text_item([a], fam="serif", size=11, lh=13.5) for a in letter.addressee]
    items.append(Item(10.0))
    for r in letter.reference:
        items += para_items(r, x=LEFT + 36, fam="serif-bold", size=11, lh=13.5)
    items.append(Item(6.0))
    for p in letter.paragraphs:
        items += para_items(p, fam="serif", size=11, lh=13.5)
        items.append(Item(7.0))
    items += [text_item([c], fam="serif", size=11, lh=13.5) for c in letter.closing]
    return items


def memo_items(m: Memo) -> list:
    items = [text_item([m.agency], PAGE_W / 2, "serif", 11, 16, "center"),
             Item(30.0, [("text", PAGE_W / 2, 24.0, "center", "serif-bold", 18, ["MEMORANDUM"])]),
             Item(10.0)]
    for label, val in (("TO:", m.to), ("FROM:", m.frm), ("DATE:", m.date), ("SUBJECT:", m.subject)):
        items += field_items(label, parse_inline(val), LEFT + 80, fam="serif", size=11)
        items.append(Item(4.0))
    items.append(Item(12.0, [("rule", LEFT, 6.0, RIGHT, 1.0)]))
    items += para_items(m.body, fam="serif", size=11, lh=14)
    return items


def withheld_items(w: Withheld) -> list:
    if w.lines:  # an agency slip sheet
        items = [Item(230.0)]
        for i, line in enumerate(w.lines):
            items.append(text_item([line], PAGE_W / 2, "serif-bold" if i == 0 else "serif",
                                   16 if i == 0 else 12, 26 if i == 0 else 18, "center"))
        return items
    text = f"Withheld in full pursuant to {box_label(w.label)}"
    return [Item(280.0), Item(40.0, [("rect", LEFT + 60, 0.0, RIGHT - LEFT - 120, 40.0, 1.0),
                                     ("text", PAGE_W / 2, 25.0, "center", "sans-bold", 13, [text])])]


def deleted_items(d: Deleted) -> list:
    items = [Item(60.0)]
    for line in d.lines:
        items.append(text_item([line], PAGE_W / 2, "sans-bold" if line.isupper() else "sans",
                               12, 20, "center"))
    return items


def fax_cover_items(f: FaxCover) -> list:
    items = [Item(60.0, [("text", PAGE_W / 2, 44.0, "center", "serif-bold", 40, ["FAX"])]),
             text_item(["TRANSMITTAL COVER SHEET"], PAGE_W / 2, "sans-bold", 12, 20, "center"),
             Item(16.0, [("rule", LEFT, 8.0, RIGHT, 1.5)])]
    for label, value in (("TO:", f.to), ("FAX:", f.to_fax), ("FROM:", f.sender), ("FAX:", f.from_fax),
                         ("DATE:", f.date), ("PAGES:", f"{f.pages} (including cover)"), ("RE:", f.re)):
        items += field_items(label, parse_inline(value), LEFT + 90, fam="sans", size=12)
        items.append(Item(6.0))
    items.append(Item(16.0, [("rule", LEFT, 8.0, RIGHT, 1.5)]))
    items += field_items("COMMENTS:", [], LEFT + 90, fam="sans", size=12)
    items += para_items(f.comments, size=12, lh=16)
    items.append(Item(30.0))
    items += para_items("CONFIDENTIALITY NOTICE: This facsimile may contain privileged information. "
                        "If you received it in error, notify the sender by telephone and destroy it.",
                        size=9, lh=11)
    return items


SPECIAL = {Letter: ("cover-letter", letter_items), Memo: ("memo", memo_items),
           Withheld: ("withheld", withheld_items), Deleted: ("deleted", deleted_items),
           FaxCover: ("fax-cover", fax_cover_items)}


def item_text(items: list) -> str:
    return " ".join(s if isinstance(s, str) else s.label
                    for it in items for op in it.ops if op[0] == "text" for s in op[6])


# ---------------------------------------------------------------- flowing onto pages
@dataclass
class Page:
    number: int
    scanned: bool
    kind: str = "email"
    ops: list = field(default_factory=list)
    codes: set = field(default_factory=set)
    headers: int = 0  # header blocks started on this page so far
    bates: str = ""
    boxes: list = field(default_factory=list)  # a scan's redaction boxes as scanned: [x0, y0, x1, y1] in points


class Flow:
    """Places items top to bottom, page after page, and fires truth events."""

    def __init__(self, file: str):
        self.file = file
        self.pages: list[Page] = []
        self.y = BOTTOM  # forces a first page
        self.scanned = False

    def new_page(self, kind="email") -> Page:
        self.pages.append(Page(len(self.pages) + 1, self.scanned, kind))
        self.y = TOP
        return self.pages[-1]

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def empty(self) -> bool:
        return not self.pages or self.y == TOP

    def place(self, it: Item) -> None:
        if it.height and self.y + it.height > BOTTOM and not (self.pages and self.y == TOP) or not self.pages:
            self.new_page()
        p = self.page
        p.ops += [shift(op, self.y) for op in it.ops]
        p.codes |= it.codes
        for kind, truth in it.events:
            if kind == "start":
                truth.file, truth.start_page, truth.ordinal = self.file, p.number, p.headers
                p.headers += 1
            truth.end_page = p.number
        self.y += it.height
        if it.break_after:
            self.y = BOTTOM + 1  # next item starts a new page

    def place_group(self, g: Group) -> None:
        h = sum(it.height for it in g.items)
        if (g.break_before or self.y + h > BOTTOM) and not self.empty():
            self.new_page()
        for it in g.items:
            self.place(it)

    def place_stream(self, stream: list, scanned: bool) -> None:
        first = stream[0]
        if isinstance(first, Group) and (first.break_before or not self.pages):
            self.scanned = scanned
        for s in stream:
            self.place_group(s) if isinstance(s, Group) else self.place(s)

    def special_page(self, kind: str, items: list, scanned: bool) -> None:
        self.scanned = scanned
        page = self.new_page(kind)
        for it in items:
            self.place(it)
        assert len(self.pages) == page.number, f"{kind} page overflows"
        page.codes |= canonical_codes(item_text(items))
        self.y = BOTTOM + 1  # nothing else on this page


# ---------------------------------------------------------------- painting
class PdfPainter:
    """Text-layer page: real text, vector boxes."""

    def __init__(self, c: canvas.Canvas):
        self.c = c

    def width(self, fam, size, s):
        return pdfmetrics.stringWidth(s, PDF_FONTS[fam], size)

    def text(self, x, y, fam, size, s, white=False):
        self.c.setFillGray(1 if white else 0)
        self.c.setFont(PDF_FONTS[fam], size)
        self.c.drawString(x, PAGE_H - y, s)

    def line(self, x1, y1, x2, y2, w):
        self.c.setLineWidth(w)
        self.c.line(x1, PAGE_H - y1, x2, PAGE_H - y2)

    def rect(self, x, y, w, h, lw, fill=False):
        self.c.setLineWidth(lw)
        self.c.setFillGray(0)
        self.c.rect(x, PAGE_H - y - h, w, h, stroke=0 if fill else 1, fill=1 if fill else 0)


class ImagePainter:
    """Scanned page: everything is pixels."""

    def __init__(self, img: Image.Image, dpi: int = SCAN_DPI):
        self.s = dpi / 72.0
        self.d = ImageDraw.Draw(img)
        self.fonts: dict = {}
        self.boxes: list = []  # every redaction box painted, (x, y, w, h) in points

    def font(self, fam, size):
        key = (fam, size)
        if key not in self.fonts:
            self.fonts[key] = ImageFont.truetype(ttf_path(fam), round(size * self.s))
        return self.fonts[key]

    def width(self, fam, size, s):
        return self.font(fam, size).getlength(s) / self.s

    def text(self, x, y, fam, size, s, white=False):
        self.d.text((x * self.s, y * self.s), s, font=self.font(fam, size),
                    fill=250 if white else 18, anchor="ls")

    def line(self, x1, y1, x2, y2, w):
        self.d.line([(x1 * self.s, y1 * self.s), (x2 * self.s, y2 * self.s)], fill=25,
                    width=max(1, round(w * self.s)))

    def rect(self, x, y, w, h, lw, fill=False):
        box = [x * self.s, y * self.s, (x + w) * self.s, (y + h) * self.s]
        if fill:
            self.boxes.append((x, y, w, h))
            self.d.rectangle(box, fill=12)
        else:
            self.d.rectangle(box, outline=25, width=max(1, round(lw * self.s)))


def paint(p, ops: list) -> None:
    for op in ops:
        kind = op[0]
        if kind == "text":
            _, x, y, align, fam, size, segs = op
            total = sum(p.width(fam, size, s) if isinstance(s, str) else s.width(fam, size) for s in segs)
            x = x - total / 2 if align == "center" else x - total if align == "right" else x
            for s in segs:
                if isinstance(s, str):
                    p.text(x, y, fam, size, s)
                    x += p.width(fam, size, s)
                else:
                    w = s.width(fam, size)
                    top, h = y - size * 0.86, size * 1.12
                    p.rect(x, top, w, h, 0, fill=True)
                    lw = p.width("sans-bold", 7, s.label)
                    p.text(x + (w - lw) / 2, top + h / 2 + 2.5, "sans-bold", 7, s.label, white=True)
                    x += w
        elif kind == "rule":
            _, x1, y, x2, w = op
            p.line(x1, y, x2, y, w)
        elif kind == "rect":
            _, x, y, w, h, lw = op
            p.rect(x, y, w, h, lw)
        elif kind == "box":
            _, x, y, w, h, label = op
            p.rect(x, y, w, h, 0, fill=True)
            lw = p.width("sans-bold", 9, label)
            p.text(x + (w - lw) / 2, y + h / 2 + 3, "sans-bold", 9, label, white=True)


class OcrLayerPainter(PdfPainter):
    """A producer's invisible OCR layer over a scanned page, with its misreadings:
    the document's fixed ones (a label losing its colon, "[rnailto:", "©" for
    "@") and a few random letter confusions in other words."""

    CONFUSIONS = [("e", "c"), ("rn", "m"), ("l", "I"), ("o", "0"), ("h", "li"), ("i", "l")]

    def __init__(self, c: canvas.Canvas, misreadings: dict, rng: random.Random):
        super().__init__(c)
        self.misreadings, self.rng = misreadings, rng

    def misread(self, s: str) -> str:
        for printed, read in self.misreadings.items():
            s = s.replace(printed, read)
        words = s.split(" ")
        for i, w in enumerate(words):
            if len(w) > 3 and w.isalpha() and self.rng.random() < 0.04:
                a, b = self.rng.choice(self.CONFUSIONS)
                words[i] = w.replace(a, b, 1)
        return " ".join(words)

    def text(self, x, y, fam, size, s, white=False):
        t = self.c.beginText()
        t.setTextRenderMode(3)  # invisible, like every OCR layer
        t.setFont(PDF_FONTS[fam], size)
        t.setTextOrigin(x, PAGE_H - y)
        t.textOut(self.misread(s))
        self.c.drawText(t)

    def line(self, x1, y1, x2, y2, w):
        pass

    def rect(self, x, y, w, h, lw, fill=False):
        pass


def footer_ops(page: Page, count: int) -> list:
    return [("text", PAGE_W / 2, FOOTER_Y, "center", "sans", 9, [f"Page {page.number} of {count}"]),
            ("text", RIGHT + 20, FOOTER_Y, "right", "sans-bold", 10, [page.bates])]


def stamp_ops(stamp: Stamp | None, fax_header: str, page: Page, count: int) -> tuple[list, list]:
    """Page furniture an agency or a fax machine adds to every page: (top, foot)."""
    top, foot = [], []
    if stamp:
        line = (f"{stamp.classification} {stamp.agency} Case No. {stamp.case} "
                f"Doc No. {stamp.doc} Date: {stamp.date}")
        top += [("text", PAGE_W / 2, 24.0, "center", "sans-bold", 8, [line]),
                ("text", RIGHT, 42.0, "right", "sans-bold", 10, [stamp.release])]
        foot.append(("text", PAGE_W / 2, 736.0, "center", "sans-bold", 8, [line]))
    if fax_header:
        top.append(("text", LEFT - 36, 18.0, "left", "sans", 8.5,
                    [fax_header.format(page=page.number, pages=count)]))
    return top, foot


def rotated_boxes(boxes: list, angle: float) -> list:
    """Where painted boxes lie once the page is turned ``angle`` degrees counter-clockwise
    about its centre (as Image.rotate turns it): each box's bounding rectangle, in points."""
    cx, cy = PAGE_W / 2, PAGE_H / 2
    cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    out = []
    for x, y, w, h in boxes:
        corners = [(cx + (px - cx) * cos + (py - cy) * sin, cy - (px - cx) * sin + (py - cy) * cos)
                   for px in (x, x + w) for py in (y, y + h)]
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        out.append([round(min(xs), 1), round(min(ys), 1), round(max(xs), 1), round(max(ys), 1)])
    return out


def scan_image(ops: list, seed: str) -> tuple[bytes, list]:
    """Paint a page as a grayscale scan: its JPEG bytes and its redaction boxes (see rotated_boxes)."""
    rng = random.Random(seed)
    s = SCAN_DPI / 72.0
    w, h = round(PAGE_W * s), round(PAGE_H * s)
    paper = 244 + rng.randint(0, 6)
    img = Image.new("L", (w, h), paper)
    painter = ImagePainter(img)
    paint(painter, ops)
    d = ImageDraw.Draw(img)
    for _ in range(rng.randint(120, 300)):  # toner specks and dust
        x, y, r = rng.randrange(w), rng.randrange(h), rng.choice((1, 1, 1, 2, 2, 3))
        d.ellipse([x, y, x + r, y + r], fill=rng.randint(40, 160))
    img = img.filter(ImageFilter.GaussianBlur(0.55))
    angle = rng.uniform(0.3, 1.0) * rng.choice((-1, 1))
    img = img.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=paper)
    edge = ImageDraw.Draw(img)  # the scanner lid shadow along one edge
    edge.rectangle([0, 0, rng.randint(4, 10), h], fill=rng.randint(150, 190))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=JPEG_QUALITY, optimize=True, dpi=(SCAN_DPI, SCAN_DPI))
    return buf.getvalue(), rotated_boxes(painter.boxes, angle)


BILEVEL_DPI = 300


def scan_bilevel(ops: list, seed: str, fax: bool) -> tuple[Image.Image, list]:
    """Paint a page as a 1-bit 300 dpi scan, like most agency productions: skew,
    speckle, a dark border; a fax copy is first printed at fax resolution, with
    dropped and streaked scan lines."""
    rng = random.Random(seed)
    dpi = 200 if fax else BILEVEL_DPI
    s = dpi / 72.0
    w, h = round(PAGE_W * s), round(PAGE_H * s)
    img = Image.new("L", (w, h), 255)
    painter = ImagePainter(img, dpi)
    paint(painter, ops)
    d = ImageDraw.Draw(img)
    for _ in range(rng.randint(400, 900) if fax else rng.randint(150, 400)):
        x, y, r = rng.randrange(w), rng.randrange(h), rng.choice((1, 1, 2, 2, 3))
        d.ellipse([x, y, x + r, y + r], fill=rng.randint(0, 120))
    if fax:
        img = img.point(lambda v: 255 if v > 150 else 0).resize(
            (round(PAGE_W * BILEVEL_DPI / 72), round(PAGE_H * BILEVEL_DPI / 72)), Image.Resampling.NEAREST)
        w, h = img.size
        d = ImageDraw.Draw(img)
        for _ in range(rng.randint(3, 7)):  # dropped scan lines
            y = rng.randrange(h)
            d.rectangle([0, y, w, y + rng.choice((1, 2))], fill=255)
        for _ in range(rng.randint(1, 3)):  # a dirty-platen streak down the page
            x = rng.randrange(w)
            d.rectangle([x, 0, x + rng.choice((1, 2, 3)), h], fill=rng.randint(0, 60))
    else:
        img = img.filter(ImageFilter.GaussianBlur(0.7))
    angle = rng.uniform(0.2, 0.9) * rng.choice((-1, 1))
    img = img.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    ImageDraw.Draw(img).rectangle([0, 0, rng.randint(6, 18), h], fill=0)  # the platen edge
    return img.point(lambda v: 255 if v > 140 else 0).convert("1"), rotated_boxes(painter.boxes, angle)


class G4Image(pdfdoc.PDFImageXObject):
    """A 1-bit image embedded as CCITT Group 4, as scanners write them (reportlab
    itself only embeds Flate and JPEG images)."""

    def __init__(self, name: str, img: Image.Image):
        buf = io.BytesIO()
        img.save(buf, "TIFF", compression="group4", tiffinfo={278: img.height})  # one strip
        buf.seek(0)
        tiff = Image.open(buf)
        data = buf.getvalue()
        strip = b"".join(data[o:o + n] for o, n in zip(tiff.tag_v2[273], tiff.tag_v2[279], strict=True))
        self.name, self.width, self.height = name, img.width, img.height
        self.bitsPerComponent, self.colorSpace, self.mask = 1, "DeviceGray", None
        self._filters = ("CCITTFaxDecode",)
        self.streamContent = strip

    def format(self, document):
        stream = pdfdoc.PDFStream(content=self.streamContent)
        d = stream.dictionary
        d["Type"], d["Subtype"] = pdfdoc.PDFName("XObject"), pdfdoc.PDFName("Image")
        d["Width"], d["Height"], d["BitsPerComponent"] = self.width, self.height, 1
        d["ColorSpace"], d["Filter"] = pdfdoc.PDFName("DeviceGray"), pdfdoc.PDFName("CCITTFaxDecode")
        d["DecodeParms"] = pdfdoc.PDFDictionary(
            {"K": -1, "Columns": self.width, "Rows": self.height, "BlackIs1": "true"})
        return stream.format(document)


def draw_g4(c: canvas.Canvas, img: Image.Image, name: str) -> None:
    """Draw a 1-bit image over the whole page (what canvas.drawImage does, with G4)."""
    obj = G4Image(name, img)
    reg = c._doc.getXObjectName(name)
    c._setXObjects(obj)
    c._doc.Reference(obj, reg)
    c._doc.addForm(name, obj)
    c._currentPageHasImages = 1
    c.saveState()
    c.scale(PAGE_W, PAGE_H)
    c._code.append(f"/{reg} Do")
    c._formsinuse.append(name)
    c.restoreState()


def write_pdf(path: Path, title: str, pages: list[Page], doc: Document | None = None) -> None:
    c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=1)
    c.setTitle(title)
    c.setCreator("foia-archive samples/generate.py")
    for page in pages:
        ops = page.ops + footer_ops(page, len(pages))
        if doc:  # the stamps on top come first in a text layer, as they are read
            top, foot = stamp_ops(doc.stamp, doc.fax_header, page, len(pages))
            ops = top + ops + foot
        seed = f"{path.name}:{page.number}"
        if page.scanned and doc and doc.scan in ("bilevel", "fax"):
            image, page.boxes = scan_bilevel(ops, seed, doc.scan == "fax")
            draw_g4(c, image, f"scan{page.number}")
            if doc.ocr_layer is not None:
                paint(OcrLayerPainter(c, doc.ocr_layer, random.Random(seed)), ops)
        elif page.scanned:
            jpeg, page.boxes = scan_image(ops, seed)
            c.drawImage(ImageReader(io.BytesIO(jpeg)), 0, 0, PAGE_W, PAGE_H)
        else:
            paint(PdfPainter(c), ops)
        c.showPage()
    c.save()


# ---------------------------------------------------------------- releases
def layout_document(doc: Document, lookup: dict) -> tuple[Flow, list]:
    flow, truths = Flow(doc.file), []
    for item in doc.items:
        if type(item) in SPECIAL:
            kind, build = SPECIAL[type(item)]
            flow.special_page(kind, build(item), item.scanned)
            continue
        scanned = doc.scanned if item.scanned is None else item.scanned
        if isinstance(item, Meeting):
            stream, ts = meeting_stream(item, doc.custodian)
        else:
            stream, ts = email_stream(item, lookup, doc.custodian)
        flow.place_stream(stream, scanned)
        truths += ts
    return flow, truths


def check_context(rel: Release, lookup: dict) -> None:
    bodies = [" ".join(plain_text(e.body).split()) for e in lookup.values()]
    for quote in re.findall(r"\u201c([^\u201d]+)\u201d|\"([^\"]+)\"", rel.context):
        q = " ".join((quote[0] or quote[1]).split())
        if not any(q in b for b in bodies):
            raise SystemExit(f"{rel.slug}/context.md quotes text found in no email: {q!r}")
    for passage in rel.required_passages:
        hits = [e.key for e in lookup.values() if passage in " ".join(plain_text(e.body).split())]
        if len(hits) != 1:
            raise SystemExit(f"{rel.slug}: required passage must be in exactly one email, found {hits}")


def build_release(rel: Release, out: Path) -> None:
    lookup = {it.key: it for d in rel.documents for it in d.items if isinstance(it, (Email, Meeting))}
    lookup |= {e.key: e for e in rel.quoted_only}
    check_context(rel, lookup)
    flows, truths = [], []
    for doc in rel.documents:
        flow, ts = layout_document(doc, lookup)
        flows.append(flow)
        truths += ts
    n = 0
    bates: dict[tuple[str, int], str] = {}
    for flow in flows:
        for page in flow.pages:
            n += 1
            page.bates = f"{rel.bates_prefix}{n:0{rel.bates_digits}d}"
            bates[(flow.file, page.number)] = page.bates

    dest = out / rel.slug
    dest.mkdir(parents=True, exist_ok=True)
    for flow, doc in zip(flows, rel.documents, strict=True):
        write_pdf(dest / flow.file, f"{rel.title} - {flow.file}", flow.pages, doc)
    layered = {d.file for d in rel.documents if d.ocr_layer is not None and d.scan != "gray"}

    index_of = {id(t): i for i, t in enumerate(truths) if not t.quoted}
    truth = {
        "release": rel.slug,
        "documents": [{"file": f.file, "pages": [
            {"number": p.number, "bates": p.bates, "scanned": p.scanned, "kind": p.kind,
             "exemptions": sorted(p.codes)} | ({"ocr_layer": True} if p.scanned and f.file in layered else {})
            | ({"boxes": p.boxes} if p.scanned else {})
            for p in f.pages]} for f in flows],
        "emails": [t.as_json(index_of, lambda f, pg: bates[(f, pg)], rel.families) for t in truths],
    } | resolve_labels(rel.truth)
    meta = {"slug": rel.slug, "title": rel.title, "agency": rel.agency, "requester": rel.requester,
            "request_number": rel.request_number, "released": rel.released,
            "source_url": rel.source_url}
    (dest / "truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n")
    (dest / "release.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
    (dest / "context.md").write_text(rel.context.strip() + "\n")


def resolve_labels(value):
    """Truth a release declares, with box labels as the canonical codes they print
    ("label": "b6c" -> "codes": ["(b)(6)", "(b)(7)(C)"]) and words as one line."""
    if isinstance(value, list):
        return [resolve_labels(v) for v in value]
    if not isinstance(value, dict):
        return value
    names = {"label": "codes", "earlier_label": "earlier_codes"}
    return {names.get(k, k): sorted(label_codes(box_label(v))) if k in names
            else " ".join(v.split()) if k == "words" else resolve_labels(v) for k, v in value.items()}


def releases() -> list[Release]:
    import city_pd_pilot
    import dea_microsoft
    import layout_families
    return [dea_microsoft.RELEASE, city_pd_pilot.RELEASE, layout_families.RELEASE]


def rereleases() -> list[Release]:
    """Later productions of the same records, written under rereleases/: the default
    sample ingest (make demo, the test suite's sample archive) leaves them out."""
    import dea_microsoft_2021
    return [dea_microsoft_2021.RELEASE]


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(HERE), help="directory to write the releases into")
    ap.add_argument("--only", help="build only this release slug")
    args = ap.parse_args(argv)
    for rel in releases():
        if not args.only or args.only == rel.slug:
            build_release(rel, Path(args.out))
    if not args.only or args.only == native_mail.SLUG:  # native mail: samples/native_mail.py
        native_mail.build(Path(args.out))
    for rel in rereleases():
        if not args.only or args.only == rel.slug:
            build_release(rel, Path(args.out) / "rereleases")


if __name__ == "__main__":
    main()
