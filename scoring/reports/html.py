"""``bao-cao.html``: one self-contained page summarising the round (charts embedded as base64 PNG).

Sections: the ruleset (with the illustrative warning first when it applies), file counts, classes
per block, top and bottom units of each block, quota demotions, the largest self-vs-appraisal
gaps, rejected files, the charts and the ranking rules.  All text is escaped.
"""

from __future__ import annotations

import base64
from html import escape
from pathlib import Path
from typing import Iterable, Sequence

from scoring.batch import Batch
from scoring.decimals import fmt
from scoring.ranking import Ranking, RankedUnit
from scoring.reports.xlsx import source_line, subtitle
from scoring.ruleset.models import Ruleset

TOP_COUNT = 5
_CSS = """
body{font-family:"Times New Roman",serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#111}
h1{font-size:1.5em;text-transform:uppercase}h2{font-size:1.2em;border-bottom:1px solid #999}
table{border-collapse:collapse;margin:.5em 0 1em}th,td{border:1px solid #888;padding:3px 8px}
th{background:#d9e1f2}td.so{text-align:right}.canh-bao{border:3px solid #c00000;color:#c00000;
padding:.6em 1em;font-weight:bold;background:#fff3f3}img{max-width:100%;display:block;margin:1em 0}
""".strip()

_CAPTIONS = {
    "bieu-do-xep-loai": "Kết quả xếp loại theo khối",
    "bieu-do-nhom-tieu-chi": "Tỷ lệ điểm đạt theo nhóm tiêu chí",
    "bieu-do-tu-cham-tham-dinh": "Tự chấm so với thẩm định",
}


def render_html(ruleset: Ruleset, batch: Batch, ranking: Ranking, charts: Sequence[Path] = ()) -> str:
    """The report page as text."""
    title = f"Báo cáo kết quả đánh giá công tác dân vận năm {batch.year}" if batch.year else \
        "Báo cáo kết quả đánh giá công tác dân vận"
    body = [f"<h1>{escape(title)}</h1>", _ruleset_section(ruleset, batch), _counts_section(batch),
            _classes_section(ranking)]
    body += [_block_section(ranking, block.name, block.units) for block in ranking.blocks if block.units]
    body += [_demotions_section(ranking), _gaps_section(ranking), _rejected_section(batch),
             _charts_section(charts, ranking), _policy_section(ranking)]
    return ("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
            + "\n".join(part for part in body if part) + "\n</body>\n</html>\n")


def write_html(path: Path, ruleset: Ruleset, batch: Batch, ranking: Ranking,
               charts: Sequence[Path] = ()) -> Path:
    path.write_text(render_html(ruleset, batch, ranking, charts), encoding="utf-8")
    return path


def _table(headers: Sequence[str], rows: Iterable[Sequence[object]], numeric: Sequence[int] = ()) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    lines = []
    for row in rows:
        cells = "".join(f"<td class=\"so\">{escape(str(v))}</td>" if i in numeric else f"<td>{escape(str(v))}</td>"
                        for i, v in enumerate(row))
        lines.append(f"<tr>{cells}</tr>")
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(lines) + "\n</tbody>\n</table>"


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


def _classes_section(ranking: Ranking) -> str:
    labels = list(ranking.labels)
    blocks = [b for b in ranking.blocks if b.units]
    rows = [[b.name] + [ranking.class_counts(b)[label] for label in labels] + [len(b.units)] for b in blocks]
    overall = ranking.class_counts()
    rows.append(["Tổng cộng"] + [overall[label] for label in labels] + [len(ranking.overall)])
    numeric = list(range(1, len(labels) + 2))
    return "<h2>Xếp loại theo khối</h2>\n" + _table(["Khối"] + labels + ["Tổng số"], rows, numeric)


def _unit_rows(units: Iterable[RankedUnit]) -> list[list[object]]:
    return [[u.rank if u.rank is not None else "–", u.result.unit_name, u.unit_code,
             fmt(u.result.final.total, 2), fmt(u.result.final.applicable_max, 2), fmt(u.result.final.percent, 2),
             u.band_label] for u in units]


_UNIT_HEADERS = ["Hạng", "Tên đơn vị", "Mã đơn vị", "Điểm", "Điểm tối đa áp dụng", "Tỷ lệ (%)", "Xếp loại"]


def _block_section(ranking: Ranking, name: str, units: Sequence[RankedUnit]) -> str:
    ranked = [u for u in units if u.rank is not None]
    parts = [f"<h2>{escape(name)}</h2>", f"<p>{len(units)} đơn vị, {len(ranked)} được xếp hạng.</p>",
             f"<h3>{min(TOP_COUNT, len(ranked))} đơn vị dẫn đầu</h3>",
             _table(_UNIT_HEADERS, _unit_rows(ranked[:TOP_COUNT]), numeric=[0, 3, 4, 5])]
    if len(ranked) > TOP_COUNT:
        bottom = ranked[-min(TOP_COUNT, len(ranked) - TOP_COUNT):]
        parts += [f"<h3>{len(bottom)} đơn vị cuối bảng</h3>", _table(_UNIT_HEADERS, _unit_rows(bottom), [0, 3, 4, 5])]
    unranked = [u for u in units if u.rank is None]
    if unranked:
        parts.append("<p>Không xếp hạng: " + escape("; ".join(
            f"{u.result.unit_name} ({u.band_label})" for u in unranked)) + ".</p>")
    return "\n".join(parts)


def _demotions_section(ranking: Ranking) -> str:
    demoted = ranking.demoted
    if not demoted:
        return ""
    rows = [[u.result.unit_name, u.unit_code, u.demotion.reason if u.demotion else ""] for u in demoted]
    return "<h2>Đơn vị chuyển xếp loại do vượt hạn mức</h2>\n" + _table(["Tên đơn vị", "Mã", "Lý do"], rows)


def _gaps_section(ranking: Ranking) -> str:
    top = ranking.gaps.top_overclaims(10)
    if not top:
        return "<h2>Tự chấm so với thẩm định</h2>\n<p>Không có đơn vị nào tự chấm cao hơn kết quả thẩm định.</p>"
    rows = [[g.unit_name, g.unit_code, f"{fmt(g.self_total, 2)}/{fmt(g.self_max, 2)}",
             f"{fmt(g.final_total, 2)}/{fmt(g.final_max, 2)}", fmt(g.overclaim, 2), fmt(g.overclaim_percent, 2),
             g.lowered] for g in top]
    headers = ["Tên đơn vị", "Mã", "Tự chấm/tối đa", "Thẩm định/tối đa", "Tự chấm cao hơn thẩm định (điểm)",
               "Tự chấm cao hơn thẩm định (% điểm tối đa tự chấm)", "Số tiêu chí bị hạ"]
    return ("<h2>Tự chấm cao hơn thẩm định nhiều nhất</h2>\n"
            + _table(headers, rows, numeric=[2, 3, 4, 5, 6]))


def _rejected_section(batch: Batch) -> str:
    if not batch.rejected:
        return "<h2>Tệp bị loại</h2>\n<p>Không có tệp nào bị loại.</p>"
    rows = []
    for rejected in batch.rejected:
        for finding in rejected.reasons or rejected.findings:
            loc = finding.location
            where = ", ".join(p for p in (f"{loc.sheet}!{loc.cell}" if loc.sheet and loc.cell else loc.sheet,
                                          loc.json_path, loc.criterion_id and f"tiêu chí {loc.criterion_id}") if p)
            rows.append([rejected.file, where, finding.code, finding.message])
    return (f"<h2>Tệp bị loại ({len(batch.rejected)})</h2>\n"
            + _table(["Tệp", "Vị trí", "Mã lỗi", "Nội dung"], rows))


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
