"""Evidence documents and explanations in real Chromium against ``dvk serve --demo`` (its own
server: the round moves through appraisal and explanations here).

A commune on a phone sends its workbook, attaches a PDF to criterion 1.1 in the web form and
submits; the appraiser downloads the PDF and lowers 1.1 with a reason; the commune reads the
reason and answers; the appraiser, back in appraisal, sees the answer and records a second pass.
Every page is screenshotted at 390 and 1280 px into ``build/portal-screenshots/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from test_portal_browser import (PASSWORD, ROOT, browser, demo_folder, server, shoot,  # noqa: F401
                                 sideways_overflow, sign_in_by_keyboard, upload)

UNIT = "XA-TAPDUOT"
WORKBOOK = ROOT / "sample_inputs" / "xa-tapduot.xlsx"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
REASON = "Kế hoạch ban hành sau ngày 31/3"
ANSWER = "Kế hoạch số 12/KH-UBND ban hành ngày 20/3, đính kèm bản chụp"


@pytest.fixture(scope="module")
def pdf_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tai-lieu") / "ke-hoach-12.pdf"
    path.write_bytes(PDF)
    return path


def page_as(browser, username, password, base, phone=False):  # noqa: F811
    size = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
    page = browser.new_context(viewport=size, locale="vi-VN", accept_downloads=True).new_page()
    sign_in_by_keyboard(page, base, username, password)
    return page


def move(office, base, label):
    office.goto(base + "/van-phong/")
    with office.expect_navigation():
        office.get_by_role("button", name=f"Chuyển sang: {label}").click()
    assert "đã chuyển sang" in office.inner_text("main")


def test_evidence_appraisal_and_explanation_in_the_browser(server, browser, pdf_file):  # noqa: F811
    unit = page_as(browser, UNIT, PASSWORD, server, phone=True)
    upload(unit, WORKBOOK)
    unit.goto(server + "/don-vi/dien/")
    item = unit.locator("#tc-1\\.1")
    item.get_by_label("Đính kèm tệp kiểm chứng").set_input_files(str(pdf_file))
    with unit.expect_navigation():
        unit.get_by_role("button", name="Lưu nháp").click()
    assert "Đã lưu bản nháp và 1 tệp kiểm chứng" in unit.inner_text("main")
    assert unit.locator("#tc-1\\.1").get_by_role("link", name="ke-hoach-12.pdf").is_visible()
    assert sideways_overflow(unit) == 0
    shoot(unit, "don-vi-dien-tai-lieu")
    with unit.expect_navigation():
        unit.get_by_role("button", name="Nộp và chấm điểm").click()
    assert unit.get_by_role("heading", level=1).inner_text() == "Kết quả chấm điểm"

    office = page_as(browser, "vanphong", "vanphong-demo", server)
    for label in ("Đã khóa nhận hồ sơ", "Đang thẩm định"):
        move(office, server, label)
    appraiser = page_as(browser, "thamdinh", "thamdinh-demo", server)
    with appraiser.expect_navigation():
        appraiser.get_by_role("link", name="UBND xã Tập Dượt").click()
    item = appraiser.locator("#tc-1\\.1")
    assert "Tệp đính kèm: ke-hoach-12.pdf" in item.inner_text()
    with appraiser.expect_download() as got:
        item.get_by_role("link", name="Tải ke-hoach-12.pdf").click()
    assert got.value.suggested_filename == "ke-hoach-12.pdf"
    assert Path(got.value.path()).read_bytes() == PDF
    item.get_by_label("Đã ban hành kế hoạch đúng hạn (thẩm định)").select_option("khong")
    item.get_by_label("Lý do").fill(REASON)
    with appraiser.expect_navigation():
        item.get_by_role("button", name="Ghi thẩm định 1.1").click()
    assert "Đã ghi thẩm định tiêu chí 1.1" in appraiser.inner_text("main")

    unit.goto(server + "/don-vi/giai-trinh/")
    assert "Chưa đến thời gian giải trình" in unit.inner_text("main")
    assert REASON in unit.inner_text("main")
    shoot(unit, "don-vi-giai-trinh-chua-mo")
    move(office, server, "Đang nhận giải trình")
    unit.goto(server + "/don-vi/")
    shoot(unit, "don-vi-trang-chu-giai-trinh")
    with unit.expect_navigation():
        unit.get_by_role("link", name="Xem và giải trình").click()
    assert unit.get_by_role("heading", level=1).inner_text() == "Kết quả thẩm định và giải trình"
    assert REASON in unit.locator("#tc-1\\.1").inner_text()
    unit.get_by_label("Giải trình tiêu chí 1.1").fill(ANSWER)
    assert sideways_overflow(unit) == 0
    shoot(unit, "don-vi-giai-trinh")
    with unit.expect_navigation():
        unit.get_by_role("button", name="Gửi giải trình 1.1").click()
    assert "Đã gửi giải trình tiêu chí 1.1" in unit.inner_text("main")
    assert ANSWER in unit.locator("#tc-1\\.1").inner_text()
    assert sideways_overflow(unit) == 0
    shoot(unit, "don-vi-da-giai-trinh")

    move(office, server, "Đang thẩm định")
    appraiser.reload()
    item = appraiser.locator("#tc-1\\.1")
    assert f"Giải trình của đơn vị: {ANSWER}" in item.inner_text()
    shoot(appraiser, "tham-dinh-giai-trinh")
    item.get_by_label("Đã ban hành kế hoạch đúng hạn (thẩm định)").select_option("co")
    item.get_by_label("Lý do").fill("Chấp nhận giải trình")
    with appraiser.expect_navigation():
        item.get_by_role("button", name="Ghi thẩm định 1.1").click()
    assert "Đã ghi thẩm định tiêu chí 1.1" in appraiser.inner_text("main")
