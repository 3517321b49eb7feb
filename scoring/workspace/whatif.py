"""A round's counted submissions, as the round scores them now (lateness fact, the council's latest
appraisal values), for :func:`scoring.jobs.whatif.what_if` under a draft ruleset."""

from __future__ import annotations

from scoring.jobs.whatif import Source
from scoring.rules.models import Ruleset
from scoring.workspace.results import (
    appraisal_of,
    council_changes,
    effective_submission,
)


def round_sources(round_code: str | None = None) -> tuple[Ruleset, list[Source]]:
    """The round's ruleset and one :class:`~scoring.jobs.whatif.Source` per unit with a counted submission."""
    from scoring.workspace.factsources import round_facts
    from scoring.workspace.models import RosterEntry
    from scoring.workspace.rounds import find_round, ruleset_of

    round_ = find_round(round_code)
    council = council_changes(round_)
    supplied = round_facts(round_)
    entries = (RosterEntry.objects.filter(round=round_, current__isnull=False)
               .select_related("current").order_by("unit__code"))
    sources = [Source(entry.current.original_name,
                      effective_submission(round_, entry.current, appraisal_of(council.get(entry.id, {})),
                                           supplied.get(entry.id, ())))
               for entry in entries]
    return ruleset_of(round_), sources
