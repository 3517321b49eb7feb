"""The year's emulation proposal (issue 25 item 3): data-driven cases with hand-computed lists
(tests/cases/emulation/*.json, see tests/emulationkit.py for their shape)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


LINT = Path(__file__).parent / "cases" / "emulation-lint"


@pytest.mark.parametrize("path", sorted(LINT.glob("*.json")), ids=lambda p: p.stem)
def test_a_bad_rules_file_is_refused_with_located_vietnamese_findings(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    rules, findings = parse_emulation(case["rules"], "quy-tac.json")
    assert rules is None
    assert [(f.code, f.location.json_path) for f in findings] == [(c, p) for c, p, _ in case["findings"]]
    for finding, (_, _, words) in zip(findings, case["findings"]):
        assert words in finding.message and finding.location.file == "quy-tac.json"
        assert not any(english in finding.message for english in ("is not", "required", "Additional"))


def test_the_classes_a_rule_names_are_checked_against_the_rounds_rulesets() -> None:
    from scoring.rules.emulation import lint_classes

    rules, _ = parse_emulation({**RULES_BASE, "rules": [
        {"id": "bk", "title": "Bằng khen", "subject": "collective",
         "classes": [{"round": "dvcq", "at_least": "tot"}, {"round": "qcdc", "at_least": "hoan_thanh_tot"}]}]})
    found = list(lint_classes(rules, {"dvcq": ("tot", "kha"), "qcdc": ("tot", "kha", "tb")}))
    assert [(f.code, f.location.json_path) for f in found] == [("emulation-unknown-class",
                                                                  "$.rules[0].classes[1].at_least")]
    assert "'hoan_thanh_tot'" in found[0].message and "tot, kha, tb" in found[0].message


def test_the_shipped_illustrative_rules_are_clean_and_say_they_are_illustrative(capsys) -> None:
    from scoring.cli.app import main

    shipped = Path(__file__).resolve().parents[1] / "criteria" / "thi-dua" / "thi-dua-minh-hoa.json"
    assert main(["thi-dua", "kiem-tra", str(shipped)]) == 0
    assert capsys.readouterr().out.startswith(f"OK {shipped}")
    bad = LINT / "gioi-han-khong-thu-tu.json"
    assert main(["thi-dua", "kiem-tra", str(bad)]) == 1  # (a case file is not a rules file: refused, located)
    assert "[schema-violation]" in capsys.readouterr().out


_STATUS = st.sampled_from(["dang_ky", "trien_khai", "cong_nhan_co_so", "cong_nhan_huyen", "cong_nhan_tinh"])


@pytest.mark.property
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(points=st.lists(st.tuples(st.integers(40, 100), st.integers(40, 100), st.booleans()), min_size=1, max_size=9),
       models=st.lists(st.tuples(st.integers(0, 9), st.booleans(), _STATUS), max_size=8),
       limit=st.integers(1, 3), ties=st.sampled_from(["exclude", "include"]))
def test_everyone_is_listed_once_and_a_limit_holds_unless_ties_are_included(points, models, limit, ties) -> None:
    """Every unit and every person is one line, proposed or not; proposed lines meet the first
    rule's limit unless ties are included; the tally counts exactly the proposed lines."""
    units = [[f"U{i}", "ab"[i % 2], p, breach] for i, (p, _, breach) in enumerate(points)]
    case = {"rules": [
        {"id": "bk", "title": "Bằng khen", "subject": "collective", "max": limit, "rank_by": ["dvcq"],
         "ties_at_limit": ties, "classes": [{"round": "dvcq", "at_least": "tot"}, {"round": "qcdc", "at_least": "kha"}]},
        {"id": "gk", "title": "Giấy khen", "subject": "collective", "classes": [{"round": "dvcq", "at_least": "kha"}]},
        {"id": "cn", "title": "Giấy khen cá nhân", "subject": "individual", "max": limit, "rank_by": ["qcdc"],
         "ties_at_limit": ties}],
        "rounds": {"dvcq": units, "qcdc": [[c, t, q, False] for (c, t, _, _), (_, q, _) in zip(units, points)]},
        "models": [[f"M{i}", f"U{u}", f"Người {u}" if person else None, status]
                   for i, (u, person, status) in enumerate(models)]}
    proposal = _proposal(case)
    collectives = [x.unit_code for x in proposal.lines if x.person is None]
    people = [(x.unit_code, x.person) for x in proposal.lines if x.person]
    assert sorted(collectives) == sorted(u[0] for u in units)
    assert sorted(people) == sorted({(f"U{u}", f"Người {u}") for u, person, _ in models if person})
    tally = proposal.tally()
    assert sum(len(t.collectives) + len(t.individuals) for t in tally) == len(proposal.proposed)
    if ties == "exclude":
        assert len(tally[0].collectives) <= limit and len(tally[2].individuals) <= limit
    assert all(x.reason for x in proposal.lines)
