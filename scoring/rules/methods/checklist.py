"""``checklist``: k items, each worth its points when done; capped at the criterion max."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import Field

from scoring.core.decimals import ZERO, fmt
from scoring.rules.methods.base import (
    BlankPolicy,
    Context,
    InputField,
    Method,
    Problem,
    Scored,
)
from scoring.rules.types import Frozen, Id, Points, Text


class ChecklistItem(Frozen):
    id: Id
    label: Text
    points: Points


class Checklist(Method):
    """Each item done adds its points, the sum capped at the criterion max.

    With ``when_blank: "not_entered"`` (the default) a criterion whose every item is blank is
    "not entered" (a located error); once one item is answered, a blank item counts as not done.
    With ``"zero"`` a blank item is always "not done" (an untouched criterion scores 0).
    """

    type: Literal["checklist"]
    items: tuple[ChecklistItem, ...] = Field(min_length=1)
    when_blank: BlankPolicy = Field("not_entered", description=(
        "Tất cả các mục để trống: 'not_entered' (mặc định) là chưa nhập, báo lỗi; 'zero' là chưa "
        "đạt mục nào (0 điểm). Khi đã trả lời ít nhất một mục, mục để trống là chưa đạt."))

    name_vi = "danh mục công việc"

    def fields(self, max_points: Decimal) -> tuple[InputField, ...]:
        return tuple(
            InputField(item.id, item.label, "boolean", required=False, default=self._blank_item)
            for item in self.items
        )

    @property
    def _blank_item(self) -> bool | None:
        # None marks "left blank" so that check() can tell an untouched criterion apart.
        return None if self.when_blank == "not_entered" else False

    def check(self, values: dict[str, Any], max_points: Decimal) -> list[Problem]:
        if self.when_blank == "not_entered" and all(values[item.id] is None for item in self.items):
            return [Problem("input-missing", self.items[0].id)]
        return []

    def settle(self, values: dict[str, Any]) -> dict[str, Any]:
        # Once one item is answered, a blank item is "not done" (gates test it as false).
        if None in values.values():
            return {key: bool(value) for key, value in values.items()}
        return values

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
