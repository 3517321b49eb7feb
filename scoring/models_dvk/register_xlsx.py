"""The registration workbook: a blank form with dropdowns (``dvk mo-hinh mau``) and its reader.

The reader looks for the header row (a cell "Mã mô hình") in the first 20 rows of each sheet, so
title rows, extra columns, re-ordered columns and other sheets do not matter.  openpyxl is
imported here only (the CLI imports this module lazily).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from scoring.core.findings import DvkError, Location, make
from scoring.models_dvk.columns import COLUMNS, HEADER_ALIASES, Row
from scoring.models_dvk.model import FIELDS, STATUSES
from scoring.workbook.hygiene import is_blank

SHEET = "Đăng ký mô hình"
HEADER_SCAN_ROWS = 20
TITLE = "SỔ ĐĂNG KÝ MÔ HÌNH, ĐIỂN HÌNH \"DÂN VẬN KHÉO\""
_WIDTHS = {"code": 12, "name": 40, "field": 24, "unit_code": 14, "unit_name": 30, "individual": 22,
           "registered_on": 13, "from": 13, "to": 13, "status": 22, "replicates": 16}


def read_rows(path: Path) -> list[Row]:
    """Every non-blank row under the header of each sheet that has one."""
    from openpyxl import load_workbook

    from scoring.formats.safety import check_file

    data = check_file(path)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a damaged file that passed the zip checks: say so, located
        from scoring.formats.grid import parser_reason

        raise DvkError([make("file-unreadable", Location(file=str(path)), reason=parser_reason(exc))]) from None
    rows: list[Row] = []
    found = False
    try:
        for sheet in book.worksheets:
            grid = [list(r) for r in sheet.iter_rows(values_only=True)]
            header = _header(grid)
            if header is None:
                continue
            found = True
            rows += _sheet_rows(path, sheet.title, grid, *header)
    finally:
        book.close()
    if not found:
        raise DvkError([make("model-register-no-header", Location(file=str(path)))])
    return rows


def _fold(value: Any) -> str:
    return " ".join(str(value).casefold().split()) if isinstance(value, str) else ""


def _header(grid: list[list[Any]]) -> tuple[int, dict[int, str]] | None:
    for r, row in enumerate(grid[:HEADER_SCAN_ROWS]):
        columns = {c: HEADER_ALIASES[_fold(v)] for c, v in enumerate(row) if _fold(v) in HEADER_ALIASES}
        if "code" in columns.values():
            return r, columns
    return None


def _sheet_rows(path: Path, sheet: str, grid: list[list[Any]], header: int, columns: dict[int, str]) -> list[Row]:
    from openpyxl.utils import get_column_letter

    rows: list[Row] = []
    for r in range(header + 1, len(grid)):
        row = grid[r]
        values = {key: row[c] for c, key in columns.items() if c < len(row)}
        if all(is_blank(v) for v in values.values()):
            continue
        cells = {key: f"{get_column_letter(c + 1)}{r + 1}" for c, key in columns.items()}
        rows.append((values, Location(file=str(path), sheet=sheet, cell=f"A{r + 1}"), cells))
    return rows


#: Bordered lines of the blank form (one printed page of lines to fill by hand).
PRINTED_ROWS = 12


def write_form(out: Path, rows: int = 200) -> Path:
    """A blank registration workbook: title, header, dropdowns for field and status, date cells."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    from scoring.formats.files import save_workbook
    from scoring.formats.styles import print_setup, styles

    s = styles()
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws["A1"] = TITLE
    ws["A1"].font = s.title
    ws["A2"] = ("Mỗi dòng một mô hình (hoặc một điển hình cá nhân: ghi tên ở cột \"Cá nhân điển hình\"). "
                "Ngày ghi dạng ngày/tháng/năm. Chọn Lĩnh vực và Trạng thái trong danh sách.")
    ws["A2"].font, ws["A2"].alignment = s.italic, s.wrap
    ws.row_dimensions[3].height = 45
    for c, (key, (label, required)) in enumerate(COLUMNS.items(), start=1):
        cell = ws.cell(row=3, column=c, value=label)
        cell.font, cell.fill, cell.border, cell.alignment = s.header, s.header_fill, s.border, s.header_align
        ws.column_dimensions[cell.column_letter].width = _WIDTHS[key]
        # bordered lines to fill in, on screen or on paper (a page of them prints)
        for r in range(4, 4 + rows):
            target = ws.cell(row=r, column=c)
            target.font, target.alignment = s.body, s.wrap
            if r < 4 + PRINTED_ROWS:
                target.border = s.border
                ws.row_dimensions[r].height = 30  # room to write by hand
            if key in ("registered_on", "from", "to"):
                target.number_format = "DD/MM/YYYY"
    keys = list(COLUMNS)
    for key, labels in (("field", FIELDS.values()), ("status", STATUSES.values())):
        letter = ws.cell(row=3, column=keys.index(key) + 1).column_letter
        check = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True,
                               showErrorMessage=True, errorTitle="Giá trị không hợp lệ",
                               error="Chọn một giá trị trong danh sách.")
        check.add(f"{letter}4:{letter}{3 + rows}")
        ws.add_data_validation(check)
    ws.freeze_panes = "A4"
    print_setup(ws, title_rows="3:3", landscape=True)
    return save_workbook(wb, out)
