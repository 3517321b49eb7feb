"""Opening a workspace, the actor of a change, and the audit trail every change writes.

Every library function that changes the workspace runs in one transaction
(:func:`django.db.transaction.atomic`) and writes its :class:`~scoring.workspace.models.AuditEntry`
rows in that same transaction: a change and its record are stored together or not at all.
"""

from __future__ import annotations

import datetime as dt
import errno
import getpass
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from scoring.core.findings import DvkError, Location, make
from scoring.core.oserrors import make_parent, os_reason, unwritable

FILES_DIR = "tep"
PUBLICATIONS_DIR = "cong-bo"


@dataclass(frozen=True)
class Workspace:
    """An open workspace: its folder (received files, publications) and its database."""

    root: Path
    url: str | None = None

    @property
    def files_dir(self) -> Path:
        return self.root / FILES_DIR

    @property
    def publications_dir(self) -> Path:
        return self.root / PUBLICATIONS_DIR


def open_workspace(root: str | Path = ".", url: str | None = None, create: bool = False) -> Workspace:
    """Configure Django for the workspace at ``root`` and bring its schema up to date.

    ``create``: make the folder and database if missing (``dvk round new``); otherwise a folder
    without a database is refused with a finding.  Pending migrations are applied: a workspace
    made by an older dvk is upgraded when it is opened.
    """
    from scoring.workspace.settings import SQLITE_NAME, database_url, setup

    root = Path(root).resolve()
    url = url if url is not None else database_url(root)
    if not create and not url and not (root / SQLITE_NAME).is_file():
        raise DvkError([make("workspace-missing", Location(file=str(root)), path=root)])
    made = not root.exists()
    with unwritable(root):
        make_parent(root / SQLITE_NAME)
    try:
        setup(root, url)
        _migrate(root)
    except BaseException:
        if made:  # a workspace this call began to create and could not finish: none at all
            from django.db import connections

            connections.close_all()
            shutil.rmtree(root, ignore_errors=True)
        raise
    return Workspace(root, url)


def _migrate(root: Path) -> None:
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            from django.core.management import call_command

            call_command("migrate", verbosity=0, interactive=False)
    except DatabaseError as exc:
        raise unreachable(exc, root) from None


def unreachable(exc: Exception, root: Path | None = None) -> DvkError:
    """The finding for a database error: the disk refused a write (:func:`write_fault`), busy
    (another command holds the lock) or unreachable."""
    from scoring.workspace.settings import BUSY_TIMEOUT

    refused = write_fault(exc, root) if root is not None else None
    if refused is not None:
        return refused
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "locked" in text or "busy" in text:
        return DvkError([make("workspace-busy", Location(), seconds=BUSY_TIMEOUT)])
    from scoring.core.debug import detail

    reason = database_reason(text) or "lỗi của cơ sở dữ liệu"
    return DvkError([make("workspace-unreachable", Location(), reason=reason + detail(exc))])


def database_reason(said: str) -> str | None:
    """What a database driver or program said (in English), in Vietnamese; None when unknown."""
    lowered = said.lower()
    return next((why for clue, why in _DATABASE_REASONS if clue in lowered), None)


#: What the database drivers say (in English), as the reason shown; the first clue found wins.
_DATABASE_REASONS = (
    ("unable to open database file", "không mở được tệp cơ sở dữ liệu (thư mục không tồn tại hoặc không có quyền)"),
    ("readonly database", "cơ sở dữ liệu chỉ cho đọc (không có quyền ghi vào thư mục hoặc tệp)"),
    ("read-only", "cơ sở dữ liệu chỉ cho đọc (không có quyền ghi vào thư mục hoặc tệp)"),
    ("disk is full", "ổ đĩa đã đầy"),
    ("no space left", "ổ đĩa đã đầy"),
    ("not a database", "tệp cơ sở dữ liệu hỏng hoặc không phải cơ sở dữ liệu SQLite"),
    ("malformed", "tệp cơ sở dữ liệu hỏng"),
    ("disk i/o error", "lỗi đọc/ghi của ổ đĩa"),
    ("password authentication failed", "sai tên đăng nhập hoặc mật khẩu PostgreSQL"),
    ("does not exist", "cơ sở dữ liệu hoặc tài khoản không tồn tại trên máy chủ PostgreSQL"),
    ("connection refused", "máy chủ PostgreSQL không nhận kết nối (chưa chạy, hoặc sai địa chỉ/cổng)"),
    ("could not translate host name", "không tìm thấy máy chủ PostgreSQL theo tên đã cho"),
    ("timeout", "hết thời gian chờ kết nối máy chủ PostgreSQL"),
    ("connection", "không kết nối được máy chủ PostgreSQL"),
)


#: SQLite's words (and PostgreSQL's SQLSTATE) for a write the disk refused → the errno said.
_SQLITE_FAULTS = (("disk is full", errno.ENOSPC), ("readonly database", errno.EROFS),
                  ("disk i/o error", errno.EIO), ("unable to open database file", errno.EACCES))
_PG_FAULTS = {"53100": errno.ENOSPC, "25006": errno.EROFS, "58030": errno.EIO}


def write_fault(exc: BaseException, root: str | Path) -> DvkError | None:
    """``output-unwritable`` for a write into the workspace at ``root`` that the disk refused
    (full, read-only, no permission, I/O error): an :class:`OSError` on a path inside the
    workspace, or the database's own error (SQLite or PostgreSQL); None for anything else."""
    root = Path(os.path.abspath(root))
    if isinstance(exc, OSError):  # (a copy names its source first, its target second)
        for name in (exc.filename2, exc.filename):
            inside = Path(os.path.abspath(os.fspath(name))) if name else None
            if inside is not None and (inside == root or root in inside.parents):
                if inside.name.startswith("."):  # a temporary file: name the folder it was going to
                    inside = inside.parent
                return DvkError([make("output-unwritable", Location(file=str(inside)), path=inside,
                                      reason=os_reason(exc))])
        return None
    code = database_errno(exc)
    if code is None:
        return None
    if code in (errno.EIO, errno.EACCES) and _read_only(root):  # SQLite: "unable to open database file"
        code = errno.EROFS
    elif code == errno.EIO and _nearly_full(root):  # SQLite says "disk I/O error" when its WAL cannot grow
        code = errno.ENOSPC
    from scoring.workspace.settings import SQLITE_NAME, database_url

    where = str(root / SQLITE_NAME) if not database_url(root) else "cơ sở dữ liệu PostgreSQL"
    return DvkError([make("output-unwritable", Location(file=where), path=where,
                         reason=os_reason(OSError(code, os.strerror(code))))])


def _read_only(root: Path) -> bool:
    try:
        return bool(os.statvfs(root).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # (no statvfs on Windows)
        return False


def _nearly_full(root: Path) -> bool:
    try:
        return shutil.disk_usage(root).free < 1 << 20
    except OSError:
        return False


def database_errno(exc: BaseException) -> int | None:
    """The errno of a database error the disk caused, from its SQLSTATE or SQLite's message."""
    for error in (exc, exc.__cause__):
        state = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)
        if state in _PG_FAULTS:
            return _PG_FAULTS[state]
    if type(exc).__name__ not in ("OperationalError", "DatabaseError"):
        return None
    text = str(exc).lower()
    return next((code for words, code in _SQLITE_FAULTS if words in text), None)


def actor() -> str:
    """Who runs a CLI command: the OS user (``DVK_ACTOR`` overrides, for scripts and tests)."""
    name = os.environ.get("DVK_ACTOR")
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name on this system: still record something
        return "không rõ"


def now() -> dt.datetime:
    """The current time, timezone-aware (UTC)."""
    return dt.datetime.now(dt.timezone.utc)


def audit(round_: Any, who: str, action: str, target: str = "", before: Any = None,
          after: Any = None, at: dt.datetime | None = None) -> None:
    """Record one change in the audit trail (inside the caller's transaction)."""
    from scoring.workspace.models import AuditEntry

    AuditEntry.objects.create(round=round_, actor=who, action=action, target=target, before=before,
                              after=after, at=at or now())


def chunks(items: list, size: int = 500) -> Iterator[list]:
    """``items`` in slices: SQLite caps the parameters of one query."""
    for start in range(0, len(items), size):
        yield items[start:start + size]
