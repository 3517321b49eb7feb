"""``dvk ruleset to-xlsx``: a ruleset file as a printable workbook that reads back to the same JSON.

The workbook is written from the file's JSON (not the parsed model), so fields left at their
default stay absent and explicit ones stay explicit; see :mod:`scoring.jobs.ruleset_xlsx.layout`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from scoring.jobs.ruleset_xlsx.appendix import appendix_table
from scoring.jobs.ruleset_xlsx.gates import GATES, gate_rows
from scoring.jobs.ruleset_xlsx.guide import dropdowns, guide_table
from scoring.jobs.ruleset_xlsx.layout import (
    CLASS_COLUMNS,
    CRITERIA_COLUMNS,
    GROUP_LABEL,
    INFO_COLUMNS,
    INFO_OBJECTS,
    ITEM_KEYS,
    METHODS,
    NA_ALLOWED,
    NA_REASON,
    OWNED,
    PER_TYPE,
    POOL_COLUMNS,
    POOLS,
    SHEET_CRITERIA,
    SHEET_INFO,
    SHEET_POOLS,
    TABLES,
    UNIT_TYPE_COLUMNS,
    Col,
    extra_lines,
    method_cell,
    na_cells,
    threshold_caption,
)
from scoring.jobs.ruleset_xlsx.register import (
    MODEL_INPUTS,
    RECOGNITION,
    model_input_rows,
    recognition_records,
    recognition_rows,
)
from scoring.jobs.ruleset_xlsx.settings import BY_KEY, date_text, fold, label_of
from scoring.jobs.ruleset_xlsx.writecells import _NONE, is_number, number_cell, cell, record_row
from scoring.reports.tables import Column, Table

_KINDS = {"number": "decimal"}  # numbers print as written (20; 1,5), not "20.00"; everything else as text


def write_ruleset_xlsx(source: str | Path, out: str | Path) -> Path:
    """Write the ruleset file ``source`` (checked first: a broken one raises DvkError) to ``out``."""
    from scoring.formats.files import output_file
    from scoring.formats.jsonio import read_json
    from scoring.formats.xlsxstream import write_workbook
    from scoring.reports.xlsx import source_line
    from scoring.reports.xlsxsheet import table_sheet, text_lines
    from scoring.rules.load import load_ruleset

    ruleset = load_ruleset(source)
    lines = (f"{ruleset.title} (phiên bản {ruleset.version})", source_line(ruleset))
    warn = ruleset.status == "illustrative"
    sheets = []
    for table in [appendix_table(ruleset), *ruleset_tables(read_json(source)), guide_table()]:
        sheet = table_sheet(table, lines, warn=warn)
        heights = dict(sheet.heights)  # multi-line cells (parameters): one printed line each
        for n, row in enumerate(table.rows, start=sheet.body_row):
            count = max((text_lines(str(v), c.width) for v, c in zip(row, table.columns) if isinstance(v, str)),
                        default=1)
            if count > 1:
                heights[n] = max(heights.get(n, 0), 15.5 * count)
        sheets.append(replace(sheet, heights=heights, dropdowns=dropdowns(table, sheet.body_row)))
    with output_file(out) as tmp:
        write_workbook(tmp, sheets, title=ruleset.title, subject=lines[1], comments="Lập bằng dvk ruleset to-xlsx")
    return Path(out)


def ruleset_tables(data: dict[str, Any]) -> list[Table]:
    """Every sheet of the workbook as a table, from the ruleset's JSON data."""
    names = per_type_columns(data)
    types = names or _per_type_ids(data)  # names shared by two unit types: the columns say the ids
    columns = CRITERIA_COLUMNS + tuple(Col(f"{PER_TYPE}{name}", None, "number", 10) for name in types.values())
    tables = [_table(SHEET_INFO, "Thông tin bộ tiêu chí", INFO_COLUMNS, _info_rows(data)),
              _table(SHEET_CRITERIA, "Bảng tiêu chí chấm điểm", columns, _criteria_rows(data["criteria"], list(types)))]
    pool_rows = []
    for pool, label in POOLS.items():
        items = (data.get(pool) or {}).get("items") if isinstance(data.get(pool), dict) else None
        if _owned(items):
            pool_rows += [record_row({"pool": label, **item}, POOL_COLUMNS) for item in items]
    tables.append(_table(SHEET_POOLS, "Điểm thưởng, điểm trừ", POOL_COLUMNS, pool_rows))
    for spec in TABLES:
        if spec is RECOGNITION:
            records = recognition_records(data.get("model_recognition"))
            tables.append(_table(spec.sheet, spec.title, spec.columns, recognition_rows(records or [])))
            continue
        records = _at(data, spec.path)
        if not _owned(records):
            rows = []
        elif spec is GATES:
            rows = gate_rows(records)
        elif spec is MODEL_INPUTS:
            rows = model_input_rows(records)
        else:
            rows = [record_row(r, spec.columns) for r in records]
        tables.append(_table(spec.sheet, spec.title, spec.columns, rows))
    _unit_type_names(tables, names)
    _class_labels(tables, data)
    return tables


def _class_labels(tables: list[Table], data: dict[str, Any]) -> None:
    """Classes by their label (not their id) where gates and quotas name them."""
    bands = _at(data, ("classification", "bands"))
    labels = {b.get("id"): b.get("label") for b in bands or () if isinstance(b, dict)}
    texts = [t for t in labels.values() if isinstance(t, str) and t and not set(t) & {",", ";"} and t == t.strip()]
    if len(set(map(fold, texts))) != len(labels) or not labels:
        return
    for table in tables:
        for c, column in enumerate(table.columns):
            if (table.sheet, column.header) in CLASS_COLUMNS:
                for row in table.rows:
                    ids = row[c].split(", ") if isinstance(row[c], str) else []
                    if ids and all(i in labels for i in ids):
                        row[c] = ", ".join(labels[i] for i in ids)


def _unit_type_names(tables: list[Table], names: dict[str, str]) -> None:
    """Unit types named, not coded, where a column lists them (ids written there read back as well)."""
    if not names or any(";" in name for name in names.values()):
        return
    for table in tables:
        for c, column in enumerate(table.columns):
            if column.header not in UNIT_TYPE_COLUMNS or table.sheet == "Loại đơn vị":
                continue
            for row in table.rows:
                ids = row[c].split(", ") if isinstance(row[c], str) else []
                if ids and all(i in names for i in ids):
                    row[c] = "; ".join(names[i] for i in ids)


def _table(sheet: str, title: str, columns: tuple[Col, ...], rows: list[list[Any]]) -> Table:
    return Table(sheet, sheet, title, [Column(c.header, _KINDS.get(c.kind, "text"), c.width) for c in columns], rows)


def _at(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _owned(records: Any) -> bool:
    """Whether a list goes to its own sheet (an empty list stays in "Thông tin", to be kept)."""
    return isinstance(records, list) and bool(records) and all(isinstance(r, dict) for r in records)


def _info_rows(data: dict[str, Any]) -> list[list[Any]]:
    """One row per setting the ruleset gives (the schema file's row last: nobody needs to read it)."""
    rows = []
    for key, value in data.items():
        if (key,) in OWNED and _owned(value) or key == "model_recognition" and recognition_records(value):
            continue
        if key in INFO_OBJECTS and isinstance(value, dict) and value:
            rows += [_info_row(f"{key}.{sub}", v) for sub, v in value.items()
                     if not ((key, sub) in OWNED and _owned(v))]
        else:
            rows.append(_info_row(key, value))
    return sorted(rows, key=lambda row: row[0] == BY_KEY["$schema"].label)


def _info_row(key: str, value: Any) -> list[Any]:
    """[label, value]: a key the settings do not know is its own label (and is read back so)."""
    setting = BY_KEY.get(key)
    if setting is None:
        return [key, cell("value", value)]
    if setting.kind == "date":
        value = date_text(value)
    shown = cell("value", value)
    if setting.choices and isinstance(value, str):
        shown = label_of(setting.choices, value)
    return [setting.label, shown]


# --- the criteria table -------------------------------------------------------------------------

_COL = {c.header: i for i, c in enumerate(CRITERIA_COLUMNS)}


def per_type_columns(data: dict[str, Any]) -> dict[str, str]:
    """Unit type id → name, for one "Tối đa: <name>" column each (none when names are not distinct)."""
    types = data.get("unit_types")
    if not isinstance(types, list) or not all(isinstance(t, dict) for t in types):
        return {}
    pairs = {t.get("id"): t.get("name") for t in types}
    names = [n for n in pairs.values() if isinstance(n, str) and n.strip() == n and n]
    ok = all(isinstance(i, str) for i in pairs) and len(set(map(fold, names))) == len(pairs)
    return pairs if ok else {}  # type: ignore[return-value]


def _per_type_ids(data: dict[str, Any]) -> dict[str, str]:
    """Unit type id → itself, for "Tối đa: <id>" columns where two types share a name: each id reads
    back as its type alone (none folds as another type's id or name), else no columns."""
    types = data.get("unit_types")
    if not isinstance(types, list) or not all(isinstance(t, dict) for t in types):
        return {}
    ids = [t.get("id") for t in types]
    if not all(isinstance(i, str) and i for i in ids) or len({fold(i) for i in ids}) != len(types):
        return {}
    clash = any(fold(t["id"]) == fold(str(other.get("name"))) for t in types for other in types if other is not t)
    return {} if clash else {i: i for i in ids}


def _criteria_rows(nodes: list[dict[str, Any]], types: list[str], parent: str | None = None) -> list[list[Any]]:
    rows = []
    for node in nodes:
        rows += [row + _per_type(node if n == 0 else {}, types) for n, row in enumerate(_node_rows(node, parent, types))]
        if isinstance(node.get("children"), list):
            rows += _criteria_rows(node["children"], types, node.get("id"))
    return rows


def _per_type(node: dict[str, Any], types: list[str]) -> list[Any]:
    by_type = node.get("max_by_unit_type") if _per_type_ok(node, types) else {}
    return [number_cell(by_type[t]) if t in by_type else None for t in types]


def _per_type_ok(node: dict[str, Any], types: list[str]) -> bool:
    by_type = node.get("max_by_unit_type")
    return isinstance(by_type, dict) and bool(by_type) and set(by_type) <= set(types) \
        and all(is_number(v) for v in by_type.values())


def _node_rows(node: dict[str, Any], parent: str | None, types: list[str]) -> list[list[Any]]:
    row: list[Any] = [None] * len(CRITERIA_COLUMNS)
    extra: dict[str, Any] = {}
    for col in CRITERIA_COLUMNS:
        if col.key in ("id", "name", "max", "applies_to", "evidence_required", "guidance") and col.header != "Mã mục":
            if col.key in node:
                value = cell(col.kind, node[col.key])
                if value is _NONE:
                    extra[col.key] = node[col.key]
                else:
                    row[_COL[col.header]] = value
    row[_COL["Thuộc nhóm"]] = parent
    known = {"id", "name", "max", "applies_to", "evidence_required", "guidance", "children", "method"}
    na = na_cells(node["unit_may_declare_not_applicable"]) if "unit_may_declare_not_applicable" in node else None
    if na is not None:
        row[_COL[NA_ALLOWED]], row[_COL[NA_REASON]] = na
        known.add("unit_may_declare_not_applicable")
    if _per_type_ok(node, types):
        known.add("max_by_unit_type")
    extra.update({k: v for k, v in node.items() if k not in known})
    items: list[list[Any]] = []
    if "children" in node:
        row[_COL["Phương pháp chấm"]] = GROUP_LABEL
    method = node.get("method")
    if isinstance(method, dict):
        type_ = method["type"]
        row[_COL["Phương pháp chấm"]] = method_cell(type_)
        field = METHODS[type_][1]
        if field and _owned(method.get(field)):
            items = [_item_row(type_, field, item) for item in method[field]]
        extra.update({k: v for k, v in method.items() if k != "type" and not (k == field and items)})
    row[_COL["Tham số"]] = extra_lines(extra) or None
    return [row, *items]


def _item_row(type_: str, field: str, item: dict[str, Any]) -> list[Any]:
    """A level, threshold, kind or checklist item, as a row under its criterion."""
    row: list[Any] = [None] * len(CRITERIA_COLUMNS)
    id_key, label_key, points_key, min_key = ITEM_KEYS[(type_, field)]
    placed = {"Mã mục": (id_key, "text"), "Nội dung": (label_key, "text"), "Điểm tối đa": (points_key, "number"),
              "Ngưỡng": (min_key, "number")}
    used = set()
    for header, (key, kind) in placed.items():
        if key and key in item and (value := cell(kind, item[key])) is not _NONE:
            row[_COL[header]] = value
            used.add(key)
    if min_key in used and label_key not in used:  # a threshold without a label: say it for the reader
        row[_COL["Nội dung"]] = threshold_caption(min_key, item[min_key])
    row[_COL["Tham số"]] = extra_lines({k: v for k, v in item.items() if k not in used}) or None
    return row
