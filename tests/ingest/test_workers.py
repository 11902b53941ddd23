"""OCR on Celery workers: a real redis-server on loopback, real `foia worker` processes.

The archive an ingest through the workers produces must be the one a local
ingest produces (same ids, rows, index and search results), also when a worker
is killed mid-batch or Redis restarts; a re-ingest of unchanged pages must not
OCR them again; and a page that kills its worker every time fails its own
document after MAX_DELIVERIES deliveries, not the batch.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive import Archive, Release
from ingest.pipeline import Ingest, IngestSummary
from tests.conftest import ROOT, SAMPLES, _need, archive_snapshot

pytestmark = [pytest.mark.tesseract, pytest.mark.slow]

SCANNED = SAMPLES / "dea-microsoft" / "dea-microsoft-part2.pdf"
PAGES = [1, 2, 3, 4, 5, 6]  # scanned pages: every one needs OCR
QUERIES = ["microsoft", "recognition", "meeting", "(b)(6)"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Stop a process and its children (each was started in a session of its own)."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, sig)
            process.wait(timeout=20)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)


def wait_for(predicate, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def start_redis(folder: Path, port: int) -> subprocess.Popen:
    """A redis-server on loopback without persistence: a restart loses every queued page and result."""
    binary = _need("redis-server", "redis-server")
    with open(folder / "redis.log", "ab") as log:
        server = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder), "--save", "",
             "--appendonly", "no", "--daemonize", "no"],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def answers() -> bool:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return True
        except OSError:
            assert server.poll() is None, (folder / "redis.log").read_text()
            return False

    wait_for(answers, "redis-server")
    return server


@pytest.fixture(scope="module")
def redis_port(tmp_path_factory, tesseract) -> Iterator[int]:
    port = free_port()
    server = start_redis(tmp_path_factory.mktemp("redis"), port)
    try:
        yield port
    finally:
        stop(server)


FOIA = "from web.cli import main; main()"
POISONED = "from tests.ingest.poison_worker import main; main()"


class Worker:
    def __init__(self, broker: str, log: Path, visibility_timeout: int = 600, program: str = FOIA) -> None:
        self.log = log
        # a worker killed mid-page leaves its scratch folder: keep it in the test's own folder
        env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(log.parent)}
        with open(log, "wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-c", program, "worker", "--broker", broker,
                 "--concurrency", "1", "--visibility-timeout", str(visibility_timeout)],
                stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, env=env, start_new_session=True)

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_ready(self) -> None:
        def ready() -> bool:
            assert self.process.poll() is None, self.text()
            return " ready." in self.text()

        wait_for(ready, f"the worker logging to {self.log}")


def start_workers(broker: str, folder: Path, visibility_timeout: int = 600, program: str = FOIA) -> list[Worker]:
    workers = [Worker(broker, folder / f"worker-{i}.log", visibility_timeout, program) for i in range(2)]
    for worker in workers:
        worker.wait_ready()
    return workers


@pytest.fixture(scope="module")
def scanned_pdf(tmp_path_factory) -> Path:
    import pypdfium2 as pdfium

    target = tmp_path_factory.mktemp("scan") / "scanned.pdf"
    source = pdfium.PdfDocument(str(SCANNED))
    out = pdfium.PdfDocument.new()
    out.import_pages(source, [n - 1 for n in PAGES])
    out.save(str(target))
    out.close()
    source.close()
    return target


def ingest(home: Path, pdf: Path, **options) -> tuple[IngestSummary, dict]:
    """A local ingest in this process (no Celery here: the workers' ingests run as `foia ingest`)."""
    with Archive.open(home) as archive:
        archive.store.save_release(Release(slug="scan", title="Scanned pages"))
        with archive.writing():
            summary = Ingest(archive, "scan", **options).run([pdf])
        assert not summary.failed, summary.failed
        return summary, snapshot(archive)


def foia(home: Path, *args: str) -> list[str]:
    return [sys.executable, "-c", "from web.cli import main; main()", "--home", str(home), *args]


def foia_ingest(home: Path, pdf: Path, broker: str) -> subprocess.Popen:
    """`foia ingest --workers BROKER` in a process of its own."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    created = subprocess.run(foia(home, "release", "create", "scan", "--title", "Scanned pages"),
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert created.returncode == 0, created.stderr
    return subprocess.Popen(foia(home, "ingest", str(pdf), "--release", "scan", "--workers", broker),
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finished(process: subprocess.Popen) -> str:
    output, _ = process.communicate(timeout=300)
    assert process.returncode == 0, output
    return output


def archived(home: Path) -> dict:
    with Archive.open(home) as archive:
        return snapshot(archive)


def snapshot(archive: Archive) -> dict:
    return archive_snapshot(archive, QUERIES)


@pytest.fixture(scope="module")
def local(tmp_path_factory, scanned_pdf, tesseract) -> dict:
    summary, state = ingest(tmp_path_factory.mktemp("local"), scanned_pdf, jobs=1)
    assert summary.ocr_pages == len(PAGES)
    assert any(page[0] for page in state["pages"]), "the reference has no pages"
    return state


def test_workers_produce_the_same_archive_and_the_cache_spares_a_second_ocr(
        tmp_path, redis_port, scanned_pdf, local):
    """GIVEN two `foia worker` processes on a real Redis
    WHEN `foia ingest --workers` ingests the scanned pages through them, then again into a fresh archive
       given a copy of the first one's OCR cache and a broker no worker listens on
    THEN both archives equal the local ingest, and the second ingest sent no page to any worker."""
    broker = f"redis://127.0.0.1:{redis_port}/0"
    workers = start_workers(broker, tmp_path)
    try:
        output = finished(foia_ingest(tmp_path / "celery", scanned_pdf, broker))
        assert f"({len(PAGES)} OCR'd)" in output
        assert archived(tmp_path / "celery") == local
        assert all("succeeded" in w.text() for w in workers), "a worker did no page"
    finally:
        for worker in workers:
            stop(worker.process)
    shutil.copytree(tmp_path / "celery" / "cache", tmp_path / "again" / "cache")
    nobody = f"redis://127.0.0.1:{redis_port}/1"  # no worker listens here: a page sent would fail the ingest
    finished(foia_ingest(tmp_path / "again", scanned_pdf, nobody))
    assert archived(tmp_path / "again") == local


def test_pages_whose_layer_left_header_values_blank_are_read_again_on_this_machine(tmp_path, redis_port):
    """GIVEN a real scanned page whose producer's text layer prints "To:" with nothing beside it
    WHEN `foia ingest --workers` ingests it (no worker listening: its pages need no OCR)
    THEN the blank's band is read again on this machine (workers take whole pages) and the
    archive is the local ingest's; it was a crash ("CeleryExecutor runs ocr_page ... only")."""
    from tests.conftest import REALDATA, unavailable

    page = REALDATA / "clinton-hrc296" / "C05739550.pdf"
    if not page.is_file():
        unavailable(f"{page} is missing (the shared real data)")
    _, reference = ingest(tmp_path / "local", page, jobs=2)
    assert any("To: H" in str(row) for row in reference["pages"]), "the blank was not read again"
    finished(foia_ingest(tmp_path / "celery", page, f"redis://127.0.0.1:{redis_port}/1"))
    assert archived(tmp_path / "celery") == reference


def test_a_worker_killed_mid_batch_loses_no_page(tmp_path, redis_port, scanned_pdf, local):
    """GIVEN two workers that hand back a vanished worker's pages after 5 s
    WHEN one is SIGKILLed (with its pool) while it OCRs a page of the batch
    THEN the batch completes, and the archive equals the local ingest."""
    broker = f"redis://127.0.0.1:{redis_port}/2"
    victim, survivor = start_workers(broker, tmp_path, visibility_timeout=5)
    ingesting: subprocess.Popen | None = None
    try:
        ingesting = foia_ingest(tmp_path / "celery", scanned_pdf, broker)
        wait_for(lambda: "received" in victim.text(), "the victim to take a page")
        time.sleep(0.5)  # mid-OCR
        stop(victim.process, signal.SIGKILL)
        output = finished(ingesting)
    finally:
        for worker in (victim, survivor):
            stop(worker.process)
        if ingesting is not None and ingesting.poll() is None:
            ingesting.kill()
            ingesting.wait()
    log = victim.text()
    assert log.count(" received") > log.count(" succeeded"), "the victim finished every page it took"
    assert f"({len(PAGES)} OCR'd)" in output
    assert archived(tmp_path / "celery") == local


def test_a_page_that_kills_its_worker_every_time_fails_its_document_not_the_batch(
        tmp_path, redis_port, scanned_pdf, local):
    """GIVEN two workers whose OCR process dies (SIGKILL) on any page 613 points wide, as on a page
    that crashes the renderer or Tesseract every time
    WHEN `foia ingest --workers` ingests a file whose page 2 is such a page, and the scanned pages
    THEN the page is delivered MAX_DELIVERIES times, then fails its file naming the page and what
    to do; the scanned pages are ingested; the archive is the one a local ingest of them makes."""
    from reportlab.pdfgen import canvas

    from ingest.workers import MAX_DELIVERIES
    from tests.ingest.poison_worker import POISON_WIDTH

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(scanned_pdf, folder / scanned_pdf.name)
    poison = canvas.Canvas(str(folder / "poison.pdf"), pagesize=(612, 792), invariant=True)
    poison.drawString(72, 700, "From: Jane Roe. This first page has an ordinary text layer for reading.")
    poison.showPage()
    poison.setPageSize((POISON_WIDTH, 792))  # no text: it goes to the workers
    poison.showPage()
    poison.save()
    broker = f"redis://127.0.0.1:{redis_port}/3"
    workers = start_workers(broker, tmp_path, program=POISONED)
    started = time.monotonic()
    ingesting: subprocess.Popen | None = None
    try:
        ingesting = foia_ingest(tmp_path / "celery", folder, broker)
        output, _ = ingesting.communicate(timeout=90)
    finally:
        for worker in workers:
            stop(worker.process)
        if ingesting is not None and ingesting.poll() is None:
            ingesting.kill()
            ingesting.wait()
    assert ingesting.returncode == 1, output
    assert "1 ingested" in output and "1 failed" in output, output
    failed = [line for line in output.splitlines() if line.startswith("  failed: ")]
    assert len(failed) == 1 and "poison.pdf: page 2: an OCR worker died on this page 3 times" in failed[0], output
    assert "without --workers" in failed[0]
    deaths = sum(w.text().count("exited with 'signal 9 (SIGKILL)'") for w in workers)
    refused = sum(w.text().count("PoisonPage('an OCR worker died") for w in workers)
    assert (deaths, refused) == (MAX_DELIVERIES, 1), [w.text()[-3000:] for w in workers]
    assert archived(tmp_path / "celery") == local
    assert time.monotonic() - started < 90


def test_redis_restarted_mid_batch_loses_no_page(tmp_path, scanned_pdf, local):
    """GIVEN a Redis without persistence and two workers
    WHEN Redis is stopped after the first page is done and started again on the same port
       (every queued page and stored result is lost)
    THEN the ingest sees the new server and sends the pages it has not collected again, and the
    batch finishes, well before the stall timeout, with the archive a local ingest makes."""
    port = free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    server = start_redis(tmp_path, port)
    workers = start_workers(broker, tmp_path)
    ingesting: subprocess.Popen | None = None
    try:
        started = time.monotonic()
        ingesting = foia_ingest(tmp_path / "celery", scanned_pdf, broker)
        wait_for(lambda: any("succeeded" in w.text() for w in workers), "a first page done")
        stop(server)
        server = start_redis(tmp_path, port)
        output, _ = ingesting.communicate(timeout=60)  # the stall timeout would be 20 minutes
        elapsed = time.monotonic() - started
    finally:
        for worker in workers:
            stop(worker.process)
        stop(server)
        if ingesting is not None and ingesting.poll() is None:
            ingesting.kill()
            ingesting.wait()
    assert ingesting.returncode == 0, output
    assert f"({len(PAGES)} OCR'd)" in output
    assert archived(tmp_path / "celery") == local
    assert elapsed < 60
