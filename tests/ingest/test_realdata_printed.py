"""Accuracy on real scanned releases against a hand-checked list of every header printed.

realdata_truth/*.json lists, for one real file (in ../shared/realdata, never copied here),
every header block visible on its page images, top and quoted: page, sender as printed,
sent minute, subject, To and Cc, "" where a box covers a value. The file is read through
the whole pipeline (Tesseract on image-only pages); the floors are the figures measured,
so a change that reads real scans worse fails here.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from archive import Archive, Release
from ingest.evaluate import evaluate_printed_headers, paired_in_order
from tests.conftest import REALDATA, unavailable

TRUTH = Path(__file__).parent / "realdata_truth"
# found (header recall), then each field over every printed header (one not found is wrong)
CHICAGO_FLOORS = {"precision": 1.0, "found": 1.0, "sender": 1.0, "date": 1.0, "subject": 1.0, "recipients": 0.983}
DHS_FLOORS = {"precision": 1.0, "found": 1.0, "sender": 1.0, "date": 1.0, "subject": 1.0, "recipients": 1.0}


def _ingested(tmp_path_factory: pytest.TempPathFactory, truth: dict[str, Any]) -> Path:
    from ingest.pipeline import Ingest

    pdf = REALDATA / truth["file"]
    if not pdf.is_file():
        unavailable(f"{pdf} is missing (the shared real data)")
    home = tmp_path_factory.mktemp("printed")
    with Archive.open(home) as archive:
        archive.store.save_release(Release(slug="real", title="A real release"))
        summary = Ingest(archive, "real", jobs=os.cpu_count() or 1).run([pdf])
        assert not summary.failed, summary.failed
    return home


def _truth(name: str) -> dict[str, Any]:
    truth: dict[str, Any] = json.loads((TRUTH / name).read_text(encoding="utf-8"))
    return truth


@pytest.fixture(scope="module")
def chicago() -> dict[str, Any]:
    return _truth("chicago.json")


@pytest.fixture(scope="module")
def chicago_archive(tmp_path_factory: pytest.TempPathFactory, chicago: dict[str, Any]) -> Path:
    return _ingested(tmp_path_factory, chicago)


@pytest.mark.tesseract
@pytest.mark.slow
def test_chicago_headers_read_as_printed(chicago_archive: Path, chicago: dict[str, Any]) -> None:
    """GIVEN 40 image-only pages of Outlook prints under black boxes (59 header blocks, 20 of
    them top messages) WHEN ingested THEN each field reads as printed at least as often as
    measured."""
    with Archive.open(chicago_archive, readonly=True) as archive:
        report = evaluate_printed_headers(archive, "real", chicago)
    print("\n".join(report["misses"]))
    assert report["headers"] == 59
    figures = {"precision": report["precision"], **report["accuracy"]}
    for name, floor in CHICAGO_FLOORS.items():
        assert round(figures[name], 3) >= floor, f"{name}: {figures[name]} < {floor}\n" + "\n".join(report["misses"])


@pytest.mark.tesseract
@pytest.mark.slow
def test_chicago_production_check_names_its_boxes_over_whole_scans(chicago_archive: Path) -> None:
    """GIVEN the Chicago release ingested (its black boxes are shapes drawn over scans that still
    print the withheld words) WHEN its production check is read THEN the file is named with its
    106 such boxes on pages 1 to 23, and the archive's text holds no word from under them (the
    page is read as it shows: page 1's subject, under a box, is not read)."""
    with Archive.open(chicago_archive, readonly=True) as archive:
        (leaky,) = archive.completeness("real").under_boxes
        assert (leaky.filename, leaky.pages, leaky.characters, leaky.boxes) == (
            "FOIA 15-3569 FINAL PART 4.pdf", tuple(range(1, 24)), 0, 106)
        first = archive.pages(leaky.document_id)[0].text
    assert "Hickey" in first and "Vigilant" not in first


def test_headers_pair_with_emails_in_printed_order() -> None:
    """GIVEN three headers printed down a page, two of one sender, and the emails read there,
    the first one's subject and Cc misread WHEN paired THEN each pairs with the email printed
    where it is (pairing each with the email agreeing most paired the first header with the
    third's email, the third with the first's, and scored both dates wrong); a header no email
    was read for is left out, the others still paired in order; a lone header pairs with the
    email agreeing with it most."""
    printed = [("Roe", "13:50", "RE: plan", "Doe"), ("Doe", "13:49", "Re: plan", "Doe"), ("Roe", "13:05", "RE: plan", "Doe")]
    read = [("Roe", "13:50", "RE. pian", "Do"), ("Doe", "13:49", "Re: plan", "Doe"), ("Roe", "13:05", "RE: plan", "Doe")]

    def agree(header: tuple[str, ...], email: tuple[str, ...]) -> int:
        return sum(a == b for a, b in zip(header, email, strict=True))
    assert paired_in_order(printed, read, agree) == list(zip(printed, read, strict=True))
    assert paired_in_order(printed, [read[0], read[2]], agree) == [(printed[0], read[0]), (printed[2], read[2])]
    assert paired_in_order(printed[1:2], read, agree) == [(printed[1], read[1])]  # one header: the email agreeing most
    assert paired_in_order([], read, agree) == [] and paired_in_order(printed, [], agree) == []


def test_truth_files_are_well_formed() -> None:
    """Every hand-checked header names its page, kind and the four fields, parties as printed."""
    for path in TRUTH.glob("*.json"):
        truth = json.loads(path.read_text(encoding="utf-8"))
        assert truth["file"] and truth["headers"], path
        for header in truth["headers"]:
            assert set(header) == {"page", "quoted", "sender", "sent", "subject", "to", "cc"}, (path, header)
            assert header["page"] >= 1 and isinstance(header["quoted"], bool), (path, header)
            assert len(header["sent"]) == 16 and header["sent"][10] == "T", (path, header)
            parties = (header["to"] or []) + (header["cc"] or [])  # null: one box covers the line
            assert all(isinstance(p, str) and p.strip() for p in parties), (path, header)


@pytest.mark.tesseract
def test_dhs_headers_read_as_printed(tmp_path_factory: pytest.TempPathFactory) -> None:
    """GIVEN the DHS thread (an Exchange details print under a producer's OCR layer, "(b)(6)"
    boxes inside From:, To: and both subjects) WHEN ingested THEN both headers are found with
    sender, date, subject and recipients as printed. The subjects' box codes, lost in the layer
    ("Email fronf :Ilon 13 Oct 2020"), are read again about their outlined boxes, and the glyph
    each box's frame half covers ("Email fron (b)(6) on", "from (b)(6) yn") from the other."""
    truth = _truth("dhs.json")
    home = _ingested(tmp_path_factory, truth)
    with Archive.open(home, readonly=True) as archive:
        report = evaluate_printed_headers(archive, "real", truth)
    figures = {"precision": report["precision"], **report["accuracy"]}
    for name, floor in DHS_FLOORS.items():
        assert figures[name] >= floor, f"{name}: {figures[name]} < {floor}\n" + "\n".join(report["misses"])
