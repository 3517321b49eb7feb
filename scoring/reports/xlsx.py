"""``xep-hang.xlsx``: the published ranking workbook, print-ready (:mod:`scoring.reports.xlsxstream`).

Every table sheet has three title rows (the table, the ruleset with its version and the year, the
decision or the illustrative-status warning), a frozen header with an autofilter, two-decimal
number formats, Times New Roman, A4 landscape fitted to the page width with repeated header rows.
A last sheet "Thông tin" states the ruleset, the batch counts and the ranking policy.
"""

from __future__ import annotations

from pathlib import Path

from scoring.batch import Batch
from scoring.ranking import Ranking
from scoring.reports.tables import Table
from scoring.reports.xlsxstream import Sheet, write_workbook
from scoring.ruleset.models import Ruleset

FONT = "Times New Roman"
HEADER_ROW = 4  # 0-based: three title rows and a blank row above it
#: Body cell style per column kind (see :data:`scoring.reports.xlsxstream.STYLES`): number formats
#: "0.00" for points and percents, "0" for integers, "@" (text) for text.
_BODY_STYLES = {"points": "number", "percent": "number", "int": "int", "text": "text"}
#: Every sheet: the header row repeated on each printed page, "Trang 1/3" in the footer.
_PAGE = {"print_rows": (HEADER_ROW, HEADER_ROW), "footer": f'&C&"{FONT}"Trang &P/&N'}


def subtitle(ruleset: Ruleset, year: int | None) -> str:
    """'<title> — phiên bản <v> — năm <y>', the line that names what a report was made from."""
    text = f"{ruleset.title} — phiên bản {ruleset.version}"
    return f"{text} — năm {year}" if year else text


def source_line(ruleset: Ruleset) -> str:
    """The decision the ruleset encodes, or the illustrative warning when it is illustrative."""
    if ruleset.status == "illustrative":
        note = (ruleset.status_note or "").strip()
        if note.upper().startswith("BỘ TIÊU CHÍ MINH HỌA"):  # the note says it already
            return note
        return f"BỘ TIÊU CHÍ MINH HỌA: {note}".strip()
    d = ruleset.decision
    verb = "Theo" if d.relation == "encodes" else "Mô phỏng theo"
    return f"{verb} Quyết định số {d.number} ngày {d.date:%d/%m/%Y} của {d.issuer}"


def write_xlsx(path: Path, ruleset: Ruleset, batch: Batch, ranking: Ranking, tables: list[Table]) -> Path:
    """Write the ranking workbook to ``path`` (a temporary location; the caller publishes it)."""
    lines = (subtitle(ruleset, batch.year), source_line(ruleset))
    warn = ruleset.status == "illustrative"
    sheets = [table_sheet(table, lines, warn=warn) for table in tables]
    sheets.append(_info_sheet(ruleset, batch, ranking))
    return write_workbook(path, sheets, title="Xếp hạng công tác dân vận", subject=lines[0],
                          comments="Lập bằng dvk")


def write_tables(path: Path, tables: list[Table], lines: tuple[str, str], *, warn: bool = False) -> Path:
    """A workbook of plain table sheets under two heading lines (the second red when ``warn``)."""
    return write_workbook(path, [table_sheet(table, lines, warn=warn) for table in tables])


def table_sheet(table: Table, lines: tuple[str, str], *, warn: bool) -> Sheet:
    """A table under its title lines: a frozen, filterable header row repeated on every page."""
    cells = [(0, 0, table.title.upper(), "title"), (1, 0, lines[0], "subtitle"),
             (2, 0, lines[1], "warning" if warn else "subtitle")]
    cells += [(HEADER_ROW, col, column.header, "header") for col, column in enumerate(table.columns)]
    last = HEADER_ROW + max(len(table.rows), 1)
    heights = {HEADER_ROW: 45.0, **wrapped_heights(table, HEADER_ROW + 1)}
    return Sheet(table.sheet, [column.width for column in table.columns], cells, heights=heights,
                 body_row=HEADER_ROW + 1, body=table.rows,
                 body_styles=[_BODY_STYLES[column.kind] for column in table.columns],
                 frozen_rows=HEADER_ROW + 1, autofilter=(HEADER_ROW, 0, last, len(table.columns) - 1),
                 **_PAGE)


#: Points per printed line of 11 pt Times New Roman, and characters per unit of column width.
LINE_HEIGHT, CHARS_PER_WIDTH = 15.0, 1.15


def wrapped_heights(table: Table, first_row: int) -> dict[int, float]:
    """Row heights for body rows whose text wraps, so printed rows do not overlap.

    Spreadsheet files carry no automatic height for wrapped text written by a program; without
    one, Excel and LibreOffice print such rows one line high.  The line count is an estimate from
    the text length and the column width.
    """
    texts = [(i, column.width * CHARS_PER_WIDTH) for i, column in enumerate(table.columns)
             if column.kind == "text"]
    heights = {}
    for n, row in enumerate(table.rows, start=first_row):
        lines = max((-(-len(str(row[i])) // int(per_line)) for i, per_line in texts if row[i]), default=1)
        if lines > 1:
            heights[n] = LINE_HEIGHT * lines
    return heights


def _info_sheet(ruleset: Ruleset, batch: Batch, ranking: Ranking) -> Sheet:
    rows: list[tuple[str, str]] = [
        ("Bộ tiêu chí", ruleset.title), ("Mã bộ tiêu chí", ruleset.id), ("Phiên bản", ruleset.version),
        ("Trạng thái", "Minh họa" if ruleset.status == "illustrative" else "Chính thức"),
        ("Văn bản", source_line(ruleset)), ("Năm đánh giá", str(batch.year or "")),
        ("Số tệp đã đọc", str(len(batch.files))), ("Số tệp được tính", str(len(batch.accepted))),
        ("Số tệp bị loại", str(len(batch.rejected))), ("Số tệp bỏ qua", str(len(batch.skipped))),
    ]
    rows += [("Quy tắc xếp hạng", line) for line in ranking.policy]
    rows += [("Ghi chú", line) for line in batch.notes]
    cells = [(0, 0, "THÔNG TIN VỀ BẢNG XẾP HẠNG", "title")]
    for i, (label, value) in enumerate(rows, start=2):
        style = "warning" if label == "Văn bản" and ruleset.status == "illustrative" else "plain"
        cells += [(i, 0, label, "label"), (i, 1, value, style)]
    return Sheet("Thông tin", [34, 100], cells, **_PAGE)
