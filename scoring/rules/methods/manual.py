"""``manual``: the scorer types the points, within [0, max] and on a declared step (e.g. 0,25)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from scoring.core.decimals import fmt, is_multiple
from scoring.rules.methods.base import Context, InputField, Method, Problem, Scored
from scoring.rules.types import Positive


class Manual(Method):
    """Points typed directly by the scorer."""

    type: Literal["manual"]
    step: Positive = Decimal("0.25")

    name_vi = "chấm trực tiếp"

    def fields(self, max_points: Decimal) -> tuple[InputField, ...]:
        return (InputField("points", "Điểm chấm", "decimal", step=self.step, max=max_points),)

    def lint(self, max_points: Decimal) -> list[Problem]:
        if not is_multiple(max_points, self.step):
            return [Problem("step-mismatch", "points", {"max": fmt(max_points), "step": fmt(self.step)})]
        return []

    def score(self, values: dict[str, Any], ctx: Context) -> Scored:
        points = values["points"]
        return Scored(points, f"Chấm {fmt(points)}/{fmt(ctx.max)} điểm")

    def describe(self, max_points: Decimal) -> str:
        return f"Chấm trực tiếp từ 0 đến {fmt(max_points)} điểm, bước {fmt(self.step)}"
