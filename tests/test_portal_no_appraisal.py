"""A round without appraisal in the browser: the office creates it so, sees it, closes and locks
its results without a council; the appraiser's pages say there is no appraisal stage; in a round
with one, criterion 7.1 (scored only by the council) asks for no reason.  Run again on
PostgreSQL by ``test_portal_postgres``."""

from __future__ import annotations

import html

from portalkit import (UNIT_A, UNIT_B, client_for, collect_sample, db, personas,  # noqa: F401
                       portal_workspace, roster)

FORM = {"bo_tieu_chi": "tep:dvcq-minh-hoa.json", "nam": "2026", "ky": "nam", "ten_ky": "", "ma": "",
        "ten": "", "han_nop": "31/12/2099", "han_tham_dinh": "", "han_giai_trinh": ""}


def page(response) -> str:
    return html.unescape(response.content.decode("utf-8"))


def test_the_office_creates_a_round_without_appraisal_and_locks_it_without_a_council(personas):
    from scoring.workspace.models import AuditEntry, Round

    office = client_for(personas["office"])
    office.post("/van-phong/dot-moi/", {**FORM, "ma": "co-hoi-dong"}, follow=True)
    both = office.post("/van-phong/dot-moi/", {**FORM, "khong_tham_dinh": "on", "han_tham_dinh": "15/1/2100"})
    assert both.status_code == 400 and "không đặt hạn thẩm định hay hạn giải trình được" in page(both)
    assert not Round.objects.filter(code="2026-nam").exists()
    office.post("/van-phong/dot-moi/", {**FORM, "khong_tham_dinh": "on"}, follow=True)
    assert Round.objects.get(code="co-hoi-dong").has_appraisal
    created = Round.objects.get(code="2026-nam")
    assert not created.has_appraisal
    assert AuditEntry.objects.get(round=created, action="round-created").after["has_appraisal"] is False
    move = f"/van-phong/dot/{created.code}/trang-thai/"
    office.post(move, {"trang_thai": "closed"})
    home = page(office.get(f"/van-phong/?dot={created.code}"))
    assert "Không có: kết quả là điểm tự chấm" in home
    assert "Chuyển sang: Đã chốt kết quả" in home and "Chuyển sang: Đang thẩm định" not in home
    refused = page(office.post(move, {"trang_thai": "appraisal"}, follow=True))
    assert "không có bước thẩm định" in refused and "dvk round state final" in refused
    assert "dvk round state appraisal" not in refused
    asked = page(office.post(move, {"trang_thai": "final"}))
    assert "Điểm tự chấm của đơn vị là kết quả của đợt" in asked and "Điểm thẩm định của hội đồng" not in asked
    done = page(office.post(move, {"trang_thai": "final", "xac_nhan": "co"}, follow=True))
    created.refresh_from_db()
    assert created.state == "final" and "đã chuyển sang: Đã chốt kết quả" in done
    appraiser = page(client_for(personas["appraiser"]).get(f"/tham-dinh/?dot={created.code}"))
    assert "Đợt này không có bước thẩm định của hội đồng" in appraiser


def test_the_council_only_criterion_asks_no_reason_in_the_appraisers_form(personas, roster, db):
    from scoring.workspace.models import AppraisalChange
    from scoring.workspace.rounds import move_round

    collect_sample(db, roster, UNIT_B)
    move_round(roster.code, "closed", who="van-phong")
    move_round(roster.code, "appraisal", who="van-phong")
    entry = roster.roster.get(unit__code=UNIT_B)
    appraiser = client_for(personas["appraiser"])
    unit_page = page(appraiser.get(f"/tham-dinh/dot/{roster.code}/don-vi/{entry.pk}/"))
    council_form = unit_page.split('id="ly-do-7.1"')[1].split(">")[0]
    other_form = unit_page.split('id="ly-do-1.1"')[1].split(">")[0]
    assert "required" not in council_form and "required" in other_form
    response = appraiser.post(f"/tham-dinh/dot/{roster.code}/don-vi/{entry.pk}/7.1/",
                              {"tc-7.1-points": "7.5", "ly_do": ""}, follow=True)
    assert "Đã ghi thẩm định tiêu chí 7.1" in page(response)
    assert AppraisalChange.objects.get(entry=entry, criterion_id="7.1").reason == ""


def test_a_unit_is_offered_no_appraisal_results_in_a_round_without_appraisal(personas, roster):
    from scoring.workspace.models import Round

    for has_appraisal in (True, False):
        Round.objects.filter(pk=roster.pk).update(state="final", has_appraisal=has_appraisal)
        text = page(client_for(personas["unit_a"]).get("/don-vi/"))
        assert roster.name in text
        assert ("Xem kết quả thẩm định" in text) == has_appraisal, has_appraisal
