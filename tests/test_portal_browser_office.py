"""The office runs a round in real Chromium: ruleset check, new round, roster with a bad row, publication.

Its own ``dvk serve --demo`` (the fixtures of ``test_portal_browser``, instantiated for this module),
so the round it creates does not change what the unit tests there see.  Screenshots at 390 and
1280 px go to ``build/portal-screenshots/`` with the others.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from sysdeps import require
from test_portal_browser import (ROOT, browser, demo_folder, server, shoot,  # noqa: F401
                                 sideways_overflow, sign_in_by_keyboard, upload)

OFFICE, OFFICE_PASSWORD = "vanphong", "vanphong-demo"
UNIT, UNIT_PASSWORD = "XA-TAPDUOT", "donvi-demo"
CODE = "2025-6-thang"  # the sample workbooks are of 2025


def roster_xlsx(path: Path, *rows: tuple[str, str, str]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Danh sách"
    book.active.append(["Mã đơn vị", "Tên đơn vị", "Loại đơn vị"])
    for row in rows:
        book.active.append(list(row))
    book.save(path)
    return path


def office_page(browser, width=1280):  # noqa: F811 - the fixture's value
    page = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN",
                               accept_downloads=True).new_page()
    return page


def test_a_broken_ruleset_is_refused_with_its_json_path(server, browser, tmp_path):  # noqa: F811
    broken = json.loads((ROOT / "criteria" / "dvcq-minh-hoa.json").read_text(encoding="utf-8"))
    del broken["criteria"][1]["children"][0]["method"]
    path = tmp_path / "bo-tieu-chi-loi.json"
    path.write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    page = office_page(browser)
    sign_in_by_keyboard(page, server, OFFICE, OFFICE_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("link", name="Bộ tiêu chí").click()
    page.get_by_label("Bộ tiêu chí (.json)").set_input_files(str(path))
    with page.expect_navigation():
        page.get_by_role("button", name="Kiểm tra và lưu").click()
    text = page.inner_text("main")
    assert "Không nhận tệp bo-tieu-chi-loi.json" in text and "$.criteria[1].children[0]" in text
    assert sideways_overflow(page) == 0
    shoot(page, "van-phong-bo-tieu-chi-loi")


def test_office_creates_a_round_imports_a_roster_publishes_and_downloads(server, browser, tmp_path):  # noqa: F811
    page = office_page(browser)
    sign_in_by_keyboard(page, server, OFFICE, OFFICE_PASSWORD)
    _create_round(page)
    _import_roster(page, tmp_path)
    _unit_uploads(server, browser)
    page.goto(f"{server}/van-phong/?dot={CODE}")
    with page.expect_navigation():
        page.get_by_role("button", name="Chuyển sang: Đã khóa nhận hồ sơ").click()
    require("soffice")  # the server writes the PDF copy when LibreOffice is installed
    with page.expect_navigation():
        page.get_by_role("button", name="Công bố kết quả", exact=True).click()
    said = page.inner_text("main")  # the irreversible step is said first, and nothing is done yet
    assert "lần công bố thứ 1" in said and "Không thể hoàn tác" in said and "chưa chốt kết quả" in said
    shoot(page, "van-phong-xac-nhan-cong-bo")
    with page.expect_navigation(timeout=240_000):
        page.get_by_role("button", name="Công bố kết quả (lần 1)").click()
    assert "Đã công bố kết quả lần 1" in page.inner_text("main")
    shoot(page, "van-phong-cong-bo")
    _check_downloads(page, tmp_path)


def _create_round(page) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name="Tạo đợt").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Tạo đợt đánh giá"
    page.get_by_label("Bộ tiêu chí").select_option("tep:dvcq-minh-hoa.json")
    page.get_by_label("Năm đánh giá").fill("2025")
    page.get_by_label("Kỳ đánh giá").select_option("6-thang")
    page.get_by_label("Hạn nộp hồ sơ").fill("31/12/2099 17:00")
    shoot(page, "van-phong-tao-dot")
    with page.expect_navigation():
        page.get_by_role("button", name="Tạo đợt").click()
    assert f"Đã tạo đợt {CODE}" in page.inner_text("main")


def _import_roster(page, tmp_path: Path) -> None:
    bad = roster_xlsx(tmp_path / "danh-sach.xlsx", (UNIT, "UBND xã Tập Dượt", "ubnd_xa"),
                      ("XA-SAI", "UBND xã Sai Loại", "hop_tac_xa"))
    page.get_by_label("Danh sách đơn vị (.xlsx hoặc .csv)").set_input_files(str(bad))
    with page.expect_navigation():
        page.get_by_role("button", name="Nhập danh sách").click()
    finding = page.locator(".finding").first.inner_text()
    assert "ô C3" in finding and "hop_tac_xa" in finding
    assert "Đợt chưa có đơn vị nào" in page.inner_text("main")
    assert sideways_overflow(page) == 0
    shoot(page, "van-phong-danh-sach-loi")
    good = roster_xlsx(tmp_path / "danh-sach-da-sua.xlsx", (UNIT, "UBND xã Tập Dượt", "ubnd_xa"))
    page.get_by_label("Danh sách đơn vị (.xlsx hoặc .csv)").set_input_files(str(good))
    with page.expect_navigation():
        page.get_by_role("button", name="Nhập danh sách").click()
    assert "thêm 1" in page.inner_text("main")
    assert page.locator("#danh-sach-don-vi tbody tr").all_inner_texts()[0].startswith(UNIT)
    shoot(page, "van-phong-danh-sach")


def _unit_uploads(server, browser) -> None:  # noqa: F811
    unit = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN").new_page()
    sign_in_by_keyboard(unit, server, UNIT, UNIT_PASSWORD)
    assert "6 tháng" in unit.inner_text("main")
    upload(unit, ROOT / "sample_inputs" / "xa-tapduot.xlsx")
    assert unit.get_by_role("heading", level=1).inner_text() == "Kết quả chấm điểm"


def _check_downloads(page, tmp_path: Path) -> None:
    from docx import Document
    from openpyxl import load_workbook

    saved = {}
    for label, name in (("Excel", "xep-hang.xlsx"), ("Word", "bao-cao.docx"), ("PDF", "bao-cao.pdf")):
        with page.expect_download() as info:
            page.get_by_role("link", name=f"({label})").first.click()
        saved[name] = tmp_path / info.value.suggested_filename
        info.value.save_as(saved[name])
    cells = {str(c.value) for ws in load_workbook(saved["xep-hang.xlsx"]) for row in ws.iter_rows() for c in row}
    assert UNIT in cells
    report = Document(saved["bao-cao.docx"])
    words = [p.text for p in report.paragraphs] + [c.text for t in report.tables for r in t.rows for c in r.cells]
    assert any("Tập Dượt" in w for w in words)
    text = subprocess.run([require("pdftotext"), str(saved["bao-cao.pdf"]), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Tập Dượt" in text


def test_office_creates_an_appraiser_account_that_signs_in(server, browser):  # noqa: F811
    page = office_page(browser, width=390)
    sign_in_by_keyboard(page, server, OFFICE, OFFICE_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("link", name="Tài khoản cán bộ").click()
    page.get_by_label("Tên đăng nhập").fill("tham-dinh-moi")
    page.get_by_label("Họ tên hoặc chức danh").fill("Trần Thị Thẩm Định")
    page.get_by_label("Vai trò").select_option("appraiser")
    with page.expect_navigation():
        page.get_by_role("button", name="Tạo tài khoản").click()
    password = page.locator("#mat-khau-moi").inner_text()
    assert sideways_overflow(page) == 0
    shoot(page, "van-phong-tai-khoan-can-bo")
    appraiser = office_page(browser)
    sign_in_by_keyboard(appraiser, server, "tham-dinh-moi", password)
    assert "Trần Thị Thẩm Định" in appraiser.inner_text("header")


def test_the_leadership_changes_its_password_and_the_office_gives_it_a_new_one(server, browser):  # noqa: F811
    leader = office_page(browser, width=390)
    sign_in_by_keyboard(leader, server, "lanhdao", "lanhdao-demo")
    with leader.expect_navigation():
        leader.get_by_role("link", name="Đổi mật khẩu").click()
    leader.get_by_label("Mật khẩu cũ").fill("lanhdao-demo")
    leader.get_by_label("Mật khẩu mới", exact=True).fill("Lanh-dao-tinh-2026")
    leader.get_by_label("Xác nhận mật khẩu mới").fill("Lanh-dao-tinh-2026")
    shoot(leader, "doi-mat-khau")
    with leader.expect_navigation():
        leader.get_by_role("button", name="Đổi mật khẩu").click()
    assert "Đã đổi mật khẩu" in leader.inner_text("main") and sideways_overflow(leader) == 0
    office = office_page(browser)
    sign_in_by_keyboard(office, server, OFFICE, OFFICE_PASSWORD)
    with office.expect_navigation():
        office.get_by_role("link", name="Cấp lại mật khẩu").click()
    office.get_by_label("Tên đăng nhập (đơn vị: mã đơn vị)").fill("lanhdao")
    with office.expect_navigation():
        office.get_by_role("button", name="Cấp mật khẩu mới").click()
    password = office.locator("#mat-khau-moi").inner_text().strip()
    shoot(office, "van-phong-cap-lai-mat-khau")
    again = office_page(browser, width=390)
    sign_in_by_keyboard(again, server, "lanhdao", password)
    assert again.get_by_role("heading", level=1).inner_text() == "Kết quả, xếp hạng"
    with office.expect_navigation():
        office.get_by_role("link", name="Nhật ký").click()
    log = office.inner_text("#nhat-ky")
    assert "Cấp lại mật khẩu" in log and "Đổi mật khẩu" in log and password not in log
