"""``dvk round appraisal-sheet``: one consolidated appraisal workbook for the council.

A sheet per block: a row per unit with a counted submission; per criterion (and bonus/deduction
item, fact) its self value beside the appraisal input cell (pre-filled with the appraisal that
counts now), a dropdown where the method has levels or Có/Không, and a reason column.  Row 4
(hidden) holds the machine keys the importer reads (found by content, not by number); the very
hidden ``_dvk`` sheet names the kind, the round (code and identity) and ruleset version, so a
sheet made for another round, workspace or version is refused
(:mod:`~scoring.workspace.council_book`).  Each block also gets a protected sheet for paper, one
form per unit (:mod:`~scoring.workspace.appraisal_print`), which the importer skips.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scoring.workspace.appraisal_inputs import Input, block_inputs, field_value, shown
from scoring.workspace.appraisal_print import print_sheet
from scoring.workspace.council_book import write_meta
from scoring.workspace.store import Workspace

LIST_SHEET = "_ds"
KEY_ROW, FIRST_ROW = 4, 5


def current_values(round_) -> dict[int, tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """Entry id → (code, name, self values, appraisal values that count now, block, unit type,
    the unit's latest explanations by criterion) of every counted unit."""
    from scoring.workspace.models import Explanation, RosterEntry
    from scoring.workspace.results import council_changes

    council = council_changes(round_)
    explained: dict[tuple[int, str], str] = {}
    for entry, criterion, text in Explanation.objects.filter(round=round_).order_by("id").values_list(
            "entry_id", "criterion_id", "text"):
        explained[(entry, criterion)] = text
    found = {}
    entries = (RosterEntry.objects.filter(round=round_, current__isnull=False)
               .select_related("unit", "current").order_by("unit__code"))
    for e in entries:
        answers = e.current.data.get("answers", {})
        own = {k: a.get("self") for k, a in answers.items()}
        appraisal = {k: a.get("appraisal") for k, a in answers.items() if a.get("appraisal") is not None}
        appraisal.update({k: change.after for k, change in council.get(e.id, {}).items()})
        said = {c: t for (entry, c), t in explained.items() if entry == e.id}
        found[e.id] = (e.unit.code, e.name, own, appraisal, e.block, e.unit_type, said)
    return found


def write_appraisal_sheet(ws: Workspace, round_code: str | None, path: Path) -> Path:
    """Write the council's workbook for the round; the file appears whole or not at all."""
    from openpyxl import Workbook

    from scoring.workspace.results import council_changes
    from scoring.workspace.rounds import find_round, ruleset_of
    from scoring.workspace.stages import require_appraisal

    round_ = find_round(round_code)
    require_appraisal(round_, "lập bảng thẩm định")
    ruleset = ruleset_of(round_)
    units = current_values(round_)
    reasons = {units[entry][0]: {c: change.reason for c, change in changes.items()}
               for entry, changes in council_changes(round_).items() if entry in units}
    book = Workbook()
    book.remove(book.active)
    lists = book.create_sheet(LIST_SHEET)
    lists.sheet_state = "hidden"
    blocks = [(block.name, [u for u in units.values() if u[4] == block.id],
               block_inputs(ruleset, frozenset(block.unit_types))) for block in ruleset.blocks or ()]
    loose = [u for u in units.values() if u[4] not in {b.id for b in ruleset.blocks}]
    if loose or not ruleset.blocks:
        blocks.append(("Không thuộc khối", loose, block_inputs(ruleset, frozenset(t.id for t in ruleset.unit_types))))
    typed = [_block_sheet(book, lists, title, inputs, rows) for title, rows, inputs in blocks]
    printed = [print_sheet(book, name, title, inputs, rows, reasons)
               for name, (title, rows, inputs) in zip(typed, blocks)]
    write_meta(book, round_, "appraisal", typed, printed)
    book.move_sheet(LIST_SHEET, offset=len(book.sheetnames))
    from scoring.workspace.books import save_book

    return save_book(book, path)


def _block_sheet(book, lists, title: str, inputs: list[Input], rows: list) -> str:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from scoring.formats.styles import print_setup, styles, wrapped_height

    s = styles()
    sheet = book.create_sheet(_sheet_name(title, book))
    sheet.append([f"BẢNG THẨM ĐỊNH: {title.upper()}"])
    sheet["A1"].font = s.title
    sheet.cell(row=3, column=1, value="Mã đơn vị")
    sheet.cell(row=3, column=2, value="Tên đơn vị")
    sheet.cell(row=KEY_ROW, column=1, value="code")
    sheet.cell(row=KEY_ROW, column=2, value="name")
    col, heading = 3, 60.0
    for inp in inputs:
        start = col
        for field in inp.fields:
            suffix = "" if inp.single else f" ({field.label})"
            for role, caption in (("self", "Tự chấm"), ("appraisal", "Thẩm định")):
                sheet.cell(row=3, column=col, value=caption + suffix)
                sheet.cell(row=KEY_ROW, column=col, value=f"{inp.id}|{field.key}|{role}")
                col += 1
        sheet.cell(row=3, column=col, value="Lý do thay đổi")
        sheet.cell(row=KEY_ROW, column=col, value=f"{inp.id}||reason")
        col += 1
        head = inp.label + (f" (tối đa {shown(inp.max, inp.fields[0]) if inp.max is not None else ''})"
                            if inp.max is not None else "")
        sheet.cell(row=2, column=start, value=head)
        sheet.merge_cells(start_row=2, start_column=start, end_row=2, end_column=col - 1)
        heading = max(heading, wrapped_height(head, 14 * (col - start), 11) or 0)
    validations: dict[str, Any] = {}
    from openpyxl.comments import Comment

    for r, (code, name, own, appraisal, _block, _type, said) in enumerate(rows, FIRST_ROW):
        sheet.cell(row=r, column=1, value=code)
        sheet.cell(row=r, column=2, value=name)
        col = 3
        for inp in inputs:
            for field in inp.fields:
                sheet.cell(row=r, column=col, value=shown(field_value(own.get(inp.id), inp, field), field))
                cell = sheet.cell(row=r, column=col + 1,
                                  value=shown(field_value(appraisal.get(inp.id), inp, field), field))
                cell.fill = s.appraisal_fill
                if inp.id in said and field is inp.fields[0]:  # the second pass sees the answer
                    cell.comment = Comment(f"Giải trình của đơn vị: {said[inp.id]}", "dvk")
                _dropdown(sheet, lists, field, cell.coordinate, validations, DataValidation)
                col += 2
            col += 1
    for c in range(1, col):
        for r in (2, 3):
            cell = sheet.cell(row=r, column=c)
            cell.font, cell.fill, cell.border, cell.alignment = s.header, s.header_fill, s.border, s.header_align
        sheet.column_dimensions[get_column_letter(c)].width = 14 if c > 2 else (16 if c == 1 else 36)
    for row in sheet.iter_rows(min_row=FIRST_ROW, max_col=col - 1):
        for cell in row:
            cell.font, cell.border = s.body, s.border
    sheet.row_dimensions[2].height = heading  # the whole heading shows, wrapped over its columns
    sheet.row_dimensions[3].height = 45
    sheet.row_dimensions[KEY_ROW].hidden = True
    sheet.freeze_panes = sheet.cell(row=FIRST_ROW, column=3)
    print_setup(sheet, "2:3")
    # Too wide to fit one page: printed across pages at full size, unit columns repeated (the
    # "In - " sheet is the one made for paper).
    sheet.sheet_properties.pageSetUpPr.fitToPage = False
    sheet.print_title_cols = "A:B"
    return sheet.title


def _dropdown(sheet, lists, field, coordinate: str, validations: dict, DataValidation) -> None:
    """A list validation for Có/Không and for a method's levels (labels kept on the hidden sheet)."""
    if field.kind not in ("boolean", "choice"):
        return
    labels = ("Có", "Không") if field.kind == "boolean" else tuple(label for _, label in field.choices)
    key = "|".join(labels)
    validation = validations.get(key)
    if validation is None:
        column = lists.max_column + 1 if lists.max_row > 1 or lists["A1"].value else 1
        for row, label in enumerate(labels, 1):
            lists.cell(row=row, column=column, value=label)
        letter = lists.cell(row=1, column=column).column_letter
        validation = DataValidation(type="list", formula1=f"'{LIST_SHEET}'!${letter}$1:${letter}${len(labels)}",
                                    allow_blank=True, showErrorMessage=True, errorTitle="Giá trị không hợp lệ",
                                    error="Chọn một giá trị trong danh sách.")
        sheet.add_data_validation(validation)
        validations[key] = validation
    validation.add(coordinate)


def _sheet_name(title: str, book) -> str:
    name = "".join(c for c in title if c not in "[]:*?/\\")[:28] or "Khối"
    base, n = name, 2
    while name in book.sheetnames:
        name, n = f"{base[:25]} {n}", n + 1
    return name

