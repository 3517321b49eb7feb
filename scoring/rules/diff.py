"""What a new version of a ruleset changes, in Vietnamese, to read against the two decisions.

Criteria and groups are matched by id; an id that disappears while a node of the same name
appears under another id is reported as re-numbered (đổi mã), not as removed and added.  Then:
names, places in the tree (parent, order), maxima, methods and their parameters, unit types;
classes (bands), gates and quotas by id; bonus and deduction items; facts; general metadata.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from scoring.core.decimals import fmt
from scoring.rules.index import NodeInfo, build_index
from scoring.rules.models import Ruleset

SECTIONS = {"criteria": "Tiêu chí", "classes": "Xếp loại, điều kiện, hạn mức", "pools": "Điểm thưởng, điểm trừ, thông tin",
            "general": "Thông tin chung"}


@dataclass(frozen=True)
class Change:
    """One difference: its section, kind (added, removed, renumbered, renamed, moved, max, method,
    applies_to, band, gate, quota, item, fact, general), the id it concerns and the sentence."""

    section: str
    kind: str
    id: str
    text: str


def diff_rulesets(old: Ruleset, new: Ruleset) -> list[Change]:
    """Every difference from ``old`` to ``new``, criteria first, in the new ruleset's order."""
    return [*_criteria(old, new), *_classes(old, new), *_pools(old, new), *_general(old, new)]


def render_diff(old: Ruleset, new: Ruleset, changes: list[Change]) -> str:
    """The changes as text: a heading naming both versions, then one block per section."""
    lines = [f"So sánh bộ tiêu chí: {old.key} → {new.key}",
             f"  Cũ: {old.decision.number} ngày {old.decision.date:%d/%m/%Y} — {old.title}",
             f"  Mới: {new.decision.number} ngày {new.decision.date:%d/%m/%Y} — {new.title}"]
    if not changes:
        return "\n".join(lines + ["", "Không có thay đổi nào về nội dung."])
    for section, title in SECTIONS.items():
        own = [c for c in changes if c.section == section]
        if own:
            lines += ["", f"{title} ({len(own)} thay đổi):"] + [f"  - {c.text}" for c in own]
    return "\n".join(lines)


def _name(info: NodeInfo) -> str:
    kind = "Nhóm" if not info.is_leaf else "Tiêu chí"
    return f"{kind} {info.id} «{info.node.name}»"


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _criteria(old: Ruleset, new: Ruleset) -> Iterator[Change]:
    a, b = build_index(old), build_index(new)
    removed = [i for i in a.nodes if i.id not in b.by_id]
    added = [i for i in b.nodes if i.id not in a.by_id]
    renumbered: dict[str, NodeInfo] = {}
    for info in added:
        same = next((r for r in removed if _fold(r.node.name) == _fold(info.node.name) and r.id not in renumbered), None)
        if same is not None:
            renumbered[same.id] = info
            yield Change("criteria", "renumbered", info.id, f"{_name(same)} đổi mã thành {info.id}")
            yield from _node_changes(same, info, a, b)
    moved_to = {i.id for i in renumbered.values()}
    for info in removed:
        if info.id not in renumbered:
            yield Change("criteria", "removed", info.id, f"Bỏ {_lower(_name(info))} ({fmt(info.node.max)} điểm)")
    for info in b.nodes:
        if info.id in a.by_id:
            yield from _node_changes(a.by_id[info.id], info, a, b)
        elif info.id not in moved_to:
            where = f" trong nhóm {info.parent}" if info.parent else ""
            yield Change("criteria", "added", info.id, f"Thêm {_lower(_name(info))}{where} "
                                                        f"({fmt(info.node.max)} điểm{_method_text(info)})")


def _method_text(info: NodeInfo) -> str:
    method = getattr(info.node, "method", None)
    return f"; {method.describe(info.node.max)}" if method is not None else ""


def _position(info: NodeInfo, index: Any, other: Any) -> int:
    """The place of ``info`` among the siblings that both versions share under its parent (so a
    sibling added or taken away does not count as moving the others)."""
    shared = [c.id for c in index.children(info.parent) if c.id in other.by_id and other.by_id[c.id].parent == info.parent]
    return shared.index(info.id)


def _node_changes(was: NodeInfo, now: NodeInfo, a: Any, b: Any) -> Iterator[Change]:
    node_id, label = now.id, _name(now)
    if was.node.name != now.node.name:
        yield Change("criteria", "renamed", node_id, f"{now.id}: đổi tên «{was.node.name}» → «{now.node.name}»")
    if was.parent != now.parent:
        yield Change("criteria", "moved", node_id,
                     f"{label}: chuyển từ {_parent(was.parent)} sang {_parent(now.parent)}")
    elif was.id == now.id and _position(was, a, b) != _position(now, b, a):
        yield Change("criteria", "moved", node_id, f"{label}: đổi thứ tự trong {_parent(now.parent)} "
                                                   f"(vị trí {_position(was, a, b) + 1} → {_position(now, b, a) + 1})")
    if was.node.max != now.node.max:
        yield Change("criteria", "max", node_id, f"{label}: điểm tối đa {fmt(was.node.max)} → {fmt(now.node.max)}")
    if was.applies_to != now.applies_to:
        yield Change("criteria", "applies_to", node_id,
                     f"{label}: áp dụng cho {_types(was.applies_to)} → {_types(now.applies_to)}")
    old_na = getattr(was.node, "unit_may_declare_not_applicable", None)
    new_na = getattr(now.node, "unit_may_declare_not_applicable", None)
    if old_na != new_na:
        yield Change("criteria", "applies_to", node_id,
                     f"{label}: đơn vị tự khai «Không áp dụng»: {_na_text(old_na)} → {_na_text(new_na)}")
    yield from _method_changes(was, now, label)


def _na_text(allowance: Any) -> str:
    if allowance is None:
        return "không được"
    return "được, phải ghi lý do" if allowance.reason_required else "được, lý do không bắt buộc"


def _method_changes(was: NodeInfo, now: NodeInfo, label: str) -> Iterator[Change]:
    old_method, new_method = getattr(was.node, "method", None), getattr(now.node, "method", None)
    if old_method is None or new_method is None:
        if (old_method is None) != (new_method is None):
            kind = "thành nhóm" if new_method is None else "thành tiêu chí chấm trực tiếp"
            yield Change("criteria", "method", now.id, f"{label}: chuyển {kind}")
        elif getattr(was.node, "cap_at_max", False) != getattr(now.node, "cap_at_max", False):
            yield Change("criteria", "method", now.id, f"{label}: giới hạn điểm ở mức tối đa "
                                                       f"{'có' if now.node.cap_at_max else 'không'}")
        return
    if old_method.type != new_method.type:
        yield Change("criteria", "method", now.id, f"{label}: phương pháp «{old_method.name_vi}» → «{new_method.name_vi}» "
                                                   f"({new_method.describe(now.node.max)})")
    elif old_method.model_dump() != new_method.model_dump():  # a new max alone is reported above
        before, after = old_method.describe(was.node.max), new_method.describe(now.node.max)
        if before != after:
            yield Change("criteria", "method", now.id, f"{label}: cách chấm «{before}» → «{after}»")


def _parent(parent: str | None) -> str:
    return f"nhóm {parent}" if parent else "cấp cao nhất"


def _types(types: frozenset[str]) -> str:
    return ", ".join(sorted(types)) or "không loại nào"


def _by_id(items: Any) -> dict[str, Any]:
    return {item.id: item for item in items}


def _classes(old: Ruleset, new: Ruleset) -> Iterator[Change]:
    a, b = old.classification, new.classification
    if a.basis != b.basis:
        basis = {"points": "điểm", "percent": "tỷ lệ % trên điểm tối đa áp dụng"}
        yield Change("classes", "band", "basis", f"Xếp loại theo {basis[a.basis]} → theo {basis[b.basis]}")
    yield from _compared("classes", "band", "Xếp loại", _by_id(a.bands), _by_id(b.bands), _band_text)
    yield from _compared("classes", "gate", "Điều kiện", _by_id(a.gates), _by_id(b.gates), _gate_text)
    quotas_a = {q.band: q for q in a.quotas}
    quotas_b = {q.band: q for q in b.quotas}
    yield from _compared("classes", "quota", "Hạn mức xếp loại", quotas_a, quotas_b,
                         _quota_text)


def _quota_text(quota: Any) -> str:
    own = f"; chọn theo tỷ lệ {_PERCENT[quota.percent]}" if quota.percent else ""
    return (f"tối đa {fmt(quota.max_percent)}% (trong {', '.join(quota.of_bands)}; vượt thì chuyển "
            f"{quota.demote_to}{own})")


#: ``ranking.percent`` / ``quotas[].percent`` in words.
_PERCENT = {"published": "in ra (đã làm tròn)", "exact": "chính xác (chưa làm tròn)"}


def _band_text(band: Any) -> str:
    top = f"đến dưới {fmt(band.max)}" if band.max is not None else "trở lên"
    return f"«{band.label}» từ {fmt(band.min)} {top}"


def _gate_text(gate: Any) -> str:
    effect = {"cap": f"không cao hơn {gate.band}", "lower": f"hạ {gate.levels} bậc", "force": f"buộc {gate.band}",
              "not_classified": "không xếp loại"}[gate.effect]
    return f"«{gate.reason}» ({effect})"


def _compared(section: str, kind: str, label: str, old: dict[str, Any], new: dict[str, Any], text: Any) -> Iterator[Change]:
    for key in old:
        if key not in new:
            yield Change(section, kind, key, f"Bỏ {label.lower()} {key}: {text(old[key])}")
    for key, item in new.items():
        if key not in old:
            yield Change(section, kind, key, f"Thêm {label.lower()} {key}: {text(item)}")
        elif old[key] != item:
            before, after = text(old[key]), text(item)
            detail = f"{before} → {after}" if before != after else "điều kiện áp dụng thay đổi"
            yield Change(section, kind, key, f"{label} {key}: {detail}")


def _pools(old: Ruleset, new: Ruleset) -> Iterator[Change]:
    for attr, label in (("bonus", "Điểm thưởng"), ("deductions", "Điểm trừ")):
        a, b = getattr(old, attr), getattr(new, attr)
        if a is not None and b is not None and a.cap != b.cap:
            yield Change("pools", "item", attr, f"{label}: mức trần {fmt(a.cap)} → {fmt(b.cap)}")
        elif (a is None) != (b is None):
            yield Change("pools", "item", attr, f"{label}: {'bỏ' if b is None else 'thêm'} cả nhóm")
        yield from _compared("pools", "item", f"Mục {label.lower()}", _by_id(a.items if a else ()),
                             _by_id(b.items if b else ()), _item_text)
    yield from _compared("pools", "fact", "Thông tin", _by_id(old.facts), _by_id(new.facts), lambda f: f"«{f.name}»")


def _item_text(item: Any) -> str:
    return f"«{item.name}» {fmt(item.points_each)} điểm/lần{item.limit_text()}"


def _general(old: Ruleset, new: Ruleset) -> Iterator[Change]:
    pairs = [("Văn bản", f"{old.decision.number} ngày {old.decision.date:%d/%m/%Y}",
              f"{new.decision.number} ngày {new.decision.date:%d/%m/%Y}"),
             ("Hiệu lực", _period(old), _period(new)), ("Thang điểm", fmt(old.scale), fmt(new.scale)),
             ("Trạng thái", old.status, new.status), ("Điểm cuối cùng", old.final_stage, new.final_stage),
             ("Tổng điểm được vượt thang điểm", str(old.total_may_exceed_scale), str(new.total_may_exceed_scale)),
             ("Làm tròn", _rounding(old), _rounding(new)), ("Xếp hạng đồng hạng", old.ranking.ties, new.ranking.ties),
             ("Tỷ lệ xếp hạng", _PERCENT[old.ranking.percent], _PERCENT[new.ranking.percent])]
    for label, before, after in pairs:
        if before != after:
            yield Change("general", "general", label, f"{label}: {before} → {after}")
    yield from _compared("general", "general", "Loại đơn vị", _by_id(old.unit_types), _by_id(new.unit_types),
                         lambda u: f"«{u.name}»")
    yield from _compared("general", "general", "Khối", _by_id(old.blocks), _by_id(new.blocks),
                         lambda k: f"«{k.name}» ({', '.join(k.unit_types)})")


def _period(rs: Ruleset) -> str:
    end = f"{rs.effective.end:%d/%m/%Y}" if rs.effective.end else "…"
    return f"{rs.effective.start:%d/%m/%Y} – {end}"


def _rounding(rs: Ruleset) -> str:
    r = rs.rounding
    return f"{r.mode}, tiêu chí {r.criterion_places}, tổng {r.total_places}, tỷ lệ {r.percent_places}"
