"""PostgreSQL's own copy programs, ``pg_dump`` and ``pg_restore``, for backing up a workspace.

The programs come with the database client (Debian: ``postgresql-client``; Windows: the
PostgreSQL installer).  Debian also keeps every installed version under
``/usr/lib/postgresql/N/bin``; the newest one is taken there when none is on ``PATH`` (a newer
``pg_dump`` reads an older server, not the reverse).  A missing program is one finding saying
what to install; a program that fails is one finding with its own last words.

The password of the URL goes to the program through ``PGPASSWORD``, never on its command line
(which every user of the machine can read).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from scoring.core.findings import DvkError, Location, make

TIMEOUT_S = 3600


def find_program(name: str) -> str | None:
    """The PostgreSQL client program ``name`` (``pg_dump``, ``pg_restore``), or None."""
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                      key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return versions[-1] if versions else None


def run_program(name: str, url: str, *arguments: str) -> None:
    """Run ``name --dbname=URL arguments…``; a :class:`DvkError` when it is missing or fails."""
    program = find_program(name)
    if program is None:
        raise DvkError([make("backup-tool-missing", Location(), program=name)])
    bare, password = _without_password(url)
    env = dict(os.environ, PGPASSWORD=password) if password else dict(os.environ)
    try:
        done = subprocess.run([program, f"--dbname={bare}", *arguments], capture_output=True, text=True,
                              timeout=TIMEOUT_S, env=env)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DvkError([make("backup-tool-failed", Location(), program=name, reason=type(exc).__name__)]) from None
    if done.returncode != 0:
        said = (done.stderr or done.stdout or f"mã thoát {done.returncode}").strip()[-400:]
        raise DvkError([make("backup-tool-failed", Location(), program=name, reason=_reason(said))])


def _reason(said: str) -> str:
    """What the program said, in Vietnamese when it is a known fault (its own words only in debug
    mode); otherwise its own words, quoted, for whoever looks after the server."""
    from scoring.core.debug import debugging
    from scoring.workspace.store import database_reason

    if "version mismatch" in said.lower():
        why = "chương trình cũ hơn máy chủ PostgreSQL, cần cài bản cùng phiên bản máy chủ hoặc mới hơn"
    else:
        why = database_reason(said)
    if why is None:
        return f"chương trình báo: «{said}»"
    return f"{why} [{said}]" if debugging() else why


def _without_password(url: str) -> tuple[str, str]:
    """``url`` without its password, and the password ('' when none)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url, ""
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}@{netloc[1]}")), unquote(parts.password)


def database_is_empty(url: str) -> bool:
    """Whether the database at ``url`` has no table of its own yet (a restore may fill it)."""
    import psycopg

    from scoring.workspace.store import unreachable

    try:
        with psycopg.connect(url, autocommit=True) as conn:
            row = conn.execute("SELECT count(*) FROM pg_catalog.pg_tables "
                               "WHERE schemaname NOT IN ('pg_catalog', 'information_schema')").fetchone()
    except psycopg.Error as exc:
        raise unreachable(exc) from None
    return row[0] == 0
