"""A round's roll: the roster's units without a counted submission, the late ones, and the
office's extensions and waivers (with their reasons).

The workspace computes it (:func:`scoring.workspace.roll.round_roll`) and hands it to
:func:`scoring.reports.write_reports`; ``dvk rank`` has no roster and hands nothing.  Every
report prints it from here: the table ``chua-nop-nop-muon`` (:mod:`scoring.reports.tables`), the
``"roster"`` object of ``ket-qua.json`` (:func:`roll_document`) and the sentences of
``bao-cao.html`` and ``bao-cao.docx`` (:func:`roll_lines`).  Times are texts already written for
people ("dd/mm/yyyy HH:MM", Vietnam time): reports compute nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scoring.reports.correction import Correction

#: Units named in a sentence before the rest are only counted (the table lists them all).
NAMED_MAX = 30
TABLE_TITLE = "Đơn vị chưa nộp, nộp muộn"
MISSING_LABEL = "Chưa nộp"
#: A unit that sent files, none of which counts (its files are in the refused files' list).
REFUSED_LABEL = "Tệp bị loại"
LATE_LABEL = "Nộp muộn"
#: A unit with an extension or a waiver of its lateness (what and why in the table's last column).
EXCUSED_LABEL = "Gia hạn, miễn muộn"
#: How the publication differs from ``dvk rank`` on the same files.
ROUND_NOTE = "Kết quả đã tính thẩm định của hội đồng và quy định về nộp muộn của đợt."
#: The same for a round without the council's appraisal: the results are the units' own scores.
ROUND_NOTE_SELF = ("Đợt không có bước thẩm định của hội đồng: kết quả là điểm tự chấm của đơn vị, đã tính "
                   "quy định về nộp muộn của đợt.")


@dataclass(frozen=True)
class RollUnit:
    """A roster unit without a counted submission: its code, name, block name, and whether it
    sent nothing (:data:`MISSING_LABEL`) or only files that were refused (:data:`REFUSED_LABEL`)."""

    code: str
    name: str
    block: str
    state: str = MISSING_LABEL


@dataclass(frozen=True)
class LateUnit:
    """A counted submission received after the deadline (both times as text)."""

    code: str
    name: str
    block: str
    received_at: str
    deadline: str


@dataclass(frozen=True)
class ExcusedUnit:
    """A unit the office gave more time or whose lateness it waived: what (``"Gia hạn đến …"``
    or ``"Miễn tính nộp muộn"``), why, and when its counted file came (text; "" when none)."""

    code: str
    name: str
    block: str
    what: str
    reason: str
    received_at: str = ""


@dataclass(frozen=True)
class RoundRoll:
    """The round's missing and late units, its deadline (text or None), how many counted
    units the council's appraisal changed (None when not known), the office's extensions
    and waivers, whether the round has the council's appraisal stage at all, and the correction this
    publication carries (:mod:`scoring.reports.correction`; None for a first publication)."""

    missing: tuple[RollUnit, ...] = ()
    late: tuple[LateUnit, ...] = ()
    deadline: str | None = None
    appraised_units: int | None = None
    excused: tuple[ExcusedUnit, ...] = ()
    has_appraisal: bool = True
    correction: Correction | None = None


def roll_document(roll: RoundRoll) -> dict[str, Any]:
    """The ``"roster"`` object of ``ket-qua.json``."""
    return {"missing": [{"code": u.code, "name": u.name, "block": u.block, "state": u.state} for u in roll.missing],
            "late": [{"code": u.code, "name": u.name, "block": u.block, "received_at": u.received_at,
                      "deadline": u.deadline} for u in roll.late],
            "excused": [{"code": u.code, "name": u.name, "block": u.block, "what": u.what, "reason": u.reason,
                         "received_at": u.received_at} for u in roll.excused]}


def roll_lines(roll: RoundRoll) -> tuple[str, str]:
    """The sentence naming the missing and late units, and the note on what the round adds."""
    excused = f" {_excused_sentence(roll)}" if roll.excused else ""
    note = ROUND_NOTE if roll.has_appraisal else ROUND_NOTE_SELF
    return f"{_missing_sentence(roll)} {_late_sentence(roll)}{excused}", note


def _missing_sentence(roll: RoundRoll) -> str:
    if not roll.missing:
        return "Chưa nộp: không có đơn vị nào."
    named = _named([f"{u.name} ({u.code}{'' if u.state == MISSING_LABEL else ', tệp bị loại'})" for u in roll.missing])
    head = "Chưa nộp" if all(u.state == MISSING_LABEL for u in roll.missing) else "Chưa nộp hoặc chỉ có tệp bị loại"
    return f"{head}: {len(roll.missing)} đơn vị ({named})."


def _late_sentence(roll: RoundRoll) -> str:
    due = f" (hạn nộp {roll.deadline})" if roll.deadline else ""
    if not roll.late:
        return f"Nộp muộn{due}: không có đơn vị nào."
    names = _named([f"{u.name} ({u.code}), nộp lúc {u.received_at}" for u in roll.late])
    return f"Nộp muộn{due}: {len(roll.late)} đơn vị ({names})."


def _excused_sentence(roll: RoundRoll) -> str:
    names = _named([f"{u.name} ({u.code}), {u.what[0].lower() + u.what[1:]}, lý do: {u.reason.rstrip('.')}"
                    for u in roll.excused])
    return f"Gia hạn, miễn tính nộp muộn: {len(roll.excused)} trường hợp ({names})."


def _named(items: list[str]) -> str:
    """The items joined; past :data:`NAMED_MAX`, the rest counted and sent to the table."""
    if len(items) <= NAMED_MAX:
        return "; ".join(items)
    rest = len(items) - NAMED_MAX
    return "; ".join(items[:NAMED_MAX]) + f"; và {rest} đơn vị khác, xem bảng “{TABLE_TITLE}”"
