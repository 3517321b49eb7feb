"""Reports: written, read back (openpyxl, csv, json, html.parser) and compared; atomic on failure."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from scoring.intake.batch import run_batch
from scoring.engine.ranking import rank
from scoring.core.publish import WRITTEN_LIST
from scoring.reports import write_reports
from scoring.reports.csv import neutralise
from scoring.reports.tables import sheet_names
from test_batch_helpers import default_ruleset, submission, write_submission

D = Decimal


@pytest.fixture(scope="module")
def round_(tmp_path_factory):
    """A small round: 3 xã, 2 sở (one over-scoring itself), a rejected file; reports written once."""
    folder = tmp_path_factory.mktemp("nop")
    write_submission(folder, "xa-a.json", submission("XA-A", name="UBND xã Ả Ẩn", index=100))
    write_submission(folder, "xa-b.json", submission("XA-B", name="=HYPERLINK(\"x\")", index=60))
    write_submission(folder, "xa-c.json", submission("XA-C", index=60, extra={"F3": {"self": True}}))
    write_submission(folder, "so-a.json", submission("SO-A", unit_type="so_ban_nganh", index=95,
                                                     appraisal_index=40))
    write_submission(folder, "so-b.json", submission("SO-B", unit_type="so_ban_nganh", index=70))
    (folder / "hong.json").write_text("{", encoding="utf-8")
    ruleset = default_ruleset()
    batch = run_batch(ruleset, [folder], jobs=1)
    ranking = rank(ruleset, list(batch.accepted))
    out = tmp_path_factory.mktemp("ra") / "ket-qua"
    paths = write_reports(ruleset, batch, ranking, out)
    return ruleset, batch, ranking, out, paths


def test_every_documented_file_is_written(round_):
    *_, out, paths = round_
    names = sorted(p.name for p in paths)
    assert names == sorted(p.name for p in out.iterdir() if p.name != WRITTEN_LIST)
    for name in ("xep-hang.xlsx", "xep-hang.csv", "xep-hang-khoi_xa.csv", "xep-hang-khoi_tinh.csv",
                 "ma-tran-tieu-chi.csv", "tu-cham-tham-dinh.csv", "chenh-lech-tieu-chi.csv",
                 "tep-bi-loai.csv", "canh-bao.csv", "bao-cao.html", "ket-qua.json",
                 "bieu-do-xep-hang-khoi_xa.png", "bieu-do-xep-loai.png", "bieu-do-nhom-tieu-chi.png",
                 "bieu-do-tu-cham-tham-dinh.png"):
        assert name in names
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]  # temp folder gone


def test_xlsx_ranking_sheet_reads_back(round_):
    from openpyxl import load_workbook

    ruleset, batch, ranking, out, _ = round_
    book = load_workbook(out / "xep-hang.xlsx")
    assert book.sheetnames == ["Xếp hạng chung", "Khối sở, ban, ngành và đơn vị…",
                               "Khối UBND xã, phường, đặc khu", "Ma trận tiêu chí", "Tự chấm - Thẩm định",
                               "Chênh lệch theo tiêu chí", "Tệp bị loại", "Cảnh báo", "Thông tin"]
    sheet = book["Khối UBND xã, phường, đặc khu"]
    # the published table: national header and date above the titles, signatures below
    assert sheet["A1"].value == "………\n………" and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in _row_text(sheet, 1)
    # the run's date, as on every document of the run (bao-cao.html says "Lập ngày" the same day)
    from datetime import date

    from scoring.reports.profile import Profile
    assert Profile(ngay=date.today()).date_line() in _row_text(sheet, 2)
    # the title says the ranking order (class first, by default)
    assert sheet["A3"].value == "XẾP HẠNG KHỐI UBND XÃ, PHƯỜNG, ĐẶC KHU (THEO XẾP LOẠI, RỒI THEO TỶ LỆ ĐIỂM)"
    assert book["Xếp hạng chung"]["A3"].value == "XẾP HẠNG CHUNG (THEO XẾP LOẠI, RỒI THEO TỶ LỆ ĐIỂM)"
    assert "phiên bản 2025.1 — năm 2025" in sheet["A4"].value
    assert sheet["A5"].value.startswith("BỘ TIÊU CHÍ MINH HỌA")
    header = [c.value for c in sheet[7]]
    assert header == ["STT", "Tên đơn vị", "Mã đơn vị", "Khối", "Điểm tối đa áp dụng", "Điểm tự chấm",
                      "Điểm thẩm định", "Tỷ lệ (%)", "Xếp loại", "Hạng", "Ghi chú"]
    expected = [u for u in ranking.blocks[1].units]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=8, max_row=7 + len(expected))]
    assert [r[2] for r in rows] == [u.unit_code for u in expected] == ["XA-A", "XA-B", "XA-C"]
    first = rows[0]
    assert first[1] == "UBND xã Ả Ẩn"
    assert D(str(first[6])) == expected[0].result.final.total
    assert D(str(first[7])) == expected[0].result.final.percent
    assert (first[8], first[9]) == (expected[0].band_label, 1)
    assert rows[1][1] == '=HYPERLINK("x")'  # stored as text, not as a formula
    assert rows[2][9] is None and "không xếp hạng" in rows[2][10].lower()
    signatures = _row_text(sheet, 8 + len(expected) + 1)
    assert "NGƯỜI LẬP BIỂU" in signatures and "………" in signatures
    assert sheet.freeze_panes == "A8"
    assert sheet.auto_filter.ref == "A7:K10"
    assert sheet["H8"].number_format == "0.00"
    assert sheet["B8"].font.name == "Times New Roman"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9


def _row_text(sheet, row: int) -> str:
    return " ".join(str(c.value) for c in sheet[row] if c.value)


def test_xlsx_rejected_sheet_lists_every_reason(round_):
    from openpyxl import load_workbook

    *_, out, _ = round_
    sheet = load_workbook(out / "xep-hang.xlsx")["Tệp bị loại"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=6)]
    # printed: the file's name (not its path), the level and explanation, the code last
    assert [(r[1], r[5], r[7]) for r in rows] == [("hong.json", "Lỗi", "json-syntax")]
    assert rows[0][6].startswith("Tệp JSON sai cú pháp")
    with open(out / "tep-bi-loai.csv", encoding="utf-8-sig", newline="") as handle:
        machine = list(csv.DictReader(handle))  # the CSV keeps the path and its columns for programs
    assert [(Path(r["Tệp"]).name, r["Mã lỗi"]) for r in machine] == [("hong.json", "json-syntax")]


def read_csv(path):
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_csv_matches_the_ranking_and_neutralises_formulas(round_):
    ruleset, batch, ranking, out, _ = round_
    rows = read_csv(out / "xep-hang-khoi_xa.csv")
    assert rows[0][:3] == ["STT", "Tên đơn vị", "Mã đơn vị"]
    assert [r[2] for r in rows[1:]] == ["XA-A", "XA-B", "XA-C"]
    assert rows[1][6] == f"{ranking.unit('XA-A').result.final.total:f}"
    assert rows[2][1] == "'=HYPERLINK(\"x\")"
    assert rows[3][9] == ""  # unranked


@pytest.mark.parametrize("text, safe", [
    ("=1+1", "'=1+1"), ("+84", "'+84"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("Xã A", "Xã A"), ("", ""),
])
def test_neutralise(text, safe):
    assert neutralise(text) == safe


def test_matrix_and_gaps(round_):
    ruleset, batch, ranking, out, _ = round_
    matrix = read_csv(out / "ma-tran-tieu-chi.csv")
    assert matrix[0][3] == "1.1 (tối đa 3)"
    so_b = next(r for r in matrix if r[1] == "SO-B")
    col = matrix[0].index("2.1b (tối đa 3)")
    assert so_b[col] == ""  # 2.1b applies to đơn vị sự nghiệp only
    gaps = read_csv(out / "tu-cham-tham-dinh.csv")
    assert gaps[1][1] == "SO-A"  # lowered the most by the appraisal (CCHC 95 → 40)
    so_a = ranking.unit("SO-A").result
    own, final = so_a.self_totals, so_a.final
    row = dict(zip(gaps[0], gaps[1]))
    # each percent beside its own maximum (the appraiser-only 7.1 counts in the final maximum only)
    assert [D(row[k]) for k in ("Điểm tự chấm", "Điểm tối đa tự chấm", "Tỷ lệ tự chấm (%)")] == \
        [own.total, own.applicable_max, own.percent]
    assert [D(row[k]) for k in ("Điểm thẩm định", "Điểm tối đa thẩm định", "Tỷ lệ thẩm định (%)")] == \
        [final.total, final.applicable_max, final.percent]
    assert own.applicable_max < final.applicable_max
    # over-claimed on the criteria the unit scored itself: 2 + 8,25 points, positive in both columns
    assert D(row["Tự chấm cao hơn thẩm định (điểm)"]) == D("10.25")
    assert D(row["Tự chấm cao hơn thẩm định (% tối đa tự chấm)"]) == \
        (D("10.25") * 100 / own.applicable_max).quantize(D("0.01"))
    assert D(row["Điểm thẩm định cùng phạm vi tự chấm"]) == own.total - D("10.25")
    crit = [r for r in read_csv(out / "chenh-lech-tieu-chi.csv")[1:] if r[1] == "SO-A"]
    # 3.2 appraised lower in the example, 7.1 (appraiser only) is no difference; 4.1: 15 × 95 / 100 = 14,25 self, 15 × 40 / 100 = 6 appraised
    assert [(r[3], r[5], r[6], r[7]) for r in crit] == [("3.2", "5.00", "3.00", "2.00"),
                                                        ("4.1", "14.25", "6.00", "8.25")]


def test_json_has_every_result_rank_and_rejected_file(round_):
    ruleset, batch, ranking, out, _ = round_
    doc = json.loads((out / "ket-qua.json").read_text(encoding="utf-8"), parse_float=D)
    assert (doc["format"], doc["ruleset"]["version"], doc["year"]) == ("dvk-ket-qua", "2025.1", 2025)
    assert [u["unit_code"] for u in doc["units"]] == [u.unit_code for u in ranking.overall]
    first = doc["units"][0]
    assert first["overall_rank"] == 1
    assert first["result"] == json.loads(json.dumps(ranking.overall[0].result.to_dict()), parse_float=D)
    assert [Path(r["file"]).name for r in doc["rejected"]] == ["hong.json"]
    assert doc["rejected"][0]["findings"][0]["code"] == "json-syntax"



@pytest.mark.parametrize("chunk", [1, 2, 256])
def test_streamed_json_equals_the_whole_document_dumped_at_once(round_, tmp_path, monkeypatch, chunk):
    from scoring.reports import json as json_report

    ruleset, batch, ranking, *_ = round_
    monkeypatch.setattr(json_report, "CHUNK", chunk)
    path = json_report.write_json(tmp_path / "ket-qua.json", ruleset, batch, ranking)
    whole = json.dumps(json_report.results_document(ruleset, batch, ranking), ensure_ascii=False,
                       separators=(",", ":"))
    assert path.read_text(encoding="utf-8") == whole + "\n"


def _reference_jsonable(value):
    """The original recursive conversion, kept here as the oracle for the fast ``to_dict``."""
    from scoring.core.decimals import to_json_number

    if isinstance(value, D):
        return to_json_number(value)
    if isinstance(value, dict):
        return {k: _reference_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_reference_jsonable(v) for v in value]
    return value


def _totals_reference(totals):
    """A stage's fields as they are; its explanation lines as {"text", "points"} objects."""
    fields = totals._asdict()
    fields["explanation"] = [{"text": text, "points": points} for text, points in fields.pop("lines")]
    return fields


def test_result_to_dict_matches_the_plain_field_dump(round_):
    ruleset, batch, ranking, *_ = round_
    for result in batch.accepted:
        reference = _reference_jsonable({
            "ruleset": {"id": result.ruleset_id, "version": result.ruleset_version},
            "unit": {"code": result.unit_code, "name": result.unit_name, "unit_type": result.unit_type,
                     "unit_type_name": result.unit_type_name, "block": result.block_id,
                     "block_name": result.block_name},
            "year": result.year, "source": result.source, "appraised": result.appraised,
            "self": _totals_reference(result.self_totals), "final": _totals_reference(result.final),
            "nodes": [n._asdict() for n in result.nodes],
            "criteria": [{"id": c.id, "name": c.name, "max": c.max, "applies": c.applies,
                          "self": c.self and {"points": c.self.points, "explanation": c.self.explanation,
                                              "applicable": c.self.applicable, "valid": c.self.valid},
                          "appraisal": c.appraisal and {"points": c.appraisal.points,
                                                        "explanation": c.appraisal.explanation,
                                                        "applicable": c.appraisal.applicable,
                                                        "valid": c.appraisal.valid},
                          "final_stage": c.final_stage, "diff": c.diff, "evidence": c.evidence,
                          "note": c.note, "appraisal_note": c.appraisal_note} for c in result.criteria],
            "pool": [p._asdict() | {"final_points": p.final_points} for p in result.pool],
            "findings": [f.to_dict() for f in result.findings],
        })
        assert json.dumps(result.to_dict(), ensure_ascii=False) == json.dumps(reference, ensure_ascii=False)


@pytest.mark.parametrize("first, second, number", [
    ("3.00", "3", 3), ("3", "3.00", 3), ("2.50", "2.5", 2.5), ("-0.00", "0", 0), ("81.7300", "81.73", 81.73),
])
def test_memoised_json_numbers_depend_only_on_the_value(first, second, number):
    from scoring.engine.result import _num

    assert _num(D(first)) == number and _num(D(second)) == number
    assert type(_num(D(second))) is type(number)

class _Checker(HTMLParser):
    """Well-formedness: every non-void tag closed in order; collects text and image sources."""

    VOID = {"meta", "img", "br", "hr", "link", "input"}

    def __init__(self):
        super().__init__()
        self.stack, self.text, self.images, self.errors = [], [], [], []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs)["src"])
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_well_formed_self_contained_and_says_what_matters(round_):
    ruleset, batch, ranking, out, _ = round_
    page = (out / "bao-cao.html").read_text(encoding="utf-8")
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.errors == [] and checker.stack == []
    text = " ".join(checker.text)
    assert "BỘ TIÊU CHÍ MINH HỌA" in text and "phiên bản 2025.1" in text
    assert "UBND xã Ả Ẩn" in text and "hong.json" in text and "json-syntax" in text
    assert "Khối UBND xã, phường, đặc khu" in text
    assert len(checker.images) == 5 and all(s.startswith("data:image/png;base64,") for s in checker.images)
    # one inline script (sorting the ranking tables), nothing fetched from anywhere
    assert page.count("<script") == 1 and "<script src" not in page
    assert "http" not in page.replace("http-equiv", "")
    assert '=HYPERLINK(&quot;x&quot;)' in page


def test_a_failing_writer_leaves_the_old_output_untouched(round_, tmp_path, monkeypatch):
    ruleset, batch, ranking, *_ = round_
    out = tmp_path / "ket-qua"
    write_reports(ruleset, batch, ranking, out, charts=False)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("scoring.reports.json.write_json", broken)
    with pytest.raises(RuntimeError):
        write_reports(ruleset, batch, ranking, out, charts=False)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ket-qua"]


def test_a_failing_writer_creates_no_output_folder(round_, tmp_path, monkeypatch):
    ruleset, batch, ranking, *_ = round_
    monkeypatch.setattr("scoring.reports.html.write_html", lambda *a, **k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        write_reports(ruleset, batch, ranking, tmp_path / "moi", charts=False)
    assert list(tmp_path.iterdir()) == []


def test_republishing_removes_stale_outputs_but_keeps_other_files(round_, tmp_path):
    """Charts dvk wrote and does not write again go; the user's files stay, whatever their name
    (``xep-hang-ban-cua-toi.xlsx`` looks like an output and was once deleted)."""
    ruleset, batch, ranking, *_ = round_
    out = tmp_path / "ket-qua"
    out.mkdir()
    mine = {"bieu-do-cua-toi.png": b"mine", "ghi-chu-cua-toi.txt": b"mine", "xep-hang-ban-cua-toi.xlsx": b"mine"}
    for name, data in mine.items():
        (out / name).write_bytes(data)
    write_reports(ruleset, batch, ranking, out)
    charts = {p.name for p in out.glob("bieu-do-xep-*.png")}
    assert charts
    write_reports(ruleset, batch, ranking, out, charts=False)
    names = {p.name for p in out.iterdir()}
    assert not charts & names
    assert {name: (out / name).read_bytes() for name in mine} == mine


def test_sheet_names_are_valid_and_unique():
    long = "Khối các cơ quan, đơn vị: sở/ban [ngành] tỉnh và trung ương"
    names = sheet_names([long, long, "Ngắn"], taken={"Xếp hạng chung"})
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
    assert len({n.casefold() for n in names}) == 3
    assert names[2] == "Ngắn"


def test_an_unappraised_units_appraisal_score_is_empty_not_a_copy():
    from scoring.engine.ranking import rank
    from scoring.reports.tables import build_tables
    from test_batch_helpers import default_ruleset, make_result

    ruleset = default_ruleset()
    ranking = rank(ruleset, [make_result("A", 91), make_result("N", 80, appraised=False)])
    from scoring.intake.batch import Batch

    table = build_tables(ruleset, Batch((), (), ()), ranking)[0]
    column = [c.header for c in table.columns].index("Điểm thẩm định")
    rows = {row[2]: row for row in table.rows}
    assert rows["N"][column] is None and rows["A"][column] == D(91)
    assert "Chưa thẩm định: điểm cuối cùng là điểm tự chấm" in rows["N"][-1]
