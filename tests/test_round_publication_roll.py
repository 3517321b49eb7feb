"""A round's publication names its missing and late units in every report, with the council's
reasons, and differs from ``dvk rank`` on the same files only by what the round adds."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from test_round_appraisal import fill
from test_round_collect import inbox, make_round
from wsfixtures import EXAMPLES, SAMPLES, backend, deadline_passes, pg_url, ws  # noqa: F401 - fixtures

ON_TIME = ("ban-minhhoa.xlsx", "so-gialap.xlsx", "xa-hucau.xlsx")
MISSING = ["BQL-DUANMAU", "STP", "XA-KHAC", "XA-MOI"]  # STP's only file is refused (wrong year)
LATE_REASON = "Kế hoạch ban hành sau hạn"
POOL_REASON = "Có 2 cán bộ bị kỷ luật (Quyết định số 5/QĐ-KL)"


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def docx_text(path: Path) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(path).paragraphs)


@pytest.fixture
def published(ws, tmp_path):
    """A published round: 3 units on time, SO-VIDU late (the late fact F1 counts), STP refused,
    4 roster units without a counted submission; the council lowered SO-GIALAP's criterion 1.1
    and counted 2 deductions D1 where the unit counted 1, each with a reason."""
    from scoring.workspace.appraisal_import import import_appraisal
    from scoring.workspace.appraisal_sheet import write_appraisal_sheet
    from scoring.workspace.collect import collect
    from scoring.workspace.publication import publish_round
    from scoring.workspace.rounds import move_round

    make_round(ws, tmp_path, late_fact="F1")
    collect(ws, None, [inbox(tmp_path, ON_TIME)])
    deadline_passes()
    later = inbox(tmp_path / "sau", ("so-vidu.xlsx",))
    data = json.loads((EXAMPLES / "so-tu-phap-tham-dinh.json").read_text(encoding="utf-8"))
    (later / "stp-nam-khac.json").write_text(json.dumps({**data, "year": 2024}), encoding="utf-8")
    collect(ws, None, [later])
    move_round(None, "closed")
    move_round(None, "appraisal")
    sheet = write_appraisal_sheet(ws, None, tmp_path / "tham-dinh.xlsx")
    fill(sheet, "SO-GIALAP", "1.1|done", "Không", LATE_REASON)
    fill(sheet, "SO-GIALAP", "D1|count", 2, POOL_REASON)  # the unit counted 1
    assert len(import_appraisal(ws, None, sheet)) == 2
    move_round(None, "final")
    return ws.root / publish_round(ws, None).folder


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_every_report_names_the_same_missing_and_late_units(published):
    from scoring.reports.roll import ROUND_NOTE

    rows = read_csv(published / "chua-nop-nop-muon.csv")
    assert [(r["Mã đơn vị"], r["Tình trạng"]) for r in rows] == (
        [(code, "Tệp bị loại" if code == "STP" else "Chưa nộp") for code in MISSING] + [("SO-VIDU", "Nộp muộn")])
    late = rows[-1]
    due = late["Hạn nộp"]  # the moment the deadline passed (deadline_passes), as every report writes a time
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", due) and late["Thời điểm nộp"][:2].isdigit()
    assert late["Khối"] == "Khối sở, ban, ngành và đơn vị sự nghiệp"
    assert all(r["Hạn nộp"] == due and not r["Thời điểm nộp"] for r in rows[:-1])

    sheet = load_workbook(published / "xep-hang.xlsx")["Chưa nộp, nộp muộn"]
    header = next(i for i, row in enumerate(sheet.iter_rows(values_only=True)) if row[0] == "STT")
    cells = [row for row in sheet.iter_rows(min_row=header + 2, values_only=True) if row[0] is not None]
    assert [(c[1], c[4], c[5] or "", c[6]) for c in cells] == [
        (r["Mã đơn vị"], r["Tình trạng"], r["Thời điểm nộp"], r["Hạn nộp"]) for r in rows]

    roster = json.loads((published / "ket-qua.json").read_text(encoding="utf-8"))["roster"]
    assert [(u["code"], u["state"]) for u in roster["missing"]] == [
        (r["Mã đơn vị"], r["Tình trạng"]) for r in rows[:-1]]
    assert roster["late"] == [{"code": "SO-VIDU", "name": late["Tên đơn vị"], "block": late["Khối"],
                               "received_at": late["Thời điểm nộp"], "deadline": due}]

    sentence = (f"Chưa nộp hoặc chỉ có tệp bị loại: 4 đơn vị (Ban Quản lý Dự án Mẫu (BQL-DUANMAU); "
                f"Sở Tư pháp (STP, tệp bị loại); "
                f"UBND xã Khác (XA-KHAC); UBND xã Mới (XA-MOI)). Nộp muộn (hạn nộp {due}): "
                f"1 đơn vị (Sở Ví Dụ (SO-VIDU), nộp lúc {late['Thời điểm nộp']}).")
    text = docx_text(published / "bao-cao.docx")
    assert f"3. Tình hình nộp hồ sơ: {sentence} {ROUND_NOTE}" in text
    assert "4. Quy tắc xếp hạng, xếp loại:" in text
    assert "hội đồng thẩm định đã thay đổi kết quả tự chấm của 1 đơn vị" in text
    html = (published / "bao-cao.html").read_text(encoding="utf-8")
    assert f"<p>{sentence}</p>" in html and f"<p>{ROUND_NOTE}</p>" in html


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_docx_does_not_contradict_its_appendix(published):
    import docx

    document = docx.Document(published / "bao-cao.docx")
    appendix_codes = {row.cells[1].text for table in document.tables for row in table.rows[1:]
                      if len(row.cells) == 9}
    # every counted unit is in the appendix; no unit said missing is
    assert appendix_codes == {"BAN-MINHHOA", "SO-GIALAP", "XA-HUCAU", "SO-VIDU"}
    assert not appendix_codes & set(MISSING)
    text = docx_text(published / "bao-cao.docx")
    assert "4 tệp được tính" in text and "1 tệp bị loại" in text


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_council_reasons_reach_the_gap_table_and_the_json(published):
    gaps = {(r["Mã đơn vị"], r["Mã tiêu chí"]): r for r in read_csv(published / "chenh-lech-tieu-chi.csv")}
    assert set(gaps) == {("SO-GIALAP", "1.1"), ("SO-GIALAP", "D1")}
    assert gaps["SO-GIALAP", "1.1"]["Ý kiến thẩm định"] == LATE_REASON
    assert gaps["SO-GIALAP", "D1"]["Ý kiến thẩm định"] == POOL_REASON
    assert (gaps["SO-GIALAP", "D1"]["Tự chấm"], gaps["SO-GIALAP", "D1"]["Thẩm định"]) == ("-2", "-4")
    units = {u["unit_code"]: u for u in json.loads((published / "ket-qua.json").read_text(encoding="utf-8"))["units"]}
    result = units["SO-GIALAP"]["result"]
    assert next(c for c in result["criteria"] if c["id"] == "1.1")["appraisal_note"] == LATE_REASON
    assert next(p for p in result["pool"] if p["id"] == "D1")["appraisal_note"] == POOL_REASON
    assert all(c["appraisal_note"] is None for u in units.values() for c in u["result"]["criteria"]
               if (u["unit_code"], c["id"]) != ("SO-GIALAP", "1.1"))


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_warnings_are_those_of_dvk_rank_plus_the_lateness(published, tmp_path):
    from scoring.jobs.rank import run_rank
    from scoring.rules.load import load_ruleset
    from wsfixtures import RULESET

    files = [SAMPLES / name for name in (*ON_TIME, "so-vidu.xlsx")]
    run_rank(load_ruleset(RULESET), files, tmp_path / "rank", jobs=1)

    def warnings(folder: Path, drop: str = "") -> list[tuple[str, ...]]:
        rows = read_csv(folder / "canh-bao.csv")
        return sorted((Path(r["Tệp"]).name, r["Trang tính"], r["Ô"], r["Mã tiêu chí"], r["Mã lỗi"], r["Nội dung"])
                      for r in rows if r["Mã lỗi"] != drop)

    ranked = warnings(tmp_path / "rank")
    assert ranked  # the bundled workbooks carry warnings: the comparison is not empty
    assert warnings(published, drop="collect-late") == ranked
    late = [r for r in read_csv(published / "canh-bao.csv") if r["Mã lỗi"] == "collect-late"]
    assert [Path(r["Tệp"]).name for r in late] == ["so-vidu.xlsx"]
    assert not (tmp_path / "rank" / "chua-nop-nop-muon.csv").exists()
    from scoring.jobs.compare import read_round

    assert len(read_round(published).units) == 4  # dvk compare reads a publication with its roster
    assert "roster" not in json.loads((tmp_path / "rank" / "ket-qua.json").read_text(encoding="utf-8"))


def test_roll_sentence_counts_and_names_at_most_thirty_units():
    from scoring.reports.roll import NAMED_MAX, TABLE_TITLE, RollUnit, RoundRoll, roll_lines

    assert roll_lines(RoundRoll())[0] == "Chưa nộp: không có đơn vị nào. Nộp muộn: không có đơn vị nào."
    many = tuple(RollUnit(f"X{i:02d}", f"Xã {i}", "Khối xã") for i in range(NAMED_MAX + 5))
    sentence = roll_lines(RoundRoll(missing=many, deadline="31/12/2025 23:59"))[0]
    assert sentence.startswith(f"Chưa nộp: {NAMED_MAX + 5} đơn vị (Xã 0 (X00); ")
    assert f"(X{NAMED_MAX - 1:02d}); và 5 đơn vị khác, xem bảng “{TABLE_TITLE}”)." in sentence
    assert f"(X{NAMED_MAX:02d})" not in sentence
    assert sentence.endswith("Nộp muộn (hạn nộp 31/12/2025 23:59): không có đơn vị nào.")
