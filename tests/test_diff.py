"""dvk diff: what a new ruleset version changes, matched by id, in Vietnamese."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from casekit import ROOT, build_ruleset
from scoring.cli.app import main
from scoring.rules.diff import diff_rulesets, render_diff
from scoring.rules.load import parse_ruleset

LEVELS = {"type": "levels", "levels": [{"id": "tot", "label": "Tốt", "points": 4}, {"id": "khong", "label": "Không", "points": 0}]}
BASE_SPEC: dict[str, Any] = {
    "criteria": [
        {"id": "1", "name": "Lãnh đạo", "max": 6, "children": [
            {"id": "1.1", "name": "Kế hoạch", "max": 2, "method": {"type": "binary"}},
            {"id": "1.2", "name": "Quán triệt", "max": 4, "method": LEVELS}]},
        {"id": "2", "name": "Tiếp dân", "max": 4, "method": {"type": "manual", "step": 0.5}}],
    "bonus": {"label": "Điểm thưởng", "cap": 2, "items": [{"id": "T1", "name": "Khen thưởng", "points_each": 1}]},
}


def _ruleset(spec: dict[str, Any]):
    ruleset, findings = parse_ruleset(build_ruleset(spec), "<case>")
    assert ruleset is not None and not findings, findings
    return ruleset


def _edit(change) -> dict[str, Any]:
    spec = copy.deepcopy(BASE_SPEC)
    change(spec)
    return spec


def _kinds(spec: dict[str, Any]) -> list[tuple[str, str]]:
    return [(c.kind, c.id) for c in diff_rulesets(_ruleset(BASE_SPEC), _ruleset(spec))]


def test_identical_rulesets_have_no_change() -> None:
    old = _ruleset(BASE_SPEC)
    assert diff_rulesets(old, old) == []
    assert render_diff(old, old, []).endswith("Không có thay đổi nào về nội dung.")


def _renumber(spec: dict[str, Any]) -> None:
    spec["criteria"][0]["children"][1]["id"] = "1.5"


def _move(spec: dict[str, Any]) -> None:
    leaf = spec["criteria"][0]["children"].pop(0)
    spec["criteria"][0]["max"] = 4
    spec["criteria"][1] = {"id": "2", "name": "Tiếp dân", "max": 6, "children": [
        {"id": "2.1", "name": "Tiếp dân định kỳ", "max": 4, "method": {"type": "manual", "step": 0.5}}, leaf]}


def _reorder(spec: dict[str, Any]) -> None:
    spec["criteria"][0]["children"].reverse()


def _points(spec: dict[str, Any]) -> None:
    spec["criteria"][0]["children"][1]["method"] = {"type": "levels", "levels": [
        {"id": "tot", "label": "Tốt", "points": 4}, {"id": "dat", "label": "Đạt", "points": 2},
        {"id": "khong", "label": "Không", "points": 0}]}


def _method(spec: dict[str, Any]) -> None:
    spec["criteria"][1]["method"] = {"type": "binary"}


def _classes(spec: dict[str, Any]) -> None:
    spec["classification"] = {"basis": "percent", "bands": [
        {"id": "tot", "label": "Tốt", "min": 85}, {"id": "kha", "label": "Khá", "min": 70, "max": 85},
        {"id": "tb", "label": "Trung bình", "min": 50, "max": 70}, {"id": "yeu", "label": "Yếu", "min": 0, "max": 50}],
        "gates": [{"id": "g", "when": {"input": "T1", "op": ">=", "value": 2}, "effect": "cap", "band": "kha",
                   "reason": "Thử"}]}


def _pool(spec: dict[str, Any]) -> None:
    spec["bonus"] = {"label": "Điểm thưởng", "cap": 3, "items": [
        {"id": "T1", "name": "Khen thưởng", "points_each": 1.5}, {"id": "T2", "name": "Mô hình", "points_each": 1}]}


@pytest.mark.parametrize(("edit", "expected"), [
    (_renumber, [("renumbered", "1.5")]),
    (_move, [("max", "1"), ("max", "2"), ("method", "2"), ("added", "2.1"), ("moved", "1.1")]),
    (_reorder, [("moved", "1.2"), ("moved", "1.1")]),
    (_points, [("method", "1.2")]),
    (_method, [("method", "2")]),
    (_classes, [("band", "tot"), ("band", "kha"), ("gate", "g")]),
    (_pool, [("item", "bonus"), ("item", "T1"), ("item", "T2")]),
], ids=["renumbered", "moved-between-groups", "reordered", "levels", "method-type", "bands-gates", "pool"])
def test_each_kind_of_change_is_found(edit, expected: list[tuple[str, str]]) -> None:
    assert _kinds(_edit(edit)) == expected


def test_sentences_name_what_changed() -> None:
    spec = _edit(_move)
    text = render_diff(_ruleset(BASE_SPEC), _ruleset(spec), diff_rulesets(_ruleset(BASE_SPEC), _ruleset(spec)))
    assert "  - Tiêu chí 1.1 «Kế hoạch»: chuyển từ nhóm 1 sang nhóm 2" in text
    assert "  - Nhóm 1 «Lãnh đạo»: điểm tối đa 6 → 4" in text
    assert "Thêm tiêu chí 2.1 «Tiếp dân định kỳ» trong nhóm 2 (4 điểm;" in text
    assert "  - Tiêu chí 2 «Tiếp dân» chuyển thành nhóm" not in text
    assert "Nhóm 2 «Tiếp dân»: chuyển thành nhóm" in text
    classes = _edit(_classes)
    text = render_diff(_ruleset(BASE_SPEC), _ruleset(classes), diff_rulesets(_ruleset(BASE_SPEC), _ruleset(classes)))
    assert "Xếp loại tot: «Tốt» từ 90 trở lên → «Tốt» từ 85 trở lên" in text
    assert "Thêm điều kiện g: «Thử» (không cao hơn kha)" in text


def test_cli_diff_of_two_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads((ROOT / "criteria" / "qcdc-minh-hoa.json").read_text(encoding="utf-8"))
    data["version"] = "2027.1"
    data["criteria"][4]["name"] = "Hoạt động của Ban Thanh tra nhân dân"
    data["criteria"][4]["unit_may_declare_not_applicable"]["reason_required"] = False
    data["facts"].append({"id": "F3", "name": "Không tổ chức hội nghị", "kind": "boolean"})
    new = tmp_path / "qcdc-2027.json"
    new.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["diff", str(ROOT / "criteria" / "qcdc-minh-hoa.json"), str(new)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("So sánh bộ tiêu chí: qcdc-minh-hoa@2026.1 → qcdc-minh-hoa@2027.1\n")
    assert "  - 5: đổi tên «Ban Thanh tra nhân dân» → «Hoạt động của Ban Thanh tra nhân dân»" in out
    assert "  - Thêm thông tin F3: «Không tổ chức hội nghị»" in out
    assert ("  - Tiêu chí 5 «Hoạt động của Ban Thanh tra nhân dân»: đơn vị tự khai «Không áp dụng»: được, "
            "phải ghi lý do → được, lý do không bắt buộc") in out
    assert main(["diff", str(ROOT / "criteria" / "qcdc-minh-hoa.json"), str(tmp_path / "khong-co.json")]) == 1


def test_the_rules_issue_22_added_are_reported_in_words() -> None:
    """A pool item's count limit and what a count above it means, the percent that ranks, and an
    appraiser-only criterion's blank: each change says what it now is."""
    def change(spec: dict[str, Any]) -> None:
        spec["bonus"]["items"][0].update(max_count=2, when_above_max_count="cap")
        spec["ranking"] = {"percent": "exact"}
        spec["criteria"][1]["method"] = {"type": "appraiser_only", "step": 0.5, "when_not_appraised": "zero"}
    texts = [c.text for c in diff_rulesets(_ruleset(BASE_SPEC), _ruleset(_edit(change)))]
    assert "Mục điểm thưởng T1: «Khen thưởng» 1 điểm/lần → «Khen thưởng» 1 điểm/lần, tối đa 2 lần " \
           "(nhập nhiều hơn chỉ tính từng ấy lần)" in texts
    assert "Tỷ lệ xếp hạng: in ra (đã làm tròn) → chính xác (chưa làm tròn)" in texts
    assert any("cấp thẩm định bỏ trống thì tính 0 điểm, vẫn tính vào điểm tối đa áp dụng" in t for t in texts)
