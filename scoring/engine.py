"""``score(ruleset, submission) -> Result``: a pure function, exact decimal arithmetic throughout.

Both stages are scored from their own inputs.  The final stage takes, per criterion, the stage the
ruleset's ``final_stage`` policy picks (the appraisal wherever one is given, by default); totals,
percent of the applicable maximum, the band and the gates are then computed for self and final.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any, Callable

from scoring.classify import Facts, classify
from scoring.decimals import HUNDRED, ZERO, quantum
from scoring.findings import Finding, Location, make
from scoring.identity_cache import per_object
from scoring.inputs import STAGE_VI, is_blank, type_value, type_values
from scoring.methods import Context, InputField, Problem
from scoring.result import CriterionResult, NodeTotal, PoolLine, Result, StageScore, Totals
from scoring.ruleset.index import NodeInfo, RulesetIndex, index_of
from scoring.ruleset.models import Ruleset
from scoring.submission import Answer, Submission


def rounder(ruleset: Ruleset, places: int) -> Callable[[Decimal], Decimal]:
    """Round to ``places`` decimals with the ruleset's declared mode (half-up, as Excel)."""
    mode = ROUND_HALF_UP if ruleset.rounding.mode == "half_up" else ROUND_DOWN
    q = quantum(places)
    return lambda value: value.quantize(q, rounding=mode)


@per_object
def _criterion_rounder(index: RulesetIndex) -> Callable[[Decimal], Decimal]:
    return rounder(index.ruleset, index.ruleset.rounding.criterion_places)


@dataclass
class _Scoring:
    """The state of scoring one submission: inputs, collected findings, per-stage typed values."""

    index: RulesetIndex
    submission: Submission
    source: str | None
    findings: list[Finding]
    unit_type: str = ""

    def __post_init__(self) -> None:
        self.unit_type = self.submission.unit.unit_type

    def where(self, node_id: str) -> Location:
        return Location(file=self.source, criterion_id=node_id)

    def report(self, problems: list[Problem], node_id: str, stage: str, labels: dict[str, str]) -> None:
        for p in problems:
            where = Location(file=self.source, criterion_id=node_id, stage=stage, field=p.field)
            self.findings.append(make(p.code, where, field=labels.get(p.field, p.field),
                                      stage=STAGE_VI[stage], **p.params))


def score(ruleset: Ruleset, submission: Submission, source: str | None = None) -> Result:
    """Score ``submission`` against ``ruleset``; every problem is a finding in the result."""
    index = index_of(ruleset)
    run = _Scoring(index, submission, source, [])
    header = _header(run)
    if not _check_identity(run):
        return Result(**header, findings=tuple(run.findings))
    _check_unknown_answers(run)
    criteria = tuple(_score_leaf(run, info) for info in index.leaves)
    pool = tuple(_pool_line(run, info) for info in index.pool_items if info.applies_to and run.unit_type in info.applies_to)
    facts = {f.fact.id: _fact_values(run, f) for f in index.facts if run.unit_type in f.applies_to}
    by_id = {c.id: c for c in criteria}
    self_nodes, self_totals = _totals(run, by_id, pool, facts, "self")
    final_nodes, final_totals = _totals(run, by_id, pool, facts, "final")
    nodes = tuple(
        NodeTotal(info.id, info.node.name, info.depth, not info.is_leaf, final_nodes[info.id][1],
                  self_nodes[info.id][0], final_nodes[info.id][0])
        for info in index.nodes if info.applies(run.unit_type)
    )
    appraised = any(c.appraisal is not None for c in criteria) or any(
        p.appraisal_count is not None for p in pool)
    return Result(**header, criteria=criteria, nodes=nodes, pool=pool, self_totals=self_totals,
                  final=final_totals, appraised=appraised, findings=tuple(run.findings))


def _header(run: _Scoring) -> dict[str, Any]:
    rs, unit = run.index.ruleset, run.submission.unit
    type_name = next((u.name for u in rs.unit_types if u.id == unit.unit_type), unit.unit_type)
    block = next((b for b in rs.blocks if unit.unit_type in b.unit_types), None)
    return dict(ruleset_id=rs.id, ruleset_version=rs.version, unit_code=unit.code, unit_name=unit.name,
                unit_type=unit.unit_type, unit_type_name=type_name,
                block_id=block.id if block else None, block_name=block.name if block else None,
                year=run.submission.year, source=run.source)


def _check_identity(run: _Scoring) -> bool:
    rs, sub = run.index.ruleset, run.submission
    where = Location(file=run.source, json_path="$.ruleset")
    if (sub.ruleset.id, sub.ruleset.version) != (rs.id, rs.version):
        run.findings.append(make("ruleset-mismatch", where, got=f"{sub.ruleset.id} {sub.ruleset.version}",
                                 expected=f"{rs.id} {rs.version}"))
    if sub.ruleset.fingerprint and sub.ruleset.fingerprint != run.index.fingerprint:
        run.findings.append(make("ruleset-fingerprint-mismatch", where, got=sub.ruleset.fingerprint,
                                 expected=run.index.fingerprint, key=f"{rs.id} {rs.version}"))
    period = rs.effective
    if sub.year < period.start.year or (period.end is not None and sub.year > period.end.year):
        end = f"{period.end:%d/%m/%Y}" if period.end else "nay"
        run.findings.append(make("year-outside-effective", Location(file=run.source, json_path="$.year"),
                                 year=sub.year, start=f"{period.start:%d/%m/%Y}", end=end))
    known = [u.id for u in rs.unit_types]
    if sub.unit.unit_type not in known:
        run.findings.append(make("unit-type-not-declared", Location(file=run.source, json_path="$.unit.unit_type"),
                                 unit_type=sub.unit.unit_type, known=", ".join(known)))
    return not any(f.is_error for f in run.findings)


def _check_unknown_answers(run: _Scoring) -> None:
    known = run.index.input_ids()
    for answer_id in run.submission.answers:
        if answer_id not in known:
            run.findings.append(make("answer-unknown-criterion", run.where(answer_id), id=answer_id,
                                     ruleset=run.index.ruleset.key))
    others = [(p.item.id, p.applies_to) for p in run.index.pool_items]
    others += [(f.fact.id, f.applies_to) for f in run.index.facts]
    for item_id, applies_to in others:  # pool items and facts that do not apply: ignored, said so
        answer = run.submission.answer(item_id)
        if run.unit_type not in applies_to and answer and not (
                is_blank(answer.self_value) and is_blank(answer.appraisal)):
            run.findings.append(make("answer-not-applicable", run.where(item_id), unit_type=run.unit_type))


def _given(answer: Answer | None, stage: str) -> Any:
    if answer is None:
        return None
    return answer.self_value if stage == "self" else answer.appraisal


def _score_leaf(run: _Scoring, info: NodeInfo) -> CriterionResult:
    crit, answer = info.node, run.submission.answer(info.id)
    notes = dict(evidence=answer.evidence, note=answer.note, appraisal_note=answer.appraisal_note) if answer else {}
    base = dict(id=info.id, name=crit.name, max=crit.max, parent=info.parent, **notes)
    if not info.applies(run.unit_type):
        if answer and not (is_blank(answer.self_value) and is_blank(answer.appraisal)):
            run.findings.append(make("answer-not-applicable", run.where(info.id), unit_type=run.unit_type))
        return CriterionResult(**base, applies=False)
    self_score = _score_stage(run, info, "self")
    appraisal = None if is_blank(_given(answer, "appraisal")) else _score_stage(run, info, "appraisal")
    return CriterionResult(**base, applies=True, self=self_score, appraisal=appraisal,
                           final_stage=_final_stage(run.index.ruleset, self_score, appraisal))


def _final_stage(ruleset: Ruleset, self_score: StageScore, appraisal: StageScore | None) -> str:
    if appraisal is None or ruleset.final_stage == "self":
        return "self"
    if ruleset.final_stage == "lower" and self_score.points < appraisal.points:
        return "self"
    return "appraisal"


def _score_stage(run: _Scoring, info: NodeInfo, stage: str) -> StageScore:
    crit = info.node
    raw = _given(run.submission.answer(info.id), stage)
    if crit.method.appraiser_only and stage == "self":
        if not is_blank(raw):
            where = Location(file=run.source, criterion_id=info.id, stage="self", field="points")
            run.findings.append(make("appraiser-only-self-ignored", where, value=raw))
        return StageScore(ZERO, "Do cấp thẩm định chấm; không tính vào điểm tự chấm", applicable=False)
    values, problems = type_values(raw, info.fields)
    if not problems:
        problems = crit.method.check(values, crit.max)
    if problems:
        run.report(problems, info.id, stage, run.index.leaf_labels[info.id])
        return StageScore(ZERO, "Không chấm được: dữ liệu nhập chưa hợp lệ", values=values, valid=False)
    ctx = Context(crit.max, _criterion_rounder(run.index))
    scored = crit.method.score(values, ctx)
    return StageScore(ctx.round(scored.points), scored.explanation, scored.applicable, values)


def _count(run: _Scoring, node_id: str, label: str, raw: Any, stage: str, limit: int | None,
           kind: str = "integer") -> Any:
    value, problem = type_value(InputField("count", label, kind, required=False,
                                           default=0 if kind == "integer" else False), raw)
    if problem is None and limit is not None and value > limit:
        problem = Problem("count-above-limit", "count", {"value": value, "limit": limit})
    if problem:
        run.report([problem], node_id, stage, {"count": label})
        return 0 if kind == "integer" else False
    return value


def _pool_line(run: _Scoring, info: Any) -> PoolLine:
    item, answer = info.item, run.submission.answer(info.item.id)
    label = f"Số lần «{item.name}»"
    self_count = _count(run, item.id, label, _given(answer, "self"), "self", item.max_count)
    raw = _given(answer, "appraisal")
    appraisal = None if is_blank(raw) else _count(run, item.id, label, raw, "appraisal", item.max_count)
    final = self_count if appraisal is None or run.index.ruleset.final_stage == "self" else appraisal
    if run.index.ruleset.final_stage == "lower" and appraisal is not None:
        better = min if info.pool == "bonus" else max
        final = better(self_count, appraisal)
    return PoolLine(item.id, item.name, info.pool, item.points_each, self_count, appraisal, final)


def _fact_values(run: _Scoring, info: Any) -> dict[str, Any]:
    fact, answer = info.fact, run.submission.answer(info.fact.id)
    values = {"self": _count(run, fact.id, fact.name, _given(answer, "self"), "self", None, fact.kind)}
    raw = _given(answer, "appraisal")
    appraised = None if is_blank(raw) else _count(run, fact.id, fact.name, raw, "appraisal", None, fact.kind)
    # Under final_stage "self" the appraisal is informative only, for facts as for criteria.
    use_self = appraised is None or run.index.ruleset.final_stage == "self"
    values["final"] = values["self"] if use_self else appraised
    return values


def _totals(run: _Scoring, criteria: dict[str, CriterionResult], pool: tuple[PoolLine, ...],
            facts: dict[str, dict[str, Any]], stage: str) -> tuple[dict[str, tuple[Decimal, Decimal]], Totals]:
    rs = run.index.ruleset
    pick = (lambda c: c.self) if stage == "self" else (lambda c: c.final)
    nodes: dict[str, tuple[Decimal, Decimal]] = {}

    def walk(info: NodeInfo) -> tuple[Decimal, Decimal]:
        if info.is_leaf:
            crit = criteria[info.id]
            scored = pick(crit) if crit.applies else None
            result = (scored.points, info.node.max) if scored and scored.applicable else (ZERO, ZERO)
        else:
            parts = [walk(child) for child in run.index.applicable_children(info.id, run.unit_type)]
            points = sum((p for p, _ in parts), ZERO)
            limit = sum((m for _, m in parts), ZERO)
            if info.node.cap_at_max:
                points, limit = min(points, info.node.max), min(limit, info.node.max)
            result = (points, limit)
        nodes[info.id] = result
        return result

    tops = [walk(info) for info in run.index.applicable_children(None, run.unit_type)]
    base = sum((p for p, _ in tops), ZERO)
    applicable_max = sum((m for _, m in tops), ZERO)
    counts = (lambda p: p.self_count) if stage == "self" else (lambda p: p.final_count)
    bonus = _pool_total(rs.bonus, [p for p in pool if p.pool == "bonus"], counts)
    deductions = _pool_total(rs.deductions, [p for p in pool if p.pool == "deductions"], counts)
    total = max(ZERO, base + bonus - deductions)
    if not rs.total_may_exceed_scale:
        total = min(total, applicable_max)
    total = rounder(rs, rs.rounding.total_places)(total)
    percent = total * HUNDRED / applicable_max if applicable_max else ZERO
    percent = rounder(rs, rs.rounding.percent_places)(percent)
    inputs: dict[str, Any] = {c.id: pick(c).values for c in criteria.values() if c.applies and pick(c)}
    inputs.update({p.id: counts(p) for p in pool})
    inputs.update({key: v["self" if stage == "self" else "final"] for key, v in facts.items()})
    value = percent if rs.classification.basis == "percent" else total
    verdict = classify(run.index, value, Facts(inputs, {k: v[0] for k, v in nodes.items()}))
    label = verdict.band.label if verdict.band else rs.classification.not_classified_label
    return nodes, Totals(base, bonus, deductions, total, applicable_max, percent,
                         verdict.band.id if verdict.band else None, label, verdict.classified,
                         verdict.band_before_gates.id, verdict.reasons)


def _pool_total(pool: Any, lines: list[PoolLine], counts: Callable[[PoolLine], int]) -> Decimal:
    if pool is None:
        return ZERO
    return min(pool.cap, sum((line.points_each * counts(line) for line in lines), ZERO))
