"""Leftovers of killed processes (issue 27.4), on SQLite and PostgreSQL: ``dvk workspace clean`` and
``dvk serve``'s start-up remove the temporary copies and unrecorded contents in ``tep/`` and the
upload folders of processes that are dead or old, and leave what a live process may be using."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_batch_helpers import submission, write_submission
from test_round_collect import make_round
from wsfixtures import ROOT, backend, pg_url, ws  # noqa: F401 - fixtures

OLD = time.time() - 7 * 3600
HOST = "".join(c for c in socket.gethostname() if c.isalnum() or c == "-")[:40] or "may"


def dead_pid() -> int:
    done = subprocess.Popen([sys.executable, "-c", "pass"])
    done.wait()
    return done.pid


def _file(path: Path, old: bool = False, data: bytes = b"x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if old:
        os.utime(path, (OLD, OLD))
    return path


def _folder(path: Path, old: bool = False) -> Path:
    _file(path / "bang-tinh.xlsx", old)
    if old:
        os.utime(path, (OLD, OLD))
    return path


@pytest.fixture
def temp_dir(tmp_path, monkeypatch):
    import tempfile

    folder = tmp_path / "tam"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_clean_removes_only_what_no_live_process_uses(ws, tmp_path, temp_dir):
    from scoring.workspace.collect import collect
    from scoring.workspace.leftovers import clean
    from scoring.workspace.models import StoredFile

    make_round(ws, tmp_path, code="kt-1")
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    write_submission(inbox, "xa.json", submission("XA-HUCAU", index=31))
    collect(ws, "kt-1", [inbox], jobs=1)
    recorded = ws.root / StoredFile.objects.get().path
    os.utime(recorded, (OLD, OLD))
    tep = ws.files_dir / "ab"
    dead, live = dead_pid(), os.getpid()
    gone = [_file(tep / f"ab{'1' * 62}.xlsx", old=True),  # a content no record names, old
            _file(tep / f".ab{'2' * 62}.xlsx.{HOST}.{dead}.tmp"),  # a dead process's copy
            _file(tep / f".ab{'3' * 62}.xlsx.{HOST}.{live}.tmp", old=True),  # old, whoever's
            _folder(temp_dir / f"dvk-tai-len-{dead}-abc"),
            _folder(temp_dir / "dvk-tai-len-xyz", old=True)]
    kept = [recorded,
            _file(tep / f"ab{'4' * 62}.xlsx"),  # unrecorded but young: a collection may record it now
            _file(tep / f".ab{'5' * 62}.xlsx.{HOST}.{live}.tmp"),
            _file(tep / f".ab{'6' * 62}.xlsx.otherhost.{dead}.tmp"),  # another machine's, young
            _folder(temp_dir / f"dvk-tai-len-{live}-abc"),
            _folder(temp_dir / "dvk-tai-len-xyz2"),
            _folder(temp_dir / f"other-{dead}")]
    cleaned = clean(ws)
    assert (cleaned.temporary, cleaned.unrecorded, cleaned.uploads) == (2, 1, 2)
    assert [p for p in gone if p.exists()] == []
    assert [p for p in kept if not p.exists()] == []


def test_a_kept_content_is_freshened_when_collected_again(ws, tmp_path):
    """An old unrecorded content (a killed run's) that a collection finds already kept is made
    young before it is recorded, so a cleaner running meanwhile leaves it."""
    from scoring.workspace.blobs import blob_path
    from scoring.workspace.collect import collect

    make_round(ws, tmp_path, code="kt-1")
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    path = write_submission(inbox, "xa.json", submission("XA-HUCAU", index=31))
    data = Path(path).read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    blob = _file(blob_path(ws, sha, ".json"), old=True, data=data)
    collect(ws, "kt-1", [inbox], jobs=1)
    assert blob.stat().st_mtime > time.time() - 600


def test_dvk_workspace_clean_says_what_it_removed(ws, tmp_path, temp_dir):
    from django.db import connections

    _file(ws.files_dir / "cd" / f".cd{'7' * 62}.xlsx.{HOST}.{dead_pid()}.tmp")
    _folder(temp_dir / f"dvk-tai-len-{dead_pid()}-q")
    connections.close_all()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(temp_dir)}
    env.pop("DVK_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-m", "scoring", "workspace", "clean", "-w", str(ws.root)],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ("Đã xóa 1 bản sao tạm và 0 tệp không được ghi nhận trong tep/, "
                                   "1 thư mục tải lên tạm.")
    assert list(temp_dir.iterdir()) == []
