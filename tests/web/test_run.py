"""`foia run`: gunicorn workers on one port (each with its own SO_REUSEPORT socket), stopped together."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REALDATA, ROOT
from tests.web.serve import FOIA, foia_run, free_port, listeners


def _children(pid: int, *, runner: bool = False, nginx: bool = False) -> set[int]:
    """The gunicorn workers of `foia run` (``runner``: its ingest runner instead; ``nginx``: nginx)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            kind = (b"ingest-runner" in command, command.startswith(b"nginx") or b"/nginx\0" in command)
            if int(fields[1]) == pid and kind == (runner, nginx):
                found.add(int(entry.name))
    return found


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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


def _dhs_archive(tmp_path: Path) -> Path:
    """An archive holding the real DHS release (two pages, printed email)."""
    home = tmp_path / "archive"
    _release(home)
    subprocess.run([*FOIA, "ingest", str(REALDATA / "dhs-2021-hqfo-00060"), "--release", "dhs"],
                   env={**os.environ, "FOIA_ARCHIVE_HOME": str(home), "PYTHONPATH": str(ROOT)},
                   check=True, capture_output=True)
    return home


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_several_processes_serve_one_port_and_stop_together(tmp_path, stop):
    home = _dhs_archive(tmp_path)
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
        while not (found := _children(server.pid, runner=True)):  # one look: a dying runner may go between two
            assert time.monotonic() < deadline, "no ingest runner"
            time.sleep(0.1)
        return min(found)

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


def test_with_nginx_in_front_every_request_goes_to_a_free_process_and_all_stop_together(tmp_path):
    """GIVEN `foia run --processes 2 --nginx` WHEN 16 keep-alive clients each search 8 times on
    their one connection THEN every answer comes through nginx on the kept connection, both
    processes do a share of the work (requests, not connections, are handed out), a body
    past the site's own limit gets the site's answer (each time), and SIGTERM stops nginx with the site
    and removes its files; killed outright, the site takes nginx with it."""
    home = _dhs_archive(tmp_path)
    with foia_run(home, processes=2, nginx=True) as (server, port):
        (front,) = _children(server.pid, nginx=True)
        arguments = Path(f"/proc/{front}/cmdline").read_bytes().replace(b"\0", b" ").split()  # nginx retitles itself
        run_dir = Path(os.fsdecode(arguments[arguments.index(b"-p") + 1]))
        assert (run_dir / "nginx.conf").is_file()
        deadline = time.monotonic() + 30
        while len(_children(server.pid)) < 2:  # nginx listens once the master does; workers follow
            assert time.monotonic() < deadline, "the workers never started"
            time.sleep(0.1)
        workers = sorted(_children(server.pid))
        assert listeners(port) == 1  # nginx alone listens on the port
        before = {pid: _cpu_seconds(pid) for pid in workers}
        failures: list[str] = []

        def client(number: int) -> None:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                for turn in range(8):
                    connection.request("GET", f"/search?q=opsec&page={1 + (number + turn) % 2}")
                    response = connection.getresponse()
                    response.read()
                    if response.status != 200 or response.will_close or response.getheader("Server") != "nginx":
                        failures.append(f"{response.status} {response.getheader('Server')} {response.will_close}")
            finally:
                connection.close()

        threads = [threading.Thread(target=client, args=(n,)) for n in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == []
        used = [_cpu_seconds(pid) - before[pid] for pid in workers]
        assert min(used) >= 0.15 * sum(used), used
        for _ in range(10):  # the site reads the refused body: nginx, still sending it, never gets a reset
            with contextlib.closing(http.client.HTTPConnection("127.0.0.1", port, timeout=30)) as too_big:
                too_big.request("POST", "/signin", body=b"x" * 100_000,
                                headers={"Content-Type": "application/x-www-form-urlencoded"})
                answer = too_big.getresponse()
                assert answer.status == 413 and b"JSON API</a>" in answer.read()  # the site's page, not nginx's
    assert server.returncode == 0
    time.sleep(0.2)
    assert not Path(f"/proc/{front}").exists(), "nginx outlived the site"
    assert not run_dir.exists(), "nginx's run directory was left behind"
    with foia_run(home, processes=1, nginx=True, stop=signal.SIGKILL) as (server, _port):
        (front,) = _children(server.pid, nginx=True)
    deadline = time.monotonic() + 10
    while Path(f"/proc/{front}").exists() and Path(f"/proc/{front}/stat").read_text().split()[2] != "Z":
        assert time.monotonic() < deadline, "nginx kept running after the site was killed"
        time.sleep(0.1)


def test_run_with_nginx_says_how_to_install_it_when_it_is_missing(tmp_path):
    home = tmp_path / "archive"
    _release(home)
    env = {**os.environ, "FOIA_ARCHIVE_HOME": str(home), "PYTHONPATH": str(ROOT),
           "FOIA_NGINX": str(tmp_path / "no-such-nginx")}
    answer = subprocess.run([*FOIA, "run", "--nginx", "--port", "1"], env=env, capture_output=True, text=True,
                            timeout=30)
    assert answer.returncode == 1 and "apt-get install nginx" in answer.stderr


def test_the_development_server_serves(tmp_path: Path) -> None:
    """`foia run --debug` serves the site with Flask's development server (it printed "Ignoring a
    call to 'app.run()'" and exited: Flask declines app.run() under its own command group)."""
    home = _dhs_archive(tmp_path)
    port = free_port()
    env = {**os.environ, "FOIA_ARCHIVE_HOME": str(home), "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen([*FOIA, "run", "--debug", "--port", str(port), "--no-runner"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while listeners(port) < 1:
            assert server.poll() is None, "the development server exited"
            assert time.monotonic() < deadline, "the development server never listened"
            time.sleep(0.1)
        assert b'"dhs"' in _get(port, "/api/releases")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)  # (the reloader's child with it)
        server.wait(timeout=30)


def test_the_ingest_runner_starts_in_the_folder_holding_an_archive(tmp_path: Path) -> None:
    """`foia run` started in the folder holding its archive: the archive's data folder is named
    archive/, as the package is, and the runner (a child Python) imported the data folder, failed
    and was started again every 2 s, uploads queued forever. GIVEN that folder WHEN the runner's
    command runs there THEN it imports the package (its --help answers)."""
    from web.server import RunnerSupervisor

    (tmp_path / "archive" / "files").mkdir(parents=True)
    command = RunnerSupervisor(tmp_path / "archive").command()
    env = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    done = subprocess.run([*command[:command.index("--home")], "ingest-runner", "--help"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "ingest-runner" in done.stdout, done.stderr[-2000:]
