"""Input cells whose value the file lost: merged over by another cell, or a formula never computed.

Both would otherwise read as "not entered" (or silently as the first cell's value): each gets its
own located finding instead, which replaces the engine's "chưa nhập" for that input
(:func:`scoring.intake.pipeline.evaluate_file`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from scoring.core.findings import Finding, Location, make
from scoring.formats.grid import Grid
from scoring.formats.sheetxml import Merge, formulas_without_value, sheet_xml
from scoring.workbook.layout import a1
from scoring.workbook.scan import ScoreLayout, SheetCells

#: An input cell: (criterion/pool/fact id or None for a unit detail, stage, field key or detail key).
Input = tuple["str | None", "str | None", "str | None"]
#: The free-text cells of a criterion's main row (inputs too: a merge loses them as well).
TEXT_CELLS = ("evidence", "note", "appraisal_note")


def score_inputs(layout: ScoreLayout, cells: SheetCells, key: object) -> dict[tuple[int, int], Input]:
    """Every input cell of the criteria sheet, by (row, column): computed once per layout and
    ``key`` (the unit type's reading plan), kept in the layout's memo."""
    memo_key = ("inputs", key)
    hit = layout.memo.get(memo_key)
    if hit is None:
        hit = {}
        for (node_id, stage, field), (row, col, _, _) in cells.refs.items():
            if stage is not None and (field is not None or (row, col) not in hit):  # the field's own key
                hit[(row, col)] = (node_id, stage, field)
        for node_id, row in layout.main.items():
            for name in TEXT_CELLS:
                if name in layout.cols:
                    hit.setdefault((row, layout.cols[name]), (node_id, None, name))
        layout.memo[memo_key] = hit
    return hit


def detail_inputs(cells: dict[str, tuple[int, int]]) -> dict[tuple[int, int], Input]:
    """The unit-detail cells (:func:`~scoring.workbook.scan.scan_details`) as inputs, once per
    cells dict (workbooks of one template share it)."""
    hit = _DETAILS.get(id(cells))
    if hit is None or hit[0] is not cells:
        if len(_DETAILS) >= MERGED_MEMO_SIZE:
            _DETAILS.clear()
        hit = _DETAILS[id(cells)] = (cells, {cell: (None, None, key) for key, cell in cells.items()})
    return hit[1]


_DETAILS: dict[int, tuple[dict, dict[tuple[int, int], Input]]] = {}


def merged_inputs(grid: Grid, inputs: dict[tuple[int, int], Input]) -> list[Finding]:
    """A finding for every input cell a merged range hides (all but the range's first cell).

    Every workbook of a template has the template's own merges (its title rows), so the answer is
    kept per (inputs, merges, sheet): most workbooks only look it up.
    """
    key = (id(inputs), grid.merges, grid.name)
    hit = _MERGED.get(key)
    if hit is None or hit[0] is not inputs:
        if len(_MERGED) >= MERGED_MEMO_SIZE:
            _MERGED.clear()
        hit = _MERGED[key] = (inputs, tuple(_hidden_inputs(grid, inputs)))
    return list(hit[1])


#: Findings of :func:`merged_inputs` per (inputs, merges, sheet name), bounded.
_MERGED: dict[tuple, tuple[dict, tuple[Finding, ...]]] = {}
MERGED_MEMO_SIZE = 256


def _hidden_inputs(grid: Grid, inputs: dict[tuple[int, int], Input]) -> list[Finding]:
    found = []
    for merge in grid.merges:
        r0, c0, r1, c1 = merge
        if (r1 - r0 + 1) * (c1 - c0 + 1) > 4096:  # a whole-sheet merge: look only at the inputs
            hidden = sorted(cell for cell in inputs if _inside(cell, merge) and cell != (r0, c0))
        else:
            hidden = [(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
                      if (r, c) in inputs and (r, c) != (r0, c0)]
        span = f"{a1(r0, c0)}:{a1(r1, c1)}"
        for row, col in hidden:
            node_id, stage, field = inputs[(row, col)]
            where = Location(sheet=grid.name, cell=a1(row, col), criterion_id=node_id, stage=stage, field=field)
            found.append(make("workbook-merged-input", where, range=span, first=a1(r0, c0)))
    return found


def formula_inputs(path: Path, grid: Grid, blanks: Iterable[tuple[int, int, Input]]) -> list[Finding]:
    """A finding for every blank input cell that holds a formula saved without its value.

    ``blanks``: (row, column, input) of the input cells that read blank; the sheet's XML is read
    only when there is one.
    """
    blanks = list(blanks)
    if not blanks:
        return []
    formulas = formulas_without_value(sheet_xml(path, grid.name))
    return [make("workbook-formula-no-value", Location(sheet=grid.name, cell=a1(row, col), criterion_id=node_id,
                                                       stage=stage, field=field))
            for row, col, (node_id, stage, field) in blanks if (row, col) in formulas]


def _inside(cell: tuple[int, int], merge: Merge) -> bool:
    r0, c0, r1, c1 = merge
    return r0 <= cell[0] <= r1 and c0 <= cell[1] <= c1
