"""The year's emulation proposal (issue 25 item 3): data-driven cases with hand-computed lists
(tests/cases/emulation/*.json, see tests/emulationkit.py for their shape)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from emulationkit import RULES_BASE, register, round_results
from scoring.jobs.emulation import propose_emulation
from scoring.rules.emulation import parse_emulation

CASES = Path(__file__).parent / "cases" / "emulation"


def _proposal(case: dict):
    rules, findings = parse_emulation({**RULES_BASE, "rules": case["rules"]}, "<case>")
    assert rules is not None, findings
    rounds = [round_results(kind, units) for kind, units in case["rounds"].items()]
    models = register(case["models"]) if "models" in case else None
    return propose_emulation(rules, rounds, models, 2026)


@pytest.mark.parametrize("path", sorted(CASES.glob("*.json")), ids=lambda p: p.stem)
def test_case(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    proposal = _proposal(case)
    assert [[x.rule_id, x.unit_code, x.person, x.reason] for x in proposal.proposed] == case["proposed"]
    assert [[x.unit_code, x.person, x.reason] for x in proposal.excluded] == case["excluded"]
