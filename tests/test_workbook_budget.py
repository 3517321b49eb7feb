"""Workbooks past dvk's resource budgets are refused before calamine allocates anything for them."""

from __future__ import annotations

import re
import resource
from pathlib import Path

import pytest

from scoring.core.findings import DvkError
from scoring.intake.pipeline import evaluate_file
from scoring.rules.load import load_ruleset
from scoring.formats.budget import MAX_COLS, MAX_ROWS, MAX_SHARED_STRINGS
from xlsxmut import SCORES, add_cell, mutate

HERE = Path(__file__).parent / "workbooks"
CLEAN = HERE / "clean.xlsx"
RULESET = load_ruleset(HERE / "quirks-ruleset.json")


def _refusal(path: Path) -> str:
    with pytest.raises(DvkError) as caught:
        evaluate_file(RULESET, path)
    (finding,) = caught.value.findings
    assert finding.code == "workbook-too-large" and finding.location.file == str(path)
    return finding.message


@pytest.mark.parametrize("ref", ["XFD1048576", "A10000", "DA1", "ZZZ5"])
def test_a_cell_past_the_budget_is_refused(tmp_path, ref):
    path = mutate(CLEAN, tmp_path / "x.xlsx", {SCORES: add_cell(ref)})
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    message = _refusal(path)
    assert f"giới hạn 9.999 hàng, {MAX_COLS} cột" in message and MAX_ROWS == 9_999
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100_000  # KB: nothing allocated


def test_cells_at_the_edge_of_the_budget_are_read(tmp_path):
    path = mutate(CLEAN, tmp_path / "x.xlsx", {SCORES: add_cell(f"CZ{MAX_ROWS}")})
    assert evaluate_file(RULESET, path).ok


@pytest.mark.parametrize("spelling", [
    b'<row r="20000"><c t="n"><v>1</v></c></row>',                      # a row number, cell implied
    b'<row r="1"><c r = "XFD1"><v>1</v></c></row>',                      # spaces around "="
    b"<row r='1'><c r='XFD1'><v>1</v></c></row>",                        # single quotes
    b'<row r="1">' + b"<c><v>1</v></c>" * (MAX_COLS + 1) + b"</row>",    # columns implied
    b"<row><c><v>1</v></c></row>" * (MAX_ROWS + 1),                      # rows implied
])
def test_coordinates_in_any_spelling_are_found(tmp_path, spelling):
    path = mutate(CLEAN, tmp_path / "x.xlsx",
                  {SCORES: lambda xml: xml.replace(b"</sheetData>", spelling + b"</sheetData>")})
    assert "ô dữ liệu" in _refusal(path)


def test_a_declared_dimension_past_the_budget_is_refused(tmp_path):
    path = mutate(CLEAN, tmp_path / "x.xlsx",
                  {SCORES: lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', xml)})
    assert "vùng dữ liệu khai báo" in _refusal(path)


def test_a_shared_strings_count_past_the_budget_is_refused(tmp_path):
    sst = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
           b'spreadsheetml/2006/main" count="4000000000" uniqueCount="4000000000"><si><t>a</t></si></sst>')
    path = mutate(CLEAN, tmp_path / "x.xlsx", {"xl/sharedStrings.xml": sst})
    message = _refusal(path)
    assert "4.000.000.000" in message and f"{MAX_SHARED_STRINGS:,}".replace(",", ".") in message


def test_a_huge_sheet_is_refused_by_its_declared_size(tmp_path):
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (i, i) for i in range(1, 5))
    import random

    filler = b"<!-- " + random.Random(0).randbytes(17 * 512 * 1024).hex().encode() + b" -->"  # incompressible
    path = mutate(CLEAN, tmp_path / "x.xlsx",
                  {SCORES: lambda xml: xml.replace(b"</sheetData>", rows + filler + b"</sheetData>")})
    assert "khi giải nén" in _refusal(path)


@pytest.mark.parametrize("value, code", [(b"1E+28", "input-out-of-range"),
                                         (b"1e309", "input-not-number"),  # an infinite float
                                         (b"-1e309", "input-not-number")])
def test_a_number_too_big_for_the_decimal_context_is_a_finding_at_its_cell(tmp_path, value, code):
    def big(xml: bytes) -> bytes:  # the first numeric input of the scores sheet
        return xml.replace(b'<c r="E11" s="18"><v>10</v>', b'<c r="E11" s="18"><v>' + value + b"</v>")

    path = mutate(CLEAN, tmp_path / "x.xlsx", {SCORES: big})
    result = evaluate_file(RULESET, path)
    (finding,) = [f for f in result.findings if f.is_error]
    assert finding.code == code and finding.location.cell and finding.location.sheet


def test_a_corrupt_version_field_in_the_zip_directory_is_a_finding(tmp_path):
    from scoring.formats.safety import check_file, check_members

    data = bytearray(CLEAN.read_bytes())
    entry = data.find(b"PK\x01\x02")
    data[entry + 6:entry + 8] = (158).to_bytes(2, "little")  # "version needed to extract" 15.8
    path = tmp_path / "x.xlsx"
    path.write_bytes(bytes(data))
    for check in (lambda: check_file(path, members=True), lambda: check_members(path)):
        with pytest.raises(DvkError) as caught:
            check()
        assert caught.value.findings[0].code == "workbook-not-xlsx"



def test_the_refusal_names_the_sheet_a_person_sees_not_the_zip_part(tmp_path):
    path = mutate(CLEAN, tmp_path / "x.xlsx", {SCORES: add_cell("XFD1")})
    message = _refusal(path)
    assert "trang tính 'Tự chấm điểm' có ô dữ liệu" in message and "sheet3.xml" not in message


def test_a_sheet_whose_compressed_data_is_broken_is_a_corrupt_workbook(tmp_path):
    import zipfile

    data = bytearray(CLEAN.read_bytes())
    with zipfile.ZipFile(CLEAN) as archive:
        info = archive.getinfo(SCORES)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start:start + 16] = b"\xff" * 16  # an invalid deflate block header
    path = tmp_path / "x.xlsx"
    path.write_bytes(bytes(data))
    with pytest.raises(DvkError) as caught:
        evaluate_file(RULESET, path)
    assert caught.value.findings[0].code == "workbook-corrupt"
