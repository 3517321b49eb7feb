"""The values a round sets in its units' submissions from what the workspace knows, not the file.

A round can know a criterion's value better than the unit that typed it: how many of its
fixed-date documents came late or not at all (:mod:`scoring.workspace.duestate`), and, as the
round's sources grow, the unit's models in the register or a lower office's published result.
Each such source is a *provider*: a function ``(round_, entry_ids) -> {entry id: RoundFact}``
listed in :func:`scoring.workspace.factsources.providers`, which gathers them all;
:func:`scoring.workspace.results.effective_submission` sets them — so the score, the portal's
pages, the what-if and the publication take the same values from one place.  (This module holds
only the value type, so providers can import it without importing each other.)

The lateness fact is not here: it belongs to a submission (its file came late), not to the unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable


@dataclass(frozen=True)
class RoundFact:
    """An input's value the round sets for one unit, and the evidence text saying what it rests on.

    ``criterion``: the input id (a criterion's or a fact's); ``value``: the self value as the
    method takes it (a number, a boolean, a mapping of kind ids to counts…).
    """

    criterion: str
    value: Any
    evidence: str


def as_values(facts: Iterable[RoundFact]) -> tuple[dict[str, Any], dict[str, str]]:
    """(input id → value, input id → evidence) of ``facts``, as the engine's ``with_values`` takes them."""
    values: dict[str, Any] = {}
    evidence: dict[str, str] = {}
    for fact in facts:
        values[fact.criterion], evidence[fact.criterion] = fact.value, fact.evidence
    return values, evidence
