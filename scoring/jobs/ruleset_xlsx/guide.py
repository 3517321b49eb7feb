"""The "Hướng dẫn" sheet and the dropdowns of a ruleset workbook, from the declared settings.

"Hướng dẫn" lists every setting the format has — whether or not the ruleset written uses it — with
its default and the words it accepts, so that a rule author can add a row the source did not need.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from scoring.jobs.ruleset_xlsx.layout import (
    CRITERIA_COLUMNS,
    GROUP_LABEL,
    METHODS,
    POOL_COLUMNS,
    POOLS,
    SHEET_CRITERIA,
    SHEET_INFO,
    SHEET_POOLS,
    TABLES,
    WORDS_FALSE,
    WORDS_TRUE,
    Col,
)
from scoring.jobs.ruleset_xlsx.settings import (
    BY_KEY,
    PARAMETERS,
    REQUIRED,
    SETTINGS,
    default_of,
    label_of,
    labels,
)
from scoring.reports.tables import Column, Table

SHEET_GUIDE = "Hướng dẫn"
GUIDE_COLUMNS = [Column("Trang", "text", 14), Column("Mục hoặc cột", "text", 34), Column("Mặc định", "text", 22),
                 Column("Ghi một trong", "text", 40), Column("Ghi chú", "text", 44)]
YES_NO = (WORDS_TRUE[0], WORDS_FALSE[0])
#: How far below the last written row a dropdown reaches (rows the author adds).
SPARE_ROWS = 200


def guide_table() -> Table:
    """Every setting of "Thông tin", every column with a closed list, and the scoring methods."""
    rows: list[list[Any]] = []
    for setting in SETTINGS:
        if setting.key == "$schema":
            continue
        offered = "; ".join(labels(setting.choices)) if setting.choices else "có; không" if setting.kind == "bool" else ""
        rows.append([SHEET_INFO, setting.label, _default(setting.key), offered, _note(setting.kind, setting.note)])
    for sheet, path, columns in _column_sheets():
        for col in columns:
            if col.choices or col.kind == "bool" or col.note:
                offered = "; ".join(labels(col.choices)) if col.choices else "có; không" if col.kind == "bool" else ""
                default = _shown(default_of(f"{path}.{col.key}"), col.choices) if path and col.key else ""
                rows.append([sheet, col.header, default, offered, col.note])
    methods = "; ".join(label for label, _ in METHODS.values())
    rows.append([SHEET_CRITERIA, "Phương pháp chấm", "", f"{methods}; {GROUP_LABEL}",
                 "Mức, ngưỡng, việc hoặc loại trừ điểm của tiêu chí ghi ở các dòng không có STT ngay dưới tiêu chí."])
    rows.append([SHEET_POOLS, "Khoản", "", "; ".join(POOLS.values()), ""])
    rows += _method_parameters()
    return Table(SHEET_GUIDE, SHEET_GUIDE, "Hướng dẫn ghi bộ tiêu chí", GUIDE_COLUMNS, rows)


def _method_parameters() -> list[list[Any]]:
    """Each method's parameters, as written in the "Tham số" cell ("tên: giá trị", one a line)."""
    from scoring.rules.methods import REGISTRY

    rows = []
    for type_, cls in REGISTRY.items():
        label, listed = METHODS[type_]
        for key, field in cls.model_fields.items():
            if key in ("type", listed):
                continue
            name, choices = PARAMETERS.get(key, (key, None))
            default = _shown(REQUIRED if field.is_required() else field.get_default(call_default_factory=True),
                             choices)
            rows.append([SHEET_CRITERIA, f"Tham số của '{label}': {name}", default,
                         "; ".join(labels(choices)) if choices else "", ""])
    for key in ("cap_at_max", "max_by_unit_type", "unit_may_declare_not_applicable"):
        rows.append([SHEET_CRITERIA, f"Tham số của nhóm hoặc tiêu chí: {PARAMETERS[key][0]}", "Để trống", "", ""])
    return rows


def _column_sheets() -> list[tuple[str, str | None, tuple[Col, ...]]]:
    """(sheet, path of the list its rows are records of, columns) of every table sheet."""
    return [(SHEET_CRITERIA, "criteria", CRITERIA_COLUMNS), (SHEET_POOLS, "bonus.items", POOL_COLUMNS),
            *((t.sheet, ".".join(t.path), t.columns) for t in TABLES)]


def _default(key: str) -> str:
    return _shown(BY_KEY[key].default, BY_KEY[key].choices)


def _shown(value: Any, choices: str | None) -> str:
    """A default as the "Mặc định" cell says it: a choice's label, yes/no, a number with a comma."""
    if value is REQUIRED:
        return "Bắt buộc ghi"
    if value is None or value == () or value == "":
        return "Để trống"
    if isinstance(value, bool):
        return YES_NO[0] if value else YES_NO[1]
    if isinstance(value, (int, Decimal)):
        return f"{value}".replace(".", ",")
    if isinstance(value, str):
        return str(label_of(choices, value)) if choices else value
    return "Để trống"  # objects (ranking, rounding…) have their own rows


def _note(kind: str, note: str) -> str:
    words = {"date": "Ngày dạng ngày/tháng/năm, ví dụ 02/01/2025.", "number": "Số; phần lẻ ghi dấu phẩy, ví dụ 0,25."}
    return " ".join(part for part in (note, words.get(kind, "")) if part)


def dropdowns(table: Table, body_row: int) -> list[tuple[int, int, int, int, tuple[str, ...]]]:
    """The dropdowns of one written sheet: a list of labels on each closed-list cell or column."""
    if table.sheet == SHEET_INFO:
        out = []
        for n, row in enumerate(table.rows):
            setting = next((s for s in SETTINGS if s.label == row[0]), None)
            items = _items(setting.choices, setting.kind) if setting else None
            if items:
                out.append((body_row + n, 1, body_row + n, 1, items))
        return out
    columns = {sheet: cols for sheet, _, cols in _column_sheets()}.get(table.sheet, ())
    last = body_row + len(table.rows) + SPARE_ROWS
    out = [(body_row, c, last, c, items) for c, col in enumerate(columns)
           if (items := _items(col.choices, col.kind))]
    if table.sheet == SHEET_CRITERIA:
        c = [col.header for col in columns].index("Phương pháp chấm")
        out.append((body_row, c, last, c, (*(label for label, _ in METHODS.values()), GROUP_LABEL)))
    if table.sheet == SHEET_POOLS:
        out.append((body_row, 0, last, 0, tuple(POOLS.values())))
    return out


def _items(choices: str | None, kind: str) -> tuple[str, ...] | None:
    if choices:
        return tuple(labels(choices))
    return YES_NO if kind == "bool" else None
