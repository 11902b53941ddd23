"""Cache lifetimes: a withdrawn release leaves every cache within minutes.

A release is usually withdrawn because personal data went out by mistake. The
original PDF and page images may be kept by browsers and CDNs only briefly,
then revalidated by ETag; after a withdrawal the revalidation answers 410.
"""

from __future__ import annotations

import pytest

from archive import Archive
from web import create_app

from .conftest import RELEASE, build_archive

MEDIA = ("/d/{doc}.pdf", "/d/{doc}/p/2.png")
MAX_AGE = 300


@pytest.mark.parametrize("path", MEDIA)
def test_originals_and_page_images_are_kept_briefly_then_revalidated(client, built, path):
    url = path.format(doc=built.doc_id)
    with client.get(url) as response:
        assert response.status_code == 200
        cache = response.cache_control
        assert cache.public and cache.must_revalidate
        assert cache.max_age is not None and cache.max_age <= MAX_AGE
        assert not cache.immutable and not cache.no_cache  # never contradictory
        etag = response.headers["ETag"]
    with client.get(url, headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304


def test_a_page_image_rendered_without_the_disk_cache_has_a_validator_too(client, built, monkeypatch, tmp_path):
    from web import images

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setattr(images, "cache_path", lambda *args: blocker / "pages" / "p.png")
    with client.get(f"/d/{built.doc_id}/p/3.png") as response:
        assert response.status_code == 200 and response.headers.get("ETag")
        assert response.cache_control.must_revalidate


def test_after_a_withdrawal_revalidation_answers_410_and_is_not_stored(tmp_path):
    built = build_archive(tmp_path)
    client = create_app({"TESTING": True, "ARCHIVE_HOME": str(built.home)}).test_client()
    etags = {}
    for path in MEDIA:
        with client.get(path.format(doc=built.doc_id)) as response:
            etags[path] = response.headers["ETag"]
    with Archive.open(built.home) as archive:
        archive.store.withdraw_release(RELEASE.slug, "personal data released in error")
    for path in MEDIA:
        with client.get(path.format(doc=built.doc_id), headers={"If-None-Match": etags[path]}) as response:
            assert response.status_code == 410
            assert response.cache_control.no_store
