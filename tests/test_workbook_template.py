"""The generated template: sheets, protection, validations, identity, print setup."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.formula.tokenizer import Tokenizer
from python_calamine import CalamineWorkbook

from scoring.core.findings import DvkError
from scoring.rules.load import fingerprint, load_ruleset
from scoring.workbook.layout import NOT_APPLICABLE, SHEET_DETAILS, SHEET_GUIDE, SHEET_LISTS, SHEET_META, SHEET_SCORES
from scoring.workbook.template import write_template

ROOT = Path(__file__).parent.parent
RULESET = load_ruleset(ROOT / "criteria" / "dvcq-minh-hoa.json")


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return write_template(RULESET, "ubnd_xa", tmp_path_factory.mktemp("tpl") / "xa.xlsx")


@pytest.fixture(scope="module")
def wb(template):
    return load_workbook(template)


def _row_of(ws, node_id, field=None):
    for row in ws.iter_rows(min_row=5):
        if row[0].value == node_id and row[11].value == field:
            return row
    raise AssertionError(f"no row {node_id}/{field}")


def test_unknown_unit_type_is_a_finding(tmp_path):
    with pytest.raises(DvkError) as caught:
        write_template(RULESET, "khong_co", tmp_path / "x.xlsx")
    assert caught.value.findings[0].code == "unit-type-not-declared"
    assert not (tmp_path / "x.xlsx").exists()


def test_sheets_and_visibility(wb):
    assert wb.sheetnames == [SHEET_GUIDE, SHEET_DETAILS, SHEET_SCORES, SHEET_LISTS, SHEET_META]
    assert wb[SHEET_LISTS].sheet_state == "hidden"
    assert wb[SHEET_META].sheet_state == "veryHidden"
    assert wb.active.title == SHEET_DETAILS


def test_identity_readable_by_calamine(template):
    book = CalamineWorkbook.from_path(str(template))
    meta = dict((r[0], r[1]) for r in book.get_sheet_by_name(SHEET_META).to_python())
    assert meta["ruleset_id"] == RULESET.id and meta["ruleset_version"] == RULESET.version
    assert meta["fingerprint"] == fingerprint(RULESET) and meta["unit_type"] == "ubnd_xa"


def test_protection_locks_structure_and_unlocks_inputs(wb):
    ws = wb[SHEET_SCORES]
    assert ws.protection.sheet and not ws.protection.password
    row = _row_of(ws, "1.1", "done")
    assert row[0].protection.locked and row[1].protection.locked      # id, name
    assert not row[4].protection.locked and not row[8].protection.locked  # self, appraisal input
    assert not row[6].protection.locked                                 # evidence
    assert wb[SHEET_DETAILS]["B5"].protection.locked  # unit type prefilled and locked
    assert wb[SHEET_DETAILS]["B5"].value == "UBND xã, phường, đặc khu"
    assert not wb[SHEET_DETAILS]["B3"].protection.locked


def test_multi_field_criteria_have_one_sub_row_per_field(wb):
    ws = wb[SHEET_SCORES]
    assert _row_of(ws, "2.1", None)[1].value.startswith("Người đứng đầu")
    assert _row_of(ws, "2.1", "numerator")[1].value.strip().startswith("– Số buổi đã tiếp")
    assert _row_of(ws, "5.1", "tiep_dan")


def test_not_applicable_criteria_greyed(wb):
    row = _row_of(wb[SHEET_SCORES], "2.1b", None)
    assert row[4].value == NOT_APPLICABLE and row[4].protection.locked


def test_pool_items_and_facts_answerable(wb):
    ws = wb[SHEET_SCORES]
    for node_id in ("T1", "T2", "D1", "D2", "F1", "F2", "F3"):
        assert not _row_of(ws, node_id, "count")[4].protection.locked
    names = [c.value for c in ws["B"] if isinstance(c.value, str)]
    assert any(n.startswith("ĐIỂM THƯỞNG") for n in names) and any(n.startswith("ĐIỂM TRỪ") for n in names)
    assert any(n.startswith("THÔNG TIN KHÁC") for n in names)


def _validation(ws, ref):
    found = [dv for dv in ws.data_validations.dataValidation if ref in dv.sqref]
    assert len(found) == 1, ref
    return found[0]


def test_data_validation_per_input_kind(wb):
    ws = wb[SHEET_SCORES]
    assert _validation(ws, _row_of(ws, "1.1", "done")[4].coordinate).formula1 == '"Có,Không"'
    levels = _validation(ws, _row_of(ws, "3.2", "level")[4].coordinate)
    assert levels.type == "list" and levels.formula1.startswith(f"'{SHEET_LISTS}'!$")
    assert _validation(ws, _row_of(ws, "1.4", "tre_han")[4].coordinate).type == "whole"
    assert _validation(ws, _row_of(ws, "2.1", "numerator")[4].coordinate).type == "decimal"
    manual = _validation(ws, _row_of(ws, "6.3", "points")[4].coordinate)
    assert manual.type == "custom" and "0.5" in manual.formula1
    assert _validation(ws, _row_of(ws, "F1", "count")[4].coordinate).formula1 == '"Có,Không"'


def test_level_lists_on_hidden_sheet(wb):
    lists = wb[SHEET_LISTS]
    columns = {lists.cell(1, c).value: c for c in range(1, lists.max_column + 1)}
    col = columns["3.2"]
    assert [lists.cell(r, col).value for r in range(2, 6)] == [
        "Từ 4 lần trở lên", "2 - 3 lần", "1 lần", "Không tổ chức"]


def test_formulas_are_well_formed(wb):
    ws = wb[SHEET_SCORES]
    formulas = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert len(formulas) > 30
    for text in formulas:
        Tokenizer(text)  # raises on unbalanced parentheses or quotes
        assert text.count("(") == text.count(")")


def test_print_ready(wb):
    """A unit prints and signs the sheet: fit to one A4 landscape width, read top to bottom (no
    column bands, which once put the signature on page 7 of 17 before the appraisal columns),
    its header row repeated, the title spread over the table; 11 pt text fits at 92 % or more."""
    from scoring.formats.styles import MIN_SCALE, _PRINTABLE_PT, printed_width

    ws = wb[SHEET_SCORES]
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
    assert ws.print_title_rows == "$3:$3" and not ws.print_title_cols
    assert printed_width(ws) * MIN_SCALE / 100 <= _PRINTABLE_PT[True]
    assert {"A1:K1", "A2:K2"} <= {r.coord for r in ws.merged_cells.ranges}
    assert ws["B6"].font.name == "Times New Roman"


def test_every_unit_type_template_reads_back(tmp_path):
    from scoring.workbook.read import read_workbook

    for unit in RULESET.unit_types:
        path = write_template(RULESET, unit.id, tmp_path / f"{unit.id}.xlsx", year=2025)
        read = read_workbook(path, RULESET)
        assert read.submission.unit.unit_type == unit.id
        codes = {f.code for f in read.findings}
        assert codes == {"workbook-detail-missing"}  # only name and code are missing


def test_regenerating_gives_identical_bytes(tmp_path):
    a = write_template(RULESET, "dvsncl", tmp_path / "a.xlsx").read_bytes()
    b = write_template(RULESET, "dvsncl", tmp_path / "b.xlsx").read_bytes()
    assert a == b
