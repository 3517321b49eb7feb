"""One tiny workbook per Excel quirk (tests/workbooks, made by tools/gen_quirk_workbooks.py).

Each case asserts the exact findings (code, sheet, cell, criterion id) and, for accepted files,
the total; both reading engines must agree on every file.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from scoring.core.findings import DvkError
from scoring.intake.pipeline import evaluate_file
from scoring.rules.load import load_ruleset

HERE = Path(__file__).parent / "workbooks"
RULESET = load_ruleset(HERE / "quirks-ruleset.json")
S, D = "Tự chấm điểm", "Thông tin đơn vị"
CLEAN_TOTAL = Decimal("8.90")

# file stem → (expected total or None, [(code, sheet, cell, criterion id)])
ACCEPTED = {
    "clean": (CLEAN_TOTAL, []),
    "decimal-comma": (CLEAN_TOTAL, [("workbook-decimal-comma", S, "E8", "1.10")]),
    "number-as-text": (CLEAN_TOTAL, [("workbook-number-as-text", S, "E10", "1.3")]),
    "stray-spaces": (CLEAN_TOTAL, [("workbook-stray-spaces", S, "E7", "1.2")]),
    "non-breaking-space": (CLEAN_TOTAL, [("workbook-stray-spaces", S, "E7", "1.2")]),
    "nfd-text": (CLEAN_TOTAL, [("workbook-unicode-nfd", S, "E7", "1.2")]),
    "yes-no-x": (CLEAN_TOTAL, [("workbook-boolean-assumed", S, "E6", "1.1")]),
    "yes-no-lowercase": (CLEAN_TOTAL, [("workbook-boolean-assumed", S, "E6", "1.1")]),
    "yes-no-k": (CLEAN_TOTAL, [("workbook-boolean-assumed", S, "E17", "F1")]),
    "id-as-number": (CLEAN_TOTAL, [("workbook-id-number", S, "A7", "1.2")]),
    "id-trailing-zero": (CLEAN_TOTAL, [("workbook-id-number", S, "A8", "1.10")]),
    "inserted-blank-rows": (CLEAN_TOTAL, []),
    "reordered-rows": (CLEAN_TOTAL, []),
    "hidden-rows": (CLEAN_TOTAL, []),
    "extra-sheets": (CLEAN_TOTAL, []),
    "formula-cached-values": (CLEAN_TOTAL, []),
    "date-as-text": (CLEAN_TOTAL, [("workbook-date-assumed", D, "B8", None)]),
    "year-as-text": (CLEAN_TOTAL, [("workbook-number-as-text", D, "B6", None)]),
}
REJECTED_CELLS = {
    "text-in-number": [("input-not-number", S, "E8", "1.10")],
    "unknown-id": [("workbook-unknown-id", S, "A9", None)],
    # 1.2's and 1.10's self cells merged: 1.10's value is lost, said so (not "chưa nhập")
    "merged-input-cells": [("workbook-merged-input", S, "E8", "1.10")],
    # a formula saved without its computed value: its own finding, not "chưa nhập"
    "formula-without-value": [("workbook-formula-no-value", S, "E8", "1.10")],
    "duplicate-id": [("workbook-duplicate-row", S, "A7", "1.1")],
    "id-ambiguous": [("workbook-id-ambiguous", S, "A8", None),
                     ("workbook-row-missing", S, None, "1.10"),
                     ("input-missing", None, None, "1.10")],
}
UNUSABLE = {
    "empty-file": ("workbook-empty-file", None),
    "legacy-xls": ("workbook-xls-format", None),
    "encrypted": ("workbook-encrypted", None),
    "renamed-docx": ("workbook-not-excel-zip", None),
    "random-bytes": ("workbook-not-xlsx", None),
    "missing-sheet": ("workbook-sheet-missing", S),
    "other-version": ("workbook-ruleset-version", "_dvk"),
    "other-fingerprint": ("workbook-fingerprint", "_dvk"),
}


def _found(result):
    return [(f.code, f.location.sheet, f.location.cell, f.location.criterion_id) for f in result.findings]


@pytest.mark.parametrize("engine", ["calamine", "openpyxl"])
@pytest.mark.parametrize("stem", sorted(ACCEPTED))
def test_accepted_quirk(stem, engine):
    total, expected = ACCEPTED[stem]
    result = evaluate_file(RULESET, HERE / f"{stem}.xlsx", engine=engine)
    assert _found(result) == expected
    assert result.ok and result.final.total == total
    assert all(f.location.file == str(HERE / f"{stem}.xlsx") for f in result.findings)


@pytest.mark.parametrize("engine", ["calamine", "openpyxl"])
@pytest.mark.parametrize("stem", sorted(REJECTED_CELLS))
def test_rejected_cell(stem, engine):
    result = evaluate_file(RULESET, HERE / f"{stem}.xlsx", engine=engine)
    assert _found(result) == REJECTED_CELLS[stem]
    assert not result.ok


@pytest.mark.parametrize("engine", ["calamine", "openpyxl"])
@pytest.mark.parametrize("stem", sorted(UNUSABLE))
def test_unusable_file(stem, engine):
    code, sheet = UNUSABLE[stem]
    with pytest.raises(DvkError) as caught:
        evaluate_file(RULESET, HERE / f"{stem}.xlsx", engine=engine)
    [finding] = caught.value.findings
    assert (finding.code, finding.location.sheet) == (code, sheet)
    assert finding.location.file == str(HERE / f"{stem}.xlsx")


def test_other_version_names_both_versions():
    with pytest.raises(DvkError) as caught:
        evaluate_file(RULESET, HERE / "other-version.xlsx")
    message = caught.value.findings[0].message
    assert "0.9" in message and "phiên bản 1" in message


def test_text_in_number_reported_once_with_raw_text():
    result = evaluate_file(RULESET, HERE / "text-in-number.xlsx")
    [finding] = result.findings
    assert "một rưỡi" in finding.message


def test_every_quirk_file_is_covered():
    stems = {p.stem for p in HERE.glob("*.xlsx")}
    assert stems == set(ACCEPTED) | set(REJECTED_CELLS) | set(UNUSABLE)
