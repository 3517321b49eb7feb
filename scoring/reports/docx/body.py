"""The body of the round's report, written from the round: scope, classes, leaders, exceptions.

Sections (Roman numerals, as Vietnamese reports number them): I the scope and basis (ruleset,
decision, files, for a round the units that did not submit or submitted late and what the round
adds to a ranking of its files, ranking rules); II classes per block (a table); III the leading units of each
block; IV units not classified or moved by a quota, with why; V self-assessment against
appraisal (the units that over-claimed most); VI rejected files; VII proposals, left for the office
to write.  Numbers use the decimal comma (:func:`scoring.core.decimals.fmt`).
"""

from __future__ import annotations

from docx.shared import Cm

from scoring.core.decimals import fmt
from scoring.engine.ranking import RankedUnit, Ranking
from scoring.reports.docx.grid import grid
from scoring.reports.docx.layout import LEFT, para
from scoring.reports.profile import PLACEHOLDER
from scoring.reports.roll import RoundRoll, roll_lines

LEADERS = 3
OVERCLAIMS = 5
#: Section headings, in order; tests read the document back by them.
SECTIONS = ("I. PHẠM VI VÀ CĂN CỨ ĐÁNH GIÁ", "II. KẾT QUẢ XẾP LOẠI", "III. CÁC ĐƠN VỊ DẪN ĐẦU",
            "IV. ĐƠN VỊ KHÔNG ĐƯỢC XẾP LOẠI HOẶC BỊ CHUYỂN XẾP LOẠI", "V. TỰ CHẤM SO VỚI THẨM ĐỊNH",
            "VI. TỆP BỊ LOẠI", "VII. ĐỀ XUẤT, KIẾN NGHỊ")


def heading(doc, text: str) -> None:
    """A section heading: bold, kept with the paragraph that follows."""
    para(doc, text, bold=True, align=LEFT, before=6, keep_next=True)


def line(doc, text: str) -> None:
    """A body paragraph with a first-line indent."""
    para(doc, text, indent_first=1.0)


def scope(doc, facts) -> None:
    """I: what was assessed, under which ruleset and decision, how many files."""
    heading(doc, SECTIONS[0])
    line(doc, f"1. Bộ tiêu chí: {facts.ruleset.title}, phiên bản {facts.ruleset.version} "
              f"(mã {facts.ruleset.id}). {facts.source}.")
    counts = facts.counts
    text = (f"2. Hồ sơ đã nhận: {counts['files']} tệp; {counts['accepted']} tệp được tính, "
            f"{counts['rejected']} tệp bị loại")
    text += f", {counts['skipped']} tệp bỏ qua (không phải bản tự chấm)." if counts["skipped"] else "."
    line(doc, text)
    number = 3
    if facts.roll is not None:
        submitted, note = roll_lines(facts.roll)
        line(doc, f"3. Tình hình nộp hồ sơ: {submitted} {note}")
        number = 4
    line(doc, f"{number}. Quy tắc xếp hạng, xếp loại: " + " ".join(facts.ranking.policy))


def classes(doc, ranking: Ranking) -> None:
    """II: the number of units of each class, per block and in total."""
    heading(doc, SECTIONS[1])
    labels = list(ranking.labels)
    blocks = [b for b in ranking.blocks if b.units]
    total = len(ranking.overall)
    line(doc, f"Tổng số {total} đơn vị được đánh giá, chia theo khối và xếp loại như sau:")
    rows = [[b.name] + [str(ranking.class_counts(b)[label]) for label in labels] + [str(len(b.units))]
            for b in blocks]
    overall = ranking.class_counts()
    rows.append(["Tổng cộng"] + [str(overall[label]) for label in labels] + [str(total)])
    first = Cm(4.5)
    rest = Cm((16.5 - 4.5) / (len(labels) + 1))
    grid(doc, ["Khối"] + labels + ["Tổng số"], rows, [first] + [rest] * (len(labels) + 1),
         ["left"] + ["right"] * (len(labels) + 1))
    shares = [f"{label} {overall[label]} ({fmt(overall[label] * 100 / total, 1) if total else '0'}%)"
              for label in labels if overall[label]]
    line(doc, "Tỷ lệ chung: " + "; ".join(shares) + ".")


def leaders(doc, ranking: Ranking) -> None:
    """III: the first units of each block."""
    heading(doc, SECTIONS[2])
    for block in ranking.blocks:
        top = [u for u in block.units if u.rank is not None and u.rank <= LEADERS]
        if not top:
            continue
        named = "; ".join(f"hạng {u.rank}: {u.result.unit_name} ({_score(u)})" for u in top)
        line(doc, f"{block.name}: {named}.")


def exceptions(doc, ranking: Ranking) -> None:
    """IV: units not classified (with the gate's reasons) and units a quota moved down."""
    heading(doc, SECTIONS[3])
    unclassified = [u for u in ranking.overall if not u.classified]
    if not unclassified and not ranking.demoted:
        line(doc, "Tất cả các đơn vị đều được xếp loại; không có đơn vị nào bị chuyển xếp loại.")
    for unit in unclassified:
        why = "; ".join(unit.result.final.gate_reasons) or unit.band_label
        line(doc, f"- {unit.result.unit_name} ({unit.unit_code}): {unit.band_label.lower()}. Lý do: {why}.")
    for unit in ranking.demoted:
        reason = unit.demotion.reason if unit.demotion else ""
        line(doc, f"- {unit.result.unit_name} ({unit.unit_code}): {reason}.")


def overclaims(doc, ranking: Ranking, roll: RoundRoll | None = None) -> None:
    """V: how many units were appraised (and, in a round, changed by the council), and those
    whose self-assessment exceeded it most."""
    heading(doc, SECTIONS[4])
    appraised = sum(1 for u in ranking.overall if u.result.appraised)
    changed = roll.appraised_units if roll is not None else None
    by_council = f"; hội đồng thẩm định đã thay đổi kết quả tự chấm của {changed} đơn vị" if changed else ""
    line(doc, f"Số đơn vị đã được thẩm định: {appraised}/{len(ranking.overall)}{by_council}.")
    top = ranking.gaps.top_overclaims(OVERCLAIMS)
    if not top:
        line(doc, "Không có đơn vị nào tự chấm cao hơn kết quả thẩm định.")
        return
    line(doc, f"{len(top)} đơn vị tự chấm cao hơn kết quả thẩm định nhiều nhất (so trên các tiêu chí "
              "đơn vị tự chấm):")
    rows = [[g.unit_name, f"{fmt(g.self_total, 2)}/{fmt(g.self_max, 2)}", f"{fmt(g.final_total, 2)}/"
             f"{fmt(g.final_max, 2)}", fmt(g.overclaim, 2), fmt(g.overclaim_percent, 2), str(g.lowered)]
            for g in top]
    grid(doc, ["Đơn vị", "Tự chấm/ tối đa", "Thẩm định/ tối đa", "Cao hơn (điểm)", "Cao hơn (% tối đa)",
               "Số tiêu chí bị hạ"], rows, [Cm(4.5), Cm(2.6), Cm(2.6), Cm(2.2), Cm(2.3), Cm(2.3)],
         ["left"] + ["right"] * 5)


def rejected(doc, facts) -> None:
    """VI: files that could not be accepted, with the first reason of each."""
    heading(doc, SECTIONS[5])
    if not facts.rejected:
        line(doc, "Không có tệp nào bị loại.")
        return
    for name, reason in facts.rejected:
        line(doc, f"- {name}: {reason}")


def proposals(doc, office: str) -> None:
    """VII: left to the office, then the closing sentence."""
    heading(doc, SECTIONS[6])
    line(doc, PLACEHOLDER * 8)
    line(doc, PLACEHOLDER * 8)
    line(doc, f"Trên đây là báo cáo kết quả đánh giá, phân loại công tác dân vận của {office}./.")


def _score(unit: RankedUnit) -> str:
    final = unit.result.final
    return f"{fmt(final.total, 2)} điểm, {fmt(final.percent, 2)}%, {unit.band_label}"

