"""A round closed while files are being taken in (issue 27.1), on SQLite and PostgreSQL: nothing is
recorded after the close, and the refused collection says why.

``collect()`` checks the round's state before reading; the close can land between that check and
the transaction that records.  These tests put it exactly there, from another connection (a
thread) and from another process racing a loop of uploads.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

from scoring.core.findings import DvkError
from test_batch_helpers import submission, write_submission
from test_round_collect import make_round
from wsfixtures import ROOT, backend, pg_url, ws  # noqa: F401 - fixtures

ROSTER = "Mã đơn vị,Tên đơn vị,Loại đơn vị,Khối\n" + "".join(
    f"XA-{i},Đơn vị XA-{i},ubnd_xa,\n" for i in range(40))


def _close_from_another_connection(code: str) -> None:
    """Close the round in a thread: its own database connection, committed before it returns."""
    from django.db import connections

    from scoring.workspace.rounds import move_round

    def run():
        try:
            move_round(code, "closed", who="van-phong")
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)


def test_a_close_between_the_check_and_the_record_refuses_the_files(ws, tmp_path, monkeypatch):
    import scoring.workspace.blobs as blobs
    from scoring.workspace.collect import collect
    from scoring.workspace.models import AuditEntry, Submission

    make_round(ws, tmp_path, ROSTER, code="kt-1")
    folder = tmp_path / "hop-thu"
    folder.mkdir()
    write_submission(folder, "xa-1.json", submission("XA-1", index=31))
    real = blobs.store_blobs

    def close_then_store(*args, **kwargs):  # after collect() checked the state, before it records
        _close_from_another_connection("kt-1")
        return real(*args, **kwargs)

    monkeypatch.setattr(blobs, "store_blobs", close_then_store)
    with pytest.raises(DvkError) as refused:
        collect(ws, "kt-1", [folder], who="xa-1", jobs=1, channel="portal")
    finding = refused.value.findings[0]
    assert finding.code == "round-state-forbids"
    assert "không nhận hồ sơ được nữa" in finding.message
    assert Submission.objects.filter(round__code="kt-1").count() == 0
    assert not AuditEntry.objects.filter(round__code="kt-1", action="collected").exists()


_UPLOADER = """
import sys
from pathlib import Path
from scoring.core.findings import DvkError
from scoring.workspace.store import open_workspace
from scoring.workspace.collect import collect
ws = open_workspace(Path(sys.argv[1]))
print("ready", flush=True)
for path in sorted(Path(sys.argv[2]).iterdir()):
    try:
        collect(ws, "kt-1", [path], who="xa", jobs=1, channel="portal")
    except DvkError as exc:
        print(exc.findings[0].code, flush=True)
        break
"""


def test_uploads_racing_a_close_in_another_process_stop_at_the_close(ws, tmp_path):
    from django.db import connections

    from scoring.workspace.models import AuditEntry, Submission
    from scoring.workspace.rounds import move_round

    make_round(ws, tmp_path, ROSTER, code="kt-1")
    folder = tmp_path / "hop-thu"
    folder.mkdir()
    for unit in range(40):
        write_submission(folder, f"xa-{unit:02}.json", submission(f"XA-{unit}", index=31 + unit % 5))
    connections.close_all()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DVK_ACTOR": "xa"}
    env.pop("DVK_DATABASE_URL", None)
    proc = subprocess.Popen([sys.executable, "-c", _UPLOADER, str(ws.root), str(folder)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    assert proc.stdout.readline().strip() == "ready"
    while Submission.objects.filter(round__code="kt-1").count() < 3:  # uploads under way
        pass
    move_round("kt-1", "closed", who="van-phong")
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    closed_at = AuditEntry.objects.get(round__code="kt-1", action="state-changed").at
    received = list(Submission.objects.filter(round__code="kt-1").values_list("received_at", flat=True))
    assert 3 <= len(received) < 40
    assert all(at <= closed_at for at in received), (closed_at, max(received))
    assert out.split()[-1] == "round-state-forbids"
