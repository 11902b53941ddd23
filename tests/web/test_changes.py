"""What a re-release changed: two productions of the same records compared message by message."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from archive import Archive, Release
from archive.files import sha256_file
from archive.model import DocumentRecord
from web import create_app

from .conftest import SCRIPT, email_record, make_pdf, page_record, party

EARLIER = Release(slug="harbor-2019", title="Harbor records (2019)", agency="Port Authority", released="2019-06-01")
LATER = Release(slug="harbor-2021", title="Harbor records, re-processed (2021)", agency="Port Authority",
                released="2021-03-01")
ANN, BO, CY, DI = (party("Ann Lee", "ann@port.example.gov"), party("Bo Park", "bo@port.example.gov"),
                   party("Cy Dunn", "cy@port.example.gov"), party("Di Ray", "di@port.example.gov"))
MESSAGES = {  # sender, sent, subject, body in the earlier production, body in the later one (None: absent)
    "survey": (ANN, "2019-04-02T09:30:00", "Harbor survey",
               "Hi (b)(6),\nThe survey is attached.", "Hi Dana Ortiz,\nThe survey is attached."),
    "dredging": (BO, "2019-04-03T10:00:00", "Dredging", "The cost is (b)(5) per yard, as agreed.",
                 "The cost is (b)(4) per yard, as agreed."),
    "pier": (CY, "2019-04-04T11:00:00", "Pier", "Meet at Pier 9 tomorrow at noon.",
             f"Meet at (b)(7)(E) tomorrow at noon. {SCRIPT}"),
    "budget": (CY, "2019-04-05T12:00:00", "Budget", "Call (b)(6) about the budget.", None),
    "permits": (DI, "2019-04-06T13:00:00", "Permits", None, "Permit (b)(6) approved."),
    "same": (ANN, "2019-04-07T14:00:00", "Same", "Nothing withheld here.", "Nothing withheld here."),
}


def production(root: Path, name: str, later: bool) -> tuple[Path, DocumentRecord]:
    chosen = [(key, m) for key, m in MESSAGES.items() if m[4 if later else 3] is not None]
    texts = [f"From: {m[0].name}\nSubject: {m[2]}\n\n{m[4 if later else 3]}" for _, m in chosen]
    pdf = make_pdf(root / name, texts)
    emails = tuple(email_record(n, n, sender=m[0], sent=m[1], subject=m[2], normalized_subject=m[2].lower(),
                                body=m[4 if later else 3], bates_start=None, bates_end=None)
                   for n, (_, m) in enumerate(chosen, start=1))
    pages = tuple(page_record(n, text) for n, text in enumerate(texts, start=1))
    return pdf, DocumentRecord(sha256=sha256_file(pdf), filename=name, size=pdf.stat().st_size, pages=pages,
                               emails=emails, fingerprint="fp-" + name)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("rerelease")
    with Archive.open(root / "archive") as archive:
        for release, later in ((EARLIER, False), (LATER, True)):
            archive.store.save_release(release)
            pdf, record = production(root, f"{release.slug}.pdf", later)
            archive.add_document(release.slug, record, pdf)
    app = create_app({"TESTING": True, "ARCHIVE_HOME": str(root / "archive"), "PUBLIC_URL": "https://foia.test"})
    return app.test_client()


def test_a_re_release_shows_exactly_what_it_released_withheld_and_changed(client):
    """GIVEN a production and its re-processing WHEN compared THEN exactly the planted changes:
    a name newly released, a passage newly withheld, an exemption changed, a message dropped, a
    message added; the unchanged message is in both and reported nowhere."""
    data = client.get("/api/releases/harbor-2021/changes?since=harbor-2019").get_json()["data"]
    assert data["counts"] == {"both": 4, "newly_released": 1, "newly_withheld": 1, "exemption_changed": 1,
                              "only_earlier": 1, "only_later": 1}
    rows = {row["subject"]: row for row in data["changes"]}
    assert set(rows) == {"Harbor survey", "Pier", "Dredging", "Budget", "Permits"}
    assert (rows["Harbor survey"]["change"], rows["Harbor survey"]["earlier_codes"], rows["Harbor survey"]["words"]) \
        == ("newly released", ["(b)(6)"], "dana ortiz")
    assert (rows["Pier"]["change"], rows["Pier"]["codes"], rows["Pier"]["words"]) == (
        "newly withheld", ["(b)(7)(E)"], "pier 9")
    assert (rows["Dredging"]["earlier_codes"], rows["Dredging"]["codes"]) == (["(b)(5)"], ["(b)(4)"])
    assert rows["Budget"]["change"] == "only in the earlier release" and rows["Budget"]["later"] is None
    assert rows["Permits"]["change"] == "only in this release" and rows["Permits"]["earlier"] is None
    assert rows["Harbor survey"]["earlier"].startswith("https://foia.test/e/")


def test_the_page_and_csv_say_the_same_and_hostile_text_is_escaped(client):
    html = client.get("/r/harbor-2021/changes?since=harbor-2019").get_data(as_text=True)
    assert "dana ortiz" in html and "newly withheld" in html and SCRIPT not in html
    chooser = client.get("/r/harbor-2021/changes").get_data(as_text=True)
    assert 'value="harbor-2019"' in chooser and "Messages in both" not in chooser
    text = client.get("/r/harbor-2021/changes.csv?since=harbor-2019").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(r["change"] for r in rows) == ["exemption changed", "newly released", "newly withheld",
                                                  "only in the earlier release", "only in this release"]
    assert client.get("/api/releases/harbor-2021/changes").status_code == 400
    assert client.get("/api/releases/harbor-2021/changes?since=nope").status_code == 404
    typed = client.get("/api/releases/harbor-2021/changes?since=Harbor-2019").get_json()["data"]  # any case
    assert typed["counts"] == client.get("/api/releases/harbor-2021/changes?since=harbor-2019").get_json()["data"]["counts"]


def test_an_earlier_release_withdrawn_answers_gone_named_in_any_case(tmp_path):
    """GIVEN the earlier production withdrawn WHEN the changes since it are asked for, its name typed
    in another case THEN 410 with the reason, as typed as stored (it was 404 "no release": the
    names matched in any case were the open releases' only)."""
    with Archive.open(tmp_path / "archive") as archive:
        for release, later in ((EARLIER, False), (LATER, True)):
            archive.store.save_release(release)
            pdf, record = production(tmp_path, f"{release.slug}.pdf", later)
            archive.add_document(release.slug, record, pdf)
        archive.withdraw_release(EARLIER.slug, "superseded by the re-processing")
    client = create_app({"TESTING": True, "ARCHIVE_HOME": str(tmp_path / "archive"),
                         "PUBLIC_URL": "https://foia.test"}).test_client()
    for since in (EARLIER.slug, EARLIER.slug.upper()):
        for path in (f"/api/releases/{LATER.slug}/changes?since={since}", f"/r/{LATER.slug}/changes?since={since}"):
            response = client.get(path)
            assert response.status_code == 410, path
            assert "superseded by the re-processing" in response.get_data(as_text=True), path
