"""The office creates staff accounts (appraisers, leadership, other office staff) in the browser."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from scoring.portal.access import ROLE_LABELS
from scoring.portal.context import public_address
from scoring.portal.views.office import office_required


@require_http_methods(["GET", "POST"])
@office_required
def staff(request, who):
    from scoring.portal.accounts import create_staff_account
    from scoring.portal.office_forms import StaffForm

    posted = request.method == "POST"
    form = StaffForm(request.POST if posted else None)
    context = {"form": form, "login_url": public_address(request)}
    if posted and form.is_valid():
        data = form.cleaned_data
        context["made"] = {"username": data["ten_dang_nhap"], "label": data["ho_ten"],
                           "role": ROLE_LABELS[data["vai_tro"]],
                           "password": create_staff_account(data["ten_dang_nhap"], data["ho_ten"],
                                                            data["vai_tro"], who.username, who.office)}
        context["form"] = StaffForm()
    response = render(request, "portal/office_staff.html", context, status=400 if posted and not form.is_valid() else 200)
    response["Cache-Control"] = "no-store"  # a password is shown this once
    return response
