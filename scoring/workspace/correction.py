"""Correcting a published round (đính chính): reopen it with a reason, change what must change,
publish again.

``dvk round dinh-chinh --ly-do …`` (:func:`reopen_round`) moves a published round to
``correction`` with the office's reason, against the publication current then.  While it is
reopened, only the steps a correction needs are allowed (:data:`scoring.workspace.stages.CORRECTION_STEPS`, each one's
``require_state`` names ``correction``): the council's changes (``round import-appraisal``, the
appraiser's page), a unit's extension or waiver (``round extend``, ``round waive``, which
re-decide lateness), and the office collecting a unit's file again (``round collect``; a unit's
own upload in the portal stays refused).  Everything else is refused with
``round-correction-forbids``, which says so.  The round leaves ``correction`` only by publishing
again (:func:`scoring.workspace.publication.publish_round`): the new publication keeps the old
one, carries the correction's number and reason, and what changed against the previous
publication, unit by unit (:func:`correction_of`, from
:func:`scoring.jobs.compare.publication_changes`, the one comparison of two rankings).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from scoring.core.findings import DvkError, Location, make
from scoring.workspace.store import Workspace, actor, audit, now

if TYPE_CHECKING:
    from scoring.reports.correction import Correction as Printed

def checked_reason(reason: str | None) -> str:
    """The correction's reason, trimmed; refused when there is none (``correction-reason-missing``)."""
    reason = (reason or "").strip()
    if not reason:
        raise DvkError([make("correction-reason-missing", Location(field="ly_do"))])
    return reason


def reopen_round(ws: Workspace, round_code: str | None, reason: str, who: str | None = None):  # -> models.Correction
    """Reopen a published round for a correction with the office's ``reason`` (required), against
    its current publication; one transaction with its audit entry."""
    from django.db import transaction

    from scoring.workspace.models import Correction, Round
    from scoring.workspace.rounds import find_round
    from scoring.workspace.stages import STATE_LABELS

    who = who or actor()
    reason = checked_reason(reason)
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=find_round(round_code).pk)
        if round_.state != "published" or round_.current_publication is None:
            raise DvkError([make("correction-not-published", Location(), round=round_.code,
                                 state=STATE_LABELS[round_.state])])
        previous = round_.current_publication
        number = Correction.objects.filter(round=round_).count() + 1
        opened = Correction.objects.create(round=round_, number=number, reason=reason, previous=previous,
                                           opened_by=who, opened_at=now())
        round_.state = "correction"
        round_.save(update_fields=["state"])
        audit(round_, who, "correction-opened", f"đính chính lần {number}",
              before={"state": "published", "publication": previous.number},
              after={"state": "correction", "number": number, "reason": reason})
    return opened


def open_correction(round_) -> Any | None:
    """The round's correction not yet published (``models.Correction``), or None."""
    return round_.corrections.filter(publication__isnull=True).select_related("previous").first()


def under_way(round_) -> str:
    """"Đang đính chính lần N: <lý do> (mở ngày …, bởi …)" while ``round_`` is being corrected, ""
    otherwise: what ``dvk round status`` and the office's round page say of it."""
    from scoring.workspace.rounds import shown_time

    opened = open_correction(round_) if round_.state == "correction" else None
    if opened is None:
        return ""
    return (f"Đang đính chính lần {opened.number}: {opened.reason} (mở ngày {shown_time(opened.opened_at)}, "
            f"bởi {opened.opened_by})")


def correction_of(ws: Workspace, round_, ranking, ruleset, year: int | None, number: int) -> Printed | None:
    """What publication ``number`` of a round being corrected prints about its correction: the
    reason, the previous publication, and the units whose place differs from it (the previous
    publication's ``ket-qua.json`` against ``ranking``); None when the round is not being corrected."""
    from scoring.jobs.compare import publication_changes, ranking_round, read_round
    from scoring.reports.correction import Correction as Printed
    from scoring.workspace.rounds import VN

    opened = open_correction(round_) if round_.state == "correction" else None
    if opened is None:
        return None
    previous = opened.previous
    folder = ws.root / previous.folder
    _check_unaltered(previous, folder)
    rows = publication_changes(read_round(folder), ranking_round(ranking, ruleset.id, ruleset.version, year))
    return Printed(opened.number, opened.reason, number, previous.number, previous.at.astimezone(VN).date(), rows)


def _check_unaltered(previous, folder) -> None:
    """The previous publication's results are as published (the SHA-256 its record keeps)."""
    from scoring.reports import JSON_NAME
    from scoring.workspace.backup import unaltered

    if unaltered(previous, folder, JSON_NAME) is None:
        path = folder / JSON_NAME
        raise DvkError([make("correction-previous-altered", Location(file=str(path)), number=previous.number,
                             path=path)])


def close_correction(round_, publication, printed: Printed) -> dict[str, Any]:
    """Record ``publication`` as the one carrying the round's open correction (in the caller's
    transaction); what the publication's audit entry says of it."""
    from scoring.reports.correction import correction_document

    opened = open_correction(round_)
    document = correction_document(printed)
    opened.publication, opened.changes = publication, document["units"]
    opened.save(update_fields=["publication", "changes"])
    return {"number": printed.number, "reason": printed.reason, "previous": printed.previous,
            "units": [row["unit_code"] for row in document["units"]]}


def carried_by(publication) -> Any | None:
    """The correction (``models.Correction``) ``publication`` carries, or None."""
    from scoring.workspace.models import Correction

    return Correction.objects.filter(publication=publication).select_related("previous").first()


def corrections_by_publication(round_) -> dict[int, Any]:
    """Publication id → the correction it carries (``models.Correction``), for the round's published corrections."""
    return {c.publication_id: c for c in round_.corrections.filter(publication__isnull=False).select_related("previous")}


def printed(correction) -> Printed:
    """A published correction (``models.Correction``) as its publication printed it (the portal
    shows it with the reports' own words: :func:`scoring.reports.correction.short_rows`)."""
    from scoring.engine.standing import Standing
    from scoring.reports.correction import Correction as Printed
    from scoring.reports.correction import CorrectionRow
    from scoring.workspace.rounds import VN

    def standing(data: dict[str, Any] | None) -> Standing | None:
        if data is None:
            return None
        return Standing(Decimal(str(data["total"])), Decimal(str(data["percent"])), data["band_label"],
                        data["rank"], data["overall_rank"])

    rows = tuple(CorrectionRow(r["unit_code"], r["name"], r["block"], tuple(r["changed"]), standing(r["before"]),
                               standing(r["after"])) for r in correction.changes)
    return Printed(correction.number, correction.reason, correction.publication.number, correction.previous.number,
                   correction.previous.at.astimezone(VN).date(), rows)
