"""The office downloads, from its round's page, what it sends the units: every roster unit's own
workbook in one zip (as ``dvk round templates``) and the reminder letter (as ``dvk round don-doc``);
others are refused, and a letter with nobody to remind is said on the page, no file."""

from __future__ import annotations

import html
import io
import zipfile

import docx
import pytest

from portalkit import (RULESET_PATH, UNIT_A, UNIT_B, client_for, collect_sample, db, personas,  # noqa: F401
                       portal_workspace, roster)


def page(response) -> str:
    return html.unescape(response.content.decode("utf-8"))


def test_the_round_page_offers_both_downloads(personas, roster):
    text = page(client_for(personas["office"]).get(f"/van-phong/?dot={roster.code}"))
    section = text.split('id="gui-don-vi">')[1].split("</section>")[0]
    assert f'href="/van-phong/dot/{roster.code}/bieu-mau.zip"' in section
    assert f'href="/van-phong/dot/{roster.code}/cong-van-don-doc.docx"' in section


def test_the_zip_holds_each_units_own_workbook_as_the_command_writes_it(personas, roster, tmp_path):
    from scoring.intake.pipeline import read_submission
    from scoring.rules.load import load_ruleset
    from scoring.workspace.unit_templates import entry_file_name

    response = client_for(personas["office"]).get(f"/van-phong/dot/{roster.code}/bieu-mau.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert f'filename="bieu-mau-tung-don-vi-{roster.code}.zip"' in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        archive.extractall(tmp_path)
        names = sorted(archive.namelist())
    entries = list(roster.roster.select_related("unit").order_by("unit__code"))
    assert names == sorted(f"bieu-mau-{roster.code}/{entry_file_name(e)}" for e in entries)
    ruleset = load_ruleset(RULESET_PATH)
    for entry in entries:
        unit = read_submission(tmp_path / f"bieu-mau-{roster.code}" / entry_file_name(entry), ruleset)[0].unit
        assert (unit.code, unit.unit_type) == (entry.unit.code, entry.unit_type)


def test_the_reminder_names_the_units_still_to_send(personas, roster, db):
    collect_sample(db, roster, UNIT_B)
    response = client_for(personas["office"]).get(f"/van-phong/dot/{roster.code}/cong-van-don-doc.docx")
    assert response.status_code == 200
    assert f'filename="cong-van-don-doc-{roster.code}.docx"' in response["Content-Disposition"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(b"".join(response.streaming_content))).paragraphs)
    assert "UBND xã Minh Họa" in text and "Sở Ví Dụ" not in text
    assert "31/12/2099" in text  # the round's deadline, still ahead


def test_with_nobody_to_remind_the_page_says_so_and_no_file(personas, roster, db):
    for code in (UNIT_A, UNIT_B):
        collect_sample(db, roster, code)
    client = client_for(personas["office"])
    response = client.get(f"/van-phong/dot/{roster.code}/cong-van-don-doc.docx")
    assert response.status_code == 302 and response["Location"].endswith("#gui-don-vi")
    text = page(client.get(response["Location"]))
    assert f"Đợt {roster.code}: mọi đơn vị trong danh sách đã nộp đúng hạn" in text and "chưa ghi công văn" in text


@pytest.mark.parametrize("persona", ["unit_a", "appraiser", "leader", "nobody"])
@pytest.mark.parametrize("name", ["bieu-mau.zip", "cong-van-don-doc.docx"])
def test_only_the_office_downloads_them(personas, roster, persona, name):
    assert client_for(personas[persona]).get(f"/van-phong/dot/{roster.code}/{name}").status_code == 403
