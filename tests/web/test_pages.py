"""Every page of the site, through Flask's test client, against the hand-made hostile archive."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

import pytest

from archive import Archive
from web import create_app

from .conftest import ATTRIBUTE, IMAGE, PAYLOADS, SCRIPT, build_archive


@pytest.fixture(scope="module")
def built(engine, tmp_path_factory):
    """The archive of tests/web/conftest.py, once per search engine."""
    return build_archive(tmp_path_factory.mktemp("web-archive"))


def test_home_lists_releases_with_counts_and_escapes_them(client):
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Test &lt;b&gt;Release&lt;/b&gt;" in html
    assert "Drug Enforcement Administration" in html and "3</strong> emails" in html
    assert 'href="javascript:' not in html  # a release's source_url that is not http(s) is not linked
    assert "Withdrawn release" not in html


def test_release_page_has_stats_documents_and_months(client, built):
    html = client.get("/r/test-release").get_data(as_text=True)
    assert "March 2018" in html and "November 2018" in html
    assert f"/d/{built.doc_id}/p/1" in html and f"/d/{built.doc_id}.pdf" in html
    assert client.get("/r/gone-release").status_code == 410
    assert client.get("/r/no-such-release").status_code == 404


def test_email_page_has_metadata_citation_and_pages(client, built):
    response = client.get(f"/e/{built.first}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert ("Email from Jane Roe to John Doe (Nov. 13, 2018, 3:45 PM), in Test &lt;b&gt;Release&lt;/b&gt;, "
            "at TEST-000001 (Drug Enforcement Administration, produced June 1, 2020), "
            f"https://foia.test/e/{built.first}") in html
    assert "[redacted (b)(6)]" in html  # the redacted Cc
    assert "Personal privacy" in html  # (b)(6) explained
    assert 'id="p1"' in html and f"/d/{built.doc_id}/p/1.png" in html
    assert f"/d/{built.doc_id}.pdf#page=1" in html
    assert f'rel="next" data-nav="next" href="/e/{built.reply}"' in html
    assert f'<link rel="canonical" href="https://foia.test/e/{built.first}">' in html


def test_email_page_shows_thread_and_quotes(client, built):
    html = client.get(f"/e/{built.reply}").get_data(as_text=True)
    assert "Thread" in html and f"/e/{built.first}" in html
    assert f"/e/{built.quoted}" in html  # the copy it quotes
    quoted = client.get(f"/e/{built.quoted}").get_data(as_text=True)
    assert "This is a copy quoted inside" in quoted and f"/e/{built.reply}" in quoted


def test_uncertain_date_is_flagged_with_the_printed_form(client, built):
    html = client.get(f"/e/{built.hostile}").get_data(as_text=True)
    assert "ambiguous date" in html and "03/04/18" in html
    assert "Law enforcement: personal privacy" in html and "Not a federal FOIA exemption" in html


def test_search_terms_highlighted_when_arriving_from_a_search(client, built):
    html = client.get(f"/e/{built.first}?q=%22facial+recognition%22+pilot").get_data(as_text=True)
    # the words the index matched, as the snippets mark them: each word of the phrase
    assert "<mark>facial</mark> <mark>recognition</mark> <mark>pilot</mark>" in html
    assert "Back to results" in html
    plain = client.get(f"/e/{built.first}").get_data(as_text=True)
    assert "<mark>" not in plain


def test_highlighting_never_unescapes_hostile_text(client, built):
    html = client.get(f"/e/{built.hostile}?q=script+img+onerror+alert").get_data(as_text=True)
    assert "<mark>" in html
    for payload in PAYLOADS:
        assert payload not in html
    assert "<script>" not in html.replace('<script src="/static/site.js" defer></script>', "")


def test_retired_id_redirects_for_now_keeping_the_query_and_marking_the_old_id(client, built):
    """GIVEN an id a better split retired WHEN it is asked for THEN a 302 (a correction can be
    undone: never a 301 a browser keeps for ever) to the email covering its place, the query
    kept and ``from`` naming the link followed (its page says so)."""
    response = client.get(f"/e/{built.retired}?q=formula")
    assert response.status_code == 302 and response.headers["Cache-Control"] == "max-age=300"
    assert response.headers["Location"] == f"/e/{built.hostile}?q=formula&from={built.retired}"


def test_withdrawn_release_is_gone_with_the_reason(client, built):
    for url in (f"/e/{built.gone}", f"/d/{built.gone_doc}/p/1", f"/d/{built.gone_doc}.pdf",
                f"/api/emails/{built.gone}"):
        response = client.get(url)
        assert response.status_code == 410, url
        assert "released in error" in response.get_data(as_text=True)


def test_document_page_has_image_text_and_page_citation(client, built):
    html = client.get(f"/d/{built.doc_id}/p/4").get_data(as_text=True)
    assert "Test &lt;b&gt;Release&lt;/b&gt;, at TEST-000004 (Drug Enforcement Administration, produced June 1, 2020), https://foia.test/d/" in html
    assert "not part of an email" in html and "Cover letter" in html
    assert client.get(f"/d/{built.doc_id}").headers["Location"] == f"/d/{built.doc_id}/p/1"
    assert client.get(f"/d/{built.doc_id}/p/5").status_code == 404
    assert client.get(f"/d/{built.doc_id}/p/0").status_code == 404


def test_page_image_is_rendered_once_and_cached(client, built):
    with client.get(f"/d/{built.doc_id}/p/2.png") as response:
        assert response.status_code == 200 and response.mimetype == "image/png"
        assert response.data.startswith(b"\x89PNG")
    cached = list((built.home / "cache" / "pages").rglob("*-p2-110.png"))
    assert len(cached) == 1
    with client.get(f"/d/{built.doc_id}/p/2.png", headers={"If-None-Match": response.headers["ETag"]}) as again:
        assert again.status_code == 304


def test_pdf_is_served_byte_for_byte_with_ranges(client, built):
    original = built.pdf.read_bytes()
    with client.get(f"/d/{built.doc_id}.pdf") as response:
        assert response.status_code == 200 and response.data == original
        assert response.mimetype == "application/pdf"
        assert response.headers["Content-Disposition"].startswith("inline")
        assert response.headers["Content-Length"] == str(len(original))
        assert response.headers["Accept-Ranges"] == "bytes"
    with client.get(f"/d/{built.doc_id}.pdf", headers={"Range": "bytes=0-9"}) as part:
        assert part.status_code == 206 and part.data == original[:10]
    with client.get(f"/d/{built.doc_id}.pdf", headers={"If-None-Match": response.headers["ETag"]}) as cached:
        assert cached.status_code == 304


@pytest.mark.parametrize(("number", "target"), [
    ("TEST-000001", "/e/{first}#p1"), ("test-000002", "/e/{reply}#p2"), ("TEST-000004", "/d/{doc}/p/4"),
    ("TEST-2", "/e/{reply}#p2"), ("test 000004", "/d/{doc}/p/4"), ("TEST4", "/d/{doc}/p/4"),
])
def test_bates_lookup_redirects_to_the_email_or_the_page(client, built, number, target):
    response = client.get(f"/bates/{number}")
    assert response.status_code == 302
    assert response.headers["Location"] == target.format(first=built.first, reply=built.reply, doc=built.doc_id)


def test_bates_lookup_refuses_junk_and_reports_unknown(client):
    assert client.get("/bates/NOPE-1").status_code == 404
    beyond = client.get("/bates/TEST-000009")
    assert beyond.status_code == 404
    assert "the nearest stamped pages are TEST-000004 before it" in beyond.get_data(as_text=True)
    api = client.get("/api/bates/test-2").get_json()["data"]
    assert api["bates"] == "TEST-000002" and api["page"] == 2
    assert client.get("/bates/" + "A" * 65).status_code == 400
    assert client.get("/bates/%3Cscript%3E").status_code == 400


def test_search_page_highlights_snippets_and_links_with_the_query(client, built):
    response = client.get("/search?q=pilot")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 results" in html
    assert f'href="/e/{built.first}?q=pilot"' in html
    assert re.search(r"<mark>pilot</mark>", html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the body's payload, as text
    assert "Export all" in html and "/search/export.csv?q=pilot" in html


def test_search_facets_are_filter_links_with_counts(client):
    html = client.get("/search?q=pilot").get_data(as_text=True)
    assert 'href="/search?q=pilot&amp;sender=' in html
    filtered = client.get("/search?q=pilot&month=2018-11&exemption=(b)(6)").get_data(as_text=True)
    assert "1 result" in filtered and 'aria-current="true"' in filtered
    assert "Clear all" in filtered


def test_search_shows_what_it_did_not_understand(client):
    html = client.get('/search?q=%22never+closed').get_data(as_text=True)
    assert "never closed" in html


def test_search_page_shows_scanned_marker_and_pagination(client):
    html = client.get("/search?q=formula").get_data(as_text=True)
    assert "Scanned · OCR" in html
    paged = client.get("/search?q=recognition+OR+formula+OR+pilot&size=1&page=2").get_data(as_text=True)
    assert 'rel="prev"' in paged and 'aria-current="page"' in paged


def test_empty_search_offers_the_releases_and_syntax_help(client):
    html = client.get("/search").get_data(as_text=True)
    assert "Search syntax" in html and "/search?release=test-release" in html


def test_csv_export_neutralises_formulas(client):
    response = client.get("/search/export.csv?q=formula+OR+pilot")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert "https://foia.test/e/" in text
    for line in text.splitlines()[1:]:
        for cell in line.split(","):
            assert not cell.lstrip('"').startswith(("=", "+", "-", "@")), line
    assert ATTRIBUTE not in text or "'\"" in text or '""' in text


def test_csv_export_opens_in_excel_and_says_what_it_holds(client):
    """GIVEN a search exported as CSV WHEN Excel opens it THEN a byte-order mark makes it read
    UTF-8 (an en dash, not "â€“"), the columns are named even when nothing matched, and the file
    name says which search it holds and when it was made."""
    response = client.get("/search/export.csv?q=pilot&release=test-release")
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbfid,permalink,date,sender,recipients,subject,bates,pages,")
    assert "TEST-000001" in body.decode("utf-8-sig") and "\u2013" not in body.decode("utf-8-sig").split("\n")[0]
    name = response.headers["Content-Disposition"]
    assert re.fullmatch(r'attachment; filename="foia-search_pilot_release-test-release_\d{4}-\d{2}-\d{2}\.csv"', name)
    empty = client.get("/search/export.csv?q=zzzznothingmatches")
    assert empty.status_code == 200
    assert empty.get_data().decode("utf-8").splitlines() == [
        "\ufeffid,permalink,date,sender,recipients,subject,bates,pages,release,quoted,copies,date_note,to,cc,bcc,document,"
        "quoted_in,people_gave"]
    assert "zzzznothingmatches" in empty.headers["Content-Disposition"]


def test_exports_print_pages_and_bates_as_citations_do(client):
    rows = client.get("/search/export.json?q=pilot").get_json()["data"]
    assert {(r["bates"], r["pages"]) for r in rows} >= {("TEST-000001", "p. 1")}


def test_an_export_names_the_email_quoting_each_quoted_copy(client):
    """GIVEN an export with quoted copies shown WHEN a paralegal sorts the rows, or opens the
    spreadsheet away from the site THEN each quoted copy names the email quoting it by its
    permalink, on the public address as the ``permalink`` column is (a bare "/e/<id>" opens
    nothing from a spreadsheet or a brief); other rows name none."""
    rows = client.get("/search/export.json?q=pilot&quoted=1").get_json()["data"]
    quoted = [r for r in rows if r["quoted"] == "yes"]
    assert quoted and all(r["quoted_in"].startswith("https://foia.test/e/") for r in quoted)
    for row in quoted:
        quoting = client.get(f"/api/emails/{row['id']}").get_json()["data"]["quoted_in"]
        assert row["quoted_in"] == f"https://foia.test/e/{quoting}"
    assert all(r["quoted_in"] == "" for r in rows if r["quoted"] != "yes")
    csv_rows = list(csv.DictReader(io.StringIO(
        client.get("/search/export.csv?q=pilot&quoted=1").get_data(as_text=True).lstrip("\ufeff"))))
    assert {r["quoted_in"] for r in csv_rows if r["quoted"] == "yes"} == {r["quoted_in"] for r in quoted}


def test_exports_list_each_kind_of_recipient_apart(client):
    """GIVEN an export WHEN a paralegal needs who was copied THEN to, cc and bcc are columns of
    their own, beside ``recipients``, which lists them together as before."""
    rows = [r for r in client.get("/search/export.json?q=pilot").get_json()["data"] if "/p/" not in r["id"]]
    assert rows and any(r["to"] for r in rows)
    for row in rows:
        email = client.get(f"/api/emails/{row['id']}").get_json()["data"]
        assert [row[kind] for kind in ("to", "cc", "bcc")] == [
            "; ".join(p["display"] for p in email[kind]) for kind in ("to", "cc", "bcc")]
        assert row["recipients"] == "; ".join(filter(None, (row["to"], row["cc"], row["bcc"])))


def test_json_export_uses_the_envelope(client):
    response = client.get("/search/export.json?q=pilot")
    data = response.get_json()
    assert response.status_code == 200
    assert len(data["data"]) == 2 and data["meta"]["query"] == "pilot"


def test_export_needs_a_query_and_a_known_format(client):
    """An export with no query is refused; the JSON export says why in JSON, as a script reading it
    expects (was: an HTML error page)."""
    assert client.get("/search/export.csv").status_code == 400
    assert client.get("/search/export.xml?q=a").status_code == 404
    refused = client.get("/search/export.json")
    assert refused.status_code == 400 and refused.mimetype == "application/json"
    assert "needs a query or a filter" in refused.get_json()["error"]["detail"]


class ElementAudit(HTMLParser):
    """Every element a browser would build from a page: no handlers, no foreign scripts or images."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        values = dict(attrs)
        if any(name.startswith("on") for name in names):
            self.problems.append(f"event handler on <{tag}>: {attrs}")
        if tag == "script" and values.get("src") != "/static/site.js":
            self.problems.append(f"script element: {attrs}")
        if tag == "img" and not (values.get("src") or "").startswith("/d/"):
            self.problems.append(f"image element: {attrs}")
        if tag == "a" and (values.get("href") or "").lower().startswith(("javascript:", "data:")):
            self.problems.append(f"script link: {attrs}")


def test_no_page_renders_a_payload_live(client, built):
    """GIVEN subjects, names, bodies and attachment names carrying XSS payloads, WHEN every kind
    of page shows them (with and without highlighting), THEN they are text, never elements."""
    urls = ["/", "/r/test-release", f"/e/{built.hostile}", f"/e/{built.hostile}?q={SCRIPT}",
            f"/e/{built.hostile}?q=script+img+onerror+alert+onmouseover", f"/d/{built.doc_id}/p/3",
            f"/d/{built.doc_id}/p/3?q=img", "/search?q=formula", f"/search?q={IMAGE}", "/search?q=script+alert",
            f"/search?q=x&sender={ATTRIBUTE}", f"/e/{built.first}?q={ATTRIBUTE}", "/e/%3Cscript%3E",
            f"/search?q=%22{SCRIPT}"]
    for url in urls:
        html = client.get(url).get_data(as_text=True)
        audit = ElementAudit()
        audit.feed(html)
        assert audit.problems == [], url
        for payload in PAYLOADS:
            assert payload not in html, (url, payload)


def test_security_headers_on_every_page(client, built):
    for url in ("/", f"/e/{built.first}", "/search?q=pilot", "/api/releases", "/e/aaaaaaaaaa"):
        headers = client.get(url).headers
        assert "default-src 'none'" in headers["Content-Security-Policy"]
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert "unsafe-inline" not in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"


def test_templates_have_no_inline_script_or_style(app):
    from pathlib import Path

    import web

    for template in (Path(web.__file__).parent / "templates").glob("*.html"):
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template.name
        assert " style=" not in text and "<style" not in text, template.name
        assert not re.search(r"\son[a-z]+=", text), template.name


def test_page_image_is_served_even_when_the_cache_cannot_be_written(client, built, monkeypatch, tmp_path):
    from web import images

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setattr(images, "cache_path", lambda *args: blocker / "pages" / "p.png")
    with client.get(f"/d/{built.doc_id}/p/3.png") as response:
        assert response.status_code == 200 and response.data.startswith(b"\x89PNG")


def test_document_page_highlights_terms_from_the_search(client, built):
    html = client.get(f"/d/{built.doc_id}/p/4?q=cover").get_data(as_text=True)
    assert "<mark>Cover</mark> letter" in html


@pytest.mark.parametrize("query, filters, changes", [
    ("", (), {}),
    ('facial "recognition pilot" & <b>é', (("sender", "jane@dea.gov"), ("exemption", "(b)(6)")), {}),
    ("a+b=c ?/#", (("month", "2018-11"),), {"page": 3, "sort": "-date", "include_quoted": True}),
    ("pilot", (("recipient", 'x" onmouseover="y'), ("sender", "a b")), {"page_size": 50}),
    ("two", (("sender", "b"), ("month", "2018-11"), ("sender", "a"), ("exemption", "(b)(5)")), {"page": 2}),
])
def test_search_links_are_what_url_for_builds(app, query, filters, changes):
    """The search page builds its hundred links without a route lookup each: every one must
    equal what url_for would have built from the same arguments, hostile values included."""
    from flask import url_for

    from archive.search import SearchRequest
    from web import params

    search = SearchRequest(query=query, filters=filters, **changes)
    with app.test_request_context("/search"):
        assert params.search_href(search) == url_for("site.search", **params.search_args(search))
        assert params.search_href(search, page=2) == url_for("site.search", **params.search_args(search, page=2))
        for facet, value in (*filters, ("release", "test-release"), ("sender", "new & <odd>"),
                             ("month", "2019-01"), ("exemption", "(b)(6)"), ("recipient", "c")):
            assert params.toggle_href(search, facet, value) == url_for(
                "site.search", **params.toggle_filter(search, facet, value))
        assert params.record_href("site.email", search, email_id="abcdefghij") == url_for(
            "site.email", email_id="abcdefghij", **params.search_args(search))
        assert params.record_href("site.page", search, doc_id="d1", number=3) == url_for(
            "site.page", doc_id="d1", number=3, **params.search_args(search))


@pytest.mark.parametrize("q", ["pilot " * 400, "pilot\x00", "x" * 17000])
def test_a_permalink_with_an_unusable_q_shows_the_record_without_highlights(client, built, q):
    """GIVEN a link from a search whose q is over-long or carries a NUL WHEN it is opened
    THEN the email (or page) is shown, nothing highlighted, with a note saying why."""
    for path, expected in ((f"/e/{built.first}", "Facial recognition pilot"),
                           (f"/d/{built.doc_id}/p/1", "Text of the page")):
        response = client.get(path, query_string={"q": q})
        html = response.get_data(as_text=True)
        assert response.status_code == 200, (path, response.status_code)
        assert expected in html and "<mark>" not in html
        assert "could not be used" in html
def test_an_email_opened_from_a_search_links_back_to_that_search(client, built):
    search = "/search?sender=jane%40dea.gov&sort=-date&size=5"
    html = client.get(search).get_data(as_text=True)
    link = f"/e/{built.first}?sender=jane@dea.gov&amp;sort=-date&amp;size=5"
    assert link in html, "a hit links to its email with the whole search state"
    email = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert 'href="/search?sender=jane@dea.gov&amp;sort=-date&amp;size=5" data-back-to-results' in email
    assert "data-back-to-results" not in client.get(f"/e/{built.first}").get_data(as_text=True)


def test_a_page_past_the_last_shows_the_last_and_says_so(client):
    html = client.get("/search?q=pilot&size=1&page=500").get_data(as_text=True)
    assert "showing page" in html and "not 500" in html
    assert re.search(r'class="current">(\d+)<', html).group(1) != "500"
    body = client.get("/api/search?q=pilot&size=1&page=500").get_json()
    assert body["data"]["hits"] and any("not 500" in m for m in body["meta"]["messages"])
    assert body["meta"]["page"] == body["meta"]["pages"] and "next" not in body["meta"]
    assert "page=500" not in body["meta"]["html_url"]


def test_two_values_of_one_facet_mean_either(client):
    """GIVEN emails in November 2018 and in March 2018
    WHEN both months are chosen as filters
    THEN emails of either month are found (an email has one month: AND would find none)."""
    one = client.get("/api/search?month=2018-11").get_json()["meta"]["total"]
    other = client.get("/api/search?month=2018-03").get_json()["meta"]["total"]
    both = client.get("/api/search?month=2018-11&month=2018-03").get_json()["meta"]["total"]
    assert one and other and both == one + other
    html = client.get("/search?month=2018-11&month=2018-03").get_data(as_text=True)
    assert "November 2018" in html and "March 2018" in html and 'class="filter-or">or<' in html


def test_filter_chips_read_as_the_facets_do(client):
    html = client.get("/search?sender=jane@dea.gov&release=test-release").get_data(as_text=True)
    chips = re.findall(r'<a class="chip"[^>]*>(.*?) <span', html)
    assert "Jane Roe &lt;jane@dea.gov&gt;" in chips and "Test &lt;b&gt;Release&lt;/b&gt;" in chips
    assert not any("  " in chip for chip in chips)


def test_browsing_without_words_says_newest_first(client):
    html = client.get("/search?release=test-release").get_data(as_text=True)
    assert "Most relevant" not in html
    assert re.search(r'<option value="relevance" selected>Newest first</option>', html)


def test_a_quoted_copy_says_where_it_is_printed_and_its_thread_lists_each_message_once(client, built):
    """GIVEN Jane's email on page 1 and its copy quoted inside John's reply on page 2
    WHEN the copy's page is read
    THEN the sidebar names the email it is printed in, and the thread lists Jane's message once."""
    html = client.get(f"/e/{built.quoted}").get_data(as_text=True)
    assert "—" not in re.search(r'<nav class="sequence".*?</nav>', html, re.S).group(0)
    assert re.search(rf'Quoted inside <a href="/e/{built.reply}">email 2</a> of \d+', html)
    thread = re.search(r'<ol class="thread">.*?</ol>', html, re.S).group(0)
    assert thread.count("Jane Roe") == 1 and "printed as itself" in thread
    first = re.search(r'<ol class="thread">.*?</ol>', client.get(f"/e/{built.first}").get_data(as_text=True),
                      re.S).group(0)
    assert first.count("Jane Roe") == 1


def test_page_images_come_in_a_sharp_rendering_for_hidpi_and_zoom(client, built):
    from PIL import Image

    with client.get(f"/d/{built.doc_id}/p/1.png") as small, \
            client.get(f"/d/{built.doc_id}/p/1.png?dpi=220") as sharp:
        assert sharp.status_code == 200 and sharp.headers["ETag"] != small.headers["ETag"]
        width = Image.open(io.BytesIO(small.data)).size[0]
        assert Image.open(io.BytesIO(sharp.data)).size[0] == 2 * width
    assert client.get(f"/d/{built.doc_id}/p/1.png?dpi=600").status_code == 400
    html = client.get(f"/d/{built.doc_id}/p/1").get_data(as_text=True)
    assert f'srcset="/d/{built.doc_id}/p/1.png 1x, /d/{built.doc_id}/p/1.png?dpi=220 2x"' in html
    assert f'<a class="page-zoom" href="/d/{built.doc_id}/p/1.png?dpi=220" data-zoom' in html


def test_searching_again_keeps_the_filters_and_page_size(client):
    html = client.get("/search?q=pilot&month=2018-11&size=5&page=2").get_data(as_text=True)
    form = re.search(r'<form class="search-form".*?</form>', html, re.S).group(0)
    assert '<input type="hidden" name="month" value="2018-11">' in form
    assert '<input type="hidden" name="size" value="5">' in form and 'name="page"' not in form


def test_marked_text_is_escaped_in_and_out_of_the_marks():
    from archive.search import Snippet
    from web.highlight import snippet_html

    html = snippet_html(Snippet(((SCRIPT, False), ('<b>"x"</b> & y', True), ("", False)), 1))
    assert html == ("&lt;script&gt;alert(1)&lt;/script&gt;"
                    "<mark>&lt;b&gt;&#34;x&#34;&lt;/b&gt; &amp; y</mark>")


def test_a_hit_folding_the_copies_it_quotes_says_it_quotes_them(client, built):
    """GIVEN John's reply quoting Jane's earlier email, both matching "pilot", and the reply quoted
    by no email WHEN a lawyer reads the reply's hit THEN it says it quotes one earlier matching email,
    shown inside it, and never that the reply is "also quoted in" another email (it is not)."""
    html = client.get("/search?q=pilot").get_data(as_text=True)
    hit = next(item for item in re.findall(r'<li class="hit".*?</li>', html, re.S) if f"/e/{built.reply}" in item)
    said = " ".join(re.sub(r"<[^>]+>", " ", hit).split())
    assert "quoted in" not in said.lower()
    assert "Quotes 1 earlier email that matches too, shown inside this one." in said


@pytest.fixture
def two_on_a_page(tmp_path):
    """part1.pdf as the first splitter read it: page 3 (TEST-000003) holds two emails, the hostile
    one from its top and "Later part" from line 25."""
    from archive import Archive, ids
    from archive.files import sha256_file
    from web import create_app

    from .conftest import PAGE_TEXT, RELEASE, document_record, emails, make_pdf

    pdf = make_pdf(tmp_path / "part1.pdf", PAGE_TEXT)
    with Archive.open(tmp_path / "archive") as archive:
        archive.store.save_release(RELEASE)
        document = archive.add_document(RELEASE.slug, document_record(pdf, emails(split_page_three=True)), pdf)
    sha = sha256_file(pdf)
    app = create_app({"TESTING": True, "ARCHIVE_HOME": str(tmp_path / "archive"), "PUBLIC_URL": "https://foia.test"})
    return app.test_client(), document.id, ids.email_id(sha, 3, 0), ids.email_id(sha, 3, 1)


def test_a_page_holding_two_emails_names_both_and_its_bates_number_leads_to_it(two_on_a_page):
    """GIVEN page 3, stamped TEST-000003, printing the end of one email and a second email below it
    WHEN a lawyer follows the Bates number a brief cites, or reads the page
    THEN the number leads to the page, which names both emails, never to the first email alone (the
    second email's own citation is "at TEST-000003"); the API says the same."""
    client, doc, upper, lower = two_on_a_page
    response = client.get("/bates/TEST-000003")
    assert response.status_code == 302 and response.headers["Location"] == f"/d/{doc}/p/3"
    html = client.get(f"/d/{doc}/p/3").get_data(as_text=True)
    assert f'href="/e/{upper}#p3"' in html and f'href="/e/{lower}#p3"' in html
    assert "Later part" in " ".join(re.sub(r"<[^>]+>", " ", html).split())
    found = client.get("/api/bates/TEST-000003").get_json()["data"]
    assert found["emails"] == [upper, lower] and found["email"] is None
    assert found["url"] == f"https://foia.test/d/{doc}/p/3"
    page = client.get(f"/api/documents/{doc}/pages/3").get_json()["data"]
    assert page["emails"] == [upper, lower] and page["email"] is None
    one = client.get("/api/bates/TEST-000001").get_json()["data"]  # one email on the page: as before
    assert one["emails"] == [one["email"]] and one["url"].endswith(f"/e/{one['email']}#p1")


def test_a_quoted_copy_stored_without_the_email_it_is_printed_in_still_shows(tmp_path):
    """GIVEN an archive whose splitter stored a quoted copy no email quotes (a header a producer's
    OCR layer read above the page's first email, before the splitter gave it that email) WHEN
    its permalink is opened THEN the email shows (it answered 500), said to be a quoted copy."""
    built = build_archive(tmp_path)
    with Archive.open(built.home) as archive, archive.store.db.conn:
        archive.store.db.execute("update emails set parent_id = null where id = ?", [built.quoted])
    app = create_app({"TESTING": True, "ARCHIVE_HOME": str(built.home), "PUBLIC_URL": "https://foia.test"})
    response = app.test_client().get(f"/e/{built.quoted}")
    assert response.status_code == 200
    assert "A quoted copy; the document's emails: 3" in response.get_data(as_text=True)


def test_a_stamp_with_a_bracketed_part_is_looked_up_and_searched(tmp_path):
    """GIVEN a page stamped "19-cv-4048(FBI)-0004" (the FBI's litigation stamps) WHEN its number
    is looked up, as printed, without its zeros or as a range, or searched unquoted THEN each
    finds the page (/bates/ answered 400 "not a Bates number", and bates: found nothing, silently)."""
    built = build_archive(tmp_path)
    with Archive.open(built.home) as archive, archive.store.db.conn:
        archive.store.db.execute("update pages set bates = '19-cv-4048(FBI)-0004' where number = 4")
        archive.reindex()
    client = create_app({"TESTING": True, "ARCHIVE_HOME": str(built.home), "PUBLIC_URL": "https://foia.test"}).test_client()
    for number in ("19-cv-4048(FBI)-0004", "19-CV-4048(fbi)-4"):
        response = client.get(f"/bates/{number}")
        assert (response.status_code, response.headers["Location"]) == (302, f"/d/{built.doc_id}/p/4")
    ranged = client.get("/bates/19-cv-4048(FBI)-0004\u201305")
    assert (ranged.status_code, ranged.headers["Location"]) == (301, "/bates/19-cv-4048(FBI)-0004")
    for query in ("bates:19-cv-4048(FBI)-0004", "bates:19-cv-4048(FBI)-0003\u20135"):
        found = client.get("/api/search", query_string={"q": query}).get_json()
        assert [(hit["type"], hit["page"]["number"]) for hit in found["data"]["hits"]] == [("page", 4)], query


def test_a_body_marks_its_first_matches_only_and_says_how_many() -> None:
    """GIVEN a body printing a searched word two hundred thousand times (a table of zeros) WHEN its
    page is highlighted THEN the first ``MAX_MARKS`` are marked and the count is every match (was:
    every one marked, 3 MB and over a second a request, anyone's to ask for)."""
    from archive.index.results import Highlight
    from web.highlight import MAX_MARKS, count_marks, highlight, highlight_parts

    words = Highlight(frozenset({"0"}), frozenset())
    body = "0 " * 200_000
    assert str(highlight(body, words)).count("<mark>") == MAX_MARKS < 200_000 == count_marks(body, words)
    assert str(highlight("0 1 0", words)) == "<mark>0</mark> 1 <mark>0</mark>"
    # (a body printed over many pages: the first in all, not a page's)
    assert sum(str(part).count("<mark>") for part in highlight_parts(["0 " * 2000] * 100, words)) == MAX_MARKS
