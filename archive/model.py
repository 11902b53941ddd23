"""Plain records that cross module lines: what ingest produces and the archive stores."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

EN_DASH = "\u2013"


def page_range(start: int, end: int) -> str:
    """3, 3 → "p. 3"; 3, 5 → "pp. 3–5"."""
    return f"p. {start}" if start == end else f"pp. {start}{EN_DASH}{end}"


UNCODED = "redacted"  # a party's withheld part over which no exemption code is printed
_ADDRESS_IN_NAME = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_SPACED_MARK = re.compile(r"\s*([@.])\s*")
_MAX_NAME_COMPARED = 1000


@dataclass(frozen=True)
class Party:
    """A sender or recipient as printed: display name, address, and any redaction codes.

    A redacted name or address is not an error: the exemption code printed over it
    (canonical form, e.g. "(b)(6)") is kept in ``redactions`` and the field is "". A value
    withheld with no code printed (a redaction tool's "[REDACTED]", "XXXXXXXX") is kept as
    ``UNCODED``: a party withheld, never a party missing.
    """

    name: str = ""
    address: str = ""
    redactions: tuple[str, ...] = ()

    @property
    def display(self) -> str:
        """How a citation or a result list shows this party."""
        if self.name:
            return self.name
        if self.address:
            return self.address
        if self.redactions:
            return f"[redacted {', '.join(self.codes)}]" if self.codes else "[redacted]"
        return "[unknown]"

    @property
    def attributed(self) -> str:
        """``display``, with the party's own address after it in brackets where its name spells
        another address ("Director Roe <roe@agency.gov>" sent from another mailbox): how result
        lists and exports show a sender, so none attributes a message to an address it was not
        sent from (``names_another_address``)."""
        return f"{self.display} [{self.address}]" if self.names_another_address() else self.display

    def names_another_address(self) -> bool:
        """Whether the display name holds an "@" (look-alikes folded: "＠", "﹫") that is not the
        party's own address (spaces about its "@" and stops aside: "roe @ agency .gov")."""
        if not (self.name and self.address):
            return False
        folded = unicodedata.normalize("NFKC", self.name[:_MAX_NAME_COMPARED])
        if "@" not in folded:
            return False
        found = _ADDRESS_IN_NAME.findall(_SPACED_MARK.sub(r"\1", folded))
        return not found or any(address.strip("'").casefold() != self.address.casefold() for address in found)

    @property
    def codes(self) -> tuple[str, ...]:
        """The exemption codes printed over what is withheld (none for a value withheld with none)."""
        return tuple(code for code in self.redactions if code != UNCODED)

    @property
    def withheld_under(self) -> str:
        """What a page's reader is told of a withheld part: its codes, or that none was printed."""
        return ("Redacted under " + ", ".join(self.codes)) if self.codes else "Redacted (no exemption code printed)"


# a release's key and its URL, /r/<slug>: no slash, space or control character, no leading "." or "-"
RELEASE_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}")
_RELEASE_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def is_release_date(text: str) -> bool:
    """Is ``text`` a date a release may be dated with: YYYY, YYYY-MM or YYYY-MM-DD, on the calendar?"""
    match = _RELEASE_DATE.fullmatch(text)
    if not match:
        return False
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def is_web_address(text: str) -> bool:
    """Is ``text`` an http(s) address with a host (a release's source, linked on every page of it:
    never javascript: or data:)?"""
    try:
        parts = urlsplit(text.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


@dataclass(frozen=True)
class Release:
    slug: str
    title: str
    agency: str = ""
    requester: str = ""
    request_number: str = ""
    released: str = ""
    source_url: str = ""
    description: str = ""


@dataclass(frozen=True)
class PageRecord:
    """One page as ingest read it."""

    number: int  # 1-based
    text: str
    source: str  # "text-layer" or "ocr"
    ocr_confidence: float | None
    bates: str | None
    exemptions: tuple[str, ...]
    kind: str  # "email", "cover-letter", "memo", "withheld", "deleted", "other"
    fingerprint: str  # hash of the page's content, for duplicate detection
    words: str | None = None  # OCR word boxes, JSON, for highlighting on page images
    scanned: bool = False  # read from a scan: by OCR here, or by the producer's OCR layer
    hidden: int = 0  # characters the file's text layer holds under dark boxes drawn over them (not in text)
    hidden_boxes: int = 0  # dark boxes drawn over an image of the page that still prints under them


@dataclass(frozen=True)
class EmailRecord:
    """One email (or one quoted copy inside an email) found in a document."""

    start_page: int
    start_line: int
    end_page: int
    end_line: int
    ordinal: int  # of its header block among the header blocks on start_page
    kind: str  # "email" or "meeting"
    quoted: bool
    parent: int | None  # index (in the document's email list) of the email quoting this one
    sender: Party | None
    to: tuple[Party, ...]
    cc: tuple[Party, ...]
    bcc: tuple[Party, ...]
    sent: str | None  # ISO 8601
    sent_raw: str
    date_certainty: str  # "exact", "ambiguous", "damaged", "missing"
    subject: str
    normalized_subject: str
    body: str
    exemptions: tuple[str, ...]
    attachments: tuple[str, ...]
    bates_start: str | None
    bates_end: str | None
    # What ingest knows it was unsure of (archive/corrections.py DOUBT_CODES): "repaired:sender",
    # "dated-from:reply", "boundary:unmarked-header", ...
    doubts: tuple[str, ...] = field(default=(), kw_only=True)
    # Native mail only (a message's own headers; printed email leaves them empty): the message's
    # Message-ID, the one it answers, and its References, each as "<id@host>".
    message_id: str = field(default="", kw_only=True)
    in_reply_to: str = field(default="", kw_only=True)
    references: tuple[str, ...] = field(default=(), kw_only=True)
    # the media type of the native message this is (its start_page is then its place in the file:
    # an .mbox's message 3 has start_page 3), "" for printed email
    native: str = field(default="", kw_only=True)
    # the folder of an Outlook data file (.pst, .ost) a native message sits in ("Inbox/Projects")
    folder: str = field(default="", kw_only=True)

    @property
    def place(self) -> str:
        """Where the email is in its document, as a citation puts it: "pp. 3–5", "message 3" (in
        an .mbox), "folder Inbox, message 3" (in a .pst), "" (the only message of an .eml or .msg)."""
        if not self.native:
            return page_range(self.start_page, self.end_page)
        return message_place(self.native, self.folder, self.start_page)


PDF = "application/pdf"
# The native mail formats a document may be, by media type, with the suffix its original is
# stored and downloaded under.
NATIVE_SUFFIXES = {"message/rfc822": ".eml", "application/vnd.ms-outlook": ".msg", "application/mbox": ".mbox",
                   "application/vnd.ms-outlook-pst": ".pst", "application/vnd.ms-outlook-ost": ".ost"}
# the native formats that hold many messages, each numbered by its place in the file
MAILBOXES = frozenset({"application/mbox", "application/vnd.ms-outlook-pst", "application/vnd.ms-outlook-ost"})


def message_place(media_type: str, folder: str, number: int) -> str:
    """Where a native message is in its file: "message 3" (an .mbox), "folder Inbox, message 3"
    (an Outlook data file), "" (a file of one message)."""
    if media_type not in MAILBOXES:
        return ""
    return (f"folder {folder}, " if folder else "") + f"message {number}"


def stored_suffix(media_type: str) -> str:
    """The suffix a document's original is stored under: ".pdf", ".eml", ".msg", ".mbox"."""
    return NATIVE_SUFFIXES.get(media_type, ".pdf")


@dataclass(frozen=True)
class AttachmentRecord:
    """A file attached to a native message (or shown inside it, ``inline``), kept in the file store."""

    message: int  # index (in the document's email list) of the message it is attached to
    ordinal: int  # 1-based, in the message's order
    filename: str  # as the message names it, made safe to show (ingest/mime.py)
    content_type: str
    size: int
    sha256: str
    inline: bool = False
    content_id: str = ""
    suffix: str = ".bin"  # ".pdf" for a PDF (also ingested as a document of the release)
    path: str = ""  # where ingest left the bytes, until the archive stores them (not stored)


@dataclass(frozen=True)
class Attachment:
    """An attachment as stored, with the document it became when it is a PDF."""

    email_id: str
    ordinal: int
    filename: str
    content_type: str
    size: int
    sha256: str
    inline: bool
    content_id: str
    suffix: str
    document_id: str | None = None


@dataclass(frozen=True)
class DocumentRecord:
    """Everything ingest learned from one PDF, ready to be stored in one transaction."""

    sha256: str
    filename: str
    size: int
    pages: tuple[PageRecord, ...]
    emails: tuple[EmailRecord, ...]
    fingerprint: str  # hash of the page fingerprints: same pages in another container
    parent_sha256: str | None = None  # for a file embedded in another PDF, or attached to a message
    media_type: str = PDF  # or one of NATIVE_SUFFIXES: then no pages, one email per message
    attachments: tuple[AttachmentRecord, ...] = ()  # native mail's attached files
    converted_from: str | None = None  # SHA-256 of the office file this PDF was converted from


@dataclass(frozen=True)
class ReleaseReading:
    """What the machine read in one stored email, for learning what its release prints
    (``Store.release_readings``): parties by field ("sender", "to", "cc"), subject, whether its
    first page was read from a scan, its doubts."""

    document_id: str
    parties: dict[str, tuple[Party, ...]]
    subject: str
    scanned: bool
    doubts: tuple[str, ...]


@dataclass(frozen=True)
class Email(EmailRecord):
    """An email as stored: the record plus where it lives."""

    id: str
    document_id: str
    release: str
    parent_id: str | None
    reviewed: str = ""  # "checked" or "corrected" by a person (archive/corrections.py), else ""
    # what a person says the page prints for the date, when a person gave the date ("" when they
    # typed it year first); None when the date stands as the machine read it (``sent_raw``)
    sent_printed: str | None = None
    # the fields whose values a person gave (archive/corrections.py FIELDS: "sender", "to", ...):
    # a citation brackets what the page does not print as cited
    people_gave: tuple[str, ...] = ()
    # a date a person gave that is no reading of the page (archive/store.py ``_date_supplied``):
    # a citation says it was supplied
    date_supplied: bool = False

    @property
    def date_as_printed(self) -> str:
        """The date as printed, as citations, exports and the API quote it: a person's words once
        a person gave the date (none when they typed it year first), never the machine's reading
        of the page then (OCR's ". Monday, November 5, 2018 10:45 AM —"); else the machine's."""
        return self.sent_raw if self.sent_printed is None else self.sent_printed


@dataclass(frozen=True)
class Page(PageRecord):
    """A page as stored."""

    document_id: str = ""
    release: str = ""


@dataclass(frozen=True)
class Document:
    id: str
    sha256: str
    release: str
    filename: str
    size: int
    page_count: int
    fingerprint: str
    parent_sha256: str | None
    duplicate_of: str | None
    indexed: bool
    ingested_at: str
    media_type: str = PDF
    converted_from: str | None = None  # SHA-256 of the office file this PDF was converted from

    @property
    def native(self) -> bool:
        """Is this native mail (an .eml, .msg or .mbox) rather than a PDF?"""
        return self.media_type in NATIVE_SUFFIXES

    @property
    def suffix(self) -> str:
        return stored_suffix(self.media_type)


@dataclass(frozen=True)
class ReleaseStats:
    documents: int
    pages: int
    ocr_pages: int
    emails: int
    first_sent: str | None
    last_sent: str | None
    months: tuple[tuple[str, int], ...]  # ("2018-11", count), oldest first; "" for undated
    quoted_copies: int = 0  # earlier emails printed inside replies: searched, not counted in ``emails``
    scanned_pages: int = 0  # pages read from a scan: OCR'd here (``ocr_pages``) or by the producer's OCR layer


@dataclass(frozen=True)
class ReleaseListing:
    """A release as `foia release list` shows it: its counts, and whether it was withdrawn."""

    release: Release
    stats: ReleaseStats
    withdrawn: bool = False
    reason: str = ""  # why it was withdrawn
