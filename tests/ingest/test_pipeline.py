"""The ingest pipeline end to end on real files: idempotent, atomic, clear about bad input."""

from __future__ import annotations

import os
import shutil
from concurrent.futures import Executor, Future
from pathlib import Path

import pytest

from archive import Archive, Release
from ingest.errors import PageError
from ingest.ocr import OcrResult
from ingest.pdf import clean_text, read_text_pages
from ingest.pipeline import Ingest, discover
from ingest.redactions import redaction_log
from ingest.second_reading import has_blank_fields, may_cross_outlined_box
from tests.conftest import REALDATA

DHS = REALDATA / "dhs-2021-hqfo-00060"
FBI = REALDATA / "fbi-foipa-1417740"


@pytest.fixture
def archive(home: Path):
    with Archive.open(home) as opened:
        opened.save_release(Release(slug="real", title="Real release"), actor="cli:test")
        yield opened


class BlankEngine:
    """Fake OCR: returns nothing (error paths only)."""

    def __init__(self) -> None:
        self.calls = 0
        self.heights: list[float] = []  # of each image read, in points

    def recognise(self, image, points_per_pixel):
        self.calls += 1
        self.heights.append(image.height * points_per_pixel)
        return OcrResult("", None, None)


class CrashingEngine:
    def recognise(self, image, points_per_pixel):
        raise RuntimeError("engine exploded")


def snapshot(archive: Archive) -> dict:
    emails = sorted(
        e.id for d in archive.store.documents() for e in archive.store.emails_in_document(d.id)
    )
    return {
        "counts": archive.store.counts(),
        "emails": emails,
        "files": sorted(archive.files.all_digests()),
        "index": sorted(archive.index.keys()),
    }


def test_text_layer_release_is_ingested_without_ocr(archive):
    """A usable text layer is the page's text; the only OCR is the second reading of a
    scanned page whose layer left a header field blank or prints an outlined box's code on a
    page with header lines, and it changes only those lines."""
    engine = BlankEngine()
    summary = Ingest(archive, "real", engine=engine).run([DHS])
    assert [o.status for o in summary.outcomes] == ["ingested", "ingested"]
    layers = {(pdf.name, page.number): page for pdf in sorted(DHS.glob("*.pdf")) for page in read_text_pages(pdf)}
    blanks = [key for key, page in layers.items()
              if page.scanned and (has_blank_fields(page.text) or may_cross_outlined_box(page.text))]
    # bands of those pages only (a page's blank fields and the header lines a box may cross), no whole page
    assert len(blanks) <= engine.calls <= 2 * len(blanks), "a page with a usable text layer was OCR'd"
    assert all(height < 792 / 2 for height in engine.heights), "a whole page was OCR'd"
    stored = {(d.filename, p.number): p.text for d in archive.documents("real") for p in archive.pages(d.id)}
    assert stored == {key: clean_text(page.text) for key, page in layers.items()}  # a blank reading adds nothing
    assert summary.emails >= 1
    assert archive.verify().ok


def test_ingesting_twice_changes_nothing(archive):
    Ingest(archive, "real").run([DHS])
    before = snapshot(archive)
    summary = Ingest(archive, "real").run([DHS])
    assert {o.status for o in summary.outcomes} == {"skipped"}
    assert snapshot(archive) == before


def test_a_fresh_archive_gives_the_same_ids(tmp_path, archive):
    Ingest(archive, "real").run([DHS])
    with Archive.open(tmp_path / "other") as other:
        other.save_release(Release(slug="real", title="Real release"), actor="cli:test")
        Ingest(other, "real").run([DHS])
        assert snapshot(other)["emails"] == snapshot(archive)["emails"]


def test_same_pages_in_another_container_are_a_duplicate(tmp_path, archive):
    import pypdfium2 as pdfium

    source = DHS / "2021-HQFO-00060.pdf"
    copy = tmp_path / "resaved.pdf"
    pdf = pdfium.PdfDocument(str(source))
    pdf.save(str(copy), version=17)  # a new container around the same pages
    pdf.close()
    assert copy.read_bytes() != source.read_bytes()
    Ingest(archive, "real").run([source])
    index_before = sorted(archive.index.keys())
    summary = Ingest(archive, "real").run([copy])
    assert [o.status for o in summary.outcomes] == ["duplicate"]
    assert sorted(archive.index.keys()) == index_before


def test_a_copy_of_a_hidden_document_is_no_duplicate_and_a_duplicate_stands_in_once_its_original_is_hidden(
        tmp_path, archive):
    """GIVEN a document in a release restricted to one person WHEN the same pages in another
    container are ingested into a public release THEN they are stored and searchable there (they
    were a "duplicate" never indexed: unfindable by anyone but that person, and the message named
    the hidden document). GIVEN a public duplicate of a public document WHEN the original's
    release is withdrawn THEN the duplicate is searched in its place, and no longer when restored."""
    import pypdfium2 as pdfium

    from archive.model import Release as _Release

    source = DHS / "2021-HQFO-00060.pdf"
    copies = []
    for version in (17, 16):
        copy = tmp_path / f"resaved-{version}.pdf"
        pdf = pdfium.PdfDocument(str(source))
        pdf.save(str(copy), version=version)
        pdf.close()
        copies.append(copy)
    archive.add_account("ed@example.org", "editor", actor="cli:test")
    for slug in ("secret", "public", "later"):
        archive.save_release(_Release(slug=slug, title=slug), actor="cli:test")
    archive.restrict_release("secret", people=["ed@example.org"], actor="cli:test")
    Ingest(archive, "secret").run([source])
    secret_keys = set(archive.index.keys())
    summary = Ingest(archive, "public").run([copies[0]])
    assert [o.status for o in summary.outcomes] == ["ingested"]
    public_keys = set(archive.index.keys()) - secret_keys
    assert public_keys == {f"e:{e.id}" for e in archive.store.emails_in_document(summary.outcomes[0].document_id)}

    summary = Ingest(archive, "later").run([copies[1]])  # the public copy stands for it
    assert [o.status for o in summary.outcomes] == ["duplicate"]
    assert set(archive.index.keys()) == secret_keys | public_keys
    later = {f"e:{e.id}" for e in archive.store.emails_in_document(summary.outcomes[0].document_id)}
    archive.withdraw_release("public", "produced in error")
    assert later and later <= set(archive.index.keys())
    assert not [p for p in archive.verify().problems if "index" in p]  # verify expects what stands in
    assert archive.release_stats("later").documents == 1  # counted and listed as well as searched
    archive.restore_release("public")
    assert set(archive.index.keys()) == secret_keys | public_keys
    assert archive.release_stats("later").documents == 0


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("empty.pdf", b"", "empty"),
        ("photo.pdf", b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\x00" * 200, "JPEG"),
        ("notes.pdf", b"just some text, not a pdf", "not a PDF"),
        ("truncated.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "corrupt or truncated"),
    ],
)
def test_bad_files_fail_alone_with_a_clear_message(tmp_path, archive, name, content, says):
    bad = tmp_path / name
    bad.write_bytes(content)
    good = tmp_path / "good.pdf"
    shutil.copy(DHS / "denial-letter.pdf", good)
    summary = Ingest(archive, "real").run([bad, good])
    by_name = {Path(o.path).name: o for o in summary.outcomes}
    assert by_name[name].status == "failed"
    assert says in by_name[name].message
    assert by_name["good.pdf"].status == "ingested"
    assert archive.store.counts()["documents"] == 1


def test_an_encrypted_pdf_names_the_remedy(tmp_path, archive):
    import pypdfium2 as pdfium
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    locked = tmp_path / "locked.pdf"
    enc = pdfencrypt.StandardEncryption("secret", ownerPassword="owner")
    c = canvas.Canvas(str(locked), encrypt=enc)
    c.drawString(72, 700, "From: someone")
    c.save()
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(str(locked))
    summary = Ingest(archive, "real").run([locked])
    assert summary.outcomes[0].status == "failed"
    assert "password" in summary.outcomes[0].message


def test_a_crashing_ocr_engine_keeps_the_page_and_warns(archive):
    summary = Ingest(archive, "real", engine=CrashingEngine()).run([FBI / "9_8a.pdf"])
    outcome = summary.outcomes[0]
    assert outcome.status == "ingested"
    assert outcome.pages == 2 and outcome.ocr_pages == 2
    assert any("page 1" in w and "engine exploded" in w for w in outcome.warnings)
    assert [p.number for p in archive.store.pages(outcome.document_id)] == [1, 2]


def test_discover_finds_pdfs_in_folders_in_a_stable_order(tmp_path):
    (tmp_path / "b").mkdir()
    for name in ["b/2.pdf", "1.PDF", "notes.txt", "b/0.pdf"]:
        (tmp_path / name).write_bytes(b"x")
    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path, tmp_path / "1.PDF"])]
    assert found == ["1.PDF", "b/0.pdf", "b/2.pdf"]


@pytest.mark.tesseract
def test_scanned_pages_are_ocrd_with_bates_and_codes(archive, tesseract):
    """GIVEN an FBI page with no text layer WHEN ingested THEN Tesseract reads its Bates stamp
    and per-line exemption codes, and the page is searchable."""
    summary = Ingest(archive, "real", jobs=2).run([FBI / "9_8b.pdf"])
    outcome = summary.outcomes[0]
    assert outcome.status == "ingested" and outcome.ocr_pages == 5
    pages = archive.store.pages(outcome.document_id)
    assert all(p.source == "ocr" and p.ocr_confidence and p.ocr_confidence > 50 for p in pages)
    assert [p.bates for p in pages[1:]] == [f"19-cv-4048(FBI)-{n}" for n in range(1824, 1828)]
    assert "(b)(7)(C)" in pages[1].exemptions
    assert pages[0].kind == "deleted"
    assert all(p.kind != "email" for p in pages), "FBI electronic communications are not emails"
    # The redaction log: the deleted-page sheet with the reasons printed on it, then each
    # margin code beside the line it withholds, on its Bates page.
    log = redaction_log(archive, "real")
    sheet = log.rows[0]
    assert (sheet.page, sheet.line, sheet.where) == (1, 0, "deleted-page sheet")
    assert {"(b)(5)", "(b)(6)", "(b)(7)(C)"} <= set(sheet.codes)
    margin = [r for r in log.rows if r.page == 2]
    assert {code for r in margin for code in r.codes} >= {"(b)(6)", "(b)(7)(C)"}
    assert all(r.bates == "19-cv-4048(FBI)-1824" and r.line > 0 for r in margin)
    # Page 2 prints 12 margin codes, six b6/b7C pairs (From, Approved By, Title, Synopsis,
    # Administrative, the foot of the page). The page-wide reading garbles the two b6 printed
    # right after a box's outline ("and[ ETE TOPS pg cava per Fos"); read again on its own, the
    # Administrative one reads; the Synopsis one, printed across the box's top edge, does not.
    assert len(margin) >= 11
    assert any(r.codes == ("(b)(6)",) and "-1,-3 Per FBI" in r.context for r in margin)
    assert dict(log.by_exemption)["(b)(7)(C)"] >= 3


@pytest.mark.tesseract
def test_a_productions_gaps_are_told_apart_from_stamps_ocr_lost(archive, tesseract):
    """GIVEN a scanned FBI file stamped -1957..-1962 and -1965, page 4's stamp too damaged to read
    WHEN its production is checked THEN -1959 is page 4's unread stamp, -1963..-1964 are on no
    page, inside the file whose deleted-page sheet lists the two pages it deleted, and the sheet is
    counted with them."""
    summary = Ingest(archive, "real", jobs=2).run([FBI / "9_8d.pdf"])
    assert summary.outcomes[0].status == "ingested"
    report = archive.completeness("real")
    (sequence,) = report.sequences
    assert (sequence.first, sequence.last) == ("19-cv-4048(FBI)-1957", "19-cv-4048(FBI)-1965")
    explained, unexplained = sequence.gaps
    assert (explained.first, explained.count) == ("19-cv-4048(FBI)-1959", 1)
    assert [p.page for p in explained.unread] == [4]
    assert (unexplained.first, unexplained.last, unexplained.unread, unexplained.sheet.page) == (
        "19-cv-4048(FBI)-1963", "19-cv-4048(FBI)-1964", (), 1)
    assert [(w.withheld, w.deleted, w.deleted_pages) for w in report.withheld] == [(0, 1, 2)]


def test_cover_letters_are_not_emails(archive):
    summary = Ingest(archive, "real").run([DHS / "denial-letter.pdf", FBI / "release-letter.pdf"])
    for outcome in summary.outcomes:
        assert outcome.status == "ingested" and outcome.emails == 0
        pages = archive.store.pages(outcome.document_id)
        assert {p.kind for p in pages} == {"cover-letter"}
    letter = archive.store.pages(summary.outcomes[1].document_id)
    assert {"(b)(6)", "(b)(7)(C)", "(b)(7)(E)"} <= set(letter[0].exemptions)


def test_an_inline_redacted_sender_is_kept_as_its_code(archive):
    """GIVEN the DHS thread whose OCR layer reads "From: (b)(6)" WHEN ingested THEN the email's
    sender is a redaction, not an error, and its sent date is read."""
    outcome = Ingest(archive, "real").run([DHS / "2021-HQFO-00060.pdf"]).outcomes[0]
    emails = archive.store.emails_in_document(outcome.document_id)
    top = [e for e in emails if not e.quoted]
    assert top and top[0].sender is not None and top[0].sender.redactions == ("(b)(6)",)
    assert top[0].sent and top[0].sent.startswith("2020-10-14T06:55")


@pytest.mark.tesseract
def test_a_state_law_response_letter_keeps_its_codes_as_written(archive, tesseract):
    letter = REALDATA / "chicago-cpd-foia-15-3569" / "FOIA 15-3569 response letter.pdf"
    outcome = Ingest(archive, "real", jobs=2).run([letter]).outcomes[0]
    pages = archive.store.pages(outcome.document_id)
    assert outcome.emails == 0 and {p.kind for p in pages} == {"cover-letter"}
    assert "7(1)(f)" in {code for p in pages for code in p.exemptions}


def test_pdfs_embedded_in_a_pdf_are_ingested_as_documents_of_the_release(tmp_path, archive):
    import pypdfium2 as pdfium

    inner = DHS / "2021-HQFO-00060.pdf"
    outer = tmp_path / "portfolio.pdf"
    pdf = pdfium.PdfDocument(str(DHS / "denial-letter.pdf"))
    pdf.new_attachment("thread.pdf").set_data(inner.read_bytes())
    pdf.save(str(outer))
    pdf.close()
    summary = Ingest(archive, "real").run([outer])
    assert [o.status for o in summary.outcomes] == ["ingested", "ingested"]
    assert summary.outcomes[1].path.endswith("▸ thread.pdf")
    documents = {d.filename: d for d in archive.store.documents("real")}
    parent = documents["portfolio.pdf"]
    child = next(d for d in documents.values() if d is not parent)
    assert child.parent_sha256 == parent.sha256
    assert archive.files.has(child.sha256), "the embedded file is kept byte for byte"
    assert summary.outcomes[1].emails >= 1


def _abort(path):
    """Stands for PDFium crashing on what a PDF carries (a segfault no ``except`` catches)."""
    os.abort()


def test_a_pdf_whose_attached_files_crash_the_reader_is_stored_and_says_so(tmp_path, archive, monkeypatch):
    """GIVEN a PDF whose attached files crash PDFium in whatever process reads them WHEN it is
    ingested THEN the document is stored, and the summary names its attached files as not read,
    saying why and what to do (they were dropped without a word)."""
    from ingest import pipeline
    from tests.reliability.hostile import good

    monkeypatch.setattr(pipeline, "embedded_pdfs", _abort)  # the pool's processes are forked: they see it
    summary = Ingest(archive, "real").run([good(tmp_path / "a.pdf")])
    assert [(Path(o.path).name, o.status) for o in summary.outcomes] == [
        ("a.pdf", "ingested"), ("a.pdf ▸ (its attached files)", "failed")]
    message = summary.outcomes[1].message
    assert "the document itself is stored" in message and "crashed on this file twice" in message
    assert "ask for the file again" in message
    assert [d.filename for d in archive.store.documents()] == ["a.pdf"]


def test_a_file_the_email_reader_fails_on_is_refused_as_the_readers_fault_the_archive_as_it_was(
        tmp_path, archive, monkeypatch):
    """GIVEN a fault in the reader itself (as an IndexError a layout once raised in splitting) WHEN a
    PDF is ingested THEN its outcome is failed, naming the file, calling it foia-archive's fault and
    saying what to do (was: "list index out of range" alone), and nothing of it is stored; the
    batch's other files go on."""
    from ingest import pipeline
    from tests.reliability.hostile import LINE, _reportlab, good

    def fault(texts, *args, **kwargs):
        if any("fault" in text for text in texts):
            raise IndexError("list index out of range")
        return real(texts, *args, **kwargs)

    real = pipeline.emails_from_pages
    monkeypatch.setattr(pipeline, "emails_from_pages", fault)
    bad, fine = _reportlab(tmp_path / "bad.pdf", [LINE + "\na fault here"]), good(tmp_path / "fine.pdf")
    summary = Ingest(archive, "real").run([bad, fine])
    by_name = {Path(o.path).name: o for o in summary.outcomes}
    assert (by_name["bad.pdf"].status, by_name["fine.pdf"].status) == ("failed", "ingested")
    message = by_name["bad.pdf"].message
    assert "IndexError" in message and "report this" in message and "archive is as it was" in message
    assert [d.filename for d in archive.store.documents()] == ["fine.pdf"]


class DiesOnce:
    """Fake OCR whose first call kills its worker process (as a crash in Tesseract would)."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def recognise(self, image, points_per_pixel):
        import os

        if not os.path.exists(self.marker):
            open(self.marker, "w").close()
            os._exit(1)
        return OcrResult("recovered page text", 90.0, None)


def test_a_dead_ocr_worker_does_not_stop_the_batch(tmp_path, archive):
    """GIVEN an OCR worker process that dies on its first page WHEN two scanned files are
    ingested with two processes THEN the pool is replaced, every page is OCR'd, both files land."""
    summary = Ingest(archive, "real", jobs=2, engine=DiesOnce(str(tmp_path / "died"))).run(
        [FBI / "9_8a.pdf", FBI / "9_8e.pdf"])
    assert [o.status for o in summary.outcomes] == ["ingested", "ingested"]
    for outcome in summary.outcomes:
        assert {p.text for p in archive.store.pages(outcome.document_id)} == {"recovered page text"}


class DiesOnWidePages:
    """Fake OCR that kills its worker on any page wider than 1000 points, every time (a page that
    crashes the renderer or Tesseract); reads every other page."""

    def recognise(self, image, points_per_pixel):
        import os

        if image.width * points_per_pixel > 1000:
            os._exit(1)
        return OcrResult("read page text", 90.0, None)


def test_a_page_that_kills_every_local_ocr_worker_fails_its_document_and_the_batch_goes_on(tmp_path, archive):
    """GIVEN page 2 of poison.pdf killing every OCR worker that reads it WHEN it is ingested with the
    local pool between two good files THEN, as with --workers, poison.pdf fails naming page 2 after
    a retry in a fresh pool, nothing of it is stored, and both good files are ingested."""
    from reportlab.pdfgen import canvas

    poison = canvas.Canvas(str(tmp_path / "poison.pdf"), pagesize=(612, 792))
    poison.drawString(72, 700, "From: Jane Roe. This first page has an ordinary text layer for reading.")
    poison.showPage()
    poison.setPageSize((1200, 792))  # page 2: blank (so OCR'd) and wide
    poison.showPage()
    poison.save()
    files = [shutil.copy(FBI / "9_8a.pdf", tmp_path / "a.pdf"), tmp_path / "poison.pdf",
             shutil.copy(FBI / "9_8e.pdf", tmp_path / "b.pdf")]
    summary = Ingest(archive, "real", jobs=2, engine=DiesOnWidePages()).run(files)
    outcomes = {Path(o.path).name: o for o in summary.outcomes}
    assert [outcomes[n].status for n in ("a.pdf", "poison.pdf", "b.pdf")] == ["ingested", "failed", "ingested"], outcomes
    assert outcomes["poison.pdf"].message.startswith("page 2: an OCR worker died on this page twice")
    assert sorted(d.filename for d in archive.store.documents()) == ["a.pdf", "b.pdf"]
    assert archive.verify().ok


class GivingUpExecutor(Executor):
    """Fake Celery executor: gives up on page 2 of poison.pdf as CeleryExecutor does after
    MAX_DELIVERIES worker deaths (error path only); runs every other page here."""

    def __init__(self, broker: str) -> None:
        self.broker = broker

    def submit(self, fn, /, *args, **kwargs):
        path, number, _, _ = args
        future: Future = Future()
        if Path(path).name == "poison.pdf" and number == 2:
            future.set_exception(PageError(path, "an OCR worker died on this page 3 times", page=number))
        else:
            future.set_result(fn(*args, **kwargs))
        return future


def test_a_page_the_workers_give_up_on_fails_its_document_and_the_batch_goes_on(tmp_path, archive, monkeypatch):
    """GIVEN OCR workers that give up on page 2 of poison.pdf WHEN it is ingested between two good files
    THEN poison.pdf fails naming page 2, nothing of it is stored, and both good files are ingested."""
    from reportlab.pdfgen import canvas

    from ingest import workers
    from tests.reliability.hostile import good

    monkeypatch.setattr(workers, "CeleryExecutor", GivingUpExecutor)
    poison = canvas.Canvas(str(tmp_path / "poison.pdf"))
    poison.drawString(72, 700, "From: Jane Roe. This first page has an ordinary text layer for reading.")
    for _ in range(3):
        poison.showPage()  # pages 2 and 3 are blank: they go to the workers
    poison.save()
    files = [good(tmp_path / "a.pdf"), tmp_path / "poison.pdf", shutil.copy(FBI / "9_8a.pdf", tmp_path / "b.pdf")]
    summary = Ingest(archive, "real", engine=BlankEngine(), workers="redis://unused").run(files)
    outcomes = {Path(o.path).name: o for o in summary.outcomes}
    assert [outcomes[n].status for n in ("a.pdf", "poison.pdf", "b.pdf")] == ["ingested", "failed", "ingested"], outcomes
    assert outcomes["poison.pdf"].message == "page 2: an OCR worker died on this page 3 times"
    assert sorted(d.filename for d in archive.store.documents()) == ["a.pdf", "b.pdf"]
    assert archive.verify().ok


def _ingest_with_crashing_pdfium(tmp_path, bad: str, jobs: int, **env: str):
    """`foia ingest --jobs N` of three PDFs, the second named ``bad`` (tests/ingest/crashing_pdfium.py):
    (the folder, the command's result)."""
    import subprocess
    import sys

    from tests.conftest import ROOT
    from tests.harbor import PAGES
    from tests.web.conftest import make_pdf

    folder = tmp_path / "batch"
    folder.mkdir()
    for name, page in (("a-first", PAGES[0]), (bad, PAGES[1]), ("z-last", PAGES[2])):
        make_pdf(folder / f"{name}.pdf", [page])
    command = [sys.executable, "-c", "from tests.ingest.crashing_pdfium import main; main()",
               "--home", str(tmp_path / "home")]
    environ = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    subprocess.run([*command, "release", "create", "crash", "--title", "Crash"], env=environ, check=True,
                   capture_output=True)
    return folder, subprocess.run([*command, "ingest", str(folder), "--release", "crash", "--jobs", str(jobs)],
                                  env=environ, capture_output=True, text=True, timeout=300)


def _refused_alone(tmp_path, folder, done, name: str) -> str:
    """The failure line of ``name`` (it alone failed, nothing of it stored, the others ingested)."""
    assert done.returncode == 1, done.stdout + done.stderr
    assert "release crash: 2 ingested" in done.stdout and "1 failed" in done.stdout
    (failed,) = [line for line in done.stderr.splitlines() if line.startswith("  failed:")]
    assert failed.startswith(f"  failed: {folder / name}: ")
    with Archive.open(tmp_path / "home", readonly=True) as archive:
        assert sorted(d.filename for d in archive.documents()) == ["a-first.pdf", "z-last.pdf"]
    return failed


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_pdf_that_hangs_the_pdf_reader_is_refused_alone_in_bounded_time(tmp_path, jobs):
    """GIVEN three PDFs, the second of which PDFium never finishes reading (a loop in C: no Python
    timeout reaches into it) and FOIA_PDF_READ_TIMEOUT=3 WHEN `foia ingest --jobs N` reads them
    THEN that file alone fails, named, saying how long it may take and the setting; the others
    are ingested (the batch waited for it for ever)."""
    opened = tmp_path / "opened.log"
    folder, done = _ingest_with_crashing_pdfium(tmp_path, "endless", jobs, FOIA_PDF_READ_TIMEOUT="3",
                                                CRASHING_PDFIUM_LOG=str(opened))
    failed = _refused_alone(tmp_path, folder, done, "endless.pdf")
    assert "longer than 3 s" in failed and "FOIA_PDF_READ_TIMEOUT" in failed and "nothing of it was stored" in failed
    # waited for once, not again alone (it was this file) nor again to read its text (refused as counted)
    assert opened.read_text().splitlines() == ["endless.pdf"]


def test_a_scanned_page_whose_drawing_hangs_pdfium_fails_its_document_in_bounded_time(tmp_path, tesseract):
    """GIVEN three PDFs, the second a scanned page whose text PDFium reads (none) but whose drawing
    for OCR never returns, and FOIA_PDF_READ_TIMEOUT=3 WHEN `foia ingest --jobs 2` reads them THEN
    that document fails, naming its page, the time and the setting, after two tries (the pool's,
    then alone); the others are ingested (the ingest waited for the page for ever)."""
    import subprocess
    import sys

    from reportlab.pdfgen import canvas

    from tests.conftest import ROOT
    from tests.harbor import PAGES
    from tests.web.conftest import make_pdf

    folder, opened = tmp_path / "batch", tmp_path / "opened.log"
    folder.mkdir()
    make_pdf(folder / "a-first.pdf", [PAGES[0]])
    make_pdf(folder / "z-last.pdf", [PAGES[2]])
    scan = canvas.Canvas(str(folder / "stuckdraw.pdf"), pagesize=(612, 792))
    scan.rect(72, 600, 300, 40, fill=1, stroke=0)  # ink, no text: the page needs OCR
    scan.showPage()
    scan.save()
    command = [sys.executable, "-c", "from tests.ingest.crashing_pdfium import main; main()",
               "--home", str(tmp_path / "home")]
    environ = {**os.environ, "PYTHONPATH": str(ROOT), "FOIA_PDF_READ_TIMEOUT": "3", "CRASHING_PDFIUM_LOG": str(opened)}
    subprocess.run([*command, "release", "create", "crash", "--title", "Crash"], env=environ, check=True,
                   capture_output=True)
    done = subprocess.run([*command, "ingest", str(folder), "--release", "crash", "--jobs", "2"],
                          env=environ, capture_output=True, text=True, timeout=300)
    failed = _refused_alone(tmp_path, folder, done, "stuckdraw.pdf")
    assert "page 1: an OCR worker died on this page twice" in failed and "longer than 3 s" in failed, failed
    assert opened.read_text().splitlines() == ["stuckdraw.pdf", "stuckdraw.pdf"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_pdf_that_crashes_the_pdf_reader_is_refused_alone_and_the_batch_goes_on(tmp_path, jobs):
    """GIVEN three PDFs, the second of which crashes PDFium in whatever process opens it (a
    SIGABRT, as a double free in C would; tests/ingest/crashing_pdfium.py) WHEN `foia ingest
    --jobs N` reads them THEN that file alone fails, named, saying the reader crashed and what to
    do, nothing of it is stored, and the files before and after it are ingested (with --jobs 1,
    and in every mode while pages were counted, PDFium ran in the ingest process: the batch died
    with the file)."""
    folder, done = _ingest_with_crashing_pdfium(tmp_path, "poison", jobs)
    failed = _refused_alone(tmp_path, folder, done, "poison.pdf")
    assert "crashed" in failed and "nothing of it was stored" in failed and "ask for the file again" in failed


@pytest.mark.parametrize("failure", ["error", "crash"])
def test_a_page_whose_band_reading_fails_costs_only_its_own_repair(tmp_path, archive, monkeypatch, failure):
    """GIVEN four real scanned one-page files whose producer's layer prints "To:" with nothing
    beside it, their bands read in one task (several pages a Tesseract process), and the third
    file's bands failing to draw (PDFium raising, or crashing its process) WHEN ingested THEN
    the other three still take "To: H" from the second reading (read again alone: the failure
    was not theirs) and the third is stored as its layer prints it, with a warning naming the
    page (the whole task's failure dropped every page's repair, silently)."""
    import ingest.pages
    from tests.conftest import unavailable

    names = ("C05739550.pdf", "C05739564.pdf", "C05739562.pdf", "C05739631.pdf")
    folder = tmp_path / "batch"
    folder.mkdir()
    for order, name in enumerate(names):
        if not (REALDATA / "clinton-hrc296" / name).is_file():
            unavailable(f"{name} is missing (the shared real data)")
        shutil.copy(REALDATA / "clinton-hrc296" / name, folder / f"{order}-{'bad' if order == 2 else 'good'}.pdf")
    drawn = ingest.pages.blank_label_bands

    def failing(path, number):  # type: ignore[no-untyped-def]
        if Path(path).name.endswith("bad.pdf"):
            if failure == "crash":
                os.abort()
            raise RuntimeError("Failed to load page.")  # as pypdfium2's PdfiumError says it
        return drawn(path, number)

    monkeypatch.setattr(ingest.pages, "blank_label_bands", failing)
    summary = Ingest(archive, "real", jobs=2).run([folder])
    assert [o.status for o in summary.outcomes] == ["ingested"] * 4
    first_pages = {d.filename: archive.pages(d.id)[0].text for d in archive.documents("real")}
    for name, text in first_pages.items():
        lines = [" ".join(line.split()) for line in text.splitlines()]
        assert ("To: H" in lines) == name.endswith("good.pdf"), (name, lines)
    (bad,) = [o for o in summary.outcomes if o.path.endswith("bad.pdf")]
    assert len(bad.warnings) == 1 and "page 1: the header values its text layer left blank could not be read again" \
        in bad.warnings[0], bad.warnings
    assert all(not o.warnings for o in summary.outcomes if o is not bad)


@pytest.mark.parametrize("name, recorded", [
    ("memo\nto staff.pdf", "memo to staff.pdf"),
    ("invoice\u202efdp.exe.pdf", "invoicefdp.exe.pdf"),
    ("  tabbed\tname .pdf", "tabbed name .pdf"),
])
def test_a_file_name_is_recorded_as_one_clean_line_as_an_upload_records_it(tmp_path, archive, name, recorded):
    """GIVEN a file whose name holds a newline, a right-to-left override or runs of blanks
    WHEN `foia ingest` reads it from a folder
    THEN its document records the name as an upload of it would (its citation one readable line)."""
    from reportlab.pdfgen import canvas

    from ingest.uploads import document_name

    path = tmp_path / name
    drawing = canvas.Canvas(str(path), invariant=True)
    drawing.drawString(72, 700, "From: Invented Sender\nSubject: Invented")
    drawing.save()
    summary = Ingest(archive, "real").run([path])
    assert summary.outcomes[0].status == "ingested"
    (document,) = archive.documents("real")
    assert document.filename == recorded == document_name(name)


def test_a_file_already_in_another_release_is_skipped_saying_so(tmp_path, archive):
    """GIVEN a file ingested into one release
    WHEN the same bytes are ingested into another release
    THEN the skip says it is in another release and was not added to this one (not just
    "already in the archive", which reads as done), and this release stays empty."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "memo.pdf"
    drawing = canvas.Canvas(str(path), invariant=True)
    drawing.drawString(72, 700, "From: Invented Sender")
    drawing.save()
    Ingest(archive, "real").run([path])
    assert Ingest(archive, "real").run([path]).outcomes[0].message == "already in the archive"
    archive.save_release(Release(slug="second", title="Invented second release"))
    (outcome,) = Ingest(archive, "second").run([path]).outcomes
    assert outcome.status == "skipped"
    assert "in another release" in outcome.message and "not added to 'second'" in outcome.message
    assert archive.documents("second") == []


def test_a_link_to_nowhere_in_a_folder_is_reported_not_passed_over(tmp_path, archive):
    """GIVEN a folder holding a symbolic link named as a PDF whose target is missing (a git-annex
    file whose content was never fetched)
    WHEN the folder is ingested
    THEN that file fails by name, saying it cannot be read (it was silently left out)."""
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "annexed.pdf").symlink_to(tmp_path / "content-not-fetched")
    (outcome,) = Ingest(archive, "real").run([folder]).outcomes
    assert (Path(outcome.path).name, outcome.status) == ("annexed.pdf", "failed")
    assert "cannot read the file" in outcome.message


def test_the_summary_counts_emails_as_the_site_does(tmp_path):
    """GIVEN a PDF whose third page prints a reply quoting a message WHEN ingested THEN the summary
    (and the batch page, which shows the same counts) says as many emails as the release's page:
    the quoted copy printed inside the reply is no email of the file's count (was: 5 against 4)."""
    from tests.harbor import PAGES, RELEASE
    from tests.web.conftest import make_pdf

    pdf = make_pdf(tmp_path / "harbor.pdf", PAGES)
    with Archive.open(tmp_path / "home") as archive:
        archive.save_release(RELEASE, actor="cli:test")
        summary = Ingest(archive, RELEASE.slug).run([pdf])
        (document,) = archive.documents()
        assert any(e.quoted for e in archive.emails_in_document(document.id))
        assert summary.emails == summary.outcomes[0].emails == archive.release_stats(RELEASE.slug).emails == 4


def test_an_underscored_bates_prefix_one_document_prints_is_every_scanned_document_of_the_release_s(tmp_path, archive):
    """OCR failure, blurred scans of an underscored prefix: a document none of whose footers kept
    the underscore ("HBR 0000003") in a release whose other documents print it ("HBR_0000001")
    is read with it once the batch is in (a scan loses an underscore, never makes one up);
    reading the release again changes nothing. A born-digital document's stamps are as its text
    prints them ("HBR 0000005": a text layer loses no underscore; was read "HBR_0000005")."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from ingest.pipeline import mend_from_release

    def stamped(name: str, first: int, prefix: str, scan: bool = False) -> Path:
        pdf = tmp_path / name
        drawing = canvas.Canvas(str(pdf), pagesize=(612, 792), invariant=True)
        for index in range(2):
            if scan:  # (a scan under the producer's OCR layer: the page's image covers it)
                drawing.drawImage(ImageReader(Image.new("L", (306, 396), 250)), 0, 0, 612, 792)
            lines = ["From: Jane Roe <jroe@harbor.example.gov>", "Sent: Monday, March 4, 2019 9:15 AM",
                     "To: John Doe <jdoe@harbor.example.gov>", f"Subject: Pier {name} {index}", "", "Pier."]
            for row, line in enumerate(lines):
                drawing.drawString(72, 720 - 16 * row, line)
            drawing.drawString(450, 40, f"{prefix}{first + index:07d}")
            drawing.showPage()
        drawing.save()
        return pdf

    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.move(stamped("a.pdf", 1, "HBR_"), folder / "a.pdf")
    shutil.move(stamped("b.pdf", 3, "HBR ", scan=True), folder / "b.pdf")
    shutil.move(stamped("c.pdf", 5, "HBR "), folder / "c.pdf")
    Ingest(archive, "real", jobs=1).run([folder])
    stamps = sorted(page.bates for document in archive.documents("real") for page in archive.pages(document.id))
    assert stamps == ["HBR 0000005", "HBR 0000006", "HBR_0000001", "HBR_0000002", "HBR_0000003", "HBR_0000004"]
    assert mend_from_release(archive, "real") == []


def test_a_one_page_document_is_read_with_the_stamp_its_release_prints(tmp_path, archive):
    """Layout family, productions of short documents: GIVEN a release whose three-page document
    is stamped "HBR-OPS-22-00001" to "-00003" (a prefix ending in a year, read only where a run of
    pages rises through it) and a one-page document stamped "HBR-OPS-22-00004" WHEN the batch is in
    THEN the one-page document's page reads its stamp (was: none, no run of its own to learn it
    from); a one-page document printing a docket number of another prefix stays unstamped, and
    reading the release again changes nothing."""
    from reportlab.pdfgen import canvas

    from ingest.pipeline import mend_from_release

    def stamped(name: str, stamps: list[str]) -> Path:
        pdf = tmp_path / name
        drawing = canvas.Canvas(str(pdf), pagesize=(612, 792), invariant=True)
        for index, stamp in enumerate(stamps):
            lines = ["From: Jane Roe <jroe@harbor.example.gov>", "Sent: Monday, March 4, 2019 9:15 AM",
                     "To: John Doe <jdoe@harbor.example.gov>", f"Subject: Pier {name} {index}", "", "Pier."]
            for row, line in enumerate(lines):
                drawing.drawString(72, 720 - 16 * row, line)
            drawing.drawString(450, 40, stamp)
            drawing.showPage()
        drawing.save()
        return pdf

    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.move(stamped("a.pdf", [f"HBR-OPS-22-{n:05d}" for n in (1, 2, 3)]), folder / "a.pdf")
    shutil.move(stamped("b.pdf", ["HBR-OPS-22-00004"]), folder / "b.pdf")
    shutil.move(stamped("c.pdf", ["F-2015-04841"]), folder / "c.pdf")
    shutil.move(stamped("d.pdf", ["please log request HBR-OPS-22-00017"]), folder / "d.pdf")  # (a sentence's)
    Ingest(archive, "real", jobs=1).run([folder])
    stamps = {document.filename: [page.bates for page in archive.pages(document.id)]
              for document in archive.documents("real")}
    assert stamps == {"a.pdf": ["HBR-OPS-22-00001", "HBR-OPS-22-00002", "HBR-OPS-22-00003"],
                      "b.pdf": ["HBR-OPS-22-00004"], "c.pdf": [None], "d.pdf": [None]}
    (email,) = archive.emails_in_document(next(d.id for d in archive.documents("real") if d.filename == "b.pdf"))
    assert email.bates_start == "HBR-OPS-22-00004"
    assert mend_from_release(archive, "real") == []
