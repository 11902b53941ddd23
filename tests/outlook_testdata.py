"""Real Outlook data files to test ingest/pst.py on, fetched (never committed).

No maintained tool writes a .pst, so the tests read real ones: the npm package pst-extractor
1.12.0 (MIT; a TypeScript .pst reader) ships its own test files in ``example/testdata/``:
``enron.pst`` (14 MB, one mailbox of the public EDRM Enron data set, CC BY 3.0 US, ZL
Technologies), two small Outlook.com ``.ost`` files, the attachments they hold, and
``output.txt``, the folder tree and messages pst-extractor reads in them. The tarball is
downloaded from the npm registry once, checked against its pinned SHA-256, and unpacked into
a cache folder (``$FOIA_TEST_CACHE``, else ``~/.cache/foia-archive-tests``).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tarfile
import tempfile
import urllib.request
from pathlib import Path

URL = "https://registry.npmjs.org/pst-extractor/-/pst-extractor-1.12.0.tgz"
SHA256 = "c4c9eb9e75d09171452a4706df7d0e0e49606c1ca04aa81f30417dd385ad0e30"
MEMBERS = ("enron.pst", "pstextractortest@outlook.com.ost", "pstextractortestpdf@outlook.com.ost", "output.txt",
           "attachments/Clinometer Usage.pdf", "attachments/text.txt")
_PREFIX = "package/example/testdata/"


def cache_root() -> Path:
    return Path(os.environ.get("FOIA_TEST_CACHE") or Path.home() / ".cache" / "foia-archive-tests")


def outlook_testdata(timeout: float = 120) -> Path:
    """The folder holding MEMBERS, fetched and unpacked on first use; OSError (the network, the
    disk) or ValueError (a tarball that is not the pinned one) when it cannot be had."""
    folder = cache_root() / f"pst-extractor-1.12.0-{SHA256[:12]}"
    if all((folder / name).is_file() for name in MEMBERS):
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder.parent, prefix=".fetch-") as scratch:
        tarball = Path(scratch) / "pst-extractor.tgz"
        digest = hashlib.sha256()
        with urllib.request.urlopen(URL, timeout=timeout) as response, open(tarball, "wb") as out:  # noqa: S310 - a fixed https URL
            while chunk := response.read(1 << 20):
                digest.update(chunk)
                out.write(chunk)
        if digest.hexdigest() != SHA256:
            raise ValueError(f"{URL} has SHA-256 {digest.hexdigest()}, not the pinned {SHA256}")
        unpacked = Path(scratch) / "testdata"
        with tarfile.open(tarball) as bundle:
            for name in MEMBERS:
                member = bundle.getmember(_PREFIX + name)
                source = bundle.extractfile(member)
                if source is None:
                    raise ValueError(f"{URL}: {name} is not a file")
                (unpacked / name).parent.mkdir(parents=True, exist_ok=True)
                with source, open(unpacked / name, "wb") as out:
                    shutil.copyfileobj(source, out)
        shutil.rmtree(folder, ignore_errors=True)
        unpacked.rename(folder)  # whole or not at all
    return folder
