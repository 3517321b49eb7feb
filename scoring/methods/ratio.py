"""Shared part of the ratio methods: a numerator and a denominator typed by the scorer."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from scoring.decimals import HUNDRED, ZERO, fmt
from scoring.methods.base import Context, InputField, Method, Problem, Scored
from scoring.ruleset.types import Text

ZeroPolicy = Literal["not_applicable", "full_points", "zero_points"]


class RatioMethod(Method):
    """Numerator / denominator → points; what a zero denominator means is declared."""

    numerator_label: Text = "Số đã thực hiện"
    denominator_label: Text = "Số phải thực hiện"
    unit: str = ""
    when_zero_denominator: ZeroPolicy = "not_applicable"

    def fields(self, max_points: Decimal) -> tuple[InputField, ...]:
        return (
            InputField("numerator", self.numerator_label, "decimal"),
            InputField("denominator", self.denominator_label, "decimal"),
        )

    def check(self, values: dict[str, Any], max_points: Decimal) -> list[Problem]:
        if values["numerator"] > values["denominator"]:
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
        head += f" = {fmt(percent, 2)}%"
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
        return {
            "not_applicable": "mẫu số 0: không áp dụng",
            "full_points": "mẫu số 0: đạt tối đa",
            "zero_points": "mẫu số 0: 0 điểm",
        }[self.when_zero_denominator]
