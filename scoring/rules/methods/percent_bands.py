"""``percent_bands``: numerator / denominator as a percent → points by thresholds."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from scoring.core.decimals import HUNDRED, fmt
from scoring.rules.methods.base import Context, Problem, Scored
from scoring.rules.methods.ratio import RatioMethod
from scoring.rules.types import Frozen, Percent, Points, Text


class PercentBand(Frozen):
    min_percent: Percent
    points: Points
    label: Text | None = Field(None, description=(
        "Tên ngưỡng như văn bản ghi, ví dụ 'Dưới 50%' (chỉ để in ra; điểm theo ngưỡng)."))


class PercentBands(RatioMethod):
    """The first band (highest threshold first) whose ``min_percent`` the ratio reaches."""

    type: Literal["percent_bands"]
    bands: tuple[PercentBand, ...] = Field(min_length=1)

    name_vi = "theo ngưỡng tỷ lệ"

    def reachable(self, max_points: Decimal) -> Decimal:
        return max(band.points for band in self.bands)

    def lint(self, max_points: Decimal) -> list[Problem]:
        problems = []
        for upper, lower in zip(self.bands, self.bands[1:]):
            if lower.min_percent >= upper.min_percent or lower.points > upper.points:
                problems.append(Problem("percent-bands-order", "bands", {"reason": (
                    f"{fmt(upper.min_percent)}% → {fmt(upper.points)} rồi "
                    f"{fmt(lower.min_percent)}% → {fmt(lower.points)}")}))
        if self.bands[-1].min_percent != 0:
            problems.append(Problem("percent-bands-no-zero", "bands",
                                    {"lowest": fmt(self.bands[-1].min_percent)}))
        for band in self.bands:
            if band.points > max_points:
                problems.append(Problem("level-above-max", "bands", {
                    "level": f"≥ {fmt(band.min_percent)}%", "points": fmt(band.points),
                    "max": fmt(max_points)}))
        return problems

    def score_ratio(self, numerator: Decimal, denominator: Decimal, head: str, ctx: Context) -> Scored:
        # Compare n·100 ≥ t·d exactly rather than a rounded percent against t.
        for band in self.bands:
            if numerator * HUNDRED >= band.min_percent * denominator:
                return Scored(band.points,
                              f"{head} → mức ≥ {fmt(band.min_percent)}%: "
                              f"{fmt(band.points)}/{fmt(ctx.max)} điểm")
        return Scored(Decimal(0), f"{head} → dưới mọi ngưỡng: 0/{fmt(ctx.max)} điểm")

    def describe(self, max_points: Decimal) -> str:
        bands = "; ".join(f"{b.label or '≥ ' + fmt(b.min_percent) + '%'}: {fmt(b.points)}" for b in self.bands)
        return f"Tỷ lệ {self.numerator_label.lower()}/{self.denominator_label.lower()}: {bands} ({self.describe_zero()})"
