"""What is left of the portal's hardening: a Content-Security-Policy on every page, evidence kept
only when it is what it claims, the office's audit log page."""

from __future__ import annotations

import html
import re

import pytest

from portalkit import (UNIT_A, client_for, collect_sample, db, personas, portal_workspace,  # noqa: F401
                       roster)


def page(response) -> str:
    return html.unescape(response.content.decode("utf-8"))


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: " ".join(part.split()[1:]) for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("persona,url", [(None, "/dang-nhap/"), ("unit_a", "/don-vi/"), ("office", "/van-phong/"),
                                         ("leader", "/lanh-dao/"), ("appraiser", "/tham-dinh/"),
                                         ("unit_a", "/khong-co-trang-nay/")])
def test_every_page_sends_a_policy_that_allows_only_its_own_stylesheet(personas, roster, persona, url):
    response = client_for(personas[persona] if persona else None).get(url)
    policy = directives(response)
    assert policy["default-src"] == "'none'" and policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["form-action"] == "'self'"
    assert "script-src" not in policy and "unsafe-inline" not in response["Content-Security-Policy"]
    assert "style=" not in page(response)  # an inline style would be blocked: none is written


def test_the_dashboard_bars_need_no_inline_style(personas, roster, db):
    collect_sample(db, roster, UNIT_A)
    text = page(client_for(personas["leader"]).get("/lanh-dao/"))
    assert 'class="bar w-100"' in text and "style=" not in text


@pytest.fixture
def logged(personas, roster, db):
    """An audit trail with two units' evidence, a password reset and a state change."""
    import datetime as dt

    from scoring.workspace.models import AuditEntry
    from scoring.workspace.rounds import VN
    from scoring.workspace.store import audit

    audit(roster, "don-vi-a", "evidence-attached", f"{UNIT_A} / 1.1", after={"name": "a.pdf"},
          at=dt.datetime(2026, 3, 1, 9, 0, tzinfo=VN))
    audit(roster, "don-vi-b", "evidence-attached", "SO-VIDU / 3.1", after={"name": "=HYPERLINK(\"x\")"},
          at=dt.datetime(2026, 3, 2, 23, 30, tzinfo=VN))
    audit(None, "van-phong", "password-reset", "don-vi-a", after={"role": "unit"},
          at=dt.datetime(2026, 3, 3, 0, 15, tzinfo=VN))
    return AuditEntry.objects


@pytest.mark.parametrize("query,expected", [
    ({"don_vi": UNIT_A}, {("don-vi-a", "Đính kèm tài liệu")}),
    ({"nguoi": "van-phong", "tu_ngay": "03/03/2026", "den_ngay": "03/03/2026"}, {("van-phong", "Cấp lại mật khẩu")}),
    ({"tu_ngay": "02/03/2026", "den_ngay": "02/03/2026"}, {("don-vi-b", "Đính kèm tài liệu")}),  # VN days
    ({"nguoi": "don-vi-a", "den_ngay": "2026-03-01"}, {("don-vi-a", "Đính kèm tài liệu")}),
])
def test_the_office_filters_the_audit_log(personas, logged, query, expected):
    response = client_for(personas["office"]).get("/van-phong/nhat-ky/", query)
    body = response.content.decode().split('id="nhat-ky"')[1]
    rows = [re.findall(r"<td>([^<]*)</td>", row) for row in body.split("<tr>")[2:]]
    assert {(html.unescape(r[1]), html.unescape(r[2])) for r in rows} == expected


def test_a_date_the_office_mistyped_is_said_in_vietnamese(personas, logged):
    response = client_for(personas["office"]).get("/van-phong/nhat-ky/", {"tu_ngay": "31/02/2026"})
    assert response.status_code == 400 and "ngày/tháng/năm" in page(response)


def test_the_audit_log_exports_the_same_selection_as_text(personas, logged, tmp_path):
    from openpyxl import load_workbook

    response = client_for(personas["office"]).get("/van-phong/nhat-ky.xlsx", {"nguoi": "don-vi-b"})
    path = tmp_path / "nhat-ky.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    sheet = load_workbook(path).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4) if row[0].value]
    assert [r[1] for r in rows] == ["don-vi-b"] and "HYPERLINK" in rows[0][6]
    assert all(c.data_type == "s" for row in sheet.iter_rows(min_row=4) for c in row if c.value)


@pytest.mark.parametrize("persona", ["unit_a", "appraiser", "leader"])
def test_only_the_office_reads_the_audit_log(personas, persona):
    client = client_for(personas[persona])
    assert client.get("/van-phong/nhat-ky/").status_code == 403
    assert client.get("/van-phong/nhat-ky.xlsx").status_code == 403


def test_a_request_over_the_limit_gets_a_vietnamese_page():
    import socket
    import threading

    from waitress import create_server

    from scoring.portal.toolarge import MAX_BODY_BYTES, install

    def app(environ, start_response):  # never reached: waitress refuses the body first
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    install()
    server = create_server(app, host="127.0.0.1", port=0, max_request_body_size=MAX_BODY_BYTES, ident="dvk")
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        with socket.create_connection(("127.0.0.1", server.effective_port), timeout=10) as conn:
            conn.sendall(b"POST /don-vi/nop/ HTTP/1.1\r\nHost: localhost\r\n"
                         + f"Content-Length: {MAX_BODY_BYTES + 1}\r\n\r\n".encode())
            answer = b""
            while chunk := conn.recv(65536):
                answer += chunk
    finally:
        server.close()
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413") and b"text/html; charset=utf-8" in head
    text = body.decode("utf-8")
    assert "Tệp gửi lên quá lớn" in text and "64 MB" in text and "Entity" not in text


def test_health_answers_without_sign_in_and_says_when_the_database_does_not(db, monkeypatch):
    from django.db import OperationalError, connection

    response = client_for().get("/suc-khoe/")
    assert response.status_code == 200 and response.json() == {"trang_thai": "ok", "co_so_du_lieu": "ok"}

    def down(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(connection, "cursor", down)
    response = client_for().get("/suc-khoe/")
    assert response.status_code == 503 and response.json()["trang_thai"] == "loi"
    assert "connect" not in response.content.decode()


def test_the_audit_log_writes_a_council_change_in_the_rulesets_words(personas, roster, db):
    from scoring.workspace.rounds import move_round

    collect_sample(db, roster, UNIT_A)
    for state in ("closed", "appraisal"):
        move_round(roster.code, state, who="van-phong")
    entry = roster.roster.get(unit__code=UNIT_A)
    client_for(personas["appraiser"]).post(f"/tham-dinh/dot/{roster.code}/don-vi/{entry.pk}/3.2/",
                                           {"tc-3.2-level": "2", "ly_do": "Chỉ có 3 lần"})
    text = page(client_for(personas["office"]).get("/van-phong/nhat-ky/", {"don_vi": UNIT_A}))
    assert "2 - 3 lần (lý do: Chỉ có 3 lần)" in text and '"value"' not in text
