"""Absolute URLs: every citation, canonical link, export permalink and API URL is built here.

They start with ``PUBLIC_URL`` (``FOIA_PUBLIC_URL``), the archive's public
address, never with the request's ``Host`` header: a forged header would put
its host into the citations a lawyer pastes into a brief. The request's own
address is used only in debug or testing, or when ``TRUSTED_HOSTS``
(``FOIA_TRUSTED_HOSTS``) limits the hosts a request may name. ``X-Forwarded-*``
headers are honoured only when ``PROXIES`` (``FOIA_PROXIES``) says how many
proxies stand in front of the site.
"""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, request, url_for
from flask.globals import request_ctx
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import MapAdapter

REQUIRED = ("set FOIA_PUBLIC_URL to the archive's public address (e.g. https://foia.example.org), "
            "or FOIA_TRUSTED_HOSTS to the host names it answers to (JSON, e.g. '[\"foia.example.org\"]')")


def configure(app: Flask) -> None:
    """Check PUBLIC_URL and honour forwarded headers when PROXIES says a proxy is in front."""
    base = app.config.get("PUBLIC_URL")
    if base:
        parts = urlsplit(str(base))
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
            raise ValueError(f"FOIA_PUBLIC_URL {base!r} is not an http(s) address like https://foia.example.org")
        app.config["PUBLIC_URL"] = str(base).rstrip("/")
    proxies = int(app.config.get("PROXIES") or 0)
    if proxies:
        # never X-Forwarded-Prefix: a proxy passes on what it does not set, and a client's
        # "//evil.example" became the start of every redirect (an open redirect; the site is
        # served at its root)
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies,  # type: ignore[method-assign]
                                x_port=proxies, x_prefix=0)


def missing_configuration(app: Flask) -> str | None:
    """Why absolute links cannot be built safely, or None when they can."""
    if app.config.get("PUBLIC_URL") or app.config.get("TRUSTED_HOSTS") or app.debug or app.testing:
        return None
    return "the archive's public address is not configured: " + REQUIRED


def default_public_url(host: str, port: int) -> str | None:
    """The address of a server bound to a loopback interface (only this machine reaches it), else None."""
    name = host.strip("[]")
    try:
        loopback = name == "localhost" or ipaddress.ip_address(name).is_loopback
    except ValueError:
        return None
    if not loopback:
        return None
    return f"http://[{name}]:{port}" if ":" in name else f"http://{name}:{port}"


def public_url(endpoint: str, **values: Any) -> str:
    """The absolute URL of ``endpoint`` (``url_for`` arguments) at the archive's public address."""
    base = current_app.config.get("PUBLIC_URL")
    if base:
        return str(base) + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def with_query(path: str) -> str:
    """``path`` with this request's query string as it came (a redirect keeps a search's every
    value; never fed to ``url_for``, whose own arguments it could name)."""
    query = request.query_string.decode("latin-1")
    return f"{path}?{query}" if query else path


# A retired email id's redirect (a merge, an email marked not an email): a correction can be undone
# (a split where a merge was), so never a 301 a browser keeps for ever; a cache may keep it minutes.
MOVED_STATUS = 302
MOVED_CACHE = "max-age=300"


def moved_from(path: str, old_id: str) -> str:
    """``path`` with this request's query as it came (a ``from`` it held dropped) and
    ``from=<old_id>``: a retired id's redirect, whose landing page names the link followed."""
    kept = [part for part in request.query_string.decode("latin-1").split("&")
            if part and part.split("=", 1)[0] != "from"]
    return f"{path}?{'&'.join([*kept, f'from={old_id}'])}"


def public_base() -> str:
    """The archive's public address, for paths built outside a request (streamed exports)."""
    return public_url("site.home").rstrip("/")


def url_adapter() -> MapAdapter | None:
    """The request's URL map bound to its host, or None where Flask could bind none (a Host header
    not in ``TRUSTED_HOSTS``: the request is refused with 400, and no link can be built for it).
    The one place the site reads the request context's adapter."""
    return request_ctx.url_adapter
