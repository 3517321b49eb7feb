"""``dvk round import-appraisal FILE``: record the council's changes from its workbook.

Every appraisal cell that differs from the value that counts now is a change, recorded with the
actor, the time, the reason typed beside it, before and after.  A change that moves a value away
from the unit's own needs a reason; a criterion only the council scores (``appraiser_only``) has
no value of the unit's to move away from, and needs none.  Each changed unit is scored with its new values first: a
value the method refuses (above the maximum, not a level...) is reported at its cell and nothing
is recorded.

Nothing the council typed is dropped without a word: the workbook is refused whole, each problem
at its place, if it is not the appraisal sheet of this very round (:mod:`~scoring.workspace.council_book`),
if a block sheet's keys cannot be found (the hidden key row is found by its content, so title or
header rows deleted or added above it do not matter), if a key is unknown or repeated, if a unit
has two rows, or if a value has no unit or sits where its criterion does not apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scoring.core.findings import DvkError, Finding, Location, make
from scoring.core.unitcode import unit_key
from scoring.workbook.layout import a1, col_letter
from scoring.workspace.appraisal import APPRAISING, CouncilChange, record_changes
from scoring.workspace.appraisal_inputs import (
    Input,
    block_inputs,
    describe,
    parsed,
    same,
)
from scoring.workspace.appraisal_sheet import current_values
from scoring.workspace.store import Workspace, actor, audit, now

#: How far down the key row is looked for (it is row 4, or row 6 on the printed layout).
KEY_SEARCH_ROWS = 50


@dataclass(frozen=True)
class Change:
    """One appraisal value to record."""

    entry_id: int
    unit: str
    input_id: str
    before: Any
    after: Any
    reason: str
    where: Location
    fields: tuple[Any, ...] = ()  # the criterion's input fields: their labels describe the values


def import_appraisal(ws: Workspace, round_code: str | None, path: Path, who: str | None = None) -> list[Change]:
    """Read the council's workbook and record its changes in one transaction; return them."""
    from django.db import transaction

    from scoring.workspace.council_book import open_council_book
    from scoring.workspace.models import Round
    from scoring.workspace.rounds import find_round, require_state, ruleset_of

    who = who or actor()
    round_ = find_round(round_code)
    require_state(round_, APPRAISING, "nhập kết quả thẩm định")
    book, meta = open_council_book(path, round_, "appraisal")
    at = now()
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        require_state(round_, APPRAISING, "nhập kết quả thẩm định")
        # compared with the values that count under the lock: the same sheet imported twice at
        # once (a rerun while the first still runs) records its changes once, not twice
        changes = _changes(book, meta, path, round_, ruleset_of(round_))
        record_changes(round_, [CouncilChange(c.entry_id, c.unit, c.input_id, c.before, c.after, c.reason)
                                for c in changes], who, path.name, at)
        if not changes:
            audit(round_, who, "appraisal-imported", path.name, after={"changes": 0}, at=at)
    return changes


def _changes(book, meta: dict, path: Path, round_, ruleset) -> list[Change]:
    """The workbook's changes from the values that count now, scored; refused whole (``DvkError``)
    with every problem at its place."""
    units = current_values(round_)
    by_code = {unit_key(values[0]): (pk, values) for pk, values in units.items()}
    inputs = {i.id: i for i in block_inputs(ruleset, frozenset(t.id for t in ruleset.unit_types))}
    reading = _Reading(str(path), inputs, by_code)
    for name in book.sheet_names:
        if not name.startswith("_") and name not in meta.get("print", ()):
            reading.sheet(book.grid(name), listed=name in meta.get("sheets", ()))
    findings = reading.findings + _validate(ruleset, round_, units, reading.changes)
    if findings:
        raise DvkError(findings)
    return reading.changes


def key_row(grid) -> int | None:
    """The 0-based row of the machine keys ('code', 'name', then a key per column), found by its
    content near the top (title or header rows may have been deleted or added above it)."""
    for row in range(min(len(grid), KEY_SEARCH_ROWS)):
        if _text(grid.get(row, 0)) == "code" and _text(grid.get(row, 1)) == "name":
            return row
    return None


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


class _Reading:
    """The changes and refusals of the sheets read so far (every sheet is read, every problem said)."""

    def __init__(self, file: str, inputs: dict[str, Input], by_code: dict):
        self.file, self.inputs, self.by_code = file, inputs, by_code
        self.changes: list[Change] = []
        self.findings: list[Finding] = []
        self.seen: dict[str, str] = {}  # unit code (folded) → "sheet!A5" of its row

    def at(self, sheet: str, row: int, col: int, criterion: str | None = None) -> Location:
        return Location(file=self.file, sheet=sheet, cell=a1(row, col), criterion_id=criterion)

    def sheet(self, grid, listed: bool) -> None:
        """Read one block sheet; one the workbook was made with (``listed``) must have its keys,
        another (the council's own notes) is read only if it has them (a renamed block sheet)."""
        top = key_row(grid)
        if top is None:
            if listed:
                self.findings.append(make("appraisal-sheet-keys-missing", Location(file=self.file, sheet=grid.name),
                                          sheet=grid.name))
            return
        columns = self._columns(grid, top)
        if columns is not None:
            for row in range(top + 1, len(grid)):
                self._row(grid, row, *columns)

    def _columns(self, grid, top: int) -> tuple[dict[str, dict[str, int]], dict[str, int]] | None:
        """(input id → field key → column, input id → reason column) from the key row, or None
        (with findings) if a key is unknown, repeated, or missing above a column with values."""
        values: dict[str, dict[str, int]] = {}
        reasons: dict[str, int] = {}
        placed: dict[str, int] = {}
        bad = len(self.findings)
        width = max((len(line) for line in grid.rows[top:]), default=0)
        for col in range(2, width):
            key = _text(grid.get(top, col))
            if not key:
                if any(grid.get(r, col) is not None for r in range(top + 1, len(grid))):
                    self.findings.append(make("appraisal-sheet-key-unknown", self.at(grid.name, top, col),
                                              key="(trống)", column=col_letter(col)))
                continue
            if not self._known(key):
                self.findings.append(make("appraisal-sheet-key-unknown", self.at(grid.name, top, col), key=key,
                                          column=col_letter(col)))
            elif key in placed:
                self.findings.append(make("appraisal-sheet-key-duplicate", self.at(grid.name, top, col), key=key,
                                          first=a1(top, placed[key]), second=a1(top, col)))
            else:
                placed[key] = col
                input_id, field, role = key.split("|")
                if role == "appraisal":
                    values.setdefault(input_id, {})[field] = col
                elif role == "reason":
                    reasons[input_id] = col
        return None if len(self.findings) > bad else (values, reasons)

    def _known(self, key: str) -> bool:
        """Whether ``key`` is 'input|field|self', 'input|field|appraisal' or 'input||reason' of the ruleset."""
        parts = key.split("|")
        if len(parts) != 3 or parts[0] not in self.inputs:
            return False
        input_id, field, role = parts
        if role == "reason":
            return not field
        return role in ("self", "appraisal") and field in {f.key for f in self.inputs[input_id].fields}

    def _row(self, grid, row: int, values: dict[str, dict[str, int]], reasons: dict[str, int]) -> None:
        code = _text(grid.get(row, 0))
        if not code:
            typed = [c for cols in (*values.values(), reasons) for c in cols.values() if grid.get(row, c) is not None]
            if typed:
                self.findings.append(make("appraisal-sheet-row-without-unit", self.at(grid.name, row, 0),
                                          row=row + 1, column="A"))
            return
        key = unit_key(code)
        found = self.by_code.get(key)
        if found is None:
            self.findings.append(make("appraisal-unknown-unit", self.at(grid.name, row, 0), unit=code))
            return
        here = f"{grid.name}!{a1(row, 0)}"
        if key in self.seen:
            self.findings.append(make("appraisal-sheet-duplicate-unit", self.at(grid.name, row, 0), unit=code,
                                      first=self.seen[key], second=here))
            return
        self.seen[key] = here
        entry_id, (unit, _name, own, current, _block, unit_type, _said) = found
        for input_id, fields in values.items():
            inp = self.inputs[input_id]
            if unit_type not in inp.unit_types:
                self._not_applicable(grid, row, inp, fields, unit, unit_type)
                continue
            self._cell_change(inp, fields, reasons.get(input_id), grid, row, entry_id, unit,
                              own.get(input_id), current.get(input_id))

    def _not_applicable(self, grid, row: int, inp: Input, fields: dict[str, int], unit: str, unit_type: str) -> None:
        """A value typed where the criterion does not apply to the unit would be dropped: refuse it."""
        for col in fields.values():
            value = grid.get(row, col)
            if value is not None and str(value).strip():
                self.findings.append(make("appraisal-sheet-not-applicable", self.at(grid.name, row, col, inp.id),
                                          criterion=inp.id, unit=unit, unit_type=unit_type, value=value))

    def _cell_change(self, inp: Input, fields: dict[str, int], reason_col: int | None, grid, row: int,
                     entry_id: int, unit: str, own: Any, current: Any) -> None:
        values = {f.key: parsed(grid.get(row, fields[f.key]), f) for f in inp.fields if f.key in fields}
        if all(v is None for v in values.values()):
            return  # a blank cell changes nothing (an appraisal is never erased from the sheet)
        if inp.single and not isinstance(current, dict):
            after = next(iter(values.values()))
        else:
            after = {**(current if isinstance(current, dict) else {}), **values}
        if current is not None and same(after, current):
            return
        first = next(f.key for f in inp.fields if f.key in fields)
        where = self.at(grid.name, row, fields[first], inp.id)
        reason = grid.get(row, reason_col) if reason_col is not None else None
        reason = " ".join(str(reason).split()) if reason is not None else ""
        if not reason and not inp.council_only and not (own is not None and same(after, own)):
            cell = self.at(grid.name, row, reason_col, inp.id) if reason_col is not None else where
            self.findings.append(make("appraisal-sheet-reason-missing", cell, after=describe(after, inp.fields), own=describe(own, inp.fields)))
            return
        self.changes.append(Change(entry_id, unit, inp.id, current, after, reason, where, inp.fields))


def _validate(ruleset, round_, units, changes: list[Change]) -> list[Finding]:
    """Score each changed unit with its new values; the method's refusals, at their cells."""
    from scoring.workspace.models import Submission
    from scoring.workspace.results import (
        appraisal_of,
        council_changes,
        score_submission,
    )

    council = council_changes(round_)
    by_entry: dict[int, list[Change]] = {}
    for change in changes:
        by_entry.setdefault(change.entry_id, []).append(change)
    subs = {s.entry_id: s for s in Submission.objects.filter(round=round_, entry_id__in=list(by_entry),
                                                             status="accepted")}
    findings = []
    for entry_id, mine in by_entry.items():
        values = {**appraisal_of(council.get(entry_id, {})), **{c.input_id: (c.after, c.reason) for c in mine}}
        result = score_submission(ruleset, round_, subs[entry_id], values)
        cells = {c.input_id: c.where for c in mine}
        for f in result.findings:
            if f.is_error and f.location.criterion_id in cells and f.location.stage == "appraisal":
                findings.append(make("appraisal-refused", cells[f.location.criterion_id], reason=f.message))
    return findings
