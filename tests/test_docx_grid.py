"""The report's big tables (reports/docx/grid.py): rows kept aside and written into the saved
document part a few hundred at a time come back whole, in order, escaped, and never as one text."""

from __future__ import annotations

import tracemalloc
import zipfile

import docx
from docx.oxml.ns import qn
from docx.shared import Cm

from scoring.reports.docx import grid as grid_module
from scoring.reports.docx.grid import KEPT, grid, save

HEADERS = ("Hạng", "Mã đơn vị", "Tên đơn vị")
WIDTHS = [Cm(2), Cm(4), Cm(8)]
ALIGNS = ("center", "left", "left")


def _rows(n: int, tag: str) -> list[list[str]]:
    return [[str(i + 1), f"{tag}{i:05d}", f"Đơn vị số {i} <&> \x07"] for i in range(n)]


def _texts(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_rows_of_several_batches_and_tables_come_back_whole_and_in_order(tmp_path):
    big = 2 * grid_module._BATCH + 3  # three batches, the last of three rows
    doc = docx.Document()
    grid(doc, HEADERS, _rows(big, "A"), WIDTHS, ALIGNS)
    grid(doc, HEADERS, _rows(4, "B"), WIDTHS, ALIGNS)
    grid(doc, HEADERS, [], WIDTHS, ALIGNS)
    path = save(doc, tmp_path / "bang.docx")

    first, second, empty = docx.Document(str(path)).tables
    expected = [[a, b, c.replace("\x07", "")] for a, b, c in _rows(big, "A")]
    assert _texts(first) == [list(HEADERS)] + expected  # escaped on the way out, read back as typed
    assert _texts(second) == [list(HEADERS)] + [[a, b, c.replace("\x07", "")] for a, b, c in _rows(4, "B")]
    assert _texts(empty) == [list(HEADERS)]
    # no page starts or ends the table with a lone row: its first and last rows hold on to the next
    held = [row._tr.find(f".//{qn('w:keepNext')}") is not None for row in first.rows[1:]]
    assert held == [i < KEPT - 1 or big - 1 - KEPT < i < big - 1 for i in range(big)]
    assert sum(held) == 2 * (KEPT - 1)


def test_saving_ten_thousand_rows_never_holds_the_part_as_one_text(tmp_path):
    doc = docx.Document()
    grid(doc, HEADERS, _rows(10_000, "C"), WIDTHS, ALIGNS)
    tracemalloc.start()
    try:
        path = save(doc, tmp_path / "lon.docx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    with zipfile.ZipFile(path) as package:
        part = package.getinfo("word/document.xml").file_size
    assert part > 10_000_000
    # the whole part as one text is twice its size in memory (two bytes a Vietnamese character),
    # and the save used to hold it three times over; rows written 500 at a time need a fraction
    assert peak < part / 2, (peak, part)
