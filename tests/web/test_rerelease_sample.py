"""The sample re-release (samples/rereleases/dea-microsoft-2021): part 3 of dea-microsoft re-processed,
ingested through the real pipeline beside the sample archive, and compared with it. The tests
find exactly the changes and the inconsistency the generator planted (its truth.json), no others."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest

from archive import Archive
from ingest.pipeline import Ingest
from web import create_app

from ..conftest import SAMPLES, release_from

FOLDER = SAMPLES / "rereleases" / "dea-microsoft-2021"
TRUTH = json.loads((FOLDER / "truth.json").read_text())


def words(text: str) -> str:
    """Words as the comparison gives them: lower case, punctuation left out."""
    return " ".join(re.findall(r"\w+", text.lower()))


@pytest.fixture(scope="module")
def home(samples_archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample archive with the re-release ingested too (a copy: the session's stays as it is)."""
    copy = tmp_path_factory.mktemp("rerelease-sample") / "archive"
    shutil.copytree(samples_archive, copy)
    release = release_from(FOLDER)
    with Archive.open(copy) as archive:
        archive.store.save_release(release)
        summary = Ingest(archive, release.slug, jobs=1).run([FOLDER])
        assert not summary.failed, summary.failed
    return copy


@pytest.fixture(scope="module")
def client(home: Path):
    app = create_app({"TESTING": True, "ARCHIVE_HOME": str(home), "PUBLIC_URL": "https://foia.test"})
    return app.test_client()


def test_the_re_release_comparison_finds_exactly_the_planted_changes(client):
    """GIVEN dea-microsoft (2020, partly scanned: read by OCR) and its re-processing of part 3
    (2021, a new file) WHEN /changes?since= compares them THEN the rows are exactly the truth's: a
    passage released, a sentence newly withheld, an exemption changed (each in every message that
    prints it), the page withheld in full now an email of its own, a duplicate reply dropped; the
    two files the re-release does not re-process are named, their messages not counted as dropped;
    a message whose sender a box hides is matched by its body, so its change is listed too."""
    truth = TRUTH["changes"]
    assert truth["since"] == "dea-microsoft"
    data = client.get("/api/releases/dea-microsoft-2021/changes?since=dea-microsoft").get_json()["data"]
    found = {(row["change"], row["sent"][:16], row["subject"], tuple(row["earlier_codes"]), tuple(row["codes"]),
              row["words"]): row["read_by_ocr"] for row in data["changes"]}
    expected = [("newly released", c["sent"], c["subject"], tuple(c["codes"]), (), words(c["words"]))
                for c in truth["newly_released"]]
    expected += [("newly withheld", c["sent"], c["subject"], (), tuple(c["codes"]), words(c["words"]))
                 for c in truth["newly_withheld"]]
    expected += [("exemption changed", c["sent"], c["subject"], tuple(c["earlier_codes"]), tuple(c["codes"]), "")
                 for c in truth["exemption_changed"]]
    expected += [(change, c["sent"], c["subject"], (), (), "")
                 for change, side in (("only in the earlier release", "only_earlier"),
                                      ("only in this release", "only_later")) for c in truth[side]]
    # The 2020 scan's boxes are read white on black, a box its label nearly fills too ("(b)(6),
    # (b)(7)(C)" over a name, not words): no change is there but the planted ones.
    assert len(data["changes"]) == len(found) == len(expected)
    assert set(found) == set(expected)
    assert data["not_reproduced"] == ["dea-microsoft-part1.pdf", "dea-microsoft-part2.pdf"]
    assert {(p["now"]["sent"], p["now"]["subject"]) for p in truth["pages_released"]} <= {
        (c["sent"], c["subject"]) for c in truth["only_later"]}


def test_the_inconsistent_copies_are_exactly_the_planted_one(client):
    """GIVEN the re-release, whose page released in full forwards a message printing a name that
    the message itself, and its copies quoted in two replies, withhold WHEN its redaction log lists
    the copies that disagree THEN each withholding copy against the forwarded one, and nothing else
    (the re-release is a text-layer file: no OCR misreading to mark)."""
    data = client.get("/api/releases/dea-microsoft-2021/redactions").get_json()["data"]

    def quoted(email_id: str) -> bool:
        return bool(client.get(f"/api/emails/{email_id}").get_json()["data"]["quoted"])

    found = [(d["kind"], tuple(d["codes"]), tuple(d["other_codes"]), d["released"], d["read_by_ocr"],
              quoted(d["withheld_in"]), quoted(d["other"])) for d in data["copies_disagree"]]
    expected = [(c["kind"], tuple(c["codes"]), (), words(c["words"]), False, c["withheld_in"]["quoted"],
                 c["released_in"]["quoted"]) for c in TRUTH["inconsistent"]]
    assert sorted(found) == sorted(expected)


BAND_IMAGE = re.compile(r'<img src="(/d/(\w+)/p/(\d+)\.png\?band=(\d+)(?:,|%2C)(\d+))"')


def dark_runs(image, top: int, bottom: int) -> int:
    """The longest run of near-black pixels along any row from ``top`` to ``bottom``: a redaction
    box is a long one, letters are short."""
    gray = image.convert("L")
    longest = 0
    for y in range(max(0, top), min(gray.height, bottom)):
        run = 0
        for x in range(gray.width):
            run = run + 1 if gray.getpixel((x, y)) < 60 else 0
            longest = max(longest, run)
    return longest


def test_copies_that_disagree_are_shown_side_by_side_cut_to_the_passage(client):
    """GIVEN the planted inconsistency WHEN the redaction log is shown THEN each disagreement has
    both pages cut to the passage's lines: the withholding copy's line carries a black box, the
    other copy's line does not, each image is the page's width and the band's height."""
    from PIL import Image

    html = client.get("/r/dea-microsoft-2021/redactions").get_data(as_text=True)
    crops = BAND_IMAGE.findall(html.replace("&amp;", "&"))
    assert len(crops) == 2 * len(TRUTH["inconsistent"])
    for index, (url, _, _, top, bottom) in enumerate(crops):
        with client.get(url) as response:
            assert response.status_code == 200 and response.mimetype == "image/png"
            image = Image.open(io.BytesIO(response.data))
        dpi = 110  # the reading size
        assert image.width == round(612 * dpi / 72)
        assert abs(image.height - (int(bottom) - int(top)) * dpi / 72) <= 2
        line = (round(24 * dpi / 72), round(44 * dpi / 72))  # the passage's line, 30 points down
        boxed = dark_runs(image, *line) > 40
        assert boxed == (index % 2 == 0), url  # withheld first, shown second
    assert client.get(crops[0][0].replace("band=", "band=9")).status_code == 400  # TOP past BOTTOM
    assert client.get(crops[0][0].split("?")[0] + "?band=0,900").status_code == 400  # too tall
    past = client.get(crops[0][0].split("?")[0] + "?band=5000,5500")  # below a Letter page's 792 points
    assert past.status_code == 400 and "792 points" in past.get_data(as_text=True)  # (was a 1-pixel image)


@pytest.mark.browser
def test_the_side_by_side_crops_render_in_chromium(home: Path, chromium: str):
    """GIVEN the site served by `foia run` WHEN the re-release's redaction log opens in Chromium
    THEN every crop loads, and the two copies of each case stand side by side."""
    from playwright.sync_api import sync_playwright

    from .serve import foia_run
    from .test_browser import CHROMIUM_ARGS

    with foia_run(home) as (_, port), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto(f"http://127.0.0.1:{port}/r/dea-microsoft-2021/redactions")
        images = tab.locator(".passage-crop img")
        assert images.count() == 2 * len(TRUTH["inconsistent"])
        for n in range(images.count()):
            images.nth(n).scroll_into_view_if_needed()
            tab.wait_for_function("image => image.complete && image.naturalWidth > 0", arg=images.nth(n).element_handle())
        for n in range(0, images.count(), 2):
            left, right = images.nth(n).bounding_box(), images.nth(n + 1).bounding_box()
            assert left and right and abs(left["y"] - right["y"]) < 2 and right["x"] > left["x"] + left["width"]
        assert not errors
        browser.close()
