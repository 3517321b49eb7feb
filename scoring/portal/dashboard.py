"""What the office and leadership pages show about a round: status, classes, rankings.

Library functions over the workspace (no requests): the round's results as the publication has
them (:func:`scoring.workspace.results.round_results`), ranked by the engine's own :func:`rank`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scoring.core.decimals import fmt


def rounds_newest_first() -> list[Any]:
    from scoring.workspace.models import Round

    return list(Round.objects.order_by("-created_at", "-id"))


def round_by_code(code: str) -> Any | None:
    from scoring.workspace.models import Round

    return Round.objects.filter(code=code).first()


@dataclass(frozen=True)
class BlockView:
    """One block of the dashboard: class counts (with bar widths) and the ranked rows."""

    name: str
    classes: list[tuple[str, int, int]]  # label, count, percent of the block's units (bar width)
    rows: list[dict[str, Any]]


def leadership_view(round_: Any) -> dict[str, Any]:
    """Class distribution and ranking per block, and the overall counts."""
    from scoring.engine.ranking import rank
    from scoring.workspace.results import round_results

    ruleset, batch = round_results(round_)  # what the publication would rank, refused units left out
    ranking = rank(ruleset, list(batch.accepted))
    previous = _previous_bands(round_)
    blocks = [BlockView(b.name, _classes(ranking.class_counts(b)), [_row(u, previous) for u in b.units])
              for b in ranking.blocks if b.units]
    return {"blocks": blocks, "overall": _classes(ranking.class_counts()), "ranked": len(ranking.overall),
            "has_previous": bool(previous)}


def _classes(counts: dict[str, int]) -> list[tuple[str, int, int]]:
    total = sum(counts.values()) or 1
    return [(label, n, round(100 * n / total)) for label, n in counts.items()]


def _row(unit: Any, previous: dict[str, str]) -> dict[str, Any]:
    result = unit.result
    from scoring.intake.batch import unit_key

    return {"rank": unit.rank or "", "code": result.unit_code, "name": result.unit_name,
            "total": fmt(result.final.total), "percent": fmt(result.final.percent, 2),
            "band": unit.band_label, "previous": previous.get(unit_key(result.unit_code), "")}


def _previous_bands(round_: Any) -> dict[str, str]:
    """Last round's class of each unit (year-over-year movement), by unit code."""
    from scoring.intake.batch import unit_key

    if round_.previous_id is None:
        return {}
    rows = round_.previous.roster.filter(current__isnull=False).values_list("unit__code", "current__band_label")
    return {unit_key(code): band for code, band in rows}
