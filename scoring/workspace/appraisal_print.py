"""The appraisal sheet on paper: one printed form per unit ("phiếu thẩm định").

The block sheets the council types into have a row per unit and three columns per criterion
(over a hundred columns): on paper that was 55 pages with the criterion headings cut off.  For
paper, each block also gets a sheet "In - <block>" laid out down the page: per unit, a band
with the unit's code and name, then a row per criterion (and bonus item, fact) with its full
heading wrapped in a wide column, the self value, the appraisal that counts now and its reason,
and blank space to write.  A page break ends each unit's band, so each unit starts a page and
its pages can be handed round the council; the column headings repeat on every page.  A4
landscape, fitted to one page wide (the text stays at 11 pt, ≥ 10 pt printed).

These sheets are for printing only: their values are those of the moment the workbook was
made, they are protected (no password) so nothing is typed into them by mistake, and the
importer skips them (they are named in the ``_dvk`` sheet as ``print``).  Values are typed into
the block sheets.
"""

from __future__ import annotations

from typing import Any

from scoring.workspace.appraisal_inputs import Input, field_value, shown

PRINT_PREFIX = "In - "
HEADINGS = ("Tiêu chí", "Tự chấm", "Thẩm định", "Lý do thay đổi / ghi chú của hội đồng")
WIDTHS = (56, 12, 12, 32)
HEAD_ROW = 3


def print_sheet(book, block_sheet: str, title: str, inputs: list[Input], rows: list, reasons: dict) -> str:
    """Add the printed form of the block typed into ``block_sheet`` and return its name (``rows``
    as :func:`~scoring.workspace.appraisal_sheet.current_values` gives them; ``reasons``: unit
    code → criterion → the reason of the council's change that counts now)."""
    from openpyxl.worksheet.pagebreak import Break

    from scoring.formats.styles import fit_row_heights, print_setup, protect, styles

    s = styles()
    name, n = (PRINT_PREFIX + block_sheet)[:31], 2
    while name in book.sheetnames:
        name, n = f"{(PRINT_PREFIX + block_sheet)[:28]} {n}", n + 1
    sheet = book.create_sheet(name)
    sheet.cell(row=1, column=1, value=f"PHIẾU THẨM ĐỊNH: {title.upper()}").font = s.title
    sheet.cell(row=2, column=1, value="Trang để in, không nhập vào trang này: kết quả thẩm định nhập vào trang "
                                      f"'{block_sheet}'. Mỗi đơn vị bắt đầu một trang.").font = s.italic
    _cells(sheet, HEAD_ROW, HEADINGS, s.header, s.header_fill, s.header_align, s.border)
    row = HEAD_ROW + 1
    for code, unit_name, own, appraisal, _block, unit_type, _said in rows:
        band = sheet.cell(row=row, column=1, value=f"Đơn vị: {code} - {unit_name}")
        band.font, band.fill = s.bold, s.group_fill
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(HEADINGS))
        row += 1
        for label, mine, now, reason in _lines(inputs, unit_type, own, appraisal, reasons.get(code, {})):
            _cells(sheet, row, (label, mine, now, reason), s.body, None, s.wrap, s.border)
            row += 1
        sheet.row_breaks.append(Break(id=row - 1))
    for col, width in enumerate(WIDTHS, 1):
        sheet.column_dimensions[chr(64 + col)].width = width
    fit_row_heights(sheet, 1)
    print_setup(sheet, f"{HEAD_ROW}:{HEAD_ROW}")
    protect(sheet)
    return sheet.title


def _lines(inputs: list[Input], unit_type: str, own: dict, appraisal: dict, reasons: dict
           ) -> list[tuple[str, Any, Any, str]]:
    """(heading, self value, appraisal now, reason) of each field that applies to the unit."""
    lines = []
    for inp in inputs:
        if unit_type not in inp.unit_types:
            continue
        head = inp.label + (f" (tối đa {shown(inp.max, inp.fields[0])})" if inp.max is not None else "")
        for n, field in enumerate(inp.fields):
            label = head if inp.single else (f"{head}\n- {field.label}" if n == 0 else f"- {field.label}")
            lines.append((label, shown(field_value(own.get(inp.id), inp, field), field),
                          shown(field_value(appraisal.get(inp.id), inp, field), field),
                          reasons.get(inp.id, "") if n == 0 else ""))
    return lines


def _cells(sheet, row: int, values, font, fill, align, border) -> None:
    for col, value in enumerate(values, 1):
        cell = sheet.cell(row=row, column=col, value=value)
        cell.font, cell.alignment, cell.border = font, align, border
        if fill is not None:
            cell.fill = fill
