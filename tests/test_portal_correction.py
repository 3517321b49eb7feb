"""Correction after publication in the browser: the office reopens a published round with a
reason and a confirmation, changes what a correction allows, publishes again; the page lists
both publications, the new one with what changed, as its documents do.
(Run again on PostgreSQL by tests/test_portal_postgres.py.)"""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from consistencykit import expected_correction, read_correction_html
from portalkit import (UNIT_A, UNIT_B, client_for, collect_sample, db, personas,  # noqa: F401
                       portal_workspace, roster)
from test_portal_appraisal import a_decimal_line, post_change
from test_portal_office_late import late_b  # noqa: F401 - fixture
from test_portal_office_rounds import no_libreoffice  # noqa: F401 - fixture

REASON = "Sở Ví Dụ gửi hồ sơ qua bưu điện đúng hạn; văn phòng ghi nhầm là nộp muộn"


def page(response) -> str:
    return html.unescape(response.content.decode("utf-8"))


@pytest.fixture
def published_late(personas, late_b, no_libreoffice):  # noqa: F811
    """Unit B late, the round closed and published once from the browser."""
    client = client_for(personas["office"])
    client.post(f"/van-phong/dot/{late_b.code}/trang-thai/", {"trang_thai": "closed"})
    client.post(f"/van-phong/dot/{late_b.code}/cong-bo/", {"xac_nhan": "co"})
    late_b.refresh_from_db()
    assert late_b.state == "published"
    return late_b


def test_the_office_reopens_with_a_reason_after_a_confirmation_and_publishes_the_correction(personas, published_late, db):  # noqa: F811,E501
    from scoring.workspace.models import AppraisalChange, AuditEntry, Correction

    round_, client = published_late, client_for(personas["office"])
    url = f"/van-phong/dot/{round_.code}/dinh-chinh/"
    home = page(client.get(f"/van-phong/?dot={round_.code}"))
    assert "Đính chính kết quả đã công bố" in home and url in home
    # no reason: said, nothing reopened
    text = page(client.post(url, {"ly_do": "   "}, follow=True))
    assert "Chưa ghi lý do đính chính" in text
    # the first press says what follows; only the second reopens
    text = page(client.post(url, {"ly_do": REASON}))
    assert "Đính chính kết quả đã công bố" in text and REASON in text and "Mở đính chính" in text
    assert "Lần công bố" in text and "vẫn giữ nguyên" in text and 'name="xac_nhan" value="co"' in text
    round_.refresh_from_db()
    assert round_.state == "published" and not Correction.objects.filter(round=round_).exists()
    text = page(client.post(url, {"ly_do": REASON, "xac_nhan": "co"}, follow=True))
    round_.refresh_from_db()
    assert round_.state == "correction" and "đang đính chính (lần 1)" in text
    assert f"Đang đính chính lần 1</strong> kết quả công bố lần {round_.current_publication.number}" in text
    assert "Công bố bản đính chính (lần mới)" in text
    said = page(client.get(f"/van-phong/?dot={round_.code}")).split('id="dot-dinh-chinh">')[1].split("</span>")[0]
    assert said.startswith(f"Đang đính chính lần 1: {REASON} (mở ngày ") and said.endswith(", bởi van-phong)")
    logged = AuditEntry.objects.get(round=round_, action="correction-opened")
    assert (logged.actor, logged.after["reason"]) == ("van-phong", REASON)
    # a correction allows the waiver and the council's change (its pass after every earlier one)
    client.post(f"/van-phong/dot/{round_.code}/mien-nop-muon/", {"don_vi": UNIT_B, "ly_do": REASON})
    entry = round_.roster.get(unit__code=UNIT_B)
    line = a_decimal_line(entry)
    assert f"Ghi thẩm định {line.id}" in page(client_for(personas["appraiser"]).get(f"/tham-dinh/dot/{round_.code}/don-vi/{entry.pk}/"))
    post_change(client_for(personas["appraiser"]), entry, line, "0", "Soát lại khi đính chính")
    assert AppraisalChange.objects.get(entry=entry, criterion_id=line.id).pass_no == 3
    # the publish confirmation says it is a correction
    text = page(client.post(f"/van-phong/dot/{round_.code}/cong-bo/"))
    assert "Lần công bố này là bản đính chính" in text
    first = round_.current_publication
    client.post(f"/van-phong/dot/{round_.code}/cong-bo/", {"xac_nhan": "co"})
    round_.refresh_from_db()
    second = round_.current_publication
    assert round_.state == "published" and second.number == first.number + 1
    # the page lists both publications; the new one says what changed, as its documents do
    home = page(client.get(f"/van-phong/?dot={round_.code}"))
    assert f"Lần {first.number}" in home and f"Lần {second.number} (đính chính lần 1) (hiện hành)" in home
    assert REASON in home
    old, new = Path(db) / first.folder, Path(db) / second.folder
    expected = expected_correction(old, new)
    assert set(expected) == {UNIT_B} and read_correction_html(home) == expected
    for number, name in ((first.number, "bao-cao.docx"), (second.number, "bao-cao.docx"),
                         (second.number, "dinh-chinh.csv")):
        response = client.get(f"/van-phong/dot/{round_.code}/cong-bo/{number}/{name}")
        assert response.status_code == 200, (number, name)
    listed = client.get(f"/van-phong/dot/{round_.code}/cong-bo/{second.number}/dinh-chinh.csv")
    assert UNIT_B in b"".join(listed.streaming_content).decode("utf-8-sig")


@pytest.mark.parametrize("persona", ["unit_b", "appraiser", "leader"])
def test_only_the_office_reopens_a_published_round(personas, published_late, persona):
    response = client_for(personas[persona]).post(f"/van-phong/dot/{published_late.code}/dinh-chinh/",
                                                  {"ly_do": REASON, "xac_nhan": "co"})
    published_late.refresh_from_db()
    assert response.status_code == 403 and published_late.state == "published"


def test_a_round_not_yet_published_cannot_be_reopened(personas, late_b):  # noqa: F811
    text = page(client_for(personas["office"]).post(f"/van-phong/dot/{late_b.code}/dinh-chinh/",
                                                    {"ly_do": REASON, "xac_nhan": "co"}, follow=True))
    late_b.refresh_from_db()
    assert "chỉ mở đính chính được khi đợt đã công bố" in text and late_b.state == "open"
