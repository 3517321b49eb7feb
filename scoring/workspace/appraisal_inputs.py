"""What the council can appraise for a block: each criterion, bonus/deduction item and fact that
applies to one of the block's unit types, with its input fields; how values are shown and parsed.

No Django and no openpyxl here: the sheet writer and the importer share these definitions.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from scoring.rules.index import index_of
from scoring.rules.methods import InputField
from scoring.rules.models import Ruleset
from scoring.workbook.hygiene import as_boolean, as_choice, as_number, is_blank
from scoring.workbook.layout import NO, YES


@dataclass(frozen=True)
class Input:
    """One appraisable answer: ``fields`` has one entry for single-value inputs (stored as a
    scalar) and several for methods with several fields (stored as an object)."""

    id: str
    label: str
    max: Decimal | None
    fields: tuple[InputField, ...]
    unit_types: frozenset[str]
    #: Points only the council gives (``appraiser_only``): its value is the council's own score,
    #: not a change to the unit's, so it needs no reason.
    council_only: bool = False

    @property
    def single(self) -> bool:
        return len(self.fields) == 1


def block_inputs(ruleset: Ruleset, unit_types: frozenset[str]) -> list[Input]:
    """The appraisable inputs of units of ``unit_types``, in the ruleset's order."""
    index = index_of(ruleset)
    found = [Input(i.id, f"{i.id}. {i.node.name}", i.node.max, i.fields, i.applies_to & unit_types,
                   i.node.method.appraiser_only)
             for i in index.leaves if i.applies_to & unit_types and i.fields]
    for p in index.pool_items:
        if p.applies_to & unit_types:
            count = InputField("count", "Số lần", "integer", required=False, default=0)
            found.append(Input(p.item.id, f"{p.item.id}. {p.item.name}", None, (count,), p.applies_to & unit_types))
    for f in index.facts:
        if f.applies_to & unit_types:
            kind = "boolean" if f.fact.kind == "boolean" else "integer"
            found.append(Input(f.fact.id, f"{f.fact.id}. {f.fact.name}", None,
                               (InputField("value", "Giá trị", kind, required=False),), f.applies_to & unit_types))
    return found


def field_value(value: Any, inp: Input, field: InputField) -> Any:
    """The part of a stored answer value that is ``field``: the scalar of a single input, or the
    field's entry of an object (JSON submissions may give one-field inputs as objects too)."""
    if isinstance(value, dict):
        return value.get(field.key)
    return value if inp.single else None


def shown(value: Any, field: InputField) -> Any:
    """A stored value as the sheet shows it: Có/Không, a level's label, a number."""
    if value is None:
        return None
    if field.kind == "boolean" and isinstance(value, bool):
        return YES if value else NO
    if field.kind == "choice":
        return next((label for key, label in field.choices if key == value), value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def parsed(raw: Any, field: InputField) -> Any:
    """A cell as a stored value (None for a blank cell); text that is not a value stays text,
    for the engine to refuse with its own message."""
    if is_blank(raw):
        return None
    if field.kind == "boolean":
        return as_boolean(raw)[0]
    if field.kind == "choice":
        return as_choice(raw, field.choices)[0]
    return as_number(raw, integer=field.kind == "integer")[0]


def same(a: Any, b: Any) -> bool:
    """Equal as values (3 == 3.0 == Decimal('3.00'); True is not 1)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, Decimal)) and isinstance(b, (int, Decimal)):
        return Decimal(a) == Decimal(b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


def describe(value: Any, fields: tuple[Any, ...] = ()) -> str:
    """A value in a log line or message, in the ruleset's words
    (:func:`~scoring.rules.words.value_words`) when the criterion's ``fields`` are given."""
    from scoring.rules.words import value_words

    return value_words(value, fields, blank="(trống)")
