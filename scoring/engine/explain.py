"""The lines that account for a stage's total: every cap and floor that changed a number is one.

``dvk score``, the annotated workbook and ``ket-qua.json`` print these lines; a reader adds the
printed points up and gets the total.  The first line is the sum of the criteria as the table
shows them (each criterion's own caps and floors are in its one-line explanation); then each
group capped at its max, the bonus and deduction pools with their caps, the final floor at 0,
the total capped at the applicable maximum, and the rounding of the total.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from scoring.core.decimals import ZERO, fmt

#: The first line of every explanation.
CRITERIA_SUM = "Cộng điểm các tiêu chí"


class Line(NamedTuple):
    """One printed line: what happened and the points it adds (negative: takes away)."""

    text: str
    points: Decimal


class Steps(NamedTuple):
    """The numbers of one stage's total, in the order the engine computes them."""

    base: Decimal  # Σ top-level nodes, after group caps
    capped_groups: tuple[tuple[str, Decimal, Decimal], ...]  # (group id, children's sum, max)
    bonus_label: str | None
    bonus_raw: Decimal
    bonus_cap: Decimal
    deductions_label: str | None
    deductions_raw: Decimal
    deductions_cap: Decimal
    before_floor: Decimal  # base + bonus − deductions
    applicable_max: Decimal
    before_rounding: Decimal  # after the floor at 0 and the cap at the maximum
    total: Decimal
    total_places: int
    #: Pool items counted at their ``max_count``: (name, pool, count entered, limit, points each).
    capped_items: tuple[tuple[str, str, int, int, Decimal], ...] = ()


def total_lines(s: Steps) -> tuple[Line, ...]:
    """The explanation of one stage's total; the lines' points add up to ``s.total``."""
    excess = sum((raw - top for _, raw, top in s.capped_groups), ZERO)
    lines = [Line(CRITERIA_SUM, s.base + excess)]
    for group_id, raw, top in s.capped_groups:
        lines.append(Line(f"Nhóm {group_id}: các tiêu chí cộng {fmt(raw)}, vượt tối đa {fmt(top)} "
                          f"của nhóm → chỉ tính {fmt(top)}", top - raw))
    lines += _pool_lines(s, "bonus", s.bonus_label, s.bonus_raw, s.bonus_cap)
    lines += _pool_lines(s, "deductions", s.deductions_label, s.deductions_raw, s.deductions_cap)
    floored = max(ZERO, s.before_floor)
    if floored != s.before_floor:
        lines.append(Line("Tổng điểm không thấp hơn 0", floored - s.before_floor))
    if s.before_rounding != floored:
        lines.append(Line(f"Tổng điểm không vượt điểm tối đa áp dụng {fmt(s.applicable_max)}",
                          s.before_rounding - floored))
    if s.total != s.before_rounding:
        lines.append(Line(f"Làm tròn tổng điểm đến {s.total_places} chữ số thập phân",
                          s.total - s.before_rounding))
    return tuple(lines)


def _pool_lines(s: Steps, pool: str, label: str | None, raw: Decimal, cap: Decimal) -> list[Line]:
    """A pool's lines: its points as entered, each item counted only up to its ``max_count``,
    and the pool's cap (``raw``: the points after the items' limits, before the pool's cap)."""
    items = [(name, entered, limit, each) for name, kind, entered, limit, each in s.capped_items if kind == pool]
    above = sum(((entered - limit) * each for _, entered, limit, each in items), ZERO)
    if label is None or not (raw or above):
        return []
    sign, verb = (1, "cộng") if pool == "bonus" else (-1, "trừ")
    lines = [Line(label, sign * (raw + above))]
    lines += [Line(f"«{name}»: nhập {entered} lần, tối đa tính {limit} lần → chỉ {verb} {limit} lần",
                   -sign * (entered - limit) * each) for name, entered, limit, each in items]
    if raw > cap:
        lines.append(Line(f"{label} vượt mức tối đa {fmt(cap)} → chỉ {verb} {fmt(cap)}", -sign * (raw - cap)))
    return lines


def signed(points: Decimal) -> str:
    """Points as printed in an explanation: "+3", "−1,5", "0"."""
    if points > 0:
        return f"+{fmt(points)}"
    return f"−{fmt(-points)}" if points < 0 else "0"
