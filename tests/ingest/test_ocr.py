"""Tesseract on header lines spoiled by a redaction box (real Tesseract, a drawn page)."""

from __future__ import annotations

from collections.abc import Iterator

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest.headers import parse_date, whole_addresses
from ingest.marks import find_exemptions
from ingest.ocr import (
    Tesseract,
    Word,
    _agreed,
    _beside,
    _lost_margin_code,
    _to_last_address,
    find_redaction_boxes,
)
from ingest.pdf import render_page
from tests.conftest import SAMPLES

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
    draw.text((150, 200), "To: Lewin, Jonathan H.; Willner, John E.", font=font, fill=0)
    return page


def _sent(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith("Sent")).split(":", 1)[1]


def test_a_date_line_spoiled_by_a_box_is_read_again_alone(tesseract: str) -> None:
    """OCR failure: GIVEN a box whose edge touches the Sent: line under it (the page-wide
    reading gives "Thursday, August U0,") WHEN the page is OCR'd THEN the line is read
    again on its own and the date is whole."""
    result = Tesseract().recognise(_sent_line_under_a_box("Sent: Thursday, August 08, 2013 1:23 PM"), 72 / 300)
    assert parse_date(_sent(result.text)).iso == "2013-08-08T13:23:00"
    assert "Lewin, Jonathan H." in result.text  # the lines around it are kept


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


def _word(text: str, left: int = 0, top: int = 0) -> Word:
    return Word(text, left, top, left + 10, top + 10, 90.0, (1, 1, 1))


def _readings(*values: str) -> Iterator[tuple[str, list[Word]]]:
    for index, value in enumerate(values):
        yield f"reading {index}", [_word("To:"), *(_word(part) for part in value.split())]


def _addresses(value: str) -> tuple[str, ...] | None:
    return tuple(part for part in value.split() if "@" in part) or None


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


def test_a_box_its_white_label_nearly_fills_is_read_as_its_codes(tesseract: str) -> None:
    """OCR failure: GIVEN a scanned page whose box over a name ("Hi [box],") is nearly filled by its
    white label, so that no solid area is left once the page is shrunk WHEN the page is OCR'd THEN
    the box is found by its frame and its label read as codes, not as words ("Hi NOP.")."""
    page = render_page(SAMPLES / "dea-microsoft" / "dea-microsoft-part3.pdf", 9, 300)
    line = next(line for line in Tesseract().recognise(page, 72 / 300).text.splitlines() if line.startswith("Hi "))
    assert find_exemptions(line) == ("(b)(6)", "(b)(7)(C)") and "NOP" not in line


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
