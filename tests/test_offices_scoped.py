"""Offices above offices in one shared workspace (issue 25 item 1): a province office with two
district offices under it, each district with its units, its round (published) and its staff.

A district never reaches its sibling's (nor the province's) round, unit or publication pages: 404,
GET or POST, as if they did not exist.  The province sees both districts' rounds read-only (GET
200, every write refused with the 403 page that says why, nothing changed).  The "Cấp dưới"
aggregate page gives figures computed here by hand from the districts' stored results, and
``dvk cap-tren tong-hop --cua TINH`` prints the same.  ``tests/test_offices_scoped_postgres.py``
runs these again on PostgreSQL.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from portalkit import PASSWORD, client_for, db, personas, portal_workspace, sample_of  # noqa: F401 - fixtures
from scoring.core.decimals import round_half_up
from scoring.core.findings import DvkError

ROUNDS = {"a-2025": ("HUYEN-A", [("XA-MINHHOA", "UBND xã Minh Họa", "ubnd_xa"),
                                 ("SO-VIDU", "Sở Ví Dụ", "so_ban_nganh")], ["XA-MINHHOA", "SO-VIDU"]),
          "b-2025": ("HUYEN-B", [("XA-HUCAU", "UBND xã Hư Cấu", "ubnd_xa"), ("SO-GIALAP", "Sở Giả Lập", "so_ban_nganh"),
                                 ("BAN-MINHHOA", "Ban Minh Họa", "so_ban_nganh")], ["XA-HUCAU", "SO-GIALAP"])}
NAMES = {"TINH": "Ban Dân vận tỉnh", "HUYEN-A": "Phòng Nội vụ huyện A", "HUYEN-B": "Phòng Nội vụ huyện B"}


@pytest.fixture
def offices(db, tmp_path):  # noqa: F811
    """The three offices, their staff accounts, each district's round published, and a province round."""
    from scoring.portal.accounts import ensure_account
    from scoring.workspace.collect import collect
    from scoring.workspace.offices import add_office
    from scoring.workspace.publication import publish_round
    from scoring.workspace.rounds import RoundSpec, create_round, move_round
    from scoring.workspace.store import Workspace

    from portalkit import RULESET_PATH

    ws = Workspace(db)
    made = {code: add_office(code, NAMES[code], None if code == "TINH" else "TINH", who="kiem-thu") for code in NAMES}
    users = {name: ensure_account(name, PASSWORD, role, name, office=made[office])
             for name, role, office in (("vp-tinh", "office", "TINH"), ("vp-a", "office", "HUYEN-A"),
                                        ("vp-b", "office", "HUYEN-B"), ("td-a", "appraiser", "HUYEN-A"),
                                        ("td-tinh", "appraiser", "TINH"), ("ld-tinh", "leader", "TINH"),
                                        ("ld-a", "leader", "HUYEN-A"))}
    for code, (office, roster, sent) in ROUNDS.items():
        listing = tmp_path / f"{code}.csv"
        listing.write_text("Mã đơn vị,Tên đơn vị,Loại đơn vị\n" + "".join(f"{c},{n},{t}\n" for c, n, t in roster),
                           encoding="utf-8")
        create_round(ws, RoundSpec(RULESET_PATH, 2025, code=code, roster_path=listing, has_appraisal=False,
                                   deadlines={"submission": "31/12/2099"}, office=office), who="kiem-thu")
        collect(ws, code, [sample_of(c) for c in sent], who="kiem-thu", jobs=1)
        move_round(code, "closed", who="kiem-thu")
        move_round(code, "final", who="kiem-thu")
        publish_round(ws, code, who="kiem-thu")
    create_round(ws, RoundSpec(RULESET_PATH, 2025, code="t-2025", office="TINH"), who="kiem-thu")
    return users


def entry_pk(round_code: str, unit: str) -> int:
    from scoring.workspace.models import RosterEntry

    return RosterEntry.objects.get(round__code=round_code, unit__code=unit).pk


def reads(round_code: str) -> list[str]:
    """The GET pages of a round an office (or its appraiser) may open."""
    return [f"/van-phong/?dot={round_code}", f"/lanh-dao/?dot={round_code}", f"/van-phong/dot/{round_code}/danh-sach/",
            f"/van-phong/dot/{round_code}/chua-nop.xlsx", f"/van-phong/dot/{round_code}/cong-bo/1/xep-hang.xlsx"]


def writes(round_code: str) -> list[tuple[str, dict]]:
    """Every form that changes a round, with what it would send."""
    return [(f"/van-phong/dot/{round_code}/trang-thai/", {"trang_thai": "correction"}),
            (f"/van-phong/dot/{round_code}/tai-khoan/", {}),
            (f"/van-phong/dot/{round_code}/gia-han/", {"don_vi": "SO-VIDU", "han": "1/1/2099", "ly_do": "bão"}),
            (f"/van-phong/dot/{round_code}/mien-nop-muon/", {"don_vi": "SO-VIDU", "ly_do": "bão"}),
            (f"/van-phong/dot/{round_code}/cong-bo/", {"xac_nhan": "1"}),
            (f"/van-phong/dot/{round_code}/dinh-chinh/", {"ly_do": "sai số liệu", "xac_nhan": "1"}),
            (f"/van-phong/dot/{round_code}/van-ban/", {"don_vi": "SO-VIDU", "van_ban": "KH", "ngay": ""}),
            (f"/van-phong/dot/{round_code}/danh-sach/", {})]


def unchanged():
    """What any write would have changed: rounds' states, publications, accounts, the audit trail."""
    from django.contrib.auth import get_user_model

    from scoring.workspace.models import AuditEntry, Publication, Round

    return (sorted(Round.objects.values_list("code", "state")), Publication.objects.count(),
            get_user_model().objects.count(), AuditEntry.objects.count())


def test_a_district_never_reaches_its_siblings_or_the_provinces_rounds(offices):
    district = client_for(offices["vp-a"])
    assert district.get("/van-phong/?dot=a-2025").status_code == 200
    for code in ("b-2025", "t-2025"):
        for url in reads(code):
            assert district.get(url).status_code == 404, url
        for url, data in writes(code):
            assert district.post(url, data).status_code == 404, url
    home = district.get("/van-phong/").content.decode()
    assert "a-2025" in home and "b-2025" not in home and "t-2025" not in home and "chỉ xem" not in home
    listing = district.get("/cap-duoi/").content.decode()
    assert "Chưa có cơ quan cấp dưới" in listing and NAMES["HUYEN-B"] not in listing
    appraiser = client_for(offices["td-a"])
    assert appraiser.get(f"/tham-dinh/dot/a-2025/don-vi/{entry_pk('a-2025', 'SO-VIDU')}/").status_code == 200
    sibling = entry_pk("b-2025", "SO-GIALAP")
    assert appraiser.get(f"/tham-dinh/dot/b-2025/don-vi/{sibling}/").status_code == 404
    assert appraiser.post(f"/tham-dinh/dot/b-2025/don-vi/{sibling}/1.1/", {"ly_do": "x"}).status_code == 404
    assert "b-2025" not in appraiser.get("/tham-dinh/").content.decode()
    leader = client_for(offices["ld-a"])
    assert leader.get("/lanh-dao/?dot=b-2025").status_code == 404
    assert leader.get("/lanh-dao/?dot=a-2025").status_code == 200


def test_the_province_sees_both_districts_read_only(offices):
    before = unchanged()
    for name in ("vp-tinh", "ld-tinh"):
        province = client_for(offices[name])
        for code in ROUNDS:
            for url in reads(code) if name == "vp-tinh" else [f"/lanh-dao/?dot={code}"]:
                assert province.get(url).status_code == 200, url
    province = client_for(offices["vp-tinh"])
    page = province.get("/van-phong/?dot=b-2025").content.decode()
    assert f"Đợt của {NAMES['HUYEN-B']}, cơ quan cấp dưới: chỉ xem" in page
    for code in ROUNDS:
        for url, data in writes(code):
            refused = province.post(url, data)
            assert refused.status_code == 403, url
            text = refused.content.decode()
            assert "Chỉ được xem" in text and f"Đợt {code} là của {NAMES[ROUNDS[code][0]]}" in text
    appraiser = client_for(offices["td-tinh"])
    pk = entry_pk("a-2025", "SO-VIDU")
    assert appraiser.get(f"/tham-dinh/dot/a-2025/don-vi/{pk}/").status_code == 200
    assert appraiser.post(f"/tham-dinh/dot/a-2025/don-vi/{pk}/1.1/", {"ly_do": "x"}).status_code == 403
    assert unchanged() == before
    assert province.get("/van-phong/?dot=t-2025").status_code == 200  # its own round: no "chỉ xem"
    assert "chỉ xem" not in province.get("/van-phong/?dot=t-2025").content.decode()


def test_the_lower_offices_page_lists_each_district_and_its_published_round(offices):
    page = client_for(offices["ld-tinh"]).get("/cap-duoi/").content.decode()
    for code, (office, _, _) in ROUNDS.items():
        assert NAMES[office] in page and f'href="/lanh-dao/?dot={code}"' in page
    assert page.count("Lần 1,") == 2 and "Đã công bố" in page and "t-2025" not in page
    office_page = client_for(offices["vp-tinh"]).get("/cap-duoi/").content.decode()
    assert 'href="/van-phong/?dot=a-2025"' in office_page and ">Cấp dưới</a>" in office_page
    assert ">Cấp dưới</a>" not in client_for(offices["vp-b"]).get("/van-phong/").content.decode()


def hand_computed() -> dict[str, tuple[int, int, str, str, Counter]]:
    """Per district office, from its own stored results: roster, counted, rate and mean as shown, classes."""
    from scoring.workspace.models import RosterEntry

    figures = {}
    for code, (office, roster, _) in ROUNDS.items():
        counted = [e.current for e in RosterEntry.objects.filter(round__code=code, current__isnull=False)
                   .select_related("current")]
        mean = sum((s.percent for s in counted), Decimal(0)) / len(counted)
        rate = Decimal(100 * len(counted)) / len(roster)
        figures[NAMES[office]] = (len(roster), len(counted), shown(rate), shown(mean),
                                  Counter(s.band_label for s in counted))
    return figures


def shown(value: Decimal) -> str:
    return f"{round_half_up(value, 2):.2f}".replace(".", ",")


def cells(row: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row)]


def test_the_aggregate_page_gives_the_hand_computed_figures_and_the_command_the_same(offices, capsys, monkeypatch):
    page = client_for(offices["vp-tinh"]).get("/cap-duoi/tong-hop/").content.decode()
    table = page.split('class="data tong-hop"')[1].split("</table>")[0]
    header = cells(table.split("<thead>")[1].split("</thead>")[0])
    rows = {r[0]: dict(zip(header, r)) for r in map(cells, re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1]))}
    expected = hand_computed()
    assert set(rows) == set(expected)
    for office, (roster, counted, rate, mean, classes) in expected.items():
        row = rows[office]
        assert (row["Phải nộp"], row["Có kết quả"], row["Tỷ lệ nộp (%)"], row["Tỷ lệ điểm bình quân (%)"]) == (
            str(roster), str(counted), rate, mean)
        assert {k: int(v) for k, v in row.items() if k in classes} == dict(classes)
        assert all(int(row[k]) == 0 for k in header[7:] if k not in classes)
    assert expected[NAMES["HUYEN-B"]][2] == "66,67"
    ranking = page.split('class="data ranking"')[1].split("</table>")[0]
    ranked = [cells(r) for r in re.findall(r"<tr>(.*?)</tr>", ranking.split("<tbody>")[1])]
    from scoring.workspace.models import RosterEntry

    units = sorted(((e.current.percent, e.unit.code) for e in RosterEntry.objects.filter(
        round__code__in=ROUNDS, current__isnull=False).select_related("unit", "current")), key=lambda u: (-u[0], u[1]))
    assert [r[2] for r in ranked] == [code for _, code in units] and ranked[0][0] == "1"
    assert [r[4] for r in ranked] == [shown(p) for p, _ in units]

    import scoring.cli.offices
    from scoring.cli.app import main
    from scoring.workspace.store import Workspace

    # the command on this test's workspace, inside the test's transaction (its own opening would
    # reconnect and not see what the test wrote and rolls back)
    monkeypatch.setattr(scoring.cli.offices, "_open", lambda args: Workspace(Path(_root())))
    capsys.readouterr()
    assert main(["cap-tren", "tong-hop", "--cua", "TINH", "-w", _root()]) == 0
    out = capsys.readouterr().out
    for office, (roster, counted, rate, mean, classes) in expected.items():
        line = next(x for x in out.splitlines() if office in x)
        assert f"{counted}/{roster} đơn vị có kết quả, tỷ lệ nộp {rate}%, tỷ lệ điểm bình quân {mean}%" in line
    printed = [re.match(r"\s+(\d+)\. .*\((\S+), ", x).groups() for x in out.splitlines() if re.match(r"\s+\d+\. ", x)]
    assert printed == [(r[0], r[2]) for r in ranked]


def _root() -> str:
    from django.conf import settings

    return settings.DVK_WORKSPACE


def test_a_district_has_no_aggregate_and_rulesets_that_differ_are_refused_naming_the_offices(offices, tmp_path):
    import json

    from portalkit import RULESET_PATH
    from scoring.workspace.collect import collect
    from scoring.workspace.publication import publish_round
    from scoring.workspace.rounds import RoundSpec, create_round, move_round
    from scoring.workspace.store import Workspace

    page = client_for(offices["vp-a"]).get("/cap-duoi/tong-hop/").content.decode()
    assert "Chưa có kết quả công bố" in page and "Traceback" not in page
    other = json.loads(RULESET_PATH.read_text(encoding="utf-8"))
    other["title"] += " (sửa đổi)"
    path = tmp_path / "bo-khac.json"
    path.write_text(json.dumps(other, ensure_ascii=False), encoding="utf-8")
    ws = Workspace(Path(_root()))
    create_round(ws, RoundSpec(path, 2026, code="a-2026", has_appraisal=False, office="HUYEN-A"), who="kiem-thu")
    listing = tmp_path / "a-2026.csv"
    listing.write_text("Mã đơn vị,Tên đơn vị,Loại đơn vị\nSO-VIDU,Sở Ví Dụ,so_ban_nganh\n", encoding="utf-8")
    from scoring.workspace.rounds import import_roster

    import_roster(ws, "a-2026", listing, "kiem-thu")
    collect(ws, "a-2026", [sample_of("SO-VIDU")], who="kiem-thu", jobs=1)
    move_round("a-2026", "closed", who="kiem-thu")
    move_round("a-2026", "final", who="kiem-thu")
    publish_round(ws, "a-2026", who="kiem-thu")
    page = client_for(offices["ld-tinh"]).get("/cap-duoi/tong-hop/").content.decode()
    refusal = html.unescape(page.split('class="msg msg-error refusal"')[1].split("</p>")[0])
    assert "Không lập xếp hạng chung" in refusal and f"{NAMES['HUYEN-A']} (a-2026)" in refusal
    assert f"{NAMES['HUYEN-B']} (b-2025)" in refusal and 'class="data ranking"' not in page
    one_year = client_for(offices["ld-tinh"]).get("/cap-duoi/tong-hop/?nam=2025").content.decode()
    assert 'class="data ranking"' in one_year and "a-2026" not in one_year
    odd = client_for(offices["ld-tinh"]).get("/cap-duoi/tong-hop/?nam=hai-nghin").content.decode()
    assert "không đúng dạng (bốn chữ số" in odd and "a-2026" in odd


def test_offices_are_declared_without_cycles_or_unknown_codes(db):  # noqa: F811
    from scoring.workspace.models import Round
    from scoring.workspace.offices import add_office, assign_round, move_office, offices_below, visible_rounds

    add_office("TINH", "Tỉnh")
    add_office("HUYEN-A", "Huyện A", "tinh")
    add_office("XA-1", "Xã 1", "HUYEN-A")
    cases = [(lambda: add_office("HUYEN-A", "Trùng"), "office-exists", "MÃ"),
             (lambda: add_office("HUYEN-C", "Huyện C", "KHONG-CO"), "office-unknown", "--cap-tren"),
             (lambda: add_office("HUYEN-C", "  "), "office-no-name", "--ten"),
             (lambda: add_office("huyện c", "Huyện C"), "office-bad-code", "MÃ"),
             (lambda: add_office("X", "X", "x"), "office-cycle", "--cap-tren"),
             (lambda: move_office("TINH", "XA-1"), "office-cycle", "--cap-tren"),
             (lambda: move_office("TINH", "TINH"), "office-cycle", "--cap-tren"),
             (lambda: assign_round("khong-co", "TINH"), "round-not-found", None)]
    for call, code, argument in cases:
        with pytest.raises(DvkError) as caught:
            call()
        [finding] = caught.value.findings
        assert finding.code == code and finding.location.field == argument, finding
        assert argument is None or argument in finding.message
    assert "TINH → HUYEN-A → XA-1 → TINH" in str(pytest.raises(DvkError, move_office, "TINH", "XA-1").value.findings[0])
    assert [o.code for o in offices_below(None)] == ["TINH", "HUYEN-A", "XA-1"]
    assert [o.code for o in offices_below(add_office("HUYEN-B", "Huyện B", "TINH"))] == []
    moved = move_office("XA-1", "HUYEN-B")
    assert [o.code for o in offices_below(moved.parent)] == ["XA-1"]
    assert list(visible_rounds(None)) == list(Round.objects.all())  # no office: the whole workspace, as before


def test_what_an_office_makes_in_the_portal_is_its_own(offices):
    """A round and a staff account created by a district's office belong to that district; the
    office account printed by ``dvk serve --office … --co-quan`` to the office named."""
    from test_portal_office_rounds import ROUND_FORM

    from scoring.portal.access import who_is
    from scoring.portal.accounts import office_account
    from scoring.workspace.models import Round, UnitAccount

    district = client_for(offices["vp-a"])
    assert district.post("/van-phong/dot-moi/", {**ROUND_FORM, "ma": "a-2026"}).status_code == 302
    assert Round.objects.get(code="a-2026").office.code == "HUYEN-A"
    assert client_for(offices["vp-b"]).get("/van-phong/?dot=a-2026").status_code == 404
    staff = {"ten_dang_nhap": "td-a-2", "ho_ten": "Thẩm định huyện A", "vai_tro": "appraiser"}
    assert district.post("/van-phong/can-bo/", staff).status_code == 200
    assert UnitAccount.objects.get(user__username="td-a-2").office.code == "HUYEN-A"
    made = office_account("vp-b-2", "huyen-b")
    from django.contrib.auth import get_user_model

    who = who_is(get_user_model().objects.get(username="vp-b-2"))
    assert (who.role, who.office.code, made.unit) == ("office", "HUYEN-B", f"Văn phòng {NAMES['HUYEN-B']}")
    with pytest.raises(DvkError) as caught:
        office_account("vp-c", "HUYEN-C")
    [finding] = caught.value.findings
    assert finding.code == "office-unknown" and "HUYEN-A, HUYEN-B, TINH" in finding.message


def test_a_districts_audit_log_and_password_resets_reach_only_its_own(offices):
    from scoring.workspace.models import Round
    from scoring.workspace.store import audit

    from portalkit import make_account

    audit(Round.objects.get(code="b-2025"), "vp-b", "note", "SO-GIALAP / 1.1")
    make_account("SO-GIALAP", "unit", "SO-GIALAP")  # a unit on the sibling's roster only
    make_account("SO-VIDU", "unit", "SO-VIDU")
    district = client_for(offices["vp-a"])
    log = district.get("/van-phong/nhat-ky/").content.decode()
    assert "a-2025" in log and "b-2025" not in log and "SO-GIALAP" not in log and "HUYEN-B" not in log
    assert "b-2025" in client_for(offices["vp-tinh"]).get("/van-phong/nhat-ky/").content.decode()
    for name in ("vp-b", "td-tinh", "SO-GIALAP"):
        page = district.post("/van-phong/cap-lai-mat-khau/", {"ten_dang_nhap": name})
        assert page.status_code == 400 and f"Không có tài khoản &#x27;{name}&#x27;" in page.content.decode(), name
    done = district.post("/van-phong/cap-lai-mat-khau/", {"ten_dang_nhap": "SO-VIDU"})
    assert done.status_code == 200 and "SO-VIDU" in done.content.decode()
    assert district.post("/van-phong/cap-lai-mat-khau/", {"ten_dang_nhap": "td-a"}).status_code == 200


def test_a_siblings_evidence_document_is_not_found_and_the_province_reads_it(offices):
    """Documents are reached by their own number: a district's office or appraiser asking for its
    sibling's gets 404; the province's staff download it (reading is allowed below)."""
    from scoring.workspace.models import EvidenceDocument, RosterEntry, StoredFile
    from scoring.workspace.store import now

    kept = Path(_root()) / "tep" / "kiem-thu" / "minh-chung.pdf"
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_bytes(b"%PDF-1.4\n%%EOF\n")
    stored = StoredFile.objects.create(sha256="ab" * 32, size=15, suffix=".pdf", stored_at=now(),
                                       path=kept.relative_to(_root()).as_posix())
    entry = RosterEntry.objects.get(round__code="b-2025", unit__code="SO-GIALAP")
    doc = EvidenceDocument.objects.create(round=entry.round, entry=entry, criterion_id="1.1", file=stored,
                                          original_name="minh-chung.pdf", content_type="application/pdf", size=15,
                                          uploaded_by="SO-GIALAP", at=now())
    for name, status in (("vp-a", 404), ("td-a", 404), ("vp-b", 200), ("vp-tinh", 200), ("td-tinh", 200)):
        assert client_for(offices[name]).get(f"/tai-lieu/{doc.pk}/").status_code == status, name


@pytest.mark.parametrize("url", ["/cap-duoi/", "/cap-duoi/tong-hop/"])
def test_the_higher_office_pages_are_the_offices_and_leaderships_only(personas, url):
    """In a workspace without offices (the personas have none) the pages open and say there is nothing below."""
    expected = {"unit_a": 403, "appraiser": 403, "nobody": 403, "office": 200, "leader": 200}
    for persona, status in expected.items():
        assert client_for(personas[persona]).get(url).status_code == status, persona
    assert client_for().get(url).status_code == 302
    shown = client_for(personas["office"]).get(url).content.decode()
    assert "Chưa có" in shown and ">Cấp dưới</a>" not in shown


def test_a_province_round_takes_a_districts_result_kept_in_the_same_workspace(offices, tmp_path):
    """The province's criterion fed by a district of this workspace: its current publication, the
    same figure the province's aggregate shows, counted here by hand from the district's ranking."""
    import json

    from portalkit import RULESET_PATH
    from scoring.workspace.factsources import round_facts
    from scoring.workspace.handoff import office_sources
    from scoring.workspace.lowerrule import declare_lower
    from scoring.workspace.models import RosterEntry, Round
    from scoring.workspace.office_lookup import office_by_code
    from scoring.workspace.results import round_ranking
    from scoring.workspace.rounds import RoundSpec, create_round
    from scoring.workspace.store import Workspace

    ws = Workspace(Path(_root()))
    listing = tmp_path / "tinh.csv"
    listing.write_text("Mã đơn vị,Tên đơn vị,Loại đơn vị\nUBND-HUYEN-A,UBND huyện A,ubnd_xa\n", encoding="utf-8")
    create_round(ws, RoundSpec(RULESET_PATH, 2025, code="tinh-2025", roster_path=listing, office="TINH",
                               deadlines={"submission": "31/12/2099"}, has_appraisal=False), who="kiem-thu")
    rule = tmp_path / "cap-duoi.json"
    rule.write_text(json.dumps({"criterion": "6.1", "figure": {"kind": "share", "classes_at_least": "tot"},
                                "units": {"UBND-HUYEN-A": "HUYEN-A"}}), encoding="utf-8")
    declare_lower(ws, "tinh-2025", rule)
    ranked = round_ranking(Round.objects.get(code="a-2025"))[2].overall
    good = sum(1 for u in ranked if u.band_label in ("Tốt", "Xuất sắc"))
    entry = RosterEntry.objects.get(round__code="tinh-2025", unit__code="UBND-HUYEN-A")
    fact = next(f for f in round_facts(entry.round)[entry.pk] if f.criterion == "6.1")
    assert fact.value == {"numerator": good, "denominator": len(ranked)}
    assert fact.evidence.startswith(f"Kết quả công bố của cơ quan cấp dưới: {NAMES['HUYEN-A']}, đợt a-2025, công bố số 01")
    seen = office_sources(ws, office_by_code("TINH"), 2025, ["HUYEN-A"])  # what the province's aggregate reads
    assert [(s.office, s.round_code, s.number) for s in seen] == [(NAMES["HUYEN-A"], "a-2025", 1)]


def test_the_model_register_of_an_office_reaches_its_units_and_those_below_never_a_siblings(offices):
    """A district's office page lists and changes its own units' models only; the province reaches
    both districts' (it recognises models at its level); the year's deadline is the province's."""
    import datetime as dt

    from scoring.workspace.modelstore import find_unit, register_model
    from scoring.workspace.models import ModelStatusChange, ModelYear
    from scoring.workspace.store import Workspace

    ws = Workspace(Path(_root()))
    for code, unit in (("MH-A", "XA-MINHHOA"), ("MH-B", "XA-HUCAU")):
        register_model(ws, 2025, find_unit(unit), {"code": code, "name": f"Mô hình {code}", "field": "kinh_te",
                                                   "registered_on": dt.date(2025, 3, 1)})
    page = {name: client_for(offices[name]).get("/van-phong/mo-hinh/?nam=2025").content.decode()
            for name in ("vp-a", "vp-b", "vp-tinh")}
    assert "MH-A" in page["vp-a"] and "MH-B" not in page["vp-a"]
    assert "MH-B" in page["vp-b"] and "MH-A" not in page["vp-b"]
    assert "MH-A" in page["vp-tinh"] and "MH-B" in page["vp-tinh"]
    step = {"nam": "2025", "trang_thai": "trien_khai", "ngay": "01/04/2025", "quyet_dinh": "", "ngay_quyet_dinh": "",
            "co_quan": "", "ghi_chu": ""}
    refused = client_for(offices["vp-a"]).post("/van-phong/mo-hinh/trang-thai/", {**step, "ma": "MH-B"})
    assert refused.status_code == 400 and not ModelStatusChange.objects.filter(model__code="MH-B").exists()
    assert "MH-B" in refused.content.decode() and "Mô hình MH-B" not in refused.content.decode()  # named as typed only
    sibling_unit = client_for(offices["vp-a"]).post("/van-phong/mo-hinh/nhan-rong/",
                                           {"nam": "2025", "ma": "MH-A", "don_vi": "XA-HUCAU", "ma_moi": "", "ngay": ""})
    assert sibling_unit.status_code == 400
    assert client_for(offices["vp-tinh"]).post("/van-phong/mo-hinh/trang-thai/", {**step, "ma": "MH-B"}).status_code == 302
    assert ModelStatusChange.objects.filter(model__code="MH-B", status="trien_khai").exists()
    assert client_for(offices["vp-a"]).post("/van-phong/mo-hinh/han/", {"nam": "2025", "han": "31/03/2025"}).status_code == 400
    assert not ModelYear.objects.exists()
    assert client_for(offices["vp-tinh"]).post("/van-phong/mo-hinh/han/", {"nam": "2025", "han": "31/03/2025"}).status_code == 302


def test_a_districts_year_documents_rest_on_its_own_rounds(offices, tmp_path):
    """In a shared workspace the period report is one office's: its rounds, never a sibling's."""
    from scoring.workspace.period_report import period_report
    from scoring.workspace.store import Workspace

    ws = Workspace(Path(_root()))
    assert [r.code for r in period_report(ws, "tong-ket", 2025, office="HUYEN-A").rounds] == ["a-2025"]
    assert [r.code for r in period_report(ws, "tong-ket", 2025, office="TINH").rounds] == ["t-2025"]
    with pytest.raises(DvkError) as refused:
        period_report(ws, "tong-ket", 2025, office="KHONG-CO")
    assert [f.code for f in refused.value.findings] == ["office-unknown"]


def test_a_publication_sent_by_file_belongs_to_the_office_that_took_it(offices):
    """In a shared workspace the province imports a publication from another machine into itself
    (--vao): its aggregate takes it, no other office's does, and it is not taken twice."""
    from scoring.workspace.handoff import import_publication, office_sources
    from scoring.workspace.models import Round
    from scoring.workspace.office_lookup import office_by_code
    from scoring.workspace.store import Workspace

    ws = Workspace(Path(_root()))
    folder = ws.root / Round.objects.get(code="a-2025").current_publication.folder  # as if sent by file
    record, created = import_publication(ws, folder, "Phòng Nội vụ huyện C", into="TINH")
    assert created and record.into.code == "TINH"

    def sources(office):
        return sorted((s.office, s.round_code) for s in office_sources(ws, office, 2025))

    assert ("Phòng Nội vụ huyện C", "a-2025") in sources(office_by_code("TINH"))
    assert ("Phòng Nội vụ huyện C", "a-2025") not in sources(None)
    assert sources(office_by_code("HUYEN-B")) == []
    with pytest.raises(DvkError) as again:
        import_publication(ws, folder, "Phòng Nội vụ huyện C")
    assert [f.code for f in again.value.findings] == ["handoff-into-differs"]
    assert import_publication(ws, folder, "Phòng Nội vụ huyện C", into="TINH")[1] is False


def test_the_mailings_of_a_siblings_round_are_not_found(offices):
    """The units' workbooks and the reminder letter are a round's: a sibling gets 404, the province reads them."""
    district, province = client_for(offices["vp-a"]), client_for(offices["vp-tinh"])
    for url in ("/van-phong/dot/b-2025/bieu-mau.zip", "/van-phong/dot/b-2025/cong-van-don-doc.docx"):
        assert district.get(url).status_code == 404
        assert province.get(url).status_code in (200, 302)  # 302: nobody to remind, said on the round's page


def test_the_failed_sign_ins_of_every_office_are_the_workspace_offices_page(offices, personas):
    """A declared office's account gets a 403 saying whose page it is, and no menu entry; the
    workspace's own office (no declared office) keeps it."""
    from scoring.portal.throttle import record_failure

    record_failure("vp-b", "10.0.0.9")
    district = client_for(offices["vp-a"])
    page = district.get("/van-phong/dang-nhap-sai/")
    assert page.status_code == 403 and "cơ quan quản trị không gian làm việc" in page.content.decode()
    assert "vp-b" not in page.content.decode()
    assert district.post("/van-phong/dang-nhap-sai/", {"tai_khoan": "vp-b"}).status_code == 403
    assert "/van-phong/dang-nhap-sai/" not in district.get("/van-phong/").content.decode()
    own = client_for(personas["office"])
    assert own.get("/van-phong/dang-nhap-sai/").status_code == 200
    assert "/van-phong/dang-nhap-sai/" in own.get("/van-phong/").content.decode()
