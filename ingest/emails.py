"""A document's page texts -> the emails printed on them (split, then parse each header)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace

from archive.model import EmailRecord, Party

from .headers import Correspondents, normalize_subject, parse_email, settle_subjects
from .split import split_into_emails


def emails_from_pages(texts: Sequence[str], bates: Sequence[str | None],
                      ocr_pages: Collection[int] | None = None) -> tuple[list[EmailRecord], list[str]]:
    """Every email (quoted copies included) and every page's kind.

    Headers are parsed twice: the first reading learns who and what the document
    prints cleanly and often, the second repairs what OCR misread against it.
    ``ocr_pages`` (page numbers read by OCR; default: every page) limits repairs to
    headers on those pages, and makes the others' readings trusted.
    """
    result = split_into_emails(texts)
    spans = result.spans
    repairable = [ocr_pages is None or span.header.page in ocr_pages for span in spans]
    first = [parse_email(span) for span in spans]

    def parties(trusted: bool) -> list[Party]:
        return [party for parsed, ocr in zip(first, repairable, strict=True) if ocr != trusted
                for party in (parsed.sender, *parsed.to, *parsed.cc, *parsed.bcc)]

    known = Correspondents.learn(parties(trusted=False), trusted=parties(trusted=True))
    parsed_emails = [parse_email(span, known) if ocr else parsed
                     for span, parsed, ocr in zip(spans, first, repairable, strict=True)]
    subjects = settle_subjects([parsed.subject for parsed in parsed_emails], repairable)
    records: list[EmailRecord] = []
    for span, parsed, subject in zip(spans, parsed_emails, subjects, strict=True):
        if subject != parsed.subject:
            parsed = replace(parsed, subject=subject, normalized_subject=normalize_subject(subject))
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
