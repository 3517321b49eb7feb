"""``xep-hang.xlsx``: the published ranking workbook, print-ready (:mod:`scoring.formats.xlsxstream`).

The ranking sheets are framed as official tables (:mod:`scoring.reports.xlsxframe`).  Every table
sheet (:mod:`scoring.reports.xlsxsheet`) has three title rows (the table, the ruleset with its version and the year, the
decision or the illustrative-status warning), a frozen header with an autofilter, two-decimal
number formats, Times New Roman, A4 landscape fitted to the page width with repeated header rows.
A last sheet "Thông tin" states the ruleset, the batch counts and the ranking policy.
"""

from __future__ import annotations

from pathlib import Path

from scoring.engine.ranking import Ranking
from scoring.formats.xlsxstream import Sheet, write_workbook
from scoring.intake.batch import Batch
from scoring.reports.profile import Profile
from scoring.reports.roll import RoundRoll, roll_lines
from scoring.reports.tables import Table
from scoring.reports.xlsxframe import RANKING_KEY, official_sheet
from scoring.reports.xlsxsheet import (
    FONT,
    LINE_HEIGHT,
    PAGE,
    spanning,
    table_sheet,
    text_lines,
)
from scoring.rules.models import Ruleset

__all__ = ["FONT", "LINE_HEIGHT", "source_line", "subtitle", "table_sheet", "write_tables", "write_xlsx"]


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
               profile: Profile | None = None, roll: RoundRoll | None = None) -> Path:
    """Write the ranking workbook to ``path`` (a temporary location; the caller publishes it).

    The ranking sheets (overall and per block) are the published tables: they carry the national
    header, the place and date, and the signature block (:mod:`scoring.reports.xlsxframe`).
    """
    lines = (subtitle(ruleset, batch.year), source_line(ruleset))
    warn = ruleset.status == "illustrative"
    sheets = [official_sheet(table, lines, warn, profile) if table.key.startswith(RANKING_KEY)
              else table_sheet(table, lines, warn=warn) for table in tables]
    sheets.append(_info_sheet(ruleset, batch, ranking, roll))
    return write_workbook(path, sheets, title="Xếp hạng công tác dân vận", subject=lines[0])


def write_tables(path: Path, tables: list[Table], lines: tuple[str, str], *, warn: bool = False) -> Path:
    """A workbook of plain table sheets under two heading lines (the second red when ``warn``)."""
    return write_workbook(path, [table_sheet(table, lines, warn=warn) for table in tables])


def _info_sheet(ruleset: Ruleset, batch: Batch, ranking: Ranking, roll: RoundRoll | None = None) -> Sheet:
    rows: list[tuple[str, str]] = [
        # (the ruleset's id is for programs: it stays in ket-qua.json)
        ("Bộ tiêu chí", ruleset.title), ("Phiên bản", ruleset.version),
        ("Trạng thái", "Minh họa" if ruleset.status == "illustrative" else "Chính thức"),
        ("Văn bản", source_line(ruleset)), ("Năm đánh giá", str(batch.year or "")),
        ("Số tệp đã đọc", str(len(batch.files))), ("Số tệp được tính", str(len(batch.accepted))),
        ("Số tệp bị loại", str(len(batch.rejected))), ("Số tệp bỏ qua", str(len(batch.skipped))),
    ]
    rows += [("Quy tắc xếp hạng", line) for line in ranking.policy]
    rows += [("Ghi chú", line) for line in batch.notes]
    if roll is not None:
        rows += [("Đợt đánh giá", line) for line in roll_lines(roll)]
    widths = [34, 100]
    cells, merges, heights = spanning([(0, "THÔNG TIN VỀ BẢNG XẾP HẠNG", "title")], widths)
    for i, (label, value) in enumerate(rows, start=2):
        style = "warning" if label == "Văn bản" and ruleset.status == "illustrative" else "plain"
        cells += [(i, 0, label, "label"), (i, 1, value, style)]
        lines = text_lines(value, widths[1], bold=style == "warning")
        if lines > 1:
            heights[i] = LINE_HEIGHT * lines
    return Sheet("Thông tin", widths, cells, heights=heights, merges=merges, **PAGE)
