"""What goes in: one index entry per email (quoted copies included, flagged), one per page
that belongs to no email and one for the text of a page outside its emails, and the Whoosh
fields an entry is written as."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..model import Email, Page, Party

# A multi-valued facet column holds "value<SEP_LABEL>label" items joined by SEP_VALUES.
SEP_VALUES = "\x1f"
SEP_LABEL = "\x1e"


@dataclass(frozen=True)
class IndexEntry:
    """What the index holds for one searchable unit: an email, a page that belongs to no email,
    or the text of a page outside its emails (``entry_outside_emails``)."""

    key: str  # "e:<email id>" or "p:<document id>:<page>"
    kind: str  # "email" or "page"
    release: str
    document: str
    body: str
    subject: str
    sender: str
    to: str
    cc: str
    sent: str  # ISO date or ""
    exemptions: tuple[str, ...]
    bates: tuple[str, ...]
    pages: tuple[int, ...]
    source: str
    quoted: bool
    parent: str = ""  # key of the email quoting this copy
    sender_facet: tuple[tuple[str, str], ...] = ()  # (value, label)
    recipient_facet: tuple[tuple[str, str], ...] = ()


def _party_terms(parties: Iterable[Party | None]) -> str:
    return " ".join(f"{p.name} {p.address} {' '.join(p.redactions)}" for p in parties if p)


def party_facet(party: Party) -> tuple[str, str]:
    """(filter value, label) of a sender or recipient: the address when there is one."""
    if party.address:
        value = party.address.strip().lower()
        label = f"{party.name} <{party.address}>" if party.name else party.address
    elif party.name:
        value, label = " ".join(party.name.lower().split()), party.name
    else:
        value = label = party.display
    clean = value.replace(",", " ").replace(SEP_LABEL, " ").replace(SEP_VALUES, " ").strip()
    return clean or "[unknown]", label.replace(SEP_LABEL, " ").replace(SEP_VALUES, " ")


def entry_for_email(email: Email, source: str, page_bates: dict[int, str], sent: str | None = None) -> IndexEntry:
    """``sent``: the time the index orders and filters the email by, when not as stored (a
    zone the document prints on other headers: ``archive.dates.in_printed_zones``, as
    ``printed_orders`` sorts the thread view and exhibit lists)."""
    pages = tuple(range(email.start_page, email.end_page + 1))
    recipients = dict(party_facet(p) for p in email.to + email.cc + email.bcc)
    return IndexEntry(
        key=f"e:{email.id}", kind="email", release=email.release, document=email.document_id,
        body=email.body, subject=email.subject, sender=_party_terms([email.sender]),
        to=_party_terms(email.to), cc=_party_terms(email.cc + email.bcc), sent=(email.sent or "") if sent is None else sent,
        exemptions=email.exemptions, bates=tuple(page_bates[p] for p in pages if p in page_bates),
        pages=pages, source=source, quoted=email.quoted,
        parent=f"e:{email.parent_id}" if email.parent_id else "",
        sender_facet=(party_facet(email.sender),) if email.sender else (),
        recipient_facet=tuple(recipients.items()),
    )


def entry_for_page(page: Page) -> IndexEntry:
    return IndexEntry(
        key=f"p:{page.document_id}:{page.number}", kind="page", release=page.release,
        document=page.document_id, body=page.text, subject="", sender="", to="", cc="", sent="",
        # (a cover letter's codes are those it explains, no withholding `exemption:` finds)
        exemptions=() if page.kind == "cover-letter" else page.exemptions, bates=(page.bates,) if page.bates else (),
        pages=(page.number,), source=page.source, quoted=False,
    )


OUTSIDE_ZONE = 6  # lines at a page's top and bottom, where stamps, legends and running heads are printed
OUTSIDE_MIN_WORDS = 8  # words in lower or mixed case: fewer are codes and stamps
_WORD = re.compile(r"[^\W\d_]{3,}")


def _written(line: str) -> int:
    """How many words of a line are written, not stamped: three letters or more, one of them lower
    case (an agency's stamps and legends are in capitals: "RELEASE IN PART", "NO WAIVER")."""
    return sum(1 for word in _WORD.findall(line) if not word.isupper())


def entry_outside_emails(page: Page, spans: Sequence[tuple[int, int | None]]) -> IndexEntry | None:
    """The text of a page that none of its emails holds, as a page entry, so every word written
    is found: lines OCR read out of their place (a body read above the header it follows) or a
    header the splitter could not read. ``spans``: the (first, end) lines of the page the emails
    hold (end None: to the page's end). Left out: the page's first and last ``OUTSIDE_ZONE``
    lines (outside the emails, what is printed there is the agency's stamps and legends, or the
    mail program's running head), lines in capitals only (stamps and legends printed elsewhere),
    and all of it when under ``OUTSIDE_MIN_WORDS`` words are left. The entry carries no Bates number or exemption: the
    page's email carries them, and one page is not two hits for them."""
    lines = page.text.splitlines()
    held = [False] * len(lines)
    for first, end in spans:
        held[first:end] = [True] * len(held[first:end])
    written = [k for k, line in enumerate(lines) if line.strip()]
    kept = [lines[k] for k in written[OUTSIDE_ZONE:-OUTSIDE_ZONE] if not held[k] and _written(lines[k])]
    if sum(map(_written, kept)) < OUTSIDE_MIN_WORDS:
        return None
    return IndexEntry(
        key=f"p:{page.document_id}:{page.number}", kind="page", release=page.release, document=page.document_id,
        body="\n".join(kept), subject="", sender="", to="", cc="", sent="", exemptions=(), bates=(),
        pages=(page.number,), source=page.source, quoted=False,
    )


def bates_key(stamp: str) -> str:
    """A Bates stamp as the index keeps it: without commas or spaces, as a query's ``bates:`` is
    read, so a stamp printed with a space ("ACLU-DEA 000123") is found typed either way."""
    return "".join(stamp.replace(",", "").split())


def _joined(pairs: Iterable[tuple[str, str]]) -> bytes:
    return SEP_VALUES.join(f"{v}{SEP_LABEL}{label}" for v, label in pairs).encode()


def document_fields(entry: IndexEntry) -> dict[str, str | bytes]:
    """The entry as the schema's fields (``schema.index_schema``)."""
    text = f"{entry.subject}\n{entry.body}" if entry.subject else entry.body
    exemptions = tuple(e.replace(",", " ") for e in entry.exemptions)
    return {
        "key": entry.key, "kind": entry.kind, "release": entry.release, "document": entry.document,
        "exact": text, "subject": entry.subject, "sender": entry.sender,
        "to": entry.to, "cc": entry.cc,
        "sender_key": entry.sender_facet[0][0] if entry.sender_facet else "",
        "recipient_key": ",".join(v for v, _ in entry.recipient_facet),
        "month": entry.sent[:7] if len(entry.sent) >= 7 else "",
        "exemption": ",".join(exemptions), "bates": ",".join(bates_key(b) for b in entry.bates),
        "pages": ",".join(str(p) for p in entry.pages), "source": entry.source,
        "quoted": "yes" if entry.quoted else "no",
        "sent": entry.sent.encode(), "parent": entry.parent.encode(),
        "f_sender": _joined(entry.sender_facet), "f_recipient": _joined(entry.recipient_facet),
        "f_exemption": _joined((e, e) for e in entry.exemptions),
    }


def decode_facet(raw: bytes, labels: dict[str, str]) -> tuple[str, ...]:
    """The values of a multi-valued facet column, noting each value's label in ``labels``."""
    if not raw:
        return ()
    values = []
    for item in raw.decode().split(SEP_VALUES):
        value, _, label = item.partition(SEP_LABEL)
        labels.setdefault(value, label or value)
        values.append(value)
    return tuple(values)
