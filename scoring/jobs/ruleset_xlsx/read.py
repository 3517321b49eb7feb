"""``dvk ruleset from-xlsx``: a ruleset workbook (as :mod:`~scoring.jobs.ruleset_xlsx.write` lays it out)
back to ruleset JSON, every unreadable cell a located finding (sheet, cell).

This module only reads cells into JSON data; whether that data is a good ruleset is then decided
by the normal loader (:func:`scoring.rules.load.parse_ruleset`), as for any JSON file.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from scoring.core.findings import DvkError, Finding, Location, make
from scoring.jobs.ruleset_xlsx.cells import (
    SETTING_BY_WORDS,
    Bad,
    blank,
    choice,
    choice_list,
    convert,
    setting_value,
    shown,
)
from scoring.jobs.ruleset_xlsx.gates import (
    CONDITION_HEADINGS,
    GATE_ONLY,
    GATES,
    H_COMBINE,
    H_ID,
    condition_from,
)
from scoring.jobs.ruleset_xlsx.layout import (
    CRITERIA_COLUMNS,
    GROUP_LABEL,
    INFO_COLUMNS,
    INFO_OBJECTS,
    ITEM_KEYS,
    METHODS,
    NA_ALLOWED,
    NA_REASON,
    PER_TYPE,
    POOL_COLUMNS,
    POOLS,
    SHEET_CRITERIA,
    SHEET_INFO,
    SHEET_POOLS,
    TABLES,
    Col,
    method_type,
    na_value,
    threshold_caption,
)
from scoring.jobs.ruleset_xlsx.names import (
    choice_words,
    name_classes,
    name_unit_types,
    per_type_words,
)
from scoring.jobs.ruleset_xlsx.origin import Origins, Spot, parse_path
from scoring.jobs.ruleset_xlsx.register import MODEL_INPUTS, RECOGNITION, read_model_inputs, recognition_value
from scoring.jobs.ruleset_xlsx.settings import fold
from scoring.rules.models import Criterion, Ruleset

_ABSENT = object()
_HEADER_ROWS = 15


def read_ruleset_xlsx(path: str | Path) -> tuple[dict[str, Any] | None, list[Finding]]:
    """The ruleset JSON data in the workbook at ``path`` (None when a cell is wrong) and the findings.

    An unusable file (not an xlsx, a zip bomb…) raises :class:`DvkError` as every workbook reader does.
    """
    reader = _read(Path(path))
    errors = [f for f in reader.findings if f.is_error]
    return (None if errors else reader.data), reader.findings


def check_ruleset_xlsx(path: str | Path) -> tuple[dict[str, Any] | None, list[Finding]]:
    """Read the workbook at ``path`` and check the ruleset it holds as ``dvk check`` does, in one
    wave: the cells' findings and the check's, every one located at a sheet and cell with its
    column's heading.  Returns the JSON data (None while any error stands) and the findings."""
    from scoring.rules.load import parse_ruleset

    reader = _read(Path(path))
    _, checked = parse_ruleset(reader.data, str(path))
    bad_rows = {_row(f.location) for f in reader.findings if f.is_error}
    findings = list(reader.findings)
    for finding in checked:
        finding = replace(finding, message=per_type_words(finding.message, reader.data))
        moved, spot = reader.origins.relocate(finding, reader.data, str(path), _fallback(finding))
        moved = replace(moved, message=choice_words(moved.message, spot.heading))
        if spot.row() not in bad_rows and moved not in findings:  # a cell already refused: said once
            findings.append(moved)
    return (None if any(f.is_error for f in findings) else reader.data), findings


def ruleset_from_xlsx(path: str | Path, out: str | Path) -> tuple[Path | None, list[Finding]]:
    """Read and check the workbook at ``path`` (:func:`check_ruleset_xlsx`); when no error stands,
    write the ruleset JSON to ``out``.  Returns the written path (None if not written) and the findings."""
    from scoring.formats.files import output_file
    from scoring.jobs.ruleset_xlsx.layout import dump_pretty

    data, findings = check_ruleset_xlsx(path)
    if data is None:
        return None, findings
    with output_file(out) as tmp:
        tmp.write_text(dump_pretty(data) + "\n", encoding="utf-8")
    return Path(out), findings


def _read(path: Path) -> _Reader:
    from scoring.formats.grid import Book
    from scoring.formats.safety import check_file

    book = Book(path, "calamine", check_file(path, members=False))
    reader = _Reader(str(path))
    try:
        names = [SHEET_INFO, SHEET_CRITERIA, SHEET_POOLS, *(t.sheet for t in TABLES)]
        found = {name: book.find(name) for name in names}
        optional = {t.sheet for t in TABLES if t.optional}
        missing = [n for n, actual in found.items() if actual is None and n not in optional]
        if missing:
            raise DvkError([make("ruleset-xlsx-missing-sheet", Location(file=str(path), sheet=n), sheet=n)
                            for n in missing])
        reader.read({name: book.grid(actual) for name, actual in found.items() if actual is not None})
    finally:
        book.close()
    return reader


def _row(location: Location) -> tuple[str, str]:
    return Spot(location.sheet or "", location.cell, "").row()


#: The sheet a top-level key (or classification's part) is written on.
_SHEETS = {"criteria": SHEET_CRITERIA, "bonus": SHEET_POOLS, "deductions": SHEET_POOLS,
           **{"/".join(t.path): t.sheet for t in TABLES}}


def _fallback(finding: Finding) -> Spot:
    """The sheet a finding is about when no cell of it was noted (a key missing from the workbook)."""
    parts = parse_path(finding.location.json_path or "$")
    keys = [p for p in parts[:2] if isinstance(p, str)]
    sheet = _SHEETS.get("/".join(keys)) or _SHEETS.get("/".join(keys[:1])) or SHEET_INFO
    return Spot(sheet, None, "")


class _Reader:
    def __init__(self, source: str):
        self.source = source
        self.findings: list[Finding] = []
        self.owners: dict[int, dict[str, Any]] = {}  # criteria whose item rows were read (kept alive)
        self.origins = Origins()
        self.data: dict[str, Any] = {}
        self.header_rows: dict[str, int] = {}
        #: Groups' "Tối đa: <unit type>" cells, resolved once the unit types are read.
        self.per_type: list[tuple[dict[str, Any], dict[str, tuple[Any, Spot]]]] = []

    def read(self, grids: dict[str, Any]) -> None:
        """Read every sheet into :attr:`data`, noting each value's cell in :attr:`origins`."""
        data = self._info(grids[SHEET_INFO])
        data["criteria"] = self._criteria(grids[SHEET_CRITERIA])
        for record in self._records(grids[SHEET_POOLS], POOL_COLUMNS):
            pool = self._pool(record.pop("pool", None), record.pop("_where"))
            if pool:
                _place(data, (pool, "items"), record)
        recognition: list[dict[str, Any]] = []
        for spec in TABLES:
            if spec.sheet not in grids:
                continue
            if spec is GATES:
                records = self._gates(grids[spec.sheet])
            elif spec is MODEL_INPUTS:
                records = read_model_inputs(self, grids[spec.sheet], _ABSENT)
            elif spec is RECOGNITION:
                recognition = self._records(grids[spec.sheet], spec.columns)
                continue
            else:
                records = self._records(grids[spec.sheet], spec.columns)
            for record in records:
                record.pop("_where")
                _place(data, spec.path, record)
        self._resolve_per_type(data)
        name_unit_types(data)
        name_classes(data, recognition)
        if recognition:  # the rows replace a value "Thông tin" gave
            refused = {(f.location.sheet, f.location.cell) for f in self.findings}
            data["model_recognition"], found = recognition_value(recognition, self.origins, self.source, refused)
            self.findings += found
        order = [f.alias or name for name, f in Ruleset.model_fields.items()]
        ordered = [(k, data[k]) for k in sorted(data, key=lambda k: order.index(k) if k in order else len(order))]
        data.clear()  # in place: the origins noted on this very object
        data.update(ordered)
        self.data = data

    # --- finding a table's header and reading its rows ------------------------------------------
    def _rows(self, grid: Any, columns: tuple[Col, ...]) -> tuple[dict[str, int], list[tuple[int, list[Any]]]]:
        """(header → column, [(row, values)]) of the non-blank rows under the header row."""
        wanted = {fold(c.header): c.header for c in columns}
        best, best_row = {}, 0
        for r in range(min(len(grid), _HEADER_ROWS)):
            found = {wanted[fold(v)]: c for c, v in enumerate(grid.line(r)) if isinstance(v, str) and fold(v) in wanted}
            if len(found) > len(best):
                best, best_row = found, r
        missing = [col for col in columns if col.header not in best and not col.optional]
        for col in missing:
            self.findings.append(make("ruleset-xlsx-missing-column", self._at(grid, best_row, 0),
                                      sheet=grid.name, column=col.header, row=best_row + 1))
        self.header_rows[grid.name] = best_row
        if missing:
            return best, []
        # an optional column the workbook lacks (made before it was added) reads as blank
        rows = [(r, [grid.get(r, best[c.header]) if c.header in best else None for c in columns])
                for r in range(best_row + 1, len(grid))]
        return best, [(r, values) for r, values in rows if any(blank(v) is False for v in values)]

    def _spot(self, grid: Any, row: int, col: int, heading: str) -> Spot:
        at = self._at(grid, row, col)
        return Spot(grid.name, at.cell, heading)

    def _at(self, grid: Any, row: int, col: int) -> Location:
        from scoring.formats.xlsxstream import column_letter

        return Location(file=self.source, sheet=grid.name, cell=f"{column_letter(col)}{row + 1}")

    def _cell(self, grid: Any, where: dict[str, int], row: int, col: Col, raw: Any) -> Any:
        """A cell's JSON value for its column kind, ``_ABSENT`` when blank (or wrong: then a finding)."""
        if blank(raw):
            return {} if col.kind == "extra" else _ABSENT
        at = self._at(grid, row, where[col.header])
        try:
            if col.kind == "list":
                return choice_list(col.choices or "", raw)
            return choice(col.choices, convert(col.kind, raw)) if col.choices else convert(col.kind, raw)
        except Bad as bad:
            code = bad.code
            if col.key == "max" and grid.name == SHEET_CRITERIA and re.search(r"\d", str(raw)):
                code = "ruleset-xlsx-max-per-type"  # "Sở 35, Xã 40": say where per-type maxima go
            self.findings.append(make(code, at, column=col.header, value=shown(raw), reason=bad.reason,
                                      value_list=bad.reason, prefix=PER_TYPE))
            return {} if col.kind == "extra" else _ABSENT

    def _records(self, grid: Any, columns: tuple[Col, ...]) -> list[dict[str, Any]]:
        where, rows = self._rows(grid, columns)
        records = []
        for r, values in rows:
            cells = [self._cell(grid, where, r, col, raw) for col, raw in zip(columns, values)]
            records.append(self._record(grid, where, r, columns, cells))
        return records

    def _record(self, grid: Any, where: dict[str, int], r: int, columns: tuple[Col, ...],
                cells: list[Any]) -> dict[str, Any]:
        """One row's object: each keyed column's value, the extra lines' keys, every cell noted."""
        record: dict[str, Any] = {}
        self.origins.note(record, None, self._spot(grid, r, 0, columns[0].header))
        for col, value in zip(columns, cells):
            if col.header not in where:  # an optional column the workbook lacks: nothing read, nothing noted
                continue
            spot = self._spot(grid, r, where[col.header], col.header)
            if col.kind == "extra" and value is not _ABSENT:
                record.update(value)
                for key in value:
                    self.origins.note(record, key, spot)
            elif col.key:
                self.origins.note(record, col.key, spot)
                if value is not _ABSENT:
                    record[col.key] = value
        record["_where"] = self._at(grid, r, 0)
        return record

    def _gates(self, grid: Any) -> list[dict[str, Any]]:
        """The gates sheet: a gate's row, then the rows of the conditions it joins (no Mã)."""
        where, rows = self._rows(grid, GATES.columns)
        gates: list[dict[str, Any]] = []
        for r, values in rows:
            cells = [self._cell(grid, where, r, col, raw) for col, raw in zip(GATES.columns, values)]
            by = {col.header: value for col, value in zip(GATES.columns, cells)}
            condition = condition_from(by, _ABSENT)
            if condition is not None:
                for key, header in CONDITION_HEADINGS.items():
                    self.origins.note(condition, key, self._spot(grid, r, where[header], header))
                self.origins.note(condition, None, self._spot(grid, r, where[H_ID], H_ID))
            if by["Mã"] is _ABSENT and all(by[h] in (_ABSENT, {}) for h in GATE_ONLY):
                joined = gates[-1].get("when") if gates else None
                if condition is not None and isinstance(joined, dict) and set(joined) <= {"all", "any"} and joined:
                    next(iter(joined.values())).append(condition)
                else:
                    self.findings.append(make("ruleset-xlsx-condition-row", self._at(grid, r, where[H_ID])))
                continue
            gate = self._record(grid, where, r, GATES.columns, cells)
            combine = by[H_COMBINE]
            spot = self._spot(grid, r, where[H_COMBINE if combine is not _ABSENT else H_ID],
                              H_COMBINE if combine is not _ABSENT else H_ID)
            if combine is not _ABSENT:
                gate["when"] = {combine: [condition] if condition else []}
                self.origins.note(gate["when"], None, spot)
                self.origins.note(gate["when"], combine, spot)
            elif condition is not None:
                gate["when"] = condition
            self.origins.note(gate, "when", spot)
            gates.append(gate)
        return gates

    def _pool(self, text: Any, at: Location) -> str | None:
        for key, label in POOLS.items():
            if isinstance(text, str) and fold(text) in (fold(label), key):
                return key
        self.findings.append(make("ruleset-xlsx-value", at, column=POOL_COLUMNS[0].header, value=shown(text),
                                  reason=f"ghi '{POOLS['bonus']}' hoặc '{POOLS['deductions']}'"))
        return None

    # --- "Thông tin" ------------------------------------------------------------------------------
    def _info(self, grid: Any) -> dict[str, Any]:
        where, rows = self._rows(grid, INFO_COLUMNS)
        data: dict[str, Any] = {}
        notes: list[tuple[tuple[str, ...], Spot]] = []
        for r, (label, raw) in rows:
            if blank(raw):
                continue
            if blank(label):
                self.findings.append(make("ruleset-xlsx-no-key", self._at(grid, r, where["Nội dung"])))
                continue
            setting = SETTING_BY_WORDS.get(fold(str(label)))
            key = setting.key if setting else str(label).strip()
            spot = self._spot(grid, r, where["Giá trị"], setting.label if setting else key)
            head, _, sub = key.partition(".")
            path = (head, sub) if head in INFO_OBJECTS and sub else (key,)
            try:
                _place(data, path, setting_value(setting, raw), append=False)
            except Bad as bad:
                self.findings.append(make(bad.code, Location(file=self.source, sheet=spot.sheet, cell=spot.cell),
                                          column=spot.heading, value=shown(raw), reason=bad.reason, value_list=bad.reason))
            notes.append((path, spot))
        for path, spot in notes:  # after every row: a refused cell's key is noted where its object is
            owner = data.get(path[0]) if len(path) == 2 else data
            if isinstance(owner, dict):
                self.origins.note(owner, path[-1], spot, column=False)
            elif path[0] not in self.origins.spots(data):  # the whole object missing: its first row
                self.origins.note(data, path[0], spot, column=False)
        return data

    # --- "Tiêu chí" -------------------------------------------------------------------------------
    def _criteria(self, grid: Any) -> list[dict[str, Any]]:
        where, rows = self._rows(grid, CRITERIA_COLUMNS)
        header = grid.line(self.header_rows[grid.name]) if rows else []
        per_type = [(c, v.strip()[len(PER_TYPE):].strip()) for c, v in enumerate(header)
                    if isinstance(v, str) and fold(v).startswith(fold(PER_TYPE))]
        top: list[dict[str, Any]] = []
        groups: dict[str, dict[str, Any]] = {}
        last: dict[str, Any] | None = None  # the criterion whose item rows may follow
        for r, values in rows:
            cells = {c.header: self._cell(grid, where, r, c, raw) for c, raw in zip(CRITERIA_COLUMNS, values)}
            if cells["STT"] is _ABSENT:
                self._item(grid, where, r, cells, last)
                continue
            node = self._node(grid, where, r, cells)
            self._per_type_cells(grid, r, node, per_type)
            last = node if "method" in node else None
            if "children" in node:
                groups[node["id"]] = node
            parent = cells["Thuộc nhóm"]
            if parent is _ABSENT:
                top.append(node)
            elif parent in groups:
                groups[parent]["children"].append(node)
            else:
                self.findings.append(make("ruleset-xlsx-parent", self._at(grid, r, where["Thuộc nhóm"]), value=parent))
        return top

    def _per_type_cells(self, grid: Any, r: int, node: dict[str, Any], columns: list[tuple[int, str]]) -> None:
        found = {}
        for c, name in columns:
            raw = grid.get(r, c)
            spot = self._spot(grid, r, c, f"{PER_TYPE}{name}")
            if not blank(raw):
                try:
                    found[name] = (convert("number", raw), spot)
                except Bad as bad:
                    self.findings.append(make(bad.code, self._at(grid, r, c), column=spot.heading,
                                              value=shown(raw), reason=bad.reason, value_list=bad.reason))
        if found:
            self.per_type.append((node, found))

    def _resolve_per_type(self, data: dict[str, Any]) -> None:
        """Each group's per-type maxima by unit type id (a column naming no unit type: a finding)."""
        types = data.get("unit_types") if isinstance(data.get("unit_types"), list) else []
        ids = {fold(str(t.get(k))): t.get("id") for t in types if isinstance(t, dict) for k in ("id", "name")}
        for node, found in self.per_type:
            by_type = node.setdefault("max_by_unit_type", {})
            if not isinstance(by_type, dict):
                continue  # also given as a parameter line: the check says what is wrong with it
            for name, (value, spot) in found.items():
                unit_type = ids.get(fold(name))
                if unit_type is None:
                    self.findings.append(make("ruleset-xlsx-unit-type-column",
                                              Location(file=self.source, sheet=spot.sheet, cell=spot.cell),
                                              column=spot.heading, name=name))
                    continue
                by_type[unit_type] = value
                self.origins.note(node, "max_by_unit_type", spot)
                self.origins.note(by_type, unit_type, spot, column=False)

    def _node(self, grid: Any, where: dict[str, int], r: int, cells: dict[str, Any]) -> dict[str, Any]:
        node = self._node_cells(grid, where, r, cells)
        method = node.get("method")
        spot = self._spot(grid, r, where["Phương pháp chấm"], "Phương pháp chấm")
        params = self._spot(grid, r, where["Tham số"], "Tham số")
        self.origins.note(node, None, self._spot(grid, r, where["STT"], "STT"))
        for key in cells["Tham số"]:
            self.origins.note(method if isinstance(method, dict) and key in method else node, key, params)
        if isinstance(method, dict):
            self.origins.note(node, "method", spot)
            self.origins.note(method, None, spot)
            self.origins.note(method, "type", spot)
        for header, key in _NODE_COLUMNS:
            self.origins.note(node, key, self._spot(grid, r, where[header], header))
        allowance = na_value(None if cells[NA_ALLOWED] is _ABSENT else cells[NA_ALLOWED],
                             None if cells[NA_REASON] is _ABSENT else cells[NA_REASON])
        if allowance is not None:
            node["unit_may_declare_not_applicable"] = allowance
        self.origins.note(node, "unit_may_declare_not_applicable", self._spot(grid, r, where[NA_ALLOWED], NA_ALLOWED))
        return node

    def _node_cells(self, grid: Any, where: dict[str, int], r: int, cells: dict[str, Any]) -> dict[str, Any]:
        node: dict[str, Any] = {}
        for header, key in _NODE_COLUMNS:
            if cells[header] is not _ABSENT:
                node[key] = cells[header]
        for header in ("Mã mục", "Ngưỡng"):
            if cells[header] is not _ABSENT:
                self.findings.append(make("ruleset-xlsx-node-column", self._at(grid, r, where[header]), column=header))
        extra = cells["Tham số"]
        text = cells["Phương pháp chấm"]
        if isinstance(text, str) and fold(text) == fold(GROUP_LABEL):
            return {**node, **extra, "children": []}
        type_ = method_type(text) if isinstance(text, str) else None
        if type_ is None:
            known = ", ".join(f"'{label}'" for label, _ in METHODS.values())
            self.findings.append(make("ruleset-xlsx-method", self._at(grid, r, where["Phương pháp chấm"]),
                                      value="" if text is _ABSENT else shown(text), known=known, group=GROUP_LABEL))
            type_ = "manual"  # read on, so that every wrong cell is reported at once
        own = {k: v for k, v in extra.items() if k in _NODE_KEYS}
        method = {"type": type_, **{k: v for k, v in extra.items() if k not in _NODE_KEYS}}
        return {**node, **own, "method": method}

    def _item(self, grid: Any, where: dict[str, int], r: int, cells: dict[str, Any], owner: dict[str, Any] | None) -> None:
        at = self._at(grid, r, where["Nội dung"])
        type_ = owner["method"]["type"] if owner else None
        field = METHODS[type_][1] if type_ else None
        if owner is None or field is None:
            reason = ("không có tiêu chí nào phía trên" if owner is None else
                      f"phương pháp '{METHODS[type_][0]}' không có mức hay mục; ghi STT nếu đây là tiêu chí")
            self.findings.append(make("ruleset-xlsx-item-row", at, reason=reason))
            return
        keys = dict(zip(("Mã mục", "Nội dung", "Điểm tối đa", "Ngưỡng"), ITEM_KEYS[(type_, field)]))
        item: dict[str, Any] = {}
        self.origins.note(item, None, self._spot(grid, r, where["Nội dung"], "Nội dung"))
        for key in cells["Tham số"]:
            self.origins.note(item, key, self._spot(grid, r, where["Tham số"], "Tham số"))
        for header, key in keys.items():
            if key:
                self.origins.note(item, key, self._spot(grid, r, where[header], header))
                if cells[header] is not _ABSENT:
                    item[key] = cells[header]
            elif cells[header] is not _ABSENT:
                self.findings.append(make("ruleset-xlsx-item-row", self._at(grid, r, where[header]),
                                          reason=f"phương pháp '{METHODS[type_][0]}' không dùng cột '{header}'"))
        min_key = keys["Ngưỡng"]
        if min_key and min_key in item and item.get("label") == threshold_caption(min_key, item[min_key]):
            del item["label"]  # the caption the writer gives a threshold without a label
        item.update(cells["Tham số"])
        if self.owners.get(id(owner)) is not owner:  # the rows replace whatever the parameters said
            self.owners[id(owner)] = owner
            owner["method"][field] = []
        owner["method"][field].append(item)


#: Columns of a group's or criterion's own row and the keys they carry.
_NODE_COLUMNS = (("STT", "id"), ("Nội dung", "name"), ("Điểm tối đa", "max"), ("Đối tượng áp dụng", "applies_to"),
                 ("Bắt buộc tài liệu kiểm chứng", "evidence_required"), ("Hướng dẫn chấm", "guidance"))

#: Keys of a criterion row's parameters that belong to the criterion itself, not to its method.
_NODE_KEYS = {f.alias or name for name, f in Criterion.model_fields.items()} | {"max_by_unit_type", "cap_at_max"}


def _place(data: dict[str, Any], path: tuple[str, ...], value: Any, append: bool = True) -> None:
    for key in path[:-1]:
        if not isinstance(data.get(key), dict):
            data[key] = {}
        data = data[key]
    if append:
        if not isinstance(data.get(path[-1]), list):
            data[path[-1]] = []
        data[path[-1]].append(value)
    else:
        data[path[-1]] = value
