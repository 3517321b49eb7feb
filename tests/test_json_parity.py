"""JSON submissions and workbooks accept the same inputs: a number written as text is read as a
number with a warning in both, and text that is not a number is the same located error in both."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from scoring.intake.pipeline import evaluate_file, read_input
from scoring.rules.load import load_ruleset

HERE = Path(__file__).parent / "workbooks"
QUIRKS = load_ruleset(HERE / "quirks-ruleset.json")


def _plain(value):
    """A Decimal as a JSON number, a date as its ISO text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value.isoformat()


def _as_json(workbook: Path, tmp_path: Path, edit) -> Path:
    """The workbook's submission written as JSON, with ``edit`` applied to its answers."""
    submission = read_input(workbook, QUIRKS).submission
    data = submission.model_dump(mode="python", by_alias=True, exclude={"cells"}, exclude_none=True)
    data = json.loads(json.dumps(data, default=_plain))
    edit(data["answers"])
    path = tmp_path / f"{workbook.stem}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _same_scores(a, b) -> None:
    assert (a.self_totals.total, a.final.total, a.final.band_id) == (b.self_totals.total, b.final.total, b.final.band_id)
    assert [c.self for c in a.criteria] == [c.self for c in b.criteria]


def test_number_as_text_is_a_warning_in_json_as_in_a_workbook(tmp_path):
    def typed_as_text(answers):
        answers["1.3"]["self"]["numerator"] = "8"
        answers["1.10"]["self"] = "1,5"
    workbook = evaluate_file(QUIRKS, HERE / "clean.xlsx")
    path = _as_json(HERE / "clean.xlsx", tmp_path, typed_as_text)
    result = evaluate_file(QUIRKS, path)
    assert result.ok
    _same_scores(result, workbook)
    warned = sorted((f.code, f.location.json_path) for f in result.findings)
    assert warned == [("input-number-as-text", "$.answers['1.10'].self"),
                      ("input-number-as-text", "$.answers['1.3'].self.numerator")]
    assert "đã hiểu là 1,5" in " ".join(f.message for f in result.findings)
    quirk = evaluate_file(QUIRKS, HERE / "number-as-text.xlsx")  # the same "8" typed in Excel
    assert [f.severity for f in quirk.findings] == ["warning"]
    points = {c.id: c.self.points for c in quirk.criteria}
    assert points["1.3"] == next(c.self.points for c in result.criteria if c.id == "1.3")


def test_text_that_is_not_a_number_is_an_error_in_both(tmp_path):
    def words(answers):
        answers["1.10"]["self"] = "một rưỡi"
    result = evaluate_file(QUIRKS, _as_json(HERE / "clean.xlsx", tmp_path, words))
    workbook = evaluate_file(QUIRKS, HERE / "text-in-number.xlsx")
    assert [f.code for f in result.errors] == [f.code for f in workbook.errors] == ["input-not-number"]
    assert result.errors[0].location.json_path == "$.answers['1.10'].self"


def test_a_json_number_stays_exact_and_unwarned(tmp_path):
    path = _as_json(HERE / "clean.xlsx", tmp_path, lambda answers: None)
    result = evaluate_file(QUIRKS, path)
    assert result.ok and not result.findings
