"""Office documents attached to mail (Word, Excel, PowerPoint, OpenDocument, RTF) as PDFs.

    office_kind(data)               what office format ``data`` holds, by its content, or ""
    OfficeConverter.to_pdf(path, …) the document as a PDF, converted by LibreOffice headless

The only module that runs LibreOffice. A converted document is ingested like an attached PDF
(pages, OCR where a page has no text, emails printed in it), linked to its message; the
original file stays the message's attachment, downloadable byte for byte.

Office files come from the mail of a records release: untrusted. LibreOffice runs without a
network (a network namespace of its own, by util-linux's ``unshare``: a picture or sheet
linked to a web address cannot make the server fetch it, which LibreOffice's own settings do
not prevent), with a private profile made for the run whose settings forbid macros and
never update links, without a shell, in a session of its own that is killed whole when it
overruns its time; the PDF it writes is then read as any other PDF (bounded pages, text
cleaned). ``FOIA_OFFICE_ISOLATE=0`` converts without the namespace where the kernel allows
none (then linked pictures may be fetched: know what you ingest).
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .outlook import legacy_office_kind

# what a document of each kind is called in messages to people
NAMES = {"docx": "Word document", "xlsx": "Excel workbook", "pptx": "PowerPoint presentation",
         "doc": "Word 97-2003 document", "xls": "Excel 97-2003 workbook", "ppt": "PowerPoint 97-2003 presentation",
         "odt": "OpenDocument text", "ods": "OpenDocument spreadsheet", "odp": "OpenDocument presentation",
         "rtf": "RTF document"}
_OOXML_PARTS = (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx"))
_ODF_TYPES = {b"application/vnd.oasis.opendocument.text": "odt",
              b"application/vnd.oasis.opendocument.spreadsheet": "ods",
              b"application/vnd.oasis.opendocument.presentation": "odp"}
MAX_ZIP_NAMES = 10_000  # a document's package lists its parts; more than this is no office file

# LibreOffice's own settings for the run's private profile: macros never run (level 3: only
# from trusted places, and none are), links in Writer and Calc documents never updated
_PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>2</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>1</value></prop></item>
</oor:items>
"""


def office_kind(data: bytes) -> str:
    """``"docx"``, ``"xlsx"``, …, ``"rtf"`` for an office document, by its bytes; else ``""``."""
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if data.startswith(b"PK\x03\x04"):
        return _package_kind(data)
    return legacy_office_kind(data)


def _package_kind(data: bytes) -> str:
    """An Office Open XML or OpenDocument package's kind, from its list of parts."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
            if len(infos) > MAX_ZIP_NAMES:
                return ""
            names = [info.filename for info in infos]
            if "mimetype" in names and package.getinfo("mimetype").file_size < 100:
                return _ODF_TYPES.get(package.read("mimetype").strip(), "")
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return ""
    if "[Content_Types].xml" not in names:
        return ""
    return next((kind for prefix, kind in _OOXML_PARTS if any(n.startswith(prefix) for n in names)), "")


class ConversionFailed(Exception):
    """An office document LibreOffice could not turn into a PDF; the message says why and what to do."""


@dataclass(frozen=True)
class OfficeConverter:
    """LibreOffice headless, as ``FOIA_SOFFICE`` (a command) and ``FOIA_OFFICE_TIMEOUT`` (seconds) say."""

    command: str = "soffice"
    timeout: float = 120.0
    isolate: bool = True  # no network for LibreOffice (``FOIA_OFFICE_ISOLATE=0`` to go without)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> OfficeConverter:
        command = environ.get("FOIA_SOFFICE", "").strip() or cls.command
        raw = environ.get("FOIA_OFFICE_TIMEOUT", "").strip()
        if raw and (not raw.isdigit() or int(raw) < 1):
            raise ValueError(f"FOIA_OFFICE_TIMEOUT={raw[:40]!r} is not a whole number of seconds above 0; "
                             "fix or unset it")
        isolate = environ.get("FOIA_OFFICE_ISOLATE", "").strip() not in ("0", "no", "false")
        return cls(command, float(raw) if raw else cls.timeout, isolate)

    def to_pdf(self, source: Path, kind: str, workdir: Path) -> Path:
        """``source`` (an office document of ``kind``) converted into a PDF inside ``workdir``."""
        if shutil.which(self.command) is None:
            raise ConversionFailed(
                f"LibreOffice is not available ({self.command!r} is not an installed command): install it "
                "(Debian: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui "
                "libreoffice-impress-nogui) or set FOIA_SOFFICE to its soffice command")
        profile = workdir / "libreoffice-profile"
        _write_profile(profile)
        out = Path(tempfile.mkdtemp(prefix="converted-", dir=workdir))
        # LibreOffice names its output after the input: give it a name of ours with the right suffix
        named = out / f"document.{kind}"
        named.write_bytes(source.read_bytes())
        argv = [self.command, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore",
                "--nolockcheck", "--nodefault", "--nologo", "--convert-to", "pdf", "--outdir", str(out), str(named)]
        if self.isolate:
            argv = ["unshare", "--net", "--map-root-user", "--", *argv]
        try:
            process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                       stderr=subprocess.STDOUT, start_new_session=True,
                                       env={**os.environ, "HOME": str(profile)})
        except OSError as exc:
            raise ConversionFailed(f"LibreOffice could not be started ({argv[0]}: {exc.strerror}); "
                                   "the file is kept as the message's attachment") from None
        try:
            output, _ = process.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise ConversionFailed(f"LibreOffice took longer than {self.timeout:.0f} s to convert it "
                                   "(FOIA_OFFICE_TIMEOUT); the file is kept as the message's attachment") from None
        pdf = out / "document.pdf"
        said = " ".join(output.decode("utf-8", "replace").split())[-200:]
        if self.isolate and process.returncode and said.startswith("unshare:"):
            raise ConversionFailed(f"LibreOffice could not be started without a network ({said}); allow "
                                   "user namespaces (sysctl kernel.unprivileged_userns_clone=1) or set "
                                   "FOIA_OFFICE_ISOLATE=0; the file is kept as the message's attachment")
        if process.returncode or not pdf.is_file() or pdf.stat().st_size == 0:
            raise ConversionFailed(f"LibreOffice could not convert it (exit {process.returncode}"
                                   f"{': ' + said if said else ''}); the file is kept as the message's attachment")
        return pdf


def _write_profile(profile: Path) -> None:
    settings = profile / "user" / "registrymodifications.xcu"
    if not settings.is_file():
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text(_PROFILE_SETTINGS, encoding="utf-8")
