"""The report tables as CSV: UTF-8 with BOM (Excel opens it with the right diacritics).

Numbers are written exactly with a decimal point (``81.73``) so other tools read them as numbers.
Text cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return) are prefixed with an apostrophe: unit names come from the submitted files.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from itertools import repeat
from pathlib import Path
from typing import Any, Sequence

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
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow([neutralise(c.header) for c in table.columns])
    if table.rows:
        columns = zip(*table.rows)
        writer.writerows(zip(*[_column_text(cells, c.kind) for cells, c in zip(columns, table.columns)]))
    # the BOM utf-8-sig would write, with one C-level encode instead of its encoder per row
    path.write_bytes(b"\xef\xbb\xbf" + text.getvalue().encode())
    return path


#: Cells the csv writer already writes as :func:`cell_text` does (``None`` as "", ints with str).
_AS_IS = frozenset({int, bool, type(None)})


def _column_text(cells: tuple[Any, ...], kind: str) -> Sequence[Any]:
    """One column's cells as :func:`cell_text` writes them, converting only what needs it.

    Tables are converted column by column because a column (almost) always holds its kind's type:
    whole columns then go through C-level ``map``.  The unbound methods check every cell's type
    (TypeError on anything else), and any surprise falls back to :func:`cell_text` per cell.
    """
    try:
        if kind in ("points", "percent"):
            texts = list(map(Decimal.__str__, cells))
            joined = "".join(texts)
            if "E" not in joined and "e" not in joined:  # no exponent: str(d) is f"{d:f}"
                return texts
        elif kind == "text":
            if not any(map(str.startswith, cells, repeat(_FORMULA_START))):
                return cells
        elif set(map(type, cells)) <= _AS_IS:
            return cells
    except TypeError:
        pass
    return [cell_text(v) for v in cells]
