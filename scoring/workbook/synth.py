"""Synthetic submissions with valid answers: for sample workbooks, tests and benchmarks.

``random_submission(ruleset, unit_type, rng, strength)`` answers every applicable criterion, pool
item and fact with values the engine accepts; ``strength`` (0–1) moves answers from weak to strong.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from scoring.engine.submission import Submission
from scoring.rules.index import NodeInfo, index_of
from scoring.rules.models import Ruleset


def _pick_level(n: int, rng: random.Random, strength: float) -> int:
    """Index 0 is the best level; strong units land near it."""
    centre = (1 - strength) * (n - 1)
    return max(0, min(n - 1, round(centre + rng.uniform(-0.8, 0.8))))


def _steps(limit: Decimal, step: Decimal, rng: random.Random, strength: float) -> Decimal:
    count = int(limit / step)
    chosen = max(0, min(count, round(count * strength + rng.uniform(-1.5, 1.5))))
    return step * chosen


def leaf_value(info: NodeInfo, rng: random.Random, strength: float, zero_denominator: bool = False) -> Any:
    """A valid answer for one criterion (a scalar, or a dict for multi-field methods)."""
    method, top = info.node.method, info.node.max
    kind = method.type  # type: ignore[attr-defined]
    if kind == "binary":
        return rng.random() < 0.25 + 0.75 * strength
    if kind == "levels":
        return method.levels[_pick_level(len(method.levels), rng, strength)].id
    if kind == "checklist":
        return {item.id: rng.random() < 0.2 + 0.8 * strength for item in method.items}
    if kind == "count_deduction":
        return {k.id: (0 if rng.random() < 0.4 + 0.6 * strength else rng.randint(1, 2)) for k in method.kinds}
    if kind in ("linear_ratio", "percent_bands"):
        if zero_denominator:
            return {"numerator": 0, "denominator": 0}
        denominator = rng.randint(4, 24)
        share = min(1.0, max(0.0, strength + rng.uniform(-0.15, 0.1)))
        return {"numerator": round(denominator * share), "denominator": denominator}
    if kind == "index_mapping":
        value = Decimal(min(float(method.index_max), max(0.0, 40 + 60 * strength + rng.uniform(-6, 4))))
        return value.quantize(Decimal("0.1"))
    if kind in ("manual", "appraiser_only"):
        return _steps(top, method.step, rng, strength)
    raise ValueError(f"no synthetic answer for method {kind}")


def random_answers(ruleset: Ruleset, unit_type: str, rng: random.Random, strength: float = 0.8,
                   zero_denominators: float = 0.0) -> dict[str, dict[str, Any]]:
    """Self-stage answers for every applicable input (appraiser-only criteria left blank)."""
    index = index_of(ruleset)
    answers: dict[str, dict[str, Any]] = {}
    for info in index.leaves:
        if not info.applies(unit_type) or info.node.method.appraiser_only:
            continue
        answers[info.id] = {"self": leaf_value(info, rng, strength, rng.random() < zero_denominators)}
    for item in index.pool_items:
        if unit_type in item.applies_to:
            answers[item.item.id] = {"self": 0}
    for fact in index.facts:
        if unit_type in fact.applies_to:
            answers[fact.fact.id] = {"self": False if fact.fact.kind == "boolean" else 0}
    return answers


def random_submission(ruleset: Ruleset, unit_type: str, rng: random.Random, strength: float = 0.8,
                      code: str = "DV-001", name: str = "Đơn vị thử nghiệm (hư cấu)", year: int = 2025,
                      **extra: Any) -> Submission:
    """A complete valid submission for ``unit_type``."""
    return Submission.model_validate({
        "ruleset": {"id": ruleset.id, "version": ruleset.version},
        "unit": {"code": code, "name": name, "unit_type": unit_type},
        "year": year, "answers": random_answers(ruleset, unit_type, rng, strength), **extra})
