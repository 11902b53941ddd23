"""Real-browser tests: Debian's chromium, driven by Playwright, against the ingested samples.

The site is served by `foia run` (gunicorn) on a free loopback port.
Screenshots of the search page and an email page go to test-artifacts/.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from archive.cite import last_visited

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
    # (the citation shown ends with the day it was read, after the permalink: Bluebook R. 18.2.2)
    assert citation.endswith(f"{target} {last_visited(datetime.now(UTC).astimezone().date())}")  # (the browser's day)
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


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])  # UTC+14, UTC-11
def test_a_citation_is_last_visited_on_the_readers_own_day(browser, site, zone):
    """GIVEN readers fourteen hours ahead of UTC and eleven behind (at any hour one of them is on
    another day than UTC) WHEN they open an email THEN its citation's "(last visited …)" is their
    own day (was: the server's UTC day, a day off in the evening in New York); without JavaScript
    the server's day stands."""
    from zoneinfo import ZoneInfo

    context = browser.new_context(base_url=site, timezone_id=zone)
    tab = context.new_page()
    tab.goto(f"/search?q={QUERY}")
    tab.locator(".hit a").first.click()
    tab.wait_for_load_state()
    visited = tab.locator("#email-citation [data-visited]").inner_text()
    context.close()
    assert visited == last_visited(datetime.now(ZoneInfo(zone)).date())


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
        page.get_by_role("link", name="Is the production complete?").click()
        assert page.locator(".production-summary").count() == 1
    page.goto("/r/dea-microsoft/production")
    assert "DEA-MSFT-000001" in page.locator(".production-summary").inner_text()
    assert page.locator(".letters td").first.inner_text() == "96"  # "DEA located 96 pages of responsive records."
    page.goto("/r/dea-microsoft")
    page.get_by_role("link", name="Redaction log").click()
    assert page.locator(".redaction-log tbody tr").count() > 100
    assert "(b)(6)" in page.locator(".totals").first.inner_text()
    page.goto("/search?q=%22unclosed")
    assert page.locator(".notice").count() >= 1
    assert page.problems == []


def test_a_quoted_sentence_can_be_pinned_to_its_bates_page(page):
    """GIVEN an email printed over two Bates pages WHEN a reader looks at its text THEN a marker
    shows where DEA-MSFT-000004 begins, and following it shows that page's image."""
    page.goto("/bates/DEA-MSFT-000004")
    marker = page.locator(".body-text a.pin", has_text="DEA-MSFT-000004 (p. 4)")
    assert marker.is_visible()
    assert marker.inner_text() == "\u2014 DEA-MSFT-000004 (p. 4) \u2014"
    text = page.locator(".body-text").inner_text()
    assert text.index("DEA-MSFT-000003 (p. 3)") < text.index("DEA-MSFT-000004 (p. 4)")
    page.evaluate("window.scrollTo(0, 0)")
    marker.click()
    assert page.url.endswith("#p4")
    in_view = ("(() => { const r = document.getElementById('p4').getBoundingClientRect();"
               " return r.top >= -1 && r.top < window.innerHeight; })()")
    page.wait_for_function(in_view, timeout=5_000)  # a fragment's scroll may land a frame after the URL
    page.wait_for_load_state("networkidle")  # the lazy images above it have loaded: it must not move
    assert page.evaluate(in_view)
    assert page.problems == []


def test_a_permalink_with_an_unusable_q_still_shows_the_email(page):
    """GIVEN a shared link whose q is longer than a search may be WHEN a reader opens it
    THEN they read the email, without highlights, and a note says why."""
    page.goto("/bates/DEA-MSFT-000004")
    permalink = page.url.split("#")[0]
    response = page.goto(permalink + "?q=" + "recognition+" * 200)
    assert response is not None and response.status == 200
    assert page.locator("h1#email-subject").is_visible()
    assert page.locator(".notice", has_text="could not be used").is_visible()
    assert page.locator("article.email mark").count() == 0
    assert page.locator("#email-citation").is_visible()
def test_back_to_results_returns_to_the_same_search(page):
    """GIVEN a filter-only search sorted by date, on its second page of five
    WHEN a reader opens a hit, steps to the next email and to a page view
    THEN "Back to results" leads to that very search, every parameter kept."""
    from urllib.parse import parse_qs, urlsplit

    search = "/search?release=dea-microsoft&sort=date&size=5&page=2"
    page.goto(search)
    expected = parse_qs(urlsplit(page.url).query)
    page.locator(".hit-title a").first.click()
    page.wait_for_load_state()
    back = page.get_by_role("link", name="Back to results")
    assert back.is_visible()
    page.locator("a[data-nav=next]").first.click()  # the state survives moving on
    page.wait_for_load_state()
    page.locator(".figure-links a", has_text="Page view").first.click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Back to results").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/search" and parse_qs(urlsplit(page.url).query) == expected
    assert "page 2 of" in page.locator("#results-heading").inner_text()
    assert page.problems == []


def _font_px(locator) -> float:
    return locator.evaluate("el => el.getBoundingClientRect().height")


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}])
def test_a_page_image_zooms_to_a_sharp_rendering_and_pans(browser, site, viewport):
    """GIVEN the page view of a scanned page, on a desktop and on a phone
    WHEN the reader clicks the page image
    THEN the sharp rendering is shown more than twice as wide as the fitted image
    in a box that scrolls, and a second click fits it again."""
    context = browser.new_context(base_url=site, viewport=viewport, device_scale_factor=2,
                                  is_mobile=viewport["width"] < 500, has_touch=viewport["width"] < 500)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    try:
        tab.goto("/r/dea-microsoft")
        tab.locator(".documents a").first.click()
        tab.wait_for_load_state()
        image = tab.locator(".page-figure img")
        tab.wait_for_function("i => i.complete && i.naturalWidth > 0", arg=image.element_handle())
        # a HiDPI screen gets the sharp rendering, not the reading one upscaled
        assert "dpi=" in image.evaluate("i => i.currentSrc")
        fitted = image.bounding_box()["width"]
        page_width = tab.evaluate("document.documentElement.clientWidth")
        share = 0.55 if viewport["width"] > 900 else 0.85  # beside the text on a desktop, above it on a phone
        assert fitted >= share * min(page_width, 1200) - 40, "the page image is squeezed beside its text"
        (tab.locator("[data-zoom-toggle]") if viewport["width"] < 500 else image).click()
        tab.wait_for_function("() => { const i = document.querySelector('.page-zoom.zoomed img');"
                              " return i && i.complete && i.naturalWidth > 0 && i.src.includes('dpi='); }")
        zoomed = image.bounding_box()["width"]
        assert zoomed > 2 * fitted, (fitted, zoomed)
        box = tab.locator(".page-zoom")
        assert box.evaluate("b => b.scrollWidth > b.clientWidth")
        assert tab.evaluate("document.documentElement.scrollWidth") <= page_width + 1, "the page scrolls sideways"
        if viewport["width"] > 500:  # drag to pan
            before = box.evaluate("b => b.scrollLeft")
            middle = box.bounding_box()
            tab.mouse.move(middle["x"] + middle["width"] / 2, middle["y"] + 200)
            tab.mouse.down()
            tab.mouse.move(middle["x"] + middle["width"] / 2 - 150, middle["y"] + 200, steps=5)
            tab.mouse.up()
            assert box.evaluate("b => b.scrollLeft") > before
            assert tab.locator(".page-zoom.zoomed").count() == 1, "a drag is not a click"
        tab.locator("[data-zoom-toggle]").click()
        assert tab.locator(".page-zoom.zoomed").count() == 0
        assert abs(image.bounding_box()["width"] - fitted) < 2
        assert problems == []
    finally:
        context.close()


def test_facets_stay_reachable_on_a_desktop_and_come_first_on_a_phone(browser, site):
    desktop = browser.new_context(base_url=site, viewport={"width": 1280, "height": 700})
    tab = desktop.new_page()
    try:
        tab.goto(f"/search?q={QUERY}")
        tab.evaluate("window.scrollTo(0, document.body.scrollHeight / 2)")
        facets = tab.locator(".facets")
        box = facets.bounding_box()
        assert box["y"] + box["height"] <= 700 + 1 or facets.evaluate("f => f.scrollHeight > f.clientHeight"), \
            "the sticky facet column runs off the bottom of the window"
        assert facets.evaluate("f => getComputedStyle(f).overflowY") in ("auto", "scroll")
    finally:
        desktop.close()
    phone = browser.new_context(base_url=site, viewport={"width": 390, "height": 844}, is_mobile=True)
    tab = phone.new_page()
    try:
        tab.goto(f"/search?q={QUERY}")
        facets, results = tab.locator(".facets"), tab.locator(".results")
        assert facets.bounding_box()["y"] < results.bounding_box()["y"], "facets sit below every result"
        assert results.bounding_box()["y"] < 844, "the results start on the first screen"
        tab.locator(".facets summary").click()
        lists = tab.locator(".facet ul")
        assert lists.first.is_visible()
        assert all(not ul.evaluate("u => u.scrollHeight > u.clientHeight + 1") for ul in lists.all()), \
            "a facet list is clipped in a box of its own"
    finally:
        phone.close()


def test_release_timeline_labels_are_readable(page):
    page.goto("/r/dea-microsoft")
    label = page.locator(".timeline svg text").first
    assert _font_px(label) >= 11
    facts = page.locator("#facts-heading").bounding_box()["y"]
    article = page.locator(".context-article")
    assert article.count() == 0 or facts < article.first.bounding_box()["y"]
    assert page.problems == []
