"""``binary``: done / not done → full points or none."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from scoring.core.decimals import ZERO, fmt
from scoring.rules.methods.base import Context, InputField, Method, Scored


class Binary(Method):
    """Yes gives the criterion's max, no gives 0."""

    type: Literal["binary"]
    question: str | None = None

    name_vi = "có/không"

    def fields(self, max_points: Decimal) -> tuple[InputField, ...]:
        return (InputField("done", self.question or "Đã thực hiện", "boolean"),)

    def score(self, values: dict[str, Any], ctx: Context) -> Scored:
        if values["done"]:
            return Scored(ctx.max, f"Có → {fmt(ctx.max)}/{fmt(ctx.max)} điểm")
        return Scored(ZERO, f"Không → 0/{fmt(ctx.max)} điểm")

    def describe(self, max_points: Decimal) -> str:
        return f"Có: {fmt(max_points)} điểm; Không: 0 điểm"
