"""Numbers written as text in a JSON submission: read as workbooks read them, with a warning.

A workbook cell holding "8,5" or " 7 " is understood as a number with a warning
(:mod:`scoring.workbook.hygiene`); a JSON submission gets the same treatment, so the two ways of
sending a self-assessment accept the same inputs.  Only fields that take a number (decimal or
integer inputs, pool counts, integer facts) are touched; text that is not a number is left for
the engine to report, as in a workbook.
"""

from __future__ import annotations

from typing import Any

from scoring.core.findings import Finding, Location, make
from scoring.engine.submission import Answer, Submission
from scoring.rules.index import index_of
from scoring.rules.models import Ruleset
from scoring.workbook.hygiene import as_number

#: id → {field key (None: the one value of a scalar answer) → is an integer}
_Kinds = dict[str, dict[Any, bool]]


def _numeric_fields(ruleset: Ruleset) -> _Kinds:
    index = index_of(ruleset)
    kinds: _Kinds = {}
    for info in index.leaves:
        numeric = {f.key: f.kind == "integer" for f in info.fields if f.kind in ("decimal", "integer")}
        if len(info.fields) == 1 and numeric:
            numeric[None] = numeric[info.fields[0].key]
        kinds[info.id] = numeric
    for item in index.pool_items:
        kinds[item.item.id] = {None: True}
    for fact in index.facts:
        if fact.fact.kind == "integer":
            kinds[fact.fact.id] = {None: True}
    return kinds


def clean_numbers(submission: Submission, ruleset: Ruleset, source: str | None = None
                  ) -> tuple[Submission, list[Finding]]:
    """``submission`` with numbers written as text read as numbers, and one warning per value."""
    kinds = _numeric_fields(ruleset)
    findings: list[Finding] = []
    answers: dict[str, Answer] = {}
    for node_id, answer in submission.answers.items():
        numeric = kinds.get(node_id)
        if not numeric:
            continue
        update = {}
        for attr, stage in (("self_value", "self"), ("appraisal", "appraisal")):
            value = getattr(answer, attr)
            path = f"$.answers['{node_id}'].{stage}"
            cleaned = _cleaned(value, numeric, path, source, findings)
            if cleaned is not value:
                update[attr] = cleaned
        if update:
            answers[node_id] = answer.model_copy(update=update)
    if not answers:
        return submission, findings
    return submission.model_copy(update={"answers": {**submission.answers, **answers}}), findings


def _cleaned(value: Any, numeric: dict[Any, bool], path: str, source: str | None,
             findings: list[Finding]) -> Any:
    if isinstance(value, str) and None in numeric:
        return _number(value, numeric[None], path, source, findings)
    if isinstance(value, dict) and any(isinstance(v, str) for v in value.values()):
        out = {key: _number(v, numeric[key], f"{path}.{key}", source, findings)
               if isinstance(v, str) and key in numeric else v for key, v in value.items()}
        return out if out != value else value
    return value


def _number(text: str, integer: bool, path: str, source: str | None, findings: list[Finding]) -> Any:
    number, notes = as_number(text, integer=integer)
    if isinstance(number, str) or number is None:  # not a number (or blank): the engine decides
        return text
    findings.append(make("input-number-as-text", Location(file=source, json_path=path),
                         raw=text, value=notes[-1][1]["value"] if notes else str(number)))
    return number
