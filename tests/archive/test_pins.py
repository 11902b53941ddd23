"""Pin cites: an email's text cut at its page breaks, each part with its page and Bates number."""

from __future__ import annotations

import dataclasses

from archive.model import Email, Page
from archive.pins import BodyPart, body_by_page

PAGES = [
    "DEA-MSFT-000041\nan earlier email's last line",
    "From: Mark Ellison\nTo: Laura Brennan\nSubject: Pilot\n\nLaura,\nThe pilot starts\nDEA-MSFT-000042",
    "in March.\n\nMark\nFrom: Laura Brennan\nSubject: next",
]


def page(number: int, bates: str | None = None) -> Page:
    return Page(number=number, text=PAGES[number - 1], source="text-layer", ocr_confidence=None,
                bates=bates or f"DEA-MSFT-0000{40 + number}", exemptions=(), kind="email", fingerprint="")


EMAIL = Email(start_page=2, start_line=0, end_page=3, end_line=3, ordinal=0, kind="email", quoted=False,
              parent=None, sender=None, to=(), cc=(), bcc=(), sent=None, sent_raw="", date_certainty="missing",
              subject="Pilot", normalized_subject="pilot", body="Laura,\nThe pilot starts\nin March.\n\nMark",
              exemptions=(), attachments=(), bates_start="DEA-MSFT-000042", bates_end="DEA-MSFT-000043",
              id="abcd234567", document_id="d", release="r", parent_id=None)


def test_the_body_is_cut_where_each_page_begins():
    """GIVEN a body printed over pp. 2-3, the header and a Bates stamp on p. 2 left out of it
    WHEN it is cut THEN each part is the text on its page, with the page's Bates number."""
    assert body_by_page(EMAIL, [page(2), page(3)]) == (
        BodyPart(2, "DEA-MSFT-000042", "Laura,\nThe pilot starts", 0),
        BodyPart(3, "DEA-MSFT-000043", "in March.\n\nMark", len("Laura,\nThe pilot starts\n")),
    )


def test_the_parts_join_back_into_the_body():
    parts = body_by_page(EMAIL, [page(2), page(3)])
    assert "\n".join(p.text for p in parts) == EMAIL.body
    assert all(EMAIL.body[p.offset:].startswith(p.text) for p in parts)


def test_a_body_that_does_not_match_its_pages_gets_no_boundaries():
    corrected = dataclasses.replace(EMAIL, body="Laura,\nThe pilot begins\nin March.")
    assert body_by_page(corrected, [page(2), page(3)]) == ()
    assert body_by_page(EMAIL, [page(2)]) == ()  # a page missing
