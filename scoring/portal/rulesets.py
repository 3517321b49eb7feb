"""The rulesets the office can start a round with: the shipped files and the ones stored in the workspace.

The stored versions and an upload's check and storage are the workspace's
(:mod:`scoring.workspace.rulesets`).  A choice is ``tep:<file name>`` (a shipped file) or
``luu:<id>`` (a stored version).
"""

from __future__ import annotations

import contextlib
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator


@dataclass(frozen=True)
class Choice:
    """One ruleset offered for a new round."""

    key: str
    label: str


def shipped_folder() -> Path:
    """``criteria/`` of the checkout dvk runs from (the bundled rulesets)."""
    from scoring.rules.bundled import bundled_folder

    return bundled_folder()


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
    from scoring.workspace.rulesets import stored_versions

    return [Choice(f"luu:{v.pk}", f"{v.ruleset_id} (đã lưu, phiên bản {v.version}, mã {v.fingerprint[:8]}): {v.title}")
            for v in stored_versions()]


def choices() -> list[Choice]:
    """Every ruleset a new round may use: the stored ones first, then the shipped files."""
    return [*stored(), *shipped()]


@contextlib.contextmanager
def ruleset_file(key: str) -> Iterator[Path | None]:
    """The file of the chosen ruleset (a stored version is written to a temporary file); None if unknown."""
    from scoring.workspace.rulesets import stored_version

    kind, _, value = key.partition(":")
    if kind == "tep":
        path = shipped_folder() / Path(value).name
        yield path if any(c.key == key for c in shipped()) else None
    elif kind == "luu" and value.isdigit() and (version := stored_version(int(value))):
        with tempfile.TemporaryDirectory(prefix="dvk-bo-tieu-chi-") as folder:
            path = Path(folder) / "bo-tieu-chi.json"  # the id may hold characters a file name cannot
            path.write_text(version.source_json, encoding="utf-8")
            yield path
    else:
        yield None
