"""Native mail (.eml, .msg, .mbox) into documents: one document per file, one email per message.

    sniff(path)                 what a file is, by its content: "pdf", "eml", "msg", "mbox" or ""
    refusal(path)               why a file named like mail but holding something else is refused
    read_native(path, kind, …)  a file -> a NativeDocument: the DocumentRecord (no pages; its
                                messages as emails, their files as attachments), the PDFs among
                                the files to ingest as documents of the release (office documents
                                among them, to convert to PDF first), and the
                                messages of an .mbox that were refused, each with why

A message of an .mbox is numbered by its place in the file (1, 2, …): that number is its
"page" for the email's id (ids.email_id(sha256, position, 0)) and its citation ("message 3").
A message that breaks a bound fails alone; the others of its .mbox are stored. Headers come
from the message itself (ingest/mime.py, ingest/outlook.py), never from the printed-email parser.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from archive.model import AttachmentRecord, DocumentRecord, EmailRecord

from .errors import IngestError
from .headers import normalize_subject
from .marks import find_exemptions
from .mime import (
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

MEDIA_TYPES = {"eml": "message/rfc822", "msg": "application/vnd.ms-outlook", "mbox": "application/mbox"}
MAIL_SUFFIXES = frozenset({".eml", ".msg", ".mbox", ".pst"})
HEAD_BYTES = 64 * 1024
PDF_HEAD = 1024  # a PDF's header may follow a little junk (Acrobat accepts it within 1 KB)


def sniff(path: Path) -> str:
    """What ``path`` holds, by its first bytes (and an OLE file's streams), whatever its name."""
    with open(path, "rb") as handle:
        head = handle.read(HEAD_BYTES)
    if b"%PDF-" in head[:PDF_HEAD] and not head.startswith(b"PK"):
        return "pdf"
    if head.startswith(OLE_MAGIC):
        return "msg" if is_outlook_message(path) else ""
    if is_mbox(head):
        return "mbox"
    if looks_like_headers(head):
        return "eml"
    return ""


def refusal(path: Path) -> str:
    """Why a file named like mail (``.msg``, ``.eml``, ``.mbox``, ``.pst``) that holds no mail is refused."""
    suffix = path.suffix.lower()
    if suffix == ".pst":
        return ("an Outlook data file (.pst) is not read here: export its folders from Outlook as .msg "
                "or .mbox files (or convert it with readpst from pst-utils) and ingest those")
    if suffix == ".msg":
        return ("not an Outlook message: a .msg is an OLE compound file with a message's properties and "
                "this one is not; export the message again from Outlook")
    return f"not an Internet message ({suffix} files begin with mail headers, this one does not); export it again"


@dataclass(frozen=True)
class NativeDocument:
    record: DocumentRecord
    pdfs: tuple[tuple[str, Path], ...]  # (name, where its bytes are) of PDFs attached to its messages
    office: tuple[tuple[str, Path, str], ...]  # (name, where, kind) of office documents attached, to convert
    refused: tuple[tuple[int, str], ...]  # (message position, reason) in an .mbox
    warnings: tuple[str, ...]


def read_native(path: Path, kind: str, sha256: str, limits: MailLimits, scratch: Path) -> NativeDocument:
    """``path`` (sniffed as ``kind``) as a document; IngestError when an .eml or .msg is refused."""
    if kind == "mbox":
        numbered: list[tuple[int, NativeMessage]] = []
        refused: list[tuple[int, str]] = []
        for position, data in mbox_messages(path, limits):
            try:
                if isinstance(data, MailRefused):
                    raise data
                numbered.append((position, read_message(data, limits)))
            except MailRefused as exc:
                refused.append((position, str(exc)))
    else:
        try:
            if kind == "msg":
                message = read_outlook(path, limits)
            else:
                size = path.stat().st_size
                with open(path, "rb") as handle:
                    data = handle.read(min(size, limits.max_message_bytes + 1))
                message = read_message(data, limits)
        except MailRefused as exc:
            raise IngestError(path, str(exc)) from None
        numbered, refused = [(1, message)], []
    emails: list[EmailRecord] = []
    attachments: list[AttachmentRecord] = []
    pdfs: list[tuple[str, Path]] = []
    office: list[tuple[str, Path, str]] = []
    warnings: list[str] = []
    for index, (position, message) in enumerate(numbered):
        where = f"message {position}: " if kind == "mbox" else ""
        warnings.extend(where + warning for warning in message.warnings)
        emails.append(email_record(message, position, MEDIA_TYPES[kind]))
        for ordinal, file in enumerate(message.files, start=1):
            digest = hashlib.sha256(file.data).hexdigest()
            is_pdf = b"%PDF-" in file.data[:PDF_HEAD]
            kept = scratch / f"{digest}.{'pdf' if is_pdf else 'bin'}"
            if not kept.exists():
                kept.write_bytes(file.data)
            attachments.append(AttachmentRecord(
                message=index, ordinal=ordinal, filename=file.filename, content_type=file.content_type,
                size=len(file.data), sha256=digest, inline=file.inline, content_id=file.content_id,
                suffix=".pdf" if is_pdf else ".bin", path=str(kept)))
            if is_pdf:
                pdfs.append((file.filename, kept))
            elif document_kind := office_kind(file.data):
                office.append((file.filename, kept, document_kind))
    record = DocumentRecord(
        sha256=sha256, filename=path.name, size=path.stat().st_size, pages=(), emails=tuple(emails),
        fingerprint=hashlib.sha256(f"native\x00{sha256}".encode()).hexdigest(),
        media_type=MEDIA_TYPES[kind], attachments=tuple(attachments))
    return NativeDocument(record, tuple(pdfs), tuple(office), tuple(refused), tuple(warnings))


def email_record(message: NativeMessage, position: int, media_type: str) -> EmailRecord:
    """One message as an email of its document, at ``position`` (its place in an .mbox, else 1)."""
    return EmailRecord(
        start_page=position, start_line=0, end_page=position, end_line=0, ordinal=0, kind="email",
        quoted=False, parent=None, sender=message.sender, to=message.to, cc=message.cc, bcc=message.bcc,
        sent=message.sent, sent_raw=message.sent_raw, date_certainty=message.date_certainty,
        subject=message.subject, normalized_subject=normalize_subject(message.subject), body=message.body,
        exemptions=find_exemptions(message.body), attachments=tuple(f.filename for f in message.files),
        bates_start=None, bates_end=None, message_id=message.message_id, in_reply_to=message.in_reply_to,
        references=message.references, native=media_type)
