"""scoring.jobs.dataframes: results as pandas DataFrames, Decimals converted as asked."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from casekit import ROOT, ruleset_from, submission_for
from scoring.jobs.dataframes import criteria_frame, rank_frames, units_frame
from scoring.engine.score import score
from scoring.engine.ranking import rank

MANUAL = {"type": "manual", "step": "0.25"}
SPEC = {"criteria": [{"id": "a", "max": 60, "method": MANUAL}, {"id": "b", "max": 40, "method": MANUAL}],
        "blocks": [{"id": "k", "name": "Khối thử", "unit_types": ["u"]}]}


@pytest.fixture(scope="module")
def ranking():
    ruleset = ruleset_from({**SPEC, "criteria": [{**c, "method": {**MANUAL, "step": Decimal("0.25")}} for c in SPEC["criteria"]]})
    u1 = submission_for(ruleset, {"a": {"self": 55.5, "appraisal": 50.25, "evidence": "Báo cáo số 1",
                                        "appraisal_note": "Thiếu biên bản"}, "b": {"self": 38, "note": "Đủ"}},
                        {"unit": {"code": "U1", "name": "Đơn vị 1"}})
    u2 = submission_for(ruleset, {"a": {"self": 40}, "b": {"self": 25.75}}, {"unit": {"code": "U2", "name": "Đơn vị 2"}})
    return rank(ruleset, [score(ruleset, u1), score(ruleset, u2)])


def test_one_long_row_per_unit_criterion_and_stage_with_exact_decimals(ranking) -> None:
    frame = criteria_frame(ranking)
    assert list(frame[["unit_code", "criterion_id", "stage"]].itertuples(index=False, name=None)) == [
        ("U1", "a", "self"), ("U1", "a", "appraisal"), ("U1", "a", "final"), ("U1", "b", "self"), ("U1", "b", "final"),
        ("U2", "a", "self"), ("U2", "a", "final"), ("U2", "b", "self"), ("U2", "b", "final")]
    u1a = frame[(frame.unit_code == "U1") & (frame.criterion_id == "a")].set_index("stage")
    assert u1a.loc["self", "points"] == Decimal("55.5") and isinstance(u1a.loc["self", "points"], Decimal)
    assert u1a.loc["appraisal", "points"] == u1a.loc["final", "points"] == Decimal("50.25")
    assert (u1a["max"] == Decimal(60)).all() and (u1a["evidence"] == "Báo cáo số 1").all()
    assert u1a.loc["appraisal", "note"] == "Thiếu biên bản" and u1a.loc["self", "note"] is None
    assert "55,5" in u1a.loc["self", "explanation"]
    assert frame[frame.stage == "final"].points.sum() == Decimal("50.25") + 38 + 40 + Decimal("25.75")
    assert frame.applicable.dtype == bool and frame.applicable.all()


def test_one_row_per_unit_with_totals_class_and_ranks(ranking) -> None:
    frame = units_frame(ranking).set_index("unit_code")
    assert frame.loc["U1", "self_total"] == Decimal("93.5") and frame.loc["U1", "total"] == Decimal("88.25")
    assert frame.loc["U2", "total"] == Decimal("65.75")
    assert list(frame.band) == ["Khá", "Trung bình"] and list(frame.band_id) == ["kha", "tb"]
    assert list(frame["rank"]) == [1, 2] and str(frame["rank"].dtype) == "Int64"
    assert list(frame.block) == ["Khối thử", "Khối thử"] and list(frame.appraised) == [True, False]


def test_decimals_float_and_str(ranking) -> None:
    floats = units_frame(ranking, decimals="float")
    assert floats.total.dtype == "float64" and list(floats.total) == [88.25, 65.75]
    texts = criteria_frame(ranking, decimals="str")
    assert texts.points.iloc[0] == "55.50" and texts.points.map(type).eq(str).all()
    with pytest.raises(ValueError):
        units_frame(ranking, decimals="double")  # type: ignore[arg-type]


def test_rank_frames_agree_with_dvk_rank_results(tmp_path: Path) -> None:
    from scoring.cli.app import main

    units, criteria = rank_frames(ROOT / "criteria" / "dvcq-minh-hoa.json", [ROOT / "sample_inputs"])
    assert main(["rank", str(ROOT / "criteria" / "dvcq-minh-hoa.json"), str(ROOT / "sample_inputs"),
                 "--out", str(tmp_path / "kq"), "--quiet"]) == 0
    published = json.loads((tmp_path / "kq" / "ket-qua.json").read_text(encoding="utf-8"), parse_float=Decimal)
    by_code = {u["unit_code"]: u for u in published["units"]}
    assert list(units.unit_code) == [u["unit_code"] for u in published["units"]]  # the published order
    for row in units.itertuples():
        unit = by_code[row.unit_code]
        ranks = tuple(None if pd.isna(r) else int(r) for r in (row.rank, row.overall_rank))
        assert (row.total, row.band, *ranks) == (
            unit["result"]["final"]["total"], unit["band_label"], unit["rank"], unit["overall_rank"])
    final = criteria[criteria.stage == "final"]
    for code, unit in ((c, u["result"]) for c, u in by_code.items()):
        points = dict(final[final.unit_code == code][["criterion_id", "points"]].itertuples(index=False, name=None))
        expected = {c["id"]: c[c["final_stage"]]["points"] for c in unit["criteria"] if c["applies"]}
        assert points == expected


def test_importing_scoring_and_the_module_does_not_load_pandas() -> None:
    code = "import sys, scoring, scoring.jobs.dataframes, scoring.cli.app; print('pandas' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
    assert isinstance(units_frame, object) and pd.__name__ == "pandas"
