"""The "Tự chấm điểm" sheet of a template: criteria tree, bonus, deductions, facts, totals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from scoring.core.decimals import fmt
from scoring.formats.styles import fit_row_heights, print_setup, protect, styles
from scoring.rules.index import NodeInfo, RulesetIndex
from scoring.rules.methods import InputField
from scoring.rules.notapplicable import NA_FIELD, NA_TEXT, REASON_FIELD
from scoring.workbook import formulas
from scoring.workbook.layout import (
    APPRAISER_ONLY,
    COUNT_FIELD,
    NO,
    NOT_APPLICABLE,
    SCORE_COLUMNS,
    SHEET_LISTS,
    SHEET_SCORES,
    YES,
    marker,
)
from scoring.workbook.signature import signature_block

HEADER_ROW = 3
FIRST_ROW = 5
INPUT_KEYS = ("self", "appraisal")
NOTE_KEYS = ("evidence", "note", "appraisal_note")


def col(key: str) -> str:
    return SCORE_COLUMNS[key][0]


class ScoreSheet:
    """Writes the criteria sheet row by row; remembers where every input and score cell is."""

    def __init__(self, wb: Any, index: RulesetIndex, unit_type: str, lists: Any):
        self.ws = wb.create_sheet(SHEET_SCORES)
        self.index, self.unit_type, self.lists = index, unit_type, lists
        self.places = index.ruleset.rounding.criterion_places
        self.row = FIRST_ROW
        self.list_col = 1
        self.level_lists: dict[str, tuple[str, str]] = {}  # criterion id → (labels, points) ranges
        self._current_id = ""  # the criterion being written (its level list feeds the dropdown)

    # --- sheet frame -------------------------------------------------------------------------
    def write(self) -> None:
        s, ws, rs = styles(), self.ws, self.index.ruleset
        last = col("appraisal_note")
        ws["A1"] = "BẢNG TỰ CHẤM ĐIỂM CÔNG TÁC DÂN VẬN CHÍNH QUYỀN"
        ws["A1"].font = s.title
        type_name = next(u.name for u in rs.unit_types if u.id == self.unit_type)
        ws["A2"] = f"{rs.title} — Loại đơn vị: {type_name}"
        ws["A2"].font = s.subtitle
        # (print_setup spreads both lines over the table's width, wrapped: it prints one page wide)
        for key, (letter, header, width) in SCORE_COLUMNS.items():
            cell = ws[f"{letter}{HEADER_ROW}"]
            cell.value, cell.font, cell.fill = header, s.header, s.header_fill
            cell.alignment, cell.border = s.header_align, s.border
            mark = ws[f"{letter}{HEADER_ROW + 1}"]
            mark.value, mark.font = marker(key), s.marker
            ws.column_dimensions[letter].width = width
        ws.row_dimensions[HEADER_ROW + 1].hidden = True
        ws.column_dimensions[col("field")].hidden = True
        ws.row_dimensions[HEADER_ROW].height = 48  # three lines: "Tài liệu kiểm chứng" in its column
        tops = [self._node(info) for info in self.index.children(None)]
        pools = [self._pool(name) for name in ("bonus", "deductions")]
        self._facts()
        self._totals([r for r in tops if r], pools)
        ws.freeze_panes = f"C{FIRST_ROW}"
        fit_row_heights(ws, FIRST_ROW)
        last_row = signature_block(ws, self.row + 1)
        # the hidden field-key column stays off the page (LibreOffice prints a hidden column's
        # wrapped text as a thin strip of letters); the signature block is inside the area
        ws.print_area = f"A1:{last}{last_row}"
        print_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}")
        protect(ws)

    def _cell(self, key: str, value: Any = None, font: Any = None, fill: Any = None,
              align: Any = None, row: int | None = None) -> Any:
        s = styles()
        cell = self.ws[f"{col(key)}{row or self.row}"]
        if value is not None:
            cell.value = value
        cell.font, cell.border = font or s.body, s.border
        cell.alignment = align or (s.wrap if key in ("name", "guidance", *NOTE_KEYS) else s.center)
        if fill is not None:
            cell.fill = fill
        return cell

    def _frame(self, font: Any = None, fill: Any = None) -> None:
        for key in SCORE_COLUMNS:
            self._cell(key, font=font, fill=fill)

    def _input(self, key: str, field: InputField | None = None, note: str | None = None) -> Any:
        s = styles()
        fill = s.appraisal_fill if key.startswith("appraisal") else s.input_fill
        cell = self._cell(key, fill=fill)
        cell.protection = s.unlocked
        if field is not None:
            self._validate(cell, field, note)
        return cell

    def _next(self) -> int:
        row, self.row = self.row, self.row + 1
        return row

    # --- criteria ------------------------------------------------------------------------------
    def _node(self, info: NodeInfo) -> int | None:
        s = styles()
        if not info.applies(self.unit_type):
            self._frame(font=s.muted, fill=s.na_fill)
            self._id(info.id, s.muted)
            self._cell("name", info.node.name, font=s.muted)
            self._cell("max", info.node.max, font=s.muted)
            self._cell("self", NOT_APPLICABLE, font=s.muted)
            self._next()
            return None
        if info.is_leaf:
            return self._leaf(info)
        row = self._next()
        self.row = row  # (the frame is drawn on the current row: the group's own, not its first child's)
        self._frame(font=s.bold, fill=s.group_fill)
        self.row = row + 1
        self._id(info.id, s.bold, row)
        self._cell("name", info.node.name, font=s.bold, row=row)
        # the group's worth for this unit type (its applicable children, its own cap)
        self._cell("max", self.index.node_max(info.id, self.unit_type), font=s.bold, row=row)
        self._cell("guidance", info.node.guidance or None, row=row)
        children = [r for r in (self._node(c) for c in self.index.children(info.id)) if r]
        cap = info.node.max_for(self.unit_type) if info.node.cap_at_max else None
        self._cell("self_points", formulas.sum_formula([f"{col('self_points')}{r}" for r in children], cap),
                   font=s.bold, row=row)
        finals = [formulas.final_of(f"{col('appraisal_points')}{r}", f"{col('self_points')}{r}")
                  for r in children]
        self._cell("appraisal_points", formulas.sum_formula(finals, cap), font=s.bold, row=row)
        return row

    def _id(self, node_id: str, font: Any, row: int | None = None) -> None:
        cell = self._cell("id", node_id, font=font, row=row)
        cell.number_format = "@"

    def _leaf(self, info: NodeInfo) -> int:
        s, crit = styles(), info.node
        self._current_id = info.id
        main = self._next()
        self.row = main
        self._frame()
        self._id(info.id, s.body)
        self._cell("name", crit.name)
        self._cell("max", crit.max)
        guide = " ".join(t for t in (crit.guidance, crit.method.describe(crit.max) + ".") if t)
        if crit.evidence_required:
            guide += " Bắt buộc có tài liệu kiểm chứng."
        self._cell("guidance", guide)
        for key in NOTE_KEYS:
            self._input(key)
        if crit.method.type == "levels":  # type: ignore[attr-defined]
            self._level_list(info)
        allowance = crit.unit_may_declare_not_applicable
        # A criterion the unit may declare not applicable gets its two rows for that choice.
        single = len(info.fields) == 1 and allowance is None
        cells: dict[str, dict[str, str]] = {"self": {}, "appraisal": {}}
        if single:
            self._field_cells(info, info.fields[0], cells)
        else:
            self._cell("self", font=s.muted, fill=s.na_fill)
            self.row = main + 1
            for field in info.fields:
                self._sub_row(info, self._field_caption(info, field))
                self._field_cells(info, field, cells)
                self.row += 1
            if allowance is not None:
                self._na_rows(info, allowance.reason_required, cells)
        end = self.row if not single else main + 1
        self.row = main
        lists = {"level": self.level_lists[info.id]} if info.id in self.level_lists else {}
        for stage in INPUT_KEYS:
            points = "self_points" if stage == "self" else "appraisal_points"
            if stage == "self" and crit.method.appraiser_only:
                continue
            formula = formulas.leaf_formula(crit.method, crit.max, cells[stage], self.places, lists,
                                            round_down=self.index.ruleset.rounding.mode == "down",
                                            not_applicable=allowance)
            self._cell(points, formula, row=main)
        self.row = end
        return main

    def _sub_row(self, info: NodeInfo, caption: str) -> None:
        s = styles()
        self._frame(font=s.body)
        self._id(info.id, s.muted)
        self._cell("name", "    – " + caption)

    def _na_rows(self, info: NodeInfo, reason_required: bool, cells: dict[str, dict[str, str]]) -> None:
        """The "Không áp dụng" choice (self and appraisal) and the unit's reason, below the fields."""
        s = styles()
        self._sub_row(info, f"Đơn vị tự khai «{NA_TEXT}» (chỉ chọn khi tiêu chí không áp dụng với đơn vị)")
        self._cell("field", NA_FIELD, font=s.marker, align=s.top)
        for stage in INPUT_KEYS:
            cell = self._input(stage)
            self._na_choice(cell, stage)
            cells[stage][NA_FIELD] = cell.coordinate
        self.row += 1
        need = "bắt buộc" if reason_required else "nên ghi"
        self._sub_row(info, f"Lý do không áp dụng ({need} khi chọn «{NA_TEXT}»)")
        self._cell("field", REASON_FIELD, font=s.marker, align=s.top)
        cell = self._input("self")
        cell.alignment = s.wrap
        self.ws.row_dimensions[self.row].height = 60  # room for a reason of a few lines
        cells["self"][REASON_FIELD] = cell.coordinate
        self._cell("appraisal", font=s.muted, fill=s.na_fill)
        self.row += 1

    def _na_choice(self, cell: Any, stage: str) -> None:
        from openpyxl.worksheet.datavalidation import DataValidation

        prompt = (f"Chọn «{NA_TEXT}» nếu tiêu chí không áp dụng với đơn vị, ghi lý do ở dòng dưới; "
                  "để trống nếu tiêu chí áp dụng." if stage == "self" else
                  f"«{NA_TEXT}»: xác nhận đơn vị tự khai; để trống và nhập giá trị ở trên để bác bỏ.")
        dv = DataValidation(type="list", formula1=f'"{NA_TEXT}"', allow_blank=True, showErrorMessage=True,
                            showInputMessage=True, errorTitle="Giá trị không hợp lệ",
                            error=f"Chọn «{NA_TEXT}» hoặc để trống.", promptTitle="Không áp dụng",
                            prompt=prompt[:250])
        dv.add(cell.coordinate)
        self.ws.add_data_validation(dv)

    def _field_caption(self, info: NodeInfo, field: InputField) -> str:
        method = info.node.method
        extra = ""
        if method.type == "count_deduction":  # type: ignore[attr-defined]
            kind = next(k for k in method.kinds if k.id == field.key)
            extra = f" (trừ {fmt(kind.points_each)} điểm/lần)"
        elif method.type == "checklist":  # type: ignore[attr-defined]
            item = next(i for i in method.items if i.id == field.key)
            extra = f" ({fmt(item.points)} điểm)"
        return field.label + extra

    def _field_cells(self, info: NodeInfo, field: InputField, cells: dict[str, dict[str, str]]) -> None:
        s = styles()
        self._cell("field", field.key, font=s.marker, align=s.top)
        for stage in INPUT_KEYS:
            if stage == "self" and info.node.method.appraiser_only:
                self._cell("self", APPRAISER_ONLY, font=s.muted, fill=s.na_fill)
                continue
            cell = self._input(stage, field, self._prompt(info, field))
            cells[stage][field.key] = cell.coordinate

    def _prompt(self, info: NodeInfo, field: InputField) -> str:
        kind = {"boolean": f"Chọn {YES} hoặc {NO}.", "choice": "Chọn một mức trong danh sách.",
                "integer": "Nhập số nguyên (0, 1, 2…)."}.get(field.kind, "Nhập một số.")
        if field.step is not None:
            kind = f"Nhập số từ 0 đến {fmt(field.max)}, bước {fmt(field.step)}."
        elif field.max is not None:
            kind = f"Nhập số từ 0 đến {fmt(field.max)}."
        return f"{field.label}: {kind}"

    # --- validation ----------------------------------------------------------------------------
    def _validate(self, cell: Any, field: InputField, prompt: str | None) -> None:
        from openpyxl.worksheet.datavalidation import DataValidation

        ref = cell.coordinate
        if field.kind == "boolean":
            args = dict(type="list", formula1=f'"{YES},{NO}"')
            error = f"Chọn {YES} hoặc {NO}."
        elif field.kind == "choice":
            args = dict(type="list", formula1=self.level_lists[self._current_id][0])
            error = "Chọn một mức trong danh sách."
        elif field.kind == "integer":
            args = dict(type="whole", operator="between", formula1="0",
                        formula2=str(field.max if field.max is not None else 100000))
            error = "Nhập số nguyên không âm."
        elif field.step is not None:
            step = formulas.num(field.step)
            test = (f"AND(ISNUMBER({ref}),{ref}>=0,{ref}<={formulas.num(field.max)},"
                    f"ROUND({ref}/{step},9)=INT(ROUND({ref}/{step},9)))")
            args = dict(type="custom", formula1=test)
            error = f"Nhập số từ 0 đến {fmt(field.max)}, bước {fmt(field.step)}."
        else:
            top = formulas.num(field.max) if field.max is not None else "1000000000"
            args = dict(type="decimal", operator="between", formula1="0", formula2=top)
            error = "Nhập một số không âm."
        dv = DataValidation(allow_blank=True, showErrorMessage=True, showInputMessage=True,
                            errorTitle="Giá trị không hợp lệ", error=error,
                            promptTitle="Hướng dẫn nhập", prompt=(prompt or "")[:250], **args)
        dv.add(ref)
        self.ws.add_data_validation(dv)

    def _level_list(self, info: NodeInfo) -> None:
        """Levels go to the hidden list sheet (a literal list is capped at 255 characters)."""
        from openpyxl.utils import get_column_letter

        labels_col = get_column_letter(self.list_col)
        points_col = get_column_letter(self.list_col + 1)
        self.list_col += 2
        self.lists[f"{labels_col}1"] = info.id
        self.lists[f"{points_col}1"] = "Điểm"
        levels = info.node.method.levels
        for i, level in enumerate(levels, start=2):
            self.lists[f"{labels_col}{i}"] = level.label
            self.lists[f"{points_col}{i}"] = level.points
        n = len(levels) + 1
        sheet = f"'{SHEET_LISTS}'"
        self.level_lists[info.id] = (f"{sheet}!${labels_col}$2:${labels_col}${n}",
                                     f"{sheet}!${points_col}$2:${points_col}${n}")

    # --- pools, facts, totals ------------------------------------------------------------------
    def _section(self, title: str) -> int:
        s = styles()
        row = self._next()
        self.row = row
        self._frame(font=s.bold, fill=s.section_fill)
        self._cell("name", title, font=s.bold)
        self.row = row + 1
        return row

    def _pool(self, name: str) -> tuple[str, int] | None:
        pool = getattr(self.index.ruleset, name)
        items = [p for p in self.index.pool_items if p.pool == name and self.unit_type in p.applies_to]
        if pool is None or not items:
            return None
        head = self._section(f"{pool.label.upper()} (tối đa {fmt(pool.cap)} điểm)")
        rows = []
        for info in items:
            item = info.item
            guide = f"Mỗi lần {fmt(item.points_each)} điểm"
            guide += f", tính tối đa {item.max_count} lần" if item.max_count else ""
            # "cap": a count above is taken (counted as the limit), so the cell does not refuse it
            cap = item.max_count if item.when_above_max_count == "cap" else None
            guide += " (nhập nhiều hơn thì chỉ tính từng ấy lần)" if cap else ""
            rows.append(self._count_row(item.id, item.name, " ".join(filter(None, (item.guidance, guide + "."))),
                                        InputField(COUNT_FIELD, "Số lần", "integer", max=None if cap else item.max_count),
                                        item.points_each, cap))
        s = styles()
        for key in ("self_points", "appraisal_points"):
            refs = [f"{col(key)}{r}" for r in rows] if key == "self_points" else [
                formulas.final_of(f"{col(key)}{r}", f"{col('self_points')}{r}") for r in rows]
            self._cell(key, formulas.sum_formula(refs, pool.cap), font=s.bold, row=head)
        return name, head

    def _count_row(self, node_id: str, name: str, guide: str, field: InputField,
                   points_each: Decimal | None, cap: int | None = None) -> int:
        s = styles()
        row = self._next()
        self.row = row
        self._frame()
        self._id(node_id, s.body)
        self._cell("name", name)
        self._cell("max", points_each)
        self._cell("guidance", guide)
        self._cell("field", COUNT_FIELD, font=s.marker, align=s.top)
        prompt = f"{name}: " + ("Chọn Có hoặc Không." if field.kind == "boolean" else "Nhập số lần (số nguyên).")
        for stage in INPUT_KEYS:
            self._input(stage, field, prompt)
        for key in NOTE_KEYS:
            self._input(key)
        if points_each is not None:
            pe = formulas.num(points_each)
            count = {stage: f"N({col(stage)}{row})" if cap is None else f"MIN(N({col(stage)}{row}),{cap})"
                     for stage in ("self", "appraisal")}
            self._cell("self_points", f"={count['self']}*{pe}")
            self._cell("appraisal_points", f'=IF({col("appraisal")}{row}="","",{count["appraisal"]}*{pe})')
        self.row = row + 1
        return row

    def _facts(self) -> None:
        facts = [f for f in self.index.facts if self.unit_type in f.applies_to]
        if not facts:
            return
        self._section("THÔNG TIN KHÁC (không tính điểm; dùng để xét điều kiện xếp loại)")
        for info in facts:
            fact = info.fact
            field = InputField(COUNT_FIELD, fact.name, fact.kind)
            self._count_row(fact.id, fact.name, fact.guidance, field, None)

    def _totals(self, tops: list[int], pools: list[tuple[str, int] | None]) -> None:
        s = styles()
        heads = dict(p for p in pools if p)
        lines: list[tuple[str, list[int], None]] = [("Tổng điểm các tiêu chí", tops, None)]
        for name, label in (("bonus", "Điểm thưởng"), ("deductions", "Điểm trừ")):
            if name in heads:
                lines.append((label, [heads[name]], None))
        self.row += 1
        rows: dict[str, int] = {}
        for label, refs, _ in lines:
            row = self._next()
            self.row = row
            self._frame(font=s.bold)
            self._cell("name", label, font=s.bold)
            for key in ("self_points", "appraisal_points"):
                self._cell(key, formulas.sum_formula([f"{col(key)}{r}" for r in refs]), font=s.bold)
            rows[label] = row
            self.row = row + 1
        row = self._next()
        self.row = row
        self._frame(font=s.bold, fill=s.group_fill)
        self._cell("name", "TỔNG ĐIỂM (để tham khảo; điểm chính thức do cơ quan thẩm định tính lại)", font=s.bold)
        for key in ("self_points", "appraisal_points"):
            c = col(key)
            expr = f"{c}{rows['Tổng điểm các tiêu chí']}"
            if "Điểm thưởng" in rows:
                expr += f"+{c}{rows['Điểm thưởng']}"
            if "Điểm trừ" in rows:
                expr += f"-{c}{rows['Điểm trừ']}"
            self._cell(key, f"=MAX(0,{expr})", font=s.bold)
        self.row = row + 1

