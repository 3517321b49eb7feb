"""Reading a folder of submissions: every file accepted or rejected with its reasons, none lost.

:func:`run_batch` expands the inputs, evaluates every file (in worker processes when that pays),
and sorts the outcome into accepted results and rejected files.  A file is rejected when it cannot
be read (a :class:`~scoring.findings.DvkError`), when its result carries an error finding (this
includes files made for another ruleset version), when another file claims the same unit code,
or when it is for another year than the rest of the batch.  ``dvk rank`` as a whole (batch,
ranking, reports, summary) is :func:`scoring.rank_round.run_rank`.
"""

from __future__ import annotations

import gc
import os
import sys
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from scoring.debug import detail
from scoring.findings import DvkError, Finding, Location, make, register
from scoring.pipeline import WORKBOOK_SUFFIXES, Opened, evaluate_file, is_workbook, open_ahead
from scoring.result import Result
from scoring.ruleset.models import Ruleset

register("batch-no-inputs", "error",
         "Không có tệp bản tự chấm nào (.xlsx hoặc .json) trong các đường dẫn đã cho: {paths}.")
register("batch-unsupported-file", "error",
         "Tệp '{suffix}' không phải bản tự chấm: chỉ nhận tệp Excel (.xlsx) hoặc JSON (.json).")
register("batch-unexpected-error", "error",
         "Lỗi không mong đợi khi xử lý tệp ({reason}). Tệp đã bị loại; hãy báo lỗi này cho người "
         "quản trị dvk kèm theo tệp.")
register("duplicate-unit", "error",
         "Mã đơn vị '{unit}' có trong {count} tệp: {files}. Không tính tệp nào; giữ lại một tệp "
         "đúng rồi chạy lại (hoặc dùng tùy chọn chọn tệp mới nhất).")
register("duplicate-unit-superseded", "error",
         "Mã đơn vị '{unit}' cũng có trong tệp mới hơn '{kept}'; tệp này không được tính.")
register("duplicate-unit-kept", "warning",
         "Mã đơn vị '{unit}' có trong {count} tệp; dùng tệp sửa đổi gần nhất này, bỏ qua: {others}.")
register("year-mismatch", "error",
         "Bản tự chấm là của năm {year}, nhưng các bản khác trong đợt là năm {expected}. "
         "Không xếp hạng chung các năm khác nhau; kiểm tra lại năm đánh giá.")

#: Suffixes taken from folders; a file named explicitly is always tried (and rejected if unknown).
INPUT_SUFFIXES = (".json",) + WORKBOOK_SUFFIXES
#: JSON files in folders that are never submissions: example expectations and schemas.
NOT_SUBMISSIONS = (".expected.json", ".schema.json")


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

    @property
    def accounted(self) -> bool:
        """True when every input file is accepted or rejected, exactly once."""
        seen = [r.source for r in self.accepted] + [r.file for r in self.rejected]
        return sorted(seen) == sorted(self.files)


# --- expanding the inputs ----------------------------------------------------------------------

def collect_inputs(inputs: Iterable[str | Path], exclude: Sequence[str | Path] = ()
                   ) -> tuple[list[Path], list[Path]]:
    """Input files (folders expanded recursively, sorted) and the folder files that were skipped.

    Skipped: Excel lock files (``~$…``), hidden files and folders, files that are neither JSON nor
    workbooks, ``*.expected.json`` / ``*.schema.json``, and anything under an ``exclude`` folder
    (the output folder).  A path named
    explicitly is always an input, even a missing one (it is then rejected, not dropped).
    """
    excluded = [os.path.realpath(p) for p in exclude]
    files: list[Path] = []
    skipped: list[Path] = []
    seen: set[str] = set()
    for raw in inputs:
        path = Path(raw)
        found = _expand(path, excluded, skipped) if path.is_dir() else [(path, os.path.realpath(path))]
        for file, key in found:
            if key not in seen:
                seen.add(key)
                files.append(file)
    return files, skipped


def _expand(folder: Path, excluded: list[str], skipped: list[Path]) -> list[tuple[Path, str]]:
    """The submissions under ``folder`` in path order, each with its real path (for duplicates).

    A walk with :func:`os.scandir`: one system call per folder, not several per file (a round
    can hold tens of thousands of files).  Symlinked folders are not followed, as ``rglob``.
    """
    found: list[tuple[tuple[str, ...], str, str, bool]] = []  # (parts, path, real path, skipped)
    pending = [(str(folder), os.path.realpath(folder), ())]
    while pending:
        where, real, parts = pending.pop()
        if _under(real, excluded):
            continue
        try:
            entries = list(os.scandir(where))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            link = entry.is_symlink()
            target = os.path.realpath(entry.path) if link else os.path.join(real, entry.name)
            if entry.is_dir() and not link:
                pending.append((entry.path, target, parts + (entry.name,)))
            elif entry.is_file() and not (link and _under(target, excluded)):
                name = entry.name.lower()
                odd = name.startswith("~$") or not name.endswith(INPUT_SUFFIXES) or name.endswith(NOT_SUBMISSIONS)
                found.append((parts + (entry.name,), entry.path, target, odd))
    found.sort()
    skipped.extend(Path(path) for _, path, _, odd in found if odd)
    return [(Path(path), real) for _, path, real, odd in found if not odd]


def _under(real: str, folders: list[str]) -> bool:
    return any(real == f or real.startswith(f.rstrip(os.sep) + os.sep) for f in folders)


# --- evaluating one file (runs in worker processes) ---------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(ruleset: Ruleset, engine: str) -> None:
    _WORKER.update(ruleset=ruleset, engine=engine)


def _evaluate_in_worker(paths: list[str]) -> list[Result | Rejected]:
    with collector_paused():
        return list(evaluate_many(_WORKER["ruleset"], paths, _WORKER["engine"]))


#: Workbooks opened (checked, parsed) in a row before they are read and scored.
OPEN_AHEAD = 128


def evaluate_many(ruleset: Ruleset, paths: Sequence[str], engine: str = "calamine") -> Iterator[Result | Rejected]:
    """:func:`evaluate_one` of every path, in order.

    Workbooks are opened :data:`OPEN_AHEAD` at a time before any of them is read: the parser's
    work and the reader's then each run back to back with their own code and data in the CPU
    caches, which makes a batch about 10% faster than alternating them file by file.  An error
    opening a file is reported in that file's turn, exactly as :func:`evaluate_one` would.
    """
    for start in range(0, len(paths), OPEN_AHEAD):
        chunk = paths[start:start + OPEN_AHEAD]
        opened = [open_ahead(path, engine) for path in chunk]  # None for anything but a workbook
        for path, ahead in zip(chunk, opened):
            yield evaluate_one(ruleset, path, engine, ahead)


def _supported(path: str) -> bool:
    return is_workbook(path) or path.lower().endswith(".json") or not Path(path).exists()


def evaluate_one(ruleset: Ruleset, path: str, engine: str = "calamine",
                 opened: Opened | None = None) -> Result | Rejected:
    """Score one file; a file that cannot be read or scored comes back as :class:`Rejected`.

    ``opened``: the workbook at ``path`` as :func:`~scoring.pipeline.open_ahead` opened it.
    """
    if not _supported(path):
        suffix = Path(path).suffix.lower()
        return Rejected(path, (make("batch-unsupported-file", Location(file=path), suffix=suffix or path),))
    try:
        result = evaluate_file(ruleset, path, engine=engine, opened=opened)
    except DvkError as exc:
        return Rejected(path, tuple(f.located(file=path) for f in exc.findings))
    except Exception as exc:  # a bug must not sink the batch: the file is rejected and named
        reason = "lỗi trong dvk" + detail(exc)
        return Rejected(path, (make("batch-unexpected-error", Location(file=path), reason=reason),))
    if not result.ok:
        return _rejected(result, result.findings)
    return result


def _rejected(result: Result, findings: Iterable[Finding]) -> Rejected:
    ordered = sorted(findings, key=lambda f: not f.is_error)
    return Rejected(result.source or "", tuple(ordered), result.unit_code, result.unit_name)


def _evaluate_all(ruleset: Ruleset, paths: list[str], jobs: int, engine: str,
                  progress: bool) -> list[Result | Rejected]:
    if jobs <= 1:
        return list(_with_progress(evaluate_many(ruleset, paths, engine), len(paths), progress))
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork: workers inherit the imported modules and the ruleset instead of re-importing them
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker,
                             initargs=(ruleset, engine)) as pool:
        size = pool_chunksize(len(paths), jobs)
        chunks = pool.map(_evaluate_in_worker, [paths[i:i + size] for i in range(0, len(paths), size)])
        outcomes = (outcome for chunk in chunks for outcome in chunk)
        return list(_with_progress(outcomes, len(paths), progress))


def pool_chunksize(count: int, jobs: int) -> int:
    """Files per task sent to a worker: big enough to amortise the round trip, small enough that
    the workers finish together (about 16 tasks per worker, 1–64 files each)."""
    return max(1, min(64, count // (jobs * 16)))


def _with_progress(items: Iterable[Any], total: int, progress: bool) -> Iterable[Any]:
    if not (progress and sys.stderr.isatty()):
        return items
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
    files, skipped = collect_inputs(inputs, exclude)
    if not files:
        shown = ", ".join(str(p) for p in inputs) or "(không có)"
        raise DvkError([make("batch-no-inputs", Location(), paths=shown)])
    paths = [str(p) for p in files]
    outcomes = _evaluate_all(ruleset, paths, jobs or default_jobs(len(paths)), engine, progress)
    results = [o for o in outcomes if isinstance(o, Result)]
    rejected = [o for o in outcomes if isinstance(o, Rejected)]
    results, more, notes = _resolve_duplicates(results, prefer)
    rejected += more
    results, more, year = _check_year(results)
    rejected += more
    return Batch(tuple(paths), tuple(sorted(results, key=lambda r: r.source or "")),
                 tuple(sorted(rejected, key=lambda r: r.file)), tuple(str(p) for p in skipped),
                 tuple(notes), year)


def unit_key(code: str) -> str:
    """How unit codes are matched (duplicates, year-over-year): case and outer spaces ignored."""
    return code.strip().casefold()


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
