"""Citations carry the archive's public address, never one taken from the request.

A citation pasted into a brief must name the archive's real address. Outside
debug and testing the site needs FOIA_PUBLIC_URL (or FOIA_TRUSTED_HOSTS); a
forged Host or X-Forwarded-Host header never reaches a link.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from web import create_app
from web.cli import main

from .conftest import Built

EVIL = "evil.example"


def _production(built: Built, **config) -> object:
    return create_app({"ARCHIVE_HOME": str(built.home), **config})


def _absolute_links(text: str) -> set[str]:
    return set(re.findall(r"https?://[^\s\"'<>]+", text))


def _pages(built: Built) -> list[str]:
    return [f"/e/{built.first}", f"/d/{built.doc_id}/p/1", "/api", f"/api/emails/{built.first}",
            f"/api/documents/{built.doc_id}", f"/api/documents/{built.doc_id}/pages/1", "/api/releases",
            "/api/search?q=pilot", "/search/export.json?q=pilot", "/search/export.csv?q=pilot",
            "/api/bates/TEST-000001"]


@pytest.mark.parametrize("headers", [{"Host": EVIL}, {"X-Forwarded-Host": EVIL, "X-Forwarded-Proto": "http"}])
def test_every_absolute_link_uses_the_public_url(built, headers):
    """GIVEN FOIA_PUBLIC_URL WHEN a request carries a forged Host or X-Forwarded-Host THEN every
    citation, canonical link, export permalink and API URL names the public address."""
    client = _production(built, PUBLIC_URL="https://foia.example.org/").test_client()
    for path in _pages(built):
        response = client.get(path, headers=headers)
        assert response.status_code == 200, path
        links = _absolute_links(response.get_data(as_text=True))
        assert links, path
        assert {link for link in links if not link.startswith("https://foia.example.org/")} == set(), path


def test_without_a_public_url_the_site_refuses_to_build_links_from_the_request(built):
    """GIVEN neither FOIA_PUBLIC_URL nor FOIA_TRUSTED_HOSTS, outside debug and testing
    THEN pages answer 503 saying the site is not configured, and nothing names the request's host."""
    client = _production(built).test_client()
    response = client.get(f"/e/{built.first}", headers={"Host": EVIL})
    assert response.status_code == 503
    assert EVIL not in response.get_data(as_text=True)


def test_a_trusted_host_list_allows_links_from_the_host_and_rejects_others(built):
    client = _production(built, TRUSTED_HOSTS=["archive.example.org"]).test_client()
    good = client.get(f"/e/{built.first}", headers={"Host": "archive.example.org"})
    assert good.status_code == 200 and "http://archive.example.org/e/" in good.get_data(as_text=True)
    assert client.get(f"/e/{built.first}", headers={"Host": EVIL}).status_code == 400


def test_forwarded_headers_are_honoured_only_behind_a_configured_proxy(built):
    headers = {"X-Forwarded-Host": "archive.example.org", "X-Forwarded-Proto": "https",
               "Host": "10.0.0.5:8000"}
    trusted = ["archive.example.org", "10.0.0.5"]
    direct = _production(built, TRUSTED_HOSTS=trusted).test_client()
    assert "http://10.0.0.5:8000/e/" in direct.get(f"/e/{built.first}", headers=headers).get_data(as_text=True)
    proxied = _production(built, TRUSTED_HOSTS=trusted, PROXIES=1).test_client()
    html = proxied.get(f"/e/{built.first}", headers=headers).get_data(as_text=True)
    assert "https://archive.example.org/e/" in html


def test_a_client_s_forwarded_prefix_never_reaches_a_redirect(built):
    """GIVEN a site behind a proxy (which passes on headers it does not set) WHEN a client sends
    X-Forwarded-Prefix: //evil.example THEN the permalink and trailing-slash redirects stay on
    the site (each pointed at //evil.example/..., an open redirect a cache could keep)."""
    client = _production(built, PUBLIC_URL="https://foia.example.org", PROXIES=1).test_client()
    forged = {"X-Forwarded-Prefix": "//evil.example", "X-Forwarded-Proto": "https"}
    for path in (f"/e/{built.first.upper()}", "/search/", "/bates/TEST-000001"):
        response = client.get(path, headers=forged)
        assert response.status_code in (301, 302, 308), path
        location = response.headers["Location"]
        assert "evil" not in location and (location.startswith("/") and not location.startswith("//")
                                           or location.startswith("https://foia.example.org/")), location


def test_run_refuses_a_public_bind_without_a_public_url(built, monkeypatch):
    monkeypatch.delenv("FOIA_PUBLIC_URL", raising=False)
    monkeypatch.delenv("FOIA_TRUSTED_HOSTS", raising=False)
    monkeypatch.setenv("FOIA_ARCHIVE_HOME", str(built.home))
    from web import server

    monkeypatch.setattr(server, "serve", lambda *a, **k: pytest.fail("served without a public URL"))
    result = CliRunner().invoke(main, ["run", "--host", "0.0.0.0", "--port", "8080"])
    assert result.exit_code != 0
    assert "FOIA_PUBLIC_URL" in result.output


def test_run_help_explains_the_public_url():
    result = CliRunner().invoke(main, ["run", "--help"])
    assert "FOIA_PUBLIC_URL" in result.output and "FOIA_TRUSTED_HOSTS" in result.output
    assert "FOIA_PROXIES" in result.output


def test_loopback_serving_defaults_to_its_own_address():
    from web.urls import default_public_url

    assert default_public_url("127.0.0.1", 5000) == "http://127.0.0.1:5000"
    assert default_public_url("localhost", 8000) == "http://localhost:8000"
    assert default_public_url("::1", 8000) == "http://[::1]:8000"
    assert default_public_url("0.0.0.0", 5000) is None
    assert default_public_url("192.168.1.5", 5000) is None


def test_nginx_in_front_sets_every_forwarded_header_the_site_trusts(tmp_path):
    """`foia run --nginx` trusts one proxy's X-Forwarded-For, -Proto, -Host and -Port (ProxyFix):
    nginx sets each of them, so a client's own -Host or -Port never pass through it."""
    from web.proxy import nginx_config

    config = nginx_config(tmp_path, "127.0.0.1", 8080, body_mb=10, as_user=None)
    for header in ("X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port"):
        assert f"proxy_set_header {header} $" in config, header
