"""``bench/bench_portal.py`` works from a clone: a tiny load (3 units, 2 processes, SQLite, profiled)
is uploaded round-robin, found stored in the database, and the profile is reported.  Not a timing
test: the figures it prints are not checked."""

from __future__ import annotations

import os
import subprocess
import sys

from wsfixtures import ROOT


def test_the_portal_benchmark_drives_two_processes_and_checks_the_database(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp_path)}
    env.pop("DVK_DATABASE_URL", None)
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "bench_portal.py"), "-n", "3", "--processes", "2",
                           "--repeat", "1", "--profile", str(tmp_path / "prof")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600, check=False)
    out = done.stdout
    assert done.returncode == 0, out[-3000:] + done.stderr[-3000:]
    assert "[round 1] sqlite, 2 process(es)" in out
    assert "stored in the database: 3 submissions, 3 accepted and scored, 3 units with their current" in out
    assert "score page shown 3/3" in out
    assert "profile, sqlite, 2 process(es), round 1: 3 at once: 6 requests (3 uploads)" in out  # both processes'
    assert "own-unit check: the workbook read once" in out
