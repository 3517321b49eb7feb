"""A unit's upload into its round, and what its score page shows: library functions, no requests.

An upload is written whole to a temporary folder (outside the workspace) under the name it had on
the user's computer, checked to be the account's own unit, then taken in by the round's
:func:`~scoring.workspace.collect.collect` with the account as actor and ``channel="portal"``:
stored by content, scored, recorded, audited exactly as ``dvk round collect`` does.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scoring.core.findings import DvkError, Finding, Location, make
from scoring.engine.result import Result
from scoring.intake.batch import unit_key

_NAME = re.compile(r"[\\/]")


@dataclass(frozen=True)
class Scored:
    """What a score page shows: the result (None when the file could not be read) and the findings."""

    submission: Any  # scoring.workspace.models.Submission
    result: Result | None
    findings: tuple[Finding, ...]

    @property
    def name(self) -> str:
        return self.submission.original_name


def plain_name(name: str) -> str:
    """The file's own name without any folder part (at most 120 characters)."""
    return (_NAME.split(name)[-1].strip() or "bang-tinh.xlsx")[:120]


def receive(ws: Any, entry: Any, username: str, name: str, chunks: Iterable[bytes], size: int,
            limit: int) -> Any:
    """Take a unit's upload into the round of its roster ``entry``; return the ``Submission``.

    Raises :class:`DvkError` when the file is too large, is another unit's workbook (never
    taken in: a unit cannot replace another's submission), or the round no longer takes files.
    """
    if size > limit:
        raise DvkError([make("upload-too-large", Location(field="tep"), size=_mb(size), limit=_mb(limit))])
    return take_in(ws, entry, username, plain_name(name), chunks, check=_check_own_unit)


def take_in(ws: Any, entry: Any, username: str, name: str, chunks: Iterable[bytes],
            check: Callable[[Path, Any], None] | None = None) -> Any:
    """Write ``chunks`` to a temporary file ``name``, ``check`` it, collect it into the entry's
    round as the portal's (``channel="portal"``); return its ``Submission``."""
    from scoring.workspace.collect import collect
    from scoring.workspace.leftovers import upload_folder
    from scoring.workspace.models import Submission

    folder = upload_folder()  # a killed process's is removed by scoring.workspace.leftovers
    try:
        path, sha = write_chunks(folder / name, chunks)
        if check is not None:
            check(path, entry)
        collect(ws, entry.round.code, [path], who=username, jobs=1, channel="portal")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return Submission.objects.filter(round=entry.round, file_id=sha).order_by("-id").first()


def write_chunks(path: Path, chunks: Iterable[bytes]) -> tuple[Path, str]:
    """Write ``chunks`` to ``path``; the path and the bytes' SHA-256."""
    digest = hashlib.sha256()
    with path.open("wb") as out:
        for chunk in chunks:
            digest.update(chunk)
            out.write(chunk)
    return path, digest.hexdigest()


def _check_own_unit(path: Path, entry: Any) -> None:
    """Refuse a readable workbook of another unit; unreadable files are left to the round's checks."""
    from scoring.intake.pipeline import read_submission
    from scoring.workspace.rounds import ruleset_of

    try:
        unit = read_submission(path, ruleset_of(entry.round))[0].unit
    except DvkError:
        return
    if unit_key(unit.code) != unit_key(entry.unit.code):
        raise DvkError([make("upload-other-unit", Location(file=path.name), got=unit.code,
                             expected=entry.unit.code)])


def own_submissions(entry: Any, username: str) -> Any:
    """The files this unit sent in the round (its own, plus its unreadable uploads), newest first."""
    from django.db.models import Q

    from scoring.workspace.models import Submission

    return (Submission.objects.filter(round=entry.round)
            .filter(Q(entry=entry) | Q(entry__isnull=True, channel="portal", received_by=username))
            .order_by("-received_at", "-id"))


def submission_for(entry: Any, username: str, pk: int) -> Any | None:
    """The unit's submission ``pk`` (None for any other unit's: the caller answers 404)."""
    return own_submissions(entry, username).filter(pk=pk).first()


def scored(submission: Any) -> Scored:
    """The submission as its round scores it now (:func:`~scoring.workspace.results.score_submission`,
    with the council's appraisal of its unit); a file that could not be read has only its findings."""
    from scoring.workspace.results import (
        appraisal_of,
        entry_changes,
        finding_from,
        score_submission,
    )
    from scoring.workspace.rounds import ruleset_of

    if submission.data is None:
        return Scored(submission, None, tuple(finding_from(f, submission.original_name) for f in submission.findings))
    round_ = submission.round
    appraisal = appraisal_of(entry_changes(submission.entry)) if submission.entry_id else None
    result = score_submission(ruleset_of(round_), round_, submission, appraisal)
    return Scored(submission, result, result.findings)


def stored_file(ws: Any, submission: Any) -> Path:
    """The received file's bytes as kept in the workspace."""
    return Path(ws.root) / submission.file.path


def _mb(size: int) -> str:
    return f"{size / 1048576:.1f}".replace(".", ",")
