"""A ruleset rendered as readable text, for a rule author to proofread against the decision."""

from __future__ import annotations

from decimal import Decimal

from scoring.core.decimals import fmt
from scoring.core.findings import DvkError, Location, make
from scoring.core.textgrid import table
from scoring.engine.ranking import CUTOFF_TEXT, order_text, percent_text
from scoring.rules.index import RulesetIndex, index_of
from scoring.rules.models import (
    AllCondition,
    AnyCondition,
    Condition,
    Criterion,
    Gate,
    PointsCondition,
    Ruleset,
)

STATUS_VI = {"official": "chính thức", "illustrative": "MINH HỌA"}
EFFECT_VI = {"cap": "không cao hơn «{band}»", "lower": "hạ {levels} bậc",
             "force": "xếp loại «{band}»", "not_classified": "không xếp loại"}


def summary_line(ruleset: Ruleset) -> str:
    """One line for ``dvk check``: id, version, size, scale, status."""
    index = index_of(ruleset)
    return (f"{ruleset.id} {ruleset.version} — {len(index.leaves)} tiêu chí, "
            f"{len(ruleset.unit_types)} loại đơn vị, thang điểm {fmt(ruleset.scale)} "
            f"({STATUS_VI[ruleset.status]})")


def render_ruleset(ruleset: Ruleset, unit_type: str | None = None, source: str | None = None) -> str:
    """The whole ruleset as text: header, criteria table, each unit type's maxima, pools, facts,
    bands, gates, quotas.

    ``unit_type``: only what applies to that unit type; one the ruleset does not declare raises
    :class:`DvkError` (located at ``source``'s ``$.unit_types``).
    """
    known = [u.id for u in ruleset.unit_types]
    if unit_type is not None and unit_type not in known:
        raise DvkError([make("unit-type-not-declared", Location(file=source, json_path="$.unit_types"),
                             unit_type=unit_type, known=", ".join(known))])
    parts = [_header(ruleset), _criteria(ruleset, unit_type), _maxima(ruleset, unit_type), _pools(ruleset),
             _classification(ruleset)]
    return "\n\n".join(part for part in parts if part)


def block_title(name: str) -> str:
    """``name`` as a heading that starts with "Khối" once ("Khối Khối xã" never)."""
    return name if name.casefold().startswith("khối") else f"Khối {name}"


def _header(rs: Ruleset) -> str:
    d = rs.decision
    relation = "mô phỏng theo" if d.relation == "modeled_on" else "theo"
    lines = [
        rs.title,
        f"Mã: {rs.id}  Phiên bản: {rs.version}  Trạng thái: {STATUS_VI[rs.status]}",
        f"Văn bản ({relation}): {d.number} ngày {d.date:%d/%m/%Y} của {d.issuer}",
        f"Hiệu lực: từ {rs.effective.start:%d/%m/%Y}"
        + (f" đến {rs.effective.end:%d/%m/%Y}" if rs.effective.end else ""),
        f"Thang điểm: {fmt(rs.scale)}; xếp loại theo "
        + ("tỷ lệ % trên điểm tối đa áp dụng" if rs.classification.basis == "percent" else "tổng điểm"),
        "Loại đơn vị: " + "; ".join(f"{u.id} = {u.name}" for u in rs.unit_types),
    ]
    lines += [f"{block_title(b.name)}: {', '.join(b.unit_types)}" for b in rs.blocks]
    if rs.status_note:
        lines.append(f"Ghi chú: {rs.status_note}")
    return "\n".join(lines)


def _criteria(rs: Ruleset, unit_type: str | None) -> str:
    return table(["Mã", "Nội dung", "Tối đa", "Cách chấm", "Áp dụng cho"], criteria_rows(rs, unit_type),
                 widths=[6, 58, 6, 60, 18])


def criteria_rows(rs: Ruleset, unit_type: str | None = None) -> list[list[str]]:
    """[STT, nội dung (indented by level), điểm tối đa, cách chấm in words, áp dụng cho (ids)] per
    group and criterion: the criteria table of ``dvk show`` and of the printed appendix."""
    rows = []
    index = index_of(rs)
    every = {u.id for u in rs.unit_types}
    for info in index.nodes:
        if unit_type and not info.applies(unit_type):
            continue
        node = info.node
        name = "  " * info.depth + node.name
        applies = "" if info.applies_to == every else ", ".join(sorted(info.applies_to))
        method = node.method.describe(node.max) + _settings(rs, node) if info.is_leaf else (
            f"tổng các tiêu chí con, tối đa {fmt(node.max)}" if node.cap_at_max else "tổng các tiêu chí con")
        # one unit type: what the node is worth for it (a group loses its children that do not apply)
        worth = fmt(index.node_max(node.id, unit_type) if unit_type else node.max)
        by_type = getattr(node, "max_by_unit_type", None) or {}
        if by_type and not unit_type:  # every per-type maximum, as the decision lists them
            names = {u.id: u.name for u in rs.unit_types}
            method += "; tối đa riêng: " + "; ".join(f"{names[t]}: {fmt(v)}" for t, v in by_type.items())
        rows.append([node.id, name, worth, method, applies])
    return rows


def _settings(rs: Ruleset, crit: Criterion) -> str:
    """A criterion's declared settings that differ from the defaults, as sentences."""
    parts = []
    method = crit.method
    # (count_deduction's own description already says what its blank cells mean)
    if method.type == "checklist" and method.when_blank == "zero":  # type: ignore[attr-defined]
        parts.append("Ô trống là mục chưa đạt (không báo chưa nhập)")
    if crit.evidence_required:
        then = ("không tính điểm tự chấm (0 điểm)" if rs.evidence_missing == "zero_points"
                else "cảnh báo, vẫn giữ điểm tự chấm")
        parts.append(f"Bắt buộc có tài liệu kiểm chứng; thiếu thì {then}")
    allowance = crit.unit_may_declare_not_applicable
    if allowance is not None:
        reason = "phải ghi lý do" if allowance.reason_required else "lý do không bắt buộc"
        parts.append(f"Đơn vị được tự khai «Không áp dụng» ({reason}); khi đó tiêu chí không tính "
                     "vào điểm tối đa, cấp thẩm định có thể bác bỏ")
    return "".join(f". {part}" for part in parts)


def _maxima(rs: Ruleset, unit_type: str | None) -> str:
    """Per unit type: the sum of its criteria's maxima and the applicable maximum percentages use."""
    index = index_of(rs)
    lines = ["Điểm tối đa theo loại đơn vị:"]
    for kind in rs.unit_types:
        if unit_type and kind.id != unit_type:
            continue
        leaves = [info for info in index.leaves if info.applies(kind.id)]
        total = sum((info.node.max for info in leaves), Decimal(0))
        applicable = index.applicable_max(kind.id)
        capped = "" if applicable == total else " (sau giới hạn điểm của nhóm)"
        lines.append(f"  {kind.name} ({kind.id}): {len(leaves)} tiêu chí, tổng điểm các tiêu chí "
                     f"{fmt(total)}; điểm tối đa áp dụng {fmt(applicable)}{capped}"
                     + _pool_caps(rs, index, kind.id))
    return "\n".join(lines)


def _pool_caps(rs: Ruleset, index: RulesetIndex, unit_type: str) -> str:
    parts = []
    for name, pool in (("bonus", rs.bonus), ("deductions", rs.deductions)):
        if pool is not None and any(p.pool == name and unit_type in p.applies_to for p in index.pool_items):
            parts.append(f"{pool.label.lower()} tối đa {fmt(pool.cap)}")
    return "; " + "; ".join(parts) if parts else ""


def _pools(rs: Ruleset) -> str:
    rows = pool_rows(rs)
    if not rows:
        return ""
    return table(["Mã", "Mục", "Điểm", "Ghi chú"], rows, widths=[6, 70, 20, 30])


def pool_rows(rs: Ruleset) -> list[list[str]]:
    """[mã, mục, điểm, ghi chú] of every bonus and deduction item and every fact."""
    rows = []
    for pool in (rs.bonus, rs.deductions):
        if pool is None:
            continue
        for item in pool.items:
            rows.append([item.id, f"{pool.label}: {item.name}", f"{fmt(item.points_each)}/lần{item.limit_text()}",
                         f"trần {pool.label.lower()} {fmt(pool.cap)}"])
    rows += [[f.id, f"Thông tin: {f.name}", "", "có/không" if f.kind == "boolean" else "số nguyên"]
             for f in rs.facts]
    return rows


def _classification(rs: Ruleset) -> str:
    return "\n".join(classification_lines(rs))


def classification_lines(rs: Ruleset) -> list[str]:
    """Classes, gates (conditions in words), quotas, the final score, rounding and ranking, a line each."""
    c = rs.classification
    unit = "%" if c.basis == "percent" else " điểm"
    lines = ["Xếp loại:"]
    for band in c.bands:
        upper = f" đến dưới {fmt(band.max)}{unit}" if band.max is not None else " trở lên"
        lines.append(f"  {band.label} ({band.id}): từ {fmt(band.min)}{unit}{upper}")
    index = index_of(rs)
    label = {b.id: b.label for b in c.bands}
    lines += [f"  Điều kiện «{g.id}»: khi {condition_text(index, g.when)} → {_effect(g, label)} ({g.reason})"
              for g in c.gates]
    lines += [f"  Hạn mức: «{label[q.band]}» không quá {fmt(q.max_percent)}% số đơn vị xếp loại "
              f"{', '.join(label[b] for b in q.of_bands)} trong {'từng khối' if q.scope == 'block' else 'toàn bộ'} "
              f"(số đơn vị tối đa = {fmt(q.max_percent)}% × số đơn vị đó, làm tròn xuống); "
              f"vượt thì xuống «{label[q.demote_to]}»{_quota_percent(rs, q.percent)}; "
              f"{CUTOFF_TEXT[q.ties_at_cutoff]} — {q.reason}" for q in c.quotas]
    if c.basis == "percent":
        lines.append(f"  Tỷ lệ dùng để xếp loại: {_percent_rule(rs)}.")
    total = "được vượt thang điểm" if rs.total_may_exceed_scale else "không vượt điểm tối đa áp dụng"
    stage = {"appraisal_if_given": "điểm thẩm định nếu có, nếu không là điểm tự chấm",
             "self": "điểm tự chấm", "lower": "điểm thấp hơn giữa tự chấm và thẩm định"}[rs.final_stage]
    r = rs.rounding
    lines += [f"Tổng điểm {total}; điểm cuối cùng: {stage}.",
              f"Làm tròn {'nửa lên (như ROUND của Excel)' if r.mode == 'half_up' else 'xuống'}: "
              f"tiêu chí {r.criterion_places}, tổng {r.total_places}, tỷ lệ {r.percent_places} chữ số thập phân.",
              f"{order_text(rs)}; đồng hạng kiểu {'1, 2, 2, 4' if rs.ranking.ties == 'competition' else '1, 2, 2, 3'}"
              + "".join(f"; ưu tiên {_breaker(b.type, b.node)}" for b in rs.ranking.tie_breakers)]
    return lines


def _effect(gate: Gate, label: dict[str, str]) -> str:
    return EFFECT_VI[gate.effect].format(band=label.get(gate.band or "", gate.band), levels=gate.levels)


def _quota_percent(rs: Ruleset, percent: str | None) -> str:
    """Which percent a quota picks the units it keeps by, when classes go by percent."""
    if rs.classification.basis != "percent":
        return ""
    same = "" if percent else " (như khi xếp hạng)"
    return f"; chọn đơn vị giữ hạng theo {percent_text(rs, percent or rs.ranking.percent)}{same}"


def _percent_rule(rs: Ruleset) -> str:
    places = rs.classification.percent_places
    printed = rs.rounding.percent_places
    if places == "exact":
        return "tỷ lệ chính xác, không làm tròn (89,995% là dưới 90%)"
    if places is None:
        return f"đúng tỷ lệ in ra, làm tròn {printed} chữ số thập phân"
    return f"làm tròn {places} chữ số thập phân (in ra {printed} chữ số)"


#: Comparisons in words: "{what} {words}" with the value after.
OP_WORDS = {"==": "bằng {v}", "!=": "khác {v}", ">": "lớn hơn {v}", ">=": "từ {v} trở lên", "<": "dưới {v}",
            "<=": "không quá {v}"}


def condition_text(index: RulesetIndex, cond: Condition) -> str:
    """A gate's condition as the decision says it: names, comparisons and values in words."""
    if isinstance(cond, (AllCondition, AnyCondition)):
        parts = [condition_text(index, c) for c in (cond.all if isinstance(cond, AllCondition) else cond.any)]
        joined = (" và " if isinstance(cond, AllCondition) else " hoặc ").join(parts)
        return f"({joined})" if len(parts) > 1 else joined
    if isinstance(cond, PointsCondition):
        what = f"điểm của «{_name(index, cond.points)}»"
        return f"{what} {OP_WORDS[cond.op].format(v=fmt(cond.value))}"
    what = f"«{_name(index, cond.input)}»"
    fields = index.leaf_labels.get(cond.input, {})
    if cond.field and cond.field in fields:
        what += f" ({fields[cond.field].lower()})"
    value = cond.value
    if isinstance(value, bool):
        shown = "có" if value else "không"
        return f"{what}: {shown}" if cond.op == "==" else f"{what} {OP_WORDS[cond.op].format(v=shown)}"
    if isinstance(value, str):  # a level id: its label
        info = index.by_id.get(cond.input)
        choices = dict(c for f in info.fields for c in f.choices) if info and info.is_leaf else {}
        value = f"«{choices.get(value, value)}»"
    else:
        value = fmt(value)
    return f"{what} {OP_WORDS[cond.op].format(v=value)}"


def _name(index: RulesetIndex, id_: str) -> str:
    if id_ in index.by_id:
        return f"{id_}. {index.by_id[id_].node.name}"
    names = {p.item.id: p.item.name for p in index.pool_items} | {f.fact.id: f.fact.name for f in index.facts}
    return names.get(id_, id_)


def _breaker(kind: str, node: str | None) -> str:
    return {"fewer_deductions": "ít điểm trừ hơn", "more_bonus": "nhiều điểm thưởng hơn",
            "higher_points": f"điểm mục {node} cao hơn"}[kind]
