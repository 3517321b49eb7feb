"""The ruleset settings added with issue 22 in the rule authors' workbook (issue 28): which percent
ranks and cuts a quota (``ranking.percent``, ``quotas[].percent``), what a count above an item's
limit does (``when_above_max_count``) and what a blank appraisal means (``when_not_appraised``).

Each is written in Vietnamese words with a dropdown (or, for a method parameter, as a "tên: giá trị"
line of the "Tham số" cell), listed on "Hướng dẫn" with its default, read back by label, code or a
usual other word, refused at its cell when it is none, and said in words by ``dvk show`` and on the
printed "Phụ lục"; JSON → xlsx → JSON keeps every value exactly."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from casekit import ROOT
from openpyxl import load_workbook

from scoring.formats.jsonio import read_json
from scoring.jobs.ruleset_xlsx.layout import METHODS, dump_pretty
from scoring.jobs.ruleset_xlsx.read import check_ruleset_xlsx, read_ruleset_xlsx, ruleset_from_xlsx
from scoring.jobs.ruleset_xlsx.settings import CHOICES, PARAMETERS, label_of
from scoring.jobs.ruleset_xlsx.write import write_ruleset_xlsx
from scoring.rules.load import check_ruleset
from scoring.rules.methods import REGISTRY

DEFAULT = ROOT / "criteria" / "dvcq-minh-hoa.json"  # percent classes, an appraiser_only criterion, max_count
APPRAISED = "7.1"  # its appraiser_only criterion


def _criterion(data: dict[str, Any], id_: str) -> dict[str, Any]:
    stack = list(data["criteria"])
    while stack:
        node = stack.pop()
        if node["id"] == id_:
            return node
        stack += node.get("children", [])
    raise KeyError(id_)


def _ruleset(ranking: str = "exact", quota: str | None = "published", above: str = "cap",
             blank: str = "zero_if_unit_appraised") -> dict[str, Any]:
    """The shipped default ruleset with each new setting given (``quota`` None: the key left out)."""
    data = copy.deepcopy(read_json(DEFAULT))
    data["ranking"]["percent"] = ranking
    limit = {"band": "tot", "max_percent": 30, "of_bands": ["tot", "kha"], "scope": "block", "demote_to": "kha",
             "reason": "Không quá 30% số đơn vị Tốt, Khá"}
    data["classification"]["quotas"] = [limit if quota is None else {**limit, "percent": quota}]
    item = next(i for i in data["bonus"]["items"] if "max_count" in i)
    item["when_above_max_count"] = above
    _criterion(data, APPRAISED)["method"]["when_not_appraised"] = blank
    return data


def _written(tmp_path: Path, data: dict[str, Any]) -> tuple[Path, Path]:
    source = tmp_path / "r.json"
    source.write_text(dump_pretty(data) + "\n", encoding="utf-8")
    assert check_ruleset(source)[0] is not None
    return source, write_ruleset_xlsx(source, tmp_path / "r.xlsx")


_CASES = [("ranking", c) for c, _ in CHOICES["percent_used"]] + \
         [("quota", c) for c, _ in CHOICES["percent_used"]] + [("quota", None)] + \
         [("above", c) for c, _ in CHOICES["when_above_max_count"]] + \
         [("blank", c) for c, _ in CHOICES["when_not_appraised"]]


@pytest.mark.parametrize(("setting", "code"), _CASES, ids=[f"{s}-{c}" for s, c in _CASES])
def test_every_value_of_every_new_setting_survives_json_xlsx_json(setting: str, code: str | None,
                                                                 tmp_path: Path) -> None:
    data = _ruleset(**{setting: code})
    _, book = _written(tmp_path, data)
    written, findings = ruleset_from_xlsx(book, tmp_path / "back.json")
    assert findings == [] and read_json(written) == data


def _column(ws, header: str) -> int:
    return next(c.column for c in ws[5] if c.value == header)


def _info_row(ws, label: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == label)


def _dropdown(ws, cell: str) -> str | None:
    """The list of the dropdown that covers ``cell`` (None: no dropdown there)."""
    for check in ws.data_validations.dataValidation:
        if cell in check.sqref:
            return check.formula1
    return None


def test_the_workbook_shows_labels_with_dropdowns_not_codes(tmp_path: Path) -> None:
    _, book = _written(tmp_path, _ruleset())
    wb = load_workbook(book)
    info, quotas, pools, criteria = wb["Thông tin"], wb["Hạn mức"], wb["Thưởng, trừ"], wb["Tiêu chí"]
    row = _info_row(info, "Tỷ lệ dùng để xếp hạng")
    assert info.cell(row, 2).value == label_of("percent_used", "exact")
    assert _dropdown(info, f"B{row}") == '"' + ",".join(label for _, label in CHOICES["percent_used"]) + '"'
    col = _column(quotas, "Tỷ lệ dùng để chọn")
    assert quotas.cell(6, col).value == label_of("percent_used", "published")
    assert label_of("percent_used", "exact") in _dropdown(quotas, quotas.cell(6, col).coordinate)
    col = _column(pools, "Khi nhập quá số lần")
    assert [pools.cell(6, c).value for c in (_column(pools, "Tối đa số lần"), col)] == [2, "Chỉ tính số lần tối đa"]
    assert pools.cell(7, col).value is None  # the default stays absent: the JSON keeps no key it did not have
    assert "Báo lỗi (mục chưa được tính)" in _dropdown(pools, pools.cell(7, col).coordinate)
    row = next(r for r in range(6, criteria.max_row + 1) if criteria.cell(r, 1).value == APPRAISED)
    params = criteria.cell(row, _column(criteria, "Tham số")).value
    assert "Khi cấp thẩm định bỏ trống: Tính 0 điểm nếu đơn vị đã được thẩm định" in params
    shown = " ".join(str(v) for ws in wb for r in ws.iter_rows(values_only=True) for v in r if v is not None)
    for code in ("when_not_appraised", "zero_if_unit_appraised", "when_above_max_count", "published", "exact"):
        assert code not in shown, code


@pytest.mark.parametrize(("where", "typed", "code"), [
    ("ranking", "exact", "exact"), ("ranking", "chính xác", "exact"), ("ranking", "TỶ LỆ IN RA (ĐÃ LÀM TRÒN)", "published"),
    ("quota", "Tỷ lệ chính xác (không làm tròn)", "exact"), ("quota", "in ra", "published"),
    ("above", "error", "error"), ("above", "báo lỗi", "error"), ("above", "Chỉ tính số lần tối đa", "cap"),
    ("blank", "zero", "zero"), ("blank", "Tính 0 điểm", "zero"), ("blank", "không tính", "not_applicable"),
])
def test_a_new_setting_is_read_by_label_code_or_a_usual_word(where: str, typed: str, code: str,
                                                             tmp_path: Path) -> None:
    _, book = _written(tmp_path, _ruleset())
    wb = load_workbook(book)
    _type(wb, where, typed)
    wb.save(book)
    data, findings = read_ruleset_xlsx(book)
    assert findings == []
    assert _value(data, where) == code


def _type(wb, where: str, typed: str) -> str:
    """Type ``typed`` where setting ``where`` is written; the cell's coordinate."""
    if where == "ranking":
        info = wb["Thông tin"]
        cell = info.cell(_info_row(info, "Tỷ lệ dùng để xếp hạng"), 2)
    elif where == "quota":
        cell = wb["Hạn mức"].cell(6, _column(wb["Hạn mức"], "Tỷ lệ dùng để chọn"))
    elif where == "above":
        cell = wb["Thưởng, trừ"].cell(6, _column(wb["Thưởng, trừ"], "Khi nhập quá số lần"))
    else:
        ws = wb["Tiêu chí"]
        row = next(r for r in range(6, ws.max_row + 1) if ws.cell(r, 1).value == APPRAISED)
        cell = ws.cell(row, _column(ws, "Tham số"))
        typed = f"Bước chấm: 0,5\nKhi cấp thẩm định bỏ trống: {typed}"
    cell.value = typed
    return cell.coordinate


def _value(data: dict[str, Any], where: str) -> Any:
    return {"ranking": lambda: data["ranking"]["percent"], "quota": lambda: data["classification"]["quotas"][0]["percent"],
            "above": lambda: data["bonus"]["items"][0]["when_above_max_count"],
            "blank": lambda: _criterion(data, APPRAISED)["method"]["when_not_appraised"]}[where]()


@pytest.mark.parametrize(("where", "sheet", "heading"), [
    ("ranking", "Thông tin", "Tỷ lệ dùng để xếp hạng"), ("quota", "Hạn mức", "Tỷ lệ dùng để chọn"),
    ("above", "Thưởng, trừ", "Khi nhập quá số lần"), ("blank", "Tiêu chí", "Tham số"),
])
def test_a_wrong_word_is_refused_at_its_cell_and_nothing_is_written(where: str, sheet: str, heading: str,
                                                                    tmp_path: Path) -> None:
    _, book = _written(tmp_path, _ruleset())
    wb = load_workbook(book)
    cell = _type(wb, where, "tùy hội đồng")
    wb.save(book)
    written, findings = ruleset_from_xlsx(book, tmp_path / "back.json")
    assert written is None and not (tmp_path / "back.json").exists()
    assert [(f.location.sheet, f.location.cell) for f in findings if f.is_error] == [(sheet, cell)]
    assert heading in findings[0].message and "$." not in findings[0].message


def test_a_workbook_made_before_the_new_columns_reads_as_if_they_were_blank(tmp_path: Path) -> None:
    """The two columns added later may be missing (a workbook saved before): nothing is asked of them."""
    book = write_ruleset_xlsx(DEFAULT, tmp_path / "r.xlsx")
    wb = load_workbook(book)
    for sheet, header in (("Hạn mức", "Tỷ lệ dùng để chọn"), ("Thưởng, trừ", "Khi nhập quá số lần")):
        wb[sheet].delete_cols(_column(wb[sheet], header))
    wb.save(book)
    written, findings = ruleset_from_xlsx(book, tmp_path / "back.json")
    assert findings == [] and read_json(written) == read_json(DEFAULT)


def test_the_guide_lists_each_new_setting_with_its_default_and_every_parameter_by_its_name(tmp_path: Path) -> None:
    wb = load_workbook(write_ruleset_xlsx(DEFAULT, tmp_path / "r.xlsx"))
    guide = {row[1]: row for row in wb["Hướng dẫn"].iter_rows(min_row=6, values_only=True)}
    both = "; ".join(label for _, label in CHOICES["percent_used"])
    assert guide["Tỷ lệ dùng để xếp hạng"][2:4] == (label_of("percent_used", "published"), both)
    assert guide["Tỷ lệ dùng để chọn"][2:4] == ("Để trống", both)
    assert "Tỷ lệ dùng để xếp hạng" in guide["Tỷ lệ dùng để chọn"][4]
    assert guide["Khi nhập quá số lần"][2] == label_of("when_above_max_count", "error")
    name = f"Tham số của '{METHODS['appraiser_only'][0]}': Khi cấp thẩm định bỏ trống"
    assert guide[name][2:4] == ("Không tính vào điểm tối đa áp dụng",
                                "; ".join(label for _, label in CHOICES["when_not_appraised"]))
    # every parameter of every method has a Vietnamese name: no JSON key on the guide
    for type_, cls in REGISTRY.items():
        keys = set(cls.model_fields) - {"type", METHODS[type_][1]}
        assert keys <= set(PARAMETERS), (type_, keys - set(PARAMETERS))
    rows = " ".join(str(r[1]) for r in guide.values())
    assert not any(f": {key}" in rows for key in PARAMETERS)


def test_show_and_the_printed_appendix_say_each_setting_in_words(tmp_path: Path) -> None:
    from scoring.jobs.show import render_ruleset
    from scoring.rules.load import parse_ruleset

    source, book = _written(tmp_path, _ruleset(ranking="exact", quota="published"))
    ruleset, _ = parse_ruleset(read_json(source))
    text = " ".join(render_ruleset(ruleset).split())  # (the table wraps long cells)
    appendix = " ".join(" ".join(str(v) for v in r if v is not None)
                        for r in load_workbook(book)["Phụ lục"].iter_rows(values_only=True))
    for said in (text, appendix):
        assert "so sánh tỷ lệ chính xác, chưa làm tròn" in said  # ranking.percent
        assert "chọn đơn vị giữ hạng theo tỷ lệ in ra, đã làm tròn đến 2 chữ số thập phân" in said  # the quota's own
    # (in the table of ``dvk show`` a long cell wraps beside its neighbours: the appendix cell is whole)
    assert "2/lần, tối đa 2 lần" in text and "(nhập nhiều hơn chỉ tính từng ấy lần)" in text
    assert "2/lần, tối đa 2 lần (nhập nhiều hơn chỉ tính từng ấy lần)" in appendix
    assert "cấp thẩm định bỏ trống thì tính 0 điểm khi đơn vị đã được thẩm định" in appendix
    assert "đã được thẩm định" in text
    ruleset, _ = parse_ruleset(_ruleset(ranking="exact", quota=None))
    assert "chọn đơn vị giữ hạng theo tỷ lệ chính xác, chưa làm tròn: 90,00% đứng trên 89,95% (như khi xếp hạng)" \
        in " ".join(render_ruleset(ruleset).split())


def test_a_cap_without_a_limit_is_said_in_the_workbooks_words(tmp_path: Path) -> None:
    """The check's warning (JSON keys and codes) at the cell, with the headings and labels it shows."""
    _, book = _written(tmp_path, _ruleset())
    wb = load_workbook(book)
    pools = wb["Thưởng, trừ"]
    col = _column(pools, "Khi nhập quá số lần")
    assert pools.cell(7, _column(pools, "Tối đa số lần")).value is None  # T2: no limit
    pools.cell(7, col).value = "Chỉ tính số lần tối đa"
    wb.save(book)
    data, findings = check_ruleset_xlsx(book)
    [finding] = findings
    assert data is not None and finding.code == "pool-item-cap-without-limit"
    assert (finding.location.sheet, finding.location.cell) == ("Thưởng, trừ", pools.cell(7, col).coordinate)
    assert "'Khi nhập quá số lần' là 'Chỉ tính số lần tối đa'" in finding.message
    assert "'Tối đa số lần'" in finding.message
    assert not any(word in finding.message for word in ("max_count", "when_above", '"cap"'))
