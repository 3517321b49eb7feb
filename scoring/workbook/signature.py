"""The unit's date line and signature block at the foot of the "Tự chấm điểm" sheet.

Laid out as an office signs a self-assessment table: the date line ("…, ngày … tháng … năm …")
over the head of the unit, "NGƯỜI LẬP BIỂU" on the left, "THỦ TRƯỞNG ĐƠN VỊ (Ký tên, đóng dấu)"
on the right, and room to sign and stamp under both: under the whole table (it prints one page
wide), the preparer under the first columns (B:C), the head under the last ones (F:K).
"""

from __future__ import annotations

from typing import Any

from scoring.formats.styles import styles

DATE_LINE = "……, ngày … tháng … năm ……"
PREPARER = ("NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)")
HEAD = ("THỦ TRƯỞNG ĐƠN VỊ", "(Ký tên, đóng dấu)")
LEFT, RIGHT = ("B", "C"), ("F", "K")  # (never in A: the reader takes what is there for a criterion id)
#: Room to sign and stamp (points): about 3 cm.
SIGN_ROOM_PT = 85


def signature_block(ws: Any, first_row: int) -> int:
    """Write the block from ``first_row`` down; return its last row (the sheet's print area
    must reach it)."""
    s = styles()
    lines = [(None, DATE_LINE, s.italic), (PREPARER[0], HEAD[0], s.bold), (PREPARER[1], HEAD[1], s.italic)]
    for row, (left, right, font) in enumerate(lines, start=first_row):
        for (start, end), text in ((LEFT, left), (RIGHT, right)):
            if text is None:
                continue
            cell = ws[f"{start}{row}"]
            cell.value, cell.font, cell.alignment = text, font, s.middle
            ws.merge_cells(f"{start}{row}:{end}{row}")
    room = first_row + len(lines)
    ws.row_dimensions[room].height = SIGN_ROOM_PT
    return room
