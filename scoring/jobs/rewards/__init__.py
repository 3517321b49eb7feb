"""The emulation hand-off: who is proposed for which reward, with the reason for each unit,
each person and each exclusion (for the Hội đồng thi đua - khen thưởng).

:func:`propose_rewards` is a pure function of a ruleset's ``rewards`` rules, a
:class:`~scoring.engine.ranking.Ranking` and, for individuals, a model register.  Rules are checked in
the declared order (the highest reward first); a unit or person gets the first rule it meets.
For each rule and block, every unit not yet proposed is either proposed or excluded with the
first condition it fails.  When a per-block limit falls inside a tie, the tied units are
excluded for the council to decide (``ties_at_limit: "exclude"``) or all proposed ("include").
"""

from __future__ import annotations

from typing import Any

from scoring.engine.proposal import Entry, RewardProposal
from scoring.engine.ranking import Ranking
from scoring.jobs.rewards.collective import collectives
from scoring.jobs.rewards.individual import individuals
from scoring.rules.models import Ruleset

__all__ = ["Entry", "RewardProposal", "propose_rewards"]


def propose_rewards(ruleset: Ruleset, ranking: Ranking, models: Any = None) -> RewardProposal | None:
    """The reward proposal of a ranked round (None when the ruleset declares no reward rules).

    ``models``: a :class:`scoring.models_dvk.model.Register`; without it no individual is considered.
    """
    if ruleset.rewards is None:
        return None
    bands = {b.id: b.label for b in ruleset.classification.bands}
    taken: set[tuple[str, str | None]] = set()
    entries: list[Entry] = []
    for rule in ruleset.rewards.rules:
        if rule.subject == "collective":
            entries += collectives(rule, ranking, bands, taken, ranking.basis)
        elif models is not None:
            entries += individuals(rule, ranking, models, bands, taken)
    return RewardProposal(ruleset.rewards.label, ruleset.rewards.note, ranking.basis, tuple(entries))
