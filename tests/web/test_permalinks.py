"""Permalinks survive copy-paste damage: 301 to the canonical URL when it names something."""

from __future__ import annotations

import pytest

NB_HYPHEN, EN_DASH = "\u2011", "\u2013"


@pytest.mark.parametrize(("damaged", "canonical"), [
    ("/e/{first}.", "/e/{first}"),
    ("/e/{first},", "/e/{first}"),
    ("/e/{first}/", "/e/{first}"),
    ("/e/{FIRST}", "/e/{first}"),
    ("/e/{FIRST}).", "/e/{first}"),
    ("/e/{first}.?q=pilot", "/e/{first}?q=pilot"),
    (f"/bates/TEST{NB_HYPHEN}000001", "/bates/TEST-000001"),
    (f"/bates/TEST{EN_DASH}000002.", "/bates/TEST-000002"),
    ("/bates/TEST-000001/", "/bates/TEST-000001"),
    (f"/bates/TEST-000001{EN_DASH}2", "/bates/TEST-000001"),  # a citation's range pasted whole: its first page
    (f"/bates/TEST-000002{EN_DASH}000004.", "/bates/TEST-000002"),
    ("/d/{doc}/p/2.", "/d/{doc}/p/2"),
    ("/d/{doc}/p/2/", "/d/{doc}/p/2"),
    ("/d/{DOC}/p/2", "/d/{doc}/p/2"),
    ("/d/{doc}.pdf.", "/d/{doc}.pdf"),
    ("/d/{doc}/", "/d/{doc}"),
    ("/r/TEST-RELEASE.", "/r/test-release"),
    ("/api/emails/{FIRST}", "/api/emails/{first}"),
    (f"/api/bates/TEST{NB_HYPHEN}000001,", "/api/bates/TEST-000001"),
])
def test_a_damaged_permalink_answers_301_with_the_canonical_url(client, built, damaged, canonical):
    names = {"first": built.first, "FIRST": built.first.upper(), "doc": built.doc_id, "DOC": built.doc_id.upper()}
    response = client.get(damaged.format(**names))
    assert response.status_code == 301, response.status_code
    assert response.headers["Location"] == canonical.format(**names)


@pytest.mark.parametrize("pasted", [
    f"/bates/TEST-000002{EN_DASH}TEST-000004",  # the end in full, as a citation prints two prefixes' range
    f"/bates/TEST-000002 {EN_DASH} TEST-000004.",
    "/bates/TEST-000002-4",  # a hyphen for the dash, as bates: reads it
    "/bates/TEST-000002 to TEST-000004",
    f"/bates/TEST-000002{EN_DASH}",  # the end cut off with the rest of a pasted citation
])
def test_a_bates_range_written_in_full_or_with_a_hyphen_answers_301_to_its_first_page(client, pasted):
    """"TEST-000002–TEST-000004" answered 400 ("not a Bates number") and "TEST-000002-4" 404, though
    ``bates:`` reads both as the range and a citation prints a range across prefixes in full."""
    response = client.get(pasted)
    assert response.status_code == 301, response.status_code
    assert response.headers["Location"] == "/bates/TEST-000002"


def test_the_repaired_link_then_opens(client, built):
    response = client.get(f"/e/{built.first.upper()}.", follow_redirects=True)
    assert response.status_code == 200 and "Facial recognition pilot" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/e/abcdefghij.", "/e/abcdefghij/", "/bates/NOPE-000001.", "/d/abcdefghijkl/p/1.",
                                  "/r/no-such-release/"])
def test_a_repair_that_names_nothing_is_still_404(client, path):
    assert client.get(path).status_code == 404


def test_a_canonical_permalink_is_served_as_is(client, built):
    assert client.get(f"/e/{built.first}").status_code == 200
