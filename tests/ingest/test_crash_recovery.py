"""Kill the ingest (SIGKILL) at many points; a rerun must leave the archive identical
to an uninterrupted run: same ids, rows, index results and files."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from archive import Archive
from tests.conftest import REALDATA, ROOT, archive_snapshot

FILES = [
    REALDATA / "dhs-2021-hqfo-00060" / "2021-HQFO-00060.pdf",
    REALDATA / "dhs-2021-hqfo-00060" / "denial-letter.pdf",
    REALDATA / "fbi-foipa-1417740" / "release-letter.pdf",
    REALDATA / "fbi-foipa-1417740" / "9_8a.pdf",  # two scanned pages: OCR
]
KILL_POINTS = (
    [("put", n) for n in (1, 2, 3, 4)]
    + [("copying", n) for n in (1, 4)]
    + [("commit", n) for n in (1, 2, 3, 4)]
    + [("committed", n) for n in (1, 2, 3, 4)]
    + [("indexed", 1)]  # documents are indexed in batches: one index commit for these four
    + [("marked", n) for n in (1, 2, 3, 4)]
    + [("ocr", n) for n in (1, 2)]
)
QUERIES = ["opsec", "exemption", "disclosures", "deleted"]


def run_foia(home: Path, *args: str, kill: tuple[str, int] | None = None) -> subprocess.CompletedProcess:
    scratch = home.parent / "tmp"  # a killed ingest leaves its temporary folder: here, not in the machine's
    scratch.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(scratch)}
    command = [sys.executable, "-m", "tests.ingest.kill_driver", *(map(str, kill or ("none", 0))), "--"]
    if kill is None:
        command = [sys.executable, "-c", "from web.cli import main; main()"]
    return subprocess.run([*command, "--home", str(home), *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


def ingest(home: Path, kill: tuple[str, int] | None = None) -> subprocess.CompletedProcess:
    return run_foia(home, "ingest", *map(str, FILES), "--release", "crash", "--jobs", "1", kill=kill)


def snapshot(home: Path) -> dict:
    with Archive.open(home) as archive:
        return archive_snapshot(archive, QUERIES)


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict:
    home = tmp_path_factory.mktemp("reference")
    assert run_foia(home, "release", "create", "crash", "--title", "Crash test").returncode == 0
    done = ingest(home)
    assert done.returncode == 0, done.stdout + done.stderr
    return snapshot(home)


@pytest.mark.tesseract
@pytest.mark.slow
@pytest.mark.parametrize(("point", "n"), KILL_POINTS, ids=[f"{p}-{n}" for p, n in KILL_POINTS])
def test_a_killed_ingest_recovers_to_the_same_archive(tmp_path, reference, tesseract, point, n):
    home = tmp_path / "archive"
    run_foia(home, "release", "create", "crash", "--title", "Crash test")
    killed = ingest(home, kill=(point, n))
    assert killed.returncode == -signal.SIGKILL, f"kill point {point}#{n} was never reached"
    rerun = ingest(home)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert snapshot(home) == reference


def test_enough_kill_points():
    assert len(KILL_POINTS) >= 20
