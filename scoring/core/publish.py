"""Publishing an output folder whole or not at all, by directory renames.

:func:`publish` runs a build callback in a fresh hidden folder beside the output folder
(``.NAME.dvk-new-…``), copies in what must survive from the current output (files the callback
does not own, as hard links), then swaps the two folders with two renames: the current output
becomes ``.NAME.dvk-old-…``, the new folder takes its name, the old one is deleted.  If anything
fails, the previous output is back in place and the caller gets ``output-unwritable`` (which
file, why, in Vietnamese).

Runs on one output folder are serialised by a lock file beside it (``.NAME.dvk-lock``, removed
when done), which the operating system releases when a process dies; the last run to finish
wins, whole.  Under that
lock, temporary folders left by killed runs are removed; a run killed between its two renames
left no output but an old one, which is renamed back.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from fnmatch import fnmatch
from pathlib import Path
from typing import Callable, Iterator

from scoring.core.findings import DvkError, Location, make
from scoring.core.oserrors import make_parent, os_reason, usual_mode

Build = Callable[[Path], list[Path]]


def publish(out_dir: Path, build: Build, owned: tuple[str, ...] = ()) -> list[Path]:
    """Run ``build(tmp)`` in a new folder and make that folder ``out_dir``; return the paths written.

    ``build`` writes its files into the folder it is given and returns their paths.  Entries of
    an existing ``out_dir`` that ``build`` did not write are kept, unless their name matches one
    of the ``owned`` patterns (an old block's chart: stale).  On any failure ``out_dir`` is left
    exactly as it was; an :class:`OSError` becomes ``output-unwritable`` (:class:`DvkError`).
    """
    out_dir = Path(os.path.abspath(out_dir))
    if out_dir.is_symlink() and out_dir.is_dir():
        out_dir = Path(os.path.realpath(out_dir))  # publish where the link points, keep the link
    if out_dir.exists() and not out_dir.is_dir():
        raise DvkError([make("output-not-folder", Location(file=str(out_dir)), path=out_dir)])
    with _unwritable(out_dir, None):
        make_parent(out_dir)
    with _locked(out_dir):
        clean_stale(out_dir)
        with _unwritable(out_dir, None):
            tmp = Path(tempfile.mkdtemp(prefix=f"{_prefix(out_dir)}new-", dir=out_dir.parent))
            usual_mode(tmp, folder=True)  # mkdtemp makes 0700: other staff accounts read outputs too
        try:
            with _unwritable(out_dir, tmp):
                names = sorted({Path(p).name for p in build(tmp)})
                if out_dir.exists():
                    _carry_over(out_dir, tmp, set(names), owned)
                _swap(tmp, out_dir)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
    return [out_dir / name for name in names]


def _prefix(out_dir: Path) -> str:
    return f".{out_dir.name}.dvk-"


@contextmanager
def _unwritable(out_dir: Path, tmp: Path | None) -> Iterator[None]:
    """OSError → ``output-unwritable`` located at the output file concerned (never the temp one)."""
    try:
        yield
    except OSError as exc:
        raise DvkError([make("output-unwritable", Location(file=_shown(exc, out_dir, tmp)),
                             path=out_dir, reason=os_reason(exc))]) from None


def _shown(exc: OSError, out_dir: Path, tmp: Path | None) -> str:
    name = exc.filename
    if not name:
        return str(out_dir)
    name = os.fspath(name)
    if tmp is not None and name.startswith(str(tmp)):
        return str(out_dir) + name[len(str(tmp)):]
    if os.path.basename(name).startswith(_prefix(out_dir)):
        return str(out_dir)
    return name


def _carry_over(out_dir: Path, tmp: Path, written: set[str], owned: tuple[str, ...]) -> None:
    """Hard-link (or copy) into ``tmp`` what ``out_dir`` holds that this build neither wrote nor owns."""
    for entry in sorted(os.scandir(out_dir), key=lambda e: e.name):
        if entry.name in written or any(fnmatch(entry.name, pattern) for pattern in owned):
            continue
        target = tmp / entry.name
        if entry.is_dir(follow_symlinks=False):
            shutil.copytree(entry.path, target, symlinks=True, copy_function=_link_or_copy)
        elif entry.is_symlink():
            os.symlink(os.readlink(entry.path), target)
        else:
            _link_or_copy(entry.path, target)


def _link_or_copy(source: str, target: str | Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # no hard links on this file system (FAT, some shares)
        shutil.copy2(source, target)


def _swap(tmp: Path, out_dir: Path) -> None:
    """``tmp`` becomes ``out_dir``; the previous ``out_dir`` is restored if that fails."""
    if not out_dir.exists():
        os.rename(tmp, out_dir)
        return
    old = tmp.with_name(tmp.name.replace(f"{_prefix(out_dir)}new-", f"{_prefix(out_dir)}old-", 1))
    os.rename(out_dir, old)
    try:
        os.rename(tmp, out_dir)
    except BaseException:
        os.rename(old, out_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)


def clean_stale(out_dir: Path) -> None:
    """Remove the temporary folders of killed runs on ``out_dir`` (call with the lock held).

    A run killed between its two renames left the previous output as ``.NAME.dvk-old-…`` and no
    ``out_dir``: that folder is renamed back first.
    """
    prefix = _prefix(out_dir)
    try:
        stale = sorted(e.path for e in os.scandir(out_dir.parent)
                       if e.name.startswith(prefix) and e.is_dir(follow_symlinks=False))
    except OSError:
        return
    for path in stale:
        if not out_dir.exists() and os.path.basename(path).startswith(prefix + "old-"):
            try:
                os.rename(path, out_dir)
                continue
            except OSError:
                pass
        shutil.rmtree(path, ignore_errors=True)


def locked(out_dir: Path):  # -> ContextManager[None]
    """The lock :func:`publish` holds on ``out_dir``, for a caller that must do more under it
    (``dvk round publish``: clean up, number, write and record one publication at a time)."""
    return _locked(Path(os.path.abspath(out_dir)))


@contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    """Hold the lock file of ``out_dir`` (waits for another run to finish publishing).

    The lock file is removed on release, while still held; a run that was waiting then holds
    the lock of a removed file, sees that the path no longer names it, and starts over.
    """
    lock = out_dir.parent / f"{_prefix(out_dir)}lock"
    while True:
        with _unwritable(out_dir, None):
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            _lock_fd(fd)
            if _same_file(fd, lock):
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
    try:
        yield
    finally:
        try:
            os.unlink(lock)
        except OSError:  # Windows: an open file cannot be removed; it stays, harmless
            pass
        os.close(fd)  # closing releases the lock


def _same_file(fd: int, path: Path) -> bool:
    try:
        here, there = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def _lock_fd(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import msvcrt

        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
                return
            except OSError:
                continue
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_EX)
