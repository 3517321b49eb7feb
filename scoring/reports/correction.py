"""A correction (đính chính) of a round's publication, as every report prints it.

A round published, reopened with a reason and published again: the new publication says what
changed against the previous one.  The workspace works the rows out
(:func:`scoring.jobs.compare.publication_changes`, the one comparison of two rankings) and hands a
:class:`Correction` in the round's roll (:class:`scoring.reports.roll.RoundRoll`); the reports
print it from here: the title's words (:func:`title_words`), the sentence of section I
(:func:`correction_sentence`), the table ``dinh-chinh`` (xlsx sheet and ``dinh-chinh.csv``,
:func:`scoring.reports.tables.correction_table`; the docx and the HTML page print :func:`short_rows`) and the ``"correction"``
object of ``ket-qua.json`` (:func:`correction_document`).  Reports compute nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from scoring.core.decimals import fmt, to_json_number
from scoring.engine.standing import Standing

TABLE_KEY = "dinh-chinh"
#: What a row says when the unit is in one of the two publications only.
ADDED, REMOVED = "có trong lần này, không có trong lần trước", "có trong lần trước, không có trong lần này"


@dataclass(frozen=True)
class CorrectionRow:
    """A unit whose place differs between the two publications: ``before`` (None: not in the
    previous one), ``after`` (None: not in this one) and what differs, in words."""

    code: str
    name: str
    block: str
    changed: tuple[str, ...]
    before: Standing | None
    after: Standing | None


@dataclass(frozen=True)
class Correction:
    """The correction a publication carries: its number (lần đính chính), the office's reason,
    this publication's number, the previous one's number and date, the units that changed."""

    number: int
    reason: str
    publication: int
    previous: int
    previous_date: dt.date
    rows: tuple[CorrectionRow, ...] = ()


def title_words(correction: Correction | None) -> str:
    """What the document's title adds: " (đính chính lần 1)", or nothing."""
    return f" (đính chính lần {correction.number})" if correction else ""


def correction_sentence(correction: Correction) -> str:
    """Section I's sentence: what this publication corrects, why, and how many units changed."""
    head = (f"Báo cáo này đính chính kết quả đã công bố lần {correction.previous} ngày "
            f"{correction.previous_date:%d/%m/%Y} (đính chính lần {correction.number}, công bố lần "
            f"{correction.publication}). Lý do đính chính: {correction.reason.strip().rstrip('.')}.")
    rows = correction.rows
    if not rows:
        return f"{head} So với lần công bố {correction.previous}, không đơn vị nào thay đổi điểm, xếp loại hay hạng."
    return (f"{head} So với lần công bố {correction.previous}, {len(rows)} đơn vị thay đổi "
            f"(điểm, xếp loại, hạng trước và sau đính chính ở bảng “{table_title(correction)}”).")


def table_title(correction: Correction) -> str:
    return f"Đính chính so với lần công bố {correction.previous}"


#: The columns the docx and the HTML page print (the table below has every figure).
SHORT_HEADERS = ("Đơn vị", "Thay đổi", "Điểm", "Tỷ lệ (%)", "Xếp loại", "Hạng trong khối", "Hạng chung")
#: Rows the report's section I prints at most (as it names the first units and the greatest
#: overclaims only); every changed unit is in the xlsx sheet and the csv (:func:`cut_sentence`).
SHOWN_ROWS = 20


def short_rows(correction: Correction, most: int | None = None) -> list[list[str]]:
    """The rows of the docx's and the page's table: each figure "trước → sau" ("—" where absent);
    the first ``most`` changed units only, when given."""
    rows = []
    for r in correction.rows[:most]:
        pairs = [(fmt(s.total, 2) if s else None for s in (r.before, r.after)),
                 (fmt(s.percent, 2) if s else None for s in (r.before, r.after)),
                 (s.band_label if s else None for s in (r.before, r.after)),
                 (_rank(s.rank) if s else None for s in (r.before, r.after)),
                 (_rank(s.overall_rank) if s else None for s in (r.before, r.after))]
        rows.append([f"{r.name} ({r.code})", "; ".join(r.changed)] + [_arrow(*pair) for pair in pairs])
    return rows


def cut_sentence(correction: Correction, most: int, workbook: str) -> str:
    """What a table cut to ``most`` rows says under it: where every changed unit is ("" when none is left out)."""
    count = len(correction.rows)
    if count <= most:
        return ""
    return (f"Bảng trên nêu {most} trong {count} đơn vị thay đổi; đủ {count} đơn vị, với mọi số liệu trước và "
            f"sau đính chính, ở trang tính “Đính chính” của tệp {workbook} và tệp {TABLE_KEY}.csv công bố kèm "
            "báo cáo này.")


def _rank(rank: int | None) -> str:
    return "—" if rank is None else str(rank)


def _arrow(before: str | None, after: str | None) -> str:
    before, after = before or "—", after or "—"
    return before if before == after else f"{before} → {after}"


def correction_document(correction: Correction) -> dict[str, Any]:
    """The ``"correction"`` object of ``ket-qua.json``."""
    return {"number": correction.number, "reason": correction.reason, "publication": correction.publication,
            "previous": {"number": correction.previous, "date": correction.previous_date.isoformat()},
            "units": [{"unit_code": r.code, "name": r.name, "block": r.block, "changed": list(r.changed),
                       "before": _standing(r.before), "after": _standing(r.after)} for r in correction.rows]}


def _standing(s: Standing | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {"total": to_json_number(s.total), "percent": to_json_number(s.percent), "band_label": s.band_label,
            "rank": s.rank, "overall_rank": s.overall_rank}
