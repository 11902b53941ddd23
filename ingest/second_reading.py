"""A second reading of the header values a producer's OCR layer dropped.

OCR failure of producers' layers (any scanned print): a short value beside its label
(``To: H``, a one-letter account) is dropped, and the layer prints ``To:`` with
nothing after it. The bands of such pages around each blank label are OCR'd again
(``pages.ocr_blank_bands``), and each blank field takes the value the second reading
gives it, found beside the same ``Sent:`` day and time (they anchor the header: the two
readings order lines differently, and OCR misreads years more than anything else in
the line, then a digit of the day or the time). Nothing else of the producer's layer changes: its reading of everything else
was measured better than Tesseract's (README, Accuracy on a real production).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from itertools import permutations

from .headers import parse_date, parse_parties
from .marks import find_exemptions, is_stamp_or_code
from .split import header_label

__all__ = ["has_blank_fields", "fill_blank_fields", "may_cross_outlined_box", "mend_boxed_lines"]

FIELDS = frozenset({"from", "to", "cc"})
REACH = 3  # lines between a blank field and its header's Sent: line, at most
_MAX_VALUE = 300  # characters taken from the second reading
_SPECKS = " .,;:'`_|-—~"


Moment = tuple[int, int, int, int]  # month, day, hour, minute: OCR misreads years


def _sent_moment(line: str) -> Moment | None:
    label = header_label(line)
    if label is None or label[0] != "sent":
        return None
    iso = parse_date(label[1]).iso
    if not iso or len(iso) < 16:
        return None
    return int(iso[5:7]), int(iso[8:10]), int(iso[11:13]), int(iso[14:16])


def _place_of(anchor: Moment, moments: list[tuple[int, Moment]], printed: frozenset[Moment]) -> int | None:
    """The line of the second reading's Sent: line for the header sent at ``anchor``: the
    one at the same moment, else the only one that differs from it in one part at most
    (a digit of the day or the time misread in one reading or the other) and is no other
    header's moment the layer prints (``printed``: a thread's replies minutes apart)."""
    same = [number for number, moment in moments if moment == anchor]
    if not same:
        same = [number for number, moment in moments if moment[0] == anchor[0] and moment not in printed
                and sum(a != b for a, b in zip(moment, anchor, strict=True)) <= 1]
    return same[0] if len(same) == 1 else None


def _anchor(lines: list[str], index: int) -> Moment | None:
    """The sent moment of the header a line belongs to: the nearest Sent: line within reach."""
    nearby = range(max(0, index - REACH), min(len(lines), index + REACH + 1))
    for number in sorted(nearby, key=lambda n: abs(n - index)):
        moment = _sent_moment(lines[number])
        if moment:
            return moment
    return None


def _blank_field(lines: list[str], index: int) -> str | None:
    label = header_label(lines[index])
    if label is None or label[0] not in FIELDS or (label[1].strip(_SPECKS) and parse_parties(label[1])):
        return None  # (a value of specks alone, "Ho" or "4" for "H", names no party: as good as blank)
    return label[0] if _anchor(lines, index) else None


def _without_value(line: str) -> str:
    """A label line without the specks the layer read as its value ("To: Ho")."""
    value = (header_label(line) or ("", ""))[1].strip()
    text = line.rstrip()
    return text[: len(text) - len(value)].rstrip() if value.strip(_SPECKS) and text.endswith(value) else text


def has_blank_fields(text: str) -> bool:
    """Whether a page prints a From:, To: or Cc: label with nothing beside it (or specks that
    name no party) in a dated header."""
    lines = text.splitlines()
    return any(_blank_field(lines, index) for index in range(len(lines)))


def fill_blank_fields(layer: str, second: str) -> str:
    """The layer's text with each blank field given the value the second reading prints
    for the same field of the header sent at the same moment (when it prints exactly one)."""
    lines, other = layer.splitlines(), second.splitlines()
    moments = [(number, moment) for number, line in enumerate(other) if (moment := _sent_moment(line))]
    unlabelled = [(number, moment) for number, line in enumerate(other) if (moment := _date_moment(line))]
    printed = frozenset(moment for line in lines if (moment := _sent_moment(line)))
    for index, line in enumerate(lines):
        name = _blank_field(lines, index)
        anchor = _anchor(lines, index) if name else None
        place = _place_of(anchor, moments, printed) if anchor else None
        if place is None and anchor:  # the second reading lost the Sent: label, not the others
            place = _place_of(anchor, unlabelled, printed)
        values: list[str] = []
        if place is not None:
            nearby = range(max(0, place - REACH), min(len(other), place + REACH + 1))
            values = [label[1].strip() for number in nearby
                      if (label := header_label(other[number])) and label[0] == name and label[1].strip(_SPECKS)]
        if not values and anchor:
            values = _value_in_column(lines, index, other, place)
        values = [_without_stamp(value, lines) for value in values]
        if (len(values) == 1 and header_label(values[0]) is None and any(c.isalpha() for c in values[0])
                and parse_parties(values[0])):  # (specks read off a box name no party: no better than blank)
            lines[index] = f"{_without_value(line)} {values[0][:_MAX_VALUE]}"
    return "\n".join(lines) + ("\n" if layer.endswith("\n") else "")


def _without_stamp(value: str, layer: list[str]) -> str:
    """A value without the stamp or box code the second reading joined to its end, which the
    layer prints as a line of its own (page family: a release stamp level with a header's rows,
    "To: H INA,B6" where the layer reads "To:" and "INA,B6" apart)."""
    words = value.split()
    apart = {" ".join(line.split()) for line in layer}
    while len(words) > 1 and words[-1] in apart and is_stamp_or_code(words[-1]):
        words.pop()
    return " ".join(words)


def _header_lines(lines: list[str], index: int) -> list[int]:
    """The run of label lines around ``index``, each field once: its header block."""
    run, names = [index], {(header_label(lines[index]) or ("", ""))[0]}
    for step in (-1, 1):
        number = index + step
        while 0 <= number < len(lines) and (label := header_label(lines[number])) and label[0] not in names:
            run.append(number)
            names.add(label[0])
            number += step
    return sorted(run)


def _date_moment(line: str) -> Moment | None:
    """The moment of a line that is a date and time alone (a Sent: value read without its label)."""
    if header_label(line) is not None or not line.strip():
        return None
    iso = parse_date(line).iso
    return (int(iso[5:7]), int(iso[8:10]), int(iso[11:13]), int(iso[14:16])) if iso and len(iso) >= 16 else None


_SAME_VALUE = 0.8  # similarity of a value in the layer to its second reading


def _value_in_column(lines: list[str], index: int, other: list[str], place: int | None) -> list[str]:
    """OCR failure of Tesseract on a two-column header: the label column lost, the values read
    alone, one a line. The value at the blank label's distance from the Sent: line, where the
    second reading's lines at the distances of the layer's other fields agree with them."""
    header = _header_lines(lines, index)
    sent = next((n for n in header if _sent_moment(lines[n])), None)
    if place is None or sent is None or not 0 <= place + index - sent < len(other):
        return []
    agreeing = labelled = 0
    for number in header:
        label = header_label(lines[number])
        there = place + number - sent
        if number in (index, sent) or label is None or not label[1].strip(_SPECKS) or not 0 <= there < len(other):
            continue
        read = header_label(other[there])
        if read is not None and read[0] == label[0]:
            labelled += 1
        printed = read[1] if read is not None and read[0] == label[0] else other[there]
        if SequenceMatcher(None, label[1].strip().casefold(), printed.strip().casefold()).ratio() < _SAME_VALUE:
            return []
        agreeing += 1
    line = other[place + index - sent].strip()
    # Where the other lines kept their labels, this one printed its own, misread past recognition
    # ("| Tes H", "Fo: Hq"): its first word goes, colon or not.
    value = _MISREAD_WORD.sub("", line) if labelled == agreeing else _MISREAD_LABEL.sub("", line)
    if labelled == agreeing and _GLYPH_WITH_SPECK.fullmatch(value.strip()):
        return []  # "Hq": one letter and a speck, or a two-letter word; only the glyph read again would say
    return [value] if agreeing and value.strip(_SPECKS) and header_label(value) is None else []


_MISREAD_LABEL = re.compile(r"^[^\W\d_]{1,4}[:;]\s")  # the label read past recognition ("Fo: H")
_GLYPH_WITH_SPECK = re.compile(r"[A-Z][a-z]")
_MISREAD_WORD = re.compile(r"^[^\w\s]{0,2}\s?[^\W\d_]{1,4}[:;.,]?\s")  # ... and its colon lost ("| Tes H")


# --- header lines an outlined box crosses ---------------------------------------------------
# OCR failure of producers' layers, page family of outlined redaction boxes (a thin frame over
# the withheld words, the code printed small inside it): the layer runs the frame and the code
# into the words beside it, or drops them ("Email fronf :Ilon 2 May", "Email from n 2 May").
# The label's band is read again where the page draws such a box on it (``pages``), the text
# either side of the box and its code read apart; the layer's line gives way to that reading
# only when it is the same line with the box read as its code.

BOXED_FIELDS = frozenset({"from", "to", "cc", "subject"})
_SAME_LINE = 0.8  # similarity of the layer's line to the second reading's, the code left out
_MOST_PAIRED = 6  # a field's lines on a page paired with its readings, at most (the pairings grow fast)


_PRINTED_CODE = re.compile(r"\(b\)\s?\(\d", re.IGNORECASE)


def may_cross_outlined_box(text: str) -> bool:
    """Whether a page might print an outlined box on a header line: it prints a From:, To:, Cc:
    or Subject: line and a code as such boxes print it inside ("(b)(6)": a box's code the layer
    read, there or elsewhere on the page). Only such pages have their label bands drawn."""
    return bool(_PRINTED_CODE.search(text)) and any(
        (label := header_label(line)) is not None and label[0] in BOXED_FIELDS for line in text.splitlines())


def _bare(value: str) -> str:
    """A value without its codes, for comparing readings: letters and digits alone, casefolded."""
    for code in find_exemptions(value):
        value = value.replace(code, " ")
    return "".join(ch for ch in value.casefold() if ch.isalnum())


def mend_boxed_lines(layer: str, second: str) -> str:
    """The layer's text, on a page :func:`may_cross_outlined_box`, with each header line the
    second reading read about a box (a From:, To:, Cc: or Subject: line printing a code as such
    boxes print it, "(b)(6)") replaced by that reading, where the two agree but
    for the code (:data:`_SAME_LINE`). Each field's readings are paired with its lines in the
    layer the way that makes them most alike in all (two subjects alike but for "RE:", each
    read with a box, take each its own)."""
    if not may_cross_outlined_box(layer):
        return layer  # (a page read again for a blank value: a margin code Tesseract joins to a line is no box's)
    lines = layer.splitlines()
    read = [(label[0], line.strip()) for line in second.splitlines()
            if (label := header_label(line)) is not None and label[0] in BOXED_FIELDS and _PRINTED_CODE.search(label[1])]
    fields = {index: label for index, line in enumerate(lines) if (label := header_label(line)) is not None}
    for name in dict.fromkeys(name for name, _ in read):
        readings = [(reading, _bare((header_label(reading) or ("", ""))[1])) for field, reading in read if field == name]
        same = [index for index, label in fields.items() if label[0] == name]
        if not same or len(readings) > _MOST_PAIRED or len(same) > _MOST_PAIRED:
            continue
        alike = {(index, number): SequenceMatcher(None, _bare(fields[index][1]), bare).ratio()
                 for index in same for number, (_, bare) in enumerate(readings)}
        numbers = range(len(readings))
        pairings = ([list(zip(order, numbers, strict=True)) for order in permutations(same, len(readings))]
                    if len(same) >= len(readings) else
                    [list(zip(same, order, strict=True)) for order in permutations(numbers, len(same))])
        pairs = max(pairings, key=lambda pairs: sum(alike[pair] for pair in pairs))
        for index, number in pairs:
            if alike[index, number] >= _SAME_LINE:
                lines[index] = readings[number][0]
    return "\n".join(lines) + ("\n" if layer.endswith("\n") else "")
