"""Stored results of the formulas in the workbooks dvk writes.

openpyxl writes a formula without its result (``<f>…</f><v></v>``).  Excel recalculates on open
(:func:`scoring.formats.files.save_workbook` asks it to), but previews that do not calculate
(Protected View, mail and phone previews, python-calamine, openpyxl ``data_only``) show an empty
cell where the score should be.  dvk knows these results: the formulas are its own
(:mod:`scoring.workbook.formulas`) and the cells they read are in the workbook, so each result is
worked out by :mod:`scoring.formats.formula_eval` and stored in the sheet XML after saving.  A
formula dvk cannot evaluate (one a person typed, with a function dvk does not write) keeps no
stored result, as before, and Excel still computes it on open.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from decimal import Decimal, localcontext
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from scoring.core.decimals import normalized
from scoring.formats.formula_eval import FormulaError, evaluate

#: Sheet name → {cell reference "F6": the formula's result (Decimal, text or bool)}.
Results = dict[str, dict[str, Any]]
_FAILED = object()  # a formula dvk cannot evaluate (no stored result)
_EPOCH = dt.datetime(1899, 12, 30)


class _Cells:
    """The ``cells`` mapping the evaluator reads: references resolved against the workbook, a
    formula cell by its own (memoised) result."""

    def __init__(self, wb: Any, sheet: str, memo: dict[tuple[str, str], Any]):
        self.wb, self.sheet, self.memo = wb, sheet, memo

    def get(self, ref: str, default: Any = "") -> Any:
        sheet = self.sheet
        if "!" in ref:
            sheet, ref = ref.rsplit("!", 1)
            sheet = sheet.strip("'").replace("''", "'")
        ref = ref.replace("$", "")
        if ":" not in ref:
            return value_of(self.wb, sheet, ref, self.memo)
        from openpyxl.utils.cell import range_boundaries

        c0, r0, c1, r1 = range_boundaries(ref)
        from openpyxl.utils import get_column_letter

        return [value_of(self.wb, sheet, f"{get_column_letter(c)}{r}", self.memo)
                for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)]


def value_of(wb: Any, sheet: str, ref: str, memo: dict[tuple[str, str], Any]) -> Any:
    """What Excel would see in ``sheet!ref``: "" for empty, a Decimal for a number, a formula's
    result (raises :class:`FormulaError` for an error value, ValueError when dvk cannot tell)."""
    key = (sheet, ref)
    if key in memo:
        hit = memo[key]
        if hit is _FAILED:
            raise ValueError(f"{sheet}!{ref}: no result")
        if isinstance(hit, FormulaError):
            raise hit
        return hit
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    letters, row = coordinate_from_string(ref)
    cell = wb[sheet]._cells.get((row, column_index_from_string(letters)))  # (no new empty cell)
    raw = None if cell is None else cell.value
    if cell is not None and cell.data_type == "f" and isinstance(raw, str):
        memo[key] = _FAILED  # a cycle reads as "cannot tell"
        try:
            result = evaluate(raw, _Cells(wb, sheet, memo))
        except FormulaError as error:  # an error value (#DIV/0!…) that IFERROR may catch
            memo[key] = error
            raise
    elif raw is None:
        result = ""
    elif isinstance(raw, bool) or isinstance(raw, (str, Decimal)):
        result = raw
    elif isinstance(raw, int):
        result = Decimal(raw)
    elif isinstance(raw, float):
        result = Decimal(repr(raw))
    elif isinstance(raw, dt.datetime):
        result = Decimal(str((raw - _EPOCH).total_seconds() / 86400))
    elif isinstance(raw, dt.date):
        result = Decimal((raw - _EPOCH.date()).days)
    else:
        raise ValueError(f"{sheet}!{ref}: {type(raw).__name__}")
    memo[key] = result
    return result


def formula_results(wb: Any) -> Results:
    """The result of every formula of ``wb`` (an openpyxl workbook) that dvk can evaluate."""
    memo: dict[tuple[str, str], Any] = {}
    results: Results = {}
    for ws in wb.worksheets:
        for cell in list(ws._cells.values()):
            if cell.data_type != "f" or not isinstance(cell.value, str):
                continue
            try:
                result = value_of(wb, ws.title, cell.coordinate, memo)
            except (FormulaError, ValueError, KeyError, IndexError, TypeError, ArithmeticError):
                continue  # Excel computes it on open; no stored result is better than a wrong one
            results.setdefault(ws.title, {})[cell.coordinate] = result
    return results


_FORMULA_CELL = re.compile(r'<c r="([A-Z]+[0-9]+)"([^>]*)>(<f>[^<]*</f>|<f [^>]*>[^<]*</f>)(?:<v>[^<]*</v>|<v\s*/>)?</c>')
_TYPE_ATTR = re.compile(r'\s+t="[^"]*"')


def _stored(result: Any) -> tuple[str, str]:
    """(type attribute, <v> text) of a result."""
    if isinstance(result, bool):
        return ' t="b"', str(int(result))
    if isinstance(result, Decimal):
        with localcontext() as context:
            context.prec = 15  # as many digits as Excel keeps
            return "", f"{normalized(+result):f}"
    return ' t="str"', escape(str(result))


def store_results(xml: str, results: dict[str, Any]) -> str:
    """The sheet XML with ``results`` stored in its formula cells (any old result replaced)."""
    def cell(match: re.Match[str]) -> str:
        ref, attrs, formula = match.groups()
        attrs = _TYPE_ATTR.sub("", attrs)
        if ref not in results:
            return f'<c r="{ref}"{attrs}>{formula}</c>'
        kind, text = _stored(results[ref])
        return f'<c r="{ref}"{attrs}{kind}>{formula}<v>{text}</v></c>'

    return _FORMULA_CELL.sub(cell, xml)


def sheet_members(path: Path) -> dict[str, str]:
    """Sheet name → its zip member (``xl/worksheets/sheet3.xml``), from the workbook's relations."""
    with zipfile.ZipFile(path) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    targets = dict(re.findall(r'<Relationship[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels))
    targets.update({rid: t for t, rid in re.findall(r'<Relationship[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)})
    members = {}
    for name, rid in re.findall(r'<sheet [^>]*?name="([^"]+)"[^>]*?r:id="([^"]+)"', workbook):
        target = targets[rid]
        member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        members[_unescape(name)] = member
    return members


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")


def stored_members(path: Path, results: Results) -> dict[str, bytes]:
    """The sheet members of the saved workbook ``path`` rewritten with ``results`` stored (for
    :func:`scoring.formats.files.rewrite_zip`)."""
    members = sheet_members(path)
    out = {}
    with zipfile.ZipFile(path) as archive:
        for sheet, found in results.items():
            member = members.get(sheet)
            if member is not None:
                out[member] = store_results(archive.read(member).decode("utf-8"), found).encode("utf-8")
    return out


def with_results(path: Path) -> dict[str, bytes]:
    """:func:`stored_members` of a workbook file written by someone else (a filled template):
    its formulas evaluated against its own cells."""
    from openpyxl import load_workbook

    return stored_members(path, formula_results(load_workbook(path)))
