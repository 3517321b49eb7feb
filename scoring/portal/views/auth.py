"""Sign in (with throttling) and sign out."""

from __future__ import annotations

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm

from scoring.portal import throttle


def client_address(request) -> str:
    """The client's address; behind a reverse proxy the proxy's (throttling counts it all the same)."""
    return request.META.get("REMOTE_ADDR", "") or "-"


class LoginForm(AuthenticationForm):
    """Django's sign-in form, refusing further attempts once the throttle is hit."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý chữ hoa, chữ thường.",
        "throttled": "Đăng nhập sai quá nhiều lần. Hãy đợi 15 phút rồi thử lại, hoặc liên hệ văn phòng.",
    }

    def clean(self):
        username = self.data.get("username", "")
        address = client_address(self.request)
        if throttle.is_locked(username, address):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.record_failure(username, address)
            raise
        throttle.clear(username, address)
        return cleaned


class LoginView(auth_views.LoginView):
    template_name = "portal/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]
