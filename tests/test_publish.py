"""Publishing an output folder: whole or not at all, also when replacing, failing or killed."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from scoring.core import publish as publishing
from scoring.core.findings import DvkError
from scoring.core.publish import WRITTEN_LIST, clean_stale, publish

ROOT = Path(__file__).resolve().parent.parent


def _builder(files: dict[str, str]):
    def build(tmp: Path) -> list[Path]:
        paths = []
        for name, text in files.items():
            (tmp / name).write_text(text, encoding="utf-8")
            paths.append(tmp / name)
        return paths
    return build


def _snapshot(folder: Path) -> dict[str, bytes]:
    """The folder's files but the list of what dvk wrote (looked at by the tests of that list)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != WRITTEN_LIST}


def _leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    """An output folder of an earlier run, with a file of the user's and a subfolder."""
    out = tmp_path / "ket-qua"
    publish(out, _builder({"a.csv": "cũ A", "bieu-do-khoi_cu.png": "cũ"}), ("*.csv", "bieu-do-*.png"))
    (out / "ghi-chu.txt").write_text("của người dùng", encoding="utf-8")
    (out / "luu-tru").mkdir()
    (out / "luu-tru" / "x.txt").write_text("lưu", encoding="utf-8")
    return out


def test_new_output_folder(tmp_path):
    out = tmp_path / "a" / "b"
    written = publish(out, _builder({"x.csv": "1", "y.json": "2"}))
    assert written == [out / "x.csv", out / "y.json"]
    assert _snapshot(out) == {"x.csv": b"1", "y.json": b"2"}
    assert _leftovers(out.parent) == []


def test_replacing_keeps_the_users_files_and_drops_stale_owned_ones(previous):
    publish(previous, _builder({"a.csv": "mới A", "b.csv": "mới B"}), ("*.csv", "bieu-do-*.png"))
    assert _snapshot(previous) == {"a.csv": "mới A".encode(), "b.csv": "mới B".encode(),
                                   "ghi-chu.txt": "của người dùng".encode(),
                                   "luu-tru/x.txt": "lưu".encode()}
    assert _leftovers(previous.parent) == []


def test_a_failing_build_changes_nothing(previous):
    before = _snapshot(previous)

    def build(tmp: Path) -> list[Path]:
        (tmp / "a.csv").write_text("nửa chừng", encoding="utf-8")
        raise RuntimeError("bug")

    with pytest.raises(RuntimeError):
        publish(previous, build, ("*.csv",))
    assert _snapshot(previous) == before
    assert _leftovers(previous.parent) == []


REASONS = {errno.ENOSPC: "không đủ dung lượng", errno.EACCES: "không có quyền ghi",
           errno.EXDEV: "hai ổ đĩa khác nhau", errno.EBUSY: "tệp đang mở trong Excel?"}


@pytest.mark.parametrize("code", sorted(REASONS))
@pytest.mark.parametrize("nth", [1, 2])
def test_nth_rename_fails(previous, monkeypatch, code, nth):
    before = _snapshot(previous)
    real_rename, calls = os.rename, []

    def rename(src, dst):
        calls.append((src, dst))
        if len(calls) == nth:
            raise OSError(code, os.strerror(code), str(src))
        return real_rename(src, dst)

    monkeypatch.setattr(publishing.os, "rename", rename)
    with pytest.raises(DvkError) as caught:
        publish(previous, _builder({"a.csv": "mới"}), ("*.csv",))
    (finding,) = caught.value.findings
    assert finding.code == "output-unwritable"
    assert REASONS[code] in finding.message and "giữ nguyên" in finding.message
    assert finding.location.file == str(previous)  # never the hidden temporary name
    assert os.strerror(code) not in str(finding)
    monkeypatch.undo()
    assert _snapshot(previous) == before
    assert _leftovers(previous.parent) == []


@pytest.mark.parametrize("code", sorted(REASONS))
def test_a_write_that_fails_is_located_at_its_output_file(previous, code):
    before = _snapshot(previous)

    def build(tmp: Path) -> list[Path]:
        (tmp / "a.csv").write_text("mới", encoding="utf-8")
        raise OSError(code, os.strerror(code), str(tmp / "xep-hang.xlsx"))

    with pytest.raises(DvkError) as caught:
        publish(previous, build, ("*.csv",))
    (finding,) = caught.value.findings
    assert finding.location.file == str(previous / "xep-hang.xlsx")
    assert REASONS[code] in finding.message
    assert _snapshot(previous) == before
    assert _leftovers(previous.parent) == []


def test_carrying_over_the_users_files_may_fail_too(previous, monkeypatch):
    before = _snapshot(previous)

    def link(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device", str(dst))

    monkeypatch.setattr(publishing.os, "link", link)
    monkeypatch.setattr(publishing.shutil, "copy2", link)
    with pytest.raises(DvkError) as caught:
        publish(previous, _builder({"a.csv": "mới"}), ("*.csv",))
    assert "không đủ dung lượng" in caught.value.findings[0].message
    monkeypatch.undo()
    assert _snapshot(previous) == before


def test_output_path_that_is_a_file(tmp_path):
    target = tmp_path / "ket-qua"
    target.write_text("x")
    with pytest.raises(DvkError) as caught:
        publish(target, _builder({"a.csv": "1"}))
    assert caught.value.findings[0].code == "output-not-folder"


def test_stale_temporary_folders_are_removed(previous):
    for name in (".ket-qua.dvk-new-abc123", ".ket-qua.dvk-old-def456", ".ket-qua.dvk-1x2y3z"):
        (previous.parent / name).mkdir()
        (previous.parent / name / "a.csv").write_text("rác")
    (previous.parent / ".khac.dvk-new-1").mkdir()  # another output folder's: not ours to touch
    publish(previous, _builder({"a.csv": "mới"}), ("*.csv",))
    assert _leftovers(previous.parent) == [".khac.dvk-new-1"]


def test_a_run_killed_between_its_renames_leaves_the_old_output_to_restore(previous):
    """Also what happens when the rollback rename itself fails: the next run puts it back."""
    before = _snapshot(previous)
    old = previous.parent / ".ket-qua.dvk-old-zz"
    os.rename(previous, old)
    (previous.parent / ".ket-qua.dvk-new-zz").mkdir()
    clean_stale(previous)
    assert _snapshot(previous) == before
    assert _leftovers(previous.parent) == []


_SLOW_PUBLISH = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from scoring.core.publish import publish

    out, tag, pause = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3])

    def build(tmp):
        paths = []
        for i in range(5):
            (tmp / f"f{i}.csv").write_text(tag)
            paths.append(tmp / f"f{i}.csv")
            print("writing", flush=True)
            time.sleep(pause)
        return paths

    publish(out, build, ("*.csv",))
""")


def _start(out: Path, tag: str, pause: float) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", _SLOW_PUBLISH, str(out), tag, str(pause)],
                            cwd=ROOT, stdout=subprocess.PIPE, text=True)


def test_a_killed_run_leaves_the_previous_output_and_the_next_run_cleans_up(previous):
    before = _snapshot(previous)
    run = _start(previous, "bị giết", 5)
    assert run.stdout.readline() == "writing\n"
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert _snapshot(previous) == before
    assert any(name.startswith(".ket-qua.dvk-new-") for name in _leftovers(previous.parent))
    publish(previous, _builder({"a.csv": "mới"}), ("*.csv",))
    assert _leftovers(previous.parent) == []


def test_two_runs_on_one_new_folder_never_mix(tmp_path):
    out = tmp_path / "ket-qua"
    runs = [_start(out, "một", 0.05), _start(out, "hai", 0.05)]
    assert [run.wait(timeout=60) for run in runs] == [0, 0]
    contents = {p.read_text() for p in out.iterdir() if p.name != WRITTEN_LIST}
    assert len(contents) == 1 and sorted(_snapshot(out)) == [f"f{i}.csv" for i in range(5)]
    assert _leftovers(tmp_path) == []


def test_locking_waits_for_the_other_run(tmp_path):
    out = tmp_path / "ket-qua"
    first = _start(out, "một", 0.3)
    assert first.stdout.readline() == "writing\n"
    started = time.monotonic()
    publish(out, _builder({"f0.csv": "hai"}), ("*.csv",))
    assert first.wait(timeout=60) == 0
    assert time.monotonic() - started > 0.5  # waited for the first run's build
    assert _snapshot(out) == {"f0.csv": "hai".encode()}  # last writer wins, whole


RULESET = ROOT / "criteria" / "dvcq-minh-hoa.json"
EXAMPLE = ROOT / "criteria" / "examples" / "dvcq-minh-hoa" / "xa-mau-son.json"


def test_dvk_rank_exits_1_with_a_located_message_when_the_swap_fails(tmp_path, monkeypatch, capsys):
    from scoring.cli.app import main

    out = tmp_path / "ket-qua"
    assert main(["rank", str(RULESET), str(EXAMPLE), "--out", str(out), "--quiet"]) == 0
    before = _snapshot(out)
    real_rename = os.rename

    def rename(src, dst):
        if Path(dst) == out and Path(src).name.startswith(".ket-qua.dvk-new-"):
            raise PermissionError(errno.EACCES, "Permission denied", str(src))
        return real_rename(src, dst)

    monkeypatch.setattr(publishing.os, "rename", rename)
    capsys.readouterr()
    assert main(["rank", str(RULESET), str(EXAMPLE), "--out", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert f"[output-unwritable] {out}:" in err and "không có quyền ghi" in err
    assert "Permission denied" not in err and "Lỗi nội bộ" not in err
    assert _snapshot(out) == before


def test_dvk_rank_refuses_an_output_folder_holding_its_inputs(tmp_path, capsys):
    from scoring.cli.app import main

    inputs = tmp_path / "nop-bai"
    inputs.mkdir()
    (inputs / EXAMPLE.name).write_bytes(EXAMPLE.read_bytes())
    assert main(["rank", str(RULESET), str(inputs), "--out", str(tmp_path), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "[output-contains-inputs]" in err and str(inputs) in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nop-bai"]


def test_a_users_file_named_like_an_output_survives_every_rerun(previous):
    """dvk replaces and removes only what its list says it wrote, whatever a file's name."""
    mine = previous / "a-ban-cua-toi.csv"  # matches the job's "*.csv"
    mine.write_text("của tôi", encoding="utf-8")
    for _ in range(2):
        publish(previous, _builder({"a.csv": "mới"}), ("*.csv",))
        assert mine.read_text(encoding="utf-8") == "của tôi"
    assert not (previous / "bieu-do-khoi_cu.png").exists()  # dvk's, not written again: stale
    listed = (previous / WRITTEN_LIST).read_text(encoding="utf-8").splitlines()
    assert [line for line in listed if not line.startswith("#")] == ["a.csv"]


def test_a_users_file_under_a_name_dvk_writes_stops_the_run_and_nothing_changes(previous):
    (previous / "b.csv").write_text("của tôi", encoding="utf-8")  # dvk never wrote a b.csv here
    before = _snapshot(previous)
    with pytest.raises(DvkError) as caught:
        publish(previous, _builder({"a.csv": "mới", "b.csv": "mới"}), ("*.csv",))
    (finding,) = caught.value.findings
    assert finding.code == "output-name-taken" and finding.location.file == str(previous / "b.csv")
    assert "Đổi tên" in finding.message
    assert _snapshot(previous) == before
    assert _leftovers(previous.parent) == []


def test_a_folder_of_an_older_version_keeps_everything_not_written_again(tmp_path):
    """No list (written before dvk kept one): the job's own names are replaced, nothing removed."""
    out = tmp_path / "ket-qua"
    out.mkdir()
    (out / "a.csv").write_text("cũ", encoding="utf-8")
    (out / "a-ban-cua-toi.csv").write_text("của tôi", encoding="utf-8")
    publish(out, _builder({"a.csv": "mới"}), ("a.csv",))
    assert _snapshot(out) == {"a.csv": "mới".encode(), "a-ban-cua-toi.csv": "của tôi".encode()}


def test_a_damaged_list_drops_nothing_it_does_not_name(previous):
    """The list is the user's file too: garbage in it names no file, so nothing else is lost."""
    (previous / WRITTEN_LIST).write_bytes(b"\xff\xfe\x00garbage\n")
    publish(previous, _builder({"b.csv": "mới"}), ("*.csv",))
    assert set(_snapshot(previous)) >= {"a.csv", "bieu-do-khoi_cu.png", "ghi-chu.txt", "b.csv"}
