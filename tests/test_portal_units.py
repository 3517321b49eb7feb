"""The unit's pages: upload a workbook, see its score and every finding at its cell, downloads."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from portalkit import (RULESET_PATH, UNIT_A, UNIT_B, client_for, db, personas,  # noqa: F401
                       portal_workspace, roster, sample_of)
from scoring.decimals import fmt
from scoring.pipeline import evaluate_file
from scoring.ruleset.load import load_ruleset

RULESET = load_ruleset(RULESET_PATH)


def upload(client, path: Path, name: str | None = None):
    with path.open("rb") as handle:
        data = io.BytesIO(handle.read())
    data.name = name or path.name
    return client.post("/don-vi/nop/", {"tep": data}, follow=True)


def text_of(response) -> str:
    """The page's text with HTML entities decoded (Django escapes quotes in messages)."""
    import html

    return html.unescape(response.content.decode("utf-8"))


def test_good_workbook_shows_the_engines_total_class_and_warning_cell(personas):
    response = upload(client_for(personas["unit_a"]), sample_of(UNIT_A))
    expected = evaluate_file(RULESET, sample_of(UNIT_A))
    page = text_of(response)
    assert response.status_code == 200
    assert fmt(expected.final.total) in page and expected.final.band_label in page
    for finding in expected.findings:  # the sample has warnings: each shown at its cell
        assert f"ô {finding.location.cell}" in page and finding.message in page
    assert "Tải bản có đánh dấu" in page


def test_finding_of_a_bad_value_is_shown_at_its_cell(personas, tmp_path):
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
    assert "Cần sửa" in page and "Traceback" not in page


@pytest.mark.parametrize("name,content,code_message", [
    ("ghi-chu.xlsx", b"day khong phai bang tinh", "workbook-not-xlsx"),
    ("rong.xlsx", b"", None),
])
def test_unreadable_upload_is_a_vietnamese_finding(personas, name, content, code_message):
    from scoring.findings import CATALOG

    data = io.BytesIO(content)
    data.name = name
    response = client_for(personas["unit_a"]).post("/don-vi/nop/", {"tep": data}, follow=True)
    page = text_of(response)
    if code_message:
        assert response.status_code == 200
        assert "Không chấm được tệp này" in page
        assert CATALOG[code_message].template.split("{")[0][:40] in page
    else:  # an empty file is refused by the form itself
        assert response.status_code == 400 and "Tệp rỗng" in page


def test_missing_file_is_a_form_error(personas):
    response = client_for(personas["unit_a"]).post("/don-vi/nop/", {})
    assert response.status_code == 400
    assert "Chưa chọn tệp" in text_of(response) and 'aria-invalid="true"' in text_of(response)


def test_too_large_upload_is_refused(personas, monkeypatch):
    monkeypatch.setattr("scoring.portal.views.unit.MAX_UPLOAD_BYTES", 1000)
    response = upload(client_for(personas["unit_a"]), sample_of(UNIT_A))
    assert response.status_code == 400 and "vượt giới hạn" in text_of(response)


def test_another_units_workbook_is_refused_and_not_kept(personas, portal_workspace):
    response = upload(client_for(personas["unit_a"]), sample_of(UNIT_B))
    page = text_of(response)
    assert response.status_code == 400 and "Chỉ gửi bảng tính của đơn vị mình" in page
    other = evaluate_file(RULESET, sample_of(UNIT_B))
    assert other.unit_name not in page and "Tổng điểm" not in page  # nothing of the other unit shown
    digest = hashlib.sha256(sample_of(UNIT_B).read_bytes()).hexdigest()
    assert not (portal_workspace / "uploads" / UNIT_A / f"{digest}.xlsx").exists()


def test_a_unit_never_sees_another_units_upload(personas):
    response = upload(client_for(personas["unit_b"]), sample_of(UNIT_B))
    own = response.redirect_chain[-1][0]
    assert client_for(personas["unit_b"]).get(own).status_code == 200
    other = client_for(personas["unit_a"])
    assert other.get(own).status_code == 404
    assert other.get(own + "tai-ve/").status_code == 404
    assert "Không tìm thấy trang" in text_of(other.get(own))


def test_annotated_copy_is_the_units_workbook_with_the_result_sheet(personas, tmp_path):
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
    from scoring.workbook.read import read_workbook

    response = client_for(personas["unit_a"]).get("/don-vi/bieu-mau/")
    assert response.status_code == 200
    blank = tmp_path / "blank.xlsx"
    blank.write_bytes(b"".join(response.streaming_content))
    from openpyxl import load_workbook

    assert "Tự chấm điểm" in load_workbook(blank).sheetnames
    assert read_workbook(blank, RULESET).submission.unit.unit_type == "ubnd_xa"


def test_result_of_an_unknown_digest_is_404(personas):
    client = client_for(personas["unit_a"])
    assert client.get("/don-vi/ket-qua/" + "0" * 64 + "/").status_code == 404
    assert client.get("/don-vi/ket-qua/..%2F..%2Fsecret-key/").status_code == 404


def test_template_needs_the_unit_on_a_roster(personas):
    assert client_for(personas["unit_a"]).get("/don-vi/bieu-mau/").status_code == 404
