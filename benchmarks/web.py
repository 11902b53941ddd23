"""The site under concurrent load: search and email pages, p50/p95 and requests/s.

    python -m benchmarks.web [--emails 10000] [--clients 16] [--seconds 30] [--workdir DIR] [--nginx]

Builds (or reuses, with --workdir) a synthetic archive, serves it with `foia run`
(gunicorn: ``--processes`` workers of ``--threads`` threads; with ``--nginx``, `foia run
--nginx`: nginx in front) and drives it from a second process on loopback:
``--clients`` threads with keep-alive connections, each alternating a search
(from the search benchmark's query mix, with facets and snippets) and an email
page, for ``--seconds``. Targets from the web issue at 100k emails: search page
p95 <= 250 ms, email page p95 <= 100 ms, zero errors.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.workers import free_port  # noqa: E402


def prepare(home: Path, emails: int) -> None:
    from archive import Archive
    from benchmarks.corpus import build_store

    if not (home / "archive.db").is_file():
        build_store(home, emails)
    with Archive.open(home) as archive:
        if not archive.index_is_current():
            archive.reindex()


def load(port: int, clients: int, seconds: float, queries: list[str], email_ids: list[str]) -> dict:
    """Runs in its own process: the clients, timing every request."""
    timings: dict[str, list[float]] = {"search": [], "email": []}
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        kind = "search" if seed % 2 else "email"
        while time.monotonic() < deadline:
            if kind == "search":
                path = "/search?" + urllib.parse.urlencode({"q": rng.choice(queries)})
            else:
                path = f"/e/{rng.choice(email_ids)}"
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                status = 0
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                with lock:
                    errors.append(f"{path}: {exc.__class__.__name__}")
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if status == 200:
                    timings[kind].append(elapsed)
                elif status:
                    errors.append(f"{path}: HTTP {status}")
            kind = "email" if kind == "search" else "search"
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"timings": timings, "errors": errors, "seconds": time.monotonic() - started}


def server_cpu(pid: int) -> dict[int, float]:
    """CPU seconds used so far by the server process and its forked children, by pid."""
    tick = os.sysconf("SC_CLK_TCK")
    out: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        this = int(stat.parent.name)
        if this == pid or int(fields[1]) == pid:  # fields[1]: the parent's pid
            out[this] = (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    return out


def listening_sockets(port: int) -> int:
    """Sockets listening on ``port`` on 127.0.0.1 (state 0A in /proc/net/tcp): one per worker."""
    rows = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return sum(1 for row in rows if row.split()[1] == f"0100007F:{port:04X}" and row.split()[3] == "0A")


def connections_by_process(port: int, pids: Iterable[int]) -> dict[int, int]:
    """The clients' connections to ``port`` that each server process holds, by pid."""
    rows = [row.split() for row in Path("/proc/net/tcp").read_text().splitlines()[1:]]
    established = {f"socket:[{row[9]}]" for row in rows if row[1] == f"0100007F:{port:04X}" and row[3] == "01"}
    held = {}
    for pid in pids:
        links = []
        for fd in Path(f"/proc/{pid}/fd").glob("*"):
            with contextlib.suppress(OSError):
                links.append(os.readlink(fd))
        held[pid] = sum(link in established for link in links)
    return held


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--emails", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1, help="server processes")
    parser.add_argument("--threads", type=int, default=16, help="threads per server process")
    parser.add_argument("--nginx", action="store_true", help="serve with `foia run --nginx`")
    parser.add_argument("--load-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load_child:  # the second process
        spec = json.loads(Path(args.load_child).read_text())
        print(json.dumps(load(**spec)))
        return

    from archive import Archive
    from benchmarks.search import query_mix

    with tempfile.TemporaryDirectory(prefix="foia-web-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        home = workdir / f"archive-{args.emails}"
        prepare(home, args.emails)
        with Archive.open(home, readonly=True) as archive:
            email_ids = [e.id for _, e in zip(range(2000), archive.iter_emails(), strict=False)]
            emails = archive.counts()["emails"]
        # the warm-up pass and the measured pass use different queries (other seeds of the
        # search benchmark's mix), so the measured one does not replay what warmed the caches
        warm_queries = [text for _, text, _ in query_mix(seed=99)]
        queries = [text for seed in (11, 12, 13, 14, 15) for _, text, _ in query_mix(seed=seed)]
        port = free_port()
        # the clients stand for 16 people, each at an address of their own: one address here, so
        # the per-address limit on wildcard and fuzzy searches (web/limits.py) is off for the run
        env = {**os.environ, "FOIA_ARCHIVE_HOME": str(home), "FOIA_RATE_LIMIT_EXPANDING_SEARCHES": ""}
        # the server's log goes to a file: an unread pipe fills up and stalls the server
        server_log = open(Path(tmp) / "server.log", "wb")  # noqa: SIM115 (closed below)
        server = subprocess.Popen([sys.executable, "-c", "from web.cli import main; main()", "run",
                                   "--port", str(port), "--processes", str(args.processes),
                                   "--threads", str(args.threads), *(["--nginx"] if args.nginx else [])],
                                  cwd=ROOT, env=env,
                                  stdout=subprocess.DEVNULL, stderr=server_log)
        try:
            for _ in range(300):  # until every worker listens, so the warm-up reaches each of them
                if listening_sockets(port) >= (1 if args.nginx else args.processes):
                    break
                time.sleep(0.1)
            spec = Path(tmp) / "load.json"
            spec.write_text(json.dumps({"port": port, "clients": args.clients, "seconds": args.seconds,
                                        "queries": warm_queries, "email_ids": email_ids[1000:]}))
            warm = subprocess.run([sys.executable, "-m", "benchmarks.web", "--load-child", str(spec)],
                                  cwd=ROOT, capture_output=True, text=True, check=False)
            del warm  # the first pass warms the server's searcher and caches
            spec.write_text(json.dumps({"port": port, "clients": args.clients, "seconds": args.seconds,
                                        "queries": queries, "email_ids": email_ids[:1000]}))
            loadavg_before = os.getloadavg()[0]
            cpu_before, load_before = server_cpu(server.pid), resource.getrusage(resource.RUSAGE_CHILDREN)
            measured = subprocess.Popen([sys.executable, "-m", "benchmarks.web", "--load-child", str(spec)],
                                        cwd=ROOT, stdout=subprocess.PIPE, text=True)
            time.sleep(sampled := min(5.0, args.seconds / 2))  # the clients have connected and stay so
            spread = connections_by_process(port, server_cpu(server.pid))
            stdout, _ = measured.communicate()
            if measured.returncode:
                raise SystemExit(f"the load generator failed (exit {measured.returncode})")
            cpu_after, load_after = server_cpu(server.pid), resource.getrusage(resource.RUSAGE_CHILDREN)
            loadavg_after = os.getloadavg()[0]
            result = json.loads(stdout.strip().splitlines()[-1])
        finally:
            server.terminate()
            server.wait(timeout=30)
            server_log.close()
    timings, errors = result["timings"], result["errors"]
    total = sum(len(v) for v in timings.values()) + len(errors)
    print(f"{emails} emails, {args.clients} clients for {result['seconds']:.0f} s "
          f"from a second process on loopback; server: {'nginx in front of ' if args.nginx else ''}"
          f"{args.processes} process(es) x {args.threads} threads")
    print(f"  requests/s                {total / result['seconds']:8.1f}")
    for kind, target in (("search", 250), ("email", 100)):
        values = timings[kind]
        print(f"  {kind:6} page p50 / p95    {percentile(values, 50):7.1f} / {percentile(values, 95):7.1f} ms"
              f"   ({len(values)} requests; target p95 <= {target} ms at 100k)")
    print(f"  errors                    {len(errors):8d}" + (f"  e.g. {errors[:3]}" if errors else ""))
    used = {p: cpu_after[p] - cpu_before.get(p, 0.0) for p in cpu_after}
    load_cpu = (load_after.ru_utime + load_after.ru_stime) - (load_before.ru_utime + load_before.ru_stime)
    print(f"  server CPU per request    {sum(used.values()) / max(1, total) * 1000:8.2f} ms"
          f"   (by process: {', '.join(f'{s:.1f} s' for s in sorted(used.values(), reverse=True))})")
    print(f"  connections by process   {', '.join(str(n) for n in sorted(spread.values(), reverse=True) if n)}"
          f"   ({sampled:.0f} s into the run)")
    print(f"  load generator CPU        {load_cpu / max(1, total) * 1000:8.2f} ms per request")
    # other work on the machine slows the server's CPU too (shared caches and cores): figures
    # are comparable only at a like load
    print(f"  machine load average      {loadavg_before:8.2f} before, {loadavg_after:.2f} after (1 min, "
          f"{os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
