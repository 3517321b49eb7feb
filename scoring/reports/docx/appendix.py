"""The appendix: the full ranking of every block in a landscape A4 section, header row repeated,
then the tables the general assessment (section VII) cites: the points of each criterion group, and
the deductions and gates that applied.  Its pages are numbered from 1 on their own (Decree 30)."""

from __future__ import annotations

from docx.enum.section import WD_SECTION
from docx.shared import Cm

from scoring.core.decimals import fmt
from scoring.engine.ranking import RankedUnit, Ranking
from scoring.reports.docx.grid import grid
from scoring.reports.assessment import (
    FREQUENT_HEADERS,
    FREQUENT_TITLE,
    GROUP_HEADERS,
    GROUP_TITLE,
    NOTHING_FREQUENT,
    Assessment,
    frequent_rows,
    group_rows,
)
from scoring.reports.docx.layout import CENTER, LEFT, landscape, para, restart_numbering
from scoring.reports.profile import Profile

APPENDIX_TITLE = "PHỤ LỤC"
HEADERS = ("Hạng", "Mã đơn vị", "Tên đơn vị", "Tự chấm", "Điểm cuối cùng", "Tối đa áp dụng", "Tỷ lệ (%)",
           "Xếp loại", "Ghi chú")
#: Column widths summing to the landscape text width (297 − 2 × 20 mm = 25.7 cm).
WIDTHS_CM = (1.6, 3.9, 5.0, 1.8, 1.9, 1.9, 1.7, 2.4, 5.5)
ALIGNS = ("center", "left", "left", "right", "right", "right", "right", "left", "left")
UNRANKED = "–"


def appendix(doc, ranking: Ranking, profile: Profile, summary: str, assessment: Assessment) -> None:
    """A new landscape section with the appendix title, table 1 (one ranking per block) and the
    tables 2 and 3 that section VII's sentences cite."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    landscape(section)
    section.different_first_page_header_footer = False
    restart_numbering(section)
    para(doc, APPENDIX_TITLE, bold=True, align=CENTER, after=0, keep_next=True)
    para(doc, f"BẢNG XẾP HẠNG {summary.upper()}", bold=True, align=CENTER, after=0, keep_next=True)
    office = profile.text("co_quan_ban_hanh")
    para(doc, f"(Kèm theo Báo cáo số {profile.text('so_ky_hieu')} ngày {_date(profile)} của {office})",
         italic=True, align=CENTER, after=12, keep_next=True)
    para(doc, "Bảng 1. Xếp hạng các đơn vị theo khối", bold=True, align=LEFT, keep_next=True)
    for block in ranking.blocks:
        if not block.units:
            continue
        para(doc, f"{block.name} ({len(block.units)} đơn vị)", bold=True, align=LEFT, before=6,
             keep_next=True)
        grid(doc, HEADERS, [row(u) for u in block.units], [Cm(w) for w in WIDTHS_CM], ALIGNS)
    groups_table(doc, assessment)
    frequent_table(doc, assessment)


def groups_table(doc, assessment: Assessment) -> None:
    """Table 2: each criterion group's points over all units, against their maxima."""
    para(doc, GROUP_TITLE, bold=True, align=LEFT, before=12, keep_next=True)
    grid(doc, GROUP_HEADERS, group_rows(assessment), [Cm(w) for w in (1.8, 12.4, 2.4, 3.0, 3.1, 3.0)],
         ("center", "left", "right", "right", "right", "right"))


def frequent_table(doc, assessment: Assessment) -> None:
    """Table 3: the deduction items and gates that applied, most units first."""
    para(doc, FREQUENT_TITLE, bold=True, align=LEFT, before=12, keep_next=True)
    rows = frequent_rows(assessment)
    if not rows:
        para(doc, NOTHING_FREQUENT)
        return
    grid(doc, FREQUENT_HEADERS, rows, [Cm(w) for w in (3.6, 16.1, 2.6, 3.4)], ("left", "left", "right", "right"))


def row(unit: RankedUnit) -> list[str]:
    """One unit's appendix row (the columns of :data:`HEADERS`)."""
    final, own = unit.result.final, unit.result.self_totals
    return [str(unit.rank) if unit.rank is not None else UNRANKED, unit.unit_code, unit.result.unit_name,
            fmt(own.total, 2), fmt(final.total, 2), fmt(final.applicable_max, 2), fmt(final.percent, 2),
            unit.band_label, remarks(unit)]


def remarks(unit: RankedUnit) -> str:
    """The unit's notes: gate reasons, quota moves, not yet appraised (as the xlsx "Ghi chú")."""
    return unit.notes_text


def _date(profile: Profile) -> str:
    return f"{profile.ngay:%d/%m/%Y}" if profile.ngay else profile.text("ngay")
