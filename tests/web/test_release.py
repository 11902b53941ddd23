"""The release page with its context article, timeline and stats; `foia context add`; the JSON twin."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive import Archive
from web import create_app
from web.cli import main

from .conftest import PAYLOADS, SCRIPT, Built, build_archive


@pytest.fixture(scope="module")
def built(engine, tmp_path_factory):
    """The archive of tests/web/conftest.py, once per search engine."""
    return build_archive(tmp_path_factory.mktemp("web-archive"))

ARTICLE = f"""<html><head><title>DEA pilot story</title><script>track()</script></head><body>
<article><h1>Pilot story</h1>
<p>On November 13, 2018 a staff member wrote that “We should discuss the facial recognition pilot.”
A second reply said “Agreed, see below” and the agency also said “we have never used any face
recognition product at all”. {SCRIPT.replace('<', '&lt;')}</p>
<p>In March 2018 an <a href="javascript:alert(1)">odd</a> email arrived.</p>
</article></body></html>"""


@pytest.fixture(scope="module")
def with_context(tmp_path_factory: pytest.TempPathFactory) -> tuple[Built, Path]:
    root = tmp_path_factory.mktemp("release-context")
    built = build_archive(root)
    article = root / "story.html"
    article.write_text(ARTICLE)
    runner = CliRunner()
    args = ["--home", str(built.home), "context", "add", "test-release", str(article),
            "--outlet", "The Test Times", "--url", "https://news.example/story", "--published", "2020-06-02"]
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    assert "3 quotation(s), 1 linked to emails, 2 unmatched" in first.output
    again = runner.invoke(main, [*args[:-2], "--published", "2020-06-03"])  # same URL: an update
    assert again.exit_code == 0, again.output
    return built, article


@pytest.fixture
def client(with_context):
    built, _ = with_context
    app = create_app({"TESTING": True, "ARCHIVE_HOME": str(built.home), "PUBLIC_URL": "https://foia.test"})
    return app.test_client()


def test_readding_the_same_article_updates_it(client):
    contexts = client.get("/api/releases/test-release").get_json()["data"]["contexts"]
    assert len(contexts) == 1 and contexts[0]["published"] == "2020-06-03"
    assert contexts[0]["title"] == "Pilot story" and contexts[0]["outlet"] == "The Test Times"


def test_release_page_links_quotes_to_their_email_and_page(client, with_context):
    built, _ = with_context
    html = client.get("/r/test-release").get_data(as_text=True)
    link = re.search(r'<a class="quote-link" id="context-\w+-q1" href="([^"]+)"[^>]*>([^<]+)</a>', html)
    assert link and link.group(1) == f"/e/{built.first}#p1"
    assert link.group(2) == "We should discuss the facial recognition pilot."
    # too short to tell apart (and the reply's text): shown, not linked; a quote not in the records: unmatched
    assert html.count('class="quote-unmatched"') == 2
    assert "we have never used any face" in html and "not found in this release" in html
    assert "1 of 3 found in the records" in html


def test_article_text_is_escaped_and_cleaned(client):
    html = client.get("/r/test-release").get_data(as_text=True)
    assert SCRIPT not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "track()" not in html and 'href="javascript:' not in html
    assert 'href="https://news.example/story"' in html


def test_timeline_is_inline_svg_without_style_attributes_and_marks_mentioned_dates(client):
    html = client.get("/r/test-release").get_data(as_text=True)
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert "style=" not in svg and "<script" not in svg
    bars = re.findall(r'data-month="(\d{4}-\d\d)"', svg)
    assert bars[:9] == ["2018-03", "2018-04", "2018-05", "2018-06", "2018-07", "2018-08", "2018-09",
                        "2018-10", "2018-11"]  # every month from the first email to the last, empty ones too
    assert re.search(r'class="timeline-mark" data-month="2018-11"', svg)
    assert re.search(r'class="timeline-mark" data-month="2018-03"', svg)
    assert "November 13, 2018 (Pilot story)" in svg
    assert "/search?release=test-release&amp;month=2018-11" in svg
    assert "Content-Security-Policy" in client.get("/r/test-release").headers


def test_release_page_counts_exemptions_and_correspondents(client):
    html = client.get("/r/test-release").get_data(as_text=True)
    table = html[html.index('class="exemptions exemptions-used"'):]
    table = table[:table.index("</ul>")]
    assert re.search(r">\(b\)\(6\)</a> <strong>Personal privacy</strong> <span[^>]*>1 email, 1 page</span>", table)
    assert "Gov. Code 6254(f)" in table and "Not a federal FOIA exemption" in table
    assert "Senders</th><td>3 named" in html
    people = html[html.index('class="meta-table correspondents"'):]
    assert people.index("Jane Roe") < people.index("John Doe")


def test_email_page_says_which_article_quotes_it(client, with_context):
    built, _ = with_context
    html = client.get(f"/e/{built.first}").get_data(as_text=True)
    section = html[html.index('id="quoted-articles-heading"'):]
    assert "Pilot story" in section and "/r/test-release#context-" in section
    assert 'id="quoted-articles-heading"' not in client.get(f"/e/{built.reply}").get_data(as_text=True)


def test_json_twin_has_contexts_quotes_stats_and_mentioned_dates(client, with_context):
    built, _ = with_context
    data = client.get("/api/releases/test-release").get_json()["data"]
    quotes = data["contexts"][0]["quotes"]
    assert [(q["ordinal"], q["matched"]) for q in quotes] == [(1, True), (2, False), (3, False)]
    assert quotes[0]["email"] == built.first and quotes[0]["page"] == 1 and quotes[0]["method"] == "exact"
    assert quotes[0]["url"] == f"https://foia.test/e/{built.first}#p1"
    assert data["stats"]["senders"] == 3
    assert {x["code"] for x in data["exemptions"]} >= {"(b)(6)", "(b)(7)(C)"}
    assert data["correspondents"][0]["display"] == "Jane Roe"
    assert [d["value"] for d in data["mentioned_dates"]] == ["2018-11-13", "2018-03"]
    email = client.get(f"/api/emails/{built.first}").get_json()["data"]
    assert email["quoted_in_contexts"][0]["title"] == "Pilot story"


def test_context_add_refuses_an_unknown_release_and_a_bad_url(with_context, tmp_path):
    built, article = with_context
    runner = CliRunner()
    result = runner.invoke(main, ["--home", str(built.home), "context", "add", "no-such", str(article)])
    assert result.exit_code == 4 and "no release 'no-such'" in result.output  # NotFound's status
    result = runner.invoke(main, ["--home", str(built.home), "context", "add", "test-release", str(article),
                                  "--url", "javascript:alert(1)"])
    assert result.exit_code == 1 and "http(s)" in result.output


def test_the_release_facts_come_before_the_article(client):
    html = client.get("/r/test-release").get_data(as_text=True)
    assert 'id="facts-heading"' in html and "context-article" in html
    assert html.index('id="facts-heading"') < html.index("context-article")
    assert html.index('id="months-heading"') < html.index("context-article")


def test_the_timeline_is_drawn_at_its_own_size_not_shrunk_to_fit(client):
    """A shrunken chart made its 11-unit labels 7 px on screen: it now keeps its size and scrolls."""
    html = client.get("/r/test-release").get_data(as_text=True)
    svg = re.search(r'<svg [^>]*viewBox="0 0 (\d+) (\d+)"[^>]*>', html)
    assert f'width="{svg.group(1)}"' in svg.group(0) and 'font-size="13"' in svg.group(0)
    assert 'class="timeline-scroll"' in html


def test_the_production_check_lists_the_stamps_and_is_linked_from_the_release(client):
    """GIVEN the test release, pages stamped TEST-000001..4 WHEN its production check is read
    THEN the sequence, no gap, and the same figures as JSON."""
    assert "/r/test-release/production" in client.get("/r/test-release").get_data(as_text=True)
    page = client.get("/r/test-release/production")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "TEST-000001</span> to <span class=\"bates\">TEST-000004" in html
    data = client.get("/api/releases/test-release/production").get_json()["data"]
    assert (data["pages"], data["gaps"], data["missing"], data["duplicates"]) == (4, 0, 0, 0)
    assert data["sequences"][0]["prefix"] == "TEST-"
    assert client.get("/r/no-such-release/production").status_code == 404


def test_the_redaction_log_lists_each_withholding_escaped_with_totals_and_csv(client, with_context):
    """GIVEN the test release: "To: (b)(6)" on page 3 in an email whose every field is hostile,
    the cover letter on page 4 WHEN its redaction log is read THEN one row (the header field, its
    page, Bates, line and email), hostile text escaped, the letter left out; CSV and JSON agree."""
    built, _ = with_context
    html = client.get("/r/test-release/redactions").get_data(as_text=True)
    assert "/r/test-release/redactions" in client.get("/r/test-release").get_data(as_text=True)
    for payload in PAYLOADS:
        assert payload not in html
    data = client.get("/api/releases/test-release/redactions").get_json()["data"]
    (row,) = data["rows"]
    assert (row["page"], row["bates"], row["line"], row["where"], row["codes"], row["context"]) == (
        3, "TEST-000003", 2, "To", ["(b)(6)"], "To: (b)(6)")
    assert row["email"] == built.hostile and row["permalink"] == f"https://foia.test/e/{built.hostile}"
    assert data["totals"]["by_exemption"] == {"(b)(6)": 1}
    assert data["copies_disagree"] == [] and "No two copies of a message here disagree" in html
    csv_text = client.get("/r/test-release/redactions.csv").get_data(as_text=True)
    header, line = csv_text.lstrip("\ufeff").splitlines()[:2]
    assert header == "document,page,bates,line,where,codes,context,email,permalink,correspondent"
    assert line.startswith("part1") and ",3,TEST-000003,2,To,(b)(6),To: (b)(6)," in line
    assert "\n=" not in csv_text and ",=" not in csv_text  # a formula-looking cell is neutralised


def test_an_agencys_exemption_use_across_its_releases(client):
    """GIVEN the test release (one agency, emails withholding under (b)(6) and (b)(7)(C)) WHEN
    the agency's exemption use is read THEN each code with its emails and share, as JSON too."""
    assert "/r/test-release/exemptions" in client.get("/r/test-release").get_data(as_text=True)
    page = client.get("/r/test-release/exemptions")
    assert page.status_code == 200 and "Drug Enforcement Administration" in page.get_data(as_text=True)
    data = client.get("/api/releases/test-release/exemptions").get_json()["data"]
    assert data["agency"] == "Drug Enforcement Administration"
    (row,) = data["releases"]
    assert row["release"] == "test-release" and row["emails"] >= 2
    assert row["codes"]["(b)(6)"]["emails"] >= 1
    assert 0 < row["codes"]["(b)(6)"]["share"] <= 1
    assert set(data["codes"]) == set(row["codes"])


def test_pages_a_producers_ocr_layer_read_count_as_scanned(tmp_path):
    """GIVEN a release whose pages are scans the agency ran its own OCR over (a text layer, the
    State Department's) WHEN its page is read THEN they count as scanned, with how many were read
    by OCR here, and their search hits carry the scan's mark (the page said "342 pages, 0
    scanned": text a reader would take as reliable)."""
    built = build_archive(tmp_path)
    with Archive.open(built.home) as archive, archive.store.db.conn:
        archive.store.db.execute("update pages set scanned = 1 where number in (1, 3, 4) and document_id = ?",
                                 [built.doc_id])
    client = create_app({"TESTING": True, "ARCHIVE_HOME": str(built.home), "PUBLIC_URL": "https://foia.test"}).test_client()
    assert "(4 pages, 3 scanned, 1 of them read by OCR here)" in client.get("/r/test-release").get_data(as_text=True)
    stats = client.get("/api/releases/test-release").get_json()["data"]["stats"]
    assert (stats["scanned_pages"], stats["ocr_pages"]) == (3, 1)
    for query, href in (("pilot", f'href="/e/{built.first}'), ("responds", f'href="/d/{built.doc_id}/p/4')):
        hits = client.get("/search", query_string={"q": query}).get_data(as_text=True)
        hit = hits[hits.index(href):]
        assert 'Scanned · OCR' in hit[:hit.index("</li>")], query  # an email's hit, and a page's
