"""Re-collecting a folder: a file whose size and time are as recorded is neither hashed nor read;
``verify`` (``--kiem-tra-lai``) hashes every file.  Calls are counted, nothing is timed."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from test_round_collect import changed_json, make_round
from wsfixtures import SAMPLES, backend, pg_url, ws  # noqa: F401 - fixtures

LONG_AGO = time.time_ns() - 3_600 * 10**9  # well before the collection: the time is trusted


@pytest.fixture
def hashed(monkeypatch):
    """The paths hashed, in order (the real hash still runs)."""
    from scoring.workspace import filestate

    calls: list[str] = []
    real = filestate.sha256

    def counting(path: str) -> str:
        calls.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(filestate, "sha256", counting)
    return calls


def settled(folder: Path, *names: str, ns: int = LONG_AGO) -> None:
    """Files as a unit's inbox has them: last modified long before the collection."""
    for name in names or [p.name for p in folder.iterdir()]:
        os.utime(folder / name, ns=(ns, ns))


def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "hop-thu"
    folder.mkdir(parents=True)
    for name in ("ban-minhhoa.xlsx", "so-gialap.xlsx", "xa-hucau.xlsx"):
        shutil.copy(SAMPLES / name, folder / name)
    changed_json(folder, "so-tu-phap-tham-dinh.json", True)
    settled(folder)
    return folder


def test_only_the_changed_file_is_hashed_and_read(ws, tmp_path, hashed):
    from scoring.workspace.collect import collect

    make_round(ws, tmp_path)
    folder = inbox(tmp_path)
    first = collect(ws, None, [folder])
    assert (first.read, len(hashed)) == (4, 4)
    hashed.clear()
    again = collect(ws, None, [folder])
    assert (again.read, again.unchanged, hashed) == (0, 4, [])
    changed_json(folder, "so-tu-phap-tham-dinh.json", False)  # another size and time
    settled(folder, "so-tu-phap-tham-dinh.json", ns=LONG_AGO + 10**9)
    third = collect(ws, None, [folder])
    assert (third.read, hashed, [Path(p).name for p in third.replaced]) == (
        1, ["so-tu-phap-tham-dinh.json"], ["so-tu-phap-tham-dinh.json"])


def test_a_file_changed_within_the_racy_window_is_hashed_again(ws, tmp_path, hashed):
    from scoring.workspace.collect import collect

    make_round(ws, tmp_path)
    folder = inbox(tmp_path)
    os.utime(folder / "so-gialap.xlsx")  # modified just now: it may change again unnoticed
    collect(ws, None, [folder])
    hashed.clear()
    again = collect(ws, None, [folder])
    assert (again.read, hashed) == (0, ["so-gialap.xlsx"])  # hashed, found unchanged, not read


def same_size_rewrite(path: Path, value) -> None:
    """Another content of exactly the same size and modification time (a tool that puts the
    old time back): JSON allows trailing spaces to make up the length."""
    before = path.stat()
    data = json.loads(path.read_text(encoding="utf-8"))
    first = next(iter(data["answers"]))
    data["answers"][first]["self"] = value
    text = json.dumps(data, ensure_ascii=False).encode("utf-8")
    assert len(text) <= before.st_size
    path.write_bytes(text + b" " * (before.st_size - len(text)))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def test_same_size_and_time_is_missed_unless_every_file_is_verified(ws, tmp_path, hashed):
    from scoring.workspace.collect import collect
    from scoring.workspace.models import RosterEntry

    make_round(ws, tmp_path)
    folder = inbox(tmp_path)
    json_path = folder / "so-tu-phap-tham-dinh.json"
    json_path.write_bytes(json_path.read_bytes() + b" " * 8)  # room for "false" over "true"
    settled(folder, json_path.name)
    collect(ws, None, [folder])
    same_size_rewrite(json_path, False)
    hashed.clear()
    missed = collect(ws, None, [folder])  # the documented limitation of trusting size and time
    assert (missed.read, missed.replaced, hashed) == (0, [], [])
    verified = collect(ws, None, [folder], verify=True)
    assert sorted(hashed) == sorted(p.name for p in folder.iterdir())
    assert (verified.read, [Path(p).name for p in verified.replaced]) == (1, [json_path.name])
    current = RosterEntry.objects.get(unit__code="STP").current
    assert (ws.root / current.file.path).read_bytes() == json_path.read_bytes()
