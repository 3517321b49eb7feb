"""The conditions every reward rule checks on a unit, and the entry it makes of it."""

from __future__ import annotations

from scoring.core.decimals import fmt
from scoring.engine.proposal import Entry
from scoring.engine.ranking import RankedUnit, Ranking
from scoring.rules.extensions import RewardRule


def scopes(ranking: Ranking, rule: RewardRule) -> list[tuple[str, list[RankedUnit], bool]]:
    """(block name, units in ranking order, whether ranks are block ranks) for each block in scope."""
    if not ranking.blocks:
        return [("Toàn bộ", list(ranking.overall), False)]
    return [(b.name, list(b.units), True) for b in ranking.blocks if rule.blocks is None or b.id in rule.blocks]


def value_text(unit: RankedUnit, basis: str) -> str:
    return f"{fmt(unit.value)}%" if basis == "percent" else f"{fmt(unit.value)} điểm"


def unit_failure(rule: RewardRule, unit: RankedUnit, rank: int | None, bands: dict[str, str], basis: str) -> str | None:
    """The first condition of ``rule`` that ``unit`` fails, in Vietnamese; None if it meets all."""
    final = unit.result.final
    if not unit.classified:
        return f"Không đủ điều kiện xếp loại ({'; '.join(final.gate_reasons) or unit.band_label})"
    if rule.bands and unit.band_id not in rule.bands:
        wanted = " hoặc ".join(bands.get(b, b) for b in rule.bands)
        quota = f" (do {unit.demotion.reason})" if unit.demotion else ""
        return f"Xếp loại {unit.band_label}{quota}; cần {wanted}"
    if rule.no_gates and final.gate_reasons:
        return f"Vi phạm điều kiện: {'; '.join(final.gate_reasons)}"
    if rule.min_percent is not None and final.percent < rule.min_percent:
        return f"Tỷ lệ {fmt(final.percent)}% thấp hơn mức {fmt(rule.min_percent)}%"
    if rule.min_points is not None and final.total < rule.min_points:
        return f"Tổng điểm {fmt(final.total)} thấp hơn mức {fmt(rule.min_points)}"
    if rule.rank_max is not None and (rank is None or rank > rule.rank_max):
        return f"Hạng {rank}; cần từ hạng 1 đến hạng {rule.rank_max}"
    return None


def make_entry(rule: RewardRule, block: str, unit: RankedUnit, rank: int | None, proposed: bool, reason: str,
               person: str | None = None) -> Entry:
    """The entry of a unit (or of ``person`` of that unit) under ``rule``."""
    return Entry(rule.id, rule.title, rule.subject, block, unit.unit_code, unit.result.unit_name, person, rank,
                 unit.band_label, unit.value, proposed, reason)
