"""``appraiser_only``: points only the appraising level may give (the Bắc Kạn 10-point pattern)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import Field

from scoring.core.decimals import fmt
from scoring.rules.methods.base import Context, InputField, Scored
from scoring.rules.methods.manual import Manual

#: The self stage's line: the unit does not score this criterion.
SELF_TEXT = "Do cấp thẩm định chấm; không tính vào điểm tự chấm"

#: What a blank appraisal means, in words (``dvk show``, explanations).
_BLANK_RULE = {
    "not_applicable": "cấp thẩm định bỏ trống thì không tính vào điểm tối đa áp dụng",
    "zero": "cấp thẩm định bỏ trống thì tính 0 điểm, vẫn tính vào điểm tối đa áp dụng",
    "zero_if_unit_appraised": ("cấp thẩm định bỏ trống thì tính 0 điểm khi đơn vị đã được thẩm định "
                               "(chưa thẩm định: không tính vào điểm tối đa áp dụng)"),
}


class AppraiserOnly(Manual):
    """Discretionary points entered by the higher level; the unit's own stage leaves it blank."""

    type: Literal["appraiser_only"]  # type: ignore[assignment]
    when_not_appraised: Literal["not_applicable", "zero", "zero_if_unit_appraised"] = Field(
        "not_applicable", description=(
            "Khi cấp thẩm định bỏ trống tiêu chí này: 'not_applicable' (mặc định): tiêu chí không tính "
            "vào điểm tối đa áp dụng của đơn vị (tỷ lệ % tính trên điểm tối đa đã giảm), kể cả khi các "
            "tiêu chí khác của đơn vị đã được thẩm định; 'zero': tính 0 điểm và vẫn tính vào điểm tối "
            "đa áp dụng của điểm cuối cùng, kể cả khi đơn vị chưa được thẩm định; "
            "'zero_if_unit_appraised': tính 0 điểm khi đơn vị đã được thẩm định (cấp thẩm định nhập "
            "giá trị ở bất kỳ tiêu chí hay mục nào), chưa thẩm định thì như 'not_applicable'. Điểm tự "
            "chấm không bao giờ tính tiêu chí này; dòng diễn giải của tiêu chí nói rõ cách tính."))

    name_vi = "do cấp thẩm định chấm"
    appraiser_only = True

    def fields(self, max_points: Decimal) -> tuple[InputField, ...]:
        return (InputField("points", "Điểm cấp trên chấm", "decimal", step=self.step, max=max_points),)

    def score(self, values: dict[str, Any], ctx: Context) -> Scored:
        points = values["points"]
        return Scored(points, f"Cấp thẩm định chấm {fmt(points)}/{fmt(ctx.max)} điểm")

    def blank_self_text(self) -> str:
        """The self stage's line when the appraisal is blank: also the final stage's, unless
        :meth:`counts_blank` (then :meth:`blank_final_text` is)."""
        if self.when_not_appraised == "zero":
            return SELF_TEXT
        if self.when_not_appraised == "zero_if_unit_appraised":
            return f"{SELF_TEXT}; đơn vị chưa được thẩm định → chưa tính vào điểm tối đa áp dụng"
        return f"{SELF_TEXT}; cấp thẩm định bỏ trống → không tính vào điểm tối đa áp dụng"

    def counts_blank(self, unit_appraised: bool) -> bool:
        """Whether a blank appraisal counts 0 points in the final maximum."""
        return self.when_not_appraised == "zero" or (
            self.when_not_appraised == "zero_if_unit_appraised" and unit_appraised)

    def blank_final_text(self, max_points: Decimal) -> str:
        """The final stage's line of a blank appraisal that :meth:`counts_blank`."""
        why = " (đơn vị đã được thẩm định)" if self.when_not_appraised == "zero_if_unit_appraised" else ""
        return f"Cấp thẩm định bỏ trống{why} → 0/{fmt(max_points)} điểm, vẫn tính vào điểm tối đa áp dụng"

    def describe(self, max_points: Decimal) -> str:
        return (f"Chỉ cấp thẩm định chấm, từ 0 đến {fmt(max_points)} điểm, bước {fmt(self.step)}; "
                f"đơn vị không tự chấm; {_BLANK_RULE[self.when_not_appraised]}")
