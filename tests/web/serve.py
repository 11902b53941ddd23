"""Serve an archive with `foia run` (gunicorn, as in production) on a free loopback port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FOIA = [sys.executable, "-c", "from web.cli import main; main()"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def listeners(port: int) -> int:
    """Sockets listening on ``port`` (state 0A in /proc/net/tcp): one per worker."""
    rows = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return sum(1 for row in rows if row.split()[1].endswith(f":{port:04X}") and row.split()[3] == "0A")


@contextmanager
def foia_run(home: Path, processes: int = 1, stop: signal.Signals = signal.SIGTERM,
             environment: dict[str, str] | None = None,
             nginx: bool = False) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """`foia run --processes N [--nginx]` for ``home`` on a free port, once every worker (or
    nginx) listens; stopped with ``stop`` when the block ends. Yields the master process and the port."""
    env = {**os.environ, "FOIA_ARCHIVE_HOME": str(home), "PYTHONPATH": str(ROOT), **(environment or {})}
    port = free_port()
    server = subprocess.Popen([*FOIA, "run", "--port", str(port), "--processes", str(processes),
                               *(["--nginx"] if nginx else [])], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while listeners(port) < (1 if nginx else processes):
            assert server.poll() is None, "the server exited"
            assert time.monotonic() < deadline, "the workers never listened"
            time.sleep(0.1)
        yield server, port
    finally:
        server.send_signal(stop)
        server.wait(timeout=30)
