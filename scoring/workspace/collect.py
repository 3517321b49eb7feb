"""``dvk round collect``: take files into a round, each stored once by content and scored once.

A path whose size and modification time are those recorded at its last collection is not even
hashed; a file whose content the round already holds is not read again.  Only new content is read
and scored (in worker processes when that pays), copied into ``tep/`` and recorded, in one
transaction: accepted (replacing the unit's previous submission, which stays in the history) or
rejected with its reasons (unreadable, another ruleset version, not on the roster, another year,
another unit type than the roster's, two new files for one unit).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from scoring.batch import collect_inputs, default_jobs, unit_key
from scoring.findings import DvkError, Finding, Location, make, register
from scoring.workspace.evaluate import Outcome, evaluate_paths
from scoring.workspace.store import Workspace, actor, audit, now

register("collect-not-on-roster", "error",
         "Mã đơn vị '{unit}' ({name}) không có trong danh sách đơn vị của đợt {round}. Kiểm tra mã "
         "đơn vị trong bảng tính, hoặc bổ sung đơn vị vào danh sách (dvk round roster).")
register("collect-wrong-year", "error",
         "Bản tự chấm là của năm {year}, nhưng đợt {round} đánh giá năm {expected}.")
register("collect-wrong-type", "error",
         "Bản tự chấm theo loại đơn vị '{got}', nhưng danh sách đơn vị ghi '{expected}'. Lập lại bản "
         "tự chấm từ biểu mẫu đúng loại đơn vị, hoặc sửa danh sách.")
register("collect-duplicate", "error",
         "Lần thu này có {count} tệp khác nhau của đơn vị '{unit}': {files}. Không nhận tệp nào; "
         "chỉ để lại một tệp rồi thu lại.")
register("collect-late", "warning", "Nộp sau hạn {deadline}.")


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

    @property
    def exit_code(self) -> int:
        return 3 if self.rejected else 0


@dataclass
class _File:
    path: str
    size: int
    mtime_ns: int
    sha: str | None = None
    seen: bool = False  # size and time as recorded: not hashed again


def collect(ws: Workspace, round_code: str | None, inputs: Sequence[str | Path], who: str | None = None,
            jobs: int | None = None, channel: str = "cli") -> CollectReport:
    """Collect files and folders into the round; see the module docstring."""
    from scoring.workspace.rounds import deadline, find_round, require_state, ruleset_of

    who = who or actor()
    round_ = find_round(round_code)
    require_state(round_, ("open",), "nhận hồ sơ")
    ruleset = ruleset_of(round_)
    paths, _skipped = collect_inputs(inputs, exclude=[ws.root])
    if not paths:
        shown = ", ".join(str(p) for p in inputs) or "(không có)"
        raise DvkError([make("batch-no-inputs", Location(), paths=shown)])
    report = CollectReport(round_.code, files=len(paths))
    files, missing = _fingerprint(round_, [str(p) for p in paths])
    for path, why in missing:
        report.rejected.append((path, [why]))
    known = set(round_.submissions.filter(recheck=False).values_list("file_id", flat=True))
    fresh: dict[str, _File] = {}
    for f in files:
        if f.sha in known:
            report.unchanged += 1
        else:
            fresh.setdefault(f.sha, f)
    received = now()
    due = deadline(round_)
    late = due is not None and received > due
    outcomes = []
    if fresh:
        work = [f.path for f in fresh.values()]
        count = jobs or default_jobs(len(work))
        if count > 1:
            from django.db import connections

            connections.close_all()  # forked workers must not share the database connection
        outcomes = evaluate_paths(ruleset, work, round_.late_fact or None, late, count)
        report.read = len(outcomes)
    _record(ws, round_, files, fresh, outcomes, received, late, due, who, channel, report)
    return report


def _fingerprint(round_, paths: list[str]) -> tuple[list[_File], list[tuple[str, Finding]]]:
    """Every path with its content hash: from the record when size and time match, else hashed."""
    from scoring.workspace.models import SeenFile

    seen = {p: (s, m, f) for p, s, m, f in
            SeenFile.objects.filter(round=round_).values_list("path", "size", "mtime_ns", "file_id")}
    files, missing = [], []
    for path in paths:
        real = os.path.realpath(path)
        try:
            st = os.stat(real)
        except OSError:
            missing.append((path, make("file-not-found", Location(file=path))))
            continue
        f = _File(real, st.st_size, st.st_mtime_ns)
        known = seen.get(real)
        if known and known[:2] == (f.size, f.mtime_ns):
            f.sha, f.seen = known[2], True
        else:
            try:
                f.sha = _sha256(real)
            except OSError as exc:
                from scoring.jsonio import os_reason

                missing.append((path, make("file-unreadable", Location(file=path), reason=os_reason(exc))))
                continue
        files.append(f)
    return files, missing


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _record(ws: Workspace, round_, files: list[_File], fresh: dict[str, _File], outcomes: list[Outcome],
            received, late: bool, due, who: str, channel: str, report: CollectReport) -> None:
    """Copy new contents into ``tep/`` and record everything in one transaction."""
    from django.db import transaction

    from scoring.workspace.blobs import copy_blobs, record_blobs
    from scoring.workspace.models import RosterEntry, SeenFile

    from scoring.workspace.models import Round, Submission

    blobs = copy_blobs(ws, fresh.values())
    with transaction.atomic():
        # Under the write lock: another collection may have recorded some of these contents
        # since they were found new (two collections at once count each content once).
        Round.objects.select_for_update().filter(pk=round_.pk).first()
        taken = set(Submission.objects.filter(round=round_, recheck=False, file_id__in=list(fresh))
                    .values_list("file_id", flat=True))
        if taken:
            sha_of = {f.path: sha for sha, f in fresh.items()}
            outcomes = [o for o in outcomes if sha_of[o.path] not in taken]
            report.unchanged += len(taken)
        record_blobs(blobs, received)
        entries = {unit_key(code): e for code, e in
                   ((e.unit.code, e) for e in RosterEntry.objects.filter(round=round_).select_related("unit"))}
        decided = _decide(round_, outcomes, entries)
        subs = _store_submissions(round_, decided, fresh, entries, received, late, due, who, channel, report)
        stale = [f for f in files if not f.seen]
        SeenFile.objects.bulk_create(
            [SeenFile(round=round_, path=f.path, size=f.size, mtime_ns=_trusted(f.mtime_ns, received),
                      file_id=f.sha) for f in stale],
            update_conflicts=True, unique_fields=["round", "path"], update_fields=["size", "mtime_ns", "file"],
            batch_size=500)
        if subs:
            audit(round_, who, "collected", f"{len(files)} tệp", after={
                "files": report.files, "read": report.read, "accepted": len(report.accepted),
                "replaced": len(report.replaced), "rejected": len(report.rejected), "late": len(report.late)})


#: A file modified this close to its collection may change again within the file system's
#: timestamp granularity without its time changing: its record is not trusted next time.
RACY_NS = 2_000_000_000


def _trusted(mtime_ns: int, received) -> int:
    """The modification time to record, or -1 (hash again next time) if it is too recent."""
    return mtime_ns if received.timestamp() * 1e9 - mtime_ns > RACY_NS else -1


def _decide(round_, outcomes: list[Outcome], entries: dict[str, Any]) -> list[tuple[Outcome, list[Finding]]]:
    """Each outcome with the round's reasons to refuse it (empty: accepted)."""
    decided: list[tuple[Outcome, list[Finding]]] = []
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
    from scoring.workspace.models import AuditEntry, RosterEntry, Submission

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
            findings.append(make("collect-late", Location(file=outcome.path), deadline=due.isoformat()))
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
    Submission.objects.bulk_update(moved, ["status"], batch_size=500)
    Submission.objects.bulk_update([s for s in subs if s.replaces_id], ["replaces"], batch_size=500)
    RosterEntry.objects.bulk_update([s.entry for s in subs if s.status == "accepted"], ["current"], batch_size=500)
    AuditEntry.objects.bulk_create(logs, batch_size=500)
    return subs
