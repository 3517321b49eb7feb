"""The office's rulesets page: upload a ruleset, see ``dvk check``'s findings, keep it if it has no error."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from scoring.portal.views.office import office_required
from scoring.portal.views.office_rounds import findings_context


@require_http_methods(["GET", "POST"])
@office_required
def rulesets(request, who):
    from scoring.portal import rulesets as library
    from scoring.portal.office_forms import RulesetForm
    from scoring.portal.office_rounds import saved_upload
    from scoring.workspace.rulesets import upload_ruleset

    posted = request.method == "POST"
    form = RulesetForm(request.POST if posted else None, request.FILES if posted else None)
    context = {"form": form, "stored": library.stored(), "shipped": library.shipped()}
    if not (posted and form.is_valid()):
        return render(request, "portal/office_rulesets.html", context, status=400 if posted else 200)
    with saved_upload(form.cleaned_data["tep"]) as path:
        version, findings = upload_ruleset(path, who.username)
    if version is not None and not findings:
        messages.success(request, f"Đã kiểm tra và lưu bộ tiêu chí {version.title} (phiên bản {version.version}).")
        return redirect("portal:office-rulesets")
    # refused (an error), or kept with warnings: the findings stay on the page
    context.update(findings_context(findings), kept=version, name=path.name, stored=library.stored())
    return render(request, "portal/office_rulesets.html", context, status=400 if version is None else 200)
