"""``xep-hang.xlsx``: the published ranking workbook, print-ready (xlsxwriter).

Every table sheet has three title rows (the table, the ruleset with its version and the year, the
decision or the illustrative-status warning), a frozen header with an autofilter, two-decimal
number formats, Times New Roman, A4 landscape fitted to the page width with repeated header rows.
A last sheet "Thông tin" states the ruleset, the batch counts and the ranking policy.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from scoring.batch import Batch
from scoring.ranking import Ranking
from scoring.reports.tables import Table
from scoring.ruleset.models import Ruleset

FONT = "Times New Roman"
HEADER_ROW = 4  # 0-based: three title rows and a blank row above it
_NUMBER_FORMATS = {"points": "0.00", "percent": "0.00", "int": "0", "text": "@"}


def subtitle(ruleset: Ruleset, year: int | None) -> str:
    """'<title> — phiên bản <v> — năm <y>', the line that names what a report was made from."""
    text = f"{ruleset.title} — phiên bản {ruleset.version}"
    return f"{text} — năm {year}" if year else text


def source_line(ruleset: Ruleset) -> str:
    """The decision the ruleset encodes, or the illustrative warning when it is illustrative."""
    if ruleset.status == "illustrative":
        return f"BỘ TIÊU CHÍ MINH HỌA: {ruleset.status_note or ''}".strip()
    d = ruleset.decision
    verb = "Theo" if d.relation == "encodes" else "Mô phỏng theo"
    return f"{verb} Quyết định số {d.number} ngày {d.date:%d/%m/%Y} của {d.issuer}"


def write_xlsx(path: Path, ruleset: Ruleset, batch: Batch, ranking: Ranking, tables: list[Table]) -> Path:
    """Write the ranking workbook to ``path`` (a temporary location; the caller publishes it)."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                               "strings_to_numbers": False})
    styles = _styles(workbook)
    for table in tables:
        _table_sheet(workbook, styles, table, (subtitle(ruleset, batch.year), source_line(ruleset)),
                     warn=ruleset.status == "illustrative")
    _info_sheet(workbook, styles, ruleset, batch, ranking)
    workbook.set_properties({"title": "Xếp hạng công tác dân vận", "subject": subtitle(ruleset, batch.year),
                             "comments": "Lập bằng dvk"})
    workbook.close()
    return path


def _styles(workbook: Any) -> dict[str, Any]:
    base = {"font_name": FONT, "font_size": 12, "valign": "vcenter"}
    cell = base | {"border": 1}
    styles = {
        "title": workbook.add_format(base | {"bold": True, "font_size": 14}),
        "subtitle": workbook.add_format(base | {"italic": True}),
        "warning": workbook.add_format(base | {"bold": True, "font_color": "#C00000"}),
        "header": workbook.add_format(cell | {"bold": True, "text_wrap": True, "align": "center",
                                              "bg_color": "#D9E1F2"}),
        "label": workbook.add_format(base | {"bold": True}),
        "plain": workbook.add_format(base | {"text_wrap": True}),
    }
    for kind, number_format in _NUMBER_FORMATS.items():
        extra = {"text_wrap": True} if kind == "text" else {"align": "right"}
        styles[kind] = workbook.add_format(cell | extra | {"num_format": number_format})
    return styles


def write_tables(path: Path, tables: list[Table], lines: tuple[str, str], *, warn: bool = False) -> Path:
    """A workbook of plain table sheets under two heading lines (the second red when ``warn``)."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                               "strings_to_numbers": False})
    styles = _styles(workbook)
    for table in tables:
        _table_sheet(workbook, styles, table, lines, warn=warn)
    workbook.close()
    return path


def _table_sheet(workbook: Any, styles: dict[str, Any], table: Table, lines: tuple[str, str], *,
                 warn: bool) -> None:
    sheet = workbook.add_worksheet(table.sheet)
    sheet.write_string(0, 0, table.title.upper(), styles["title"])
    sheet.write_string(1, 0, lines[0], styles["subtitle"])
    sheet.write_string(2, 0, lines[1], styles["warning"] if warn else styles["subtitle"])
    for col, column in enumerate(table.columns):
        sheet.set_column(col, col, column.width)
        sheet.write_string(HEADER_ROW, col, column.header, styles["header"])
    _write_rows(sheet, [styles[column.kind] for column in table.columns], table.rows)
    last = HEADER_ROW + max(len(table.rows), 1)
    sheet.set_row(HEADER_ROW, 45)
    sheet.freeze_panes(HEADER_ROW + 1, 0)
    sheet.autofilter(HEADER_ROW, 0, last, len(table.columns) - 1)
    _page_setup(sheet)


def _write_rows(sheet: Any, column_styles: list[Any], rows: list[list[Any]]) -> None:
    """The data rows under the header; the same cells as :func:`_write`, dispatched on the exact
    type first because a big round writes about a million of them."""
    number, string, blank = sheet.write_number, sheet.write_string, sheet.write_blank
    for offset, row in enumerate(rows, start=HEADER_ROW + 1):
        for col, (style, value) in enumerate(zip(column_styles, row)):
            kind = value.__class__
            if kind is Decimal or kind is int:
                number(offset, col, float(value), style)  # display only: points are exact upstream
            elif kind is str and value:
                string(offset, col, value, style)
            elif value is None or kind is str:
                blank(offset, col, None, style)
            else:
                _write(sheet, offset, col, value, style)


def _write(sheet: Any, row: int, col: int, value: Any, style: Any) -> None:
    if value is None or value == "":
        sheet.write_blank(row, col, None, style)
    elif isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        sheet.write_number(row, col, float(value), style)  # display only: points are exact upstream
    else:
        sheet.write_string(row, col, str(value), style)


def _page_setup(sheet: Any) -> None:
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.set_margins(left=0.6, right=0.4, top=0.6, bottom=0.6)
    sheet.repeat_rows(HEADER_ROW)
    sheet.fit_to_pages(1, 0)
    sheet.set_footer(f"&C&\"{FONT}\"Trang &P/&N")


def _info_sheet(workbook: Any, styles: dict[str, Any], ruleset: Ruleset, batch: Batch,
                ranking: Ranking) -> None:
    sheet = workbook.add_worksheet("Thông tin")
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 100)
    rows: list[tuple[str, str]] = [
        ("Bộ tiêu chí", ruleset.title), ("Mã bộ tiêu chí", ruleset.id), ("Phiên bản", ruleset.version),
        ("Trạng thái", "Minh họa" if ruleset.status == "illustrative" else "Chính thức"),
        ("Văn bản", source_line(ruleset)), ("Năm đánh giá", str(batch.year or "")),
        ("Số tệp đã đọc", str(len(batch.files))), ("Số tệp được tính", str(len(batch.accepted))),
        ("Số tệp bị loại", str(len(batch.rejected))), ("Số tệp bỏ qua", str(len(batch.skipped))),
    ]
    rows += [("Quy tắc xếp hạng", line) for line in ranking.policy]
    rows += [("Ghi chú", line) for line in batch.notes]
    sheet.write_string(0, 0, "THÔNG TIN VỀ BẢNG XẾP HẠNG", styles["title"])
    for i, (label, value) in enumerate(rows, start=2):
        sheet.write_string(i, 0, label, styles["label"])
        style = styles["warning"] if label == "Văn bản" and ruleset.status == "illustrative" else styles["plain"]
        sheet.write_string(i, 1, value, style)
    _page_setup(sheet)
