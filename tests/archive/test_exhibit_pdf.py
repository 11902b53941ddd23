"""The stamped exhibit PDF (archive/exhibit_pdf.py) on released pages that are not plain Letter
media: the stamp is where a viewer shows the page and a printer prints it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from archive.exhibit_pdf import shown_box, stamp_area, stamped_exhibits
from archive.work import Exhibit


def _cropped_pdf(path: Path, rotate: int, crop: tuple[float, float, float, float] = (36, 36, 540, 700)) -> Path:
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
    page.cropbox = RectangleObject(crop)
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


@pytest.mark.parametrize(("crop", "shown"), [((540, 700, 36, 36), (36, 36, 540, 700)),
                                             ((-100, -100, 700, 900), (0, 0, 612, 792))])
def test_the_stamp_is_inside_the_shown_page_whatever_the_crop_box_says(tmp_path, crop, shown):
    """GIVEN a released page whose crop box is written corners reversed, or reaches past the page
    WHEN it is exported as an exhibit THEN the stamp is in the top right corner of what is shown
    (the crop box within the page: it was drawn in the crop box's corner, off the page)."""
    import pypdfium2

    pdf = _cropped_pdf(tmp_path / "cropped.pdf", 0, crop)
    exhibit = Exhibit(1, "p:doc:1", "release", "a citation", "https://foia.test/d/doc/p/1", "", "", "doc", (1,))
    document = pypdfium2.PdfDocument(stamped_exhibits([exhibit], lambda doc: pdf, lambda doc, n: "ABC-000001"))
    x, y, right_edge, top_edge = shown
    left, bottom, right, top = stamp_area(right_edge - x, top_edge - y)
    text = document[0].get_textpage().get_text_bounded(x + left, y + bottom, x + right, y + top)
    document.close()
    assert " ".join(text.split()) == "EXHIBIT 1 ABC-000001"


def test_shown_box_is_the_crop_box_within_the_page():
    assert shown_box((36, 36, 540, 700), (0, 0, 612, 792)) == (36, 36, 504, 664)
    assert shown_box((540, 700, 36, 36), (0, 0, 612, 792)) == (36, 36, 504, 664)
    assert shown_box((-100, -100, 700, 900), (0, 0, 612, 792)) == (0, 0, 612, 792)
    assert shown_box((700, 800, 900, 1000), (0, 0, 612, 792)) == (0, 0, 612, 792)  # they do not meet


def test_a_page_two_exhibits_cite_is_stamped_with_each_ones_number(tmp_path):
    """GIVEN Ex. 1 on pages 1–2 and Ex. 2 beginning on page 2 (one email ends where the next
    begins) WHEN they are exported THEN page 2 is printed twice, once stamped "EXHIBIT 1" and once
    "EXHIBIT 2" (both copies carried both stamps, and the last drawn covered the first: Ex. 1's
    second page said "EXHIBIT 2")."""
    import pypdfium2
    from reportlab.pdfgen import canvas

    pdf = tmp_path / "two.pdf"
    drawing = canvas.Canvas(str(pdf), pagesize=(612, 792))
    for number in (1, 2):
        drawing.drawString(150, 400, f"Body of page {number}")
        drawing.showPage()
    drawing.save()
    first = Exhibit(1, "e:a", "release", "a", "https://foia.test/e/a", "", "", "doc", (1, 2))
    second = Exhibit(2, "e:b", "release", "b", "https://foia.test/e/b", "", "", "doc", (2,))
    document = pypdfium2.PdfDocument(stamped_exhibits([first, second], lambda doc: pdf, lambda doc, n: f"B-{n}"))
    stamps = []
    for index in range(len(document)):
        page = document[index]
        left, bottom, right, top = stamp_area(*page.get_size())
        stamps.append(" ".join(page.get_textpage().get_text_bounded(left, bottom, right, top).split()))
    document.close()
    assert stamps == ["EXHIBIT 1 B-1", "EXHIBIT 1 B-2", "EXHIBIT 2 B-2"]


def test_pages_sharing_one_content_stream_are_each_stamped_alone(tmp_path):
    """GIVEN a PDF whose two pages print one shared content stream (an optimiser merges a scan's
    identical "draw this page's image" streams) WHEN Ex. 1 cites page 1 and Ex. 2 page 2 THEN
    each page carries its own stamp and Bates only (both carried both, the last on top)."""
    import pypdfium2
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    pages = [writer.add_blank_page(612, 792) for _ in range(2)]
    body = DecodedStreamObject()
    body.set_data(b"BT /F1 12 Tf 150 400 Td (same body) Tj ET")
    shared = writer._add_object(body)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    resources = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})})
    for page in pages:
        page[NameObject("/Contents")] = shared
        page[NameObject("/Resources")] = resources
    pdf = tmp_path / "shared.pdf"
    writer.write(str(pdf))
    first = Exhibit(1, "p:doc:1", "release", "a", "https://foia.test/d/doc/p/1", "", "", "doc", (1,))
    second = Exhibit(2, "p:doc:2", "release", "b", "https://foia.test/d/doc/p/2", "", "", "doc", (2,))
    document = pypdfium2.PdfDocument(stamped_exhibits([first, second], lambda doc: pdf, lambda doc, n: f"B-{n}"))
    stamps, bodies = [], []
    for index in range(len(document)):
        page = document[index]
        text = page.get_textpage()
        left, bottom, right, top = stamp_area(*page.get_size())
        stamps.append(" ".join(text.get_text_bounded(left, bottom, right, top).split()))
        bodies.append(" ".join(text.get_text_range().split()))
    document.close()
    assert stamps == ["EXHIBIT 1 B-1", "EXHIBIT 2 B-2"]
    assert all("same body" in body for body in bodies)
    assert "EXHIBIT 2" not in bodies[0] and "EXHIBIT 1" not in bodies[1]


@pytest.mark.parametrize("rotate", [0, 90, 270])
def test_a_page_with_a_huge_content_stream_is_stamped_without_parsing_it(tmp_path, rotate):
    """GIVEN a released page whose content stream inflates to 50 MB of blanks before its text (ingest
    keeps up to 64 MB a page: tests/reliability/hostile.py), maybe turned WHEN it is exported as an
    exhibit THEN the PDF stays small (the stream copied inflated made the answer 52 MB a page) and
    its text and stamp print upright. (Its time, 5 s a page when pypdf parsed the whole stream to
    turn it upright, ~0.7 s now, is not asserted here: no timed unit tests.)"""
    import pypdfium2
    from pypdf import PdfReader, PdfWriter

    from tests.reliability.hostile import repeated_contents

    blank = repeated_contents(tmp_path / "blank-heavy.pdf", megabytes=50, times=1)  # one stream, named once
    writer = PdfWriter()
    writer.add_page(PdfReader(blank).pages[0]).rotation = rotate  # the stream copied as it is, deflated
    pdf = tmp_path / "turned.pdf"
    writer.write(pdf)
    exhibit = Exhibit(1, "p:doc:1", "release", "a citation", "https://foia.test/d/doc/p/1", "", "", "doc", (1,))
    stamped = stamped_exhibits([exhibit], lambda doc: pdf, lambda doc, n: "ABC-000001")
    document = pypdfium2.PdfDocument(stamped)
    text = " ".join(document[0].get_textpage().get_text_range().split())
    rotation = document[0].get_rotation()
    document.close()
    assert len(stamped) < 1_000_000, len(stamped)
    assert "persimmon" in text and "EXHIBIT 1" in text and "ABC-000001" in text and rotation == 0


def test_a_released_scan_in_jbig2_is_stamped_without_a_jbig2_decoder(tmp_path):
    """GIVEN a real release's page scanned to JBIG2 (the State Department's, as agencies print
    scans to PDF) and no JBIG2 decoder on the machine WHEN it is exported as an exhibit THEN it
    is stamped, its image carried over as released (the export answered 500: pypdf decoded every
    image to tidy the file, which JBIG2 needs jbig2dec for; the setup installs none)."""
    import pypdfium2
    from pypdf import PdfReader

    from tests.conftest import REALDATA, unavailable

    scan = REALDATA / "clinton-hrc296" / "C05739591.pdf"
    if not scan.is_file():
        unavailable(f"{scan} is missing (the shared real data)")
    image = PdfReader(scan).pages[0]["/Resources"]["/XObject"]
    assert any(xobject.get_object().get("/Filter") == "/JBIG2Decode" for xobject in image.values())
    exhibit = Exhibit(1, "p:doc:1", "release", "a citation", "https://foia.test/d/doc/p/1", "", "", "doc", (1,))
    stamped = stamped_exhibits([exhibit], lambda doc: scan, lambda doc, n: "STATE-SCB0045017")
    document = pypdfium2.PdfDocument(stamped)
    text = document[0].get_textpage().get_text_range()
    document.close()
    assert "EXHIBIT 1" in text and "STATE-SCB0045017" in text
    assert len(stamped) < scan.stat().st_size * 2  # the page's image once, not decoded into the file


def _legend_pdf(path: Path, corners: tuple[str, ...]) -> Path:
    """One Letter page printing an agency's legend in each of ``corners`` (as State's releases print
    "RELEASE IN PART B6" and the document number top right), and body text between."""
    from reportlab.pdfgen import canvas

    drawing = canvas.Canvas(str(path), pagesize=(612, 792))
    drawing.setFont("Helvetica-Bold", 11)
    for corner in corners:
        x = 440 if corner.endswith("right") else 24
        y = 760 if corner.startswith("top") else 30
        drawing.drawString(x, y, "RELEASE IN PART B6")
        drawing.drawString(x, y - 14, "Doc No. C0511")
    drawing.setFont("Helvetica", 11)
    for line in range(30):
        drawing.drawString(200, 680 - 18 * line, f"Body text of the released email, line {line}")
    drawing.showPage()
    drawing.save()
    return path


@pytest.mark.parametrize(("printed", "stamped"), [
    ((), "top right"), (("top right",), "top left"), (("top right", "top left"), "bottom right"),
    (("top right", "top left", "bottom right", "bottom left"), None)])
def test_the_stamp_goes_where_the_page_prints_nothing(tmp_path, printed, stamped):
    """GIVEN a released page printing an agency's legend top right (the release decision, its
    document number) WHEN it is exported as an exhibit THEN the stamp goes in the first corner that
    prints nothing (measured on the page rendered by pdfium), the legend still there to read; with
    every corner printed, the one printing least (was: the white box always top right, over the
    legend: the filed exhibit hid "RELEASE IN PART B6")."""
    import pypdfium2

    from archive.exhibit_pdf import CORNERS
    from ingest.pdf import ink_in_boxes

    pdf = _legend_pdf(tmp_path / "legend.pdf", printed)
    exhibit = Exhibit(1, "p:doc:1", "release", "a citation", "https://foia.test/d/doc/p/1", "", "", "doc", (1,))
    document = pypdfium2.PdfDocument(stamped_exhibits(
        [exhibit], lambda doc: pdf, lambda doc, n: "ABC-000001",
        ink=lambda doc, number, boxes: ink_in_boxes(pdf, number, boxes)))
    page = document[0]
    width, height = page.get_size()
    found = {corner: " ".join(page.get_textpage().get_text_bounded(*stamp_area(width, height, corner)).split())
             for corner in CORNERS}
    document.close()
    (where,) = [c for c in CORNERS if "EXHIBIT 1 ABC-000001" in found[c]]
    assert where == (stamped or where)
    for corner in printed:
        if corner != stamped:
            assert "RELEASE IN PART B6" in found[corner]
