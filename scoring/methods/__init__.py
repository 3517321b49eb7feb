"""The registry of scoring methods, keyed by the JSON ``type``.

Adding a method: one module here with a :class:`~scoring.methods.base.Method` subclass, one entry
in :data:`METHOD_CLASSES`, one test file under ``tests/cases/<type>/``; then regenerate the schema
(``python tools/gen_schema.py``).
"""

from __future__ import annotations

from typing import Annotated, Union

from pydantic import Field

from scoring.methods.appraiser_only import AppraiserOnly
from scoring.methods.base import Context, InputField, Method, Problem, Scored
from scoring.methods.binary import Binary
from scoring.methods.checklist import Checklist
from scoring.methods.count_deduction import CountDeduction
from scoring.methods.index_mapping import IndexMapping
from scoring.methods.levels import Levels
from scoring.methods.linear_ratio import LinearRatio
from scoring.methods.manual import Manual
from scoring.methods.percent_bands import PercentBands

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
