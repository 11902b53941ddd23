"""The committed sample releases are exactly what samples/generate.py produces,
and their truth.json agrees with the PDFs."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
RELEASES = ["dea-microsoft", "city-pd-pilot", "layout-families"]
GENERATED = [*RELEASES, "rereleases/dea-microsoft-2021"]  # re-releases: not in the default ingest
BUDGET = 12 * 1024 * 1024
REQUIRED = ("We are gathering requirements for AI services that could be leveraged for "
            "transcription, language translation, face recognition, and others. We are planning "
            "to extend our cloud environment to include AI services from Microsoft Azure "
            "Government (MAG) cloud.")


def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def truth(release: str) -> dict:
    return json.loads((SAMPLES / release / "truth.json").read_text())


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("samples")
    subprocess.run([sys.executable, str(SAMPLES / "generate.py"), "--out", str(out)],
                   check=True, cwd=ROOT, timeout=120)
    return out


@pytest.mark.parametrize("release", GENERATED)
def test_committed_samples_match_generator(regenerated, release):
    committed = sorted(p.name for p in (SAMPLES / release).iterdir())
    fresh = sorted(p.name for p in (regenerated / release).iterdir())
    assert committed == fresh
    for name in committed:
        assert sha(SAMPLES / release / name) == sha(regenerated / release / name), (
            f"samples/{release}/{name} differs from generator output; run python samples/generate.py")


@pytest.mark.parametrize("release", GENERATED)
def test_truth_is_consistent(release):
    t = truth(release)
    assert t["release"] == Path(release).name
    meta = json.loads((SAMPLES / release / "release.json").read_text())
    assert set(meta) == {"slug", "title", "agency", "requester", "request_number", "released",
                         "source_url"}
    bates, pages_of = [], {}
    for doc in t["documents"]:
        pdf = pdfium.PdfDocument(str(SAMPLES / release / doc["file"]))
        assert len(pdf) == len(doc["pages"]), doc["file"]
        assert [p["number"] for p in doc["pages"]] == list(range(1, len(pdf) + 1))
        for n, page in enumerate(doc["pages"]):
            text = pdf[n].get_textpage().get_text_range()
            if page.get("ocr_layer"):
                assert page["scanned"] and text.strip(), f"{doc['file']} p{n + 1}: its OCR layer is missing"
            elif page["scanned"]:
                assert text.strip() == "", f"{doc['file']} p{n + 1} is scanned but has a text layer"
            else:
                assert page["bates"] in text
        pages_of[doc["file"]] = {p["number"]: p for p in doc["pages"]}
        bates += [p["bates"] for p in doc["pages"]]
    prefix = bates[0].rstrip("0123456789")
    assert [int(b[len(prefix):]) for b in bates] == list(range(1, len(bates) + 1))

    emails = t["emails"]
    for i, e in enumerate(emails):
        pages = pages_of[e["file"]]
        assert e["start_page"] in pages and e["end_page"] in pages
        assert e["start_page"] <= e["end_page"]
        for n in range(e["start_page"], e["end_page"] + 1):
            assert pages[n]["kind"] == "email", (i, n)
        assert e["bates"] == [pages[e["start_page"]]["bates"], pages[e["end_page"]]["bates"]]
        assert e["kind"] in ("email", "meeting")
        assert e["date_certainty"] in ("exact", "ambiguous", "damaged", "missing")
        assert (e["sent"] is None) == (e["date_certainty"] == "missing")
        if e["quoted"]:
            parent = emails[e["quoted_in"]]
            assert not parent["quoted"] and parent["file"] == e["file"]
            assert parent["start_page"] <= e["start_page"] and e["end_page"] <= parent["end_page"]
            assert set(e["exemptions"]) <= set(parent["exemptions"])
        else:
            assert e["quoted_in"] is None
        for party in [e["sender"], *e["to"], *e["cc"]]:
            assert party["address"] == party["address"].lower()
            assert party["redactions"] == sorted(set(party["redactions"]))
    # ordinals: 0..n-1 per start page
    starts: dict = {}
    for e in emails:
        starts.setdefault((e["file"], e["start_page"]), []).append(e["ordinal"])
    for key, ords in starts.items():
        assert sorted(ords) == list(range(len(ords))), key


def test_dea_features_present():
    t = truth("dea-microsoft")
    pages = [p for d in t["documents"] for p in d["pages"]]
    top = [e for e in t["emails"] if not e["quoted"]]
    assert 70 <= len(pages) <= 100 and 45 <= len(top) <= 60
    assert 0.25 <= sum(p["scanned"] for p in pages) / len(pages) <= 0.5
    assert {p["kind"] for p in pages} >= {"email", "cover-letter", "memo", "withheld"}
    assert {c for p in pages for c in p["exemptions"]} >= {"(b)(5)", "(b)(6)", "(b)(7)(C)", "(b)(7)(E)"}
    assert any(e["end_page"] - e["start_page"] >= 2 for e in top)
    assert any(e["kind"] == "meeting" for e in top)
    assert {e["date_certainty"] for e in t["emails"]} >= {"exact", "ambiguous", "damaged"}
    assert any(e["quoted"] and e["ordinal"] == 0 for e in t["emails"])
    mixed = [d for d in t["documents"] if len({p["scanned"] for p in d["pages"]}) == 2]
    assert mixed


def test_required_passage_in_exactly_one_email():
    t = truth("dea-microsoft")
    hits = []
    for doc in t["documents"]:
        pdf = pdfium.PdfDocument(str(SAMPLES / "dea-microsoft" / doc["file"]))
        texts = {n + 1: " ".join(pdf[n].get_textpage().get_text_range().split()) for n in range(len(pdf))}
        for i, e in enumerate(t["emails"]):
            if e["file"] == doc["file"] and not e["quoted"]:
                text = " ".join(texts[n] for n in range(e["start_page"], e["end_page"] + 1))
                if REQUIRED in text:
                    hits.append(i)
    assert len(hits) == 1
    assert t["emails"][hits[0]]["sender"]["address"].endswith("@microsoft.com")
    assert t["emails"][hits[0]]["sent"].startswith("2018-11")


def test_redacted_text_absent_from_text_layer():
    pdf = pdfium.PdfDocument(str(SAMPLES / "dea-microsoft" / "dea-microsoft-part1.pdf"))
    text = "".join(pdf[n].get_textpage().get_text_range() for n in range(len(pdf)))
    assert "(b)(6), (b)(7)(C)" in text
    for hidden in ("Firstname", "Staff Coordinator", "C-0000", "(202) 307-0000"):
        assert hidden not in text


FAMILIES = {"outlook-desktop", "outlook-reply", "owa", "mac-outlook", "apple-mail", "blackberry",
            "gmail", "lotus-notes", "groupwise", "exchange-table"}


def test_layout_families_present():
    """GIVEN the layout-families sample WHEN its truth is read THEN every layout and page
    family is there, printed and scanned, within the CI budget for Tesseract."""
    t = truth("layout-families")
    pages = [p for d in t["documents"] for p in d["pages"]]
    assert {e["family"] for e in t["emails"]} == FAMILIES
    assert {p["kind"] for p in pages} >= {"email", "cover-letter", "memo", "withheld", "fax-cover"}
    assert len(pages) <= 25
    assert sum(p["scanned"] and not p.get("ocr_layer") for p in pages) <= 10
    assert any(p.get("ocr_layer") for p in pages)
    scanned_families = {e["family"] for e in t["emails"] for d in t["documents"] if d["file"] == e["file"]
                        for p in d["pages"] if p["number"] == e["start_page"] and p["scanned"]}
    assert len(scanned_families) >= 6


def test_scans_are_bilevel_g4():
    pdf = pdfium.PdfDocument(str(SAMPLES / "layout-families" / "port-referral.pdf"))
    image = next(pdf[0].get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE]))
    assert image.get_filters() == ["CCITTFaxDecode"]
    metadata = image.get_metadata()
    assert (metadata.bits_per_pixel, metadata.width) == (1, 2550)


def test_context_quotes_exist():
    for release in RELEASES:
        ctx = (SAMPLES / release / "context.md").read_text()
        assert ctx.count('"') >= 6


def test_size_budget():
    total = sum(p.stat().st_size for r in GENERATED for p in (SAMPLES / r).iterdir())
    assert total < BUDGET, f"samples are {total / 1e6:.1f} MB"


@pytest.mark.parametrize("release", RELEASES)
def test_every_scanned_page_records_where_its_redaction_boxes_lie(release):
    """Box positions (points, as scanned: skew applied) on scanned pages only, on the page,
    and one at least wherever a scanned email page prints a code."""
    for doc in truth(release)["documents"]:
        for page in doc["pages"]:
            assert ("boxes" in page) == page["scanned"], (doc["file"], page["number"])
            for x0, y0, x1, y1 in page.get("boxes", []):
                assert 0 <= x0 < x1 <= 612 and 0 <= y0 < y1 <= 792, (doc["file"], page["number"])
            if page["scanned"] and page["kind"] == "email" and page["exemptions"]:
                assert page["boxes"], (doc["file"], page["number"])
