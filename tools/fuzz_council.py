"""Fuzzing the round's council sheets: mutants of an appraisal sheet and an explanations sheet dvk
made, read back through the library's import functions (``import_appraisal``,
``import_explanations``), each in a transaction rolled back after it (every mutant meets the
same round).  Part of ``tools/fuzz.py`` (kinds ``appraisal-sheets`` and ``explanations-sheets``).

Each mutant ends in one of two ways, or it is a failure:

- refused with findings that all name the file; or
- taken, and then what it records is exactly what the mutant says: every council change (or
  unit's answer) the edits kept is recorded, none the edits removed, and every value the edits
  typed is either recorded or the mutant is refused.  Anything else is a *silent drop* (a change
  neither recorded nor refused) or a wrong recording.

An edit that must be refused (a key row deleted, a unit on two rows, the meta changed…) and
was taken is a failure too.  A mutant that takes more than :data:`SLOW_SECONDS` counts as a hang.
Mutations are semantic (openpyxl: rows and columns deleted, doubled, inserted, keys edited,
values of the wrong type, far cells, sheets removed or renamed) or raw (the zip and XML
mutations of the workbook kind).
"""

from __future__ import annotations

import random
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
RULESET = ROOT / "criteria" / "dvcq-minh-hoa.json"
SAMPLES = ROOT / "sample_inputs"
UNITS = ("ban-minhhoa.xlsx", "so-gialap.xlsx", "so-vidu.xlsx", "xa-hucau.xlsx")
ROSTER = """Mã đơn vị,Tên đơn vị,Loại đơn vị,Khối
BAN-MINHHOA,Ban Minh Họa tỉnh,so_ban_nganh,
SO-GIALAP,Sở Giả Lập,so_ban_nganh,
SO-VIDU,Sở Ví Dụ,so_ban_nganh,
XA-HUCAU,UBND xã Hư Cấu,ubnd_xa,
"""
#: The base sheets' own content: the council's change (second pass) and the unit's answer (to the
#: first pass's change of SO-VIDU 1.1) every mutant starts from.
BASE_CHANGE = ("SO-VIDU", "1.2", "Không", "Chưa quán triệt")
BASE_ANSWER = ("SO-VIDU", "1.1", "Đã ban hành đúng hạn")
SLOW_SECONDS = 20.0
ODD = ["abc", "1e309", -5, 10 ** 20, 0.5, True, "", " ", "=1+1", "Có", "Không", "x" * 5000, "\u200b", 3]


@dataclass
class Expect:
    """What a mutant says: the changes it keeps, those it may record, whether it must be refused."""

    keep: dict[tuple[str, str], Any] = field(default_factory=dict)
    typed: set[tuple[str, str]] = field(default_factory=set)
    refuse: str = ""
    ops: list[str] = field(default_factory=list)
    doubled: Any = None  # the unit whose row was doubled (deleting either row undoes it)


class _Rollback(Exception):
    pass


def _attempt(action: Callable[[], Any]) -> Any:
    """``action()``'s result, its writes to the database undone."""
    from django.db import transaction

    try:
        with transaction.atomic():
            result = action()
            raise _Rollback(result)
    except _Rollback as done:
        return done.args[0]


def setup(folder: Path) -> tuple[Any, Path, Path]:
    """A SQLite workspace with a round of four units, a change recorded and answered; the
    explanations sheet (answer typed) and the second-pass appraisal sheet (a change typed)."""
    from openpyxl import load_workbook

    from scoring.workspace.appraisal_import import import_appraisal
    from scoring.workspace.appraisal_sheet import write_appraisal_sheet
    from scoring.workspace.collect import collect
    from scoring.workspace.explanations import write_explanations_sheet
    from scoring.workspace.rounds import RoundSpec, create_round, move_round
    from scoring.workspace.store import open_workspace

    ws = open_workspace(folder / "ws", None, create=True)
    inbox = folder / "hop-thu"
    inbox.mkdir(exist_ok=True)
    for name in UNITS:
        shutil.copy2(SAMPLES / name, inbox / name)
    (folder / "ds.csv").write_text(ROSTER, encoding="utf-8")
    create_round(ws, RoundSpec(RULESET, 2025, roster_path=folder / "ds.csv"))
    collect(ws, None, [inbox])
    for state in ("closed", "appraisal"):
        move_round(None, state)
    first = write_appraisal_sheet(ws, None, folder / "td1.xlsx")
    _type_change(first, "SO-GIALAP", "1.2", "Không", "Chưa quán triệt")
    _type_change(first, "SO-VIDU", "1.1", "Không", "Kế hoạch ban hành sau hạn")
    import_appraisal(ws, None, first)
    move_round(None, "explanations")
    answers = write_explanations_sheet(ws, None, folder / "gt.xlsx")
    book = load_workbook(answers)
    sheet = book["Giải trình"]
    row = next(r for r in sheet.iter_rows() if r[0].value == BASE_ANSWER[0] and r[2].value == BASE_ANSWER[1])
    row[6].value = BASE_ANSWER[2]
    book.save(answers)
    move_round(None, "appraisal")
    second = write_appraisal_sheet(ws, None, folder / "td2.xlsx")
    _type_change(second, *BASE_CHANGE)
    return ws, second, answers


def _keys(sheet) -> tuple[int, list[Any]] | None:
    for row in sheet.iter_rows(max_row=60):
        if row[0].value == "code":
            return row[0].row, [c.value for c in row]
    return None


def _type_change(path: Path, unit: str, criterion: str, value: Any, reason: str) -> None:
    from openpyxl import load_workbook

    book = load_workbook(path)
    for sheet in book.worksheets:
        found = _keys(sheet)
        if found and f"{criterion}|done|appraisal" in found[1]:
            keys = found[1]
            row = next(r for r in sheet.iter_rows() if r[0].value == unit)
            row[keys.index(f"{criterion}|done|appraisal")].value = value
            row[keys.index(f"{criterion}||reason")].value = reason
            book.save(path)
            return
    raise LookupError(f"{unit} / {criterion}")


# --- appraisal mutations ------------------------------------------------------------------------

def _put(sheet, row: int, col: int, value: Any) -> None:
    """Set a cell, None included (``sheet.cell(value=None)`` leaves the old value); a place past
    the sheet's end (a row below a far cell) is left alone."""
    if row <= 1048576 and col <= 16384:
        sheet.cell(row=row, column=col).value = value


#: Rows the mutators look at: below, only a far cell (asking openpyxl for each row would make them).
NEAR = 1000


def _units(sheet, top: int) -> list[int]:
    return [r for r in range(top + 1, min(sheet.max_row, NEAR) + 1) if sheet.cell(row=r, column=1).value]


def _drop_unit(expect: Expect, unit: Any) -> None:
    for key in [k for k in expect.keep if k[0] == unit]:
        del expect.keep[key]
    expect.typed = {k for k in expect.typed if k[0] != unit}


def mutate_appraisal(book, rng: random.Random, expect: Expect) -> None:
    """One semantic edit of the appraisal workbook, with what it makes the sheet say."""
    blocks = [s for s in book.worksheets if _keys(s)]
    sheet = rng.choice(blocks)
    top, keys = _keys(sheet)
    units = _units(sheet, top)
    op = rng.randrange(12)
    expect.ops.append(f"appraisal op {op} on {sheet.title}")
    if op == 0:  # a row deleted: title, header, key or a unit's
        row = rng.randint(1, min(sheet.max_row, NEAR))
        unit = sheet.cell(row=row, column=1).value
        if row == top:
            expect.refuse = expect.refuse or "key row deleted"
        elif row > top:
            _drop_unit(expect, unit)
            if unit is not None and unit == expect.doubled and expect.refuse == "unit doubled":
                expect.refuse, expect.doubled = "", None
                expect.typed |= {(unit, c) for c in ("1.1", "1.2")}
        sheet.delete_rows(row)
    elif op == 1 and units:  # a unit's row doubled
        source = rng.choice(units)
        target = rng.choice([sheet.max_row + 1, sheet.max_row + rng.randint(2, 30)])
        for cell in sheet[source]:
            _put(sheet, target, cell.column, cell.value)
        if target <= 1048576:
            expect.refuse = expect.refuse or "unit doubled"
            expect.doubled = sheet.cell(row=source, column=1).value
    elif op == 2 and units:  # a value of any type typed into an appraisal cell, with or without a reason
        row = rng.choice(units)
        cols = [i for i, k in enumerate(keys) if isinstance(k, str) and k.endswith("|appraisal")]
        col = rng.choice(cols)
        value = rng.choice(ODD)
        old = sheet.cell(row=row, column=col + 1).value
        if value in ("", " ", "\u200b") or str(value) == str(old):
            return
        _put(sheet, row, col + 1, value)
        input_id = keys[col].split("|")[0]
        if rng.random() < 0.6 and f"{input_id}||reason" in keys:
            _put(sheet, row, keys.index(f"{input_id}||reason") + 1, "Lý do thử")
        unit = sheet.cell(row=row, column=1).value
        expect.keep.pop((unit, input_id), None)
        expect.typed.add((unit, input_id))
    elif op == 3:  # a key edited, blanked or repeated
        col = rng.randrange(2, len(keys))
        new = rng.choice([None, "x", "1.1|done|appraisal", "1.1||reason", keys[rng.randrange(2, len(keys))], "9.9|a|b"])
        if new != keys[col]:
            _put(sheet, top, col + 1, new)
            expect.typed |= set(expect.keep)  # the columns read may change: taken only if still right
    elif op == 4:  # a cell of another sheet's
        _put(sheet, rng.randint(1, 30), rng.randint(1, len(keys) + 3), rng.choice(["x", 1, "Không", None]))
        expect.typed |= set(expect.keep) | {(u, c) for u in ("SO-VIDU", "SO-GIALAP", "BAN-MINHHOA") for c in ("1.1", "1.2")}
        expect.keep = {}
    elif op == 5 and units:  # a unit's code cleared or changed
        row = rng.choice(units)
        unit = sheet.cell(row=row, column=1).value
        _put(sheet, row, 1, rng.choice([None, "", "KHONG-CO", "so-vidu", " SO-VIDU ", "BAN-MINHHOA"]))
        _drop_unit(expect, unit)
        expect.typed |= {(u, c) for u in ("SO-VIDU", "BAN-MINHHOA") for c in ("1.1", "1.2")}
    elif op == 6:  # a column deleted
        col = rng.randint(1, max(len(keys), 1))
        key = keys[col - 1] if col - 1 < len(keys) else None
        if col <= 1:
            expect.refuse = expect.refuse or "code column deleted"
        elif isinstance(key, str) and ("|appraisal" in key or "|reason" in key):
            input_id = key.split("|")[0]
            for unit_input in [k for k in expect.keep if k[1] == input_id]:
                expect.keep.pop(unit_input)
                expect.typed.add(unit_input)
        sheet.delete_cols(col)
    elif op == 7:  # rows or columns inserted
        if rng.random() < 0.5:
            sheet.insert_rows(rng.randint(1, sheet.max_row + 1), rng.randint(1, 3))
        else:
            sheet.insert_cols(rng.randint(3, len(keys) + 1))
    elif op == 8:  # a block sheet renamed or removed
        if rng.random() < 0.5:
            sheet.title = "Đổi tên " + str(rng.randrange(100))
        else:
            for row in units:
                _drop_unit(expect, sheet.cell(row=row, column=1).value)
            book.remove(sheet)
    elif op == 9:  # the meta sheet edited
        meta = book["_dvk"]
        row = rng.randint(1, meta.max_row)
        if meta.cell(row=row, column=1).value in _META_VALUES and meta.cell(row=row, column=1).value not in ("sheets", "print"):
            _put(meta, row, 2, rng.choice(["khac", "", None, "appraisal", "explanations"]))
            if meta.cell(row=row, column=2).value != _META_VALUES.get(meta.cell(row=row, column=1).value):
                expect.refuse = expect.refuse or "meta edited"
    elif op == 10:  # a unit's row moved to the other block's sheet
        others = [s for s in blocks if s is not sheet]
        if units and others and others[0].max_row < 1048576:
            row = rng.choice(units)
            other, unit = others[0], sheet.cell(row=row, column=1).value
            target = other.max_row + 1
            for cell in sheet[row]:
                _put(other, target, cell.column, cell.value)
            sheet.delete_rows(row)
            _drop_unit(expect, unit)
            expect.typed |= {(unit, c) for c in ("1.1", "1.2")}
    else:  # a reason cleared
        cols = [i for i, k in enumerate(keys) if isinstance(k, str) and k.endswith("||reason")]
        if units and cols:
            row, col = rng.choice(units), rng.choice(cols)
            unit, input_id = sheet.cell(row=row, column=1).value, keys[col].split("|")[0]
            _put(sheet, row, col + 1, None)
            if (unit, input_id) in expect.keep:
                expect.keep.pop((unit, input_id))
                expect.typed.add((unit, input_id))


_META_VALUES: dict[Any, Any] = {}


def verdict(got: set[tuple[str, str]] | None, expect: Expect) -> str:
    """'accepted' / 'refused' if the outcome (the (unit, criterion) recorded, None when refused)
    fits the mutant, else what went wrong."""
    if got is None:
        return "refused"
    if expect.refuse:
        return f"taken although it must be refused ({expect.refuse}; {expect.ops})"
    lost = [k for k in expect.keep if k not in got]
    if lost:
        return f"silent drop: {lost} neither recorded nor refused ({expect.ops})"
    extra = [k for k in got if k not in expect.keep and k not in expect.typed]
    if extra:
        return f"recorded what the sheet does not say: {extra} ({expect.ops})"
    return "accepted"


# --- explanations mutations ---------------------------------------------------------------------

def mutate_explanations(book, rng: random.Random, expect: Expect) -> None:
    """One semantic edit of the explanations workbook."""
    sheet = book["Giải trình"] if "Giải trình" in book.sheetnames else book.worksheets[0]
    head = next((r[0].row for r in sheet.iter_rows(max_row=60) if r[0].value == "Mã đơn vị"), None)
    rows = [r for r in range(head + 1, min(sheet.max_row, NEAR) + 1)] if head else []
    op = rng.randrange(8)
    expect.ops.append(f"explanations op {op}")
    if op == 0:
        row = rng.randint(1, min(max(sheet.max_row, 1), NEAR))
        if row == head and any(sheet.cell(row=r, column=7).value for r in rows):
            expect.refuse = expect.refuse or "heading row deleted"
        elif row > (head or 0):
            unit, criterion = sheet.cell(row=row, column=1).value, sheet.cell(row=row, column=3).value
            expect.keep.pop((unit, criterion), None)
            if (unit, criterion) == expect.doubled and expect.refuse == "two answers":
                expect.refuse, expect.doubled = "", None
                expect.typed.add((unit, criterion))
        sheet.delete_rows(row)
    elif op == 1 and rows:  # a row doubled, its answer changed or kept
        source = rng.choice(rows)
        target = sheet.max_row + rng.randint(1, 5)
        for cell in sheet[source]:
            _put(sheet, target, cell.column, cell.value)
        if rng.random() < 0.7:
            _put(sheet, target, 7, "Ý kiến khác")
            expect.typed.add((sheet.cell(row=source, column=1).value, sheet.cell(row=source, column=3).value))
        if sheet.cell(row=target, column=7).value and sheet.cell(row=source, column=7).value:
            expect.refuse = expect.refuse or "two answers"
            expect.doubled = (sheet.cell(row=source, column=1).value, sheet.cell(row=source, column=3).value)
    elif op == 2 and rows:  # an answer of any type typed
        row = rng.choice(rows)
        value = rng.choice(ODD)
        _put(sheet, row, 7, value)
        key = (sheet.cell(row=row, column=1).value, sheet.cell(row=row, column=3).value)
        expect.keep.pop(key, None)
        expect.typed.add(key)
    elif op == 3 and rows:  # the unit or criterion of a row changed
        row = rng.choice(rows)
        col = rng.choice([1, 3])
        key = (sheet.cell(row=row, column=1).value, sheet.cell(row=row, column=3).value)
        _put(sheet, row, col, rng.choice([None, "KHONG-CO", "9.9", "1.2", "SO-GIALAP", "so-vidu"]))
        expect.keep.pop(key, None)
        expect.typed |= {(u, c) for u in ("SO-VIDU", "SO-GIALAP") for c in ("1.1", "1.2")}
    elif op == 4:
        _put(sheet, rng.randint(1, 10), rng.randint(1, 9), rng.choice(["x", None, "Mã đơn vị"]))
        expect.typed |= set(expect.keep) | {(u, c) for u in ("SO-VIDU", "SO-GIALAP") for c in ("1.1", "1.2")}
        expect.keep = {}
    elif op == 5:
        if rng.random() < 0.5:
            sheet.insert_rows(rng.randint(1, sheet.max_row + 1), rng.randint(1, 3))
        else:
            sheet.insert_cols(rng.randint(1, 8))
    elif op == 6:
        col = rng.randint(1, 7)
        if col in (1, 3, 7) and any(sheet.cell(row=r, column=7).value for r in rows):
            expect.refuse = expect.refuse or "a needed column deleted"
        sheet.delete_cols(col)
    else:
        meta = book["_dvk"]
        row = rng.randint(1, meta.max_row)
        if meta.cell(row=row, column=1).value in _META_VALUES and meta.cell(row=row, column=1).value not in ("sheets", "print"):
            old = meta.cell(row=row, column=2).value
            new = rng.choice(["khac", "", None, "appraisal"])
            _put(meta, row, 2, new)
            if new != old:
                expect.refuse = expect.refuse or "meta edited"


# --- running ------------------------------------------------------------------------------------

def fuzz_council(kind: str, count: int, seed: int, folder: Path, tally, run, mutate_workbook) -> None:
    """``count`` mutants of the ``kind`` sheet ('appraisal' or 'explanations') into ``tally``."""
    from openpyxl import load_workbook

    from scoring.core.findings import DvkError
    from scoring.workspace.appraisal_import import import_appraisal
    from scoring.workspace.explanations import import_explanations
    from scoring.workspace.rounds import move_round

    rng = random.Random(seed)
    ws, appraisal, answers = _WORKSPACES.get(folder) or _WORKSPACES.setdefault(folder, setup(folder))
    base = appraisal if kind == "appraisal" else answers
    if _state() != kind:  # the state named as the kind of sheet it takes
        move_round(None, kind)
    meta = load_workbook(base)["_dvk"]
    _META_VALUES.update({r[0].value: r[1].value for r in meta.iter_rows()})
    source = base.read_bytes()
    for i in range(count):
        path = folder / f"{kind}-{i % 20}.xlsx"
        expect = Expect(keep={(BASE_CHANGE[0], "1.2"): True} if kind == "appraisal"
                        else {BASE_ANSWER[:2]: True})
        raw = None
        if rng.random() < 0.2:
            try:
                raw = mutate_workbook(source, rng)
            except KeyError:  # it picked a part this workbook does not have
                raw = None
        if raw is not None:
            path.write_bytes(raw)
            expect.typed |= {(u, c) for u in ("SO-VIDU", "SO-GIALAP") for c in ("1.1", "1.2")}
            expect.keep = {}
        else:
            expect = _semantic(kind, base, path, rng, expect)

        def action() -> str:
            started = time.perf_counter()
            try:
                recorded = _attempt(lambda: import_appraisal(ws, None, path) if kind == "appraisal"
                                    else import_explanations(ws, None, [path]))
            except DvkError as refused:
                if not refused.findings or not all(f.location.file for f in refused.findings):
                    return "refused without a located finding"
                recorded = None
            if time.perf_counter() - started > SLOW_SECONDS:
                return f"hang: {time.perf_counter() - started:.0f} s"
            got = None if recorded is None else {
                (c.unit, c.input_id) if kind == "appraisal" else c[:2] for c in recorded}
            outcome = verdict(got, expect)
            if outcome not in ("accepted", "refused"):  # kept for a look
                shutil.copy(path, folder / f"failed-{kind}-{i}.xlsx")
            return outcome
        run(tally, f"{kind} sheet #{i}", action)


def _semantic(kind: str, base: Path, path: Path, rng: random.Random, expect: Expect) -> Expect:
    """One or two semantic edits of ``base`` saved as ``path``; what the mutant says.  An edit
    openpyxl cannot save (a row pushed past the sheet's end) is drawn again."""
    from openpyxl import load_workbook

    for _ in range(10):
        trial = Expect(dict(expect.keep), set(expect.typed), expect.refuse, [], expect.doubled)
        book = load_workbook(base)
        try:
            for _ in range(rng.randint(1, 2)):
                (mutate_appraisal if kind == "appraisal" else mutate_explanations)(book, rng, trial)
            if rng.random() < 0.15:  # a far cell, last: openpyxl's row and column moves would fill up to it
                sheet = rng.choice([s for s in book.worksheets if not s.title.startswith("_")] or book.worksheets)
                _put(sheet, rng.choice([1048576, 60000, 40000, sheet.max_row + 5]),
                     rng.choice([16384, 3000, 1, 4, 7]), rng.choice(["x", 1, "Không"]))
                trial.ops.append(f"far cell on {sheet.title}")
            book.save(path)
            return trial
        except (ValueError, IndexError, AttributeError):  # past the end, a merged cell…
            continue
    shutil.copy(base, path)
    return expect


_WORKSPACES: dict[Path, tuple[Any, Path, Path]] = {}


def _state() -> str:
    from scoring.workspace.rounds import find_round

    return find_round(None).state
