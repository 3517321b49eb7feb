"""Shared helpers of the data-driven tests: minimal rulesets, submissions, expectation checks.

Case files keep rulesets short: :func:`build_ruleset` wraps one criterion (or a few nodes) in a
valid ruleset with one unit type ``u`` and percent bands 90/70/50/0, and every other key of the
spec overrides the default.  Numbers are read as :class:`~decimal.Decimal` and compared exactly.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from scoring.engine.score import score
from scoring.jobs.examples import compare
from scoring.engine.result import Result
from scoring.rules.load import parse_ruleset
from scoring.rules.models import Ruleset
from scoring.engine.submission import Submission

TESTS = Path(__file__).parent
ROOT = TESTS.parent
CASES = TESTS / "cases"

BANDS = [
    {"id": "tot", "label": "Tốt", "min": 90},
    {"id": "kha", "label": "Khá", "min": 70, "max": 90},
    {"id": "tb", "label": "Trung bình", "min": 50, "max": 70},
    {"id": "yeu", "label": "Yếu", "min": 0, "max": 50},
]

BASE: dict[str, Any] = {
    "id": "t",
    "version": "1",
    "title": "Bộ tiêu chí thử",
    "decision": {"number": "1/QĐ-UBND", "date": "2025-01-01", "issuer": "UBND tỉnh Thử"},
    "effective": {"from": "2025-01-01"},
    "status": "official",
    "unit_types": [{"id": "u", "name": "Đơn vị thử"}],
    "classification": {"basis": "percent", "bands": BANDS},
}


def load_json(path: Path) -> Any:
    """A JSON file with exact decimals."""
    return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)


def build_ruleset(spec: dict[str, Any]) -> dict[str, Any]:
    """Ruleset JSON from a short spec.

    ``criterion``: one leaf (id defaults to ``c``), becomes the only node; the scale defaults to
    its max.  ``criteria``: explicit nodes; the scale defaults to the sum of their maxima.
    ``remove``: top-level keys to delete (for schema tests).  Any other key replaces the default.
    """
    spec = copy.deepcopy(spec)
    data = copy.deepcopy(BASE)
    remove = spec.pop("remove", [])
    if "criterion" in spec:
        spec["criteria"] = [{"id": "c", "name": "Tiêu chí thử", **spec.pop("criterion")}]
    for node in spec.get("criteria", []):
        node.setdefault("name", f"Tiêu chí {node.get('id')}")
    if "scale" not in spec and isinstance(spec.get("criteria"), list):
        maxima = [n.get("max") for n in spec["criteria"]]
        if all(isinstance(m, (int, Decimal)) for m in maxima):
            spec["scale"] = sum(maxima, Decimal(0))
    data.update(spec)
    for key in remove:
        data.pop(key, None)
    return data


def ruleset_from(spec: dict[str, Any]) -> Ruleset:
    """A usable ruleset built from a spec; fails the test if the spec is not lint-clean."""
    ruleset, findings = parse_ruleset(build_ruleset(spec), "<case>")
    assert not findings, "case ruleset has findings:\n" + "\n".join(map(str, findings))
    assert ruleset is not None
    return ruleset


def submission_for(ruleset: Ruleset, answers: dict[str, Any], patch: dict[str, Any] | None = None) -> Submission:
    """A submission of unit ``U1`` (first unit type unless patched) with ``answers``."""
    data: dict[str, Any] = {
        "ruleset": {"id": ruleset.id, "version": ruleset.version},
        "unit": {"code": "U1", "name": "Đơn vị 1", "unit_type": ruleset.unit_types[0].id},
        "year": 2025,
        "answers": answers,
    }
    for key, value in (patch or {}).items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    return Submission.model_validate(data)


def finding_rows(result: Result) -> list[list[Any]]:
    """Findings as sortable ``[code, criterion_id, stage, field]`` rows."""
    rows = [[f.code, f.location.criterion_id, f.location.stage, f.location.field] for f in result.findings]
    return sorted(rows, key=lambda row: [str(x) for x in row])


def check_result(result: Result, expected: dict[str, Any]) -> None:
    """Compare a result with an expectation dict (subset; findings compared exactly, default none):
    the same comparison ``dvk examples`` makes (:func:`scoring.jobs.examples.compare`)."""
    differences = compare(result, expected)
    assert not differences, "\n".join(differences)


def run_case(ruleset: Ruleset, case: dict[str, Any], target: str = "c") -> Result:
    """Score one case: ``answers`` (all ids), or ``self``/``appraisal`` of the target criterion."""
    answers = copy.deepcopy(case.get("answers", {}))
    own = {stage: case[stage] for stage in ("self", "appraisal") if stage in case}
    if own:
        answers[target] = own
    return score(ruleset, submission_for(ruleset, answers, case.get("submission")))


def expand(expected: dict[str, Any], target: str = "c") -> dict[str, Any]:
    """Shorthands of method cases: ``points``/``explanation``/… apply to the target criterion."""
    expected = copy.deepcopy(expected)
    short = {"points": "self", "explanation": "self_explanation", "appraisal_points": "appraisal",
             "appraisal_explanation": "appraisal_explanation", "final_points": "final",
             "applicable": "applicable", "final_stage": "final_stage"}
    own = {short[k]: expected.pop(k) for k in list(expected) if k in short}
    if own:
        expected.setdefault("criteria", {}).setdefault(target, {}).update(own)
    return expected
