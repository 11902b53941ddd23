"""Tesseract OCR (the only module that imports pytesseract).

One Tesseract process per core with ``OMP_THREAD_LIMIT=1``: Tesseract's own
OpenMP threads make it 4–6× slower when processes compete for two cores. The
image goes to Tesseract as an uncompressed PGM file; encoding a PNG for every
page costs more than the OCR. Each page is bounded by a timeout.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from .errors import OcrUnavailable

if TYPE_CHECKING:
    from PIL import Image

MIN_TESSERACT = (4, 1)
PAGE_TIMEOUT_S = 180
INSTALL_HINT = "install it with `apt-get install tesseract-ocr tesseract-ocr-eng`"


@dataclass(frozen=True)
class OcrResult:
    text: str
    confidence: float | None  # mean word confidence, 0-100
    words: str | None  # JSON [[x0, y0, x1, y1, word], ...] in PDF points
    error: str | None = None  # why OCR failed on this page, if it did


class OcrEngine(Protocol):
    def recognise(self, image: Image.Image, points_per_pixel: float) -> OcrResult: ...


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
    """The real engine: pytesseract ``image_to_data`` with page segmentation mode 3."""

    def __init__(self, lang: str = "eng", timeout: int = PAGE_TIMEOUT_S) -> None:
        self.lang = lang
        self.timeout = timeout

    def recognise(self, image: Image.Image, points_per_pixel: float) -> OcrResult:
        import pytesseract

        limit_threads()
        with tempfile.TemporaryDirectory(prefix="foia-ocr-") as folder:
            path = os.path.join(folder, "page.pgm")
            image.convert("L").save(path)
            try:
                data = pytesseract.image_to_data(
                    path, lang=self.lang, config="--psm 3", timeout=self.timeout,
                    output_type=pytesseract.Output.DICT,
                )
            except RuntimeError as exc:  # pytesseract's timeout
                return OcrResult("", None, None, error=f"OCR gave up after {self.timeout} s ({exc})")
            except pytesseract.TesseractNotFoundError as exc:
                raise OcrUnavailable(f"Tesseract is not installed; {INSTALL_HINT}") from exc
            except pytesseract.TesseractError as exc:
                return OcrResult("", None, None, error=f"Tesseract failed: {exc}")
        return assemble(data, points_per_pixel)


def assemble(data: dict[str, list[object]], points_per_pixel: float) -> OcrResult:
    """Text (lines in reading order), mean confidence and word boxes from image_to_data."""
    lines: list[str] = []
    current: tuple[object, ...] | None = None
    words: list[str] = []
    boxes: list[list[object]] = []
    confidences: list[float] = []
    last_block: object = None
    for i, raw in enumerate(data.get("text", [])):
        word = str(raw).strip()
        if not word:
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        if key != current:
            if words:
                lines.append(" ".join(words))
            if last_block is not None and data["block_num"][i] != last_block:
                lines.append("")
            words, current, last_block = [], key, data["block_num"][i]
        words.append(word)
        conf = float(str(data["conf"][i]))
        if conf >= 0:
            confidences.append(conf)
        left, top = int(str(data["left"][i])), int(str(data["top"][i]))
        width, height = int(str(data["width"][i])), int(str(data["height"][i]))
        boxes.append([round(left * points_per_pixel, 1), round(top * points_per_pixel, 1),
                      round((left + width) * points_per_pixel, 1),
                      round((top + height) * points_per_pixel, 1), word])
    if words:
        lines.append(" ".join(words))
    mean = round(sum(confidences) / len(confidences), 1) if confidences else None
    return OcrResult("\n".join(lines), mean, json.dumps(boxes, ensure_ascii=False) if boxes else None)
