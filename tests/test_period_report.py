"""The 6-month and year-end report drafted from the data (issue 25 item 4): a workspace with a
published DVCQ round (fixed-date documents received on time, late and not at all), a published
QCDC round, an unpublished year round and a model register; every number the body prints is in
the appendix with its source and equals the figure computed here by hand (from the receipts
made, and from each publication's ``ket-qua.json``); rendered by LibreOffice, A4, nothing under
10 pt; a year without rounds and an altered publication are refused with nothing written."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from test_round_collect import inbox, make_round
from wsfixtures import RULESET, backend, pg_url, ws  # noqa: F401 - fixtures

ROOT = Path(__file__).resolve().parents[1]
QCDC = ROOT / "criteria" / "qcdc-minh-hoa.json"
QCDC_EXAMPLES = ROOT / "criteria" / "examples" / "qcdc-minh-hoa"
QCDC_ROSTER = """Mã đơn vị,Tên đơn vị,Loại đơn vị,Khối
SO-XAYDUNG,Sở Xây dựng (hư cấu),co_quan,
TT-XTDT,Trung tâm Xúc tiến đầu tư (hư cấu),co_quan,
XA-HOABINH,UBND xã Hòa Bình (hư cấu),ubnd_xa,
XA-VANG,UBND xã Vắng (hư cấu),ubnd_xa,
"""
QCDC_NAME = "Tự chấm điểm thực hiện quy chế dân chủ ở cơ sở 6 tháng đầu năm 2025"
DOCUMENTS = {"documents": [
    {"code": "ke-hoach", "name": "Kế hoạch công tác dân vận năm", "due": "20/1/2025"},
    {"code": "dang-ky-mo-hinh", "name": "Đăng ký mô hình \"Dân vận khéo\"", "due": "12/3/2025",
     "unit_types": ["ubnd_xa"]},
    {"code": "bao-cao-6-thang", "name": "Báo cáo sơ kết 6 tháng", "due": "10/7/2025 17:00"},
]}
RECEIPTS = [("SO-GIALAP", "ke-hoach", "15/1/2025"), ("STP", "ke-hoach", "22/1/2025 08:00"),
            ("XA-HUCAU", "ke-hoach", "20/1/2025"), ("XA-HUCAU", "dang-ky-mo-hinh", "1/3/2025"),
            ("SO-GIALAP", "bao-cao-6-thang", "11/7/2025")]
#: What the receipts above make, counted by hand: (owed, on time, late, missing, not yet due).
DOCUMENT_COUNTS = {"Kế hoạch công tác dân vận năm": (8, 2, 1, 5, 0),
                   "Đăng ký mô hình \"Dân vận khéo\"": (3, 1, 0, 2, 0),
                   "Báo cáo sơ kết 6 tháng": (8, 0, 1, 7, 0)}
MODELS = {"deadline": "31/3/2025", "models": [
    {"code": "MH-01", "name": "Chợ văn minh", "field": "kinh_te", "unit_code": "XA-HUCAU", "unit_name": "UBND xã Hư Cấu",
     "registered_on": "01/03/2025", "status": "cong_nhan_co_so"},
    {"code": "MH-02", "name": "Đường hoa", "field": "van_hoa_xa_hoi", "unit_code": "XA-MOI", "unit_name": "UBND xã Mới",
     "registered_on": "05/03/2025", "status": "trien_khai"},
    {"code": "MH-03", "name": "Chợ văn minh xã Khác", "field": "kinh_te", "unit_code": "XA-KHAC",
     "unit_name": "UBND xã Khác", "registered_on": "10/03/2025", "status": "dang_ky", "replicates": "MH-01"},
    {"code": "MH-04", "name": "Camera an ninh", "field": "quoc_phong_an_ninh", "unit_code": "STP",
     "unit_name": "Sở Tư pháp", "registered_on": "15/08/2025", "status": "cong_nhan_huyen"},
]}
#: Per field, by hand: (registered, deployed, recognised, replicated); MH-04 comes after 30/6.
MODEL_COUNTS = {"so-ket": {"Kinh tế": (2, 1, 1, 1), "Văn hóa - xã hội": (1, 1, 0, 0)},
                "tong-ket": {"Kinh tế": (2, 1, 1, 1), "Văn hóa - xã hội": (1, 1, 0, 0),
                             "Quốc phòng - an ninh": (1, 1, 1, 0)}}
PROFILE = {"co_quan_chu_quan": "UBND tỉnh Quảng Ngãi", "co_quan_ban_hanh": "Sở Nội vụ",
           "so_ky_hieu": "      /BC-SNV", "dia_danh": "Quảng Ngãi", "ngay": "2025-07-15",
           "chuc_vu": "Giám đốc", "nguoi_ky": "Nguyễn Văn Hư Cấu", "noi_nhan": ["Ban Dân vận Tỉnh ủy;", "Lưu: VT."]}


@pytest.fixture
def backend():  # noqa: F811 - SQLite, but for the hand count (both databases)
    return "sqlite"


def _cli(ws, *argv: str) -> int:
    from scoring.cli.app import main

    return main([*argv, "-w", str(ws.root)])


def _publish(ws, code: str) -> Path:
    from scoring.workspace.publication import publish_round
    from scoring.workspace.rounds import move_round

    move_round(code, "closed")
    move_round(code, "final")
    return ws.root / publish_round(ws, code).folder


def year_of_rounds(ws, tmp_path) -> dict[str, Path]:
    """The year 2025: a published 6-month DVCQ round with documents, a published QCDC round, an
    open year round; the publication folders by round code."""
    from scoring.workspace.collect import collect
    from scoring.workspace.duedocs import declare_documents, record_receipt

    make_round(ws, tmp_path / "a", period="6-thang", code="2025-6t", has_appraisal=False, profile=PROFILE)
    declaration = tmp_path / "van-ban.json"
    declaration.write_text(json.dumps(DOCUMENTS, ensure_ascii=False), encoding="utf-8")
    declare_documents(ws, "2025-6t", declaration)
    for unit, code, when in RECEIPTS:
        record_receipt(ws, "2025-6t", unit, code, when)
    collect(ws, "2025-6t", [inbox(tmp_path / "a")])
    folders = {"2025-6t": _publish(ws, "2025-6t")}
    _qcdc_round(ws, tmp_path / "b")
    folders["2025-qcdc"] = _publish(ws, "2025-qcdc")
    make_round(ws, tmp_path / "c", period="nam", code="2025-nam", has_appraisal=False)
    return folders


def _qcdc_round(ws, tmp_path) -> None:
    from scoring.workspace.collect import collect
    from scoring.workspace.rounds import RoundSpec, create_round

    tmp_path.mkdir(parents=True)
    roster = tmp_path / "danh-sach.csv"
    roster.write_text(QCDC_ROSTER, encoding="utf-8")
    create_round(ws, RoundSpec(QCDC, 2025, "6-thang", code="2025-qcdc", name=QCDC_NAME, roster_path=roster,
                               deadlines={"submission": "31/12/2099"}, has_appraisal=False))
    box = tmp_path / "hop-thu"
    box.mkdir()
    for name in ("so-xay-dung", "trung-tam-khong-ap-dung", "xa-hoa-binh"):
        data = json.loads((QCDC_EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
        (box / f"{name}.json").write_text(json.dumps({**data, "year": 2025}, ensure_ascii=False), encoding="utf-8")
    collect(ws, "2025-qcdc", [box])


def by_hand(folder: Path) -> dict[str, object]:
    """A publication's figures computed here from its ``ket-qua.json``."""
    data = json.loads((folder / "ket-qua.json").read_text(encoding="utf-8"))
    units = data["units"]
    percents = [Decimal(str(u["result"]["final"]["percent"])) for u in units]
    missing = data["roster"]["missing"]
    classes = {label: sum(1 for u in units if u["band_label"] == label) for label in data["counts"]["classes"]}
    return {"counted": len(units), "roster": len(units) + len(missing), "classes": classes,
            "mean": sum(percents) / len(percents), "rate": Decimal(100) * len(units) / (len(units) + len(missing)),
            "missing": [f"{u['name']} ({u['code']})" for u in missing]}


def _vn(value) -> str:
    from scoring.core.decimals import fmt

    return str(value) if isinstance(value, int) else fmt(value, 2)


def read_report(path: Path) -> tuple[str, list[list[str]], dict[str, tuple[str, str]]]:
    """The body's text (paragraphs and tables before the signature), its tables, and the
    appendix: label → (value, source)."""
    import docx

    document = docx.Document(str(path))
    body = document.element.body
    texts, tables, appendix = [], [], {}
    in_appendix = False
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[1]
        if tag == "p":
            text = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t"))
            in_appendix = in_appendix or text == "PHỤ LỤC"
            if not in_appendix:
                texts.append(text)
        elif tag == "tbl":
            rows = [["".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t")) for cell in row.iter()
                     if cell.tag.endswith("}tc")] for row in child.iter() if row.tag.endswith("}tr")]
            if in_appendix:
                labels = [r[1] for r in rows[1:]]
                assert len(labels) == len(set(labels)), "a figure listed twice (with two values)"
                appendix.update({r[1]: (r[2], r[3]) for r in rows[1:]})
            else:
                tables.append(rows)
    return "\n".join(texts), tables, appendix


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_every_number_is_in_the_appendix_and_equals_the_hand_count(ws, tmp_path, capsys):
    folders = year_of_rounds(ws, tmp_path)
    register = tmp_path / "mo-hinh.json"
    register.write_text(json.dumps(MODELS, ensure_ascii=False), encoding="utf-8")
    for kind in ("so-ket", "tong-ket"):
        out = tmp_path / f"{kind}.docx"
        assert _cli(ws, "bao-cao", kind, "--nam", "2025", "--out", str(out), "--mo-hinh", str(register)) == 0
        assert str(out) in capsys.readouterr().out
        text, tables, appendix = read_report(out)
        expected = _expected(kind, folders)
        assert {label: value for label, (value, _source) in appendix.items()} == expected
        for label, (value, source) in appendix.items():
            assert source, label
            if label.startswith("2025-"):
                round_code = label.split(":")[0]
                assert source == f"Đợt {round_code}, công bố số 1 (ket-qua.json)"
        body_numbers = _numbers(text, tables)
        assert body_numbers <= set(expected.values()), body_numbers - set(expected.values())
        qcdc = text.split("III. KẾT QUẢ THỰC HIỆN QUY CHẾ DÂN CHỦ Ở CƠ SỞ")[1].split("IV. ")[0]
        assert "đợt 2025-qcdc" in qcdc and "2025-6t" not in qcdc
        assert ("Đợt 2025-nam" in text or "(đợt 2025-nam" in text) == (kind == "tong-ket")
        weak = text.split("2. Hạn chế")[1].split("VI. ")[0]
        hand = by_hand(folders["2025-qcdc"])
        assert hand["missing"] == ["UBND xã Vắng (hư cấu) (XA-VANG)"]
        data = json.loads((folders["2025-6t"] / "ket-qua.json").read_text(encoding="utf-8"))
        lowest = [f"{u['result']['unit']['name']} ({u['unit_code']})" for u in data["units"] if u["band_label"] == "Yếu"]
        assert len(lowest) == 2
        for name in hand["missing"] + lowest + ["Sở Tư pháp (STP)", "UBND xã Mới (XA-MOI)"]:
            assert name in weak, name
        title = "Sơ kết công tác dân vận chính quyền 6 tháng đầu năm 2025" if kind == "so-ket" else \
            "Tổng kết công tác dân vận chính quyền năm 2025"
        assert title in text


def _expected(kind: str, folders: dict[str, Path]) -> dict[str, str]:
    """Every figure the report must print, computed here."""
    docs = dict(DOCUMENT_COUNTS)
    if kind == "so-ket":
        docs.pop("Báo cáo sơ kết 6 tháng")  # due 10/7: after the first half
    found = {"Số văn bản phải nộp theo hạn trong kỳ": str(len(docs))}
    for name, counts in docs.items():
        for label, n in zip(("số đơn vị phải nộp", "nộp đúng hạn", "nộp muộn", "chưa nộp", "chưa đến hạn"), counts):
            found[f"{name}: {label}"] = str(n)
    for code, folder in folders.items():
        hand = by_hand(folder)
        found.update({f"{code}: số đơn vị phải nộp": _vn(hand["roster"]),
                      f"{code}: số đơn vị có kết quả": _vn(hand["counted"]),
                      f"{code}: tỷ lệ nộp (%)": _vn(hand["rate"]),
                      f"{code}: tỷ lệ điểm bình quân (%)": _vn(hand["mean"])})
        found.update({f"{code}: số đơn vị xếp loại {label}": str(n) for label, n in hand["classes"].items()})
        data = json.loads((folder / "ket-qua.json").read_text(encoding="utf-8"))
        best = sorted((u for u in data["units"] if u.get("overall_rank") is not None),
                      key=lambda u: (u["overall_rank"], u["unit_code"]))[:3]
        for u in best:
            unit = f"{u['result']['unit']['name']} ({u['unit_code']})"
            found[f"{code}: tỷ lệ điểm của {unit} (%)"] = _vn(Decimal(str(u["result"]["final"]["percent"])))
        if hand["rate"] < 100:
            found[f"{code}: số đơn vị không có kết quả"] = str(hand["roster"] - hand["counted"])
        top, n = next(iter(hand["classes"].items()))
        if hand["counted"] and Decimal(100) * n / hand["counted"] >= 50:
            found[f"{code}: tỷ lệ đơn vị xếp loại {top} (%)"] = _vn(Decimal(100) * n / hand["counted"])
    totals = [0, 0, 0, 0]
    for field, counts in MODEL_COUNTS[kind].items():
        for i, (header, n) in enumerate(zip(("đăng ký", "triển khai", "được công nhận", "nhân rộng"), counts)):
            found[f"Mô hình lĩnh vực {field}: {header}"] = str(n)
            totals[i] += n
    for header, n in zip(("đăng ký", "triển khai", "được công nhận", "nhân rộng"), totals):
        found[f"Mô hình (tổng): {header}"] = str(n)
    return found


#: What is not a figure: dates and times, the year, "6 tháng", list numbers, table row numbers.
_NOT_FIGURES = re.compile(r"\b\d{4}-(?:6t|qcdc|nam)\b|\d{1,2}:\d{2}|\d{1,2}/\d{1,2}/\d{4}|\b20\d\d\b|\b6 tháng|"
                          r"^\s*\d+\. |bộ tiêu chí [^)]*\)", re.MULTILINE)


def _numbers(text: str, tables: list[list[list[str]]]) -> set[str]:
    """Every number of the body's sentences and of its tables' cells (less row numbers)."""
    start = text.index("I. KẾT QUẢ THỰC HIỆN")
    words = _NOT_FIGURES.sub(" ", text[start:])
    found = set(re.findall(r"\d+(?:,\d+)?", words))
    for table in tables[1:-1]:  # not the header nor the signature
        for row in table[1:]:
            found |= {c for c in row[1:] if re.fullmatch(r"\d+(?:,\d+)?", c)}
    return found


def test_the_rendered_report_is_a4_readable_and_carries_its_appendix(ws, tmp_path):
    from pdfcheck import full_text, inspect, problems, render
    from sysdeps import require

    from scoring.models_dvk.register import read_register
    from scoring.workspace.period_report import write_period_report

    year_of_rounds(ws, tmp_path)
    register = tmp_path / "mo-hinh.json"
    register.write_text(json.dumps(MODELS, ensure_ascii=False), encoding="utf-8")
    out = write_period_report(ws, "tong-ket", 2025, tmp_path / "bao-cao-nam.docx", read_register([register]))
    pages = inspect(render(require("soffice"), [out], tmp_path / "pdf")[out.name])
    assert problems(pages) == []  # A4, nothing under 10 pt, no text over text
    text = full_text(pages)
    for words in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SỞ NỘI VỤ", "BÁO CÁO",
                  "Tổng kết công tác dân vận chính quyền năm 2025", *(s.split(". ", 1)[1] for s in _sections()),
                  "PHỤ LỤC", "2025-qcdc: tỷ lệ nộp (%) 75,00 Đợt 2025-qcdc, công bố số 1", "Quốc phòng - an ninh", "GIÁM ĐỐC"):
        assert words in text, words


def _sections() -> tuple[str, ...]:
    from scoring.reports.period import SECTIONS

    return SECTIONS


def test_the_programme_rule_can_be_declared_and_without_a_register_the_office_fills_the_models(ws, tmp_path):
    from scoring.workspace.period_report import period_report, write_period_report

    year_of_rounds(ws, tmp_path)
    found = period_report(ws, "so-ket", 2025)
    assert [r.code for r in found.rounds] == ["2025-6t"] and [r.code for r in found.qcdc] == ["2025-qcdc"]
    swapped = period_report(ws, "so-ket", 2025, qcdc=["DVCQ-minh-hoa"])  # the office says which ruleset is QCDC
    assert [r.code for r in swapped.rounds] == ["2025-qcdc"] and [r.code for r in swapped.qcdc] == ["2025-6t"]
    year = period_report(ws, "tong-ket", 2025)
    assert [(r.code, r.publication) for r in year.rounds] == [("2025-6t", 1), ("2025-nam", None)]
    text, _tables, appendix = read_report(write_period_report(ws, "so-ket", 2025, tmp_path / "r.docx"))
    assert "Chưa có số liệu sổ đăng ký mô hình" in text and "--mo-hinh" in text
    assert not [label for label in appendix if label.startswith("Mô hình")]


def test_a_year_without_rounds_is_refused_and_nothing_is_written(ws, tmp_path, capsys):
    year_of_rounds(ws, tmp_path)
    out = tmp_path / "bao-cao.docx"
    assert _cli(ws, "bao-cao", "tong-ket", "--nam", "2030", "--out", str(out)) == 1
    err = capsys.readouterr().err
    assert "[period-no-rounds]" in err and "năm 2030" in err and "Traceback" not in err
    assert not out.exists() and not list(tmp_path.glob("*.docx*"))


def test_an_altered_publication_is_refused_and_the_earlier_report_stays(ws, tmp_path, capsys):
    folders = year_of_rounds(ws, tmp_path)
    out = tmp_path / "bao-cao.docx"
    assert _cli(ws, "bao-cao", "so-ket", "--nam", "2025", "--out", str(out)) == 0
    before = out.read_bytes()
    results = folders["2025-qcdc"] / "ket-qua.json"
    results.chmod(0o644)
    results.write_text(results.read_text(encoding="utf-8").replace('"Khá"', '"Tốt"'), encoding="utf-8")
    capsys.readouterr()
    assert _cli(ws, "bao-cao", "so-ket", "--nam", "2025", "--out", str(out)) == 1
    err = capsys.readouterr().err
    assert "[period-publication-altered]" in err and "2025-qcdc" in err and str(results) in err
    assert out.read_bytes() == before


def _round(**changes):
    from scoring.reports.period import RoundLine

    base = dict(code="R", name="Đợt R", state="Đã công bố", ruleset="x 1", publication=1, published_on="01/07/2025",
                roster=4, counted=4, classes=(("Tốt", 2), ("Khá", 1), ("Yếu", 1)), mean_percent=Decimal("79.99"),
                submission_rate=Decimal(100), best=(), missing_units=(), weak=(("Yếu", ("Xã D (D)",)),))
    return RoundLine(**{**base, **changes})


@pytest.mark.parametrize(("line", "strong", "weak"), [
    (_round(), ["tỷ lệ nộp 100,00%", "2/4 đơn vị xếp loại Tốt (50,00%)"], ["1 đơn vị xếp loại Yếu (Xã D (D))"]),
    (_round(mean_percent=Decimal(80)), ["tỷ lệ điểm bình quân 80,00%"], []),
    (_round(classes=(("Tốt", 1), ("Khá", 3)), weak=()), [], []),
    (_round(roster=5, submission_rate=Decimal(80), missing_units=("Xã E (E)",)), [],
     ["tỷ lệ nộp 80,00%, 1 đơn vị không có kết quả (Xã E (E))"]),
    (_round(publication=None), [], []),  # not published: neither
])
def test_the_thresholds_choose_strengths_and_weaknesses_at_their_boundaries(line, strong, weak):
    from scoring.reports.period import Numbers, PeriodReport, strengths, weaknesses

    report = PeriodReport("so-ket", 2025, "01/07/2025 08:00", (), (line,), (), "…", None)
    numbers = Numbers()
    said_strong, said_weak = " ".join(strengths(report, numbers)), " ".join(weaknesses(report, numbers))
    for words in strong:
        assert words in said_strong, said_strong
    for words in weak:
        assert words in said_weak, said_weak
    if line.publication is None or line.mean_percent < 80:
        assert "bình quân" not in said_strong
    if not line.weak:
        assert "xếp loại" not in said_weak
    assert all(f.source == line.source for f in numbers.figures)  # each number cited with its source


def test_no_model_registered_is_a_weakness():
    from scoring.reports.period import ModelsPart, Numbers, PeriodReport, weaknesses

    report = PeriodReport("tong-ket", 2025, "", (), (), (), "…", ModelsPart((), "Sổ X"))
    assert weaknesses(report, Numbers()) == ["- Không có mô hình \"Dân vận khéo\" nào được đăng ký năm 2025."]


def test_without_files_the_report_takes_the_workspaces_own_register(ws, tmp_path, capsys):
    """The models kept in the workspace (dvk mo-hinh so) count as the same models given by file."""
    from scoring.cli.app import main
    from scoring.workspace.period_report import period_report

    year_of_rounds(ws, tmp_path)
    kept = {"deadline": MODELS["deadline"], "models": [m for m in MODELS["models"] if m["unit_code"] in ("XA-HUCAU", "STP")]}
    path = tmp_path / "so-mo-hinh.json"
    path.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
    assert main(["mo-hinh", "so", "nhap", str(path), "--nam", "2025", "-w", str(ws.root)]) == 0
    from scoring.models_dvk.register import read_register

    own, given = period_report(ws, "tong-ket", 2025), period_report(ws, "tong-ket", 2025, read_register([path]))
    assert own.models is not None and own.models.lines == given.models.lines
    assert [(line.field, line.registered) for line in own.models.lines] == [("Kinh tế", 1), ("Quốc phòng - an ninh", 1)]


def test_the_six_month_report_counts_the_workspaces_models_as_they_stood_on_30_june(ws, tmp_path):
    """A model recognised in September is deployed in the 6-month report, recognised in the year's."""
    import datetime as dt

    from scoring.workspace.modelstore import find_unit, record_status, register_model
    from scoring.workspace.period_report import period_report

    year_of_rounds(ws, tmp_path)
    register_model(ws, 2025, find_unit("XA-HUCAU"), {"code": "MH-05", "name": "Chợ sạch", "field": "kinh_te",
                                                     "registered_on": dt.date(2025, 3, 1)})
    for status, day in (("trien_khai", dt.date(2025, 4, 1)), ("danh_gia", dt.date(2025, 6, 1)),
                        ("cong_nhan_co_so", dt.date(2025, 9, 1))):
        record_status(ws, 2025, "MH-05", status, day, {"number": "7/QĐ-UBND"})
    lines = {kind: [(m.field, m.registered, m.deployed, m.recognised) for m in period_report(ws, kind, 2025).models.lines]
             for kind in ("so-ket", "tong-ket")}
    assert lines == {"so-ket": [("Kinh tế", 1, 1, 0)], "tong-ket": [("Kinh tế", 1, 1, 1)]}
