"""Ranking: order, tie policies and breakers, unclassified units, quotas, self vs appraisal."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from scoring.engine.ranking import rank, self_vs_appraisal
from test_batch_helpers import GATE_REASON, default_ruleset, make_result, ruleset_with

ROOT = Path(__file__).resolve().parent.parent

D = Decimal
EXAMPLES = Path(__file__).parent.parent / "criteria" / "examples" / "dvcq-minh-hoa"


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
    # (order "score": make_result's class follows the percent whatever the basis)
    ranking = rank(ruleset_with(cls_basis=basis, ranking={"order": "score"}), [a, make_result("B", 85)])
    assert [u.unit_code for u in ranking.overall] == expected


def test_unclassified_units_are_listed_last_without_rank():
    results = [make_result("A", 95, classified=False), make_result("B", 60)]
    ranking = rank(default_ruleset(), results)
    assert ranks(ranking, "khoi_xa") == [("B", 1), ("A", None)]
    unit = ranking.unit("A")
    assert unit.band_label == "Không đủ điều kiện xếp loại"
    assert "Không đủ điều kiện xếp loại: không xếp hạng" in unit.notes


def test_a_gate_that_declassifies_is_not_repeated_in_the_notes():
    from scoring.rules.load import load_ruleset
    from scoring.intake.batch import run_batch

    ruleset = load_ruleset(ROOT / "criteria/dvcq-minh-hoa.json")
    batch = run_batch(ruleset, [ROOT / "sample_inputs/dackhu-daomau.xlsx"], jobs=1)
    unit = rank(ruleset, list(batch.accepted)).overall[0]
    assert not unit.classified and unit.result.final.gate_reasons
    text = "; ".join(unit.notes)
    assert text.lower().count("không đủ điều kiện xếp loại") == 1 and "Không xếp hạng" in unit.notes


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


def test_class_comes_before_score_by_default():
    # A's points reach Tốt but a gate lowered it to Khá: it ranks after every Tốt unit
    results = [make_result("A", 95, gate_band="kha"), make_result("B", 91), make_result("C", 88)]
    ranking = rank(default_ruleset(), results)
    assert ranks(ranking) == [("B", 1), ("A", 2), ("C", 3)]
    assert GATE_REASON in ranking.unit("A").notes
    assert ranking.policy[0].startswith("Xếp hạng theo xếp loại trước")


def test_order_score_ranks_on_points_alone():
    results = [make_result("A", 95, gate_band="kha"), make_result("B", 91), make_result("C", 88)]
    ranking = rank(ruleset_with(ranking={"order": "score"}), results)
    assert ranks(ranking) == [("A", 1), ("B", 2), ("C", 3)]
    assert ranking.policy[0].startswith("Xếp hạng theo tỷ lệ điểm (%) từ cao xuống thấp, không xét xếp loại")


def test_equal_points_in_different_classes_do_not_share_a_rank():
    results = [make_result("A", 92, gate_band="kha"), make_result("B", 92), make_result("C", 80)]
    assert ranks(rank(default_ruleset(), results)) == [("B", 1), ("A", 2), ("C", 3)]


def _cutoff_round(policy):
    """Q1, Q2, Q3 tie at 95 where floor(20% × 10) = 2 may stay Tốt; Q0 is above them."""
    quota = QUOTA | ({"ties_at_cutoff": policy} if policy else {})
    results = [make_result("Q0", 99)] + [make_result(code, 95) for code in ("Q3", "Q1", "Q2")] + \
              [make_result(f"L{i}", 50) for i in range(6)]
    return rank(ruleset_with(cls_quotas=[quota]), results)


@pytest.mark.parametrize("policy, kept, demoted, says", [
    (None, ["Q0", "Q1"], ["Q2", "Q3"],
     "3 đơn vị bằng điểm tại ngưỡng hạn mức Tốt (Q1, Q2, Q3): giữ Tốt cho Q1, còn lại chuyển xuống Khá "
     "— quyết định theo mã đơn vị."),
    ("keep_all", ["Q0", "Q1", "Q2", "Q3"], [],
     "3 đơn vị bằng điểm tại ngưỡng hạn mức Tốt (Q1, Q2, Q3) đều được giữ Tốt: hạn mức 2 đơn vị bị vượt, "
     "có 4 đơn vị Tốt."),
    ("demote_all", ["Q0"], ["Q1", "Q2", "Q3"],
     "3 đơn vị bằng điểm tại ngưỡng hạn mức Tốt (Q1, Q2, Q3) đều chuyển xuống Khá: chỉ 1 đơn vị giữ Tốt, "
     "ít hơn hạn mức 2."),
])
def test_quota_cutoff_tie_policy(policy, kept, demoted, says):
    ranking = _cutoff_round(policy)
    assert sorted(u.unit_code for u in ranking.overall if u.band_id == "tot") == kept
    assert sorted(u.unit_code for u in ranking.overall if u.demotion) == demoted
    for code in ("Q1", "Q2", "Q3"):  # every tied unit says why, whatever class it got
        assert says in ranking.unit(code).notes
    assert says not in ranking.unit("Q0").notes
    policy_line = next(line for line in ranking.policy if line.startswith("Hạn mức"))
    assert {None: "quyết định theo mã đơn vị", "keep_all": "giữ tất cả (hạn mức có thể bị vượt)",
            "demote_all": "chuyển xuống tất cả"}[policy] in policy_line


def test_quota_without_a_tie_at_the_cutoff_adds_no_tie_note():
    ranking = rank(ruleset_with(cls_quotas=[QUOTA | {"ties_at_cutoff": "keep_all"}]),
                   [make_result("A", 99), make_result("B", 95), make_result("C", 94)]
                   + [make_result(f"L{i}", 50) for i in range(7)])
    assert [u.unit_code for u in ranking.overall if u.band_id == "tot"] == ["A", "B"]
    assert all("bằng điểm" not in note for u in ranking.overall for note in u.notes)


def test_self_vs_appraisal_lists_biggest_overclaims_first():
    results = [make_result("A", 80, self_percent=85), make_result("B", 70, self_percent=90),
               make_result("C", 90, self_percent=88), make_result("N", 60, appraised=False)]
    gaps = self_vs_appraisal(results, "percent")
    assert [g.unit_code for g in gaps.units] == ["B", "A", "C"]
    assert [g.unit_code for g in gaps.top_overclaims()] == ["B", "A"]
    assert (gaps.units[0].overclaim, gaps.units[0].overclaim_percent) == (D(20), D(20))


def test_overclaim_compares_on_the_criteria_the_unit_scored_itself():
    """xa-mau-son: appraiser-only criteria make the final maximum 96 against a self maximum of 86;
    the appraisal total is higher (81,73 > 75,23) only because of them, yet the appraisal lowered
    a criterion the unit scored itself: that is the over-claim, in points and percent alike."""
    from scoring.intake.pipeline import evaluate_file

    ruleset = default_ruleset()
    result = evaluate_file(ruleset, EXAMPLES / "xa-mau-son.json")
    gap = self_vs_appraisal([result], "percent").units[0]
    assert (gap.self_total, gap.self_max, gap.final_total, gap.final_max) == (D("75.23"), 86, D("81.73"), 96)
    own = [c for c in result.criteria if c.self is not None and c.self.applicable and c.appraisal is not None]
    lowered = sum(c.self.points - c.appraisal.points for c in own)
    assert gap.overclaim == lowered == D(2) and gap.comparable_total == D("73.23")
    assert gap.overclaim_percent == D("2.33")  # 2 / 86 × 100, on the self maximum
    assert [g.unit_code for g in self_vs_appraisal([result]).top_overclaims()] == ["XA-MAUSON"]


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


bands = st.sampled_from([None, "kha", "trung_binh", "yeu"])
gated = st.lists(st.tuples(scores, bands, st.sampled_from(["khoi_xa", "khoi_tinh"])), min_size=1, max_size=30)


def _gated_results(data):
    """Units whose gate may set a class below the one their points reach (never above it)."""
    out = []
    ruleset = default_ruleset()
    position = {b.id: i for i, b in enumerate(ruleset.classification.bands)}
    for i, (score, band, block) in enumerate(data):
        plain = make_result(f"U{i:03d}", score, block=block)
        lowered = band is not None and position[band] > position[plain.final.band_id]
        out.append(make_result(f"U{i:03d}", score, block=block, gate_band=band if lowered else None))
    return out


@pytest.mark.property
@settings(max_examples=80, deadline=None)
@given(gated, st.sampled_from([None, "tie_breakers", "keep_all", "demote_all"]))
def test_a_gate_lowered_unit_never_ranks_above_a_better_class(data, cutoff):
    quotas = [QUOTA | {"ties_at_cutoff": cutoff}] if cutoff else []
    ruleset = ruleset_with(cls_quotas=quotas)  # the default order: class then score
    position = {b.id: i for i, b in enumerate(ruleset.classification.bands)}
    ranking = rank(ruleset, _gated_results(data))
    for units in [ranking.overall] + [b.units for b in ranking.blocks]:
        placed = [u for u in units if u.classified]
        for above, below in zip(placed, placed[1:]):
            assert position[above.band_id] <= position[below.band_id]
        overall = units is ranking.overall
        for a in placed:
            for b in placed:
                rank_a, rank_b = (a.overall_rank, b.overall_rank) if overall else (a.rank, b.rank)
                if position[a.band_id] < position[b.band_id]:
                    assert rank_a < rank_b


@pytest.mark.property
@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([D(99), D(95), D(92), D(75)]), st.just(True),
                          st.sampled_from(["khoi_xa", "khoi_tinh"]), st.integers(0, 1)), min_size=1, max_size=30),
       st.sampled_from(["tie_breakers", "keep_all", "demote_all"]), st.sampled_from([10, 20, 50]))
def test_tied_units_never_get_different_classes_without_a_note(data, cutoff, percent):
    ruleset = ruleset_with(cls_quotas=[QUOTA | {"ties_at_cutoff": cutoff, "max_percent": percent}],
                           ranking={"tie_breakers": [{"type": "fewer_deductions"}]})
    ranking = rank(ruleset, _results(data))
    for block in ranking.blocks:
        rated = [u for u in block.units if u.classified]
        for a in rated:
            for b in rated:
                tied = (a.value, a.result.final.deductions) == (b.value, b.result.final.deductions)
                if tied and a.band_id != b.band_id:
                    assert any("bằng điểm tại ngưỡng hạn mức" in n for n in a.notes), (a.notes, b.notes)


def test_ranking_policies_at_their_defaults_keep_the_fingerprint():
    """Workbooks handed out before ranking.order and ties_at_cutoff existed still match; a
    ruleset that declares another policy is another ruleset."""
    from scoring.rules.fingerprint import fingerprint

    plain = ruleset_with(cls_quotas=[QUOTA])
    stated = ruleset_with(cls_quotas=[QUOTA | {"ties_at_cutoff": "tie_breakers"}],
                          ranking={**plain.ranking.model_dump(mode="json"), "order": "class_then_score"})
    assert fingerprint(stated) == fingerprint(plain) == "ffea99370ea8"  # as before these fields
    assert fingerprint(ruleset_with(cls_quotas=[QUOTA | {"ties_at_cutoff": "keep_all"}])) != fingerprint(plain)
    assert fingerprint(ruleset_with(ranking={"order": "score"})) != fingerprint(default_ruleset())


exact_scores = st.decimals(min_value=80, max_value=100, places=2)
published_units = st.lists(st.tuples(exact_scores, st.sampled_from(["khoi_xa", "khoi_tinh"]), st.integers(0, 1)),
                           min_size=1, max_size=30)


@pytest.mark.property
@settings(max_examples=80, deadline=None)
@given(published_units, st.sampled_from(["published", "exact"]), st.sampled_from([None, "published", "exact"]))
def test_ranking_and_quota_follow_the_declared_percent(data, ranked_on, quota_on):
    """Units printed to one decimal (89.95 and 90.00 both 90,0): the order follows the percent
    ``ranking.percent`` declares, and a quota keeps the holders best on its own declared percent."""
    quota = QUOTA | ({"percent": quota_on} if quota_on else {})
    ruleset = ruleset_with(rounding={"percent_places": 1}, cls_quotas=[quota],
                           ranking={"order": "score", "percent": ranked_on, "tie_breakers": [{"type": "fewer_deductions"}]})
    results = [make_result(f"U{i:03d}", exact.quantize(D("0.1"), rounding="ROUND_HALF_UP"), block=block,
                           deductions=d, total=exact) for i, (exact, block, d) in enumerate(data)]
    ranking = rank(ruleset, results)

    def on(percent, unit):
        final = unit.result.final
        return final.total if percent == "exact" else final.percent

    placed = ranking.overall
    for above, below in zip(placed, placed[1:]):
        assert on(ranked_on, above) >= on(ranked_on, below)
        if on(ranked_on, above) == on(ranked_on, below):
            same = above.result.final.deductions == below.result.final.deductions
            assert (above.overall_rank == below.overall_rank) == same
    for block in ranking.blocks:
        holders = [u for u in block.units if u.band_id == "tot"]
        demoted = [u for u in block.units if u.demotion is not None]
        if holders and demoted:
            cut = quota_on or ranked_on
            assert min(on(cut, h) for h in holders) >= max(on(cut, d) for d in demoted)
