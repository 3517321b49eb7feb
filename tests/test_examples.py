"""Every ruleset in criteria/ is clean and ships examples whose expected results hold.

A rule author adds ``criteria/<id>.json`` and ``criteria/examples/<id>/<name>.json`` (a
submission, or a workbook) with ``<name>.expected.json``; this module picks both up.  Expected
files hold a subset of the result: ``self``/``final`` totals (total, percent, band_id,
gate_reasons, …), ``criteria`` ({id: {self, appraisal, final, self_explanation, …}}), ``pool``,
``findings`` ([[code, criterion_id, stage, field]], exact; none by default).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from casekit import ROOT, check_result, load_json
from scoring.jobs.examples import example_inputs, expected_path as expected_file
from scoring.intake.pipeline import evaluate_file
from scoring.rules.load import check_ruleset, load_ruleset

CRITERIA = ROOT / "criteria"
EXAMPLES = CRITERIA / "examples"


def _rulesets() -> list[Path]:
    return sorted(p for p in CRITERIA.glob("*.json") if not p.name.endswith("schema.json"))


def _examples() -> list[object]:
    params = []
    for ruleset in _rulesets():
        for path in example_inputs(EXAMPLES / ruleset.stem):
            params.append(pytest.param(ruleset, path, id=f"{ruleset.stem}/{path.name}"))
    return params


@pytest.mark.parametrize("path", _rulesets(), ids=lambda p: p.name)
def test_ruleset_is_clean(path: Path) -> None:
    ruleset, findings = check_ruleset(path)
    assert ruleset is not None and not findings, "\n".join(map(str, findings))
    assert ruleset.id == path.stem, "the file name must be the ruleset id"


@pytest.mark.parametrize("path", _rulesets(), ids=lambda p: p.name)
def test_ruleset_has_examples(path: Path) -> None:
    assert example_inputs(EXAMPLES / path.stem), f"add an example under criteria/examples/{path.stem}/"


@pytest.mark.parametrize(("ruleset_path", "path"), _examples())
def test_example(ruleset_path: Path, path: Path) -> None:
    expected_path = expected_file(path)
    assert expected_path.exists(), f"missing {expected_path.name} next to {path.name}"
    result = evaluate_file(load_ruleset(ruleset_path), path)
    check_result(result, load_json(expected_path))


def test_dvk_examples_reports_each_difference(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An author's copy with one wrong expectation: exit 1, the difference named, the others pass."""
    import shutil

    from scoring.cli.app import main

    shutil.copy(CRITERIA / "qcdc-minh-hoa.json", tmp_path / "qcdc-minh-hoa.json")
    shutil.copytree(EXAMPLES / "qcdc-minh-hoa", tmp_path / "examples" / "qcdc-minh-hoa")
    assert main(["examples", str(tmp_path / "qcdc-minh-hoa.json")]) == 0
    wrong = tmp_path / "examples" / "qcdc-minh-hoa" / "so-xay-dung.expected.json"
    wrong.write_text(wrong.read_text(encoding="utf-8").replace('"total": 97, "band_id": "kha"',
                                                               '"total": 96, "band_id": "kha"'), encoding="utf-8")
    capsys.readouterr()
    assert main(["examples", str(tmp_path / "qcdc-minh-hoa.json")]) == 1
    out = capsys.readouterr().out
    assert "SAI " in out and "  - final.total: được 97, mong đợi 96" in out
    assert out.rstrip().endswith("3/4 ví dụ đạt.")
    assert main(["examples", str(tmp_path / "qcdc-minh-hoa.json"), "--thu-muc", str(tmp_path / "trong")]) == 1


def _workbook_example(tmp_path: Path, name: str, edit=None) -> Path:
    """A shipped JSON example as the filled workbook a rule author would write, its expected result
    on the sheet "Kết quả mong đợi" (in words, decimal commas) instead of a JSON file."""
    from openpyxl import load_workbook

    from scoring.cli.app import main
    from scoring.engine.submission import read_submission_json
    from scoring.workbook.fill import fill_workbook

    ruleset_path = CRITERIA / "dvcq-minh-hoa.json"
    ruleset = load_ruleset(ruleset_path)
    submission = read_submission_json(EXAMPLES / ruleset.id / f"{name}.json")
    expected = load_json(EXAMPLES / ruleset.id / f"{name}.expected.json")
    template = tmp_path / "mau.xlsx"
    assert main(["template", str(ruleset_path), "--unit-type", submission.unit.unit_type, "-o", str(template)]) == 0
    folder = tmp_path / "vi-du"
    folder.mkdir()
    book = fill_workbook(template, ruleset, submission, folder / f"{name}.xlsx")
    wb = load_workbook(book)
    sheet = wb.create_sheet("Kết quả mong đợi")
    sheet.append(["Nội dung", "Mã", "Mong đợi"])
    self_ = expected["self"]
    sheet.append(["Tổng điểm tự chấm", None, str(self_["total"]).replace(".", ",")])
    sheet.append(["Tỷ lệ tự chấm (%)", None, float(self_["percent"])])
    sheet.append(["Xếp loại tự chấm", None, self_["band_label"]])
    for node_id, want in expected["criteria"].items():
        if "self" in want and want["self"] is not None:
            sheet.append(["Điểm tự chấm", node_id, float(want["self"])])
        if want.get("applicable") is False:
            sheet.append(["Áp dụng", node_id, "không"])
    if edit:
        edit(sheet)
    wb.save(book)
    return folder


def test_an_example_written_as_a_workbook_with_its_expected_result_on_a_sheet(tmp_path: Path, capsys) -> None:
    from scoring.cli.app import main

    folder = _workbook_example(tmp_path, "so-moi-thanh-lap")
    ruleset = str(CRITERIA / "dvcq-minh-hoa.json")
    assert main(["examples", ruleset, "--thu-muc", str(folder)]) == 0, capsys.readouterr().out
    assert "ĐẠT" in capsys.readouterr().out
    wrong = _workbook_example(tmp_path / "sai", "so-moi-thanh-lap",
                              lambda sheet: sheet.append(["Tổng điểm cuối cùng", None, "99,5"]))
    assert main(["examples", ruleset, "--thu-muc", str(wrong)]) == 1
    printed = capsys.readouterr().out
    assert "SAI" in printed and "final.total" in printed and "99,5" in printed
    unknown = _workbook_example(tmp_path / "la", "so-moi-thanh-lap", lambda sheet: sheet.append(["Điểm linh tinh", "1", 3]))
    assert main(["examples", ruleset, "--thu-muc", str(unknown)]) == 1
    assert "không hiểu 'Điểm linh tinh'" in capsys.readouterr().out
