"""A round's ranking now, as the publication prints it and the leadership dashboard shows it.

The round's results (:func:`~scoring.workspace.results.round_results`: refused units left out)
ranked by the engine's own :func:`~scoring.engine.ranking.rank`; and the class each unit had in
the round before (year-over-year movement).
"""

from __future__ import annotations

from typing import Any

from scoring.engine.ranking import Ranking
from scoring.intake.batch import Batch, unit_key
from scoring.rules.models import Ruleset


def round_ranking(round_: Any) -> tuple[Ruleset, Batch, Ranking]:
    """The round's ruleset, its results and their ranking."""
    from scoring.engine.ranking import rank
    from scoring.workspace.results import round_results

    ruleset, batch = round_results(round_)
    return ruleset, batch, rank(ruleset, list(batch.accepted))


def previous_bands(round_: Any) -> dict[str, str]:
    """Last round's class of each unit (year-over-year movement), by unit key (:func:`unit_key`)."""
    if round_.previous_id is None:
        return {}
    rows = round_.previous.roster.filter(current__isnull=False).values_list("unit__code", "current__band_label")
    return {unit_key(code): band for code, band in rows}
