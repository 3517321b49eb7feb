"""A collection under faults: files replaced or deleted while it runs, a workspace that cannot
be written, odd folder entries.  One file's fate is that file's; what is stored under a SHA-256 is
what has it; every folder entry is accounted for as ``dvk rank`` accounts for it."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from faultkit import between_listing_and_storing, same_size_and_time, stored_problems
from test_batch_helpers import submission, write_submission
from test_round_collect import make_round
from wsfixtures import backend, pg_url, ws  # noqa: F401 - fixtures

COUNT = 20
ROSTER = "Mã đơn vị,Tên đơn vị,Loại đơn vị,Khối\n" + "".join(
    f"XA-{i},Đơn vị XA-{i},ubnd_xa,\n" for i in range(COUNT))


def _inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "hop-thu"
    folder.mkdir()
    for i in range(COUNT):
        write_submission(folder, f"xa-{i:02}.json", submission(f"XA-{i}", index=40 + i))
    return folder


def _counted() -> set[str]:
    from scoring.workspace.models import RosterEntry

    return set(RosterEntry.objects.filter(current__status="accepted").values_list("unit__code", flat=True))


def test_a_file_deleted_while_collect_runs_costs_only_that_file(ws, tmp_path, monkeypatch):
    from scoring.workspace.collect import collect

    make_round(ws, tmp_path, ROSTER)
    folder = _inbox(tmp_path)
    gone = folder / "xa-07.json"
    between_listing_and_storing(monkeypatch, gone.unlink)
    report = collect(ws, None, [folder], jobs=1)
    [(path, [finding])] = report.rejected
    assert (Path(path).name, finding.code, finding.location.file) == ("xa-07.json", "collect-file-vanished", path)
    assert len(report.accepted) == COUNT - 1
    assert _counted() == {f"XA-{i}" for i in range(COUNT) if i != 7}
    assert stored_problems(ws) == []
    # put back: collected next time
    write_submission(folder, "xa-07.json", submission("XA-7", index=47))
    assert [Path(p).name for p in collect(ws, None, [folder]).accepted] == ["xa-07.json"]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize("how", ["other-size", "same-size-and-time"])
def test_a_file_replaced_while_collect_runs_is_not_stored_under_the_wrong_hash(ws, tmp_path, monkeypatch, how):
    from scoring.workspace.collect import collect
    from scoring.workspace.models import Submission

    make_round(ws, tmp_path, ROSTER)
    folder = _inbox(tmp_path)
    target = folder / "xa-03.json"
    text = target.read_text(encoding="utf-8")
    swapped = text.replace('"self": 43', '"self": 93')
    assert swapped != text

    def replace():
        if how == "other-size":
            target.write_text(swapped + " ", encoding="utf-8")
        else:
            same_size_and_time(target, swapped.encode())

    between_listing_and_storing(monkeypatch, replace)
    report = collect(ws, None, [folder], jobs=1)
    [(path, [finding])] = report.rejected
    assert (Path(path).name, finding.code) == ("xa-03.json", "collect-file-changed")
    assert _counted() == {f"XA-{i}" for i in range(COUNT) if i != 3}
    assert stored_problems(ws) == []
    monkeypatch.undo()
    again = collect(ws, None, [folder], jobs=1)
    assert [Path(p).name for p in again.accepted] == ["xa-03.json"]
    sub = Submission.objects.get(unit_code="XA-3")
    assert sub.data["answers"]["4.1"]["self"] == 93  # the content stored is the content read
    assert stored_problems(ws) == []


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_workspace_that_cannot_be_written_records_nothing(ws, tmp_path, monkeypatch):
    import scoring.workspace.blobs as blobs
    from scoring.core.findings import DvkError
    from scoring.workspace.collect import collect
    from scoring.workspace.models import Submission

    make_round(ws, tmp_path, ROSTER)
    folder = _inbox(tmp_path)
    calls = []

    def full(src, dst):
        calls.append(dst)
        if len(calls) == 5:
            raise OSError(errno.ENOSPC, "No space left on device")
        os.rename(src, dst)

    monkeypatch.setattr(blobs.os, "replace", full)
    with pytest.raises(DvkError) as caught:
        collect(ws, None, [folder], jobs=1)
    [finding] = caught.value.findings
    assert finding.code == "output-unwritable" and "dung lượng" in finding.message
    assert Submission.objects.count() == 0
    monkeypatch.undo()
    # the 4 copies made before the disk filled are correct contents; the next run records all
    assert len(collect(ws, None, [folder], jobs=1).accepted) == COUNT
    assert stored_problems(ws) == []


def test_temporary_copies_of_a_killed_run_are_removed(ws, tmp_path):
    from scoring.workspace.blobs import _HOST, blob_path
    from scoring.workspace.collect import collect

    make_round(ws, tmp_path, ROSTER)
    folder = _inbox(tmp_path)
    dead = 2 ** 22 + 12345  # above any pid_max default: no such process
    stray = blob_path(ws, "ab" * 32, ".json")
    stray.parent.mkdir(parents=True)
    leftover = stray.with_name(f".{stray.name}.{_HOST}.{dead}.tmp")
    elsewhere = stray.with_name(f".{stray.name}.may-khac.{dead}.tmp")  # another machine's copy in progress
    elsewhere.write_bytes(b"half a file")
    leftover.write_bytes(b"half a file")
    collect(ws, None, [folder], jobs=1)
    assert not leftover.exists() and elsewhere.exists()
    elsewhere.unlink()
    assert stored_problems(ws) == []


def _odd_folder(tmp_path: Path) -> tuple[Path, Path]:
    """A folder with one submission and the six entries of the README, plus a .txt."""
    folder = tmp_path / "odd"
    folder.mkdir()
    write_submission(folder, "xa-00.json", submission("XA-0", index=40))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    write_submission(elsewhere, "xa-01.json", submission("XA-1", index=41))
    os.mkfifo(folder / "ong.json")
    (folder / "treo.json").symlink_to(tmp_path / "khong-co.json")
    (folder / "vong.json").symlink_to(folder / "vong.json")
    (folder / "zero.xlsx").symlink_to("/dev/zero")
    (folder / "thu-muc-lien-ket").symlink_to(elsewhere, target_is_directory=True)
    (folder / "ghi-chu.txt").write_text("không phải bản tự chấm", encoding="utf-8")
    return folder, elsewhere


def test_odd_folder_entries_are_listed_as_rank_lists_them(ws, tmp_path, monkeypatch, capsys):
    """FIFO, dangling link, loop link, link to a device, symlinked folder, a .txt: each named with
    rank's reason; nothing opened, nothing hangs; the symlinked folder is not followed (as rank)."""
    from scoring.intake.batch import run_batch
    from scoring.intake.collect import skip_lines
    from scoring.rules.load import load_ruleset
    from scoring.workspace.collect import collect
    from wsfixtures import RULESET

    make_round(ws, tmp_path, ROSTER)
    folder, _ = _odd_folder(tmp_path)
    monkeypatch.chdir(tmp_path)
    report = collect(ws, None, [Path("odd")], jobs=1)
    batch = run_batch(load_ruleset(RULESET), [Path("odd")], jobs=1)
    assert sorted(report.skipped) == sorted(batch.skip_reasons)
    names = {Path(p).name for p, _ in report.skipped}
    assert names == {"ong.json", "treo.json", "vong.json", "zero.xlsx", "thu-muc-lien-ket", "ghi-chu.txt"}
    assert [Path(p).name for p in report.accepted] == ["xa-00.json"] == [Path(r.source).name for r in batch.accepted]
    lines = skip_lines(report.skipped)
    assert lines[0] == "Bỏ qua 6 mục trong thư mục đầu vào:"
    for name in names - {"ghi-chu.txt"}:
        assert any(name in line for line in lines)
    assert any("1 mục: không phải tệp .xlsx hoặc .json" in line for line in lines)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_dvk_round_collect_prints_the_skipped_entries(ws, tmp_path, capsys):
    from scoring.cli.app import main

    make_round(ws, tmp_path, ROSTER)
    folder, _ = _odd_folder(tmp_path)
    code = main(["round", "collect", str(folder), "-w", str(ws.root), "--jobs", "1"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Bỏ qua 6 mục trong thư mục đầu vào:" in out
    assert "ong.json: không phải tệp thông thường" in out and "thu-muc-lien-ket: liên kết (symlink) tới một thư mục" in out
    assert "1 mục: không phải tệp .xlsx hoặc .json." in out


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_fifo_named_on_the_command_line_is_refused_without_blocking(ws, tmp_path):
    from scoring.workspace.collect import collect

    make_round(ws, tmp_path, ROSTER)
    folder = _inbox(tmp_path)
    fifo = tmp_path / "ong.json"
    os.mkfifo(fifo)
    report = collect(ws, None, [fifo, folder / "xa-00.json"], jobs=1)
    [(path, [finding])] = report.rejected
    assert (Path(path).name, finding.code) == ("ong.json", "file-unreadable")
    assert "FIFO" in finding.message and report.exit_code == 3
    assert [Path(p).name for p in report.accepted] == ["xa-00.json"]
