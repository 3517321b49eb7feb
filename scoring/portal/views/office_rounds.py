"""The office creates a round and imports its roster in the browser (``dvk round new`` / ``roster``)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from scoring.core.findings import DvkError
from scoring.portal.views.office import office_required
from scoring.portal.views.rounds import pick_round
from scoring.portal.views.unit import workspace


def located(finding) -> dict:
    """A finding for the page: its JSON path as well as its sheet, cell or criterion; the file by name."""
    from pathlib import PurePath

    from scoring.portal.present import finding_view, where

    shown = finding_view(finding)
    loc = finding.location
    place = where(finding) if (loc.sheet or loc.cell or loc.criterion_id) else ""
    shown["where"] = ", ".join(p for p in (loc.json_path, place) if p) or PurePath(loc.file or "").name
    return shown


def findings_context(findings) -> dict:
    """What ``portal/_findings.html`` needs."""
    shown = [located(f) for f in findings]
    return {"findings": shown, "errors": sum(f["error"] for f in shown),
            "warnings": sum(not f["error"] for f in shown)}


@require_http_methods(["GET", "POST"])
@office_required
def new_round(request, who):
    from scoring.portal import rulesets
    from scoring.portal.office_forms import RoundForm
    from scoring.portal.office_rounds import new_round as create
    from scoring.portal.office_rounds import saved_upload

    posted = request.method == "POST"
    form = RoundForm(request.POST if posted else None, request.FILES if posted else None,
                     choices=rulesets.choices(), initial={"nam": _this_year()})
    context = {"form": form, "rounds": _rounds(who)}
    if posted and form.is_valid():
        try:
            with saved_upload(form.cleaned_data["danh_sach"]) as roster:
                round_ = create(workspace(), form.cleaned_data, roster, who.username, who.office)
        except DvkError as exc:
            context.update(findings_context(exc.findings))
        else:
            messages.success(request, f"Đã tạo đợt {round_.code}: {round_.name}; "
                                      f"{round_.roster.count()} đơn vị trong danh sách.")
            return redirect(f"/van-phong/dot/{round_.code}/danh-sach/")
    return render(request, "portal/office_round_new.html", context, status=400 if posted else 200)


def _this_year() -> int:
    from scoring.workspace.rounds import VN
    from scoring.workspace.store import now

    return now().astimezone(VN).year


def _rounds(who):
    from scoring.portal.access import visible_rounds

    return visible_rounds(who)


@require_http_methods(["GET", "POST"])
@office_required
def roster(request, who, code):
    from scoring.portal.office_forms import RosterForm
    from scoring.portal.office_rounds import roster_rows, saved_upload
    from scoring.workspace.rounds import import_roster

    posted = request.method == "POST"
    round_ = pick_round(who, code, write=posted)
    form = RosterForm(request.POST if posted else None, request.FILES if posted else None)
    context = {"form": form, "round": round_}
    if posted and form.is_valid():
        try:
            with saved_upload(form.cleaned_data["tep"]) as path:
                counts = import_roster(workspace(), round_.code, path, who.username)
        except DvkError as exc:
            context.update(findings_context(exc.findings))
        else:
            messages.success(request, f"Đã nhập danh sách: {counts['rows']} dòng, thêm {counts['added']}, "
                                      f"cập nhật {counts['updated']} đơn vị.")
            return redirect(f"/van-phong/dot/{round_.code}/danh-sach/")
    context["entries"] = roster_rows(round_)
    return render(request, "portal/office_roster.html", context, status=400 if posted else 200)
