"""The year's emulation proposal from a workspace (issue 25 item 3): a DVCQ and a QCDC round of
the same year, settled, and a model register give one list (xlsx) and one Tờ trình (docx) whose
counts and names are the list's; results are the rounds' published ranking; an unsettled round is
refused by name and nothing is written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from wsfixtures import RULESET, SAMPLES, pg_url, ws  # noqa: F401 - fixtures

from scoring.core.findings import DvkError

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "criteria" / "thi-dua" / "thi-dua-minh-hoa.json"
QCDC = ROOT / "criteria" / "qcdc-minh-hoa.json"
QCDC_EXAMPLES = ROOT / "criteria" / "examples" / "qcdc-minh-hoa"
PROFILE = {"co_quan_chu_quan": "UBND tỉnh Quảng Ngãi", "co_quan_ban_hanh": "Sở Nội vụ",
           "so_ky_hieu": "      /BC-SNV", "dia_danh": "Quảng Ngãi", "ngay": "2026-01-20",
           "quyen_han": "KT. Giám đốc", "chuc_vu": "Phó Giám đốc", "nguoi_ky": "Nguyễn Văn Hư Cấu",
           "noi_nhan": ["UBND tỉnh (để báo cáo);", "Lưu: VT, CTDV."]}
#: (unit code, DVCQ sample workbook, QCDC example it answers as)
UNITS = [("XA-MINHHOA", "xa-minhhoa.xlsx", "xa-hoa-binh.json"), ("XA-MAUSON", "xa-mauson.xlsx", "xa-an-phu-nop-tre.json"),
         ("PHUONG-VIDU", "phuong-vidu.xlsx", "xa-hoa-binh.json"), ("SO-GIALAP", "so-gialap.xlsx", "so-xay-dung.json"),
         ("BAN-MINHHOA", "ban-minhhoa.xlsx", None), ("XA-HUCAU", "xa-hucau.xlsx", "xa-hoa-binh.json")]
NAMES = {"XA-MINHHOA": "UBND xã Minh Họa", "XA-MAUSON": "UBND xã Mẫu Sơn", "PHUONG-VIDU": "UBND phường Ví Dụ",
         "SO-GIALAP": "Sở Giả Lập", "BAN-MINHHOA": "Ban Minh Họa tỉnh", "XA-HUCAU": "UBND xã Hư Cấu"}


@pytest.fixture
def backend(request):
    """SQLite, and PostgreSQL too where a test asks (the rounds are read through the one ranking,
    whose own tests run on both)."""
    return getattr(request, "param", "sqlite")


def _round(ws, tmp_path: Path, ruleset: Path, code: str, roster: str, inputs: list[Path]):
    from scoring.workspace.collect import collect
    from scoring.workspace.rounds import RoundSpec, create_round, move_round

    path = tmp_path / f"{code}.csv"
    path.write_text(roster, encoding="utf-8")
    create_round(ws, RoundSpec(ruleset, 2025, code=code, roster_path=path, deadlines={"submission": "31/12/2099"},
                               profile=PROFILE, has_appraisal=False))
    collect(ws, code, inputs)
    move_round(code, "closed")
    move_round(code, "final")


def year_rounds(ws, tmp_path: Path, publish: bool = True) -> None:
    """DVCQ-2025 (published) and QCDC-2025 (final): the same units, BAN-MINHHOA in DVCQ only."""
    from scoring.workspace.publication import publish_round

    dvcq = "Mã đơn vị,Tên đơn vị,Loại đơn vị\n" + "".join(
        f"{c},{NAMES[c]},{'ubnd_xa' if c.startswith(('XA', 'PHUONG')) else 'so_ban_nganh'}\n" for c, _, _ in UNITS)
    _round(ws, tmp_path, RULESET, "DVCQ-2025", dvcq, [SAMPLES / f for _, f, _ in UNITS])
    if publish:
        publish_round(ws, "DVCQ-2025")
    folder = tmp_path / "qcdc"
    folder.mkdir()
    rows = []
    for code, _, example in UNITS:
        if example is None:
            continue
        data = json.loads((QCDC_EXAMPLES / example).read_text(encoding="utf-8"))
        kind = data["unit"]["unit_type"]
        data.update(year=2025, unit={"code": code, "name": NAMES[code], "unit_type": kind})
        (folder / f"{code}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        rows.append(f"{code},{NAMES[code]},{kind}\n")
    _round(ws, tmp_path, QCDC, "QCDC-2025", "Mã đơn vị,Tên đơn vị,Loại đơn vị\n" + "".join(rows), [folder])


def register(tmp_path: Path) -> Path:
    """Models: XA-MINHHOA recognised at district level (with an exemplar), SO-GIALAP at grassroots
    level, an exemplar of XA-HUCAU whose model is only deployed, one of XA-MAUSON recognised."""
    models = [
        {"code": "M1", "name": "Dân vận khéo trong xây dựng nông thôn mới", "field": "kinh_te", "unit_code": "XA-MINHHOA",
         "unit_name": "UBND xã Minh Họa", "registered_on": "2025-03-01", "status": "cong_nhan_huyen"},
        {"code": "M2", "name": "Một cửa thân thiện", "field": "xay_dung_htct", "unit_code": "SO-GIALAP",
         "unit_name": "Sở Giả Lập", "registered_on": "2025-03-02", "status": "cong_nhan_co_so",
         "individual": "Trần Thị Mẫu"},
        {"code": "M3", "name": "Tổ hòa giải kiểu mẫu", "field": "van_hoa_xa_hoi", "unit_code": "XA-MINHHOA",
         "unit_name": "UBND xã Minh Họa", "registered_on": "2025-03-03", "status": "cong_nhan_huyen",
         "individual": "Lê Văn Điển"},
        {"code": "M4", "name": "Vận động hiến đất", "field": "kinh_te", "unit_code": "XA-HUCAU",
         "unit_name": "UBND xã Hư Cấu", "registered_on": "2025-03-04", "status": "trien_khai",
         "individual": "Phạm Văn Thử"},
        {"code": "M5", "name": "Dân vận khéo trong cải cách hành chính", "field": "xay_dung_htct",
         "unit_code": "XA-MAUSON", "unit_name": "UBND xã Mẫu Sơn", "registered_on": "2025-03-05",
         "status": "cong_nhan_co_so", "individual": "Đinh Thị Gương"},
    ]
    path = tmp_path / "so-mo-hinh.json"
    path.write_text(json.dumps(models, ensure_ascii=False), encoding="utf-8")
    return path


def _cli(ws, *argv: str) -> int:
    from scoring.cli.app import main

    return main([*argv, "-w", str(ws.root)])


def _xlsx_rows(path: Path, sheet: str) -> list[list[str]]:
    """The table's rows as text, from its header row ("STT") to the signature block."""
    import openpyxl

    from scoring.core.decimals import fmt

    rows = list(openpyxl.load_workbook(path, read_only=True)[sheet].iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r and r[0] == "STT")
    body = []
    for row in rows[start + 1:]:
        if not isinstance(row[0], (int, float)):
            break
        body.append([fmt(v) if isinstance(v, (int, float)) else (v or "") for v in row])
    return [[str(c) for c in r] for r in body]


@pytest.mark.parametrize("backend", ["sqlite", "postgres"], indirect=True)
def test_the_list_and_the_to_trinh_say_the_same_and_rest_on_the_published_ranking(ws, tmp_path, capsys):
    import docx

    from scoring.models_dvk.register import read_register
    from scoring.reports.emulation import excluded_rows, proposed_rows
    from scoring.workspace.emulation import emulation_proposal
    from scoring.workspace.results import round_ranking
    from scoring.rules.emulation import load_emulation
    from scoring.workspace.rounds import find_round

    year_rounds(ws, tmp_path)
    models = register(tmp_path)
    out = tmp_path / "de-xuat"
    assert _cli(ws, "thi-dua", "de-xuat", "--nam", "2025", "--dot", "DVCQ-2025", "--dot", "QCDC-2025",
                "--quy-tac", str(RULES), "--mo-hinh", str(models), "--out", str(out)) == 0
    said = capsys.readouterr().out
    assert "DVCQ-2025 — đã công bố (lần 1); QCDC-2025 — đã chốt kết quả" in said
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "danh-sach-de-nghi-khen-thuong.xlsx", "to-trinh-de-nghi-khen-thuong.docx"]

    proposal = emulation_proposal(load_emulation(RULES), 2025, [], read_register([models]))
    # every unit's result is what the round's publication ranks, class after gates and quotas
    for kind, code in (("dvcq", "DVCQ-2025"), ("qcdc", "QCDC-2025")):
        at = [r.kind for r in proposal.rounds].index(kind)
        placed = {u.unit_code: u for u in round_ranking(find_round(code))[2].overall}
        for line in proposal.lines:
            unit, standing = placed.get(line.unit_code), line.standings[at]
            assert (standing is None) == (unit is None)
            if unit is not None:
                assert (standing.band_label, standing.rank, standing.value) == (unit.band_label, unit.rank, unit.value)
    assert {x.unit_code for x in proposal.lines if x.person is None} == {c for c, _, _ in UNITS}
    assert {x.person for x in proposal.lines if x.person} == {"Trần Thị Mẫu", "Lê Văn Điển", "Phạm Văn Thử", "Đinh Thị Gương"}
    assert [(x.unit_code, x.person) for x in proposal.proposed] == [("XA-MAUSON", None), ("XA-MAUSON", "Đinh Thị Gương")]

    book = out / "danh-sach-de-nghi-khen-thuong.xlsx"
    assert _xlsx_rows(book, "Đề nghị khen thưởng") == proposed_rows(proposal)
    assert _xlsx_rows(book, "Không đề nghị") == excluded_rows(proposal)
    document = docx.Document(str(out / "to-trinh-de-nghi-khen-thuong.docx"))
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    assert tables[-2][1:] == proposed_rows(proposal) and tables[-1][1:] == excluded_rows(proposal)


def test_an_unsettled_round_is_refused_by_name_and_nothing_is_written(ws, tmp_path, capsys):
    from scoring.workspace.models import Round

    year_rounds(ws, tmp_path, publish=False)
    Round.objects.filter(code="QCDC-2025").update(state="closed")  # (as if it had not been finalised)
    out = tmp_path / "de-xuat"
    code = _cli(ws, "thi-dua", "de-xuat", "--nam", "2025", "--quy-tac", str(RULES), "--mo-hinh",
                str(register(tmp_path)), "--out", str(out))
    err = capsys.readouterr().err
    assert code == 1 and not out.exists()
    assert "[emulation-round-not-final]" in err and "QCDC-2025" in err and "Đã khóa nhận hồ sơ" in err
    assert "Traceback" not in err


def test_the_rendered_to_trinh_counts_and_names_what_its_list_proposes(ws, tmp_path):
    from pdfcheck import full_text, inspect, problems, render
    from sysdeps import require

    from scoring.models_dvk.register import read_register
    from scoring.engine.emulation import count_words
    from scoring.workspace.emulation import write_emulation

    year_rounds(ws, tmp_path)
    models = register(tmp_path)
    outcome = write_emulation(ws, RULES, 2025, ["DVCQ-2025", "QCDC-2025"], read_register([models]), tmp_path / "out")
    letter = next(p for p in outcome.written if p.suffix == ".docx")
    pages = inspect(render(require("soffice"), [letter], tmp_path / "pdf")[letter.name])
    assert problems(pages) == []
    text = " ".join(full_text(pages).split())
    proposal = outcome.proposal
    for words in ("TỜ TRÌNH", "Kính gửi: Hội đồng Thi đua - Khen thưởng tỉnh", "Số: /TTr-SNV", "PHÓ GIÁM ĐỐC",
                  "Nguyễn Văn Hư Cấu", "QUY TẮC MINH HỌA", "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
                  f"khen thưởng cho {count_words(*proposal.split())}"):
        assert words in text, words
    for tally in proposal.tally():
        if tally.collectives or tally.individuals:
            assert f"{tally.title}: {count_words(tally.collectives, tally.individuals)}." in text
        for line in (*tally.collectives, *tally.individuals):
            assert line.name in text
    assert f"Đã xét nhưng không đề nghị: {len(proposal.excluded)} tập thể, cá nhân" in text
    # the counts the Tờ trình states are the attached workbook's rows
    book = next(p for p in outcome.written if p.suffix == ".xlsx")
    rows = _xlsx_rows(book, "Đề nghị khen thưởng")
    by_kind = ([r for r in rows if r[2] == "Tập thể"], [r for r in rows if r[2] == "Cá nhân"])
    assert f"khen thưởng cho {count_words(*by_kind)} có thành tích" in text
    assert len(_xlsx_rows(book, "Không đề nghị")) == len(proposal.excluded)
    for title in {r[1] for r in rows}:
        of_title = [[r for r in kind if r[1] == title] for kind in by_kind]
        assert f"{title}: {count_words(*of_title)}." in text
    assert "- Như trên;" in text and "- Lưu: VT, CTDV." in text and "UBND tỉnh (để báo cáo)" not in text
    assert "20/01/2026" not in text  # the round report's date is not the Tờ trình's


#: (options besides --out, given the rules file, the register and the test's folder; the finding; words of it)
REFUSALS = [
    (lambda r, m, t: ["--nam", "2025", "--dot", "DVCQ-2025", "--dot", "KHONG-CO", "--quy-tac", r, "--mo-hinh", m],
     "round-not-found", "KHONG-CO"),
    (lambda r, m, t: ["--nam", "2025", "--dot", "DVCQ-2025", "--quy-tac", r, "--mo-hinh", m],
     "emulation-round-missing", "thực hiện dân chủ ở cơ sở"),
    (lambda r, m, t: ["--nam", "2026", "--quy-tac", r, "--mo-hinh", m], "emulation-round-missing", "năm 2026"),
    (lambda r, m, t: ["--nam", "2026", "--dot", "DVCQ-2025", "--dot", "QCDC-2025", "--quy-tac", r, "--mo-hinh", m],
     "emulation-round-year", "DVCQ-2025"),
    (lambda r, m, t: ["--nam", "2025", "--quy-tac", r], "emulation-needs-register", "--mo-hinh"),
    (lambda r, m, t: ["--nam", "2025", "--quy-tac", str(_bad_rules(t)), "--mo-hinh", m],
     "emulation-unknown-class", "$.rules[0].classes[0].at_least"),
]


@pytest.mark.parametrize("options, code, words", REFUSALS)
def test_a_refused_proposal_says_why_and_writes_nothing(ws, tmp_path, capsys, options, code, words):
    year_rounds(ws, tmp_path)
    out = tmp_path / "de-xuat"
    out.mkdir()
    (out / "ghi-chu-cua-van-phong.txt").write_text("của văn phòng", encoding="utf-8")
    argv = options(str(RULES), str(register(tmp_path)), tmp_path)
    assert _cli(ws, "thi-dua", "de-xuat", *argv, "--out", str(out)) == 1
    err = capsys.readouterr().err
    assert f"[{code}]" in err and words in err and "Traceback" not in err
    assert sorted(p.name for p in out.iterdir()) == ["ghi-chu-cua-van-phong.txt"]


def _bad_rules(tmp_path: Path) -> Path:
    """The shipped rules with a class the DVCQ ruleset does not have."""
    data = json.loads(RULES.read_text(encoding="utf-8"))
    data["rules"][0]["classes"][0]["at_least"] = "hoan_thanh_xuat_sac"
    path = tmp_path / "quy-tac.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_second_proposal_replaces_only_what_the_first_wrote(ws, tmp_path):
    from scoring.models_dvk.register import read_register
    from scoring.workspace.emulation import write_emulation

    year_rounds(ws, tmp_path)
    out = tmp_path / "de-xuat"
    out.mkdir()
    (out / "ghi-chu.txt").write_text("của văn phòng", encoding="utf-8")
    models = read_register([register(tmp_path)])
    first = write_emulation(ws, RULES, 2025, [], models, out)
    second = write_emulation(ws, RULES, 2025, [], models, out)
    assert [p.name for p in first.written] == [p.name for p in second.written]
    assert (out / "ghi-chu.txt").read_text(encoding="utf-8") == "của văn phòng"
    assert all(p.stat().st_size > 0 for p in second.written)


def test_a_round_reopened_for_a_correction_waits_for_its_corrected_publication(ws, tmp_path, capsys):
    from scoring.workspace.correction import reopen_round
    from scoring.workspace.publication import publish_round

    year_rounds(ws, tmp_path)
    reopen_round(ws, "DVCQ-2025", "Hội đồng chấm nhầm tiêu chí 1.1")
    out = tmp_path / "de-xuat"
    argv = ["thi-dua", "de-xuat", "--nam", "2025", "--quy-tac", str(RULES), "--mo-hinh", str(register(tmp_path)),
            "--out", str(out)]
    assert _cli(ws, *argv) == 1 and not out.exists()
    err = capsys.readouterr().err
    assert "[emulation-round-not-final]" in err and "DVCQ-2025" in err and "Đang đính chính" in err
    publish_round(ws, "DVCQ-2025")
    assert _cli(ws, *argv) == 0
    assert "DVCQ-2025 — đã công bố (lần 2)" in capsys.readouterr().out


def test_an_output_that_cannot_be_written_is_said_and_nothing_is_left(ws, tmp_path, capsys):
    year_rounds(ws, tmp_path)
    taken = tmp_path / "la-mot-tep"
    taken.write_text("không phải thư mục", encoding="utf-8")
    assert _cli(ws, "thi-dua", "de-xuat", "--nam", "2025", "--quy-tac", str(RULES), "--mo-hinh",
                str(register(tmp_path)), "--out", str(taken)) == 1
    err = capsys.readouterr().err
    assert "LỖI [output-" in err and "Traceback" not in err and "Lỗi nội bộ" not in err
    assert taken.read_text(encoding="utf-8") == "không phải thư mục"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
