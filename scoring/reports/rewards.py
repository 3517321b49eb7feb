"""The proposal list as tables: ``de-nghi-khen-thuong.xlsx`` (and CSV) of ``dvk rank``."""

from __future__ import annotations

from pathlib import Path

from scoring.engine.proposal import Entry, RewardProposal
from scoring.reports.profile import Profile
from scoring.reports.tables import Column, Table

XLSX_NAME = "de-nghi-khen-thuong.xlsx"
OWNED = (XLSX_NAME, "de-nghi-khen-thuong.csv", "khong-de-nghi-khen-thuong.csv")
_COLUMNS = [Column("STT", "int", 6), Column("Hình thức khen thưởng", "text", 26), Column("Đối tượng", "text", 10),
            Column("Khối", "text", 22), Column("Đơn vị", "text", 30), Column("Cá nhân", "text", 18),
            Column("Hạng", "int", 7), Column("Xếp loại", "text", 12), Column("Điểm / tỷ lệ", "points", 10),
            Column("Lý do", "text", 60)]


def proposal_tables(proposal: RewardProposal) -> list[Table]:
    """Two tables: who is proposed (per reward) and who is not, each with the reason."""
    proposed = Table("de-nghi-khen-thuong", "Đề nghị khen thưởng", proposal.label, list(_COLUMNS))
    excluded = Table("khong-de-nghi-khen-thuong", "Không đề nghị", "Đơn vị, cá nhân không đề nghị và lý do",
                     list(_COLUMNS))
    for entry in proposal.entries:
        table = proposed if entry.proposed else excluded
        table.rows.append(_row(len(table.rows) + 1, entry))
    return [proposed, excluded]


def _row(stt: int, e: Entry) -> list[object]:
    subject = "Cá nhân" if e.subject == "individual" else "Tập thể"
    return [stt, e.title, subject, e.block, f"{e.unit_name} ({e.unit_code})", e.person or "", e.rank,
            e.band_label, e.value, e.reason]


def write_proposal(folder: Path, proposal: RewardProposal, lines: tuple[str, str], warn: bool,
                   profile: Profile | None = None) -> list[Path]:
    """The workbook and its CSVs in ``folder`` (the reports' temporary folder).

    The proposal is a document sent up to the council: framed like the published ranking, with
    the agency and national header above and the signatures below (``profile``, placeholders
    without it); the list of who is not proposed is a plain table.
    """
    from scoring.formats.xlsxstream import write_workbook
    from scoring.reports.csv import write_csv
    from scoring.reports.xlsxframe import official_sheet
    from scoring.reports.xlsxsheet import table_sheet

    proposed, excluded = proposal_tables(proposal)
    if proposal.note:
        lines = (lines[0], f"{lines[1]} — {proposal.note}")
    sheets = [official_sheet(proposed, lines, warn, profile), table_sheet(excluded, lines, warn=warn)]
    paths = [write_workbook(folder / XLSX_NAME, sheets, title=proposed.title, subject=lines[0])]
    return paths + [write_csv(folder / f"{table.key}.csv", table) for table in (proposed, excluded)]
