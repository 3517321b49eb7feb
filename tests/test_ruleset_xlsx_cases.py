"""Ruleset workbooks that once crashed ``dvk ruleset from-xlsx`` (exit 70, KeyError 'items'): a
criterion refused for its parent group, followed by another criterion's item rows.  They now end
in located findings at the cells to fix (tests/cases/round/ruleset-xlsx/, from the fuzz run)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.cli.app import main
from scoring.jobs.ruleset_xlsx.read import read_ruleset_xlsx

CASES = Path(__file__).parent / "cases" / "round" / "ruleset-xlsx"


@pytest.mark.parametrize("name", ["ruleset-xlsx-keyerror-items.xlsx", "m-2-01712.xlsx"])
def test_item_rows_after_a_refused_criterion_are_located_findings(tmp_path, capsys, name):
    path = CASES / name
    data, findings = read_ruleset_xlsx(path)
    assert data is None and findings
    assert {f.code for f in findings} >= {"ruleset-xlsx-parent"}
    assert all(f.location.file == str(path) and f.location.sheet and f.location.cell for f in findings)
    out = tmp_path / "rs.json"
    assert main(["ruleset", "from-xlsx", str(path), "-o", str(out)]) == 1
    assert not out.exists() and "Thuộc nhóm" in capsys.readouterr().out
