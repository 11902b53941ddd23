"""Real browser, private archive: the first admin sets a password from the one-time link, signs
in, reads, and signs out (Debian's chromium driven by Playwright, the site served by `foia run`)."""

from __future__ import annotations

import pytest

from archive import Archive

from .serve import foia_run
from .test_browser import CHROMIUM_ARGS

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def site(built):
    with foia_run(built.home, environment={"FOIA_PRIVATE": "true"}) as (_, port):
        yield f"http://127.0.0.1:{port}"


def test_set_password_sign_in_read_and_sign_out(chromium, built, site):
    from playwright.sync_api import sync_playwright

    with Archive.open(built.home) as archive:
        archive.add_account("first-admin@example.org", "admin", actor="cli:test")
        token = archive.password_link("first-admin@example.org", actor="cli:test")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_context(base_url=site).new_page()
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda error: problems.append(str(error)))

        page.goto(f"/e/{built.first}")  # private: the permalink waits behind sign-in
        assert "/signin?next=" in page.url and "Facial" not in page.content()

        page.goto(f"/account/password/{token}")
        page.fill("#password", PASSWORD)
        page.fill("#confirm", PASSWORD)
        page.click("button[type=submit]:has-text('Set password')")
        page.wait_for_url("**/signin")

        page.goto(f"/signin?next=/e/{built.first}")
        page.fill("#email", "first-admin@example.org")
        page.fill("#password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(f"**/e/{built.first}")
        assert "Facial recognition pilot" in page.inner_text("main")
        assert page.inner_text(".account-nav").startswith("first-admin@example.org")

        page.click(".account-nav a:has-text('Audit')")
        assert "signin.success" in page.inner_text("table.audit") and "private" in page.inner_text("main")

        page.click(".account-nav button:has-text('Sign out')")
        page.wait_for_url(f"{site}/signin?next=/")  # signed out, the private home sends to sign-in
        page.goto("/")
        assert "/signin" in page.url and "first-admin@example.org" not in page.content()
        assert not problems, problems
        browser.close()
