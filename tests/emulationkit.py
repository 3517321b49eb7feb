"""Tiny rounds for the emulation proposal's tests: two rulesets (a DVCQ-like and a QCDC-like one,
percent bands Tốt 90 / Khá 70 / Trung bình 50 / Yếu), units scored from a percent and a breach
fact, ranked as a publication ranks them, and a register of models.

A case names its units as ``[code, type, percent, breach]`` (type ``a``: Khối sở, ``b``: Khối xã;
breach true: the gate lowers the class one step) and its models as
``[code, unit, person or null, status]``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from casekit import ruleset_from, submission_for
from scoring.engine.emulation import RoundRef
from scoring.engine.ranking import rank
from scoring.engine.score import score
from scoring.jobs.emulation import RoundResults
from scoring.models_dvk.model import Model, Register


def spec(ruleset_id: str) -> dict[str, Any]:
    return {
        "id": ruleset_id,
        "criterion": {"max": 100, "method": {"type": "manual", "step": 0.5}},
        "unit_types": [{"id": "a", "name": "Sở"}, {"id": "b", "name": "Xã"}],
        "blocks": [{"id": "ka", "name": "Khối sở", "unit_types": ["a"]},
                   {"id": "kb", "name": "Khối xã", "unit_types": ["b"]}],
        "facts": [{"id": "F", "name": "Có vi phạm"}],
        "classification": {"basis": "percent",
                           "bands": [{"id": "tot", "label": "Tốt", "min": 90},
                                     {"id": "kha", "label": "Khá", "min": 70, "max": 90},
                                     {"id": "tb", "label": "Trung bình", "min": 50, "max": 70},
                                     {"id": "yeu", "label": "Yếu", "min": 0, "max": 50}],
                           "gates": [{"id": "vp", "when": {"input": "F", "op": "==", "value": True},
                                      "effect": "lower", "levels": 1, "reason": "Có vi phạm: hạ một bậc"}]},
    }


KINDS = {"dvcq": ("dvcq-thu", "Dân vận chính quyền", "DVCQ-2026"),
         "qcdc": ("qcdc-thu", "Dân chủ ở cơ sở", "QCDC-2026")}


def round_results(kind: str, units: list[list[Any]]) -> RoundResults:
    ruleset_id, label, code = KINDS[kind]
    ruleset = ruleset_from(spec(ruleset_id))
    results = [score(ruleset, submission_for(ruleset, {"c": {"self": Decimal(str(points))}, "F": {"self": breach}},
                                             {"unit": {"code": c, "name": f"Đơn vị {c}", "unit_type": t}}))
               for c, t, points, breach in units]
    return RoundResults(RoundRef(kind, label, code, f"Đợt {code}", "Đã công bố (lần 1)"), ruleset,
                        rank(ruleset, results))


def register(models: list[list[Any]]) -> Register:
    return Register(tuple(Model(code, f"Mô hình {code}", "kinh_te", unit, f"Đơn vị {unit}", dt.date(2026, 3, 1),
                                status=status, individual=person) for code, unit, person, status in models))


RULES_BASE: dict[str, Any] = {
    "id": "thi-dua-thu", "title": "Quy tắc thử", "status": "official",
    "rounds": [{"id": "dvcq", "label": "Dân vận chính quyền", "rulesets": ["dvcq-thu"]},
               {"id": "qcdc", "label": "Dân chủ ở cơ sở", "rulesets": ["qcdc-thu"]}],
}
