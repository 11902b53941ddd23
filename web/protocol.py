"""HTTP beyond the pages: byte ranges, validators, CORS, HSTS and the access log.

    Range           RFC 9110 §14: an invalid header is ignored (200, whole body);
                    several ranges are answered with one range covering them all
    ETag            every page and API answer (a hash of its body): a repeat
                    request with If-None-Match gets 304; ``no-cache`` makes
                    caches ask each time, so a withdrawal shows at once
    CORS            the read-only API may be read from any origin, never with
                    credentials (the public site has none to send)
    HSTS            sent on HTTPS requests only (browsers ignore it over HTTP)
    413             a refused body of up to REFUSED_BODY_READ is read to its end first,
                    so the answer reaches the client instead of a reset connection
    access log      one line a request on the ``foia.access`` logger
"""

from __future__ import annotations

import logging
import re
import sys
import time
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, request
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RoutingException

__all__ = ["covering_range", "log_to_stderr", "normalise_range", "read_refused_body", "register"]

ACCESS_LOG = logging.getLogger("foia.access")
MAX_RANGES = 100  # RFC 9110 §14.2 lets a server ignore "many small ranges"
HSTS = "max-age=31536000"
REFUSED_BODY_READ = 1024 * 1024
_READ_CHUNK = 64 * 1024
_SPEC = re.compile(r"\s*(\d{0,18})\s*-\s*(\d{0,18})\s*")


def covering_range(header: str, length: int) -> str | None:
    """The one byte range to serve for a ``Range`` header on a body of ``length`` bytes.

    None when the header is to be ignored (invalid, another unit, too many
    ranges); ``bytes=LENGTH-`` (unsatisfiable, so 416) when no range overlaps the body.

    >>> covering_range("bytes=10-19, 0-4", 100)
    'bytes=0-19'
    >>> covering_range("bytes=5-2", 100) is None
    True
    """
    unit, _, specs = header.partition("=")
    parts = specs.split(",")
    if unit.strip().lower() != "bytes" or len(parts) > MAX_RANGES:
        return None
    spans = []
    for part in parts:
        match = _SPEC.fullmatch(part)
        if match is None or not any(match.groups()):
            return None
        first, last = match.groups()
        if not first:  # the last N bytes
            start, end = max(0, length - int(last)), length if int(last) else 0
        else:
            start, end = int(first), min(length, int(last) + 1 if last else length)
            if last and int(last) < start:
                return None
        if start < end:
            spans.append((start, end))
    if not spans:
        return f"bytes={length}-"
    return f"bytes={min(s for s, _ in spans)}-{max(e for _, e in spans) - 1}"


def normalise_range(length: int) -> None:
    """Rewrite this request's ``Range`` header to the one range ``send_file`` will serve."""
    header = request.environ.get("HTTP_RANGE")
    if header is None:
        return
    served = covering_range(header, length)
    if served is None:
        del request.environ["HTTP_RANGE"]
    else:
        request.environ["HTTP_RANGE"] = served


def read_refused_body() -> None:
    """Read and drop the body of a request refused as too large, when it is no larger than
    REFUSED_BODY_READ and the server ends the stream at the body's end (gunicorn does).

    A server that closes its connection with bytes still unread makes the kernel reset it; nginx,
    still sending the body upstream, then answers 502 instead of the site's 413 page. A larger
    body is left unread: no one can make the site read a large body it refused."""
    length = request.content_length
    if not length or length > REFUSED_BODY_READ or not request.environ.get("wsgi.input_terminated"):
        return
    stream = request.environ["wsgi.input"]
    left = length
    while left > 0:
        chunk = stream.read(min(left, _READ_CHUNK))
        if not chunk:
            return
        left -= len(chunk)


def start_timer() -> None:
    g.started = time.perf_counter()


def finish(response: Response) -> Response:
    """Validators, CORS and HSTS headers, then the access-log line."""
    headers = response.headers
    if (request.method in ("GET", "HEAD") and response.status_code == 200 and "ETag" not in headers
            and not response.is_streamed and not response.direct_passthrough):
        response.add_etag()
        headers.setdefault("Cache-Control", "no-cache")
        response.make_conditional(request)
    if request.path == "/api" or request.path.startswith("/api/"):
        headers.setdefault("Access-Control-Allow-Origin", "*")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", HSTS)
    log_request(response)
    return response


def log_request(response: Response) -> None:
    """One line in the Combined Log Format, with the time taken in milliseconds."""
    if not ACCESS_LOG.isEnabledFor(logging.INFO):
        return
    target = request.full_path if request.query_string else request.path
    if request.view_args and "token" in request.view_args:  # a set-password link must not outlive its use in a log
        target = target.replace(str(request.view_args["token"]), "[token]")
    took = (time.perf_counter() - g.started) * 1000 if "started" in g else 0.0
    size = "-" if response.is_streamed else str(response.content_length or 0)
    ACCESS_LOG.info('%s - - [%s] "%s %s %s" %d %s "%s" "%s" %.1fms', request.remote_addr or "-",
                    time.strftime("%d/%b/%Y:%H:%M:%S %z"), request.method, _printable(target),
                    request.environ.get("SERVER_PROTOCOL", "HTTP/1.1"), response.status_code, size,
                    _printable(_referrer_masked(request.referrer or "-")), _printable(request.user_agent.string or "-"),
                    took)


def _referrer_masked(referrer: str) -> str:
    """The referrer with "[token]" for a token the site's own address of it carries (a page's
    subresources are asked for with the set-password link as their Referer)."""
    try:
        _, args = current_app.url_map.bind("referrer").match(urlsplit(referrer[:2000]).path, method="GET")
    except (HTTPException, RoutingException, ValueError):  # no address of this site's (or a redirect)
        return referrer
    token = args.get("token")
    return referrer.replace(str(token), "[token]") if token else referrer


def _printable(value: str, limit: int = 500) -> str:
    """A request's text as one safe log field: no line breaks or quotes to forge lines with."""
    return value[:limit].encode("unicode_escape").decode("ascii").replace('"', '\\"')


def log_to_stderr() -> None:
    """Send the access log to standard error (``foia run``)."""
    if not ACCESS_LOG.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        ACCESS_LOG.addHandler(handler)
    ACCESS_LOG.setLevel(logging.INFO)


def register(app: Flask) -> None:
    app.before_request(start_timer)
    app.after_request(finish)

