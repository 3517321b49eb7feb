"""A unit's upload: kept by content hash in the workspace, scored, annotated, checked to be its own.

Library functions the views call; no request or template here.  Files are stored under
``<workspace>/uploads/<unit>/<sha256>.xlsx`` and never modified; the annotated copy is written
beside them (``<sha256>.ket-qua.xlsx``).
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from scoring.findings import DvkError, Finding, Location, make
from scoring.result import Result
from scoring.ruleset.models import Ruleset

UPLOAD_DIR = "uploads"
_SAFE = re.compile(r"[^A-Za-z0-9_.-]")
_DIGEST = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Scored:
    """What the score page shows: the result (None if the file could not be read) and the findings."""

    digest: str
    name: str
    result: Result | None
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return self.result is not None and not any(f.is_error for f in self.findings)


def unit_folder(workspace: Path, unit_code: str) -> Path:
    """The folder of one unit's uploads (unit codes made safe as a folder name)."""
    return Path(workspace) / UPLOAD_DIR / (_SAFE.sub("_", unit_code) or "_")


def store_upload(workspace: Path, unit_code: str, name: str, chunks: Iterable[bytes], size: int,
                 limit: int) -> str:
    """Write the uploaded bytes whole into the unit's folder; return their SHA-256 digest.

    The name the file had on the user's computer is kept beside it (``<digest>.name``) so that
    findings and downloads use it.
    """
    if size > limit:
        raise DvkError([make("upload-too-large", Location(field="tep"), size=_mb(size), limit=_mb(limit))])
    folder = unit_folder(workspace, unit_code)
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                digest.update(chunk)
                out.write(chunk)
        os.replace(tmp, folder / f"{digest.hexdigest()}.xlsx")
        (folder / f"{digest.hexdigest()}.name").write_text(_plain_name(name), encoding="utf-8")
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return digest.hexdigest()


def stored_path(workspace: Path, unit_code: str, digest: str) -> Path | None:
    """The stored workbook of this unit with this digest, or None (never another unit's file)."""
    if not _DIGEST.match(digest):
        return None
    path = unit_folder(workspace, unit_code) / f"{digest}.xlsx"
    return path if path.is_file() else None


def original_name(path: Path) -> str:
    """The name the stored upload had on the user's computer."""
    label = path.with_suffix(".name")
    return label.read_text(encoding="utf-8") if label.is_file() else path.name


def score_stored(ruleset: Ruleset, path: Path, unit_code: str, file_label: str) -> Scored:
    """Score a stored upload; unreadable files and another unit's workbook become findings."""
    from dataclasses import replace

    from scoring.pipeline import evaluate_file

    digest = path.stem
    try:
        result = evaluate_file(ruleset, path)
    except DvkError as exc:
        return Scored(digest, file_label, None, tuple(_relabel(f, path, file_label) for f in exc.findings))
    findings = tuple(_relabel(f, path, file_label) for f in result.findings)
    if result.unit_code.strip().casefold() != unit_code.strip().casefold():
        wrong = make("upload-other-unit", Location(file=file_label), got=result.unit_code, expected=unit_code)
        return Scored(digest, file_label, None, (wrong,))
    return Scored(digest, file_label, replace(result, findings=findings, source=file_label), findings)


def receive(workspace: Path, ruleset: Ruleset, unit_code: str, name: str, chunks: Iterable[bytes],
            size: int, limit: int) -> str:
    """Store and score a unit's upload; return its digest for the score page.

    Raises :class:`DvkError` when the file is too large or is another unit's workbook (then it
    is not kept: a unit's folder holds only what can be its own).  Unreadable files are kept and
    their findings shown on the score page.
    """
    digest = store_upload(workspace, unit_code, name, chunks, size, limit)
    path = unit_folder(workspace, unit_code) / f"{digest}.xlsx"
    scored = score_stored(ruleset, path, unit_code, _plain_name(name))
    if any(f.code == "upload-other-unit" for f in scored.findings):
        path.unlink(missing_ok=True)
        path.with_suffix(".name").unlink(missing_ok=True)
        raise DvkError(list(scored.findings))
    return digest


def annotated_copy(ruleset: Ruleset, path: Path, scored: Scored) -> Path:
    """The annotated return copy beside the stored file (written once, then reused)."""
    from scoring.workbook.annotate import write_annotated

    out = path.with_name(f"{path.stem}.ket-qua.xlsx")
    if not out.exists():
        write_annotated(path, scored.result, ruleset, out)
    return out


def _relabel(finding: Finding, path: Path, label: str) -> Finding:
    """Findings name the file as the user knows it, not the stored hash name."""
    from dataclasses import replace

    if finding.location.file in (None, str(path)):
        return replace(finding, location=replace(finding.location, file=label))
    return finding


def _plain_name(name: str) -> str:
    """The file's own name without any folder part, at most 120 characters."""
    return (re.split(r"[\\/]", name)[-1].strip() or "bang-tinh.xlsx")[:120]


def _mb(size: int) -> str:
    return f"{size / 1048576:.1f}".replace(".", ",")
