"""A fresh small decision encoded through the workbook alone, in Vietnamese, as a rule author would:
no cell holds JSON or an English code.  It reads to the same ruleset as the same decision written by
hand in JSON, and scores random submissions identically (issue 28)."""

from __future__ import annotations

import json
import random
import re
from decimal import Decimal
from pathlib import Path

from casekit import submission_for
from openpyxl import Workbook

from scoring.engine.score import score
from scoring.jobs.ruleset_xlsx.layout import dump_pretty
from scoring.jobs.ruleset_xlsx.read import check_ruleset_xlsx
from scoring.rules.load import parse_ruleset

XA, SO = "UBND xã, phường", "Sở, ban, ngành"

#: Each sheet: a header row, then the rows a person types (text dates, decimal commas, labels).
SHEETS: dict[str, list[list[object]]] = {
    "Thông tin": [
        ["Nội dung", "Giá trị"],
        ["Mã bộ tiêu chí", "qd15-2025"], ["Phiên bản", "2025"], ["Tên bộ tiêu chí", "Bộ tiêu chí thử nghiệm"],
        ["Quyết định: số hiệu", "15/2025/QĐ-UBND"], ["Quyết định: ngày ban hành", "02/01/2025"],
        ["Quyết định: cơ quan ban hành", "UBND tỉnh Thử Nghiệm"], ["Hiệu lực từ ngày", "1/1/2025"],
        ["Trạng thái", "Chính thức"], ["Thang điểm", 100],
        ["Điểm thưởng: tên", "Điểm thưởng"], ["Điểm thưởng: tối đa", "4,5"],
        ["Điểm trừ: tên", "Điểm trừ"], ["Điểm trừ: tối đa", 10],
        ["Thiếu tài liệu kiểm chứng", "Tiêu chí được 0 điểm"],
        ["Điểm cuối cùng lấy theo", "Điểm thẩm định nếu có (không thì điểm tự chấm)"],
        ["Làm tròn", "Làm tròn (từ 5 trở lên thì lên)"], ["Số chữ số thập phân: tỷ lệ", 1],
        ["Đồng hạng", "Đồng hạng không bỏ hạng (1; 2; 2; 3)"],
    ],
    "Tiêu chí": [
        ["STT", "Nội dung", "Điểm tối đa", "Phương pháp chấm", "Mã mục", "Ngưỡng", "Tham số", "Đối tượng áp dụng",
         "Thuộc nhóm", "Bắt buộc tài liệu kiểm chứng", "Đơn vị được tự khai Không áp dụng",
         "Phải nêu lý do Không áp dụng", "Hướng dẫn chấm", f"Tối đa: {SO}", f"Tối đa: {XA}"],
        ["I", "Lãnh đạo, chỉ đạo", 30, "Nhóm tiêu chí", None, None, None, None, None, None, None, None, None, None, 40],
        ["I.1", "Ban hành kế hoạch năm", 10, "Đạt / không đạt", None, None, "Câu hỏi: Đã ban hành kế hoạch",
         None, "I", "có"],
        ["I.2", "Chất lượng chỉ đạo", 20, "Theo mức", None, None, None, None, "I"],
        [None, "Tốt", 20, None, "tot"], [None, "Đạt", "12,5", None, "dat"], [None, "Chưa đạt", 0, None, "chua_dat"],
        ["I.3", "Tổ chức hội nghị dân vận", 10, "Chấm trực tiếp", None, None, "Bước chấm: 0,5", XA, "I",
         None, "có", "có"],
        ["II", "Kết quả thực hiện", 70, "Nhóm tiêu chí", None, None, None, None, None, None, None, None, None,
         None, 60],
        ["II.1", "Hội nghị đối thoại", 30, "Theo ngưỡng tỷ lệ", None, None,
         "Tên tử số: Số hội nghị đã tổ chức\nTên mẫu số: Số hội nghị phải tổ chức\nKhi mẫu số bằng 0: Được 0 điểm",
         None, "II"],
        [None, "Đủ 100%", 30, None, None, 100], [None, None, 20, None, None, 80], [None, "Dưới 80%", 0, None, None, 0],
        ["II.2", "Việc đã làm trong năm", 40, "Danh mục việc", None, None, "Ô để trống: Là 0", "so", "II"],
        [None, "Rà soát quy chế", 25, None, "quy_che"], [None, "Công khai thông tin", 15, None, "cong_khai"],
        ["II.3", "Báo cáo định kỳ", 30, "Trừ theo số lần", None, None, "Ô để trống: Là 0", "xa", "II"],
        [None, "Số báo cáo trễ hạn", "2,5", None, "tre_han"],
    ],
    "Thưởng, trừ": [
        ["Khoản", "Mã", "Nội dung", "Điểm mỗi lần", "Tối đa số lần", "Khi nhập quá số lần", "Đối tượng áp dụng",
         "Hướng dẫn", "Tham số khác"],
        ["Điểm thưởng", "T1", "Được khen thưởng trong năm", "1,5", 2, "Chỉ tính số lần tối đa"],
        ["Điểm trừ", "D1", "Vi phạm quy chế dân chủ", 3],
    ],
    "Loại đơn vị": [["Mã", "Tên loại đơn vị", "Tham số khác"], ["so", SO], ["xa", XA]],
    "Khối": [["Mã khối", "Tên khối", "Loại đơn vị", "Tham số khác"], ["k_so", "Khối sở", SO], ["k_xa", "Khối xã", "xa"]],
    "Dữ kiện": [["Mã", "Nội dung", "Kiểu", "Đối tượng áp dụng", "Hướng dẫn", "Tham số khác"],
                ["F1", "Có cán bộ bị kỷ luật", "Có/Không"]],
    "Xếp loại": [["Mã", "Xếp loại", "Từ", "Đến dưới", "Tham số khác"],
                 ["tot", "Tốt", 90], ["kha", "Khá", 70, 90], ["tb", "Trung bình", 50, 70], ["yeu", "Yếu", 0, 50]],
    "Điều kiện xếp loại": [
        ["Mã", "Kết hợp các điều kiện", "Xét", "Tiêu chí hoặc dữ kiện (mã)", "Ô nhập", "So sánh", "Giá trị",
         "Tác động", "Xếp loại", "Số bậc", "Lý do", "Tham số khác"],
        ["G1", "Một trong", None, None, None, None, None, "Không cao hơn", "Khá", None, "Có kỷ luật hoặc vi phạm"],
        [None, None, "Giá trị nhập", "F1", None, "bằng", "có"],
        [None, None, "Giá trị nhập", "D1", None, "lớn hơn hoặc bằng", 1],
        ["G2", None, "Điểm đạt", "I.1", None, "nhỏ hơn", 10, "Hạ bậc", None, 1, "Chưa ban hành kế hoạch"],
    ],
    "Hạn mức": [
        ["Xếp loại", "Tối đa (%)", "Trong số", "Phạm vi", "Hạ xuống", "Lý do", "Khi bằng nhau tại ngưỡng", "Tham số khác"],
        ["Tốt", 50, "Tốt", "Trong từng khối", "kha", "Vượt hạn mức Tốt", "Xét tiêu chí phụ"],
    ],
    "Tiêu chí phụ": [["Cách xét", "Nhóm hoặc tiêu chí (STT)", "Tham số khác"],
                     ["Điểm cao hơn ở nhóm hoặc tiêu chí", "II"], ["Ít điểm trừ hơn"]],
}

D = Decimal
HAND = {
    "id": "qd15-2025", "version": "2025", "title": "Bộ tiêu chí thử nghiệm",
    "decision": {"number": "15/2025/QĐ-UBND", "date": "2025-01-02", "issuer": "UBND tỉnh Thử Nghiệm"},
    "effective": {"from": "2025-01-01"}, "status": "official", "scale": 100,
    "unit_types": [{"id": "so", "name": SO}, {"id": "xa", "name": XA}],
    "blocks": [{"id": "k_so", "name": "Khối sở", "unit_types": ["so"]}, {"id": "k_xa", "name": "Khối xã", "unit_types": ["xa"]}],
    "criteria": [
        {"id": "I", "name": "Lãnh đạo, chỉ đạo", "max": 30, "max_by_unit_type": {"xa": 40}, "children": [
            {"id": "I.1", "name": "Ban hành kế hoạch năm", "max": 10, "evidence_required": True,
             "method": {"type": "binary", "question": "Đã ban hành kế hoạch"}},
            {"id": "I.2", "name": "Chất lượng chỉ đạo", "max": 20, "method": {"type": "levels", "levels": [
                {"id": "tot", "label": "Tốt", "points": 20}, {"id": "dat", "label": "Đạt", "points": D("12.5")},
                {"id": "chua_dat", "label": "Chưa đạt", "points": 0}]}},
            {"id": "I.3", "name": "Tổ chức hội nghị dân vận", "max": 10, "applies_to": ["xa"],
             "unit_may_declare_not_applicable": {"reason_required": True},
             "method": {"type": "manual", "step": D("0.5")}}]},
        {"id": "II", "name": "Kết quả thực hiện", "max": 70, "max_by_unit_type": {"xa": 60}, "children": [
            {"id": "II.1", "name": "Hội nghị đối thoại", "max": 30, "method": {
                "type": "percent_bands", "numerator_label": "Số hội nghị đã tổ chức",
                "denominator_label": "Số hội nghị phải tổ chức", "when_zero_denominator": "zero_points",
                "bands": [{"label": "Đủ 100%", "points": 30, "min_percent": 100}, {"points": 20, "min_percent": 80},
                          {"label": "Dưới 80%", "points": 0, "min_percent": 0}]}},
            {"id": "II.2", "name": "Việc đã làm trong năm", "max": 40, "applies_to": ["so"], "method": {
                "type": "checklist", "when_blank": "zero", "items": [
                    {"id": "quy_che", "label": "Rà soát quy chế", "points": 25},
                    {"id": "cong_khai", "label": "Công khai thông tin", "points": 15}]}},
            {"id": "II.3", "name": "Báo cáo định kỳ", "max": 30, "applies_to": ["xa"], "method": {
                "type": "count_deduction", "when_blank": "zero",
                "kinds": [{"id": "tre_han", "label": "Số báo cáo trễ hạn", "points_each": D("2.5")}]}}]}],
    "bonus": {"label": "Điểm thưởng", "cap": D("4.5"), "items": [
        {"id": "T1", "name": "Được khen thưởng trong năm", "points_each": D("1.5"), "max_count": 2,
         "when_above_max_count": "cap"}]},
    "deductions": {"label": "Điểm trừ", "cap": 10, "items": [
        {"id": "D1", "name": "Vi phạm quy chế dân chủ", "points_each": 3}]},
    "facts": [{"id": "F1", "name": "Có cán bộ bị kỷ luật", "kind": "boolean"}],
    "evidence_missing": "zero_points", "final_stage": "appraisal_if_given",
    "classification": {
        "bands": [{"id": "tot", "label": "Tốt", "min": 90}, {"id": "kha", "label": "Khá", "min": 70, "max": 90},
                  {"id": "tb", "label": "Trung bình", "min": 50, "max": 70}, {"id": "yeu", "label": "Yếu", "min": 0, "max": 50}],
        "gates": [
            {"id": "G1", "when": {"any": [{"input": "F1", "op": "==", "value": True}, {"input": "D1", "op": ">=", "value": 1}]},
             "effect": "cap", "band": "kha", "reason": "Có kỷ luật hoặc vi phạm"},
            {"id": "G2", "when": {"points": "I.1", "op": "<", "value": 10}, "effect": "lower", "levels": 1,
             "reason": "Chưa ban hành kế hoạch"}],
        "quotas": [{"band": "tot", "max_percent": 50, "of_bands": ["tot"], "scope": "block", "demote_to": "kha",
                    "reason": "Vượt hạn mức Tốt", "ties_at_cutoff": "tie_breakers"}]},
    "rounding": {"mode": "half_up", "percent_places": 1},
    "ranking": {"ties": "dense", "tie_breakers": [{"type": "higher_points", "node": "II"}, {"type": "fewer_deductions"}]},
}


def _workbook(path: Path) -> Path:
    book = Workbook()
    book.remove(book.active)
    for name, rows in SHEETS.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_no_cell_holds_json_or_an_english_code() -> None:
    texts = [str(v) for rows in SHEETS.values() for row in rows for v in row if isinstance(v, str)]
    assert not [t for t in texts if t.lstrip()[:1] in "[{\""]
    for code in ("binary", "levels", "manual", "percent_bands", "checklist", "count_deduction", "zero_points",
                 "appraisal_if_given", "half_up", "dense", "official", "boolean", "block", "tie_breakers", "cap",
                 "when_above_max_count",
                 "lower", "any", "higher_points", "fewer_deductions", "when_blank", "step", "question"):
        assert not any(re.search(rf"\b{code}\b", t) for t in texts), code


def test_the_workbook_reads_to_the_hand_written_ruleset_and_scores_alike(tmp_path: Path) -> None:
    data, findings = check_ruleset_xlsx(_workbook(tmp_path / "qd15.xlsx"))
    assert findings == [], "\n".join(map(str, findings))
    from_book, _ = parse_ruleset(data)
    by_hand, hand_findings = parse_ruleset(json.loads(dump_pretty(HAND), parse_float=Decimal))
    assert hand_findings == [] and from_book is not None
    assert from_book == by_hand
    rng = random.Random(28)
    bands = set()
    for n in range(60):
        unit_type = rng.choice(["so", "xa"])
        answers = _answers(rng, unit_type)
        patch = {"unit": {"unit_type": unit_type, "code": f"U{n}"}}
        a = score(from_book, submission_for(from_book, answers, patch)).to_dict()
        b = score(by_hand, submission_for(by_hand, answers, patch)).to_dict()
        assert a == b
        bands.add(a["final"]["band_id"])
    assert len(bands) >= 3  # the random units reach several classes: the comparison says something


def _answers(rng: random.Random, unit_type: str) -> dict[str, object]:
    answers: dict[str, object] = {
        "I.1": {"self": rng.random() < 0.8, "evidence": "Kế hoạch số 1"},
        "I.2": {"self": rng.choice(["tot", "dat", "chua_dat"])},
        "II.1": {"self": {"numerator": (k := rng.randint(0, 10)), "denominator": rng.randint(k, 10)}},
        "T1": {"self": rng.randint(0, 3)}, "D1": {"self": rng.randint(0, 2)}, "F1": {"self": rng.random() < 0.2},
    }
    if unit_type == "xa":
        answers["I.3"] = {"self": Decimal(rng.randint(0, 20)) / 2}
        answers["II.3"] = {"self": {"tre_han": rng.randint(0, 5)}}
    else:
        answers["II.2"] = {"self": {"quy_che": rng.random() < 0.7, "cong_khai": rng.random() < 0.7}}
    return answers


def test_show_reads_as_the_decision_does() -> None:
    """Gate conditions in words (names, comparisons, yes/no), class labels not ids, per-type maxima
    without --unit-type, and the quota's rounding (issue 28 item 7)."""
    from scoring.jobs.show import render_ruleset

    ruleset, _ = parse_ruleset(json.loads(dump_pretty(HAND), parse_float=Decimal))
    text = render_ruleset(ruleset)
    assert "khi («Có cán bộ bị kỷ luật»: có hoặc «Vi phạm quy chế dân chủ» từ 1 trở lên) → không cao hơn «Khá»" in text
    assert "khi điểm của «I.1. Ban hành kế hoạch năm» dưới 10 → hạ 1 bậc" in text
    flat = " ".join(text.split())  # (the table wraps long cells)
    assert f"tối đa riêng: {XA}: 40" in flat and f"tối đa riêng: {XA}: 60" in flat
    assert "làm tròn xuống" in text and "«tot»" not in text and "«kha»" not in text
