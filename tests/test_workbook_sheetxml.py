"""The sheet XML the reader looks into for what values alone do not show (merges, uncomputed formulas)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from scoring.intake.pipeline import evaluate_file
from scoring.rules.load import load_ruleset
from scoring.formats.sheetxml import cell_index, formulas_without_value, merged_ranges, sheet_xml

HERE = Path(__file__).parent / "workbooks"
RULESET = load_ruleset(HERE / "quirks-ruleset.json")


@pytest.mark.parametrize("ref, expected", [("A1", (0, 0)), ("E8", (7, 4)), ("AA10", (9, 26)), ("k2", (1, 10))])
def test_cell_index(ref, expected):
    assert cell_index(ref) == expected


def test_formulas_without_value_ignore_computed_and_plain_cells():
    xml = ('<sheetData><row r="8"><c r="D8"><f>SUM(E8)</f><v>1.5</v></c><c r="E8"><f>1+0.5</f><v></v></c>'
           '<c r="F8" t="str"><x:f>A1</x:f></c><c r="G8"><v>3</v></c><c r="H8" t="inlineStr"><is><t>a</t></is></c>'
           '<c r="I8"><f>1</f><v/></c><c r="J8"/></row></sheetData>')
    assert formulas_without_value(xml) == {(7, 4), (7, 5), (7, 8)}


def test_merged_ranges_single_cell_and_span():
    assert merged_ranges('<mergeCells><mergeCell ref="E7:E8"/><x:mergeCell ref="B2"/></mergeCells>') == \
        ((6, 4, 7, 4), (1, 1, 1, 1))


def test_sheet_xml_finds_the_sheet_by_name_and_is_empty_for_an_unknown_one():
    assert "<mergeCell" in sheet_xml(HERE / "merged-input-cells.xlsx", "Tự chấm điểm")
    assert sheet_xml(HERE / "clean.xlsx", "Không có") == ""
    assert sheet_xml(HERE / "random-bytes.xlsx", "Tự chấm điểm") == ""


@pytest.mark.parametrize("engine", ["calamine", "openpyxl"])
def test_a_merge_hiding_the_appraisal_and_evidence_cells_is_located(tmp_path, engine):
    from openpyxl import load_workbook

    from scoring.formats.files import save_workbook

    wb = load_workbook(HERE / "clean.xlsx")
    ws = wb["Tự chấm điểm"]
    ws.merge_cells("E6:I6")  # 1.1: self, its points formula, evidence, note and appraisal cells as one
    save_workbook(wb, tmp_path / "merged.xlsx")
    result = evaluate_file(RULESET, tmp_path / "merged.xlsx", engine=engine)
    found = [(f.code, f.location.cell, f.location.criterion_id) for f in result.findings]
    # G6 evidence, H6 note, I6 appraisal: inputs whose values the merge loses (F6 is a formula column)
    assert found == [("workbook-merged-input", cell, "1.1") for cell in ("G6", "H6", "I6")]


@pytest.mark.parametrize("engine", ["calamine", "openpyxl"])
def test_a_formula_in_a_unit_detail_is_its_own_finding(tmp_path, engine):
    from openpyxl import load_workbook

    from scoring.formats.files import save_workbook

    wb = load_workbook(HERE / "clean.xlsx")
    ws = wb["Thông tin đơn vị"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "XA-THU")
    cell.value = '="XA-"&"THU"'
    save_workbook(wb, tmp_path / "detail.xlsx")
    result = evaluate_file(RULESET, tmp_path / "detail.xlsx", engine=engine)
    found = [(f.code, f.location.sheet, f.location.cell) for f in result.findings]
    assert found == [("workbook-formula-no-value", "Thông tin đơn vị", cell.coordinate)]
