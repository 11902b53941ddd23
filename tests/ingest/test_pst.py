"""Outlook data files (.pst, .ost) through the real pipeline: pst-extractor's own test files
(tests/outlook_testdata.py), every folder's messages read as pst-extractor reads them, cited by
file, folder and message; damaged files and messages past a bound refused by name."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections import Counter
from email.message import EmailMessage
from pathlib import Path

import pytest

from archive import Archive, Release
from archive.cite import email_citation
from archive.files import sha256_file
from archive.ids import email_id
from archive.search import SearchRequest
from ingest.mime import MailLimits
from ingest.native import sniff
from ingest.office import OfficeConverter
from ingest.pipeline import Ingest
from ingest.uploads import receive
from tests.conftest import archive_snapshot

ENRON, OST = "enron.pst", "pstextractortest@outlook.com.ost"
# what Outlook shows as the mailbox: pst-extractor prints the folders above it too
TOPS = {ENRON: ("Top of Personal Folders",), OST: ("Root - Mailbox", "IPM_SUBTREE")}
# pst-extractor 1.12.0 lists 24 of this folder's 160 holidays (the first 24 libpff reads, in the
# same order); libpff reads 160 distinct items (2012-2026), each with its own identifier
HOLIDAYS = "Calendar/United States holidays"
NO_OFFICE = OfficeConverter("no-libreoffice-in-these-tests")  # as the outlook_archive fixture: no conversions


@pytest.fixture(scope="module")
def outlook(outlook_archive: Path):
    with Archive.open(outlook_archive) as archive:
        yield archive


def _listed(output: str, name: str) -> dict[str, list[str]]:
    """pst-extractor's reading of one file in output.txt: folder path (below the top folder) ->
    the subjects of its messages, in order."""
    section = output.split(f"./testdata/{name}\n", 1)[1].split(" processed in ", 1)[0]
    stack: list[str] = []
    found: dict[str, list[str]] = {}
    for line in section.splitlines():
        match = re.match(r"^ ((?:\|  )*)\|- (.*)$", line)
        if not match:
            continue
        depth, text = len(match.group(1)) // 3, match.group(2)
        if text.startswith("Sender: "):
            path = stack[:depth]
            top = TOPS[name]
            if tuple(path[:len(top)]) == top:
                path = path[len(top):]
            found.setdefault("/".join(path), []).append(" ".join(text.partition(", Subject: ")[2].split()))
        else:
            del stack[depth:]
            stack.append(text)
    return found


def _emails(archive: Archive, filename: str) -> list:
    (document,) = [d for d in archive.documents("outlook-test") if d.filename == filename]
    return archive.emails_in_document(document.id)


@pytest.mark.parametrize("name", [ENRON, OST])
def test_every_folder_holds_the_messages_pst_extractor_reads_in_it(outlook, outlook_files, name):
    listed = _listed((outlook_files / "output.txt").read_text(), name)
    read: dict[str, list[str]] = {}
    for email in sorted(_emails(outlook, name), key=lambda e: e.start_page):
        read.setdefault(email.folder, []).append(" ".join(email.subject.split()))
    assert sum(len(s) for s in listed.values()) > 20
    if name == OST:
        assert len(read[HOLIDAYS]) == 160 and read[HOLIDAYS][:24] == listed.pop(HOLIDAYS)
        read.pop(HOLIDAYS)
    assert {folder: Counter(subjects) for folder, subjects in read.items()} == \
        {folder: Counter(subjects) for folder, subjects in listed.items()}


def test_a_message_is_read_from_the_headers_it_arrived_with(outlook):
    (email,) = [e for e in _emails(outlook, ENRON) if e.subject == "New OBA's"]
    document = outlook.document(email.document_id)
    assert email.folder == "lokay-m/MLOKAY (Non-Privileged)/TW-Commercial Group"
    assert email.id == email_id(document.sha256, email.start_page, 0) and email.start_page == 2
    assert (email.sender.name, email.sender.address) == ("Lee Dennis", "dennis.lee@enron.com")
    assert [(p.name, p.address) for p in email.to] == [("Lindberg Lorraine", "lorraine.lindberg@enron.com"),
                                                       ("Watson Kimberly", "kimberly.watson@enron.com")]
    assert [(p.name, p.address) for p in email.cc] == [("Lee Dennis", "dennis.lee@enron.com")]
    assert email.sent == "2001-10-22T13:06:22-07:00" and email.date_certainty == "exact"
    assert email.message_id == "<I2OY5JK033YULHIIZG14FWPGKODJHROVB@zlsvr22>"
    assert email.body.startswith("The attached OBA's have been submitted to the customers for their signature.")
    assert email.native == document.media_type == "application/vnd.ms-outlook-pst" and email.kind == "email"
    assert [a.filename for a in outlook.attachments(email.id)][:2] == ["OBA_27602_Citizens.doc",
                                                                     "OBA_AmocoProd_27729.doc"]
    assert len(outlook.attachments(email.id)) == 11
    assert outlook.original(document).read_bytes()[:4] == b"!BDN" and document.page_count == 0


def test_a_message_without_internet_headers_is_read_from_its_properties(outlook):
    (welcome,) = [e for e in _emails(outlook, OST) if e.subject == "Welcome to your new Outlook.com account"]
    assert welcome.folder == "Inbox" and welcome.sent.startswith("2021-08-12T20:16:07") and welcome.sent.endswith("+00:00")
    assert (welcome.sender.name, welcome.sender.address) == ("Outlook Team", "no-reply@microsoft.com")
    assert [p.address for p in welcome.to] == ["pstextractortest@outlook.com"]
    assert welcome.message_id.startswith("<BN7PR03MB376291475B4F801F0BCB56A6CDF99@")
    assert "Welcome to your new Outlook.com account" in welcome.body and "<" not in welcome.body  # HTML reduced
    (invitation,) = [e for e in _emails(outlook, OST) if e.subject.startswith("Invitation: unanswered meeting")]
    assert invitation.kind == "meeting" and invitation.sent == "2021-08-12T20:32:53+00:00"


def test_attachments_are_kept_byte_for_byte_and_a_pdf_among_them_is_a_document(outlook, outlook_files):
    (sent,) = [e for e in _emails(outlook, OST) if e.subject == "text, jpg, pdf attachments"]
    files = {a.filename: a for a in outlook.attachments(sent.id)}
    assert set(files) == {"Clinometer Usage.pdf", "text.txt",
                          "primoz-roglic-of-slovenia-and-team-jumbo-visma-red-leader-news-photo-1628610563.jpg"}
    for name in ("Clinometer Usage.pdf", "text.txt"):  # as pst-extractor saved them
        assert outlook.attachment_file(files[name]).read_bytes() == (outlook_files / "attachments" / name).read_bytes()
    pdf = outlook.document(files["Clinometer Usage.pdf"].document_id)
    assert pdf.parent_sha256 == outlook.document(sent.document_id).sha256 and pdf.page_count >= 1


def test_a_phrase_of_a_body_is_found_and_cited_by_file_folder_and_message(outlook):
    result = outlook.search(SearchRequest(query='"submitted to the customers for their signature"'))
    (hit,) = result.hits
    assert hit.email.subject == "New OBA's"
    release = outlook.release("outlook-test")
    citation = email_citation(hit.email, release, "https://foia.test/e/x", outlook.document(hit.email.document_id))
    assert "at enron.pst, folder lokay-m/MLOKAY (Non-Privileged)/TW-Commercial Group, message 2 (" in citation
    (row,) = [r for r in outlook.export(SearchRequest(query='"submitted to the customers"'))]
    assert row["pages"] == "folder lokay-m/MLOKAY (Non-Privileged)/TW-Commercial Group, message 2"


def test_a_copy_of_a_message_with_its_message_id_is_one_message(outlook_archive, tmp_path):
    """GIVEN the archive with enron.pst WHEN the same message arrives as an .eml THEN the two are
    copies of one message (joined by Message-ID)."""
    home = tmp_path / "copy"
    shutil.copytree(outlook_archive, home)
    message = EmailMessage()
    for name, value in (("From", '"Lee  Dennis" <Dennis.Lee@ENRON.com>'), ("To", "Lorraine.Lindberg@ENRON.com"),
                        ("Subject", "New OBA's"), ("Date", "Mon, 22 Oct 2001 13:06:22 -0700"),
                        ("Message-ID", "<I2OY5JK033YULHIIZG14FWPGKODJHROVB@zlsvr22>")):
        message[name] = value
    message.set_content("The attached OBA's have been submitted to the customers for their signature.\n")
    (tmp_path / "oba.eml").write_bytes(message.as_bytes())
    with Archive.open(home) as archive:
        summary = Ingest(archive, "outlook-test", jobs=1).run([tmp_path / "oba.eml"])
        assert not summary.failed, summary.failed
        (eml,) = [e for e in archive.iter_emails() if e.native == "message/rfc822"]
        (pst,) = [e for e in _emails(archive, ENRON) if e.subject == "New OBA's"]
        assert pst.id in {copy.id for copy, _ in archive.copies_of(eml.id)}


def test_known_by_content_in_folders_and_zips(outlook_files, tmp_path):
    renamed = tmp_path / "mailbox-export"
    shutil.copyfile(outlook_files / ENRON, renamed)
    assert sniff(renamed) == "pst" and sniff(outlook_files / OST) == "ost"
    assert sniff(outlook_files / "output.txt") == ""
    bundle = tmp_path / "upload.zip"
    with zipfile.ZipFile(bundle, "w") as zipped:
        zipped.write(outlook_files / "pstextractortestpdf@outlook.com.ost", "mail/archive.ost")
    folder = tmp_path / "uploads"
    folder.mkdir()
    with open(bundle, "rb") as stream:
        (received,) = receive(stream, folder, "upload.zip")
    assert not received.refused and received.stored_name.endswith(".ost")


def _ingest(home: Path, paths: list[Path], limits: MailLimits | None = None):
    with Archive.open(home) as archive:
        if not archive.has_release("damaged"):
            archive.save_release(Release("damaged", "Damaged files"), actor="tests")
        return Ingest(archive, "damaged", jobs=1, mail_limits=limits, office=NO_OFFICE).run(paths)


def test_a_truncated_pst_is_refused_by_name_and_leaves_the_archive_as_it_was(outlook_files, tmp_path):
    good = tmp_path / "good.ost"
    shutil.copyfile(outlook_files / "pstextractortestpdf@outlook.com.ost", good)
    home = tmp_path / "archive"
    _ingest(home, [good])
    with Archive.open(home) as archive:
        before = archive_snapshot(archive, ["single", "thanksgiving"])
    cut = tmp_path / "cut.pst"
    cut.write_bytes((outlook_files / ENRON).read_bytes()[:2_000_000])
    summary = _ingest(home, [cut])
    (failed,) = summary.failed
    assert failed.path.endswith("cut.pst") and "not a readable Outlook data file" in failed.message
    assert "ask for the file again" in failed.message
    with Archive.open(home) as archive:
        assert archive_snapshot(archive, ["single", "thanksgiving"]) == before
        assert archive.verify().ok


def test_a_message_past_a_bound_fails_alone_naming_its_folder_and_number(outlook_files, tmp_path):
    summary = _ingest(tmp_path / "archive", [outlook_files / ENRON], MailLimits(max_parts=5))
    failed = {o.path: o.message for o in summary.failed if "LibreOffice" not in o.message}
    place = f"{outlook_files / ENRON}, folder lokay-m/MLOKAY (Non-Privileged)/TW-Commercial Group, message 2"
    assert "more than 5 attachments (FOIA_MAIL_MAX_PARTS)" in failed.pop(place)
    assert all("FOIA_MAIL_MAX_PARTS" in reason for reason in failed.values())
    with Archive.open(tmp_path / "archive") as archive:
        emails = _emails_named(archive, ENRON)
        assert "New OBA's" not in {e.subject for e in emails} and len(emails) == 71 - 1 - len(failed)


def _emails_named(archive: Archive, filename: str) -> list:
    (document,) = [d for d in archive.documents() if d.filename == filename]
    return archive.emails_in_document(document.id)


def test_a_file_past_the_message_bound_stops_there(outlook_files, tmp_path):
    summary = _ingest(tmp_path / "archive", [outlook_files / ENRON], MailLimits(max_messages=10))
    (failed,) = [o for o in summary.failed if "LibreOffice" not in o.message]
    assert failed.path.endswith("message 11") and "FOIA_MAIL_MAX_MESSAGES" in failed.message
    with Archive.open(tmp_path / "archive") as archive:
        assert sorted(e.start_page for e in _emails_named(archive, ENRON)) == list(range(1, 11))
    assert sha256_file(outlook_files / ENRON)  # the original is untouched


def _eml(folder: Path) -> Path:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "ann@agency.example", "bo@agency.example", "Budget memo"
    message["Date"], message["Message-ID"] = "Tue, 13 Nov 2018 15:45:00 -0500", "<budget@agency.example>"
    message.set_content("The budget memo is attached in the next message.")
    path = folder / "budget.eml"
    path.write_bytes(bytes(message))
    return path


def test_a_pst_that_crashes_libpff_fails_alone_by_name_and_the_batch_goes_on(outlook_files, tmp_path):
    """GIVEN a batch of a .pst whose reading crashes libpff part way (a fake reader in the child
    aborts after three items, SIGABRT, as a heap corruption would) and an .eml WHEN it is ingested
    THEN the .pst fails, named, saying it crashed and nothing of it was stored; the .eml is in; the
    archive holds nothing of the .pst; and ingesting it again with libpff working finishes the job."""
    from ingest.pst import StoreReader

    home = tmp_path / "archive"
    pst = tmp_path / "custodian.pst"
    shutil.copyfile(outlook_files / ENRON, pst)
    crashing = StoreReader(entry="tests.ingest.fake_store_readers:crash")
    with Archive.open(home) as archive:
        archive.save_release(Release("damaged", "Damaged files"), actor="tests")
        summary = Ingest(archive, "damaged", jobs=1, office=NO_OFFICE, stores=crashing).run([pst, _eml(tmp_path)])
        (failed,) = summary.failed
        assert failed.path.endswith("custodian.pst") and "crashed (SIGABRT" in failed.message
        assert "after 3 item(s); nothing of the file was stored" in failed.message and "scanpst" in failed.message
        assert [d.filename for d in archive.documents()] == ["budget.eml"]
        assert archive.search(SearchRequest(query="budget")).total == 1
        assert archive.verify().ok
    with Archive.open(home) as archive:
        again = Ingest(archive, "damaged", jobs=1, office=NO_OFFICE).run([pst])
        assert not [o for o in again.failed if "LibreOffice" not in o.message]
        assert len(_emails_named(archive, "custodian.pst")) == 71


@pytest.mark.parametrize(("entry", "timeout", "said"), [
    ("hang", 5, "it gave nothing for 5 s (FOIA_MAIL_STORE_TIMEOUT"),
    ("hoard", 120, "it ran out of the memory it may use (FOIA_MAIL_STORE_MEMORY_MB"),
    ("smuggle", 120, "it sent something unreadable (posix.system is not a record of a mail item)"),
])
def test_a_pst_reader_that_hangs_hoards_or_sends_code_is_stopped_and_said(outlook_files, tmp_path, entry, timeout,
                                                                          said):
    from ingest.mime import MailRefused
    from ingest.pst import StoreReader

    pst = tmp_path / "custodian.pst"
    shutil.copyfile(outlook_files / ENRON, pst)
    reader = StoreReader(timeout=timeout, memory_mb=1024, entry=f"tests.ingest.fake_store_readers:{entry}")
    with pytest.raises(MailRefused, match="nothing of the file was stored") as refused:
        list(reader.messages(pst, MailLimits()))
    assert said in str(refused.value)
    assert not pst.with_suffix(".smuggled").exists()


def test_the_pst_readers_bounds_come_from_the_environment():
    from ingest.pst import StoreReader

    assert StoreReader.from_environment({"FOIA_MAIL_STORE_TIMEOUT": "30", "FOIA_MAIL_STORE_MEMORY_MB": "512"}) == \
        StoreReader(timeout=30, memory_mb=512)
    with pytest.raises(ValueError, match="FOIA_MAIL_STORE_MEMORY_MB='lots' is not a whole number"):
        StoreReader.from_environment({"FOIA_MAIL_STORE_MEMORY_MB": "lots"})


def test_a_pst_child_stuck_in_libpff_ends_by_itself_even_without_its_parent(outlook_files, tmp_path):
    """GIVEN the child reading a .pst stuck in libpff (a fake reader that hangs after three items)
    and no parent reading from it (the ingest killed, say) THEN the kernel ends it within the time
    allowed without a next item: no orphan spins forever."""
    import json
    import os
    import signal
    import subprocess
    import sys
    from dataclasses import asdict

    root = Path(__file__).resolve().parents[2]
    child = subprocess.Popen([sys.executable, "-c", "from tests.ingest.fake_store_readers import hang; hang()"],
                             stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=root,
                             env={**os.environ, "PYTHONPATH": str(root)})
    child.communicate(json.dumps({"path": str(outlook_files / ENRON), "limits": asdict(MailLimits()),
                                  "memory_mb": 1024, "timeout": 1}).encode(), timeout=120)
    assert child.returncode == -signal.SIGALRM
