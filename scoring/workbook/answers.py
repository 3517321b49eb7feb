"""Reading every answer of a criteria sheet: each input cell cleaned, each note kept, all located.

What to read where depends only on the sheet's layout and the unit type, so it is planned once per
template shape (:class:`_Plan`): the rows to fetch, and per answer its input fields, their row
slots and the memo of their cleaned values (cells repeat few values: "Có", 1, 0,5…).  Each
workbook then fetches its rows in one pass and runs a short loop; a cell without a note never
gets a Location.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter
from typing import Any, Sequence

from scoring.core.findings import Finding, Location, make
from scoring.engine.inputs import STAGE_VI
from scoring.engine.inputs import is_blank as is_blank_input
from scoring.formats.grid import grid_value
from scoring.rules.index import RulesetIndex
from scoring.rules.methods import InputField
from scoring.rules.notapplicable import NA_FIELD, NA_TEXT, REASON_FIELD, is_na_text
from scoring.workbook.hygiene import (
    Note,
    as_boolean,
    as_choice,
    as_number,
    free_text,
    is_blank,
)
from scoring.workbook.layout import APPRAISER_ONLY, COUNT_FIELD
from scoring.workbook.scan import CellRef, ScoreLayout, SheetCells

STAGES = ("self", "appraisal")
#: The cells of a criterion row the reader needs, in this order.
ROW_CELLS = ("self", "appraisal", "evidence", "note", "appraisal_note")

CellRefs = dict[tuple[str, str | None, str | None], CellRef]
#: Distinct raw values remembered per input field.
FIELD_MEMO_SIZE = 4096


def read_answers(rows: Sequence[Sequence[Any]], layout: ScoreLayout, index: RulesetIndex, unit_type: str,
                 findings: list[Finding], blanks: list[tuple[str, str]] | None = None
                 ) -> tuple[dict[str, dict[str, Any]], SheetCells]:
    """Every answer of ``unit_type`` as the dict :class:`~scoring.engine.submission.Answer` validates, and
    the cell map; notes and problems are appended to ``findings``, and the (id, field key) of every
    blank self-assessment input cell to ``blanks`` (when given)."""
    if blanks is None:
        blanks = []
    plan = _plan_of(index, layout, unit_type)
    cells = SheetCells(layout.sheet, plan.refs)
    lines = _fetch(rows, plan.rows, plan.cols)
    answers: dict[str, dict[str, Any]] = {}
    for node_id, multi, inputs, main, na_rows in plan.targets:
        got: list[Any] = [{}, {}] if multi else [None, None]  # self, appraisal
        for field, slot, missing, memo in inputs:
            if slot is None:
                findings.append(missing)
                continue
            line = lines[slot]
            for i in _BOTH:
                raw = line[i]
                if raw is None or raw == "":
                    if i == 0:
                        blanks.append((node_id, field.key))
                    continue
                if i == 0 and raw == APPRAISER_ONLY:  # (the template's caption)
                    continue
                try:
                    value, notes = memo[(raw.__class__, raw)]
                except KeyError:
                    value, notes = _cleaned(raw, memo, field)
                if notes:
                    where = cells[(node_id, STAGES[i], field.key)]
                    findings.extend(make(code, where, **params) for code, params in notes)
                if value is not None:
                    if multi:
                        got[i][field.key] = value
                    else:
                        got[i] = value
        if not multi and inputs[0][1] is None:
            answers[node_id] = {}
            continue
        reason = None
        if na_rows is not None:  # the "Không áp dụng" choice replaces the stage's values
            reason = _declared_na(node_id, na_rows, lines, got, cells, findings)
        _, _, evidence, note, appraisal_note = lines[main] if main is not None else _NO_TEXTS
        answers[node_id] = {"self": got[0], "appraisal": (got[1] or None) if multi else got[1],
                            "not_applicable_reason": reason,
                            # evidence and notes as typed (a 0 or a date is text too); blank: None
                            "evidence": None if evidence is None or evidence == "" else free_text(evidence),
                            "note": None if note is None or note == "" else free_text(note),
                            "appraisal_note": None if appraisal_note is None or appraisal_note == ""
                            else free_text(appraisal_note)}
    return answers, cells


_BOTH = (0, 1)  # the self and appraisal cells of a row (ROW_CELLS order)
_NO_TEXTS = (None,) * len(ROW_CELLS)


def _declared_na(node_id: str, na_rows: tuple[int | None, int | None], lines: list[tuple[Any, ...]],
                 got: list[Any], cells: SheetCells, findings: list[Finding]) -> str | None:
    """Read a criterion's "Không áp dụng" cells into ``got`` (self, appraisal); its reason."""
    choice, reason_slot = na_rows
    for i in _BOTH if choice is not None else ():
        raw = lines[choice][i]
        if is_blank(raw):
            continue
        if not is_na_text(raw):
            text = free_text(raw)
            if _fold(text) not in _APPLIES:  # "Áp dụng" says what a blank says
                findings.append(make("workbook-na-choice-invalid", cells[(node_id, STAGES[i], NA_FIELD)], value=text))
            continue
        if not is_blank_input(got[i]):
            findings.append(make("workbook-na-with-values", cells[(node_id, STAGES[i], NA_FIELD)],
                                 stage=STAGE_VI[STAGES[i]]))
        got[i] = NA_TEXT
    raw = lines[reason_slot][0] if reason_slot is not None else None
    return None if raw is None or raw == "" else free_text(raw)


_APPLIES = {"áp dụng", "có áp dụng", "có"}


def _fold(text: str | None) -> str:
    return " ".join((text or "").casefold().split())


def _cleaned(raw: Any, memo: dict[Any, tuple[Any, list[Note]]], field: InputField) -> tuple[Any, list[Note]]:
    """One input cell's value and notes, memoised per field by the raw engine value (the reader
    looks the memo up itself first; this is the miss)."""
    key = (raw.__class__, raw)  # True and 1.0 are equal keys, but not equal inputs
    try:
        return memo[key]
    except KeyError:
        cleaned = _clean(field, grid_value(raw))
        if len(memo) < FIELD_MEMO_SIZE:  # a field rarely sees more values; odd rounds stay bounded
            memo[key] = cleaned
        return cleaned


def _clean(field: InputField, raw: Any) -> tuple[Any, list[Note]]:
    if field.kind == "boolean":
        return as_boolean(raw)
    if field.kind == "choice":
        return as_choice(raw, field.choices)
    return as_number(raw, integer=field.kind == "integer")


def _fetch(rows: Sequence[Sequence[Any]], wanted: tuple[int, ...], cols: tuple[int, ...]) -> list[tuple[Any, ...]]:
    """The needed cells of the needed rows (engines give rectangular grids: one C-level pick per
    row; a ragged or short grid takes the careful path, blanks as None)."""
    pick = itemgetter(*cols)
    try:
        return [pick(rows[r]) for r in wanted]
    except IndexError:
        lines = []
        for r in wanted:
            line = rows[r] if r < len(rows) else ()
            lines.append(tuple(line[c] if c < len(line) else None for c in cols))
        return lines


# --- the plan, once per (layout, unit type) ------------------------------------------------------

@dataclass(frozen=True)
class _Entry:
    """One answer the reader fills: a criterion, pool item or fact and its input fields."""

    id: str
    fields: tuple[InputField, ...]
    multi: bool  # a dict answer with one sub-row per field (criteria with other than one field)
    na: bool = False  # the unit may declare it "Không áp dụng" (two more rows)


#: Per answer: (id, multi, inputs, slot of the row holding its notes or None, slots of its
#: "Không áp dụng" and reason rows or None where it has none); per input field:
#: (field, its row's slot or None, the workbook-row-missing finding if None, its value memo).
_Target = tuple[str, bool, tuple[tuple[InputField, "int | None", "Finding | None", dict], ...], "int | None",
                "tuple[int | None, int | None] | None"]


@dataclass(frozen=True)
class _Plan:
    targets: tuple[_Target, ...]
    rows: tuple[int, ...]  # the rows to fetch; slots index this
    cols: tuple[int, ...]  # the ROW_CELLS columns
    refs: CellRefs


def _plan_of(index: RulesetIndex, layout: ScoreLayout, unit_type: str) -> _Plan:
    """The reading plan of ``unit_type`` in sheets of ``layout`` (memoised on the layout)."""
    key = ("reading", id(index), unit_type)
    hit = layout.memo.get(key)
    if hit is None or hit[0] is not index:
        hit = layout.memo[key] = (index, _make_plan(index, layout, unit_type))
    return hit[1]


def _entries(index: RulesetIndex, unit_type: str) -> list[_Entry]:
    """What a unit type answers, in order: applicable leaves, pool items, facts."""
    entries = [_Entry(info.id, info.fields, len(info.fields) != 1,
                      info.node.unit_may_declare_not_applicable is not None)
               for info in index.leaves if info.applies(unit_type)]
    entries += [_Entry(p.item.id, (InputField(COUNT_FIELD, p.item.name, "integer"),), False)
                for p in index.pool_items if unit_type in p.applies_to]
    entries += [_Entry(f.fact.id, (InputField(COUNT_FIELD, f.fact.name, f.fact.kind),), False)
                for f in index.facts if unit_type in f.applies_to]
    return entries


def _make_plan(index: RulesetIndex, layout: ScoreLayout, unit_type: str) -> _Plan:
    targets: list[_Target] = []
    refs: CellRefs = {}
    slots: dict[int, int] = {}

    def slot(row: int) -> int:
        return slots.setdefault(row, len(slots))

    for entry in _entries(index, unit_type):
        inputs = []
        for field in entry.fields:
            row = layout.rows.get((entry.id, field.key))
            missing = None if row is not None else _row_missing(layout, entry, field)
            inputs.append((field, None if row is None else slot(row), missing, {}))
            for stage in STAGES if row is not None else ():
                ref = refs[(entry.id, stage, field.key)] = (row, layout.cols[stage], stage, field.key)
                refs.setdefault((entry.id, stage, None), ref)
        id_row = layout.main.get(entry.id)
        if id_row is None:
            id_row = min((r for (i, _), r in layout.rows.items() if i == entry.id), default=None)
        if id_row is not None:
            refs[(entry.id, None, None)] = (id_row, layout.cols["id"], None, None)
        main = layout.main.get(entry.id)
        if main is not None:  # where an evidence-missing finding points
            refs[(entry.id, "self", "evidence")] = (main, layout.cols["evidence"], "self", "evidence")
        na_rows = None
        if entry.na:
            na_rows = tuple(None if row is None else slot(row) for row in
                            (layout.rows.get((entry.id, NA_FIELD)), layout.rows.get((entry.id, REASON_FIELD))))
            for key, stages in ((NA_FIELD, STAGES), (REASON_FIELD, ("self",))):
                row = layout.rows.get((entry.id, key))
                for stage in stages if row is not None else ():
                    refs[(entry.id, stage, key)] = (row, layout.cols[stage], stage, key)
        targets.append((entry.id, entry.multi, tuple(inputs), None if main is None else slot(main), na_rows))
    return _Plan(tuple(targets), tuple(slots), tuple(layout.cols[key] for key in ROW_CELLS), refs)


def _row_missing(layout: ScoreLayout, entry: _Entry, field: InputField) -> Finding:
    suffix = f" (ô nhập '{field.key}')" if entry.multi else ""
    return make("workbook-row-missing", Location(sheet=layout.sheet, criterion_id=entry.id),
                id=entry.id, field=suffix, sheet=layout.sheet)
