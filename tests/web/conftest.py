"""A small hand-made archive full of hostile text, and the app serving it.

The archive is built once per module from DocumentRecords written here (no OCR,
no samples needed) and a real PDF drawn with reportlab, so page images, the PDF
route and Bates lookups work. Subjects, names, bodies, attachment names and the
release's own fields carry XSS payloads: every test that renders them checks
they come out inert.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from archive import Archive, Party, Release, ids
from archive.files import sha256_file
from archive.model import DocumentRecord, EmailRecord, PageRecord
from web import create_app

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '" onmouseover="alert(1)'
IMAGE = "<img src=x onerror=alert(1)>"
PAYLOADS = (SCRIPT, ATTRIBUTE, IMAGE)
RELEASE = Release(slug="test-release", title="Test <b>Release</b>", agency="Drug Enforcement Administration",
                  requester="ACLU", released="2020-06-01", source_url="javascript:alert(1)",
                  description=f"Emails about a pilot. {SCRIPT}")
GONE = Release(slug="gone-release", title="Withdrawn release")

PAGE_TEXT = [
    "From: Jane Roe <jane@dea.gov>\nTo: John Doe\nSent: Tuesday, November 13, 2018 3:45 PM\n"
    "Subject: Facial recognition pilot\n\nWe should discuss the facial recognition pilot.\n" + SCRIPT,
    "From: John Doe\nTo: Jane Roe\nSubject: RE: Facial recognition pilot\n\nAgreed, see below.\n"
    "-----Original Message-----\nFrom: Jane Roe\nSubject: Facial recognition pilot\nThe pilot.",
    f"From: {ATTRIBUTE}\nTo: (b)(6)\nSent: 03/04/18\nSubject: {SCRIPT}\n\n{IMAGE} = formula\n"
    "Later part of the same email.",
    "U.S. Department of Justice\nCover letter\nThis release responds to your request.",
]


def party(name: str = "", address: str = "", *codes: str) -> Party:
    return Party(name, address, tuple(codes))


def make_pdf(path: Path, pages: list[str]) -> Path:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    drawing = canvas.Canvas(str(path), pagesize=letter, invariant=True)
    for number, text in enumerate(pages, start=1):
        y = 720
        for line in text.splitlines():
            drawing.drawString(72, y, line)
            y -= 16
        drawing.drawString(450, 40, f"TEST-{number:06d}")
        drawing.showPage()
    drawing.save()
    return path


def page_record(number: int, text: str, *, kind: str = "email", exemptions: tuple[str, ...] = (),
                source: str = "text-layer") -> PageRecord:
    return PageRecord(number=number, text=text, source=source,
                      ocr_confidence=91.5 if source == "ocr" else None, bates=f"TEST-{number:06d}",
                      exemptions=exemptions, kind=kind, fingerprint=f"fp-{number}-{len(text)}")


def email_record(start: int, end: int, **fields) -> EmailRecord:
    base = dict(
        start_page=start, start_line=0, end_page=end, end_line=60, ordinal=0, kind="email", quoted=False,
        parent=None, sender=party("Jane Roe", "jane@dea.gov"), to=(party("John Doe"),), cc=(), bcc=(),
        sent="2018-11-13T15:45:00", sent_raw="Tuesday, November 13, 2018 3:45 PM", date_certainty="exact",
        subject="Facial recognition pilot", normalized_subject="facial recognition pilot",
        body="We should discuss the facial recognition pilot.\n" + SCRIPT, exemptions=(),
        attachments=(), bates_start=f"TEST-{start:06d}", bates_end=f"TEST-{end:06d}",
    )
    base.update(fields)
    return EmailRecord(**base)


def emails(*, split_page_three: bool) -> tuple[EmailRecord, ...]:
    """The emails of part1.pdf; the first splitter also (wrongly) began an email mid-page 3."""
    found = [
        email_record(1, 1, cc=(party("", "", "(b)(6)"),), exemptions=("(b)(6)",)),
        email_record(2, 2, sender=party("John Doe"), to=(party("Jane Roe", "jane@dea.gov"),),
                     sent="2018-11-14T09:05:00", sent_raw="Wed 11/14/2018 9:05 AM",
                     subject="RE: Facial recognition pilot", body="Agreed, see below."),
        email_record(2, 2, start_line=20, ordinal=1, quoted=True, parent=1, end_line=30,
                     body="The pilot.", sent_raw=""),
        email_record(3, 3, end_line=60 if not split_page_three else 25,
                     sender=party(ATTRIBUTE, "x@example.com"), to=(party("", "", "(b)(6)"),),
                     sent="2018-03-04", sent_raw="03/04/18", date_certainty="ambiguous",
                     subject=SCRIPT, normalized_subject=SCRIPT.lower(), body=f"{IMAGE} = formula",
                     exemptions=("(b)(7)(C)", "Gov. Code 6254(f)"), attachments=(SCRIPT + ".pdf",)),
    ]
    if split_page_three:
        found.append(email_record(3, 3, start_line=25, ordinal=1, subject="Later part", body="Later part."))
    return tuple(found)


def document_record(pdf: Path, found: tuple[EmailRecord, ...]) -> DocumentRecord:
    pages = tuple(
        page_record(n, text, kind="cover-letter" if n == 4 else "email",
                    exemptions=("(b)(6)",) if n == 1 else (), source="ocr" if n == 3 else "text-layer")
        for n, text in enumerate(PAGE_TEXT, start=1)
    )
    return DocumentRecord(sha256=sha256_file(pdf), filename=f"part1 {SCRIPT}.pdf", size=pdf.stat().st_size,
                          pages=pages, emails=found, fingerprint="doc-" + sha256_file(pdf)[:16])


@dataclasses.dataclass(frozen=True)
class Built:
    home: Path
    pdf: Path
    doc_id: str
    first: str  # email on page 1
    reply: str  # reply on page 2, which quotes ...
    quoted: str  # ... this copy
    hostile: str  # page 3, every field hostile
    retired: str  # id issued by the first split, now resolving to `hostile`
    gone: str  # an email in a withdrawn release
    gone_doc: str


def build_archive(root: Path) -> Built:
    home = root / "archive"
    pdf = make_pdf(root / "part1.pdf", PAGE_TEXT)
    other = make_pdf(root / "other.pdf", ["From: A\nSubject: withdrawn\n\nSecret."])
    with Archive.open(home) as archive:
        archive.store.save_release(RELEASE)
        archive.store.save_release(GONE)
        archive.add_document(RELEASE.slug, document_record(pdf, emails(split_page_three=True)), pdf)
        document = archive.add_document(RELEASE.slug, document_record(pdf, emails(split_page_three=False)), pdf)
        other_record = DocumentRecord(
            sha256=sha256_file(other), filename="other.pdf", size=other.stat().st_size,
            pages=(page_record(1, "Secret."),), emails=(email_record(1, 1, subject="withdrawn"),),
            fingerprint="other")
        gone_doc = archive.add_document(GONE.slug, other_record, other)
        archive.store.withdraw_release(GONE.slug, "released in error; replaced by a corrected release")
    sha = sha256_file(pdf)
    return Built(
        home=home, pdf=pdf, doc_id=document.id, first=ids.email_id(sha, 1, 0), reply=ids.email_id(sha, 2, 0),
        quoted=ids.email_id(sha, 2, 1), hostile=ids.email_id(sha, 3, 0), retired=ids.email_id(sha, 3, 1),
        gone=ids.email_id(sha256_file(other), 1, 0), gone_doc=gone_doc.id,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_archive(tmp_path_factory.mktemp("web-archive"))


@pytest.fixture
def app(built: Built):
    return create_app({"TESTING": True, "ARCHIVE_HOME": str(built.home), "PUBLIC_URL": "https://foia.test"})


@pytest.fixture
def client(app):
    return app.test_client()
