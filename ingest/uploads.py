"""Receiving uploaded files: checked by content, bounded, safely named, never half-visible.

    safe_name(name)                      a client's file name -> one safe name inside one folder
    document_name(name)                  a client's file name -> the name its document records and is
                                         cited by (text, never a path)
    left_out(name)                       a hidden file of an uploaded folder or zip, skipped
    left_out_of_folder(name)             ... of an upload's files: only of a folder's
    receive(stream, folder, name, ...)   one uploaded file (a PDF, an .eml, .msg or .mbox, or a zip of
                                         them) into a batch's
                                         folder -> what was kept and what was refused, and why

Everything about an upload is untrusted: its name, its declared type, a zip's
declared sizes. A file is stored under its safe name, but its document records the name it
was sent under (a zip member's, a folder's file's, without its folders: `foia ingest` records
a file in a sub-folder by its own name too), so a citation names the file as the agency
released it. A file is written under a ``.part-`` name in chunks (never whole in
memory) and renamed only when it is whole and checked, so a half-received file is
never a batch's file; a refused file leaves nothing behind. A PDF is known by its
first bytes (``%PDF-``), not its name, and native mail by its content too (ingest/native.py). A zip is opened only within bounds: how many
files, how much it unpacks to, and how far each member is compressed (a zip bomb
is refused with the reason, before and while unpacking: declared sizes are checked
against the bytes actually read).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from archive.batches import PART_PREFIX, Received
from archive.invisible import remove_invisible

from .native import MEDIA_TYPES, looks_like_pdf, sniff

CHUNK = 1 << 20
HEAD_BYTES = 1024  # what is read of a file to tell its kind (``looks_like_pdf`` looks within it)
MAX_NAME = 120
MAX_DOCUMENT_NAME = 255  # as long as a file's name may be on the disks agencies release from
_UNSAFE = re.compile(r"[^\w.() -]+")
_KNOWN_KINDS: list[tuple[bytes, str]] = [
    (b"\xff\xd8\xff", "a JPEG image"), (b"\x89PNG", "a PNG image"), (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"), (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
    (b"PK\x03\x04", "a zip file"), (b"<", "HTML or XML"), (b"{", "JSON"), (b"\x1f\x8b", "a gzip file"),
    (b"Rar!", "a RAR archive"), (b"7z\xbc\xaf", "a 7-Zip archive"),
]


@dataclass(frozen=True)
class Limits:
    """Bounds on one upload (README, Upload: the settings that change them)."""

    max_file_bytes: int = 256 * 1024 * 1024  # one PDF, or one zip as uploaded
    zip_max_files: int = 1000  # members of one zip
    zip_max_bytes: int = 1024 * 1024 * 1024  # what an upload's zips unpack to, in all
    zip_spent: int = 0  # of it, what the upload's zips received before unpacked
    zip_max_ratio: int = 100  # how far one member may be compressed (a zip bomb: thousands to one)


class _Refused(Exception):
    """One file (or a whole zip) that is not kept; the message says why and what to do."""


def printable(name: str, limit: int = 200) -> str:
    """A name as it may be shown and logged: printable characters only, bounded."""
    return "".join(c for c in unicodedata.normalize("NFC", name) if c.isprintable())[:limit] or "(no name)"


def left_out(name: str) -> bool:
    """Is this a file a folder or zip holds that no one meant to upload (``.DS_Store``, ``.git/``,
    ``__MACOSX/``)? Such files are skipped, not refused."""
    parts = [part for part in re.split(r"[/\\]", name) if part]
    return any((part.startswith(".") and part not in (".", "..")) or part == "__MACOSX" for part in parts)


def left_out_of_folder(name: str) -> bool:
    """``left_out`` for a file of an upload: only a file of an uploaded folder (its name holds the
    folder's path) is skipped so; a file picked by hand is read whatever its name (".Report.pdf"),
    and refused with a reason if it is no file of ours."""
    return bool(re.search(r"[/\\]", name)) and left_out(name)


def _last_part(name: str) -> str:
    """The last part of a client's path, whichever separator its system uses."""
    return re.split(r"[/\\]", unicodedata.normalize("NFC", name))[-1]


def safe_name(name: str, *, suffix: str = ".pdf") -> str:
    """The last part of a client's path, in letters, digits, spaces and ``._()-``, not hidden,
    bounded, ending in ``suffix``: nothing a file name can do (``../``, ``C:\\``, NUL, a leading
    dot, a device name) survives it."""
    base = _last_part(name)
    base = _UNSAFE.sub("_", "".join(c for c in base if c.isprintable())).strip(" ._")
    stem = base[: -len(suffix)] if base.lower().endswith(suffix) else base
    stem = stem[:MAX_NAME].strip(" ._") or "upload"
    return stem + suffix


def document_name(name: str) -> str:
    """The name a document records for an uploaded file, and its citation prints: the last part
    of the client's path as sent, without invisible characters, blanks as one space, bounded
    ("" when nothing is left). Shown and cited, never a path: the file is kept as safe_name."""
    base = _last_part(name)
    base = " ".join(remove_invisible(base).split())
    if len(base) > MAX_DOCUMENT_NAME:  # cut before its ending, which says what the file is
        suffix = Path(base).suffix[:16]
        base = base[:MAX_DOCUMENT_NAME - len(suffix)].rstrip() + suffix
    return base if base.strip(".") else ""


def _unique(folder: Path, name: str) -> Path:
    target = folder / name
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{Path(name).stem}-{n}{Path(name).suffix}"
    return target


def _kind(head: bytes, path: Path) -> str:
    """"zip", "pdf", or native mail ("eml", "msg", "mbox", "pst", "ost": ingest/native.py), by content; else ""."""
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):  # first: a stored zip holds "%PDF-" in its first KB
        return "zip"
    if looks_like_pdf(head):
        return "pdf"
    kind = sniff(path)
    return kind if kind in MEDIA_TYPES else ""


def _described(head: bytes) -> str:
    """What a refused file is, by its first bytes, to come before ", not a PDF or an email"."""
    return next((text for magic, text in _KNOWN_KINDS if head.startswith(magic)), "a file of another kind")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


def _copy(read: Callable[[int], bytes], part: Path, limit: int, what: str) -> int:
    """Write ``read``'s bytes to ``part`` in chunks, flushed to disk; _Refused past ``limit``."""
    size = 0
    with open(part, "xb") as out:
        while chunk := read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise _Refused(f"{what} larger than the {_megabytes(limit)} limit; split it into smaller "
                               "files, or ask an admin to raise FOIA_UPLOAD_MAX_FILE_MB")
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    return size


def _keep(part: Path, folder: Path, name: str, kind: str = "pdf") -> Path:
    """Rename a whole, checked file into place: from now on it is one of the batch's files."""
    target = _unique(folder, safe_name(name, suffix=f".{kind}"))
    os.replace(part, target)
    return target


def receive(stream: BinaryIO, folder: Path, name: str, limits: Limits = Limits()) -> list[Received]:
    """Receive one uploaded file into ``folder``: a PDF is kept; a zip's PDFs are kept; anything
    else is refused with the reason. Nothing refused is left in ``folder``."""
    shown = printable(name)
    part = folder / f"{PART_PREFIX}{secrets.token_hex(8)}"
    try:
        size = _copy(stream.read, part, limits.max_file_bytes, "it is")
        if size == 0:
            raise _Refused("the file is empty (0 bytes); upload it again, whole")
        with open(part, "rb") as handle:
            head = handle.read(HEAD_BYTES)
        kind = _kind(head, part)
        if kind == "pdf" or kind in MEDIA_TYPES:
            kept = _keep(part, folder, name, kind)
            return [Received(shown, kept.name, size, original_name=document_name(name))]
        if kind == "zip":
            return _unpack(part, folder, shown, limits)
        raise _Refused(f"{_described(head)}, not a PDF or an email (a file is known by its content, not its "
                       "name); upload the PDF itself, an .eml, .msg, .mbox, .pst or .ost, or a .zip of them")
    except _Refused as exc:
        return [Received(shown, refused=str(exc))]
    finally:
        part.unlink(missing_ok=True)


def receive_all(files: Iterable[tuple[BinaryIO, str]], folder: Path, limits: Limits = Limits()) -> list[Received]:
    """``receive`` each (stream, name) of one upload, the zips' unpacking bounded for the whole
    upload: ``zip_max_bytes`` is what all its zips unpack to, not each (four zips of a limit
    each unpacked four limits; the README says "in all")."""
    received: list[Received] = []
    for stream, name in files:
        got = receive(stream, folder, name, limits)
        shown = printable(name)
        unpacked = sum(r.size for r in got if not r.refused and r.name != shown)  # a zip's members
        limits = replace(limits, zip_spent=limits.zip_spent + unpacked)
        received += got
    return received


_END = b"PK\x05\x06"  # the end of central directory record
_ZIP64_LOCATOR, _ZIP64_END = b"PK\x06\x07", b"PK\x06\x06"
_ENTRIES_PER_FILE = 4  # a folder's entry, a Mac's "__MACOSX/._name" twin, beside each file


def declared_entries(path: Path) -> int | None:
    """How many entries a zip's end record says its directory lists (its zip64 record's count when
    there are more than 65,534), read before zipfile builds an object for each one; None when the
    record is not found (zipfile then says what is wrong)."""
    with open(path, "rb") as handle:
        size = handle.seek(0, 2)
        start = max(0, size - (22 + 65_535))  # the record, and a comment of at most 64 KB after it
        handle.seek(start)
        tail = handle.read()
        at = tail.rfind(_END)
        if at < 0 or len(tail) < at + 22:
            return None
        entries = int.from_bytes(tail[at + 10:at + 12], "little")
        locator = at - 20
        if entries != 0xFFFF or locator < 0 or tail[locator:locator + 4] != _ZIP64_LOCATOR:
            return entries
        handle.seek(int.from_bytes(tail[locator + 8:locator + 16], "little"))
        record = handle.read(40)
        return int.from_bytes(record[32:40], "little") if record[:4] == _ZIP64_END else None


def _members(archive: zipfile.ZipFile, shown: str, limits: Limits) -> list[zipfile.ZipInfo]:
    """The zip's files, if its declared contents are within bounds (_Refused otherwise)."""
    members = [m for m in archive.infolist() if not m.is_dir() and not left_out(m.filename)]
    if len(members) > limits.zip_max_files:
        raise _Refused(f"it holds {len(members):,} files, more than the {limits.zip_max_files:,} a zip may hold; "
                       "split it into several zips")
    total = sum(m.file_size for m in members)
    if total > limits.zip_max_bytes - limits.zip_spent:
        if limits.zip_spent:
            raise _Refused(f"it would unpack to {_megabytes(total)}, and the upload's zips before it unpacked "
                           f"{_megabytes(limits.zip_spent)} of the {_megabytes(limits.zip_max_bytes)} an upload's "
                           "zips may unpack to in all; upload it on its own")
        raise _Refused(f"it would unpack to {_megabytes(total)}, more than the {_megabytes(limits.zip_max_bytes)} "
                       "limit (a possible zip bomb); split it into smaller zips")
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > limits.zip_max_ratio:
            raise _Refused(f"{printable(member.filename)} is compressed {ratio:,.0f} to 1, more than the "
                           f"{limits.zip_max_ratio} to 1 a real PDF is (a zip bomb): refused")
    return members


def _member_name(member: zipfile.ZipInfo) -> str:
    """A zip member's name as its maker wrote it: a name not flagged UTF-8 is read by zipfile as
    code page 437, but most tools (Info-ZIP, 7-Zip, Windows' own) write UTF-8 without the flag,
    so "résumé.pdf" came out "r├⌐sum├⌐.pdf"; read as UTF-8 when its bytes are UTF-8."""
    if member.flag_bits & 0x800:
        return member.filename
    try:
        return member.filename.encode("cp437").decode("utf-8")
    except UnicodeError:  # really code page 437 (or another legacy code page): as zipfile read it
        return member.filename


def _unpack(part: Path, folder: Path, shown: str, limits: Limits) -> list[Received]:
    """Each PDF of a zip kept under a safe name; its other files refused one by one; the whole
    zip refused (and whatever it had unpacked removed) when it breaks a bound."""
    found: list[Received] = []
    listed = declared_entries(part)
    if listed is not None and listed > limits.zip_max_files * _ENTRIES_PER_FILE:
        # refused before zipfile reads the directory: an object and memory for every entry
        return [Received(shown, refused=f"zip refused: it lists {listed:,} entries, more than the "
                                        f"{limits.zip_max_files:,} files a zip may hold; split it into several zips")]
    try:
        with zipfile.ZipFile(part) as archive:
            members = _members(archive, shown, limits)
            unpacked = 0
            for member in members:
                name = _member_name(member)
                label = f"{shown} ▸ {printable(name)}"
                if member.flag_bits & 0x1:
                    found.append(Received(label, refused="encrypted in the zip; upload it unencrypted"))
                    continue
                piece = folder / f"{PART_PREFIX}{secrets.token_hex(8)}"
                try:
                    with archive.open(member) as source:
                        # the bytes actually read are bounded, whatever the zip declares
                        size = _copy(source.read, piece, min(member.file_size, limits.max_file_bytes,
                                                             limits.zip_max_bytes - limits.zip_spent - unpacked),
                                 "a member is")
                    unpacked += size
                    with open(piece, "rb") as handle:
                        head = handle.read(HEAD_BYTES)
                    if size == 0:
                        found.append(Received(label, refused="empty (0 bytes) in the zip"))
                    elif (kind := _kind(head, piece)) != "pdf" and kind not in MEDIA_TYPES:
                        found.append(Received(label, refused=f"{_described(head)}, not a PDF or an email; only "
                                                             "the zip's PDFs and mail are ingested"))
                    else:
                        kept = _keep(piece, folder, name, kind)
                        found.append(Received(label, kept.name, size, original_name=document_name(name)))
                finally:
                    piece.unlink(missing_ok=True)
    except _Refused as exc:
        _drop(folder, found)
        return [Received(shown, refused=f"zip refused: {exc}")]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError) as exc:
        _drop(folder, found)
        return [Received(shown, refused=f"not a readable zip ({exc}); make it again, or upload the PDFs")]
    if not found:
        return [Received(shown, refused="the zip holds no files")]
    return found


def _drop(folder: Path, found: list[Received]) -> None:
    for item in found:
        if item.stored_name:
            (folder / item.stored_name).unlink(missing_ok=True)


def discard(folder: Path) -> None:
    """Remove a batch's folder that never became a batch (every file refused)."""
    shutil.rmtree(folder, ignore_errors=True)
