"""Sheets as plain grids of values, from python-calamine (fast) or openpyxl (read-only).

Both engines give the same values: blanks are None, dates are ``date``, numbers are int/float,
and cells are addressed 0-based from A1 whatever the sheet's used range is.  Formula cells give
whatever the file cached (nothing, for files written by programs); the reader never reads the
formula columns.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from pathlib import Path
from typing import Any

from scoring.core.debug import detail
from scoring.core.findings import DvkError, Location, make
from scoring.formats.budget import FORM, Limits
from scoring.formats.safety import check_file, check_members
from scoring.formats.sheetxml import Merge, merged_ranges, sheet_xml

ENGINES = ("calamine", "openpyxl")


class Grid:
    """One sheet's values; ``get(row, col)`` is 0-based, None outside the used range.

    ``rows`` are the engine's own rows (calamine gives "" for a blank cell); ``get`` and
    ``line`` give the normalised values, converting only the cells that are asked for.
    """

    def __init__(self, name: str, rows: list[list[Any]] | list[tuple[Any, ...]], merges: tuple[Merge, ...] = ()):
        self.name = name
        self.rows = rows
        #: The sheet's merged ranges (0-based, inclusive): a merge keeps only its first cell's value.
        self.merges = merges

    def get(self, row: int, col: int) -> Any:
        if row < 0 or col < 0:
            return None
        try:
            return grid_value(self.rows[row][col])
        except IndexError:
            return None

    def column(self, col: int, start: int = 0) -> list[Any]:
        """Column ``col`` from row ``start`` down, as the engine gave it (blank: "" or None)."""
        return [line[col] if col < len(line) else None for line in self.rows[start:]]

    def line(self, row: int) -> list[Any]:
        """Row ``row``'s normalised values (empty outside the used range)."""
        if 0 <= row < len(self.rows):
            return [grid_value(v) for v in self.rows[row]]
        return []

    def __len__(self) -> int:
        return len(self.rows)


def grid_value(value: Any) -> Any:
    """A raw engine value as a grid gives it: blank ("" from calamine) → None; a datetime at
    midnight → its date; else unchanged."""
    if isinstance(value, str):
        return value or None
    if isinstance(value, dt.datetime) and value.time() == _MIDNIGHT:
        return value.date()
    return value


_MIDNIGHT = dt.time(0)


def open_book(path: str | Path, engine: str = "calamine", limits: Limits = FORM) -> "Book":
    """The workbook at ``path``, refused first if it is not a safe .xlsx within ``limits``.

    The one way dvk opens a workbook someone sent (a unit's form, a roster, a ruleset sheet…):
    the file is read once, checked (:func:`~scoring.formats.safety.check_file`: size, zip, bombs,
    the sheets' extent), then parsed; every failure is a located Vietnamese finding.  Close it.
    """
    path = Path(path)
    data = check_file(path, members=engine != "calamine", limits=limits)  # calamine: see safety
    return Book(path, engine, data)


class Book:
    """An opened workbook: its sheet names and, on demand, the grid of a sheet."""

    def __init__(self, path: Path, engine: str, data: bytes | None = None):
        """Open ``path``; calamine parses ``data`` (the file's bytes) instead when given."""
        if engine not in ENGINES:
            raise ValueError(f"unknown engine {engine!r}; use one of {ENGINES}")
        self.path, self.engine = path, engine
        where = Location(file=str(path))
        try:
            if engine == "calamine":
                from python_calamine import CalamineWorkbook

                if data is None:
                    self._book = CalamineWorkbook.from_path(str(path))
                else:
                    self._book = CalamineWorkbook.from_object(io.BytesIO(data))
                self.sheet_names = list(self._book.sheet_names)
            else:
                from openpyxl import load_workbook

                self._book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
                self.sheet_names = list(self._book.sheetnames)
        except Exception as exc:  # any parser failure means the file is unusable
            self._explain(exc)
            raise DvkError([make("workbook-corrupt", where, reason=parser_reason(exc))]) from None

    def find(self, wanted: str) -> str | None:
        """The actual name of sheet ``wanted`` (compared after NFC, case and spaces folded)."""
        if wanted in self.sheet_names:
            return wanted
        key = _fold(wanted)
        return next((name for name in self.sheet_names if _fold(name) == key), None)

    def grid(self, name: str) -> Grid:
        try:
            rows, merges = self._calamine(name) if self.engine == "calamine" else self._openpyxl(name)
        except DvkError:
            raise
        except Exception as exc:
            self._explain(exc)
            where = Location(file=str(self.path), sheet=name)
            raise DvkError([make("workbook-corrupt", where, reason=parser_reason(exc))]) from None
        return Grid(name, rows, merges)

    def _explain(self, exc: Exception) -> None:
        """Raise the clearer finding when a calamine failure comes from a hostile or broken part.

        The calamine path skips the per-part XML prolog check up front (quick-xml never expands
        entities, so an entity bomb can only make it fail, not blow up); a failure is the moment
        to say why, e.g. a DOCTYPE/ENTITY declaration ("XML bomb") or a corrupt member.
        """
        if self.engine == "calamine":
            check_members(self.path)

    def _calamine(self, name: str) -> tuple[list[list[Any]], tuple[Merge, ...]]:
        sheet = self._book.get_sheet_by_name(name)
        # skip_empty_area=False: rows and columns start at A1 whatever the used range is.
        merges = sheet.merged_cell_ranges  # parsed with the sheet: costs nothing more
        return sheet.to_python(skip_empty_area=False), tuple(
            (r0, c0, r1, c1) for (r0, c0), (r1, c1) in merges or ())

    def _openpyxl(self, name: str) -> tuple[list[tuple[Any, ...]], tuple[Merge, ...]]:
        ws = self._book[name]
        # read-only worksheets do not report merged ranges: read them from the sheet's XML
        return list(ws.iter_rows(min_row=1, min_col=1, values_only=True)), merged_ranges(sheet_xml(self.path, name))

    def close(self) -> None:
        close = getattr(self._book, "close", None)
        if close:
            close()


def _fold(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def parser_reason(exc: Exception) -> str:
    """Vietnamese only; the parser's English text is added in debug mode (DVK_DEBUG=1)."""
    return "nội dung tệp không đúng cấu trúc sổ tính Excel" + detail(exc)
