"""The office's audit log: every recorded change, filtered by unit, person and dates, and the
same selection as an Excel workbook."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django import forms
from django.http import FileResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from scoring.portal.views.office import office_required
from scoring.portal.views.unit import XLSX

#: Entries shown on the page; the workbook holds every one selected.
SHOWN = 500
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_ERRORS = {"invalid": "Ngày viết theo dạng ngày/tháng/năm, ví dụ 05/12/2026."}


class AuditFilter(forms.Form):
    don_vi = forms.CharField(label="Đơn vị (mã)", required=False, max_length=200)
    nguoi = forms.CharField(label="Người thực hiện (tên đăng nhập)", required=False, max_length=200)
    tu_ngay = forms.DateField(label="Từ ngày", required=False, input_formats=DATE_FORMATS,
                              error_messages=DATE_ERRORS)
    den_ngay = forms.DateField(label="Đến ngày", required=False, input_formats=DATE_FORMATS,
                               error_messages=DATE_ERRORS)


def _selected(request, who):
    from scoring.portal.access import audit_seen
    from scoring.workspace.audit_view import audit_entries

    form = AuditFilter(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return form, audit_seen(who, audit_entries(data.get("don_vi", ""), data.get("nguoi", ""), data.get("tu_ngay"),
                                               data.get("den_ngay")))


@require_GET
@office_required
def audit_log(request, who):
    from scoring.workspace.audit_view import AUDIT_COLUMNS, audit_row

    form, entries = _selected(request, who)
    total = entries.count()
    context = {"form": form, "columns": AUDIT_COLUMNS, "rows": [audit_row(e) for e in entries[:SHOWN]],
               "total": total, "shown": min(total, SHOWN), "query": request.GET.urlencode()}
    return render(request, "portal/office_audit.html", context, status=400 if form.errors else 200)


@require_GET
@office_required
def audit_workbook(request, who):
    from scoring.workspace.audit_view import write_audit_workbook

    entries = _selected(request, who)[1]
    with tempfile.TemporaryDirectory(prefix="dvk-nhat-ky-") as folder:
        written = write_audit_workbook(entries, Path(folder) / "nhat-ky.xlsx", "NHẬT KÝ THAY ĐỔI")
        data = io.BytesIO(written.read_bytes())
    return FileResponse(data, as_attachment=True, filename="nhat-ky-thay-doi.xlsx", content_type=XLSX)
