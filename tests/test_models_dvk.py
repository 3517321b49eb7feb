""""Dân vận khéo" models: registration (JSON, workbook), late findings, evaluation, roll-up into a
unit ruleset, and the register outputs read back."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from casekit import ROOT, TESTS
from scoring.cli.app import main
from scoring.core.findings import DvkError
from scoring.models_dvk.evaluate import evaluate_models
from scoring.models_dvk.outputs import write_outputs
from scoring.models_dvk.register import read_register
from scoring.models_dvk.register_xlsx import write_form
from scoring.models_dvk.rollup import apply_models, level_field_counts, rollup
from scoring.models_dvk.score import evaluate_file_with_models
from scoring.intake.pipeline import evaluate_file
from scoring.rules.load import load_ruleset

DATA = TESTS / "models"
REGISTER = DATA / "dang-ky.json"
EVALUATIONS = DATA / "danh-gia"
DVCQ = ROOT / "criteria" / "dvcq-minh-hoa.json"
MODEL_RULESET = ROOT / "criteria" / "dvk-mo-hinh.json"
XA_MAUSON = ROOT / "criteria" / "examples" / "dvcq-minh-hoa" / "xa-mau-son.json"


def _codes(findings):
    return sorted((f.code, f.location.json_path or f"{f.location.sheet}!{f.location.cell}") for f in findings)


def test_json_register_keeps_good_rows_and_locates_every_problem() -> None:
    register = read_register([REGISTER])
    assert [m.code for m in register.models] == ["MH-01", "MH-02", "MH-03", "MH-05"]
    assert register.deadline == dt.date(2026, 3, 12)
    assert _codes(register.findings) == [("model-bad-choice", "$.models[3].field"),
                                         ("model-late-registration", "$.models[1].registered_on")]
    late = register.by_code()["MH-02"]
    assert late.late and late.individual == "Nguyễn Văn Hòa" and late.status == "dang_ky"
    assert register.by_code()["MH-03"].field == "van_hoa_xa_hoi"  # typed with an en dash
    assert register.by_code()["MH-05"].registered_on == dt.date(2026, 1, 12)  # dd/mm/yyyy text
    message = next(f.message for f in register.findings if f.code == "model-late-registration")
    assert message == "Mô hình đăng ký ngày 20/03/2026, sau hạn đăng ký 12/03/2026 (8 ngày)."


def test_deadline_given_by_the_caller_overrides_the_files() -> None:
    register = read_register([REGISTER], deadline=dt.date(2026, 2, 1))
    assert sorted(m.code for m in register.models if m.late) == ["MH-01", "MH-02", "MH-03"]


@pytest.mark.parametrize(("content", "code"), [
    ('{"models": 3}', "model-register-bad-shape"),
    ("[]", "model-register-empty"),
    ('[{"code": "A"}]', "model-missing-value"),
    ('[{"code": "A", "name": "X", "field": "kinh_te", "unit_code": "U", "unit_name": "U", "registered_on": "31/02/2026"}]',
     "model-bad-date"),
    ('[{"code": "A", "name": "X", "field": "kinh_te", "unit_code": "U", "unit_name": "U", "registered_on": "2026-01-02",'
     ' "from": "2026-05-01", "to": "2026-02-01"}]', "model-period-order"),
    ('[{"code": "A", "name": ["X"], "field": "kinh_te", "unit_code": "U", "unit_name": "U", "registered_on": "2026-01-02"}]',
     "model-bad-text"),
])
def test_unusable_registers_are_refused_with_a_finding(tmp_path: Path, content: str, code: str) -> None:
    path = tmp_path / "dk.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DvkError) as caught:
        read_register([path])
    assert code in {f.code for f in caught.value.findings}


def test_duplicate_model_codes_keep_the_first(tmp_path: Path) -> None:
    row = {"code": "A", "name": "X", "field": "kinh_te", "unit_code": "U", "unit_name": "U", "registered_on": "2026-01-02"}
    path = tmp_path / "dk.json"
    path.write_text(json.dumps([row, {**row, "name": "Y"}]), encoding="utf-8")
    register = read_register([path])
    assert [m.name for m in register.models] == ["X"]
    assert _codes(register.findings) == [("model-duplicate-code", "$[1]")]


def test_registration_workbook_round_trip(tmp_path: Path) -> None:
    form = write_form(tmp_path / "mau.xlsx")
    book = load_workbook(form)
    sheet = book["Đăng ký mô hình"]
    assert [c.value for c in sheet[3]][:3] == ["Mã mô hình", "Tên mô hình", "Lĩnh vực"]
    assert {str(dv.sqref).split(":")[0] for dv in sheet.data_validations.dataValidation} == {"C4", "J4"}
    sheet.append([])  # rows 4.. are empty; fill two models and one bad row below the header
    rows = [["MH-A", "Chợ văn minh", "Kinh tế", "XA-1", "UBND xã Một", None, dt.datetime(2026, 3, 1), None, None, "Triển khai"],
            ["MH-B", "Tổ an ninh", "quốc phòng - an ninh", "XA-1", "UBND xã Một", "Trần Văn An", "15/03/2026", None, None, None],
            ["MH-C", "Sai ngày", "Kinh tế", "XA-2", "UBND xã Hai", None, "hôm qua", None, None, None]]
    for r, row in enumerate(rows, start=4):
        for c, value in enumerate(row, start=1):
            sheet.cell(row=r, column=c, value=value)
    book.save(tmp_path / "dk.xlsx")
    register = read_register([tmp_path / "dk.xlsx"], deadline=dt.date(2026, 3, 12))
    assert [(m.code, m.field, m.status, m.late) for m in register.models] == [
        ("MH-A", "kinh_te", "trien_khai", False), ("MH-B", "quoc_phong_an_ninh", "dang_ky", True)]
    assert _codes(register.findings) == [("model-bad-date", "Đăng ký mô hình!G6"),
                                         ("model-late-registration", "Đăng ký mô hình!G5"),
                                         ("model-value-assumed", "Đăng ký mô hình!C5")]


def test_workbook_without_a_header_is_refused(tmp_path: Path) -> None:
    shutil.copy(ROOT / "sample_inputs" / "bv-mau.xlsx", tmp_path / "khac.xlsx")
    with pytest.raises(DvkError) as caught:
        read_register([tmp_path / "khac.xlsx"])
    assert [f.code for f in caught.value.findings] == ["model-register-no-header"]


def test_evaluation_moves_each_model_to_its_recognition_level(tmp_path: Path) -> None:
    stray = tmp_path / "stray.json"
    data = json.loads((EVALUATIONS / "mh-01.json").read_text(encoding="utf-8"))
    data["unit"]["code"] = "MH-99"
    stray.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    register = evaluate_models(read_register([REGISTER]), load_ruleset(MODEL_RULESET), [EVALUATIONS, stray])
    models = register.by_code()
    assert models["MH-01"].status == "cong_nhan_tinh"  # 87 points: Đề nghị công nhận cấp tỉnh
    assert models["MH-02"].status == "cong_nhan_co_so"  # appraised to 82: Công nhận cấp cơ sở
    assert models["MH-02"].evaluation["total"] == Decimal(82)
    assert models["MH-03"].status == "cong_nhan_tinh" and models["MH-03"].evaluation is None
    codes = [f.code for f in register.findings]
    assert codes.count("model-evaluation-unknown") == 1 and codes.count("model-not-evaluated") == 2


def test_a_ruleset_without_recognition_cannot_evaluate_models() -> None:
    with pytest.raises(DvkError) as caught:
        evaluate_models(read_register([REGISTER]), load_ruleset(DVCQ), [EVALUATIONS])
    assert [f.code for f in caught.value.findings] == ["model-ruleset-no-recognition"]


def _evaluated():
    return evaluate_models(read_register([REGISTER]), load_ruleset(MODEL_RULESET), [EVALUATIONS])


def test_rollup_counts_per_unit_and_per_level_and_field() -> None:
    register = _evaluated()
    units = rollup(register)
    assert sorted(units) == ["bv-mau", "so-vidu", "xa-mauson"]
    assert units["xa-mauson"].highest == "cong_nhan_tinh"
    assert units["so-vidu"].highest == "cong_nhan_co_so"
    counts = level_field_counts(register)
    assert counts["cong_nhan_tinh"] == {"kinh_te": 1, "van_hoa_xa_hoi": 1}
    assert counts["cong_nhan_co_so"] == {"xay_dung_htct": 1, "quoc_phong_an_ninh": 1}


def test_unit_ruleset_scores_models_from_the_register_instead_of_the_typed_value() -> None:
    ruleset, register = load_ruleset(DVCQ), _evaluated()
    typed = evaluate_file(ruleset, XA_MAUSON)
    filled = evaluate_file_with_models(ruleset, XA_MAUSON, register)
    by_id = {c.id: c for c in filled.criteria}
    assert by_id["6.2"].self.points == Decimal(3)
    assert by_id["6.2"].evidence == "Theo sổ đăng ký mô hình \"Dân vận khéo\": MH-01"
    bonus = {p.id: p for p in filled.pool}
    assert bonus["T1"].self_count == 1  # MH-01 only: MH-02 is an individual's and only cấp cơ sở
    # typed "co_so" (2 points) became "tinh" (3), and one bonus of 2 points was added
    assert filled.self_totals.base - typed.self_totals.base == Decimal(1)
    assert filled.self_totals.bonus - typed.self_totals.bonus == Decimal(2)
    replaced = [f for f in filled.findings if f.code == "model-input-replaced"]
    assert [(f.location.criterion_id, f.severity) for f in replaced] == [("6.2", "warning")]
    assert "Đơn vị nhập 'co_so', được thay bằng 'tinh'" in replaced[0].message


def test_unit_without_models_gets_the_otherwise_level_and_zero_counts() -> None:
    ruleset = load_ruleset(DVCQ)
    submission_path = ROOT / "criteria" / "examples" / "dvcq-minh-hoa" / "benh-vien-diem-nong.json"
    register = _evaluated()
    filled = evaluate_file_with_models(ruleset, submission_path, register)
    crit = {c.id: c for c in filled.criteria}["6.2"]
    assert crit.self.points == 0 and crit.evidence.endswith("không có mô hình nào")


def test_ruleset_without_model_inputs_is_untouched() -> None:
    ruleset = load_ruleset(ROOT / "criteria" / "nd335-co-quan.json")
    path = ROOT / "criteria" / "examples" / "nd335-co-quan" / "so-tai-chinh.json"
    from scoring.intake.pipeline import read_submission

    submission, _ = read_submission(path, ruleset)
    assert apply_models(ruleset, submission, _evaluated()) == (submission, [])


def test_register_outputs_read_back(tmp_path: Path) -> None:
    register = _evaluated()
    paths = write_outputs(register, tmp_path / "out", "Mô hình \"Dân vận khéo\" năm 2026")
    names = sorted(p.name for p in paths)
    assert names == sorted(["so-dang-ky-mo-hinh.xlsx", "so-dang-ky-mo-hinh.csv", "mo-hinh-cong-nhan.csv",
                            "mo-hinh-theo-don-vi.csv", "mo-hinh-canh-bao.csv", "bieu-do-mo-hinh.png",
                            "tong-hop-mo-hinh.json"])
    book = load_workbook(tmp_path / "out" / "so-dang-ky-mo-hinh.xlsx")
    assert book.sheetnames == ["Sổ đăng ký", "Công nhận theo cấp", "Theo đơn vị", "Cảnh báo"]
    levels = [[c.value for c in row] for row in book["Công nhận theo cấp"].iter_rows(min_row=6)]
    assert levels[-1] == ["Tổng cộng", 2, 0, 2, 4]
    register_rows = [[c.value for c in row] for row in book["Sổ đăng ký"].iter_rows(min_row=6)]
    assert [r[1] for r in register_rows] == ["MH-01", "MH-02", "MH-03", "MH-05"]
    assert register_rows[1][7] == "Có" and register_rows[1][11] == "Công nhận cấp cơ sở"
    assert (tmp_path / "out" / "bieu-do-mo-hinh.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    again = read_register([tmp_path / "out" / "tong-hop-mo-hinh.json"])  # the summary is a register too
    assert [(m.code, m.status) for m in again.models] == [(m.code, m.status) for m in register.models]


def test_cli_models_summary_and_form(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["mo-hinh", "tong-hop", str(REGISTER), "--danh-gia", str(EVALUATIONS), "--out", str(tmp_path / "mh")])
    out = capsys.readouterr().out
    assert code == 3  # one row refused (its error printed), the rest written
    assert "LỖI [model-bad-choice]" in out
    assert "Sổ đăng ký: 4 mô hình (1 đăng ký muộn); được công nhận: cấp cơ sở 2, cấp huyện 0, cấp tỉnh 2." in out
    assert main(["mo-hinh", "mau", "-o", str(tmp_path / "mau.xlsx")]) == 0
    capsys.readouterr()
    assert main(["mo-hinh"]) == 2 and "Cách dùng: dvk mo-hinh" in capsys.readouterr().out
    assert main(["mo-hinh", "tong-hop", str(tmp_path / "mh" / "tong-hop-mo-hinh.json"), "--out",
                 str(tmp_path / "mh2")]) == 0


def test_cli_rank_with_models_changes_scores_and_proposes_individuals(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("xa-mau-son.json", "benh-vien-diem-nong.json"):
        shutil.copy(ROOT / "criteria" / "examples" / "dvcq-minh-hoa" / name, inputs / name)
    summary = tmp_path / "mh"
    assert main(["mo-hinh", "tong-hop", str(REGISTER), "--danh-gia", str(EVALUATIONS), "--out", str(summary)]) == 3
    register = summary / "tong-hop-mo-hinh.json"
    ruleset = json.loads(DVCQ.read_text(encoding="utf-8"))
    ruleset["rewards"] = {"rules": [
        {"id": "bk", "title": "Bằng khen", "bands": ["tot"], "max_per_block": 2},
        {"id": "cn", "title": "Bằng khen cá nhân", "subject": "individual", "model_statuses": ["cong_nhan_tinh"],
         "bands": ["tot", "kha"]}]}
    ruleset_path = tmp_path / "dvcq-minh-hoa.json"
    ruleset_path.write_text(json.dumps(ruleset, ensure_ascii=False), encoding="utf-8")
    assert main(["rank", str(ruleset_path), str(inputs), "--out", str(tmp_path / "r"), "--mo-hinh", str(register)]) == 0
    result = json.loads((tmp_path / "r" / "ket-qua.json").read_text(encoding="utf-8"))
    units = {u["unit_code"]: u["result"] for u in result["units"]}
    crit = {c["id"]: c for c in units["XA-MAUSON"]["criteria"]}["6.2"]
    assert crit["self"]["points"] == 3 and crit["evidence"].endswith("MH-01")
    excluded = (tmp_path / "r" / "khong-de-nghi-khen-thuong.csv").read_text(encoding="utf-8-sig")
    assert "Nguyễn Văn Hòa,1,Khá" in excluded and "Công nhận cấp cơ sở; cần Công nhận cấp tỉnh" in excluded
    assert "Lê Thị Thân" in excluded and "Đơn vị BV-MAU không có trong kết quả xếp hạng đợt này" in excluded
