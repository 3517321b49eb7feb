"""``dvk workspace backup`` and ``dvk workspace restore`` on SQLite and PostgreSQL: a restored
workspace answers ``round status`` and ``round log`` as the original did and holds the same
publications, byte for byte; a damaged backup, a non-empty target and missing programs are refused
with a finding and nothing made."""

from __future__ import annotations

import errno
import hashlib
import json
import os
from pathlib import Path

import pytest

from sysdeps import require
from test_round_appraisal import appraising
from wsfixtures import backend, pg_url, ws  # noqa: F401 - fixtures

ENGLISH = ("Traceback", "Error", "error:", "No such")


def _dvk(capsys, *args: str) -> tuple[int, str, str]:
    from scoring.cli.app import main

    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def _tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (hidden ones aside) with its SHA-256."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not any(part.startswith(".")
                                                                          for part in p.relative_to(folder).parts)}


def _new_database(pg_url: str) -> str:
    """The URL of a new empty database on the test server."""
    import psycopg

    name = f"dvk_restore_{os.getpid()}_{len(_made)}"
    _made.append(name)
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return pg_url.replace("/postgres?", f"/{name}?")


_made: list[str] = []


@pytest.fixture(autouse=True)
def _pg_client(backend):
    """PostgreSQL's client programs (pg_dump, pg_restore), installed if missing, for a PostgreSQL case."""
    if backend == "postgres":
        require("pg_dump")


def _target_url(backend: str, request) -> list[str]:
    return ["--database", _new_database(request.getfixturevalue("pg_url"))] if backend == "postgres" else []


@pytest.fixture
def published(ws, tmp_path):
    """A workspace whose round was appraised and published."""
    from scoring.workspace.publication import publish_round
    from scoring.workspace.rounds import move_round

    appraising(ws, tmp_path / "vao")
    move_round(None, "final")
    publish_round(ws, None)
    return ws


def _answers(capsys, root: Path, *database: str) -> tuple[str, str]:
    code, status, err = _dvk(capsys, "round", "status", "-w", str(root), *database)
    assert code == 0, err
    code, log, err = _dvk(capsys, "round", "log", "-w", str(root), *database)
    assert code == 0, err
    return status, log


def test_a_restored_workspace_answers_as_the_original(published, backend, tmp_path, capsys, request):
    original = _answers(capsys, published.root)
    code, out, err = _dvk(capsys, "workspace", "backup", str(tmp_path / "sao-luu"), "-w", str(published.root))
    assert code == 0, err
    manifest = json.loads((tmp_path / "sao-luu" / "sao-luu.json").read_text(encoding="utf-8"))
    assert manifest["kind"] == {"sqlite": "sqlite", "postgres": "postgresql"}[backend]
    assert set(manifest["files"]) == set(_tree(tmp_path / "sao-luu")) - {"sao-luu.json"}
    assert any(name.startswith("cong-bo/") for name in manifest["files"])

    target = _target_url(backend, request)
    code, out, err = _dvk(capsys, "workspace", "restore", str(tmp_path / "sao-luu"), "-w",
                          str(tmp_path / "moi"), *target)
    assert code == 0, err
    assert "Đã khôi phục" in out
    assert _answers(capsys, tmp_path / "moi") == original  # the new folder names its database
    for name in ("cong-bo", "tep"):
        assert _tree(tmp_path / "moi" / name) == _tree(published.root / name) != {}
    # a backup of the restored workspace is itself whole and restorable
    code, _, err = _dvk(capsys, "workspace", "backup", str(tmp_path / "sao-luu-2"), "-w", str(tmp_path / "moi"))
    assert code == 0, err
    from scoring.workspace.restore import read_manifest

    assert read_manifest(tmp_path / "sao-luu-2")["files"].keys() == manifest["files"].keys()


def test_restore_never_writes_over(published, backend, tmp_path, capsys, request):
    assert _dvk(capsys, "workspace", "backup", str(tmp_path / "sao-luu"), "-w", str(published.root))[0] == 0
    busy = tmp_path / "co-san"
    busy.mkdir()
    (busy / "ghi-chu.txt").write_text("của người dùng", encoding="utf-8")
    code, _, err = _dvk(capsys, "workspace", "restore", str(tmp_path / "sao-luu"), "-w", str(busy),
                        *_target_url(backend, request))
    assert code == 1 and "[restore-target-exists]" in err, err
    assert sorted(p.name for p in busy.iterdir()) == ["ghi-chu.txt"]
    if backend == "postgres":  # a database that holds tables: the original's own
        code, _, err = _dvk(capsys, "workspace", "restore", str(tmp_path / "sao-luu"), "-w", str(tmp_path / "moi"),
                            "--database", published.url)
        assert code == 1 and "[restore-database-not-empty]" in err, err
        assert not (tmp_path / "moi").exists()


@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.parametrize("damage", ["removed", "changed", "manifest"])
def test_a_damaged_backup_is_refused_whole(published, tmp_path, capsys, damage):
    backup = tmp_path / "sao-luu"
    assert _dvk(capsys, "workspace", "backup", str(backup), "-w", str(published.root))[0] == 0
    victim = next(p for p in sorted((backup / "cong-bo").rglob("*")) if p.is_file() and not p.name.startswith("."))
    if damage == "removed":
        victim.unlink()
    elif damage == "changed":
        victim.write_bytes(victim.read_bytes()[:-1] + b"!")
    else:
        (backup / "sao-luu.json").write_text("{", encoding="utf-8")
    code, _, err = _dvk(capsys, "workspace", "restore", str(backup), "-w", str(tmp_path / "moi"))
    assert code == 1, err
    expected = "[restore-not-backup]" if damage == "manifest" else "[restore-backup-damaged]"
    assert expected in err and (damage == "manifest" or victim.name in err), err
    assert not [word for word in ENGLISH if word in err], err
    assert not (tmp_path / "moi").exists()


@pytest.mark.parametrize("backend", ["postgres"])
def test_postgres_without_its_programs_or_target_database(published, tmp_path, capsys, monkeypatch):
    backup = tmp_path / "sao-luu"
    assert _dvk(capsys, "workspace", "backup", str(backup), "-w", str(published.root))[0] == 0
    code, _, err = _dvk(capsys, "workspace", "restore", str(backup), "-w", str(tmp_path / "moi"))
    assert code == 1 and "[restore-needs-database]" in err, err
    from scoring.workspace import pgtools

    monkeypatch.setattr(pgtools.shutil, "which", lambda name: None)
    monkeypatch.setattr(pgtools.glob, "glob", lambda pattern: [])
    code, _, err = _dvk(capsys, "workspace", "backup", str(tmp_path / "sao-luu-2"), "-w", str(published.root))
    assert code == 1 and "[backup-tool-missing]" in err and "pg_dump" in err and "postgresql-client" in err, err
    assert not (tmp_path / "sao-luu-2").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".sao-luu-2")] == []


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_sqlite_backup_is_not_restored_into_postgres(published, tmp_path, capsys):
    assert _dvk(capsys, "workspace", "backup", str(tmp_path / "sao-luu"), "-w", str(published.root))[0] == 0
    code, _, err = _dvk(capsys, "workspace", "restore", str(tmp_path / "sao-luu"), "-w", str(tmp_path / "moi"),
                        "--database", "postgresql://dvk@localhost/khong-dung")
    assert code == 1 and "[restore-kind-mismatch]" in err, err
    assert not (tmp_path / "moi").exists()


@pytest.mark.parametrize("backend", ["postgres"])
def test_a_failing_pg_dump_or_pg_restore_leaves_nothing(published, tmp_path, capsys, monkeypatch, request):
    from scoring.core.findings import DvkError
    from scoring.workspace import pgtools
    from scoring.workspace.backup import backup
    from scoring.workspace.restore import restore
    from scoring.workspace.store import Workspace

    gone = published.url.replace("?", "_nirgends?", 1)  # a database the server does not have
    with pytest.raises(DvkError) as refused:
        backup(Workspace(published.root, gone), tmp_path / "sao-luu-hong")
    (finding,) = refused.value.findings
    assert finding.code == "backup-tool-failed" and "không tồn tại" in finding.message, finding.message
    assert list(tmp_path.glob("*sao-luu-hong*")) == []

    assert _dvk(capsys, "workspace", "backup", str(tmp_path / "sao-luu"), "-w", str(published.root))[0] == 0
    target = _new_database(request.getfixturevalue("pg_url"))
    real = pgtools.find_program
    monkeypatch.setattr(pgtools, "find_program", lambda name: "/bin/false" if name == "pg_restore" else real(name))
    code, _, err = _dvk(capsys, "workspace", "restore", str(tmp_path / "sao-luu"), "-w", str(tmp_path / "moi"),
                        "--database", target)
    assert code == 1 and "[backup-tool-failed]" in err and "pg_restore" in err, err
    assert list(tmp_path.glob("*moi*")) == []
    assert pgtools.database_is_empty(target)
    monkeypatch.setattr(pgtools, "find_program", real)  # the same target, once the program works
    assert _dvk(capsys, "workspace", "restore", str(tmp_path / "sao-luu"), "-w", str(tmp_path / "moi"),
                "--database", target)[0] == 0


@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.parametrize("kind,code", [("write", errno.ENOSPC), ("rename", errno.EXDEV)])
def test_the_nth_write_or_rename_of_a_restore_fails(published, tmp_path, capsys, monkeypatch, kind, code):
    from faultinject import Faults

    backup, out = tmp_path / "sao-luu", tmp_path / "ra"
    assert _dvk(capsys, "workspace", "backup", str(backup), "-w", str(published.root))[0] == 0
    out.mkdir()
    restore = ("workspace", "restore", str(backup), "-w", str(out / "moi"))
    with monkeypatch.context() as patch:
        counting = Faults(patch, out)
        assert _dvk(capsys, *restore)[0] == 0
    total = counting.counts[kind]
    assert total >= 1
    os.rename(out / "moi", tmp_path / "truoc")
    for nth in range(1, total + 1):
        with monkeypatch.context() as patch:
            fault = Faults(patch, out, kind, nth, code)
            status, _, err = _dvk(capsys, *restore)
        assert fault.failed and status == 1 and "[output-unwritable]" in err, (nth, err)
        assert [p.name for p in out.iterdir() if not p.name.startswith(".")] == [], nth
    assert _dvk(capsys, *restore)[0] == 0
    assert _tree(out / "moi") == _tree(tmp_path / "truoc")


def _series(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("backend", ["sqlite"])
def test_nightly_backups_keep_the_newest_and_touch_nothing_else(published, tmp_path, capsys):
    import datetime as dt

    from scoring.workspace.rotation import backup_rotated

    folder = tmp_path / "sao-luu"
    assert _dvk(capsys, "workspace", "backup", str(folder / "truoc-nang-cap"), "-w", str(published.root))[0] == 0
    look_alike = folder / "sao-luu-2000-01-01-000000"  # the user's folder, named like one: no manifest
    look_alike.mkdir()
    (look_alike / "ghi-chu.txt").write_text("của người dùng", encoding="utf-8")
    (folder / "nhat-ky.txt").write_text("nhật ký", encoding="utf-8")
    (folder / ".sao-luu-2000-01-02-000000.dvk-xoa").mkdir()  # a removal killed half-way
    (folder / ".sao-luu-2000-01-03-000000.dvk-new-abcd").mkdir()  # a backup killed while writing
    night = dt.datetime(2026, 5, 10, 2, 0, 0)
    made = [backup_rotated(published, folder, 2, night + dt.timedelta(days=day)) for day in range(4)]
    assert [r.written.name for r in made] == [f"sao-luu-2026-05-{10 + d}-020000" for d in range(4)]
    assert [len(r.removed) for r in made] == [0, 0, 1, 1]
    assert [p.name for p in made[-1].kept] == ["sao-luu-2026-05-12-020000", "sao-luu-2026-05-13-020000"]
    assert _series(folder) == ["nhat-ky.txt", "sao-luu-2000-01-01-000000", "sao-luu-2026-05-12-020000",
                               "sao-luu-2026-05-13-020000", "truoc-nang-cap"]
    assert (look_alike / "ghi-chu.txt").read_text(encoding="utf-8") == "của người dùng"
    from scoring.workspace.restore import read_manifest

    for name in ("truoc-nang-cap", "sao-luu-2026-05-13-020000"):
        read_manifest(folder / name)  # whole
    # two runs in one second: the second gets its own folder; keeping 1 leaves only it
    again = [backup_rotated(published, folder, 1, night + dt.timedelta(days=9)) for _ in range(2)]
    assert again[1].written.name == "sao-luu-2026-05-19-020000-2"
    assert [p.name for p in again[1].kept] == ["sao-luu-2026-05-19-020000-2"]
    code, out, err = _dvk(capsys, "workspace", "backup", str(folder), "--giu", "1", "-w", str(published.root))
    assert code == 0, err
    assert "Đã sao lưu vào" in out and "Đã xóa bản sao lưu cũ" in out and "Đang giữ 1 bản" in out, out
    assert len([n for n in _series(folder) if n.startswith("sao-luu-2026")]) == 1
    assert {"truoc-nang-cap", "sao-luu-2000-01-01-000000", "nhat-ky.txt"} <= set(_series(folder))


@pytest.mark.parametrize("backend", ["sqlite"])
def test_an_old_backup_that_cannot_be_removed_is_said_after_the_new_one_is_whole(published, tmp_path, capsys,
                                                                                  monkeypatch):
    from scoring.workspace import rotation

    folder = tmp_path / "sao-luu"
    assert _dvk(capsys, "workspace", "backup", str(folder), "--giu", "1", "-w", str(published.root))[0] == 0

    def refused(path):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    monkeypatch.setattr(rotation, "_remove", refused)
    code, _, err = _dvk(capsys, "workspace", "backup", str(folder), "--giu", "1", "-w", str(published.root))
    assert code == 1 and "[backup-rotation-failed]" in err and "Đã sao lưu vào" in err, err
    assert not [word for word in ENGLISH if word in err], err
    from scoring.workspace.restore import read_manifest

    for path in rotation.dated_backups(folder):
        read_manifest(path)
    assert len(rotation.dated_backups(folder)) == 2
