"""``checklist``: k items, each worth its points when done; capped at the criterion max."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import Field

from scoring.decimals import ZERO, fmt
from scoring.methods.base import Context, InputField, Method, Scored
from scoring.ruleset.types import Frozen, Id, Points, Text


class ChecklistItem(Frozen):
    id: Id
    label: Text
    points: Points


class Checklist(Method):
    """Each item done adds its points; a blank item counts as not done."""

    type: Literal["checklist"]
    items: tuple[ChecklistItem, ...] = Field(min_length=1)

    name_vi = "danh mục công việc"

    def fields(self, max_points: Decimal) -> tuple[InputField, ...]:
        return tuple(
            InputField(item.id, item.label, "boolean", required=False, default=False)
            for item in self.items
        )

    def reachable(self, max_points: Decimal) -> Decimal:
        return min(max_points, sum((item.points for item in self.items), ZERO))

    def score(self, values: dict[str, Any], ctx: Context) -> Scored:
        done = [item for item in self.items if values[item.id]]
        total = sum((item.points for item in done), ZERO)
        points = min(total, ctx.max)
        cap = f" (tối đa {fmt(ctx.max)})" if total > ctx.max else ""
        return Scored(points, f"Đạt {len(done)}/{len(self.items)} mục → {fmt(points)}/{fmt(ctx.max)} điểm{cap}")

    def describe(self, max_points: Decimal) -> str:
        return "Mỗi mục đạt: " + "; ".join(f"{i.label} {fmt(i.points)}" for i in self.items)
