"""Batches: every input file accepted or rejected with its reasons, duplicates, years, workers."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from scoring.intake.batch import collect_inputs, run_batch
from scoring.jobs.rank import run_rank
from scoring.core.findings import DvkError
from test_batch_helpers import default_ruleset, submission, write_submission


def codes(findings):
    return [f.code for f in findings]


def rejected_by_name(batch):
    return {Path(r.file).name: r for r in batch.rejected}


@pytest.fixture
def mixed(tmp_path):
    """Three good files and one of each kind of bad file."""
    folder = tmp_path / "nop"
    folder.mkdir()
    for i, index in enumerate((90, 70, 50)):
        write_submission(folder, f"xa-{i}.json", submission(f"XA-{i}", index=index))
    write_submission(folder, "cu.json", submission("XA-CU", version="2024.1"))
    (folder / "hong.json").write_text('{"ruleset": ', encoding="utf-8")
    (folder / "ngau-nhien.xlsx").write_bytes(os.urandom(512))
    write_submission(folder, "sai-diem.json", submission("XA-SAI", extra={"6.3": {"self": 2.7}}))
    (folder / "~$xa-0.xlsx").write_bytes(b"lock")
    (folder / "ghi-chu.txt").write_text("không phải bản tự chấm", encoding="utf-8")
    return folder


def test_corrupt_files_are_rejected_with_reasons_and_the_rest_accepted(mixed):
    batch = run_batch(default_ruleset(), [mixed], jobs=1)
    assert sorted(r.unit_code for r in batch.accepted) == ["XA-0", "XA-1", "XA-2"]
    rejected = rejected_by_name(batch)
    assert sorted(rejected) == ["cu.json", "hong.json", "ngau-nhien.xlsx", "sai-diem.json"]
    assert codes(rejected["cu.json"].reasons) == ["ruleset-mismatch"]
    assert codes(rejected["hong.json"].reasons) == ["json-syntax"]
    assert rejected["hong.json"].reasons[0].location.file == str(mixed / "hong.json")
    assert codes(rejected["ngau-nhien.xlsx"].reasons) == ["workbook-not-xlsx"]
    off_step = rejected["sai-diem.json"].reasons[0]
    assert (off_step.code, off_step.location.criterion_id, off_step.location.json_path) == \
        ("input-off-step", "6.3", "$.answers['6.3'].self")
    assert batch.accounted
    assert sorted(Path(p).name for p in batch.skipped) == ["ghi-chu.txt", "~$xa-0.xlsx"]


def test_duplicate_unit_codes_are_both_rejected(tmp_path):
    write_submission(tmp_path, "a.json", submission("XA-1", index=90))
    write_submission(tmp_path, "b.json", submission(" xa-1 ", index=60))
    write_submission(tmp_path, "c.json", submission("XA-2"))
    batch = run_batch(default_ruleset(), [tmp_path], jobs=1)
    assert [r.unit_code for r in batch.accepted] == ["XA-2"]
    rejected = rejected_by_name(batch)
    assert sorted(rejected) == ["a.json", "b.json"]
    for item in rejected.values():
        assert codes(item.reasons) == ["duplicate-unit"]
        assert "a.json" in item.reasons[0].message and "b.json" in item.reasons[0].message


def test_prefer_latest_keeps_the_newest_file_and_says_so(tmp_path):
    old = write_submission(tmp_path, "a.json", submission("XA-1", index=90))
    new = write_submission(tmp_path, "b.json", submission("XA-1", index=60))
    os.utime(old, (1_700_000_000, 1_700_000_000))
    os.utime(new, (1_700_000_100, 1_700_000_100))
    batch = run_batch(default_ruleset(), [tmp_path], jobs=1, prefer="latest")
    assert [r.source for r in batch.accepted] == [str(new)]
    assert codes(batch.accepted[0].findings) == ["duplicate-unit-kept"]
    assert [(Path(r.file).name, codes(r.reasons)) for r in batch.rejected] == \
        [("a.json", ["duplicate-unit-superseded"])]
    assert any("b.json" in note for note in batch.notes)


def test_a_file_for_another_year_is_rejected(tmp_path):
    for i in range(2):
        write_submission(tmp_path, f"x{i}.json", submission(f"X{i}", year=2025))
    write_submission(tmp_path, "y.json", submission("Y", year=2024))
    batch = run_batch(default_ruleset(), [tmp_path], jobs=1)
    assert batch.year == 2025
    assert [(Path(r.file).name, codes(r.reasons)) for r in batch.rejected] == [("y.json", ["year-mismatch"])]


def test_named_files_are_always_inputs_even_missing_or_unsupported(tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("x", encoding="utf-8")
    batch = run_batch(default_ruleset(), [tmp_path / "khong-co.json", note], jobs=1)
    assert {Path(r.file).name: codes(r.reasons) for r in batch.rejected} == {
        "khong-co.json": ["file-not-found"], "note.txt": ["batch-unsupported-file"]}
    assert batch.accounted


def test_no_input_files_at_all_is_an_error(tmp_path):
    (tmp_path / "x.txt").write_text("x", encoding="utf-8")
    with pytest.raises(DvkError) as caught:
        run_batch(default_ruleset(), [tmp_path])
    assert codes(caught.value.findings) == ["batch-no-inputs"]


def test_folders_are_expanded_sorted_without_hidden_files_or_the_output(tmp_path):
    for rel in ("b/2.json", "a/1.json", "ket-qua/ket-qua.json", ".an/3.json", "0.xlsx", "a/1.expected.json",
                "submission.schema.json"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}", encoding="utf-8")
    reasons: dict[str, str] = {}
    files, skipped = collect_inputs([tmp_path, tmp_path / "a" / "1.json"], exclude=[tmp_path / "ket-qua"],
                                    reasons=reasons)
    assert [p.relative_to(tmp_path).as_posix() for p in files] == ["0.xlsx", "a/1.json", "b/2.json"]
    # every entry is accounted for: the hidden folder and the output folder are skipped, not walked
    assert sorted(p.name for p in skipped) == [".an", "1.expected.json", "ket-qua", "submission.schema.json"]
    assert reasons[str(tmp_path / "ket-qua")] == "thư mục kết quả của lần chạy này"
    assert reasons[str(tmp_path / ".an")] == "tệp hoặc thư mục ẩn"


def test_worker_processes_give_the_same_batch(tmp_path):
    for i in range(12):
        write_submission(tmp_path, f"x{i:02d}.json", submission(f"X{i:02d}", index=40 + 5 * i))
    (tmp_path / "hong.json").write_text("[", encoding="utf-8")
    one = run_batch(default_ruleset(), [tmp_path], jobs=1)
    two = run_batch(default_ruleset(), [tmp_path], jobs=2)
    assert one == two



@pytest.mark.parametrize("count, jobs, chunk", [(1, 2, 1), (39, 2, 1), (2000, 2, 62), (10_000, 2, 64),
                                                (10_000, 8, 64), (500, 8, 3)])
def test_pool_chunks_amortise_the_round_trip_but_keep_workers_busy(count, jobs, chunk):
    from scoring.intake.batch import pool_chunksize

    assert pool_chunksize(count, jobs) == chunk


def test_collector_state_is_restored_after_a_rank(tmp_path):
    import gc

    (tmp_path / "in").mkdir()
    write_submission(tmp_path / "in", "a.json", submission("A"))
    frozen = gc.get_freeze_count()
    run_rank(default_ruleset(), [tmp_path / "in"], tmp_path / "out")
    assert gc.isenabled() and gc.get_freeze_count() == frozen


def test_no_collection_runs_while_a_batch_is_read(tmp_path):
    """The cyclic collector stays off while files are read and scored (it cost ~10% of a batch)."""
    import gc

    for i in range(3):
        write_submission(tmp_path, f"x{i}.json", submission(f"X{i}"))
    starts: list[str] = []

    def record(phase, info):
        frame = sys._getframe()
        while frame is not None and phase == "start":
            if frame.f_code.co_name in ("_run_batch", "evaluate_one"):
                starts.append(frame.f_code.co_name)
            frame = frame.f_back

    ruleset, threshold = default_ruleset(), gc.get_threshold()
    gc.callbacks.append(record)
    gc.set_threshold(1)  # without the pause, nearly every allocation would start a collection
    try:
        batch = run_batch(ruleset, [tmp_path], jobs=1)
    finally:
        gc.callbacks.remove(record)
        gc.set_threshold(*threshold)
    assert len(batch.accepted) == 3 and starts == []
    assert gc.isenabled()


def test_a_host_programs_frozen_objects_stay_frozen(tmp_path):
    import gc

    write_submission(tmp_path, "a.json", submission("A"))
    ruleset = default_ruleset()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        run_batch(ruleset, [tmp_path], jobs=1)
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_collector_pauses_nest():
    import gc

    from scoring.intake.batch import collector_paused

    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_run_rank_exit_codes_and_outputs(tmp_path, mixed):
    ruleset = default_ruleset()
    summary = run_rank(ruleset, [mixed], tmp_path / "ket-qua")
    assert (summary.accepted, len(summary.rejected), summary.exit_code) == (3, 4, 3)
    assert (tmp_path / "ket-qua" / "xep-hang.xlsx") in summary.outputs
    assert any(line.startswith("Đã đọc 7 tệp: nhận 3, loại 4") for line in summary.lines)

    good = tmp_path / "tot"
    good.mkdir()
    write_submission(good, "a.json", submission("A"))
    assert run_rank(ruleset, [good], tmp_path / "kq2").exit_code == 0

    bad = tmp_path / "hong"
    bad.mkdir()
    (bad / "a.json").write_text("{", encoding="utf-8")
    none = run_rank(ruleset, [bad], tmp_path / "kq3")
    assert (none.exit_code, none.outputs) == (1, ())
    assert not (tmp_path / "kq3").exists()


def test_rank_output_inside_the_input_folder_is_not_read_back(tmp_path):
    write_submission(tmp_path, "a.json", submission("A"))
    run_rank(default_ruleset(), [tmp_path], tmp_path / "ket-qua")
    again = run_rank(default_ruleset(), [tmp_path], tmp_path / "ket-qua")
    assert (again.accepted, again.rejected) == (1, ())


KINDS = ["good", "duplicate", "bad-json", "random-xlsx", "old-version", "lock", "text"]


@pytest.mark.property
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(KINDS), min_size=1, max_size=8))
def test_every_input_file_is_accepted_or_rejected(tmp_path_factory, kinds):
    folder = tmp_path_factory.mktemp("lo")
    for i, kind in enumerate(kinds):
        name = f"f{i}"
        if kind in ("good", "duplicate"):
            write_submission(folder, f"{name}.json", submission("DUP" if kind == "duplicate" else f"U{i}"))
        elif kind == "old-version":
            write_submission(folder, f"{name}.json", submission(f"U{i}", version="2024.1"))
        elif kind == "bad-json":
            (folder / f"{name}.json").write_text("{,", encoding="utf-8")
        elif kind == "random-xlsx":
            (folder / f"{name}.xlsx").write_bytes(bytes(range(i, i + 40)))
        elif kind == "lock":
            (folder / f"~${name}.xlsx").write_bytes(b"x")
        else:
            (folder / f"{name}.txt").write_text("x", encoding="utf-8")
    inputs = [k for k in kinds if k not in ("lock", "text")]
    if not inputs:
        with pytest.raises(DvkError):
            run_batch(default_ruleset(), [folder], jobs=1)
        return
    batch = run_batch(default_ruleset(), [folder], jobs=1)
    assert batch.accounted
    assert len(batch.files) == len(inputs)
    assert len(batch.accepted) == kinds.count("good") + (kinds.count("duplicate") == 1)
    assert all(r.reasons for r in batch.rejected)


def test_progress_bar_only_on_a_terminal(tmp_path, capsys, monkeypatch):
    write_submission(tmp_path, "a.json", submission("A"))
    run_batch(default_ruleset(), [tmp_path], jobs=1, progress=True)  # stderr is captured: not a TTY
    assert capsys.readouterr().err == ""
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    run_batch(default_ruleset(), [tmp_path], jobs=1, progress=True)
    assert "Đang đọc" in capsys.readouterr().err


def test_folder_walk_skips_symlinked_folders_and_counts_a_linked_file_once(tmp_path):
    inputs, elsewhere = tmp_path / "vao", tmp_path / "khac"
    (inputs / "a").mkdir(parents=True)
    elsewhere.mkdir()
    (inputs / "a" / "1.json").write_text("{}", encoding="utf-8")
    (elsewhere / "2.json").write_text("{}", encoding="utf-8")
    (inputs / "lien-ket").symlink_to(elsewhere, target_is_directory=True)  # not followed, as rglob
    (inputs / "ban-sao.json").symlink_to(inputs / "a" / "1.json")  # the same file twice: counted once
    (inputs / "3.JSON").write_text("{}", encoding="utf-8")
    (inputs / "~$khoa.xlsx").write_text("x", encoding="utf-8")
    files, skipped = collect_inputs([inputs])
    assert [p.relative_to(inputs).as_posix() for p in files] == ["3.JSON", "a/1.json"]
    assert [p.name for p in skipped] == ["lien-ket", "~$khoa.xlsx"]  # the linked folder is named, not walked
    files, _ = collect_inputs([inputs, elsewhere / "2.json", Path("khong-co.json")])
    assert [p.name for p in files] == ["3.JSON", "1.json", "2.json", "khong-co.json"]
