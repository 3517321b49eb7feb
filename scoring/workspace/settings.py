"""Django configured from a workspace folder (or a PostgreSQL URL), without a settings module.

A workspace is a folder: ``dvk.sqlite3`` (the database, unless ``dvk-workspace.json`` in the
folder or the ``DVK_DATABASE_URL`` environment variable names a PostgreSQL server), ``tep/`` (every
received file, stored by content hash) and ``cong-bo/`` (the numbered publications).

The CLI calls :func:`setup` once per process; the web portal builds on :func:`django_settings`
(adding its own app, middleware and templates) and then calls :func:`setup` with those extras.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

CONFIG_NAME = "dvk-workspace.json"
SQLITE_NAME = "dvk.sqlite3"
URL_ENV = "DVK_DATABASE_URL"
#: The apps every workspace has: the portal's accounts, sessions and admin come with them.
BASE_APPS = (
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.admin",
    "django.contrib.messages",
    "scoring.workspace",
)
#: Seconds a command waits for another one holding the database before giving up.
BUSY_TIMEOUT = 30
#: Seconds a PostgreSQL connection is kept for the next request of the same portal thread.
CONN_MAX_AGE = 600


def database_url(root: Path) -> str | None:
    """The PostgreSQL URL of the workspace at ``root`` (environment first), or None for SQLite."""
    url = os.environ.get(URL_ENV)
    if url:
        return url
    config = root / CONFIG_NAME
    if config.is_file():
        return json.loads(config.read_text(encoding="utf-8")).get("database") or None
    return None


def database_config(root: Path, url: str | None = None) -> dict[str, Any]:
    """Django's DATABASES['default'] for the workspace at ``root``."""
    url = url if url is not None else database_url(root)
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(root / SQLITE_NAME),
            # WAL: readers never block the writer; IMMEDIATE: a writing transaction takes the lock
            # at BEGIN, so two commands queue (up to the timeout) instead of failing mid-way.
            "OPTIONS": {"timeout": BUSY_TIMEOUT, "transaction_mode": "IMMEDIATE",
                        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
        }
    return postgres_config(url)


def postgres_config(url: str) -> dict[str, Any]:
    """DATABASES entry from ``postgresql://user:password@host:port/name?option=value``."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise ValueError(f"unsupported database URL scheme: {parts.scheme!r}")
    options = dict(parse_qsl(parts.query))
    host = unquote(parts.hostname or "") or options.pop("host", "")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": host,
        "PORT": str(parts.port or options.pop("port", "") or ""),
        "OPTIONS": options,
        # A portal thread keeps its connection between requests (checked before reuse, so a
        # restarted server is reconnected to): a new connection starts a PostgreSQL server
        # process, and without reuse PostgreSQL spent 0.042 s of CPU per upload instead of 0.016 s
        # (bench/bench_portal.py, BENCHMARKS.md session 8).  A command opens one connection anyway.
        "CONN_MAX_AGE": CONN_MAX_AGE,
        "CONN_HEALTH_CHECKS": True,
    }


def django_settings(root: Path, url: str | None = None, extra_apps: tuple[str, ...] = (),
                    **overrides: Any) -> dict[str, Any]:
    """The settings of a workspace; the portal passes its apps and any further settings."""
    settings: dict[str, Any] = {
        "DATABASES": {"default": database_config(root, url)},
        "INSTALLED_APPS": [*BASE_APPS, *extra_apps],
        "DEFAULT_AUTO_FIELD": "django.db.models.BigAutoField",
        "USE_TZ": True,
        "TIME_ZONE": "Asia/Ho_Chi_Minh",
        "LANGUAGE_CODE": "vi",
        "SECRET_KEY": os.environ.get("DVK_SECRET_KEY", "dvk-cli-not-for-web"),
        "DVK_WORKSPACE": str(root),
    }
    settings.update(overrides)
    return settings


def setup(root: Path, url: str | None = None, extra_apps: tuple[str, ...] = (), **overrides: Any) -> None:
    """Configure Django for the workspace at ``root`` (once per process) and load the apps."""
    import django
    from django.conf import settings

    if settings.configured:
        if (Path(settings.DVK_WORKSPACE), settings.DATABASES["default"]) != (root, database_config(root, url)):
            _repoint(root, url)
        return
    settings.configure(**django_settings(root, url, extra_apps, **overrides))
    django.setup()


def _repoint(root: Path, url: str | None) -> None:
    """Point an already configured process at another workspace (a test session, a host program
    that serves several): connections are closed and rebuilt from the new settings."""
    from asgiref.local import Local
    from django.conf import settings
    from django.db import connections

    connections.close_all()
    settings.DATABASES = {"default": database_config(root, url)}
    settings.DVK_WORKSPACE = str(root)
    connections._settings = None  # read again from django.conf.settings on next use
    connections.__dict__.pop("settings", None)  # the handler's cached_property
    connections._connections = Local(connections.thread_critical)
