"""A round's results now: the one scoring of a stored submission, and every counted unit so scored.

A counted submission is scored again from what was read when it was collected (never from the
workbook), with the round's lateness fact and the council's appraisal: for each input, the
change that counts is the latest in the declared order — by pass (the second appraisal, after
the units' explanations, overrides the first), then in the order the changes were recorded.  Its
reason becomes the answer's "Ý kiến thẩm định".  The findings are those stored at collection
(the reader's, located at their cells, and the lateness warning) with the engine's findings of
this scoring in place of the stored engine findings.

Every surface that shows a unit's points — the unit's score page, the appraiser's page, the
office status, the leadership dashboard, what-if, the appraisal sheet's check and the
publication — calls :func:`score_submission` or :func:`round_results`; every surface that shows
a unit's class or rank in the round calls :func:`round_ranking` or :func:`class_in_round` (the
class after gates and after the ruleset's quotas, as the publication prints it).
"""

from __future__ import annotations

from dataclasses import fields as dc_fields
from dataclasses import replace
from typing import Any, Mapping

from scoring.core.findings import Finding, Location
from scoring.engine.ranking import Ranking
from scoring.engine.result import Result
from scoring.engine.submission import Submission, with_values
from scoring.intake.batch import Batch, Rejected
from scoring.rules.models import Ruleset
from scoring.workspace.roundfacts import RoundFact

_LOCATION_FIELDS = tuple(f.name for f in dc_fields(Location))
#: The council's appraisal of one unit: input id → (value, reason).
Appraisal = Mapping[str, tuple[Any, "str | None"]]


def finding_from(data: Mapping[str, Any], file: str | None = None) -> Finding:
    """A stored finding (``Finding.to_dict()``) as a Finding again (naming ``file`` if given)."""
    location = Location(**{k: data[k] for k in _LOCATION_FIELDS if data.get(k) is not None})
    if file is not None:
        location = Location(**{**vars(location), "file": file})
    return Finding(data["code"], data["severity"], data["message"], location)


def council_changes(round_, entry=None, pass_no: int | None = None,
                    related: tuple[str, ...] = ()) -> dict[int, dict[str, Any]]:
    """Roster entry id → input id → the ``AppraisalChange`` that counts now (of one ``entry``
    only, when given; up to ``pass_no`` when given), in the declared order of the module doc;
    ``related``: relations to load with each change (``select_related``)."""
    from scoring.workspace.models import AppraisalChange

    changes = AppraisalChange.objects.filter(round=round_)
    if entry is not None:
        changes = changes.filter(entry=entry)
    if pass_no is not None:
        changes = changes.filter(pass_no__lte=pass_no)
    latest: dict[int, dict[str, Any]] = {}
    for change in changes.select_related(*related).order_by("pass_no", "id"):
        latest.setdefault(change.entry_id, {})[change.criterion_id] = change
    return latest


def entry_changes(entry) -> dict[str, Any]:
    """Input id → the ``AppraisalChange`` that counts now, of one roster entry."""
    return council_changes(entry.round, entry=entry).get(entry.id, {})


def appraisal_of(changes: Mapping[str, Any]) -> dict[str, tuple[Any, str | None]]:
    """The council's appraisal (value, reason) from the changes that count."""
    return {input_id: (change.after, change.reason or None) for input_id, change in changes.items()}


def stored_submission(submission) -> Submission:
    """The submission as read at collection (``Submission.data`` of the workspace)."""
    return Submission.model_validate(submission.data)


def effective_submission(round_, submission, appraisal: Appraisal | None = None,
                         facts: tuple[RoundFact, ...] | None = None) -> Submission:
    """The stored submission with the round's facts — its lateness fact, and the values the round
    knows for the unit (:mod:`scoring.workspace.roundfacts`: the count of its fixed-date documents
    late and missing…) with the evidence they rest on — and the council's appraisal set.
    ``facts``: that unit's round facts when the caller read the round's at once (read here when None)."""
    return _set(round_, submission, stored_submission(submission), appraisal, _facts(round_, submission, facts))


def _facts(round_, submission, facts: tuple[RoundFact, ...] | None) -> tuple[RoundFact, ...]:
    from scoring.workspace.factsources import entry_facts

    return entry_facts(round_, submission.entry_id) if facts is None else facts


def _set(round_, submission, stored: Submission, appraisal: Appraisal | None,
         facts: tuple[RoundFact, ...]) -> Submission:
    from scoring.workspace.roundfacts import as_values

    late = {round_.late_fact: True} if submission.late and round_.late_fact else {}
    values, evidence = as_values(facts)
    return with_values(stored, {**late, **values} or None, appraisal, evidence or None)


def score_submission(ruleset: Ruleset, round_, submission, appraisal: Appraisal | None = None,
                     facts: tuple[RoundFact, ...] | None = None) -> Result:
    """The one scoring of a stored submission now (see the module doc); ``appraisal``: the
    council's values for this unit (:func:`appraisal_of`), none when not given; ``facts``:
    as :func:`effective_submission` takes them.  A value the unit typed where the round sets
    another is told in an ``input-set-by-round`` warning (:mod:`scoring.engine.supplied`)."""
    from scoring.engine.score import score
    from scoring.engine.supplied import replaced_inputs
    from scoring.workspace.roundfacts import as_values

    stored, facts = stored_submission(submission), _facts(round_, submission, facts)
    result = score(ruleset, _set(round_, submission, stored, appraisal, facts), source=submission.original_name)
    replaced = replaced_inputs(ruleset, stored, *as_values(facts)) if facts else ()
    return replace(result, findings=_findings(submission, replaced + result.findings))


def _findings(submission, engine: tuple[Finding, ...]) -> tuple[Finding, ...]:
    """The stored findings, with this scoring's engine findings in place of the stored ones (which
    keep the cell they were located at when the engine says the same again)."""
    from scoring.engine.codes import ENGINE_CODES

    name = submission.original_name
    stored = [finding_from(f, name) for f in submission.findings or ()]
    located = {_key(f): f for f in stored if f.code in ENGINE_CODES}
    # the same finding at the same input saying another value (the council's, the round's) now
    places = {_key(f)[:-1]: f.location for f in stored if f.code in ENGINE_CODES}
    kept = [f for f in stored if f.code not in ENGINE_CODES]
    now = [located.get(_key(f)) or _placed(f, places.get(_key(f)[:-1]), name) for f in engine]
    return tuple(kept + now)


def _placed(f: Finding, where: Location | None, name: str) -> Finding:
    return replace(f, location=where) if where is not None else f.located(file=name)


def _key(f: Finding) -> tuple[Any, ...]:
    loc = f.location
    return (f.code, loc.criterion_id, loc.stage, loc.field, f.message)


def round_results(round_) -> tuple[Ruleset, Batch]:
    """The round's ruleset and its batch: counted units (scored now) and refused files.

    A unit whose stored submission the council's values make unscorable (a value the method
    refuses) is refused, with the engine's reasons: shown, never ranked, never dropped silently.
    """
    from scoring.workspace.factsources import round_facts
    from scoring.workspace.models import RosterEntry
    from scoring.workspace.models import Submission as Stored
    from scoring.workspace.rounds import ruleset_of

    ruleset = ruleset_of(round_)
    council = council_changes(round_)
    supplied = round_facts(round_)
    accepted: list[Result] = []
    rejected: list[Rejected] = []
    entries = (RosterEntry.objects.filter(round=round_, current__isnull=False)
               .select_related("current").order_by("unit__code"))
    for entry in entries:
        result = score_submission(ruleset, round_, entry.current, appraisal_of(council.get(entry.id, {})),
                                  supplied.get(entry.id, ()))
        if result.ok:
            accepted.append(result)
        else:
            ordered = tuple(sorted(result.findings, key=lambda f: not f.is_error))
            rejected.append(Rejected(result.source or "", ordered, result.unit_code, result.unit_name))
    taken = set(Stored.objects.filter(round=round_).exclude(status="rejected").values_list("file_id", flat=True))
    refused = Stored.objects.filter(round=round_, status="rejected").order_by("id")
    for name, code, findings, sha in refused.values_list("original_name", "unit_code", "findings", "file_id"):
        if sha not in taken:
            rejected.append(Rejected(name, tuple(finding_from(f, name) for f in findings), code or None))
    files = tuple(r.source or "" for r in accepted) + tuple(r.file for r in rejected)
    return ruleset, Batch(files, tuple(accepted), tuple(rejected), year=round_.year)


def round_ranking(round_) -> tuple[Ruleset, Batch, Ranking]:
    """The round's results ranked as the publication ranks them: gates, then quotas, then order."""
    from scoring.engine.ranking import rank

    ruleset, batch = round_results(round_)
    return ruleset, batch, rank(ruleset, list(batch.accepted))


def class_in_round(ruleset: Ruleset, round_, submission, result: Result) -> tuple[str, str | None]:
    """The class ``result`` (a scoring of ``submission``) holds in the round now, and the quota's
    reason when a quota moved it: what the publication prints for the unit.

    A quota depends on the whole round, so only a unit's counted submission under a ruleset with
    quotas is placed by :func:`round_ranking`; otherwise the class after gates is the class.
    """
    own = (result.final.band_label or ruleset.classification.not_classified_label, None)
    if not ruleset.classification.quotas or not result.ok or submission.entry_id is None:
        return own
    if submission.entry.current_id != submission.pk:
        return own
    placed = round_ranking(round_)[2].unit(result.unit_code)
    if placed is None:
        return own
    return placed.band_label, placed.demotion.reason if placed.demotion else None


def appraisal_gaps(result: Result) -> list:
    """Where the appraisal differs from the unit's self-score, criteria and bonus/deduction items,
    with the appraisal's reason: the unit's rows of the publication's "Chênh lệch theo tiêu chí"
    (:func:`scoring.engine.ranking.self_vs_appraisal`)."""
    from scoring.engine.ranking import self_vs_appraisal

    return list(self_vs_appraisal([result]).criteria)
