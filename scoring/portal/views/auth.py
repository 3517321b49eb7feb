"""Sign in (with throttling) and sign out."""

from __future__ import annotations

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm

from scoring.portal import throttle
from scoring.portal.proxy import client_address


class LoginForm(AuthenticationForm):
    """Django's sign-in form, slowed down by :mod:`scoring.portal.throttle` after repeated failures."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý chữ hoa, chữ thường.",
        "throttled": "Đăng nhập sai nhiều lần: hãy đợi {wait} rồi thử lại (mật khẩu đúng vẫn vào được "
                     "sau thời gian chờ), hoặc nhờ văn phòng mở khóa.",
    }

    def clean(self):
        username = self.data.get("username", "")
        address = client_address(self.request)
        wait = throttle.wait_seconds(username, address)
        via = self.request.META.get("REMOTE_ADDR", "")
        if wait:
            throttle.log_failure(username, address, via, wait)
            raise forms.ValidationError(self.error_messages["throttled"].format(wait=_duration(wait)),
                                        code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.record_failure(username, address, via)
            raise
        throttle.clear(username, address)
        return cleaned


def _duration(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} phút {rest} giây" if minutes and rest else f"{minutes} phút" if minutes else f"{rest} giây"


class LoginView(auth_views.LoginView):
    template_name = "portal/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]
