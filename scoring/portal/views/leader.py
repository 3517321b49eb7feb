"""The leadership dashboard: classes per block, the ranking tables, last year's class beside."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from scoring.portal import dashboard
from scoring.portal.access import LEADER, OFFICE, role_required
from scoring.portal.views.office import _round


@require_GET
@role_required(LEADER, OFFICE)
def leader_home(request, who):
    from scoring.workspace.rounds import STATE_LABELS

    round_ = _round(request.GET.get("dot"))
    context = {"rounds": dashboard.rounds_newest_first(), "round": round_}
    if round_ is not None:
        context.update(dashboard.leadership_view(round_), state_label=STATE_LABELS[round_.state])
    return render(request, "portal/leader_home.html", context)
