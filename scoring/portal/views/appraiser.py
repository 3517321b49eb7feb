"""The appraiser's pages: the queue of submitted units, one unit's criteria, one appraisal change."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from scoring.core.findings import DvkError
from scoring.portal import appraise
from scoring.portal.access import APPRAISER, role_required
from scoring.portal.fields import criterion_form, initial_of, value_of
from scoring.portal.flash import refused
from scoring.portal.present import standing_view
from scoring.portal.views.rounds import pick_round, round_page
from scoring.workspace import appraisal

appraiser_required = role_required(APPRAISER)


@require_GET
@appraiser_required
def appraiser_home(request, who):
    return round_page(request, who, "portal/appraiser_home.html", _queue)


def _queue(round_) -> dict:
    """The queue, each unit with its self total, its total and class now (as the publication has
    them: :func:`~scoring.workspace.results.round_ranking`), not the numbers stored at collection."""
    from scoring.core.decimals import fmt
    from scoring.core.unitcode import unit_key
    from scoring.workspace.results import round_ranking

    # matched as codes are everywhere (a workbook may write the roster's code in another case)
    placed = {unit_key(u.unit_code): u for u in round_ranking(round_)[2].overall}
    entries = appraisal.queue(round_)
    for e in entries:
        unit = placed.get(unit_key(e.unit.code))
        e.self_total = fmt(unit.result.self_totals.total) if unit else "—"
        e.total_now = fmt(unit.result.final.total) if unit else "—"
        e.band_now = unit.band_label if unit else "Không chấm được"
    return {"entries": entries}


def _entry(who, code, pk, write=False):
    entry = appraisal.entry_of(pick_round(who, code, write), pk)
    if entry is None:
        raise Http404
    return entry


@require_GET
@appraiser_required
def appraiser_unit(request, who, code, pk):
    from scoring.workspace.appraisal import APPRAISING
    from scoring.workspace.evidence import by_criterion

    entry = _entry(who, code, pk)
    result, lines = appraise.lines(entry)
    editable = entry.round.state in APPRAISING
    docs = by_criterion(entry)
    rows = [{"line": line, "docs": docs.get(line.id, ()), "form": criterion_form(line.fields, line.id, line.not_applicable)(
        initial=initial_of(line.fields, line.appraisal if line.appraisal is not None else line.self_value),
        prefix=f"tc-{line.id}") if editable and line.fields else None} for line in lines]
    return render(request, "portal/appraiser_unit.html", {
        "entry": entry, "rows": rows, "editable": editable, **standing_view(result, entry.current)})


@require_POST
@appraiser_required
def appraise_criterion(request, who, code, pk, criterion):
    entry = _entry(who, code, pk, write=True)
    line = next((x for x in appraise.lines(entry)[1] if x.id == criterion), None)
    if line is None:
        raise Http404
    form = criterion_form(line.fields, line.id, line.not_applicable)(request.POST, prefix=f"tc-{line.id}")
    back = redirect(f"/tham-dinh/dot/{code}/don-vi/{pk}/#tc-{criterion}")
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, f"Tiêu chí {criterion}: {' '.join(errors)}")
        return back
    try:
        result = appraisal.record(entry, criterion, value_of(line.fields, form.cleaned_data),
                                 request.POST.get("ly_do", ""), who.username)
    except DvkError as exc:
        refused(request, exc.findings, f"Tiêu chí {criterion}: ")
        return back
    shown = standing_view(result, entry.current)
    messages.success(request, f"Đã ghi thẩm định tiêu chí {criterion}. Tổng điểm mới: {shown['total']} "
                              f"({shown['percent']}%), xếp loại: {shown['band']}.")
    return back
