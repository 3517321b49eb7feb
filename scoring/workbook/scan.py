"""Finding things in a workbook by their ids, never by their position.

:func:`scan_scores` maps every row of the criteria sheet to ``(criterion id, field key)`` using the
hidden marker row (which column is which) and the id column; :func:`scan_details` maps unit
detail keys to their value cells.  Both the reader and the annotator use them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from scoring.findings import DvkError, Finding, Location, make
from scoring.ruleset.index import RulesetIndex
from scoring.workbook.grid import Grid
from scoring.workbook.hygiene import Note, clean_text, is_blank, to_decimal
from scoring.workbook.layout import COUNT_FIELD, MARK, a1, marker

REQUIRED_COLUMNS = ("id", "self", "appraisal", "field", "evidence", "note", "appraisal_note")
_NUMERIC_ID = re.compile(r"^\d+(\.\d+)*$")
MARKER_SEARCH_ROWS = 60


@dataclass
class ScoreLayout:
    """Where each criterion's rows are: ``rows[(id, field key)]`` and ``main[id]`` (0-based)."""

    sheet: str
    cols: dict[str, int]
    rows: dict[tuple[str, str], int] = field(default_factory=dict)
    main: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def cell(self, row: int, key: str) -> str:
        return a1(row, self.cols[key])

    def where(self, row: int, key: str, node_id: str | None = None, **parts: Any) -> Location:
        return Location(sheet=self.sheet, cell=self.cell(row, key), criterion_id=node_id, **parts)


def find_markers(grid: Grid, first: str, limit: int = MARKER_SEARCH_ROWS) -> tuple[int, dict[str, int]] | None:
    """The marker row holding ``dvk:<first>`` and its ``{column key: column index}``."""
    target = marker(first)
    for r in range(min(limit, len(grid))):
        line = grid.rows[r]
        if target in line:
            return r, {v[len(MARK):]: c for c, v in enumerate(line) if isinstance(v, str) and v.startswith(MARK)}
    return None


def scan_scores(grid: Grid, index: RulesetIndex) -> ScoreLayout:
    """Map the criteria sheet; unknown ids, duplicates and id quirks become findings."""
    found = find_markers(grid, "id")
    missing = [k for k in REQUIRED_COLUMNS if found is None or k not in found[1]]
    if missing:
        reason = "thiếu hàng tiêu đề kỹ thuật (ẩn) hoặc các cột " + ", ".join(missing)
        raise DvkError([make("workbook-structure", Location(sheet=grid.name), sheet=grid.name, reason=reason)])
    start, cols = found  # type: ignore[misc]
    layout = ScoreLayout(grid.name, cols)
    resolver = _IdResolver(index)
    first_seen: dict[tuple[str, str | None], int] = {}
    for r in range(start + 1, len(grid)):
        raw = grid.get(r, cols["id"])
        if is_blank(raw):
            continue
        key_raw = grid.get(r, cols["field"])
        key = None if is_blank(key_raw) else clean_text(str(key_raw))[0]
        name = grid.get(r, cols["name"]) if "name" in cols else None
        node_id = resolver.resolve(raw, key, name, layout, r)
        if node_id is not None:
            _place(layout, index, node_id, key, r, first_seen)
    return layout


def _place(layout: ScoreLayout, index: RulesetIndex, node_id: str, key: str | None, r: int,
           first_seen: dict[tuple[str, str | None], int]) -> None:
    info = index.by_id.get(node_id)
    if info is not None and not info.is_leaf:
        slot: tuple[str, str | None] = (node_id, None)
    elif info is not None:
        keys = [f.key for f in info.fields]
        if key is not None and key not in keys:
            layout.findings.append(make("workbook-unknown-field", layout.where(r, "field", node_id),
                                        field=key, id=node_id, known=", ".join(keys)))
            return
        if len(keys) == 1 and key is None:
            key = keys[0]
        slot = (node_id, key)
    else:  # a bonus/deduction item or a fact
        slot = (node_id, COUNT_FIELD)
    if slot in first_seen:
        suffix = f" (ô nhập '{slot[1]}')" if slot[1] and info is not None and len(info.fields) > 1 else ""
        layout.findings.append(make("workbook-duplicate-row", layout.where(r, "id", node_id), id=node_id,
                                    field=suffix, first=f"{layout.sheet}!{layout.cell(first_seen[slot], 'id')}"))
        return
    first_seen[slot] = r
    if slot[1] is not None:
        layout.rows[slot] = r  # type: ignore[index]
    single = info is None or info.is_leaf and len(info.fields) == 1
    if slot[1] is None or single:
        layout.main.setdefault(node_id, r)


class _IdResolver:
    """Criterion ids as typed: text, or numbers Excel made of them (1.10 comes back as 1.1)."""

    def __init__(self, index: RulesetIndex):
        self.index = index
        self.known = {info.id for info in index.nodes} | index.input_ids()
        self.numeric = [k for k in self.known if _NUMERIC_ID.match(k) and k.count(".") <= 1]

    def resolve(self, raw: Any, key: str | None, name: Any, layout: ScoreLayout, r: int) -> str | None:
        notes: list[Note] = []
        if isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool):
            number = to_decimal(raw)
            text = f"{number:f}"
            candidates = [k for k in self.numeric if Decimal(k) == number]
            node_id = self._pick(candidates, text, key, name)
            if node_id is None and len(candidates) > 1:
                layout.findings.append(make("workbook-id-ambiguous", layout.where(r, "id"), raw=text,
                                            candidates=", ".join(f"'{c}'" for c in sorted(candidates))))
                return None
            if node_id is not None:
                notes.append(("workbook-id-number", {"raw": text, "id": node_id}))
        else:
            text, notes = clean_text(str(raw))
            node_id = text if text in self.known else None
        if node_id is None:
            layout.findings.append(make("workbook-unknown-id", layout.where(r, "id"), id=text,
                                        ruleset=self.index.ruleset.key))
            return None
        layout.findings.extend(make(code, layout.where(r, "id", node_id), **params) for code, params in notes)
        return node_id

    def _pick(self, candidates: list[str], text: str, key: str | None, name: Any) -> str | None:
        if len(candidates) <= 1:
            return candidates[0] if candidates else None
        if key is not None:
            narrowed = [c for c in candidates if c in self.index.by_id
                        and key in {f.key for f in self.index.by_id[c].fields}]
            if len(narrowed) == 1:
                return narrowed[0]
        if isinstance(name, str):
            folded = _fold(name)
            narrowed = [c for c in candidates if _fold(self._name(c)) == folded]
            if len(narrowed) == 1:
                return narrowed[0]
        return None

    def _name(self, node_id: str) -> str:
        info = self.index.by_id.get(node_id)
        if info is not None:
            return info.node.name
        item = next((p.item for p in self.index.pool_items if p.item.id == node_id), None)
        fact = next((f.fact for f in self.index.facts if f.fact.id == node_id), None)
        return (item or fact).name if (item or fact) else ""


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def scan_details(grid: Grid) -> dict[str, tuple[int, int]]:
    """``{detail key: (row, value column)}`` from the details sheet's hidden key column."""
    found = find_markers(grid, "key", limit=20)
    if found is None or "value" not in found[1]:
        raise DvkError([make("workbook-structure", Location(sheet=grid.name), sheet=grid.name,
                             reason="thiếu cột khóa kỹ thuật (ẩn) của các mục thông tin")])
    start, cols = found
    cells = {}
    for r in range(start + 1, len(grid)):
        key = grid.get(r, cols["key"])
        if isinstance(key, str) and key.startswith(MARK):
            cells.setdefault(key[len(MARK):], (r, cols["value"]))
    return cells
