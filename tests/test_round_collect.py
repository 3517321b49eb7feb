"""A round's roster, collection and status, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from scoring.core.findings import DvkError
from wsfixtures import EXAMPLES, RULESET, SAMPLES, backend, deadline_passes, pg_url, ws  # noqa: F401 - fixtures

ROSTER = """Mã đơn vị,Tên đơn vị,Loại đơn vị,Khối
BAN-MINHHOA,Ban Minh Họa tỉnh,"Sở, ban, ngành tỉnh",
BQL-DUANMAU,Ban Quản lý Dự án Mẫu,dvsncl,
SO-GIALAP,Sở Giả Lập,so_ban_nganh,khoi_tinh
STP,Sở Tư pháp,so_ban_nganh,
SO-VIDU,Sở Ví Dụ,so_ban_nganh,
XA-HUCAU,UBND xã Hư Cấu,ubnd_xa,
XA-MOI,UBND xã Mới,ubnd_xa,"Khối UBND xã, phường, đặc khu"
XA-KHAC,UBND xã Khác,ubnd_xa,
"""


def make_round(ws, tmp_path, roster=ROSTER, **extra):
    from scoring.workspace.rounds import RoundSpec, create_round

    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "danh-sach.csv"
    path.write_text(roster, encoding="utf-8")
    spec = RoundSpec(RULESET, 2025, roster_path=path, deadlines={"submission": "31/12/2099"}, **extra)
    return create_round(ws, spec)


def inbox(tmp_path, names=("ban-minhhoa.xlsx", "so-gialap.xlsx", "xa-hucau.xlsx", "bv-mau.xlsx")):
    folder = tmp_path / "hop-thu"
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy2(SAMPLES / name, folder / name)
    return folder


def changed_json(folder: Path, source: str, value, name: str | None = None) -> Path:
    """A JSON submission from the examples with criterion 1.1's self value (Có/Không) changed."""
    data = json.loads((EXAMPLES / source).read_text(encoding="utf-8"))
    first = next(iter(data["answers"]))
    data["answers"][first]["self"] = value
    path = folder / (name or source)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def actions(round_):
    return [e.action for e in round_.audit.order_by("id")]


def test_roster_from_csv_resolves_types_and_blocks(ws, tmp_path):
    round_ = make_round(ws, tmp_path)
    rows = {e.unit.code: (e.unit_type, e.block) for e in round_.roster.select_related("unit")}
    assert rows["BAN-MINHHOA"] == ("so_ban_nganh", "khoi_tinh")  # type given by its name
    assert rows["XA-MOI"] == ("ubnd_xa", "khoi_xa")               # block given by its name
    assert rows["BQL-DUANMAU"] == ("dvsncl", "khoi_tinh")          # block taken from the ruleset
    assert round_.ruleset.fingerprint and json.loads(round_.ruleset.source_json)["id"] == "dvcq-minh-hoa"
    assert actions(round_) == ["round-created", "roster-imported"]


def test_roster_errors_are_located_and_nothing_is_created(ws, tmp_path):
    from scoring.workspace.models import Round

    bad = "Mã đơn vị,Tên đơn vị,Loại đơn vị,Khối\nA1,Đơn vị A,ubnd_xa,\nA1,Trùng,ubnd_xa,\n,Không mã,ubnd_xa,\nB2,Đơn vị B,truong_hoc,\nC3,Đơn vị C,ubnd_xa,khoi_tinh\n"
    with pytest.raises(DvkError) as caught:
        make_round(ws, tmp_path, bad)
    found = [(f.code, f.location.json_path) for f in caught.value.findings]
    assert found == [("roster-duplicate-code", "dòng 3, cột Mã đơn vị"),
                     ("roster-empty-cell", "dòng 4, cột Mã đơn vị"),
                     ("roster-unknown-type", "dòng 5, cột Loại đơn vị"),
                     ("roster-unknown-block", "dòng 6, cột Khối")]
    assert not Round.objects.exists()


def test_roster_xlsx_errors_name_the_cell(tmp_path):
    from openpyxl import Workbook

    from scoring.rules.load import load_ruleset
    from scoring.workspace.roster import read_roster

    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    sheet.append(["DANH SÁCH ĐƠN VỊ"])
    sheet.append(["STT", "Mã ĐV", "Tên đơn vị", "Loại", "Khối"])
    sheet.append([1, 101, "Xã Một", "ubnd_xa", None])
    sheet.append([2, 102, None, "ubnd_xa", None])
    book.save(tmp_path / "ds.xlsx")
    with pytest.raises(DvkError) as caught:
        read_roster(tmp_path / "ds.xlsx", load_ruleset(RULESET))
    (finding,) = caught.value.findings
    assert (finding.code, finding.location.sheet, finding.location.cell) == ("roster-empty-cell", "Danh sách", "C4")
    sheet["C4"] = "Xã Hai"
    book.save(tmp_path / "ds.xlsx")
    rows = read_roster(tmp_path / "ds.xlsx", load_ruleset(RULESET))
    assert [(r.code, r.name, r.block) for r in rows] == [("101", "Xã Một", "khoi_xa"), ("102", "Xã Hai", "khoi_xa")]


def test_collect_accepts_roster_units_and_lists_the_rest(ws, tmp_path):
    from scoring.workspace.collect import collect
    from scoring.workspace.models import Submission

    round_ = make_round(ws, tmp_path)
    folder = inbox(tmp_path)
    (folder / "hong.xlsx").write_bytes(b"not a workbook at all")
    report = collect(ws, None, [folder])
    assert sorted(Path(p).name for p in report.accepted) == ["ban-minhhoa.xlsx", "so-gialap.xlsx", "xa-hucau.xlsx"]
    refused = {Path(p).name: [f.code for f in reasons] for p, reasons in report.rejected}
    assert refused["bv-mau.xlsx"] == ["collect-not-on-roster"]
    assert refused["hong.xlsx"] and all(code != "collect-not-on-roster" for code in refused["hong.xlsx"])
    assert report.exit_code == 3 and report.read == 5
    stored = Submission.objects.get(round=round_, unit_code="SO-GIALAP")
    assert (ws.root / stored.file.path).read_bytes() == (SAMPLES / "so-gialap.xlsx").read_bytes()
    assert stored.total == Decimal(str(stored.total)) and stored.status == "accepted" and not stored.late
    assert stored.data["unit"]["code"] == "SO-GIALAP"


def test_recollecting_reads_only_changed_files(ws, tmp_path):
    from scoring.workspace.collect import collect

    make_round(ws, tmp_path)
    folder = inbox(tmp_path)
    changed_json(folder, "so-tu-phap-tham-dinh.json", True)
    first = collect(ws, None, [folder])
    assert first.read == 5
    again = collect(ws, None, [folder])
    assert (again.read, again.unchanged, again.accepted) == (1, 4, [])
    # bv-mau (not on the roster) is looked at again: it may have been added to the roster since
    assert [Path(p).name for p, _ in again.rejected] == ["bv-mau.xlsx"]
    changed_json(folder, "so-tu-phap-tham-dinh.json", False)
    third = collect(ws, None, [folder])
    assert (third.read, [Path(p).name for p in third.replaced]) == (2, ["so-tu-phap-tham-dinh.json"])


def test_same_content_under_a_new_name_or_time_is_not_read_again(ws, tmp_path):
    from scoring.workspace.collect import collect

    make_round(ws, tmp_path)
    folder = inbox(tmp_path, ("so-gialap.xlsx",))
    collect(ws, None, [folder])
    shutil.copy(folder / "so-gialap.xlsx", folder / "so-gialap-ban-sao.xlsx")
    os.utime(folder / "so-gialap.xlsx", ns=(1, 1))
    report = collect(ws, None, [folder])
    assert (report.read, report.unchanged) == (0, 2)


def test_replacement_keeps_history_and_is_logged(ws, tmp_path):
    from scoring.workspace.collect import collect
    from scoring.workspace.models import RosterEntry, Submission

    round_ = make_round(ws, tmp_path)
    folder = tmp_path / "hop-thu"
    folder.mkdir()
    changed_json(folder, "so-tu-phap-tham-dinh.json", True)
    collect(ws, None, [folder])
    changed_json(folder, "so-tu-phap-tham-dinh.json", False)
    report = collect(ws, None, [folder])
    assert len(report.replaced) == 1
    history = list(Submission.objects.filter(round=round_, unit_code="STP").order_by("id"))
    assert [s.status for s in history] == ["replaced", "accepted"]
    assert history[1].replaces_id == history[0].id
    entry = RosterEntry.objects.get(round=round_, unit__code="STP")
    assert entry.current_id == history[1].id
    log = round_.audit.filter(action="submission-replaced").get()
    assert (log.target, log.actor) == ("STP", "kiem-thu")
    assert log.before["sha256"] == history[0].file_id and log.after["sha256"] == history[1].file_id


def test_two_new_files_for_one_unit_are_both_refused(ws, tmp_path):
    from scoring.workspace.collect import collect

    make_round(ws, tmp_path)
    folder = tmp_path / "hop-thu"
    folder.mkdir()
    changed_json(folder, "so-tu-phap-tham-dinh.json", True, "a.json")
    changed_json(folder, "so-tu-phap-tham-dinh.json", False, "b.json")
    report = collect(ws, None, [folder])
    assert report.accepted == []
    assert sorted((Path(p).name, [f.code for f in r]) for p, r in report.rejected) == [
        ("a.json", ["collect-duplicate"]), ("b.json", ["collect-duplicate"])]
    (folder / "b.json").unlink()
    assert [Path(p).name for p in collect(ws, None, [folder]).accepted] == ["a.json"]


def test_wrong_ruleset_version_and_wrong_year_are_refused(ws, tmp_path):
    from scoring.workspace.collect import collect

    make_round(ws, tmp_path)
    folder = tmp_path / "hop-thu"
    folder.mkdir()
    data = json.loads((EXAMPLES / "so-tu-phap-tham-dinh.json").read_text(encoding="utf-8"))
    (folder / "nam-khac.json").write_text(json.dumps({**data, "year": 2024}), encoding="utf-8")
    data["ruleset"]["version"] = "2019.1"
    (folder / "ban-cu.json").write_text(json.dumps(data), encoding="utf-8")
    refused = {Path(p).name: {f.code for f in r} for p, r in collect(ws, None, [folder]).rejected}
    assert refused == {"nam-khac.json": {"collect-wrong-year"}, "ban-cu.json": {"ruleset-mismatch"}}


def test_late_file_is_marked_and_the_late_fact_counts(ws, tmp_path):
    from scoring.workspace.collect import collect
    from scoring.workspace.models import Submission

    round_ = make_round(ws, tmp_path, late_fact="F1")
    folder = inbox(tmp_path, ("so-gialap.xlsx",))
    collect(ws, None, [folder])
    deadline_passes()
    later = inbox(tmp_path / "sau", ("so-vidu.xlsx",))
    report = collect(ws, None, [later])
    assert [Path(p).name for p in report.late] == ["so-vidu.xlsx"]
    on_time = Submission.objects.get(round=round_, unit_code="SO-GIALAP")
    late = Submission.objects.get(round=round_, unit_code="SO-VIDU")
    assert (on_time.late, late.late) == (False, True)
    assert any(f["code"] == "collect-late" for f in late.findings)
    # the ruleset's gate on F1 ("nộp quá hạn: hạ một bậc") was applied to the late unit only
    from scoring.engine.score import score
    from scoring.engine.submission import Submission as Sub
    from scoring.workspace.rounds import ruleset_of

    plain = score(ruleset_of(round_), Sub.model_validate(late.data))
    assert (plain.final.band_label, late.band_label) == ("Tốt", "Khá")


def test_collect_is_refused_once_the_round_is_closed(ws, tmp_path):
    from scoring.workspace.collect import collect
    from scoring.workspace.rounds import move_round

    make_round(ws, tmp_path)
    move_round(None, "closed")
    with pytest.raises(DvkError) as caught:
        collect(ws, None, [inbox(tmp_path)])
    assert [f.code for f in caught.value.findings] == ["round-state-forbids"]
    with pytest.raises(DvkError) as caught:
        move_round(None, "final")
    assert [f.code for f in caught.value.findings] == ["round-bad-state"]
    move_round(None, "open")
    assert collect(ws, None, [inbox(tmp_path)]).accepted


def test_status_counts_blocks_and_lists_missing_units(ws, tmp_path):
    from openpyxl import load_workbook

    from scoring.workspace.collect import collect
    from scoring.workspace.status import round_status
    from scoring.workspace.status_book import write_status_workbook

    make_round(ws, tmp_path)
    folder = inbox(tmp_path)
    (folder / "hong.xlsx").write_bytes(b"PK\x03\x04 broken")
    collect(ws, None, [folder])
    status = round_status(ws, None)
    blocks = {b.block_id: (b.roster, b.submitted, b.accepted, b.rejected, b.late, b.missing) for b in status.blocks}
    assert blocks == {"khoi_tinh": (5, 2, 2, 0, 0, 3), "khoi_xa": (3, 1, 1, 0, 0, 2)}
    assert sorted(m.code for m in status.missing) == ["BQL-DUANMAU", "SO-VIDU", "STP", "XA-KHAC", "XA-MOI"]
    assert sorted(Path(r.file).name for r in status.refused) == ["bv-mau.xlsx", "hong.xlsx"]
    book = load_workbook(write_status_workbook(status, tmp_path / "chua-nop.xlsx"))
    missing = [row[1] for row in book["Chưa nộp"].iter_rows(min_row=4, values_only=True)]
    assert sorted(missing) == ["BQL-DUANMAU", "SO-VIDU", "STP", "XA-KHAC", "XA-MOI"]
    rows = list(book["Tệp bị loại"].iter_rows(min_row=4, values_only=True))
    # the reason in words; its code only in the narrow last column
    assert any("collect-not-on-roster" in row[5] for row in rows)
    assert not any("collect-" in row[4] for row in rows)


def test_unit_added_to_the_roster_later_is_accepted_on_the_next_collection(ws, tmp_path):
    from scoring.workspace.collect import collect
    from scoring.workspace.rounds import import_roster
    from scoring.workspace.status import round_status

    make_round(ws, tmp_path)
    folder = inbox(tmp_path)
    collect(ws, None, [folder])
    extra = tmp_path / "bo-sung.csv"
    extra.write_text("Mã đơn vị,Tên đơn vị,Loại đơn vị\nBV-MAU,Bệnh viện Mẫu,dvsncl\n", encoding="utf-8")
    assert import_roster(ws, None, extra)["added"] == 1
    report = collect(ws, None, [folder])
    assert [Path(p).name for p in report.accepted] == ["bv-mau.xlsx"] and report.read == 1
    assert round_status(ws, None).refused == []



def test_status_counts_refused_and_late_units_per_block(ws, tmp_path):
    from scoring.workspace.collect import collect
    from scoring.workspace.status import round_status

    make_round(ws, tmp_path)
    collect(ws, None, [inbox(tmp_path, ("so-gialap.xlsx",))])
    deadline_passes()
    later = inbox(tmp_path / "sau", ("so-vidu.xlsx",))
    data = json.loads((EXAMPLES / "so-tu-phap-tham-dinh.json").read_text(encoding="utf-8"))
    (later / "stp-nam-khac.json").write_text(json.dumps({**data, "year": 2024}), encoding="utf-8")
    collect(ws, None, [later])
    status = round_status(ws, None)
    blocks = {b.block_id: (b.roster, b.submitted, b.accepted, b.rejected, b.late, b.missing) for b in status.blocks}
    assert blocks == {"khoi_tinh": (5, 3, 2, 1, 1, 2), "khoi_xa": (3, 0, 0, 0, 0, 3)}
    assert (status.total.roster, status.total.missing) == (8, 5)
    assert [b.block_name for b in status.blocks] == ["Khối sở, ban, ngành và đơn vị sự nghiệp",
                                                     "Khối UBND xã, phường, đặc khu"]
    assert [m.code for m in status.missing] == ["BAN-MINHHOA", "BQL-DUANMAU", "XA-HUCAU", "XA-KHAC", "XA-MOI"]
    assert [(Path(r.file).name, r.unit_code) for r in status.refused] == [("stp-nam-khac.json", "STP")]
