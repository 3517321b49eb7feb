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
