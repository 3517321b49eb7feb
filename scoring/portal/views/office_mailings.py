"""What the office sends its units, downloaded from the round's page: every unit's own workbook
(a zip, as ``dvk round templates``) and the reminder letter (as ``dvk round don-doc``)."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django.http import FileResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from scoring.core.findings import DvkError
from scoring.portal.flash import refused
from scoring.portal.views.office import office_required
from scoring.portal.views.rounds import pick_round
from scoring.portal.views.unit import workspace

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@require_GET
@office_required
def unit_templates(request, who, code):
    """Every roster unit's own prefilled workbook, in one zip."""
    from scoring.workspace.unit_templates import unit_templates_zip

    round_ = pick_round(who, code)
    with tempfile.TemporaryDirectory(prefix="dvk-bieu-mau-") as folder:
        written = unit_templates_zip(workspace(), round_.code, Path(folder) / "bieu-mau.zip")
        data = io.BytesIO(written.read_bytes())
    return FileResponse(data, as_attachment=True, filename=f"bieu-mau-tung-don-vi-{round_.code}.zip",
                        content_type="application/zip")


@require_GET
@office_required
def reminder(request, who, code):
    """The reminder letter to the units missing, refused or late, to act by the round's deadline
    while it is ahead (else left blank for the office to write); ``han`` in the address: another
    date.  Refused, said on the round's page, when every unit has a timely counted file or the
    date is not one."""
    from scoring.workspace.reminder import write_reminder_letter

    round_ = pick_round(who, code)
    try:
        with tempfile.TemporaryDirectory(prefix="dvk-don-doc-") as folder:
            written = write_reminder_letter(workspace(), round_.code, Path(folder) / "cong-van-don-doc.docx",
                                            request.GET.get("han", "").strip() or None)
            data = io.BytesIO(written.read_bytes())
    except DvkError as exc:
        refused(request, exc.findings)
        return redirect(f"/van-phong/?dot={round_.code}#gui-don-vi")
    return FileResponse(data, as_attachment=True, filename=f"cong-van-don-doc-{round_.code}.docx", content_type=DOCX)
