"""``linear_ratio``: max × (ratio ÷ target), capped at max."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from scoring.core.decimals import HUNDRED, fmt
from scoring.rules.methods.base import Context, Scored, clamp
from scoring.rules.methods.ratio import RatioMethod
from scoring.rules.types import Positive


class LinearRatio(RatioMethod):
    """Points grow linearly with the ratio and reach max at ``target_percent`` (default 100%)."""

    type: Literal["linear_ratio"]
    target_percent: Positive = HUNDRED

    name_vi = "tỷ lệ tuyến tính"

    def score_ratio(self, numerator: Decimal, denominator: Decimal, head: str, ctx: Context) -> Scored:
        exact = ctx.max * numerator * HUNDRED / (denominator * self.target_percent)
        if exact > ctx.max:  # at or above the target (or above 100%): the maximum, said so
            return Scored(ctx.max, f"{head} → tối đa {fmt(ctx.max)} điểm")
        points = ctx.round(clamp(exact, ctx.max))
        return Scored(points, f"{head} → {fmt(points)}/{fmt(ctx.max)} điểm")

    def describe(self, max_points: Decimal) -> str:
        target = "" if self.target_percent == HUNDRED else f", đạt tối đa khi tỷ lệ ≥ {fmt(self.target_percent)}%"
        return (f"{fmt(max_points)} × {self.numerator_label.lower()}/{self.denominator_label.lower()}"
                f"{target} ({self.describe_zero()})")
