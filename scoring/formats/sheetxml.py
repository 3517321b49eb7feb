"""What the cell values alone do not tell: merged ranges and formulas saved without a value.

Both reading engines give a formula cell's cached value, and a blank where the file has none
(a formula typed in a program that does not compute, then saved), exactly as for an empty cell.
When the reader finds an input it needs blank, it asks here whether the cell holds a formula, by
reading that sheet's XML from the file (once, and only then: most workbooks never need it).
python-calamine reports merged ranges itself; openpyxl's read-only mode does not, so its grids
take them from the XML too, and both engines agree.

The file has passed :mod:`scoring.formats.safety` (size, zip and XML bomb checks) before this runs.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

#: A merged range, 0-based and inclusive: (first row, first column, last row, last column).
Merge = tuple[int, int, int, int]

_SHEET = re.compile(r'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br(?:\w*):id="([^"]*)"', re.S)
_SHEET_ID_FIRST = re.compile(r'<(?:\w+:)?sheet\b[^>]*?\br(?:\w*):id="([^"]*)"[^>]*?\bname="([^"]*)"', re.S)
_REL = re.compile(r'<(?:\w+:)?Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"', re.S)
_REL_TARGET_FIRST = re.compile(r'<(?:\w+:)?Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"', re.S)
_MERGE = re.compile(r'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Za-z]+\d+)(?::([A-Za-z]+\d+))?"')
_CELL = re.compile(r'<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)', re.S)
_REF = re.compile(r'\br="([A-Za-z]+)(\d+)"')
_FORMULA = re.compile(r'<(?:\w+:)?f\b')
_VALUE = re.compile(r'<(?:\w+:)?(?:v|is)>\s*[^<\s]')


def sheet_xml(path: str | Path, sheet: str) -> str:
    """The XML of worksheet ``sheet`` in the workbook at ``path`` ("" if it cannot be found)."""
    try:
        with zipfile.ZipFile(path) as z:
            member = _member(z, sheet)
            return z.read(member).decode("utf-8", "replace") if member else ""
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        return ""


def _member(z: zipfile.ZipFile, sheet: str) -> str | None:
    book = z.read("xl/workbook.xml").decode("utf-8", "replace")
    rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    member = sheet_parts(book, rels).get(sheet)
    return member if member in z.namelist() else None


def sheet_parts(workbook_xml: str, rels_xml: str) -> dict[str, str]:
    """{sheet name: zip member of its worksheet XML} from ``xl/workbook.xml`` and its relationships."""
    import html  # (3 ms to import: only when a sheet's XML is really looked for)

    ids = {html.unescape(name): rid for name, rid in _SHEET.findall(workbook_xml)}
    ids.update({html.unescape(name): rid for rid, name in _SHEET_ID_FIRST.findall(workbook_xml)})
    targets = dict(_REL.findall(rels_xml))
    targets.update({rid: target for target, rid in _REL_TARGET_FIRST.findall(rels_xml)})
    parts = {}
    for name, rid in ids.items():
        target = targets.get(rid)
        if target:
            parts[name] = (target.lstrip("/") if target.startswith("/")
                           else posixpath.normpath(posixpath.join("xl", target)))
    return parts


def merged_ranges(xml: str) -> tuple[Merge, ...]:
    """Every merged range of a worksheet's XML."""
    out = []
    for first, last in _MERGE.findall(xml):
        r0, c0 = cell_index(first)
        r1, c1 = cell_index(last) if last else (r0, c0)
        out.append((r0, c0, r1, c1))
    return tuple(out)


def formulas_without_value(xml: str) -> set[tuple[int, int]]:
    """The cells (0-based row, column) holding a formula but no computed value."""
    if not _FORMULA.search(xml):  # (most sheets a person typed have no formula at all)
        return set()
    found = set()
    for attrs, inner in _CELL.findall(xml):
        if inner and _FORMULA.search(inner) and not _VALUE.search(inner):
            ref = _REF.search(attrs)
            if ref:
                found.add(cell_index(ref.group(1) + ref.group(2)))
    return found


def cell_index(ref: str) -> tuple[int, int]:
    """"E6" → (5, 4): 0-based row and column."""
    letters = ref.rstrip("0123456789")
    col = 0
    for ch in letters.upper():
        col = col * 26 + ord(ch) - 64
    return int(ref[len(letters):]) - 1, col - 1
