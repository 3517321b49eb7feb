"""The portal in real Chromium (Debian's package, driven by Playwright) against ``dvk serve --demo``.

One server and one browser for the module (Playwright's event loop must be gone before the ORM tests run); every page visited is also screenshotted at 390 px (a
phone) and 1280 px into ``build/portal-screenshots/`` for a reviewer to look at.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sysdeps import require

ROOT = Path(__file__).parent.parent
SHOTS = ROOT / "build" / "portal-screenshots"
SAMPLE = ROOT / "sample_inputs" / "xa-minhhoa.xlsx"
UNIT, PASSWORD = "XA-MINHHOA", "donvi-demo"


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("browser-workspace")


@pytest.fixture(scope="module")
def server(demo_folder):
    """``dvk serve --demo`` on a free port over a fresh workspace; its base URL."""
    workspace = demo_folder
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "scoring", "serve", "--demo", "--port", "0",
                             "--workspace", str(workspace)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8")
    url, seen, deadline = None, [], time.monotonic() + 120
    while url is None and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        seen.append(line)
        found = re.search(r"http://[^/\s]+:\d+", line)
        url = found.group(0) if found else None
    assert url, "dvk serve did not start:\n" + "".join(seen)
    yield url
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    chromium = require("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield launched
        launched.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    yield context.new_page()
    context.close()


def shoot(page, name: str) -> None:
    """Screenshots of the current page at 390 and 1280 px wide."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    for wide in (390, 1280):
        page.set_viewport_size({"width": wide, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{wide}.png"), full_page=True)
    page.set_viewport_size({"width": width, "height": 844})


def sideways_overflow(page) -> int:
    """How many pixels the page is wider than the window (0: no sideways scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def sign_in_by_keyboard(page, base: str, username: str, password: str) -> None:
    page.goto(base + "/dang-nhap/")
    # the user name field has the focus when the page opens (autofocus): typing goes there
    page.wait_for_function("document.activeElement && document.activeElement.id === 'id_username'")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_unit_signs_in_uploads_and_sees_its_score_and_a_finding_at_its_cell(server, phone):
    phone.goto(server + "/dang-nhap/")
    shoot(phone, "dang-nhap")
    sign_in_by_keyboard(phone, server, UNIT, PASSWORD)
    assert phone.get_by_role("heading", level=1).inner_text() == "Nộp bản tự chấm điểm"
    assert sideways_overflow(phone) == 0
    shoot(phone, "don-vi-nop")
    upload(phone, SAMPLE)
    assert phone.get_by_role("heading", level=1).inner_text() == "Kết quả chấm điểm"
    assert "Tổng điểm" in phone.inner_text("main") and "Xếp loại" in phone.inner_text("main")
    assert re.search(r"ô [A-Z]+\d+", phone.locator(".finding").first.inner_text())
    assert sideways_overflow(phone) == 0
    shoot(phone, "don-vi-ket-qua")


def upload(page, path: Path) -> None:
    page.get_by_label("Bảng tính tự chấm (.xlsx)").set_input_files(str(path))
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi và chấm điểm").click()


def test_a_unit_opening_another_units_page_is_refused(server, browser):
    other = browser.new_context(locale="vi-VN").new_page()
    sign_in_by_keyboard(other, server, "SO-VIDU", PASSWORD)
    upload(other, SAMPLE.with_name("so-vidu.xlsx"))
    their_page = other.url
    assert "/don-vi/ket-qua/" in their_page
    own = browser.new_context(locale="vi-VN").new_page()
    sign_in_by_keyboard(own, server, UNIT, PASSWORD)
    own.goto(their_page)
    assert "không có quyền" in own.inner_text("main")
    shoot(own, "khong-co-quyen")


def test_wrong_password_message_is_announced(server, phone):
    sign_in_by_keyboard(phone, server, UNIT, "sai-mat-khau")
    alert = phone.get_by_role("alert")
    assert "không đúng" in alert.inner_text()
    shoot(phone, "dang-nhap-sai")


def test_unit_fills_the_web_form_saves_a_draft_and_submits(server, browser):
    page = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN").new_page()
    sign_in_by_keyboard(page, server, "VIEN-THUNGHIEM", PASSWORD)
    page.get_by_role("link", name="điền trực tiếp trên trang web").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Điền bản tự chấm trực tuyến"
    first = page.locator("select").first
    first.focus()
    first.select_option("co")
    page.get_by_label("Tài liệu kiểm chứng").first.fill("Kế hoạch số 12/KH-VIEN")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu nháp").click()
    assert "Đã lưu bản nháp" in page.inner_text("main")
    assert page.get_by_label("Tài liệu kiểm chứng").first.input_value() == "Kế hoạch số 12/KH-VIEN"
    assert sideways_overflow(page) == 0
    shoot(page, "don-vi-dien")
    with page.expect_navigation():
        page.get_by_role("button", name="Nộp và chấm điểm").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Kết quả chấm điểm"
    assert "bieu-mau-truc-tuyen.json" in page.inner_text("main")


def missing_on_roster(workspace: Path) -> set[str]:
    """Roster units of the demo round that sent nothing at all, read from the server's database."""
    import sqlite3

    with sqlite3.connect(f"file:{workspace / 'dvk.sqlite3'}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT u.code FROM workspace_rosterentry r JOIN workspace_unit u ON u.id = r.unit_id "
                          "WHERE NOT EXISTS (SELECT 1 FROM workspace_submission s WHERE s.entry_id = r.id)").fetchall()
    return {code for (code,) in rows}


def test_office_missing_list_matches_the_roster(server, browser, demo_folder):
    page = browser.new_context(locale="vi-VN").new_page()
    sign_in_by_keyboard(page, server, "vanphong", "vanphong-demo")
    shown = {item.split()[0] for item in page.locator("#danh-sach-chua-nop li").all_inner_texts()}
    assert shown and shown == missing_on_roster(demo_folder)
    shoot(page, "van-phong")
    page.goto(server + "/lanh-dao/")
    assert "Phân bố xếp loại" in page.inner_text("main")
    shoot(page, "lanh-dao")


def test_appraiser_changes_a_criterion_and_the_unit_sees_it(server, browser):
    office = browser.new_context(locale="vi-VN").new_page()
    sign_in_by_keyboard(office, server, "vanphong", "vanphong-demo")
    for step in ("Đã khóa nhận hồ sơ", "Đang thẩm định"):
        with office.expect_navigation():
            office.get_by_role("button", name=f"Chuyển sang: {step}").click()
    appraiser = browser.new_context(locale="vi-VN").new_page()
    sign_in_by_keyboard(appraiser, server, "thamdinh", "thamdinh-demo")
    with appraiser.expect_navigation():
        appraiser.get_by_role("link", name="UBND xã Minh Họa").click()
    item = appraiser.locator(".appraise-item").first
    item.locator("select").select_option("khong")
    item.get_by_label("Lý do").fill("Chưa có văn bản kế hoạch")
    with appraiser.expect_navigation():
        item.get_by_role("button").click()
    assert "Đã ghi thẩm định" in appraiser.inner_text("main")
    shoot(appraiser, "tham-dinh")
    unit = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN").new_page()
    sign_in_by_keyboard(unit, server, UNIT, PASSWORD)
    with unit.expect_navigation():
        unit.locator(".sent-list a").first.click()
    assert "Lý do: Chưa có văn bản kế hoạch" in unit.inner_text("main")
    assert sideways_overflow(unit) == 0
