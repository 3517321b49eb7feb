"""Templates of every shipped ruleset and an annotated copy, rendered to PDF by LibreOffice once.

What is asserted on every page of every sheet: A4, no text under 10 pt (the score sheet used to
print at about 5 pt), no two text lines overlapping (the wide score sheet prints in page bands,
whose later pages once printed the merged title twice and the hidden field-key column as a strip
of letters); the unit's date line and signature block on the score sheet; neither the program's
name nor the ruleset fingerprint anywhere the unit reads; an annotated copy whose every page is
readable, with the explanation before the finding code.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from pdfcheck import MIN_TEXT_PT, full_text, inspect, problems, render
from sysdeps import require

from scoring.cli.app import main
from scoring.rules.load import load_ruleset

ROOT = Path(__file__).resolve().parent.parent
RULESETS = sorted((ROOT / "criteria").glob("*.json"))
RULESETS = [p for p in RULESETS if not p.name.endswith("schema.json")]


@pytest.fixture(scope="session")
def printed(tmp_path_factory) -> dict[str, Path]:
    """One template per shipped ruleset (its first unit type) and one annotated copy, as PDF."""
    folder = tmp_path_factory.mktemp("templates")
    sources = []
    for path in RULESETS:
        unit = load_ruleset(path).unit_types[0].id
        target = folder / f"{path.stem}.xlsx"
        assert main(["template", str(path), "--unit-type", unit, "-o", str(target)]) == 0
        sources.append(target)
    annotated = folder / "ban-sao.xlsx"
    # (a file with warnings: its copy lists them)
    main(["score", str(ROOT / "criteria/dvcq-minh-hoa.json"), str(ROOT / "sample_inputs/xa-tapduot.xlsx"),
          "--annotate", str(annotated)])
    sources.append(annotated)
    return render(require("soffice"), sources, folder / "pdf")


@functools.lru_cache(maxsize=None)
def pages_of(pdf: Path):
    """The inspected pages of a rendered PDF, once per session (several tests look at each)."""
    return inspect(pdf)


@pytest.mark.parametrize("ruleset", [p.stem for p in RULESETS])
def test_template_prints_on_a4_at_a_readable_size(printed, ruleset):
    pages = pages_of(printed[f"{ruleset}.xlsx"])
    assert all(page.is_a4 for page in pages)
    assert [page.number for page in pages if page.min_size < MIN_TEXT_PT] == []
    assert problems(pages) == []
    # "Hướng dẫn" and "Thông tin đơn vị" are the first two sheets, one page each
    assert pages[0].text.startswith("HƯỚNG DẪN") and "THÔNG TIN ĐƠN VỊ" in pages[1].text


@pytest.mark.parametrize("ruleset", [p.stem for p in RULESETS])
def test_template_has_the_units_signature_block_and_no_program_marks(printed, ruleset):
    import re

    from scoring.rules.load import fingerprint

    pages = pages_of(printed[f"{ruleset}.xlsx"])
    text = full_text(pages)
    signed = [p for p in pages if "THỦ TRƯỞNG ĐƠN VỊ" in p.text]
    totals = [p.number for p in pages if "TỔNG ĐIỂM (" in p.text]
    # printed once, under the totals (on their page or the next, where the table fills a page),
    # on the last page: after every column of the table (no column bands after it)
    assert len(signed) == 1 and signed[0].number in (totals[0], totals[0] + 1)
    assert signed[0].number == len(pages)
    page = " ".join(signed[0].text.split())
    for part in ("ngày … tháng … năm", "NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)"):
        assert part in page
    assert "Mã đơn vị: ghi đúng mã do cơ quan" in text
    assert fingerprint(load_ruleset(ROOT / "criteria" / f"{ruleset}.json")) not in text
    assert re.search(r"\bdvk\b", text, re.IGNORECASE) is None


@pytest.mark.parametrize("ruleset", [p.stem for p in RULESETS])
def test_template_score_pages_show_the_whole_table_width(printed, ruleset):
    """Read top to bottom: every page of the score sheet has the repeated header row with its
    first and last column, and no text runs past the page."""
    pages = pages_of(printed[f"{ruleset}.xlsx"])
    scores = [p for p in pages if "Nội dung tiêu chí" in p.text]
    assert scores and scores[0].number == 3 and scores[-1].number == len(pages)
    assert [p.number for p in scores] == list(range(3, len(pages) + 1))
    for page in scores:
        words = set(page.text.split())  # (headers wrap in their columns: words, not phrases)
        assert {"Mã", "Nội", "Ý", "kiến"} <= words, page.number
    assert [p.number for p in pages if p.right_edge > p.width - 10] == []


def test_annotated_copy_is_readable_on_every_page_and_explains_before_codes(printed):
    pages = inspect(printed["ban-sao.xlsx"])
    assert problems(pages) == []
    assert [p.number for p in pages if p.right_edge > p.width - 20] == []
    summary = [p for p in pages if "KẾT QUẢ CHẤM ĐIỂM" in p.text or "Mã lỗi" in p.text]
    assert summary and "Err:" not in full_text(summary)
    text = " ".join(" ".join(p.text.split()) for p in summary)
    assert "Nội dung Mức độ Vị trí Tiêu chí Mã lỗi" in text


def test_templates_and_annotated_copies_ask_excel_to_recalculate_on_open(tmp_path):
    import zipfile

    template = tmp_path / "mau.xlsx"
    assert main(["template", str(ROOT / "criteria/dvcq-minh-hoa.json"), "--unit-type", "ubnd_xa",
                 "-o", str(template)]) == 0
    annotated = tmp_path / "ban-sao.xlsx"
    main(["score", str(ROOT / "criteria/dvcq-minh-hoa.json"), str(ROOT / "sample_inputs/xa-hucau.xlsx"),
          "--annotate", str(annotated)])
    for path in (template, annotated):
        with zipfile.ZipFile(path) as book:
            assert 'fullCalcOnLoad="1"' in book.read("xl/workbook.xml").decode("utf-8")


def _template(tmp_path, name="dvcq-minh-hoa", unit="ubnd_xa"):
    target = tmp_path / f"{name}.xlsx"
    assert main(["template", str(ROOT / "criteria" / f"{name}.json"), "--unit-type", unit, "-o", str(target)]) == 0
    return target


def test_signature_block_is_inside_the_print_area_and_the_unit_code_says_what_to_type(tmp_path):
    from openpyxl import load_workbook
    from openpyxl.utils.cell import range_boundaries

    wb = load_workbook(_template(tmp_path))
    ws = wb["Tự chấm điểm"]
    rows = {cell.value: cell.row for row in ws.iter_rows() for cell in row if isinstance(cell.value, str)}
    _, _, last_col, last_row = range_boundaries(ws.print_area.split("!")[1].replace("$", ""))
    assert rows["……, ngày … tháng … năm ……"] < rows["THỦ TRƯỞNG ĐƠN VỊ"] == rows["NGƯỜI LẬP BIỂU"]
    assert rows["(Ký tên, đóng dấu)"] < last_row  # with room to sign below, inside the area
    assert ws.row_dimensions[last_row].height >= 60
    assert last_col == 11  # the hidden field-key column L stays off the page
    details = wb["Thông tin đơn vị"]
    code_cell = next(c for row in details.iter_rows() for c in row if c.value == "dvk:unit_code").row
    prompts = [dv.prompt for dv in details.data_validations.dataValidation if f"B{code_cell}" in str(dv.sqref)]
    assert prompts and "ví dụ" in prompts[0] and prompts[0].startswith("Mã đơn vị")


def test_fingerprint_only_in_the_hidden_sheet_the_reader_checks(tmp_path):
    from openpyxl import load_workbook

    from scoring.rules.load import fingerprint
    from scoring.workbook.read import read_workbook

    ruleset = load_ruleset(ROOT / "criteria/dvcq-minh-hoa.json")
    path = _template(tmp_path)
    wb = load_workbook(path)
    where = {ws.title: ws.sheet_state for ws in wb.worksheets
             for row in ws.iter_rows(values_only=True) if fingerprint(ruleset) in map(str, row)}
    assert where == {"_dvk": "veryHidden"}
    assert not wb.properties.creator  # File > Info shows no program name either
    assert read_workbook(path, ruleset).submission.ruleset.fingerprint == fingerprint(ruleset)


def _total_row(rows):
    return next(r for r in rows if isinstance(r[1], str) and r[1].startswith("TỔNG ĐIỂM"))


def test_written_workbooks_carry_their_formula_results(tmp_path):
    """Read as a preview that does not calculate would: python-calamine and openpyxl data_only."""
    import python_calamine
    from openpyxl import load_workbook

    from scoring.intake.pipeline import evaluate_file

    ruleset = load_ruleset(ROOT / "criteria/dvcq-minh-hoa.json")
    sample = ROOT / "sample_inputs/xa-mauson.xlsx"
    result = evaluate_file(ruleset, sample)
    annotated = tmp_path / "ban-sao.xlsx"
    main(["score", str(ROOT / "criteria/dvcq-minh-hoa.json"), str(sample), "--annotate", str(annotated)])
    blank = _template(tmp_path)
    for path, final in ((sample, result.final.total), (annotated, result.final.total), (blank, 0)):
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        total = _total_row(book.get_sheet_by_name("Tự chấm điểm").to_python())
        assert float(total[9]) == pytest.approx(float(final)), path.name  # Điểm thẩm định (J)
        ws = load_workbook(path, data_only=True)["Tự chấm điểm"]
        assert _total_row(list(ws.iter_rows(values_only=True)))[9] == pytest.approx(float(final))
    # a leaf's preview: the sample's first criterion row shows its points, as the engine's
    rows = python_calamine.CalamineWorkbook.from_path(str(sample)).get_sheet_by_name("Tự chấm điểm").to_python()
    first = next(c for c in result.criteria if c.applies and c.self is not None and c.self.applicable)
    row = next(r for r in rows if str(r[0]) == first.id and r[5] != "")
    assert float(row[5]) == pytest.approx(float(first.self.points))


def test_group_rows_are_shaded_and_their_first_criterion_is_not(tmp_path):
    """The shading the "Hướng dẫn" sheet explains lands on the group's own row."""
    from openpyxl import load_workbook

    from scoring.formats.styles import GROUP_FILL

    ws = load_workbook(_template(tmp_path))["Tự chấm điểm"]
    fills = {row[0].value: row[1].fill.start_color.rgb[-6:] for row in ws.iter_rows(min_row=5)
             if row[0].value in ("1", "1.1", "2", "2.1")}
    assert fills["1"] == fills["2"] == GROUP_FILL
    assert fills["1.1"] != GROUP_FILL and fills["2.1"] != GROUP_FILL
