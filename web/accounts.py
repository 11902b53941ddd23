"""Signing in and out, set-password links, who is signed in, and the private archive's gate.

A session cookie carries the account's address and its session version; the
account is looked up on each request, so disabling it or setting a new password
ends every session it had. The cookie is signed with the archive's own key
(``Archive.session_secret``, shared by every server process) unless
``SECRET_KEY`` is configured. Every POST form carries a CSRF token (Flask-WTF).

With ``PRIVATE`` (``FOIA_PRIVATE=true``) nothing but the sign-in and
set-password pages answers before signing in: pages redirect to sign-in, the
API answers 401 in the one error shape.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from flask import Flask, abort, current_app, g, redirect, render_template, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect
from werkzeug.exceptions import Forbidden, NotFound
from werkzeug.wrappers.response import Response

from archive import Account, AccountError, Archive, ArchiveError

from . import get_archive, get_writer, params, upload, urls, views
from . import sso as sso_flow
from .errors import error_response, wants_json
from .limits import FailureWindow, client_block

OPEN_ENDPOINTS = {"accounts.signin", "accounts.signout", "accounts.set_password", "accounts.sso",
                  "accounts.sso_callback", "accounts.feed", "static"}
FAILURES_PER_ACCOUNT = 5  # in WINDOW_SECONDS, before that account's sign-in pauses
FAILURES_PER_ADDRESS = 20  # in WINDOW_SECONDS, before that client address's sign-in pauses
WINDOW_SECONDS = 15 * 60
AUDIT_PAGE = 200


class ArchiveSessions(SecureCookieSessionInterface):
    """Session cookies signed with the archive's key, read once the archive has one."""

    def get_signing_serializer(self, app: Flask) -> Any:
        if not app.secret_key:
            app.secret_key = _archive_secret(Path(app.config["ARCHIVE_HOME"]))
        return super().get_signing_serializer(app)


def _archive_secret(home: Path) -> str | None:
    try:
        with Archive.open(home, readonly=True) as archive:
            secret = archive.session_secret()
        if secret is None:  # an archive last written before accounts existed: add its tables
            with Archive.open(home, create=False) as archive:
                secret = archive.session_secret()
    except ArchiveError:
        return None  # no archive yet: no one to sign in
    return secret


def configure(app: Flask) -> None:
    """Cookie flags (the defaults are in ``create_app``), CSRF, throttles and the gate."""
    # a browser sends a Secure cookie over HTTPS only: on whenever the public address is https
    app.config["SESSION_COOKIE_SECURE"] = bool(app.config["SESSION_COOKIE_SECURE"]) or str(
        app.config.get("PUBLIC_URL") or "").startswith("https:")
    app.session_interface = ArchiveSessions()
    app.extensions["foia_signin_failures"] = {
        "account": FailureWindow(FAILURES_PER_ACCOUNT, WINDOW_SECONDS),
        "address": FailureWindow(FAILURES_PER_ADDRESS, WINDOW_SECONDS),
    }
    # who is signed in first (it reads no form), then how large a body they may send, then CSRF
    # (which reads the form): only an editor's upload may be larger than MAX_CONTENT_LENGTH
    app.before_request(load_account)
    app.before_request(upload.allow_uploads)
    CSRFProtect(app)
    app.after_request(keep_from_shared_caches)


def load_account() -> Response | None:
    """Who is signed in (``g.account``); in a private archive, no one else gets further."""
    g.account = None
    if current_app.config["SESSION_COOKIE_NAME"] in request.cookies and session.get("account"):
        account = get_archive().account(session["account"])
        if account and account.active and account.session_version == session.get("version"):
            g.account = account
        else:
            session.clear()
    get_archive().read_as(g.account)
    if not current_app.config["PRIVATE"] or g.account or request.endpoint in OPEN_ENDPOINTS:
        return None
    if urls.url_adapter() is None:
        return None  # a Host header not in TRUSTED_HOSTS: refused with 400 before any view runs
    if wants_json():
        return error_response(401, "Unauthorized", "Sign in to read this archive.")
    return redirect(url_for("accounts.signin", next=request.full_path.rstrip("?")))


def keep_from_shared_caches(response: Response) -> Response:
    """What a private archive or a signed-in person is shown is kept by their browser only,
    never by a proxy or CDN (a PDF's ``public`` becomes ``private``)."""
    if current_app.config["PRIVATE"] or g.get("account") or request.endpoint in OPEN_ENDPOINTS:
        given = [d.strip() for d in (response.headers.get("Cache-Control") or "no-cache").split(",")]
        if "no-store" not in given:
            response.headers["Cache-Control"] = ", ".join(["private", *(d for d in given if d and d != "public"
                                                                        and d != "private")])
    return response


def require(role: str) -> Account:
    """The signed-in account if it holds ``role`` (else: sign in first, or 403)."""
    account: Account | None = g.get("account")
    if account is None:
        abort(redirect(url_for("accounts.signin", next=request.full_path.rstrip("?"))))
    if not account.may(role):
        raise Forbidden(f"This page needs the {role} role.")
    return account


def _safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site only (never //host or \\host, nor what a
    browser reads as one: it drops tabs and line breaks from a URL, so "/<tab>/host" is "//host")."""
    if (not target or not target.startswith("/") or "\\" in target
            or any(c < " " or c == "\x7f" for c in target) or target.startswith("//")):
        return url_for("site.home")
    return target


def signin() -> Any:
    if request.method == "GET":
        return render_template("signin.html", next=request.args.get("next", ""), error="")
    email = request.form.get("email", "")[:254].strip().lower()
    password = request.form.get("password", "")
    failures = current_app.extensions["foia_signin_failures"]
    address = request.remote_addr or "-"
    keys = (("account", email), ("address", client_block(address)))
    blocked = [(kind, key) for kind, key in keys if failures[kind].blocked(key)]
    if blocked:
        if [failures[kind].first_refusal(key) for kind, key in blocked].count(True):
            get_writer().record("anonymous", "signin.throttled", email, {"from": address})
        return render_template("signin.html", next=request.form.get("next", ""),
                               error="Too many failed sign-ins; wait a few minutes and try again."), 429
    account = get_writer().sign_in(email, password, origin=address)
    if account is None:
        for kind, key in keys:
            failures[kind].failed(key)
        return render_template("signin.html", next=request.form.get("next", ""),
                               error="That email address and password do not match an active account."), 401
    failures["account"].clear(email)
    session.clear()  # a new session for a new sign-in (no fixation)
    session.permanent = True
    session.update(account=account.email, version=account.session_version)
    return redirect(_safe_next(request.form.get("next")))


def sso() -> Any:
    """Sign in through the organisation's identity provider (web/sso.py). A link, not a form: the
    site's CSP lets forms post to itself only, and Chromium holds a form's redirect to the
    provider to that; starting the flow changes nothing but this browser's session."""
    return sso_flow.start(_safe_next(request.args.get("next")))


def signout() -> Response:
    if g.account is not None:  # its sessions end here, so a copied cookie resumes none of them
        get_writer().sign_out(g.account.email)
    session.clear()
    return redirect(url_for("site.home"))


def set_password(token: str) -> Any:
    account = get_archive().link_account(token)
    if account is None:
        raise NotFound("This link has been used or has expired; ask an admin for a new one.")
    error = ""
    if request.method == "POST":
        password = request.form.get("password", "")
        if password != request.form.get("confirm", ""):
            error = "The two passwords differ."
        else:
            try:
                get_writer().set_password(token, password)
            except AccountError as exc:
                error = str(exc)
            else:
                session.clear()
                return redirect(url_for("accounts.signin"))
    response = current_app.make_response(
        (render_template("set_password.html", account=account, error=error), 400 if error else 200))
    response.headers["Cache-Control"] = "no-store"
    return response


def audit() -> str:
    require("admin")
    limit = params.integer("limit", AUDIT_PAGE, 1, 10_000)
    target = params.text("target", 254) or None
    return render_template("audit.html", entries=get_archive().audit_trail(limit=limit, target=target),
                           limit=limit, target=target or "", private=bool(current_app.config["PRIVATE"]))


def audit_export() -> Response:
    """The audit trail (one release's or person's with ``target``) as CSV, newest first."""
    require("admin")
    target = params.text("target", 254) or None
    entries = get_archive().audit_trail(limit=params.integer("limit", 100_000, 1, 1_000_000), target=target)
    rows = ({"at": e.at, "actor": e.actor, "action": e.action, "target": e.target,
             "details": json.dumps(e.details, ensure_ascii=False, sort_keys=True)} for e in entries)
    # the one CSV writer: cells a spreadsheet would run as a formula are neutralised there
    response = Response("".join(views.csv_lines(rows, ("at", "actor", "action", "target", "details"))),
                        mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="foia-audit.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response
