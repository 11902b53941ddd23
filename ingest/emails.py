"""A document's page texts -> the emails printed on them (split, then parse each header)."""

from __future__ import annotations

from collections.abc import Sequence

from archive.model import EmailRecord, Party

from .headers import parse_email
from .split import split_into_emails


def emails_from_pages(texts: Sequence[str], bates: Sequence[str | None]) -> tuple[list[EmailRecord], list[str]]:
    """Every email (quoted copies included) and every page's kind."""
    result = split_into_emails(texts)
    records: list[EmailRecord] = []
    for span in result.spans:
        parsed = parse_email(span)
        start, end = span.header.page, span.end_page
        records.append(EmailRecord(
            start_page=start, start_line=span.header.line, end_page=end, end_line=span.end_line,
            ordinal=span.header.ordinal, kind=parsed.kind, quoted=parsed.quoted, parent=span.parent,
            sender=parsed.sender if parsed.sender != Party() else None,
            to=parsed.to, cc=parsed.cc, bcc=parsed.bcc,
            sent=parsed.sent.iso, sent_raw=parsed.sent.raw, date_certainty=parsed.sent.certainty,
            subject=parsed.subject, normalized_subject=parsed.normalized_subject, body=span.body,
            exemptions=parsed.exemptions, attachments=parsed.attachments,
            bates_start=bates[start - 1] if start - 1 < len(bates) else None,
            bates_end=bates[end - 1] if end - 1 < len(bates) else None,
        ))
    return records, list(result.page_kinds)
