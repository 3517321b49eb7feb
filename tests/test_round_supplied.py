"""A criterion the round supplies (its round facts: the count of a unit's fixed-date documents late and
missing) needs no typed value: collect takes a blank there, and a typed value that differs is
replaced with a warning at the input — at collection and in every scoring since, on SQLite and
PostgreSQL.  A unit the round supplies nothing for still has to fill the criterion."""

from __future__ import annotations

import json
from decimal import Decimal

from openpyxl import load_workbook
from test_round_collect import make_round
from test_round_documents import DECLARATION, write
from test_round_lateness import cli
from wsfixtures import EXAMPLES, SAMPLES, backend, pg_url, ws  # noqa: F401 - fixtures

#: Due dates in the past for every type: a unit that sent nothing has 3 missing (2 for a Sở).
PAST = {"criterion": DECLARATION["criterion"], "documents": DECLARATION["documents"][:2]}


def declared(ws, tmp_path, data=PAST):
    round_ = make_round(ws, tmp_path)
    assert cli(ws, "round", "tai-lieu", "khai-bao", str(write(tmp_path, data))) == 0
    round_.refresh_from_db()
    return round_


def stp_json(folder, value, name="stp.json"):
    """The example of Sở Tư pháp with criterion 1.4 typed as ``value`` (None: left out)."""
    data = json.loads((EXAMPLES / "so-tu-phap-tham-dinh.json").read_text(encoding="utf-8"))
    data["answers"].pop("1.4")
    if value is not None:
        data["answers"]["1.4"] = {"self": value}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def counted(round_, code):
    from scoring.workspace.models import RosterEntry
    from scoring.workspace.results import score_submission
    from scoring.workspace.rounds import ruleset_of

    entry = RosterEntry.objects.select_related("current").get(round=round_, unit__code=code)
    return entry.current, score_submission(ruleset_of(round_), round_, entry.current)


def node(result, node_id):
    return next(n for n in result.nodes if n.id == node_id)


def test_a_blank_the_round_supplies_is_taken_and_scored_with_the_rounds_value(ws, tmp_path):
    from scoring.workspace.collect import collect

    round_ = declared(ws, tmp_path)
    report = collect(ws, round_.code, [stp_json(tmp_path / "in", None)])
    assert report.rejected == [] and len(report.accepted) == 1
    submission, result = counted(round_, "STP")
    assert result.ok and node(result, "1.4").final_points == Decimal(0)  # 2 missing: 3 − 4, at least 0
    assert not [f for f in result.findings if f.code in ("input-missing", "input-set-by-round")]
    assert submission.status == "accepted" and submission.data["answers"].get("1.4") is None  # kept as read


def test_a_typed_value_is_replaced_with_a_warning_at_the_input(ws, tmp_path):
    from scoring.workspace.collect import collect

    round_ = declared(ws, tmp_path)
    assert cli(ws, "round", "tai-lieu", "nhan", "STP", "ke-hoach", "--ngay", "21/5/2025") == 0  # late
    collect(ws, round_.code, [stp_json(tmp_path / "in", {"tre_han": 0, "khong_gui": 1})])
    submission, result = counted(round_, "STP")
    stored = [f for f in submission.findings if f["code"] == "input-set-by-round"]
    now = [f for f in result.findings if f.code == "input-set-by-round"]
    assert len(stored) == 1 and len(now) == 1
    warning = now[0]
    assert warning.severity == "warning" and warning.location.criterion_id == "1.4"
    assert warning.location.stage == "self" and warning.location.field == "tre_han"
    assert "Số báo cáo trễ hạn: 0 → 1" in warning.message and "không gửi" not in warning.message.split("Căn cứ")[0]
    assert "Kế hoạch công tác dân vận năm (hạn 23:59 ngày 20/05/2025): nộp muộn" in warning.message
    assert node(result, "1.4").final_points == Decimal(0)  # 1 late, 1 missing: 3 − 1 − 2


def test_the_warning_follows_the_rounds_value_and_goes_when_they_agree(ws, tmp_path):
    from scoring.workspace.collect import collect

    round_ = declared(ws, tmp_path)
    collect(ws, round_.code, [stp_json(tmp_path / "in", {"tre_han": 0, "khong_gui": 1})])
    first = [f for f in counted(round_, "STP")[1].findings if f.code == "input-set-by-round"]
    assert len(first) == 1 and "Số báo cáo không gửi: 1 → 2" in first[0].message
    assert cli(ws, "round", "tai-lieu", "nhan", "STP", "ke-hoach", "--ngay", "1/5/2025") == 0  # on time now
    _, result = counted(round_, "STP")
    assert not [f for f in result.findings if f.code == "input-set-by-round"]  # typed 0 late, 1 missing: agreed
    assert node(result, "1.4").final_points == Decimal(1)


def test_a_unit_the_round_supplies_nothing_for_still_fills_the_criterion(ws, tmp_path):
    """Only communes owe the documents: a Sở's blank 1.4 is its own, and refused as before."""
    from scoring.workspace.collect import collect

    only_communes = {"criterion": DECLARATION["criterion"], "documents": DECLARATION["documents"][3:]}
    round_ = declared(ws, tmp_path, only_communes)
    report = collect(ws, round_.code, [stp_json(tmp_path / "in", None)])
    assert report.accepted == [] and len(report.rejected) == 1
    assert "input-missing" in [f.code for f in report.rejected[0][1]]


def blanked_workbook(tmp_path, source="so-gialap.xlsx", value=None):
    """The sample workbook with criterion 1.4's self cells set to ``value`` (None: emptied); the cells."""
    from scoring.intake.pipeline import read_input
    from scoring.rules.load import load_ruleset
    from wsfixtures import RULESET

    read = read_input(SAMPLES / source, load_ruleset(RULESET))
    cells = {key: read.cells[("1.4", "self", key)] for key in ("tre_han", "khong_gui")}
    book = load_workbook(SAMPLES / source)
    for where in cells.values():
        book[where.sheet][where.cell] = value
    folder = tmp_path / "in"
    folder.mkdir(parents=True, exist_ok=True)
    book.save(folder / source)
    return folder / source, cells


def test_a_workbook_left_blank_there_is_taken_and_a_typed_cell_is_named(ws, tmp_path):
    from scoring.workspace.collect import collect

    round_ = declared(ws, tmp_path)
    path, _ = blanked_workbook(tmp_path)
    report = collect(ws, round_.code, [path])
    assert report.rejected == [] and report.accepted == [str(path)]
    assert counted(round_, "SO-GIALAP")[1].ok
    path, cells = blanked_workbook(tmp_path / "lan-2", value=5)
    collect(ws, round_.code, [path])
    submission, result = counted(round_, "SO-GIALAP")
    warning = next(f for f in result.findings if f.code == "input-set-by-round")
    assert (warning.location.sheet, warning.location.cell) == (cells["tre_han"].sheet, cells["tre_han"].cell)
    assert "Số báo cáo trễ hạn: 5 → 0; Số báo cáo không gửi: 5 → 2" in warning.message
    assert submission.original_name == "so-gialap.xlsx" and submission.status == "accepted"
