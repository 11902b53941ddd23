"""The stamped exhibit PDF (archive/exhibit_pdf.py) on released pages that are not plain Letter
media: the stamp is where a viewer shows the page and a printer prints it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from archive.exhibit_pdf import stamp_area, stamped_exhibits
from archive.work import Exhibit


def _cropped_pdf(path: Path, rotate: int) -> Path:
    """One Letter page cropped to its middle (a scan trimmed to its paper), maybe turned."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import RectangleObject
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=(612, 792))
    drawing.drawString(150, 400, "Body text")
    drawing.showPage()
    drawing.save()
    writer = PdfWriter()
    page = writer.add_page(PdfReader(io.BytesIO(buffer.getvalue())).pages[0])
    page.cropbox = RectangleObject((36, 36, 540, 700))
    if rotate:
        page.rotate(rotate)
    writer.write(str(path))
    return path


@pytest.mark.parametrize("rotate", [0, 90])
def test_the_stamp_is_inside_the_crop_box(tmp_path, rotate):
    """GIVEN a released page whose crop box is smaller than its media box
    WHEN it is exported as an exhibit
    THEN "EXHIBIT 1" and its Bates number are printed in the top right corner of what is shown,
    black on the white box (stamped in the media box's corner, it was cut off: no stamp at all)."""
    import pypdfium2

    pdf = _cropped_pdf(tmp_path / "cropped.pdf", rotate)
    exhibit = Exhibit(1, "p:doc:1", "release", "a citation", "https://foia.test/d/doc/p/1", "", "", "doc", (1,))
    document = pypdfium2.PdfDocument(stamped_exhibits([exhibit], lambda doc: pdf, lambda doc, n: "ABC-000001"))
    page = document[0]
    width, height = page.get_size()
    shown_left, shown_bottom, _, _ = page.get_cropbox()
    left, bottom, right, top = stamp_area(width, height)
    text = page.get_textpage().get_text_bounded(shown_left + left, shown_bottom + bottom,
                                                shown_left + right, shown_bottom + top)
    image = page.render(scale=1).to_pil().convert("L")
    box = image.crop((int(left) + 3, int(height - top) + 3, int(right) - 3, int(height - bottom) - 3))
    darkest, lightest = box.getextrema()
    document.close()
    assert " ".join(text.split()) == "EXHIBIT 1 ABC-000001"
    assert darkest < 80 and lightest > 240
