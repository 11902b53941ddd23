"""Accuracy on a real agency production, scored against the producer's own metadata.

clinton-hrc296 (../shared/realdata): 132 scanned PDFs with the agency's noisy OCR
layer and release stamps on every page; truth.csv holds the agency's metadata for
each PDF's top message. The floors are the figures the README states; a change
that reads real releases worse fails here. The project-independent scorer in
../shared/tools is run on the same archive and must agree.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from archive import Archive, Release
from ingest.evaluate import evaluate_top_messages
from tests.conftest import REALDATA, unavailable

CLINTON = REALDATA / "clinton-hrc296"
SCORER = REALDATA.parent / "tools" / "clinton-score.py"
# found, sender, subject, date: the README's figures
FLOORS = {"found": 1.0, "sender": 1.0, "subject": 0.985, "date": 1.0, "recipients": 0.938}


@pytest.fixture(scope="module")
def clinton_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ingest.pipeline import Ingest

    if not (CLINTON / "truth.csv").is_file():
        unavailable(f"{CLINTON} is missing (the shared real data)")
    home = tmp_path_factory.mktemp("clinton")
    with Archive.open(home) as archive:
        archive.store.save_release(Release(slug="clinton-dev", title="Clinton development half"))
        summary = Ingest(archive, "clinton-dev", jobs=os.cpu_count() or 1).run([CLINTON])
        assert not summary.failed, summary.failed
    return home


def test_top_messages_read_as_the_agency_indexed_them(clinton_archive: Path) -> None:
    with Archive.open(clinton_archive, readonly=True) as archive:
        report = evaluate_top_messages(archive, CLINTON, "clinton-dev")
    print("\n".join(report["misses"]))
    assert report["top_messages"] == 131
    for name, floor in FLOORS.items():
        assert round(report["accuracy"][name], 3) >= floor, f"{name}: {report['accuracy'][name]} < {floor}"


def test_text_layers_read_ahead_in_the_pool_read_as_in_one_process(clinton_archive: Path, tmp_path: Path) -> None:
    """GIVEN the release ingested with a process per core (text layers read ahead in the pool,
    pdfplumber's layout for pages of lone labels among them) WHEN some of its files are ingested
    in one process THEN their pages are the same, field by field, and so are the emails read from them
    (each document alone: the whole release mends more names from its other documents)."""
    from ingest.pipeline import Ingest

    names = ["C05739554.pdf", "C05739559.pdf", "C05739563.pdf", "C05739579.pdf", "C05739587.pdf"]
    with Archive.open(tmp_path / "one") as archive:
        archive.store.save_release(Release(slug="clinton-dev", title="Clinton development half"))
        summary = Ingest(archive, "clinton-dev", jobs=1).run([CLINTON / name for name in names])
        assert not summary.failed, summary.failed
        alone = _rows(archive, names)
    with Archive.open(clinton_archive, readonly=True) as archive:
        pooled = _rows(archive, names)
    assert len(alone["emails"]) >= len(names) and alone == pooled


def _rows(archive: Archive, names: list[str]) -> dict[str, list[object]]:
    from ingest.pipeline import reread

    pages = archive.store.db.execute("select d.filename, p.* from pages p join documents d on d.id = p.document_id "
                                     "order by p.document_id, p.number").fetchall()
    documents = sorted((d for d in archive.documents() if d.filename in names), key=lambda d: d.filename)
    return {"pages": [row for row in pages if row[0] in names],
            "emails": [email for d in documents for email in reread(archive, d).emails]}


def test_the_independent_scorer_agrees(clinton_archive: Path) -> None:
    if not SCORER.is_file():
        unavailable(f"{SCORER} is missing (the shared tools)")
    out = subprocess.run([sys.executable, str(SCORER), str(clinton_archive / "archive.db"),
                          str(CLINTON / "truth.csv")], capture_output=True, text=True, check=True).stdout
    figures = dict(re.findall(r"(found|sender|subject|date) (\d\.\d{3})", out))
    scored = {name: floor for name, floor in FLOORS.items() if name != "recipients"}  # it scores no recipients
    assert set(figures) == set(scored), out
    for name, floor in scored.items():
        assert float(figures[name]) >= floor, out


def test_release_stamps_never_become_headers(clinton_archive: Path) -> None:
    """GIVEN every page stamped "Date: 05/13/2015" (the review date), "RELEASE IN PART B6",
    "UNCLASSIFIED" and Case/Doc numbers WHEN split THEN no email is dated by the stamp
    and no sender or recipient is a stamp."""
    with Archive.open(clinton_archive, readonly=True) as archive:
        emails = [e for d in archive.store.documents("clinton-dev") for e in archive.store.emails_in_document(d.id)]
    assert emails
    assert not [e.id for e in emails if (e.sent or "").startswith("2015-05-13")]
    parties = [p.display for e in emails for p in (e.sender, *e.to, *e.cc) if p]
    assert not [p for p in parties if re.search(r"RELEASE IN|UNCLASSIFIED|Doc No|Case No", p)]


def test_every_page_reads_its_bates_stamp(clinton_archive: Path) -> None:
    """GIVEN a production whose footer stamp is often OCR'd with its prefix's first letter as a
    digit ("-5CB0045250") WHEN ingested THEN every page has a Bates number, all with one prefix,
    no two pages the same (was 268 of 342 pages)."""
    with Archive.open(clinton_archive, readonly=True) as archive:
        stamps = [p.bates for d in archive.store.documents("clinton-dev") for p in archive.store.pages(d.id)]
    assert len(stamps) == 342
    assert all(stamps), [i for i, s in enumerate(stamps) if not s]
    assert len({re.sub(r"\d+$", "", s or "") for s in stamps}) == 1
    assert len(set(stamps)) == len(stamps)


HUMA = ["C05739554.pdf", "C05739591.pdf", "C05739622.pdf", "C05739665.pdf", "C05739669.pdf", "C05739685.pdf"]


def _top_sender(archive: Archive, document_id: str) -> str:
    sender = archive.emails_in_document(document_id)[0].sender
    return sender.name if sender else ""


def test_a_name_one_document_misreads_is_mended_from_the_rest_of_the_release(tmp_path: Path) -> None:
    """GIVEN a PDF whose producer's OCR reads its sender "Abedin, Hume" (State's index: "Abedin,
    Huma"), ingested alone WHEN documents printing "Abedin, Huma" or "Huma Abedin" are ingested
    into its release later THEN it is read again: its sender is "Abedin, Huma", the email records
    that the release mended it, its email keeps its id and the document when it came in, the
    machine's reading today agrees with what is stored, and a second pass changes nothing."""
    from ingest.corrections import machine_reading
    from ingest.pipeline import Ingest, mend_from_release

    with Archive.open(tmp_path / "a") as archive:
        archive.store.save_release(Release(slug="clinton-dev", title="Clinton development half"))
        first = Ingest(archive, "clinton-dev", jobs=1).run([CLINTON / "C05739670.pdf"])
        (document,) = archive.documents("clinton-dev")
        alone = archive.emails_in_document(document.id)[0]
        assert first.mended == 0 and _top_sender(archive, document.id) == "Abedin, Hume"
        later = Ingest(archive, "clinton-dev", jobs=1).run([CLINTON / name for name in HUMA])
        assert not later.failed and later.mended >= 1
        top = archive.emails_in_document(document.id)[0]
        assert top.id == alone.id and _top_sender(archive, document.id) == "Abedin, Huma"
        assert "release:sender" in top.doubts
        assert archive.document(document.id).ingested_at == document.ingested_at
        again = machine_reading(archive, archive.document(document.id)).emails[0]
        assert again.sender is not None and again.sender.name == "Abedin, Huma"
        assert mend_from_release(archive, "clinton-dev") == []


def test_a_mended_name_is_read_again_when_the_release_prints_it_otherwise_in_text(tmp_path: Path) -> None:
    """GIVEN "Abedin, Hume" mended from the release WHEN a born-digital PDF of the release prints
    "Abedin, Hume" in its text layer THEN that is a name as printed, and the mended document reads
    "Abedin, Hume" again (a mended reading is never a witness for itself)."""
    from ingest.pipeline import Ingest
    from tests.web.conftest import make_pdf

    text = make_pdf(tmp_path / "text.pdf", ["From: Abedin, Hume <hume@example.org>\nSent: Friday, March 11, 2011 "
                                            "1:36 PM\nTo: Roe, Jane\nSubject: Schedule\n\nSee you then."])
    with Archive.open(tmp_path / "a") as archive:
        archive.store.save_release(Release(slug="clinton-dev", title="Clinton development half"))
        Ingest(archive, "clinton-dev", jobs=1).run([CLINTON / name for name in ["C05739670.pdf", *HUMA]])
        mended = next(d for d in archive.documents("clinton-dev") if d.filename == "C05739670.pdf")
        assert _top_sender(archive, mended.id) == "Abedin, Huma"
        Ingest(archive, "clinton-dev", jobs=1).run([text])
        assert _top_sender(archive, mended.id) == "Abedin, Hume"


def test_people_s_corrections_are_not_what_the_machine_learns_from_the_release(tmp_path: Path) -> None:
    """GIVEN a sender people corrected WHEN the release's names are learned (for the machine's
    reading, and for scoring it against people) THEN the machine's own reading is counted, not
    theirs."""
    from ingest.pipeline import Ingest
    from ingest.release_names import ReleaseNames

    with Archive.open(tmp_path / "a") as archive:
        archive.store.save_release(Release(slug="clinton-dev", title="Clinton development half"))
        Ingest(archive, "clinton-dev", jobs=1).run([CLINTON / "C05739670.pdf"])
        (document,) = archive.documents("clinton-dev")
        email = archive.emails_in_document(document.id)[0]
        archive.correct_fields(email.id, {"sender": {"name": "Abedin, Huma", "address": "abedinh@state.gov",
                                                     "redactions": []}}, actor="test")
        assert _top_sender(archive, document.id) == "Abedin, Huma"
        names = ReleaseNames.of(archive, "clinton-dev")
        assert names.names["Abedin, Hume"] == 1 and names.names["Abedin, Huma"] == 0


def test_an_address_ocr_garbled_beside_a_name_is_the_one_the_release_prints_with_it(tmp_path: Path) -> None:
    """OCR failure, any scanned print: GIVEN a PDF whose producer's OCR garbles its sender's address
    past reading ("<MillsCDebstategov>": the "@" read as two letters, the dot lost), ingested alone
    WHEN documents printing the name with its address whole are ingested into its release later
    THEN the sender has that address, the email records that the release mended it, and a second
    pass changes nothing; alone, the sender is shown without it and the email records the damage
    (the address was dropped, and nothing said so)."""
    from ingest.emails import DAMAGED_ADDRESS
    from ingest.pipeline import Ingest, mend_from_release

    with Archive.open(tmp_path / "a") as archive:
        archive.store.save_release(Release(slug="clinton-dev", title="Clinton development half"))
        Ingest(archive, "clinton-dev", jobs=1).run([CLINTON / "C05739720.pdf"])
        (document,) = archive.documents("clinton-dev")
        alone = archive.emails_in_document(document.id)[0]
        assert (alone.sender.name, alone.sender.address) == ("Mills, Cheryl D", "") and DAMAGED_ADDRESS in alone.doubts
        Ingest(archive, "clinton-dev", jobs=1).run([CLINTON / name for name in ("C05739659.pdf", "C05739784.pdf",
                                                                                 "C05739820.pdf")])
        top = archive.emails_in_document(document.id)[0]
        assert top.id == alone.id and top.sender.address == "millscd@state.gov"
        assert "release:sender" in top.doubts and DAMAGED_ADDRESS not in top.doubts
        assert mend_from_release(archive, "clinton-dev") == []
