"""Who may open what, sign-in (throttling: test_portal_throttle.py), CSRF, and the Vietnamese error pages."""

from __future__ import annotations

import html

import pytest

from portalkit import PASSWORD, client_for, db, make_account, personas, portal_workspace, roster  # noqa: F401

UNIT_PAGES = ["/don-vi/", "/don-vi/bieu-mau/", "/don-vi/ket-qua/999999/"]

# role × URL → status for a GET (a unit's result of an unknown digest is 404, never 403)
MATRIX = {
    "unit_a": {"/": 302, "/don-vi/": 200, "/don-vi/bieu-mau/": 200, UNIT_PAGES[2]: 404},
    "appraiser": {"/": 302, "/don-vi/": 403, "/don-vi/bieu-mau/": 403, UNIT_PAGES[2]: 403},
    "office": {"/": 302, "/don-vi/": 403, "/don-vi/bieu-mau/": 403, UNIT_PAGES[2]: 403},
    "leader": {"/": 302, "/don-vi/": 403, "/don-vi/bieu-mau/": 403, UNIT_PAGES[2]: 403},
    "nobody": {"/": 403, "/don-vi/": 403, "/don-vi/bieu-mau/": 403, UNIT_PAGES[2]: 403},
}


def page(response) -> str:
    return html.unescape(response.content.decode("utf-8"))


@pytest.mark.parametrize("persona,url,status", [
    (persona, url, status) for persona, row in MATRIX.items() for url, status in row.items()])
def test_role_url_matrix(personas, roster, persona, url, status):
    response = client_for(personas[persona]).get(url)
    assert response.status_code == status
    if status == 403:
        assert "Không có quyền truy cập" in page(response)


@pytest.mark.parametrize("url", ["/", *UNIT_PAGES])
def test_anonymous_is_sent_to_sign_in(db, url):
    response = client_for().get(url)
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/?next=")


def test_upload_rejects_get(personas):
    assert client_for(personas["unit_a"]).get("/don-vi/nop/").status_code == 405


def test_sign_in_and_out(personas):
    client = client_for()
    response = client.post("/dang-nhap/", {"username": "don-vi-a", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/don-vi/").status_code == 200
    assert client.get("/dang-xuat/").status_code == 405  # sign-out only by POST (a link cannot sign out)
    assert client.post("/dang-xuat/").status_code == 302
    assert client.get("/don-vi/").status_code == 302


def test_wrong_password_is_said_in_vietnamese(personas):
    response = client_for().post("/dang-nhap/", {"username": "don-vi-a", "password": "sai"})
    assert response.status_code == 200 and "Tên đăng nhập hoặc mật khẩu không đúng" in page(response)


def test_csrf_is_enforced(personas):
    client = client_for(enforce_csrf_checks=True)
    response = client.post("/dang-nhap/", {"username": "don-vi-a", "password": PASSWORD})
    assert response.status_code == 403 and "Phiên làm việc đã hết hạn" in page(response)
    signed_in = client_for(personas["unit_a"], enforce_csrf_checks=True)
    assert signed_in.post("/don-vi/nop/", {}).status_code == 403


def test_login_page_carries_a_csrf_token_and_labels(db):
    text = page(client_for().get("/dang-nhap/"))
    assert 'name="csrfmiddlewaretoken"' in text
    assert '<label for="id_username">' in text and '<label for="id_password">' in text
    assert '<html lang="vi">' in text


def test_404_page_is_vietnamese(personas):
    response = client_for(personas["unit_a"]).get("/khong-co-trang-nay/")
    assert response.status_code == 404 and "Không tìm thấy trang" in page(response)


def test_400_page_is_vietnamese(db):
    response = client_for().get("/dang-nhap/", HTTP_HOST="ke-la.example")  # a host not allowed
    assert response.status_code == 400 and "Yêu cầu không hợp lệ" in page(response)


def test_500_is_a_vietnamese_page_with_an_incident_id_in_the_log(personas, portal_workspace, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("lỗi thử")

    monkeypatch.setattr("scoring.portal.views.unit.current_entry", broken)
    response = client_for(personas["unit_a"], raise_request_exception=False).get("/don-vi/")
    text = page(response)
    assert response.status_code == 500 and "Cổng gặp sự cố" in text
    assert "Traceback" not in text and "RuntimeError" not in text
    incident = text.split('class="incident">')[1].split("<")[0]
    log = (portal_workspace / "portal.log").read_text(encoding="utf-8")
    assert f"incident {incident}" in log and "RuntimeError: lỗi thử" in log


@pytest.mark.parametrize("persona,target", [
    ("unit_a", "/don-vi/"), ("appraiser", "/tham-dinh/"), ("office", "/van-phong/"), ("leader", "/lanh-dao/")])
def test_each_role_starts_on_its_own_page(personas, persona, target):
    response = client_for(personas[persona]).get("/")
    assert response.status_code == 302 and response["Location"] == target


def test_unit_account_without_a_unit_has_no_role(db):
    from django.contrib.auth import get_user_model

    from scoring.workspace.models import UnitAccount

    user = get_user_model().objects.create_user("khong-ma", password="x")
    UnitAccount.objects.create(user=user, role="unit", unit=None)
    assert client_for(user).get("/don-vi/").status_code == 403
    with pytest.raises(ValueError):
        make_account("khong-ma-2", "unit", "")
