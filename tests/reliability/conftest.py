"""Helpers for the reliability tests: run `foia` in a subprocess, measured and bounded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    wall_s: float
    rss_mb: int  # peak RSS of the foia process
    children_rss_mb: int  # peak RSS of its largest child (OCR workers)

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_foia(home: Path, *args: str, timeout: float = 300, user: int | None = None,
             env: dict[str, str] | None = None) -> Run:
    """`foia --home HOME ARGS...` in a fresh interpreter (as ``user`` if given), measured."""
    figures = Path(tempfile.gettempdir()) / f"foia-measure-{uuid.uuid4().hex}.json"
    command = [sys.executable, "-m", "tests.reliability.measure", str(figures), "--", "--home", str(home), *args]
    if user is not None:
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command]
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}
    done = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=timeout)
    measured = json.loads(figures.read_text()) if figures.is_file() else {}
    figures.unlink(missing_ok=True)
    return Run(done.returncode, done.stdout, done.stderr, measured.get("wall_s", -1.0),
               measured.get("rss_mb", -1), measured.get("children_rss_mb", -1))


def no_traceback(run: Run) -> None:
    assert "Traceback" not in run.output, run.output[-3000:]
