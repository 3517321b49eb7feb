"""The round's general assessment ("Đánh giá chung": ưu điểm, hạn chế, nguyên nhân), from its data.

:func:`assess` computes, once for the docx and the HTML, the facts the assessment states and the
sentences that state them: each criterion group's share of the points (all units together), the
deduction items and gates that applied to most units, the criteria the appraisal lowered most
often, and, when last round's classes are given (:class:`Earlier`, e.g. from its ``ket-qua.json``),
the change in the share of units at the two best classes.  Every number in a sentence is in a table of the report's appendix
(:attr:`Assessment.groups`, :attr:`Assessment.deductions`, :attr:`Assessment.gates`) or in its
sections II, IV and V: nothing is said that a reader cannot check.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from scoring.core.decimals import HUNDRED, ZERO, fmt, round_half_up
from scoring.engine.proposal import RewardProposal
from scoring.engine.ranking import Ranking
from scoring.reports.profile import PLACEHOLDER

#: Section V's basis, said before its table: the same criteria on both sides of the comparison.
BASIS_NOTE = ("So sánh trên cùng phạm vi: các tiêu chí đơn vị đã tự chấm (điểm tối đa tự chấm). Điểm thẩm "
              "định toàn phần ở cột cuối gồm cả các tiêu chí chỉ cấp thẩm định chấm, nên có điểm tối đa lớn hơn.")

#: How many of the weakest groups and most common deductions the text names.
NAMED = 2


@dataclass(frozen=True)
class GroupShare:
    """A top-level criterion group: points of all units that have it against their maxima."""

    id: str
    name: str
    units: int
    points: Decimal
    maximum: Decimal

    @property
    def percent(self) -> Decimal:
        return self.points * HUNDRED / self.maximum if self.maximum else ZERO


@dataclass(frozen=True)
class Frequent:
    """A deduction item or gate and how many units it applied to (deductions: the points too)."""

    name: str
    units: int
    points: Decimal = ZERO


@dataclass(frozen=True)
class Earlier:
    """Last round as the assessment compares with it: units per class label, and its year."""

    counts: Mapping[str, int]
    year: int | None = None

    @classmethod
    def of(cls, ranking: Ranking, year: int | None = None) -> "Earlier":
        return cls(ranking.class_counts(), year)


@dataclass(frozen=True)
class Assessment:
    """The facts and the three lists of sentences written from them."""

    groups: tuple[GroupShare, ...]
    deductions: tuple[Frequent, ...]
    gates: tuple[Frequent, ...]
    strengths: tuple[str, ...]
    weaknesses: tuple[str, ...]
    causes: tuple[str, ...]


def assess(ranking: Ranking, previous: Earlier | None = None) -> Assessment:
    """The general assessment of ``ranking``; ``previous``: last round's classes, if known."""
    groups = group_shares(ranking)
    deductions = frequent_deductions(ranking)
    gates = frequent_gates(ranking)
    return Assessment(groups, deductions, gates, _strengths(ranking, groups, previous),
                      _weaknesses(ranking, groups, previous), _causes(ranking, deductions, gates))


def group_shares(ranking: Ranking) -> tuple[GroupShare, ...]:
    """Each top-level group (ruleset order) with the final points and maxima of every unit."""
    totals: dict[str, list] = {}
    for unit in ranking.overall:
        for node in unit.result.nodes:
            if node.depth == 0 and node.max:
                entry = totals.setdefault(node.id, [node.name, 0, ZERO, ZERO])
                entry[1] += 1
                entry[2] += node.final_points
                entry[3] += node.max
    return tuple(GroupShare(gid, name, n, points, maximum) for gid, (name, n, points, maximum) in totals.items())


def frequent_deductions(ranking: Ranking) -> tuple[Frequent, ...]:
    """Deduction items applied (final count > 0), most units first, with their points in total."""
    units: Counter[str] = Counter()
    points: dict[str, Decimal] = {}
    for unit in ranking.overall:
        for line in unit.result.pool:
            if line.pool == "deductions" and line.final_count:
                units[line.name] += 1
                points[line.name] = points.get(line.name, ZERO) + line.points_each * line.final_count
    return tuple(Frequent(name, n, points[name]) for name, n in _most(units))


def frequent_gates(ranking: Ranking) -> tuple[Frequent, ...]:
    """Gate reasons that applied, most units first."""
    counts: Counter[str] = Counter(r for u in ranking.overall for r in dict.fromkeys(u.result.final.gate_reasons))
    return tuple(Frequent(reason, n) for reason, n in _most(counts))


def _most(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def top_share(ranking: Ranking, counts: Mapping[str, int] | None = None) -> tuple[int, int, str]:
    """(units in the two best classes, units, the second class's label) — "Khá trở lên" — of
    ``ranking`` or, given, of last round's ``counts`` by this round's labels."""
    labels = list(ranking.labels[:-1])  # the last label is "not classified"
    counts = ranking.class_counts() if counts is None else counts
    total = sum(counts.values())
    if len(labels) < 2:
        return 0, total, labels[0] if labels else ""
    return counts.get(labels[0], 0) + counts.get(labels[1], 0), total, labels[1]


def _percent(part: int, whole: int) -> str:
    return fmt(Decimal(part) * HUNDRED / whole, 1) if whole else "0"


def _group(g: GroupShare, units: int = 0) -> str:
    """The group, its share and, when not every unit has it, how many do."""
    some = f", {g.units}/{units} đơn vị có nhóm này" if 0 < g.units < units else ""
    return f"nhóm {g.id} «{g.name}» ({fmt(g.percent, 1)}% điểm tối đa của nhóm{some})"


def _strengths(ranking: Ranking, groups: tuple[GroupShare, ...], previous: Earlier | None) -> tuple[str, ...]:
    out = []
    good, total, second = top_share(ranking)
    if total and second:
        out.append(f"{good}/{total} đơn vị ({_percent(good, total)}%) đạt loại {second} trở lên (mục II).")
    if groups:
        best = max(groups, key=lambda g: (g.percent, g.id))
        out.append(f"Nhóm tiêu chí đạt tỷ lệ điểm cao nhất là {_group(best, len(ranking.overall))} "
                   "(Phụ lục, bảng 2).")
    change = _change(ranking, previous)
    if change is not None and change > 0:
        out.append(f"Tỷ lệ đơn vị đạt loại {second} trở lên tăng {fmt(change, 1)} điểm phần trăm so với "
                   f"{_earlier(ranking, previous)}.")
    return tuple(out)


def _weaknesses(ranking: Ranking, groups: tuple[GroupShare, ...], previous: Earlier | None) -> tuple[str, ...]:
    out = []
    labels = list(ranking.labels)
    counts = ranking.class_counts()
    low = [f"{counts[label]} đơn vị {label.lower()}" if label == labels[-1] else
           f"{counts[label]} đơn vị xếp loại {label}" for label in labels[-2:] if counts.get(label)]
    if low:
        out.append("Còn " + " và ".join(low) + " (mục II, IV).")
    weakest = sorted(groups, key=lambda g: (g.percent, g.id))[:NAMED]
    if weakest and len(groups) > 1:
        named = "; ".join(_group(g, len(ranking.overall)) for g in weakest)
        out.append(f"Các nhóm tiêu chí đạt tỷ lệ điểm thấp nhất: {named} (Phụ lục, bảng 2).")
    change = _change(ranking, previous)
    if change is not None and change < 0:
        out.append(f"Tỷ lệ đơn vị đạt loại {top_share(ranking)[2]} trở lên giảm {fmt(-change, 1)} điểm phần "
                   f"trăm so với {_earlier(ranking, previous)}.")
    return tuple(out)


def _causes(ranking: Ranking, deductions: tuple[Frequent, ...], gates: tuple[Frequent, ...]) -> tuple[str, ...]:
    out = []
    if deductions:
        named = "; ".join(f"«{d.name}» ({d.units} đơn vị, {fmt(d.points)} điểm)" for d in deductions[:NAMED])
        out.append(f"Các khoản trừ điểm gặp nhiều nhất: {named} (Phụ lục, bảng 3).")
    if gates:
        named = "; ".join(f"«{g.name}» ({g.units} đơn vị)" for g in gates[:NAMED])
        out.append(f"Các điều kiện hạ loại, không xếp loại gặp nhiều nhất: {named} (Phụ lục, bảng 3; mục IV).")
    over = ranking.gaps.top_overclaims(len(ranking.gaps.units))
    lowered = Counter((g.criterion_id, g.criterion_name) for g in ranking.gaps.criteria if g.overclaim > 0)
    if over:
        text = (f"{len(over)}/{len(ranking.gaps.units)} đơn vị được thẩm định tự chấm cao hơn kết quả thẩm định "
                "(mục V)")
        if lowered:
            (cid, name), n = min(lowered.items(), key=lambda item: (-item[1], item[0]))
            text += f"; tiêu chí bị hạ điểm ở nhiều đơn vị nhất là {cid} «{name}» ({n} đơn vị)"
        out.append(text + ".")
    return tuple(out)


def _earlier(ranking: Ranking, previous: Earlier) -> str:
    """"kỳ đánh giá trước (năm 2024: 8/20 đơn vị)": last round and the numbers compared with."""
    good, total, _ = top_share(ranking, previous.counts)
    year = f"năm {previous.year}: " if previous.year else ""
    return f"kỳ đánh giá trước ({year}{good}/{total} đơn vị)"


def _change(ranking: Ranking, previous: Earlier | None) -> Decimal | None:
    """The change, in percentage points, of the share of units at the two best classes."""
    if previous is None:
        return None
    now, then = top_share(ranking), top_share(ranking, previous.counts)
    if not now[1] or not then[1]:
        return None
    # rounded as printed (half up): a change that prints as 0,0 is no change
    return round_half_up(Decimal(now[0]) * HUNDRED / now[1] - Decimal(then[0]) * HUNDRED / then[1], 1)


def assessment_parts(assessment: Assessment) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The three headed parts, as the docx and the HTML print them."""
    return (("a) Ưu điểm", assessment.strengths), ("b) Hạn chế", assessment.weaknesses),
            ("c) Nguyên nhân", assessment.causes))


def proposal_lines(proposal: RewardProposal | None) -> list[str]:
    """Sentences of the reward proposal (``None``: the ruleset has no reward rules): per
    reward, the proposed collectives and individuals by name; what to do when there is none."""
    if proposal is None:
        return ["Bộ tiêu chí không có quy tắc đề xuất khen thưởng; đề nghị khen thưởng do cơ quan lập riêng: "
                + PLACEHOLDER * 4]
    by_title: dict[str, list[str]] = {}
    for entry in proposal.proposed:
        who = f"{entry.person} ({entry.unit_name})" if entry.person else entry.unit_name
        by_title.setdefault(entry.title, []).append(who)
    if not by_title:
        return [f"{proposal.label}: không có đơn vị, cá nhân nào đủ điều kiện đề nghị."]
    lines = [f"Đề nghị {title}: {len(names)} ({'; '.join(names)})." for title, names in by_title.items()]
    excluded = len(proposal.excluded)
    if excluded:
        lines.append(f"{excluded} trường hợp không đề nghị, mỗi trường hợp có lý do trong danh sách "
                     "đề nghị khen thưởng kèm theo.")
    return lines


#: The appendix tables the sentences cite (the docx's appendix and the HTML print them alike).
GROUP_TITLE = "Bảng 2. Tỷ lệ điểm đạt theo nhóm tiêu chí (tất cả đơn vị)"
GROUP_HEADERS = ("Mã nhóm", "Nhóm tiêu chí", "Số đơn vị", "Tổng điểm đạt", "Tổng điểm tối đa", "Tỷ lệ (%)")
FREQUENT_TITLE = "Bảng 3. Khoản trừ điểm và điều kiện hạ loại, không xếp loại đã áp dụng"
FREQUENT_HEADERS = ("Loại", "Nội dung", "Số đơn vị", "Tổng điểm trừ")
NOTHING_FREQUENT = "Không có khoản trừ điểm hay điều kiện hạ loại nào được áp dụng."


def group_rows(assessment: Assessment) -> list[list[str]]:
    """Table 2's rows: each group's units, points, maxima and percent."""
    return [[g.id, g.name, str(g.units), fmt(g.points, 2), fmt(g.maximum), fmt(g.percent, 1)]
            for g in assessment.groups]


def frequent_rows(assessment: Assessment) -> list[list[str]]:
    """Table 3's rows: the deductions, then the gates, most units first."""
    rows = [["Trừ điểm", d.name, str(d.units), fmt(d.points)] for d in assessment.deductions]
    return rows + [["Điều kiện xếp loại", g.name, str(g.units), ""] for g in assessment.gates]
