"""The leadership dashboard: classes per block, the ranking tables, last round's class beside."""

from __future__ import annotations

from django.views.decorators.http import require_GET

from scoring.portal import dashboard
from scoring.portal.access import LEADER, OFFICE, role_required
from scoring.portal.views.rounds import round_page


@require_GET
@role_required(LEADER, OFFICE)
def leader_home(request, who):
    return round_page(request, who, "portal/leader_home.html", dashboard.leadership_view)
