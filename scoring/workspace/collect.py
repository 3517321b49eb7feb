"""``dvk round collect``: take files into a round, each stored once by content and scored once.

A path whose size and modification time are those recorded at its last collection is not even
hashed (see :mod:`scoring.workspace.filestate`, and its limitation); a file whose content the
round already holds is not read again (an earlier file of a unit sent again counts again: see
:mod:`scoring.workspace.resent`).  Only new content is read and scored (in worker processes
when that pays), copied into ``tep/`` and recorded, in one transaction: accepted (replacing the
unit's previous submission, which stays in the history) or rejected with its reasons (unreadable,
another ruleset version, not on the roster, another year, another unit type than the roster's,
two new files for one unit).  A file that vanishes or changes while the collection runs is left
out with its finding, the others are recorded (:mod:`scoring.workspace.blobs`).  A collection with nothing new neither parses the ruleset nor
imports the engine nor loads the roster: a few queries and one ``stat`` per file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from scoring.core.findings import DvkError, Finding, Location, make
from scoring.intake.collect import input_files
from scoring.workspace.filestate import SeenPath, file_hashes, record_seen
from scoring.workspace.store import Workspace, actor, audit, chunks, now

if TYPE_CHECKING:  # the engine is imported only when there is something to read
    from scoring.intake.batch import Evaluated



@dataclass
class CollectReport:
    """What one collection did, file by file."""

    round_code: str
    files: int = 0
    unchanged: int = 0
    accepted: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    rejected: list[tuple[str, list[Finding]]] = field(default_factory=list)
    late: list[str] = field(default_factory=list)
    read: int = 0  # files actually read and scored this time
    #: Earlier files sent again and counted again, and those kept out (each with its warning).
    resent: list[tuple[str, Finding]] = field(default_factory=list)
    #: Folder entries that are not submissions: (path, Vietnamese reason), as ``dvk rank`` lists them.
    skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 3 if self.rejected else 0


def collecting(channel: str) -> tuple[str, ...]:
    """The states in which files are taken from ``channel``: an open round; and, from the office's
    command (``"cli"``), a published round reopened for a correction (:mod:`scoring.workspace.correction`),
    never a unit's own upload then."""
    return ("open", "correction") if channel == "cli" else ("open",)


def collect(ws: Workspace, round_code: str | None, inputs: Sequence[str | Path], who: str | None = None,
            jobs: int | None = None, channel: str = "cli", verify: bool = False) -> CollectReport:
    """Collect files and folders into the round; see the module docstring, and
    :mod:`scoring.workspace.resent` for which file of a unit counts.

    ``verify``: hash every file, even those whose size and time are as recorded (a file changed
    without changing either is then noticed; ``dvk round collect --kiem-tra-lai``).
    """
    from scoring.workspace.lateness import late_at
    from scoring.workspace.resent import resent_files
    from scoring.workspace.rounds import deadline, find_round, require_state

    who = who or actor()
    round_ = find_round(round_code)
    require_state(round_, collecting(channel), "nhận hồ sơ")
    reasons: dict[str, str] = {}
    pairs, skipped = input_files(inputs, exclude=[ws.root], reasons=reasons)
    if not pairs:
        import scoring.intake.batch  # noqa: F401 - registers batch-no-inputs

        shown = ", ".join(str(p) for p in inputs) or "(không có)"
        raise DvkError([make("batch-no-inputs", Location(), paths=shown)])
    report = CollectReport(round_.code, files=len(pairs), skipped=[(str(p), reasons.get(str(p), "")) for p in skipped])
    files, missing = file_hashes(round_, pairs, verify)
    for path, why in missing:
        report.rejected.append((path, [why]))
    known = set(round_.submissions.filter(recheck=False).values_list("file_id", flat=True))
    fresh: dict[str, SeenPath] = {}
    for f in files:
        if f.sha not in known:
            fresh.setdefault(f.sha, f)
    resent = resent_files(round_, files, known, report.resent)
    report.unchanged = sum(1 for f in files if f.sha in known) - len(resent)
    received = now()
    due = deadline(round_)
    late = late_at(received, due, waived=False)  # per unit (extensions, waivers): relate() below
    outcomes = _evaluate(round_, fresh, late, jobs)
    report.read = len(outcomes)
    if fresh or resent or any(not f.seen for f in files):
        _record(ws, round_, files, fresh, resent, outcomes, (received, late, due, who, channel), report)
    return report


def _evaluate(round_, fresh: dict[str, SeenPath], late: bool, jobs: int | None) -> list[Evaluated]:
    """Read and score the new contents (none: nothing imported, nothing parsed)."""
    if not fresh:
        return []
    from scoring.intake.batch import Reading, default_jobs, evaluate_files
    from scoring.workspace.rounds import ruleset_of

    work = [f.path for f in fresh.values()]
    count = jobs or default_jobs(len(work))
    if count > 1:
        from django.db import connections

        connections.close_all()  # forked workers must not share the database connection
    facts = ((round_.late_fact, True),) if late and round_.late_fact else ()
    return evaluate_files(ruleset_of(round_), work, count, Reading(facts=facts, keep=True, supplied=_supplied(round_)))


def _supplied(round_) -> dict[str, tuple[dict[str, Any], dict[str, str]]]:
    """Unit key → the values the round sets for that unit (its round facts, with their evidence):
    a file that leaves one blank is not refused for it, one that typed another value is told."""
    from scoring.workspace.factsources import round_facts
    from scoring.workspace.models import RosterEntry
    from scoring.workspace.roundfacts import as_values

    facts = round_facts(round_)
    if not facts:
        return {}
    keys = dict(RosterEntry.objects.filter(round=round_).values_list("pk", "unit__code_key"))
    return {keys[entry_id]: as_values(found) for entry_id, found in facts.items() if entry_id in keys}


def _record(ws: Workspace, round_, files: list[SeenPath], fresh: dict[str, SeenPath], resent: list,
            outcomes: list[Evaluated], receipt: tuple, report: CollectReport) -> None:
    """Copy new contents into ``tep/`` and record everything in one transaction.  A file that
    vanished or changed since it was hashed and read is left out with its finding (and hashed
    again next time); the others are recorded."""
    from django.db import transaction

    from scoring.workspace.blobs import record_blobs, store_blobs
    from scoring.workspace.models import Round, Submission
    from scoring.workspace.resent import restore
    from scoring.workspace.rounds import require_state

    received, late, due, who, channel = receipt
    blobs, failed = store_blobs(ws, fresh.values())
    if failed:
        lost = {fresh_path for fresh_path, _ in failed}
        gone = {f.sha for f in fresh.values() if f.path in lost}
        report.rejected += [(path, [finding]) for path, finding in failed]
        outcomes = [o for o in outcomes if o.path not in lost]
        fresh = {sha: f for sha, f in fresh.items() if sha not in gone}
        files = [f for f in files if f.sha not in gone]
    with transaction.atomic():
        # Under the write lock: another collection may have recorded some of these contents
        # since they were found new (two collections at once count each content once).
        # The round may have closed since collect() checked it (another process): check again
        # under the lock, in the transaction that records, so nothing is recorded after a close.
        locked = Round.objects.select_for_update().only("state").get(pk=round_.pk)
        require_state(locked, collecting(channel), "nhận hồ sơ")
        taken = set(Submission.objects.filter(round=round_, recheck=False, file_id__in=list(fresh))
                    .values_list("file_id", flat=True))
        if taken:
            sha_of = {f.path: sha for sha, f in fresh.items()}
            outcomes = [o for o in outcomes if sha_of[o.path] not in taken]
            report.unchanged += len(taken)
        record_blobs(blobs, received)
        entries = _entries(round_, outcomes)
        decided = _decide(round_, outcomes, entries)
        subs = _store_submissions(round_, decided, fresh, entries, received, late, due, who, channel, report)
        again = restore(round_, resent, {s.entry_id for s in subs if s.status == "accepted"}, received, late,
                        due, who, channel)
        report.unchanged += len(resent) - len(again)  # left alone: a new file of the unit counts
        for path, warning, _sub in again:
            report.resent.append((path, warning))
            if late:
                report.late.append(path)
        _relate_units(round_, subs, again, who, report)
        record_seen(round_, files, received)
        if subs or again:
            audit(round_, who, "collected", f"{len(files)} tệp", after={
                "files": report.files, "read": report.read, "accepted": len(report.accepted),
                "replaced": len(report.replaced), "rejected": len(report.rejected), "late": len(report.late),
                "resent": len(again)})


def _relate_units(round_, subs: list[Any], again: list, who: str, report: CollectReport) -> None:
    """The units' own lateness (an extension, a waiver) over the round's deadline the files were
    received against: :func:`scoring.workspace.lateness.relate`, the report following it."""
    from scoring.workspace.lateness import allowed_entries, record_changes, relate

    touched = {s.entry_id for s in subs if s.status == "accepted" and s.entry_id}
    touched |= {sub.entry_id for _path, _warning, sub in again}
    touched &= allowed_entries(round_)  # the others were received against the round's deadline
    if not touched:
        return
    changes = relate(round_, sorted(touched))
    for change in changes:
        if change.late:
            report.late.append(change.file)
        elif change.file in report.late:
            report.late.remove(change.file)
    record_changes(round_, who, "thu hồ sơ", changes)


def _entries(round_, outcomes: list[Evaluated]) -> dict[str, Any]:
    """The roster entries of the units these outcomes name (by unit key), with their current
    submission (without its stored JSON, which only the replaced-submission summary would read)."""
    from scoring.intake.batch import unit_key
    from scoring.workspace.models import RosterEntry

    keys = sorted({unit_key(o.result.unit_code if o.result is not None else (o.rejected.unit_code or ""))
                   for o in outcomes})
    rows = RosterEntry.objects.filter(round=round_).select_related("unit", "current").defer(
        "current__data", "current__findings")
    found: dict[str, Any] = {}
    for chunk in chunks(keys):
        found.update((e.unit.code_key, e) for e in rows.filter(unit__code_key__in=chunk))
    return found


def _decide(round_, outcomes: list[Evaluated], entries: dict[str, Any]) -> list[tuple[Evaluated, list[Finding]]]:
    """Each outcome with the round's reasons to refuse it (empty: accepted)."""
    from scoring.intake.batch import unit_key

    decided: list[tuple[Evaluated, list[Finding]]] = []
    by_unit: dict[str, list[int]] = {}
    for outcome in outcomes:
        reasons: list[Finding] = []
        result = outcome.result
        if outcome.rejected is None and result is not None:
            where = Location(file=outcome.path)
            entry = entries.get(unit_key(result.unit_code))
            if entry is None:
                reasons.append(make("collect-not-on-roster", where, unit=result.unit_code,
                                    name=result.unit_name, round=round_.code))
            elif entry.unit_type != result.unit_type:
                reasons.append(make("collect-wrong-type", where, got=result.unit_type, expected=entry.unit_type))
            if result.year != round_.year:
                reasons.append(make("collect-wrong-year", where, year=result.year, round=round_.code,
                                    expected=round_.year))
            if not reasons:
                by_unit.setdefault(unit_key(result.unit_code), []).append(len(decided))
        decided.append((outcome, reasons))
    for key, indexes in by_unit.items():
        if len(indexes) > 1:
            names = ", ".join(decided[i][0].path for i in indexes)
            for i in indexes:
                outcome = decided[i][0]
                decided[i][1].append(make("collect-duplicate", Location(file=outcome.path), count=len(indexes),
                                          unit=outcome.result.unit_code, files=names))
    return decided



def _store_submissions(round_, decided, fresh, entries, received, late, due, who, channel,
                       report: CollectReport) -> list[Any]:
    from django.db.models import OuterRef, Subquery

    from scoring.intake.batch import unit_key
    from scoring.workspace.models import AuditEntry, RosterEntry, Submission
    from scoring.workspace.rounds import shown_deadline

    by_path = {f.path: f for f in fresh.values()}
    subs, logs, moved = [], [], []
    for outcome, reasons in decided:
        f = by_path[outcome.path]
        result = outcome.result
        code = result.unit_code if result is not None else (outcome.rejected.unit_code or "")
        entry = entries.get(unit_key(code)) if code else None
        findings = list(outcome.rejected.findings) if outcome.rejected else list(result.findings)
        findings = reasons + findings
        ok = outcome.rejected is None and not reasons
        if late and ok:
            findings.append(make("collect-late", Location(file=outcome.path), deadline=shown_deadline(due)))
        sub = Submission(round=round_, entry=entry, file_id=f.sha, original_name=Path(f.path).name,
                         source_path=f.path, received_at=received, received_by=who, channel=channel,
                         status="accepted" if ok else "rejected", late=late, unit_code=code,
                         data=outcome.data, findings=[x.to_dict() for x in findings],
                         total=result.final.total if result is not None else None,
                         percent=result.final.percent if result is not None else None,
                         band_label=result.final.band_label if result is not None else "",
                         recheck=bool(reasons) and outcome.rejected is None)
        subs.append(sub)
        if ok:
            report.accepted.append(f.path)
            if late:
                report.late.append(f.path)
        else:
            report.rejected.append((f.path, [x for x in findings if x.is_error]))
    Submission.objects.bulk_create(subs, batch_size=500)
    if any(s.pk is None for s in subs):  # pragma: no cover - both supported backends return keys
        raise RuntimeError("database did not return the new submissions' keys")
    for sub in subs:
        summary = {"file": sub.original_name, "sha256": sub.file_id, "unit": sub.unit_code,
                   "total": sub.total, "class": sub.band_label, "late": sub.late}
        if sub.status != "accepted":
            summary["reasons"] = [x["code"] for x in sub.findings if x["severity"] == "error"]
            logs.append(AuditEntry(round=round_, at=received, actor=who, action="submission-rejected",
                                   target=sub.source_path, after=summary))
            continue
        entry = sub.entry
        before = entry.current
        if before is not None:
            before.status = "replaced"
            moved.append(before)
            sub.replaces = before
            report.replaced.append(sub.source_path)
        entry.current = sub
        logs.append(AuditEntry(round=round_, at=received, actor=who,
                               action="submission-replaced" if before else "submission-accepted",
                               target=entry.unit.code, after=summary,
                               before=None if before is None else {
                                   "file": before.original_name, "sha256": before.file_id,
                                   "total": before.total, "class": before.band_label}))
    for chunk in chunks([s.pk for s in moved]):
        Submission.objects.filter(pk__in=chunk).update(status="replaced")
    Submission.objects.bulk_update([s for s in subs if s.replaces_id], ["replaces"], batch_size=500)
    # Each entry's current submission is its newest accepted one, just created: one UPDATE per
    # 500 entries (Django's bulk_update writes a CASE per row: seconds at 10,000 units).
    newest = Submission.objects.filter(entry=OuterRef("pk"), status="accepted").order_by("-id").values("id")[:1]
    for chunk in chunks([s.entry_id for s in subs if s.status == "accepted"]):
        RosterEntry.objects.filter(pk__in=chunk).update(current=Subquery(newest))
    AuditEntry.objects.bulk_create(logs, batch_size=500)
    return subs
