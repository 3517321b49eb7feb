"""What killed processes leave behind, removed: temporary copies and unrecorded contents in ``tep/``,
and portal upload folders (``dvk-tai-len-<pid>-…``) in the system's temporary folder.

Another process may be using any of them right now (a ``dvk serve`` taking an upload, a
``dvk round collect`` copying files), so only these go: a temporary copy or upload folder whose
process no longer runs on this machine, anything older than :data:`SAFE_AGE`, and a content in
``tep/`` that no record names and is older than :data:`SAFE_AGE` (a collection touches a kept
content before recording it, see :func:`scoring.workspace.blobs.store_blobs`).  ``dvk serve``
runs this on start-up; ``dvk workspace clean`` on demand.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from scoring.workspace.blobs import running, sweep_temps
from scoring.workspace.store import Workspace

#: Older than this, nothing in progress still uses a leftover (an upload or a collection's copy
#: takes seconds to minutes).
SAFE_AGE = 6 * 3600
UPLOAD_PREFIX = "dvk-tai-len-"


@dataclass
class Cleaned:
    """How many leftovers were removed, of each kind."""

    temporary: int = 0
    unrecorded: int = 0
    uploads: int = 0

    @property
    def total(self) -> int:
        return self.temporary + self.unrecorded + self.uploads


def upload_folder() -> Path:
    """A new folder for one upload, named after this process so a cleaner knows when it is dead."""
    return Path(tempfile.mkdtemp(prefix=f"{UPLOAD_PREFIX}{os.getpid()}-"))


def clean(ws: Workspace, safe_age: float = SAFE_AGE) -> Cleaned:
    """Remove the leftovers of killed processes (see the module docstring); how many of each."""
    cleaned = Cleaned(temporary=sweep_temps(ws))
    cutoff = time.time() - safe_age
    recorded = _recorded(ws)
    for path in _tep_files(ws):
        try:
            old = path.stat().st_mtime < cutoff
        except OSError:
            continue
        if not old:
            continue
        if path.name.startswith(".") and path.name.endswith(".tmp"):
            cleaned.temporary += _unlink(path)
        elif path.relative_to(ws.root).as_posix() not in recorded:
            cleaned.unrecorded += _unlink(path)
    cleaned.uploads = clean_uploads(cutoff)
    return cleaned


def clean_uploads(cutoff: float) -> int:
    """Remove upload folders whose process is dead, or older than ``cutoff`` (a time)."""
    removed = 0
    base = Path(tempfile.gettempdir())
    try:
        folders = [e for e in os.scandir(base) if e.name.startswith(UPLOAD_PREFIX) and e.is_dir(follow_symlinks=False)]
    except OSError:
        return 0
    for entry in folders:
        pid = entry.name[len(UPLOAD_PREFIX):].split("-", 1)[0]
        try:
            dead = pid.isdigit() and not running(int(pid))
            if dead or entry.stat(follow_symlinks=False).st_mtime < cutoff:
                shutil.rmtree(entry.path)
                removed += 1
        except OSError:
            continue
    return removed


def _recorded(ws: Workspace) -> set[str]:
    from scoring.workspace.models import StoredFile

    return set(StoredFile.objects.values_list("path", flat=True))


def _tep_files(ws: Workspace) -> list[Path]:
    try:
        folders = [Path(e.path) for e in os.scandir(ws.files_dir) if e.is_dir(follow_symlinks=False)]
    except OSError:  # no tep/ yet
        return []
    files = []
    for folder in folders:
        try:
            files += [Path(e.path) for e in os.scandir(folder) if e.is_file(follow_symlinks=False)]
        except OSError:
            continue
    return files


def _unlink(path: Path) -> int:
    try:
        path.unlink()
        return 1
    except OSError:
        return 0
