"""dvk: scoring of "công tác dân vận" and "Dân vận khéo" assessments from declarative rulesets.

The public API mirrors the pipeline: :func:`load_ruleset` → :func:`read_submission` →
:func:`score` → :func:`rank` → :func:`write_reports`.  Heavy modules (openpyxl, pandas,
matplotlib) are imported only by the functions that need them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scoring.engine import score
from scoring.findings import DvkError, Finding, Location
from scoring.result import Result
from scoring.ruleset.load import check_ruleset, fingerprint, load_ruleset
from scoring.ruleset.models import Ruleset
from scoring.submission import Submission, read_submission_json

__version__ = "0.1.0"


def read_submission(path: str | Path, ruleset: Ruleset | None = None) -> tuple[Submission, list[Finding]]:
    """Read a JSON submission or a filled workbook; return it with the reader's warnings.

    Workbooks need ``ruleset`` (rows are matched by criterion id).  Raises :class:`DvkError` when
    the file cannot be read at all.
    """
    if str(path).lower().endswith((".xlsx", ".xlsm", ".xls", ".xltx")):
        from scoring.workbook.read import read_workbook

        if ruleset is None:
            raise ValueError("reading a workbook needs the ruleset")
        return read_workbook(path, ruleset)
    return read_submission_json(path), []


__all__ = [
    "DvkError", "Finding", "Location", "Result", "Ruleset", "Submission", "check_ruleset",
    "fingerprint", "load_ruleset", "read_submission", "score",
]


def __getattr__(name: str) -> Any:
    if name == "rank":
        from scoring.ranking import rank

        return rank
    if name == "write_reports":
        from scoring.reports import write_reports

        return write_reports
    raise AttributeError(name)
