"""In Chromium (Playwright) against `foia run`: an email page's list of every copy, followed to a
copy in another release, and the search page's toggle between copies folded and every copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from .serve import foia_run
from .test_browser import CHROMIUM_ARGS
from .test_copies import Copies, build_copies

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Copies:
    return build_copies(tmp_path_factory.mktemp("browser-copies"))


def test_every_copy_is_listed_and_search_folds_them_until_asked(built: Copies, chromium: str) -> None:
    from playwright.sync_api import sync_playwright

    with foia_run(Path(built.home)) as (_, port), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(base_url=f"http://127.0.0.1:{port}")
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"/e/{built.message}")
        listed = page.locator("[data-copies]")
        assert listed.is_visible() and "every copy 3" in listed.inner_text().lower()
        rows = listed.locator("li")
        assert rows.count() == 2
        released = listed.locator(f'[data-copy="{built.reprint}"]')
        assert "also released in Re-release of 2021 at DEA-MSFT-000112" in " ".join(released.inner_text().split())
        released.locator(f'a[href="/e/{built.reprint}"]').click()
        page.wait_for_url(f"**/e/{built.reprint}")
        back = page.locator(f'[data-copies] [data-copy="{built.message}"]')
        assert "also released in First production at DEA-MSFT-000042" in " ".join(back.inner_text().split())

        page.goto("/search?q=revised+proposal")
        folded = int(page.locator("#results-heading").inner_text().split()[0])
        assert page.locator("[data-folded-copies]").count() == 1
        toggle = page.locator("[data-copies-toggle]")
        assert toggle.is_visible() and not toggle.is_checked()
        toggle.check()
        page.locator("form.search-form button[type=submit]").click()
        page.wait_for_url("**quoted=1**")
        every = int(page.locator("#results-heading").inner_text().split()[0])
        assert every == folded + 2 and page.locator("[data-copies-toggle]").is_checked()
        assert page.locator("[data-folded-copies]").count() == 0
        assert not errors, errors
        browser.close()


def test_an_editor_corrects_a_copy_as_a_person_corrected_another_in_one_click(tmp_path: Path, chromium: str) -> None:
    """In Chromium: GIVEN a person's correction of one copy's subject WHEN an editor opens
    another copy's page THEN "Every copy" says what that copy was corrected to and what this one
    reads; the button corrects it so, the page then titled with the subject as corrected, the notice
    gone; no script error."""
    from playwright.sync_api import sync_playwright

    from archive import Archive

    from .test_accounts import PASSWORD, make_account

    copies = build_copies(tmp_path)
    make_account(copies.home, "ed@example.org", "editor")
    with Archive.open(copies.home) as archive:
        archive.correct_fields(copies.quoted, {"subject": {"subject": "Transcription pilot, phase 2",
                                                           "normalized": "transcription pilot, phase 2"}},
                               actor="ed@example.org")
    with foia_run(Path(copies.home)) as (_, port), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(base_url=f"http://127.0.0.1:{port}")
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto("/signin")
        page.fill("#email", "ed@example.org")
        page.fill("#password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url("**/")
        page.goto(f"/e/{copies.message}")
        notice = page.locator('[data-copy-corrected="subject"]')
        assert "its subject to Transcription pilot, phase 2 (here read Transcription pilot)" in " ".join(
            notice.inner_text().split())  # (the <q> marks are drawn by the browser, not in the text)
        assert notice.locator("q").all_inner_texts() == ["Transcription pilot, phase 2", "Transcription pilot"]
        notice.locator("button:has-text('Correct this email the same way')").click()
        page.wait_for_url(f"**/e/{copies.message}**")
        assert page.locator("[data-copy-corrected]").count() == 0
        assert page.inner_text("h1").strip() == "Transcription pilot, phase 2"
        assert not errors, errors
        browser.close()
