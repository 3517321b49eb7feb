"""``count_deduction``: start at max, minus a fixed amount per counted event, never below 0."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import Field

from scoring.core.decimals import ZERO, fmt
from scoring.rules.methods.base import BlankPolicy, Context, InputField, Method, Scored
from scoring.rules.types import Frozen, Id, Positive, Text


class EventKind(Frozen):
    id: Id
    label: Text
    points_each: Positive

    @property
    def noun(self) -> str:
        """What is counted, in lower case, without a leading "Số" the author may have written
        ("Số báo cáo trễ hạn" and "Báo cáo trễ hạn" both count "báo cáo trễ hạn")."""
        words = self.label.split()
        return " ".join(words[1:] if len(words) > 1 and words[0].casefold() == "số" else words).lower()


class CountDeduction(Method):
    """One whole-number count per kind of event, subtracted from the max; never below 0.

    A blank count is "not entered" (a located error) unless the method declares
    ``when_blank: "zero"``: an empty template must not show, or earn, full points.
    """

    type: Literal["count_deduction"]
    kinds: tuple[EventKind, ...] = Field(min_length=1)
    when_blank: BlankPolicy = Field("not_entered", description=(
        "Ô số lần để trống: 'not_entered' (mặc định) là chưa nhập, báo lỗi tại ô đó (đơn vị phải "
        "ghi 0 nếu không có trường hợp nào); 'zero' là 0 lần. Điểm bắt đầu từ 'max' của tiêu chí, "
        "trừ dần theo số lần, thấp nhất 0."))

    name_vi = "trừ điểm theo số lần"
    direction = "down"

    def fields(self, max_points: Decimal) -> tuple[InputField, ...]:
        return tuple(
            InputField(kind.id, f"Số {kind.noun}", "integer",
                       required=self.when_blank == "not_entered", default=0)
            for kind in self.kinds
        )

    def score(self, values: dict[str, Any], ctx: Context) -> Scored:
        parts, lost = [], ZERO
        for kind in self.kinds:
            count = values[kind.id]
            if count:
                lost += count * kind.points_each
                parts.append(f"{count} {kind.noun} × {fmt(kind.points_each)} = −{fmt(count * kind.points_each)}")
        points = max(ZERO, ctx.max - lost)
        if not parts:
            return Scored(points, f"Không có trường hợp nào bị trừ → {fmt(points)}/{fmt(ctx.max)} điểm")
        floor = " (không thấp hơn 0)" if lost > ctx.max else ""
        return Scored(points, f"{'; '.join(parts)} → {fmt(points)}/{fmt(ctx.max)} điểm{floor}")

    def describe(self, max_points: Decimal) -> str:
        kinds = "; ".join(f"mỗi {k.noun} trừ {fmt(k.points_each)}" for k in self.kinds)
        blank = "ô trống là 0 lần" if self.when_blank == "zero" else "ô trống là chưa nhập"
        return f"Bắt đầu {fmt(max_points)} điểm, {kinds}; thấp nhất 0; {blank}"
