"""Typing one criterion's raw input against its method's fields (strict: hygiene is the reader's job).

JSON submissions and workbooks both arrive here with plain values (Decimal/int/float, bool, str);
the workbook reader has already turned "8,5" into 8.5 and "x" into True, with a warning.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from scoring.core.decimals import fmt, in_range, is_multiple, normalized, shown_number
from scoring.rules.methods import InputField, Problem

STAGE_VI = {"self": "tự chấm", "appraisal": "thẩm định"}


def is_blank(value: Any) -> bool:
    """Nothing entered: None, empty text, or an object/list whose every value is blank."""
    if isinstance(value, dict):
        return all(is_blank(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return not value
    return value is None or (isinstance(value, str) and not value.strip())


def split_fields(raw: Any, fields: tuple[InputField, ...]) -> tuple[dict[str, Any], list[Problem]]:
    """Raw input → ``{field key: raw value}``; a scalar is the value of a one-field method."""
    if is_blank(raw):  # nothing entered: every field is blank (required → missing, else default)
        return {}, []
    if isinstance(raw, dict):
        known = {f.key for f in fields}
        problems = [Problem("input-unknown-field", key, {"known": ", ".join(sorted(known))})
                    for key in raw if key not in known]
        return {key: value for key, value in raw.items() if key in known}, problems
    if len(fields) == 1:
        return {fields[0].key: raw}, []
    if isinstance(raw, (list, tuple)) and all(f.kind == "boolean" for f in fields):
        # a checklist given as the list of items done
        chosen, known = {str(item) for item in raw}, [f.key for f in fields]
        problems = [Problem("input-unknown-field", key, {"known": ", ".join(known)})
                    for key in sorted(chosen - set(known))]
        return {f.key: f.key in chosen for f in fields}, problems
    return {}, [Problem("input-needs-fields", fields[0].key,
                        {"known": ", ".join(f.label for f in fields)})]


def type_value(field: InputField, value: Any) -> tuple[Any, Problem | None]:
    """One field's raw value → typed value, or the problem that prevents it."""
    if is_blank(value):
        if field.required:
            return None, Problem("input-missing", field.key)
        return field.default, None
    return _TYPERS[field.kind](field, value)


def _as_decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    return None


def _decimal(field: InputField, value: Any) -> tuple[Any, Problem | None]:
    number = _as_decimal(value)
    if number is None or not number.is_finite():
        return None, Problem("input-not-number", field.key, {"value": value})
    if not in_range(number):
        return None, Problem("input-out-of-range", field.key, {"value": shown_number(str(value))})
    if number < 0:
        return None, Problem("input-negative", field.key, {"value": fmt(number)})
    if field.max is not None and number > field.max:
        return None, Problem("input-above-max", field.key, {"value": fmt(number), "max": fmt(field.max)})
    if field.step is not None and not is_multiple(number, field.step):
        lower = number - number % field.step
        return None, Problem("input-off-step", field.key, {
            "value": fmt(number), "step": fmt(field.step),
            "example": f"{fmt(lower)} hoặc {fmt(lower + field.step)}"})
    return number, None


def _integer(field: InputField, value: Any) -> tuple[Any, Problem | None]:
    number = _as_decimal(value)
    if number is None or not number.is_finite() or number != number.to_integral_value():
        shown = fmt(number) if number is not None and number.is_finite() else value
        return None, Problem("input-not-integer", field.key, {"value": shown})
    if not in_range(number):
        return None, Problem("input-out-of-range", field.key, {"value": shown_number(str(value))})
    if number < 0:
        return None, Problem("input-negative", field.key, {"value": fmt(number)})
    return int(number), None


def _boolean(field: InputField, value: Any) -> tuple[Any, Problem | None]:
    if isinstance(value, bool):
        return value, None
    return None, Problem("input-not-boolean", field.key, {"value": value})


def _choice(field: InputField, value: Any) -> tuple[Any, Problem | None]:
    number = _as_decimal(value)
    if number is not None and number.is_finite():  # a spreadsheet's 4.0 is the level id "4"
        text: str | None = f"{normalized(number):f}"
    else:
        text = str(value).strip() if not isinstance(value, bool) else None
    for choice_id, label in field.choices:
        if text in (choice_id, label):
            return choice_id, None
    return None, Problem("level-unknown", field.key, {
        "value": value, "choices": ", ".join(label for _, label in field.choices)})


_TYPERS = {"decimal": _decimal, "integer": _integer, "boolean": _boolean, "choice": _choice}


def type_values(raw: Any, fields: tuple[InputField, ...]) -> tuple[dict[str, Any], list[Problem]]:
    """All fields of one criterion typed; problems for every field that could not be."""
    given, problems = split_fields(raw, fields)
    if problems and not isinstance(raw, (dict, list, tuple)):  # a scalar for several fields
        return {}, problems
    values: dict[str, Any] = {}
    for field in fields:
        value, problem = type_value(field, given.get(field.key))
        if problem:
            problems.append(problem)
        else:
            values[field.key] = value
    return values, problems


def input_key(value: Any) -> Any:
    """A hashable key equal only for inputs that score identically (type and exact text kept:
    ``True`` is not ``1``, and ``8.50`` is not ``8.5``); raises TypeError if unhashable."""
    kind = value.__class__
    if kind is str or value is None:  # no other kind of value equals a str or None
        return value
    if kind is dict:  # a multi-field answer; its values are mostly text or blanks
        return (kind, tuple([(k, v if v is None or v.__class__ is str else input_key(v))
                             for k, v in value.items()]))
    if kind is Decimal:
        return (kind, str(value))
    if kind is float:
        return (kind, repr(value))
    if kind is list or kind is tuple:
        return (kind, tuple(map(input_key, value)))
    return (kind, value)
