"""A round's collection evaluates files through the one evaluation of ``dvk rank``: a worker that
dies costs only its file, and a reader's explanation of a blank cell is reported once."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from scoring.intake import batch as batch_module
from test_batch_helpers import submission, write_submission
from test_round_collect import make_round
from wsfixtures import backend, pg_url, ws  # noqa: F401 - fixtures

HERE = Path(__file__).parent / "workbooks"
COUNT = 12


def _roster(codes: list[str], unit_type: str = "ubnd_xa") -> str:
    rows = "".join(f"{code},Đơn vị {code},{unit_type},\n" for code in codes)
    return "Mã đơn vị,Tên đơn vị,Loại đơn vị,Khối\n" + rows


def _inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "hop-thu"
    folder.mkdir()
    for i in range(COUNT):
        data = submission(f"XA-{i}", index=50 + i)
        data["year"] = 2025
        write_submission(folder, f"xa-{i}.json", data)
    return folder


def _dies_on(name: str):
    original = batch_module.evaluate_one

    def dying(ruleset, path, *args, **kwargs):
        if Path(str(path)).name == name:
            import faulthandler

            faulthandler.disable()  # (pytest's handler would print the dying worker's stack in the log)
            os.abort()
        return original(ruleset, path, *args, **kwargs)
    return dying


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_worker_that_dies_during_collect_costs_only_its_file(ws, tmp_path, monkeypatch):
    from scoring.workspace.collect import collect
    from scoring.workspace.models import Submission

    make_round(ws, tmp_path, _roster([f"XA-{i}" for i in range(COUNT)]))
    monkeypatch.setattr(batch_module, "evaluate_one", _dies_on("xa-7.json"))
    monkeypatch.setattr(batch_module, "pool_chunksize", lambda count, jobs: 3)
    report = collect(ws, None, [_inbox(tmp_path)], jobs=2)
    assert len(report.accepted) == COUNT - 1
    [(path, reasons)] = report.rejected
    assert Path(path).name == "xa-7.json"
    assert [f.code for f in reasons] == ["batch-worker-died"]
    counted = Submission.objects.filter(status="accepted").count()
    refused = Submission.objects.get(status="rejected")
    assert counted == COUNT - 1 and refused.original_name == "xa-7.json"


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize("stem", ["merged-input-cells", "formula-without-value"])
def test_collect_reports_a_blank_input_once_as_dvk_rank_does(ws, tmp_path, stem):
    """The reader says why the cell reads blank; no 'chưa nhập' at the same cell on top of it."""
    from scoring.intake.batch import run_batch
    from scoring.rules.load import load_ruleset
    from scoring.workspace.collect import collect
    from scoring.workspace.models import Submission
    from scoring.workspace.rounds import RoundSpec, create_round

    quirks = HERE / "quirks-ruleset.json"
    folder = tmp_path / "hop-thu"
    folder.mkdir()
    shutil.copy2(HERE / f"{stem}.xlsx", folder / f"{stem}.xlsx")
    [refused] = run_batch(load_ruleset(quirks), [folder], jobs=1).rejected
    expected = sorted((f.code, f.location.sheet, f.location.cell) for f in refused.findings)
    roster = tmp_path / "danh-sach.csv"
    roster.write_text(_roster(["XA-THU"], "xa"), encoding="utf-8")
    create_round(ws, RoundSpec(quirks, 2025, roster_path=roster, deadlines={"submission": "31/12/2099"}))
    report = collect(ws, None, [folder], jobs=1)
    stored = Submission.objects.get()
    got = sorted((f["code"], f.get("sheet"), f.get("cell")) for f in stored.findings)
    assert got == expected and len(got) == 1, stored.findings
    assert [f.code for f in report.rejected[0][1]] == [code for code, _, _ in expected]
