"""Serve the app with waitress on a free loopback port, in a background thread (for browser tests)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """The base URL of ``app`` served by waitress until the block ends."""
    from waitress.server import create_server

    server = create_server(app, host="127.0.0.1", port=free_port(), threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.effective_port}"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", server.effective_port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.05)
    try:
        yield base
    finally:
        server.close()
        thread.join(timeout=5)
