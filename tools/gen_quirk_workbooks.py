"""Generate tests/workbooks/*.xlsx: one tiny workbook per Excel quirk, named for the quirk.

Each starts from the template of tests/workbooks/quirks-ruleset.json (unit type "xa") filled
with BASE_ANSWERS, then applies one quirk: a literal cell value, a structural edit made with
openpyxl, or crafted bytes.  Deterministic: run again and the files do not change.

    python tools/gen_quirk_workbooks.py
"""

from __future__ import annotations

import io
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "workbooks"
RULESET = OUT / "quirks-ruleset.json"
sys.path.insert(0, str(ROOT))

from scoring.rules.load import load_ruleset  # noqa: E402
from scoring.engine.submission import Submission  # noqa: E402
from scoring.formats.files import rewrite_zip, save_workbook  # noqa: E402
from scoring.workbook.fill import fill_workbook  # noqa: E402
from scoring.workbook.template import write_template  # noqa: E402

BASE = {
    "ruleset": {"id": "quirks", "version": "1"},
    "unit": {"code": "XA-THU", "name": "UBND xã Mẫu Thử (hư cấu)", "unit_type": "xa"},
    "year": 2025, "prepared_by": "Trần Thị Thử", "prepared_on": "2025-11-20",
    "answers": {
        "1.1": {"self": True, "evidence": "Kế hoạch số 1/KH"},
        "1.2": {"self": "kha"},
        "1.10": {"self": 1.5},
        "1.3": {"self": {"numerator": 8, "denominator": 10}},
        "T1": {"self": 1}, "D1": {"self": 0}, "F1": {"self": False},
    },
}


def base_submission() -> Submission:
    return Submission.model_validate(BASE)


def _filled(template: Path, out: Path, raw: dict | None = None, details: dict | None = None) -> None:
    fill_workbook(template, load_ruleset(RULESET), base_submission(), out, raw=raw, details_raw=details)


def _edit(template: Path, out: Path, change: Callable[[Any], None]) -> None:
    from openpyxl import load_workbook

    with tempfile.TemporaryDirectory() as tmp:
        filled = Path(tmp) / "filled.xlsx"
        _filled(template, filled)
        wb = load_workbook(filled)
        change(wb)
        save_workbook(wb, out)


def _value_quirk(node: str, stage: str, field: str | None, value: Any) -> Callable[[Path, Path], None]:
    return lambda template, out: _filled(template, out, raw={(node, stage, field): value})


def _detail_quirk(key: str, value: Any) -> Callable[[Path, Path], None]:
    return lambda template, out: _filled(template, out, details={key: value})


def _scores(change: Callable[[Any], None]) -> Callable[[Path, Path], None]:
    return lambda template, out: _edit(template, out, lambda wb: change(wb["Tự chấm điểm"]))


def _insert_blank_rows(ws: Any) -> None:
    ws.insert_rows(7, 2)   # two blank rows between 1.1 and 1.2
    ws.insert_rows(3, 1)   # and one above the header


def _reorder_rows(ws: Any) -> None:
    ws.move_range("A9:L11", rows=20)   # the 1.3 block (main row + 2 sub-rows) to the bottom
    ws.move_range("A6:L6", rows=27)    # 1.1 below it


def _hide_rows(ws: Any) -> None:
    for row in (6, 10, 13):
        ws.row_dimensions[row].hidden = True


def _extra_sheets(wb: Any) -> None:
    wb.create_sheet("Ghi chú riêng", 0)["A1"] = "Trang đơn vị tự thêm"
    wb.create_sheet("Sheet1")["B2"] = 42


def _id_as_number(ws: Any) -> None:
    ws["A7"] = 1.2  # 1.2 retyped: Excel stores a number


def _id_trailing_zero(ws: Any) -> None:
    ws["A8"] = 1.1  # 1.10 retyped: Excel keeps 1.1


def _id_ambiguous(ws: Any) -> None:
    ws["A8"] = 1.1  # 1.10 retyped, and neither its name nor its field key tells which it is
    ws["B8"] = "Nội dung đã bị sửa"
    ws["L8"] = None


def _unknown_id(ws: Any) -> None:
    ws.insert_rows(9, 1)
    ws["A9"], ws["B9"], ws["E9"] = "9.9", "Tiêu chí tự thêm", 3


def _duplicate_id(ws: Any) -> None:
    ws.insert_rows(7, 1)
    for col in "ABCEL":
        ws[f"{col}7"] = ws[f"{col}6"].value
    ws["E7"] = "Không"


def _merged_inputs(ws: Any) -> None:
    ws.merge_cells("E7:E8")  # 1.2's and 1.10's self-assessment cells: Excel keeps only E7's value


def _formula_without_value(ws: Any) -> None:
    ws["E8"] = "=1+0.5"  # typed as a formula; openpyxl, like many programs, saves no computed value


def _meta(key_row: int, value: str) -> Callable[[Path, Path], None]:
    def change(wb: Any) -> None:
        wb["_dvk"][f"B{key_row}"] = value
    return lambda template, out: _edit(template, out, change)


def _drop_sheet(name: str) -> Callable[[Path, Path], None]:
    def change(wb: Any) -> None:
        del wb[name]
    return lambda template, out: _edit(template, out, change)


def _cached_formulas(template: Path, out: Path) -> None:
    """Score cells carrying cached values that disagree with the inputs (must be ignored)."""
    with tempfile.TemporaryDirectory() as tmp:
        filled = Path(tmp) / "filled.xlsx"
        _filled(template, filled)
        with zipfile.ZipFile(filled) as z:
            xml = z.read("xl/worksheets/sheet3.xml").decode()
        xml = xml.replace("</f><v></v>", "</f><v>99</v>").replace("</f><v />", "</f><v>99</v>")
        rewrite_zip(filled, out, replace={"xl/worksheets/sheet3.xml": xml.encode()})


def _bytes(data: bytes) -> Callable[[Path, Path], None]:
    return lambda template, out: out.write_bytes(data)


def ole2(encrypted: bool) -> bytes:
    """A minimal OLE2 header (+ an EncryptionInfo directory name for an encrypted workbook)."""
    head = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    name = ("EncryptionInfo" if encrypted else "Workbook").encode("utf-16-le")
    return head + name + b"\x00" * (128 - len(name))


def renamed_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, text in (("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")):
            z.writestr(zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0)), text)
    return buffer.getvalue()


QUIRKS: dict[str, Callable[[Path, Path], None]] = {
    "clean": lambda template, out: _filled(template, out),
    "decimal-comma": _value_quirk("1.10", "self", "points", "1,5"),
    "number-as-text": _value_quirk("1.3", "self", "numerator", "8"),
    "stray-spaces": _value_quirk("1.2", "self", "level", "  Khá "),
    "non-breaking-space": _value_quirk("1.2", "self", "level", "Khá\u00a0"),
    "nfd-text": _value_quirk("1.2", "self", "level", unicodedata.normalize("NFD", "Khá")),
    "yes-no-x": _value_quirk("1.1", "self", "done", "x"),
    "yes-no-lowercase": _value_quirk("1.1", "self", "done", "có"),
    "yes-no-k": _value_quirk("F1", "self", "count", "k"),
    "text-in-number": _value_quirk("1.10", "self", "points", "một rưỡi"),
    "id-as-number": _scores(_id_as_number),
    "id-trailing-zero": _scores(_id_trailing_zero),
    "id-ambiguous": _scores(_id_ambiguous),
    "unknown-id": _scores(_unknown_id),
    "duplicate-id": _scores(_duplicate_id),
    "inserted-blank-rows": _scores(_insert_blank_rows),
    "reordered-rows": _scores(_reorder_rows),
    "hidden-rows": _scores(_hide_rows),
    "extra-sheets": lambda t, o: _edit(t, o, _extra_sheets),
    "merged-input-cells": _scores(_merged_inputs),
    "formula-without-value": _scores(_formula_without_value),
    "formula-cached-values": _cached_formulas,
    "date-as-text": _detail_quirk("prepared_on", "20/11/2025"),
    "year-as-text": _detail_quirk("year", "2025"),
    "other-version": _meta(4, "0.9"),
    "other-fingerprint": _meta(5, "000000000000"),
    "missing-sheet": _drop_sheet("Tự chấm điểm"),
    "empty-file": _bytes(b""),
    "legacy-xls": _bytes(ole2(encrypted=False)),
    "encrypted": _bytes(ole2(encrypted=True)),
    "renamed-docx": _bytes(renamed_docx()),
    "random-bytes": _bytes(bytes((i * 7919 + 13) % 256 for i in range(600))),
}


def main() -> None:
    ruleset = load_ruleset(RULESET)
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "template.xlsx"
        write_template(ruleset, "xa", template)
        for name, make in QUIRKS.items():
            make(template, OUT / f"{name}.xlsx")
    print(f"{len(QUIRKS)} workbooks in {OUT}")


if __name__ == "__main__":
    main()
