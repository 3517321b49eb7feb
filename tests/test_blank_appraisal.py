"""A blank appraisal reads alike in a JSON submission, a workbook and the portal's appraisal form.

An appraisal whose fields are all blank is no appraisal (the self value stands); a partial
appraisal of a multi-field criterion replaces all the self fields (its blank fields are blank,
never taken from the self-assessment).  README "Blank appraisal" and the submission schema say so.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from casekit import build_ruleset, submission_for
from scoring.engine.score import score
from scoring.engine.submission import with_values
from scoring.intake.pipeline import evaluate_file
from scoring.portal.fields import value_of
from scoring.rules.index import index_of
from scoring.rules.load import parse_ruleset
from scoring.workbook.fill import fill_workbook
from scoring.workbook.template import write_template
from test_workbook_read import comparable

SPEC = {"criteria": [
    {"id": "r", "max": 10, "method": {"type": "linear_ratio"}},
    {"id": "k", "max": 5, "method": {"type": "checklist", "items": [
        {"id": "a", "label": "Có kế hoạch", "points": 2}, {"id": "b", "label": "Có báo cáo", "points": 3}]}},
]}
RULESET, _ = parse_ruleset(build_ruleset(SPEC))
SELF = {"r": {"self": {"numerator": 9, "denominator": 10}}, "k": {"self": {"a": True, "b": True}}}

#: (what the appraiser left, as JSON appraisal values; as the portal's cleaned form per criterion)
CASES = {
    "all blank: no appraisal, the self value stands": (
        {"r": {"numerator": None, "denominator": None}, "k": {"a": None, "b": None}},
        {"r": {"numerator": None, "denominator": None}, "k": {"a": "", "b": ""}}),
    "partial checklist: the blank item is not done, not the unit's tick": (
        {"k": {"a": True}}, {"k": {"a": "co", "b": ""}}),
    "partial ratio: the blank denominator is missing, not the unit's 10": (
        {"r": {"numerator": 7}}, {"r": {"numerator": Decimal(7), "denominator": None}}),
}


def _json_result(appraisal: dict[str, Any], tmp_path: Path):
    answers = {cid: {**given, **({"appraisal": appraisal[cid]} if cid in appraisal else {})}
               for cid, given in SELF.items()}
    path = tmp_path / "u.json"
    path.write_text(submission_for(RULESET, answers).model_dump_json(by_alias=True), encoding="utf-8")
    return evaluate_file(RULESET, path), submission_for(RULESET, answers)


def _portal_result(cleaned: dict[str, Any]):
    """The portal's way: the form's cleaned data → the council's value → the unit's submission."""
    fields = {cid: index_of(RULESET).by_id[cid].fields for cid in SELF}
    council = {cid: (value_of(fields[cid], data), "Ý kiến hội đồng") for cid, data in cleaned.items()}
    return score(RULESET, with_values(submission_for(RULESET, SELF), appraisal=council))


def _view(result) -> dict[str, Any]:
    """What must agree: totals, per-criterion stages and the findings (without file locations)."""
    data = comparable(result)
    data["findings"] = [(f["code"], f["criterion_id"], f["stage"], f["field"]) for f in data["findings"]]
    for criterion in data["criteria"]:
        criterion.pop("appraisal_note")
    return {k: data[k] for k in ("appraised", "self", "final", "criteria", "findings")}


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return write_template(RULESET, "u", tmp_path_factory.mktemp("blank") / "u.xlsx")


@pytest.mark.parametrize("name", list(CASES))
def test_json_workbook_and_portal_read_a_blank_appraisal_alike(name, template, tmp_path):
    as_json, as_form = CASES[name]
    from_json, submission = _json_result(as_json, tmp_path)
    from_workbook = evaluate_file(RULESET, fill_workbook(template, RULESET, submission, tmp_path / "u.xlsx"))
    from_portal = _portal_result(as_form)
    assert _view(from_workbook) == _view(from_json) == _view(from_portal)


def test_what_a_blank_appraisal_means(template, tmp_path):
    blank = _json_result(CASES["all blank: no appraisal, the self value stands"][0], tmp_path)[0]
    assert not blank.appraised and blank.final.total == blank.self_totals.total == Decimal(14)
    partial = _json_result(CASES["partial checklist: the blank item is not done, not the unit's tick"][0], tmp_path)[0]
    k = next(c for c in partial.criteria if c.id == "k")
    assert (k.self.points, k.appraisal.points, partial.final.total) == (5, 2, 11)
    missing = _json_result(CASES["partial ratio: the blank denominator is missing, not the unit's 10"][0], tmp_path)[0]
    assert [(f.code, f.location.criterion_id, f.location.stage, f.location.field) for f in missing.errors] == [
        ("input-missing", "r", "appraisal", "denominator")]
