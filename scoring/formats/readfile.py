"""Reading an input file's bytes for a parser: one place that turns every way it can fail into a
located Vietnamese finding (missing, a folder, a FIFO or device — never waited on —, no
permission, over the reader's size limit with the file's real size)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from scoring.core.findings import DvkError, Finding, Location, make
from scoring.core.oserrors import NotRegularFile, TooLarge, os_reason, read_regular


def read_input(path: Path, limit: int, too_large: Callable[[TooLarge, Location], Finding]) -> bytes:
    """The bytes of the file at ``path``, at most ``limit``; else raise :class:`DvkError` with one
    finding (``too_large(exc, where)`` makes the reader's own for a file over ``limit``)."""
    where = Location(file=str(path))
    try:
        return read_regular(path, limit)
    except TooLarge as exc:
        raise DvkError([too_large(exc, where)]) from None
    except FileNotFoundError:
        raise DvkError([make("file-not-found", where)]) from None
    except NotRegularFile as exc:
        raise DvkError([make("file-unreadable", where, reason=exc.reason)]) from None
    except OSError as exc:
        raise DvkError([make("file-unreadable", where, reason=os_reason(exc))]) from None
