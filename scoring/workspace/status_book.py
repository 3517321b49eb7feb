"""The workbook the office sends round: "Danh sách đơn vị chưa nộp", the refused files and, when the
round declares fixed-date documents, each unit's state on each ("Văn bản theo hạn"); when a criterion
takes the lower offices' results, each mapped unit's value or warning ("Kết quả cấp dưới")."""

from __future__ import annotations

from pathlib import Path

from scoring.workspace.books import save_book
from scoring.workspace.status import RoundStatus


#: The line under each sheet's header when its list is empty.
EMPTY = ("Không có đơn vị nào chưa nộp.", "Không có tệp nào bị loại.", "Không đơn vị nào phải nộp văn bản theo hạn.")


def write_status_workbook(status: RoundStatus, path: Path) -> Path:
    """Write the missing units and refused files; the file appears whole or not at all."""
    from openpyxl import Workbook

    from scoring.formats.styles import print_setup, styles
    from scoring.workspace.rounds import shown_deadline, shown_time

    s = styles()
    book = Workbook()
    due = shown_deadline(status.deadline) if status.deadline else "chưa đặt"
    sheets = (
        ("Chưa nộp", "DANH SÁCH ĐƠN VỊ CHƯA NỘP HỒ SƠ TỰ ĐÁNH GIÁ",
         ("STT", "Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Khối"), (8, 16, 48, 16, 30),
         [(i, m.code, m.name, m.unit_type, m.block_name) for i, m in enumerate(status.missing, 1)]),
        # the reasons in words; their codes (for whoever answers the unit's call) last and narrow
        ("Tệp bị loại", "DANH SÁCH TỆP BỊ LOẠI VÀ LÝ DO",
         ("STT", "Tệp", "Mã đơn vị", "Thời điểm nhận", "Lý do", "Mã lỗi"), (8, 30, 16, 18, 60, 16),
         [(i, Path(r.file).name, r.unit_code, shown_time(r.received_at), "\n".join(r.messages),
           "\n".join(r.codes)) for i, r in enumerate(status.refused, 1)]),
    )
    if status.documents:  # the round declares fixed-date documents: each unit's state on each
        from scoring.workspace.duestate import as_rows

        sheets += (("Văn bản theo hạn", "TÌNH HÌNH NỘP VĂN BẢN THEO HẠN",
                    ("STT", "Mã đơn vị", "Tên đơn vị", "Khối", "Văn bản", "Hạn nộp", "Thời điểm nhận", "Tình trạng"),
                    (8, 16, 40, 24, 36, 20, 18, 14),
                    [(i, *row) for i, row in enumerate(as_rows(status.documents), 1)]),)
    if status.lower is not None and status.lower.feeds:  # a criterion fed by lower offices: each unit's value
        from scoring.workspace.lowerfacts import as_rows as lower_rows

        heading = f"TIÊU CHÍ {status.lower.rule['criterion']} LẤY TỪ KẾT QUẢ CÔNG BỐ CỦA CƠ QUAN CẤP DƯỚI"
        sheets += (("Kết quả cấp dưới", heading,
                    ("STT", "Mã đơn vị", "Tên đơn vị", "Căn cứ hoặc cảnh báo"), (8, 16, 40, 90),
                    [(i, *row) for i, row in enumerate(lower_rows(status.lower), 1)]),)
    for index, (title, heading, header, widths, rows) in enumerate(sheets):
        ws = book.active if index == 0 else book.create_sheet()
        ws.title = title
        ws.append([heading])
        ws["A1"].font = s.title
        ws.append([f"Đợt: {status.name} ({status.code}). Hạn nộp: {due}."])
        ws["A2"].font = s.subtitle
        ws.append(list(header))
        for col, width in enumerate(widths, 1):
            cell = ws.cell(row=3, column=col)
            cell.font, cell.fill, cell.border, cell.alignment = s.header, s.header_fill, s.border, s.header_align
            ws.column_dimensions[cell.column_letter].width = width
        # an empty list says so (a bare header reads as cut off); cells written by position: asking
        # the sheet for its last row scans every cell, which made 10,000 rows take minutes
        for number, row in enumerate(rows or [("", EMPTY[index])], 4):
            for col, value in enumerate(row, 1):
                cell = ws.cell(row=number, column=col, value=value)
                cell.font, cell.border, cell.alignment = s.body, s.border, s.wrap
        if not rows:
            ws.merge_cells(start_row=4, start_column=2, end_row=4, end_column=len(header))
        ws.freeze_panes = "A4"
        if rows:
            ws.auto_filter.ref = f"A3:{ws.cell(row=3, column=len(header)).column_letter}{3 + len(rows)}"
        print_setup(ws, "3:3", landscape=index >= 1)
    return save_book(book, path)
