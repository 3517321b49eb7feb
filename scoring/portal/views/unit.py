"""A unit's pages: its start page with the upload form, the score of an upload, the downloads."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from scoring.findings import DvkError
from scoring.portal import uploads
from scoring.portal.access import unit_required
from scoring.portal.forms import UploadForm
from scoring.portal.present import result_view
from scoring.portal.rules import workspace_ruleset
from scoring.portal.settings import MAX_UPLOAD_BYTES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _workspace() -> Path:
    return Path(settings.DVK_WORKSPACE)


@require_GET
@unit_required
def unit_home(request, account):
    return _home(request, account, UploadForm(), ())


def _home(request, account, form, findings, status=200):
    ruleset = workspace_ruleset(_workspace())
    return render(request, "portal/unit_home.html",
                  {"form": form, "findings": findings, "ruleset": ruleset}, status=status)


@require_POST
@unit_required
def upload(request, account):
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _home(request, account, form, (), status=400)
    sent = form.cleaned_data["tep"]
    try:
        digest = uploads.receive(_workspace(), workspace_ruleset(_workspace()), account.unit_code, sent.name,
                                 sent.chunks(), sent.size, MAX_UPLOAD_BYTES)
    except DvkError as exc:
        return _home(request, account, form, exc.findings, status=400)
    return redirect("portal:unit-result", digest=digest)


def _stored(account, digest: str) -> Path:
    path = uploads.stored_path(_workspace(), account.unit_code, digest)
    if path is None:
        raise Http404
    return path


@require_GET
@unit_required
def result(request, account, digest):
    path = _stored(account, digest)
    ruleset = workspace_ruleset(_workspace())
    scored = uploads.score_stored(ruleset, path, account.unit_code, uploads.original_name(path))
    return render(request, "portal/unit_result.html", result_view(ruleset, scored))


@require_GET
@unit_required
def annotated(request, account, digest):
    path = _stored(account, digest)
    ruleset = workspace_ruleset(_workspace())
    scored = uploads.score_stored(ruleset, path, account.unit_code, uploads.original_name(path))
    if scored.result is None:
        raise Http404
    copy = uploads.annotated_copy(ruleset, path, scored)
    name = Path(uploads.original_name(path)).stem + "-ket-qua.xlsx"
    return FileResponse(copy.open("rb"), as_attachment=True, filename=name, content_type=XLSX)


@require_GET
@unit_required
def template(request, account):
    from scoring.portal.workbooks import unit_template

    from scoring.portal.rounds import current_entry

    entry = current_entry(account.unit)
    if entry is None:
        raise Http404
    path = unit_template(_workspace(), workspace_ruleset(_workspace()), entry.unit_type)
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"bieu-mau-{account.unit_code}.xlsx",
                        content_type=XLSX)
