"""Ruleset checks: every file under tests/cases/lint/ lists rulesets and the exact findings.

A case is ``{"description", "ruleset": <spec for casekit.build_ruleset>} `` or ``"raw": <file
text>``, with ``"expected": [[code, json_path, criterion_id], ...]`` compared exactly (warnings
included) and optional ``"message_contains"``.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from casekit import CASES, build_ruleset, load_json
from scoring.core.findings import CATALOG
from scoring.rules.load import check_ruleset, parse_ruleset

#: Every finding code a ruleset file can produce (scoring/formats/codes.py and scoring/rules/codes.py).
RULESET_CODES = {
    "duplicate-id", "group-sum-mismatch", "group-cap-above-sum", "scale-mismatch", "max-unreachable",
    "step-mismatch", "level-above-max", "levels-duplicate", "percent-bands-order",
    "percent-bands-no-zero", "band-overlap", "band-gap", "band-coverage", "band-unreachable",
    "unknown-unit-type", "unknown-criterion", "unknown-class", "unknown-field", "block-overlap",
    "illustrative-without-note", "unit-type-unused", "criterion-applies-to-none",
    "pool-item-above-cap", "pool-item-cap-without-limit", "schema-violation", "json-syntax", "model-input-shape",
    "model-input-level-unknown", "unknown-block", "max-by-unit-type-not-applicable",
    "points-finer-than-rounding",
}


def _params() -> list[Any]:
    params = []
    for path in sorted((CASES / "lint").glob("*.json")):
        for case in load_json(path)["cases"]:
            params.append(pytest.param(case, id=case["description"]))
    return params


PARAMS = _params()


def _findings(case: dict[str, Any], tmp_path: Path) -> list[Any]:
    if "raw" in case:
        path = tmp_path / "ruleset.json"
        path.write_text(case["raw"], encoding="utf-8")
        return check_ruleset(path)[1]
    return parse_ruleset(build_ruleset(case["ruleset"]))[1]


@pytest.mark.parametrize("case", PARAMS)
def test_lint_case(case: dict[str, Any], tmp_path: Path) -> None:
    findings = _findings(case, tmp_path)
    rows = sorted(([f.code, f.location.json_path, f.location.criterion_id] for f in findings), key=str)
    want = sorted((list(row) for row in case["expected"]), key=str)
    assert rows == want, "\n".join(map(str, findings))
    for text in case.get("message_contains", []):
        assert any(text in f.message for f in findings), [f.message for f in findings]


def test_every_ruleset_finding_code_is_exercised() -> None:
    seen = {row[0] for p in PARAMS for row in p.values[0]["expected"]}
    assert RULESET_CODES <= set(CATALOG)
    assert RULESET_CODES <= seen, sorted(RULESET_CODES - seen)


def test_lint_case_ids_are_unique() -> None:
    ids = [p.id for p in PARAMS]
    assert len(ids) == len(set(ids))


_HINT_CASES = [
    # a group whose children add up differently per unit type: the hint is max_by_unit_type
    ({"unit_types": [{"id": "xa", "name": "Xã"}, {"id": "dv", "name": "Đơn vị"}],
      "criteria": [{"id": "G", "max": 25, "children": [
          {"id": "a", "name": "A", "max": 20, "method": {"type": "manual"}},
          {"id": "b", "name": "B", "max": 5, "applies_to": ["xa"], "method": {"type": "binary"}}]}]}),
    # the same group declared at the smaller sum: the hint must not be "cap_at_max"
    ({"unit_types": [{"id": "xa", "name": "Xã"}, {"id": "dv", "name": "Đơn vị"}], "scale": 25,
      "criteria": [{"id": "G", "max": 20, "children": [
          {"id": "a", "name": "A", "max": 20, "method": {"type": "manual"}},
          {"id": "b", "name": "B", "max": 5, "applies_to": ["xa"], "method": {"type": "binary"}}]}]}),
    # one sum for every unit type, declared too high, then too low
    ({"criteria": [{"id": "G", "max": 10, "children": [
        {"id": "a", "name": "A", "max": 4, "method": {"type": "binary"}},
        {"id": "b", "name": "B", "max": 5, "method": {"type": "binary"}}]}]}),
    ({"scale": 10, "criteria": [{"id": "G", "max": 8, "children": [
        {"id": "a", "name": "A", "max": 4, "method": {"type": "binary"}},
        {"id": "b", "name": "B", "max": 5, "method": {"type": "binary"}}]}]}),
]


def _apply_hint(group: dict[str, Any], message: str) -> None:
    """Do what a group-sum-mismatch message says (its first suggestion)."""
    fix = message.split("Cách sửa: ", 1)[1]
    if fix.startswith("khai báo điểm tối đa riêng"):
        snippet = fix.split('"max_by_unit_type": ', 1)[1].rstrip(".")
        group.setdefault("max_by_unit_type", {}).update(json.loads(snippet))
    else:
        group["max"] = int(fix.split('sửa "max" thành ', 1)[1].split(",")[0].rstrip("."))


@pytest.mark.parametrize("spec", _HINT_CASES)
def test_following_a_group_hint_leaves_no_error(spec):
    """A hint must never lead to another error: applying each one makes the ruleset clean."""
    data = build_ruleset(spec)
    for _ in range(3):
        _, findings = parse_ruleset(copy.deepcopy(data), "<hint>")
        if not findings:
            return
        assert [f.code for f in findings] == ["group-sum-mismatch"], [str(f) for f in findings]
        _apply_hint(data["criteria"][0], findings[0].message)
    raise AssertionError("the hints did not converge")
