"""The workspace schema: migrations build it from an empty database and match the models."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from scoring.workspace.settings import SQLITE_NAME, database_config, postgres_config

ROOT = Path(__file__).resolve().parents[1]


def test_migrations_match_models():
    # makemigrations --check exits non-zero when models.py has changes without a migration
    done = subprocess.run([sys.executable, "tools/makemigrations.py", "--check", "--dry-run"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_sqlite_is_the_default_in_the_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("DVK_DATABASE_URL", raising=False)
    config = database_config(tmp_path)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / SQLITE_NAME)
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_postgres_url_is_parsed():
    config = postgres_config("postgresql://dvk:p%40ss@db.local:5433/vong?sslmode=require")
    assert (config["USER"], config["PASSWORD"], config["HOST"], config["PORT"], config["NAME"]) == (
        "dvk", "p@ss", "db.local", "5433", "vong")
    assert config["OPTIONS"] == {"sslmode": "require"}


def test_socket_dir_given_as_host_option():
    config = postgres_config("postgresql:///dvk?host=/tmp/pg&port=5499")
    assert (config["HOST"], config["PORT"], config["NAME"], config["OPTIONS"]) == ("/tmp/pg", "5499", "dvk", {})


from wsfixtures import backend, pg_url, ws  # noqa: E402,F401 - fixtures


def test_opening_an_old_workspace_applies_the_missing_migrations(ws):
    from django.core.management import call_command
    from django.db import connection

    from scoring.workspace.store import open_workspace

    call_command("migrate", "workspace", "zero", verbosity=0)  # a workspace from before the round tables
    assert "workspace_round" not in connection.introspection.table_names()
    open_workspace(ws.root, ws.url)
    tables = set(connection.introspection.table_names())
    assert {"workspace_round", "workspace_submission", "workspace_auditentry", "auth_user"} <= tables
    from scoring.workspace.models import Round

    assert Round.objects.count() == 0
