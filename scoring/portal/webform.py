"""The self-assessment as a web form generated from the ruleset: the same inputs as the workbook.

Each applicable criterion gives its method's input fields, an evidence box and documents to attach
(:mod:`scoring.workspace.evidence`); facts and bonus / deduction items give a Có/Không or a count.
The draft and the submission of the answers are the workspace's (:mod:`scoring.workspace.answers`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scoring.rules.methods.base import InputField


@dataclass(frozen=True)
class Item:
    """One input of the form: a criterion, a fact or a pool item, with its fields."""

    id: str
    name: str
    kind: str  # "criterion" | "fact" | "pool"
    depth: int
    fields: tuple[InputField, ...]
    guidance: str = ""
    #: The criterion's ``unit_may_declare_not_applicable`` (a "Không áp dụng" box and a reason).
    not_applicable: Any = None


def items(ruleset: Any, unit_type: str, late_fact: str = "") -> list[Item]:
    """Every input a unit of ``unit_type`` fills, in the ruleset's order: not the criteria only
    the council scores (``appraiser_only``, as the workbook leaves them out) nor the round's
    ``late_fact``, which the portal sets from the time of submission."""
    from scoring.rules.index import index_of

    index = index_of(ruleset)
    out = [Item(i.id, i.node.name, "criterion", i.depth, i.fields, getattr(i.node, "guidance", "") or "",
                i.node.unit_may_declare_not_applicable)
           for i in index.leaves if i.applies(unit_type) and i.fields and not i.node.method.appraiser_only]
    for fact in index.facts:
        if unit_type in fact.applies_to and fact.fact.id != late_fact:
            kind = "boolean" if fact.fact.kind == "boolean" else "integer"
            label = "Có hay không" if kind == "boolean" else "Số lượng"
            out.append(Item(fact.fact.id, fact.fact.name, "fact", 0, (InputField("value", label, kind),),
                            fact.fact.guidance))
    for item in index.pool_items:
        if unit_type in item.applies_to:
            field = InputField("count", "Số lần", "integer", required=False, default=0)
            out.append(Item(item.item.id, item.item.name, "pool", 0, (field,)))
    return out


def supplied(entry: Any) -> dict[str, str]:
    """Input id → the evidence of the value the round sets there for ``entry``'s unit (its round
    facts, :mod:`scoring.workspace.factsources`): the form says so beside the input, which the
    unit may leave blank (a value it types is replaced, with a warning on its score page)."""
    from scoring.workspace.factsources import entry_facts

    return {fact.criterion: fact.evidence for fact in entry_facts(entry.round, entry.pk)}
