"""Messages of an Outlook data file (.pst, .ost) on the site: the email page with its folder, its
citation, its attachments and the original to download, the API, a thread through a reply
released as an .eml; one Chromium test."""

from __future__ import annotations

import shutil
from email.message import EmailMessage
from pathlib import Path

import pytest

from archive import Archive
from ingest.pipeline import Ingest
from web import create_app

from .serve import foia_run

FOLDER = "lokay-m/MLOKAY (Non-Privileged)/TW-Commercial Group"
OBA_ID = "<I2OY5JK033YULHIIZG14FWPGKODJHROVB@zlsvr22>"


@pytest.fixture(scope="module")
def threaded(outlook_archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Outlook archive with a reply to a message of enron.pst, released as an .eml."""
    home = tmp_path_factory.mktemp("threaded") / "archive"
    shutil.copytree(outlook_archive, home)
    reply = EmailMessage()
    for name, value in (("From", "Lorraine Lindberg <Lorraine.Lindberg@ENRON.com>"),
                        ("To", "Dennis.Lee@ENRON.com"), ("Subject", "RE: New OBA's"),
                        ("Date", "Tue, 23 Oct 2001 09:15:00 -0500"), ("Message-ID", "<reply-oba@enron.example>"),
                        ("In-Reply-To", OBA_ID), ("References", OBA_ID)):
        reply[name] = value
    reply.set_content("Thanks, Dennis. Mojave signed this morning.\n")
    source = home.parent / "reply.eml"
    source.write_bytes(reply.as_bytes())
    with Archive.open(home) as archive:
        summary = Ingest(archive, "outlook-test", jobs=1).run([source])
        assert not summary.failed, summary.failed
    return home


@pytest.fixture(scope="module")
def ids(threaded: Path) -> dict[str, tuple[str, str]]:
    with Archive.open(threaded) as archive:
        return {e.message_id: (e.id, e.document_id) for e in archive.iter_emails() if e.message_id}


@pytest.fixture
def client(threaded: Path):
    app = create_app({"TESTING": True, "ARCHIVE_HOME": str(threaded), "PUBLIC_URL": "https://foia.test"})
    return app.test_client()


def test_the_email_page_names_the_file_folder_and_message(client, ids):
    email, document = ids[OBA_ID]
    html = client.get(f"/e/{email}").get_data(as_text=True)
    assert f"enron.pst, folder {FOLDER}, message 2" in html  # breadcrumb, document row
    assert f"at enron.pst, folder {FOLDER}, message 2 (Test Agency" in html  # citation
    assert "The attached OBA&#39;s have been submitted to the customers" in html
    assert f'href="/e/{email}/attachments/1"' in html and "OBA_27602_Citizens.doc" in html
    assert f'href="/d/{document}/original"' in html and 'class="page-images"' not in html


def test_the_original_and_an_attachment_download_byte_for_byte(client, ids, outlook_files):
    email, document = ids[OBA_ID]
    with client.get(f"/d/{document}/original") as response:
        assert response.status_code == 200 and response.data == (outlook_files / "enron.pst").read_bytes()
        assert response.headers["Content-Disposition"] == "attachment; filename=enron.pst"
        assert response.headers["Content-Type"] == "application/octet-stream"
    with client.get(f"/e/{email}/attachments/1") as response:
        assert response.status_code == 200 and response.data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a .doc
        assert len(response.data) == 53760 and "filename=OBA_27602_Citizens.doc" in response.headers[
            "Content-Disposition"]


def test_the_api_gives_the_folder_and_a_reply_threads_to_the_message(client, ids):
    email, _ = ids[OBA_ID]
    data = client.get(f"/api/emails/{email}").get_json()["data"]
    assert data["folder"] == FOLDER and data["message_id"] == OBA_ID and data["pages"] == []
    reply, _ = ids["<reply-oba@enron.example>"]
    html = client.get(f"/e/{reply}").get_data(as_text=True)
    assert f'href="/e/{email}"' in html  # the message it answers, in its thread


def test_search_and_export_give_the_folder(client, ids):
    email, _ = ids[OBA_ID]
    html = client.get('/search?q="submitted+to+the+customers"').get_data(as_text=True)
    assert f"/e/{email}" in html and "Native email" in html
    exported = client.get('/search/export.csv?q="submitted+to+the+customers"+from:dennis').get_data(as_text=True)
    assert f"folder {FOLDER}, message 2" in exported


@pytest.mark.browser
def test_a_reader_finds_a_pst_message_and_cites_it(threaded, chromium, ids):
    from playwright.sync_api import sync_playwright

    email, _ = ids[OBA_ID]
    with foia_run(threaded) as (_, port), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(base_url=f"http://127.0.0.1:{port}")
        problems: list[str] = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto('/search?q="Williams Field Services"')
        page.get_by_role("link", name="New OBA's").first.click()
        assert f"/e/{email}" in page.url
        assert page.get_by_role("heading", name="New OBA's").is_visible()
        assert f"at enron.pst, folder {FOLDER}, message 2" in page.locator(".citation").first.inner_text()
        assert not problems, problems
        browser.close()
