"""The unit's web form: the same criteria as the workbook, saved as a draft or submitted."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render

from scoring.findings import DvkError
from scoring.portal import webform
from scoring.portal.access import unit_required
from scoring.portal.fields import answers_form, answers_of, bound_rows
from scoring.portal.present import finding_view, round_view
from scoring.portal.views.unit import _entry, workspace


@unit_required
def fill(request, who):
    from scoring.workspace.rounds import ruleset_of

    entry = _entry(who)
    items = webform.items(ruleset_of(entry.round), entry.unit_type)
    if request.method != "POST":
        form = answers_form(items, answers=webform.load_answers(workspace(), entry))
        return _page(request, entry, items, form, ())
    form = answers_form(items, request.POST)
    if not form.is_valid():
        return _page(request, entry, items, form, (), status=400)
    answers = answers_of(items, form.cleaned_data)
    if "nop" not in request.POST:
        webform.save_draft(workspace(), entry, answers)
        messages.success(request, "Đã lưu bản nháp. Có thể quay lại điền tiếp trước hạn nộp.")
        return redirect("portal:unit-fill")
    try:
        submission = webform.submit(workspace(), entry, who.username, answers)
    except DvkError as exc:
        return _page(request, entry, items, form, [finding_view(f) for f in exc.findings], status=400)
    return redirect("portal:unit-result", pk=submission.pk)


def _page(request, entry, items, form, findings, status=200):
    context = {"entry": entry, "rows": bound_rows(form, items), "form": form, "findings": findings,
               **round_view(entry.round)}
    return render(request, "portal/unit_fill.html", context, status=status)
