"""Benchmark: the round workspace on N generated workbooks, ratios measured in one run.

    python bench/bench_round.py                 # 2,000 workbooks
    python bench/bench_round.py --big           # 10,000 workbooks (the issue's targets)
    python bench/bench_round.py -n 500          # any number
    python bench/bench_round.py --folder DIR    # keep (and later reuse) the generated workbooks

Steps, each a whole `dvk` process on SQLite: (1) `dvk rank --jobs 1` on the workbooks (the
reference); (2) `dvk round new` with a roster of every unit, then `dvk round collect --jobs 1` of
the folder (first collection; target ≤ 1.2 × rank); (3) one workbook re-written with another
value, then `dvk round collect` of the folder again (target ≤ 2 s and ≤ 5 % of the first
collection: only the changed file is read and scored); (4) the same with `--kiem-tra-lai` (every
file hashed again; no target, for the record); (5) `dvk round status` (target ≤ 1 s).  The
workbooks come from bench_rank.py's generator.  The fastest of --runs runs counts for (1) and (2);
the machine is noisy: compare the ratios, and read the load averages printed before and after.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_rank import RULESET, compile_package, dvk_argv, generate  # noqa: E402
from proctools import Run, run_measured  # noqa: E402


def roster(paths: list[Path], target: Path) -> Path:
    """A roster CSV of every generated unit (codes DV00000…, types in the generator's order)."""
    from scoring.rules.load import load_ruleset

    kinds = [u.id for u in load_ruleset(RULESET).unit_types]
    with open(target, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["Mã đơn vị", "Tên đơn vị", "Loại đơn vị"])
        for i in range(len(paths)):
            out.writerow([f"DV{i:05d}", f"Đơn vị thử nghiệm số {i}", kinds[i % len(kinds)]])
    return target


def change_one(path: Path) -> None:
    """Rewrite one workbook with another unit name (new content, same unit)."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("Đơn vị thử nghiệm số"):
                    cell.value = cell.value + " (đã sửa)"
                    book.save(path)
                    return
    raise SystemExit(f"no unit name found in {path}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=2000, help="number of workbooks (default 2000)")
    parser.add_argument("--big", action="store_true", help="10,000 workbooks")
    parser.add_argument("--runs", type=int, default=1, help="runs of rank and first collection; fastest counts")
    parser.add_argument("--folder", type=Path, help="generate into this folder and keep it (reused if it fits)")
    args = parser.parse_args()
    n = 10_000 if args.big else args.n
    print(f"load average before: {_load()}")
    folder = args.folder or Path(tempfile.mkdtemp(prefix="dvk-bench-round-"))
    try:
        return _run(n, folder, args.runs)
    finally:
        if not args.folder:
            shutil.rmtree(folder, ignore_errors=True)


def _load() -> str:
    """The 1, 5 and 15 minute load averages (the machine is shared: say how busy it was)."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores"


def _run(n: int, folder: Path, runs: int) -> int:
    paths = sorted((folder / "inputs").glob("dv-*.xlsx"))
    if len(paths) != n:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        paths = generate(n, folder)
    compile_package()
    inputs = folder / "inputs"
    ranks, firsts = [], []
    for run in range(runs):
        ranks.append(run_measured(dvk_argv("rank", str(RULESET), str(inputs), "--out", str(folder / "out"),
                                           "--jobs", "1", "--quiet")))
        ws = folder / f"vong-{run}"
        shutil.rmtree(ws, ignore_errors=True)
        new = run_measured(dvk_argv("round", "new", str(RULESET), "--year", "2025", "-w", str(ws),
                                    "--roster", str(roster(paths, folder / "danh-sach.csv"))))
        assert new.returncode == 0, "dvk round new failed"
        first = run_measured(dvk_argv("round", "collect", str(inputs), "-w", str(ws), "--jobs", "1"))
        assert first.returncode in (0, 3), "first collection failed"
        firsts.append(first)
    time.sleep(2.1)  # past the racy window: the stored modification times are trusted
    again = run_measured(dvk_argv("round", "collect", str(inputs), "-w", str(ws), "--jobs", "1"))
    change_one(paths[n // 2])
    changed = run_measured(dvk_argv("round", "collect", str(inputs), "-w", str(ws), "--jobs", "1"))
    verified = run_measured(dvk_argv("round", "collect", str(inputs), "-w", str(ws), "--jobs", "1", "--kiem-tra-lai"))
    status = run_measured(dvk_argv("round", "status", "-w", str(ws)))
    assert status.returncode == 0, "dvk round status failed"
    _report(n, min(ranks, key=lambda r: r.seconds), min(firsts, key=lambda r: r.seconds),
            again, changed, verified, status)
    return 0


def _report(n: int, rank: Run, first: Run, again: Run, changed: Run, verified: Run, status: Run) -> None:
    """The figures: wall and CPU seconds, the ratios to targets, the load."""
    print(f"{n} workbooks, SQLite workspace; Python {sys.version.split()[0]}; wall s (CPU s = user + system)")
    line = "{:36} {:7.2f} s ({:6.2f} CPU s)  {}"
    print(line.format("dvk rank --jobs 1", rank.seconds, rank.cpu_seconds, "the reference"))
    print(line.format("dvk round collect (first, --jobs 1)", first.seconds, first.cpu_seconds,
                      f"ratio to rank {first.seconds / rank.seconds:.2f} (CPU {first.cpu_seconds / rank.cpu_seconds:.2f}; "
                      f"target <= 1.2); peak {first.peak_rss_mib:.0f} MiB"))
    for label, run, note in (("dvk round collect (nothing changed)", again, ""),
                             ("dvk round collect (one changed)", changed, "; targets <= 2 s and <= 5 %"),
                             ("dvk round collect --kiem-tra-lai", verified, "; every file hashed, none read")):
        print(line.format(label, run.seconds, run.cpu_seconds,
                          f"{run.seconds / first.seconds:.1%} of the first (CPU {run.cpu_seconds / first.cpu_seconds:.1%})"
                          f"{note}"))
    print(line.format("dvk round status", status.seconds, status.cpu_seconds, "target <= 1 s"))
    print(f"load average after: {_load()}")


if __name__ == "__main__":
    raise SystemExit(main())
