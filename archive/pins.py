"""Pin cites: the page, and Bates number, each part of an email's text is printed on.

An email's body is the lines of its span (``start_page``/``start_line`` to
``end_page``/``end_line``) after its header, without page furniture, so it is a
subsequence of the stored page texts; walking both in order finds where each page
begins in it. An email printed on pp. 3-4 gives::

    (BodyPart(page=3, bates="DEA-MSFT-000042", text="Mark,\\nThe pilot ..."),
     BodyPart(page=4, bates="DEA-MSFT-000043", text="... next week."))

A body that is not such a subsequence (text corrected by hand, pages missing)
gives no parts: the text is then shown whole, without page boundaries, rather
than with boundaries that might be wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .model import Email, Page

__all__ = ["BodyPart", "body_by_page"]


@dataclass(frozen=True)
class BodyPart:
    """The part of an email's body printed on one page."""

    page: int
    bates: str | None
    text: str
    offset: int = 0  # where in the body it begins


def body_by_page(email: Email, pages: Sequence[Page]) -> tuple[BodyPart, ...]:
    """``email.body`` cut at its page breaks, one part per page of its span (``pages`` are the
    document's pages ``email.start_page`` to ``email.end_page``); () if they cannot be aligned."""
    by_number = {page.number: page for page in pages}
    body = email.body.split("\n")
    parts: list[BodyPart] = []
    taken = offset = 0  # lines of the body taken, and where the next part begins in it
    for number in range(email.start_page, email.end_page + 1):
        page = by_number.get(number)
        if page is None:
            return ()
        lines = page.text.splitlines()
        first = email.start_line if number == email.start_page else 0
        last = email.end_line if number == email.end_page else len(lines)
        start = taken
        for line in lines[first:last]:
            if taken < len(body) and body[taken] == line:
                taken += 1
        parts.append(BodyPart(number, page.bates, "\n".join(body[start:taken]), offset))
        offset += sum(len(line) + 1 for line in body[start:taken])
    return tuple(parts) if taken == len(body) else ()
