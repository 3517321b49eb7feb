"""Reading a round's roster (danh sách đơn vị phải nộp) from the xlsx or CSV the office has.

Columns are found by their heading in the first rows (accents, case and spacing ignored):
mã đơn vị, tên đơn vị, loại đơn vị, khối (optional: taken from the ruleset when empty).  A unit
type may be given by its id or its name.  Codes are read as they are matched everywhere
(:func:`scoring.core.unitcode.clean_code`: full-width letters, zero-width characters and stray
spaces do not make another unit), so two rows whose codes differ only that way are a duplicate.
Every problem is a finding at its sheet and cell (or CSV line); a roster with any error is
refused whole.  The file itself is read by :mod:`scoring.workspace.rosterfile`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from scoring.core.filenames import plain_ascii
from scoring.core.findings import DvkError, Finding, Location, make
from scoring.core.unitcode import FORMAT_CHARACTERS, clean_code, control_characters, unit_key
from scoring.formats.budget import thousands
from scoring.formats.xlsxstream import column_letter
from scoring.rules.models import Ruleset
from scoring.workspace.rosterfile import MAX_TEXT, MAX_UNITS, RosterFile, read_roster_file

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


@lru_cache(maxsize=4096)  # (a roster repeats its few unit types and blocks on every row)
def normalise(text: Any) -> str:
    """Lower case, no accents (đ → d), single spaces: how headings and names are matched."""
    plain = plain_ascii(text)
    return " ".join(plain.replace("\u00a0", " ").lower().split())


#: The most findings listed for one roster (a wrong file gives one per row).
MAX_FINDINGS = 200


def read_roster(path: str | Path, ruleset: Ruleset) -> list[RosterRow]:
    """The roster's units; raise :class:`DvkError` with every located problem."""
    source = read_roster_file(Path(path))
    rows = source.rows
    where = Location(file=str(source.path), sheet=source.sheet)
    header_at, columns = _header(rows, where)
    findings: list[Finding] = []
    units: list[RosterRow] = []
    seen: dict[str, int] = {}
    types = {**{normalise(t.id): t.id for t in ruleset.unit_types},
             **{normalise(t.name): t.id for t in ruleset.unit_types}}
    _uncomputed(source, header_at, columns, where, findings)
    for index in range(header_at + 1, len(rows)):
        values = {key: _cell(rows[index], col) for key, col in columns.items()}
        if not any(values.values()) or len(findings) >= MAX_FINDINGS:
            continue
        unit = _row(index, values, columns, types, ruleset, where, seen, findings)
        if unit is not None:
            units.append(unit)
    if len(units) > MAX_UNITS:
        findings.insert(0, make("roster-too-large", where, what=f"{thousands(len(units))} đơn vị",
                                limit=f"{thousands(MAX_UNITS)} đơn vị"))
    if not units and not findings:
        findings.append(make("roster-empty", where))
    if findings:
        raise DvkError(findings[:MAX_FINDINGS])
    return units


def _uncomputed(source: RosterFile, header_at: int, columns: dict[str, int], where: Location,
                findings: list[Finding]) -> None:
    """A finding for every roster cell holding a formula saved without its value: such a row would
    otherwise read as blank and its unit be left out without a word."""
    wanted = set(columns.values())
    for row, col in sorted(source.uncomputed):
        if row > header_at and col in wanted:
            findings.append(make("roster-formula-no-value", Location(
                file=where.file, sheet=where.sheet, cell=f"{column_letter(col)}{row + 1}")))


def _row(index: int, values: dict[str, str], columns: dict[str, int], types: dict[str, str],
         ruleset: Ruleset, where: Location, seen: dict[str, int], findings: list[Finding]) -> RosterRow | None:
    line = index + 1
    at = _at(where, line, columns)
    before = len(findings)
    for key in ("code", "name", "unit_type", "block"):
        value = values.get(key, "")
        controls = control_characters(value)
        if controls:
            findings.append(make("roster-control-character", at(key), column=LABELS[key], chars=controls))
        elif len(value) > MAX_TEXT:
            findings.append(make("roster-cell-too-long", at(key), length=thousands(len(value)),
                                 limit=thousands(MAX_TEXT)))
        elif not value and key != "block":
            findings.append(make("roster-empty-cell", at(key), row=line, column=LABELS[key]))
    if len(findings) > before:
        return None
    values["code"] = clean_code(values["code"])
    if not values["code"]:  # only zero-width or format characters
        findings.append(make("roster-empty-cell", at("code"), row=line, column=LABELS["code"]))
        return None
    key = unit_key(values["code"])
    if key in seen:
        findings.append(make("roster-duplicate-code", at("code"), unit=values["code"], other=seen[key],
                             row=line))
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
    text = " ".join(str(value).replace("\u00a0", " ").split())
    if text.isascii():
        return text
    # NFC: Windows-1258 text (and some Mac input) spells Vietnamese tones as combining marks;
    # format characters (zero-width space, BOM…) are invisible: a cell of only those is blank
    return " ".join(FORMAT_CHARACTERS.sub("", unicodedata.normalize("NFC", text)).split())


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
