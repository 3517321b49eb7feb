"""A unit's lateness, the office's extensions and waivers: one rule, and every surface agreeing
with it (the stored submission, the score's lateness fact, status, the roll, the publication),
through the library and the command line, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from test_round_collect import changed_json, inbox, make_round
from wsfixtures import backend, deadline_passes, pg_url, ws  # noqa: F401 - fixtures

from scoring.core.findings import DvkError

CORRECTION_REASON = "Đơn vị gửi bản sửa lỗi đánh máy sau hạn; nội dung đã nộp đúng hạn"
EXTENSION_REASON = "Xã bị ngập lụt, mất điện từ 08/5 đến 12/5"


def cli(ws, *argv: str) -> int:
    """``dvk ARGV`` on the test's workspace (its database too); its exit code."""
    from scoring.cli.app import main

    where = ["-w", str(ws.root)] + (["--database", ws.url] if ws.url else [])
    return main([*argv, *where])


def surfaces(round_) -> dict[str, set[str]]:
    """The units each surface calls late now, and the units the one rule calls late."""
    from scoring.workspace.lateness import late_at, unit_due
    from scoring.workspace.models import RosterEntry
    from scoring.workspace.results import effective_submission, stored_submission
    from scoring.workspace.roll import round_roll
    from scoring.workspace.rounds import block_names, deadline
    from scoring.workspace.status import late_units, round_status

    due = deadline(round_)
    entries = RosterEntry.objects.filter(round=round_, current__isnull=False).select_related("current", "unit")
    status = round_status(None, round_.code)
    fact = round_.late_fact
    return {
        "rule": {e.unit.code for e in entries
                 if late_at(e.current.received_at, unit_due(e, due), bool(e.waiver_reason))},
        "stored": {e.unit.code for e in entries if e.current.late},
        "finding": {e.unit.code for e in entries if any(f["code"] == "collect-late" for f in e.current.findings)},
        # the round's lateness fact, where the unit did not set it itself (XA-HUCAU's sample does)
        "score fact": {e.unit.code for e in entries if _fact_set(effective_submission(round_, e.current), fact)
                       and not _fact_set(stored_submission(e.current), fact)},
        "declared": {e.unit.code for e in entries if _fact_set(stored_submission(e.current), fact)},
        "status list": {u.code for u in late_units(round_, block_names(round_))},
        "roll": {u.code for u in round_roll(round_).late},
        "status count": {str(status.total.late)},
    }


def _fact_set(submission, fact: str) -> bool:
    answer = submission.answers.get(fact)
    return answer is not None and answer.self_value is True


def assert_agree(round_, expected: set[str]) -> None:
    seen = surfaces(round_)
    count, declared = seen.pop("status count"), seen.pop("declared")
    assert count == {str(len(expected))}, count
    seen["score fact"] |= expected & declared
    assert {name: codes for name, codes in seen.items() if codes != expected} == {}, expected


def test_a_correction_after_the_deadline_is_late_until_waived_and_every_surface_agrees(ws, tmp_path):
    walk_with_allowances(ws, tmp_path)


def walk_with_allowances(ws, tmp_path):
    """On time, a correction after the deadline, an extension before sending, one after, a waiver
    given, withdrawn and given again: every surface agreeing with the rule at each step; the round."""
    from scoring.engine.score import score
    from scoring.workspace.collect import collect
    from scoring.workspace.lateness import grant_extension, waive_lateness
    from scoring.workspace.models import RosterEntry
    from scoring.workspace.results import score_submission, stored_submission
    from scoring.workspace.rounds import ruleset_of

    round_ = make_round(ws, tmp_path, late_fact="F1")
    first = inbox(tmp_path / "dung-han", ("ban-minhhoa.xlsx",))
    changed_json(first, "so-tu-phap-tham-dinh.json", True)
    collect(ws, None, [first])
    deadline_passes()
    # SO-GIALAP asked for more time before sending: its file after the round's deadline is on time
    grant_extension(ws, None, "so-gialap", "31/12/2099 17:00", EXTENSION_REASON)
    corrected = inbox(tmp_path / "sau-han", ("xa-hucau.xlsx", "so-vidu.xlsx", "so-gialap.xlsx"))
    changed_json(corrected, "so-tu-phap-tham-dinh.json", False)  # STP's corrected file, after the deadline
    report = collect(ws, None, [corrected])
    assert sorted(Path(p).name for p in report.late) == ["so-tu-phap-tham-dinh.json", "so-vidu.xlsx", "xa-hucau.xlsx"]
    assert_agree(round_, {"STP", "SO-VIDU", "XA-HUCAU"})

    stp = RosterEntry.objects.get(round=round_, unit__code="STP")
    plain = score(ruleset_of(round_), stored_submission(stp.current)).final.band_label
    lowered = score_submission(ruleset_of(round_), round_, stp.current).final.band_label
    assert lowered != plain  # the ruleset's gate on F1 lowered the late unit one class
    entry, changes = waive_lateness(ws, None, "STP", CORRECTION_REASON)
    assert [(c.code, c.late) for c in changes] == [("STP", False)]
    entry.refresh_from_db()
    sub = entry.current
    assert (score_submission(ruleset_of(round_), round_, sub).final.band_label, sub.band_label) == (plain, plain)
    entry, changes = grant_extension(ws, None, "XA-HUCAU", "31/12/2099", EXTENSION_REASON)
    assert [(c.code, c.late) for c in changes] == [("XA-HUCAU", False)]
    assert_agree(round_, {"SO-VIDU"})

    # withdrawing gives the lateness back, and the audit log keeps every step with its reason
    assert [(c.code, c.late) for c in waive_lateness(ws, None, "STP", "Nhầm đơn vị", withdraw=True)[1]] == [("STP", True)]
    assert_agree(round_, {"SO-VIDU", "STP"})
    waive_lateness(ws, None, "STP", CORRECTION_REASON)
    actions = list(round_.audit.filter(action__startswith="late-").order_by("id").values_list("action", "target"))
    assert actions == [("late-extended", "SO-GIALAP"), ("late-recomputed", "thu hồ sơ"),  # its file: on time
                       ("late-waived", "STP"), ("late-recomputed", "STP"),
                       ("late-extended", "XA-HUCAU"), ("late-recomputed", "XA-HUCAU"),
                       ("late-waived", "STP"), ("late-recomputed", "STP"),
                       ("late-waived", "STP"), ("late-recomputed", "STP")]
    assert round_.audit.filter(action="late-waived").first().after["reason"] == CORRECTION_REASON
    return round_


def test_the_publication_names_the_late_units_and_the_office_allowances(ws, tmp_path):
    from scoring.workspace.publication import publish_round
    from scoring.workspace.rounds import move_round

    walk_with_allowances(ws, tmp_path)
    for state in ("closed", "appraisal", "final"):
        move_round(None, state)
    folder = ws.root / publish_round(ws, None).folder
    with open(folder / "chua-nop-nop-muon.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["Mã đơn vị"] for r in rows if r["Tình trạng"] == "Nộp muộn"} == {"SO-VIDU"}
    excused = {r["Mã đơn vị"]: r["Hạn nộp"] for r in rows if r["Tình trạng"] == "Gia hạn, miễn muộn"}
    assert excused == {"SO-GIALAP": f"Gia hạn đến 17:00 ngày 31/12/2099. Lý do: {EXTENSION_REASON}",
                       "STP": f"Miễn tính nộp muộn. Lý do: {CORRECTION_REASON}",
                       "XA-HUCAU": f"Gia hạn đến 23:59 ngày 31/12/2099. Lý do: {EXTENSION_REASON}"}
    roster = json.loads((folder / "ket-qua.json").read_text(encoding="utf-8"))["roster"]
    assert [u["code"] for u in roster["late"]] == ["SO-VIDU"]
    assert {u["code"]: u["reason"] for u in roster["excused"]} == {
        "SO-GIALAP": EXTENSION_REASON, "STP": CORRECTION_REASON, "XA-HUCAU": EXTENSION_REASON}
    with open(folder / "nguon-du-lieu.csv", encoding="utf-8-sig") as handle:
        assert {r["Mã đơn vị"] for r in csv.DictReader(handle) if r["Nộp muộn"] == "Có"} == {"SO-VIDU"}
    import docx

    text = "\n".join(p.text for p in docx.Document(folder / "bao-cao.docx").paragraphs)
    assert "Gia hạn, miễn tính nộp muộn: 3 trường hợp" in text and CORRECTION_REASON in text
    # once published, nothing about lateness changes any more
    with pytest.raises(DvkError) as refused:
        from scoring.workspace.lateness import waive_lateness

        waive_lateness(ws, None, "SO-VIDU", "Muộn vì lý do khách quan")
    assert [f.code for f in refused.value.findings] == ["round-published-correct"]


def test_moving_the_deadline_before_collected_files_names_the_units_it_makes_late(ws, tmp_path):
    from scoring.workspace.audit_view import log_lines
    from scoring.workspace.collect import collect
    from scoring.workspace.lateness import set_deadline

    round_ = make_round(ws, tmp_path, late_fact="F1")
    collect(ws, None, [inbox(tmp_path, ("ban-minhhoa.xlsx", "so-gialap.xlsx"))])
    due, changes = set_deadline(ws, None, "submission", "1/1/2020")
    assert sorted((c.code, c.late) for c in changes) == [("BAN-MINHHOA", True), ("SO-GIALAP", True)]
    assert_agree(round_, {"BAN-MINHHOA", "SO-GIALAP"})
    assert set_deadline(ws, None, "submission", "1/1/2020")[1] == []  # the same deadline again: nothing changes
    back = set_deadline(ws, None, "submission", "31/12/2099")[1]
    assert sorted((c.code, c.late) for c in back) == [("BAN-MINHHOA", False), ("SO-GIALAP", False)]
    assert_agree(round_, set())
    log = "\n".join(log_lines(ws, None))
    # one time zone wherever a person reads a time: no raw offsets, the deadlines as every page writes them
    assert "+00:00" not in log and "+07:00" not in log
    assert 'trước: "31/12/2099 23:59"' in log and 'sau: "01/01/2020 23:59"' in log
    assert "Tính lại nộp muộn" in log


@pytest.mark.parametrize("action, args, code", [
    ("waive_lateness", ("STP", "  "), "late-reason-missing"),
    ("grant_extension", ("STP", "1/1/2100", ""), "late-reason-missing"),
    ("waive_lateness", ("KHONG-CO", "Lý do"), "late-unit-unknown"),
    ("grant_extension", ("STP", "1/1/2020", "Lý do"), "late-extension-early"),
    ("grant_extension", ("STP", None, "Lý do"), "late-extension-which"),
    ("grant_extension", ("STP", "30/2/2100", "Lý do"), "round-bad-date"),
])
def test_an_allowance_without_what_it_needs_is_refused_and_nothing_is_recorded(ws, tmp_path, action, args, code):
    from scoring.workspace import lateness

    round_ = make_round(ws, tmp_path)
    with pytest.raises(DvkError) as refused:
        getattr(lateness, action)(ws, None, *args)
    assert [f.code for f in refused.value.findings] == [code]
    assert not round_.audit.filter(action__startswith="late-").exists()
    assert not round_.roster.exclude(extended_until=None).exists() and not round_.roster.exclude(waiver_reason="").exists()


def test_the_office_extends_and_waives_from_the_command_line(ws, tmp_path, capsys):
    from scoring.workspace.collect import collect

    make_round(ws, tmp_path, late_fact="F1")
    collect(ws, None, [inbox(tmp_path, ("ban-minhhoa.xlsx",))])
    assert cli(ws, "round", "deadline", "1/1/2020") == 0
    out = capsys.readouterr().out
    assert "Đã đặt hạn: 23:59 ngày 01/01/2020." in out and "Thành nộp muộn (1 đơn vị):" in out and "BAN-MINHHOA" in out
    assert cli(ws, "round", "waive", "BAN-MINHHOA", "--ly-do", "") == 1
    err = capsys.readouterr().err
    assert err.startswith("LỖI [late-reason-missing]: ") and "-:" not in err  # no location: none printed
    assert cli(ws, "round", "waive", "ban-minhhoa", "--ly-do", CORRECTION_REASON) == 0
    out = capsys.readouterr().out
    assert "Đã miễn tính nộp muộn cho BAN-MINHHOA" in out and "Không còn nộp muộn (1 đơn vị):" in out
    assert cli(ws, "round", "extend", "XA-HUCAU", "20/5/2100 17:00", "--ly-do", EXTENSION_REASON) == 0
    assert "Đã gia hạn nộp cho XA-HUCAU (UBND xã Hư Cấu) đến 17:00 ngày 20/05/2100." in capsys.readouterr().out
    assert cli(ws, "round", "status") == 0
    status = capsys.readouterr().out
    assert "Gia hạn, miễn tính nộp muộn (2):" in status
    assert "BAN-MINHHOA Ban Minh Họa tỉnh (" in status and f"Miễn tính nộp muộn. Lý do: {CORRECTION_REASON}" in status
    assert f"Gia hạn đến 17:00 ngày 20/05/2100. Lý do: {EXTENSION_REASON}" in status
    assert cli(ws, "round", "log") == 0
    log = capsys.readouterr().out
    assert "Miễn tính nộp muộn | BAN-MINHHOA" in log and "Gia hạn nộp cho đơn vị | XA-HUCAU" in log
    assert CORRECTION_REASON in log and "+00:00" not in log


def test_an_extension_never_shortens_a_units_deadline():
    import datetime as dt
    from types import SimpleNamespace

    from scoring.workspace.lateness import late_at, unit_due

    utc = dt.timezone.utc
    early, late = dt.datetime(2026, 5, 10, tzinfo=utc), dt.datetime(2026, 5, 20, tzinfo=utc)
    assert unit_due(SimpleNamespace(extended_until=late), early) == late
    assert unit_due(SimpleNamespace(extended_until=early), late) == late  # the round's deadline moved past it
    assert unit_due(SimpleNamespace(extended_until=None), early) == early
    assert unit_due(SimpleNamespace(extended_until=late), None) == late
    assert unit_due(SimpleNamespace(extended_until=None), None) is None
    received = dt.datetime(2026, 5, 15, tzinfo=utc)
    assert (late_at(received, early, False), late_at(received, late, False), late_at(received, early, True),
            late_at(received, None, False)) == (True, False, False, False)
