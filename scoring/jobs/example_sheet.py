"""An example's expected result written on a sheet of the example workbook itself ("Kết quả mong
đợi"), so that a rule author writes an example as a filled workbook, without JSON.

The sheet is a table under the headings "Nội dung", "Mã", "Mong đợi": each row names what is
expected in words (:data:`ROWS`), the criterion's STT where it is about one, and the value as a
person writes it (41,5; 51,23; "Khá"; có/không).  It reads to the same expectation dict as an
``.expected.json`` file (:func:`scoring.jobs.examples.compare`).
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

SHEET = "Kết quả mong đợi"
HEADINGS = ("Nội dung", "Mã", "Mong đợi")
#: What a row expects: its words → (part of the result, key).  One line per kind of expectation.
ROWS: dict[str, tuple[str, str | None]] = {
    "Tổng điểm tự chấm": ("self", "total"), "Tỷ lệ tự chấm (%)": ("self", "percent"),
    "Xếp loại tự chấm": ("self", "band_label"),
    "Tổng điểm cuối cùng": ("final", "total"), "Tỷ lệ cuối cùng (%)": ("final", "percent"),
    "Xếp loại cuối cùng": ("final", "band_label"),
    "Điểm tự chấm": ("criteria", "self"), "Điểm thẩm định": ("criteria", "appraisal"),
    "Điểm cuối cùng": ("criteria", "final"), "Áp dụng": ("criteria", "applicable"),
    "Đã thẩm định": ("appraised", None), "Thông báo có chứa": ("message_contains", None),
}


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


_BY_WORDS = {_fold(words): where for words, where in ROWS.items()}


def sheet_expectation(path: Path) -> tuple[dict[str, Any] | None, list[str]]:
    """The expectation on the workbook's "Kết quả mong đợi" sheet (None: no such sheet), and the
    rows it could not read (in Vietnamese, with their row number)."""
    from scoring.formats.grid import Book
    from scoring.formats.safety import check_file

    book = Book(path, "calamine", check_file(path, members=False))
    try:
        name = book.find(SHEET)
        if name is None:
            return None, []
        grid = book.grid(name)
        lines = [grid.line(r) for r in range(len(grid))]
    finally:
        book.close()
    return _expectation(lines)


def _expectation(lines: list[list[Any]]) -> tuple[dict[str, Any], list[str]]:
    start = next((r for r, line in enumerate(lines)
                  if [_fold(str(v)) for v in line[:3] if v is not None] == [_fold(h) for h in HEADINGS]), None)
    if start is None:
        return {}, [f"trang '{SHEET}' cần hàng tiêu đề " + ", ".join(f"'{h}'" for h in HEADINGS)]
    expected: dict[str, Any] = {}
    problems = []
    for r in range(start + 1, len(lines)):
        words, code, value = (list(lines[r]) + [None] * 3)[:3]
        if words is None or str(words).strip() == "":
            continue
        where = _BY_WORDS.get(_fold(str(words)))
        if where is None:
            problems.append(f"trang '{SHEET}' dòng {r + 1}: không hiểu '{words}' (ghi một trong: {', '.join(ROWS)})")
            continue
        part, key = where
        value = _value(value)
        if part == "criteria":
            expected.setdefault("criteria", {}).setdefault(str(code).strip(), {})[key] = value
        elif part == "message_contains":
            expected.setdefault(part, []).append(str(value))
        elif key is None:
            expected[part] = value
        else:
            expected.setdefault(part, {})[key] = value
    return expected, problems


def _value(raw: Any) -> Any:
    """A typed value: có/không → yes/no, a number (with a decimal comma too) → Decimal, else text."""
    if isinstance(raw, bool) or raw is None:
        return raw
    if isinstance(raw, (int, float)):
        return Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
    text = str(raw).strip()
    if _fold(text) in ("có", "không"):
        return _fold(text) == "có"
    try:
        return Decimal(text.replace(",", ".")) if text.replace(",", "", 1).replace(".", "", 1).lstrip("-").isdigit() \
            else text
    except InvalidOperation:
        return text
