"""The text of a page that none of its emails holds is searched (archive/index/entries.py,
``entry_outside_emails``): lines OCR read out of their place, a header the splitter missed; not
the stamps and legends printed at a page's top and bottom, and no second hit for a Bates number."""

from __future__ import annotations

import pytest

from archive import Archive, Party, Release
from archive.index import entry_outside_emails
from archive.model import DocumentRecord, EmailRecord, Page, PageRecord
from archive.search import SearchRequest

JANE = Party("Jane Roe", "jane@example.gov")
LEGEND = "JOINT COMMITTEE PRODUCTION - SUBJECT TO PROTECTIVE ORDER. NO WAIVER OF ANY PRIVILEGE"
MISPLACED = "Harbor police arrested several suspects today near the northern breakwater, officials said."
TOP = ["RELEASE IN PART B6", LEGEND, "Case No. F-2021-00020"]
FOOT = ["Bureau of Records Review", LEGEND, "XYZ-0000020"]
HEADER = ["From: Jane Roe", "Sent: Monday, March 1, 2021 10:00 AM", "Subject: Report"]
BODY = ["See below for the report.", "More of the report follows here.", "Jane"]


def _record(lines: list[str], start: int, end: int, n: int = 20) -> DocumentRecord:
    page = PageRecord(number=1, text="\n".join(lines), source="ocr", ocr_confidence=80.0, bates=f"XYZ-{n:07d}",
                      exemptions=("(b)(6)",), kind="email", fingerprint=f"fp-outside-{n}")
    email = EmailRecord(
        start_page=1, start_line=start, end_page=1, end_line=end, ordinal=0, kind="email", quoted=False,
        parent=None, sender=JANE, to=(), cc=(), bcc=(), sent="2021-03-01T10:00:00", sent_raw="",
        date_certainty="exact", subject="Report", normalized_subject="report", body="\n".join(BODY),
        exemptions=("(b)(6)",), attachments=(), bates_start=f"XYZ-{n:07d}", bates_end=f"XYZ-{n:07d}")
    return DocumentRecord(sha256=f"{n:02d}" * 32, filename=f"doc{n}.pdf", size=1, pages=(page,),
                          emails=(email,), fingerprint=f"fp-outside-doc-{n}")


def _misread(n: int = 20) -> DocumentRecord:
    """OCR read part of the body above the header (redaction boxes read out of order)."""
    lines = [*TOP, "B7(E)", "B1", "B6", MISPLACED, LEGEND, *HEADER, *BODY, *FOOT]  # a legend read mid-page too
    start = lines.index(HEADER[0])
    return _record(lines, start, start + len(HEADER) + len(BODY), n)


def _clean(n: int) -> DocumentRecord:
    """Stamps and legends at the top and the foot, the email between them."""
    lines = [*TOP, *HEADER, *BODY, *FOOT]
    return _record(lines, len(TOP), len(TOP) + len(HEADER) + len(BODY), n)


def _page(record: DocumentRecord) -> Page:
    fields = {name: getattr(record.pages[0], name) for name in PageRecord.__dataclass_fields__}
    return Page(**fields, document_id="d", release="records")


def test_text_out_of_place_is_an_entry_without_the_pages_stamps_or_bates():
    record = _misread()
    email = record.emails[0]
    entry = entry_outside_emails(_page(record), [(email.start_line, email.end_line)])
    assert entry is not None and entry.key == "p:d:1" and entry.kind == "page"
    assert MISPLACED in entry.body
    assert "WAIVER" not in entry.body and "F-2021" not in entry.body and "Bureau" not in entry.body
    assert "See below" not in entry.body  # the email's own lines
    assert entry.bates == () and entry.exemptions == ()  # the email carries them: no second hit


def test_stamps_and_legends_outside_the_emails_make_no_entry():
    record = _clean(21)
    email = record.emails[0]
    assert entry_outside_emails(_page(record), [(email.start_line, email.end_line)]) is None
    # a page as short as its stamps: nothing between its top and its foot
    short = _record([*TOP, *FOOT], 0, 0, 22)
    assert entry_outside_emails(_page(short), []) is None


@pytest.mark.usefixtures("engine")
def test_a_word_read_out_of_place_is_found_on_its_page_once(tmp_path):
    with Archive.open(tmp_path / "archive") as archive:
        archive.store.save_release(Release(slug="records", title="Records"))
        for n in range(3):
            archive.index_document(archive.store.add_document("records", _clean(n)))
        archive.index_document(archive.store.add_document("records", _misread(20)))
        found = archive.search(SearchRequest(query="breakwater"))
        document = next(d for d in archive.store.documents("records") if d.filename == "doc20.pdf")
        assert found.total == 1 and found.hits[0].key == f"p:{document.id}:1"
        assert archive.search(SearchRequest(query="waiver")).total == 0  # the legends at the top and the foot: no page hit
        assert archive.search(SearchRequest(query="bates:XYZ-0000020")).total == 1  # the email, not its page again
        report = archive.verify()
        assert report.index_pages == 1 and not [p for p in report.problems if "index" in p]


@pytest.mark.usefixtures("engine")
def test_a_tagged_page_hit_is_what_its_tag_finds_not_the_email_on_its_page(tmp_path):
    """GIVEN a search whose hits hold a page's text outside its email (its own hit) WHEN every hit
    is tagged THEN ``tag:`` finds those hits, the page hit among them, and not the email printed
    on the page that the search never found (was: the page's tag was its email's)."""
    with Archive.open(tmp_path / "archive") as archive:
        archive.store.save_release(Release(slug="records", title="Records"))
        archive.index_document(archive.store.add_document("records", _misread(20)))
        reader = archive.add_account("reader@example.org", "reader", actor="cli:test")
        found = archive.search(SearchRequest(query="breakwater"))
        assert [hit.key for hit in found.hits] == [key := found.hits[0].key] and key.startswith("p:")
        assert archive.work.apply_tag(reader, "hot", [key]) == 1
        archive.reader = archive.work.reader(reader)
        executed: list[str] = []
        archive.store.db.conn.set_trace_callback(executed.append)
        assert [hit.key for hit in archive.search(SearchRequest(query="tag:hot")).hits] == [key]
        archive.store.db.conn.set_trace_callback(None)
        assert archive.search(SearchRequest(query="breakwater", filters=(("tag", "hot"),))).total == 1
        # the tagged page read alone, never its document's every page (a search cost seconds a
        # tagged page of a 2,000-page document, every search, for its tag facet)
        reads = [sql for sql in executed if "pages" in sql.lower()]
        assert reads and all("number = " in sql.replace('"', "") for sql in reads), reads
