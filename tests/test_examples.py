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
from scoring.pipeline import WORKBOOK_SUFFIXES, evaluate_file
from scoring.ruleset.load import check_ruleset, load_ruleset

CRITERIA = ROOT / "criteria"
EXAMPLES = CRITERIA / "examples"
EXPECTED_SUFFIX = ".expected.json"


def _rulesets() -> list[Path]:
    return sorted(p for p in CRITERIA.glob("*.json") if not p.name.endswith("schema.json"))


def _inputs(folder: Path) -> list[Path]:
    suffixes = (".json", *WORKBOOK_SUFFIXES)
    return sorted(p for p in folder.glob("*") if p.is_file() and p.name.lower().endswith(suffixes)
                  and not p.name.endswith(EXPECTED_SUFFIX) and not p.name.startswith("~$"))


def _examples() -> list[object]:
    params = []
    for ruleset in _rulesets():
        for path in _inputs(EXAMPLES / ruleset.stem):
            params.append(pytest.param(ruleset, path, id=f"{ruleset.stem}/{path.name}"))
    return params


@pytest.mark.parametrize("path", _rulesets(), ids=lambda p: p.name)
def test_ruleset_is_clean(path: Path) -> None:
    ruleset, findings = check_ruleset(path)
    assert ruleset is not None and not findings, "\n".join(map(str, findings))
    assert ruleset.id == path.stem, "the file name must be the ruleset id"


@pytest.mark.parametrize("path", _rulesets(), ids=lambda p: p.name)
def test_ruleset_has_examples(path: Path) -> None:
    assert _inputs(EXAMPLES / path.stem), f"add an example under criteria/examples/{path.stem}/"


@pytest.mark.parametrize(("ruleset_path", "path"), _examples())
def test_example(ruleset_path: Path, path: Path) -> None:
    expected_path = path.with_name(path.name.split(".")[0] + EXPECTED_SUFFIX)
    assert expected_path.exists(), f"missing {expected_path.name} next to {path.name}"
    result = evaluate_file(load_ruleset(ruleset_path), path)
    check_result(result, load_json(expected_path))
