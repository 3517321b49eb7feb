"""``score(ruleset, submission) -> Result``: a pure function, exact decimal arithmetic throughout.

Both stages are scored from their own inputs.  The final stage takes, per criterion, the stage the
ruleset's ``final_stage`` policy picks (the appraisal wherever one is given, by default); totals,
percent of the applicable maximum, the band and the gates are then computed for self and final.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable

from scoring.core.decimals import ZERO, fmt
from scoring.core.findings import Finding, Location, make
from scoring.core.identity_cache import per_object
from scoring.engine.inputs import STAGE_VI, input_key, is_blank, type_value, type_values
from scoring.engine.result import CriterionResult, PoolLine, Result, StageScore
from scoring.engine.submission import Answer, Submission
from scoring.engine.totals import (
    node_points,
    node_totals,
    plan_for,
    rounder,
    stage_totals,
)
from scoring.rules.index import NodeInfo, RulesetIndex, index_of
from scoring.rules.methods import Context, InputField, Problem
from scoring.rules.methods.appraiser_only import SELF_TEXT
from scoring.rules.models import Ruleset
from scoring.rules.notapplicable import (
    OVERRULED,
    REASON_FIELD,
    appraisal_explanation,
    is_na_text,
    self_explanation,
)

#: A problem to report as a finding once its file is known: ``(code, stage, field, params)``.
_Recipe = tuple[str, "str | None", "str | None", "dict[str, Any]"]
#: A scored applicable leaf: (self score, appraisal score, the final stage), problems to report.
_Leaf = tuple[tuple[StageScore, "StageScore | None", str], tuple[_Recipe, ...]]

#: Entries kept per ruleset before a memo starts afresh (bounds memory on huge rounds).
MEMO_MAX = 100_000


@per_object
def _criterion_rounder(index: RulesetIndex) -> Callable[[Decimal], Decimal]:
    return rounder(index.ruleset, index.ruleset.rounding.criterion_places)


@per_object
def _leaf_memo(index: RulesetIndex) -> dict[tuple, Any]:
    """Scored leaves, pool lines and facts by (position, raw self input, raw appraisal): scoring
    is pure, and the units of a round enter the same few values, so most are scored once."""
    return {}


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

    def emit(self, node_id: str, recipes: tuple[_Recipe, ...]) -> None:
        for code, stage, field, params in recipes:
            where = Location(file=self.source, criterion_id=node_id, stage=stage, field=field)
            self.findings.append(make(code, where, **params))


def score(ruleset: Ruleset, submission: Submission, source: str | None = None) -> Result:
    """Score ``submission`` against ``ruleset``; every problem is a finding in the result."""
    index = index_of(ruleset)
    run = _Scoring(index, submission, source, [])
    header = _header(run)
    if not _check_identity(run):
        return Result(**header, findings=tuple(run.findings))
    _check_unknown_answers(run)
    memo = _leaf_memo(index)
    criteria = _score_leaves(run, memo)
    pool = tuple(_pool_line(run, pos, info, memo) for pos, info in enumerate(index.pool_items)
                 if info.applies_to and run.unit_type in info.applies_to)
    appraised = any(c.appraisal is not None for c in criteria) or any(
        p.appraisal_count is not None for p in pool)
    if _blank_counting(index):
        criteria = _blank_at_zero(index, criteria, appraised)
    facts = {f.fact.id: _fact_values(run, pos, f, memo) for pos, f in enumerate(index.facts)
             if run.unit_type in f.applies_to}
    plan = plan_for(index, run.unit_type)
    own, final, own_capped, final_capped = node_points(plan, criteria)
    self_totals = stage_totals(index, plan, own, criteria, pool, facts, final=False, capped=own_capped)
    final_totals = stage_totals(index, plan, final, criteria, pool, facts, final=True, capped=final_capped)
    return Result(**header, criteria=criteria, nodes=node_totals(plan, own, final), pool=pool,
                  self_totals=self_totals, final=final_totals, appraised=appraised, findings=tuple(run.findings))


def _header(run: _Scoring) -> dict[str, Any]:
    rs, unit = run.index.ruleset, run.submission.unit
    type_name, block_id, block_name = _unit_type_names(run.index, unit.unit_type)
    return dict(ruleset_id=rs.id, ruleset_version=rs.version, unit_code=unit.code, unit_name=unit.name,
                unit_type=unit.unit_type, unit_type_name=type_name, block_id=block_id, block_name=block_name,
                year=run.submission.year, source=run.source)


@per_object
def _type_names(index: RulesetIndex) -> dict[str, tuple[str, str | None, str | None]]:
    return {}


def _unit_type_names(index: RulesetIndex, unit_type: str) -> tuple[str, str | None, str | None]:
    """(unit type name, block id, block name) of ``unit_type``, looked up once per ruleset."""
    names = _type_names(index)
    hit = names.get(unit_type)
    if hit is None:
        rs = index.ruleset
        type_name = next((u.name for u in rs.unit_types if u.id == unit_type), unit_type)
        block = next((b for b in rs.blocks if unit_type in b.unit_types), None)
        hit = names[unit_type] = (type_name, block.id if block else None, block.name if block else None)
    return hit


def _check_identity(run: _Scoring) -> bool:
    rs, sub = run.index.ruleset, run.submission
    if (sub.ruleset.id, sub.ruleset.version) != (rs.id, rs.version):
        run.findings.append(make("ruleset-mismatch", Location(file=run.source, json_path="$.ruleset"),
                                 got=f"{sub.ruleset.id} {sub.ruleset.version}", expected=f"{rs.id} {rs.version}"))
    if sub.ruleset.fingerprint and sub.ruleset.fingerprint != run.index.fingerprint:
        where = Location(file=run.source, json_path="$.ruleset")
        run.findings.append(make("ruleset-fingerprint-mismatch", where, got=sub.ruleset.fingerprint,
                                 expected=run.index.fingerprint, key=f"{rs.id} {rs.version}"))
    period = rs.effective
    if sub.year < period.start.year or (period.end is not None and sub.year > period.end.year):
        end = f"{period.end:%d/%m/%Y}" if period.end else "nay"
        run.findings.append(make("year-outside-effective", Location(file=run.source, json_path="$.year"),
                                 year=sub.year, start=f"{period.start:%d/%m/%Y}", end=end))
    if sub.unit.unit_type not in run.index.unit_type_ids:
        known = [u.id for u in rs.unit_types]
        run.findings.append(make("unit-type-not-declared", Location(file=run.source, json_path="$.unit.unit_type"),
                                 unit_type=sub.unit.unit_type, known=", ".join(known)))
    return not any(f.is_error for f in run.findings)


def _check_unknown_answers(run: _Scoring) -> None:
    known = run.index.input_id_set
    answers = run.submission.answers
    for answer_id in answers if not known.issuperset(answers) else ():
        if answer_id not in known:
            run.findings.append(make("answer-unknown-criterion", run.where(answer_id), id=answer_id,
                                     ruleset=run.index.ruleset.key))
    for item_id, applies_to in run.index.pool_and_fact_scopes:  # not applying: ignored, said so
        answer = run.submission.answer(item_id)
        if run.unit_type not in applies_to and answer and not (
                is_blank(answer.self_value) and is_blank(answer.appraisal)):
            run.findings.append(make("answer-not-applicable", run.where(item_id), unit_type=run.unit_type))


def _given(answer: Answer | None, stage: str) -> Any:
    if answer is None:
        return None
    return answer.self_value if stage == "self" else answer.appraisal


#: Per leaf, in ``index.leaves`` order: (position, info, id, name, max, parent, applies,
#: evidence required).
_LeafRow = tuple[int, NodeInfo, str, str, Decimal, "str | None", bool, bool]
_tuple_new = tuple.__new__  # builds a NamedTuple without its Python-level __new__ (hot loop)
_NO_NOTES = (None, None, None)


@per_object
def _leaf_rows(index: RulesetIndex) -> dict[str, tuple[_LeafRow, ...]]:
    return {}


def _rows_for(index: RulesetIndex, unit_type: str) -> tuple[_LeafRow, ...]:
    """What scoring a leaf of ``unit_type`` needs, looked up once per (ruleset, unit type)."""
    rows = _leaf_rows(index)
    hit = rows.get(unit_type)
    if hit is None:
        hit = rows[unit_type] = tuple((pos, info, info.id, info.node.name, info.node.max, info.parent,
                                       info.applies(unit_type), info.node.evidence_required)
                                      for pos, info in enumerate(index.leaves))
    return hit


def _score_leaves(run: _Scoring, memo: dict[tuple, Any]) -> tuple[CriterionResult, ...]:
    """Every leaf in ``index.leaves`` order; an applicable one scored once per distinct raw input
    (see :func:`_memoised`, inlined here: this loop runs for every criterion of every unit)."""
    answers = run.submission.answers
    out = []
    for pos, info, node_id, name, node_max, parent, applies, evidence in _rows_for(run.index, run.unit_type):
        answer = answers.get(node_id)
        notes = _NO_NOTES if answer is None else (answer.evidence, answer.note, answer.appraisal_note)
        if not applies:
            if answer and not (is_blank(answer.self_value) and is_blank(answer.appraisal)):
                run.findings.append(make("answer-not-applicable", run.where(node_id), unit_type=run.unit_type))
            out.append(_tuple_new(CriterionResult, (node_id, name, node_max, parent, False, None, None, None,
                                                     *notes)))
            continue
        try:
            if answer is None:
                key: tuple | None = (pos,)
            else:
                own, appraisal = answer.self_value, answer.appraisal
                key = (pos, own if own is None or own.__class__ is str else input_key(own),
                       appraisal if appraisal is None or appraisal.__class__ is str else input_key(appraisal))
                if answer.not_applicable_reason is not None:  # it is in the explanation
                    key += (answer.not_applicable_reason,)
            hit = memo.get(key)
        except TypeError:  # an unhashable raw value: computed uncached
            key, hit = None, None
        if hit is None:
            hit = _stored(memo, key, _scored_leaf(run.index, info, answer))
        if hit[1]:
            run.emit(node_id, hit[1])
        self_score, appraisal_score, final_stage = hit[0]
        if evidence and self_score.points and (answer is None or is_blank(answer.evidence)):
            self_score, final_stage = _without_evidence(run, node_id, self_score, appraisal_score)
        out.append(_tuple_new(CriterionResult, (node_id, name, node_max, parent, True, self_score,
                                                 appraisal_score, final_stage, *notes)))
    return tuple(out)


@per_object
def _blank_counting(index: RulesetIndex) -> tuple[int, ...]:
    """Positions of the appraiser-only leaves whose blank appraisal may count 0 points (none
    under ``final_stage: "self"``, where no appraisal counts)."""
    if index.ruleset.final_stage == "self":
        return ()
    return tuple(pos for pos, info in enumerate(index.leaves) if info.node.method.appraiser_only
                 and info.node.method.when_not_appraised != "not_applicable")


def _blank_at_zero(index: RulesetIndex, criteria: tuple[CriterionResult, ...],
                   appraised: bool) -> tuple[CriterionResult, ...]:
    """The appraiser-only criteria left blank that the ruleset counts at 0 points in the final
    maximum (``when_not_appraised``; "zero_if_unit_appraised" only once the unit is appraised):
    their final stage is a 0 with the line saying why (``appraised`` stays what was entered)."""
    out = list(criteria)
    for pos in _blank_counting(index):
        crit = out[pos]
        method = index.leaves[pos].node.method
        if not crit.applies or crit.appraisal is not None or not method.counts_blank(appraised):
            continue
        own = crit.self._replace(explanation=SELF_TEXT)
        zero = StageScore(ZERO, method.blank_final_text(crit.max))
        out[pos] = crit._replace(self=own, appraisal=zero, final_stage=_final_stage(index.ruleset, own, zero))
    return tuple(out)


def _without_evidence(run: _Scoring, node_id: str, self_score: StageScore,
                      appraisal: StageScore | None) -> tuple[StageScore, str]:
    """Points claimed without a tài liệu kiểm chứng: the ruleset's declared consequence, and a
    finding at the evidence cell either way (the appraisal, where given, is the appraiser's)."""
    ruleset = run.index.ruleset
    zero = ruleset.evidence_missing == "zero_points"
    consequence = ("điểm tự chấm của tiêu chí này không được tính (0 điểm)" if zero
                   else "cấp thẩm định có thể không công nhận điểm tự chấm")
    run.findings.append(make("evidence-missing", Location(
        file=run.source, criterion_id=node_id, stage="self", field="evidence"),
        points=fmt(self_score.points), consequence=consequence))
    if zero:
        self_score = StageScore(ZERO, f"{self_score.explanation}; chưa có tài liệu kiểm chứng → 0 điểm",
                                self_score.applicable, self_score.values)
    return self_score, _final_stage(ruleset, self_score, appraisal)


def _memoised(run: _Scoring, memo: dict[tuple, Any], tag: Any, node_id: str, answer: Answer | None,
              compute: Callable[[], tuple[Any, tuple[_Recipe, ...]]]) -> Any:
    """``compute()``'s value for this answer's raw inputs, from ``memo`` when already seen; its
    problems are reported as this file's findings either way."""
    try:
        key = (tag,) if answer is None else (tag, input_key(answer.self_value), input_key(answer.appraisal))
        hit = memo.get(key)
    except TypeError:  # an unhashable raw value (a list inside an object): computed uncached
        key, hit = None, None
    if hit is None:
        hit = _stored(memo, key, compute())
    if hit[1]:
        run.emit(node_id, hit[1])
    return hit[0]


def _stored(memo: dict[tuple, Any], key: tuple | None, hit: Any) -> Any:
    """``hit``, kept in ``memo`` under ``key`` (None: an unhashable input, not kept); a full memo
    starts afresh, which bounds memory on huge rounds."""
    if key is not None:
        if len(memo) >= MEMO_MAX:
            memo.clear()
        memo[key] = hit
    return hit


def _scored_leaf(index: RulesetIndex, info: NodeInfo, answer: Answer | None) -> _Leaf:
    """Both stages of an applicable leaf (pure: the same raw inputs always give the same leaf)."""
    problems: list[_Recipe] = []
    raw_self, raw = _given(answer, "self"), _given(answer, "appraisal")
    reason = None if answer is None else answer.not_applicable_reason
    self_na = _declares_na(info, "self", raw_self)
    if self_na:
        self_score = _na_stage(info, "self", reason, False, problems)
    else:
        self_score = _score_stage(index, info, "self", raw_self, problems)
        if not is_blank(reason):  # a reason without the answer it explains: said, not scored
            problems.append(("not-applicable-reason-unused", "self", REASON_FIELD, {}))
    if is_blank(raw):
        appraisal = None
        if info.node.method.appraiser_only:  # the line says what the blank means (its policy)
            self_score = self_score._replace(explanation=info.node.method.blank_self_text())
    elif _declares_na(info, "appraisal", raw):
        appraisal = _na_stage(info, "appraisal", reason, self_na, problems)
    else:
        appraisal = _score_stage(index, info, "appraisal", raw, problems)
        if self_na and self_score.valid and appraisal.valid:
            appraisal = appraisal._replace(explanation=OVERRULED + appraisal.explanation)
    return (self_score, appraisal, _final_stage(index.ruleset, self_score, appraisal)), tuple(problems)


def _declares_na(info: NodeInfo, stage: str, raw: Any) -> bool:
    """Whether ``raw`` answers "Không áp dụng" (not a level of that name, nor an appraiser-only
    criterion's ignored self value)."""
    if not is_na_text(raw) or (stage == "self" and info.node.method.appraiser_only):
        return False
    return not any(is_na_text(label) for f in info.fields for _, label in f.choices)


def _na_stage(info: NodeInfo, stage: str, reason: str | None, unit_declared: bool,
              problems: list[_Recipe]) -> StageScore:
    """A stage answered "Không áp dụng": out of the applicable maximum where the criterion allows
    it (its reason required where declared), a located error where it does not."""
    allowance = info.node.unit_may_declare_not_applicable
    if allowance is None:
        field = info.fields[0].key if len(info.fields) == 1 else None
        problems.append(("not-applicable-not-allowed", stage, field, {"stage": STAGE_VI[stage]}))
        return StageScore(ZERO, "Không chấm được: tiêu chí không cho phép tự khai không áp dụng", valid=False)
    if stage == "appraisal":
        return StageScore(ZERO, appraisal_explanation(unit_declared), applicable=False)
    if allowance.reason_required and is_blank(reason):
        problems.append(("not-applicable-reason-missing", "self", REASON_FIELD, {}))
    return StageScore(ZERO, self_explanation(None if is_blank(reason) else reason.strip()), applicable=False)


def _final_stage(ruleset: Ruleset, self_score: StageScore, appraisal: StageScore | None) -> str:
    if appraisal is None or ruleset.final_stage == "self":
        return "self"
    # Under "lower", the lower points win; whether the criterion applies at all is the
    # appraiser's call (a "không áp dụng" it overrules is scored, one it finds is not).
    if (ruleset.final_stage == "lower" and self_score.applicable == appraisal.applicable
            and self_score.points < appraisal.points):
        return "self"
    return "appraisal"


def _score_stage(index: RulesetIndex, info: NodeInfo, stage: str, raw: Any,
                 problems: list[_Recipe]) -> StageScore:
    crit = info.node
    if crit.method.appraiser_only and stage == "self":
        if not is_blank(raw):
            problems.append(("appraiser-only-self-ignored", "self", "points", {"value": raw}))
        return StageScore(ZERO, SELF_TEXT, applicable=False)
    values, found = type_values(raw, info.fields)
    if not found:
        found = crit.method.check(values, crit.max)
    if found:
        labels = index.leaf_labels[info.id]
        for p in found:
            params = {"field": labels.get(p.field, p.field), "stage": STAGE_VI[stage], **p.params}
            problems.append((p.code, stage, p.field, params))
        return StageScore(ZERO, "Không chấm được: dữ liệu nhập chưa hợp lệ", values=values, valid=False)
    values = crit.method.settle(values)
    ctx = Context(crit.max, _criterion_rounder(index))
    scored = crit.method.score(values, ctx)
    return StageScore(ctx.round(scored.points), scored.explanation, scored.applicable, values)


@functools.lru_cache(maxsize=1024)
def _count_field(label: str, kind: str) -> InputField:
    return InputField("count", label, kind, required=False, default=0 if kind == "integer" else False)


def _count(label: str, raw: Any, stage: str, limit: int | None, kind: str, problems: list[_Recipe]) -> Any:
    value, problem = type_value(_count_field(label, kind), raw)
    if problem is None and limit is not None and value > limit:
        problem = Problem("count-above-limit", "count", {"value": value, "limit": limit})
    if problem:
        problems.append((problem.code, stage, problem.field,
                         {"field": label, "stage": STAGE_VI[stage], **problem.params}))
        return 0 if kind == "integer" else False
    return value


def _pool_line(run: _Scoring, pos: int, info: Any, memo: dict[tuple, Any]) -> PoolLine:
    answer = run.submission.answers.get(info.item.id)
    line = _memoised(run, memo, ("pool", pos), info.item.id, answer,
                     lambda: _scored_pool_line(run.index.ruleset, info, answer))
    # the reason is this unit's own: never part of the memoised line
    return line if answer is None or answer.appraisal_note is None else line._replace(appraisal_note=answer.appraisal_note)


def _scored_pool_line(ruleset: Ruleset, info: Any, answer: Answer | None) -> tuple[PoolLine, tuple[_Recipe, ...]]:
    item, problems = info.item, []
    label = f"Số lần «{item.name}»"
    cap = item.max_count if item.when_above_max_count == "cap" else None
    refuse = None if cap is not None else item.max_count
    self_count = _count(label, _given(answer, "self"), "self", refuse, "integer", problems)
    raw = _given(answer, "appraisal")
    appraisal = None if is_blank(raw) else _count(label, raw, "appraisal", refuse, "integer", problems)
    final = _final_count(ruleset, info.pool, self_count, appraisal)
    line = PoolLine(item.id, item.name, info.pool, item.points_each, self_count, appraisal, final)
    if cap is not None and max(self_count, appraisal or 0) > cap:
        # "tối đa tính N lần": a count above counts as N; the entered counts stay for the explanation
        line = line._replace(self_count=min(self_count, cap), final_count=min(final, cap),
                             appraisal_count=None if appraisal is None else min(appraisal, cap),
                             entered=(self_count, appraisal, final), limit=cap)
    return line, tuple(problems)


def _final_count(ruleset: Ruleset, pool: str, self_count: int, appraisal: int | None) -> int:
    """The count that counts, by ``final_stage`` (under "lower", the one worse for the unit)."""
    if appraisal is None or ruleset.final_stage == "self":
        return self_count
    if ruleset.final_stage == "lower":
        return (min if pool == "bonus" else max)(self_count, appraisal)
    return appraisal


def _fact_values(run: _Scoring, pos: int, info: Any, memo: dict[tuple, Any]) -> dict[str, Any]:
    answer = run.submission.answers.get(info.fact.id)
    return _memoised(run, memo, ("fact", pos), info.fact.id, answer,
                     lambda: _scored_fact(run.index.ruleset, info, answer))


def _scored_fact(ruleset: Ruleset, info: Any, answer: Answer | None) -> tuple[dict[str, Any], tuple[_Recipe, ...]]:
    fact, problems = info.fact, []
    values = {"self": _count(fact.name, _given(answer, "self"), "self", None, fact.kind, problems)}
    raw = _given(answer, "appraisal")
    appraised = None if is_blank(raw) else _count(fact.name, raw, "appraisal", None, fact.kind, problems)
    # Under final_stage "self" the appraisal is informative only, for facts as for criteria.
    use_self = appraised is None or ruleset.final_stage == "self"
    values["final"] = values["self"] if use_self else appraised
    return values, tuple(problems)
