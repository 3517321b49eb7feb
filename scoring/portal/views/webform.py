"""The unit's web form: the same criteria as the workbook, saved as a draft or submitted, with
evidence documents attached per criterion."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render

from scoring.core.findings import DvkError
from scoring.portal import webform
from scoring.portal.access import unit_required
from scoring.portal.fields import answers_form, answers_of, bound_rows
from scoring.portal.present import findings_view, round_view
from scoring.portal.views.unit import _entry, workspace
from scoring.workspace import answers as drafts

FILE_SUFFIX = "__tep"


@unit_required
def fill(request, who):
    from scoring.workspace.rounds import ruleset_of

    entry = _entry(who)
    items = webform.items(ruleset_of(entry.round), entry.unit_type, entry.round.late_fact)
    if request.method != "POST":
        form = answers_form(items, answers=drafts.load_answers(workspace(), entry))
        return _page(request, entry, items, form, ())
    form = answers_form(items, request.POST)
    if not form.is_valid():
        return _page(request, entry, items, form, (), status=400)
    try:
        attached = _attach(request, entry, items, who)
    except DvkError as exc:
        return _page(request, entry, items, form, exc.findings, status=400)
    answers = answers_of(items, form.cleaned_data)
    if "nop" not in request.POST:
        drafts.save_draft(workspace(), entry, answers)
        messages.success(request, "Đã lưu bản nháp" + (f" và {attached} tệp kiểm chứng" if attached else "")
                         + ". Có thể quay lại điền tiếp trước hạn nộp.")
        return redirect("portal:unit-fill")
    try:
        submission = drafts.submit_answers(workspace(), entry, who.username, answers)
    except DvkError as exc:
        return _page(request, entry, items, form, exc.findings, status=400)
    return redirect("portal:unit-result", pk=submission.pk)


def _attach(request, entry, items, who) -> int:
    """Keep the documents chosen in the form (all or none); how many were kept."""
    from scoring.workspace.evidence import Upload, attach

    uploads = [Upload(key[:-len(FILE_SUFFIX)], f.name, f.size, f.chunks())
               for key in request.FILES if key.endswith(FILE_SUFFIX) for f in request.FILES.getlist(key)]
    known = {item.id for item in items if item.kind == "criterion"}
    return len(attach(workspace(), entry, uploads, known, who.username))


def _page(request, entry, items, form, findings, status=200):
    from scoring.workspace.evidence import (
        ACCEPT,
        MAX_FILE_BYTES,
        MAX_TOTAL_BYTES,
        by_criterion,
    )

    docs, supplied = by_criterion(entry), webform.supplied(entry)
    rows = bound_rows(form, items)
    for row in rows:
        row["docs"] = docs.get(row["item"].id, [])
        row["supplied"] = supplied.get(row["item"].id, "")
        row["file_name"] = row["item"].id + FILE_SUFFIX
    context = {"entry": entry, "rows": rows, "form": form, **findings_view(findings), "accept": ACCEPT,
               "file_mb": MAX_FILE_BYTES // 1048576, "total_mb": MAX_TOTAL_BYTES // 1048576,
               **round_view(entry.round)}
    return render(request, "portal/unit_fill.html", context, status=status)
