"""What-if outputs: the terminal summary and table, and the workbook (``dvk what-if --out``)."""

from __future__ import annotations

from pathlib import Path

from scoring.core.decimals import fmt
from scoring.core.textgrid import table as text_table
from scoring.jobs.whatif import UnitChange, WhatIf
from scoring.reports.tables import Column, Table

HEADERS = ("Mã đơn vị", "Tên đơn vị", "Khối", "Điểm cũ", "Điểm dự thảo", "Chênh lệch", "Tỷ lệ cũ (%)",
           "Tỷ lệ dự thảo (%)", "Xếp loại cũ", "Xếp loại dự thảo", "Hạng cũ", "Hạng dự thảo", "Ghi chú")
_WIDTHS = (13, 20, 14, 7, 7, 7, 7, 7, 10, 10, 6, 6, 20)
_KINDS = ("text", "text", "text", "points", "points", "points", "percent", "percent", "text", "text", "int", "int", "text")
#: The terminal table: short headers, the block as a heading instead of a column.
_TERMINAL = (("Mã đơn vị", 16), ("Tên đơn vị", 22), ("Điểm cũ", 7), ("Điểm mới", 8), ("+/-", 6), ("% cũ", 6),
             ("% mới", 6), ("Xếp loại cũ", 11), ("Xếp loại mới", 12), ("Hạng cũ", 4), ("Hạng mới", 4),
             ("Ghi chú", 24))


def bypass_line(w: WhatIf) -> str:
    return (f"THỬ NGHIỆM: các bản tự chấm lập theo {w.old_key} được chấm lại theo dự thảo {w.draft_key}, "
            "BỎ QUA dấu phiên bản bộ tiêu chí ghi trong tệp; tiêu chí được ghép theo mã. "
            "Kết quả chỉ để xem trước, không phải kết quả chính thức.")


def summary_lines(w: WhatIf) -> list[str]:
    """What the terminal prints: the bypass warning, what did not map, the table, the counts."""
    lines = [bypass_line(w)]
    if not w.units:
        return lines + [f"Không có bản tự chấm nào chấm được theo {w.old_key} để chấm lại."] + [
            f"Không chấm được theo bộ tiêu chí cũ, bỏ qua: {name}: {reason}" for name, reason in w.refused]
    if w.only_in_draft:
        lines.append("Có trong dự thảo, không có trong các bản đã nộp (đọc như để trống): "
                     + "; ".join(f"{i} {name}" for i, name in w.only_in_draft))
    if w.only_in_submissions:
        lines.append("Có trong các bản đã nộp, không có trong dự thảo (bỏ qua): "
                     + "; ".join(f"{i} {name}".strip() for i, name in w.only_in_submissions))
    if not w.only_in_draft and not w.only_in_submissions:
        lines.append("Mọi mã tiêu chí của các bản đã nộp đều có trong dự thảo và ngược lại.")
    lines.append("Cột \"mới\": theo dự thảo; hạng trong khối.")
    headers, widths = zip(*_TERMINAL)
    for block in dict.fromkeys(u.block for u in w.units):
        rows = [[_text(v) for i, v in enumerate(_row(u)) if i != 2] for u in w.units if u.block == block]
        lines += ["", block or "Tất cả đơn vị", text_table(headers, rows, widths)]
    lines.append("")
    for name, reason in w.refused:
        lines.append(f"Không chấm được theo bộ tiêu chí cũ, bỏ qua: {name}: {reason}")
    scored = [u for u in w.units if u.new is not None]
    lines.append(f"{len(w.units)} đơn vị; dự thảo chấm được {len(scored)}; đổi xếp loại "
                 f"{sum(u.class_changed for u in w.units)}; đổi hạng {sum(u.rank_changed for u in w.units)}.")
    return lines


def _row(u: UnitChange) -> list[object]:
    new = u.new
    note = u.problem or ("đổi xếp loại" if u.class_changed else "")
    return [u.code, u.name, u.block, u.old.total, new.total if new else None, u.delta, u.old.percent,
            new.percent if new else None, u.old.band_label, new.band_label if new else "không chấm được",
            u.old.rank, new.rank if new else None, note]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return value if isinstance(value, str) else fmt(value)  # type: ignore[arg-type]


def write_what_if_xlsx(w: WhatIf, out: str | Path) -> Path:
    """The comparison table, the ids that did not map and the refused files, as a workbook."""
    from scoring.formats.files import output_file
    from scoring.reports.xlsx import write_tables

    units = Table("thu-nghiem", "Thử nghiệm dự thảo", "Chấm lại theo dự thảo bộ tiêu chí",
                  [Column(h, k, w_) for h, k, w_ in zip(HEADERS, _KINDS, _WIDTHS)], [_row(u) for u in w.units])
    unmapped = Table("khong-ghep", "Mã không ghép được", "Mã tiêu chí không ghép được",
                     [Column("Mã", "text", 10), Column("Nội dung", "text", 50), Column("Tình trạng", "text", 50)],
                     [[i, n, "có trong dự thảo, không có trong bản đã nộp (đọc như để trống)"] for i, n in w.only_in_draft]
                     + [[i, n, "có trong bản đã nộp, không có trong dự thảo (bỏ qua)"] for i, n in w.only_in_submissions])
    refused = Table("bi-loai", "Tệp không chấm được", "Tệp không chấm được theo bộ tiêu chí cũ",
                    [Column("Tệp", "text", 40), Column("Lý do", "text", 70)], [list(r) for r in w.refused])
    lines = (f"Bộ tiêu chí cũ {w.old_key} → dự thảo {w.draft_key}", bypass_line(w))
    with output_file(out) as tmp:
        write_tables(tmp, [units, unmapped, refused], lines, warn=True)
    return Path(out)
