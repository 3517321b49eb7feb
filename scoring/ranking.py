"""Ranking: order units within each block and overall, apply quotas, compare self and appraisal.

What ranks is the final total, or the final percent when ``classification.basis`` is "percent".
Equal values are broken by the ruleset's ``ranking.tie_breakers`` in order; units still equal share
a rank ("competition": 1, 2, 2, 4; "dense": 1, 2, 2, 3) and are listed by unit code.

Units that are not classified (a gate made them "không đủ điều kiện xếp loại") are listed with
their scores but get no rank and do not count towards quota populations.

Quotas (``classification.quotas``) apply in declared order after gates: at most
floor(max_percent × N / 100) units of a scope (block or all) may hold ``band``, where N counts the
classified units whose band is in ``of_bands``.  The lowest-placed holders (by the ranking order,
equal ones by unit code) are moved to ``demote_to``, each with the reason and the arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from typing import Any, Callable, Iterable

from scoring.decimals import HUNDRED, ZERO, fmt
from scoring.result import Result
from scoring.ruleset.models import Quota, Ruleset


@dataclass(frozen=True)
class Demotion:
    """A unit moved down by a quota: from which class to which, and why (with the arithmetic)."""

    quota_band: str
    from_band: str
    to_band: str
    reason: str


@dataclass(frozen=True, slots=True)
class RankedUnit:
    """One unit's place: the value that ranked it, its ranks and its class after quotas."""

    result: Result
    value: Decimal
    rank: int | None
    overall_rank: int | None
    band_id: str | None
    band_label: str
    demotion: Demotion | None = None
    notes: tuple[str, ...] = ()

    @property
    def unit_code(self) -> str:
        return self.result.unit_code

    @property
    def classified(self) -> bool:
        return self.result.final.classified


@dataclass(frozen=True)
class BlockRanking:
    """The units of one block: ranked ones by rank (ties by unit code), then unranked ones."""

    id: str | None
    name: str
    units: tuple[RankedUnit, ...]


@dataclass(frozen=True)
class UnitGap:
    """Self-assessment against the final (appraised) score of one appraised unit."""

    unit_code: str
    unit_name: str
    block_name: str | None
    self_total: Decimal
    final_total: Decimal
    self_percent: Decimal
    final_percent: Decimal
    lowered: int
    raised: int

    @property
    def diff_total(self) -> Decimal:
        """Final minus self points (negative: the appraisal lowered the unit's own score)."""
        return self.final_total - self.self_total

    @property
    def diff_percent(self) -> Decimal:
        return self.final_percent - self.self_percent


@dataclass(frozen=True)
class CriterionGap:
    """A criterion whose appraisal differs from the unit's self-score."""

    unit_code: str
    unit_name: str
    criterion_id: str
    criterion_name: str
    self_points: Decimal
    appraisal_points: Decimal
    appraisal_note: str | None

    @property
    def diff(self) -> Decimal:
        return self.appraisal_points - self.self_points


@dataclass(frozen=True)
class SelfVsAppraisal:
    """Per unit (most over-scored first) and per criterion, where appraisal and self-score differ."""

    units: tuple[UnitGap, ...]
    criteria: tuple[CriterionGap, ...]
    basis: str

    def top_overclaims(self, count: int = 10) -> list[UnitGap]:
        """The units whose self-score exceeds the appraisal the most (on the ranking basis)."""
        return [u for u in self.units if _gap(u, self.basis) < 0][:count]


@dataclass(frozen=True)
class Ranking:
    """Every unit ranked overall and in its block, the quota demotions, and self vs appraisal."""

    ruleset_key: str
    basis: str
    ties: str
    overall: tuple[RankedUnit, ...]
    blocks: tuple[BlockRanking, ...]
    gaps: SelfVsAppraisal
    policy: tuple[str, ...]
    #: Class labels from best to worst, then the "not classified" label.
    labels: tuple[str, ...] = ()

    @property
    def demoted(self) -> list[RankedUnit]:
        return [u for u in self.overall if u.demotion is not None]

    def unit(self, code: str) -> RankedUnit | None:
        return next((u for u in self.overall if u.unit_code == code), None)

    def class_counts(self, block: BlockRanking | None = None) -> dict[str, int]:
        """Units per class label after quotas (every label, in band order); all or one block."""
        counts = dict.fromkeys(self.labels, 0)
        for unit in block.units if block else self.overall:
            counts[unit.band_label] = counts.get(unit.band_label, 0) + 1
        return counts


# --- building the ranking -----------------------------------------------------------------------

@dataclass
class _Record:
    result: Result
    value: Decimal
    tie_key: tuple[Any, ...]
    band_id: str | None
    demotion: Demotion | None = None

    @property
    def order(self) -> tuple[Any, ...]:
        return self.tie_key + (self.result.unit_code, self.result.source or "")


def rank(ruleset: Ruleset, results: list[Result]) -> Ranking:
    """Rank ``results`` (one per unit code) by the ruleset's basis, ties and quotas."""
    basis = ruleset.classification.basis
    tie_parts = [_tie_breaker(tb.type, tb.node) for tb in ruleset.ranking.tie_breakers]
    records = []
    for result in results:
        value = result.final.percent if basis == "percent" else result.final.total
        key = (-value,) + tuple(part(result) for part in tie_parts)
        records.append(_Record(result, value, key, result.final.band_id))
    records.sort(key=lambda r: r.order)
    for quota in ruleset.classification.quotas:
        _apply_quota(ruleset, quota, records)
    ties = ruleset.ranking.ties
    overall_ranks = _ranks([r for r in records if r.result.final.classified], ties)
    block_ranks: dict[int, int] = {}
    for block in ruleset.blocks:
        members = [r for r in records if r.result.block_id == block.id and r.result.final.classified]
        block_ranks.update(_ranks(members, ties))
    labels = {b.id: b.label for b in ruleset.classification.bands}
    units = [_ranked(ruleset, r, block_ranks.get(id(r)), overall_ranks.get(id(r)), labels) for r in records]
    overall = tuple(_placed(units))
    blocks = tuple(
        BlockRanking(b.id, b.name, tuple(_placed(u for u in units if u.result.block_id == b.id)))
        for b in ruleset.blocks
    )
    all_labels = tuple(labels.values()) + (ruleset.classification.not_classified_label,)
    return Ranking(ruleset.key, basis, ties, overall, blocks, self_vs_appraisal(results, basis),
                   tuple(policy_lines(ruleset)), all_labels)


def _tie_breaker(kind: str, node: str | None) -> Callable[[Result], Any]:
    if kind == "fewer_deductions":
        return lambda r: r.final.deductions
    if kind == "more_bonus":
        return lambda r: -r.final.bonus
    def points(result: Result) -> tuple[int, Decimal]:
        total = result.node(node or "")
        return (1, ZERO) if total is None else (0, -total.final_points)
    return points


def _ranks(records: list[_Record], ties: str) -> dict[int, int]:
    """Record id → rank; ``records`` are already in ranking order."""
    ranks: dict[int, int] = {}
    previous: tuple[Any, ...] | None = None
    current = distinct = 0
    for position, record in enumerate(records, start=1):
        if record.tie_key != previous:
            distinct += 1
            current = position if ties == "competition" else distinct
            previous = record.tie_key
        ranks[id(record)] = current
    return ranks


def _placed(units: Iterable[RankedUnit]) -> list[RankedUnit]:
    """Ranked units first (they are already in order), then the unranked in value order."""
    units = list(units)
    return [u for u in units if u.classified] + [u for u in units if not u.classified]


def _apply_quota(ruleset: Ruleset, quota: Quota, records: list[_Record]) -> None:
    scopes: dict[str | None, list[_Record]] = {}
    for record in records:
        if record.result.final.classified:
            scope = record.result.block_id if quota.scope == "block" else None
            scopes.setdefault(scope, []).append(record)
    labels = {b.id: b.label for b in ruleset.classification.bands}
    for scope_records in scopes.values():
        population = sum(1 for r in scope_records if r.band_id in quota.of_bands)
        exact = Decimal(population) * quota.max_percent / HUNDRED
        limit = int(exact.to_integral_value(rounding=ROUND_FLOOR))
        holders = [r for r in scope_records if r.band_id == quota.band]
        if len(holders) <= limit:
            continue
        of = ", ".join(labels.get(b, b) for b in quota.of_bands)
        band, target = labels.get(quota.band, quota.band), labels.get(quota.demote_to, quota.demote_to)
        reason = (f"{quota.reason}. Hạn mức: {fmt(quota.max_percent)}% × {population} đơn vị xếp loại "
                  f"{of} = {fmt(exact)} → tối đa {limit} đơn vị {band}; có {len(holders)} đơn vị đạt, "
                  f"{len(holders) - limit} đơn vị thấp điểm nhất chuyển xuống {target} "
                  f"(bằng điểm thì xét theo mã đơn vị).")
        for record in holders[limit:]:
            record.demotion = Demotion(quota.band, record.band_id or "", quota.demote_to, reason)
            record.band_id = quota.demote_to


def _ranked(ruleset: Ruleset, record: _Record, rank_in_block: int | None, overall: int | None,
            labels: dict[str, str]) -> RankedUnit:
    result = record.result
    final = result.final
    label = labels.get(record.band_id or "", ruleset.classification.not_classified_label)
    notes = list(final.gate_reasons)
    if not final.classified:
        notes.append("Không đủ điều kiện xếp loại: không xếp hạng")
    if record.demotion is not None:
        notes.append(record.demotion.reason)
    if not result.appraised:
        notes.append("Chưa thẩm định: điểm cuối cùng là điểm tự chấm")
    notes += [f.message for f in result.findings if f.code == "duplicate-unit-kept"]
    return RankedUnit(result, record.value, rank_in_block, overall, record.band_id if final.classified else None,
                      label, record.demotion, tuple(notes))


# --- self-assessment vs appraisal ---------------------------------------------------------------

def self_vs_appraisal(results: list[Result], basis: str = "points") -> SelfVsAppraisal:
    """Appraised units, most over-scored first (on ``basis``), and every differing criterion."""
    units, criteria = [], []
    for result in sorted(results, key=lambda r: r.unit_code):
        if not result.appraised:
            continue
        # appraiser-only criteria have no self-score to differ from
        diffs = [c for c in result.criteria
                 if c.diff is not None and c.diff != 0 and c.self is not None and c.self.applicable]
        units.append(UnitGap(result.unit_code, result.unit_name, result.block_name,
                             result.self_totals.total, result.final.total, result.self_totals.percent,
                             result.final.percent, sum(1 for c in diffs if c.diff < 0),
                             sum(1 for c in diffs if c.diff > 0)))
        criteria += [CriterionGap(result.unit_code, result.unit_name, c.id, c.name, c.self.points,
                                  c.appraisal.points, c.appraisal_note)
                     for c in diffs if c.self is not None and c.appraisal is not None]
    units.sort(key=lambda u: (_gap(u, basis), u.unit_code))
    return SelfVsAppraisal(tuple(units), tuple(criteria), basis)


def _gap(unit: UnitGap, basis: str) -> Decimal:
    return unit.diff_percent if basis == "percent" else unit.diff_total


# --- the declared policy, printed with every report ---------------------------------------------

_TIE_TEXT = {"fewer_deductions": "ít điểm trừ hơn", "more_bonus": "nhiều điểm thưởng hơn"}


def policy_lines(ruleset: Ruleset) -> list[str]:
    """The ranking and classification rules in Vietnamese, as printed in the reports."""
    cls = ruleset.classification
    basis = "tỷ lệ điểm trên tổng điểm tối đa áp dụng (%)" if cls.basis == "percent" else "tổng điểm"
    ties = "1, 2, 2, 4" if ruleset.ranking.ties == "competition" else "1, 2, 2, 3"
    breakers = [
        _TIE_TEXT.get(tb.type) or f"điểm mục {tb.node} cao hơn" for tb in ruleset.ranking.tie_breakers
    ]
    lines = [f"Xếp hạng theo {basis}, từ cao xuống thấp, trong từng khối và chung.",
             f"Bằng điểm: {'xét lần lượt ' + ', '.join(breakers) + '; nếu vẫn bằng thì ' if breakers else ''}"
             f"đồng hạng (đánh số {ties}).",
             f"Đơn vị {cls.not_classified_label.lower()} được liệt kê nhưng không xếp hạng."]
    labels = {b.id: b.label for b in cls.bands}
    for quota in cls.quotas:
        scope = "trong từng khối" if quota.scope == "block" else "toàn bộ"
        of = ", ".join(labels.get(b, b) for b in quota.of_bands)
        lines.append(f"Hạn mức: {labels.get(quota.band, quota.band)} không quá {fmt(quota.max_percent)}% "
                     f"số đơn vị xếp loại {of} ({scope}, làm tròn xuống); đơn vị vượt hạn mức chuyển "
                     f"xuống {labels.get(quota.demote_to, quota.demote_to)}.")
    return lines
