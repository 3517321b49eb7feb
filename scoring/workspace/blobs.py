"""Received files kept by content: ``tep/<2 hex>/<sha256><suffix>``, written whole or not at all."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Iterable, Protocol

from scoring.workspace.store import Workspace


class _Content(Protocol):
    path: str
    size: int
    sha: str | None


def blob_path(ws: Workspace, sha: str, suffix: str) -> Path:
    """Where the content ``sha`` is kept (relative names are stored, so a workspace can move)."""
    return ws.files_dir / sha[:2] / f"{sha}{suffix}"


def copy_blobs(ws: Workspace, files: Iterable[_Content]) -> list[tuple[str, int, str, str]]:
    """Copy each content into ``tep/`` unless already there; (sha, size, suffix, relative path).

    A copy is written under a temporary name and renamed, so a killed run leaves no half file
    under a content's name (only a stray temporary, ignored).  Copied before the database
    records them: a content on disk that no record names is harmless, the reverse is not.
    """
    stored = []
    made: set[Path] = set()
    for f in files:
        suffix = Path(f.path).suffix.lower()[:20]
        dest = blob_path(ws, f.sha, suffix)
        if not dest.exists():
            if dest.parent not in made:
                dest.parent.mkdir(parents=True, exist_ok=True)
                made.add(dest.parent)
            tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
            shutil.copyfile(f.path, tmp)
            os.replace(tmp, dest)
        stored.append((f.sha, f.size, suffix, dest.relative_to(ws.root).as_posix()))
    return stored


def record_blobs(stored: list[tuple[str, int, str, str]], at) -> None:
    """The StoredFile rows of copied contents (inside the caller's transaction)."""
    from scoring.workspace.models import StoredFile

    StoredFile.objects.bulk_create(
        [StoredFile(sha256=sha, size=size, suffix=suffix, path=path, stored_at=at)
         for sha, size, suffix, path in stored], ignore_conflicts=True, batch_size=500)
