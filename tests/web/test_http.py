"""HTTP as RFC 9110 and the README describe it: ranges, methods, validators, CORS, the access log."""

from __future__ import annotations

import io
import logging

import pytest

from .test_error_shape import ALL_RULES, urls_for


def pdf_bytes(built) -> bytes:
    return built.pdf.read_bytes()


@pytest.mark.parametrize("header", ["bytes=abc", "bytes=5-2", "pages=1-2", "bytes=", "bytes=-"])
def test_an_invalid_range_is_ignored_and_the_whole_file_sent(client, built, header):
    with client.get(f"/d/{built.doc_id}.pdf", headers={"Range": header}) as response:
        assert response.status_code == 200, header
        assert response.data == pdf_bytes(built)


def test_several_ranges_are_answered_with_one_range_covering_them(client, built):
    original = pdf_bytes(built)
    with client.get(f"/d/{built.doc_id}.pdf", headers={"Range": "bytes=10-19, 0-4, 30-39"}) as response:
        assert response.status_code == 206
        assert response.headers["Content-Range"] == f"bytes 0-39/{len(original)}"
        assert response.data == original[:40]
    with client.get(f"/d/{built.doc_id}.pdf", headers={"Range": "bytes=0-4,-5"}) as response:
        assert response.status_code == 206 and response.data == original


def test_an_unsatisfiable_range_is_416_with_the_length(client, built):
    size = len(pdf_bytes(built))
    with client.get(f"/d/{built.doc_id}.pdf", headers={"Range": f"bytes={size + 10}-"}) as response:
        assert response.status_code == 416
        assert response.headers["Content-Range"] == f"bytes */{size}"


@pytest.mark.parametrize("rule", ALL_RULES)
def test_options_is_405_like_every_method_but_get(client, rule):
    path = urls_for(rule, "", "x")
    response = client.options(path)
    assert response.status_code == 405, path
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD"}


@pytest.mark.parametrize(("path", "target"), [("/api/", "/api"), ("/search/", "/search"),
                                               ("/api/releases/", "/api/releases")])
def test_a_trailing_slash_redirects_to_the_canonical_url(client, path, target):
    response = client.get(path + "?q=x")
    assert response.status_code == 308
    assert response.headers["Location"] == target + "?q=x"


@pytest.mark.parametrize("path", ["/", "/r/test-release", "/search?q=pilot", "/e/{first}", "/d/{doc}/p/1",
                                  "/api", "/api/releases", "/api/search?q=pilot", "/api/emails/{first}"])
def test_pages_and_api_answers_have_a_validator_and_answer_304(client, built, path):
    path = path.format(first=built.first, doc=built.doc_id)
    response = client.get(path)
    assert response.status_code == 200
    etag = response.headers["ETag"]
    assert "no-cache" in response.headers["Cache-Control"]
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200


def test_the_api_may_be_read_from_any_origin_without_credentials(client, built):
    response = client.get("/api/releases", headers={"Origin": "https://elsewhere.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert "Access-Control-Allow-Origin" not in client.get("/").headers


def test_every_request_is_written_to_the_access_log(client, built, caplog):
    with caplog.at_level(logging.INFO, logger="foia.access"):
        client.get("/search?q=pilot", headers={"User-Agent": "tester/1.0"})
        client.get("/e/zzzzzzzzzz")
    lines = [r.getMessage() for r in caplog.records if r.name == "foia.access"]
    assert len(lines) == 2
    assert '"GET /search?q=pilot HTTP/1.1" 200' in lines[0] and "tester/1.0" in lines[0]
    assert '"GET /e/zzzzzzzzzz HTTP/1.1" 404' in lines[1]


@pytest.mark.parametrize(("header", "served"), [
    ("bytes=0-9", "bytes=0-9"), ("bytes=10-19, 0-4", "bytes=0-19"), ("bytes=-10", "bytes=90-99"),
    ("bytes=90-,-5", "bytes=90-99"), ("bytes=0-999", "bytes=0-99"), ("bytes=200-300", "bytes=100-"),
    ("bytes=-0", "bytes=100-"), ("bytes=5-2", None), ("items=0-1", None), ("bytes=1-2,x", None),
    ("bytes=" + ",".join(["0-1"] * 101), None),
])
def test_covering_range(header, served):
    from web.protocol import covering_range

    assert covering_range(header, 100) == served


@pytest.mark.parametrize(("size", "read"), [(100_000, True), (2 * 1024 * 1024, False)])
def test_a_refused_body_is_read_to_its_end_before_the_413_unless_it_is_large(client, size, read):
    """GIVEN a form post past the 16 KB a request may carry, on a server that ends the input at
    the body's end (gunicorn) WHEN it is refused THEN a body up to 1 MB has been read to its end,
    so closing the connection does not reset it under the answer (nginx in front would answer
    502), and a larger one is left unread."""
    body = io.BytesIO(b"x" * size)
    response = client.post("/signin", input_stream=body, content_length=size,
                           content_type="application/x-www-form-urlencoded",
                           environ_overrides={"wsgi.input_terminated": True})
    assert response.status_code == 413
    assert body.tell() == (size if read else 0)
