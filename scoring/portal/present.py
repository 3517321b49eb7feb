"""Turns a scored upload into what the score page shows: totals, class, criteria rows, findings.

Numbers are formatted here with the engine's Vietnamese formatting (decimal comma), so templates
only place text.  Each finding is attached to its criterion's row as well as listed at the top
with its sheet and cell.
"""

from __future__ import annotations

from typing import Any

from scoring.core.decimals import fmt
from scoring.core.findings import Finding
from scoring.engine.result import CriterionResult, Result
from scoring.rules.notapplicable import NA_TEXT
from scoring.workspace.uploads import Scored


def where(finding: Finding) -> str:
    """Where to look, as a person says it: "trang 'Tự chấm điểm', ô E12, tiêu chí 1.2"."""
    loc = finding.location
    parts = []
    if loc.sheet:
        parts.append(f"trang \u2018{loc.sheet}\u2019")
    if loc.cell:
        parts.append(f"ô {loc.cell}")
    if loc.criterion_id:
        parts.append(f"tiêu chí {loc.criterion_id}")
    if loc.json_path and not parts:
        parts.append(loc.json_path)
    return ", ".join(parts) or (loc.file or "")


def finding_view(finding: Finding) -> dict[str, Any]:
    return {"code": finding.code, "error": finding.is_error, "message": finding.message,
            "where": where(finding), "cell": finding.location.cell or ""}


def findings_view(findings) -> dict[str, Any]:
    """The error box's context (``_findings.html``): each finding, and how many are errors and
    warnings, so its heading counts what it lists."""
    shown = [finding_view(f) for f in findings]
    return {"findings": shown, "errors": sum(f["error"] for f in shown),
            "warnings": sum(not f["error"] for f in shown)}


def when(moment: Any) -> str:
    """A moment (a file received, a publication) as every surface writes it, in Vietnam's time:
    :func:`scoring.workspace.rounds.shown_time`; "" for none."""
    from scoring.workspace.rounds import shown_time

    return shown_time(moment) if moment else ""


def due_when(due: Any) -> str:
    """A deadline as every surface writes it (:func:`scoring.workspace.rounds.shown_deadline`,
    as ``dvk round status`` does); "" for none."""
    from scoring.workspace.rounds import shown_deadline

    return shown_deadline(due) if due else ""


def round_view(round_: Any) -> dict[str, Any]:
    """The round's name, state and submission deadline, as the unit's page shows them."""
    from scoring.workspace.rounds import deadline, ruleset_of
    from scoring.workspace.stages import STATE_LABELS

    due = deadline(round_)
    return {"round": round_, "ruleset": ruleset_of(round_), "state_label": STATE_LABELS[round_.state],
            "deadline": due_when(due), "open": round_.state == "open"}


def result_view(scored: Scored) -> dict[str, Any]:
    """The score page's context."""
    findings = [finding_view(f) for f in scored.findings]
    submission = scored.submission
    context: dict[str, Any] = {
        "scored": scored, "findings": findings, "received": when(submission.received_at),
        "status_label": submission.get_status_display(), "late": submission.late,
        "errors": sum(f["error"] for f in findings), "warnings": sum(not f["error"] for f in findings),
    }
    if scored.result is not None:
        context.update(_result_parts(scored.result, scored.findings, submission))
    return context


def standing_view(result: Result, submission: Any) -> dict[str, Any]:
    """A scored unit's totals, class and its reasons, and what the appraisal changed, as the
    publication prints them: the class in the round
    (:func:`~scoring.workspace.results.class_in_round`, after gates and quotas) and the unit's
    rows of "Chênh lệch theo tiêu chí" (:func:`~scoring.workspace.results.appraisal_gaps`)."""
    from scoring.workspace.results import appraisal_gaps, class_in_round
    from scoring.workspace.rounds import ruleset_of

    totals = result.final
    band, quota = class_in_round(ruleset_of(submission.round), submission.round, submission, result)
    return {
        "result": result, "total": fmt(totals.total), "applicable_max": fmt(totals.applicable_max),
        "self_total": fmt(result.self_totals.total), "percent": fmt(totals.percent, 2),
        "band": band or "Chưa xếp loại", "gate_reasons": (*totals.gate_reasons, *([quota] if quota else ())),
        "bonus": fmt(totals.bonus), "deductions": fmt(totals.deductions),
        "gaps": [{"id": g.criterion_id, "name": g.criterion_name, "self": fmt(g.self_points),
                  "final": fmt(g.appraisal_points), "reason": g.appraisal_note or ""}
                 for g in appraisal_gaps(result)],
    }


def sent_view(entry: Any, username: str, most: int = 20) -> list[dict[str, Any]]:
    """The files the unit sent, newest first, and the class the round gives the counted one now
    (as its score page and the publication show it: :func:`standing_view`).  Not the class stored
    at collection: the council's appraisal, the round's facts (documents received since) and the
    quotas move it afterwards, and a unit's pages show one class."""
    from scoring.workspace.results import class_in_round
    from scoring.workspace.rounds import ruleset_of
    from scoring.workspace.uploads import own_submissions, scored

    rows = []
    for submission in own_submissions(entry, username)[:most]:
        counted, band = submission.pk == entry.current_id, ""
        now = scored(submission) if counted else None
        if now is not None and now.result is not None and now.result.ok:
            band = class_in_round(ruleset_of(entry.round), entry.round, submission, now.result)[0]
        rows.append({"submission": submission, "counted": counted, "band": band})
    return rows


def _result_parts(result: Result, findings: tuple[Finding, ...], submission: Any) -> dict[str, Any]:
    by_criterion: dict[str, list[dict[str, Any]]] = {}
    for finding in findings:
        if finding.location.criterion_id:
            by_criterion.setdefault(finding.location.criterion_id, []).append(finding_view(finding))
    criteria = {c.id: c for c in result.criteria}
    context = standing_view(result, submission)
    gaps = {g["id"]: g for g in context["gaps"]}
    context["rows"] = [_row(node, criteria.get(node.id), by_criterion.get(node.id, ()), gaps.get(node.id))
                       for node in result.nodes]
    errors = sum(f.is_error for f in findings)
    if errors:
        context["band"] = f"Chưa xếp loại: còn {errors} lỗi"
    return context


def _row(node, criterion: CriterionResult | None, findings, gap: dict[str, str] | None) -> dict[str, Any]:
    row = {"id": node.id, "name": node.name, "depth": min(node.depth, 3), "group": node.is_group,
           "max": fmt(node.max), "points": fmt(node.final_points), "findings": list(findings),
           "explanation": "", "applies": True, "appraised": gap}
    if criterion is not None:
        final = criterion.final
        row["applies"] = criterion.applies
        row["explanation"] = final.explanation if final else ""
        # what the value rests on: the unit's own text, or what the round set it from (a round fact)
        row["evidence"] = criterion.evidence or ""
        if not criterion.applies:
            row["points"] = NA_TEXT
    return row
