"""Blank self-assessment workbooks for download, written once per ruleset and unit type."""

from __future__ import annotations

import re
from pathlib import Path

from scoring.rules.models import Ruleset

TEMPLATE_DIR = "bieu-mau"


def unit_template(workspace: Path, ruleset: Ruleset, unit_type: str) -> Path:
    """The template workbook for ``unit_type`` (cached in the workspace, keyed by the fingerprint)."""
    from scoring.rules.fingerprint import fingerprint
    from scoring.workbook.template import write_template

    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", unit_type)
    path = Path(workspace) / TEMPLATE_DIR / f"{ruleset.id}-{fingerprint(ruleset)[:12]}-{safe}.xlsx"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_template(ruleset, unit_type, path)
    return path
