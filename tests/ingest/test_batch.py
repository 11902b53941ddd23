"""`foia ingest` as one library call (ingest/batch.py)."""

from __future__ import annotations

import itertools

from archive import Archive
from ingest.batch import ingest_releases
from tests.web.conftest import make_pdf


def test_each_release_is_timed_from_its_own_start(tmp_path):
    """GIVEN two folders, each a release (its release.json) WHEN they are ingested in one call on a
    clock that moves 10 s each time it is read THEN the second release reports the time its own
    ingest took, as the first does (it reported the time since the command started: the first
    release's time added to its own)."""
    for slug in ("first", "second"):
        folder = tmp_path / slug
        folder.mkdir()
        (folder / "release.json").write_text(f'{{"slug": "{slug}", "title": "{slug}"}}')
        make_pdf(folder / f"{slug}.pdf", [f"From: A\nSubject: {slug}\n\nbody"])
    ticks = itertools.count(step=10.0)
    with Archive.open(tmp_path / "archive", create=True) as archive:
        outcomes = list(ingest_releases(archive, [tmp_path / "first", tmp_path / "second"], jobs=1,
                                        clock=lambda: next(ticks)))
    assert [o.release for o in outcomes] == ["first", "second"]
    assert outcomes[0].seconds == outcomes[1].seconds > 0
    assert outcomes[1].report().endswith(f"in {outcomes[0].seconds:.1f}s")
