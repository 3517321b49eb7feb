"""``read_workbook(path, ruleset, engine)``: a filled template → :class:`SubmissionInput`.

Order of work: refuse unusable files (:mod:`~scoring.workbook.safety`), open with python-calamine
(default, ~1 ms) or openpyxl (read-only; same results), check the ruleset id, version and
fingerprint stored in the veryHidden ``_dvk`` sheet, then read unit details and every criterion
row by id (:mod:`~scoring.workbook.scan`), cleaning human input (:mod:`~scoring.workbook.hygiene`)
with a located warning for everything assumed.  Values the reader cannot accept are passed on so
the engine reports them once; the CellMap lets ``scoring.pipeline`` locate those findings.

Speed: only the three sheets it needs are parsed, each once.  What to read where (rows of each
input, the cell map) depends only on the sheet's layout and the unit type, so it is worked out
once per template shape (:func:`_reading`) and each workbook only reads its input cells; a cell
without a finding never gets a Location.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scoring.findings import DvkError, Finding, Location, make
from scoring.methods import InputField
from scoring.ruleset.index import RulesetIndex, index_of
from scoring.ruleset.models import Ruleset
from scoring.submission import Answer, RulesetRef, Submission, SubmissionInput, Unit
from scoring.workbook import codes  # noqa: F401  (registers the finding codes)
from scoring.workbook.grid import Book, Grid, grid_value
from scoring.workbook.hygiene import (
    Note, as_boolean, as_choice, as_date, as_number, clean_text, free_text, is_blank,
)
from scoring.workbook.layout import (
    APPRAISER_ONLY, COUNT_FIELD, DETAILS, FORMAT, SHEET_DETAILS, SHEET_META, SHEET_SCORES, a1,
)
from scoring.workbook.safety import check_file
from scoring.workbook.scan import CellRef, ScoreLayout, SheetCells, scan_details, scan_scores

STAGES = ("self", "appraisal")


def read_workbook(path: str | Path, ruleset: Ruleset, engine: str = "calamine") -> SubmissionInput:
    """Read a filled template; raise :class:`DvkError` when the file is unusable.

    Returns the submission, the reader's findings (warnings for assumptions, errors for cells it
    cannot accept) and the CellMap ``{(id, stage, field): Location}`` (``(id, None, None)`` is the
    row's id cell).
    """
    path = Path(path)
    data = check_file(path, members=engine != "calamine")  # calamine: see scoring.workbook.safety
    book = Book(path, engine, data)
    try:
        return _Reader(path, book, index_of(ruleset)).read()
    finally:
        book.close()


class _Reader:
    def __init__(self, path: Path, book: Book, index: RulesetIndex):
        self.path, self.book, self.index = path, book, index
        self.findings: list[Finding] = []
        self.cells = SheetCells(SHEET_SCORES, {})

    def fail(self, code: str, location: Location | None = None, **params: Any) -> DvkError:
        where = (location or Location()).merged(Location(file=str(self.path)))
        return DvkError([make(code, where, **params)])

    def read(self) -> SubmissionInput:
        sheets = self._sheets()
        unit_type, stored = self._identity(self.book.grid(sheets[SHEET_META]))
        details = self._details(self.book.grid(sheets[SHEET_DETAILS]), unit_type)
        grid = self.book.grid(sheets[SHEET_SCORES])
        layout = scan_scores(grid, self.index)
        self.findings.extend(layout.findings)
        answers = self._answers(grid, layout, unit_type)
        rs = self.index.ruleset
        submission = Submission(
            ruleset=RulesetRef(id=rs.id, version=rs.version, fingerprint=stored),
            unit=Unit(code=details["unit_code"], name=details["unit_name"], unit_type=unit_type),
            year=details["year"], prepared_by=details.get("prepared_by"),
            prepared_on=details.get("prepared_on"), answers=answers)
        return SubmissionInput(submission, tuple(self.findings), self.cells)

    # --- sheets and identity -----------------------------------------------------------------
    def _sheets(self) -> dict[str, str]:
        found = {name: self.book.find(name) for name in (SHEET_META, SHEET_DETAILS, SHEET_SCORES)}
        missing = [name for name, actual in found.items() if actual is None]
        if missing:
            present = ", ".join(f"'{n}'" for n in self.book.sheet_names) or "không có trang nào"
            raise DvkError([make("workbook-sheet-missing", Location(file=str(self.path), sheet=name),
                                 sheet=name, present=present) for name in missing])
        return found  # type: ignore[return-value]

    def _identity(self, grid: Grid) -> tuple[str, str]:
        meta = {str(line[0]).strip(): line[1] for line in map(grid.line, range(len(grid)))
                if len(line) >= 2 and line[0] is not None}
        where = Location(sheet=grid.name)
        rs = self.index.ruleset
        if meta.get("format") != FORMAT:
            raise self.fail("workbook-structure", where, sheet=grid.name,
                            reason="không có thông tin bộ tiêu chí của biểu mẫu dvk")
        got_id, got_version = _text(meta.get("ruleset_id")), _text(meta.get("ruleset_version"))
        if (got_id, got_version) != (rs.id, rs.version):
            raise self.fail("workbook-ruleset-version", where, got=got_id, got_version=got_version,
                            expected=rs.id, expected_version=rs.version)
        stored, expected = _text(meta.get("fingerprint")), index_of(rs).fingerprint
        if stored != expected:
            raise self.fail("workbook-fingerprint", where, got=stored, expected=expected, version=rs.version)
        unit_type = _text(meta.get("unit_type"))
        known = [u.id for u in rs.unit_types]
        if unit_type not in known:
            raise self.fail("workbook-unit-type", where, unit_type=unit_type, known=", ".join(known))
        return unit_type, stored

    # --- unit details --------------------------------------------------------------------------
    def _details(self, grid: Grid, unit_type: str) -> dict[str, Any]:
        cells = scan_details(grid)
        out: dict[str, Any] = {}
        for key in ("unit_name", "unit_code", "prepared_by"):
            out[key] = self._detail_text(grid, cells, key)
        out["year"] = self._year(grid, cells)
        out["prepared_on"] = self._date(grid, cells)
        if out["unit_name"] is None:
            out["unit_name"] = "(chưa nhập tên đơn vị)"
        if out["unit_code"] is None:
            out["unit_code"] = "(chưa nhập mã đơn vị)"
        return out

    def _detail_where(self, grid: Grid, cells: dict[str, tuple[int, int]], key: str) -> Location:
        if key not in cells:
            return Location(sheet=grid.name)
        return Location(sheet=grid.name, cell=a1(*cells[key]))

    def _detail_raw(self, grid: Grid, cells: dict[str, tuple[int, int]], key: str) -> Any:
        return grid.get(*cells[key]) if key in cells else None

    def _detail_text(self, grid: Grid, cells: dict[str, tuple[int, int]], key: str) -> str | None:
        raw = self._detail_raw(grid, cells, key)
        if is_blank(raw):
            if key != "prepared_by":
                self.findings.append(make("workbook-detail-missing", self._detail_where(grid, cells, key),
                                          label=DETAILS[key], sheet=grid.name))
            return None
        text, notes = clean_text(free_text(raw) if not isinstance(raw, str) else raw)
        if notes:
            self._notes(notes, self._detail_where(grid, cells, key))
        return text

    def _year(self, grid: Grid, cells: dict[str, tuple[int, int]]) -> int:
        raw = self._detail_raw(grid, cells, "year")
        fallback = self.index.ruleset.effective.start.year
        if is_blank(raw):
            self.findings.append(make("workbook-detail-missing", self._detail_where(grid, cells, "year"),
                                      label=DETAILS["year"], sheet=grid.name))
            return fallback
        value, notes = as_number(raw, integer=True)
        if isinstance(value, int) and 2000 <= value <= 2100:
            if notes:
                self._notes(notes, self._detail_where(grid, cells, "year"))
            return value
        self.findings.append(make("workbook-detail-invalid", self._detail_where(grid, cells, "year"),
                                  label=DETAILS["year"], value=raw,
                                  reason="năm phải là số nguyên có 4 chữ số, từ 2000 đến 2100"))
        return fallback

    def _date(self, grid: Grid, cells: dict[str, tuple[int, int]]) -> Any:
        raw = self._detail_raw(grid, cells, "prepared_on")
        day, notes, ok = as_date(raw)
        if notes or not ok:
            where = self._detail_where(grid, cells, "prepared_on")
            self._notes(notes, where)
            if not ok:
                self.findings.append(make("workbook-date-ignored", where, raw=raw))
        return day

    def _notes(self, notes: list[Note], where: Location) -> None:
        self.findings.extend(make(code, where, **params) for code, params in notes)

    # --- criteria, pool items, facts ---------------------------------------------------------
    def _answers(self, grid: Grid, layout: ScoreLayout, unit_type: str) -> dict[str, dict[str, Any]]:
        """Each answer as the dict :class:`Answer` validates (one validation for the whole
        submission is cheaper than one model per criterion)."""
        targets, refs = _reading(self.index, layout, unit_type)
        self.cells = SheetCells(layout.sheet, refs)
        row_of = _RowReader(grid.rows, layout.cols)
        answers: dict[str, dict[str, Any]] = {}
        for target in targets:
            stages: list[Any] = [{}, {}] if target.multi else [None, None]
            main = None
            for field, row, missing, memo in target.inputs:
                if row is None:
                    self.findings.append(missing)
                    continue
                line = row_of(row)
                if row == target.main:
                    main = line
                for i in (0, 1):
                    raw = line[i]
                    if raw is None or i == 0 and raw == APPRAISER_ONLY:  # (the template's own caption)
                        continue
                    value = self._input(raw, memo, field, target.id, STAGES[i])
                    if value is None:
                        continue
                    if target.multi:
                        stages[i][field.key] = value
                    else:
                        stages[i] = value
            if target.multi:
                stages[1] = stages[1] or None
            elif target.inputs[0][1] is None:
                answers[target.id] = {}
                continue
            if main is None and target.main is not None:
                main = row_of(target.main)
            notes = [free_text(v) if v is not None else None for v in main[2:]] if main else (None, None, None)
            answers[target.id] = {"self": stages[0], "appraisal": stages[1], "evidence": notes[0],
                                  "note": notes[1], "appraisal_note": notes[2]}
        return answers

    def _input(self, raw: Any, memo: dict[Any, Any], field: InputField, node_id: str, stage: str) -> Any:
        """The cleaned value of one input cell (memoised per field: cells repeat few values)."""
        key = (raw.__class__, raw)  # True and 1.0 are equal keys, but not equal inputs
        try:
            value, notes = memo[key]
        except KeyError:
            value, notes = memo[key] = _clean(field, raw)
        except TypeError:  # pragma: no cover - calamine and openpyxl only give hashable values
            value, notes = _clean(field, raw)
        if notes:
            self._notes(notes, self.cells[(node_id, stage, field.key)])
        return value


def _clean(field: InputField, raw: Any) -> tuple[Any, list[Note]]:
    if field.kind == "boolean":
        return as_boolean(raw)
    if field.kind == "choice":
        return as_choice(raw, field.choices)
    return as_number(raw, integer=field.kind == "integer")


class _RowReader:
    """The cells of one criterion row the reader needs: self, appraisal, evidence, note, appraisal note.

    Reads the engine's rows directly (one bounds check per row, not per cell); blanks are None.
    """

    def __init__(self, rows: list[list[Any]] | list[tuple[Any, ...]], cols: dict[str, int]):
        self.rows = rows
        self.cols = tuple(cols[key] for key in ("self", "appraisal", "evidence", "note", "appraisal_note"))

    def __call__(self, row: int) -> list[Any]:
        line = self.rows[row] if 0 <= row < len(self.rows) else ()
        width = len(line)
        return [_cell(line[col]) if col < width else None for col in self.cols]


def _cell(value: Any) -> Any:
    """A cell as :class:`~scoring.workbook.grid.Grid` gives it: "" → None, midnight datetime → date."""
    if value.__class__ is str:
        return value or None
    return grid_value(value)


@dataclass(frozen=True)
class _Entry:
    """One answer the reader fills: a criterion, pool item or fact and its input fields."""

    id: str
    fields: tuple[InputField, ...]
    multi: bool  # a dict answer with one sub-row per field (criteria with other than one field)


_PLANS: dict[tuple[int, str], tuple[RulesetIndex, list[_Entry]]] = {}


def _plan(index: RulesetIndex, unit_type: str) -> list[_Entry]:
    """What a unit type answers, in order: applicable leaves, pool items, facts (cached)."""
    hit = _PLANS.get((id(index), unit_type))
    if hit is None or hit[0] is not index:
        entries = [_Entry(info.id, info.fields, len(info.fields) != 1)
                   for info in index.leaves if info.applies(unit_type)]
        entries += [_Entry(p.item.id, (InputField(COUNT_FIELD, p.item.name, "integer"),), False)
                    for p in index.pool_items if unit_type in p.applies_to]
        entries += [_Entry(f.fact.id, (InputField(COUNT_FIELD, f.fact.name, f.fact.kind),), False)
                    for f in index.facts if unit_type in f.applies_to]
        hit = (index, entries)
        _PLANS[(id(index), unit_type)] = hit
    return hit[1]


@dataclass(frozen=True)
class _Target:
    """Where one answer's inputs are in sheets of one layout."""

    id: str
    multi: bool
    #: Per input field: its row, or None and the workbook-row-missing finding to report, and the
    #: memo of its cleaned values (raw cell → value and notes; shared by this layout's workbooks).
    inputs: tuple[tuple[InputField, int | None, Finding | None, dict[Any, Any]], ...]
    main: int | None  # the row holding evidence and notes


CellRefs = dict[tuple[str, str | None, str | None], CellRef]


def _reading(index: RulesetIndex, layout: ScoreLayout, unit_type: str) -> tuple[list[_Target], CellRefs]:
    """What to read where for ``unit_type`` in sheets of ``layout``, and the cell map (memoised)."""
    hit = layout.memo.get(("reading", unit_type))
    if hit is None:
        hit = layout.memo[("reading", unit_type)] = _make_reading(index, layout, unit_type)
    return hit


def _make_reading(index: RulesetIndex, layout: ScoreLayout, unit_type: str) -> tuple[list[_Target], CellRefs]:
    targets: list[_Target] = []
    refs: CellRefs = {}
    for entry in _plan(index, unit_type):
        inputs = []
        for field in entry.fields:
            row = layout.rows.get((entry.id, field.key))
            inputs.append((field, row, None if row is not None else _row_missing(layout, entry, field), {}))
            for stage in STAGES if row is not None else ():
                ref = refs[(entry.id, stage, field.key)] = (row, layout.cols[stage], stage, field.key)
                refs.setdefault((entry.id, stage, None), ref)
        id_row = layout.main.get(entry.id)
        if id_row is None:
            id_row = min((r for (i, _), r in layout.rows.items() if i == entry.id), default=None)
        if id_row is not None:
            refs[(entry.id, None, None)] = (id_row, layout.cols["id"], None, None)
        targets.append(_Target(entry.id, entry.multi, tuple(inputs), layout.main.get(entry.id)))
    return targets, refs


def _row_missing(layout: ScoreLayout, entry: _Entry, field: InputField) -> Finding:
    suffix = f" (ô nhập '{field.key}')" if entry.multi else ""
    return make("workbook-row-missing", Location(sheet=layout.sheet, criterion_id=entry.id),
                id=entry.id, field=suffix, sheet=layout.sheet)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()

