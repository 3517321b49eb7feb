"""The "Điều kiện xếp loại" sheet: each gate's condition as rows, in words — no JSON in a cell.

A gate's row says its condition when it has one (Xét, mã, ô nhập, so sánh, giá trị); a gate whose
condition joins several says "Tất cả" or "Một trong" in "Kết hợp các điều kiện", and each joined
condition is a row under it without a Mã.  A condition nested deeper than that (the format allows
it; no decision seen needs it) is kept whole in "Tham số khác", so the round trip stays exact.
"""

from __future__ import annotations

from typing import Any

from scoring.jobs.ruleset_xlsx.layout import TABLES, TableSpec
from scoring.jobs.ruleset_xlsx.settings import label_of

GATES: TableSpec = next(t for t in TABLES if t.path == ("classification", "gates"))
_COLS = {c.header: i for i, c in enumerate(GATES.columns)}
H_COMBINE, H_SUBJECT, H_ID, H_FIELD, H_OP, H_VALUE = (c.header for c in GATES.columns[1:7])
#: Keys of a simple condition by what it looks at, and the column of each.
_SIMPLE = {"input": (("input", H_ID), ("field", H_FIELD), ("op", H_OP), ("value", H_VALUE)),
           "points": (("points", H_ID), ("op", H_OP), ("value", H_VALUE))}


def subject(condition: Any) -> str | None:
    """"input" or "points" for a condition the columns can carry exactly, else None."""
    if not isinstance(condition, dict):
        return None
    for kind, keys in _SIMPLE.items():
        allowed = {key for key, _ in keys}
        if kind in condition and set(condition) <= allowed and all(
                _plain(condition[k]) for k in condition):
            return kind
    return None


def _plain(value: Any) -> bool:
    return isinstance(value, (str, int, float)) or type(value).__name__ == "Decimal"


def gate_rows(gates: list[dict[str, Any]]) -> list[list[Any]]:
    """The rows of the gates sheet: a gate, then the conditions it joins."""
    from scoring.jobs.ruleset_xlsx.writecells import record_row

    rows = []
    for gate in gates:
        when = gate.get("when")
        joined = _joined(when)
        rest = {k: v for k, v in gate.items() if k != "when" or (joined is None and subject(when) is None)}
        row = record_row(rest, GATES.columns)
        under: list[list[Any]] = []
        if joined is not None:
            combine, conditions = joined
            row[_COLS[H_COMBINE]] = label_of("combine", combine)
            under = [condition_cells([None] * len(GATES.columns), c) for c in conditions]
        elif subject(when):
            condition_cells(row, when)
        rows += [row, *under]
    return rows


def _joined(when: Any) -> tuple[str, list[dict[str, Any]]] | None:
    if isinstance(when, dict) and len(when) == 1:
        (combine, conditions), = when.items()
        if combine in ("all", "any") and isinstance(conditions, list) and conditions \
                and all(subject(c) for c in conditions):
            return combine, conditions
    return None


def condition_cells(row: list[Any], condition: dict[str, Any]) -> list[Any]:
    """``row`` with the condition's columns filled in words."""
    from scoring.jobs.ruleset_xlsx.writecells import cell

    kind = subject(condition)
    row[_COLS[H_SUBJECT]] = label_of("subject", kind)
    for key, header in _SIMPLE[kind]:  # type: ignore[index]
        if key in condition:
            value = condition[key]
            row[_COLS[header]] = (label_of("op", value) if key == "op" else
                                  cell("scalar" if key == "value" else "text", value))
    return row


def condition_from(cells: dict[str, Any], absent: Any) -> dict[str, Any] | None:
    """The condition a row's cells say (None when they say none), keys in the format's order."""
    wanted = [cells[h] for h in (H_SUBJECT, H_ID, H_FIELD, H_OP, H_VALUE)]
    if all(v is absent for v in wanted):
        return None
    kind = "input" if cells[H_SUBJECT] is absent else cells[H_SUBJECT]
    return {key: cells[header] for key, header in _SIMPLE[kind] if cells[header] is not absent}


#: JSON key of a condition → the heading of its column (for the origins map).
CONDITION_HEADINGS = {key: header for keys in _SIMPLE.values() for key, header in keys}
#: Columns of a gate's own (not its conditions') values: a row with none of them is a condition row.
GATE_ONLY = tuple(c.header for c in GATES.columns if c.key not in (None, "id") or c.kind == "extra") + (H_COMBINE,)
