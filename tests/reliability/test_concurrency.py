"""Readers keep getting correct answers while a batch is being ingested."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.conftest import ROOT
from tests.web.serve import foia_run

from .conftest import run_foia
from .test_faults import email_pdfs

READERS = 6
QUERIES = ["widget", "procurement", "from:clerk", "lot", "records"]


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (loopback only)
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def read_while(base: str, stop: threading.Event, tally: dict, errors: list[str], reader: int) -> None:
    """Search; every email a search returns must resolve with all its pages."""
    n = reader
    deadline = time.monotonic() + 240
    while not stop.is_set() and time.monotonic() < deadline:
        n += 1
        query = QUERIES[n % len(QUERIES)]
        status, body = get(f"{base}/api/search?q={query}&size=100")
        tally["requests"] += 1
        if status != 200:
            if status != 503:  # before the first document's index exists the API says so, politely
                errors.append(f"search {query}: {status}")
            continue
        hits = json.loads(body)["data"]["hits"]
        if query == "widget" and len(hits) % 10:  # every file has 10 emails: none half-visible
            errors.append(f"search {query}: {len(hits)} hits, not whole documents")
        for hit in hits[n % 7:n % 7 + 2]:
            email_id = hit["email"]["id"]
            status, body = get(f"{base}/api/emails/{email_id}")
            tally["requests"] += 1
            if status != 200:
                errors.append(f"email {email_id}: {status}")
                continue
            pages = json.loads(body)["data"]["pages"]
            if not pages:
                errors.append(f"email {email_id}: no pages")
            for url in [f"{base}/e/{email_id}", *pages]:
                status, _ = get(url)
                tally["requests"] += 1
                if status != 200:
                    errors.append(f"{url}: {status}")


def readers_during_ingest(tmp_path: Path, readers: int = READERS, files: int = 8) -> dict:
    """Serve the archive with `foia run` (two workers), ingest a batch in a subprocess, read meanwhile."""
    batch = email_pdfs(tmp_path / "in", files=files, pages=10)[0].parent
    home = tmp_path / "archive"
    run_foia(home, "release", "create", "faults", "--title", "Faults")
    first = sorted(batch.iterdir())[0]
    assert run_foia(home, "ingest", str(first), "--release", "faults", "--jobs", "1").returncode == 0
    tally = {"requests": 0}
    errors: list[str] = []
    stop = threading.Event()
    with foia_run(home, processes=2) as (_, port):
        base = f"http://127.0.0.1:{port}"
        threads = [threading.Thread(target=read_while, args=(base, stop, tally, errors, r)) for r in range(readers)]
        for thread in threads:
            thread.start()
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        ingest = subprocess.run([sys.executable, "-c", "from web.cli import main; main()", "--home", str(home),
                                 "ingest", str(batch), "--release", "faults", "--jobs", "1"],
                                env=env, cwd=ROOT, capture_output=True, text=True, timeout=240)
        time.sleep(0.5)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        status, body = get(f"{base}/api/search?q=widget&size=100")
    return {"readers": readers, "requests": tally["requests"], "errors": errors, "ingest": ingest,
            "final_status": status, "final_total": json.loads(body)["meta"]["total"] if status == 200 else -1,
            "files": files}


def test_readers_see_no_errors_and_no_half_ingested_document(tmp_path):
    result = readers_during_ingest(tmp_path)
    assert result["ingest"].returncode == 0, result["ingest"].stderr
    assert result["errors"] == [], result["errors"][:10]
    assert result["requests"] > 50
    assert result["final_total"] == 10 * result["files"]
