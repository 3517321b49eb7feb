"""Semantic checks of a ruleset that the JSON Schema cannot express.

Each check yields findings with a JSON path and, where one applies, the criterion id.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterator

from scoring.core.decimals import HUNDRED, ZERO, fmt, normalized
from scoring.core.findings import Finding, Location, make
from scoring.rules.index import NodeInfo, RulesetIndex, build_index
from scoring.rules.lint_extensions import lint_extensions
from scoring.rules.models import (
    AllCondition,
    AnyCondition,
    Condition,
    Group,
    InputCondition,
    PointsCondition,
    Ruleset,
)
from scoring.rules.notapplicable import is_na_text


def lint(ruleset: Ruleset) -> list[Finding]:
    """Every semantic problem of ``ruleset`` (empty list: the ruleset is usable).

    The structure is checked first: the index links children to parents by id, so a group with
    a descendant of its own id is a cycle to every later walk; such a ruleset is refused with the
    findings of the checks that do not walk the tree.
    """
    index = build_index(ruleset)
    cycles = list(_cycles(index))
    checks = (_applies_to, _groups, _methods, _scale, _pools, _bands, _gates, _quotas, _tie_breakers,
              lint_extensions)
    findings = cycles
    for check in (_metadata, _unit_types, _ids) + (() if cycles else checks):
        findings.extend(check(index))
    return findings


def _cycles(index: RulesetIndex) -> Iterator[Finding]:
    """Every node whose id is the id of one of its ancestors."""
    ancestors: list[str] = []
    for info in index.nodes:  # tree order: the depth says which ancestors are still open
        del ancestors[info.depth:]
        if info.id in ancestors:
            yield make("group-contains-itself", _at(f"{info.json_path}.id", info.id), id=info.id)
        ancestors.append(info.id)


def _at(path: str, criterion_id: str | None = None) -> Location:
    return Location(json_path=path, criterion_id=criterion_id)


def _metadata(index: RulesetIndex) -> Iterator[Finding]:
    rs = index.ruleset
    if rs.status == "illustrative" and not (rs.status_note or "").strip():
        yield make("illustrative-without-note", _at("$.status_note"))


def _unit_types(index: RulesetIndex) -> Iterator[Finding]:
    rs = index.ruleset
    seen: dict[str, str] = {}
    for i, unit_type in enumerate(rs.unit_types):
        path = f"$.unit_types[{i}].id"
        if unit_type.id in seen:
            yield make("duplicate-id", _at(path), id=unit_type.id, other=seen[unit_type.id])
        seen.setdefault(unit_type.id, path)
    homes: dict[str, list[str]] = {}
    for b, block in enumerate(rs.blocks):
        for u, unit_type in enumerate(block.unit_types):
            if unit_type not in seen:
                yield make("unknown-unit-type", _at(f"$.blocks[{b}].unit_types[{u}]"), id=unit_type)
            homes.setdefault(unit_type, []).append(block.id)
    for unit_type, blocks in homes.items():
        if len(blocks) > 1:
            yield make("block-overlap", _at("$.blocks"), unit_type=unit_type, blocks=", ".join(blocks))
    if rs.blocks:
        for i, unit_type in enumerate(rs.unit_types):
            if unit_type.id not in homes:
                yield make("unit-type-unused", _at(f"$.unit_types[{i}]"), id=unit_type.id)


def _ids(index: RulesetIndex) -> Iterator[Finding]:
    seen: dict[str, str] = {}
    places = [(info.id, info.json_path) for info in index.nodes]
    places += [(p.item.id, p.json_path) for p in index.pool_items]
    places += [(f.fact.id, f.json_path) for f in index.facts]
    for node_id, path in places:
        if node_id in seen:
            yield make("duplicate-id", _at(f"{path}.id", node_id), id=node_id, other=seen[node_id])
        else:
            seen[node_id] = path


def _applies_to(index: RulesetIndex) -> Iterator[Finding]:
    known = {u.id for u in index.ruleset.unit_types}
    owners = [(info.node.applies_to, info.json_path, info.id) for info in index.nodes]
    owners += [(p.item.applies_to, p.json_path, p.item.id) for p in index.pool_items]
    owners += [(f.fact.applies_to, f.json_path, f.fact.id) for f in index.facts]
    for applies_to, path, node_id in owners:
        for i, unit_type in enumerate(applies_to or ()):
            if unit_type not in known:
                yield make("unknown-unit-type", _at(f"{path}.applies_to[{i}]", node_id), id=unit_type)
    for info in index.nodes:
        if not info.applies_to and info.node.applies_to is not None:
            yield make("criterion-applies-to-none", _at(f"{info.json_path}.applies_to", info.id))


def _groups(index: RulesetIndex) -> Iterator[Finding]:
    """Per unit type: the children applying to it must add up to the group's declared max for it.

    One finding per (declared, children's sum), naming the unit types it concerns; its hint is one
    that fixes it without breaking another unit type.
    """
    for info in index.nodes:
        if info.is_leaf:
            continue
        group = info.node
        for unit_type in group.max_by_unit_type or {}:
            if unit_type not in info.applies_to:
                yield make("max-by-unit-type-not-applicable", _at(f"{info.json_path}.max_by_unit_type", info.id),
                           id=unit_type, known=", ".join(sorted(info.applies_to)))
        sums: dict[tuple[Decimal, Decimal], list[str]] = {}
        for unit_type in sorted(info.applies_to):
            children = sum((_declared(c, unit_type) for c in index.applicable_children(info.id, unit_type)), ZERO)
            sums.setdefault((group.max_for(unit_type), children), []).append(unit_type)
        differ = len({children for _, children in sums}) > 1
        for (declared, children), unit_types in sums.items():
            if group.cap_at_max and declared > children:
                yield make("group-cap-above-sum", _max_path(info, unit_types), cap=fmt(declared),
                           children=fmt(children), unit_types=", ".join(unit_types))
            elif not group.cap_at_max and declared != children:
                yield make("group-sum-mismatch", _max_path(info, unit_types), declared=fmt(declared),
                           children=fmt(children), unit_types=", ".join(unit_types),
                           hint=_group_hint(group, unit_types, declared, children, differ))


def _declared(info: NodeInfo, unit_type: str) -> Decimal:
    return info.node.max_for(unit_type) if not info.is_leaf else info.node.max


def _max_path(info: NodeInfo, unit_types: list[str]) -> Location:
    by_type = info.node.max_by_unit_type or {}
    if len(unit_types) == 1 and unit_types[0] in by_type:
        return _at(f"{info.json_path}.max_by_unit_type.{unit_types[0]}", info.id)
    return _at(f"{info.json_path}.max", info.id)


def _group_hint(group: Group, unit_types: list[str], declared: Decimal, children: Decimal, differ: bool) -> str:
    """What to write so that this unit type adds up, without breaking the others."""
    by_type = group.max_by_unit_type or {}
    if differ or any(t in by_type for t in unit_types):
        entries = ", ".join(f'"{t}": {normalized(children):f}' for t in unit_types)
        return f'khai báo điểm tối đa riêng cho loại đơn vị này: "max_by_unit_type": {{{entries}}}'
    fix = f'sửa "max" thành {fmt(children)}'
    if declared < children:
        fix += f', hoặc khai báo "cap_at_max": true nếu nhóm chỉ được tối đa {fmt(declared)} điểm'
    return fix


def _methods(index: RulesetIndex) -> Iterator[Finding]:
    for info in index.leaves:
        crit = info.node
        where = _at(f"{info.json_path}.method", info.id)
        for problem in crit.method.lint(crit.max):
            yield make(problem.code, where, **problem.params)
        reachable = crit.method.reachable(crit.max)
        if reachable < crit.max:
            yield make("max-unreachable", _at(f"{info.json_path}.max", info.id),
                       max=fmt(crit.max), reachable=fmt(reachable))
        yield from _finer_than_rounding(index, info)
        if crit.unit_may_declare_not_applicable is not None:
            yield from _na_allowance(info)


def _na_allowance(info: NodeInfo) -> Iterator[Finding]:
    """"Không áp dụng" must be an answer the unit can give and the engine can tell apart."""
    where = _at(f"{info.json_path}.unit_may_declare_not_applicable", info.id)
    if info.node.method.appraiser_only:
        yield make("not-applicable-appraiser-only", where)
    elif any(is_na_text(label) for f in info.fields for _, label in f.choices):
        yield make("not-applicable-level-label", where)


#: Method parameters that are points a criterion can be given as they are.
_POINT_KEYS = frozenset({"points", "points_each", "step"})


def _finer_than_rounding(index: RulesetIndex, info: NodeInfo) -> Iterator[Finding]:
    """Points declared with more decimals than ``rounding.criterion_places`` would be rounded by
    the engine but not by the reader of the decision (nor the template): refuse the contradiction."""
    places = index.ruleset.rounding.criterion_places
    declared = [("max", info.node.max)] + list(_point_values(info.node.method.model_dump(), "method"))
    for path, value in declared:
        if normalized(value).as_tuple().exponent < -places:
            yield make("points-finer-than-rounding", _at(f"{info.json_path}.{path}", info.id),
                       value=fmt(value), places=places)
            return


def _point_values(data: Any, path: str) -> Iterator[tuple[str, Decimal]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key in _POINT_KEYS and isinstance(value, Decimal):
                yield f"{path}.{key}", value
            else:
                yield from _point_values(value, f"{path}.{key}")
    elif isinstance(data, (list, tuple)):
        for i, value in enumerate(data):
            yield from _point_values(value, f"{path}[{i}]")


def _scale(index: RulesetIndex) -> Iterator[Finding]:
    rs = index.ruleset
    for i, unit_type in enumerate(rs.unit_types):
        total = index.applicable_max(unit_type.id)
        too_low = total != rs.scale if rs.classification.basis == "points" else total <= 0
        if too_low or total > rs.scale:
            yield make("scale-mismatch", _at(f"$.unit_types[{i}]"),
                       total=f"{fmt(total)} (loại đơn vị {unit_type.id})", scale=fmt(rs.scale))


def _pools(index: RulesetIndex) -> Iterator[Finding]:
    for info in index.pool_items:
        pool = getattr(index.ruleset, info.pool)
        if info.item.points_each > pool.cap:
            yield make("pool-item-above-cap", _at(f"{info.json_path}.points_each", info.item.id),
                       item=info.item.id, points=fmt(info.item.points_each), cap=fmt(pool.cap))
        if info.item.when_above_max_count == "cap" and info.item.max_count is None:
            yield make("pool-item-cap-without-limit", _at(f"{info.json_path}.when_above_max_count", info.item.id),
                       item=info.item.id)


def top_reachable(ruleset: Ruleset) -> Decimal:
    """The highest value the classification basis can take (bonus included when allowed)."""
    top = HUNDRED if ruleset.classification.basis == "percent" else ruleset.scale
    if ruleset.total_may_exceed_scale and ruleset.bonus:
        extra = ruleset.bonus.cap
        top += extra * HUNDRED / ruleset.scale if ruleset.classification.basis == "percent" else extra
    return top


def _bands(index: RulesetIndex) -> Iterator[Finding]:
    bands = index.ruleset.classification.bands
    top = top_reachable(index.ruleset)
    seen: dict[str, str] = {}
    for i, band in enumerate(bands):
        path = f"$.classification.bands[{i}]"
        if band.id in seen:
            yield make("duplicate-id", _at(f"{path}.id"), id=band.id, other=seen[band.id])
        seen.setdefault(band.id, path)
        if band.min > top:
            yield make("band-unreachable", _at(f"{path}.min"), band=band.label, min=fmt(band.min),
                       reachable=fmt(top))
        if band.max is not None and band.max <= band.min:
            yield make("band-coverage", _at(f"{path}.max"), top=fmt(top),
                       reason=f"'{band.label}' có max {fmt(band.max)} ≤ min {fmt(band.min)}")
    if bands[0].max is not None:
        yield make("band-coverage", _at("$.classification.bands[0].max"), top=fmt(top),
                   reason="xếp loại cao nhất không được có 'max' (không giới hạn trên)")
    for i, (upper, lower) in enumerate(zip(bands, bands[1:]), start=1):
        path = _at(f"$.classification.bands[{i}]")
        if lower.max is None or lower.max > upper.min or lower.min >= upper.min:
            yield make("band-overlap", path, a=upper.label, b=lower.label)
        elif lower.max < upper.min:
            yield make("band-gap", path, a=upper.label, b=lower.label, low=fmt(lower.max),
                       high=fmt(upper.min))
    if bands[-1].min != 0:
        yield make("band-coverage", _at(f"$.classification.bands[{len(bands) - 1}].min"), top=fmt(top),
                   reason=f"xếp loại thấp nhất phải bắt đầu từ 0 (đang là {fmt(bands[-1].min)})")


def _gates(index: RulesetIndex) -> Iterator[Finding]:
    for i, gate in enumerate(index.ruleset.classification.gates):
        path = f"$.classification.gates[{i}]"
        if gate.effect in ("cap", "force") and gate.band not in index.band_rank:
            yield make("unknown-class", _at(f"{path}.band"), id=gate.band)
        if gate.effect == "lower" and not gate.levels:
            yield make("schema-violation", _at(f"{path}.levels"),
                       reason="hiệu lực 'lower' cần 'levels' (số bậc bị hạ)")
        yield from _condition(index, gate.when, f"{path}.when")


def _condition(index: RulesetIndex, cond: Condition, path: str) -> Iterator[Finding]:
    if isinstance(cond, (AllCondition, AnyCondition)):
        parts = cond.all if isinstance(cond, AllCondition) else cond.any
        key = "all" if isinstance(cond, AllCondition) else "any"
        for i, part in enumerate(parts):
            yield from _condition(index, part, f"{path}.{key}[{i}]")
    elif isinstance(cond, PointsCondition):
        if cond.points not in index.by_id:
            yield make("unknown-criterion", _at(f"{path}.points"), id=cond.points)
    elif isinstance(cond, InputCondition):
        yield from _input_condition(index, cond, path)


def _input_condition(index: RulesetIndex, cond: InputCondition, path: str) -> Iterator[Finding]:
    if cond.input not in index.input_id_set:
        yield make("unknown-criterion", _at(f"{path}.input"), id=cond.input)
        return
    info = index.by_id.get(cond.input)
    if info is None or not info.is_leaf:
        return
    keys = [f.key for f in info.fields]
    if cond.field is None and len(keys) > 1:
        yield make("unknown-field", _at(f"{path}.field", cond.input), id=cond.input, field="",
                   known=", ".join(keys))
    elif cond.field is not None and cond.field not in keys:
        yield make("unknown-field", _at(f"{path}.field", cond.input), id=cond.input,
                   field=cond.field, known=", ".join(keys))


def _quotas(index: RulesetIndex) -> Iterator[Finding]:
    for i, quota in enumerate(index.ruleset.classification.quotas):
        path = f"$.classification.quotas[{i}]"
        refs = [("band", quota.band), ("demote_to", quota.demote_to)]
        refs += [(f"of_bands[{j}]", b) for j, b in enumerate(quota.of_bands)]
        for key, band in refs:
            if band not in index.band_rank:
                yield make("unknown-class", _at(f"{path}.{key}"), id=band)


def _tie_breakers(index: RulesetIndex) -> Iterator[Finding]:
    for i, breaker in enumerate(index.ruleset.ranking.tie_breakers):
        if breaker.type == "higher_points" and breaker.node not in index.by_id:
            yield make("unknown-criterion", _at(f"$.ranking.tie_breakers[{i}].node"),
                       id=breaker.node or "")
