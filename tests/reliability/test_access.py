"""The public site is read-only: its database connection cannot write, and serving pages
changes nothing in the archive. (That every route refuses POST/PUT/DELETE/PATCH with 405 is
tests/web/test_error_shape.py::test_writes_are_refused_everywhere.)"""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from web import create_app, get_archive

from .test_faults import email_pdfs


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    from .conftest import run_foia

    root = tmp_path_factory.mktemp("access")
    batch = email_pdfs(root / "in", files=1, pages=3)[0].parent
    home = root / "archive"
    run_foia(home, "release", "create", "faults", "--title", "Faults")
    assert run_foia(home, "ingest", str(batch), "--release", "faults", "--jobs", "1").returncode == 0
    return home


def test_the_web_process_opens_sqlite_read_only(home):
    app = create_app({"TESTING": True, "ARCHIVE_HOME": str(home)})
    with app.test_request_context("/"):
        db = get_archive().store.db
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            db.execute("update documents set filename = 'x'")
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            db.execute("create table intruder (x)")


def test_serving_every_kind_of_page_leaves_the_archive_unchanged(home):
    def digest() -> str:
        with sqlite3.connect(f"file:{home / 'archive.db'}?mode=ro", uri=True) as db:
            return hashlib.sha256(repr([db.execute(f"select * from {t} order by 1").fetchall()  # noqa: S608
                                        for t in ("releases", "documents", "pages", "emails", "issued_ids")])
                                  .encode()).hexdigest()

    before = digest()
    client = create_app({"TESTING": True, "ARCHIVE_HOME": str(home)}).test_client()
    hits = client.get("/api/search?q=widget").get_json()["data"]["hits"]
    email = hits[0]["email"]["id"]
    document = hits[0]["email"]["document"]
    for url in ("/", "/r/faults", "/search?q=widget", "/search/export.csv?q=widget", f"/e/{email}",
                f"/d/{document}/p/1", f"/d/{document}/p/1.png", f"/d/{document}.pdf", "/api/releases"):
        response = client.get(url)
        assert response.status_code == 200, url
        response.close()  # send_file's open file
        for method in ("post", "put", "delete"):
            assert getattr(client, method)(url).status_code == 405, (method, url)
    assert digest() == before
