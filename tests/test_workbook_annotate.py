"""The annotated return copy: points as values, problem cells marked, a result sheet."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from openpyxl import load_workbook

from scoring.core.findings import DvkError
from scoring.intake.pipeline import evaluate_file
from scoring.rules.load import load_ruleset
from scoring.workbook.annotate import write_annotated
from scoring.workbook.layout import SHEET_RESULT, SHEET_SCORES
from scoring.workbook.read import read_workbook
from scoring.formats.styles import NOTICE_FILL, WARNING_FILL

HERE = Path(__file__).parent / "workbooks"
RULESET = load_ruleset(HERE / "quirks-ruleset.json")


def _annotate(stem: str, tmp_path: Path):
    source = HERE / f"{stem}.xlsx"
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    result = evaluate_file(RULESET, source)
    out = write_annotated(source, result, RULESET, tmp_path / f"{stem}-ket-qua.xlsx")
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before  # the original is untouched
    return result, load_workbook(out), out


def test_points_written_as_values(tmp_path):
    result, wb, _ = _annotate("clean", tmp_path)
    ws = wb[SHEET_SCORES]
    assert ws["F6"].value == 2 and ws["F7"].value == 2        # 1.1 yes, 1.2 Khá
    assert ws["F9"].value == pytest.approx(2.4)                # 1.3: 8/10 of 3
    assert ws["F5"].value == pytest.approx(7.9)                # group 1 subtotal
    assert "Khá" in ws["F7"].comment.text                       # the explanation
    assert ws["F13"].value == 1                                 # bonus T1


def test_result_sheet_first_with_totals_and_class(tmp_path):
    result, wb, _ = _annotate("clean", tmp_path)
    assert wb.sheetnames[0] == SHEET_RESULT
    rows = [[c for c in row] for row in wb[SHEET_RESULT].iter_rows(values_only=True)]
    by_label = {row[1]: row for row in rows if row[1]}
    assert by_label["TỔNG ĐIỂM"][4] == pytest.approx(float(result.final.total))
    assert by_label["Xếp loại"][4] == result.final.band_label
    assert any(str(row[1]).startswith("Hồ sơ hợp lệ") for row in rows)


def test_problem_cells_marked_with_comment(tmp_path):
    result, wb, _ = _annotate("text-in-number", tmp_path)
    cell = wb[SHEET_SCORES]["E8"]
    assert cell.fill.start_color.rgb.endswith(WARNING_FILL)
    assert cell.comment.text.startswith("LỖI: ") and "phải là số" in cell.comment.text
    assert "input-not-number" not in cell.comment.text  # the code only on the summary sheet
    rows = list(wb[SHEET_RESULT].iter_rows(values_only=True))
    # the Vietnamese explanation comes first, the finding's code last (a narrow column)
    assert ("Lỗi", f"{SHEET_SCORES}!E8", "1.10", "input-not-number") in [tuple(r[2:6]) for r in rows]
    assert any("phải là số" in str(r[1]) and r[5] == "input-not-number" for r in rows)
    assert any(str(r[1]).startswith("CHƯA CHẤP NHẬN") for r in rows)
    # a submission with errors is not classified, in either stage
    classes = next(r for r in rows if r[1] == "Xếp loại")
    assert classes[3:5] == ("Chưa xếp loại: còn 1 lỗi",) * 2


def test_warnings_marked_in_amber(tmp_path):
    _, wb, _ = _annotate("decimal-comma", tmp_path)
    cell = wb[SHEET_SCORES]["E8"]
    assert cell.fill.start_color.rgb.endswith(NOTICE_FILL)
    assert cell.comment.text.startswith("CẢNH BÁO: ") and "workbook-decimal-comma" not in cell.comment.text
    rows = list(wb[SHEET_RESULT].iter_rows(values_only=True))
    assert ("Cảnh báo", f"{SHEET_SCORES}!E8") in [tuple(r[2:4]) for r in rows if r[5] == "workbook-decimal-comma"]


def test_annotated_copy_reads_back_with_same_result(tmp_path):
    result, _, out = _annotate("clean", tmp_path)
    again = evaluate_file(RULESET, out)
    assert again.final == result.final and again.criteria == result.criteria


def test_never_overwrites_the_source(tmp_path):
    source = tmp_path / "own.xlsx"
    source.write_bytes((HERE / "clean.xlsx").read_bytes())
    result = evaluate_file(RULESET, source)
    with pytest.raises(DvkError) as caught:
        write_annotated(source, result, RULESET, source)
    assert caught.value.findings[0].code == "annotate-same-file"


def test_no_partial_output_on_failure(tmp_path):
    result = evaluate_file(RULESET, HERE / "clean.xlsx")
    with pytest.raises(DvkError):
        write_annotated(HERE / "random-bytes.xlsx", result, RULESET, tmp_path / "out.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_default_ruleset_sample_annotates(tmp_path):
    big = load_ruleset(Path(__file__).parent.parent / "criteria" / "dvcq-minh-hoa.json")
    source = Path(__file__).parent.parent / "sample_inputs" / "xa-tapduot.xlsx"
    result = evaluate_file(big, source)
    out = write_annotated(source, result, big, tmp_path / "ann.xlsx")
    warned = [f for f in result.findings if f.location.cell]
    assert warned
    ws = load_workbook(out)[SHEET_SCORES]
    for finding in warned:
        assert ws[finding.location.cell].comment is not None
    assert read_workbook(out, big).submission == read_workbook(source, big).submission


def test_result_sheet_names_the_ruleset_by_its_title_not_its_id(tmp_path):
    _, wb, _ = _annotate("clean", tmp_path)
    text = " ".join(str(v) for row in wb[SHEET_RESULT].iter_rows(values_only=True) for v in row if v)
    assert f"Bộ tiêu chí: {RULESET.title}, phiên bản {RULESET.version}" in text
    assert RULESET.id not in text


def test_a_gate_reason_is_shown_under_each_stage_whose_class_it_lowered(tmp_path):
    root = Path(__file__).parent.parent
    ruleset = load_ruleset(root / "criteria" / "dvcq-minh-hoa.json")
    source = root / "sample_inputs" / "ban-minhhoa.xlsx"  # head of unit disciplined: a gate on a fact
    result = evaluate_file(ruleset, source)
    assert result.self_totals.gate_reasons and result.final.gate_reasons
    out = write_annotated(source, result, ruleset, tmp_path / "ket-qua.xlsx")
    rows = [row for row in load_workbook(out)[SHEET_RESULT].iter_rows(values_only=True)
            if row[1] == "Điều kiện xếp loại"]
    assert [row[3] for row in rows] == list(result.self_totals.gate_reasons)
    assert [row[4] for row in rows] == list(result.final.gate_reasons)


def test_a_merged_input_cell_is_split_on_the_copy_and_marked(tmp_path):
    """1.2's and 1.10's self cells merged (E7:E8): the copy is written (it used to stop with an
    internal error writing into the merge), E8 is a cell of its own again, marked red."""
    result, wb, _ = _annotate("merged-input-cells", tmp_path)
    ws = wb[SHEET_SCORES]
    assert "E7:E8" not in {r.coord for r in ws.merged_cells.ranges}
    assert ws["E8"].fill.start_color.rgb.endswith(WARNING_FILL)
    assert "gộp" in ws["E8"].comment.text
    assert [f.code for f in result.findings if f.is_error] == ["workbook-merged-input"]


def test_a_file_with_errors_shows_no_total_or_percent_on_its_result_sheet(tmp_path):
    """Not classified means no result yet: neither a total nor a percent nor the sum that makes
    one is printed, only the parts the unit can check and the class "Chưa xếp loại"."""
    result, wb, _ = _annotate("text-in-number", tmp_path)
    labels = [row[1] for row in wb[SHEET_RESULT].iter_rows(values_only=True)]
    assert "Điểm thưởng" in labels and "Xếp loại" in labels
    assert not {"TỔNG ĐIỂM", "Tỷ lệ trên tổng điểm tối đa áp dụng (%)", "Cộng: tổng điểm"} & set(labels)
    _, clean, _ = _annotate("clean", tmp_path)
    assert "TỔNG ĐIỂM" in [row[1] for row in clean[SHEET_RESULT].iter_rows(values_only=True)]


def test_score_annotate_of_a_merged_input_cell_exits_1_with_the_copy_written(tmp_path, capsys):
    from scoring.cli.app import main

    out = tmp_path / "ban-sao.xlsx"
    code = main(["score", str(HERE / "quirks-ruleset.json"), str(HERE / "merged-input-cells.xlsx"),
                 "--annotate", str(out)])
    assert code == 1 and out.is_file()  # the file's error, not "Lỗi nội bộ" (70)
    assert "Lỗi nội bộ" not in capsys.readouterr().err
