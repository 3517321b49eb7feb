"""Django form fields generated from a criterion's input fields (the method's ``InputField``s).

The same fields the workbook template has as input cells: numbers (decimal comma accepted),
whole numbers, Có/Không and level choices.  Values are checked again by the engine, which gives
the same Vietnamese findings as for a workbook; the form only turns text into typed values.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

BOOLEAN_CHOICES = (("", "— chưa chọn —"), ("co", "Có"), ("khong", "Không"))


def form_field(field: Any, required: bool = False) -> forms.Field:
    """The form field for one ``InputField``."""
    label = field.label
    if field.kind == "decimal":
        return forms.DecimalField(label=label, required=required, localize=True, min_value=Decimal(0),
                                  max_value=field.max, widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    if field.kind == "integer":
        return forms.IntegerField(label=label, required=required, min_value=0,
                                  widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    if field.kind == "boolean":
        return forms.ChoiceField(label=label, required=required, choices=BOOLEAN_CHOICES)
    return forms.ChoiceField(label=label, required=required,
                             choices=(("", "— chưa chọn —"), *[(k, v) for k, v in field.choices]))


def typed(field: Any, value: Any) -> Any:
    """A cleaned form value as the engine takes it (None when left blank)."""
    if value in (None, ""):
        return None
    if field.kind == "boolean":
        return value == "co"
    return value


def criterion_form(fields: tuple[Any, ...], prefix: str) -> type[forms.Form]:
    """A form class with one form field per input field of a criterion (names = field keys)."""
    attrs = {f.key: form_field(f) for f in fields}
    return type(f"Form_{prefix}", (forms.Form,), attrs)


def value_of(fields: tuple[Any, ...], cleaned: dict[str, Any]) -> Any:
    """The criterion's value: a scalar for a one-field method, else ``{key: value}``."""
    values = {f.key: typed(f, cleaned.get(f.key)) for f in fields}
    if len(fields) == 1:
        return values[fields[0].key]
    return {k: v for k, v in values.items() if v is not None}


def initial_of(fields: tuple[Any, ...], value: Any) -> dict[str, Any]:
    """Form initial data from a stored value (scalar or ``{key: value}``)."""
    if value is None:
        return {}
    values = value if isinstance(value, dict) else {fields[0].key: value} if len(fields) == 1 else {}
    out = {}
    for f in fields:
        v = values.get(f.key)
        if f.kind == "boolean" and isinstance(v, bool):
            v = "co" if v else "khong"
        out[f.key] = v
    return out
