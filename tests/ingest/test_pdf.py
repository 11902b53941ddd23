"""Reading PDFs: pages, renders, embedded files, and thread safety."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from ingest import pdf as pdf_module
from ingest.errors import PageError, UnreadablePDF
from ingest.pdf import (
    check_stream_sizes,
    embedded_pdfs,
    nothing_beside,
    page_count,
    read_text_pages,
    render_bands,
    render_page,
)
from tests.conftest import REALDATA, SAMPLES
from tests.reliability.hostile import _stream, _text, raw_pdf

if TYPE_CHECKING:
    from PIL import Image

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


def test_a_band_rendered_alone_is_the_whole_renderings_rows():
    """GIVEN bands of a scanned page (the top edge, rows at fractions of a point, the bottom edge,
    one past it) WHEN each is rendered alone THEN its pixels are the rows of the whole page's
    rendering from int(top * s) to ceil(bottom * s), s its pixels per point down."""
    import math

    page = render_page(FBI / "9_8a.pdf", 2, 300)
    height = page.height
    per_point = page.height / next(p for p in read_text_pages(FBI / "9_8a.pdf") if p.number == 2).height
    bands = [(0.0, 12.5), (100.3, 171.77), (700.0, height / per_point), (750.0, height / per_point + 40)]
    for (top, bottom), band in zip(bands, render_bands(FBI / "9_8a.pdf", 2, bands, 300), strict=True):
        rows = page.crop((0, int(top * per_point), page.width, min(math.ceil(bottom * per_point), page.height)))
        assert band.size == rows.size and band.tobytes() == rows.tobytes(), (top, bottom)


@pytest.mark.parametrize(("width", "height"), [(612, 792), (612, 20_000), (3_000, 40_000), (14_400, 14_400)])
def test_a_band_of_a_giant_page_scaled_down_holds_the_lines_it_names(tmp_path, width, height):
    """GIVEN a page (US Letter; a tall one; giant ones whose rendering is scaled down to 40
    megapixels) with a bar 10 pt high near its top, middle and bottom WHEN the band from 20 pt
    above each bar's top to 30 pt below it is rendered THEN the bar lies from 2/5 to 3/5 of the
    band's rows, wherever it is on the page (rows were placed by the pixels per point across, not
    down: PDFium rounds each side up apart, so on a tall scaled-down page the bands slid up to
    a line and more above the lines they named)."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "giant.pdf"
    drawing = canvas.Canvas(str(path), pagesize=(width, height))
    bars = [height * 0.1, height * 0.5, height * 0.9]  # each bar's top, in points from the page's top
    for top in bars:
        drawing.rect(0, height - top - 10, width, 10, fill=1, stroke=0)
    drawing.showPage()
    drawing.save()
    bands = [(top - 20, top + 30) for top in bars]
    for top, band in zip(bars, render_bands(path, 1, bands, 300), strict=True):
        assert bar_between(band, 50, 20, 30), top


def bar_between(band: Image.Image, points: float, top: float, bottom: float) -> bool:
    """Whether the dark rows of a grayscale ``band`` image ``points`` high run from ``top`` to
    ``bottom`` points down it, within a row's rounding at each edge and antialiasing."""
    pixels = band.tobytes()  # a byte a pixel, row after row
    dark = [row for row in range(band.height) if sum(pixels[row * band.width:(row + 1) * band.width]) < 128 * band.width]
    per_row = points / band.height
    near = max(1.5, 1.5 * per_row)
    return bool(dark) and abs(dark[0] * per_row - top) <= near and abs((dark[-1] + 1) * per_row - bottom) <= near


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


# -- the memory pre-flight -------------------------------------------------------------------

def pages_pdf(path: Path, contents: list[bytes], *, dictionary: bytes = b"") -> Path:
    """A raw PDF with one page per content stream; ``dictionary`` is added to each stream's."""
    count = len(contents)
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count)]
    font = 3 + 2 * count
    for i, content in enumerate(contents):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (4 + 2 * i, font))
        deflated = zlib.compress(content + b"\n" + _text([f"page {i + 1} of the release"]), 9)
        objects.append(_stream(deflated, b" /Filter /FlateDecode" + dictionary))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    path.write_bytes(raw_pdf(objects))
    return path


SMALL = b"BT ET"
REAL_PDFS = sorted(SAMPLES.rglob("*.pdf")) + sorted(REALDATA.rglob("*.pdf"))


@pytest.mark.parametrize("pdf", REAL_PDFS, ids=[p.name for p in REAL_PDFS])
def test_no_real_release_is_refused_by_the_memory_pre_flight(pdf):
    check_stream_sizes(pdf)


def test_a_stream_is_refused_one_byte_past_the_limit_naming_its_page(tmp_path, monkeypatch):
    """GIVEN a 1 MB limit WHEN page 2 of 3 inflates to exactly the limit, or one byte more
    THEN the first file passes, and the second is refused naming page 2, the object and the remedy."""
    monkeypatch.setattr(pdf_module, "MAX_STREAM_BYTES", 1 << 20)
    text = b"\n" + _text(["page 2 of the release"])
    at_limit = b" " * ((1 << 20) - len(text))
    check_stream_sizes(pages_pdf(tmp_path / "at.pdf", [SMALL, at_limit, SMALL]))
    with pytest.raises(UnreadablePDF) as refused:
        check_stream_sizes(pages_pdf(tmp_path / "over.pdf", [SMALL, at_limit + b" ", SMALL]))
    assert refused.value.page == 2
    assert "over.pdf, page 2: stream object 6 inflates to more than 1 MB" in str(refused.value)
    assert "ingest that" in refused.value.reason
    with pytest.raises(UnreadablePDF):
        list(read_text_pages(tmp_path / "over.pdf"))
    with pytest.raises(UnreadablePDF):
        page_count(tmp_path / "over.pdf")


@pytest.mark.parametrize("disguise", [
    pytest.param(b" /Junk (" + b"x" * 20_000 + b")", id="dictionary-longer-than-the-look-back"),
    pytest.param(b" % a comment\n", id="comment-in-the-dictionary"),
])
def test_a_bomb_is_found_however_its_dictionary_is_written(tmp_path, monkeypatch, disguise):
    monkeypatch.setattr(pdf_module, "MAX_STREAM_BYTES", 1 << 20)
    with pytest.raises(UnreadablePDF, match="inflates to more than 1 MB"):
        check_stream_sizes(pages_pdf(tmp_path / "disguised.pdf", [SMALL, b" " * (2 << 20)], dictionary=disguise))



@pytest.mark.parametrize(("beside", "blank"), [("", True), (" . ", True), ("INA,B6", True),
                                               ("RELEASE IN PART B5,B3", True), ("1-1", True), ("H", False), ("Roe, Jane B6", False),
                                               (": B6", False), ("(b)(6)", False), ("B6 \r\n:", False)])
def test_a_stamp_level_with_a_label_leaves_it_blank(beside: str, blank: bool) -> None:
    """Page family: a release stamp or a box's code printed in the margin on a header's row
    ("To:" ... "INA,B6") is not the label's value: the label is blank, to be read again. One
    exemption code alone is the value's redaction: read again, the band gives the code (on the
    Clinton release 24 such rows: 11 bands, none changing an email)."""
    assert nothing_beside(beside) is blank


def test_a_whole_pdf_with_no_pages_is_not_called_corrupt(tmp_path):
    """GIVEN a well-formed PDF whose page tree is empty (PDFium refuses it as a format error)
    WHEN it is read
    THEN the message says it has no pages, not that it is truncated and wants repairing."""
    from pypdf import PdfWriter

    empty = tmp_path / "nothing-released.pdf"
    with open(empty, "wb") as out:
        PdfWriter().write(out)
    with pytest.raises(UnreadablePDF, match="has no pages") as raised:
        list(read_text_pages(empty))
    assert raised.value.path == str(empty) and "qpdf" not in str(raised.value)
    truncated = tmp_path / "cut.pdf"
    truncated.write_bytes(empty.read_bytes()[:60])
    with pytest.raises(UnreadablePDF, match="corrupt or truncated"):
        list(read_text_pages(truncated))


def _redacted_print(path: Path, *, codes_drawn_last: bool, margin_code: bool) -> None:
    """A born-digital Outlook print (invented names) whose To: line ends in a black redaction box,
    its code in white in a 6 pt font 2 pt above the line's baseline, as a PDF redaction tool
    draws it: after the page's text (``codes_drawn_last``) or in its place; optionally the same
    code in the right margin level with the line."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    drawing = canvas.Canvas(str(path), pagesize=(612, 792))
    drawing.setFont("Helvetica", 10)
    rows = [("From:", "Roe, Jane"), ("Sent:", "Tuesday, March 5, 2019 10:14 AM"), ("To:", "Doe, John; "),
            ("Subject:", "Site visit schedule")]
    box_at = 130 + stringWidth("Doe, John; ", "Helvetica", 10)

    def box() -> None:
        drawing.setFillGray(0)
        drawing.rect(box_at, 700 - 26 - 3, 60, 12.5, stroke=0, fill=1)
        drawing.setFillGray(1)
        drawing.setFont("Helvetica", 6)
        drawing.drawString(box_at + 2, 700 - 26 + 2, "(b)(6)")
        drawing.setFillGray(0)
        drawing.setFont("Helvetica", 10)

    for index, (label, value) in enumerate(rows):
        drawing.drawString(60, 700 - 13 * index, label)
        drawing.drawString(130, 700 - 13 * index, value)
        if label == "To:" and not codes_drawn_last:
            box()
    drawing.drawString(60, 640, "Please see the attached draft.")
    if codes_drawn_last:
        box()
    if margin_code:
        drawing.setFont("Helvetica", 6)
        drawing.drawRightString(604, 700 - 26, "(b)(6)")
    drawing.showPage()
    drawing.save()


def test_a_box_s_code_drawn_after_the_page_is_read_on_its_line(tmp_path: Path) -> None:
    """Layout family: born-digital prints redacted with a PDF tool that draws each box and its
    code after the page, in a smaller font off the line's baseline. GIVEN such a page WHEN its
    text layer is read THEN the code is on its To: line (PDFium's drawing order read it after the
    last line, the label's value cut short), and the code in the margin level with the line is a
    line of its own after it (the email's code, as a scan's layer prints it)."""
    path = tmp_path / "print.pdf"
    _redacted_print(path, codes_drawn_last=True, margin_code=True)
    lines = next(read_text_pages(path)).text.splitlines()
    assert lines[2:5] == ["To: Doe, John; (b)(6)", "(b)(6)", "Subject: Site visit schedule"]
    assert lines[-1] == "Please see the attached draft."


def test_a_page_drawn_in_reading_order_keeps_pdfium_s_text(tmp_path: Path) -> None:
    """GIVEN the same print with its box drawn in its place (the drawing order is the reading
    order) WHEN read THEN the text is PDFium's, not re-read by position."""
    import pypdfium2 as pdfium

    path = tmp_path / "print.pdf"
    _redacted_print(path, codes_drawn_last=False, margin_code=False)
    document = pdfium.PdfDocument(str(path))
    try:
        textpage = document[0].get_textpage()
        expected = pdf_module.clean_text(textpage.get_text_range())
        assert not pdf_module._drawn_out_of_order(textpage)
        textpage.close()
    finally:
        document.close()
    assert next(read_text_pages(path)).text == expected
    assert "To: Doe, John; (b)(6)" in expected


def _word(x: float, top: float, text: str, size: float = 10.0) -> list[pdf_module.Glyph]:
    return [pdf_module.Glyph(x + i * size * 0.5, x + (i + 1) * size * 0.5, top, top + size, c) for i, c in enumerate(text)]


def test_lines_by_position_put_a_small_overlay_on_the_line_it_sits_in() -> None:
    """GIVEN a 10 pt line and a 6 pt code whose top is 3 pt above the line's (a box's top-left
    overlay), and the next line 13 pt below WHEN ordered by position THEN the code is in its line,
    the lines apart (a tolerance on top edges read the code as a line of its own)."""
    glyphs = [*_word(60, 100, "To:"), *_word(80, 97, "(b)(6)", 6), *_word(60, 113, "Cc:")]
    assert pdf_module.lines_by_position(glyphs) == "To: (b)(6)\nCc:"


def test_a_code_far_right_of_its_line_is_a_margin_code_unless_boxed() -> None:
    """GIVEN a line whose last word, a code, stands 100 pt right of the rest WHEN ordered THEN it is
    a margin code on a line of its own; drawn inside a box (a redaction's label at the line's end)
    it stays in the line; a word that is no code stays in the line (a Gmail print's date)."""
    line = [*_word(60, 100, "To:"), *_word(200, 102, "(b)(6)", 6)]
    assert pdf_module.lines_by_position(line) == "To:\n(b)(6)"
    assert pdf_module.lines_by_position(line, [(195.0, 97.0, 240.0, 111.0)]) == "To: (b)(6)"
    # the code's ascent a fraction of a point above the box's frame: still the box's, on its line
    # (beside the same code in the margin, the two small runs level with the line)
    echoed = [*line, *_word(560, 106, "(b)(6)", 6)]
    assert pdf_module.lines_by_position(echoed, [(195.0, 102.2, 240.0, 111.0)]) == "To: (b)(6)\n(b)(6)"
    assert pdf_module.lines_by_position([*_word(60, 100, "Roe"), *_word(200, 100, "Sun")]) == "Roe Sun"


def test_small_lines_stacked_beside_a_tall_one_stay_lines_of_their_own() -> None:
    """Negative: a letterhead's 22 pt name with three 6 pt address lines to its right, and a
    30 pt drop capital beside three body lines, are read line by line (joined into the tall line
    their characters were interleaved: "100 Main Street" no longer found)."""
    letterhead = [*_word(60, 100, "Harbor Board", 22), *_word(300, 100, "100 Main Street", 6),
                  *_word(300, 107, "Springfield", 6), *_word(300, 114, "Tel 555-0100", 6)]
    assert pdf_module.lines_by_position(letterhead).splitlines() == [
        "Harbor Board", "100 Main Street", "Springfield", "Tel 555-0100"]
    drop = [*_word(60, 100, "T", 30), *_word(80, 101, "he board met", 9), *_word(80, 111, "on Monday to", 9),
            *_word(80, 121, "review plans.", 9)]
    assert pdf_module.lines_by_position(drop).splitlines() == ["T", "he board met", "on Monday to", "review plans."]


def test_a_long_file_is_opened_by_pdfplumber_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """GIVEN a 30-page born-digital print whose box codes are drawn after each page (every page read
    by position) WHEN its text is read THEN pdfplumber opens the file once, not once a page: each
    opening parses the whole file, so a long production's reading grew with the square of its pages."""
    import pdfplumber

    single = tmp_path / "one.pdf"
    _redacted_print(single, codes_drawn_last=True, margin_code=False)
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    page = PdfReader(str(single)).pages[0]
    for _ in range(30):
        writer.add_page(page)
    path = tmp_path / "long.pdf"
    with path.open("wb") as out:
        writer.write(out)
    opened = []
    real_open = pdfplumber.open
    monkeypatch.setattr(pdfplumber, "open", lambda *args, **kwargs: opened.append(args) or real_open(*args, **kwargs))
    pages = list(read_text_pages(path))
    assert len(pages) == 30 and all("To: Doe, John; (b)(6)" in p.text for p in pages)
    assert len(opened) == 1


def test_a_letter_drawn_out_of_order_keeps_pdfium_s_text(tmp_path: Path) -> None:
    """Negative: a born-digital letter (no header label starts a line) whose letterhead is drawn
    after its body keeps PDFium's reading however its drawing order runs (a letter has no header
    to mend, and PDFium joins a word hyphenated at a line's end, which reading by position does not)."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "letter.pdf"
    drawing = canvas.Canvas(str(path), pagesize=(612, 792))
    drawing.setFont("Helvetica", 10)
    drawing.drawString(60, 650, "Dear Ms. Roe: the enclosed records are released to you.")
    drawing.drawString(60, 637, "Sincerely, John Doe")
    drawing.drawString(60, 720, "Office of Information Programs")
    drawing.drawString(400, 650, "Ref. 12")  # back onto the first line
    drawing.showPage()
    drawing.save()
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        textpage = document[0].get_textpage()
        expected = pdf_module.clean_text(textpage.get_text_range())
        assert pdf_module._drawn_out_of_order(textpage)
        textpage.close()
    finally:
        document.close()
    assert next(read_text_pages(path)).text == expected


def test_a_scan_drawn_inside_a_form_makes_its_page_a_scan(tmp_path: Path) -> None:
    """GIVEN a page whose scan is drawn small inside a form XObject that the page draws scaled to
    cover it (PDFium gives the image its bounds in the form's space: a tenth of the page each
    way) WHEN its layer is read THEN the page is a scan."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    path = tmp_path / "form-scan.pdf"
    drawing = canvas.Canvas(str(path), pagesize=(612, 792))
    drawing.beginForm("scan")
    drawing.drawImage(ImageReader(Image.new("L", (612, 792), 200)), 0, 0, 61.2, 79.2)
    drawing.endForm()
    drawing.saveState()
    drawing.scale(10, 10)
    drawing.doForm("scan")
    drawing.restoreState()
    drawing.drawString(72, 700, "From: Jane Roe")
    drawing.showPage()
    drawing.save()
    assert next(read_text_pages(path)).scanned


def test_a_notes_memo_table_drawn_values_first_is_read_in_its_places(tmp_path: Path) -> None:
    """Layout family: a Lotus Notes memo printed to PDF whose table draws its values before its
    labels ("To", "cc", "bcc", "Subject", with no colon): read by position, each label beside its
    value (PDFium's drawing order put the labels after the body: no email at all)."""
    def draw(drawing: Any) -> None:
        cells = [(60, 700, "Jane Roe/DC/PEMB@PEMB"), (300, 700, "John Doe/HQ/PEMB@PEMB"),
                 (60, 687, "03/14/2011 10:05 AM"), (300, 687, "Mary Kent/DC/PEMB@PEMB"), (300, 661, "Re: Budget review")]
        for x, y, value in cells:
            drawing.drawString(x, y, value)
        drawing.drawString(60, 630, "Please see the attached.")
        for y, label in ((700, "To"), (687, "cc"), (674, "bcc"), (661, "Subject")):
            drawing.drawString(250, y, label)

    email = _email_drawn(tmp_path / "notes.pdf", draw)
    assert (email.sender.name, email.sent, email.subject) == ("Jane Roe/DC/PEMB@PEMB", "2011-03-14T10:05:00",
                                                              "Re: Budget review")


def test_a_shaded_label_cell_is_no_redaction_box(tmp_path: Path) -> None:
    """Layout family: eDiscovery renders of messages shade their label cells; a light grey cell
    behind "Subject:" as tall as its two-line value is no redaction box, so read by position (the
    page drawn values first) the label stays whole beside its value (it stood a letter a line,
    the subject lost); a black box's code is still read on its line."""
    def draw(drawing: Any) -> None:
        values = [(700, "Okafor, Dana"), (687, "Tuesday, March 14, 2017 9:05 AM"), (674, "Roe, Jane"),
                  (661, "RE: Follow-up on the revised sampling schedule for the lower basin"),
                  (648, "monitoring sites and the county's request")]
        for y, value in values:
            drawing.drawString(130, y, value)
        drawing.drawString(60, 620, "Please see the attached.")
        drawing.setFillGray(0.85)
        drawing.rect(58, 645, 66, 26, stroke=0, fill=1)
        drawing.setFillGray(0)
        for y, label in ((700, "From:"), (687, "Sent:"), (674, "To:"), (661, "Subject:")):
            drawing.drawString(60, y, label)

    email = _email_drawn(tmp_path / "shaded.pdf", draw)
    assert email.subject == ("RE: Follow-up on the revised sampling schedule for the lower basin monitoring sites and "
                             "the county's request")


def _email_drawn(path: Path, draw: Callable[[Any], None]) -> Any:
    """The one email of a born-digital page ``draw`` draws (reportlab, Helvetica 10), read from its text layer."""
    from reportlab.pdfgen import canvas

    from ingest.emails import emails_from_pages

    drawing = canvas.Canvas(str(path), pagesize=(612, 792))
    drawing.setFont("Helvetica", 10)
    draw(drawing)
    drawing.showPage()
    drawing.save()
    (email,), _ = emails_from_pages([next(read_text_pages(path)).text], [None])
    return email
