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
    from scoring.workspace.results import round_ranking

    ranking = round_ranking(round_)[2]  # what the publication would rank, refused units left out
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
    """Last round's class of each unit (year-over-year movement), by unit code: the class that
    round ranks it in (after the council's appraisal, lateness and quotas), as its publication
    prints it — not the class its file had when it was collected."""
    from scoring.intake.batch import unit_key
    from scoring.workspace.results import round_ranking

    if round_.previous_id is None:
        return {}
    return {unit_key(u.unit_code): u.band_label for u in round_ranking(round_.previous)[2].overall}
