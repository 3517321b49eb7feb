"""One file in, one located result out: read (JSON or workbook), score, point findings at cells.

This is the unit of work of ``dvk score`` and of each worker in ``dvk rank``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from scoring.engine import score
from scoring.findings import Finding
from scoring.result import Result
from scoring.ruleset.models import Ruleset
from scoring.submission import CellMap, Submission, SubmissionInput, read_json_input

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb", ".ods")


def is_workbook(path: str | Path) -> bool:
    return str(path).lower().endswith(WORKBOOK_SUFFIXES)


def read_input(path: str | Path, ruleset: Ruleset, engine: str = "calamine") -> SubmissionInput:
    """Read a JSON submission or a workbook; raise :class:`~scoring.findings.DvkError` if unusable."""
    if is_workbook(path):
        from scoring.workbook.read import read_workbook

        return read_workbook(path, ruleset, engine=engine)
    return read_json_input(path)


def read_submission(path: str | Path, ruleset: Ruleset) -> tuple[Submission, list[Finding]]:
    """The submission in a JSON file or workbook, with the reader's findings (warnings)."""
    read = read_input(path, ruleset)
    return read.submission, list(read.findings)


def evaluate_file(ruleset: Ruleset, path: str | Path, engine: str = "calamine") -> Result:
    """Read and score one file; reader findings first, engine findings located at their cells."""
    source = str(path)
    read = read_input(path, ruleset, engine=engine)
    result = score(ruleset, read.submission, source=source)
    if not read.findings and not result.findings:  # the usual case: nothing to locate
        return result
    located = tuple(locate(f, read.cells) for f in result.findings)
    reader = tuple(f.located(file=source) for f in read.findings)
    return replace(result, findings=reader + located)


def locate(finding: Finding, cells: CellMap) -> Finding:
    """Fill the sheet/cell (or JSON path) of an engine finding from the reader's cell map."""
    loc = finding.location
    if loc.criterion_id is None:
        return finding
    for key in ((loc.criterion_id, loc.stage, loc.field), (loc.criterion_id, loc.stage, None),
                (loc.criterion_id, None, None)):
        where = cells.get(key)
        if where is not None:
            return replace(finding, location=loc.merged(where))
    return finding
