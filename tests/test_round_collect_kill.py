"""``dvk round collect`` killed (SIGKILL) at random points, on SQLite and PostgreSQL, with files
swapped between the runs: afterwards the round counts what a fresh collection of the folder
counts, its status says so, and every file in ``tep/`` is what its name (its SHA-256) says."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from faultkit import stored_problems
from test_batch_helpers import submission, write_submission
from test_round_collect import make_round
from test_round_collect_identity import counted, status_counts
from wsfixtures import ROOT, backend, pg_url, ws  # noqa: F401 - fixtures

COUNT = 30
ROSTER = "Mã đơn vị,Tên đơn vị,Loại đơn vị,Khối\n" + "".join(
    f"XA-{i},Đơn vị XA-{i},ubnd_xa,\n" for i in range(COUNT))


def _write(folder: Path, unit: int, revision: int) -> None:
    write_submission(folder, f"xa-{unit:02}.json", submission(f"XA-{unit}", index=30 + revision * 7 + unit % 5))


def _named_by_content(ws) -> list[str]:
    """Files of ``tep/`` (recorded or not: a killed run may leave a content no record names yet)
    whose bytes are not those their name says."""
    wrong = []
    for blob in ws.files_dir.rglob("*"):
        if blob.is_file() and not blob.name.startswith("."):
            sha = blob.name.split(".")[0]
            if hashlib.sha256(blob.read_bytes()).hexdigest() != sha:
                wrong.append(str(blob))
    return wrong


@pytest.mark.slow
def test_collect_killed_at_random_points_leaves_a_round_a_fresh_collection_agrees_with(ws, tmp_path):
    from django.db import connections

    from scoring.workspace.collect import collect

    make_round(ws, tmp_path, ROSTER, code="kt-1")
    folder = tmp_path / "hop-thu"
    folder.mkdir()
    for unit in range(COUNT):
        _write(folder, unit, 0)
    chance = random.Random(20)
    env = {k: v for k, v in os.environ.items() if k != "DVK_DATABASE_URL"}
    env.update(PYTHONPATH=str(ROOT), DVK_ACTOR="kiem-thu")
    connections.close_all()
    for attempt in range(5):
        for unit in chance.sample(range(COUNT), 6):  # units send another (or an earlier) revision
            _write(folder, unit, chance.randrange(3))
        proc = subprocess.Popen([sys.executable, "-m", "scoring", "round", "collect", str(folder), "-w", str(ws.root),
                                 "-r", "kt-1", "--jobs", "1"], cwd=tmp_path, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(chance.uniform(0.3, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert _named_by_content(ws) == []
    report = collect(ws, "kt-1", [folder], jobs=1)
    assert report.rejected == []
    make_round(ws, tmp_path / "fresh", ROSTER, code="kt-2")
    collect(ws, "kt-2", [folder], jobs=1)
    assert counted("kt-1") == counted("kt-2")
    assert status_counts(ws, "kt-1") == status_counts(ws, "kt-2") == (COUNT, COUNT)
    assert _named_by_content(ws) == []
    # what remains unrecorded is at most a killed run's copies of contents since swapped away
    left = [p for p in stored_problems(ws) if not p.startswith("orphan ")]
    assert left == []
