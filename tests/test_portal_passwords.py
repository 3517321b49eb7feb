"""Passwords: a user changes their own; the office gives an account a new one; the slips print
the configured public address."""

from __future__ import annotations

import html
import re

import pytest
from django.test import override_settings

from portalkit import (PASSWORD, UNIT_A, client_for, db, personas, portal_workspace,  # noqa: F401
                       roster)


def page(response) -> str:
    return html.unescape(response.content.decode("utf-8"))


def signs_in(username: str, password: str) -> bool:
    from django.test import Client

    return Client().login(username=username, password=password)


@pytest.mark.parametrize("persona", ["unit_a", "appraiser", "office", "leader"])
def test_every_user_changes_their_own_password_and_it_is_logged(personas, persona):
    from scoring.workspace.models import AuditEntry

    user = personas[persona]
    client = client_for(user)
    assert "Đổi mật khẩu" in page(client.get("/", follow=True))  # every home page links to it
    new = "Ca-phe-sua-da-2026"
    response = client.post("/mat-khau/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
                           follow=True)
    assert "Đã đổi mật khẩu" in page(response)
    assert signs_in(user.username, new) and not signs_in(user.username, PASSWORD)
    entry = AuditEntry.objects.get(action="password-changed")
    assert entry.actor == user.username and new not in str(entry.after)


def test_a_wrong_old_password_changes_nothing_and_says_so_in_vietnamese(personas):
    client = client_for(personas["unit_a"])
    response = client.post("/mat-khau/", {"old_password": "sai", "new_password1": "Ca-phe-sua-da-2026",
                                          "new_password2": "Ca-phe-sua-da-2026"})
    assert response.status_code == 400 and "Mật khẩu cũ" in page(response)
    assert signs_in(personas["unit_a"].username, PASSWORD)


@override_settings(DVK_PUBLIC_URL="https://dvk.tinh.example.vn/")
def test_the_office_resets_a_units_password_audited_and_printed_with_the_public_address(personas):
    from scoring.workspace.models import AuditEntry

    response = client_for(personas["office"]).post("/van-phong/cap-lai-mat-khau/", {"ten_dang_nhap": "don-vi-a"})
    text = page(response)
    password = re.search(r'id="mat-khau-moi">([^<]+)<', response.content.decode()).group(1)
    assert "https://dvk.tinh.example.vn/" in text and "testserver" not in text
    assert signs_in("don-vi-a", password) and not signs_in("don-vi-a", PASSWORD)
    assert response["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.get(action="password-reset")
    assert (entry.actor, entry.target) == ("van-phong", "don-vi-a") and password not in str(entry.after)


@pytest.mark.parametrize("name,said", [("khong-ai", "Không có tài khoản 'khong-ai'"),
                                       ("van-phong", "dvk serve --office van-phong")])
def test_a_reset_the_office_cannot_do_is_said_and_changes_nothing(personas, name, said):
    from scoring.workspace.models import AuditEntry

    response = client_for(personas["office"]).post("/van-phong/cap-lai-mat-khau/", {"ten_dang_nhap": name})
    assert response.status_code == 400 and said in page(response)
    assert not AuditEntry.objects.filter(action="password-reset").exists()


@pytest.mark.parametrize("persona", ["unit_a", "appraiser", "leader"])
def test_only_the_office_resets_passwords(personas, persona):
    client = client_for(personas[persona])
    assert client.post("/van-phong/cap-lai-mat-khau/", {"ten_dang_nhap": "don-vi-b"}).status_code == 403
    assert signs_in("don-vi-b", PASSWORD)


@override_settings(DVK_PUBLIC_URL="https://dvk.tinh.example.vn/")
def test_the_credentials_sheet_prints_the_public_address(personas, roster):
    from scoring.workspace.models import UnitAccount

    UnitAccount.objects.filter(unit__code=UNIT_A).delete()
    text = page(client_for(personas["office"]).post(f"/van-phong/dot/{roster.code}/tai-khoan/"))
    assert "https://dvk.tinh.example.vn/" in text and "http://testserver/" not in text


@pytest.mark.parametrize("raw,ok", [("https://dvk.tinh.gov.vn", True), ("dvk.tinh.gov.vn", False),
                                    ("https://dvk tinh", False), ("", True)])
def test_the_public_address_setting_is_checked(monkeypatch, raw, ok):
    from scoring.portal.settings import SettingsError, public_url

    monkeypatch.setenv("DVK_PUBLIC_URL", raw)
    if ok:
        assert public_url() == (raw + "/" if raw else "")
    else:
        with pytest.raises(SettingsError, match="DVK_PUBLIC_URL"):
            public_url()


@pytest.mark.parametrize("name,value", [("DVK_PUBLIC_URL", "dvk.tinh.gov.vn"), ("DVK_HTTPS", "co")])
def test_serve_refuses_an_unusable_setting_in_vietnamese(tmp_path, name, value):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).parent.parent
    env = {**os.environ, name: value, "PYTHONPATH": str(root)}
    done = subprocess.run([sys.executable, "-m", "scoring", "serve", "--demo", "--port", "0"], env=env,
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 1 and name in done.stderr and "[portal-setting-invalid]" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout and "Lỗi nội bộ" not in done.stderr + done.stdout
