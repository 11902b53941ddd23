"""Tesseract on header lines spoiled by a redaction box (real Tesseract, a drawn page)."""

from __future__ import annotations

from PIL import Image, ImageDraw, ImageFont

from ingest.headers import parse_date
from ingest.ocr import Tesseract

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
