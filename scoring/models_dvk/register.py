"""Reading model registrations: a JSON list (or ``{"deadline", "models": [...]}``) or a workbook.

Each row becomes a :class:`~scoring.models_dvk.model.Model` or located findings; a row with an
error is left out and the others are kept.  Registration after the declared deadline is a
warning (``model-late-registration``): the model stays in the register, marked late.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Iterable, Iterator

from scoring.core.findings import DvkError, Finding, Location, make
from scoring.models_dvk.columns import COLUMNS, Row
from scoring.models_dvk.model import FIELDS, STATUSES, Model, Register
from scoring.workbook.hygiene import as_choice, as_date, clean_text, is_blank

_DASHES = re.compile("[\u2010-\u2015\u2212]")  # "Văn hóa – xã hội" typed with an en dash
_CHOICES = {"field": tuple(FIELDS.items()), "status": tuple(STATUSES.items())}


def read_register(paths: Iterable[str | Path], deadline: dt.date | None = None) -> Register:
    """Every model of the registration files at ``paths``; ``deadline`` overrides the files' own.

    Raises :class:`DvkError` when a file cannot be read at all or no model is left.
    """
    rows: list[Row] = []
    findings: list[Finding] = []
    declared: dt.date | None = None
    for path in map(Path, paths):
        file_rows, file_deadline = _read_rows(path)
        rows += file_rows
        declared = declared or file_deadline
    deadline = deadline or declared
    models: dict[str, Model] = {}
    for values, where, cells in rows:
        model, problems = _model(values, where, cells, deadline)
        findings += problems
        if model is None:
            continue
        if model.code in models:
            findings.append(make("model-duplicate-code", where, model=model.code, other=str(models[model.code].where)))
            continue
        models[model.code] = model
    if not models:
        raise DvkError(findings + [make("model-register-empty", Location(file=", ".join(map(str, paths))))])
    return Register(tuple(models.values()), tuple(findings), deadline=deadline)


def _read_rows(path: Path) -> tuple[list[Row], dt.date | None]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from scoring.models_dvk.register_xlsx import read_rows

        return read_rows(path), None
    from scoring.formats.jsonio import read_json

    data = read_json(path)
    deadline = None
    if isinstance(data, dict) and isinstance(data.get("models"), list):
        deadline, _notes, ok = as_date(data.get("deadline"))
        if not ok:
            raise DvkError([make("model-bad-date", Location(file=str(path), json_path="$.deadline"),
                                 label="Hạn đăng ký", value=data.get("deadline"))])
        data = data["models"]
    if not isinstance(data, list):
        raise DvkError([make("model-register-bad-shape", Location(file=str(path), json_path="$"))])
    prefix = "$.models" if deadline is not None or path.suffix.lower() != ".json" else "$"
    return list(_json_rows(path, data, prefix)), deadline


def _json_rows(path: Path, items: list[Any], prefix: str) -> Iterator[Row]:
    for i, item in enumerate(items):
        where = Location(file=str(path), json_path=f"{prefix}[{i}]")
        if not isinstance(item, dict):
            yield {}, where, {}
            continue
        values = dict(item)
        period = values.pop("period", None)
        if isinstance(period, dict):
            values.setdefault("from", period.get("from"))
            values.setdefault("to", period.get("to"))
        yield values, where, {}


def read_model(values: dict[str, Any], where: Location,
               deadline: dt.date | None = None) -> tuple[Model | None, list[Finding]]:
    """One model from its values by column key (:data:`COLUMNS`: text, dates as ``12/03/2026``,
    a field or status by id or label) as a form or a command gives them, checked as a file's row
    is; findings at ``where``'s JSON path and the key (``$.name``).  None when a value is wrong."""
    return _model(values, where, {}, deadline)


def _model(values: dict[str, Any], where: Location, cells: dict[str, str],
           deadline: dt.date | None) -> tuple[Model | None, list[Finding]]:
    findings: list[Finding] = []
    clean: dict[str, Any] = {}
    for key, (label, required) in COLUMNS.items():
        value, problems = _value(key, label, values.get(key), _field(where, cells, key))
        findings += problems
        if value is None and required and not problems:
            findings.append(make("model-missing-value", _field(where, cells, key), label=label))
        clean[key] = value
    if any(f.is_error for f in findings):
        return None, findings
    if clean["from"] and clean["to"] and clean["from"] > clean["to"]:
        return None, findings + [make("model-period-order", _field(where, cells, "from"),
                                      start=f"{clean['from']:%d/%m/%Y}", end=f"{clean['to']:%d/%m/%Y}")]
    late = bool(deadline and clean["registered_on"] > deadline)
    if late:
        findings.append(make("model-late-registration", _field(where, cells, "registered_on"),
                             date=f"{clean['registered_on']:%d/%m/%Y}", deadline=f"{deadline:%d/%m/%Y}",
                             days=(clean["registered_on"] - deadline).days))
    model = Model(code=clean["code"], name=clean["name"], field=clean["field"], unit_code=clean["unit_code"],
                  unit_name=clean["unit_name"], registered_on=clean["registered_on"], period_from=clean["from"],
                  period_to=clean["to"], status=clean["status"] or "dang_ky", individual=clean["individual"],
                  late=late, replicates=clean["replicates"], where=where)
    return model, findings


def _field(where: Location, cells: dict[str, str], key: str) -> Location:
    """The location of one value: its cell in a workbook, its key in JSON."""
    if where.json_path:
        return Location(file=where.file, json_path=f"{where.json_path}.{key}")
    return Location(file=where.file, sheet=where.sheet, cell=cells.get(key, where.cell))


def _value(key: str, label: str, raw: Any, at: Location) -> tuple[Any, list[Finding]]:
    """One value cleaned: a date, a choice (field, status) or text; findings located at ``at``."""
    if is_blank(raw):
        return None, []
    if key in ("registered_on", "from", "to"):
        day, notes, ok = as_date(raw)
        if not ok:
            return None, [make("model-bad-date", at, label=label, value=raw)]
        return day, []  # "12/03/2026" typed as text is as clear as a date cell: nothing to warn
    if key in _CHOICES:
        choice, notes = as_choice(_DASHES.sub("-", raw) if isinstance(raw, str) else raw, _CHOICES[key])
        if choice not in dict(_CHOICES[key]):
            choices = "; ".join(label for _, label in _CHOICES[key])
            return None, [make("model-bad-choice", at, label=label, value=raw, choices=choices)]
        return choice, [] if raw == choice else _assumed(notes, at, label)  # an id is the JSON form
    if isinstance(raw, bool) or not isinstance(raw, (str, int)):
        return None, [make("model-bad-text", at, label=label, value=raw)]
    text, _ = clean_text(str(raw))
    return (text or None), []


def _assumed(notes: list[tuple[str, dict[str, Any]]], at: Location, label: str) -> list[Finding]:
    """The reader's "typed loosely, understood as" notes, as warnings at the value."""
    return [make("model-value-assumed", at, label=label, raw=p["raw"], value=p["value"])
            for _, p in notes if "raw" in p and "value" in p]
