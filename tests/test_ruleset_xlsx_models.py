"""The model-register rules in the rule authors' workbook (issue 28): ``model_inputs`` on the sheet
"Sổ mô hình" (an input a row, its levels as rows under it) and ``model_recognition`` on "Công nhận
mô hình" (a class a row), in Vietnamese words with dropdowns — no cell of any shipped ruleset's
workbook holds JSON.  Read back, every wrong cell is a finding at its sheet, cell and heading, from
the reader or from the check that follows; JSON → xlsx → JSON keeps every shape exactly."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from casekit import ROOT
from openpyxl import load_workbook

from scoring.formats.jsonio import read_json
from scoring.jobs.ruleset_xlsx.layout import dump_pretty
from scoring.jobs.ruleset_xlsx.read import check_ruleset_xlsx, ruleset_from_xlsx
from scoring.jobs.ruleset_xlsx.settings import CHOICES
from scoring.jobs.ruleset_xlsx.write import write_ruleset_xlsx
from scoring.models_dvk.model import FIELDS, STATUSES

SHIPPED = sorted(p for p in (ROOT / "criteria").glob("*.json") if "schema" not in p.name)
DEFAULT = ROOT / "criteria" / "dvcq-minh-hoa.json"  # a levels input (6.2) and a count input (T1)
MODELS = ROOT / "criteria" / "dvk-mo-hinh.json"  # model_recognition
INPUTS, RECOGNITION = "Sổ mô hình", "Công nhận mô hình"


@pytest.mark.parametrize("source", SHIPPED, ids=lambda p: p.stem)
def test_no_cell_of_a_shipped_rulesets_workbook_holds_json(source: Path, tmp_path: Path) -> None:
    book = load_workbook(write_ruleset_xlsx(source, tmp_path / "r.xlsx"))
    json_cells = [(ws.title, c.coordinate) for ws in book.worksheets for row in ws.iter_rows() for c in row
                  if isinstance(c.value, str) and c.value.lstrip()[:1] in "[{"]
    assert json_cells == []


def _rows(sheet: Any, first: str) -> tuple[int, list[tuple[Any, ...]]]:
    """(header row number, the rows under it) of a table sheet whose first heading is ``first``."""
    header = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == first)
    return header, [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=header + 1)]


def test_model_inputs_are_rows_in_words_with_dropdowns(tmp_path: Path) -> None:
    book = load_workbook(write_ruleset_xlsx(DEFAULT, tmp_path / "r.xlsx"))
    info = [str(c.value) for row in book["Thông tin"].iter_rows() for c in row if c.value is not None]
    assert "Giá trị lấy từ sổ mô hình" not in info
    _, rows = _rows(book[INPUTS], "Tiêu chí hoặc mục (mã)")
    assert [r[:5] for r in rows] == [
        ("6.2", None, None, None, "khong"),
        (None, None, "tinh", STATUSES["cong_nhan_tinh"], None),
        (None, None, "co_so", f"{STATUSES['cong_nhan_huyen']}; {STATUSES['cong_nhan_co_so']}", None),
        (None, None, "dang_ky", "Đăng ký; Triển khai; Đánh giá; Không công nhận", None),
        ("T1", None, None, STATUSES["cong_nhan_tinh"], None)]
    assert rows[-1][6] == "không"  # include_individuals: false
    lists = {tuple(v.formula1.strip('"').split(",")) for v in book[INPUTS].data_validations.dataValidation}
    assert {tuple(STATUSES.values()), tuple(FIELDS.values()), ("có", "không")} <= lists


def test_model_recognition_is_a_row_per_class_by_its_label(tmp_path: Path) -> None:
    book = load_workbook(write_ruleset_xlsx(MODELS, tmp_path / "r.xlsx"))
    _, rows = _rows(book[RECOGNITION], "Xếp loại")
    assert rows == [("Đề nghị công nhận cấp tỉnh", "Công nhận cấp tỉnh"), ("Công nhận cấp cơ sở", "Công nhận cấp cơ sở"),
                    ("Chưa đủ điều kiện công nhận", "Không công nhận")]


def _variant(tmp_path: Path, inputs: list[dict[str, Any]]) -> Path:
    data = copy.deepcopy(read_json(DEFAULT))
    data["model_inputs"] = inputs
    path = tmp_path / "v.json"
    path.write_text(dump_pretty(data), encoding="utf-8")
    return path


LEVELS = [{"level": "tinh", "any_of": ["cong_nhan_tinh"]}, {"level": "co_so", "any_of": ["cong_nhan_co_so"]}]


@pytest.mark.parametrize("inputs", [
    [{"input": "T1", "count": list(STATUSES), "fields_of_work": list(reversed(FIELDS)), "include_individuals": True}],
    [{"input": "6.2", "levels": LEVELS, "otherwise": "khong", "include_individuals": False,
      "fields_of_work": ["kinh_te"]}],
    [{"input": "T1", "count": ["khong_cong_nhan", "dang_ky"]}, {"input": "6.2", "levels": LEVELS[::-1], "otherwise": "khong"},
     {"input": "T1", "count": ["dang_ky"]}],
], ids=["every-status-and-field", "levels-with-fields", "order-kept"])
def test_every_shape_survives_json_xlsx_json(inputs: list[dict[str, Any]], tmp_path: Path) -> None:
    source = _variant(tmp_path, inputs)
    out, findings = ruleset_from_xlsx(write_ruleset_xlsx(source, tmp_path / "r.xlsx"), tmp_path / "back.json")
    assert [f.code for f in findings if f.is_error] == []
    assert read_json(out) == read_json(source)


def _edit(tmp_path: Path, source: Path, sheet: str, first: str, edits: dict[tuple[int, int], Any]) -> Path:
    """The exported workbook with cells (row under the header, column) of ``sheet`` changed."""
    path = write_ruleset_xlsx(source, tmp_path / "r.xlsx")
    book = load_workbook(path)
    header, _ = _rows(book[sheet], first)
    for (row, col), value in edits.items():
        book[sheet].cell(header + row, col).value = value
    book.save(path)
    return path


def test_a_person_types_labels_codes_and_semicolons(tmp_path: Path) -> None:
    book = _edit(tmp_path, DEFAULT, INPUTS, "Tiêu chí hoặc mục (mã)",
                 {(5, 4): "công nhận cấp huyện ;cong_nhan_tinh", (5, 6): "Kinh tế; quoc_phong_an_ninh", (5, 7): "x"})
    data, findings = check_ruleset_xlsx(book)
    assert [f for f in findings if f.is_error] == []
    assert data["model_inputs"][1] == {"input": "T1", "count": ["cong_nhan_huyen", "cong_nhan_tinh"],
                                       "fields_of_work": ["kinh_te", "quoc_phong_an_ninh"], "include_individuals": True}


@pytest.mark.parametrize("edits, code, cell, heading", [
    ({(5, 4): "Công nhận cấp xã"}, "ruleset-xlsx-choice", "D", "Trạng thái mô hình"),
    ({(5, 6): "Y tế"}, "ruleset-xlsx-choice", "F", "Lĩnh vực"),
    ({(2, 7): "có"}, "ruleset-xlsx-model-row", "G", None),  # a level row with an input's column
    ({(5, 3): "tinh"}, "ruleset-xlsx-model-row", "C", None),  # a level on the input's own row
    ({(5, 1): "T9"}, "unknown-criterion", "A", "Tiêu chí hoặc mục (mã)"),  # found by the check
    ({(2, 3): "cap_tinh"}, "model-input-level-unknown", "C", "Mức"),  # at the level's own cell
    ({(1, 5): None}, "model-input-shape", "A", "Tiêu chí hoặc mục (mã)"),  # levels without "otherwise"
], ids=["status", "field", "level-row-column", "level-on-input-row", "unknown-input", "unknown-level", "no-otherwise"])
def test_a_wrong_model_input_is_located_at_its_cell_and_nothing_is_written(
        edits: dict[tuple[int, int], Any], code: str, cell: str, heading: str | None, tmp_path: Path) -> None:
    book = _edit(tmp_path, DEFAULT, INPUTS, "Tiêu chí hoặc mục (mã)", edits)
    header = _rows(load_workbook(book)[INPUTS], "Tiêu chí hoặc mục (mã)")[0]
    row = header + next(iter(edits))[0]
    out, findings = ruleset_from_xlsx(book, tmp_path / "back.json")
    assert out is None and not (tmp_path / "back.json").exists()
    errors = [f for f in findings if f.is_error]
    assert [(f.code, f.location.sheet, f.location.cell) for f in errors] == [(code, INPUTS, f"{cell}{row}")]
    if heading:
        assert f"'{heading}'" in errors[0].message
    assert not any(word in errors[0].message for word in ("$.", "model_inputs", "any_of", "otherwise"))


@pytest.mark.parametrize("edits, code, cell", [
    ({(1, 1): "xuat_sac"}, "unknown-class", "B"),  # found by the check, located at its status cell
    ({(2, 1): "Đề nghị công nhận cấp tỉnh"}, "ruleset-xlsx-recognition-row", "B"),  # a class twice
    ({(1, 2): "Cấp tỉnh"}, "ruleset-xlsx-choice", "B"),
    ({(1, 2): None}, "ruleset-xlsx-recognition-row", "B"),
], ids=["unknown-class", "twice", "status-word", "no-status"])
def test_a_wrong_recognition_row_is_located_at_its_cell(edits: dict[tuple[int, int], Any], code: str, cell: str,
                                                        tmp_path: Path) -> None:
    book = _edit(tmp_path, MODELS, RECOGNITION, "Xếp loại", edits)
    header = _rows(load_workbook(book)[RECOGNITION], "Xếp loại")[0]
    out, findings = ruleset_from_xlsx(book, tmp_path / "back.json")
    assert out is None
    errors = [f for f in findings if f.is_error]
    assert [(f.code, f.location.sheet, f.location.cell) for f in errors] == [
        (code, RECOGNITION, f"{cell}{header + next(iter(edits))[0]}")]
    assert "model_recognition" not in errors[0].message


def test_a_workbook_made_before_the_model_sheets_reads_its_json_rows(tmp_path: Path) -> None:
    path = write_ruleset_xlsx(DEFAULT, tmp_path / "r.xlsx")
    book = load_workbook(path)
    del book[INPUTS], book[RECOGNITION]
    info = book["Thông tin"]
    info.append(["Giá trị lấy từ sổ mô hình", dump_pretty(read_json(DEFAULT)["model_inputs"], width=10_000)])
    book.save(path)
    data, findings = check_ruleset_xlsx(path)
    assert [f for f in findings if f.is_error] == [] and data == read_json(DEFAULT)


def test_the_guide_lists_the_model_sheets_columns_with_their_words(tmp_path: Path) -> None:
    book = load_workbook(write_ruleset_xlsx(DEFAULT, tmp_path / "r.xlsx"))
    rows = {(r[0], r[1]): r for r in book["Hướng dẫn"].iter_rows(values_only=True)}
    statuses = "; ".join(label for _, label in CHOICES["model_status"])
    assert rows[(INPUTS, "Trạng thái mô hình")][3] == statuses
    assert "dấu ';'" in rows[(INPUTS, "Trạng thái mô hình")][4]
    assert rows[(INPUTS, "Lĩnh vực")][3] == "; ".join(FIELDS.values())
    assert rows[(INPUTS, "Tính cả cá nhân điển hình")][2] == "có"  # the format's default
    assert rows[(RECOGNITION, "Mức công nhận")][3] == statuses
    assert "một mức của dòng có mã ngay phía trên" in rows[(INPUTS, "Tiêu chí hoặc mục (mã)")][4]
    assert "trang 'Sổ mô hình'" in rows[("Thông tin", "Giá trị lấy từ sổ mô hình")][4]
    assert "trang 'Công nhận mô hình'" in rows[("Thông tin", "Công nhận mô hình theo xếp loại")][4]
