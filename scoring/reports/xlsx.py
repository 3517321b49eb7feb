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
from scoring.reports.profile import Profile
from scoring.reports.tables import Table
from scoring.reports.xlsxstream import Sheet, first_page_columns, write_workbook
from scoring.ruleset.models import Ruleset

FONT = "Times New Roman"
HEADER_ROW = 4  # 0-based: three title rows and a blank row above it
#: Body cell style per column kind (see :data:`scoring.reports.xlsxstream.STYLES`): number formats
#: "0.00" for points and percents, "0" for integers, "@" (text) for text.
_BODY_STYLES = {"points": "number", "percent": "number", "int": "int", "text": "text"}
#: Every sheet: the header row repeated on each printed page, "Trang 1/3" in the footer.
_PAGE = {"print_rows": (HEADER_ROW, HEADER_ROW), "footer": f'&C&"{FONT}"&12Trang &P/&N'}


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


def write_xlsx(path: Path, ruleset: Ruleset, batch: Batch, ranking: Ranking, tables: list[Table],
               profile: Profile | None = None) -> Path:
    """Write the ranking workbook to ``path`` (a temporary location; the caller publishes it).

    The ranking sheets (overall and per block) are the published tables: they carry the national
    header, the place and date, and the signature block (:mod:`scoring.reports.xlsxframe`).
    """
    from scoring.reports.xlsxframe import RANKING_KEY, official_sheet

    lines = (subtitle(ruleset, batch.year), source_line(ruleset))
    warn = ruleset.status == "illustrative"
    sheets = [official_sheet(table, lines, warn, profile) if table.key.startswith(RANKING_KEY)
              else table_sheet(table, lines, warn=warn) for table in tables]
    sheets.append(_info_sheet(ruleset, batch, ranking))
    return write_workbook(path, sheets, title="Xếp hạng công tác dân vận", subject=lines[0],
                          comments="Lập bằng dvk")


def write_tables(path: Path, tables: list[Table], lines: tuple[str, str], *, warn: bool = False) -> Path:
    """A workbook of plain table sheets under two heading lines (the second red when ``warn``)."""
    return write_workbook(path, [table_sheet(table, lines, warn=warn) for table in tables])


def table_sheet(table: Table, lines: tuple[str, str], *, warn: bool, top: int = 0) -> Sheet:
    """A table under its title lines: a frozen, filterable header row repeated on every page.

    The title lines are merged across the table's width and wrap inside it (an unwrapped long
    line would widen the printed area and shrink the whole table on paper).  ``top`` rows are left
    free above the titles (for the national header of a published table).
    """
    widths = [column.width for column in table.columns]
    header_row = HEADER_ROW + top
    titled = [(top, table.title.upper(), "title"), (top + 1, lines[0], "subtitle"),
              (top + 2, lines[1], "warning" if warn else "subtitle")]
    # On a sheet too wide for one page the titles span the first page's columns only.
    cells, merges, heights = spanning(titled, widths, last=first_page_columns(widths) - 1)
    cells += [(header_row, col, column.header, "header") for col, column in enumerate(table.columns)]
    last = header_row + max(len(table.rows), 1)
    heights |= {header_row: 45.0, **wrapped_heights(table, header_row + 1)}
    return Sheet(table.sheet, widths, cells, heights=heights,
                 body_row=header_row + 1, body=table.rows,
                 body_styles=[_BODY_STYLES[column.kind] for column in table.columns],
                 frozen_rows=header_row + 1, autofilter=(header_row, 0, last, len(table.columns) - 1),
                 merges=merges, print_cols=(0, min(2, len(widths) - 1)),
                 print_rows=(header_row, header_row), footer=_PAGE["footer"])


#: Printed line height (points) per font size of the styles used in spanning rows.
_LINE_PT = {"title": 18.0, "subtitle": 15.0, "warning": 15.0, "national": 17.0, "agency": 15.0,
            "dateline": 17.0, "sign": 17.0}


def spanning(rows, widths, first: int = 0, last: int | None = None):
    """Cells, merges and heights for text rows that span columns ``first``..``last`` of the table.

    ``rows`` are (row, text, style); the other cells of each merged range are written empty with
    the same style, as Excel does.  Heights fit the wrapped text (estimated from its length).
    """
    last = len(widths) - 1 if last is None else last
    span = sum(widths[first:last + 1])
    cells, merges, heights = [], [], {}
    for row, text, style in rows:
        cells.append((row, first, text, style))
        cells += [(row, col, "", style) for col in range(first + 1, last + 1)]
        if last > first:
            merges.append((row, first, row, last))
        heights[row] = _LINE_PT[style] * text_lines(text, span, bold=style in ("title", "warning", "national"))
    return cells, merges, heights


def text_lines(text: str, width: float, *, bold: bool = False) -> int:
    """Printed lines of ``text`` (with explicit line breaks) in a column ``width`` characters wide."""
    per_line = max(int(width * (CHARS_PER_WIDTH * (0.85 if bold else 1.0))), 1)
    return sum(max(-(-int(visual_length(part)) // per_line), 1) for part in text.split("\n"))


def visual_length(text: str) -> float:
    """``text``'s length in average letters: capitals (unit codes, titles) are about 1.45 wide."""
    return len(text) + 0.45 * sum(1 for ch in text if ch.isupper())


#: Points per printed line of 12 pt Times New Roman, and characters per unit of column width
#: (a unit is one Calibri 11 digit, 7 px; 12 pt Times averages a little over that per letter, and a
#: line breaks at word boundaries, so fewer letters fit than the width suggests).
LINE_HEIGHT, CHARS_PER_WIDTH = 15.5, 0.95


def wrapped_heights(table: Table, first_row: int) -> dict[int, float]:
    """Row heights for body rows whose text wraps, so printed rows do not overlap.

    Spreadsheet files carry no automatic height for wrapped text written by a program; without
    one, Excel and LibreOffice print such rows one line high.  The line count is an estimate from
    the text length and the column width.
    """
    texts = [(i, max(int(column.width * CHARS_PER_WIDTH), 1)) for i, column in enumerate(table.columns)
             if column.kind == "text"]
    heights = {}
    for n, row in enumerate(table.rows, start=first_row):
        lines = max((-(-int(visual_length(str(row[i]))) // per_line) for i, per_line in texts if row[i]),
                    default=1)
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
    widths = [34, 100]
    cells, merges, heights = spanning([(0, "THÔNG TIN VỀ BẢNG XẾP HẠNG", "title")], widths)
    for i, (label, value) in enumerate(rows, start=2):
        style = "warning" if label == "Văn bản" and ruleset.status == "illustrative" else "plain"
        cells += [(i, 0, label, "label"), (i, 1, value, style)]
        lines = text_lines(value, widths[1], bold=style == "warning")
        if lines > 1:
            heights[i] = LINE_HEIGHT * lines
    return Sheet("Thông tin", widths, cells, heights=heights, merges=merges, **_PAGE)
