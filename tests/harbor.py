"""A small text PDF whose machine reading has the mistakes people correct (issue 16): an email
wrongly split at the top of page 2 (a reply the splitter takes for a new print), a wrongly
merged one on page 3 (a header with no separator, read as a quoted copy), and a memo printed
with mail headers on page 4, read as an email."""

from __future__ import annotations

from pathlib import Path

from archive import Archive, Release
from ingest.pipeline import Ingest

from .web.conftest import make_pdf

RELEASE = Release("harbor", "Harbor survey records", agency="Port Authority")
PAGES = [
    """From: Jane Roe <jane.roe@agency.gov>
Sent: Tuesday, November 13, 2018 3:45 PM
To: John Doe <john.doe@agency.gov>
Subject: Harbor survey schedule

John, the harbor survey starts Monday.
Please confirm the crew list.""",
    """From: Jane Roe <jane.roe@agency.gov>
Sent: Tuesday, November 13, 2018 3:50 PM
To: John Doe <john.doe@agency.gov>
Subject: RE: Harbor survey schedule

One more thing: bring the tide tables.""",
    """From: Mark Ellison <mark.ellison@agency.gov>
Sent: Wednesday, November 14, 2018 9:05 AM
To: Jane Roe <jane.roe@agency.gov>
Subject: Dredging permit

The permit came through this morning.
Details are in the attached letter.
From: Permit Office <permits@port.example.org>
Sent: Tuesday, November 13, 2018 4:10 PM
To: Mark Ellison <mark.ellison@agency.gov>
Subject: Permit 2018-114 approved

Your dredging permit 2018-114 is approved.""",
    """MEMORANDUM FOR THE FILE
From: Jane Roe <jane.roe@agency.gov>
Sent: Friday, November 16, 2018 10:00 AM
To: File <file@agency.gov>
Subject: Survey notes

Notes of the survey meeting held at the harbor office.""",
]
SPLIT_LINE = (3, 6)  # where the Permit Office's email begins (pdfplumber drops blank lines)


def build_harbor(root: Path) -> tuple[Path, Path]:
    """(archive home, PDF): the release ingested by the real pipeline."""
    root.mkdir(parents=True, exist_ok=True)
    pdf = make_pdf(root / "harbor.pdf", PAGES)
    home = root / "archive"
    with Archive.open(home) as archive:
        archive.save_release(RELEASE, actor="cli:test")  # audited, as `foia release create` does
        summary = Ingest(archive, RELEASE.slug).run([pdf])
    assert [o.status for o in summary.outcomes] == ["ingested"], summary.outcomes
    return home, pdf
