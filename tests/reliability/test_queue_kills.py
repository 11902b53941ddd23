"""Kill the ingest runner (SIGKILL) mid-batch, and the site mid-upload: the batch resumes to an
archive identical to an uninterrupted run's, and nothing half-received is ever visible."""

from __future__ import annotations

import http.client
import re
import signal
import time
from pathlib import Path

import pytest

from archive import Archive
from ingest.uploads import receive
from tests.ingest.test_crash_recovery import FILES, run_foia, snapshot
from tests.web.serve import foia_run

KILL_POINTS = [("claimed", 1), ("put", 2), ("commit", 3), ("committed", 1), ("marked", 4), ("outcome", 2),
               ("ocr", 1)]


def enqueue(home: Path) -> str:
    """The four files as the site would queue them (one zip-less upload), by the library."""
    assert run_foia(home, "release", "create", "crash", "--title", "Crash test").returncode == 0
    with Archive.open(home) as archive:
        batch_id, folder = archive.new_upload()
        received = []
        for path in FILES:
            with open(path, "rb") as stream:
                received += receive(stream, folder, path.name)
        return archive.create_batch(batch_id, "crash", received, actor="ed@example.org").id


def run_runner(home: Path, kill: tuple[str, int] | None = None):
    return run_foia(home, "ingest-runner", "--once", "--jobs", "1", kill=kill)


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict:
    home = tmp_path_factory.mktemp("queue-reference")
    enqueue(home)
    done = run_runner(home)
    assert done.returncode == 0, done.stdout + done.stderr
    return snapshot(home)


@pytest.mark.tesseract
@pytest.mark.slow
@pytest.mark.parametrize(("point", "n"), KILL_POINTS, ids=[f"{p}-{n}" for p, n in KILL_POINTS])
def test_a_killed_runner_resumes_its_batch_to_the_same_archive(tmp_path, reference, tesseract, point, n):
    home = tmp_path / "archive"
    batch_id = enqueue(home)
    killed = run_runner(home, kill=(point, n))
    assert killed.returncode == -signal.SIGKILL, f"kill point {point}#{n} was never reached"
    with Archive.open(home, readonly=True) as archive:
        assert archive.batch(batch_id).status == "running"  # left by the killed runner
    rerun = run_runner(home)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert snapshot(home) == reference
    with Archive.open(home, readonly=True) as archive:
        batch = archive.batch(batch_id)
    assert batch.status == "done" and batch.attempts == 2
    assert {f.status for f in batch.files} <= {"ingested", "skipped", "duplicate"}, batch.files
    assert not (home / "uploads" / batch_id).exists()


def _upload_headers(port: int, cookie: str, token: str, boundary: str, length: int) -> bytes:
    return (f"POST /upload HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookie}\r\n"
            f"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {length}\r\n\r\n").encode()


def test_an_upload_in_flight_when_the_site_is_killed_leaves_nothing(tmp_path):
    """GIVEN an editor's upload half sent WHEN `foia run` is killed (SIGKILL, workers and all) THEN no
    batch, no release and no file of it appear; the site started again shows the archive as before."""
    from tests.web.test_accounts import PASSWORD, make_account

    home = tmp_path / "archive"
    assert run_foia(home, "release", "create", "crash", "--title", "Crash test").returncode == 0
    assert run_foia(home, "ingest", str(FILES[1]), "--release", "crash").returncode == 0
    make_account(home, "ed@example.org", "editor")
    before = snapshot(home)
    with foia_run(home, stop=signal.SIGKILL) as (server, port):
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        client.request("GET", "/signin")
        answer = client.getresponse()
        cookie = answer.getheader("Set-Cookie").split(";")[0]
        token = re.search(r'name="csrf_token" value="([^"]+)"', answer.read().decode()).group(1)
        client.request("POST", "/signin", body=f"email=ed%40example.org&password={PASSWORD.replace(' ', '+')}"
                       f"&csrf_token={token}", headers={"Cookie": cookie,
                                                         "Content-Type": "application/x-www-form-urlencoded"})
        answer = client.getresponse()
        answer.read()
        assert answer.status == 302
        cookie = answer.getheader("Set-Cookie").split(";")[0]
        client.request("GET", "/upload", headers={"Cookie": cookie})
        answer = client.getresponse()
        token = re.search(r'name="csrf_token" value="([^"]+)"', answer.read().decode()).group(1)
        boundary = "killtestboundary"
        head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"release\"\r\n\r\ncrash\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"half.pdf\"\r\n"
                "Content-Type: application/pdf\r\n\r\n").encode()
        pdf = FILES[0].read_bytes()
        sock = client.sock
        sock.sendall(_upload_headers(port, cookie, token, boundary, len(head) + 2 * len(pdf)))
        sock.sendall(head + pdf)  # half of what was announced
        time.sleep(1.0)
    client.close()
    assert server.returncode == -signal.SIGKILL
    assert snapshot(home) == before
    with Archive.open(home, readonly=True) as archive:
        assert archive.batches(("queued", "running", "done")) == []
        assert [e.action for e in archive.audit_trail(limit=1)] == ["signin.success"]
    leftovers = [p for p in (home / "uploads").rglob("*") if p.is_file()] if (home / "uploads").is_dir() else []
    assert leftovers == []


def test_an_upload_killed_while_its_files_were_written_is_never_a_batch(tmp_path):
    """GIVEN an upload's folder holding a whole file and a ``.part-`` file, with no batch (the site
    was killed between receiving and queueing) THEN the runner ingests nothing of it and sweeps it away."""
    home = tmp_path / "archive"
    assert run_foia(home, "release", "create", "crash", "--title", "Crash test").returncode == 0
    with Archive.open(home) as archive:
        _batch_id, folder = archive.new_upload()
        with open(FILES[1], "rb") as stream:
            receive(stream, folder, FILES[1].name)
        (folder / ".part-0123456789abcdef").write_bytes(b"%PDF-1.4 half")
        assert archive.sweep_uploads() == []  # a fresh upload may still be arriving: kept for now
        assert archive.sweep_uploads(older_than=0) == [folder.name]
        assert not folder.exists()
        assert archive.documents() == []
