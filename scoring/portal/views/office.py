"""The office's pages: a round's progress per block, its state, unit accounts, the missing list."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from scoring.core.findings import DvkError
from scoring.portal.access import OFFICE, role_required
from scoring.portal.context import public_address
from scoring.portal.flash import refused
from scoring.portal.present import due_when
from scoring.portal.views.rounds import pick_round, round_page
from scoring.portal.views.unit import XLSX, workspace

office_required = role_required(OFFICE)


@require_GET
@office_required
def office_home(request, who):
    return round_page(request, who, "portal/office_home.html", _progress)


def _progress(round_) -> dict:
    from scoring.portal.publications import open_correction_of, publications
    from scoring.portal.views.documents import office_view
    from scoring.reports.pdf import find_soffice
    from scoring.workspace.lowerfacts import status_lines
    from scoring.workspace.publication import PUBLISHABLE
    from scoring.workspace.stages import OPEN_STATES, STATE_LABELS, round_moves
    from scoring.workspace.status import round_status

    status = round_status(workspace(), round_.code)
    return {"status": status, **office_view(status), "deadline": due_when(status.deadline),
            "moves": [(s, STATE_LABELS[s]) for s in round_moves(round_)],
            "publications": publications(round_), "can_publish": round_.state in PUBLISHABLE,
            "pdf": find_soffice() is not None, "late_open": round_.state in OPEN_STATES,
            "can_correct": round_.state == "published", "correction": open_correction_of(round_),
            "lower_lines": status_lines(status.lower)}


@require_POST
@office_required
def move_state(request, who, code):
    from scoring.portal.confirm import confirmed, finalise_page
    from scoring.workspace.rounds import move_round
    from scoring.workspace.stages import STATE_LABELS, round_moves

    round_ = pick_round(who, code, write=True)
    target = request.POST.get("trang_thai", "")
    if target == "final" and target in round_moves(round_) and not confirmed(request):
        return render(request, "portal/office_confirm.html", finalise_page(round_, request.path))
    try:
        moved = move_round(round_.code, target, who=who.username)
    except DvkError as exc:
        refused(request, exc.findings)
    else:
        messages.success(request, f"Đợt {moved.code} đã chuyển sang: {STATE_LABELS[moved.state]}.")
    return redirect(f"/van-phong/?dot={round_.code}")


@require_POST
@office_required
def create_accounts(request, who, code):
    from scoring.portal.accounts import create_unit_accounts

    round_ = pick_round(who, code, write=True)
    made = create_unit_accounts(round_, who.username)
    response = render(request, "portal/office_accounts.html", {"round": round_, "made": made,
                                                               "login_url": public_address(request)})
    response["Cache-Control"] = "no-store"  # the passwords are shown this once
    return response


@require_GET
@office_required
def missing_workbook(request, who, code):
    from scoring.workspace.status import round_status
    from scoring.workspace.status_book import write_status_workbook

    round_ = pick_round(who, code)
    with tempfile.TemporaryDirectory(prefix="dvk-chua-nop-") as folder:
        written = write_status_workbook(round_status(workspace(), round_.code), Path(folder) / "chua-nop.xlsx")
        data = io.BytesIO(written.read_bytes())
    return FileResponse(data, as_attachment=True, filename=f"don-vi-chua-nop-{round_.code}.xlsx",
                        content_type=XLSX)
