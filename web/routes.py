"""Every URL of the site, in one table: (blueprint, rule, endpoint, view).

Pages live in the ``site`` blueprint and their JSON twins in ``api`` under
/api/. Templates and views build links with ``url_for`` from these endpoint
names, never by hand. Records are read with GET (and HEAD) only; OPTIONS is a
405 like any other method. ``ACCOUNT_ROUTES`` (sign-in, sign-out, set-password,
the audit page) and ``WRITE_ROUTES`` (changing records, each with the role it needs)
are the only ones that take POST. A URL with a trailing slash that names a route
without one (``/api/``, ``/search/``) is redirected (308) to it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Flask, redirect, request, url_for
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.wrappers.response import Response

from . import accounts, admin, api, articles, corrections, limits, sso, upload, urls, views, work

ROUTES: list[tuple[str, str, str, Callable[..., Any]]] = [
    ("site", "/", "home", views.home),
    ("site", "/search", "search", views.search),
    ("site", "/search/export.<fmt>", "export", views.export),
    ("site", "/r/<slug>", "release", views.release),
    ("site", "/r/<slug>/production", "production", views.production),
    ("site", "/r/<slug>/exemptions", "exemptions", views.exemptions),
    ("site", "/r/<slug>/changes", "changes", views.changes),
    ("site", "/r/<slug>/changes.csv", "changes_csv", views.changes_csv),
    ("site", "/r/<slug>/redactions", "redactions", views.redactions),
    ("site", "/r/<slug>/redactions.csv", "redactions_csv", views.redactions_csv),
    ("site", "/e/<email_id>", "email", views.email),
    ("site", "/d/<doc_id>", "document", views.document),
    ("site", "/d/<doc_id>.pdf", "pdf", views.pdf),
    ("site", "/d/<doc_id>/original", "original", views.original),
    ("site", "/e/<email_id>/attachments/<int:ordinal>", "attachment", views.attachment),
    ("site", "/d/<doc_id>/p/<int:number>", "page", views.page),
    ("site", "/d/<doc_id>/p/<int:number>.png", "page_image", views.page_image),
    ("site", "/bates/<number>", "bates", views.bates),
    ("api", "", "index", api.index),
    ("api", "/releases", "releases", api.releases),
    ("api", "/releases/<slug>", "release", api.release),
    ("api", "/releases/<slug>/production", "production", api.production),
    ("api", "/releases/<slug>/exemptions", "exemptions", api.exemptions),
    ("api", "/releases/<slug>/changes", "changes", api.changes),
    ("api", "/releases/<slug>/redactions", "redactions", api.redactions),
    ("api", "/search", "search", api.search),
    ("api", "/emails/<email_id>", "email", api.email),
    ("api", "/documents/<doc_id>", "document", api.document),
    ("api", "/documents/<doc_id>/pages/<int:number>", "page", api.page),
    ("api", "/bates/<number>", "bates", api.bates),
]

# Signing in and out and the admin pages: a form is shown by GET and acted on by POST (its
# CSRF token checked by Flask-WTF before the view runs).
ACCOUNT_ROUTES: list[tuple[str, str, Callable[..., Any], list[str]]] = [
    ("/signin", "signin", accounts.signin, ["GET", "POST"]),
    ("/signin/sso", "sso", accounts.sso, ["GET"]),
    ("/signin/sso/callback", "sso_callback", sso.callback, ["GET"]),
    ("/signout", "signout", accounts.signout, ["POST"]),
    ("/account/password/<token>", "set_password", accounts.set_password, ["GET", "POST"]),
    ("/admin/audit", "audit", accounts.audit, ["GET"]),
    ("/admin/audit.csv", "audit_export", accounts.audit_export, ["GET"]),
    # a saved search's feed: its private address is its key (a feed reader cannot sign in)
    ("/feeds/<token>.atom", "feed", work.feed, ["GET"]),
]

# Pages that change records: (rule, endpoint, view, methods, role). The role is checked here,
# before the view runs, so nothing that writes is reachable without it (an anonymous request
# is sent to sign in, a weaker role gets 403); a POST's CSRF token is checked before that.
WRITE_ROUTES: list[tuple[str, str, Callable[..., Any], list[str], str]] = [
    ("/admin/access", "access", admin.access, ["GET"], "admin"),
    ("/admin/access/<slug>", "set_access", admin.set_access, ["POST"], "admin"),
    ("/admin/releases/<slug>/withdraw", "withdraw", admin.withdraw, ["POST"], "admin"),
    ("/admin/releases/<slug>/restore", "restore", admin.restore, ["POST"], "admin"),
    ("/r/<slug>/context", "context", articles.context, ["GET", "POST"], "editor"),
    ("/upload", "upload", upload.upload, ["GET", "POST"], "editor"),
    ("/batches/<batch_id>", "batch", upload.batch, ["GET"], "editor"),
    ("/batches/<batch_id>.json", "batch_status", upload.batch_status, ["GET"], "editor"),
    ("/batches/<batch_id>/files/<int:ordinal>", "retry_file", upload.retry_file, ["POST"], "editor"),
    # people's work product (web/work.py): any signed-in account, on the records it may read
    ("/notes", "notes", work.notes, ["GET"], "reader"),
    ("/notes.json", "notes_json", work.notes_json, ["GET"], "reader"),
    ("/notes/new", "add_note", work.add_note, ["POST"], "reader"),
    ("/notes/<note_id>/edit", "edit_note", work.edit_note, ["POST"], "reader"),
    ("/notes/<note_id>/delete", "delete_note", work.delete_note, ["POST"], "reader"),
    ("/notes/<note_id>/visibility", "note_visibility", work.note_visibility, ["POST"], "reader"),
    ("/tags/add", "add_tag", work.add_tag, ["POST"], "reader"),
    ("/tags/visibility", "tag_visibility", work.tag_visibility, ["POST"], "reader"),
    ("/tags/remove", "remove_tag", work.remove_tag, ["POST"], "reader"),
    ("/search/tag", "tag_search", work.tag_search, ["POST"], "reader"),
    ("/exhibits", "exhibit_lists", work.exhibit_lists, ["GET"], "reader"),
    ("/exhibits/new", "create_exhibit_list", work.create_exhibit_list, ["POST"], "reader"),
    ("/exhibits/<list_id>", "exhibit_list", work.exhibit_list, ["GET"], "reader"),
    ("/exhibits/add", "add_exhibit", work.add_exhibit, ["POST"], "reader"),
    ("/exhibits/<list_id>/change", "change_exhibits", work.change_exhibits, ["POST"], "reader"),
    ("/exhibits/<list_id>/delete", "delete_exhibit_list", work.delete_exhibit_list, ["GET", "POST"], "reader"),
    ("/exhibits/<list_id>/export.<fmt>", "export_exhibits", work.export_exhibits, ["GET"], "reader"),
    ("/searches", "saved_searches", work.saved_searches, ["GET"], "reader"),
    ("/searches/new", "save_search", work.save_search, ["POST"], "reader"),
    ("/searches/<search_id>", "saved_search", work.saved_search, ["GET"], "reader"),
    ("/searches/<search_id>/seen", "saw_search", work.saw_search, ["POST"], "reader"),
    ("/searches/<search_id>/delete", "delete_search", work.delete_search, ["POST"], "reader"),
    # people's corrections (web/corrections.py)
    ("/e/<email_id>/correct", "correct", corrections.correct, ["POST"], "editor"),
    ("/e/<email_id>/check", "check", corrections.check, ["POST"], "editor"),
    ("/e/<email_id>/split", "split", corrections.split, ["POST"], "editor"),
    ("/e/<email_id>/merge", "merge", corrections.merge, ["POST"], "editor"),
    ("/e/<email_id>/not-email", "not_email", corrections.not_email, ["POST"], "editor"),
    ("/e/<email_id>/restore", "restore_reading", corrections.restore_reading, ["POST"], "editor"),
    ("/d/<doc_id>/p/<int:number>/email", "begin_email", corrections.begin_email, ["POST"], "editor"),
    ("/r/<slug>/review", "review", corrections.review, ["GET"], "editor"),
]

PREFIXES = {"site": "", "api": "/api", "accounts": "", "edit": ""}


def _requiring(role: str, view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def guarded(**kwargs: Any) -> Any:
        accounts.require(role)
        return view(**kwargs)

    return guarded


def register(app: Flask) -> None:
    blueprints = {name: Blueprint(name, __name__, url_prefix=prefix or None) for name, prefix in PREFIXES.items()}
    # the rate limits (web/limits.py) count a request once its role has been checked
    for name, rule, endpoint, view in ROUTES:
        blueprints[name].add_url_rule(rule, endpoint, limits.limited(app, f"{name}.{endpoint}", view),
                                      methods=["GET"], provide_automatic_options=False)
    for rule, endpoint, view, methods in ACCOUNT_ROUTES:
        blueprints["accounts"].add_url_rule(rule, endpoint, limits.limited(app, f"accounts.{endpoint}", view),
                                            methods=methods, provide_automatic_options=False)
    for rule, endpoint, view, methods, role in WRITE_ROUTES:
        blueprints["edit"].add_url_rule(rule, endpoint, _requiring(role, limits.limited(app, f"edit.{endpoint}", view)),
                                        methods=methods, provide_automatic_options=False)
    app.context_processor(views.template_helpers)
    app.context_processor(work.template_helpers)
    app.before_request(without_trailing_slash)
    for blueprint in blueprints.values():
        app.register_blueprint(blueprint)


def without_trailing_slash() -> Response | None:
    """308 from ``/api/`` to ``/api`` (the query kept) when only the trailing slash is in the way."""
    adapter = urls.url_adapter()
    if (adapter is None or not isinstance(request.routing_exception, NotFound)
            or not request.path.endswith("/") or request.path == "/"):
        return None
    try:
        endpoint, values = adapter.match(request.path.rstrip("/"), method="GET")
    except HTTPException:
        return None
    if values:
        return None  # a URL naming a record: web/permalinks.py repairs it only if the record exists
    # built from the route, never copied from the request
    return redirect(urls.with_query(url_for(endpoint, **values)), code=308)
