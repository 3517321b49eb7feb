"""The round's roll for its publication: the roster's units without a counted submission, the
late ones (each with its own deadline: the round's, or the office's extension), the deadline,
the office's extensions and waivers, and how many counted units the council's appraisal changed.

The units come from :mod:`scoring.workspace.status` (the queries ``dvk round status`` counts
with); the reports print the :class:`~scoring.reports.roll.RoundRoll` this returns and compute nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scoring.reports.roll import RoundRoll

def round_roll(round_) -> RoundRoll:
    """The roll of ``round_`` now (see the module doc)."""
    from scoring.reports.roll import (
        MISSING_LABEL,
        REFUSED_LABEL,
        ExcusedUnit,
        LateUnit,
        RollUnit,
        RoundRoll,
    )
    from scoring.workspace.lateness import allowances
    from scoring.workspace.rounds import block_names, deadline, shown_time
    from scoring.workspace.status import late_units, missing_units

    names = block_names(round_)
    due = deadline(round_)
    due_text = shown_time(due) if due is not None else None
    unsent = {m.code for m in missing_units(round_, names)}
    missing = tuple(RollUnit(m.code, m.name, m.block_name, MISSING_LABEL if m.code in unsent else REFUSED_LABEL)
                    for m in missing_units(round_, names, counted=True))
    late = tuple(LateUnit(u.code, u.name, u.block_name, shown_time(u.received_at), _due_text(u.due, due_text))
                 for u in late_units(round_, names))
    excused = tuple(ExcusedUnit(a.code, a.name, a.block, a.label, a.reason,
                                shown_time(a.received_at) if a.received_at else "")
                    for a in allowances(round_, names))
    return RoundRoll(missing, late, due_text, _changed_units(round_), excused, round_.has_appraisal)


def _due_text(own, due_text: str | None) -> str:
    """A late unit's deadline as text: its extension's, else the round's."""
    from scoring.workspace.rounds import shown_time

    return shown_time(own) if own is not None else due_text or ""



def _changed_units(round_) -> int:
    """Counted units (a current submission) with a council change: the entries
    :func:`~scoring.workspace.results.council_changes` returns, counted by one query."""
    from scoring.workspace.models import AppraisalChange

    changes = AppraisalChange.objects.filter(round=round_, entry__current__isnull=False)
    return changes.values("entry").distinct().count()
