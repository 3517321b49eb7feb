"""The rulesets the office can start a round with: the shipped files and the ones stored in the workspace.

An uploaded ruleset is checked exactly as ``dvk check`` checks a file
(:func:`scoring.rules.load.check_ruleset`); one with an error is refused whole, a valid one is
stored verbatim as a workspace ``RulesetVersion`` (in the database, so a shared PostgreSQL
deployment needs no shared folder) with its audit entry.  A choice is ``tep:<file name>`` (a
shipped file) or ``luu:<id>`` (a stored version).
"""

from __future__ import annotations

import contextlib
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from scoring.core.findings import Finding


@dataclass(frozen=True)
class Choice:
    """One ruleset offered for a new round."""

    key: str
    label: str


def shipped_folder() -> Path:
    """``criteria/`` of the checkout dvk runs from (the bundled rulesets)."""
    from scoring.portal.demo import source_root

    return source_root() / "criteria"


def shipped() -> list[Choice]:
    """The bundled rulesets that pass the checks (JSON Schema files left out)."""
    folder = shipped_folder()
    paths = sorted(folder.glob("*.json")) if folder.is_dir() else []
    found = [_shipped_label(path, path.stat().st_mtime) for path in paths]
    return [Choice(f"tep:{path.name}", label) for path, label in zip(paths, found) if label]


@lru_cache(maxsize=64)
def _shipped_label(path: Path, mtime: float) -> str:
    """The label of a valid ruleset file ('' for a schema or broken file); cached per version of the file."""
    from scoring.formats.jsonio import is_json_schema
    from scoring.rules.load import check_ruleset

    if is_json_schema(str(path)):
        return ""
    ruleset, _ = check_ruleset(path)
    return f"{path.name} (có sẵn, phiên bản {ruleset.version}): {ruleset.title}" if ruleset else ""


def stored() -> list[Choice]:
    """The ruleset versions kept in the workspace (uploaded, or used by a round), newest first."""
    from scoring.workspace.models import RulesetVersion

    return [Choice(f"luu:{v.pk}", f"{v.ruleset_id} (đã lưu, phiên bản {v.version}, mã {v.fingerprint[:8]}): {v.title}")
            for v in RulesetVersion.objects.order_by("-stored_at", "-pk")]


def choices() -> list[Choice]:
    """Every ruleset a new round may use: the stored ones first, then the shipped files."""
    return [*stored(), *shipped()]


@contextlib.contextmanager
def ruleset_file(key: str) -> Iterator[Path | None]:
    """The file of the chosen ruleset (a stored version is written to a temporary file); None if unknown."""
    from scoring.workspace.models import RulesetVersion

    kind, _, value = key.partition(":")
    if kind == "tep":
        path = shipped_folder() / Path(value).name
        yield path if any(c.key == key for c in shipped()) else None
    elif kind == "luu" and value.isdigit() and (version := RulesetVersion.objects.filter(pk=int(value)).first()):
        with tempfile.TemporaryDirectory(prefix="dvk-bo-tieu-chi-") as folder:
            path = Path(folder) / "bo-tieu-chi.json"  # the id may hold characters a file name cannot
            path.write_text(version.source_json, encoding="utf-8")
            yield path
    else:
        yield None


def upload_ruleset(path: Path, who: str) -> tuple[Any, list[Finding]]:
    """Check the ruleset file at ``path`` as ``dvk check`` does; store it when it has no error.

    Returns the stored ``RulesetVersion`` (None when refused) and every finding (warnings too).
    """
    from django.db import transaction

    from scoring.rules.fingerprint import fingerprint
    from scoring.rules.load import check_ruleset
    from scoring.workspace.rounds import store_ruleset
    from scoring.workspace.store import audit

    ruleset, findings = check_ruleset(path)
    if ruleset is None:
        return None, findings
    with transaction.atomic():
        version = store_ruleset(ruleset, path.read_text(encoding="utf-8-sig"), fingerprint(ruleset))
        audit(None, who, "ruleset-uploaded", f"{ruleset.id} {ruleset.version}",
              after={"file": path.name, "title": ruleset.title, "fingerprint": version.fingerprint})
    return version, findings
