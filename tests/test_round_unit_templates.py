"""Per-unit workbooks (issue 24, item 4): each roster unit's own template, name, code, type and
year filled and locked; scored exactly as the plain template filled the same way; a locked cell
changed anyway refused with a located finding; ASCII file names; a folder whole or absent."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from test_round_collect import make_round
from wsfixtures import RULESET, ws  # noqa: F401 - fixtures

from scoring.core.filenames import MAX_STEM, file_stem
from scoring.rules.load import load_ruleset
from scoring.workbook.layout import DETAILS, SHEET_DETAILS, SHEET_GUIDE, SHEET_META

#: Names and codes as offices type them: accents, đ, spaces, punctuation, a Windows device name.
ROSTER = """Mã đơn vị,Tên đơn vị,Loại đơn vị,Khối
XA-ĐÔNG-BÌNH,UBND xã Đông Bình (mới),ubnd_xa,
CON,Ủy ban nhân dân xã Con Cuông / Nghệ An,ubnd_xa,
SO-TP,Sở Tư pháp,so_ban_nganh,
BQL-1,"Ban Quản lý Dự án: ""Đầu tư"" *2025*",dvsncl,
"""


#: The details a unit's own template fills: left as written when a test fills in the answers.
KEPT = ("unit_name", "unit_code", "year")


@pytest.fixture
def backend():
    return "sqlite"  # files only: SQLite is enough (the brief)


def _cli(ws, *argv: str) -> int:
    from scoring.cli.app import main

    return main([*argv, "-w", str(ws.root)])


def _detail_cells(path: Path) -> dict[str, object]:
    sheet = load_workbook(path)[SHEET_DETAILS]
    return {row[2].value[4:]: row[1] for row in sheet.iter_rows(min_row=3) if str(row[2].value or "").startswith("dvk:")}


def test_each_roster_unit_gets_its_own_locked_workbook_under_an_ascii_name(ws, tmp_path):
    round_ = make_round(ws, tmp_path, roster=ROSTER)
    out = tmp_path / "bieu-mau"
    assert _cli(ws, "round", "templates", "-o", str(out)) == 0
    names = sorted(p.name for p in out.glob("*.xlsx"))
    assert names == ["bieu-mau-BQL-1-ban-quan-ly-du-an-dau-tu-2025.xlsx", "bieu-mau-CON-uy-ban-nhan-dan-xa-con-cuong-nghe-an.xlsx",
                     "bieu-mau-SO-TP-so-tu-phap.xlsx", "bieu-mau-XA-DONG-BINH-ubnd-xa-dong-binh-moi.xlsx"]
    entries = {e.unit.code: e for e in round_.roster.select_related("unit")}
    for name in names:
        book = load_workbook(out / name)
        meta = {r[0].value: r[1].value for r in book[SHEET_META].iter_rows()}
        code = meta["prefilled_unit_code"]
        entry = entries[code]
        cells = _detail_cells(out / name)
        assert (cells["unit_code"].value, cells["unit_name"].value, cells["year"].value) == (code, entry.name, 2025)
        assert meta["unit_type"] == entry.unit_type and meta["prefilled_year"] == 2025
        assert all(cells[k].protection.locked for k in ("unit_name", "unit_code", "unit_type", "year"))
        assert not any(cells[k].protection.locked for k in ("prepared_by", "prepared_on"))
        assert book[SHEET_DETAILS].protection.sheet
        assert "đã được điền sẵn" in book[SHEET_GUIDE]["A4"].value
        assert "đã được điền sẵn" in book[SHEET_DETAILS]["B9"].value  # not "type your code"


def test_the_plain_template_is_unchanged_by_the_prefill(tmp_path):
    from scoring.workbook.template import write_template

    plain = write_template(load_ruleset(RULESET), "ubnd_xa", tmp_path / "xa.xlsx")
    meta = {r[0].value for r in load_workbook(plain)[SHEET_META].iter_rows()}
    assert not any(k.startswith("prefilled_") for k in meta)
    cells = _detail_cells(plain)
    assert not any(cells[k].protection.locked for k in ("unit_name", "unit_code", "year"))
    assert load_workbook(plain)[SHEET_DETAILS]["B9"].value.startswith("Mã đơn vị: ghi đúng mã")


@pytest.mark.parametrize("seed", range(4))
def test_a_prefilled_workbook_scores_exactly_as_the_plain_template_filled_the_same_way(ws, tmp_path, seed):
    """Filled with the same random answers, both files read to the same submission and the
    same result, and the round's collect stores the same total."""
    from scoring.engine.score import score
    from scoring.workbook.fill import fill_workbook
    from scoring.workbook.read import read_workbook
    from scoring.workbook.synth import random_submission
    from scoring.workbook.template import write_template
    from scoring.workspace.collect import collect
    from scoring.workspace.unit_templates import entry_file_name, write_unit_templates

    round_ = make_round(ws, tmp_path, roster=ROSTER)
    ruleset = load_ruleset(RULESET)
    write_unit_templates(ws, None, tmp_path / "bm")
    rng = random.Random(seed)
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    expected = {}
    for entry in round_.roster.select_related("unit"):
        sub = random_submission(ruleset, entry.unit_type, rng, code=entry.unit.code, name=entry.name, year=2025)
        plain = write_template(ruleset, entry.unit_type, tmp_path / f"plain-{entry.unit_type}.xlsx")
        a = read_workbook(fill_workbook(tmp_path / "bm" / entry_file_name(entry), ruleset, sub,
                                        inbox / entry_file_name(entry), details_raw=dict.fromkeys(KEPT)), ruleset)
        b = read_workbook(fill_workbook(plain, ruleset, sub, tmp_path / "plain-filled.xlsx"), ruleset)
        assert a.findings == b.findings == ()
        assert a.submission == b.submission
        assert score(ruleset, a.submission) == score(ruleset, b.submission)
        expected[entry.unit.code] = score(ruleset, b.submission).final.total
    report = collect(ws, None, [inbox])
    assert not report.rejected and len(report.accepted) == len(expected)
    got = {e.unit.code: e.current.total for e in round_.roster.select_related("unit", "current")}
    assert got == expected


@pytest.mark.parametrize(("key", "typed"), [("unit_code", "SO-TP"), ("unit_name", "Xã khác"), ("year", 2024),
                                            ("unit_code", None)])
def test_a_locked_cell_changed_anyway_is_refused_with_its_cell(ws, tmp_path, key, typed):
    from scoring.workbook.fill import fill_workbook
    from scoring.workbook.synth import random_submission
    from scoring.workspace.collect import collect
    from scoring.workspace.unit_templates import entry_file_name, write_unit_templates

    round_ = make_round(ws, tmp_path, roster=ROSTER)
    ruleset = load_ruleset(RULESET)
    write_unit_templates(ws, None, tmp_path / "bm")
    entry = round_.roster.select_related("unit").get(unit__code="XA-ĐÔNG-BÌNH")
    sub = random_submission(ruleset, "ubnd_xa", random.Random(1), code=entry.unit.code, name=entry.name, year=2025)
    sent = tmp_path / "gui" / "xa.xlsx"
    sent.parent.mkdir()
    fill_workbook(tmp_path / "bm" / entry_file_name(entry), ruleset, sub, sent,
                  details_raw={key: typed if typed is not None else ""})
    report = collect(ws, None, [sent])
    assert not report.accepted
    [(path, reasons)] = report.rejected
    changed = [f for f in reasons if getattr(f, "code", None) == "workbook-prefilled-changed"]
    assert len(changed) == 1, reasons
    cell = _detail_cells(sent)[key].coordinate
    assert (changed[0].location.sheet, changed[0].location.cell) == (SHEET_DETAILS, cell)
    assert DETAILS[key] in changed[0].message and "đã được điền sẵn" in changed[0].message


def test_the_folder_is_whole_or_absent_and_a_user_file_is_never_replaced(ws, tmp_path, monkeypatch):
    from scoring.core.findings import DvkError
    from scoring.workbook import unit_copies
    from scoring.workspace.unit_templates import write_unit_templates

    make_round(ws, tmp_path, roster=ROSTER)
    out = tmp_path / "bm"
    first = write_unit_templates(ws, None, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    calls = []

    def failing(source, path, **options):  # the third unit's copy: the disk is full
        calls.append(path)
        if len(calls) == 3:
            raise OSError(28, "No space left on device", str(path))
        return real(source, path, **options)

    real = unit_copies.rewrite_zip
    monkeypatch.setattr(unit_copies, "rewrite_zip", failing)
    with pytest.raises(DvkError) as refused:
        write_unit_templates(ws, None, out)
    assert refused.value.findings[0].code == "output-unwritable"
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # the earlier folder, whole
    monkeypatch.undo()
    mine = out / first[0].name
    mine.unlink()
    mine.write_bytes(b"ban cua toi")
    (out / ".dvk-danh-sach-tep-da-ghi.txt").unlink()  # (as if written before dvk kept its list)
    with pytest.raises(DvkError) as taken:
        write_unit_templates(ws, None, out)
    assert taken.value.findings[0].code == "output-name-taken" and mine.read_bytes() == b"ban cua toi"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120), st.text(max_size=60))
def test_file_stems_are_ascii_and_safe_on_windows(name, code):
    stem = file_stem(name, code)
    assert re.fullmatch(r"[A-Za-z0-9-]+", stem) and len(stem) <= MAX_STEM + 1
    assert stem.upper() not in {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                                *(f"LPT{i}" for i in range(1, 10))}


def test_per_unit_files_of_one_type_have_their_identity_checked_once(tmp_path, monkeypatch):
    from scoring.workbook import read
    from scoring.workbook.template import UnitPrefill, write_template

    ruleset = load_ruleset(RULESET)
    monkeypatch.setattr(read, "_IDENTITIES", {})
    checked = []
    real = read._Reader._check_identity
    monkeypatch.setattr(read._Reader, "_check_identity", lambda self, grid: checked.append(1) or real(self, grid))
    for i in range(3):
        path = write_template(ruleset, "ubnd_xa", tmp_path / f"{i}.xlsx", year=2025,
                              unit=UnitPrefill(f"XA-{i}", f"UBND xã Số {i}"))
        assert read.read_workbook(path, ruleset).submission.unit.code == f"XA-{i}"
    assert len(checked) == 1 and len(read._IDENTITIES) == 1


@pytest.mark.parametrize("name", ['=HYPERLINK("http://vi-du.invalid","Bấm vào đây")', "+1 xã", "@xã", "  UBND  xã  A  "])
def test_a_name_that_looks_like_a_formula_stays_text_and_reads_back(tmp_path, name):
    from scoring.workbook.read import read_workbook
    from scoring.workbook.template import UnitPrefill, write_template

    ruleset = load_ruleset(RULESET)
    path = write_template(ruleset, "ubnd_xa", tmp_path / "x.xlsx", year=2025, unit=UnitPrefill("=XA-1", name))
    cells = _detail_cells(path)
    assert cells["unit_name"].data_type == "s" and cells["unit_code"].data_type == "s"
    read = read_workbook(path, ruleset)
    assert not [f for f in read.findings if f.code == "workbook-prefilled-changed"]
    assert read.submission.unit.code == "=XA-1" and read.submission.unit.name == " ".join(name.split())


def test_two_codes_with_one_file_name_get_numbered_files(ws, tmp_path):
    from scoring.workspace.unit_templates import write_unit_templates

    roster = "Mã đơn vị,Tên đơn vị,Loại đơn vị,Khối\nXA.1,UBND xã Một,ubnd_xa,\nXA_1,UBND xã Một,ubnd_xa,\n"
    make_round(ws, tmp_path, roster=roster)
    written = write_unit_templates(ws, None, tmp_path / "bm")
    assert sorted(p.name for p in written) == ["bieu-mau-XA-1-ubnd-xa-mot-2.xlsx", "bieu-mau-XA-1-ubnd-xa-mot.xlsx"]
    codes = {str(_detail_cells(p)["unit_code"].value) for p in written}
    assert codes == {"XA.1", "XA_1"}


_WORDS = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạếềểễệốồổỗộứừửữựĐÂÊÔƠƯ0123456789 -.,()/&'\"=+@",
                 min_size=1, max_size=40).filter(lambda t: t.strip())


@settings(max_examples=12, deadline=None)
@given(name=_WORDS, code=_WORDS, year=st.integers(2000, 2100), seed=st.integers(0, 10_000))
def test_property_prefilled_and_plain_read_and_score_alike(tmp_path_factory, name, code, year, seed):
    from scoring.engine.score import score
    from scoring.workbook.fill import fill_workbook
    from scoring.workbook.read import read_workbook
    from scoring.workbook.synth import random_submission
    from scoring.workbook.template import UnitPrefill, write_template

    ruleset = load_ruleset(RULESET)
    folder = tmp_path_factory.mktemp("prop")
    sub = random_submission(ruleset, "so_ban_nganh", random.Random(seed), code=code, name=name, year=year)
    own = write_template(ruleset, "so_ban_nganh", folder / "own.xlsx", year=year, unit=UnitPrefill(code, name))
    plain = write_template(ruleset, "so_ban_nganh", folder / "plain.xlsx")
    # the unit types only its answers: name, code and year are the template's own
    a = read_workbook(fill_workbook(own, ruleset, sub, folder / "a.xlsx", details_raw=dict.fromkeys(KEPT)), ruleset)
    b = read_workbook(fill_workbook(plain, ruleset, sub, folder / "b.xlsx"), ruleset)
    assert [f for f in a.findings if f.code == "workbook-prefilled-changed"] == []
    assert a.findings == b.findings and a.submission == b.submission
    assert score(ruleset, a.submission) == score(ruleset, b.submission)


def _every_cell(path: Path) -> dict[tuple[str, str], tuple]:
    book = load_workbook(path)
    return {(sheet.title, cell.coordinate): (cell.value, cell.data_type, cell.protection.locked)
            for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None}


def test_a_copy_of_the_types_template_is_the_workbook_written_for_the_unit(tmp_path):
    """The fast path of ``dvk round templates`` (one build per type, a copy per unit) against the
    one template writer, cell by cell, names XML and formulas would trip on included."""
    from scoring.workbook.read import read_workbook
    from scoring.workbook.template import UnitPrefill, write_template
    from scoring.workbook.unit_copies import write_unit_copies

    ruleset = load_ruleset(RULESET)
    units = [UnitPrefill("XA-ĐÔNG-BÌNH", "UBND xã Đông Bình (mới)"), UnitPrefill("A&B", 'Xã <A> & "B" \'C\''),
             UnitPrefill("=XA-1", '=HYPERLINK("http://vi-du.invalid","Bấm")'), UnitPrefill("XA-2", "  UBND  xã  B  ")]
    copies = write_unit_copies(ruleset, "ubnd_xa", 2025, [(u, tmp_path / f"ban-sao-{i}.xlsx") for i, u in enumerate(units)])
    for i, (unit, copy) in enumerate(zip(units, copies)):
        direct = write_template(ruleset, "ubnd_xa", tmp_path / f"truc-tiep-{i}.xlsx", year=2025, unit=unit)
        assert _every_cell(copy) == _every_cell(direct), unit
        read = read_workbook(copy, ruleset)
        assert read.submission.unit.code == unit.code and not [f for f in read.findings if f.code == "workbook-prefilled-changed"]
