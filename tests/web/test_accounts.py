"""Signing in and out, CSRF on every form, throttling, set-password links, the private archive.

Like test_error_shape, the private-mode walk takes its URLs from the route table,
so a new route is covered without editing this file.
"""

from __future__ import annotations

import re

import pytest

from archive import Archive
from web import create_app
from web.routes import ACCOUNT_ROUTES, ROUTES, WRITE_ROUTES

from .test_error_shape import assert_error_shape, urls_for

PASSWORD = "correct horse battery"


def make_account(home, email: str, role: str, password: str | None = PASSWORD) -> str:
    """The account's set-password token (already spent when ``password`` is given)."""
    with Archive.open(home) as archive:
        if archive.account(email) is None:
            archive.add_account(email, role, actor="cli:test")
        token = archive.password_link(email, actor="cli:test")
        if password:
            archive.set_password(token, password)
    return token


def csrf(client, path: str = "/signin") -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True))
    assert match, path
    return match.group(1)


def sign_in(client, email: str, password: str = PASSWORD, **extra):
    return client.post("/signin", data={"email": email, "password": password, "csrf_token": csrf(client), **extra})


@pytest.fixture
def private_app(built):
    return create_app({"TESTING": True, "ARCHIVE_HOME": str(built.home), "PUBLIC_URL": "https://foia.test",
                       "PRIVATE": True})


@pytest.fixture
def private_client(private_app):
    return private_app.test_client()


@pytest.mark.parametrize(("path", "data"), [
    ("/signin", {"email": "ed@example.org", "password": PASSWORD}),
    ("/signout", {}),
    ("/account/password/x", {"password": PASSWORD, "confirm": PASSWORD}),
])
def test_a_post_without_its_csrf_token_is_refused(client, built, path, data):
    make_account(built.home, "ed@example.org", "editor")
    response = client.post(path, data=data)
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)
    assert_error_shape(response, path)
    wrong = client.post(path, data={**data, "csrf_token": "forged"})
    assert wrong.status_code == 400


def test_every_post_route_is_an_account_form_or_needs_a_role():
    """GIVEN the route table THEN only ACCOUNT_ROUTES and WRITE_ROUTES take POST, and every
    write route names the role it needs (records are read-only to everyone else)."""
    posting = [rule for rule, _e, _v, methods in ACCOUNT_ROUTES if "POST" in methods]
    assert posting == ["/signin", "/signout", "/account/password/<token>"]
    assert all(role in ("reader", "editor", "admin") for _r, _e, _v, _m, role in WRITE_ROUTES)


@pytest.mark.parametrize(("rule", "methods"), [(rule, methods) for rule, _e, _v, methods, _role in WRITE_ROUTES])
def test_an_anonymous_request_to_every_writing_route_is_refused(client, built, rule, methods):
    """GIVEN no one signed in WHEN any write route is asked for, with a valid CSRF token THEN it is
    sent to sign in and nothing is written (the audit trail does not grow)."""
    path = re.sub(r"<[^>]+>", "test-release", re.sub(r"<int:[^>]+>", "0", rule))
    with Archive.open(built.home, readonly=True) as archive:
        before = len(archive.audit_trail(limit=100_000))
    for method in methods:
        response = client.open(path, method=method, data={"csrf_token": csrf(client), "people": "x@example.org"})
        assert response.status_code == 302 and response.headers["Location"].startswith("/signin"), (path, method)
        if method == "POST":
            assert client.post(path, data={}).status_code == 400  # no CSRF token: refused before anything
    with Archive.open(built.home, readonly=True) as archive:
        assert len(archive.audit_trail(limit=100_000)) == before


def test_sign_in_sets_a_locked_down_cookie_and_sign_out_ends_it(client, built):
    make_account(built.home, "ed@example.org", "editor")
    response = sign_in(client, "ed@example.org", next="/search?q=pilot")
    assert response.status_code == 302 and response.headers["Location"] == "/search?q=pilot"
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("foia_session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie  # PUBLIC_URL is https
    page = client.get("/").get_data(as_text=True)
    assert "ed@example.org" in page and "Sign out" in page
    assert client.post("/signout", data={"csrf_token": csrf(client, "/")}).status_code == 302
    assert "ed@example.org" not in client.get("/").get_data(as_text=True)


def test_the_cookie_is_not_secure_on_a_plain_http_address(built):
    app = create_app({"TESTING": True, "ARCHIVE_HOME": str(built.home), "PUBLIC_URL": "http://localhost:5000"})
    make_account(built.home, "ed@example.org", "editor")
    client = app.test_client()
    cookie = next(h for h in sign_in(client, "ed@example.org").headers.getlist("Set-Cookie")
                  if h.startswith("foia_session="))
    assert "HttpOnly" in cookie and "Secure" not in cookie


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:x"])
def test_after_sign_in_only_a_path_on_this_site_is_followed(client, built, target):
    make_account(built.home, "ed@example.org", "editor")
    assert sign_in(client, "ed@example.org", next=target).headers["Location"] == "/"


def test_a_wrong_password_is_refused_and_repeated_failures_pause_sign_in(app, built):
    make_account(built.home, "slow@example.org", "reader")
    client = app.test_client()
    for _ in range(5):
        refused = sign_in(client, "slow@example.org", "not the password")
        assert refused.status_code == 401 and "do not match" in refused.get_data(as_text=True)
    for _ in range(3):  # even the right password waits now
        throttled = sign_in(client, "slow@example.org")
        assert throttled.status_code == 429 and "Too many failed sign-ins" in throttled.get_data(as_text=True)
    with Archive.open(built.home, readonly=True) as archive:
        actions = [e.action for e in archive.audit_trail(target="slow@example.org", limit=10)][:6]
    # the pause recorded once, not once a request (anyone could write the audit trail without end)
    assert actions == ["signin.throttled"] + ["signin.failure"] * 5, actions


def test_many_accounts_from_one_address_pause_that_address(app, built):
    client = app.test_client()
    for n in range(20):
        assert sign_in(client, f"guess{n}@example.org", "not the password").status_code == 401
    assert sign_in(client, "someone-else@example.org", "not the password").status_code == 429


def test_a_set_password_link_works_once(client, built):
    token = make_account(built.home, "new@example.org", "reader", password=None)
    path = f"/account/password/{token}"
    form = client.get(path)
    assert form.status_code == 200 and form.headers["Cache-Control"] == "no-store"
    assert "new@example.org" in form.get_data(as_text=True)
    mismatch = client.post(path, data={"password": PASSWORD, "confirm": "other", "csrf_token": csrf(client, path)})
    assert mismatch.status_code == 400 and "differ" in mismatch.get_data(as_text=True)
    short = client.post(path, data={"password": "short", "confirm": "short", "csrf_token": csrf(client, path)})
    assert short.status_code == 400 and "at least 10" in short.get_data(as_text=True)
    done = client.post(path, data={"password": PASSWORD, "confirm": PASSWORD, "csrf_token": csrf(client, path)})
    assert done.status_code == 302 and done.headers["Location"] == "/signin"
    assert client.get(path).status_code == 404
    assert sign_in(client, "new@example.org").status_code == 302


def test_a_set_password_link_is_kept_out_of_the_access_log_and_of_referrers(client, built, caplog):
    """GIVEN a set-password link opened WHEN its page loads its stylesheet and script (the browser
    sends the link as their Referer) THEN the access log writes "[token]" for it in the referrer
    too, and the page asks browsers to send no referrer at all (was: the log's lines for the
    static files held the live token, anyone reading the log could set the password)."""
    import logging

    token = make_account(built.home, "logged@example.org", "admin", password=None)
    path = f"/account/password/{token}"
    with caplog.at_level(logging.INFO, logger="foia.access"):
        form = client.get(path)
        for referrer in (f"https://foia.test{path}", f"https://foia.test/feeds/{token}.atom"):
            client.get("/static/site.css", headers={"Referer": referrer}).close()
    assert form.headers["Referrer-Policy"] == "no-referrer"
    lines = [r.getMessage() for r in caplog.records if r.name == "foia.access"]
    assert len(lines) == 3 and not any(token in line for line in lines)
    assert '"https://foia.test/account/password/[token]"' in lines[1]
    assert client.get("/").headers["Referrer-Policy"] == "same-origin"


def test_disabling_an_account_ends_its_session(client, built):
    make_account(built.home, "gone@example.org", "editor")
    sign_in(client, "gone@example.org")
    assert "gone@example.org" in client.get("/").get_data(as_text=True)
    with Archive.open(built.home) as archive:
        archive.set_active("gone@example.org", False, actor="cli:test")
    assert "gone@example.org" not in client.get("/").get_data(as_text=True)
    with Archive.open(built.home) as archive:
        archive.set_active("gone@example.org", True, actor="cli:test")


def test_the_audit_page_is_for_admins_and_shows_the_mode(client, built):
    assert client.get("/admin/audit").headers["Location"] == "/signin?next=/admin/audit"
    make_account(built.home, "ed@example.org", "editor")
    sign_in(client, "ed@example.org")
    assert client.get("/admin/audit").status_code == 403
    make_account(built.home, "boss@example.org", "admin")
    sign_in(client, "boss@example.org")
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "<strong>public</strong>" in page and "signin.success" in page and "user.add" in page


EXISTING = ["/e/{first}", "/api/emails/{first}", "/r/test-release", "/api/releases/test-release", "/d/{doc}",
            "/d/{doc}.pdf", "/d/{doc}/p/1", "/d/{doc}/p/1.png", "/api/documents/{doc}/pages/1",
            "/bates/TEST-000001", "/api/bates/TEST-000001", "/search?q=pilot", "/search/export.csv?q=pilot",
            "/e/{first}.", "/E/{first}/"]


@pytest.mark.parametrize("path", [urls_for(("/api" if bp == "api" else "") + rule, "", "x")
                                  for bp, rule, _e, _v in ROUTES]
                         + EXISTING + ["/no/such/page", "/api/no/such", "/admin/audit"])
def test_a_private_archive_answers_nothing_before_sign_in(private_client, built, path):
    """GIVEN FOIA_PRIVATE WHEN any route (from the route table), a record that exists, a damaged
    permalink or no route at all is asked for signed out THEN pages redirect to sign-in and the
    API answers 401, and nothing of the records shows."""
    path = path.format(first=built.first, doc=built.doc_id)
    response = private_client.get(path)
    if path.startswith("/api"):
        assert response.status_code == 401
        assert_error_shape(response, path)
    else:
        assert response.status_code == 302, (path, response.status_code)
        assert response.headers["Location"].startswith("/signin?next=")
    assert b"Facial" not in response.data and b"Test" not in response.data


def test_a_private_archive_reads_normally_once_signed_in(private_client, built):
    assert private_client.get("/signin").status_code == 200
    with private_client.get("/static/site.css") as response:
        assert response.status_code == 200
    make_account(built.home, "reader@example.org", "reader")
    assert sign_in(private_client, "reader@example.org", next="/e/" + built.first).headers["Location"] == \
        "/e/" + built.first
    assert private_client.get("/e/" + built.first).status_code == 200
    assert private_client.get("/api/releases").status_code == 200
    with private_client.get(f"/d/{built.doc_id}.pdf") as response:
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "private, max-age=300, must-revalidate"


def test_forms_and_signed_in_pages_stay_out_of_shared_caches(client, built):
    assert client.get("/signin").headers["Cache-Control"] == "private, no-cache"
    assert client.get("/").headers["Cache-Control"] == "no-cache"  # public, signed out: as before
    make_account(built.home, "ed@example.org", "editor")
    sign_in(client, "ed@example.org")
    assert client.get("/").headers["Cache-Control"] == "private, no-cache"


def test_what_was_typed_at_sign_in_is_audited_printable(client, built):
    sign_in(client, "evil\n2026-01-01\tcli:root\tuser.add@example.org", "x")
    with Archive.open(built.home, readonly=True) as archive:
        newest = archive.audit_trail(limit=1)[0]
    assert newest.action == "signin.failure" and newest.target == "evil2026-01-01cli:rootuser.add@example.org"


def test_security_headers_stay_on_the_account_pages(client):
    response = client.get("/signin")
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_a_private_archive_refuses_a_forged_host_without_a_page(built):
    app = create_app({"TESTING": True, "ARCHIVE_HOME": str(built.home), "TRUSTED_HOSTS": ["foia.test"],
                      "PRIVATE": True})
    response = app.test_client().get(f"/e/{built.first}", headers={"Host": "evil.example"})
    assert response.status_code == 400 and b"Facial" not in response.data


def test_admins_see_the_audit_trail_per_release_or_person_and_export_it(client, built):
    make_account(built.home, "boss@example.org", "admin")
    make_account(built.home, "ed@example.org", "editor")
    with Archive.open(built.home) as archive:
        archive.record("=cmd|' /C calc'!A0", "release.save", "test-release", {"title": "x"})
    assert sign_in(client, "ed@example.org").status_code == 302
    assert client.get("/admin/audit.csv").status_code == 403
    client.post("/signout", data={"csrf_token": csrf(client, "/")})
    assert sign_in(client, "boss@example.org").status_code == 302
    page = client.get("/admin/audit?target=test-release").get_data(as_text=True)
    assert "release.save" in page and "user.add" not in page
    exported = client.get("/admin/audit.csv?target=test-release")
    assert exported.headers["Content-Disposition"] == 'attachment; filename="foia-audit.csv"'
    lines = exported.get_data(as_text=True).splitlines()
    assert lines[0] == "\ufeffat,actor,action,target,details"
    assert all(",test-release," in line for line in lines[1:]) and len(lines) >= 2
    assert any(",'=cmd|" in line for line in lines[1:])  # a formula stays text
    everyone = client.get("/admin/audit.csv").get_data(as_text=True)
    assert "user.add" in everyone
