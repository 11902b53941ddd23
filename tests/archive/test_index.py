"""The Whoosh index: derived from SQLite, versioned, rebuilt atomically, refreshed for readers."""

from __future__ import annotations

from archive.index import SCHEMA_VERSION, VERSION_FILE, SearchIndex
from archive.query import parse_query
from archive.search import SearchRequest

from .test_search import EMAILS, build, mail

QUERIES = ["microsoft", "facial recognition", '"facial recognition"', "recogn*", "face w/3 recognizing",
           "date:2018-11", "from:ann", "exemption:b7", "", "microsoft -software", "bates:DEA-MSFT-000004"]


def snapshot(archive):
    out = {}
    for text in QUERIES:
        for sort in ("relevance", "date", "-date"):
            result = archive.search(SearchRequest(query=text, sort=sort, include_quoted=True))
            out[(text, sort)] = (result.total, [h.key for h in result.hits],
                                 {k: [(f.value, f.count) for f in v] for k, v in result.facets.items()})
    return out


def test_full_reindex_gives_the_same_results_as_incremental(tmp_path):
    """GIVEN an index built document by document, with one document re-indexed (deletions inside),
    WHEN the whole index is rebuilt from SQLite, THEN every query answers exactly the same."""
    archive = build(tmp_path / "a")
    build(tmp_path / "a", emails=(mail(1, "microsoft in another file", "2016-05-05T00:00:00"),),
          sha="cd" * 32).close()
    for document in archive.store.documents():
        archive.index_document(document)  # replace: leaves deleted documents in old segments
    before = snapshot(archive)
    generation = archive.index._generation()
    assert archive.reindex() == len(archive.index.keys())
    assert archive.index._generation() != generation and not generation.exists()
    assert snapshot(archive) == before
    assert not [p for p in archive.verify().problems if "index" in p]
    archive.close()


def test_index_of_another_schema_version_is_not_read(tmp_path):
    archive = build(tmp_path / "a")
    assert archive.index.is_current()
    generation = archive.index._generation()
    (generation / VERSION_FILE).write_text("0\n")
    assert not archive.index.is_current()
    result = archive.search(SearchRequest(query="microsoft"))
    assert result.total == 0 and "foia reindex" in result.messages[0]
    assert [p for p in archive.verify().problems if "index" in p]
    archive.reindex()
    assert (archive.index._generation() / VERSION_FILE).read_text().strip() == SCHEMA_VERSION
    assert archive.search(SearchRequest(query="microsoft")).total == 4
    archive.close()


def test_long_lived_searcher_sees_new_documents(tmp_path):
    archive = build(tmp_path / "a")
    first = archive.index._current()
    assert archive.index._current() is first  # cached while nothing changes
    assert archive.search(SearchRequest(query="zeppelin")).total == 0
    build(tmp_path / "a", emails=(mail(1, "zeppelin", "2016-05-05T00:00:00"),), sha="cd" * 32).close()
    assert archive.search(SearchRequest(query="zeppelin")).total == 1
    assert archive.index._current() is not first
    archive.close()


def test_replacing_a_document_removes_its_old_entries(tmp_path):
    archive = build(tmp_path / "a")
    assert archive.search(SearchRequest(query="licence")).total == 1
    build(tmp_path / "a", emails=EMAILS[:2]).close()  # same file, re-split into fewer emails
    assert archive.search(SearchRequest(query="licence")).total == 0
    assert len(archive.index.keys()) == 2 + 5  # two emails, pages 3-7 belong to none now
    assert not [p for p in archive.verify().problems if "index" in p]
    archive.close()


def test_every_bates_number_on_an_emails_pages_finds_it(tmp_path):
    archive = build(tmp_path / "a")
    for number in ("DEA-MSFT-000003", "DEA-MSFT-000004", "dea-msft-000004"):
        hits = archive.search(SearchRequest(query=f"bates:{number}")).hits
        assert [h.email.start_page for h in hits] == [3]
    prefix = archive.index.search(parse_query("bates:DEA-MSFT-00000*"), include_quoted=True)
    assert prefix.total == 7  # six emails (one a quoted copy) and the loose cover letter
    archive.close()


def test_index_stores_no_text(tmp_path):
    archive = build(tmp_path / "a")
    stored = SearchIndex(archive.index.root)
    snap = stored._current()
    assert set(snap.searcher.stored_fields(0)) == {"key"}
    stored.close()
    archive.close()
