"""Outlook messages (.msg) read with extract-msg, bounded.

    is_outlook_message(path)    an OLE compound file holding an Outlook message?
    read_outlook(path, limits)  -> a NativeMessage (ingest/mime.py), as an .eml is read

The only module that imports ``extract_msg`` and ``olefile`` (import-linter: .importlinter).
A .msg keeps the Internet headers it arrived with, when it arrived by mail: From, Date
(with its zone), Message-ID, In-Reply-To and References are taken from them first, then
from the message's own properties (a date there is in UTC). The body is the plain text,
else the HTML reduced; the RTF body is read only when it is all there is, and only when
it unpacks within the body limit (compressed RTF states its unpacked size up front).
"""

from __future__ import annotations

import struct
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from archive.model import Party

from .mime import (
    MAX_PARTIES,
    MB,
    MailFile,
    MailLimits,
    MailRefused,
    NativeMessage,
    addresses,
    body_within,
    date_fields,
    decoded_text,
    html_to_text,
    message_ids,
    parse_date,
    party,
    recipients_cut,
    safe_filename,
    shown,
)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_RECIPIENT_TYPES = {1: "to", 2: "cc", 3: "bcc"}


def is_outlook_message(path: Path) -> bool:
    """Is ``path`` an OLE compound file with an Outlook message's property streams?"""
    import olefile

    try:
        if not olefile.isOleFile(str(path)):
            return False
        with olefile.OleFileIO(str(path)) as ole:
            return ole.exists("__properties_version1.0") and any(
                entry[0].startswith("__substg1.0_") for entry in ole.listdir(streams=True, storages=False))
    except Exception:  # noqa: BLE001 - olefile raises many kinds on damaged files: not a message
        return False


_LEGACY_OFFICE_STREAMS = (("WordDocument", "doc"), ("Workbook", "xls"), ("Book", "xls"),
                          ("PowerPoint Document", "ppt"))


def legacy_office_kind(data: bytes) -> str:
    """``"doc"``, ``"xls"`` or ``"ppt"`` for an Office 97-2003 file (an OLE compound file with
    that program's main stream), else ``""``."""
    import olefile

    if not data.startswith(OLE_MAGIC):
        return ""
    try:
        with olefile.OleFileIO(data) as ole:
            return next((kind for stream, kind in _LEGACY_OFFICE_STREAMS if ole.exists(stream)), "")
    except Exception:  # noqa: BLE001 - olefile raises many kinds on damaged files: not a document
        return ""


def read_outlook(path: Path, limits: MailLimits) -> NativeMessage:
    """A .msg's headers, body and files (MailRefused when it cannot be read or breaks a bound)."""
    import extract_msg
    from extract_msg.exceptions import ExMsgBaseException

    size = path.stat().st_size
    if size > limits.max_message_bytes:
        raise MailRefused(f"the message is {size / MB:,.1f} MB, over the {limits.max_message_bytes // MB} MB "
                          "limit (FOIA_MAIL_MAX_MESSAGE_MB); raise the limit if it is genuine")
    try:
        message = extract_msg.openMsg(str(path), strict=True)
    except (ExMsgBaseException, OSError, ValueError, KeyError, struct.error) as exc:
        raise MailRefused(f"not a readable Outlook message ({shown(str(exc), 200) or type(exc).__name__}); "
                          "export it again from Outlook") from exc
    try:
        return _read(message, limits)
    except MailRefused:
        raise
    except (ExMsgBaseException, ValueError, KeyError, TypeError, struct.error, UnicodeError) as exc:
        raise MailRefused(f"a damaged Outlook message ({type(exc).__name__}: {shown(str(exc), 200)}); "
                          "export it again from Outlook") from exc
    finally:
        message.close()


def _read(message: Any, limits: MailLimits) -> NativeMessage:
    warnings: list[str] = []
    header = message.header  # the Internet headers it arrived with, or ones made from its properties
    recipients: dict[str, list[Party]] = {"to": [], "cc": [], "bcc": []}
    listed = list(message.recipients)
    for recipient in listed[:3 * MAX_PARTIES]:
        kind = _RECIPIENT_TYPES.get(int(recipient.type or 1))
        if kind:
            recipients[kind].append(party(recipient.name or "", recipient.email or ""))
    if len(listed) > 3 * MAX_PARTIES:
        warnings.append(recipients_cut("recipients", 3 * MAX_PARTIES))
    from_header = header.get("From") if message.headerText else None
    sender = addresses(str(from_header)) if from_header else ()
    if not sender:
        name = message.getStringStream("__substg1.0_0C1A") or ""
        address = message.getStringStream("__substg1.0_5D01") or message.getStringStream("__substg1.0_0C1F") or ""
        sender = (party(name, address),) if name or address else ()
    date_header = header.get("Date") if message.headerText else None
    if date_header:
        sent, sent_raw, certainty = parse_date(str(date_header))
    else:
        moment = message.date
        sent, sent_raw, certainty = date_fields(moment.isoformat() if moment else "", _in_utc(moment))

    def from_header_or(name: str, fallback: str | None) -> str:
        value = header.get(name) if message.headerText else None
        return str(value) if value else (fallback or "")

    files = _files(message, limits, warnings)
    return NativeMessage(
        sender=sender[0] if sender else None, to=tuple(recipients["to"]) or addresses(from_header_or("To", "")),
        cc=tuple(recipients["cc"]), bcc=tuple(recipients["bcc"]),
        sent=sent, sent_raw=sent_raw, date_certainty=certainty, subject=shown(message.subject or ""),
        message_id=next(iter(message_ids(from_header_or("Message-ID", message.messageId))), ""),
        in_reply_to=next(iter(message_ids(from_header_or("In-Reply-To", message.inReplyTo))), ""),
        references=message_ids(from_header_or("References", ""))[:200],
        body=body_within(_body(message, limits, warnings), limits), files=files, warnings=tuple(warnings))


def _body(message: Any, limits: MailLimits, warnings: list[str]) -> str:
    plain = message.getStringStream("__substg1.0_1000")
    if plain is not None:
        return str(plain)
    html = message.getStream("__substg1.0_10130102")
    if html:
        return html_to_text(decoded_text(html, "utf-8", warnings, "the HTML body"), warnings)
    compressed = message.compressedRtf
    if compressed and len(compressed) >= 8:
        unpacked = struct.unpack_from("<I", compressed, 4)[0]  # RAWSIZE, after COMPSIZE
        if unpacked > limits.max_body_chars * 4:
            raise MailRefused(f"its RTF body unpacks to {unpacked:,} bytes, over the body limit "
                              "(FOIA_MAIL_MAX_BODY_CHARS); raise the limit if it is genuine")
        return str(message.body or "")
    return ""


def _files(message: Any, limits: MailLimits, warnings: list[str]) -> tuple[MailFile, ...]:
    files: list[MailFile] = []
    for ordinal, attachment in enumerate(list(message.attachments), start=1):
        if ordinal > limits.max_parts:
            raise MailRefused(f"more than {limits.max_parts:,} attachments (FOIA_MAIL_MAX_PARTS)")
        data = attachment.data
        name = safe_filename(attachment.getFilename() or "", ordinal, attachment.mimetype or "")
        if not isinstance(data, bytes):  # an attached Outlook item: its own .msg inside this one
            warnings.append(f"attachment {ordinal} ({name}) is an Outlook item inside the message; "
                            "it is not kept separately (the original .msg holds it)")
            continue
        if len(data) > limits.max_attachment_bytes:
            raise MailRefused(f"attachment {ordinal} ({name}) is over the {limits.max_attachment_bytes // MB} MB "
                              "limit (FOIA_MAIL_MAX_ATTACHMENT_MB); raise the limit if it is genuine")
        content_id = shown(attachment.contentId or "", 250)
        files.append(MailFile(name, shown(attachment.mimetype or "application/octet-stream", 100), data,
                              bool(content_id) and bool(getattr(attachment, "hidden", False)), content_id))
    return tuple(files)


def _in_utc(moment: object) -> datetime | None:
    """A message's own time property in UTC; None for none, or one no calendar holds there."""
    try:
        return moment.astimezone(UTC) if isinstance(moment, datetime) else None
    except (OverflowError, ValueError):
        return None
