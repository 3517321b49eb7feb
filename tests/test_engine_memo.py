"""The engine's memo (leaves, pool lines and facts scored once per distinct raw input) never
changes a result: cold or warm, in any order, every unit gets exactly its own score and findings."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.engine import score as engine
from scoring.engine.classify import Facts, classify
from scoring.engine.score import _leaf_memo, input_key, score
from scoring.rules.index import index_of
from scoring.rules.load import load_ruleset
from scoring.engine.totals import _classified, _verdicts
from scoring.workbook.synth import random_submission

from casekit import ROOT

RULESET = load_ruleset(ROOT / "criteria" / "dvcq-minh-hoa.json")
UNIT_TYPES = [u.id for u in RULESET.unit_types]
D = Decimal

#: Raw values that look alike but must score differently (type and exact text matter).
ODD_VALUES = [True, 1, 1.0, D(1), D("1.0"), "1", "có", False, 0, D(0), D("-0"), "", None, D("8.50"),
              D("8.5"), 8.5, "8,5", "abc", 10**6, D("0.25"), {"x": 1}, {"numerator": 3, "denominator": 0}]


def cold(sub, source=None):
    _leaf_memo(index_of(RULESET)).clear()
    _verdicts(index_of(RULESET)).clear()
    return score(RULESET, sub, source=source)


def perturbed(seed: int):
    """A random submission with some answers replaced by look-alike or invalid raw values."""
    rng = random.Random(seed)
    sub = random_submission(RULESET, rng.choice(UNIT_TYPES), rng, strength=rng.uniform(0.2, 1.0))
    answers = dict(sub.answers)
    for key in rng.sample(sorted(answers), k=min(6, len(answers))):
        update = {"self_value": rng.choice(ODD_VALUES)}
        if rng.random() < 0.5:
            update["appraisal"] = rng.choice(ODD_VALUES)
        answers[key] = answers[key].model_copy(update=update)
    return sub.model_copy(update={"answers": answers})


@settings(max_examples=40, deadline=None)
@given(seeds=st.lists(st.integers(min_value=0, max_value=10**6), min_size=2, max_size=6))
def test_warm_memo_gives_what_a_cold_one_gives(seeds):
    subs = [perturbed(seed) for seed in seeds]
    expected = [cold(sub, f"{i}.json") for i, sub in enumerate(subs)]
    _leaf_memo(index_of(RULESET)).clear()
    for i, sub in reversed(list(enumerate(subs))):  # warm, and in another order
        assert score(RULESET, sub, source=f"{i}.json") == expected[i]


@pytest.mark.parametrize("first, second", [(True, 1), (1, True), (D("8.5"), D("8.50")), (D(1), 1.0),
                                           (D(0), D("-0")), ("1", D(1)), (0, False)])
def test_look_alike_inputs_never_share_a_memo_entry(first, second):
    sub = random_submission(RULESET, "so_ban_nganh", random.Random(7))

    def with_raw(raw):
        answers = dict(sub.answers)
        answers["6.3"] = answers["6.3"].model_copy(update={"self_value": raw})
        answers["1.1"] = answers["1.1"].model_copy(update={"self_value": raw})
        return sub.model_copy(update={"answers": answers})

    assert input_key(first) != input_key(second)
    alone = cold(with_raw(second))
    cold(with_raw(first))
    after = score(RULESET, with_raw(second))  # the memo now holds `first`
    assert after == alone
    for node_id in ("6.3", "1.1"):  # == would not tell 8.5 from 8.50: compare the texts too
        got, want = ({c.id: c.self for c in r.criteria}[node_id] for r in (after, alone))
        assert (got.explanation, repr(got.values)) == (want.explanation, repr(want.values))


def test_exact_decimal_text_is_kept_for_each_unit():
    sub = random_submission(RULESET, "so_ban_nganh", random.Random(3))

    def manual(raw):
        answers = dict(sub.answers)
        answers["6.3"] = answers["6.3"].model_copy(update={"self_value": raw})
        return sub.model_copy(update={"answers": answers})

    _leaf_memo(index_of(RULESET)).clear()
    first = score(RULESET, manual(D("1.5")))
    second = score(RULESET, manual(D("1.50")))
    value = {c.id: c for c in second.criteria}["6.3"].self.values["points"]
    assert str(value) == "1.50" and str({c.id: c for c in first.criteria}["6.3"].self.values["points"]) == "1.5"


def test_findings_of_a_remembered_leaf_point_at_each_file():
    sub = perturbed(11)
    answers = dict(sub.answers)
    answers["6.3"] = answers["6.3"].model_copy(update={"self_value": "abc"})
    sub = sub.model_copy(update={"answers": answers})
    one, two = cold(sub, "a.xlsx"), score(RULESET, sub, source="b.xlsx")
    assert any(f.code == "input-not-number" for f in two.findings)
    assert [f.location.file for f in one.findings] == ["a.xlsx"] * len(one.findings)
    assert [f.location.file for f in two.findings] == ["b.xlsx"] * len(two.findings)
    assert [(f.code, f.message) for f in one.findings] == [(f.code, f.message) for f in two.findings]


def test_memo_is_bounded(monkeypatch):
    monkeypatch.setattr(engine, "MEMO_MAX", 25)
    memo = _leaf_memo(index_of(RULESET))
    memo.clear()
    subs = [perturbed(seed) for seed in range(8)]
    expected = [cold(sub) for sub in subs]
    memo.clear()
    for sub, want in zip(subs, expected):
        assert score(RULESET, sub) == want
        assert len(memo) <= 25


def test_classification_memo_keeps_look_alike_gate_inputs_apart():
    """Gate "F2 == true" caps the class: 1, 1.0 and Decimal 1 are not true, and 95 is 95.0."""
    index = index_of(RULESET)
    _verdicts(index).clear()
    verdicts = set()
    for inputs in ({"F2": True}, {"F2": 1}, {"F2": 1.0}, {"F2": D(1)}, {"F2": False}, {"F2": True}, {}):
        for value in (D("95"), D("95.0"), D("40")):
            expected = classify(index, value, Facts(inputs, {}))
            assert _classified(index, value, Facts(inputs, {})) == expected
            verdicts.add((value, expected.band.id if expected.band else None))
    assert len({band for value, band in verdicts if value == 95}) == 2  # capped and not capped
