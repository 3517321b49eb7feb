"""Each unit's own self-assessment workbook for download, written once per unit and content."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

TEMPLATE_DIR = "bieu-mau"


def unit_template(workspace: Path, entry: Any) -> Path:
    """The roster ``entry``'s own workbook, name, code, type and year filled and locked
    (:func:`scoring.workspace.unit_templates.write_entry_template`); cached in the workspace under
    a name keyed by everything written into it, so a renamed unit or a new ruleset gets a new file."""
    from scoring.core.filenames import file_stem
    from scoring.workspace.unit_templates import write_entry_template

    round_ = entry.round
    what = "\n".join((round_.ruleset.fingerprint, entry.unit_type, entry.unit.code, entry.name, str(round_.year)))
    key = hashlib.sha256(what.encode("utf-8")).hexdigest()[:16]
    path = Path(workspace) / TEMPLATE_DIR / f"{file_stem('', entry.unit.code)}-{key}.xlsx"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_entry_template(entry, path)
    return path
