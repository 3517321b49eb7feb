"""``read_workbook(path, ruleset, engine)``: a filled template → :class:`SubmissionInput`.

Order of work: refuse unusable files (:mod:`~scoring.workbook.safety`), open with python-calamine
(default, ~2 ms) or openpyxl (read-only; same results), check the ruleset id, version and
fingerprint stored in the veryHidden ``_dvk`` sheet, then read unit details and every criterion
row by id (:mod:`~scoring.workbook.scan`), cleaning human input (:mod:`~scoring.workbook.hygiene`)
with a located warning for everything assumed.  Values the reader cannot accept are passed on so
the engine reports them once; the CellMap lets ``scoring.pipeline`` locate those findings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scoring.findings import DvkError, Finding, Location, make
from scoring.methods import InputField
from scoring.ruleset.index import NodeInfo, RulesetIndex, index_of
from scoring.ruleset.models import Ruleset
from scoring.submission import Answer, CellMap, RulesetRef, Submission, SubmissionInput, Unit
from scoring.workbook import codes  # noqa: F401  (registers the finding codes)
from scoring.workbook.grid import Book, Grid
from scoring.workbook.hygiene import (
    Note, as_boolean, as_choice, as_date, as_number, clean_text, free_text, is_blank,
)
from scoring.workbook.layout import (
    APPRAISER_ONLY, COUNT_FIELD, DETAILS, FORMAT, SHEET_DETAILS, SHEET_META, SHEET_SCORES, a1,
)
from scoring.workbook.safety import check_file
from scoring.workbook.scan import ScoreLayout, scan_details, scan_scores

STAGES = ("self", "appraisal")


def read_workbook(path: str | Path, ruleset: Ruleset, engine: str = "calamine") -> SubmissionInput:
    """Read a filled template; raise :class:`DvkError` when the file is unusable.

    Returns the submission, the reader's findings (warnings for assumptions, errors for cells it
    cannot accept) and the CellMap ``{(id, stage, field): Location}`` (``(id, None, None)`` is the
    row's id cell).
    """
    path = Path(path)
    check_file(path)
    book = Book(path, engine)
    try:
        return _Reader(path, book, index_of(ruleset)).read()
    finally:
        book.close()


class _Reader:
    def __init__(self, path: Path, book: Book, index: RulesetIndex):
        self.path, self.book, self.index = path, book, index
        self.findings: list[Finding] = []
        self.cells: CellMap = {}

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
        meta = {str(row[0]).strip(): row[1] for row in grid.rows if len(row) >= 2 and row[0] is not None}
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
        where = self._detail_where(grid, cells, key)
        if is_blank(raw):
            if key != "prepared_by":
                self.findings.append(make("workbook-detail-missing", where, label=DETAILS[key], sheet=grid.name))
            return None
        text, notes = clean_text(free_text(raw) if not isinstance(raw, str) else raw)
        self._notes(notes, where)
        return text

    def _year(self, grid: Grid, cells: dict[str, tuple[int, int]]) -> int:
        raw = self._detail_raw(grid, cells, "year")
        where = self._detail_where(grid, cells, "year")
        fallback = self.index.ruleset.effective.start.year
        if is_blank(raw):
            self.findings.append(make("workbook-detail-missing", where, label=DETAILS["year"], sheet=grid.name))
            return fallback
        value, notes = as_number(raw, integer=True)
        if isinstance(value, int) and 2000 <= value <= 2100:
            self._notes(notes, where)
            return value
        self.findings.append(make("workbook-detail-invalid", where, label=DETAILS["year"], value=raw,
                                  reason="năm phải là số nguyên có 4 chữ số, từ 2000 đến 2100"))
        return fallback

    def _date(self, grid: Grid, cells: dict[str, tuple[int, int]]) -> Any:
        raw = self._detail_raw(grid, cells, "prepared_on")
        where = self._detail_where(grid, cells, "prepared_on")
        day, notes, ok = as_date(raw)
        self._notes(notes, where)
        if not ok:
            self.findings.append(make("workbook-date-ignored", where, raw=raw))
        return day

    def _notes(self, notes: list[Note], where: Location) -> None:
        self.findings.extend(make(code, where, **params) for code, params in notes)

    # --- criteria, pool items, facts ---------------------------------------------------------
    def _answers(self, grid: Grid, layout: ScoreLayout, unit_type: str) -> dict[str, Answer]:
        answers: dict[str, Answer] = {}
        for info in self.index.leaves:
            if info.applies(unit_type):
                answers[info.id] = self._leaf(grid, layout, info)
        for item in self.index.pool_items:
            if unit_type in item.applies_to:
                field = InputField(COUNT_FIELD, item.item.name, "integer")
                answers[item.item.id] = self._single(grid, layout, item.item.id, field)
        for fact in self.index.facts:
            if unit_type in fact.applies_to:
                field = InputField(COUNT_FIELD, fact.fact.name, fact.fact.kind)
                answers[fact.fact.id] = self._single(grid, layout, fact.fact.id, field)
        return answers

    def _leaf(self, grid: Grid, layout: ScoreLayout, info: NodeInfo) -> Answer:
        if len(info.fields) == 1:
            return self._single(grid, layout, info.id, info.fields[0])
        values: dict[str, dict[str, Any]] = {"self": {}, "appraisal": {}}
        for field in info.fields:
            row = self._row(layout, info.id, field.key, len(info.fields) > 1)
            if row is None:
                continue
            for stage in STAGES:
                value = self._input(grid, layout, info.id, stage, field, row)
                if value is not None:
                    values[stage][field.key] = value
        self._map_main(layout, info.id)
        appraisal = values["appraisal"] or None
        return Answer(self=values["self"], appraisal=appraisal, **self._notes_of(grid, layout, info.id))

    def _single(self, grid: Grid, layout: ScoreLayout, node_id: str, field: InputField) -> Answer:
        row = self._row(layout, node_id, field.key, False)
        self._map_main(layout, node_id)
        if row is None:
            return Answer()
        got = {stage: self._input(grid, layout, node_id, stage, field, row) for stage in STAGES}
        return Answer(self=got["self"], appraisal=got["appraisal"], **self._notes_of(grid, layout, node_id))

    def _row(self, layout: ScoreLayout, node_id: str, key: str, multi: bool) -> int | None:
        row = layout.rows.get((node_id, key))
        if row is None:
            suffix = f" (ô nhập '{key}')" if multi else ""
            self.findings.append(make("workbook-row-missing", Location(sheet=layout.sheet, criterion_id=node_id),
                                      id=node_id, field=suffix, sheet=layout.sheet))
        return row

    def _map_main(self, layout: ScoreLayout, node_id: str) -> None:
        row = layout.main.get(node_id)
        if row is None:
            row = min((r for (i, _), r in layout.rows.items() if i == node_id), default=None)
        if row is not None:
            self.cells[(node_id, None, None)] = layout.where(row, "id", node_id)

    def _input(self, grid: Grid, layout: ScoreLayout, node_id: str, stage: str, field: InputField,
               row: int) -> Any:
        where = layout.where(row, stage, node_id, stage=stage, field=field.key)
        self.cells[(node_id, stage, field.key)] = where
        self.cells.setdefault((node_id, stage, None), where)
        raw = grid.get(row, layout.cols[stage])
        if raw == APPRAISER_ONLY and stage == "self":  # the template's own caption, not an input
            raw = None
        if field.kind == "boolean":
            value, notes = as_boolean(raw)
        elif field.kind == "choice":
            value, notes = as_choice(raw, field.choices)
        else:
            value, notes = as_number(raw, integer=field.kind == "integer")
        self._notes(notes, where)
        return value

    def _notes_of(self, grid: Grid, layout: ScoreLayout, node_id: str) -> dict[str, str | None]:
        row = layout.main.get(node_id)
        if row is None:
            return {}
        return {key: free_text(grid.get(row, layout.cols[key]))
                for key in ("evidence", "note", "appraisal_note")}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()

