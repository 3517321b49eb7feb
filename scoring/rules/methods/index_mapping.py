"""``index_mapping``: an external index value (CCHC index, SIPAS…) mapped linearly or by bands."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import Field

from scoring.core.decimals import fmt
from scoring.rules.methods.base import (
    Context,
    InputField,
    Method,
    Problem,
    Scored,
    clamp,
)
from scoring.rules.types import Frozen, Points, Positive, Text


class IndexBand(Frozen):
    min: Points
    points: Points
    label: Text | None = Field(None, description=(
        "Tên ngưỡng như văn bản ghi, ví dụ 'Dưới 50%' (chỉ để in ra; điểm theo ngưỡng)."))


class IndexMapping(Method):
    """``linear``: max × value ÷ index_max; ``bands``: the first band whose ``min`` is reached."""

    type: Literal["index_mapping"]
    index_name: Text
    index_max: Positive = Decimal(100)
    mapping: Literal["linear", "bands"] = "linear"
    bands: tuple[IndexBand, ...] = ()

    name_vi = "quy đổi từ chỉ số"

    def fields(self, max_points: Decimal) -> tuple[InputField, ...]:
        return (InputField("value", f"Kết quả {self.index_name}", "decimal", max=self.index_max),)

    def reachable(self, max_points: Decimal) -> Decimal:
        if self.mapping == "bands" and self.bands:
            return max(band.points for band in self.bands)
        return max_points

    def lint(self, max_points: Decimal) -> list[Problem]:
        if self.mapping == "linear":
            return []
        if not self.bands:
            return [Problem("percent-bands-order", "bands", {"reason": "mapping 'bands' cần ít nhất một ngưỡng"})]
        problems = [
            Problem("percent-bands-order", "bands", {"reason": f"{fmt(a.min)} → {fmt(a.points)} rồi {fmt(b.min)} → {fmt(b.points)}"})
            for a, b in zip(self.bands, self.bands[1:])
            if b.min >= a.min or b.points > a.points
        ]
        problems += [
            Problem("level-above-max", "bands", {"level": f"≥ {fmt(b.min)}", "points": fmt(b.points), "max": fmt(max_points)})
            for b in self.bands if b.points > max_points
        ]
        return problems

    def score(self, values: dict[str, Any], ctx: Context) -> Scored:
        value = values["value"]
        head = f"{self.index_name} {fmt(value)}/{fmt(self.index_max)}"
        if self.mapping == "linear":
            points = ctx.round(clamp(ctx.max * value / self.index_max, ctx.max))
            return Scored(points, f"{head} → {fmt(points)}/{fmt(ctx.max)} điểm")
        for band in self.bands:
            if value >= band.min:
                return Scored(band.points, f"{head} → mức ≥ {fmt(band.min)}: {fmt(band.points)}/{fmt(ctx.max)} điểm")
        return Scored(Decimal(0), f"{head} → dưới mọi ngưỡng: 0/{fmt(ctx.max)} điểm")

    def describe(self, max_points: Decimal) -> str:
        if self.mapping == "linear":
            return f"{fmt(max_points)} × {self.index_name} ÷ {fmt(self.index_max)}"
        bands = "; ".join(f"{b.label or '≥ ' + fmt(b.min)}: {fmt(b.points)}" for b in self.bands)
        return f"Theo {self.index_name}: {bands}"
