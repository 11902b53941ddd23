"""`foia run`: waitress, optionally several processes sharing one port, all stopped together."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import REALDATA, ROOT


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def test_several_processes_serve_one_port_and_stop_together(tmp_path):
    home = tmp_path / "archive"
    env = {**os.environ, "FOIA_ARCHIVE_HOME": str(home), "PYTHONPATH": str(ROOT)}
    foia = [sys.executable, "-c", "from web.cli import main; main()"]
    subprocess.run([*foia, "release", "create", "dhs", "--title", "DHS"], env=env, check=True,
                   capture_output=True)
    subprocess.run([*foia, "ingest", str(REALDATA / "dhs-2021-hqfo-00060"), "--release", "dhs"],
                   env=env, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen([*foia, "run", "--port", str(port), "--processes", "2"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/releases", timeout=5) as answer:
                    assert answer.status == 200 and b'"dhs"' in answer.read()
                break
            except OSError:
                assert time.monotonic() < deadline, "the server never answered"
                time.sleep(0.2)
        children = _children(server.pid)
        assert len(children) == 1, "one forked process beside the parent"
        for _ in range(10):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/search?q=opsec", timeout=10) as answer:
                assert answer.status == 200
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    time.sleep(0.2)
    assert not any(Path(f"/proc/{pid}").exists() for pid in children), "a child outlived the parent"


def _sockets(pid: int) -> int:
    count = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            count += os.readlink(fd).startswith("socket:")
    return count


def test_processes_share_keep_alive_connections_evenly(tmp_path):
    """GIVEN `foia run --processes 2` WHEN 16 keep-alive clients connect one after another, each
    making a request and staying connected THEN each process holds 8 of them (left to the
    kernel, the split is uneven four times in five: 9/7 or worse)."""
    import http.client

    env = {**os.environ, "FOIA_ARCHIVE_HOME": str(tmp_path / "archive"), "PYTHONPATH": str(ROOT)}
    foia = [sys.executable, "-c", "from web.cli import main; main()"]
    subprocess.run([*foia, "release", "create", "dhs", "--title", "DHS"], env=env, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen([*foia, "run", "--port", str(port), "--processes", "2"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    clients: list[http.client.HTTPConnection] = []
    try:
        deadline = time.monotonic() + 30
        while not _children(server.pid):
            assert time.monotonic() < deadline, "the server never forked"
            time.sleep(0.1)
        pids = [server.pid, *_children(server.pid)]
        time.sleep(1)
        before = {pid: _sockets(pid) for pid in pids}
        for _ in range(16):
            client = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            for _attempt in range(100):
                try:
                    client.request("GET", "/api/releases")
                    break
                except OSError:
                    client.close()
                    time.sleep(0.1)
            response = client.getresponse()
            assert response.status == 200
            response.read()
            clients.append(client)
        held = sorted(_sockets(pid) - before[pid] for pid in pids)
        assert held == [8, 8]
    finally:
        for client in clients:
            client.close()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
