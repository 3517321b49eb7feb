"""The office's sign-in page: failed sign-ins (who, from where) and the accounts being slowed down,
with a button that clears an account's count (the owner can sign in at once)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from scoring.portal import throttle
from scoring.portal.present import when
from scoring.portal.views.office import office_required

SHOWN = 200


@require_http_methods(["GET", "POST"])
@office_required
def signins(request, who):
    from scoring.portal.access import require_workspace_office

    require_workspace_office(who, "Đăng nhập sai")  # every office's accounts: not a declared office's page
    if request.method == "POST":
        account = request.POST.get("tai_khoan", "").strip()
        if account:
            throttle.unlock(account, who.username)
            messages.success(request, f"Đã mở khóa đăng nhập cho tài khoản {account}.")
        return redirect("portal:office-signins")
    from scoring.workspace.models import AuditEntry

    failed = AuditEntry.objects.filter(action="login-failed").order_by("-id")[:SHOWN]
    rows = [{"at": when(e.at), "account": e.actor, "address": e.target,
             "proxy": (e.after or {}).get("proxy", "")} for e in failed]
    return render(request, "portal/office_signins.html",
                  {"slowed": throttle.slowed_accounts(), "failed": rows, "shown": SHOWN})
