"""The dvk round commands as a person runs them: separate processes, exit codes, Vietnamese text;
a round's life end to end, the audit log entry by entry, killed runs, concurrent runs, backup."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wsfixtures import EXAMPLES, RULESET, SAMPLES

ROSTER = """Mã đơn vị,Tên đơn vị,Loại đơn vị,Khối
BAN-MINHHOA,Ban Minh Họa tỉnh,so_ban_nganh,
SO-GIALAP,Sở Giả Lập,so_ban_nganh,
SO-VIDU,Sở Ví Dụ,so_ban_nganh,
STP,Sở Tư pháp,so_ban_nganh,
XA-HUCAU,UBND xã Hư Cấu,ubnd_xa,
XA-MOI,UBND xã Mới,ubnd_xa,
"""


def dvk(*args: str, cwd: Path, check: int | None = 0, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "DVK_DATABASE_URL"}
    environment.update({"DVK_ACTOR": "van-thu", **(env or {})})
    done = subprocess.run([sys.executable, "-m", "scoring", *args], cwd=cwd, capture_output=True, text=True,
                          env=environment, timeout=300)
    if check is not None:
        assert done.returncode == check, done.stdout + done.stderr
    return done


def stp(folder: Path, value: bool, name: str = "stp.json") -> Path:
    data = json.loads((EXAMPLES / "so-tu-phap-tham-dinh.json").read_text(encoding="utf-8"))
    data["answers"]["1.1"]["self"] = value
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_round_from_the_command_line(tmp_path):
    ws = tmp_path / "vong"
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    for name in ("ban-minhhoa.xlsx", "so-gialap.xlsx", "bv-mau.xlsx"):
        shutil.copy(SAMPLES / name, inbox / name)
    stp(inbox, True)
    (tmp_path / "ds.csv").write_text(ROSTER, encoding="utf-8")
    out = dvk("round", "new", str(RULESET), "--year", "2025", "--roster", str(tmp_path / "ds.csv"),
              "--deadline", "31/12/2099", "--late-fact", "F1", "-w", str(ws), cwd=tmp_path).stdout
    assert "Đã tạo đợt 2025-nam" in out and "6 đơn vị" in out
    first = dvk("round", "collect", str(inbox), "-w", str(ws), cwd=tmp_path, check=3)
    assert "Nhận 3" in first.stdout and "LOẠI" in first.stdout and "collect-not-on-roster" in first.stdout
    stp(inbox, False)  # the unit sends a corrected file
    moved = dvk("round", "deadline", "1/1/2020", "-w", str(ws), cwd=tmp_path).stdout
    # a deadline before files already collected names the units it makes late
    assert "Thành nộp muộn (3 đơn vị):" in moved and all(f"  {c} " in moved for c in ("BAN-MINHHOA", "SO-GIALAP", "STP"))
    shutil.copy(SAMPLES / "so-vidu.xlsx", inbox / "so-vidu.xlsx")  # after the deadline
    second = dvk("round", "collect", str(inbox), "-w", str(ws), cwd=tmp_path, check=3).stdout
    assert "thay thế bản cũ: 1; nộp muộn: 2" in second
    status = dvk("round", "status", "-w", str(ws), "--xlsx", str(tmp_path / "chua-nop.xlsx"), cwd=tmp_path).stdout
    assert "Đơn vị chưa nộp (2):" in status and "XA-HUCAU" in status and "XA-MOI" in status
    assert (tmp_path / "chua-nop.xlsx").is_file()
    assert dvk("round", "publish", "-w", str(ws), cwd=tmp_path, check=1).stderr.count("round-state-not-yet") == 1
    for state in ("closed", "appraisal"):
        dvk("round", "state", state, "-w", str(ws), cwd=tmp_path)
    dvk("round", "appraisal-sheet", "-o", str(tmp_path / "td.xlsx"), "-w", str(ws), cwd=tmp_path)
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "td.xlsx")
    sheet = book.worksheets[0]
    keys = [c.value for c in sheet[4]]
    row = next(r for r in sheet.iter_rows(min_row=5) if r[0].value == "SO-GIALAP")
    row[keys.index("1.2|done|appraisal")].value = "Không"
    row[keys.index("1.2||reason")].value = "Không có biên bản hội nghị quán triệt"
    book.save(tmp_path / "td.xlsx")
    imported = dvk("round", "import-appraisal", str(tmp_path / "td.xlsx"), "-w", str(ws), cwd=tmp_path).stdout
    assert "Đã ghi 1 thay đổi thẩm định" in imported and "SO-GIALAP / 1.2" in imported
    dvk("round", "state", "final", "-w", str(ws), cwd=tmp_path)
    published = dvk("round", "publish", "-w", str(ws), cwd=tmp_path).stdout
    assert "Đã công bố lần 1" in published
    assert dvk("round", "collect", str(inbox), "-w", str(ws), cwd=tmp_path, check=1).stderr.count("không nhận hồ sơ được nữa") == 1
    log = dvk("round", "log", "-w", str(ws), cwd=tmp_path).stdout
    heads = [line.split(" | ")[2:] for line in log.splitlines() if " | " in line]
    assert [h[0] for h in heads] == [
        "Tạo đợt", "Nhập danh sách đơn vị",
        "Nhận hồ sơ", "Loại tệp", "Nhận hồ sơ", "Nhận hồ sơ", "Thu hồ sơ",   # first collection (sorted by file)
        "Đặt hạn", "Tính lại nộp muộn",
        "Loại tệp", "Nhận hồ sơ", "Thay hồ sơ", "Thu hồ sơ",                # second: bv-mau again, so-vidu late, stp replaced
        "Chuyển trạng thái", "Chuyển trạng thái", "Thẩm định", "Chuyển trạng thái", "Công bố"]
    assert all(line.split(" | ")[1] == "van-thu" for line in log.splitlines() if " | " in line)
    assert [h[1] for h in heads if h[0] in ("Nhận hồ sơ", "Thay hồ sơ")] == [
        "BAN-MINHHOA", "SO-GIALAP", "STP", "SO-VIDU", "STP"]
    assert [h[1] for h in heads if h[0] == "Thẩm định"] == ["SO-GIALAP / 1.2"]
    assert '"reason": "Không có biên bản hội nghị quán triệt"' in log
    assert "trước: \"closed\"" in log.replace("trước: \"open\"", "trước: \"closed\"")
    help_text = dvk("round", "--help", cwd=tmp_path).stdout
    assert "thu hồ sơ tự chấm" in help_text


def test_unknown_workspace_is_a_located_error(tmp_path):
    done = dvk("round", "status", "-w", str(tmp_path / "khong-co"), cwd=tmp_path, check=1)
    assert "workspace-missing" in done.stderr and "dvk round new" in done.stderr
    assert not (tmp_path / "khong-co").exists()


def roster_of(n: int) -> str:
    lines = ["Mã đơn vị,Tên đơn vị,Loại đơn vị"]
    lines += [f"DV{i:03d},Đơn vị {i},so_ban_nganh" for i in range(n)]
    return "\n".join(lines) + "\n"


def many_submissions(folder: Path, n: int, start: int = 0, value: bool = True) -> None:
    data = json.loads((EXAMPLES / "so-tu-phap-tham-dinh.json").read_text(encoding="utf-8"))
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        data["unit"] = {**data["unit"], "code": f"DV{i:03d}", "name": f"Đơn vị {i}"}
        data["answers"]["1.1"]["self"] = value
        (folder / f"dv{i:03d}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def consistent(ws: Path) -> dict[str, int]:
    """Open the workspace in a fresh process and check its invariants; return counts."""
    script = r'''
import hashlib, json, sys
from pathlib import Path
from scoring.workspace.store import open_workspace
ws = open_workspace(Path(sys.argv[1]))
from scoring.workspace.models import AuditEntry, Publication, RosterEntry, Submission, Round
problems = []
for e in RosterEntry.objects.select_related("current"):
    if e.current and (e.current.entry_id != e.id or e.current.status != "accepted"):
        problems.append(f"current of {e.id}")
for s in Submission.objects.select_related("file"):
    blob = ws.root / s.file.path
    if not blob.is_file() or hashlib.sha256(blob.read_bytes()).hexdigest() != s.file_id:
        problems.append(f"blob of {s.id}")
accepted = Submission.objects.filter(status="accepted").count()
logged = AuditEntry.objects.filter(action__in=["submission-accepted", "submission-replaced"]).count()
if logged != Submission.objects.exclude(status="rejected").count():
    problems.append(f"audit {logged}")
for p in Publication.objects.all():
    for f in p.files:
        path = ws.root / p.folder / f["name"]
        if hashlib.sha256(path.read_bytes()).hexdigest() != f["sha256"]:
            problems.append(f"publication file {path}")
r = Round.objects.first()
if r.current_publication and not (ws.root / r.current_publication.folder).is_dir():
    problems.append("current publication folder")
print(json.dumps({"problems": problems, "accepted": accepted,
                  "publications": Publication.objects.count()}))
'''
    done = subprocess.run([sys.executable, "-c", script, str(ws)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["problems"] == []
    return found


def test_killed_collect_and_publish_leave_a_consistent_workspace(tmp_path):
    ws, inbox = tmp_path / "vong", tmp_path / "hop-thu"
    (tmp_path / "ds.csv").write_text(roster_of(150), encoding="utf-8")
    dvk("round", "new", str(RULESET), "--year", "2025", "--roster", str(tmp_path / "ds.csv"), "-w", str(ws),
        cwd=tmp_path)
    many_submissions(inbox, 150)
    chance = random.Random(13)
    env = {k: v for k, v in os.environ.items() if k != "DVK_DATABASE_URL"}
    for attempt in range(2):  # the kill suites of test_round_collect_kill go through every write
        proc = subprocess.Popen([sys.executable, "-m", "scoring", "round", "collect", str(inbox), "-w", str(ws),
                                 "--jobs", "1"], cwd=tmp_path, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(chance.uniform(0.3, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        consistent(ws)
    dvk("round", "collect", str(inbox), "-w", str(ws), cwd=tmp_path)
    assert consistent(ws)["accepted"] == 150
    dvk("round", "state", "closed", "-w", str(ws), cwd=tmp_path)
    dvk("round", "publish", "-w", str(ws), cwd=tmp_path)
    for attempt in range(2):
        proc = subprocess.Popen([sys.executable, "-m", "scoring", "round", "publish", "-w", str(ws)], cwd=tmp_path,
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(chance.uniform(0.5, 4))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        found = consistent(ws)
        assert found["publications"] >= 1
    dvk("round", "publish", "-w", str(ws), cwd=tmp_path)


def test_two_collects_at_once_both_finish_and_count_each_file_once(tmp_path):
    ws = tmp_path / "vong"
    (tmp_path / "ds.csv").write_text(roster_of(120), encoding="utf-8")
    dvk("round", "new", str(RULESET), "--year", "2025", "--roster", str(tmp_path / "ds.csv"), "-w", str(ws),
        cwd=tmp_path)
    many_submissions(tmp_path / "a", 80)
    many_submissions(tmp_path / "b", 80, start=40)  # 40 of them the same files as in a
    env = {k: v for k, v in os.environ.items() if k != "DVK_DATABASE_URL"}
    procs = [subprocess.Popen([sys.executable, "-m", "scoring", "round", "collect", str(tmp_path / name),
                               "-w", str(ws), "--jobs", "1"], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for name in ("a", "b")]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert consistent(ws)["accepted"] == 120


def test_backup_while_collecting(tmp_path):
    ws = tmp_path / "vong"
    (tmp_path / "ds.csv").write_text(roster_of(150), encoding="utf-8")
    dvk("round", "new", str(RULESET), "--year", "2025", "--roster", str(tmp_path / "ds.csv"), "-w", str(ws),
        cwd=tmp_path)
    many_submissions(tmp_path / "a", 150)
    env = {k: v for k, v in os.environ.items() if k != "DVK_DATABASE_URL"}
    proc = subprocess.Popen([sys.executable, "-m", "scoring", "round", "collect", str(tmp_path / "a"), "-w", str(ws),
                             "--jobs", "1"], cwd=tmp_path, env=env, stdout=subprocess.DEVNULL)
    time.sleep(1.0)
    out = dvk("workspace", "backup", str(tmp_path / "sao-luu"), "-w", str(ws), cwd=tmp_path).stdout
    proc.wait(timeout=300)
    assert "Đã sao lưu" in out
    check = sqlite3.connect(tmp_path / "sao-luu" / "dvk.sqlite3")
    assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    check.close()
    consistent(tmp_path / "sao-luu")
    assert dvk("workspace", "backup", str(tmp_path / "sao-luu"), "-w", str(ws), cwd=tmp_path,
               check=1).stderr.count("backup-target-exists") == 1


def test_kiem_tra_lai_reads_a_file_changed_without_changing_its_size_or_time(tmp_path):
    from test_round_recollect import LONG_AGO, same_size_rewrite

    ws, inbox = tmp_path / "vong", tmp_path / "hop-thu"
    inbox.mkdir()
    path = stp(inbox, True)
    path.write_bytes(path.read_bytes() + b" " * 8)
    os.utime(path, ns=(LONG_AGO, LONG_AGO))
    (tmp_path / "ds.csv").write_text(ROSTER, encoding="utf-8")
    dvk("round", "new", str(RULESET), "--year", "2025", "--roster", str(tmp_path / "ds.csv"), "-w", str(ws),
        cwd=tmp_path)
    dvk("round", "collect", str(inbox), "-w", str(ws), cwd=tmp_path)
    same_size_rewrite(path, False)
    trusted = dvk("round", "collect", str(inbox), "-w", str(ws), cwd=tmp_path).stdout
    assert "1 tệp đã thu trước đó, đọc 0 tệp" in trusted
    verified = dvk("round", "collect", str(inbox), "-w", str(ws), "--kiem-tra-lai", cwd=tmp_path).stdout
    assert "đọc 1 tệp" in verified and "thay thế bản cũ: 1" in verified
    assert "--kiem-tra-lai" in dvk("round", "collect", "--help", cwd=tmp_path).stdout
