"""An exhibit list as one PDF of the cited pages, each stamped with its exhibit number: the
one module that imports pypdf and reportlab.

Each exhibit's pages are copied from the original PDF in the file store (the PDF as released,
byte for byte, not a rendering), in the list's order; on each, a white box in the top right
corner of what is shown (the crop box within the page: a scan cropped to its paper), or in the
first corner that prints nothing where the page prints there (``CORNERS``), says "EXHIBIT 3"
and, beneath, the page's Bates number or its file page. A page's rotation is
folded into its content first, so the stamp sits upright where it is read.

An exhibit a correction changed since it was listed (a split left its email fewer pages), or whose
permalink listed a merge or split retired, is the pages as listed, what a brief filed then shows,
after a notice sheet stamped as the exhibit that says what was listed and what its record cites now.

A released PDF is untrusted: only what is printed on a page travels into the exhibit. The
page's own actions (``/AA``) and every annotation that acts or holds content (links, form
fields, attached files, media) are left behind, and the markup annotations kept (a note, a box,
a highlight, as a viewer shows them) lose their actions; the document's scripts, open action,
forms and attached files are never copied (only pages are). An exhibit whose pages pypdf cannot
copy (a damaged or hostile file) is one slip sheet saying so, the rest of the list exported.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import AccountError, StoreError
from .work import Exhibit

if TYPE_CHECKING:
    from pypdf import PageObject

STAMP_WIDTH, STAMP_HEIGHT, MARGIN = 150, 40, 18  # points
# annotations that only mark up what is printed; any other kind acts or carries content
MARKUP = frozenset({"/Text", "/FreeText", "/Line", "/Square", "/Circle", "/Polygon", "/PolyLine", "/Highlight",
                    "/Underline", "/Squiggly", "/StrikeOut", "/Stamp", "/Caret", "/Ink", "/Popup", "/Redact"})
MAX_PAGES = 2_000  # pages of one stamped PDF (about 10 ms each to stamp)


# Where a stamp may go, in order: the top right corner first. A page that prints something there
# (an agency's release legend, "RELEASE IN PART B6", a case number) is stamped in the first corner
# that prints nothing, else in the one that prints least: a stamp must never hide what a page says.
CORNERS = ("top right", "top left", "bottom right", "bottom left")
BLANK = 0.002  # the share of a corner's area printed dark that is still blank (a speck, a scan's dust)
# (left, top, right, bottom) of the shown page as fractions, from its top left: where ``Ink``
# measures; and what it answers: each box's share of dark pixels
Box = tuple[float, float, float, float]
Ink = Callable[[str, int, Sequence[Box]], Sequence[float]]


def stamped_exhibits(exhibits: Sequence[Exhibit], original: Callable[[str], Path],
                     bates: Callable[[str, int], str | None], *, label: str = "EXHIBIT",
                     ink: Ink | None = None) -> bytes:
    """The PDF's bytes: every cited page of every exhibit, in order, stamped. ``original`` gives a
    document's PDF in the file store, ``bates`` a page's Bates number (None when unstamped),
    ``ink`` how much of each corner a page prints on (the stamp goes where it prints nothing:
    ``CORNERS``; without it, the top right corner)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError

    pages = sum((len(exhibit.pages_as_listed) or 1) + bool(exhibit.changed or exhibit.moved) for exhibit in exhibits)
    if pages > MAX_PAGES:
        raise AccountError(f"these exhibits cite {pages:,} pages; one stamped PDF holds at most {MAX_PAGES:,}: "
                           "split the list, or export it as CSV or a Word table")
    writer = PdfWriter()
    readers: dict[str, PdfReader] = {}
    for exhibit in exhibits:
        if exhibit.native or exhibit.withdrawn or exhibit.hidden:
            writer.add_page(PdfReader(io.BytesIO(_slip_sheet(exhibit, label))).pages[0])
            continue
        if exhibit.changed or exhibit.moved:
            writer.add_page(PdfReader(io.BytesIO(_change_notice(exhibit, label))).pages[0])
        document = exhibit.listed.document_id if exhibit.listed else exhibit.document_id
        path = original(document)
        try:
            reader = readers.get(document) or PdfReader(path)
        except (OSError, PdfReadError) as exc:
            raise StoreError(f"{path}: cannot read the original PDF of exhibit {exhibit.number} ({exc}); "
                             "run `foia verify` to check the file store") from exc
        readers[document] = reader
        copied = len(writer.pages)
        try:
            for number in exhibit.pages_as_listed:
                page = _upright(_own_contents(writer.add_page(_inert(reader.pages[number - 1]))))
                second = bates(document, number) or f"p. {number}"
                shown = shown_box(page.cropbox, page.mediabox)
                corner = _blank_corner(shown[2], shown[3], ink(document, number, [
                    _as_fractions(stamp_area(shown[2], shown[3], c), shown[2], shown[3]) for c in CORNERS]) if ink else ())
                page.merge_page(PdfReader(io.BytesIO(_stamp(*shown, f"{label} {exhibit.number}", second,
                                                             corner))).pages[0])
                page.compress_content_streams()  # copied inflated, a page of 50 MB of blanks made it 52 MB
        except Exception:  # noqa: BLE001 - pypdf raises many kinds (and RecursionError) on a hostile page
            while len(writer.pages) > copied:  # none of its pages unstamped or half copied
                writer.remove_page(len(writer.pages) - 1)
            writer.add_page(PdfReader(io.BytesIO(_uncopied_sheet(exhibit, label))).pages[0])
    # the streams copying and stamping left behind (a page's content inflated) are never written:
    # the pages are copied once more, which carries only what they reach (pypdf's
    # compress_identical_objects hashes every object, decoding every image to do it: a JBIG2 scan,
    # as agencies print to PDF, then needs a decoder the machine may lack, and the export failed)
    final = PdfWriter()
    for page in writer.pages:
        final.add_page(page)
    buffer = io.BytesIO()
    final.write(buffer)
    return buffer.getvalue()


def shown_box(crop: Sequence[float], media: Sequence[float]) -> tuple[float, float, float, float]:
    """(left, bottom, width, height) of what a viewer shows and a printer prints: the crop box
    (a scan cropped to its paper) within the media box, corners written in either order; the
    media box when the two do not meet. A released PDF's boxes are untrusted: a crop box reaching
    past the page put the stamp off it."""
    cl, cb, cr, ct = map(float, crop)
    ml, mb, mr, mt = map(float, media)
    left, right = max(min(cl, cr), min(ml, mr)), min(max(cl, cr), max(ml, mr))
    bottom, top = max(min(cb, ct), min(mb, mt)), min(max(cb, ct), max(mb, mt))
    if right <= left or top <= bottom:
        left, right, bottom, top = min(ml, mr), max(ml, mr), min(mb, mt), max(mb, mt)
    return left, bottom, right - left, top - bottom


def _own_contents(page: PageObject) -> PageObject:
    """``page`` (in the writer) with a content stream of its own, so that its stamp is drawn on it
    alone. Pages share one: a page two exhibits cite (one email ends where the next begins) is
    copied twice, and an optimiser gives a scan's pages one stream where they print the same
    ("draw this page's image"); a stamp written into a shared stream showed on every page
    sharing it, the last drawn on top (Ex. 1's last page said EXHIBIT 2)."""
    from pypdf.generic import NameObject

    contents = page.get_contents()
    if contents is not None:
        del page[NameObject("/Contents")]
        page.replace_contents(contents)  # a page without contents is given a new stream object
    return page


def _upright(page: PageObject) -> PageObject:
    """``page`` turned upright: its rotation folded into its content (so its stamp sits upright where
    it is read) and its boxes, as pypdf's ``transfer_rotation_to_content`` does, but by wrapping
    the content's bytes in one transformation, never parsing them (pypdf read every operator of the
    stream, in Python: 5 s for a stream of 50 MB of blanks, which ingest lets a page have); the
    content stream is left to be compressed once stamped (``stamped_exhibits``)."""
    from pypdf import Transformation
    from pypdf.generic import NameObject, RectangleObject

    contents = page.get_contents()  # the page's own stream (``_own_contents``)
    turn = page.rotation % 360
    if turn and contents is not None:
        media = RectangleObject(page.mediabox)
        matrix = Transformation().translate(-float(media.left + media.width / 2),
                                            -float(media.bottom + media.height / 2)).rotate(-turn)
        low, high = matrix.apply_on(media.lower_left), matrix.apply_on(media.upper_right)
        matrix = matrix.translate(-min(low[0], high[0]), -min(low[1], high[1]))
        del page[NameObject("/Contents")]
        page.transfer_rotation_to_content()  # with no content: the boxes and /Rotate alone
        # as pypdf computes it (the boxes above moved by the same matrix)
        operands = " ".join(f"{value:.6f}" for value in matrix.ctm).encode("ascii")
        contents.set_data(b"q " + operands + b" cm\n" + contents.get_data() + b"\nQ")
        page.replace_contents(contents)
    return page


def _inert(page: PageObject) -> PageObject:
    """``page`` without what a viewer would run or open: its actions, and annotations other than
    markup (whose own actions go too). Changed in place, before it is copied."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    page.pop(NameObject("/AA"), None)
    kept = ArrayObject()
    annotations = page.get("/Annots")
    annotations = annotations.get_object() if annotations is not None else None
    for reference in annotations if isinstance(annotations, ArrayObject) else ():
        annotation = reference.get_object()
        if isinstance(annotation, DictionaryObject) and annotation.get("/Subtype") in MARKUP:
            for key in ("/A", "/AA"):
                annotation.pop(NameObject(key), None)
            kept.append(reference)
    if kept:
        page[NameObject("/Annots")] = kept
    else:
        page.pop(NameObject("/Annots"), None)
    return page


def stamp_area(width: float, height: float, corner: str = CORNERS[0]) -> tuple[float, float, float, float]:
    """Where the stamp is on a page of this size, in one of its ``CORNERS``: left, bottom, right,
    top (points from the page's lower left corner)."""
    left = width - MARGIN - STAMP_WIDTH if corner.endswith("right") else MARGIN
    bottom = height - MARGIN - STAMP_HEIGHT if corner.startswith("top") else MARGIN
    return left, bottom, left + STAMP_WIDTH, bottom + STAMP_HEIGHT


def _as_fractions(area: tuple[float, float, float, float], width: float, height: float) -> Box:
    left, bottom, right, top = area
    return left / width, 1 - top / height, right / width, 1 - bottom / height


def _blank_corner(width: float, height: float, inks: Sequence[float]) -> str:
    """The first of ``CORNERS`` a page prints nothing in (``inks``: each one's share of dark
    pixels), else the one it prints least in; the top right corner where nothing was measured (or
    the page is too small for four corners apart)."""
    if len(inks) != len(CORNERS) or width < 2 * (STAMP_WIDTH + MARGIN) or height < 2 * (STAMP_HEIGHT + MARGIN):
        return CORNERS[0]
    blank = next((corner for corner, share in zip(CORNERS, inks, strict=True) if share <= BLANK), None)
    return blank or min(zip(inks, range(len(CORNERS)), CORNERS, strict=True))[2]


def _slip_sheet(exhibit: Exhibit, label: str) -> bytes:
    """A Letter page in place of a message released as native mail, of a record whose release
    was withdrawn, or of one the reader may not read (no printed pages to copy): stamped as its
    exhibit, saying so, with its citation (permalink included; none for a record not shown)."""
    if exhibit.hidden:
        return _sheet(f"{label} {exhibit.number}", "not shown", "Not shown",
                      ["This exhibit cites a record you may not read; it keeps its number here.", ""],
                      exhibit.citation)
    if exhibit.withdrawn:
        return _sheet(f"{label} {exhibit.number}", "withdrawn", "Withdrawn from the archive",
                      ["Its release was withdrawn after it was listed; it keeps its number here.", ""],
                      exhibit.citation)
    return _sheet(f"{label} {exhibit.number}", "native mail", "Produced as native mail",
                  [f"Released as a native message ({exhibit.native}), not as printed pages: it is",
                   "cited here, and read at its permalink.", ""], exhibit.citation)


def _uncopied_sheet(exhibit: Exhibit, label: str) -> bytes:
    """A Letter page in place of an exhibit whose pages pypdf could not copy from the original
    (a damaged or hostile file: an array nested 100,000 deep), stamped as the exhibit, citing it."""
    return _sheet(f"{label} {exhibit.number}", "not copied", "Its pages could not be copied",
                  ["Its pages could not be copied from the original PDF (a damaged file): it is cited",
                   "here, and its pages are read at its permalink.", ""], exhibit.citation)


def _change_notice(exhibit: Exhibit, label: str) -> bytes:
    """A Letter page before the pages of an exhibit a correction changed since it was listed:
    stamped as the exhibit, saying what was listed, what its record cites now, and that the
    pages following are those listed."""
    import textwrap

    when = f" on {exhibit.added_at[:10]}" if exhibit.added_at else ""
    said = [*textwrap.wrap(f"{exhibit.moved}.", 88), ""] if exhibit.moved else []
    if exhibit.changed:
        said += [*textwrap.wrap(f"Changed since it was listed{when}: {exhibit.changed}. A correction of the archive "
                                "since (emails split or merged, a date, sender or recipient corrected or checked, a "
                                "release's details edited) changed what its record cites.", 88), ""]
    said += ["The pages that follow are the pages as listed, copied from the original PDF. Its record",
             "now reads as cited below: check the citation before filing it again.", ""]
    return _sheet(f"{label} {exhibit.number}", "changed since listed", "Changed since it was listed", said,
                  exhibit.citation)


def _sheet(first: str, second: str, heading: str, said: list[str], citation: str) -> bytes:
    """A Letter page stamped ``first``/``second``: a heading, what it says, then a citation."""
    import textwrap

    from reportlab.pdfgen import canvas

    width, height, left = 612.0, 792.0, 72.0
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=(width, height), invariant=True)
    _draw_stamp(drawing, 0, 0, width, height, first, second)
    top = height - 2 * MARGIN - STAMP_HEIGHT - 24
    drawing.setFont("Helvetica-Bold", 13)
    drawing.drawString(left, top, heading)
    lines = [*said, *textwrap.wrap(citation, 88, break_long_words=True)[:40]]
    drawing.setFont("Helvetica", 10)
    for number, line in enumerate(lines, start=2):
        drawing.drawString(left, top - 14 * number, line)
    drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def _stamp(x0: float, y0: float, width: float, height: float, first: str, second: str,
           corner: str = CORNERS[0]) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=(x0 + width, y0 + height), invariant=True)
    _draw_stamp(drawing, x0, y0, width, height, first, second, corner)
    drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def _draw_stamp(drawing: Any, x0: float, y0: float, width: float, height: float, first: str, second: str,
                corner: str = CORNERS[0]) -> None:
    left, bottom, right, top = stamp_area(width, height, corner)
    drawing.setFillColorRGB(1, 1, 1)
    drawing.setStrokeColorRGB(0, 0, 0)
    drawing.rect(x0 + left, y0 + bottom, right - left, top - bottom, stroke=1, fill=1)
    drawing.setFillColorRGB(0, 0, 0)
    drawing.setFont("Helvetica-Bold", 14)
    drawing.drawCentredString(x0 + (left + right) / 2, y0 + top - 17, first[:24])
    drawing.setFont("Helvetica", 9)
    drawing.drawCentredString(x0 + (left + right) / 2, y0 + bottom + 7, second[:40])
