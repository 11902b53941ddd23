"""OCR ingest on the local process pool vs Celery workers, on this machine, in the same run.

    python benchmarks/workers.py [--pages 12] [--repeat 2]

Starts a redis-server on a free loopback port (a temporary folder; stopped at
the end), then ingests the same scanned pages (each in a fresh process and a
fresh archive, no OCR cache) with: the local pool of 1 and of 2 processes, and 1 and 2
`foia worker` processes of one OCR process each, alternating local and Celery
runs and keeping the best of each (the machine may be shared). Prints pages/s and the ratio
Celery / local at equal core count (target >= 0.9), and what one page costs to
send: the page cut into a one-page PDF vs the whole PDF.
"""

from __future__ import annotations

import argparse
import base64
import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive import Archive, Release  # noqa: E402
from benchmarks.ingest import scanned_pages, subset_pdf  # noqa: E402
from ingest.pipeline import Ingest  # noqa: E402


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def start_workers(broker: str, count: int, folder: Path) -> list[subprocess.Popen[bytes]]:
    workers = []
    logs = []
    for i in range(count):
        log = folder / f"worker-{count}-{i}.log"
        logs.append(log)
        with open(log, "wb") as out:
            workers.append(subprocess.Popen(
                [sys.executable, "-c", "from web.cli import main; main()", "worker", "--broker", broker,
                 "--concurrency", "1"],
                stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True,
                env={**os.environ, "PYTHONPATH": str(ROOT)}))
    deadline = time.monotonic() + 60
    while not all(" ready." in log.read_text(errors="replace") for log in logs):
        if time.monotonic() > deadline or any(w.poll() is not None for w in workers):
            raise SystemExit("the workers did not start: " + " ".join(p.read_text() for p in logs))
        time.sleep(0.1)
    return workers


def ingest_seconds(pdf: Path, **options: object) -> float:
    """One ingest in a fresh process (as `foia ingest` runs): seconds for Ingest.run."""
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from pathlib import Path;"
            "from benchmarks.workers import ingest_here;"
            "print(ingest_here(Path(sys.argv[2]), **eval(sys.argv[3])))")
    out = subprocess.run([sys.executable, "-c", code, str(ROOT), str(pdf), repr(options)],
                         capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def ingest_here(pdf: Path, **options: object) -> float:
    with tempfile.TemporaryDirectory(prefix="foia-bench-") as home, Archive.open(Path(home)) as archive:
        archive.save_release(Release(slug="bench", title="Benchmark"))
        started = time.perf_counter()
        summary = Ingest(archive, "bench", **options).run([pdf])  # type: ignore[arg-type]
        elapsed = time.perf_counter() - started
        assert not summary.failed, summary.failed
        return elapsed


def payload_cost(pdf: Path, pages: int) -> tuple[float, float, float]:
    """Mean bytes per task (one-page PDF, whole PDF, base64 in the message) and ms to cut a page."""
    import pypdfium2 as pdfium

    data = pdf.read_bytes()
    source = pdfium.PdfDocument(data)
    sizes = []
    started = time.perf_counter()
    for index in range(pages):
        single = pdfium.PdfDocument.new()
        single.import_pages(source, [index])
        buffer = io.BytesIO()
        single.save(buffer)
        single.close()
        sizes.append(len(base64.b64encode(buffer.getvalue())))
    cut_ms = (time.perf_counter() - started) * 1000 / pages
    source.close()
    return sum(sizes) / len(sizes), float(len(base64.b64encode(data))), cut_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=2, help="runs of each, alternating; the best counts")
    args = parser.parse_args()
    redis = shutil.which("redis-server")
    if redis is None:
        raise SystemExit("redis-server is not installed (apt-get install redis-server)")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop the workers and redis on the way out
    pages = scanned_pages(args.pages)
    n = len(pages)
    with tempfile.TemporaryDirectory(prefix="foia-bench-workers-") as scratch:
        folder = Path(scratch)
        scan = folder / "scanned.pdf"
        subset_pdf(pages, scan)
        port = free_port()
        server = subprocess.Popen([redis, "--port", str(port), "--bind", "127.0.0.1", "--dir", scratch,
                                   "--save", "", "--appendonly", "no"],
                                  stdout=subprocess.DEVNULL, start_new_session=True)
        try:
            time.sleep(0.5)
            broker = f"redis://127.0.0.1:{port}/0"
            rates: dict[str, float] = {}
            for cores in (1, 2):
                workers = start_workers(broker, cores, folder)
                try:  # alternate the two, best of --repeat: the machine is shared
                    for _ in range(args.repeat):
                        local = n / ingest_seconds(scan, jobs=cores)
                        celery = n / ingest_seconds(scan, workers=broker)
                        rates[f"local {cores}"] = max(rates.get(f"local {cores}", 0.0), local)
                        rates[f"celery {cores}"] = max(rates.get(f"celery {cores}", 0.0), celery)
                finally:
                    for worker in workers:
                        stop(worker)
        finally:
            stop(server)
        one_page, whole, cut_ms = payload_cost(scan, n)
    print(f"scanned pages: {n}, {os.cpu_count()} cores on this machine")
    for cores in (1, 2):
        local, celery = rates[f"local {cores}"], rates[f"celery {cores}"]
        print(f"  {cores} core(s): local pool {local:5.2f} pages/s, Celery {celery:5.2f} pages/s, "
              f"ratio {celery / local:4.2f} (target >= 0.9); {celery / cores:4.2f} pages/s per core")
    print(f"  payload per task: one-page PDF {one_page / 1024:7.0f} KB (cut in {cut_ms:.1f} ms), "
          f"whole PDF {whole / 1024:7.0f} KB (base64, as sent)")


if __name__ == "__main__":
    main()
