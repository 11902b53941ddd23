"""`foia run` in production: waitress in one or more processes sharing one port.

A keep-alive connection stays with the process that accepted it. Left to the
kernel, connections opened together are split unevenly (9 and 7 of 16), and
the busier process's clients wait longer for as long as they stay connected.
So each process accepts a connection only while no live sibling holds fewer:
counts and heartbeats sit in shared memory, a sibling silent for
``STALE_SECONDS`` (dead, or stuck) is left out of the comparison.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import socket
import sys
import time
from typing import Any

from flask import Flask

STALE_SECONDS = 5.0  # waitress's loop wakes at least once a second


def serve(app: Flask, host: str, port: int, *, threads: int, processes: int) -> None:
    """Serve ``app`` until SIGTERM; with several processes, stop them all together."""
    # The socket is bound once, then shared by every process.
    listener = socket.create_server((host, port), reuse_port=False, backlog=1024)
    table = multiprocessing.RawArray("d", 2 * processes) if processes > 1 else None
    children = []
    for index in range(1, processes):
        pid = os.fork()
        if pid == 0:  # a child serves until the parent stops it
            _run(app, listener, threads, table, index)
            os._exit(0)
        children.append(pid)
    # SIGTERM to the parent stops the children too (the default would orphan them)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        _run(app, listener, threads, table, 0)
    finally:
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        for pid in children:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def _run(app: Flask, listener: socket.socket, threads: int, table: Any, index: int) -> None:
    import waitress

    server = waitress.create_server(app, sockets=[listener], threads=threads)
    if table is not None:
        share_connections(server, table, index)
    server.run()


def share_connections(server: Any, table: Any, index: int) -> None:
    """Make ``server`` (a waitress server) listen only while it holds no more connections
    than the least busy live process; ``table`` holds (connections, heartbeat) per process."""
    readable = server.readable
    others = [i for i in range(len(table) // 2) if i != index]

    def balanced() -> bool:
        listening = bool(readable())  # waitress's own bookkeeping (idle channels, limits)
        now = time.monotonic()  # one clock for every process of the machine
        mine = len(server.active_channels)
        table[2 * index], table[2 * index + 1] = mine, now
        live = [table[2 * i] for i in others if now - table[2 * i + 1] < STALE_SECONDS]
        return listening and (not live or mine <= min(live))

    server.readable = balanced
