"""What every scoring method provides: its input fields, its checks, and its score function.

A method is a frozen pydantic model (its JSON parameters, the schema fragment) with three pure
functions on it.  The engine parses raw inputs into typed values from :meth:`Method.fields`,
runs :meth:`Method.check` for cross-field problems, then calls :meth:`Method.score`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, ClassVar, Literal

from scoring.core.decimals import ZERO
from scoring.rules.types import Frozen

FieldKind = Literal["decimal", "integer", "boolean", "choice"]
#: What a blank input cell means, for methods whose inputs are counts or ticks.
BlankPolicy = Literal["not_entered", "zero"]


@dataclass(frozen=True)
class InputField:
    """One value a person enters for a criterion (one input cell in the workbook).

    ``key`` is the name in a JSON submission; ``label`` is the Vietnamese caption.
    A field that is not ``required`` takes ``default`` when left blank (counts → 0).
    """

    key: str
    label: str
    kind: FieldKind
    required: bool = True
    default: Any = None
    choices: tuple[tuple[str, str], ...] = ()  # (id, label)
    step: Decimal | None = None
    max: Decimal | None = None


@dataclass(frozen=True)
class Scored:
    """Points of one criterion in one stage, with the one-line Vietnamese reason."""

    points: Decimal
    explanation: str
    applicable: bool = True


@dataclass(frozen=True)
class Context:
    """What a method needs besides its inputs: the criterion max and the ruleset's rounding."""

    max: Decimal
    round: Callable[[Decimal], Decimal]


@dataclass(frozen=True)
class Problem:
    """A cross-field problem found by :meth:`Method.check`, turned into a finding by the engine."""

    code: str
    field: str
    params: dict[str, Any] = field(default_factory=dict)


class Method(Frozen):
    """Base of the scoring methods; subclasses declare ``type`` as a ``Literal``."""

    name_vi: ClassVar[str] = ""
    #: How points move when a numeric input rises: "up", "down" (deductions) or None.
    direction: ClassVar[str | None] = "up"
    #: True when only the appraising level may enter it (the self stage leaves it unscored).
    appraiser_only: ClassVar[bool] = False

    def fields(self, max_points: Decimal) -> tuple[InputField, ...]:
        raise NotImplementedError

    def reachable(self, max_points: Decimal) -> Decimal:
        """The highest points this method can give; lint compares it with the criterion max."""
        return max_points

    def lint(self, max_points: Decimal) -> list[Problem]:
        """Problems of the method's own parameters against the criterion max."""
        return []

    def check(self, values: dict[str, Any], max_points: Decimal) -> list[Problem]:
        """Cross-field problems of typed input values (each field already parsed)."""
        return []

    def settle(self, values: dict[str, Any]) -> dict[str, Any]:
        """The checked values as gates and scoring read them (a blank that passed the checks
        takes its meaning here); the default keeps them as typed."""
        return values

    def score(self, values: dict[str, Any], ctx: Context) -> Scored:
        raise NotImplementedError

    def describe(self, max_points: Decimal) -> str:
        """The method in words, for ``dvk show``."""
        raise NotImplementedError


def clamp(points: Decimal, max_points: Decimal) -> Decimal:
    return max(ZERO, min(points, max_points))
