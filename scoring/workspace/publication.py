"""``dvk round publish``: lock the round and write a dated, numbered publication folder.

``cong-bo/<round>/so-NN-YYYY-MM-DD/`` holds the reports of :func:`scoring.write_reports` (handed
the round's roll too: its missing and late units, :func:`scoring.workspace.roll.round_roll`) and
``nguon-du-lieu.csv`` (each counted unit's stored file by content hash, received time, lateness and
appraisal changes): every published number traces back to a stored file or a logged change.

A publication is whole and recorded, or absent.  Its folder, source list included, is built in a
hidden temporary folder and renamed into place in one step (:func:`scoring.core.publish.publish`);
then it is recorded as the round's current publication in one transaction (if that fails the
folder is removed again), and only then loses the notice ``CHUA-GHI-NHAN.txt`` it was written
with ("not a publication yet").  So a run killed between the rename and the commit leaves a
numbered folder that says it is no publication; the next publication of the round (one at a
time, under a lock) moves such folders aside into ``.khong-ghi-nhan/`` with a warning, removes the
temporary folders of killed runs and the notice of a folder recorded just before a kill.  A
folder is never overwritten: a number already on disk is skipped.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from scoring.core.findings import Finding, Location, make
from scoring.core.oserrors import unwritable
from scoring.workspace.handoff import FILE_LIST, FILE_LIST_FORMAT
from scoring.workspace.store import Workspace, actor, audit, now

MANIFEST = "nguon-du-lieu.csv"
#: In a publication folder until it is recorded: a folder holding it is no publication.
NOTICE = "CHUA-GHI-NHAN.txt"
_NOTICE_TEXT = ("Thư mục này chưa phải là kết quả công bố: nó đang được ghi, hoặc lần công bố ghi nó đã bị "
                "dừng giữa chừng. Lần chạy dvk round publish sau sẽ chuyển nó sang thư mục .khong-ghi-nhan.\n")
#: Where numbered folders that a killed run left unrecorded are moved (inside ``cong-bo/<round>/``).
SET_ASIDE = ".khong-ghi-nhan"
#: The states from which a round may be published (again, once published; corrected, once reopened
#: for a correction: :mod:`scoring.workspace.correction`).
PUBLISHABLE = ("closed", "appraisal", "explanations", "final", "published", "correction")


def publish_round(ws: Workspace, round_code: str | None, who: str | None = None,
                  pdf: bool = False):  # -> models.Publication
    """Publish the round (from closed, appraisal, explanations, final or again when published).

    ``pdf``: also write ``bao-cao.pdf`` (LibreOffice; a failed conversion fails the publication).
    The publication returned carries ``set_aside``: the warnings of folders a killed run had left
    unrecorded, moved aside before this one was written.
    """
    from scoring.workspace.rounds import find_round, require_state

    who = who or actor()
    round_ = find_round(round_code)
    require_state(round_, PUBLISHABLE, "công bố")
    with _round_locked(ws.publications_dir / round_.code):
        set_aside = repair_publications(ws, round_)
        at = now()
        number, folder = _next_folder(ws, round_, at)
        written, units, correction = _write_folder(ws, round_, folder, number, at, pdf)
        try:
            publication = _record(ws, round_, number, folder, written, units, who, at, correction)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)  # no record, so no folder
            raise
        _drop_notice(folder)
    publication.set_aside = set_aside
    return publication


def _write_folder(ws: Workspace, round_, folder: Path, number: int, at,
                  pdf: bool) -> tuple[list[Path], tuple[int, int], Any]:
    """Write the publication folder whole (reports and source list); return its files, the
    numbers of units counted and refused, and the correction it carries (None: none)."""
    from dataclasses import replace

    from scoring.jobs.rewards import propose_rewards
    from scoring.reports import write_reports
    from scoring.workspace.correction import correction_of
    from scoring.workspace.modelbook import round_register
    from scoring.workspace.results import round_ranking
    from scoring.workspace.roll import round_roll

    ruleset, batch, ranking = round_ranking(round_)
    correction = correction_of(ws, round_, ranking, ruleset, batch.year, number)
    proposal = propose_rewards(ruleset, ranking, round_register(round_))  # individuals: the year's register
    written = write_reports(ruleset, batch, ranking, folder, proposal=proposal,
                            profile=round_profile(round_, at), pdf=pdf,
                            roll=replace(round_roll(round_), correction=correction),
                            more=lambda tmp: [_write_manifest(round_, tmp), _write_file_list(round_, tmp, number, at),
                                              _write_notice(tmp)])
    return [p for p in written if p.name != NOTICE], (len(batch.accepted), len(batch.rejected)), correction


def _write_file_list(round_, folder: Path, number: int, at) -> Path:
    """:data:`FILE_LIST`: every file written so far (the notice comes after it and goes away once
    the publication is recorded), with the round, its ruleset and the publication's number."""
    import json

    from scoring.workspace.backup import file_hashes

    ruleset = round_.ruleset
    document = {"format": FILE_LIST_FORMAT, "format_version": 1,
                "round": {"code": round_.code, "uid": str(round_.uid), "name": round_.name, "year": round_.year},
                "ruleset": {"id": ruleset.ruleset_id, "version": ruleset.version, "fingerprint": ruleset.fingerprint},
                "number": number, "published_at": at.isoformat(timespec="seconds"),
                "files": file_hashes(folder, FILE_LIST)}
    path = folder / FILE_LIST
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def _write_notice(folder: Path) -> Path:
    (folder / NOTICE).write_text(_NOTICE_TEXT, encoding="utf-8")
    return folder / NOTICE


def _drop_notice(folder: Path) -> None:
    """The folder is recorded: it is a publication now (a failure here is repaired next time)."""
    try:
        (folder / NOTICE).unlink(missing_ok=True)
    except OSError:
        pass


def _record(ws: Workspace, round_, number: int, folder: Path, written: list[Path], units: tuple[int, int],
            who: str, at, correction=None):  # -> models.Publication
    """Record the written folder as the round's current publication (closing the correction it
    carries, if any), in one transaction."""
    from django.db import transaction

    from scoring.workspace.correction import close_correction
    from scoring.workspace.models import Publication, Round

    files = [{"name": p.name, "sha256": _sha256(p)} for p in sorted(written)]
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        publication = Publication.objects.create(round=round_, number=number,
                                                 folder=folder.relative_to(ws.root).as_posix(),
                                                 files=files, actor=who, at=at)
        before = {"state": round_.state, "publication": round_.current_publication_id}
        fixed = {} if correction is None else {"correction": close_correction(round_, publication, correction)}
        round_.state, round_.current_publication = "published", publication
        round_.save(update_fields=["state", "current_publication"])
        audit(round_, who, "published", publication.folder, before=before,
              after={"state": "published", "number": number, "units": units[0],
                     "refused": units[1], **fixed, "files": files}, at=at)
    return publication


def repair_publications(ws: Workspace, round_) -> list[Finding]:
    """Move aside the numbered folders of ``round_`` that no publication records (a run killed
    between writing and recording), remove the temporary folders of killed runs and the notice
    left in a recorded one; return a warning per folder moved.  Call under the round's lock."""
    from scoring.workspace.models import Publication

    base = ws.publications_dir / round_.code
    if not base.is_dir():
        return []
    recorded = set(Publication.objects.filter(round=round_).values_list("folder", flat=True))
    warnings = []
    with unwritable(base):
        for entry in sorted(os.scandir(base), key=lambda e: e.name):
            if entry.name.startswith(".so-") and ".dvk-" in entry.name:  # a killed run's temporary folder or lock
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path)
                else:
                    os.unlink(entry.path)
            elif not (entry.name.startswith("so-") and entry.is_dir(follow_symlinks=False)):
                continue
            elif Path(entry.path).relative_to(ws.root).as_posix() in recorded:
                (Path(entry.path) / NOTICE).unlink(missing_ok=True)
            else:
                moved = _set_aside(base, entry.name)
                warnings.append(make("publication-unrecorded", Location(file=entry.path),
                                     path=entry.path, moved=moved))
    return warnings


def _set_aside(base: Path, name: str) -> Path:
    aside = base / SET_ASIDE
    aside.mkdir(exist_ok=True)
    target, n = aside / name, 1
    while target.exists():
        n += 1
        target = aside / f"{name}-{n}"
    os.rename(base / name, target)
    return target


@contextmanager
def _round_locked(base: Path) -> Iterator[None]:
    """One publication of a round at a time (a lock file in ``cong-bo/``, released if killed)."""
    from scoring.core.publish import locked

    with unwritable(base):
        base.parent.mkdir(parents=True, exist_ok=True)
    with locked(base):
        yield


def publications_of(round_) -> list[Any]:
    """The round's publications, the newest first."""
    return list(round_.publications.order_by("-number"))


def publication_of(round_, number: int) -> Any | None:
    """The round's publication ``number``, or None."""
    return round_.publications.filter(number=number).first()


def round_profile(round_, at):
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
    """Where each counted unit's numbers come from (written with the reports, in their folder)."""
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
    path.write_text(buffer.getvalue(), encoding="utf-8-sig")
    return path


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
