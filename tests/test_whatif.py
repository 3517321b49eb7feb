"""dvk what-if: previous submissions scored again under a draft ruleset, matched by criterion id."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from casekit import BANDS, ROOT, ruleset_from, submission_for
from scoring.cli.app import main
from scoring.formats.jsonio import read_json
from scoring.jobs.ruleset_xlsx.layout import dump_pretty
from scoring.jobs.whatif import Source, what_if

MANUAL = {"type": "manual", "step": 1}
OLD = {"criteria": [{"id": "a", "max": 50, "method": MANUAL}, {"id": "b", "max": 30, "method": MANUAL},
                    {"id": "c", "max": 20, "method": MANUAL}]}
# The draft drops "c", gives its points to "a" and adds a bonus item nobody has answered yet.
DRAFT = {"version": "2", "criteria": [{"id": "a", "max": 60, "method": MANUAL}, {"id": "b", "max": 40, "method": MANUAL}],
         "bonus": {"label": "Điểm thưởng", "cap": 5, "items": [{"id": "T1", "name": "Khen thưởng", "points_each": 1}]}}
UNITS = {"U1": (45, 28, 18), "U2": (40, 25, 10), "U3": (30, 20, 10)}


def _sources(old) -> list[Source]:
    return [Source(f"{code}.json", submission_for(old, {"a": {"self": a}, "b": {"self": b}, "c": {"self": c}},
                                                  {"unit": {"code": code, "name": f"Đơn vị {code}"}}))
            for code, (a, b, c) in UNITS.items()]


def test_a_draft_that_moves_points_changes_classes_and_lists_what_did_not_map() -> None:
    old, draft = ruleset_from(OLD), ruleset_from(DRAFT)
    result = what_if(old, draft, _sources(old))
    by_code = {u.code: u for u in result.units}
    # old: 91 Tốt, 75 Khá, 60 Trung bình; draft (c dropped): 73 Khá, 65 Trung bình, 50 Trung bình
    assert [(c, u.old.total, u.new.total, u.old.band_label, u.new.band_label) for c, u in by_code.items()] == [
        ("U1", 91, 73, "Tốt", "Khá"), ("U2", 75, 65, "Khá", "Trung bình"), ("U3", 60, 50, "Trung bình", "Trung bình")]
    assert [u.delta for u in result.units] == [-18, -10, -10]
    assert [u.class_changed for u in result.units] == [True, True, False]
    assert [(u.old.rank, u.new.rank) for u in result.units] == [(1, 1), (2, 2), (3, 3)]
    assert result.only_in_draft == (("T1", "Khen thưởng"),)
    assert result.only_in_submissions == (("c", "Tiêu chí c"),)
    assert (result.old_key, result.draft_key) == ("t@1", "t@2")


def test_a_unit_the_draft_cannot_score_keeps_its_old_standing_and_says_why() -> None:
    old = ruleset_from(OLD)
    spec = copy.deepcopy(DRAFT)
    spec["criteria"].append({"id": "d", "max": 10, "method": MANUAL})  # required, answered by nobody
    spec["criteria"][0]["max"] = 50
    result = what_if(old, ruleset_from(spec), _sources(old))
    assert all(u.new is None and "tiêu chí d" in u.problem for u in result.units)
    assert [u.old.band_label for u in result.units] == ["Tốt", "Khá", "Trung bình"]
    assert ("d", "Tiêu chí d") in result.only_in_draft


def _write(folder: Path, old) -> None:
    folder.mkdir()
    for source in _sources(old):
        data = source.submission.model_dump(by_alias=True, exclude_none=True, mode="json")
        (folder / source.name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_cli_on_a_folder_says_the_stamp_is_bypassed_and_writes_the_table(tmp_path: Path, capsys) -> None:
    from casekit import build_ruleset

    (tmp_path / "cu.json").write_text(dump_pretty(build_ruleset(OLD)), encoding="utf-8")
    (tmp_path / "moi.json").write_text(dump_pretty(build_ruleset(DRAFT)), encoding="utf-8")
    _write(tmp_path / "nop", ruleset_from(OLD))
    out = tmp_path / "thu.xlsx"
    code = main(["what-if", str(tmp_path / "moi.json"), str(tmp_path / "nop"), "--old", str(tmp_path / "cu.json"),
                 "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    assert "BỎ QUA dấu phiên bản" in printed and "t@1" in printed and "t@2" in printed
    assert "không có trong dự thảo (bỏ qua): c Tiêu chí c" in printed
    assert "đổi xếp loại 2; đổi hạng 0." in printed
    ws = load_workbook(out)["Thử nghiệm dự thảo"]
    rows = [r for r in ws.iter_rows(values_only=True) if r and r[0] in UNITS]
    assert [(r[0], r[3], r[4], r[5], r[8], r[9]) for r in rows] == [
        ("U1", 91, 73, -18, "Tốt", "Khá"), ("U2", 75, 65, -10, "Khá", "Trung bình"),
        ("U3", 60, 50, -10, "Trung bình", "Trung bình")]
    assert "BỎ QUA" in "".join(str(c.value) for row in ws.iter_rows(max_row=4) for c in row if c.value)


def test_cli_needs_either_old_and_inputs_or_a_workspace(tmp_path: Path, capsys) -> None:
    draft = str(ROOT / "criteria" / "dvcq-minh-hoa.json")
    assert main(["what-if", draft]) == 2
    assert main(["what-if", draft, str(tmp_path), "--workspace", str(tmp_path)]) == 2
    assert "lỗi cú pháp lệnh" in capsys.readouterr().err


def _draft_of_default(tmp_path: Path) -> Path:
    """The default ruleset as a new version whose "Khá" starts at 75 % instead of 70 %."""
    data = read_json(ROOT / "criteria" / "dvcq-minh-hoa.json")
    data["version"] = "2026-du-thao"
    bands = data["classification"]["bands"]
    assert (bands[1]["id"], bands[1]["min"], bands[2]["max"]) == ("kha", 70, 70)
    bands[1]["min"] = bands[2]["max"] = 75
    path = tmp_path / "du-thao.json"
    path.write_text(dump_pretty(data), encoding="utf-8")
    return path


def test_workbooks_stamped_with_the_old_version_are_scored_under_the_draft(tmp_path: Path) -> None:
    from scoring.rules.load import load_ruleset
    from scoring.jobs.whatif import submissions_from_files

    old, draft = load_ruleset(ROOT / "criteria" / "dvcq-minh-hoa.json"), load_ruleset(_draft_of_default(tmp_path))
    sources, refused = submissions_from_files(old, [ROOT / "sample_inputs"])
    assert refused == [] and len(sources) == 20
    result = what_if(old, draft, sources)
    assert all(u.new is not None and u.delta == 0 for u in result.units)
    moved = {u.code for u in result.units if u.class_changed}
    expected = {u.code for u in result.units if u.old.band_label == "Khá" and u.old.percent < 75}
    assert moved == expected and moved  # only the units between 70 % and 75 % move down
    assert all(u.new.band_label == "Trung bình" for u in result.units if u.code in moved)


def test_a_workspace_round_is_scored_under_the_draft(tmp_path: Path) -> None:
    ws, inbox = tmp_path / "vong", tmp_path / "hop-thu"
    inbox.mkdir()
    for name in ("xa-kiemthu.xlsx", "xa-giadinh.xlsx", "so-vidu.xlsx"):
        (inbox / name).write_bytes((ROOT / "sample_inputs" / name).read_bytes())
    env = {k: v for k, v in os.environ.items() if k != "DVK_DATABASE_URL"}

    def dvk(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "scoring", *args], cwd=tmp_path, capture_output=True,
                              text=True, env=env, timeout=300)

    (tmp_path / "ds.csv").write_text("Mã đơn vị,Tên đơn vị,Loại đơn vị,Khối\nXA-KIEMTHU,UBND xã Kiểm Thử,ubnd_xa,\n"
                                     "XA-GIADINH,UBND xã Giả Định,ubnd_xa,\nSO-VIDU,Sở Ví Dụ,so_ban_nganh,\n", encoding="utf-8")
    assert dvk("round", "new", str(ROOT / "criteria" / "dvcq-minh-hoa.json"), "--year", "2025", "-w", str(ws),
               "--roster", str(tmp_path / "ds.csv")).returncode == 0
    collected = dvk("round", "collect", str(inbox), "-w", str(ws))
    assert collected.returncode == 0, collected.stdout
    done = dvk("what-if", str(_draft_of_default(tmp_path)), "-w", str(ws))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "BỎ QUA dấu phiên bản" in lines[0]
    giadinh = next(line for line in lines if line.startswith("XA-GIADINH"))
    assert "Khá" in giadinh and "Trung bình" in giadinh and "đổi xếp loại" in giadinh
    assert any(line.startswith("XA-KIEMTHU") and "đổi xếp loại" not in line for line in lines)
    assert "3 đơn vị; dự thảo chấm được 3; đổi xếp loại 1" in done.stdout
