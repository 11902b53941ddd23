"""Redaction boxes found on scanned pages: precision and recall against the samples' truth.

    .venv/bin/python -m benchmarks.redactions [--json]

The sample generator paints every redaction box of a scanned page itself, so it
records where each one lies on the scan (``boxes`` of each scanned page in
samples/*/truth.json: the box's bounding rectangle in points once the scan's skew
is applied). Each scanned page is rendered as ingest renders it for OCR (300 dpi,
grayscale) and its boxes found as OCR finds them (``ingest.ocr.find_redaction_boxes``).
A found box is right when it covers the same place as a box of the truth
(intersection over union at least ``MIN_IOU``; each box of the truth matched once).
Precision = right / found; recall = right / boxes in the truth.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ingest.ocr import find_redaction_boxes  # noqa: E402
from ingest.pages import OCR_DPI  # noqa: E402
from ingest.pdf import render_page  # noqa: E402

SAMPLES = ROOT / "samples"
MIN_IOU = 0.5

Rect = tuple[float, float, float, float]


@dataclass(frozen=True)
class Score:
    pages: int
    truth: int
    found: int
    right: int

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.truth if self.truth else 1.0


def iou(a: Rect, b: Rect) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    if width <= 0 or height <= 0:
        return 0.0
    shared = width * height
    return shared / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - shared)


def matched(truth: list[Rect], found: list[Rect]) -> int:
    """Found boxes that cover a box of the truth, each truth box counted once (best overlaps first)."""
    pairs = sorted(((iou(t, f), i, j) for i, t in enumerate(truth) for j, f in enumerate(found)), reverse=True)
    used_truth: set[int] = set()
    used_found: set[int] = set()
    for overlap, i, j in pairs:
        if overlap < MIN_IOU:
            break
        if i not in used_truth and j not in used_found:
            used_truth.add(i)
            used_found.add(j)
    return len(used_truth)


def boxes_found(pdf: Path, number: int) -> list[Rect]:
    """The redaction boxes OCR finds on one page, in points."""
    scale = 72 / OCR_DPI
    return [(x0 * scale, y0 * scale, x1 * scale, y1 * scale)
            for x0, y0, x1, y1 in find_redaction_boxes(render_page(pdf, number, OCR_DPI).convert("L"))]


def score_release(folder: Path) -> Score:
    truth = json.loads((folder / "truth.json").read_text())
    pages = total = found = right = 0
    for document in truth.get("documents", ()):  # native mail (samples/native) has no pages
        for page in document["pages"]:
            if "boxes" not in page:
                continue
            expected = [tuple(box) for box in page["boxes"]]
            seen = boxes_found(folder / document["file"], page["number"])
            pages, total, found = pages + 1, total + len(expected), found + len(seen)
            right += matched(expected, seen)  # type: ignore[arg-type]
    return Score(pages, total, found, right)


def sample_folders() -> list[Path]:
    return sorted(p.parent for p in SAMPLES.rglob("truth.json"))


def measure() -> dict[str, Score]:
    """Each sample release with scanned pages, and the total ("all")."""
    scores = {folder.name: score_release(folder) for folder in sample_folders()}
    scores = {name: s for name, s in scores.items() if s.pages}
    scores["all"] = Score(*(sum(getattr(s, f) for s in scores.values()) for f in ("pages", "truth", "found", "right")))
    return scores


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    scores = measure()
    if args.json:
        print(json.dumps({name: {"pages": s.pages, "boxes": s.truth, "found": s.found, "right": s.right,
                                 "precision": round(s.precision, 3), "recall": round(s.recall, 3)}
                          for name, s in scores.items()}, indent=1))
        return
    print(f"{'release':<18} {'scanned pages':>13} {'boxes':>6} {'found':>6} {'right':>6} {'precision':>9} {'recall':>7}")
    for name, s in scores.items():
        print(f"{name:<18} {s.pages:>13} {s.truth:>6} {s.found:>6} {s.right:>6} {s.precision:>9.3f} {s.recall:>7.3f}")


if __name__ == "__main__":
    main()
