"""Semantic checks of the hand-off parts of a ruleset (model inputs, recognition, reward rules)."""

from __future__ import annotations

from typing import Iterator

from scoring.core.findings import Finding, Location, make
from scoring.rules.index import RulesetIndex


def lint_extensions(index: RulesetIndex) -> Iterator[Finding]:
    """Every problem of ``model_inputs``, ``model_recognition`` and ``rewards``."""
    yield from _model_inputs(index)
    yield from _recognition(index)
    yield from _rewards(index)


def _at(path: str, criterion_id: str | None = None) -> Location:
    return Location(json_path=path, criterion_id=criterion_id)


def _model_inputs(index: RulesetIndex) -> Iterator[Finding]:
    known = index.input_ids()
    for i, declared in enumerate(index.ruleset.model_inputs or ()):
        path = f"$.model_inputs[{i}]"
        if declared.input not in known:
            yield make("unknown-criterion", _at(f"{path}.input"), id=declared.input)
            continue
        if (declared.count is None) == (declared.levels is None) or (declared.levels and declared.otherwise is None):
            yield make("model-input-shape", _at(path, declared.input))
            continue
        info = index.by_id.get(declared.input)
        fields = {f.key for f in info.fields} if info is not None and info.is_leaf else set()
        if declared.field is not None and declared.field not in fields:
            yield make("unknown-field", _at(f"{path}.field", declared.input), id=declared.input,
                       field=declared.field, known=", ".join(sorted(fields)) or "không có")
        if declared.levels:
            method = getattr(info.node, "method", None) if info is not None else None
            levels = [level.id for level in getattr(method, "levels", ())]
            wanted = [(c.level, f"{path}.levels[{j}].level") for j, c in enumerate(declared.levels)]
            for level, at in [*wanted, (declared.otherwise, f"{path}.otherwise")]:
                if level not in levels:  # at the level's own path: a workbook names its cell
                    yield make("model-input-level-unknown", _at(at, declared.input), id=declared.input,
                               level=level, known=", ".join(levels) or "không có")


def _recognition(index: RulesetIndex) -> Iterator[Finding]:
    recognition = index.ruleset.model_recognition
    for band in (recognition.bands if recognition else {}):
        if band not in index.band_rank:
            yield make("unknown-class", _at(f"$.model_recognition.bands.{band}"), id=band)


def _rewards(index: RulesetIndex) -> Iterator[Finding]:
    rewards = index.ruleset.rewards
    blocks = {b.id for b in index.ruleset.blocks}
    for r, rule in enumerate(rewards.rules if rewards else ()):
        for b, band in enumerate(rule.bands or ()):
            if band not in index.band_rank:
                yield make("unknown-class", _at(f"$.rewards.rules[{r}].bands[{b}]"), id=band)
        for b, block in enumerate(rule.blocks or ()):
            if block not in blocks:
                yield make("unknown-block", _at(f"$.rewards.rules[{r}].blocks[{b}]"), id=block)
        seen = {x.id for x in rewards.rules[:r]}
        if rule.id in seen:
            yield make("duplicate-id", _at(f"$.rewards.rules[{r}].id"), id=rule.id, other="$.rewards.rules")
