"""The emulation rules an office declares (quy tắc đề xuất khen thưởng thi đua) and their checks.

A small JSON file of its own (``criteria/thi-dua/*.json``, schema ``criteria/thi-dua/schema.json``
generated from these models), read by ``dvk thi-dua de-xuat``: the kinds of round the year's
proposal combines (``rounds``: e.g. DVCQ and QCDC, each told by the ids of the rulesets its
rounds are scored by) and the forms of commendation in the order they are checked (``rules``,
the highest first): who may be proposed — collectives (units) or individuals (the exemplars of
the "Dân vận khéo" register) — on which classes in which round, with how many recognised models,
at most how many, in which order.  A unit or person gets the first rule it meets, as the reward
rules of a ruleset do (:class:`scoring.rules.extensions.RewardRule`); the proposal itself is
:func:`scoring.jobs.emulation.propose_emulation`.

Checks: the JSON Schema (every problem located by JSON path), then :func:`lint_emulation`
(rounds and ids that must exist, a limit needs an order); the classes a rule names are checked
against the rulesets of the rounds given (:func:`lint_classes`), which only the proposal knows.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Literal, Mapping

from pydantic import Field, StrictBool, StrictInt

from scoring.core.findings import DvkError, Finding, Location, make
from scoring.rules.types import Frozen, Id, Text

SCHEMA_ID = "https://dvk.example/criteria/thi-dua/schema.json"
#: The recognised levels of a model, lowest first (as :data:`scoring.models_dvk.model.RECOGNISED`).
RecognisedLevel = Literal["cong_nhan_co_so", "cong_nhan_huyen", "cong_nhan_tinh"]


class RoundKind(Frozen):
    """A kind of round the proposal combines: its rounds are told by the ruleset they are scored by."""

    id: Id
    label: Text = Field(description="Tên gọi trên danh sách và tờ trình, ví dụ 'Dân vận chính quyền'.")
    rulesets: tuple[Id, ...] = Field(min_length=1, description="Mã (id) bộ tiêu chí của các đợt loại này.")


class ClassCondition(Frozen):
    """The unit's class in a round (as the round publishes it, after gates and quotas): ``at_least``
    this class or a better one; ``no_gates``: no gate of the ruleset applied to it."""

    round: Id
    at_least: Id = Field(description="Mã xếp loại thấp nhất được xét, ví dụ 'tot' (Tốt trở lên).")
    no_gates: StrictBool = False


class ModelCondition(Frozen):
    """At least ``count`` models of the unit (of the person, for an individual) recognised at
    ``at_least`` or a higher level; ``include_individuals``: for a collective, also count the
    unit's individual exemplars."""

    at_least: RecognisedLevel = "cong_nhan_co_so"
    count: StrictInt = Field(1, ge=1)
    include_individuals: StrictBool = True


class EmulationRule(Frozen):
    """One form of commendation and who may be proposed for it (see the module doc)."""

    id: Id
    title: Text = Field(description="Hình thức khen thưởng, ví dụ 'Bằng khen của Chủ tịch UBND tỉnh'.")
    subject: Literal["collective", "individual"]
    classes: tuple[ClassCondition, ...] = ()
    models: ModelCondition | None = None
    max: StrictInt | None = Field(None, ge=1, description="Số tập thể (cá nhân) tối đa được đề nghị.")
    rank_by: tuple[Id, ...] = Field((), description="Thứ tự xét khi có giới hạn: hạng chung trong các đợt này.")
    ties_at_limit: Literal["exclude", "include"] = Field(
        "exclude", description="Đồng thứ tự tại giới hạn: 'exclude' để Hội đồng quyết định, 'include' đề nghị cả.")


class EmulationRules(Frozen):
    """The office's emulation rules for a year's proposal."""

    schema_ref: str | None = Field(None, alias="$schema")
    id: Id
    title: Text
    status: Literal["official", "illustrative"]
    status_note: str | None = Field(None, description="Bắt buộc khi status = illustrative.")
    submit_to: Text = Field("Hội đồng Thi đua - Khen thưởng", description="Nơi trình (dòng 'Kính gửi').")
    basis: tuple[Text, ...] = Field((), description="Các căn cứ nêu ở đầu tờ trình.")
    rounds: tuple[RoundKind, ...] = Field(min_length=1)
    rules: tuple[EmulationRule, ...] = Field(min_length=1)

    def kind(self, round_id: str) -> RoundKind | None:
        return next((k for k in self.rounds if k.id == round_id), None)


@lru_cache(maxsize=1)
def emulation_schema() -> dict[str, Any]:
    """The JSON Schema of emulation rule files (criteria/thi-dua/schema.json)."""
    schema = _not_null(EmulationRules.model_json_schema(by_alias=True))
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
            "title": "dvk emulation rules", **{k: v for k, v in schema.items() if k != "title"}}


def _not_null(node: Any) -> Any:
    """Optional keys are left out, never written null: ``anyOf [X, null]`` becomes X, so that a
    mistake inside X is reported at its own path, not at the key."""
    if isinstance(node, list):
        return [_not_null(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _not_null(value) for key, value in node.items()}
    branches = node.get("anyOf")
    if isinstance(branches, list) and len(branches) == 2 and {"type": "null"} in branches:
        rest = {k: v for k, v in node.items() if k not in ("anyOf", "default")}
        return {**rest, **next(b for b in branches if b != {"type": "null"})}
    return node


def parse_emulation(data: Any, source: str | None = None) -> tuple[EmulationRules | None, list[Finding]]:
    """Validate parsed JSON; the rules (None when unusable) and every finding, located."""
    from scoring.rules.load import parse_checked

    return parse_checked(data, emulation_schema(), EmulationRules, lint_emulation, source)


def load_emulation(path: str | Path) -> EmulationRules:
    """Read and check a rules file; raise :class:`DvkError` with every finding if it has errors."""
    from scoring.formats.jsonio import read_json

    rules, findings = parse_emulation(read_json(path), str(path))
    if rules is None:
        raise DvkError(findings)
    return rules


def _at(path: str) -> Location:
    return Location(json_path=path)


def lint_emulation(rules: EmulationRules) -> Iterator[Finding]:
    """Every problem of the rules that needs no round to see."""
    if rules.status == "illustrative" and not (rules.status_note or "").strip():
        yield make("emulation-note-missing", _at("$.status_note"))
    yield from _duplicates([k.id for k in rules.rounds], "$.rounds")
    yield from _duplicates([r.id for r in rules.rules], "$.rules")
    owner: dict[str, str] = {}
    for k, kind in enumerate(rules.rounds):
        for s, ruleset in enumerate(kind.rulesets):
            if owner.setdefault(ruleset, kind.id) != kind.id:
                yield make("emulation-ruleset-twice", _at(f"$.rounds[{k}].rulesets[{s}]"), ruleset=ruleset,
                           other=owner[ruleset])
    known = {k.id for k in rules.rounds}
    for r, rule in enumerate(rules.rules):
        path = f"$.rules[{r}]"
        named = [(c.round, f"{path}.classes[{i}].round") for i, c in enumerate(rule.classes)]
        named += [(k, f"{path}.rank_by[{i}]") for i, k in enumerate(rule.rank_by)]
        for round_id, at in named:
            if round_id not in known:
                yield make("emulation-unknown-round", _at(at), id=round_id, known=", ".join(sorted(known)))
        if rule.subject == "collective" and not rule.classes and rule.models is None:
            yield make("emulation-rule-empty", _at(path), rule=rule.id)
        if rule.max is not None and not rule.rank_by:
            yield make("emulation-max-needs-order", _at(f"{path}.max"), rule=rule.id, max=rule.max)


def _duplicates(ids: list[str], path: str) -> Iterator[Finding]:
    for i, id_ in enumerate(ids):
        if id_ in ids[:i]:
            yield make("duplicate-id", _at(f"{path}[{i}].id"), id=id_, other=f"{path}[{ids.index(id_)}]")


def lint_classes(rules: EmulationRules, bands: Mapping[str, tuple[str, ...]]) -> Iterator[Finding]:
    """The classes the rules name that the round's ruleset does not have; ``bands``: declared round
    id → the class ids of the ruleset its round was scored by."""
    for r, rule in enumerate(rules.rules):
        for i, condition in enumerate(rule.classes):
            known = bands.get(condition.round)
            if known is not None and condition.at_least not in known:
                yield make("emulation-unknown-class", _at(f"$.rules[{r}].classes[{i}].at_least"),
                           id=condition.at_least, round=condition.round, known=", ".join(known))
