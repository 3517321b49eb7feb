"""The reader's fast paths give exactly what the plain paths give.

Shared layouts (one scan per template shape), the lazy cell map, the cached float → Decimal
conversion, the clean-text shortcut and the calamine path that checks XML prologs only when
parsing fails.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from scoring.core.findings import DvkError, Location
from scoring.rules.index import index_of
from scoring.rules.load import load_ruleset
from scoring.formats import safety
from scoring.formats.grid import Grid
from scoring.workbook.hygiene import clean_text, is_blank, to_decimal
from scoring.workbook.read import read_workbook
from scoring.workbook.scan import SheetCells, scan_details, scan_scores

HERE = Path(__file__).parent / "workbooks"
RULESET = load_ruleset(HERE / "quirks-ruleset.json")
INDEX = index_of(RULESET)
MARKERS = ["dvk:id", "dvk:name", "dvk:self", "dvk:appraisal", "dvk:field", "dvk:evidence", "dvk:note",
           "dvk:appraisal_note"]


def _grid(*ids) -> Grid:
    """A criteria sheet: a marker row, then one row per id (name and field left blank)."""
    return Grid("Tự chấm điểm", [["Tiêu đề"], MARKERS] + [[i, "", "", "", "", "", "", ""] for i in ids])


def _found(layout) -> list[tuple[str, str | None, str]]:
    return [(f.code, f.location.cell, f.message) for f in layout.findings]


def test_sheets_of_one_shape_share_one_layout():
    first, second = scan_scores(_grid("1.1", "1.2"), INDEX), scan_scores(_grid("1.1", "1.2"), INDEX)
    assert first is second
    assert first.rows == {("1.1", "done"): 2, ("1.2", "level"): 3}
    other = scan_scores(_grid("1.2", "1.1"), INDEX)
    assert other is not first and other.rows == {("1.2", "level"): 2, ("1.1", "done"): 3}


def test_calamine_blanks_and_openpyxl_blanks_give_the_same_layout():
    assert scan_scores(_grid("1.1", ""), INDEX).rows == scan_scores(_grid("1.1", None), INDEX).rows


@pytest.mark.parametrize("value, twin, expected", [
    (True, 1.0, ("workbook-unknown-id", "Mã 'True' không có")),
    (1.0, True, ("workbook-id-number", "dạng số (1); đã hiểu là '1'")),
    (-0.0, 0.0, ("workbook-unknown-id", "Mã '-0' không có")),
    (0.0, -0.0, ("workbook-unknown-id", "Mã '0' không có")),
])
def test_ids_that_python_finds_equal_are_not_confused(value, twin, expected):
    # True == 1.0 and -0.0 == 0.0 in Python: a layout cache keyed on them would mix them up.
    scan_scores(_grid(twin), INDEX)
    [(code, cell, message)] = _found(scan_scores(_grid(value), INDEX))
    assert (code, cell) == (expected[0], "A3") and expected[1] in message


def test_id_typed_as_number_still_found_with_a_warning():
    layout = scan_scores(_grid(1.2), INDEX)
    assert layout.rows == {("1.2", "level"): 2}
    assert _found(layout) == [("workbook-id-number", "A3", "Mã tiêu chí được nhập dạng số (1.2); đã hiểu là '1.2'.")]


def test_cell_map_builds_locations_on_demand_and_equals_a_dict():
    cells = SheetCells("Tự chấm điểm", {("1.1", "self", "done"): (5, 4, "self", "done"),
                                        ("1.1", None, None): (5, 0, None, None)})
    expected = {
        ("1.1", "self", "done"): Location(sheet="Tự chấm điểm", cell="E6", criterion_id="1.1", stage="self",
                                          field="done"),
        ("1.1", None, None): Location(sheet="Tự chấm điểm", cell="A6", criterion_id="1.1")}
    assert cells == expected and dict(cells) == expected
    assert cells.get(("1.1", "appraisal", None)) is None


@pytest.mark.parametrize("number, text", [(8.5, "8.5"), (7.0, "7"), (0.1 + 0.2, "0.30000000000000004"),
                                          (-0.0, "-0"), (0.0, "0"), (1e20, "100000000000000000000")])
def test_cell_numbers_convert_the_same_every_time(number, text):
    assert [f"{to_decimal(number):f}" for _ in range(3)] == [text] * 3


_ODD = re.compile("[\u00a0\u2007\u202f\u2000-\u200a\u3000\t\r\n]")
_ZW = re.compile("[\u200b\u200c\u200d\ufeff]")


def _plain_clean_text(raw: str) -> tuple[str, list]:
    """clean_text without its shortcut (the definition the shortcut must agree with)."""
    notes = []
    text = unicodedata.normalize("NFC", raw)
    if text != raw:
        notes.append(("workbook-unicode-nfd", {"value": text.strip()}))
    cleaned = re.sub(" {2,}", " ", _ZW.sub("", _ODD.sub(" ", text))).strip()
    if cleaned != text:
        notes.append(("workbook-stray-spaces", {"raw": raw, "value": cleaned}))
    return cleaned, notes


_TRICKY = st.sampled_from(list("aZ1 .,-óĐ") + ["o\u0301", "\u0301", "\u00a0", "\u2003", "\u3000", "\t", "\n",
                                               "\u200b", "\ufeff", "\x0b", "\x85", "\u2028", "\x7f", "  "])


@pytest.mark.property
@given(st.lists(_TRICKY, max_size=8).map("".join) | st.text(max_size=8))
def test_clean_text_shortcut_agrees_with_the_definition(raw):
    assert clean_text(raw) == _plain_clean_text(raw)
    assert is_blank(raw) == (not _ZW.sub("", _ODD.sub(" ", raw)).strip())


def test_calamine_skips_the_prolog_check_of_usable_files(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("prologs checked")

    monkeypatch.setattr(safety, "_check_prologs", refuse)
    assert read_workbook(HERE / "clean.xlsx", RULESET, engine="calamine").submission.answers
    with pytest.raises(AssertionError, match="prologs checked"):
        read_workbook(HERE / "clean.xlsx", RULESET, engine="openpyxl")


@pytest.mark.parametrize("stem", ["decimal-comma", "yes-no-x", "number-as-text", "stray-spaces", "yes-no-k"])
def test_remembered_cell_values_still_warn_in_every_file(stem):
    """Cleaned cell values are memoised per field; each file still gets its own located notes."""
    first = read_workbook(HERE / f"{stem}.xlsx", RULESET)
    again = read_workbook(HERE / f"{stem}.xlsx", RULESET)
    assert first.findings  # each of these quirks leaves a note or an error
    assert again.findings == first.findings
    assert again.submission == first.submission


def test_row_fetch_handles_ragged_grids_like_rectangular_ones():
    from scoring.workbook.answers import _fetch

    square = [["a", 1, "", 3.0, None], ["b", 2, "x", 4.0, True]]
    ragged = [["a", 1], ["b", 2, "x", 4.0, True, "thừa"]]
    assert _fetch(square, (1, 0), (1, 2, 4)) == [(2, "x", True), (1, "", None)]
    assert _fetch(ragged, (1, 0, 5), (1, 2, 4)) == [(2, "x", True), (1, None, None), (None, None, None)]


@pytest.mark.parametrize("typed, kept", [(None, None), ("", None), (0.0, "0"), (False, "False"),
                                         (" Kế hoạch 12 ", "Kế hoạch 12")])
def test_a_zero_or_false_typed_as_evidence_is_kept_as_text(typed, kept):
    from scoring.workbook.answers import read_answers

    grid = Grid("Tự chấm điểm", [["Tiêu đề"], MARKERS, ["1.1", "", "", "", "", typed, typed, typed]])
    answers, _ = read_answers(grid.rows, scan_scores(grid, INDEX), INDEX, "xa", [])
    assert (answers["1.1"]["evidence"], answers["1.1"]["note"], answers["1.1"]["appraisal_note"]) == (kept,) * 3


def test_identity_sheet_is_checked_once_per_content_but_refusals_repeat(tmp_path):
    """A remembered identity sheet gives the same unit type; a refused one is refused every time."""
    from scoring.core.findings import DvkError

    clean = read_workbook(HERE / "clean.xlsx", RULESET)
    assert read_workbook(HERE / "clean.xlsx", RULESET).submission.unit == clean.submission.unit
    for _ in range(2):
        with pytest.raises(DvkError) as caught:
            read_workbook(HERE / "other-fingerprint.xlsx", RULESET)
        assert [f.code for f in caught.value.findings] == ["workbook-fingerprint"]


def test_a_full_field_memo_changes_nothing(monkeypatch):
    """Past its bound a field's memo stops growing; values are still cleaned, notes still given."""
    from scoring.workbook import answers, scan

    remembered = read_workbook(HERE / "decimal-comma.xlsx", RULESET)
    monkeypatch.setattr(answers, "FIELD_MEMO_SIZE", 0)
    monkeypatch.setattr(scan, "_LAYOUTS", {})  # a fresh layout: its plan's memos start empty
    fresh = read_workbook(HERE / "decimal-comma.xlsx", RULESET)
    assert (fresh.submission, fresh.findings) == (remembered.submission, remembered.findings)


# --- the last shape of a kind, tried first ----------------------------------------------------------

_VARIANTS = {
    "a": _grid("1.1", "1.2"),
    "b": _grid("1.2", "1.1"),
    "c": Grid("Tự chấm điểm", [["Tiêu đề"], MARKERS[::-1]] + [["", "", "", "", "", "", "", i] for i in ("1.1", "1.2")]),
    "d": Grid("Tự chấm điểm", [["dvk:id"], MARKERS] + [[i, "", "", "", "", "", "", ""] for i in ("1.1", "1.2")]),
    "e": _grid("1.1", "1.2", "1.2"),
    "f": _grid("1.1"),
}


def _fresh(grid):
    from scoring.workbook import scan

    saved = dict(scan._LAYOUTS), dict(scan._LAST)
    scan._LAYOUTS.clear(), scan._LAST.clear()
    try:
        return _summary(scan_scores(grid, INDEX))
    except DvkError as exc:
        return [f.code for f in exc.findings]
    finally:
        scan._LAYOUTS.update(saved[0]), scan._LAST.update(saved[1])


def _summary(layout):
    return layout.cols, layout.rows, layout.main, _found(layout)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(sorted(_VARIANTS)), st.sampled_from([None, "x"])), max_size=12))
def test_the_last_shape_of_a_kind_never_stands_in_for_another(sequence):
    for name, hint in sequence:
        try:
            got = _summary(scan_scores(_VARIANTS[name], INDEX, hint=hint))
        except DvkError as exc:
            got = [f.code for f in exc.findings]
        assert got == _fresh(_VARIANTS[name]), name


def test_the_same_shape_again_is_served_without_a_scan(monkeypatch):
    from scoring.workbook import scan

    first = scan_scores(_grid("1.1", "1.2"), INDEX, hint="same")
    monkeypatch.setattr(scan, "find_markers", lambda *a, **k: pytest.fail("scanned again"))
    assert scan_scores(_grid("1.1", "1.2"), INDEX, hint="same") is first


def _details(*rows, marker_row=("", "dvk:key", "dvk:value")):
    return Grid("Thông tin đơn vị", [["Thông tin"], list(marker_row)] + [list(r) for r in rows])


@pytest.mark.parametrize("before, after", [
    (_details(("Tên", "dvk:unit_name", "A"), ("Mã", "dvk:unit_code", "B")),
     _details(("Mã", "dvk:unit_code", "B"), ("Tên", "dvk:unit_name", "A"))),
    (_details(("Tên", "dvk:unit_name", "A")), _details(("Tên", "dvk:unit_name", "A"), marker_row=("dvk:value", "dvk:key", ""))),
    (_details(("Tên", "dvk:unit_name", "A")), _details(("Tên", "dvk:unit_name", "A"), ("Năm", "dvk:year", 2025))),
])
def test_details_of_another_shape_are_scanned_afresh(before, after):
    from scoring.workbook import scan

    scan_details(before)
    got = scan_details(after)
    scan._LAST_DETAILS.clear()
    assert got == scan_details(after)


def test_details_of_the_same_shape_reuse_the_last_cells(monkeypatch):
    from scoring.workbook import scan

    grid = _details(("Tên", "dvk:unit_name", "A"), ("Mã", "dvk:unit_code", "B"))
    first = scan_details(grid)
    monkeypatch.setattr(scan, "find_markers", lambda *a, **k: pytest.fail("scanned again"))
    assert scan_details(_details(("Tên", "dvk:unit_name", "Khác"), ("Mã", "dvk:unit_code", "C"))) is first
