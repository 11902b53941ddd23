"""Single sign-on with OpenID Connect against a real provider served on loopback (tests/web/
oidc_provider.py, Authlib's server components, RS256 ID tokens): the whole code flow with its
state and nonce, an address mapped to an existing account, and every way a provider's answer
can be wrong refused and audited."""

from __future__ import annotations

import dataclasses
import html
import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest
import requests

from archive import Archive
from web import create_app

from .conftest import build_archive
from .oidc_provider import CLIENT_ID, CLIENT_SECRET, Misbehaviour, Person, Provider, serving
from .test_accounts import make_account

CALLBACK = "https://foia.test/signin/sso/callback"
ED = Person(sub="u-1001", email="Ed@Example.org")


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    built = build_archive(tmp_path_factory.mktemp("sso"))
    make_account(built.home, "ed@example.org", "editor", password=None)  # no password: SSO only
    make_account(built.home, "off@example.org", "editor")
    with Archive.open(built.home) as archive:
        archive.set_active("off@example.org", False, actor="cli:test")
    return built.home


@pytest.fixture(scope="module")
def provider():
    with serving(Provider(redirect_uris=[CALLBACK])) as running:
        yield running


@pytest.fixture(autouse=True)
def behaving(provider):
    provider.wrong = Misbehaviour()
    yield
    provider.wrong = Misbehaviour()


def _client(home, provider, **config):
    app = create_app({"TESTING": True, "ARCHIVE_HOME": str(home), "PUBLIC_URL": "https://foia.test",
                      "OIDC_ISSUER": provider.issuer, "OIDC_CLIENT_ID": CLIENT_ID,
                      "OIDC_CLIENT_SECRET": CLIENT_SECRET, "OIDC_NAME": "Example SSO", **config})
    return app.test_client()


def _to_provider(client, next_path: str = "/upload") -> str:
    """Follow "Sign in with …" on the sign-in page: the provider's authorization URL the site
    redirects to."""
    page = client.get(f"/signin?next={quote(next_path)}").get_data(as_text=True)
    link = re.search(r'<a class="button button-secondary" href="([^"]+)">Sign in with Example SSO</a>', page)
    assert link and link.group(1).startswith("/signin/sso?next="), page
    response = client.get(html.unescape(link.group(1)))
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def _at_provider(location: str) -> str:
    """What the browser does at the provider (a real HTTP request): the path on this site it is
    sent back to (the test client keeps its cookies for its own host, not foia.test)."""
    answer = requests.get(location, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    back = answer.headers["Location"]
    assert back.startswith(CALLBACK + "?"), back
    return urlsplit(back)._replace(scheme="", netloc="").geturl()


def _sign_in(client, provider, person: Person | None, next_path: str = "/upload"):
    provider.person = person
    return client.get(_at_provider(_to_provider(client, next_path)))


def _trail(home, limit=1):
    with Archive.open(home, readonly=True) as archive:
        return archive.audit_trail(limit=limit)


def test_the_code_flow_signs_in_the_account_with_the_verified_address(home, provider):
    client = _client(home, provider)
    location = _to_provider(client, "/search?q=pilot")
    query = parse_qs(urlsplit(location).query)
    assert location.startswith(f"{provider.issuer}/authorize?")
    assert query["client_id"] == [CLIENT_ID] and query["redirect_uri"] == [CALLBACK]
    assert query["response_type"] == ["code"] and "openid" in query["scope"][0].split()
    assert len(query["state"][0]) >= 20 and len(query["nonce"][0]) >= 20
    provider.person = ED
    back = _at_provider(location)
    response = client.get(back)
    assert response.status_code == 302 and response.headers["Location"] == "/search?q=pilot"
    assert client.get("/upload").status_code == 200  # signed in, as the editor
    entry = _trail(home)[0]
    assert (entry.actor, entry.action, entry.target) == ("ed@example.org", "signin.success", "ed@example.org")
    assert entry.details["via"] == "oidc" and entry.details["subject"] == "u-1001"
    assert entry.details["issuer"] == provider.issuer
    replayed = client.get(back)  # the same answer again: its state was spent
    assert replayed.status_code == 401 and "state" in replayed.get_data(as_text=True).lower()


def test_an_answer_meant_for_another_browser_or_state_is_refused(home, provider):
    provider.person = ED
    theirs = _at_provider(_to_provider(_client(home, provider)))
    mine = _client(home, provider)
    response = mine.get(theirs)  # a code for someone else's sign-in, sent to this browser
    assert response.status_code == 401 and "did not sign you in" in response.get_data(as_text=True)
    assert mine.get("/upload").status_code == 302
    ours = _client(home, provider)
    own = _at_provider(_to_provider(ours))
    forged = own.replace("state=", "state=x")
    assert ours.get(forged).status_code == 401
    assert ours.get("/upload").status_code == 302


@pytest.mark.parametrize(("wrong", "says"), [
    (Misbehaviour(nonce="a-nonce-the-site-never-sent"), "nonce"),
    (Misbehaviour(issuer="https://evil.example"), "iss"),
    (Misbehaviour(audience="another-client"), "claim"),  # Authlib names aud or azp
    (Misbehaviour(metadata_issuer="https://evil.example"), "not the one configured"),
])
def test_an_id_token_with_a_wrong_nonce_issuer_or_audience_is_refused(home, provider, wrong, says):
    client = _client(home, provider)
    provider.wrong = wrong
    provider.person = ED
    before = _trail(home)[0]
    if wrong.metadata_issuer:  # refused before the browser is sent anywhere
        response = client.get("/signin/sso?next=/upload")
    else:
        response = client.get(_at_provider(_to_provider(client)))
    page = response.get_data(as_text=True)
    assert response.status_code == 401 and says in page, page
    assert client.get("/upload").status_code == 302  # not signed in
    entry = _trail(home)[0]
    if wrong.metadata_issuer:
        assert entry == before  # starting (a GET) writes nothing
    else:
        assert (entry.actor, entry.action, entry.details["via"]) == ("anonymous", "signin.failure", "oidc")
        assert says in entry.details["why"]


@pytest.mark.parametrize(("person", "says"), [
    (Person(sub="u-2", email="stranger@example.org"), "no active account has the address"),
    (Person(sub="u-3", email="off@example.org"), "no active account has the address"),
    (dataclasses.replace(ED, email_verified=False), "does not vouch for an email address"),
    (None, "access_denied"),  # the person declined at the provider
])
def test_unknown_disabled_unverified_or_declined_identities_are_refused(home, provider, person, says):
    client = _client(home, provider)
    response = _sign_in(client, provider, person)
    assert response.status_code == 401 and says in response.get_data(as_text=True)
    assert client.get("/upload").status_code == 302
    assert _trail(home)[0].action == "signin.failure"
    with Archive.open(home, readonly=True) as archive:
        assert archive.account("stranger@example.org") is None


def test_an_admin_may_let_unknown_addresses_in_as_readers(home, provider):
    client = _client(home, provider, OIDC_CREATE_READERS=True)
    response = _sign_in(client, provider, Person(sub="u-9", email="new@example.org"), "/")
    assert response.status_code == 302
    assert client.get("/upload").status_code == 403  # a reader, not an editor
    with Archive.open(home, readonly=True) as archive:
        account = archive.account("new@example.org")
        created, signed_in = archive.audit_trail(limit=2)[::-1]
        problems = [p for p in archive.verify().problems if "account" in p]
    assert account.role == "reader" and not account.has_password
    assert (created.actor, created.action, created.details) == ("oidc", "user.add", {"role": "reader"})
    assert signed_in.action == "signin.success" and problems == []


def test_without_settings_there_is_no_single_sign_on(home):
    client = create_app({"TESTING": True, "ARCHIVE_HOME": str(home), "PUBLIC_URL": "https://foia.test"}).test_client()
    assert "Sign in with" not in client.get("/signin").get_data(as_text=True)
    assert client.get("/signin/sso").status_code == 404
    assert client.get("/signin/sso/callback?code=x&state=y").status_code == 404


def test_single_sign_on_opens_a_private_archive(home, provider):
    """The private archive's gate lets the sign-on and its callback through, and nothing else."""
    client = _client(home, provider, PRIVATE=True)
    assert client.get("/").status_code == 302
    response = _sign_in(client, provider, ED, "/search?q=pilot")
    assert response.status_code == 302 and response.headers["Location"] == "/search?q=pilot"
    assert client.get("/").status_code == 200


def test_an_unreachable_provider_is_said_plainly(home, provider):
    client = _client(home, provider, OIDC_ISSUER="http://127.0.0.1:9")  # nothing listens on the discard port
    before = len(_trail(home, 100_000))
    response = client.get("/signin/sso?next=/")
    assert response.status_code == 401 and "could not be reached" in response.get_data(as_text=True)
    assert len(_trail(home, 100_000)) == before  # a GET writes nothing


@pytest.mark.browser
def test_a_browser_signs_in_through_the_provider(chromium, home, provider):
    """Real Chromium, the site as `foia run` serves it: the button, the provider, back signed in."""
    from playwright.sync_api import sync_playwright

    from .serve import foia_run
    from .test_browser import CHROMIUM_ARGS

    environment = {"FOIA_OIDC_ISSUER": provider.issuer, "FOIA_OIDC_CLIENT_ID": CLIENT_ID,
                   "FOIA_OIDC_CLIENT_SECRET": CLIENT_SECRET, "FOIA_OIDC_NAME": "Example SSO"}
    with foia_run(home, environment=environment) as (_, port):
        site = f"http://127.0.0.1:{port}"
        provider.redirect_uris = [*provider.redirect_uris, f"{site}/signin/sso/callback"]
        provider.person = ED
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_context(base_url=site).new_page()
            page.goto("/upload")  # an editor's page: sent to sign in first
            page.click("main a:has-text('Sign in with Example SSO')")
            page.wait_for_url(f"{site}/upload")
            assert "ed@example.org" in page.inner_text(".account-nav")
            assert page.inner_text("h1") == "Upload records"
            browser.close()
