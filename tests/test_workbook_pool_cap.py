"""A pool item's ``max_count`` in the workbook: under "cap" a count above is taken (no refusing
cell check) and the live points count it as the limit, as the engine does; under "error" (the
default) the cell refuses it and the engine reports ``count-above-limit``."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from casekit import build_ruleset, submission_for
from scoring.intake.pipeline import evaluate_file
from scoring.rules.load import parse_ruleset
from scoring.workbook.fill import fill_workbook
from scoring.workbook.layout import SHEET_SCORES
from scoring.workbook.template import write_template
from scoring.workbook.template_scores import col

SPEC = {"criterion": {"max": 10, "method": {"type": "manual", "step": 0.5}},
        "bonus": {"label": "Điểm thưởng", "cap": 5, "items": [
            {"id": "B1", "name": "Mô hình cấp tỉnh", "points_each": 1, "max_count": 2, "when_above_max_count": "cap"},
            {"id": "B2", "name": "Được khen thưởng", "points_each": 1, "max_count": 2}]},
        "total_may_exceed_scale": True}
RULESET, _ = parse_ruleset(build_ruleset(SPEC))


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return write_template(RULESET, "u", tmp_path_factory.mktemp("cap") / "u.xlsx")


def _row(ws, item_id: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == item_id)


def test_cap_counts_the_limit_live_and_in_the_engine(template, tmp_path):
    submission = submission_for(RULESET, {"c": {"self": 6}, "B1": {"self": 3}})
    path = fill_workbook(template, RULESET, submission, tmp_path / "u.xlsx", results=True)
    result = evaluate_file(RULESET, path)
    assert result.ok and result.self_totals.bonus == 2
    ws = load_workbook(path, data_only=True)[SHEET_SCORES]
    assert ws[f"{col('self_points')}{_row(ws, 'B1')}"].value == 2  # the live preview, as the engine
    assert "nhập nhiều hơn thì chỉ tính từng ấy lần" in ws[f"{col('guidance')}{_row(ws, 'B1')}"].value
    checks = load_workbook(template)[SHEET_SCORES].data_validations.dataValidation
    b1, b2 = (f"{col('self')}{_row(ws, i)}" for i in ("B1", "B2"))
    refs = {dv.formula2 for dv in checks for ref in str(dv.sqref).split() if ref == b2}
    assert refs == {"2"}  # B2 ("error") refuses a count above 2 at the cell
    assert not [dv for dv in checks if b1 in str(dv.sqref).split() and dv.formula2 == "2"]


def test_error_is_a_located_finding_in_the_workbook(template, tmp_path):
    submission = submission_for(RULESET, {"c": {"self": 6}, "B2": {"self": 3}})
    result = evaluate_file(RULESET, fill_workbook(template, RULESET, submission, tmp_path / "u.xlsx"))
    assert [(f.code, f.location.criterion_id) for f in result.errors] == [("count-above-limit", "B2")]
