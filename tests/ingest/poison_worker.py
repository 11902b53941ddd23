"""Run `foia worker` whose OCR processes die (SIGKILL) on any page POISON_WIDTH points wide.

    python -c "from tests.ingest.poison_worker import main; main()" worker --broker URL ...

A stand-in for a page that crashes the renderer or Tesseract every time: the
wrapper sits outside the product code (nothing in it knows about this), and the
death is real, so Celery's own handling of a lost worker process is what runs.
"""

from __future__ import annotations

import os
import signal

POISON_WIDTH = 613.0


def main() -> None:
    from ingest import workers
    from web.cli import main as foia

    ocr_task = workers.ocr_task

    def poisoned(payload: str, page: int, width_points: float, *rest: object) -> dict:
        if width_points == POISON_WIDTH:
            os.kill(os.getpid(), signal.SIGKILL)
        return ocr_task(payload, page, width_points, *rest)  # type: ignore[arg-type]

    workers.ocr_task = poisoned  # type: ignore[assignment]
    foia()
