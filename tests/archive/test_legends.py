"""Production legends (archive/legends.py): learned from a release's pages, left out of what the
index searches (both engines), kept in the stored text; learned again as documents arrive."""

from __future__ import annotations

import dataclasses

import pytest

from archive import Archive, Party, Release
from archive.legends import is_legend, learn, line_key, without_legends
from archive.model import DocumentRecord, EmailRecord, PageRecord
from archive.search import SearchRequest

LEGEND = "JOINT COMMITTEE PRODUCTION - SUBJECT TO PROTECTIVE ORDER. NO WAIVER."
AGENCY = "Bureau of Records Review"
JANE = Party("Jane Roe", "jane@example.gov")


def printed(n: int, body: str) -> str:
    """A page as an agency prints it: its body, then the legend, the agency and a stamp."""
    return f"{body}\n{AGENCY}\nCase No. F-2021-{n:05d}\n{LEGEND} XYZ-{n:07d}"


# -- learning (pure) -----------------------------------------------------------------------------

def test_a_line_on_most_pages_is_learned_with_its_numbers_as_marks():
    topics = ("harbor", "dredging", "budget", "permits", "tides", "pilots", "cranes", "docks", "fuel", "nets")
    pages = [printed(n, f"Notes on the {topic}.\nRegards,\nJane" if n < 3 else f"About the {topic}.")
             for n, topic in enumerate(topics)]
    learned = learn(pages)
    assert line_key(LEGEND) in learned
    assert "case no" in learned and line_key(AGENCY) in learned
    assert not any("harbor" in legend or "regards" in legend for legend in learned)


def test_a_signature_on_fewer_than_half_the_pages_is_not_learned():
    signed = "Jane Roe, Public Affairs Officer"
    pages = [printed(n, f"Body {n}\n{signed if n < 4 else 'Thanks'}") for n in range(10)]
    assert line_key(signed) not in learn(pages)


def test_too_few_pages_teach_nothing():
    assert learn([printed(n, "Body") for n in range(4)]) == ()


def test_a_line_in_the_middle_of_long_pages_is_no_legend():
    words = ("harbor", "dredging", "budget", "permits", "tides", "pilots", "cranes", "docks", "fuel", "nets")
    lines = [f"{word} and {other}" for word in words for other in words]  # no line twice on a page or in two pages
    pages = ["\n".join([*lines[10 * n:10 * n + 8], "The same sentence in every body", *lines[10 * n + 8:10 * n + 10],
                        *lines[(10 * n + 50) % 100:(10 * n + 50) % 100 + 8]]) for n in range(10)]
    assert line_key("The same sentence in every body") not in learn(pages)


def test_legends_read_side_by_side_or_without_punctuation_are_legends():
    learned = learn([printed(n, "Body") for n in range(10)])
    assert is_legend(f"{LEGEND} XYZ-0000123", learned)
    assert is_legend("Case No F-2021-00077 JOINT COMMITTEE PRODUCTION SUBJECT TO PROTECTIVE ORDER NO WAIVER", learned)
    assert is_legend(f"{AGENCY}  case no. F-2020-1", learned)


def test_a_sentence_holding_a_legend_is_kept():
    learned = learn([printed(n, "Body") for n in range(10)])
    assert not is_legend(f"See the {AGENCY} memo", learned)
    assert not is_legend("The case no longer stands", learned)
    text = f"First line\n{LEGEND}\nLast line"
    assert without_legends(text, learned) == "First line\nLast line"
    assert without_legends(text, ()) == text


# -- the archive ---------------------------------------------------------------------------------



def _document(n: int, body: str) -> DocumentRecord:
    text = printed(n, body)
    page = PageRecord(number=1, text=text, source="text-layer", ocr_confidence=None, bates=f"XYZ-{n:07d}",
                      exemptions=(), kind="email", fingerprint=f"fp-legend-{n}")
    email = EmailRecord(
        start_page=1, start_line=0, end_page=1, end_line=10, ordinal=0, kind="email", quoted=False, parent=None,
        sender=JANE, to=(), cc=(), bcc=(), sent=f"2021-03-0{n % 9 + 1}T10:00:00", sent_raw="",
        date_certainty="exact", subject=f"Harbor note {n}", normalized_subject=f"harbor note {n}",
        body=text, exemptions=(), attachments=(), bates_start=f"XYZ-{n:07d}", bates_end=f"XYZ-{n:07d}")
    return DocumentRecord(sha256=f"{n:02d}" * 32, filename=f"doc{n}.pdf", size=1, pages=(page,),
                          emails=(email,), fingerprint=f"fp-legend-doc-{n}")


def _add(archive: Archive, numbers: range) -> None:
    for n in numbers:
        body = "The committee asked about the harbor." if n == 3 else f"Dredging schedule {n} for the harbor."
        archive.store.add_document("records", _document(n, body))
    archive.catch_up_index()


def _total(archive: Archive, query: str) -> int:
    return archive.search(SearchRequest(query=query)).total


@pytest.mark.usefixtures("engine")
def test_a_legend_word_finds_only_the_emails_that_say_it(tmp_path):
    with Archive.open(tmp_path / "archive") as archive:
        archive.store.save_release(Release(slug="records", title="Records"))
        _add(archive, range(8))
        assert _total(archive, "harbor") == 8
        assert _total(archive, "committee") == 1  # the email saying it; the legend on all eight is not searched
        assert _total(archive, "waiver") == 0
        assert _total(archive, '"protective order"') == 0
        email = archive.store.emails_in_document(archive.store.documents("records")[0].id)[0]
        assert LEGEND in email.body  # the stored text keeps it
        assert archive.legends("records")


@pytest.mark.usefixtures("engine")
def test_documents_indexed_before_the_legend_was_learned_are_indexed_again(tmp_path):
    with Archive.open(tmp_path / "archive") as archive:
        archive.store.save_release(Release(slug="records", title="Records"))
        _add(archive, range(3))  # too few pages to learn from: the legend is searched
        assert archive.legends("records") == ()
        assert _total(archive, "waiver") == 3
        _add(archive, range(3, 8))
        assert _total(archive, "waiver") == 0  # the first three too
        assert _total(archive, "harbor") == 8


@pytest.mark.usefixtures("engine")
def test_a_rebuild_gives_what_the_ingest_did(tmp_path):
    with Archive.open(tmp_path / "archive") as archive:
        archive.store.save_release(Release(slug="records", title="Records"))
        _add(archive, range(8))
        before = {q: _total(archive, q) for q in ("committee", "waiver", "harbor", "case")}
        archive.store.set_setting("legends:records", "{}")  # a rebuild learns them from the pages
        archive.reindex()
        assert {q: _total(archive, q) for q in before} == before


# -- the text of a page outside its emails -------------------------------------------------------

def _misread_page(n: int) -> DocumentRecord:
    """A page whose OCR read part of a body above the header (redaction boxes out of order)."""
    above = "Harbor police arrested several suspects today near the northern breakwater, officials said."
    text = printed(n, f"{above}\nFrom: Jane Roe\nSubject: Report\nSee below.\nMore of the report.")
    record = _document(n, "")
    lines = text.splitlines()
    start = lines.index("From: Jane Roe")
    email = dataclasses.replace(record.emails[0], start_line=start, end_line=start + 4,
                                body="See below.\nMore of the report.")
    page = dataclasses.replace(record.pages[0], text=text)
    return dataclasses.replace(record, pages=(page,), emails=(email,))


@pytest.mark.usefixtures("engine")
def test_text_outside_a_pages_emails_is_found_on_its_page(tmp_path):
    with Archive.open(tmp_path / "archive") as archive:
        archive.store.save_release(Release(slug="records", title="Records"))
        _add(archive, range(8))
        archive.store.add_document("records", _misread_page(20))
        archive.catch_up_index()
        found = archive.search(SearchRequest(query="breakwater"))
        assert found.total == 1
        document = archive.store.documents("records")
        assert found.hits[0].key == f"p:{next(d.id for d in document if d.filename == 'doc20.pdf')}:1"
        assert _total(archive, "waiver") == 0  # the legends outside the emails are not searched either
        assert _total(archive, '"more of the report"') == 1  # the email, not its page again


def test_stamps_and_legends_alone_outside_emails_make_no_entry():
    from archive.index import entry_outside_emails
    from archive.model import Email, Page

    text = f"RELEASE IN PART B6\nFrom: Jane Roe\nBody line\n{LEGEND} XYZ-0000001\nB6"
    record = _document(1, "Body line")
    fields = {f.name: getattr(record.pages[0], f.name) for f in dataclasses.fields(record.pages[0])}
    page = Page(**{**fields, "text": text}, document_id="d", release="records")
    fields = {f.name: getattr(record.emails[0], f.name) for f in dataclasses.fields(record.emails[0])}
    email = Email(**{**fields, "start_line": 1, "end_line": 3}, id="e", document_id="d", release="records",
                  parent_id=None)
    assert entry_outside_emails(page, [email], (line_key(LEGEND),)) is None
    wordy = dataclasses.replace(page, text=text + "\nseveral more words printed here below the legend line")
    entry = entry_outside_emails(wordy, [email], (line_key(LEGEND),))
    assert entry is not None and "several more words" in entry.body and "WAIVER" not in entry.body
    assert "Body line" not in entry.body


def test_legends_learned_from_a_whole_sample_stay(tmp_path, monkeypatch):
    """Once learned from a whole sample (its first pages stored), later documents change nothing
    and no flush reads the sample again."""
    monkeypatch.setattr("archive.archive.LEGEND_SAMPLE_PAGES", 6)
    with Archive.open(tmp_path / "archive") as archive:
        archive.store.save_release(Release(slug="records", title="Records"))
        _add(archive, range(6))
        learned = archive.legends("records")
        assert learned
        read = []
        monkeypatch.setattr(archive.store, "release_page_texts", lambda *args: read.append(args) or [])
        _add(archive, range(6, 9))
        assert read == [] and archive.legends("records") == learned
