"""Arbitrary strings fired at the search URL, the API and the reader's `q`: never a 5xx."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from web import create_app

from .conftest import Built, build_archive


@pytest.fixture(scope="module")
def built(engine, tmp_path_factory):
    """The archive of tests/web/conftest.py, once per search engine."""
    return build_archive(tmp_path_factory.mktemp("web-archive"))

FACETS = ("sender", "recipient", "month", "release", "exemption")
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(query=text, facet=st.sampled_from(FACETS), value=text, sort=text, page=text)
def test_search_never_fails(built: Built, query, facet, value, sort, page):
    client = create_app({"TESTING": True, "ARCHIVE_HOME": str(built.home)}).test_client()
    args = urlencode({"q": query, facet: value, "sort": sort, "page": page})
    for path in ("/search", "/api/search", f"/e/{built.first}", f"/d/{built.doc_id}/p/1"):
        response = client.get(f"{path}?{args}")
        assert response.status_code < 500, (path, args)
    response = client.get("/search?" + urlencode({"q": query}))
    assert response.status_code in (200, 400)
    html = response.get_data(as_text=True)
    assert "<script>" not in html.replace('<script src="/static/site.js" defer></script>', "")
