"""The class each unit had in the round before this one (year-over-year movement)."""

from __future__ import annotations

from typing import Any


def previous_bands(round_: Any) -> dict[str, str]:
    """Last round's class of each unit, by unit key: the class that round ranks it in (after the
    council's appraisal, lateness and quotas), as its publication prints it, not the class its
    file had when it was collected."""
    from scoring.intake.batch import unit_key
    from scoring.workspace.results import round_ranking

    if round_.previous_id is None:
        return {}
    return {unit_key(u.unit_code): u.band_label for u in round_ranking(round_.previous)[2].overall}
