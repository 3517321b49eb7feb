"""Where each part of a ruleset read from a workbook came from: JSON path → sheet, cell, heading.

The reader notes, for every JSON object it builds, the cell of each key (and the row of the object
itself).  The checks that run after the reader (JSON Schema, models, lint) speak JSON paths; with
this map :func:`Origins.relocate` turns each of their findings into one that names the sheet, the
cell and the column's Vietnamese heading, as the reader's own findings do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from scoring.core.findings import Finding, Location


@dataclass(frozen=True)
class Spot:
    """A cell (or a sheet, when ``cell`` is None) and the heading of its column."""

    sheet: str
    cell: str | None
    heading: str

    def row(self) -> tuple[str, str]:
        """(sheet, row number as text): findings on one row are about one record."""
        return self.sheet, (self.cell or "").lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


_STEP = re.compile(r"\.([^.\[]+)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]")
_MISSING = re.compile(r"thiếu khóa bắt buộc '([^']+)'")


def parse_path(path: str) -> list[Any]:
    """``$.criteria[2]['1.1'].max`` → ``["criteria", 2, "1.1", "max"]`` (the inverse of jsonio.json_path)."""
    parts: list[Any] = []
    for match in _STEP.finditer(path.removeprefix("$")):
        name, index, quoted = match.groups()
        parts.append(int(index) if index is not None else name if name is not None else quoted)
    return parts


class Origins:
    """The cells the reader took each key of each object from (objects are kept alive here)."""

    def __init__(self) -> None:
        self._spots: dict[int, tuple[Any, dict[Any, Spot]]] = {}
        self.headings: dict[str, str] = {}  # JSON key → a column heading that carries it (for messages)

    def note(self, obj: Any, key: Any, spot: Spot, *, column: bool = True) -> None:
        """``obj[key]`` comes from ``spot`` (``key`` None: the object as a whole, i.e. its row);
        ``column``: the spot's heading is a column's, which messages may use for the key."""
        self._spots.setdefault(id(obj), (obj, {}))[1][key] = spot
        if column and isinstance(key, str) and spot.heading:
            self.headings.setdefault(key, spot.heading)

    def spots(self, obj: Any) -> dict[Any, Spot]:
        entry = self._spots.get(id(obj))
        return entry[1] if entry and entry[0] is obj else {}

    def find(self, data: Any, parts: list[Any], missing: str | None = None) -> Spot | None:
        """The deepest noted spot on the path ``parts`` through ``data`` (``missing``: a key absent
        from the object the path ends at, whose column is the better place to point)."""
        best, node = None, data
        for part in parts:
            spots = self.spots(node)
            best = spots.get(part) or spots.get(None) or best
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return best
        spots = self.spots(node)
        return (spots.get(missing) if missing else None) or spots.get(None) or best

    def relocate(self, finding: Finding, data: Any, source: str, fallback: Spot) -> tuple[Finding, Spot]:
        """``finding`` (located by a JSON path) located at its cell instead, its message saying the
        column heading and the JSON keys it quotes replaced by their headings."""
        missing = _MISSING.search(finding.message)
        path = finding.location.json_path or "$"
        spot = self.find(data, parse_path(path), missing.group(1) if missing else None) or fallback
        message = self._words(finding.message)
        if spot.heading and spot.heading not in message:
            message = f"Cột '{spot.heading}': {message}"
        criterion = finding.location.criterion_id if spot.sheet == "Tiêu chí" else None
        where = Location(file=source, sheet=spot.sheet, cell=spot.cell, criterion_id=criterion)
        return replace(finding, message=message, location=where), spot

    def _words(self, message: str) -> str:
        """JSON keys quoted in a message ("max", 'applies_to') replaced by the headings that carry them."""
        def heading(match: re.Match[str]) -> str:
            key = match.group(2)
            return f"{match.group(1)}{self.headings[key]}{match.group(1)}" if key in self.headings else match.group(0)
        return re.sub(r"(['\"])([A-Za-z_$][\w.]*)\1", heading, message)
