"""A redaction log for a release: a draft Vaughn index.

Every exemption code printed on a released page marks a withholding: in a
header field ("To: (b)(6)"), in the body, or in the margin beside the line it
covers (the FBI's "b6 -1 Per FBI"). Each becomes a row: document, page, Bates,
line, where it sits, the codes, the words around it, and the email it belongs
to; pages withheld in full and deleted-page sheets are rows too, with the
reason printed on them. Totals by exemption, by document and by correspondent
follow. Cover letters are left out (they list codes to explain them, not to
withhold), and so are release stamps that sum a page up ("RELEASE IN PART B6"). Built from the stored page text, so it covers what the text shows:
a box printed without a code is not in it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate

from archive import Archive, Document, Email, Page

from .marks import exemption_spans, find_exemptions, withheld_on_page
from .split import codes_only, header_label, owner_outside

MAX_CONTEXT = 160
WHOLE_PAGE = {"withheld": "page withheld in full", "deleted": "deleted-page sheet"}
FIELD_NAMES = {"from": "From", "to": "To", "cc": "Cc", "bcc": "Bcc", "sent": "Sent", "subject": "Subject",
               "attachments": "Attachments"}


@dataclass(frozen=True)
class Redaction:
    document_id: str
    filename: str
    page: int
    bates: str
    line: int  # 1-based line of the page's text; 0 for a whole page
    where: str  # a header field ("To"), "body", or a whole page's kind
    codes: tuple[str, ...]
    context: str  # the line as printed (bounded), or what a whole page's sheet says
    email_id: str | None
    correspondent: str  # the sender of the email it belongs to, as printed


@dataclass(frozen=True)
class RedactionLog:
    rows: tuple[Redaction, ...]
    by_exemption: tuple[tuple[str, int], ...]  # most used first
    by_document: tuple[tuple[str, int], ...]
    by_correspondent: tuple[tuple[str, int], ...]
    documents_read: int
    documents: int

    @property
    def complete(self) -> bool:
        return self.documents_read == self.documents


def documents_to_read(archive: Archive, slug: str, max_pages: int | None = None) -> tuple[list[Document], int]:
    """A release's documents (its duplicate files left out), in order, up to the one that reaches
    ``max_pages`` pages (all with None), and how many there are: what a report reads so that a
    page on the site stays cheap however large the release. NotFound for a release the reader
    may not see."""
    archive.release(slug)
    documents = [d for d in archive.documents(slug) if not d.duplicate_of]
    read = pages = 0
    while read < len(documents) and (max_pages is None or pages < max_pages):
        pages += documents[read].page_count
        read += 1
    return documents[:read], len(documents)


def redaction_log(archive: Archive, slug: str, max_pages: int | None = None) -> RedactionLog:
    """Every withholding printed on the release's pages, with totals (with ``max_pages``, on the
    documents :func:`documents_to_read` gives; the CSV reads them all, see :func:`redactions`)."""
    documents, total = documents_to_read(archive, slug, max_pages)
    rows = [row for d in documents for row in _document_rows(archive, d.id, d.filename)]
    codes = Counter(code for row in rows for code in row.codes)
    return RedactionLog(
        rows=tuple(rows),
        by_exemption=tuple(sorted(codes.items(), key=lambda item: (-item[1], item[0]))),
        by_document=_totals(row.filename for row in rows),
        by_correspondent=_totals(row.correspondent for row in rows if row.correspondent),
        documents_read=len(documents), documents=total,
    )


def redactions(archive: Archive, slug: str) -> Iterator[Redaction]:
    """Every row of the release's log, one document at a time (for a streamed export)."""
    for document in documents_to_read(archive, slug)[0]:
        yield from _document_rows(archive, document.id, document.filename)


def _document_rows(archive: Archive, document_id: str, filename: str) -> Iterator[Redaction]:
    emails = archive.emails_in_document(document_id)
    for page in archive.pages(document_id):
        found = exemption_spans(page.text)
        if not found and page.kind not in WHOLE_PAGE:
            continue
        bates = page.bates or ""
        if page.kind in WHOLE_PAGE:
            owner = _owner(emails, page.number, 0)
            yield Redaction(document_id, filename, page.number, bates, 0, WHOLE_PAGE[page.kind],
                            find_exemptions(page.text), _context(_stated_reason(page)),
                            owner.id if owner else None, _sender(owner))
            continue
        lines = page.text.split("\n")
        ends = list(accumulate(len(line) + 1 for line in lines))  # each line's end offset in the text
        for index in sorted({bisect_right(ends, start) for start, _, _ in found}):
            line = lines[index]
            codes = withheld_on_page(lines, index, page.kind)
            if not codes:
                continue  # the release decision stamp ("RELEASE IN PART B5,B6") sums the page up
            label = header_label(line)
            owner = _owner(emails, page.number, index, codes_only(line))
            yield Redaction(document_id, filename, page.number, bates, index + 1,
                            FIELD_NAMES.get(label[0], "body") if label else "body", codes,
                            _context(line) if label else _around(lines, index, exemption_spans(line)),
                            owner.id if owner else None, _sender(owner))


def _owner(emails: list[Email], page: int, line: int, alone: bool = True) -> Email | None:
    """The innermost email whose span holds (page, line): a quoted copy before the reply quoting
    it; for a line of codes ``alone`` outside every email, the top-level one ``owner_outside``
    gives (whose exemptions hold its codes: ingest/emails.py); none for other lines outside."""
    # an email's span ends before its (end page, end line): that line is the next one's lead
    holding = [e for e in emails if (e.start_page, e.start_line) <= (page, line) < (e.end_page, e.end_line)]
    if holding:
        return max(holding, key=lambda e: (e.start_page, e.start_line))
    if not alone:
        return None
    tops = [e for e in emails if not e.quoted]
    owner = owner_outside([(e.start_page, e.start_line, e.end_page) for e in tops], page, line)
    return tops[owner] if owner is not None else None


def _sender(email: Email | None) -> str:
    return email.sender.display if email is not None and email.sender is not None else ""


def _stated_reason(page: Page) -> str:
    """What a withheld page or deleted-page sheet says: its lines that carry codes or reasons."""
    said = [line.strip() for line in page.text.splitlines()
            if exemption_spans(line) or any(w in line.lower() for w in ("duplicate", "referral", "withheld"))]
    return " · ".join(said)


def _around(lines: list[str], index: int, spans: list[tuple[int, int, str]]) -> str:
    """The line of a code; a line that is only its box's label ("B6") between its neighbours."""
    line = lines[index]
    rest = "".join(line[end:start] for (_, end, _), (start, _, _) in
                   zip([(0, 0, ""), *spans], [*spans, (len(line), 0, "")], strict=True))
    if sum(c.isalpha() for c in rest) >= 3:
        return _context(line)
    before = next((lines[i] for i in range(index - 1, -1, -1) if lines[i].strip()), "")
    after = next((lines[i] for i in range(index + 1, len(lines)) if lines[i].strip()), "")
    return _context(f"{before.strip()[-70:]} [{line.strip()}] {after.strip()[:70]}")


def _context(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_CONTEXT else text[:MAX_CONTEXT - 1] + "…"


def _totals(names: Iterator[str] | list[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(Counter(names).items(), key=lambda item: (-item[1], item[0])))
