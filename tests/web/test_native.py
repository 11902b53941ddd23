"""Native mail on the site: a readable email page (headers, text, attachments), the original and
each attachment to download byte for byte, the API, search and exports; one Chromium test."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from archive import Archive, Release
from tests.conftest import SAMPLES
from web import create_app

from .serve import foia_run

NATIVE = SAMPLES / "native"
TRUTH = json.loads((NATIVE / "truth.json").read_text())


@pytest.fixture(scope="module")
def ids(native_archive: Path) -> dict[str, tuple[str, str]]:
    """message-id -> (email id, document id)."""
    with Archive.open(native_archive) as archive:
        return {e.message_id: (e.id, e.document_id) for e in archive.iter_emails() if e.message_id}


@pytest.fixture
def client(native_archive: Path):
    app = create_app({"TESTING": True, "ARCHIVE_HOME": str(native_archive), "PUBLIC_URL": "https://foia.test"})
    return app.test_client()


def test_the_email_page_shows_headers_text_and_attachments_and_no_page_images(client, ids):
    email, document = ids["<pricing-memo-20181211@microsoft.example>"]
    page = client.get(f"/e/{email}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Pilot pricing memo" in html and "Café meeting notes" in html
    assert "&lt;pricing-memo-20181211@microsoft.example&gt;" in html  # Message-ID, escaped
    assert "inbox.mbox, message 3" in html  # breadcrumb and citation
    assert 'class="page-images"' not in html and "/p/1.png" not in html
    assert f'href="/e/{email}/attachments/1"' in html and "pilot pricing memo.pdf" in html
    assert f'href="/d/{document}/original"' in html
    assert "at inbox.mbox, message 3 (Drug Enforcement Administration" in html


def test_the_release_page_links_native_mail_to_its_messages_and_original(client, ids, native_archive):
    """The release page linked each mail file to its page 1 (a 404: native mail has no pages) and
    called its original "PDF". GIVEN the native release WHEN its page is read THEN each mail file
    links to its first message and to its original (a PDF attached to a message is a document
    with pages, linked as one), and every link there answers."""
    with Archive.open(native_archive) as archive:
        slug = archive.store.releases()[0].slug
    html = client.get(f"/r/{slug}").get_data(as_text=True)
    listed = re.search(r'<ul class="plain-list documents">.*?</ul>', html, re.S).group(0)
    documents = {document for _, document in ids.values()}
    for document in documents:
        assert f'href="/d/{document}"' in listed and f'href="/d/{document}/original" data-original>original<' in listed
        assert f"/d/{document}/p/1" not in listed and f"/d/{document}.pdf" not in listed
    for link in re.findall(r'href="([^"]+)"', listed):
        with client.get(link, follow_redirects=True) as answer:
            assert answer.status_code == 200, link


def test_no_script_from_a_message_reaches_the_page(client, ids):
    email, _ = ids["<holiday-20181129@microsoft.example>"]
    html = client.get(f"/e/{email}").get_data(as_text=True)
    assert "Federal holiday reception" in html
    assert "alert(" not in html and "steal()" not in html and "color:red" not in html
    assert "logo.png" in html and "shown inside the message" in html


def test_the_original_downloads_byte_for_byte_and_never_renders(client, ids):
    for message_id, file in (("<checkin-20181128@microsoft.example>", "inbox.mbox"),
                             ("<regulation-20180801@microsoft.example>", "regulation.msg"),
                             ("<exec-briefing-20171019@microsoft.example>", "briefing-request.eml")):
        _, document = ids[message_id]
        with client.get(f"/d/{document}/original") as response:
            assert response.status_code == 200 and response.data == (NATIVE / file).read_bytes()
            assert response.headers["Content-Type"] == "application/octet-stream"
            assert response.headers["Content-Disposition"] == f"attachment; filename={file}"
        assert client.get(f"/d/{document}.pdf").headers["Location"].endswith(f"/d/{document}/original")
        with client.get(f"/d/{document}/original", headers={"Range": "bytes=0-4"}) as ranged:
            assert ranged.status_code == 206 and ranged.data == (NATIVE / file).read_bytes()[:5]


def test_an_attachment_downloads_byte_for_byte_and_a_missing_one_is_404(client, ids, native_archive):
    email, _ = ids["<briefing-notes-20171024@microsoft.example>"]
    with client.get(f"/e/{email}/attachments/1") as response:
        assert response.status_code == 200
        assert response.data == b"1. Deployed services\n2. Customer examples (cleared)\n3. Next steps\n"
        assert response.headers["Content-Type"] == "application/octet-stream"
        assert 'filename="talking points.txt"' in response.headers["Content-Disposition"]
    missing = client.get(f"/e/{email}/attachments/2")
    assert missing.status_code == 404 and "has no attachment 2" in missing.get_data(as_text=True)


def test_a_native_document_url_opens_its_first_message(client, ids):
    email, document = ids["<checkin-20181128@microsoft.example>"]
    assert client.get(f"/d/{document}").headers["Location"].endswith(f"/e/{email}")
    assert client.get(f"/d/{document}/p/1").status_code == 404


def test_the_api_gives_the_message_headers_and_its_files(client, ids):
    email, document = ids["<pricing-memo-20181211@microsoft.example>"]
    data = client.get(f"/api/emails/{email}").get_json()["data"]
    assert data["message_id"] == "<pricing-memo-20181211@microsoft.example>"
    assert data["in_reply_to"] == "<checkin-20181128@microsoft.example>"
    assert data["pages"] == [] and data["original_url"] == f"https://foia.test/d/{document}/original"
    (memo,) = data["attachment_files"]
    assert memo["filename"] == "pilot pricing memo.pdf" and memo["document"]
    assert memo["url"] == f"https://foia.test/e/{email}/attachments/1"
    doc = client.get(f"/api/documents/{document}").get_json()["data"]
    assert doc["media_type"] == "application/mbox" and doc["pdf_url"] is None and len(doc["emails"]) == 3


def test_search_and_export_find_native_messages(client, ids):
    email, _ = ids["<holiday-20181129@microsoft.example>"]
    html = client.get("/search?q=from:megan+reception").get_data(as_text=True)
    assert f"/e/{email}" in html and "Native email" in html
    assert not re.search(r'class="snippet-page">p\. 2<', html)
    exported = client.get("/search/export.csv?q=reception").get_data(as_text=True).lstrip("\ufeff")
    (row,) = list(csv.DictReader(io.StringIO(exported)))
    assert row["id"] == email and row["pages"] == "message 2" and row["bates"] == ""


@pytest.mark.browser
def test_a_reader_opens_a_native_message_and_downloads_its_original(native_archive, chromium, ids, tmp_path):
    from playwright.sync_api import sync_playwright

    email, _ = ids["<regulation-20180801@microsoft.example>"]
    with foia_run(native_archive) as (_, port), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(base_url=f"http://127.0.0.1:{port}", accept_downloads=True)
        page = context.new_page()
        problems: list[str] = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto(f"/search?q={'facial recognition'}")
        page.get_by_role("link", name="Microsoft position on facial recognition").click()
        assert page.url.endswith(f"/e/{email}?q=facial+recognition") or f"/e/{email}" in page.url
        assert page.get_by_role("heading", name="Microsoft position on facial recognition").is_visible()
        assert "regulation.msg" in page.locator(".citation").first.inner_text()
        with page.expect_download() as waiting:
            page.locator("[data-original]").click()
        download = waiting.value
        assert download.suggested_filename == "regulation.msg"
        saved = tmp_path / "downloaded.msg"
        download.save_as(saved)
        assert saved.read_bytes() == (NATIVE / "regulation.msg").read_bytes()
        assert not problems, problems
        browser.close()


def test_a_pdf_attached_to_a_message_links_back_to_it(client, ids, native_archive):
    email, _ = ids["<pricing-memo-20181211@microsoft.example>"]
    with Archive.open(native_archive) as archive:
        (memo,) = archive.attachments(email)
        (printed,) = archive.emails_in_document(memo.document_id)
    html = client.get(f"/e/{printed.id}").get_data(as_text=True)
    assert "Attached to" in html and f'href="/e/{email}" data-attached-to' in html


def test_a_sender_whose_display_name_spells_another_address_is_listed_with_its_own(tmp_path):
    """GIVEN a message sent from one mailbox whose display name spells an agency official's
    address ("roe@agency.gov" <x3@elsewhere.example>) WHEN found by a search and exported THEN the
    result list and the CSV and JSON exports show the real address after the name, as its citation
    does (was: the spoofed name alone, the real address nowhere); so do the thread of its reply
    and the release's correspondents."""
    from ingest.pipeline import Ingest

    eml, reply = tmp_path / "spoof.eml", tmp_path / "reply.eml"
    eml.write_bytes(b'From: "roe@agency.gov" <x3@elsewhere.example>\r\nTo: Jane Doe <jdoe@agency.gov>\r\n'
                    b"Subject: Zanzibar budget\r\nDate: Mon, 4 Mar 2019 09:15:00 -0500\r\n"
                    b"Message-ID: <spoof-1@elsewhere.example>\r\n\r\nPlease wire the zanzibar funds.\r\n")
    reply.write_bytes(b"From: Jane Doe <jdoe@agency.gov>\r\nTo: x3@elsewhere.example\r\nSubject: Re: Zanzibar budget"
                      b"\r\nDate: Mon, 4 Mar 2019 10:15:00 -0500\r\nMessage-ID: <reply-1@agency.gov>\r\n"
                      b"In-Reply-To: <spoof-1@elsewhere.example>\r\n\r\nWired.\r\n")
    with Archive.open(tmp_path / "home") as archive:
        archive.save_release(Release(slug="spoof", title="Invented spoof release"), actor="tests")
        assert not Ingest(archive, "spoof", jobs=1).run([eml, reply]).failed
        answer = next(e.id for e in archive.iter_emails() if e.message_id == "<reply-1@agency.gov>")
    client = create_app({"TESTING": True, "ARCHIVE_HOME": str(tmp_path / "home")}).test_client()
    shown = "roe@agency.gov [x3@elsewhere.example]"
    assert shown in client.get("/search?q=zanzibar").get_data(as_text=True)
    for page in (f"/e/{answer}", "/r/spoof"):
        assert shown in client.get(page).get_data(as_text=True), page
    exported = client.get("/search/export.csv?q=zanzibar").get_data(as_text=True).lstrip("\ufeff")
    assert sorted(row["sender"] for row in csv.DictReader(io.StringIO(exported))) == ["Jane Doe", shown]
    assert sorted(row["sender"] for row in client.get("/search/export.json?q=zanzibar").get_json()["data"]) == [
        "Jane Doe", shown]


def test_a_time_printed_with_a_zone_naming_several_offsets_is_said_unplaced(tmp_path):
    """GIVEN native mail dated "09:00:00 IST" (India, Ireland or Israel) WHEN its page is shown
    THEN it says the zone printed was not placed, not that none was printed; the API says which."""
    from ingest.pipeline import Ingest

    eml = tmp_path / "ist.eml"
    eml.write_bytes(b"From: Ann Lee <alee@agency.gov>\r\nTo: Jane Doe <jdoe@agency.gov>\r\nSubject: Quokka\r\n"
                    b"Date: Mon, 04 Mar 2019 09:00:00 IST\r\nMessage-ID: <ist-1@agency.gov>\r\n\r\nHello.\r\n")
    with Archive.open(tmp_path / "home") as archive:
        archive.save_release(Release(slug="zones", title="Invented zones release"), actor="tests")
        assert not Ingest(archive, "zones", jobs=1).run([eml]).failed
        (email,) = list(archive.iter_emails())
    client = create_app({"TESTING": True, "ARCHIVE_HOME": str(tmp_path / "home")}).test_client()
    page = client.get(f"/e/{email.id}").get_data(as_text=True)
    assert "data-zone-unplaced" in page and "IST" in page and "data-zone-unprinted" not in page
    data = client.get(f"/api/emails/{email.id}").get_json()["data"]
    assert (data["time_zone_printed"], data["time_zone_unplaced"]) == (False, "IST")
