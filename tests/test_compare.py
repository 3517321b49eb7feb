"""Comparing two ranking rounds (two `dvk rank` output folders)."""

from __future__ import annotations

import csv
import json
from decimal import Decimal

import pytest

from scoring.jobs.rank import run_rank
from scoring.jobs.compare import compare_dirs
from scoring.core.findings import DvkError
from test_batch_helpers import default_ruleset, submission, write_submission


def _round(tmp_path, name, units, year):
    folder = tmp_path / f"nop-{name}"
    folder.mkdir()
    for code, index in units.items():
        write_submission(folder, f"{code}.json", submission(code, index=index, year=year))
    out = tmp_path / f"kq-{name}"
    run_rank(default_ruleset(), [folder], out)
    return out


@pytest.fixture(scope="module")
def rounds(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("so-sanh")
    old = _round(tmp, "2024", {"A": 100, "B": 50, "C": 70}, 2024)
    new = _round(tmp, "2025", {"A": 60, "B": 90, "D": 80}, 2025)
    return tmp, old, new


def test_units_are_matched_by_code_with_score_rank_and_class_changes(rounds):
    tmp, old, new = rounds
    comparison = compare_dirs(old, new)
    assert [c.new.code for c in comparison.changes] == ["B", "A"]  # by new overall rank
    b = comparison.changes[0]
    assert (b.old.overall_rank, b.new.overall_rank, b.rank_change) == (3, 1, 2)
    assert b.percent_change == b.new.percent - b.old.percent > 0
    assert isinstance(b.percent_change, Decimal)
    assert [u.code for u in comparison.only_old] == ["C"] and [u.code for u in comparison.only_new] == ["D"]
    text = "\n".join(comparison.lines)
    assert "So sánh năm 2024" in text and "1 chỉ có ở năm 2024" in text
    assert "Giảm nhiều nhất: Đơn vị A (" in text and "Tăng nhiều nhất: Đơn vị B (" in text
    assert comparison.outputs == ()


def test_outputs_are_written_and_read_back(rounds, tmp_path):
    from openpyxl import load_workbook

    _, old, new = rounds
    comparison = compare_dirs(old, new, tmp_path / "ss")
    assert sorted(p.name for p in comparison.outputs) == ["so-sanh.csv", "so-sanh.png", "so-sanh.xlsx"]
    with open(tmp_path / "ss" / "so-sanh.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][1] == "Mã đơn vị" and [r[1] for r in rows[1:]] == ["B", "A"]
    assert rows[1][10] == "2"
    book = load_workbook(tmp_path / "ss" / "so-sanh.xlsx")
    assert book.sheetnames == ["So sánh", "Chỉ có một năm"]
    only = [[c.value for c in row] for row in book["Chỉ có một năm"].iter_rows(min_row=6)]
    assert [(r[1], r[3]) for r in only] == [("C", "năm 2024"), ("D", "năm 2025")]


def test_different_ruleset_versions_are_flagged(rounds, tmp_path):
    _, old, new = rounds
    copy = tmp_path / "cu"
    copy.mkdir()
    doc = json.loads((old / "ket-qua.json").read_text(encoding="utf-8"))
    doc["ruleset"]["version"] = "2024.1"
    (copy / "ket-qua.json").write_text(json.dumps(doc), encoding="utf-8")
    lines = compare_dirs(copy, new).lines
    assert any(line.startswith("LƯU Ý: hai lần xếp hạng theo hai bộ tiêu chí") for line in lines)


def test_bad_folders_give_vietnamese_findings_for_both_sides(tmp_path):
    (tmp_path / "trong").mkdir()
    (tmp_path / "hong").mkdir()
    (tmp_path / "hong" / "ket-qua.json").write_text('{"format": "khac"}', encoding="utf-8")
    with pytest.raises(DvkError) as caught:
        compare_dirs(tmp_path / "khong-co", tmp_path / "trong")
    assert [f.code for f in caught.value.findings] == ["compare-not-a-folder", "compare-no-results"]
    with pytest.raises(DvkError) as caught:
        compare_dirs(tmp_path / "hong", tmp_path / "hong")
    assert [f.code for f in caught.value.findings] == ["compare-bad-results"] * 2
    assert "dvk rank" in caught.value.findings[0].message
    (tmp_path / "trong" / "ket-qua.json").write_text('{"format": ', encoding="utf-8")
    with pytest.raises(DvkError) as caught:
        compare_dirs(tmp_path / "trong", tmp_path / "hong")
    assert [f.code for f in caught.value.findings] == ["json-syntax", "compare-bad-results"]


def test_any_valid_spacing_or_key_order_of_ket_qua_json_reads_the_same(rounds, tmp_path):
    """The results file is read unit by unit; a pretty-printed or reordered copy reads the same."""
    import shutil

    _, old, new = rounds
    expected = compare_dirs(old, new)
    document = json.loads((new / "ket-qua.json").read_text(encoding="utf-8"), parse_float=Decimal)
    units = document.pop("units")
    copy = tmp_path / "ban-sao"
    shutil.copytree(new, copy)
    (copy / "ket-qua.json").write_text(json.dumps({"units": units, **document}, indent=2, ensure_ascii=False,
                                                  default=float), encoding="utf-8")
    got = compare_dirs(old, copy)
    assert [(c.new.code, c.new.total, c.new.percent, c.new.rank) for c in got.changes] == [
        (c.new.code, c.new.total, c.new.percent, c.new.rank) for c in expected.changes]
    assert got.only_new == expected.only_new and got.only_old == expected.only_old
