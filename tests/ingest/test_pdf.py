"""Reading PDFs: pages, renders, embedded files, and thread safety."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from ingest.errors import PageError
from ingest.pdf import embedded_pdfs, page_count, read_text_pages, render_page
from tests.conftest import REALDATA

FBI = REALDATA / "fbi-foipa-1417740"


def test_rendering_from_many_threads_at_once_is_safe():
    """PDFium is not thread-safe; the web renders page images from several threads.
    Without the module's lock this aborts the interpreter."""
    jobs = [(FBI / name, n) for name in ("9_8b.pdf", "9_8d.pdf") for n in (1, 2, 3)] * 3

    def render(job):
        image = render_page(job[0], job[1], 40)
        return image.size

    with ThreadPoolExecutor(max_workers=8) as pool:
        sizes = list(pool.map(render, jobs))
    assert all(width > 0 and height > 0 for width, height in sizes)


def test_text_and_renders_interleave_across_threads():
    letter = FBI / "release-letter.pdf"
    with ThreadPoolExecutor(max_workers=4) as pool:
        texts = list(pool.map(lambda _: [p.text for p in read_text_pages(letter)], range(6)))
    assert all(t == texts[0] for t in texts) and "FOIPA" in texts[0][0].upper()


def test_a_page_outside_the_document_is_a_page_error():
    with pytest.raises(PageError, match="no page 9"):
        render_page(FBI / "9_8a.pdf", 9)


def test_embedded_pdfs_are_found(tmp_path: Path):
    import pypdfium2 as pdfium

    inner = (FBI / "9_8a.pdf").read_bytes()
    outer = tmp_path / "portfolio.pdf"
    pdf = pdfium.PdfDocument(str(FBI / "release-letter.pdf"))
    attachment = pdf.new_attachment("records/9_8a.pdf")
    attachment.set_data(inner)
    pdf.save(str(outer))
    pdf.close()
    assert page_count(outer) == 4
    assert embedded_pdfs(outer) == [("records/9_8a.pdf", inner)]
