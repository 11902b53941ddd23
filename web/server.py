"""`foia run` in production: gunicorn, one master and ``processes`` pre-forked workers.

Each worker answers requests on ``threads`` threads (gunicorn's gthread worker) and keeps
its own warm search index. With ``reuse_port`` every worker opens its own listening
socket on the port (``SO_REUSEPORT``), so the kernel spreads new connections across the
workers instead of handing them to whichever wakes first on one shared socket; a
keep-alive connection stays with the worker that accepted it. With ``--nginx``
(web/proxy.py) nginx listens instead and hands every request to one Unix socket all
workers accept from. The master restarts a worker that dies and stops them all (and
nginx) on SIGINT (Ctrl-C) or SIGTERM.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from .proxy import Nginx

KEEPALIVE_SECONDS = 5  # how long an idle keep-alive connection is kept open
GRACEFUL_SECONDS = 10  # on SIGTERM, how long requests under way may take to finish


def settings(host: str, port: int, *, threads: int, processes: int, nginx: Nginx | None = None) -> dict[str, Any]:
    """gunicorn's settings for `foia run --host --port --threads --processes [--nginx]`."""
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    if nginx is not None:  # nginx listens on the address; every process accepts from one socket
        return {**settings(host, port, threads=threads, processes=processes), "bind": [f"unix:{nginx.socket}"],
                "reuse_port": False, "when_ready": lambda _arbiter: nginx.start(),
                "on_exit": lambda _arbiter: nginx.stop()}
    return {
        "bind": [address],
        "workers": processes,
        "worker_class": "gthread",
        "threads": threads,
        "reuse_port": True,
        "keepalive": KEEPALIVE_SECONDS,
        # gunicorn's default (4,094 bytes) cuts a long search in a non-Latin script: allow its
        # maximum, which is also a proxy's usual default
        "limit_request_line": 8190,
        "graceful_timeout": GRACEFUL_SECONDS,
        "control_socket_disable": True,  # gunicornc's socket sits in one per-user path: two sites would clash
        "proc_name": "foia",
    }


class RunnerSupervisor:
    """`foia ingest-runner` as a child process of `foia run`: started with the site, started
    again when it dies (a crash, the OOM killer), stopped with the site. Uploads queue in the
    archive, so a runner that is down only delays them."""

    RESTART_SECONDS = 2.0

    def __init__(self, home: Path) -> None:
        self.home = home
        self.process: subprocess.Popen[bytes] | None = None
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="foia-runner-supervisor", daemon=True)

    def command(self) -> list[str]:
        # -P: the folder `foia run` was started in is not on the runner's import path (an
        # archive's data folder is named archive/, as the package is: the runner imported it)
        return [sys.executable, "-P", "-c", "from web.cli import main; main()", "--home", str(self.home),
                "ingest-runner", "--parent", str(os.getpid())]

    def start(self) -> None:
        self._spawn()
        self._thread.start()

    def _spawn(self) -> None:
        self.process = subprocess.Popen(self.command())

    def _watch(self) -> None:
        while not self._stopping.wait(self.RESTART_SECONDS):
            if self.process is not None and self.process.poll() is not None and not self._stopping.is_set():
                self._spawn()

    def stop(self) -> None:
        self._stopping.set()
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class _Site(BaseApplication):  # type: ignore[misc]
    """gunicorn's documented way to serve an application object with settings from code."""

    def __init__(self, app: Flask, options: dict[str, Any]) -> None:
        self.application, self.options = app, options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.application


def check_port_free(host: str, port: int) -> None:
    """Raise OSError when the port is taken: with ``SO_REUSEPORT`` a second site run by the
    same user would otherwise bind it too and silently take part of the connections."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.create_server((host, port), family=family):
        pass


def serve(app: Flask, host: str, port: int, *, threads: int, processes: int, nginx: Nginx | None = None) -> None:
    """Serve ``app`` until SIGINT or SIGTERM, which stop every worker (and nginx) too."""
    _Site(app, settings(host, port, threads=threads, processes=processes, nginx=nginx)).run()

