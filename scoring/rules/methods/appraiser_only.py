"""``appraiser_only``: points only the appraising level may give (the Bắc Kạn 10-point pattern)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from scoring.core.decimals import fmt
from scoring.rules.methods.base import Context, InputField, Scored
from scoring.rules.methods.manual import Manual


class AppraiserOnly(Manual):
    """Discretionary points entered by the higher level; the unit's own stage leaves it blank."""

    type: Literal["appraiser_only"]  # type: ignore[assignment]

    name_vi = "do cấp thẩm định chấm"
    appraiser_only = True

    def fields(self, max_points: Decimal) -> tuple[InputField, ...]:
        return (InputField("points", "Điểm cấp trên chấm", "decimal", step=self.step, max=max_points),)

    def score(self, values: dict[str, Any], ctx: Context) -> Scored:
        points = values["points"]
        return Scored(points, f"Cấp thẩm định chấm {fmt(points)}/{fmt(ctx.max)} điểm")

    def describe(self, max_points: Decimal) -> str:
        return (f"Chỉ cấp thẩm định chấm, từ 0 đến {fmt(max_points)} điểm, bước {fmt(self.step)}; "
                "đơn vị không tự chấm")
