"""The office's and leadership's pages: progress per block, state changes, accounts, the dashboard."""

from __future__ import annotations

import html

import pytest

from portalkit import (UNIT_A, UNIT_B, client_for, collect_sample, db, personas,  # noqa: F401
                       portal_workspace, roster, sample_of)
from scoring.core.decimals import fmt


def page(response) -> str:
    return html.unescape(response.content.decode("utf-8"))


@pytest.fixture
def collected(roster, db):
    """Unit B's sample collected into the round; unit A has sent nothing."""
    collect_sample(db, roster, UNIT_B)
    return roster


def test_office_sees_progress_and_the_missing_list_matches_the_roster(personas, collected):
    from scoring.workspace.models import RosterEntry

    text = page(client_for(personas["office"]).get("/van-phong/"))
    assert collected.name in text and "Đang nhận hồ sơ" in text
    missing = text.split('id="danh-sach-chua-nop"')[1].split("</ul>")[0]
    expected = set(RosterEntry.objects.filter(round=collected, current__isnull=True)
                   .values_list("unit__code", flat=True))
    assert expected == {UNIT_A} and UNIT_A in missing and UNIT_B not in missing


def test_office_closes_the_round_and_the_change_is_audited(personas, collected):
    from scoring.workspace.models import AuditEntry

    client = client_for(personas["office"])
    response = client.post(f"/van-phong/dot/{collected.code}/trang-thai/", {"trang_thai": "closed"}, follow=True)
    assert "đã chuyển sang: Đã khóa nhận hồ sơ" in page(response)
    collected.refresh_from_db()
    assert collected.state == "closed"
    logged = AuditEntry.objects.get(round=collected, action="state-changed")
    assert (logged.actor, logged.before, logged.after) == ("van-phong", "open", "closed")


def test_a_move_the_round_does_not_allow_is_a_message(personas, collected):
    response = client_for(personas["office"]).post(f"/van-phong/dot/{collected.code}/trang-thai/",
                                                   {"trang_thai": "published"}, follow=True)
    assert "không chuyển sang" in page(response)
    collected.refresh_from_db()
    assert collected.state == "open"


def test_bulk_accounts_print_once_and_sign_in(personas, collected):
    from django.contrib.auth import authenticate

    from scoring.workspace.models import AuditEntry, Unit, UnitAccount

    UnitAccount.objects.filter(unit__code=UNIT_B).delete()  # unit B has no account yet
    response = client_for(personas["office"]).post(f"/van-phong/dot/{collected.code}/tai-khoan/")
    text = page(response)
    assert response["Cache-Control"] == "no-store" and "Phiếu tài khoản đơn vị" in text
    password = text.split('class="mono">')[2].split("<")[0]
    user = authenticate(username=UNIT_B, password=password)
    assert user is not None and user.dvk_account.unit == Unit.objects.get(code=UNIT_B)
    logged = AuditEntry.objects.get(round=collected, action="accounts-created")
    assert logged.after == {"users": [UNIT_B]} and password not in str(logged.after)
    again = page(client_for(personas["office"]).post(f"/van-phong/dot/{collected.code}/tai-khoan/"))
    assert "đã có tài khoản" in again


def test_missing_workbook_downloads(personas, collected, tmp_path):
    from openpyxl import load_workbook

    response = client_for(personas["office"]).get(f"/van-phong/dot/{collected.code}/chua-nop.xlsx")
    assert response.status_code == 200
    path = tmp_path / "chua-nop.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    cells = [str(c.value) for ws in load_workbook(path) for row in ws.iter_rows() for c in row if c.value]
    assert any(UNIT_A in c for c in cells) and not any(UNIT_B == c for c in cells)


def test_leadership_dashboard_ranks_with_the_engine(personas, collected):
    from scoring.intake.pipeline import evaluate_file
    from scoring.rules.load import load_ruleset

    from portalkit import RULESET_PATH

    expected = evaluate_file(load_ruleset(RULESET_PATH), sample_of(UNIT_B))
    for persona in ("leader", "office"):
        text = page(client_for(personas[persona]).get("/lanh-dao/"))
        assert expected.unit_name in text and fmt(expected.final.total) in text
        assert expected.final.band_label in text and "Phân bố xếp loại" in text


@pytest.mark.parametrize("persona", ["unit_a", "appraiser", "nobody"])
@pytest.mark.parametrize("method,url", [
    ("get", "/van-phong/"), ("post", "/van-phong/dot/2025-nam/trang-thai/"),
    ("post", "/van-phong/dot/2025-nam/tai-khoan/"), ("get", "/van-phong/dot/2025-nam/chua-nop.xlsx"),
    ("get", "/lanh-dao/")])
def test_office_and_leadership_pages_are_refused_to_others(personas, roster, persona, method, url):
    response = getattr(client_for(personas[persona]), method)(url, {"trang_thai": "closed"})
    assert response.status_code == 403
    roster.refresh_from_db()
    assert roster.state == "open"


@pytest.mark.parametrize("url", ["/van-phong/dot/2025-nam/trang-thai/", "/van-phong/dot/2025-nam/tai-khoan/"])
def test_office_actions_reject_get(personas, roster, url):
    assert client_for(personas["office"]).get(url).status_code == 405


def test_leader_cannot_act_on_the_round(personas, roster):
    assert client_for(personas["leader"]).post(f"/van-phong/dot/{roster.code}/trang-thai/",
                                               {"trang_thai": "closed"}).status_code == 403
