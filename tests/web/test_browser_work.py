"""Real browser, the site as `foia run` serves it: a reader selects a passage of an email and
notes it for her team, the email's text is corrected and the note stays on its words; she tags
every one of 200 search results at once and filters by the tag (Debian's chromium driven by
Playwright); she saves a search and its feed gains an entry when an editor's upload matches."""

from __future__ import annotations

import re

import pytest

from archive import Archive, Release, ids
from archive.files import sha256_file
from archive.model import DocumentRecord

from .conftest import build_archive, email_record, make_pdf, page_record
from .serve import foia_run
from .test_accounts import PASSWORD, make_account
from .test_browser import CHROMIUM_ARGS, browser  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser
BUDGET = Release(slug="budget-release", title="Budget emails")
MANY = 200


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser-work")
    built = build_archive(root)
    texts = [f"From: Ann Poe <ann@dea.gov>\nSubject: Budget line {n}\n\nThe quarterly budget line {n}."
             for n in range(1, MANY + 1)]
    pdf = make_pdf(root / "budget.pdf", texts)
    record = DocumentRecord(
        sha256=sha256_file(pdf), filename="budget.pdf", size=pdf.stat().st_size, fingerprint="budget",
        pages=tuple(page_record(n, text) for n, text in enumerate(texts, start=1)),
        emails=tuple(email_record(n, n, subject=f"Budget line {n}", body=f"The quarterly budget line {n}.",
                                  bates_start=f"TEST-{n:06d}", bates_end=f"TEST-{n:06d}")
                     for n in range(1, MANY + 1)))
    two = ["From: Ann Poe <ann@dea.gov>\nSubject: Harbor survey\n\nThe harbor survey starts",
           "on Monday at the pier, weather permitting."]
    two_pdf = make_pdf(root / "two-pages.pdf", two)
    two_pages = DocumentRecord(
        sha256=sha256_file(two_pdf), filename="two-pages.pdf", size=two_pdf.stat().st_size, fingerprint="two",
        pages=tuple(page_record(n, text) for n, text in enumerate(two, start=1)),
        emails=(email_record(1, 2, subject="Harbor survey", body="The harbor survey starts\non Monday at the pier, "
                             "weather permitting.", bates_start="TEST-000001", bates_end="TEST-000002"),))
    with Archive.open(built.home) as archive:
        archive.save_release(BUDGET)
        archive.add_document(BUDGET.slug, record, pdf)
        archive.add_document(BUDGET.slug, two_pages, two_pdf)
    make_account(built.home, "alice@example.org", "reader")
    make_account(built.home, "ed@example.org", "editor")
    with Archive.open(built.home) as archive:
        archive.set_membership("matter-1", "alice@example.org", True, actor="cli:test")
    return built, ids.email_id(sha256_file(pdf), 1, 0)


@pytest.fixture(scope="module")
def site(world):
    with foia_run(world[0].home) as (_, port):
        yield f"http://127.0.0.1:{port}"


def _signed_in(launched, site, email: str, problems: list[str]):
    tab = launched.new_context(base_url=site).new_page()
    tab.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    tab.on("pageerror", lambda error: problems.append(str(error)))
    tab.goto("/signin")
    tab.fill("#email", email)
    tab.fill("#password", PASSWORD)
    tab.click("main button[type=submit]")
    tab.wait_for_url("**/")
    return tab


@pytest.fixture
def page(browser, site):  # noqa: F811 - the fixture
    problems: list[str] = []
    yield _signed_in(browser, site, "alice@example.org", problems)
    assert not problems, problems


SELECT = """([selector, words]) => {
  const text = document.querySelector(selector);
  const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(words);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + words.length);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      text.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
      return true;
    }
  }
  return false;
}"""


def test_a_note_on_a_selected_passage_survives_a_correction_of_the_email(page, world):
    built = world[0]
    page.goto(f"/e/{built.first}")
    assert page.evaluate(SELECT, [".email-text .body-text", "facial recognition pilot"])
    assert page.input_value("[data-note-quote]") == "facial recognition pilot"
    page.fill("#note-text", "Admits the pilot: cite in the motion.")
    page.select_option("#note-visibility", "team:matter-1")
    page.click("form.note-form button[type=submit]")
    page.wait_for_url("**#note-*")
    note = page.locator("li.note", has_text="cite in the motion")
    assert note.locator(".note-passage").inner_text() == "facial recognition pilot"
    assert note.locator(".badge").inner_text() == "Team matter-1"
    # a correction changes the text around the passage (what a person's correction of the OCR does)
    with Archive.open(built.home) as archive:
        body = archive.email(built.first).body
        archive.store.db.execute("update emails set body = ? where id = ?",
                                 ["Corrected opening line.\n" + body.replace("We should", "We must"), built.first])
        archive.store.db.conn.commit()
    page.reload()
    assert "We must discuss" in page.inner_text(".email-text .body-text")
    note = page.locator("li.note", has_text="cite in the motion")
    assert note.locator(".note-passage").get_attribute("data-found") == "yes"
    assert note.locator(".flag").count() == 0
    page.goto("/search?q=note%3Amotion")
    assert page.locator("ol.hits li.hit").count() == 1 and built.first in page.inner_html("ol.hits")


SELECT_ACROSS = """([selector, first, last]) => {
  const text = document.querySelector(selector);
  const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.data.indexOf(first) >= 0) { range.setStart(node, node.data.indexOf(first)); }
    if (node.data.indexOf(last) >= 0) { range.setEnd(node, node.data.indexOf(last) + last.length); }
  }
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  text.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
  return selection.toString();
}"""


def test_a_passage_selected_over_a_page_break_is_the_bodys_words_without_the_page_marker(page, world):
    """GIVEN an email printed over two pages, its text shown with the marker of the second page's
    Bates number between them WHEN words are selected from the end of one page to the start of
    the next and a note saved THEN the passage is the body's words, marker left out, and found
    in the email's text (it quoted the marker and was kept as a passage not found)."""
    with Archive.open(world[0].home, readonly=True) as archive:
        (email,) = [e for d in archive.documents() if d.filename == "two-pages.pdf"
                    for e in archive.emails_in_document(d.id)]
    page.goto(f"/e/{email.id}")
    selected = page.evaluate(SELECT_ACROSS, [".email-text .body-text", "survey starts", "on Monday"])
    assert "TEST-000002" in selected  # what the browser selected holds the marker
    assert page.input_value("[data-note-quote]") == "survey starts\non Monday"
    page.fill("#note-text", "When the survey starts.")
    page.click("form.note-form button[type=submit]")
    page.wait_for_url("**#note-*")
    note = page.locator("li.note", has_text="When the survey starts")
    assert note.locator(".note-passage").get_attribute("data-found") == "yes"


def test_bulk_tagging_200_results_then_filtering_by_the_tag(page, world):
    page.goto("/search?q=quarterly+budget")
    assert page.inner_text("#results-heading").startswith(f"{MANY} results")
    page.fill("#bulk-tag-name", "Budget review")
    page.select_option("#bulk-tag-team", "matter-1")
    page.click("form.bulk-tag button[type=submit]")
    page.wait_for_url("**tagged=*")
    assert f"Tagged {MANY} results" in page.inner_text("form.bulk-tag")
    facet = page.locator("section.facet", has=page.locator("h3", has_text="Tag"))
    assert "budget review" in facet.inner_text() and str(MANY) in facet.inner_text()
    facet.locator("a").first.click()
    page.wait_for_url(re.compile(r"[?&]tag="))
    assert page.inner_text("#results-heading").startswith(f"{MANY} results")
    page.goto("/search?q=tag%3A%22budget+review%22+AND+%22line+7%22")
    assert page.locator("ol.hits li.hit").count() == 1
    page.goto(f"/e/{world[1]}")
    assert "budget review" in page.inner_text("section.work .tags")


def test_an_exhibit_list_is_built_renumbered_and_exported_three_ways(page, world, tmp_path):
    import csv

    import docx
    import pypdfium2

    from archive.exhibit_pdf import stamp_area

    built, budget_first = world
    page.goto("/exhibits")
    page.fill("#exhibit-title", "Motion exhibits")
    page.select_option("#exhibit-team", "matter-1")
    page.click("form.exhibit-new button[type=submit]")
    page.wait_for_url(re.compile(r"/exhibits/[0-9a-f]+$"))
    for email_id in (budget_first, built.hostile, built.first):
        page.goto(f"/e/{email_id}")
        page.select_option("#exhibit-list", label="Motion exhibits")
        page.click("form.exhibit-add button[type=submit]")
        page.wait_for_url(re.compile(r"/exhibits/[0-9a-f]+$"))
    assert page.locator("tr[data-exhibit]").count() == 3
    page.click("button:has-text('Number by date sent')")
    page.wait_for_load_state()
    # the hostile email (Mar. 4, 2018) first, then Nov. 13, 2018 twice in the order they had
    assert [page.locator(f"tr[data-exhibit='{n}']").get_attribute("data-target") for n in (1, 2, 3)] == [
        f"e:{built.hostile}", f"e:{budget_first}", f"e:{built.first}"]
    page.fill("#to-3", "2")
    page.locator("tr[data-exhibit='3'] button:has-text('Renumber')").click()
    page.wait_for_load_state()
    assert page.locator("tr[data-exhibit='2']").get_attribute("data-target") == f"e:{built.first}"
    numbered = "([n, id]) => document.querySelector(`tr[data-exhibit='${n}']`).dataset.target.endsWith(id)"
    page.drag_and_drop("tr[data-exhibit='3']", "tr[data-exhibit='1']")  # the budget email to the top
    page.wait_for_function(numbered, arg=[1, budget_first])
    page.drag_and_drop("tr[data-exhibit='1']", "tr[data-exhibit='3']")  # and back to the end
    page.wait_for_function(numbered, arg=[3, budget_first])
    assert [page.locator(f"tr[data-exhibit='{n}']").get_attribute("data-target") for n in (1, 2, 3)] == [
        f"e:{built.hostile}", f"e:{built.first}", f"e:{budget_first}"]

    files = {}
    for fmt, label in (("csv", "CSV"), ("docx", "Word table"), ("pdf", "Stamped PDF")):
        with page.expect_download() as download:
            page.click(f"p.exports a:has-text('{label}')")
        files[fmt] = tmp_path / download.value.suggested_filename
        download.value.save_as(files[fmt])
        assert files[fmt].name.startswith("exhibits_motion-exhibits_") and files[fmt].suffix == f".{fmt}"
    rows = list(csv.DictReader(files["csv"].read_text(encoding="utf-8-sig").splitlines()))
    assert [(r["exhibit"], r["bates"]) for r in rows] == [("1", "TEST-000003"), ("2", "TEST-000001"),
                                                         ("3", "TEST-000001")]
    assert rows[1]["permalink"].endswith(f"/e/{built.first}") and rows[1]["citation"].endswith(rows[1]["permalink"])
    table = docx.Document(str(files["docx"])).tables[0]
    assert [row.cells[1].text for row in table.rows[1:]] == [r["citation"] for r in rows]
    pdf = pypdfium2.PdfDocument(str(files["pdf"]))
    stamps = []
    for index in range(len(pdf)):
        width, height = pdf[index].get_size()
        stamps.append(" ".join(pdf[index].get_textpage().get_text_bounded(*stamp_area(width, height)).split()))
    pdf.close()
    assert stamps == ["EXHIBIT 1 TEST-000003", "EXHIBIT 2 TEST-000001", "EXHIBIT 3 TEST-000001"]


def test_a_saved_search_feed_gains_an_entry_after_a_batch_that_matches(page, browser, site, world, tmp_path):  # noqa: F811
    import xml.etree.ElementTree as ET

    from .test_upload import EMAIL_PAGE

    atom = "{http://www.w3.org/2005/Atom}"
    page.goto("/search?q=quokka")
    assert page.inner_text("#results-heading").startswith("0 results") or "Nothing matched" in page.inner_text("main")
    page.fill("#save-search-name", "Quokka watch")
    page.click("form.save-search button[type=submit]")
    page.wait_for_url(re.compile(r"/searches/[0-9a-f]+$"))
    feed_url = page.get_attribute("a.feed-url", "href")
    entries = ET.fromstring(page.request.get(feed_url).body()).findall(f"{atom}entry")
    assert entries == []

    problems: list[str] = []
    editor = _signed_in(browser, site, "ed@example.org", problems)
    editor.goto("/upload")
    editor.select_option("#release", "test-release")
    editor.set_input_files("#files", str(make_pdf(tmp_path / "quokka.pdf", [EMAIL_PAGE])))
    editor.click("main button[type=submit]:has-text('Upload and queue')")
    editor.wait_for_url("**/batches/*")
    editor.wait_for_selector("[data-batch-status][data-finished=yes]", timeout=300_000)
    assert not problems, problems

    feed = ET.fromstring(page.request.get(feed_url).body())
    assert [e.findtext(f"{atom}title") for e in feed.findall(f"{atom}entry")] == ["Quokka survey results"]
    page.goto("/")
    assert page.locator("section.alerts-summary [data-unseen='1']").count() == 1
    page.click("section.alerts-summary a:has-text('Quokka watch')")
    assert "Quokka survey results" in page.inner_text("ol.alerts")
