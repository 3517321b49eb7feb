"""The "Sổ mô hình" and "Công nhận mô hình" sheets: ``model_inputs`` and ``model_recognition`` as
rows, in words — no JSON in a cell.

A row with a code in "Tiêu chí hoặc mục (mã)" is one model input: the statuses counted ("Trạng thái
mô hình", labels joined by "; "), the fields of work, whether individual exemplars count, the level
taken when no model qualifies.  A ``levels`` input's levels are the rows under it, without a code:
"Mức" and the statuses that earn it, in order.  A shape the rows cannot say exactly (a level with
other keys, a status the format does not know) is kept whole in "Tham số khác", so the round trip
stays exact.  "Công nhận mô hình" has a row per class: the class (by its label) and the status it
leads to; a recognition the rows cannot say stays one value in "Thông tin".
"""

from __future__ import annotations

from typing import Any

from scoring.core.findings import Finding, Location, make
from scoring.jobs.ruleset_xlsx.layout import TABLES, TableSpec
from scoring.jobs.ruleset_xlsx.origin import Origins
from scoring.jobs.ruleset_xlsx.settings import label_of
from scoring.models_dvk.model import STATUSES
from scoring.rules.extensions import ModelInput

MODEL_INPUTS: TableSpec = next(t for t in TABLES if t.path == ("model_inputs",))
RECOGNITION: TableSpec = next(t for t in TABLES if t.path == ("model_recognition", "bands"))
COLUMNS = MODEL_INPUTS.columns
_AT = {c.header: i for i, c in enumerate(COLUMNS)}
H_INPUT, _, H_LEVEL, H_STATUS = (c.header for c in COLUMNS[:4])
_ORDER = [f.alias or name for name, f in ModelInput.model_fields.items()]


def model_input_rows(records: list[dict[str, Any]]) -> list[list[Any]]:
    """The rows of the sheet: each model input, then its levels (when the rows can say them)."""
    from scoring.jobs.ruleset_xlsx.writecells import record_row

    rows = []
    for record in records:
        under = _level_rows(record.get("levels"))
        rest = {k: v for k, v in record.items() if k != "levels" or under is None}
        rows += [record_row(rest, COLUMNS), *(under or [])]
    return rows


def _level_rows(levels: Any) -> list[list[Any]] | None:
    from scoring.jobs.ruleset_xlsx.writecells import _NONE, cell, list_cell

    if not isinstance(levels, list) or not levels:
        return None
    rows = []
    for level in levels:
        if not isinstance(level, dict) or set(level) != {"level", "any_of"}:
            return None
        name, statuses = cell("text", level["level"]), list_cell("model_status", level["any_of"])
        if name is _NONE or statuses is _NONE:
            return None
        row: list[Any] = [None] * len(COLUMNS)
        row[_AT[H_LEVEL]], row[_AT[H_STATUS]] = name, statuses
        rows.append(row)
    return rows


def read_model_inputs(reader: Any, grid: Any, absent: Any) -> list[dict[str, Any]]:
    """The sheet read back by ``reader`` (the workbook reader: cells, findings, origins);
    ``absent`` is its mark of a blank cell."""
    where, rows = reader._rows(grid, COLUMNS)
    records: list[dict[str, Any]] = []
    for r, values in rows:
        cells = [reader._cell(grid, where, r, col, raw) for col, raw in zip(COLUMNS, values)]
        by = {col.header: value for col, value in zip(COLUMNS, cells)}
        if by[H_INPUT] is absent:
            _level(reader, grid, where, r, by, records[-1] if records else None, absent)
            continue
        record = reader._record(grid, where, r, COLUMNS, cells)
        if by[H_LEVEL] is not absent:
            reader.findings.append(make("ruleset-xlsx-model-row", reader._at(grid, r, where[H_LEVEL]),
                                        reason="ghi mức ở dòng riêng, để trống mã"))
        records.append(record)
    for record in records:
        _ordered(record)
    return records


def _level(reader: Any, grid: Any, where: dict[str, int], r: int, by: dict[str, Any],
           owner: dict[str, Any] | None, absent: Any) -> None:
    """Append the level a row under a model input says to it (a finding when the row cannot be one)."""
    others = [h for h in by if h not in (H_INPUT, H_LEVEL, H_STATUS) and by[h] not in (absent, {})]
    if owner is None or others:
        header = others[0] if others else H_LEVEL
        reason = ("không có dòng có mã nào phía trên" if owner is None else
                  f"cột '{header}' ghi ở dòng có mã")
        reader.findings.append(make("ruleset-xlsx-model-row", reader._at(grid, r, where[header]), reason=reason))
        return
    level: dict[str, Any] = {}
    reader.origins.note(level, None, reader._spot(grid, r, where[H_LEVEL], H_LEVEL))
    for key, header in (("level", H_LEVEL), ("any_of", H_STATUS)):
        reader.origins.note(level, key, reader._spot(grid, r, where[header], header))
        if by[header] is not absent:
            level[key] = by[header]
    if not isinstance(owner.get("levels"), list) or not reader.origins.spots(owner.get("levels")):
        owner["levels"] = []  # the first level row (rows replace whatever "Tham số khác" said)
        reader.origins.note(owner["levels"], None, reader._spot(grid, r, where[H_LEVEL], H_LEVEL))
        reader.origins.note(owner, "levels", reader._spot(grid, r, where[H_LEVEL], H_LEVEL))
    owner["levels"].append(level)


def _ordered(record: dict[str, Any]) -> None:
    """Keys in the format's order (levels after the statuses counted), in place: origins noted on it."""
    keys = sorted(record, key=lambda k: _ORDER.index(k) if k in _ORDER else len(_ORDER))
    items = [(k, record[k]) for k in keys]
    record.clear()
    record.update(items)


def recognition_records(value: Any) -> list[dict[str, Any]] | None:
    """``model_recognition`` as the sheet's records (None when the rows cannot say it exactly)."""
    bands = value.get("bands") if isinstance(value, dict) and set(value) == {"bands"} else None
    if not isinstance(bands, dict) or not bands or not all(
            isinstance(k, str) and k and k == k.strip() and v in STATUSES for k, v in bands.items()):
        return None
    return [{"band": band, "status": status} for band, status in bands.items()]


def recognition_rows(records: list[dict[str, Any]]) -> list[list[Any]]:
    """The rows of "Công nhận mô hình": the class and the status's label."""
    return [[r["band"], label_of("model_status", r["status"])] for r in records]


def recognition_value(records: list[dict[str, Any]], origins: Origins, source: str,
                      refused: set[tuple[str | None, str | None]]) -> tuple[dict[str, Any], list[Finding]]:
    """``model_recognition`` from the sheet's records (classes already as ids), each status noted
    at its cell; a row without both cells, or a class given twice, is a finding (not when its cell
    was ``refused``: (sheet, cell) already said wrong)."""
    bands: dict[str, Any] = {}
    value = {"bands": bands}
    findings = []
    for record in records:
        spots = origins.spots(record)
        where = record.pop("_where")
        if "band" not in record or "status" not in record or record["band"] in bands:
            missing = "Xếp loại" if "band" not in record else "Mức công nhận"
            reason = (f"ghi cả '{missing}'" if "band" not in record or "status" not in record
                      else f"xếp loại '{record['band']}' đã có ở dòng trên")
            at = spots.get("band" if "band" not in record else "status")
            if at and (at.sheet, at.cell) in refused:
                continue
            findings.append(make("ruleset-xlsx-recognition-row",
                                 Location(file=source, sheet=at.sheet if at else where.sheet,
                                          cell=at.cell if at else where.cell), reason=reason))
            continue
        bands[record["band"]] = record["status"]
        origins.note(bands, record["band"], spots["status"], column=False)
        if not origins.spots(value):
            origins.note(value, None, spots[None])
            origins.note(value, "bands", spots[None])
    return value, findings
