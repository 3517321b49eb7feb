"""A round without the council's appraisal, through the command line, and the criterion only the
council scores (``appraiser_only``, 7.1 of the bundled ruleset) asking no reason per unit; on
SQLite and PostgreSQL.

The round declares it at creation (``dvk round new --khong-tham-dinh``); status says it; closed goes
straight to final; every appraisal command says the round has no appraisal stage and suggests
only what will work; the publication does not claim a council's appraisal.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import docx
from openpyxl import load_workbook
from test_round_appraisal import UNITS, appraising
from test_round_collect import inbox
from wsfixtures import RULESET, backend, pg_url, ws  # noqa: F401 - fixtures

from scoring.reports.roll import ROUND_NOTE, ROUND_NOTE_SELF

ROSTER = """Mã đơn vị,Tên đơn vị,Loại đơn vị,Khối
BAN-MINHHOA,Ban Minh Họa tỉnh,so_ban_nganh,
SO-GIALAP,Sở Giả Lập,so_ban_nganh,
SO-VIDU,Sở Ví Dụ,so_ban_nganh,
XA-HUCAU,UBND xã Hư Cấu,ubnd_xa,
"""
NO_STAGE = "không có bước thẩm định"


def run(ws, capsys, *argv: str) -> tuple[int, str, str]:
    """``dvk ARGV`` on the test's workspace (its database too): exit code, stdout, stderr."""
    from scoring.cli.app import main

    where = ["-w", str(ws.root)] + (["--database", ws.url] if ws.url else [])
    code = main([*argv, *where])
    out, err = capsys.readouterr()
    return code, out, err


def commands(text: str) -> set[str]:
    """The ``dvk round state X`` states and ``publish`` a message suggests."""
    return {m.group(1) or "publish" for m in re.finditer(r"dvk round (?:state (\w+)|publish)", text)}


def test_a_round_without_appraisal_from_the_command_line(ws, tmp_path, capsys):
    roster = tmp_path / "ds.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    code, out, _ = run(ws, capsys, "round", "new", str(RULESET), "--year", "2025", "--roster", str(roster),
                       "--deadline", "31/12/2099", "--khong-tham-dinh")
    assert code == 0 and "Đợt không có bước thẩm định" in out and "dvk round state final" in out
    assert run(ws, capsys, "round", "collect", str(inbox(tmp_path, UNITS)))[0] in (0, 3)
    code, out, _ = run(ws, capsys, "round", "status")
    assert code == 0 and "Bước thẩm định: không có" in out
    sheet = tmp_path / "tham-dinh.xlsx"

    def refused_without_stage(*argv: str, allowed: set[str]) -> None:
        code, out, err = run(ws, capsys, "round", *argv)
        assert code == 1 and NO_STAGE in err, (argv, out, err)
        assert commands(err) == allowed, (argv, err)

    refused_without_stage("appraisal-sheet", "-o", str(sheet), allowed={"closed"})
    assert not sheet.exists()
    refused_without_stage("state", "appraisal", allowed={"closed"})
    assert run(ws, capsys, "round", "state", "closed")[0] == 0
    refused_without_stage("state", "appraisal", allowed={"open", "final"})
    refused_without_stage("state", "explanations", allowed={"open", "final"})
    refused_without_stage("import-appraisal", str(roster), allowed={"open", "final"})
    refused_without_stage("explanations-sheet", "-o", str(tmp_path / "gt.xlsx"), allowed={"open", "final"})
    code, out, _ = run(ws, capsys, "round", "state", "final")
    assert code == 0 and "Đã chốt kết quả" in out
    code, out, err = run(ws, capsys, "round", "publish")
    assert code == 0, err
    folder = Path(re.search(r": (.+) \(\d+ tệp\)", out).group(1))
    text = "\n".join(p.text for p in docx.Document(str(folder / "bao-cao.docx")).paragraphs)
    assert ROUND_NOTE_SELF in text and ROUND_NOTE not in text and "hội đồng thẩm định đã thay đổi" not in text
    assert "Số đơn vị đã được thẩm định" not in text and "không có so sánh tự chấm với thẩm định" in text
    page = html.unescape((folder / "bao-cao.html").read_text(encoding="utf-8"))
    assert ROUND_NOTE_SELF in page and ROUND_NOTE not in page and "không có so sánh tự chấm với thẩm định" in page
    # published: nothing to suggest (no state command works any more)
    refused_without_stage("import-appraisal", str(roster), allowed=set())
    refused_without_stage("state", "appraisal", allowed=set())


def test_the_council_only_criterion_needs_no_reason_and_the_others_still_do(ws, tmp_path):
    from scoring.workspace.appraisal_import import import_appraisal
    from scoring.workspace.appraisal_sheet import write_appraisal_sheet
    from scoring.workspace.models import AppraisalChange

    appraising(ws, tmp_path)
    path = write_appraisal_sheet(ws, None, tmp_path / "tham-dinh.xlsx")
    book = load_workbook(path)
    typed = []
    for sheet in book.worksheets:
        keys = [c.value for c in sheet[4]]
        if "7.1|points|appraisal" not in keys:
            continue
        for row in sheet.iter_rows(min_row=5):
            if row[0].value:
                row[keys.index("7.1|points|appraisal")].value = 8.5  # no reason typed
                typed.append(row[0].value)
    book.save(path)
    assert len(typed) >= 3
    changes = import_appraisal(ws, None, path)
    assert sorted((c.unit, c.input_id, c.after, c.reason) for c in changes) == \
        sorted((u, "7.1", 8.5, "") for u in typed)
    assert AppraisalChange.objects.filter(criterion_id="7.1").count() == len(typed)


def test_the_council_only_criterion_typed_in_the_portal_library_needs_no_reason(ws, tmp_path):
    from scoring.core.findings import DvkError
    from scoring.workspace.appraisal import record
    from scoring.workspace.models import AppraisalChange, RosterEntry

    round_ = appraising(ws, tmp_path)
    entry = RosterEntry.objects.get(round=round_, unit__code="SO-VIDU")
    result = record(entry, "7.1", 9, "  ", "tham-dinh")
    assert next(c for c in result.criteria if c.id == "7.1").final.points == 9
    assert AppraisalChange.objects.get(criterion_id="7.1").reason == ""
    try:
        record(entry, "1.1", False, "", "tham-dinh")
    except DvkError as exc:
        assert [f.code for f in exc.findings] == ["appraisal-reason-missing"]
    else:
        raise AssertionError("a change to the unit's own value needs a reason")


def test_a_round_without_appraisal_takes_no_appraisal_or_explanation_deadline(ws, tmp_path, capsys):
    from scoring.core.findings import DvkError
    from scoring.workspace.models import Round
    from scoring.workspace.rounds import RoundSpec, create_round

    roster = tmp_path / "ds.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    spec = RoundSpec(RULESET, 2025, roster_path=roster, has_appraisal=False,
                     deadlines={"submission": "31/12/2099", "appraisal": "15/1/2100"})
    try:
        create_round(ws, spec)
    except DvkError as exc:
        assert [f.code for f in exc.findings] == ["round-no-appraisal"]
    else:
        raise AssertionError("an appraisal deadline in a round without appraisal")
    assert not Round.objects.exists()
    assert run(ws, capsys, "round", "new", str(RULESET), "--year", "2025", "--khong-tham-dinh")[0] == 0
    code, _, err = run(ws, capsys, "round", "deadline", "15/1/2100", "--kind", "explanation")
    assert code == 1 and NO_STAGE in err and commands(err) == {"closed"}
    assert not Round.objects.get().deadlines.filter(kind="explanation").exists()
    assert run(ws, capsys, "round", "deadline", "10/1/2100")[0] == 0
