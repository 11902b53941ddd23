"""Receiving uploads: by content, bounded, safely named, nothing refused left behind."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from ingest.uploads import (
    MAX_DOCUMENT_NAME,
    Limits,
    document_name,
    left_out,
    left_out_of_folder,
    receive,
    receive_all,
    safe_name,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\x00" * 200


def _zip(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _left(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize(("given", "kept"), [
    ("report.pdf", "report.pdf"),
    ("../../etc/passwd", "passwd.pdf"),
    ("..\\..\\windows\\system32\\evil.PDF", "evil.pdf"),
    ("/abs/path/x.pdf", "x.pdf"),
    (".hidden.pdf", "hidden.pdf"),
    ("a\x00b\nc.pdf", "abc.pdf"),
    ("", "upload.pdf"),
    ("..", "upload.pdf"),
    ("<script>.pdf", "script.pdf"),
    ("a<b>c.pdf", "a_b_c.pdf"),
    ("x" * 400 + ".pdf", "x" * 120 + ".pdf"),
    ("Résumé 2020 (final).pdf", "Résumé 2020 (final).pdf"),
])
def test_safe_name_keeps_one_name_inside_one_folder(given, kept):
    assert safe_name(given) == kept
    assert "/" not in kept and "\\" not in kept and not kept.startswith(".")


@pytest.mark.parametrize(("given", "named"), [
    ("DEA #3, Part 1.pdf", "DEA #3, Part 1.pdf"),
    ("production/vol1/0001.pdf", "0001.pdf"),
    ("..\\..\\windows\\evil.PDF", "evil.PDF"),
    ("Memo\u202e\u200b\ufeff 7.pdf", "Memo 7.pdf"),
    ("a\x00b\x1b[31m\x9bc.pdf", "ab[31mc.pdf"),
    ("two\nlines\t and  tabs.pdf", "two lines and tabs.pdf"),
    ("Re\u0301sume\u0301.pdf", "Résumé.pdf"),
    ("x" * 400 + ".pdf", "x" * (MAX_DOCUMENT_NAME - 4) + ".pdf"),  # cut before its ending
    ("..", ""), ("\u200b", ""), ("", ""),
])
def test_document_name_is_the_name_as_sent_its_last_part_and_nothing_invisible(given, named):
    assert document_name(given) == named


def test_a_pdf_is_kept_under_its_safe_name_and_recorded_under_the_name_it_was_sent_under(tmp_path):
    found = receive(io.BytesIO(PDF), tmp_path, "letters/DEA #3, Part 1.pdf")
    assert [(r.stored_name, r.original_name) for r in found] == [("DEA _3_ Part 1.pdf", "DEA #3, Part 1.pdf")]


def test_a_pdf_is_kept_under_its_safe_name_and_two_of_one_name_both_stay(tmp_path):
    first = receive(io.BytesIO(PDF), tmp_path, "../letters/report.pdf")
    second = receive(io.BytesIO(PDF + b"x"), tmp_path, "report.pdf")
    assert [r.stored_name for r in first + second] == ["report.pdf", "report-2.pdf"]
    assert first[0].name == "../letters/report.pdf" and not first[0].refused and first[0].size == len(PDF)
    assert (tmp_path / "report.pdf").read_bytes() == PDF
    assert _left(tmp_path) == ["report-2.pdf", "report.pdf"]


@pytest.mark.parametrize(("data", "name", "reason"), [
    (b"", "empty.pdf", "empty (0 bytes)"),
    (JPEG, "scan.pdf", "a JPEG image, not a PDF"),
    (b"<html><body>hi</body></html>", "page.pdf", "HTML or XML, not a PDF"),
    (b"just some text", "notes.pdf", "a file of another kind, not a PDF or an email"),
    (PDF + b"0" * 5000, "big.pdf", "larger than the 4,096 bytes limit"),
])
def test_what_is_not_a_pdf_or_too_large_is_refused_and_nothing_is_left(tmp_path, data, name, reason):
    found = receive(io.BytesIO(data), tmp_path, name, Limits(max_file_bytes=4096))
    assert len(found) == 1 and reason in found[0].refused and not found[0].stored_name
    assert _left(tmp_path) == []


def test_a_zip_s_pdfs_are_kept_and_its_other_files_refused_by_name(tmp_path):
    data = _zip({"a/one.pdf": PDF, "../../two.pdf": PDF + b"2", "notes.txt": b"hello", "__MACOSX/._one.pdf": b"x",
                 "empty.pdf": b"", "dir/": b""})
    found = receive(io.BytesIO(data), tmp_path, "batch.zip")
    kept = {r.name: r.stored_name for r in found if not r.refused}
    refused = {r.name: r.refused for r in found if r.refused}
    assert kept == {"batch.zip ▸ a/one.pdf": "one.pdf", "batch.zip ▸ ../../two.pdf": "two.pdf"}
    assert [r.original_name for r in found if not r.refused] == ["one.pdf", "two.pdf"]
    assert "not a PDF" in refused["batch.zip ▸ notes.txt"] and "empty" in refused["batch.zip ▸ empty.pdf"]
    assert _left(tmp_path) == ["one.pdf", "two.pdf"]


def test_what_an_upload_s_zips_unpack_to_is_bounded_for_the_whole_upload(tmp_path):
    """GIVEN three zips of one 1,000-byte PDF each, an upload's zips allowed 2,500 bytes WHEN
    uploaded together THEN two are unpacked and the third refused saying why (each zip was
    bounded alone: N zips unpacked N limits), and nothing of it is left."""
    member = (PDF + bytes(range(256)) * 4)[:1000]
    files = [(io.BytesIO(_zip({f"part{n}.pdf": member + bytes([n])})), f"z{n}.zip") for n in range(3)]
    found = receive_all(files, tmp_path, Limits(zip_max_bytes=2500, zip_max_ratio=10_000))
    assert [(r.name, bool(r.refused)) for r in found] == [
        ("z0.zip ▸ part0.pdf", False), ("z1.zip ▸ part1.pdf", False), ("z2.zip", True)]
    assert "zips before it unpacked" in found[2].refused and "upload it on its own" in found[2].refused
    assert _left(tmp_path) == ["part0.pdf", "part1.pdf"]


@pytest.mark.parametrize(("written", "named"), [
    ("Résumé – memo.pdf".encode(), "Résumé – memo.pdf"),  # UTF-8, unflagged (Info-ZIP, 7-Zip, Windows)
    ("Résumé.pdf".encode("cp437"), "Résumé.pdf"),  # a DOS tool's own code page
])
def test_a_zip_member_named_in_utf8_without_the_flag_keeps_its_name(tmp_path, written, named):
    """GIVEN a zip whose member's name is not flagged UTF-8 WHEN it is received THEN the name is
    read as UTF-8 when its bytes are UTF-8 ("r├⌐sum├⌐.pdf" was recorded and cited), else as
    code page 437, as the zip format says."""
    placeholder = b"N" * len(written)
    data = _zip({placeholder.decode(): PDF})
    assert data.count(placeholder) == 2  # the local header and the central directory
    found = receive(io.BytesIO(data.replace(placeholder, written)), tmp_path, "batch.zip")
    assert [(r.name, r.original_name) for r in found] == [(f"batch.zip ▸ {named}", named)]


@pytest.mark.parametrize(("members", "limits", "reason"), [
    ({"bomb.pdf": PDF + b"\x00" * 2_000_000}, Limits(), "compressed"),  # ~2 MB of zeros in a few KB
    ({f"f{i}.pdf": PDF for i in range(6)}, Limits(zip_max_files=5), "holds 6 files"),
    ({"a.pdf": PDF * 40, "b.pdf": PDF * 40}, Limits(zip_max_bytes=3000, zip_max_ratio=10_000), "would unpack to"),
])
def test_a_zip_bomb_or_an_oversized_zip_is_refused_whole_with_the_reason(tmp_path, members, limits, reason):
    found = receive(io.BytesIO(_zip(members)), tmp_path, "bomb.zip", limits)
    assert len(found) == 1 and found[0].refused.startswith("zip refused: ") and reason in found[0].refused
    assert _left(tmp_path) == []


@pytest.mark.parametrize("entries", [30, 70_000])
def test_a_zip_listing_too_many_entries_is_refused_before_its_directory_is_read(tmp_path, monkeypatch, entries):
    """GIVEN a zip listing far more entries than a zip may hold files (hidden names, which are
    left out and were not counted; 70,000 needs the zip64 record's count) THEN it is refused from
    its end record's count, before zipfile builds an object for each entry (was: 200,000 empty
    entries cost a web worker 1.4 s and 110 MB before any bound, and hidden ones counted as
    none)."""
    from ingest import uploads

    data = _zip({f".{i}": b"" for i in range(entries)}, compression=zipfile.ZIP_STORED)
    (tmp_path / "z.zip").write_bytes(data)
    assert uploads.declared_entries(tmp_path / "z.zip") == entries

    def never(*args, **kwargs):
        raise AssertionError("the zip's directory was read")

    monkeypatch.setattr(uploads.zipfile, "ZipFile", never)
    folder = tmp_path / "in"
    folder.mkdir()
    found = receive(io.BytesIO(data), folder, "many.zip", Limits(zip_max_files=5))
    assert [r.refused for r in found] == [
        f"zip refused: it lists {entries:,} entries, more than the 5 files a zip may hold; split it into several zips"]
    assert _left(folder) == []


def test_a_zip_that_lies_about_its_sizes_is_stopped_by_the_bytes_read(tmp_path):
    """GIVEN a member whose header declares 100 bytes but which holds 50 KB THEN the unpacking stops
    at the declared size (zipfile's own check or ours) and nothing is kept."""
    data = bytearray(_zip({"liar.pdf": PDF + b"A" * 50_000}, compression=zipfile.ZIP_STORED))
    for signature in (b"PK\x03\x04", b"PK\x01\x02"):  # local header and central directory: size fields
        at = data.find(signature)
        offset = at + (22 if signature == b"PK\x03\x04" else 24)
        data[offset:offset + 4] = (100).to_bytes(4, "little")
    found = receive(io.BytesIO(bytes(data)), tmp_path, "liar.zip")
    assert len(found) == 1 and found[0].refused
    assert _left(tmp_path) == []


def test_a_stored_zip_is_a_zip_though_a_pdf_header_is_in_its_first_kilobyte(tmp_path):
    found = receive(io.BytesIO(_zip({"in.pdf": PDF}, compression=zipfile.ZIP_STORED)), tmp_path, "s.zip")
    assert [r.stored_name for r in found] == ["in.pdf"]


def test_a_damaged_zip_is_refused(tmp_path):
    found = receive(io.BytesIO(b"PK\x03\x04" + b"\x00" * 100), tmp_path, "broken.zip")
    assert "not a readable zip" in found[0].refused
    assert _left(tmp_path) == []


@pytest.mark.parametrize(("name", "skipped"), [
    (".DS_Store", True), ("production/.DS_Store", True), ("production/.git/config", True),
    ("__MACOSX/production/._a.pdf", True), ("production/vol1/a.pdf", False), ("../../etc/a.pdf", False),
    ("a.pdf", False), ("production/v.1/a.pdf", False),
])
def test_hidden_files_of_a_folder_or_zip_are_left_out_but_traversal_is_not_hidden(name, skipped):
    """``../`` is no hidden file: such a name is kept and made safe (safe_name), never silently dropped."""
    assert left_out(name) is skipped


@pytest.mark.parametrize(("name", "skipped"), [
    (".Report 2019.pdf", False), ("....win.pdf", False), (".DS_Store", False),  # picked by hand: read or refused
    ("production/.DS_Store", True), ("production\\.git\\config", True), ("production/a.pdf", False),
])
def test_only_a_folders_hidden_files_are_left_out_of_an_upload(name, skipped):
    """GIVEN a file picked by hand whose name starts with a dot WHEN uploaded THEN it is read (or
    refused with its reason), never dropped unsaid (was: left out of the batch, its audit entry and
    its page); a folder's hidden files are skipped as before."""
    assert left_out_of_folder(name) is skipped
