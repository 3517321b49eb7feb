"""``write_annotated``: a copy of the unit's own workbook with the computed points and problems.

The copy gets the engine's points as values in the "Điểm tự chấm"/"Điểm thẩm định" cells (each
with its one-line explanation as a comment), every located problem cell filled (light red for
errors, amber for warnings) with a Vietnamese comment, and a "Kết quả chấm điểm" sheet with the
totals, the class and the list of findings.  The source file is only read; the copy is written
to a temporary file next to ``out`` and renamed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scoring.core.findings import DvkError, Finding, Location, make
from scoring.engine.result import Result
from scoring.engine.scorecard import LEFT_OUT, left_out, unclassified_text
from scoring.formats.files import save_workbook
from scoring.formats.grid import Grid
from scoring.formats.safety import check_file
from scoring.formats.styles import fit_row_heights, print_readable, print_setup, styles
from scoring.rules.index import index_of
from scoring.rules.models import Ruleset
from scoring.workbook.layout import NOT_APPLICABLE, SCORE_COLUMNS, SHEET_RESULT, SHEET_SCORES, col_letter
from scoring.workbook.scan import ScoreLayout, scan_scores
from scoring.workbook.template_scores import HEADER_ROW as SCORES_HEADER_ROW


def write_annotated(source: str | Path, result: Result, ruleset: Ruleset, out: str | Path) -> Path:
    """Write the annotated return copy of ``source`` to ``out``; ``source`` is never modified."""
    source, out = Path(source), Path(out)
    if out.exists() and out.resolve() == source.resolve():
        raise DvkError([make("annotate-same-file", Location(file=str(out)))])
    check_file(source)
    from openpyxl import load_workbook

    wb = load_workbook(source)
    scores = _sheet(wb, SHEET_SCORES)
    if scores is not None:
        grid = Grid(scores.title, [list(r) for r in scores.iter_rows(values_only=True)])
        layout = scan_scores(grid, index_of(ruleset))
        _points(scores, layout, result)
        # the unit's copy prints as a new template would: its columns, rows tall enough, one page wide
        for key, col in layout.cols.items():
            if key in SCORE_COLUMNS and key != "field":
                scores.column_dimensions[col_letter(col)].width = SCORE_COLUMNS[key][2]
        fit_row_heights(scores, SCORES_HEADER_ROW + 1)
        print_setup(scores, f"{SCORES_HEADER_ROW}:{SCORES_HEADER_ROW}")
    for ws in wb.worksheets:  # the unit's other sheets print readably too, whatever their age
        if ws is not scores and ws.sheet_state == "visible":
            print_readable(ws)
    _mark_findings(wb, result.findings)
    if SHEET_RESULT in wb.sheetnames:
        del wb[SHEET_RESULT]
    summary = wb.create_sheet(SHEET_RESULT, index=0)
    _summary(summary, result, ruleset)
    wb.active = 0
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws is summary
    return save_workbook(wb, out)


def _sheet(wb: Any, name: str) -> Any:
    import unicodedata

    key = unicodedata.normalize("NFC", name).casefold()
    return next((ws for ws in wb.worksheets if unicodedata.normalize("NFC", ws.title).casefold() == key), None)


def _comment(text: str, lines: int = 4) -> Any:
    from openpyxl.comments import Comment

    comment = Comment(text, "Kết quả chấm điểm")  # (LibreOffice shows the author under the note)
    comment.width, comment.height = 320, 40 + 18 * lines
    return comment


def _writable(ws: Any, ref: str) -> Any:
    """The cell at ``ref``, its merged range split first if it is a covered part of one (a merged
    cell is read-only; on the copy the unit sees its value lost in the merge, marked)."""
    cell = ws[ref]
    if cell.__class__.__name__ != "MergedCell":
        return cell
    merged = next((r for r in ws.merged_cells.ranges if ref in r), None)
    if merged is not None:
        ws.unmerge_cells(merged.coord)
    return ws[ref]


def _put(ws: Any, ref: str, value: Any, explanation: str | None = None) -> None:
    cell = _writable(ws, ref)
    cell.value = value
    if explanation:
        cell.comment = _comment(explanation, 2 + len(explanation) // 50)


def _points(ws: Any, layout: ScoreLayout, result: Result) -> None:
    cols = {k: layout.cols.get(k) for k in ("self_points", "appraisal_points")}
    if None in cols.values():
        return
    ref = lambda row, key: layout.cell(row, key)  # noqa: E731
    for crit in result.criteria:
        row = layout.main.get(crit.id)
        if row is None or not crit.applies:
            continue
        for key, stage in (("self_points", crit.self), ("appraisal_points", crit.appraisal)):
            if stage is None:
                _put(ws, ref(row, key), None)
            elif not stage.applicable:
                _put(ws, ref(row, key), NOT_APPLICABLE if "không áp dụng" in stage.explanation.casefold() else None,
                     stage.explanation)
            else:
                _put(ws, ref(row, key), stage.points, stage.explanation)
    for node in result.nodes:
        row = layout.main.get(node.id)
        if row is not None and node.is_group:
            _put(ws, ref(row, "self_points"), node.self_points)
            _put(ws, ref(row, "appraisal_points"), node.final_points)
    for line in result.pool:
        row = layout.main.get(line.id)
        if row is None:
            continue
        _put(ws, ref(row, "self_points"), line.points_each * line.self_count)
        appraisal = None if line.appraisal_count is None else line.points_each * line.appraisal_count
        _put(ws, ref(row, "appraisal_points"), appraisal)


def _mark_findings(wb: Any, findings: tuple[Finding, ...]) -> None:
    s = styles()
    by_cell: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        loc = finding.location
        if loc.sheet and loc.cell:
            by_cell.setdefault((loc.sheet, loc.cell), []).append(finding)
    for (sheet, ref), found in by_cell.items():
        ws = _sheet(wb, sheet)
        if ws is None:
            continue
        cell = _writable(ws, ref)
        cell.fill = s.warning_fill if any(f.is_error for f in found) else s.notice_fill
        # the explanation only: finding codes stay in the last column of the summary sheet
        text = "\n".join(f"{'LỖI' if f.is_error else 'CẢNH BÁO'}: {f.message}" for f in found)
        cell.comment = _comment(text, 2 + len(text) // 45)


def _accounting(result: Result) -> list[tuple[Any, ...]]:
    """The lines that add up to each stage's total (points in that stage's column)."""
    rows: list[tuple[Any, ...]] = []
    stages = [("tự chấm", result.self_totals, 3)]
    if result.appraised:
        stages.append(("sau thẩm định", result.final, 4))
    for label, totals, column in stages:
        rows += [(), ("", f"Cách tính tổng điểm {label}")]
        for text, points in totals.lines:
            row: list[Any] = ["", text, None, None, None]
            row[column] = points
            rows.append(tuple(row))
        # (a label starting with "=" would be stored as a formula and print as an error)
        total: list[Any] = ["", "Cộng: tổng điểm", None, None, None]
        total[column] = totals.total
        rows.append(tuple(total))
    return rows


def _summary(ws: Any, result: Result, ruleset: Ruleset) -> None:
    s = styles()
    rows: list[tuple[Any, ...]] = [
        ("KẾT QUẢ CHẤM ĐIỂM",),  # (of whatever the ruleset scores: dân vận, QCDC, a model)
        (f"{result.unit_name} ({result.unit_code}) — {result.unit_type_name}"
         + (f" — {result.block_name}" if result.block_name else "") + f" — năm {result.year}",),
        # the title a person reads (the id is for machines and stays in the _dvk sheet)
        (f"Bộ tiêu chí: {ruleset.title}, phiên bản {result.ruleset_version}. Điểm được tính lại "
         "từ các ô nhập; hồ sơ có lỗi thì chưa được chấp nhận.",),
        (),
        ("Mã", "Nội dung", "Điểm tối đa áp dụng", "Điểm tự chấm", "Điểm sau thẩm định"),
    ]
    header_row = len(rows)
    for node in result.nodes:
        if node.is_group:
            rows.append((node.id, node.name, node.max, node.self_points, node.final_points))
    st, fn = result.self_totals, result.final
    errors = [f for f in result.findings if f.is_error]
    # a submission with errors is not classified: no class is printed for either stage
    classes = (unclassified_text(len(errors)),) * 2 if errors else (st.band_label, fn.band_label)
    rows += [
        (),
        ("", "Tổng điểm các tiêu chí", fn.applicable_max, st.base, fn.base),
        ("", "Điểm thưởng", None, st.bonus, fn.bonus),
        ("", "Điểm trừ", None, st.deductions, fn.deductions),
    ]
    # a file with errors has no total yet: a total and percent on paper would read as a result
    if not errors:
        rows += [("", "TỔNG ĐIỂM", fn.applicable_max, st.total, fn.total),
                 ("", "Tỷ lệ trên tổng điểm tối đa áp dụng (%)", None, st.percent, fn.percent)]
    rows.append(("", "Xếp loại", None, *classes))
    # each stage's class has its own gate reasons (a gate on self-reported facts lowers both)
    for reason in dict.fromkeys((*st.gate_reasons, *fn.gate_reasons)) if not errors else ():
        rows.append(("", "Điều kiện xếp loại", None, reason if reason in st.gate_reasons else None,
                     reason if reason in fn.gate_reasons else None))
    for crit, label, why in left_out(result):
        rows.append((crit.id, f"{LEFT_OUT} ({label}): {why}", crit.max))
    rows += [] if errors else _accounting(result)
    verdict = (f"CHƯA CHẤP NHẬN: {len(errors)} lỗi cần sửa" if errors else "Hồ sơ hợp lệ") + \
        f"; {len(result.findings) - len(errors)} cảnh báo."
    # the explanation first; the finding's code stays, in the narrow last column
    rows += [(), ("", verdict), ()]
    verdict_row = len(rows) - 1
    if result.findings:  # (an empty list's header alone would take a page)
        rows.append(("STT", "Nội dung", "Mức độ", "Vị trí", "Tiêu chí", "Mã lỗi"))
    list_header = len(rows) if result.findings else None
    for i, f in enumerate(result.findings, start=1):
        loc = f.location
        # a sheet and cell the unit can find; never a file path or a JSON path
        place = f"{loc.sheet}!{loc.cell}" if loc.sheet and loc.cell else (loc.sheet or "")
        rows.append((i, f.message, "Lỗi" if f.is_error else "Cảnh báo", place, loc.criterion_id, f.code))
    for values in rows:
        ws.append(list(values))
    for row in ws.iter_rows():
        for cell in row:
            cell.font, cell.alignment = s.body, s.wrap
    ws["A1"].font = s.title
    for r in (1, 2, 3):  # title lines span the table instead of wrapping inside column A
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=6)
    ws.row_dimensions[3].height = 30
    tables = [(header_row, verdict_row - 2, 5)] + ([(list_header, ws.max_row, 6)] if list_header else [])
    for r, _, columns in tables:
        for c in range(1, columns + 1):
            cell = ws.cell(row=r, column=c)
            cell.font, cell.fill, cell.alignment = s.header, s.header_fill, s.header_align
        ws.row_dimensions[r].height = 30  # two lines: "Điểm tối đa áp dụng" wraps in its column
    ws.cell(row=verdict_row, column=2).font = s.bold
    # both tables print with borders: the scores (5 columns) and the list of findings (6)
    for first, last, columns in tables:
        for r in range(first, last + 1):
            if any(ws.cell(row=r, column=c).value not in (None, "") for c in range(1, columns + 1)):
                for c in range(1, columns + 1):
                    ws.cell(row=r, column=c).border = s.border
    for letter, width in zip("ABCDEF", (6, 54, 12, 12, 12, 18)):
        ws.column_dimensions[letter].width = width
    fit_row_heights(ws, header_row + 1)
    print_setup(ws, f"{header_row}:{header_row}")
    ws.sheet_properties.tabColor = "C00000" if errors else "70AD47"
