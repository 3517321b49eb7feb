"""``levels``: named choices, each worth fixed points (Tốt 3 / Khá 1,5 / Chưa đạt 0)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import Field

from scoring.core.decimals import fmt
from scoring.rules.methods.base import Context, InputField, Method, Problem, Scored
from scoring.rules.types import Frozen, Id, Points, Text


class Level(Frozen):
    id: Id
    label: Text
    points: Points


class Levels(Method):
    """The scorer picks one level; its points are the criterion's points."""

    type: Literal["levels"]
    levels: tuple[Level, ...] = Field(min_length=2)

    name_vi = "theo mức"
    direction = None

    def fields(self, max_points: Decimal) -> tuple[InputField, ...]:
        choices = tuple((level.id, level.label) for level in self.levels)
        return (InputField("level", "Mức đạt được", "choice", choices=choices),)

    def reachable(self, max_points: Decimal) -> Decimal:
        return max(level.points for level in self.levels)

    def lint(self, max_points: Decimal) -> list[Problem]:
        problems, seen = [], set()
        for level in self.levels:
            if level.id in seen:
                problems.append(Problem("levels-duplicate", "level", {"level": level.id}))
            seen.add(level.id)
            if level.points > max_points:
                problems.append(Problem("level-above-max", "level", {
                    "level": level.label, "points": fmt(level.points), "max": fmt(max_points)}))
        return problems

    def score(self, values: dict[str, Any], ctx: Context) -> Scored:
        level = next(item for item in self.levels if item.id == values["level"])
        return Scored(level.points, f"Mức «{level.label}» → {fmt(level.points)}/{fmt(ctx.max)} điểm")

    def describe(self, max_points: Decimal) -> str:
        return "Theo mức: " + "; ".join(f"{lv.label} {fmt(lv.points)}" for lv in self.levels)
