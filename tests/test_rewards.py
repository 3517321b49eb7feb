"""Reward rules: proposals per block with reasons, exclusions, ties at the limit, one reward per unit,
individuals behind recognised models."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from casekit import ruleset_from, submission_for
from scoring.engine.score import score
from scoring.models_dvk.model import Model, Register
from scoring.engine.ranking import rank
from scoring.jobs.rewards import propose_rewards

SPEC: dict[str, Any] = {
    "criterion": {"max": 100, "method": {"type": "manual", "step": 0.5}},
    "unit_types": [{"id": "a", "name": "Sở"}, {"id": "b", "name": "Xã"}],
    "blocks": [{"id": "ka", "name": "Khối sở", "unit_types": ["a"]}, {"id": "kb", "name": "Khối xã", "unit_types": ["b"]}],
    "facts": [{"id": "F", "name": "Có vi phạm"}],
    "classification": {"basis": "percent",
                       "bands": [{"id": "tot", "label": "Tốt", "min": 90}, {"id": "kha", "label": "Khá", "min": 70, "max": 90},
                                 {"id": "tb", "label": "Trung bình", "min": 50, "max": 70},
                                 {"id": "yeu", "label": "Yếu", "min": 0, "max": 50}],
                       "gates": [{"id": "vp", "when": {"input": "F", "op": "==", "value": True}, "effect": "lower",
                                  "levels": 1, "reason": "Có vi phạm: hạ một bậc"}]},
    "rewards": {"rules": [
        {"id": "bk", "title": "Bằng khen", "bands": ["tot"], "max_per_block": 2},
        {"id": "gk", "title": "Giấy khen", "bands": ["tot", "kha"], "rank_max": 3, "no_gates": True},
        {"id": "cn", "title": "Bằng khen cá nhân", "subject": "individual", "model_statuses": ["cong_nhan_tinh"],
         "bands": ["tot", "kha"]}]},
}
UNITS = [("A1", "a", 98, False), ("A5", "a", 96, True), ("A2", "a", 95, False), ("A3", "a", 95, False),
         ("A4", "a", 92, False), ("B1", "b", 60, False)]


def _proposal(spec: dict[str, Any] = SPEC, models: Register | None = None):
    ruleset = ruleset_from(spec)
    results = [score(ruleset, submission_for(ruleset, {"c": {"self": points}, "F": {"self": fact}},
                                             {"unit": {"code": code, "name": f"Đơn vị {code}", "unit_type": kind}}))
               for code, kind, points, fact in UNITS]
    return propose_rewards(ruleset, rank(ruleset, results), models)


def _table(proposal) -> list[tuple[str, str, bool]]:
    return [(e.rule_id, e.unit_code, e.proposed) for e in proposal.entries if e.subject == "collective"]


def test_each_unit_proposed_once_or_excluded_with_its_reason() -> None:
    proposal = _proposal()
    # ranked by class, then points: A1 98, A2 = A3 95, A4 92 (Tốt), then A5 96 lowered to Khá
    assert _table(proposal) == [
        ("bk", "A1", True), ("bk", "A2", False), ("bk", "A3", False), ("bk", "A4", False), ("bk", "A5", False),
        ("bk", "B1", False),
        ("gk", "A2", True), ("gk", "A3", True), ("gk", "A4", False), ("gk", "A5", False), ("gk", "B1", False)]
    reasons = {(e.rule_id, e.unit_code): e.reason for e in proposal.entries}
    assert reasons[("bk", "A1")] == "Xếp loại Tốt (98%), hạng 1 Khối sở"
    assert reasons[("bk", "A5")] == "Xếp loại Khá; cần Tốt"
    assert reasons[("bk", "A2")] == "Đồng hạng 2 với A3 tại giới hạn 2 đơn vị/khối: Hội đồng thi đua - khen thưởng xem xét"
    assert reasons[("bk", "A4")] == "Đủ điều kiện nhưng ngoài giới hạn 2 đơn vị/khối (hạng 4)"
    assert reasons[("gk", "A5")] == "Vi phạm điều kiện: Có vi phạm: hạ một bậc"
    assert reasons[("gk", "A2")] == "Xếp loại Tốt (95%), hạng 2 Khối sở, không vi phạm điều kiện"
    assert reasons[("gk", "A4")] == "Hạng 4; cần từ hạng 1 đến hạng 3"
    assert reasons[("gk", "B1")] == "Xếp loại Trung bình; cần Tốt hoặc Khá"
    assert [e.unit_code for e in proposal.proposed] == ["A1", "A2", "A3"]


def test_ties_at_the_limit_can_all_be_proposed() -> None:
    spec = copy.deepcopy(SPEC)
    spec["rewards"]["rules"][0]["ties_at_limit"] = "include"
    proposal = _proposal(spec)
    assert [(e.rule_id, e.unit_code) for e in proposal.proposed] == [("bk", "A1"), ("bk", "A2"), ("bk", "A3")]
    assert "đề nghị cả các đơn vị đồng hạng" in next(e.reason for e in proposal.proposed if e.unit_code == "A3")


def test_unlimited_rule_takes_every_eligible_unit_and_blocks_can_be_chosen() -> None:
    spec = copy.deepcopy(SPEC)
    spec["rewards"]["rules"] = [{"id": "gk", "title": "Giấy khen", "bands": ["tot", "kha", "tb"], "blocks": ["kb"]}]
    assert [(e.unit_code, e.proposed) for e in _proposal(spec).entries] == [("B1", True)]


def _model(code: str, unit: str, person: str | None, status: str) -> Model:
    return Model(code, f"Mô hình {code}", "kinh_te", unit, f"Đơn vị {unit}", dt.date(2026, 3, 1),
                 status=status, individual=person)


def test_individuals_behind_recognised_models() -> None:
    register = Register((_model("M1", "A4", "Trần Văn Một", "cong_nhan_tinh"),
                         _model("M2", "A1", "Lê Thị Hai", "cong_nhan_co_so"),
                         _model("M3", "B1", "Phạm Ba", "cong_nhan_tinh"),
                         _model("M4", "ZZ", "Võ Bốn", "cong_nhan_tinh"),
                         _model("M5", "A2", None, "cong_nhan_tinh")))
    people = [(e.person, e.proposed, e.reason) for e in _proposal(models=register).entries if e.subject == "individual"]
    assert people == [
        ("Trần Văn Một", True, "Điển hình của mô hình M1 «Mô hình M1», công nhận cấp tỉnh; đơn vị xếp loại Tốt (92%)"),
        ("Phạm Ba", False, "Đơn vị Đơn vị B1: Xếp loại Trung bình; cần Tốt hoặc Khá"),
        ("Võ Bốn", False, "Đơn vị ZZ không có trong kết quả xếp hạng đợt này"),
        ("Lê Thị Hai", False, "Mô hình M2 «Mô hình M2»: Công nhận cấp cơ sở; cần Công nhận cấp tỉnh"),
    ]


def test_without_a_register_no_individual_is_considered_and_without_rules_no_proposal() -> None:
    assert all(e.subject == "collective" for e in _proposal().entries)
    spec = {k: v for k, v in SPEC.items() if k != "rewards"}
    assert _proposal(spec) is None


@pytest.mark.parametrize("limit", [1, 2, 3])
def test_limit_is_never_exceeded_when_ties_are_excluded(limit: int) -> None:
    spec = copy.deepcopy(SPEC)
    spec["rewards"]["rules"] = [{"id": "gk", "title": "Giấy khen", "bands": ["tot", "kha"], "max_per_block": limit}]
    proposed = [e for e in _proposal(spec).proposed if e.block == "Khối sở"]
    assert len(proposed) <= limit
