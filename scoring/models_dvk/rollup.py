"""Per-unit roll-up of the model register, and unit submissions filled from it.

A unit ruleset declares ``model_inputs`` (see :class:`~scoring.rules.extensions.ModelInput`):
which criterion, pool item or fact takes its value from the unit's models.  :func:`apply_models`
replaces what the unit typed there with the register's count (or level), says which models it
counted in the answer's evidence, and warns where the typed value differed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from scoring.core.findings import Finding, Location, make
from scoring.core.unitcode import unit_key
from scoring.engine.submission import Answer, Submission
from scoring.models_dvk.model import RECOGNISED, Model, Register
from scoring.rules.extensions import ModelInput
from scoring.rules.index import index_of
from scoring.rules.models import Ruleset


@dataclass(frozen=True)
class UnitModels:
    """One unit's models and the counts a report or a ruleset reads from them."""

    unit_code: str
    unit_name: str
    models: tuple[Model, ...]

    def matching(self, statuses: tuple[str, ...], fields: tuple[str, ...] | None = None,
                 individuals: bool = True) -> list[Model]:
        """The models with one of ``statuses`` (in ``fields`` if given; without individuals if not)."""
        return [m for m in self.models if m.status in statuses and (fields is None or m.field in fields)
                and (individuals or not m.individual)]

    def by_status(self) -> Counter[str]:
        return Counter(m.status for m in self.models)

    @property
    def highest(self) -> str | None:
        """The highest recognition level reached, or None."""
        levels = [s for s in RECOGNISED if any(m.status == s for m in self.models)]
        return levels[-1] if levels else None


def rollup(register_: Register) -> dict[str, UnitModels]:
    """The register grouped per unit (keyed by the unit code, case-folded), in register order."""
    groups: dict[str, list[Model]] = {}
    for model in register_.models:
        groups.setdefault(_key(model.unit_code), []).append(model)
    return {key: UnitModels(models[0].unit_code, models[0].unit_name, tuple(models)) for key, models in groups.items()}


def level_field_counts(register_: Register) -> dict[str, Counter[str]]:
    """Recognised models per level (status id) and field of work (field id)."""
    counts: dict[str, Counter[str]] = {status: Counter() for status in RECOGNISED}
    for model in register_.models:
        if model.recognised:
            counts[model.status][model.field] += 1
    return counts


def apply_models(ruleset: Ruleset, submission: Submission, register_: Register) -> tuple[Submission, list[Finding]]:
    """``submission`` with every declared model input set from the unit's models in the register."""
    if not ruleset.model_inputs:
        return submission, []
    unit = rollup(register_).get(_key(submission.unit.code)) or UnitModels(submission.unit.code, submission.unit.name, ())
    answers = dict(submission.answers)
    findings: list[Finding] = []
    for declared in ruleset.model_inputs:
        value, counted = _value(ruleset, declared, unit)
        answer = answers.get(declared.input) or Answer()
        typed = answer.self_value
        new_self = {**typed, declared.field: value} if declared.field and isinstance(typed, dict) else (
            {declared.field: value} if declared.field else value)
        old = typed.get(declared.field) if declared.field and isinstance(typed, dict) else typed
        shown = ", ".join(m.code for m in counted) or "không có mô hình nào"
        if old is not None and str(old) != str(value):
            findings.append(make("model-input-replaced", Location(criterion_id=declared.input, stage="self",
                                                                  field=declared.field),
                                 typed=old, value=value, models=shown))
        evidence = f"Theo sổ đăng ký mô hình \"Dân vận khéo\": {shown}"
        answers[declared.input] = answer.model_copy(update={"self_value": new_self, "evidence": evidence})
    return submission.model_copy(update={"answers": answers}), findings


def _value(ruleset: Ruleset, declared: ModelInput, unit: UnitModels) -> tuple[Any, list[Model]]:
    if declared.levels:
        for choice in declared.levels:
            found = unit.matching(choice.any_of, declared.fields_of_work, declared.include_individuals)
            if found:
                return choice.level, found
        return declared.otherwise, []
    found = unit.matching(declared.count or (), declared.fields_of_work, declared.include_individuals)
    if _is_boolean_fact(ruleset, declared.input):
        return bool(found), found
    return len(found), found


def _is_boolean_fact(ruleset: Ruleset, input_id: str) -> bool:
    return any(f.fact.id == input_id and f.fact.kind == "boolean" for f in index_of(ruleset).facts)


def _key(code: str) -> str:
    return unit_key(code)

