"""A corpus of hostile PDFs, generated on demand (never committed).

Each entry says what it is and what ingest must do with it: ``ingested`` (safely,
text cleaned) or ``failed`` with a message containing ``says``. The files are
made with reportlab, pypdfium2 or raw bytes, so every byte of the hostility is
visible here. Used by tests/reliability/test_hostile_files.py and by
benchmarks/reliability.py.
"""

from __future__ import annotations

import base64
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

LINE = "This page of the release has an ordinary text layer for reading."


@dataclass(frozen=True)
class Hostile:
    name: str
    what: str
    expect: str  # "ingested" or "failed"
    says: str = ""  # a fragment of the failure message (lower case), or of the stored text
    ocr: bool = False  # has a page without usable text (so rendering and OCR run)


def _reportlab(path: Path, pages: list[str], *, size: tuple[float, float] = (612, 792),
               encrypt: object = None) -> Path:
    from reportlab.pdfgen import canvas

    drawing = canvas.Canvas(str(path), pagesize=size, invariant=True, encrypt=encrypt)
    for text in pages:
        y = size[1] - 72
        for line in text.splitlines():
            drawing.drawString(36, y, line)
            y -= 14
        drawing.showPage()
    drawing.save()
    return path


def raw_pdf(objects: list[bytes], *, root: int = 1) -> bytes:
    """A well-formed PDF around raw object bodies (object n is objects[n-1])."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"", *, compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data, 1)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _page_objects(content: bytes, *, media: bytes = b"[0 0 612 792]", resources: bytes = b"",
                  compress: bool = False) -> list[bytes]:
    """Catalog (1), Pages (2), Page (3), content (4), Helvetica (5); extra objects follow."""
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox " + media + b" /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> "
        + resources + b" >> >>",
        _stream(content, compress=compress),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]


def _text(lines: list[str]) -> bytes:
    body = b"".join(b"(" + line.encode("latin-1") + b") Tj 0 -14 Td " for line in lines)
    return b"BT /F1 11 Tf 36 740 Td " + body + b"ET"


# -- the files ------------------------------------------------------------------------------

def good(path: Path) -> Path:
    return _reportlab(path, [LINE + "\nFrom: Jane Roe\nSubject: control sample\n\nzebra crossing budget"])


def xref_garbage(path: Path) -> Path:
    """Every cross-reference offset overwritten with digits pointing nowhere."""
    data = bytearray(_reportlab(path, [LINE + "\nmarmalade inventory"]).read_bytes())
    start = data.rindex(b"\nxref\n")
    table = data[start:data.index(b"trailer", start)]
    data[start:start + len(table)] = re.sub(rb"\d{10} 00000 n", b"9999999999 00000 n", table)
    path.write_bytes(bytes(data))
    return path


def xref_missing(path: Path) -> Path:
    """No cross-reference table, no trailer, no startxref: only the objects."""
    data = _reportlab(path, [LINE + "\npumpernickel ledger"]).read_bytes()
    path.write_bytes(data[:data.rindex(b"\nxref\n")])
    return path


def xref_wrong_start(path: Path) -> Path:
    """startxref points into the middle of an object; the xref stream says Size 3."""
    data = _reportlab(path, [LINE + "\nsassafras memo"]).read_bytes()
    data = re.sub(rb"startxref\n\d+", b"startxref\n17", data)
    path.write_bytes(re.sub(rb"/Size \d+", b"/Size 3", data))
    return path


def truncated_half(path: Path) -> Path:
    data = _reportlab(path, [LINE] * 3).read_bytes()
    path.write_bytes(data[:len(data) // 2])
    return path


def zero_bytes(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def jpeg_renamed(path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (64, 64), "white").save(path, format="JPEG")
    return path


def empty_user_password(path: Path) -> Path:
    """Encrypted, but with an empty user password: any reader opens it without asking."""
    from reportlab.lib import pdfencrypt

    return _reportlab(path, [LINE + "\nquinoa shipment"],
                      encrypt=pdfencrypt.StandardEncryption("", ownerPassword="owner-secret", canPrint=0))


def user_password(path: Path) -> Path:
    from reportlab.lib import pdfencrypt

    return _reportlab(path, [LINE], encrypt=pdfencrypt.StandardEncryption("hunter2", ownerPassword="o"))


def huge_page(path: Path) -> Path:
    """A 14,400 × 14,400 pt page (200 in square, the PDF maximum) without text: it must be rendered."""
    return _reportlab(path, [""], size=(14400, 14400))


def beyond_maximum_page(path: Path) -> Path:
    """A MediaBox far beyond the PDF maximum (10 million points square), no text."""
    path.write_bytes(raw_pdf(_page_objects(b"0 0 m 100 100 l S", media=b"[0 0 10000000 10000000]")))
    return path


def thousands_of_pages(path: Path, count: int = 3000) -> Path:
    """3,000 tiny pages, each with a usable text layer (no OCR)."""
    return _reportlab(path, [f"{LINE}\nsheet {n} of the haystack" for n in range(1, count + 1)], size=(400, 120))


def nested_forms(path: Path, depth: int = 300) -> Path:
    """Form XObjects nested 300 deep, the last drawing itself (a cycle), no text layer."""
    objects = _page_objects(b"/X6 Do", resources=b"/XObject << /X6 6 0 R >>")
    first = len(objects) + 1
    for level in range(depth):
        number = first + level
        child = number + 1 if level < depth - 1 else number  # the deepest form draws itself
        objects.append(_stream(b"0 0 m 10 10 l S /X%d Do" % child,
                               b" /Type /XObject /Subtype /Form /BBox [0 0 612 792]"
                               b" /Resources << /XObject << /X%d %d 0 R >> >>" % (child, child)))
    path.write_bytes(raw_pdf(objects))
    return path


def nested_arrays(path: Path, depth: int = 100_000) -> Path:
    """A page dictionary carrying an array nested 100,000 deep, and a text layer."""
    objects = _page_objects(_text([LINE, "lighthouse keeper"]))
    objects[2] = objects[2][:-2] + b" /Junk " + b"[" * depth + b"]" * depth + b" >>"
    path.write_bytes(raw_pdf(objects))
    return path


def _spaces_deflated(megabytes: int, tail: bytes = b"") -> bytes:
    """``megabytes`` MB of spaces and then ``tail``, deflated a megabyte at a time (the test never
    holds the inflated bytes)."""
    packer = zlib.compressobj(9)
    block = b" " * (1 << 20)
    return b"".join(packer.compress(block) for _ in range(megabytes)) + packer.compress(tail) + packer.flush()


def inflate_bomb(path: Path, megabytes: int = 256) -> Path:
    """A content stream that inflates 256 MB of whitespace from ~250 KB, then shows its text."""
    deflated = _spaces_deflated(megabytes, b"\n" + _text([LINE, "kumquat requisition"]))
    objects = _page_objects(b"")
    objects[3] = _stream(deflated, b" /Filter /FlateDecode")
    path.write_bytes(raw_pdf(objects))
    return path


def wrapped_bomb(path: Path, megabytes: int = 256) -> Path:
    """The same bomb deflated twice and wrapped in ASCII85 (/Filter [/A85 /Fl /Fl]): about 1 KB."""
    twice = base64.a85encode(zlib.compress(_spaces_deflated(megabytes, _text([LINE])), 9)) + b"~>"
    objects = _page_objects(b"")
    objects[3] = _stream(twice, b" /Filter [/ASCII85Decode /FlateDecode /FlateDecode]")
    path.write_bytes(raw_pdf(objects))
    return path


def repeated_contents(path: Path, megabytes: int = 50, times: int = 10) -> Path:
    """One 50 MB content stream (under the limit for one) named ten times by the page's /Contents."""
    objects = _page_objects(b"")
    objects[2] = objects[2].replace(b"/Contents 4 0 R", b"/Contents [" + b"4 0 R " * times + b"]")
    objects[3] = _stream(_spaces_deflated(megabytes, _text([LINE, "persimmon"])), b" /Filter /FlateDecode")
    path.write_bytes(raw_pdf(objects))
    return path


def blank_fax_image(path: Path, side: int = 40_000) -> Path:
    """A 40,000-pixel-square CCITT G4 image of white paper in 5 KB: 190 MB once decoded to render."""
    rows = b"\xff" * (side // 8) + b"\x00\x10\x01\x00\x10\x01"  # one V0 bit per white row, then EOFB
    objects = _page_objects(b"q 612 0 0 792 0 0 cm /Im1 Do Q", resources=b"/XObject << /Im1 6 0 R >>")
    objects.append(_stream(rows, b" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray"
                                 b" /BitsPerComponent 1 /Filter /CCITTFaxDecode"
                                 b" /DecodeParms << /K -1 /Columns %d /Rows %d >>" % (side, side, side, side)))
    path.write_bytes(raw_pdf(objects))
    return path


# ToUnicode: byte codes 1..12 come out as control, C1 and bidi characters.
HOSTILE_CHARS = ["\u202e", "\u200f", "\x07", "\x1b", "\u061c", "\x85", "\u2066", "\x00", "\ufeff", "\x9b",
                 "\u2028", "\u202b"]


def control_characters(path: Path) -> Path:
    """A text layer strewn with control, C1 and right-to-left characters, and markup."""
    cmap_lines = "\n".join(f"<{i + 1:02X}> <{ord(c):04X}>" for i, c in enumerate(HOSTILE_CHARS))
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CMapName /Hostile def /CMapType 2 def\n"
        "1 begincodespacerange <00> <FF> endcodespacerange\n"
        f"{len(HOSTILE_CHARS)} beginbfchar\n{cmap_lines}\nendbfchar\n"
        "1 beginbfrange <20> <7E> <0020> endbfrange\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()
    codes = "".join(chr(i + 1) for i in range(len(HOSTILE_CHARS)))
    lines = [
        f"From: Mallory{codes} <mallory@evil.test>",
        f"Subject: invoice{chr(1)}fdp.exe <script>alert(1)</script>",
        f"The{chr(3)} aardvark{chr(4)} consignment{chr(6)} arrives{chr(10)} tomorrow{codes} morning.",
        LINE,
    ]
    objects = _page_objects(_text(lines))
    objects[4] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>"
    objects.append(_stream(cmap))
    path.write_bytes(raw_pdf(objects))
    return path


CORPUS: list[tuple[Hostile, Callable[[Path], Path]]] = [
    (Hostile("xref-garbage.pdf", "cross-reference offsets all wrong", "ingested", "marmalade"), xref_garbage),
    (Hostile("xref-missing.pdf", "no cross-reference table or trailer", "failed", "corrupt or truncated"),
     xref_missing),
    (Hostile("xref-wrong-start.pdf", "startxref and /Size wrong", "ingested", "sassafras"), xref_wrong_start),
    (Hostile("truncated.pdf", "cut in half", "failed", "corrupt or truncated"), truncated_half),
    (Hostile("zero.pdf", "zero bytes", "failed", "empty"), zero_bytes),
    (Hostile("photo.pdf", "a JPEG renamed .pdf", "failed", "jpeg"), jpeg_renamed),
    (Hostile("empty-password.pdf", "encrypted, empty user password", "ingested", "quinoa"), empty_user_password),
    (Hostile("password.pdf", "encrypted with a user password", "failed", "password"), user_password),
    (Hostile("huge-page.pdf", "14,400 pt square page, no text", "ingested", ocr=True), huge_page),
    (Hostile("beyond-maximum.pdf", "10,000,000 pt square MediaBox, no text", "ingested", ocr=True),
     beyond_maximum_page),
    (Hostile("nested-forms.pdf", "forms nested 300 deep, the last drawing itself", "ingested", ocr=True),
     nested_forms),
    (Hostile("nested-arrays.pdf", "an array nested 100,000 deep", "ingested", "lighthouse"), nested_arrays),
    (Hostile("inflate-bomb.pdf", "256 MB content stream from 250 KB", "failed", "stream object 4 inflates"),
     inflate_bomb),
    (Hostile("wrapped-bomb.pdf", "the same, deflated twice, in ASCII85: 1 KB", "failed",
             "stream object 4 inflates"), wrapped_bomb),
    (Hostile("repeated-contents.pdf", "a 50 MB content stream named 10 times", "failed", "together inflate"),
     repeated_contents),
    (Hostile("blank-fax.pdf", "40,000 px square CCITT image in 5 KB", "failed", "image object 6 is"),
     blank_fax_image),
    (Hostile("control-chars.pdf", "control, C1 and bidi characters, markup", "ingested", "aardvark"),
     control_characters),
]
MANY_PAGES = Hostile("many-pages.pdf", "3,000 tiny pages", "ingested", "haystack")


def build(folder: Path) -> dict[str, tuple[Hostile, Path]]:
    """Write the corpus (without the 3,000-page file) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    return {spec.name: (spec, make(folder / spec.name)) for spec, make in CORPUS}
