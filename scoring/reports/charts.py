"""Charts as PNG (matplotlib, Agg, imported only here): rankings, classes, heatmap, self vs appraisal.

File names: ``bieu-do-xep-hang-<block id>.png`` (one per block), ``bieu-do-xep-loai.png``,
``bieu-do-nhom-tieu-chi.png``, ``bieu-do-tu-cham-tham-dinh.png``.  Labels use DejaVu Sans, which
has every Vietnamese letter.  Values are converted to float only to be drawn.
"""

from __future__ import annotations

import math
import operator
import warnings
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterator, Sequence

from scoring.core.decimals import fmt
from scoring.engine.ranking import BlockRanking, RankedUnit, Ranking

#: Above this many units a chart drops per-unit labels (the bars alone still show the spread).
LABELLED_MAX = 60
#: Classes best to worst in the Okabe–Ito colours, told apart with any colour vision (no red–green
#: pair): blue, sky blue, orange, vermilion, reddish purple, bluish green, yellow.
PALETTE = ("#0072B2", "#56B4E9", "#E69F00", "#D55E00", "#CC79A7", "#009E73", "#F0E442")
UNCLASSIFIED = "#9E9E9E"
#: A fall (appraisal below self-assessment, a drop from last year) and a rise.
FALL, RISE = "#D55E00", "#0072B2"
#: The heatmap's scale: perceptually even and colour-blind safe (not red–yellow–green).
HEATMAP_CMAP = "cividis"
#: Print resolution: the report places a 9-inch chart about 22 cm wide, so 150 dpi prints sharp.
DPI = 150
#: The size of a chart's main texts; none is smaller than TEXT_PT - 1 (the report prints a chart at
#: ~96 % of its size or more: ≥ 10.5 pt on paper).
TEXT_PT = 12


def new_figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=DPI, layout="constrained")


@contextmanager
def chart_style() -> Iterator[None]:
    """A context in which charts are built: DejaVu Sans (full Vietnamese coverage), whatever the
    user's matplotlib configuration says.

    Text is inert: ``$…$`` in a unit name is printed as typed, never parsed as mathtext (a
    stray ``$\\frac{1}{$`` would stop the whole round), and matplotlib's English warnings
    (a glyph the font lacks) never reach the terminal.
    """
    import matplotlib

    with warnings.catch_warnings(), matplotlib.rc_context({
            "font.family": "DejaVu Sans", "axes.unicode_minus": False, "figure.autolayout": False,
            "figure.constrained_layout.use": False, "text.parse_math": False, "text.usetex": False}):
        warnings.simplefilter("ignore")
        yield


def save_png(fig: Any, path: Path) -> Path:
    # Lay the figure out here and drop the engine: with an engine set, savefig draws the whole
    # figure once without rendering just to run the layout, then draws it again.
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)
        fig.set_layout_engine(None)  # no engine: chart_style() turns off the rc defaults
    fig.savefig(path, format="png", dpi=DPI)
    return path


def band_colors(ranking: Ranking) -> dict[str, str]:
    """Class label → colour, in band order; the "not classified" label is grey."""
    labels = list(ranking.labels)
    colors = {label: PALETTE[i % len(PALETTE)] for i, label in enumerate(labels[:-1])}
    if labels:
        colors[labels[-1]] = UNCLASSIFIED
    return colors


def _axis_label(ranking: Ranking) -> str:
    return "Tỷ lệ điểm (%)" if ranking.basis == "percent" else "Tổng điểm"


def _unit_label(unit: RankedUnit) -> str:
    return _unit_label_text(unit.result.unit_name)


def _ranked_label(unit: RankedUnit) -> str:
    place = unit.rank or unit.overall_rank
    return f"{place}. {_unit_label(unit)}" if place else f"{_unit_label(unit)} (không xếp hạng)"


def ranking_chart(path: Path, ranking: Ranking, block: BlockRanking,
                  thresholds: Sequence[tuple[str, float]] = ()) -> Path:
    """Horizontal bars of the ranking value, best at the top, coloured by class; each bar's value at
    its end and a dashed line at each class's lower bound (``thresholds``: (label, value))."""
    units = list(block.units)
    colors = band_colors(ranking)
    labelled = len(units) <= LABELLED_MAX
    # title, thresholds and legend, then a row of 18 pt a unit: up to 12 units fit the report's landscape
    # page at full size (text ≥ 10 pt on paper); a longer block is shrunk to fit the page
    fig = new_figure(9, min(2.6 + 0.25 * len(units), 14) if labelled else 7)
    ax = fig.add_subplot()
    positions = list(range(len(units)))[::-1]
    values = [float(u.value) for u in units]
    fills = [colors.get(u.band_label, UNCLASSIFIED) for u in units]
    if labelled:
        bars = ax.barh(positions, values, color=fills)
        # on a white ground: a value next to a threshold's dashed line stays legible
        ax.bar_label(bars, labels=[fmt(u.value, 2) for u in units], fontsize=TEXT_PT, padding=2,
                     bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})
        ax.set_xlim(0, max(values + [t for _, t in thresholds] + [1.0]) * 1.15)
    else:
        thin_bars(ax, positions, values, fills)
    threshold_labels(ax, thresholds)
    if labelled:
        ax.set_yticks(positions, [_ranked_label(u) for u in units], fontsize=TEXT_PT)
    else:
        ax.set_yticks([])
    ax.tick_params(labelsize=TEXT_PT)
    ax.set_xlabel(_axis_label(ranking), fontsize=TEXT_PT)
    ax.set_title(f"Xếp hạng {block.name} ({len(units)} đơn vị)", fontsize=TEXT_PT + 1, pad=40 if thresholds else 6)
    _legend(ax, colors, {u.band_label for u in units}, below=True)
    return save_png(fig, path)


def threshold_labels(ax: Any, thresholds: Sequence[tuple[str, float]]) -> None:
    """A dashed line at each class's lower bound, its label above the plot (never over a bar):
    neighbouring labels on two alternating rows, so that close thresholds do not collide."""
    for i, (label, value) in enumerate(sorted(thresholds, key=lambda t: t[1])):
        ax.axvline(value, color="#555555", linestyle="--", linewidth=0.8, zorder=0.5)
        ax.annotate(f"{label} ≥ {fmt(Decimal(str(value)))}", (value, 1.0), xycoords=("data", "axes fraction"),
                    xytext=(0, 3 + 15 * (i % 2)), textcoords="offset points", fontsize=TEXT_PT - 1,
                    va="bottom", ha="center", color="#333333", annotation_clip=False)


def thin_bars(ax: Any, positions: list[int], values: list[float], fills: list[str]) -> None:
    """Thousands of horizontal bars from 0, as one line collection drawn in unit order.

    Built from a plain array of segments: ``hlines`` would first make a masked array and then index
    it per bar (~4x slower); bar patches are ~20x slower.
    """
    import numpy as np
    from matplotlib.collections import LineCollection

    segments = np.zeros((len(values), 2, 2))
    segments[:, 1, 0] = values
    segments[:, :, 1] = np.asarray(positions, float)[:, None]
    ax.add_collection(LineCollection(segments, colors=fills, linewidths=max(0.3, 400 / len(values))))
    ax.autoscale_view()


def _legend(ax: Any, colors: dict[str, str], present: set[str], below: bool = False) -> None:
    """The classes shown, beside the plot or (``below``: the plot keeps the figure's width) under it."""
    from matplotlib.patches import Patch

    handles = [Patch(color=c, label=label) for label, c in colors.items() if label in present]
    if not handles:
        return
    style = {"handles": handles, "fontsize": TEXT_PT, "title": "Xếp loại", "title_fontsize": TEXT_PT}
    if below:  # under the axis title, whatever the plot's height (the layout makes room)
        ax.figure.legend(loc="outside lower center", ncol=min(len(handles), 3), **style)
    else:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), **style)


def classes_chart(path: Path, ranking: Ranking, blocks: list[BlockRanking]) -> Path:
    """Number of units per class, grouped by block."""
    from matplotlib.ticker import MaxNLocator

    colors = band_colors(ranking)
    fig = new_figure(9, 5)
    ax = fig.add_subplot()
    labels = list(ranking.labels)
    width = 0.8 / max(len(labels), 1)
    for i, label in enumerate(labels):
        counts = [ranking.class_counts(b)[label] for b in blocks]
        xs = [j + i * width for j in range(len(blocks))]
        bars = ax.bar(xs, counts, width, label=label, color=colors[label])
        ax.bar_label(bars, fontsize=TEXT_PT)
    ax.set_xticks([j + width * (len(labels) - 1) / 2 for j in range(len(blocks))],
                  [_wrapped(b.name, 30) for b in blocks], fontsize=TEXT_PT)
    ax.tick_params(labelsize=TEXT_PT)
    ax.set_ylabel("Số đơn vị", fontsize=TEXT_PT)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.margins(y=0.12)  # room for the counts above the bars
    ax.set_title("Kết quả xếp loại theo khối", fontsize=TEXT_PT + 1)
    ax.legend(fontsize=TEXT_PT, title="Xếp loại", title_fontsize=TEXT_PT, loc="upper left", bbox_to_anchor=(1.01, 1))
    return save_png(fig, path)


def groups_heatmap(path: Path, ranking: Ranking) -> Path:
    """Units (overall order) × top-level criterion groups: final points as % of the group's maximum."""
    import numpy as np

    units = list(ranking.overall)
    groups = [(n.id, n.name) for n in units[0].result.nodes if n.depth == 0] if units else []
    places: dict[tuple[str, ...], list[int | None]] = {}  # by a unit's node ids: where its groups are
    percents: dict[tuple[Decimal, Decimal], float] = {}
    grid = np.array([_group_percents(u, groups, places, percents) for u in units],
                    dtype=float).reshape(len(units), len(groups))
    labelled = len(units) <= LABELLED_MAX
    key = 0.2 * len(groups)  # the group names under the plot
    fig = new_figure(9, min(2.5 + 0.25 * len(units), 14) + key if labelled else 7 + key)
    ax = fig.add_subplot()
    image = ax.imshow(np.ma.masked_invalid(grid), aspect="auto", cmap=HEATMAP_CMAP, vmin=0, vmax=100,
                      interpolation="nearest")
    # columns by group number; the names, one a line, under the plot (long names never collide)
    ax.set_xticks(range(len(groups)), [g for g, _ in groups], fontsize=TEXT_PT)
    ax.set_xlabel("Nhóm tiêu chí:\n" + "\n".join(_group_label(g, name) for g, name in groups),
                  fontsize=TEXT_PT - 1, loc="left", multialignment="left")
    if labelled and len(groups) <= 12:  # the value in each cell, where it can be read
        for (row, col), value in np.ndenumerate(grid):
            if not math.isnan(value):
                ax.text(col, row, f"{value:.0f}", ha="center", va="center", fontsize=TEXT_PT - 1,
                        color="white" if value < 60 else "black")  # cividis is dark below ~60
    ax.set_yticks(range(len(units)) if labelled else [],
                  [_unit_label(u) for u in units] if labelled else [], fontsize=TEXT_PT - 1)
    ax.set_title("Tỷ lệ điểm đạt theo nhóm tiêu chí (%)", fontsize=TEXT_PT + 1)
    bar = fig.colorbar(image, ax=ax)
    bar.set_label("% điểm tối đa của nhóm", fontsize=TEXT_PT)
    bar.ax.tick_params(labelsize=TEXT_PT)
    return save_png(fig, path)


def _group_label(group_id: str, name: str, width: int = 95) -> str:
    """'1. Lãnh đạo, chỉ đạo, …' on one line of the heatmap's key (cut with '…' past ``width``)."""
    text = f"{group_id}. {name}"
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def _wrapped(text: str, width: int) -> str:
    """``text`` on lines of at most ``width`` characters (a block name under its bars)."""
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


_NODE_ID = operator.attrgetter("id")


def _group_percents(unit: RankedUnit, groups: list[tuple[str, str]],
                    places: dict[tuple[str, ...], list[int | None]] | None = None,
                    percents: dict[tuple[Decimal, Decimal], float] | None = None) -> list[float]:
    """Final points of each group as % of its maximum (NaN where the unit has no such group).

    ``places`` and ``percents`` are memos shared by the units of one chart: units of a type list
    the same nodes, and a round repeats the same few (points, maximum) pairs.
    """
    nodes = unit.result.nodes
    places = {} if places is None else places
    percents = {} if percents is None else percents
    ids = tuple(map(_NODE_ID, nodes))
    where = places.get(ids)
    if where is None:
        first: dict[str, int] = {}
        for i, node_id in enumerate(ids):
            first.setdefault(node_id, i)  # the first node of an id wins, as Result.node() does
        where = places[ids] = [first.get(group_id) for group_id, _ in groups]
    out = []
    for i in where:
        node = None if i is None else nodes[i]
        if node is None or not node.max:
            out.append(math.nan)
            continue
        key = (node.final_points, node.max)
        value = percents.get(key)
        if value is None:
            value = percents[key] = float(node.final_points) * 100 / float(node.max)
        out.append(value)
    return out


def gaps_rows(path: Path, ranking: Ranking) -> Path:
    """One row per appraised unit (most over-claimed at the top): a line from its self-assessed
    percent (open circle) to its final one (filled), every unit named."""
    gaps = list(ranking.gaps.units)
    fig = new_figure(9, min(2 + 0.3 * len(gaps), 14))
    ax = fig.add_subplot()
    positions = list(range(len(gaps)))[::-1]
    own = [float(g.self_percent) for g in gaps]
    final = [float(g.final_percent) for g in gaps]
    for y, a, b in zip(positions, own, final):
        ax.plot([a, b], [y, y], color=FALL if b < a else RISE, linewidth=2)
    ax.scatter(own, positions, facecolors="white", edgecolors="black", s=36, label="Tự chấm", zorder=3)
    ax.scatter(final, positions, color="black", s=36, label="Thẩm định", zorder=3)
    ax.set_yticks(positions, [_unit_label_text(g.unit_name) for g in gaps], fontsize=TEXT_PT)
    ax.tick_params(labelsize=TEXT_PT)
    ax.set_xlabel("% điểm tối đa áp dụng", fontsize=TEXT_PT)
    ax.set_title("Tự chấm so với thẩm định (cam: thẩm định thấp hơn tự chấm; xanh: cao hơn)", fontsize=TEXT_PT + 1)
    ax.legend(fontsize=TEXT_PT, loc="upper left", bbox_to_anchor=(1.01, 1))
    return save_png(fig, path)


def _unit_label_text(name: str) -> str:
    return name if len(name) <= 40 else name[:39] + "…"


def gaps_scatter(path: Path, ranking: Ranking) -> Path:
    """Self-assessed against appraised percent, one dot per appraised unit; below the line: lowered."""
    colors = band_colors(ranking)
    by_code = {u.unit_code: u for u in ranking.overall}
    gaps = ranking.gaps.units
    fig = new_figure(7, 6)
    ax = fig.add_subplot()
    ax.scatter([float(g.self_percent) for g in gaps], [float(g.final_percent) for g in gaps],
               c=[colors.get(by_code[g.unit_code].band_label, UNCLASSIFIED) if g.unit_code in by_code
                  else UNCLASSIFIED for g in gaps], s=24, edgecolors="black", linewidths=0.3)
    values = [float(v) for g in gaps for v in (g.self_percent, g.final_percent)]
    low, high = max(0.0, min(values) - 5), max(values) + 5
    ax.plot([low, high], [low, high], color="grey", linestyle="--", linewidth=1, label="Thẩm định = tự chấm")
    ax.set_xlim(low, high)
    ax.set_ylim(low, high)
    for gap in ranking.gaps.top_overclaims(5):
        ax.annotate(gap.unit_code, (float(gap.self_percent), float(gap.final_percent)), fontsize=TEXT_PT - 1,
                    xytext=(4, -10), textcoords="offset points")
    ax.tick_params(labelsize=TEXT_PT)
    ax.set_xlabel("Tự chấm (% điểm tối đa áp dụng)", fontsize=TEXT_PT)
    ax.set_ylabel("Thẩm định (% điểm tối đa áp dụng)", fontsize=TEXT_PT)
    ax.set_title("Tự chấm so với thẩm định", fontsize=TEXT_PT + 1)
    ax.legend(fontsize=TEXT_PT, loc="upper left")
    return save_png(fig, path)


def chart_blocks(ranking: Ranking) -> list[BlockRanking]:
    """The blocks that have units; all units as one block "chung" when the ruleset has none."""
    blocks = [b for b in ranking.blocks if b.units]
    if not blocks and ranking.overall:
        blocks = [BlockRanking("chung", "Tất cả đơn vị", ranking.overall)]
    return blocks


def write_charts(folder: Path, ranking: Ranking, thresholds: Sequence[tuple[str, float]] = ()) -> list[Path]:
    """Every chart that has data, written into ``folder``; ``thresholds`` are the classes' lower
    bounds drawn on the ranking charts (see :func:`class_thresholds`)."""
    with chart_style():
        return _write_all(folder, ranking, thresholds)


def class_thresholds(ruleset: Any) -> list[tuple[str, float]]:
    """(label, lower bound) of every class above the lowest, on the ranking basis."""
    bands = sorted(ruleset.classification.bands, key=lambda b: b.min)
    return [(b.label, float(b.min)) for b in bands[1:]]


def _write_all(folder: Path, ranking: Ranking, thresholds: Sequence[tuple[str, float]] = ()) -> list[Path]:
    blocks = chart_blocks(ranking)
    paths = [ranking_chart(folder / f"bieu-do-xep-hang-{b.id}.png", ranking, b, thresholds) for b in blocks]
    if ranking.overall:
        paths.append(classes_chart(folder / "bieu-do-xep-loai.png", ranking, blocks))
        paths.append(groups_heatmap(folder / "bieu-do-nhom-tieu-chi.png", ranking))
    if ranking.gaps.units:
        gaps = gaps_rows if len(ranking.gaps.units) <= LABELLED_MAX else gaps_scatter
        paths.append(gaps(folder / "bieu-do-tu-cham-tham-dinh.png", ranking))
    return paths


def change_chart(path: Path, title: str, changes: list[tuple[str, Decimal]]) -> Path:
    """Horizontal bars of changes in percent points (rises blue, falls vermilion), in the given order."""
    with chart_style():
        labelled = len(changes) <= LABELLED_MAX
        fig = new_figure(9, min(2 + 0.28 * len(changes), 14) if labelled else 6)
        ax = fig.add_subplot()
        positions = list(range(len(changes)))[::-1]
        values = [float(v) for _, v in changes]
        fills = [RISE if v >= 0 else FALL for v in values]
        if labelled:
            ax.barh(positions, values, color=fills)
        else:
            thin_bars(ax, positions, values, fills)
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_yticks(positions if labelled else [], [n for n, _ in changes] if labelled else [], fontsize=TEXT_PT)
        ax.tick_params(labelsize=TEXT_PT)
        ax.set_xlabel("Thay đổi tỷ lệ điểm (điểm %)", fontsize=TEXT_PT)
        ax.set_title(title, fontsize=TEXT_PT + 1)
        return save_png(fig, path)
