"""THE lateness rule alone, without what applies it (:mod:`scoring.workspace.lateness`): what a
score depends on (:mod:`scoring.workspace.duestate`, read by the one scoring) imports it from here
and no import cycle runs through the scoring."""

from __future__ import annotations

import datetime as dt


def late_at(received: dt.datetime, due: dt.datetime | None, waived: bool) -> bool:
    """THE rule: received after ``due`` (the unit's deadline; None: no deadline) and not waived."""
    return due is not None and received > due and not waived
