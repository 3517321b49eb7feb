"""The round a unit works in now: the newest round whose roster lists it."""

from __future__ import annotations

from typing import Any


def current_entry(unit: Any) -> Any:
    """The unit's roster entry (``RosterEntry``) in its newest round, or None if on no roster."""
    from scoring.workspace.models import RosterEntry

    return (RosterEntry.objects.select_related("round").filter(unit=unit)
            .order_by("-round__created_at", "-round_id").first())
