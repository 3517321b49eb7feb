"""Reading a folder of submissions: every file accepted or rejected with its reasons, none lost.

:func:`run_batch` expands the inputs, evaluates every file (in worker processes when that pays),
and sorts the outcome into accepted results and rejected files.  A file is rejected when it cannot
be read (a :class:`~scoring.core.findings.DvkError`), when its result carries an error finding (this
includes files made for another ruleset version), when another file claims the same unit code,
or when it is for another year than the rest of the batch.  ``dvk rank`` as a whole (batch,
ranking, reports, summary) is :func:`scoring.jobs.rank.run_rank`.
"""

from __future__ import annotations

import gc
import os
import sys
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from scoring.core.debug import detail
from scoring.core.findings import DvkError, Finding, Location, make
from scoring.core.unitcode import unit_key  # noqa: F401 - re-exported: how codes are matched
from scoring.engine.result import Result
from scoring.engine.submission import Submission, with_values
from scoring.engine.supplied import replaced_inputs
from scoring.intake.collect import collect_inputs
from scoring.intake.pipeline import Adjust, Opened, evaluate_read, is_workbook, open_ahead
from scoring.rules.models import Ruleset


@dataclass(frozen=True)
class Rejected:
    """A file that is not counted, with every reason (errors first, then warnings)."""

    file: str
    findings: tuple[Finding, ...]
    unit_code: str | None = None
    unit_name: str | None = None

    @property
    def reasons(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]


@dataclass(frozen=True)
class Batch:
    """The outcome of reading a batch: each input file is in exactly one of accepted/rejected."""

    files: tuple[str, ...]
    accepted: tuple[Result, ...]
    rejected: tuple[Rejected, ...]
    skipped: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    year: int | None = None
    #: Why each skipped folder entry was skipped (path → Vietnamese reason).
    skip_reasons: tuple[tuple[str, str], ...] = ()

    @property
    def accounted(self) -> bool:
        """True when every input file is accepted or rejected, exactly once."""
        seen = [r.source for r in self.accepted] + [r.file for r in self.rejected]
        return sorted(seen) == sorted(self.files)


@dataclass(frozen=True)
class Evaluated:
    """One file evaluated: its ``result`` (None when it could not be read), why it is refused
    (``rejected``, None when it counts), and, when asked for, the submission as read (``data``,
    JSON-ready: a round stores it and scores it again with the council's appraisal)."""

    path: str
    result: Result | None
    rejected: Rejected | None = None
    data: dict[str, Any] | None = None

    @property
    def outcome(self) -> Result | Rejected:
        """What ``dvk rank`` counts: the result, or the refusal."""
        return self.rejected if self.rejected is not None else self.result  # type: ignore[return-value]


@dataclass(frozen=True)
class Reading:
    """How every file of one evaluation is read: the workbook parser, the self values set before
    scoring (a round's lateness fact), and whether the submission as read is kept.

    ``supplied``: unit key (:func:`unit_key`) → (input id → value, input id → evidence), the values
    a round sets for that unit whatever the file says (its round facts): a blank there is filled, a
    typed value is replaced with an ``input-set-by-round`` warning.
    """

    engine: str = "calamine"
    facts: tuple[tuple[str, Any], ...] = ()
    keep: bool = False
    supplied: Mapping[str, tuple[Mapping[str, Any], Mapping[str, str]]] = field(default_factory=dict)

    def adjust(self, ruleset: Ruleset) -> Adjust | None:
        """The values :attr:`supplied` sets, as :func:`~scoring.intake.pipeline.evaluate_read` takes them."""
        if not self.supplied:
            return None

        def supply(submission: Submission) -> tuple[Submission, Sequence[Finding]]:
            values, evidence = self.supplied.get(unit_key(submission.unit.code), ({}, {}))
            if not values:
                return submission, ()
            return (with_values(submission, values, evidence=evidence),
                    replaced_inputs(ruleset, submission, values, evidence))
        return supply


# --- evaluating one file (runs in worker processes) ---------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(ruleset: Ruleset, reading: Reading) -> None:
    _WORKER.update(ruleset=ruleset, reading=reading)


def _evaluate_in_worker(paths: list[str], mark: Callable[[int], None]) -> list[Evaluated]:
    with collector_paused():
        return list(evaluate_many(_WORKER["ruleset"], paths, _WORKER["reading"], mark))


def _worker_died(path: str) -> Evaluated:
    return Evaluated(path, None, Rejected(path, (make("batch-worker-died", Location(file=path)),)))


#: Workbooks opened (checked, parsed) in a row before they are read and scored.
OPEN_AHEAD = 128


def evaluate_many(ruleset: Ruleset, paths: Sequence[str], reading: Reading = Reading(),
                  mark: Callable[[int], None] | None = None) -> Iterator[Evaluated]:
    """:func:`evaluate_one` of every path, in order.

    Workbooks are opened :data:`OPEN_AHEAD` at a time before any of them is read: the parser's
    work and the reader's then each run back to back with their own code and data in the CPU
    caches, which makes a batch about 10% faster than alternating them file by file.  An error
    opening a file is reported in that file's turn, exactly as :func:`evaluate_one` would.
    ``mark(k)`` is called before the k-th path is touched (see :mod:`scoring.intake.workers`).
    """
    for start in range(0, len(paths), OPEN_AHEAD):
        chunk = paths[start:start + OPEN_AHEAD]
        if mark is None:
            opened = [open_ahead(path, reading.engine) for path in chunk]  # None for anything but a workbook
        else:
            opened = [mark(start + k) or open_ahead(path, reading.engine) for k, path in enumerate(chunk)]
        for k, (path, ahead) in enumerate(zip(chunk, opened)):
            if mark is not None:
                mark(start + k)
            yield evaluate_one(ruleset, path, reading, ahead)


def _supported(path: str) -> bool:
    return is_workbook(path) or path.lower().endswith(".json") or not Path(path).exists()


def evaluate_one(ruleset: Ruleset, path: str, reading: Reading = Reading(),
                 opened: Opened | None = None) -> Evaluated:
    """Read and score one file; one that cannot be read or scored comes back refused, with why.

    This is the one evaluation of a file: ``dvk rank``, ``dvk round collect`` and a portal upload
    all come here.  ``opened``: the workbook at ``path`` as
    :func:`~scoring.intake.pipeline.open_ahead` opened it.
    """
    if not _supported(path):
        suffix = Path(path).suffix.lower()
        why = make("batch-unsupported-file", Location(file=path), suffix=suffix or path)
        return Evaluated(path, None, Rejected(path, (why,)))
    try:
        submission, result = evaluate_read(ruleset, path, reading.engine, opened, dict(reading.facts),
                                           reading.adjust(ruleset))
    except DvkError as exc:
        return Evaluated(path, None, Rejected(path, tuple(f.located(file=path) for f in exc.findings)))
    except Exception as exc:  # a bug must not sink the batch: the file is rejected and named
        reason = "lỗi trong dvk" + detail(exc)
        return Evaluated(path, None, Rejected(path, (make("batch-unexpected-error", Location(file=path),
                                                          reason=reason),)))
    data = submission.as_data() if reading.keep else None
    return Evaluated(path, result, None if result.ok else _rejected(result, result.findings), data)


def _rejected(result: Result, findings: Iterable[Finding]) -> Rejected:
    ordered = sorted(findings, key=lambda f: not f.is_error)
    return Rejected(result.source or "", tuple(ordered), result.unit_code, result.unit_name)


def evaluate_files(ruleset: Ruleset, paths: Sequence[str], jobs: int, reading: Reading = Reading(),
                   progress: bool = False) -> list[Evaluated]:
    """:func:`evaluate_one` of every path, in order, in ``jobs`` processes (one: in this one).

    A worker process that dies (a parser aborting, the out-of-memory killer) costs only the file
    it was reading: that file is refused with ``batch-worker-died``, the others are evaluated.
    """
    with collector_paused():  # unpickling or scoring results builds millions of objects
        return _evaluate_all(ruleset, list(paths), jobs, reading, progress)


def _evaluate_all(ruleset: Ruleset, paths: list[str], jobs: int, reading: Reading,
                  progress: bool) -> list[Evaluated]:
    if jobs <= 1 or len(paths) < 2:
        return list(_with_progress(evaluate_many(ruleset, paths, reading), len(paths), progress))
    from scoring.intake.workers import map_surviving

    bar = _bar(len(paths)) if progress and sys.stderr.isatty() else None
    try:
        return map_surviving(paths, jobs, pool_chunksize(len(paths), jobs), _evaluate_in_worker,
                             _init_worker, (ruleset, reading), _worker_died, bar.update if bar else None)
    finally:
        if bar is not None:
            bar.close()


def pool_chunksize(count: int, jobs: int) -> int:
    """Files per task sent to a worker: big enough to amortise the round trip, small enough that
    the workers finish together (about 16 tasks per worker, 1–64 files each)."""
    return max(1, min(64, count // (jobs * 16)))


def _with_progress(items: Iterable[Any], total: int, progress: bool) -> Iterable[Any]:
    if not (progress and sys.stderr.isatty()):
        return items
    return _bar(total, items)


def _bar(total: int, items: Iterable[Any] | None = None) -> Any:
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: worker processes may still be forked
    return tqdm(items, total=total, desc="Đang đọc", unit=" tệp", file=sys.stderr)


def default_jobs(count: int) -> int:
    """Worker processes worth starting for ``count`` files (one process below ~40 files)."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return 1 if count < 40 else max(1, min(cpus, 8))


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside this block (reference counting still frees memory).

    A batch builds millions of small objects: its results, which live until the reports are
    written, and the readers', ranking's and reports' short-lived ones.  The collector would walk
    them over and over (about a tenth of a batch's time) to find almost nothing: the only
    reference cycles made here are the tracebacks of refused files and the charts' figures.  On
    exit everything is moved to the oldest generation without being walked (unless the host
    program froze objects of its own, which stay frozen), where the next full collection finds
    those few cycles.  Blocks may nest.
    """
    was_enabled, frozen_before = gc.isenabled(), gc.get_freeze_count()
    gc.disable()
    try:
        yield
    finally:
        if not frozen_before:
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()


# --- the batch ----------------------------------------------------------------------------------

def run_batch(ruleset: Ruleset, inputs: list[Path], *, jobs: int | None = None, progress: bool = False,
              prefer: str | None = None, engine: str = "calamine",
              exclude: Sequence[str | Path] = ()) -> Batch:
    """Read and score every input file; sort them into accepted results and rejected files.

    ``prefer="latest"``: when several files carry one unit code, count the most recently modified
    one and reject the others (saying which file was kept); otherwise all of them are rejected.
    Raises :class:`DvkError` only when there is no input file at all.
    """
    with collector_paused():  # unpickling or scoring results builds millions of objects
        return _run_batch(ruleset, inputs, jobs, progress, prefer, engine, exclude)


def _run_batch(ruleset: Ruleset, inputs: list[Path], jobs: int | None, progress: bool, prefer: str | None,
               engine: str, exclude: Sequence[str | Path]) -> Batch:
    reasons: dict[str, str] = {}
    files, skipped = collect_inputs(inputs, exclude, reasons)
    if not files:
        shown = ", ".join(str(p) for p in inputs) or "(không có)"
        raise DvkError([make("batch-no-inputs", Location(), paths=shown)])
    paths = [str(p) for p in files]
    outcomes = [e.outcome for e in _evaluate_all(ruleset, paths, jobs or default_jobs(len(paths)),
                                                 Reading(engine), progress)]
    results = [o for o in outcomes if isinstance(o, Result)]
    rejected = [o for o in outcomes if isinstance(o, Rejected)]
    results, more, notes = _resolve_duplicates(results, prefer)
    rejected += more
    results, more, year = _check_year(results)
    rejected += more
    return Batch(tuple(paths), tuple(sorted(results, key=lambda r: r.source or "")),
                 tuple(sorted(rejected, key=lambda r: r.file)), tuple(str(p) for p in skipped),
                 tuple(notes), year, tuple((str(p), reasons.get(str(p), "")) for p in skipped))


def _resolve_duplicates(results: list[Result], prefer: str | None
                        ) -> tuple[list[Result], list[Rejected], list[str]]:
    groups: dict[str, list[Result]] = {}
    for result in results:
        groups.setdefault(unit_key(result.unit_code), []).append(result)
    kept: list[Result] = []
    rejected: list[Rejected] = []
    notes: list[str] = []
    for group in groups.values():
        if len(group) == 1:
            kept.append(group[0])
            continue
        group.sort(key=lambda r: r.source or "")
        code = group[0].unit_code
        if prefer == "latest":
            latest = max(group, key=lambda r: (_mtime(r.source), r.source or ""))
            others = [r for r in group if r is not latest]
            names = ", ".join(r.source or "" for r in others)
            note = make("duplicate-unit-kept", Location(file=latest.source), unit=code,
                        count=len(group), others=names)
            kept.append(replace(latest, findings=latest.findings + (note,)))
            notes.append(f"Mã đơn vị {code}: dùng tệp mới nhất {latest.source}; bỏ qua {names}.")
            for other in others:
                reason = make("duplicate-unit-superseded", Location(file=other.source), unit=code,
                              kept=latest.source)
                rejected.append(_rejected(other, (reason,) + other.findings))
            continue
        names = ", ".join(r.source or "" for r in group)
        for result in group:
            reason = make("duplicate-unit", Location(file=result.source), unit=code,
                          count=len(group), files=names)
            rejected.append(_rejected(result, (reason,) + result.findings))
    return kept, rejected, notes


def _mtime(path: str | None) -> int:
    try:
        return os.stat(path or "").st_mtime_ns
    except OSError:
        return 0


def _check_year(results: list[Result]) -> tuple[list[Result], list[Rejected], int | None]:
    """Keep the batch's year (the most common; the later one on a tie); reject other years."""
    if not results:
        return results, [], None
    counts = Counter(r.year for r in results)
    year = max(counts, key=lambda y: (counts[y], y))
    kept = [r for r in results if r.year == year]
    rejected = [
        _rejected(r, (make("year-mismatch", Location(file=r.source, json_path="$.year"), year=r.year,
                           expected=year),) + r.findings)
        for r in results if r.year != year
    ]
    return kept, rejected, year
