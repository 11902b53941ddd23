"""Accuracy on the sample releases, scored against truth.json (real Tesseract on the scans).

The floors are the figures the README states; a change that makes ingest worse
fails here. `foia eval samples` prints them.
"""

from __future__ import annotations

import pytest

from archive import Archive
from ingest.evaluate import evaluate, format_report
from tests.conftest import SAMPLES

# release -> (boundary floors by kind and group, field floors by group)
FLOORS = {
    "dea-microsoft": (
        {"top-level text-layer": 1.0, "quoted text-layer": 1.0,
         "top-level scanned": 1.0, "quoted scanned": 1.0},
        {"text-layer": {"sender": 1.0, "recipients": 1.0, "date": 1.0, "subject": 1.0,
                        "exemptions": 1.0, "bates": 1.0},
         "scanned": {"sender": 1.0, "recipients": 1.0, "date": 1.0, "subject": 1.0,
                     "exemptions": 1.0, "bates": 1.0}},
    ),
    "layout-families": (
        {"top-level text-layer": 1.0, "quoted text-layer": 1.0,
         "top-level scanned": 1.0, "quoted scanned": 1.0},
        {"text-layer": {"sender": 1.0, "recipients": 1.0, "date": 1.0, "subject": 1.0,
                        "exemptions": 1.0, "bates": 1.0},
         "scanned": {"sender": 1.0, "recipients": 1.0, "date": 1.0, "subject": 1.0,
                     "exemptions": 1.0, "bates": 1.0}},
    ),
    "city-pd-pilot": (
        {"top-level text-layer": 1.0, "quoted text-layer": 1.0,
         "top-level scanned": 1.0, "quoted scanned": 1.0},
        {"text-layer": {"sender": 1.0, "recipients": 1.0, "date": 1.0, "subject": 1.0,
                        "exemptions": 1.0, "bates": 1.0},
         "scanned": {"sender": 1.0, "recipients": 1.0, "date": 1.0, "subject": 1.0,
                     "exemptions": 1.0, "bates": 1.0}},
    ),
}


@pytest.mark.tesseract
@pytest.mark.parametrize("release", sorted(FLOORS))
def test_ingest_accuracy_does_not_fall(samples_archive, release):
    with Archive.open(samples_archive, readonly=True) as archive:
        report = evaluate(archive, SAMPLES / release)
    print(format_report(report))
    boundary_floors, field_floors = FLOORS[release]
    for kind, floor in boundary_floors.items():
        figures = report["boundaries"][kind]
        if figures["truth"]:
            assert figures["f1"] >= floor, f"{release} {kind} boundary F1 {figures['f1']} < {floor}"
    for group, floors in field_floors.items():
        for name, floor in floors.items():
            accuracy = report["fields"][group][name]["accuracy"]
            if accuracy is not None:
                assert accuracy >= floor, f"{release} {name} on {group} pages: {accuracy} < {floor}"


@pytest.mark.tesseract
def test_accuracy_is_reported_by_layout_family(samples_archive):
    """GIVEN a truth.json whose emails name their layout family WHEN it is evaluated
    THEN boundary recall and field accuracy are reported per family, every family's
    emails are all found, and no family is reported for a release without families."""
    with Archive.open(samples_archive, readonly=True) as archive:
        report = evaluate(archive, SAMPLES / "layout-families")
        plain = evaluate(archive, SAMPLES / "city-pd-pilot")
    print(format_report(report))
    assert set(report["families"]) == {
        "outlook-desktop", "outlook-reply", "owa", "mac-outlook", "apple-mail", "blackberry",
        "gmail", "lotus-notes", "groupwise", "exchange-table"}
    assert sum(f["truth"] for f in report["families"].values()) == sum(
        b["truth"] for b in report["boundaries"].values())
    assert "by layout family" in format_report(report)
    assert {name: f["found"] for name, f in report["families"].items()} == {
        name: f["truth"] for name, f in report["families"].items()}
    assert "families" not in plain
