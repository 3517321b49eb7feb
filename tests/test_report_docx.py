"""bao-cao.docx (the Decree 30 report) and xep-hang.xlsx (the published tables): read back against
ket-qua.json and rendered to PDF by LibreOffice (once for the session), then looked at."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import docx
import pytest
from pdfcheck import full_text, inspect, problems, render
from sysdeps import require

from scoring.cli.app import main
from scoring.core.findings import DvkError
from scoring.reports.docx.body import SECTIONS
from scoring.reports.profile import PLACEHOLDER, Profile, load_profile, profile_from_dict

ROOT = Path(__file__).resolve().parent.parent
PROFILE = """
co_quan_chu_quan = "UBND tỉnh Quảng Ngãi"
co_quan_ban_hanh = "Sở Nội vụ"
so_ky_hieu = "   /BC-SNV"
dia_danh = "Quảng Ngãi"
ngay = 2026-02-05
quyen_han = "KT. Giám đốc"
chuc_vu = "Phó Giám đốc"
nguoi_ky = "Nguyễn Văn An"
noi_nhan = ["UBND tỉnh (để báo cáo);", "Ban Dân vận Tỉnh ủy;", "Lưu: VT, CTDV."]
"""


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> Path:
    """``dvk rank`` on the bundled samples with a profile: the folder it wrote."""
    base = tmp_path_factory.mktemp("docx")
    (base / "ho-so.toml").write_text(PROFILE, encoding="utf-8")
    out = base / "out"
    code = main(["rank", str(ROOT / "criteria/dvcq-minh-hoa.json"), str(ROOT / "sample_inputs"),
                 "--out", str(out), "--quiet", "--ho-so", str(base / "ho-so.toml")])
    assert code == 0
    return out


@pytest.fixture(scope="session")
def rendered(published, tmp_path_factory) -> dict[str, Path]:
    return render(require("soffice"), [published / "bao-cao.docx", published / "xep-hang.xlsx"],
                  tmp_path_factory.mktemp("pdf"))


@pytest.fixture(scope="session")
def report_pdf(rendered) -> Path:
    return rendered["bao-cao.docx"]


def _paragraphs(document) -> list[str]:
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts += [cell.text for cell in row.cells]
    return texts


def test_sections_in_order_and_profile_in_header_and_signature(published):
    document = docx.Document(str(published / "bao-cao.docx"))
    body = [p.text for p in document.paragraphs]
    positions = [body.index(title) for title in SECTIONS]
    assert positions == sorted(positions)
    header = "\n".join(cell.text for cell in document.tables[0]._cells)
    for text in ("UBND TỈNH QUẢNG NGÃI", "SỞ NỘI VỤ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", "Số:", "/BC-SNV", "Quảng Ngãi, ngày 05 tháng 02 năm 2026"):
        assert text in header
    every = "\n".join(_paragraphs(document))
    for text in ("Nơi nhận:", "- UBND tỉnh (để báo cáo);", "- Lưu: VT, CTDV.", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC",
                 "Nguyễn Văn An", "BÁO CÁO", "PHỤ LỤC"):
        assert text in every
    assert PLACEHOLDER not in header


def test_illustrative_disclaimer_is_in_the_report(published):
    from scoring.rules.load import load_ruleset

    ruleset = load_ruleset(ROOT / "criteria/dvcq-minh-hoa.json")
    document = docx.Document(str(published / "bao-cao.docx"))
    assert ruleset.status == "illustrative"
    assert any(ruleset.status_note in p.text for p in document.paragraphs)


def test_appendix_rows_match_ket_qua_json(published):
    results = json.loads((published / "ket-qua.json").read_text(encoding="utf-8"))
    document = docx.Document(str(published / "bao-cao.docx"))
    appendix = [t for t in document.tables if t.rows[0].cells[0].text == "Hạng"]
    rows = {}
    for table in appendix:
        for row in table.rows[1:]:
            cells = [c.text for c in row.cells]
            rows[cells[1]] = cells
    assert sorted(rows) == sorted(u["unit_code"] for u in results["units"])
    for unit in results["units"]:
        cells = rows[unit["unit_code"]]
        final = unit["result"]["final"]
        assert cells[0] == (str(unit["rank"]) if unit["rank"] is not None else "–")
        assert cells[2] == unit["result"]["unit"]["name"]
        assert cells[4] == f"{final['total']:.2f}".replace(".", ",")
        assert cells[6] == f"{final['percent']:.2f}".replace(".", ",")
        assert cells[7] == unit["band_label"]
    # one table per block, each block's units in rank order (unranked last)
    assert len(appendix) == len({u["block"] for u in results["units"]})


def test_class_table_matches_ket_qua_json(published):
    results = json.loads((published / "ket-qua.json").read_text(encoding="utf-8"))
    document = docx.Document(str(published / "bao-cao.docx"))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Khối")
    headers = [c.text for c in table.rows[0].cells]
    total = [c.text for c in table.rows[-1].cells]
    assert total[0] == "Tổng cộng" and total[-1] == str(results["counts"]["accepted"])
    for label, count in results["counts"]["classes"].items():
        assert total[headers.index(label)] == str(count)


def test_rendered_report_is_a4_readable_and_signed(report_pdf):
    pages = inspect(report_pdf)
    assert problems(pages) == []
    text = full_text(pages)
    for part in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO", "Nơi nhận:",
                 "PHÓ GIÁM ĐỐC", "Nguyễn Văn An", "PHỤ LỤC"):
        assert part in text
    # portrait report, then the appendix in landscape
    assert pages[0].height > pages[0].width and pages[-1].width > pages[-1].height


def test_without_profile_the_blanks_are_placeholders(tmp_path):
    from scoring.intake.batch import run_batch
    from scoring.engine.ranking import rank
    from scoring.reports.docx import write_bao_cao
    from scoring.rules.load import load_ruleset

    ruleset = load_ruleset(ROOT / "criteria/dvcq-minh-hoa.json")
    batch = run_batch(ruleset, [ROOT / "sample_inputs/so-vidu.xlsx"], jobs=1)
    path = write_bao_cao(tmp_path / "bao-cao.docx", ruleset, rank(ruleset, list(batch.accepted)))
    document = docx.Document(str(path))
    header = [cell.text for cell in document.tables[0]._cells]
    assert f"Số: {PLACEHOLDER}" in header
    assert f"{PLACEHOLDER}, ngày {PLACEHOLDER} tháng {PLACEHOLDER} năm {PLACEHOLDER}" in header
    assert PLACEHOLDER in "\n".join(_paragraphs(document)).split("Nơi nhận:")[1]


@pytest.mark.parametrize("day, line", [
    (date(2026, 2, 5), "Huế, ngày 05 tháng 02 năm 2026"),
    (date(2026, 11, 20), "Huế, ngày 20 tháng 11 năm 2026"),
    (date(2026, 3, 1), "Huế, ngày 01 tháng 3 năm 2026"),
])
def test_date_line_pads_as_decree_30(day, line):
    assert Profile(dia_danh="Huế", ngay=day).date_line() == line


def test_profile_accepts_json_and_vietnamese_dates(tmp_path):
    path = tmp_path / "ho-so.json"
    path.write_text(json.dumps({"ngay": "05/02/2026", "noi_nhan": "Lưu: VT."}), encoding="utf-8")
    profile = load_profile(path)
    assert profile.ngay == date(2026, 2, 5) and profile.noi_nhan == ("Lưu: VT.",)


@pytest.mark.parametrize("data, code, where", [
    ({"nguoi_kí": "A"}, "profile-unknown-key", "$.nguoi_kí"),
    ({"ngay": "hôm nay"}, "profile-bad-value", "$.ngay"),
    ({"noi_nhan": [1, 2]}, "profile-bad-value", "$.noi_nhan"),
    ({"chuc_vu": 3}, "profile-bad-value", "$.chuc_vu"),
])
def test_profile_mistakes_are_located_findings(data, code, where):
    with pytest.raises(DvkError) as caught:
        profile_from_dict(data)
    assert [(f.code, f.location.json_path) for f in caught.value.findings] == [(code, where)]


def test_cli_reports_a_broken_profile_before_working(tmp_path, capsys):
    bad = tmp_path / "ho-so.toml"
    bad.write_text('co_quan_ban_hanh = "Sở Nội vụ\n', encoding="utf-8")
    out = tmp_path / "out"
    assert main(["rank", "--out", str(out), "--ho-so", str(bad), "--quiet"]) == 1
    assert "profile-syntax" in capsys.readouterr().err and not out.exists()


def test_pdf_without_libreoffice_says_what_to_do(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    out = tmp_path / "out"
    assert main(["rank", "--out", str(out), "--pdf", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "pdf-no-libreoffice" in err and "LibreOffice" in err and not out.exists()


def test_pdf_option_writes_the_pdf(tmp_path):
    require("soffice")
    out = tmp_path / "out"
    assert main(["rank", str(ROOT / "criteria/dvcq-minh-hoa.json"), str(ROOT / "sample_inputs/so-vidu.xlsx"),
                 "--out", str(out), "--pdf", "--quiet"]) == 0
    pages = inspect(out / "bao-cao.pdf")
    assert "BÁO CÁO" in full_text(pages) and all(page.is_a4 for page in pages)


def test_printed_ranking_workbook_is_a4_readable_and_framed(rendered):
    pages = inspect(rendered["xep-hang.xlsx"])
    assert problems(pages) == []
    first = " ".join(pages[0].text.split())
    for part in ("UBND TỈNH QUẢNG NGÃI", "SỞ NỘI VỤ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", "Quảng Ngãi, ngày 05 tháng 02 năm 2026", "XẾP HẠNG CHUNG"):
        assert part in first
    text = full_text(pages)
    # every ranking sheet ends with the signature block
    assert text.count("NGƯỜI LẬP BIỂU") == text.count("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") >= 3
    assert "PHÓ GIÁM ĐỐC" in text and "Nguyễn Văn An" in text


def test_report_appendix_shows_the_ranking_and_class_charts(published, report_pdf):
    from docx.shared import Cm

    results = json.loads((published / "ket-qua.json").read_text(encoding="utf-8"))
    document = docx.Document(str(published / "bao-cao.docx"))
    blocks = {u["block"] for u in results["units"]}
    shapes = document.inline_shapes
    assert len(shapes) == len(blocks) + 1  # each block's ranking, then the classes
    section = document.sections[-1]
    text_width = section.page_width - section.left_margin - section.right_margin
    text_height = section.page_height - section.top_margin - section.bottom_margin
    assert all(Cm(10) < shape.width <= text_width and shape.height < text_height for shape in shapes)
    # the pictures are the PNGs written beside the report
    embedded = sorted(len(part.blob) for part in document.part.package.parts if part.partname.endswith(".png"))
    beside = sorted(p.stat().st_size for p in published.glob("bieu-do-xep-*.png"))
    assert embedded == beside
    captions = [p.text for p in document.paragraphs if p.text.startswith("Biểu đồ ")]
    assert captions[-1] == f"Biểu đồ {len(blocks) + 1}. Số đơn vị theo xếp loại, từng khối"
    assert "Biểu đồ 1. Điểm và xếp loại các đơn vị" in full_text(inspect(report_pdf))


# --- the signed report read as the clerk and the signer read it ---------------------------------

def _report_text(published) -> str:
    document = docx.Document(str(published / "bao-cao.docx"))
    return " ".join(" ".join(_paragraphs(document)).split())


def test_section_iv_lists_every_unit_whose_class_differs_from_its_score(published, report_pdf):
    results = json.loads((published / "ket-qua.json").read_text(encoding="utf-8"))
    changes = {c["unit_code"]: c for c in results["class_changes"]}
    # TT-GIADINH: two gates took it from Trung bình to Yếu; DACKHU-DAOMAU: not classified
    assert changes["TT-GIADINH"]["score_band"] == "Trung bình" and changes["TT-GIADINH"]["band_label"] == "Yếu"
    assert len(changes["TT-GIADINH"]["reasons"]) == 2
    assert changes["DACKHU-DAOMAU"]["band_label"] == "Không đủ điều kiện xếp loại"
    from scoring.reports.docx.body import EXCEPTION_HEADERS

    document = docx.Document(str(published / "bao-cao.docx"))
    table = next(t for t in document.tables if tuple(c.text for c in t.rows[0].cells) == EXCEPTION_HEADERS)
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in table.rows[1:]}
    assert set(rows) == set(changes)
    for code, change in changes.items():
        name, _, by_score, band, reasons = rows[code]
        assert by_score.startswith(change["score_band"] + " (") and band == change["band_label"]
        assert reasons == "; ".join(change["reasons"])  # each reason once, in the ruleset's words
    # rendered: the section names its count and every unit, before section V
    text = full_text(inspect(report_pdf))
    section = text.split("IV. ĐƠN VỊ KHÔNG ĐƯỢC XẾP LOẠI")[1].split("V. TỰ CHẤM")[0]
    assert f"{len(changes)} đơn vị không được xếp loại hoặc có xếp loại khác" in section
    assert all(code.split("-")[-1] in section for code in changes)


def test_section_v_compares_on_one_basis_with_both_maxima(published):
    results = json.loads((published / "ket-qua.json").read_text(encoding="utf-8"))
    document = docx.Document(str(published / "bao-cao.docx"))
    from scoring.reports.assessment import BASIS_NOTE
    from scoring.reports.docx.body import OVERCLAIM_HEADERS

    table = next(t for t in document.tables if tuple(c.text for c in t.rows[0].cells) == OVERCLAIM_HEADERS)
    assert BASIS_NOTE in _report_text(published)
    units = {u["result"]["unit"]["name"]: u["result"] for u in results["units"]}
    for row in table.rows[1:]:
        name, own, same_scope, higher, _, whole = (c.text for c in row.cells)
        own_points, own_max = own.split("/")
        scope_points, scope_max = same_scope.split("/")
        # one basis: the two first columns share the self maximum and their difference is printed
        assert own_max == scope_max and "," not in own_max or not own_max.endswith(",00")
        assert _num(own_points) - _num(scope_points) == _num(higher) > 0
        final = units[name]["final"]
        assert whole == f"{_dec(final['total'])}/{_whole(final['applicable_max'])}"
        assert not whole.endswith(",0") and not whole.endswith(",00")


def _num(text: str):
    from decimal import Decimal

    return Decimal(text.replace(",", "."))


def _dec(value) -> str:
    return f"{value:.2f}".replace(".", ",")


def _whole(value) -> str:
    return str(int(value)) if value == int(value) else str(value).replace(".", ",")


def test_section_vii_assesses_the_round_from_its_appendix(published):
    from scoring.reports.assessment import FREQUENT_HEADERS, GROUP_HEADERS

    results = json.loads((published / "ket-qua.json").read_text(encoding="utf-8"))
    document = docx.Document(str(published / "bao-cao.docx"))
    text = _report_text(published)
    vii = text.split("VII. ĐỀ XUẤT, KIẾN NGHỊ")[1]
    for part in ("1. Đánh giá chung", "a) Ưu điểm:", "b) Hạn chế:", "c) Nguyên nhân:", "2. Đề xuất khen thưởng"):
        assert part in vii
    # the share of units at Khá or better, from ket-qua.json's class counts
    counts = results["counts"]["classes"]
    good = counts["Tốt"] + counts["Khá"]
    assert f"{good}/{len(results['units'])} đơn vị" in vii
    # every group named as weakest is in the appendix's table 2 with the same percent
    groups = next(t for t in document.tables if tuple(c.text for c in t.rows[0].cells) == GROUP_HEADERS)
    shares = {r.cells[0].text: r.cells[5].text for r in groups.rows[1:]}
    weakest = sorted(shares.items(), key=lambda item: _num(item[1]))[:2]
    for group_id, percent in weakest:
        assert f"nhóm {group_id} «" in vii and f"({percent}% điểm tối đa của nhóm" in vii
    # the most common deduction in table 3, recounted from ket-qua.json
    frequent = next(t for t in document.tables if tuple(c.text for c in t.rows[0].cells) == FREQUENT_HEADERS)
    top = frequent.rows[1].cells
    applied = sum(1 for u in results["units"] for p in u["result"]["pool"]
                  if p["pool"] == "deductions" and p["final_count"] and p["name"] == top[1].text)
    assert str(applied) == top[2].text and f"«{top[1].text}» ({applied} đơn vị" in vii


def test_the_report_is_dated_as_its_html_page(tmp_path):
    from scoring.core.decimals import fmt  # noqa: F401  (the reports' own formatting)

    out = tmp_path / "out"
    assert main(["rank", str(ROOT / "criteria/dvcq-minh-hoa.json"), str(ROOT / "sample_inputs/so-vidu.xlsx"),
                 "--out", str(out), "--quiet"]) == 0
    html = (out / "bao-cao.html").read_text(encoding="utf-8")
    made = html.split("Lập ngày ")[1][:10]
    day, month, year = made.split("/")
    header = "\n".join(cell.text for cell in docx.Document(str(out / "bao-cao.docx")).tables[0]._cells)
    shown_month = month if int(month) <= 2 else str(int(month))
    assert f"ngày {day} tháng {shown_month} năm {year}" in header
    text = _report_text(out)
    opening = text.split("I. PHẠM VI")[0]
    decision = opening.split("như sau:")[0].split(",")[0]
    assert text.count(decision) == 1  # the basis is said once, not again in §I


def test_the_pdf_uses_one_serif_family_that_has_every_vietnamese_letter(report_pdf):
    import subprocess

    listed = subprocess.run([require("pdffonts"), str(report_pdf)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    families = {line.split()[0].split("+")[-1].split("-")[0] for line in listed if line.strip()}
    assert families == {"LiberationSerif"}, families


def test_the_docx_proofing_language_is_vietnamese(published):
    import zipfile

    with zipfile.ZipFile(published / "bao-cao.docx") as package:
        body = package.read("word/document.xml").decode("utf-8")
        styles = package.read("word/styles.xml").decode("utf-8")
    assert 'w:lang w:val="vi-VN"' in styles and "en-US" not in styles
    assert "en-US" not in body and body.count('w:val="vi-VN"') > 100


def test_the_rendered_appendix_has_its_own_page_numbers_and_no_lonely_rows(report_pdf):
    pages = inspect(report_pdf)
    first = next(p for p in pages if "PHỤ LỤC" in p.text)
    assert first.width > first.height
    # Decree 30: the appendix is numbered on its own, from 1 (the number heads the page)
    numbers = [page.text.split()[0] for page in pages[first.number - 1:]]
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)]
    import re

    for page in pages[first.number - 1:]:
        rows = [line for line in page.text.splitlines() if re.match(r"^\s*(\d+|–) [A-Z][A-Z0-9-]*", line)]
        if rows:
            assert len(rows) >= 3, f"page {page.number} holds {len(rows)} rows of a table"


def _small_round(points: dict[str, int]):
    """A two-block round of a tiny ruleset with reward rules: (ruleset, ranking, proposal)."""
    from casekit import ruleset_from, submission_for
    from test_rewards import SPEC

    from scoring.engine.ranking import rank
    from scoring.engine.score import score
    from scoring.jobs.rewards import propose_rewards

    ruleset = ruleset_from(SPEC)
    results = [score(ruleset, submission_for(ruleset, {"c": {"self": value}, "F": {"self": False}},
                                             {"unit": {"code": code, "name": f"Đơn vị {code}",
                                                       "unit_type": "a" if code < "B" else "b"}}))
               for code, value in points.items()]
    ranking = rank(ruleset, results)
    return ruleset, ranking, propose_rewards(ruleset, ranking)


def test_section_vii_carries_the_proposal_and_the_change_from_last_year():
    from scoring.reports.docx import build_document
    from scoring.reports.html import render_html
    from scoring.intake.batch import Batch

    _, before, _ = _small_round({"A1": 60, "A2": 55, "B1": 40})
    ruleset, ranking, proposal = _small_round({"A1": 98, "A2": 85, "B1": 60})
    from scoring.reports.assessment import Earlier

    earlier = Earlier.of(before, 2024)
    document = build_document(ruleset, ranking, proposal=proposal, previous=earlier)
    text = " ".join(" ".join(_paragraphs(document)).split())
    vii = text.split("VII. ĐỀ XUẤT, KIẾN NGHỊ")[1]
    assert proposal.proposed and proposal.excluded
    for entry in proposal.proposed:
        assert f"Đề nghị {entry.title}: " in vii and entry.unit_name in vii.split(f"Đề nghị {entry.title}: ")[1]
    assert f"{len(proposal.excluded)} trường hợp không đề nghị" in vii
    # 2/3 at Khá or better now, 0/3 last round: up 66,7 percentage points
    assert "2/3 đơn vị (66,7%) đạt loại Khá trở lên" in vii
    assert "tăng 66,7 điểm phần trăm so với kỳ đánh giá trước (năm 2024: 0/3 đơn vị)" in vii
    page = render_html(ruleset, Batch(files=(), accepted=(), rejected=(), skipped=(), notes=(), year=2025), ranking,
                       proposal=proposal, previous=earlier)
    assert "tăng 66,7 điểm phần trăm" in page and f"Đề nghị {proposal.proposed[0].title}: " in page


def test_the_report_prints_its_charts_with_text_of_at_least_10_points(published):
    from scoring.reports import charts

    document = docx.Document(str(published / "bao-cao.docx"))
    assert document.inline_shapes
    for shape in document.inline_shapes:
        embedded = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        image = document.part.related_parts[embedded].image
        drawn_inches = image.px_width / charts.DPI  # the PNG is drawn at charts.DPI
        scale = shape.width.inches / drawn_inches
        assert (charts.TEXT_PT - 1) * scale >= 10, scale  # the smallest chart text, on paper


def test_dvk_rank_states_the_change_from_last_rounds_folder(tmp_path):
    """``--ky-truoc``: last round's ``dvk rank`` folder; §VII and the HTML state the change in the
    share of units at Khá or better, with last round's numbers."""
    rules = str(ROOT / "criteria/dvcq-minh-hoa.json")
    weak = [str(ROOT / "sample_inputs" / name) for name in ("so-gialap.xlsx", "xa-hucau.xlsx", "so-vidu.xlsx")]
    assert main(["rank", rules, *weak, "--out", str(tmp_path / "truoc"), "--quiet"]) == 0
    last = json.loads((tmp_path / "truoc" / "ket-qua.json").read_text(encoding="utf-8"))["counts"]["classes"]
    good_then = last["Tốt"] + last["Khá"]
    out = tmp_path / "nay"
    assert main(["rank", rules, str(ROOT / "sample_inputs"), "--out", str(out), "--quiet",
                 "--ky-truoc", str(tmp_path / "truoc")]) == 0
    now = json.loads((out / "ket-qua.json").read_text(encoding="utf-8"))["counts"]["classes"]
    from decimal import Decimal

    from scoring.core.decimals import fmt

    change = (Decimal(now["Tốt"] + now["Khá"]) * 100 / sum(now.values()) - Decimal(good_then) * 100 / 3)
    word = "tăng" if change > 0 else "giảm"
    sentence = (f"{word} {fmt(abs(change), 1)} điểm phần trăm so với kỳ đánh giá trước "
                f"(năm {last_year(tmp_path / 'truoc')}: {good_then}/3 đơn vị)")
    assert sentence in _report_text(out)
    assert sentence in (out / "bao-cao.html").read_text(encoding="utf-8")


def last_year(folder: Path) -> int:
    return json.loads((folder / "ket-qua.json").read_text(encoding="utf-8"))["year"]


def test_a_wrong_last_round_folder_is_refused_before_any_work(tmp_path, capsys):
    out = tmp_path / "nay"
    assert main(["rank", "--out", str(out), "--quiet", "--ky-truoc", str(tmp_path / "khong-co")]) == 1
    assert "compare-not-a-folder" in capsys.readouterr().err and not out.exists()
