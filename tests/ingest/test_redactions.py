"""The redaction log on the ingested samples (real Tesseract on the scanned parts)."""

from __future__ import annotations

from pathlib import Path

from archive import Archive
from ingest.redactions import redaction_log, redactions


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
        first = redaction_log(archive, "dea-microsoft", max_pages=1)
        assert (first.documents_read, first.complete) == (1, False)
        assert set(first.rows) < set(whole.rows)
        assert dict(whole.by_exemption)["(b)(6)"] > dict(first.by_exemption)["(b)(6)"]
