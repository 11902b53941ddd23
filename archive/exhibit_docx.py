"""An exhibit list as a Word table (.docx): the one module that imports python-docx.

A heading with the list's title, then a table with a header row: Exhibit, Description (the
full citation, ending with the permalink), Bates, Date. A row a correction changed since it was
listed says so under its citation ("Changed since listed: listed as …; now …"), as does a row whose
permalink listed a merge or split retired ("Listed as <permalink>: …"). Text is set as
text: a citation or title holding markup or a formula stays the characters it is.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from .work import Exhibit

COLUMNS = ("Exhibit", "Description", "Bates", "Date")


def exhibit_table(title: str, exhibits: Sequence[Exhibit], *, prefix: str = "Ex.") -> bytes:
    """The .docx file's bytes."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.add_heading(_printable(title), level=1)
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, COLUMNS, strict=True):
        cell.text = name
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for exhibit in exhibits:
        cells = table.add_row().cells
        values = (f"{prefix} {exhibit.number}", _description(exhibit), exhibit.bates, exhibit.date)
        for cell, value in zip(cells, values, strict=True):
            cell.text = _printable(value)
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(10)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _description(exhibit: Exhibit) -> str:
    """The citation, and beneath it the permalink listed, when a merge or split since retired it,
    and what a correction changed since the row was listed."""
    said = [exhibit.citation]
    if exhibit.moved:
        said.append(f"{exhibit.moved}.")
    if exhibit.changed:
        said.append(f"Changed since listed: {exhibit.changed}.")
    return "\n".join(said)


def _printable(text: str) -> str:
    """XML cannot hold control characters (text from a PDF may have them): they become spaces."""
    return "".join(c if c.isprintable() or c in "\t\n" else " " for c in text)
