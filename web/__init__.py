"""The Flask site: search, read and cite.

    routes.py     every URL, in one table (site pages and their /api twins)
    views.py      HTML pages            api.py      JSON, one envelope
    params.py     query-string parsing and bounds (bad input is a 400, never a 500)
    errors.py     one handler: HTML page or the JSON error shape
    highlight.py  escaped snippets and search-term highlighting
    urls.py       absolute links (citations, permalinks, API) from the public address
    images.py     page images rendered from the original PDF, cached on disk
    lookups.py    read-only questions the pages ask the archive (threads, stats)
    readers.py    the read-only archive handles, one per server thread, kept between requests

    accounts.py   signing in and out, set-password links, the private archive's gate, the audit page
    sso.py        single sign-on with OpenID Connect (Authlib)
    limits.py     sign-in throttling, and rate limits on what costs the most (Flask-Limiter)
    upload.py     an editor's upload, queued for the ingest runner; the batch page
    admin.py      who may read a restricted release
    corrections.py  an editor's corrections on the email page, the review queue (issue 16)
    work.py       people's work product: notes, tags, exhibit lists, saved searches and their feeds

The site reads the archive through a read-only handle, as the person signed in
(``Archive.read_as``: restricted releases they may not read do not exist for
them); its writes (a sign-in's audit entry, a new password, an upload queued, a
restriction) go through ``get_writer`` and POST forms carrying a CSRF token. Every record is read with GET (and HEAD),
and no path from a URL reaches the filesystem except through the
content-addressed file store.
"""

from __future__ import annotations

import threading
import weakref
from collections import deque
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask, Response, g, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import ServiceUnavailable

from archive import Archive, default_home
from archive.engines import Index, index_folder, open_index

from .readers import Readers

__all__ = ["create_app", "get_archive", "get_writer"]

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
])


class SafeJSONProvider(DefaultJSONProvider):
    """JSON with <, > and & escaped, so extracted text can never be read as markup."""

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        text = super().dumps(obj, **kwargs)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class Slots:
    """At most ``n`` holders at once; the others wait in arrival order (a semaphore lets a
    newcomer overtake a woken waiter, which leaves some requests waiting far longer)."""

    def __init__(self, n: int) -> None:
        self._free = max(1, n)
        self._lock = threading.Lock()
        self._waiting: deque[threading.Event] = deque()

    def __enter__(self) -> None:
        with self._lock:
            if self._free and not self._waiting:
                self._free -= 1
                return
            turn = threading.Event()
            self._waiting.append(turn)
        turn.wait()  # the slot is handed over by the holder leaving

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            if self._waiting:
                self._waiting.popleft().set()
            else:
                self._free += 1


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Configuration from defaults, then the instance folder, then FOIA_* environment."""
    app = Flask(__name__, instance_relative_config=True)
    app.json = SafeJSONProvider(app)
    app.config.from_mapping(
        ARCHIVE_HOME=str(default_home()),
        MAX_QUERY_LENGTH=2000,
        MAX_PARAM_LENGTH=200,
        MAX_FILTERS=20,
        MAX_RESULT_PAGE=500,
        PAGE_SIZE=20,
        MAX_PAGE_SIZE=100,
        PAGE_IMAGE_DPI=110,
        # the sharper renderings a page image is also offered at (?dpi=): HiDPI screens and zooming in
        PAGE_IMAGE_ZOOM_DPI=220,
        # how long a browser or CDN may keep a PDF or page image before revalidating it: the
        # longest a withdrawn release stays visible in a cache
        CACHE_SECONDS=300,
        MAX_CONTENT_LENGTH=16 * 1024,
        # searches one server process runs at once; more wait their turn (see views.search_slot)
        SEARCH_SLOTS=2,
        # postings a process keeps decoded between searches (their memory: README, The site)
        POSTINGS_CACHE=3_000_000,
        # signing in (web/accounts.py): a private archive is read only by people signed in
        PRIVATE=False,
        SESSION_COOKIE_NAME="foia_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=False,  # turned on when PUBLIC_URL is https
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
        WTF_CSRF_TIME_LIMIT=None,  # a form's token lasts as long as the session
        # uploads (web/upload.py, ingest/uploads.py): one upload, one file, one zip's contents
        UPLOAD_MAX_MB=1024,
        UPLOAD_MAX_FILE_MB=256,
        UPLOAD_ZIP_MAX_FILES=1000,
        UPLOAD_ZIP_MAX_MB=1024,
        UPLOAD_ZIP_MAX_RATIO=100,
        # single sign-on (web/sso.py): off until the issuer, client id and secret are set
        OIDC_ISSUER="",
        OIDC_CLIENT_ID="",
        OIDC_CLIENT_SECRET="",
        OIDC_NAME="single sign-on",  # the button says "Sign in with …"
        OIDC_SCOPE="openid email profile",
        OIDC_CREATE_READERS=False,  # an address with no account: refused, or made a reader
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("FOIA")
    else:
        app.config.from_mapping(test_config)
    app.url_map.strict_slashes = True
    app.extensions["foia_search_slots"] = Slots(int(app.config["SEARCH_SLOTS"]))

    from . import accounts, errors, limits, permalinks, protocol, routes, sso, urls

    urls.configure(app)
    protocol.register(app)
    accounts.configure(app)
    limits.configure(app)  # after who is signed in is known: an account is counted as itself
    sso.configure(app)
    routes.register(app)
    errors.register(app)
    permalinks.register(app)

    @app.before_request
    def refuse_without_public_url() -> None:
        problem = urls.missing_configuration(app)
        if problem:  # links built from a forged Host header would poison citations
            app.logger.error("%s", problem)
            raise ServiceUnavailable("This archive is not yet configured to serve the public.")

    @app.after_request
    def security_headers(response: Response) -> Response:
        headers = response.headers
        # The PDF viewer is a browser plug-in; a script-free CSP on the PDF itself breaks it.
        if response.mimetype != "application/pdf":
            headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        # a page whose address is a secret (a set-password link, a feed's token) names no referrer
        headers.setdefault("Referrer-Policy", "no-referrer" if "token" in (request.view_args or {}) else "same-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response

    @app.teardown_appcontext
    def close_writer(exc: BaseException | None) -> None:
        writer = g.pop("writer", None)  # the reading handle stays with its thread (web/readers.py)
        if writer is not None:
            writer.close()

    return app


def _current_index() -> Index | None:
    from flask import current_app

    index: Index | None = current_app.extensions.get("foia_index")
    return index


def _with_shared_index(archive: Archive, home: Path) -> Archive:
    """The archive searching the one index of this process, shared by every request: its
    searcher stays warm (opening a large index is slow) and reopens itself when the index
    changes; the engine in use (`foia reindex --engine`) may change while the site runs."""
    from flask import current_app

    index = _current_index()
    if index is None or index.root != index_folder(home, archive.engine):
        index = current_app.extensions["foia_index"] = open_index(
            home, archive.engine, cache_postings=int(current_app.config["POSTINGS_CACHE"]))
        # its searcher's files stay open for the life of the app, and close with it
        weakref.finalize(current_app._get_current_object(), index.close)  # type: ignore[attr-defined]
    archive.use_index(index)  # a new handle, or the engine switched since this one was opened
    return archive


def get_archive() -> Archive:
    """The archive for this request, read-only (every page reads through it): this thread's
    handle, kept between requests (web/readers.py), with the engine in use read again, reading
    as the account signed in: the restricted releases it may not read do not exist for it."""
    from flask import current_app

    if "archive" not in g:
        home = Path(current_app.config["ARCHIVE_HOME"])
        readers: Readers | None = current_app.extensions.get("foia_readers")
        if readers is None or readers.home != home:
            readers = current_app.extensions["foia_readers"] = Readers(home)
            weakref.finalize(current_app._get_current_object(), readers.close)  # type: ignore[attr-defined]
        archive = readers.get(_current_index())
        archive.reread_engine()
        # as whoever is signed in (web/accounts.py reads it again once it knows): a kept handle
        # is told who reads on every request, so a restricted release never outlives its reader
        g.archive = _with_shared_index(archive, home).read_as(g.get("account"))
    return g.archive  # type: ignore[no-any-return]


def get_writer() -> Archive:
    """The archive opened for the site's writes (sign-in audit, a new password, a queued upload,
    a restriction); it never ingests, which the ingest runner does."""
    from flask import current_app

    if "writer" not in g:
        home = Path(current_app.config["ARCHIVE_HOME"])
        g.writer = _with_shared_index(Archive.open(home, create=False, index=_current_index()), home)
    return g.writer  # type: ignore[no-any-return]
