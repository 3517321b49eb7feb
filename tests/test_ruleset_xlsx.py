"""dvk ruleset to-xlsx / from-xlsx: lossless round trips, located cell errors, the normal check after."""

from __future__ import annotations

import typing
from decimal import Decimal
from pathlib import Path

import pytest
from casekit import ROOT
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from pydantic import BaseModel

from scoring.cli.app import main
from scoring.core.findings import DvkError
from scoring.formats.jsonio import read_json
from scoring.jobs.ruleset_xlsx.layout import (
    ITEM_KEYS,
    METHODS,
    decode_line_value,
    decode_text,
    dump_pretty,
    encode_text,
)
from scoring.jobs.ruleset_xlsx.read import (
    check_ruleset_xlsx,
    read_ruleset_xlsx,
    ruleset_from_xlsx,
)
from scoring.jobs.ruleset_xlsx.write import write_ruleset_xlsx
from scoring.rules.load import check_ruleset
from scoring.rules.methods import REGISTRY

SHIPPED = sorted(p for p in (ROOT / "criteria").glob("*.json") if "schema" not in p.name)
DEFAULT = ROOT / "criteria" / "dvcq-minh-hoa.json"


@pytest.mark.parametrize("source", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_every_shipped_ruleset_survives_json_xlsx_json(source: Path, tmp_path: Path) -> None:
    book = write_ruleset_xlsx(source, tmp_path / "r.xlsx")
    written, findings = ruleset_from_xlsx(book, tmp_path / "r.json")
    assert findings == []
    assert written is not None
    assert read_json(written) == read_json(source)


def _criteria_sheet(path: Path):
    wb = load_workbook(path)
    return wb, wb["Tiêu chí"]


def _row_of(ws, criterion_id: str) -> int:
    return next(row for row in range(1, ws.max_row + 1) if ws.cell(row, 1).value == criterion_id)


def _edited(tmp_path: Path, edit) -> Path:
    book = write_ruleset_xlsx(DEFAULT, tmp_path / "r.xlsx")
    wb, ws = _criteria_sheet(book)
    edit(ws)
    wb.save(book)
    return book


def test_a_word_in_a_points_cell_is_an_error_at_that_cell_and_nothing_is_written(tmp_path: Path) -> None:
    def edit(ws):
        ws.cell(_row_of(ws, "1.1"), 3).value = "ba điểm"
    book = _edited(tmp_path, edit)
    row = _row_of(_criteria_sheet(book)[1], "1.1")
    written, findings = ruleset_from_xlsx(book, tmp_path / "r.json")
    assert written is None and not (tmp_path / "r.json").exists()
    [finding] = findings
    assert (finding.code, finding.location.sheet, finding.location.cell) == ("ruleset-xlsx-number", "Tiêu chí", f"C{row}")
    assert "Điểm tối đa" in finding.message and "ba điểm" in finding.message


def test_an_unknown_method_name_is_an_error_at_its_cell_listing_the_known_ones(tmp_path: Path) -> None:
    def edit(ws):
        ws.cell(_row_of(ws, "1.2"), 4).value = "Theo cảm tính"
    book = _edited(tmp_path, edit)
    row = _row_of(_criteria_sheet(book)[1], "1.2")
    _, findings = read_ruleset_xlsx(book)
    [finding] = findings
    assert (finding.code, finding.location.cell) == ("ruleset-xlsx-method", f"D{row}")
    assert "Theo cảm tính" in finding.message and "Theo mức" in finding.message


def test_a_missing_column_is_named_with_the_header_row(tmp_path: Path) -> None:
    book = _edited(tmp_path, lambda ws: ws.delete_cols(3))
    _, findings = read_ruleset_xlsx(book)
    assert [(f.code, f.location.sheet, f.location.cell) for f in findings] == [
        ("ruleset-xlsx-missing-column", "Tiêu chí", "A5")]
    assert "'Điểm tối đa'" in findings[0].message


def test_a_missing_sheet_is_refused_with_its_name(tmp_path: Path) -> None:
    book = write_ruleset_xlsx(DEFAULT, tmp_path / "r.xlsx")
    wb = load_workbook(book)
    del wb["Xếp loại"]
    wb.save(book)
    assert main(["ruleset", "from-xlsx", str(book), "--out", str(tmp_path / "r.json")]) == 1
    with pytest.raises(DvkError) as caught:
        read_ruleset_xlsx(book)
    assert [f.code for f in caught.value.findings] == ["ruleset-xlsx-missing-sheet"]


def test_bad_parameters_parent_and_item_rows_are_located(tmp_path: Path) -> None:
    def edit(ws):
        ws.cell(_row_of(ws, "2.1"), 7).value = "numerator_label Số buổi"  # no "key: value"
        ws.cell(_row_of(ws, "1.2"), 9).value = "9"                       # no group 9
        ws.cell(_row_of(ws, "1.3"), 6).value = 50                        # a threshold on a criterion's own row
        row = _row_of(ws, "1.1") + 1
        ws.insert_rows(row)                                              # a level under a yes/no criterion
        ws.cell(row, 2).value, ws.cell(row, 3).value = "Mức thêm", 1
    book = _edited(tmp_path, edit)
    _, findings = read_ruleset_xlsx(book)
    codes = {(f.code, f.location.cell[0]) for f in findings}
    assert codes == {("ruleset-xlsx-value", "G"), ("ruleset-xlsx-parent", "I"), ("ruleset-xlsx-item-row", "B"),
                     ("ruleset-xlsx-node-column", "F")}


def test_what_people_type_is_read_and_then_checked_as_dvk_check_does(tmp_path: Path, capsys) -> None:
    def edit(ws):
        ws.cell(_row_of(ws, "1.1"), 3).value = "2,5"  # a decimal comma in a text cell; 1's children now sum wrong
    book = _edited(tmp_path, edit)
    out = tmp_path / "r.json"
    data, _ = read_ruleset_xlsx(book)
    assert data["criteria"][0]["children"][0]["max"] == Decimal("2.5")
    assert main(["ruleset", "from-xlsx", str(book), "--out", str(out)]) == 1
    printed = capsys.readouterr().out
    assert not out.exists()  # nothing written while an error stands
    (tmp_path / "same.json").write_text(dump_pretty(data), encoding="utf-8")
    _, expected = check_ruleset(tmp_path / "same.json")
    assert [f.code for f in expected] == ["group-sum-mismatch"]
    row = _row_of(_criteria_sheet(book)[1], "1")
    assert f"Tiêu chí!C{row}" in printed and 'sửa "Điểm tối đa" thành' in printed
    assert "$." not in printed and '"max"' not in printed


#: A cell the reader refuses, a fact the check refuses (a gate on an undeclared criterion) and a
#: class gap, each edited into a fresh export: all three in one wave, each at its sheet and cell.
def test_every_stage_reports_at_the_cell_in_one_wave(tmp_path: Path) -> None:
    book = write_ruleset_xlsx(DEFAULT, tmp_path / "r.xlsx")
    wb = load_workbook(book)
    ws = wb["Tiêu chí"]
    ws.cell(_row_of(ws, "2.1"), 10).value = "có lẽ"           # not a yes/no
    ws.cell(_row_of(ws, "1.2"), 8).value = "xa"              # an undeclared unit type
    bands = wb["Xếp loại"]
    band_row = next(r for r in range(1, bands.max_row + 1) if bands.cell(r, 1).value == "kha")
    bands.cell(band_row, 4).value = 70                        # "Đến dưới" of Khá: a gap below Tốt
    wb.save(book)
    written, findings = ruleset_from_xlsx(book, tmp_path / "r.json")
    assert written is None and not (tmp_path / "r.json").exists()
    located = {(f.code, f.location.sheet, f.location.cell) for f in findings}
    assert ("ruleset-xlsx-bool", "Tiêu chí", f"J{_row_of(ws, '2.1')}") in located
    assert ("unknown-unit-type", "Tiêu chí", f"H{_row_of(ws, '1.2')}") in located
    assert any(code == "band-gap" and sheet == "Xếp loại" for code, sheet, _ in located)
    assert all(f.location.json_path is None and f.location.sheet and "$." not in f.message for f in findings)
    assert any("'Đối tượng áp dụng'" in f.message for f in findings if f.code == "unknown-unit-type")


def test_a_refused_cell_is_said_once(tmp_path: Path) -> None:
    """A required cell the reader refuses is not reported again as the key its row then lacks."""
    book = _edited(tmp_path, lambda ws: setattr(ws.cell(_row_of(ws, "2.1"), 3), "value", "ba điểm"))
    _, findings = check_ruleset_xlsx(book)
    assert [f.code for f in findings] == ["ruleset-xlsx-number"]


def test_a_missing_required_key_points_at_its_column(tmp_path: Path) -> None:
    def edit(ws):
        row = _row_of(ws, "1.1")
        ws.cell(row, 2).value = None  # Nội dung (name) left empty
    book = _edited(tmp_path, edit)
    _, findings = check_ruleset_xlsx(book)
    row = _row_of(_criteria_sheet(book)[1], "1.1")
    assert [(f.code, f.location.cell) for f in findings] == [("schema-violation", f"B{row}")]
    assert "'Nội dung'" in findings[0].message


@pytest.mark.parametrize("name", ["ruleset-xlsx-keyerror-items.xlsx", "m-2-01712.xlsx"])
def test_rows_under_a_dropped_criterion_are_findings_not_a_crash(name: str, tmp_path: Path, capsys) -> None:
    """Two mutants that once ended in KeyError 'items': item rows whose criterion had been dropped."""
    book = ROOT / "tests" / "cases" / "round" / "ruleset-xlsx" / name
    assert main(["ruleset", "from-xlsx", str(book), "--out", str(tmp_path / "r.json")]) == 1
    printed = capsys.readouterr().out
    assert "Tiêu chí!" in printed and not (tmp_path / "r.json").exists()


def test_cli_round_trip_prints_ok(tmp_path: Path, capsys) -> None:
    book, out = tmp_path / "r.xlsx", tmp_path / "r.json"
    assert main(["ruleset", "to-xlsx", str(DEFAULT), "--out", str(book)]) == 0
    assert main(["ruleset", "from-xlsx", str(book), "--out", str(out)]) == 0
    assert f"OK {out}" in capsys.readouterr().out


def test_every_method_with_a_list_of_items_writes_them_as_rows() -> None:
    for type_, cls in REGISTRY.items():
        lists = [name for name, f in cls.model_fields.items()
                 if typing.get_origin(f.annotation) is tuple
                 and isinstance(typing.get_args(f.annotation)[0], type)
                 and issubclass(typing.get_args(f.annotation)[0], BaseModel)]
        assert METHODS[type_][1] == (lists[0] if lists else None), type_
        for name in lists:
            item = typing.get_args(cls.model_fields[name].annotation)[0]
            assert set(filter(None, ITEM_KEYS[(type_, name)])) == set(item.model_fields), (type_, name)


@given(st.text(max_size=30))
def test_any_text_reads_back_as_itself(text: str) -> None:
    assert decode_text(encode_text(text)) == text
    assert decode_line_value(encode_text(text, line=True)) == text


def test_an_output_that_cannot_be_written_is_a_located_error(tmp_path: Path, capsys) -> None:
    (tmp_path / "ra.xlsx").mkdir()
    assert main(["ruleset", "to-xlsx", str(DEFAULT), "--out", str(tmp_path / "ra.xlsx")]) == 1
    assert "[output-unwritable]" in capsys.readouterr().err


def test_awkward_values_survive_the_round_trip(tmp_path: Path) -> None:
    """Explicit defaults, empty texts and lists, text that looks like a number or a formula, line
    breaks and edge spaces, numbers a double cannot hold: each comes back as it was written."""
    from scoring.jobs.ruleset_xlsx.layout import dump_pretty

    data = read_json(DEFAULT)
    data["version"] = "2025"                                    # text that reads as a number
    first = data["criteria"][0]["children"][0]
    first.update({"evidence_required": False, "guidance": "", "name": "=SUM(A1) \n  hai dòng "})
    data["criteria"][0]["children"][1]["applies_to"] = ["so_ban_nganh", "dvsncl", "ubnd_xa"]
    data["unit_types"][0]["name"] = "có"                        # a yes/no word as a name
    data["classification"]["gates"][0]["when"]["value"] = Decimal("123456789.0123456789")  # 19 digits
    data["classification"]["gates"][1]["reason"] = "[không phải JSON"
    data["classification"]["quotas"] = []
    data["facts"][0]["guidance"] = '"trích dẫn"'
    source = tmp_path / "r.json"
    source.write_text(dump_pretty(data), encoding="utf-8")
    assert check_ruleset(source)[0] is not None
    written, findings = ruleset_from_xlsx(write_ruleset_xlsx(source, tmp_path / "r.xlsx"), tmp_path / "back.json")
    assert findings == [] and read_json(written) == data


def _info_row(ws, label: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == label)


def test_settings_read_as_people_type_them(tmp_path: Path) -> None:
    """A text date, a decimal comma, an enumerated setting by its Vietnamese label or by its code,
    and a yes/no word: each read into the JSON the format wants (issue 28 item 5)."""
    book = write_ruleset_xlsx(DEFAULT, tmp_path / "r.xlsx")
    wb = load_workbook(book)
    info = wb["Thông tin"]
    info.cell(_info_row(info, "Quyết định: ngày ban hành"), 2).value = "2/1/2025"
    info.cell(_info_row(info, "Điểm thưởng: tối đa"), 2).value = "0,25"
    info.cell(_info_row(info, "Làm tròn"), 2).value = "làm tròn xuống (bỏ phần lẻ)"
    info.cell(_info_row(info, "Điểm cuối cùng lấy theo"), 2).value = "self"
    facts = wb["Dữ kiện"]
    facts.cell(6, 3).value = "integer"
    wb.save(book)
    data, findings = read_ruleset_xlsx(book)
    assert findings == []
    assert data["decision"]["date"] == "2025-01-02" and data["bonus"]["cap"] == Decimal("0.25")
    assert (data["rounding"]["mode"], data["final_stage"], data["facts"][0]["kind"]) == ("down", "self", "integer")


@pytest.mark.parametrize(("sheet", "label", "value", "code"), [
    ("Thông tin", "Làm tròn", "làm tròn lên", "ruleset-xlsx-choice"),
    ("Thông tin", "Quyết định: ngày ban hành", "31/02/2025", "ruleset-xlsx-date"),
    ("Thông tin", "Hiệu lực từ ngày", "đầu năm", "ruleset-xlsx-date"),
    ("Thông tin", "Thang điểm", "một trăm", "ruleset-xlsx-number"),
])
def test_a_wrong_setting_is_refused_at_its_cell_with_the_words_to_write(tmp_path, sheet, label, value, code) -> None:
    book = write_ruleset_xlsx(DEFAULT, tmp_path / "r.xlsx")
    wb = load_workbook(book)
    row = _info_row(wb[sheet], label)
    wb[sheet].cell(row, 2).value = value
    wb.save(book)
    written, findings = ruleset_from_xlsx(book, tmp_path / "r.json")
    assert written is None
    assert [(f.code, f.location.sheet, f.location.cell) for f in findings] == [(code, sheet, f"B{row}")]
    assert label in findings[0].message and value in findings[0].message
    if code == "ruleset-xlsx-choice":
        assert "'Làm tròn (từ 5 trở lên thì lên)'" in findings[0].message


def test_the_workbook_shows_labels_not_codes(tmp_path: Path) -> None:
    """Enumerated settings and columns print their Vietnamese words; no JSON key column (issue 21 item 9)."""
    book = write_ruleset_xlsx(ROOT / "criteria" / "qcdc-minh-hoa.json", tmp_path / "r.xlsx")
    wb = load_workbook(book)
    shown = {str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v is not None}
    for code in ("appraisal_if_given", "half_up", "competition", "boolean", "illustrative", "modeled_on",
                 "percent", "cap", "lower", "decision.number", "$schema", "Khóa", "Lược đồ JSON", "2022-11-10",
                 "Theo ngưỡng tỷ lệ (percent_bands)"):
        assert code not in shown, code
    words = " ".join(shown)
    for key in ("numerator_label", "when_zero_denominator", "zero_points", "when_above_100", "not_entered"):
        assert key not in words, key
    assert "Khi mẫu số bằng 0: Được 0 điểm" in words
    # classes and unit types by name where gates, quotas and "Đối tượng áp dụng" name them (the ids
    # stay only in the "Mã" column of the sheets that define them)
    gates = {c.value for row in wb["Điều kiện xếp loại"].iter_rows(min_row=6) for c in row}
    assert {"Khá", "Trung bình"} <= gates and not {"kha", "trung_binh"} & gates
    assert not {"ubnd_xa", "co_quan"} & {c.value for c in wb["Tiêu chí"]["H"]}
    assert {"Điểm thẩm định nếu có (không thì điểm tự chấm)", "Có/Không", "Không cao hơn", "10/11/2022"} <= shown


def test_a_threshold_keeps_its_label_and_a_blank_threshold_is_refused(tmp_path: Path) -> None:
    source = ROOT / "criteria" / "qcdc-minh-hoa.json"
    book = write_ruleset_xlsx(source, tmp_path / "r.xlsx")
    wb, ws = _criteria_sheet(book)
    first = _row_of(ws, "4.1") + 1
    rows = [r for r in range(first, ws.max_row + 1) if ws.cell(r, 6).value is not None and ws.cell(r, 1).value is None]
    rows = rows[:next((i for i, r in enumerate(rows) if r != first + i), len(rows))]  # 4.1's own thresholds
    ws.cell(rows[-1], 2).value = "Dưới 50%"
    wb.save(book)
    data, findings = read_ruleset_xlsx(book)
    assert findings == []
    bands = data["criteria"][3]["children"][0]["method"]["bands"]
    assert bands[-1]["label"] == "Dưới 50%" and all("label" not in b for b in bands[:-1])
    out = tmp_path / "r.json"
    assert ruleset_from_xlsx(book, out)[0] == out
    again = write_ruleset_xlsx(out, tmp_path / "again.xlsx")
    assert "Dưới 50%" in {c.value for c in load_workbook(again)["Tiêu chí"]["B"]}
    ws.cell(rows[0], 6).value = None
    wb.save(book)
    written, findings = ruleset_from_xlsx(book, out.with_name("x.json"))
    assert written is None
    assert [(f.location.sheet, f.location.cell) for f in findings] == [("Tiêu chí", f"F{rows[0]}")]
    assert "'Ngưỡng'" in findings[0].message


def test_the_guide_lists_every_setting_and_closed_lists_are_dropdowns(tmp_path: Path) -> None:
    """Settings the source does not use (evidence_missing is absent from the default ruleset) are on
    "Hướng dẫn" with their default; every closed list is a dropdown of its Vietnamese labels."""
    from scoring.jobs.ruleset_xlsx.settings import SETTINGS

    assert "evidence_missing" not in read_json(DEFAULT)
    wb = load_workbook(write_ruleset_xlsx(DEFAULT, tmp_path / "r.xlsx"))
    guide = {row[1]: row for row in wb["Hướng dẫn"].iter_rows(min_row=6, values_only=True)}
    assert {s.label for s in SETTINGS if s.key != "$schema"} <= set(guide)
    assert guide["Thiếu tài liệu kiểm chứng"][2:4] == ("Chỉ cảnh báo", "Chỉ cảnh báo; Tiêu chí được 0 điểm")
    assert guide["Tham số của 'Trừ theo số lần': Ô để trống"][2] == "Là chưa nhập (báo lỗi)"
    lists = {(ws.title, str(d.sqref).split(":")[0][0]): d.formula1 for ws in wb for d in ws.data_validations.dataValidation}
    assert "Theo mức" in lists[("Tiêu chí", "D")] and lists[("Điều kiện xếp loại", "H")].startswith('"Không cao hơn,')
    info = wb["Thông tin"]
    rounding = f"B{_info_row(info, 'Làm tròn')}"
    assert any(str(d.sqref) == rounding and "Làm tròn xuống (bỏ phần lẻ)" in d.formula1
               for d in info.data_validations.dataValidation)


def test_gate_conditions_are_rows_in_words_and_read_back(tmp_path: Path) -> None:
    """A joined condition is a gate row saying "Một trong" and a row per condition (points or an
    entered value, compared in words); a nested one stays whole; both come back as written."""
    data = read_json(DEFAULT)
    gates = data["classification"]["gates"]
    gates[0]["when"] = {"any": [{"input": "D2", "op": ">=", "value": 1},
                                {"points": "1", "op": "<", "value": Decimal("2.5")},
                                {"input": "F2", "op": "==", "value": True}]}
    gates[1]["when"] = {"all": [{"any": [{"input": "F1", "op": "==", "value": True}]}]}  # nested: kept whole
    source = tmp_path / "r.json"
    source.write_text(dump_pretty(data), encoding="utf-8")
    assert check_ruleset(source)[0] is not None
    book = write_ruleset_xlsx(source, tmp_path / "r.xlsx")
    ws = load_workbook(book)["Điều kiện xếp loại"]
    rows = [r for r in ws.iter_rows(min_row=6, values_only=True)]
    assert rows[0][:2] == (gates[0]["id"], "Một trong")
    assert rows[1][:7] == (None, None, "Giá trị nhập", "D2", None, "lớn hơn hoặc bằng", 1)
    assert rows[2][2:7] == ("Điểm đạt", "1", None, "nhỏ hơn", 2.5)
    assert rows[3][5:7] == ("bằng", "có")
    written, findings = ruleset_from_xlsx(book, tmp_path / "back.json")
    assert findings == [] and read_json(written) == data


def test_a_condition_row_without_its_gate_is_refused_at_its_cell(tmp_path: Path) -> None:
    book = write_ruleset_xlsx(DEFAULT, tmp_path / "r.xlsx")
    wb = load_workbook(book)
    ws = wb["Điều kiện xếp loại"]
    ws.insert_rows(7)
    for col, value in zip(range(3, 8), ("Giá trị nhập", "F1", None, "bằng", "có")):
        ws.cell(7, col).value = value
    ws.cell(6, 6).value = "gần bằng"
    wb.save(book)
    _, findings = check_ruleset_xlsx(book)
    assert {(f.code, f.location.cell) for f in findings} == {("ruleset-xlsx-condition-row", "D7"),
                                                              ("ruleset-xlsx-choice", "F6")}
    assert all("'So sánh'" in f.message for f in findings if f.code == "ruleset-xlsx-choice")


def _column(ws, header: str) -> int:
    return next(c.column for c in ws[5] if c.value == header)


def test_a_group_maximum_per_unit_type_is_a_column_and_its_errors_point_there(tmp_path: Path) -> None:
    data = read_json(DEFAULT)
    xa = next(t for t in data["unit_types"] if t["id"] == "ubnd_xa")
    book = write_ruleset_xlsx(DEFAULT, tmp_path / "r.xlsx")
    wb, ws = _criteria_sheet(book)
    column, row = _column(ws, f"Tối đa: {xa['name']}"), _row_of(ws, "1")
    ws.cell(row, column).value = ws.cell(row, 3).value          # the same maximum, said per type
    wb.save(book)
    read, findings = check_ruleset_xlsx(book)
    assert findings == [] and read["criteria"][0]["max_by_unit_type"] == {"ubnd_xa": ws.cell(row, 3).value}
    ws.cell(row, column).value = "35,5"                          # a maximum the children do not add up to
    ws.cell(5, column + 1).value = "Tối đa: Huyện"               # no such unit type
    ws.cell(_row_of(ws, "2"), column + 1).value = 10
    wb.save(book)
    _, findings = check_ruleset_xlsx(book)
    letter = ws.cell(row, column).column_letter
    assert {(f.code, f.location.cell) for f in findings} >= {("group-sum-mismatch", f"{letter}{row}")}
    assert any(f.code == "ruleset-xlsx-unit-type-column" and "Huyện" in f.message for f in findings)
    mismatch = next(f for f in findings if f.code == "group-sum-mismatch")
    assert "max_by_unit_type" not in mismatch.message and "$." not in mismatch.message
    assert f"cột 'Tối đa: {xa['name']}' ghi" in mismatch.message


def test_the_units_own_not_applicable_is_two_yes_no_columns(tmp_path: Path) -> None:
    source = ROOT / "criteria" / "qcdc-minh-hoa.json"
    book = write_ruleset_xlsx(source, tmp_path / "r.xlsx")
    wb, ws = _criteria_sheet(book)
    allowed, reason = _column(ws, "Đơn vị được tự khai Không áp dụng"), _column(ws, "Phải nêu lý do Không áp dụng")
    marked = [r for r in range(6, ws.max_row + 1) if ws.cell(r, allowed).value]
    assert marked and all(ws.cell(r, reason).value == "có" for r in marked)
    assert "unit_may_declare" not in " ".join(str(c.value) for row in ws.iter_rows() for c in row)
    ws.cell(_row_of(ws, "1.1"), allowed).value = "có"
    ws.cell(_row_of(ws, "1.1"), reason).value = "không"
    wb.save(book)
    data, findings = read_ruleset_xlsx(book)
    assert findings == []
    assert data["criteria"][0]["children"][0]["unit_may_declare_not_applicable"] == {"reason_required": False}


def test_unit_types_are_named_where_a_column_lists_them(tmp_path: Path) -> None:
    """"Đối tượng áp dụng" and a block's "Loại đơn vị" show names ("; " between them: names hold
    commas); a name, several names or an id typed there read back as ids."""
    data = read_json(DEFAULT)
    names = {t["id"]: t["name"] for t in data["unit_types"]}
    book = write_ruleset_xlsx(DEFAULT, tmp_path / "r.xlsx")
    wb, ws = _criteria_sheet(book)
    shown = {c.value for c in ws["H"] if c.value}
    assert shown and all(";" in v or v in names.values() for v in shown - {"Đối tượng áp dụng"})
    assert not set(names) & shown
    row = _row_of(ws, "1.2")
    ws.cell(row, 8).value = f"{names['ubnd_xa']}, so_ban_nganh"
    wb.save(book)
    read, findings = read_ruleset_xlsx(book)
    assert findings == []
    assert read["criteria"][0]["children"][1]["applies_to"] == ["ubnd_xa", "so_ban_nganh"]


def test_maxima_per_type_typed_in_one_cell_say_where_they_go(tmp_path: Path) -> None:
    book = _edited(tmp_path, lambda ws: setattr(ws.cell(_row_of(ws, "1"), 3), "value", "Sở 35, Xã 40"))
    _, findings = check_ruleset_xlsx(book)
    assert [f.code for f in findings] == ["ruleset-xlsx-max-per-type"]
    assert "'Tối đa: <tên loại đơn vị>'" in findings[0].message and "Sở 35, Xã 40" in findings[0].message


@pytest.mark.parametrize("seed", range(4))
def test_any_edit_of_the_workbook_is_read_without_a_crash_and_every_finding_is_located(seed: int, tmp_path: Path) -> None:
    """Random cells of random sheets overwritten with what people type (words, numbers, labels of
    other columns, JSON-looking text), rows and columns deleted: no exception but DvkError, and
    every finding names a sheet, with no JSON path in its words."""
    import random

    rng = random.Random(seed)
    values = [None, "", "x", "có", 0, -1, "1,5", "Một trong", "Điểm đạt", "bằng", "{", '"a"', "Tối đa: Huyện",
              "Theo mức", "Nhóm tiêu chí", "31/02/2025", 1e20, "Khá", "Tốt; Khá", ";", "a: b"]
    for n in range(10):
        book = write_ruleset_xlsx(SHIPPED[(seed + n) % len(SHIPPED)], tmp_path / f"r{n}.xlsx")
        wb = load_workbook(book)
        for _ in range(rng.randint(1, 6)):
            ws = rng.choice(wb.worksheets)
            ws.cell(rng.randint(5, min(ws.max_row + 2, 60)), rng.randint(1, ws.max_column + 1)).value = rng.choice(values)
            if rng.random() < 0.1:
                ws.delete_rows(rng.randint(5, max(ws.max_row, 5)))
            if rng.random() < 0.05:
                ws.delete_cols(rng.randint(1, ws.max_column))
        wb.save(book)
        try:
            _, findings = check_ruleset_xlsx(book)
        except DvkError as exc:
            findings = exc.findings
        assert all(f.location.sheet and "$." not in f.message and f.location.json_path is None for f in findings)


@pytest.mark.parametrize(("sheet", "header", "typed", "key", "code"), [
    ("Hạn mức", "Phạm vi", "khối", "scope", "block"),
    ("Điều kiện xếp loại", "So sánh", "≥", "op", ">="),
    ("Điều kiện xếp loại", "Tác động", "Hạ bậc", "effect", "lower"),
    ("Dữ kiện", "Kiểu", "có/không", "kind", "boolean"),
])
def test_the_usual_words_and_symbols_of_a_choice_are_read(tmp_path, sheet, header, typed, key, code) -> None:
    book = write_ruleset_xlsx(ROOT / "criteria" / "qcdc-minh-hoa.json", tmp_path / "r.xlsx")
    wb = load_workbook(book)
    ws = wb[sheet]
    ws.cell(6, next(c.column for c in ws[5] if c.value == header)).value = typed
    wb.save(book)
    data, findings = read_ruleset_xlsx(book)
    assert findings == []
    records = {"Hạn mức": ("classification", "quotas"), "Điều kiện xếp loại": ("classification", "gates"),
               "Dữ kiện": ("facts",)}[sheet]
    record = data
    for part in records:
        record = record[part]
    record = record[0]["when"] if key == "op" else record[0]
    assert record[key] == code


def test_unit_types_sharing_a_name_get_per_type_columns_by_id_not_json(tmp_path: Path) -> None:
    data = read_json(DEFAULT)
    so, dv = data["unit_types"][0], data["unit_types"][1]
    dv["name"] = so["name"]  # two unit types of one name: a column by name could not tell them apart
    data["criteria"][0]["max_by_unit_type"] = {dv["id"]: data["criteria"][0]["max"]}
    source = tmp_path / "shared.json"
    source.write_text(dump_pretty(data), encoding="utf-8")
    book = write_ruleset_xlsx(source, tmp_path / "r.xlsx")
    _, ws = _criteria_sheet(book)
    assert [c.value for c in ws[5] if str(c.value).startswith("Tối đa: ")] == [
        f"Tối đa: {t['id']}" for t in data["unit_types"]]
    assert ws.cell(_row_of(ws, "1"), _column(ws, "Tham số")).value is None
    read, findings = check_ruleset_xlsx(book)
    assert [f for f in findings if f.is_error] == [] and read == read_json(source)
