"""A criterion's stored value in the ruleset's words: the one place a value becomes text for people.

Stored answers hold keys (``{"numerator": 5, "denominator": 5}``, a level id ``"4"``, ``True``);
pages, printouts and log lines show the criterion's field labels and choice labels instead
(«Số đã đạt: 5; Tổng số: 5», «Từ 4 lần trở lên», «Có»).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from scoring.core.decimals import fmt

YES, NO = "Có", "Không"


def value_words(value: Any, fields: tuple[Any, ...] = (), blank: str = "—") -> str:
    """``value`` (a scalar for a one-field criterion, else ``{key: value}``) as a person reads it,
    with the labels of the criterion's input ``fields`` (the method's ``InputField``\\ s); keys the
    fields do not name are shown as stored."""
    if value is None or value == "":
        return blank
    by_key = {f.key: f for f in fields}
    if isinstance(value, dict):
        return "; ".join(f"{by_key[k].label if k in by_key else k}: {_one(v, by_key.get(k), blank)}"
                         for k, v in value.items())
    return _one(value, fields[0] if len(fields) == 1 else None, blank)


def _one(value: Any, field: Any, blank: str) -> str:
    if value is None or value == "":
        return blank
    if isinstance(value, bool):
        return YES if value else NO
    if field is not None and field.choices:
        labels = dict(field.choices)
        if str(value) in labels:
            return labels[str(value)]
    if isinstance(value, (Decimal, int, float)):
        return fmt(Decimal(str(value)))
    if isinstance(value, dict):
        return value_words(value, (), blank)
    return str(value)
