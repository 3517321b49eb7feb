"""Per-unit mailings of a round: each roster unit's own self-assessment workbook.

One workbook per roster unit, written by the one template writer
(:func:`scoring.workbook.template.write_template`) with the unit's name, code and the round's
year filled in and locked, on the round's ruleset for the unit's type; it reads and scores
exactly as the plain template filled with the same values.  ``dvk round templates -o FOLDER``
writes them all into a folder whole or not at all (:func:`scoring.core.publish.publish`: only
files dvk wrote there are ever replaced); the portal hands a unit its own
(:func:`write_entry_template`).  File names are ASCII (code, then the name without accents) so
they survive Windows, e-mail and zip tools.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scoring.core.filenames import file_stem, unique_stem
from scoring.workspace.store import Workspace


def entry_file_name(entry: Any, taken: set[str] | None = None) -> str:
    """The file name of a roster entry's workbook: ``bieu-mau-CODE-ten-don-vi.xlsx`` (numbered
    when another file of the folder, its names in ``taken``, has it)."""
    stem = f"bieu-mau-{file_stem(entry.name, entry.unit.code)}"
    return f"{stem if taken is None else unique_stem(stem, taken)}.xlsx"


def write_entry_template(entry: Any, path: Path) -> Path:
    """Write the roster ``entry``'s own prefilled workbook to ``path`` (atomically)."""
    from scoring.workbook.template import UnitPrefill, write_template
    from scoring.workspace.rounds import ruleset_of

    round_ = entry.round
    return write_template(ruleset_of(round_), entry.unit_type, path, year=round_.year,
                          unit=UnitPrefill(entry.unit.code, entry.name))


def write_unit_templates(ws: Workspace, round_code: str | None, out_dir: Path) -> list[Path]:
    """Every roster unit's own workbook in ``out_dir`` (whole or absent); the paths written.

    Each unit type's template is built once and copied per unit
    (:func:`scoring.workbook.unit_copies.write_unit_copies`): each file is the one
    :func:`write_entry_template` writes for its unit, a large roster in seconds."""
    from scoring.core.publish import publish
    from scoring.workbook.template import UnitPrefill
    from scoring.workbook.unit_copies import write_unit_copies
    from scoring.workspace.rounds import find_round, ruleset_of

    round_ = find_round(round_code)
    entries = list(round_.roster.select_related("unit", "round").order_by("unit__code", "pk"))

    def build(folder: Path) -> list[Path]:
        taken: set[str] = set()
        by_type: dict[str, list[tuple[UnitPrefill, Path]]] = {}
        paths = [folder / entry_file_name(entry, taken) for entry in entries]
        for entry, path in zip(entries, paths):
            by_type.setdefault(entry.unit_type, []).append((UnitPrefill(entry.unit.code, entry.name), path))
        for unit_type, units in by_type.items():
            write_unit_copies(ruleset_of(round_), unit_type, round_.year, units)
        return paths

    return publish(Path(out_dir), build)



def unit_templates_zip(ws: Workspace, round_code: str | None, path: Path) -> Path:
    """Every roster unit's own workbook (:func:`write_unit_templates`) packed in the zip ``path``
    (whole or absent), a folder ``bieu-mau-<round>`` inside: the portal's download of the mailing."""
    import tempfile
    import zipfile

    from scoring.core.filenames import file_stem
    from scoring.formats.files import output_file
    from scoring.workspace.rounds import find_round

    round_ = find_round(round_code)
    inside = f"bieu-mau-{file_stem('', round_.code)}"
    with tempfile.TemporaryDirectory(prefix="dvk-bieu-mau-") as folder:
        written = write_unit_templates(ws, round_.code, Path(folder) / inside)
        with output_file(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
            for one in written:
                archive.write(one, f"{inside}/{one.name}")
    return Path(path)
