"""Why the operating system refused a file operation, in Vietnamese.

The English ``strerror`` of an :class:`OSError` never reaches users: each common cause gets a
sentence that says what to do; anything else is named by its error number only.
"""

from __future__ import annotations

import errno
import os
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

#: errno → the reason shown to users.
_REASONS = {
    errno.ENOSPC: "không đủ dung lượng trên ổ đĩa; giải phóng bớt dung lượng rồi chạy lại",
    errno.EDQUOT: "không đủ dung lượng (vượt hạn mức dung lượng của tài khoản)",
    errno.EACCES: "không có quyền ghi (hoặc tệp đang mở trong chương trình khác)",
    errno.EPERM: "không có quyền ghi",
    errno.EROFS: "ổ đĩa chỉ cho đọc, không có quyền ghi",
    errno.EBUSY: "tệp đang mở trong Excel? Đóng tệp rồi chạy lại",
    errno.ETXTBSY: "tệp đang mở trong Excel? Đóng tệp rồi chạy lại",
    errno.EXDEV: "thư mục tạm và thư mục kết quả nằm trên hai ổ đĩa khác nhau",
    errno.ENAMETOOLONG: "đường dẫn quá dài",
    errno.ENOENT: "không tìm thấy tệp hoặc thư mục",
    errno.ENOTDIR: "một phần của đường dẫn không phải là thư mục",
    errno.EISDIR: "đây là một thư mục, không phải tệp",
    errno.EIO: "lỗi đọc/ghi của ổ đĩa",
    errno.ELOOP: "liên kết tượng trưng (symlink) trỏ vòng",
    errno.EMFILE: "quá nhiều tệp đang mở cùng lúc",
    errno.ENOTEMPTY: "thư mục không rỗng",
    errno.EEXIST: "tệp hoặc thư mục đã tồn tại",
}
#: Windows: the file is open in another program (Excel keeps a lock on every file it opens).
_WINDOWS_SHARING = {32, 33}


def os_reason(exc: OSError) -> str:
    """Why a file or folder could not be used, in Vietnamese (never the English strerror)."""
    if getattr(exc, "winerror", None) in _WINDOWS_SHARING:
        return _REASONS[errno.EBUSY]
    reason = _REASONS.get(exc.errno or -1)
    if reason is not None:
        return reason
    if isinstance(exc, IsADirectoryError):
        return _REASONS[errno.EISDIR]
    if isinstance(exc, PermissionError):
        return _REASONS[errno.EACCES]
    return f"lỗi hệ thống (mã lỗi {exc.errno})" if exc.errno else "lỗi hệ thống"


@contextmanager
def unwritable(path: str | os.PathLike[str]) -> Iterator[None]:
    """An :class:`OSError` in the block becomes the ``output-unwritable`` finding (a
    :class:`~scoring.core.findings.DvkError`) located at ``path``: the output the user named."""
    from scoring.core.findings import DvkError, Location, make

    try:
        yield
    except OSError as exc:
        raise DvkError([make("output-unwritable", Location(file=str(path)), path=path,
                             reason=os_reason(exc))]) from None


def make_parent(path: str | os.PathLike[str]) -> None:
    """Create the folders above ``path``; a file where a folder should be raises ENOTDIR (said as
    "một phần của đường dẫn không phải là thư mục", not the misleading "đã tồn tại")."""
    path = Path(os.path.abspath(path))
    for parent in reversed(path.parents):
        if parent.exists() and not parent.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(parent))
    path.parent.mkdir(parents=True, exist_ok=True)


def usual_mode(path: str | os.PathLike[str], folder: bool = False) -> None:
    """Give ``path`` the permissions the user's umask gives new files (folders): ``mkstemp`` and
    ``mkdtemp`` make them readable by their owner only, and other staff accounts must read outputs."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, (0o777 if folder else 0o666) & ~umask)


#: Why a path that is not a regular file is not read.
NOT_REGULAR = "không phải một tệp thông thường (thư mục, FIFO, thiết bị…); dvk không mở"


class NotRegularFile(Exception):
    """The path is a FIFO, a device, a socket or a folder: it is never read (a FIFO would block)."""

    def __init__(self, path: str, mode: int = 0):
        super().__init__(path)
        self.path = path
        self.reason = _REASONS[errno.EISDIR] if stat.S_ISDIR(mode) else NOT_REGULAR


#: Opening a FIFO without it would wait for a writer forever (absent on Windows).
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def open_regular(path: str | os.PathLike[str]) -> int:
    """A read-only descriptor of ``path`` if it is a regular file; raise :class:`NotRegularFile`
    (without blocking) for anything else, :class:`OSError` when it cannot be opened."""
    fd = os.open(path, os.O_RDONLY | _NONBLOCK | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(os.fspath(path), mode)
    except BaseException:
        os.close(fd)
        raise
    return fd


def megabytes(size: int) -> str:
    """A size in bytes as a person reads it beside a limit: 199229440 → "190", 21286093 → "20,3".

    Rounded up, so that a file just over a limit never reads as the limit itself.
    """
    if size >= 100 * 1048576:
        return str(-(-size // 1048576))
    tenths = -(-size * 10 // 1048576)
    return f"{tenths // 10},{tenths % 10}".removesuffix(",0")


class TooLarge(Exception):
    """The file is over the reader's limit; ``size`` is its real size in bytes (not what was read)."""

    def __init__(self, path: str, size: int):
        super().__init__(path)
        self.path, self.size = path, size


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file ``path``, never more than ``limit`` read.

    Raise :class:`NotRegularFile` (a FIFO, device or folder: never read, never waited on),
    :class:`TooLarge` with the file's real size when it is over ``limit`` (a huge file is not read
    whole), :class:`OSError` when it cannot be opened or read.
    """
    fd = open_regular(path)
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            raise TooLarge(os.fspath(path), size)
        chunks, total = [], 0
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # grew while being read
                raise TooLarge(os.fspath(path), max(os.fstat(fd).st_size, total))
        return b"".join(chunks)
    finally:
        os.close(fd)
