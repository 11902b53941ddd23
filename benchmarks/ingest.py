"""Ingest speed and memory, measured against the raw engines in the same run.

    python benchmarks/ingest.py [--pages 1000] [--ocr-pages 16]

Prints, for a generated text-layer release of printed emails:
  raw pypdfium2 text extraction, raw pdfplumber extract_text (pages closed), and
  the whole ingest (extraction, marks, splitting, parsing, SQLite, index) in pages/s,
  with the ratios the ingest issue targets (>= 0.1x pypdfium2, >= 1x pdfplumber);
  peak memory of a separate process ingesting the whole PDF (target < 500 MB);
  pages OCR'd on the text-layer PDF (target 0);
and for scanned pages: raw single-process render + Tesseract pages/s, the OCR
ingest with all cores, and the ratio to cores x single-process (target >= 0.85).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive import Archive, Release  # noqa: E402
from ingest.pipeline import Ingest  # noqa: E402

WORDS = ("the of and to in for on with requirements cloud services recognition face transcription "
         "translation meeting agency demo pricing security review follow up thanks attached draft "
         "government program pilot data access policy schedule call week").split()


def make_text_pdf(path: Path, pages: int, seed: int = 7) -> None:
    """A release of Outlook-style printed emails, about two pages each, with Bates stamps."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    rng = random.Random(seed)
    c = canvas.Canvas(str(path), pagesize=letter, invariant=1)
    y = 0.0
    email_no = 0

    def new_page(number: int) -> float:
        c.setFont("Helvetica", 8)
        c.drawRightString(560, 30, f"BENCH-{number:06d}")
        c.setFont("Helvetica", 10)
        return 740.0

    page = 1
    y = new_page(page)
    while page <= pages:
        email_no += 1
        header = [
            ("From:", f"Person {email_no % 37} <person{email_no % 37}@example.gov>"),
            ("Sent:", f"Tuesday, November {1 + email_no % 28}, 2018 {1 + email_no % 12}:{email_no % 60:02d} PM"),
            ("To:", f"Staff {email_no % 11} <staff{email_no % 11}@example.com>; (b)(6)"),
            ("Subject:", f"RE: Item {email_no} " + " ".join(rng.choice(WORDS) for _ in range(4))),
        ]
        body_lines = rng.randint(30, 90)
        lines = [f"{k} {v}" for k, v in header] + [""] + [
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14))) for _ in range(body_lines)]
        for line in lines:
            if y < 60:
                c.showPage()
                page += 1
                if page > pages:
                    break
                y = new_page(page)
            c.drawString(72, y, line)
            y -= 13
        y -= 26
    c.save()


def pages_per_second(count: int, seconds: float) -> float:
    return count / seconds if seconds else float("inf")


def raw_pdfium(path: Path) -> tuple[int, float]:
    import pypdfium2 as pdfium

    started = time.perf_counter()
    pdf = pdfium.PdfDocument(str(path))
    n = len(pdf)
    for i in range(n):
        page = pdf[i]
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    pdf.close()
    return n, time.perf_counter() - started


def raw_pdfplumber(path: Path, limit: int) -> tuple[int, float]:
    import pdfplumber

    started = time.perf_counter()
    with pdfplumber.open(path) as pdf:
        n = min(limit, len(pdf.pages))
        for page in pdf.pages[:n]:
            page.extract_text()
            page.close()
    return n, time.perf_counter() - started


def ingest_once(path: Path, jobs: int) -> tuple[float, object]:
    with tempfile.TemporaryDirectory(prefix="foia-bench-") as home, Archive.open(Path(home)) as archive:
        archive.save_release(Release(slug="bench", title="Benchmark"))
        started = time.perf_counter()
        summary = Ingest(archive, "bench", jobs=jobs).run([path])
        return time.perf_counter() - started, summary


def peak_memory_mb(path: Path) -> float:
    """Peak RSS of a fresh process ingesting ``path`` (ru_maxrss of the child)."""
    code = (
        "import resource, sys, tempfile; from pathlib import Path;"
        f"sys.path.insert(0, {str(ROOT)!r});"
        "from benchmarks.ingest import ingest_once;"
        f"ingest_once(Path({str(path)!r}), 1);"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def scanned_pages(limit: int) -> list[tuple[Path, int]]:
    """Scanned pages to OCR: the samples' image-only pages, else the real Chicago release."""
    from ingest.pages import needs_ocr
    from ingest.pdf import read_text_pages

    found: list[tuple[Path, int]] = []
    sources = sorted((ROOT / "samples").rglob("*.pdf")) + sorted(
        (ROOT.parent / "shared" / "realdata" / "chicago-cpd-foia-15-3569").glob("*.pdf"))
    for pdf in sources:
        for page in read_text_pages(pdf):
            if needs_ocr(page.text):
                found.append((pdf, page.number))
                if len(found) >= limit:
                    return found
    return found


def raw_ocr(pages: list[tuple[Path, int]]) -> float:
    """Single process: render each page at 300 dpi and run Tesseract on it."""
    import pytesseract

    from ingest.pdf import render_page

    os.environ["OMP_THREAD_LIMIT"] = "1"
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        for pdf, number in pages:
            image = render_page(pdf, number, 300)
            target = Path(scratch) / "page.pgm"
            image.save(target)
            pytesseract.image_to_data(str(target), config="--psm 3")
    return time.perf_counter() - started


def subset_pdf(pages: list[tuple[Path, int]], target: Path) -> None:
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    for pdf, number in pages:
        src = pdfium.PdfDocument(str(pdf))
        out.import_pages(src, [number - 1])
        src.close()
    out.save(str(target))
    out.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--ocr-pages", type=int, default=16)
    parser.add_argument("--skip-ocr", action="store_true")
    args = parser.parse_args()
    cores = os.cpu_count() or 1

    with tempfile.TemporaryDirectory(prefix="foia-bench-") as scratch:
        pdf = Path(scratch) / "release.pdf"
        make_text_pdf(pdf, args.pages)
        n, t_pdfium = raw_pdfium(pdf)
        m, t_plumber = raw_pdfplumber(pdf, min(200, n))
        t_ingest, summary = ingest_once(pdf, cores)
        fast, plumber, ours = pages_per_second(n, t_pdfium), pages_per_second(m, t_plumber), pages_per_second(n, t_ingest)
        print(f"text-layer release: {n} pages, {summary.emails} emails")  # type: ignore[attr-defined]
        print(f"  raw pypdfium2 text        {fast:9.1f} pages/s")
        print(f"  raw pdfplumber text       {plumber:9.1f} pages/s  ({m} pages, closed after use)")
        print(f"  whole ingest              {ours:9.1f} pages/s  ({t_ingest:.1f} s)")
        print(f"  ratio to pypdfium2        {ours / fast:9.3f}   (target >= 0.1)")
        print(f"  ratio to pdfplumber       {ours / plumber:9.2f}   (target >= 1)")
        print(f"  pages OCR'd               {summary.ocr_pages:9d}   (target 0)")  # type: ignore[attr-defined]
        print(f"  peak memory, {n}-page ingest {peak_memory_mb(pdf):6.0f} MB (target < 500)")

        if args.skip_ocr:
            return
        pages = scanned_pages(args.ocr_pages)
        if not pages:
            print("no scanned pages found for the OCR benchmark")
            return
        scan = Path(scratch) / "scanned.pdf"
        subset_pdf(pages, scan)
        t_raw = raw_ocr([(scan, i + 1) for i in range(len(pages))])
        t_ocr, summary = ingest_once(scan, cores)
        single = pages_per_second(len(pages), t_raw)
        ours = pages_per_second(len(pages), t_ocr)
        print(f"scanned pages: {len(pages)}, {cores} cores")
        print(f"  raw render+Tesseract, 1 process {single:6.2f} pages/s ({t_raw / len(pages):.2f} s/page)")
        print(f"  OCR ingest, {cores} processes        {ours:6.2f} pages/s")
        print(f"  ratio to cores x single         {ours / (cores * single):6.2f}   (target >= 0.85)")


if __name__ == "__main__":
    main()
