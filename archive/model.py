"""Plain records that cross module lines: what ingest produces and the archive stores."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Party:
    """A sender or recipient as printed: display name, address, and any redaction codes.

    A redacted name or address is not an error: the exemption code printed over it
    (canonical form, e.g. "(b)(6)") is kept in ``redactions`` and the field is "".
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
            return "[redacted " + ", ".join(self.redactions) + "]"
        return "[unknown]"


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


@dataclass(frozen=True)
class DocumentRecord:
    """Everything ingest learned from one PDF, ready to be stored in one transaction."""

    sha256: str
    filename: str
    size: int
    pages: tuple[PageRecord, ...]
    emails: tuple[EmailRecord, ...]
    fingerprint: str  # hash of the page fingerprints: same pages in another container
    parent_sha256: str | None = None  # for a file embedded in another PDF


@dataclass(frozen=True)
class Email(EmailRecord):
    """An email as stored: the record plus where it lives."""

    id: str
    document_id: str
    release: str
    parent_id: str | None
    reviewed: str = ""  # "checked" or "corrected" by a person (archive/corrections.py), else ""


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


@dataclass(frozen=True)
class ReleaseListing:
    """A release as `foia release list` shows it: its counts, and whether it was withdrawn."""

    release: Release
    stats: ReleaseStats
    withdrawn: bool = False
    reason: str = ""  # why it was withdrawn
