"""Search benchmark: index build, memory, size and query latency, against SQLite FTS5.

    .venv/bin/python -m benchmarks.search            # 10k emails
    .venv/bin/python -m benchmarks.search --large    # and 100k (several minutes)

Each size: store a synthetic corpus (benchmarks/corpus.py) through the real
Store, rebuild the index with ``Archive.reindex`` in a child process (time and
peak memory), then run a fixed mix of 200 queries through ``Archive.search``
(top 20, facets and snippets included) after a warm-up with other queries: each
query the first time (wall-clock and CPU time), then again (the searcher keeps postings, phrase matches and
scores between searches). The term/phrase part of the same mix goes through
SQLite FTS5 (top 20 with a snippet, plus the total), warm.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from archive import Archive
from archive.engines import ENGINES, index_folder
from archive.search import SearchRequest

from .corpus import PHRASES, TOPIC, CorpusGenerator, build_store

ROOT = Path(__file__).resolve().parent.parent


def _reindex_child(home: str, engine: str | None = None) -> None:
    from archive.archive import REINDEX_PROCS

    started = time.perf_counter()
    with Archive.open(Path(home)) as archive:
        count = archive.reindex(engine=engine)
    elapsed = time.perf_counter() - started
    # ru_maxrss is in KB; worker processes run at the same time, so count each at the
    # largest any of them reached (an upper bound of the whole build's peak)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    workers = REINDEX_PROCS if worker else 0
    print(json.dumps({"entries": count, "seconds": elapsed, "peak_mb": own + workers * worker,
                      "procs": max(workers, 1)}))


def _stored_documents(home: Path) -> int:
    if not (home / "archive.db").is_file():
        return 0
    with Archive.open(home, readonly=True) as archive:
        return len(archive.documents())


def query_mix(seed: int = 11) -> list[tuple[str, str, str | None]]:
    """(category, query, FTS5 equivalent or None) — 200 queries, the same every run."""
    rng = random.Random(seed)
    gen = CorpusGenerator()
    common = ["the", "meeting", "information", "please", "thanks"]
    medium = TOPIC
    rare = gen.words[400:3000]
    people = gen.people
    mix: list[tuple[str, str, str | None]] = []
    for _ in range(25):
        word = rng.choice(common)
        mix.append(("term-common", word, word))
    for _ in range(25):
        word = rng.choice(medium + rare)
        mix.append(("term", word, word))
    for _ in range(30):
        a, b = rng.choice(medium), rng.choice(medium + rare[:200])
        mix.append(("and", f"{a} {b}", f"{a} {b}"))
    for _ in range(30):
        phrase = rng.choice(PHRASES)
        mix.append(("phrase", f'"{phrase}"', f'"{phrase}"'))
    for _ in range(30):
        a, b = rng.sample(medium, 2)
        mix.append(("w/N", f"{a} w/5 {b}", None))
    for _ in range(30):
        person = rng.choice(people)
        mix.append(("field", f"from:{person.name.split()[1].lower()} {rng.choice(medium)}", None))
    for _ in range(30):
        year = rng.choice((2016, 2017, 2018, 2019))
        mix.append(("term+date", f"{rng.choice(medium)} date:[{year}-01 to {year}-{rng.randint(3, 12):02d}]", None))
    return mix


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def _fts(home: Path, fts_path: Path) -> tuple[sqlite3.Connection, float]:
    started = time.perf_counter()
    fts_path.unlink(missing_ok=True)  # a kept --workdir holds the last run's
    conn = sqlite3.connect(fts_path)
    conn.execute("attach database ? as src", (f"file:{home / 'archive.db'}?mode=ro",))
    conn.execute("create virtual table fts using fts5(body, tokenize='porter unicode61')")
    conn.execute("insert into fts(rowid, body) select rowid, subject || char(10) || body from src.emails")
    conn.commit()
    return conn, time.perf_counter() - started


def _fts_query(conn: sqlite3.Connection, match: str) -> int:
    total = conn.execute("select count(*) from fts where fts match ?", (match,)).fetchone()[0]
    rows = conn.execute(
        "select rowid, snippet(fts, 0, '[', ']', '…', 12) from fts where fts match ? order by rank limit 20",
        (match,)).fetchall()
    return int(total) + len(rows) * 0


def _index_kept(home: Path, engine: str | None) -> bool:
    if not (home / "archive.db").is_file():
        return False
    with Archive.open(home, readonly=True) as archive:
        return (engine is None or archive.engine == engine) and archive.index_is_current()


def run(size: int, workdir: Path, engine: str | None = None, reuse_index: bool = False) -> dict[str, object]:
    home = workdir / f"archive-{size}"
    started = time.perf_counter()
    documents = _stored_documents(home)
    if not documents:  # a kept --workdir reuses its stored corpus (the corpus is deterministic)
        documents = build_store(home, size)
    store_seconds = time.perf_counter() - started
    build: dict[str, object] = {}
    if not (reuse_index and _index_kept(home, engine)):
        child = subprocess.Popen(
            [sys.executable, "-c",
             f"from benchmarks.search import _reindex_child; _reindex_child({str(home)!r}, {engine!r})"],
            cwd=ROOT, stdout=subprocess.PIPE, text=True)
        anonymous = 0.0
        while child.poll() is None:  # what the processes hold, not the files they map (ru_maxrss counts both)
            pids = [child.pid, *_children(child.pid)]
            anonymous = max(anonymous, sum(_rss_anon_mb(p) for p in pids))
            time.sleep(0.2)
        if child.returncode:
            raise SystemExit(f"the reindex failed (exit {child.returncode})")
        build = json.loads(child.stdout.read().strip().splitlines()[-1]) if child.stdout else {}
        build["anon_mb"] = anonymous
    with Archive.open(home, readonly=True) as archive:
        used = archive.engine
    size_mb = sum(f.stat().st_size for f in index_folder(home, used).rglob("*") if f.is_file()) / 1e6

    mix = query_mix()
    load = [_load_average()]
    first: dict[str, list[float]] = {}
    first_cpu: dict[str, list[float]] = {}  # the CPU time of the same searches (the machine is shared)
    timings: dict[str, list[float]] = {}
    fts_timings: dict[str, list[float]] = {}
    with Archive.open(home, readonly=True) as archive:
        emails = archive.counts()["emails"]
        for _category, text, _ in query_mix(seed=99):  # warm: open the searcher, fill the OS cache
            archive.search(SearchRequest(query=text))
        # each query of the mix the first time (searched: the pages of results the warm-up
        # kept are forgotten before each, its postings and expansions are not), then asked
        # again at once (the page of results it kept: each forgets the one before, so the
        # second asking is timed, not a later one)
        for category, text, _ in mix:
            archive.forget_answers()
            t0, c0 = time.perf_counter(), time.process_time()
            archive.search(SearchRequest(query=text))
            c1, t1 = time.process_time(), time.perf_counter()
            archive.search(SearchRequest(query=text))
            t2 = time.perf_counter()
            first.setdefault(category, []).append((t1 - t0) * 1000)
            first_cpu.setdefault(category, []).append((c1 - c0) * 1000)
            timings.setdefault(category, []).append((t2 - t1) * 1000)
        # incremental indexing, the ingest path: re-index 20 documents one commit each (what
        # ingest does today, one commit per PDF), then 20 others in one commit (batched)
        docs = archive.documents()[:40]
    load.append(_load_average())
    with Archive.open(home) as archive:
        t0 = time.perf_counter()
        indexed = sum(archive.index_document(d) for d in docs[:20])
        incremental = indexed / (time.perf_counter() - t0)
        t0 = time.perf_counter()
        indexed = archive.index_document(*docs[20:])
        batched = indexed / (time.perf_counter() - t0)

    conn, fts_build = _fts(home, workdir / f"fts-{size}.db")
    for _category, _, match in mix:
        if match:
            _fts_query(conn, match)
    for category, _, match in mix:
        if match:
            t0 = time.perf_counter()
            _fts_query(conn, match)
            fts_timings.setdefault(category, []).append((time.perf_counter() - t0) * 1000)
    conn.close()
    return {
        "size": size, "engine": used, "emails": emails, "documents": documents, "store_seconds": store_seconds,
        "build": build, "index_mb": size_mb, "first": first, "first_cpu": first_cpu, "timings": timings, "fts": fts_timings,
        "fts_build_seconds": fts_build, "incremental_per_s": incremental, "batched_per_s": batched,
        "load": load,
    }


def _children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False).stdout
    return [int(p) for p in found.split()]


def _rss_anon_mb(pid: int) -> float:
    """A process's anonymous resident memory (not the pages of files it maps), 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _load_average() -> str:
    """The 1-minute load average (the machine is shared: read figures beside it)."""
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


def report(results: list[dict[str, object]]) -> str:
    lines = []
    for r in results:
        first: dict[str, list[float]] = r["first"]  # type: ignore[assignment]
        cpu: dict[str, list[float]] = r["first_cpu"]  # type: ignore[assignment]
        timings: dict[str, list[float]] = r["timings"]  # type: ignore[assignment]
        fts: dict[str, list[float]] = r["fts"]  # type: ignore[assignment]
        build: dict[str, float] = r["build"]  # type: ignore[assignment]
        every = [t for ts in first.values() for t in ts]
        every_cpu = [t for ts in cpu.values() for t in ts]
        every_again = [t for ts in timings.values() for t in ts]
        shared = [t for c, ts in first.items() if c in fts for t in ts]
        shared_again = [t for c, ts in timings.items() if c in fts for t in ts]
        fts_all = [t for ts in fts.values() for t in ts]
        lines.append(f"\n## {r['emails']:,} emails ({r['documents']} documents), {r['engine']}, load average "
                     f"{' then '.join(r['load'])} (queries)\n")  # type: ignore[arg-type]
        built = (f"full reindex: {build['entries']:,} entries in {build['seconds']:.1f} s "
                 f"({build['entries'] / build['seconds']:.0f} docs/s, {build.get('procs', 1)} processes), "
                 f"peak memory {build['peak_mb']:.0f} MB (largest resident sets), "
                 f"{build['anon_mb']:.0f} MB anonymous (sampled, all processes at once)") if build else \
            "index reused (--reuse-index)"
        lines.append(f"{built}, index {r['index_mb']:.0f} MB; incremental "
                     f"{r['incremental_per_s']:.0f} emails/s one commit per document, "
                     f"{r['batched_per_s']:.0f} emails/s 20 documents per commit; "
                     f"FTS5 build {r['fts_build_seconds']:.1f} s")
        lines.append("")
        lines.append("| queries | n | first time p50 / p95 ms | first time CPU p50 / p95 ms | again p50 / p95 ms "
                     "| FTS5 p50 / p95 ms | ratio p95 (first time) |")
        lines.append("|---|---|---|---|---|---|---|")

        def cols(ts: list[float]) -> str:
            return f"{statistics.median(ts):.1f} / {_percentile(ts, 95):.1f}"

        for category, ts in first.items():
            f = fts.get(category)
            fcols = f"{cols(f)} | {_percentile(ts, 95) / max(_percentile(f, 95), 1e-3):.1f}×" if f else "– | –"
            lines.append(f"| {category} | {len(ts)} | {cols(ts)} | {cols(cpu[category])} | {cols(timings[category])} "
                         f"| {fcols} |")
        lines.append(f"| **whole mix** | {len(every)} | {cols(every)} | {cols(every_cpu)} | {cols(every_again)} | | |")
        shared_cpu = [t for c, ts in cpu.items() if c in fts for t in ts]
        lines.append(f"| **shared term/phrase part** | {len(shared)} | {cols(shared)} | {cols(shared_cpu)} "
                     f"| {cols(shared_again)} | "
                     f"{cols(fts_all)} | {_percentile(shared, 95) / max(_percentile(fts_all, 95), 1e-3):.1f}× |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--large", action="store_true", help="also 100k emails (several minutes)")
    parser.add_argument("--size", type=int, action="append", help="corpus size(s) instead of 10k")
    parser.add_argument("--workdir", type=Path, help="keep the generated archives here")
    parser.add_argument("--engine", choices=ENGINES, help="reindex with this engine (default: the archive's)")
    parser.add_argument("--reuse-index", action="store_true",
                        help="skip the full reindex when the kept archive's index is current (queries only)")
    args = parser.parse_args()
    sizes = args.size or [10_000] + ([100_000] if args.large else [])
    with tempfile.TemporaryDirectory(prefix="foia-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        results = []
        for size in sizes:
            results.append(run(size, workdir, args.engine, args.reuse_index))
            print(report(results[-1:]), flush=True)


if __name__ == "__main__":
    main()
