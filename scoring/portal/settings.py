"""Django settings for the portal: the workspace's settings plus the portal's app, middleware, templates.

There is no settings module to point ``DJANGO_SETTINGS_MODULE`` at: ``dvk serve`` and the tests
call :func:`configure` once, before anything touches the ORM; the database, time zone and language
come from :func:`scoring.workspace.settings.django_settings`.  Defaults are the safe ones (DEBUG
off, a secret key generated into the workspace, cookies HTTP-only); a shared deployment behind an
HTTPS reverse proxy sets ``DVK_HTTPS=1``, ``DVK_ALLOWED_HOSTS`` and ``DVK_TRUSTED_PROXIES``, and
``DVK_PUBLIC_URL`` (the address printed on the units' account slips).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

PORTAL_DIR = Path(__file__).resolve().parent
SECRET_FILE = "secret-key.txt"
DATABASE_FILE = "dvk.sqlite3"
#: Largest upload the portal accepts (the workbook reader refuses bigger files too).
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class SettingsError(ValueError):
    """A ``DVK_*`` variable has a value the portal cannot use (said in Vietnamese)."""

    def __init__(self, message: str, name: str = ""):
        super().__init__(message)
        self.name = name


def env_bool(name: str, default: bool = False) -> bool:
    """``1/true/yes`` or ``0/false/no``; anything else is refused rather than guessed."""
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"Biến môi trường {name}={raw!r} không hợp lệ: dùng 1 hoặc 0.", name)


def public_url() -> str:
    """``DVK_PUBLIC_URL``: the address units type to reach the portal (``https://dvk.tinh.gov.vn/``),
    printed on the credentials slips; "" when unset (the address of the office's own request)."""
    raw = os.environ.get("DVK_PUBLIC_URL", "").strip()
    if not raw:
        return ""
    if not raw.startswith(("http://", "https://")) or any(c.isspace() for c in raw) or len(raw) < 10:
        raise SettingsError(f"Biến môi trường DVK_PUBLIC_URL={raw!r} không hợp lệ: ghi địa chỉ đầy đủ, "
                            "ví dụ https://dvk.tinh.gov.vn/", "DVK_PUBLIC_URL")
    return raw if raw.endswith("/") else raw + "/"


def secret_key(workspace: Path) -> str:
    """``DVK_SECRET_KEY``, else the key kept in the workspace (made once, so sign-ins survive)."""
    given = os.environ.get("DVK_SECRET_KEY", "").strip()
    if given:
        return given
    path = workspace / SECRET_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    key = secrets.token_urlsafe(50)
    path.write_text(key + "\n", encoding="utf-8")
    if hasattr(os, "chmod"):
        os.chmod(path, 0o600)
    return key


def trusted_proxies() -> list[str]:
    """``DVK_TRUSTED_PROXIES``: the reverse proxies' addresses or networks (``127.0.0.1,10.0.0.0/8``),
    the only senders whose ``X-Forwarded-For`` names the client (sign-in throttle, audit)."""
    import ipaddress

    given = [p.strip() for p in os.environ.get("DVK_TRUSTED_PROXIES", "").split(",") if p.strip()]
    for proxy in given:
        try:
            ipaddress.ip_network(proxy, strict=False)
        except ValueError:
            raise SettingsError(f"DVK_TRUSTED_PROXIES: '{proxy}' không phải địa chỉ IP hay dải mạng "
                                "(ví dụ 127.0.0.1 hoặc 10.0.0.0/8).", "DVK_TRUSTED_PROXIES") from None
    return [str(ipaddress.ip_network(p, strict=False)) for p in given]


#: Apps the portal adds to the workspace's (auth, sessions, admin, messages, the store).
PORTAL_APPS = ("django.contrib.staticfiles", "scoring.portal")


def build(workspace: Path, *, debug: bool = False, hosts: tuple[str, ...] = ()) -> dict[str, Any]:
    """The settings the portal adds to or replaces in the workspace's (``workspace``: created if missing)."""
    workspace.mkdir(parents=True, exist_ok=True)
    https = env_bool("DVK_HTTPS")
    extra_hosts = [h.strip() for h in os.environ.get("DVK_ALLOWED_HOSTS", "").split(",") if h.strip()]
    return {
        "DEBUG": debug,
        "SECRET_KEY": secret_key(workspace),
        "ALLOWED_HOSTS": ["localhost", "127.0.0.1", "[::1]", "testserver", *hosts, *extra_hosts],
        "CSRF_TRUSTED_ORIGINS": [f"https://{h}" for h in extra_hosts],
        "MIDDLEWARE": _middleware(),
        "ROOT_URLCONF": "scoring.portal.urls",
        "TEMPLATES": [_templates(debug)],
        "USE_I18N": True,
        "STATIC_URL": "/static/", "STATIC_ROOT": None,
        "WHITENOISE_USE_FINDERS": True, "WHITENOISE_AUTOREFRESH": debug,
        "LOGIN_URL": "portal:login", "LOGIN_REDIRECT_URL": "portal:home", "LOGOUT_REDIRECT_URL": "portal:login",
        "SESSION_COOKIE_AGE": 8 * 3600, "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": https, "CSRF_COOKIE_SECURE": https, "CSRF_COOKIE_HTTPONLY": True,
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https") if https else None,
        "SECURE_REFERRER_POLICY": "same-origin", "X_FRAME_OPTIONS": "DENY",
        "CSRF_FAILURE_VIEW": "scoring.portal.views.errors.csrf_failure",
        "FILE_UPLOAD_MAX_MEMORY_SIZE": 2 * 1024 * 1024,
        "DATA_UPLOAD_MAX_MEMORY_SIZE": 5 * 1024 * 1024,
        "DVK_TRUSTED_PROXIES": trusted_proxies(),
        "CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        "DVK_PUBLIC_URL": public_url(),
        "CONTENT_SECURITY_POLICY": CSP,
    }


#: The pages' Content-Security-Policy (django-csp): the portal's own stylesheet and nothing else:
#: no script at all, no inline style, forms posted only to itself, never framed.
CSP = {"DIRECTIVES": {"default-src": ["'none'"], "style-src": ["'self'"], "img-src": ["'self'"],
                      "form-action": ["'self'"], "frame-ancestors": ["'none'"], "base-uri": ["'none'"]}}


def _middleware() -> list[str]:
    return [
        "scoring.portal.proxy.TrustedProxyMiddleware",
        "django.middleware.security.SecurityMiddleware",
        "csp.middleware.CSPMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
        "scoring.portal.incidents.IncidentMiddleware",
    ]


def _templates(debug: bool) -> dict[str, Any]:
    return {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [], "APP_DIRS": True,
        "OPTIONS": {"debug": debug, "context_processors": [
            "django.template.context_processors.request",
            "django.contrib.auth.context_processors.auth",
            "django.contrib.messages.context_processors.messages",
            "scoring.portal.context.portal",
        ]},
    }


def configure(workspace: Path, overrides: dict[str, Any] | None = None, **options: Any) -> None:
    """Configure Django for the portal over ``workspace`` and set it up (once per process; a later
    call points the process at another workspace, as :func:`scoring.workspace.settings.setup` does).

    ``overrides``: settings to replace (the tests' fast password hasher).
    """
    from scoring.workspace.settings import setup

    workspace = Path(workspace).resolve()
    setup(workspace, extra_apps=PORTAL_APPS, **{**build(workspace, **options), **(overrides or {})})
