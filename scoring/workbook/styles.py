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
        muted=Font(name=FONT, size=10, color="808080"),
        marker=Font(name=FONT, size=8, color="A6A6A6"),
        border=Border(left=thin, right=thin, top=thin, bottom=thin),
        wrap=Alignment(wrap_text=True, vertical="top"),
        center=Alignment(horizontal="center", vertical="top", wrap_text=True),
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


def print_setup(ws, title_rows: str | None = None, landscape: bool = True) -> None:
    """A4, fit to one page wide, repeated header rows, page numbers in the footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.font = FONT
    if title_rows:
        ws.print_title_rows = title_rows


def protect(ws) -> None:
    """Lock structure cells; no password (documented in the Hướng dẫn sheet).

    Inserting rows and resizing stay allowed: the reader finds rows by criterion id.
    """
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.insertRows = False
