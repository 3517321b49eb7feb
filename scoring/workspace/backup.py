"""``dvk workspace backup``: a consistent copy of a workspace while commands keep using it.

The database is copied first, as a snapshot at one transaction: SQLite's online backup, or
PostgreSQL's ``pg_dump -Fc`` (:mod:`scoring.workspace.pgtools`).  Then the received files and
publications: both are only ever added (named by content, or numbered), and always before the
database names them, so every file the snapshot names is there to copy.  Last, a manifest
(:data:`MANIFEST`: the database kind, dvk's version, the time, every file's size and SHA-256) lets
``dvk workspace restore`` (:mod:`scoring.workspace.restore`) check that the backup is whole.

The backup is whole or absent: it is written into a hidden temporary folder beside the target
and renamed into place when complete (:func:`scoring.core.publish.publish`); a full disk ends
in ``output-unwritable`` with nothing left, and the temporary folder of a killed run is removed
by the next backup to the same target.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import shutil
import sqlite3
from pathlib import Path

from scoring.core.findings import DvkError, Location, make
from scoring.core.oserrors import NotRegularFile
from scoring.core.publish import publish
from scoring.workspace.filestate import sha256
from scoring.workspace.settings import SQLITE_NAME
from scoring.workspace.store import FILES_DIR, PUBLICATIONS_DIR, Workspace, database_errno

#: The manifest of a backup, and the PostgreSQL dump's name in it.
MANIFEST = "sao-luu.json"
PG_DUMP_NAME = "dvk.pgdump"
KINDS = {"sqlite": SQLITE_NAME, "postgresql": PG_DUMP_NAME}


def backup(ws: Workspace, target: Path) -> Path:
    """Copy the workspace into the new folder ``target``; return it."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise DvkError([make("backup-target-exists", Location(file=str(target)), path=target)])
    kind = "postgresql" if ws.url else "sqlite"

    def build(tmp: Path) -> list[Path]:
        if ws.url:
            from scoring.workspace.pgtools import run_program

            run_program("pg_dump", ws.url, "-Fc", "--no-owner", "--no-privileges", "-f", str(tmp / PG_DUMP_NAME))
        else:
            _copy_database(ws.root / SQLITE_NAME, tmp / SQLITE_NAME)
        written = [tmp / KINDS[kind]]
        for name in (FILES_DIR, PUBLICATIONS_DIR):
            if (ws.root / name).is_dir():
                copy_tree(ws.root / name, tmp / name)
                written.append(tmp / name)
        _write_manifest(tmp, kind)
        return [*written, tmp / MANIFEST]

    publish(target, build)
    return target


def _write_manifest(folder: Path, kind: str) -> None:
    """The manifest of the backup being built in ``folder`` (every file in it so far)."""
    from scoring import __version__

    files = file_hashes(folder)
    manifest = {"kind": kind, "database": KINDS[kind], "dvk": __version__,
                "time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "files": files}
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")


def manifest_of(folder: Path) -> dict | None:
    """The manifest of the backup ``folder`` as written (its kind known, its files listed), or
    None when ``folder`` holds none: then it is no backup of dvk's.  Its files are not checked
    here (:func:`scoring.workspace.restore.read_manifest` does)."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        kind = manifest["kind"]
        if kind not in KINDS or manifest.get("database") != KINDS[kind] or not isinstance(manifest["files"], dict):
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return manifest


def file_hashes(folder: Path, manifest: str = MANIFEST, skip: tuple[str, ...] = ()) -> dict[str, dict]:
    """Every file of ``folder`` (:func:`listing`) with its size and SHA-256: the ``"files"`` of a
    backup's manifest, and of a publication's (:mod:`scoring.workspace.publication`)."""
    return {path: {"size": (folder / path).stat().st_size, "sha256": sha256(str(folder / path))}
            for path in listing(folder, manifest) if path not in skip}


def damaged_files(folder: Path, files: dict[str, dict], manifest: str = MANIFEST,
                  extra: bool = True) -> list[tuple[str, str]]:
    """The files of ``folder`` that differ from the manifest's ``files``, each with what is wrong
    (missing, changed, or, with ``extra``, not in the manifest), sorted by name; [] when whole."""
    present = set(listing(folder, manifest))
    problems = []
    for name, expected in sorted(files.items()):
        if name not in present:
            problems.append((name, "không còn"))
        elif not same_file(folder / name, expected):
            problems.append((name, "đã bị thay đổi hoặc hỏng (khác kích thước hoặc mã băm SHA-256)"))
    if extra:
        problems += [(name, "không có trong bản kê (tệp thêm vào)") for name in sorted(present - set(files))]
    return problems


def same_file(path: Path, expected: dict) -> bool:
    """Whether ``path`` has the size and SHA-256 that ``expected`` (a manifest's entry) says."""
    try:
        return path.stat().st_size == expected["size"] and sha256(str(path)) == expected["sha256"]
    except (OSError, KeyError, TypeError):
        return False


def unaltered(publication, folder: Path, name: str) -> Path | None:
    """``folder / name`` of a publication (``models.Publication``) when its bytes are those its
    record keeps the SHA-256 of (None: altered, missing or not one of its files)."""
    recorded = {f["name"]: f["sha256"] for f in publication.files}.get(name)
    path = folder / name
    try:
        return path if recorded is not None and sha256(str(path)) == recorded else None
    except (OSError, NotRegularFile):
        return None


def listing(folder: Path, manifest: str = MANIFEST) -> list[str]:
    """The files of a backup (``/``-separated, sorted), without hidden entries and the manifest."""
    found = []
    for here, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith(".") and not (here == str(folder) and name == manifest):
                found.append(Path(here, name).relative_to(folder).as_posix())
    return sorted(found)


def copy_tree(source: Path, target: Path) -> None:
    """Copy the folder ``source`` to ``target`` without hidden entries (temporary files); the first
    file or folder that cannot be written raises its :class:`OSError` (``shutil.copytree`` would
    gather them into one error that has lost the reason)."""
    for folder, dirs, files in os.walk(source):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        here = target / Path(folder).relative_to(source)
        here.mkdir(parents=True, exist_ok=True)
        for name in sorted(files):
            if not name.startswith("."):
                shutil.copy2(Path(folder) / name, here / name)


def _copy_database(source_path: Path, copy_path: Path) -> None:
    """SQLite's online backup of ``source_path`` into ``copy_path``; a disk that refuses the copy
    raises :class:`OSError` (said like any other output that cannot be written)."""
    source = sqlite3.connect(source_path, timeout=30)
    try:
        copy = sqlite3.connect(copy_path)
        try:
            with copy:
                source.backup(copy)
            copy.execute("PRAGMA journal_mode=WAL")
        finally:
            copy.close()
    except sqlite3.OperationalError as exc:
        code = database_errno(exc) or errno.EIO
        raise OSError(code, os.strerror(code), str(copy_path)) from None
    finally:
        source.close()
