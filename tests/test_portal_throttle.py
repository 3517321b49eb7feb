"""The sign-in throttle (issues 23 Lockout, 27.2): counted in the database, slowing down instead of
locking out, by account and by the real client address behind a declared proxy, every failure in
the audit trail, cleared by the office.  Across two ``dvk serve`` processes: test_portal_serve_pair.py."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.test import override_settings

from portalkit import PASSWORD, client_for, db, personas, portal_workspace  # noqa: F401

PROXY = "10.1.2.3"


def page(response) -> str:
    return html.unescape(response.content.decode())


def sign_in(username: str, password: str, address: str = "198.51.100.1", forwarded: str | None = None):
    extra = {"REMOTE_ADDR": address, **({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {})}
    client = client_for()
    return client, client.post("/dang-nhap/", {"username": username, "password": password}, **extra)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def clock(monkeypatch):
    """The throttle's clock, moved forward by ``clock.advance(seconds)``."""
    import scoring.workspace.store as store

    class Clock:
        moment = dt.datetime.now(dt.timezone.utc)

        def advance(self, seconds: float) -> None:
            self.moment += dt.timedelta(seconds=seconds)

    c = Clock()
    monkeypatch.setattr(store, "now", lambda: c.moment)
    return c


@pytest.mark.parametrize("remote, forwarded, trusted, expected", [
    ("198.51.100.7", None, [], "198.51.100.7"),
    ("198.51.100.7", "203.0.113.5", [], "198.51.100.7"),  # a header from anyone is ignored
    (PROXY, "203.0.113.5", ["10.0.0.0/8"], "203.0.113.5"),
    (PROXY, "1.1.1.1, 203.0.113.5", ["10.0.0.0/8"], "203.0.113.5"),  # the left part is the client's word
    (PROXY, "203.0.113.5, 10.9.9.9", ["10.0.0.0/8"], "203.0.113.5"),  # two proxies in a row
    (PROXY, "", ["10.0.0.0/8"], PROXY),
    ("::1", "2001:db8::5", ["::1/128"], "2001:db8::5"),
])
def test_client_address_reads_forwarded_for_only_from_trusted_proxies(remote, forwarded, trusted, expected):
    from django.test import RequestFactory

    from scoring.portal.proxy import client_address

    meta = {"REMOTE_ADDR": remote, **({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {})}
    with override_settings(DVK_TRUSTED_PROXIES=trusted):
        assert client_address(RequestFactory().get("/", **meta)) == expected


def test_failures_slow_the_account_from_that_address_and_a_correct_password_gets_in_after_the_wait(
        personas, clock):
    for _ in range(5):
        assert not signed_in(sign_in("don-vi-b", "sai")[0])
    client, response = sign_in("don-vi-b", PASSWORD)
    assert "hãy đợi 1 giây" in page(response) and not signed_in(client)
    other, _ = sign_in("don-vi-b", PASSWORD, address="198.51.100.2")
    assert signed_in(other)  # the owner elsewhere is not kept out
    clock.advance(1.5)
    assert signed_in(sign_in("don-vi-b", PASSWORD)[0])
    for _ in range(5):  # the success cleared the pair: five more free tries
        sign_in("don-vi-b", "sai")
    clock.advance(1.5)
    for expected in (2, 4, 8):  # each further failure doubles the wait
        sign_in("don-vi-b", "sai")
        assert f"hãy đợi {expected} giây" in page(sign_in("don-vi-b", PASSWORD)[1])
        clock.advance(expected + 0.5)


@override_settings(DVK_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_the_proxy_one_address_failures_keep_no_other_account_out(personas, clock):
    from scoring.workspace.models import AuditEntry

    for n in range(40):  # a script behind the proxy tries many accounts from one address
        sign_in(f"doan-{n % 8}", "sai", address=PROXY, forwarded="203.0.113.66")
    client, response = sign_in("van-phong", PASSWORD, address=PROXY, forwarded="203.0.113.66")
    assert "hãy đợi" in page(response)  # that address is slowed down (at most a minute) …
    assert signed_in(sign_in("van-phong", PASSWORD, address=PROXY, forwarded="203.0.113.9")[0])  # … no one else
    assert signed_in(sign_in("don-vi-a", PASSWORD, address=PROXY, forwarded="203.0.113.10")[0])
    clock.advance(61)
    assert signed_in(sign_in("van-phong", PASSWORD, address=PROXY, forwarded="203.0.113.66")[0])
    logged = AuditEntry.objects.filter(action="login-failed").order_by("id")
    assert logged.count() == 41 and logged.last().after["wait_seconds"] > 0  # the refused try too
    first = logged.first()
    assert (first.actor, first.target, first.after) == ("doan-0", "203.0.113.66",
                                                         {"address": "203.0.113.66", "proxy": PROXY})


def test_failures_from_many_addresses_slow_an_account_by_a_minute_at_most(personas, clock):
    for n in range(25):
        sign_in("van-phong", "sai", address=f"198.51.100.{n + 10}")
    response = sign_in("van-phong", PASSWORD, address="198.51.100.200")[1]
    assert "hãy đợi" in page(response)
    clock.advance(61)
    assert signed_in(sign_in("van-phong", PASSWORD, address="198.51.100.200")[0])


def test_the_office_sees_failures_and_unlocks_an_account(personas, clock):
    from scoring.workspace.models import AuditEntry

    for _ in range(12):
        sign_in("don-vi-b", "sai")
    assert "hãy đợi" in page(sign_in("don-vi-b", PASSWORD)[1])
    assert client_for(personas["unit_a"]).get("/van-phong/dang-nhap-sai/").status_code == 403
    office = client_for(personas["office"])
    shown = page(office.get("/van-phong/dang-nhap-sai/"))
    assert "don-vi-b" in shown and "198.51.100.1" in shown and "Mở khóa" in shown
    response = office.post("/van-phong/dang-nhap-sai/", {"tai_khoan": "don-vi-b"}, follow=True)
    assert "Đã mở khóa đăng nhập cho tài khoản don-vi-b" in page(response)
    assert signed_in(sign_in("don-vi-b", PASSWORD)[0])
    assert AuditEntry.objects.filter(action="login-unlocked", target="don-vi-b", actor="van-phong").exists()


def test_a_bad_trusted_proxies_setting_is_refused_in_vietnamese(monkeypatch):
    from scoring.portal.settings import SettingsError, trusted_proxies

    monkeypatch.setenv("DVK_TRUSTED_PROXIES", "127.0.0.1, proxy.local")
    with pytest.raises(SettingsError, match="không phải địa chỉ IP"):
        trusted_proxies()
    monkeypatch.setenv("DVK_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8")
    assert trusted_proxies() == ["127.0.0.1/32", "10.0.0.0/8"]


@pytest.mark.parametrize("remote, kept", [("198.51.100.7", False), (PROXY, True)])
def test_forwarding_headers_are_dropped_unless_a_trusted_proxy_sent_them(remote, kept):
    from django.test import RequestFactory

    from scoring.portal.proxy import FORWARDED, TrustedProxyMiddleware

    headers = {name: "203.0.113.5" for name in FORWARDED}
    request = RequestFactory().get("/", REMOTE_ADDR=remote, **headers)
    seen = {}
    with override_settings(DVK_TRUSTED_PROXIES=["10.0.0.0/8"]):
        TrustedProxyMiddleware(lambda r: seen.update({n: n in r.META for n in FORWARDED}))(request)
    assert seen == {name: kept for name in FORWARDED}


@pytest.mark.parametrize("name, value", [("DVK_TRUSTED_PROXIES", "proxy.local"), ("DVK_HTTPS", "maybe")])
def test_dvk_serve_refuses_a_bad_setting_in_vietnamese_without_starting(tmp_path, name, value):
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1]), name: value}
    env.pop("DVK_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-m", "scoring", "serve", "--workspace", str(tmp_path / "ws"),
                           "--office", "van-phong", "--port", "0"], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 1
    assert "[portal-setting-invalid]" in done.stderr and value in done.stderr and "Lỗi nội bộ" not in done.stderr
