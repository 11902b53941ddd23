"""Tesseract OCR (the only module that imports pytesseract).

One Tesseract process per core with ``OMP_THREAD_LIMIT=1``: Tesseract's own
OpenMP threads make it several times slower when processes compete for the
cores (README, Measured: ingest speed). The
image goes to Tesseract as an uncompressed TIFF file: encoding a PNG for every
page costs more than the OCR, and Leptonica reads a PGM a byte at a time
(README, Measured: ingest speed). Each page is bounded by a timeout.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import accumulate
from typing import TYPE_CHECKING, Protocol

from .errors import OcrUnavailable
from .headers import BLANK_BOX, canonical_label, damaged_address, parse_date, whole_addresses
from .marks import (
    beside_codes,
    exemption_spans,
    find_exemptions,
    is_stamp_or_code,
    margin_code_word,
    read_redaction_label,
)
from .split import reply_line

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image

MIN_TESSERACT = (4, 1)
SCALE_DOWN = 4  # redaction boxes are found at a quarter of the OCR resolution
DARK = 128  # gray level below which a pixel counts as ink or box
PAPER_FLOOR = 96  # the paper of a scanned page is lighter than this (ink and boxes darker)
WHITE_PAPER = 235  # paper at least this light is left as scanned
FAINT_INK = 64  # ink whose darkest is this light or lighter printed faint
DARKEST_SHARE = 0.001  # the share of a page its darkest ink covers at least
MIN_CONTRAST = 64  # paper and ink closer than this: a blank page, left as it is
MARKED = 235  # a quarter-resolution pixel darker than this has some print in it (a dotted rule's dots)
MIN_RULE_SHARE = 0.25  # a rule runs at least this share of the page's width
MAX_RULE_COLUMN = 6  # quarter-resolution pixels a rule's column holds at most (its ink, thickened by one each way, a skew's step)
SOLID_RULE = 0.9  # a rule whose ink is dark in this share of its columns is solid (Tesseract's line finder takes it)
MIN_BOX_SMALL = 6  # narrowest box, in quarter-resolution pixels (~0.08 in at 300 dpi)
MIN_FILL = 0.6  # a box fills most of its bounding rectangle
MIN_BOX_SMALL_HEIGHT = 5  # lowest (~0.07 in): thinner dark shapes are rules, not boxes
MIN_LABEL_BOX = 12  # narrowest box a white label nearly fills, in quarter-resolution pixels (~0.16 in)
FRAME_SOLID = 0.9  # a row or column of a box's frame is this dark along the box
FRAME_REACH = 3  # a frame's row or column lies within this many quarter-resolution pixels of the edge
MIN_LABEL_LETTERS = 3  # white shapes in a labelled box ("(b)(6)" has six; a bold "B" two counters)
LABEL_BOX_GAP = 16  # most quarter-resolution rows between a labelled box's top and bottom frame
BORDER = 8  # pixels of a box's (soft, scanned) edge left out when cutting its label
LABEL_HEIGHT = 48  # labels are enlarged to about this many pixels of ink height
GAP = 30
MIN_LETTER_SMALL, MAX_LETTER_SMALL = 3, 10  # a letter's height at a quarter resolution (~0.04-0.13 in)
ROW_JOIN = 4  # letters up to about this many quarter-resolution pixels apart are one line's
MIN_DROPPED_LETTERS = 8  # a margin code's fewest letters ("b5 Per FBI")
MAX_SKEW = 3.0  # degrees a scanned page is turned at most
SKEW_STRIPS = 64  # upright strips whose row sums are shifted to try a turn (each half a pixel of slant at 3 degrees)
COARSE_STEP, FINE_STEP = 0.2, 0.05  # degrees between the turns tried, at a quarter and at half the resolution
EDGE_BAND, EDGE_BAND_PX = 0.1, 8  # a box's edge is followed in bands this far in from its ends, this wide
BOX_MARGIN = 4  # pixels around a box found at a quarter of the resolution that may still be its edge
MIN_SKEW_GAIN = 2.0  # a page is straightened when its rows turned are this much sharper than as scanned
MIN_SKEW = 1.0  # ... and turned at least this many degrees (a 6.5 in line at 300 dpi then rises 34 px, past its x-height)
SURE = 80  # Tesseract's confidence in a word read well (garbled margin codes read 30-60)
MIN_GUTTER = 0.04  # of a sheet's width, the blank band between two pages printed side by side (~0.4 in)
GUTTER_SPECKS = 0.005  # of a sheet's height, the ink a column of that band may hold (scan specks, a fold)
TWO_UP_TEXT = 0.1  # of a sheet's height, the rows each of its two pages prints text on at least (a few lines of a shrunk page)
TEXT_ROW_INK = 0.02  # of a page's width, the ink a row of text holds at least (a speck's row far less)
MIN_ORIENTATION_WORDS = 8  # words of three letters or more a reading has before its page's orientation is doubted
UPRIGHT_SURE_SHARE = 0.5  # ... and the least share of them an upright page has read SURE
QUARTER_TURNS = (180, 90, 270)  # the turns tried on a page read poorly whose orientation Tesseract cannot tell
MIN_ORIENTATION_CONFIDENCE = 2.0  # Tesseract's orientation confidence taken (pages of printed email: 5-16)
# A page printed small (shrunk to fit, two pages to a sheet, four): the median height of its words,
# in points, below which it is read again enlarged (20 px at 300 dpi; a 10-12 pt print's words are
# 6-8 pt tall, at 65 % 4, at 50 % 3), the height it is enlarged to (25 px), and the most it is.
SMALL_PRINT = 4.8
PRINT_TARGET = 6.0
MAX_ENLARGE = 2.5
MAX_ENLARGED_PIXELS = 60_000_000  # a letter page at 300 dpi enlarged 2.5 times is 53 million; a poster is not read so
MIN_ENLARGE = 1.2  # less is no help
LINE_PAD = 12  # pixels around a header line read again on its own
BOX_EDGE_READ = 10  # pixels into a box a line is read to (a box's edge found at a quarter of the resolution)
MIN_OUTLINE_HEIGHT = 10  # an outlined box's side, in quarter-resolution pixels (a 9 pt line, ~0.13 in at 300 dpi)
MIN_OUTLINE_WIDTH = 20  # its narrowest: wider than the code it holds (~0.27 in)
CODE_SHARE = 0.6  # of a box's height, the most its frame's top and a code reaching its right quarter take
CODE_REACH = 4  # a box's code starts this many quarter-resolution pixels from its top-left, at most
FAINT_FRAME = 200  # gray level below which a faint frame's line (a grey copy's thin rule) counts as ink
TALLEST_BLANK_FRAME = 240  # page pixels: a blank box over a name or a line or two (0.8 in at 300 dpi)
MOST_FRAME_CHECKS = 8000  # frames looked inside at that level past which a page is mottled (real pages: 2,700)
BLANK_FRAME_SHAPE = 3  # a blank box over withheld words is this many times as wide as it is tall, at least
MIN_BLANK_FRAME_WIDTH = 160  # ... and this wide, in page pixels (~0.5 in at 300 dpi: a short word)
OUTLINE_SPECKS = 0.02  # the share of a box's inside below its code that scan noise may darken
_OUTLINE_SIDE = re.compile(rb"\xff{%d,}" % MIN_OUTLINE_HEIGHT)
_RUN = re.compile(rb"\xff+")
_LONG_RUN = re.compile(rb"\xff{%d,}" % MIN_LABEL_BOX)
SPECK_MARK = 200  # a pixel darker than this may be part of a speck (its soft edge with it)
SPECK_MOST = 12  # such pixels about a speck at most (a fax's speck holds a few at 300 dpi; a 10 pt full stop ~25)
SPECK_REACH = 2  # blocks each way about a speck looked at
CLEAR_BLOCK = 4  # pixels a side of the blocks a speck clear of the print is counted in (20 px about it at 300 dpi)
BAND_CELLS = 4  # rows of such blocks in a band of the page (16 px: under a line of print)
PRINTED_BAND = 0.02  # a band whose blocks hold print (no speck clear of it) fewer than this share of its width is paper
MIN_SPECKS = 750  # such specks in the page's bands of paper on a specked page (clean pages 0-100, a light copy's broken strokes up to 320, a fax 780-6,900)
SPECK_BLOCK = 2  # pixels a side of the blocks a specked page's specks are counted in (10 px about it)
RULE_BLOCKS = 8  # a run of inked blocks this long across or down is a rule (16 px), no speck
THIN_STROKE = 2.0  # px: strokes thinner than this are thin (a light copy's 1.3 to 2.8; print scanned as printed at any size 2.1 and more)
THICK_STROKE = 7.0  # px: strokes thicker than this are fat (a dark copy's 7.8; print scanned as printed 3 to 5, bold and faxed to 6.2)
LABELS_ALONE = 2  # header labels read alone on their lines that send a page to be read thickened too
SPARSE_WORDS = 8  # words (of three letters or more) a page reads at most to be read again as one block
SPARSE_GAIN = 2  # ... words more it must read well so to be kept (a box's texture reads as a word or two)
MAX_STROKE = 12  # px: longer runs of ink are boxes and rules, no strokes
MIN_STROKES = 500  # runs a page's sampled rows hold before its strokes are told
STROKE_ROWS = 4  # every this many rows of a page sampled for its strokes
PAGE_TIMEOUT_S = 180
INSTALL_HINT = "install it with `apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd`"


@dataclass(frozen=True)
class OcrResult:
    text: str
    confidence: float | None  # mean word confidence, 0-100
    words: str | None  # JSON [[x0, y0, x1, y1, word], ...] in PDF points
    error: str | None = None  # why OCR failed on this page, if it did


class OcrEngine(Protocol):
    def recognise(self, image: Image.Image, points_per_pixel: float) -> OcrResult: ...


def recognise_each(engine: OcrEngine, images: Sequence[tuple[Image.Image, float]],
                   bands: bool = False) -> list[OcrResult]:
    """Each (image, points per pixel) recognised: together where the engine reads several at once;
    ``bands``: bands of a few lines cut from pages, not whole pages (see Tesseract.recognise_each)."""
    if isinstance(engine, Tesseract):
        return engine.recognise_each(images, bands)
    return [engine.recognise(image, scale) for image, scale in images]


def tesseract_version() -> tuple[int, int]:
    """The installed Tesseract version; raises OcrUnavailable naming what to install."""
    binary = shutil.which("tesseract")
    if binary is None:
        raise OcrUnavailable(f"Tesseract is not installed; {INSTALL_HINT}")
    try:
        out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30,
                             check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OcrUnavailable(f"Tesseract could not be run ({exc}); {INSTALL_HINT}") from exc
    match = re.search(r"tesseract v?(\d+)\.(\d+)", out.stdout + out.stderr)
    if not match:
        raise OcrUnavailable(f"could not read Tesseract's version; {INSTALL_HINT}")
    version = (int(match.group(1)), int(match.group(2)))
    if version < MIN_TESSERACT:
        raise OcrUnavailable(f"Tesseract {version[0]}.{version[1]} is too old (4.1+ needed); {INSTALL_HINT}")
    langs = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30,
                           check=False)
    if "eng" not in langs.stdout.split():
        raise OcrUnavailable("Tesseract has no English data; install `tesseract-ocr-eng`")
    return version


def limit_threads() -> None:
    """Keep Tesseract to one thread per process (set before any OCR runs)."""
    os.environ["OMP_THREAD_LIMIT"] = "1"


class Tesseract:
    """The real engine: pytesseract ``image_to_data``, page segmentation mode 3.

    Exemption codes printed white on black redaction boxes are what Tesseract
    reads worst, and what a lawyer most needs. So the boxes are found, inverted
    in place, and their labels also cut out, enlarged and laid on a strip below
    the page: one Tesseract run reads page and strip, and each box's words on
    the page are replaced by the strip's clean reading of its label.
    """

    def __init__(self, lang: str = "eng", timeout: int = PAGE_TIMEOUT_S) -> None:
        self.lang = lang
        self.timeout = timeout

    def recognise(self, image: Image.Image, points_per_pixel: float) -> OcrResult:
        return self.recognise_each([(image, points_per_pixel)])[0]

    def recognise_each(self, images: Sequence[tuple[Image.Image, float]], bands: bool = False) -> list[OcrResult]:
        """Each image read as :meth:`recognise` reads it alone, in fewer Tesseract processes:
        the images' first readings in one, the lines each asks to read again in one per mode.
        A process costs a model load (~0.2 s), more than reading a band of a few lines; a
        reading that fails for the whole batch is done again for each image alone. Pages are
        read upright whichever way they were scanned (:meth:`_turn_upright`), and a sheet
        printing two pages side by side is read as its two pages, left then right
        (:func:`two_up_gutter`); ``bands`` (a few lines cut from pages already read, or from a
        text layer's page) are read as they are."""
        if not images:
            return []
        limit_threads()
        pieces: list[tuple[int, int, Image.Image, float]] = []  # (image, left edge, piece, scale)
        for index, (image, scale) in enumerate(images):
            gutter = None if bands else two_up_gutter(image)
            if gutter is None:
                pieces.append((index, 0, image, scale))
            else:
                pieces += [(index, 0, image.crop((0, 0, gutter, image.height)), scale),
                           (index, gutter, image.crop((gutter, 0, image.width, image.height)), scale)]
        if len(pieces) == len(images):
            return self._recognise_pages(images, bands)
        read = self._recognise_pages([(piece, scale) for _, _, piece, scale in pieces], bands)
        return [side_by_side([(result, left * scale) for (index, left, _, scale), result in zip(pieces, read, strict=True)
                              if index == wanted]) for wanted in range(len(images))]

    def _recognise_pages(self, images: Sequence[tuple[Image.Image, float]], bands: bool) -> list[OcrResult]:
        import pytesseract

        prepared = [_Prepared.of(image) for image, _ in images]
        try:
            data = self._data_of_each([page.strip for page in prepared], "--psm 3")
        except (RuntimeError, pytesseract.TesseractError, ValueError) as exc:  # RuntimeError: pytesseract's timeout
            if len(images) > 1:
                return [self._recognise_pages([(image, scale)], bands)[0] for image, scale in images]
            if isinstance(exc, pytesseract.TesseractError | ValueError):  # (a RuntimeError too)
                return [OcrResult("", None, None, error=f"Tesseract failed: {exc}")]
            return [OcrResult("", None, None, error=f"OCR gave up after {self.timeout} s ({exc})")]
        except pytesseract.TesseractNotFoundError as exc:
            raise OcrUnavailable(f"Tesseract is not installed; {INSTALL_HINT}") from exc
        words = [page.words(found) for found, page in zip(data, prepared, strict=True)]
        if not bands:
            self._turn_upright(images, prepared, words)
            self._enlarge_small_print(images, prepared, words)
            self._read_again_by_strokes(images, prepared, words)
            self._read_sparse_as_a_block(prepared, words)
        read = self._read_ahead([(page.page, found, page.boxes) for page, found in zip(prepared, words, strict=True)])
        return [assemble(found, scale / page.enlarged, page.turn)
                for found, (_, scale), page in zip(read, images, prepared, strict=True)]

    def _enlarge_small_print(self, images: Sequence[tuple[Image.Image, float]], prepared: list[_Prepared],
                             words: list[list[Word]]) -> None:
        """Pages printed small, read again enlarged (in place).

        Page family: a production printed shrunk to fit, two pages to a sheet, or copied
        reduced. Tesseract reads words 12 px tall (a 10 pt print at 50 %, at 300 dpi) with a
        letter in five wrong, and finds their lines poorly; enlarged to 25 px first (Lanczos)
        they read as a full-size print does. Only a page whose words read this small is read
        again (its median word under ``SMALL_PRINT``), and the enlarged reading is kept only if
        it reads more words well. Enlarging a full-size print (6 pt words, 1.5 times)
        read it worse."""

        small = []
        for index, (found, (image, scale)) in enumerate(zip(words, images, strict=True)):
            height = _print_height(found, scale / prepared[index].enlarged)
            if height is None or height >= SMALL_PRINT:
                continue
            times = min(MAX_ENLARGE, PRINT_TARGET / height, (MAX_ENLARGED_PIXELS / (image.width * image.height)) ** 0.5)
            if times >= MIN_ENLARGE:
                small.append((index, _Prepared.of(image, prepared[index].quarter, times)))
        self._keep_if_read_better(small, prepared, words)

    def _read_again_by_strokes(self, images: Sequence[tuple[Image.Image, float]], prepared: list[_Prepared],
                              words: list[list[Word]]) -> None:
        """Pages printed with thin strokes, read again with their ink a pixel thicker (in place).

        Page family: a light copy (a toner running out, a copy of a copy made light), a thin
        typeface printed faint: levelled, its ink is black but its strokes a pixel or two wide
        and broken, and Tesseract lost letters and whole header lines (a release's pages as a
        light copy: a date read right in half its emails). Only a page whose strokes average
        under THIN_STROKE pixels (:func:`stroke_width`) is read again, and the thickened
        reading is kept only if it reads more words well. A 10 pt print scanned at 300 dpi has
        strokes of 3.2 to 5 px, at half size 2.1 to 3.2, as a light copy 1.3 to 2.8: the light
        copy's pages under 2 px (about half) are read again; reading those over it again too
        (strokes thin for their words' height) read a header fewer. A page whose reading lost a
        header's column of values (``LABELS_ALONE`` labels or more read alone on their lines:
        a light fax's thin values dropped beside its bold labels) is read again so too, and that
        reading kept only where fewer labels stand alone in it and it reads as many words well
        (kept on more words alone, a real release's light copy read 2 headers fewer).

        Page family, a dark photocopy: the toner spread, strokes fattened till letters touch (a
        10 pt print's 3 to 5 px grown past ``THICK_STROKE``), Tesseract read "e" as "z", "W" as
        "\\", touching letters as redaction boxes, and lost header labels ("Freiin:"): such a page
        is read again with its ink a pixel thinner, kept likewise where it reads more words well."""
        thin, alone = [], []
        for index, (image, _) in enumerate(images):
            if (width := stroke_width(prepared[index].page)) is None:
                continue
            page = prepared[index]
            if width > THICK_STROKE:  # (a dark copy's fat strokes: read a pixel thinner)
                thin.append((index, _Prepared.of(image, page.quarter, page.enlarged, thinned=True)))
                continue
            thickened = (index, _Prepared.of(image, page.quarter, page.enlarged, thickened=True))
            if width < THIN_STROKE:
                thin.append(thickened)
            elif _labels_alone(words[index]) >= LABELS_ALONE:
                alone.append(thickened)
        self._keep_if_read_better(thin, prepared, words)
        for (index, page), again in self._read_again_whole(alone):  # kept only where the values came back
            if _labels_alone(again) < _labels_alone(words[index]) and _well_read(again) >= _well_read(words[index]):
                prepared[index], words[index] = page, again

    def _read_sparse_as_a_block(self, prepared: list[_Prepared], words: list[list[Word]]) -> None:
        """Pages that read as a few words, read again as one block of text (in place).

        Page family: a sheet standing for pages withheld ("Withheld in full pursuant to (b)(5)"
        in a ruled box), a slip sheet, a cover sheet: a line or two inside a frame. Tesseract's
        page layout analysis (``--psm 3``) takes a faxed or copied frame and what it holds for
        a picture and reads none of it, the page then its footer alone, so the email before ran
        on over it. Only a page read as at most ``SPARSE_WORDS`` words is read again, as a
        uniform block (``--psm 6``), and that reading kept only where it reads ``SPARSE_GAIN`` words
        well more (a redaction box's texture may read as a word or two)."""
        sparse = [(index, page) for index, (page, found) in enumerate(zip(prepared, words, strict=True))
                  if len(_long_words(found)) <= SPARSE_WORDS]
        for (index, _page), again in self._read_again_whole(sparse, "--psm 6"):
            if _well_read(again) >= _well_read(words[index]) + SPARSE_GAIN:
                words[index] = again

    def _turn_upright(self, images: Sequence[tuple[Image.Image, float]], prepared: list[_Prepared],
                      words: list[list[Word]]) -> None:
        """Pages scanned upside down or on their side, read again upright (in place).

        A sheet fed into the scanner the wrong way round, or a page scanned sideways, reads
        as nonsense: upside down, Tesseract reads a page of printed email with a tenth of its
        words read well, against nine in ten upright. Only a page whose reading is that poor,
        or whose words stand taller than wide, is asked which way up it is (Tesseract's
        orientation detection, ``--psm 0``: about as slow as reading the page); turned as it
        says (each other way, when it cannot tell), the page is read again. The best reading
        turned is kept only if it reads as a page upright does, and reads more words well than
        the first (or the first stood in columns): an upright page read poorly keeps its
        reading however little a turn of it reads."""

        doubtful = [index for index, found in enumerate(words) if _doubtful_orientation(found)]
        turned = [(index, _Prepared.of(images[index][0], quarter)) for index in doubtful
                  for quarter in self._upright_quarters(prepared[index].page, images[index][1])]
        best: dict[int, tuple[_Prepared, list[Word]]] = {}
        for (index, page), again in self._read_again_whole(turned):
            if index not in best or _reading_rank(again) > _reading_rank(best[index][1]):
                best[index] = page, again
        for index, (page, again) in best.items():
            if _reads_upright(again) and (_well_read(again) > _well_read(words[index]) or _standing(words[index])):
                prepared[index], words[index] = page, again

    def _keep_if_read_better(self, pages: list[tuple[int, _Prepared]], prepared: list[_Prepared],
                             words: list[list[Word]]) -> None:
        """Pages made ready again (enlarged, thickened) read, each reading kept in place of the
        page's first where it reads more words well."""
        for (index, page), again in self._read_again_whole(pages):
            if _well_read(again) > _well_read(words[index]):
                prepared[index], words[index] = page, again

    def _read_again_whole(self, pages: list[tuple[int, _Prepared]],
                          config: str = "--psm 3") -> list[tuple[tuple[int, _Prepared], list[Word]]]:
        """(page, its reading) for pages made ready again (turned, enlarged), read in one
        process (Tesseract's ``config``); none where Tesseract fails (each keeps its first reading)."""
        import pytesseract

        if not pages:
            return []
        try:
            data = self._data_of_each([page.strip for _, page in pages], config)
        except (RuntimeError, ValueError, OSError, pytesseract.TesseractError):
            return []
        return [(placed, placed[1].words(found)) for placed, found in zip(pages, data, strict=True)]

    def _upright_quarters(self, page: Image.Image, points_per_pixel: float) -> tuple[int, ...]:
        """The quarter turns (degrees counter-clockwise: 90, 180 or 270) that may put a page's
        text upright (``page``: as made ready for reading, its paper levelled): the one
        Tesseract's orientation detection gives, none if it finds the page upright, or, when
        it cannot tell, each of them (it needs more letters than a page nearly all redacted
        shows)."""
        import pytesseract

        try:
            found = pytesseract.image_to_osd(page, config=f"--dpi {round(72 / points_per_pixel)}",  # (its --psm 0)
                                             timeout=self.timeout, output_type=pytesseract.Output.DICT)
            confidence, quarter = float(found["orientation_conf"]), -int(found["rotate"]) % 360  # (its turn: clockwise)
        except (RuntimeError, ValueError, KeyError, OSError, pytesseract.TesseractError):
            return QUARTER_TURNS  # (KeyError: pytesseract parsing output it does not know)
        if confidence < MIN_ORIENTATION_CONFIDENCE:
            return QUARTER_TURNS
        return (quarter,) if quarter else ()

    def _read_ahead(self, readings: Sequence[tuple[Image.Image, list[Word], list[Box]]]) -> list[list[Word]]:
        """The lines the page readings damaged read again (:meth:`_read_again`), their images read
        ahead: one Tesseract process per mode instead of one per image (each process costs a
        model load, more than reading a line).

        A rehearsal, every reading coming back empty, names the images the lines below ask for
        first; read together they give the very words each gives alone. A line that asks for
        another image (one an earlier re-read changed) is read alone, as before.
        """
        rehearsal = _Rehearsal(self.lang, self.timeout)
        for page, words, boxes in readings:
            rehearsal._read_again(page, words, boxes)
        ahead = _ReadAhead(self, rehearsal.asked)
        return [ahead._read_again(page, words, boxes) for page, words, boxes in readings]

    def _read_again(self, page: Image.Image, words: list[Word], boxes: list[Box]) -> list[Word]:
        words = self._reread_boxed_subjects(page, self._reread_lines(page, words), boxes)
        words = self._reread_outlined(page, words, find_outlined_boxes(page, coded=True))
        words = self._reread_stacked(page, words)
        return blank_boxes_marked(self._read_dropped_lines(page, words), boxes)

    def _data(self, image: Image.Image, config: str) -> dict[str, list[object]]:
        return self._data_of_each([image], config)[0]

    def _words(self, image: Image.Image, config: str) -> list[Word] | None:
        """Tesseract's words of one small image (a line, a piece of one, a glyph, a box's code),
        or None where Tesseract fails or times out on it."""
        import pytesseract

        try:
            return words_from_data(self._data(image, config))
        except (RuntimeError, pytesseract.TesseractError):  # RuntimeError: pytesseract's timeout
            return None

    def _data_of_each(self, images: Sequence[Image.Image], config: str) -> list[dict[str, list[object]]]:
        """Tesseract's data for each image, read in one process (a list file: one page per image)."""
        import pytesseract

        with tempfile.TemporaryDirectory(prefix="foia-ocr-") as folder:
            paths = [os.path.join(folder, f"{number}.tif") for number in range(len(images))]
            for image, path in zip(images, paths, strict=True):
                image.save(path)
            source = paths[0] if len(paths) == 1 else os.path.join(folder, "pages.txt")
            if len(paths) > 1:
                with open(source, "w", encoding="utf-8") as listing:
                    listing.write("".join(f"{path}\n" for path in paths))
            data: dict[str, list[object]] = pytesseract.image_to_data(
                source, lang=self.lang, config=config, timeout=self.timeout, output_type=pytesseract.Output.DICT)
        return [data] if len(images) == 1 else _by_page(data, len(images))

    def _reread_lines(self, page: Image.Image, words: list[Word]) -> list[Word]:
        """Header lines OCR damaged, read again on their own from the page.

        OCR failures of scanned prints: a redaction box just above a header line (its
        edge inverted with it, or its shadow) spoils the whole line in a page-wide
        reading ("Sent: , AUGUST US, 2:"); fax and 1-bit scan noise breaks addresses
        ("rsandd6val@kell-county. xample.gov", "<dokafor" with the rest read as a line
        of its own). Read alone, the line is often clean. A Sent: line is read once and
        kept if its date reads without a repair; an address line is read from the
        page as it is, enlarged and despeckled, and the addresses most readings agree
        on are kept, if any reading prints them whole.
        """
        kept = list(words)
        for line in _lines(words):
            line.words.sort(key=lambda w: w.left)
            printed = [w for w in line.words if any(ch.isalnum() for ch in w.text)]  # (specks are no label)
            if not printed:
                continue
            lost = _lost_margin_code(line.words)
            if lost is not None:
                kept = self._reread_margin(page, kept, line.words[lost:])
                continue
            label = printed[0]
            field = canonical_label(label.text.rstrip(":;"))
            clean: Callable[[str], tuple[str, ...] | None]
            if field == "sent":  # the line as Tesseract joined it goes
                row = line.words
                if parse_date(" ".join(w.text for w in row[row.index(label) + 1:])).certainty == "exact":
                    continue
                reads, clean, same_label = 1, _date_is_clean, False
            elif field in _ADDRESS_FIELDS:  # the label's row goes, with its pieces read apart
                row = sorted((w for w in kept if w is label or _beside(w, label)), key=lambda w: w.left)
                glyph, rows = (row[1], row[1]) if len(row) >= 2 and _lone_glyph(row[1]) else (
                    _joined_glyph(kept, label), label)  # (read in its label's rows, not the line above's)
                if (glyph is not None and _lone_glyph(glyph)
                        and all(is_stamp_or_code(w.text) for w in row[1:] if w is not glyph)):
                    kept = self._reread_initials(page, kept, glyph, rows)
                    continue
                if not damaged_address(" ".join(w.text for w in row[1:])):
                    continue
                reads, clean, same_label = len(_LINE_VARIANTS), whole_addresses, True
            else:
                continue
            band = row if same_label else [label]  # (an address's brackets and descenders reach past its label)
            crop = (max(label.left - LINE_PAD, 0), max(min(w.top for w in band) - LINE_PAD, 0), page.width,
                    min(max(w.bottom for w in band) + LINE_PAD, page.height))
            readings = self._line_readings(page.crop(crop), _LINE_VARIANTS[:reads])
            best = _agreed(((name, words) for name, words in readings  # (an address line's own label read)
                            if not same_label or (words and canonical_label(words[0].text.rstrip(":;")) == field)),
                           clean)
            if best is None:
                continue
            scale = [variant for variant in _LINE_VARIANTS if variant[0] == best[0]][0][1]
            again = _on_page(_to_last_address(best[1]) if same_label else best[1], crop, scale, label.line)
            # an address line was read again across the band to the page's edge: what the
            # first reading found there goes, but for another header line's words (a page
            # turned a little lifts the end of the Sent: line under it into the band)
            others = _labelled_lines(kept, label.line) if same_label else set()
            kept = [w for w in kept if w not in row
                    and not (same_label and _within(w, crop) and w.line not in others)] + again
        return kept

    def _reread_initials(self, page: Image.Image, kept: list[Word], glyph: Word, rows: Word) -> list[Word]:
        """A lone glyph beside a From:/To:/Cc: label read again as capitals (see
        :func:`_lone_glyph`) in the rows of ``rows`` (the glyph's own, or for a glyph joined to
        the line above, its label's): kept when the glyph as it is and enlarged read the same."""
        crop = page.crop((max(glyph.left - LINE_PAD, 0), max(rows.top - LINE_PAD, 0),
                          min(glyph.right + LINE_PAD, page.width), min(rows.bottom + LINE_PAD, page.height)))
        readings = set()
        for scale in (1, 2):
            image = crop.resize((crop.width * scale, crop.height * scale)) if scale > 1 else crop
            words = self._words(image, f"--psm 8 -c tessedit_char_whitelist={_CAPITALS}")
            if words is None:
                return kept
            readings.add(" ".join(w.text for w in words))
        (reading,) = readings if len(readings) == 1 else ("",)
        if not _INITIALS.fullmatch(reading):
            return kept
        return [replace(w, text=reading) if w is glyph else w for w in kept]

    def _reread_boxed_subjects(self, page: Image.Image, words: list[Word], boxes: list[Box]) -> list[Word]:
        """A subject a redaction box covers after its first words, read again up to the box.

        OCR failure, any scanned print: a box drawn right after a reply prefix ("FW" and the
        box, its colon under it) makes the page-wide reading merge the last letter with the
        box's edge ("F i"). The line from its label to just inside the box, read alone as it
        is and enlarged, gives the words printed before it; kept when both readings agree.
        """
        kept = list(words)
        for label in [w for w in words if canonical_label(w.text.rstrip(":;")) == "subject"]:
            box = next((b for b in boxes if b[0] > label.right and _on_line(b, label)), None)
            if box is None:
                continue
            crop = (max(label.left - LINE_PAD, 0), max(label.top - LINE_PAD, 0), box[0] + BOX_EDGE_READ,
                    min(label.bottom + LINE_PAD, page.height))
            scales = {name: scale for name, scale, _ in _LINE_VARIANTS}
            readings: dict[str, tuple[list[Word], int]] = {}
            for name, found in self._line_readings(page.crop(crop), _LINE_VARIANTS[:2]):
                readings.setdefault(" ".join(w.text for w in found), (found, scales[name]))  # (the first: as it is)
            if len(readings) != 1:
                continue
            ((again, scale),) = readings.values()
            if len(again) < 2 or canonical_label(again[0].text.rstrip(":;")) != "subject":
                continue
            # (the box's code, its label read off it, is kept: the line is read again only up to the box)
            row = [w for w in kept if w is not label and _beside(w, label) and w.left < box[2]
                   and not (w.left >= box[0] and find_exemptions(w.text))]
            # (placed on the page at its size: a reading of the line enlarged is read back to it)
            kept = [w for w in kept if w not in row] + _on_page(again[1:], crop, scale, label.line)
        return kept

    def _reread_outlined(self, page: Image.Image, words: list[Word], outlined: list[Box]) -> list[Word]:
        """A header line an outlined box crosses, read again in pieces: the text left of the box,
        the box's code, the text right of it.

        OCR failure, page family of outlined redaction boxes (a thin frame over the withheld
        words, the code printed small inside at its top-left): read as one line, the frame's
        sides and the small code run into the words beside them ("Email fron{>)(6) — fon 13
        Oct"), or the page's layout leaves the line out. Each piece read alone reads clean; the
        line is kept when its left piece begins with a From:, To:, Cc: or Subject: label and the
        box reads as a code. An outlined box elsewhere is read as its code
        (:meth:`_relabel_outlined`).
        """
        kept = list(words)
        for number, box in enumerate(outlined):
            line = next((line for line in _lines(kept) if _crossed_line(line, box)), None)
            printed = sorted((w for w in line.words if any(ch.isalpha() for ch in w.text)),  # (a table's rules
                             key=lambda w: w.left) if line else []  # are no label)
            if line is None and kept and not any(_shared_rows(box, (w.left, w.top, w.right, w.bottom)) for w in kept):
                # OCR failure: the page's layout left the line out; its left piece says if it is a header's
                line = _Line([], box[1], box[3], min(w.left for w in kept), max(w.right for w in kept))
                label = (-1000 - number, 0, 0)
            elif (line is None or not printed or printed[0].left >= box[0]
                    or not _HEADER_START.match(printed[0].text.lstrip(_SPECKS))):
                kept = self._relabel_outlined(page, kept, box)
                continue
            else:
                line.left, label = printed[0].left, line.words[0].line
            box = _frame_edges(page, box)
            top, bottom = max(min(line.top, box[1]) - LINE_PAD, 0), min(line.bottom + LINE_PAD, page.height)
            code = self._box_code(page, box)
            if code is None:
                continue
            left = _from_label(self._piece(page, (max(line.left - LINE_PAD, 0), top, box[0], bottom)))
            if not left:
                continue
            middle = (line.top + line.bottom) // 2  # (words right of the box may be a line of their own)
            level = [w for w in kept if w not in line.words and w.left >= box[0] and w.top <= middle <= w.bottom]
            end = max([line.right] + [w.right for w in level])
            following = min([b[0] for b in outlined if b[0] >= box[2] and _shared_rows(b, box)]
                            + [min(page.width, end + 2 * LINE_PAD)])
            # (right of the box, only its rows: what it covers pokes out below it, "g" and ",")
            beside = (box[2], max(box[1], top), following, min(box[3], bottom))
            right = self._piece(page, beside) if following > box[2] + LINE_PAD else []
            row = [w for w in kept if (w in line.words or w in level) and w.left < following]
            kept = [w for w in kept if w not in row] + _boxed_line_words(left, code, right, box, label)
        return kept

    def _relabel_outlined(self, page: Image.Image, kept: list[Word], box: Box) -> list[Word]:
        """An outlined box off the header lines: the words read inside it replaced by its code
        read alone, where they read no code as printed (``w/()(5)``), as a dark box's label is."""
        inside = [w for w in kept if box[0] <= (w.left + w.right) // 2 <= box[2]
                  and box[1] <= (w.top + w.bottom) // 2 <= box[3]]
        if find_exemptions(" ".join(w.text for w in inside)):
            return kept
        code = self._box_code(page, _frame_edges(page, box))
        anchor = inside[0] if inside else _nearest_on_row(kept, box)
        if code is None or anchor is None:
            return kept
        return [w for w in kept if w not in inside] + [Word(code, box[0], box[1], box[2], box[3], -1.0, anchor.line)]

    def _piece(self, page: Image.Image, crop: Box) -> list[Word]:
        """The words of a piece of a line read alone (as it is), placed on the page."""
        if crop[2] - crop[0] < LINE_PAD or page.crop(crop).point(lambda v: 255 if v < DARK else 0).getbbox() is None:
            return []
        # (white beyond the box's side: a glyph at a crop's very edge, "<", is read as none)
        from PIL import ImageOps

        piece = _without_rules(page.crop(crop))
        found = self._words(ImageOps.expand(piece, border=(0, 0, LINE_PAD, 0), fill=255), "--psm 7") or []
        while found and not any(ch.isalnum() or ch in _OPENS for ch in found[-1].text):
            found.pop()  # specks (a bracket opening at the box is kept: "<(b)(6)")
        return _on_page(found, crop, 1, (0, 0, 0))

    def _box_code(self, page: Image.Image, box: Box) -> str | None:
        """The code printed inside an outlined box, its frame cut away, enlarged: codes joined by
        ";" as printed ("(b)(6);(b)(7)(C)"), or None when it reads as none."""
        from PIL import ImageFilter

        inside = _without_frame(page.crop(box))
        # (a code ends short of the right and bottom sides, where a soft frame's edge is left;
        # specks are no code)
        ink = inside.crop((0, 0, max(inside.width - BORDER, 1), max(inside.height - BORDER, 1))).filter(
            ImageFilter.MedianFilter(3)).point(lambda v: 255 if v < DARK else 0).getbbox()
        if ink is None:
            return None
        x0, y0, x1, y1 = ink
        words = self._words(_enlarged(inside.crop((max(x0 - 6, 0), max(y0 - 6, 0), x1 + 6, y1 + 6)), y1 - y0),
                            "--psm 7")
        if words is None:
            return None
        label = read_redaction_label(" ".join(w.text for w in words))
        return label.replace(", ", ";") if label else None

    def _reread_margin(self, page: Image.Image, kept: list[Word], region: list[Word], column: int | None = None,
                       variants: Sequence[tuple[str, int, int]] | None = None) -> list[Word]:
        """A margin code and its "Per AGENCY" read again on their own (see :func:`_lost_margin_code`):
        the first reading, of the variants, that prints a code before "Per" replaces the region.

        The line's band is read first, then the code's own band (its AGENCY's height): a
        box's edge the code touches, or the remnant of a word it is typed over, widens the band
        OCR gave the line and, read with it, garbles the code again ("P6 -1/-3 Per FBI"). The
        reading starts at the region's left, or at ``column`` where the code is known to begin.
        """
        for crop in _margin_crops(page, region, region[0].left if column is None else column):
            for name, words in self._line_readings(page.crop(crop), variants or _LINE_VARIANTS):
                text = " ".join(w.text for w in words)
                if find_exemptions(text) and _PER_AGENCY.search(text):
                    scale = [variant for variant in _LINE_VARIANTS if variant[0] == name][0][1]
                    return [w for w in kept if w not in region] + _on_page(words, crop, scale, region[0].line)
        return kept

    def _reread_stacked(self, page: Image.Image, words: list[Word]) -> list[Word]:
        """The codes stacked with a margin code read again from its column (see :func:`_stack_neighbours`)."""
        kept = list(words)
        for column, region in _stack_neighbours(words):
            kept = self._reread_margin(page, kept, region, column, _LINE_VARIANTS[:1])
        return kept

    def _read_dropped_lines(self, page: Image.Image, words: list[Word]) -> list[Word]:
        """Lines the page reading left out (see :func:`find_dropped_lines`), read on their own:
        margin codes, and header lines (a labelled line, a reply's "On … wrote:").

        OCR failure of faxes and noisy scans: Tesseract's page layout takes a line among specks,
        or under a dotted rule, for noise and leaves it out (a police department's pages as a fax
        lost a quoted header's From: and To: lines, a reply's "On Aug 8, 2013, at 1:43 PM, …
        wrote:").
        A reply line runs on past its underlined address, which is no letters: it is read to the
        page's edge, and kept, in place of what the page reading made of its rest, when it reads
        "wrote:"."""
        kept = list(words)
        for number, (left, top, right, bottom) in enumerate(find_dropped_lines(page, words)):
            crop = (max(left - LINE_PAD, 0), max(top - LINE_PAD, 0), min(right + LINE_PAD, page.width),
                    min(bottom + LINE_PAD, page.height))
            for _, found in self._line_readings(page.crop(crop), _LINE_VARIANTS[:1]):
                text = " ".join(w.text for w in found)
                if (find_exemptions(text) and _PER_AGENCY.search(text)) or _labelled_line(text):
                    kept += _on_page(found, crop, 1, (-1 - number, 0, 0))
                elif _REPLY_OPENING.match(text):
                    row = (crop[0], crop[1], page.width, crop[3])
                    again = next((line for _, line in self._line_readings(page.crop(row), _LINE_VARIANTS[:1])
                                  if reply_line(" ".join(w.text for w in line))), None)
                    if again is not None:  # what the page reading made of the row's rest goes
                        kept = [w for w in kept if not _within(w, row)] + _on_page(again, row, 1, (-1 - number, 0, 0))
        return kept

    def _line_readings(self, line: Image.Image, variants: Sequence[tuple[str, int, int]]) -> Iterator[tuple[str, list[Word]]]:
        """Tesseract's readings of one line image (``variants``: name, enlargement, median filter size)."""
        from PIL import ImageFilter

        for name, scale, median in variants:
            image = line.filter(ImageFilter.MedianFilter(median)) if median > 1 else line
            if scale > 1:
                image = image.resize((image.width * scale, image.height * scale))
            words = self._words(image, "--psm 7")
            if words is None:
                continue
            while words and not any(ch.isalnum() for ch in words[-1].text):
                words.pop()  # specks the reading picked up between the line's end and the page's edge
            yield name, words


class _Rehearsal(Tesseract):
    """Reads nothing: notes each image asked for and answers it with no words."""

    def __init__(self, lang: str, timeout: int) -> None:
        super().__init__(lang, timeout)
        self.asked: list[tuple[Image.Image, str]] = []

    def _data(self, image: Image.Image, config: str) -> dict[str, list[object]]:
        self.asked.append((image, config))
        return {}


class _ReadAhead(Tesseract):
    """Answers the images read ahead from their reading; the engine reads any other one alone."""

    def __init__(self, engine: Tesseract, images: Sequence[tuple[Image.Image, str]]) -> None:
        import pytesseract

        super().__init__(engine.lang, engine.timeout)
        self.engine = engine
        self.read: dict[tuple[str, str], dict[str, list[object]]] = {}
        for config in dict.fromkeys(config for _, config in images):
            batch = list({_image_key(image): image for image, asked in images if asked == config}.values())
            if len(batch) < 2:
                continue  # read alone when asked: nothing to save
            try:
                readings = engine._data_of_each(batch, config)
            except (RuntimeError, pytesseract.TesseractError, ValueError):
                continue  # each is read alone when asked, and fails there as it would have
            self.read.update(((_image_key(image), config), data) for image, data in zip(batch, readings, strict=True))

    def _data(self, image: Image.Image, config: str) -> dict[str, list[object]]:
        found = self.read.get((_image_key(image), config))
        return found if found is not None else self.engine._data(image, config)


def _image_key(image: Image.Image) -> str:
    return f"{image.mode} {image.size} " + hashlib.blake2b(image.tobytes(), digest_size=16).hexdigest()


def _by_page(data: dict[str, list[object]], pages: int) -> list[dict[str, list[object]]]:
    """Tesseract's data for several pages split into each page's; ValueError unless it has every page."""
    numbers = [int(str(number)) for number in data.get("page_num", [])]
    if set(numbers) != set(range(1, pages + 1)):
        raise ValueError(f"Tesseract read {len(set(numbers))} of {pages} images")
    split: list[dict[str, list[object]]] = [{key: [] for key in data} for _ in range(pages)]
    for index, number in enumerate(numbers):
        for key, values in data.items():
            split[number - 1][key].append(values[index])
    return split


def _on_page(words: list[Word], crop: Box, scale: int, line: tuple[int, int, int]) -> list[Word]:
    """Words read in a crop of the page (enlarged ``scale`` times), placed on the page, on ``line``."""
    return [Word(w.text, crop[0] + w.left // scale, crop[1] + w.top // scale, crop[0] + w.right // scale,
                 crop[1] + w.bottom // scale, w.confidence, line) for w in words]


# How a damaged header line is read again: as it is, enlarged, despeckled, both.
_LINE_VARIANTS: tuple[tuple[str, int, int], ...] = (("plain", 1, 1), ("enlarged", 2, 1), ("despeckled", 1, 3),
                                                    ("both", 2, 3))
_ADDRESS_FIELDS = frozenset({"from", "to", "cc", "bcc"})


# OCR failure, DOJ components' per-line codes ("b6 -1 Per FBI" in the margin beside the line
# they withhold): printed right after a box's outline, the code is garbled and its "Per FBI"
# half-read ("Sane 2st Pee FB"). Such a line ends in a damaged "Per AGENCY" with no code before it.
_PER_AGENCY = re.compile(r"\bPer\s+[A-Z]{2,}", re.IGNORECASE)
_PER_DAMAGED = re.compile(r"[PB]?[ec][er]", re.IGNORECASE)  # "Per", "Pee", "per", "Pcr", "ber", "er"
_AGENCY_LIKE = re.compile(r"[A-Z][A-Za-z]{1,6}\W?")  # "FBI", "FB", "Fos", "EOUSA"


def _lost_margin_code(words: list[Word]) -> int | None:
    """Where a margin code the reading lost begins on a line (the two words before a damaged
    "Per AGENCY" closing the line), or None when the line has its code or no such ending."""
    if len(words) < 3 or find_exemptions(" ".join(w.text for w in words)):
        return None
    per = len(words) - 2
    if not (_PER_DAMAGED.fullmatch(words[per].text) and _AGENCY_LIKE.fullmatch(words[-1].text)):
        return None
    return max(per - 2, 0)


# OCR failure, any scanned print: an account named by one letter ("To: H") read in a
# page-wide reading as a digit, a mark, or the letter with a speck ("To: 4", "To: Hi"). Such a
# value is one glyph wide; read alone as capitals, it gives the letter.
_LONE_MARK = re.compile(r"[^A-Za-z\s]{1,2}|[A-Z]?[a-z]")
_INITIALS = re.compile(r"[A-Z]{1,3}")
_CAPITALS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_GLYPH_WIDTH = 1.2  # of its height: a glyph (and a speck), not a word
MIN_GLYPH_WIDTH = 0.5  # of its label's height: a capital's width (a box's edge, read "|", is thinner)


def _lone_glyph(word: Word) -> bool:
    return bool(_LONE_MARK.fullmatch(word.text)) and word.right - word.left <= _GLYPH_WIDTH * (word.bottom - word.top)


def _margin_crops(page: Image.Image, region: list[Word], left: int) -> list[Box]:
    """Where a lost margin code is read again: the band of its line, then the band of its
    AGENCY alone (the region's last word), each from ``left`` to the page's edge."""
    return [(max(left - LINE_PAD, 0), max(min(w.top for w in band) - LINE_PAD, 0), page.width,
             min(max(w.bottom for w in band) + LINE_PAD, page.height)) for band in (region, region[-1:])]


# OCR failure, DOJ components' stacked margin codes ("b6 -1 Per FBI" over "b7C -1 Per FBI",
# one for each exemption claimed on a line): one of the stack printed beside handwriting or a
# stamp is read into it ("2/1/81 5 vox ver"), while its neighbour reads clean. Where a line
# prints a margin code, the words of the lines just above and below it in its column, printing
# none and read unsure, are read again from that column (once, as they are: a cheap check).
def _stack_neighbours(words: list[Word]) -> list[tuple[int, list[Word]]]:
    """(column, region) for each code-less line piece beside a margin code in the same column."""
    lines = _lines(words)
    found: list[tuple[int, list[Word]]] = []
    for line in lines:
        column = _margin_column(line.words)
        if column is None:
            continue
        height = line.bottom - line.top
        for other in lines:
            region = sorted((w for w in other.words if w.left >= column - LINE_PAD), key=lambda w: w.left)
            text = " ".join(w.text for w in region)
            if (not region or other is line or find_exemptions(text) or _PER_AGENCY.search(text)
                    or min(w.confidence for w in region) >= SURE):
                continue
            middle = (min(w.top for w in region) + max(w.bottom for w in region)) / 2
            if 0.5 * height < abs(middle - (line.top + line.bottom) / 2) <= 2.5 * height:
                found.append((column, region))
    return found


def _margin_column(words: list[Word]) -> int | None:
    """Where a line's margin code ("b7C -1 Per FBI") begins, or None when it prints none."""
    ordered = sorted(words, key=lambda w: w.left)
    tails = [i for i in range(len(ordered))
             if find_exemptions(" ".join(w.text for w in ordered[i:])) and _PER_AGENCY.search(
                 " ".join(w.text for w in ordered[i:]))]
    return ordered[tails[-1]].left if tails else None


# A header line a box crosses begins with its label, or with what is left of it beside the box
# ("Fron{>)(6)": the colon under the frame).
_HEADER_START = re.compile(r"(?i)(fr|to\b|to:|cc|bcc|su)")
_OPENS = "<([\"'"  # a box right after these joins them: "<(b)(6)"
_CLOSES = ">)],;.:'\""  # ... and before these
_FRAME_MARKS = "|[]{}"  # a box's side read with the word beside it


_SPECKS = "|([{_-—~.,'`\"=:;"


# A header line read on its own: a label with its colon (or the semicolon OCR reads for it) and
# a value; the opening of a reply line ("On Aug 8, 2013, …"), to be read whole (split.reply_line).
_HEADER_LABELS = frozenset({"from", "sent", "date", "to", "cc", "bcc", "subject"})
_LABEL_AND_VALUE = re.compile(r"([A-Za-z]{2,8})\s?[:;]\s?\S")
_REPLY_OPENING = re.compile(r"On\s(?:[A-Z][a-z]{2,8},?\s)?[A-Z][a-z]{2,8}\.?\s\d{1,2}\b|On\s\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}")


def _labelled_line(text: str) -> bool:
    """Whether a line read on its own is a header's labelled line ("From: Roe, Jane")."""
    match = _LABEL_AND_VALUE.match(text.strip().lstrip(_SPECKS))
    return match is not None and canonical_label(match.group(1)) in _HEADER_LABELS


def header_field(text: str) -> str | None:
    """The From/To/Cc/Bcc/Subject field a piece of a line left of a box begins with, its label
    printed with or without its colon (the colon under the box's frame: "From"), a table's rule
    before or after it ("(Subject:|RE:") left out."""
    first = re.split(r"[\s|]", text.strip().lstrip(_SPECKS), maxsplit=1)[0]
    field = canonical_label(first.rstrip(":;"))
    return field if field in _ADDRESS_FIELDS | {"subject"} else None


def _from_label(words: list[Word]) -> list[Word]:
    """A line's words from its header label on, a table's rules read beside the label left out
    ("(Subject:|RE:" is "Subject:" and "RE:"); none when it begins with no label."""
    while words and not any(ch.isalpha() for ch in words[0].text):
        words = words[1:]
    if not words or header_field(words[0].text) is None:
        return []
    first = words[0].text.lstrip(_SPECKS)
    label, _, rest = first.partition("|")
    head = [replace(words[0], text=label)] + ([replace(words[0], text=rest)] if rest.strip(_SPECKS) else [])
    return head + words[1:]


def join_boxed_line(left: str, code: str, right: str) -> str:
    """A line read in pieces about an outlined box: the text left of it, its code, the text right
    of it, spaced as printed. A label the box follows directly gets back the colon under its
    frame ("From" + "(b)(6)" is "From: (b)(6)"); a code right after an opening bracket or before
    a closing one or a comma joins it ("<(b)(6)>"); the box's sides read as marks beside it
    ("from |", "| on") go."""
    left, right = " ".join(left.split()).rstrip(_FRAME_MARKS + " "), " ".join(right.split()).lstrip(_FRAME_MARKS + " ")
    if left and " " not in left and not left.endswith((":", ";")) and header_field(left):
        left += ":"
    text = left + ("" if not left or left.endswith(tuple(_OPENS)) else " ") + code
    return text + ("" if not right or right.startswith(tuple(_CLOSES)) else " ") + right


def _boxed_line_words(left: list[Word], code: str, right: list[Word], box: Box,
                      line: tuple[int, int, int]) -> list[Word]:
    """The words of :func:`join_boxed_line`'s line: the code one word at the box, joined to the
    words it is printed against."""
    words = [replace(w, line=line) for w in left]
    after = [replace(w, line=line) for w in right]
    while words and not any(ch.isalnum() or ch in _OPENS for ch in words[-1].text):
        words.pop()  # the frame's side read as a mark ("|")
    while after and not any(ch.isalnum() or ch in _CLOSES for ch in after[0].text):
        after.pop(0)
    if words:
        words[-1] = replace(words[-1], text=words[-1].text.rstrip(_FRAME_MARKS))
    if after:
        after[0] = replace(after[0], text=after[0].text.lstrip(_FRAME_MARKS))
    words, after = [w for w in words if w.text], [w for w in after if w.text]
    if len(words) == 1 and not words[0].text.endswith((":", ";")):  # (its colon under the frame)
        words[0] = replace(words[0], text=words[0].text + ":")
    coded = Word(code, box[0], box[1], box[2], box[3], -1.0, line)
    if words and words[-1].text.endswith(tuple(_OPENS)):
        last = words.pop()
        coded = replace(coded, text=last.text + code, left=last.left)
    if after and after[0].text.startswith(tuple(_CLOSES)):
        first = after.pop(0)
        coded = replace(coded, text=coded.text + first.text, right=first.right)
    return words + [coded] + after


def _crossed_line(line: _Line, box: Box) -> bool:
    """Whether a box lies on a line's first row, right of the line's start: the line's middle
    within the box, no more than a line's height below its top (its code is at its top-left)."""
    middle = (line.top + line.bottom) // 2
    return line.left < box[0] and box[1] <= middle <= min(box[3], box[1] + 2 * (line.bottom - line.top))


def _shared_rows(a: Box, b: Box) -> bool:
    return min(a[3], b[3]) - max(a[1], b[1]) > 0


FRAME_LINE = 0.4  # a row or column of a box's crop this dark is its frame (a skewed frame darkens a part of each of its rows)


def _frame_edges(page: Image.Image, box: Box) -> Box:
    """A box found at a quarter of the resolution, its sides moved to its frame's outer edges
    on the page (the text beside it is read up to them)."""
    reach = 2 * SCALE_DOWN
    x0, y0 = max(box[0] - reach, 0), max(box[1] - reach, 0)
    crop = page.crop((x0, y0, min(box[2] + reach, page.width), min(box[3] + reach, page.height)))
    gray = crop.point(lambda v: 255 if v < DARK else 0)
    width, height = gray.size
    data = gray.tobytes()
    inner = (box[3] - box[1]) - 2 * reach
    columns = [x for x in range(width) if data[x::width].count(255) >= FRAME_LINE * inner]
    rows = [y for y in range(height) if data[y * width:(y + 1) * width].count(255) >= FRAME_LINE * (box[2] - box[0])]
    left = _nearest_run(columns, box[0] - x0)
    right = _nearest_run(columns, box[2] - 1 - x0)
    top = _nearest_run(rows, box[1] - y0)
    bottom = _nearest_run(rows, box[3] - 1 - y0)
    return (x0 + (left[0] if left else box[0] - x0), y0 + (top[0] if top else box[1] - y0),
            x0 + (right[1] if right else box[2] - x0), y0 + (bottom[1] if bottom else box[3] - y0))


RULE_SHARE = 0.9  # a row of a line's piece this dark is a table's rule under the words (a row of letters is not)


def _without_rules(piece: Image.Image) -> Image.Image:
    """A piece of a line with the rows a rule darkens (a table's cell border read as "—") whitened."""
    dark = piece.point(lambda v: 255 if v < DARK else 0).tobytes()
    width = piece.width
    rules = [y for y in range(piece.height) if dark[y * width:(y + 1) * width].count(255) >= RULE_SHARE * width]
    if not rules:
        return piece
    cleaned = piece.copy()
    for y in rules:
        cleaned.paste(255, (0, y, width, y + 1))
    return cleaned


def _nearest_run(indices: list[int], near: int) -> tuple[int, int] | None:
    """The run of consecutive indices (first, last + 1) nearest ``near``, within a quarter-resolution
    pixel's reach of it or two (a neighbouring box's frame a few pixels off is another run)."""
    runs: list[list[int]] = []
    for index in indices:
        if runs and index == runs[-1][1]:
            runs[-1][1] = index + 1
        else:
            runs.append([index, index + 1])
    distance = [(max(start - near, near - end + 1, 0), start, end) for start, end in runs]
    best = min(distance, default=None)
    return (best[1], best[2]) if best is not None and best[0] <= 2 * SCALE_DOWN else None


def _without_frame(crop: Image.Image) -> Image.Image:
    """A box's crop with its frame whitened: the rows and columns near its edges dark along most
    of it, and everything outside them."""
    gray = crop.point(lambda v: 255 if v < DARK else 0)
    width, height = gray.size
    data = gray.tobytes()
    reach = 3 * SCALE_DOWN
    rows = [y for y in range(height) if data[y * width:(y + 1) * width].count(255) >= FRAME_LINE * width]
    columns = [x for x in range(width) if data[x::width].count(255) >= FRAME_LINE * height]
    top = max((y + 1 for y in rows if y < reach), default=0)
    bottom = min((y for y in rows if y >= height - reach), default=height)
    left = max((x + 1 for x in columns if x < reach), default=0)
    right = min((x for x in columns if x >= width - reach), default=width)
    from PIL import Image as PILImage

    cleaned = PILImage.new("L", crop.size, 255)
    if right > left and bottom > top:
        cleaned.paste(crop.crop((left, top, right, bottom)), (left, top))
    return cleaned


def _date_is_clean(value: str) -> tuple[str, ...] | None:
    return (value,) if parse_date(value).certainty == "exact" else None


def _agreed(readings: Iterable[tuple[str, list[Word]]],
            clean: Callable[[str], tuple[str, ...] | None]) -> tuple[str, list[Word]] | None:
    """The first reading of the clean value most readings agree on; None if none is clean.

    Readings are taken lazily and no more are asked for once two agree.
    """
    votes: Counter[tuple[str, ...]] = Counter()
    first: dict[tuple[str, ...], tuple[str, list[Word]]] = {}
    for reading in readings:
        words = reading[1]
        value = clean(" ".join(w.text for w in words[1:])) if len(words) >= 2 else None
        if value is None:
            continue
        votes[value] += 1
        first.setdefault(value, reading)
        if votes[value] >= 2:
            break
    return first[votes.most_common(1)[0][0]] if votes else None


def _on_line(box: Box, label: Word) -> bool:
    """Whether a box lies on a label's line: it covers at least half the label's height."""
    return min(box[3], label.bottom) - max(box[1], label.top) >= 0.5 * max(label.bottom - label.top, 1)


def _joined_glyph(words: Sequence[Word], label: Word) -> Word | None:
    """The first word right of a label whose box crosses the label's middle row but lies mostly
    outside its rows, if it is as wide as a letter: a glyph Tesseract joined to a stroke of the
    line above ("H" read "+4", its box two lines tall). A box's edge read "|" is no letter."""
    middle, height = (label.top + label.bottom) // 2, label.bottom - label.top
    first = min((w for w in words if w.left > label.right and w.top <= middle <= w.bottom),
                key=lambda w: w.left, default=None)
    if first is None or _beside(first, label) or first.right - first.left < MIN_GLYPH_WIDTH * height:
        return None
    return first


def _beside(word: Word, label: Word) -> bool:
    """Whether a word sits on the label's line, right of it (a piece of the line read apart,
    or a speck on it): it lies at least half within the label's height."""
    shared = min(word.bottom, label.bottom) - max(word.top, label.top)
    return word.left > label.left and shared >= 0.5 * max(word.bottom - word.top, 1)


@dataclass(frozen=True)
class Word:
    text: str
    left: int
    top: int
    right: int
    bottom: int
    confidence: float
    line: tuple[int, int, int]  # Tesseract's (block, paragraph, line)


Box = tuple[int, int, int, int]  # left, top, right, bottom in page pixels


@dataclass(frozen=True)
class Placement:
    """Where a redaction box's enlarged label sits on the strip below the page."""

    box: Box
    top: int
    bottom: int


def levelled(page: Image.Image) -> Image.Image:
    """A grayscale page whose paper scanned grey (a dark photocopy, a yellowed sheet) or whose ink
    printed faint (a light copy) with its paper made white and its darkest ink black; a page of
    white paper and black ink, as it was.

    OCR failures: Tesseract binarises a page by one threshold over the whole image it is given,
    and the label strip below the page (:func:`append_label_strip`) is white: over grey paper
    the threshold fell between paper and strip, and the whole page read as ink (nothing, or
    noise). Grey paper also reads as dark enough for bold letters to join into boxes, and faint
    ink's thin strokes fell on the paper's side of the threshold. The paper is the commonest level
    above ink, the ink the darkest level a thousandth of the page reaches.
    """
    histogram = page.histogram()
    paper = max(range(PAPER_FLOOR, 256), key=histogram.__getitem__)
    share = page.width * page.height * DARKEST_SHARE
    darkest = next((level for level, seen in enumerate(accumulate(histogram)) if seen >= share), 255)
    ink = darkest if darkest >= FAINT_INK else 0
    paper = paper if paper < WHITE_PAPER else 255
    if (ink, paper) == (0, 255) or paper - ink < MIN_CONTRAST:
        return page  # black on white already, or a page of one level (nothing to read apart)
    return page.point([min(255, max(0, round((level - ink) * 255 / (paper - ink)))) for level in range(256)])


def without_broken_rules(page: Image.Image) -> Image.Image:
    """The page with its broken horizontal rules (dotted, halftoned, faint) made paper.

    OCR failure, Outlook's prints: the light rule Outlook draws above each quoted header
    prints as a row of halftone dots; Tesseract's line finder, which takes a solid rule out,
    takes the dots for a line of specks, and its page layout drops the header line below them
    with it (a quoted "From:" and "Sent:" lost). At a quarter of the resolution the dots join;
    a shape as wide as a quarter of the page and no taller in any column than a rule's ink is a
    rule (text touching it makes a column taller); one whose ink is not dark along nearly all
    of it is broken and is whitened, pixel by pixel, thickened by a quarter-resolution pixel.
    """
    from PIL import Image as PILImage
    from PIL import ImageChops, ImageDraw, ImageFilter

    small = page.reduce(SCALE_DOWN)
    marked = small.point(lambda v: 255 if v < MARKED else 0).filter(ImageFilter.MaxFilter(3))
    broken = PILImage.new("L", small.size)
    for (x0, y0, x1, y1), area in _components(marked):
        width = x1 - x0
        if width < MIN_RULE_SHARE * small.width or area > MAX_RULE_COLUMN * width:
            continue
        shape = marked.crop((x0, y0, x1, y1))
        seed = (0, shape.crop((0, 0, 1, shape.height)).tobytes().index(255))
        ImageDraw.floodfill(shape, seed, 128)
        rule = shape.point(lambda v: 255 if v == 128 else 0)
        if _column_count(rule) > MAX_RULE_COLUMN or rule.histogram()[255] != area:
            continue  # text touches it, or another shape shares its bounds
        within = (x0 * SCALE_DOWN, y0 * SCALE_DOWN, min(x1 * SCALE_DOWN, page.width), min(y1 * SCALE_DOWN, page.height))
        dark = page.crop(within).point(lambda v: 255 if v < DARK else 0)
        drawn = rule.resize((width * SCALE_DOWN, rule.height * SCALE_DOWN), PILImage.Resampling.NEAREST)
        ink = ImageChops.multiply(dark, drawn.crop((0, 0, dark.width, dark.height)))
        if _dark_columns(ink) < SOLID_RULE * ink.width:
            broken.paste(rule, (x0, y0), rule)
    if broken.getbbox() is None:
        return page
    whitened = page.copy()
    whitened.paste(255, (0, 0), broken.resize(page.size, PILImage.Resampling.NEAREST))
    return whitened


def without_specks(page: Image.Image, enlarged: float = 1.0) -> Image.Image:
    """The page with its specks taken out (specks of ink on its paper made paper, specks of
    paper in its boxes made ink) when it is specked all over; any other page as it was.

    Page family: a fax, a scan off a dusty glass, a copy of a copy: specks of ink all over the
    paper, and the boxes' black flecked with paper. OCR failure: Tesseract read the specks
    beside a label as letters of it (``Frames "Roe`` for ``From: Roe``, ``Sene`` for
    ``Sent:``), a flecked box as words (``Po co!`` for a subject under a box), and lost header
    lines to them.

    A page is specked when at least MIN_SPECKS specks stand clear of the print (no more than
    SPECK_MOST pixels darker than SPECK_MARK in the CLEAR_BLOCK-pixel blocks within
    SPECK_REACH of them) on its paper between the lines (bands nearly free of other print): a
    clean page has next to none, a light copy's broken strokes lie on its lines of print; so
    their full stops, i's dots and broken letters, which the next test may take, are kept. On
    a specked page a speck is ink with no more than SPECK_MOST such pixels within SPECK_REACH
    blocks of SPECK_BLOCK pixels, and on no rule (a run of RULE_BLOCKS inked blocks across or
    down: a thin rule, an outlined box's frame); the same in reverse for paper. ``enlarged``:
    how many times its size the page was enlarged (small print), its specks with it. Counted
    in blocks: a page's pixels one by one cost a second of numpy a page."""
    import numpy as np
    from PIL import Image as PILImage

    grey = page if page.mode == "L" else page.convert("L")
    ink = grey.point(_SPECK_INK)
    inked = _cell_counts(ink, max(1, round(CLEAR_BLOCK * enlarged)))
    clear = _specks(inked, enlarged, ruled=False)
    if np.count_nonzero(clear & _paper_bands((inked > 0) & ~clear)) < MIN_SPECKS:
        return page
    paper = grey.point(_SPECK_PAPER)
    pixels = np.array(grey)
    block = max(1, round(SPECK_BLOCK * enlarged))
    for marked, level in ((ink, 255), (paper, 0)):
        cells = _specks(_cell_counts(marked, block), enlarged, ruled=True)
        spread = np.repeat(np.repeat(cells, block, axis=0), block, axis=1)[:pixels.shape[0], :pixels.shape[1]]
        pixels[spread & (np.asarray(marked) > 0)] = level
    return PILImage.fromarray(pixels)


def _cell_counts(marked: Image.Image, block: int) -> np.ndarray:
    """How many pixels of ``marked`` (255: set) each block of ``block`` pixels a side holds."""
    import numpy as np

    counts: np.ndarray = np.rint(np.asarray(marked.reduce(block), dtype=np.float32) * (block * block / 255)).astype(np.int32)
    return counts


def _specks(counts: np.ndarray, enlarged: float, ruled: bool) -> np.ndarray:
    """The cells holding a speck (see :func:`without_specks`), of ink or of paper as ``counts``
    counts; ``ruled``: and on no rule."""
    specks: np.ndarray = (counts > 0) & (_window_sums(counts, SPECK_REACH) <= SPECK_MOST * enlarged * enlarged)
    if ruled:
        specks &= ~_on_rules(counts > 0)
    return specks


def _paper_bands(printed: np.ndarray) -> np.ndarray:
    """The cells in bands of BAND_CELLS rows of cells whose ``printed`` cells are fewer than
    PRINTED_BAND of the band's: the paper between lines of print and about them."""
    import numpy as np

    rows = printed.shape[0]
    whole = rows - rows % BAND_CELLS
    shares = printed[:whole].reshape(-1, BAND_CELLS, printed.shape[1]).mean(axis=(1, 2))
    bands = np.repeat(shares < PRINTED_BAND, BAND_CELLS)
    bands = np.concatenate([bands, np.zeros(rows - whole, dtype=bool)])
    return np.broadcast_to(bands[:, None], printed.shape)


def _on_rules(set_: np.ndarray) -> np.ndarray:
    """The cells of ``set_`` within RULE_BLOCKS of a run of RULE_BLOCKS set cells across or down."""
    import numpy as np

    reach = RULE_BLOCKS // 2
    on = np.zeros(set_.shape, dtype=bool)
    for axis in (0, 1):
        run = _line_sums(set_.astype(np.int16), reach, axis) >= 2 * reach + 1
        on |= _line_sums(run.astype(np.int16), reach * 2, axis) > 0
    return on


def _line_sums(counts: np.ndarray, reach: int, axis: int) -> np.ndarray:
    """For each cell, the sum of the cells within ``reach`` of it along ``axis`` (in the cells' type:
    a row's or column's sum must fit it)."""
    import numpy as np

    pad = [(reach + 1, reach) if a == axis else (0, 0) for a in (0, 1)]
    sums = np.pad(counts, pad).cumsum(axis=axis, dtype=counts.dtype)
    side = 2 * reach + 1
    total: np.ndarray = sums[side:] - sums[:-side] if axis == 0 else sums[:, side:] - sums[:, :-side]
    return total


_SPECK_INK = [255 if level < SPECK_MARK else 0 for level in range(256)]
_SPECK_PAPER = [255 if level > 255 - SPECK_MARK else 0 for level in range(256)]


def _window_sums(counts: np.ndarray, reach: int) -> np.ndarray:
    """For each cell of ``counts``, the sum of the cells within ``reach`` of it (a square)."""
    return _line_sums(_line_sums(counts, reach, 0), reach, 1)


def stroke_width(page: Image.Image) -> float | None:
    """The mean width, in pixels, of a page's strokes: its runs of ink across (every
    STROKE_ROWS-th row; runs up to MAX_STROKE pixels, strokes and not boxes or rules); None
    when it has too few to tell. A 10 pt print at 300 dpi has strokes of 3 to 5, at half size
    2 to 3; a light copy's are 1 to 3."""
    import numpy as np

    rows = np.asarray(page if page.mode == "L" else page.convert("L"))[::STROKE_ROWS]
    ink = np.zeros((rows.shape[0], rows.shape[1] + 2), dtype=bool)  # (paper each side: runs start and end in a row)
    ink[:, 1:-1] = rows < DARK
    flat = ink.ravel()
    edges = np.flatnonzero(flat[1:] != flat[:-1])  # a run's first pixel, then the pixel after its last
    lengths = edges[1::2] - edges[0::2]
    strokes = lengths[lengths <= MAX_STROKE]
    return float(strokes.mean()) if len(strokes) >= MIN_STROKES else None


def thicker_ink(page: Image.Image) -> Image.Image:
    """The page with its ink a pixel thicker each way (the darkest of each pixel's 3 by 3: PIL's
    ``MinFilter(3)``, which took 0.5 s a page against numpy's 0.1)."""
    import numpy as np

    return _each_pixels_3_by_3(page, np.minimum)


def thinner_ink(page: Image.Image) -> Image.Image:
    """The page with its ink a pixel thinner each way (the lightest of each pixel's 3 by 3)."""
    import numpy as np

    return _each_pixels_3_by_3(page, np.maximum)


def _each_pixels_3_by_3(page: Image.Image, pick: Callable[..., object]) -> Image.Image:
    import numpy as np
    from PIL import Image as PILImage

    pixels = np.asarray(page.convert("L"))
    across = pixels.copy()
    pick(across[:, 1:], pixels[:, :-1], out=across[:, 1:])
    pick(across[:, :-1], pixels[:, 1:], out=across[:, :-1])
    down = across.copy()
    pick(down[1:], across[:-1], out=down[1:])
    pick(down[:-1], across[1:], out=down[:-1])
    return PILImage.fromarray(down)


def two_up_gutter(page: Image.Image) -> int | None:
    """The x of the white gutter between two pages printed side by side on one sheet, if
    ``page`` is such a sheet; else None.

    Page family: a production printed two pages up (each page shrunk onto half a landscape
    sheet) and scanned. Read as one page, each line of the left page was joined to the line
    beside it on the right ("Regards, To: Roe, Jane"), and headers were lost. A sheet is
    two pages up when it is wider than tall, a band of blank paper at least MIN_GUTTER of its
    width runs top to bottom within its middle third, and each side prints rows of text (ink
    across TEXT_ROW_INK of its width) down at least TWO_UP_TEXT of its height."""
    import numpy as np

    if page.width <= page.height:
        return None
    ink = np.asarray(page.convert("L").reduce(SCALE_DOWN).point(lambda v: 1 if v < DARK else 0), dtype=np.uint8)
    height, width = ink.shape
    blank = ink.sum(axis=0) <= GUTTER_SPECKS * height
    start, end = width // 3, 2 * width // 3
    best, run = (0, 0), 0
    for x in range(start, end):
        run = run + 1 if blank[x] else 0
        best = max(best, (run, x + 1))
    length, stop = best
    if length < MIN_GUTTER * width:
        return None
    sides = ink[:, :stop - length], ink[:, stop:]
    if min(np.count_nonzero(side.sum(axis=1) >= TEXT_ROW_INK * side.shape[1]) for side in sides) < TWO_UP_TEXT * height:
        return None  # (a blank sheet's specks and punched holes are no text)
    return (stop - length // 2) * SCALE_DOWN


def side_by_side(readings: Sequence[tuple[OcrResult, float]]) -> OcrResult:
    """One sheet's reading from its pages' (each with its left edge on the sheet, in points):
    their texts one after the other, their words' boxes moved onto the sheet."""
    boxes = [[box[0] + left, box[1], box[2] + left, box[3], box[4]]
             for result, left in readings for box in json.loads(result.words or "[]")]
    confidences = [result.confidence for result, _ in readings if result.confidence is not None]
    return OcrResult("\n\n".join(result.text for result, _ in readings if result.text),
                     round(sum(confidences) / len(confidences), 1) if confidences else None,
                     json.dumps(boxes, ensure_ascii=False) if boxes else None,
                     next((result.error for result, _ in readings if result.error), None))


def _long_words(words: list[Word]) -> list[Word]:
    return [word for word in words if len(word.text.strip()) >= 3 and word.confidence >= 0]


_HEADER_LABEL = re.compile(r"(?:From|Sent|Date|To|Cc|CC|Subject)\s?:")


def _labels_alone(words: list[Word]) -> int:
    """How many header labels a reading holds alone on their lines ("From:" with no value)."""
    lines = Counter(word.line for word in words)
    return sum(1 for word in words if lines[word.line] == 1 and _HEADER_LABEL.fullmatch(word.text))


def _well_read(words: list[Word]) -> int:
    """How many of a reading's words of three letters or more Tesseract is sure of."""
    return sum(word.confidence >= SURE for word in _long_words(words))


def _standing(words: list[Word]) -> bool:
    """Whether most of a reading's words stand taller than wide (Tesseract reads a page lying
    one way round on its side as columns of words)."""
    long = _long_words(words)
    return sum(word.bottom - word.top > word.right - word.left for word in long) > len(long) / 2


def _doubtful_orientation(words: list[Word]) -> bool:
    """Whether a page's reading suggests it lay upside down or on its side: it has words
    enough to tell, and under UPRIGHT_SURE_SHARE of them are read well (upside down:
    0-0.25 of a page of printed email; upright 0.85-1.0), or most stand (:func:`_standing`)."""
    long = _long_words(words)
    return len(long) >= MIN_ORIENTATION_WORDS and (_well_read(long) < UPRIGHT_SURE_SHARE * len(long) or _standing(long))


def _print_height(words: list[Word], points_per_pixel: float) -> float | None:
    """The median height, in points, of a reading's words of three letters or more (None when
    it has too few to tell)."""
    heights = sorted(word.bottom - word.top for word in _long_words(words) if word.text.strip().isalpha())
    return heights[len(heights) // 2] * points_per_pixel if len(heights) >= MIN_ORIENTATION_WORDS else None


def _reads_upright(words: list[Word]) -> bool:
    """Whether a reading is one of a page upright: words enough to tell, and no doubt."""
    return len(_long_words(words)) >= MIN_ORIENTATION_WORDS and not _doubtful_orientation(words)


def _reading_rank(words: list[Word]) -> tuple[bool, int]:
    """Readings of one page turned different ways, the likeliest upright last."""
    return _reads_upright(words), _well_read(words)


@dataclass(frozen=True)
class _Prepared:
    """A page made ready for Tesseract: levelled, broken rules made paper, specks taken out (a
    specked page), its ink thickened (when asked: thin strokes), turned upright a ``quarter``
    turn and straightened (``turn``: both as one), its redaction boxes found and inverted and
    their labels laid on a strip below it (``strip``, placed by ``placements``)."""

    page: Image.Image
    boxes: list[Box]
    turn: Turn | None
    strip: Image.Image
    placements: list[Placement]
    quarter: int = 0
    enlarged: float = 1.0  # how many times the image's size the page is (small print read larger)

    @classmethod
    def of(cls, image: Image.Image, quarter: int = 0, enlarged: float = 1.0, thickened: bool = False,
           thinned: bool = False) -> _Prepared:
        if enlarged != 1.0:
            from PIL import Image as PILImage

            image = image.convert("L").resize((round(image.width * enlarged), round(image.height * enlarged)),
                                              PILImage.Resampling.LANCZOS)
        scanned = levelled(image.convert("L"))
        if quarter:
            scanned = scanned.rotate(quarter, expand=True)  # (exact: a transpose)
        scanned = without_specks(without_broken_rules(scanned), enlarged)
        if thickened:
            scanned = thicker_ink(scanned)
        if thinned:
            scanned = thinner_ink(scanned)
        found = find_redaction_boxes(scanned)
        page, turn = straightened(scanned, found)
        boxes = found if turn is None else find_redaction_boxes(page)
        page = without_blank_frames(page)  # (straight: a frame's top and bottom run along rows)
        if quarter:  # one turn about the middle, then another: one turn by both
            turn = Turn((turn.angle if turn else 0.0) + quarter, image.size, page.size)
        strip, placements = append_label_strip(invert_boxes(page, boxes), boxes)
        return cls(page, boxes, turn, strip, placements, quarter, enlarged)

    def words(self, data: dict[str, list[object]]) -> list[Word]:
        """Tesseract's reading of the strip as words on the page."""
        return relabel_boxes(words_from_data(data), self.placements, self.page.height)


@dataclass(frozen=True)
class Turn:
    """How a page was turned to read it (upright, straight, or both): by ``angle`` degrees
    counter-clockwise about its middle, the ``size`` it had becoming ``turned_size`` (the turned
    page grows to hold its corners)."""

    angle: float
    size: tuple[int, int]
    turned_size: tuple[int, int]

    def back(self, box: Box) -> Box:
        """A box of the turned page as the box around it on the page as scanned."""
        corners = [self._moved(x, y, self.turned_size, self.size, -self.angle) for x in (box[0], box[2]) for y in (box[1], box[3])]
        xs, ys = [round(x, 6) for x, _ in corners], [round(y, 6) for _, y in corners]  # (a half turn's sine is not quite 0)
        return math.floor(min(xs)), math.floor(min(ys)), math.ceil(max(xs)), math.ceil(max(ys))

    def there(self, x: float, y: float) -> tuple[float, float]:
        """A point of the page as scanned on the turned page."""
        return self._moved(x, y, self.size, self.turned_size, self.angle)

    @staticmethod
    def _moved(x: float, y: float, size: tuple[int, int], to: tuple[int, int], angle: float) -> tuple[float, float]:
        """A point of a page of ``size`` turned ``angle`` degrees counter-clockwise about its middle,
        on a page of size ``to`` (pixel rows run down, so the turn's sine is negated)."""
        theta = math.radians(angle)
        cos, sin = math.cos(theta), math.sin(theta)
        dx, dy = x - size[0] / 2, y - size[1] / 2
        return dx * cos + dy * sin + to[0] / 2, -dx * sin + dy * cos + to[1] / 2


def straightened(page: Image.Image, boxes: Sequence[Box] | None = None) -> tuple[Image.Image, Turn | None]:
    """A scanned page turned so its lines of text run level, and the turn (None: left as it is);
    ``boxes``: its redaction boxes, if found already.

    OCR failure, any scanned print: a sheet fed a little askew (half a degree to two) makes
    each printed line climb or fall across the page; Tesseract reads a line whose ends sit a
    line's height apart as pieces of two, and a header's value, a date's time or a subject is
    lost. The skew is the turn that makes the page's rows sharpest (:func:`skew_of`); a page
    whose rows turned are not much sharper than as scanned (little text, a photograph, a
    page nearly all redacted) is left as it is, and so is one less than MIN_SKEW askew, whose
    lines Tesseract follows itself (turned, the samples' 1-bit scans read worse).

    A redaction box drawn level on the skewed scan (redacted as an image) would come out of the
    turn askew, its edge cutting into the line above or below it: such a box is put back level
    about its own middle, as drawn. A box that lies at the page's skew (redacted on paper) turns
    with the page.
    """
    from PIL import Image as PILImage
    from PIL import ImageFilter

    boxes = find_redaction_boxes(page) if boxes is None else boxes
    angle = skew_of(page, boxes, at_least=MIN_SKEW)
    if abs(angle) < MIN_SKEW:
        return page, None
    turned = page.rotate(angle, resample=PILImage.Resampling.BILINEAR, expand=True, fillcolor=255)
    turn = Turn(angle, page.size, turned.size)
    whole = [box for box in boxes if not any(other != box and _shared(box, other) >= 0.5 * _area(box) for other in boxes)]
    level = [_exact(page, box) for box in whole if _drawn_level(page, box, angle)]  # (a piece of a box's label turns with it)
    if level:
        drawn = PILImage.new("L", page.size)
        for box in level:
            drawn.paste(255, box)
        askew = drawn.rotate(angle, resample=PILImage.Resampling.NEAREST, expand=True)
        turned.paste(255, (0, 0), askew.filter(ImageFilter.MaxFilter(5)))  # its soft rim too
        for box in level:
            x, y = turn.there((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
            turned.paste(page.crop(box), (round(x - (box[2] - box[0]) / 2), round(y - (box[3] - box[1]) / 2)))
    return turned, turn


def _exact(page: Image.Image, box: Box) -> Box:
    """A level box found at a quarter of the resolution, to the pixel: its first and last rows
    (columns) dark along most of it. Text touching the box darkens a row far less."""
    x0, y0, x1, y1 = (max(0, box[0] - BOX_MARGIN), max(0, box[1] - BOX_MARGIN),
                      min(page.width, box[2] + BOX_MARGIN), min(page.height, box[3] + BOX_MARGIN))
    crop = page.crop((x0, y0, x1, y1)).point(lambda v: 255 if v < DARK else 0)
    rows = [index for index, value in enumerate(crop.reduce((crop.width, 1)).tobytes()) if value >= 128]
    columns = [index for index, value in enumerate(crop.reduce((1, crop.height)).tobytes()) if value >= 128]
    if not rows or not columns:
        return box
    return x0 + columns[0], y0 + rows[0], x0 + columns[-1] + 1, y0 + rows[-1] + 1


def _drawn_level(page: Image.Image, box: Box, angle: float) -> bool:
    """Whether a box's top or bottom edge runs level on the scan, not at the page's skew: the
    edge's rise between bands near its two ends, where the box's dark run from its middle row
    ends, is under half the skew's."""
    x0, y0, x1, y1 = box
    span = (x1 - x0) * (1 - 2 * EDGE_BAND)
    if span * math.tan(math.radians(abs(angle))) < 2:
        return False  # too short for the skew to show: turned with the page, as it is
    middle = (y1 - y0) // 2

    def edges(left: int) -> tuple[int, int]:
        band = page.crop((left, y0 - BOX_MARGIN, left + EDGE_BAND_PX, y1 + BOX_MARGIN)).reduce((EDGE_BAND_PX, 1))
        dark = [value < DARK for value in band.tobytes()]
        top = next((row for row in range(middle + BOX_MARGIN, -1, -1) if not dark[row]), 0)
        bottom = next((row for row in range(middle + BOX_MARGIN, len(dark)) if not dark[row]), len(dark))
        return top, bottom

    (top_left, bottom_left), (top_right, bottom_right) = (
        edges(round(x0 + (x1 - x0) * EDGE_BAND)), edges(round(x1 - (x1 - x0) * EDGE_BAND) - EDGE_BAND_PX))
    rise = min(abs(top_right - top_left), abs(bottom_right - bottom_left))
    return rise < span * math.tan(math.radians(abs(angle))) / 2


def skew_of(page: Image.Image, boxes: Sequence[Box] = (), at_least: float = 0.0) -> float:
    """The degrees (counter-clockwise) that turn ``page`` straight, to FINE_STEP; 0.0 for a
    straight page or one with too little text to tell, or (``at_least``) one the coarse turns
    already show to be less askew than that.

    Turned straight, a page's ink falls into rows with white between, and the row sums of
    its ink change most sharply from one pixel row to the next: the turn maximising the sum
    of their squared changes, tried every COARSE_STEP at a quarter of the resolution, then
    every FINE_STEP about it at half. A turn this small moves each narrow upright strip of
    the page up or down whole, so the strips' row sums are added, shifted, for each turn tried
    (a few milliseconds a page, not an image turned for each). Redaction boxes are left out: a box drawn on the scan
    is level however the sheet lay, and on a page of many boxes they would outweigh the
    text. The turn is taken only when it makes the rows MIN_SKEW_GAIN times sharper.
    """
    import numpy as np
    from PIL import ImageDraw

    def ink(scale: int) -> tuple[np.ndarray, np.ndarray]:
        """The ink's row sums in each of SKEW_STRIPS upright strips, and the strips' middles."""
        mask = page.reduce(scale).point(lambda v: 1 if v < DARK else 0)
        draw = ImageDraw.Draw(mask)
        for x0, y0, x1, y1 in boxes:
            draw.rectangle((x0 // scale - 1, y0 // scale - 1, x1 // scale + 1, y1 // scale + 1), fill=0)
        pixels = np.asarray(mask, dtype=np.float64)
        edges = np.linspace(0, pixels.shape[1], SKEW_STRIPS + 1).round().astype(int)
        rows = np.stack([pixels[:, left:right].sum(axis=1) for left, right in zip(edges[:-1], edges[1:], strict=True)])
        return rows, (edges[:-1] + edges[1:]) / 2 - pixels.shape[1] / 2

    def sharpness(strips: tuple[np.ndarray, np.ndarray], angle: float) -> float:
        """The rows' sharpness turned by ``angle``: each strip's rows moved by its rise (a strip
        is narrow enough that its own slant is under a pixel)."""
        rows, middles = strips
        shifts = np.rint(-middles * math.tan(math.radians(angle))).astype(int)
        pad = int(np.abs(shifts).max())
        turned = np.zeros(rows.shape[1] + 2 * pad)
        for strip, shift in zip(rows, shifts, strict=True):
            turned[pad + shift:pad + shift + strip.size] += strip
        return float(np.square(np.diff(turned)).sum())

    quarter = ink(SCALE_DOWN)
    steps = round(MAX_SKEW / COARSE_STEP)
    coarse = max((k * COARSE_STEP for k in range(-steps, steps + 1)), key=lambda a: (sharpness(quarter, a), -abs(a)))
    if abs(coarse) + COARSE_STEP < at_least:
        return 0.0  # (the fine turns lie within a coarse step of it)
    half = ink(2)
    scores = {angle: sharpness(half, angle) for angle in {round(coarse + k * FINE_STEP, 2) for k in range(-4, 5)} | {0.0}}
    best = max(scores, key=lambda a: (scores[a], -abs(a)))
    return best if scores[best] >= MIN_SKEW_GAIN * scores[0.0] > 0 else 0.0


def _column_count(mask: Image.Image) -> int:
    """The most white pixels one column of a binary mask holds."""
    return round(max(mask.reduce((1, mask.height)).tobytes(), default=0) * mask.height / 255)


def _dark_columns(mask: Image.Image) -> int:
    """How many columns of a binary mask hold a white pixel."""
    return sum(1 for value in mask.reduce((1, mask.height)).tobytes() if value)


def find_redaction_boxes(page: Image.Image) -> list[Box]:
    """Solid dark rectangles (redaction boxes) on a grayscale page, in page pixels.

    At a quarter of the resolution an opening drops ordinary text strokes and
    keeps solid dark areas (Pillow's C filters, cheap beside the OCR itself); runs of the
    small mask are joined into connected shapes, and the shapes that fill most
    of their bounding rectangle are boxes (a rule touching a box is not). A box its
    white label nearly fills is no solid area at that size (the opening leaves only
    the sliver beside the label): it is found by its frame (:func:`_labelled_boxes`).
    """
    from PIL import ImageFilter

    small = page.reduce(SCALE_DOWN)
    dark = small.point(lambda v: 255 if v < DARK else 0)
    solid = dark.filter(ImageFilter.MinFilter(3)).filter(ImageFilter.MaxFilter(3))
    boxes = [] if solid.getbbox() is None else [
        (x0, y0, x1, y1) for (x0, y0, x1, y1), area in _components(solid)
        if (x1 - x0) >= MIN_BOX_SMALL and (y1 - y0) >= MIN_BOX_SMALL_HEIGHT
        and area >= MIN_FILL * (x1 - x0) * (y1 - y0)]
    for framed in _labelled_boxes(dark):
        inside = [box for box in boxes if _shared(box, framed) >= 0.5 * _area(box)]
        if any(_shared(box, framed) >= 0.5 * _area(framed) for box in inside):
            continue  # found whole already
        boxes = [box for box in boxes if box not in inside] + [framed]  # a sliver beside the label goes
    return sorted((x0 * SCALE_DOWN, y0 * SCALE_DOWN, x1 * SCALE_DOWN, y1 * SCALE_DOWN) for x0, y0, x1, y1 in boxes)


def _labelled_boxes(dark: Image.Image) -> list[Box]:
    """Dark rectangles a white label nearly fills, on the small dark mask, in its pixels.

    Such a box is a dark frame (a few solid rows above and below the label, solid
    columns beside it) around white letters, dark between them: most of the shape is
    dark (an outlined box, as the FBI draws them, is a white one), and the white inside is
    letters: several shapes (a bold capital's one or two counters are not). Ordinary text has no dark row as long as
    a box, so only the places around long dark runs are looked at: the shapes there whose
    outermost rows and columns are solid are boxes.
    """
    width = dark.width
    data = dark.tobytes()
    runs = [(y, m.start(), m.end()) for y in range(dark.height)
            for m in _LONG_RUN.finditer(data, y * width, (y + 1) * width)]
    places: list[list[int]] = []  # runs near each other, stacked: [left, top, right, bottom]
    for y, x0, x1 in runs:
        x0, x1 = x0 - y * width, x1 - y * width
        place = next((p for p in places if y <= p[3] + LABEL_BOX_GAP and x0 < p[2] and p[0] < x1), None)
        if place is None:
            places.append([x0, y, x1, y + 1])
        else:
            place[:] = [min(place[0], x0), place[1], max(place[2], x1), y + 1]
    found: list[Box] = []
    for left, top, right, bottom in places:
        if bottom - top < MIN_BOX_SMALL_HEIGHT:
            continue  # a rule or an underline
        crop = (max(left - FRAME_REACH, 0), max(top - FRAME_REACH, 0), min(right + FRAME_REACH, width),
                min(bottom + FRAME_REACH, dark.height))
        for (x0, y0, x1, y1), area in _components(dark.crop(crop)):
            box = (crop[0] + x0, crop[1] + y0, crop[0] + x1, crop[1] + y1)
            if (x1 - x0 >= MIN_LABEL_BOX and y1 - y0 >= MIN_BOX_SMALL_HEIGHT and area >= MIN_FILL * _area(box)
                    and _framed(data, width, box) and _white_letters(dark.crop(box)) >= MIN_LABEL_LETTERS):
                found.append(box)
    return found


def find_outlined_boxes(page: Image.Image, coded: bool = False, dark: int = DARK,
                        most_checks: int | None = None, tallest: int | None = None) -> list[Box]:
    """Outlined redaction boxes on a grayscale page, in page pixels: a thin dark frame closed
    on all four sides, blank inside but for a small code at its top-left (or nothing).

    Page family: redactions drawn as a white rectangle with a thin frame over the withheld
    words, the exemption code printed small inside it ("(b)(6)"). At a quarter of the
    resolution (a block counts as ink when any of its pixels is, then thickened by one so a
    skewed frame stays joined), the frame's sides are columns of ink as tall as the box: each
    pair of such columns, starting and ending on the same rows, with solid rows between them
    at their top and bottom and nothing inside but the code, is a box. A table's cell is no
    box: its columns run on through the rows above and below, past its corners; text, a rule
    or an underline has no two matching columns. ``coded``: only the boxes with a code inside;
    ``dark``: the gray level below which a pixel is ink (a faint frame is lighter than print);
    ``most_checks``: none found where more pairs of sides closed by rows than that would be looked
    inside (an area mottled grey, whose every column reads as a side as tall as the next);
    ``tallest``: only boxes no taller than that, in page pixels.
    """
    from PIL import Image as PILImage
    from PIL import ImageChops

    small = page.point(lambda v: 255 if v < dark else 0).reduce(SCALE_DOWN).point(lambda v: 255 if v else 0)
    width, height = small.size
    # each side thickened by a pixel across its line (a skewed scan's frame stays one line)
    wide = ImageChops.lighter(ImageChops.offset(small, 1, 0), ImageChops.offset(small, -1, 0))
    tall = ImageChops.lighter(ImageChops.offset(small, 0, 1), ImageChops.offset(small, 0, -1))
    data = ImageChops.lighter(small, tall).tobytes()
    columns = ImageChops.lighter(small, wide).transpose(PILImage.Transpose.TRANSPOSE).tobytes()
    runs: dict[int, list[tuple[int, int]]] = {}  # x: (top, bottom) of each tall run of ink in its column
    for x in range(width):
        for match in _OUTLINE_SIDE.finditer(columns, x * height, (x + 1) * height):
            runs.setdefault(x, []).append((match.start() - x * height, match.end() - x * height))
    sides: list[tuple[int, int, int]] = []  # x, top, bottom: a side several columns thick counts once
    for x, found_runs in sorted(runs.items()):
        for top, bottom in found_runs:
            if tallest is not None and (bottom - top) * SCALE_DOWN > tallest:
                continue
            if not any(abs(t - top) <= 1 and abs(b - bottom) <= 1 for t, b in runs.get(x - 1, [])):
                sides.append((x, top, bottom))
    found: list[Box] = []
    checked = 0
    for left, top, bottom in sides:
        for right, top2, bottom2 in sides:
            if (right < left + MIN_OUTLINE_WIDTH or abs(top2 - top) > FRAME_REACH
                    or abs(bottom2 - bottom) > FRAME_REACH):
                continue
            box = (left, min(top, top2), right + 1, max(bottom, bottom2))
            if not _closed(data, width, box):
                continue
            checked += 1
            if most_checks is not None and checked > most_checks:
                return []  # (grey mottled over an area: its every column a side as tall as every other)
            if _blank_inside(small, box) and (not coded or _inked(small, box)):
                found.append(box)
                break  # the nearest right side closes it
    boxes: list[Box] = []
    for box in sorted(found, key=_area, reverse=True):  # a thick frame's inner columns pair too
        if not any(_shared(box, other) >= 0.5 * _area(box) for other in boxes):
            boxes.append(box)
    return sorted((x0 * SCALE_DOWN, y0 * SCALE_DOWN, x1 * SCALE_DOWN, y1 * SCALE_DOWN) for x0, y0, x1, y1 in boxes)


def without_blank_frames(page: Image.Image) -> Image.Image:
    """The page with each outlined box that holds nothing made paper, frame and all.

    OCR failure, page family of outlined redaction boxes whose code is printed in the margin
    (a white box with a thin frame over a withheld name or address, nothing inside), copied
    grey or faxed: the frame prints faint and the paper inside it mottled, and Tesseract reads
    the box as letters ("foe ST", "Wasi fees Sets") that stand as the sender, or runs its sides
    into the name beside it ("Roe, Jane [malta = BE"). Nothing is printed inside such a box; its
    frame, found at a lighter level than print (``FAINT_FRAME``) and not at print's, is no letter
    either. A frame printed dark is left (its margin code is read again beside it: a page-wide
    reading garbles a code printed right after a box's outline). A frame is a box's only where
    it is wider than a few lines are tall (``BLANK_FRAME_SHAPE``, a box over a word at least):
    two letters' stems and serifs close no such shape."""
    frames = [box for box in find_outlined_boxes(page, dark=FAINT_FRAME, most_checks=MOST_FRAME_CHECKS,
                                                 tallest=TALLEST_BLANK_FRAME)
              if box[2] - box[0] >= max(BLANK_FRAME_SHAPE * (box[3] - box[1]), MIN_BLANK_FRAME_WIDTH)]
    if frames:  # (a frame printed dark stays: the readings after look beside it for its margin code)
        dark = find_outlined_boxes(page, most_checks=MOST_FRAME_CHECKS, tallest=TALLEST_BLANK_FRAME)
        frames = [box for box in frames if not any(_shared(box, other) for other in dark)]
    if not frames:
        return page
    # (the nearest right side closes a box, printing a code or not: one with a code is left)
    small = page.point(lambda v: 255 if v < FAINT_FRAME else 0).reduce(SCALE_DOWN).point(lambda v: 255 if v else 0)
    frames = [box for box in frames if not _inked(small, (box[0] // SCALE_DOWN, box[1] // SCALE_DOWN,
                                                          box[2] // SCALE_DOWN, box[3] // SCALE_DOWN))]
    erased = page.copy()
    reach = FRAME_REACH * SCALE_DOWN
    for x0, y0, x1, y1 in frames:
        # about the frame (found at a quarter of the resolution: its line within a block of the
        # edge), only what is lighter than print: a line of words the box touches keeps its ink
        around = (max(x0 - SCALE_DOWN, 0), max(y0 - SCALE_DOWN, 0), x1 + SCALE_DOWN, y1 + SCALE_DOWN)
        erased.paste(erased.crop(around).point(lambda v: 255 if v >= DARK else v), around[:2])
        if x1 - x0 > 2 * reach and y1 - y0 > 2 * reach:
            erased.paste(255, (x0 + reach, y0 + reach, x1 - reach, y1 - reach))
    return erased


def _inked(small: Image.Image, box: Box) -> bool:
    x0, y0, x1, y1 = box
    return small.crop((x0 + FRAME_REACH, y0 + FRAME_REACH, x1 - FRAME_REACH, y1 - FRAME_REACH)).getbbox() is not None


def _closed(data: bytes, width: int, box: Box) -> bool:
    """Whether rows near a box's top and bottom are solid between its sides."""
    x0, y0, x1, y1 = box

    def solid(y: int) -> bool:
        return data[y * width + x0:y * width + x1].count(255) >= FRAME_SOLID * (x1 - x0)

    return (any(solid(y) for y in range(y0, min(y0 + FRAME_REACH, y1)))
            and any(solid(y) for y in range(max(y1 - FRAME_REACH, y0), y1)))


def _blank_inside(small: Image.Image, box: Box) -> bool:
    """Whether inside a frame (on the unthickened small mask) there is nothing but a code at its
    top-left: its rows of ink (a speck is none) begin at the top, by the left side; it leaves the
    right quarter blank or ends in the upper part (a code is printed smaller than the words the
    box covers: the letters of a word between two of its stems, "D" and "d", reach both its
    right and its bottom), and below the code there are specks at most."""
    x0, y0, x1, y1 = box
    inside = small.crop((x0 + FRAME_REACH, y0 + FRAME_REACH, x1 - FRAME_REACH, y1 - FRAME_REACH))
    width, height = inside.size
    if width < 2 or height < 2:
        return False
    data = inside.tobytes()
    rows = [y for y in range(height) if data[y * width:(y + 1) * width].count(255) >= 2]
    if not rows:
        return True
    code = range(rows[0], next((y for y in range(rows[0], height) if y not in rows), height))
    ink = inside.crop((0, code.start, width, code.stop)).getbbox()
    below = data[code.stop * width:].count(255)
    # a code ends short of the right side; a word's letters lean on their stems ("D" and "d")
    right = inside.crop((width - width // 4, 0, width, height)).tobytes().count(255)
    short = code.stop + FRAME_REACH <= CODE_SHARE * (y1 - y0)
    return (ink is not None and ink[0] <= CODE_REACH and code.start <= CODE_REACH and (right <= 1 or short)
            and below <= OUTLINE_SPECKS * width * (height - code.stop))


def _white_letters(shape: Image.Image) -> int:
    """How many white shapes a framed dark shape encloses (those touching its edge are outside it)."""
    width, height = shape.size
    return sum(1 for (x0, y0, x1, y1), _ in _components(shape.point(lambda v: 255 - v))
               if x0 > 0 and y0 > 0 and x1 < width and y1 < height)


def _framed(data: bytes, width: int, box: Box) -> bool:
    """Whether a shape on the small mask has solid rows at its top and bottom and solid
    columns at its left and right (a few pixels in, for a scan's skew and soft edges)."""
    x0, y0, x1, y1 = box
    rows = [y - y0 for y in range(y0, y1)
            if data[y * width + x0:y * width + x1].count(255) >= FRAME_SOLID * (x1 - x0)]
    columns = [x - x0 for x in range(x0, x1)
               if data[y0 * width + x:y1 * width + x:width].count(255) >= FRAME_SOLID * (y1 - y0)]
    return (bool(rows) and bool(columns) and rows[0] < FRAME_REACH and rows[-1] >= y1 - y0 - FRAME_REACH
            and columns[0] < FRAME_REACH and columns[-1] >= x1 - x0 - FRAME_REACH)


def _area(box: Box) -> int:
    return (box[2] - box[0]) * (box[3] - box[1])


def _shared(a: Box, b: Box) -> int:
    """The area two rectangles share."""
    return max(0, min(a[2], b[2]) - max(a[0], b[0])) * max(0, min(a[3], b[3]) - max(a[1], b[1]))


def _components(mask: Image.Image) -> list[tuple[Box, int]]:
    """Bounding box and area of each connected white area of a small binary mask."""
    width, height = mask.size
    data = mask.tobytes()
    parent: dict[int, int] = {}
    bounds: dict[int, list[int]] = {}
    areas: dict[int, int] = {}

    def find(label: int) -> int:
        while parent[label] != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    previous: list[tuple[int, int, int]] = []
    next_label = 0
    for y in range(height):
        row = data[y * width:(y + 1) * width]
        current: list[tuple[int, int, int]] = []
        for match in _RUN.finditer(row):
            x0, x1 = match.start(), match.end()
            label = next_label
            parent[label] = label
            bounds[label] = [x0, y, x1, y + 1]
            areas[label] = x1 - x0
            next_label += 1
            for px0, px1, plabel in previous:
                if px0 < x1 and x0 < px1:
                    a, b = find(plabel), find(label)
                    if a != b:
                        parent[b] = a
                        ba, bb = bounds[a], bounds[b]
                        bounds[a] = [min(ba[0], bb[0]), min(ba[1], bb[1]), max(ba[2], bb[2]), max(ba[3], bb[3])]
                        areas[a] += areas[b]
                        label = a
            current.append((x0, x1, label))
        previous = current
    roots = {find(label) for label in parent}
    return sorted(((bounds[r][0], bounds[r][1], bounds[r][2], bounds[r][3]), areas[r]) for r in roots)


def find_dropped_lines(page: Image.Image, words: list[Word]) -> list[Box]:
    """Lines of print no word of the page reading covers, in page pixels.

    OCR failure, a short line printed apart (a margin code beside a box's outline, or typed
    on a dashed rule): Tesseract's page layout leaves it out, though read alone it reads
    clean. At a quarter of the resolution, with the words read blanked out, the ink left
    is split into shapes; letter-sized ones (rules, outlines and specks are not) are joined
    along their row, and a row of enough letters on one line is such a line.
    """
    from PIL import Image as PILImage
    from PIL import ImageDraw, ImageFilter

    small = page.reduce(SCALE_DOWN).point(lambda v: 255 if v < DARK else 0)
    draw = ImageDraw.Draw(small)
    for word in words:
        draw.rectangle((word.left // SCALE_DOWN - 1, word.top // SCALE_DOWN - 1,
                        word.right // SCALE_DOWN + 1, word.bottom // SCALE_DOWN + 1), fill=0)
    letters = [box for box, _ in _components(small) if _letter_sized(box)]
    mask = PILImage.new("L", small.size)
    draw = ImageDraw.Draw(mask)
    for x0, y0, x1, y1 in letters:
        draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill=255)
    rows = mask.reduce((ROW_JOIN, 1)).point(lambda v: 255 if v else 0).filter(ImageFilter.MaxFilter(3))
    found: list[Box] = []
    for x0, y0, x1, y1 in (box for box, _ in _components(rows)):
        box = (x0 * ROW_JOIN, y0, x1 * ROW_JOIN, y1)
        inside = sum(1 for letter in letters if _shared(letter, box) == _area(letter))
        if y1 - y0 <= MAX_LETTER_SMALL + 2 and inside >= MIN_DROPPED_LETTERS:
            found.append((box[0] * SCALE_DOWN, y0 * SCALE_DOWN, box[2] * SCALE_DOWN, y1 * SCALE_DOWN))
    return found


def _letter_sized(box: Box) -> bool:
    x0, y0, x1, y1 = box
    return MIN_LETTER_SMALL <= y1 - y0 <= MAX_LETTER_SMALL and x1 - x0 <= MAX_LETTER_SMALL + 2


def invert_boxes(page: Image.Image, boxes: list[Box]) -> Image.Image:
    """The page with each redaction box inverted: white-on-black labels become black on white."""
    from PIL import ImageOps

    revealed = page.copy()
    for box in boxes:
        revealed.paste(ImageOps.invert(page.crop(box)), box[:2])
    return revealed


def append_label_strip(revealed: Image.Image, boxes: list[Box]) -> tuple[Image.Image, list[Placement]]:
    """The page with each box's label, cut out and enlarged, stacked on a strip below it."""
    from PIL import Image as PILImage

    crops: list[tuple[Box, Image.Image]] = []
    for box in boxes:
        inner = (box[0] + BORDER, box[1] + BORDER, box[2] - BORDER, box[3] - BORDER)
        if inner[2] <= inner[0] or inner[3] <= inner[1]:
            continue
        ink = revealed.crop(inner).point(lambda v: 255 if v < DARK else 0).getbbox()
        if ink is None:
            continue
        x0, y0, x1, y1 = ink
        label = revealed.crop((inner[0] + max(x0 - 6, 0), inner[1] + max(y0 - 6, 0),
                               inner[0] + x1 + 6, inner[1] + y1 + 6))
        label = _enlarged(label.point(lambda v: 0 if v < DARK else 255), y1 - y0)  # clean black on white
        crops.append((box, label))
    if not crops:
        return revealed, []
    strip_height = sum(label.height + GAP for _, label in crops) + GAP
    width = max(revealed.width, max(label.width for _, label in crops) + 2 * GAP)
    combined = PILImage.new("L", (width, revealed.height + strip_height), 255)
    combined.paste(revealed, (0, 0))
    placements: list[Placement] = []
    y = revealed.height + GAP
    for box, label in crops:
        combined.paste(label, (GAP, y))
        placements.append(Placement(box, y, y + label.height))
        y += label.height + GAP
    return combined, placements


def _enlarged(label: Image.Image, ink_height: int) -> Image.Image:
    """A redaction box's label (or code) enlarged so its ink is about :data:`LABEL_HEIGHT` high
    (four times at most), as Tesseract reads small print best."""
    from PIL import Image as PILImage

    scale = max(1.0, min(4.0, LABEL_HEIGHT / max(ink_height, 1)))
    return label.resize((max(1, round(label.width * scale)), max(1, round(label.height * scale))),
                        PILImage.Resampling.LANCZOS)


def words_from_data(data: dict[str, list[object]]) -> list[Word]:
    words: list[Word] = []
    for i, raw in enumerate(data.get("text", [])):
        text = str(raw).strip()
        if not text:
            continue
        left, top = int(str(data["left"][i])), int(str(data["top"][i]))
        right, bottom = left + int(str(data["width"][i])), top + int(str(data["height"][i]))
        line = (int(str(data["block_num"][i])), int(str(data["par_num"][i])), int(str(data["line_num"][i])))
        words.append(Word(text, left, top, right, bottom, float(str(data["conf"][i])), line))
    return words


def relabel_boxes(words: list[Word], placements: list[Placement], page_height: int) -> list[Word]:
    """Replace the page's reading of each box by the strip's reading of its label."""
    page_words = [w for w in words if w.top < page_height]
    if not placements:
        return page_words
    strip_words = [w for w in words if w.top >= page_height]
    result = list(page_words)
    for placement in placements:
        x0, y0, x1, y1 = placement.box
        inside = [w for w in result
                  if x0 - 4 <= (w.left + w.right) // 2 <= x1 + 4 and y0 - 4 <= (w.top + w.bottom) // 2 <= y1 + 4]
        label_words = sorted((w for w in strip_words
                              if placement.top - GAP // 2 <= (w.top + w.bottom) // 2 <= placement.bottom + GAP // 2),
                             key=lambda w: w.left)
        readings = (" ".join(w.text for w in label_words), " ".join(w.text for w in inside))
        label = _best_label(readings)
        anchor = inside[0] if inside else _nearest_on_row(result, placement.box)
        label = next((_as_printed(reading) for reading in readings if label and _as_printed(reading) and
                      find_exemptions(reading) == find_exemptions(label)), label)
        if label is None or anchor is None:
            continue
        confidence = min((w.confidence for w in label_words or inside), default=-1.0)
        result = [w for w in result if w not in inside]
        result.append(Word(label, x0, y0, x1, y1, confidence, anchor.line))
    return result


_BOXED_FIELDS = frozenset({"from", "to", "cc", "bcc", "subject", "attachments"})
_BOX_ROWS = 6  # a box over a header's values is this many of its lines' heights tall at most


def blank_boxes_marked(words: list[Word], boxes: Sequence[Box]) -> list[Word]:
    """Layout family, productions that black out a header's values with boxes printing no code
    ("From: ▇▇▇", "Subject: ▇▇▇▇▇"): OCR reads such a box as nothing, or its ragged edge as a
    letter ("Attachments: E"), and the field was stated empty ("(no subject)", no sender) or as
    the scrap. Each such box in a header's line, right of its label, is written where it stands
    as a redaction tool writes a value it withholds (``BLANK_BOX``, which ``headers.REDACTION_WORD``
    reads), what OCR read inside it dropped; a box printing a code is read as its code already."""
    kept = list(words)
    for x0, y0, x1, y1 in boxes:
        level = [w for w in kept if y0 <= (w.top + w.bottom) // 2 <= y1]  # (a box over several lines: each line's)
        for line in dict.fromkeys(w.line for w in level):
            row = sorted((w for w in level if w.line == line), key=lambda w: w.left)
            first = next((w for w in row if any(ch.isalpha() for ch in w.text)), None)
            if first is None or first.right > x0 or y1 - y0 > _BOX_ROWS * (first.bottom - first.top) \
                    or canonical_label(first.text.strip(_SPECKS).rstrip(":;")) not in _BOXED_FIELDS:
                continue  # (a band down the page's edge, a copier's shadow, is no box over a value)
            # (what it holds of a glyph or two: its ragged edge; a word is the print's, its last letters
            # run into the box's edge perhaps: "FW")
            inside = [w for w in row if x0 - 4 <= (w.left + w.right) // 2 <= x1 + 4
                      and len(w.text.strip(_SPECKS)) <= 1]
            if any(w.text == BLANK_BOX for w in inside) or _codes_near(kept, first):
                continue
            kept = [w for w in kept if w not in inside]
            top, bottom = min(w.top for w in row), max(w.bottom for w in row)
            before = max((w.right for w in row if w not in inside and w.right <= (x0 + x1) // 2), default=x0)
            kept.append(Word(BLANK_BOX, max(x0, before), top, x1, bottom, -1.0, line))
    return kept


def _codes_near(words: list[Word], first: Word) -> bool:
    """Whether a code is read on the line ``first`` begins or on one right above or under it: the
    box is one printing a code (over, under or beside it, as productions stack and split them; a
    box found in two pieces, its code on one), no box printing none."""
    height = first.bottom - first.top
    return any(first.top - 2 * height <= (w.top + w.bottom) // 2 <= first.bottom + 2 * height and find_exemptions(w.text)
               for w in words)


def _as_printed(reading: str) -> str:
    """A box's label read cleanly, as printed ("b6/b7c", "(b)(6)/(b)(7)(C)"): its codes and their
    separators only, read exactly; else "". A label is the box's print, which a subject quotes as it
    stands (the canonical form is the archive's: "re b6/b7c" was shown "re (b)(6), (b)(7)(C)")."""
    text = " ".join(reading.split()).strip(" ,;/&")
    spans = exemption_spans(text)
    return text if spans and not beside_codes(text, spans).strip(" ,;/&") else ""


def _best_label(readings: tuple[str, ...]) -> str | None:
    """The reading whose codes are read most cleanly: exact codes first, then tolerant ones."""
    scored = []
    for rank, reading in enumerate(readings):
        label = read_redaction_label(reading)
        if label:
            scored.append((len(find_exemptions(reading)), label.count(",") + 1, -rank, label))
    return max(scored)[3] if scored else None


def _nearest_on_row(words: list[Word], box: Box) -> Word | None:
    middle = (box[1] + box[3]) // 2
    row = [w for w in words if w.top <= middle <= w.bottom]
    return min(row, key=lambda w: min(abs(w.left - box[2]), abs(w.right - box[0])), default=None)


@dataclass
class _Line:
    words: list[Word]
    top: int
    bottom: int
    left: int
    right: int

    def overlaps_vertically(self, other: _Line) -> bool:
        shared = min(self.bottom, other.bottom) - max(self.top, other.top)
        return shared >= 0.5 * min(self.bottom - self.top, other.bottom - other.top)

    def overlaps_horizontally(self, other: _Line) -> bool:
        return self.left < other.right and other.left < self.right


def _lines(words: list[Word]) -> list[_Line]:
    """Tesseract's lines, with lines printed side by side joined into one.

    Tesseract sometimes reads a printed header as two columns (all labels, then
    all values); joining lines that share a baseline and not a column gives back
    "From: Jane Roe", as printed. Tesseract's own lines are kept, so skew is no
    trouble.
    """
    by_key: dict[tuple[int, int, int], list[Word]] = {}
    for word in sorted(words, key=lambda w: w.line):
        by_key.setdefault(word.line, []).append(word)
    pieces = [_Line(ws, min(w.top for w in ws), max(w.bottom for w in ws),
                    min(w.left for w in ws), max(w.right for w in ws)) for ws in by_key.values()]
    merged: list[_Line] = []
    for piece in sorted(pieces, key=lambda line: line.top):
        host = next((line for line in merged
                     if line.overlaps_vertically(piece) and not line.overlaps_horizontally(piece)), None)
        if host is None:
            merged.append(piece)
            continue
        host.words += piece.words
        host.top, host.bottom = min(host.top, piece.top), max(host.bottom, piece.bottom)
        host.left, host.right = min(host.left, piece.left), max(host.right, piece.right)
    merged.sort(key=lambda line: line.top)
    return merged


def assemble(words: list[Word], points_per_pixel: float, turn: Turn | None = None) -> OcrResult:
    """Text (lines top to bottom, words left to right, a blank line at each wide gap),
    mean confidence and word boxes; read on a page turned straight (``turn``), the lines are
    the straight page's and each word's box the one around it on the page as scanned."""
    lines = _lines(words)
    heights = sorted(line.bottom - line.top for line in lines)
    typical = heights[len(heights) // 2] if heights else 0
    text_lines: list[str] = []
    boxes: list[list[object]] = []
    previous: _Line | None = None
    right = max((line.right for line in lines), default=0)  # the print's right edge
    for line in lines:
        if previous is not None and line.top - previous.bottom > typical:
            text_lines.append("")
        previous = line
        line.words.sort(key=lambda w: w.left)
        text_lines.append(_line_text(line.words, right))
        for w in line.words:
            placed = turn.back((w.left, w.top, w.right, w.bottom)) if turn else (w.left, w.top, w.right, w.bottom)
            boxes.append([*(round(edge * points_per_pixel, 1) for edge in placed), w.text])
    confidences = [w.confidence for w in words if w.confidence >= 0]
    mean = round(sum(confidences) / len(confidences), 1) if confidences else None
    return OcrResult("\n".join(text_lines), mean, json.dumps(boxes, ensure_ascii=False) if boxes else None)


# Page family, scans whose box's code is printed in the margin level with it: the code stands
# this many of its line's heights right of the line's words (State's 4 to 50; words of a line
# of print stand a space apart, a table's or a label's column 1 to 4 heights), in the page's
# last quarter (a code inside a box in the line stands where the box is).
MARGIN_GAP = 4
MARGIN_AT = 0.75
_MOST_MARGIN_CODES = 3


def _line_text(words: Sequence[Word], right: int) -> str:
    """A line's words (left to right) a space apart; the codes at its end set apart from the
    rest by a wide gap (``MARGIN_GAP``), in the margin (``MARGIN_AT`` of the way to the print's
    ``right`` edge), follow a tab: no part of what the line says ("Subject: RE: Budget\tB5"; the
    subject reader leaves them out)."""
    text = " ".join(word.text for word in words)
    height = sorted(word.bottom - word.top for word in words)[len(words) // 2]
    for start in range(len(words) - 1, max(0, len(words) - 1 - _MOST_MARGIN_CODES), -1):
        if not margin_code_word(words[start].text) or words[start].left < MARGIN_AT * right:
            break
        if words[start].left - words[start - 1].right > MARGIN_GAP * height:
            return " ".join(word.text for word in words[:start]) + "\t" + " ".join(word.text for word in words[start:])
    return text


def _labelled_lines(words: Sequence[Word], but: tuple[int, int, int]) -> set[tuple[int, int, int]]:
    """The lines (Tesseract's ids) but ``but`` whose first printed word is a header label."""
    first: dict[tuple[int, int, int], Word] = {}
    for word in words:
        if any(ch.isalnum() for ch in word.text) and (word.line not in first or word.left < first[word.line].left):
            first[word.line] = word
    return {line for line, word in first.items()
            if line != but and canonical_label(word.text.rstrip(":;")) is not None}


def _within(word: Word, crop: tuple[int, int, int, int]) -> bool:
    """Whether a word's middle lies inside a crop of the page."""
    x, y = (word.left + word.right) // 2, (word.top + word.bottom) // 2
    return crop[0] <= x <= crop[2] and crop[1] <= y <= crop[3]


def _to_last_address(words: list[Word]) -> list[Word]:
    """A header line's words up to its last bracketed address, when what follows is no
    other party (no separator, address or redaction code): a reading to the page's edge
    picks up specks there ("<a@x.gov> Se | OO")."""
    ends = [index for index, word in enumerate(words) if word.text.endswith(">")]
    if not ends:
        return words
    tail = " ".join(word.text for word in words[ends[-1] + 1:])
    return words if any(mark in tail for mark in ";,@<(") else words[: ends[-1] + 1]
