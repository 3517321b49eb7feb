"""The council's appraisal sheet and the units' explanations sheet coming back damaged, doubled,
of the wrong kind or from elsewhere: each case one small edit of a sheet dvk made, ending in the
change recorded or a located Vietnamese refusal with nothing recorded (never a silent drop).

The edits are those of ``cases/round/README`` (title or key row deleted, a unit's row doubled,
one far row or cell, only the meta parts, two answers to one change…), applied to sheets made
in the test, as the README says to do when the ruleset has changed since the case files.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from scoring.core.findings import DvkError
from test_round_appraisal import appraising, fill
from wsfixtures import backend, pg_url, ws  # noqa: F401 - fixtures

BLOCK = 0  # the first block sheet (sở, ban, ngành): BAN-MINHHOA, SO-GIALAP, SO-VIDU


def _edit(path: Path, change) -> Path:
    book = load_workbook(path)
    change(book)
    book.save(path)
    return path


def _row_of(sheet, unit: str) -> int:
    return next(r[0].row for r in sheet.iter_rows() if r[0].value == unit)


def _key_col(sheet, key: str) -> int:
    keys = next([c.value for c in row] for row in sheet.iter_rows(max_row=10) if row[0].value == "code")
    return keys.index(key) + 1


def _delete_row(n: int):
    return lambda book: book.worksheets[BLOCK].delete_rows(n)


def _double(unit: str, value: str):
    """The unit's row copied below the table, its 1.1 appraisal set to ``value``."""
    def change(book):
        sheet = book.worksheets[BLOCK]
        source = _row_of(sheet, unit)
        target = sheet.max_row + 1
        for cell in sheet[source]:
            sheet.cell(row=target, column=cell.column, value=cell.value)
        sheet.cell(row=target, column=_key_col(sheet, "1.1|done|appraisal"), value=value)
    return change


def _set(cell: str, value, sheet: int | str = BLOCK):
    def change(book):
        (book[sheet] if isinstance(sheet, str) else book.worksheets[sheet])[cell] = value
    return change


def _drop_meta_row(key: str):
    def change(book):
        meta = book["_dvk"]
        meta.delete_rows(next(r[0].row for r in meta.iter_rows() if r[0].value == key))
    return change


def _only_meta(path: Path) -> Path:
    """The zip reduced to its document properties, theme, styles and one sheet (no workbook part)."""
    with zipfile.ZipFile(path) as src:
        parts = {n: src.read(n) for n in src.namelist()
                 if n.startswith(("docProps/", "xl/theme/", "_rels/")) or n in ("xl/styles.xml", "xl/worksheets/sheet3.xml")}
    path.unlink()
    with zipfile.ZipFile(path, "w") as out:
        for name, data in parts.items():
            out.writestr(name, data)
    return path


# (name, edit of the sheet with SO-VIDU 1.1 changed to "Không" with a reason, expected codes or None = taken)
APPRAISAL_CASES = [
    ("valid-edit", None, None),
    ("title-row-deleted", _delete_row(1), None),
    ("header-rows-deleted", lambda b: b.worksheets[BLOCK].delete_rows(1, 3), None),
    ("rows-inserted-above", lambda b: b.worksheets[BLOCK].insert_rows(1, 3), None),
    ("keyrow-deleted", _delete_row(4), ["appraisal-sheet-keys-missing"]),
    ("key-edited", _set("D4", "1.1|xong|appraisal"), ["appraisal-sheet-key-unknown"]),
    ("key-cleared-over-values", _set("D4", None), ["appraisal-sheet-key-unknown"]),
    ("key-doubled", _set("G4", "1.1|done|appraisal"), ["appraisal-sheet-key-duplicate"]),
    ("dup-unit-row", _double("SO-VIDU", "Có"), ["appraisal-sheet-duplicate-unit"]),
    ("unit-code-cleared", lambda b: _set(f"A{_row_of(b.worksheets[BLOCK], 'SO-VIDU')}", None)(b),
     ["appraisal-sheet-row-without-unit"]),
    ("far-row", _set("A1048576", "x"), ["workbook-too-large"]),
    ("far-cell", _set("XFD1048576", 1), ["workbook-too-large"]),
    ("no-identity", _drop_meta_row("round_uid"), ["council-sheet-no-identity"]),
    ("meta-sheet-gone", lambda b: b.remove(b["_dvk"]), ["appraisal-sheet-unknown"]),
    ("explanations-kind", _set("B6", "explanations", "_dvk"), ["council-sheet-wrong-kind"]),
]


@pytest.mark.parametrize("name,edit,codes", APPRAISAL_CASES, ids=[c[0] for c in APPRAISAL_CASES])
def test_appraisal_sheet_edits(ws, tmp_path, name, edit, codes):
    from scoring.workspace.appraisal_import import import_appraisal
    from scoring.workspace.appraisal_sheet import write_appraisal_sheet
    from scoring.workspace.models import AppraisalChange

    round_ = appraising(ws, tmp_path)
    path = write_appraisal_sheet(ws, None, tmp_path / f"{name}.xlsx")
    fill(path, "SO-VIDU", "1.1|done", "Không", "Kế hoạch ban hành sau hạn")
    if edit:
        _edit(path, edit)
    if codes is None:
        changes = import_appraisal(ws, None, path)
        assert [(c.unit, c.input_id, c.after, c.reason) for c in changes] == [
            ("SO-VIDU", "1.1", False, "Kế hoạch ban hành sau hạn")]
        return
    with pytest.raises(DvkError) as caught:
        import_appraisal(ws, None, path)
    assert [f.code for f in caught.value.findings] == codes
    finding = caught.value.findings[0]
    assert finding.location.file == str(path) and finding.message.isascii() is False
    assert not AppraisalChange.objects.filter(round=round_).exists()


def test_a_doubled_unit_names_both_rows(ws, tmp_path):
    from scoring.workspace.appraisal_import import import_appraisal
    from scoring.workspace.appraisal_sheet import write_appraisal_sheet

    appraising(ws, tmp_path)
    path = write_appraisal_sheet(ws, None, tmp_path / "td.xlsx")
    fill(path, "SO-VIDU", "1.1|done", "Không", "Kế hoạch ban hành sau hạn")
    sheet = load_workbook(path).worksheets[BLOCK]
    first, last = _row_of(sheet, "SO-VIDU"), sheet.max_row + 1
    _edit(path, _double("SO-VIDU", "Có"))
    with pytest.raises(DvkError) as caught:
        import_appraisal(ws, None, path)
    (finding,) = caught.value.findings
    assert f"{sheet.title}!A{first}" in finding.message and f"{sheet.title}!A{last}" in finding.message
    assert finding.location.cell == f"A{last}"


def test_a_sheet_of_the_same_round_code_elsewhere_is_refused(ws, tmp_path):
    """Another workspace's round 2025-nam: same code, same ruleset, another identity."""
    import uuid

    from scoring.workspace.appraisal_import import import_appraisal
    from scoring.workspace.appraisal_sheet import write_appraisal_sheet
    from scoring.workspace.models import AppraisalChange, Round

    round_ = appraising(ws, tmp_path)
    path = write_appraisal_sheet(ws, None, tmp_path / "noi-khac.xlsx")
    fill(path, "SO-VIDU", "1.1|done", "Không", "Kế hoạch ban hành sau hạn")
    Round.objects.filter(pk=round_.pk).update(uid=uuid.uuid4())
    with pytest.raises(DvkError) as caught:
        import_appraisal(ws, None, path)
    assert [f.code for f in caught.value.findings] == ["council-sheet-other-workspace"]
    assert "2025-nam" in caught.value.findings[0].message
    assert not AppraisalChange.objects.exists()


def test_only_meta_parts_is_a_vietnamese_refusal(ws, tmp_path):
    from scoring.workspace.appraisal_import import import_appraisal
    from scoring.workspace.appraisal_sheet import write_appraisal_sheet

    appraising(ws, tmp_path)
    path = _only_meta(write_appraisal_sheet(ws, None, tmp_path / "only-meta.xlsx"))
    with pytest.raises(DvkError) as caught:
        import_appraisal(ws, None, path)
    assert [f.code for f in caught.value.findings] == ["workbook-not-excel-zip"]
    assert "Content_Types" not in str(caught.value)


def explaining(ws, tmp_path) -> Path:
    """A round in explanations with SO-VIDU's 1.1 changed; its explanations sheet."""
    from scoring.workspace.appraisal_import import import_appraisal
    from scoring.workspace.appraisal_sheet import write_appraisal_sheet
    from scoring.workspace.explanations import write_explanations_sheet
    from scoring.workspace.rounds import move_round

    appraising(ws, tmp_path)
    sheet = write_appraisal_sheet(ws, None, tmp_path / "td.xlsx")
    fill(sheet, "SO-VIDU", "1.1|done", "Không", "Kế hoạch ban hành sau hạn")
    fill(sheet, "SO-GIALAP", "1.2|done", "Không", "Chưa quán triệt")
    import_appraisal(ws, None, sheet)
    move_round(None, "explanations")
    return write_explanations_sheet(ws, None, tmp_path / "giai-trinh.xlsx")


def _answer(unit: str, text: str, copy: bool = False):
    """Type ``text`` as ``unit``'s answer (in a copy of its row below the table with ``copy``)."""
    def change(book):
        sheet = book["Giải trình"]
        row = _row_of(sheet, unit)
        if copy:
            target = sheet.max_row + 1
            for cell in sheet[row]:
                sheet.cell(row=target, column=cell.column, value=cell.value)
            row = target
        sheet.cell(row=row, column=7, value=text)
    return change


def _both(*edits):
    return lambda book: [e(book) for e in edits]


EXPLANATION_CASES = [
    ("answered", _answer("SO-VIDU", "Đã ban hành đúng hạn"), None),
    ("title-row-deleted", _both(_answer("SO-VIDU", "Đã ban hành đúng hạn"),
                                lambda b: b["Giải trình"].delete_rows(1)), None),
    ("dup-row", _both(_answer("SO-VIDU", "Đã ban hành đúng hạn"), _answer("SO-VIDU", "Không đồng ý", copy=True)),
     ["explanation-duplicate-row"]),
    ("header-deleted", _both(_answer("SO-VIDU", "Đã ban hành đúng hạn"), lambda b: b["Giải trình"].delete_rows(3)),
     ["explanations-sheet-header-missing"]),
    ("unit-cleared", _both(_answer("SO-VIDU", "Đã ban hành đúng hạn"),
                           lambda b: _set(f"A{_row_of(b['Giải trình'], 'SO-VIDU')}", None, "Giải trình")(b)),
     ["explanation-unknown-row"]),
    ("appraisal-kind", _set("B6", "appraisal", "_dvk"), ["council-sheet-wrong-kind"]),
    ("far-cell", _set("XFD1048576", 1, "Giải trình"), ["workbook-too-large"]),
]


@pytest.mark.parametrize("name,edit,codes", EXPLANATION_CASES, ids=[c[0] for c in EXPLANATION_CASES])
def test_explanations_sheet_edits(ws, tmp_path, name, edit, codes):
    from scoring.workspace.explanations import import_explanations
    from scoring.workspace.models import Explanation

    path = _edit(explaining(ws, tmp_path), edit)
    if codes is None:
        assert import_explanations(ws, None, [path]) == [("SO-VIDU", "1.1", "Đã ban hành đúng hạn")]
        return
    with pytest.raises(DvkError) as caught:
        import_explanations(ws, None, [path])
    assert [f.code for f in caught.value.findings] == codes
    assert caught.value.findings[0].location.file == str(path)
    assert not Explanation.objects.exists()


def test_two_files_answering_one_change_differently_are_refused(ws, tmp_path):
    from scoring.workspace.explanations import import_explanations
    from scoring.workspace.models import Explanation

    path = explaining(ws, tmp_path)
    other = shutil.copy(path, tmp_path / "lan-2.xlsx")
    _edit(path, _answer("SO-VIDU", "Đã ban hành đúng hạn"))
    _edit(Path(other), _answer("SO-VIDU", "Không đồng ý"))
    with pytest.raises(DvkError) as caught:
        import_explanations(ws, None, [path, Path(other)])
    assert [f.code for f in caught.value.findings] == ["explanation-duplicate-row"]
    assert not Explanation.objects.exists()


def test_an_appraisal_sheet_given_as_explanations_is_named_as_such(ws, tmp_path):
    from scoring.workspace.explanations import import_explanations

    explaining(ws, tmp_path)
    with pytest.raises(DvkError) as caught:
        import_explanations(ws, None, [tmp_path / "td.xlsx"])
    (finding,) = caught.value.findings
    assert finding.code == "council-sheet-wrong-kind"
    assert "Đây là bảng thẩm định, không phải bảng giải trình" in finding.message


def test_the_commands_refuse_at_the_place_and_take_the_good_sheet(tmp_path):
    """Through the CLI: exit 1 and a located Vietnamese message for each damaged sheet (the
    council's change never silently dropped), exit 0 for the good one; a FIFO never hangs."""
    import os

    from test_round_cli import ROSTER, dvk
    from wsfixtures import RULESET, SAMPLES

    ws, inbox = tmp_path / "vong", tmp_path / "hop-thu"
    inbox.mkdir()
    for name in ("ban-minhhoa.xlsx", "so-gialap.xlsx", "so-vidu.xlsx"):
        shutil.copy(SAMPLES / name, inbox / name)
    (tmp_path / "ds.csv").write_text(ROSTER, encoding="utf-8")
    dvk("round", "new", str(RULESET), "--year", "2025", "--roster", str(tmp_path / "ds.csv"), "-w", str(ws), cwd=tmp_path)
    dvk("round", "collect", str(inbox), "-w", str(ws), cwd=tmp_path, check=None)
    for state in ("closed", "appraisal"):
        dvk("round", "state", state, "-w", str(ws), cwd=tmp_path)
    base = tmp_path / "td.xlsx"
    dvk("round", "appraisal-sheet", "-w", str(ws), "-o", str(base), cwd=tmp_path)
    fill(base, "SO-VIDU", "1.1|done", "Không", "Kế hoạch ban hành sau hạn")
    sheet = load_workbook(base).worksheets[BLOCK].title
    fifo = tmp_path / "ong.xlsx"
    os.mkfifo(fifo)
    for name, edit, where in (("keyrow", _delete_row(4), f"trang tính '{sheet}'"),
                              ("dup", _double("SO-VIDU", "Có"), f"{sheet}!A"),
                              ("far", _set("A1048576", "x"), "1.048.576 hàng")):
        path = _edit(Path(shutil.copy(base, tmp_path / f"{name}.xlsx")), edit)
        done = dvk("round", "import-appraisal", str(path), "-w", str(ws), cwd=tmp_path, check=1)
        assert where in done.stdout + done.stderr and "Traceback" not in done.stderr
    done = dvk("round", "import-appraisal", str(fifo), "-w", str(ws), cwd=tmp_path, check=1)
    assert "FIFO" in done.stdout + done.stderr
    title = _edit(Path(shutil.copy(base, tmp_path / "title.xlsx")), _delete_row(1))
    done = dvk("round", "import-appraisal", str(title), "-w", str(ws), cwd=tmp_path)
    assert "Đã ghi 1 thay đổi thẩm định" in done.stdout and "SO-VIDU / 1.1: (trống) -> Không" in done.stdout
    dvk("round", "state", "explanations", "-w", str(ws), cwd=tmp_path)
    done = dvk("round", "explanations", str(fifo), "-w", str(ws), cwd=tmp_path, check=None)
    assert done.returncode in (1, 3) and "FIFO" in done.stdout + done.stderr, done.stdout + done.stderr
    done = dvk("round", "explanations", str(title), "-w", str(ws), cwd=tmp_path, check=1)
    assert "Đây là bảng thẩm định, không phải bảng giải trình" in done.stdout + done.stderr


@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_printed_form_gives_each_unit_its_pages_with_whole_headings(ws, tmp_path):
    """Rendered by LibreOffice: A4, text at 10 pt or more, nothing overlapping; each unit starts a
    page with its code and name; every criterion heading printed whole; and the workbook with its
    print sheets still imports (they are skipped, the block sheets read)."""
    from pdfcheck import full_text, inspect, problems, render
    from sysdeps import require

    from scoring.workspace.appraisal_import import import_appraisal
    from scoring.workspace.appraisal_sheet import write_appraisal_sheet

    appraising(ws, tmp_path)
    path = write_appraisal_sheet(ws, None, tmp_path / "td.xlsx")
    book = load_workbook(path)
    printed = [name for name in book.sheetnames if name.startswith("In - ")]
    assert len(printed) == 2 and book[printed[0]].protection.sheet
    units, labels = {}, {}
    for name in printed:
        only = load_workbook(path)
        for other in only.sheetnames:
            if other != name:
                only.remove(only[other])
        only.save(tmp_path / f"{printed.index(name)}.xlsx")
        units[f"{printed.index(name)}.xlsx"] = [r[0].value[len("Đơn vị: "):].split(" - ")[0]
                                               for r in book[name].iter_rows() if str(r[0].value).startswith("Đơn vị: ")]
        labels[f"{printed.index(name)}.xlsx"] = {line.strip() for r in book[name].iter_rows(min_row=4)
                                                 if r[0].value and not r[0].value.startswith("Đơn vị: ")
                                                 for line in r[0].value.split("\n")}
    pdfs = render(require("soffice"), [tmp_path / name for name in units], tmp_path / "pdf")
    for name, codes in units.items():
        pages = inspect(pdfs[name])
        assert problems(pages) == []
        starts = [p.text.split("Đơn vị: ")[1].split()[0] for p in pages if "Đơn vị: " in p.text]
        assert starts == codes and len(pages) <= 4 * len(codes)
        text = full_text(pages)
        assert len(labels[name]) > 20 and [label for label in labels[name] if label not in text] == []
    fill(path, "SO-VIDU", "1.1|done", "Không", "Kế hoạch ban hành sau hạn")
    assert [c.unit for c in import_appraisal(ws, None, path)] == ["SO-VIDU"]
