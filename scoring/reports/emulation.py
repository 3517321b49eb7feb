"""The emulation proposal as a list: ``danh-sach-de-nghi-khen-thuong.xlsx`` (who is proposed, framed
as an official table with the national header and the signer; who was considered and not, with
why) — the same rows as the Tờ trình's appendix (:mod:`scoring.reports.docx.submission`).

Each row names the results it rests on: one column per round (the class, the percent or points
and the rank as the round's publication prints them) and the recognised models.
"""

from __future__ import annotations

from pathlib import Path

from scoring.engine.emulation import SUBJECT_LABELS, EmulationProposal, Line
from scoring.reports.profile import Profile
from scoring.reports.tables import Column, Table

XLSX_NAME = "danh-sach-de-nghi-khen-thuong.xlsx"
PROPOSED_SHEET, EXCLUDED_SHEET = "Đề nghị khen thưởng", "Không đề nghị"
NO_RESULT = "Không có kết quả"


def round_headers(proposal: EmulationProposal) -> list[str]:
    """One column a round: 'Kết quả Dân vận chính quyền (DVCQ-2026)'."""
    return [f"Kết quả {r.label} ({r.code})" for r in proposal.rounds]


def proposed_headers(proposal: EmulationProposal) -> list[str]:
    return ["STT", "Hình thức khen thưởng", "Đối tượng", "Tên tập thể, cá nhân", "Mã đơn vị",
            *round_headers(proposal), "Mô hình được công nhận", "Căn cứ đề nghị"]


def excluded_headers(proposal: EmulationProposal) -> list[str]:
    return ["STT", "Đối tượng", "Tên tập thể, cá nhân", "Mã đơn vị", *round_headers(proposal),
            "Mô hình được công nhận", "Lý do không đề nghị"]


def _results(line: Line) -> list[str]:
    return [s.text if s is not None else NO_RESULT for s in line.standings]


def proposed_rows(proposal: EmulationProposal) -> list[list[str]]:
    """The list's rows, in the order of the Tờ trình (form of commendation, then order)."""
    return [[str(i), x.title, SUBJECT_LABELS[x.subject], x.name, x.unit_code, *_results(x), "; ".join(x.models),
             x.reason] for i, x in enumerate(proposal.proposed, 1)]


def excluded_rows(proposal: EmulationProposal) -> list[list[str]]:
    """Those considered and not proposed, with the reason each form refused them."""
    return [[str(i), SUBJECT_LABELS[x.subject], x.name, x.unit_code, *_results(x), "; ".join(x.models), x.reason]
            for i, x in enumerate(proposal.excluded, 1)]


def heading_lines(proposal: EmulationProposal) -> tuple[str, str]:
    """The title's two lines under the table's: the rules, and the illustrative warning or the rounds."""
    first = f"{proposal.title} — năm {proposal.year}"
    if proposal.notice:  # (a note that says it already is not prefixed again)
        note = proposal.notice.strip()
        return first, note if note.upper().startswith("QUY TẮC MINH HỌA") else f"QUY TẮC MINH HỌA: {note}"
    return first, "Căn cứ kết quả: " + "; ".join(f"{r.name} ({r.code}, {r.state.lower()})" for r in proposal.rounds)


#: Column kind and width by header (a round's column: text, 20 wide).
_COLUMNS = {"STT": ("int", 5), "Hình thức khen thưởng": ("text", 20), "Đối tượng": ("text", 9),
            "Tên tập thể, cá nhân": ("text", 24), "Mã đơn vị": ("text", 12), "Mô hình được công nhận": ("text", 22),
            "Căn cứ đề nghị": ("text", 40), "Lý do không đề nghị": ("text", 40)}


def _table(key: str, sheet: str, title: str, headers: list[str], rows: list[list[str]]) -> Table:
    columns = [Column(h, *_COLUMNS.get(h, ("text", 20))) for h in headers]
    return Table(key, sheet, title, columns, [[int(r[0]), *r[1:]] for r in rows])


def tables(proposal: EmulationProposal) -> list[Table]:
    """The two tables of the workbook: the rows of :func:`proposed_rows` and :func:`excluded_rows`."""
    return [_table("de-nghi", PROPOSED_SHEET, f"Danh sách đề nghị khen thưởng năm {proposal.year}",
                   proposed_headers(proposal), proposed_rows(proposal)),
            _table("khong-de-nghi", EXCLUDED_SHEET, "Tập thể, cá nhân đã xét, không đề nghị và lý do",
                   excluded_headers(proposal), excluded_rows(proposal))]


def write_list(path: Path, proposal: EmulationProposal, profile: Profile | None) -> Path:
    """Write the workbook to ``path`` (a temporary location; the caller publishes it)."""
    from scoring.formats.xlsxstream import write_workbook
    from scoring.reports.xlsxframe import official_sheet
    from scoring.reports.xlsxsheet import table_sheet

    proposed, excluded = tables(proposal)
    lines = heading_lines(proposal)
    warn = proposal.notice is not None
    sheets = [official_sheet(proposed, lines, warn, profile), table_sheet(excluded, lines, warn=warn)]
    return write_workbook(path, sheets, title=proposed.title, subject=lines[0])
