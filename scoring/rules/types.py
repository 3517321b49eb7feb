"""Shared field types of the ruleset models: exact numbers, ids, and the frozen base model."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema


def _number(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise ValueError("phải là một số")
    try:
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation as exc:  # pragma: no cover - NaN/inf floats
        raise ValueError("phải là một số hữu hạn") from exc
    if not number.is_finite():
        raise ValueError("phải là một số hữu hạn")
    return number


def _non_negative(value: Any) -> Decimal:
    number = _number(value)
    if number < 0:
        raise ValueError("không được âm")
    return number


def _positive(value: Any) -> Decimal:
    number = _number(value)
    if number <= 0:
        raise ValueError("phải lớn hơn 0")
    return number


#: Any finite number, kept exact (JSON is parsed with ``parse_float=Decimal``).
Number = Annotated[Decimal, BeforeValidator(_number), WithJsonSchema({"type": "number"})]
#: Points, counts of points, thresholds: a number >= 0.
Points = Annotated[
    Decimal, BeforeValidator(_non_negative), WithJsonSchema({"type": "number", "minimum": 0})
]
#: A step or a per-event amount: a number > 0.
Positive = Annotated[
    Decimal, BeforeValidator(_positive), WithJsonSchema({"type": "number", "exclusiveMinimum": 0})
]
#: Percent thresholds 0..100.
Percent = Annotated[
    Decimal,
    BeforeValidator(_non_negative),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 100}),
    Field(le=100),
]

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
#: A criterion, group, item, level or class id: "1.2", "TC3", "tot", "hoan_thanh_tot".
Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=40,
                          # Python's re (used by jsonschema) lets "$" match before a final
                          # newline; pydantic's regex does not. Refuse newlines explicitly.
                          json_schema_extra={"not": {"pattern": "\n"}})]
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def printable(value: Any) -> Any:
    """Control characters (a terminal escape, a NUL) removed: they print as nothing, and XML
    outputs (xlsx, docx) cannot hold them."""
    return _CONTROL.sub("", value) if isinstance(value, str) else value


#: Vietnamese text shown to people.
Text = Annotated[str, BeforeValidator(printable), Field(min_length=1)]


class Frozen(BaseModel):
    """Base of every ruleset model: immutable, unknown keys refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")
