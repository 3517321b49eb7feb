"""Opening workbooks ahead of reading them (scoring.intake.batch.evaluate_many) changes nothing but speed.

Every outcome, good or bad, equals what evaluating the files one by one gives, in the same order,
across chunk boundaries, for both reading engines; an error opening a file is that file's alone.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import scoring.intake.batch as batch
from scoring.intake.batch import Reading, Rejected, evaluate_many, evaluate_one, run_batch
from scoring.intake.pipeline import open_ahead
from scoring.engine.result import Result
from scoring.rules.load import load_ruleset

HERE = Path(__file__).parent / "workbooks"
QUIRKS = load_ruleset(HERE / "quirks-ruleset.json")
ROOT = Path(__file__).resolve().parent.parent


def _mixed_inputs(tmp_path: Path) -> list[str]:
    """Every quirk workbook (good, warned and refused), plus a JSON file, an unsupported file and
    a missing one, interleaved so that bad files fall on chunk boundaries."""
    paths = [str(p) for p in sorted(HERE.glob("*.xlsx"))]
    (tmp_path / "ghi-chu.txt").write_text("không phải bản tự chấm", encoding="utf-8")
    (tmp_path / "hong.json").write_text('{"ruleset": ', encoding="utf-8")
    extras = [str(tmp_path / "ghi-chu.txt"), str(tmp_path / "hong.json"), str(tmp_path / "khong-co.xlsx")]
    return [p for pair in zip(paths, extras * len(paths)) for p in pair] + paths[len(extras):]


@pytest.mark.parametrize("engine", ["calamine", "openpyxl"])
@pytest.mark.parametrize("ahead", [1, 3, 128])
def test_outcomes_equal_one_by_one_evaluation(tmp_path, monkeypatch, engine, ahead):
    paths = _mixed_inputs(tmp_path)
    expected = [evaluate_one(QUIRKS, p, Reading(engine)).outcome for p in paths]
    monkeypatch.setattr(batch, "OPEN_AHEAD", ahead)
    got = [e.outcome for e in evaluate_many(QUIRKS, paths, Reading(engine))]
    assert got == expected
    kinds = {type(o) for o in got}
    assert kinds == {Result, Rejected}  # the mix really has both


def test_an_error_opening_is_reported_in_that_files_turn(tmp_path, monkeypatch):
    good, bad = HERE / "clean.xlsx", tmp_path / "hong.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    paths = [str(good), str(bad), str(good)]
    monkeypatch.setattr(batch, "OPEN_AHEAD", 3)
    first, broken, last = (e.outcome for e in evaluate_many(QUIRKS, paths))
    assert isinstance(first, Result) and isinstance(last, Result)
    assert isinstance(broken, Rejected) and broken.file == str(bad)
    assert broken.findings == evaluate_one(QUIRKS, str(bad)).outcome.findings


def test_opened_workbook_is_read_as_the_file_would_be(tmp_path):
    """The file can change or vanish after it was opened: what is read is what was opened."""
    copy = tmp_path / "clean.xlsx"
    shutil.copy(HERE / "clean.xlsx", copy)
    opened = open_ahead(copy)
    copy.unlink()
    result = evaluate_one(QUIRKS, str(copy), opened=opened).outcome
    original = evaluate_one(QUIRKS, str(HERE / "clean.xlsx")).outcome
    assert isinstance(result, Result) and result.source == str(copy)
    assert (result.criteria, result.final) == (original.criteria, original.final)


def test_worker_processes_give_the_same_batch(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(ROOT / "sample_inputs", folder)
    shutil.copy(HERE / "random-bytes.xlsx", folder / "hong.xlsx")
    ruleset = load_ruleset(ROOT / "criteria" / "dvcq-minh-hoa.json")
    one, two = run_batch(ruleset, [folder], jobs=1), run_batch(ruleset, [folder], jobs=2)
    assert one.accepted == two.accepted and one.rejected == two.rejected
    assert len(one.accepted) == 20 and [Path(r.file).name for r in one.rejected] == ["hong.xlsx"]
