"""Totals of one stage: node subtotals bottom-up, bonus and deductions, the percent and the class.

The tree walk is compiled once per (ruleset, unit type) into a flat post-order plan
(:class:`TotalsPlan`), so scoring a unit is a loop over lists.  The gates only ever read the
inputs and node points their conditions name, so only those are collected per unit.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any, Callable, Iterator, Sequence

from scoring.core.decimals import HUNDRED, ZERO, quantum
from scoring.core.identity_cache import per_object
from scoring.engine.classify import Classified, Facts, classify
from scoring.engine.explain import Steps, total_lines
from scoring.engine.inputs import input_key
from scoring.engine.result import CriterionResult, NodeTotal, PoolLine, Totals
from scoring.rules.index import RulesetIndex
from scoring.rules.models import (
    AllCondition,
    AnyCondition,
    Condition,
    InputCondition,
    PointsCondition,
    Ruleset,
)

_NOTHING = (ZERO, ZERO)
_tuple_new = tuple.__new__  # builds a NamedTuple without its Python-level __new__ (hot loop)


def rounder(ruleset: Ruleset, places: int) -> Callable[[Decimal], Decimal]:
    """Round to ``places`` decimals with the ruleset's declared mode (half-up, as Excel)."""
    mode = ROUND_HALF_UP if ruleset.rounding.mode == "half_up" else ROUND_DOWN
    q = quantum(places)
    return lambda value: value.quantize(q, rounding=mode)


class TotalsPlan:
    """The applicable nodes of one unit type in post-order, with what summing them needs.

    ``steps[slot]`` is ``(leaf position or -1, child slots, node max, cap_at_max)``; a leaf
    position indexes the engine's tuple of criterion results (``index.leaves`` order).
    """

    def __init__(self, index: RulesetIndex, unit_type: str):
        rs = index.ruleset
        self.steps: list[tuple[int, tuple[int, ...], Decimal, bool]] = []
        self.slot_of: dict[str, int] = {}
        self.id_of: list[str] = []  # slot → node id (for explanation lines)
        leaf_pos = {id(info): pos for pos, info in enumerate(index.leaves)}
        self.leaf_of: dict[str, int] = {info.id: pos for pos, info in enumerate(index.leaves)
                                        if info.applies(unit_type)}

        def visit(info: Any) -> int:
            if info.is_leaf:
                step = (leaf_pos[id(info)], (), info.node.max, False)
            else:
                children = tuple(visit(c) for c in index.applicable_children(info.id, unit_type))
                step = (-1, children, info.node.max_for(unit_type), info.node.cap_at_max)
            self.steps.append(step)
            self.id_of.append(info.id)
            self.slot_of[info.id] = len(self.steps) - 1
            return len(self.steps) - 1

        self.tops = tuple(visit(info) for info in index.applicable_children(None, unit_type))
        self.shown = tuple((info.id, info.node.name, info.depth, not info.is_leaf, self.slot_of[info.id])
                           for info in index.nodes if info.applies(unit_type))
        inputs, points = _gate_references(rs)
        self.gate_inputs, self.gate_points = tuple(inputs), tuple(points)
        self.round_total = rounder(rs, rs.rounding.total_places)
        self.total_places = rs.rounding.total_places
        self.round_percent = rounder(rs, rs.rounding.percent_places)
        # What classifies on the percent basis, when it is not the printed (rounded) percent.
        places = rs.classification.percent_places
        self.decide_percent: Callable[[Decimal], Decimal] | None = (
            None if places is None else (lambda value: value) if places == "exact" else rounder(rs, places))


@per_object
def _plans(index: RulesetIndex) -> dict[str, TotalsPlan]:
    return {}


def plan_for(index: RulesetIndex, unit_type: str) -> TotalsPlan:
    """The (cached) plan of ``unit_type``."""
    plans = _plans(index)
    plan = plans.get(unit_type)
    if plan is None:
        plan = plans[unit_type] = TotalsPlan(index, unit_type)
    return plan


#: Per stage, the groups whose cap changed their points: (slot, children's sum before the cap).
Capped = list[tuple[int, Decimal]]


def node_points(plan: TotalsPlan, criteria: Sequence[CriterionResult]
                ) -> tuple[list[tuple[Decimal, Decimal]], list[tuple[Decimal, Decimal]], Capped, Capped]:
    """(points, applicable max) of every plan slot, for the self stage and for the final stage,
    and per stage the groups that their cap lowered."""
    own: list[tuple[Decimal, Decimal]] = []
    final: list[tuple[Decimal, Decimal]] = []
    own_capped: Capped = []
    final_capped: Capped = []
    for leaf, children, node_max, cap in plan.steps:
        if leaf >= 0:
            crit = criteria[leaf]
            scored = crit.self
            own.append((scored.points, node_max) if scored is not None and scored.applicable else _NOTHING)
            if crit.final_stage == "appraisal":
                scored = crit.appraisal
            final.append((scored.points, node_max) if scored is not None and scored.applicable else _NOTHING)
            continue
        for out, capped in ((own, own_capped), (final, final_capped)):
            points = limit = ZERO
            for slot in children:
                p, m = out[slot]
                points += p
                limit += m
            if cap:
                if points > node_max:
                    capped.append((len(out), points))
                    points = node_max
                limit = min(limit, node_max)
            out.append((points, limit))
    return own, final, own_capped, final_capped


def node_totals(plan: TotalsPlan, own: list[tuple[Decimal, Decimal]],
                final: list[tuple[Decimal, Decimal]]) -> tuple[NodeTotal, ...]:
    """Every applicable node in tree order with its self and final points."""
    return tuple([_tuple_new(NodeTotal, (node_id, name, depth, is_group, final[slot][1], own[slot][0],
                                         final[slot][0]))
                  for node_id, name, depth, is_group, slot in plan.shown])


def stage_totals(index: RulesetIndex, plan: TotalsPlan, nodes: list[tuple[Decimal, Decimal]],
                 criteria: Sequence[CriterionResult], pool: tuple[PoolLine, ...],
                 facts: dict[str, dict[str, Any]], final: bool, capped: Capped = ()) -> Totals:
    """Base, bonus, deductions, total, percent, the class of one stage and the lines explaining
    the total (``capped``: the groups :func:`node_points` capped in this stage)."""
    rs = index.ruleset
    base = applicable_max = ZERO
    for slot in plan.tops:
        p, m = nodes[slot]
        base += p
        applicable_max += m
    bonus_raw = _pool_total(rs.bonus, pool, "bonus", final)
    deductions_raw = _pool_total(rs.deductions, pool, "deductions", final)
    bonus = min(rs.bonus.cap, bonus_raw) if rs.bonus else ZERO
    deductions = min(rs.deductions.cap, deductions_raw) if rs.deductions else ZERO
    before_floor = base + bonus - deductions
    total = max(ZERO, before_floor)
    if not rs.total_may_exceed_scale:
        total = min(total, applicable_max)
    unrounded = total
    total = plan.round_total(total)
    lines = total_lines(Steps(
        base, tuple((plan.id_of[slot], raw, plan.steps[slot][2]) for slot, raw in capped),
        rs.bonus.label if rs.bonus else None, bonus_raw, rs.bonus.cap if rs.bonus else ZERO,
        rs.deductions.label if rs.deductions else None, deductions_raw,
        rs.deductions.cap if rs.deductions else ZERO, before_floor, applicable_max, unrounded, total,
        plan.total_places, _capped_items(pool, final)))
    exact = exact_percent(total, applicable_max)
    percent = plan.round_percent(exact)
    value = total
    if rs.classification.basis == "percent":
        value = percent if plan.decide_percent is None else plan.decide_percent(exact)
    gate_facts = Facts(_gate_inputs(plan, criteria, pool, facts, final),
                       {key: nodes[plan.slot_of[key]][0] for key in plan.gate_points if key in plan.slot_of})
    verdict = _classified(index, value, gate_facts)
    label = verdict.band.label if verdict.band else rs.classification.not_classified_label
    return Totals(base, bonus, deductions, total, applicable_max, percent,
                  verdict.band.id if verdict.band else None, label, verdict.classified,
                  verdict.band_before_gates.id, verdict.reasons, lines)


def exact_percent(total: Decimal, applicable_max: Decimal) -> Decimal:
    """The total as a percent of the applicable maximum, before any rounding (0 without a maximum)."""
    return total * HUNDRED / applicable_max if applicable_max else ZERO


#: Verdicts kept per ruleset before the memo starts afresh.
VERDICT_MEMO_MAX = 50_000


@per_object
def _verdicts(index: RulesetIndex) -> dict[tuple, Classified]:
    return {}


def _classified(index: RulesetIndex, value: Decimal, facts: Facts) -> Classified:
    """:func:`~scoring.engine.classify.classify`, memoised: a verdict depends only on the value and on
    what the gates test, and a round repeats few of those.  Numbers compare by value (90 and
    90.0 classify alike); inputs keep their type (``True`` is not ``1``)."""
    if not index.ruleset.classification.gates:
        return classify(index, value, facts)
    memo = _verdicts(index)
    try:
        key = (value, tuple((k, input_key(v)) for k, v in facts.inputs.items()), tuple(facts.points.items()))
        hit = memo.get(key)
    except TypeError:  # an unhashable input: classified uncached
        return classify(index, value, facts)
    if hit is None:
        if len(memo) >= VERDICT_MEMO_MAX:
            memo.clear()
        hit = memo[key] = classify(index, value, facts)
    return hit


def _gate_inputs(plan: TotalsPlan, criteria: Sequence[CriterionResult], pool: tuple[PoolLine, ...],
                 facts: dict[str, dict[str, Any]], final: bool) -> dict[str, Any]:
    """The typed inputs the gates name: a fact's value, else a pool item's count, else a criterion's."""
    if not plan.gate_inputs:
        return {}
    counts = {p.id: p.final_count if final else p.self_count for p in pool}
    inputs: dict[str, Any] = {}
    for key in plan.gate_inputs:
        if key in facts:
            inputs[key] = facts[key]["final" if final else "self"]
        elif key in counts:
            inputs[key] = counts[key]
        elif key in plan.leaf_of:
            crit = criteria[plan.leaf_of[key]]
            scored = crit.final if final else crit.self
            if crit.applies and scored:
                inputs[key] = scored.values
    return inputs


def _capped_items(pool: tuple[PoolLine, ...], final: bool) -> tuple[tuple[str, str, int, int, Decimal], ...]:
    """The items of this stage counted at their ``max_count``, for the explanation lines."""
    out = []
    for line in pool:
        if line.limit is not None and line.entered is not None:
            entered = line.entered[2] if final else line.entered[0]
            if entered > line.limit:
                out.append((line.name, line.pool, entered, line.limit, line.points_each))
    return tuple(out)


def _pool_total(pool: Any, lines: tuple[PoolLine, ...], name: str, final: bool) -> Decimal:
    """The pool's points before its cap."""
    if pool is None:
        return ZERO
    points = ZERO
    for line in lines:
        if line.pool == name:
            points += line.points_each * (line.final_count if final else line.self_count)
    return points


def _gate_references(rs: Ruleset) -> tuple[list[str], list[str]]:
    """The input ids and node ids the gates' conditions test, each once, in order."""
    inputs: dict[str, None] = {}
    points: dict[str, None] = {}
    for gate in rs.classification.gates:
        for cond in _conditions(gate.when):
            if isinstance(cond, PointsCondition):
                points[cond.points] = None
            elif isinstance(cond, InputCondition):
                inputs[cond.input] = None
    return list(inputs), list(points)


def _conditions(cond: Condition) -> Iterator[Condition]:
    if isinstance(cond, AllCondition):
        for part in cond.all:
            yield from _conditions(part)
    elif isinstance(cond, AnyCondition):
        for part in cond.any:
            yield from _conditions(part)
    else:
        yield cond
