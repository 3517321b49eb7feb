"""Invariants of the engine and the ruleset format, checked on generated inputs (hypothesis).

* every method's points stay within [0, max], whatever is typed;
* a monotone input never moves the points the wrong way (``Method.direction``);
* totals are the sum of their parts (groups, pools, clamp, rounding), and the explanation lines
  printed with them add up to the total;
* the JSON Schema accepts exactly the rulesets the models accept;
* no float ever reaches a result.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import os
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from casekit import ROOT, build_ruleset, submission_for
from scoring.engine.score import score
from scoring.formats.jsonio import schema_findings
from scoring.core.findings import Location
from scoring.rules.methods import REGISTRY
from scoring.rules.index import index_of
from scoring.rules.load import load_ruleset, parse_ruleset, ruleset_schema
from scoring.rules.models import Ruleset

pytestmark = pytest.mark.property
SETTINGS = settings(max_examples=int(os.environ.get("DVK_PROP_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
D = Decimal

# --- generated methods ---------------------------------------------------------------------------

steps = st.sampled_from([D("0.25"), D("0.5"), D(1)])
small = st.integers(min_value=1, max_value=40)


@st.composite
def method_and_max(draw: Any, method_type: str) -> tuple[dict[str, Any], Decimal]:
    """A lint-clean method of ``method_type`` with its criterion max."""
    if method_type in ("manual", "appraiser_only"):
        step = draw(steps)
        return {"type": method_type, "step": step}, step * draw(small)
    top = D(draw(small)) / 2
    if method_type == "binary":
        return {"type": "binary"}, top
    if method_type == "levels":
        others = draw(st.lists(st.integers(0, int(top * 2)), min_size=1, max_size=4))
        points = [top] + [D(p) / 2 for p in others]
        return {"type": "levels", "levels": [{"id": f"l{i}", "label": f"Mức {i}", "points": p}
                                             for i, p in enumerate(points)]}, top
    if method_type == "percent_bands":
        cuts = sorted(set(draw(st.lists(st.integers(1, 100), max_size=4))), reverse=True)
        pts = sorted((D(draw(st.integers(0, int(top * 2)))) / 2 for _ in cuts), reverse=True)
        bands = [{"min_percent": c, "points": min(p, top)} for c, p in zip(cuts, pts)]
        if bands:
            bands[0]["points"] = top
        bands.append({"min_percent": 0, "points": D(0) if bands else top})
        return {"type": "percent_bands", "bands": bands,
                "when_zero_denominator": draw(st.sampled_from(["not_applicable", "full_points", "zero_points"]))}, top
    if method_type == "linear_ratio":
        return {"type": "linear_ratio", "target_percent": draw(st.integers(1, 100))}, top
    if method_type == "count_deduction":
        kinds = [{"id": f"k{i}", "label": f"Loại {i}", "points_each": D(draw(st.integers(1, 8))) / 4}
                 for i in range(draw(st.integers(1, 3)))]
        return {"type": "count_deduction", "kinds": kinds}, top
    if method_type == "checklist":
        items = [D(draw(st.integers(1, 8))) / 2 for _ in range(draw(st.integers(1, 5)))]
        return {"type": "checklist", "items": [{"id": f"i{i}", "label": f"Mục {i}", "points": p}
                                               for i, p in enumerate(items)]}, min(top, sum(items))
    assert method_type == "index_mapping"
    if draw(st.booleans()):
        return {"type": "index_mapping", "index_name": "Chỉ số", "index_max": draw(st.integers(1, 200))}, top
    cuts = sorted(set(draw(st.lists(st.integers(1, 100), min_size=1, max_size=4))), reverse=True)
    bands = [{"min": c, "points": top if i == 0 else D(0)} for i, c in enumerate(cuts)]
    return {"type": "index_mapping", "index_name": "Chỉ số", "mapping": "bands", "bands": bands}, top


numbers = st.one_of(
    st.integers(-5, 300),
    st.decimals(min_value=-5, max_value=300, places=2, allow_nan=False, allow_infinity=False),
    st.floats(min_value=-5, max_value=300, allow_nan=False),
)
junk = st.one_of(st.none(), st.booleans(), st.text(max_size=4), numbers)


def raw_inputs(ruleset: Ruleset) -> st.SearchStrategy[Any]:
    """Anything a person might type for the only criterion ``c``: valid-looking or not."""
    fields = index_of(ruleset).by_id["c"].fields
    keyed = st.fixed_dictionaries({}, optional={f.key: st.one_of(junk, st.sampled_from(
        [c for c, _ in f.choices] or [0])) for f in fields})
    return st.one_of(junk, keyed, st.sampled_from([c for f in fields for c, _ in f.choices] or [None]))


def one_criterion(method: dict[str, Any], top: Decimal) -> Ruleset:
    ruleset, findings = parse_ruleset(build_ruleset({"criterion": {"max": top, "method": method}}))
    assert ruleset is not None, [str(f) for f in findings]
    return ruleset


@pytest.mark.parametrize("method_type", sorted(REGISTRY))
@SETTINGS
@given(data=st.data())
def test_points_stay_within_zero_and_max(method_type: str, data: Any) -> None:
    method, top = data.draw(method_and_max(method_type))
    ruleset = one_criterion(method, top)
    self_raw, appraisal_raw = data.draw(raw_inputs(ruleset)), data.draw(raw_inputs(ruleset))
    result = score(ruleset, submission_for(ruleset, {"c": {"self": self_raw, "appraisal": appraisal_raw}}))
    (crit,) = result.criteria
    for stage in (crit.self, crit.appraisal, crit.final):
        if stage is not None:
            assert D(0) <= stage.points <= top, (stage, method)
    assert D(0) <= result.final.total <= result.final.applicable_max


# --- monotonicity --------------------------------------------------------------------------------

def _points(ruleset: Ruleset, raw: Any) -> Decimal:
    result = score(ruleset, submission_for(ruleset, {"c": {"self": raw}}))
    assert not result.errors, [str(f) for f in result.findings]
    return result.criteria[0].self.points


@st.composite
def monotone_pair(draw: Any, method: dict[str, Any], top: Decimal) -> tuple[Any, Any]:
    """Two valid inputs, the second higher in the method's monotone input."""
    kind = method["type"]
    if kind in ("manual", "appraiser_only"):
        n = int(top / method["step"])
        a, b = sorted(draw(st.lists(st.integers(0, n), min_size=2, max_size=2)))
        return a * method["step"], b * method["step"]
    if kind == "binary":
        return False, True
    if kind in ("percent_bands", "linear_ratio"):
        den = draw(st.integers(1, 500))
        a, b = sorted(draw(st.lists(st.integers(0, den), min_size=2, max_size=2)))
        return {"numerator": a, "denominator": den}, {"numerator": b, "denominator": den}
    if kind == "index_mapping":
        limit = method.get("index_max", 100)
        a, b = sorted(draw(st.lists(st.decimals(0, limit, places=2), min_size=2, max_size=2)))
        return a, b
    if kind == "checklist":
        ids = [i["id"] for i in method["items"]]
        low = {i: draw(st.booleans()) for i in ids}
        return low, {i: v or draw(st.booleans()) for i, v in low.items()}
    assert kind == "count_deduction"
    low = {k["id"]: draw(st.integers(0, 6)) for k in method["kinds"]}
    return low, {k: v + draw(st.integers(0, 3)) for k, v in low.items()}


@pytest.mark.parametrize("method_type", sorted(t for t, cls in REGISTRY.items() if cls.direction))
@SETTINGS
@given(data=st.data())
def test_monotone_input_moves_points_one_way(method_type: str, data: Any) -> None:
    method, top = data.draw(method_and_max(method_type))
    ruleset = one_criterion(method, top)
    if REGISTRY[method_type].appraiser_only:  # the self stage is never scored: use the appraisal
        low, high = data.draw(monotone_pair(method, top))
        results = [score(ruleset, submission_for(ruleset, {"c": {"appraisal": v}})) for v in (low, high)]
        assert results[0].criteria[0].appraisal.points <= results[1].criteria[0].appraisal.points
        return
    low, high = data.draw(monotone_pair(method, top))
    before, after = _points(ruleset, low), _points(ruleset, high)
    if REGISTRY[method_type].direction == "up":
        assert before <= after, (low, high, method)
    else:
        assert before >= after, (low, high, method)


# --- totals --------------------------------------------------------------------------------------

RULESETS = {p.stem: load_ruleset(p) for p in sorted((ROOT / "criteria").glob("*.json"))
            if not p.name.endswith("schema.json")}


def _field_value(field: Any) -> st.SearchStrategy[Any]:
    if field.kind == "boolean":
        return st.booleans()
    if field.kind == "integer":
        return st.integers(0, 4)
    if field.kind == "choice":
        return st.sampled_from([c for c, _ in field.choices])
    step = field.step or D("0.01")
    upper = int((field.max if field.max is not None else D(60)) / step)
    value = st.integers(0, upper).map(lambda k: k * step)
    return st.one_of(value, value.map(float)) if field.step is None else value


def _answer(info: Any) -> st.SearchStrategy[Any]:
    values = st.fixed_dictionaries({f.key: _field_value(f) for f in info.fields})
    if len(info.fields) == 1:
        return st.one_of(values.map(lambda v: next(iter(v.values()))), values)
    return values


@st.composite
def submissions(draw: Any, ruleset: Ruleset) -> Any:
    index = index_of(ruleset)
    answers: dict[str, Any] = {}
    for info in index.leaves:
        answers[info.id] = {k: draw(_answer(info)) for k in ("self", "appraisal") if draw(st.booleans())}
    for item in index.pool_items:
        answers[item.item.id] = {"self": draw(st.integers(0, item.item.max_count or 4))}
    for fact in index.facts:
        kind = st.booleans() if fact.fact.kind == "boolean" else st.integers(0, 3)
        answers[fact.fact.id] = {"self": draw(kind)}
    unit_type = draw(st.sampled_from([u.id for u in ruleset.unit_types]))
    return submission_for(ruleset, answers, {"unit": {"unit_type": unit_type}})


def _round(value: Decimal, places: int) -> Decimal:
    return value.quantize(D(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _check_totals(ruleset: Ruleset, result: Any) -> None:
    index = index_of(ruleset)
    nodes = {n.id: n for n in result.nodes}
    for stage, totals in (("self", result.self_totals), ("final", result.final)):
        pts = (lambda n: n.self_points) if stage == "self" else (lambda n: n.final_points)
        for info in index.nodes:
            if info.is_leaf or info.id not in nodes:
                continue
            children = sum((pts(nodes[c.id]) for c in index.children(info.id) if c.id in nodes), D(0))
            top = info.node.max_for(result.unit_type)
            expected = min(children, top) if info.node.cap_at_max else children
            assert pts(nodes[info.id]) == expected, (stage, info.id)
        tops = [nodes[i.id] for i in index.children(None) if i.id in nodes]
        assert totals.base == sum((pts(n) for n in tops), D(0))
        assert totals.applicable_max == sum((n.max for n in tops), D(0)) or stage == "self"
        counts = (lambda p: p.self_count) if stage == "self" else (lambda p: p.final_count)
        for name, value in (("bonus", totals.bonus), ("deductions", totals.deductions)):
            pool = getattr(ruleset, name)
            lines = sum((p.points_each * counts(p) for p in result.pool if p.pool == name), D(0))
            assert value == (min(pool.cap, lines) if pool else D(0))
        total = max(D(0), totals.base + totals.bonus - totals.deductions)
        if not ruleset.total_may_exceed_scale:
            total = min(total, totals.applicable_max)
        assert totals.total == _round(total, ruleset.rounding.total_places)
        if totals.applicable_max:
            assert totals.percent == _round(totals.total * 100 / totals.applicable_max, ruleset.rounding.percent_places)
        # the printed explanation: its lines add up to the total, the first is the criteria's sum
        assert sum((points for _, points in totals.lines), D(0)) == totals.total, totals.lines
        scored = [c.self if stage == "self" else c.final for c in result.criteria if c.applies]
        assert totals.lines[0][1] == sum((s.points for s in scored if s is not None and s.applicable), D(0))


def _floats(value: Any, path: str = "result") -> list[str]:
    """Paths of every float inside a result (dataclasses, dicts, tuples)."""
    if isinstance(value, float):
        return [path]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [p for f in dataclasses.fields(value) for p in _floats(getattr(value, f.name), f"{path}.{f.name}")]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _floats(v, f"{path}[{k!r}]")]
    if isinstance(value, (list, tuple)):
        return [p for i, v in enumerate(value) for p in _floats(v, f"{path}[{i}]")]
    return []


@pytest.mark.parametrize("name", sorted(RULESETS))
@SETTINGS
@given(data=st.data())
def test_totals_are_the_sum_of_their_parts_and_exact(name: str, data: Any) -> None:
    ruleset = RULESETS[name]
    result = score(ruleset, data.draw(submissions(ruleset)))
    _check_totals(ruleset, result)
    assert not _floats(result), _floats(result)


# --- the JSON Schema and the models agree ---------------------------------------------------------

VALID_SPECS = [
    {"criterion": {"max": 10, "method": {"type": "binary"}}},
    {"criteria": [{"id": "G", "max": 6, "cap_at_max": True, "children": [
        {"id": "a", "name": "A", "max": 4, "method": {"type": "manual", "step": 0.5}},
        {"id": "b", "name": "B", "max": 4, "method": {"type": "checklist", "items": [{"id": "x", "label": "X", "points": 4}]}}]}],
     "bonus": {"label": "Điểm thưởng", "cap": 2, "items": [{"id": "T", "name": "Thưởng", "points_each": 1, "max_count": 2}]},
     "facts": [{"id": "F", "name": "Kỷ luật", "kind": "boolean"}],
     "rounding": {"mode": "half_up", "criterion_places": 2, "total_places": 2, "percent_places": 2}},
    {"criterion": {"max": 4, "evidence_required": True, "method": {"type": "percent_bands",
        "bands": [{"min_percent": 90, "points": 4}, {"min_percent": 0, "points": 0}]}},
     "classification": {"basis": "percent", "bands": [{"id": "tot", "label": "Tốt", "min": 50}, {"id": "kha", "label": "Khá", "min": 0, "max": 50}],
                        "gates": [{"id": "g", "when": {"all": [{"input": "c", "field": "numerator", "op": ">", "value": 1}]},
                                   "effect": "lower", "levels": 1, "reason": "Lý do"}],
                        "quotas": [{"band": "tot", "max_percent": 20, "of_bands": ["tot"], "demote_to": "kha", "reason": "Hạn mức"}]}},
]

#: Mutations of a valid ruleset: (JSON path as keys, new value or DELETE).
DELETE = object()
NUMBERS_AND_JUNK = st.one_of(st.integers(-3, 150), st.decimals(-3, 150, places=2), st.booleans(), st.none(),
                             st.sampled_from(["", "x", "a b", "10", [], {}]))


def _paths(data: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for k, v in data.items():
            found += _paths(v, prefix + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            found += _paths(v, prefix + (i,))
    return found


def _mutate(data: Any, path: tuple, value: Any) -> Any:
    data = copy.deepcopy(data)
    target = data
    for part in path[:-1]:
        target = target[part]
    if value is DELETE:
        del target[path[-1]]
    elif value == "__extra__" and isinstance(target[path[-1]], dict):
        target[path[-1]]["khoa_la"] = 1
    else:
        target[path[-1]] = value
    return data


@functools.lru_cache(maxsize=1)
def _schema_validator() -> Any:
    # "format" is only an annotation in draft 2020-12 unless a format checker is given; the
    # schema's intent ("date" fields) is asserted here as editors and the loader should.
    import jsonschema

    return jsonschema.Draft202012Validator(ruleset_schema(),
                                          format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _schema_ok(data: Any) -> bool:
    return not any(True for _ in _schema_validator().iter_errors(data))


def _model_ok(data: Any) -> bool:
    try:
        Ruleset.model_validate(data)
    except ValidationError:
        return False
    return True


@SETTINGS
@given(data=st.data())
def test_schema_accepts_exactly_what_the_models_accept(data: Any) -> None:
    raw = build_ruleset(data.draw(st.sampled_from(VALID_SPECS)))
    assert not schema_findings(raw, ruleset_schema(), Location()) and _schema_ok(raw) and _model_ok(raw)
    path = data.draw(st.sampled_from(_paths(raw)))
    value = data.draw(st.one_of(st.just(DELETE), st.just("__extra__"), NUMBERS_AND_JUNK))
    mutated = _mutate(raw, path, value)
    assert _schema_ok(mutated) == _model_ok(mutated), (path, value)


def test_id_with_trailing_newline_is_refused_by_the_schema_too() -> None:
    raw = build_ruleset({"criterion": {"id": "a\n", "max": 10, "method": {"type": "binary"}}})
    assert _schema_ok(raw) == _model_ok(raw)
