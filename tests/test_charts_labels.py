"""What the charts say: values at the bar ends, class thresholds, group names, every unit named."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.intake.batch import run_batch
from scoring.core.decimals import fmt
from scoring.engine.ranking import rank
from scoring.reports import charts
from scoring.rules.load import load_ruleset

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    """Every chart of the bundled samples, as the figures' texts (the PNGs are not parsed)."""
    ruleset = load_ruleset(ROOT / "criteria/dvcq-minh-hoa.json")
    batch = run_batch(ruleset, [ROOT / "sample_inputs"], jobs=1)
    ranking = rank(ruleset, list(batch.accepted))
    texts: dict[str, list[str]] = {}
    saved = charts.save_png

    def keep(fig, path):
        found = [t.get_text() for t in fig.findobj(lambda o: hasattr(o, "get_text"))]
        texts[Path(path).stem] = found
        return saved(fig, path)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(charts, "save_png", keep)
        charts.write_charts(tmp_path_factory.mktemp("charts"), ranking, charts.class_thresholds(ruleset))
    return ruleset, ranking, texts


def test_ranking_bars_end_with_their_value_and_show_class_thresholds(drawn):
    ruleset, ranking, texts = drawn
    for block in ranking.blocks:
        found = texts[f"bieu-do-xep-hang-{block.id}"]
        assert all(fmt(unit.value, 2) in found for unit in block.units)
        for label, _ in charts.class_thresholds(ruleset):
            assert any(text.startswith(f"{label} ≥ ") for text in found)


def test_heatmap_names_the_groups(drawn):
    ruleset, _, texts = drawn
    found = " ".join(texts["bieu-do-nhom-tieu-chi"]).replace("\n", " ")
    for group in ruleset.criteria:
        assert f"{group.id}. {group.name[:10]}" in found


def test_self_vs_appraisal_names_every_appraised_unit(drawn):
    _, ranking, texts = drawn
    found = texts["bieu-do-tu-cham-tham-dinh"]
    assert ranking.gaps.units and all(gap.unit_name in found for gap in ranking.gaps.units)
