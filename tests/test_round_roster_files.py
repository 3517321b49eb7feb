"""Rosters as offices really send them, and as an attacker might: every file is taken correctly or
refused with a located Vietnamese finding — no abort, no exit 70, no hang, no unit silently dropped
or doubled.  The case files are in ``tests/cases/round/roster/`` (one quirk each)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.core.findings import DvkError
from scoring.core.unitcode import clean_code, unit_key
from scoring.rules.load import load_ruleset
from scoring.workspace.roster import read_roster
from scoring.workspace.rosterfile import MAX_TEXT, MAX_UNITS
from wsfixtures import ROOT, RULESET

CASES = Path(__file__).parent / "cases" / "round" / "roster"
RULES = load_ruleset(RULESET)
BASE = CASES / "base-roster.csv"


def refusal(path: Path) -> list:
    with pytest.raises(DvkError) as caught:
        read_roster(path, RULES)
    findings = caught.value.findings
    for f in findings:
        assert f.location.file == str(path), f
        assert "Cannot" not in f.message and "There is no" not in f.message and "Error" not in f.message
    return findings


def units(path: Path) -> list[tuple[str, str, str, str]]:
    return [(r.code, r.name, r.unit_type, r.block) for r in read_roster(path, RULES)]


@pytest.mark.parametrize("name", ["cr-only.csv", "utf16.csv"])
def test_csv_in_any_line_ending_and_encoding_reads_as_the_base_roster(name):
    assert units(CASES / name) == units(BASE) and len(units(BASE)) == 20


@pytest.mark.parametrize("encoding,newline", [("utf-16-le", "\r\n"), ("utf-16-be", "\n"), ("cp1258", "\r"),
                                              ("utf-8-sig", "\r\n")])
def test_csv_encodings_without_bom_and_line_endings(tmp_path, encoding, newline):
    text = BASE.read_text(encoding="utf-8").replace("\n", newline)
    path = tmp_path / "ds.csv"
    path.write_bytes(_cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    assert units(path) == units(BASE)


def _cp1258(text: str) -> bytes:
    """Text as Vietnamese Windows saves it: ư, ơ, â… precomposed, the five tones as combining marks."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        marks = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(m for m in marks if m not in tones))
        out.append(base + "".join(m for m in marks if m in tones))
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize("name,reason", [
    ("far-cell.xlsx", "16.384 cột"),                  # one cell at XFD1048576: was a 512 GiB allocation
    ("far-row.xlsx", "1.048.576 hàng"),               # one real cell at A1048576
    ("shared-strings-count-4e9.xlsx", "4.000.000.000 chuỗi"),
])
def test_workbooks_past_the_roster_budget_are_refused_before_parsing(name, reason):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    (finding,) = refusal(CASES / name)
    assert finding.code == "workbook-too-large" and reason in finding.message
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100_000  # KB: nothing allocated


def _edit_sheet(source: Path, target: Path, edit) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            zout.writestr(info, edit(data) if info.filename == "xl/worksheets/sheet1.xml" else data)
    return target


def test_blank_formatted_rows_at_the_bottom_cost_nothing(tmp_path):
    far = b'<c r="A1048576" t="inlineStr"><is><t>x</t></is></c>'
    path = _edit_sheet(CASES / "far-row.xlsx", tmp_path / "ds.xlsx", lambda xml: xml.replace(
        far, b'<c r="A1048576" s="0"/><c r="D1048576" s="0"/>').replace(b"A1:D1048576", b"A1:D21")
        .replace(b"</sheetData>", b'<row r="500000" customHeight="1" ht="20"/></sheetData>'))
    assert units(path) == units(BASE)


def test_formulas_saved_without_values_are_refused_at_their_cells():
    findings = refusal(CASES / "all-formula-row.xlsx")
    assert [(f.code, f.location.sheet, f.location.cell) for f in findings] == [
        ("roster-formula-no-value", "Sheet", cell) for cell in ("A2", "B2", "C2")]
    assert "Mở tệp bằng Excel, lưu lại" in findings[0].message


@pytest.mark.parametrize("name", ["dup-zwsp.xlsx", "dup-fullwidth.xlsx"])
def test_look_alike_codes_are_one_unit_refused_as_a_duplicate(name):
    (finding,) = refusal(CASES / name)
    assert (finding.code, finding.location.sheet, finding.location.cell) == ("roster-duplicate-code", "DS", "A22")
    assert "dòng 22" in finding.message and "dòng 2 " in finding.message and "BAN-MINHHOA" in finding.message


def test_a_nul_byte_in_a_code_is_refused_at_its_cell():
    (finding,) = refusal(CASES / "nul.csv")
    assert (finding.code, finding.location.json_path) == ("roster-control-character", "dòng 2, cột Mã đơn vị")
    assert "U+0000" in finding.message


def test_a_field_over_the_csv_limit_is_refused_at_its_line(tmp_path):
    path = tmp_path / "ds.csv"
    path.write_text(BASE.read_text(encoding="utf-8") + "XA-DAI," + "x" * 200_000 + ",ubnd_xa,\n", encoding="utf-8")
    (finding,) = refusal(path)
    assert (finding.code, finding.location.json_path) == ("roster-cell-too-long", "dòng 22")
    path.write_text(BASE.read_text(encoding="utf-8") + "XA-DAI," + "x" * (MAX_TEXT + 1) + ",ubnd_xa,\n",
                    encoding="utf-8")
    (finding,) = refusal(path)
    assert (finding.code, finding.location.json_path) == ("roster-cell-too-long", "dòng 22, cột Tên đơn vị")


def test_a_csv_named_xlsx_is_refused_in_vietnamese():
    (finding,) = refusal(CASES / "xlsx-is-csv.xlsx")
    assert finding.code == "workbook-not-xlsx"


def test_a_roster_over_the_limit_is_refused_whole(tmp_path):
    path = tmp_path / "ds.csv"
    lines = [f"XA-{i},UBND xã {i},ubnd_xa," for i in range(MAX_UNITS + 1)]
    path.write_text("Mã đơn vị,Tên đơn vị,Loại đơn vị,Khối\n" + "\n".join(lines), encoding="utf-8")
    (finding,) = refusal(path)
    assert finding.code == "roster-too-large" and "50.001 đơn vị" in finding.message


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_fifo_or_folder_is_refused_without_waiting(tmp_path, kind):
    for name in ("ds.csv", "ds.xlsx"):
        path = tmp_path / name
        os.mkfifo(path) if kind == "fifo" else path.mkdir()
        (finding,) = refusal(path)
        assert finding.code == "file-unreadable"


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=12))
def test_a_code_is_matched_as_it_is_shown(code):
    assert unit_key(clean_code(code)) == unit_key(code)
    assert unit_key(f" \u200b{code}\ufeff ") == unit_key(code)
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in code)  # full-width forms
    assert unit_key(wide) == unit_key(code)


def test_the_format_characters_are_unicodes():
    import unicodedata as ud

    from scoring.core.unitcode import FORMAT_CHARACTERS

    found = {cp for cp in range(sys.maxunicode + 1) if FORMAT_CHARACTERS.fullmatch(chr(cp))}
    assert {cp for cp in range(sys.maxunicode + 1) if ud.category(chr(cp)) == "Cf"} <= found
    assert all(ud.category(chr(cp)) in ("Cf", "Cn") for cp in found)  # (Cn: assigned in a later Unicode)


def _dvk(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DVK_DATABASE_URL"}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "scoring", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=120)


def test_the_commands_refuse_bad_rosters_and_fifos_with_exit_1(tmp_path):
    ruleset = str(RULESET)
    done = _dvk("round", "new", ruleset, "--year", "2025", "--roster", str(CASES / "far-cell.xlsx"),
                "-w", "ws", cwd=tmp_path)
    assert done.returncode == 1 and "[workbook-too-large]" in done.stdout + done.stderr
    assert "far-cell.xlsx" in done.stdout + done.stderr
    fifo = tmp_path / "ds.csv"
    os.mkfifo(fifo)
    done = _dvk("round", "new", ruleset, "--year", "2025", "--roster", str(BASE), "-w", "ws", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    for args in (("round", "roster", str(fifo)), ("round", "collect", str(fifo))):
        done = _dvk(*args, "-w", "ws", cwd=tmp_path)
        out = done.stdout + done.stderr
        assert done.returncode in (1, 3) and "[file-unreadable]" in out and "FIFO" in out, out


@pytest.mark.parametrize("said, shown", [
    ("unable to open database file", "không mở được tệp cơ sở dữ liệu"),
    ("file is not a database", "không phải cơ sở dữ liệu SQLite"),
    ('connection to server at "db" (10.0.0.1), port 5432 failed: Connection refused', "không nhận kết nối"),
    ("something nobody foresaw", "lỗi của cơ sở dữ liệu"),
])
def test_a_database_failure_is_said_in_vietnamese(monkeypatch, said, shown):
    from scoring.workspace.store import unreachable

    monkeypatch.delenv("DVK_DEBUG", raising=False)
    (finding,) = unreachable(RuntimeError(said)).findings
    assert finding.code == "workspace-unreachable" and shown in finding.message and said not in finding.message


@pytest.mark.parametrize("name, text, shown", [
    ("ho-so.toml", 'co_quan = "A"\nngay 2025\n', "TOML: dòng 2, cột 6"),
    ("ho-so.toml", 'co_quan = "Sở Nội vụ\n', "TOML: dòng 1"),
    ("ho-so.json", '{"co_quan": }', "JSON: dòng 1, cột 13: thiếu giá trị"),
])
def test_a_broken_profile_is_located_in_vietnamese(tmp_path, monkeypatch, name, text, shown):
    from scoring.reports.profile import load_profile

    monkeypatch.delenv("DVK_DEBUG", raising=False)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DvkError) as caught:
        load_profile(path)
    (finding,) = caught.value.findings
    assert finding.code == "profile-syntax" and shown in finding.message
    assert "Expected" not in finding.message and "Illegal" not in finding.message and "Unterminated" not in finding.message


def test_a_profile_that_is_a_fifo_is_refused_without_waiting(tmp_path):
    from scoring.reports.profile import load_profile

    os.mkfifo(tmp_path / "ho-so.toml")
    with pytest.raises(DvkError) as caught:
        load_profile(tmp_path / "ho-so.toml")
    assert [f.code for f in caught.value.findings] == ["file-unreadable"]


def test_blank_lines_at_the_end_of_a_csv_cost_nothing(tmp_path, monkeypatch):
    """Excel saves a sheet formatted down to row 1,048,576 as a CSV of a million ',,,' lines."""
    from scoring.workspace import rosterfile

    path = tmp_path / "ds.csv"
    path.write_text(BASE.read_text(encoding="utf-8") + ",,,\n" * 200_000, encoding="utf-8")
    assert units(path) == units(BASE)
    monkeypatch.setattr(rosterfile, "EXCEL_ROWS", 1000)  # (more lines than Excel has rows: not a roster)
    path.write_text(BASE.read_text(encoding="utf-8") + ",,,\n" * 1000, encoding="utf-8")
    (finding,) = refusal(path)
    assert finding.code == "roster-too-large" and "hơn 1.000 dòng" in finding.message
