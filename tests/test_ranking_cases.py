"""Data-driven ranking cases: every file under tests/cases/ranking/.

A case file is ``{"description", "cases": [{"description", "ruleset" (keys replacing the default
ruleset's; "classification" and "ranking" are merged key by key), "units": [{"code", "percent",
"block", "gate_band", "deductions", "self_percent", "appraised", "classified"}], "expected":
{"order": [[code, overall rank or null, class id or null], ...] (the published order),
"blocks": {block id: [[code, rank], ...]}, "notes": {code: [text each note list must contain]},
"no_notes_with": [text no unit's note may contain], "overclaims": [[code, points, percent], ...],
"policy": [text the printed ranking rules must contain]}}]}``.  A unit's "total" (default: its
"percent") gives an exact percent that differs from the published one.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from scoring.engine.ranking import rank
from test_batch_helpers import make_result, ruleset_with

HERE = Path(__file__).parent / "cases" / "ranking"


def _cases() -> list[Any]:
    params = []
    for path in sorted(HERE.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        params += [pytest.param(case, id=f"{path.stem}: {case['description']}") for case in data["cases"]]
    return params


def _ruleset(changes: dict[str, Any]):
    """The default ruleset with ``changes``: "ranking" merged into the default's ranking, each
    "classification" key replacing the default's, other keys replacing the whole key."""
    base = json.loads((Path(__file__).parent.parent / "criteria" / "dvcq-minh-hoa.json").read_text("utf-8"))
    merged = dict(changes)
    if "ranking" in merged:
        merged["ranking"] = {**base.get("ranking", {}), **merged["ranking"]}
    cls = merged.pop("classification", {})
    return ruleset_with(**merged, **{f"cls_{k}": v for k, v in cls.items()})


def _unit(spec: dict[str, Any], ruleset: Any):
    return make_result(spec["code"], str(spec["percent"]), ruleset=ruleset, block=spec.get("block", "khoi_xa"),
                       gate_band=spec.get("gate_band"), deductions=str(spec.get("deductions", 0)),
                       self_percent=None if "self_percent" not in spec else str(spec["self_percent"]),
                       appraised=spec.get("appraised", True), classified=spec.get("classified", True),
                       total=None if "total" not in spec else str(spec["total"]))


@pytest.mark.parametrize("case", _cases())
def test_ranking_case(case: dict[str, Any]) -> None:
    ruleset = _ruleset(case.get("ruleset", {}))
    ranking = rank(ruleset, [_unit(u, ruleset) for u in case["units"]])
    expected = case["expected"]
    if "order" in expected:
        assert [[u.unit_code, u.overall_rank, u.band_id] for u in ranking.overall] == expected["order"]
    for block_id, want in expected.get("blocks", {}).items():
        block = next(b for b in ranking.blocks if b.id == block_id)
        assert [[u.unit_code, u.rank] for u in block.units] == want
    for code, texts in expected.get("notes", {}).items():
        notes = " | ".join(ranking.unit(code).notes)
        for text in texts:
            assert text in notes, (code, text, notes)
    for text in expected.get("no_notes_with", []):
        assert not [u.unit_code for u in ranking.overall if any(text in n for n in u.notes)]
    policy = " ".join(ranking.policy)
    for text in expected.get("policy", []):
        assert text in policy, (text, policy)
    if "overclaims" in expected:
        got = [[g.unit_code, g.overclaim, g.overclaim_percent] for g in ranking.gaps.units]
        assert got == [[c, Decimal(str(p)), Decimal(str(q))] for c, p, q in expected["overclaims"]]


def test_every_case_file_has_cases() -> None:
    assert _cases(), "no ranking cases found"
