"""Mutating a workbook's XML parts (the inputs of the hardening tests and the fuzz tests)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Callable

SCORES = "xl/worksheets/sheet3.xml"
DETAILS = "xl/worksheets/sheet2.xml"


def mutate(source: Path, target: Path, changes: dict[str, Callable[[bytes], bytes] | bytes]) -> Path:
    """Copy ``source`` to ``target`` with members changed (a function of the old bytes, or new bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zout:
        names = zin.namelist()
        for name in names:
            data = zin.read(name)
            change = changes.get(name)
            if change is not None:
                data = change(data) if callable(change) else change
            zout.writestr(zipfile.ZipInfo(name, (2025, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
        for name, change in changes.items():
            if name not in names:
                zout.writestr(zipfile.ZipInfo(name, (2025, 1, 1, 0, 0, 0)), change if isinstance(change, bytes) else b"")
    target.write_bytes(buffer.getvalue())
    return target


def add_cell(ref: str, value: str = "1") -> Callable[[bytes], bytes]:
    """A numeric cell at ``ref`` appended to the sheet's data (its own row)."""
    row = "".join(ch for ch in ref if ch.isdigit())
    cell = f'<row r="{row}"><c r="{ref}" t="n"><v>{value}</v></c></row>'.encode()
    return lambda xml: xml.replace(b"</sheetData>", cell + b"</sheetData>")
