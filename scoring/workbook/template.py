"""``write_template(ruleset, unit_type, path)``: the self-assessment workbook of one unit type.

Sheets (see :mod:`scoring.workbook.layout`): Hướng dẫn, Thông tin đơn vị, Tự chấm điểm, a hidden
Danh mục (dropdown lists; Excel caps literal lists at 255 characters) and a veryHidden ``_dvk``
sheet with the ruleset id, version and fingerprint.  Structure cells are locked and input cells
unlocked; sheet protection has NO password (any user may lift it; dvk never relies on it — the
reader re-checks everything).  Print-ready: A4, one page wide (fit to width), repeated header row,
Times New Roman.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import scoring.engine.codes  # noqa: F401 - registers unit-type-not-declared (dvk template loads no engine)
from scoring.core.findings import DvkError, Location, make
from scoring.formats.files import FIXED_TIME, save_workbook
from scoring.formats.styles import print_setup, protect, styles, wrapped_height
from scoring.rules.index import index_of
from scoring.rules.load import fingerprint
from scoring.rules.models import Ruleset
from scoring.workbook.layout import (
    DETAIL_COLUMNS,
    DETAILS,
    FORMAT,
    FORMAT_VERSION,
    NO,
    PREFILLED,
    SHEET_DETAILS,
    SHEET_GUIDE,
    SHEET_LISTS,
    SHEET_META,
    YES,
    marker,
)
from scoring.workbook.template_scores import ScoreSheet


@dataclass(frozen=True)
class UnitPrefill:
    """One roster unit's name and code, written into its own template and locked (with the year):
    the values are also kept in the ``_dvk`` sheet, so the reader refuses a workbook whose
    prefilled cells were changed anyway (``workbook-prefilled-changed``)."""

    code: str
    name: str


def write_template(ruleset: Ruleset, unit_type: str, path: str | Path, *, year: int | None = None,
                   unit: UnitPrefill | None = None) -> Path:
    """Write the template of ``unit_type`` to ``path`` (atomically); return the path.  With
    ``unit`` (and ``year``), the template of that one unit: its name, code and year filled in
    and locked; it reads and scores exactly as the plain template filled with the same values.

    Raises :class:`DvkError` (``unit-type-not-declared``) if the ruleset has no such unit type.
    """
    known = [u.id for u in ruleset.unit_types]
    if unit_type not in known:
        raise DvkError([make("unit-type-not-declared", Location(json_path="$.unit_types"),
                             unit_type=unit_type, known=", ".join(known))])
    wb = build_template(ruleset, unit_type, year=year, unit=unit)
    return save_workbook(wb, path)


def build_template(ruleset: Ruleset, unit_type: str, *, year: int | None = None,
                   unit: UnitPrefill | None = None) -> Any:
    """The template as an in-memory openpyxl workbook (for callers that add to it)."""
    from openpyxl import Workbook

    index = index_of(ruleset)
    wb = Workbook()
    wb.properties.creator = ""  # (the program's name stays out of what the unit sees, File > Info too)
    wb.properties.title = f"Bảng tự chấm điểm — {ruleset.title}"
    wb.properties.created = FIXED_TIME
    guide = wb.active
    guide.title = SHEET_GUIDE
    details = wb.create_sheet(SHEET_DETAILS)
    lists = wb.create_sheet(SHEET_LISTS)
    ScoreSheet(wb, index, unit_type, lists).write()
    meta = wb.create_sheet(SHEET_META)
    _details(details, ruleset, unit_type, year, unit)
    _guide(guide, ruleset, bool(unit))
    _meta(meta, ruleset, unit_type, _prefilled(year, unit))
    lists.sheet_state = "hidden"
    protect(lists)
    wb.move_sheet(lists, offset=wb.index(meta) - wb.index(lists) - 1)
    wb.active = wb.index(details)
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws is details
    return wb


def _prefilled(year: int | None, unit: UnitPrefill | None) -> dict[str, Any]:
    """The unit details a unit's own template fills and locks (none for the plain template)."""
    if unit is None:
        return {}
    values = {"unit_name": unit.name, "unit_code": unit.code}
    return {**values, "year": year} if year is not None else values


def _details(ws: Any, ruleset: Ruleset, unit_type: str, year: int | None, unit: UnitPrefill | None) -> None:
    s = styles()
    label_col, value_col, key_col = (DETAIL_COLUMNS[k] for k in ("label", "value", "key"))
    ws["A1"] = "THÔNG TIN ĐƠN VỊ"
    ws["A1"].font = s.title
    ws.merge_cells(f"{label_col}1:{value_col}1")
    for key, letter in DETAIL_COLUMNS.items():
        ws[f"{letter}2"] = marker(key)
        ws[f"{letter}2"].font = s.marker
    ws.row_dimensions[2].hidden = True
    type_name = next(u.name for u in ruleset.unit_types if u.id == unit_type)
    locked = _prefilled(year, unit)
    values: dict[str, Any] = {"unit_type": type_name, "year": year, **locked}
    for row, (key, label) in enumerate(DETAILS.items(), start=3):
        ws[f"{label_col}{row}"] = label
        ws[f"{label_col}{row}"].font = s.bold
        ws[f"{key_col}{row}"] = marker(key)
        ws[f"{key_col}{row}"].font = s.marker
        cell = ws[f"{value_col}{row}"]
        cell.value = values.get(key)
        _literal(cell)  # a roster name "=HYPERLINK(…)" stays the text it is
        cell.font, cell.border, cell.alignment = s.body, s.border, s.wrap
        if key == "unit_type" or key in locked:
            cell.fill = s.na_fill
            continue
        cell.fill, cell.protection = s.input_fill, s.unlocked
        _detail_validation(ws, key, cell)
    hint = ws[f"{value_col}{3 + len(DETAILS)}"]
    words = PREFILLED_HINT if locked else UNIT_CODE_HINT
    hint.value, hint.font, hint.alignment = words, s.italic, s.wrap
    ws.row_dimensions[hint.row].height = wrapped_height(words, 58)
    # what the unit reads; the id and fingerprint the reader checks live in the veryHidden _dvk sheet
    rows = [("Bộ tiêu chí", ruleset.title),
            ("Phiên bản", ruleset.version),
            ("Căn cứ", f"{ruleset.decision.number} ngày {ruleset.decision.date:%d/%m/%Y} "
                       f"của {ruleset.decision.issuer}")]
    if ruleset.status == "illustrative":
        rows.append(("Lưu ý", ruleset.status_note or "Bộ tiêu chí minh họa."))
    for row, (label, value) in enumerate(rows, start=4 + len(DETAILS)):
        ws[f"{label_col}{row}"], ws[f"{value_col}{row}"] = label, value
        ws[f"{label_col}{row}"].font, ws[f"{value_col}{row}"].font = s.bold, s.muted
        ws[f"{label_col}{row}"].alignment = s.wrap  # the label beside the first line of its value
        ws[f"{value_col}{row}"].alignment = s.wrap
        ws.row_dimensions[row].height = wrapped_height(value, 58)
    ws.column_dimensions[label_col].width = 22
    ws.column_dimensions[value_col].width = 58
    ws.column_dimensions[key_col].hidden = True
    print_setup(ws, landscape=False)
    protect(ws)


#: Said under the table of a unit's own template instead of :data:`UNIT_CODE_HINT`.
PREFILLED_HINT = ("Tên, mã, loại đơn vị và năm đánh giá đã được điền sẵn cho đơn vị (ô màu xám, đã khóa); không "
                  "sửa. Nếu thông tin này sai, báo cơ quan tổng hợp để được cấp lại biểu mẫu.")


def _literal(cell: Any) -> None:
    """A cell openpyxl took for a formula (text starting with "=") kept as the text it was given,
    as :func:`scoring.formats.textcells.literal_text` does for a whole workbook of data."""
    if cell.data_type == "f":
        cell.data_type = "s"


#: What to type as "Mã đơn vị": shown under the table and as the cell's input message.
UNIT_CODE_HINT = ("Mã đơn vị: ghi đúng mã do cơ quan tổng hợp, thẩm định (Phòng/Sở Nội vụ) cấp cho đơn "
                  "vị, ví dụ XA-AN-BINH; không tự đặt mã mới, giữ nguyên mã qua các năm.")


def _detail_validation(ws: Any, key: str, cell: Any) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    if key == "unit_code":  # no restriction: an input message saying what to type
        dv = DataValidation(type="textLength", operator="lessThanOrEqual", formula1="60",
                            showInputMessage=True, promptTitle="Mã đơn vị", prompt=UNIT_CODE_HINT[:250],
                            error="Mã đơn vị quá dài; ghi đúng mã được cấp.")
    elif key == "year":
        dv = DataValidation(type="whole", operator="between", formula1="2000", formula2="2100",
                            error="Nhập năm bốn chữ số, ví dụ 2025.")
    elif key == "prepared_on":
        cell.number_format = "dd/mm/yyyy"
        dv = DataValidation(type="date", operator="greaterThan", formula1="36526",
                            error="Nhập ngày dạng ngày/tháng/năm, ví dụ 20/11/2025.")
    else:
        return
    dv.showErrorMessage, dv.errorTitle, dv.allow_blank = True, "Giá trị không hợp lệ", True
    dv.add(cell.coordinate)
    ws.add_data_validation(dv)


GUIDE = [
    "1. Trang \"Thông tin đơn vị\": nhập tên đơn vị, mã đơn vị, năm đánh giá, người lập, ngày lập "
    "(ô màu vàng). Loại đơn vị đã được điền sẵn, không sửa.",
    "2. Trang \"Tự chấm điểm\": với mỗi tiêu chí, nhập vào cột \"Đơn vị nhập\" (ô màu vàng) đúng "
    "loại dữ liệu mà tiêu chí yêu cầu: chọn {yes}/{no} hoặc chọn mức trong danh sách thả xuống; "
    "nhập số nguyên cho số lần, số vụ; nhập cả tử số và mẫu số cho các tiêu chí tính tỷ lệ.",
    "3. Tiêu chí có nhiều ô nhập (tỷ lệ, danh mục công việc, trừ điểm theo số lần) có một hàng "
    "chính và các hàng con bên dưới, mỗi hàng con một ô nhập. Ô để trống ở danh mục được hiểu là "
    "chưa thực hiện; ô số lần để trống được hiểu là 0.",
    "4. Cột \"Điểm tự chấm\" tự tính để đơn vị tham khảo. Điểm chính thức do cơ quan thẩm định "
    "tính lại từ các ô nhập theo đúng bộ tiêu chí; các con số trong cột điểm chỉ để tham khảo.",
    "5. Ghi rõ tài liệu kiểm chứng (số, ngày văn bản) ở cột \"Tài liệu kiểm chứng\".",
    "6. Các cột \"Thẩm định nhập\", \"Điểm thẩm định\", \"Ý kiến thẩm định\" (màu xanh) dành cho cấp "
    "thẩm định; đơn vị để trống. Tiêu chí ghi \"{appraiser}\" do cấp thẩm định chấm.",
    "7. Mục Điểm thưởng, Điểm trừ: nhập số lần; mục Thông tin khác: chọn {yes}/{no}. Các mục này "
    "dùng để cộng, trừ điểm và xét điều kiện xếp loại.",
    "8. Tiêu chí ghi \"Không áp dụng\" (màu xám) không áp dụng cho loại đơn vị này. Tiêu chí có hàng "
    "\"Đơn vị tự khai «Không áp dụng»\" (nếu có): chỉ chọn «Không áp dụng» khi tiêu chí không áp dụng "
    "với đơn vị và ghi lý do ở hàng ngay dưới; tiêu chí đó không tính vào điểm tối đa, cấp thẩm "
    "định có thể không chấp nhận.",
    "9. Hàng chữ đậm nền xanh tím là nhóm tiêu chí (điểm của nhóm tự cộng từ các tiêu chí con); hàng "
    "nền xanh lá là tiêu đề các mục Điểm thưởng, Điểm trừ, Thông tin khác.",
    "10. Không xóa hàng, không đổi tên trang tính, không sửa mã tiêu chí. Có thể chèn thêm hàng, "
    "đổi độ rộng cột. Các trang được khóa không mật khẩu chỉ để tránh sửa nhầm.",
    "11. Nhập số theo định dạng số của máy (ví dụ 8,5 hoặc 8.5). Nếu ô bị lưu dạng văn bản, số "
    "vẫn được đọc và đơn vị sẽ nhận được cảnh báo.",
    "12. Lưu tệp dạng Excel Workbook (.xlsx), không đặt mật khẩu mở tệp.",
]


#: The first instruction of a unit's own template, whose name, code and year are filled in.
GUIDE_PREFILLED = ("1. Trang \"Thông tin đơn vị\": tên đơn vị, mã đơn vị, loại đơn vị và năm đánh giá đã được "
                   "điền sẵn cho đơn vị, không sửa (tệp bị sửa các ô này sẽ không được nhận); nhập người lập, "
                   "ngày lập (ô màu vàng).")


def _guide(ws: Any, ruleset: Ruleset, prefilled: bool = False) -> None:
    s = styles()
    from scoring.workbook.layout import APPRAISER_ONLY

    ws["A1"] = "HƯỚNG DẪN LẬP BẢNG TỰ CHẤM ĐIỂM"
    ws["A1"].font = s.title
    ws["A2"] = ruleset.title
    ws["A2"].font = s.subtitle
    lines = [line.format(yes=YES, no=NO, appraiser=APPRAISER_ONLY) for line in GUIDE]
    if prefilled:
        lines[0] = GUIDE_PREFILLED
    if ruleset.status == "illustrative":
        lines.append("Lưu ý: " + (ruleset.status_note or "bộ tiêu chí minh họa."))
    width = 76  # fits A4 portrait at full size (80 ran 20 pt past the margin in LibreOffice)
    for row, line in enumerate(lines, start=4):
        ws[f"A{row}"] = line
        ws[f"A{row}"].font, ws[f"A{row}"].alignment = s.body, s.wrap
        ws.row_dimensions[row].height = wrapped_height(line, width)
    ws["A2"].alignment = s.wrap
    ws.row_dimensions[2].height = wrapped_height(ruleset.title, width)
    ws.column_dimensions["A"].width = width
    print_setup(ws, landscape=False)
    protect(ws)


def _meta(ws: Any, ruleset: Ruleset, unit_type: str, prefilled: dict[str, Any]) -> None:
    rows = [("format", FORMAT), ("format_version", FORMAT_VERSION), ("ruleset_id", ruleset.id),
            ("ruleset_version", ruleset.version), ("fingerprint", fingerprint(ruleset)),
            ("unit_type", unit_type), *((PREFILLED + key, value) for key, value in prefilled.items())]
    for row, (key, value) in enumerate(rows, start=1):
        ws[f"A{row}"], ws[f"B{row}"] = key, value
        ws[f"B{row}"].number_format = "@"
        _literal(ws[f"B{row}"])
    ws.sheet_state = "veryHidden"
    protect(ws)
