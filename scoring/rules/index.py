"""A flat, precomputed view of a ruleset's tree, shared by lint, the engine, templates and reports.

Built once per ruleset (:func:`index_of` caches it): every node with its parent chain, JSON path,
effective unit types and, for leaves, the input fields of its method.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Iterator

from scoring.core.identity_cache import per_object
from scoring.rules.fingerprint import fingerprint
from scoring.rules.methods import InputField
from scoring.rules.models import Criterion, Fact, Group, Node, PoolItem, Ruleset


@dataclass(frozen=True)
class NodeInfo:
    """A group or criterion in tree order, with what the tree implies about it."""

    node: Group | Criterion
    json_path: str
    depth: int
    parent: str | None
    applies_to: frozenset[str]  # effective: own ∩ every ancestor's
    fields: tuple[InputField, ...] = ()
    # Derived once here because the engine reads them for every node of every submission.
    id: str = field(init=False)
    is_leaf: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "id", self.node.id)
        object.__setattr__(self, "is_leaf", isinstance(self.node, Criterion))

    def applies(self, unit_type: str) -> bool:
        return unit_type in self.applies_to


@dataclass(frozen=True)
class PoolItemInfo:
    item: PoolItem
    pool: str  # "bonus" | "deductions"
    json_path: str
    applies_to: frozenset[str]


@dataclass(frozen=True)
class FactInfo:
    fact: Fact
    json_path: str
    applies_to: frozenset[str]


@dataclass
class RulesetIndex:
    ruleset: Ruleset
    nodes: list[NodeInfo] = field(default_factory=list)
    by_id: dict[str, NodeInfo] = field(default_factory=dict)
    pool_items: list[PoolItemInfo] = field(default_factory=list)
    facts: list[FactInfo] = field(default_factory=list)
    band_rank: dict[str, int] = field(default_factory=dict)
    child_map: dict[str | None, list[NodeInfo]] = field(default_factory=dict)
    _applicable: dict[tuple[str | None, str], list[NodeInfo]] = field(default_factory=dict)

    @cached_property
    def fingerprint(self) -> str:
        return fingerprint(self.ruleset)

    @cached_property
    def leaves(self) -> list[NodeInfo]:
        return [info for info in self.nodes if info.is_leaf]

    @cached_property
    def leaf_labels(self) -> dict[str, dict[str, str]]:
        """Per leaf id: field key → Vietnamese label (for messages)."""
        return {info.id: {f.key: f.label for f in info.fields} for info in self.leaves}

    def applicable_children(self, node_id: str | None, unit_type: str) -> list[NodeInfo]:
        """Children of ``node_id`` (None: the top level) that apply to ``unit_type``; cached."""
        key = (node_id, unit_type)
        hit = self._applicable.get(key)
        if hit is None:
            hit = [c for c in self.children(node_id) if c.applies(unit_type)]
            self._applicable[key] = hit
        return hit

    def children(self, node_id: str | None) -> list[NodeInfo]:
        return self.child_map.get(node_id, [])

    @cached_property
    def input_id_set(self) -> frozenset[str]:
        """:meth:`input_ids`, computed once."""
        return frozenset(self.input_ids())

    @cached_property
    def unit_type_ids(self) -> frozenset[str]:
        return frozenset(u.id for u in self.ruleset.unit_types)

    @cached_property
    def pool_and_fact_scopes(self) -> tuple[tuple[str, frozenset[str]], ...]:
        """(id, unit types it applies to) of every pool item, then every fact."""
        return tuple([(p.item.id, p.applies_to) for p in self.pool_items]
                     + [(f.fact.id, f.applies_to) for f in self.facts])

    def input_ids(self) -> set[str]:
        """Every id a submission may answer: leaves, pool items and facts."""
        ids = {info.id for info in self.leaves}
        ids.update(p.item.id for p in self.pool_items)
        ids.update(f.fact.id for f in self.facts)
        return ids

    def applicable_max(self, unit_type: str) -> Decimal:
        """The unit type's maximum before any per-submission N/A (sum of top-level maxima)."""
        return sum((self._node_max(info, unit_type) for info in self.children(None)), Decimal(0))

    def node_max(self, node_id: str, unit_type: str) -> Decimal:
        """The maximum node ``node_id`` gives a unit of ``unit_type`` (0 where it does not apply)."""
        return self._node_max(self.by_id[node_id], unit_type)

    def _node_max(self, info: NodeInfo, unit_type: str) -> Decimal:
        if not info.applies(unit_type):
            return Decimal(0)
        if info.is_leaf:
            return info.node.max
        total = sum((self._node_max(c, unit_type) for c in self.children(info.id)), Decimal(0))
        return min(total, info.node.max_for(unit_type)) if info.node.cap_at_max else total


def _walk(nodes: tuple[Node, ...], path: str, depth: int, parent: str | None,
          allowed: frozenset[str]) -> Iterator[NodeInfo]:
    for i, node in enumerate(nodes):
        node_path = f"{path}[{i}]"
        applies = allowed & frozenset(node.applies_to) if node.applies_to is not None else allowed
        if isinstance(node, Group):
            yield NodeInfo(node, node_path, depth, parent, applies)
            yield from _walk(node.children, f"{node_path}.children", depth + 1, node.id, applies)
        else:
            yield NodeInfo(node, node_path, depth, parent, applies, node.method.fields(node.max))


def build_index(ruleset: Ruleset) -> RulesetIndex:
    everyone = frozenset(u.id for u in ruleset.unit_types)
    index = RulesetIndex(ruleset)
    index.nodes = list(_walk(ruleset.criteria, "$.criteria", 0, None, everyone))
    for info in index.nodes:
        index.by_id.setdefault(info.id, info)
        index.child_map.setdefault(info.parent, []).append(info)
    for name in ("bonus", "deductions"):
        pool = getattr(ruleset, name)
        for i, item in enumerate(pool.items if pool else ()):
            applies = everyone & frozenset(item.applies_to) if item.applies_to is not None else everyone
            index.pool_items.append(PoolItemInfo(item, name, f"$.{name}.items[{i}]", applies))
    for i, fact in enumerate(ruleset.facts):
        applies = everyone & frozenset(fact.applies_to) if fact.applies_to is not None else everyone
        index.facts.append(FactInfo(fact, f"$.facts[{i}]", applies))
    index.band_rank = {band.id: i for i, band in enumerate(ruleset.classification.bands)}
    return index


@per_object
def index_of(ruleset: Ruleset) -> RulesetIndex:
    """The (cached) index of ``ruleset``; rulesets are frozen, so the index never goes stale."""
    return build_index(ruleset)
