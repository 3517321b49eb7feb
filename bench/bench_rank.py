"""Benchmark: `dvk rank` on N generated workbooks against the floor of just reading them.

    python bench/bench_rank.py            # 2,000 workbooks
    python bench/bench_rank.py --big      # 10,000 workbooks

Steps: (1) generate N filled workbooks from the default ruleset's templates (deterministic, in a
temporary folder); (2) measure the floor in the same run: python-calamine reading every sheet's
cell values of the same files, nothing else; (3) run `dvk rank` on them as a whole process,
single-process (--jobs 1) and with all cores; (4) print files, seconds, files/s, the ratio to the
floor and the peak memory of the process tree.  It also times `dvk --help` and `dvk score` of one
workbook against `python -c pass`, and `dvk compare` of the two rounds it wrote (seconds, peak
memory).  Machines here are noisy: compare the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from proctools import run_measured, summary, time_command  # noqa: E402

RULESET = ROOT / "criteria" / "dvcq-minh-hoa.json"


def generate(n: int, folder: Path, seed: int = 2025) -> list[Path]:
    """N filled workbooks across the default ruleset's unit types, some with appraisals."""
    from scoring.rules.load import load_ruleset
    from scoring.workbook.fill import fill_workbook
    from scoring.workbook.synth import random_submission
    from scoring.workbook.template import write_template

    ruleset = load_ruleset(RULESET)
    templates = {}
    for unit_type in ruleset.unit_types:
        templates[unit_type.id] = write_template(ruleset, unit_type.id, folder / f"mau-{unit_type.id}.xlsx")
    inputs = folder / "inputs"
    inputs.mkdir()
    rng = random.Random(seed)
    kinds = [u.id for u in ruleset.unit_types]
    paths = []
    for i in range(n):
        unit_type = kinds[i % len(kinds)]
        sub = random_submission(ruleset, unit_type, rng, strength=rng.uniform(0.3, 1.0))
        sub = sub.model_copy(update={
            "unit": sub.unit.model_copy(update={"code": f"DV{i:05d}", "name": f"Đơn vị thử nghiệm số {i}"}),
            "answers": with_evidence(sub.answers, i, rng)})
        paths.append(fill_workbook(templates[unit_type], ruleset, sub, inputs / f"dv-{i:05d}.xlsx"))
    return paths


def with_evidence(answers: dict, unit: int, rng: random.Random) -> dict:
    """Evidence and notes as units write them: most criteria cite a document of their own."""
    out = {}
    for key, answer in answers.items():
        update = {}
        if rng.random() < 0.7:
            update["evidence"] = (f"Báo cáo số {rng.randint(1, 400)}/BC-ĐV{unit:05d} ngày "
                                  f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2025 về {key}")
        if rng.random() < 0.1:
            update["note"] = "Đã triển khai đầy đủ, có hồ sơ lưu"
        out[key] = answer.model_copy(update=update) if update else answer
    return out


def read_floor(paths: list[Path]) -> float:
    """Seconds to read every sheet's values of every file with python-calamine, nothing else."""
    from python_calamine import CalamineWorkbook

    start = time.perf_counter()
    cells = 0
    for path in paths:
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            for row in book.get_sheet_by_name(name).to_python():
                cells += sum(1 for value in row if value != "")
    assert cells > 0
    return time.perf_counter() - start


def dvk_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "scoring", *args]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=2000, help="number of workbooks (default 2000)")
    parser.add_argument("--big", action="store_true", help="10,000 workbooks")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="processes for the parallel run")
    parser.add_argument("--repeat", type=int, default=10, help="runs of each start-up command")
    parser.add_argument("--runs", type=int, default=2,
                        help="runs of each dvk rank variant; the fastest counts, as for the floor (default 2)")
    parser.add_argument("--keep", action="store_true", help="keep the generated folder")
    parser.add_argument("--folder", type=Path,
                        help="generate into this folder and keep it; reuse it if it already holds N workbooks")
    args = parser.parse_args()
    n = 10_000 if args.big else args.n

    folder = args.folder or Path(tempfile.mkdtemp(prefix="dvk-bench-"))
    try:
        return _run(n, folder, args)
    finally:
        if args.keep or args.folder:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def _run(n: int, folder: Path, args: argparse.Namespace) -> int:
    paths = sorted((folder / "inputs").glob("dv-*.xlsx"))
    if len(paths) == n:
        print(f"reusing the {n} workbooks in {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        start = time.perf_counter()
        paths = generate(n, folder)
        print(f"generated {n} workbooks in {time.perf_counter() - start:.1f} s "
              f"({sum(p.stat().st_size for p in paths) / n / 1024:.1f} KiB each) in {folder}")
    compile_package()
    floors, runs = _measure(paths, folder, args)
    _report(n, floors, runs, args.runs)
    compare = run_measured(dvk_argv("compare", str(folder / "out-1"), str(folder / f"out-{args.jobs}"),
                                    "--out", str(folder / "so-sanh")))
    size = (folder / "out-1" / "ket-qua.json").stat().st_size / 1048576
    print(f"{'dvk compare, two rounds':34} {n:>6} {compare.seconds:>8.2f}  (ket-qua.json {size:.0f} MiB each; "
          f"peak {compare.peak_rss_mib:.0f} MiB){'' if compare.returncode == 0 else f'  (exit {compare.returncode})'}")
    _startup(paths[0], args.repeat)
    return 0


def compile_package() -> None:
    """Write the package's bytecode before timing, as any installed copy has it: an editable
    install under ``PYTHONDONTWRITEBYTECODE`` (set on some machines here) would otherwise compile
    every module again at each start, ~0.1 s that no user's machine pays twice."""
    import compileall

    compileall.compile_dir(str(ROOT / "scoring"), quiet=1)


def _measure(paths: list[Path], folder: Path, args: argparse.Namespace) -> tuple[list[float], list[tuple[str, Any]]]:
    """Floors and dvk rank runs, alternating: floor, run, floor, run, … (the machine drifts)."""
    inputs = str(folder / "inputs")
    floors, runs = [read_floor(paths)], []
    for _ in range(max(1, args.runs)):
        for label, jobs in (("dvk rank, 1 process", 1), (f"dvk rank, {args.jobs} processes", args.jobs)):
            runs.append((label, run_measured(dvk_argv("rank", str(RULESET), inputs, "--out",
                                                      str(folder / f"out-{jobs}"), "--jobs", str(jobs), "--quiet"))))
            floors.append(read_floor(paths))
    return floors, runs


def _report(n: int, floors: list[float], runs: list[tuple[str, Any]], repeats: int) -> None:
    """The table: the fastest run against the fastest floor, and the median of the paired ratios
    (each run against the mean of the floors measured just before and just after it)."""
    floor = min(floors)
    best: dict[str, Any] = {}
    paired: dict[str, list[float]] = {}
    for i, (label, run) in enumerate(runs):
        if label not in best or run.seconds < best[label].seconds:
            best[label] = run
        paired.setdefault(label, []).append(run.seconds / ((floors[i] + floors[i + 1]) / 2))
    print(f"\nmachine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    print(f"{'step':34} {'files':>6} {'s':>8} {'files/s':>9} {'× floor':>8} {'paired ×':>9} {'peak MiB':>9}")
    print(f"{'floor: calamine read, all sheets':34} {n:>6} {floor:>8.2f} {n / floor:>9.0f} {1:>8.2f} {'':>9} {'':>9}")
    for label, run in best.items():
        status = "" if run.returncode == 0 else f"  (exit {run.returncode})"
        print(f"{label:34} {n:>6} {run.seconds:>8.2f} {n / run.seconds:>9.0f} {run.seconds / floor:>8.2f} "
              f"{statistics.median(paired[label]):>9.2f} {run.peak_rss_mib:>9.0f}{status}")
    print(f"(floor runs: {', '.join(f'{f:.2f}' for f in floors)} s; dvk rank: the fastest of {repeats} runs; "
          "paired: median of each run against its neighbouring floors)")


def _startup(one: Path, repeat: int) -> None:
    bare = summary(time_command([sys.executable, "-c", "pass"], repeat))
    help_ = summary(time_command(dvk_argv("--help"), repeat))
    score = summary(time_command(dvk_argv("score", str(RULESET), str(one)), max(3, repeat // 2)))
    print(f"\n{'command':34} {'min s':>7} {'median s':>9} {'max s':>7} {'median − bare':>14}")
    for label, (lo, med, hi) in (("python -c pass", bare), ("dvk --help", help_),
                                 ("dvk score (one workbook)", score)):
        print(f"{label:34} {lo:>7.3f} {med:>9.3f} {hi:>7.3f} {med - bare[1]:>14.3f}")


if __name__ == "__main__":
    raise SystemExit(main())
