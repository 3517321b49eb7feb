"""A batch survives any single file: odd folder entries, dying workers, and gives the same outputs
whatever the process count or path spelling."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scoring.intake import batch as batch_module
from scoring.intake.batch import run_batch
from scoring.cli.app import main
from scoring.jobs.rank import run_rank
from test_batch_helpers import RULESET_PATH, default_ruleset, submission, write_submission


def _folder(tmp_path: Path, count: int = 6) -> Path:
    folder = tmp_path / "nop-bai"
    folder.mkdir()
    for i in range(count):
        write_submission(folder, f"xa-{i}.json", submission(f"XA-{i}", index=50 + i % 45))
    return folder


def _accounted(result) -> list[str]:
    names = [Path(r.source).name for r in result.accepted] + [Path(r.file).name for r in result.rejected]
    return sorted(names + [Path(p).name for p in result.skipped])


def test_every_odd_folder_entry_is_skipped_with_its_reason_and_nothing_blocks(tmp_path):
    folder = _folder(tmp_path, 2)
    os.mkfifo(folder / "ong.json")
    os.symlink("/dev/zero", folder / "zero.xlsx")
    os.symlink(folder / "khong-co.json", folder / "treo.json")
    os.symlink(folder / "vong-b.json", folder / "vong-a.json")
    os.symlink(folder / "vong-a.json", folder / "vong-b.json")
    (tmp_path / "khac").mkdir()
    os.symlink(tmp_path / "khac", folder / "thu-muc-lien-ket")
    os.symlink(folder, folder / "chinh-no")  # a loop through a folder link
    result = run_batch(default_ruleset(), [folder], jobs=1)
    assert sorted(Path(r.source).name for r in result.accepted) == ["xa-0.json", "xa-1.json"]
    reasons = {Path(p).name: why for p, why in result.skip_reasons}
    assert reasons == {
        "ong.json": "không phải tệp thông thường (FIFO, thiết bị, socket): không mở",
        "zero.xlsx": "không phải tệp thông thường (FIFO, thiết bị, socket): không mở",
        "treo.json": "liên kết (symlink) trỏ tới tệp không tồn tại",
        "vong-a.json": "liên kết (symlink) trỏ vòng",
        "vong-b.json": "liên kết (symlink) trỏ vòng",
        "thu-muc-lien-ket": "liên kết (symlink) tới một thư mục: không đi vào",
        "chinh-no": "liên kết (symlink) tới một thư mục: không đi vào",
    }
    assert _accounted(result) == sorted(p.name for p in folder.iterdir())


def test_a_fifo_named_explicitly_is_rejected_without_being_opened(tmp_path, capsys):
    folder = _folder(tmp_path, 1)
    os.mkfifo(tmp_path / "ong.xlsx")
    os.mkfifo(tmp_path / "ong.json")
    code = main(["rank", str(RULESET_PATH), str(folder), str(tmp_path / "ong.xlsx"), str(tmp_path / "ong.json"),
                 "--out", str(tmp_path / "ket-qua"), "--quiet"])
    assert code == 3
    out = capsys.readouterr().out
    assert out.count("không phải một tệp thông thường") == 2


def test_the_summary_names_every_unusual_entry(tmp_path):
    folder = _folder(tmp_path, 1)
    os.mkfifo(folder / "ong.json")
    (folder / "~$xa-0.xlsx").write_text("khóa")
    summary = run_rank(default_ruleset(), [folder], tmp_path / "ket-qua")
    text = "\n".join(summary.lines)
    assert "Bỏ qua 2 mục trong thư mục đầu vào:" in text
    assert f"{folder / 'ong.json'}: không phải tệp thông thường" in text
    assert "1 mục: tệp khóa của Excel" in text


def _dies_on(name: str, where: str):
    """Make the worker reading ``name`` abort (as a Rust panic or the OOM killer would)."""
    original = getattr(batch_module, where)

    def dying(*args, **kwargs):
        path = args[1] if where == "evaluate_one" else args[0]
        if Path(str(path)).name == name:
            import faulthandler

            faulthandler.disable()  # (pytest's handler would print the dying worker's stack in the log)
            os.abort()
        return original(*args, **kwargs)
    return dying


@pytest.mark.parametrize("where", ["evaluate_one", "open_ahead"])
def test_a_worker_that_dies_costs_only_its_file(tmp_path, monkeypatch, where):
    folder = _folder(tmp_path, 12)
    monkeypatch.setattr(batch_module, where, _dies_on("xa-7.json", where))
    monkeypatch.setattr(batch_module, "pool_chunksize", lambda count, jobs: 3)
    result = run_batch(default_ruleset(), [folder], jobs=2)
    assert len(result.accepted) == 11
    (rejected,) = result.rejected
    assert Path(rejected.file).name == "xa-7.json"
    assert [f.code for f in rejected.reasons] == ["batch-worker-died"]
    assert result.accounted


def test_two_dying_files_in_one_batch(tmp_path, monkeypatch):
    folder = _folder(tmp_path, 10)
    monkeypatch.setattr(batch_module, "evaluate_one", _dies_on("xa-2.json", "evaluate_one"))
    monkeypatch.setattr(batch_module, "evaluate_one", _dies_on("xa-8.json", "evaluate_one"))  # wraps the first
    result = run_batch(default_ruleset(), [folder], jobs=2)
    assert sorted(Path(r.file).name for r in result.rejected) == ["xa-2.json", "xa-8.json"]
    assert len(result.accepted) == 8


def _outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_outputs_are_byte_identical_across_runs_process_counts_and_path_spellings(tmp_path, monkeypatch):
    folder = _folder(tmp_path, 45)  # 45 files: over the threshold where worker processes start
    monkeypatch.chdir(tmp_path)
    runs = {
        "jobs1": ["nop-bai", "--jobs", "1"],
        # a second run, in 2 processes, of the folder named by its absolute path: any difference
        # of run, process count or spelling shows here (three runs instead of five keep CI short)
        "again-jobs2-absolute": [str(folder), "--jobs", "2"],
        "dotted": ["./nop-bai/", "--jobs", "1"],
    }
    outputs = {}
    for name, args in runs.items():
        assert main(["rank", str(RULESET_PATH), *args[:-2], "--out", name, *args[-2:], "--quiet"]) == 0
        outputs[name] = _outputs(tmp_path / name)
    first = outputs.pop("jobs1")
    assert "xep-hang.xlsx" in first and "ket-qua.json" in first
    for name, files in outputs.items():
        assert files == first, name
