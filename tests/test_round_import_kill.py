"""``dvk round import-appraisal`` and ``dvk round explanations`` killed (SIGKILL) at random points,
on SQLite and PostgreSQL: after each kill the round holds all of the sheet's changes with their
audit entries or none of them; the same command run again succeeds and leaves each change recorded
exactly once; the log says each once; nothing is left in the workspace that no record names.
The runs are killed at random moments and just before each of their database writes (inside
the transaction); two runs of one sheet started at once record its changes once.

Two sheets take turns (A sets values, B sets them back, with other reasons or answers), so every
kill is of a run that has something to record."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from faultkit import killed_at_write, stored_problems
from test_round_appraisal import appraising, fill
from test_round_council_sheets import _answer, _both, _edit, explaining
from wsfixtures import ROOT, backend, pg_url, ws  # noqa: F401 - fixtures

KILLS = 2  # random kills per command and backend (then one before each database write): a kill costs
#           a killed run and a whole one, 1 to 3 s each
#: The changes each appraisal sheet makes: (unit, criterion, value typed, value recorded, reason).
APPRAISAL = {
    "a": [("SO-VIDU", "1.1|done", "Không", False, "Kế hoạch ban hành sau hạn"),
          ("SO-GIALAP", "1.2|done", "Không", False, "Chưa quán triệt")],
    "b": [("SO-VIDU", "1.1|done", "Có", True, "Đã xem lại kế hoạch"),
          ("SO-GIALAP", "1.2|done", "Có", True, "Đã có biên bản quán triệt")],
}
ANSWERS = {"a": [("SO-VIDU", "1.1", "Đã ban hành đúng hạn"), ("SO-GIALAP", "1.2", "Đã quán triệt ngày 5/3")],
           "b": [("SO-VIDU", "1.1", "Gửi kèm công văn số 12"), ("SO-GIALAP", "1.2", "Xin xem lại biên bản")]}


class _Runs:
    """The command run as a subprocess of the workspace, killed after a delay or run whole."""

    def __init__(self, ws, cwd: Path, *command: str):
        from django.db import connections

        connections.close_all()  # the subprocess must not wait on this process's transaction
        self.argv = [sys.executable, "-m", "scoring", "round", *command, "-w", str(ws.root)]
        self.cwd = cwd
        self.env = {k: v for k, v in os.environ.items() if k != "DVK_DATABASE_URL"}
        self.env.update(PYTHONPATH=str(ROOT), DVK_ACTOR="kiem-thu")
        self.span = 0.0  # how long a whole run took (the kills fall within it)
        self.ended = False  # whether the last run to be killed ended first
        self.writes = 0  # how many database writes a run to be killed made at most

    def whole(self, *args: str) -> str:
        start = time.monotonic()
        done = subprocess.run([*self.argv[:-2], *args, *self.argv[-2:]], cwd=self.cwd, env=self.env,
                              capture_output=True, text=True, timeout=60, check=False)
        self.span = max(self.span, time.monotonic() - start)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stdout + done.stderr
        return done.stdout

    def together(self, *args: str) -> list[str]:
        """Two whole runs started at once (a rerun while the first still runs): their outputs."""
        procs = [subprocess.Popen([*self.argv[:-2], *args, *self.argv[-2:]], cwd=self.cwd, env=self.env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        outs = [proc.communicate(timeout=60) for proc in procs]
        assert [proc.returncode for proc in procs] == [0, 0], outs
        return [out for out, _err in outs]

    def killed(self, chance: random.Random, *args: str) -> bool:
        """Run, SIGKILL at a random moment of a whole run's span; whether it ended first."""
        proc = subprocess.Popen([*self.argv[:-2], *args, *self.argv[-2:]], cwd=self.cwd, env=self.env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            proc.wait(timeout=chance.uniform(0.4, 1.05) * self.span)
            self.ended = True
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            self.ended = False
        return self.ended

    def at_write(self, nth: int, *args: str) -> bool:
        """Run, SIGKILLed just before its ``nth`` database write; whether it ended first."""
        status, writes = killed_at_write([*self.argv[3:-2], *args, *self.argv[-2:]], self.env, self.cwd, nth)
        assert status in (0, -signal.SIGKILL), status
        self.ended, self.writes = status == 0, max(self.writes, writes)
        return self.ended


def _kills(runs: _Runs, seed: int):
    """How each turn's run is killed: ``KILLS`` times at a random moment, then just before each
    of its database writes in turn (inside its transaction), until a run makes them all and ends."""
    chance = random.Random(seed)
    for _ in range(KILLS):
        yield lambda path: runs.killed(chance, path)
    for nth in range(1, 20):
        yield lambda path, nth=nth: runs.at_write(nth, path)
        if runs.ended:
            return


def _workspace_files(ws) -> set[str]:
    """The workspace's files outside ``tep/`` (checked by :func:`stored_problems`)."""
    return {p.relative_to(ws.root).as_posix() for p in Path(ws.root).rglob("*")
            if p.is_file() and ws.files_dir not in p.parents}


def _appraisal_changes(round_) -> list[tuple]:
    from scoring.workspace.models import AppraisalChange

    return list(AppraisalChange.objects.filter(round=round_).order_by("id")
                .values_list("entry__unit__code", "criterion_id", "after", "reason"))


def _audited(round_, action: str) -> list[tuple]:
    """(unit, criterion, value, reason) of the round's audit entries of ``action``, oldest first."""
    from scoring.workspace.models import AuditEntry

    said = []
    for target, after in AuditEntry.objects.filter(round=round_, action=action).order_by("id") \
            .values_list("target", "after"):
        unit, criterion = target.split(" / ")
        said.append((unit, criterion, after.get("value", after.get("text")), after.get("reason")))
    return said


def _logged(ws, label: str) -> int:
    from scoring.workspace.audit_view import log_lines

    return sum(1 for line in log_lines(ws, None) if f"| {label} |" in line)


def test_import_appraisal_killed_records_a_sheet_whole_or_not_at_all(ws, tmp_path):
    from scoring.workspace.appraisal_sheet import write_appraisal_sheet

    round_ = appraising(ws, tmp_path)
    sheets = {}
    for name, changes in APPRAISAL.items():
        sheets[name] = write_appraisal_sheet(ws, None, tmp_path / f"td-{name}.xlsx")
        for unit, key, typed, _value, reason in changes:
            fill(sheets[name], unit, key, typed, reason)
    files = _workspace_files(ws)
    runs = _Runs(ws, tmp_path, "import-appraisal")
    runs.whole(str(write_appraisal_sheet(ws, None, tmp_path / "td-trong.xlsx")))  # nothing to change: the span
    for turn, kill in enumerate(_kills(runs, 2020)):
        name = "ab"[turn % 2]
        sheet = [(u, k.split("|")[0], value, reason) for u, k, _t, value, reason in APPRAISAL[name]]
        before = Counter(_appraisal_changes(round_))
        ended = kill(str(sheets[name]))
        now = Counter(_appraisal_changes(round_))
        assert now in (before, before + Counter(sheet)), (turn, ended)
        assert Counter(_audited(round_, "appraisal-changed")) == now
        said = runs.whole(str(sheets[name]))
        assert f"Đã ghi {0 if now != before else len(sheet)} thay đổi thẩm định." in said
        assert Counter(_appraisal_changes(round_)) == Counter(_audited(round_, "appraisal-changed")) \
            == before + Counter(sheet)
        assert _logged(ws, "Thẩm định") == before.total() + len(sheet)
        assert _workspace_files(ws) == files  # no journal, lock or temporary left behind
    before, name = Counter(_appraisal_changes(round_)), "ab"[(turn + 1) % 2]
    said = runs.together(str(sheets[name]))
    assert sorted(out.splitlines()[0] for out in said) == sorted(
        [f"Đã ghi {len(APPRAISAL[name])} thay đổi thẩm định.", "Đã ghi 0 thay đổi thẩm định."])
    assert Counter(_appraisal_changes(round_)) == Counter(_audited(round_, "appraisal-changed")) == before + Counter(
        (u, k.split("|")[0], value, reason) for u, k, _t, value, reason in APPRAISAL[name])
    assert runs.span < 20 and runs.ended and runs.writes >= 2  # every write was a kill's place


def _explanations(round_) -> list[tuple]:
    from scoring.workspace.models import Explanation

    return list(Explanation.objects.filter(round=round_).order_by("id")
                .values_list("entry__unit__code", "criterion_id", "text", "source"))


def _as_audited(answers: Counter) -> Counter:
    return Counter({(unit, criterion, text, None): n for (unit, criterion, text, _s), n in answers.items()})


def test_explanations_killed_records_a_sheet_whole_or_not_at_all(ws, tmp_path):
    from scoring.workspace.models import Round, StoredFile

    blank = explaining(ws, tmp_path)
    round_ = Round.objects.get()
    sheets = {}
    for name, answers in ANSWERS.items():
        sheets[name] = tmp_path / f"gt-{name}.xlsx"
        sheets[name].write_bytes(blank.read_bytes())
        _edit(sheets[name], _both(*(_answer(unit, text) for unit, _c, text in answers)))
    files = _workspace_files(ws)
    runs = _Runs(ws, tmp_path, "explanations")
    runs.whole(str(blank))  # no answer: the span
    for turn, kill in enumerate(_kills(runs, 2021)):
        name = "ab"[turn % 2]
        sheet = [(unit, criterion, text, str(sheets[name])) for unit, criterion, text in ANSWERS[name]]
        before = Counter(_explanations(round_))
        ended = kill(str(sheets[name]))
        now = Counter(_explanations(round_))
        assert now in (before, before + Counter(sheet)), (turn, ended)
        assert Counter(_audited(round_, "explanation-added")) == _as_audited(now)
        assert [p for p in stored_problems(ws) if not p.startswith(("orphan ", "temporary "))] == []
        said = runs.whole(str(sheets[name]))
        assert f"Đã ghi {0 if now != before else len(sheet)} ý kiến giải trình mới." in said
        assert Counter(_explanations(round_)) == before + Counter(sheet)
        assert Counter(_audited(round_, "explanation-added")) == _as_audited(before + Counter(sheet))
        assert _logged(ws, "Giải trình") == before.total() + len(sheet)
        assert stored_problems(ws) == []  # each sheet stored once, under its hash, recorded
        assert _workspace_files(ws) == files
    before, name = Counter(_explanations(round_)), "ab"[(turn + 1) % 2]
    said = runs.together(str(sheets[name]))
    assert sorted(out.splitlines()[0] for out in said) == sorted(
        [f"Đã ghi {len(ANSWERS[name])} ý kiến giải trình mới.", "Đã ghi 0 ý kiến giải trình mới."])
    assert Counter(_explanations(round_)) == before + Counter(
        (unit, criterion, text, str(sheets[name])) for unit, criterion, text in ANSWERS[name])
    kept = set(StoredFile.objects.values_list("sha256", flat=True))
    assert {hashlib.sha256(p.read_bytes()).hexdigest() for p in (blank, *sheets.values())} <= kept
    assert runs.span < 20 and runs.ended and runs.writes >= 2  # every write was a kill's place

