"""Ranking: order units within each block and overall, apply quotas, compare self and appraisal.

What ranks is the final total, or the final percent when ``classification.basis`` is "percent":
the published one (rounded to ``rounding.percent_places``) or the exact one, as ``ranking.percent``
declares (a quota may declare its own ``percent`` for choosing its holders and finding its ties).
Under ``ranking.order`` "class_then_score" (the default) the final class (after gates and quotas)
comes first: a unit a gate lowered never ranks above a unit of a better class, whatever its points;
under "score" the value alone orders.  Equal values are broken by the ruleset's
``ranking.tie_breakers`` in order; units still equal share a rank ("competition": 1, 2, 2, 4;
"dense": 1, 2, 2, 3) and are listed by unit code.

Units that are not classified (a gate made them "không đủ điều kiện xếp loại") are listed with
their scores but get no rank and do not count towards quota populations.

Quotas (``classification.quotas``) apply in declared order after gates: at most
floor(max_percent × N / 100) units of a scope (block or all) may hold ``band``, where N counts the
classified units whose band is in ``of_bands``.  The lowest-placed holders (by value and
tie-breakers) are moved to ``demote_to``, each with the reason and the arithmetic.  Units tied
exactly at the cut-off follow the quota's ``ties_at_cutoff``: cut by unit code ("tie_breakers"),
all kept ("keep_all", the quota is exceeded) or all demoted ("demote_all"); every tied unit's note
says which, so tied units never get different classes without a note saying why.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any, Callable, Iterable

from scoring.core.decimals import HUNDRED, ZERO, fmt
from scoring.engine.result import Result
from scoring.engine.totals import exact_percent
from scoring.rules.models import Quota, Ruleset


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
    #: The class the unit's value reaches before gates and quotas ("" where the ruleset has none).
    score_band: str = ""

    @property
    def unit_code(self) -> str:
        return self.result.unit_code

    @property
    def notes_text(self) -> str:
        """The notes as one "Ghi chú" cell, each note whole: "; " between phrases, a space after a
        note that is a sentence already (a tie note: "….;" read as a typo)."""
        text = ""
        for note in (n.strip() for n in self.notes if n.strip()):
            if text:
                text += " " if text.endswith((".", "!", "?")) else "; "
            text += note
        return text

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
    """Self-assessment against the final (appraised) score of one appraised unit.

    Each stage has its own maximum (criteria only the appraiser scores, or a "không áp dụng" the
    appraiser overruled, count in the final maximum only), so each percent is of its own maximum.
    The over-claim compares the two on the same basis, the criteria the unit scored itself:
    ``overclaim`` = self total − ``comparable_total`` (the final total without the points of
    criteria that have no self-score), and ``overclaim_percent`` is the same points as a percent
    of the self maximum; positive in both means the unit scored itself higher than the appraisal.
    """

    unit_code: str
    unit_name: str
    block_name: str | None
    self_total: Decimal
    self_max: Decimal
    self_percent: Decimal
    final_total: Decimal
    final_max: Decimal
    final_percent: Decimal
    comparable_total: Decimal
    overclaim: Decimal
    overclaim_percent: Decimal
    lowered: int
    raised: int


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
    def overclaim(self) -> Decimal:
        """Self minus appraisal points (positive: the unit scored itself higher)."""
        return self.self_points - self.appraisal_points


@dataclass(frozen=True)
class SelfVsAppraisal:
    """Per unit (most over-scored first) and per criterion, where appraisal and self-score differ."""

    units: tuple[UnitGap, ...]
    criteria: tuple[CriterionGap, ...]
    basis: str

    def top_overclaims(self, count: int = 10) -> list[UnitGap]:
        """The units whose self-score exceeds the appraisal the most (on the ranking basis)."""
        return [u for u in self.units if _gap(u, self.basis) > 0][:count]


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
    #: ``ranking.order``: "class_then_score" or "score".
    order: str = "class_then_score"

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
    #: The value (negated) and the declared tie-breakers: equal keys are tied.
    score_key: tuple[Any, ...]
    band_id: str | None
    #: The same key on the other percent (``ranking.percent``'s other choice), for a quota that
    #: declares its own; on the points basis, ``score_key`` itself.
    other_key: tuple[Any, ...] = ()
    demotion: Demotion | None = None
    #: The ranking key: ``score_key``, after the class's position under "class_then_score".
    tie_key: tuple[Any, ...] = ()
    #: Why a unit tied at a quota's cut-off got the class it got.
    tie_notes: tuple[str, ...] = ()

    @property
    def order(self) -> tuple[Any, ...]:
        return self.tie_key + (self.result.unit_code, self.result.source or "")


def rank(ruleset: Ruleset, results: list[Result]) -> Ranking:
    """Rank ``results`` (one per unit code) by the ruleset's order, basis, ties and quotas."""
    basis = ruleset.classification.basis
    tie_parts = [_tie_breaker(tb.type, tb.node) for tb in ruleset.ranking.tie_breakers]
    exact_ranks = ruleset.ranking.percent == "exact"
    records = []
    for result in results:
        final = result.final
        breaks = tuple(part(result) for part in tie_parts)
        if basis == "percent":  # ranked on the declared percent, printed as published
            published, exact = (-final.percent,) + breaks, (-exact_percent(final.total, final.applicable_max),) + breaks
            key, other = (exact, published) if exact_ranks else (published, exact)
            records.append(_Record(result, final.percent, key, final.band_id, other))
        else:
            key = (-final.total,) + breaks
            records.append(_Record(result, final.total, key, final.band_id, key))
    _order(ruleset, records)
    for quota in ruleset.classification.quotas:
        _apply_quota(ruleset, quota, records)
    _order(ruleset, records)  # a demoted unit now ranks with its new class
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
    gaps = self_vs_appraisal(results, basis, ruleset.rounding.percent_places)
    return Ranking(ruleset.key, basis, ties, overall, blocks, gaps,
                   tuple(policy_lines(ruleset)), all_labels, ruleset.ranking.order)


def _order(ruleset: Ruleset, records: list[_Record]) -> None:
    """Sort ``records`` into ranking order (in place), setting each one's ``tie_key``."""
    if ruleset.ranking.order == "class_then_score":
        position = {b.id: i for i, b in enumerate(ruleset.classification.bands)}
        unclassified = len(position)
        for record in records:
            record.tie_key = (position.get(record.band_id or "", unclassified),) + record.score_key
    else:
        for record in records:
            record.tie_key = record.score_key
    records.sort(key=lambda r: r.order)


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


def _quota_key(ruleset: Ruleset, quota: Quota) -> Callable[[_Record], tuple[Any, ...]]:
    """What orders a quota's holders: the ranking's key, or the other percent's where the quota
    declares a ``percent`` different from ``ranking.percent``."""
    if quota.percent is None or quota.percent == ruleset.ranking.percent:
        return lambda r: r.score_key
    return lambda r: r.other_key


def _apply_quota(ruleset: Ruleset, quota: Quota, records: list[_Record]) -> None:
    key = _quota_key(ruleset, quota)
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
        # holders by value and tie-breakers, then unit code (whatever the ranking order)
        holders = sorted((r for r in scope_records if r.band_id == quota.band),
                         key=lambda r: key(r) + (r.result.unit_code, r.result.source or ""))
        if len(holders) <= limit:
            continue
        keep, tied = _cutoff(quota, holders, limit, key)
        of = ", ".join(labels.get(b, b) for b in quota.of_bands)
        band, target = labels.get(quota.band, quota.band), labels.get(quota.demote_to, quota.demote_to)
        reason = (f"{quota.reason}. Hạn mức: {fmt(quota.max_percent)}% × {population} đơn vị xếp loại "
                  f"{of} = {fmt(exact)} → tối đa {limit} đơn vị {band}; có {len(holders)} đơn vị đạt, "
                  f"{len(holders) - keep} đơn vị thấp điểm nhất chuyển xuống {target}.")
        for record in holders[keep:]:
            record.demotion = Demotion(quota.band, record.band_id or "", quota.demote_to, reason)
            record.band_id = quota.demote_to
        if tied:
            _note_ties(quota, tied, holders[:keep], limit, band, target)


def _cutoff(quota: Quota, holders: list[_Record], limit: int,
            key: Callable[[_Record], tuple[Any, ...]]) -> tuple[int, list[_Record]]:
    """How many ``holders`` keep the band, and the units tied across the cut-off (if any)."""
    if limit == 0 or key(holders[limit - 1]) != key(holders[limit]):
        return limit, []
    at = key(holders[limit - 1])
    tied = [r for r in holders if key(r) == at]
    first = holders.index(tied[0])
    if quota.ties_at_cutoff == "keep_all":
        return first + len(tied), tied
    if quota.ties_at_cutoff == "demote_all":
        return first, tied
    return limit, tied


def _note_ties(quota: Quota, tied: list[_Record], kept: list[_Record], limit: int, band: str,
               target: str) -> None:
    """Say on every tied unit why units equal to it got a different (or the same) class."""
    codes = ", ".join(r.result.unit_code for r in tied)
    kept_count = len(kept)
    if quota.ties_at_cutoff == "keep_all":
        note = (f"{len(tied)} đơn vị bằng điểm tại ngưỡng hạn mức {band} ({codes}) đều được giữ {band}: "
                f"hạn mức {limit} đơn vị bị vượt, có {kept_count} đơn vị {band}.")
    elif quota.ties_at_cutoff == "demote_all":
        note = (f"{len(tied)} đơn vị bằng điểm tại ngưỡng hạn mức {band} ({codes}) đều chuyển xuống "
                f"{target}: chỉ {kept_count} đơn vị giữ {band}, ít hơn hạn mức {limit}.")
    else:
        kept_ids = {id(r) for r in kept}
        stay = [r.result.unit_code for r in tied if id(r) in kept_ids]
        note = (f"{len(tied)} đơn vị bằng điểm tại ngưỡng hạn mức {band} ({codes}): giữ {band} cho "
                f"{', '.join(stay)}, còn lại chuyển xuống {target} — quyết định theo mã đơn vị.")
    for record in tied:
        record.tie_notes += (note,)


def _ranked(ruleset: Ruleset, record: _Record, rank_in_block: int | None, overall: int | None,
            labels: dict[str, str]) -> RankedUnit:
    result = record.result
    final = result.final
    label = labels.get(record.band_id or "", ruleset.classification.not_classified_label)
    notes = list(final.gate_reasons)
    if not final.classified:
        # the gate's reason already says "not classified": the note says only what follows from it
        notes.append("Không xếp hạng" if final.gate_reasons else
                     f"{ruleset.classification.not_classified_label}: không xếp hạng")
    if record.demotion is not None:
        notes.append(record.demotion.reason)
    notes += record.tie_notes
    if not result.appraised:
        notes.append("Chưa thẩm định: điểm cuối cùng là điểm tự chấm")
    notes += [f.message for f in result.findings if f.code == "duplicate-unit-kept"]
    return RankedUnit(result, record.value, rank_in_block, overall, record.band_id if final.classified else None,
                      label, record.demotion, tuple(notes), labels.get(final.band_before_gates or "", ""))


# --- self-assessment vs appraisal ---------------------------------------------------------------

def self_vs_appraisal(results: list[Result], basis: str = "points", places: int = 2) -> SelfVsAppraisal:
    """Appraised units, most over-claimed first (on ``basis``), and every differing criterion.

    ``places``: the decimals of the over-claim percent (rounded half-up).
    """
    units, criteria = [], []
    quantum = Decimal(1).scaleb(-places)
    for result in sorted(results, key=lambda r: r.unit_code):
        if not result.appraised:
            continue
        # appraiser-only criteria have no self-score to differ from
        diffs = [c for c in result.criteria
                 if c.diff is not None and c.diff != 0 and c.self is not None and c.self.applicable]
        own, final = result.self_totals, result.final
        comparable = final.total - _without_self_score(result)
        overclaim = own.total - comparable
        percent = overclaim * HUNDRED / own.applicable_max if own.applicable_max else ZERO
        units.append(UnitGap(result.unit_code, result.unit_name, result.block_name,
                             own.total, own.applicable_max, own.percent, final.total, final.applicable_max,
                             final.percent, comparable, overclaim,
                             percent.quantize(quantum, rounding=ROUND_HALF_UP),
                             sum(1 for c in diffs if c.diff < 0), sum(1 for c in diffs if c.diff > 0)))
        criteria += [CriterionGap(result.unit_code, result.unit_name, c.id, c.name, c.self.points,
                                  c.appraisal.points, c.appraisal_note)
                     for c in diffs if c.self is not None and c.appraisal is not None]
        criteria += _item_gaps(result)
    units.sort(key=lambda u: (-_gap(u, basis), u.unit_code))
    return SelfVsAppraisal(tuple(units), tuple(criteria), basis)


def _item_gaps(result: Result) -> list[CriterionGap]:
    """The bonus and deduction items whose appraised count differs from the unit's: they move
    the over-claim as criteria do (a deduction counts against the unit: its points are negative)."""
    gaps = []
    for line in result.pool:
        if line.appraisal_count is None or line.appraisal_count == line.self_count:
            continue
        sign = -1 if line.pool == "deductions" else 1
        gaps.append(CriterionGap(result.unit_code, result.unit_name, line.id, line.name,
                                 sign * line.points_each * line.self_count,
                                 sign * line.points_each * line.appraisal_count, line.appraisal_note))
    return gaps


def _without_self_score(result: Result) -> Decimal:
    """The final points of criteria the unit did not score itself (appraiser-only, or a
    "không áp dụng" of the unit the appraisal overruled): not comparable with any self-score."""
    extra = ZERO
    for c in result.criteria:
        final = c.final
        if c.applies and final is not None and final.applicable and (c.self is None or not c.self.applicable):
            extra += final.points
    return extra


def _gap(unit: UnitGap, basis: str) -> Decimal:
    return unit.overclaim_percent if basis == "percent" else unit.overclaim


# --- the declared policy, printed with every report ---------------------------------------------

_TIE_TEXT = {"fewer_deductions": "ít điểm trừ hơn", "more_bonus": "nhiều điểm thưởng hơn"}


def policy_lines(ruleset: Ruleset) -> list[str]:
    """The ranking and classification rules in Vietnamese, as printed in the reports."""
    cls = ruleset.classification
    ties = "1, 2, 2, 4" if ruleset.ranking.ties == "competition" else "1, 2, 2, 3"
    breakers = [
        _TIE_TEXT.get(tb.type) or f"điểm mục {tb.node} cao hơn" for tb in ruleset.ranking.tie_breakers
    ]
    lines = [order_text(ruleset) + ", trong từng khối và chung.",
             f"Bằng điểm: {'xét lần lượt ' + ', '.join(breakers) + '; nếu vẫn bằng thì ' if breakers else ''}"
             f"đồng hạng (đánh số {ties}).",
             f"Đơn vị {cls.not_classified_label.lower()} được liệt kê nhưng không xếp hạng."]
    labels = {b.id: b.label for b in cls.bands}
    for quota in cls.quotas:
        scope = "trong từng khối" if quota.scope == "block" else "toàn bộ"
        of = ", ".join(labels.get(b, b) for b in quota.of_bands)
        own = quota.percent not in (None, ruleset.ranking.percent) and cls.basis == "percent"
        lines.append(f"Hạn mức: {labels.get(quota.band, quota.band)} không quá {fmt(quota.max_percent)}% "
                     f"số đơn vị xếp loại {of} ({scope}, làm tròn xuống); đơn vị vượt hạn mức chuyển "
                     f"xuống {labels.get(quota.demote_to, quota.demote_to)}"
                     f"{' (chọn theo ' + percent_text(ruleset, quota.percent) + ')' if own else ''}; "
                     f"{CUTOFF_TEXT[quota.ties_at_cutoff]}.")
    return lines


#: What happens to units tied at a quota's cut-off, per ``ties_at_cutoff``.
CUTOFF_TEXT = {
    "tie_breakers": "bằng điểm đúng tại ngưỡng hạn mức thì quyết định theo mã đơn vị",
    "keep_all": "bằng điểm đúng tại ngưỡng hạn mức thì giữ tất cả (hạn mức có thể bị vượt)",
    "demote_all": "bằng điểm đúng tại ngưỡng hạn mức thì chuyển xuống tất cả",
}


def order_caption(order: str, basis: str) -> str:
    """The ranking order in a few words, for table titles: "theo xếp loại, rồi theo tỷ lệ điểm"."""
    value = "tỷ lệ điểm" if basis == "percent" else "tổng điểm"
    return f"theo xếp loại, rồi theo {value}" if order == "class_then_score" else f"theo {value}"


def order_text(ruleset: Ruleset) -> str:
    """The ranking order in words: "Xếp hạng theo xếp loại, rồi theo …, từ cao xuống thấp"."""
    percent = ruleset.classification.basis == "percent"
    basis = "tỷ lệ điểm (%)" if percent else "tổng điểm"
    which = f" (so sánh {percent_text(ruleset, ruleset.ranking.percent)})" if percent else ""
    if ruleset.ranking.order == "class_then_score":
        return (f"Xếp hạng theo xếp loại trước (sau điều kiện và hạn mức), trong cùng xếp loại theo "
                f"{basis} từ cao xuống thấp{which}")
    return f"Xếp hạng theo {basis} từ cao xuống thấp, không xét xếp loại{which}"


def percent_text(ruleset: Ruleset, percent: str) -> str:
    """Which percent compares, in words: the published one (with its places) or the exact one."""
    if percent == "exact":
        return "tỷ lệ chính xác, chưa làm tròn: 90,00% đứng trên 89,95%"
    places = ruleset.rounding.percent_places
    return f"tỷ lệ in ra, đã làm tròn đến {places} chữ số thập phân"
