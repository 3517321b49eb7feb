"""Reading a round's roster (danh sách đơn vị phải nộp) from the xlsx or CSV the office has.

Columns are found by their heading in the first rows (accents, case and spacing ignored):
mã đơn vị, tên đơn vị, loại đơn vị, khối (optional: taken from the ruleset when empty).  A unit
type may be given by its id or its name.  Every problem is a finding at its sheet and cell (or
CSV line); a roster with any error is refused whole.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scoring.core.findings import DvkError, Finding, Location, make
from scoring.formats.jsonio import os_reason
from scoring.formats.xlsxstream import column_letter
from scoring.rules.models import Ruleset

HEADER_ROWS = 10
COLUMNS = {  # field -> headings that name it (normalised)
    "code": ("ma don vi", "ma", "ma dv", "code"),
    "name": ("ten don vi", "ten", "don vi", "ten co quan", "name"),
    "unit_type": ("loai don vi", "loai", "unit type", "unit_type"),
    "block": ("khoi", "khoi thi dua", "block"),
}
LABELS = {"code": "Mã đơn vị", "name": "Tên đơn vị", "unit_type": "Loại đơn vị", "block": "Khối"}


@dataclass(frozen=True)
class RosterRow:
    """One unit of the roster, with its unit type and block resolved against the ruleset."""

    code: str
    name: str
    unit_type: str
    block: str
    row: int


def normalise(text: Any) -> str:
    """Lower case, no accents (đ → d), single spaces: how headings and names are matched."""
    raw = unicodedata.normalize("NFKD", str(text or "")).replace("đ", "d").replace("Đ", "d")
    plain = "".join(c for c in raw if not unicodedata.combining(c))
    return " ".join(plain.replace("\u00a0", " ").lower().split())


def read_roster(path: str | Path, ruleset: Ruleset) -> list[RosterRow]:
    """The roster's units; raise :class:`DvkError` with every located problem."""
    path = Path(path)
    sheet, rows = _read_rows(path)
    where = Location(file=str(path), sheet=sheet)
    header_at, columns = _header(rows, where)
    findings: list[Finding] = []
    units: list[RosterRow] = []
    seen: dict[str, int] = {}
    types = {**{normalise(t.id): t.id for t in ruleset.unit_types},
             **{normalise(t.name): t.id for t in ruleset.unit_types}}
    for index in range(header_at + 1, len(rows)):
        values = {key: _cell(rows[index], col) for key, col in columns.items()}
        if not any(values.values()):
            continue
        unit = _row(index, values, columns, types, ruleset, where, seen, findings)
        if unit is not None:
            units.append(unit)
    if not units and not findings:
        findings.append(make("roster-empty", where))
    if findings:
        raise DvkError(findings)
    return units


def _row(index: int, values: dict[str, str], columns: dict[str, int], types: dict[str, str],
         ruleset: Ruleset, where: Location, seen: dict[str, int], findings: list[Finding]) -> RosterRow | None:
    line = index + 1
    at = _at(where, line, columns)
    before = len(findings)
    for key in ("code", "name", "unit_type"):
        if not values[key]:
            findings.append(make("roster-empty-cell", at(key), row=line, column=LABELS[key]))
    if len(findings) > before:
        return None
    key = values["code"].casefold()
    if key in seen:
        findings.append(make("roster-duplicate-code", at("code"), unit=values["code"], other=seen[key]))
        return None
    seen[key] = line
    unit_type = types.get(normalise(values["unit_type"]))
    if unit_type is None:
        known = ", ".join(f"{t.id} ({t.name})" for t in ruleset.unit_types)
        findings.append(make("roster-unknown-type", at("unit_type"), value=values["unit_type"], known=known))
        return None
    block = _block(values.get("block", ""), unit_type, ruleset)
    if block is None:
        known = ", ".join(f"{b.id} ({b.name})" for b in ruleset.blocks if unit_type in b.unit_types) or "không có"
        findings.append(make("roster-unknown-block", at("block"), value=values["block"],
                             unit_type=unit_type, known=known))
        return None
    return RosterRow(values["code"], values["name"], unit_type, block, line)


def _block(value: str, unit_type: str, ruleset: Ruleset) -> str | None:
    """The block id: the one named (id or name) if it holds the unit type, else the ruleset's."""
    fitting = [b for b in ruleset.blocks if unit_type in b.unit_types]
    if not value:
        return fitting[0].id if fitting else ""
    wanted = normalise(value)
    return next((b.id for b in fitting if wanted in (normalise(b.id), normalise(b.name))), None)


def _at(where: Location, line: int, columns: dict[str, int]):
    def location(key: str) -> Location:
        if where.sheet is None:  # CSV: the line
            return Location(file=where.file, json_path=f"dòng {line}, cột {LABELS[key]}")
        return Location(file=where.file, sheet=where.sheet, cell=f"{column_letter(columns.get(key, 0))}{line}")
    return location



def _cell(row: list[Any], col: int | None) -> str:
    if col is None or col >= len(row) or row[col] is None:
        return ""
    value = row[col]
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code typed as a number: 101, not 101.0
    return " ".join(str(value).replace("\u00a0", " ").split())


def _header(rows: list[list[Any]], where: Location) -> tuple[int, dict[str, int]]:
    for index, row in enumerate(rows[:HEADER_ROWS]):
        names = [normalise(cell) for cell in row]
        columns: dict[str, int] = {}
        for key, heads in COLUMNS.items():
            found = [names.index(h) for h in heads if h in names]
            if found:
                columns[key] = min(found)
        if "code" in columns and "name" in columns:
            if "unit_type" not in columns:
                raise DvkError([make("roster-missing-column", where, column=LABELS["unit_type"])])
            return index, columns
    raise DvkError([make("roster-no-header", where, rows=HEADER_ROWS)])


def _read_rows(path: Path) -> tuple[str | None, list[list[Any]]]:
    suffix = path.suffix.lower()
    where = Location(file=str(path))
    if suffix not in (".xlsx", ".xlsm", ".csv"):
        raise DvkError([make("roster-unsupported", where, suffix=suffix or path.name)])
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DvkError([make("file-not-found", where)]) from None
    except OSError as exc:
        raise DvkError([make("file-unreadable", where, reason=os_reason(exc))]) from None
    if suffix == ".csv":
        return None, _csv_rows(raw, where)
    try:
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        name = book.sheet_names[0]
        return name, [list(r) for r in book.get_sheet_by_name(name).to_python(skip_empty_area=False)]
    except Exception as exc:  # noqa: BLE001 - any parser failure means: not a readable workbook
        raise DvkError([make("file-unreadable", where, reason=f"không phải tệp Excel đọc được ({exc})")]) from None


def _csv_rows(raw: bytes, where: Location) -> list[list[Any]]:
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1258 decodes nearly every byte
        raise DvkError([make("file-unreadable", where, reason="không giải mã được văn bản")])
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
