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


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    """Every chart of the bundled samples as drawn: {stem: (figure, png path)} after saving."""
    ruleset = load_ruleset(ROOT / "criteria/dvcq-minh-hoa.json")
    batch = run_batch(ruleset, [ROOT / "sample_inputs"], jobs=1)
    ranking = rank(ruleset, list(batch.accepted))
    kept: dict[str, tuple] = {}
    saved = charts.save_png

    def keep(fig, path):
        written = saved(fig, path)
        kept[Path(path).stem] = (fig, Path(written))
        return written

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(charts, "save_png", keep)
        charts.write_charts(tmp_path_factory.mktemp("charts"), ranking, charts.class_thresholds(ruleset))
    return kept


def test_charts_print_sharp_with_text_of_at_least_10_points(figures):
    from PIL import Image

    assert len(figures) >= 4
    for stem, (fig, path) in figures.items():
        inches = fig.get_figwidth()
        assert Image.open(path).width >= 150 * inches - 1, stem
        sizes = [t.get_fontsize() for t in fig.findobj(lambda o: hasattr(o, "get_fontsize") and hasattr(o, "get_text"))
                 if t.get_text().strip() and t.get_visible()]
        assert sizes and min(sizes) >= 10, (stem, min(sizes))


def test_threshold_labels_stand_above_the_bars(figures):
    from matplotlib.text import Annotation

    for stem, (fig, _) in figures.items():
        if not stem.startswith("bieu-do-xep-hang-"):
            continue
        ax = fig.axes[0]
        labels = [a for a in ax.texts if isinstance(a, Annotation) and " ≥ " in a.get_text()]
        assert labels
        renderer = _renderer(fig)
        top = ax.get_window_extent(renderer).y1
        boxes = [a.get_window_extent(renderer) for a in labels]
        assert all(box.y0 >= top for box in boxes), stem  # above the plot, never over a bar
        assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:]), stem


#: Machado et al. (2009), full deuteranopia and protanopia, on linear RGB.
SIMULATIONS = {"deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                                (-0.011820, 0.042940, 0.968881)),
               "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                              (-0.003882, -0.048116, 1.051998))}


def _seen(color: str, matrix) -> tuple[float, ...]:
    from matplotlib.colors import to_rgb

    def linear(c):
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    def encoded(c):
        c = min(max(c, 0.0), 1.0)
        return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055

    rgb = [linear(c) for c in to_rgb(color)]
    return tuple(encoded(sum(m * c for m, c in zip(row, rgb))) for row in matrix)


def test_colours_read_without_red_green_vision(figures):
    import itertools

    fig, _ = figures["bieu-do-nhom-tieu-chi"]
    assert fig.axes[0].images[0].get_cmap().name in ("cividis", "viridis")
    # the class colours (best four and the grey of "not classified") stay apart as a person with
    # no red or no green cone sees them (the old green/red pair came within 0.11 of each other)
    colours = (*charts.PALETTE[:4], charts.UNCLASSIFIED)
    for name, matrix in SIMULATIONS.items():
        seen = [_seen(c, matrix) for c in colours]
        closest = min(sum((x - y) ** 2 for x, y in zip(a, b)) ** 0.5 for a, b in itertools.combinations(seen, 2))
        assert closest > 0.2, (name, closest)


def _renderer(fig):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    return FigureCanvasAgg(fig).get_renderer()


def test_heatmap_group_names_do_not_run_into_each_other(figures):
    fig, _ = figures["bieu-do-nhom-tieu-chi"]
    renderer = _renderer(fig)
    ticks = [t.get_window_extent(renderer) for t in fig.axes[0].get_xticklabels() if t.get_text()]
    assert ticks and not any(a.overlaps(b) for i, a in enumerate(ticks) for b in ticks[i + 1:])
