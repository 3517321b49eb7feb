"""Fixtures for workspace tests: a fresh workspace per test, on SQLite and on a real PostgreSQL.

The PostgreSQL server is a throwaway cluster in a temporary folder, started once per session
(Debian's postgresql package, installed by sysdeps on first use).  PostgreSQL refuses to run as
root, so as root (CI) the cluster belongs to the ``postgres`` user (or ``nobody``) and its
programs run through ``runuser``.  Each test gets its own database, copied from a migrated
template (as each SQLite test gets a copy of a migrated file), so a test starts in milliseconds.

    from wsfixtures import *  # noqa: F403 - the fixtures: ws, pg_url, backend
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from sysdeps import require

ROOT = Path(__file__).resolve().parents[1]
RULESET = ROOT / "criteria" / "dvcq-minh-hoa.json"
SAMPLES = ROOT / "sample_inputs"
EXAMPLES = ROOT / "criteria" / "examples" / "dvcq-minh-hoa"
_numbers = itertools.count(1)


def _server_user() -> str | None:
    """The user that runs the cluster: None (ourselves) unless we are root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("no unprivileged user to run PostgreSQL as")


def _run(user: str | None, *command: str) -> None:
    prefix = ["runuser", "-u", user, "--"] if user else []
    done = subprocess.run([*prefix, *command], capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {done.stdout}{done.stderr}")


@contextlib.contextmanager
def throwaway_cluster(port: int | None = None, durable: bool = False) -> Iterator[str]:
    """A PostgreSQL cluster in a temporary folder, removed at the end; its ``postgresql://`` URL
    (database ``postgres``, user ``dvk``, no password).

    ``port``: also listen on 127.0.0.1 at that port, and the URL says so (otherwise the Unix
    socket only).  ``durable``: keep PostgreSQL's own defaults (every commit flushed to disk, as a
    real server does: ``bench/bench_portal.py``) instead of the tests' fast unsafe settings.
    """
    bindir = Path(require("pg_ctl")).parent
    user = _server_user()
    base = Path(tempfile.mkdtemp(prefix="dvk-pg-"))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    if user:
        entry = pwd.getpwnam(user)
        for path in (base, sock):
            os.chown(path, entry.pw_uid, entry.pw_gid)
    _run(user, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "dvk", "--no-sync",
         "-E", "UTF8", "--locale", "C")
    listen = f"-c listen_addresses=127.0.0.1 -p {port}" if port else "-c listen_addresses=''"
    unsafe = "" if durable else " -F -c fsync=off -c full_page_writes=off"
    options = f"-k {sock} {listen}{unsafe}"
    _run(user, str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(base / "log"), "-w", "start")
    try:
        yield f"postgresql://dvk@127.0.0.1:{port}/postgres" if port else f"postgresql://dvk@/postgres?host={sock}"
    finally:
        _run(user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_url():
    """``postgresql://`` URL (Unix socket) of a throwaway cluster; the server stops at the end."""
    with throwaway_cluster() as url:
        yield url


def _pg_template(pg_url: str) -> str:
    """A migrated database ``dvk_template`` (made once), closed so that it can be copied."""
    import psycopg
    from django.db import connections

    from scoring.workspace.store import open_workspace

    with psycopg.connect(pg_url.replace("/postgres?", "/postgres?"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = 'dvk_template'").fetchone()
        if not exists:
            conn.execute("CREATE DATABASE dvk_template")
            open_workspace(Path(tempfile.mkdtemp(prefix="dvk-tpl-")), _db(pg_url, "dvk_template"), create=True)
            connections.close_all()
    return "dvk_template"


def _db(pg_url: str, name: str) -> str:
    return pg_url.replace("/postgres?", f"/{name}?")


_SQLITE_TEMPLATE: dict[str, Path] = {}


def _sqlite_template() -> Path:
    """A migrated SQLite workspace database, made once per session."""
    if "path" not in _SQLITE_TEMPLATE:
        from django.db import connections

        from scoring.workspace.store import open_workspace

        folder = Path(tempfile.mkdtemp(prefix="dvk-tpl-"))
        open_workspace(folder, None, create=True)
        connections.close_all()
        _SQLITE_TEMPLATE["path"] = folder / "dvk.sqlite3"
    return _SQLITE_TEMPLATE["path"]


def fresh_workspace(folder: Path, backend: str, pg_url: str | None = None):
    """An open, migrated, empty workspace in ``folder`` on ``backend``."""
    from django.db import connections

    from scoring.workspace.store import open_workspace

    folder.mkdir(parents=True, exist_ok=True)
    if backend == "sqlite":
        source = sqlite3.connect(_sqlite_template())
        copy = sqlite3.connect(folder / "dvk.sqlite3")
        with copy:
            source.backup(copy)
        copy.close()
        source.close()
        return open_workspace(folder, None)
    import psycopg

    template = _pg_template(pg_url)
    name = f"dvk_test_{os.getpid()}_{next(_numbers)}"
    connections.close_all()
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE {template}')
    url = _db(pg_url, name)
    (folder / "dvk-workspace.json").write_text(f'{{"database": "{url}"}}', encoding="utf-8")
    return open_workspace(folder, url)


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request):
    return request.param


@pytest.fixture
def ws(request, backend, tmp_path, monkeypatch):
    """A fresh workspace in ``tmp_path / 'ws'`` on each backend; the actor is 'kiem-thu'."""
    monkeypatch.delenv("DVK_DATABASE_URL", raising=False)
    monkeypatch.setenv("DVK_ACTOR", "kiem-thu")
    url = request.getfixturevalue("pg_url") if backend == "postgres" else None
    workspace = fresh_workspace(tmp_path / "ws", backend, url)
    yield workspace
    from django.db import connections

    connections.close_all()


def deadline_passes(round_code: str | None = None) -> None:
    """The round's submission deadline is now: what was collected so far came on time, what comes
    next is late.  (A deadline is typed to the minute and a test runs in seconds, so it is set
    here to the moment, as the clock passing it would.)"""
    from scoring.workspace.models import Deadline
    from scoring.workspace.rounds import find_round
    from scoring.workspace.store import now

    Deadline.objects.update_or_create(round=find_round(round_code), kind="submission", defaults={"due": now()})
