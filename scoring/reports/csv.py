"""The report tables as CSV: UTF-8 with BOM (Excel opens it with the right diacritics).

Numbers are written exactly with a decimal point (``81.73``) so other tools read them as numbers.
Text cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return) are prefixed with an apostrophe: unit names come from the submitted files.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

from scoring.reports.tables import Table

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """``text`` made safe to open in a spreadsheet (a formula-like start gets a leading ')."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return neutralise(str(value))


def write_csv(path: Path, table: Table) -> Path:
    """Write ``table`` (header row, then data rows) to ``path``."""
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([neutralise(c.header) for c in table.columns])
        writer.writerows([cell_text(v) for v in row] for row in table.rows)
    return path
