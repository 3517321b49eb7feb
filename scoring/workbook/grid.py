"""Sheets as plain grids of values, from python-calamine (fast) or openpyxl (read-only).

Both engines give the same values: blanks are None, dates are ``date``, numbers are int/float,
and cells are addressed 0-based from A1 whatever the sheet's used range is.  Formula cells give
whatever the file cached (nothing, for files written by programs); the reader never reads the
formula columns.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

from scoring.findings import DvkError, Location, make

ENGINES = ("calamine", "openpyxl")


class Grid:
    """One sheet's values; ``get(row, col)`` is 0-based, None outside the used range."""

    def __init__(self, name: str, rows: list[list[Any]]):
        self.name = name
        self.rows = rows

    def get(self, row: int, col: int) -> Any:
        if 0 <= row < len(self.rows):
            line = self.rows[row]
            if 0 <= col < len(line):
                return line[col]
        return None

    def __len__(self) -> int:
        return len(self.rows)


def _value(value: Any) -> Any:
    if value == "" or value is None:
        return None
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


class Book:
    """An opened workbook: its sheet names and, on demand, the grid of a sheet."""

    def __init__(self, path: Path, engine: str):
        if engine not in ENGINES:
            raise ValueError(f"unknown engine {engine!r}; use one of {ENGINES}")
        self.path, self.engine = path, engine
        where = Location(file=str(path))
        try:
            if engine == "calamine":
                from python_calamine import CalamineWorkbook

                self._book = CalamineWorkbook.from_path(str(path))
                self.sheet_names = list(self._book.sheet_names)
            else:
                from openpyxl import load_workbook

                self._book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
                self.sheet_names = list(self._book.sheetnames)
        except Exception as exc:  # any parser failure means the file is unusable
            raise DvkError([make("workbook-corrupt", where, reason=_reason(exc))]) from None

    def find(self, wanted: str) -> str | None:
        """The actual name of sheet ``wanted`` (compared after NFC, case and spaces folded)."""
        if wanted in self.sheet_names:
            return wanted
        key = _fold(wanted)
        return next((name for name in self.sheet_names if _fold(name) == key), None)

    def grid(self, name: str) -> Grid:
        try:
            rows = self._calamine(name) if self.engine == "calamine" else self._openpyxl(name)
        except DvkError:
            raise
        except Exception as exc:
            where = Location(file=str(self.path), sheet=name)
            raise DvkError([make("workbook-corrupt", where, reason=_reason(exc))]) from None
        return Grid(name, rows)

    def _calamine(self, name: str) -> list[list[Any]]:
        sheet = self._book.get_sheet_by_name(name)
        # skip_empty_area=False: rows and columns start at A1 whatever the used range is.
        return [[_value(v) for v in line] for line in sheet.to_python(skip_empty_area=False)]

    def _openpyxl(self, name: str) -> list[list[Any]]:
        ws = self._book[name]
        return [[_value(v) for v in line] for line in ws.iter_rows(min_row=1, min_col=1, values_only=True)]

    def close(self) -> None:
        close = getattr(self._book, "close", None)
        if close:
            close()


def _fold(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]
