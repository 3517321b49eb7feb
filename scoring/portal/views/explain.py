"""The unit's answers (giải trình) to the council's changes, in the explanations window."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from scoring.core.findings import DvkError
from scoring.portal.access import unit_required
from scoring.portal.flash import refused
from scoring.portal.views.unit import _entry


def _changed(entry):
    """The unit's criteria the council changed (``appraise.CriterionLine``), and its result."""
    from scoring.portal.appraise import lines

    if entry.current_id is None:
        return None, []
    result, all_lines = lines(entry)
    return result, [line for line in all_lines if line.appraisal is not None or line.reason]


@require_GET
@unit_required
def explanations(request, who):
    from scoring.portal.present import due_when, round_view, standing_view
    from scoring.workspace.explanations import MAX_TEXT, window_open
    from scoring.workspace.rounds import deadline

    entry = _entry(who)
    result, changed = _changed(entry)
    context = {"entry": entry, "changed": changed, "window": window_open(entry.round), "max_text": MAX_TEXT,
               "due": due_when(deadline(entry.round, "explanation")), **round_view(entry.round)}
    if result is not None:
        shown = standing_view(result, entry.current)
        context.update(total=shown["total"], band=shown["band"], self_total=shown["self_total"])
    return render(request, "portal/unit_explain.html", context)


@require_POST
@unit_required
def answer(request, who, criterion):
    from scoring.workspace.explanations import explain

    entry = _entry(who)
    if not any(line.id == criterion for line in _changed(entry)[1]):
        raise Http404  # not a criterion the council changed for this unit
    try:
        explain(entry, criterion, request.POST.get("giai_trinh", ""), who.username)
    except DvkError as exc:
        refused(request, exc.findings)
    else:
        messages.success(request, f"Đã gửi giải trình tiêu chí {criterion}. Hội đồng sẽ xem xét ở lần thẩm định lại.")
    return redirect(f"/don-vi/giai-trinh/#tc-{criterion}")
