"""The year's fixed-date documents of a round (issue 24 item 5): declared from a JSON file,
recorded by the office, each unit on time, late or missing per document in the status (lines and
workbook), and the count set as the criterion's value with the evidence naming the documents —
every surface agreeing — through the command line, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from test_round_collect import inbox, make_round
from test_round_lateness import cli
from wsfixtures import backend, pg_url, ws  # noqa: F401 - fixtures

from scoring.core.findings import DvkError

#: Due dates in the past (so missing counts) but for the year-end report, due in 2099.
DECLARATION = {
    "criterion": {"id": "1.4", "late": "tre_han", "missing": "khong_gui"},
    "documents": [
        {"code": "ke-hoach", "name": "Kế hoạch công tác dân vận năm", "due": "20/5/2025"},
        {"code": "bao-cao-6-thang", "name": "Báo cáo sơ kết 6 tháng", "due": "10/7/2025 17:00"},
        {"code": "bao-cao-nam", "name": "Báo cáo tổng kết năm", "due": "31/12/2099"},
        {"code": "dang-ky-mo-hinh", "name": "Đăng ký mô hình \"Dân vận khéo\"", "due": "12/3/2025",
         "unit_types": ["ubnd_xa"]},
    ],
}


def write(tmp_path, data, name="van-ban.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def states(round_) -> dict[str, dict[str, str]]:
    from scoring.workspace.duestate import unit_documents

    return {u.code: {d.code: d.state for d in u.documents} for u in unit_documents(round_)}


def declared_round(ws, tmp_path, data=DECLARATION):
    round_ = make_round(ws, tmp_path)
    assert cli(ws, "round", "tai-lieu", "khai-bao", str(write(tmp_path, data))) == 0
    round_.refresh_from_db()
    return round_


def test_the_office_records_receipts_and_each_unit_stands_per_document(ws, tmp_path, capsys):
    round_ = declared_round(ws, tmp_path)
    out = capsys.readouterr().out
    assert "Đã khai báo 4 văn bản" in out and "tiêu chí 1.4" in out and "23:59 ngày 20/05/2025" in out
    assert cli(ws, "round", "tai-lieu", "nhan", "SO-GIALAP", "ke-hoach", "--ngay", "20/5/2025",
               "--ghi-chu", "Công văn số 12/KH-SGL") == 0
    assert cli(ws, "round", "tai-lieu", "nhan", "so-gialap", "BAO-CAO-6-THANG", "--ngay", "11/7/2025 08:00") == 0
    out = capsys.readouterr().out
    assert "đúng hạn" in out and "nộp muộn" in out and "11/07/2025 08:00" in out
    seen = states(round_)
    assert seen["SO-GIALAP"] == {"ke-hoach": "dung-han", "bao-cao-6-thang": "nop-muon", "bao-cao-nam": "chua-den-han"}
    assert seen["XA-HUCAU"] == {"ke-hoach": "chua-nop", "bao-cao-6-thang": "chua-nop", "bao-cao-nam": "chua-den-han",
                                "dang-ky-mo-hinh": "chua-nop"}
    assert "dang-ky-mo-hinh" not in seen["STP"]  # a Sở does not register models
    assert cli(ws, "round", "status") == 0
    out = capsys.readouterr().out
    assert "Kế hoạch công tác dân vận năm (ke-hoach) | 23:59 ngày 20/05/2025 | 1 | 0 | 7 | 0" in out
    behind = out.split("Đơn vị nộp muộn, chưa nộp văn bản (8):\n")[1].splitlines()
    line = next(x for x in behind if x.startswith("  SO-GIALAP Sở Giả Lập ("))
    assert line.endswith("): Báo cáo sơ kết 6 tháng: nộp muộn"), line  # on time and not yet due: not listed
    assert "XA-HUCAU UBND xã Hư Cấu" in out and "Đăng ký mô hình \"Dân vận khéo\": chưa nộp" in out
    actions = [(e.action, e.target) for e in round_.audit.order_by("id")]
    assert ("documents-declared", str(tmp_path / "van-ban.json")) in actions
    assert ("document-received", "SO-GIALAP / ke-hoach") in actions
    receipt = round_.audit.filter(action="document-received").order_by("id").first().after
    assert receipt == {"document": "Kế hoạch công tác dân vận năm", "received_at": "2025-05-20T23:59:59+07:00",
                       "channel": "office", "note": "Công văn số 12/KH-SGL"}
    assert cli(ws, "round", "log") == 0
    log = capsys.readouterr().out
    assert "| kiem-thu | Khai báo văn bản nộp theo hạn |" in log
    assert "| kiem-thu | Nhận văn bản nộp theo hạn | SO-GIALAP / ke-hoach" in log
    assert '"received_at": "20/05/2025 23:59"' in log and "+07:00" not in log  # one zone, one format


@pytest.mark.parametrize(("due", "received", "state"), [
    ("10/7/2025 17:00", "10/7/2025 17:00", "dung-han"),
    ("10/7/2025 17:00", "10/7/2025 17:01", "nop-muon"),
    ("10/7/2025 17:00", "10/7/2025", "nop-muon"),        # a date alone is the end of that day
    ("10/7/2025", "10/7/2025 23:59", "dung-han"),
    ("10/7/2025", "10/7/2025", "dung-han"),
    ("10/7/2025", "11/7/2025 00:00", "nop-muon"),
    ("2025-07-10", "2025-07-11 00:00", "nop-muon"),
])
def test_the_deadline_boundary_is_vietnam_time(ws, tmp_path, capsys, due, received, state):
    data = {"documents": [{"code": "bc", "name": "Báo cáo 6 tháng", "due": due}]}
    round_ = declared_round(ws, tmp_path, data)
    assert cli(ws, "round", "tai-lieu", "nhan", "STP", "bc", "--ngay", received) == 0
    assert states(round_)["STP"] == {"bc": state}
    from scoring.workspace.duestate import LABELS

    assert capsys.readouterr().out.rstrip().endswith(f"{LABELS[state].lower()}.")


def test_the_count_is_the_criterion_value_and_every_surface_agrees(ws, tmp_path):
    """The unit wrote 0 late and 0 missing in 1.4; the round's documents say otherwise."""
    from scoring.workspace.collect import collect
    from scoring.workspace.models import RosterEntry
    from scoring.workspace.results import effective_submission, round_results, score_submission
    from scoring.workspace.rounds import ruleset_of
    from scoring.workspace.whatif import round_sources

    round_ = declared_round(ws, tmp_path)
    assert cli(ws, "round", "tai-lieu", "nhan", "SO-GIALAP", "ke-hoach", "--ngay", "1/5/2025") == 0
    assert cli(ws, "round", "tai-lieu", "nhan", "SO-GIALAP", "bao-cao-6-thang", "--ngay", "12/7/2025") == 0
    collect(ws, round_.code, [inbox(tmp_path)])
    entries = {e.unit.code: e for e in RosterEntry.objects.filter(round=round_, current__isnull=False)
               .select_related("current", "unit")}
    _, batch = round_results(round_)
    by_code = {r.unit_code: r for r in batch.accepted}
    sources = {s.name: s.submission for s in round_sources(round_.code)[1]}
    expected = {"SO-GIALAP": ({"tre_han": 1, "khong_gui": 0}, Decimal(2)),  # 3 − 1
                "BAN-MINHHOA": ({"tre_han": 0, "khong_gui": 2}, Decimal(0)),
                "XA-HUCAU": ({"tre_han": 0, "khong_gui": 3}, Decimal(0))}
    for code, (value, points) in expected.items():
        entry = entries[code]
        answer = effective_submission(round_, entry.current).answers["1.4"]
        assert answer.self_value == value
        assert "Kế hoạch công tác dân vận năm (hạn 23:59 ngày 20/05/2025)" in answer.evidence
        assert "Báo cáo tổng kết năm (hạn 23:59 ngày 31/12/2099): chưa đến hạn" in answer.evidence
        one = score_submission(ruleset_of(round_), round_, entry.current)
        assert one.final.total == by_code[code].final.total  # the unit's page and the round's list
        assert sources[entry.current.original_name].answers["1.4"].self_value == value  # what-if
        node = next(n for n in by_code[code].nodes if n.id == "1.4")
        assert node.final_points == points, node
    evidence = effective_submission(round_, entries["SO-GIALAP"].current).answers["1.4"].evidence
    assert "Kế hoạch công tác dân vận năm (hạn 23:59 ngày 20/05/2025): đúng hạn, nhận 01/05/2025 23:59" in evidence
    assert "Báo cáo sơ kết 6 tháng (hạn 17:00 ngày 10/07/2025): nộp muộn, nhận 12/07/2025 23:59" in evidence


def test_without_a_criterion_the_documents_are_only_shown(ws, tmp_path):
    from scoring.workspace.collect import collect
    from scoring.workspace.models import RosterEntry
    from scoring.workspace.results import effective_submission, stored_submission

    round_ = declared_round(ws, tmp_path, {"documents": DECLARATION["documents"]})
    collect(ws, round_.code, [inbox(tmp_path)])
    entry = RosterEntry.objects.get(round=round_, unit__code="XA-HUCAU")
    assert effective_submission(round_, entry.current) == stored_submission(entry.current)
    assert states(round_)["XA-HUCAU"]["ke-hoach"] == "chua-nop"


@pytest.mark.parametrize(("change", "codes"), [
    (lambda d: d["documents"][0].update(due="31/2/2025"), ["round-bad-date"]),
    (lambda d: d["documents"][3].update(unit_types=["phuong"]), ["duedoc-unit-type"]),
    (lambda d: d["documents"][1].update(code="KE-HOACH"), ["duedoc-bad-code"]),
    (lambda d: d["documents"][1].update(code="bao cao"), ["duedoc-bad-code"]),
    (lambda d: d["criterion"].update(id="1.1"), ["duedoc-criterion"]),
    (lambda d: d["criterion"].update(missing="tre_han"), ["duedoc-kinds"]),
    (lambda d: d["criterion"].update(late="muon"), ["duedoc-kinds"]),
    (lambda d: d["documents"][0].pop("name"), ["schema-violation"]),
    (lambda d: d["documents"][0].update(code="x" * 101), ["schema-violation"]),
    (lambda d: d.update(documents=[]), ["schema-violation"]),
])
def test_a_wrong_declaration_is_refused_where_it_is_wrong_and_nothing_changes(ws, tmp_path, capsys, change, codes):
    round_ = make_round(ws, tmp_path)
    data = json.loads(json.dumps(DECLARATION))
    change(data)
    path = write(tmp_path, data)
    before = path.read_bytes()
    assert cli(ws, "round", "tai-lieu", "khai-bao", str(path)) == 1
    err = capsys.readouterr().err
    assert [c for c in codes if f"[{c}]" not in err] == [], err
    assert str(path) in err and "Traceback" not in err
    assert path.read_bytes() == before
    assert not round_.due_documents.exists() and not round_.audit.filter(action="documents-declared").exists()


def test_receipts_refused_with_reasons(ws, tmp_path, capsys):
    from scoring.workspace.duedocs import declare_documents, record_receipt

    round_ = declared_round(ws, tmp_path)
    cases = [(("STP", "dang-ky-mo-hinh"), {}, "duedoc-unknown"),   # a Sở owes no registration
             (("KHONG-CO", "ke-hoach"), {}, "late-unit-unknown"),
             (("STP", "ke-hoach"), {"when": "1/1/2099"}, "duedoc-future"),
             (("STP", "ke-hoach"), {"when": "hôm qua"}, "round-bad-date")]
    for (unit, code), extra, expected in cases:
        with pytest.raises(DvkError) as caught:
            record_receipt(ws, round_.code, unit, code, **extra)
        assert [f.code for f in caught.value.findings] == [expected]
    assert cli(ws, "round", "tai-lieu", "nhan", "STP", "dang-ky-mo-hinh") == 1
    assert "ke-hoach, bao-cao-6-thang, bao-cao-nam" in capsys.readouterr().err
    assert not round_.document_receipts.exists()
    record_receipt(ws, round_.code, "STP", "ke-hoach", "1/5/2025")
    smaller = {"documents": DECLARATION["documents"][1:]}
    with pytest.raises(DvkError) as caught:  # a document already received is not dropped
        declare_documents(ws, round_.code, write(tmp_path, smaller, "bot.json"))
    assert [f.code for f in caught.value.findings] == ["duedoc-received"]
    assert round_.due_documents.count() == 4
    kept = {"documents": DECLARATION["documents"][:1]}
    declare_documents(ws, round_.code, write(tmp_path, kept, "mot.json"))  # the others had none
    round_.refresh_from_db()
    assert [d.code for d in round_.due_documents.all()] == ["ke-hoach"] and round_.documents_rule == {}
    assert cli(ws, "round", "state", "closed") == 0 and cli(ws, "round", "state", "appraisal") == 0
    assert cli(ws, "round", "state", "final") == 0
    assert cli(ws, "round", "tai-lieu", "nhan", "STP", "ke-hoach", "--ngay", "2/5/2025") == 1
    assert "[round-state-forbids]" in capsys.readouterr().err


def test_the_status_workbook_has_each_unit_per_document(ws, tmp_path):
    from openpyxl import load_workbook

    round_ = declared_round(ws, tmp_path)
    assert cli(ws, "round", "tai-lieu", "nhan", "XA-HUCAU", "dang-ky-mo-hinh", "--ngay", "12/3/2025 08:15") == 0
    out = tmp_path / "tinh-hinh.xlsx"
    assert cli(ws, "round", "status", "--xlsx", str(out)) == 0
    sheet = load_workbook(out)["Văn bản theo hạn"]
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=4)]
    assert ("XA-HUCAU", "UBND xã Hư Cấu") == rows[-4][1:3] or any(r[1] == "XA-HUCAU" for r in rows)
    mine = {r[4]: (r[5], r[6], r[7]) for r in rows if r[1] == "XA-HUCAU"}
    assert mine['Đăng ký mô hình "Dân vận khéo"'] == ("23:59 ngày 12/03/2025", "12/03/2025 08:15", "Đúng hạn")
    assert mine["Báo cáo tổng kết năm"] == ("23:59 ngày 31/12/2099", None, "Chưa đến hạn")
    assert mine["Kế hoạch công tác dân vận năm"][2] == "Chưa nộp"
    units = round_.roster.count()
    assert len(rows) == 3 * units + round_.roster.filter(unit_type="ubnd_xa").count()


def test_the_sample_declaration_of_the_repository_is_accepted(ws, tmp_path, capsys):
    from pathlib import Path

    sample = Path(__file__).parent.parent / "van-ban-mau.json"
    round_ = make_round(ws, tmp_path)
    assert cli(ws, "round", "tai-lieu", "khai-bao", str(sample)) == 0
    assert "Đã khai báo 4 văn bản" in capsys.readouterr().out
    assert round_.due_documents.get(code="dang-ky-mo-hinh").unit_types == ["ubnd_xa"]


def test_today_is_a_receipt_date_and_tomorrow_is_not(ws, tmp_path):
    import datetime as dt

    from scoring.workspace.duedocs import record_receipt
    from scoring.workspace.rounds import VN

    round_ = declared_round(ws, tmp_path)
    today = dt.datetime.now(VN).date()
    receipt = record_receipt(ws, round_.code, "STP", "bao-cao-nam", today.strftime("%d/%m/%Y"))
    assert receipt.received_at.astimezone(VN).date() == today and states(round_)["STP"]["bao-cao-nam"] == "dung-han"
    with pytest.raises(DvkError) as caught:
        record_receipt(ws, round_.code, "STP", "bao-cao-nam", (today + dt.timedelta(days=1)).strftime("%d/%m/%Y 00:00"))
    assert [f.code for f in caught.value.findings] == ["duedoc-future"]


def test_a_unit_that_owes_no_document_keeps_its_own_count(ws, tmp_path):
    from scoring.workspace.collect import collect
    from scoring.workspace.models import RosterEntry
    from scoring.workspace.results import effective_submission, stored_submission

    only_communes = {"criterion": DECLARATION["criterion"], "documents": DECLARATION["documents"][3:]}
    round_ = declared_round(ws, tmp_path, only_communes)
    collect(ws, round_.code, [inbox(tmp_path)])
    sở = RosterEntry.objects.get(round=round_, unit__code="SO-GIALAP")
    xã = RosterEntry.objects.get(round=round_, unit__code="XA-HUCAU")
    assert effective_submission(round_, sở.current) == stored_submission(sở.current)
    assert effective_submission(round_, xã.current).answers["1.4"].self_value == {"tre_han": 0, "khong_gui": 1}


@pytest.mark.parametrize(("text", "code"), [(None, "file-not-found"), ("{\"documents\": [", "json-syntax")])
def test_a_missing_or_broken_declaration_file_is_one_finding(ws, tmp_path, capsys, text, code):
    round_ = make_round(ws, tmp_path)
    path = tmp_path / "van-ban.json"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    assert cli(ws, "round", "tai-lieu", "khai-bao", str(path)) == 1
    err = capsys.readouterr().err
    assert f"[{code}]" in err and "Traceback" not in err, err
    assert not round_.due_documents.exists()


def test_control_characters_in_a_name_are_dropped(ws, tmp_path):
    data = {"documents": [{"code": "bc", "name": "Báo cáo\x1b[31m năm\x00", "due": "1/1/2099"}]}
    round_ = declared_round(ws, tmp_path, data)
    assert round_.due_documents.get().name == "Báo cáo[31m năm"


def test_a_settled_round_judges_its_documents_at_the_moment_it_became_final(ws, tmp_path):
    """Once final, a document that falls due (or arrives) later changes neither state nor score."""
    import datetime as dt

    from scoring.workspace.collect import collect
    from scoring.workspace.duestate import LATE, MISSING, ON_TIME, PENDING, round_clock
    from scoring.workspace.models import AuditEntry, RosterEntry
    from scoring.workspace.results import effective_submission, round_results

    round_ = declared_round(ws, tmp_path)
    assert cli(ws, "round", "tai-lieu", "nhan", "SO-GIALAP", "ke-hoach", "--ngay", "1/5/2025") == 0
    assert cli(ws, "round", "tai-lieu", "nhan", "SO-GIALAP", "bao-cao-6-thang", "--ngay", "12/7/2025") == 0
    collect(ws, round_.code, [inbox(tmp_path)])
    for state in ("closed", "appraisal", "final"):
        assert cli(ws, "round", "state", state) == 0
    round_.refresh_from_db()
    settled = dt.datetime(2025, 7, 1, 9, 0, tzinfo=dt.timezone.utc)  # as if it became final then
    AuditEntry.objects.filter(round=round_, action="state-changed").update(at=settled)
    assert round_clock(round_) == settled
    seen = states(round_)
    assert seen["SO-GIALAP"] == {"ke-hoach": ON_TIME, "bao-cao-6-thang": PENDING, "bao-cao-nam": PENDING}
    assert seen["BAN-MINHHOA"]["ke-hoach"] == MISSING and seen["BAN-MINHHOA"]["bao-cao-6-thang"] == PENDING
    entries = {e.unit.code: e for e in RosterEntry.objects.filter(round=round_, current__isnull=False)
               .select_related("current", "unit")}
    value = {code: effective_submission(round_, e.current).answers["1.4"].self_value for code, e in entries.items()}
    assert value["SO-GIALAP"] == {"tre_han": 0, "khong_gui": 0}  # the 12/7 report came after
    assert value["XA-HUCAU"] == {"tre_han": 0, "khong_gui": 2}  # plan and registration were due before
    points = {r.unit_code: next(n for n in r.nodes if n.id == "1.4").final_points
              for r in round_results(round_)[1].accepted}
    assert points["SO-GIALAP"] == Decimal(3)
    round_.state = "open"  # running again (as no command allows; only to show the clock is now then)
    seen = states(round_)
    assert seen["SO-GIALAP"]["bao-cao-6-thang"] == LATE and seen["BAN-MINHHOA"]["bao-cao-6-thang"] == MISSING
