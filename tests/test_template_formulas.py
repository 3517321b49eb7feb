"""The template's live formulas agree with the engine (hypothesis), including ratios above 100%,
blank cells and every declared policy.

Each criterion's "Điểm tự chấm" formula (:func:`scoring.workbook.formulas.leaf_formula`) is
evaluated by :mod:`scoring.formats.formula_eval` on the cell values a person would leave (labels, "Có"/"Không",
numbers, blanks); the engine scores the same answer.  Where the engine finds an error the preview
shows nothing, where it finds the criterion not applicable it shows "Không áp dụng", and
otherwise it shows exactly the engine's points.  Where the criterion lets the unit declare
"Không áp dụng", the choice and its reason are drawn too.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from casekit import build_ruleset, submission_for
from scoring.formats.formula_eval import evaluate
from scoring.engine.score import score
from scoring.rules.methods import REGISTRY
from scoring.rules.notapplicable import NA_FIELD, REASON_FIELD
from scoring.rules.index import index_of
from scoring.rules.load import parse_ruleset
from scoring.workbook.formulas import leaf_formula
from scoring.workbook.layout import NO, NOT_APPLICABLE, YES
from test_properties import SETTINGS, method_and_max

pytestmark = pytest.mark.property
D = Decimal
#: Every method with a preview formula (appraiser_only's is manual's, on the appraisal column).
TYPES = sorted(t for t in REGISTRY if t != "appraiser_only")


@st.composite
def criterion(draw: Any, method_type: str) -> Any:
    """A lint-clean one-criterion ruleset with its declared policies drawn too."""
    method, top = draw(method_and_max(method_type))
    if method_type in ("linear_ratio", "percent_bands"):
        method["when_above_100"] = draw(st.sampled_from(["cap", "error"]))
        method["when_zero_denominator"] = draw(st.sampled_from(["not_applicable", "full_points", "zero_points"]))
    if method_type in ("count_deduction", "checklist"):
        method["when_blank"] = draw(st.sampled_from(["not_entered", "zero"]))
    rounding = {"mode": draw(st.sampled_from(["half_up", "down"])), "criterion_places": draw(st.integers(0, 3))}
    crit = {"max": top, "method": method}
    allowance = draw(st.sampled_from([None, {"reason_required": True}, {"reason_required": False}]))
    if allowance is not None:
        crit["unit_may_declare_not_applicable"] = allowance
    ruleset, findings = parse_ruleset(build_ruleset({"criterion": crit, "rounding": rounding}))
    # points finer than the declared rounding are refused by lint: not a ruleset to preview
    assume(not any(f.code == "points-finer-than-rounding" for f in findings))
    assert ruleset is not None, [str(f) for f in findings]
    return ruleset


def _value(field: Any) -> st.SearchStrategy[Any]:
    """A valid value of one field, or None (the cell left blank)."""
    if field.kind == "boolean":
        value = st.booleans()
    elif field.kind == "integer":
        value = st.integers(0, 5)
    elif field.kind == "choice":
        value = st.sampled_from([label for _, label in field.choices])
    elif field.max is not None:
        step = field.step or D("0.1")
        value = st.integers(0, int(field.max / step)).map(lambda k: k * step)
    else:  # a ratio's numerator or denominator: drawn apart, so above 100% is common
        value = st.one_of(st.integers(0, 30).map(D), st.integers(0, 300).map(lambda k: D(k) / 10))
    return st.one_of(st.none(), value, value, value)


def _in_cell(value: Any) -> Any:
    """What the cell holds in Excel: "Có"/"Không" for a boolean, "" for a blank."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    return D(value) if isinstance(value, int) else value


@pytest.mark.parametrize("method_type", TYPES)
@SETTINGS
@given(data=st.data())
def test_live_formula_shows_what_the_engine_scores(method_type: str, data: Any) -> None:
    ruleset = data.draw(criterion(method_type))
    info = index_of(ruleset).by_id["c"]
    method = info.node.method
    values = {f.key: data.draw(_value(f), label=f.key) for f in info.fields}
    refs = {f.key: f"E{5 + i}" for i, f in enumerate(info.fields)}
    cells: dict[str, Any] = {refs[key]: _in_cell(value) for key, value in values.items()}
    lists = {}
    if method_type == "levels":
        lists = {"level": ("LABELS", "POINTS")}
        cells["LABELS"] = [level.label for level in method.levels]
        cells["POINTS"] = [level.points for level in method.levels]
    allowance = info.node.unit_may_declare_not_applicable
    answer: dict[str, Any] = {}
    if allowance is not None:  # the "Không áp dụng" choice and its reason, in cells of their own
        refs[NA_FIELD], refs[REASON_FIELD] = "E20", "E21"
        cells["E20"] = data.draw(st.sampled_from(["", NOT_APPLICABLE, " không  áp dụng"]), label="na")
        cells["E21"] = data.draw(st.sampled_from(["", "  ", "Xã không có công trình"]), label="reason")
        answer["not_applicable_reason"] = cells["E21"] or None
    formula = leaf_formula(method, info.node.max, refs, ruleset.rounding.criterion_places, lists,
                           round_down=ruleset.rounding.mode == "down", not_applicable=allowance)
    shown = evaluate(formula, cells)

    given_values = {key: value for key, value in values.items() if value is not None}
    raw = given_values if len(info.fields) > 1 else next(iter(given_values.values()), None)
    if cells.get("E20"):  # chosen: the reader passes it on instead of the values (and warns)
        raw = cells["E20"]
    result = score(ruleset, submission_for(ruleset, {"c": {"self": raw, **answer}}))
    own = result.criteria[0].self
    if not result.ok:
        assert shown == "", (formula, cells, [str(f) for f in result.findings])
    elif not own.applicable:
        assert shown == NOT_APPLICABLE, (formula, cells, own)
    else:
        assert shown == own.points, (formula, cells, own)
