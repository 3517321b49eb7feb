"""The published ranking sheets of ``xep-hang.xlsx`` framed as an official table (Decree 30 style).

Above the title: the agency (governing body and issuing office, from the profile) on the left and
the Quốc hiệu and Tiêu ngữ on the right, then the place and date.  Below the table: "Người lập
biểu" on the left and the signer (authority, title, space to sign, name) on the right.  Missing
profile fields print as "………" to be filled by hand.
"""

from __future__ import annotations

from dataclasses import replace

from scoring.formats.xlsxstream import Sheet, first_page_columns
from scoring.reports.profile import Profile
from scoring.reports.tables import Table
from scoring.reports.xlsxsheet import LINE_HEIGHT, spanning, table_sheet

#: Tables whose key starts with this are the ranking tables (overall, then one per block).
RANKING_KEY = "xep-hang"
NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
PREPARER = "NGƯỜI LẬP BIỂU\n(Ký, ghi rõ họ tên)"
TOP = 2  # the national header row and the date row
SIGN_SPACE = 4  # empty lines left for the signature and the seal


def official_sheet(table: Table, lines: tuple[str, str], warn: bool, profile: Profile | None) -> Sheet:
    """``table`` as a published sheet: national header and date above, signatures below."""
    profile = profile or Profile()
    base = table_sheet(table, lines, warn=warn, top=TOP)
    widths = list(base.widths)
    last = first_page_columns(widths) - 1
    split = _split(widths, last)
    agency = f"{profile.text('co_quan_chu_quan').upper()}\n{profile.text('co_quan_ban_hanh').upper()}"
    head = [spanning([(0, agency, "agency")], widths, 0, split - 1),
            spanning([(0, NATIONAL, "national")], widths, split, last),
            spanning([(1, profile.date_line(), "dateline")], widths, split, last)]
    end = base.body_row + len(base.body) + 1
    signer = [profile.quyen_han.upper()] if profile.quyen_han else []
    signer += [profile.text("chuc_vu").upper()] + [""] * SIGN_SPACE + [profile.text("nguoi_ky")]
    tail = [spanning([(end, PREPARER, "sign")], widths, 0, split - 1),
            spanning([(end, "\n".join(signer), "sign")], widths, split, last)]
    cells = [c for part in head for c in part[0]] + list(base.cells)
    merges = [m for part in head + tail for m in part[1]] + list(base.merges)
    heights = dict(base.heights)
    heights[0] = LINE_HEIGHT * 2.4
    heights[1] = LINE_HEIGHT * 1.6
    heights[end] = LINE_HEIGHT * 1.15 * len(signer)
    return replace(base, cells=cells, merges=merges, heights=heights,
                   tail=[c for part in tail for c in part[0]])


def _split(widths: list[float], last: int) -> int:
    """The first column of the right-hand half: about 40 % of the printed width is the agency's."""
    total, running = sum(widths[:last + 1]), 0.0
    for col, width in enumerate(widths[:last + 1]):
        running += width
        if running >= total * 0.4:
            return min(col + 1, last)
    return last
