"""The registry of scoring methods, keyed by the JSON ``type``.

Adding a method: one module here with a :class:`~scoring.rules.methods.base.Method` subclass, one entry
in :data:`METHOD_CLASSES`, one test file under ``tests/cases/<type>/``; then regenerate the schema
(``python tools/gen_schema.py``).
"""

from __future__ import annotations

from typing import Annotated, Union

from pydantic import Field

from scoring.rules.methods.appraiser_only import AppraiserOnly
from scoring.rules.methods.base import Context, InputField, Method, Problem, Scored
from scoring.rules.methods.binary import Binary
from scoring.rules.methods.checklist import Checklist
from scoring.rules.methods.count_deduction import CountDeduction
from scoring.rules.methods.index_mapping import IndexMapping
from scoring.rules.methods.levels import Levels
from scoring.rules.methods.linear_ratio import LinearRatio
from scoring.rules.methods.manual import Manual
from scoring.rules.methods.percent_bands import PercentBands

METHOD_CLASSES: tuple[type[Method], ...] = (
    Manual, Binary, Levels, PercentBands, LinearRatio, CountDeduction, Checklist, IndexMapping,
    AppraiserOnly,
)

#: ``type`` value → method class.
REGISTRY: dict[str, type[Method]] = {
    cls.model_fields["type"].annotation.__args__[0]: cls for cls in METHOD_CLASSES  # type: ignore[union-attr]
}

AnyMethod = Annotated[Union[METHOD_CLASSES], Field(discriminator="type")]  # type: ignore[valid-type]

__all__ = ["AnyMethod", "Context", "InputField", "METHOD_CLASSES", "Method", "Problem", "REGISTRY", "Scored"]
