"""The bundled sample workbooks: all accepted, and spread over what the ruleset can express."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.intake.pipeline import evaluate_file
from scoring.rules.load import load_ruleset

ROOT = Path(__file__).parent.parent
RULESET = load_ruleset(ROOT / "criteria" / "dvcq-minh-hoa.json")
SAMPLES = sorted((ROOT / "sample_inputs").glob("*.xlsx"))


@pytest.fixture(scope="module")
def results():
    return {p.stem: evaluate_file(RULESET, p) for p in SAMPLES}


def test_about_twenty_samples():
    assert 18 <= len(SAMPLES) <= 30


def test_every_sample_accepted(results):
    for stem, result in results.items():
        assert result.ok, (stem, [str(f) for f in result.errors])


def test_samples_cover_types_blocks_and_classes(results):
    values = list(results.values())
    assert {r.unit_type for r in values} == {u.id for u in RULESET.unit_types}
    assert {r.block_id for r in values} == {b.id for b in RULESET.blocks}
    assert {r.final.band_label for r in values} >= {"Tốt", "Khá", "Trung bình", "Yếu"}
    assert any(not r.final.classified for r in values)


def test_samples_exercise_gates_appraisal_pools_and_warnings(results):
    values = list(results.values())
    reasons = {reason for r in values for reason in r.final.gate_reasons}
    assert len(reasons) >= 3
    assert any(r.appraised for r in values)
    assert any(c.diff is not None and c.diff < 0 for r in values for c in r.criteria)
    assert any(r.final.bonus > 0 for r in values) and any(r.final.deductions > 0 for r in values)
    assert any(not c.self.applicable for r in values for c in r.criteria if c.applies and c.self)
    codes = {f.code for r in values for f in r.findings}
    assert {"workbook-decimal-comma", "workbook-number-as-text"} <= codes
    appraiser_only = [c for r in values for c in r.criteria if c.id == "7.1" and c.appraisal]
    assert appraiser_only
