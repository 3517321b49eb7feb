"""The report tables, built once and written by both the xlsx and the csv writer.

Each :class:`Table` has a stable CSV stem (``xep-hang``), a Vietnamese sheet name, a title and
typed columns; cells hold ``str``, ``int``, :class:`~decimal.Decimal` or ``None`` (empty).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterable, Literal

from scoring.core.findings import Finding
from scoring.engine.ranking import BlockRanking, RankedUnit, Ranking, order_caption
from scoring.engine.result import CriterionResult
from scoring.intake.batch import Batch
from scoring.reports.correction import TABLE_KEY as CORRECTION_KEY
from scoring.reports.correction import Correction, table_title
from scoring.reports.roll import EXCUSED_LABEL, LATE_LABEL, TABLE_TITLE, RoundRoll
from scoring.rules.index import index_of
from scoring.rules.models import Ruleset

Kind = Literal["text", "int", "points", "percent", "decimal"]  # decimal: a number as written (no fixed places)
SHEET_NAME_MAX = 31
_SHEET_FORBIDDEN = str.maketrans({c: "-" for c in "[]:*?/\\"})


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = "text"
    width: int = 12


@dataclass
class Table:
    """One table of the report: CSV stem, sheet name, title line, columns and rows."""

    key: str
    sheet: str
    title: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)


# Widths (characters) are chosen so each table fits one A4 landscape page width with its 12 pt text
# printed at 10 pt or more (see scoring.formats.xlsxstream.MIN_SCALE); long texts wrap.
RANK_COLUMNS = [
    Column("STT", "int", 5), Column("Tên đơn vị", "text", 25), Column("Mã đơn vị", "text", 14),
    Column("Khối", "text", 15), Column("Điểm tối đa áp dụng", "points", 9),
    Column("Điểm tự chấm", "points", 9), Column("Điểm thẩm định", "points", 9),
    Column("Tỷ lệ (%)", "percent", 8), Column("Xếp loại", "text", 11), Column("Hạng", "int", 6),
    Column("Ghi chú", "text", 28),
]

FINDING_COLUMNS = [
    Column("STT", "int", 5), Column("Tệp", "text", 26), Column("Trang tính", "text", 11),
    Column("Ô", "text", 6), Column("Mã tiêu chí", "text", 9), Column("Mã lỗi", "text", 18),
    Column("Mức độ", "text", 8), Column("Nội dung", "text", 50),
]


def build_tables(ruleset: Ruleset, batch: Batch, ranking: Ranking, roll: RoundRoll | None = None) -> list[Table]:
    """Every table, in sheet order: overall, each block, matrix, self vs appraisal, files, and
    the round's missing and late units when its ``roll`` is given."""
    # the title says the order, so a lowered unit listed below lower points is not a surprise
    caption = order_caption(ranking.order, ranking.basis)
    tables = [rank_table("xep-hang", "Xếp hạng chung", f"Xếp hạng chung ({caption})", ranking.overall,
                         overall=True)]
    names = sheet_names([b.name for b in ranking.blocks], taken={"Xếp hạng chung"})
    for block, sheet in zip(ranking.blocks, names):
        tables.append(block_table(block, sheet, caption))
    tables += [matrix_table(ruleset, ranking), gap_table(ranking), criterion_gap_table(ranking),
               rejected_table(batch), warning_table(batch)]
    if roll is not None:
        tables.append(roll_table(roll))
    if roll is not None and roll.correction is not None:
        tables.append(correction_table(roll.correction))
    return tables


def block_table(block: BlockRanking, sheet: str, caption: str = "") -> Table:
    title = f"Xếp hạng {block.name}" + (f" ({caption})" if caption else "")
    return rank_table(f"xep-hang-{block.id}", sheet, title, block.units, overall=False)


def rank_table(key: str, sheet: str, title: str, units: tuple[RankedUnit, ...], *, overall: bool) -> Table:
    table = Table(key, sheet, title, list(RANK_COLUMNS))
    rows = table.rows
    for stt, unit in enumerate(units, start=1):
        r = unit.result
        final = r.final
        rows.append([
            # an un-appraised unit has no appraisal score: empty, not a copy of its self-score
            stt, r.unit_name, r.unit_code, r.block_name or "", final.applicable_max, r.self_totals.total,
            final.total if r.appraised else None, final.percent, unit.band_label,
            unit.overall_rank if overall else unit.rank, unit.notes_text,
        ])
    return table


def matrix_table(ruleset: Ruleset, ranking: Ranking) -> Table:
    """Units (overall order) × leaf criteria, final points; empty where a criterion does not apply."""
    index = index_of(ruleset)
    leaves = index.leaves
    columns = [Column("STT", "int", 5), Column("Mã đơn vị", "text", 16), Column("Tên đơn vị", "text", 26)]
    columns += [Column(f"{leaf.id} (tối đa {leaf.node.max.normalize():f})", "points", 9) for leaf in leaves]
    columns += [Column("Điểm thưởng", "points", 9), Column("Điểm trừ", "points", 9),
                Column("Tổng điểm", "points", 10), Column("Điểm tối đa áp dụng", "points", 10),
                Column("Tỷ lệ (%)", "percent", 9)]
    table = Table("ma-tran-tieu-chi", "Ma trận tiêu chí", "Điểm từng tiêu chí (điểm cuối cùng)", columns)
    leaf_ids = [leaf.id for leaf in leaves]
    rows = table.rows
    for stt, unit in enumerate(ranking.overall, start=1):
        r = unit.result
        points = {c.id: _final_points(c) for c in r.criteria}
        final = r.final
        rows.append([stt, r.unit_code, r.unit_name, *map(points.get, leaf_ids),
                     final.bonus, final.deductions, final.total, final.applicable_max, final.percent])
    return table


def _final_points(c: CriterionResult) -> Decimal | None:
    """The points that count, or None where the criterion does not apply (or is not applicable)."""
    final = c.final if c.applies else None
    return final.points if final is not None and final.applicable else None


def gap_table(ranking: Ranking) -> Table:
    """Appraised units, most over-claimed first: each stage's points with its own maximum and
    percent, then the over-claim on one basis (the criteria the unit scored itself)."""
    columns = [Column("STT", "int", 6), Column("Mã đơn vị", "text", 14), Column("Tên đơn vị", "text", 30),
               Column("Khối", "text", 24), Column("Điểm tự chấm", "points", 10),
               Column("Điểm tối đa tự chấm", "points", 10), Column("Tỷ lệ tự chấm (%)", "percent", 10),
               Column("Điểm thẩm định", "points", 10), Column("Điểm tối đa thẩm định", "points", 10),
               Column("Tỷ lệ thẩm định (%)", "percent", 10),
               Column("Điểm thẩm định cùng phạm vi tự chấm", "points", 13),
               Column("Tự chấm cao hơn thẩm định (điểm)", "points", 13),
               Column("Tự chấm cao hơn thẩm định (% tối đa tự chấm)", "percent", 14),
               Column("Số tiêu chí bị hạ", "int", 9), Column("Số tiêu chí được nâng", "int", 9)]
    table = Table("tu-cham-tham-dinh", "Tự chấm - Thẩm định",
                  "Tự chấm so với thẩm định (tự chấm cao hơn thẩm định nhiều nhất ở trên)", columns)
    for stt, gap in enumerate(ranking.gaps.units, start=1):
        table.rows.append([stt, gap.unit_code, gap.unit_name, gap.block_name or "", gap.self_total,
                           gap.self_max, gap.self_percent, gap.final_total, gap.final_max, gap.final_percent,
                           gap.comparable_total, gap.overclaim, gap.overclaim_percent, gap.lowered,
                           gap.raised])
    return table


def criterion_gap_table(ranking: Ranking) -> Table:
    columns = [Column("STT", "int", 6), Column("Mã đơn vị", "text", 14), Column("Tên đơn vị", "text", 30),
               Column("Mã tiêu chí", "text", 10), Column("Tiêu chí", "text", 50),
               Column("Tự chấm", "points", 9), Column("Thẩm định", "points", 9),
               Column("Tự chấm cao hơn thẩm định", "points", 10), Column("Ý kiến thẩm định", "text", 40)]
    table = Table("chenh-lech-tieu-chi", "Chênh lệch theo tiêu chí",
                  "Các tiêu chí có điểm thẩm định khác điểm tự chấm", columns)
    for stt, gap in enumerate(ranking.gaps.criteria, start=1):
        table.rows.append([stt, gap.unit_code, gap.unit_name, gap.criterion_id, gap.criterion_name,
                           gap.self_points, gap.appraisal_points, gap.overclaim, gap.appraisal_note or ""])
    return table


def rejected_table(batch: Batch) -> Table:
    """One row per reason of every rejected file (so a file with 3 errors has 3 rows)."""
    table = Table("tep-bi-loai", "Tệp bị loại", "Các tệp không được tính và lý do", list(FINDING_COLUMNS))
    for rejected in batch.rejected:
        for finding in rejected.findings:
            table.rows.append(_finding_row(len(table.rows) + 1, rejected.file, finding))
    return table


def warning_table(batch: Batch) -> Table:
    """Warnings on accepted files: counted, but worth a look."""
    table = Table("canh-bao", "Cảnh báo", "Cảnh báo ở các tệp đã được tính", list(FINDING_COLUMNS))
    for result in batch.accepted:
        for finding in result.findings:
            table.rows.append(_finding_row(len(table.rows) + 1, result.source or "", finding))
    return table


ROLL_KEY = "chua-nop-nop-muon"


def roll_table(roll: RoundRoll) -> Table:
    """The roster's units without a counted submission, then the late ones, then the office's
    extensions and waivers."""
    columns = [Column("STT", "int", 5), Column("Mã đơn vị", "text", 14), Column("Tên đơn vị", "text", 30),
               Column("Khối", "text", 26), Column("Tình trạng", "text", 11),
               Column("Thời điểm nộp", "text", 17), Column("Hạn nộp", "text", 17)]
    table = Table(ROLL_KEY, "Chưa nộp, nộp muộn", TABLE_TITLE, columns)
    for unit in roll.missing:
        table.rows.append([len(table.rows) + 1, unit.code, unit.name, unit.block, unit.state, "",
                           roll.deadline or ""])
    for late in roll.late:
        table.rows.append([len(table.rows) + 1, late.code, late.name, late.block, LATE_LABEL, late.received_at,
                           late.deadline])
    for unit in roll.excused:  # "Hạn nộp" holds what the office granted and why
        table.rows.append([len(table.rows) + 1, unit.code, unit.name, unit.block, EXCUSED_LABEL, unit.received_at,
                           f"{unit.what}. Lý do: {unit.reason}"])
    return table


def correction_table(correction: Correction) -> Table:
    """The table ``dinh-chinh`` (xlsx sheet "Đính chính", ``dinh-chinh.csv``): every figure before and after."""
    old, new = f"lần {correction.previous}", f"lần {correction.publication}"
    columns = [Column("STT", "int", 5), Column("Mã đơn vị", "text", 12), Column("Tên đơn vị", "text", 24),
               Column("Khối", "text", 14), Column("Thay đổi", "text", 20)]
    for label, kind, width in (("Điểm", "points", 8), ("Tỷ lệ (%)", "percent", 8), ("Xếp loại", "text", 10),
                               ("Hạng trong khối", "int", 7), ("Hạng chung", "int", 7)):
        columns += [Column(f"{label} {old}", kind, width), Column(f"{label} {new}", kind, width)]
    table = Table(CORRECTION_KEY, "Đính chính", f"{table_title(correction)} (lý do: {correction.reason.strip()})", columns)
    for i, r in enumerate(correction.rows, start=1):
        figures = []
        for name in ("total", "percent", "band_label", "rank", "overall_rank"):
            figures += [getattr(r.before, name) if r.before else None, getattr(r.after, name) if r.after else None]
        table.rows.append([i, r.code, r.name, r.block, "; ".join(r.changed)] + figures)
    return table


def findings_table(key: str, sheet: str, title: str, pairs: Iterable[tuple[str, Finding]]) -> Table:
    """A table of findings, each with the file it belongs to (when its location names none)."""
    table = Table(key, sheet, title, list(FINDING_COLUMNS))
    for file, finding in pairs:
        table.rows.append(_finding_row(len(table.rows) + 1, file, finding))
    return table


#: The printed order of a findings table: the explanation before the code, which is last and narrow.
_PRINTED_FINDINGS = (0, 1, 2, 3, 4, 6, 7, 5)


def for_print(table: Table) -> Table:
    """``table`` as a sheet shows it to a person.  A findings table names the file, not its path,
    locates by sheet and cell (a JSON path means nothing on paper), and keeps its English code in a
    narrow last column; the CSV and ``ket-qua.json`` keep every field for programs."""
    if table.columns != FINDING_COLUMNS:
        return table
    columns = [FINDING_COLUMNS[i] for i in _PRINTED_FINDINGS]
    columns[-1] = Column("Mã lỗi", "text", 16)  # (the longest codes on two lines, broken at a hyphen)
    columns[1] = Column("Tệp", "text", 20)
    rows = [[row[i] for i in _PRINTED_FINDINGS] for row in table.rows]
    for row in rows:
        row[1] = re.split(r"[\\/]", str(row[1] or ""))[-1]
        row[3] = "" if str(row[3] or "").startswith("$") else row[3]
    return Table(table.key, table.sheet, table.title, columns, rows)


def _finding_row(stt: int, file: str, finding: Finding) -> list[Any]:
    loc = finding.location
    where = loc.cell or loc.json_path or ""
    return [stt, loc.file or file, loc.sheet or "", where, loc.criterion_id or "", finding.code,
            "Lỗi" if finding.is_error else "Cảnh báo", finding.message]


def sheet_names(names: list[str], taken: set[str]) -> list[str]:
    """Valid, unique Excel sheet names (≤ 31 characters, no []:*?/\\), cut at a word with '…'."""
    used = {t.casefold() for t in taken}
    result = []
    for name in names:
        base = name.translate(_SHEET_FORBIDDEN).strip("' ") or "Khối"
        if len(base) > SHEET_NAME_MAX:
            cut = base[:SHEET_NAME_MAX - 1]
            base = (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;-") + "…"
        candidate, n = base, 2
        while candidate.casefold() in used:
            suffix = f" ({n})"
            candidate, n = base[:SHEET_NAME_MAX - len(suffix)] + suffix, n + 1
        used.add(candidate.casefold())
        result.append(candidate)
    return result
