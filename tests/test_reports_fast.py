"""The fast report writers (direct JSON text, column-wise CSV, collection charts) write exactly what
the straightforward versions wrote: each is checked against a reference on awkward inputs."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
import random
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.intake.batch import Batch
from scoring.engine.score import score
from scoring.core.findings import Location, make
from scoring.engine.ranking import Demotion, rank
from scoring.reports import charts, json as json_report
from scoring.reports.csv import cell_text, neutralise, write_csv
from scoring.reports.tables import Column, Table
from scoring.engine.result import Result
from scoring.engine.submission import Submission
from scoring.workbook.synth import random_answers, random_submission
from test_batch_helpers import default_ruleset

D = Decimal


def dumped(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def scored(ruleset, i: int, rng: random.Random) -> Result:
    """A generated unit; every other one appraised with different values (so stages differ)."""
    unit_type = [u.id for u in ruleset.unit_types][i % len(ruleset.unit_types)]
    sub = random_submission(ruleset, unit_type, rng, strength=rng.uniform(0.2, 1.0), code=f"DV{i:03d}",
                            name=f"Đơn vị số {i}")
    if i % 2:
        data = sub.model_dump(by_alias=True)
        for key, answer in random_answers(ruleset, unit_type, rng, rng.uniform(0.2, 1.0)).items():
            data["answers"][key] |= {"appraisal": answer["self"], "appraisal_note": f"Ý kiến \"{i}\""}
        sub = Submission.model_validate(data)
    return score(ruleset, sub, f"nop/dv-{i:03d}.xlsx")


@pytest.fixture(scope="module")
def generated():
    ruleset = default_ruleset()
    rng = random.Random(7)
    results = [scored(ruleset, i, rng) for i in range(40)]
    batch = Batch(files=tuple(r.source for r in results), accepted=tuple(results), rejected=(), year=2025)
    return ruleset, batch, rank(ruleset, results)


# --- ket-qua.json ---------------------------------------------------------------------------------

def odd(result: Result) -> Result:
    """``result`` with every field the encoder special-cases set to an awkward value."""
    crit = result.criteria[0]
    own = crit.self._replace(points=D("1E+1"), explanation='có "ngoặc", \\ và \n xuống dòng')
    criteria = (crit._replace(self=own, evidence="None", note="\u2028 📄 \x00", appraisal_note=None),
                *result.criteria[1:])
    node = result.nodes[0]._replace(self_points=D("-0.00"), final_points=D("0E-7"))
    pool = (result.pool[0]._replace(points_each=D("2.50"), appraisal_count=None),) if result.pool else ()
    final = result.final._replace(gate_reasons=("Có vi phạm", "Thiếu hồ sơ"), band_id=None,
                                percent=D("81.7300"))
    finding = make("json-syntax", Location(file="a.json", cell="B7"), line=3, column=D("4.0"), reason="x")
    return dataclasses.replace(result, criteria=criteria, nodes=(node, *result.nodes[1:]), pool=pool,
                               final=final, block_id=None, source=None, findings=(finding,))


def test_result_text_equals_json_dumps_of_to_dict(generated):
    _, batch, _ = generated
    encoder = json_report.UnitEncoder()  # one encoder: its caches must never mix units up
    for result in [*batch.accepted, *map(odd, batch.accepted[:4])]:
        out: list[bytes] = []
        encoder.result(result, out)
        assert b"".join(out).decode() == dumped(result.to_dict())
        assert json_report.result_json(result) == dumped(result.to_dict())


def test_a_cached_fragment_is_never_reused_for_a_different_value(generated):
    _, batch, _ = generated
    encoder = json_report.UnitEncoder()
    base = batch.accepted[1]
    crit = base.criteria[2]
    variants = [base]
    for change in ({"evidence": "Kế hoạch 12"}, {"note": ""}, {"final_stage": None}, {"applies": False},
                   {"max": crit.max + 1}, {"name": crit.name + " "}):
        variants.append(dataclasses.replace(base, criteria=(*base.criteria[:2], crit._replace(**change),
                                                            *base.criteria[3:])))
    variants.append(dataclasses.replace(base, nodes=(base.nodes[0]._replace(depth=5), *base.nodes[1:])))
    for result in variants + variants[::-1]:
        out: list[bytes] = []
        encoder.result(result, out)
        assert b"".join(out).decode() == dumped(result.to_dict())


text = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
decimals = st.decimals(allow_nan=False, allow_infinity=False, places=None, min_value=-10**6, max_value=10**6)
_SHARED = json_report.UnitEncoder()  # shared by every example: stale cache hits would show up


@pytest.mark.property
@settings(max_examples=60, deadline=None)
@given(name=text, explanation=text, evidence=st.none() | text, points=decimals, node_points=decimals,
       label=text, reasons=st.lists(text, max_size=2))
def test_encoder_matches_json_dumps_on_any_text_and_decimal(generated, name, explanation, evidence, points,
                                                            node_points, label, reasons):
    _, batch, _ = generated
    base = batch.accepted[0]
    crit = base.criteria[0]
    own = crit.self._replace(points=points, explanation=explanation)
    result = dataclasses.replace(
        base, unit_name=name,
        criteria=(crit._replace(name=name, self=own, evidence=evidence), *base.criteria[1:]),
        nodes=(base.nodes[0]._replace(self_points=node_points, name=label), *base.nodes[1:]),
        final=base.final._replace(band_label=label, gate_reasons=tuple(reasons)))
    out: list[bytes] = []
    _SHARED.result(result, out)
    assert b"".join(out).decode() == dumped(result.to_dict())


def test_written_document_equals_the_whole_dump_with_demotions_and_notes(generated, tmp_path, monkeypatch):
    ruleset, batch, ranking = generated
    demoted = dataclasses.replace(ranking.overall[0], notes=("Hạ loại do vượt hạn mức", "=1+1"),
                                  demotion=Demotion("tot", "tot", "kha", "Vượt 30% \"Tốt\""))
    ranking = dataclasses.replace(ranking, overall=(demoted, *ranking.overall[1:]))
    monkeypatch.setattr(json_report, "CHUNK", 7)
    path = json_report.write_json(tmp_path / "ket-qua.json", ruleset, batch, ranking)
    whole = dumped(json_report.results_document(ruleset, batch, ranking))
    assert path.read_bytes() == (whole + "\n").encode()


# --- CSV ------------------------------------------------------------------------------------------

def reference_csv(table: Table) -> bytes:
    """The plain writer: every cell through ``cell_text``, utf-8-sig."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow([neutralise(c.header) for c in table.columns])
    writer.writerows([cell_text(v) for v in row] for row in table.rows)
    return text.getvalue().encode("utf-8-sig")


def test_csv_equals_the_cell_by_cell_writer_on_mixed_columns(tmp_path):
    columns = [Column("STT", "int"), Column("Tên", "text"), Column("Điểm", "points"), Column("Tỷ lệ", "percent"),
               Column("Hạng", "int"), Column("Ghi chú", "text")]
    table = Table("t", "T", "T", columns, [
        [1, "Xã A", D("3.00"), D("81.73"), 1, "ổn"],
        [2, "=cmd|' /C calc'!A0", D("1E+2"), D("-0.00"), None, "có, dấu \"phẩy\"\nxuống dòng"],
        [3, None, None, D("0E-7"), True, 5],
        [4, "+84 912", "không có", D("7"), "–", "@SUM(A1)"],
    ])
    path = write_csv(tmp_path / "t.csv", table)
    assert path.read_bytes() == reference_csv(table)


def test_csv_of_an_empty_table_is_its_header(tmp_path):
    table = Table("t", "T", "T", [Column("-STT", "int"), Column("Tên", "text")])
    assert write_csv(tmp_path / "t.csv", table).read_bytes() == reference_csv(table)


cells = st.one_of(st.none(), st.integers(-5, 10**6), st.booleans(), text,
                  st.decimals(allow_nan=False, allow_infinity=False, places=None, min_value=-10**9, max_value=10**9))


@pytest.mark.property
@settings(max_examples=60, deadline=None)
@given(kinds=st.lists(st.sampled_from(["text", "int", "points", "percent"]), min_size=1, max_size=4),
       data=st.data())
def test_csv_equals_the_cell_by_cell_writer_on_any_cells(tmp_path_factory, kinds, data):
    typical = {"text": text, "int": st.none() | st.integers(0, 99), "points": decimals, "percent": decimals}
    column_cells = [data.draw(st.lists(typical[k] | cells if data.draw(st.booleans()) else typical[k],
                                       min_size=3, max_size=3)) for k in kinds]
    table = Table("t", "T", "T", [Column(f"c{i}", k) for i, k in enumerate(kinds)],
                  [list(row) for row in zip(*column_cells)])
    path = write_csv(tmp_path_factory.mktemp("csv") / "t.csv", table)
    assert path.read_bytes() == reference_csv(table)


# --- charts ---------------------------------------------------------------------------------------

def test_thin_bars_draw_every_unit_in_order_with_its_colour():
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    charts.thin_bars(ax, [2, 1, 0], [90.5, 70.0, 12.25], ["#2E7D32", "#1565C0", "#9E9E9E"])
    (lines,) = ax.collections
    assert [seg.tolist() for seg in lines.get_segments()] == [[[0, 2], [90.5, 2]], [[0, 1], [70.0, 1]],
                                                              [[0, 0], [12.25, 0]]]
    assert [tuple(round(c, 3) for c in rgba[:3]) for rgba in lines.get_colors()] == [
        (0.18, 0.49, 0.196), (0.082, 0.396, 0.753), (0.62, 0.62, 0.62)]
    assert ax.get_xlim()[1] >= 90.5 and ax.get_ylim()[0] <= 0 <= 2 <= ax.get_ylim()[1]


def test_group_percents_follow_the_groups_and_leave_missing_ones_empty(generated):
    _, _, ranking = generated
    unit = ranking.overall[0]
    groups = [(n.id, n.name) for n in unit.result.nodes if n.depth == 0] + [("khong-co", "Không có")]
    percents = charts._group_percents(unit, groups)
    first = unit.result.nodes[0]
    assert percents[0] == pytest.approx(float(first.final_points * 100 / first.max))
    assert math.isnan(percents[-1]) and len(percents) == len(groups)


def test_group_percents_memos_shared_by_a_chart_change_nothing(generated):
    """Units of different types (different node lists) share the memos of one heatmap."""
    _, _, ranking = generated
    units = list(ranking.overall)
    groups = sorted({(n.id, n.name) for u in units for n in u.result.nodes if n.depth == 0})
    assert len({tuple(n.id for n in u.result.nodes) for u in units}) > 1
    places, percents = {}, {}
    for unit in units:
        expected = []
        for group_id, _ in groups:
            node = unit.result.node(group_id)
            expected.append(float(node.final_points) * 100 / float(node.max) if node and node.max else math.nan)
        shared = charts._group_percents(unit, groups, places, percents)
        assert shared == pytest.approx(expected, nan_ok=True)


def test_charts_are_the_images_hlines_and_plain_savefig_made(generated, tmp_path, monkeypatch):
    """One line collection from an array and laying out before saving (no second, unrendered draw)
    change nothing in the pictures."""
    _, _, ranking = generated
    monkeypatch.setattr(charts, "LABELLED_MAX", 10)  # 40 units: the unlabelled, thin-bar charts
    (tmp_path / "fast").mkdir()
    fast = charts.write_charts(tmp_path / "fast", ranking)

    def plain(fig, path: Path) -> Path:
        fig.savefig(path, format="png", dpi=charts.DPI)
        return path

    def hlines(ax, positions, values, fills):
        ax.hlines(positions, 0, values, colors=fills, linewidth=max(0.3, 400 / len(values)))

    monkeypatch.setattr(charts, "save_png", plain)
    monkeypatch.setattr(charts, "thin_bars", hlines)
    (tmp_path / "plain").mkdir()
    reference = charts.write_charts(tmp_path / "plain", ranking)
    assert [p.name for p in fast] == [p.name for p in reference] and len(fast) == 5
    for mine, theirs in zip(fast, reference):
        assert mine.read_bytes() == theirs.read_bytes(), mine.name
