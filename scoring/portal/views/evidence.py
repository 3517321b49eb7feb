"""Evidence documents: download (the unit itself, appraisers, the office) and removal by the unit.

A document is always sent as a download with its checked content type, never shown inline: a
file a user uploaded must not run as a page of the portal (``nosniff`` and a sandboxing CSP too).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from scoring.core.findings import DvkError
from scoring.portal.access import APPRAISER, OFFICE, UNIT, may_see, role_required, unit_required
from scoring.portal.flash import refused
from scoring.portal.views.unit import _entry, workspace


def _document(who, pk):
    """The document ``pk`` if this account may read it: a unit only its own unit's (404 otherwise)."""
    from scoring.workspace.evidence import document

    doc = document(pk, who.unit if who.role == UNIT else None)
    if doc is None or (who.role != UNIT and not may_see(who, doc.round)):  # another office's: not revealed
        raise Http404
    return doc


@require_GET
@role_required(UNIT, APPRAISER, OFFICE)
def download(request, who, pk):
    from scoring.workspace.evidence import stored_path

    doc = _document(who, pk)
    return attachment(stored_path(workspace(), doc), doc.original_name, doc.content_type)


def attachment(path, name: str, content_type: str) -> FileResponse:
    """A document a user uploaded, sent as a download that cannot run as a page of the portal
    (404 when its bytes are gone)."""
    if not path.is_file():
        raise Http404
    response = FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@unit_required
def remove(request, who, pk):
    from scoring.workspace import evidence

    entry = _entry(who)
    try:
        doc = evidence.remove(entry, pk, who.username)
    except DvkError as exc:
        refused(request, exc.findings)
        return redirect("portal:unit-fill")
    if doc is None:
        raise Http404
    messages.success(request, f"Đã gỡ tệp {doc.original_name} khỏi tiêu chí {doc.criterion_id}.")
    return redirect(f"/don-vi/dien/#tc-{doc.criterion_id}")
