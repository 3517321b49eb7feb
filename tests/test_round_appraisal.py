"""Appraisal sheet and import, explanations, publication and comparison of rounds."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from scoring.core.findings import DvkError
from test_round_collect import inbox, make_round
from wsfixtures import backend, pg_url, ws  # noqa: F401 - fixtures

UNITS = ("ban-minhhoa.xlsx", "so-gialap.xlsx", "so-vidu.xlsx", "xa-hucau.xlsx")


def appraising(ws, tmp_path):
    from scoring.workspace.collect import collect
    from scoring.workspace.rounds import move_round

    round_ = make_round(ws, tmp_path)
    collect(ws, None, [inbox(tmp_path, UNITS)])
    move_round(None, "closed")
    move_round(None, "appraisal")
    return round_


def fill(path: Path, unit: str, key: str, value, reason=None) -> None:
    """Type ``value`` into the sheet's appraisal cell of ``key`` ('1.1|done') for ``unit``."""
    book = load_workbook(path)
    for sheet in book.worksheets:
        keys = [c.value for c in sheet[4]]
        if f"{key}|appraisal" not in keys:
            continue
        for row in sheet.iter_rows(min_row=5):
            if row[0].value == unit:
                row[keys.index(f"{key}|appraisal")].value = value
                if reason is not None:
                    row[keys.index(key.split("|")[0] + "||reason")].value = reason
                book.save(path)
                return
    raise AssertionError(f"no row {unit} / column {key}")


def test_sheet_shows_self_values_with_dropdowns(ws, tmp_path):
    from scoring.workspace.appraisal_sheet import write_appraisal_sheet

    appraising(ws, tmp_path)
    path = write_appraisal_sheet(ws, None, tmp_path / "tham-dinh.xlsx")
    book = load_workbook(path)
    assert book["_dvk"].sheet_state == "veryHidden"
    sheet = book.worksheets[0]
    keys = [c.value for c in sheet[4]]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=5, values_only=True)}
    assert set(rows) == {"BAN-MINHHOA", "SO-GIALAP", "SO-VIDU"}
    own = rows["SO-GIALAP"][keys.index("1.1|done|self")]
    assert own in ("Có", "Không")
    target = sheet.cell(row=5, column=keys.index("1.1|done|appraisal") + 1).coordinate
    lists = [v for v in sheet.data_validations.dataValidation if target in v.sqref]
    assert lists and lists[0].type == "list"


def test_import_records_changes_with_reasons_and_they_count(ws, tmp_path):
    from scoring.workspace.appraisal_import import import_appraisal
    from scoring.workspace.appraisal_sheet import write_appraisal_sheet
    from scoring.workspace.models import AppraisalChange
    from scoring.workspace.results import round_results

    round_ = appraising(ws, tmp_path)
    before = {r.unit_code: r.final.total for r in round_results(round_)[1].accepted}
    path = write_appraisal_sheet(ws, None, tmp_path / "tham-dinh.xlsx")
    fill(path, "SO-VIDU", "1.1|done", "Không", "Kế hoạch ban hành sau hạn")
    changes = import_appraisal(ws, None, path)
    assert [(c.unit, c.input_id, c.after, c.reason) for c in changes] == [
        ("SO-VIDU", "1.1", False, "Kế hoạch ban hành sau hạn")]
    stored = AppraisalChange.objects.get(round=round_)
    assert (stored.actor, stored.pass_no, stored.after, stored.source) == ("kiem-thu", 1, False, "tham-dinh.xlsx")
    log = round_.audit.filter(action="appraisal-changed").get()
    assert log.target == "SO-VIDU / 1.1" and log.after["reason"] == "Kế hoạch ban hành sau hạn"
    after = {r.unit_code: r.final.total for r in round_results(round_)[1].accepted}
    assert after["SO-VIDU"] == before["SO-VIDU"] - 3  # criterion 1.1 is worth 3 points
    assert {k: v for k, v in after.items() if k != "SO-VIDU"} == {k: v for k, v in before.items() if k != "SO-VIDU"}
    # the same sheet again changes nothing
    assert import_appraisal(ws, None, path) == []


def test_a_change_typed_and_a_change_from_the_workbook_are_recorded_alike(ws, tmp_path):
    """The portal's change (workspace.appraisal.record) and the council's workbook both record
    through record_changes: the same pass number, audit target and audit details."""
    from scoring.workspace.appraisal import queue, record
    from scoring.workspace.appraisal_import import import_appraisal
    from scoring.workspace.appraisal_sheet import write_appraisal_sheet
    from scoring.workspace.models import AppraisalChange
    from scoring.workspace.results import round_results

    round_ = appraising(ws, tmp_path)
    entry = next(e for e in queue(round_) if e.unit.code == "SO-GIALAP")
    with pytest.raises(DvkError) as refused:
        record(entry, "1.1", False, "   ", "tham-dinh")
    assert [f.code for f in refused.value.findings] == ["appraisal-reason-missing"]
    with pytest.raises(DvkError) as refused:
        record(entry, "khong-co", False, "Lý do", "tham-dinh")
    assert [f.code for f in refused.value.findings] == ["appraisal-unknown-criterion"]
    result = record(entry, "1.1", False, "  Chưa có kế hoạch  ", "tham-dinh")
    assert result.final.total == {r.unit_code: r.final.total for r in round_results(round_)[1].accepted}["SO-GIALAP"]
    path = write_appraisal_sheet(ws, None, tmp_path / "tham-dinh.xlsx")
    fill(path, "SO-VIDU", "1.1|done", "Không", "Kế hoạch ban hành sau hạn")
    import_appraisal(ws, None, path, who="hoi-dong")
    typed, read = AppraisalChange.objects.filter(round=round_).order_by("id")
    assert (typed.pass_no, typed.source, typed.reason, typed.after) == (1, "cổng thông tin", "Chưa có kế hoạch", False)
    assert (read.pass_no, read.source, read.after) == (1, "tham-dinh.xlsx", False)
    logs = list(round_.audit.filter(action="appraisal-changed").order_by("id"))
    assert [log.target for log in logs] == ["SO-GIALAP / 1.1", "SO-VIDU / 1.1"]
    assert [log.actor for log in logs] == ["tham-dinh", "hoi-dong"]
    assert logs[0].after == {"value": False, "reason": "Chưa có kế hoạch", "pass": 1, "source": "cổng thông tin"}
    assert set(logs[1].after) == set(logs[0].after)


def test_a_change_typed_after_the_explanations_is_the_second_pass(ws, tmp_path):
    from scoring.workspace.appraisal import appraisal_pass, queue, record
    from scoring.workspace.rounds import move_round

    round_ = appraising(ws, tmp_path)
    assert appraisal_pass(round_) == 1
    move_round(None, "explanations")
    move_round(None, "appraisal")
    assert appraisal_pass(round_) == 2
    entry = queue(round_)[0]
    record(entry, "1.1", False, "Sau giải trình", "tham-dinh")
    assert entry.appraisal_changes.get().pass_no == 2


def test_import_refuses_missing_reasons_and_bad_values_and_records_nothing(ws, tmp_path):
    from scoring.workspace.appraisal_import import import_appraisal
    from scoring.workspace.appraisal_sheet import write_appraisal_sheet
    from scoring.workspace.models import AppraisalChange

    round_ = appraising(ws, tmp_path)
    path = write_appraisal_sheet(ws, None, tmp_path / "tham-dinh.xlsx")
    fill(path, "SO-VIDU", "1.1|done", "Không")  # no reason
    fill(path, "SO-GIALAP", "1.1|done", "có lẽ", "Không rõ")  # not Có/Không
    with pytest.raises(DvkError) as caught:
        import_appraisal(ws, None, path)
    found = {(f.code, f.location.sheet is not None, f.location.criterion_id) for f in caught.value.findings}
    assert found == {("appraisal-sheet-reason-missing", True, "1.1"), ("appraisal-refused", True, "1.1")}
    assert not AppraisalChange.objects.filter(round=round_).exists()


def test_sheet_of_another_round_is_refused(ws, tmp_path):
    from scoring.workspace.appraisal_import import import_appraisal
    from scoring.workspace.appraisal_sheet import write_appraisal_sheet

    appraising(ws, tmp_path)
    path = write_appraisal_sheet(ws, None, tmp_path / "tham-dinh.xlsx")
    book = load_workbook(path)
    book["_dvk"]["B1"] = "2024-nam"
    book.save(path)
    with pytest.raises(DvkError) as caught:
        import_appraisal(ws, None, path)
    assert [f.code for f in caught.value.findings] == ["appraisal-sheet-other-round"]


def test_explanations_then_second_pass_then_publish(ws, tmp_path):
    from scoring.workspace.appraisal_import import import_appraisal
    from scoring.workspace.appraisal_sheet import write_appraisal_sheet
    from scoring.workspace.explanations import import_explanations, write_explanations_sheet
    from scoring.workspace.models import AppraisalChange
    from scoring.workspace.publication import MANIFEST, publish_round
    from scoring.workspace.rounds import move_round

    round_ = appraising(ws, tmp_path)
    sheet = write_appraisal_sheet(ws, None, tmp_path / "td1.xlsx")
    fill(sheet, "SO-VIDU", "1.1|done", "Không", "Kế hoạch ban hành sau hạn")
    import_appraisal(ws, None, sheet)
    move_round(None, "explanations")
    answers = write_explanations_sheet(ws, None, tmp_path / "giai-trinh.xlsx")
    book = load_workbook(answers)
    rows = list(book["Giải trình"].iter_rows(min_row=4))
    assert [(r[0].value, r[2].value, r[4].value) for r in rows] == [("SO-VIDU", "1.1", "Không")]
    rows[0][6].value = "Kế hoạch số 12/KH ban hành ngày 28/3, trước hạn"
    back = tmp_path / "gui-lai"
    back.mkdir()
    book.save(back / "so-vidu.xlsx")
    assert import_explanations(ws, None, [back]) == [("SO-VIDU", "1.1", "Kế hoạch số 12/KH ban hành ngày 28/3, trước hạn")]
    assert import_explanations(ws, None, [back]) == []  # nothing new
    move_round(None, "appraisal")
    second = write_appraisal_sheet(ws, None, tmp_path / "td2.xlsx")
    note = [c.comment.text for row in load_workbook(second).worksheets[0].iter_rows() for c in row if c.comment]
    assert note == ["Giải trình của đơn vị: Kế hoạch số 12/KH ban hành ngày 28/3, trước hạn"]
    fill(second, "SO-VIDU", "1.1|done", "Có", "Chấp nhận giải trình")
    import_appraisal(ws, None, second)
    assert list(AppraisalChange.objects.filter(round=round_).order_by("id").values_list("pass_no", "after")) == [
        (1, False), (2, True)]
    move_round(None, "final")
    publication = publish_round(ws, None)
    folder = ws.root / publication.folder
    assert folder.name.startswith("so-01-") and (folder / "xep-hang.xlsx").is_file()
    results = json.loads((folder / "ket-qua.json").read_text(encoding="utf-8"))
    assert sorted(u["unit_code"] for u in results["units"]) == ["BAN-MINHHOA", "SO-GIALAP", "SO-VIDU", "XA-HUCAU"]
    with open(folder / MANIFEST, encoding="utf-8-sig") as handle:
        manifest = {row["Mã đơn vị"]: row for row in csv.DictReader(handle)}
    assert manifest["SO-VIDU"]["Số lần thẩm định thay đổi"] == "2"
    assert (ws.root / manifest["SO-VIDU"]["Tệp lưu trong không gian làm việc"]).is_file()
    round_.refresh_from_db()
    assert (round_.state, round_.current_publication_id) == ("published", publication.id)
    entry = round_.audit.filter(action="published").get()
    assert {f["name"] for f in entry.after["files"]} >= {"xep-hang.xlsx", "ket-qua.json", MANIFEST}


def test_publishing_again_never_overwrites(ws, tmp_path):
    from scoring.workspace.publication import publish_round
    from scoring.workspace.rounds import move_round

    appraising(ws, tmp_path)
    move_round(None, "final")
    first = publish_round(ws, None)
    stray = ws.root / first.folder / "ghi-chu-cua-van-phong.txt"
    stray.write_text("giữ nguyên", encoding="utf-8")
    # a folder a killed run left behind with no record is moved aside, said, and its number reused
    orphan = (ws.root / first.folder).with_name((ws.root / first.folder).name.replace("so-01", "so-02"))
    orphan.mkdir()
    (orphan / "bao-cao.docx").write_bytes(b"nua chung")
    second = publish_round(ws, None)
    assert (first.number, second.number) == (1, 2)
    assert [w.code for w in second.set_aside] == ["publication-unrecorded"]
    assert (orphan.parent / ".khong-ghi-nhan" / orphan.name / "bao-cao.docx").read_bytes() == b"nua chung"
    assert (ws.root / second.folder / "xep-hang.xlsx").is_file()
    assert stray.read_text(encoding="utf-8") == "giữ nguyên"
    assert (ws.root / first.folder / "xep-hang.xlsx").is_file()


def test_compare_two_rounds_by_unit_code(ws, tmp_path):
    from scoring.workspace.collect import collect
    from scoring.workspace.comparison import compare_rounds
    from scoring.workspace.publication import publish_round
    from scoring.workspace.rounds import move_round

    appraising(ws, tmp_path)
    move_round(None, "final")
    publish_round(ws, None)
    newer = make_round(ws, tmp_path / "2", code="2025-dot-2", previous="2025-nam")
    collect(ws, "2025-dot-2", [inbox(tmp_path / "2", ("so-gialap.xlsx", "so-vidu.xlsx"))])
    move_round("2025-dot-2", "closed")
    publish_round(ws, "2025-dot-2")
    comparison = compare_rounds(ws, "2025-nam", "2025-dot-2")
    assert sorted(c.new.code for c in comparison.changes) == ["SO-GIALAP", "SO-VIDU"]
    assert sorted(u.code for u in comparison.only_old) == ["BAN-MINHHOA", "XA-HUCAU"]
    assert all(c.total_change == Decimal(0) for c in comparison.changes)
    assert (ws.root / "so-sanh" / "2025-nam--2025-dot-2" / "so-sanh.xlsx").is_file()
    assert newer.previous.code == "2025-nam"


def test_compare_refuses_an_unpublished_round(ws, tmp_path):
    from scoring.workspace.comparison import compare_rounds

    make_round(ws, tmp_path)
    make_round(ws, tmp_path, code="khac")
    with pytest.raises(DvkError) as caught:
        compare_rounds(ws, "2025-nam", "khac")
    assert [f.code for f in caught.value.findings] == ["compare-round-unpublished"]


def test_publishing_an_open_round_is_refused_as_too_early(ws, tmp_path):
    from scoring.workspace.publication import publish_round

    make_round(ws, tmp_path)
    with pytest.raises(DvkError) as caught:
        publish_round(ws, None)
    assert [f.code for f in caught.value.findings] == ["round-state-not-yet"]
    assert "chưa công bố được" in caught.value.findings[0].message


def test_issuing_profile_reaches_the_report(ws, tmp_path):
    import docx

    from scoring.workspace.publication import publish_round
    from scoring.workspace.rounds import move_round, profile_data

    profile = tmp_path / "ho-so.toml"
    profile.write_text('co_quan_ban_hanh = "SỞ NỘI VỤ"\nnguoi_ky = "Nguyễn Văn Ký"\n'
                       'noi_nhan = ["UBND tỉnh;", "Lưu: VT."]\n', encoding="utf-8")
    round_ = make_round(ws, tmp_path, profile=profile_data(profile))
    assert round_.profile == {"co_quan_ban_hanh": "SỞ NỘI VỤ", "nguoi_ky": "Nguyễn Văn Ký",
                              "noi_nhan": ["UBND tỉnh;", "Lưu: VT."]}
    from scoring.workspace.collect import collect

    collect(ws, None, [inbox(tmp_path, ("so-vidu.xlsx",))])
    move_round(None, "closed")
    folder = ws.root / publish_round(ws, None).folder
    text = "\n".join(p.text for p in docx.Document(folder / "bao-cao.docx").paragraphs)
    tables = "\n".join(c.text for t in docx.Document(folder / "bao-cao.docx").tables for r in t.rows for c in r.cells)
    assert "Nguyễn Văn Ký" in text + tables and "SỞ NỘI VỤ" in text + tables


def test_the_explanations_sheet_writes_values_in_the_rulesets_words(ws, tmp_path):
    from scoring.workspace.appraisal_import import import_appraisal
    from scoring.workspace.appraisal_sheet import write_appraisal_sheet
    from scoring.workspace.explanations import write_explanations_sheet
    from scoring.workspace.rounds import move_round

    appraising(ws, tmp_path)
    sheet = write_appraisal_sheet(ws, None, tmp_path / "td1.xlsx")
    fill(sheet, "SO-VIDU", "1.3|lanh_dao", "Không", "Chưa có quyết định phân công")
    changes = import_appraisal(ws, None, sheet)
    move_round(None, "explanations")
    rows = list(load_workbook(write_explanations_sheet(ws, None, tmp_path / "gt.xlsx"))["Giải trình"]
                .iter_rows(min_row=4, values_only=True))
    assert rows[0][2] == "1.3" and rows[0][4].startswith("Phân công lãnh đạo phụ trách: Không")
    assert "lanh_dao" not in " ".join(str(v) for v in rows[0]) and changes[0].fields
