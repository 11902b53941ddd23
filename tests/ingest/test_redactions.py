"""The redaction log on the ingested samples (real Tesseract on the scanned parts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive import Archive, Release
from archive.search import SearchRequest
from ingest.redactions import redaction_log, redactions
from tests.conftest import REALDATA


def test_the_log_covers_every_document_and_a_bounded_log_says_it_is_partial(samples_archive: Path):
    """GIVEN dea-microsoft (three files, codes in headers and text, a withheld page and a
    deleted-page sheet) WHEN its log is read whole, streamed, and bounded to one file's pages
    THEN whole and streamed agree, every row is on a page that prints its codes, the withheld
    page is a row, and the bounded log reads one document and says it is not complete."""
    with Archive.open(samples_archive, readonly=True) as archive:
        whole = redaction_log(archive, "dea-microsoft")
        assert whole.complete and whole.documents == 3
        assert list(redactions(archive, "dea-microsoft")) == list(whole.rows)
        assert {"page withheld in full", "deleted-page sheet", "To", "body"} <= {r.where for r in whole.rows}
        for row in whole.rows:
            if row.line:
                page = archive.page(row.document_id, row.page)
                assert row.bates == page.bates and set(row.codes) <= set(page.exemptions), row
            if row.email_id and row.line:  # one rule: what the log places on an email, it holds
                assert set(row.codes) <= set(archive.email(row.email_id).exemptions), row
        first = redaction_log(archive, "dea-microsoft", max_pages=1)
        assert (first.documents_read, first.complete) == (1, False)
        assert set(first.rows) < set(whole.rows)
        assert dict(whole.by_exemption)["(b)(6)"] > dict(first.by_exemption)["(b)(6)"]


def test_a_releases_page_counts_are_the_pages_its_log_lists(samples_archive: Path):
    """GIVEN the samples (a cover letter whose bullets explain (b)(5) and (b)(6)) WHEN a release's
    exemption counts are read THEN each code's pages are the pages its redaction log lists under
    it (was: the cover letter counted as withholding, on the release page and to `exemption:`
    search, the log leaving it out); the letter's page keeps the codes it explains."""
    with Archive.open(samples_archive, readonly=True) as archive:
        for release in ("dea-microsoft", "city-pd-pilot"):
            logged: dict[str, set[tuple[str, int]]] = {}
            for row in redactions(archive, release):
                for code in row.codes:
                    logged.setdefault(code, set()).add((row.document_id, row.page))
            counted = {code: pages for code, _emails, pages in archive.release_exemptions(release) if pages}
            assert counted == {code: len(pages) for code, pages in logged.items()}, release
            letters = {(p.document_id, p.number) for d in archive.documents(release) for p in archive.pages(d.id)
                       if p.kind == "cover-letter" and p.exemptions}
            found = archive.search(SearchRequest(query=f'exemption:"{counted and min(counted)}" release:{release}',
                                                 page_size=500)).hits
            assert letters and not letters & {tuple(h.key[2:].rsplit(":", 1)) for h in found if h.key.startswith("p:")}


# What the FBI's pages print, read off their images: each file's deleted-page sheet (with the
# codes it states), and per page the exemption code printed beside each withheld line (one
# entry a printed code: "b6 -1 Per FBI" beside "b7C -1 Per FBI" is (b)(6) and (b)(7)(C)).
B3, B5, B6, B7C, B7E = "(b)(3)", "(b)(5)", "(b)(6)", "(b)(7)(C)", "(b)(7)(E)"
FBI_SHEETS = {"9_8a.pdf": {B5, B6, B7C}, "9_8b.pdf": {B3, B5, B6, B7C, B7E}, "9_8d.pdf": set(),
              "9_8e.pdf": {B3, B6, B7C}, "9_8f.pdf": {B3, B6, B7C}}
FBI_MARGIN_CODES = {
    ("9_8b.pdf", 2): [B6] * 6 + [B7C] * 6,
    ("9_8b.pdf", 3): [B5, B6, B7C] * 2,
    ("9_8b.pdf", 4): [B5, B6, B7C],
    ("9_8d.pdf", 2): [B6, B7C] * 2,
    ("9_8d.pdf", 5): [B5] + [B6, B7C] * 2,
    ("9_8d.pdf", 6): [B6] * 2,
    ("9_8d.pdf", 7): [B6] * 2,  # a released letter the page reader takes for a cover letter
    ("9_8d.pdf", 8): [B5],
    ("9_8f.pdf", 2): [B3] * 2 + [B5] * 3 + [B6, B7C] * 4,
    ("9_8f.pdf", 3): [B3, B5, B6, B7C],
}
# Read despite OCR, each checked on the page image: a code printed across a box's edge (9_8b p2)
# and one typed over a struck-out word (9_8b p3, "DYE ber EOUSA"), read again in their own band;
# one inside a date stamp (9_8d p2, "2/1/81 5 vox ver"), read again from the column of the code
# stacked under it; one beside a box's outline (9_8d p6, beside "From") and one on a dashed rule
# (9_8d p8), which the page reading leaves out, read on their own; "purposebé" (the typewriter's
# 6 as "é"), "C -1 Per FBI" (the "b7" of "b7C" lost). What OCR loses, on the sheets: a typed line
# read short (9_8a: "b5 - 3 Per FBI" for "b5 - Per EOUSA; b6 - 3 Per FBI"). ("b7/C" read as a bare
# (b)(7) on 9_8b's sheet is that sheet's (b)(7)(C) read short: ``marks.without_bare_seven``.)
OCR_SHEETS = {"9_8a.pdf": ({B6}, set())}  # (lost, misread)


@pytest.mark.tesseract
def test_the_log_of_the_fbi_pages_lists_every_sheet_and_the_margin_codes_ocr_reads(archive, tesseract):
    """GIVEN the FBI's scanned files (deleted-page sheets first, a code in the margin beside each
    withheld line) WHEN ingested through OCR THEN the log has every sheet as a row with the codes
    it states, and on each page the codes printed beside its lines: all 52."""
    from collections import Counter

    from ingest.pipeline import Ingest

    folder = REALDATA / "fbi-foipa-1417740"
    archive.save_release(Release(slug="fbi", title="FBI FOIPA 1417740"), actor="cli:test")
    summary = Ingest(archive, "fbi", jobs=2).run(sorted(folder.glob("9_8?.pdf")))
    assert not summary.failed, summary.failed
    log = redaction_log(archive, "fbi")
    sheets = {r.filename: set(r.codes) for r in log.rows if r.where == "deleted-page sheet"}
    expected: dict[str, set[str]] = {}
    for name, codes in FBI_SHEETS.items():
        lost, misread = OCR_SHEETS.get(name, (set(), set()))
        expected[name] = codes - lost | misread
    assert sheets == expected
    assert all(r.page == 1 and r.line == 0 for r in log.rows if r.where == "deleted-page sheet")
    assert not [r for r in log.rows if r.where == "page withheld in full"]
    margin: dict[tuple[str, int], Counter[str]] = {}
    for row in log.rows:
        if row.line:
            margin.setdefault((row.filename, row.page), Counter()).update(row.codes)
    visible = {page: Counter(codes) for page, codes in FBI_MARGIN_CODES.items()}
    assert margin == visible
    assert (sum(map(len, FBI_MARGIN_CODES.values())), sum(sum(c.values()) for c in margin.values())) == (52, 52)
