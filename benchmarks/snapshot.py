"""Opening a large index, copying an archive, and a second web process serving the copy.

    python -m benchmarks.snapshot [--emails 10000] [--workdir DIR]

Uses the archive ``DIR/archive-N`` (built by ``benchmarks.search --size N --workdir DIR`` or
``benchmarks.web``; built here if missing, in a temporary folder without ``--workdir``) on
whichever engine it uses:

1. **open**: a fresh process opens the archive and its index and runs one search, as a web
   process does on its first request: seconds and resident memory (VmRSS) before, after the
   open and after the search, beside the size of the index's columns on disk;
2. **snapshot**: ``Archive.snapshot`` (what `foia snapshot` runs) into ``DIR/snapshot-N``, hard
   links (one disk) and ``--copy`` (every byte, what reaching another machine costs locally);
3. **serve the copy**: `foia run` (one process) on the byte copy, its first answer timed, then
   the search mix's 200 queries through ``/api/search``, each compared with what the original
   archive answers in this process: every answer must be the same.

The copies are removed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.search import query_mix  # noqa: E402
from benchmarks.web import free_port, listening_sockets, percentile, prepare  # noqa: E402


def rss_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _open_child(home: str) -> None:
    """Runs in a fresh process: what opening the archive costs a web process."""
    from archive import Archive
    from archive.search import SearchRequest

    before = rss_mb()
    t0 = time.perf_counter()
    archive = Archive.open(Path(home), readonly=True)
    archive.check_search()
    opened = time.perf_counter() - t0
    after_open = rss_mb()
    t1 = time.perf_counter()
    archive.search(SearchRequest(query="meeting"))
    searched = time.perf_counter() - t1
    print(json.dumps({"open_s": opened, "first_search_s": searched, "rss_before_mb": before,
                      "rss_open_mb": after_open, "rss_search_mb": rss_mb()}))
    archive.close()


def columns_mb(home: Path) -> float:
    folders = list(home.glob("index-*/gen-*/columns"))
    return sum(f.stat().st_size for d in folders for f in d.rglob("*") if f.is_file()) / 1e6


def serve_copy(copy: Path, original: Path, queries: list[str]) -> dict[str, float]:
    """`foia run` on ``copy``; every query's /api/search answer against the original's."""
    from web import create_app

    port = free_port()
    env = {**os.environ, "FOIA_ARCHIVE_HOME": str(copy)}
    log = open(copy.parent / f"{copy.name}.server.log", "wb")  # noqa: SIM115 (closed below)
    server = subprocess.Popen([sys.executable, "-c", "from web.cli import main; main()", "run", "--port", str(port),
                               "--processes", "1", "--threads", "4"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=log)
    client = create_app({"ARCHIVE_HOME": str(original), "TESTING": True}).test_client()
    try:
        started = time.perf_counter()
        while listening_sockets(port) < 1:
            if time.perf_counter() - started > 120:
                raise SystemExit("the server on the copy did not start (see its log)")
            time.sleep(0.05)

        def ask(text: str) -> tuple[str, float]:
            """The copy's answer, its links written as the original's (which answers as localhost)."""
            t0 = time.perf_counter()
            url = f"http://127.0.0.1:{port}/api/search?{urllib.parse.urlencode({'q': text})}"
            with urllib.request.urlopen(url, timeout=120) as answer:  # noqa: S310 - our own server
                body = answer.read().decode().replace(f"http://127.0.0.1:{port}/", "http://localhost/")
            return json.dumps(json.loads(body), sort_keys=True), (time.perf_counter() - t0) * 1000

        _, first_ms = ask("meeting")
        first_total = time.perf_counter() - started
        same, times = 0, []
        for text in queries:
            served, ms = ask(text)
            times.append(ms)
            expected = client.get("/api/search", query_string={"q": text}).get_json()
            same += served == json.dumps(expected, sort_keys=True)
        worker_rss = max((rss_mb(p) for p in _children(server.pid)), default=0.0)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    return {"start_to_first_answer_s": first_total, "first_answer_ms": first_ms, "queries": len(queries),
            "same": same, "p50_ms": statistics.median(times), "p95_ms": percentile(times, 95),
            "worker_rss_mb": worker_rss}


def _children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False).stdout
    return [int(p) for p in found.split()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--emails", type=int, default=10_000)
    parser.add_argument("--workdir", type=Path, help="keep the generated archive here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="foia-snapshot-bench-") as tmp:
        measure(args.emails, args.workdir or Path(tmp))


def measure(emails: int, workdir: Path) -> None:
    from archive import Archive

    home = workdir / f"archive-{emails}"
    prepare(home, emails)
    print(f"{emails} emails at {home}; load average {Path('/proc/loadavg').read_text().split()[:3]}")
    for run in (1, 2):
        child = subprocess.run([sys.executable, "-c",
                                f"from benchmarks.snapshot import _open_child; _open_child({str(home)!r})"],
                               cwd=ROOT, capture_output=True, text=True, check=True)
        opened = json.loads(child.stdout.strip().splitlines()[-1])
        print(f"open, run {run}: {opened['open_s'] * 1000:.0f} ms to open, first search {opened['first_search_s'] * 1000:.0f} ms; "
              f"RSS {opened['rss_before_mb']:.0f} MB before, {opened['rss_open_mb']:.0f} MB opened, "
              f"{opened['rss_search_mb']:.0f} MB after a search; columns on disk {columns_mb(home):.0f} MB")
    copies = {}
    for link in (True, False):
        target = workdir / f"snapshot-{emails}-{'linked' if link else 'copied'}"
        shutil.rmtree(target, ignore_errors=True)
        t0 = time.perf_counter()
        with Archive.open(home) as archive, archive.writing():
            sizes = archive.snapshot(target, link=link)
        seconds = time.perf_counter() - t0
        copies[link] = target
        print(f"snapshot ({'hard links' if link else 'every byte'}): {seconds:.1f} s; database "
              f"{sizes['database'] / 1e6:.0f} MB, PDFs {sizes['files'] / 1e6:.0f} MB, index {sizes['index'] / 1e6:.0f} MB")
    shutil.rmtree(copies[True])
    try:
        queries = [text for _, text, _ in query_mix(seed=11)]
        served = serve_copy(copies[False], home, queries)
    finally:
        shutil.rmtree(copies[False], ignore_errors=True)
    print(f"second web process on the copy: first answer {served['start_to_first_answer_s']:.1f} s after start "
          f"({served['first_answer_ms']:.0f} ms for the request); {served['same']} of {served['queries']} "
          f"answers the same as the original's; p50 / p95 {served['p50_ms']:.0f} / {served['p95_ms']:.0f} ms "
          f"(one process, one client); worker RSS {served['worker_rss_mb']:.0f} MB")
    print(f"load average {Path('/proc/loadavg').read_text().split()[:3]}")


if __name__ == "__main__":
    main()
