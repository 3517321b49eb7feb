"""Finding things in a workbook by their ids, never by their position.

:func:`scan_scores` maps every row of the criteria sheet to ``(criterion id, field key)`` using the
hidden marker row (which column is which) and the id column; :func:`scan_details` maps unit
detail keys to their value cells.  Both the reader and the annotator use them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter
from typing import Any

from scoring.core.findings import DvkError, Finding, Location, make
from scoring.core.identity_cache import per_object
from scoring.formats.grid import Grid
from scoring.rules.index import RulesetIndex
from scoring.rules.notapplicable import NA_KEYS
from scoring.workbook.hygiene import Note, clean_text, is_blank, to_decimal
from scoring.workbook.layout import COUNT_FIELD, MARK, a1, marker

REQUIRED_COLUMNS = ("id", "self", "appraisal", "field", "evidence", "note", "appraisal_note")
_NUMERIC_ID = re.compile(r"^\d+(\.\d+)*$")
MARKER_SEARCH_ROWS = 60
LAYOUT_CACHE_SIZE = 64


@dataclass
class ScoreLayout:
    """Where each criterion's rows are: ``rows[(id, field key)]`` and ``main[id]`` (0-based).

    One layout is shared by every workbook of the same shape (see :func:`scan_scores`): read it,
    never change it.  ``memo`` keeps what users derive from it (the reader's plan per unit type).
    """

    sheet: str
    cols: dict[str, int]
    rows: dict[tuple[str, str], int] = field(default_factory=dict)
    main: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    memo: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    def cell(self, row: int, key: str) -> str:
        return a1(row, self.cols[key])

    def where(self, row: int, key: str, node_id: str | None = None, **parts: Any) -> Location:
        return Location(sheet=self.sheet, cell=self.cell(row, key), criterion_id=node_id, **parts)


#: Where one input is, kept cheap: (row, column, stage, field key), all 0-based.
CellRef = tuple[int, int, "str | None", "str | None"]


class SheetCells(Mapping):
    """A CellMap ``{(id, stage, field): Location}`` of one sheet, built on demand.

    The reader records a small tuple per input (``refs``); the :class:`Location` (with its A1
    address) is made only when a finding asks where an input is — findings are rare.
    """

    def __init__(self, sheet: str, refs: dict[tuple[str, str | None, str | None], CellRef]):
        self.sheet = sheet
        self.refs = refs  # shared by the workbooks of one layout: never changed here

    def __getitem__(self, key: tuple[str, str | None, str | None]) -> Location:
        row, col, stage, field_key = self.refs[key]
        return Location(sheet=self.sheet, cell=a1(row, col), criterion_id=key[0], stage=stage, field=field_key)

    def __iter__(self) -> Iterator[tuple[str, str | None, str | None]]:
        return iter(self.refs)

    def __len__(self) -> int:
        return len(self.refs)


def find_markers(grid: Grid, first: str, limit: int = MARKER_SEARCH_ROWS) -> tuple[int, dict[str, int]] | None:
    """The marker row holding ``dvk:<first>`` and its ``{column key: column index}``."""
    target = marker(first)
    for r in range(min(limit, len(grid))):
        line = grid.rows[r]
        if target in line:
            return r, {v[len(MARK):]: c for c, v in enumerate(line) if isinstance(v, str) and v.startswith(MARK)}
    return None


def scan_scores(grid: Grid, index: RulesetIndex, hint: str | None = None) -> ScoreLayout:
    """Map the criteria sheet; unknown ids, duplicates and id quirks become findings.

    Sheets of the same shape (same ids and field keys in the same rows, as in every workbook
    filled from one template) get the same, shared layout, scanned once.  ``hint`` (the unit
    type, say) names the kind of sheet, so that the last one of its kind is tried first.
    """
    memory = (id(index), grid.name, hint)
    same = _same_as_last(grid, index, memory)
    if same is not None:
        return same
    found = find_markers(grid, "id")
    missing = [k for k in REQUIRED_COLUMNS if found is None or k not in found[1]]
    if missing:
        reason = "thiếu hàng tiêu đề kỹ thuật (ẩn) hoặc các cột " + ", ".join(missing)
        raise DvkError([make("workbook-structure", Location(sheet=grid.name), sheet=grid.name, reason=reason)])
    start, cols = found  # type: ignore[misc]
    shape = _shape(grid, start, cols)
    if shape is None:
        return _scan(grid, index, start, cols)
    key = (id(index), grid.name, start, tuple(cols.items()), shape)
    hit = _LAYOUTS.get(key)
    if hit is None or hit[0] is not index:
        if len(_LAYOUTS) >= LAYOUT_CACHE_SIZE:
            del _LAYOUTS[next(iter(_LAYOUTS))]
        hit = _LAYOUTS[key] = (index, _scan(grid, index, start, cols))
    _LAST[memory] = (index, start, tuple(grid.rows[start]), cols["id"], cols["field"], shape, hit[1])
    return hit[1]


def _same_as_last(grid: Grid, index: RulesetIndex, memory: tuple[Any, ...]) -> ScoreLayout | None:
    """The layout of the last sheet of this kind scanned, if ``grid`` has exactly its shape.

    The usual case in a batch (every workbook filled from one template), checked with C-level
    compares of the marker row and of the id and field columns instead of a scan and a hash.
    """
    last = _LAST.get(memory)
    if last is None or last[0] is not index:
        return None
    _, start, marker_row, id_col, field_col, (ids, keys), layout = last
    return layout if _same_shape(grid.rows, "id", start, marker_row, ((id_col, ids), (field_col, keys))) else None


def _same_shape(rows: Sequence[Sequence[Any]], first: str, start: int, marker_row: tuple[Any, ...],
                columns: tuple[tuple[int, tuple[Any, ...]], ...]) -> bool:
    """Whether ``rows`` has ``marker_row`` at ``start`` (and no ``dvk:<first>`` marker above it)
    and exactly these values below it in these columns."""
    target = marker(first)
    if len(rows) <= start or tuple(rows[start]) != marker_row or any(target in rows[r] for r in range(start)):
        return False
    body = rows[start + 1:]
    try:
        return all(tuple(map(itemgetter(col), body)) == values for col, values in columns)
    except IndexError:  # a ragged grid: the careful path
        return False


#: Per (ruleset index, sheet name, hint): the last shape scanned and its layout (see
#: :func:`_same_as_last`); sheet names and hints come from the ruleset, so this stays small.
_LAST: dict[tuple[Any, ...], tuple[Any, ...]] = {}


#: Layouts of sheets already scanned, by their shape (see :func:`_shape`); thousands of
#: workbooks filled from the same template share one.
_LAYOUTS: dict[tuple[Any, ...], tuple[RulesetIndex, ScoreLayout]] = {}


def _shape(grid: Grid, start: int, cols: dict[str, int]) -> tuple[Any, ...] | None:
    """The id and field columns below the marker row, when the layout depends on nothing else.

    That holds when every cell there is text or blank: ids typed as numbers also need the name
    column, and Python's equality would not tell 1, 1.0 and True apart.  None otherwise.
    """
    ids, keys = grid.column(cols["id"], start + 1), grid.column(cols["field"], start + 1)
    if all(v is None or v.__class__ is str for v in ids) and all(v is None or v.__class__ is str for v in keys):
        return tuple(ids), tuple(keys)
    return None


def _scan(grid: Grid, index: RulesetIndex, start: int, cols: dict[str, int]) -> ScoreLayout:
    layout = ScoreLayout(grid.name, cols)
    resolver = _resolver(index)
    first_seen: dict[tuple[str, str | None], int] = {}
    id_col, field_col, name_col = cols["id"], cols["field"], cols.get("name", -1)
    for r in range(start + 1, len(grid)):
        raw = grid.get(r, id_col)
        if is_blank(raw):
            continue
        key_raw = grid.get(r, field_col)
        key = None if is_blank(key_raw) else clean_text(str(key_raw))[0]
        node_id = resolver.resolve(raw, key, grid.get(r, name_col), layout, r)
        if node_id is not None:
            _place(layout, resolver, node_id, key, r, first_seen)
    return layout


def _place(layout: ScoreLayout, resolver: _IdResolver, node_id: str, key: str | None, r: int,
           first_seen: dict[tuple[str, str | None], int]) -> None:
    info = resolver.index.by_id.get(node_id)
    if info is not None and not info.is_leaf:
        slot: tuple[str, str | None] = (node_id, None)
    elif info is not None:
        keys = resolver.field_keys[node_id]
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
    single = info is None or info.is_leaf and len(resolver.field_keys[node_id]) == 1
    if slot[1] is None or single:
        layout.main.setdefault(node_id, r)


class _IdResolver:
    """Criterion ids as typed: text, or numbers Excel made of them (1.10 comes back as 1.1).

    Built once per ruleset index (:func:`_resolver`), with the lookups every row needs.
    """

    def __init__(self, index: RulesetIndex):
        self.index = index
        self.known = {info.id for info in index.nodes} | index.input_ids()
        self.numeric = [k for k in self.known if _NUMERIC_ID.match(k) and k.count(".") <= 1]
        # (a criterion the unit may declare not applicable has that choice's two rows too)
        self.field_keys = {i: [f.key for f in info.fields] + list(
                               NA_KEYS if info.node.unit_may_declare_not_applicable else ())
                           for i, info in index.by_id.items() if info.is_leaf}

    def resolve(self, raw: Any, key: str | None, name: Any, layout: ScoreLayout, r: int) -> str | None:
        if raw.__class__ is str and raw in self.known:  # the usual case: the id as the template wrote it
            return raw
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


@per_object
def _resolver(index: RulesetIndex) -> _IdResolver:
    """The (cached) resolver of ``index``; indexes are built once per ruleset and never change."""
    return _IdResolver(index)


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def scan_details(grid: Grid) -> dict[str, tuple[int, int]]:
    """``{detail key: (row, value column)}`` from the details sheet's hidden key column (the same
    dict as for the last sheet of this name when its key column is the same: do not change it)."""
    last = _LAST_DETAILS.get(grid.name)
    if last is not None and _same_shape(grid.rows, "key", last[0], last[1], ((last[2], last[3]),)):
        return last[4]
    found = find_markers(grid, "key", limit=DETAILS_SEARCH_ROWS)
    if found is None or "value" not in found[1]:
        raise DvkError([make("workbook-structure", Location(sheet=grid.name), sheet=grid.name,
                             reason="thiếu cột khóa kỹ thuật (ẩn) của các mục thông tin")])
    start, cols = found
    cells = {}
    for r in range(start + 1, len(grid)):
        key = grid.get(r, cols["key"])
        if isinstance(key, str) and key.startswith(MARK):
            cells.setdefault(key[len(MARK):], (r, cols["value"]))
    keys = tuple(grid.column(cols["key"], start + 1))
    if start < DETAILS_SEARCH_ROWS and all(k is None or k.__class__ is str for k in keys):
        _LAST_DETAILS[grid.name] = (start, tuple(grid.rows[start]), cols["key"], keys, cells)
    return cells


DETAILS_SEARCH_ROWS = 20
#: Per sheet name: the last details sheet's marker row, key column and cells (see :func:`scan_details`).
_LAST_DETAILS: dict[str, tuple[Any, ...]] = {}
