"""Real browser, the site as `foia run` serves it: an editor fixes a wrong sender, splits a
wrongly merged email, merges a wrongly split one and marks a memo as not an email; search,
the email page, the citation, an export and the API show the result, an old permalink
redirects, and the review queue is walked by keyboard (Debian's chromium driven by Playwright)."""

from __future__ import annotations

import csv
import io

import pytest

from archive import Archive
from tests.harbor import SPLIT_LINE, build_harbor

from .serve import foia_run
from .test_accounts import PASSWORD, make_account
from .test_browser import CHROMIUM_ARGS

pytestmark = pytest.mark.browser
EDITOR = "editor@example.org"


@pytest.fixture(scope="module")
def harbor(tmp_path_factory):
    home, _ = build_harbor(tmp_path_factory.mktemp("harbor"))
    make_account(home, EDITOR, "editor")
    with Archive.open(home, readonly=True) as archive:
        (document,) = archive.documents()
        emails = archive.emails_in_document(document.id)
    first, reply, permit = (e for e in emails if not e.quoted and e.start_page < 4)
    (quoted,) = (e for e in emails if e.quoted)
    (memo,) = (e for e in emails if e.start_page == 4)
    with foia_run(home) as (_, port):
        yield f"http://127.0.0.1:{port}", home, document, first, reply, permit, quoted, memo


def _watch(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def test_an_editor_corrects_a_release_and_every_reader_sees_it(chromium, harbor):
    from playwright.sync_api import sync_playwright

    site, home, document, first, reply, permit, quoted, memo = harbor
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_context(base_url=site).new_page()
        problems = _watch(page)
        anonymous = browser.new_context(base_url=site).new_page()
        assert anonymous.goto(f"/e/{first.id}").ok and "Check and correct" not in anonymous.inner_text("main")
        page.goto("/signin")
        page.fill("#email", EDITOR)
        page.fill("#password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url("**/")

        # a wrong sender, fixed from the keyboard: e opens the form
        page.goto(f"/e/{first.id}")
        page.keyboard.press("e")
        assert page.evaluate("document.activeElement.id") == "fix-sender"
        page.fill("#fix-sender", "Janet Roe <janet.roe@agency.gov>")
        page.click("button:has-text('Save corrections')")
        page.wait_for_url(f"**/e/{first.id}")
        note = page.inner_text("[data-person-set=sender]")
        assert "Set by editor@example.org" in note and "the machine read Jane Roe <jane.roe@agency.gov>" in note
        assert "Janet Roe" in page.inner_text(".meta-table") and "Janet Roe" in page.inner_text(".citation")

        # a wrongly merged email: split where the Permit Office's header begins
        page.goto(f"/e/{permit.id}")
        page.click("details[data-structure] summary")
        page.click(f"button.line-button[value='{SPLIT_LINE[0]}:{SPLIT_LINE[1]}']")
        page.wait_for_url(f"**/e/{quoted.id}")
        assert page.inner_text("h1") == "Permit 2018-114 approved"
        assert "quoted inside" not in page.inner_text("header.email-header")

        # a wrongly split one: the reply at the top of page 2 belongs to the email before
        page.goto(f"/e/{reply.id}")
        page.click("details[data-structure] summary")
        page.click("button[data-merge]")
        page.wait_for_url(f"**/e/{first.id}")
        assert "bring the tide tables" in page.inner_text(".email-text")

        # a memo printed with mail headers
        page.goto(f"/e/{memo.id}")
        page.click("details[data-structure] summary")
        page.select_option("#not-email-kind", "memo")
        page.click("button[data-not-email]")
        page.wait_for_url(f"**/d/{document.id}/p/4")
        assert "not part of an email (memo)" in page.inner_text("main")

        # an old permalink answers 302 to the email now covering its position, marked
        moved = page.request.get(f"/e/{reply.id}", max_redirects=0)
        assert moved.status == 302 and moved.headers["location"].endswith(f"/e/{first.id}?from={reply.id}")

        # search, an export and the API, as anyone reads them
        anonymous.goto('/search?q=from:"janet.roe@agency.gov"')
        assert anonymous.locator(f"main a[href^='/e/{first.id}']").count() >= 1
        anonymous.goto("/search?q=%22survey+notes%22")
        assert anonymous.locator(f"main a[href^='/e/{memo.id}']").count() == 0
        anonymous.goto("/search?q=%22permit+2018-114+is+approved%22")
        assert anonymous.locator(f"main a[href^='/e/{quoted.id}']").count() >= 1
        exported = anonymous.request.get("/search/export.csv?q=harbor")
        rows = {row["id"]: row for row in csv.DictReader(io.StringIO(exported.text().lstrip("\ufeff")))}
        assert rows[first.id]["sender"] == "Janet Roe" and reply.id not in rows
        api = anonymous.request.get(f"/api/emails/{first.id}").json()["data"]
        assert api["sender"]["name"] == "Janet Roe" and "Janet Roe" in api["citation"]
        sender = api["review"]["fields"]["sender"]
        assert sender["machine_reads"]["name"] == "Jane Roe" and sender["set_by"] is None  # editors' names: editors
        assert page.request.get(f"/api/emails/{first.id}").json()["data"]["review"]["fields"]["sender"][
            "set_by"] == EDITOR
        assert anonymous.request.post(f"/e/{first.id}/check", max_redirects=0).status in (302, 400, 403)

        # the review queue: j to the first email, Enter, c marks it checked and opens the next
        page.goto("/r/harbor")
        assert page.inner_text("[data-progress]").startswith("1 of 3")  # the corrected sender's email
        page.goto("/r/harbor/review")
        page.keyboard.press("j")
        page.keyboard.press("Enter")
        page.wait_for_url("**review=harbor")
        opened = page.url.split("/e/")[1].split("?")[0]
        page.keyboard.press("c")
        page.wait_for_url(lambda url: opened not in url)
        page.goto("/r/harbor")
        assert page.inner_text("[data-progress]").startswith("2 of 3")
        assert not problems, problems
        browser.close()
    with Archive.open(home, readonly=True) as archive:
        actions = [entry.action for entry in archive.audit_trail(limit=20)]
    assert {"correction.fields", "correction.split", "correction.merge", "correction.not-email",
            "correction.checked"} <= set(actions)
