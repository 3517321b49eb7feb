"""The office runs a round in the browser: creates it, imports the roster, checks rulesets, publishes."""

from __future__ import annotations

import html
import io
import json

import pytest

from portalkit import (RULESET_PATH, UNIT_A, UNIT_B, client_for, collect_sample, db, personas,  # noqa: F401
                       portal_workspace, roster)


def page(response) -> str:
    return html.unescape(response.content.decode("utf-8"))


def upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def roster_csv(*rows: str) -> bytes:
    return ("Mã đơn vị,Tên đơn vị,Loại đơn vị\n" + "".join(r + "\n" for r in rows)).encode("utf-8")


def roster_xlsx(*rows: tuple[str, str, str]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    sheet.append(["Mã đơn vị", "Tên đơn vị", "Loại đơn vị"])
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


ROUND_FORM = {"bo_tieu_chi": "tep:dvcq-minh-hoa.json", "nam": "2026", "ky": "nam", "ten_ky": "", "ma": "",
              "ten": "", "han_nop": "15/12/2026 17:00", "han_tham_dinh": "", "han_giai_trinh": ""}


def test_office_creates_a_round_with_its_roster_and_the_creation_is_audited(personas):
    from scoring.workspace.models import AuditEntry, Round

    form = {**ROUND_FORM, "danh_sach": upload("danh-sach.csv", roster_csv(f"{UNIT_A},UBND xã Minh Họa,ubnd_xa"))}
    response = client_for(personas["office"]).post("/van-phong/dot-moi/", form, follow=True)
    created = Round.objects.get(code="2026-nam")
    assert response.redirect_chain[-1][0] == "/van-phong/dot/2026-nam/danh-sach/"
    assert "Đã tạo đợt 2026-nam" in page(response) and "UBND xã Minh Họa" in page(response)
    assert [e.unit.code for e in created.roster.all()] == [UNIT_A]
    assert created.deadlines.get(kind="submission").due.isoformat() == "2026-12-15T10:00:00+00:00"
    assert AuditEntry.objects.get(round=created, action="round-created").actor == "van-phong"


def test_a_deadline_that_is_no_date_is_said_at_its_field(personas):
    from scoring.workspace.models import Round

    response = client_for(personas["office"]).post("/van-phong/dot-moi/", {**ROUND_FORM, "han_nop": "cuối năm"})
    assert response.status_code == 400
    assert "Ngày 'cuối năm' không đúng dạng" in page(response)
    assert not Round.objects.filter(code="2026-nam").exists()


def test_a_round_code_taken_is_a_finding_on_the_page(personas, roster):
    response = client_for(personas["office"]).post("/van-phong/dot-moi/", {**ROUND_FORM, "ma": roster.code})
    assert response.status_code == 400 and f"Đã có đợt đánh giá mã '{roster.code}'" in page(response)


def test_roster_with_one_bad_row_is_refused_with_the_cell_and_the_roster_kept(personas, roster):
    bad = roster_xlsx((UNIT_A, "UBND xã Minh Họa", "ubnd_xa"), ("XA-MOI", "UBND xã Mới", "hop_tac_xa"))
    response = client_for(personas["office"]).post(f"/van-phong/dot/{roster.code}/danh-sach/",
                                                   {"tep": upload("danh-sach.xlsx", bad)})
    text = page(response)
    assert response.status_code == 400
    assert "trang \u2018Danh sách\u2019, ô C3" in text and "Loại đơn vị 'hop_tac_xa' không có" in text
    assert sorted(roster.roster.values_list("unit__code", flat=True)) == sorted([UNIT_A, UNIT_B])


def test_csv_roster_error_names_its_line_and_column(personas, roster):
    response = client_for(personas["office"]).post(f"/van-phong/dot/{roster.code}/danh-sach/", {
        "tep": upload("ds.csv", roster_csv(f"{UNIT_A},,ubnd_xa"))})
    assert response.status_code == 400 and "dòng 2, cột Tên đơn vị" in page(response)


def test_good_roster_adds_units_with_the_account_as_actor(personas, roster):
    from scoring.workspace.models import AuditEntry

    good = roster_xlsx(("XA-MOI", "UBND xã Mới", "UBND xã, phường, đặc khu"))
    response = client_for(personas["office"]).post(f"/van-phong/dot/{roster.code}/danh-sach/",
                                                   {"tep": upload("ds.xlsx", good)}, follow=True)
    assert "thêm 1" in page(response) and "UBND xã Mới" in page(response)
    assert roster.roster.filter(unit__code="XA-MOI").exists()
    assert AuditEntry.objects.filter(round=roster, actor="van-phong").exclude(action="round-created").exists()


def test_a_valid_ruleset_is_stored_audited_and_offered_for_a_new_round(personas):
    from scoring.workspace.models import AuditEntry, RulesetVersion

    client = client_for(personas["office"])
    response = client.post("/van-phong/bo-tieu-chi/", {"tep": upload("cua-toi.json", RULESET_PATH.read_bytes())},
                           follow=True)
    stored = RulesetVersion.objects.get()
    assert "Đã kiểm tra và lưu bộ tiêu chí" in page(response)
    assert AuditEntry.objects.get(action="ruleset-uploaded").actor == "van-phong"
    form = page(client.get("/van-phong/dot-moi/"))
    assert f'value="luu:{stored.pk}"' in form and 'value="tep:dvcq-minh-hoa.json"' in form
    assert 'value="tep:schema.json"' not in form
    client.post("/van-phong/dot-moi/", {**ROUND_FORM, "bo_tieu_chi": f"luu:{stored.pk}", "ma": "tu-bo-luu"})
    assert stored.rounds.get().code == "tu-bo-luu"


def test_a_broken_ruleset_is_refused_with_json_paths_in_vietnamese(personas):
    from scoring.workspace.models import RulesetVersion

    data = json.loads(RULESET_PATH.read_text(encoding="utf-8"))
    data["criteria"][0]["children"][0]["max"] = -3
    response = client_for(personas["office"]).post("/van-phong/bo-tieu-chi/", {
        "tep": upload("hong.json", json.dumps(data, ensure_ascii=False).encode("utf-8"))})
    text = page(response)
    assert response.status_code == 400 and "Không nhận tệp hong.json" in text
    assert "$.criteria[0].children[0]" in text
    assert not RulesetVersion.objects.exists()


def test_a_file_that_is_not_json_is_a_finding_not_an_error_page(personas):
    response = client_for(personas["office"]).post("/van-phong/bo-tieu-chi/", {"tep": upload("x.json", b"\x00PK")})
    assert response.status_code == 400 and "Không nhận tệp x.json" in page(response)


@pytest.fixture
def no_libreoffice(monkeypatch):
    """Publishing as on a machine without LibreOffice (the PDF is tested in the browser test)."""
    monkeypatch.setattr("scoring.reports.pdf.find_soffice", lambda: None)


@pytest.fixture
def closed(roster, db, personas):
    collect_sample(db, roster, UNIT_B)
    client_for(personas["office"]).post(f"/van-phong/dot/{roster.code}/trang-thai/", {"trang_thai": "closed"})
    roster.refresh_from_db()
    return roster


def test_office_publishes_and_downloads_the_ranking_and_the_report(personas, closed, no_libreoffice, tmp_path):
    from docx import Document
    from openpyxl import load_workbook

    from scoring.workspace.models import AuditEntry

    client = client_for(personas["office"])
    response = client.post(f"/van-phong/dot/{closed.code}/cong-bo/", {"xac_nhan": "co"}, follow=True)
    text = page(response)
    number = closed.publications.get().number  # folders of earlier tests' publications stay on disk
    assert f"Đã công bố kết quả lần {number}" in text and "Tải Bảng xếp hạng (Excel)" in text and "(PDF)" not in text
    closed.refresh_from_db()
    assert closed.state == "published"
    assert AuditEntry.objects.get(round=closed, action="published").actor == "van-phong"
    sheet = client.get(f"/van-phong/dot/{closed.code}/cong-bo/{number}/xep-hang.xlsx")
    assert sheet["Content-Disposition"].startswith("attachment")
    (tmp_path / "x.xlsx").write_bytes(b"".join(sheet.streaming_content))
    cells = {str(c.value) for ws in load_workbook(tmp_path / "x.xlsx") for row in ws.iter_rows() for c in row}
    assert UNIT_B in cells
    report = client.get(f"/van-phong/dot/{closed.code}/cong-bo/{number}/bao-cao.docx")
    words = "\n".join(p.text for p in Document(io.BytesIO(b"".join(report.streaming_content))).paragraphs)
    assert "BÁO CÁO" in words.upper()


def test_publishing_an_open_round_is_a_message_and_nothing_is_written(personas, roster, no_libreoffice):
    response = client_for(personas["office"]).post(f"/van-phong/dot/{roster.code}/cong-bo/", follow=True)
    assert "chưa công bố được" in page(response)
    assert not roster.publications.exists()


@pytest.mark.parametrize("name", ["ket-qua.json", "../dvk.sqlite3", "bao-cao.pdf"])
def test_only_listed_documents_of_a_publication_download(personas, closed, no_libreoffice, name):
    client = client_for(personas["office"])
    client.post(f"/van-phong/dot/{closed.code}/cong-bo/", {"xac_nhan": "co"})
    number = closed.publications.get().number
    assert client.get(f"/van-phong/dot/{closed.code}/cong-bo/{number}/{name}").status_code == 404


def test_leadership_downloads_a_publication_a_unit_cannot(personas, closed, no_libreoffice):
    client_for(personas["office"]).post(f"/van-phong/dot/{closed.code}/cong-bo/", {"xac_nhan": "co"})
    url = f"/van-phong/dot/{closed.code}/cong-bo/{closed.publications.get().number}/xep-hang.xlsx"
    assert client_for(personas["leader"]).get(url).status_code == 200
    assert client_for(personas["unit_b"]).get(url).status_code == 403


@pytest.mark.parametrize("persona", ["unit_a", "appraiser", "leader", "nobody"])
@pytest.mark.parametrize("method,url", [
    ("get", "/van-phong/dot-moi/"), ("post", "/van-phong/dot-moi/"), ("get", "/van-phong/bo-tieu-chi/"),
    ("post", "/van-phong/bo-tieu-chi/"), ("get", "/van-phong/dot/2025-nam/danh-sach/"),
    ("post", "/van-phong/dot/2025-nam/danh-sach/"), ("post", "/van-phong/dot/2025-nam/cong-bo/")])
def test_office_set_up_pages_are_refused_to_others(personas, roster, persona, method, url):
    from scoring.workspace.models import Round, RulesetVersion

    before = (Round.objects.count(), RulesetVersion.objects.count(), roster.roster.count())
    response = getattr(client_for(personas[persona]), method)(url, ROUND_FORM)
    assert response.status_code == 403 and "Không có quyền truy cập" in page(response)
    roster.refresh_from_db()
    assert (Round.objects.count(), RulesetVersion.objects.count(), roster.roster.count()) == before
    assert roster.state == "open"


def test_publish_rejects_get(personas, roster):
    assert client_for(personas["office"]).get(f"/van-phong/dot/{roster.code}/cong-bo/").status_code == 405


def test_unknown_round_is_404(personas):
    assert client_for(personas["office"]).get("/van-phong/dot/khong-co/danh-sach/").status_code == 404


def test_a_refused_portal_upload_is_named_in_the_publication_as_the_unit_named_it(personas, roster, db,
                                                                                   no_libreoffice, tmp_path):
    from openpyxl import load_workbook

    client_for(personas["unit_a"]).post("/don-vi/nop/", {"tep": upload("ban-cua-xa.xlsx", b"khong phai excel")})
    office = client_for(personas["office"])
    office.post(f"/van-phong/dot/{roster.code}/trang-thai/", {"trang_thai": "closed"})
    office.post(f"/van-phong/dot/{roster.code}/cong-bo/", {"xac_nhan": "co"})
    number = roster.publications.get().number
    sheet = office.get(f"/van-phong/dot/{roster.code}/cong-bo/{number}/xep-hang.xlsx")
    (tmp_path / "x.xlsx").write_bytes(b"".join(sheet.streaming_content))
    refused = [str(c.value) for row in load_workbook(tmp_path / "x.xlsx")["Tệp bị loại"].iter_rows() for c in row]
    assert "ban-cua-xa.xlsx" in refused and not any("dvk-tai-len" in c for c in refused)


@pytest.fixture
def elsewhere(portal_workspace, monkeypatch):
    """The test points the process at its own new workspace (as ``dvk serve`` does); pointed back after."""
    from scoring.portal.settings import configure

    monkeypatch.delenv("DVK_DATABASE_URL", raising=False)
    yield
    configure(portal_workspace)


def test_serve_with_office_makes_the_workspace_and_an_office_account_that_signs_in(elsewhere, tmp_path):
    from django.contrib.auth import authenticate

    from scoring.portal.access import who_is
    from scoring.portal.serve import prepare

    folder = tmp_path / "khong-gian-moi"
    made = prepare(folder, office="van-phong-huyen")
    assert (folder / "dvk.sqlite3").is_file() and [(a.username, a.role) for a in made] == [("van-phong-huyen", "office")]
    user = authenticate(username="van-phong-huyen", password=made[0].password)
    assert who_is(user).role == "office"
    again = prepare(folder, office="van-phong-huyen")  # run again: a new password, the old one no longer works
    assert authenticate(username="van-phong-huyen", password=made[0].password) is None
    assert authenticate(username="van-phong-huyen", password=again[0].password) is not None


def test_serve_refuses_an_office_name_django_cannot_sign_in_with(elsewhere, tmp_path):
    from scoring.core.findings import DvkError
    from scoring.portal.serve import prepare

    with pytest.raises(DvkError) as refused:
        prepare(tmp_path / "ws", office="văn phòng")
    assert refused.value.findings[0].code == "portal-bad-username"


def test_office_creates_an_appraiser_account_shown_once_that_signs_in(personas):
    from django.contrib.auth import authenticate

    from scoring.portal.access import who_is
    from scoring.workspace.models import AuditEntry

    response = client_for(personas["office"]).post("/van-phong/can-bo/", {
        "ten_dang_nhap": "tham-dinh-2", "ho_ten": "Nguyễn Văn Thẩm", "vai_tro": "appraiser"})
    text = page(response)
    password = text.split('id="mat-khau-moi">')[1].split("<")[0]
    assert response["Cache-Control"] == "no-store"
    assert who_is(authenticate(username="tham-dinh-2", password=password)).role == "appraiser"
    logged = AuditEntry.objects.get(action="account-created")
    assert logged.actor == "van-phong" and password not in str(logged.after)


def test_a_taken_account_name_is_refused_at_its_field(personas):
    response = client_for(personas["office"]).post("/van-phong/can-bo/", {
        "ten_dang_nhap": "Tham-Dinh", "ho_ten": "X", "vai_tro": "office"})
    assert response.status_code == 400 and "Đã có tài khoản 'Tham-Dinh'" in page(response)
    assert personas["appraiser"].dvk_account.role == "appraiser"


@pytest.mark.parametrize("persona", ["unit_a", "appraiser", "leader", "nobody"])
def test_only_the_office_creates_staff_accounts(personas, persona):
    from django.contrib.auth import get_user_model

    response = client_for(personas[persona]).post("/van-phong/can-bo/", {
        "ten_dang_nhap": "lanh-dao-2", "ho_ten": "X", "vai_tro": "office"})
    assert response.status_code == 403 and not get_user_model().objects.filter(username="lanh-dao-2").exists()
