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

from scoring.engine import score
from scoring.result import Result
from scoring.ruleset.load import parse_ruleset
from scoring.ruleset.models import Ruleset
from scoring.submission import Submission

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


def _num(value: Any) -> Any:
    return Decimal(str(value)) if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) else value


def check_totals(actual: Any, expected: dict[str, Any], label: str) -> None:
    """Subset comparison of a :class:`~scoring.result.Totals` with expected values."""
    for key, want in expected.items():
        got = getattr(actual, key)
        if key == "gate_reasons":
            got, want = list(got), list(want)
        elif key == "lines":  # [[text, points], ...], points exact
            got, want = [[t, p] for t, p in got], [[t, _num(p)] for t, p in want]
            assert sum((p for _, p in got), Decimal(0)) == actual.total, f"{label}: lines do not add up"
        assert got == _num(want), f"{label}.{key}: got {got!r}, expected {want!r}"


_STAGE_KEYS = {"self": "self", "appraisal": "appraisal", "final": "final"}


def check_criterion(result: Result, node_id: str, expected: dict[str, Any]) -> None:
    """Subset comparison of one criterion: ``self``/``appraisal``/``final`` points, explanations,
    ``applicable`` (self stage), ``applies``, ``final_stage``; for groups, ``self``/``final`` points."""
    crit = next((c for c in result.criteria if c.id == node_id), None)
    if crit is None:
        node = result.node(node_id)
        assert node is not None, f"no criterion or group {node_id!r} in result"
        for key, want in expected.items():
            got = {"self": node.self_points, "final": node.final_points, "max": node.max}[key]
            assert got == _num(want), f"{node_id}.{key}: got {got}, expected {want}"
        return
    for key, want in expected.items():
        if key in _STAGE_KEYS:
            stage = getattr(crit, _STAGE_KEYS[key])
            got = None if stage is None else stage.points
            assert got == _num(want), f"{node_id}.{key}: got {got}, expected {want}"
        elif key.endswith("_explanation"):
            stage = getattr(crit, _STAGE_KEYS[key.removesuffix("_explanation")])
            assert stage is not None, f"{node_id}: no {key}"
            assert stage.explanation == want, f"{node_id}.{key}: got {stage.explanation!r}"
        elif key == "applicable":
            assert crit.self is not None and crit.self.applicable is want, f"{node_id}.applicable"
        elif key in ("applies", "final_stage"):
            assert getattr(crit, key) == want, f"{node_id}.{key}: got {getattr(crit, key)!r}"
        else:
            raise AssertionError(f"unknown expectation key {key!r} for criterion {node_id}")


def check_result(result: Result, expected: dict[str, Any]) -> None:
    """Compare a result with an expectation dict (subset; findings compared exactly, default none)."""
    want_findings = sorted((list(row) for row in expected.get("findings", [])),
                           key=lambda row: [str(x) for x in row])
    assert finding_rows(result) == want_findings, "findings:\n" + "\n".join(map(str, result.findings))
    for stage in ("self", "final"):
        if stage in expected:
            check_totals(result.self_totals if stage == "self" else result.final, expected[stage], stage)
    for node_id, want in expected.get("criteria", {}).items():
        check_criterion(result, node_id, want)
    for item_id, want in expected.get("pool", {}).items():
        line = next(p for p in result.pool if p.id == item_id)
        for key, value in want.items():
            assert getattr(line, key) == value, f"pool {item_id}.{key}: got {getattr(line, key)!r}"
    if "appraised" in expected:
        assert result.appraised is expected["appraised"]
    messages = [f.message for f in result.findings]
    for text in expected.get("message_contains", []):
        assert any(text in m for m in messages), f"no finding message contains {text!r}: {messages}"


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
