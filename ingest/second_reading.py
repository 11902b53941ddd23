"""A second reading of the header values a producer's OCR layer dropped.

OCR failure of producers' layers (any scanned print): a short value beside its label
(``To: H``, a one-letter account) is dropped, and the layer prints ``To:`` with
nothing after it. The bands of such pages around each blank label are OCR'd again
(``pages.ocr_blank_bands``), and each blank field takes the value the second reading
gives it, found beside the same ``Sent:`` day and time (they anchor the header: the two
readings order lines differently, and OCR misreads years more than anything else in
the line). Nothing else of the producer's layer changes: its reading of everything else
was measured better than Tesseract's (README, Accuracy on a real production).
"""

from __future__ import annotations

from .headers import parse_date
from .split import header_label

__all__ = ["has_blank_fields", "fill_blank_fields"]

FIELDS = frozenset({"from", "to", "cc"})
REACH = 3  # lines between a blank field and its header's Sent: line, at most
_MAX_VALUE = 300  # characters taken from the second reading
_SPECKS = " .,;:'`_|-—~"


def _sent_minute(line: str) -> str | None:
    label = header_label(line)
    if label is None or label[0] != "sent":
        return None
    iso = parse_date(label[1]).iso
    return iso[5:16] if iso and len(iso) >= 16 else None  # month, day and time: OCR misreads years


def _anchor(lines: list[str], index: int) -> str | None:
    """The sent time of the header a line belongs to: the nearest Sent: line within reach."""
    nearby = range(max(0, index - REACH), min(len(lines), index + REACH + 1))
    for number in sorted(nearby, key=lambda n: abs(n - index)):
        minute = _sent_minute(lines[number])
        if minute:
            return minute
    return None


def _blank_field(lines: list[str], index: int) -> str | None:
    label = header_label(lines[index])
    if label is None or label[0] not in FIELDS or label[1].strip(_SPECKS):
        return None
    return label[0] if _anchor(lines, index) else None


def has_blank_fields(text: str) -> bool:
    """Whether a page prints a From:, To: or Cc: label with nothing beside it in a dated header."""
    lines = text.splitlines()
    return any(_blank_field(lines, index) for index in range(len(lines)))


def fill_blank_fields(layer: str, second: str) -> str:
    """The layer's text with each blank field given the value the second reading prints
    for the same field of the header sent on the same day at the same minute (when it
    prints exactly one)."""
    lines, other = layer.splitlines(), second.splitlines()
    anchors: dict[str, list[int]] = {}
    for number, line in enumerate(other):
        minute = _sent_minute(line)
        if minute:
            anchors.setdefault(minute, []).append(number)
    for index, line in enumerate(lines):
        name = _blank_field(lines, index)
        places = anchors.get(_anchor(lines, index) or "", []) if name else []
        if len(places) != 1:
            continue
        nearby = range(max(0, places[0] - REACH), min(len(other), places[0] + REACH + 1))
        values = [label[1].strip() for number in nearby
                  if (label := header_label(other[number])) and label[0] == name and label[1].strip(_SPECKS)]
        if len(values) == 1 and header_label(values[0]) is None and any(c.isalpha() for c in values[0]):
            lines[index] = f"{line.rstrip()} {values[0][:_MAX_VALUE]}"
    return "\n".join(lines) + ("\n" if layer.endswith("\n") else "")
