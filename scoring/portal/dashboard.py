"""What the office and leadership pages show about a round: status, classes, rankings.

Library functions over the workspace (no requests): each current submission is scored again from
what was read, with the council's appraisal, and ranked by the engine's own :func:`rank`.
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


def current_results(round_: Any) -> list[Any]:
    """The result of every unit whose submission counts, with the council's appraisal applied."""
    from scoring.engine.score import score
    from scoring.portal.submit import appraisal_values
    from scoring.workspace.evaluate import effective, from_data
    from scoring.workspace.rounds import ruleset_of

    ruleset = ruleset_of(round_)
    results = []
    entries = round_.roster.filter(current__isnull=False).select_related("current", "unit")
    for entry in entries.prefetch_related("appraisal_changes"):
        sub = entry.current
        subject = effective(from_data(sub.data), round_.late_fact or None, sub.late, appraisal_values(entry))
        results.append(score(ruleset, subject, source=sub.original_name))
    return results


@dataclass(frozen=True)
class BlockView:
    """One block of the dashboard: class counts (with bar widths) and the ranked rows."""

    name: str
    classes: list[tuple[str, int, int]]  # label, count, percent of the block's units (bar width)
    rows: list[dict[str, Any]]


def leadership_view(round_: Any) -> dict[str, Any]:
    """Class distribution and ranking per block, and the overall counts."""
    from scoring.engine.ranking import rank
    from scoring.workspace.rounds import ruleset_of

    ranking = rank(ruleset_of(round_), current_results(round_))
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
