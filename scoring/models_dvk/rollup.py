"""Per-unit roll-up of the model register, and unit submissions filled from it.

A unit ruleset declares ``model_inputs`` (see :class:`~scoring.rules.extensions.ModelInput`):
which criterion, pool item or fact takes its value from the unit's models.  :func:`unit_facts`
gives each such input's value for one unit (the register's count or level) and the evidence naming
the models it counted; :func:`apply_models` sets them in a file's submission (and warns where the
typed value differed), a round taking the workspace's register sets them as round facts
(:mod:`scoring.workspace.modelbook`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from scoring.core.findings import Finding, Location, make
from scoring.core.unitcode import unit_key
from scoring.engine.submission import Answer, SomeFields, Submission, with_values
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


@dataclass(frozen=True)
class ModelValue:
    """One declared model input's value for one unit (``field``: of a multi-field criterion), and
    the models it counted."""

    input: str
    field: str | None
    value: Any
    models: tuple[Model, ...]

    @property
    def shown(self) -> str:
        return ", ".join(m.code for m in self.models) or "không có mô hình nào"


def unit_of(rolled: dict[str, UnitModels], unit_code: str) -> UnitModels:
    """The unit ``unit_code``'s models in a :func:`rollup` (none: an empty one)."""
    return rolled.get(_key(unit_code)) or UnitModels(unit_code, "", ())


def unit_values(ruleset: Ruleset, unit: UnitModels) -> list[ModelValue]:
    """Every declared model input's value for ``unit`` (its models in the register)."""
    values = []
    for declared in ruleset.model_inputs or ():
        value, counted = _value(ruleset, declared, unit)
        values.append(ModelValue(declared.input, declared.field, value, tuple(counted)))
    return values


def unit_facts(ruleset: Ruleset, unit: UnitModels) -> dict[str, tuple[Any, str]]:
    """Input id → (the self value the register sets, the evidence naming the models it counted) for
    one unit (:func:`unit_of` a :func:`rollup`): what a file's ``--mo-hinh`` and a round taking the
    workspace's register both set.  Fields of one multi-field criterion come together as
    :class:`SomeFields` (the unit keeps its other fields)."""
    facts: dict[str, tuple[Any, str]] = {}
    for one in unit_values(ruleset, unit):
        value, said = one.value, one.shown
        if one.field:
            earlier, before = facts.get(one.input, (SomeFields(), ""))
            value = SomeFields({**earlier, one.field: one.value})
            said = f"{before}; {one.field}: {one.shown}" if before else f"{one.field}: {one.shown}"
        facts[one.input] = (value, said)
    return {input_: (value, f"Theo sổ đăng ký mô hình \"Dân vận khéo\": {said}")
            for input_, (value, said) in facts.items()}


def apply_models(ruleset: Ruleset, submission: Submission, register_: Register) -> tuple[Submission, list[Finding]]:
    """``submission`` with every declared model input set from the unit's models in the register,
    and a warning where the unit had typed another value."""
    if not ruleset.model_inputs:
        return submission, []
    findings: list[Finding] = []
    unit = unit_of(rollup(register_), submission.unit.code)
    for one in unit_values(ruleset, unit):
        typed = (submission.answers.get(one.input) or Answer()).self_value
        old = typed.get(one.field) if one.field and isinstance(typed, dict) else typed
        if old is not None and str(old) != str(one.value):
            findings.append(make("model-input-replaced", Location(criterion_id=one.input, stage="self",
                                                                  field=one.field),
                                 typed=old, value=one.value, models=one.shown))
    facts = unit_facts(ruleset, unit)
    return with_values(submission, {k: v for k, (v, _) in facts.items()},
                       evidence={k: e for k, (_, e) in facts.items()}), findings


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

