"""One table as a print-ready worksheet: titles spanning the table, a repeated header row, row heights
that fit wrapped text, A4 landscape at a readable scale (:mod:`scoring.formats.xlsxstream`)."""

from __future__ import annotations

from dataclasses import replace

from scoring.formats.xlsxstream import Sheet, fit_widths, first_page_columns
from scoring.reports.tables import Table, for_print

FONT = "Times New Roman"
HEADER_ROW = 4  # 0-based: three title rows and a blank row above it
#: Body cell style per column kind (see :data:`scoring.formats.xlsxstream.STYLES`): number formats
#: "0.00" for points and percents, "0" for integers, "@" (text) for text.
_BODY_STYLES = {"points": "number", "percent": "number", "int": "int", "text": "text", "decimal": "general"}
#: Every sheet: the header row repeated on each printed page, "Trang 1/3" in the footer.
PAGE = {"print_rows": (HEADER_ROW, HEADER_ROW), "footer": f'&C&"{FONT}"&12Trang &P/&N'}


def table_sheet(table: Table, lines: tuple[str, str], *, warn: bool, top: int = 0) -> Sheet:
    """A table under its title lines: a frozen, filterable header row repeated on every page.

    The title lines are merged across the table's width and wrap inside it (an unwrapped long
    line would widen the printed area and shrink the whole table on paper).  ``top`` rows are left
    free above the titles (for the national header of a published table).
    """
    table = fitted(for_print(table))
    widths = [column.width for column in table.columns]
    header_row = HEADER_ROW + top
    titled = [(top, table.title.upper(), "title"), (top + 1, lines[0], "subtitle"),
              (top + 2, lines[1], "warning" if warn else "subtitle")]
    # On a sheet too wide for one page the titles span the first page's columns only.
    cells, merges, heights = spanning(titled, widths, last=first_page_columns(widths) - 1)
    cells += [(header_row, col, column.header, "header") for col, column in enumerate(table.columns)]
    last = header_row + max(len(table.rows), 1)
    header_lines = max(text_lines(column.header, column.width, bold=True) for column in table.columns)
    heights |= {header_row: max(45.0, LINE_HEIGHT * header_lines), **wrapped_heights(table, header_row + 1)}
    return Sheet(table.sheet, widths, cells, heights=heights,
                 body_row=header_row + 1, body=table.rows,
                 body_styles=[_BODY_STYLES[column.kind] for column in table.columns],
                 frozen_rows=header_row + 1, autofilter=(header_row, 0, last, len(table.columns) - 1),
                 merges=merges, print_cols=(0, min(2, len(widths) - 1)),
                 print_rows=(header_row, header_row), footer=PAGE["footer"])


def fitted(table: Table) -> Table:
    """``table`` with its text columns narrowed so that it prints one page wide at a readable size
    (:func:`scoring.formats.xlsxstream.fit_widths`); the rows are the same."""
    texts = [c.kind == "text" for c in table.columns]
    # a text column keeps room for its longest word (a unit code does not break well)
    floors = [max(8.0, min(_longest_word(table.rows, i), 18.0)) if text else 7.0
              for i, text in enumerate(texts)]
    widths = fit_widths([c.width for c in table.columns], texts, floors)
    columns = [column if column.width == width else replace(column, width=width)
               for column, width in zip(table.columns, widths)]
    return replace(table, columns=columns)


def _longest_word(rows, col: int) -> float:
    """The visual length of the longest word in column ``col`` (plus a letter of padding)."""
    # each distinct text split once, and only the words long enough to be the widest measured: a
    # word is at most 1.45 letters wide a character (10,000 units' sheets: 0.29 s down to 0.16 s)
    texts = {str(value) for row in rows if (value := row[col])}
    words = set(" ".join(texts).split())
    longest = max(map(len, words), default=0)
    return max((visual_length(word) for word in words if len(word) * 1.45 >= longest), default=0.0) + 1


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
    return len(text) + 0.45 * sum(map(str.isupper, text))


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
