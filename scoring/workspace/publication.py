"""``dvk round publish``: lock the round and write a dated, numbered publication folder.

``cong-bo/<round>/so-NN-YYYY-MM-DD/`` holds the reports of :func:`scoring.write_reports` (handed
the round's roll too: its missing and late units, :func:`scoring.workspace.roll.round_roll`) and
``nguon-du-lieu.csv`` (each counted unit's stored file by content hash, received time, lateness and
appraisal changes): every published number traces back to a stored file or a logged change.  A
folder is never overwritten: a number already on disk (even one a killed run left unrecorded) is
skipped.  The folder is written first, then recorded as the round's current publication in one
transaction; a run killed before that leaves the previous publication current and intact.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
from pathlib import Path
from typing import Any

from scoring.workspace.store import Workspace, actor, audit, now

MANIFEST = "nguon-du-lieu.csv"
#: The states from which a round may be published (again, once published).
PUBLISHABLE = ("closed", "appraisal", "explanations", "final", "published")


def publish_round(ws: Workspace, round_code: str | None, who: str | None = None,
                  pdf: bool = False):  # -> models.Publication
    """Publish the round (from closed, appraisal, explanations, final or again when published).

    ``pdf``: also write ``bao-cao.pdf`` (LibreOffice; a failed conversion fails the publication).
    """
    from django.db import transaction

    from scoring.jobs.rewards import propose_rewards
    from scoring.reports import write_reports
    from scoring.workspace.models import Publication, Round
    from scoring.workspace.results import round_ranking
    from scoring.workspace.roll import round_roll
    from scoring.workspace.rounds import find_round, require_state

    who = who or actor()
    round_ = find_round(round_code)
    require_state(round_, PUBLISHABLE, "công bố")
    ruleset, batch, ranking = round_ranking(round_)
    at = now()
    number, folder = _next_folder(ws, round_, at)
    written = write_reports(ruleset, batch, ranking, folder, proposal=propose_rewards(ruleset, ranking),
                            profile=_profile(round_, at), pdf=pdf, roll=round_roll(round_))
    manifest = _write_manifest(round_, folder)
    files = [{"name": p.name, "sha256": _sha256(p)} for p in sorted([*written, manifest])]
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        publication = Publication.objects.create(round=round_, number=number,
                                                 folder=folder.relative_to(ws.root).as_posix(),
                                                 files=files, actor=who, at=at)
        before = {"state": round_.state, "publication": round_.current_publication_id}
        round_.state, round_.current_publication = "published", publication
        round_.save(update_fields=["state", "current_publication"])
        audit(round_, who, "published", publication.folder, before=before,
              after={"state": "published", "number": number, "units": len(batch.accepted),
                     "refused": len(batch.rejected), "files": files}, at=at)
    return publication


def publications_of(round_) -> list[Any]:
    """The round's publications, the newest first."""
    return list(round_.publications.order_by("-number"))


def publication_of(round_, number: int) -> Any | None:
    """The round's publication ``number``, or None."""
    return round_.publications.filter(number=number).first()


def _profile(round_, at):
    """The round's issuing profile for the report; dated the day of publication unless it says."""
    from scoring.reports.profile import profile_from_dict
    from scoring.workspace.rounds import VN

    data = dict(round_.profile or {})
    data.setdefault("ngay", at.astimezone(VN).date().isoformat())
    return profile_from_dict(data)


def _next_folder(ws: Workspace, round_, at) -> tuple[int, Path]:
    from scoring.workspace.models import Publication
    from scoring.workspace.rounds import VN

    base = ws.publications_dir / round_.code
    last = Publication.objects.filter(round=round_).order_by("-number").values_list("number", flat=True).first()
    number = (last or 0) + 1
    day = at.astimezone(VN).strftime("%Y-%m-%d")
    taken = {p.name.split("-")[1] for p in base.glob("so-*")} if base.is_dir() else set()
    while f"{number:02d}" in taken:
        number += 1
    return number, base / f"so-{number:02d}-{day}"


def _write_manifest(round_, folder: Path) -> Path:
    """Where each counted unit's numbers come from; written under a temporary name, then renamed."""
    from scoring.workspace.models import AppraisalChange, RosterEntry
    from scoring.workspace.rounds import VN

    changes: dict[int, int] = {}
    for entry_id in AppraisalChange.objects.filter(round=round_).values_list("entry_id", flat=True):
        changes[entry_id] = changes.get(entry_id, 0) + 1
    buffer = io.StringIO()
    out = csv.writer(buffer)
    out.writerow(["Mã đơn vị", "Tên đơn vị", "Tệp đã nhận", "SHA-256", "Tệp lưu trong không gian làm việc",
                  "Thời điểm nhận", "Nộp muộn", "Số lần thẩm định thay đổi"])
    entries = (RosterEntry.objects.filter(round=round_, current__isnull=False)
               .select_related("unit", "current", "current__file").order_by("unit__code"))
    for e in entries:
        sub = e.current
        out.writerow([e.unit.code, e.name, sub.original_name, sub.file_id, sub.file.path,
                      sub.received_at.astimezone(VN).strftime("%d/%m/%Y %H:%M:%S"),
                      "Có" if sub.late else "Không", changes.get(e.id, 0)])
    path = folder / MANIFEST
    tmp = folder / f".{MANIFEST}.{os.getpid()}.tmp"
    tmp.write_text(buffer.getvalue(), encoding="utf-8-sig")
    os.replace(tmp, path)
    return path


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
