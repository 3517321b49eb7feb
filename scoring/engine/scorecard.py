"""A scored submission as readable text: the criteria with both stages, subtotals, total, class."""

from __future__ import annotations

from scoring.core.decimals import fmt
from scoring.core.textgrid import table
from scoring.engine.explain import signed
from scoring.engine.result import CriterionResult, Result
from scoring.rules.models import Ruleset
from scoring.rules.notapplicable import NA_TEXT


def render_result(ruleset: Ruleset, result: Result) -> str:
    """What ``dvk score`` prints: header, table, totals and class with gate reasons, findings."""
    if not result.criteria:
        return _header(result) + "\n\nKhông chấm được:\n" + _findings(result)
    parts = [_header(result), _table(result), _accounting(result), _totals(ruleset, result)]
    if result.findings:
        parts.append(_findings(result))
    return "\n\n".join(parts)


def _header(r: Result) -> str:
    block = f" — {r.block_name}" if r.block_name else ""
    return (f"{r.unit_name} ({r.unit_code}) — {r.unit_type_name}{block} — năm {r.year}\n"
            f"Bộ tiêu chí: {r.ruleset_id} {r.ruleset_version}")


def _table(r: Result) -> str:
    by_id = {c.id: c for c in r.criteria}
    rows = []
    for node in r.nodes:
        name = "  " * node.depth + node.name
        if node.is_group:
            rows.append([node.id, name.upper() if node.depth == 0 else name, fmt(node.max),
                         fmt(node.self_points), fmt(node.final_points) if r.appraised else "", "", ""])
        else:
            rows.append(_criterion_row(by_id[node.id], name, r.appraised))
    headers = ["Mã", "Nội dung", "Tối đa", "Tự chấm", "Thẩm định", "Chênh*", "Cách tính"]
    text = table(headers, rows, widths=[5, 44, 6, 7, 9, 6, 52])
    # the same sign as the published tables: positive = the unit scored itself higher
    return text + ("\n* Chênh = tự chấm − thẩm định (dương: tự chấm cao hơn thẩm định)" if r.appraised else "")


def _criterion_row(c: CriterionResult, name: str, appraised: bool) -> list[str]:
    final = c.final
    # written out: "KAD" meant nothing to a reader (issue 22)
    self_points = fmt(c.self.points) if c.self and c.self.applicable else NA_TEXT
    appraisal = ""
    if c.appraisal is not None:
        appraisal = fmt(c.appraisal.points) if c.appraisal.applicable else NA_TEXT
    elif appraised:
        appraisal = "—"
    diff = fmt(-c.diff) if c.diff else ""  # c.diff is appraisal − self
    explanation = final.explanation if final else ""
    return [c.id, name, fmt(c.max), self_points, appraisal, diff, explanation]


def _totals(ruleset: Ruleset, r: Result) -> str:
    s, f = r.self_totals, r.final
    lines = []
    for line in r.pool:
        counts = f"{line.self_count}" + (f" → {line.appraisal_count}" if line.appraisal_count is not None else "")
        if line.self_count or line.appraisal_count:
            sign = "+" if line.pool == "bonus" else "−"
            lines.append(f"  {line.id} {line.name}: {counts} lần × {fmt(line.points_each)} = "
                         f"{sign}{fmt(line.final_points)}")
    rows = [
        ("Điểm các tiêu chí", s.base, f.base),
        (ruleset.bonus.label if ruleset.bonus else "Điểm thưởng", s.bonus, f.bonus),
        (ruleset.deductions.label if ruleset.deductions else "Điểm trừ", s.deductions, f.deductions),
        ("Tổng điểm", s.total, f.total),
        ("Điểm tối đa áp dụng", s.applicable_max, f.applicable_max),
    ]
    width = max(len(label) for label, _, _ in rows) + 2
    head = f"{'':{width}}{'Tự chấm':>10}" + (f"{'Kết quả':>12}" if r.appraised else "")
    body = [f"{label:{width}}{fmt(a):>10}" + (f"{fmt(b):>12}" if r.appraised else "") for label, a, b in rows]
    places = ruleset.rounding.percent_places  # printed as the decision declares it
    body.append(f"{'Tỷ lệ':{width}}{fmt(s.percent, places) + '%':>10}"
                + (f"{fmt(f.percent, places) + '%':>12}" if r.appraised else ""))
    out = lines + [head] + body + _left_out(r)
    errors = len(r.errors)
    if errors:  # points from inputs that are not accepted yet classify nothing
        out.append(f"CHƯA XẾP LOẠI: còn {errors} lỗi (sửa các lỗi liệt kê dưới đây rồi chấm lại)")
        return "\n".join(out)
    out.append(f"XẾP LOẠI: {f.band_label}" + ("" if r.appraised else " (theo điểm tự chấm)"))
    if r.appraised and s.band_label != f.band_label:
        out.append(f"(Tự xếp loại: {s.band_label})")
    out += [f"  Lý do: {reason}" for reason in f.gate_reasons]
    if f.gate_reasons and f.band_before_gates and f.band_before_gates != f.band_id:
        before = next(b.label for b in ruleset.classification.bands if b.id == f.band_before_gates)
        out.append(f"  (Theo điểm: {before})")
    return "\n".join(out)


LEFT_OUT = "Không tính vào điểm tối đa áp dụng"


def left_out(r: Result) -> list[tuple[CriterionResult, str, str]]:
    """Why a stage's applicable maximum is lower: (criterion, stage label, reason) of every
    criterion found not applicable (by the unit, the appraiser or a zero denominator)."""
    out = []
    for c in r.criteria:
        for label, stage in (("tự chấm", c.self), ("kết quả", c.final if r.appraised else None)):
            if stage is not None and not stage.applicable and "không áp dụng" in stage.explanation.casefold():
                out.append((c, label, stage.explanation))
    return out


def _left_out(r: Result) -> list[str]:
    lines = [f"  {c.id} ({label}, tối đa {fmt(c.max)}): {why}" for c, label, why in left_out(r)]
    return [LEFT_OUT + ":"] + lines if lines else []


def _accounting(r: Result) -> str:
    """The lines that add up to the total that counts (and to the self total when it differs)."""
    stages = [("kết quả" if r.appraised else "tự chấm", r.final)]
    if r.appraised and r.self_totals.lines != r.final.lines:
        stages.append(("tự chấm", r.self_totals))
    out = []
    for label, totals in stages:
        out.append(f"Cách tính tổng điểm ({label}):")
        out += [f"  {signed(points):>8}  {text}" for text, points in totals.lines]
        out.append(f"  {'= ' + fmt(totals.total):>8}  Tổng điểm")
    return "\n".join(out)


def unclassified_text(errors: int) -> str:
    """What stands where the class would be while a submission still has ``errors`` errors."""
    return f"Chưa xếp loại: còn {errors} lỗi"


def _findings(r: Result) -> str:
    errors = sum(f.is_error for f in r.findings)
    head = f"Có {errors} lỗi, {len(r.findings) - errors} cảnh báo:"
    return "\n".join([head] + [f"  {f}" for f in r.findings])
