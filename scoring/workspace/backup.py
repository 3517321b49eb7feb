"""``dvk workspace backup``: a consistent copy of a workspace while commands keep using it.

The database is copied with SQLite's online backup (a snapshot at one transaction), then the
received files and publications: both are only ever added (named by content, or numbered), and
always before the database names them, so every file the snapshot names is there to copy.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from scoring.core.findings import DvkError, Location, make
from scoring.workspace.settings import SQLITE_NAME
from scoring.workspace.store import FILES_DIR, PUBLICATIONS_DIR, Workspace


def backup(ws: Workspace, target: Path) -> Path:
    """Copy the workspace into the new folder ``target``; return it."""
    if ws.url:
        raise DvkError([make("backup-postgres", Location(), files=FILES_DIR, publications=PUBLICATIONS_DIR)])
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise DvkError([make("backup-target-exists", Location(file=str(target)), path=target)])
    target.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(ws.root / SQLITE_NAME, timeout=30)
    copy = sqlite3.connect(target / SQLITE_NAME)
    try:
        with copy:
            source.backup(copy)
        copy.execute("PRAGMA journal_mode=WAL")
    finally:
        copy.close()
        source.close()
    for name in (FILES_DIR, PUBLICATIONS_DIR):
        if (ws.root / name).is_dir():
            shutil.copytree(ws.root / name, target / name, ignore=shutil.ignore_patterns(".*"))
    return target
