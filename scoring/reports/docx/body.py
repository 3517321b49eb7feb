"""The body of the round's report, written from the round: scope, classes, leaders, exceptions.

Sections (Roman numerals, as Vietnamese reports number them): I the scope and basis (ruleset,
decision, files, for a round the units that did not submit or submitted late and what the round
adds to a ranking of its files, ranking rules, and for a correction what it corrects, why, and the units
that changed); II classes per block (a table); III the leading units of each
block; IV every unit whose class differs from its score's (gates, quotas, lateness, not
classified), with why; V self-assessment against appraisal on one basis (the units that
over-claimed most); VI rejected files; VII the general assessment and the reward proposal
(:mod:`scoring.reports.assessment`), then lines for the office's own recommendations.  Numbers use the decimal comma (:func:`scoring.core.decimals.fmt`).
"""

from __future__ import annotations

from docx.shared import Cm

from scoring.core.decimals import fmt
from scoring.engine.exceptions import exceptions as class_exceptions
from scoring.engine.proposal import RewardProposal
from scoring.engine.ranking import RankedUnit, Ranking
from scoring.reports import XLSX_NAME
from scoring.reports.assessment import BASIS_NOTE, Assessment, assessment_parts, proposal_lines
from scoring.reports.correction import (
    SHORT_HEADERS,
    SHOWN_ROWS,
    Correction,
    correction_sentence,
    cut_sentence,
    short_rows,
    table_title,
)
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
    # the decision it follows was said in the opening sentence: not again here
    line(doc, f"1. Bộ tiêu chí: {facts.ruleset.title}, phiên bản {facts.ruleset.version} "
              f"(mã {facts.ruleset.id}).")
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
    if facts.roll is not None and facts.roll.correction is not None:
        correction(doc, facts.roll.correction, number + 1)


def correction(doc, fixed: Correction, number: int) -> None:
    """I, last point: what this publication corrects and why, then the units that changed."""
    line(doc, f"{number}. Đính chính: {correction_sentence(fixed)}")
    if fixed.rows:
        para(doc, table_title(fixed), bold=True, align=LEFT, before=6, keep_next=True)
        grid(doc, list(SHORT_HEADERS), short_rows(fixed, SHOWN_ROWS),
             [Cm(3.6), Cm(2.6), Cm(2.2), Cm(2.2), Cm(2.3), Cm(1.8), Cm(1.8)],
             ["left", "left", "right", "right", "left", "right", "right"])
        more = cut_sentence(fixed, SHOWN_ROWS, XLSX_NAME)
        if more:
            line(doc, more)


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
    """IV: every unit whose class is not the one its score reaches (gates, quotas, not classified,
    a round's lateness), from :func:`scoring.engine.exceptions.exceptions`, with the reasons."""
    heading(doc, SECTIONS[3])
    found = class_exceptions(ranking)
    if not found:
        line(doc, "Tất cả các đơn vị đều được xếp loại đúng mức điểm đạt được; không có đơn vị nào bị "
                  "chuyển xếp loại.")
        return
    line(doc, f"{len(found)} đơn vị không được xếp loại hoặc có xếp loại khác với mức điểm đạt được:")
    rows = [[e.unit.result.unit_name, e.unit.unit_code, f"{e.score_band} ({_value(ranking, e.unit)})", e.band,
             "; ".join(e.reasons)] for e in found]
    grid(doc, list(EXCEPTION_HEADERS), rows, [Cm(3.6), Cm(2.9), Cm(2.6), Cm(2.2), Cm(5.2)],
         ["left", "left", "left", "left", "left"])


#: The columns of section IV's table (the consistency tests read it back by them).
EXCEPTION_HEADERS = ("Đơn vị", "Mã đơn vị", "Xếp loại theo điểm", "Xếp loại", "Lý do")


def _value(ranking: Ranking, unit: RankedUnit) -> str:
    """The value that ranks, as the class bands read it: percent or points."""
    return f"{fmt(unit.value, 2)}%" if ranking.basis == "percent" else f"{fmt(unit.value, 2)}\u00a0điểm"


def overclaims(doc, ranking: Ranking, roll: RoundRoll | None = None) -> None:
    """V: how many units were appraised (and, in a round, changed by the council), and those
    whose self-assessment exceeded it most, compared on one stated basis."""
    heading(doc, SECTIONS[4])
    if roll is not None and not roll.has_appraisal:
        line(doc, "Đợt không có bước thẩm định của hội đồng: kết quả là điểm tự chấm của đơn vị, không có "
                  "so sánh tự chấm với thẩm định.")
        return
    appraised = sum(1 for u in ranking.overall if u.result.appraised)
    changed = roll.appraised_units if roll is not None else None
    by_council = f"; hội đồng thẩm định đã thay đổi kết quả tự chấm của {changed} đơn vị" if changed else ""
    line(doc, f"Số đơn vị đã được thẩm định: {appraised}/{len(ranking.overall)}{by_council}.")
    top = ranking.gaps.top_overclaims(OVERCLAIMS)
    if not top:
        line(doc, "Không có đơn vị nào tự chấm cao hơn kết quả thẩm định.")
        return
    line(doc, f"{len(top)} đơn vị tự chấm cao hơn kết quả thẩm định nhiều nhất. {BASIS_NOTE}")
    rows = [[g.unit_name, _of(g.self_total, g.self_max), _of(g.comparable_total, g.self_max), fmt(g.overclaim, 2),
             fmt(g.overclaim_percent, 2), _of(g.final_total, g.final_max)] for g in top]
    grid(doc, list(OVERCLAIM_HEADERS), rows, [Cm(3.9), Cm(2.6), Cm(2.8), Cm(2.1), Cm(2.4), Cm(2.7)],
         ["left"] + ["right"] * 5)


OVERCLAIM_HEADERS = ("Đơn vị", "Tự chấm / tối đa tự chấm", "Thẩm định cùng phạm vi / tối đa tự chấm",
                     "Tự chấm cao hơn (điểm)", "Tự chấm cao hơn (% tối đa tự chấm)",
                     "Thẩm định toàn phần / tối đa thẩm định")


def _of(points, maximum) -> str:
    """"64,21/90": points to 2 places, the maximum as it is (no ",00" on a whole maximum)."""
    return f"{fmt(points, 2)}/{fmt(maximum)}"


def rejected(doc, facts) -> None:
    """VI: files that could not be accepted, with the first reason of each."""
    heading(doc, SECTIONS[5])
    if not facts.rejected:
        line(doc, "Không có tệp nào bị loại.")
        return
    for name, reason in facts.rejected:
        line(doc, f"- {name}: {reason}")


def proposals(doc, office: str, assessment: Assessment, proposal: RewardProposal | None) -> None:
    """VII: the general assessment written from the data, the round's reward proposal (when the
    ruleset has reward rules), lines for the office's own recommendations, then the closing."""
    heading(doc, SECTIONS[6])
    line(doc, "1. Đánh giá chung")
    for label, sentences in assessment_parts(assessment):
        if sentences:
            line(doc, f"{label}: " + " ".join(sentences))
    line(doc, "2. Đề xuất khen thưởng")
    for sentence in proposal_lines(proposal):
        line(doc, sentence)
    line(doc, "3. Kiến nghị")
    line(doc, PLACEHOLDER * 8)
    line(doc, PLACEHOLDER * 8)
    line(doc, f"Trên đây là báo cáo kết quả đánh giá, phân loại công tác dân vận của {office}./.")


def _score(unit: RankedUnit) -> str:
    final = unit.result.final
    return f"{fmt(final.total, 2)} điểm, {fmt(final.percent, 2)}%, {unit.band_label}"

