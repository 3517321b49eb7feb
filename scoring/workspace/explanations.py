"""Explanations (giải trình): units answer the council's changes, then a second appraisal pass.

``dvk round explanations-sheet`` writes a workbook with a row per appraisal change that counts
(unit, criterion, self value, appraisal, the council's reason) and an answer column; units fill
their rows and send it back.  ``dvk round explanations FILES/FOLDERS`` takes the returned
workbooks like submissions: each file stored once by content hash, every new answer recorded with
its unit, criterion, time and actor.  The council then moves the round back to ``appraisal`` for
the second pass (the appraisal sheet shows the answers) or on to ``final``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scoring.core.findings import DvkError, Finding, Location, make
from scoring.core.unitcode import unit_key
from scoring.workbook.layout import a1
from scoring.workspace.appraisal_inputs import describe
from scoring.workspace.store import Workspace, actor, audit, now

HEADER = ("Mã đơn vị", "Tên đơn vị", "Tiêu chí", "Tự chấm", "Thẩm định", "Lý do thẩm định", "Giải trình của đơn vị")
#: How far down the heading row is looked for (it is row 3).
HEADER_SEARCH_ROWS = 50


MAX_TEXT = 4000


def changed_items(round_, entry=None) -> list[tuple[str, str, str, Any, Any, str, int]]:
    """(unit code, unit name, criterion id, self value, appraisal now, reason, entry id) of every
    appraisal value that counts now and differs from the unit's own (one roster ``entry``'s only,
    when given)."""
    from scoring.workspace.results import council_changes

    latest: dict[tuple[int, str], Any] = {
        (entry_id, criterion): change
        for entry_id, changes in council_changes(round_, entry, related=("entry__unit", "entry__current")).items()
        for criterion, change in changes.items()}
    items = []
    for (entry_id, criterion), change in sorted(latest.items(), key=lambda kv: (kv[1].entry.unit.code, kv[0][1])):
        own = change.entry.current.data.get("answers", {}).get(criterion, {}).get("self")
        items.append((change.entry.unit.code, change.entry.name, criterion, own, change.after, change.reason, entry_id))
    return items


def _fields_of(round_) -> dict[str, tuple]:
    """Per criterion id: its input fields, whose labels :func:`describe` writes."""
    from scoring.rules.index import index_of
    from scoring.workspace.rounds import ruleset_of

    return {info.id: info.fields for info in index_of(ruleset_of(round_)).leaves}


def write_explanations_sheet(ws: Workspace, round_code: str | None, path: Path) -> Path:
    """The workbook units fill with their answers to the council's changes."""
    from scoring.workspace.books import save_book
    from scoring.workspace.rounds import find_round
    from scoring.workspace.stages import require_appraisal

    round_ = find_round(round_code)
    require_appraisal(round_, "lập bảng giải trình kết quả thẩm định")
    return save_book(_explanations_book(round_, changed_items(round_)), path)


def write_unit_explanation_sheets(ws: Workspace, round_code: str | None, out_dir: Path) -> list[Path]:
    """One explanations workbook per unit the council changed, with that unit's changes only,
    in ``out_dir`` (whole or absent: :func:`scoring.core.publish.publish`); the paths written.
    Each is read back by :func:`import_explanations` (several together too) and carries its
    unit in its ``_dvk`` sheet, so another unit's row typed into it is refused."""
    from scoring.core.filenames import file_stem, unique_stem
    from scoring.core.publish import publish
    from scoring.workspace.books import save_book
    from scoring.workspace.rounds import find_round
    from scoring.workspace.stages import require_appraisal

    round_ = find_round(round_code)
    require_appraisal(round_, "lập bảng giải trình kết quả thẩm định")
    by_unit: dict[int, list] = {}
    for item in changed_items(round_):
        by_unit.setdefault(item[-1], []).append(item)

    def build(folder: Path) -> list[Path]:
        written, taken = [], set()
        for items in by_unit.values():
            code, name = items[0][0], items[0][1]
            stem = unique_stem(f"giai-trinh-{file_stem(name, code)}", taken)
            written.append(save_book(_explanations_book(round_, items, unit=(code, name)),
                                     folder / f"{stem}.xlsx"))
        return written

    return publish(Path(out_dir), build)


def _explanations_book(round_, items: list, unit: tuple[str, str] | None = None):
    """The explanations workbook of ``items`` (:func:`changed_items`); ``unit`` (code, name): one
    unit's own, said in its heading and kept in its ``_dvk`` sheet."""
    from openpyxl import Workbook

    from scoring.formats.styles import print_setup, styles
    from scoring.workspace.council_book import write_meta

    fields = _fields_of(round_)
    s = styles()
    book = Workbook()
    sheet = book.active
    sheet.title = "Giải trình"
    sheet.append([f"GIẢI TRÌNH KẾT QUẢ THẨM ĐỊNH: {round_.name.upper()}"])
    sheet["A1"].font = s.title
    whose = f"Đơn vị: {unit[1]} ({unit[0]}). " if unit else ""
    sheet.append([f"{whose}Đơn vị ghi ý kiến giải trình vào cột cuối; để trống nếu thống nhất với kết quả thẩm định."])
    sheet.append(list(HEADER))
    for code, name, criterion, own, after, reason, _entry in items:
        sheet.append([code, name, criterion, describe(own, fields.get(criterion, ())),
                      describe(after, fields.get(criterion, ())), reason, None])
        sheet.cell(row=sheet.max_row, column=len(HEADER)).fill = s.input_fill
    for col, width in enumerate((16, 36, 10, 14, 14, 40, 60), 1):
        cell = sheet.cell(row=3, column=col)
        cell.font, cell.fill, cell.border, cell.alignment = s.header, s.header_fill, s.border, s.header_align
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "A4"
    print_setup(sheet, "3:3")
    write_meta(book, round_, "explanations", [sheet.title], unit=unit[0] if unit else None)
    return book


def import_explanations(ws: Workspace, round_code: str | None, inputs: Sequence[Path],
                        who: str | None = None) -> list[tuple[str, str, str]]:
    """Record the new answers in the returned workbooks; return (unit, criterion, text) of each."""
    from django.db import transaction

    from scoring.intake.collect import input_files
    from scoring.workspace.blobs import copy_blobs, record_blobs
    from scoring.workspace.council_book import open_council_book
    from scoring.workspace.filestate import file_hashes
    from scoring.workspace.models import Explanation, Round
    from scoring.workspace.rounds import find_round, require_state

    who = who or actor()
    round_ = find_round(round_code)
    require_state(round_, ("explanations",), "nhận giải trình")
    pairs, _ = input_files(inputs, exclude=[ws.root])
    findings: list[Finding] = []
    books = {}
    for shown, real in pairs:  # each file checked and opened first: a FIFO is never read
        try:
            books[real] = open_council_book(Path(shown), round_, "explanations")
        except DvkError as refused:
            findings += refused.findings
    if findings:
        raise DvkError(findings)
    files, missing = file_hashes(round_, pairs)
    findings += [why for _, why in missing]
    items = {(unit_key(code), criterion): (entry, code) for code, _n, criterion, *_r, entry in changed_items(round_)}
    answers: list[tuple[int, str, str, str, str]] = []  # entry, unit, criterion, text, file
    placed: dict[tuple[int, str], str] = {}  # (entry, criterion) → where its answer is
    for f in files:
        book, meta = books[f.path]
        name = next((n for n in meta.get("sheets", ()) if n in book.sheet_names), book.sheet_names[0])
        answers += _answers(book.grid(name), f.path, items, placed, findings, meta.get("unit"))
    if findings:
        raise DvkError(findings)
    stored = copy_blobs(ws, files)
    at = now()
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        require_state(round_, ("explanations",), "nhận giải trình")
        # the answers known under the lock: the same sheets taken twice at once (a rerun while
        # the first still runs) record each answer once, not twice
        known = {(e, c): t for e, c, t in Explanation.objects.filter(round=round_).order_by("id")
                 .values_list("entry_id", "criterion_id", "text")}
        fresh = [a for a in answers if known.get((a[0], a[2])) != a[3]]
        record_blobs(stored, at)
        for entry, unit, criterion, text, source in fresh:
            _record(round_, entry, unit, criterion, text, source, who, at, known.get((entry, criterion)),
                    {"file": Path(source).name})
    return [(unit, criterion, text) for _e, unit, criterion, text, _s in fresh]


def _record(round_, entry_id: int, unit: str, criterion: str, text: str, source: str, who: str, at,
            before: str | None, origin: dict[str, str]) -> None:
    """One answer and its audit entry (inside the caller's transaction)."""
    from scoring.workspace.models import Explanation

    Explanation.objects.create(round=round_, entry_id=entry_id, criterion_id=criterion, text=text,
                               source=source, actor=who, at=at)
    audit(round_, who, "explanation-added", f"{unit} / {criterion}", before=before,
          after={"text": text, **origin}, at=at)


def answers_by_criterion(entry) -> dict[str, list[str]]:
    """The texts of a roster entry's answers, oldest first, by criterion id."""
    told: dict[str, list[str]] = {}
    for criterion, text in entry.explanations.order_by("at", "id").values_list("criterion_id", "text"):
        told.setdefault(criterion, []).append(text)
    return told


def window_open(round_) -> bool:
    """Whether units may answer now: the round takes explanations and its deadline (if any) is ahead."""
    from scoring.workspace.rounds import deadline

    due = deadline(round_, "explanation")
    return round_.state == "explanations" and (due is None or now() <= due)


def explain(entry, criterion: str, text: str, who: str, source: str = "cổng thông tin") -> str:
    """A unit's answer to the council's change of one criterion, typed in the portal; the text
    recorded.  Refused (``DvkError``) outside the window, for an unchanged criterion, or empty."""
    from django.db import transaction

    from scoring.workspace.models import Round
    from scoring.workspace.rounds import deadline, require_state, shown_deadline

    where = Location(criterion_id=criterion, field="giai_trinh")
    text = " ".join((text or "").split())
    if not text:
        raise DvkError([make("explanation-empty", where, criterion=criterion)])
    if len(text) > MAX_TEXT:
        raise DvkError([make("explanation-too-long", where, criterion=criterion, length=len(text), limit=MAX_TEXT)])
    if criterion not in {c for _u, _n, c, *_r in changed_items(entry.round, entry)}:
        raise DvkError([make("explanation-not-changed", where, criterion=criterion)])
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=entry.round_id)
        require_state(round_, ("explanations",), "nhận giải trình")
        if not window_open(round_):
            due = deadline(round_, "explanation")
            raise DvkError([make("explanation-window-closed", where, due=shown_deadline(due))])
        before = entry.explanations.filter(criterion_id=criterion).order_by("id").values_list("text", flat=True).last()
        _record(round_, entry.pk, entry.unit.code, criterion, text, source, who, now(), before, {"channel": "portal"})
    return text


def header_row(grid) -> tuple[int, dict[str, int]] | None:
    """The 0-based row of the sheet's column headings (found by content: rows above it may be
    deleted or added) and the column of each heading, or None."""
    for row in range(min(len(grid), HEADER_SEARCH_ROWS)):
        line = [" ".join(str(v).split()) if v is not None else "" for v in grid.line(row)]
        if set(HEADER) <= set(line):
            return row, {name: line.index(name) for name in HEADER}
    return None


def _answers(grid, file: str, items: dict, placed: dict[tuple[int, str], str],
             findings: list[Finding], own: object = None) -> list[tuple[int, str, str, str, str]]:
    """The answers in one returned sheet; a row with an answer and no known unit/criterion, a
    second answer to the same change (in this sheet or another of the batch), or (a unit's own
    sheet, ``own`` its code) another unit's row, is refused."""
    found = []
    header = header_row(grid)
    if header is None:
        findings.append(make("explanations-sheet-header-missing", Location(file=file, sheet=grid.name),
                             sheet=grid.name, header=", ".join(HEADER), rows=HEADER_SEARCH_ROWS))
        return found
    top, columns = header
    code_col, criterion_col, text_col = (columns[HEADER[i]] for i in (0, 2, len(HEADER) - 1))
    for row in range(top + 1, len(grid)):
        code, criterion, text = (grid.get(row, c) for c in (code_col, criterion_col, text_col))
        if text is None or not str(text).strip():
            continue
        where = Location(file=file, sheet=grid.name, cell=a1(row, text_col))
        key = (unit_key(str(code or "")), str(criterion or "").strip())
        entry, unit = items.get(key, (None, None))
        if own and key[0] != unit_key(str(own)):
            findings.append(make("explanation-other-unit", where, unit=code or "(trống)", own=own))
            continue
        if entry is None:
            findings.append(make("explanation-unknown-row", where, unit=code or "(trống)",
                                 criterion=criterion or "(trống)"))
            continue
        text = " ".join(str(text).split())
        if len(text) > MAX_TEXT:  # as typed in the portal
            findings.append(make("explanation-too-long", where, criterion=key[1], length=len(text), limit=MAX_TEXT))
            continue
        here = f"{Path(file).name} {grid.name}!{a1(row, text_col)}"
        if (entry, key[1]) in placed:
            findings.append(make("explanation-duplicate-row", where, unit=unit, criterion=key[1],
                                 first=placed[(entry, key[1])], second=here))
            continue
        placed[(entry, key[1])] = here
        found.append((entry, unit, key[1], text, file))
    return found
