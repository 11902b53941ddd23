"""Native mail (.eml, .msg, .mbox, .pst, .ost) into documents: one document per file, one email per message.

    sniff(path)                 what a file is, by its content: "pdf", "eml", "msg", "mbox", "pst",
                                "ost" or ""
    refusal(path)               why a file named like mail but holding something else is refused
    read_native(path, kind, …)  a file -> a NativeDocument: the DocumentRecord (no pages; its
                                messages as emails, their files as attachments), the PDFs among
                                the files to ingest as documents of the release (office documents
                                among them, to convert to PDF first), and the
                                messages of a mailbox that were refused, each with why

A message of a mailbox (an .mbox, an Outlook data file) is numbered by its place in the file
(1, 2, …): that number is its "page" for the email's id (ids.email_id(sha256, position, 0)) and
its citation ("message 3"; "folder Inbox, message 3" in a .pst). A message that breaks a bound
fails alone; the others of its file are stored. Headers come from the message itself
(ingest/mime.py, ingest/outlook.py, ingest/pst.py), never from the printed-email parser.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from archive.model import AttachmentRecord, DocumentRecord, EmailRecord, message_place

from .errors import IngestError
from .headers import normalize_subject
from .marks import find_exemptions
from .mime import (
    MailFile,
    MailLimits,
    MailRefused,
    NativeMessage,
    is_mbox,
    looks_like_headers,
    mbox_messages,
    read_message,
)
from .office import office_kind
from .outlook import OLE_MAGIC, is_outlook_message, read_outlook
from .pst import PST_MAGIC, StoreReader, store_kind

MEDIA_TYPES = {"eml": "message/rfc822", "msg": "application/vnd.ms-outlook", "mbox": "application/mbox",
               "pst": "application/vnd.ms-outlook-pst", "ost": "application/vnd.ms-outlook-ost"}
MAIL_SUFFIXES = frozenset({".eml", ".msg", ".mbox", ".pst", ".ost"})
HEAD_BYTES = 64 * 1024
PDF_HEAD = 1024  # a PDF's header may follow a little junk (Acrobat accepts it within 1 KB)


def looks_like_pdf(head: bytes) -> bool:
    """Whether a file's first bytes are a PDF's: its header within the first KB, and no message's
    headers before it (a message whose words name a PDF's header, "%PDF-1.7", is a message)."""
    return b"%PDF-" in head[:PDF_HEAD] and not is_mbox(head) and not looks_like_headers(head)


def sniff(path: Path) -> str:
    """What ``path`` holds, by its first bytes (and an OLE file's streams), whatever its name."""
    with open(path, "rb") as handle:
        head = handle.read(HEAD_BYTES)
    if looks_like_pdf(head) and not head.startswith(b"PK"):
        return "pdf"
    if head.startswith(OLE_MAGIC):
        return "msg" if is_outlook_message(path) else ""
    if head.startswith(PST_MAGIC):
        return store_kind(head)
    if is_mbox(head):
        return "mbox"
    if looks_like_headers(head):
        return "eml"
    return ""


def refusal(path: Path) -> str:
    """Why a file named like mail (``.msg``, ``.eml``, ``.mbox``, ``.pst``, ``.ost``) that holds no mail is refused."""
    suffix = path.suffix.lower()
    if suffix in (".pst", ".ost"):
        return (f"not an Outlook data file ({suffix} files begin with \"!BDN\", this one does not): "
                "ask for the file again, or export its folders from Outlook as a new .pst")
    if suffix == ".msg":
        return ("not an Outlook message: a .msg is an OLE compound file with a message's properties and "
                "this one is not; export the message again from Outlook")
    return f"not an Internet message ({suffix} files begin with mail headers, this one does not); export it again"


@dataclass(frozen=True)
class NativeDocument:
    record: DocumentRecord
    pdfs: tuple[tuple[str, Path], ...]  # (name, where its bytes are) of PDFs attached to its messages
    office: tuple[tuple[str, Path, str], ...]  # (name, where, kind) of office documents attached, to convert
    refused: tuple[tuple[str, str], ...]  # (where: "message 7", "folder Inbox, message 7", reason)
    warnings: tuple[str, ...]


def _messages(path: Path, kind: str, limits: MailLimits,
              stores: StoreReader) -> Iterator[tuple[str, int, NativeMessage | MailRefused | str]]:
    """(where, number, the message or why it was refused or a note about the file) of each
    message of ``path``; MailRefused when the whole file is refused."""
    if kind == "mbox":
        for position, data in mbox_messages(path, limits):
            try:
                if isinstance(data, MailRefused):
                    raise data
                yield f"message {position}", position, read_message(data, limits)
            except MailRefused as exc:
                yield f"message {position}", position, exc
    elif kind in ("pst", "ost"):
        for item in stores.messages(path, limits):
            where = message_place(MEDIA_TYPES[kind], item.folder, item.number) if item.number \
                else (f"folder {item.folder}" if item.folder else "")
            yield where, item.number, item.message or item.note
    elif kind == "msg":
        yield "", 1, read_outlook(path, limits)
    else:
        with open(path, "rb") as handle:
            data = handle.read(limits.max_message_bytes + 1)
        yield "", 1, read_message(data, limits)


def read_native(path: Path, kind: str, sha256: str, limits: MailLimits, scratch: Path,
                stores: StoreReader | None = None) -> NativeDocument:
    """``path`` (sniffed as ``kind``) as a document; IngestError when the file is refused whole (an
    .eml or .msg, an Outlook data file that cannot be opened or whose reader failed); a message of
    a mailbox refused alone is in ``refused``."""
    emails: list[EmailRecord] = []
    attachments: list[AttachmentRecord] = []
    pdfs: list[tuple[str, Path]] = []
    office: list[tuple[str, Path, str]] = []
    warnings: list[str] = []
    refused: list[tuple[str, str]] = []
    try:
        for where, position, message in _messages(path, kind, limits, stores or StoreReader()):
            prefix = f"{where}: " if where else ""
            if isinstance(message, str):
                warnings.append(prefix + message)
                continue
            if isinstance(message, MailRefused):
                if kind not in ("mbox", "pst", "ost"):
                    raise message
                refused.append((where, str(message)))
                continue
            warnings.extend(prefix + warning for warning in message.warnings)
            for ordinal, file in enumerate(message.files, start=1):
                kept, attachment = _kept(file, len(emails), ordinal, scratch)
                attachments.append(attachment)
                if attachment.suffix == ".pdf":
                    pdfs.append((file.filename, kept))
                elif document_kind := office_kind(file.data):
                    office.append((file.filename, kept, document_kind))
            emails.append(email_record(message, position, MEDIA_TYPES[kind]))
    except MailRefused as exc:
        raise IngestError(path, str(exc)) from None
    record = DocumentRecord(
        sha256=sha256, filename=path.name, size=path.stat().st_size, pages=(), emails=tuple(emails),
        fingerprint=hashlib.sha256(f"native\x00{sha256}".encode()).hexdigest(),
        media_type=MEDIA_TYPES[kind], attachments=tuple(attachments))
    return NativeDocument(record, tuple(pdfs), tuple(office), tuple(refused), tuple(warnings))


def _kept(file: MailFile, message: int, ordinal: int, scratch: Path) -> tuple[Path, AttachmentRecord]:
    """A message's file written to ``scratch`` by its SHA-256, and its record."""
    digest = hashlib.sha256(file.data).hexdigest()
    is_pdf = looks_like_pdf(file.data)
    kept = scratch / f"{digest}.{'pdf' if is_pdf else 'bin'}"
    if not kept.exists():
        kept.write_bytes(file.data)
    return kept, AttachmentRecord(
        message=message, ordinal=ordinal, filename=file.filename, content_type=file.content_type,
        size=len(file.data), sha256=digest, inline=file.inline, content_id=file.content_id,
        suffix=".pdf" if is_pdf else ".bin", path=str(kept))


def email_record(message: NativeMessage, position: int, media_type: str) -> EmailRecord:
    """One message as an email of its document, at ``position`` (its place in an .mbox or an
    Outlook data file, else 1)."""
    return EmailRecord(
        start_page=position, start_line=0, end_page=position, end_line=0, ordinal=0, kind=message.kind,
        quoted=False, parent=None, sender=message.sender, to=message.to, cc=message.cc, bcc=message.bcc,
        sent=message.sent, sent_raw=message.sent_raw, date_certainty=message.date_certainty,
        subject=message.subject, normalized_subject=normalize_subject(message.subject), body=message.body,
        exemptions=find_exemptions(message.body), attachments=tuple(f.filename for f in message.files),
        bates_start=None, bates_end=None, message_id=message.message_id, in_reply_to=message.in_reply_to,
        references=message.references, native=media_type, folder=message.folder)
