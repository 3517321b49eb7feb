"""A higher office's round whose criterion takes a lower office's published result (issue 25 item 1),
on SQLite and PostgreSQL.

Lower offices' publications are made once with the real round functions in a workspace of their
own: ``huyen-a`` (6 units on the roster, 4 counted) published, then corrected with a fifth unit
collected (publication 2); ``huyen-b`` (3 of 3); ``huyen-c`` under another ruleset id.  The figures
expected are computed here from the lower office's own stored results at each publication (not
from :mod:`scoring.jobs.offices`).  The higher round ``tinh`` (the bundled DVCQ ruleset) has the
districts' committees on its roster, each sent the same self-assessment (6.1: 10/10).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_round_collect import inbox
from wsfixtures import EXAMPLES, RULESET, backend, fresh_workspace, pg_url, ws  # noqa: F401 - fixtures

from scoring.core.decimals import round_half_up
from scoring.core.findings import DvkError

OFFICE_A, OFFICE_B, OFFICE_C = "Phòng Nội vụ huyện A", "Phòng Nội vụ huyện B", "Phòng Nội vụ huyện C"
LOWER = {  # round: (roster rows, files collected before the first publication)
    "huyen-a": (("BAN-MINHHOA,Ban Minh Họa tỉnh,so_ban_nganh\nSO-GIALAP,Sở Giả Lập,so_ban_nganh\n"
                 "SO-VIDU,Sở Ví Dụ,so_ban_nganh\nXA-HUCAU,UBND xã Hư Cấu,ubnd_xa\n"
                 "XA-MINHHOA,UBND xã Minh Họa,ubnd_xa\nXA-MAUSON,UBND xã Mẫu Sơn,ubnd_xa\n"),
                ("ban-minhhoa.xlsx", "so-gialap.xlsx", "xa-hucau.xlsx", "so-vidu.xlsx")),
    "huyen-b": (("XA-KIEMTHU,UBND xã Kiểm Thử,ubnd_xa\nXA-TAPDUOT,UBND xã Tập Dượt,ubnd_xa\n"
                 "SO-THUNGHIEM,Sở Thử Nghiệm,so_ban_nganh\n"), ("xa-tapduot.xlsx", "so-thunghiem.xlsx", "xa-mauson.xlsx")),
    "huyen-c": ("SO-GIALAP,Sở Giả Lập,so_ban_nganh\n", ("so-gialap.xlsx",)),
}
HIGHER_ROSTER = ("UBND-HUYEN-A,UBND huyện A,ubnd_xa\nUBND-HUYEN-B,UBND huyện B,ubnd_xa\n"
                 "UBND-HUYEN-C,UBND huyện C,ubnd_xa\nBV-TINH,Bệnh viện tỉnh,dvsncl\n")
UNITS = {"UBND-HUYEN-A": OFFICE_A, "UBND-HUYEN-B": OFFICE_B, "UBND-HUYEN-C": OFFICE_C}


def counted_now(code: str) -> list[tuple[str, Decimal, str]]:
    """(unit code, percent, class) of the lower round's counted units, from its stored results."""
    from scoring.workspace.models import RosterEntry

    return [(e.unit.code, e.current.percent, e.current.band_label)
            for e in RosterEntry.objects.filter(round__code=code, current__isnull=False).select_related("unit", "current")]


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    """{(round, number): (publication folder, counted units, roster size, class labels best first)}."""
    from django.db import connections

    from scoring.workspace.collect import collect
    from scoring.workspace.correction import reopen_round
    from scoring.workspace.publication import publish_round
    from scoring.workspace.rounds import (
        RoundSpec,
        create_round,
        find_round,
        move_round,
        ruleset_of,
    )

    base = tmp_path_factory.mktemp("cap-duoi-nguon")
    lower = fresh_workspace(base / "ws", "sqlite")
    other = json.loads(RULESET.read_text(encoding="utf-8"))
    other["id"] = "dvcq-huyen-c"
    other_path = base / "bo-huyen-c.json"
    other_path.write_text(json.dumps(other, ensure_ascii=False), encoding="utf-8")
    made = {}
    for code, (rows, files) in LOWER.items():
        roster = base / f"{code}.csv"
        roster.write_text("Mã đơn vị,Tên đơn vị,Loại đơn vị\n" + rows, encoding="utf-8")
        create_round(lower, RoundSpec(other_path if code == "huyen-c" else RULESET, 2025, code=code,
                                      roster_path=roster, deadlines={"submission": "31/12/2099"}, has_appraisal=False))
        collect(lower, code, [inbox(base / code, files)], jobs=1)
        move_round(code, "closed")
        move_round(code, "final")
        labels = tuple(b.label for b in ruleset_of(find_round(code)).classification.bands)
        made[(code, 1)] = (lower.root / publish_round(lower, code).folder, counted_now(code),
                           len(rows.splitlines()), labels)
    reopen_round(lower, "huyen-a", "Xã Minh Họa gửi bản tự chấm đúng hạn qua đường công văn")
    collect(lower, "huyen-a", [inbox(base / "huyen-a-2", ("xa-minhhoa.xlsx",))], jobs=1)
    made[("huyen-a", 2)] = (lower.root / publish_round(lower, "huyen-a").folder, counted_now("huyen-a"), 6,
                            made[("huyen-a", 1)][3])
    connections.close_all()
    return made


def share_at_least(counted, labels, label: str) -> tuple[int, int]:
    """(units at ``label`` or above, units counted), hand-counted."""
    best = labels[:labels.index(label) + 1]
    return sum(1 for _, _, band in counted if band in best), len(counted)


@pytest.fixture
def higher(ws, tmp_path):
    """The province's round ``tinh``: the districts' committees, each sent 6.1 = 10/10 itself."""
    from scoring.workspace.collect import collect
    from scoring.workspace.rounds import RoundSpec, create_round

    roster = tmp_path / "tinh.csv"
    roster.write_text("Mã đơn vị,Tên đơn vị,Loại đơn vị\n" + HIGHER_ROSTER, encoding="utf-8")
    create_round(ws, RoundSpec(RULESET, 2025, code="tinh", roster_path=roster, deadlines={"submission": "31/12/2099"},
                               has_appraisal=False))
    box = tmp_path / "hop-thu-tinh"
    box.mkdir()
    for line in HIGHER_ROSTER.splitlines()[:3]:
        code, name, _ = line.split(",")
        data = json.loads((EXAMPLES / "xa-mau-son.json").read_text(encoding="utf-8"))
        data["unit"].update(code=code, name=name)
        data["answers"]["6.1"]["self"] = {"numerator": 10, "denominator": 10}
        (box / f"{code.lower()}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    collect(ws, "tinh", [box], jobs=1)
    return ws


def declaration(tmp_path: Path, name: str = "cap-duoi.json", **changes) -> Path:
    data = {"criterion": "6.1", "figure": {"kind": "share", "classes_at_least": "tot"}, "units": dict(UNITS)}
    data.update(changes)
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def bring(ws, published, *which: tuple[str, int, str]) -> None:
    from scoring.workspace.handoff import import_publication

    for code, number, office in which:
        import_publication(ws, published[(code, number)][0], office)


def criterion_of(code: str, criterion: str):
    """The unit's counted result now, and its answer for ``criterion`` (value, evidence) as scored."""
    from scoring.workspace.models import RosterEntry
    from scoring.workspace.results import effective_submission, score_submission
    from scoring.workspace.rounds import find_round, ruleset_of

    round_ = find_round("tinh")
    entry = RosterEntry.objects.select_related("current").get(round=round_, unit__code=code)
    answer = effective_submission(round_, entry.current).answers[criterion]
    result = score_submission(ruleset_of(round_), round_, entry.current)
    return result, answer


def status_text(ws) -> str:
    from scoring.workspace.status import round_status, status_lines

    return "\n".join(status_lines(round_status(ws, "tinh")))


def test_the_share_comes_from_the_latest_publication_and_says_so(higher, published, tmp_path):
    from scoring.workspace.lowerrule import declare_lower

    bring(higher, published, ("huyen-a", 1, OFFICE_A), ("huyen-b", 1, OFFICE_B))
    rule = declare_lower(higher, "tinh", declaration(tmp_path))
    assert rule["year"] == 2025 and rule["units"] == UNITS
    from scoring.workspace.audit_view import ACTIONS
    from scoring.workspace.models import AuditEntry

    entry = AuditEntry.objects.get(action="lower-declared")
    assert entry.after == rule and entry.before is None and ACTIONS[entry.action].startswith("Khai báo tiêu chí")
    for code, office, key in (("UBND-HUYEN-A", OFFICE_A, ("huyen-a", 1)), ("UBND-HUYEN-B", OFFICE_B, ("huyen-b", 1))):
        _, counted, _, labels = published[key]
        n, d = share_at_least(counted, labels, "Tốt")
        result, answer = criterion_of(code, "6.1")
        assert answer.self_value == {"numerator": n, "denominator": d}
        percent = round_half_up(Decimal(100 * n) / d, 2)
        assert answer.evidence == (
            f"Kết quả công bố của cơ quan cấp dưới: {office}, đợt {key[0]}, công bố số 01 ngày "
            f"{answer.evidence.split('ngày ')[1][:10]} (lần công bố mới nhất đã nhập của đợt): {n}/{d} đơn vị có kết "
            f"quả xếp loại Tốt trở lên ({str(percent).replace('.', ',')}%).")
        assert result.ok and next(c for c in result.criteria if c.id == "6.1").self.explanation.startswith(f"{n}/{d}")
    _, answer = criterion_of("UBND-HUYEN-C", "6.1")
    assert answer.self_value == {"numerator": 10, "denominator": 10}  # no publication: its own value
    text = status_text(higher)
    assert "Tiêu chí 6.1 lấy tỷ lệ đơn vị theo xếp loại từ kết quả công bố năm 2025 của cơ quan cấp dưới (3 đơn vị)" in text
    assert f"UBND-HUYEN-C UBND huyện C: Cảnh báo: Chưa nhập kết quả công bố năm 2025 của {OFFICE_C}" in text
    assert "BV-TINH" not in text.split("Tiêu chí 6.1 lấy")[1]  # not mapped: no line
    from openpyxl import load_workbook

    from scoring.workspace.status import round_status
    from scoring.workspace.status_book import write_status_workbook

    sheet = load_workbook(write_status_workbook(round_status(higher, "tinh"), tmp_path / "tinh.xlsx"))["Kết quả cấp dưới"]
    rows = {r[1]: r[3] for r in sheet.iter_rows(min_row=4, values_only=True)}
    assert set(rows) == set(UNITS) and rows["UBND-HUYEN-A"] == criterion_of("UBND-HUYEN-A", "6.1")[1].evidence
    assert rows["UBND-HUYEN-C"].startswith(f"Cảnh báo: Chưa nhập kết quả công bố năm 2025 của {OFFICE_C}")

    bring(higher, published, ("huyen-a", 2, OFFICE_A))  # the correction: a fifth unit counted
    _, counted, _, labels = published[("huyen-a", 2)]
    n, d = share_at_least(counted, labels, "Tốt")
    assert d == 5 == len(published[("huyen-a", 1)][1]) + 1
    _, answer = criterion_of("UBND-HUYEN-A", "6.1")
    assert answer.self_value == {"numerator": n, "denominator": d}
    assert f"{OFFICE_A}, đợt huyen-a, công bố số 02 ngày" in answer.evidence
    assert "(lần công bố mới nhất đã nhập của đợt)" in answer.evidence
    assert "công bố số 02" in status_text(higher)


@pytest.mark.parametrize("figure, criterion, expected", [
    ({"kind": "mean_percent"}, "4.2", lambda counted, roster, labels: round_half_up(
        sum((p for _, p, _ in counted), Decimal(0)) / len(counted), 2)),
    ({"kind": "submission_rate"}, "6.1", lambda counted, roster, labels: {
        "numerator": len(counted), "denominator": roster}),
    ({"kind": "share", "classes": ["Khá", "trung_binh"], "of": "roster"}, "3.3", lambda counted, roster, labels: {
        "numerator": sum(1 for *_, b in counted if b in ("Khá", "Trung bình")), "denominator": roster}),
    ({"kind": "count", "classes_at_most": "kha"}, "5.4", lambda counted, roster, labels: {
        "vi_pham": sum(1 for *_, b in counted if labels.index(b) >= labels.index("Khá"))}),
    ({"kind": "share", "classes_at_least": "Khá"}, "4.1", lambda counted, roster, labels: round_half_up(
        Decimal(100 * share_at_least(counted, labels, "Khá")[0]) / len(counted), 2)),
])
def test_each_figure_feeds_the_method_that_takes_it(higher, published, tmp_path, figure, criterion, expected):
    from scoring.workspace.lowerrule import declare_lower

    bring(higher, published, ("huyen-a", 1, OFFICE_A))
    declare_lower(higher, "tinh", declaration(tmp_path, criterion=criterion, figure=figure))
    _, counted, roster, labels = published[("huyen-a", 1)]
    result, answer = criterion_of("UBND-HUYEN-A", criterion)
    assert answer.self_value == expected(counted, roster, labels)
    assert result.ok and "Kết quả công bố của cơ quan cấp dưới: Phòng Nội vụ huyện A" in answer.evidence


@pytest.mark.parametrize("changes, code, path", [
    ({"criterion": "9.9"}, "lower-criterion-unknown", "$.criterion"),
    ({"criterion": "1.1"}, "lower-criterion-method", "$.criterion"),            # a yes/no criterion
    ({"criterion": "D2"}, "lower-criterion-method", "$.criterion"),             # a deduction item
    ({"criterion": "F1"}, "lower-criterion-method", "$.criterion"),             # a yes/no fact
    ({"figure": {"kind": "mean_percent"}}, "lower-criterion-method", "$.criterion"),  # a mean is no ratio
    ({"figure": {"kind": "count", "classes": ["Yếu"]}}, "lower-criterion-method", "$.criterion"),
    ({"criterion": "2.3", "figure": {"kind": "count", "classes": ["Yếu"]}}, "lower-criterion-method", "$.criterion"),
    ({"figure": {"kind": "share"}}, "lower-figure", "$.figure"),
    ({"figure": {"kind": "share", "classes": ["Tốt"], "classes_at_least": "Khá"}}, "lower-figure", "$.figure"),
    ({"figure": {"kind": "share", "classes": [" "]}}, "lower-figure", "$.figure"),
    ({"figure": {"kind": "submission_rate", "classes": ["Tốt"]}}, "lower-figure", "$.figure"),
    ({"figure": {"kind": "count", "classes": ["Tốt"], "of": "roster"}, "criterion": "5.4"}, "lower-figure", "$.figure"),
    ({"figure": {"kind": "ty_le"}}, "schema-violation", "$.figure.kind"),
    ({"units": {}}, "schema-violation", "$.units"),
    ({"units": {"UBND-HUYEN-X": OFFICE_A}}, "lower-unit-unknown", "$.units['UBND-HUYEN-X']"),
    ({"units": {"UBND-HUYEN-A": OFFICE_A, "ubnd-huyen-a": OFFICE_B}}, "lower-unit-twice", "$.units['ubnd-huyen-a']"),
    ({"units": {"UBND-HUYEN-A": "   "}}, "lower-no-office", "$.units['UBND-HUYEN-A']"),
    ({"criterion": "2.1", "units": {"BV-TINH": OFFICE_A}}, "lower-unit-not-applicable", "$.units['BV-TINH']"),
])
def test_a_wrong_declaration_is_refused_where_it_is_wrong(higher, tmp_path, changes, code, path):
    from scoring.workspace.lowerrule import declare_lower
    from scoring.workspace.rounds import find_round

    source = declaration(tmp_path, **changes)
    with pytest.raises(DvkError) as caught:
        declare_lower(higher, "tinh", source)
    found = [(f.code, f.location.json_path) for f in caught.value.findings]
    assert (code, path) in found, found
    assert all(f.location.file == str(source) for f in caught.value.findings)
    assert find_round("tinh").lower_rule == {}


def test_a_criterion_the_documents_feed_or_a_fixed_round_is_refused(higher, tmp_path):
    from scoring.workspace.duedocs import declare_documents
    from scoring.workspace.lowerrule import declare_lower
    from scoring.workspace.rounds import find_round, move_round

    documents = tmp_path / "van-ban.json"
    documents.write_text(json.dumps({"criterion": {"id": "1.4", "late": "tre_han", "missing": "khong_gui"},
                                     "documents": [{"code": "bc6", "name": "Báo cáo 6 tháng", "due": "10/7/2025"}]},
                                    ensure_ascii=False), encoding="utf-8")
    declare_documents(higher, "tinh", documents)
    source = declaration(tmp_path, criterion="1.4", figure={"kind": "count", "classes": ["Yếu"]})
    with pytest.raises(DvkError) as caught:
        declare_lower(higher, "tinh", source)
    assert [(f.code, f.location.json_path) for f in caught.value.findings] == [
        ("lower-criterion-method", "$.criterion"), ("lower-criterion-taken", "$.criterion")]
    move_round("tinh", "closed")
    move_round("tinh", "final")
    with pytest.raises(DvkError) as caught:
        declare_lower(higher, "tinh", declaration(tmp_path))
    assert "Đã chốt kết quả" in str(caught.value.findings[0])
    assert find_round("tinh").lower_rule == {}


def test_what_the_lower_round_lacks_is_a_warning_and_the_units_own_value(higher, published, tmp_path):
    from scoring.workspace.lowerrule import declare_lower

    bring(higher, published, ("huyen-a", 1, OFFICE_A), ("huyen-c", 1, OFFICE_A))  # two rounds of one office
    declare_lower(higher, "tinh", declaration(tmp_path))
    _, answer = criterion_of("UBND-HUYEN-A", "6.1")
    assert answer.self_value == {"numerator": 10, "denominator": 10}
    assert "đã công bố nhiều đợt năm 2025 (huyen-a (dvcq-minh-hoa), huyen-c (dvcq-huyen-c))" in status_text(higher)
    declare_lower(higher, "tinh", declaration(tmp_path, ruleset="dvcq-huyen-c"))
    _, counted, _, labels = published[("huyen-c", 1)]
    n, d = share_at_least(counted, labels, "Tốt")
    _, answer = criterion_of("UBND-HUYEN-A", "6.1")
    assert answer.self_value == {"numerator": n, "denominator": d} and "đợt huyen-c" in answer.evidence
    declare_lower(higher, "tinh", declaration(tmp_path, ruleset="dvcq-minh-hoa",
                                              figure={"kind": "share", "classes_at_least": "Xuất sắc"}))
    _, answer = criterion_of("UBND-HUYEN-A", "6.1")
    assert answer.self_value == {"numerator": 10, "denominator": 10}
    text = status_text(higher)
    assert "không có xếp loại 'Xuất sắc' (có: Tốt, Khá, Trung bình, Yếu" in text


def test_after_the_results_are_fixed_a_later_publication_waits_for_a_correction(higher, published, tmp_path):
    from scoring.workspace.correction import reopen_round
    from scoring.workspace.lowerrule import declare_lower
    from scoring.workspace.publication import publish_round
    from scoring.workspace.rounds import move_round

    bring(higher, published, ("huyen-a", 1, OFFICE_A))
    declare_lower(higher, "tinh", declaration(tmp_path, figure={"kind": "submission_rate"}))
    move_round("tinh", "closed")
    move_round("tinh", "final")
    bring(higher, published, ("huyen-a", 2, OFFICE_A))
    _, answer = criterion_of("UBND-HUYEN-A", "6.1")
    assert answer.self_value == {"numerator": 4, "denominator": 6} and "công bố số 01" in answer.evidence
    publish_round(higher, "tinh")
    _, answer = criterion_of("UBND-HUYEN-A", "6.1")
    assert answer.self_value == {"numerator": 4, "denominator": 6}
    assert "có lần công bố số 2 (đợt 'huyen-a') nhập sau khi đợt này chốt kết quả" in status_text(higher)
    reopen_round(higher, "tinh", "Tính kết quả đính chính của huyện A")
    _, answer = criterion_of("UBND-HUYEN-A", "6.1")
    assert answer.self_value == {"numerator": 5, "denominator": 6} and "công bố số 02" in answer.evidence
    publish_round(higher, "tinh")
    _, answer = criterion_of("UBND-HUYEN-A", "6.1")
    assert answer.self_value == {"numerator": 5, "denominator": 6}
    assert "nhập sau khi đợt này chốt" not in status_text(higher)


def test_the_published_value_is_the_aggregates_figure(higher, published, tmp_path):
    """The higher round's publication carries, for the criterion, the figures ``dvk cap-tren
    tong-hop`` prints for that office (its ``tong-hop-cap-duoi.xlsx``)."""
    from openpyxl import load_workbook

    from scoring.workspace.handoff import office_aggregate
    from scoring.workspace.lowerrule import declare_lower
    from scoring.workspace.publication import publish_round
    from scoring.workspace.rounds import move_round

    bring(higher, published, ("huyen-a", 2, OFFICE_A), ("huyen-b", 1, OFFICE_B))
    declare_lower(higher, "tinh", declaration(tmp_path, criterion="4.2", figure={"kind": "mean_percent"}))
    move_round("tinh", "closed")
    document = json.loads((higher.root / publish_round(higher, "tinh").folder / "ket-qua.json").read_text("utf-8"))
    fed = {u["unit_code"]: next(c for c in u["result"]["criteria"] if c["id"] == "4.2") for u in document["units"]}
    aggregate = office_aggregate(higher, tmp_path / "tong-hop", 2025)
    sheet = load_workbook(aggregate.outputs[0])["Theo cơ quan"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(r for r in rows if r and "Tỷ lệ điểm bình quân (%)" in r)
    printed = {r[header.index("Cơ quan")]: Decimal(str(r[header.index("Tỷ lệ điểm bình quân (%)")]))
               for r in rows[rows.index(header) + 1:] if r[header.index("Cơ quan")]}
    for code, office in (("UBND-HUYEN-A", OFFICE_A), ("UBND-HUYEN-B", OFFICE_B)):
        taken = re.search(r"\(SIPAS\) ([\d,]+)/100", fed[code]["self"]["explanation"]).group(1)
        assert Decimal(taken.replace(",", ".")) == printed[office], (fed[code], printed)
        said = re.search(r"bình quân ([\d,]+)%", fed[code]["evidence"]).group(1)
        assert f"{office}, đợt" in fed[code]["evidence"] and Decimal(said.replace(",", ".")) == printed[office]
    assert fed["UBND-HUYEN-C"]["evidence"] is None  # no publication of huyện C: its own value, its own text


def run(ws, *argv: str) -> tuple[int, str, str]:
    where = ["-w", str(ws.root)] + (["--database", ws.url] if ws.url else [])
    done = subprocess.run([sys.executable, "-m", "scoring", *argv, *where], capture_output=True, text=True,
                          timeout=300, cwd=Path(__file__).resolve().parents[1], check=False)
    return done.returncode, done.stdout, done.stderr


def test_the_commands(higher, published, tmp_path):
    from django.db import connections

    bring(higher, published, ("huyen-b", 1, OFFICE_B))
    connections.close_all()  # the commands open the workspace themselves
    code, out, err = run(higher, "round", "cap-duoi", "khai-bao", str(declaration(tmp_path)), "-r", "tinh")
    assert code == 0, err
    assert "Đã khai báo tiêu chí lấy kết quả công bố của cơ quan cấp dưới" in out
    assert f"UBND-HUYEN-B UBND huyện B: Kết quả công bố của cơ quan cấp dưới: {OFFICE_B}, đợt huyen-b" in out
    assert f"Cảnh báo: Chưa nhập kết quả công bố năm 2025 của {OFFICE_A}" in out
    code, out, err = run(higher, "round", "status", "-r", "tinh")
    assert code == 0 and f"{OFFICE_B}, đợt huyen-b, công bố số 01" in out, err
    code, out, err = run(higher, "round", "cap-duoi", "khai-bao", str(declaration(tmp_path, criterion="1.1")))
    assert code == 1 and "Tiêu chí 1.1 không nhận tỷ lệ đơn vị theo xếp loại" in err and "Traceback" not in err


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_units_score_page_and_the_appraisers_page_say_where_the_value_came_from(higher, published, tmp_path):
    import html as html_lib

    import consistencykit as kit
    from portalkit import FAST_HASHER

    from scoring.portal.settings import configure
    from scoring.workspace.lowerrule import declare_lower
    from scoring.workspace.models import RosterEntry

    bring(higher, published, ("huyen-b", 1, OFFICE_B))
    declare_lower(higher, "tinh", declaration(tmp_path))
    _, answer = criterion_of("UBND-HUYEN-B", "6.1")
    configure(higher.root, overrides=FAST_HASHER)
    entry = RosterEntry.objects.select_related("unit").get(round__code="tinh", unit__code="UBND-HUYEN-B")
    unit_page = html_lib.unescape(kit.page(kit.signed_in("dv-huyen-b", "unit", "UBND-HUYEN-B"),
                                           f"/don-vi/ket-qua/{entry.current_id}/"))
    assert f"Tài liệu kiểm chứng: {answer.evidence}</span>" in unit_page
    seen = html_lib.unescape(kit.page(kit.signed_in("tham-dinh-cd", "appraiser"), f"/tham-dinh/dot/tinh/don-vi/{entry.pk}/"))
    assert f"Tài liệu kiểm chứng: {answer.evidence}</p>" in seen
    office = html_lib.unescape(kit.page(kit.signed_in("vp-cd", "office"), "/van-phong/?dot=tinh"))
    assert "Kết quả cấp dưới" in office and f"UBND-HUYEN-B UBND huyện B: {answer.evidence}" in office  # as status says
    assert f"Chưa nhập kết quả công bố năm 2025 của {OFFICE_A}" in office


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_an_imported_result_changed_in_the_store_stops_the_status_with_what_to_do(higher, published, tmp_path):
    from django.db import connections

    from scoring.workspace.lowerrule import declare_lower
    from scoring.workspace.models import ImportedPublication, StoredFile

    bring(higher, published, ("huyen-b", 1, OFFICE_B))
    declare_lower(higher, "tinh", declaration(tmp_path))
    record = ImportedPublication.objects.get()
    kept = higher.root / StoredFile.objects.get(sha256=record.files["ket-qua.json"]).path
    kept.chmod(0o644)
    kept.write_bytes(kept.read_bytes().replace(b'"overall_rank":2', b'"overall_rank":1', 1))
    connections.close_all()
    code, _, err = run(higher, "round", "status", "-r", "tinh")
    assert code == 1 and "Traceback" not in err and "Lỗi nội bộ" not in err
    assert f"Tệp ket-qua.json đã nhập của {OFFICE_B} (đợt 'huyen-b', công bố số 1)" in err


NOT_CLASSIFIED = "Không đủ điều kiện xếp loại"
PERCENTS = {"T1": ("Tốt", "95"), "T2": ("Tốt", "92.5"), "T3": ("Tốt", "90"), "K1": ("Khá", "80"),
            "K2": ("Khá", "71.25"), "Y1": ("Yếu", "40"), "N1": (NOT_CLASSIFIED, "91")}


def summary_of_hand_made_round():
    """An office's round: 7 units counted of 10 on the roster, 3 Tốt, 2 Khá, 1 Yếu, 1 not classified."""
    from scoring.jobs.compare import Round, UnitState
    from scoring.jobs.offices import OfficeRound, summarize

    units = {code: UnitState(code, code, None, Decimal(p), Decimal(p), None, None, band)
             for code, (band, p) in PERCENTS.items()}
    results = Round("x", "dvcq", "1", 2025, units, "f", ("Tốt", "Khá", "Trung bình", "Yếu", NOT_CLASSIFIED), 3)
    return summarize(OfficeRound(OFFICE_A, "huyen-a", 2, "2025-12-15T10:00:00+07:00", results))


@pytest.mark.parametrize("spec, value, pair, text", [
    ({"kind": "share", "classes_at_least": "kha"}, Decimal(500) / 7, (5, 7),
     "5/7 đơn vị có kết quả xếp loại Khá trở lên (71,43%)"),
    ({"kind": "share", "classes_at_least": "Tốt", "of": "roster"}, Decimal(30), (3, 10),
     "3/10 đơn vị phải nộp xếp loại Tốt trở lên (30,00%)"),
    ({"kind": "count", "classes_at_most": "trung_binh"}, Decimal(1), None, "1 đơn vị xếp loại Trung bình trở xuống"),
    ({"kind": "count", "classes": ["yeu", NOT_CLASSIFIED, "Yếu"]}, Decimal(2), None,
     f"2 đơn vị xếp loại Yếu, {NOT_CLASSIFIED}"),
    ({"kind": "submission_rate"}, Decimal(70), (7, 10), "7/10 đơn vị có kết quả (tỷ lệ nộp 70,00%)"),
    ({"kind": "mean_percent"}, Decimal("559.75") / 7, None, "tỷ lệ điểm bình quân 79,96% (7 đơn vị có kết quả)"),
])
def test_the_figures_of_a_hand_made_round(spec, value, pair, text):
    from scoring.jobs.offices import figure

    found = figure(summary_of_hand_made_round(), spec)
    assert (found.value, found.text) == (value, text)
    assert (found.numerator, found.denominator) == (pair or (None, None))
    assert found.rounded == round_half_up(value, 2)


@pytest.mark.parametrize("spec, code", [
    ({"kind": "share", "classes_at_least": "Xuất sắc"}, "offices-class-unknown"),
    ({"kind": "count", "classes": ["Tốt", "hoan-thanh"]}, "offices-class-unknown"),
    ({"kind": "count", "classes_at_most": NOT_CLASSIFIED}, "offices-class-range"),
])
def test_a_class_the_lower_round_lacks_is_named(spec, code):
    from scoring.jobs.offices import figure

    with pytest.raises(DvkError) as caught:
        figure(summary_of_hand_made_round(), spec)
    [finding] = caught.value.findings
    assert finding.code == code and OFFICE_A in finding.message and "Tốt, Khá, Trung bình, Yếu" in finding.message


@given(st.lists(st.sampled_from(["Tốt", "Khá", "Trung bình", "Yếu", NOT_CLASSIFIED]), max_size=30),
       st.integers(min_value=0, max_value=10), st.sampled_from(["Tốt", "Khá", "Trung bình", "Yếu"]))
@settings(max_examples=200, deadline=None)
def test_at_least_and_at_most_split_the_classified_units(bands, missing, label):
    """"X trở lên" and the classes below X together are every classified unit; a share is its count
    over the units counted (or the roster), never above it."""
    from scoring.jobs.compare import Round, UnitState
    from scoring.jobs.offices import OfficeRound, figure, summarize

    order = ("Tốt", "Khá", "Trung bình", "Yếu")
    units = {f"U{i}": UnitState(f"U{i}", "", None, Decimal(i), Decimal(i), None, None, b) for i, b in enumerate(bands)}
    summary = summarize(OfficeRound(OFFICE_A, "r", 1, "", Round("x", "r", "1", 2025, units, "", (*order, NOT_CLASSIFIED),
                                                                 missing)))
    above = figure(summary, {"kind": "share", "classes_at_least": label})
    below = order[order.index(label) + 1:]
    rest = figure(summary, {"kind": "count", "classes": list(below)}).value if below else 0
    assert above.numerator + rest == sum(1 for b in bands if b != NOT_CLASSIFIED)
    assert above.denominator == len(bands) and above.numerator <= above.denominator
    assert above.value == (Decimal(100) * above.numerator / len(bands) if bands else None)
    whole = figure(summary, {"kind": "share", "classes_at_least": label, "of": "roster"})
    assert (whole.numerator, whole.denominator) == (above.numerator, len(bands) + missing)
