"""The units whose class is not the one their score reaches, and why: the report's section IV.

A unit's score reaches a class (its band before gates and quotas, :attr:`RankedUnit.score_band`);
a gate (a complaint, a disciplined head, a late submission in a round), a quota or "not
classified" may give it another.  :func:`exceptions` lists every such unit once, in ranking
order, with the reasons that apply to it, so that every report (docx §IV, the HTML page,
``ket-qua.json``) says the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring.engine.ranking import RankedUnit, Ranking


@dataclass(frozen=True)
class ClassException:
    """One unit whose class differs from its score's class."""

    unit: RankedUnit
    #: The class the score reaches (before gates and quotas).
    score_band: str
    #: The class the unit holds (after gates and quotas), or the "not classified" label.
    band: str
    #: Each reason once, gates first (the ruleset's wording), then the quota's arithmetic.
    reasons: tuple[str, ...]

    @property
    def classified(self) -> bool:
        return self.unit.classified


def exceptions(ranking: Ranking) -> list[ClassException]:
    """Every unit not classified, lowered (or raised) by a gate, or moved by a quota."""
    found = []
    for unit in ranking.overall:
        moved = unit.demotion is not None
        if unit.classified and not moved and unit.band_label == unit.score_band:
            continue
        if not unit.score_band:  # a ruleset without classes: nothing to differ from
            continue
        reasons = list(unit.result.final.gate_reasons)
        if unit.demotion is not None:
            reasons.append(unit.demotion.reason)
        found.append(ClassException(unit, unit.score_band, unit.band_label, tuple(dict.fromkeys(reasons))))
    return found
