"""Every CSV dvk writes has its table in a workbook beside it, numbers as numbers.

The CSVs are for programs: comma-separated, a decimal point (``81.73``).  A Vietnamese Windows
Excel (list separator ";", decimal ",") opens such a file by double-click with each line in
column A, and imported with "," reads the scores as text.  So each table is also a sheet of an
``.xlsx`` in the same folder, where a score is a number cell whatever the locale (a typed cell
carries no decimal separator), and ``dvk rank`` says to open that one.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from scoring.cli.app import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("csv")
    main(["rank", str(ROOT / "criteria/dvcq-minh-hoa.json"), str(ROOT / "sample_inputs"), "--out",
          str(folder / "xep-hang"), "--quiet", "--jobs", "1"])
    main(["mo-hinh", "tong-hop", str(ROOT / "tests/models/dang-ky.json"), "--danh-gia",
          str(ROOT / "tests/models/danh-gia"), "--out", str(folder / "mo-hinh")])
    return [folder / "xep-hang", folder / "mo-hinh"]


def _sheets(folder: Path) -> list[list[list[object]]]:
    from openpyxl import load_workbook

    found = []
    for book in sorted(folder.glob("*.xlsx")):
        for ws in load_workbook(book, read_only=True).worksheets:
            found.append([list(row) for row in ws.iter_rows(values_only=True)])
    return found


def _table_in(rows: list[list[object]], header: list[str]) -> list[dict[str, object]] | None:
    """The rows under ``header`` in a sheet (titles above it) by column name, or None if the sheet
    has no such header (a findings sheet prints the same columns in another order)."""
    for n, row in enumerate(rows):
        names = [("" if v is None else str(v)) for v in row]
        if sorted(v for v in names if v) == sorted(header):
            return [dict(zip(names, r)) for r in rows[n + 1:] if any(v not in (None, "") for v in r)]
    return None


def test_every_csv_has_its_table_in_a_workbook_beside_it_with_numbers_as_numbers(outputs):
    checked = 0
    for folder in outputs:
        sheets = _sheets(folder)
        for path in sorted(folder.glob("*.csv")):
            with open(path, encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.DictReader(handle))
                header = list(rows[0]) if rows else []
            if not rows:
                continue
            tables = [t for t in (_table_in(sheet, header) for sheet in sheets) if t is not None]
            assert tables, f"{path.name}: no sheet with its header beside it"
            # (block tables share the overall ranking's header: the sheet whose text cells agree)
            body = max(tables, key=lambda t: sum(str(c.get(k) or "") == v for r, c in zip(rows, t)
                                                 for k, v in r.items()) - abs(len(t) - len(rows)))
            assert len(body) >= len(rows), path.name
            for csv_row, cells in zip(rows, body):
                for name, text in csv_row.items():
                    if name.startswith("Mã"):  # a criterion id ("3.3") is text
                        continue
                    if text and text.replace(".", "", 1).lstrip("-").isdigit() and "." in text:
                        # a score: a number cell, not the text a Vietnamese Excel would make of it
                        cell = cells[name]
                        assert isinstance(cell, (int, float)), (path.name, text, cell)
                        assert Decimal(str(cell)).quantize(Decimal(text)) == Decimal(text)
                        checked += 1
    assert checked > 100


def test_rank_says_which_file_to_open_in_excel(tmp_path, capsys):
    assert main(["rank", str(ROOT / "criteria/dvcq-minh-hoa.json"), str(ROOT / "sample_inputs/xa-mauson.xlsx"),
                 "--out", str(tmp_path / "kq"), "--quiet", "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert "Mở các bảng bằng Excel: tệp xep-hang.xlsx" in out
