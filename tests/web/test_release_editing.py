"""Context and withdrawal from the site: an editor attaches or replaces a release's context article
(pasted or as a file, read as `foia context add` reads it), an admin withdraws and restores a
release with a reason; every change is a POST with its CSRF token, needs its role, and is audited."""

from __future__ import annotations

import io

import pytest

from archive import Archive
from web import create_app

from .conftest import RELEASE, SCRIPT, build_archive
from .test_accounts import csrf, make_account, sign_in

QUOTED = "We should discuss the facial recognition pilot."


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    built = build_archive(tmp_path_factory.mktemp("editing"))
    for email, role in (("ed@example.org", "editor"), ("boss@example.org", "admin"), ("rd@example.org", "reader")):
        make_account(built.home, email, role)
    return built.home


def _client(home, who: str | None):
    client = create_app({"TESTING": True, "ARCHIVE_HOME": str(home), "PUBLIC_URL": "https://foia.test"}).test_client()
    if who:
        assert sign_in(client, who).status_code == 302
    return client


def _trail(home, limit: int = 100_000):
    with Archive.open(home, readonly=True) as archive:
        return archive.audit_trail(limit=limit)


def _articles(home):
    with Archive.open(home, readonly=True) as archive:
        return archive.articles(RELEASE.slug)


def test_an_editor_attaches_an_article_and_its_quotation_links_to_the_email(home):
    client = _client(home, "ed@example.org")
    form = client.get(f"/r/{RELEASE.slug}/context")
    assert form.status_code == 200 and 'name="csrf_token"' in form.get_data(as_text=True)
    assert "/context" in client.get(f"/r/{RELEASE.slug}").get_data(as_text=True)  # the release page links to it
    text = f"# Pilot story {SCRIPT}\n\nOfficials wrote: \"{QUOTED}\"\n"
    response = client.post(f"/r/{RELEASE.slug}/context", data={
        "csrf_token": csrf(client, f"/r/{RELEASE.slug}/context"), "text": text, "outlet": "The Ledger",
        "url": "https://news.example/pilot?utm_source=x", "published": "2020-06-02"})
    assert response.status_code == 302
    (article,) = _articles(home)
    assert response.headers["Location"] == f"/r/{RELEASE.slug}#context-{article.id}"
    assert (article.title, article.outlet, article.url) == ("Pilot story alert(1)", "The Ledger",
                                                            "https://news.example/pilot?utm_source=x")
    page = client.get(f"/r/{RELEASE.slug}").get_data(as_text=True)
    assert SCRIPT not in page and 'class="quote-link"' in page
    entry = _trail(home, 1)[0]
    assert (entry.actor, entry.action, entry.target) == ("ed@example.org", "context.save", RELEASE.slug)
    assert entry.details["linked"] == 1 and entry.details["replaced"] is None


def test_an_article_file_replaces_the_one_picked(home):
    client = _client(home, "ed@example.org")
    (before,) = _articles(home)
    html = (f"<html><body><article><h1>Corrected story</h1><p>They wrote "
            f"<q>{QUOTED}</q></p><script>alert(1)</script></article></body></html>").encode()
    response = client.post(f"/r/{RELEASE.slug}/context", content_type="multipart/form-data", data={
        "csrf_token": csrf(client, f"/r/{RELEASE.slug}/context"), "replaces": before.id,
        "url": "https://news.example/corrected", "file": (io.BytesIO(html), "story.html")})
    assert response.status_code == 302, response.get_data(as_text=True)
    (after,) = _articles(home)
    assert after.id != before.id and after.title == "Corrected story" and after.source_format == "html"
    assert "alert(1)" not in after.body
    entry = _trail(home, 1)[0]
    assert entry.details["replaced"] == {"article": before.id, "title": before.title, "url": before.url}


@pytest.mark.parametrize(("data", "says"), [
    ({"text": "", "title": "Empty"}, "paste the article"),
    ({"text": "Some text", "url": "javascript:alert(1)"}, "http(s) address"),
    ({"text": "Some text", "published": "June 2020"}, "YYYY-MM-DD"),
    ({"file": (io.BytesIO(b"\x89PNG\r\n\x1a\n\x00\x00"), "story.md")}, "not text"),
    ({"text": "Some text", "replaces": "no-such-article"}, "no context article"),
])
def test_a_bad_article_form_is_refused_with_the_reason_and_changes_nothing(home, data, says):
    client = _client(home, "ed@example.org")
    before, articles = len(_trail(home)), _articles(home)
    response = client.post(f"/r/{RELEASE.slug}/context", content_type="multipart/form-data",
                           data={"csrf_token": csrf(client, f"/r/{RELEASE.slug}/context"), **data})
    assert response.status_code == 400 and says in response.get_data(as_text=True)
    assert len(_trail(home)) == before and _articles(home) == articles


def test_an_admin_withdraws_and_restores_a_release_with_a_reason(home):
    client = _client(home, "boss@example.org")
    assert client.get(f"/r/{RELEASE.slug}").status_code == 200
    token = csrf(client, "/admin/access")
    refused = client.post(f"/admin/releases/{RELEASE.slug}/withdraw", data={"csrf_token": token, "reason": "  "})
    assert refused.status_code == 400 and "give the reason" in refused.get_data(as_text=True)
    response = client.post(f"/admin/releases/{RELEASE.slug}/withdraw",
                           data={"csrf_token": token, "reason": f"Produced in error {SCRIPT}"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#release-{RELEASE.slug}")
    gone = _client(home, None).get(f"/r/{RELEASE.slug}")
    assert gone.status_code == 410 and "Produced in error" in gone.get_data(as_text=True)
    assert SCRIPT not in gone.get_data(as_text=True)
    assert _client(home, None).get("/api/search?q=pilot").get_json()["meta"]["total"] == 0
    listing = client.get("/admin/access").get_data(as_text=True)
    assert f'action="/admin/releases/{RELEASE.slug}/restore"' in listing
    assert client.post(f"/admin/releases/{RELEASE.slug}/withdraw",
                       data={"csrf_token": token, "reason": "again"}).status_code == 400  # withdrawn already
    assert client.post(f"/admin/releases/{RELEASE.slug}/restore", data={"csrf_token": token}).status_code == 302
    assert _client(home, None).get(f"/r/{RELEASE.slug}").status_code == 200
    assert client.post(f"/admin/releases/{RELEASE.slug}/restore", data={"csrf_token": token}).status_code == 400
    withdrawn, restored = _trail(home, 2)[::-1]
    assert (withdrawn.actor, withdrawn.action, withdrawn.details) == (
        "boss@example.org", "release.withdraw", {"reason": f"Produced in error {SCRIPT}"})
    assert (restored.actor, restored.action, restored.target) == ("boss@example.org", "release.restore", RELEASE.slug)


@pytest.mark.parametrize(("who", "method", "path", "status"), [
    ("rd@example.org", "GET", f"/r/{RELEASE.slug}/context", 403),
    ("rd@example.org", "POST", f"/r/{RELEASE.slug}/context", 403),
    ("ed@example.org", "POST", f"/admin/releases/{RELEASE.slug}/withdraw", 403),
    ("ed@example.org", "POST", "/admin/releases/gone-release/restore", 403),
    ("ed@example.org", "GET", "/r/no-such-release/context", 404),
])
def test_each_change_needs_its_role(home, who, method, path, status):
    client = _client(home, who)
    before = len(_trail(home))
    response = client.open(path, method=method, data={"csrf_token": csrf(client, "/"), "reason": "x", "text": "x"})
    assert response.status_code == status
    assert len(_trail(home)) == before
