"""Office documents attached to mail (issue 18): converted to PDF by LibreOffice, ingested as
documents of the release linked to their message, the original kept; hostile or broken files
fail alone, named, with the message ingested."""

from __future__ import annotations

import http.server
import io
import re
import shutil
import subprocess
import threading
import zipfile
from email.message import EmailMessage
from pathlib import Path

import docx
import pytest
from PIL import Image

from archive import Archive, Release
from archive.files import sha256_file
from archive.search import SearchRequest
from ingest.office import ConversionFailed, OfficeConverter, office_kind
from ingest.pipeline import Ingest
from tests.conftest import unavailable

SLUG = "office-test"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(scope="module")
def soffice() -> str:
    found = shutil.which("soffice")
    if not found:
        unavailable("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    return str(found)


def _memo(path: Path, *lines: str) -> Path:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(path)
    return path


def _mail_with(tmp_path: Path, name: str, attachments: list[tuple[str, bytes, str]]) -> Path:
    message = EmailMessage()
    message["From"] = "Ann Lee <ann.lee@agency.example>"
    message["To"] = "bo.chen@agency.example"
    message["Subject"] = "The memo"
    message["Date"] = "Tue, 13 Nov 2018 15:45:00 -0500"
    message["Message-ID"] = f"<{name}@agency.example>"
    message.set_content("The memo is attached.")
    for filename, data, content_type in attachments:
        maintype, subtype = content_type.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    path = tmp_path / f"{name}.eml"
    path.write_bytes(message.as_bytes())
    return path


def _ingest(archive: Archive, paths: list[Path], office: OfficeConverter | None = None):
    if not archive.has_release(SLUG):
        archive.save_release(Release(SLUG, "Office test"), actor="tests")
    return Ingest(archive, SLUG, jobs=1, office=office).run(paths)


def _convert_with_libreoffice(soffice: str, source: Path, to: str) -> Path:
    """A fixture in another office format, made by LibreOffice from ``source`` (a .docx or .csv)."""
    subprocess.run([soffice, f"-env:UserInstallation={(source.parent / 'lo-profile').as_uri()}", "--headless",
                    "--convert-to", to, "--outdir", str(source.parent), str(source)],
                   check=True, capture_output=True, timeout=120)
    return source.with_suffix("." + to.split(":")[0])


def test_office_files_are_known_by_their_content(tmp_path, soffice):
    memo = _memo(tmp_path / "memo.docx", "Quarterly memo")
    (tmp_path / "table.csv").write_text("program,budget\npilot,1200\n")
    made = {"docx": memo, "doc": _convert_with_libreoffice(soffice, memo, "doc"),
            "odt": _convert_with_libreoffice(soffice, memo, "odt"),
            "xlsx": _convert_with_libreoffice(soffice, tmp_path / "table.csv", "xlsx"),
            "ods": _convert_with_libreoffice(soffice, tmp_path / "table.csv", "ods"),
            "rtf": _convert_with_libreoffice(soffice, memo, "rtf")}
    for kind, path in made.items():
        assert office_kind(path.read_bytes()) == kind, path.name
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as archive:
        archive.writestr("word/document.xml", "<not-office/>")  # no [Content_Types].xml: any zip
    assert office_kind(plain_zip.getvalue()) == ""
    assert office_kind(b"%PDF-1.7\n") == "" and office_kind(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600) == ""


def test_a_word_document_attached_to_a_message_is_a_document_of_the_release(archive, tmp_path, soffice):
    memo = _memo(tmp_path / "memo.docx", "Memorandum on the recognition pilot",
                 "From: Ann Lee", "Sent: Tuesday, November 13, 2018 3:45 PM", "To: Bo Chen",
                 "Subject: Pilot budget for the quarter", "The quarterly budget for the camera pilot is attached.")
    mail = _mail_with(tmp_path, "memo", [("memo.docx", memo.read_bytes(), DOCX)])
    outcomes = {o.path: o for o in _ingest(archive, [mail]).outcomes}
    converted = outcomes[f"{mail} ▸ memo.docx"]
    assert converted.status == "ingested" and converted.pages == 1 and converted.emails == 1
    (message,) = archive.emails_in_document(outcomes[str(mail)].document_id)
    (attachment,) = archive.attachments(message.id)
    assert attachment.document_id == converted.document_id  # the attachment links to what it became
    assert archive.attachment_file(attachment).read_bytes() == memo.read_bytes()  # the original kept
    document = archive.document(converted.document_id)
    assert document.converted_from == sha256_file(memo) and document.media_type == "application/pdf"
    assert archive.original(document).read_bytes().startswith(b"%PDF-")
    assert [m.id for m in archive.attached_to(document)] == [message.id]
    (printed,) = archive.emails_in_document(document.id)  # the email printed inside the memo is read
    assert printed.subject == "Pilot budget for the quarter" and printed.sent == "2018-11-13T15:45:00"
    hits = archive.search(SearchRequest(query='"camera pilot"')).hits
    assert [h.email.id for h in hits] == [printed.id]
    assert archive.verify().ok


def test_the_same_office_file_is_converted_once(archive, tmp_path, soffice):
    memo = _memo(tmp_path / "memo.docx", "One memo, attached twice")
    first = _mail_with(tmp_path, "first", [("memo.docx", memo.read_bytes(), DOCX)])
    second = _mail_with(tmp_path, "second", [("copy of memo.docx", memo.read_bytes(), DOCX)])
    outcomes = {o.path: o for o in _ingest(archive, [first, second]).outcomes}
    assert outcomes[f"{first} ▸ memo.docx"].status == "ingested"
    assert outcomes[f"{second} ▸ copy of memo.docx"].status == "skipped"
    made = outcomes[f"{first} ▸ memo.docx"].document_id
    for mail in (first, second):
        (message,) = archive.emails_in_document(outcomes[str(mail)].document_id)
        assert [a.document_id for a in archive.attachments(message.id)] == [made]
    again = _ingest(archive, [first]).outcomes
    assert [o.status for o in again] == ["skipped"]  # the message is known: nothing converted again


def test_a_spreadsheet_attached_to_a_message_is_searchable(archive, tmp_path, soffice):
    (tmp_path / "budget.csv").write_text("line,amount\nfacial comparison licences,48000\n")
    sheet = _convert_with_libreoffice(soffice, tmp_path / "budget.csv", "xlsx")
    mail = _mail_with(tmp_path, "sheet", [("budget.xlsx", sheet.read_bytes(),
                                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")])
    outcomes = {o.path: o for o in _ingest(archive, [mail]).outcomes}
    assert outcomes[f"{mail} ▸ budget.xlsx"].status == "ingested"
    document_id = outcomes[f"{mail} ▸ budget.xlsx"].document_id
    assert "facial comparison licences" in archive.pages(document_id)[0].text


def test_a_broken_office_file_fails_alone_naming_it_and_the_message_stands(archive, tmp_path, soffice):
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "\x00 not xml at all \xff")
    mail = _mail_with(tmp_path, "broken", [("broken.docx", broken.getvalue(), DOCX)])
    outcomes = {o.path: o for o in _ingest(archive, [mail]).outcomes}
    failed = outcomes[f"{mail} ▸ broken.docx"]
    assert failed.status == "failed" and failed.message.startswith("Word document: LibreOffice could not convert")
    assert "kept as the message's attachment" in failed.message
    assert outcomes[str(mail)].status == "ingested"
    (message,) = archive.emails_in_document(outcomes[str(mail)].document_id)
    (attachment,) = archive.attachments(message.id)
    assert attachment.document_id is None and archive.attachment_file(attachment).read_bytes() == broken.getvalue()
    assert archive.verify().ok


def test_without_libreoffice_the_reason_says_how_to_install_it(archive, tmp_path):
    memo = _memo(tmp_path / "memo.docx", "A memo")
    mail = _mail_with(tmp_path, "nolo", [("memo.docx", memo.read_bytes(), DOCX)])
    missing = OfficeConverter(command=str(tmp_path / "no-such-soffice"))
    outcomes = {o.path: o for o in _ingest(archive, [mail], office=missing).outcomes}
    failed = outcomes[f"{mail} ▸ memo.docx"]
    assert failed.status == "failed" and "LibreOffice is not available" in failed.message
    assert "apt-get install libreoffice-writer-nogui" in failed.message and "FOIA_SOFFICE" in failed.message
    assert outcomes[str(mail)].status == "ingested"


def test_a_conversion_past_its_time_is_killed_with_everything_it_started(tmp_path, soffice):
    memo = _memo(tmp_path / "memo.docx", "A memo")
    work = tmp_path / "work"
    work.mkdir()
    with pytest.raises(ConversionFailed, match="took longer than"):
        OfficeConverter(soffice, timeout=0.2).to_pdf(memo, "docx", work)
    left = subprocess.run(["pgrep", "-f", str(work)], capture_output=True, text=True).stdout.split()
    assert left == []  # no LibreOffice process of that run is left behind


def test_the_settings_are_read_from_the_environment():
    assert OfficeConverter.from_environment({}) == OfficeConverter("soffice", 120.0, isolate=True)
    assert not OfficeConverter.from_environment({"FOIA_OFFICE_ISOLATE": "0"}).isolate
    assert OfficeConverter.from_environment({"FOIA_SOFFICE": "/opt/lo/soffice", "FOIA_OFFICE_TIMEOUT": "30"}) \
        == OfficeConverter("/opt/lo/soffice", 30.0)
    with pytest.raises(ValueError, match="FOIA_OFFICE_TIMEOUT"):
        OfficeConverter.from_environment({"FOIA_OFFICE_TIMEOUT": "soon"})


def test_a_linked_image_is_never_fetched_from_another_host(tmp_path, soffice):
    """GIVEN a Word document whose picture is a link to a web address WHEN it is converted THEN
    LibreOffice asks nothing of that address (a released file cannot make the server fetch)."""
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            asked.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        memo = _linked_picture(tmp_path / "linked.docx", f"http://127.0.0.1:{server.server_port}/beacon.png")
        work = tmp_path / "work"
        work.mkdir()
        pdf = OfficeConverter(soffice).to_pdf(memo, "docx", work)
        assert pdf.read_bytes().startswith(b"%PDF-")
    finally:
        server.shutdown()
        server.server_close()
    assert asked == []


def _linked_picture(path: Path, url: str) -> Path:
    """A .docx whose one picture is linked (TargetMode External) to ``url``, not embedded."""
    picture = path.parent / "dot.png"
    Image.new("RGB", (8, 8), "black").save(picture)
    document = docx.Document()
    document.add_paragraph("A picture follows")
    document.add_picture(str(picture))
    document.save(path)
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    rels = parts["word/_rels/document.xml.rels"].decode()
    rels = re.sub(r'Target="media/[^"]+"', f'Target="{url}" TargetMode="External"', rels)
    parts["word/_rels/document.xml.rels"] = rels.encode()
    body = parts["word/document.xml"].decode().replace("r:embed=", "r:link=")
    parts["word/document.xml"] = body.encode()
    with zipfile.ZipFile(path, "w") as package:
        for name, data in parts.items():
            if not name.startswith("word/media/"):
                package.writestr(name, data)
    return path

