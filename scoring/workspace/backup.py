"""``dvk workspace backup``: a consistent copy of a workspace while commands keep using it.

The database is copied with SQLite's online backup (a snapshot at one transaction), then the
received files and publications: both are only ever added (named by content, or numbered), and
always before the database names them, so every file the snapshot names is there to copy.

The backup is whole or absent: it is written into a hidden temporary folder beside the target
and renamed into place when complete (:func:`scoring.core.publish.publish`); a full disk ends
in ``output-unwritable`` with nothing left, and the temporary folder of a killed run is removed
by the next backup to the same target.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

from scoring.core.findings import DvkError, Location, make
from scoring.core.publish import publish
from scoring.workspace.settings import SQLITE_NAME
from scoring.workspace.store import FILES_DIR, PUBLICATIONS_DIR, Workspace, database_errno


def backup(ws: Workspace, target: Path) -> Path:
    """Copy the workspace into the new folder ``target``; return it."""
    if ws.url:
        raise DvkError([make("backup-postgres", Location(), files=FILES_DIR, publications=PUBLICATIONS_DIR)])
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise DvkError([make("backup-target-exists", Location(file=str(target)), path=target)])

    def build(tmp: Path) -> list[Path]:
        _copy_database(ws.root / SQLITE_NAME, tmp / SQLITE_NAME)
        written = [tmp / SQLITE_NAME]
        for name in (FILES_DIR, PUBLICATIONS_DIR):
            if (ws.root / name).is_dir():
                _copy_tree(ws.root / name, tmp / name)
                written.append(tmp / name)
        return written

    publish(target, build)
    return target


def _copy_tree(source: Path, target: Path) -> None:
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
