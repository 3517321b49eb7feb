"""``dvk round status``: per block, who submitted, what was accepted, refused (why), late, missing.

Four queries whatever the roster's size: the counts per block are one aggregate query, and only
the missing units and the refused files are read row by row (10,000 units well under a second).
The ruleset is not parsed (the block names are read from its stored JSON): no engine import.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import PurePath

from scoring.workspace.store import Workspace


@dataclass
class BlockStatus:
    block_id: str
    block_name: str
    roster: int = 0
    submitted: int = 0  # roster units with at least one file received
    accepted: int = 0   # roster units with a counted submission
    rejected: int = 0   # roster units whose files were all refused
    late: int = 0       # counted submissions received after the deadline
    missing: int = 0    # roster units with nothing received


@dataclass(frozen=True)
class MissingUnit:
    code: str
    name: str
    unit_type: str
    block_name: str


@dataclass(frozen=True)
class LateSubmission:
    code: str
    name: str
    block_name: str
    received_at: dt.datetime
    due: dt.datetime | None = None  # the unit's extension, when it has one


@dataclass(frozen=True)
class RefusedFile:
    file: str
    unit_code: str
    received_at: dt.datetime
    reasons: tuple[str, ...]  # "[code] message" of each error
    messages: tuple[str, ...] = ()  # the same errors' messages alone, for a printed list
    codes: tuple[str, ...] = ()  # and their codes, in the same order
    unit_name: str = ""  # the roster's name of the unit that sent it (a signed-in unit), else ""

    @property
    def coded(self) -> tuple[tuple[str, str], ...]:
        """(code, message) of each error: the message for people, the code for machines."""
        return tuple(zip(self.codes, self.messages))

    @property
    def name(self) -> str:
        """The file's own name (what the unit called it), without the folder it was collected from."""
        return PurePath(self.file).name


@dataclass
class RoundStatus:
    code: str
    name: str
    state: str
    deadline: dt.datetime | None
    blocks: list[BlockStatus] = field(default_factory=list)
    missing: list[MissingUnit] = field(default_factory=list)
    refused: list[RefusedFile] = field(default_factory=list)
    #: The office's extensions and waivers (:class:`scoring.workspace.lateness.Allowance`).
    allowances: list = field(default_factory=list)
    #: Whether the round has the council's appraisal stage (False: closed → final).
    has_appraisal: bool = True
    #: Each unit and the fixed-date documents it owes (:class:`scoring.workspace.duestate.UnitDocuments`).
    documents: list = field(default_factory=list)
    #: The lower offices' results a criterion takes (:class:`scoring.workspace.lowerfacts.LowerStatus`), or None.
    lower: object = None
    #: The correction under way, with its reason (:func:`scoring.workspace.correction.under_way`; "" for none).
    correction: str = ""

    @property
    def total(self) -> BlockStatus:
        whole = BlockStatus("", "Tổng cộng")
        for block in self.blocks:
            for name in ("roster", "submitted", "accepted", "rejected", "late", "missing"):
                setattr(whole, name, getattr(whole, name) + getattr(block, name))
        return whole


def round_status(ws: Workspace, round_code: str | None) -> RoundStatus:
    """The round's submission status (see the module docstring)."""
    from scoring.workspace.rounds import block_names, deadline, find_round

    round_ = find_round(round_code)
    names = block_names(round_)
    status = RoundStatus(round_.code, round_.name, round_.state, deadline(round_),
                         has_appraisal=round_.has_appraisal)
    status.blocks = _block_counts(round_, names)
    status.missing = missing_units(round_, names)
    status.refused = _refused(round_)
    from scoring.workspace.lateness import allowances

    status.allowances = allowances(round_, names)
    from scoring.workspace.duestate import unit_documents

    status.documents = unit_documents(round_)
    from scoring.workspace.lowerfacts import lower_status

    status.lower = lower_status(round_)
    from scoring.workspace.correction import under_way

    status.correction = under_way(round_)
    return status


def _received():
    """True for a roster entry with at least one file received (its index on the entry)."""
    from django.db.models import Exists, OuterRef

    from scoring.workspace.models import Submission

    return Exists(Submission.objects.filter(entry=OuterRef("pk")))


def _late():
    """True for a roster entry whose counted submission is late (the stored lateness, which
    :func:`scoring.workspace.lateness.relate` keeps true to the deadline, extensions and waivers)."""
    from django.db.models import Q

    return Q(current__status="accepted", current__late=True)


def _block_counts(round_, names: dict[str, str]) -> list[BlockStatus]:
    """One aggregate query: the counts of every block, in block order."""
    from django.db.models import Count, Q

    from scoring.workspace.models import RosterEntry

    received = Q(_received())
    rows = (RosterEntry.objects.filter(round=round_).values("block").order_by("block")
            .annotate(roster=Count("id"), submitted=Count("id", filter=received),
                      accepted=Count("current"),
                      rejected=Count("id", filter=received & Q(current__isnull=True)),
                      late=Count("id", filter=_late())))
    return [BlockStatus(r["block"], _block_name(names, r["block"]), r["roster"],
                        r["submitted"], r["accepted"], r["rejected"], r["late"], r["roster"] - r["submitted"])
            for r in rows]


def missing_units(round_, names: dict[str, str], *, counted: bool = False) -> list[MissingUnit]:
    """The roster units with nothing received (``counted``: without a counted submission, so
    also those whose files were all refused), by block and code; ``names``: block id → name."""
    from django.db.models import Q

    from scoring.workspace.models import RosterEntry

    unsent = Q(current__isnull=True) if counted else ~_received()
    rows = (RosterEntry.objects.filter(unsent, round=round_)
            .order_by("block", "unit__code").values_list("unit__code", "name", "unit_type", "block"))
    return [MissingUnit(code, name, unit_type, _block_name(names, block)) for code, name, unit_type, block in rows]


def late_units(round_, names: dict[str, str]) -> list[LateSubmission]:
    """The roster units whose counted submission was late, by block and code."""
    from scoring.workspace.models import RosterEntry

    rows = (RosterEntry.objects.filter(_late(), round=round_).order_by("block", "unit__code")
            .values_list("unit__code", "name", "block", "current__received_at", "extended_until"))
    return [LateSubmission(code, name, _block_name(names, block), at, due) for code, name, block, at, due in rows]


def _block_name(names: dict[str, str], block: str) -> str:
    return names.get(block, block or "Không thuộc khối")


def _refused(round_) -> list[RefusedFile]:
    """Refused files, oldest first, except a content refused once and accepted since (a unit not
    on the roster then).  A file a signed-in unit sent through the portal is that unit's, even
    when no code can be read from it: named by the roster's code and name."""
    from scoring.workspace.models import Submission

    refused = Submission.objects.filter(round=round_, status="rejected")
    taken = set(Submission.objects.filter(round=round_, file_id__in=refused.values("file_id"))
                .exclude(status="rejected").values_list("file_id", flat=True))
    refused = list(refused.order_by("received_at", "id").values_list(
        "source_path", "unit_code", "received_at", "findings", "file_id", "channel", "received_by"))
    senders = _senders(round_, {by for *_, channel, by in refused if channel == "portal"})
    out = []
    for path, code, at, findings, sha, channel, by in refused:
        if sha in taken:
            continue
        errors = [f for f in findings if f.get("severity") == "error"]
        sender_code, name = senders.get(by, ("", "")) if channel == "portal" else ("", "")
        out.append(RefusedFile(path, code or sender_code, at, tuple(f"[{f['code']}] {f['message']}" for f in errors),
                               tuple(f["message"] for f in errors), tuple(f["code"] for f in errors), name))
    return out


def _senders(round_, usernames: set[str]) -> dict[str, tuple[str, str]]:
    """Per unit account among ``usernames``: its unit's code and the round roster's name for it."""
    from scoring.workspace.models import UnitAccount

    if not usernames:
        return {}
    accounts = UnitAccount.objects.filter(user__username__in=usernames, unit__isnull=False)
    units = dict(accounts.values_list("user__username", "unit__code"))
    names = dict(round_.roster.filter(unit__code__in=units.values()).values_list("unit__code", "name"))
    return {user: (code, names.get(code, "")) for user, code in units.items()}


def status_lines(status: RoundStatus) -> list[str]:
    """The Vietnamese summary ``dvk round status`` prints."""
    from scoring.workspace.rounds import shown_deadline
    from scoring.workspace.stages import STATE_LABELS

    due = shown_deadline(status.deadline) if status.deadline else "chưa đặt"
    stage = ("có (hội đồng thẩm định, đơn vị giải trình)" if status.has_appraisal
             else "không có (kết quả là điểm tự chấm; khóa nhận hồ sơ rồi chốt kết quả)")
    lines = [f"Đợt {status.code}: {status.name}", f"Trạng thái: {STATE_LABELS[status.state]}. Hạn nộp: {due}.",
             *([f"{status.correction}."] if status.correction else []), f"Bước thẩm định: {stage}.",
             "Khối | Danh sách | Đã nộp | Được tính | Bị loại | Nộp muộn | Chưa nộp"]
    for b in [*status.blocks, status.total]:
        lines.append(f"{b.block_name} | {b.roster} | {b.submitted} | {b.accepted} | {b.rejected} | "
                     f"{b.late} | {b.missing}")
    if status.missing:
        lines.append(f"Đơn vị chưa nộp ({len(status.missing)}):")
        lines += [f"  {m.code} {m.name} ({m.block_name})" for m in status.missing]
    if status.allowances:
        lines.append(f"Gia hạn, miễn tính nộp muộn ({len(status.allowances)}):")
        lines += [f"  {a.code} {a.name} ({a.block}): {a.label}. Lý do: {a.reason}" for a in status.allowances]
    from scoring.workspace.duestate import status_lines as document_lines

    lines += document_lines(status.documents)
    from scoring.workspace.lowerfacts import status_lines as lower_lines

    lines += lower_lines(status.lower)
    if status.refused:
        lines.append(f"Tệp bị loại ({len(status.refused)}):")
        for r in status.refused:
            lines.append(f"  {r.file}" + (f" (đơn vị {r.unit_code})" if r.unit_code else ""))
            lines += [f"    {reason}" for reason in r.reasons]
    return lines

