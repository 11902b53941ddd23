"""Tesseract on header lines spoiled by a redaction box (real Tesseract, a drawn page)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from archive.model import Party
from ingest.headers import parse_date, parse_parties, whole_addresses
from ingest.marks import find_exemptions
from ingest.ocr import (
    BLANK_BOX,
    Tesseract,
    Turn,
    Word,
    _agreed,
    _beside,
    _by_page,
    _doubtful_orientation,
    _lone_glyph,
    _lost_margin_code,
    _margin_crops,
    _stack_neighbours,
    _to_last_address,
    assemble,
    blank_boxes_marked,
    find_dropped_lines,
    find_outlined_boxes,
    find_redaction_boxes,
    join_boxed_line,
    levelled,
    skew_of,
    straightened,
    without_blank_frames,
    without_broken_rules,
    without_specks,
    words_from_data,
)
from ingest.pdf import render_page
from tests.conftest import REALDATA, SAMPLES, unavailable

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _sent_line_under_a_box(sent: str) -> Image.Image:
    """A 300 dpi strip: "From:" with a redaction box whose bottom edge ends a pixel above
    the tallest glyph of the Sent: line under it (as agencies' boxes often do)."""
    page = Image.new("L", (2400, 400), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 40)
    draw.text((150, 60), "From:", font=font, fill=0)
    sent_top = 127
    glyph_top = sent_top + font.getbbox("Sent: Thursday")[1]
    draw.rectangle((300, 58, 1290, glyph_top - 2), fill=0)
    draw.text((150, sent_top), sent, font=font, fill=0)
    draw.text((150, 200), "To: Lerner, Jonathan H.; Walters, John E.", font=font, fill=0)
    return page


def test_a_subject_read_again_enlarged_keeps_its_place_on_the_page(tesseract: str) -> None:
    """OCR failure, scans: a subject a box ends ("… lighting invoice re ▇▇"), its line read again up
    to the box, enlarged. GIVEN such a line WHEN OCR'd THEN the words read again stand where they
    are printed: the box's mark after the last of them (was: their places read at twice the size,
    the mark put among the words, "Stadium █ lighting invoice re")."""
    page = Image.new("L", (2400, 200), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 40)
    draw.text((150, 60), "Subject: Stadium lighting invoice re", font=font, fill=0)
    right = 150 + round(draw.textlength("Subject: Stadium lighting invoice re ", font=font))
    draw.rectangle((right, 55, right + 300, 115), fill=0)
    result = Tesseract().recognise(page, 72 / 300)
    assert [line for line in result.text.splitlines() if line.startswith("Subject")] == [
        f"Subject: Stadium lighting invoice re {BLANK_BOX}"]


def _sent(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith("Sent")).split(":", 1)[1]


def test_a_date_line_spoiled_by_a_box_is_read_again_alone(tesseract: str) -> None:
    """OCR failure: GIVEN a box whose edge touches the Sent: line under it (the page-wide
    reading gives "Thursday, August U0,") WHEN the page is OCR'd THEN the line is read
    again on its own and the date is whole."""
    result = Tesseract().recognise(_sent_line_under_a_box("Sent: Thursday, August 08, 2013 1:23 PM"), 72 / 300)
    assert parse_date(_sent(result.text)).iso == "2013-08-08T13:23:00"
    assert "Lerner, Jonathan H." in result.text  # the lines around it are kept


def test_a_box_printing_no_code_over_a_header_s_value_is_written_where_it_stands(tesseract: str) -> None:
    """Layout family, productions that black out a header's values with boxes printing no code:
    GIVEN "From:" and a box after it WHEN OCR'd THEN the line reads "From: █" (was "From:" alone:
    the sender stated as none, "(no subject)" for a boxed subject); the lines around it as printed."""
    result = Tesseract().recognise(_sent_line_under_a_box("Sent: Thursday, August 08, 2013 1:23 PM"), 72 / 300)
    assert result.text.splitlines()[0] == f"From: {BLANK_BOX}"
    assert "To: Lerner, Jonathan H.; Walters, John E." in result.text


def test_blank_boxes_are_marked_on_header_lines_only() -> None:
    """A box on a header's line right of its label is written there, the scrap its ragged edge read
    as ("Attachments: E") dropped; one over two labelled lines is each line's; a box printing a
    code (on it, or on a line of its own under it) and one in a body's line are left as they are."""
    def line(top: int, *words: tuple[str, int]) -> list[Word]:
        return [Word(text, left, top, left + 20 * len(text), top + 40, 90.0, (1, 1, top)) for text, left in words]

    words = (line(0, ("Attachments:", 0), ("E", 300)) + line(100, ("To:", 0)) + line(150, ("Cc:", 0))
             + line(400, ("Subject:", 0), ("(b)(6)", 300)) + line(550, ("Please", 0), ("call", 140))
             + line(650, ("Bcc:", 0)) + line(700, ("(b)(6)", 60))  # (a box's code stacked under its line)
             + line(900, ("Subject:", 0), ("FW", 280))  # (a word run into the box's edge: the print's)
             + line(1000, ("To:", 0), ("Moss,", 80), ("Carl;", 200), ("Park,", 620), ("Ellen", 740))  # (in the line)
             + line(1100, ("Subject:", 0), ("Pilot", 200)))  # (beside a copier's shadow down the page's edge)
    boxes = [(290, -5, 900, 45), (200, 95, 900, 195), (290, 395, 900, 445), (200, 545, 900, 595), (200, 645, 900, 695),
             (290, 895, 900, 945), (310, 995, 590, 1045), (1200, 0, 1300, 3300)]
    marked = assemble(blank_boxes_marked(words, boxes), 1.0).text.splitlines()
    assert [text for text in marked if text] == [f"Attachments: {BLANK_BOX}", f"To: {BLANK_BOX}", f"Cc: {BLANK_BOX}",
                                                 "Subject: (b)(6)", "Please call", "Bcc:", "(b)(6)", f"Subject: FW {BLANK_BOX}",
                                                 f"To: Moss, Carl; {BLANK_BOX} Park, Ellen", "Subject: Pilot"]


def test_a_second_reading_that_reads_no_better_is_not_kept(tesseract: str) -> None:
    result = Tesseract().recognise(_sent_line_under_a_box("Sent: sometime last week"), 72 / 300)
    assert "last week" in _sent(result.text)


def _header_value(text: str, label: str) -> str:
    return next(line for line in text.splitlines() if line.lstrip(" ,.'‘").startswith(label)).split(":", 1)[1]


def test_faxed_address_lines_are_read_again_until_readings_agree(tesseract: str) -> None:
    """OCR failure of faxed prints: GIVEN a faxed Apple Mail header whose page-wide reading
    breaks both addresses ("<dokafor" with the rest read as a line of its own; "rsandov
    \\@kell-county") WHEN the page is OCR'd THEN each line is read again alone and the
    addresses are whole, with no speck after them taken into the name."""
    with pdfium.PdfDocument(SAMPLES / "layout-families" / "county-fax.pdf") as pdf:
        page = pdf[2].render(scale=300 / 72).to_pil()
    text = Tesseract().recognise(page, 72 / 300).text
    assert whole_addresses(_header_value(text, "From")) == ("dokafor@dcc.example.gov",)
    assert whole_addresses(_header_value(text, "To")) == ("rsandoval@kell-county.example.gov",)
    assert _header_value(text, "To").rstrip().endswith(">")


def test_an_address_line_read_again_keeps_the_turned_sent_line_under_it(tesseract: str) -> None:
    """OCR failure of a page scanned a little turned (0.8°, at 150 dpi grey, JPEG): the end of
    the Sent: line rises into the band of the From: line above it, whose damaged address is read
    again across the band to the page's edge. GIVEN such a page of a real release WHEN it is
    OCR'd THEN the Sent: line keeps its end (was "Sent: Saturday, September": the words in the
    band were dropped as the address line's own)."""
    import io

    pdf_path = REALDATA / "clinton-hrc296" / "C05739667.pdf"
    if not pdf_path.is_file():
        unavailable(f"{pdf_path} is missing (the shared real data)")
    with pdfium.PdfDocument(str(pdf_path)) as pdf:
        page = pdf[0].render(scale=300 / 72, grayscale=True).to_pil().convert("L")
    turned = page.rotate(0.8, resample=Image.BICUBIC, fillcolor=255).resize((page.width // 2, page.height // 2),
                                                                           Image.LANCZOS)
    scanned, released = io.BytesIO(), io.BytesIO()
    turned.save(scanned, "JPEG", quality=40)
    Image.open(io.BytesIO(scanned.getvalue())).convert("L").save(released, "PDF", resolution=150)
    with pdfium.PdfDocument(released.getvalue()) as pdf:  # an image-only PDF, rendered as ingest renders it
        scan = pdf[0].render(scale=300 / 72, grayscale=True).to_pil().convert("L")
    text = Tesseract().recognise(scan, 72 / 300).text
    assert parse_date(_header_value(text, "Sent")).iso == "2012-09-15T18:38:00"
    assert "@" in _header_value(text, "From")


def _word(text: str, left: int = 0, top: int = 0) -> Word:
    return Word(text, left, top, left + 10, top + 10, 90.0, (1, 1, 1))


def _readings(*values: str) -> Iterator[tuple[str, list[Word]]]:
    for index, value in enumerate(values):
        yield f"reading {index}", [_word("To:"), *(_word(part) for part in value.split())]


def _addresses(value: str) -> tuple[str, ...] | None:
    return tuple(part for part in value.split() if "@" in part) or None


def _printed(*words: tuple[str, int], top: int = 0) -> list[Word]:
    """A line's words, each at its left edge (40 px tall, 20 px a letter)."""
    return [Word(text, left, top, left + 20 * len(text), top + 40, 90.0, (1, 1, top)) for text, left in words]


def test_a_code_printed_in_the_margin_is_set_apart_from_its_line() -> None:
    """Page family, scanned prints whose box's code stands in the margin level with it (State,
    DOJ components): the code is read into the line's end ("Subject: RE: Budget B5"), as if the
    subject printed it. GIVEN a line whose last words are codes far right of the rest THEN they
    follow a tab (the subject reader leaves them out); a code in the line's run stays in it."""
    margin = _printed(("Subject:", 100), ("RE:", 400), ("Budget", 480), ("B5", 2200))
    glued = _printed(("Subject:", 100), ("Vitamin", 400), ("B6", 560), top=50)
    two = _printed(("From:", 100), ("Roe,", 400), ("Jane", 500), ("B6,", 1900), ("B7(C)", 1980), top=100)
    text = assemble([*margin, *glued, *two], 0.24).text.splitlines()
    assert text == ["Subject: RE: Budget\tB5", "Subject: Vitamin B6", "From: Roe, Jane\tB6, B7(C)"]
    prose = _printed(("the", 100), ("list", 180), ("B5", 2200), top=300)  # a body line's margin code too
    assert assemble(prose, 0.24).text == "the list\tB5"
    assert assemble(_printed(("Room", 100), ("2200", 2200)), 0.24).text == "Room 2200"
    # a code inside a box in the line's middle (the box 2 inches wide): where the box is, no margin
    boxed = _printed(("Subject:", 100), ("Meeting", 400), ("with", 560), ("(b)(6)", 1150), top=0)
    assert assemble([*boxed, *_printed(("the", 100), ("end", 2200), top=50)], 0.24).text.splitlines()[0] == \
        "Subject: Meeting with (b)(6)"
    assert assemble(_printed(("Tally", 100), ("for", 220), ("Ward", 300), ("86", 2200)), 0.24).text == "Tally for Ward 86"


@pytest.mark.parametrize(
    ("values", "kept"),
    [
        (["a@x.gov", "a@x.gov", "b@x.gov", "b@x.gov"], "reading 0"),  # two agree: no more are read
        (["b@x.gov", "a@x.gov", "a@x.gov"], "reading 1"),  # the first of those that agree
        (["damaged", "a@x.gov", "damaged"], "reading 1"),  # one clean reading is enough
        (["damaged", "damaged"], None),
    ],
)
def test_the_reading_most_readings_agree_on_is_kept(values: list[str], kept: str | None) -> None:
    readings = _readings(*values)
    best = _agreed(readings, _addresses)
    assert (best[0] if best else None) == kept
    if kept == "reading 0":
        assert next(readings)[0] == "reading 2"  # the third and fourth readings were never asked for


@pytest.mark.parametrize(("text", "right", "lone"), [("4", 800, True), ("Hi", 805, True), ("i", 800, True),
                                                    ("i", 900, False), ("is", 805, False), ("H", 800, False)])
def test_a_one_letter_value_misread_is_a_lone_glyph(text: str, right: int, lone: bool) -> None:
    """OCR failure: the account "H" beside a To: label read as a digit, with a speck, or as a
    lower-case letter ("To: i") is one glyph to read again as capitals; a word, or a capital
    read as it is, is not."""
    assert _lone_glyph(Word(text, 778, 342, right, 370, 54.0, (1, 1, 1))) is lone


def test_a_piece_of_a_line_read_apart_is_beside_its_label() -> None:
    label = Word("From:", 100, 200, 180, 230, 90.0, (1, 1, 1))
    assert _beside(Word("xample.gov>", 900, 205, 1100, 232, 80.0, (1, 2, 1)), label)
    assert not _beside(Word("Date:", 100, 250, 180, 280, 90.0, (1, 3, 1)), label)  # the next line
    assert not _beside(Word("Re:", 20, 205, 80, 232, 90.0, (1, 2, 1)), label)  # left of the label


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("To: Rita Sandoval <rs@kc.example.gov> Se | OO", "To: Rita Sandoval <rs@kc.example.gov>"),
        ("To: Rita Sandoval <rs@kc.example.gov>; Daniel Okafor", "To: Rita Sandoval <rs@kc.example.gov>; Daniel Okafor"),
        ("Cc: Rita Sandoval <rs@kc.example.gov> (b)(6)", "Cc: Rita Sandoval <rs@kc.example.gov> (b)(6)"),
        ("To: Rita Sandoval", "To: Rita Sandoval"),
    ],
)
def test_specks_after_the_last_address_of_a_line_read_again_are_dropped(line: str, kept: str) -> None:
    assert " ".join(w.text for w in _to_last_address([_word(part) for part in line.split()])) == kept


@pytest.mark.parametrize(("line", "start"), [
    ("AUSA's and[ ETE TOPS pg cava per Fos", 4),  # the code garbled after a box's outline
    ("water, Perjuzy, eo Sap and Sane 2st Pee FB", 5),
    ("being conducted DYE ber EOUSA", 1),  # "Per" with its P read as a b
    ("> : : *4.2 er EOUSA", 2),  # ... or lost: the code's first half read on the line above ("bé P")
    ("Investigation.\" b7C -1,-3 Per FBI", None),  # its code is there
    ("The fee is charged per Page", 2),  # looks the same: read again, kept only if a code reads
    ("Per FBI", None),  # too short to have lost anything before it
    ("meet at noon per the agenda", None),
])
def test_a_margin_code_lost_before_a_damaged_per_agency_is_found(line: str, start: int | None) -> None:
    words = [Word(text, 10 * i, 0, 10 * i + 8, 10, 90.0, (1, 1, 1)) for i, text in enumerate(line.split())]
    assert _lost_margin_code(words) == start


def _row(text: str, left: int, top: int, line: tuple[int, int, int], width: int = 60,
         confidence: float = 90.0) -> list[Word]:
    """Words of one printed line, ``width`` pixels apart, 26 pixels tall."""
    return [Word(part, left + width * i, top, left + width * i + width - 10, top + 26, confidence, line)
            for i, part in enumerate(text.split())]


def test_a_lost_code_is_read_again_in_its_agencys_own_band() -> None:
    """OCR failure: GIVEN a code whose line OCR widened (a box's edge or a word's remnant read into
    it: "Sane" 66 pixels tall) WHEN the places to read it again are taken THEN the line's band comes
    first, then the band of its agency alone, both from the code's column to the page's edge."""
    page = Image.new("L", (2500, 3300), 255)
    region = [Word("Sane", 1667, 1958, 1999, 2024, 0.0, (1, 1, 1)), Word("2st", 2011, 1958, 2074, 1990, 19.0, (1, 1, 1)),
              Word("Pee", 2105, 1960, 2176, 1984, 48.0, (1, 1, 1)), Word("FB", 2205, 1960, 2274, 1984, 4.0, (1, 1, 1))]
    assert _margin_crops(page, region, 1667) == [(1655, 1946, 2500, 2036), (1655, 1948, 2500, 1996)]


def test_the_lines_beside_a_margin_code_in_its_column_are_read_again_from_it() -> None:
    """OCR failure: GIVEN stacked margin codes, the upper one read into a handwritten date beside it
    ("2/1/81 5 vox ver") and the lower one clean WHEN the stack's neighbours are looked for THEN the
    upper line's words in the code's column are, from the code's column; a line far above, and a
    line that prints its code, and one read sure, are not."""
    far = _row("Subject: CIVIL RIGHTS MATTER", 400, 300, (1, 1, 1))
    upper = _row("SA (SQUAD 12) Date 2/1/81 5 vox ver", 1600, 551, (2, 1, 1), confidence=40.0)
    code = _row("b7C -1 Per FBI", 2022, 600, (2, 1, 2))
    assert _stack_neighbours(far + upper + code) == [(2022, [w for w in upper if w.left >= 2010])]
    read_well = _row("SA (SQUAD 12) Date 2/1/81 5 vox ver", 1600, 551, (2, 1, 1))
    assert _stack_neighbours(read_well + code) == []  # body text beside the stack, read sure
    printed = _row("b6 -1 Per FBI", 2022, 551, (2, 1, 1))
    assert _stack_neighbours(printed + code) == []
    assert _stack_neighbours(upper) == []  # no code read: no stack


def _page_with_an_outlined_box_and_a_code(code_left: int) -> tuple[Image.Image, list[Word]]:
    """A 300 dpi page: a typed line, an outlined box and, beside it, a margin code ("b6 Per EOUSA");
    the words of the typed line as a page reading gives them."""
    page = Image.new("L", (2500, 1200), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf", 28)
    draw.text((300, 200), "To Dean Polales", font=font, fill=0)
    draw.rectangle((1400, 180, 1840, 300), outline=0, width=4)
    draw.line((300, 700, 2300, 700), fill=0, width=3)
    draw.text((code_left, 200), "b6 Per EOUSA", font=font, fill=0)
    for x in range(300, 2300, 40):  # a dashed rule
        draw.line((x, 900, x + 20, 900), fill=0, width=3)
    return page, _row("To Dean Polales", 300, 200, (1, 1, 1), width=90)


def test_a_line_the_page_reading_left_out_is_found() -> None:
    """OCR failure: GIVEN a margin code beside a box's outline that the page reading left out WHEN
    the ink no word covers is looked at THEN the code's line is found, and nothing else (the box,
    the rule and the dashed rule are no letters); a line a word covers is not."""
    page, words = _page_with_an_outlined_box_and_a_code(1900)
    [(left, top, right, bottom)] = find_dropped_lines(page, words)
    assert left <= 1900 and right >= 2100 and top <= 205 and 225 <= bottom <= 260
    covered = words + [Word("b6 Per EOUSA", 1900, 200, 2140, 230, 90.0, (2, 1, 1))]
    assert find_dropped_lines(page, covered) == []


@pytest.mark.tesseract
def test_a_margin_code_the_page_reading_left_out_is_read_alone(tesseract: str) -> None:
    """GIVEN a page reading that left out the margin code beside a box's outline WHEN the lines no
    word covers are read THEN the code is added, on the code's line; a page reading that has it
    gains nothing."""
    page, words = _page_with_an_outlined_box_and_a_code(1900)
    added = Tesseract()._read_dropped_lines(page, words)[len(words):]
    assert " ".join(w.text for w in added) == "b6 Per EOUSA"
    assert all(w.left >= 1880 and w.top >= 190 and w.bottom <= 240 for w in added)
    assert Tesseract()._read_dropped_lines(page, words + added) == words + added


def test_a_box_its_white_label_nearly_fills_is_read_as_its_codes(tesseract: str) -> None:
    """OCR failure: GIVEN a scanned page whose box over a name ("Hi [box],") is nearly filled by its
    white label, so that no solid area is left once the page is shrunk WHEN the page is OCR'd THEN
    the box is found by its frame and its label read as codes, not as words ("Hi NOP.")."""
    page = render_page(SAMPLES / "dea-microsoft" / "dea-microsoft-part3.pdf", 9, 300)
    line = next(line for line in Tesseract().recognise(page, 72 / 300).text.splitlines() if line.startswith("Hi "))
    assert find_exemptions(line) == ("(b)(6)", "(b)(7)(C)") and "NOP" not in line


def _dark_photocopy(page: Image.Image) -> Image.Image:
    """A page as a dark photocopy prints it: strokes a pixel thicker, grey paper (level 193)."""
    return page.filter(ImageFilter.MinFilter(3)).point(lambda level: round(40 + level * 0.6))


def test_a_dark_photocopy_on_grey_paper_is_read(tesseract: str) -> None:
    """OCR failure: GIVEN a scanned email printed dark on grey paper (its bold words dark enough
    to pass for boxes, so a label strip of white paper is laid below it) WHEN OCR'd THEN the
    paper is made white first and the header reads as on the clean page (it read as nothing:
    one threshold over grey page and white strip took the whole page for ink)."""
    page = render_page(SAMPLES / "dea-microsoft" / "dea-microsoft-part3.pdf", 1, 300)
    text = Tesseract().recognise(_dark_photocopy(page), 72 / 300).text
    assert "From: Kevin Marsh" in text and "Subject: FY19 planning" in text
    assert parse_date(_sent(text)).iso == "2018-09-05T11:00:00"


def test_a_light_copy_s_faint_ink_and_grey_boxes_are_read(tesseract: str) -> None:
    """OCR failure: GIVEN a scanned email printed light (strokes a pixel thinner, ink and boxes no
    darker than grey 120) WHEN OCR'd THEN its darkest ink is made black first and the boxes' codes
    read as codes (they read "_PNE), 'orc!") and the header as on the clean page."""
    page = render_page(SAMPLES / "dea-microsoft" / "dea-microsoft-part3.pdf", 1, 300)
    light = page.filter(ImageFilter.MaxFilter(3)).point(lambda level: round(120 + level * 135 / 255))
    text = Tesseract().recognise(light, 72 / 300).text
    assert find_exemptions(_header_value(text, "To")) == ("(b)(6)", "(b)(7)(C)")
    assert "Subject: FY19 planning" in text


def test_black_on_white_is_left_as_scanned_grey_paper_and_faint_ink_levelled() -> None:
    page = Image.new("L", (200, 100), 250)
    ImageDraw.Draw(page).rectangle((20, 20, 60, 40), fill=30)
    assert levelled(page) is page
    grey = levelled(page.point(lambda level: round(level * 0.8)))  # paper 200, the box 24
    assert (grey.getpixel((5, 5)), grey.getpixel((30, 30))) == (255, round(24 * 255 / 200))
    faint = levelled(page.point(lambda level: 100 + level // 2))  # paper 225, the box 115
    assert (faint.getpixel((5, 5)), faint.getpixel((30, 30))) == (255, 0)
    blank = Image.new("L", (200, 100), 200)
    assert levelled(blank) is blank


def _faxed(page: Image.Image, specks: float = 0.002, seed: int = 3) -> Image.Image:
    """A page as a fax prints it and a PDF viewer draws it again at the page's resolution: at
    200 by 100 dpi, one bit a pixel, ``specks`` of its pixels flipped (ink on the paper, paper
    in the boxes; where: ``seed``)."""
    small = page.resize((page.width * 2 // 3, page.height // 3), Image.Resampling.BILINEAR)
    flipped = np.random.default_rng(seed).random((small.height, small.width)) < specks
    bits = (np.asarray(small) > 160) ^ flipped
    return Image.fromarray(bits.astype(np.uint8) * 255).resize(page.size, Image.Resampling.BILINEAR)


def test_a_faxed_page_s_specks_are_no_letters_of_its_header(tesseract: str) -> None:
    """Page family, faxes: GIVEN a scanned email faxed (200 by 100 dpi, specks on the paper and
    in the boxes) WHEN OCR'd THEN the specks are taken out first: the From: line reads the
    sender alone (it read ``- From: . » —_. Kevin Marsh``) and the To: line both boxes' codes
    (the second read ``S| de), (DYE)``)."""
    page = render_page(SAMPLES / "dea-microsoft" / "dea-microsoft-part3.pdf", 1, 300)
    text = Tesseract().recognise(_faxed(page), 72 / 300).text
    assert _header_value(text, "From").strip().startswith("Kevin Marsh <kevin.marsh")
    assert _header_value(text, "To").count("(b)(6)") == 2
    assert "Subject: FY19 planning" in text


def _specked_page(specks: int) -> tuple[Image.Image, Image.Image]:
    """A 300 dpi letter page of header lines (full stops, colons, i's dots), a thin rule, an
    outlined box and a black one; and the same page with ``specks`` specks of ink (2 by 3
    pixels) on its paper clear of the print, and specks of paper in the black box."""
    font = ImageFont.truetype(FONT, 40)
    page = Image.new("L", (2550, 3300), 255)
    draw = ImageDraw.Draw(page)
    lines = ("From: Roe, Jane J.", "Sent: Friday, July 26, 2013 1:23 PM", "To: Doe, John; ii.jj@ii.example",
             "Subject: i.e. minutes; a.m. fix", "Cc: Little, Pat A.")
    for row, line in enumerate(lines):
        draw.text((200, 200 + 60 * row), line, font=font, fill=0)
    draw.line((200, 560, 2300, 560), fill=0, width=1)
    draw.rectangle((1400, 200, 1900, 260), outline=0, width=1)
    draw.rectangle((200, 700, 2300, 1100), fill=0)
    clean = page.copy()
    ink = np.asarray(clean) < 250
    near = np.zeros_like(ink)  # within 16 px of the print
    for y, x in zip(*np.nonzero(ink[::8, ::8]), strict=True):
        near[max(0, y * 8 - 24):y * 8 + 24, max(0, x * 8 - 24):x * 8 + 24] = True
    places = [(x, y) for y in range(1200, 3250, 29) for x in range(40, 2500, 31)]
    for x, y in places[:specks]:
        draw.rectangle((x, y, x + 1, y + 2), fill=0)
    for x, y in [(x, y) for y in range(720, 1080, 23) for x in range(230, 2280, 37)]:
        draw.rectangle((x, y, x + 1, y + 1), fill=255)  # paper in the box
    assert not near[1200:, :].any()  # the specks lie clear of the print
    return clean, page


def test_a_specked_page_s_specks_are_taken_out_and_nothing_else() -> None:
    """GIVEN a page specked all over (specks of ink on the paper, of paper in a black box) WHEN
    its specks are taken out THEN the page is the page as printed, pixel for pixel: its full
    stops, colons, i's dots, the thin rule and the outlined box's frame are kept. A page with a
    few such specks (a clean scan's dust) is left as it was."""
    clean, specked = _specked_page(3000)
    taken = without_specks(specked)
    assert ImageChops.difference(taken, clean).getbbox() is None
    few = _specked_page(200)[1]
    assert without_specks(few) is few
    assert without_specks(clean) is clean


def test_a_dotted_rule_is_whitened_a_solid_one_and_one_text_touches_are_kept() -> None:
    """GIVEN a page with a slightly skewed rule of halftone dots, a solid rule, a dotted rule a
    line of text touches, and an outlined box WHEN broken rules are taken out THEN the dotted
    rule alone is paper: every other pixel is as it was."""
    font = ImageFont.truetype(FONT, 40)
    page = Image.new("L", (2400, 900), 255)
    draw = ImageDraw.Draw(page)
    for x in range(200, 2200, 6):  # a rule of dots, dropping a pixel every 200
        draw.rectangle((x, 100 + x // 200, x + 2, 102 + x // 200), fill=60)
    draw.text((200, 140), "From: Brennan, Gary", font=font, fill=0)
    draw.rectangle((200, 300, 2200, 303), fill=0)
    for x in range(200, 2200, 6):
        draw.rectangle((x, 500, x + 2, 502), fill=60)
    draw.text((200, 460), "Sent: Friday, July 26, 2013", font=font, fill=0)  # its letters sit on the dots
    draw.rectangle((300, 650, 2000, 800), outline=0, width=3)
    before = page.copy()
    taken = without_broken_rules(page)
    changed = ImageChops.difference(before, taken).getbbox()
    assert changed is not None and changed[1] >= 96 and changed[3] <= 120, changed
    assert taken.crop((190, 90, 2210, 125)).getextrema() == (255, 255)
    assert without_broken_rules(taken) is taken  # nothing broken left: the page itself


def _letter_page(boxes: bool = False) -> Image.Image:
    """A letter-size 300 dpi page of 40 lines of text, with two redaction boxes over lines if asked."""
    font = ImageFont.truetype(FONT, 36)
    page = Image.new("L", (2550, 3300), 255)
    draw = ImageDraw.Draw(page)
    for row in range(40):
        draw.text((200, 200 + 70 * row), f"Sent: Thursday, August {row + 1:02d}, 2013 1:23 PM to the harbor office and "
                  "the county clerk", font=font, fill=0)
    if boxes:
        draw.rectangle((700, 900, 2300, 960), fill=0)
        draw.rectangle((400, 2000, 1800, 2300), fill=0)
    return page


@pytest.mark.parametrize("angle", [0.6, -1.3, 2.5])
def test_a_page_fed_askew_is_measured_and_turned_straight(angle: float) -> None:
    """GIVEN a page of text turned by a known angle WHEN its skew is measured THEN the turn
    undoing it is found to a tenth of a degree; a page turned MIN_SKEW or more is turned
    straight (no skew left to measure) and a point of it maps back to the scan's."""
    from ingest.ocr import MIN_SKEW

    page = _letter_page()
    askew = page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    assert abs(skew_of(askew) + angle) <= 0.1
    turned, turn = straightened(askew)
    if abs(angle) < MIN_SKEW:
        assert (turned, turn) == (askew, None)
        return
    assert turn is not None and abs(turn.angle + angle) <= 0.1 and skew_of(turned) == 0.0
    x, y = turn.there(2000, 3000)
    assert turn.back((round(x), round(y), round(x), round(y))) == pytest.approx((2000, 3000, 2000, 3000), abs=1)


def test_a_straight_page_a_blank_one_and_a_page_under_boxes_are_left_as_they_are() -> None:
    """GIVEN a straight page, a blank one, a page turned less than MIN_SKEW and a page nearly
    all redacted WHEN straightened THEN each is the page itself, not turned."""
    from ingest.ocr import MIN_SKEW

    straight = _letter_page(boxes=True)
    blank = Image.new("L", (2550, 3300), 255)
    slight = straight.rotate(MIN_SKEW / 2, resample=Image.Resampling.BICUBIC, fillcolor=255)
    covered = Image.new("L", (2550, 3300), 255)
    ImageDraw.Draw(covered).rectangle((150, 150, 2400, 3150), fill=0)
    ImageDraw.Draw(covered).text((200, 3200), "Page 4", font=ImageFont.truetype(FONT, 36), fill=0)
    for page in (straight, blank, slight, covered.rotate(1.5, fillcolor=255)):
        assert straightened(page) == (page, None)


def test_boxes_drawn_level_on_a_skewed_scan_stay_level_and_out_of_the_text() -> None:
    """Redacted as an image: GIVEN a scan turned 1.2 degrees with boxes then drawn level on it,
    one ending just under a line of text WHEN straightened THEN the text runs level, each box is
    level (a dark rectangle, its edges straight) about its own middle, and the line above the
    box keeps its ink; a box drawn on the paper (turned with it) comes out level too."""
    straight = _letter_page()
    text = straight.rotate(1.2, resample=Image.Resampling.BICUBIC, fillcolor=255)
    ImageDraw.Draw(text).rectangle((700, 1030, 2300, 1100), fill=0)  # level, on the scan, under row 11
    turned, turn = straightened(text)
    assert turn is not None and abs(turn.angle + 1.2) <= 0.1
    x, y = turn.there(1500, 1075)
    box = turned.crop((round(x) - 790, round(y) - 24, round(x) + 790, round(y) + 24))
    assert box.getextrema()[1] < 128  # dark to its corners: put back level
    dx, dy = (turned.width - straight.width) // 2, (turned.height - straight.height) // 2
    row = (200, 960, 2450, 1018)  # row 11, whose ends the scan's level box comes within a few pixels of

    def ink(image: Image.Image, box: tuple[int, int, int, int]) -> int:
        return image.crop(box).point(lambda v: 255 if v < 128 else 0).histogram()[255]

    assert ink(turned, (row[0] + dx, row[1] + dy, row[2] + dx, row[3] + dy)) >= 0.95 * ink(straight, row)
    paper = _letter_page(boxes=True)
    on_paper = paper.rotate(1.2, resample=Image.Resampling.BICUBIC, fillcolor=255)
    turned, turn = straightened(on_paper)
    assert turn is not None
    x, y = turn.there(1100, 2150)  # the big box's middle
    assert turned.crop((round(x) - 680, round(y) - 130, round(x) + 680, round(y) + 130)).getextrema()[1] < 128


def _read(words: int, sure: int, standing: bool = False) -> list[Word]:
    """A page's reading: ``words`` words of five letters, ``sure`` of them read well."""
    size = (40, 120) if standing else (120, 40)
    return [Word("words", 100, 60 * n, 100 + size[0], 60 * n + size[1], 95.0 if n < sure else 40.0, (1, 1, n))
            for n in range(words)]


def test_a_page_read_poorly_or_in_columns_is_doubted_to_lie_upright() -> None:
    """GIVEN readings of pages WHEN asked whether the page may lie the wrong way round THEN
    a page read mostly well is not, nor one with too few words to tell; one read mostly
    poorly is (upside down: a tenth of its words read well), and so is one whose words stand
    taller than wide (a page on its side read as columns)."""
    from ingest.ocr import MIN_ORIENTATION_WORDS

    assert not _doubtful_orientation(_read(40, 36))
    assert not _doubtful_orientation(_read(MIN_ORIENTATION_WORDS - 1, 0))
    assert not _doubtful_orientation(_read(40, 36) + [Word("a", 0, 0, 5, 5, 10.0, (1, 1, 99))] * 60)  # short marks do not count
    assert _doubtful_orientation(_read(40, 4))
    assert _doubtful_orientation(_read(MIN_ORIENTATION_WORDS, 0))
    assert _doubtful_orientation(_read(40, 38, standing=True))


def _data(words: list[Word]) -> dict[str, list[object]]:
    """Tesseract's ``image_to_data`` for these words."""
    return {"text": [w.text for w in words], "left": [w.left for w in words], "top": [w.top for w in words],
            "width": [w.right - w.left for w in words], "height": [w.bottom - w.top for w in words],
            "conf": [w.confidence for w in words], "block_num": [1] * len(words), "par_num": [1] * len(words),
            "line_num": [w.line[2] for w in words]}


class _Scripted(Tesseract):
    """Tesseract whose readings of whole pages are given: the first of each page, then each
    turn's (or each page read again); lines read again read nothing; its orientation
    detection unable to tell."""

    def __init__(self, first: list[Word], turned: list[list[Word]]) -> None:
        super().__init__()
        self.readings = [[first], turned]

    def _data_of_each(self, images, config):  # type: ignore[no-untyped-def]
        if self.readings and config == "--psm 3":
            return [_data(words) for words in self.readings.pop(0)]
        return [_data([]) for _ in images]

    def _upright_quarters(self, page, points_per_pixel):  # type: ignore[no-untyped-def]
        from ingest.ocr import QUARTER_TURNS

        return QUARTER_TURNS


@pytest.mark.parametrize(("first", "turned", "kept"), [
    (_read(20, 5), [[], [], []], 0),  # an upright page read poorly: nothing read turned
    (_read(20, 5), [_read(6, 6), _read(20, 4), []], 0),  # too few words to tell, or read worse
    (_read(40, 4), [_read(40, 2), _read(40, 36), _read(40, 10)], 2),  # upside down: the turn read well
    (_read(40, 38, standing=True), [_read(40, 3), _read(40, 36), []], 2),  # on its side, read in columns
])
def test_a_turned_reading_replaces_the_first_only_when_it_reads_as_a_page_upright(
        first: list[Word], turned: list[list[Word]], kept: int) -> None:
    """GIVEN a page whose first reading is in doubt, and readings of it turned each other way
    (Tesseract cannot tell which way up it is) WHEN read THEN the best turned reading replaces
    the first only if it reads as a page upright does and reads more words well (or the first
    stood in columns): an upright page read poorly is never swapped for a turn of it that
    reads little or nothing."""
    page = Image.new("L", (3000, 3000), 255)  # (square: each turn's words on it)
    result = _Scripted(first, turned).recognise_each([(page, 0.24)])[0]
    expected = first if kept == 0 else turned[kept - 1]
    assert result.words is not None and len(json.loads(result.words)) == len(expected)
    assert (result.confidence or 0) == pytest.approx(sum(w.confidence for w in expected) / len(expected), abs=0.1)


def _small(words: int, sure: int, height: int) -> list[Word]:
    """A page's reading: ``words`` words ``height`` px tall, ``sure`` of them read well."""
    return [Word("words", 100, 2 * height * n, 100 + 3 * height, 2 * height * n + height,
                 95.0 if n < sure else 40.0, (1, 1, n)) for n in range(words)]


@pytest.mark.parametrize(("first", "again", "kept"), [
    (_small(40, 21, 12), _small(40, 36, 25), True),  # 2.9 pt words, read better enlarged
    (_small(40, 30, 12), _small(40, 20, 25), False),  # ... read worse enlarged: the first stays
])
def test_small_print_is_read_again_enlarged(first: list[Word], again: list[Word], kept: bool) -> None:
    """GIVEN a page whose words read 12 px tall at 300 dpi (a print at half size) WHEN read
    THEN it is read again enlarged to 6 pt words, the enlarged reading kept if it reads more
    words well, its boxes placed on the page as scanned."""
    from ingest.ocr import PRINT_TARGET

    page = Image.new("L", (2550, 3300), 255)
    engine = _Scripted(first, [again])
    result = engine.recognise_each([(page, 0.24)])[0]
    expected = again if kept else first
    assert result.words is not None and len(json.loads(result.words)) == len(expected)
    assert (result.confidence or 0) == pytest.approx(sum(w.confidence for w in expected) / len(expected), abs=0.1)
    enlarged = PRINT_TARGET / (12 * 0.24) if kept else 1.0
    assert json.loads(result.words)[1][1] == pytest.approx(expected[1].top * 0.24 / enlarged, abs=0.1)


def test_a_full_size_print_is_read_once() -> None:
    engine = _Scripted(_small(40, 36, 40), [_small(40, 40, 40)])  # 9.6 pt words
    engine.recognise_each([(Image.new("L", (2550, 3300), 255), 0.24)])
    assert engine.readings  # the second reading was never asked for


def test_a_sheet_too_large_to_enlarge_is_read_once() -> None:
    """A poster-sized scan of small print is not enlarged past ``MAX_ENLARGED_PIXELS``."""
    engine = _Scripted(_small(40, 36, 12), [_small(40, 40, 25)])
    engine.recognise_each([(Image.new("L", (7200, 10800), 255), 0.24)])
    assert engine.readings


def _bars(width: int) -> Image.Image:
    """A letter page of 20 lines of upright bars ``width`` px wide and 30 tall, as many apart
    again (a line of print's strokes, drawn thin or full)."""
    page = Image.new("L", (2550, 3300), 255)
    draw = ImageDraw.Draw(page)
    for line in range(20):
        for x in range(300, 1800, 2 * width + 2):
            draw.rectangle((x, 300 + 60 * line, x + width - 1, 330 + 60 * line), fill=0)
    return page


def test_strokes_are_measured_and_ink_is_thickened_a_pixel_each_way() -> None:
    """A page's strokes are its runs of ink across: 1 px drawn thin, 3 px as printed (a 10 pt
    print at half size), none on a blank page; thickened, each pixel takes the darkest of its
    3 by 3."""
    from ingest.ocr import stroke_width, thicker_ink

    assert (stroke_width(_bars(1)), stroke_width(_bars(3))) == (1.0, 3.0)
    assert stroke_width(Image.new("L", (2550, 3300), 255)) is None
    page = _specked_page(0)[0]
    assert ImageChops.difference(thicker_ink(page), page.filter(ImageFilter.MinFilter(3))).getbbox() is None


@pytest.mark.parametrize(("width", "again", "kept"), [
    (1, _small(40, 36, 25), True),  # thin strokes read better thickened
    (1, _small(40, 20, 25), False),  # ... read worse: the first reading stays
    (3, _small(40, 40, 25), False),  # strokes of a print (3 px, words 25 px tall): read once
])
def test_thin_strokes_are_read_again_thickened(width: int, again: list[Word], kept: bool) -> None:
    """GIVEN a page printed with thin strokes (a light copy) WHEN read THEN it is read again
    with its ink a pixel thicker, the reading kept only if it reads more words well; a page
    of strokes as printed is read once."""
    first = _small(40, 30, 25)
    engine = _Scripted(first, [again])
    result = engine.recognise_each([(_bars(width), 0.24)])[0]
    assert result.words is not None
    assert (result.confidence or 0) == pytest.approx(sum(w.confidence for w in (again if kept else first)) / 40, abs=0.1)
    assert bool(engine.readings) == (width == 3)  # (a reading left unasked)


def test_bands_cut_from_pages_are_not_turned() -> None:
    """GIVEN a band of a few lines cut from a page (a second reading of its header), read
    poorly WHEN read THEN it is not turned: a band is no page to ask which way up it lies."""
    band = Image.new("L", (3000, 3000), 255)
    result = _Scripted(_read(40, 4), [_read(40, 36)] * 3).recognise_each([(band, 0.24)], bands=True)[0]
    assert result.words is not None and [w[:4] for w in json.loads(result.words)][:2] == [
        [24.0, 0.0, 52.8, 9.6], [24.0, 14.4, 52.8, 24.0]]  # the first reading's words, as placed


def _sheet(left: Image.Image | None, right: Image.Image | None) -> Image.Image:
    """A landscape sheet with these pages shrunk onto its halves."""
    sheet = Image.new("L", (3300, 2550), 255)
    for side, page in enumerate((left, right)):
        if page is not None:
            sheet.paste(page.resize((1600, 2071)), (side * 1650 + 25, 240))
    return sheet


def test_a_sheet_of_two_pages_side_by_side_is_told_by_its_gutter() -> None:
    """GIVEN a landscape sheet with two pages of text side by side, a portrait page, a sheet with
    one page on its left half only, and a landscape page whose lines cross its middle WHEN
    looked at for a gutter THEN only the first has one, between its pages."""
    from ingest.ocr import two_up_gutter

    page = _letter_page()
    gutter = two_up_gutter(_sheet(page, page))
    left, right = (ImageChops.invert(_sheet(*pages)).getbbox() for pages in ((page, None), (None, page)))
    assert gutter is not None and left is not None and right is not None and left[2] < gutter < right[0]
    assert two_up_gutter(page) is None
    assert two_up_gutter(_sheet(page, None)) is None
    wide = Image.new("L", (3300, 2550), 255)  # a page printed landscape: text down its height, across its middle
    for row in range(30):
        ImageDraw.Draw(wide).text((200, 200 + 70 * row), "Sent: Thursday, August 08, 2013 1:23 PM " * 3,
                                  font=ImageFont.truetype(FONT, 36), fill=0)
    assert two_up_gutter(wide) is None
    columns = wide.copy()  # ... the same with a blank band down its middle: two pages' worth
    columns.paste(255, (1500, 0, 1800, 2550))
    assert two_up_gutter(columns) is not None


def test_a_sheets_reading_is_its_pages_one_after_the_other() -> None:
    """GIVEN the readings of a sheet's two pages WHEN put together THEN the texts follow each
    other and the right page's word boxes move by its left edge on the sheet."""
    from ingest.ocr import OcrResult, side_by_side

    left = OcrResult("From: A", 90.0, json.dumps([[10, 20, 30, 40, "From:"]]))
    right = OcrResult("From: B", 80.0, json.dumps([[10, 20, 30, 40, "From:"]]))
    sheet = side_by_side([(left, 0.0), (right, 396.0)])
    assert sheet.text == "From: A\n\nFrom: B" and sheet.confidence == 85.0
    assert json.loads(sheet.words or "") == [[10, 20, 30, 40, "From:"], [406.0, 20, 426.0, 40, "From:"]]


def test_a_turned_page_reads_its_words_where_the_scan_prints_them() -> None:
    """A word's box read on a page turned straight is the box around it on the scan: Turn.back."""
    turn = Turn(1.0, (2550, 3300), (2608, 3344))
    left, top, right, bottom = turn.back((100, 100, 300, 140))
    assert right - left > 200 and bottom - top > 40  # the turned box's bounds
    assert turn.back((1304, 1672, 1304, 1672)) == (1275, 1650, 1275, 1650)  # the middle stays


def test_a_framed_box_is_dark_inside_an_outline_is_not() -> None:
    """GIVEN a dark box around a white label and, as the FBI draws them, a white box with a thick
    outline and a word inside WHEN boxes are looked for THEN only the dark one is found, whole."""
    bold = ImageFont.truetype(FONT.replace("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"), 30)
    page = Image.new("L", (2400, 600), 255)
    draw = ImageDraw.Draw(page)
    x0, y0, x1, y1 = draw.textbbox((230, 105), "(b)(6), (b)(7)(C)", font=bold)
    draw.rectangle((x0 - 14, y0 - 10, x1 + 14, y1 + 10), fill=0)
    draw.text((230, 105), "(b)(6), (b)(7)(C)", font=bold, fill=255)
    draw.rectangle((300, 300, 900, 380), outline=0, width=10)
    draw.text((330, 315), "Chicago", font=ImageFont.truetype(FONT, 40), fill=0)
    (found,) = find_redaction_boxes(page)
    assert abs(found[0] - (x0 - 14)) <= 4 and abs(found[2] - (x1 + 14)) <= 4 and found[3] < 300


class _CountingTesseract(Tesseract):
    """The real engine, counting the Tesseract processes it starts and the images they read;
    ``read_ahead=False`` reads every line image alone, as each re-read asks for it."""

    def __init__(self, read_ahead: bool) -> None:
        super().__init__()
        self.read_ahead, self.processes, self.images = read_ahead, 0, 0

    def _data_of_each(self, images, config):  # type: ignore[no-untyped-def]
        self.processes += 1
        self.images += len(images)
        return super()._data_of_each(images, config)

    def _read_ahead(self, readings):  # type: ignore[no-untyped-def]
        if self.read_ahead:
            return super()._read_ahead(readings)
        return [self._read_again(page, words, boxes) for page, words, boxes in readings]


def test_lines_read_again_are_read_ahead_in_fewer_processes_with_the_same_result(tesseract: str) -> None:
    """GIVEN a faxed header whose two address lines are read again in several variants WHEN the
    page is OCR'd with the line images read ahead THEN text, confidence and word boxes are those of
    reading each image alone, in fewer Tesseract processes (each process loads the model)."""
    with pdfium.PdfDocument(SAMPLES / "layout-families" / "county-fax.pdf") as pdf:
        page = pdf[2].render(scale=300 / 72).to_pil()
    alone, ahead = _CountingTesseract(read_ahead=False), _CountingTesseract(read_ahead=True)
    assert ahead.recognise(page, 72 / 300) == alone.recognise(page, 72 / 300)
    assert alone.processes == alone.images >= 4  # the page, then two lines in two variants at least
    assert ahead.processes < alone.processes and ahead.images >= alone.images


def test_images_read_in_one_process_read_as_each_alone(tesseract: str) -> None:
    """GIVEN three line images (one blank) WHEN read in one Tesseract process THEN each one's words
    are what reading it alone gives, in its order."""
    lines = [_sent_line_under_a_box("Sent: Thursday, August 08, 2013 1:23 PM").crop((100, 100, 2400, 200)),
             Image.new("L", (600, 80), 255),
             _sent_line_under_a_box("Sent: sometime last week").crop((100, 110, 2400, 195))]
    engine = Tesseract()
    together = engine._data_of_each(lines, "--psm 7")
    assert [[w.text for w in words_from_data(data)] for data in together] == [
        [w.text for w in words_from_data(engine._data(line, "--psm 7"))] for line in lines]
    assert "August" in [w.text for w in words_from_data(together[0])]
    assert "week" in [w.text for w in words_from_data(together[2])]


def test_data_missing_an_image_is_refused() -> None:
    """GIVEN Tesseract's data for a list of three images that has no page for the second WHEN split
    THEN it is refused (each image is then read alone), not shifted onto the wrong image."""
    data: dict[str, list[object]] = {"page_num": [1, 1, 3], "text": ["", "Sent:", ""]}
    with pytest.raises(ValueError, match="2 of 3"):
        _by_page(data, 3)
    whole: dict[str, list[object]] = {"page_num": [1, 2, 2], "text": ["", "Sent:", "Monday"]}
    assert _by_page(whole, 2) == [{"page_num": [1], "text": [""]}, {"page_num": [2, 2], "text": ["Sent:", "Monday"]}]


# --- outlined redaction boxes ---------------------------------------------------------------

SMALL = 22  # the code's size, printed small inside the box (about 5 pt at 300 dpi)


def _outlined(draw: ImageDraw.ImageDraw, x: int, y: int, width: int, code: str, height: int = 62) -> tuple[int, int, int, int]:
    """An outlined box drawn over what is at (x, y): white inside, a thin frame, the code at its top-left."""
    box = (x, y - 8, x + width, y - 8 + height)
    draw.rectangle(box, fill=255, outline=0, width=4)
    draw.text((x + 6, y - 4), code, font=ImageFont.truetype(FONT, SMALL), fill=0)
    return box


def _header_with_outlined_boxes() -> tuple[Image.Image, list[tuple[int, int, int, int]]]:
    """A 300 dpi printed Outlook header: a box after "<" on the To: line and one in the subject."""
    page = Image.new("L", (2400, 520), 255)
    draw = ImageDraw.Draw(page)
    font, bold = ImageFont.truetype(FONT, 40), ImageFont.truetype(FONT.replace("Sans.ttf", "Sans-Bold.ttf"), 40)
    boxes = []
    for y, label, value in ((60, "From:", "Jane Roe"), (130, "Sent:", "Thursday, May 2, 2019 4:04 PM"),
                            (200, "To:", "John Doe <"), (270, "Subject:", "Email from")):
        draw.text((150, y), label, font=bold, fill=0)
        x = 160 + round(draw.textlength(label + " ", font=bold))
        draw.text((x, y), value, font=font, fill=0)
        x += round(draw.textlength(value, font=font)) + 2
        if label == "To:":
            draw.text((x, y), "jdoe@example.gov>", font=font, fill=0)
            boxes.append(_outlined(draw, x, y, 420, "(b)(6)"))
        if label == "Subject:":
            draw.text((x + 12, y), "Smith", font=font, fill=0)
            boxes.append(_outlined(draw, x + 6, y, 200, "(b)(6)"))
            draw.text((x + 230, y), "on 2 May 2019", font=font, fill=0)
    draw.text((150, 400), "Please see the notes below.", font=font, fill=0)
    return page, boxes


def test_outlined_boxes_are_found_by_their_frames() -> None:
    """GIVEN a header with two outlined boxes (a thin frame, a small code at the top-left inside)
    WHEN outlined boxes are looked for THEN both are found where they are drawn, and no dark box."""
    page, drawn = _header_with_outlined_boxes()
    found = find_outlined_boxes(page)
    assert len(found) == 2 and find_redaction_boxes(page) == []
    for (x0, y0, x1, y1), box in zip(sorted(found), sorted(drawn), strict=True):
        assert abs(x0 - box[0]) <= 8 and abs(x1 - box[2]) <= 8 and abs(y0 - box[1]) <= 8 and abs(y1 - box[3]) <= 8


def test_table_cells_rules_and_bold_words_are_no_outlined_boxes() -> None:
    """GIVEN a header table (labels and values in a grid of thin cells, one cell empty), a rule, an
    underlined word and bold words with tall stems ("David", "Wouldn't") WHEN outlined boxes are
    looked for THEN none is found; an outline with nothing inside is one, but holds no code."""
    page = Image.new("L", (2400, 900), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 40)
    bold = ImageFont.truetype(FONT.replace("Sans.ttf", "Sans-Bold.ttf"), 44)
    for row, (label, value) in enumerate((("From:", "Jane Roe"), ("To:", ""), ("Subject:", "Budget notes"))):
        top = 60 + 70 * row
        draw.rectangle((100, top, 500, top + 70), outline=0, width=3)
        draw.rectangle((500, top, 2000, top + 70), outline=0, width=3)
        draw.text((480 - round(draw.textlength(label, font=font)), top + 12), label, font=font, fill=0)
        draw.text((520, top + 12), value, font=font, fill=0)
    draw.line((100, 330, 2000, 330), fill=0, width=4)
    draw.text((100, 380), "Roe, David J; We Wouldn't Rule Out", font=bold, fill=0)
    draw.text((100, 460), "an underlined word", font=font, fill=0)
    draw.line((100, 510, 480, 510), fill=0, width=3)
    assert find_outlined_boxes(page) == []
    draw.rectangle((600, 600, 1000, 662), outline=0, width=4)
    assert len(find_outlined_boxes(page)) == 1 and find_outlined_boxes(page, coded=True) == []


@pytest.mark.tesseract
def test_a_header_line_an_outlined_box_crosses_is_read_in_pieces(tesseract: str) -> None:
    """OCR failure: GIVEN header lines an outlined box crosses (its frame and small code run into the
    words beside it in a page-wide reading: "fron{>)(6) — fon 2 May") WHEN the page is OCR'd THEN
    the text left of the box, its code and the text right of it are read apart and joined."""
    page, _ = _header_with_outlined_boxes()
    lines = Tesseract().recognise(page, 72 / 300).text.splitlines()
    assert "Subject: Email from (b)(6) on 2 May 2019" in lines
    assert "To: John Doe <(b)(6)" in lines
    assert "From: Jane Roe" in lines and "Please see the notes below." in lines


@pytest.mark.tesseract
def test_an_outlined_box_off_the_header_is_read_as_its_code(tesseract: str) -> None:
    """GIVEN a body line with an outlined box after its words WHEN the page is OCR'd THEN the box
    reads as its code, as a dark box's label does; an outline with nothing inside reads as nothing."""
    page = Image.new("L", (2400, 400), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 40)
    draw.text((150, 100), "Please call me about the", font=font, fill=0)
    _outlined(draw, 160 + round(draw.textlength("Please call me about the", font=font)), 100, 400, "(b)(5)")
    draw.text((150, 250), "Thank you for the update", font=font, fill=0)
    draw.rectangle((800, 242, 1300, 304), fill=255, outline=0, width=4)
    text = Tesseract().recognise(page, 72 / 300).text
    assert find_exemptions(text) == ("(b)(5)",)


@pytest.mark.parametrize(("left", "code", "right", "line"), [
    ("Subject: Email from", "(b)(6)", "on 2 May 2019", "Subject: Email from (b)(6) on 2 May 2019"),
    ("To: John Doe <", "(b)(6)", "", "To: John Doe <(b)(6)"),
    ("From: Jane Roe <", "(b)(6);(b)(7)(C)", ">", "From: Jane Roe <(b)(6);(b)(7)(C)>"),
    ("From", "(b)(6)", "", "From: (b)(6)"),  # the colon under the box's frame
    ("Subject: Email from |", "(b)(6)", "| on Friday", "Subject: Email from (b)(6) on Friday"),  # its sides
    ("Cc: John Doe;", "(b)(6)", "; Mary Major", "Cc: John Doe; (b)(6); Mary Major"),
    ("Subject: Notes on", "(b)(5)", "", "Subject: Notes on (b)(5)"),
])
def test_the_pieces_about_a_box_are_joined_as_printed(left: str, code: str, right: str, line: str) -> None:
    assert join_boxed_line(left, code, right) == line


def test_a_word_that_only_starts_with_a_label_keeps_its_text() -> None:
    """GIVEN a piece beginning with a word that is no label ("Fromage") WHEN joined THEN no colon is added."""
    assert join_boxed_line("Fromage", "(b)(6)", "") == "Fromage (b)(6)"


def test_values_a_light_fax_dropped_beside_bold_labels_are_read_again_thickened(tesseract: str) -> None:
    """OCR failure of a light copy faxed: Tesseract read the bold label column ("From:", "Sent:",
    "To:" alone on their lines) and dropped the thin values beside them, though the page's strokes
    average over ``THIN_STROKE`` (2.4 px). GIVEN such a page (tests/ingest/scans: an invented
    Outlook print at 10 pt, light ink, faxed, turned 0.8°, from the session-29 probe) WHEN OCR'd
    THEN a reading with two labels or more alone is read again thickened, and the values read."""
    scan = render_page(Path(__file__).parent / "scans" / "light-fax-bold-labels.pdf", 1, 300)
    text = Tesseract().recognise(scan, 72 / 300).text
    assert "Roe" in _header_value(text, "From")
    assert parse_date(_header_value(text, "Sent")).iso == "2019-05-20T08:12:00"


def _office_copy(path: Path, number: int, turn: float, seed: int) -> Image.Image:
    """A page of a released PDF as an office copier scans it again and ingest renders it: 150 dpi
    grey, a little soft, ``turn`` degrees askew, grey print on grey paper, sensor noise, JPEG at
    quality 30, in an image-only PDF drawn at 300 dpi."""
    import io

    if not path.is_file():
        unavailable(f"{path} is missing (the shared real data)")
    with pdfium.PdfDocument(str(path)) as pdf:
        page = pdf[number - 1].render(scale=150 / 72, grayscale=True).to_pil().convert("L")
    page = page.filter(ImageFilter.GaussianBlur(0.5)).rotate(turn, resample=Image.BICUBIC, fillcolor=255)
    levels = 80 + (220 - 80) * np.asarray(page).astype(np.float32) / 255
    levels += np.random.default_rng(seed).normal(0, 6, levels.shape)
    scanned, released = io.BytesIO(), io.BytesIO()
    Image.fromarray(np.clip(levels, 0, 255).astype(np.uint8)).save(scanned, "JPEG", quality=30)
    Image.open(io.BytesIO(scanned.getvalue())).convert("L").save(released, "PDF", resolution=150)
    with pdfium.PdfDocument(released.getvalue()) as pdf:
        return pdf[0].render(scale=300 / 72, grayscale=True).to_pil().convert("L")


@pytest.mark.parametrize(("filename", "turn"), [("C05739563.pdf", 1.1), ("C05739789.pdf", -0.7)])
def test_a_blank_outlined_box_copied_grey_is_read_as_nothing(tesseract: str, filename: str, turn: float) -> None:
    """OCR failure, page family of outlined boxes whose code is printed in the margin (a thin
    frame over a withheld sender, nothing inside): GIVEN a real release's page copied grey on an
    office copier (the frame faint, the paper inside it mottled) WHEN OCR'd THEN the box reads as
    nothing and the sender is the margin code's withheld party (it read as letters, "foe ST",
    "Wasi fees Sets", taken for the sender's name)."""
    scan = _office_copy(REALDATA / "clinton-hrc296" / filename, 1, turn, seed=7)
    text = Tesseract().recognise(scan, 72 / 300).text
    assert parse_parties(_header_value(text, "From")) == (Party(redactions=("(b)(6)",)),)
    assert parse_date(_header_value(text, "Sent")).certainty == "exact"


def test_a_faint_blank_frame_is_erased_and_the_print_about_it_kept() -> None:
    """GIVEN grey paper with a faint thin frame over nothing (its inside mottled), a label and a
    name beside it, a line of words above whose descenders the frame's top crosses, a frame
    holding a code and a line of serif capitals WHEN blank frames are taken out THEN the blank
    frame is paper, every pixel of print as it was, and nothing away from the frame changed."""
    page = Image.new("L", (2400, 600), 225)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 40)
    serif = ImageFont.truetype(FONT.replace("DejaVuSans.ttf", "DejaVuSerif-Bold.ttf"), 44)
    draw.text((150, 60), "From:", font=font, fill=40)
    draw.rectangle((600, 50, 1050, 110), outline=170, width=3)
    draw.text((1100, 60), "Roe, Jane", font=font, fill=40)
    draw.text((610, 8), "Kennedy, Pat; Joy", font=font, fill=40)
    draw.rectangle((600, 200, 1050, 260), outline=40, width=3)
    draw.text((612, 206), "(b)(6)", font=ImageFont.truetype(FONT, 22), fill=40)
    draw.text((150, 400), "SOURCE: RECORD ROOM", font=serif, fill=40)
    mottled = np.asarray(page).astype(np.int16)
    mottled[56:104, 606:1044] += np.random.default_rng(1).integers(-12, 12, (48, 438)).astype(np.int16)
    page = Image.fromarray(np.clip(mottled, 0, 255).astype(np.uint8))
    erased = without_blank_frames(page)
    difference = ImageChops.difference(page, erased).getbbox()
    assert difference is not None and difference[0] >= 590 and difference[2] <= 1060
    assert difference[1] >= 40 and difference[3] <= 120
    assert erased.crop((616, 62, 1034, 98)).getextrema() == (255, 255)
    assert {erased.getpixel(xy) for xy in ((601, 80), (1049, 80), (800, 109), (1000, 51))} == {255}  # its sides
    print_before = page.point(lambda v: 255 if v < 128 else 0)
    assert ImageChops.difference(print_before, erased.point(lambda v: 255 if v < 128 else 0)).getbbox() is None


def test_a_page_mottled_grey_is_not_looked_inside_for_blank_frames(monkeypatch: pytest.MonkeyPatch) -> None:
    """GIVEN a page half covered by a mottled grey band (a scanner lid's shadow: every column of
    it reads as a frame's side at a faint frame's level, each as tall as the next) WHEN blank
    frames are looked for THEN none is found, the page is left as it is, and only pairs of the
    band's columns no taller than a line or two are looked inside, a few dozen (1,992 were, each
    as tall as the page: 6 s a page, 29 s grey all over); past the most
    pairs a search looks inside, it finds none at once."""
    import ingest.ocr as ocr

    page = np.full((3300, 2550), 255.0)
    page[:, 1300:] = 209 + np.random.default_rng(1).normal(0, 8, (3300, 1250))
    scan = Image.fromarray(np.clip(page, 0, 255).astype(np.uint8))
    looked: list[object] = []
    inside = ocr._blank_inside
    monkeypatch.setattr(ocr, "_blank_inside", lambda *args: looked.append(args) or inside(*args))
    assert without_blank_frames(scan) is scan and len(looked) < 100
    framed, _ = _header_with_outlined_boxes()
    assert find_outlined_boxes(framed) and find_outlined_boxes(framed, most_checks=0) == []


def test_a_faxed_withheld_in_full_sheet_is_read_as_one_block() -> None:
    """Page family, sheets standing for pages withheld (a line in a ruled box), faxed: Tesseract's
    layout analysis took the frame and its line for a picture and read the page as its footer
    alone ("Page 2 of 6 - LTA0000007"), so the email before ran on over it. GIVEN such a page
    (tests/ingest/scans, from the session-44 hunt) WHEN OCR'd THEN a page read as so few words is
    read again as one block and its line read; the split takes it for a withheld page, the
    email before ending above it."""
    from ingest.split import split_into_emails

    scan = render_page(Path(__file__).parent / "scans" / "withheld-sheet-fax.pdf", 1, 300)
    text = Tesseract().recognise(scan, 72 / 300).text
    assert "Withheld in full" in text
    email = "From: Jane Roe <jroe@x.gov>\nSent: Monday, March 4, 2019 9:15 AM\nTo: John Doe <jdoe@x.gov>\nSubject: Pier\n\nBody.\n"
    result = split_into_emails([email, text, email.replace("Pier", "Dock")])
    assert result.page_kinds[1] == "withheld" and [s.end_page for s in result.spans] == [1, 3]


@pytest.mark.parametrize("code", ["(b)(6)", "b6/b7c"])
def test_a_subject_whose_end_a_coded_box_withholds_keeps_the_box_code(tesseract: str, code: str) -> None:
    """OCR failure, scanned prints: GIVEN a header whose Subject: ends in a dark box printing its code
    small in white ("… re (b)(6)", "… re b6/b7c") WHEN OCR'd THEN the subject ends in that code as
    printed: the line read again up to the box (its words before it) leaves the box's code read off
    it (was: dropped with the line's words, the box then marked as printing none, "… re █": the
    subject's exemption lost), and a label read cleanly is kept as printed (was: "(b)(6), (b)(7)(C)"
    for "b6/b7c", the archive's form, not the page's)."""
    regular, bold = ImageFont.truetype(FONT, 42), ImageFont.truetype(FONT.replace("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"), 24)
    page = Image.new("L", (2550, 900), 255)
    draw = ImageDraw.Draw(page)
    for row, line in enumerate(("From: Roe, Jane", "Sent: Monday, January 24, 2022 6:30 PM", "To: Lee, Ann; Moss, Carl",
                                "Subject: RE: FW: Safety directive 2022-03 re")):
        draw.text((150, 150 + 62 * row), line, font=regular, fill=0)
    right = draw.textbbox((150, 150 + 62 * 3), "Subject: RE: FW: Safety directive 2022-03 re", font=regular)[2]
    draw.rectangle((right + 20, 150 + 62 * 3 + 4, right + 420, 150 + 62 * 3 + 50), fill=0)
    draw.text((right + 185, 150 + 62 * 3 + 13), code, font=bold, fill=255)
    draw.text((150, 150 + 62 * 5), "Please pull the inspection logs for the yard.", font=regular, fill=0)
    text = Tesseract().recognise(page, 72 / 300).text
    assert _header_value(text, "Subject").strip() == f"RE: FW: Safety directive 2022-03 re {code}", text


def test_a_dark_copy_whose_strokes_spread_is_read_with_thinner_ink(tesseract: str) -> None:
    """Page family, a dark photocopy scanned bilevel: the toner spread, strokes fattened till letters
    touch (stroke width past ``THICK_STROKE``). GIVEN such a header WHEN OCR'd THEN it reads as printed:
    the page is read again with its ink a pixel thinner (was: "F\\ █ RE:" for "FW: RE:", touching
    letters taken for redaction boxes, "(onday" for "Monday", "uncer" for "under")."""
    from ingest.ocr import THICK_STROKE, stroke_width

    font = ImageFont.truetype(FONT, 42)
    page = Image.new("L", (2550, 1400), 200)
    draw = ImageDraw.Draw(page)
    lines = ["From: Georgia Moss-Hayes <gmhayes@harbor.example.org>", "Sent: Monday, February 25, 2019 8:49 PM",
             "To: Roe, Jane <jroe@harbor.example.gov>", "Subject: FW: RE: Open Records Request OR-2019-0412", "",
             "The inmate's medical records cannot be released under any circumstances.",
             "Body-cam footage from Unit 14 was retained, but the dash-cam was overwritten."]
    for row, line in enumerate(lines):
        draw.text((150, 150 + 70 * row), line, font=font, fill=0)
    dark = page.filter(ImageFilter.GaussianBlur(1.1)).filter(ImageFilter.MinFilter(3)).point(
        lambda v: 255 if v > 150 else 0).convert("1")
    assert (stroke_width(dark.convert("L")) or 0) > THICK_STROKE
    text = Tesseract().recognise(dark, 72 / 300).text
    assert "█" not in text, text
    assert [line for line in text.splitlines() if line.strip()][:4] == lines[:4]
