"""One unit's criteria as the appraiser (and the unit, for its answers) sees them.

The queue, the entry and the recorded change are the workspace's
(:mod:`scoring.workspace.appraisal`); this module only lays out each criterion's line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scoring.rules.words import value_words


@dataclass(frozen=True)
class CriterionLine:
    """One leaf criterion of a unit as the appraiser sees it."""

    id: str
    name: str
    depth: int
    max: Any
    fields: tuple[Any, ...]
    self_value: Any
    evidence: str
    note: str
    self_points: Any
    final_points: Any
    appraisal: Any  # the council's current value, None if unchanged
    reason: str
    explanations: tuple[str, ...]
    not_applicable: bool = False  # the unit (and the council) may answer «Không áp dụng»
    council_only: bool = False  # scored only by the council (appraiser_only): no reason asked

    @property
    def self_shown(self) -> str:
        """The unit's own value in the ruleset's words («Từ 4 lần trở lên», not «4»)."""
        return value_words(self.self_value, self.fields)

    @property
    def appraisal_shown(self) -> str:
        return value_words(self.appraisal, self.fields)

    @property
    def points_shown(self) -> dict[str, str]:
        """The maximum, self and final points as every other surface writes them (``fmt``)."""
        from scoring.core.decimals import fmt

        return {name: "—" if value is None else fmt(value)
                for name, value in (("max", self.max), ("self", self.self_points), ("final", self.final_points))}


def lines(entry: Any) -> tuple[Any, list[CriterionLine]]:
    """The unit's current result (appraisal applied) and one line per applicable leaf criterion."""
    from scoring.rules.index import index_of
    from scoring.workspace.explanations import answers_by_criterion
    from scoring.workspace.results import effective_submission, entry_changes
    from scoring.workspace.rounds import ruleset_of
    from scoring.workspace.uploads import scored

    result = scored(entry.current).result
    answers = effective_submission(entry.round, entry.current).answers  # with the round's facts, as scored
    index = index_of(ruleset_of(entry.round))
    changes = entry_changes(entry)
    told = answers_by_criterion(entry)
    out = []
    for c in result.criteria:
        if not c.applies:
            continue
        info = index.by_id[c.id]
        answer = answers.get(c.id)
        change = changes.get(c.id)
        out.append(CriterionLine(
            c.id, c.name, info.depth, c.max, info.fields, answer.self_value if answer else None,
            (answer.evidence if answer else "") or "", (answer.note if answer else "") or "",
            c.self.points if c.self else None, c.final.points if c.final else None,
            change.after if change else None, change.reason if change else "", tuple(told.get(c.id, ())),
            info.node.unit_may_declare_not_applicable is not None, info.node.method.appraiser_only))
    return result, out
