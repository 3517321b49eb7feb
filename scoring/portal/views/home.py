"""The start page after sign-in: each role is sent to its own page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from scoring.portal.access import LEADER, OFFICE, UNIT, account_of

START = {UNIT: "portal:unit-home", OFFICE: "portal:office-home", LEADER: "portal:leader-home"}


@login_required
def home(request):
    account = account_of(request)
    target = START.get(account.role)
    if target:
        return redirect(target)
    return render(request, "portal/role_home.html", {"account": account})
