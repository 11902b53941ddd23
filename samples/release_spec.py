"""The vocabulary the sample releases are declared in (see generate.py).

A release is data: documents (PDF files), each an ordered list of emails,
meeting invitations and special pages (cover letter, memo, withheld sheet,
deleted-page sheet). Nothing here knows about pages or pixels.

Body and header text may carry redaction markup:

* ``[[b6c:Jane Doe]]`` -- an inline black box over "Jane Doe" (the words are
  never printed); the box shows the label for ``b6c`` from ``ALIASES``, or the
  label itself when it is not an alias (``[[(b) (6):...]]``, ``[[7(1)(c):...]]``).
* a paragraph that is only ``[[b5#4]]`` -- a full-width box four lines high.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

# Labels printed on redaction boxes. Several spellings of the same canonical
# code on purpose: real releases are not consistent.
ALIASES = {
    "b5": "(b)(5)",
    "b6": "(b)(6)",
    "b6s": "(b) (6)",
    "b6c": "(b)(6), (b)(7)(C)",
    "b6cs": "b6, b7C",
    "b7c": "(b)(7)(C)",
    "b7e": "(b)(7)(E)",
    "il7c": "7(1)(c)",
    "il7f": "7(1)(f)",
}


@dataclass(frozen=True)
class Party:
    """A sender or recipient and how it is printed.

    hide: "" (printed in full), "all" (one box over the whole party),
    "address" (name printed, address boxed), "local" (box over the part before
    the @, domain printed). ``label`` is the box label (alias or literal).
    """

    name: str = ""
    address: str = ""
    hide: str = ""
    label: str = ""
    quote_name: bool = False  # print the display name in double quotes


@dataclass
class Email:
    key: str
    sender: Party
    to: list
    sent: datetime | None
    subject: str
    body: str
    cc: list = field(default_factory=list)
    date_fmt: str = "long"  # see generate.format_date
    # outlook | date | table, and the layout families of generate.FAMILY_OF_HEADER:
    # reply | owa | owa-inline | mac | apple | gmail | notes | groupwise
    header: str = "outlook"
    attachments: list = field(default_factory=list)
    importance: str = ""
    quotes: str | None = None  # key of the email this one replies to / forwards
    # original | rule | wrote, and reply | forwarded | blackberry | groupwise
    # (generate.FAMILY_OF_QUOTE)
    quote_style: str = "original"
    quote_date_fmt: str = "long"
    false_split: bool = False  # page break right after the "Original Message" line
    scanned: bool | None = None  # None: the document's default
    same_page: bool = False  # start on the page of the previous email if it fits
    noise: dict = field(default_factory=dict)  # printed label overrides ("From" -> "F rom:")
    banner: str | None = None  # user-name banner; None: the document's custodian


@dataclass
class Meeting:
    key: str
    organizer: Party
    attendees: list
    subject: str
    location: str
    start: datetime
    end: datetime
    body: str
    recurrence: str = "(none)"
    show_as: str = "Tentative"
    scanned: bool | None = None
    banner: str | None = None
    quotes = None  # meetings are never quoted in these samples


@dataclass
class Letter:
    """Cover letter from the agency's FOIA office (kind cover-letter)."""

    letterhead: list  # lines; the first is printed large
    return_address: list
    date: str
    addressee: list
    reference: list
    paragraphs: list
    closing: list
    scanned: bool = False


@dataclass
class Memo:
    """A MEMORANDUM page that is not an email (kind memo)."""

    agency: str
    to: str
    frm: str
    date: str
    subject: str
    body: str
    scanned: bool = False


@dataclass
class Withheld:
    """A placeholder sheet for a page withheld in full (kind withheld).

    With ``lines``: an agency slip sheet printing those lines instead of the
    one-line box ("Document withheld in full", a document number, the codes).
    """

    label: str
    scanned: bool = False
    lines: list = field(default_factory=list)


@dataclass
class FaxCover:
    """A fax transmittal cover sheet (kind fax-cover)."""

    sender: str
    to: str
    from_fax: str
    to_fax: str
    date: str
    pages: int
    re: str
    comments: str
    scanned: bool = True


@dataclass(frozen=True)
class Stamp:
    """Agency release stamps printed on every page of a document: a header line
    with the review date (``Date: MM/DD/YYYY``, never a sent date), a release
    line (``RELEASE IN PART B6``) and the same classification line at the foot."""

    agency: str
    case: str
    doc: str
    date: str  # MM/DD/YYYY
    release: str
    classification: str = "UNCLASSIFIED"


@dataclass
class Deleted:
    """A deleted-page information sheet (kind deleted)."""

    lines: list
    scanned: bool = False


@dataclass
class Document:
    file: str
    items: list
    scanned: bool = False  # default for the emails in it
    custodian: str = ""  # default user-name banner
    # How scanned pages are made: "gray" (200 dpi JPEG), "bilevel" (1-bit 300 dpi
    # CCITT G4, like most agency productions) or "fax" (bilevel from a fax copy).
    scan: str = "gray"
    # A producer's invisible OCR layer over the scanned pages, with its misreadings:
    # each key printed is read as its value ("Subject:" -> "Subjoct:"). None: no layer.
    ocr_layer: dict | None = None
    stamp: Stamp | None = None
    fax_header: str = ""  # a fax machine's line on top of every page; {page} {pages}


@dataclass
class Release:
    slug: str
    title: str
    agency: str
    requester: str
    request_number: str
    released: str
    source_url: str
    bates_prefix: str
    bates_digits: int
    documents: list
    context: str  # Markdown; every "..." quote in it must be verbatim in an email
    required_passages: list = field(default_factory=list)
    families: bool = False  # tag each email's truth with its layout family
    quoted_only: list = field(default_factory=list)  # emails printed only inside others
    truth: dict = field(default_factory=dict)  # more truth to record (a re-release's planted changes)
