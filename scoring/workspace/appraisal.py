"""The council's appraisal in the round: the queue, one unit's entry, recorded changes.

A change is checked by the engine first (the same findings as a workbook's appraisal column) and
recorded by :func:`record_changes`, the one way a council change is kept, whether typed in the
portal (:func:`record`) or read from the council's workbook
(:func:`~scoring.workspace.appraisal_import.import_appraisal`): an ``AppraisalChange`` row (the
latest per criterion counts) with its pass number and its audit entry, in the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from scoring.core.findings import DvkError, Location, make
from scoring.workspace.store import now

#: Where a change typed in the portal comes from (a workbook's changes name the file).
PORTAL_SOURCE = "cổng thông tin"
#: The states in which the council's changes are taken: appraisal, and a published round
#: reopened for a correction (:mod:`scoring.workspace.correction`).
APPRAISING = ("appraisal", "correction")


@dataclass(frozen=True)
class CouncilChange:
    """One council value to record for a roster entry's criterion."""

    entry_id: int
    unit: str  # the unit's code, for the audit entry
    criterion_id: str
    before: Any
    after: Any
    reason: str


def queue(round_: Any) -> list[Any]:
    """The roster entries with a counted submission, by block and code (what the council appraises),
    each with how many evidence documents (``documents``) and answers (``explained``) it has."""
    from django.db.models import Count, Q

    return list(round_.roster.filter(current__isnull=False).select_related("current", "unit")
                .annotate(documents=Count("evidence_documents", filter=Q(evidence_documents__removed=False),
                                          distinct=True),
                          explained=Count("explanations", distinct=True))
                .order_by("block", "unit__code"))


def entry_of(round_: Any, pk: int) -> Any | None:
    """The round's roster entry ``pk`` if it has a counted submission (what the council may appraise)."""
    return round_.roster.filter(pk=pk, current__isnull=False).select_related("current", "unit").first()


def appraisal_pass(round_: Any) -> int:
    """1 for the first appraisal, 2 once the round has been back from explanations; a correction's
    changes come after both (2 + the correction's number), so they count over every earlier pass."""
    if round_.state == "correction":
        return 2 + round_.corrections.count()
    return 2 if round_.audit.filter(action="state-changed", before="explanations").exists() else 1


def record_changes(round_: Any, changes: Sequence[CouncilChange], who: str, source: str,
                   at: dt.datetime | None = None) -> int:
    """Record the council's ``changes`` in the locked ``round_`` (inside the caller's transaction):
    one ``AppraisalChange`` and one audit entry each, with the round's pass number; return it."""
    from scoring.workspace.models import AppraisalChange, AuditEntry

    pass_no, at = appraisal_pass(round_), at or now()
    AppraisalChange.objects.bulk_create([
        AppraisalChange(round=round_, entry_id=c.entry_id, criterion_id=c.criterion_id, before=c.before,
                        after=c.after, reason=c.reason, pass_no=pass_no, source=source, actor=who, at=at)
        for c in changes])
    AuditEntry.objects.bulk_create([
        AuditEntry(round=round_, at=at, actor=who, action="appraisal-changed",
                   target=f"{c.unit} / {c.criterion_id}", before=c.before,
                   after={"value": c.after, "reason": c.reason, "pass": pass_no, "source": source})
        for c in changes])
    return pass_no


def record(entry: Any, criterion_id: str, value: Any, reason: str, who: str) -> Any:
    """Set the council's value of one criterion with its reason; return the new result.

    Refused (``DvkError``) unless the round is in appraisal, the reason is given (a criterion
    only the council scores needs none: its value is the council's own score, not a change to the
    unit's) and the engine accepts the value (e.g. not above the criterion's maximum).
    """
    from django.db import transaction

    from scoring.workspace.results import entry_changes
    from scoring.workspace.rounds import require_state

    where = Location(criterion_id=criterion_id, field="ly_do")
    reason = reason.strip()
    if not reason and not council_only(entry.round, criterion_id):
        raise DvkError([make("appraisal-reason-missing", where)])
    if not known_criterion(entry.round, criterion_id):
        raise DvkError([make("appraisal-unknown-criterion", where, id=criterion_id)])
    with transaction.atomic():
        round_ = type(entry.round).objects.select_for_update().get(pk=entry.round_id)
        require_state(round_, APPRAISING, "thẩm định")
        changes = entry_changes(entry)
        before = changes.get(criterion_id)
        result = _check(entry, changes, criterion_id, value, reason)
        record_changes(round_, [CouncilChange(entry.pk, entry.unit.code, criterion_id,
                                              before.after if before else None, value, reason)],
                       who, PORTAL_SOURCE)
    return result


def known_criterion(round_: Any, criterion_id: str) -> bool:
    """Whether ``criterion_id`` is a leaf criterion of the round's ruleset (one the council may set)."""
    from scoring.rules.index import index_of
    from scoring.workspace.rounds import ruleset_of

    info = index_of(ruleset_of(round_)).by_id.get(criterion_id)
    return info is not None and info.is_leaf


def council_only(round_: Any, criterion_id: str) -> bool:
    """Whether ``criterion_id`` is scored only by the council (``appraiser_only``): its value needs no reason."""
    from scoring.rules.index import index_of
    from scoring.workspace.rounds import ruleset_of

    info = index_of(ruleset_of(round_)).by_id.get(criterion_id)
    return info is not None and info.is_leaf and info.node.method.appraiser_only


def _check(entry: Any, changes: dict[str, Any], criterion_id: str, value: Any, reason: str) -> Any:
    """The result with ``value`` as the council's, beside its ``changes`` that count now; refuse
    it if the engine finds it wrong."""
    from scoring.workspace.results import appraisal_of, score_submission
    from scoring.workspace.rounds import ruleset_of

    values = {**appraisal_of(changes), criterion_id: (value, reason)}
    result = score_submission(ruleset_of(entry.round), entry.round, entry.current, values)
    wrong = [f for f in result.findings if f.is_error and f.location.criterion_id == criterion_id
             and f.location.stage in (None, "appraisal")]
    if wrong:
        raise DvkError(wrong)
    return result
