"""A unit's pages: its round with the upload form, the score of a file it sent, the downloads."""

from __future__ import annotations

import io
import tempfile
from dataclasses import replace
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from scoring.core.findings import DvkError
from scoring.portal.access import unit_required
from scoring.portal.forms import UploadForm
from scoring.portal.present import findings_view, result_view, round_view, sent_view
from scoring.portal.settings import MAX_UPLOAD_BYTES
from scoring.workspace import uploads
from scoring.workspace.rounds import current_entry

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workspace():
    """The workspace the portal serves."""
    from scoring.workspace.store import Workspace

    return Workspace(Path(settings.DVK_WORKSPACE))


def _entry(who):
    """The unit's roster entry in its current round; 404 when it is on no round's roster."""
    entry = current_entry(who.unit)
    if entry is None:
        raise Http404
    return entry


@require_GET
@unit_required
def unit_home(request, who):
    entry = current_entry(who.unit)
    return _home(request, who, entry, UploadForm(), ())


def _home(request, who, entry, form, findings, status=200):
    sent = sent_view(entry, who.username) if entry else []
    context = {"form": form, **findings_view(findings), "entry": entry, "sent": sent,
               **(round_view(entry.round) if entry else {})}
    return render(request, "portal/unit_home.html", context, status=status)


@require_POST
@unit_required
def upload(request, who):
    entry = _entry(who)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _home(request, who, entry, form, (), status=400)
    sent = form.cleaned_data["tep"]
    try:
        submission = uploads.receive(workspace(), entry, who.username, sent.name, sent.chunks(), sent.size,
                                    MAX_UPLOAD_BYTES)
    except DvkError as exc:
        return _home(request, who, entry, form, exc.findings, status=400)
    return redirect("portal:unit-result", pk=submission.pk)


def _submission(who, pk):
    submission = uploads.submission_for(_entry(who), who.username, pk)
    if submission is None:
        raise Http404
    return submission


@require_GET
@unit_required
def result(request, who, pk):
    scored = uploads.scored(_submission(who, pk))
    return render(request, "portal/unit_result.html", result_view(scored))


@require_GET
@unit_required
def annotated(request, who, pk):
    from scoring.workbook.annotate import write_annotated
    from scoring.workspace.rounds import ruleset_of

    scored = uploads.scored(_submission(who, pk))
    if scored.result is None:
        raise Http404
    source = uploads.stored_file(workspace(), scored.submission)
    with tempfile.TemporaryDirectory(prefix="dvk-ban-sao-") as folder:
        out = write_annotated(source, replace(scored.result, findings=scored.findings),
                              ruleset_of(scored.submission.round), Path(folder) / "ban-sao.xlsx")
        data = io.BytesIO(out.read_bytes())
    name = Path(scored.name).stem + "-ket-qua.xlsx"
    return FileResponse(data, as_attachment=True, filename=name, content_type=XLSX)


@require_GET
@unit_required
def template(request, who):
    from scoring.portal.workbooks import unit_template
    from scoring.workspace.unit_templates import entry_file_name

    entry = _entry(who)  # the signed-in unit's own entry: no other unit's workbook is reachable
    path = unit_template(workspace().root, entry)
    return FileResponse(path.open("rb"), as_attachment=True, filename=entry_file_name(entry), content_type=XLSX)
