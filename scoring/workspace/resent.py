"""A unit's earlier file sent again: which of a unit's files counts after a collection.

The rule: **a unit's current submission is the file it sent last, and a collection sends every
file it holds.**  For each unit with a file in a collection:

- a content new to the round is read, scored and decided (:mod:`scoring.workspace.collect`);
- the unit's current content, in this collection: nothing changes;
- a content the round accepted earlier for this unit, not its current one (revision A sent
  again after revision B): A counts again, as a new receipt (a copy of A's reading, received
  now, replacing B; B stays in the history), with the warning ``collect-resent`` that says so;
- except when the unit's current submission came through the portal and this file is unchanged
  at its place since it was last collected: the office re-collecting its folder does not undo
  what the unit uploaded since (``collect-resent-kept`` says so);
- a unit with a new file accepted in the same collection, or with two earlier contents and not
  its current one: its new file (or, with none, its current one) stays; two files of one unit in
  one collection cannot both be the last sent.

So re-collecting a folder after any sequence of changes counts, for each unit, the file now in
the folder: what a fresh collection of that folder would count.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from scoring.core.findings import Finding, Location, make
from scoring.workspace.filestate import SeenPath
from scoring.workspace.store import chunks


@dataclass
class Resent:
    """A file of this collection holding an earlier accepted content of ``entry_id``."""

    file: SeenPath
    earlier_id: int   # the submission that first received this content
    entry_id: int


def resent_files(round_, files: Sequence[SeenPath], known: set[str],
                 kept: list[tuple[str, Finding]]) -> list[Resent]:
    """The files that make an earlier content current again (see the module docstring); the ones
    the portal rule keeps out go to ``kept`` with their warning.  A few queries, and none at all
    when every known content of the collection is its unit's current one."""
    from scoring.workspace.models import RosterEntry, Submission

    current = set(RosterEntry.objects.filter(round=round_, current__isnull=False)
                  .values_list("current__file_id", flat=True))
    stale = {f.sha: f for f in files if f.sha in known and f.sha not in current}
    if not stale:
        return []
    earlier: dict[str, tuple[int, int]] = {}
    rows = Submission.objects.filter(round=round_, recheck=False, entry__isnull=False,
                                     status__in=("accepted", "replaced"))
    for chunk in chunks(sorted(stale)):
        for pk, sha, entry_id in rows.filter(file_id__in=chunk).order_by("id").values_list("id", "file_id", "entry_id"):
            earlier.setdefault(sha, (pk, entry_id))
    by_entry: dict[int, list[Resent]] = {}
    for sha, (pk, entry_id) in earlier.items():
        by_entry.setdefault(entry_id, []).append(Resent(stale[sha], pk, entry_id))
    entries = {e.pk: e for e in RosterEntry.objects.filter(pk__in=list(by_entry)).select_related("unit", "current")
               .defer("current__data", "current__findings")}
    chosen = []
    held = {f.sha for f in files}
    for entry_id, items in by_entry.items():
        entry = entries[entry_id]
        cur = entry.current
        if len(items) > 1 or (cur is not None and cur.file_id in held):
            continue  # two earlier contents, or its current one too: not knowable which was sent last
        item = items[0]
        if cur is not None and cur.channel == "portal" and item.file.before == item.file.sha:
            kept.append((item.file.path, make("collect-resent-kept", Location(file=item.file.path),
                                              unit=entry.unit.code, current=cur.original_name)))
            continue
        chosen.append(item)
    return chosen


def restore(round_, items: list[Resent], skip_entries: set[int], received, late: bool, due, who: str,
            channel: str) -> list[tuple[str, Finding, Any]]:
    """Make each earlier content current again (inside the caller's transaction, under its lock);
    units in ``skip_entries`` (a new file accepted this time) are left alone.  Each restored
    file with its warning and the new submission."""
    from scoring.workspace.models import AuditEntry, RosterEntry, Submission

    done = []
    for item in items:
        if item.entry_id in skip_entries:
            continue
        entry = RosterEntry.objects.select_related("unit", "current").get(pk=item.entry_id)
        before = entry.current
        if before is not None and before.file_id == item.file.sha:
            continue  # another collection made it current meanwhile
        sub = _receipt(round_, Submission.objects.get(pk=item.earlier_id), item.file, before, received, late,
                       due, who, channel)
        if before is not None:
            Submission.objects.filter(pk=before.pk).update(status="replaced")
        RosterEntry.objects.filter(pk=entry.pk).update(current=sub)
        warning = make("collect-resent", Location(file=item.file.path), unit=entry.unit.code,
                       file=Path(item.file.path).name, replaced=before.original_name if before else "")
        AuditEntry.objects.create(
            round=round_, at=received, actor=who, action="submission-resent", target=entry.unit.code,
            after={"file": sub.original_name, "sha256": sub.file_id, "total": sub.total, "class": sub.band_label,
                   "late": sub.late, "earlier": item.earlier_id},
            before=None if before is None else {"file": before.original_name, "sha256": before.file_id,
                                                "total": before.total, "class": before.band_label})
        done.append((item.file.path, warning, sub))
    return done


def _receipt(round_, earlier, f: SeenPath, before, received, late: bool, due, who: str, channel: str):
    """A new submission of the earlier content: its reading, received now."""
    from scoring.workspace.models import Submission
    from scoring.workspace.rounds import shown_deadline

    findings = [x for x in earlier.findings if x.get("code") not in ("collect-late", "collect-resent")]
    if late:
        findings.append(make("collect-late", Location(file=f.path), deadline=shown_deadline(due)).to_dict())
    sub = Submission(round=round_, entry_id=earlier.entry_id, file_id=f.sha, original_name=Path(f.path).name,
                     source_path=f.path, received_at=received, received_by=who, channel=channel,
                     status="accepted", late=late, unit_code=earlier.unit_code, data=earlier.data,
                     findings=findings, total=earlier.total, percent=earlier.percent,
                     band_label=earlier.band_label, replaces=before)
    if late != earlier.late and round_.late_fact:  # the lateness fact changes the score
        from scoring.workspace.results import score_submission
        from scoring.workspace.rounds import ruleset_of

        final = score_submission(ruleset_of(round_), round_, sub).final
        sub.total, sub.percent, sub.band_label = final.total, final.percent, final.band_label
    sub.save()
    return sub
