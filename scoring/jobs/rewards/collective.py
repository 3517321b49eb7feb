"""Reward rules for collectives: eligible units per block in ranking order, then the limit."""

from __future__ import annotations

from scoring.engine.proposal import Entry
from scoring.engine.ranking import RankedUnit, Ranking
from scoring.jobs.rewards.base import make_entry, scopes, unit_failure, value_text
from scoring.rules.extensions import RewardRule


def collectives(rule: RewardRule, ranking: Ranking, bands: dict[str, str], taken: set[tuple[str, str | None]],
                basis: str) -> list[Entry]:
    """Entries of ``rule`` for every unit of its blocks not yet proposed for a higher reward."""
    entries: list[Entry] = []
    for block, units, block_ranks in scopes(ranking, rule):
        eligible: list[tuple[RankedUnit, int | None]] = []
        decided: dict[str, Entry] = {}
        for unit in units:
            if (unit.unit_code, None) in taken:
                continue
            rank = unit.rank if block_ranks else unit.overall_rank
            failure = unit_failure(rule, unit, rank, bands, basis)
            if failure:
                decided[unit.unit_code] = make_entry(rule, block, unit, rank, False, failure)
            else:
                eligible.append((unit, rank))
        for (unit, rank), (proposed, reason) in zip(eligible, _limit(rule, eligible, block, basis)):
            decided[unit.unit_code] = make_entry(rule, block, unit, rank, proposed, reason)
            if proposed:
                taken.add((unit.unit_code, None))
        entries += [decided[u.unit_code] for u in units if u.unit_code in decided]  # ranking order
    return entries


def _limit(rule: RewardRule, eligible: list[tuple[RankedUnit, int | None]], block: str,
           basis: str) -> list[tuple[bool, str]]:
    """(proposed, reason) for each eligible unit, in order, after the per-block limit."""
    limit = rule.max_per_block
    tied_rank = None
    if limit is not None and len(eligible) > limit and eligible[limit - 1][1] == eligible[limit][1]:
        tied_rank = eligible[limit][1]
    tied = [u.unit_code for u, r in eligible if r == tied_rank] if tied_rank is not None else []
    decisions = []
    for i, (unit, rank) in enumerate(eligible):
        met = _met(rule, unit, rank, block, basis)
        if limit is None or (i < limit and rank != tied_rank):
            decisions.append((True, met))
        elif rank == tied_rank and rule.ties_at_limit == "include":
            decisions.append((True, f"{met}; đồng hạng {rank} với {', '.join(tied)} tại giới hạn "
                                    f"{limit} đơn vị/khối: đề nghị cả các đơn vị đồng hạng"))
        elif rank == tied_rank:
            decisions.append((False, f"Đồng hạng {rank} với {', '.join(c for c in tied if c != unit.unit_code)} "
                                     f"tại giới hạn {limit} đơn vị/khối: Hội đồng thi đua - khen thưởng xem xét"))
        else:
            decisions.append((False, f"Đủ điều kiện nhưng ngoài giới hạn {limit} đơn vị/khối (hạng {rank})"))
    return decisions


def _met(rule: RewardRule, unit: RankedUnit, rank: int | None, block: str, basis: str) -> str:
    parts = [f"Xếp loại {unit.band_label} ({value_text(unit, basis)})"]
    if rank is not None:
        parts.append(f"hạng {rank} {block}")
    if rule.no_gates:
        parts.append("không vi phạm điều kiện")
    return ", ".join(parts)
