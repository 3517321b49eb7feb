"""Fixed-seed fuzzing in the suite: 300 mutants of each kind end as results or located findings
(30 of each round council sheet, which go through a workspace).

The long run (10,000 of each) is ``python tools/fuzz.py``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

TOOL = Path(__file__).resolve().parent.parent / "tools" / "fuzz.py"
spec = importlib.util.spec_from_file_location("dvk_fuzz", TOOL)
fuzz = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = fuzz  # its dataclasses look their module up
spec.loader.exec_module(fuzz)

COUNT = 300


@pytest.mark.parametrize("kind", ["rulesets", "submissions", "workbooks"])
def test_mutants_end_as_results_or_located_findings(tmp_path, kind):
    tally = getattr(fuzz, f"fuzz_{kind}")(COUNT, 20251130, tmp_path)
    assert tally.runs == COUNT
    assert tally.failures == []
    assert tally.refused > 0 and tally.accepted + tally.refused == COUNT  # the mutants did bite


COUNCIL_COUNT = 30


@pytest.mark.parametrize("kind", ["appraisal_sheets", "explanations_sheets"])
def test_council_sheet_mutants_are_taken_as_they_say_or_refused_at_their_place(tmp_path, monkeypatch, kind):
    """Mutants of the round's council sheets (rows and columns deleted, doubled, inserted, keys
    and meta edited, values of the wrong type, far cells, raw zip damage) through the library's
    import: no exception, no hang, no silent drop (see tools/fuzz_council.py)."""
    monkeypatch.setenv("DVK_ACTOR", "kiem-thu")
    monkeypatch.delenv("DVK_DATABASE_URL", raising=False)
    tally = getattr(fuzz, f"fuzz_{kind}")(COUNCIL_COUNT, 20251206, tmp_path)
    assert tally.runs == COUNCIL_COUNT
    assert tally.failures == []
    assert tally.refused > 0 and tally.accepted > 0 and tally.accepted + tally.refused == COUNCIL_COUNT


def test_a_failure_is_caught_and_reported(tmp_path):
    tally = fuzz.Tally("test")

    def broken() -> str:
        raise ZeroDivisionError("x")

    fuzz._run(tally, "broken", broken)
    fuzz._run(tally, "unlocated", lambda: "a finding without a file")
    assert [f.split(":")[0] for f in tally.failures] == ["broken", "unlocated"]


def test_roster_mutants_are_taken_whole_or_refused_at_a_place(tmp_path):
    """Mutated roster .xlsx and .csv (far cells, formulas, look-alike codes, control characters,
    encodings, cuts) through ``read_roster``: no crash, no hang, no unit dropped without a word.
    The long run: ``python tools/fuzz.py --kind roster --count 10000``."""
    tally = fuzz.fuzz_roster(60, 20251206, tmp_path)
    assert tally.runs == 60 and tally.failures == []
    assert tally.refused > 0 and tally.accepted > 0 and tally.accepted + tally.refused == 60
