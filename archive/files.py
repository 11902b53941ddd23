"""The content-addressed file store: originals kept byte for byte by SHA-256.

Layout: ``<root>/<aa>/<bb>/<sha256><suffix>``: ``.pdf`` for PDFs, ``.eml``, ``.msg``, ``.pst``, ``.ost`` and
``.mbox`` for native mail, ``.bin`` for a message's attachments that are no PDF. Files are written to a temporary
name in the same folder, flushed to disk and renamed into place, so a crash
never leaves a partial file under a real name. No path built from a URL ever
reaches the filesystem except through :meth:`FileStore.path_for`, which accepts
only a well-formed SHA-256.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from .errors import StoreError
from .ids import is_sha256

CHUNK = 1 << 20
SUFFIXES = frozenset({".pdf", ".eml", ".msg", ".mbox", ".pst", ".ost", ".bin"})


def sha256_file(path: Path) -> str:
    """SHA-256 of a file, read in chunks so a large PDF costs no memory."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def copy_file(source: Path, target: Path, *, link: bool) -> None:
    """``target`` as ``source``: a hard link when ``link`` and both are on one file system (the
    archive's files are never changed in place, only replaced or removed), else the bytes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if link:
        try:
            os.link(source, target)
            return
        except OSError:
            pass  # another file system: copy
    shutil.copy2(source, target)


def copy_tree(source: Path, target: Path, *, link: bool) -> int:
    """Every file under ``source`` to the same place under ``target``; returns the bytes."""
    size = 0
    for path in source.rglob("*"):
        if path.is_file():
            copy_file(path, target / path.relative_to(source), link=link)
            size += path.stat().st_size
    return size


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str, suffix: str = ".pdf") -> Path:
        if not is_sha256(sha256):
            raise StoreError(f"not a SHA-256 digest: {sha256[:80]!r}")
        if suffix not in SUFFIXES:
            raise StoreError(f"not a suffix of the file store: {suffix[:20]!r}")
        return self.root / sha256[:2] / sha256[2:4] / f"{sha256}{suffix}"

    def has(self, sha256: str, suffix: str = ".pdf") -> bool:
        return self.path_for(sha256, suffix).is_file()

    def put(self, source: Path, sha256: str, suffix: str = ".pdf") -> Path:
        """Copy ``source`` into the store under ``sha256`` (verified); idempotent."""
        target = self.path_for(sha256, suffix)
        if target.is_file() and target.stat().st_size == source.stat().st_size:
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".incoming-", suffix=suffix)
        tmp = Path(tmp_name)
        try:
            digest = hashlib.sha256()
            with open(source, "rb") as src, os.fdopen(fd, "wb") as dst:
                while chunk := src.read(CHUNK):
                    digest.update(chunk)
                    dst.write(chunk)
                dst.flush()
                os.fsync(dst.fileno())
            if digest.hexdigest() != sha256:
                raise StoreError(
                    f"{source}: the file changed while it was being copied into the archive; "
                    "make sure nothing is writing to it and ingest it again"
                )
            os.replace(tmp, target)
        except OSError as exc:
            raise StoreError(
                f"{source}: could not copy into the file store at {self.root}: {exc.strerror or exc}; "
                "check free space and permissions of the archive folder"
            ) from exc
        finally:
            tmp.unlink(missing_ok=True)
        return target

    def all_digests(self) -> set[str]:
        if not self.root.is_dir():
            return set()
        return {p.stem for p in self.root.glob("??/??/*") if p.suffix in SUFFIXES and is_sha256(p.stem)}

    def clean_incoming(self) -> int:
        """Remove temporary files a killed copy left behind; returns how many."""
        count = 0
        if self.root.is_dir():
            for leftover in self.root.glob("??/??/.incoming-*"):
                leftover.unlink(missing_ok=True)
                count += 1
        return count


