"""Cells of a ruleset workbook as written: each JSON value in the cell that carries it exactly
(numbers as Excel keeps them, yes/no words, closed lists by their labels), or :data:`_NONE` when
the column cannot, so the value goes to the row's "Tham số khác" lines.  Shared by the sheets'
writers (:mod:`~scoring.jobs.ruleset_xlsx.write`, ``gates``, ``register``)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from scoring.jobs.ruleset_xlsx.layout import Col, encode_text, extra_lines, number_text
from scoring.jobs.ruleset_xlsx.settings import CHOICES, label_of

_NONE = object()  # a value the column cannot carry exactly: it goes to the extra lines


def cell(kind: str, value: Any) -> Any:
    """The cell that carries ``value`` exactly in a column of ``kind``, or ``_NONE``."""
    if kind == "text":
        return value if isinstance(value, str) and value != "" else _NONE
    if kind == "number":
        return number_cell(value) if is_number(value) else _NONE
    if kind == "bool":
        return encode_text(value) if isinstance(value, bool) else _NONE
    if kind == "ids":
        ok = isinstance(value, list) and value and all(
            isinstance(v, str) and v and "," not in v and v == v.strip() for v in value)
        return ", ".join(value) if ok else _NONE
    if kind == "value":
        return number_cell(value) if is_number(value) else encode_text(value)
    if kind == "scalar" and (isinstance(value, (str, bool)) or is_number(value)):
        return _scalar_cell(value)
    return _NONE


def list_cell(choices: str, value: Any) -> Any:
    """Codes of a closed list as their labels joined by "; " (``_NONE`` unless all are its codes)."""
    codes = [code for code, _ in CHOICES[choices]]
    ok = isinstance(value, list) and value and all(isinstance(v, str) and v in codes for v in value)
    return "; ".join(label_of(choices, v) for v in value) if ok else _NONE


def _scalar_cell(value: Any) -> Any:
    if is_number(value):
        return number_cell(value)
    if isinstance(value, bool):
        return encode_text(value)
    from scoring.jobs.ruleset_xlsx.cells import scalar

    return value if value and scalar(value) == value else json.dumps(value, ensure_ascii=False)


def is_number(value: Any) -> bool:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


def number_cell(value: int | Decimal) -> Any:
    """A number cell when Excel's double keeps the value exactly, else the number as text."""
    exact = Decimal(f"{float(value):.16G}") == value
    return value if exact else number_text(value)


def record_row(record: dict[str, Any], columns: tuple[Col, ...]) -> list[Any]:
    """One row of a record table; keys no column carries go to the "Tham số khác" cell."""
    row: list[Any] = []
    used: set[str] = set()
    for col in columns:
        if col.kind == "list":
            value = list_cell(col.choices or "", record[col.key]) if col.key in record else _NONE
        else:
            value = cell(col.kind, record[col.key]) if col.key in record else _NONE
        if col.choices and value is not _NONE and col.kind != "list":
            value = label_of(col.choices, value)
        if value is not _NONE:
            used.add(col.key)  # type: ignore[arg-type]
        row.append(None if value is _NONE else value)
    extra = {k: v for k, v in record.items() if k not in used}
    row[[c.kind for c in columns].index("extra")] = extra_lines(extra) or None
    return row
