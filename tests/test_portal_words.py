"""Every page speaks the ruleset's words: field and choice labels, never stored keys; the web
form asks units only what they answer; the workspace's workbooks keep a formula-like text as text."""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest

from portalkit import (RULESET_PATH, UNIT_A, UNIT_B, client_for, collect_sample, db,  # noqa: F401
                       personas, portal_workspace, roster)
from scoring.rules.index import index_of
from scoring.rules.load import load_ruleset
from scoring.rules.words import value_words


def page(response) -> str:
    return html.unescape(response.content.decode("utf-8"))


def visible(response) -> str:
    """The page's text as read, without tags (field names are keys, rightly)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode("utf-8")))


def fields_of(criterion: str):
    return index_of(load_ruleset(RULESET_PATH)).by_id[criterion].fields


@pytest.mark.parametrize("criterion,value,words", [
    ("3.2", "4", "Từ 4 lần trở lên"),
    ("2.1", {"numerator": 5, "denominator": Decimal("5.5")},
     "Số buổi đã tiếp công dân: 5; Số buổi phải tiếp theo quy định: 5,5"),
    ("1.3", {"lanh_dao": True, "chuong_trinh": False},
     "Phân công lãnh đạo phụ trách: Có; Đưa vào chương trình công tác năm: Không"),
    ("1.1", True, "Có"),
    ("4.1", Decimal("87.25"), "87,25"),
    ("3.2", None, "—"),
    ("3.2", "Không áp dụng", "Không áp dụng"),
    ("3.2", "khong-co-muc-nay", "khong-co-muc-nay"),  # a value the ruleset does not name: as stored
])
def test_a_stored_value_reads_in_the_rulesets_labels(criterion, value, words):
    assert value_words(value, fields_of(criterion)) == words


def test_the_appraiser_and_the_unit_read_labels_not_keys(personas, roster, db):
    from scoring.workspace.rounds import move_round

    collect_sample(db, roster, UNIT_A)
    move_round(roster.code, "closed", who="van-phong")
    move_round(roster.code, "appraisal", who="van-phong")
    entry = roster.roster.get(unit__code=UNIT_A)
    text = visible(client_for(personas["appraiser"]).get(f"/tham-dinh/dot/{roster.code}/don-vi/{entry.pk}/"))
    assert "Số buổi đã tiếp công dân:" in text and "numerator" not in text and "lanh_dao" not in text
    assert "Phân công lãnh đạo phụ trách:" in text


@pytest.fixture
def late_round(personas, db, tmp_path):
    """An open round whose lateness fact is F1 (set by the portal from the time of submission)."""
    from scoring.workspace.rounds import RoundSpec, create_round
    from scoring.workspace.store import Workspace

    listing = tmp_path / "danh-sach.csv"
    listing.write_text("Mã đơn vị,Tên đơn vị,Loại đơn vị\n"
                       f"{UNIT_A},UBND xã Minh Họa,ubnd_xa\n{UNIT_B},\"=HYPERLINK(\"\"http://x.invalid\"\",\"\"Bấm\"\")\","
                       "so_ban_nganh\n", encoding="utf-8")
    return create_round(Workspace(db), RoundSpec(
        ruleset_path=RULESET_PATH, year=2025, code="2025-muon", deadlines={"submission": "31/12/2099"},
        roster_path=listing, late_fact="F1"), who="van-phong")


def test_the_web_form_asks_units_only_what_they_answer(personas, late_round):
    text = page(client_for(personas["unit_a"]).get("/don-vi/dien/"))
    assert "Điểm cấp trên chấm" not in text and 'name="tc-7.1-points"' not in text  # appraiser only
    assert "Nộp hồ sơ tự đánh giá quá hạn" not in text  # the round's lateness fact: the portal sets it
    assert "Người đứng đầu bị kỷ luật" in text and "Giá trị" not in text


def test_a_formula_like_unit_name_stays_text_in_the_missing_units_workbook(personas, late_round, tmp_path):
    from openpyxl import load_workbook

    response = client_for(personas["office"]).get(f"/van-phong/dot/{late_round.code}/chua-nop.xlsx")
    path = tmp_path / "chua-nop.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    cells = [c for ws in load_workbook(path) for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" for c in cells)
    assert "<f>" not in _sheet_xml(path)


def _sheet_xml(path) -> str:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/"))


def test_the_unit_home_after_the_lock_offers_no_upload_steps_and_counts_its_errors(personas, roster):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from scoring.workspace.rounds import move_round

    move_round(roster.code, "closed", who="van-phong")
    client = client_for(personas["unit_a"])
    text = page(client.get("/don-vi/"))
    assert "Hồ sơ của đơn vị" in text and "Tải biểu mẫu" not in text and "Nộp bản tự chấm điểm" not in text
    response = client.post("/don-vi/nop/", {"tep": SimpleUploadedFile("so-lieu.xlsx", b"PK...")})
    text = page(response)
    assert response.status_code == 400 and "Cần sửa 1 lỗi" in text and " cảnh báo</h2>" not in text


def test_locking_the_results_is_said_first_and_done_on_the_second_press(personas, roster, db):
    from scoring.workspace.models import AuditEntry
    from scoring.workspace.rounds import move_round

    for state in ("closed", "appraisal"):
        move_round(roster.code, state, who="van-phong")
    office = client_for(personas["office"])
    url = f"/van-phong/dot/{roster.code}/trang-thai/"
    text = page(office.post(url, {"trang_thai": "final"}))
    roster.refresh_from_db()
    assert roster.state == "appraisal" and "Không thể hoàn tác" in text and "không ai sửa được nữa" in text
    # (the audit values are stored as written, in order: not a JSON column to query by key)
    assert not any(isinstance(e.after, dict) and e.after.get("state") == "final" for e in AuditEntry.objects.all())
    office.post(url, {"trang_thai": "final", "xac_nhan": "co"})
    roster.refresh_from_db()
    assert roster.state == "final"


def test_publishing_is_said_first_and_done_on_the_second_press(personas, roster, db, monkeypatch):
    from scoring.workspace.rounds import move_round

    monkeypatch.setattr("scoring.reports.pdf.find_soffice", lambda: None)  # the PDF: the browser test's

    move_round(roster.code, "closed", who="van-phong")
    office = client_for(personas["office"])
    url = f"/van-phong/dot/{roster.code}/cong-bo/"
    text = page(office.post(url))
    assert "lần công bố thứ 1" in text and "«Đã khóa nhận hồ sơ», chưa chốt kết quả" in text
    assert not roster.publications.exists()
    office.post(url, {"xac_nhan": "co"})
    roster.refresh_from_db()
    assert roster.state == "published" and roster.publications.count() == 1


def test_a_date_typed_as_text_is_read_back_day_and_month_in_words():
    from scoring.core.findings import Location, make
    from scoring.workbook.hygiene import as_date

    day, notes, ok = as_date("01/03/2026")
    message = make(notes[-1][0], Location(), **notes[-1][1]).message
    assert ok and day.month == 3 and "ngày 1 tháng 3 năm 2026" in message and "ngày/tháng/năm" in message


def test_the_appraiser_queue_shows_the_total_after_appraisal(personas, roster, db):
    from scoring.core.decimals import fmt
    from scoring.portal.appraise import lines
    from scoring.workspace.rounds import move_round

    collect_sample(db, roster, UNIT_A)
    for state in ("closed", "appraisal"):
        move_round(roster.code, state, who="van-phong")
    entry = roster.roster.get(unit__code=UNIT_A)
    line = next(x for x in lines(entry)[1] if x.id == "4.1")
    client = client_for(personas["appraiser"])
    client.post(f"/tham-dinh/dot/{roster.code}/don-vi/{entry.pk}/4.1/", {"tc-4.1-value": "0", "ly_do": "Sai số liệu"})
    total = lines(entry)[0].final.total
    assert total < lines(entry)[0].self_totals.total or line.self_points == 0
    row = visible(client.get("/tham-dinh/")).split(entry.name)[1]
    assert fmt(total) in row.split("\n")[0] or fmt(total) in row[:200]


def test_the_dashboard_lists_units_without_a_result_and_uses_the_rosters_names(personas, late_round, db):
    from scoring.workspace.models import RosterEntry

    collect_sample(db, late_round, UNIT_A)
    RosterEntry.objects.filter(round=late_round, unit__code=UNIT_A).update(name="Xã Minh Họa (theo danh sách)")
    text = visible(client_for(personas["leader"]).get(f"/lanh-dao/?dot={late_round.code}"))
    assert "Xã Minh Họa (theo danh sách)" in text and "UBND xã Minh Họa" not in text
    assert "Chưa có kết quả (1)" in text and UNIT_B in text and "Chưa nộp" in text
    assert "1 đơn vị chưa có kết quả" in " ".join(text.split())


def test_a_refused_file_of_a_signed_in_unit_names_the_unit_in_vietnamese(personas, roster):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client_for(personas["unit_a"]).post("/don-vi/nop/", {"tep": SimpleUploadedFile("so-lieu.xlsx", b"not a workbook")})
    text = visible(client_for(personas["office"]).get(f"/van-phong/?dot={roster.code}"))
    refused = text.split("Tệp bị loại (1)")[1]
    assert f"UBND xã Minh Họa ({UNIT_A})" in refused and "không rõ đơn vị" not in refused
    assert not re.search(r"\[[a-z-]+\]", refused)  # no finding code in brackets


def test_a_unit_is_named_as_its_roster_names_it_in_the_page_header(personas, roster):
    from scoring.workspace.models import RosterEntry, Unit

    Unit.objects.filter(code=UNIT_A).update(name="Tên cũ lúc tạo tài khoản")
    RosterEntry.objects.filter(round=roster, unit__code=UNIT_A).update(name="Xã Minh Họa mới")
    text = visible(client_for(personas["unit_a"]).get("/don-vi/"))
    assert "Xã Minh Họa mới · Đơn vị" in " ".join(text.split()) and "Tên cũ" not in text


LEAVES = [info for info in index_of(load_ruleset(RULESET_PATH)).leaves if len(info.fields) > 1]


def _field_value(field):
    from hypothesis import strategies as st

    if field.kind == "boolean":
        return st.booleans()
    if field.kind == "choice":
        return st.sampled_from([key for key, _ in field.choices])
    return st.decimals(min_value=0, max_value=1000, places=2)


@pytest.mark.parametrize("info", LEAVES, ids=[i.id for i in LEAVES])
def test_no_stored_key_reaches_the_words_of_a_multi_field_criterion(info):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=25, deadline=None)
    @given(st.fixed_dictionaries({f.key: _field_value(f) for f in info.fields}))
    def check(value):
        words = value_words(value, info.fields)
        assert all(f"{f.key}:" not in words for f in info.fields if f.key not in f.label)
        assert all(f"{f.label}: " in words for f in info.fields)

    check()
