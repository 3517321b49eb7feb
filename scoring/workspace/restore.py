"""``dvk workspace restore``: a new workspace from a backup of ``dvk workspace backup``.

The backup is checked first against its manifest (every file there, of the size and SHA-256
written down), so a copy cut short or damaged on the way is refused before anything is made.
The new workspace is built like the backup was, in a hidden folder beside it renamed into place
(:func:`scoring.core.publish.publish`): whole or absent.  A folder or database that already holds
something is never written over.

On PostgreSQL the user makes an empty database first and gives its URL; ``pg_restore`` fills it
in one transaction (all or nothing) as the last step of the build, after the files are copied,
and the new folder names that database in its ``dvk-workspace.json``.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from scoring.core.findings import DvkError, Location, make
from scoring.core.publish import publish
from scoring.workspace.backup import KINDS, MANIFEST, copy_tree, damaged_files, manifest_of
from scoring.workspace.settings import CONFIG_NAME, SQLITE_NAME, URL_ENV
from scoring.workspace.store import FILES_DIR, PUBLICATIONS_DIR, Workspace, open_workspace


def restore(source: Path, target: Path, url: str | None = None) -> Workspace:
    """Make the new workspace ``target`` from the backup folder ``source``; return it opened.

    ``url``: the empty PostgreSQL database to restore into (a PostgreSQL backup needs one; the
    environment's ``DVK_DATABASE_URL`` when None)."""
    url = url if url is not None else (os.environ.get(URL_ENV) or None)
    manifest = read_manifest(source)
    kind = manifest["kind"]
    if kind == "postgresql" and not url:
        raise DvkError([make("restore-needs-database", Location(file=str(source)))])
    if kind == "sqlite" and url:
        raise DvkError([make("restore-kind-mismatch", Location(file=str(source)))])
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise DvkError([make("restore-target-exists", Location(file=str(target)), path=target)])
    if url:
        from scoring.workspace.pgtools import database_is_empty

        if not database_is_empty(url):
            raise DvkError([make("restore-database-not-empty", Location())])

    def build(tmp: Path) -> list[Path]:
        written = []
        for name in (FILES_DIR, PUBLICATIONS_DIR):
            if (source / name).is_dir():
                copy_tree(source / name, tmp / name)
                written.append(tmp / name)
        if url:
            from scoring.workspace.pgtools import run_program

            (tmp / CONFIG_NAME).write_text(json.dumps({"database": url}), encoding="utf-8")
            run_program("pg_restore", url, "--no-owner", "--no-privileges", "--exit-on-error",
                        "--single-transaction", str(source / manifest["database"]))
            return [*written, tmp / CONFIG_NAME]
        shutil.copyfile(source / SQLITE_NAME, tmp / SQLITE_NAME)
        return [*written, tmp / SQLITE_NAME]

    publish(target, build)
    return open_workspace(target, url)


def read_manifest(source: Path) -> dict:
    """The manifest of the backup ``source``, after checking every file it lists is there, unchanged,
    and nothing is missing from it; a :class:`DvkError` naming each file that is not."""
    manifest = manifest_of(source)
    if manifest is None:
        raise DvkError([make("restore-not-backup", Location(file=str(source)), path=source, manifest=MANIFEST)])
    files, kind = manifest["files"], manifest["kind"]
    problems = [make("restore-backup-damaged", Location(file=str(source / name)), file=name, what=what)
                for name, what in damaged_files(source, files, extra=False)]
    if KINDS[kind] not in files:
        problems.append(make("restore-backup-damaged", Location(file=str(source / KINDS[kind])),
                             file=KINDS[kind], what="không có trong bản kê"))
    if problems:
        raise DvkError(problems)
    return manifest
