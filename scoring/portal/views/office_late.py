"""The office grants a unit an extension of its deadline, or waives its lateness, with a reason
(``dvk round extend`` and ``dvk round waive`` in the browser)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from scoring.core.findings import DvkError
from scoring.portal.flash import refused
from scoring.portal.views.office import office_required
from scoring.portal.views.rounds import pick_round
from scoring.portal.views.unit import workspace


@require_POST
@office_required
def extend(request, who, code):
    """Form "Gia hạn nộp": the unit's code, its own deadline (or "bỏ gia hạn") and the reason."""
    from scoring.workspace.lateness import grant_extension

    round_ = pick_round(who, code, write=True)
    form = request.POST
    try:
        entry, changes = grant_extension(workspace(), round_.code, form.get("don_vi", ""), form.get("han", ""),
                                         form.get("ly_do", ""), withdraw=bool(form.get("bo")), who=who.username)
    except DvkError as exc:
        refused(request, exc.findings)
    else:
        from scoring.workspace.rounds import shown_deadline

        done = (f"Đã gia hạn nộp cho {entry.unit.code} đến {shown_deadline(entry.extended_until)}."
                if entry.extended_until else f"Đã bỏ gia hạn của {entry.unit.code}.")
        messages.success(request, f"{done} {_changed(changes)}")
    return redirect(f"/van-phong/?dot={round_.code}#nop-muon")


@require_POST
@office_required
def waive(request, who, code):
    """Form "Miễn tính nộp muộn": the unit's code (or "bỏ miễn") and the reason."""
    from scoring.workspace.lateness import waive_lateness

    round_ = pick_round(who, code, write=True)
    form = request.POST
    withdraw = bool(form.get("bo"))
    try:
        entry, changes = waive_lateness(workspace(), round_.code, form.get("don_vi", ""), form.get("ly_do", ""),
                                        withdraw=withdraw, who=who.username)
    except DvkError as exc:
        refused(request, exc.findings)
    else:
        done = "Đã bỏ miễn tính nộp muộn của" if withdraw else "Đã miễn tính nộp muộn cho"
        messages.success(request, f"{done} {entry.unit.code}. {_changed(changes)}")
    return redirect(f"/van-phong/?dot={round_.code}#nop-muon")


def _changed(changes: list) -> str:
    """The sentence saying which units the change made late or on time."""
    late = ", ".join(c.code for c in changes if c.late)
    on_time = ", ".join(c.code for c in changes if not c.late)
    parts = ([f"Thành nộp muộn: {late}."] if late else []) + ([f"Không còn nộp muộn: {on_time}."] if on_time else [])
    return " ".join(parts) or "Không đơn vị nào đổi tình trạng nộp muộn."
