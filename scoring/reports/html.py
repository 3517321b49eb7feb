"""``bao-cao.html``: one self-contained page summarising the round (charts embedded as base64 PNG).

Sections: who issued it and when, the ruleset (with the illustrative warning first when it
applies), file counts, for a round its missing and late units, classes per block, the full
ranking of every block (sortable by clicking a column heading), the units whose class is not
their score's (as the docx's section IV), the largest self-vs-appraisal gaps on one basis, the
general assessment and the reward proposal (as its section VII), rejected files, the criterion groups by code and name, the charts, the
ranking rules and a note on the files.  All text is escaped.

It reads on a 390 px phone without sideways scrolling of the page (tables scroll inside their own
box, secondary columns are hidden below 640 px) and prints on A4 (headings kept with what
follows, table headers repeated, rows not split).
"""

from __future__ import annotations

import base64
from datetime import date
from html import escape
from pathlib import Path
from typing import Iterable, Sequence

from scoring.core.decimals import fmt
from scoring.engine.exceptions import exceptions
from scoring.engine.proposal import RewardProposal
from scoring.engine.ranking import RankedUnit, Ranking
from scoring.intake.batch import Batch
from scoring.reports.assessment import (
    BASIS_NOTE,
    FREQUENT_HEADERS,
    FREQUENT_TITLE,
    GROUP_HEADERS,
    GROUP_TITLE,
    NOTHING_FREQUENT,
    Assessment,
    Earlier,
    assess,
    assessment_parts,
    frequent_rows,
    group_rows,
    proposal_lines,
)
from scoring.reports.profile import Profile
from scoring.reports.correction import SHORT_HEADERS, correction_sentence, short_rows, table_title, title_words
from scoring.reports.roll import RoundRoll, roll_lines
from scoring.reports.xlsx import source_line, subtitle
from scoring.rules.models import Ruleset

TOP_COUNT = 5
_CSS = """
*{box-sizing:border-box}
body{font-family:"Times New Roman","Liberation Serif",serif;max-width:1100px;margin:1.5em auto;padding:0 1em;color:#111;
line-height:1.35;overflow-wrap:break-word}
h1{font-size:1.45em;text-transform:uppercase;text-align:center}h2{font-size:1.2em;border-bottom:1px solid #999}
.co-quan{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.5em;text-align:center}
.co-quan div{flex:1 1 16em}.ngay{text-align:right;font-style:italic}
.cuon{overflow-x:auto;max-width:100%;margin:.5em 0 1em}
table{border-collapse:collapse}th,td{border:1px solid #888;padding:3px 6px;vertical-align:top}
th{background:#d9e1f2}td.so{text-align:right;white-space:nowrap}
th button{font:inherit;font-weight:bold;background:none;border:0;padding:0;cursor:pointer;text-align:inherit}
th[aria-sort=ascending] button::after{content:" ▲"}th[aria-sort=descending] button::after{content:" ▼"}
.canh-bao{border:3px solid #c00000;color:#c00000;padding:.6em 1em;font-weight:bold;background:#fff3f3}
img{max-width:100%;height:auto;display:block;margin:1em 0}figure{margin:0}
@media (max-width:640px){body{padding:0 .5em;font-size:15px}.phu{display:none}th,td{padding:2px 4px}}
@media print{@page{size:A4;margin:15mm}body{max-width:none;margin:0;font-size:12pt}
.cuon{overflow:visible}h2,h3{break-after:avoid;page-break-after:avoid}tr,figure{break-inside:avoid}
thead{display:table-header-group}th button::after{content:""}}
""".strip()

# Sorting a ranking table by a clicked column heading: numbers (decimal comma) or Vietnamese text.
_SCRIPT = """
document.querySelectorAll("table.sap-xep").forEach(function(t){
 t.querySelectorAll("th").forEach(function(th,i){
  var b=th.querySelector("button");if(!b)return;
  b.addEventListener("click",function(){
   var asc=th.getAttribute("aria-sort")!=="ascending",body=t.tBodies[0];
   t.querySelectorAll("th").forEach(function(o){o.removeAttribute("aria-sort")});
   th.setAttribute("aria-sort",asc?"ascending":"descending");
   var rows=Array.prototype.slice.call(body.rows);
   function key(r){var s=r.cells[i].getAttribute("data-v")||r.cells[i].textContent.trim();
    var n=parseFloat(s.replace(/\\./g,"").replace(",","."));return isNaN(n)?s:n}
   rows.sort(function(a,c){var x=key(a),y=key(c);
    var d=(typeof x==="number"&&typeof y==="number")?x-y:String(x).localeCompare(String(y),"vi");
    return asc?d:-d});
   rows.forEach(function(r){body.appendChild(r)});
  });
 });
});
""".strip()

_CAPTIONS = {
    "bieu-do-xep-loai": "Kết quả xếp loại theo khối",
    "bieu-do-nhom-tieu-chi": "Tỷ lệ điểm đạt theo nhóm tiêu chí",
    "bieu-do-tu-cham-tham-dinh": "Tự chấm so với thẩm định",
}
FILES_NOTE = ("Để xem và in, mở tệp xep-hang.xlsx (Excel) hoặc bao-cao.docx (Word). Các tệp .csv dành cho "
              "phần mềm khác đọc: mã UTF-8, dấu phẩy ngăn cột, dấu chấm thập phân; nếu cần mở bằng Excel, "
              "dùng Dữ liệu > Từ văn bản/CSV (Data > From Text/CSV), chọn Dấu tách: Dấu phẩy (Comma).")


def render_html(ruleset: Ruleset, batch: Batch, ranking: Ranking, charts: Sequence[Path] = (),
                profile: Profile | None = None, today: date | None = None, roll: RoundRoll | None = None,
                proposal: RewardProposal | None = None, previous: Earlier | None = None,
                assessment: Assessment | None = None) -> str:
    """The report page as text; ``roll``: a round's missing and late units, said after the files;
    ``proposal`` and ``previous`` (last round's classes) feed the general assessment, which
    ``assessment`` gives when the caller has it already (:func:`~scoring.reports.assessment.assess`)."""
    profile = profile or Profile()
    title = f"Báo cáo kết quả đánh giá công tác dân vận năm {batch.year}" if batch.year else \
        "Báo cáo kết quả đánh giá công tác dân vận"
    title += title_words(roll.correction if roll else None)
    body = [_issuer(profile, today or date.today()), f"<h1>{escape(title)}</h1>", _correction_section(roll),
            _ruleset_section(ruleset, batch), _counts_section(batch), _roll_section(roll), _classes_section(ranking)]
    body += [_block_section(block.name, block.units) for block in ranking.blocks if block.units]
    body += [_exceptions_section(ranking), _gaps_section(ranking, roll),
             _assessment_section(assessment or assess(ranking, previous), proposal), _rejected_section(batch),
             _groups_section(ruleset), _charts_section(charts, ranking), _policy_section(ranking),
             f"<h2>Các tệp kết quả</h2>\n<p>{escape(FILES_NOTE)}</p>"]
    return ("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
            + "\n".join(part for part in body if part) + f"\n<script>{_SCRIPT}</script>\n</body>\n</html>\n")


def write_html(path: Path, ruleset: Ruleset, batch: Batch, ranking: Ranking,
               charts: Sequence[Path] = (), profile: Profile | None = None, roll: RoundRoll | None = None,
               proposal: RewardProposal | None = None, previous: Earlier | None = None,
               assessment: Assessment | None = None) -> Path:
    """Write the page of :func:`render_html` to ``path``."""
    path.write_text(render_html(ruleset, batch, ranking, charts, profile, roll=roll, proposal=proposal,
                                previous=previous, assessment=assessment), encoding="utf-8")
    return path


def _issuer(profile: Profile, today: date) -> str:
    """The issuing body (from the profile) and the date the page was made."""
    office = [escape(profile.text("co_quan_chu_quan").upper()),
              f"<b>{escape(profile.text('co_quan_ban_hanh').upper())}</b>"]
    made = profile.ngay or today
    return (f"<div class=\"co-quan\"><div>{'<br>'.join(office)}</div>"
            "<div><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b>Độc lập - Tự do - Hạnh phúc</b></div></div>\n"
            f"<p class=\"ngay\">Lập ngày {made:%d/%m/%Y}</p>")


def _table(headers: Sequence[str], rows: Iterable[Sequence[object]], numeric: Sequence[int] = (), *,
           minor: Sequence[int] = (), sortable: bool = False) -> str:
    """A table in a box that scrolls sideways on its own; ``minor`` columns hide on a phone."""
    def attrs(i: int) -> str:
        names = (["so"] if i in numeric else []) + (["phu"] if i in minor else [])
        return f" class=\"{' '.join(names)}\"" if names else ""

    def head(i: int, h: str) -> str:
        label = f"<button type=\"button\">{escape(h)}</button>" if sortable else escape(h)
        return f"<th{attrs(i)}>{label}</th>"

    heads = "".join(head(i, h) for i, h in enumerate(headers))
    lines = ["<tr>" + "".join(f"<td{attrs(i)}>{escape(str(v))}</td>" for i, v in enumerate(row)) + "</tr>"
             for row in rows]
    kind = " class=\"sap-xep\"" if sortable else ""
    return (f"<div class=\"cuon\"><table{kind}>\n<thead><tr>{heads}</tr></thead>\n<tbody>\n"
            + "\n".join(lines) + "\n</tbody>\n</table></div>")


def _ruleset_section(ruleset: Ruleset, batch: Batch) -> str:
    parts = []
    if ruleset.status == "illustrative":
        parts.append(f"<div class=\"canh-bao\">{escape(source_line(ruleset))}</div>")
    parts.append(f"<p><b>Bộ tiêu chí:</b> {escape(subtitle(ruleset, batch.year))} "
                 f"(mã {escape(ruleset.id)}).</p>")
    if ruleset.status != "illustrative":
        parts.append(f"<p>{escape(source_line(ruleset))}.</p>")
    return "\n".join(parts)


def _counts_section(batch: Batch) -> str:
    rows = [("Số tệp đã đọc", len(batch.files)), ("Được tính", len(batch.accepted)),
            ("Bị loại", len(batch.rejected)), ("Bỏ qua (không phải bản tự chấm)", len(batch.skipped))]
    notes = "".join(f"<p>{escape(n)}</p>" for n in batch.notes)
    return "<h2>Tệp đã nhận</h2>\n" + _table(["", "Số tệp"], rows, numeric=[1]) + notes


def _roll_section(roll: RoundRoll | None) -> str:
    """The round's missing and late units, and what the round adds to a ranking of its files."""
    if roll is None:
        return ""
    return "<h2>Tình hình nộp hồ sơ</h2>\n" + "\n".join(f"<p>{escape(text)}</p>" for text in roll_lines(roll))


def _correction_section(roll: RoundRoll | None) -> str:
    """What this publication corrects, why, and the units that changed (before → after)."""
    correction = roll.correction if roll else None
    if correction is None:
        return ""
    text = f"<h2>Đính chính</h2>\n<p>{escape(correction_sentence(correction))}</p>"
    if not correction.rows:
        return text
    return (text + f"\n<h3>{escape(table_title(correction))}</h3>\n"
            + _table(SHORT_HEADERS, short_rows(correction), minor=[1]))


def _classes_section(ranking: Ranking) -> str:
    labels = list(ranking.labels)
    blocks = [b for b in ranking.blocks if b.units]
    rows = [[b.name] + [ranking.class_counts(b)[label] for label in labels] + [len(b.units)] for b in blocks]
    overall = ranking.class_counts()
    rows.append(["Tổng cộng"] + [overall[label] for label in labels] + [len(ranking.overall)])
    numeric = list(range(1, len(labels) + 2))
    return "<h2>Xếp loại theo khối</h2>\n" + _table(["Khối"] + labels + ["Tổng số"], rows, numeric)


_UNIT_HEADERS = ["Hạng", "Tên đơn vị", "Mã đơn vị", "Tự chấm", "Điểm", "Điểm tối đa áp dụng", "Tỷ lệ (%)",
                 "Xếp loại", "Ghi chú"]


def _unit_rows(units: Iterable[RankedUnit]) -> list[list[object]]:
    return [[u.rank if u.rank is not None else "–", u.result.unit_name, u.unit_code,
             fmt(u.result.self_totals.total, 2), fmt(u.result.final.total, 2),
             fmt(u.result.final.applicable_max, 2), fmt(u.result.final.percent, 2), u.band_label,
             u.notes_text] for u in units]


def _block_section(name: str, units: Sequence[RankedUnit]) -> str:
    """The block's full ranking, sortable; the first units are named above it."""
    ranked = [u for u in units if u.rank is not None]
    lead = "; ".join(f"{u.rank}. {u.result.unit_name}" for u in ranked[:TOP_COUNT])
    parts = [f"<h2>{escape(name)}</h2>",
             f"<p>{len(units)} đơn vị, {len(ranked)} được xếp hạng. Dẫn đầu: {escape(lead) or 'không có'}.</p>",
             "<p class=\"phu\">Bấm vào tên cột để sắp xếp lại bảng.</p>",
             _table(_UNIT_HEADERS, _unit_rows(units), numeric=[0, 3, 4, 5, 6], minor=[2, 3, 5, 8],
                    sortable=True)]
    return "\n".join(parts)


def _exceptions_section(ranking: Ranking) -> str:
    """Every unit whose class differs from its score's (as the docx's section IV)."""
    found = exceptions(ranking)
    head = "<h2>Đơn vị không được xếp loại hoặc bị chuyển xếp loại</h2>\n"
    if not found:
        return head + "<p>Tất cả các đơn vị đều được xếp loại đúng mức điểm đạt được.</p>"
    rows = [[e.unit.result.unit_name, e.unit.unit_code, e.score_band, e.band, "; ".join(e.reasons)] for e in found]
    return head + _table(["Tên đơn vị", "Mã đơn vị", "Xếp loại theo điểm", "Xếp loại", "Lý do"], rows, minor=[1])


def _gaps_section(ranking: Ranking, roll: RoundRoll | None = None) -> str:
    if roll is not None and not roll.has_appraisal:  # as the docx's section V
        return ("<h2>Tự chấm so với thẩm định</h2>\n<p>Đợt không có bước thẩm định của hội đồng: kết quả là "
                "điểm tự chấm của đơn vị, không có so sánh tự chấm với thẩm định.</p>")
    top = ranking.gaps.top_overclaims(10)
    if not top:
        return "<h2>Tự chấm so với thẩm định</h2>\n<p>Không có đơn vị nào tự chấm cao hơn kết quả thẩm định.</p>"
    rows = [[g.unit_name, g.unit_code, f"{fmt(g.self_total, 2)}/{fmt(g.self_max)}",
             f"{fmt(g.comparable_total, 2)}/{fmt(g.self_max)}", fmt(g.overclaim, 2), fmt(g.overclaim_percent, 2),
             f"{fmt(g.final_total, 2)}/{fmt(g.final_max)}", g.lowered] for g in top]
    headers = ["Tên đơn vị", "Mã", "Tự chấm / tối đa tự chấm", "Thẩm định cùng phạm vi / tối đa tự chấm",
               "Tự chấm cao hơn (điểm)", "Tự chấm cao hơn (% tối đa tự chấm)",
               "Thẩm định toàn phần / tối đa thẩm định", "Số tiêu chí bị hạ"]
    return (f"<h2>Tự chấm cao hơn thẩm định nhiều nhất</h2>\n<p>{escape(BASIS_NOTE)}</p>\n"
            + _table(headers, rows, numeric=[2, 3, 4, 5, 6, 7], minor=[1, 6]))


def _assessment_section(assessment: Assessment, proposal: RewardProposal | None) -> str:
    """The general assessment and the reward proposal (as the docx's section VII)."""
    parts = ["<h2>Đánh giá chung</h2>"]
    parts += [f"<p><b>{escape(label)}:</b> {escape(' '.join(sentences))}</p>"
              for label, sentences in assessment_parts(assessment) if sentences]
    parts.append("<h3>Đề xuất khen thưởng</h3>")
    parts += [f"<p>{escape(text)}</p>" for text in proposal_lines(proposal)]
    # the tables the sentences cite, as in the docx's appendix
    parts += [f"<h3>Phụ lục — {escape(GROUP_TITLE)}</h3>",
              _table(GROUP_HEADERS, group_rows(assessment), numeric=[2, 3, 4, 5]),
              f"<h3>Phụ lục — {escape(FREQUENT_TITLE)}</h3>"]
    rows = frequent_rows(assessment)
    parts.append(_table(FREQUENT_HEADERS, rows, numeric=[2, 3]) if rows else f"<p>{escape(NOTHING_FREQUENT)}</p>")
    return "\n".join(parts)


def _rejected_section(batch: Batch) -> str:
    if not batch.rejected:
        return "<h2>Tệp bị loại</h2>\n<p>Không có tệp nào bị loại.</p>"
    rows = []
    for rejected in batch.rejected:
        for finding in rejected.reasons or rejected.findings:
            loc = finding.location
            where = ", ".join(p for p in (f"{loc.sheet}!{loc.cell}" if loc.sheet and loc.cell else loc.sheet,
                                          loc.json_path, loc.criterion_id and f"tiêu chí {loc.criterion_id}") if p)
            rows.append([rejected.file, where, finding.message, finding.code])
    return (f"<h2>Tệp bị loại ({len(batch.rejected)})</h2>\n"
            + _table(["Tệp", "Vị trí", "Nội dung", "Mã lỗi"], rows, minor=[3]))


def _groups_section(ruleset: Ruleset) -> str:
    """The criterion groups the heatmap and the matrix name by code."""
    rows = [[node.id, node.name, fmt(node.max)] for node in ruleset.criteria]
    return "<h2>Nhóm tiêu chí</h2>\n" + _table(["Mã", "Tên nhóm tiêu chí", "Điểm tối đa"], rows, numeric=[2])


def _charts_section(charts: Sequence[Path], ranking: Ranking) -> str:
    captions = dict(_CAPTIONS) | {f"bieu-do-xep-hang-{b.id}": f"Xếp hạng {b.name}" for b in ranking.blocks}
    parts = []
    for path in charts:
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        caption = captions.get(path.stem, "Xếp hạng chung")
        parts.append(f"<figure><img alt=\"{escape(caption)}\" src=\"data:image/png;base64,{data}\">"
                     f"<figcaption>{escape(caption)}</figcaption></figure>")
    return "<h2>Biểu đồ</h2>\n" + "\n".join(parts) if parts else ""


def _policy_section(ranking: Ranking) -> str:
    items = "".join(f"<li>{escape(line)}</li>" for line in ranking.policy)
    return f"<h2>Quy tắc xếp hạng</h2>\n<ul>{items}</ul>"
