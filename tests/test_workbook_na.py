"""A unit-declared "Không áp dụng" in the workbook: offered only where the ruleset declares it,
read back as the JSON answer, and its problems located at its cells."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from casekit import build_ruleset, submission_for
from scoring.intake.pipeline import evaluate_file
from scoring.rules.load import parse_ruleset
from scoring.workbook.fill import fill_workbook
from scoring.workbook.layout import SHEET_SCORES
from scoring.workbook.read import read_workbook
from scoring.workbook.template import write_template
from test_workbook_read import comparable

NA = "Không áp dụng"
SPEC = {"criteria": [
    {"id": "c1", "max": 6, "method": {"type": "binary"}},
    {"id": "c2", "max": 4, "method": {"type": "levels", "levels": [
        {"id": "dat", "label": "Đạt", "points": 4}, {"id": "khong", "label": "Không đạt", "points": 0}]},
     "unit_may_declare_not_applicable": {"reason_required": True}},
    {"id": "c3", "max": 10, "method": {"type": "linear_ratio"}, "unit_may_declare_not_applicable": {}},
]}
RULESET, _ = parse_ruleset(build_ruleset(SPEC))


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return write_template(RULESET, "u", tmp_path_factory.mktemp("na") / "u.xlsx")


def _rows(ws) -> dict[tuple[Any, Any], int]:
    return {(ws.cell(r, 1).value, ws.cell(r, 12).value): r for r in range(5, ws.max_row + 1)}


def test_template_offers_the_choice_only_where_declared(template):
    ws = load_workbook(template)[SHEET_SCORES]
    rows = _rows(ws)
    assert ("c1", "not_applicable") not in rows and ("c1", "done") in rows
    for node_id in ("c2", "c3"):
        assert {(node_id, "not_applicable"), (node_id, "not_applicable_reason"), (node_id, None)} <= set(rows)
    lists = {ref for dv in ws.data_validations.dataValidation if dv.formula1 == f'"{NA}"'
             for ref in str(dv.sqref).split()}
    expected = {f"{col}{rows[(i, 'not_applicable')]}" for i in ("c2", "c3") for col in "EI"}
    assert lists == expected
    reason = ws[f"E{rows[('c2', 'not_applicable_reason')]}"]
    assert reason.protection.locked is False
    assert "bắt buộc" in ws[f"B{rows[('c2', 'not_applicable_reason')]}"].value
    # the live points show the choice (and the level's own dropdown has no such level)
    assert NA in ws[f"F{rows[('c2', None)]}"].value and NA not in str(ws[f"F{rows[('c1', 'done')]}"].value)


def _answers(**extra: Any) -> dict[str, Any]:
    answers = {"c1": {"self": True}, "c2": {"self": NA, "not_applicable_reason": "Đơn vị không có Ban Thanh tra nhân dân"},
               "c3": {"self": {"numerator": 9, "denominator": 10}, "appraisal": NA}}
    answers.update(extra)
    return answers


def test_workbook_reads_the_choice_as_the_json_answer(template, tmp_path):
    submission = submission_for(RULESET, _answers())
    path = fill_workbook(template, RULESET, submission, tmp_path / "na.xlsx")
    json_path = tmp_path / "na.json"
    json_path.write_text(submission.model_dump_json(by_alias=True), encoding="utf-8")
    from_json = evaluate_file(RULESET, json_path)
    for engine in ("calamine", "openpyxl"):
        result = evaluate_file(RULESET, path, engine=engine)
        assert comparable(result) == comparable(from_json)
    assert result.ok and result.self_totals.applicable_max == 16 and result.final.applicable_max == 6
    read = read_workbook(path, RULESET)
    assert read.submission.answers["c2"].self_value == NA
    assert read.submission.answers["c2"].not_applicable_reason == "Đơn vị không có Ban Thanh tra nhân dân"


def _located(template, tmp_path, answers, raw=None):
    path = fill_workbook(template, RULESET, submission_for(RULESET, answers), tmp_path / "x.xlsx", raw=raw)
    result = evaluate_file(RULESET, path)
    rows = _rows(load_workbook(path)[SHEET_SCORES])
    return result, rows


def test_missing_reason_is_located_at_the_reason_cell(template, tmp_path):
    result, rows = _located(template, tmp_path, _answers(c2={"self": NA}))
    [finding] = result.errors
    assert finding.code == "not-applicable-reason-missing"
    assert finding.location.cell == f"E{rows[('c2', 'not_applicable_reason')]}"


def test_not_allowed_typed_into_a_cell_is_located_there(template, tmp_path):
    result, rows = _located(template, tmp_path, _answers(), raw={("c1", "self", "done"): "không áp dụng"})
    [finding] = result.errors
    assert finding.code == "not-applicable-not-allowed"
    assert finding.location.cell == f"E{rows[('c1', 'done')]}"


def test_choice_with_values_warns_and_the_choice_wins(template, tmp_path):
    raw = {("c3", "self", "not_applicable"): NA}
    answers = _answers(c3={"self": {"numerator": 9, "denominator": 10}, "not_applicable_reason": "Lý do"})
    result, rows = _located(template, tmp_path, answers, raw=raw)
    assert result.ok
    [warning] = [f for f in result.findings if f.code == "workbook-na-with-values"]
    assert warning.location.cell == f"E{rows[('c3', 'not_applicable')]}"
    assert not next(c for c in result.criteria if c.id == "c3").self.applicable


def test_other_text_in_the_choice_cell_is_an_error(template, tmp_path):
    raw = {("c3", "self", "not_applicable"): "chưa rõ", ("c2", "self", "not_applicable"): "Áp dụng"}
    answers = _answers(c2={"self": "Đạt"}, c3={"self": {"numerator": 9, "denominator": 10}})
    result, rows = _located(template, tmp_path, answers, raw=raw)
    [finding] = result.errors
    assert finding.code == "workbook-na-choice-invalid"
    assert finding.location.cell == f"E{rows[('c3', 'not_applicable')]}"


def test_annotated_copy_explains_the_reduced_maximum(template, tmp_path):
    from scoring.workbook.annotate import write_annotated
    from scoring.workbook.layout import SHEET_RESULT

    path = fill_workbook(template, RULESET, submission_for(RULESET, _answers()), tmp_path / "na.xlsx")
    result = evaluate_file(RULESET, path)
    wb = load_workbook(write_annotated(path, result, RULESET, tmp_path / "na-ket-qua.xlsx"))
    ws = wb[SHEET_SCORES]
    points = ws[f"F{_rows(ws)[('c2', None)]}"]
    assert points.value == NA and "Đơn vị không có Ban Thanh tra nhân dân" in points.comment.text
    lines = [[c.value for c in row] for row in wb[SHEET_RESULT].iter_rows()]
    assert ["c2", "Không tính vào điểm tối đa áp dụng (tự chấm): Đơn vị tự khai không áp dụng: "
            "Đơn vị không có Ban Thanh tra nhân dân → không tính vào điểm tối đa", 4] in [line[:3] for line in lines]
    assert any(line[2] == 10 and line[0] == "c3" for line in lines)  # the appraiser found c3 not applicable
