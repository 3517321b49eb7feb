"""Templates of every shipped ruleset and an annotated copy, rendered to PDF by LibreOffice once.

What is asserted: every page A4, no text under 10 pt on any template page (the score sheet used
to print at about 5 pt), nothing overlapping on the instruction and unit-information sheets, and
an annotated copy whose summary sheet is readable with the explanation before the finding code.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfcheck import MIN_TEXT_PT, inspect, problems, render
from sysdeps import require

from scoring.cli import main
from scoring.ruleset.load import load_ruleset

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
    main(["score", str(ROOT / "criteria/dvcq-minh-hoa.json"), str(ROOT / "sample_inputs/xa-hucau.xlsx"),
          "--annotate", str(annotated)])
    sources.append(annotated)
    return render(require("soffice"), sources, folder / "pdf")


@pytest.mark.parametrize("ruleset", [p.stem for p in RULESETS])
def test_template_prints_on_a4_at_a_readable_size(printed, ruleset):
    pages = inspect(printed[f"{ruleset}.xlsx"])
    assert all(page.is_a4 for page in pages)
    assert [page.number for page in pages if page.min_size < MIN_TEXT_PT] == []
    # "Hướng dẫn" and "Thông tin đơn vị" are the first two sheets, one page each
    assert problems(pages[:2]) == []
    assert pages[0].text.startswith("HƯỚNG DẪN") and "THÔNG TIN ĐƠN VỊ" in pages[1].text


def test_annotated_summary_is_readable_and_explains_before_codes(printed):
    pages = inspect(printed["ban-sao.xlsx"])
    summary = [p for p in pages if "KẾT QUẢ CHẤM ĐIỂM" in p.text or "Mã lỗi" in p.text]
    assert summary and problems(summary) == []
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
