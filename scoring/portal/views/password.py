"""Passwords: every signed-in user changes their own; the office gives an account a new one.

A unit otherwise keeps the password printed on the slip for good.  Both are audit-logged
(whose account, by whom; never the password).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from scoring.core.findings import DvkError
from scoring.portal.access import APPRAISER, LEADER, OFFICE, UNIT, role_required
from scoring.portal.context import public_address


class ResetForm(forms.Form):
    ten_dang_nhap = forms.CharField(label="Tên đăng nhập (đơn vị: mã đơn vị)", max_length=150,
                                    error_messages={"required": "Nhập tên đăng nhập của tài khoản cần cấp lại."})


@require_http_methods(["GET", "POST"])
@role_required(UNIT, APPRAISER, OFFICE, LEADER)
def change(request, who):
    from scoring.portal.accounts import password_changed

    form = PasswordChangeForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)  # stay signed in on this device
        password_changed(user)
        messages.success(request, "Đã đổi mật khẩu. Lần đăng nhập sau dùng mật khẩu mới.")
        return redirect("portal:home")
    status = 400 if request.method == "POST" else 200
    return render(request, "portal/password_change.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@role_required(OFFICE)
def reset(request, who):
    from scoring.portal.accounts import reset_password

    form = ResetForm(request.POST if request.method == "POST" else None)
    context = {"form": form, "login_url": public_address(request)}
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            context["made"] = reset_password(form.cleaned_data["ten_dang_nhap"], who.username, who.office)
            context["form"] = ResetForm()
        except DvkError as exc:
            form.add_error("ten_dang_nhap", " ".join(f.message for f in exc.findings))
            status = 400
    elif request.method == "POST":
        status = 400
    response = render(request, "portal/office_reset.html", context, status=status)
    response["Cache-Control"] = "no-store"  # the new password is shown this once
    return response
