"""The office's extension and waiver of lateness in the browser: a reason required, the change
audited under the office's name, the office page and the round's status saying the same.
(Run again on PostgreSQL by tests/test_portal_postgres.py.)"""

from __future__ import annotations

import html

import pytest

from portalkit import (UNIT_A, UNIT_B, client_for, collect_sample, db, personas,  # noqa: F401
                       portal_workspace, roster)

REASON = "Sở gửi bản sửa lỗi đánh máy; bản đúng hạn đã đủ nội dung"


def page(response) -> str:
    return html.unescape(response.content.decode("utf-8"))


@pytest.fixture
def late_b(roster, db):
    """Unit B's sample collected, then the deadline moved before it: unit B is late."""
    from scoring.workspace.lateness import set_deadline
    from scoring.workspace.store import Workspace

    collect_sample(db, roster, UNIT_B)
    due, changes = set_deadline(Workspace(db), roster.code, "submission", "1/1/2020", who="van-phong")
    assert [(c.code, c.late) for c in changes] == [(UNIT_B, True)]
    return roster


def test_office_waives_a_units_lateness_with_a_reason_and_every_surface_shows_it(personas, late_b):
    from scoring.workspace.models import AuditEntry, RosterEntry
    from scoring.workspace.status import round_status

    client = client_for(personas["office"])
    response = client.post(f"/van-phong/dot/{late_b.code}/mien-nop-muon/", {"don_vi": UNIT_B, "ly_do": REASON},
                           follow=True)
    text = page(response)
    assert f"Đã miễn tính nộp muộn cho {UNIT_B}. Không còn nộp muộn: {UNIT_B}." in text
    listed = text.split('id="danh-sach-gia-han"')[1].split("</ul>")[0]
    assert UNIT_B in listed and "Miễn tính nộp muộn" in listed and REASON in listed
    assert RosterEntry.objects.get(round=late_b, unit__code=UNIT_B).current.late is False
    assert round_status(None, late_b.code).total.late == 0
    logged = AuditEntry.objects.get(round=late_b, action="late-waived")
    assert (logged.actor, logged.target, logged.after["reason"]) == ("van-phong", UNIT_B, REASON)


def test_office_extends_a_units_deadline_and_the_page_lists_it(personas, late_b):
    from scoring.workspace.models import RosterEntry

    client = client_for(personas["office"])
    response = client.post(f"/van-phong/dot/{late_b.code}/gia-han/",
                           {"don_vi": UNIT_A, "han": "20/5/2100 17:00", "ly_do": REASON}, follow=True)
    text = page(response)
    assert f"Đã gia hạn nộp cho {UNIT_A} đến 17:00 ngày 20/05/2100." in text
    assert "Không đơn vị nào đổi tình trạng nộp muộn." in text  # unit A has sent nothing yet
    assert "Gia hạn đến 17:00 ngày 20/05/2100" in text.split('id="danh-sach-gia-han"')[1].split("</ul>")[0]
    assert RosterEntry.objects.get(round=late_b, unit__code=UNIT_A).extension_reason == REASON
    response = client.post(f"/van-phong/dot/{late_b.code}/gia-han/", {"don_vi": UNIT_A, "bo": "1", "ly_do": "Nhầm"},
                           follow=True)
    assert f"Đã bỏ gia hạn của {UNIT_A}." in page(response)
    assert RosterEntry.objects.get(round=late_b, unit__code=UNIT_A).extended_until is None


@pytest.mark.parametrize("url, form, message", [
    ("mien-nop-muon/", {"don_vi": UNIT_B, "ly_do": "   "}, "Chưa ghi lý do miễn tính nộp muộn"),
    ("gia-han/", {"don_vi": UNIT_B, "han": "20/5/2100", "ly_do": ""}, "Chưa ghi lý do gia hạn"),
    ("gia-han/", {"don_vi": UNIT_B, "han": "ngày mai", "ly_do": REASON}, "không đúng dạng"),
    ("gia-han/", {"don_vi": "KHONG-CO", "han": "20/5/2100", "ly_do": REASON}, "không có trong danh sách"),
])
def test_an_allowance_without_what_it_needs_is_a_message_and_nothing_changes(personas, late_b, url, form, message):
    from scoring.workspace.models import AuditEntry, RosterEntry

    response = client_for(personas["office"]).post(f"/van-phong/dot/{late_b.code}/{url}", form, follow=True)
    assert message in page(response)
    assert not AuditEntry.objects.filter(round=late_b, action__in=["late-waived", "late-extended"]).exists()
    assert RosterEntry.objects.get(round=late_b, unit__code=UNIT_B).current.late is True


@pytest.mark.parametrize("persona", ["unit_b", "appraiser", "leader", "nobody"])
@pytest.mark.parametrize("url", ["gia-han/", "mien-nop-muon/"])
def test_only_the_office_grants_allowances(personas, late_b, persona, url):
    from scoring.workspace.models import RosterEntry

    response = client_for(personas[persona]).post(f"/van-phong/dot/{late_b.code}/{url}",
                                                  {"don_vi": UNIT_B, "han": "20/5/2100", "ly_do": REASON})
    assert response.status_code == 403
    assert client_for(personas["office"]).get(f"/van-phong/dot/{late_b.code}/{url}").status_code == 405
    entry = RosterEntry.objects.get(round=late_b, unit__code=UNIT_B)
    assert (entry.current.late, entry.waiver_reason, entry.extended_until) == (True, "", None)
