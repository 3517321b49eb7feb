"""JSON inputs beyond dvk's limits (nesting, numbers, size) and cyclic rulesets: located findings.

Each input is a small mutation of a shipped ruleset or example submission, made here.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from scoring.cli.app import main
from scoring.core.decimals import in_range, normalized
from scoring.core.findings import DvkError
from scoring.formats.jsonio import read_json
from scoring.formats.jsonlimits import MAX_JSON_BYTES, MAX_JSON_DEPTH
from scoring.rules.load import check_ruleset

ROOT = Path(__file__).resolve().parent.parent
RULESET = ROOT / "criteria" / "dvk-mo-hinh.json"
DEFAULT = ROOT / "criteria" / "dvcq-minh-hoa.json"
EXAMPLE = ROOT / "criteria" / "examples" / "dvcq-minh-hoa" / "xa-mau-son.json"


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _write(tmp_path: Path, text: str, name: str = "x.json") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _codes(findings) -> list[str]:
    return [f.code for f in findings]


def _check(path: Path):
    ruleset, findings = check_ruleset(path)
    assert ruleset is None
    return findings


def _first_step_replaced(text: str, value: str) -> str:
    data = json.loads(text)
    data["criteria"][0]["max"] = "@@"
    return json.dumps(data, ensure_ascii=False).replace('"@@"', value)


@pytest.mark.parametrize("value", ["1e309", "1e-400", "1e99999999", "-1e15", "0.00000000001",
                                   "9" * 5000, "1" + "0" * 15])
def test_numbers_out_of_range_in_a_ruleset_are_located(tmp_path, value):
    findings = _check(_write(tmp_path, _first_step_replaced(_text(RULESET), value)))
    assert _codes(findings) == ["json-number-out-of-range"]
    assert findings[0].location.json_path == "$.criteria[0].max"
    assert len(findings[0].message) < 300  # a 5,000-digit number is shown shortened


@pytest.mark.parametrize("value", ["1e309", "12345678901234567890", "0.123456789012", "-1e-400"])
def test_numbers_out_of_range_in_a_submission_are_located(tmp_path, value):
    data = json.loads(_text(EXAMPLE))
    key = next(iter(data["answers"]))
    data["answers"][key]["self"] = "@@"
    path = _write(tmp_path, json.dumps(data, ensure_ascii=False).replace('"@@"', value))
    with pytest.raises(DvkError) as caught:
        read_json(path)
    (finding,) = caught.value.findings
    assert finding.code == "json-number-out-of-range"
    assert finding.location.json_path == f"$.answers['{key}'].self"
    assert main(["score", str(DEFAULT), str(path)]) == 1


def test_numbers_in_range_are_kept_exactly(tmp_path):
    path = _write(tmp_path, '{"a": 999999999999999, "b": 0.0000000001, "c": 1.50000000000000, "d": -2.5e3}')
    assert read_json(path) == {"a": 999999999999999, "b": Decimal("1E-10"), "c": Decimal("1.5"),
                               "d": Decimal("-2500")}


def test_nesting_that_the_parser_cannot_take_is_located_by_line_and_column(tmp_path):
    path = _write(tmp_path, '{"a":\n' + "[" * 5000 + "]" * 5000 + "}")
    with pytest.raises(DvkError) as caught:
        read_json(path)
    (finding,) = caught.value.findings
    assert finding.code == "json-too-deep"
    assert f"dòng 2, cột {MAX_JSON_DEPTH}" in finding.message


def test_nesting_past_the_limit_is_located_by_json_path(tmp_path):
    path = _write(tmp_path, '{"a": [' + "[" * 60 + "]" * 60 + '], "b": 1}')
    with pytest.raises(DvkError) as caught:
        read_json(path)
    (finding,) = caught.value.findings
    assert finding.code == "json-too-deep"
    assert finding.location.json_path == "$.a" + "[0]" * (MAX_JSON_DEPTH - 1)


def test_nested_groups_past_the_limit_are_refused_before_schema_validation(tmp_path):
    data = json.loads(_text(RULESET))
    leaf = data["criteria"][0]
    node = leaf
    for depth in range(60):  # 60 groups, each holding the next: 120 JSON levels
        node = {"id": f"G{depth}", "name": "Nhóm", "max": leaf["max"], "children": [node]}
    data["criteria"][0] = node
    findings = _check(_write(tmp_path, json.dumps(data, ensure_ascii=False)))
    assert _codes(findings) == ["json-too-deep"]
    assert findings[0].location.json_path.startswith("$.criteria[0].children[0].children[0]")


def test_a_group_containing_its_own_id_is_refused_by_lint(tmp_path):
    data = json.loads(_text(RULESET))
    first = data["criteria"][0]
    data["criteria"][0] = {"id": "G", "name": "Nhóm", "max": first["max"],
                           "children": [{"id": "G", "name": "Nhóm con", "max": first["max"], "children": [first]}]}
    path = _write(tmp_path, json.dumps(data, ensure_ascii=False))
    findings = _check(path)
    assert _codes(findings)[0] == "group-contains-itself"
    assert findings[0].location.json_path == "$.criteria[0].children[0].id"
    assert main(["check", str(path)]) == 1
    assert main(["score", str(path), str(EXAMPLE)]) == 1


def test_a_file_over_the_size_limit_is_refused_without_reading_it_whole(tmp_path):
    path = tmp_path / "big.json"
    with open(path, "wb") as handle:
        handle.truncate(MAX_JSON_BYTES + 10)
    with pytest.raises(DvkError) as caught:
        read_json(path)
    assert _codes(caught.value.findings) == ["json-too-large"]
    assert "20 MB" in caught.value.findings[0].message


@pytest.mark.parametrize("size, shown", [(190 * 1048576, "nặng 190 MB"), (MAX_JSON_BYTES + 10, "nặng 20,1 MB")])
def test_the_size_refused_is_the_files_real_size(tmp_path, size, shown):
    path = tmp_path / "big.json"
    with open(path, "wb") as handle:
        handle.truncate(size)  # (sparse: nothing written)
    with pytest.raises(DvkError) as caught:
        read_json(path)
    assert shown in caught.value.findings[0].message and "giới hạn 20 MB" in caught.value.findings[0].message


@pytest.mark.parametrize("text, reason", [
    ("{", "tên khóa phải đặt trong dấu nháy kép"), ('{"a": }', "thiếu giá trị"),
    ('{"a" 1}', "thiếu dấu hai chấm"), ('{"a": 1 "b": 2}', "thiếu dấu phẩy"),
    ('{"a": "x', "chuỗi chưa có dấu nháy kép đóng"), ("{} {}", "còn nội dung thừa"),
])
def test_json_syntax_errors_are_explained_in_vietnamese(tmp_path, text, reason):
    with pytest.raises(DvkError) as caught:
        read_json(_write(tmp_path, text))
    message = caught.value.findings[0].message
    assert reason in message and "Expecting" not in message and "Unterminated" not in message


def test_schema_messages_never_name_a_keyword_in_english(tmp_path):
    data = json.loads(_text(RULESET))
    data["criteria"][0]["id"] = "A\n"
    findings = _check(_write(tmp_path, json.dumps(data, ensure_ascii=False)))
    assert findings and not any("(not)" in f.message for f in findings)
    assert any("xuống dòng" in f.message for f in findings)


@given(st.decimals(allow_nan=False, allow_infinity=False), st.decimals(allow_nan=False, allow_infinity=False))
def test_numbers_in_range_survive_the_arithmetic_of_scoring(a, b):
    from scoring.core.decimals import fmt, is_multiple, round_half_up

    if not (in_range(a) and in_range(b)):
        return
    assert normalized(a) == a and fmt(a, 2)
    assert round_half_up(a * b / Decimal(3), 2) == round_half_up(a * b / Decimal(3), 2)
    assert round_half_up(a + b, 4) == round_half_up(b + a, 4)
    assert is_multiple(a, Decimal("0.0000000001"))
    if b:
        assert round_half_up(a / b, 2) == round_half_up(a / b, 2) and is_multiple(abs(b), abs(b))


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_normalized_never_raises(value):
    """Out of range it may round (28 digits), but it raises nothing: the range check comes later."""
    result = normalized(value)
    assert result == value or not in_range(value)


def test_a_ruleset_with_too_many_criteria_is_refused_before_schema_validation(tmp_path):
    from scoring.rules.load import MAX_CRITERIA

    data = json.loads(_text(RULESET))
    data["criteria"] = [dict(data["criteria"][0], id=f"C{i}") for i in range(MAX_CRITERIA + 1)]
    findings = _check(_write(tmp_path, json.dumps(data, ensure_ascii=False)))
    assert _codes(findings) == ["ruleset-too-many-criteria"]
    assert findings[0].location.json_path == "$.criteria" and str(MAX_CRITERIA) in findings[0].message
