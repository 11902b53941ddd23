"""Reliability report: faults injected, hostile files, fuzzed queries, readers during an ingest.

    .venv/bin/python -m benchmarks.reliability            # about 2 minutes on 2 cores
    .venv/bin/python -m benchmarks.reliability --kills    # and the 23 SIGKILL points (several minutes)

Prints figures, not adjectives. Each part runs the same code as its test in tests/.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def kill_points() -> tuple[int, int]:
    """(tried, recovered): the crash-recovery test, one SIGKILL point per test case."""
    from tests.ingest.test_crash_recovery import KILL_POINTS

    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "tests/ingest/test_crash_recovery.py", "-k", "recovers"],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    tail = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    passed = int(tail.split(" passed")[0].split()[-1]) if " passed" in tail else 0
    return len(KILL_POINTS), passed


def hostile_files() -> tuple[int, int, list[str]]:
    """(tried, handled, lines): the hostile corpus plus 3,000 pages, each ingested beside a good file."""
    from archive import Archive, Release
    from ingest.pipeline import Ingest
    from tests.reliability import hostile
    from tests.reliability.test_hostile_files import RecordingEngine

    tried = handled = 0
    lines = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        good = hostile.good(folder / "good.pdf")
        corpus = [*hostile.CORPUS, (hostile.MANY_PAGES, hostile.thousands_of_pages)]
        for spec, make in corpus:
            path = make(folder / spec.name)
            with Archive.open(folder / f"home-{spec.name}") as archive:
                archive.save_release(Release(slug="h", title="h"))
                started = time.monotonic()
                summary = Ingest(archive, "h", engine=RecordingEngine()).run([path, good])
                elapsed = time.monotonic() - started
            outcome = {Path(o.path).name: o for o in summary.outcomes}
            ok = outcome[spec.name].status == spec.expect and outcome["good.pdf"].status == "ingested"
            tried += 1
            handled += ok
            lines.append(f"  {spec.name:22} {spec.what:48} {outcome[spec.name].status:8} {elapsed:5.1f}s"
                         f"{'' if ok else '  UNEXPECTED'}")
    return tried, handled, lines


def memory_bombs() -> list[str]:
    """Peak RSS of `foia ingest` on each memory bomb beside a good file, and on the good file alone."""
    from tests.reliability import hostile
    from tests.reliability.conftest import run_foia
    from tests.reliability.test_hostile_files import MEMORY_BOMBS

    makers = {spec.name: make for spec, make in hostile.CORPUS}
    lines = []
    with tempfile.TemporaryDirectory() as scratch:
        for name in [*MEMORY_BOMBS, None]:
            folder = Path(scratch) / f"in-{name}"
            folder.mkdir()
            if name:
                makers[name](folder / name)
            hostile.good(folder / "good.pdf")
            home = Path(scratch) / f"home-{name}"
            run_foia(home, "release", "create", "h", "--title", "h")
            run = run_foia(home, "ingest", str(folder), "--release", "h", "--jobs", "1")
            lines.append(f"  {name or 'good.pdf alone':22} peak RSS {run.rss_mb:4d} MB  {run.wall_s:5.1f}s  "
                         f"exit {run.returncode}")
    return lines


def fuzzed_queries() -> int:
    """Queries Hypothesis fired at the parser, the search URL and the API without an error."""
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "tests/archive/test_query.py", "tests/web/test_fuzz.py",
                           "--hypothesis-show-statistics"],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(done.stdout[-2000:])
        return -1
    import re

    return sum(int(n) for n in re.findall(r"(\d+) passing", done.stdout))


def concurrent_readers() -> dict:
    from tests.reliability.test_concurrency import readers_during_ingest

    with tempfile.TemporaryDirectory() as scratch:
        return readers_during_ingest(Path(scratch))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", action="store_true", help="also run the 23 SIGKILL points")
    args = parser.parse_args()
    if args.kills:
        tried, recovered = kill_points()
        print(f"kill points (SIGKILL during ingest): {tried} tried, {recovered} recovered to an identical archive")
    tried, handled, lines = hostile_files()
    print(f"hostile files: {tried} tried, {handled} handled (clear per-file error or safe ingest)")
    print("\n".join(lines))
    print("memory bombs (PDFium alone took 330 MB-1 GB on each), `foia ingest` beside a good file:")
    print("\n".join(memory_bombs()))
    print(f"queries fuzzed (Hypothesis, parser + search URL + API): {fuzzed_queries()} without an error")
    result = concurrent_readers()
    print(f"concurrent readers during an ingest of {result['files']} files: {result['readers']} readers, "
          f"{result['requests']} requests, {len(result['errors'])} errors; "
          f"ingest exit {result['ingest'].returncode}, final total {result['final_total']}")


if __name__ == "__main__":
    main()
