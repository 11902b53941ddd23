"""`foia run --nginx`: nginx in front of the site's gunicorn processes, started and stopped with it.

nginx listens on ``--host:--port`` and keeps the clients' keep-alive connections; it hands
each request on its own connection (nginx's default: HTTP/1.0 to the upstream) to gunicorn
on a Unix socket that every gunicorn process accepts from, so each request goes to the
process that is free to take it first. Without nginx a keep-alive client stays with the
process that accepted its connection, and the kernel may give one process most of them; on
loopback that still cost less than a connection per request does (README: The site under
load), so nginx is not the default. It holds slow clients' bytes
(buffering both ways) so a gunicorn thread is never tied up by a slow reader, and is where
TLS would be added (README: Deploying).

The configuration is written for each run into a private directory (pid, temporary files,
the socket) and removed when the site stops; nginx's error log goes to this process's
standard error. The app is told one proxy stands in front (``PROXIES`` + 1), so the
client's address comes from nginx's ``X-Forwarded-For`` and its scheme from
``X-Forwarded-Proto``.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

SOCKET_NAME = "site.sock"
START_SECONDS = 10.0  # how long nginx may take to listen


class NginxUnavailable(Exception):
    """nginx is not installed, or would not start; the message says why and what to do."""


def nginx_command(environ: dict[str, str] | None = None) -> str:
    """The nginx program: ``FOIA_NGINX``, else ``nginx`` on the PATH or in /usr/sbin (Debian's place)."""
    environ = dict(os.environ if environ is None else environ)
    named = environ.get("FOIA_NGINX", "").strip()
    found = shutil.which(named or "nginx", path=environ.get("PATH", "") + os.pathsep + "/usr/sbin:/sbin")
    if not found:
        raise NginxUnavailable(
            f"{named or 'nginx'} is not installed: install it (Debian: apt-get install nginx), set FOIA_NGINX "
            "to its path, or run without --nginx")
    return found


def nginx_config(run_dir: Path, host: str, port: int, *, body_mb: int, as_user: str | None) -> str:
    """nginx's whole configuration for one run of the site (a pure function of its arguments)."""
    listen = f"[{host.strip('[]')}]:{port}" if ":" in host else f"{host}:{port}"
    temp = "\n".join(f"  {name}_temp_path {run_dir / name};" for name in
                     ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""# written by foia run --nginx for this run only; removed when the site stops
{f"user {as_user};" if as_user else ""}
worker_processes 1;
pid {run_dir / "nginx.pid"};
error_log stderr warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;  # the site logs each request itself (web/protocol.py)
{temp}
  server_tokens off;
  keepalive_timeout 5s;
  client_max_body_size {body_mb}m;  # the site's own limits answer first: FOIA_UPLOAD_MAX_MB
  proxy_request_buffering off;  # an upload streams through to the site, which checks it as it comes
  proxy_read_timeout 300s;  # a long export
  server {{
    listen {listen};
    location / {{
      proxy_pass http://unix:{run_dir / SOCKET_NAME};
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      # set here, so a client's own X-Forwarded-Host/-Port never pass through to ProxyFix
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_set_header X-Forwarded-Port $server_port;
    }}
  }}
}}
"""


class Nginx:
    """nginx for one run of the site: ``start`` writes its configuration and waits until it
    listens; ``stop`` ends it and removes its directory. ``socket`` is where gunicorn binds."""

    def __init__(self, host: str, port: int, *, body_mb: int, command: str | None = None) -> None:
        self.host, self.port, self.body_mb = host, port, body_mb
        self.command = command or nginx_command()
        self.run_dir = Path(tempfile.mkdtemp(prefix="foia-nginx-"))
        self.socket = self.run_dir / SOCKET_NAME
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        # as root nginx would hand its workers to "nobody", who may not open our socket: the same user
        as_user = pwd.getpwuid(os.getuid()).pw_name if os.geteuid() == 0 else None
        config = self.run_dir / "nginx.conf"
        config.write_text(nginx_config(self.run_dir, self.host, self.port, body_mb=self.body_mb, as_user=as_user))
        # setpriv (util-linux) has the kernel end nginx with SIGTERM if the site's master dies
        # outright (SIGKILL, the OOM killer), so no orphan keeps the port
        self.process = subprocess.Popen(["setpriv", "--pdeathsig", "TERM", "--", self.command, "-p", str(self.run_dir),
                                         "-c", str(config), "-g", "daemon off;"], stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise NginxUnavailable(f"nginx stopped at once (exit {self.process.returncode}): its message "
                                       f"above says why (is {self.host}:{self.port} taken?)")
            if _listening(self.host, self.port):
                return
            time.sleep(0.05)
        self.stop()
        raise NginxUnavailable(f"nginx did not listen on {self.host}:{self.port} within {START_SECONDS:.0f} s")

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if self.running():
            assert self.process is not None
            self.process.terminate()  # nginx's fast shutdown
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.run_dir, ignore_errors=True)


def _listening(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host.strip("[]"), port), timeout=0.5):
            return True
    except OSError:
        return False
