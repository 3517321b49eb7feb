"""``dvk round import-appraisal FILE``: record the council's changes from its workbook.

Every appraisal cell that differs from the value that counts now is a change, recorded with the
actor, the time, the reason typed beside it, before and after.  A change that moves a value away
from the unit's own needs a reason.  Each changed unit is scored with its new values first: a
value the method refuses (above the maximum, not a level...) is reported at its cell and nothing
is recorded.  A workbook made for another round or ruleset version is refused whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scoring.core.findings import DvkError, Finding, Location, make
from scoring.core.unitcode import unit_key
from scoring.workspace.appraisal import CouncilChange, record_changes
from scoring.workspace.appraisal_inputs import (
    Input,
    block_inputs,
    describe,
    parsed,
    same,
)
from scoring.workspace.appraisal_sheet import (
    FIRST_ROW,
    KEY_ROW,
    META_SHEET,
    current_values,
)
from scoring.workspace.store import Workspace, actor, audit, now

#: A council's sheet for 10,000 units and 40 criteria unpacks to about 150 MB of XML.
MAX_UNPACKED = 512 * 1024 * 1024


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

    from scoring.workspace.models import Round
    from scoring.workspace.rounds import find_round, require_state, ruleset_of

    who = who or actor()
    round_ = find_round(round_code)
    require_state(round_, ("appraisal",), "nhập kết quả thẩm định (chuyển đợt sang thẩm định: dvk round state appraisal)")
    ruleset = ruleset_of(round_)
    book = open_book(path)
    check_meta(book, round_, path)
    units = current_values(round_)
    by_code = {unit_key(values[0]): (pk, values) for pk, values in units.items()}
    changes: list[Change] = []
    findings: list[Finding] = []
    inputs = {i.id: i for i in block_inputs(ruleset, frozenset(t.id for t in ruleset.unit_types))}
    for sheet in book.worksheets:
        if sheet.title.startswith("_"):
            continue
        _read_sheet(sheet, str(path), inputs, by_code, changes, findings)
    findings += _validate(ruleset, round_, units, changes)
    if findings:
        raise DvkError(findings)
    at = now()
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        require_state(round_, ("appraisal",), "nhập kết quả thẩm định")
        record_changes(round_, [CouncilChange(c.entry_id, c.unit, c.input_id, c.before, c.after, c.reason)
                                for c in changes], who, path.name, at)
        if not changes:
            audit(round_, who, "appraisal-imported", path.name, after={"changes": 0}, at=at)
    return changes


def open_book(path: Path):
    """A workbook the office sends back, checked as untrusted input first.

    Not :func:`scoring.formats.safety.check_file`: its budget is sized for one unit's form
    (about a hundred columns), and a council's sheet for a big round is legitimately wider and
    longer.  The zip directory's declared sizes are bounded instead, and openpyxl reads through
    defusedxml (no entity expansion).
    """
    import io
    import zipfile

    from openpyxl import load_workbook

    import scoring.workbook.codes  # noqa: F401 - registers workbook-too-large
    from scoring.core.oserrors import megabytes
    from scoring.formats.grid import parser_reason
    from scoring.formats.readfile import read_input

    where = Location(file=str(path))
    data = io.BytesIO(read_input(path, MAX_UNPACKED, lambda exc, at: make(  # (never blocks on a FIFO)
        "workbook-too-large", at, reason=f"tệp nặng {megabytes(exc.size)} MB")))
    try:
        with zipfile.ZipFile(data) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile:
        raise DvkError([make("file-unreadable", where, reason="không phải tệp Excel (.xlsx) do dvk tạo")]) from None
    declared = sum(i.file_size for i in infos)
    if len(infos) > 10_000 or declared > MAX_UNPACKED or any(
            i.file_size > 200 * max(i.compress_size, 1) for i in infos if i.file_size > 1 << 20):
        raise DvkError([make("workbook-too-large", where,
                             reason=f"tệp giải nén ra {declared // 1048576} MB hoặc nén bất thường")])
    try:
        return load_workbook(data, data_only=True)
    except Exception as exc:  # noqa: BLE001 - whatever the parser says, the file is not usable
        raise DvkError([make("file-unreadable", where, reason=parser_reason(exc))]) from None


def check_meta(book, round_, path: Path) -> None:
    """Refuse a workbook dvk made for another round or ruleset version."""
    where = Location(file=str(path))
    if META_SHEET not in book.sheetnames:
        raise DvkError([make("appraisal-sheet-unknown", where)])
    meta = {str(r[0]): str(r[1]) for r in book[META_SHEET].iter_rows(values_only=True) if r and r[0]}
    stored = round_.ruleset
    for key, what, expected in (("round", "đợt", round_.code), ("ruleset_id", "bộ tiêu chí", stored.ruleset_id),
                                ("version", "phiên bản bộ tiêu chí", stored.version),
                                ("fingerprint", "bản bộ tiêu chí (dấu vân tay)", stored.fingerprint)):
        if meta.get(key) != expected:
            raise DvkError([make("appraisal-sheet-other-round", Location(file=str(path), sheet=META_SHEET),
                                 what=what, got=meta.get(key, "?"), expected=expected)])


def _read_sheet(sheet, file: str, inputs: dict[str, Input], by_code, changes: list[Change],
                findings: list[Finding]) -> None:
    keys = [c.value for c in sheet[KEY_ROW]]
    columns: dict[str, dict[str, int]] = {}
    reasons: dict[str, int] = {}
    for index, key in enumerate(keys):
        if not isinstance(key, str) or key.count("|") != 2:
            continue
        input_id, field, role = key.split("|")
        if role == "appraisal" and input_id in inputs:
            columns.setdefault(input_id, {})[field] = index
        elif role == "reason":
            reasons[input_id] = index
    for row in sheet.iter_rows(min_row=FIRST_ROW):
        code = row[0].value
        if code is None or str(code).strip() == "":
            continue
        found = by_code.get(unit_key(str(code)))
        if found is None:
            findings.append(make("appraisal-unknown-unit", Location(file=file, sheet=sheet.title, cell=row[0].coordinate),
                                 unit=code))
            continue
        entry_id, (unit, _name, own, current, _block, unit_type, _said) = found
        for input_id, fields in columns.items():
            inp = inputs[input_id]
            if unit_type not in inp.unit_types:
                continue
            _cell_change(inp, fields, reasons.get(input_id), row, sheet.title, file, entry_id, unit,
                         own.get(input_id), current.get(input_id), changes, findings)


def _cell_change(inp: Input, fields: dict[str, int], reason_col: int | None, row, sheet: str, file: str,
                 entry_id: int, unit: str, own: Any, current: Any, changes: list[Change],
                 findings: list[Finding]) -> None:
    values = {f.key: parsed(row[fields[f.key]].value, f) for f in inp.fields if f.key in fields}
    if all(v is None for v in values.values()):
        return  # a blank cell changes nothing (an appraisal is never erased from the sheet)
    if inp.single and not isinstance(current, dict):
        after = next(iter(values.values()))
    else:
        after = {**(current if isinstance(current, dict) else {}), **values}
    if current is not None and same(after, current):
        return
    first = inp.fields[0].key
    where = Location(file=file, sheet=sheet, cell=row[fields[first]].coordinate, criterion_id=inp.id)
    reason = row[reason_col].value if reason_col is not None else None
    reason = " ".join(str(reason).split()) if reason is not None else ""
    if not reason and not (own is not None and same(after, own)):
        cell = row[reason_col].coordinate if reason_col is not None else where.cell
        findings.append(make("appraisal-sheet-reason-missing", Location(file=file, sheet=sheet, cell=cell,
                                                                   criterion_id=inp.id),
                             after=describe(after, inp.fields), own=describe(own, inp.fields)))
        return
    changes.append(Change(entry_id, unit, inp.id, current, after, reason, where, inp.fields))


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
