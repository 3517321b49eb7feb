"""The year's emulation proposal: who is proposed for which commendation, from the rounds' results
and the "Dân vận khéo" register, by the office's declared rules (:mod:`scoring.rules.emulation`).

:func:`propose_emulation` is a pure function of the rules, each round's ranking (the ranking the
publication prints: :func:`scoring.workspace.results.round_ranking`; class after gates and
quotas, ranks as published) and a :class:`~scoring.models_dvk.model.Register` (read from files
or kept in a workspace: anything with ``models``).

Rules are checked in the declared order (the highest commendation first); a unit or person gets
the first rule it meets.  For each rule every candidate not yet proposed is checked condition by
condition, the first it fails being its reason; those that meet all are taken in the rule's
order (``rank_by``: the overall rank in those rounds, then the unit code) up to ``max``.  When
the limit falls inside a tie, the tied candidates are left to the council (``ties_at_limit:
"exclude"``) or all proposed (``"include"``).  A candidate proposed for no rule is listed once,
with the reason it failed each rule.

Collectives are the units with a result in any of the rounds; individuals are the register's
exemplars (one line a person of a unit, on the person's highest-recognised model).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from scoring.core.unitcode import unit_key
from scoring.engine.emulation import COLLECTIVE, INDIVIDUAL, EmulationProposal, Line, RoundRef, Standing
from scoring.engine.ranking import RankedUnit, Ranking
from scoring.models_dvk.model import RECOGNISED, Model
from scoring.rules.emulation import ClassCondition, EmulationRule, EmulationRules, ModelCondition
from scoring.rules.models import Ruleset

#: The recognised levels as a condition words them ("từ cấp huyện trở lên").
LEVEL_WORDS = {"cong_nhan_co_so": "cấp cơ sở", "cong_nhan_huyen": "cấp huyện", "cong_nhan_tinh": "cấp tỉnh"}
#: Unranked candidates (not classified, or absent from a round) come after every rank.
_LAST = 10 ** 9


@dataclass(frozen=True)
class RoundResults:
    """One round of the proposal: what the list names it by, its ruleset and its ranking."""

    ref: RoundRef
    ruleset: Ruleset
    ranking: Ranking


@dataclass(frozen=True)
class _Candidate:
    """A unit (``person`` None) or a person of a unit, with what the rules look at."""

    unit_code: str
    unit_name: str
    person: str | None
    placed: tuple[RankedUnit | None, ...]
    models: tuple[Model, ...]  # recognised, highest level first


def propose_emulation(rules: EmulationRules, rounds: Sequence[RoundResults], register: Any, year: int) -> EmulationProposal:
    """The proposal (see the module doc); ``rounds`` in the order of ``rules.rounds``;
    ``register``: the model register, or None (then no individual is considered)."""
    checker, places = _Checker(rules, rounds), _Places(rounds, register)
    units = _units(rounds, places)
    lines = checker.decide(units, COLLECTIVE)
    if register is not None:
        lines += checker.decide(_people(units, places), INDIVIDUAL)
    proposed = [line for line in lines if line.proposed]
    notice = rules.status_note if rules.status == "illustrative" else None
    return EmulationProposal(rules.title, year, rules.submit_to, rules.basis, notice, tuple(r.ref for r in rounds),
                             tuple((r.id, r.title) for r in rules.rules),
                             tuple(proposed + [line for line in lines if not line.proposed]))


class _Places:
    """Each round's ranked units by unit key, and the register's models by unit key (looked up
    once: a province has thousands of units)."""

    def __init__(self, rounds: Sequence[RoundResults], register: Any):
        self.rounds = [{unit_key(u.unit_code): u for u in r.ranking.overall} for r in rounds]
        self.models: dict[str, list[Model]] = {}
        for model in register.models if register is not None else ():
            self.models.setdefault(unit_key(model.unit_code), []).append(model)

    def of(self, code: str) -> tuple[RankedUnit | None, ...]:
        key = unit_key(code)
        return tuple(placed.get(key) for placed in self.rounds)


def _units(rounds: Sequence[RoundResults], places: _Places) -> list[_Candidate]:
    """Every unit with a result in a round, in the order of the first round that ranks it."""
    seen: dict[str, tuple[str, str]] = {}
    for r in rounds:
        for unit in r.ranking.overall:
            seen.setdefault(unit_key(unit.unit_code), (unit.unit_code, unit.result.unit_name))
    return [_Candidate(code, name, None, places.of(code), _recognised(places.models.get(key, [])))
            for key, (code, name) in seen.items()]


def _people(units: list[_Candidate], places: _Places) -> list[_Candidate]:
    """Every individual exemplar of the register, once per (unit, person)."""
    names = {unit_key(u.unit_code): u.unit_name for u in units}
    found: dict[tuple[str, str], list[Model]] = {}
    for key, models in places.models.items():
        for model in models:
            if model.individual:
                found.setdefault((key, " ".join(model.individual.split()).casefold()), []).append(model)
    people = []
    for (key, _person), models in found.items():
        first = models[0]
        people.append(_Candidate(first.unit_code, names.get(key, first.unit_name), " ".join(first.individual.split()),
                                 places.of(first.unit_code), _recognised(models, all_=True)))
    return people


def _level(model: Model) -> int:
    """A model's recognition level: 1 (cơ sở) to 3 (tỉnh); 0 when not recognised."""
    return RECOGNISED.index(model.status) + 1 if model.status in RECOGNISED else 0


def _recognised(models: Sequence[Model], all_: bool = False) -> tuple[Model, ...]:
    """The models, highest level first (``all_``: the unrecognised ones too, after them)."""
    kept = [m for m in models if all_ or m.recognised]
    return tuple(sorted(kept, key=lambda m: (-_level(m), m.code)))


def model_text(model: Model) -> str:
    """'M1 «Dân vận khéo trong …» (Công nhận cấp huyện)'."""
    return f"{model.code} «{model.name}» ({model.status_label})"


class _Checker:
    """The rules' conditions over the rounds: first failure, or what was met, in Vietnamese."""

    def __init__(self, rules: EmulationRules, rounds: Sequence[RoundResults]):
        self.rules = rules
        self.rounds = list(rounds)
        self.position = {r.ref.kind: i for i, r in enumerate(rounds)}

    def decide(self, candidates: list[_Candidate], subject: str) -> list[Line]:
        """Lines for every candidate under the rules of ``subject``: proposed in rule order, then
        the others (in candidate order) with the reason each rule refused them."""
        rules = [r for r in self.rules.rules if r.subject == subject]
        if not rules:
            return []
        proposed: list[Line] = []
        failed: dict[int, list[str]] = {i: [] for i in range(len(candidates))}
        for rule in rules:
            eligible: list[tuple[int, str]] = []
            for i, candidate in enumerate(candidates):
                if i not in failed:
                    continue
                failure, met = self.check(rule, candidate)
                if failure:
                    failed[i].append(f"{rule.title}: {failure}")
                else:
                    eligible.append((i, met))
            for (i, met), (ok, reason) in zip(*_limited(rule, eligible, lambda i: self.order(rule, candidates[i]),
                                                        candidates)):
                if ok:  # the reason reads as a sentence of its own in the list
                    proposed.append(self.line(candidates[i], True, reason[:1].upper() + reason[1:], rule))
                    del failed[i]
                else:
                    failed[i].append(f"{rule.title}: {reason}")
        return proposed + [self.line(candidates[i], False, "; ".join(reasons)) for i, reasons in failed.items()]

    def line(self, c: _Candidate, proposed: bool, reason: str, rule: EmulationRule | None = None) -> Line:
        standings = tuple(_standing(u, r.ranking) for u, r in zip(c.placed, self.rounds))
        return Line(INDIVIDUAL if c.person else COLLECTIVE, c.unit_code, c.unit_name, c.person, standings,
                    tuple(model_text(m) for m in c.models if m.recognised), proposed, reason,
                    rule.id if rule else "", rule.title if rule else "")

    def check(self, rule: EmulationRule, c: _Candidate) -> tuple[str | None, str]:
        """(the first condition ``c`` fails, or None; what it met)."""
        met = []
        models = rule.models or (ModelCondition() if c.person else None)
        if models is not None:
            failure, text = _models(models, c)
            if failure:
                return failure, ""
            met.append(text)
        for condition in rule.classes:
            failure, text = self.standing(condition, c.placed[self.position[condition.round]])
            if failure:
                return failure, ""
            met.append(text)
        return None, "; ".join(met)

    def standing(self, condition: ClassCondition, unit: RankedUnit | None) -> tuple[str | None, str]:
        r = self.rounds[self.position[condition.round]]
        where = f"{r.ref.label} ({r.ref.code})"
        if unit is None:
            return f"{where}: không có kết quả trong đợt", ""
        final = unit.result.final
        if not unit.classified:
            return f"{where}: {unit.band_label}" + (f" ({'; '.join(final.gate_reasons)})" if final.gate_reasons else ""), ""
        order = [b.id for b in r.ruleset.classification.bands]
        wanted = next(b.label for b in r.ruleset.classification.bands if b.id == condition.at_least)
        if order.index(unit.band_id) > order.index(condition.at_least):
            quota = f" (do {unit.demotion.reason})" if unit.demotion else ""
            return f"{where}: xếp loại {unit.band_label}{quota}; cần từ {wanted} trở lên", ""
        if condition.no_gates and final.gate_reasons:
            return f"{where}: vi phạm điều kiện: {'; '.join(final.gate_reasons)}", ""
        shown = _standing(unit, r.ranking)
        return None, f"{where} xếp loại {shown.text}" + (", không vi phạm điều kiện" if condition.no_gates else "")

    def order(self, rule: EmulationRule, c: _Candidate) -> tuple[Any, ...]:
        """The candidate's place under a limit: best model first (individuals), then the overall
        rank in each ``rank_by`` round; the unit code and person break nothing (they only list)."""
        ranks = tuple((u.overall_rank if (u := c.placed[self.position[k]]) and u.overall_rank else _LAST)
                      for k in rule.rank_by)
        level = -_level(c.models[0]) if c.person and c.models else 0
        return (level, *ranks)


def _models(condition: ModelCondition, c: _Candidate) -> tuple[str | None, str]:
    floor = RECOGNISED.index(condition.at_least) + 1
    counted = [m for m in c.models if _level(m) >= floor and (condition.include_individuals or c.person or not m.individual)]
    wanted = f"được công nhận từ {LEVEL_WORDS[condition.at_least]} trở lên"
    if len(counted) >= condition.count:
        shown = ", ".join(model_text(m) for m in counted)
        return None, (f"điển hình của mô hình {shown}" if c.person else f"có {len(counted)} mô hình {wanted}: {shown}")
    have = f"có: {', '.join(map(model_text, c.models))}" if c.models else "chưa có mô hình nào được công nhận"
    return f"cần {condition.count} mô hình {wanted}; {have}", ""


def _standing(unit: RankedUnit | None, ranking: Ranking) -> Standing | None:
    if unit is None:
        return None
    return Standing(unit.band_label, unit.value, ranking.basis, unit.rank, unit.result.block_name)


def _limited(rule: EmulationRule, eligible: list[tuple[int, str]], order: Callable[[int], tuple[Any, ...]],
             candidates: list[_Candidate]) -> tuple[list[tuple[int, str]], list[tuple[bool, str]]]:
    """The eligible in the rule's order, each with (proposed, reason) after the limit."""
    ranked = sorted(eligible, key=lambda e: (order(e[0]), candidates[e[0]].unit_code, candidates[e[0]].person or ""))
    limit = rule.max
    if limit is None or len(ranked) <= limit:
        return ranked, [(True, met) for _, met in ranked]
    cut = order(ranked[limit][0])
    tied = cut == order(ranked[limit - 1][0])
    names = [candidates[i].person or candidates[i].unit_name for i, _ in ranked if order(i) == cut]
    who = "cá nhân" if rule.subject == INDIVIDUAL else "tập thể"
    decisions = []
    for n, (i, met) in enumerate(ranked):
        at_cut = tied and order(i) == cut
        if not at_cut and n < limit:
            decisions.append((True, met))
        elif at_cut and rule.ties_at_limit == "include":
            decisions.append((True, f"{met}; đồng thứ tự với {', '.join(names)} tại giới hạn {limit} {who}: "
                                    f"đề nghị cả"))
        elif at_cut:
            others = [name for name in names if name != (candidates[i].person or candidates[i].unit_name)]
            decisions.append((False, f"đồng thứ tự với {', '.join(others)} tại giới hạn {limit} {who}: "
                                     "Hội đồng Thi đua - Khen thưởng xem xét"))
        else:
            decisions.append((False, f"đủ điều kiện nhưng ngoài giới hạn {limit} {who} (thứ {n + 1})"))
    return ranked, decisions
