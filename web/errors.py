"""One error handler for the whole site: an HTML page, or the JSON error shape under /api/.

    {"error": {"status": 404, "title": "Not Found", "detail": "no email 'abcdefghij'"}}

Archive errors map to statuses here and nowhere else: NotFound → 404, Gone →
410 (with the reason it was withdrawn; Deleted, an exhibit list someone deleted: who and when), NotEmail → 302 to the pages people marked as not email, QueryError and AccountError → 400, IndexUnavailable → 503,
any other archive error → 503; anything unexpected is logged and answered 500
without internals.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from archive import (
    AccountError,
    ArchiveError,
    Deleted,
    Gone,
    IndexUnavailable,
    NotEmail,
    NotFound,
    QueryError,
)

from .protocol import read_refused_body
from .urls import MOVED_CACHE, MOVED_STATUS, url_adapter, with_query

MAX_DETAIL = 600

_ARCHIVE_STATUS: list[tuple[type[ArchiveError], int, str]] = [
    (Deleted, 410, "Deleted"),  # people's work someone deleted: no withdrawal to explain
    (Gone, 410, "Gone"),
    (NotFound, 404, "Not Found"),
    (QueryError, 400, "Bad Request"),
    (AccountError, 400, "Bad Request"),
    (IndexUnavailable, 503, "Search Unavailable"),
    (ArchiveError, 503, "Archive Unavailable"),
]


def wants_json() -> bool:
    """Whether an error is answered in JSON: the API's, and a JSON export's ("/search/export.json")."""
    return request.path == "/api" or request.path.startswith("/api/") or request.path.endswith(".json")


def describe(exc: BaseException) -> tuple[int, str, str]:
    """(status, title, detail) for any exception."""
    if isinstance(exc, RequestEntityTooLarge):
        return 413, exc.name, _too_large()
    if isinstance(exc, HTTPException):
        return exc.code or 500, exc.name, exc.description or exc.name
    for cls, status, title in _ARCHIVE_STATUS:
        if isinstance(exc, cls):
            if status >= 500:  # the message names server paths and commands; the log has it
                return status, title, "The archive cannot be searched or read right now; please try again later."
            return status, title, str(exc)
    return 500, "Internal Server Error", "Something went wrong on our side; it has been logged."


def _too_large() -> str:
    limit = request.max_content_length or current_app.config["MAX_CONTENT_LENGTH"]
    if request.endpoint == "edit.upload" and limit >= 1024 * 1024:
        return (f"This upload is larger than the {limit // (1024 * 1024):,} MB the site takes at once "
                "(FOIA_UPLOAD_MAX_MB); upload fewer or smaller files at a time. Nothing was kept.")
    return f"The request is larger than the {limit:,} bytes this address takes."


def error_response(status: int, title: str, detail: str) -> Response:
    detail = detail[:MAX_DETAIL]
    if wants_json():
        response = current_app.json.response({"error": {"status": status, "title": title, "detail": detail}})
    elif url_adapter() is None:  # a Host header not in TRUSTED_HOSTS: no links can be built
        response = Response(f"{status} {title}: {detail}\n", mimetype="text/plain")
    else:
        response = Response(render_template("error.html", status=status, title=title, detail=detail),
                            mimetype="text/html")
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"  # a withdrawal's 410 must not be kept, nor a 404 outlive an ingest
    return response


def handle(exc: BaseException) -> Response:
    if isinstance(exc, HTTPException) and exc.code is not None and exc.code < 400:
        return exc  # type: ignore[return-value]  # a routing redirect (e.g. a missing slash)
    if isinstance(exc, NotEmail) and request.method in ("GET", "HEAD"):  # a permalink a brief cites
        page = url_for("api.page" if wants_json() else "site.page", doc_id=exc.document_id, number=exc.page)
        moved = redirect(with_query(page), code=MOVED_STATUS)  # "Back to results" kept
        moved.headers["Cache-Control"] = MOVED_CACHE  # the mark can be undone: an email begun there again
        return moved  # type: ignore[return-value]
    if isinstance(exc, RequestEntityTooLarge):
        read_refused_body()
    status, title, detail = describe(exc)
    if status >= 500:
        current_app.logger.error("%s %s failed: %s", request.method, request.path, exc, exc_info=exc)
    response = error_response(status, title, detail)
    if isinstance(exc, HTTPException):  # Allow on a 405, Content-Range: bytes */N on a 416, ...
        for name, value in exc.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
    return response


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle)
    app.register_error_handler(Exception, handle)
