"""Shared part of the ratio methods: a numerator and a denominator typed by the scorer."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import Field

from scoring.core.decimals import HUNDRED, ZERO, fmt
from scoring.rules.methods.base import Context, InputField, Method, Problem, Scored
from scoring.rules.types import Text

ZeroPolicy = Literal["not_applicable", "full_points", "zero_points"]
AbovePolicy = Literal["cap", "error"]
#: Percentages from here on are printed as "> 1.000.000%" (the cap gives the max anyway).
SHOWN_LIMIT = Decimal(1_000_000)


class RatioMethod(Method):
    """Numerator / denominator → points; what a zero denominator means is declared."""

    numerator_label: Text = "Số đã thực hiện"
    denominator_label: Text = "Số phải thực hiện"
    unit: str = ""
    when_zero_denominator: ZeroPolicy = Field("not_applicable", description=(
        "Mẫu số bằng 0: 'not_applicable' (mặc định) tiêu chí không áp dụng, rời khỏi điểm tối đa "
        "áp dụng; 'full_points' đạt tối đa; 'zero_points' 0 điểm."))
    when_above_100: AbovePolicy = Field("cap", description=(
        "Tử số lớn hơn mẫu số (tỷ lệ trên 100%, 'đạt hoặc vượt chỉ tiêu'): 'cap' (mặc định) được "
        "tính như 100%, điểm không vượt tối đa của tiêu chí và phần giải thích ghi rõ "
        "('13/12 = 108,33% → tối đa 10 điểm'); 'error' báo lỗi có vị trí, dùng cho tỷ lệ không "
        "thể vượt 100% (ví dụ số đơn giải quyết đúng hạn / tổng số đơn)."))

    def fields(self, max_points: Decimal) -> tuple[InputField, ...]:
        return (
            InputField("numerator", self.numerator_label, "decimal"),
            InputField("denominator", self.denominator_label, "decimal"),
        )

    def check(self, values: dict[str, Any], max_points: Decimal) -> list[Problem]:
        if self.when_above_100 == "error" and values["numerator"] > values["denominator"]:
            return [Problem("numerator-above-denominator", "numerator", {
                "numerator": self.numerator_label, "value_n": fmt(values["numerator"]),
                "denominator": self.denominator_label, "value_d": fmt(values["denominator"])})]
        return []

    def score(self, values: dict[str, Any], ctx: Context) -> Scored:
        numerator, denominator = values["numerator"], values["denominator"]
        if denominator == 0:
            return self._zero_denominator(ctx)
        percent = numerator * HUNDRED / denominator
        head = f"{fmt(numerator)}/{fmt(denominator)}{' ' + self.unit if self.unit else ''}"
        # An absurd ratio (a tiny denominator) is capped like any other; only its display is bounded.
        head += f" = {fmt(percent, 2)}%" if percent < SHOWN_LIMIT else f" > {fmt(SHOWN_LIMIT)}%"
        return self.score_ratio(numerator, denominator, head, ctx)

    def score_ratio(self, numerator: Decimal, denominator: Decimal, head: str, ctx: Context) -> Scored:
        raise NotImplementedError

    def _zero_denominator(self, ctx: Context) -> Scored:
        what = f"{self.denominator_label.lower()} = 0"
        if self.when_zero_denominator == "not_applicable":
            return Scored(ZERO, f"Không áp dụng: {what}", applicable=False)
        head = what[:1].upper() + what[1:]
        if self.when_zero_denominator == "full_points":
            return Scored(ctx.max, f"{head} → đạt tối đa {fmt(ctx.max)}/{fmt(ctx.max)} điểm")
        return Scored(ZERO, f"{head} → 0/{fmt(ctx.max)} điểm")

    def describe_zero(self) -> str:
        """The declared edge cases in words: zero denominator, ratio above 100%."""
        zero = {
            "not_applicable": "mẫu số 0: không áp dụng",
            "full_points": "mẫu số 0: đạt tối đa",
            "zero_points": "mẫu số 0: 0 điểm",
        }[self.when_zero_denominator]
        above = "trên 100%: tính tối đa" if self.when_above_100 == "cap" else "trên 100%: báo lỗi"
        return f"{zero}; {above}"
