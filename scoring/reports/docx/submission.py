"""The Tờ trình (submission) proposing the year's commendations, for the office to sign.

Laid out by Nghị định 30/2020/NĐ-CP from the parts the round's report uses (:mod:`.frame`,
:mod:`.layout`, :func:`.grid.grid`): the header, "TỜ TRÌNH" and its summary line, "Kính gửi", the
bases (the rules' own, then each round's results), what is proposed — per form of commendation,
how many collectives and individuals and who — the closing, "Nơi nhận" and the signer; then the
attached list in a landscape section: the rows of :func:`scoring.reports.emulation.proposed_rows`
(the xlsx list's) and of those considered and not proposed.  Every count and name comes from
:meth:`~scoring.engine.emulation.EmulationProposal.tally`; this module words it and computes nothing.
"""

from __future__ import annotations

from pathlib import Path

from docx.enum.section import WD_SECTION
from docx.shared import Cm

from scoring.engine.emulation import EmulationProposal, count_words
from scoring.reports.docx import frame
from scoring.reports.docx.grid import grid, save
from scoring.reports.docx.layout import CENTER, LEFT, add_run, landscape, para, restart_numbering, setup_document
from scoring.reports.emulation import excluded_headers, excluded_rows, proposed_headers, proposed_rows
from scoring.reports.profile import Profile

DOCX_NAME = "to-trinh-de-nghi-khen-thuong.docx"
KIND = "TỜ TRÌNH"
LIST_TITLE = "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"
EXCLUDED_TITLE = "Tập thể, cá nhân đã xét, không đề nghị khen thưởng và lý do"
#: Landscape text width is 25.7 cm: the fixed columns, the rounds share what is left.
_FIXED_CM = {"STT": 1.3, "Hình thức khen thưởng": 3.0, "Đối tượng": 1.8, "Tên tập thể, cá nhân": 3.6,
             "Mã đơn vị": 2.4, "Mô hình được công nhận": 3.0, "Căn cứ đề nghị": 5.0, "Lý do không đề nghị": 6.0}
_WIDTH_CM = 25.7


def summary_line(year: int) -> str:
    """The Tờ trình's summary (trích yếu)."""
    return f"Về việc đề nghị khen thưởng thành tích trong công tác dân vận năm {year}"


def body_lines(proposal: EmulationProposal, office: str) -> list[str]:
    """The bases, what is proposed per form (counts and names), and the closing."""
    lines = [b if b.lower().startswith("căn cứ") else f"Căn cứ {b};" for b in proposal.basis]
    lines += [f"Căn cứ kết quả đánh giá, phân loại {r.label} năm {proposal.year} ({r.name}, {r.state.lower()});"
              for r in proposal.rounds]
    lines.append(f"Căn cứ quy định đề xuất khen thưởng: {proposal.title};")
    if not proposal.proposed:
        lines.append(f"Qua xét kết quả, {office} báo cáo {proposal.submit_to}: không có tập thể, cá nhân nào đủ "
                     "điều kiện đề nghị khen thưởng theo quy định.")
    else:
        lines.append(f"{office} kính trình {proposal.submit_to} xem xét, khen thưởng cho {count_words(*proposal.split())} "
                     "có thành tích trong công tác dân vận, cụ thể như sau:")
    number = 0
    for tally in proposal.tally():
        if not tally.collectives and not tally.individuals:
            continue
        number += 1
        lines.append(f"{number}. {tally.title}: {count_words(tally.collectives, tally.individuals)}.")
        if tally.collectives:
            lines.append("- Tập thể: " + "; ".join(x.name for x in tally.collectives) + ".")
        if tally.individuals:
            lines.append("- Cá nhân: " + "; ".join(x.name for x in tally.individuals) + ".")
    excluded = proposal.excluded
    if excluded:
        lines.append(f"Đã xét nhưng không đề nghị: {len(excluded)} tập thể, cá nhân (lý do tại danh sách kèm theo).")
    lines.append("(Có danh sách kèm theo)")
    lines.append(f"{office} kính trình {proposal.submit_to} xem xét, quyết định./.")
    return lines


def write_submission(path: Path, proposal: EmulationProposal, profile: Profile) -> Path:
    """Write the Tờ trình to ``path`` (the caller publishes it whole); return ``path``."""
    import docx

    office = profile.co_quan_ban_hanh or "cơ quan"
    doc = docx.Document()
    setup_document(doc)
    frame.header(doc, profile)
    frame.title(doc, KIND, summary_line(proposal.year))
    if proposal.notice:
        frame.notice(doc, f"LƯU Ý: {proposal.notice}")
    to = para(doc, "", align=CENTER, after=12)
    add_run(to, f"Kính gửi: {proposal.submit_to}.")
    for text in body_lines(proposal, office):
        para(doc, text, indent_first=1.0)
    frame.signature(doc, profile)
    _attached(doc, proposal, profile)
    core = doc.core_properties
    core.title, core.author = f"{KIND} {summary_line(proposal.year)}", profile.co_quan_ban_hanh or ""
    core.last_modified_by, core.comments = core.author, ""
    return save(doc, Path(path))


def _attached(doc, proposal: EmulationProposal, profile: Profile) -> None:
    """The list in a landscape section (pages numbered from 1), then those not proposed."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    landscape(section)
    restart_numbering(section)
    para(doc, LIST_TITLE, bold=True, align=CENTER, after=0, keep_next=True)
    when = f"{profile.ngay:%d/%m/%Y}" if profile.ngay else profile.text("ngay")
    para(doc, f"(Kèm theo Tờ trình số {profile.text('so_ky_hieu')} ngày {when} của "
              f"{profile.text('co_quan_ban_hanh')})", italic=True, align=CENTER, after=12, keep_next=True)
    _table(doc, proposed_headers(proposal), proposed_rows(proposal))
    para(doc, EXCLUDED_TITLE, bold=True, align=LEFT, before=12, keep_next=True)
    _table(doc, excluded_headers(proposal), excluded_rows(proposal))


def _table(doc, headers: list[str], rows: list[list[str]]) -> None:
    if not rows:
        para(doc, "Không có.")
        return
    fixed = sum(_FIXED_CM.get(h, 0) for h in headers)
    rounds = [h for h in headers if h not in _FIXED_CM]
    share = (_WIDTH_CM - fixed) / max(len(rounds), 1)
    widths = [Cm(_FIXED_CM.get(h, share)) for h in headers]
    aligns = ["center" if h == "STT" else "left" for h in headers]
    grid(doc, headers, rows, widths, aligns, size=11)
