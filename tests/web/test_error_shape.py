"""Every route answers hostile or malformed input with a 4xx in the one error shape, never a 500.

Like datasette's test_error_shape: the URLs come from the route table, so a new
route is covered without editing this file.
"""

from __future__ import annotations

import re

import pytest

from web.routes import ROUTES

BAD_SEGMENTS = [
    "..%2F..%2Fetc%2Fpasswd", "..", "%2e%2e", "....//....//etc", "%00", "a%00b", "%3Cscript%3E",
    "x" * 3000, "%E2%80%AE%F0%9F%92%A5", "abcdefghij%2F", "-1", "1e9",
]
HUGE_NUMBER = "9" * 40


def urls_for(rule: str, prefix: str, value: str) -> str:
    path = prefix + rule
    path = re.sub(r"<int:[^>]+>", HUGE_NUMBER if value != "-1" else "0", path)
    return re.sub(r"<[^>]+>", value, path) or "/"


ALL_RULES = [(("/api" if bp == "api" else "") + rule) for bp, rule, _e, _v in ROUTES]
PARAMETRIZED = [r for r in ALL_RULES if "<" in r]


def assert_error_shape(response, path: str) -> None:
    assert response.status_code < 500, (path, response.status_code)
    if response.status_code < 400:
        return
    if path.startswith("/api") or path.split("?")[0].endswith(".json"):  # (a JSON export's refusal is JSON too)
        body = response.get_json()
        assert set(body) == {"error"}, body
        assert set(body["error"]) == {"status", "title", "detail"}
        assert body["error"]["status"] == response.status_code
    else:
        html = response.get_data(as_text=True)
        assert response.mimetype == "text/html"
        assert f"Error {response.status_code}" in html


@pytest.mark.parametrize("rule", PARAMETRIZED)
@pytest.mark.parametrize("value", BAD_SEGMENTS)
def test_bad_path_segments_are_refused_in_the_error_shape(client, rule, value):
    path = urls_for(rule, "", value)
    response = client.get(path)
    assert response.status_code in (400, 404, 308), (path, response.status_code)
    assert_error_shape(response, path)


@pytest.mark.parametrize("rule", ALL_RULES)
def test_writes_are_refused_everywhere(client, rule, built):
    path = urls_for(rule, "", "x")
    for method in ("post", "put", "delete", "patch"):
        response = getattr(client, method)(path, data={"q": "x"})
        assert response.status_code == 405, (method, path)
        assert "GET" in response.headers["Allow"]
        assert_error_shape(response, path)


SEARCH_PATHS = ["/search", "/api/search", "/search/export.csv", "/search/export.json"]
READER_PATHS = ["/api/search"]  # an email or page shows without highlights instead (test_pages.py)
LONG_QUERIES = ["q=" + "a" * 2001, "q=%00", "q=" + "x" * 17000]
BAD_SEARCH_PARAMETERS = [
    "sort=sideways", "page=0", "page=" + HUGE_NUMBER, "page=abc", "size=101", "size=-5", "sender=" + "b" * 201,
    "&".join(f"month=2018-{m:02d}" for m in range(1, 13)) + "&" + "&".join(f"exemption=b{n}" for n in range(1, 10)),
]
CASES = [(p, q) for p in SEARCH_PATHS for q in LONG_QUERIES + BAD_SEARCH_PARAMETERS] + \
        [(p, q) for p in READER_PATHS for q in LONG_QUERIES]


@pytest.mark.parametrize(("path", "query"), CASES)
def test_oversized_or_malformed_parameters_are_400(client, built, path, query):
    path = path.format(first=built.first, doc=built.doc_id)
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400, (path, query[:40], response.status_code)
    assert_error_shape(response, path)


@pytest.mark.parametrize("path", ["/nowhere", "/api/nowhere", "/e/", "/static/../web/__init__.py",
                                  "/static/%2e%2e/views.py", "/d/abc.pdf/../../x", "/api/emails/"])
def test_unknown_paths_are_404_in_the_right_shape(client, path):
    response = client.get(path)
    assert response.status_code in (404, 308)
    assert_error_shape(response, path)


def test_missing_archive_is_503_not_500(tmp_path):
    from web import create_app

    client = create_app({"TESTING": True, "ARCHIVE_HOME": str(tmp_path / "none")}).test_client()
    for path in ("/", "/api/releases", "/search?q=a"):
        response = client.get(path)
        assert response.status_code == 503
        if path.startswith("/api"):
            assert response.get_json()["error"]["status"] == 503
        else:
            assert "try again later" in response.get_data(as_text=True)
            assert str(tmp_path) not in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/r/no-such-release", "/api/releases/no-such-release"])
def test_an_unknown_release_is_404_in_the_public_s_words_not_a_command_line_hint(client, path):
    response = client.get(path)
    assert response.status_code == 404
    text = response.get_data(as_text=True)
    assert "no release" in text and "foia " not in text


def test_gone_is_410_with_the_reason_in_json(client, built):
    body = client.get(f"/api/emails/{built.gone}").get_json()
    assert body["error"]["status"] == 410 and "released in error" in body["error"]["detail"]


@pytest.mark.parametrize("damage", ["missing", "unreadable", "other-version"])
def test_a_missing_or_broken_index_is_503_everywhere_without_internals(tmp_path, damage):
    """GIVEN an archive whose search index is missing, unreadable or built by another version
    WHEN anything is searched (page, API, exports) THEN 503, never "0 results", and the answer
    names no server path and no operator command."""
    import shutil

    from web import create_app

    from .conftest import build_archive

    built = build_archive(tmp_path)
    index = built.home / "index"
    generation = index / (index / "current").read_text().strip()
    if damage == "missing":
        shutil.rmtree(index)
    elif damage == "unreadable":  # its table of contents names segment files that are gone
        for segment in generation.glob("*.seg"):
            segment.unlink()
    else:
        (generation / "schema-version").write_text("0\n")
    client = create_app({"TESTING": True, "ARCHIVE_HOME": str(built.home)}).test_client()
    for path in ("/search?q=pilot", "/api/search?q=pilot", "/search?sender=jane%40dea.gov",
                 "/search/export.csv?q=pilot", "/search/export.json?q=pilot"):
        response = client.get(path)
        text = response.get_data(as_text=True)
        assert response.status_code == 503, (path, text[:200])
        assert str(tmp_path) not in text and "foia " not in text and "`" not in text, path
        if path.startswith("/api") or path.split("?")[0].endswith(".json"):
            assert response.get_json()["error"]["status"] == 503
        else:
            assert response.mimetype == "text/html" and "Error 503" in text
    email = client.get(f"/e/{built.first}?q=pilot")  # reading still works, without highlights
    assert email.status_code == 200 and "<mark>" not in email.get_data(as_text=True)
