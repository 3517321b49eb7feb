"""``read_workbook(path, ruleset, engine)``: a filled template → :class:`SubmissionInput`.

Order of work: refuse unusable files (:mod:`~scoring.formats.safety`), open with python-calamine
(default, ~1 ms) or openpyxl (read-only; same results), check the ruleset id, version and
fingerprint stored in the veryHidden ``_dvk`` sheet, then read unit details and every criterion
row by id (:mod:`~scoring.workbook.scan`, :mod:`~scoring.workbook.answers`), cleaning human input
(:mod:`~scoring.workbook.hygiene`) with a located warning for everything assumed.  Values the reader cannot accept are passed on so
the engine reports them once; the CellMap lets ``scoring.intake.pipeline`` locate those findings.

Two steps: :func:`open_workbook` does all the file I/O and parsing (the file is read once, its
bytes go to the zip check, then to calamine, and only the three sheets dvk needs are parsed), and
:func:`read_opened` reads the parsed grids; a batch opens a run of files before reading them
(see :func:`scoring.intake.batch.evaluate_many`).  What to read where depends only on the sheet's
layout and the unit type, so it is planned once per template shape
(:mod:`~scoring.workbook.answers`); the identity sheet, the same in every workbook of a template,
is checked once per content.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scoring.core.findings import DvkError, Finding, Location, make
from scoring.engine.submission import Submission, SubmissionInput
from scoring.formats.grid import Grid, open_book
from scoring.rules.index import RulesetIndex, index_of
from scoring.rules.models import Ruleset
from scoring.workbook.answers import read_answers
from scoring.workbook.cellcheck import (
    detail_inputs,
    formula_inputs,
    merged_inputs,
    score_inputs,
)
from scoring.workbook.hygiene import (
    Note,
    as_date,
    as_number,
    clean_text,
    free_text,
    is_blank,
)
from scoring.workbook.layout import (
    DETAILS,
    FORMAT,
    PREFILLED,
    SHEET_DETAILS,
    SHEET_META,
    SHEET_SCORES,
    a1,
)
from scoring.workbook.scan import ScoreLayout, SheetCells, scan_details, scan_scores


def read_workbook(path: str | Path, ruleset: Ruleset, engine: str = "calamine") -> SubmissionInput:
    """Read a filled template; raise :class:`DvkError` when the file is unusable.

    Returns the submission, the reader's findings (warnings for assumptions, errors for cells it
    cannot accept) and the CellMap ``{(id, stage, field): Location}`` (``(id, None, None)`` is the
    row's id cell).
    """
    return read_opened(open_workbook(path, engine), ruleset)


@dataclass(frozen=True)
class OpenedWorkbook:
    """A workbook checked and parsed, not yet read: the grids of the sheets dvk reads."""

    path: Path
    grids: dict[str, Grid]  # by the name dvk gives the sheet (the file's may differ in case)


def open_workbook(path: str | Path, engine: str = "calamine") -> OpenedWorkbook:
    """Refuse an unusable file, then parse the three sheets dvk reads (all the file I/O and
    parsing of :func:`read_workbook`); raise :class:`DvkError` when the file is unusable."""
    path = Path(path)
    book = open_book(path, engine)
    try:
        found = {name: book.find(name) for name in (SHEET_META, SHEET_DETAILS, SHEET_SCORES)}
        missing = [name for name, actual in found.items() if actual is None]
        if missing:
            present = ", ".join(f"'{n}'" for n in book.sheet_names) or "không có trang nào"
            raise DvkError([make("workbook-sheet-missing", Location(file=str(path), sheet=name),
                                 sheet=name, present=present) for name in missing])
        return OpenedWorkbook(path, {name: book.grid(actual) for name, actual in found.items()})  # type: ignore[arg-type]
    finally:
        book.close()


def read_opened(opened: OpenedWorkbook, ruleset: Ruleset) -> SubmissionInput:
    """:func:`read_workbook` of a workbook already opened by :func:`open_workbook`."""
    return _Reader(opened.path, opened.grids, index_of(ruleset)).read()


class _Reader:
    def __init__(self, path: Path, grids: dict[str, Grid], index: RulesetIndex):
        self.path, self.grids, self.index = path, grids, index
        self.findings: list[Finding] = []
        self.cells = SheetCells(SHEET_SCORES, {})

    def fail(self, code: str, location: Location | None = None, **params: Any) -> DvkError:
        where = (location or Location()).merged(Location(file=str(self.path)))
        return DvkError([make(code, where, **params)])

    def read(self) -> SubmissionInput:
        unit_type, stored = self._identity(self.grids[SHEET_META])
        details = self._details(self.grids[SHEET_DETAILS], unit_type)
        self._check_prefilled()
        grid = self.grids[SHEET_SCORES]
        layout = scan_scores(grid, self.index, hint=unit_type)
        self.findings.extend(layout.findings)
        blanks: list[tuple[str, str]] = []
        answers, self.cells = read_answers(grid.rows, layout, self.index, unit_type, self.findings, blanks)
        if blanks or grid.merges:  # (the sheet's XML is read only for blank self-assessment cells)
            self._lost_inputs(grid, layout, blanks)
        rs = self.index.ruleset
        submission = Submission(  # one validation, nested parts included
            ruleset={"id": rs.id, "version": rs.version, "fingerprint": stored},
            unit={"code": details["unit_code"], "name": details["unit_name"], "unit_type": unit_type},
            year=details["year"], prepared_by=details.get("prepared_by"),
            prepared_on=details.get("prepared_on"), answers=answers)
        return SubmissionInput(submission, tuple(self.findings), self.cells)

    # --- identity ------------------------------------------------------------------------------
    def _identity(self, grid: Grid) -> tuple[str, str]:
        """(unit type, stored fingerprint); the same sheet content was checked once already (a
        unit's own template differs from its type's only by the prefilled rows, which the check
        does not read: they stay out of the key, so a round of per-unit files is checked once a type)."""
        key = (id(self.index), grid.name, tuple(tuple(row) for row in grid.rows
                                                if not (row and isinstance(row[0], str) and row[0].startswith(PREFILLED))))
        try:
            hit = _IDENTITIES.get(key)
        except TypeError:  # pragma: no cover - engines give hashable cell values
            return self._check_identity(grid)
        if hit is None or hit[0] is not self.index:
            if len(_IDENTITIES) >= IDENTITY_CACHE_SIZE:
                _IDENTITIES.clear()
            hit = _IDENTITIES[key] = (self.index, self._check_identity(grid))
        return hit[1]

    def _check_identity(self, grid: Grid) -> tuple[str, str]:
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

    def _lost_inputs(self, grid: Grid, layout: ScoreLayout, blanks: list[tuple[str, str]]) -> None:
        """Input cells a merge hides, and blank self-assessment cells holding an uncomputed formula."""
        inputs = score_inputs(layout, self.cells, id(self.cells.refs))
        self.findings.extend(merged_inputs(grid, inputs))
        refs = self.cells.refs
        cells = [(row, col, (node_id, "self", key)) for node_id, key in blanks
                 for row, col, _, _ in (refs[(node_id, "self", key)],)]
        self.findings.extend(formula_inputs(self.path, grid, cells))

    # --- unit details --------------------------------------------------------------------------
    def _details(self, grid: Grid, unit_type: str) -> dict[str, Any]:
        cells = scan_details(grid)
        if grid.merges:
            self.findings.extend(merged_inputs(grid, detail_inputs(cells)))
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

    def _check_prefilled(self) -> None:
        """A unit's own template keeps its name, code and year in ``_dvk`` too (see
        :class:`~scoring.workbook.template.UnitPrefill`): a locked cell changed anyway is refused,
        located, since the file would otherwise count for another unit or year."""
        meta = self.grids[SHEET_META]
        kept = {line[0].strip()[len(PREFILLED):]: line[1] for line in map(meta.line, range(len(meta)))
                if len(line) >= 2 and isinstance(line[0], str) and line[0].strip().startswith(PREFILLED)}
        grid = self.grids[SHEET_DETAILS]
        cells = scan_details(grid) if kept else {}
        for key, expected in kept.items():
            got = self._detail_raw(grid, cells, key)
            if key in DETAILS and _plain(got) != _plain(expected):
                self.findings.append(make("workbook-prefilled-changed", self._detail_where(grid, cells, key),
                                          label=DETAILS[key], expected=_plain(expected),
                                          got=_plain(got) or "(trống)", sheet=grid.name))

    def _uncomputed(self, grid: Grid, cells: dict[str, tuple[int, int]], key: str) -> bool:
        """Whether the blank detail ``key`` holds a formula saved without its value (then said so)."""
        if key not in cells:
            return False
        found = formula_inputs(self.path, grid, [(*cells[key], (None, None, key))])
        self.findings.extend(found)
        return bool(found)

    def _detail_where(self, grid: Grid, cells: dict[str, tuple[int, int]], key: str) -> Location:
        if key not in cells:
            return Location(sheet=grid.name)
        return Location(sheet=grid.name, cell=a1(*cells[key]))

    def _detail_raw(self, grid: Grid, cells: dict[str, tuple[int, int]], key: str) -> Any:
        return grid.get(*cells[key]) if key in cells else None

    def _detail_text(self, grid: Grid, cells: dict[str, tuple[int, int]], key: str) -> str | None:
        raw = self._detail_raw(grid, cells, key)
        if is_blank(raw):
            # (an optional detail left blank is common: its cell is not looked into)
            if key != "prepared_by" and not self._uncomputed(grid, cells, key):
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
            if not self._uncomputed(grid, cells, "year"):
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

#: Identity sheets already checked (every workbook from one template has the same one); only
#: sheets that pass are kept, so a refused one is checked, and explained, every time.
_IDENTITIES: dict[tuple[Any, ...], tuple[RulesetIndex, tuple[str, str]]] = {}
IDENTITY_CACHE_SIZE = 64


def _plain(value: Any) -> str:
    """A detail's text as compared with its prefilled value: NFC, single spaces."""
    return " ".join(unicodedata.normalize("NFC", _text(value)).split())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()

