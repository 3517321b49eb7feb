"""What the leadership page shows about a round: classes per block and the ranked rows.

The data is the workspace's (:func:`scoring.workspace.results.round_ranking`, the ranking the
publication prints, and :func:`~scoring.workspace.standings.previous_bands`); this module lays it
out for the template: bar widths and one row per unit, numbers formatted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scoring.core.decimals import fmt
from scoring.intake.batch import unit_key


@dataclass(frozen=True)
class BlockView:
    """One block of the dashboard: class counts (with bar widths) and the ranked rows."""

    name: str
    classes: list[tuple[str, int, int]]  # label, count, percent of the block's units to 5 (bar width)
    rows: list[dict[str, Any]]
    #: Roster units of the block without a result: (code, name, "Chưa nộp" or "Tệp bị loại").
    absent: list[tuple[str, str, str]] = ()  # type: ignore[assignment]


def leadership_view(round_: Any) -> dict[str, Any]:
    """Class distribution and ranking per block, and the overall counts."""
    from scoring.workspace.results import round_ranking
    from scoring.workspace.standings import previous_bands

    from scoring.workspace.roll import round_roll

    ranking = round_ranking(round_)[2]  # what the publication would rank, refused units left out
    previous = previous_bands(round_)
    # the roster's name is the unit's name on every page (a workbook may spell it otherwise)
    names = {unit_key(code): name for code, name in round_.roster.values_list("unit__code", "name")}
    absent: dict[str, list[tuple[str, str, str]]] = {}
    for unit in round_roll(round_).missing:  # units that sent nothing, or only refused files
        absent.setdefault(unit.block, []).append((unit.code, unit.name, unit.state))
    blocks = [BlockView(b.name, _classes(ranking.class_counts(b)), [_row(u, previous, names) for u in b.units],
                        absent.pop(b.name, []))
              for b in ranking.blocks if b.units or b.name in absent]
    blocks += [BlockView(name, [], [], units) for name, units in absent.items()]
    return {"blocks": blocks, "overall": _classes(ranking.class_counts()), "ranked": len(ranking.overall),
            "has_previous": bool(previous), "absent": sum(len(b.absent) for b in blocks)}


def _classes(counts: dict[str, int]) -> list[tuple[str, int, int]]:
    """(label, count, bar width): the width in steps of 5 %, a CSS class (``w-35``) since the
    Content-Security-Policy allows no inline style."""
    total = sum(counts.values()) or 1
    return [(label, n, 5 * round(20 * n / total)) for label, n in counts.items()]


def _row(unit: Any, previous: dict[str, str], names: dict[str, str]) -> dict[str, Any]:
    result = unit.result
    return {"rank": unit.rank or "", "code": result.unit_code,
            "name": names.get(unit_key(result.unit_code)) or result.unit_name,
            "total": fmt(result.final.total), "percent": fmt(result.final.percent, 2),
            "band": unit.band_label, "previous": previous.get(unit_key(result.unit_code), "")}
