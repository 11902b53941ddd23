"""Pin cites on the email page and in its JSON: where each Bates page begins in the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive import Archive, Release, ids
from archive.files import sha256_file
from archive.model import DocumentRecord
from web import create_app

from .conftest import SCRIPT, email_record, make_pdf, page_record

PAGES = ["From: Jane Roe\nTo: John Doe\nSubject: Pilot\n\nJohn,\nThe pilot starts",
         f"in March. {SCRIPT}\n\nJane"]


@pytest.fixture(scope="module")
def two_pages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("pins")
    pdf = make_pdf(root / "pins.pdf", PAGES)
    record = DocumentRecord(
        sha256=sha256_file(pdf), filename="pins.pdf", size=pdf.stat().st_size,
        pages=tuple(page_record(n, text) for n, text in enumerate(PAGES, start=1)),
        emails=(email_record(1, 2, end_line=3, body=f"John,\nThe pilot starts\nin March. {SCRIPT}\n\nJane"),),
        fingerprint="pins")
    with Archive.open(root / "archive") as archive:
        archive.store.save_release(Release(slug="pins", title="Pins"))
        archive.add_document("pins", record, pdf)
    return root / "archive", ids.email_id(record.sha256, 1, 0)


@pytest.fixture
def client(two_pages):
    home, _ = two_pages
    return create_app({"TESTING": True, "ARCHIVE_HOME": str(home), "PUBLIC_URL": "https://foia.test"}).test_client()


def test_the_email_text_shows_where_each_bates_page_begins(client, two_pages):
    _, email_id = two_pages
    html = client.get(f"/e/{email_id}").get_data(as_text=True)
    text = html[html.index('class="body-text"'):]
    text = text[:text.index("</div>")]
    first, second = text.index("— TEST-000001 (p. 1) —"), text.index("— TEST-000002 (p. 2) —")
    assert first < text.index("The pilot starts") < second < text.index("in March.")
    assert 'href="#p2"' in text and SCRIPT not in text  # still escaped


def test_the_json_gives_the_body_page_by_page(client, two_pages):
    _, email_id = two_pages
    data = client.get(f"/api/emails/{email_id}").get_json()["data"]
    assert data["body_parts"] == [
        {"page": 1, "bates": "TEST-000001", "pin": "TEST-000001 (p. 1)", "text": "John,\nThe pilot starts",
         "url": f"https://foia.test/e/{email_id}#p1"},
        {"page": 2, "bates": "TEST-000002", "pin": "TEST-000002 (p. 2)", "text": f"in March. {SCRIPT}\n\nJane",
         "url": f"https://foia.test/e/{email_id}#p2"},
    ]
    assert "\n".join(p["text"] for p in data["body_parts"]) == data["body"]
