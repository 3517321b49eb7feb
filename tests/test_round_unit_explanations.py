"""Per-unit explanation sheets (issue 24, item 4): the council's changes split per unit, each
unit's sheet holding only its own rows, read back by ``dvk round explanations`` one by one or
several together, exactly as the one sheet for all units."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_round_appraisal import appraising, fill
from wsfixtures import ws  # noqa: F401 - fixtures

from scoring.core.findings import DvkError

CHANGED = ("SO-VIDU", "XA-HUCAU", "BAN-MINHHOA")


@pytest.fixture
def backend():
    return "sqlite"  # files only: SQLite is enough (the brief)


def explaining(ws, tmp_path):
    """A round in explanations whose council changed 1.1 of three units (and 1.2 of one)."""
    from scoring.workspace.appraisal_import import import_appraisal
    from scoring.workspace.appraisal_sheet import write_appraisal_sheet
    from scoring.workspace.rounds import move_round

    round_ = appraising(ws, tmp_path)
    sheet = write_appraisal_sheet(ws, None, tmp_path / "td1.xlsx")
    for code in CHANGED:
        fill(sheet, code, "1.1|done", "Không", f"Kế hoạch của {code} ban hành sau hạn")
    fill(sheet, "SO-VIDU", "1.2|done", "Không", "Chưa quán triệt")
    import_appraisal(ws, None, sheet)
    move_round(None, "explanations")
    return round_


def rows_of(path: Path) -> list[tuple]:
    return [tuple(c.value for c in r[:6]) for r in load_workbook(path)["Giải trình"].iter_rows(min_row=4)]


def answer_all(path: Path, out: Path) -> list[tuple[str, str, str]]:
    """Type an answer into every row of the sheet at ``path``, saved to ``out``; the answers."""
    book = load_workbook(path)
    typed = []
    for row in book["Giải trình"].iter_rows(min_row=4):
        row[6].value = f"Giải trình của {row[0].value} về {row[2].value}"
        typed.append((row[0].value, row[2].value, row[6].value))
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return typed


def _cli(ws, *argv: str) -> int:
    from scoring.cli.app import main

    return main([*argv, "-w", str(ws.root)])


def test_each_changed_unit_gets_a_sheet_with_only_its_changes(ws, tmp_path, capsys):
    from scoring.workspace.explanations import write_explanations_sheet

    explaining(ws, tmp_path)
    whole = rows_of(write_explanations_sheet(ws, None, tmp_path / "chung.xlsx"))
    assert _cli(ws, "round", "explanations-sheet", "--tung-don-vi", "-o", str(tmp_path / "gt")) == 0
    assert "Đã ghi 3 bảng giải trình riêng" in capsys.readouterr().out
    files = sorted((tmp_path / "gt").glob("*.xlsx"))
    assert [p.name for p in files] == ["giai-trinh-BAN-MINHHOA-ban-minh-hoa-tinh.xlsx",
                                       "giai-trinh-SO-VIDU-so-vi-du.xlsx", "giai-trinh-XA-HUCAU-ubnd-xa-hu-cau.xlsx"]
    split = []
    for path in files:
        rows = rows_of(path)
        assert len({r[0] for r in rows}) == 1 and rows[0][0] in path.name
        assert f"({rows[0][0]})" in load_workbook(path)["Giải trình"]["A2"].value
        split += rows
    assert sorted(split) == sorted(whole) and len(split) == 4


def test_per_unit_sheets_imported_together_record_what_the_one_sheet_would(ws, tmp_path):
    from scoring.workspace.explanations import import_explanations, write_unit_explanation_sheets

    explaining(ws, tmp_path)
    typed = []
    for path in write_unit_explanation_sheets(ws, None, tmp_path / "gt"):
        typed += answer_all(path, tmp_path / "gui-lai" / path.name)
    assert sorted(import_explanations(ws, None, [tmp_path / "gui-lai"])) == sorted(typed)
    assert import_explanations(ws, None, [tmp_path / "gui-lai"]) == []  # nothing new


def test_one_units_sheet_imported_alone(ws, tmp_path):
    from scoring.workspace.explanations import import_explanations, write_unit_explanation_sheets

    explaining(ws, tmp_path)
    [so_vidu] = [p for p in write_unit_explanation_sheets(ws, None, tmp_path / "gt") if "SO-VIDU" in p.name]
    typed = answer_all(so_vidu, tmp_path / "gui" / so_vidu.name)
    assert sorted(import_explanations(ws, None, [tmp_path / "gui" / so_vidu.name])) == sorted(typed)
    assert {t[0] for t in typed} == {"SO-VIDU"} and len(typed) == 2


def test_another_units_row_typed_into_a_units_sheet_is_refused_at_its_cell(ws, tmp_path):
    from scoring.workspace.explanations import import_explanations, write_unit_explanation_sheets
    from scoring.workspace.models import Explanation

    round_ = explaining(ws, tmp_path)
    [so_vidu] = [p for p in write_unit_explanation_sheets(ws, None, tmp_path / "gt") if "SO-VIDU" in p.name]
    book = load_workbook(so_vidu)
    sheet = book["Giải trình"]
    sheet.append(["XA-HUCAU", "UBND xã Hư Cấu", "1.1", "Có", "Không", "", "Xã giải trình nhờ bảng của sở"])
    sent = tmp_path / "gui" / "so-vidu.xlsx"
    sent.parent.mkdir()
    book.save(sent)
    with pytest.raises(DvkError) as refused:
        import_explanations(ws, None, [sent])
    [finding] = refused.value.findings
    assert finding.code == "explanation-other-unit" and finding.location.cell == f"G{sheet.max_row}"
    assert "XA-HUCAU" in finding.message and "SO-VIDU" in finding.message
    assert not Explanation.objects.filter(round=round_).exists()


def test_no_change_no_sheet(ws, tmp_path):
    from scoring.workspace.explanations import write_unit_explanation_sheets
    from scoring.workspace.rounds import move_round

    appraising(ws, tmp_path)
    move_round(None, "explanations")
    assert write_unit_explanation_sheets(ws, None, tmp_path / "gt") == []
    assert (tmp_path / "gt").is_dir() and not list((tmp_path / "gt").glob("*.xlsx"))
