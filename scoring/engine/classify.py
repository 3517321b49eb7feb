"""Classification: the band a value falls in, then the gates that override it.

Gates apply in the order the ruleset declares them: ``cap`` (no better than a class), ``lower``
(N classes down, never below the lowest), ``force`` (exactly a class), ``not_classified``.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable

from scoring.rules.index import RulesetIndex
from scoring.rules.models import (
    AllCondition,
    AnyCondition,
    Band,
    Condition,
    InputCondition,
    PointsCondition,
)

_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq, "!=": operator.ne, ">": operator.gt, ">=": operator.ge,
    "<": operator.lt, "<=": operator.le,
}


@dataclass(frozen=True)
class Facts:
    """What gates may test: typed inputs per id (criteria, pool items, facts) and node points."""

    inputs: dict[str, Any]
    points: dict[str, Decimal]


@dataclass(frozen=True)
class Classified:
    band: Band | None
    band_before_gates: Band
    classified: bool
    reasons: tuple[str, ...]


def band_index(bands: tuple[Band, ...], value: Decimal) -> int:
    """The first band (highest first) whose ``min`` ``value`` reaches; the lowest otherwise."""
    for i, band in enumerate(bands):
        if value >= band.min:
            return i
    return len(bands) - 1


def classify(index: RulesetIndex, value: Decimal, facts: Facts) -> Classified:
    """The band of ``value`` with every gate whose condition holds applied, with its reason."""
    bands = index.ruleset.classification.bands
    start = band_index(bands, value)
    current, classified, reasons = start, True, []
    for gate in index.ruleset.classification.gates:
        if not holds(gate.when, facts):
            continue
        reasons.append(gate.reason)
        if gate.effect == "cap":
            current = max(current, index.band_rank[gate.band])
        elif gate.effect == "lower":
            current = min(len(bands) - 1, current + (gate.levels or 1))
        elif gate.effect == "force":
            current = index.band_rank[gate.band]
        else:
            classified = False
    band = bands[current] if classified else None
    return Classified(band, bands[start], classified, tuple(reasons))


def holds(cond: Condition, facts: Facts) -> bool:
    """Whether a gate condition is true; an input that was not given never satisfies it."""
    if isinstance(cond, AllCondition):
        return all(holds(part, facts) for part in cond.all)
    if isinstance(cond, AnyCondition):
        return any(holds(part, facts) for part in cond.any)
    if isinstance(cond, PointsCondition):
        points = facts.points.get(cond.points)
        return points is not None and _OPS[cond.op](points, cond.value)
    return _input_holds(cond, facts)


def _input_holds(cond: InputCondition, facts: Facts) -> bool:
    value = facts.inputs.get(cond.input)
    if isinstance(value, dict):
        value = value.get(cond.field) if cond.field else next(iter(value.values()), None)
    if value is None:
        return False
    expected = cond.value
    if isinstance(expected, bool) or isinstance(value, bool):
        if not (isinstance(expected, bool) and isinstance(value, bool)):
            return False
    elif isinstance(expected, str) != isinstance(value, str):
        return False
    try:
        return bool(_OPS[cond.op](value, expected))
    except TypeError:
        return False
