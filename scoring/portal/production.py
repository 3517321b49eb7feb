"""``dvk serve`` refuses to start a shared portal insecurely.

A portal is shared when it listens on an address other people reach (not loopback) or sits
behind an HTTPS proxy (``DVK_HTTPS=1``).  Then it needs a fixed ``DVK_SECRET_KEY`` (sessions and
CSRF tokens are signed with it: a key kept only in the workspace folder travels with every copy
and backup of it), ``DVK_ALLOWED_HOSTS`` (otherwise any Host header is answered), and the demo
accounts must never be reachable (``--demo``).  DEBUG is never on in ``dvk serve``.
"""

from __future__ import annotations

import os

LOOPBACK = ("127.0.0.1", "localhost", "::1")
MIN_KEY = 32


def shared(host: str) -> bool:
    """Whether the portal will serve other machines (see the module doc)."""
    from scoring.portal.settings import env_bool

    return host not in LOOPBACK or env_bool("DVK_HTTPS")


def problems(host: str, demo: bool) -> list[str]:
    """What makes a shared portal insecure, in Vietnamese; empty when it may start."""
    if not shared(host):
        return []
    out = []
    if len(os.environ.get("DVK_SECRET_KEY", "").strip()) < MIN_KEY:
        out.append(f"đặt DVK_SECRET_KEY: một chuỗi ngẫu nhiên cố định, ít nhất {MIN_KEY} ký tự "
                   "(ví dụ: python -c \"import secrets; print(secrets.token_urlsafe(48))\")")
    if not [h for h in os.environ.get("DVK_ALLOWED_HOSTS", "").split(",") if h.strip()]:
        out.append("đặt DVK_ALLOWED_HOSTS: tên miền người dùng gõ để vào cổng (ví dụ dvk.tinh.gov.vn)")
    if demo:
        out.append("bỏ --demo: các tài khoản demo có mật khẩu công khai")
    return out


def refusal(host: str, demo: bool) -> str:
    """The message ``dvk serve`` prints instead of starting; "" when it may start."""
    found = problems(host, demo)
    if not found:
        return ""
    where = f"địa chỉ {host}" if host not in LOOPBACK else "sau proxy HTTPS (DVK_HTTPS=1)"
    return (f"Cổng dùng chung ({where}) chưa an toàn. Cần: " + "; ".join(found)
            + ". Chỉ dùng thử trên máy này thì chạy với --host 127.0.0.1.")
