"""Every surface tells the same numbers: one round of the samples, unit by unit, on every surface.

The round (built once for the module, see :mod:`consistencykit`): the bundled samples, two of them
late, two changed by the council with reasons (a criterion and a bonus item), a JSON answering
"Không áp dụng", a workbook with warnings, refused files (broken, merged input cell, two files of
one unit, a unit off the roster) and a roster unit that never sends anything.  ``dvk rank`` on
the same files, the publication of ``dvk round publish``, the portal's pages and ``dvk round
status`` are read back as a person reads them and compared field by field.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re

import consistencykit as kit
import pytest
from wsfixtures import backend, pg_url, ws  # noqa: F401 - fixtures

ROUND = "dot-nhat-quan"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The round and ``dvk rank`` on its files: (inputs, rank folder, publication folder, workspace)."""
    from django.db import connections
    from portalkit import FAST_HASHER
    from wsfixtures import fresh_workspace

    from scoring.portal.settings import configure

    base = tmp_path_factory.mktemp("nhat-quan")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("DVK_DATABASE_URL", raising=False)
        patch.setenv("DVK_ACTOR", "kiem-thu")
        inputs = kit.make_inputs(base)
        ranked = kit.run_rank(inputs, base / "xep-hang")
        fresh_workspace(base / "ws", "sqlite")
        published = kit.run_round(inputs, base / "ws", base)
        configure(base / "ws", overrides=FAST_HASHER)  # the portal serves this workspace
        yield inputs, ranked, published, base / "ws"
    connections.close_all()


@pytest.fixture
def portal(built):
    """The portal pointed at the module's workspace (other tests may have pointed it elsewhere)."""
    from portalkit import FAST_HASHER

    from scoring.portal.settings import configure

    configure(built[3], overrides=FAST_HASHER)
    return built


READERS = (kit.read_csv, kit.read_xlsx, kit.read_docx, kit.read_html)


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.__name__)
def test_the_reports_of_dvk_rank_agree_with_its_json(built, reader):
    ranked = built[1]
    assert kit.differences(kit.read_json(ranked), reader(ranked)) == []


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.__name__)
def test_the_reports_of_the_publication_agree_with_its_json(built, reader):
    published = built[2]
    assert kit.differences(kit.read_json(published), reader(published)) == []


def test_every_unit_whose_class_is_not_its_scores_is_listed_on_every_report(built):
    """§IV of the docx, the HTML and ket-qua.json list the same units, and they are exactly the
    units whose printed class differs from the class their printed percent reaches (two gates,
    "not classified", and in the round the late units)."""
    _, ranked, published, _ = built
    for folder in (ranked, published):
        expected = kit.moved_by_rows(kit.read_json(folder))
        for reader in (kit.read_json, kit.read_docx, kit.read_html, kit.read_xlsx, kit.read_csv):
            assert reader(folder).moved == expected, reader.__name__
    assert kit.read_docx(ranked).moved["TT-GIADINH"] == ("Trung bình", "Yếu")  # lowered by two gates
    assert kit.read_docx(ranked).moved["DACKHU-DAOMAU"][1] == "Không đủ điều kiện xếp loại"
    late = kit.read_docx(published).moved
    assert late["XA-MINHHOA"] == ("Trung bình", "Yếu") and late["SO-MAUSO1"] == ("Khá", "Trung bình")


def test_the_publication_differs_from_dvk_rank_only_by_what_the_round_adds(built):
    _, ranked, published, _ = built
    plain, expected, round_ = kit.read_json(ranked), kit.expected_publication(ranked), kit.read_json(published)
    assert kit.differences(expected, round_) == []
    # the expected difference is real: each thing the round adds shows on its unit
    moved = {line.split()[0] for line in kit.differences(plain, expected)}
    assert {"SO-VIDU", "PHUONG-THUNGHIEM", "XA-MINHHOA", "SO-MAUSO1", "BV-MAU:"} <= moved
    assert round_.units["SO-VIDU"].points == plain.units["SO-VIDU"].points - 3
    assert ("1.1", "Kế hoạch ban hành sau ngày 31/3") in round_.units["SO-VIDU"].changes
    assert ("T2", "Có thêm Bằng khen của UBND tỉnh số 15/QĐ-UBND") in round_.units["PHUONG-THUNGHIEM"].changes
    assert (plain.units["XA-MINHHOA"].band, round_.units["XA-MINHHOA"].band) == ("Trung bình", "Yếu")
    assert kit.LATE_GATE in round_.units["SO-MAUSO1"].gates
    with open(published / "canh-bao.csv", encoding="utf-8-sig", newline="") as handle:
        late = [r["Nội dung"] for r in csv.DictReader(handle) if r["Mã lỗi"] == "collect-late"]
    # the deadline as the status and the portal write it, in Vietnam's time (not an ISO UTC stamp)
    assert len(late) == 2 and late == [late[0]] * 2
    assert re.fullmatch(r"Nộp sau hạn \d\d:\d\d ngày \d\d/\d\d/\d{4}\.", late[0]), late[0]


def test_the_round_keeps_what_every_surface_must_show(built):
    """The inputs are what the suite claims: gates, warnings, 'Không áp dụng', refusals, a unit
    ranked without a class."""
    published = kit.read_json(built[2])
    units = published.units
    assert "Từ 2 vụ khiếu nại đông người trở lên: hạ một bậc" in units["TT-GIADINH"].gates
    assert units["PHUONG-VIDU"].warnings == 2 and units["XA-DAO"].errors == 0
    assert units["DACKHU-DAOMAU"].rank is None
    assert set(published.refused) == {"hong.xlsx", kit.MERGED, kit.DUPLICATED, "cd-thunghiem-ban-sua.xlsx",
                                      kit.OFF_ROSTER}
    doc = json.loads((built[2] / "ket-qua.json").read_text(encoding="utf-8"))
    dao = next(u["result"] for u in doc["units"] if u["unit_code"] == "XA-DAO")
    assert any(c["applies"] and c["self"] and c["self"]["applicable"] is False for c in dao["criteria"])


def test_the_units_score_pages_agree_with_the_publication(portal):
    assert kit.differences(kit.read_json(portal[2]), kit.read_unit_pages(ROUND)) == []


def test_the_appraisers_pages_agree_with_the_publication(portal):
    pages = kit.read_appraiser_pages(ROUND)
    assert kit.differences(kit.read_json(portal[2]), pages) == []
    assert pages.units["SO-VIDU"].changes == {("1.1", "Kế hoạch ban hành sau ngày 31/3")}


def test_the_appraisers_queue_shows_the_totals_now(portal):
    html = kit.page(kit.signed_in("tham-dinh", "appraiser"), f"/tham-dinh/?dot={ROUND}")
    published = kit.read_json(portal[2])
    rows = {r[0].split()[-1]: r for _, rows in kit.html_tables(html) for r in rows[1:]}
    assert kit.same(kit.number(rows["SO-VIDU"][2])) == published.units["SO-VIDU"].points
    assert rows["XA-MINHHOA"][3] == published.units["XA-MINHHOA"].band == "Yếu"


def test_the_leadership_dashboard_agrees_with_the_publication(portal):
    assert kit.differences(kit.read_json(portal[2]), kit.read_dashboard(ROUND)) == []


def test_status_and_office_page_list_the_same_refused_files_and_missing_units(portal):
    published = kit.read_json(portal[2])
    office, office_missing = kit.read_office_page(ROUND)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert kit.dvk("round", "status", "-r", ROUND, "-w", portal[3]) == 0
    status, status_missing = kit.read_status_output(out.getvalue())
    assert kit.differences(published, office) == [] and kit.differences(published, status) == []
    assert office_missing == status_missing == [kit.NEVER[0]]


def test_the_roll_of_missing_and_late_units(built):
    """Units that sent nothing, units whose every file was refused, late units: the same in the
    roll table, ket-qua.json and the refused files."""
    published = built[2]
    with open(published / "chua-nop-nop-muon.csv", encoding="utf-8-sig", newline="") as handle:
        rows = {r["Mã đơn vị"]: r["Tình trạng"] for r in csv.DictReader(handle)}
    late = {"XA-MINHHOA", "SO-MAUSO1"}
    refused_only = {"CD-THUNGHIEM", "XA-KIEMTHU"}  # two files for one unit; a merged input cell
    assert rows == {kit.NEVER[0]: "Chưa nộp", **dict.fromkeys(refused_only, "Tệp bị loại"),
                    **dict.fromkeys(late, "Nộp muộn")}
    roster = json.loads((published / "ket-qua.json").read_text(encoding="utf-8"))["roster"]
    assert {u["code"]: u["state"] for u in roster["missing"]} == {
        code: state for code, state in rows.items() if code not in late}
    assert {u["code"] for u in roster["late"]} == late
    refused = {r["unit_code"] for r in json.loads((published / "ket-qua.json").read_text(encoding="utf-8"))["rejected"]}
    assert refused_only <= refused


def test_lateness_is_one_fact_on_every_surface_of_the_publication(built):
    """The late units (scoring.workspace.lateness: one rule) are the same in the roll table, the
    roster of ket-qua.json, the source list, the late warnings (by file), and the lateness gate holds them."""
    published = built[2]
    with open(published / "chua-nop-nop-muon.csv", encoding="utf-8-sig", newline="") as handle:
        roll = {r["Mã đơn vị"] for r in csv.DictReader(handle) if r["Tình trạng"] == "Nộp muộn"}
    with open(published / "nguon-du-lieu.csv", encoding="utf-8-sig", newline="") as handle:
        sources = list(csv.DictReader(handle))
    source_late = {r["Mã đơn vị"] for r in sources if r["Nộp muộn"] == "Có"}
    file_of = {r["Tệp đã nhận"]: r["Mã đơn vị"] for r in sources}
    with open(published / "canh-bao.csv", encoding="utf-8-sig", newline="") as handle:
        warned = {file_of[r["Tệp"]] for r in csv.DictReader(handle) if r["Mã lỗi"] == "collect-late"}
    document = json.loads((published / "ket-qua.json").read_text(encoding="utf-8"))
    listed = {u["code"] for u in document["roster"]["late"]}
    gated = {code for code, unit in kit.read_json(published).units.items() if kit.LATE_GATE in (unit.gates or ())}
    assert roll == source_late == warned == listed == {"XA-MINHHOA", "SO-MAUSO1"}
    assert roll <= gated  # the gate also holds units that declared the fact themselves (XA-HUCAU's sample)


def test_a_surface_that_shifts_a_number_is_caught(portal, monkeypatch):
    """The comparison names the units a wrong formatter shifts (here the dashboard's)."""
    from decimal import Decimal

    from scoring.portal import dashboard

    real = dashboard.fmt
    monkeypatch.setattr(dashboard, "fmt", lambda value, places=None: real(
        value + Decimal("0.01") if places is None else value, *(() if places is None else (places,))))
    found = kit.differences(kit.read_json(portal[2]), kit.read_dashboard(ROUND))
    assert found and {line.split()[0] for line in found} == set(kit.read_json(portal[2]).units)
    assert all(" points: " in line for line in found)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_quota_moves_the_class_on_the_units_page_as_in_the_publication(ws, tmp_path):
    """The class a unit sees is the class the publication prints: after the ruleset's quotas."""
    from portalkit import FAST_HASHER

    from scoring.portal.settings import configure
    from scoring.workspace.collect import collect
    from scoring.workspace.models import RosterEntry
    from scoring.workspace.publication import publish_round
    from scoring.workspace.rounds import RoundSpec, create_round, move_round

    rules = json.loads(kit.RULESET.read_text(encoding="utf-8"))
    rules["classification"]["quotas"] = [{"band": "kha", "max_percent": 34, "scope": "block", "demote_to": "trung_binh",
                                          "of_bands": ["tot", "kha", "trung_binh", "yeu"],
                                          "reason": "Số đơn vị Khá không quá 34%"}]
    ruleset = tmp_path / "co-han-muc.json"
    ruleset.write_text(json.dumps(rules, ensure_ascii=False), encoding="utf-8")
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    roster = tmp_path / "danh-sach.csv"
    units = [("STP", "Sở Tư pháp"), ("SO-VIDU", "Sở Ví Dụ"), ("SO-GIALAP", "Sở Giả Lập")]
    roster.write_text(kit.ROSTER_HEAD + "".join(f"{c},{n},so_ban_nganh\n" for c, n in units), encoding="utf-8")
    for code, name in units:  # three equal answers: the quota keeps one Khá (by unit code)
        data = json.loads((kit.NOT_APPLICABLE_JSON.parent / "so-tu-phap-tham-dinh.json").read_text(encoding="utf-8"))
        data["unit"].update(code=code, name=name)
        (inbox / f"{code.lower()}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    create_round(ws, RoundSpec(ruleset, 2025, code="han-muc", roster_path=roster, deadlines={"submission": "31/12/2099"}))
    collect(ws, "han-muc", [inbox], jobs=1)
    move_round("han-muc", "closed")
    published = kit.read_json(ws.root / publish_round(ws, "han-muc").folder)
    assert sorted(row.band for row in published.units.values()) == ["Khá", "Trung bình", "Trung bình"]
    configure(ws.root, overrides=FAST_HASHER)
    for entry in RosterEntry.objects.filter(round__code="han-muc").select_related("unit"):
        html = kit.page(kit.signed_in(f"dv-{entry.unit.code.lower()}", "unit", entry.unit.code),
                        f"/don-vi/ket-qua/{entry.current_id}/")
        row = kit.unit_page_row(html)
        assert row.band == published.units[entry.unit.code].band
        assert ("Số đơn vị Khá không quá 34%" in html) == (row.band == "Trung bình")


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_documents_fact_is_the_same_on_the_units_page_the_appraisers_page_and_the_publication(ws, tmp_path):
    """Three Sở answering alike (0 late, 0 missing reports in 1.4); the round's documents say one
    on time, one late, one missing: the publication, the units' score pages and the appraisers'
    pages give each the same points, and the publication and the appraiser the same evidence."""
    import html as html_lib

    from portalkit import FAST_HASHER

    from scoring.portal.settings import configure
    from scoring.workspace.collect import collect
    from scoring.workspace.duedocs import declare_documents, record_receipt
    from scoring.workspace.models import RosterEntry
    from scoring.workspace.publication import publish_round
    from scoring.workspace.rounds import RoundSpec, create_round, move_round

    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    roster = tmp_path / "danh-sach.csv"
    units = [("STP", "Sở Tư pháp"), ("SO-VIDU", "Sở Ví Dụ"), ("SO-GIALAP", "Sở Giả Lập")]
    roster.write_text(kit.ROSTER_HEAD + "".join(f"{c},{n},so_ban_nganh\n" for c, n in units), encoding="utf-8")
    for code, name in units:
        data = json.loads((kit.NOT_APPLICABLE_JSON.parent / "so-tu-phap-tham-dinh.json").read_text(encoding="utf-8"))
        data["unit"].update(code=code, name=name)
        (inbox / f"{code.lower()}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    create_round(ws, RoundSpec(kit.RULESET, 2025, code="van-ban", roster_path=roster,
                               deadlines={"submission": "31/12/2099"}))
    declaration = tmp_path / "van-ban.json"
    declaration.write_text(json.dumps({"criterion": {"id": "1.4", "late": "tre_han", "missing": "khong_gui"},
                                       "documents": [{"code": "bc6", "name": "Báo cáo 6 tháng", "due": "10/7/2025"}]},
                                      ensure_ascii=False), encoding="utf-8")
    declare_documents(ws, "van-ban", declaration)
    record_receipt(ws, "van-ban", "STP", "bc6", "10/7/2025 16:00")
    record_receipt(ws, "van-ban", "SO-VIDU", "bc6", "11/7/2025 08:00")
    collect(ws, "van-ban", [inbox], jobs=1)
    move_round("van-ban", "closed")
    folder = ws.root / publish_round(ws, "van-ban").folder
    published = kit.read_json(folder)
    document = json.loads((folder / "ket-qua.json").read_text(encoding="utf-8"))
    evidence = {u["unit_code"]: next(c["evidence"] for c in u["result"]["criteria"] if c["id"] == "1.4")
                for u in document["units"]}
    points = {code: row.points for code, row in published.units.items()}
    assert points["STP"] - points["SO-VIDU"] == 1 and points["STP"] - points["SO-GIALAP"] == 2  # 1 late, 1 missing
    assert "Báo cáo 6 tháng (hạn 23:59 ngày 10/07/2025): nộp muộn, nhận 11/07/2025 08:00" in evidence["SO-VIDU"]
    assert "chưa nộp" in evidence["SO-GIALAP"] and "đúng hạn" in evidence["STP"]
    configure(ws.root, overrides=FAST_HASHER)
    appraiser = kit.signed_in("tham-dinh-vb", "appraiser")
    for entry in RosterEntry.objects.filter(round__code="van-ban").select_related("unit"):
        code = entry.unit.code
        unit_page = kit.page(kit.signed_in(f"dv-{code.lower()}", "unit", code), f"/don-vi/ket-qua/{entry.current_id}/")
        assert kit.unit_page_row(unit_page).points == points[code]
        seen = html_lib.unescape(kit.page(appraiser, f"/tham-dinh/dot/van-ban/don-vi/{entry.pk}/"))
        assert f"Tài liệu kiểm chứng: {evidence[code]}</p>" in seen
