"""The start page after sign-in: each role is sent to its own page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from scoring.portal.access import APPRAISER, LEADER, OFFICE, UNIT, account_of

START = {UNIT: "portal:unit-home", OFFICE: "portal:office-home", LEADER: "portal:leader-home",
         APPRAISER: "portal:appraiser-home"}


@login_required
def home(request):
    return redirect(START[account_of(request).role])
