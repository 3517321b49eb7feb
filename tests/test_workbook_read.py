"""Reading workbooks: same results as JSON, same results from both engines, located findings."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from scoring.engine.score import score
from scoring.core.findings import DvkError
from scoring.intake.pipeline import evaluate_file
from scoring.rules.index import index_of
from scoring.rules.load import load_ruleset
from scoring.engine.submission import Submission, read_submission_json
from scoring.workbook.fill import fill_workbook
from scoring.workbook.read import read_workbook
from scoring.workbook.synth import leaf_value, random_answers
from scoring.workbook.template import write_template

ROOT = Path(__file__).parent.parent
RULESET = load_ruleset(ROOT / "criteria" / "dvcq-minh-hoa.json")
EXAMPLE = ROOT / "criteria" / "examples" / "dvcq-minh-hoa" / "xa-mau-son.json"
SAMPLES = sorted((ROOT / "sample_inputs").glob("*.xlsx"))


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("templates")
    return {u.id: write_template(RULESET, u.id, folder / f"{u.id}.xlsx") for u in RULESET.unit_types}


def comparable(result) -> dict:
    data = result.to_dict()
    data.pop("source")
    for finding in data["findings"]:
        for key in ("file", "sheet", "cell", "json_path"):
            finding.pop(key, None)
    return data


def test_json_and_workbook_give_identical_results(templates, tmp_path):
    submission = read_submission_json(EXAMPLE)
    path = fill_workbook(templates["ubnd_xa"], RULESET, submission, tmp_path / "xa.xlsx")
    from_json = evaluate_file(RULESET, EXAMPLE)
    for engine in ("calamine", "openpyxl"):
        assert comparable(evaluate_file(RULESET, path, engine=engine)) == comparable(from_json)


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_engines_identical_on_samples(sample):
    a = read_workbook(sample, RULESET, engine="calamine")
    b = read_workbook(sample, RULESET, engine="openpyxl")
    assert a.submission == b.submission
    assert a.findings == b.findings
    assert a.cells == b.cells


def _random_submission(unit_type: str, seed: int, strength: float, appraise: float) -> Submission:
    rng = random.Random(seed)
    answers = random_answers(RULESET, unit_type, rng, strength, zero_denominators=0.2)
    index = index_of(RULESET)
    for info in index.leaves:
        if info.applies(unit_type) and rng.random() < appraise:
            answers.setdefault(info.id, {})["appraisal"] = leaf_value(info, rng, rng.random())
            answers[info.id]["appraisal_note"] = rng.choice([None, "Đã kiểm tra hồ sơ", "Thiếu biên bản"])
        if info.id in answers and rng.random() < 0.3:
            answers[info.id]["evidence"] = f"Văn bản số {rng.randint(1, 99)}/KH"
    for item in index.pool_items:
        limit = item.item.max_count or 3
        answers[item.item.id]["self"] = rng.randint(0, limit)
        if rng.random() < appraise:
            answers[item.item.id]["appraisal"] = rng.randint(0, limit)
    for fact in index.facts:
        answers[fact.fact.id]["self"] = rng.random() < 0.15
    return Submission.model_validate({
        "ruleset": {"id": RULESET.id, "version": RULESET.version},
        "unit": {"code": f"U{seed}", "name": "Đơn vị ngẫu nhiên (hư cấu)", "unit_type": unit_type},
        "year": 2025, "answers": answers})


@pytest.mark.property
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(unit_type=st.sampled_from(["ubnd_xa", "so_ban_nganh", "dvsncl"]), seed=st.integers(0, 10**6),
       strength=st.floats(0, 1), appraise=st.sampled_from([0.0, 0.5, 1.0]))
def test_filled_template_scores_like_json(templates, tmp_path, unit_type, seed, strength, appraise):
    submission = _random_submission(unit_type, seed, strength, appraise)
    path = fill_workbook(templates[unit_type], RULESET, submission, tmp_path / "u.xlsx")
    from_workbook = evaluate_file(RULESET, path)
    assert from_workbook.ok, [str(f) for f in from_workbook.findings]
    assert comparable(from_workbook) == comparable(score(RULESET, submission))


# --- engine findings located at cells -----------------------------------------------------------
def _locate(templates, tmp_path, raw):
    submission = read_submission_json(EXAMPLE)
    path = fill_workbook(templates["ubnd_xa"], RULESET, submission, tmp_path / "bad.xlsx", raw=raw)
    return evaluate_file(RULESET, path)


@pytest.mark.parametrize("raw, expected", [
    ({("6.3", "self", "points"): 2.75}, ("input-off-step", "6.3")),
    ({("6.3", "self", "points"): 4}, ("input-above-max", "6.3")),
    ({("3.4", "self", "level"): "Xuất sắc"}, ("level-unknown", "3.4")),
    ({("3.3", "self", "numerator"): 12}, ("numerator-above-denominator", "3.3")),
    ({("1.4", "self", "tre_han"): 1.5}, ("input-not-integer", "1.4")),
    ({("1.1", "self", "done"): "chắc là có"}, ("input-not-boolean", "1.1")),
    ({("T1", "self", "count"): 3}, ("count-above-limit", "T1")),
])
def test_engine_findings_located_at_the_input_cell(templates, tmp_path, raw, expected):
    result = _locate(templates, tmp_path, raw)
    [finding] = result.errors
    assert (finding.code, finding.location.criterion_id) == expected
    (node_id, stage, key), _ = next(iter(raw.items()))
    read = read_workbook(tmp_path / "bad.xlsx", RULESET)
    assert finding.location.sheet == "Tự chấm điểm"
    assert finding.location.cell == read.cells[(node_id, stage, key)].cell


def test_missing_required_input_located(templates, tmp_path):
    submission = read_submission_json(EXAMPLE)
    answers = dict(submission.answers)
    del answers["3.2"]
    path = fill_workbook(templates["ubnd_xa"], RULESET, submission.model_copy(update={"answers": answers}),
                         tmp_path / "missing.xlsx")
    [finding] = evaluate_file(RULESET, path).errors
    assert finding.code == "input-missing" and finding.location.criterion_id == "3.2"
    assert finding.location.cell.startswith("E")


def test_cell_map_has_id_cells_and_every_input(templates, tmp_path):
    submission = read_submission_json(EXAMPLE)
    path = fill_workbook(templates["ubnd_xa"], RULESET, submission, tmp_path / "x.xlsx")
    cells = read_workbook(path, RULESET).cells
    assert cells[("2.1", None, None)].cell.startswith("A")
    assert cells[("2.1", "self", "numerator")].cell[0] == "E"
    assert cells[("2.1", "appraisal", "denominator")].cell[0] == "I"
    assert cells[("D2", "self", "count")].criterion_id == "D2"


def test_unit_details_missing_are_errors(templates, tmp_path):
    read = read_workbook(templates["dvsncl"], RULESET)
    found = [(f.code, f.location.cell) for f in read.findings]
    assert found == [("workbook-detail-missing", "B3"), ("workbook-detail-missing", "B4"),
                     ("workbook-detail-missing", "B6")]


def test_bad_year_is_an_error(templates, tmp_path):
    submission = read_submission_json(EXAMPLE)
    path = fill_workbook(templates["ubnd_xa"], RULESET, submission, tmp_path / "y.xlsx",
                         details_raw={"year": "năm nay"})
    [finding] = read_workbook(path, RULESET).findings
    assert (finding.code, finding.location.cell) == ("workbook-detail-invalid", "B6")


def test_decimal_comma_value_is_exact(templates, tmp_path):
    submission = read_submission_json(EXAMPLE)
    path = fill_workbook(templates["ubnd_xa"], RULESET, submission, tmp_path / "c.xlsx",
                         raw={("4.1", "self", "value"): "85,3"})
    read = read_workbook(path, RULESET)
    assert read.submission.answers["4.1"].self_value == Decimal("85.3")
    assert [f.code for f in read.findings] == ["workbook-decimal-comma"]


def test_missing_file_is_a_finding(tmp_path):
    with pytest.raises(DvkError) as caught:
        read_workbook(tmp_path / "khong-co.xlsx", RULESET)
    assert caught.value.findings[0].code == "file-not-found"


def test_unknown_engine_is_refused():
    with pytest.raises(ValueError):
        read_workbook(SAMPLES[0], RULESET, engine="pandas")
