"""Real-browser tests: Debian's chromium, driven by Playwright, against the ingested samples.

The site is served by `foia run` (gunicorn) on a free loopback port.
Screenshots of the search page and an email page go to test-artifacts/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .serve import foia_run

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
QUERY = "transcription"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(samples_archive: Path):
    with foia_run(samples_archive) as (_, port):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def browser(chromium: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, site):
    context = browser.new_context(base_url=site, viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda message: problems.append(f"console {message.type}: {message.text}")
           if message.type in ("error", "warning") else None)
    tab.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    tab.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    tab.problems = problems
    yield tab
    context.close()


def test_search_filter_open_highlight_cite_and_follow_the_permalink(page, site):
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"/search?q={QUERY}")
    heading = page.locator("#results-heading")
    total = int(heading.inner_text().split()[0].replace(",", ""))
    assert total > 0
    assert page.locator(".hit .snippet mark").count() > 0
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)

    # filter by a facet: the URL carries the filter and the count can only shrink
    facet = page.locator(".facet").filter(has_text="From").locator("a").first
    facet.click()
    page.wait_for_load_state()
    assert "sender=" in page.url
    assert page.locator(".chip").count() == 1
    filtered = int(page.locator("#results-heading").inner_text().split()[0].replace(",", ""))
    assert 0 < filtered <= total

    # open a hit: the search terms stay highlighted on the email page
    page.locator(".hit-title a").first.click()
    page.wait_for_load_state()
    assert "/e/" in page.url and f"q={QUERY}" in page.url
    assert page.locator("article.email mark").count() > 0
    assert page.locator(".search-context").is_visible()

    # the page image loads
    image = page.locator(".page-figure img").first
    image.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    page.locator(".page-figure").first.scroll_into_view_if_needed()
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / "email.png"), full_page=True)

    # copy the citation
    citation = page.locator("#email-citation").inner_text()
    assert citation.startswith(("Email from", "Meeting invitation from")) and "/e/" in citation
    page.get_by_role("button", name="Copy citation").click()
    page.locator(".cite .copy-status").filter(has_text="Copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == citation

    # follow the permalink: the same email, without the search state
    permalink = page.locator("#email-permalink")
    target = permalink.get_attribute("href")
    assert citation.endswith(target)
    subject = page.locator("h1").inner_text()
    permalink.click()
    page.wait_for_load_state()
    assert page.url == target and page.locator("h1").inner_text() == subject

    # the page view shows the image and a page citation with the Bates number
    page.locator(".figure-links a", has_text="Page view").first.click()
    page.wait_for_load_state()
    assert "/d/" in page.url
    page.wait_for_function("() => { const i = document.querySelector('.page-figure img');"
                           " return i && i.complete && i.naturalWidth > 0; }")
    assert "DEA-MSFT-" in page.locator("#page-citation").inner_text() or \
        "p." in page.locator("#page-citation").inner_text()
    assert page.problems == []


def test_keyboard_navigation_moves_between_results(page):
    page.goto(f"/search?q={QUERY}")
    page.keyboard.press("j")
    first = page.evaluate("document.activeElement.closest('.hit') !== null")
    page.keyboard.press("j")
    assert first and page.evaluate(
        "Array.from(document.querySelectorAll('.hit')).indexOf(document.activeElement.closest('.hit'))") == 1
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    assert page.problems == []


def test_works_without_javascript_and_on_a_phone(browser, site):
    context = browser.new_context(base_url=site, java_script_enabled=False,
                                  viewport={"width": 390, "height": 844}, is_mobile=True)
    tab = context.new_page()
    try:
        tab.goto("/")
        tab.fill("#home-q", QUERY)
        tab.press("#home-q", "Enter")
        tab.wait_for_load_state()
        assert "/search?q=" in tab.url and tab.locator(".hit").count() > 0
        tab.locator(".hit-title a").first.click()
        tab.wait_for_load_state()
        assert tab.locator("#email-citation").is_visible()
        assert tab.locator("button[data-copy]").first.is_hidden()  # no dead buttons without JS
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"page scrolls sideways on a phone ({width}px)"
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / "email-phone.png"), full_page=True)
    finally:
        context.close()


def test_every_release_and_the_home_page_render_without_errors(page, site):
    page.goto("/")
    links = [a.get_attribute("href") for a in page.locator(".release-card h3 a").all()]
    assert len(links) >= 2
    for link in links:
        page.goto(link)
        assert page.locator(".months li").count() > 0
    page.goto("/search?q=%22unclosed")
    assert page.locator(".notice").count() >= 1
    assert page.problems == []
