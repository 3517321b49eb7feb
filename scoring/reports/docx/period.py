"""The 6-month and year-end report (sơ kết, tổng kết) laid out by Nghị định 30/2020/NĐ-CP.

The same parts as the round's report (:mod:`.frame`, :mod:`.layout`, :func:`.grid.grid`): the
header and title, sections I–VI worded by :mod:`scoring.reports.period`, "Nơi nhận" and the
signer, then the appendix listing every number the body printed with its source.  This module
lays out and computes nothing; the office edits the prose in Word.
"""

from __future__ import annotations

from pathlib import Path

from docx.enum.section import WD_SECTION
from docx.shared import Cm

from scoring.reports.docx import frame
from scoring.reports.docx.grid import grid, save
from scoring.reports.docx.layout import (
    CENTER,
    LEFT,
    para,
    restart_numbering,
    setup_document,
)
from scoring.reports.period import (
    APPENDIX_SUBTITLE,
    APPENDIX_TITLE,
    DOCUMENT_HEADERS,
    FIGURE_HEADERS,
    KIND,
    MODEL_HEADERS,
    SECTIONS,
    Numbers,
    PeriodReport,
    document_intro,
    document_rows,
    model_rows,
    models_missing,
    opening,
    proposals,
    round_lines,
    strengths,
    title,
    weaknesses,
)

DOCUMENT_WIDTHS = (1.3, 4.6, 2.6, 1.6, 1.6, 1.6, 1.6, 1.6)
MODEL_WIDTHS = (5.3, 2.8, 2.8, 2.8, 2.8)
FIGURE_WIDTHS = (1.3, 7.0, 2.0, 6.2)


def write_period_report(report: PeriodReport, path: Path) -> Path:
    """Write the report to ``path`` (the caller makes it whole or absent); return ``path``."""
    import docx

    doc = docx.Document()
    setup_document(doc)
    frame.header(doc, report.profile)
    frame.title(doc, KIND, report.summary)
    numbers = Numbers()
    _line(doc, opening(report))
    _documents(doc, report, numbers)
    _heading(doc, SECTIONS[1])
    for text in round_lines(report.rounds, numbers, "đợt đánh giá, phân loại công tác dân vận chính quyền"):
        _line(doc, text)
    _heading(doc, SECTIONS[2])
    _line(doc, f"Đợt được tính là đợt quy chế dân chủ ở cơ sở khi {report.qcdc_rule}.")
    for text in round_lines(report.qcdc, numbers, "đợt tự chấm điểm thực hiện quy chế dân chủ ở cơ sở"):
        _line(doc, text)
    _models(doc, report, numbers)
    _heading(doc, SECTIONS[4])
    _line(doc, "1. Ưu điểm")
    for text in strengths(report, numbers):
        _line(doc, text)
    _line(doc, "2. Hạn chế")
    for text in weaknesses(report, numbers):
        _line(doc, text)
    _heading(doc, SECTIONS[5])
    for text in proposals(report):
        _line(doc, text)
    frame.signature(doc, report.profile)
    _appendix(doc, report, numbers)
    core = doc.core_properties
    core.title, core.author = title(report), report.profile.co_quan_ban_hanh or ""
    core.last_modified_by, core.comments = core.author, ""
    return save(doc, Path(path))


def _heading(doc, text: str) -> None:
    para(doc, text, bold=True, align=LEFT, before=6, keep_next=True)


def _line(doc, text: str) -> None:
    para(doc, text, indent_first=1.0)


def _documents(doc, report: PeriodReport, numbers: Numbers) -> None:
    """I: the documents due in the period and a table of how units sent them (the units late or
    missing are named in section V's weaknesses)."""
    _heading(doc, SECTIONS[0])
    for text in document_intro(report, numbers):
        _line(doc, text)
    if report.documents:
        grid(doc, DOCUMENT_HEADERS, document_rows(report, numbers), [Cm(w) for w in DOCUMENT_WIDTHS],
             ("center", "left", "left", "right", "right", "right", "right", "right"))


def _models(doc, report: PeriodReport, numbers: Numbers) -> None:
    """IV: the models per field, or the line the office fills."""
    _heading(doc, SECTIONS[3])
    if report.models is None:
        _line(doc, models_missing(report))
        return
    _line(doc, f"Số mô hình \"Dân vận khéo\" {report.period} theo lĩnh vực (nguồn: sổ đăng ký mô hình, xem Phụ lục):")
    grid(doc, MODEL_HEADERS, model_rows(report.models, numbers), [Cm(w) for w in MODEL_WIDTHS],
         ("left", "right", "right", "right", "right"))


def _appendix(doc, report: PeriodReport, numbers: Numbers) -> None:
    """A new section numbered from 1: every number of the body, its value and its source."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.different_first_page_header_footer = False
    restart_numbering(section)
    para(doc, APPENDIX_TITLE, bold=True, align=CENTER, after=0, keep_next=True)
    para(doc, APPENDIX_SUBTITLE, bold=True, align=CENTER, after=0, keep_next=True)
    profile = report.profile
    day = f"{profile.ngay:%d/%m/%Y}" if profile.ngay else profile.text("ngay")
    para(doc, f"(Kèm theo Báo cáo số {profile.text('so_ky_hieu')} ngày {day} của {profile.text('co_quan_ban_hanh')})",
         italic=True, align=CENTER, after=12, keep_next=True)
    rows = [[str(i), f.label, f.value, f.source] for i, f in enumerate(numbers.figures, 1)]
    grid(doc, FIGURE_HEADERS, rows, [Cm(w) for w in FIGURE_WIDTHS], ("center", "left", "right", "left"))
