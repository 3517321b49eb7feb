"""Data-driven engine tests: every file under tests/cases/<method type>/ and tests/cases/engine/.

A case file is ``{"description", "ruleset": <spec for casekit.build_ruleset>, "target": "c",
"cases": [{"description", "self"/"appraisal" (answers of the target) or "answers" (all ids),
"submission" (patch of the submission header), "ruleset_patch" (keys replacing the file's spec),
"expected": {"points", "explanation", "appraisal_points", "final_points", "applicable",
"final_stage", "criteria": {id: {...}}, "self"/"final": {<Totals subset>}, "pool", "findings":
[[code, criterion_id, stage, field], ...]}}]}``.  Findings are compared exactly (none by default).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from casekit import CASES, check_result, expand, load_json, run_case, ruleset_from
from scoring.rules.methods import REGISTRY

#: Every finding code a submission can produce (scoring/engine/codes.py, with the methods' problems in scoring/rules/codes.py).
SUBMISSION_CODES = {
    "input-missing", "input-not-number", "input-off-step", "input-above-max", "input-negative",
    "level-unknown", "numerator-above-denominator", "input-not-integer", "input-not-boolean",
    "input-unknown-field", "count-above-limit", "answer-unknown-criterion", "answer-not-applicable",
    "appraiser-only-self-ignored", "ruleset-mismatch", "unit-type-not-declared",
    "ruleset-fingerprint-mismatch", "year-outside-effective", "evidence-missing",
    "not-applicable-not-allowed", "not-applicable-reason-missing", "not-applicable-reason-unused",
}


def _case_files() -> list[Path]:
    return sorted(p for p in CASES.glob("*/*.json") if p.parent.name not in ("lint", "ranking", "emulation", "emulation-lint"))


def _load_cases() -> list[Any]:
    params = []
    for path in _case_files():
        data = load_json(path)
        for case in data["cases"]:
            spec = {**data["ruleset"], **case.get("ruleset_patch", {})}
            params.append(pytest.param(spec, data.get("target", "c"), case, id=case["description"]))
    return params


CASE_PARAMS = _load_cases()


@pytest.mark.parametrize(("spec", "target", "case"), CASE_PARAMS)
def test_case(spec: dict[str, Any], target: str, case: dict[str, Any]) -> None:
    ruleset = ruleset_from(spec)
    result = run_case(ruleset, case, target)
    check_result(result, expand(case["expected"], target))


def test_case_ids_are_unique() -> None:
    ids = [p.id for p in CASE_PARAMS]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_every_method_has_cases() -> None:
    for method_type in REGISTRY:
        assert list((CASES / method_type).glob("*.json")), f"no cases for method {method_type}"


def test_every_submission_finding_code_is_exercised() -> None:
    seen = {row[0] for p in CASE_PARAMS for row in p.values[2]["expected"].get("findings", [])}
    assert SUBMISSION_CODES <= seen, sorted(SUBMISSION_CODES - seen)
