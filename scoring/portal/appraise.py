"""The council's appraisal in the portal: the queue, one unit's criteria, one recorded change.

A change is checked by the engine first (the same findings as a workbook's appraisal column) and
recorded as the workspace records appraisal: an ``AppraisalChange`` row (the latest per criterion
counts) and its audit entry, in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scoring.core.findings import DvkError, Location, make


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
    return round_.roster.filter(pk=pk, current__isnull=False).select_related("current", "unit").first()


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

    @property
    def self_shown(self) -> str:
        return shown(self.self_value)

    @property
    def appraisal_shown(self) -> str:
        return shown(self.appraisal)


def shown(value: Any) -> str:
    """An entered value as a person reads it: Có/Không, decimal comma, fields by name."""
    from decimal import Decimal

    from scoring.core.decimals import fmt

    if value is None:
        return "—"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, (Decimal, int, float)):
        return fmt(Decimal(str(value)))
    if isinstance(value, dict):
        return "; ".join(f"{k}: {shown(v)}" for k, v in value.items())
    return str(value)


def lines(entry: Any) -> tuple[Any, list[CriterionLine]]:
    """The unit's current result (appraisal applied) and one line per applicable leaf criterion."""
    from scoring.portal.submit import scored
    from scoring.rules.index import index_of
    from scoring.workspace.results import entry_changes, stored_submission
    from scoring.workspace.rounds import ruleset_of

    result = scored(entry.current).result
    answers = stored_submission(entry.current).answers
    index = index_of(ruleset_of(entry.round))
    changes = entry_changes(entry)
    told = {}
    for e in entry.explanations.order_by("at", "id"):
        told.setdefault(e.criterion_id, []).append(e.text)
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
            info.node.unit_may_declare_not_applicable is not None))
    return result, out


def record(entry: Any, criterion_id: str, value: Any, reason: str, who: str) -> Any:
    """Set the council's value of one criterion with its reason; return the new result.

    Refused (``DvkError``) unless the round is in appraisal, the reason is given and the engine
    accepts the value (e.g. not above the criterion's maximum).
    """
    from django.db import transaction

    from scoring.workspace.models import AppraisalChange
    from scoring.workspace.results import entry_changes
    from scoring.workspace.rounds import require_state
    from scoring.workspace.store import audit, now

    where = Location(criterion_id=criterion_id, field="ly_do")
    if not reason.strip():
        raise DvkError([make("appraisal-reason-missing", where)])
    if not _known(entry, criterion_id):
        raise DvkError([make("appraisal-unknown-criterion", where, id=criterion_id)])
    with transaction.atomic():
        round_ = type(entry.round).objects.select_for_update().get(pk=entry.round_id)
        require_state(round_, ("appraisal",), "thẩm định")
        before = entry_changes(entry).get(criterion_id)
        result = _check(entry, criterion_id, value, reason.strip())
        AppraisalChange.objects.create(
            round=round_, entry=entry, criterion_id=criterion_id, before=before.after if before else None,
            after=value, reason=reason.strip(), pass_no=_pass(round_), source="cổng thông tin", actor=who,
            at=now())
        audit(round_, who, "appraisal-changed", f"{entry.unit.code} {criterion_id}",
              before=before.after if before else None, after={"value": value, "reason": reason.strip()})
    return result


def _known(entry: Any, criterion_id: str) -> bool:
    from scoring.rules.index import index_of
    from scoring.workspace.rounds import ruleset_of

    info = index_of(ruleset_of(entry.round)).by_id.get(criterion_id)
    return info is not None and info.is_leaf


def _pass(round_: Any) -> int:
    """1 for the first appraisal, 2 once the round has been back from explanations."""
    return 2 if round_.audit.filter(action="state-changed", before="explanations").exists() else 1


def _check(entry: Any, criterion_id: str, value: Any, reason: str) -> Any:
    """The result with ``value`` as the council's; refuse it if the engine finds it wrong."""
    from scoring.workspace.results import appraisal_of, entry_changes, score_submission
    from scoring.workspace.rounds import ruleset_of

    values = {**appraisal_of(entry_changes(entry)), criterion_id: (value, reason)}
    result = score_submission(ruleset_of(entry.round), entry.round, entry.current, values)
    wrong = [f for f in result.findings if f.is_error and f.location.criterion_id == criterion_id
             and f.location.stage in (None, "appraisal")]
    if wrong:
        raise DvkError(wrong)
    return result
