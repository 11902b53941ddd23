"""Upload from the browser: an editor's files are checked, queued as a batch, ingested by the
runner (not the request), shown on the batch page; hostile uploads are refused with reasons
and leave nothing behind; every step is audited."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from email.message import EmailMessage

import pytest
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from archive import Archive, Release
from ingest.pipeline import Ingest
from ingest.runner import run_next
from web import create_app

from .conftest import build_archive, make_pdf
from .test_accounts import make_account, sign_in

EMAIL_PAGE = ("From: Kim Lee <kim@agency.gov>\nTo: Pat Doe <pat@agency.gov>\nSent: Monday, March 4, 2019 9:15 AM\n"
              "Subject: Quokka survey results\n\nThe quokka survey is finished and the counts are attached.\n"
              "Please review the quokka numbers before Friday.")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("upload")
    built = build_archive(root)
    make_account(built.home, "ed@example.org", "editor")
    make_account(built.home, "reader@example.org", "reader")
    pdf = make_pdf(root / "quokka.pdf", [EMAIL_PAGE])
    make_pdf(root / "quokka-reply.pdf", [EMAIL_PAGE.replace("Subject: Quokka", "Subject: RE: Quokka")
                                          .replace("Monday, March 4, 2019 9:15", "Tuesday, March 5, 2019 8:00")])
    return built.home, pdf


def _client(home, who="ed@example.org", **config):
    app = create_app({"TESTING": True, "ARCHIVE_HOME": str(home), "PUBLIC_URL": "https://foia.test", **config})
    client = app.test_client()
    if who:
        assert sign_in(client, who).status_code == 302
    return client


def _token(client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/upload").get_data(as_text=True)).group(1)


def _post(client, files: list[tuple[bytes, str]], **fields):
    """The form as one body in memory (the test client spools a large one to a file it never closes)."""
    values = MultiDict([("csrf_token", _token(client)), *fields.items(),
                        *(("files", FileStorage(io.BytesIO(content), name)) for content, name in files)])
    boundary, body = encode_multipart(values)
    return client.post("/upload", data=body, content_type=f"multipart/form-data; boundary={boundary}")


def _uploads(home, batch_id: str = "") -> list[str]:
    folder = home / "uploads"
    found = sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.is_dir() else []
    return [name for name in found if name.startswith(batch_id)]


def test_an_editor_uploads_into_a_new_release_and_the_runner_ingests_it(site):
    home, pdf = site
    client = _client(home)
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("inner/quokka-reply.pdf", (pdf.parent / "quokka-reply.pdf").read_bytes())
        archive.writestr("readme.txt", "not a pdf")
    response = _post(client, [(pdf.read_bytes(), "quokka.pdf"), (zipped.getvalue(), "more.zip")],
                     slug="quokka-2019", title="Quokka survey <i>emails</i>", agency="Parks", released="2019-04-01", readers="everyone",
                     article_title="Survey story", article_text='Officials wrote: "The quokka survey is finished and the counts are attached."')
    assert response.status_code == 302
    batch_id = response.headers["Location"].rsplit("/", 1)[1]
    page = client.get(f"/batches/{batch_id}").get_data(as_text=True)
    assert "queued" in page and '<meta http-equiv="refresh"' in page and "<noscript>" in page
    assert "readme.txt" in page and "not a PDF" in page
    assert "<i>emails</i>" not in client.get("/upload").get_data(as_text=True)  # escaped everywhere
    assert f'href="/batches/{batch_id}"' in client.get("/").get_data(as_text=True)  # in progress, to editors
    assert f"/batches/{batch_id}" not in _client(home, who=None).get("/").get_data(as_text=True)
    assert client.get("/api/search?q=quokka").get_json()["meta"]["total"] == 0  # queued: not yet ingested

    with Archive.open(home) as archive:
        finished = run_next(archive, jobs=1)
        assert run_next(archive, jobs=1) is None  # the queue is empty
    assert finished is not None and finished.id == batch_id and finished.status == "done"
    assert [f.status for f in finished.files] == ["ingested", "ingested", "refused"]
    assert finished.done_pages == finished.total_pages == 2
    assert "1 of 1 quotation(s) linked" in finished.message
    status = client.get(f"/batches/{batch_id}.json").get_json()
    assert status["finished"] and status["files"][2]["remedy"] and status["eta_seconds"] is None
    assert "refresh" not in client.get(f"/batches/{batch_id}").get_data(as_text=True)
    hits = client.get("/api/search?q=quokka").get_json()
    assert hits["meta"]["total"] == 2 and {h["email"]["release"] for h in hits["data"]["hits"]} == {"quokka-2019"}
    assert _uploads(home) == []  # the runner removes a finished batch's files
    with Archive.open(home, readonly=True) as archive:
        actions = [(e.action, e.actor) for e in archive.audit_trail(limit=4)]
        created = archive.audit_trail(limit=5)[4]
        done, article = archive.audit_trail(limit=2)
    assert created.action == "release.save" and done.details["files"]["more.zip ▸ readme.txt"].startswith("refused")
    assert actions == [("batch.done", "runner"), ("context.save", "runner"), ("batch.start", "runner"),
                       ("batch.create", "ed@example.org")]
    assert (article.target, article.details["title"], article.details["linked"]) == ("quokka-2019", "Survey story", 1)
    assert created.details["after"]["title"] == "Quokka survey <i>emails</i>" and created.details["before"] is None


HOSTILE = [
    (b"", "empty.pdf", "empty (0 bytes)"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\x00" * 100, "photo.pdf", "a JPEG image, not a PDF"),
    (b"%PDF-1.4\n" + b"0" * 3 * 1024 * 1024, "../../../etc/big.pdf", "larger than the 2 MB limit"),
]


def test_hostile_uploads_are_refused_with_reasons_and_leave_nothing(site):
    home, _pdf = site
    client = _client(home, UPLOAD_MAX_FILE_MB=2)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.pdf", b"%PDF-1.4\n" + b"\x00" * 5_000_000)
    with Archive.open(home, readonly=True) as archive:
        audit_before = len(archive.audit_trail(limit=100_000))
        releases_before = [r.slug for r in archive.releases()]
    response = _post(client, [(content, name) for content, name, _ in HOSTILE] + [(bomb.getvalue(), "x/../bomb.zip")],
                     slug="hostile", title="Hostile", readers="everyone")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    for _content, _name, reason in HOSTILE:
        assert reason in page
    assert "zip bomb" in page and "nothing was kept" in page
    assert _uploads(home) == []
    with Archive.open(home, readonly=True) as archive:
        trail = archive.audit_trail(limit=100_000)
        assert len(trail) == audit_before + 1  # the attempt, and nothing else
        assert (trail[0].action, trail[0].actor, trail[0].target) == ("upload.refused", "ed@example.org", "hostile")
        assert "zip bomb" in trail[0].details["refused"]["x/../bomb.zip"]
        assert [r.slug for r in archive.releases()] == releases_before  # the release was not made either
        assert archive.batches(("queued", "running", "done"), limit=100) == archive.batches(("done",), limit=100)


def test_an_upload_larger_than_the_site_takes_is_refused_before_it_is_read(site):
    home, _pdf = site
    client = _client(home, UPLOAD_MAX_MB=1)
    response = _post(client, [(b"%PDF-1.4\n" + b"0" * 2 * 1024 * 1024, "large.pdf")], release="test-release")
    assert response.status_code == 413 and "1 MB" in response.get_data(as_text=True)
    assert _uploads(home) == []


@pytest.mark.parametrize(("fields", "error"), [
    ({"slug": "Bad Slug!", "title": "x"}, "give the new one a slug"),
    ({"slug": "ok-slug"}, "needs a title"),
    ({"slug": "ok-slug", "title": "x", "source_url": "javascript:alert(document.domain)"}, "is an http(s) address"),
    ({"release": "test-release", "article_url": "javascript:alert(2)"}, "the article&#39;s URL is an http(s) address"),
    ({"slug": "test-release", "title": "x"}, "the slug &#39;test-release&#39; is taken; choose another"),
    ({"release": "no-such-release"}, "there is no release"),
])
def test_the_release_part_of_the_form_is_checked_first(site, fields, error):
    home, pdf = site
    response = _post(_client(home), [(pdf.read_bytes(), "q.pdf")], **fields)
    assert response.status_code == 400 and error in response.get_data(as_text=True)
    assert _uploads(home) == []


def test_a_new_release_is_read_by_whom_its_uploader_says_from_before_a_file_of_it_is_read(site):
    """GIVEN an editor uploading into a new release WHEN the form does not say who may read it THEN
    it is refused, nothing kept (the release was published at once: outsiders' saved searches
    alerted before an admin could restrict it); said "only me", the release is restricted to
    them (and admins) as it is created, before its batch is queued: anonymous readers get 404."""
    home, pdf = site
    client = _client(home)
    response = _post(client, [(pdf.read_bytes(), "q.pdf")], slug="sealed-2019", title="Sealed")
    assert response.status_code == 400 and "say who may read the new release" in response.get_data(as_text=True)
    assert _uploads(home) == []
    assert _post(client, [(pdf.read_bytes(), "q.pdf")], slug="sealed-2019", title="Sealed", readers="team:nope"
                 ).status_code == 400
    response = _post(client, [(pdf.read_bytes(), "q.pdf")], slug="sealed-2019", title="Sealed", readers="me")
    assert response.status_code == 302
    with Archive.open(home) as archive:
        restriction = archive.restrictions()["sealed-2019"]
        assert restriction.people == ("ed@example.org",) and restriction.groups == ()
        assert run_next(archive, jobs=1) is not None and run_next(archive, jobs=1) is None  # (ingested: queue empty)
    anonymous = create_app({"ARCHIVE_HOME": str(home), "TESTING": True}).test_client()
    assert anonymous.get("/r/sealed-2019").status_code == 404


def test_a_reader_may_not_upload_nor_see_batches(site):
    home, pdf = site
    client = _client(home, who="reader@example.org")
    assert client.get("/upload").status_code == 403
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").get_data(as_text=True)).group(1)
    response = client.post("/upload", data={"csrf_token": token, "release": "test-release",
                                            "files": [(io.BytesIO(pdf.read_bytes()), "q.pdf")]},
                           content_type="multipart/form-data")
    assert response.status_code == 403
    assert client.get("/batches/0123456789abcdef").status_code == 403
    assert _client(home).get("/batches/0123456789abcdef").status_code == 404
    assert _client(home).get("/batches/..%2F..%2Fetc").status_code == 404


def test_a_file_that_fails_is_shown_with_its_reason_and_remedy_and_the_batch_goes_on(site, tmp_path):
    """GIVEN a batch of a good PDF and one that only starts like a PDF WHEN the runner ingests it THEN
    the good one is ingested, the bad one failed with the reason, and the page says what to do."""
    home, pdf = site
    client = _client(home)
    good = make_pdf(tmp_path / "good.pdf", [EMAIL_PAGE.replace("Quokka survey", "Wombat census")])
    response = _post(client, [(b"%PDF-1.7\n" + b"garbage " * 50, "broken.pdf"), (good.read_bytes(), "good.pdf")],
                     release="test-release")
    batch_id = response.headers["Location"].rsplit("/", 1)[1]
    with Archive.open(home) as archive:
        finished = run_next(archive, jobs=1)
    assert [f.status for f in finished.files] == ["failed", "ingested"]
    assert finished.files[0].message
    page = client.get(f"/batches/{batch_id}").get_data(as_text=True)
    assert finished.files[0].message.split(";")[0][:30] in page.replace("&#39;", "'").replace("&#34;", '"')
    assert "replace it with a good copy" in page


def test_the_batch_page_keeps_the_strict_csp_and_has_no_inline_script(site):
    home, pdf = site
    client = _client(home)
    response = _post(client, [(pdf.read_bytes(), "again.pdf")], release="test-release")
    page = client.get(response.headers["Location"])
    html = page.get_data(as_text=True)
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in page.headers["Content-Security-Policy"]
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/site.js" defer>']
    assert not re.search(r"\son[a-z]+=", html)
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html
    with Archive.open(home) as archive:
        run_next(archive, jobs=1)


def test_pace_and_time_left_come_from_the_pages_read():
    from archive.batches import Batch

    running = Batch(id="a" * 16, release="r", created_by="e", created_at="", status="running",
                    started_at="2026-01-01T00:00:00+00:00", total_pages=100, done_pages=20)
    now = 1767225600.0 + 10  # ten seconds after it started
    assert running.pages_per_second(now) == 2.0 and running.eta_seconds(now) == 40.0
    assert Batch(id="a" * 16, release="r", created_by="e", created_at="", status="queued").eta_seconds(now) is None


def test_a_batch_whose_ingest_breaks_is_finished_with_the_reason_not_retried_forever(site, tmp_path, monkeypatch):
    """GIVEN the ingest raising (OCR workers gone, a full disk) THEN the batch is done, its files failed
    with the reason and what to do; and a batch that stopped its runner too often is not run again."""
    from ingest import runner

    home, _pdf = site
    good = make_pdf(tmp_path / "numbat.pdf", [EMAIL_PAGE.replace("Quokka survey", "Numbat count")])
    client = _client(home)
    first = _post(client, [(good.read_bytes(), "numbat.pdf")], release="test-release")
    second = _post(client, [(good.read_bytes(), "numbat-again.pdf")], release="test-release")

    def broken(self, paths):
        raise OSError("No space left on device")

    monkeypatch.setattr(runner.Ingest, "run", broken)
    with Archive.open(home) as archive:
        finished = run_next(archive, jobs=1)
    assert finished.id == first.headers["Location"].rsplit("/", 1)[1] and finished.status == "done"
    assert finished.files[0].status == "failed" and "No space left on device" in finished.files[0].message
    monkeypatch.undo()
    with Archive.open(home) as archive:
        for _ in range(runner.MAX_ATTEMPTS):  # as if a runner had been killed reading it each time
            archive.claim_batch()
        finished = run_next(archive, jobs=1)
        assert all(d.filename != "numbat-again.pdf" for d in archive.documents("test-release"))
    assert finished.id == second.headers["Location"].rsplit("/", 1)[1] and finished.attempts == runner.MAX_ATTEMPTS + 1
    assert finished.files[0].status == "failed" and "stopped 3 times" in finished.files[0].message


def test_a_runner_that_never_stops_reports_each_batch_as_it_finishes(site, tmp_path, monkeypatch, caplog):
    """GIVEN a runner waiting for more (no ``once``) and a batch whose ingest raises WHEN the batch is
    done THEN the runner hands it over at once, before any stop (was: its list was returned only
    when the runner stopped, which a site's runner never does, so its log held no batch), and the
    error's traceback is in the runner's log the batch page points to."""
    import threading

    from ingest import runner

    home, _pdf = site
    good = make_pdf(tmp_path / "numbat.pdf", [EMAIL_PAGE.replace("Quokka survey", "Numbat count")])
    posted = _post(_client(home), [(good.read_bytes(), "numbat.pdf")], release="test-release")

    def broken(self, paths):
        raise OSError("No space left on device")

    monkeypatch.setattr(runner.Ingest, "run", broken)
    stop = threading.Event()
    with caplog.at_level("ERROR", logger="ingest.runner"):
        batch = next(runner.run_queue(home, poll=0.1, stop=stop, jobs=1))
    assert not stop.is_set() and batch.id == posted.headers["Location"].rsplit("/", 1)[1]
    assert "No space left on device" in caplog.text and "Traceback" in caplog.text


def _retry(client, batch_id: str, ordinal: int, file: tuple[bytes, str] | None = None):
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      client.get(f"/batches/{batch_id}").get_data(as_text=True)).group(1)
    values = MultiDict([("csrf_token", token), *([("file", FileStorage(io.BytesIO(file[0]), file[1]))] if file else [])])
    boundary, body = encode_multipart(values)
    return client.post(f"/batches/{batch_id}/files/{ordinal}", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def test_a_failed_file_is_replaced_from_the_batch_page_and_the_batch_completes(site, tmp_path):
    """GIVEN a batch in which a broken PDF failed WHEN the editor replaces it on the batch page (twice, as
    a double click would) and the runner runs THEN only the replacement is read, the batch ends with
    every file ingested, the retry is audited with both SHA-256s, and nothing is left in uploads/."""
    home, _pdf = site
    client = _client(home)
    good = make_pdf(tmp_path / "good.pdf", [EMAIL_PAGE.replace("Quokka survey", "Numbat tally")])
    fixed = make_pdf(tmp_path / "fixed.pdf", [EMAIL_PAGE.replace("Quokka survey", "Bilby roster")])
    broken = b"%PDF-1.7\n" + b"garbage " * 50
    response = _post(client, [(broken, "broken.pdf"), (good.read_bytes(), "good.pdf")], release="test-release")
    batch_id = response.headers["Location"].rsplit("/", 1)[1]
    with Archive.open(home) as archive:
        assert [f.status for f in run_next(archive, jobs=1).files] == ["failed", "ingested"]
    assert _uploads(home, batch_id) == [batch_id, f"{batch_id}/broken.pdf"]  # the failed copy is kept for a retry
    page = client.get(f"/batches/{batch_id}").get_data(as_text=True)
    assert f'action="/batches/{batch_id}/files/0"' in page and f'action="/batches/{batch_id}/files/1"' not in page

    refused = _retry(client, batch_id, 0, (b"\xff\xd8\xff\xe0 a photo", "photo.pdf"))
    assert refused.status_code == 400 and "a JPEG image" in refused.get_data(as_text=True)
    assert _retry(client, batch_id, 1, (fixed.read_bytes(), "x.pdf")).status_code == 400  # ingested: no retry
    assert _uploads(home, batch_id) == [batch_id, f"{batch_id}/broken.pdf"]  # nothing of the refused ones kept
    for _ in range(2):
        assert _retry(client, batch_id, 0, (fixed.read_bytes(), "fixed.pdf")).status_code == 302
    assert _uploads(home, batch_id) == [batch_id, f"{batch_id}/fixed.pdf"]
    assert client.get(f"/batches/{batch_id}.json").get_json()["status"] == "queued"

    with Archive.open(home) as archive:
        finished = run_next(archive, jobs=1)
        retries = [e for e in archive.audit_trail(limit=20) if e.action == "batch.retry"]
    assert finished.status == "done" and [(f.name, f.status) for f in finished.files] == [
        ("fixed.pdf", "ingested"), ("good.pdf", "ingested")]
    assert finished.done_pages == finished.total_pages == 2
    assert _uploads(home, batch_id) == []
    assert len(retries) == 1 and retries[0].actor == "ed@example.org"
    assert retries[0].details["replacement"]["sha256"] == hashlib.sha256(fixed.read_bytes()).hexdigest()
    assert retries[0].details["sha256"] == hashlib.sha256(broken).hexdigest()
    assert client.get("/api/search?q=bilby").get_json()["meta"]["total"] == 1


def test_a_file_that_failed_for_a_passing_reason_is_retried_as_it_is(site, tmp_path):
    """GIVEN a batch the runner gave up on (it was stopped more often than it may be: a memory limit,
    say) WHEN the editor retries the file as it is THEN the runner ingests it and the batch completes."""
    home, _pdf = site
    client = _client(home)
    good = make_pdf(tmp_path / "good.pdf", [EMAIL_PAGE.replace("Quokka survey", "Dunnart count")])
    batch_id = _post(client, [(good.read_bytes(), "Dunnart count #1.pdf")], release="test-release").headers["Location"] \
        .rsplit("/", 1)[1]
    with Archive.open(home) as archive:
        for _ in range(4):  # runners that died right after taking the batch
            with archive.writing():
                assert archive.claim_batch().id == batch_id
        given_up = run_next(archive, jobs=1)
    assert given_up.files[0].status == "failed" and "stopped 3 times" in given_up.files[0].message
    assert _retry(client, batch_id, 0).status_code == 302
    with Archive.open(home) as archive:
        finished = run_next(archive, jobs=1)
        retry = next(e for e in archive.audit_trail(limit=5) if e.action == "batch.retry")
    assert [f.status for f in finished.files] == ["ingested"] and finished.attempts == 1
    with Archive.open(home, readonly=True) as archive:  # under the name it was sent under, kept for the retry
        assert archive.document(finished.files[0].document_id).filename == "Dunnart count #1.pdf"
    assert retry.details["replacement"] is None and retry.details["was"].startswith("failed: the ingest runner")
    assert client.get("/api/search?q=dunnart").get_json()["meta"]["total"] == 1
    assert _retry(client, batch_id, 0).status_code == 400  # ingested now: nothing to retry


def _unstamped_pdf(path, text: str):
    """A one-page PDF without a Bates stamp: its citation names the file and the page."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    drawing = canvas.Canvas(str(path), pagesize=letter, invariant=True)
    for y, line in enumerate(text.splitlines()):
        drawing.drawString(72, 720 - 16 * y, line)
    drawing.showPage()
    drawing.save()
    return path


def test_an_uploaded_file_is_named_and_cited_as_it_was_sent_not_as_it_is_stored(site, tmp_path):
    """GIVEN unstamped PDFs uploaded as "DEA #3, Part 1.pdf", under a name with invisible characters, and
    in a zip holding two "0001.pdf" in different folders, and a message with a PDF attached uploaded as
    "Inbox export #2.eml" WHEN the runner ingests them THEN the files wait
    on disk under their safe names, but each document records the name it was sent under, its last part
    (as `foia ingest` records a file in a sub-folder) without invisible characters, and citations and
    pages name it; sending the same file again under another name skips it and renames nothing."""
    home, _pdf = site
    client = _client(home)

    def page(subject: str) -> str:
        return EMAIL_PAGE.replace("Quokka survey results", subject)

    part = _unstamped_pdf(tmp_path / "part.pdf", page("Potoroo sightings"))
    hidden = _unstamped_pdf(tmp_path / "hidden.pdf", page("Bettong sightings"))
    production = tmp_path / "production"
    for folder, subject in (("vol1", "Bandicoot tally"), ("vol2", "Antechinus tally")):
        (production / folder).mkdir(parents=True)
        _unstamped_pdf(production / folder / "0001.pdf", page(subject))
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "kim@agency.gov", "pat@agency.gov", "Quoll memo"
    message["Date"] = "Mon, 4 Mar 2019 09:15:00 -0500"
    message.set_content("The quoll memo is attached.")
    memo = _unstamped_pdf(tmp_path / "memo.pdf", page("Quoll memo"))
    message.add_attachment(memo.read_bytes(), maintype="application", subtype="pdf", filename="quoll memo.pdf")
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        for member in sorted(production.rglob("*.pdf")):
            archive.writestr(f"production/{member.relative_to(production)}", member.read_bytes())
    response = _post(client, [(part.read_bytes(), "DEA #3, Part 1.pdf"),
                              (hidden.read_bytes(), "Memo\u202e\u200b 7.pdf"),
                              (zipped.getvalue(), "production.zip"), (message.as_bytes(), "Inbox export #2.eml")],
                     release="test-release")
    batch_id = response.headers["Location"].rsplit("/", 1)[1]
    assert _uploads(home, batch_id) == [batch_id, f"{batch_id}/0001-2.pdf", f"{batch_id}/0001.pdf",
                                        f"{batch_id}/DEA _3_ Part 1.pdf", f"{batch_id}/Inbox export _2.eml",
                                        f"{batch_id}/Memo 7.pdf"]
    with Archive.open(home) as archive:
        finished = run_next(archive, jobs=1)
        named = {f.document_id: archive.document(f.document_id).filename for f in finished.files}
        first_email = archive.emails_in_document(finished.files[0].document_id)[0]
        attached = [d.filename for d in archive.documents("test-release") if "quoll" in d.filename]
    assert [f.status for f in finished.files] == ["ingested"] * 5
    assert list(named.values()) == ["DEA #3, Part 1.pdf", "Memo 7.pdf", "0001.pdf", "0001.pdf", "Inbox export #2.eml"]
    assert attached == ["Inbox export #2.eml ▸ quoll memo.pdf"]  # a file inside another is named after it

    cited = client.get(f"/api/emails/{first_email.id}").get_json()["data"]["citation"]
    assert "at DEA #3, Part 1.pdf, p. 1 " in cited
    doc_id = finished.files[0].document_id
    assert "at DEA #3, Part 1.pdf, p. 1 " in client.get(f"/api/documents/{doc_id}/pages/1").get_json()["data"]["citation"]
    assert "DEA #3, Part 1.pdf" in client.get(f"/e/{first_email.id}").get_data(as_text=True)
    with client.get(f"/d/{doc_id}.pdf") as original:  # downloaded under it too
        assert 'filename="DEA #3, Part 1.pdf"' in original.headers["Content-Disposition"]

    # the same names as `foia ingest` records for the folder the zip was made of
    with Archive.open(tmp_path / "cli") as other:
        other.store.save_release(Release(slug="cli", title="CLI"))
        Ingest(other, "cli").run([production])
        assert sorted(d.filename for d in other.documents("cli")) == ["0001.pdf", "0001.pdf"]

    again = _post(client, [(part.read_bytes(), "renamed.pdf")], release="test-release")
    with Archive.open(home) as archive:
        rerun = run_next(archive, jobs=1)
        assert rerun.id == again.headers["Location"].rsplit("/", 1)[1]
        assert [f.status for f in rerun.files] == ["skipped"]
        assert archive.document(doc_id).filename == "DEA #3, Part 1.pdf"
