"""Cell styles of the generated workbooks (openpyxl objects, built lazily).

Times New Roman: Excel ships it everywhere and it covers every Vietnamese letter.
"""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace

FONT = "Times New Roman"
INPUT_FILL = "FFF2CC"      # the unit's cells: pale yellow
APPRAISAL_FILL = "DDEBF7"  # the appraising level's cells: pale blue
GROUP_FILL = "D9E1F2"
SECTION_FILL = "E2EFDA"
NA_FILL = "EDEDED"
HEADER_FILL = "BDD7EE"
WARNING_FILL = "FFC7CE"    # annotated problem cells: light red
NOTICE_FILL = "FFEB9C"     # annotated warnings: light amber


@lru_cache(maxsize=1)
def styles() -> SimpleNamespace:
    """The shared style objects (openpyxl imported here, not at module import)."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

    thin = Side(style="thin", color="808080")

    def fill(rgb: str) -> PatternFill:
        return PatternFill("solid", start_color=rgb, end_color=rgb)

    return SimpleNamespace(
        title=Font(name=FONT, size=14, bold=True),
        subtitle=Font(name=FONT, size=11, italic=True),
        header=Font(name=FONT, size=11, bold=True),
        body=Font(name=FONT, size=11),
        bold=Font(name=FONT, size=11, bold=True),
        muted=Font(name=FONT, size=11, color="808080"),
        marker=Font(name=FONT, size=11, color="A6A6A6"),  # hidden rows and columns; readable if ever printed
        border=Border(left=thin, right=thin, top=thin, bottom=thin),
        wrap=Alignment(wrap_text=True, vertical="top"),
        center=Alignment(horizontal="center", vertical="top", wrap_text=True),
        top=Alignment(vertical="top"),
        middle=Alignment(horizontal="center", vertical="center", wrap_text=True),
        italic=Font(name=FONT, size=11, italic=True),
        header_align=Alignment(horizontal="center", vertical="center", wrap_text=True),
        unlocked=Protection(locked=False),
        locked=Protection(locked=True),
        input_fill=fill(INPUT_FILL),
        appraisal_fill=fill(APPRAISAL_FILL),
        group_fill=fill(GROUP_FILL),
        section_fill=fill(SECTION_FILL),
        na_fill=fill(NA_FILL),
        header_fill=fill(HEADER_FILL),
        warning_fill=fill(WARNING_FILL),
        notice_fill=fill(NOTICE_FILL),
    )


#: A4 width inside the margins below, in points (landscape, portrait), and the smallest print scale:
#: 11 pt text must not print under 10 pt.  Widths are counted as LibreOffice prints them where
#: Calibri is missing (about 9.3 pixels a character); Excel's Calibri is narrower, so a sheet that
#: fits here fits there.
_PRINTABLE_PT = {True: (11.69 - 0.8) * 72, False: (8.27 - 0.8) * 72}
MIN_SCALE = 92
_PX_PER_CHAR = 9.3


def _widths(ws) -> dict[str, float]:
    """Column letter → width of the sheet's visible columns (the print area's, if set)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.cell import range_boundaries

    last = ws.max_column
    if ws.print_area:
        last = range_boundaries(str(ws.print_area).split("!")[-1].replace("$", "").split(",")[0])[2]
    widths = {}
    for index in range(1, last + 1):
        letter = get_column_letter(index)
        dim = ws.column_dimensions.get(letter)
        if dim is None or not dim.hidden:
            widths[letter] = dim.width if dim is not None and dim.width else 8.43
    return widths


def _printed(widths) -> float:
    return sum((width * _PX_PER_CHAR + 5) * 0.75 for width in widths)


def printed_width(ws) -> float:
    """The printed width of the sheet's visible columns at 100 %, in points."""
    return _printed(_widths(ws).values())


def print_setup(ws, title_rows: str | None = None, landscape: bool = True) -> None:
    """A4, fit to one page wide, ``title_rows`` repeated on every page, page numbers in the footer.

    This is where every openpyxl sheet dvk writes gets its print setup.  Columns too wide to
    print at :data:`MIN_SCALE` % or more are narrowed first (numbers, then the widest wrapping
    text; :func:`scoring.formats.xlsxstream.fit_widths`) and rows regrown to their wrapped text,
    and the title lines above ``title_rows`` are spread over the table's width and wrapped, so
    each page shows the whole width of the table with no text cut at its edge.  Only a sheet
    that cannot fit even so prints at :data:`MIN_SCALE` % across pages, its first column
    repeated.  Call it after the column widths and cells are set.
    """
    if title_rows:  # (first: the rows regrown after narrowing see the titles' merged width)
        ws.print_title_rows = title_rows
        _span_titles(ws, int(title_rows.split(":")[0]))
    fits = _fit_columns(ws, _PRINTABLE_PT[landscape])
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    if fits:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    else:
        ws.page_setup.scale = MIN_SCALE
        ws.sheet_properties.pageSetUpPr.fitToPage = False
        ws.print_title_cols = "A:A"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.font = FONT
    ws.oddFooter.center.size = 11


def _fit_columns(ws, room: float) -> bool:
    """Narrow the sheet's columns to print within ``room`` points at :data:`MIN_SCALE` %; regrow
    the rows.  False when the sheet cannot fit (left as it was)."""
    from scoring.formats.xlsxstream import fit_widths

    widths = _widths(ws)
    # LibreOffice never shrinks a one-column sheet to the page width (it runs past the margin):
    # such a column must fit at full size
    scale = 100 if len(widths) == 1 else MIN_SCALE
    fits = lambda values: _printed(values) * scale / 100 <= room  # noqa: E731
    if fits(widths.values()):
        return True
    texts = _text_columns(ws)
    wrapping = [letter in texts for letter in widths]
    floors = [max(8.0, min(texts[letter], 18.0)) if letter in texts else 7.0 for letter in widths]
    narrowed = fit_widths(list(widths.values()), wrapping, floors, fits)
    if not fits(narrowed):
        return False
    for letter, width in zip(widths, narrowed):
        ws.column_dimensions[letter].width = width
    fit_row_heights(ws)
    return True


def _text_columns(ws) -> dict[str, float]:
    """Letters of the columns holding wrapped text → their longest word (plus padding)."""
    longest: dict[str, float] = {}
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.alignment is not None and cell.alignment.wrap_text \
                    and cell.data_type != "f" and not cell.value.startswith("dvk:"):
                word = max((len(w) for w in cell.value.split()), default=0) + 1
                longest[cell.column_letter] = max(longest.get(cell.column_letter, 0.0), word)
    return longest


def _span_titles(ws, header_row: int) -> None:
    """Merge each one-cell title line above ``header_row`` across the printed columns and wrap it,
    its row tall enough (unmerged, a title longer than the table is cut at the page edge)."""
    from openpyxl.styles import Alignment

    widths = _widths(ws)
    if len(widths) < 2:
        return
    last = list(widths)[-1]
    merged = {r.min_row for r in ws.merged_cells.ranges}
    for row in range(1, header_row):
        cells = [c for c in ws[row] if c.value not in (None, "")]
        if len(cells) != 1 or cells[0].column != 1 or row in merged or not isinstance(cells[0].value, str):
            continue
        cell = cells[0]
        ws.merge_cells(f"A{row}:{last}{row}")
        cell.alignment = Alignment(horizontal="center" if cell.font.b else "left", vertical="center",
                                   wrap_text=True)
        height = wrapped_height(cell.value, sum(widths.values()), cell.font.sz or 11)
        if height and (ws.row_dimensions[row].height or 0) < height:
            ws.row_dimensions[row].height = height


def print_readable(ws) -> None:
    """:func:`print_setup` for a sheet dvk did not lay out (a unit's copy of an older template):
    portrait when it fits at a readable size, else landscape."""
    portrait = printed_width(ws) * MIN_SCALE / 100 <= _PRINTABLE_PT[False]
    print_setup(ws, landscape=not portrait)


def fit_row_heights(ws, first_row: int = 1) -> None:
    """Give rows from ``first_row`` down a height that fits their wrapped text (estimated from each
    wrapping cell's text length, column width and font size); one-line rows are left alone."""
    from openpyxl.utils import get_column_letter

    widths: dict[int, float] = {}

    def width(col: int) -> float:
        if col not in widths:
            dim = ws.column_dimensions.get(get_column_letter(col))
            widths[col] = dim.width if dim is not None and dim.width else 8.43
        return widths[col]

    # a merged cell wraps across its range (a one-row range only: a taller one has its own rows)
    spans = {(r.min_row, r.min_col): r.max_col for r in ws.merged_cells.ranges if r.min_row == r.max_row}
    for row in ws.iter_rows(min_row=first_row):
        best = None
        for cell in row:
            if not isinstance(cell.value, str) or not cell.alignment or not cell.alignment.wrap_text:
                continue
            if cell.data_type == "f":  # a formula's text is not what prints (its result is short)
                continue
            last = spans.get((cell.row, cell.column), cell.column)
            height = wrapped_height(cell.value, sum(width(c) for c in range(cell.column, last + 1)),
                                    cell.font.sz or 11)
            if height and (best is None or height > best):
                best = height
        if best and (ws.row_dimensions[row[0].row].height or 0) < best:
            ws.row_dimensions[row[0].row].height = best


def wrapped_height(text: str, width: float, size: float = 11) -> float | None:
    """A row height (points) that fits ``text`` wrapped in a column ``width`` characters wide,
    or None for one line (spreadsheets do not grow rows for wrapped text a program wrote)."""
    per_line = max(int(width * 0.9 * 11 / size), 1)
    lines = sum(max(-(-len(part) // per_line), 1) for part in str(text).split("\n"))
    return round(lines * size * 1.35, 1) if lines > 1 else None


def protect(ws) -> None:
    """Lock structure cells; no password (documented in the Hướng dẫn sheet).

    Inserting rows and resizing stay allowed: the reader finds rows by criterion id.
    """
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.insertRows = False
