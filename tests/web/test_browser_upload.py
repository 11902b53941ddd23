"""Real browser, the site as `foia run` serves it (its own ingest runner beside it): an editor signs
in, creates a release, uploads a text PDF, a scanned PDF and a zip, watches the batch finish, finds
the new emails in search, and signs out; hostile uploads are refused with their reasons and leave
nothing behind (Debian's chromium driven by Playwright)."""

from __future__ import annotations

import io
import zipfile

import pytest

from archive import Archive
from tests.conftest import ROOT

from .serve import foia_run
from .test_accounts import PASSWORD, make_account
from .test_browser import CHROMIUM_ARGS

pytestmark = pytest.mark.browser
SAMPLES = ROOT / "samples" / "layout-families"
TEXT_PDF = SAMPLES / "desktop-prints.pdf"  # born digital: "Gull Point"
SCANNED_PDF = SAMPLES / "port-referral.pdf"  # scanned, no text layer: "berth 4" read by OCR
ZIPPED = (SAMPLES / "cover-letter.pdf", SAMPLES / "web-prints.pdf")


@pytest.fixture(scope="module")
def site(built):
    make_account(built.home, "editor@example.org", "editor")
    with foia_run(built.home, environment={"FOIA_UPLOAD_MAX_FILE_MB": "1"}) as (_, port):
        yield f"http://127.0.0.1:{port}"


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _watch(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def _queue_and_wait(page, slug: str, title: str, field: str, files) -> None:
    """On the upload form: a new release, files into the input ``field``, queued; then wait on
    the batch page until the runner has read every file."""
    page.goto("/upload")
    page.fill("#slug", slug)
    page.fill("#title", title)
    page.select_option("#readers", "everyone")
    page.set_input_files(field, files)
    page.click("main button[type=submit]:has-text('Upload and queue')")
    page.wait_for_url("**/batches/*")
    page.wait_for_selector("[data-batch-status][data-finished=yes]", timeout=300_000)


def _sign_in(page) -> None:
    page.goto("/signin")
    page.fill("#email", "editor@example.org")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/")


def test_an_editor_uploads_watches_the_batch_and_finds_the_emails(chromium, built, site, tmp_path):
    from playwright.sync_api import sync_playwright

    zipped = tmp_path / "more.zip"
    zipped.write_bytes(_zip({f"prints/{p.name}": p.read_bytes() for p in ZIPPED}))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_context(base_url=site).new_page()
        problems = _watch(page)
        _sign_in(page)
        page.click(".account-nav a:has-text('Upload')")
        page.wait_for_url("**/upload")
        page.fill("#slug", "bellmore-harbor")
        page.fill("#title", "Bellmore harbor channel records")
        page.fill("#agency", "U.S. Department of Coastal Commerce")
        page.fill("#released", "2016-05-20")
        page.select_option("#readers", "everyone")
        page.set_input_files("#files", [str(TEXT_PDF), str(SCANNED_PDF), str(zipped)])
        page.click("main button[type=submit]:has-text('Upload and queue')")
        page.wait_for_url("**/batches/*")
        batch_id = page.url.rsplit("/", 1)[1]
        page.wait_for_selector("[data-batch-status][data-finished=yes]", timeout=300_000)
        table = page.inner_text("table.batch-files")
        assert table.count("ingested") == 4, table
        assert "desktop-prints.pdf" in table and "more.zip ▸ prints/web-prints.pdf" in table
        assert int(page.inner_text("[data-field=ocr_pages]")) >= 4  # the scanned file's pages
        assert page.inner_text("[data-field=done_pages]") == page.inner_text("[data-field=total_pages]")

        page.goto("/search?q=%22Gull+Point%22&release=bellmore-harbor")
        assert "Spoil site options" in page.inner_text("main")
        page.goto("/search?q=berth+resurvey&release=bellmore-harbor")
        assert "Resurvey results" in page.inner_text("main")  # read from the scan by OCR

        page.click(".account-nav button:has-text('Sign out')")
        page.wait_for_url(f"{site}/")
        assert "editor@example.org" not in page.inner_text(".account-nav")
        assert page.goto(f"/batches/{batch_id}").url.startswith(f"{site}/signin")
        assert not problems, problems
        browser.close()
    with Archive.open(built.home, readonly=True) as archive:
        assert [e.action for e in archive.audit_trail(limit=20) if e.target == "bellmore-harbor"][:3] == [
            "batch.done", "batch.start", "batch.create"]


def test_hostile_uploads_are_refused_with_reasons_and_leave_nothing(chromium, built, site):
    from playwright.sync_api import sync_playwright

    bomb = _zip({"bomb.pdf": b"%PDF-1.4\n" + b"\x00" * 20_000_000})
    hostile = [
        {"name": "bomb.zip", "mimeType": "application/zip", "buffer": bomb},
        {"name": "empty.pdf", "mimeType": "application/pdf", "buffer": b""},
        {"name": "holiday.pdf", "mimeType": "application/pdf",
         "buffer": b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\x00" * 500},
        {"name": "..%2F..%2Fetc%2Fpasswd.pdf", "mimeType": "application/pdf", "buffer": b"root:x:0:0"},
        {"name": "huge.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n" + b"0" * 1_500_000},
    ]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_context(base_url=site).new_page()
        _sign_in(page)
        page.goto("/upload")
        page.select_option("#release", "test-release")
        page.set_input_files("#files", hostile)
        page.click("main button[type=submit]:has-text('Upload and queue')")
        page.wait_for_selector(".form-error")
        assert "nothing was kept" in page.inner_text(".form-error")
        reasons = page.inner_text("ul.refused")
        for said in ("zip bomb", "empty (0 bytes)", "a JPEG image, not a PDF", "not a PDF", "larger than the 1 MB limit"):
            assert said in reasons, (said, reasons)
        browser.close()
    uploads = built.home / "uploads"
    assert not uploads.is_dir() or not any(uploads.iterdir())
    with Archive.open(built.home, readonly=True) as archive:
        assert archive.audit_trail(limit=1)[0].action == "upload.refused"
        assert not any(b.release == "test-release" for b in archive.batches(("queued", "running", "done")))


def test_an_editor_uploads_a_folder_and_its_paths_are_shown_safely(chromium, built, site, tmp_path):
    """GIVEN a folder of PDFs in subfolders, with a hidden file and a note beside them WHEN an editor
    picks the folder in the upload form THEN every PDF is queued and ingested, each shown by its path
    inside the folder, the note refused with the reason, the hidden file left out."""
    from playwright.sync_api import sync_playwright

    folder = tmp_path / "production"
    (folder / "vol1").mkdir(parents=True)
    (folder / "vol2" / "scans").mkdir(parents=True)
    (folder / "vol1" / "C05110001.pdf").write_bytes((SAMPLES / "C05110001.pdf").read_bytes())
    (folder / "vol2" / "scans" / "C05110004.pdf").write_bytes((SAMPLES / "C05110004.pdf").read_bytes())
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (folder / "notes.txt").write_text("read me first")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_context(base_url=site).new_page()
        problems = _watch(page)
        _sign_in(page)
        _queue_and_wait(page, "folder-drop", "A production delivered as a folder", "#folder", str(folder))
        rows = {row.inner_text().split("\t")[0]: row.inner_text() for row in page.query_selector_all("table.batch-files tbody tr")}
        assert not problems, problems
        browser.close()
    assert sorted(rows) == ["production/notes.txt", "production/vol1/C05110001.pdf",
                            "production/vol2/scans/C05110004.pdf"], rows
    assert "ingested" in rows["production/vol1/C05110001.pdf"] and "ingested" in rows["production/vol2/scans/C05110004.pdf"]
    assert "refused" in rows["production/notes.txt"] and "not a PDF" in rows["production/notes.txt"]
    with Archive.open(built.home, readonly=True) as archive:
        assert sorted(d.filename for d in archive.documents("folder-drop")) == ["C05110001.pdf", "C05110004.pdf"]


def test_a_failed_file_is_replaced_on_the_batch_page_and_the_batch_completes(chromium, built, site, tmp_path):
    """Real browser, the site's own runner: a file that is no real PDF fails; the editor chooses a good
    copy in that row's form; the batch runs again, only that file, and ends with every file ingested."""
    from playwright.sync_api import sync_playwright

    broken = tmp_path / "C05110002.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + b"not really a PDF " * 40)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_context(base_url=site).new_page()
        problems = _watch(page)
        _sign_in(page)
        _queue_and_wait(page, "retry-drop", "A batch with a broken file", "#files",
                        [str(broken), str(SAMPLES / "C05110003.pdf")])
        assert page.inner_text("[data-file='0'] .file-status") == "failed"
        assert page.query_selector("[data-file='1'] form.retry") is None  # ingested: nothing to retry
        page.set_input_files("[data-file='0'] form.retry input[type=file]", str(SAMPLES / "C05110002.pdf"))
        page.click("[data-file='0'] form.retry button")
        page.wait_for_selector("[data-batch-status][data-finished=no]")
        page.wait_for_selector("[data-batch-status][data-finished=yes]", timeout=300_000)
        assert page.inner_text("[data-file='0'] .file-status") == "ingested"
        assert page.inner_text("[data-file='1'] .file-status") == "ingested"
        assert page.query_selector("form.retry") is None
        assert not problems, problems
        browser.close()
    with Archive.open(built.home, readonly=True) as archive:
        assert sorted(d.filename for d in archive.documents("retry-drop")) == ["C05110002.pdf", "C05110003.pdf"]
        retry = next(e for e in archive.audit_trail(limit=50) if e.action == "batch.retry")
        assert retry.actor == "editor@example.org" and retry.details["replacement"]["name"] == "C05110002.pdf"
