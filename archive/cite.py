"""Citations a lawyer can paste into a brief: pure functions over the model.

    Email from Jane Roe to John Doe (Nov. 13, 2018, 3:45 PM), in DEA–Microsoft
    FOIA Release, at DEA-MSFT-000123–125, https://…/e/abcd234567

Names come from ``Party.display`` (so a redacted name reads "[redacted (b)(6)]");
months use the Bluebook abbreviations; a Bates range drops the repeated prefix
and leading zeros of its end ("DEA-MSFT-000123–125"); a date the splitter was not
sure of is cited as printed rather than silently normalised.
"""

from __future__ import annotations

import re
from datetime import datetime

from .dates import BLUEBOOK_MONTHS
from .model import Document, Email, Page, Party, Release

_TRAILING_DIGITS = re.compile(r"^(.*?)(\d+)$")
EN_DASH = "\u2013"


def format_date(iso: str | None) -> str:
    """"2018-11-13T15:45:00" → "Nov. 13, 2018, 3:45 PM"; "2018-11-13" → "Nov. 13, 2018"."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    text = f"{BLUEBOOK_MONTHS[moment.month - 1]} {moment.day}, {moment.year}"
    if "T" in iso or " " in iso.strip():
        hour = moment.hour % 12 or 12
        text += f", {hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"
    return text


def cited_date(email: Email) -> str:
    """The date as a citation shows it, honest about uncertainty."""
    raw = " ".join(email.sent_raw.split())
    if email.sent and email.date_certainty == "exact":
        return format_date(email.sent)
    if email.sent:
        return f"{format_date(email.sent)} [date uncertain; printed \u201c{raw}\u201d]" if raw \
            else f"{format_date(email.sent)} [date uncertain]"
    if raw:
        return f"date printed as \u201c{raw}\u201d"
    return "undated"


def bates_range(start: str | None, end: str | None) -> str:
    """"DEA-MSFT-000123", "DEA-MSFT-000125" → "DEA-MSFT-000123–125"."""
    if not start:
        return end or ""
    if not end or end == start:
        return start
    first, last = _TRAILING_DIGITS.match(start), _TRAILING_DIGITS.match(end)
    if first and last and first.group(1) == last.group(1):
        return f"{start}{EN_DASH}{int(last.group(2))}"
    return f"{start}{EN_DASH}{end}"


def page_range(start: int, end: int) -> str:
    return f"p. {start}" if start == end else f"pp. {start}{EN_DASH}{end}"


def recipients(parties: tuple[Party, ...]) -> str:
    """One name, two joined by "and", or the first "et al."."""
    names = [p.display for p in parties]
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


def email_title(email: Email) -> str:
    """"Email from A to B": the description that opens a citation."""
    kind = "Meeting invitation" if email.kind == "meeting" else "Email"
    sender = email.sender.display if email.sender else "[unknown]"
    text = f"{kind} from {sender}"
    to = recipients(email.to)
    return f"{text} to {to}" if to else text


def _pinpoint(bates_start: str | None, bates_end: str | None, document: Document | None,
              first: int, last: int) -> str:
    if bates_start or bates_end:
        return bates_range(bates_start, bates_end)
    where = page_range(first, last)
    return f"{document.filename}, {where}" if document else where


def email_citation(email: Email, release: Release, permalink: str,
                   document: Document | None = None) -> str:
    """The full citation of an email, ending with its permalink."""
    pinpoint = _pinpoint(email.bates_start, email.bates_end, document, email.start_page, email.end_page)
    return (f"{email_title(email)} ({cited_date(email)}), in {release.title}, "
            f"at {pinpoint}, {permalink}")


def page_citation(page: Page, release: Release, permalink: str,
                  document: Document | None = None) -> str:
    """A citation of one page: the release and the page's Bates number (or file and page)."""
    pinpoint = _pinpoint(page.bates, None, document, page.number, page.number)
    return f"{release.title}, at {pinpoint}, {permalink}"
