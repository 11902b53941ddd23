"""What a reader's work product costs a search: the tag facet and ``note:`` clauses.

    .venv/bin/python -m benchmarks.work_product                 # a synthetic 10k-email archive
    .venv/bin/python -m benchmarks.work_product --home DIR      # a copy of an archive

The reader measured keeps what a reader may keep within the rate limits: 300 private tag
names over about 9,000 records, and 1,000 notes of 20,000 characters each (what the
security review used to stall search for everyone). An archive given with ``--home`` is
copied first, never changed; the reader's work is added when it holds none. Each figure
is wall-clock seconds, the best of ``--runs``, printed one a line.
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from archive import Archive
from archive.search import SearchRequest

from .corpus import build_store

READER = "mal@example.org"
TAG_NAMES = 300
NOTES = 1_000
NOTE_CHARS = 20_000


def add_reader_work(home: Path, seed: int = 7) -> None:
    """The reader, their tags and notes (unless the archive holds them already)."""
    with Archive.open(home) as archive:
        account = archive.account(READER) or archive.add_account(READER, "reader", actor="benchmark")
        if archive.work.tag_names(archive.work.reader(account)):
            return
        _, keys = archive.hit_keys(SearchRequest(sort="date"), 10_000)
        per_tag = max(1, len(keys) // TAG_NAMES)
        for n in range(TAG_NAMES):
            archive.work.apply_tag(account, f"t{n:03d}", keys[n * per_tag:(n + 1) * per_tag] or keys[:1])
        rng = random.Random(seed)
        words = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(3, 9))) for _ in range(5_000)]
        for target in keys[:NOTES]:
            archive.work.add_note(account, target, " ".join(rng.choices(words, k=3_000))[:NOTE_CHARS])


def timed(runs: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def measure(home: Path, runs: int, clauses: int) -> None:
    with Archive.open(home) as archive:  # a writer: the archive's migrations applied
        document = archive.documents()[0].id
    with Archive.open(home, readonly=True) as archive:
        reader = archive.account(READER)
        many = " ".join(f"note:zz{n}" for n in range(clauses))
        cases: list[tuple[str, Callable[[], object]]] = [
            ("anonymous search q=report", lambda: archive.read_as(None).search(SearchRequest(query="report"))),
            ("reader search q=report (tag facet)", lambda: archive.read_as(reader).search(SearchRequest(query="report"))),
            ("reader q=note:zz1", lambda: archive.read_as(reader).search(SearchRequest(query="note:zz1"))),
            (f"reader q={clauses} note: clauses", lambda: archive.read_as(reader).search(SearchRequest(query=many))),
            (f"the notes' part of {clauses} note: clauses alone",
             lambda: [archive.work.matching("note", f"zz{n}", False, archive.work.reader(reader)) for n in range(clauses)]),
            (f"saved search of {clauses} note: clauses over one document (the ingest runner's)",
             lambda: archive.read_as(reader).hit_keys(SearchRequest(query=many, documents=(document,)), 1_000)),
        ]
        archive.read_as(None).search(SearchRequest(query="report"))  # warm: the index is opened once
        for name, work in cases:
            print(f"{timed(runs, work):8.3f} s  {name}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, help="an archive to measure a copy of (default: a synthetic one)")
    parser.add_argument("--emails", type=int, default=10_000, help="emails of the synthetic archive")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--clauses", type=int, default=20, help="note: clauses of the long query")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "archive"
        if args.home:
            shutil.copytree(args.home, home)
        else:
            build_store(home, args.emails)
            with Archive.open(home) as archive:
                archive.reindex()
        started = time.perf_counter()
        add_reader_work(home)
        print(f"{time.perf_counter() - started:8.3f} s  opening as a writer (migrations) and the reader's work")
        measure(home, args.runs, args.clauses)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
