"""Disk full, a read-only data folder, a missing original, damaged rows: clear errors naming
the file and the remedy, no partial rows; `foia verify` detects, `--repair` fixes what the
originals allow and reports what they do not."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

import pytest

from archive import Archive
from tests.conftest import archive_snapshot, unavailable
from web import create_app

from . import hostile
from .conftest import no_traceback, run_foia

NOBODY = 65534


def email_pdfs(folder: Path, files: int = 4, pages: int = 6) -> list[Path]:
    """Printed-email PDFs with a text layer (no OCR), a few hundred KB in all."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for f in range(1, files + 1):
        texts = [
            f"From: Clerk {f} <clerk{f}@agency.gov>\nTo: Records Officer <records@agency.gov>\n"
            f"Sent: Monday, March {p}, 2021 10:{f:02d} AM\nSubject: Batch {f} item {p}\n\n"
            + "\n".join(f"Line {n} about the procurement of widget lot {f}-{p}-{n}." for n in range(30))
            + f"\nFILE{f}-{p:06d}"
            for p in range(1, pages + 1)
        ]
        made.append(hostile._reportlab(folder / f"batch-{f}.pdf", texts))
    return made


def snapshot(home: Path) -> dict:
    with Archive.open(home, readonly=True) as archive:
        return archive_snapshot(archive, ["widget"])


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    return email_pdfs(tmp_path_factory.mktemp("batch") / "in")[0].parent


@pytest.fixture(scope="module")
def reference(tmp_path_factory, batch) -> dict:
    home = tmp_path_factory.mktemp("reference") / "archive"
    run_foia(home, "release", "create", "faults", "--title", "Faults")
    assert run_foia(home, "ingest", str(batch), "--release", "faults", "--jobs", "1").returncode == 0
    return snapshot(home)


def ingest(home: Path, batch: Path, **kwargs):
    return run_foia(home, "ingest", str(batch), "--release", "faults", "--jobs", "1", **kwargs)


@pytest.fixture
def tiny_disk():
    """A small tmpfs (root only); the test fills it to the free space it wants."""
    mount = Path(tempfile.mkdtemp(prefix="foia-tiny-disk-"))
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        mount.rmdir()
        unavailable(f"cannot mount a tmpfs here ({done.stderr.strip()}); needs root")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)
        mount.rmdir()


def fill(mount: Path, leave_kb: int) -> Path:
    filler = mount / "filler"
    stat = os.statvfs(mount)
    free = stat.f_bavail * stat.f_frsize
    with open(filler, "wb") as handle:
        handle.write(b"\0" * max(0, free - leave_kb * 1024))
    return filler


@pytest.mark.slow
@pytest.mark.parametrize("leave_kb", [0, 24, 64, 128, 256, 512, 768])
def test_disk_full_fails_clearly_and_a_rerun_finishes_the_job(tiny_disk, batch, reference, leave_kb):
    """GIVEN an archive on a tmpfs with only LEAVE_KB free WHEN the batch is ingested THEN every
    failure names its file and says to free space, no traceback, nothing half-stored (verify is
    clean or only lacks index entries a rerun adds), and after freeing space a rerun gives the
    very archive an uninterrupted run gives."""
    home = tiny_disk / "archive"
    run_foia(home, "release", "create", "faults", "--title", "Faults")
    filler = fill(tiny_disk, leave_kb)
    full = ingest(home, batch)
    no_traceback(full)
    failures = [line for line in full.stderr.splitlines() if "failed" in line or "Error" in line]
    if full.returncode != 0:
        assert failures, full.output
        for line in failures:
            assert ".pdf" in line or str(home) in line, line
            assert "space" in line.lower() or "disk" in line.lower() or "full" in line.lower(), line
    filler.unlink()
    rerun = ingest(home, batch)
    assert rerun.returncode == 0, rerun.output
    assert run_foia(home, "verify").returncode == 0
    assert snapshot(home) == reference


def world_readable_home(batch: Path) -> Path:
    """An archive in a folder other users can read (pytest's tmp folders are private)."""
    root = Path(tempfile.mkdtemp(prefix="foia-readonly-"))
    os.chmod(root, 0o755)
    home = root / "archive"
    run_foia(home, "release", "create", "faults", "--title", "Faults")
    assert ingest(home, batch).returncode == 0
    return home


def chmod_tree(path: Path, writable: bool) -> None:
    for folder, _dirs, names in os.walk(path):
        os.chmod(folder, 0o755 if writable else 0o555)
        for name in names:
            os.chmod(os.path.join(folder, name), 0o644 if writable else 0o444)


def test_a_read_only_data_folder_refuses_writes_clearly_and_still_serves_reads(batch, tmp_path):
    """GIVEN an archive whose folder is read-only (for a non-root user) WHEN ingest, reindex
    and verify --repair run THEN each fails with a message naming the folder and the remedy, no
    traceback, nothing changes; search still answers."""
    home = world_readable_home(batch)
    extra = email_pdfs(Path(tempfile.mkdtemp(prefix="foia-extra-")), files=1, pages=1)[0].parent
    os.chmod(extra, 0o755)
    os.chmod(extra / "batch-1.pdf", 0o644)
    before = snapshot(home)
    chmod_tree(home, writable=False)
    user = NOBODY if os.geteuid() == 0 else None
    try:
        for args in (["ingest", str(extra), "--release", "faults"], ["reindex"], ["verify", "--repair"]):
            run = run_foia(home, *args, user=user)
            no_traceback(run)
            assert run.returncode != 0, (args, run.output)
            assert str(home) in run.output, run.output
            assert "permission" in run.output.lower(), run.output
        found = run_foia(home, "search", "widget", "--json", user=user)
        assert found.returncode == 0, found.output
        assert '"total": 24' in found.stdout
    finally:
        chmod_tree(home, writable=True)
    assert snapshot(home) == before
    shutil.rmtree(home.parent, ignore_errors=True)


def test_a_missing_original_is_reported_and_restored_by_ingesting_it_again(tmp_path, batch, reference):
    home = tmp_path / "archive"
    run_foia(home, "release", "create", "faults", "--title", "Faults")
    ingest(home, batch)
    with Archive.open(home, readonly=True) as archive:
        document = archive.store.documents()[0]
        archive.files.path_for(document.sha256).unlink()
    for args in (["verify"], ["verify", "--repair"]):
        run = run_foia(home, *args)
        assert run.returncode == 1
        assert f"{document.filename}): original PDF missing" in run.stderr
        assert f"ingest {document.filename} again" in run.stderr
    client = create_app({"TESTING": True, "ARCHIVE_HOME": str(home)}).test_client()
    assert client.get(f"/d/{document.id}.pdf").status_code == 404
    assert client.get(f"/d/{document.id}/p/1.png").status_code == 404
    assert client.get(f"/d/{document.id}/p/1").status_code == 200, "the text is still there"
    assert ingest(home, batch).returncode == 0
    assert run_foia(home, "verify").returncode == 0
    assert snapshot(home) == reference


def test_missing_rows_are_re_derived_from_the_original(tmp_path, batch, reference):
    """GIVEN a document whose page and email rows were lost (a hand edit, a recovered database)
    and another whose rows and original are both gone WHEN `foia verify --repair` THEN the first
    is re-derived from its original with the same ids, the index rebuilt, and the second reported
    as needing the file again."""
    home = tmp_path / "archive"
    run_foia(home, "release", "create", "faults", "--title", "Faults")
    ingest(home, batch)
    with Archive.open(home, readonly=True) as archive:
        first, second = archive.store.documents()[:2]
        archive.files.path_for(second.sha256).unlink()
    with sqlite3.connect(home / "archive.db") as db:
        for doc in (first.id, second.id):
            db.execute("delete from emails where document_id = ?", [doc])
            db.execute("delete from pages where document_id = ? and number > 2", [doc])
    shutil.rmtree(home / "index")
    checked = run_foia(home, "verify")
    assert checked.returncode == 1
    assert f"{first.filename}): 4 of 6 page rows missing; `foia verify --repair`" in checked.stderr
    assert "search index" in checked.stderr
    repaired = run_foia(home, "verify", "--repair")
    no_traceback(repaired)
    assert repaired.returncode == 1, "the document without its original cannot be repaired"
    assert f"re-derived document {first.id} ({first.filename})" in repaired.stdout
    assert "rebuilt the search index" in repaired.stdout
    problems = [line for line in repaired.stderr.splitlines() if line.startswith("PROBLEM")]
    assert problems and all(second.filename in line for line in problems), problems
    assert ingest(home, batch).returncode == 0, "ingesting the missing file again restores it"
    assert run_foia(home, "verify", "--repair").returncode == 0
    assert snapshot(home) == reference


def test_an_email_past_its_pages_or_missing_a_page_row_is_shown_reported_and_re_derived(
        tmp_path, batch, reference):
    """GIVEN a document whose page count was cut below its last email's page and another missing
    one page row WHEN the email pages are asked for THEN each still shows its text (the missing
    page named, no image), `foia verify` reports both documents, and `--repair` re-derives them."""
    home = tmp_path / "archive"
    run_foia(home, "release", "create", "faults", "--title", "Faults")
    ingest(home, batch)
    with Archive.open(home, readonly=True) as archive:
        first, second = archive.store.documents()[:2]
        last = max(archive.emails_in_document(first.id), key=lambda e: e.end_page)
        torn = next(e for e in archive.emails_in_document(second.id) if e.start_page == 3)
    with sqlite3.connect(home / "archive.db") as db:
        db.execute("delete from pages where document_id = ? and number = 6", [first.id])
        db.execute("update documents set page_count = 5 where id = ?", [first.id])
        db.execute("delete from pages where document_id = ? and number = 3", [second.id])
    client = create_app({"TESTING": True, "ARCHIVE_HOME": str(home)}).test_client()
    for email in (last, torn):
        page = client.get(f"/e/{email.id}")
        assert page.status_code == 200, email
        html = page.get_data(as_text=True)
        assert "missing from this archive" in html and email.subject in html
        assert f'id="p{email.start_page}"' not in html, "no figure for a page not held"
        api = client.get(f"/api/emails/{email.id}")
        assert api.status_code == 200, email  # the API's email too, its pages those held
        assert not any(url.endswith(f"/pages/{email.start_page}") for url in api.get_json()["data"]["pages"])
    checked = run_foia(home, "verify")
    assert checked.returncode == 1
    assert (f"{first.filename}): 1 email(s) end past its 5 pages (email {last.id} on page 6); "
            "`foia verify --repair`") in checked.stderr
    assert f"{second.filename}): 1 of 6 page rows missing" in checked.stderr
    repaired = run_foia(home, "verify", "--repair")
    no_traceback(repaired)
    assert repaired.returncode == 0, repaired.stderr
    assert f"re-derived document {first.id}" in repaired.stdout
    assert f"re-derived document {second.id}" in repaired.stdout
    assert snapshot(home) == reference
