"""A round's results now: every counted submission scored again from what was stored, with the
round's lateness fact and the council's latest appraisal values, and the refused files.

Scoring from the stored submission (not the workbook) takes milliseconds per unit, and makes every
number traceable: a stored file (its content hash) plus logged appraisal changes.
"""

from __future__ import annotations

from dataclasses import fields as dc_fields
from typing import Any

from scoring.intake.batch import Batch, Rejected
from scoring.engine.score import score
from scoring.core.findings import Finding, Location
from scoring.engine.result import Result
from scoring.rules.models import Ruleset
from scoring.workspace.evaluate import effective, from_data

_LOCATION_FIELDS = tuple(f.name for f in dc_fields(Location))


def finding_from(data: dict[str, Any]) -> Finding:
    """A stored finding (``Finding.to_dict()``) as a Finding again."""
    location = Location(**{k: data[k] for k in _LOCATION_FIELDS if data.get(k) is not None})
    return Finding(data["code"], data["severity"], data["message"], location)


def current_appraisal(round_, pass_no: int | None = None) -> dict[int, dict[str, Any]]:
    """Roster entry id → criterion id → the latest appraisal value (up to ``pass_no`` if given)."""
    from scoring.workspace.models import AppraisalChange

    changes = AppraisalChange.objects.filter(round=round_)
    if pass_no is not None:
        changes = changes.filter(pass_no__lte=pass_no)
    values: dict[int, dict[str, Any]] = {}
    for entry, criterion, after in changes.order_by("id").values_list("entry_id", "criterion_id", "after"):
        values.setdefault(entry, {})[criterion] = after
    return values


def unit_result(ruleset: Ruleset, round_, submission, appraisal: dict[str, Any] | None) -> Result:
    """One counted submission scored with the round's facts and the given appraisal values."""
    read = from_data(submission.data)
    return score(ruleset, effective(read, round_.late_fact or None, submission.late, appraisal),
                 source=submission.original_name)


def round_results(round_) -> tuple[Ruleset, Batch]:
    """The round's ruleset and its batch: counted units (scored now) and refused files."""
    from scoring.workspace.models import RosterEntry, Submission
    from scoring.workspace.rounds import ruleset_of

    ruleset = ruleset_of(round_)
    appraisal = current_appraisal(round_)
    accepted: list[Result] = []
    rejected: list[Rejected] = []
    entries = (RosterEntry.objects.filter(round=round_, current__isnull=False)
               .select_related("current").order_by("unit__code"))
    for entry in entries:
        result = unit_result(ruleset, round_, entry.current, appraisal.get(entry.id))
        if result.ok:
            accepted.append(result)
        else:  # an appraisal value the method refuses: shown as a refused unit, never silently
            ordered = tuple(sorted(result.findings, key=lambda f: not f.is_error))
            rejected.append(Rejected(result.source or "", ordered, result.unit_code, result.unit_name))
    taken = set(Submission.objects.filter(round=round_).exclude(status="rejected").values_list("file_id", flat=True))
    refused = Submission.objects.filter(round=round_, status="rejected").order_by("id")
    rows = refused.values_list("original_name", "unit_code", "findings", "file_id", "channel")
    for name, code, findings, sha, channel in rows:
        if sha not in taken:
            # a portal upload was read from a temporary folder: name it as the unit knows it
            located = [{**f, "file": name} if channel == "portal" else f for f in findings]
            rejected.append(Rejected(name, tuple(finding_from(f) for f in located), code or None))
    files = tuple(r.source or "" for r in accepted) + tuple(r.file for r in rejected)
    return ruleset, Batch(files, tuple(accepted), tuple(rejected), year=round_.year)
