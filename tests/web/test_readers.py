"""The site's read-only archive handles (web/readers.py): one per thread, kept between
requests, and never a stale view of the archive."""

from __future__ import annotations

import os
import shutil
import threading

import pytest

from archive import Archive, Release
from web import create_app, get_archive


def _archive(home, *slugs):
    with Archive.open(home) as archive:
        for slug in slugs:
            archive.save_release(Release(slug=slug, title=f"Release {slug}"))
    return home


def _slugs(client):
    response = client.get("/api/releases")
    assert response.status_code == 200
    return sorted(r["slug"] for r in response.get_json()["data"])


@pytest.fixture
def app(tmp_path):
    return create_app({"TESTING": True, "ARCHIVE_HOME": str(_archive(tmp_path / "archive", "first"))})


def test_a_thread_reads_through_one_handle_from_request_to_request(app):
    handles = []
    for _ in range(3):
        with app.test_request_context("/"):
            handles.append(get_archive())
    assert handles[0] is handles[1] is handles[2]


def test_each_thread_has_its_own_handle(app):
    """An SQLite connection serves one thread at a time."""
    handles = []

    def read():
        with app.test_request_context("/"):
            handles.append(get_archive())

    threads = [threading.Thread(target=read) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert handles[0] is not handles[1]
    assert handles[0].store.db.conn is not handles[1].store.db.conn


def test_what_is_written_between_requests_is_read_by_the_next(app, tmp_path):
    client = app.test_client()
    assert _slugs(client) == ["first"]
    _archive(tmp_path / "archive", "second")  # another process's write (foia release create)
    assert _slugs(client) == ["first", "second"]


def test_a_replaced_database_is_opened_again(app, tmp_path):
    """GIVEN the site reading an archive WHEN its database file is replaced (restored from a
    backup) THEN the next request reads the new file, not the one the handle had open."""
    client = app.test_client()
    assert _slugs(client) == ["first"]
    other = _archive(tmp_path / "other", "restored")
    for name in ("archive.db-wal", "archive.db-shm"):
        (tmp_path / "archive" / name).unlink(missing_ok=True)
    os.replace(other / "archive.db", tmp_path / "archive" / "archive.db")
    assert _slugs(client) == ["restored"]


def test_a_removed_archive_answers_503_and_a_new_one_is_read(app, tmp_path):
    client = app.test_client()
    assert _slugs(client) == ["first"]
    shutil.rmtree(tmp_path / "archive")
    assert client.get("/api/releases").status_code == 503
    _archive(tmp_path / "archive", "new")
    assert _slugs(client) == ["new"]


def test_an_engine_switched_while_the_site_runs_is_searched(app, tmp_path):
    """`foia reindex --engine` in another process: the kept handle follows the setting."""
    with app.test_request_context("/"):
        assert get_archive().engine == "whoosh"
    with Archive.open(tmp_path / "archive") as archive:
        archive.reindex(engine="tantivy")
    with app.test_request_context("/"):
        archive = get_archive()
        assert archive.engine == "tantivy"
        assert archive.index.root == tmp_path / "archive" / "index-tantivy"
    assert app.test_client().get("/search?q=anything").status_code == 200
