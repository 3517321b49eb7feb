"""The unit's pages: upload a workbook into its round, see its score and every finding at its cell."""

from __future__ import annotations

import html
import io
from pathlib import Path

import pytest

from portalkit import (RULESET_PATH, UNIT_A, UNIT_B, client_for, db, personas,  # noqa: F401
                       portal_workspace, roster, sample_of)
from scoring.core.decimals import fmt
from scoring.intake.pipeline import evaluate_file
from scoring.rules.load import load_ruleset

RULESET = load_ruleset(RULESET_PATH)


def upload(client, path: Path, name: str | None = None):
    data = io.BytesIO(path.read_bytes())
    data.name = name or path.name
    return client.post("/don-vi/nop/", {"tep": data}, follow=True)


def text_of(response) -> str:
    """The page's text with HTML entities decoded (Django escapes quotes in messages)."""
    return html.unescape(response.content.decode("utf-8"))


def test_unit_page_shows_its_round_and_deadline(personas, roster):
    page = text_of(client_for(personas["unit_a"]).get("/don-vi/"))
    assert roster.name in page and "Đang nhận hồ sơ" in page and "31/12/2099" in page


def test_unit_on_no_roster_is_told_so(personas):
    page = text_of(client_for(personas["unit_a"]).get("/don-vi/"))
    assert "Chưa có đợt đánh giá" in page


def test_good_workbook_is_collected_and_shows_the_engines_total_class_and_warning_cell(personas, roster):
    from scoring.workspace.models import AuditEntry, RosterEntry

    response = upload(client_for(personas["unit_a"]), sample_of(UNIT_A))
    expected = evaluate_file(RULESET, sample_of(UNIT_A))
    page = text_of(response)
    assert response.status_code == 200
    assert fmt(expected.final.total) in page and expected.final.band_label in page
    for finding in expected.findings:  # the sample has warnings: each shown at its cell
        assert f"ô {finding.location.cell}" in page and finding.message in page
    assert "Tải bản có đánh dấu" in page and "Được tính" in page
    entry = RosterEntry.objects.get(round=roster, unit__code=UNIT_A)
    assert entry.current.channel == "portal" and entry.current.received_by == "don-vi-a"
    logged = AuditEntry.objects.filter(round=roster, action="submission-accepted").get()
    assert (logged.actor, logged.target) == ("don-vi-a", UNIT_A)


def test_a_second_upload_replaces_the_first(personas, roster, tmp_path):
    from openpyxl import load_workbook

    from scoring.workspace.models import RosterEntry

    client = client_for(personas["unit_a"])
    upload(client, sample_of(UNIT_A))
    changed = tmp_path / "xa-minhhoa-lan-2.xlsx"
    book = load_workbook(sample_of(UNIT_A))
    book["Thông tin đơn vị"].sheet_properties.tabColor = "FF0000"  # other bytes, same answers
    book.save(changed)
    upload(client, changed)
    entry = RosterEntry.objects.get(round=roster, unit__code=UNIT_A)
    assert entry.current.original_name == changed.name
    assert entry.submissions.filter(status="replaced").count() == 1
    page = text_of(client.get("/don-vi/"))
    assert "Đã được thay thế" in page and changed.name in page


def test_finding_of_a_bad_value_is_shown_at_its_cell(personas, roster, tmp_path):
    from openpyxl import load_workbook

    bad = tmp_path / "xa-sai.xlsx"
    book = load_workbook(sample_of(UNIT_A))
    sheet = book["Tự chấm điểm"]
    cell = next(c for row in sheet.iter_rows() for c in row
                if c.value is not None and c.protection.locked is False and isinstance(c.value, (int, float)))
    cell.value = "mười"  # text where the method wants a number
    book.save(bad)
    expected = [f for f in evaluate_file(RULESET, bad).findings if f.is_error]
    assert expected and expected[0].location.cell == cell.coordinate
    page = text_of(upload(client_for(personas["unit_a"]), bad))
    assert f"ô {cell.coordinate}" in page and expected[0].message in page
    assert "Cần sửa" in page and "Bị loại" in page and "Chưa xếp loại" in page and "Traceback" not in page


def test_unreadable_upload_is_a_vietnamese_finding(personas, roster):
    from scoring.core.findings import CATALOG

    data = io.BytesIO(b"day khong phai bang tinh")
    data.name = "ghi-chu.xlsx"
    response = client_for(personas["unit_a"]).post("/don-vi/nop/", {"tep": data}, follow=True)
    page = text_of(response)
    assert response.status_code == 200 and "Không chấm được tệp này" in page
    assert CATALOG["workbook-not-xlsx"].template.split("{")[0][:40] in page
    assert "ghi-chu.xlsx" in page


def test_empty_and_missing_files_are_form_errors(personas, roster):
    client = client_for(personas["unit_a"])
    empty = io.BytesIO(b"")
    empty.name = "rong.xlsx"
    response = client.post("/don-vi/nop/", {"tep": empty})
    assert response.status_code == 400 and "Tệp rỗng" in text_of(response)
    response = client.post("/don-vi/nop/", {})
    assert response.status_code == 400
    assert "Chưa chọn tệp" in text_of(response) and 'aria-invalid="true"' in text_of(response)


def test_too_large_upload_is_refused(personas, roster, monkeypatch):
    monkeypatch.setattr("scoring.portal.views.unit.MAX_UPLOAD_BYTES", 1000)
    response = upload(client_for(personas["unit_a"]), sample_of(UNIT_A))
    assert response.status_code == 400 and "vượt giới hạn" in text_of(response)


def test_another_units_workbook_is_refused_and_not_collected(personas, roster):
    from scoring.workspace.models import Submission

    response = upload(client_for(personas["unit_a"]), sample_of(UNIT_B))
    page = text_of(response)
    assert response.status_code == 400 and "Chỉ gửi bảng tính của đơn vị mình" in page
    assert evaluate_file(RULESET, sample_of(UNIT_B)).unit_name not in page
    assert not Submission.objects.filter(round=roster).exists()


def test_a_closed_round_takes_no_upload(personas, roster):
    from scoring.workspace.rounds import move_round

    move_round(roster.code, "closed", who="van-phong")
    client = client_for(personas["unit_a"])
    assert "Đợt đánh giá đã khóa nhận hồ sơ" in text_of(client.get("/don-vi/"))
    response = upload(client, sample_of(UNIT_A))
    assert response.status_code == 400 and "không nhận hồ sơ được nữa" in text_of(response)


def test_a_unit_never_sees_another_units_upload(personas, roster):
    response = upload(client_for(personas["unit_b"]), sample_of(UNIT_B))
    own = response.redirect_chain[-1][0]
    assert client_for(personas["unit_b"]).get(own).status_code == 200
    other = client_for(personas["unit_a"])
    assert other.get(own).status_code == 404
    assert other.get(own + "tai-ve/").status_code == 404
    assert "không có quyền" in text_of(other.get(own))


def test_annotated_copy_is_the_units_workbook_with_the_result_sheet(personas, roster, tmp_path):
    from openpyxl import load_workbook

    client = client_for(personas["unit_a"])
    own = upload(client, sample_of(UNIT_A)).redirect_chain[-1][0]
    response = client.get(own + "tai-ve/")
    assert response.status_code == 200
    assert 'filename="xa-minhhoa-ket-qua.xlsx"' in response["Content-Disposition"]
    copy = tmp_path / "copy.xlsx"
    copy.write_bytes(b"".join(response.streaming_content))
    sheets = load_workbook(copy).sheetnames
    assert sheets[0] == "Kết quả chấm điểm" and "Tự chấm điểm" in sheets


def test_template_download_is_the_units_type(personas, roster, tmp_path):
    from openpyxl import load_workbook

    from scoring.workbook.read import read_workbook

    response = client_for(personas["unit_b"]).get("/don-vi/bieu-mau/")
    assert response.status_code == 200
    blank = tmp_path / "blank.xlsx"
    blank.write_bytes(b"".join(response.streaming_content))
    assert "Tự chấm điểm" in load_workbook(blank).sheetnames
    assert read_workbook(blank, RULESET).submission.unit.unit_type == "so_ban_nganh"


def test_template_needs_the_unit_on_a_roster(personas):
    assert client_for(personas["unit_a"]).get("/don-vi/bieu-mau/").status_code == 404


@pytest.mark.parametrize("url", ["/don-vi/ket-qua/999999/", "/don-vi/ket-qua/999999/tai-ve/"])
def test_unknown_submission_is_404(personas, roster, url):
    assert client_for(personas["unit_a"]).get(url).status_code == 404
