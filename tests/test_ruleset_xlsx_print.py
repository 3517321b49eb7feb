"""The ruleset workbook printed as a clerk would print it (LibreOffice → PDF → pdfplumber), issue 21
item 9 and issue 28 item 7: the "Phụ lục" sheet first, every page A4 at 10 pt or more with no text
over text, each page of the appendix the full width of its table (STT to "Áp dụng cho"), conditions
in words, Vietnamese dates, and no machine text ($schema, JSON keys, English codes, raw JSON)."""

from __future__ import annotations

from pathlib import Path

from pdfcheck import full_text, inspect, problems, render
from sysdeps import require

from scoring.jobs.ruleset_xlsx.write import write_ruleset_xlsx

ROOT = Path(__file__).resolve().parent.parent


def test_the_printed_ruleset_workbook_reads_as_the_decisions_appendix(tmp_path: Path) -> None:
    book = write_ruleset_xlsx(ROOT / "criteria" / "qcdc-minh-hoa.json", tmp_path / "qcdc.xlsx")
    pages = inspect(render(require("soffice"), [book], tmp_path / "pdf")["qcdc.xlsx"])
    assert problems(pages) == []
    assert pages[0].text.startswith("PHỤ LỤC: BỘ TIÊU CHÍ CHẤM ĐIỂM")
    appendix = []
    for page in pages:
        appendix.append(page)
        if "XẾP LOẠI, XẾP HẠNG" in page.text:
            break
    assert len(appendix) < len(pages)
    # every page of the appendix carries the whole table width: its first and last column headers
    assert all("STT" in page.text and "Áp dụng cho" in page.text for page in appendix)
    text = full_text(pages)
    appendix_text = full_text(appendix)
    assert "Điều kiện «vi_pham»: khi «Vi phạm quy chế dân chủ" in appendix_text
    assert "không cao hơn «Khá»" in appendix_text and "«kha»" not in appendix_text
    assert "10/11/2022" in text and "2022-11-10" not in text
    for machine in ("$schema", "decision.number", "appraisal_if_given", "count_deduction", "boolean",
                    "half_up", "Lược đồ JSON", "Khóa", "20.00", "1.00"):
        assert machine not in text, machine
    # (the model-register and reward rules are still JSON on "Thông tin": not on the appendix)
    assert "{" not in appendix_text and '"' + "type" not in appendix_text
