"""Publishing an output folder whole or not at all, by directory renames.

:func:`publish` runs a build callback in a fresh hidden folder beside the output folder
(``.NAME.dvk-new-…``), copies in what must survive from the current output (files the callback
does not own, as hard links), then swaps the two folders with two renames: the current output
becomes ``.NAME.dvk-old-…``, the new folder takes its name, the old one is deleted.  If anything
fails, the previous output is back in place and the caller gets ``output-unwritable`` (which
file, why, in Vietnamese).

Only what dvk wrote is ever replaced or removed: each publication leaves the list of the files it
wrote in the folder (:data:`WRITTEN_LIST`).  The next one removes the entries of that list it
does not write again (an old block's chart) and nothing else, whatever a file's name; a file of
the user's that bears a name dvk is about to write stops the run (``output-name-taken``) with the
folder untouched.  A folder written by a version without the list is trusted for the names a job
declares it writes (``owned``) and loses nothing.

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


#: The list of the files the last publication wrote, kept in the output folder (one name a line
#: under a comment; the name says what it is to a user who finds it).
WRITTEN_LIST = ".dvk-danh-sach-tep-da-ghi.txt"
_LIST_HEAD = ("# Các tệp do chương trình chấm điểm ghi vào thư mục này. Lần chạy sau chỉ thay hoặc xóa "
              "các tệp có tên dưới đây; không sửa tệp này.\n")


def publish(out_dir: Path, build: Build, owned: tuple[str, ...] = ()) -> list[Path]:
    """Run ``build(tmp)`` in a new folder and make that folder ``out_dir``; return the paths written.

    ``build`` writes its files into the folder it is given and returns their paths.  Entries of
    an existing ``out_dir`` are kept unless the previous publication wrote them (its
    :data:`WRITTEN_LIST`): those are replaced, or removed when not written again (stale).  In a
    folder without that list (an older version's output), names matching the ``owned`` patterns
    are taken as written by dvk and replaced; nothing is removed.  An existing file not written by
    dvk under a name ``build`` wrote: ``output-name-taken``.  On any failure ``out_dir`` is left
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
                names = sorted({Path(p).name for p in build(tmp)} - {WRITTEN_LIST})
                if out_dir.exists():
                    ours = _ours(out_dir, names, owned)
                    _carry_over(out_dir, tmp, set(names) | ours)
                (tmp / WRITTEN_LIST).write_text(_LIST_HEAD + "".join(f"{n}\n" for n in names), encoding="utf-8")
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


def _ours(out_dir: Path, names: list[str], owned: tuple[str, ...]) -> set[str]:
    """The names in ``out_dir`` dvk wrote (its list, with the list itself), or for a folder without a
    list the ``names`` matching ``owned``; raise ``output-name-taken`` for a name written now that
    is someone else's file."""
    try:
        listed = (out_dir / WRITTEN_LIST).read_text(encoding="utf-8", errors="replace").splitlines()
        ours = {line for line in listed if line and not line.startswith("#")} | {WRITTEN_LIST}
    except FileNotFoundError:
        ours = {n for n in names if any(fnmatch(n, pattern) for pattern in owned)}
    taken = [n for n in names if n not in ours and os.path.lexists(out_dir / n)]
    if taken:
        raise DvkError([make("output-name-taken", Location(file=str(out_dir / n)), path=out_dir / n)
                        for n in taken])
    return ours


def _carry_over(out_dir: Path, tmp: Path, ours: set[str]) -> None:
    """Hard-link (or copy) into ``tmp`` what ``out_dir`` holds that dvk did not write."""
    for entry in sorted(os.scandir(out_dir), key=lambda e: e.name):
        if entry.name in ours:
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
