"""The reminder letter (công văn đôn đốc, issue 24 item 4): Decree 30 form like the round's
report, naming exactly the units the round's roll calls missing, refused or late, with the
deadline, the date to act by and what to do; rendered by LibreOffice and read back."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from test_round_collect import make_round
from wsfixtures import RULESET, SAMPLES, deadline_passes, ws  # noqa: F401 - fixtures

from scoring.core.findings import DvkError
from scoring.rules.load import load_ruleset

PROFILE = {"co_quan_chu_quan": "UBND tỉnh Quảng Ngãi", "co_quan_ban_hanh": "Sở Nội vụ",
           "so_ky_hieu": "      /BC-SNV", "dia_danh": "Quảng Ngãi", "ngay": "2026-05-12",
           "quyen_han": "KT. Giám đốc", "chuc_vu": "Phó Giám đốc", "nguoi_ky": "Nguyễn Văn Hư Cấu",
           "noi_nhan": ["UBND tỉnh (để báo cáo);", "Lưu: VT, CTDV."]}


@pytest.fixture
def backend():
    return "sqlite"  # files only: SQLite is enough (the brief)


def _cli(ws, *argv: str) -> int:
    from scoring.cli.app import main

    return main([*argv, "-w", str(ws.root)])


def reminding(ws, tmp_path):
    """Two units on time, one late, one whose only file was refused (its locked name changed),
    four that sent nothing."""
    from scoring.workbook.fill import fill_workbook
    from scoring.workbook.synth import random_submission
    from scoring.workspace.collect import collect
    from scoring.workspace.unit_templates import write_entry_template

    round_ = make_round(ws, tmp_path, profile=PROFILE)
    on_time = tmp_path / "dung-han"
    on_time.mkdir()
    for name in ("ban-minhhoa.xlsx", "so-gialap.xlsx"):
        shutil.copy2(SAMPLES / name, on_time / name)
    collect(ws, None, [on_time])
    deadline_passes()
    late = tmp_path / "muon"
    late.mkdir()
    shutil.copy2(SAMPLES / "xa-hucau.xlsx", late / "xa-hucau.xlsx")
    entry = round_.roster.select_related("unit", "round").get(unit__code="SO-VIDU")
    ruleset = load_ruleset(RULESET)
    template = write_entry_template(entry, tmp_path / "so-vidu-mau.xlsx")
    sub = random_submission(ruleset, entry.unit_type, random.Random(3), code="SO-VIDU", name=entry.name, year=2025)
    fill_workbook(template, ruleset, sub, late / "so-vidu.xlsx", details_raw={"unit_name": "Sở Khác"})
    collect(ws, None, [late])
    return round_


def _document_text(path: Path) -> tuple[list[str], list[list[str]]]:
    import docx

    document = docx.Document(str(path))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[[c.text for c in row.cells] for row in table.rows] for table in document.tables]
    header_cells = [p.text for p in document.tables[0].cell(1, 0).paragraphs]
    return paragraphs + header_cells, tables


def test_the_letter_names_exactly_the_rolls_units_with_the_deadline_and_what_to_do(ws, tmp_path, capsys):
    from scoring.reports.roll import MISSING_LABEL, REFUSED_LABEL
    from scoring.workspace.roll import round_roll

    round_ = reminding(ws, tmp_path)
    roll = round_roll(round_)
    assert {u.code for u in roll.missing if u.state == MISSING_LABEL} == {"BQL-DUANMAU", "STP", "XA-MOI", "XA-KHAC"}
    assert {u.code for u in roll.missing if u.state == REFUSED_LABEL} == {"SO-VIDU"}
    assert {u.code for u in roll.late} == {"XA-HUCAU"}
    out = tmp_path / "cong-van.docx"
    assert _cli(ws, "round", "don-doc", "-o", str(out), "--han", "25/5/2026 17:00") == 0
    assert str(out) in capsys.readouterr().out
    paragraphs, tables = _document_text(out)
    text = "\n".join(paragraphs)
    rows = tables[-2]  # the units' table (the signature block is the last table)
    assert rows[0] == ["STT", "Mã đơn vị", "Tên đơn vị", "Tình trạng"]
    expected = [[u.code, u.name, u.state] for u in roll.missing]
    expected += [[u.code, u.name, f"Nộp muộn: nộp lúc {u.received_at}, hạn {u.deadline}"] for u in roll.late]
    assert [r[1:] for r in rows[1:]] == expected and [r[0] for r in rows[1:]] == [str(i) for i in range(1, 7)]
    assert "V/v đôn đốc nộp hồ sơ tự chấm điểm " + round_.name in text
    assert "Số:       /SNV" in text  # a letter's number carries no "BC" (the report's symbol)
    assert "Kính gửi: Các cơ quan, đơn vị có tên tại danh sách dưới đây." in text  # six units: the table
    assert f"trước {roll.deadline}." in text  # the round's deadline, as the roll words it
    assert "còn 4 đơn vị chưa nộp; 1 đơn vị có tệp bị loại, chưa có hồ sơ hợp lệ; 1 đơn vị nộp muộn" in text
    for who in ("Các đơn vị chưa nộp", "Các đơn vị có tệp bị loại", "Các đơn vị nộp muộn"):
        assert who in text
    assert text.count("trước 25/05/2026 17:00") == 2  # the date to act by, for missing and refused
    signature = [c for row in tables[-1] for c in row]
    assert "- Như trên;" in signature[0] and "- Lưu: VT, CTDV." in signature[0]
    assert "Nguyễn Văn Hư Cấu" in signature[1]


def test_few_units_are_named_in_kinh_gui(ws, tmp_path):
    from scoring.workspace.reminder import write_reminder_letter

    roster = "Mã đơn vị,Tên đơn vị,Loại đơn vị,Khối\nSO-VIDU,Sở Ví Dụ,so_ban_nganh,\nSTP,Sở Tư pháp,so_ban_nganh,\n"
    make_round(ws, tmp_path, roster=roster, profile=PROFILE)
    paragraphs, _ = _document_text(write_reminder_letter(ws, None, tmp_path / "cv.docx"))
    at = next(i for i, p in enumerate(paragraphs) if p.startswith("Kính gửi:"))
    assert paragraphs[at:at + 2] == ["Kính gửi: - Sở Ví Dụ;", "- Sở Tư pháp."]
    text = "\n".join(paragraphs)
    assert text.count("trước 31/12/2099 23:59") == 2  # no date given: the round's, still ahead
    assert "Các đơn vị nộp muộn" not in text and "Các đơn vị có tệp bị loại" not in text


def test_without_a_date_after_the_deadline_the_office_fills_it(ws, tmp_path):
    from scoring.workspace.reminder import write_reminder_letter

    make_round(ws, tmp_path, profile=PROFILE)
    deadline_passes()
    paragraphs, _ = _document_text(write_reminder_letter(ws, None, tmp_path / "cv.docx"))
    assert "gửi về Sở Nội vụ trước ………." in "\n".join(paragraphs)


def test_nobody_to_remind_and_a_bad_date_write_nothing(ws, tmp_path, capsys):
    from scoring.workspace.collect import collect
    from scoring.workspace.reminder import write_reminder_letter

    roster = "Mã đơn vị,Tên đơn vị,Loại đơn vị,Khối\nSO-GIALAP,Sở Giả Lập,so_ban_nganh,\n"
    make_round(ws, tmp_path, roster=roster)
    out = tmp_path / "cv.docx"
    assert _cli(ws, "round", "don-doc", "-o", str(out), "--han", "31/2/2026") != 0
    assert "31/2/2026" in capsys.readouterr().err and not out.exists()
    collect(ws, None, [SAMPLES / "so-gialap.xlsx"])
    with pytest.raises(DvkError) as nobody:
        write_reminder_letter(ws, None, out)
    assert nobody.value.findings[0].code == "reminder-nobody" and not out.exists()


def test_the_rendered_letter_is_a4_readable_and_names_the_units(ws, tmp_path):
    from pdfcheck import full_text, inspect, problems, render
    from sysdeps import require

    from scoring.workspace.reminder import write_reminder_letter
    from scoring.workspace.roll import round_roll

    round_ = reminding(ws, tmp_path)
    letter = write_reminder_letter(ws, None, tmp_path / "cong-van-don-doc.docx", "25/5/2026")
    pages = inspect(render(require("soffice"), [letter], tmp_path / "pdf")[letter.name])
    assert problems(pages) == [] and len(pages) <= 2
    text = full_text(pages)
    roll = round_roll(round_)
    for unit in (*roll.missing, *roll.late):
        assert unit.code in text and unit.name in text
    for words in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SỞ NỘI VỤ", "V/v đôn đốc nộp hồ sơ", "Kính gửi",
                  "25/05/2026 23:59", "PHÓ GIÁM ĐỐC", "Nơi nhận"):
        assert words in text
