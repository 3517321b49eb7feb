"""The sheets dvk writes for people to print, rendered to PDF by LibreOffice once and read back.

Each page: A4, no text under 10 pt, no text past the page's right edge, the table's last column
on every page (fit to width, header row repeated: no column bands, no page of stray columns);
page counts within bounds (two empty lists once took 4 pages); nothing a program reads instead of
a person (a finding code outside the last column, a ``sample_inputs/`` path, a JSON path, the
program's name).  The criterion matrix is the one table too wide for A4 at 10 pt: it prints in
bands with its unit columns repeated, each band a readable page.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pdfcheck import MIN_TEXT_PT, full_text, inspect, problems, render
from sysdeps import require

from scoring.cli.app import main

ROOT = Path(__file__).resolve().parent.parent
#: A finding code or other machine word: lowercase words joined by hyphens (``input-missing``).
CODE = re.compile(r"\b[a-z]+(?:-[a-z]+)+\b")


@pytest.fixture(scope="session")
def printed(tmp_path_factory) -> dict[str, list]:
    """name → inspected pages of each printed workbook."""
    from test_rewards import _proposal

    from scoring.reports.rewards import write_proposal
    from scoring.workspace.status import RoundStatus
    from scoring.workspace.status_book import write_status_workbook

    folder = tmp_path_factory.mktemp("sheets")
    ranked = folder / "xep-hang"
    main(["rank", str(ROOT / "criteria/dvcq-minh-hoa.json"), str(ROOT / "sample_inputs"), "--out", str(ranked),
          "--quiet", "--jobs", "1"])
    models = folder / "mo-hinh"
    assert main(["mo-hinh", "tong-hop", str(ROOT / "tests/models/dang-ky.json"), "--danh-gia",
                 str(ROOT / "tests/models/danh-gia"), "--out", str(models)]) in (0, 1, 3)
    assert main(["mo-hinh", "mau", "-o", str(folder / "mau-dang-ky.xlsx")]) == 0
    write_proposal(folder, _proposal(), ("Tiêu chí đánh giá — năm 2025", "Theo Quyết định số 1/QĐ-UBND"), False)
    write_status_workbook(RoundStatus("2025", "Đợt đánh giá năm 2025", "open", dt.datetime(2025, 11, 30, 17)),
                          folder / "chua-nop.xlsx")
    sources = [ranked / "xep-hang.xlsx", models / "so-dang-ky-mo-hinh.xlsx", folder / "mau-dang-ky.xlsx",
               folder / "de-nghi-khen-thuong.xlsx", folder / "chua-nop.xlsx"]
    pdfs = render(require("soffice"), sources, folder / "pdf")
    return {name: inspect(pdf) for name, pdf in pdfs.items()}


#: name → (most pages, the last column's header words found on every page but the matrix's)
EXPECTED = {
    "xep-hang.xlsx": 20,
    "so-dang-ky-mo-hinh.xlsx": 5,
    "mau-dang-ky.xlsx": 1,
    "de-nghi-khen-thuong.xlsx": 2,
    "chua-nop.xlsx": 2,
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_page_is_a4_readable_and_nothing_runs_off_it(printed, name):
    pages = printed[name]
    assert 1 <= len(pages) <= EXPECTED[name]
    assert problems(pages) == []
    assert [p.number for p in pages if p.min_size < MIN_TEXT_PT] == []
    assert [p.number for p in pages if p.right_edge > p.width - 20] == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_page_is_the_tables_full_width(printed, name):
    """A page's text reaches across the page (the table fills its width) and no page holds only
    the footer or one stray column: the widest line is more than half the page."""
    for page in printed[name]:
        if "ĐIỂM TỪNG TIÊU CHÍ" in page.text:  # the matrix: bands, each still a full page wide
            continue
        assert page.right_edge > page.width * 0.5, (name, page.number)


def test_the_ranking_and_proposal_pages_carry_their_last_column(printed):
    for name, last in (("xep-hang.xlsx", "Ghi chú"), ("de-nghi-khen-thuong.xlsx", "Lý do")):
        ranking = [p for p in printed[name] if "Xếp loại" in p.text and "Hạng" in p.text]
        assert ranking and all(last in p.text for p in ranking), name


def test_a_proposal_is_framed_for_signature(printed):
    text = full_text(printed["de-nghi-khen-thuong.xlsx"])
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "NGƯỜI LẬP BIỂU" in text


def test_empty_lists_say_so_on_one_page_each(printed):
    pages = printed["chua-nop.xlsx"]
    assert len(pages) == 2
    assert "Không có đơn vị nào chưa nộp." in pages[0].text and "Không có tệp nào bị loại." in pages[1].text


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_program_text_where_a_person_reads(printed, name):
    for page in printed[name]:
        text = " ".join(page.text.split())
        assert "sample_inputs" not in text and "$." not in text and "tests/" not in text
        assert re.search(r"\bdvk\b", text) is None
        if "Mã lỗi" not in text:  # codes only in the narrow last column of a findings table
            assert CODE.findall(text.replace("Khu-", "")) == [], (name, page.number)
