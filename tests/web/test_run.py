"""`foia run`: gunicorn workers on one port (each with its own SO_REUSEPORT socket), stopped together."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REALDATA, ROOT
from tests.web.serve import FOIA, foia_run, listeners


def _children(pid: int, *, runner: bool = False) -> set[int]:
    """The gunicorn workers of `foia run` (``runner``: its ingest runner instead)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                is_runner = b"ingest-runner" in (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if int(fields[1]) == pid and is_runner == runner:
                found.add(int(entry.name))
    return found


def _sockets(pid: int) -> int:
    count = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            count += os.readlink(fd).startswith("socket:")
    return count


def _get(port: int, path: str) -> bytes:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as answer:
        assert answer.status == 200
        return bytes(answer.read())


def _release(home: Path) -> None:
    env = {**os.environ, "FOIA_ARCHIVE_HOME": str(home), "PYTHONPATH": str(ROOT)}
    subprocess.run([*FOIA, "release", "create", "dhs", "--title", "DHS"], env=env, check=True, capture_output=True)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_several_processes_serve_one_port_and_stop_together(tmp_path, stop):
    home = tmp_path / "archive"
    _release(home)
    subprocess.run([*FOIA, "ingest", str(REALDATA / "dhs-2021-hqfo-00060"), "--release", "dhs"],
                   env={**os.environ, "FOIA_ARCHIVE_HOME": str(home), "PYTHONPATH": str(ROOT)},
                   check=True, capture_output=True)
    with foia_run(home, processes=2, stop=stop) as (server, port):
        workers = _children(server.pid)
        assert len(workers) == 2, "two workers beside the master"
        assert listeners(port) == 2, "each worker listens on the port"
        assert b'"dhs"' in _get(port, "/api/releases")
        for _ in range(10):
            _get(port, "/search?q=opsec")
    assert server.returncode == 0
    time.sleep(0.2)
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers), "a worker outlived the master"


def test_run_supervises_an_ingest_runner_and_stops_it_with_the_site(tmp_path):
    """GIVEN `foia run` THEN an ingest runner runs beside the workers; killed, it is started again;
    SIGTERM stops it with the site; with the site killed outright, it stops by itself."""
    home = tmp_path / "archive"
    _release(home)

    def runner_of(server, deadline: float) -> int:
        while not _children(server.pid, runner=True):
            assert time.monotonic() < deadline, "no ingest runner"
            time.sleep(0.1)
        return min(_children(server.pid, runner=True))

    with foia_run(home) as (server, _port):
        first = runner_of(server, time.monotonic() + 30)
        os.kill(first, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while (second := runner_of(server, deadline)) == first:
            time.sleep(0.1)
    time.sleep(0.2)
    assert not Path(f"/proc/{second}").exists(), "the runner outlived the site"
    with foia_run(home, stop=signal.SIGKILL) as (server, _port):
        orphan = runner_of(server, time.monotonic() + 30)
    deadline = time.monotonic() + 30
    while Path(f"/proc/{orphan}").exists() and (Path(f"/proc/{orphan}/stat").read_text().split()[2] != "Z"):
        assert time.monotonic() < deadline, "an orphaned runner kept running"
        time.sleep(0.2)


def test_keep_alive_connections_are_spread_across_processes(tmp_path):
    """GIVEN `foia run --processes 2` WHEN 32 keep-alive clients connect one after another, each
    making a request and staying connected THEN each process holds at least 6 of them (the
    kernel spreads connections over the workers' sockets by a hash of their addresses; fewer
    than 6 of 32 on one side happens about once in 10,000 runs), and each answers again."""
    home = tmp_path / "archive"
    _release(home)
    clients: list[http.client.HTTPConnection] = []
    with foia_run(home, processes=2) as (server, port):
        workers = sorted(_children(server.pid))
        before = {pid: _sockets(pid) for pid in workers}
        try:
            for _ in range(32):
                client = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                client.request("GET", "/api/releases")
                response = client.getresponse()
                assert response.status == 200
                response.read()
                clients.append(client)
            held = [_sockets(pid) - before[pid] for pid in workers]
            assert sum(held) == 32 and min(held) >= 6, held
            for client in clients:
                client.request("GET", "/api/releases")
                response = client.getresponse()
                assert response.status == 200 and not response.will_close
                response.read()
        finally:
            for client in clients:
                client.close()


def test_a_worker_that_dies_is_replaced_and_the_site_keeps_answering(tmp_path):
    home = tmp_path / "archive"
    _release(home)
    with foia_run(home, processes=2) as (server, port):
        victim = min(_children(server.pid))
        os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while victim in _children(server.pid):  # the master reaps it
            assert time.monotonic() < deadline, "the dead worker was never reaped"
            time.sleep(0.05)
        for _ in range(20):  # its socket closed with it: no connection is sent there
            _get(port, "/api/releases")
        while len(_children(server.pid)) < 2 or listeners(port) < 2:
            assert time.monotonic() < deadline, "the dead worker was not replaced"
            time.sleep(0.1)
        for _ in range(20):
            _get(port, "/api/releases")


def test_run_refuses_a_port_in_use(tmp_path):
    """A second site on the same port would share it silently (SO_REUSEPORT): it is refused."""
    home = tmp_path / "archive"
    _release(home)
    with foia_run(home, processes=1) as (_, port):
        env = {**os.environ, "FOIA_ARCHIVE_HOME": str(home), "PYTHONPATH": str(ROOT)}
        second = subprocess.run([*FOIA, "run", "--port", str(port)], env=env, capture_output=True,
                                text=True, timeout=30)
        assert second.returncode == 1
        assert f"cannot listen on 127.0.0.1:{port}" in second.stderr


def test_a_long_url_reaches_the_site(tmp_path):
    """A search within the site's length limit, %-encoded, is past gunicorn's default
    request-line limit (4,094 bytes) when it is not ASCII: the site, not gunicorn, answers."""
    home = tmp_path / "archive"
    _release(home)
    words = urllib.parse.quote("распознавание лиц " * 60)  # 1,080 characters, 6,120 bytes
    with foia_run(home) as (_, port):
        assert b'"dhs"' in _get(port, f"/api/releases?q={words}")
