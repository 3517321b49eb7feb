"""What scoring produces: per-criterion points for both stages with reasons, totals and the class."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from scoring.core.decimals import ZERO, to_json_number
from scoring.core.findings import Finding

STAGES = ("self", "appraisal")


# The per-criterion, per-node and per-stage records are NamedTuples, not frozen dataclasses: a
# round builds ~100 of them per unit and a frozen dataclass costs ~4x as much to construct.
# They are immutable all the same, and the engine shares equal ones between units.

#: The typed inputs of a stage that has none; shared, never mutated.
NO_VALUES: dict[str, Any] = {}


class StageScore(NamedTuple):
    """One criterion in one stage: points, the reason, and the typed inputs behind them."""

    points: Decimal
    explanation: str
    applicable: bool = True
    values: dict[str, Any] = NO_VALUES
    valid: bool = True


class CriterionResult(NamedTuple):
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


class NodeTotal(NamedTuple):
    """A group's (or criterion's) subtotal against its applicable maximum, per stage."""

    id: str
    name: str
    depth: int
    is_group: bool
    max: Decimal
    self_points: Decimal
    final_points: Decimal


class PoolLine(NamedTuple):
    """A bonus or deduction item: counts per stage and the points they give before the pool cap."""

    id: str
    name: str
    pool: str
    points_each: Decimal
    self_count: int
    appraisal_count: int | None
    final_count: int
    #: The appraiser's reason ("Ý kiến thẩm định") for the appraisal count, when given.
    appraisal_note: str | None = None
    #: The counts as entered (self, appraisal, final) when one was above the item's
    #: ``max_count`` under ``when_above_max_count: "cap"``: the counts above are the limit.
    entered: tuple[int, int | None, int] | None = None
    #: That ``max_count`` (None: no count was capped).
    limit: int | None = None

    @property
    def final_points(self) -> Decimal:
        return self.points_each * self.final_count


class Totals(NamedTuple):
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
    #: (text, points) lines that add up to ``total``: see :mod:`scoring.engine.explain`.
    lines: tuple[tuple[str, Decimal], ...] = ()


@dataclass(frozen=True, slots=True)
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
        # Built field by field (no vars(), no recursive walk): it runs for every unit of a round.
        return {
            "ruleset": {"id": self.ruleset_id, "version": self.ruleset_version},
            "unit": {"code": self.unit_code, "name": self.unit_name, "unit_type": self.unit_type,
                     "unit_type_name": self.unit_type_name, "block": self.block_id,
                     "block_name": self.block_name},
            "year": self.year,
            "source": self.source,
            "appraised": self.appraised,
            "self": _totals_dict(self.self_totals),
            "final": _totals_dict(self.final),
            "nodes": [_node_dict(n) for n in self.nodes],
            "criteria": [_criterion_dict(c) for c in self.criteria],
            "pool": [_pool_dict(p) for p in self.pool],
            "findings": [_jsonable(f.to_dict()) for f in self.findings],
        }


_NUMBERS: dict[Decimal, int | float] = {}


def _num(value: Decimal | None) -> int | float | None:
    """:func:`to_json_number`, memoised: a round repeats the same few hundred point values.

    The JSON number depends only on the decimal's value (3, 3.0 and 3.00 all give 3), so equal
    decimals may share one entry.
    """
    if value is None:
        return None
    try:
        return _NUMBERS[value]
    except KeyError:
        if len(_NUMBERS) > 200_000:
            _NUMBERS.clear()
        number = _NUMBERS[value] = to_json_number(value)
        return number
    except TypeError:  # a signalling NaN cannot be hashed; never produced by scoring
        return to_json_number(value)


def _totals_dict(t: Totals) -> dict[str, Any]:
    return {"base": _num(t.base), "bonus": _num(t.bonus), "deductions": _num(t.deductions),
            "total": _num(t.total), "applicable_max": _num(t.applicable_max), "percent": _num(t.percent),
            "band_id": t.band_id, "band_label": t.band_label, "classified": t.classified,
            "band_before_gates": t.band_before_gates, "gate_reasons": list(t.gate_reasons),
            "explanation": [{"text": text, "points": _num(points)} for text, points in t.lines]}


def _node_dict(n: NodeTotal) -> dict[str, Any]:
    return {"id": n.id, "name": n.name, "depth": n.depth, "is_group": n.is_group, "max": _num(n.max),
            "self_points": _num(n.self_points), "final_points": _num(n.final_points)}


def _pool_dict(p: PoolLine) -> dict[str, Any]:
    return {"id": p.id, "name": p.name, "pool": p.pool, "points_each": _num(p.points_each),
            "self_count": p.self_count, "appraisal_count": p.appraisal_count, "final_count": p.final_count,
            "appraisal_note": p.appraisal_note,
            "entered": None if p.entered is None else list(p.entered), "limit": p.limit,
            "final_points": _num(p.final_points)}


def _stage_dict(s: StageScore | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {"points": _num(s.points), "explanation": s.explanation, "applicable": s.applicable,
            "valid": s.valid}


def _criterion_dict(c: CriterionResult) -> dict[str, Any]:
    own, appraisal = c.self, c.appraisal
    diff = None if own is None or appraisal is None else appraisal.points - own.points
    return {"id": c.id, "name": c.name, "max": _num(c.max), "applies": c.applies, "self": _stage_dict(own),
            "appraisal": _stage_dict(appraisal), "final_stage": c.final_stage, "diff": _num(diff),
            "evidence": c.evidence, "note": c.note, "appraisal_note": c.appraisal_note}


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return to_json_number(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value
