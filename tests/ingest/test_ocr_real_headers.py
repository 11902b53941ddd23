"""Tesseract on real scanned headers: one-letter recipients, labels lost, subjects a box cuts."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from ingest.ocr import Tesseract


def _header_value(text: str, label: str) -> str:
    return next(line for line in text.splitlines() if line.lstrip(" ,.'‘").startswith(label)).split(":", 1)[1]


def _filled_layer(name: str) -> list[str]:
    """A real page's producer's OCR layer with its blank header fields filled by a second
    reading of their bands (as ingest does)."""
    from ingest.pages import ocr_blank_bands
    from ingest.pdf import read_text_pages
    from ingest.second_reading import fill_blank_fields
    from tests.conftest import REALDATA, unavailable

    path = REALDATA / "clinton-hrc296" / name
    if not path.is_file():
        unavailable(f"{path} is missing (the shared real data)")
    with pdfium.PdfDocument(path) as pdf:
        width = pdf[0].get_size()[0]
    layer = next(iter(read_text_pages(path))).text
    second = ocr_blank_bands(str(path), 1, width, Tesseract()).text
    return [" ".join(line.split()) for line in fill_blank_fields(layer, second).splitlines()]


@pytest.mark.parametrize("name", [
    "C05739550.pdf",  # the second reading lost the label column: values alone, one a line
    "C05739562.pdf",  # the same
    "C05739564.pdf",  # the To: label alone lost
    "C05739631.pdf",  # "H" read "4" on the page
    "C05739634.pdf",  # "H" read "Hi", a speck beside it
    "C05739759.pdf",  # the To: label misread past recognition, its colon lost ("| Tes H")
    "C05739783.pdf",  # a release stamp's codes level with the To: row ("To: i INA,B6"), the Sent: label lost
])
def test_a_one_letter_recipient_is_read_again(tesseract: str, name: str) -> None:
    """OCR failures of scanned prints: GIVEN a real scanned Outlook header whose To: value,
    the one-letter account "H", the producer's layer dropped WHEN its band is read again THEN
    the blank takes "H": a lone glyph beside a party label is read again alone as capitals, and
    values Tesseract read without their labels are paired with the layer's by their place
    under the Sent: line, where the fields around them agree."""
    lines = _filled_layer(name)
    assert "To: H" in lines, lines


def test_a_subject_boxed_after_its_prefix_is_read_up_to_the_box(tesseract: str) -> None:
    """OCR failure: GIVEN a real scanned Outlook header whose subject is redacted by a box
    drawn right after "FW" (its colon under the box; the page-wide reading gives "F i") WHEN
    OCR'd THEN the line is read again up to the box: "FW", the prefix printed, then the box
    (it prints no code: "█", the subject withheld after its prefix)."""
    from ingest.headers import read_subject
    from ingest.pdf import render_page
    from tests.conftest import REALDATA, unavailable

    path = REALDATA / "chicago-cpd-foia-15-3569" / "FOIA 15-3569 FINAL PART 4.pdf"
    if not path.is_file():
        unavailable(f"{path} is missing (the shared real data)")
    page = render_page(path, 10, 300)
    text = Tesseract().recognise(page.crop((0, 700, page.width, 1100)), 72 / 300).text
    assert read_subject(_header_value(text, "Subject")) == "FW: █"


class _CountingTesseract(Tesseract):
    """The real engine, counting the Tesseract processes it starts."""

    def __init__(self) -> None:
        super().__init__()
        self.processes = 0

    def _data_of_each(self, images, config):  # type: ignore[no-untyped-def]
        self.processes += 1
        return super()._data_of_each(images, config)


def test_bands_of_several_pages_read_together_read_as_each_alone(tesseract: str) -> None:
    """GIVEN the blank header bands of three real scanned pages (three files) WHEN read in one task
    THEN each page's second reading is the one reading it alone gives, in fewer Tesseract processes
    (each loads the model: ~0.2 s, more than reading a band)."""
    from ingest.pages import ocr_blank_bands, ocr_blank_bands_of
    from tests.conftest import REALDATA, unavailable

    pages = []
    for name in ("C05739550.pdf", "C05739564.pdf", "C05739631.pdf"):
        path = REALDATA / "clinton-hrc296" / name
        if not path.is_file():
            unavailable(f"{path} is missing (the shared real data)")
        with pdfium.PdfDocument(path) as pdf:
            pages.append((str(path), 1, pdf[0].get_size()[0]))
    alone, together = _CountingTesseract(), _CountingTesseract()
    each = [ocr_blank_bands(path, number, width, alone) for path, number, width in pages]
    assert ocr_blank_bands_of(pages, together) == each
    assert all("From" in result.text for result in each), each
    assert together.processes < alone.processes and alone.processes >= 3


def test_a_quoted_header_under_a_dotted_rule_is_read(tesseract: str) -> None:
    """OCR failure, Outlook's prints: GIVEN a real page whose quoted header has Outlook's light
    rule above it, printed as halftone dots, scanned to JPEG (as scanners save pages) WHEN OCR'd THEN its From: and Sent: lines are read: the
    page layout took the dots for specks and dropped both lines with them."""
    import io

    from PIL import Image

    from ingest.pdf import render_page
    from tests.conftest import REALDATA, unavailable

    path = REALDATA / "chicago-cpd-foia-15-3569" / "FOIA 15-3569 FINAL PART 4.pdf"
    if not path.is_file():
        unavailable(f"{path} is missing (the shared real data)")
    scan = io.BytesIO()
    render_page(path, 37, 300).convert("L").save(scan, "JPEG")
    text = Tesseract().recognise(Image.open(scan), 72 / 300).text
    assert "From: Schenkel, Gary [mailto:Gary.Schenkel@cityofchicago.org]" in text, text
    assert "Sent: Friday, July 26, 2013 12:22 PM" in text, text


@pytest.mark.parametrize(("number", "angle", "fields"), [
    (1, 1.5, [("To", "Hickey, James K."), ("To", "Lewin, Jonathan H.; Willner, John E.")]),
    (22, -1.5, [("Sent", "Thursday, August 08, 2013 1:23 PM")]),
])
def test_a_page_fed_askew_is_read_straight(tesseract: str, number: int, angle: float,
                                           fields: list[tuple[str, str]]) -> None:
    """OCR failure, any scanned print: GIVEN a real page (itself scanned half a degree askew, its
    boxes drawn level on the scan) fed a further 1.5 degrees askew WHEN OCR'd THEN its header
    lines are read whole, each party as printed: read as scanned, a line whose ends sit a line
    apart came back in pieces ("To: Hickey, 72 $$", "Sent:" alone)."""
    from PIL import Image

    from ingest.headers import parse_parties
    from ingest.pdf import render_page
    from tests.conftest import REALDATA, unavailable

    path = REALDATA / "chicago-cpd-foia-15-3569" / "FOIA 15-3569 FINAL PART 4.pdf"
    if not path.is_file():
        unavailable(f"{path} is missing (the shared real data)")
    page = render_page(path, number, 300).convert("L")
    text = Tesseract().recognise(page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255), 72 / 300).text
    read = [(label, value.strip()) for label, _, value in (line.partition(":") for line in text.splitlines())]
    for label, printed in fields:
        values = [value for name, value in read if name == label]
        if label == "To":
            values = ["; ".join(party.name for party in parse_parties(value)) for value in values]
        assert printed in values, text


def _sent(text: str) -> list[str]:
    return [line.partition(":")[2].strip() for line in text.splitlines() if line.startswith("Sent:")]


@pytest.mark.parametrize(("quarter", "number"), [
    (180, 1),  # a sheet fed upside down: Tesseract's orientation detection says so
    (90, 1),  # scanned on its side
    (180, 22),  # upside down, and too little text showing between its boxes for the detection to tell
    (90, 22),  # on its side, the same
])
def test_a_page_scanned_upside_down_or_on_its_side_is_read_upright(tesseract: str, quarter: int, number: int) -> None:
    """OCR failure, any scanned print: GIVEN a real page of printed email scanned upside down or
    on its side WHEN OCR'd THEN its header is read as it is upright, and each word's box is where
    the scan prints it: read as scanned, a tenth of its words read well ("Wd €2:T €T0Z ‘80
    IsNBNy" for "Sent: Thursday, August 08, 2013 1:23 PM")."""
    import json

    from ingest.pdf import render_page
    from tests.conftest import REALDATA, unavailable

    path = REALDATA / "chicago-cpd-foia-15-3569" / "FOIA 15-3569 FINAL PART 4.pdf"
    if not path.is_file():
        unavailable(f"{path} is missing (the shared real data)")
    page = render_page(path, number, 300).convert("L")
    upright, scanned = Tesseract().recognise_each([(page, 72 / 300), (page.rotate(quarter, expand=True), 72 / 300)])
    assert _sent(upright.text) and _sent(scanned.text) == _sent(upright.text), scanned.text
    assert scanned.words is not None and upright.words is not None
    width, height = page.width * 72 / 300, page.height * 72 / 300

    def turned(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        return {180: (width - x1, height - y1, width - x0, height - y0), 90: (y0, width - x1, y1, width - x0)}[quarter]

    labels = [turned(*box) for *box, word in json.loads(upright.words) if word == "Sent:"]
    found = [box for *box, word in json.loads(scanned.words) if word == "Sent:"]
    assert labels and len(found) == len(labels)
    assert all(any(box == pytest.approx(label, abs=1.5) for box in found) for label in labels), (found, labels)


def test_a_sheet_of_two_pages_side_by_side_is_read_page_by_page(tesseract: str) -> None:
    """Page family: GIVEN two real pages of printed email shrunk side by side onto one landscape
    sheet (a production printed two up) WHEN OCR'd THEN each page's header lines are read
    whole, the left page's before the right's: read as one page, each line of the left page
    was joined to the line beside it on the right ("Regards, To: Schenkel, Gary")."""
    from PIL import Image

    from ingest.pdf import render_page
    from tests.conftest import REALDATA, unavailable

    path = REALDATA / "chicago-cpd-foia-15-3569" / "FOIA 15-3569 FINAL PART 4.pdf"
    if not path.is_file():
        unavailable(f"{path} is missing (the shared real data)")
    pages = [render_page(path, number, 300).convert("L") for number in (23, 24)]
    sheet = Image.new("L", (pages[0].height, pages[0].width), 255)
    for side, page in enumerate(pages):
        small = page.resize((sheet.width // 2 - 20, round(page.height * (sheet.width // 2 - 20) / page.width)))
        sheet.paste(small, (side * sheet.width // 2 + 10, (sheet.height - small.height) // 2))
    text = Tesseract().recognise(sheet, 72 / 300).text
    sent = _sent(text)
    assert sent == ["Friday, July 26, 2013 3:28 PM", "Friday, July 26, 2013 3:27:43 PM", "Friday, July 26, 2013 3:25 PM",
                    "Friday, July 26, 2013 1:49 PM", "Friday, July 26, 2013 01:05 PM"], text
    assert "To: Schenkel, Gary" in text.splitlines(), text


def test_a_page_printed_at_half_size_is_read_as_at_full_size(tesseract: str) -> None:
    """Page family: GIVEN a real page of printed email copied at half its size onto a sheet (a
    production shrunk to fit, four pages to a sheet), scanned to JPEG WHEN OCR'd THEN its From:
    lines read as at full size, each where the sheet prints it: read as scanned (words 12 px
    tall), the quoted header's "From: Lewin, Jonathan H." was lost and its Sent: line read
    "Sent: | stretar- meneame"."""
    import io
    import json

    from PIL import Image

    from ingest.pdf import render_page
    from tests.conftest import REALDATA, unavailable

    path = REALDATA / "chicago-cpd-foia-15-3569" / "FOIA 15-3569 FINAL PART 4.pdf"
    if not path.is_file():
        unavailable(f"{path} is missing (the shared real data)")
    page = render_page(path, 7, 300).convert("L")
    sheet = Image.new("L", page.size, 255)
    sheet.paste(page.resize((page.width // 2, page.height // 2), Image.Resampling.LANCZOS), (page.width // 4, 150))
    scan = io.BytesIO()
    sheet.save(scan, "JPEG")
    full, half = Tesseract().recognise_each([(page, 72 / 300), (Image.open(scan), 72 / 300)])

    def senders(text: str) -> list[str]:
        return [line for line in text.splitlines() if line.startswith("From:")]

    assert "From: Lewin, Jonathan H." in senders(full.text) and senders(half.text) == senders(full.text), half.text
    assert _sent(half.text)[:2] == _sent(full.text)[:2], half.text
    assert full.words is not None and half.words is not None
    offset = (page.width // 4 * 72 / 300, 150 * 72 / 300)
    labels = [(x0 / 2 + offset[0], y0 / 2 + offset[1]) for x0, y0, *_, word in json.loads(full.words) if word == "From:"]
    found = [(x0, y0) for x0, y0, *_, word in json.loads(half.words) if word == "From:"]
    assert len(found) == len(labels) and all(box == pytest.approx(label, abs=2) for box, label in zip(found, labels, strict=True)), (
        found, labels)


def test_a_light_copy_s_thin_strokes_are_read_thickened(tesseract: str) -> None:
    """Page family: GIVEN a real page of printed email as a light copy makes it (strokes a pixel
    thinner, ink no darker than grey 110) WHEN OCR'd THEN its header lines read as the page as
    scanned does: read levelled alone, its strokes a pixel or two wide, the top header's date
    read "Sent: Thurscay, Auqust 08, 2013 144 PM"."""
    from PIL import ImageFilter

    from ingest.pdf import render_page
    from tests.conftest import REALDATA, unavailable

    path = REALDATA / "chicago-cpd-foia-15-3569" / "FOIA 15-3569 FINAL PART 4.pdf"
    if not path.is_file():
        unavailable(f"{path} is missing (the shared real data)")
    page = render_page(path, 7, 300).convert("L")
    light = page.filter(ImageFilter.MaxFilter(3)).point(lambda level: round(110 + level * 145 / 255))
    full, copy = Tesseract().recognise_each([(page, 72 / 300), (light, 72 / 300)])

    def header(text: str) -> list[str]:
        return [line for line in text.splitlines() if line.startswith(("From:", "Sent:", "To:", "Subject:"))]

    assert "Sent: Thursday, August 08, 2013 1:44 PM" in header(full.text)
    assert header(copy.text)[:6] == header(full.text)[:6], copy.text


def test_a_blank_landscape_page_of_specks_is_no_sheet_of_two_pages() -> None:
    """GIVEN a real landscape page left blank (a sheet's back: punched holes, specks, a scrawl
    and a Bates number) WHEN looked at for a gutter THEN it has none: specks are no text."""
    from ingest.ocr import two_up_gutter
    from ingest.pdf import render_page
    from tests.conftest import REALDATA, unavailable

    path = REALDATA / "fbi-foipa-1417740" / "9_8e.pdf"
    if not path.is_file():
        unavailable(f"{path} is missing (the shared real data)")
    page = render_page(path, 2, 300).convert("L")
    assert page.width > page.height and two_up_gutter(page) is None


def test_a_faxed_pages_reply_line_the_page_reading_dropped_is_read(tesseract: str) -> None:
    """OCR failure of faxes: GIVEN a real page of printed email faxed (200 by 100 dpi, specks)
    WHEN OCR'd THEN the reply line "On Aug 8, 2013, at 1:43 PM, … wrote:" is read whole, in its
    place: the page reading dropped its first half among the specks and made letters of the
    rest ("Sef ARR el Se HoT as fate"), so the quoted message had no header."""
    from ingest.pdf import render_page
    from tests.conftest import REALDATA, unavailable
    from tests.ingest.test_ocr import _faxed

    path = REALDATA / "chicago-cpd-foia-15-3569" / "FOIA 15-3569 FINAL PART 4.pdf"
    if not path.is_file():
        unavailable(f"{path} is missing (the shared real data)")
    lines = Tesseract().recognise(_faxed(render_page(path, 7, 300).convert("L")), 72 / 300).text.splitlines()
    reply = next((k for k, line in enumerate(lines) if line.startswith("On Aug 8, 2013, at 1:43 PM")), None)
    assert reply is not None, lines
    assert lines[reply].endswith("wrote:") and "Hickey, James K." in lines[reply]
    assert lines.index("Sent from my iPhone") < reply < next(k for k, line in enumerate(lines) if "01:30 PM" in line)


def test_a_faxed_pages_header_line_the_page_reading_dropped_is_read(tesseract: str) -> None:
    """OCR failure of faxes: GIVEN a real page faxed WHEN OCR'd THEN a quoted header's From: line,
    which the page reading dropped among the specks, is read on its own, in its place (the
    quoted message's sender was none, then its reply's)."""
    from ingest.pdf import render_page
    from tests.conftest import REALDATA, unavailable
    from tests.ingest.test_ocr import _faxed

    path = REALDATA / "chicago-cpd-foia-15-3569" / "FOIA 15-3569 FINAL PART 4.pdf"
    if not path.is_file():
        unavailable(f"{path} is missing (the shared real data)")
    lines = Tesseract().recognise(_faxed(render_page(path, 1, 300).convert("L"), seed=7), 72 / 300).text.splitlines()
    sent = lines.index("Sent: Tuesday, August 13, 2013 10:57 AM")
    assert lines[sent - 1].startswith("From: Lewin, Jonathan H"), lines
