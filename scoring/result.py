"""What scoring produces: per-criterion points for both stages with reasons, totals and the class."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from scoring.decimals import ZERO, to_json_number
from scoring.findings import Finding

STAGES = ("self", "appraisal")


@dataclass(frozen=True)
class StageScore:
    """One criterion in one stage: points, the reason, and the typed inputs behind them."""

    points: Decimal
    explanation: str
    applicable: bool = True
    values: dict[str, Any] = field(default_factory=dict)
    valid: bool = True


@dataclass(frozen=True)
class CriterionResult:
    """A leaf criterion: both stages, the stage that counts, and the unit's evidence and notes."""

    id: str
    name: str
    max: Decimal
    parent: str | None
    applies: bool
    self: StageScore | None = None
    appraisal: StageScore | None = None
    final_stage: str | None = None
    evidence: str | None = None
    note: str | None = None
    appraisal_note: str | None = None

    @property
    def final(self) -> StageScore | None:
        return self.appraisal if self.final_stage == "appraisal" else self.self

    @property
    def diff(self) -> Decimal | None:
        """Appraisal minus self points (negative: the appraisal lowered the unit's score)."""
        if self.self is None or self.appraisal is None:
            return None
        return self.appraisal.points - self.self.points


@dataclass(frozen=True)
class NodeTotal:
    """A group's (or criterion's) subtotal against its applicable maximum, per stage."""

    id: str
    name: str
    depth: int
    is_group: bool
    max: Decimal
    self_points: Decimal
    final_points: Decimal


@dataclass(frozen=True)
class PoolLine:
    """A bonus or deduction item: counts per stage and the points they give before the pool cap."""

    id: str
    name: str
    pool: str
    points_each: Decimal
    self_count: int
    appraisal_count: int | None
    final_count: int

    @property
    def final_points(self) -> Decimal:
        return self.points_each * self.final_count


@dataclass(frozen=True)
class Totals:
    """Totals of one stage and the class they lead to."""

    base: Decimal = ZERO
    bonus: Decimal = ZERO
    deductions: Decimal = ZERO
    total: Decimal = ZERO
    applicable_max: Decimal = ZERO
    percent: Decimal = ZERO
    band_id: str | None = None
    band_label: str = ""
    classified: bool = False
    band_before_gates: str | None = None
    gate_reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Result:
    """The scored submission of one unit. ``final`` is what ranks and classifies."""

    ruleset_id: str
    ruleset_version: str
    unit_code: str
    unit_name: str
    unit_type: str
    unit_type_name: str
    block_id: str | None
    block_name: str | None
    year: int
    source: str | None
    criteria: tuple[CriterionResult, ...] = ()
    nodes: tuple[NodeTotal, ...] = ()
    pool: tuple[PoolLine, ...] = ()
    self_totals: Totals = Totals()
    final: Totals = Totals()
    appraised: bool = False
    findings: tuple[Finding, ...] = ()

    @property
    def ok(self) -> bool:
        return not any(f.is_error for f in self.findings)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    def node(self, node_id: str) -> NodeTotal | None:
        return next((n for n in self.nodes if n.id == node_id), None)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (numbers exact to their printed decimals)."""
        return _jsonable({
            "ruleset": {"id": self.ruleset_id, "version": self.ruleset_version},
            "unit": {"code": self.unit_code, "name": self.unit_name, "unit_type": self.unit_type,
                     "unit_type_name": self.unit_type_name, "block": self.block_id,
                     "block_name": self.block_name},
            "year": self.year,
            "source": self.source,
            "appraised": self.appraised,
            "self": vars(self.self_totals),
            "final": vars(self.final),
            "nodes": [vars(n) for n in self.nodes],
            "criteria": [_criterion_dict(c) for c in self.criteria],
            "pool": [vars(p) | {"final_points": p.final_points} for p in self.pool],
            "findings": [f.to_dict() for f in self.findings],
        })


def _criterion_dict(c: CriterionResult) -> dict[str, Any]:
    def stage(s: StageScore | None) -> dict[str, Any] | None:
        if s is None:
            return None
        return {"points": s.points, "explanation": s.explanation, "applicable": s.applicable,
                "valid": s.valid}

    return {"id": c.id, "name": c.name, "max": c.max, "applies": c.applies, "self": stage(c.self),
            "appraisal": stage(c.appraisal), "final_stage": c.final_stage, "diff": c.diff,
            "evidence": c.evidence, "note": c.note, "appraisal_note": c.appraisal_note}


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return to_json_number(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value
