"""``dvk workspace backup THƯ_MỤC --giu N``: a nightly backup in a dated folder, the N newest kept.

Each run writes a new backup (:func:`scoring.workspace.backup.backup`) into ``THƯ_MỤC/sao-luu-
YYYY-MM-DD-HHMMSS`` (local time; ``-2``, ``-3`` … when that name is taken), and only once it is
whole removes the oldest of the series beyond ``N``.  A folder belongs to the series only when
both its name has that shape and it holds a backup manifest (:func:`~scoring.workspace.backup.
manifest_of`): a manual backup under another name, a folder of the user's named like one, any
other file are never touched.  A removal renames the folder to a hidden name first, so a run
killed while deleting leaves a folder the next run recognises as its own and finishes, never a
half backup that looks whole; likewise the temporary folder of a backup killed while writing
(:func:`scoring.core.publish.clean_stale`, under that backup's lock).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from scoring.core.findings import DvkError, Location, make
from scoring.core.oserrors import os_reason
from scoring.core.publish import clean_stale, locked
from scoring.workspace.backup import backup, manifest_of
from scoring.workspace.store import Workspace

PREFIX = "sao-luu-"
_STAMPED = PREFIX + r"\d{4}-\d{2}-\d{2}-\d{6}(?:-\d{1,4})?"
DATED = re.compile(_STAMPED)
#: A dated backup being removed: renamed so, then deleted.
REMOVING = re.compile(rf"\.({_STAMPED})\.dvk-xoa")
#: The temporary folders of :func:`scoring.core.publish.publish` for a dated backup.
BUILDING = re.compile(rf"\.({_STAMPED})\.dvk-(?:new|old)-.*")


@dataclass(frozen=True)
class Rotation:
    """What one run did: the backup it wrote, the old ones it removed, the ones now kept (oldest first)."""

    written: Path
    removed: list[Path]
    kept: list[Path]


def backup_rotated(ws: Workspace, folder: Path, keep: int, moment: dt.datetime | None = None) -> Rotation:
    """Back ``ws`` up into a new dated folder of ``folder``, then keep only the ``keep`` newest of
    the series (``keep`` ≥ 1); a folder that cannot be removed: ``backup-rotation-failed``."""
    folder = Path(os.path.abspath(folder))
    written = backup(ws, _free_name(folder, moment or dt.datetime.now()))
    _finish_leftovers(folder)
    series = dated_backups(folder)
    old = [path for path in series[:max(len(series) - keep, 0)] if path != written]
    removed = []
    for path in old:
        try:
            _remove(path)
        except OSError as exc:
            raise DvkError([make("backup-rotation-failed", Location(file=str(path)), written=written,
                                 path=path, reason=os_reason(exc))]) from None
        removed.append(path)
    return Rotation(written, removed, [p for p in series if p not in removed])


def dated_backups(folder: Path) -> list[Path]:
    """The backups of the series in ``folder``, oldest first (see the module doc)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return []
    return [Path(e.path) for e in entries if DATED.fullmatch(e.name) and e.is_dir(follow_symlinks=False)
            and manifest_of(Path(e.path)) is not None]


def _free_name(folder: Path, moment: dt.datetime) -> Path:
    """``folder/sao-luu-<moment>``, or with ``-2``, ``-3`` … when a run in the same second took it."""
    base = PREFIX + moment.strftime("%Y-%m-%d-%H%M%S")
    for number in range(1, 10000):
        path = folder / (base if number == 1 else f"{base}-{number}")
        if not os.path.lexists(path):
            return path
    return folder / base  # (10,000 runs in one second: the backup says the name is taken)


def _remove(path: Path) -> None:
    hidden = path.with_name(f".{path.name}.dvk-xoa")
    os.rename(path, hidden)
    shutil.rmtree(hidden)


def _finish_leftovers(folder: Path) -> None:
    """Delete what killed runs left in ``folder``: half-removed backups, half-written ones."""
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if not entry.is_dir(follow_symlinks=False):
            continue
        if REMOVING.fullmatch(entry.name):
            shutil.rmtree(entry.path, ignore_errors=True)
        building = BUILDING.fullmatch(entry.name)
        if building:  # under that backup's lock: a backup still writing it holds the lock
            with locked(folder / building.group(1)):
                clean_stale(folder / building.group(1))
