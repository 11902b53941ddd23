"""Words a file still holds under the black boxes drawn over them (page family: a PDF "redacted"
by drawing boxes over its text, which every text extractor reads through). What the page shows
is the text; the withheld words must reach neither the archive's text, its search, nor its
emails, and the archivist must be told the file can be undone."""

from __future__ import annotations

import ctypes
from pathlib import Path

import pytest

from archive import Archive, Release
from archive.search import SearchRequest
from ingest.pdf import clean_text, read_text_pages
from ingest.pipeline import Ingest

NAME = "Jane Secretwitness"  # invented: the words the box was meant to withhold
LINES = ["From: John Doe <jdoe@agency.example>", "Sent: Tuesday, March 3, 2015 10:15 AM",
         "To: Mary Major <mmajor@agency.example>", "Subject: Meeting with the vendor", "",
         f"Mary, the informant is {NAME} and she asked to meet.", "Thanks, John"]
BODY_Y = 720 - 16 * 5  # the baseline of the line the box covers


def _print(path: Path, cover: str, *, code_last: bool = True) -> None:
    """A born-digital email print with ``cover`` drawn over the name: "black" (a filled box and
    its white code, drawn after the page or right after the line), "highlight" (a yellow box),
    "strike" (a black rule through the name's middle) or "header" (a black table cell whose
    words are white)."""
    from reportlab.pdfgen import canvas

    drawing = canvas.Canvas(str(path), pagesize=(612, 792))
    font = ("Helvetica", 11)
    left = 72 + drawing.stringWidth("Mary, the informant is ", *font)
    width = drawing.stringWidth(NAME, *font)

    def draw_cover() -> None:
        if cover == "black":
            drawing.setFillGray(0)
            drawing.rect(left, BODY_Y - 3, width, 13, stroke=0, fill=1)
            drawing.setFillGray(1)
            drawing.setFont("Helvetica-Bold", 7)
            drawing.drawString(left + 2, BODY_Y, "(b)(6)")
        elif cover == "highlight":
            drawing.setFillColorRGB(1, 1, 0)
            drawing.rect(left, BODY_Y - 3, width, 13, stroke=0, fill=1)
        elif cover == "strike":
            drawing.setFillGray(0)
            drawing.rect(left, BODY_Y + 3, width, 1, stroke=0, fill=1)
        drawing.setFillGray(0)

    y = 720
    for index, line in enumerate(LINES):
        if cover == "header" and index == 0:
            drawing.setFillGray(0)
            drawing.rect(70, y - 3, 300, 14, stroke=0, fill=1)
            drawing.setFillGray(1)
        drawing.setFont(*font)
        drawing.drawString(72, y, line)
        drawing.setFillGray(0)
        if y == BODY_Y and not code_last:
            draw_cover()
        y -= 16
    if code_last:
        draw_cover()
    drawing.showPage()
    drawing.save()


def _pdfium_text(path: Path) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        return clean_text(document[0].get_textpage().get_text_range())
    finally:
        document.close()


@pytest.mark.parametrize("code_last", [True, False], ids=["box drawn after the page", "box drawn in its place"])
def test_words_under_a_black_box_are_not_the_page_s_text(tmp_path: Path, code_last: bool) -> None:
    """GIVEN a print whose name is covered by a black box with a white code, the name still in
    the text layer (every extractor reads it: checked) WHEN its layer is read THEN the page's
    text is what the page shows, the code where the name was, and the characters left out are
    counted."""
    path = tmp_path / "print.pdf"
    _print(path, "black", code_last=code_last)
    assert NAME in " ".join(_pdfium_text(path).split())  # the file does hold it
    page = next(read_text_pages(path))
    assert "Secretwitness" not in page.text and "Jane" not in page.text
    assert "Mary, the informant is (b)(6) and she asked to meet." in page.text.splitlines()
    assert page.hidden == len(NAME.replace(" ", ""))
    assert "To: Mary Major <mmajor@agency.example>" in page.text.splitlines()


@pytest.mark.parametrize("cover", ["highlight", "strike", "header"])
def test_boxes_that_hide_nothing_leave_the_text_as_it_was(tmp_path: Path, cover: str) -> None:
    """GIVEN a name under a yellow highlight, a name struck through by a black rule, and white
    words in a black table cell WHEN read THEN every word is kept, the text exactly PDFium's."""
    path = tmp_path / "print.pdf"
    _print(path, cover)
    page = next(read_text_pages(path))
    assert page.hidden == 0
    assert page.text == _pdfium_text(path)
    assert NAME in page.text


def test_a_square_annotation_filled_black_hides_the_words_under_it(tmp_path: Path) -> None:
    """GIVEN the name under a Square annotation filled black (a comment tool's box, which PDFium
    draws over the page) WHEN read THEN the name is left out."""
    import pypdfium2 as pdfium

    plain, annotated = tmp_path / "plain.pdf", tmp_path / "annotated.pdf"
    _print(plain, "none")
    raw = pdfium.raw
    document = pdfium.PdfDocument(str(plain))
    try:
        page = document[0]
        annotation = raw.FPDFPage_CreateAnnot(page.raw, raw.FPDF_ANNOT_SQUARE)
        assert raw.FPDFAnnot_SetColor(annotation, raw.FPDFANNOT_COLORTYPE_InteriorColor, 0, 0, 0, 255)
        rect = raw.FS_RECTF(180.0, float(BODY_Y + 11), 280.0, float(BODY_Y - 3))  # left, top, right, bottom
        assert raw.FPDFAnnot_SetRect(annotation, ctypes.byref(rect))
        raw.FPDFPage_CloseAnnot(annotation)
        page.gen_content()
        document.save(str(annotated))
    finally:
        document.close()
    page = next(read_text_pages(annotated))
    assert "Secretwitness" not in page.text and page.hidden > 0
    assert "Mary, the informant is" in page.text


def test_ingest_leaves_the_words_out_and_names_the_file(tmp_path: Path, home: Path, archive: Archive) -> None:
    """GIVEN such a file WHEN ingested THEN the email's body and the search index hold no word
    of the name, the file's outcome warns naming the file and page, and the release's production
    check (site, API) lists the file with the characters its boxes hide, never the words, and
    only to editors."""
    folder = tmp_path / "release"
    folder.mkdir()
    _print(folder / "leaky.pdf", "black")
    _print(folder / "plain.pdf", "highlight")
    archive.store.save_release(Release(slug="r", title="A release"))
    summary = Ingest(archive, "r", jobs=1).run([folder])
    outcomes = {Path(o.path).name: o for o in summary.outcomes}
    assert [o.status for o in outcomes.values()] == ["ingested", "ingested"]
    (warning,) = outcomes["leaky.pdf"].warnings
    assert "leaky.pdf, page 1: 17 characters" in warning and "anyone can copy it out" in warning
    assert not outcomes["plain.pdf"].warnings
    leaky = next(d for d in archive.documents("r") if d.filename == "leaky.pdf")
    (email,) = archive.emails_in_document(leaky.id)
    assert "Secretwitness" not in email.body and "(b)(6)" in email.body
    hits = {h.key for h in archive.search(SearchRequest(query="Secretwitness")).hits}
    assert hits == {f"e:{e.id}" for e in archive.emails_in_document(
        next(d for d in archive.documents("r") if d.filename == "plain.pdf").id)}
    report = archive.completeness("r")
    assert [(u.filename, u.pages, u.characters, u.boxes) for u in report.under_boxes] == [("leaky.pdf", (1,), 17, 0)]
    archive.close()
    from tests.web.test_accounts import make_account, sign_in
    from web import create_app

    app = create_app({"TESTING": True, "ARCHIVE_HOME": str(home)})
    public, editor, reader = app.test_client(), app.test_client(), app.test_client()
    make_account(home, "ed@example.org", "editor")
    make_account(home, "re@example.org", "reader")
    sign_in(editor, "ed@example.org")
    sign_in(reader, "re@example.org")
    html = editor.get("/r/r/production").get_data(as_text=True)
    assert "Words the file still holds under its boxes" in html and "leaky.pdf" in html
    assert "plain.pdf" not in html.split("under-boxes-heading")[1]
    data = editor.get("/api/releases/r/production").get_json()["data"]
    assert data["under_boxes"] == [{"document_id": leaky.id, "filename": "leaky.pdf", "pages": [1], "characters": 17,
                                    "boxes": 0}]
    for client in (public, reader):  # to anyone else the list is a map to what was withheld
        assert "under-boxes-heading" not in client.get("/r/r/production").get_data(as_text=True)
        assert client.get("/api/releases/r/production").get_json()["data"]["under_boxes"] == []
    for url in ("/r/r/production", "/api/releases/r/production", f"/d/{leaky.id}/p/1", f"/d/{leaky.id}"):
        assert "Secretwitness" not in editor.get(url).get_data(as_text=True), url


def _scan_with_boxes(path: Path) -> None:
    """An image-only page (a scan of printed lines, one region already black) with three black
    boxes drawn over it as vector shapes: over printed words, over blank paper, and over the black
    region the scan itself prints (a box burned into the scan)."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    scan = Image.new("L", (1275, 1650), 255)  # 150 dpi, letter
    draw = ImageDraw.Draw(scan)
    for row in range(10):
        draw.text((150, 150 + 40 * row), "Mary, the informant is Jane Secretwitness, phone 555-0142.", fill=0)
    draw.rectangle((150, 900, 600, 940), fill=0)
    drawing = canvas.Canvas(str(path), pagesize=(612, 792))
    drawing.drawImage(ImageReader(scan), 0, 0, 612, 792)
    drawing.setFillGray(0)
    for left, top, width, high in ((72, 72, 200, 40), (300, 600, 200, 40), (72, 432, 216, 19)):
        drawing.rect(left, 792 - top - high, width, high, stroke=0, fill=1)
    drawing.showPage()
    drawing.save()


def test_a_box_drawn_over_a_scan_that_prints_under_it_is_counted(tmp_path: Path) -> None:
    """GIVEN a scan with black boxes drawn over it, one over printed words, one over blank paper,
    one over black the scan prints WHEN its layer is read THEN one box is counted: the scan, taken
    out of the file, still prints what that box hides."""
    path = tmp_path / "scan.pdf"
    _scan_with_boxes(path)
    page = next(read_text_pages(path))
    assert (page.hidden_boxes, page.hidden) == (1, 0)


@pytest.mark.slow
def test_the_chicago_release_s_boxes_are_drawn_over_whole_scans() -> None:
    """GIVEN the Chicago release (real), its black boxes drawn as shapes over scans left whole
    (looked at: the scans print the withheld names and subjects under them) WHEN its text layer is
    read THEN each of the 106 boxes on its first 23 pages is counted; its last 17 pages, their
    boxes in the scan itself, none."""
    from tests.conftest import REALDATA, unavailable

    pdf = REALDATA / "chicago-cpd-foia-15-3569" / "FOIA 15-3569 FINAL PART 4.pdf"
    if not pdf.is_file():
        unavailable(f"{pdf} is missing (the shared real data)")
    counts = [page.hidden_boxes for page in read_text_pages(pdf)]
    assert sum(counts) == 106 and all(counts[:23]) and not any(counts[23:])


def test_a_box_drawn_in_a_form_hides_where_the_form_puts_it(tmp_path: Path) -> None:
    """GIVEN a black box drawn inside a form XObject placed (moved, scaled) over the name, and a
    footer stamp where the box would lie in the form's own space (PDFium gives a form's objects
    their bounds there) WHEN read THEN the name is left out and the footer stays."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "form.pdf"
    drawing = canvas.Canvas(str(path), pagesize=(612, 792))
    drawing.setFont("Helvetica", 11)
    drawing.drawString(72, 400, f"Mary, the informant is {NAME} and she asked to meet.")
    drawing.setFont("Helvetica", 8)
    drawing.drawString(2, 2, "TEST-000001")
    left = 72 + drawing.stringWidth("Mary, the informant is ", "Helvetica", 11)
    drawing.beginForm("box")
    drawing.setFillGray(0)
    drawing.rect(0, 0, 50, 6.5, stroke=0, fill=1)
    drawing.endForm()
    drawing.saveState()
    drawing.translate(left, 397)
    drawing.scale(drawing.stringWidth(NAME, "Helvetica", 11) / 50, 2)
    drawing.doForm("box")
    drawing.restoreState()
    drawing.showPage()
    drawing.save()
    page = next(read_text_pages(path))
    assert "Secretwitness" not in page.text and page.hidden == len(NAME.replace(" ", ""))
    assert "TEST-000001" in page.text


def _shapes(path: Path, family: str) -> None:
    """One line of words with a dark shape drawn over it that does not hide it, as the page shows:
    a black frame filled white, a red banner, a black triangle (the words in the empty corner of
    its bounds), a black box clipped to a corner, a black page under a scan with its OCR layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    drawing = canvas.Canvas(str(path), pagesize=(612, 792))
    words = "Visible words the page shows"
    if family == "frame":
        drawing.setFillGray(0)
        drawing.rect(60, 380, 300, 40, stroke=0, fill=1)
        drawing.setFillGray(1)
        drawing.rect(62, 382, 296, 36, stroke=0, fill=1)
    elif family == "banner":
        drawing.setFillColorRGB(1, 0, 0)
        drawing.rect(60, 390, 300, 25, stroke=0, fill=1)
    elif family == "triangle":
        drawing.setFillGray(0)
        shape = drawing.beginPath()
        shape.moveTo(60, 380)
        shape.lineTo(360, 380)
        shape.lineTo(360, 440)
        shape.close()
        drawing.drawPath(shape, stroke=0, fill=1)
        words = "In the corner"  # above the line from (60, 380) to (360, 440) all along
    elif family == "clipped":
        drawing.saveState()
        clip = drawing.beginPath()
        clip.rect(340, 430, 5, 5)
        drawing.clipPath(clip, stroke=0, fill=0)
        drawing.setFillGray(0)
        drawing.rect(60, 380, 300, 60, stroke=0, fill=1)
        drawing.restoreState()
    elif family == "scan":
        drawing.setFillGray(0)
        drawing.rect(0, 0, 612, 792, stroke=0, fill=1)
        scan = Image.new("L", (1275, 1650), 255)
        ImageDraw.Draw(scan).text((150, 780), words, fill=0)
        drawing.drawImage(ImageReader(scan), 0, 0, 612, 792)
        drawing.setFillGray(0)
        text = drawing.beginText(72, 400)
        text.setTextRenderMode(3)  # invisible: an OCR layer
        text.textLine(words)
        drawing.drawText(text)
        drawing.showPage()
        drawing.save()
        return
    drawing.setFillGray(0)
    drawing.setFont("Helvetica-Bold", 11)
    drawing.drawString(72, 400, words)
    drawing.showPage()
    drawing.save()


@pytest.mark.parametrize("family", ["frame", "banner", "triangle", "clipped", "scan"])
def test_dark_shapes_that_do_not_hide_the_words_leave_them(tmp_path: Path, family: str) -> None:
    """GIVEN words under a dark shape's bounds that the page still shows (found by a reviewer:
    each of these dropped words) WHEN read THEN the words stay, nothing is counted hidden, and no
    box is counted over the scan."""
    path = tmp_path / f"{family}.pdf"
    _shapes(path, family)
    page = next(read_text_pages(path))
    assert (page.hidden, page.hidden_boxes) == (0, 0)
    assert page.text == _pdfium_text(path)


@pytest.mark.parametrize("turn", [0, 90, 180, 270])
@pytest.mark.parametrize("crop", [False, True], ids=["media box", "crop box offset"])
def test_words_under_a_box_are_hidden_however_the_page_is_turned_or_cropped(
        tmp_path: Path, turn: int, crop: bool) -> None:
    """GIVEN a black box over a name on a page turned by /Rotate, or whose crop box does not start
    at the origin (pdfplumber and PDFium then place characters differently) WHEN read THEN the
    name is left out and the other lines stay."""
    import pypdfium2 as pdfium
    from reportlab.pdfgen import canvas

    path = tmp_path / "page.pdf"
    drawing = canvas.Canvas(str(path), pagesize=(612, 792))
    if crop:
        drawing.setCropBox((0, 100, 612, 792))
    drawing.drawString(100, 640, NAME)
    drawing.drawString(100, 300, "From: Public Line")
    drawing.drawString(100, 280, "To: Another Public Line")
    drawing.rect(95, 630, 200, 25, stroke=0, fill=1)
    drawing.showPage()
    drawing.save()
    if turn:
        document = pdfium.PdfDocument(str(path))
        document[0].set_rotation(turn)
        document.save(str(tmp_path / "turned.pdf"))
        document.close()
        path = tmp_path / "turned.pdf"
    page = next(read_text_pages(path))
    assert "Secretwitness" not in page.text and page.hidden == len(NAME.replace(" ", ""))
    assert "From: Public Line" in page.text and "To: Another Public Line" in page.text


def test_a_page_of_dark_shaded_cells_keeps_its_words(tmp_path: Path) -> None:
    """GIVEN 60 lines whose every character sits on a dark grey cell of its own (3,600 shapes;
    black words on them, or white), as a hostile or a heavily shaded table page draws them WHEN
    read THEN every word stays (the page shows them all), and nothing is counted hidden."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "cells.pdf"
    drawing = canvas.Canvas(str(path), pagesize=(612, 792))
    for row in range(60):
        line, x = f"Quarterly figures for the district office {row:02d}", 40.0
        for char in line:
            width = drawing.stringWidth(char, "Helvetica", 10)
            drawing.setFillGray(0.3)
            drawing.rect(x, 758 - row * 12, max(width, 3.5), 10, stroke=0, fill=1)
            x += width
        drawing.setFillGray(row % 2)
        drawing.drawString(40, 760 - row * 12, line)
    drawing.showPage()
    drawing.save()
    page = next(read_text_pages(path))
    assert page.hidden == 0 and page.text == _pdfium_text(path)
    assert "Quarterly figures for the district office 59" in page.text


def test_a_box_stamped_as_a_picture_hides_the_words_under_it(tmp_path: Path) -> None:
    """GIVEN the name under a black picture drawn over it (a redaction stamped as an image, not a
    shape) and a grey photograph elsewhere WHEN read THEN the name is left out, the rest stays."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    path = tmp_path / "stamped.pdf"
    drawing = canvas.Canvas(str(path), pagesize=(612, 792))
    drawing.setFont("Helvetica", 11)
    drawing.drawString(72, 400, f"Mary, the informant is {NAME} and she asked to meet.")
    drawing.drawString(72, 200, "A caption beside the photograph")
    left = 72 + drawing.stringWidth("Mary, the informant is ", "Helvetica", 11)
    drawing.drawImage(ImageReader(Image.new("L", (200, 26), 0)), left, 397, drawing.stringWidth(NAME, "Helvetica", 11), 13)
    photograph = Image.linear_gradient("L").resize((120, 120))
    drawing.drawImage(ImageReader(photograph), 60, 180, 300, 60)
    drawing.showPage()
    drawing.save()
    page = next(read_text_pages(path))
    assert "Secretwitness" not in page.text and page.hidden == len(NAME.replace(" ", ""))
    assert "A caption beside the photograph" in page.text and (page.hidden_boxes, page.scanned) == (0, False)


def test_a_comma_between_the_words_a_box_hides_is_hidden_with_them(tmp_path: Path) -> None:
    """GIVEN a print whose To: line names "Quill, Zebedee" under a black box with its white code
    over the name's first letters, the name still in the text layer WHEN its layer is read THEN
    the comma between the hidden words goes with them (it was kept: a glyph that small has no
    ground of its own beside the code, and "(b)(6) ," made a party of it; born-digital probe)."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "comma.pdf"
    drawing = canvas.Canvas(str(path), pagesize=(612, 792))
    drawing.setFont("Helvetica", 11)
    before, name = "To: Doe, John; ", "Quill, Zebedee"
    drawing.drawString(72, 720, f"{before}{name}; Kent, Mary")
    left, width = 72 + drawing.stringWidth(before, "Helvetica", 11), drawing.stringWidth(name, "Helvetica", 11)
    drawing.rect(left, 717, width, 14, stroke=0, fill=1)
    drawing.setFillGray(1)
    drawing.setFont("Helvetica-Bold", 9)
    drawing.drawString(left + 2, 720, "(b)(6)")
    drawing.showPage()
    drawing.save()
    assert "Quill, Zebedee" in _pdfium_text(path)  # the file does hold it
    line = next(read_text_pages(path)).text.splitlines()[0]
    assert "Quill" not in line and "Zebedee" not in line and "," not in line.split("(b)(6)")[1].split(";")[0]
