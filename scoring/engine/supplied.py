"""Values set from outside the file over what the unit typed: which typed values they replace.

A round sets some inputs itself (its round facts: the count of a unit's fixed-date documents late
and missing…).  A unit that left such an input blank loses nothing; one that typed another value
is told, in a warning at the input, that its value was replaced, by what and on what evidence:
:func:`replaced_inputs`.  The values themselves are set by
:func:`~scoring.engine.submission.with_values`, as for every value set from outside the file.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, Mapping

from scoring.core.findings import Finding, Location, make
from scoring.engine.inputs import is_blank
from scoring.engine.submission import Submission
from scoring.rules.index import index_of
from scoring.rules.models import Ruleset


def replaced_inputs(ruleset: Ruleset, submission: Submission, values: Mapping[str, Any],
                    evidence: Mapping[str, str] | None = None) -> tuple[Finding, ...]:
    """One ``input-set-by-round`` warning per input of ``values`` whose self value, as typed in
    ``submission``, is neither blank nor the value set (per field, for a value of several fields);
    located at the input's first replaced field."""
    found: list[Finding] = []
    for input_id, value in values.items():
        answer = submission.answers.get(input_id)
        typed = answer.self_value if answer is not None else None
        changes = _changes(typed, value)
        if not changes:
            continue
        labels = _labels(ruleset, input_id)
        shown = "; ".join((f"{labels.get(key, key)}: " if key else "") + f"{_shown(old, labels)} → {_shown(new, labels)}"
                          for key, old, new in changes)
        found.append(make("input-set-by-round", Location(criterion_id=input_id, stage="self", field=changes[0][0]),
                          changes=shown, evidence=(evidence or {}).get(input_id) or "dữ liệu đợt đánh giá nắm được."))
    return tuple(found)


def _changes(typed: Any, value: Any) -> list[tuple[str | None, Any, Any]]:
    """(field key or None for a one-value input, typed, set) of each typed value that differs."""
    if is_blank(typed):
        return []
    if isinstance(value, Mapping):
        if not isinstance(typed, Mapping):
            return [(None, typed, value)]
        return [(key, typed.get(key), new) for key, new in value.items()
                if not is_blank(typed.get(key)) and not _same(typed.get(key), new)]
    return [] if _same(typed, value) else [(None, typed, value)]


def _same(a: Any, b: Any) -> bool:
    """Equal values, a number typed as 2, 2.0 or "2" being the same number."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    try:
        return Decimal(str(a).strip().replace(",", ".")) == Decimal(str(b))
    except (InvalidOperation, ValueError):
        return a == b


def _shown(value: Any, labels: Mapping[str, str]) -> str:
    """A value as a message shows it: Có/Không, a decimal comma, "Label: value, …" for several fields."""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, Mapping):
        return ", ".join(f"{labels.get(k, k)} {_shown(v, labels)}" for k, v in value.items())
    return str(value).replace(".", ",") if isinstance(value, (Decimal, float)) else str(value)


def _labels(ruleset: Ruleset, input_id: str) -> dict[str, str]:
    """Field key → its label, for a criterion's input fields (none for a fact or an unknown id)."""
    info = index_of(ruleset).by_id.get(input_id)
    return {f.key: f.label for f in info.fields} if info is not None else {}
