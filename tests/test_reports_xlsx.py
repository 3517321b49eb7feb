"""The streaming xlsx writer: written, read back (openpyxl for types and styles, python-calamine for
values, as Excel shows them) and compared with the xlsxwriter output it replaced."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring.reports.tables import Column, Table
from scoring.reports.xlsx import FONT, LINE_HEIGHT, write_tables, write_xlsx
from scoring.formats.xlsxstream import EXCEL_MAX_TEXT, Sheet, column_letter, excel_width, write_workbook

D = Decimal
LINES = ("Bộ tiêu chí — phiên bản 2025.1 — năm 2025", "BỘ TIÊU CHÍ MINH HỌA: không dùng chính thức")
COLUMNS = [Column("STT", "int", 6), Column("Tên đơn vị", "text", 30), Column("Điểm", "points", 9),
           Column("Tỷ lệ (%)", "percent", 9)]


def table(rows, columns=COLUMNS, sheet="Bảng"):
    return Table("bang", sheet, "Bảng thử", list(columns), [list(r) for r in rows])


def read_values(path, sheet):
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


@pytest.mark.parametrize("value, shown, data_type, number_format", [
    (D("14.25"), 14.25, "n", "0.00"),
    (D("-0.00"), 0, "n", "0.00"),
    (D("66.66666666666666666666666667"), 66.66666666666667, "n", "0.00"),
    (7, 7, "n", "0.00"),
    (None, None, "n", "0.00"),
    ("", None, "n", "0.00"),
    (D("NaN"), "NaN", "s", "0.00"),  # no Excel number: kept as text rather than a broken file
])
def test_number_cells_keep_type_and_format(tmp_path, value, shown, data_type, number_format):
    from openpyxl import load_workbook

    path = write_tables(tmp_path / "a.xlsx", [table([[1, "Xã A", value, D("81.73")]])], LINES)
    cell = load_workbook(path)["Bảng"]["C6"]
    assert (cell.value, cell.data_type, cell.number_format) == (shown, data_type, number_format)
    assert cell.border.left.style == "thin" and cell.font.name == FONT and cell.alignment.horizontal == "right"


def test_int_and_text_columns_read_back_typed(tmp_path):
    from openpyxl import load_workbook

    path = write_tables(tmp_path / "a.xlsx", [table([[3, "=HYPERLINK(\"x\")", D("1"), D("2.5")],
                                                     [None, None, None, None]])], LINES)
    sheet = load_workbook(path)["Bảng"]
    stt, name = sheet["A6"], sheet["B6"]
    assert (stt.value, type(stt.value), stt.number_format) == (3, int, "0")
    assert (name.value, name.data_type, name.number_format) == ('=HYPERLINK("x")', "s", "@")
    assert name.alignment.wrap_text and name.alignment.vertical == "center"
    assert [c.value for c in sheet[7]] == [None] * 4
    assert all(c.border.top.style == "thin" for c in sheet[7])  # empty cells keep their borders


@pytest.mark.parametrize("text", [
    "UBND xã Ả Ẩn", "a & b <c> \"d\" 'e'", " lead", "tail ", "tab\tand\nnewline", "bell\x07",
    "cr\rlf", "_x0041_ is not an escape", "x" * (EXCEL_MAX_TEXT + 5), "=1+1", "@SUM(A1)",
])
def test_text_survives_xml_and_excel_escapes(tmp_path, text):
    path = write_tables(tmp_path / "a.xlsx", [table([[1, text, None, None]])], LINES)
    assert read_values(path, "Bảng")[5][1] == text[:EXCEL_MAX_TEXT]


def test_sheet_layout_and_print_setup(tmp_path):
    from openpyxl import load_workbook

    rows = [[i, f"Xã {i}", D(i), D("50")] for i in range(1, 4)]
    path = write_tables(tmp_path / "a.xlsx", [table(rows), table([], sheet="Trống")], LINES, warn=True)
    book = load_workbook(path)
    sheet = book["Bảng"]
    assert [sheet.cell(1, 1).value, sheet["A2"].value, sheet["A3"].value] == ["BẢNG THỬ", *LINES]
    assert (sheet["A1"].font.b, sheet["A1"].font.sz, sheet["A2"].font.i) == (True, 14, True)
    assert sheet["A3"].font.b and sheet["A3"].font.color.rgb == "FFC00000"
    header = sheet["B5"]
    assert [c.value for c in sheet[5]] == ["STT", "Tên đơn vị", "Điểm", "Tỷ lệ (%)"]
    assert header.font.b and header.fill.fgColor.rgb == "FFD9E1F2" and header.alignment.horizontal == "center"
    assert sheet.row_dimensions[5].height == 45
    assert [sheet.column_dimensions[c].width for c in "ABCD"] == [6.7109375, 30.7109375, 9.7109375, 9.7109375]
    assert (sheet.freeze_panes, sheet.auto_filter.ref, sheet.print_title_rows) == ("A6", "A5:D8", "$5:$5")
    assert sheet.dimensions == "A1:D8"
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToHeight) == ("landscape", 9, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_margins.left, sheet.page_margins.right) == (0.5, 0.4)
    assert sheet.oddFooter.center.text == "Trang &P/&N" and sheet.oddFooter.center.font == FONT
    empty = book["Trống"]
    assert (empty.auto_filter.ref, empty.max_row) == ("A5:D6", 5)


def test_info_sheet_and_properties(tmp_path):
    from openpyxl import load_workbook

    from scoring.intake.batch import Batch
    from scoring.engine.ranking import rank
    from scoring.reports.tables import build_tables
    from test_batch_helpers import default_ruleset

    ruleset = default_ruleset()
    batch, ranking = Batch(files=(), accepted=(), rejected=(), year=2025), rank(ruleset, [])
    path = write_xlsx(tmp_path / "x.xlsx", ruleset, batch, ranking, build_tables(ruleset, batch, ranking))
    book = load_workbook(path)
    info = book["Thông tin"]
    assert book.sheetnames[-1] == "Thông tin" and info["A1"].value == "THÔNG TIN VỀ BẢNG XẾP HẠNG"
    assert (info["A3"].value, info["B3"].value, info["A3"].font.b) == ("Bộ tiêu chí", ruleset.title, True)
    assert info["A6"].value == "Văn bản" and info["B6"].font.color.rgb == "FFC00000"
    assert info["B9"].value == "0" and info["B9"].data_type == "s"
    assert info.print_title_rows == "$5:$5" and info.freeze_panes is None
    assert book.properties.title == "Xếp hạng công tác dân vận" and "năm 2025" in book.properties.subject


def test_every_part_is_well_formed_and_declared(tmp_path):
    from defusedxml.ElementTree import fromstring

    sheets = [Sheet("A & 'B'", [8], [(0, 0, "x", "title")], autofilter=(0, 0, 1, 0), print_rows=(0, 0)),
              Sheet("C<D>", [8, 9], body_row=0, body=[[1, "y\x01\ufffe\uffff"]], body_styles=["int", "text"])]
    path = write_workbook(tmp_path / "a.xlsx", sheets, title="T & <t>")
    with zipfile.ZipFile(path) as book:
        assert book.testzip() is None
        parts = {name: book.read(name) for name in book.namelist()}
    for data in parts.values():
        fromstring(data)
    types = parts["[Content_Types].xml"].decode()
    assert all(f'PartName="/{name}"' in types for name in parts if not name.endswith(".rels")
               and name != "[Content_Types].xml")
    assert "'A &amp; ''B'''!$1:$1" in parts["xl/workbook.xml"].decode()  # quotes doubled in a reference
    assert [r[0] for r in read_values(path, "C<D>")] == [1]


def test_fixed_cells_may_not_overlap_the_body(tmp_path):
    with pytest.raises(ValueError):
        write_workbook(tmp_path / "a.xlsx", [Sheet("S", [8], [(3, 0, "x", "title")], body_row=2,
                                                   body=[[1]], body_styles=["int"])])


@pytest.mark.parametrize("col, letters", [(0, "A"), (25, "Z"), (26, "AA"), (28, "AC"), (701, "ZZ"),
                                          (702, "AAA")])
def test_column_letter(col, letters):
    assert column_letter(col) == letters


@pytest.mark.parametrize("width, stored", [(6, 6.7109375), (100, 100.7109375), (8.43, 9.140625), (0, 0)])
def test_excel_width_matches_xlsxwriter(width, stored):
    assert excel_width(width) == stored


# --- oracle: the xlsxwriter code this writer replaced --------------------------------------------

def _xlsxwriter_tables(path: Path, tables: list[Table], lines: tuple[str, str]) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                           "strings_to_numbers": False})
    # the workbook's default font (column widths are counted in its digits) is Times New Roman 12
    book.formats[0].set_font_name(FONT)
    book.formats[0].set_font_size(12)
    base = {"font_name": FONT, "font_size": 12, "valign": "vcenter"}
    cell = base | {"border": 1}
    header = book.add_format(cell | {"bold": True, "text_wrap": True, "align": "center", "bg_color": "#D9E1F2"})
    kinds = {kind: book.add_format(cell | ({"text_wrap": True} if kind == "text" else {"align": "right"})
                                   | {"num_format": fmt})
             for kind, fmt in {"points": "0.00", "percent": "0.00", "int": "0", "text": "@"}.items()}
    for t in tables:
        sheet = book.add_worksheet(t.sheet)
        # the title lines span the table and wrap inside it
        span = base | {"align": "center", "text_wrap": True}
        last = len(t.columns) - 1
        sheet.merge_range(0, 0, 0, last, t.title.upper(), book.add_format(span | {"bold": True, "font_size": 14}))
        for row, line in enumerate(lines, start=1):
            sheet.merge_range(row, 0, row, last, line, book.add_format(span | {"italic": True}))
        for col, column in enumerate(t.columns):
            sheet.set_column(col, col, column.width)
            sheet.write_string(4, col, column.header, header)
        for r, values in enumerate(t.rows, start=5):
            for c, (column, value) in enumerate(zip(t.columns, values)):
                if value is None or value == "":
                    sheet.write_blank(r, c, None, kinds[column.kind])
                elif isinstance(value, (Decimal, int)):
                    sheet.write_number(r, c, float(value), kinds[column.kind])
                else:
                    sheet.write_string(r, c, str(value), kinds[column.kind])
    book.close()


def _styles(path: Path, sheet: str) -> list[tuple]:
    from openpyxl import load_workbook

    ws = load_workbook(path)[sheet]
    return [(c.coordinate, c.data_type if c.value is not None else None, c.number_format, c.font.name,
             c.font.sz, c.font.b, c.font.i, c.border.left.style, c.alignment.horizontal, c.alignment.wrap_text,
             c.fill.fill_type) for row in ws.iter_rows() for c in row]


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
_number = st.one_of(st.integers(-10**6, 10**6),
                    st.decimals(min_value=-10**4, max_value=10**4, places=2, allow_nan=False))
_row = st.tuples(st.one_of(st.none(), st.integers(0, 10**5)), st.one_of(st.none(), _text),
                 st.one_of(st.none(), st.just(""), _number), st.one_of(st.none(), _number))


@pytest.mark.property
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(_row, max_size=6))
def test_same_workbook_as_xlsxwriter(tmp_path, rows):
    ours, oracle = tmp_path / "ours.xlsx", tmp_path / "oracle.xlsx"
    tables = [table(rows)]
    write_tables(ours, tables, LINES)
    _xlsxwriter_tables(oracle, tables, LINES)
    assert read_values(ours, "Bảng") == read_values(oracle, "Bảng")
    assert _styles(ours, "Bảng") == _styles(oracle, "Bảng")


def test_rows_with_wrapping_text_get_a_height_that_fits(tmp_path):
    from openpyxl import load_workbook

    long_name = "UBND xã có một cái tên rất dài để phải xuống dòng khi in ra giấy A4 ngang"
    path = write_tables(tmp_path / "h.xlsx", [table([[1, "Ngắn", D("1"), D("2")],
                                                     [2, long_name, D("1"), D("2")]])], LINES)
    sheet = load_workbook(path)["Bảng"]
    assert sheet.row_dimensions[6].height is None  # one line: left to the spreadsheet
    assert sheet.row_dimensions[7].height == 3 * LINE_HEIGHT  # 73 characters in a 30-wide column: 3 lines
