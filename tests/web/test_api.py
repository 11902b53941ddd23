"""The JSON API: one envelope {"data", "meta"}, the same resources as the pages."""

from __future__ import annotations

import pytest

from .conftest import SCRIPT, build_archive


@pytest.fixture(scope="module")
def built(engine, tmp_path_factory):
    """The archive of tests/web/conftest.py, once per search engine."""
    return build_archive(tmp_path_factory.mktemp("web-archive"))


def test_index_lists_endpoints(client):
    data = client.get("/api").get_json()
    assert set(data) == {"data", "meta"} and "releases" in data["data"]


def test_releases_with_stats(client):
    body = client.get("/api/releases").get_json()
    assert body["meta"]["count"] == 1
    release = body["data"][0]
    assert release["slug"] == "test-release" and release["stats"]["emails"] == 3
    detail = client.get("/api/releases/test-release").get_json()["data"]
    assert {m["month"] for m in detail["months"]} == {"2018-03", "2018-11"}
    assert release["source_url"] == detail["source_url"] == ""  # stored as javascript:, served as no link
    assert detail["documents"][0]["pages"] == 4


def test_email_with_citation_and_explanations(client, built):
    data = client.get(f"/api/emails/{built.hostile}").get_json()["data"]
    assert data["subject"] == SCRIPT  # JSON carries the text as is; it is data, not markup
    assert data["date_certainty"] == "ambiguous" and data["sent_raw"] == "03/04/18"
    assert data["citation"].endswith(f"https://foia.test/e/{built.hostile}")
    assert [e["code"] for e in data["exemption_explanations"]] == ["(b)(7)(C)", "Gov. Code 6254(f)"]
    assert data["pages"] == [f"https://foia.test/api/documents/{built.doc_id}/pages/3"]


def test_json_is_served_as_json_not_html(client, built):
    response = client.get(f"/api/emails/{built.hostile}")
    assert response.mimetype == "application/json"
    assert b"<script>" not in response.data  # escaped as \u003c by the JSON encoder


def test_retired_email_id_redirects_in_the_api_too(client, built):
    response = client.get(f"/api/emails/{built.retired}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/api/emails/{built.hostile}?from={built.retired}"
    landed = client.get(response.headers["Location"]).get_json()["data"]["moved_from"]
    assert (landed["id"], landed["correction"]) == (built.retired, None)  # a better split, no person's correction
    assert landed["url"].endswith(f"/e/{built.retired}")
    assert client.get(f"/api/emails/{built.hostile}").get_json()["data"]["moved_from"] is None


def test_document_page_and_bates(client, built):
    document = client.get(f"/api/documents/{built.doc_id}").get_json()["data"]
    assert document["pages"] == 4 and len(document["emails"]) == 4
    page = client.get(f"/api/documents/{built.doc_id}/pages/4").get_json()["data"]
    assert page["bates"] == "TEST-000004" and page["email"] is None and "Cover letter" in page["text"]
    assert page["citation"].startswith(
        "Test <b>Release</b>, at TEST-000004 (Drug Enforcement Administration, produced June 1, 2020), ")
    bates = client.get("/api/bates/TEST-000002").get_json()["data"]
    assert bates["email"] == built.reply and bates["url"].endswith(f"/e/{built.reply}#p2")


def test_search_with_facets_and_paging(client):
    body = client.get("/api/search?q=pilot&size=1").get_json()
    assert body["meta"]["total"] == 2 and body["meta"]["pages"] == 2
    assert "page=2" in body["meta"]["next"]
    hit = body["data"]["hits"][0]
    assert hit["type"] == "email" and any(p["match"] for s in hit["snippets"] for p in s["parts"])
    assert {"sender", "recipient", "month", "release", "exemption"} <= set(body["data"]["facets"])


def test_search_messages_in_meta(client):
    body = client.get("/api/search?q=%22open").get_json()
    assert body["meta"]["messages"]


def test_a_quoted_copy_is_cited_through_the_email_quoting_it(client, built):
    """GIVEN a copy of an earlier email printed inside a reply on TEST-000002 WHEN it is cited
    THEN the citation says "quoted in" the reply, with the production, on the page and in JSON."""
    citation = client.get(f"/api/emails/{built.quoted}").get_json()["data"]["citation"]
    assert citation == (
        "Email from Jane Roe to John Doe (Nov. 13, 2018, 3:45 PM), quoted in Email from John Doe to "
        "Jane Roe (Nov. 14, 2018, 9:05 AM), in Test <b>Release</b>, at TEST-000002 (Drug Enforcement "
        f"Administration, produced June 1, 2020), https://foia.test/e/{built.quoted}")
    html = client.get(f"/e/{built.quoted}").get_data(as_text=True)
    assert "quoted in Email from John Doe to Jane Roe (Nov. 14, 2018, 9:05 AM)" in html


def test_a_time_printed_without_its_zone_is_said_so(client, built):
    """A header printing its time with no zone (most prints): the email page marks it "no time
    zone printed" (the time is the page's, in a zone it does not say) and the API's
    ``time_zone_printed`` is false; a date without a time says nothing of zones (null)."""
    assert client.get(f"/api/emails/{built.first}").get_json()["data"]["time_zone_printed"] is False
    assert client.get(f"/api/emails/{built.hostile}").get_json()["data"]["time_zone_printed"] is None
    assert "data-zone-unprinted" in client.get(f"/e/{built.first}").get_data(as_text=True)
    assert "data-zone-unprinted" not in client.get(f"/e/{built.hostile}").get_data(as_text=True)
    from archive.cite import zone_printed

    assert zone_printed("2018-11-13T15:45:00-05:00") is True and zone_printed("2018-11-13T20:45:00Z") is True
