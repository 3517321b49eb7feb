"""Many units' own workbooks of one unit type, fast: the type's template is built once (about a
second, openpyxl) with a placeholder name and code, and each unit's copy is that file with its
own name and code written in place of the placeholders (milliseconds) — a roster of 500 units
takes seconds, not minutes.  A copy reads, scores and checks its locked cells exactly as the
workbook :func:`scoring.workbook.template.write_template` writes for the unit; a name the XML
cannot take as it is (spaces at its ends, control characters) is written that way instead.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import Sequence
from xml.sax.saxutils import escape

from scoring.formats.files import rewrite_zip
from scoring.rules.models import Ruleset
from scoring.workbook.template import UnitPrefill, write_template

#: Texts no roster holds, replaced in every part of the file that carries them.
NAME, CODE = "DVK-TEN-DON-VI-7F3A9C2E", "DVK-MA-DON-VI-7F3A9C2E"


def write_unit_copies(ruleset: Ruleset, unit_type: str, year: int | None,
                      units: Sequence[tuple[UnitPrefill, Path]]) -> list[Path]:
    """Each ``(unit, path)``: the unit's own workbook of ``unit_type`` written to ``path``."""
    if not units:
        return []
    with tempfile.TemporaryDirectory(prefix="dvk-mau-") as folder:
        data = write_template(ruleset, unit_type, Path(folder) / "mau.xlsx", year=year,
                              unit=UnitPrefill(CODE, NAME)).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    marked = {name: part for name, part in parts.items() if NAME.encode() in part or CODE.encode() in part}
    written = []
    for unit, path in units:
        if not (_plain(unit.name) and _plain(unit.code)):
            written.append(write_template(ruleset, unit_type, path, year=year, unit=unit))
            continue
        name, code = escape(unit.name).encode("utf-8"), escape(unit.code).encode("utf-8")
        rewrite_zip(io.BytesIO(data), path, replace={member: part.replace(NAME.encode(), name).replace(CODE.encode(), code)
                                                     for member, part in marked.items()})
        written.append(Path(path))
    return written


def _plain(text: str) -> bool:
    """Text an XML element holds as it is: no spaces at its ends, no control characters."""
    return text == text.strip() and all(ord(c) >= 32 for c in text)
