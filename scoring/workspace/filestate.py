"""Which files of a collection hold new content: look at each file's size and time first, and
hash only the files that changed since they were last collected.

A path whose size and modification time (in nanoseconds) are those recorded when it was last
collected (:class:`~scoring.workspace.models.SeenFile`) is taken to hold the content recorded
then, without being opened: re-collecting a folder of 10,000 files where one changed hashes,
reads and scores that one file.  A file modified less than :data:`RACY_NS` before it was
collected is recorded with time -1 (hashed again next time): it may change again within the file
system's time granularity without its time changing.

Known limitation: a file rewritten with the same size *and* the same modification time (a tool
that puts the old time back, a copy that keeps times over a file of equal size) is not noticed.
``verify=True`` (``dvk round collect --kiem-tra-lai``) hashes every file and does notice it.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from typing import Sequence

from scoring.core.findings import Finding, Location, make
from scoring.core.oserrors import NotRegularFile, open_regular
from scoring.formats import codes as _codes  # noqa: F401 - registers file-not-found, file-unreadable

#: Nanoseconds: a file modified this close to its collection is not trusted next time.
RACY_NS = 2_000_000_000


@dataclass
class SeenPath:
    """A file of a collection: its real path, size, time and content hash."""

    path: str
    size: int
    mtime_ns: int
    sha: str | None = None
    seen: bool = False  # size and time as recorded: not hashed again
    before: str | None = None  # the content recorded at this path when it was last collected


def file_hashes(round_, files: Sequence[tuple[str, str]], verify: bool = False
                ) -> tuple[list[SeenPath], list[tuple[str, Finding]]]:
    """Every (shown path, real path) with its content hash: from the record when its size and
    time match (unless ``verify``), else hashed; files that vanished or cannot be read apart."""
    from scoring.workspace.models import SeenFile

    seen = {p: (s, m, f) for p, s, m, f in SeenFile.objects.filter(round=round_)
            .values_list("path", "size", "mtime_ns", "file_id")}
    found, missing = [], []
    for shown, real in files:
        try:
            st = os.stat(real)
        except OSError:
            missing.append((shown, make("file-not-found", Location(file=shown))))
            continue
        known = seen.get(real)
        f = SeenPath(real, st.st_size, st.st_mtime_ns, before=known[2] if known else None)
        if known and not verify and known[:2] == (f.size, f.mtime_ns):
            f.sha, f.seen = known[2], True
        else:
            try:
                f.sha = sha256(real)
            except (OSError, NotRegularFile) as exc:  # a FIFO named on the command line: never opened
                from scoring.core.oserrors import os_reason

                reason = exc.reason if isinstance(exc, NotRegularFile) else os_reason(exc)
                missing.append((shown, make("file-unreadable", Location(file=shown), reason=reason)))
                continue
        found.append(f)
    return found, missing


def sha256(path: str) -> str:
    """The SHA-256 of a regular file's bytes, in hex (:class:`NotRegularFile` for a FIFO, a device…)."""
    digest = hashlib.sha256()
    with os.fdopen(open_regular(path), "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def record_seen(round_, files: Sequence[SeenPath], received) -> None:
    """Record the size and time of the files hashed this time (inside the caller's transaction)."""
    from scoring.workspace.models import SeenFile

    SeenFile.objects.bulk_create(
        [SeenFile(round=round_, path=f.path, size=f.size, mtime_ns=trusted(f.mtime_ns, received),
                  file_id=f.sha) for f in files if not f.seen],
        update_conflicts=True, unique_fields=["round", "path"], update_fields=["size", "mtime_ns", "file"],
        batch_size=500)


def trusted(mtime_ns: int, received) -> int:
    """The modification time to record, or -1 (hash again next time) if it is too recent."""
    return mtime_ns if received.timestamp() * 1e9 - mtime_ns > RACY_NS else -1
