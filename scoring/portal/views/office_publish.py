"""Publishing a round from the browser (``dvk round publish``) and downloading its documents."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from scoring.core.findings import DvkError
from scoring.portal.access import LEADER, OFFICE, role_required
from scoring.portal.flash import refused
from scoring.portal.views.office import office_required
from scoring.portal.views.rounds import pick_round
from scoring.portal.views.unit import workspace


@require_POST
@office_required
def publish(request, who, code):
    from scoring.portal.confirm import confirmed, publish_page
    from scoring.reports.pdf import find_soffice
    from scoring.workspace.publication import PUBLISHABLE, publish_round
    from scoring.workspace.stages import STATE_LABELS

    round_ = pick_round(who, code, write=True)
    if round_.state in PUBLISHABLE and not confirmed(request):
        number = (round_.publications.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        return render(request, "portal/office_confirm.html",
                      publish_page(round_, request.path, number, STATE_LABELS[round_.state]))
    try:  # the PDF copy where LibreOffice is installed, as dvk round publish --pdf
        publication = publish_round(workspace(), round_.code, who=who.username, pdf=find_soffice() is not None)
    except DvkError as exc:
        refused(request, exc.findings)
    else:
        messages.success(request, f"Đã công bố kết quả lần {publication.number} ({len(publication.files)} tệp). "
                                  "Tải các văn bản ở mục Công bố kết quả.")
    return redirect(f"/van-phong/?dot={round_.code}#cong-bo")


@require_POST
@office_required
def reopen(request, who, code):
    """Form "Đính chính kết quả đã công bố": the reason, then the confirmation (``dvk round dinh-chinh``)."""
    from scoring.portal.confirm import confirmed, correction_page
    from scoring.workspace.correction import checked_reason, reopen_round

    round_ = pick_round(who, code, write=True)
    try:
        reason = checked_reason(request.POST.get("ly_do"))
        if not confirmed(request):
            previous = round_.current_publication.number if round_.current_publication else 0
            return render(request, "portal/office_confirm.html", correction_page(round_, request.path, reason, previous))
        opened = reopen_round(workspace(), round_.code, reason, who=who.username)
    except DvkError as exc:
        refused(request, exc.findings)
    else:
        messages.success(request, f"Đợt {round_.code} đang đính chính (lần {opened.number}). Sửa xong, công bố lại "
                                  "ở mục Công bố kết quả.")
    return redirect(f"/van-phong/?dot={round_.code}#cong-bo")


@require_GET
@role_required(OFFICE, LEADER)
def download(request, who, code, number, name):
    from scoring.portal.publications import DOWNLOADS, published_file

    round_ = pick_round(who, code)
    path = published_file(workspace(), round_, number, name)
    if path is None:
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"{round_.code}-lan-{number}-{name}",
                        content_type=DOWNLOADS[name][1])
