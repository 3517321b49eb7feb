"""The "Phụ lục" sheet: the ruleset as the decision's appendix reads, for proofreading on paper.

Written in words by the same functions as ``dvk show`` (criteria and how each is scored, per-type
maxima, bonus and deduction items, classes, gates with their conditions, quotas, rounding and
ranking), in columns that print on one A4 page width.  The reader of the workbook ignores it: the
editable sheets after it are the ruleset.
"""

from __future__ import annotations

from scoring.jobs.show import classification_lines, criteria_rows, pool_rows
from scoring.reports.tables import Column, Table
from scoring.rules.models import Ruleset

SHEET_APPENDIX = "Phụ lục"
APPENDIX_COLUMNS = [Column("STT", "text", 7), Column("Nội dung", "text", 40), Column("Điểm tối đa", "text", 8),
                    Column("Cách chấm", "text", 50), Column("Áp dụng cho", "text", 14)]


def appendix_table(ruleset: Ruleset) -> Table:
    """The appendix as one table: criteria, then bonus/deduction items and facts, then the rules."""
    names = {u.id: u.name for u in ruleset.unit_types}
    rows: list[list[object]] = []
    for stt, name, worth, method, applies in criteria_rows(ruleset):
        shown = "; ".join(names.get(part.strip(), part.strip()) for part in applies.split(",")) if applies else ""
        rows.append([stt, name.strip(), worth, method, shown])
    pools = pool_rows(ruleset)
    if pools:
        rows.append([None, "ĐIỂM THƯỞNG, ĐIỂM TRỪ VÀ THÔNG TIN KHÁC", None, None, None])
        rows += [[code, item, points, note, None] for code, item, points, note in pools]
    rows.append([None, "XẾP LOẠI, XẾP HẠNG", None, None, None])
    rows += [[None, None, None, line.strip(), None] for line in classification_lines(ruleset) if line.strip()]
    return Table(SHEET_APPENDIX, SHEET_APPENDIX, "Phụ lục: bộ tiêu chí chấm điểm", APPENDIX_COLUMNS, rows)
