"""The model register in the browser (issue 25 item 2): a unit registers its models by the form
(checked as the command line and the file reader check them; late after the year's deadline)
and sees their statuses; it never sees another unit's (404); the office sees the year's register,
records status steps (an impossible one refused, saying what is allowed), replications and the
deadline.  (Run again on PostgreSQL by tests/test_portal_models_postgres.py.)"""

from __future__ import annotations

import datetime as dt
import html

from portalkit import UNIT_A, UNIT_B, client_for, db, personas, portal_workspace, roster  # noqa: F401

FORM = {"ma": "MH-A1", "ten": "Chợ quê không rác", "linh_vuc": "kinh_te", "doi_tuong": "Tiểu thương",
        "ca_nhan": "", "tu_ngay": "", "den_ngay": ""}


def page(response) -> str:
    return html.unescape(response.content.decode("utf-8"))


def this_year() -> int:
    from scoring.workspace.modelstore import today

    return today().year


def test_a_unit_registers_by_the_form_and_sees_its_models_only(personas, roster):
    from scoring.workspace.modelbook import year_register
    from scoring.workspace.models import AuditEntry, RegisteredModel

    unit_a, unit_b = client_for(personas["unit_a"]), client_for(personas["unit_b"])
    assert "Đăng ký và xem mô hình" in page(unit_a.get("/don-vi/"))
    done = unit_a.post("/don-vi/mo-hinh/", FORM, follow=True)
    assert "Đã đăng ký mô hình MH-A1 (Chợ quê không rác)" in page(done)
    assert unit_b.post("/don-vi/mo-hinh/", {**FORM, "ma": "MH-B1", "ten": "Một cửa thân thiện",
                                            "ca_nhan": "Trần Văn Mẫu"}).status_code == 302
    mine, theirs = RegisteredModel.objects.get(code="MH-A1"), RegisteredModel.objects.get(code="MH-B1")
    assert (mine.unit.code, mine.channel, mine.target_group, mine.registered_by) == (UNIT_A, "portal", "Tiểu thương",
                                                                                     "don-vi-a")
    listing = page(unit_a.get("/don-vi/mo-hinh/"))
    assert "MH-A1" in listing and "MH-B1" not in listing and "Trần Văn Mẫu" not in listing
    assert "Đăng ký</td>" in listing  # its status
    assert unit_a.get(f"/don-vi/mo-hinh/{mine.pk}/").status_code == 200
    assert unit_a.get(f"/don-vi/mo-hinh/{theirs.pk}/").status_code == 404
    assert unit_a.get("/don-vi/mo-hinh/999999/").status_code == 404
    assert client_for(personas["office"]).get("/don-vi/mo-hinh/").status_code == 403
    assert unit_a.get("/van-phong/mo-hinh/").status_code == 403
    assert [m.code for m in year_register(this_year()).models] == ["MH-A1", "MH-B1"]
    assert AuditEntry.objects.filter(action="model-registered", actor="don-vi-a").count() == 1


def test_a_wrong_or_taken_registration_is_refused_at_the_form_and_nothing_is_kept(personas, roster):
    from scoring.workspace.models import RegisteredModel

    unit_a, unit_b = client_for(personas["unit_a"]), client_for(personas["unit_b"])
    refused = unit_a.post("/don-vi/mo-hinh/", {**FORM, "ten": ""})
    assert refused.status_code == 400 and "Chưa nhập tên mô hình." in page(refused)
    refused = unit_a.post("/don-vi/mo-hinh/", {**FORM, "tu_ngay": "01/06/2025", "den_ngay": "01/05/2025"})
    assert refused.status_code == 400 and "'từ ngày' 01/06/2025 sau 'đến ngày' 01/05/2025" in page(refused)
    assert unit_a.post("/don-vi/mo-hinh/", FORM).status_code == 302
    refused = unit_b.post("/don-vi/mo-hinh/", FORM)  # another unit, the same code
    assert refused.status_code == 400 and "Mã mô hình 'MH-A1' đã đăng ký năm" in page(refused)
    assert RegisteredModel.objects.count() == 1


def test_after_the_deadline_a_registration_is_kept_and_marked_late(personas, roster):
    from scoring.workspace.modelstore import set_deadline
    from scoring.workspace.store import Workspace

    set_deadline(Workspace(roster_root()), this_year(), dt.date(this_year(), 1, 1) - dt.timedelta(days=1), "van-phong")
    done = client_for(personas["unit_a"]).post("/don-vi/mo-hinh/", FORM, follow=True)
    text = page(done)
    assert "sau hạn đăng ký" in text and "(đăng ký muộn)" in text


def roster_root():
    from django.conf import settings

    return settings.DVK_WORKSPACE


def test_the_office_records_statuses_replication_and_the_deadline(personas, roster):
    from scoring.workspace.modelbook import year_register
    from scoring.workspace.models import RegisteredModel

    assert client_for(personas["unit_a"]).post("/don-vi/mo-hinh/", FORM).status_code == 302
    office = client_for(personas["office"])
    year = this_year()
    from scoring.workspace.modelstore import today as vn_today

    today = vn_today().strftime("%d/%m/%Y")
    assert "MH-A1" in page(office.get(f"/van-phong/mo-hinh/?nam={year}"))
    jump = office.post("/van-phong/mo-hinh/trang-thai/", {"nam": year, "ma": "MH-A1", "trang_thai": "cong_nhan_tinh",
                                                         "ngay": today, "quyet_dinh": "12/QĐ-UBND"})
    assert jump.status_code == 400
    text = page(jump)
    assert "đang ở trạng thái 'Đăng ký', không chuyển sang 'Công nhận cấp tỉnh'" in text
    assert "'Triển khai' (trien_khai)" in text
    bad_day = office.post("/van-phong/mo-hinh/trang-thai/", {"nam": year, "ma": "MH-A1", "trang_thai": "trien_khai",
                                                            "ngay": "32/13/2025"})
    assert bad_day.status_code == 400 and "Nhập ngày dạng ngày/tháng/năm" in page(bad_day)
    for status in ("trien_khai", "danh_gia", "cong_nhan_huyen"):
        moved = office.post("/van-phong/mo-hinh/trang-thai/", {"nam": year, "ma": "MH-A1", "trang_thai": status,
                                                              "ngay": today, "quyet_dinh": "12/QĐ-UBND",
                                                              "co_quan": "UBND huyện"}, follow=True)
        assert moved.status_code == 200, page(moved)
    assert "Công nhận cấp huyện" in page(moved)
    copied = office.post("/van-phong/mo-hinh/nhan-rong/", {"nam": year, "ma": "MH-A1", "don_vi": UNIT_B}, follow=True)
    assert f"Đơn vị {UNIT_B} nhân rộng mô hình MH-A1: mô hình MH-A1-{UNIT_B}." in page(copied)
    own = office.post("/van-phong/mo-hinh/nhan-rong/", {"nam": year, "ma": "MH-A1", "don_vi": UNIT_A})
    assert own.status_code == 400 and "nhân rộng là một đơn vị khác" in page(own)
    deadline = office.post("/van-phong/mo-hinh/han/", {"nam": year, "han": f"31/03/{year}"}, follow=True)
    assert f"Hạn đăng ký mô hình năm {year}: 31/03/{year}." in page(deadline)
    assert [(m.code, m.unit_code, m.status) for m in year_register(year).models] == [
        ("MH-A1", UNIT_A, "cong_nhan_huyen"), (f"MH-A1-{UNIT_B}", UNIT_B, "dang_ky")]
    # the unit sees its model's steps with the deciding document, and not the replication's page
    unit_a = client_for(personas["unit_a"])
    history = page(unit_a.get(f"/don-vi/mo-hinh/{RegisteredModel.objects.get(code='MH-A1').pk}/"))
    assert "Công nhận cấp huyện ngày" in history and "theo văn bản số 12/QĐ-UBND" in history
    assert unit_a.get(f"/don-vi/mo-hinh/{RegisteredModel.objects.get(code=f'MH-A1-{UNIT_B}').pk}/").status_code == 404


def test_the_office_chooses_in_the_portal_whether_a_round_takes_the_register(personas, roster):
    """The page's form does what dvk mo-hinh so dot does; a round that does not exist is a 404."""
    from scoring.workspace.models import AuditEntry, Round

    office = client_for(personas["office"])
    chosen = office.post("/van-phong/mo-hinh/dot/", {"nam": "2025", "dot": "2025-nam", "dung": "1"}, follow=True)
    assert "Đợt 2025-nam lấy số mô hình từ sổ năm 2025." in page(chosen)
    assert Round.objects.get(code="2025-nam").uses_model_register
    assert AuditEntry.objects.filter(round__code="2025-nam").exclude(action="round-created").exists()
    dropped = office.post("/van-phong/mo-hinh/dot/", {"nam": "2025", "dot": "2025-nam", "dung": "0"}, follow=True)
    assert "Đợt 2025-nam thôi lấy số mô hình từ sổ." in page(dropped)
    assert not Round.objects.get(code="2025-nam").uses_model_register
    assert office.post("/van-phong/mo-hinh/dot/", {"nam": "2025", "dot": "KHONG-CO", "dung": "1"}).status_code == 404
    unit = client_for(personas["unit_a"]).post("/van-phong/mo-hinh/dot/", {"nam": "2025", "dot": "2025-nam", "dung": "1"})
    assert unit.status_code in (302, 403)  # a unit's account is not the office's
