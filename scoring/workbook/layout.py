"""The workbook layout shared by the template writer, the reader, the filler and the annotator.

Sheets (Vietnamese names, as offices name them):

- ``Thông tin đơn vị`` — one row per unit detail: label | value | hidden key (``dvk:unit_name``…).
- ``Tự chấm điểm`` — the criteria tree, then the bonus, deduction and fact sections.
- ``Hướng dẫn`` — instructions; ``Danh mục`` (hidden) — dropdown lists and level points;
  ``_dvk`` (veryHidden) — ruleset id, version, fingerprint and unit type.

Columns are found by a hidden *marker row* whose cells hold ``dvk:<column key>`` (see
:data:`SCORE_COLUMNS`), and rows by the criterion id in the ``id`` column plus the field key in
the hidden ``field`` column.  A criterion whose method has one input field is one row (its field
key in ``field``).  A multi-field criterion (ratios, checklists, counted deductions) is a main row
(``field`` blank; it holds evidence and notes) followed by one sub-row per field carrying the same
id and its field key.  Bonus/deduction items and facts are one row each with field ``count``.
So inserted blank rows, re-ordered rows, hidden rows and extra sheets never break reading.
"""

from __future__ import annotations

SHEET_DETAILS = "Thông tin đơn vị"
SHEET_SCORES = "Tự chấm điểm"
SHEET_GUIDE = "Hướng dẫn"
SHEET_LISTS = "Danh mục"
SHEET_META = "_dvk"
SHEET_RESULT = "Kết quả chấm điểm"

MARK = "dvk:"

#: Column key → (letter in a fresh template, Vietnamese header, width).
SCORE_COLUMNS: dict[str, tuple[str, str, float]] = {
    # widths: the eleven printed columns fit A4 landscape at 92 % (11 pt text prints at 10 pt or
    # more), so every printed page shows the whole table, text wrapped onto more lines
    "id": ("A", "Mã tiêu chí", 6),
    "name": ("B", "Nội dung tiêu chí", 25),
    "max": ("C", "Điểm tối đa", 6),
    "guidance": ("D", "Hướng dẫn chấm", 17),
    "self": ("E", "Đơn vị nhập", 10),
    "self_points": ("F", "Điểm tự chấm", 7),
    "evidence": ("G", "Tài liệu kiểm chứng", 12),
    "note": ("H", "Ghi chú", 8),
    "appraisal": ("I", "Thẩm định nhập", 9),
    "appraisal_points": ("J", "Điểm thẩm định", 7),
    "appraisal_note": ("K", "Ý kiến thẩm định", 10),
    "field": ("L", "Mã ô nhập", 10),
}

#: Unit detail key → Vietnamese label.
DETAILS: dict[str, str] = {
    "unit_name": "Tên đơn vị",
    "unit_code": "Mã đơn vị",
    "unit_type": "Loại đơn vị",
    "year": "Năm đánh giá",
    "prepared_by": "Người lập",
    "prepared_on": "Ngày lập",
}
DETAIL_COLUMNS = {"label": "A", "value": "B", "key": "C"}

#: Field key of bonus/deduction items and facts (the engine reports their problems on "count").
COUNT_FIELD = "count"
YES, NO = "Có", "Không"
NOT_APPLICABLE = "Không áp dụng"
APPRAISER_ONLY = "Cấp thẩm định chấm"
FORMAT = "dvk-template"
#: Prefix of the ``_dvk`` keys holding the unit details a unit's own template filled and locked.
PREFILLED = "prefilled_"
FORMAT_VERSION = "1"
STAGE_COLUMNS = {"self": "self", "appraisal": "appraisal"}
POINT_COLUMNS = {"self": "self_points", "appraisal": "appraisal_points"}


def marker(key: str) -> str:
    return MARK + key


def col_index(letter: str) -> int:
    """0-based column index of an A1 column letter ("A" → 0, "AA" → 26)."""
    n = 0
    for ch in letter:
        n = n * 26 + ord(ch.upper()) - 64
    return n - 1


def col_letter(index: int) -> str:
    """A1 column letter of a 0-based column index."""
    index += 1
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def a1(row: int, col: int) -> str:
    """A1 address of 0-based (row, col)."""
    return f"{col_letter(col)}{row + 1}"
