"""Text stays text in the workbooks dvk fills with people's words.

openpyxl turns any string that starts with ``=`` into a formula when it is assigned to a cell, so
a roster name such as ``=HYPERLINK("http://…","Bấm vào đây")`` would become a live link (or
worse) in the office's missing-units workbook.  Workbooks made only of data (rosters, statuses,
appraisal and explanation sheets) pass through :func:`literal_text` before they are saved: every
cell openpyxl took for a formula is written back as the text it was given.  (The streamed
writer, :mod:`scoring.formats.xlsxstream`, writes every string as inline text already.)
"""

from __future__ import annotations

from typing import Any


def literal_text(book: Any) -> int:
    """Make every formula cell of the openpyxl ``book`` a text cell holding the same characters;
    how many cells were changed."""
    changed = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
                    changed += 1
    return changed
