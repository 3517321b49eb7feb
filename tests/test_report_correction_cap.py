"""A correction that changed hundreds of units: bao-cao.docx's section I prints the first
:data:`~scoring.reports.correction.SHOWN_ROWS` of them and says where all are (the xlsx sheet
"Đính chính" and dinh-chinh.csv), instead of pages of table; rendered by LibreOffice and read."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import docx
import pytest
from pdfcheck import full_text, inspect, problems, render
from sysdeps import require
from wsfixtures import RULESET, SAMPLES

from scoring.engine.ranking import rank
from scoring.engine.standing import Standing
from scoring.intake.batch import run_batch
from scoring.reports.correction import SHORT_HEADERS, SHOWN_ROWS, Correction, CorrectionRow
from scoring.reports.docx import write_bao_cao
from scoring.reports.roll import RoundRoll
from scoring.rules.load import load_ruleset


def changed(count: int) -> Correction:
    """A correction whose ``count`` units each moved one place down and from Tốt to Khá."""
    rows = tuple(CorrectionRow(f"DV-{i:03d}", f"Đơn vị thử số {i}", "Khối thử", ("xếp loại", "hạng"),
                               Standing(Decimal("80.5"), Decimal("80.5"), "Tốt", i, i),
                               Standing(Decimal("79.5"), Decimal("79.5"), "Khá", i + 1, i + 1))
                 for i in range(1, count + 1))
    return Correction(1, "Soát lại tiêu chí 1.4 của mọi đơn vị", 2, 1, dt.date(2025, 12, 20), rows)


def correction_table(path) -> list[list[str]]:
    for table in docx.Document(path).tables:
        rows = [[c.text for c in r.cells] for r in table.rows]
        if rows and tuple(rows[0]) == SHORT_HEADERS:
            return rows
    return []


@pytest.fixture(scope="module")
def ranking():
    ruleset = load_ruleset(RULESET)
    batch = run_batch(ruleset, [SAMPLES], jobs=1)
    return ruleset, batch, rank(ruleset, list(batch.accepted))


@pytest.mark.parametrize("count", [SHOWN_ROWS, 300])
def test_section_one_prints_the_first_changed_units_and_points_to_all(ranking, tmp_path, count):
    ruleset, batch, ranked = ranking
    path = write_bao_cao(tmp_path / "bao-cao.docx", ruleset, ranked, batch=batch,
                         roll=RoundRoll(correction=changed(count)))
    rows = correction_table(path)
    assert len(rows) == 1 + min(count, SHOWN_ROWS)
    assert rows[1][0] == "Đơn vị thử số 1 (DV-001)" and rows[1][4] == "Tốt → Khá"
    said = [p.text for p in docx.Document(path).paragraphs if p.text.startswith("Bảng trên nêu")]
    if count <= SHOWN_ROWS:
        assert said == []
        return
    assert said == [f"Bảng trên nêu {SHOWN_ROWS} trong {count} đơn vị thay đổi; đủ {count} đơn vị, với mọi số liệu "
                    "trước và sau đính chính, ở trang tính “Đính chính” của tệp xep-hang.xlsx và tệp "
                    "dinh-chinh.csv công bố kèm báo cáo này."]
    pages = inspect(render(require("soffice"), [path], tmp_path / "pdf")["bao-cao.docx"])
    assert problems(pages) == []
    text = full_text(pages)
    assert f"Bảng trên nêu {SHOWN_ROWS} trong {count}" in " ".join(text.split())
    assert "DV-021" not in text and "DV-020" in text
    section_two = next(p.number for p in pages if "II. KẾT QUẢ XẾP LOẠI" in p.text)
    assert section_two <= 3, section_two  # 300 rows uncut pushed it to page 10 and beyond
