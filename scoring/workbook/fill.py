"""Filling a template with a submission's answers, fast (samples, tests, benchmarks).

``fill_workbook(template, submission, out)`` does not load the template into openpyxl: it maps
the template once (which cell holds which input, via the same id scan the reader uses; cached per
file) and then writes the values straight into the sheet XML, where every input cell already
exists as a styled ``<c r="E14" s="7"/>`` (its style, hence its lock and fill, is kept).  About a millisecond or two per workbook, so
benchmarks can make thousands.  ``raw`` overrides put literal cell contents (``"8,5"`` as text, a
stray space…) to exercise the reader's hygiene.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from scoring.core.decimals import normalized
from scoring.engine.submission import Submission
from scoring.formats.cached import sheet_members, store_results, with_results
from scoring.formats.files import FIXED_TIME, atomic_target
from scoring.formats.grid import Book
from scoring.rules.index import index_of
from scoring.rules.models import Ruleset
from scoring.rules.notapplicable import NA_FIELD, NA_TEXT, REASON_FIELD, is_na_text
from scoring.workbook.layout import (
    COUNT_FIELD,
    NO,
    SHEET_DETAILS,
    SHEET_META,
    SHEET_SCORES,
    YES,
    a1,
)
from scoring.workbook.scan import scan_details, scan_scores

#: (node id, stage or a note column or None, field key or None) → literal cell content.
RawCells = dict[tuple[str, str | None, str | None], Any]
NOTE_KEYS = ("evidence", "note", "appraisal_note")
_CELL = re.compile(r'<c r="([A-Z]+[0-9]+)"([^>]*?)(?:/>|>.*?</c>)', re.S)
_TYPE_ATTR = re.compile(r'\s+t="[^"]*"')


@dataclass(frozen=True)
class TemplateMap:
    """Where a template keeps each input: zip member of each sheet and the cells in it."""

    unit_type: str
    members: dict[str, str]                                    # sheet name → xl/worksheets/…
    inputs: dict[tuple[str, str, str], str]                     # (id, stage, field) → "E14"
    notes: dict[tuple[str, str], str]                           # (id, note column) → "G14"
    details: dict[str, str]                                     # detail key → "B3"


@lru_cache(maxsize=16)
def _map_template(path: str, mtime: float, ruleset: Ruleset) -> TemplateMap:
    book = Book(Path(path), "calamine")
    try:
        meta = {row[0]: row[1] for row in book.grid(SHEET_META).rows if row and row[0]}
        scores = book.grid(SHEET_SCORES)
        layout = scan_scores(scores, index_of(ruleset))
        details = {k: a1(*rc) for k, rc in scan_details(book.grid(SHEET_DETAILS)).items()}
    finally:
        book.close()
    inputs = {(node_id, stage, key): layout.cell(row, stage)
              for (node_id, key), row in layout.rows.items() for stage in ("self", "appraisal")}
    notes = {(node_id, key): layout.cell(row, key) for node_id, row in layout.main.items() for key in NOTE_KEYS}
    return TemplateMap(str(meta.get("unit_type")), sheet_members(Path(path)), inputs, notes, details)


def template_map(template: str | Path, ruleset: Ruleset) -> TemplateMap:
    """The (cached) map of a template file's input cells."""
    path = Path(template).resolve()
    return _map_template(str(path), path.stat().st_mtime, ruleset)


def fill_workbook(template: str | Path, ruleset: Ruleset, submission: Submission, out: str | Path,
                  raw: RawCells | None = None, details_raw: dict[str, Any] | None = None,
                  results: bool = False) -> Path:
    """Write a copy of ``template`` with ``submission``'s answers in its input cells.

    Values are written as a person picking from the dropdowns would: levels by label, booleans
    as Có/Không, numbers as numbers.  ``raw`` and ``details_raw`` override single cells.
    The template's stored formula results (those of a blank form) are dropped; ``results=True``
    works out and stores the filled workbook's own (about 0.2 s: for samples a person opens, not
    for the benchmarks' thousands).
    """
    tmap = template_map(template, ruleset)
    if submission.unit.unit_type != tmap.unit_type:
        raise ValueError(f"template is for {tmap.unit_type}, submission for {submission.unit.unit_type}")
    values = _score_cells(tmap, ruleset, submission, raw or {})
    details = {
        "unit_name": submission.unit.name, "unit_code": submission.unit.code,
        "year": submission.year, "prepared_by": submission.prepared_by,
        "prepared_on": submission.prepared_on, **(details_raw or {})}
    detail_cells = {tmap.details[k]: v for k, v in details.items() if k in tmap.details and v is not None}
    patches = {tmap.members[SHEET_SCORES]: values, tmap.members[SHEET_DETAILS]: detail_cells}
    out = Path(out)
    with atomic_target(out) as tmp:
        _write_patched(Path(template), tmp, patches, stale=tmap.members[SHEET_SCORES])
        if results:
            _write_patched(tmp, tmp, {}, replace=with_results(tmp))
    return out


def _score_cells(tmap: TemplateMap, ruleset: Ruleset, submission: Submission, raw: RawCells) -> dict[str, Any]:
    index = index_of(ruleset)
    fields = {info.id: info.fields for info in index.leaves}
    cells: dict[str, Any] = {}
    for node_id, answer in submission.answers.items():
        for stage, given in (("self", answer.self_value), ("appraisal", answer.appraisal)):
            na_cell = tmap.inputs.get((node_id, stage, NA_FIELD))
            if na_cell is not None and is_na_text(given):  # as picked from that row's dropdown
                cells[na_cell] = NA_TEXT
                continue
            for key, value in _split(given, fields.get(node_id)).items():
                cell = tmap.inputs.get((node_id, stage, key))
                if cell is not None and value is not None:
                    cells[cell] = _cell_value(value, _choices(fields.get(node_id), key))
        reason_cell = tmap.inputs.get((node_id, "self", REASON_FIELD))
        if answer.not_applicable_reason is not None and reason_cell is not None:
            cells[reason_cell] = answer.not_applicable_reason
        for key in NOTE_KEYS:
            text = getattr(answer, key)
            if text is not None and (node_id, key) in tmap.notes:
                cells[tmap.notes[(node_id, key)]] = text
    for (node_id, stage, key), value in raw.items():
        if stage in NOTE_KEYS:
            cells[tmap.notes[(node_id, stage)]] = value
            continue
        key = key or _only_key(fields.get(node_id))
        cells[tmap.inputs[(node_id, stage, key)]] = value  # type: ignore[index]
    return cells


def _only_key(fields: Any) -> str:
    return fields[0].key if fields else COUNT_FIELD


def _split(given: Any, fields: Any) -> dict[str, Any]:
    if given is None:
        return {}
    if isinstance(given, dict):
        return given
    if isinstance(given, (list, tuple)) and fields:
        return {f.key: f.key in given for f in fields}
    return {_only_key(fields): given}


def _choices(fields: Any, key: str) -> dict[str, str]:
    for field in fields or ():
        if field.key == key and field.kind == "choice":
            return dict(field.choices)
    return {}


def _cell_value(value: Any, choices: dict[str, str]) -> Any:
    if isinstance(value, bool):
        return YES if value else NO
    if choices and str(value) in choices:
        return choices[str(value)]
    return value


def _xml_cell(ref: str, attrs: str, value: Any) -> str:
    if isinstance(value, bool):
        return f'<c r="{ref}"{attrs} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, dt.date):
        serial = (value - dt.date(1899, 12, 30)).days if not isinstance(value, dt.datetime) else \
            (value - dt.datetime(1899, 12, 30)).total_seconds() / 86400
        return f'<c r="{ref}"{attrs}><v>{serial}</v></c>'
    if isinstance(value, (int, float, Decimal)):
        number = f"{normalized(Decimal(value)):f}" if isinstance(value, Decimal) else repr(value)
        return f'<c r="{ref}"{attrs}><v>{number}</v></c>'
    text = escape(str(value))
    return f'<c r="{ref}"{attrs} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _patch(xml: str, values: dict[str, Any]) -> str:
    if not values:
        return xml
    todo = dict(values)

    def cell(match: re.Match[str]) -> str:
        ref = match.group(1)
        if ref not in todo:
            return match.group(0)
        attrs = _TYPE_ATTR.sub("", match.group(2).rstrip())
        return _xml_cell(ref, attrs, todo.pop(ref))

    patched = _CELL.sub(cell, xml)
    if todo:
        raise ValueError(f"template has no cell at {sorted(todo)[:5]}")
    return patched


def _write_patched(template: Path, out: Path, patches: dict[str, dict[str, Any]], stale: str | None = None,
                   replace: dict[str, bytes] | None = None) -> None:
    """Copy ``template`` to ``out`` with ``patches`` (member → {cell: value}) written in; the
    formula results stored in member ``stale`` are dropped; ``replace`` swaps whole members."""
    date_time = FIXED_TIME.timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(template) as zin, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout:
        for info in zin.infolist():
            data = (replace or {}).get(info.filename) or zin.read(info.filename)
            if info.filename in patches:
                data = _patch(data.decode("utf-8"), patches[info.filename]).encode("utf-8")
            if info.filename == stale:
                data = store_results(data.decode("utf-8"), {}).encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            zout.writestr(entry, data)
    out.write_bytes(buffer.getvalue())
