"""Expanding ``dvk rank``'s inputs into files, with every folder entry accounted for.

Each entry of an input folder is an input file or is skipped with a Vietnamese reason: Excel
lock files, hidden entries, other file types, FIFOs, devices and sockets (never opened, so
nothing blocks), dangling symlinks, symlink loops, symlinks to folders (not followed), folders
that cannot be read, and the output folder.  A path named explicitly is always an input, even a
missing or odd one: it is then rejected with a finding, not dropped.

Paths are spelled relative to the current folder when they lie under it, else absolute, so the
outputs do not depend on how the inputs were named (``sample_inputs`` or ``/…/sample_inputs``).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Iterable, Sequence

from scoring.core.oserrors import os_reason

#: Workbook formats (re-exported by :mod:`scoring.intake.pipeline`; defined here so that listing inputs
#: does not import the engine: a re-collection with nothing new never needs it).
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb", ".ods")
#: Suffixes taken from folders; a file named explicitly is always tried (and rejected if unknown).
INPUT_SUFFIXES = (".json",) + WORKBOOK_SUFFIXES
#: JSON files in folders that are never submissions: example expectations and schemas.
NOT_SUBMISSIONS = (".expected.json", ".schema.json")

LOCK_FILE = "tệp khóa của Excel (~$…), không phải bản tự chấm"
HIDDEN = "tệp hoặc thư mục ẩn"
OTHER_TYPE = "không phải tệp .xlsx hoặc .json"
NOT_SUBMISSION = "tệp kết quả mẫu hoặc lược đồ (.expected.json, .schema.json), không phải bản tự chấm"
SPECIAL = "không phải tệp thông thường (FIFO, thiết bị, socket): không mở"
DANGLING = "liên kết (symlink) trỏ tới tệp không tồn tại"
LOOP = "liên kết (symlink) trỏ vòng"
LINKED_FOLDER = "liên kết (symlink) tới một thư mục: không đi vào"
OUTPUT_FOLDER = "thư mục kết quả của lần chạy này"


def shown_path(path: str | Path) -> str:
    """``path`` relative to the current folder when under it, else absolute (never both ways)."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute)
    except ValueError:  # another drive (Windows)
        return absolute
    return absolute if relative == ".." or relative.startswith(".." + os.sep) else relative


def collect_inputs(inputs: Iterable[str | Path], exclude: Sequence[str | Path] = (),
                   reasons: dict[str, str] | None = None) -> tuple[list[Path], list[Path]]:
    """Input files (folders expanded recursively, sorted) and the folder entries skipped.

    ``reasons``, when given, receives why each skipped entry was skipped (by its path).
    """
    found, skipped = input_files(inputs, exclude, reasons)
    return [Path(path) for path, _ in found], skipped


def input_files(inputs: Iterable[str | Path], exclude: Sequence[str | Path] = (),
                reasons: dict[str, str] | None = None) -> tuple[list[tuple[str, str]], list[Path]]:
    """As :func:`collect_inputs`, each file as (path as shown, real path): the real path comes
    from the folder walk (one ``realpath`` per folder, not one per file)."""
    excluded = [os.path.realpath(p) for p in exclude]
    why: dict[str, str] = {} if reasons is None else reasons
    files: list[tuple[str, str]] = []
    skipped: list[Path] = []
    seen: set[str] = set()
    for raw in inputs:
        path = Path(shown_path(raw))
        found = _expand(path, excluded, skipped, why) if path.is_dir() else [(str(path), _real(path))]
        for file, key in found:
            if key not in seen:
                seen.add(key)
                files.append((file, key))
    return files, skipped


def _real(path: Path) -> str:
    try:
        return os.path.realpath(path)
    except (OSError, RuntimeError):  # a symlink loop (Python < 3.13 may raise)
        return os.path.abspath(path)


def _expand(folder: Path, excluded: list[str], skipped: list[Path], why: dict[str, str]
            ) -> list[tuple[str, str]]:
    """The submissions under ``folder`` in path order, each with its real path (for duplicates).

    A walk with :func:`os.scandir`: one system call per folder, not several per file (a round
    can hold tens of thousands of files).  Symlinked folders are not followed.
    """
    found: list[tuple[tuple[str, ...], str, str, str | None]] = []  # (parts, path, real, reason)
    pending = [(str(folder), os.path.realpath(folder), ())]
    while pending:
        where, real, parts = pending.pop()
        try:
            entries = list(os.scandir(where))
        except OSError as exc:
            found.append((parts, where, real, f"không đọc được thư mục ({os_reason(exc)})"))
            continue
        for entry in entries:
            target = os.path.join(real, entry.name)
            reason = _reason(entry, target, excluded)
            if reason is None and entry.is_dir(follow_symlinks=False):
                pending.append((entry.path, target, parts + (entry.name,)))
                continue
            if reason is None and entry.is_symlink():
                target = _real(Path(entry.path))
            found.append((parts + (entry.name,), entry.path, target, reason))
    found.sort()
    for _, path, _, reason in found:
        if reason is not None:
            skipped.append(Path(path))
            why[path] = reason
    return [(path, real) for _, path, real, reason in found if reason is None]


def _reason(entry: os.DirEntry[str], real: str, excluded: list[str]) -> str | None:
    """Why a folder entry is not an input (None: it is a submission file, or a folder to walk)."""
    name = entry.name
    if name.startswith("."):
        return HIDDEN
    try:
        mode = entry.stat(follow_symlinks=False).st_mode
        if stat.S_ISLNK(mode):
            mode = os.stat(entry.path).st_mode  # the target's type
            if stat.S_ISDIR(mode):
                return LINKED_FOLDER
    except OSError as exc:
        return LOOP if exc.errno == errno.ELOOP else DANGLING
    if stat.S_ISDIR(mode):
        return OUTPUT_FOLDER if _under(real, excluded) else None
    if not stat.S_ISREG(mode):
        return SPECIAL
    lower = name.lower()
    if lower.startswith("~$"):
        return LOCK_FILE
    if not lower.endswith(INPUT_SUFFIXES):
        return OTHER_TYPE
    if lower.endswith(NOT_SUBMISSIONS):
        return NOT_SUBMISSION
    if entry.is_symlink() and _under(_real(Path(entry.path)), excluded):
        return OUTPUT_FOLDER
    return None


def skip_lines(reasons: Sequence[tuple[str, str]]) -> list[str]:
    """What ``dvk rank`` and ``dvk round collect`` print of the skipped folder entries ((path,
    reason) pairs): one line per usual kind (lock files, hidden, other types), each unusual entry
    (links, FIFOs, devices…) named."""
    groups: dict[str, list[str]] = {}
    for path, reason in reasons:
        groups.setdefault(reason, []).append(path)
    lines = [f"Bỏ qua {len(reasons)} mục trong thư mục đầu vào:"] if reasons else []
    usual = (LOCK_FILE, HIDDEN, OTHER_TYPE, NOT_SUBMISSION)
    for reason, paths in groups.items():
        if reason in usual:
            lines.append(f"  {len(paths)} mục: {reason}.")
        else:
            lines += [f"  {path}: {reason}." for path in paths]
    return lines


def _under(real: str, folders: list[str]) -> bool:
    return any(real == f or real.startswith(f.rstrip(os.sep) + os.sep) for f in folders)
