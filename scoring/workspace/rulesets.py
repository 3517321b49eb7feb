"""The ruleset versions kept in the workspace, and a ruleset file uploaded to be kept.

An uploaded ruleset is checked exactly as ``dvk check`` checks a file
(:func:`scoring.rules.load.check_ruleset`); one with an error is refused whole, a valid one is
stored verbatim as a ``RulesetVersion`` (in the database, so a shared PostgreSQL deployment needs
no shared folder) with its audit entry.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scoring.core.findings import Finding


def stored_versions() -> list[Any]:
    """The ruleset versions kept in the workspace (uploaded, or used by a round), newest first."""
    from scoring.workspace.models import RulesetVersion

    return list(RulesetVersion.objects.order_by("-stored_at", "-pk"))


def stored_version(pk: int) -> Any | None:
    """The kept ruleset version ``pk``, or None."""
    from scoring.workspace.models import RulesetVersion

    return RulesetVersion.objects.filter(pk=pk).first()


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
