"""A generated corpus of hostile PDFs: each fails alone with a clear message or is ingested
safely, in bounded time and memory, and never stops the batch."""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive import Archive, Release
from archive.search import SearchRequest
from ingest.ocr import OcrResult, Tesseract
from ingest.pdf import MAX_RENDER_PIXELS, clean_text
from ingest.pipeline import Ingest
from tests.conftest import archive_snapshot

from . import hostile
from .conftest import no_traceback, run_foia

IN_PROCESS = hostile.CORPUS
MEMORY_BOMBS = ["inflate-bomb.pdf", "wrapped-bomb.pdf", "repeated-contents.pdf", "blank-fax.pdf"]
SECONDS_PER_FILE = 20
BIDI = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}


class RecordingEngine:
    """Fake OCR that records the size of every rendered page."""

    def __init__(self) -> None:
        self.pixels: list[int] = []

    def recognise(self, image, points_per_pixel):
        self.pixels.append(image.width * image.height)
        return OcrResult("", None, None)


@pytest.fixture
def archive(home: Path):
    with Archive.open(home) as opened:
        opened.save_release(Release(slug="hostile", title="Hostile files"), actor="cli:test")
        yield opened


@pytest.fixture(scope="module")
def good_pdf(tmp_path_factory) -> Path:
    return hostile.good(tmp_path_factory.mktemp("good") / "good.pdf")


def stored_text(archive: Archive) -> dict[str, str]:
    return {d.filename: "\n".join(p.text for p in archive.store.pages(d.id)) for d in archive.store.documents()}


@pytest.mark.parametrize(("spec", "make"), IN_PROCESS, ids=[s.name for s, _ in IN_PROCESS])
def test_a_hostile_file_fails_alone_or_is_ingested_safely(tmp_path, archive, good_pdf, spec, make):
    """GIVEN a hostile file followed by a good one in one batch WHEN ingested THEN the hostile
    one gets its expected outcome (a clear per-file error, or safe ingest with its text), the good
    one is ingested, rendering stays under MAX_RENDER_PIXELS, and it all takes seconds."""
    bad = make(tmp_path / spec.name)
    engine = RecordingEngine()
    started = time.monotonic()
    summary = Ingest(archive, "hostile", engine=engine).run([bad, good_pdf])
    elapsed = time.monotonic() - started
    outcomes = {Path(o.path).name: o for o in summary.outcomes}
    outcome = outcomes[spec.name]
    assert outcome.status == spec.expect, outcome
    assert outcomes["good.pdf"].status == "ingested"
    if spec.expect == "failed":
        assert spec.says in outcome.message.lower()
        assert set(stored_text(archive)) == {"good.pdf"}, "a failed file left rows behind"
    elif spec.says:
        assert spec.says in stored_text(archive)[spec.name]
    assert bool(engine.pixels) == spec.ocr
    assert all(pixels <= MAX_RENDER_PIXELS for pixels in engine.pixels)
    assert elapsed < SECONDS_PER_FILE
    assert archive.verify().ok


def test_control_and_bidi_characters_are_stripped_and_the_text_stays_searchable(tmp_path, archive):
    from web import create_app

    pdf = hostile.control_characters(tmp_path / "control-chars.pdf")
    outcome = Ingest(archive, "hostile", engine=RecordingEngine()).run([pdf]).outcomes[0]
    text = stored_text(archive)["control-chars.pdf"]
    assert not set(hostile.HOSTILE_CHARS) & set(text), repr(text)
    assert "aardvark consignment arrives tomorrow" in text
    hits = archive.search(SearchRequest(query='"aardvark consignment"')).hits
    assert len(hits) == 1
    client = create_app({"TESTING": True, "ARCHIVE_HOME": str(archive.home)}).test_client()
    for url in (f"/d/{outcome.document_id}/p/1", "/search?q=aardvark", "/search/export.csv?q=aardvark",
                f"/api/documents/{outcome.document_id}/pages/1"):
        response = client.get(url)
        body = response.get_data(as_text=True)
        assert response.status_code == 200, url
        if response.mimetype == "text/csv":  # the byte-order mark telling Excel it is UTF-8 is no text
            body = body.removeprefix("\ufeff")
        assert not set(hostile.HOSTILE_CHARS) & set(body), url
        if response.mimetype == "text/csv":  # markup in a CSV is inert; the browser may not sniff
            assert response.headers["X-Content-Type-Options"] == "nosniff"
        else:
            assert "<script>alert(1)</script>" not in body, url


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_clean_text_leaves_no_control_or_bidi_character(text):
    cleaned = clean_text(text)
    for char in cleaned:
        assert unicodedata.category(char) != "Cc" or char in "\n\t", repr(char)
        assert unicodedata.bidirectional(char) not in BIDI, repr(char)
        assert char not in "\u200e\u200f\u061c\u2028\u2029\ufeff\ufffe\uffff", repr(char)


@pytest.mark.slow
def test_memory_bombs_are_refused_in_bounded_memory_and_the_batch_goes_on(tmp_path):
    """GIVEN four files that each take PDFium to 0.5-1 GB (a 256 MB content stream; the same deflated
    twice in ASCII85; a 50 MB stream a page names ten times; a 5 KB blank fax image declaring 190 MB)
    and a good file in one folder
    WHEN `foia ingest` runs
    THEN each bomb fails on its own, naming its file and page and what to do; the good file is
    ingested; the archive is the one the good file alone makes; and the ingest's peak RSS stays within
    a few MB of an ingest of the good file alone (it was 550 MB reading the first bomb)."""
    folder = tmp_path / "in"
    folder.mkdir()
    makers = {spec.name: make for spec, make in hostile.CORPUS}
    for name in MEMORY_BOMBS:
        makers[name](folder / name)
    hostile.good(folder / "good.pdf")
    alone = tmp_path / "alone"
    alone.mkdir()
    hostile.good(alone / "good.pdf")

    runs = {}
    for name, source in (("bombs", folder), ("alone", alone)):
        home = tmp_path / f"archive-{name}"
        assert run_foia(home, "release", "create", "hostile", "--title", "Hostile").returncode == 0
        runs[name] = run_foia(home, "ingest", str(source), "--release", "hostile", "--jobs", "1", timeout=120)
    bombs, reference = runs["bombs"], runs["alone"]
    no_traceback(bombs)
    assert bombs.returncode == 1 and reference.returncode == 0, bombs.output
    failed = {line.split(": ")[1].rsplit("/", 1)[-1]: line for line in bombs.stderr.splitlines()
              if line.startswith("  failed: ")}
    assert sorted(failed) == sorted(MEMORY_BOMBS), bombs.output
    for line in failed.values():
        assert ": page 1: " in line and "refused whole" in line and "ingest that" in line, line
    assert "1 ingested" in bombs.stdout
    queries = ["kumquat", "persimmon", "zebra"]
    with Archive.open(tmp_path / "archive-bombs", readonly=True) as archive:
        after = archive_snapshot(archive, queries)
    with Archive.open(tmp_path / "archive-alone", readonly=True) as archive:
        assert after == archive_snapshot(archive, queries)
    assert bombs.rss_mb < reference.rss_mb + 32, (bombs.rss_mb, reference.rss_mb)
    assert bombs.rss_mb < 200 and bombs.wall_s < 30, (bombs.rss_mb, bombs.wall_s)


@pytest.mark.slow
def test_three_thousand_pages_in_bounded_time_and_memory(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    hostile.thousands_of_pages(folder / "many-pages.pdf")
    home = tmp_path / "archive"
    run_foia(home, "release", "create", "hostile", "--title", "Hostile")
    run = run_foia(home, "ingest", str(folder), "--release", "hostile", "--jobs", "2", timeout=180)
    assert run.returncode == 0, run.output
    assert "3000 pages" in run.stdout
    assert run.wall_s < 60 and run.rss_mb < 400, (run.wall_s, run.rss_mb)
    with Archive.open(home, readonly=True) as archive:
        assert archive.store.counts()["pages"] == 3000
        assert archive.search(SearchRequest(query="haystack")).total == 3000


@pytest.mark.slow
@pytest.mark.tesseract
def test_the_whole_corpus_in_one_batch_with_real_ocr(tmp_path, tesseract):
    """GIVEN every hostile file and a good one in one folder WHEN `foia ingest` runs with real
    Tesseract on 2 processes THEN each file gets its outcome, named in the output, no traceback,
    within bounded wall time and memory."""
    folder = tmp_path / "in"
    corpus = hostile.build(folder)
    hostile.good(folder / "good.pdf")
    home = tmp_path / "archive"
    run_foia(home, "release", "create", "hostile", "--title", "Hostile")
    run = run_foia(home, "ingest", str(folder), "--release", "hostile", "--jobs", "2", timeout=300)
    no_traceback(run)
    assert run.returncode == 1, run.output  # some files failed, and said so
    failed = {line.split(": ")[1].rsplit("/", 1)[-1] for line in run.stderr.splitlines()
              if line.startswith("  failed: ")}
    assert failed == {name for name, (spec, _) in corpus.items() if spec.expect == "failed"}
    with Archive.open(home, readonly=True) as archive:
        stored = stored_text(archive)
        assert archive.verify().ok
    for name, (spec, _) in corpus.items():
        if spec.expect == "ingested":
            assert name in stored
            assert spec.says in stored[name]
    assert "good.pdf" in stored
    assert run.wall_s < 150 and run.rss_mb < 1024 and run.children_rss_mb < 1024, run


@pytest.mark.tesseract
def test_ocr_of_a_pathological_page_is_cut_off_by_the_page_timeout(tesseract):
    """GIVEN a 40-megapixel page of random noise (Tesseract would take minutes) WHEN OCR'd
    with a 2 s page timeout THEN it gives up after about 2 s with a clear page warning."""
    from PIL import Image

    noise = Image.effect_noise((6000, 6000), 128).convert("L")
    started = time.monotonic()
    result = Tesseract(timeout=2).recognise(noise, 0.24)
    assert time.monotonic() - started < 20
    assert result.error and "gave up after 2 s" in result.error
