"""Received files kept by content: ``tep/<2 hex>/<sha256><suffix>``, written whole or not at all.

What is stored under a content's name is what was hashed under it: the bytes are read once,
hashed as they are written to a temporary copy, and the copy takes the content's name only when
its hash is the one the collection found (and the file's size and time are those it had when it
was hashed and read).  A file that vanished, cannot be read or changed while the collection ran
is that file's fate only: it gets a located finding, the other files are stored.
"""

from __future__ import annotations

import hashlib
import os
import socket
from pathlib import Path
from typing import Iterable, Protocol

import scoring.formats  # noqa: F401 - registers file-unreadable
from scoring.core.findings import DvkError, Finding, Location, make
from scoring.workspace.store import Workspace

_BLOCK = 1 << 20
#: This machine, in the names of temporary copies: a workspace folder shared by several machines
#: (PostgreSQL) never has another machine's copy in progress taken for a killed run's.
_HOST = "".join(c for c in socket.gethostname() if c.isalnum() or c == "-")[:40] or "may"


class _Content(Protocol):
    path: str
    size: int
    sha: str | None
    # (and, when it has one, ``mtime_ns``: the file's time when it was hashed and read)


Stored = tuple[str, int, str, str]  # (sha, size, suffix, relative path)


def blob_path(ws: Workspace, sha: str, suffix: str) -> Path:
    """Where the content ``sha`` is kept (relative names are stored, so a workspace can move)."""
    return ws.files_dir / sha[:2] / f"{sha}{suffix}"


def copy_blobs(ws: Workspace, files: Iterable[_Content]) -> list[Stored]:
    """:func:`store_blobs`, all or nothing: the findings of the files not stored are raised."""
    stored, failed = store_blobs(ws, files)
    if failed:
        raise DvkError([finding for _, finding in failed])
    return stored


def store_blobs(ws: Workspace, files: Iterable[_Content]) -> tuple[list[Stored], list[tuple[str, Finding]]]:
    """Copy each content into ``tep/`` unless already there: what was stored, and the files that
    could not be (each with its located finding).

    A copy is written under a temporary name and renamed, so a killed run leaves no half file
    under a content's name (only a stray temporary, removed by a later run).  Copied before the
    database records them: a content on disk that no record names is harmless, the reverse is not.
    A workspace that cannot be written to raises ``output-unwritable``.
    """
    stored: list[Stored] = []
    failed: list[tuple[str, Finding]] = []
    made: set[Path] = set()
    files = list(files)
    if files:
        sweep_temps(ws)
    for f in files:
        suffix = Path(f.path).suffix.lower()[:20]
        dest = blob_path(ws, f.sha, suffix)
        if dest.parent not in made:
            _folder(dest.parent)
            made.add(dest.parent)
        problem = _store(f, dest)
        if problem is None:
            stored.append((f.sha, f.size, suffix, dest.relative_to(ws.root).as_posix()))
        else:
            failed.append((f.path, problem))
    return stored, failed


def _folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _unwritable(folder, exc) from None


def _store(f: _Content, dest: Path) -> Finding | None:
    """Store one file's bytes at ``dest`` (None), or say why this file is not stored."""
    where = Location(file=f.path)
    from scoring.core.oserrors import NotRegularFile, open_regular

    try:
        source = os.fdopen(open_regular(f.path), "rb")
    except NotRegularFile as exc:  # replaced by a FIFO since it was hashed: never read
        return make("file-unreadable", where, reason=exc.reason)
    except OSError as exc:
        return _unreadable(where, exc)
    with source:
        st = os.fstat(source.fileno())
        if (st.st_size, st.st_mtime_ns) != (f.size, getattr(f, "mtime_ns", st.st_mtime_ns)):
            return make("collect-file-changed", where)  # read and scored: then it changed
        if dest.exists():  # this content is kept already (only ever written verified)
            _freshen(dest)
            return None
        tmp = dest.with_name(f".{dest.name}.{_HOST}.{os.getpid()}.tmp")
        try:
            digest = _copy(source, tmp, where)
            if isinstance(digest, Finding):
                return digest
            if digest != f.sha:
                return make("collect-file-changed", where)
            try:
                os.replace(tmp, dest)
            except OSError as exc:
                raise _unwritable(dest, exc) from None
        finally:
            tmp.unlink(missing_ok=True)
    return None


def _freshen(dest: Path) -> None:
    """Mark a kept content as just used: an unrecorded one (a killed run's) is removed only when
    old (:mod:`scoring.workspace.leftovers`), never while a collection is about to record it."""
    try:
        os.utime(dest)
    except OSError:  # a read-only copy: it is there, which is all the record needs
        pass


def _copy(source, tmp: Path, where: Location) -> str | Finding:
    """Copy ``source`` to ``tmp``, hashing the bytes written: their SHA-256, or the finding of a
    source that could not be read to the end.  A write error raises ``output-unwritable``."""
    digest = hashlib.sha256()
    try:
        out = open(tmp, "wb")
    except OSError as exc:
        raise _unwritable(tmp.parent, exc) from None
    with out:
        while True:
            try:
                block = source.read(_BLOCK)
            except OSError as exc:
                return _unreadable(where, exc)
            if not block:
                break
            digest.update(block)
            try:
                out.write(block)
            except OSError as exc:
                raise _unwritable(tmp.parent, exc) from None
    return digest.hexdigest()


def _unreadable(where: Location, exc: OSError) -> Finding:
    from scoring.core.oserrors import os_reason

    if isinstance(exc, FileNotFoundError):
        return make("collect-file-vanished", where)
    return make("file-unreadable", where, reason=os_reason(exc))


def _unwritable(path: Path, exc: OSError) -> DvkError:
    from scoring.core.oserrors import os_reason
    from scoring.core.publish import publish as _registers  # noqa: F401 - registers output-unwritable

    return DvkError([make("output-unwritable", Location(file=str(path)), path=path, reason=os_reason(exc))])


def sweep_temps(ws: Workspace) -> int:
    """Remove the temporary copies killed collections left in ``tep/`` (those of processes that
    no longer run on this machine: a running collection's own are kept); how many were removed.  One listing of
    each ``tep/`` folder."""
    removed = 0
    try:
        folders = [e.path for e in os.scandir(ws.files_dir) if e.is_dir(follow_symlinks=False)]
    except OSError:  # no tep/ yet
        return 0
    for folder in folders:
        try:
            names = [e.name for e in os.scandir(folder) if e.name.startswith(".") and e.name.endswith(".tmp")]
        except OSError:
            continue
        for name in names:
            parts = name[:-4].rsplit(".", 2)  # .<sha><suffix> . <host> . <pid>
            if len(parts) == 3 and parts[1] == _HOST and parts[2].isdigit() and not running(int(parts[2])):
                try:
                    os.unlink(os.path.join(folder, name))
                    removed += 1
                except OSError:
                    continue
    return removed


def running(pid: int) -> bool:
    """Whether process ``pid`` runs on this machine (another user's counts as running)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: running
        return True
    return True


def record_blobs(stored: list[Stored], at) -> None:
    """The StoredFile rows of copied contents (inside the caller's transaction)."""
    from scoring.workspace.models import StoredFile

    StoredFile.objects.bulk_create(
        [StoredFile(sha256=sha, size=size, suffix=suffix, path=path, stored_at=at)
         for sha, size, suffix, path in stored], ignore_conflicts=True, batch_size=500)
