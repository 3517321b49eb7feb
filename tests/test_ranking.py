"""Ranking: order, tie policies and breakers, unclassified units, quotas, self vs appraisal."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from scoring.ranking import rank, self_vs_appraisal
from test_batch_helpers import default_ruleset, make_result, ruleset_with

D = Decimal


def ranks(ranking, block=None):
    units = ranking.overall if block is None else next(b for b in ranking.blocks if b.id == block).units
    return [(u.unit_code, u.overall_rank if block is None else u.rank) for u in units]


def test_competition_ties_share_a_rank_and_skip_the_next():
    results = [make_result("C", 80), make_result("A", 90), make_result("B", 80), make_result("D", 70)]
    assert ranks(rank(default_ruleset(), results), "khoi_xa") == [("A", 1), ("B", 2), ("C", 2), ("D", 4)]


def test_dense_ties_do_not_skip():
    ruleset = ruleset_with(ranking={"ties": "dense"})
    results = [make_result("C", 80), make_result("A", 90), make_result("B", 80), make_result("D", 70)]
    assert ranks(rank(ruleset, results), "khoi_xa") == [("A", 1), ("B", 2), ("C", 2), ("D", 3)]


def test_fewer_deductions_breaks_a_tie():
    # the default ruleset declares tie_breakers: [fewer_deductions]
    results = [make_result("A", 80, deductions=2), make_result("B", 80, deductions=0)]
    assert ranks(rank(default_ruleset(), results)) == [("B", 1), ("A", 2)]


@pytest.mark.parametrize("breakers, expected", [
    ([{"type": "more_bonus"}], [("B", 1), ("A", 2)]),
    ([{"type": "higher_points", "node": "1"}], [("A", 1), ("B", 2)]),
    ([], [("A", 1), ("B", 1)]),
])
def test_declared_tie_breakers_apply_in_order(breakers, expected):
    ruleset = ruleset_with(ranking={"ties": "competition", "tie_breakers": breakers})
    results = [make_result("A", 80, bonus=1, points_1=9), make_result("B", 80, bonus=2, points_1=7)]
    assert ranks(rank(ruleset, results)) == expected


def test_exact_decimals_rank_apart():
    results = [make_result("A", "89.99"), make_result("B", "90.00")]
    assert ranks(rank(default_ruleset(), results)) == [("B", 1), ("A", 2)]


@pytest.mark.parametrize("basis, expected", [("percent", ["A", "B"]), ("points", ["B", "A"])])
def test_basis_decides_between_total_and_percent(basis, expected):
    # A: 80 of an applicable 88,89 (90 %); B: 85 of 100 (85 %)
    a = make_result("A", 90)
    a = replace(a, final=a.final._replace(total=D(80), applicable_max=D("88.89")))
    ranking = rank(ruleset_with(cls_basis=basis), [a, make_result("B", 85)])
    assert [u.unit_code for u in ranking.overall] == expected


def test_unclassified_units_are_listed_last_without_rank():
    results = [make_result("A", 95, classified=False), make_result("B", 60)]
    ranking = rank(default_ruleset(), results)
    assert ranks(ranking, "khoi_xa") == [("B", 1), ("A", None)]
    unit = ranking.unit("A")
    assert unit.band_label == "Không đủ điều kiện xếp loại"
    assert "Không đủ điều kiện xếp loại: không xếp hạng" in unit.notes


def test_blocks_rank_separately_and_overall_together():
    results = [make_result("X1", 70), make_result("T1", 90, block="khoi_tinh"), make_result("X2", 80)]
    ranking = rank(default_ruleset(), results)
    assert ranks(ranking, "khoi_xa") == [("X2", 1), ("X1", 2)]
    assert ranks(ranking, "khoi_tinh") == [("T1", 1)]
    assert ranks(ranking) == [("T1", 1), ("X2", 2), ("X1", 3)]


QUOTA = {"band": "tot", "max_percent": 20, "of_bands": ["tot", "kha", "trung_binh", "yeu"],
         "scope": "block", "demote_to": "kha", "reason": "Tốt không quá 20% số đơn vị"}


def test_quota_demotes_lowest_holders_with_the_arithmetic():
    ruleset = ruleset_with(cls_quotas=[QUOTA])
    # 11 classified units: floor(20% × 11) = floor(2,2) = 2 may stay Tốt; 4 reached Tốt
    scores = {"A": 99, "B": 95, "C": 92, "D": 92, "E": 80, "F": 75, "G": 70, "H": 60, "I": 55, "J": 40, "K": 30}
    ranking = rank(ruleset, [make_result(code, s) for code, s in scores.items()]
                   + [make_result("Z", 97, classified=False)])
    bands = {u.unit_code: u.band_id for u in ranking.overall}
    assert [c for c, b in bands.items() if b == "tot"] == ["A", "B"]
    assert bands["C"] == bands["D"] == "kha"
    demoted = ranking.unit("D").demotion
    assert demoted.from_band == "tot" and demoted.to_band == "kha"
    assert "20% × 11 đơn vị" in demoted.reason and "= 2,2 → tối đa 2 đơn vị Tốt" in demoted.reason
    assert "có 4 đơn vị đạt, 2 đơn vị thấp điểm nhất chuyển xuống Khá" in demoted.reason
    assert demoted.reason in ranking.unit("D").notes
    # ranks are by score, untouched by the demotion
    assert ranking.unit("C").rank == ranking.unit("D").rank == 3


def test_quota_tie_at_the_limit_is_cut_by_unit_code():
    ruleset = ruleset_with(cls_quotas=[QUOTA])
    results = [make_result(code, 95) for code in ("Q2", "Q1")] + [make_result(f"L{i}", 50) for i in range(3)]
    ranking = rank(ruleset, results)  # floor(20% × 5) = 1
    assert ranking.unit("Q1").band_id == "tot"
    assert ranking.unit("Q2").band_id == "kha"


def test_quota_scope_all_counts_every_block():
    ruleset = ruleset_with(cls_quotas=[QUOTA | {"scope": "all"}])
    results = [make_result("X", 95), make_result("T", 96, block="khoi_tinh")] + \
              [make_result(f"L{i}", 50) for i in range(3)]
    ranking = rank(ruleset, results)  # floor(20% × 5) = 1 over both blocks
    assert ranking.unit("T").band_id == "tot" and ranking.unit("X").band_id == "kha"


def test_self_vs_appraisal_lists_biggest_overclaims_first():
    results = [make_result("A", 80, self_percent=85), make_result("B", 70, self_percent=90),
               make_result("C", 90, self_percent=88), make_result("N", 60, appraised=False)]
    gaps = self_vs_appraisal(results, "percent")
    assert [g.unit_code for g in gaps.units] == ["B", "A", "C"]
    assert [g.unit_code for g in gaps.top_overclaims()] == ["B", "A"]
    assert gaps.units[0].diff_percent == D(-20)


# --- invariants ---------------------------------------------------------------------------------

scores = st.decimals(min_value=0, max_value=100, places=2)
units = st.lists(st.tuples(scores, st.booleans(), st.sampled_from(["khoi_xa", "khoi_tinh"]),
                           st.integers(0, 2)), min_size=1, max_size=30)


def _results(data):
    return [make_result(f"U{i:03d}", s, classified=c or i % 5 != 0, block=b, deductions=d)
            for i, (s, c, b, d) in enumerate(data)]


@pytest.mark.property
@settings(max_examples=60, deadline=None)
@given(units, st.randoms(use_true_random=False), st.sampled_from(["competition", "dense"]))
def test_ranking_does_not_depend_on_input_order(data, rnd, ties):
    ruleset = ruleset_with(ranking={"ties": ties, "tie_breakers": [{"type": "fewer_deductions"}]},
                           cls_quotas=[QUOTA])
    results = _results(data)
    shuffled = list(results)
    rnd.shuffle(shuffled)
    first, second = rank(ruleset, results), rank(ruleset, shuffled)
    view = lambda r: [(u.unit_code, u.rank, u.overall_rank, u.band_id, u.notes) for u in r.overall]
    assert view(first) == view(second)


@pytest.mark.property
@settings(max_examples=60, deadline=None)
@given(units, st.sampled_from(["competition", "dense"]))
def test_equal_values_get_equal_ranks_and_better_values_better_ranks(data, ties):
    ruleset = ruleset_with(ranking={"ties": ties, "tie_breakers": []})
    ranking = rank(ruleset, _results(data))
    ranked = [u for u in ranking.overall if u.overall_rank is not None]
    for a in ranked:
        for b in ranked:
            if a.value == b.value:
                assert a.overall_rank == b.overall_rank
            elif a.value > b.value:
                assert a.overall_rank < b.overall_rank
    assert all(u.overall_rank is None for u in ranking.overall if not u.classified)
    assert [u.unit_code for u in ranking.overall] and len(ranking.overall) == len(data)


@pytest.mark.property
@settings(max_examples=60, deadline=None)
@given(units, st.sampled_from([0, 10, 20, Decimal("33.3"), 100]))
def test_quota_is_never_exceeded(data, percent):
    ruleset = ruleset_with(cls_quotas=[QUOTA | {"max_percent": percent}])
    ranking = rank(ruleset, _results(data))
    for block in ranking.blocks:
        rated = [u for u in block.units if u.classified]
        holders = [u for u in rated if u.band_id == "tot"]
        assert len(holders) <= int(Decimal(len(rated)) * Decimal(percent) / 100)
        # nobody below a holder keeps Tốt while a better-placed unit was demoted
        demoted = [u for u in rated if u.demotion is not None]
        if demoted and holders:
            assert min(h.value for h in holders) >= max(d.value for d in demoted)
