"""One file in, one located result out: read (JSON or workbook), score, point findings at cells.

This is the unit of work of ``dvk score`` and of each worker in ``dvk rank``, ``dvk round
collect`` and a portal upload (:func:`scoring.intake.batch.evaluate_one`).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import DecimalException
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

from scoring.core.findings import DvkError, Finding, Location, make
from scoring.engine.result import Result
from scoring.engine.score import score
from scoring.engine.submission import (
    CellMap,
    Submission,
    SubmissionInput,
    read_json_input,
    with_values,
)
from scoring.intake.collect import (
    WORKBOOK_SUFFIXES,  # named beside the other input suffixes
)
from scoring.intake.jsonclean import clean_numbers
from scoring.rules.models import Ruleset

if TYPE_CHECKING:
    from scoring.workbook.read import OpenedWorkbook



#: Inputs set from elsewhere than the file: the submission in, the submission out with a finding
#: for each value replaced.
Adjust = Callable[[Submission], "tuple[Submission, Sequence[Finding]]"]


def is_workbook(path: str | Path) -> bool:
    return str(path).lower().endswith(WORKBOOK_SUFFIXES)


def read_input(path: str | Path, ruleset: Ruleset, engine: str = "calamine",
               opened: Opened | None = None) -> SubmissionInput:
    """Read a JSON submission or a workbook; raise :class:`~scoring.core.findings.DvkError` if unusable.

    ``opened``: the workbook at ``path`` as :func:`open_ahead` opened it earlier.
    """
    if opened is not None:
        from scoring.workbook.read import read_opened

        return read_opened(opened.get(), ruleset)
    if is_workbook(path):
        from scoring.workbook.read import read_workbook

        return read_workbook(path, ruleset, engine=engine)
    read = read_json_input(path)
    # numbers written as text: accepted with a warning, as a workbook accepts them
    submission, notes = clean_numbers(read.submission, ruleset, str(path))
    return replace(read, submission=submission, findings=tuple(notes)) if notes else read


class Opened:
    """A workbook opened ahead of being read (:func:`~scoring.workbook.read.open_workbook`),
    or the error opening it raised, raised again by :meth:`get` when the file is read."""

    def __init__(self, path: str | Path, engine: str):
        from scoring.workbook.read import open_workbook

        try:
            self._book, self._error = open_workbook(path, engine), None
        except Exception as exc:  # noqa: BLE001 - kept, and raised again in the file's turn
            self._book, self._error = None, exc

    def get(self) -> OpenedWorkbook:
        if self._error is not None:
            raise self._error
        return self._book


def open_ahead(path: str | Path, engine: str = "calamine") -> Opened | None:
    """The workbook at ``path`` opened now, to be read later (None for a JSON file)."""
    return Opened(path, engine) if is_workbook(path) else None


def read_submission(path: str | Path, ruleset: Ruleset) -> tuple[Submission, list[Finding]]:
    """The submission in a JSON file or workbook, with the reader's findings (warnings)."""
    read = read_input(path, ruleset)
    return read.submission, list(read.findings)


def evaluate_file(ruleset: Ruleset, path: str | Path, engine: str = "calamine",
                  opened: Opened | None = None, facts: Mapping[str, Any] | None = None) -> Result:
    """Read and score one file; reader findings first, engine findings located at their cells.

    ``opened``: the workbook at ``path`` as :func:`open_ahead` opened it earlier.  ``facts``: self
    values set before scoring (a round's lateness fact; see :func:`~scoring.engine.submission.with_values`).
    """
    return evaluate_read(ruleset, path, engine, opened, facts)[1]


def evaluate_read(ruleset: Ruleset, path: str | Path, engine: str = "calamine", opened: Opened | None = None,
                  facts: Mapping[str, Any] | None = None, adjust: Adjust | None = None) -> tuple[Submission, Result]:
    """:func:`evaluate_file`, with the submission as read (before ``facts`` were set).

    ``adjust(submission)``: inputs taken from elsewhere than the file (the "Dân vận khéo" model
    register), with a finding for each value it replaced; those findings follow the reader's.
    """
    source = str(path)
    read = read_input(path, ruleset, engine=engine, opened=opened)
    submission, adjusted = with_values(read.submission, facts) if facts else read.submission, ()
    if adjust is not None:
        submission, adjusted = adjust(submission)
    try:
        result = score(ruleset, submission, source=source)
    except DecimalException:  # a backstop: inputs are range-checked before any arithmetic
        raise DvkError([make("score-arithmetic", Location(file=source))]) from None
    if not read.findings and not adjusted and not result.findings:  # the usual case: nothing to locate
        return read.submission, result
    engine_findings = result.findings
    lost = explained(read.findings) if read.findings else ()
    if lost:  # the reader said why these inputs read blank: no "chưa nhập" on top of it
        engine_findings = tuple(f for f in engine_findings if f.code != "input-missing" or
                                (f.location.criterion_id, f.location.stage, f.location.field) not in lost)
    reader = tuple(f.located(file=source) for f in read.findings)
    replaced = tuple(locate(f, read.cells).located(file=source) for f in adjusted)
    located = tuple(locate(f, read.cells) for f in engine_findings)
    return read.submission, replace(result, findings=reader + replaced + located)


#: Reader findings that say why an input reads blank (scoring.workbook.cellcheck).
EXPLAINING = ("workbook-merged-input", "workbook-formula-no-value")


def explained(findings: tuple[Finding, ...]) -> set[tuple[str | None, str | None, str | None]]:
    """(criterion id, stage, field) of the inputs whose blankness a reader finding explains."""
    return {(f.location.criterion_id, f.location.stage, f.location.field)
            for f in findings if f.code in EXPLAINING}


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
