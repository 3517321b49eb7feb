"""Reading and scoring files for a round: the submission as read is kept (to be scored again with
the council's appraisal), and the round's own facts (lateness) are applied before scoring.

No Django here: this runs in worker processes and calls the engine, never the other way round.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator, Mapping, NamedTuple, Sequence

from scoring.intake.batch import OPEN_AHEAD, Rejected, _supported, collector_paused, pool_chunksize
from scoring.engine.score import score
from scoring.core.findings import DvkError, Location, make
from scoring.intake.pipeline import Opened, locate, open_ahead, read_input
from scoring.engine.result import Result
from scoring.rules.models import Ruleset
from scoring.engine.submission import Answer, Submission


class Outcome(NamedTuple):
    """One file: its result (or why it was refused) and the submission as read (JSON-ready)."""

    path: str
    result: Result | None
    rejected: Rejected | None
    data: dict[str, Any] | None


def effective(submission: Submission, late_fact: str | None = None, late: bool = False,
              appraisal: Mapping[str, Any] | None = None) -> Submission:
    """The submission to score: the late fact set for a late file, the council's appraisal values
    (criterion id → value, None to clear) in place of the workbook's."""
    changes: dict[str, Answer] = {}
    if late and late_fact:
        old = submission.answers.get(late_fact) or Answer()
        changes[late_fact] = old.model_copy(update={"self_value": True})
    for node_id, value in (appraisal or {}).items():
        old = changes.get(node_id) or submission.answers.get(node_id) or Answer()
        changes[node_id] = old.model_copy(update={"appraisal": value})
    if not changes:
        return submission
    return submission.model_copy(update={"answers": {**submission.answers, **changes}})


def as_data(submission: Submission) -> dict[str, Any]:
    """The submission as stored (decimals kept; see :mod:`scoring.workspace.jsoncodec`)."""
    return submission.model_dump(by_alias=True, exclude_none=True)


def from_data(data: Mapping[str, Any]) -> Submission:
    return Submission.model_validate(data)


def evaluate_path(ruleset: Ruleset, path: str, late_fact: str | None, late: bool,
                  opened: Opened | None = None) -> Outcome:
    """Read and score one file for a round; a refused file comes back with its reasons."""
    if not _supported(path):
        suffix = Path(path).suffix.lower()
        why = make("batch-unsupported-file", Location(file=path), suffix=suffix or path)
        return Outcome(path, None, Rejected(path, (why,)), None)
    try:
        read = read_input(path, ruleset, opened=opened)
        result = score(ruleset, effective(read.submission, late_fact, late), source=path)
    except DvkError as exc:
        return Outcome(path, None, Rejected(path, tuple(f.located(file=path) for f in exc.findings)), None)
    except Exception as exc:  # noqa: BLE001 - a bug must not sink the collection: the file is named
        why = make("batch-unexpected-error", Location(file=path), reason=f"{type(exc).__name__}: {exc}")
        return Outcome(path, None, Rejected(path, (why,)), None)
    if read.findings or result.findings:
        located = tuple(locate(f, read.cells) for f in result.findings)
        result = replace(result, findings=tuple(f.located(file=path) for f in read.findings) + located)
    data = as_data(read.submission)
    if not result.ok:
        ordered = tuple(sorted(result.findings, key=lambda f: not f.is_error))
        return Outcome(path, result, Rejected(path, ordered, result.unit_code, result.unit_name), data)
    return Outcome(path, result, None, data)


def evaluate_paths(ruleset: Ruleset, paths: Sequence[str], late_fact: str | None, late: bool,
                   jobs: int = 1) -> list[Outcome]:
    """:func:`evaluate_path` of every path, in order, in ``jobs`` processes."""
    if jobs <= 1 or len(paths) < 2:
        with collector_paused():
            return list(_many(ruleset, paths, late_fact, late))
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
    size = pool_chunksize(len(paths), jobs)
    chunks = [list(paths[i:i + size]) for i in range(0, len(paths), size)]
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init,
                             initargs=(ruleset, late_fact, late)) as pool:
        return [outcome for chunk in pool.map(_in_worker, chunks) for outcome in chunk]


def _many(ruleset: Ruleset, paths: Sequence[str], late_fact: str | None, late: bool) -> Iterator[Outcome]:
    for start in range(0, len(paths), OPEN_AHEAD):
        chunk = paths[start:start + OPEN_AHEAD]
        opened = [open_ahead(path) for path in chunk]
        for path, ahead in zip(chunk, opened):
            yield evaluate_path(ruleset, path, late_fact, late, ahead)


_WORKER: dict[str, Any] = {}


def _init(ruleset: Ruleset, late_fact: str | None, late: bool) -> None:
    _WORKER.update(ruleset=ruleset, late_fact=late_fact, late=late)


def _in_worker(paths: list[str]) -> list[Outcome]:
    with collector_paused():
        return list(_many(_WORKER["ruleset"], paths, _WORKER["late_fact"], _WORKER["late"]))
