"""The rows of a roster file, read within bounds: an .xlsx through dvk's one safe way of opening a
workbook (:func:`scoring.formats.grid.open_book`, with the roster's :data:`ROSTER` budget), or a
CSV in whatever an office's spreadsheet saved it as (UTF-8 with or without BOM, UTF-16 with BOM,
Windows-1258; CRLF, LF or Excel-for-Mac CR line endings; comma, semicolon or tab).

Whatever the file holds, the result is rows of cells or one located Vietnamese refusal: a FIFO or
folder is never opened for reading, a far cell or a huge shared-strings table is refused before
the parser allocates for it, a CSV field over the csv module's limit is named by its line.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scoring.core.findings import DvkError, Location, make
from scoring.core.oserrors import megabytes
from scoring.formats.budget import Limits, thousands
from scoring.formats.readfile import read_input
from scoring.formats.safety import MAX_FILE_BYTES

#: The most units one roster may hold: a province has a few hundred, the whole country a few
#: tens of thousands of communes, agencies and schools together.
MAX_UNITS = 50_000
#: A roster sheet: up to 99,999 rows and 26 columns (A–Z; see :class:`~scoring.formats.budget.Limits`),
#: shared strings for the codes and names of :data:`MAX_UNITS` units and more.
ROSTER = Limits(rows=99_999, cols=26, shared_strings=250_000, sheet_xml=48 * 1024 * 1024)
SUFFIXES = (".xlsx", ".xlsm", ".csv")


@dataclass
class RosterFile:
    """A roster's cells: ``rows`` 0-based from A1 (CSV: line 1); ``sheet`` is None for a CSV."""

    path: Path
    sheet: str | None
    rows: list[list[Any]]
    #: (row, column), 0-based, of the cells holding a formula saved without its value (xlsx only).
    uncomputed: set[tuple[int, int]] = field(default_factory=set)


def read_roster_file(path: Path) -> RosterFile:
    """The cells of the roster at ``path``; raise :class:`DvkError` when it cannot be read."""
    suffix = path.suffix.lower()
    where = Location(file=str(path))
    if suffix not in SUFFIXES:
        raise DvkError([make("roster-unsupported", where, suffix=suffix or path.name)])
    if suffix != ".csv":
        return _xlsx(path)
    raw = read_input(path, MAX_FILE_BYTES, lambda exc, at: make(
        "roster-too-large", at, what=f"tệp nặng {megabytes(exc.size)} MB", limit=f"{MAX_FILE_BYTES // 1048576} MB"))
    return RosterFile(path, None, _csv_rows(_decode(raw, where), where))


def _xlsx(path: Path) -> RosterFile:
    from scoring.formats.grid import open_book
    from scoring.formats.sheetxml import formulas_without_value, sheet_xml

    book = open_book(path, limits=ROSTER)
    try:
        name = book.sheet_names[0] if book.sheet_names else None
        if name is None:
            raise DvkError([make("roster-no-header", Location(file=str(path)), rows=10)])
        rows = book.grid(name).rows
    finally:
        book.close()
    return RosterFile(path, name, rows, formulas_without_value(sheet_xml(path, name)))


def _decode(raw: bytes, where: Location) -> str:
    """The CSV's text: a UTF-16 BOM (or UTF-16 without one: every other byte NUL), UTF-8, else
    Windows-1258 (Vietnamese Windows)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    elif len(raw) >= 4 and raw[1::2].count(0) > len(raw) // 4:
        encodings = ("utf-16-le",)
    elif len(raw) >= 4 and raw[0::2].count(0) > len(raw) // 4:
        encodings = ("utf-16-be",)
    else:
        encodings = ("utf-8-sig", "cp1258")
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DvkError([make("file-unreadable", where, reason=(
        "không giải mã được văn bản (lưu lại tệp CSV với bảng mã UTF-8 rồi nhập lại)"))])


def _csv_rows(text: str, where: Location) -> list[list[Any]]:
    first = text.split("\n", 1)[0].split("\r", 1)[0]
    delimiter = max(",;\t", key=first.count)
    # newline=None: "\r\n", "\n" and a lone "\r" (Excel for Mac) all end a line
    reader = csv.reader(io.StringIO(text, newline=None), delimiter=delimiter)
    rows: list[list[Any]] = []
    units = blank = 0  # blank: blank lines not yet followed by a unit (those at the end are dropped)
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                blank += 1
                if len(rows) + blank > EXCEL_ROWS:  # more lines than any sheet Excel could save
                    raise DvkError([make("roster-too-large", where, what=f"hơn {thousands(EXCEL_ROWS)} dòng",
                                         limit=f"{thousands(MAX_UNITS)} đơn vị")])
                continue
            rows += [_BLANK] * blank
            rows.append(row)
            units, blank = units + 1, 0
            if units > ROSTER.rows:
                raise DvkError([make("roster-too-large", where, what=f"hơn {thousands(ROSTER.rows)} dòng",
                                     limit=f"{thousands(MAX_UNITS)} đơn vị")])
    except csv.Error as exc:
        line = Location(file=where.file, json_path=f"dòng {reader.line_num}")
        if "field larger than field limit" in str(exc):
            raise DvkError([make("roster-cell-too-long", line, length=f"hơn {thousands(csv.field_size_limit())}",
                                 limit=thousands(MAX_TEXT))]) from None
        raise DvkError([make("roster-csv-malformed", line)]) from None
    return rows


_BLANK: list[Any] = []  # (one shared list for every blank line)
EXCEL_ROWS = 1_048_576
#: The longest text a roster cell may hold (a unit's full name is under 200 characters).
MAX_TEXT = 500
