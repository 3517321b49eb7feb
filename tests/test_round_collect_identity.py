"""Which file of a unit counts: the one it sent last.  A file's identity is its content and its
place, not "seen once": a unit that sends an earlier revision again has that revision counted
again, and after any sequence of swaps a round counts what a fresh collection of the folder does."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from test_batch_helpers import submission, write_submission
from test_round_collect import make_round
from wsfixtures import SAMPLES, backend, deadline_passes, pg_url, ws  # noqa: F401 - fixtures

CASES = Path(__file__).parent / "cases" / "round"
UNITS = ("XA-0", "XA-1", "XA-2", "XA-3")
ROSTER = "Mã đơn vị,Tên đơn vị,Loại đơn vị,Khối\n" + "".join(f"{c},Đơn vị {c},ubnd_xa,\n" for c in UNITS)
_codes = itertools.count(1)


def counted(code: str) -> dict[str, str]:
    """Unit code → the content (SHA-256) its round counts now."""
    from scoring.workspace.models import RosterEntry

    return dict(RosterEntry.objects.filter(round__code=code, current__status="accepted")
                .values_list("unit__code", "current__file_id"))


def status_counts(ws, code: str) -> tuple[int, int]:
    from scoring.workspace.status import round_status

    blocks = round_status(ws, code).blocks
    return sum(b.accepted for b in blocks), sum(b.submitted for b in blocks)


def new_round(ws, tmp_path: Path, roster: str = ROSTER) -> str:
    code = f"kt-{next(_codes)}"
    make_round(ws, tmp_path / code, roster, code=code)
    return code


def test_an_earlier_revision_sent_again_counts_again(ws, tmp_path):
    """The README case: revision B replaces XA-HUCAU, then the unit re-sends its first file."""
    from scoring.workspace.collect import collect

    roster = ("Mã đơn vị,Tên đơn vị,Loại đơn vị,Khối\nXA-HUCAU,UBND xã Hư Cấu,ubnd_xa,\n")
    code = new_round(ws, tmp_path, roster)
    first = tmp_path / "xa-hucau.xlsx"
    shutil.copy2(SAMPLES / "xa-hucau.xlsx", first)
    revision = CASES / "xa-hucau-revB.xlsx"
    collect(ws, code, [first])
    original = counted(code)["XA-HUCAU"]
    assert len(collect(ws, code, [revision]).replaced) == 1
    revised = counted(code)["XA-HUCAU"]
    assert revised != original
    again = collect(ws, code, [first])
    assert counted(code) == {"XA-HUCAU": original}
    [(path, warning)] = again.resent
    assert (warning.code, warning.location.file) == ("collect-resent", path)
    assert "xa-hucau-revB.xlsx" in warning.message and "XA-HUCAU" in warning.message
    assert (again.read, again.unchanged, again.exit_code) == (0, 0, 0)
    # sending the same file once more changes nothing; revision B sent again counts again
    assert collect(ws, code, [first]).resent == [] and counted(code) == {"XA-HUCAU": original}
    assert collect(ws, code, [revision], verify=True).resent and counted(code) == {"XA-HUCAU": revised}
    from scoring.workspace.models import Submission

    history = list(Submission.objects.filter(round__code=code).order_by("id").values_list("status", "file_id"))
    assert history == [("replaced", original), ("replaced", revised), ("replaced", original), ("accepted", revised)]
    assert status_counts(ws, code) == (1, 1)


def test_the_unit_s_current_file_among_the_collection_keeps_it(ws, tmp_path):
    """Two files of one unit in one collection, one of them its current one: nothing changes."""
    from scoring.workspace.collect import collect

    code = new_round(ws, tmp_path)
    folder = tmp_path / "hop-thu"
    folder.mkdir()
    write_submission(folder, "a.json", submission("XA-0", index=50))
    collect(ws, code, [folder])
    before = counted(code)
    write_submission(folder, "b.json", submission("XA-0", index=60))
    collect(ws, code, [folder / "b.json"])
    report = collect(ws, code, [folder])
    assert report.resent == [] and counted(code) != before  # b (sent last) stays


def test_an_upload_through_the_portal_is_not_undone_by_re_collecting_the_folder(ws, tmp_path):
    from scoring.workspace.collect import collect

    code = new_round(ws, tmp_path)
    folder = tmp_path / "hop-thu"
    folder.mkdir()
    write_submission(folder, "xa-0.json", submission("XA-0", index=50))
    collect(ws, code, [folder])
    upload = tmp_path / "tai-len" / "xa-0.json"
    upload.parent.mkdir()
    write_submission(upload.parent, "xa-0.json", submission("XA-0", index=70))
    collect(ws, code, [upload], channel="portal")
    uploaded = counted(code)
    report = collect(ws, code, [folder])
    assert counted(code) == uploaded
    [(_, warning)] = report.resent
    assert warning.code == "collect-resent-kept"
    # the office puts the earlier file in the folder again (another time): that is a sending
    write_submission(folder, "xa-0.json", submission("XA-0", index=60))
    collect(ws, code, [folder])
    write_submission(folder, "xa-0.json", submission("XA-0", index=50))
    assert [w.code for _, w in collect(ws, code, [folder]).resent] == ["collect-resent"]


#: A step: unit index, revision, place (0 or 1), and whether every file is hashed again.
STEP = st.tuples(st.integers(0, len(UNITS) - 1), st.integers(0, 2), st.integers(0, 1), st.booleans())


def _place(folder: Path, unit: int, revision: int, place: int) -> None:
    for old in folder.glob(f"xa-{unit}*.json"):
        old.unlink()
    name = f"xa-{unit}.json" if place == 0 else f"xa-{unit}-ban-sua.json"
    write_submission(folder, name, submission(UNITS[unit], index=40 + 10 * revision))


@pytest.mark.property
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(steps=st.lists(STEP, min_size=1, max_size=6))
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_any_sequence_of_swaps_counts_what_a_fresh_collection_counts(ws, tmp_path, steps):
    """After any sequence of files swapped in a folder (each collected), the round counts, for each
    unit, the file now in the folder — as a fresh collection of that folder does — and its status
    says so."""
    from scoring.workspace.collect import collect

    code = new_round(ws, tmp_path)
    folder = tmp_path / f"hop-thu-{code}"
    folder.mkdir()
    for unit in range(len(UNITS)):
        _place(folder, unit, 0, 0)
    collect(ws, code, [folder], jobs=1)
    for unit, revision, place, verify in steps:
        _place(folder, unit, revision, place)
        collect(ws, code, [folder], jobs=1, verify=verify)
    fresh = new_round(ws, tmp_path)
    collect(ws, fresh, [folder], jobs=1)
    assert counted(code) == counted(fresh)
    assert status_counts(ws, code) == status_counts(ws, fresh) == (len(UNITS), len(UNITS))


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_dvk_round_collect_says_an_earlier_file_counts_again(ws, tmp_path, capsys):
    from scoring.cli.app import main

    roster = "Mã đơn vị,Tên đơn vị,Loại đơn vị,Khối\nXA-HUCAU,UBND xã Hư Cấu,ubnd_xa,\n"
    code = new_round(ws, tmp_path, roster)
    first = tmp_path / "xa-hucau.xlsx"
    shutil.copy2(SAMPLES / "xa-hucau.xlsx", first)
    for path in (first, CASES / "xa-hucau-revB.xlsx", first):
        assert main(["round", "collect", str(path), "-w", str(ws.root), "-r", code, "--jobs", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("CẢNH BÁO [collect-resent]") and "được tính lại" in out[-1]
    assert counted(code)["XA-HUCAU"] == sha_of(first)


def sha_of(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_an_earlier_file_sent_again_after_the_deadline_is_late_and_scored_so(ws, tmp_path):
    from test_round_collect import changed_json

    from scoring.workspace.collect import collect
    from scoring.workspace.models import RosterEntry, Submission
    from scoring.workspace.results import score_submission
    from scoring.workspace.rounds import ruleset_of

    round_ = make_round(ws, tmp_path, late_fact="F1")
    first, second = tmp_path / "dau", tmp_path / "sau"
    first.mkdir()
    second.mkdir()
    changed_json(first, "so-tu-phap-tham-dinh.json", True)
    changed_json(second, "so-tu-phap-tham-dinh.json", False)
    collect(ws, None, [first])
    on_time = Submission.objects.get(unit_code="STP")
    collect(ws, None, [second])
    deadline_passes()
    report = collect(ws, None, [first])
    assert [w.code for _, w in report.resent] == ["collect-resent"] and len(report.late) == 1
    sub = RosterEntry.objects.get(round=round_, unit__code="STP").current
    assert (sub.file_id, sub.late, on_time.late) == (on_time.file_id, True, False)
    assert [f["code"] for f in sub.findings].count("collect-late") == 1
    final = score_submission(ruleset_of(round_), round_, sub).final
    assert (sub.total, sub.band_label) == (final.total, final.band_label)
