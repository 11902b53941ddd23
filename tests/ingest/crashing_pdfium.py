"""Run `foia` whose PDF reader (PDFium) aborts the process that opens any file named poison*.pdf,
and never returns from one named endless*.pdf (PDFium stuck in a loop; each time it is opened,
its name is written to the file CRASHING_PDFIUM_LOG names, when set), nor from drawing a page of
one named stuckdraw*.pdf (its pages are counted and its text layer read).

    python -c "from tests.ingest.crashing_pdfium import main; main()" ingest ...

A stand-in for a PDF that crashes PDFium (a segfault or double free in C, which no Python
``except`` catches): the wrapper sits outside the product code and replaces the one function
through which ingest/pdf.py opens every file; whichever process opens the poison dies for real.
"""

from __future__ import annotations

import inspect
import os
import time
from pathlib import Path
from typing import Any

POISON, ENDLESS, STUCK_DRAWING = "poison", "endless", "stuckdraw"


def main() -> None:
    from ingest import pdf
    from web.cli import main as foia

    opened = pdf._open

    def crashing(path: Path, data: bytes | None = None) -> Any:
        if Path(path).name.startswith(POISON):
            os.abort()
        drawing = Path(path).name.startswith(STUCK_DRAWING) and any(f.function == "_render" for f in inspect.stack())
        if Path(path).name.startswith(ENDLESS) or drawing:
            if log := os.environ.get("CRASHING_PDFIUM_LOG"):
                with open(log, "a") as opened_log:
                    opened_log.write(Path(path).name + "\n")
            while True:
                time.sleep(1)
        return opened(path, data)

    pdf._open = crashing  # type: ignore[assignment]
    foia()
